"""The output formats zhsum writes, each declared once (registered on import)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from pipeline.outputs.base import OutputFormat, head, register_format
from pipeline.outputs.sinks import DocumentWriter, JsonlWriter, OutputError, foreign, jsonl_records, record_of
from pipeline.read.document import Document
from pipeline.records import SummaryRecord
from pipeline.render.html import GENERATOR
from pipeline.render.markdown import MARKDOWN_MARKER, markdown_header, md_inline, record_markdown

HTML_MARKER = f'<meta name="generator" content="{GENERATOR}">'  # what render/html.py writes in <head>


# --------------------------------------------------------------------------- jsonl


def _check_jsonl(path: Path, model: str, after_crash: bool) -> None:
    """Every line a record of ``model`` (or a torn last one), and at least one: zhsum never writes
    blank lines, so a file of only blank lines is someone's placeholder, not an output."""
    if not any(True for _ in jsonl_records(path, model, after_crash=after_crash)):
        raise foreign(path, "it holds no zhsum record, only blank lines")


def _is_jsonl_output(path: Path) -> bool:
    """Its first line (up to 1 MB) is a zhsum record: a JSONL corpus also opens with ``{"id": ``."""
    with path.open("rb") as f:
        first = f.readline(1 << 20)
    SummaryRecord.from_json(json.loads(first))
    return True


register_format(
    OutputFormat(
        name="jsonl",
        description="one JSON record per line, appended as documents finish; resumes",
        suffixes=(".jsonl",),
        recognize=lambda start: (
            start.startswith('{"id": ') and start.split("\n", 1)[0].rstrip().endswith("}")
        ),
        shards=True,
        resumable=True,
        check=_check_jsonl,
        earlier=_is_jsonl_output,
        writer=lambda path, model, sources: JsonlWriter(path),
    )
)


# --------------------------------------------------------------------------- json


def _check_json(path: Path, model: str, after_crash: bool) -> None:
    try:
        data = json.loads(path.read_bytes())
    except (ValueError, RecursionError):
        raise foreign(path, "not JSON") from None
    if not isinstance(data, list):
        raise foreign(path, "not a list of zhsum records")
    if not data and path.read_bytes() != JSON_EMPTY.encode():  # `[]` is anyone's; zhsum writes JSON_EMPTY
        raise foreign(path, "an empty list zhsum did not write")
    for number, item in enumerate(data, start=1):
        record_of(json.dumps(item).encode(), path, number, model)


JSON_HEAD, JSON_FOOT = "[\n", "\n]\n"
JSON_EMPTY = JSON_HEAD + JSON_FOOT  # what zhsum writes for no records


def _json_item(record: SummaryRecord, first: bool) -> str:
    return ("" if first else ",\n") + "  " + json.dumps(record.to_json(), ensure_ascii=False)


register_format(
    OutputFormat(
        name="json",
        description="one JSON list of records, written whole at the end",
        suffixes=(".json",),
        recognize=lambda start: start.startswith('[\n  {"id": '),
        check=_check_json,
        writer=lambda path, model, sources: DocumentWriter(path, JSON_HEAD, JSON_FOOT, _json_item),
    )
)


# --------------------------------------------------------------------------- md


def _check_md(path: Path, model: str, after_crash: bool) -> None:
    first = head(path).split("\n", 1)[0]
    if not first.startswith(MARKDOWN_MARKER):
        raise foreign(path, "its first line is not zhsum's marker")
    made_by = first[len(MARKDOWN_MARKER) :].removeprefix(" · model ").removesuffix(" -->").strip()
    if made_by != md_inline(model):  # the header holds the name as Markdown (press\_v1)
        raise OutputError(
            f"--out {path} holds summaries by model '{made_by}'; pass another --out to summarize with '{model}'"
        )


register_format(
    OutputFormat(
        name="md",
        description="Markdown: each document's summary and its sections' as an outline",
        suffixes=(".md",),
        recognize=lambda start: start.startswith(MARKDOWN_MARKER),
        check=_check_md,
        writer=lambda path, model, sources: DocumentWriter(
            path, markdown_header(model), "", lambda r, first: record_markdown(r) + "\n"
        ),
    )
)


# --------------------------------------------------------------------------- html


def _check_html(path: Path, model: str, after_crash: bool) -> None:
    if HTML_MARKER not in head(path).split("</head>", 1)[0]:
        raise foreign(path, "no zhsum marker in its head")


def _html_writer(path: Path | None, model: str, sources: Mapping[str, Document]) -> DocumentWriter:
    from pipeline.render.html import render_summaries_html

    # one page needs every record (and its source, for the marks): kept until the end
    return DocumentWriter(
        path, "", "", lambda r, first: "", render=lambda rs: render_summaries_html(rs, sources)
    )


register_format(
    OutputFormat(
        name="html",
        description="one HTML page, numbers not in the source marked; kept in memory until the end",
        suffixes=(".html", ".htm"),
        recognize=lambda start: start.lstrip().startswith("<!DOCTYPE html") and HTML_MARKER in start,
        keeps_sources=True,
        check=_check_html,
        writer=_html_writer,
    )
)


# --------------------------------------------------------------------------- parquet (Ray shards)

register_format(
    OutputFormat(
        name="parquet",
        description="Parquet shards of records (--ray only; the schema follows the record dataclasses)",
        suffixes=(".parquet",),
        recognize=lambda start: start.startswith("PAR1"),
        file=False,
        shards=True,
        resumable=True,
    )
)
