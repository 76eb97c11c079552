"""The unit every reader produces: a :class:`Document` of :class:`Block` s, and reader settings."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Block:
    """One unit of source text.

    ``heading`` is an explicit level from markup (Markdown ``#`` count, HTML ``hN``); ``kind`` is a
    reader's tag for text that is not body: ``"furniture"`` (HTML nav/header/footer/aside…) or
    ``"caption"`` (``<figcaption>``); ``bold`` marks a whole line in Markdown bold (``**…**``),
    the markers removed. ``line`` is the 1-based source line or block number.
    """

    text: str
    line: int
    heading: int | None = None
    kind: str | None = None
    bold: bool = False


@dataclass
class Document:
    id: str
    source: str
    blocks: list[Block]
    title: str | None = None
    meta: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Fields:
    """Field names for record inputs (JSONL, CSV)."""

    text: str = "text"
    id: str = "id"
    title: str = "title"
