"""Word ``.docx`` files: paragraphs, table rows and page furniture as blocks, with their typography.

Read with python-docx (MIT) for the package and the styles, walking the WordprocessingML itself
(lxml) so that nothing a reader sees is skipped: text in hyperlinks, content controls, tracked
insertions, field results and text boxes is kept; deleted text, field codes and the VML fallback
copy of a text box (``mc:Fallback``, a duplicate of ``mc:Choice``) are not text.

* The body in document order: one block per paragraph (a manual line break ``w:br`` starts a new
  block, as a new line does in a text file); each row of a data table is one block, its cells
  kept and tagged with its table's number, where the table sits (a table with no row of two filled
  cells is a layout frame: its paragraphs are read as paragraphs); text-box paragraphs follow the
  paragraph that anchors them.
* Page furniture is kept and tagged with its own ``kind``: headers (``header``), footers
  (``footer``), a header/footer paragraph holding a ``PAGE``/``NUMPAGES`` field or reading like a
  page number (``page-number``), footnotes and endnotes (``footnote``/``endnote``), table-of-contents
  entries (``toc N`` styles: ``toc``) and ``Caption`` paragraphs (``caption``). Headers come before
  the body, notes and footers after it.
* Cues for the segmenter (see :class:`~pipeline.read.document.Block`): a ``Heading N``/``标题 N``
  style or an outline level gives ``heading`` directly; the first ``Title`` paragraph is the
  document's title. Bold, the East Asian font (``w:eastAsia``, or the theme's East Asian font for
  ``w:eastAsiaTheme``) and the size are resolved run by run through the run's own properties, its
  character style, the paragraph style's ``basedOn`` chain and the document defaults (the order
  Word applies them; toggle properties such as bold inside a bold style are taken as set, not
  flipped, a simplification that only matters for bold character styles inside bold paragraph
  styles). Alignment comes from the paragraph and its style chain.

Departures from Word's rendering: list numbers that Word generates (``w:numPr``) are not part of
the text (python-docx does not render them either); the paragraph's list level is given as
``list_level`` instead. Symbols from symbol fonts (``w:sym``) and images are skipped.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from pipeline.errors import InputError
from pipeline.read.document import Block, Document
from pipeline.read.layout import PAGE_NUMBER, prefix_length

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def _grid_count(el: Any) -> int:
    """The ``w:val`` of a ``w:gridSpan``/``w:gridBefore`` element as a count; 0 when the element
    is absent or its value unreadable."""
    if el is None:
        return 0
    try:
        return max(int(el.get(_VAL) or 0), 0)
    except ValueError:
        return 0


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


_P, _R, _T, _TBL, _TR, _TC = _w("p"), _w("r"), _w("t"), _w("tbl"), _w("tr"), _w("tc")
_PPR, _RPR, _TXBX = _w("pPr"), _w("rPr"), _w("txbxContent")
_VAL = _w("val")
_FALLBACK = f"{{{_MC}}}Fallback"
# Subtrees that hold no visible text of this paragraph.
_SKIP = {
    _PPR,
    _RPR,
    _w("del"),
    _w("moveFrom"),
    _w("instrText"),
    _w("delText"),
    _w("delInstrText"),
    _FALLBACK,
    _w("footnoteReference"),
    _w("endnoteReference"),
    _w("commentReference"),
}
_CONTAINERS = {_w("sdt"), _w("sdtContent"), _w("customXml"), _w("ins"), _w("moveTo"), _w("smartTag")}

_ROWS = etree.XPath("./w:tr | ./w:sdt/w:sdtContent/w:tr", namespaces={"w": _W})
_CELLS = etree.XPath("./w:tc | ./w:sdt/w:sdtContent/w:tc", namespaces={"w": _W})
_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.I)
_TOC_NAME = re.compile(r"^(?:toc|目录)\s*[1-9]$", re.I)
_FIELD_PAGE = re.compile(r"\b(?:PAGE|NUMPAGES|SECTIONPAGES)\b")
_OFF = {"0", "false", "off", "none"}
MAX_UNZIPPED = 512 * 1024 * 1024  # a .docx that inflates past this is refused (zip bomb guard)
# its XML parts (text, styles: what python-docx parses into memory, about 6 bytes per byte) past this
MAX_XML = 128 * 1024 * 1024


@dataclass(frozen=True)
class _Props:
    """Run properties that matter here; ``None`` where this level of the hierarchy says nothing."""

    bold: bool | None = None
    font: str | None = None
    size: float | None = None

    def over(self, base: _Props) -> _Props:
        return _Props(
            self.bold if self.bold is not None else base.bold,
            self.font if self.font is not None else base.font,
            self.size if self.size is not None else base.size,
        )


@dataclass
class _ParaStyle:
    heading: int | None = None
    align: str | None = None
    kind: str | None = None  # "title", "caption", "toc"
    list_level: int | None = None
    props: _Props = field(default_factory=_Props)


class _Styles:
    """``styles.xml`` resolved through ``basedOn`` chains, cached per style id."""

    def __init__(self, styles: Any, theme_fonts: dict[str, str]) -> None:
        self.theme_fonts = theme_fonts
        self.by_id: dict[str, Any] = {}
        self.default: dict[str, str] = {}
        for st in styles.iterchildren(_w("style")) if styles is not None else ():
            sid = st.get(_w("styleId"))
            if sid is None:
                continue
            self.by_id[sid] = st
            if st.get(_w("default")) in ("1", "true", "on"):
                self.default.setdefault(st.get(_w("type")) or "paragraph", sid)
        defaults = (
            styles.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{_RPR}") if styles is not None else None
        )
        self.doc_props = self.run_props(defaults)
        self._para: dict[str | None, _ParaStyle] = {}
        self._char: dict[str | None, _Props] = {}

    def chain(self, sid: str | None) -> list[Any]:
        out: list[Any] = []
        while sid is not None and sid in self.by_id and len(out) < 20:
            st = self.by_id[sid]
            if any(s is st for s in out):
                break
            out.append(st)
            based = st.find(_w("basedOn"))
            sid = based.get(_VAL) if based is not None else None
        return out

    def run_props(self, rpr: Any) -> _Props:
        if rpr is None:
            return _Props()
        bold = rpr.find(_w("b"))
        fonts = rpr.find(_w("rFonts"))
        size = rpr.find(_w("sz"))
        font = None
        if fonts is not None:
            font = fonts.get(_w("eastAsia"))
            if font is None and fonts.get(_w("eastAsiaTheme")):
                font = self.theme_fonts.get(fonts.get(_w("eastAsiaTheme"))[:5])  # "minor"/"major"
        try:
            points = int(size.get(_VAL)) / 2 if size is not None else None
        except (TypeError, ValueError):
            points = None
        return _Props(
            None if bold is None else (bold.get(_VAL) or "1").lower() not in _OFF,
            font or None,
            points,
        )

    def paragraph(self, sid: str | None) -> _ParaStyle:
        if sid is None:
            sid = self.default.get("paragraph")
        if sid in self._para:
            return self._para[sid]
        out = _ParaStyle()
        props = _Props()
        for st in self.chain(sid):
            name_el = st.find(_w("name"))
            name = (name_el.get(_VAL) or "").strip() if name_el is not None else ""
            m = _HEADING_NAME.match(name)
            if out.heading is None and m:
                out.heading = int(m.group(1))
            if out.kind is None:
                low = name.lower()
                out.kind = (
                    "title"
                    if low == "title"
                    else "caption"
                    if low in ("caption", "题注")
                    else "toc"
                    if _TOC_NAME.match(name)
                    else None
                )
            ppr = st.find(_PPR)
            level, align, list_level = _ppr_cues(ppr)
            out.heading = out.heading if out.heading is not None else level
            out.align = out.align or align
            out.list_level = out.list_level or list_level
            props = props.over(self.run_props(st.find(_RPR)))  # the nearer style wins
        out.props = props
        self._para[sid] = out
        return out

    def character(self, sid: str | None) -> _Props:
        if sid not in self._char:
            props = _Props()
            for st in self.chain(sid):
                props = props.over(self.run_props(st.find(_RPR)))
            self._char[sid] = props
        return self._char[sid]


def _ppr_cues(ppr: Any) -> tuple[int | None, str | None, int | None]:
    """Outline level (as a heading level), alignment and list level stated by a ``w:pPr``."""
    if ppr is None:
        return None, None, None
    level = None
    outline = ppr.find(_w("outlineLvl"))
    if outline is not None and (outline.get(_VAL) or "").isdigit() and int(outline.get(_VAL)) < 9:
        level = int(outline.get(_VAL)) + 1  # 9 is "body text"
    jc = ppr.find(_w("jc"))
    align = None
    if jc is not None:
        val = jc.get(_VAL)
        align = "center" if val == "center" else "right" if val in ("right", "end") else "left"
    list_level = None
    num = ppr.find(_w("numPr"))
    if num is not None:
        num_id = num.find(_w("numId"))
        ilvl = num.find(_w("ilvl"))
        if num_id is not None and num_id.get(_VAL) not in (None, "0"):
            raw = ilvl.get(_VAL) if ilvl is not None else "0"
            list_level = int(raw) + 1 if raw and raw.isdigit() else 1
    return level, align, list_level


@dataclass
class _Line:
    """Text of one line of a paragraph with the run properties of each character."""

    chars: list[str] = field(default_factory=list)
    props: list[_Props] = field(default_factory=list)

    def add(self, text: str, props: _Props) -> None:
        self.chars.extend(text)
        self.props.extend([props] * len(text))


@dataclass
class _Para:
    lines: list[_Line] = field(default_factory=lambda: [_Line()])
    nested: list[Any] = field(default_factory=list)  # w:txbxContent elements anchored here
    page_field: bool = False


def _collect(el: Any, para: _Para, styles: _Styles, base: _Props) -> None:
    """Visible text of a paragraph's content, depth first, splitting lines at breaks."""
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == _R:
            _collect_run(child, para, styles, base)
        elif tag == _TXBX:
            para.nested.append(child)
        elif tag == _w("fldSimple"):
            para.page_field = para.page_field or bool(_FIELD_PAGE.search(child.get(_w("instr")) or ""))
            _collect(child, para, styles, base)
        elif tag not in (_P, _TBL):
            _collect(child, para, styles, base)


def _collect_run(run: Any, para: _Para, styles: _Styles, base: _Props) -> None:
    rpr = run.find(_RPR)
    rstyle = rpr.find(_w("rStyle")) if rpr is not None else None
    props = styles.run_props(rpr).over(
        styles.character(rstyle.get(_VAL) if rstyle is not None else None).over(base)
    )
    for child in run:
        tag = child.tag
        if tag == _T:
            para.lines[-1].add(child.text or "", props)
        elif tag in (_w("tab"), _w("ptab")):
            para.lines[-1].add("\t", props)
        elif tag in (_w("br"), _w("cr")):
            para.lines.append(_Line())
        elif tag == _w("noBreakHyphen"):
            para.lines[-1].add("-", props)
        elif tag == _w("instrText"):
            para.page_field = para.page_field or bool(_FIELD_PAGE.search(child.text or ""))
        elif isinstance(tag, str) and tag not in _SKIP:
            _collect(child, para, styles, base)  # drawings, pictures, AlternateContent: text boxes


@dataclass(frozen=True)
class _Text:
    """A finished line: text with whitespace normalised, and the properties of each character."""

    text: str
    props: tuple[_Props, ...]


def _normalise(line: _Line) -> _Text:
    """Whitespace (U+3000, tabs, no-break spaces, runs of spaces) becomes one space; ends stripped."""
    chars: list[str] = []
    props: list[_Props] = []
    for ch, pr in zip(line.chars, line.props, strict=True):
        if ch.isspace():
            if chars and chars[-1] != " ":
                chars.append(" ")
                props.append(pr)
        else:
            chars.append(ch)
            props.append(pr)
    while chars and chars[-1] == " ":
        chars.pop()
        props.pop()
    return _Text("".join(chars), tuple(props))


def cue_fields(text: str, props: tuple[_Props, ...] | list[_Props]) -> dict[str, Any]:
    """``bold``, ``bold_prefix``, ``font``, ``font_prefix`` and ``size`` of a line."""
    if not text:
        return {}
    first = props[0]
    bold_prefix = prefix_length(text, [bool(p.bold) for p in props])
    font_prefix = prefix_length(text, [p.font == first.font for p in props]) if first.font else 0
    return {
        "bold": bold_prefix == len(text),
        "bold_prefix": bold_prefix,
        "font": first.font,
        "font_prefix": font_prefix,
        "size": first.size,
    }


class _Reader:
    def __init__(self, styles: _Styles) -> None:
        self.styles = styles
        self.blocks: list[Block] = []
        self.title: str | None = None
        self.tables = 0  # data tables numbered so far

    def add(self, text: str, **cues: Any) -> None:
        if text:
            self.blocks.append(Block(text, len(self.blocks) + 1, **cues))

    # ------------------------------------------------------------------ body content

    def content(self, parent: Any, kind: str | None) -> None:
        """Paragraphs and tables of a body, cell, text box, header, footer or note, in order."""
        for child in parent:
            if child.tag == _P:
                self.paragraph(child, kind)
            elif child.tag == _TBL:
                self.table(child, kind)
            elif child.tag in _CONTAINERS:
                self.content(child, kind)

    def paragraph(self, p: Any, kind: str | None) -> None:
        ppr = p.find(_PPR)
        pstyle = ppr.find(_w("pStyle")) if ppr is not None else None
        style = self.styles.paragraph(pstyle.get(_VAL) if pstyle is not None else None)
        level, align, list_level = _ppr_cues(ppr)
        para = _Para()
        _collect(p, para, self.styles, style.props.over(self.styles.doc_props))
        heading = level if level is not None else style.heading
        align = align or style.align
        block_kind = kind or (style.kind if style.kind in ("caption", "toc") else None)
        for raw in para.lines:
            line = _normalise(raw)
            if not line.text:
                continue
            this_kind = block_kind
            if kind in ("header", "footer") and (para.page_field or PAGE_NUMBER.match(line.text)):
                this_kind = "page-number"
            if style.kind == "title" and kind is None and self.title is None:
                self.title = line.text
            self.add(
                line.text,
                heading=heading if this_kind is None else None,
                kind=this_kind,
                align=align if align in ("center", "right") else None,
                list_level=list_level or style.list_level,
                **cue_fields(line.text, line.props),
            )
        for box in para.nested:
            self.content(box, kind)

    def table(self, tbl: Any, kind: str | None) -> None:
        """A table of data: one block per row, its cells kept (see :class:`Block`). A table with
        no row of two filled cells is a layout frame (WPS and 公文 templates box a letter or a
        form in one): its cells are read as the paragraphs they hold."""
        rows = [self.row_cells(tr) for tr in _ROWS(tbl)]
        if not any(sum(1 for c in row if c) >= 2 for row in rows):
            for tr in _ROWS(tbl):
                for tc in _CELLS(tr):
                    self.content(tc, kind)
            return
        self.tables += 1
        for cells in rows:
            text = " ".join(c for c in cells if c)
            if kind is None:
                self.add(text, table=self.tables, cells=tuple(cells))
            else:
                self.add(text, kind=kind)

    def row_cells(self, tr: Any) -> list[str]:
        """A row's cells on the table's grid: a cell merged across columns (``w:gridSpan``) is
        followed by an empty cell for each further column it covers, and the columns a row skips
        at its start (``w:gridBefore``) are empty, so that columns line up."""
        cells = [""] * _grid_count(tr.find(f"{_w('trPr')}/{_w('gridBefore')}"))
        for tc in _CELLS(tr):
            cells.append(" ".join(self.cell_text(tc)))
            cells += [""] * (_grid_count(tc.find(f"{_w('tcPr')}/{_w('gridSpan')}")) - 1)
        return cells

    def cell_text(self, parent: Any) -> Iterator[str]:
        """Every line inside a table cell (nested tables and text boxes flattened), in order."""
        for child in parent:
            if child.tag == _P:
                para = _Para()
                _collect(child, para, self.styles, _Props())
                for raw in para.lines:
                    text = _normalise(raw).text
                    if text:
                        yield text
                for box in para.nested:
                    yield from self.cell_text(box)
            elif child.tag == _TBL:
                for tc in child.iter(_TC):
                    yield from self.cell_text(tc)
            elif child.tag in _CONTAINERS:
                yield from self.cell_text(child)

    def notes(self, root: Any, tag: str, kind: str) -> None:
        for note in root.iterchildren(_w(tag)):
            if note.get(_w("type")) in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            self.content(note, kind)


def _theme_fonts(package: Any) -> dict[str, str]:
    """East Asian typefaces of the theme (``minor``/``major``), for ``w:eastAsiaTheme`` runs."""
    for part in package.iter_parts():
        if str(part.partname).startswith("/word/theme/"):
            try:
                root = etree.fromstring(part.blob)
            except etree.XMLSyntaxError:
                return {}
            out = {}
            for which in ("minor", "major"):
                font = root.find(f".//{{{_A}}}{which}Font")
                if font is None:
                    continue
                hans = font.find(f"{{{_A}}}font[@script='Hans']")
                ea = font.find(f"{{{_A}}}ea")
                face = (hans.get("typeface") if hans is not None else None) or (
                    ea.get("typeface") if ea is not None else None
                )
                if face:
                    out[which] = face
            return out
    return {}


def _check_package(data: bytes, source: str) -> None:
    """One-line errors for what is not a readable .docx, before python-docx sees it."""
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        if (
            "EncryptedPackage".encode("utf-16-le") in data[:65536]
            or b"E\x00n\x00c\x00r\x00y\x00p\x00t" in data
        ):
            raise InputError(
                source, "password-protected Word file (save a copy without the password and pass that)"
            )
        raise InputError(
            source, "old binary Word file, not .docx (open it in Word or WPS and save it as .docx)"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            inflated = sum(info.file_size for info in zf.infolist())
            xml = sum(info.file_size for info in zf.infolist() if info.filename.endswith((".xml", ".rels")))
    except (zipfile.BadZipFile, OSError):
        raise InputError(
            source, "not a Word .docx file or damaged (re-save it as .docx in Word or WPS)"
        ) from None
    if "word/document.xml" not in names:
        raise InputError(source, "not a Word .docx file (no word/document.xml; re-save it as .docx)")
    if xml > MAX_XML:
        raise InputError(
            source,
            f"its text unpacks to {xml // 2**20} MiB of XML, more than {MAX_XML // 2**20} MiB (split it)",
        )
    if inflated > MAX_UNZIPPED:
        raise InputError(
            source, f"unpacks to {inflated // 2**20} MiB, more than {MAX_UNZIPPED // 2**20} MiB (split it)"
        )


_RELATIONSHIP = re.compile(rb"<Relationship\b[^>]*?/>", re.S)
_TARGET = re.compile(rb'Target="([^"]*)"')


def without_dangling_relationships(data: bytes) -> bytes | None:
    """The package with every internal relationship whose target part is missing removed (Word and
    WPS open such files, e.g. an image relationship pointing to ``NULL``; python-docx does not);
    None when there is none to remove."""
    with zipfile.ZipFile(io.BytesIO(data)) as zin:
        names = set(zin.namelist())
        fixed: dict[str, bytes] = {}
        for name in names:
            if not name.endswith(".rels"):
                continue
            folder = posixpath.dirname(posixpath.dirname(name))  # word/_rels/x.rels -> word
            blob = zin.read(name)

            def keep(match: re.Match[bytes], folder: str = folder) -> bytes:
                rel = match.group(0)
                target = _TARGET.search(rel)
                if target is None or b'TargetMode="External"' in rel:
                    return rel
                path = target.group(1).decode("utf-8", "replace")
                full = (
                    path.lstrip("/")
                    if path.startswith("/")
                    else posixpath.normpath(posixpath.join(folder, path))
                )
                return rel if full in names else b""

            cleaned = _RELATIONSHIP.sub(keep, blob)
            if cleaned != blob:
                fixed[name] = cleaned
        if not fixed:
            return None
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                zout.writestr(info, fixed.get(info.filename, zin.read(info.filename)))
    return out.getvalue()


def _open_docx(data: bytes) -> Any:
    """python-docx's document, after removing relationships to missing parts if it needs that."""
    import docx

    try:
        return docx.Document(io.BytesIO(data))
    except KeyError:
        repaired = without_dangling_relationships(data)
        if repaired is None:
            raise
        return docx.Document(io.BytesIO(repaired))


def docx_to_document(data: bytes, source: str, doc_id: str) -> Document:
    """Read a .docx file's bytes; raises :class:`InputError` for what cannot be read."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.exceptions import PackageNotFoundError

    if not data.strip():
        raise InputError(source, "empty file (nothing to read; remove it or add text)")
    _check_package(data, source)
    try:
        document = _open_docx(data)
        styles = _Styles(document.styles.element, _theme_fonts(document.part.package))
        reader = _Reader(styles)
        furniture = {
            RT.HEADER: "header",
            RT.FOOTER: "footer",
            RT.FOOTNOTES: "footnote",
            RT.ENDNOTES: "endnote",
        }
        by_kind: dict[str, list[Any]] = {"header": [], "footer": [], "footnote": [], "endnote": []}
        for rel in document.part.rels.values():
            if not rel.is_external and rel.reltype in furniture:
                by_kind[furniture[rel.reltype]].append(rel.target_part)
        for part in sorted(by_kind["header"], key=lambda p: str(p.partname)):
            reader.content(etree.fromstring(part.blob), "header")
        reader.content(document.element.body, None)
        for kind, tag in (("footnote", "footnote"), ("endnote", "endnote")):
            for part in by_kind[kind]:
                reader.notes(etree.fromstring(part.blob), tag, kind)
        for part in sorted(by_kind["footer"], key=lambda p: str(p.partname)):
            reader.content(etree.fromstring(part.blob), "footer")
    except (PackageNotFoundError, KeyError, ValueError, etree.XMLSyntaxError, zipfile.BadZipFile) as exc:
        reason = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        raise InputError(source, f"damaged .docx ({reason}; re-save it in Word or WPS)") from None
    if not any(b.kind is None for b in reader.blocks):
        raise InputError(source, "empty document (no text in its body; remove it or add text)")
    return Document(
        doc_id,
        source,
        reader.blocks,
        title=reader.title,
        meta={"format": "docx", **_body_style(reader.blocks)},
    )


def _body_style(blocks: list[Block]) -> dict[str, object]:
    """The most common font and size of body characters (what a head's cue is compared with)."""
    fonts: Counter[str] = Counter()
    sizes: Counter[float] = Counter()
    for b in blocks:
        if b.kind is None and not b.table:
            if b.font:
                fonts[b.font] += len(b.text)
            if b.size:
                sizes[b.size] += len(b.text)
    out: dict[str, object] = {}
    if fonts:
        out["body_font"] = fonts.most_common(1)[0][0]
    if sizes:
        out["body_size"] = sizes.most_common(1)[0][0]
    return out
