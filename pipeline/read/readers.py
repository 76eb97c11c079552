"""Readers: turn files, directories and stdin into :class:`Document` objects, as a stream.

Every input becomes a list of *blocks* (one per source line for text, one per block element for
HTML, one per paragraph or table row for Word and PDF: :mod:`pipeline.read.binary`) so that the
segmenter can account for every piece of the input. Readers never guess at
structure beyond what the markup states: Markdown ``#`` lines and HTML ``<h1>``-``<h3>`` carry an
explicit heading level, HTML page furniture and ``<figcaption>`` are tagged, and everything else is
left to :mod:`pipeline.segment`.

Inputs are read one at a time, as the caller asks for them: a folder of a million files or a corpus
of a million lines is never held in memory. Problems are reported as :class:`InputError` values
(yielded, not raised, by :func:`iter_documents`) so that a batch over many inputs keeps going past a
bad one: a missing, unreadable, oversized or non-regular file (FIFO, device), an undecodable or
binary file, a page that cannot be parsed.
"""

from __future__ import annotations

import errno
import hashlib
import io
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from pipeline.errors import InputError, ZhsumError, brief
from pipeline.messages import warn_once
from pipeline.read.binary import document_format, read_document
from pipeline.read.corpus import Prefixed, corpus_ids, iter_csv, iter_jsonl, iter_parquet, parquet_ids
from pipeline.read.decode import SNIFF_BYTES, decode_bytes
from pipeline.read.document import (
    HTML_FORMATS,
    RECORD_FORMATS,
    TEXT_FORMATS,
    Document,
    Fields,
    formats_named,
    path_name,
    suffixes,
)
from pipeline.read.html import html_to_document
from pipeline.read.text import text_to_blocks
from pipeline.text import terminal_safe, without_controls

TEXT_SUFFIXES = suffixes(TEXT_FORMATS)
HTML_SUFFIXES = suffixes(HTML_FORMATS)
RECORD_SUFFIXES = suffixes(RECORD_FORMATS)
DEFAULT_MAX_DOC_BYTES = 20_000_000


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:500].lower()
    return head.startswith(("<!doctype html", "<html")) or bool(re.search(r"<(body|p|h1|div)[\s>]", head))


def read_text(text: str, source: str, doc_id: str, kind: str) -> Iterator[Document | InputError]:
    """The document of decoded text whose kind is ``txt``, ``md`` or ``html`` (control characters
    dropped, so that a stray ESC never reaches a segment or an output)."""
    text = without_controls(text)
    if kind == "html":
        try:
            yield html_to_document(text, doc_id, source)
        except (RecursionError, ValueError, LookupError, AssertionError) as exc:
            detail = brief(exc, 120)
            yield InputError(
                source, f"cannot parse this HTML ({detail}); save the page as text and pass that"
            )
        return
    blocks = text_to_blocks(text)
    if not blocks:
        yield InputError(source, "empty file (nothing to read; remove it or add text)")
    else:
        yield Document(doc_id, source, blocks, meta={"format": kind})


def _kind_for(path: Path, text: str) -> str:
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in TEXT_SUFFIXES:
        return "md" if suffix in {".md", ".markdown"} else "txt"
    return "html" if _looks_like_html(text) else "txt"


def _regular_file(path: Path) -> os.stat_result:
    """``path``'s stat when it is a regular file; :class:`InputError` otherwise (never opens a FIFO)."""
    source = path_name(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError(source, "no such file or directory (check the path)") from None
    except PermissionError:
        raise InputError(source, "permission denied (check the file's permissions)") from None
    except OSError as exc:
        raise InputError(source, f"cannot read ({exc.strerror or exc}); check the path") from None
    if not stat.S_ISREG(info.st_mode):
        what = "a FIFO" if stat.S_ISFIFO(info.st_mode) else "a device or socket"
        raise InputError(
            source,
            f"is {what}, not a regular file (pipe it to standard input and pass -, "
            "e.g. cat FILE | zhsum summarize -, or save it to a file and pass that)",
        )
    return info


def _read_limited(stream: BinaryIO, source: str, limit: int) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputError(source, f"larger than --max-doc-bytes ({limit} bytes); split it or raise the limit")
    return data


def _document(data: bytes, source: str, doc_id: str, suffix: str) -> Document:
    """A Word or PDF document; a library error the reader did not foresee is one line too."""
    try:
        return read_document(data, source, doc_id, suffix)
    except InputError:
        raise
    except (ValueError, KeyError, IndexError, TypeError, AttributeError, RecursionError, OSError) as exc:
        detail = brief(exc, 120)
        raise InputError(
            source, f"cannot read this document ({detail}); re-save it as .docx or PDF"
        ) from None


def damaged(source: str, exc: Exception) -> InputError:
    """The error record of a file a reader's library could not read: the one place that turns what
    zlib, pdfium, Arrow, lxml … raise on a damaged file into an error record, so that a bad file is
    one record and the batch goes on (in every mode: one process, workers, Ray)."""
    return InputError(
        source,
        f"cannot read it ({type(exc).__name__}: {brief(exc, 120)}); the file may be damaged: re-save or remove it",
    )


def read_file(
    path: Path,
    fields: Fields = Fields(),
    doc_id: str | None = None,
    *,
    max_doc_bytes: int = DEFAULT_MAX_DOC_BYTES,
) -> Iterator[Document | InputError]:
    """The documents of one file: one for text and HTML, one per record for JSONL, CSV and Parquet."""
    source = path_name(path)
    suffix = path.suffix.lower()
    try:
        info = _regular_file(path)
        if suffix == ".parquet":
            yield from iter_parquet(path, fields, max_doc_bytes)
            return
        if suffix in RECORD_SUFFIXES:
            with path.open("rb") as stream:
                reader = iter_jsonl if suffix == ".jsonl" else iter_csv
                yield from reader(stream, source, fields, max_doc_bytes)
            return
        if info.st_size > max_doc_bytes:
            raise InputError(
                source, f"larger than --max-doc-bytes ({max_doc_bytes} bytes); split it or raise the limit"
            )
        with path.open("rb") as stream:
            data = _read_limited(stream, source, max_doc_bytes)
        if document_format(path.suffix, data):  # .docx, PDF, refused binaries: never decoded as text
            yield _document(data, source, doc_id or source, path.suffix)
            return
        text, encoding = decode_bytes(data, source)
    except InputError as err:
        yield err
        return
    except OSError as exc:
        yield InputError(source, f"cannot read ({exc.strerror or exc}); check the file")
        return
    except Exception as exc:  # the per-document boundary (damaged())
        yield damaged(source, exc)
        return
    for item in read_text(text, source, doc_id or source, _kind_for(path, text)):
        if isinstance(item, Document):
            item.meta["encoding"] = encoding
        yield item


def read_stdin(
    fields: Fields = Fields(), stream: BinaryIO | None = None, *, max_doc_bytes: int = DEFAULT_MAX_DOC_BYTES
) -> Iterator[Document | InputError]:
    """Standard input: JSON lines (streamed) when it starts with ``{``, else one text, HTML, Word or
    PDF document, whose id is ``stdin:`` and the start of its content's SHA-256 (so a resumed run
    tells one piped document from another)."""
    stream = stream or sys.stdin.buffer
    head = stream.read(SNIFF_BYTES)
    if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{":
        yield from iter_jsonl(io.BufferedReader(Prefixed(head, stream)), "<stdin>", fields, max_doc_bytes)
        return
    try:
        data = head + _read_limited(stream, "<stdin>", max(0, max_doc_bytes - len(head)))
        doc_id = f"stdin:{hashlib.sha256(data).hexdigest()[:12]}"
        if document_format("", data):
            yield _document(data, "<stdin>", doc_id, "")
            return
        text, _ = decode_bytes(data, "<stdin>")
    except InputError as err:
        err.doc_id = "stdin"
        yield err
        return
    yield from read_text(text, "<stdin>", doc_id, "html" if _looks_like_html(text) else "txt")


def check_paths(paths: Sequence[str]) -> None:
    """Refuse ``-`` (standard input) given more than once: it can be read once."""
    if list(paths).count("-") > 1:
        raise ZhsumError("- (standard input) is given twice; it can be read once")


# --------------------------------------------------------------------------- walking


def _entries(folder: Path) -> list[tuple[Path, bool]]:
    """A folder's non-hidden entries, sorted by name, each with whether it is a folder."""
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except OSError as exc:
        _skipped(folder, exc)
        return []
    out = []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            out.append((Path(entry.path), entry.is_dir()))
        except OSError as exc:
            _skipped(Path(entry.path), exc)
    return out


def _skipped(path: Path, exc: OSError) -> None:
    """A folder walk never skips in silence: what it cannot enter or read is said once."""
    why = "its path is longer than the system allows" if exc.errno == errno.ENAMETOOLONG else exc.strerror
    warn_once(f"skipped {terminal_safe(path_name(path))}: {why or brief(exc)}")


def iter_files(root: Path, exclude: Iterable[Path] = ()) -> Iterator[Path]:
    """Every non-hidden file under ``root``, recursively, in sorted order, lazily (no recursion, so
    no depth limit); symbolic links to folders are followed once (a link loop is walked once);
    files in ``exclude`` are never yielded."""
    excluded = {os.path.realpath(p) for p in exclude}
    seen = {os.path.realpath(root)}
    stack = [iter(_entries(root))]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        path, is_dir = entry
        if is_dir:
            real = os.path.realpath(path)
            if real not in seen:
                seen.add(real)
                stack.append(iter(_entries(path)))
        elif not excluded or os.path.realpath(path) not in excluded:
            yield path


Skip = Callable[[Path], bool]


def empty_folder(raw: str | Path) -> InputError:
    """The error for an input folder without a file in it or its subfolders, naming what to put
    there (it said only "directory has no files")."""
    return InputError(
        path_name(raw),
        f"folder has no files (put the {formats_named()} files to summarize in it or its subfolders)",
    )


def inputs_in(
    folder: Path, excluded: list[Path], *, warn: bool = True, skip: Skip | None = None
) -> Iterator[Path]:
    """The files of a folder walk, without those ``skip`` says are earlier zhsum outputs (said once
    each; the batch asks the output formats, :func:`pipeline.outputs.is_earlier_output`)."""
    for file in iter_files(folder, excluded):
        if skip is not None and skip(file):
            if warn:
                warn_once(f"skipped {terminal_safe(str(file))}: a zhsum output, not an input")
            continue
        yield file


def iter_documents(
    paths: Iterable[str] | str | os.PathLike[str],
    fields: Fields = Fields(),
    *,
    max_doc_bytes: int = DEFAULT_MAX_DOC_BYTES,
    exclude: Iterable[Path] = (),
    skip: Skip | None = None,
) -> Iterator[Document | InputError]:
    """Documents from every path (file, directory, or ``-`` for stdin), in order, lazily; one
    path may be given alone (``iter_documents("releases/")``).

    A bad input yields an :class:`InputError` and reading goes on with the next one. Files in
    ``exclude`` (an output being written, say) are never read, nor files of a folder that ``skip``
    says are not inputs (earlier outputs).
    """
    paths = [os.fspath(paths)] if isinstance(paths, (str, os.PathLike)) else [os.fspath(p) for p in paths]
    check_paths(paths)
    excluded = list(exclude)
    for raw in paths:
        if raw == "-":
            yield from read_stdin(fields, max_doc_bytes=max_doc_bytes)
            continue
        path = Path(raw)
        if path.is_dir():
            empty = True
            for file in inputs_in(path, excluded, skip=skip):
                empty = False
                yield from read_file(file, fields, max_doc_bytes=max_doc_bytes)
            if empty:
                yield empty_folder(raw)
        elif os.path.lexists(path):
            if given_output(path, skip):
                yield InputError(path_name(raw), EARLIER_OUTPUT)
                continue
            yield from read_file(path, fields, max_doc_bytes=max_doc_bytes)
        else:
            yield InputError(path_name(raw), "no such file or directory (check the path)")


# A file given by name that is zhsum's own output (a folder's are passed over in silence).
EARLIER_OUTPUT = "a zhsum output (summaries), not articles: pass the articles it was made from"


def given_output(path: Path, skip: Skip | None) -> bool:
    """Whether a file given by name is one ``skip`` says is no input (an earlier zhsum output):
    it gets one error record (:data:`EARLIER_OUTPUT`), from every reader of the inputs alike."""
    return skip is not None and path.is_file() and skip(path)


def iter_ids(
    paths: Iterable[str],
    fields: Fields = Fields(),
    *,
    max_doc_bytes: int = DEFAULT_MAX_DOC_BYTES,
    exclude: Iterable[Path] = (),
    skip: Skip | None = None,
) -> Iterator[tuple[str, str, int | None]]:
    """``(id, source, line)`` of every document :func:`iter_documents` will yield for the same
    arguments, cheaply: a file's id is its path (it is not read; ``line`` None); a corpus is streamed
    for its ids only (``line``: the record's line or row). Standard input is skipped (it can be read
    once only)."""
    paths = list(paths)
    check_paths(paths)
    excluded = list(exclude)
    for raw in paths:
        if raw == "-":
            continue
        path = Path(raw)
        files = inputs_in(path, excluded, warn=False, skip=skip) if path.is_dir() else iter([path])
        for file in files:
            if file is path and given_output(file, skip):
                yield path_name(file), path_name(file), None  # one error record (EARLIER_OUTPUT)
            elif file.suffix.lower() in (".parquet", *RECORD_SUFFIXES) and file.is_file():
                ids = (
                    parquet_ids(file, fields)
                    if file.suffix.lower() == ".parquet"
                    else corpus_ids(file, fields, max_doc_bytes)
                )
                try:
                    yield from ids
                except Exception:  # damaged: reading it gives one error record (damaged())
                    yield path_name(file), path_name(file), None
            else:
                yield path_name(file), path_name(file), None
