"""Evaluation data: documents with reference summaries, and prediction files aligned to them by id."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import InputError, ZhsumError, brief
from pipeline.jsonl import BadLine, parse_lines
from pipeline.messages import warn_once
from pipeline.read.corpus import allow_cells, text_lines
from pipeline.read.readers import DEFAULT_MAX_DOC_BYTES

MAX_LINE_BYTES = 100_000_000


@dataclass(frozen=True)
class Example:
    id: str
    text: str
    references: tuple[str, ...]


# --------------------------------------------------------------------------- data


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    """Decoded lines of a data file in any encoding zhsum reads (UTF-8, GB18030, UTF-16); the
    first problem stops the read (evaluation needs every document)."""
    with path.open("rb") as stream:
        for item in text_lines(stream, str(path), MAX_LINE_BYTES):
            if isinstance(item, InputError):
                raise ZhsumError(str(item))
            yield item


def _records_jsonl(path: Path) -> list[tuple[int, dict]]:
    rows = []
    for number, line in _lines(path):
        for parsed in parse_lines([line], start=number):
            if isinstance(parsed, BadLine):
                raise ZhsumError(f"{path}:{parsed.line}: {parsed.message}")
            if not isinstance(parsed[1], dict):
                raise ZhsumError(f"{path}:{number}: expected a JSON object per line")
            rows.append((number, parsed[1]))
    return rows


def _records_csv(path: Path) -> list[tuple[int, dict]]:
    allow_cells(DEFAULT_MAX_DOC_BYTES)
    reader = csv.DictReader(line for _, line in _lines(path))
    rows = []
    try:
        for row in reader:
            if None in row:
                raise ZhsumError(
                    f"{path}:{reader.line_num}: malformed CSV (more cells than columns); fix the quoting"
                )
            rows.append((reader.line_num, row))
    except csv.Error as exc:
        raise ZhsumError(f"{path}:{reader.line_num}: malformed CSV ({exc})") from None
    return rows


def _records_dataset(path: Path) -> list[tuple[int, dict]]:
    import datasets

    try:
        ds = datasets.load_from_disk(str(path))
    except (FileNotFoundError, ValueError) as exc:
        raise ZhsumError(f"{path}: not a saved datasets dataset ({exc})") from None
    if isinstance(ds, datasets.DatasetDict):
        split = "test" if "test" in ds else next(iter(ds))
        ds = ds[split]
    return [(i + 1, dict(row)) for i, row in enumerate(ds)]


def _records_parquet(path: Path) -> list[tuple[int, dict]]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except (pa.ArrowException, OSError) as exc:
        raise ZhsumError(f"{path}: not a readable Parquet file ({brief(exc, 120)})") from None
    return [(i + 1, row) for i, row in enumerate(table.to_pylist())]


def load_examples(
    path: str, *, text_field: str = "text", summary_field: str = "summary", id_field: str = "id"
) -> list[Example]:
    """Documents with their reference summaries (a string or a list of strings), from a JSONL,
    CSV or Parquet file or a saved ``datasets`` folder."""
    p = Path(path)
    if not p.exists():
        raise ZhsumError(f"--data {path}: no such file or folder")
    if p.is_dir():
        rows = _records_dataset(p)
    elif p.suffix.lower() == ".csv":
        rows = _records_csv(p)
    elif p.suffix.lower() == ".parquet":
        rows = _records_parquet(p)
    elif p.suffix.lower() in (".jsonl", ".json", ".ndjson", ""):
        rows = _records_jsonl(p)
    else:
        raise ZhsumError(
            f"--data {path}: not a dataset (pairs of text and reference summary in .jsonl, .csv, "
            ".parquet or a saved datasets folder)"
        )
    if not rows:
        raise ZhsumError(f"--data {path}: empty (no records)")
    examples: list[Example] = []
    seen: dict[str, int] = {}
    for number, row in rows:
        for field, flag in ((text_field, "--text-field"), (summary_field, "--summary-field")):
            if field not in row:
                fields = ", ".join(map(str, row)) or "none"
                raise ZhsumError(f"{path}:{number}: no field '{field}' (fields: {fields}; set {flag})")
        refs = row[summary_field]
        refs = [refs] if isinstance(refs, str) else refs
        if not isinstance(refs, list) or not refs or not all(isinstance(r, str) for r in refs):
            raise ZhsumError(
                f"{path}:{number}: '{summary_field}' must be a string or a non-empty list of strings"
            )
        if not isinstance(row[text_field], str):
            raise ZhsumError(f"{path}:{number}: '{text_field}' must be a string")
        doc_id = str(row[id_field]) if row.get(id_field) not in (None, "") else str(number)
        if doc_id in seen:
            raise ZhsumError(
                f"{path}:{number}: duplicate id '{doc_id}' (first at line {seen[doc_id]}); ids must be unique"
            )
        seen[doc_id] = number
        examples.append(Example(doc_id, row[text_field], tuple(refs)))
    empty = sum(1 for e in examples if not any(r.strip() for r in e.references))
    if empty == len(examples):
        raise ZhsumError(
            f"--data {path}: every reference summary in '{summary_field}' is empty (set --summary-field)"
        )
    if empty:
        warn_once(
            f"warning: {empty} of {len(examples)} documents in {path} have an empty reference (they score 0)"
        )
    return examples


def load_predictions(
    spec: str, examples: list[Example], all_ids: list[str] | None = None
) -> tuple[str, list[str]]:
    """``NAME=FILE`` of ``{"id", "summary"}`` lines, aligned to the examples by id. Every example
    needs a prediction; an id outside ``all_ids`` (the whole data file, when ``--limit`` took the
    first documents) is an error."""
    if "=" not in spec:
        raise ZhsumError(f"--predictions {spec}: expected NAME=FILE")
    name, file = spec.split("=", 1)
    if not name.strip() or not file.strip():
        raise ZhsumError(f"--predictions {spec}: expected NAME=FILE with both parts")
    path = Path(file)
    if not path.exists():
        raise ZhsumError(f"--predictions {spec}: no such file {file}")
    by_id: dict[str, str] = {}
    for number, record in _records_jsonl(path):
        if "id" not in record or "summary" not in record:
            raise ZhsumError(f"{file}:{number}: each line needs 'id' and 'summary'")
        summary = record["summary"]
        if summary is None:
            summary = ""
        if not isinstance(summary, str):
            raise ZhsumError(f"{file}:{number}: 'summary' must be a string")
        key = str(record["id"])
        if key in by_id:
            raise ZhsumError(f"{file}:{number}: duplicate id '{key}'")
        by_id[key] = summary
    wanted = [e.id for e in examples]
    missing = [i for i in wanted if i not in by_id]
    if missing:
        shown = ", ".join(missing[:5]) + (" …" if len(missing) > 5 else "")
        raise ZhsumError(
            f"{file}: no prediction for {len(missing)} document(s) of --data: {shown} (predictions align by id)"
        )
    known = set(all_ids) if all_ids is not None else set(wanted)
    unknown = [i for i in by_id if i not in known]
    if unknown:
        shown = ", ".join(unknown[:5]) + (" …" if len(unknown) > 5 else "")
        raise ZhsumError(
            f"{file}: {len(unknown)} id(s) not in --data: {shown} (wrong data file, or ids changed?)"
        )
    return name, [by_id[i] for i in wanted]
