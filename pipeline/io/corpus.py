"""Corpora of one document per record: JSONL lines and CSV rows."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from pipeline.errors import InputError
from pipeline.io.document import Document, Fields
from pipeline.io.text import text_to_blocks


def _record_document(record: dict, fields: Fields, source: str, number: int) -> Document:
    if not isinstance(record, dict):
        raise InputError(source, "line is not a JSON object", line=number)
    text = record.get(fields.text)
    if not isinstance(text, str) or not text.strip():
        raise InputError(
            source,
            f"no text in field '{fields.text}' (set --text-field to the field holding the article)",
            line=number,
        )
    raw_id = record.get(fields.id)
    doc_id = str(raw_id) if raw_id not in (None, "") else f"{source}#{number}"
    title = record.get(fields.title)
    return Document(
        doc_id,
        source,
        text_to_blocks(text),
        title=title if isinstance(title, str) and title.strip() else None,
        meta={"format": "record", "line": number},
    )


def iter_jsonl(text: str, source: str, fields: Fields) -> Iterator[Document | InputError]:
    any_line = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        any_line = True
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(
                source,
                f"malformed JSON ({exc.msg} at column {exc.colno}); fix or remove the line",
                line=number,
            )
            continue
        try:
            yield _record_document(record, fields, source, number)
        except InputError as err:
            yield err
    if not any_line:
        yield InputError(source, "empty file (nothing to read; remove it or add records)")


def iter_csv(text: str, source: str, fields: Fields) -> Iterator[Document | InputError]:
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or fields.text not in reader.fieldnames:
        names = ", ".join(reader.fieldnames or []) or "none"
        yield InputError(source, f"no '{fields.text}' column (columns: {names}; set --text-field)", line=1)
        return
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            yield InputError(source, f"malformed CSV ({exc})", line=reader.line_num)
            continue
        if None in row:
            yield InputError(
                source, "malformed CSV (more cells than columns); fix the quoting", line=reader.line_num
            )
            continue
        try:
            yield _record_document(row, fields, source, reader.line_num)
        except InputError as err:
            yield err
