"""The output record of one document, typed, with its one JSON form.

A :class:`SummaryRecord` is what ``zhsum summarize`` writes per input document (one JSON line with
``--out FILE.jsonl``), what the Python API returns and what resume reads back::

    {"id": "releases/a.txt", "source": "releases/a.txt", "path": "/home/me/releases/a.txt", "title": "…", "model": "lead",
     "settings": "5d1f0c2a9b3e", "abstractive": false, "summary": "…", "truncated": false, "unsupported": [], "fallback": false,
     "sections": [{"headline": "一、…", "level": 1, "parent": null, "kicker": null, "subtitle": null,
                   "summary": "…", "truncated": false, "unsupported": [], "fallback": false, "tables": 0}],
     "tables": 0, "error": null}

``path`` is the input file's real path (null for standard input): what resume knows the file by,
however its path is given next time. ``sections`` is the document's outline in order: ``level`` 1
is the top, ``parent`` the index of the enclosing section (null at the top); a section with sub-sections is summarized with all of its text,
its own and its sub-sections'. ``kicker`` and ``subtitle`` are the 引题 and 副题 lines of a newspaper
headline block (null when the headline has none). A section's ``tables`` counts the tables it
holds: tables are read as tables (``zhsum segment`` shows them) and never summarized as prose, so a
section that is only a table has ``summary`` "" and ``tables`` > 0; the record's ``tables`` counts
all of the document's (a document of tables alone has ``summary`` "" and no error). ``error`` is set (and ``summary`` null,
``sections`` empty) when the document failed.

Beside every summary: ``truncated`` is true when the summary had to be cut inside a sentence to fit
``--max-chars`` (one sentence longer than the budget); ``unsupported`` lists the numbers (dates,
percentages, amounts) it states that its source does not hold (:mod:`pipeline.evidence`), empty
when clean; ``fallback`` is true when a generating model's every hypothesis had such a number and an
extractive summary stands in its place (``--faithful strict``). ``settings`` identifies the settings
that change what a record holds (a hash of :func:`pipeline.settings.fingerprint_of`): a resumed
output refuses records made with other settings, even when it was moved without its hidden settings
file. Records written before these keys existed are read with ``false``, ``[]``, ``null`` and 0.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass, field
from typing import Any

RECORD_KEYS = (
    "id",
    "source",
    "path",
    "title",
    "model",
    "settings",
    "abstractive",
    "summary",
    "truncated",
    "unsupported",
    "fallback",
    "sections",
    "tables",
    "error",
)
LATER_KEYS = (
    "truncated",
    "unsupported",
    "fallback",
    "settings",
    "tables",
    "path",
)  # absent from older records
SECTION_KEYS = (
    "headline",
    "level",
    "parent",
    "kicker",
    "subtitle",
    "summary",
    "truncated",
    "unsupported",
    "fallback",
    "tables",
)


def _marks(data: dict[str, Any], what: str) -> tuple[bool, tuple[str, ...], bool]:
    """``truncated``, ``unsupported`` and ``fallback`` of a record or section (defaults where absent)."""
    truncated, unsupported = data.get("truncated", False), data.get("unsupported", [])
    fallback = data.get("fallback", False)
    if not isinstance(truncated, bool) or not isinstance(fallback, bool):
        raise ValueError(f"{what}'s 'truncated' and 'fallback' must be true/false")
    if not isinstance(unsupported, list) or not all(isinstance(x, str) for x in unsupported):
        raise ValueError(f"{what}'s 'unsupported' must be a list of strings")
    return truncated, tuple(unsupported), fallback


def _count(value: Any, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"{what}'s 'tables' must be a count (0 or more)")
    return value


@dataclass(frozen=True)
class SectionSummary:
    """One section's headline (None for a headless section), level (1 = top), parent section index
    (None at the top), summary, the kicker/subtitle lines of its headline block, and how many
    ``tables`` it holds (read as tables, never summarized as prose: a section that is only a table
    has summary "" and ``tables`` > 0)."""

    headline: str | None
    level: int
    summary: str
    parent: int | None = None
    kicker: str | None = None
    subtitle: str | None = None
    truncated: bool = False
    unsupported: tuple[str, ...] = ()
    fallback: bool = False
    tables: int = 0

    @property
    def table_only(self) -> bool:
        """The section holds tables and nothing that was summarized."""
        return self.tables > 0 and not self.summary

    def to_json(self) -> dict[str, Any]:
        return {
            "headline": self.headline,
            "level": self.level,
            "parent": self.parent,
            "kicker": self.kicker,
            "subtitle": self.subtitle,
            "summary": self.summary,
            "truncated": self.truncated,
            "unsupported": list(self.unsupported),
            "fallback": self.fallback,
            "tables": self.tables,
        }

    @classmethod
    def from_json(cls, data: Any) -> SectionSummary:
        """A section from its JSON form (records written by zhsum 0.1, without ``parent``,
        ``kicker`` and ``subtitle``, and by 0.2.0, without ``truncated`` and ``unsupported``, are
        read too)."""
        if not isinstance(data, dict):
            raise ValueError("a section must be an object")
        headline, level, summary = data.get("headline"), data.get("level"), data.get("summary")
        if (
            not (headline is None or isinstance(headline, str))
            or not isinstance(level, int)
            or not isinstance(summary, str)
        ):
            raise ValueError(
                "a section needs 'headline' (string or null), 'level' (int) and 'summary' (string)"
            )
        parent, kicker, subtitle = data.get("parent"), data.get("kicker"), data.get("subtitle")
        if parent is not None and not isinstance(parent, int):
            raise ValueError("a section's 'parent' must be an int or null")
        if any(v is not None and not isinstance(v, str) for v in (kicker, subtitle)):
            raise ValueError("a section's 'kicker' and 'subtitle' must be strings or null")
        truncated, unsupported, fallback = _marks(data, "a section")
        tables = _count(data.get("tables", 0), "a section")
        return cls(
            headline, level, summary, parent, kicker, subtitle, truncated, unsupported, fallback, tables
        )


@dataclass(frozen=True)
class SummaryRecord:
    """The record of one input document (see the module docstring)."""

    id: str
    source: str
    model: str
    abstractive: bool
    title: str | None = None
    summary: str | None = None
    sections: tuple[SectionSummary, ...] = field(default_factory=tuple)
    error: str | None = None
    truncated: bool = False
    unsupported: tuple[str, ...] = ()
    fallback: bool = False
    settings: str | None = None  # the run's settings id (pipeline.settings.settings_id); None before 0.3
    tables: int = 0  # the document's tables, lede included (never summarized as prose)
    path: str | None = None  # the source file's real path (resume knows it however it is given next)

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def table_only(self) -> bool:
        """The document holds tables and nothing that was summarized."""
        return self.ok and self.tables > 0 and not self.summary

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "path": self.path,
            "title": self.title,
            "model": self.model,
            "settings": self.settings,
            "abstractive": self.abstractive,
            "summary": self.summary,
            "truncated": self.truncated,
            "unsupported": list(self.unsupported),
            "fallback": self.fallback,
            "sections": [s.to_json() for s in self.sections],
            "tables": self.tables,
            "error": self.error,
        }

    @classmethod
    def from_json(cls, data: Any) -> SummaryRecord:
        """The record a JSON object holds; :class:`ValueError` when it is not a zhsum record."""
        if not isinstance(data, dict) or not set(RECORD_KEYS) - set(LATER_KEYS) <= set(data) <= set(
            RECORD_KEYS
        ):
            raise ValueError("not a zhsum record (keys: " + ", ".join(RECORD_KEYS) + ")")
        if (
            not isinstance(data["id"], str)
            or not isinstance(data["source"], str)
            or not isinstance(data["model"], str)
        ):
            raise ValueError("'id', 'source' and 'model' must be strings")
        if not isinstance(data["abstractive"], bool) or not isinstance(data["sections"], list):
            raise ValueError("'abstractive' must be true/false and 'sections' a list")
        for key in ("title", "summary", "error", "settings", "path"):
            if data.get(key) is not None and not isinstance(data[key], str):
                raise ValueError(f"'{key}' must be a string or null")
        truncated, unsupported, fallback = _marks(data, "a record")
        return cls(
            id=data["id"],
            source=data["source"],
            model=data["model"],
            abstractive=data["abstractive"],
            title=data["title"],
            summary=data["summary"],
            sections=tuple(SectionSummary.from_json(s) for s in data["sections"]),
            error=data["error"],
            truncated=truncated,
            unsupported=unsupported,
            fallback=fallback,
            settings=data.get("settings"),
            tables=_count(data.get("tables", 0), "a record"),
            path=data.get("path"),
        )


def _arrow_type(annotation: Any) -> Any:
    import pyarrow as pa

    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):  # X | None: nullable X
        return _arrow_type(args[0])
    if typing.get_origin(annotation) is tuple:  # tuple[X, ...]
        return pa.list_(_arrow_type(args[0]))
    if annotation is SectionSummary:
        return _arrow_struct(SectionSummary, SECTION_KEYS)
    return {str: pa.string(), int: pa.int64(), bool: pa.bool_()}[annotation]


def _arrow_struct(cls: type, keys: tuple[str, ...]) -> Any:
    import pyarrow as pa

    hints = typing.get_type_hints(cls)
    return pa.struct([(key, _arrow_type(hints[key])) for key in keys])


def arrow_schema() -> Any:
    """The Arrow (Parquet) schema of records: a column per JSON key, in the JSON order, typed from
    the dataclasses' own annotations (nothing restated: a new field needs only its key here)."""
    import pyarrow as pa

    return pa.schema(list(_arrow_struct(SummaryRecord, RECORD_KEYS)))
