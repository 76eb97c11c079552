"""Readers: turn files, directories and stdin into :class:`Document` objects.

Every input becomes a list of *blocks* (one per source line for text, one per block element for
HTML, one per paragraph or table row for Word and PDF: :mod:`pipeline.io.binary`) so that the
segmenter can account for every piece of the input. Readers never guess at
structure beyond what the markup states: Markdown ``#`` lines and HTML ``<h1>``-``<h3>`` carry an
explicit heading level, HTML page furniture and ``<figcaption>`` are tagged, and everything else is
left to :mod:`pipeline.segment`.

Problems are reported as :class:`InputError` values (yielded, not raised, by
:func:`iter_documents`) so that a batch over many inputs keeps going past a bad one.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from pipeline.errors import InputError
from pipeline.io.binary import document_format, read_document
from pipeline.io.corpus import iter_csv, iter_jsonl
from pipeline.io.decode import _read_bytes, decode_bytes
from pipeline.io.document import Document, Fields
from pipeline.io.html import html_to_document
from pipeline.io.text import text_to_blocks

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
RECORD_SUFFIXES = {".jsonl", ".csv"}


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:500].lower()
    return head.startswith(("<!doctype html", "<html")) or bool(re.search(r"<(body|p|h1|div)[\s>]", head))


def read_text(
    text: str, source: str, doc_id: str, kind: str, fields: Fields
) -> Iterator[Document | InputError]:
    """Documents from decoded text whose kind is ``txt``, ``md``, ``html``, ``jsonl`` or ``csv``."""
    if kind == "html":
        yield html_to_document(text, doc_id, source)
    elif kind == "jsonl":
        yield from iter_jsonl(text, source, fields)
    elif kind == "csv":
        yield from iter_csv(text, source, fields)
    else:
        blocks = text_to_blocks(text)
        if not blocks:
            yield InputError(source, "empty file (nothing to read; remove it or add text)")
        else:
            yield Document(doc_id, source, blocks, meta={"format": kind})


def _kind_for(path: Path, text: str) -> str:
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in RECORD_SUFFIXES:
        return suffix[1:]
    if suffix in TEXT_SUFFIXES:
        return "md" if suffix in {".md", ".markdown"} else "txt"
    return "html" if _looks_like_html(text) else "txt"


def read_file(
    path: Path, fields: Fields = Fields(), doc_id: str | None = None
) -> Iterator[Document | InputError]:
    source = str(path)
    try:
        data = _read_bytes(path)
        if document_format(path.suffix, data):  # .docx, PDF, refused binaries: never decoded as text
            yield read_document(data, source, doc_id or source, path.suffix)
            return
        text, encoding = decode_bytes(data, source)
    except InputError as err:
        yield err
        return
    for item in read_text(text, source, doc_id or source, _kind_for(path, text), fields):
        if isinstance(item, Document):
            item.meta["encoding"] = encoding
        yield item


def read_stdin(
    fields: Fields = Fields(), stream: io.BufferedIOBase | None = None
) -> Iterator[Document | InputError]:
    data = (stream or sys.stdin.buffer).read()
    try:
        if document_format("", data):
            yield read_document(data, "<stdin>", "stdin", "")
            return
        text, _ = decode_bytes(data, "<stdin>")
    except InputError as err:
        yield err
        return
    first = text.lstrip()[:1]
    if _looks_like_html(text):
        kind = "html"
    elif first == "{":
        kind = "jsonl"
    else:
        kind = "txt"
    yield from read_text(text, "<stdin>", "stdin", kind, fields)


def iter_files(root: Path) -> list[Path]:
    """Every non-hidden file under ``root``, recursively, in sorted order."""
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )


def iter_documents(paths: Iterable[str], fields: Fields = Fields()) -> Iterator[Document | InputError]:
    """Documents from every path (file, directory, or ``-`` for stdin), in order.

    A bad input yields an :class:`InputError` and reading goes on with the next one.
    """
    for raw in paths:
        if raw == "-":
            yield from read_stdin(fields)
            continue
        path = Path(raw)
        if path.is_dir():
            files = iter_files(path)
            if not files:
                yield InputError(raw, "directory has no files")
            for file in files:
                yield from read_file(file, fields)
        elif path.exists():
            yield from read_file(path, fields)
        else:
            yield InputError(raw, "no such file or directory (check the path)")
