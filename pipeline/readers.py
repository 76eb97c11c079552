"""Readers: turn files, directories and stdin into :class:`Document` objects.

Every input becomes a list of *blocks* (one per source line for text, one per block element for
HTML) so that the segmenter can account for every piece of the input. Readers never guess at
structure beyond what the markup states: Markdown ``#`` lines and HTML ``<h1>``-``<h3>`` carry an
explicit heading level, HTML page furniture and ``<figcaption>`` are tagged, and everything else is
left to :mod:`pipeline.segment`.

Problems are reported as :class:`InputError` values (yielded, not raised, by
:func:`iter_documents`) so that a batch over many inputs keeps going past a bad one.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
RECORD_SUFFIXES = {".jsonl", ".csv"}


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


class InputError(Exception):
    """A problem with one input, worded as ``SOURCE[:LINE]: problem (what to do)``."""

    def __init__(self, source: str, message: str, line: int | None = None, doc_id: str | None = None):
        self.source = source
        self.line = line
        self.doc_id = doc_id or (f"{source}#{line}" if line else source)
        where = f"{source}:{line}" if line else source
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Fields:
    """Field names for record inputs (JSONL, CSV)."""

    text: str = "text"
    id: str = "id"
    title: str = "title"


# --------------------------------------------------------------------------- decoding


def decode_bytes(data: bytes, source: str) -> tuple[str, str]:
    """Decode text bytes, returning ``(text, encoding)``.

    Tries, in order: a BOM (UTF-8, UTF-16), UTF-8, UTF-16 without BOM (recognised by its NUL
    pattern), GB18030 (a superset of GBK and GB2312), then charset-normalizer's best guess.
    Raises :class:`InputError` for empty, binary or undecodable input.
    """
    if not data.strip():
        raise InputError(source, "empty file (nothing to read; remove it or add text)")
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                decoded = data.decode(enc)
            except UnicodeDecodeError as exc:
                raise InputError(source, f"bad {enc} bytes at offset {exc.start} (re-save the file as UTF-8)") from None
            if not _plausible_text(decoded.lstrip("\ufeff")):
                raise InputError(source, f"starts with a {enc} mark but is not text (re-save the file as UTF-8)")
            return decoded, enc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    sample = data[:4000]
    if b"\x00" in sample and len(data) % 2 == 0:
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                decoded = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if _plausible_text(decoded):
                return decoded, enc
    if b"\x00" in sample:
        raise InputError(source, "binary file, not text (pass .txt, .md, .html, .jsonl or .csv files)")
    try:
        decoded = data.decode("gb18030")
        if _plausible_text(decoded):
            return decoded, "gb18030"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.chaos < 0.2:
        return str(best), best.encoding
    raise InputError(source, "cannot decode as UTF-8, UTF-16 or GB18030 (re-save the file as UTF-8)")


_COMMON = re.compile(r"[\t\n\r\x20-\x7e\u00a0-\u00ff\u2000-\u206f\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef\ufeff]")


def _plausible_text(text: str) -> bool:
    """True when nearly every character is one Chinese or ASCII text uses: tells text from binary
    that happens to decode (UTF-16 and GB18030 accept many byte strings)."""
    sample = text[:4000]
    if not sample or "\x00" in sample:
        return False
    return len(_COMMON.findall(sample)) >= 0.9 * len(sample)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(str(path), "no such file or directory (check the path)") from None
    except IsADirectoryError:
        raise InputError(str(path), "is a directory") from None
    except PermissionError:
        raise InputError(str(path), "permission denied (check the file's permissions)") from None


# --------------------------------------------------------------------------- plain text / Markdown

_MD_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$")
_MD_BOLD_LINE = re.compile(r"^(\*\*|__)([^*_]+?)\1$")


def text_to_blocks(text: str, *, markdown: bool = True) -> list[Block]:
    """One block per non-blank line; ``# heading`` lines carry their level."""
    blocks = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip().replace("\u3000", " ").strip()
        if not line:
            continue
        match = _MD_HEADING.match(line) if markdown else None
        bold = _MD_BOLD_LINE.match(line) if markdown else None
        if match:
            blocks.append(Block(match.group(2).strip(), number, heading=len(match.group(1))))
        elif bold:
            blocks.append(Block(bold.group(2).strip(), number, bold=True))
        else:
            blocks.append(Block(line, number))
    return blocks


# --------------------------------------------------------------------------- HTML

_DROP_TAGS = {"script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "head"}
_FURNITURE_TAGS = {"nav", "header", "footer", "aside", "form", "menu", "button", "select", "dialog"}
_FURNITURE_HINT = re.compile(
    r"(^|[-_ ])(nav|navbar|menu|breadcrumb|crumb|share|social|footer|header|sidebar|comment|"
    r"related|recommend|advert|ads?|banner|copyright|toolbar|pagination|pager)([-_ ]|$)",
    re.I,
)
_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd", "table", "tr", "td",
    "th", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "figure", "figcaption", "br", "hr",
    "body", "center", "address", "caption", "tbody", "thead",
}


def html_to_document(html: str, doc_id: str, source: str) -> Document:
    """Parse HTML with BeautifulSoup (lxml): headings, paragraphs, furniture and captions as blocks.

    The title is the first ``<h1>`` (consumed from the body), else ``<title>`` with a trailing
    site name (``标题_某某网``) removed.
    """
    from bs4 import BeautifulSoup, Comment, NavigableString, Tag

    soup = BeautifulSoup(html, "lxml")
    page_title = soup.title.get_text(" ", strip=True) if soup.title else None
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()

    blocks: list[Block] = []
    buffer: list[str] = []

    def flush(heading: int | None = None, kind: str | None = None) -> None:
        text = re.sub(r"\s+", " ", "".join(buffer)).strip()
        buffer.clear()
        if text:
            blocks.append(Block(text, len(blocks) + 1, heading=heading, kind=kind))

    def is_furniture(tag: Tag) -> bool:
        if tag.name in _FURNITURE_TAGS:
            return True
        attrs = " ".join([tag.get("id") or "", *(tag.get("class") or [])])
        return bool(attrs and _FURNITURE_HINT.search(attrs))

    def walk(node: Tag, kind: str | None) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                buffer.append(str(child))
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name
            child_kind = kind
            if kind is None and is_furniture(child):
                child_kind = "furniture"
            elif kind is None and name == "figcaption":
                child_kind = "caption"
            if name in _BLOCK_TAGS or child_kind != kind:
                flush(kind=kind)
                level = int(name[1]) if name in {"h1", "h2", "h3"} else None
                if level is not None and child_kind is None:
                    buffer.append(child.get_text(" ", strip=True))
                    flush(heading=level)
                else:
                    walk(child, child_kind)
                    flush(kind=child_kind)
            else:
                walk(child, kind)

    walk(soup.body or soup, None)
    flush()

    title = None
    for i, block in enumerate(blocks):
        if block.heading == 1:
            title = block.text
            del blocks[i]
            break
    if title is None and page_title:
        parts = [p.strip() for p in re.split(r"\s*[_|｜–—-]{1,2}\s*", page_title) if p.strip()]
        title = parts[0] if parts else None  # site names trail: 标题_某某网
    return Document(doc_id, source, blocks, title=title, meta={"format": "html"})


# --------------------------------------------------------------------------- records (JSONL / CSV)


def _record_document(record: dict, fields: Fields, source: str, number: int) -> Document:
    if not isinstance(record, dict):
        raise InputError(source, "line is not a JSON object", line=number)
    text = record.get(fields.text)
    if not isinstance(text, str) or not text.strip():
        raise InputError(
            source, f"no text in field '{fields.text}' (set --text-field to the field holding the article)", line=number
        )
    raw_id = record.get(fields.id)
    doc_id = str(raw_id) if raw_id not in (None, "") else f"{source}#{number}"
    title = record.get(fields.title)
    return Document(
        doc_id, source, text_to_blocks(text), title=title if isinstance(title, str) and title.strip() else None,
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
            yield InputError(source, f"malformed JSON ({exc.msg} at column {exc.colno}); fix or remove the line", line=number)
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
            yield InputError(source, "malformed CSV (more cells than columns); fix the quoting", line=reader.line_num)
            continue
        try:
            yield _record_document(row, fields, source, reader.line_num)
        except InputError as err:
            yield err


# --------------------------------------------------------------------------- entry points


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:500].lower()
    return head.startswith(("<!doctype html", "<html")) or bool(re.search(r"<(body|p|h1|div)[\s>]", head))


def read_text(text: str, source: str, doc_id: str, kind: str, fields: Fields) -> Iterator[Document | InputError]:
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


def read_file(path: Path, fields: Fields = Fields(), doc_id: str | None = None) -> Iterator[Document | InputError]:
    source = str(path)
    try:
        text, encoding = decode_bytes(_read_bytes(path), source)
    except InputError as err:
        yield err
        return
    for item in read_text(text, source, doc_id or source, _kind_for(path, text), fields):
        if isinstance(item, Document):
            item.meta["encoding"] = encoding
        yield item


def read_stdin(fields: Fields = Fields(), stream: io.BufferedIOBase | None = None) -> Iterator[Document | InputError]:
    data = (stream or sys.stdin.buffer).read()
    try:
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
        p for p in root.rglob("*") if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)
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
