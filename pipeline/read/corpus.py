"""Corpora of one document per record: JSONL lines and CSV rows, read as a stream.

A corpus file can hold millions of records, so it is never read whole: its encoding is judged from
its first bytes (:func:`~pipeline.read.decode.sniff_encoding`), then lines are read and decoded one at
a time. A bad line (undecodable, malformed JSON or CSV, no text, longer than the record size
limit) becomes an :class:`~pipeline.errors.InputError` naming ``FILE:LINE`` and reading goes on.
A CSV quote left open that swallows the rows below it (:func:`runaway_quote`) ends the file with one
error at the line it opened: the rows after it can no longer be told apart.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from pipeline.errors import InputError, brief
from pipeline.jsonl import BadLine, parse_lines
from pipeline.read.decode import SNIFF_BYTES, plausible_text, sniff_encoding
from pipeline.read.document import Document, Fields, path_name
from pipeline.read.text import text_to_blocks
from pipeline.text import without_controls, without_surrogates


def sniff_lines_encoding(sample: bytes, source: str) -> str:
    """The encoding of a corpus judged line by line from its first bytes: the encoding that decodes
    most of its lines wins (UTF-8 on a tie), so one line in another encoding is an error for that
    line, not for the file. Only lines with non-ASCII bytes count (an ASCII header decodes in every
    encoding: it made a Big5 CSV UTF-8). BOMs, UTF-16 and the encodings neither UTF-8 nor GB18030
    read (Big5 …) are judged as :func:`~pipeline.read.decode.sniff_encoding` does."""
    if (
        b"\n" not in sample
        or sample.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"))
        or b"\x00" in sample[:4000]
    ):
        return sniff_encoding(sample, source)
    lines = [line for line in sample.split(b"\n")[:-1] if line.strip()]
    if lines and all(line.isascii() for line in lines):
        return "utf-8"
    lines = [line for line in lines if not line.isascii()]
    if len(lines) < 2:
        return sniff_encoding(sample, source)
    counts = {}
    for encoding in ("utf-8", "gb18030"):
        ok = 0
        for line in lines:
            try:
                text = line.decode(encoding)
            except UnicodeDecodeError:
                continue
            ok += encoding == "utf-8" or plausible_text(text)
        counts[encoding] = ok
    if counts["utf-8"] >= len(lines) / 2:
        return "utf-8"
    if counts["gb18030"] >= len(lines) / 2:
        return "gb18030"
    return sniff_encoding(sample, source)


def _json_kind(value: Any) -> str:
    return {list: "array", str: "string", bool: "true/false", type(None): "null"}.get(type(value), "number")


def record_document(record: Any, fields: Fields, source: str, number: int) -> Document:
    """The document a JSONL/CSV record holds; :class:`InputError` when it holds none."""
    if not isinstance(record, dict):
        raise InputError(
            source,
            f"line is a JSON {_json_kind(record)}, not an object: each line holds one record, "
            f'{{"{fields.id}": …, "{fields.text}": "…"}}',
            line=number,
        )
    text = record.get(fields.text)
    if text is not None and not isinstance(text, str):
        raise InputError(
            source,
            f"field '{fields.text}' holds {_kind(text)}, not a string (write the article's text "
            "there as a string, or set --text-field to the field holding it)",
            line=number,
            doc_id=own_id(record, fields),
        )
    if text is None or not text.strip():
        raise InputError(
            source,
            f"no text in field '{fields.text}' (set --text-field to the field holding the article)",
            line=number,
            doc_id=own_id(record, fields),
        )
    title = _title(record.get(fields.title))
    return Document(
        record_id(record, fields, source, number),
        source,
        text_to_blocks(without_controls(without_surrogates(text))),
        title=without_controls(without_surrogates(title)) if title else None,
        meta={"format": "record", "line": number},
    )


def record_id(record: Any, fields: Fields, source: str, number: int) -> str:
    """A record's id: its id field, else ``SOURCE#LINE``; on standard input, which has no name to
    tell one piped corpus from the next, ``<stdin>#LINE@HASH`` with the start of the SHA-256 of the
    record's text (so resuming an output with another corpus never skips its documents as done)."""
    own = own_id(record, fields)
    if own is not None:
        return own
    if source == "<stdin>":
        text = record.get(fields.text) if isinstance(record, dict) else None
        content = text if isinstance(text, str) else repr(record)
        return f"{source}#{number}@{hashlib.sha256(content.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"
    return f"{source}#{number}"


def _kind(value: Any) -> str:
    """What a non-string value is, in JSON's words: a text of ``123`` or ``["x"]`` is there but of
    the wrong type, and saying it is missing sent users looking for a field they had."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, bytes | bytearray):
        return "bytes"
    return f"a {type(value).__name__}"


def own_id(record: Any, fields: Fields) -> str | None:
    """A record's own id (its id field), None when it has none. A record that fails (its text
    missing or not a string) keeps it: failed records are retried on resume by id, so its error
    record must have the id its fixed version will have, not ``SOURCE#LINE``."""
    raw = record.get(fields.id) if isinstance(record, dict) else None
    return None if raw in (None, "") else without_surrogates(str(raw), escape=True)


def _title(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


# --------------------------------------------------------------------------- lines of a stream


@dataclass(frozen=True)
class LineRange:
    """Part of a line corpus read on its own (:mod:`pipeline.read.splits`): bytes ``[start, stop)``
    of the file, whose first line is line ``first_line``, in the file's ``encoding`` (judged once
    from the file's first bytes). Ranges begin after a newline byte, so they hold whole lines."""

    start: int
    stop: int
    first_line: int
    encoding: str


def text_lines(
    stream: BinaryIO, source: str, max_line_bytes: int, part: LineRange | None = None
) -> Iterator[tuple[int, str] | InputError]:
    """``(line number, text)`` for every line of ``stream`` (or of its ``part``), decoded one at a
    time; an undecodable or oversized line is an :class:`InputError` and reading goes on."""
    number = 0
    rest: BinaryIO
    if part is not None:
        stream.seek(part.start)
        encoding = part.encoding
        rest = io.BufferedReader(Window(stream, part.stop - part.start))
        number = part.first_line - 1
    else:
        sample = stream.read(SNIFF_BYTES)
        try:
            encoding = sniff_lines_encoding(sample, source)
        except InputError as err:
            yield err
            return
        rest = io.BufferedReader(Prefixed(sample, stream))
        if encoding.startswith("utf-16"):
            yield from _wide_lines(rest, encoding, source)
            return
    while True:
        raw = rest.readline(max_line_bytes + 1)
        if not raw:
            return
        number += 1
        if len(raw) > max_line_bytes and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):  # skip to the end of the oversized line
                raw = rest.readline(1 << 20)
            yield InputError(
                source, f"line longer than {max_line_bytes} bytes (--max-doc-bytes); split it", line=number
            )
            continue
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as exc:
            yield InputError(
                source, f"bad {encoding} bytes at column {exc.start + 1} (re-save as UTF-8)", line=number
            )
            continue
        yield number, text.lstrip("\ufeff") if number == 1 else text


def _wide_lines(stream: BinaryIO, encoding: str, source: str) -> Iterator[tuple[int, str] | InputError]:
    """UTF-16 lines (a newline is two bytes there, so lines are split after decoding)."""
    reader = codecs.getreader(encoding)(stream)
    number = 0
    try:
        for number, line in enumerate(reader, start=1):
            yield number, line.lstrip("\ufeff") if number == 1 else line
    except UnicodeDecodeError:
        yield InputError(
            source,
            f"bad {encoding} bytes after line {number}; the rest of the file is skipped",
            line=number + 1,
        )


class Prefixed(io.RawIOBase):
    """A raw stream that replays ``prefix`` before reading on from ``stream``."""

    def __init__(self, prefix: bytes, stream: BinaryIO) -> None:
        self.prefix = prefix
        self.stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.prefix:
            n = min(len(buffer), len(self.prefix))
            buffer[:n] = self.prefix[:n]
            self.prefix = self.prefix[n:]
            return n
        data = self.stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


class Window(io.RawIOBase):
    """A raw stream of the next ``size`` bytes of ``stream``."""

    def __init__(self, stream: BinaryIO, size: int) -> None:
        self.stream = stream
        self.left = size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.stream.read(min(len(buffer), self.left))
        self.left -= len(data)
        buffer[: len(data)] = data
        return len(data)


# --------------------------------------------------------------------------- JSONL and CSV


def iter_jsonl(
    stream: BinaryIO, source: str, fields: Fields, max_line_bytes: int, part: LineRange | None = None
) -> Iterator[Document | InputError]:
    """One document per JSON line of ``stream`` (or of its ``part``)."""
    any_line = False
    for item in text_lines(stream, source, max_line_bytes, part):
        if isinstance(item, InputError):
            yield item
            if item.line is None:  # the whole file (empty, binary, undecodable): said once
                return
            any_line = True
            continue
        number, line = item
        for parsed in parse_lines([line], start=number):
            any_line = True
            if isinstance(parsed, BadLine):
                yield InputError(source, parsed.message, line=parsed.line)
                continue
            try:
                yield record_document(parsed[1], fields, source, number)
            except InputError as err:
                yield err
    if not any_line and part is None:
        yield InputError(source, "empty file (nothing to read; remove it or add records)")


def allow_cells(max_chars: int) -> None:
    """Let the csv module read cells as long as a record may be (its default stops at 128 KB and
    calls a longer cell "malformed"); the limit is the module's, process-wide, and only raised."""
    if csv.field_size_limit() < max_chars:
        csv.field_size_limit(max_chars)


def iter_csv(
    stream: BinaryIO, source: str, fields: Fields, max_line_bytes: int
) -> Iterator[Document | InputError]:
    """One document per CSV row of ``stream`` (the first row names the columns)."""
    errors: list[InputError] = []
    pending: list[tuple[int, str]] = []  # the lines of the row being read: (line number, text)
    bad_lines: list[int | None] = []  # lines that were errors (undecodable, too long)

    def lines() -> Iterator[str]:
        for item in text_lines(stream, source, max_line_bytes):
            if isinstance(item, InputError):
                errors.append(item)
                bad_lines.append(item.line)
            else:
                pending.append(item)
                yield item[1]

    allow_cells(max_line_bytes)
    reader = csv.DictReader(lines())
    try:
        names = reader.fieldnames
    except csv.Error as exc:
        yield InputError(source, f"malformed CSV ({exc})", line=1)
        return
    if any(e.line is None for e in errors):  # the whole file (empty, binary, undecodable): said once
        yield next(e for e in errors if e.line is None)
        return
    yield from errors
    errors.clear()
    pending.clear()
    if not names or fields.text not in names:
        yield InputError(source, _no_text_column(names, fields.text), line=1)
        return
    while True:
        try:
            row = next(reader)
        except StopIteration:
            yield from errors
            if reader.line_num <= 1 and not bad_lines:  # a file of undecodable rows is not "only a header"
                yield InputError(
                    source, "no records (only a header row); add rows or remove the file", line=1
                )
            return
        except csv.Error as exc:
            yield from errors
            errors.clear()
            yield InputError(source, f"malformed CSV ({exc})", line=reader.line_num)
            continue
        yield from errors
        errors.clear()
        # one column has no delimiter to tell a swallowed row by
        opened = runaway_quote(pending, len(names)) if len(pending) > 1 and len(names) > 1 else None
        pending.clear()
        if opened is not None:  # the rows it swallowed cannot be told apart again: the rest of the file fails
            yield InputError(
                source,
                "unbalanced quote: the quoted field opened on this line runs on and swallows the rows "
                'below it (close the quote, or write a quote inside the text as "")',
                line=opened,
            )
            return
        if None in row:
            yield InputError(
                source, "malformed CSV (more cells than columns); fix the quoting", line=reader.line_num
            )
            continue
        try:
            yield record_document(row, fields, source, reader.line_num)
        except InputError as err:
            yield err


def _no_text_column(names: Any, text_field: str) -> str:
    """Why a CSV header has no text column, and what to do: a header of one cell holding ``;`` or a
    tab is a file separated by them (Excel in many locales saves ``;``), which --text-field cannot
    fix; zhsum has no delimiter option, so the fix is to save it comma-separated."""
    if names and len(names) == 1:
        for mark, what in ((";", "';'"), ("\t", "tabs")):
            if mark in names[0]:
                return f"no '{text_field}' column: the file seems separated by {what}, not commas (save it as comma-separated CSV)"
    shown = ", ".join(names or []) or "none"
    return f"no '{text_field}' column (columns: {shown}; set --text-field)"


def runaway_quote(lines: list[tuple[int, str]], columns: int) -> int | None:
    """The line where a quote opened that runs past the end of its line and swallows what look like
    whole rows (lines with the header's number of delimiters), and is then never closed or closed
    wrongly (followed by anything but a delimiter or the line's end); ``None`` when there is none.

    ``lines`` are one CSV row's physical lines, as the csv module read them (it reads a field with
    an unbalanced quote on to the next quote or the end of the file, silently). A quoted field
    whose paragraphs are separated by newlines is legitimate and is never reported: it closes
    properly, and its lines rarely hold the header's delimiters."""
    in_quote = at_start = False
    opened = 0
    rows_inside = False
    for number, line in lines:
        if in_quote and line.count(",") >= columns - 1:
            rows_inside = True
        at_start = not in_quote
        i = 0
        while i < len(line):
            char = line[i]
            if in_quote:
                if char == '"':
                    if line[i + 1 : i + 2] == '"':  # an escaped quote
                        i += 2
                        continue
                    in_quote = False
                    if rows_inside and line[i + 1 : i + 2] not in (",", "\r", "\n", ""):
                        return opened
                    rows_inside = False
            elif char == '"' and at_start:
                in_quote, opened = True, number
            else:
                at_start = char == ","
            i += 1
    return opened if in_quote and rows_inside else None


def corpus_ids(path: Path, fields: Fields, max_line_bytes: int) -> Iterator[tuple[str, str, int | None]]:
    """``(id, source, line)`` of every record of a JSONL or CSV corpus, in order (a line that will
    be an error has the id its error record will have); ``line`` names it in a duplicate-id error."""
    source = path_name(path)
    try:
        with path.open("rb") as stream:
            if path.suffix.lower() == ".jsonl":
                for item in text_lines(stream, source, max_line_bytes):
                    if isinstance(item, InputError):
                        yield item.doc_id, source, item.line
                        continue
                    for parsed in parse_lines([item[1]], start=item[0]):
                        if isinstance(parsed, BadLine):
                            yield f"{source}#{parsed.line}", source, parsed.line
                        else:
                            yield record_id(parsed[1], fields, source, parsed[0]), source, parsed[0]
            else:
                for doc in iter_csv(stream, source, fields, max_line_bytes):
                    if isinstance(doc, InputError):
                        yield doc.doc_id, source, doc.line
                    else:
                        line = doc.meta.get("line")
                        yield doc.id, source, line if isinstance(line, int) else None
    except OSError:
        yield source, source, None


# --------------------------------------------------------------------------- Parquet


def iter_parquet(
    path: Path, fields: Fields, max_doc_bytes: int, row_groups: tuple[int, ...] | None = None
) -> Iterator[Document | InputError]:
    """One document per row of a Parquet file (or of its ``row_groups``), read a row group at a
    time; rows are numbered from 1 over the whole file, like lines (``SOURCE#ROW`` ids, errors
    at ``SOURCE:ROW``)."""
    source = path_name(path)
    file = _parquet_file(path)
    if isinstance(file, InputError):
        yield file
        return
    names = file.schema_arrow.names
    if fields.text not in names:
        yield InputError(source, f"no '{fields.text}' column (columns: {', '.join(names)}; set --text-field)")
        return
    columns = [c for c in dict.fromkeys((fields.text, fields.id, fields.title)) if c in names]
    wanted = range(file.num_row_groups) if row_groups is None else row_groups
    for group in wanted:
        row = sum(file.metadata.row_group(i).num_rows for i in range(group))
        try:
            records = file.read_row_group(group, columns=columns).to_pylist()
        except Exception as exc:  # a damaged row group: one error record (id SOURCE#ROW), the others are read
            yield _damaged_group(source, group, row, exc)
            continue
        for record in records:
            row += 1
            text = record.get(fields.text)
            if isinstance(text, str) and len(text.encode("utf-8")) > max_doc_bytes:
                yield InputError(
                    source,
                    f"record larger than --max-doc-bytes ({max_doc_bytes} bytes)",
                    line=row,
                    doc_id=own_id(record, fields),
                )
                continue
            try:
                yield record_document(record, fields, source, row)
            except InputError as err:
                yield err
    if row_groups is None and not file.metadata.num_rows:
        yield InputError(source, "empty file (nothing to read; remove it or add records)")


def _parquet_file(path: Path) -> Any:
    """A ``pyarrow.parquet.ParquetFile``, or the :class:`InputError` saying why there is none."""
    source = path_name(path)
    try:
        import pyarrow.parquet as pq
    except ImportError:
        return InputError(source, "reading Parquet needs pyarrow: pip install pyarrow")
    try:
        return pq.ParquetFile(path)
    except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
        detail = brief(exc, 120)
        return InputError(source, f"not a readable Parquet file ({detail}); re-export it")


def parquet_row_groups(path: Path) -> int:
    """The number of row groups of a Parquet file (0 when it cannot be read: the reader says why)."""
    file = _parquet_file(path)
    return 0 if isinstance(file, InputError) else int(file.num_row_groups)


def _damaged_group(source: str, group: int, row: int, exc: Exception) -> InputError:
    """The error record of a row group that cannot be read: at its first row, so that each damaged
    group has an id of its own and the rest of the file is still read, in every mode."""
    return InputError(
        source,
        f"row group {group + 1} cannot be read ({type(exc).__name__}: {brief(exc, 100)}); the file may be damaged",
        line=row + 1,
    )


def parquet_ids(path: Path, fields: Fields) -> Iterator[tuple[str, str, int | None]]:
    """``(id, source, row)`` of every row, reading the id column only."""
    source = path_name(path)
    file = _parquet_file(path)
    if isinstance(file, InputError):
        yield source, source, None
        return
    if fields.text not in file.schema_arrow.names:
        yield source, source, None
        return
    has_id = fields.id in file.schema_arrow.names
    row = 0
    for group in range(file.num_row_groups):
        try:
            ids = file.read_row_group(group, columns=[fields.id]).column(0).to_pylist() if has_id else None
        except Exception as exc:  # the id its error record will have (iter_parquet)
            yield _damaged_group(source, group, row, exc).doc_id, source, row + 1
            row += file.metadata.row_group(group).num_rows
            continue
        for i in range(file.metadata.row_group(group).num_rows):
            row += 1
            raw = ids[i] if ids is not None else None
            yield (str(raw) if raw not in (None, "") else f"{source}#{row}"), source, row
    if not row:
        yield source, source, None
