"""OFD (GB/T 33190-2016, 电子文件版式文档), the fixed-layout format of Chinese official documents.

No well-kept reader under a permissive licence exists (easyofd needs PyMuPDF, AGPL; ofdparser and
pyofd are unmaintained), so this is a small one of ours. An OFD file is a ZIP package of XML:

* ``OFD.xml`` names each document's root (``DocBody/DocRoot``, e.g. ``Doc_0/Document.xml``);
* ``Document.xml`` lists the pages (``Pages/Page@BaseLoc``), the page templates
  (``CommonData/TemplatePage``), the default page size (``CommonData/PageArea/PhysicalBox``) and the
  resource files (``PublicRes``, ``DocumentRes``: fonts with ``FontName`` and ``Bold``);
* each page's ``Content.xml`` holds layers of ``TextObject``s (also inside ``PageBlock``s): a
  ``Boundary`` ("x y w h", millimetres, y down), an optional ``CTM``, a ``Font`` and ``Size``, and
  ``TextCode``s whose ``X``/``Y`` place the first character (its baseline) and whose ``DeltaX``
  ("d1 d2 …", with ``g N d`` for N repeats of d) the following ones; a page may use templates
  (``Template@TemplateID``), whose objects are drawn under or over it.

Every character is placed on the page in PDF space (points, y up) and handed to the PDF reader's
layout (:func:`pipeline.read.pdf.layout_document`): lines, running headers and page numbers set aside,
wrapped lines joined into paragraphs, size/bold/font cues. Departures: a character without a
``DeltaX`` gets the width of a full-width (CJK) or half-width character of its size (the font's own
widths are not read); ``CTM`` rotation and skew are applied to positions only (text is laid out as
if upright); images, annotations and signatures (seals) are not text and are left out. Path objects
(``PathObject``: ``AbbreviatedData`` ``M``/``S`` move, ``L`` line, ``C`` close; curves ``Q``, ``B``,
``A`` only move the pen) give their straight segments, from which the PDF reader's table finder
takes ruled tables: a table's rows and cells are kept as for PDF.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from io import BytesIO
from xml.etree import ElementTree

from pipeline.errors import InputError, brief
from pipeline.read.document import Document
from pipeline.read.layout import is_cjk
from pipeline.read.pdf import Char, find_tables, layout_document, page_from_chars

MM = 72 / 25.4  # points per millimetre
ASCENT, DESCENT = 0.88, 0.12  # of the font size, above and below the baseline
MAX_XML_BYTES = 50_000_000  # one part, inflated: a larger one is refused (a ZIP bomb or not OFD text)
NO_TEXT = "no text in this OFD (a scan or only images): run OCR on a PDF export of it, and pass that"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: ElementTree.Element, name: str) -> Iterator[ElementTree.Element]:
    for child in element:
        if _local(child.tag) == name:
            yield child


def _find(element: ElementTree.Element, *path: str) -> ElementTree.Element | None:
    found: ElementTree.Element | None = element
    for name in path:
        if found is None:
            return None
        found = next(_children(found, name), None)
    return found


def _text(element: ElementTree.Element, *path: str) -> str | None:
    """The text of the element at ``path`` under ``element`` (None when there is none). Elements
    are compared with None, never by truth: an element without children is false."""
    found = _find(element, *path)
    return found.text if found is not None else None


def _numbers(text: str | None) -> list[float]:
    return [float(x) for x in (text or "").split()]


def deltas(text: str | None) -> list[float]:
    """A ``DeltaX``/``DeltaY`` list, ``g N d`` expanded to N copies of d."""
    out: list[float] = []
    parts = (text or "").split()
    i = 0
    while i < len(parts):
        if parts[i] == "g" and i + 2 < len(parts):
            out += [float(parts[i + 2])] * int(float(parts[i + 1]))
            i += 3
        else:
            out.append(float(parts[i]))
            i += 1
    return out


@dataclass(frozen=True)
class _Font:
    name: str | None
    bold: bool


class _Package:
    """The ZIP package, its parts read by path (relative to a base, ``/`` from the root)."""

    def __init__(self, data: bytes, source: str) -> None:
        self.source = source
        try:
            self.zip = zipfile.ZipFile(BytesIO(data))
        except zipfile.BadZipFile:
            raise InputError(
                source, "not an OFD package (not a ZIP file); re-export it, or pass a PDF"
            ) from None
        self.names = {n.lstrip("/").lower(): n for n in self.zip.namelist()}

    def xml(self, path: str, base: str = "") -> ElementTree.Element | None:
        full = posixpath.normpath(path.lstrip("/") if path.startswith("/") else posixpath.join(base, path))
        name = self.names.get(full.lower())
        if name is None:
            return None
        info = self.zip.getinfo(name)
        if info.file_size > MAX_XML_BYTES:
            raise InputError(self.source, f"{name} inflates to {info.file_size} bytes; not read (too large)")
        try:
            blob = self.zip.read(name)
        except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, OSError) as exc:
            raise InputError(
                self.source, f"{name} is damaged ({brief(exc, 80)}); re-export the OFD"
            ) from None
        try:
            return ElementTree.fromstring(blob)
        except ElementTree.ParseError as exc:
            raise InputError(self.source, f"{name} is not valid XML ({exc}); re-export the OFD") from None


def _fonts(package: _Package, doc: ElementTree.Element, base: str) -> dict[str, _Font]:
    fonts: dict[str, _Font] = {}
    common = _find(doc, "CommonData")
    for kind in ("PublicRes", "DocumentRes"):
        for ref in list(_children(common, kind)) if common is not None else []:
            res_path = (ref.text or "").strip()
            res = package.xml(res_path, base) if res_path else None
            for font in res.iter() if res is not None else []:
                if _local(font.tag) == "Font" and font.get("ID"):
                    name = font.get("FontName") or font.get("FamilyName")
                    fonts[font.get("ID", "")] = _Font(name, font.get("Bold", "").lower() == "true")
    return fonts


def _objects(element: ElementTree.Element, names: tuple[str, ...]) -> Iterator[ElementTree.Element]:
    """Objects of the given kinds in drawing order, also inside layers and page blocks."""
    for child in element:
        name = _local(child.tag)
        if name in names:
            yield child
        elif name in ("Content", "Layer", "PageBlock"):
            yield from _objects(child, names)


SHAPE_SEGMENTS = 12  # a path of more segments than this, under a third of them SHAPE_STEP points or
SHAPE_STEP = 10.0  # longer, is a shape's outline (a glyph, a seal), not ruling lines (a table drawn
# as one path of thin rectangles has half its segments long)
_PEN_ARGS = {"M": 2, "S": 2, "L": 2, "Q": 4, "B": 6, "A": 7, "C": 0}  # numbers each command takes


def _placement(obj: ElementTree.Element) -> tuple[Callable[[float, float], tuple[float, float]], float]:
    """Where an object's own coordinates fall on the page (millimetres from the top left: its
    ``Boundary``'s corner plus its ``CTM``), and the CTM's scale."""
    box = _numbers(obj.get("Boundary")) + [0.0] * 4
    ctm = _numbers(obj.get("CTM"))
    a, b, c, d, e, f = ctm if len(ctm) == 6 else [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]

    def on_page(x: float, y: float) -> tuple[float, float]:
        return box[0] + a * x + c * y + e, box[1] + b * x + d * y + f

    return on_page, abs(a * d - b * c) ** 0.5 or 1.0


def _path_edges(obj: ElementTree.Element, height: float) -> list[tuple[float, float, float, float]]:
    """The straight segments of a path object, ``(x0, y0, x1, y1)`` in PDF space (points, y up)."""
    on_page, _ = _placement(obj)

    def place(x: float, y: float) -> tuple[float, float]:
        px, py = on_page(x, y)
        return px * MM, (height - py) * MM

    tokens = (_text(obj, "AbbreviatedData") or "").split()
    out: list[tuple[float, float, float, float]] = []
    start = pen = None
    i = 0
    while i < len(tokens):
        command = tokens[i]
        n = _PEN_ARGS.get(command)
        if n is None or i + n >= len(tokens):
            break  # not a path this reader knows: keep what was read
        try:
            args = [float(t) for t in tokens[i + 1 : i + 1 + n]]
        except ValueError:
            break
        i += 1 + n
        if command == "C":
            if pen is not None and start is not None and pen != start:
                out.append((*pen, *start))
            pen = start
            continue
        point = place(args[-2], args[-1])
        if command == "L" and pen is not None:
            out.append((*pen, *point))
        elif command in ("M", "S"):
            start = point
        pen = point
    if len(out) > SHAPE_SEGMENTS:
        long = sum(abs(x1 - x0) + abs(y1 - y0) >= SHAPE_STEP for x0, y0, x1, y1 in out)
        if 3 * long < len(out):
            return []  # an outline of many short steps (a glyph drawn as a path, a seal): no rules
    return out


def _chars(obj: ElementTree.Element, fonts: dict[str, _Font], height: float) -> list[Char]:
    """The characters of a text object, placed in PDF space (points, y up from the page bottom)."""
    on_page, scale = _placement(obj)
    em = float(obj.get("Size") or 3.5)  # the font size in the object's own space
    size = em * scale
    font = fonts.get(obj.get("Font") or "", _Font(None, False))
    weight = obj.get("Weight")
    bold = font.bold or (weight is not None and weight.isdigit() and int(weight) >= 600)
    out: list[Char] = []
    last_x = last_y = 0.0  # an omitted X or Y is the previous TextCode's attribute (GB/T 33190 §11.3)
    for code in _children(obj, "TextCode"):
        text = code.text or ""
        x = last_x = float(code.get("X", last_x))
        y = last_y = float(code.get("Y", last_y))
        dx, dy = deltas(code.get("DeltaX")), deltas(code.get("DeltaY"))
        # each character's advance: its DeltaX, else a full-width (CJK) or half-width character
        advance = [dx[i] if i < len(dx) else (em if is_cjk(ch) else em / 2) for i, ch in enumerate(text)]
        for i, ch in enumerate(text):
            if i:
                x += advance[i - 1]
                y += dy[i - 1] if i - 1 < len(dy) else 0.0
            if ch.isspace():
                continue
            width = advance[i] * scale
            px, base = on_page(x, y)  # base: the baseline, mm from the top
            top = height - (base - ASCENT * size)
            bottom = height - (base + DESCENT * size)
            out.append(
                Char(
                    ch,
                    px * MM,
                    (px + max(width, 0.1)) * MM,
                    bottom * MM,
                    top * MM,
                    round(size * MM, 1),
                    font.name,
                    bold,
                )
            )
    return out


def ofd_to_document(data: bytes, source: str, doc_id: str) -> Document:
    """Read an OFD file's bytes (its first document); raises :class:`InputError` for what cannot be read."""
    if not data.strip():  # as .docx and PDF say it, not "not a ZIP file"
        raise InputError(source, "empty file (nothing to read; remove it or add text)")
    package = _Package(data, source)
    root = package.xml("OFD.xml")
    body = _find(root, "DocBody") if root is not None else None
    named = (_text(body, "DocRoot") or "").strip() if body is not None else ""
    if not named:
        raise InputError(
            source, "not an OFD package (no OFD.xml naming a document); re-export it, or pass a PDF"
        )
    doc_path = posixpath.normpath(named.lstrip("/"))
    base = posixpath.dirname(doc_path)
    doc = package.xml(doc_path)
    if doc is None:
        raise InputError(source, f"the OFD's document {doc_path} is missing; re-export it, or pass a PDF")
    fonts = _fonts(package, doc, base)
    default_box = _numbers(_text(doc, "CommonData", "PageArea", "PhysicalBox"))
    common = _find(doc, "CommonData")
    listed = list(_children(common, "TemplatePage")) if common is not None else []
    templates = {t.get("ID", ""): t.get("BaseLoc", "") for t in listed}
    pages = []
    total = 0
    listing = _find(doc, "Pages")
    refs = list(_children(listing, "Page")) if listing is not None else []
    for number, ref in enumerate(refs, start=1):
        page = package.xml(ref.get("BaseLoc", ""), base)
        if page is None:
            continue
        area = _numbers(_text(page, "Area", "PhysicalBox")) or default_box
        height = area[3] if len(area) == 4 else 297.0
        objects: list[ElementTree.Element] = []
        for use in _children(page, "Template"):
            template = package.xml(templates.get(use.get("TemplateID", ""), ""), base)
            if template is not None:
                objects += list(_objects(template, ("TextObject", "PathObject")))
        objects += list(_objects(page, ("TextObject", "PathObject")))
        chars = [c for obj in objects if _local(obj.tag) == "TextObject" for c in _chars(obj, fonts, height)]
        edges = [e for obj in objects if _local(obj.tag) == "PathObject" for e in _path_edges(obj, height)]
        total += len(chars)
        pages.append(page_from_chars(number, chars, find_tables(edges) if chars else []))
    if not pages:
        raise InputError(source, "the OFD has no readable page; re-export it, or pass a PDF")
    if not total:
        raise InputError(source, NO_TEXT)
    return layout_document(pages, source, doc_id, "ofd")


def looks_like_ofd(data: bytes) -> bool:
    """A ZIP package with an ``OFD.xml`` at its root."""
    return data.startswith(b"PK\x03\x04") and bool(re.search(rb"OFD\.xml", data[:65536] + data[-65536:]))
