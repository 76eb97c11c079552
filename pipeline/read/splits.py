"""Splits: the inputs cut into pieces that can be read apart (by worker processes or Ray tasks)
and that, read one after another, give exactly what :func:`~pipeline.read.readers.iter_documents`
gives, in the same order.

A split is either a run of consecutive files (up to ``docs_per_split`` of them, each read whole by
:func:`~pipeline.read.readers.read_file`), or a range of lines of a JSONL corpus larger than that, or
one row group of a Parquet file of several, or the error of a folder with no files. A JSONL corpus is cut at newline bytes found by one pass over
its bytes (no JSON is parsed); its encoding is judged once from its first bytes, as the whole-file
reader does, and its line numbers (the ``SOURCE#LINE`` ids of records without an id) carry on from
range to range. A UTF-16 corpus (a newline is two bytes there) and CSV files (a quoted cell may
hold newlines) are read whole, as one split each. Standard input cannot be split (it is read once).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import InputError
from pipeline.read.corpus import LineRange, iter_jsonl, iter_parquet, parquet_row_groups, sniff_lines_encoding
from pipeline.read.decode import SNIFF_BYTES
from pipeline.read.document import Document, Fields, path_name
from pipeline.read.readers import (
    DEFAULT_MAX_DOC_BYTES,
    EARLIER_OUTPUT,
    Skip,
    damaged,
    empty_folder,
    given_output,
    inputs_in,
    read_file,
)

DOCS_PER_SPLIT = 64
_BLOCK = 1 << 20


@dataclass(frozen=True)
class Split:
    """One piece of the inputs: ``files`` read whole, in order; or ``lines`` (or one
    ``row_group`` of a Parquet file) of the corpus ``corpus``; or ``empty``, a folder with no files,
    or ``output``, a file given by name that is an earlier zhsum output (their error records)."""

    files: tuple[str, ...] = ()
    corpus: str | None = None
    lines: LineRange | None = None
    row_group: int | None = None
    empty: str | None = None
    output: str | None = None


def line_ranges(path: Path, lines_per_range: int) -> list[LineRange] | None:
    """``path`` cut into ranges of ``lines_per_range`` lines, or None when it is to be read whole
    (not more lines than that, UTF-16, or its encoding cannot be judged: the whole-file reader
    reports that)."""
    with path.open("rb") as stream:
        try:
            encoding = sniff_lines_encoding(stream.read(SNIFF_BYTES), str(path))
        except InputError:
            return None
        if encoding.startswith("utf-16"):
            return None
        stream.seek(0)
        starts = [0]  # byte offset of the first line of every range
        offset, lines, tail = 0, 0, b"\n"
        while block := stream.read(_BLOCK):
            at = block.find(b"\n")
            while at >= 0:
                lines += 1
                if lines % lines_per_range == 0:
                    starts.append(offset + at + 1)
                at = block.find(b"\n", at + 1)
            offset += len(block)
            tail = block[-1:]
    total = lines + (0 if tail == b"\n" else 1)  # a last line without a newline is a line too
    if starts[-1] >= offset:
        starts.pop()
    if total <= lines_per_range or len(starts) < 2:
        return None
    ends = [*starts[1:], offset]
    return [
        LineRange(start, stop, 1 + i * lines_per_range, encoding)
        for i, (start, stop) in enumerate(zip(starts, ends, strict=True))
    ]


def plan_splits(
    paths: Iterable[str],
    *,
    docs_per_split: int = DOCS_PER_SPLIT,
    exclude: Iterable[Path] = (),
    skip: Skip | None = None,
) -> Iterator[Split]:
    """The splits of ``paths`` in input order (see the module docstring); standard input (``-``)
    raises :class:`ValueError` (the caller reads it in one piece)."""
    excluded = list(exclude)
    run: list[str] = []
    for raw in paths:
        if raw == "-":
            raise ValueError("standard input cannot be split")
        path = Path(raw)
        is_dir = path.is_dir()
        files: Iterable[Path] = inputs_in(path, excluded, skip=skip) if is_dir else [path]
        empty = True
        for file in files:
            empty = False
            ranges = None
            if not is_dir and given_output(file, skip):
                if run:
                    yield Split(files=tuple(run))
                    run = []
                yield Split(output=raw)
                continue
            if file.suffix.lower() == ".parquet" and file.is_file() and parquet_row_groups(file) > 1:
                if run:
                    yield Split(files=tuple(run))
                    run = []
                yield from (Split(corpus=str(file), row_group=g) for g in range(parquet_row_groups(file)))
                continue
            if file.suffix.lower() == ".jsonl" and file.is_file():
                try:
                    ranges = line_ranges(file, docs_per_split)
                except OSError:
                    ranges = None  # the whole-file reader reports it
            if ranges is None:
                run.append(str(file) if is_dir else raw)  # a missing path is named as given
                if len(run) >= docs_per_split:
                    yield Split(files=tuple(run))
                    run = []
                continue
            if run:
                yield Split(files=tuple(run))
                run = []
            yield from (Split(corpus=str(file), lines=r) for r in ranges)
        if empty and is_dir:
            if run:
                yield Split(files=tuple(run))
                run = []
            yield Split(empty=raw)
    if run:
        yield Split(files=tuple(run))


def read_split(
    split: Split, fields: Fields = Fields(), *, max_doc_bytes: int = DEFAULT_MAX_DOC_BYTES
) -> Iterator[Document | InputError]:
    """The documents of one split, as :func:`~pipeline.read.readers.iter_documents` reads them."""
    if split.empty is not None:
        yield empty_folder(split.empty)
        return
    if split.output is not None:
        yield InputError(path_name(split.output), EARLIER_OUTPUT)
        return
    if split.corpus is not None:
        source = path_name(split.corpus)
        try:
            if split.row_group is not None:
                yield from iter_parquet(Path(split.corpus), fields, max_doc_bytes, (split.row_group,))
            elif split.lines is not None:
                with open(split.corpus, "rb") as stream:
                    yield from iter_jsonl(stream, source, fields, max_doc_bytes, split.lines)
        except OSError as exc:
            yield InputError(source, f"cannot read ({exc.strerror or exc}); check the file")
        except Exception as exc:  # the per-document boundary (damaged())
            yield damaged(source, exc)
        return
    for file in split.files:
        if os.path.lexists(file):
            yield from read_file(Path(file), fields, max_doc_bytes=max_doc_bytes)
        else:
            yield InputError(path_name(file), "no such file or directory (check the path)")


__all__ = ["DOCS_PER_SPLIT", "Split", "line_ranges", "plan_splits", "read_split"]
