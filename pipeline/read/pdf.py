"""Text PDFs: paragraphs in reading order, table rows, and page furniture set aside.

Read with pypdfium2 (Apache-2.0/BSD-3-Clause; Google's PDFium, itself BSD/Apache). The issue
named pdfplumber/pdfminer.six or pypdf; pypdfium2 is the library pdfplumber itself installs, and it
is what meets the speed target: pdfminer.six interprets content streams in Python and took about
0.1 s a page on the development PDF (a 20-page file in about 2 s); PDFium parses a page in 3-5 ms
and the whole reader takes 15-30 ms a page. The scorer (``eval/segment_score.py``) still extracts
each PDF independently with pdfplumber to count characters lost.

What the reader does, page by page, from the characters and their boxes (PDFium's own line breaks
are not used; a space, PDFium's or the file's, only counts between Latin letters and digits):

1. *Lines*: characters grouped by vertical position, then ordered left to right. Chinese is
   written without spaces, so no space is ever put next to a CJK character unless the gap is a
   field separation (1.5 em or more): justified or letter-spaced lines (``深 圳 市``) come out as
   ``深圳市``. Between Latin letters and digits a space or a gap of 0.2 em (a word space in Latin
   typesetting is about 0.25 em) separates words.
2. *Tables*: ruled grids (axis-aligned path segments forming at least two columns) are tables;
   each row (the cells whose top rule is the row's; a cell merged over rows goes with its first)
   becomes one block, each cell's lines joined as wrapped text and the cells joined by spaces,
   with its table's number and every ruled cell of the row (empty ones ``""``) as ``cells``; a
   table's rows stay together (two tables side by side are read one after the other) and a table
   broken over pages is one table when it has as many columns. A ruled frame of a single column (a
   box drawn round prose) is not a table.
3. *Page furniture*, at the top and bottom edge of each page: page numbers (``- 3 -``, GB/T 9704's
   ``— 3 —``, ``第 1 页 共 3 页``, ``3/10``; a bare number only when the numbers follow the page
   order), running headers and footers (the same edge line, digits aside, on at least half the
   pages), footnotes (small type at the page foot opening with a note mark) and note marks left
   alone on a line by a superscript (``footnote-marker``).
4. *Paragraphs*: Chinese paragraphs open with a two-character indent, so a line continues the
   previous one when that one runs to the right margin (within 1.5 em: punctuation that may not
   start a line, GB/T 15834, can leave a line a character short) and this one starts flush left at
   the same size and weight, also across a page break, and no wider gap than the page's usual line
   pitch (x1.35) parts them, unless the previous line ends a sentence and this one is a short
   numbered line that ends none (``二、立项依据``: report heads are often set flush left), or the
   line before runs to the right margin and stops inside a word (a sentence broken by an empty
   line; not a form's row, whose cells stand apart); the lines of a centred title set larger than
   the body (x1.15) are joined too, and so are a cover's title lines in display type (x1.5) next
   to a centred one in the same font (a line as wide as the column shows no margins; no line
   over 90% of the column counts as centred). The joined text has no space between Chinese
   characters and none is lost.

Cues on each block: ``size``, ``font`` (subset tag removed) and ``font_prefix``, ``bold`` and
``bold_prefix`` (a bold face by name, weight or flag, or text drawn fill-and-stroke as WPS and
Word do for bold without a bold font), ``align`` (``center``/``right`` against the page's text
column) and ``page``.

PDFium drops a glyph printed over itself (some producers fake bold by printing text twice a
fraction of a point apart): such text comes out once, as it reads, but without a bold cue.

Not handled: multi-column layouts (lines of side-by-side columns are merged), tables without
ruling lines (their rows read as lines of text), vertical writing, and text in annotations or form
fields. A PDF without a text layer (a scan) is refused with what to do.
"""

from __future__ import annotations

import ctypes
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from itertools import pairwise
from typing import Any

from pipeline.errors import InputError, brief
from pipeline.read.decode import garbled_han
from pipeline.read.document import Block, Document
from pipeline.read.layout import PAGE_NUMBER, clean_font_name, is_cjk, prefix_length
from pipeline.text import compact

NO_TEXT = "no text layer: run OCR first (e.g. ocrmypdf) and pass the result"

_BOLD_NAME = re.compile(r"bold|heavy|black|semibold|demibold|粗|,B$|-B$", re.I)
_NOTE_MARK = re.compile(r"^(?:\d{1,3}|[①-⑳]|\[\d{1,3}\]|[*†‡])$")
_NOTE_START = re.compile(r"^(?:[①-⑳]|\[\d{1,3}\]|\d{1,3}(?=\D)|[*†‡]|注\s*\d*\s*[:：])")
_DECORATED_PAGE = re.compile(r"\D")  # a page-number line with more than digits in it
_FORCE_BOLD = 1 << 18
RAGGED_REACH = 5  # a ragged page: fewer than one line in this many reaches the column of its like
MAX_FRAME_CELL = 200  # characters: a cell this long, in a grid of no two filled cells a row, is a boxed text
MAX_RULES = 5000  # more straight segments than this on a page is a drawing, not a table


# --------------------------------------------------------------------------- characters


@dataclass(slots=True)
class _Char:
    ch: str
    x0: float
    x1: float
    y0: float
    y1: float
    size: float
    font: str | None
    bold: bool
    space_before: bool = False

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


Char = _Char  # one character placed on a page: the OFD reader makes them too


class _FontCache:
    """Name and weight per font (WPS writes a text object per character, so the cache is keyed by
    the font, which objects share); size and fill-and-stroke per character."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw
        self.fonts: dict[int | None, tuple[str | None, bool]] = {}
        self.buf = ctypes.create_string_buffer(256)
        self.matrix = raw.FS_MATRIX()
        self.last_key: int | None = None
        self.last: tuple[str | None, float, bool, int] = (None, 0.0, False, 0)

    def font(self, font: Any) -> tuple[str | None, bool]:
        key = ctypes.cast(font, ctypes.c_void_p).value
        hit = self.fonts.get(key)
        if hit is None:
            raw = self.raw
            name: str | None = None
            bold = False
            if key:
                n = raw.FPDFFont_GetBaseFontName(font, self.buf, len(self.buf))
                name = clean_font_name(self.buf.value.decode("utf-8", "replace")) if n else None
                bold = raw.FPDFFont_GetWeight(font) >= 600 or bool(raw.FPDFFont_GetFlags(font) & _FORCE_BOLD)
            hit = (name, bold or bool(name and _BOLD_NAME.search(name)))
            self.fonts[key] = hit
        return hit

    def get(self, textpage: Any, index: int) -> tuple[str | None, float, bool, int]:
        """Font name, size, bold and direction (quarter turns clockwise) of one character."""
        obj = self.raw.FPDFText_GetTextObject(textpage, index)
        key = ctypes.cast(obj, ctypes.c_void_p).value
        if key and key == self.last_key:
            return self.last
        self.last_key = key
        self.last = self._get(textpage, index, obj)
        return self.last

    def _get(self, textpage: Any, index: int, obj: Any) -> tuple[str | None, float, bool, int]:
        raw = self.raw
        raw.FPDFText_GetMatrix(textpage, index, self.matrix)
        m = self.matrix
        scale = abs(m.a * m.d - m.b * m.c) ** 0.5 or 1.0
        size = round(raw.FPDFText_GetFontSize(textpage, index) * scale, 1)
        quarter = round(-math.atan2(m.b, m.a) / (math.pi / 2)) % 4
        if not obj:
            return None, size, False, quarter
        name, bold = self.font(raw.FPDFTextObj_GetFont(obj))
        stroked = raw.FPDFTextObj_GetTextRenderMode(obj) == raw.FPDF_TEXTRENDERMODE_FILL_STROKE
        return name, size, bold or stroked, quarter


def _page_chars(raw: Any, textpage: Any) -> tuple[list[_Char], int, int]:
    """Visible characters of a page (spaces and line breaks dropped: a space only marks the next
    character as following one), how many
    had no Unicode value, and the direction most of the text runs in (quarter turns, clockwise)."""
    chars: list[_Char] = []
    unmapped = 0
    turns: Counter[int] = Counter()
    fonts = _FontCache(raw)
    rect = raw.FS_RECTF()
    space = False
    for k in range(raw.FPDFText_CountChars(textpage)):
        code = raw.FPDFText_GetUnicode(textpage, k)
        if code in (0, 0xFFFE, 0xFFFF) or 0xD800 <= code <= 0xDFFF:
            unmapped += 1
            continue
        ch = chr(code)
        if ch.isspace() or ch in "\u00ad\ufeff\u200b":  # PDFium's own (generated) spaces too
            space = True
            continue
        raw.FPDFText_GetLooseCharBox(textpage, k, rect)
        name, size, bold, quarter = fonts.get(textpage, k)
        chars.append(_Char(ch, rect.left, rect.right, rect.bottom, rect.top, size, name, bold, space))
        space = False
        turns[quarter] += 1
    return chars, unmapped, turns.most_common(1)[0][0] if turns else 0


def _turn(quarter: int, x: float, y: float) -> tuple[float, float]:
    """A point turned counter-clockwise by ``quarter`` right angles: text that runs up or down the
    page (a landscape table on a portrait page, a page with /Rotate) then runs left to right."""
    if quarter == 1:
        return -y, x
    if quarter == 2:
        return -x, -y
    if quarter == 3:
        return y, -x
    return x, y


def _turn_page(
    quarter: int, chars: list[_Char], edges: list[tuple[float, float, float, float]]
) -> list[tuple[float, float, float, float]]:
    for c in chars:
        ax, ay = _turn(quarter, c.x0, c.y0)
        bx, by = _turn(quarter, c.x1, c.y1)
        c.x0, c.x1, c.y0, c.y1 = min(ax, bx), max(ax, bx), min(ay, by), max(ay, by)
    out = []
    for x0, y0, x1, y1 in edges:
        ax, ay = _turn(quarter, x0, y0)
        bx, by = _turn(quarter, x1, y1)
        out.append((ax, ay, bx, by))
    return out


# --------------------------------------------------------------------------- ruling lines, tables


def _path_edges(
    raw: Any, obj: Any, outer: tuple[float, ...], out: list[tuple[float, float, float, float]]
) -> None:
    m = raw.FS_MATRIX()
    raw.FPDFPageObj_GetMatrix(obj, m)
    a, b, c, d, e, f = _compose((m.a, m.b, m.c, m.d, m.e, m.f), outer)
    x = ctypes.c_float()
    y = ctypes.c_float()
    start = prev = None
    for s in range(raw.FPDFPath_CountSegments(obj)):
        seg = raw.FPDFPath_GetPathSegment(obj, s)
        raw.FPDFPathSegment_GetPoint(seg, x, y)
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        kind = raw.FPDFPathSegment_GetType(seg)
        if kind == raw.FPDF_SEGMENT_MOVETO:
            start = prev = point
            continue
        if prev is not None and kind == raw.FPDF_SEGMENT_LINETO:
            out.append((prev[0], prev[1], point[0], point[1]))
        prev = point
        if raw.FPDFPathSegment_GetClose(seg) and start is not None:
            out.append((point[0], point[1], start[0], start[1]))
            prev = start


def _compose(inner: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, ...]:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _page_edges(raw: Any, page: Any) -> list[tuple[float, float, float, float]]:
    """Every straight path segment on the page (forms included), as ``(x0, y0, x1, y1)``."""
    out: list[tuple[float, float, float, float]] = []

    def walk(count: int, get: Any, outer: tuple[float, ...], depth: int) -> None:
        for i in range(count):
            obj = get(i)
            kind = raw.FPDFPageObj_GetType(obj)
            if kind == raw.FPDF_PAGEOBJ_PATH:
                _path_edges(raw, obj, outer, out)
            elif kind == raw.FPDF_PAGEOBJ_FORM and depth < 4:
                m = raw.FS_MATRIX()
                raw.FPDFPageObj_GetMatrix(obj, m)
                walk(
                    raw.FPDFFormObj_CountObjects(obj),
                    lambda j, o=obj: raw.FPDFFormObj_GetObject(o, j),
                    _compose((m.a, m.b, m.c, m.d, m.e, m.f), outer),
                    depth + 1,
                )

    walk(raw.FPDFPage_CountObjects(page), lambda i: raw.FPDFPage_GetObject(page, i), (1, 0, 0, 1, 0, 0), 0)
    return out


def _page_has_images(raw: Any, page: Any) -> bool:
    return any(
        raw.FPDFPageObj_GetType(raw.FPDFPage_GetObject(page, i))
        in (raw.FPDF_PAGEOBJ_IMAGE, raw.FPDF_PAGEOBJ_FORM)
        for i in range(raw.FPDFPage_CountObjects(page))
    )


@dataclass
class Table:
    """A ruled table: its box and its rules (horizontal ``(x0, x1, y)``, vertical ``(x, y0, y1)``)."""

    x0: float
    y0: float
    x1: float
    y1: float
    hrules: list[tuple[float, float, float]]
    vrules: list[tuple[float, float, float]]

    def holds(self, c: _Char) -> bool:
        cx = (c.x0 + c.x1) / 2
        return self.x0 - 1 <= cx <= self.x1 + 1 and self.y0 - 1 <= c.cy <= self.y1 + 1

    def cell(self, c: _Char, tol: float = 1.5) -> tuple[float, float]:
        """The (top, left) corner of the ruled cell holding a character: the nearest rules around
        it that reach its position, so a merged cell is one cell."""
        cx, cy = (c.x0 + c.x1) / 2, c.cy
        left = max(
            (x for x, y0, y1 in self.vrules if x <= cx and y0 - tol <= cy <= y1 + tol), default=self.x0
        )
        top = min((y for x0, x1, y in self.hrules if y >= cy and x0 - tol <= cx <= x1 + tol), default=self.y1)
        return top, left

    def row_lefts(self, top: float, tol: float = 1.5) -> list[float]:
        """The left edges of the cells of the row under the rule at ``top``, left to right: the
        vertical rules that cross the row's middle (a cell merged across columns has none inside)."""
        bottom = max((y for _, _, y in self.hrules if y < top - tol), default=self.y0)
        mid = (top + bottom) / 2
        return self._lefts((x for x, y0, y1 in self.vrules if y0 - tol <= mid <= y1 + tol), tol)

    def column_lefts(self, tol: float = 1.5) -> list[float]:
        """The left edges of the table's columns: every vertical rule, wherever it runs."""
        return self._lefts((x for x, _, _ in self.vrules), tol)

    def _lefts(self, xs: Iterable[float], tol: float) -> list[float]:
        lefts = [self.x0]
        for x in sorted(x for x in xs if x < self.x1 - tol):
            if x - lefts[-1] > tol:
                lefts.append(x)
        return lefts


def _positions(values: list[float], tol: float = 2.0) -> int:
    """How many distinct positions a list of coordinates has."""
    count, last = 0, None
    for v in sorted(values):
        if last is None or v - last > tol:
            count += 1
        last = v
    return count


def find_tables(edges: list[tuple[float, float, float, float]]) -> list[Table]:
    """Clusters of touching horizontal and vertical rules with at least two columns."""
    lines = []
    for x0, y0, x1, y1 in edges:
        if abs(y1 - y0) <= 1.0 and abs(x1 - x0) >= 3:
            lines.append((min(x0, x1), y0, max(x0, x1), y0))
        elif abs(x1 - x0) <= 1.0 and abs(y1 - y0) >= 3:
            lines.append((x0, min(y0, y1), x0, max(y0, y1)))
    parent = list(range(len(lines)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    tol = 2.0
    if len(lines) > MAX_RULES:  # a drawing, not a table: its segments are not read as rules
        return []
    lines.sort()
    for i, (_, ay0, ax1, ay1) in enumerate(lines):
        for j in range(i + 1, len(lines)):
            bx0, by0, _, by1 = lines[j]
            if bx0 > ax1 + tol:  # sorted by x0: no later rule reaches back to this one
                break
            if ay0 - tol <= by1 and by0 - tol <= ay1:
                parent[find(i)] = find(j)
    groups: dict[int, list[tuple[float, float, float, float]]] = {}
    for i, line in enumerate(lines):
        groups.setdefault(find(i), []).append(line)
    tables = []
    for group in groups.values():
        vrules = [(g[0], g[1], g[3]) for g in group if g[0] == g[2]]
        hrules = [(g[0], g[2], g[1]) for g in group if g[1] == g[3] and g[0] != g[2]]
        if _positions([v[0] for v in vrules]) >= 3 and _positions([h[2] for h in hrules]) >= 2:
            box = (
                min(g[0] for g in group),
                min(g[1] for g in group),
                max(g[2] for g in group),
                max(g[3] for g in group),
            )
            tables.append(Table(*box, hrules, vrules))
    return tables


# --------------------------------------------------------------------------- lines


@dataclass
class _Line:
    chars: list[_Char]
    page: int
    text: str = ""
    refs: list[_Char | None] = field(default_factory=list)
    table: int = 0  # a table row: its table's number on the page (1, 2, …)
    cells: list[str] = field(default_factory=list)  # a table row's cells, left to right
    kind: str | None = None

    @cached_property
    def x0(self) -> float:
        return min(c.x0 for c in self.chars)

    @cached_property
    def x1(self) -> float:
        return max(c.x1 for c in self.chars)

    @cached_property
    def top(self) -> float:
        return max(c.y1 for c in self.chars)

    @cached_property
    def cy(self) -> float:
        return sum(c.cy for c in self.chars) / len(self.chars)

    @cached_property
    def size(self) -> float:
        return Counter(c.size for c in self.chars).most_common(1)[0][0]


def _group_lines(chars: list[_Char]) -> list[list[_Char]]:
    """Characters grouped into lines by vertical position, top to bottom, each left to right."""
    rows: list[list[_Char]] = []
    lo = hi = 0.0
    for c in sorted(chars, key=lambda c: -c.cy):
        if rows and lo <= c.cy <= hi:
            rows[-1].append(c)
        else:
            rows.append([c])
            half = max(c.y1 - c.y0, 1.0) / 2
            lo, hi = c.cy - 0.6 * half, c.cy + 0.6 * half
    return [sorted(r, key=lambda c: c.x0) for r in rows]


def _needs_space(a: _Char, b: _Char) -> bool:
    """Whether a space separates two neighbouring characters of a line (see the module docstring)."""
    gap = b.x0 - a.x1
    em = max(min(a.size, b.size), 1.0)
    if is_cjk(a.ch) or is_cjk(b.ch):
        return gap >= 1.5 * em
    return b.space_before or gap >= 0.2 * em


def _spell(chars: list[_Char]) -> tuple[str, list[_Char | None]]:
    text: list[str] = []
    refs: list[_Char | None] = []
    for i, c in enumerate(chars):
        if i and _needs_space(chars[i - 1], c):
            text.append(" ")
            refs.append(None)
        text.append(c.ch)
        refs.append(c)
    return "".join(text), refs


def _join(a: str, b: str) -> str:
    """The separator between two wrapped pieces: none next to CJK, else one space."""
    if not a or not b or is_cjk(a[-1]) or is_cjk(b[0]) or a.endswith("-"):
        return ""
    return " "


def _make_line(chars: list[_Char], page: int) -> _Line:
    line = _Line(chars, page)
    line.text, line.refs = _spell(chars)
    return line


def _table_rows(table: Table, chars: list[_Char], page: int, number: int) -> list[_Line]:
    """One line per table row: the cells whose top rule is the row's, left to right, each cell's
    lines joined as wrapped text (the row's text: its filled cells joined by spaces; its ``cells``
    every ruled cell of the row, an empty one ""); a cell merged over several rows goes with the
    first. ``number``: the table's on its page."""
    cells: dict[tuple[float, float], list[_Char]] = {}
    for c in chars:
        cells.setdefault(table.cell(c), []).append(c)
    grouped: list[list[tuple[float, float]]] = []  # the cells of each row, top to bottom
    for key in sorted(cells, key=lambda k: -k[0]):
        if not grouped or grouped[-1][0][0] - key[0] > 1.5:
            grouped.append([])
        grouped[-1].append(key)
    columns = table.column_lefts()
    rows: list[_Line] = []
    for keys in grouped:
        row = _Line([], page, table=number)
        lefts = table.row_lefts(keys[0][0])
        for top, left in sorted(keys, key=lambda k: k[1]):  # left to right, whatever their tops
            # the ruled cells between the last filled one and this one are empty
            while len(row.cells) < len(lefts) and lefts[len(row.cells)] < left - 1.5:
                row.cells.append("")
            cell = ""
            for n, part in enumerate(_group_lines(cells[(top, left)])):
                piece, piece_refs = _spell(part)
                sep = _join(row.text, piece) if n else (" " if row.text else "")
                row.text += sep + piece
                row.refs += [None] * len(sep) + piece_refs
                row.chars += part
                cell += (sep if n else "") + piece
            row.cells.append(cell)
        row.cells += [""] * (len(lefts) - len(row.cells))  # the empty cells after the last filled one
        row.cells = (
            _on_grid(row.cells, lefts, columns, table.x1) if len(row.cells) == len(lefts) else row.cells
        )
        rows.append(row)
    return rows


def _on_grid(
    cells: list[str], lefts: list[float], columns: list[float], right: float, tol: float = 1.5
) -> list[str]:
    """A row's cells on the table's columns: a cell merged across columns (a header over two) is
    followed by an empty cell for each further column it covers, so that columns line up."""
    out: list[str] = []
    for i, text in enumerate(cells):
        end = lefts[i + 1] if i + 1 < len(lefts) else right
        covered = sum(1 for x in columns if lefts[i] - tol <= x < end - tol)
        out += [text] + [""] * (covered - 1)
    return out


@dataclass
class _Page:
    number: int
    items: list[_Line]  # prose lines and table rows, top to bottom
    left: float = 0.0
    right: float = 0.0
    pitch: float = 0.0  # the usual distance between two lines of body text


def _read_page(raw: Any, pdf: Any, index: int) -> tuple[_Page, int, int, bool]:
    page = pdf[index]
    textpage = page.get_textpage()
    try:
        chars, unmapped, quarter = _page_chars(raw, textpage)
        edges = _page_edges(raw, page) if chars else []
        if quarter:
            edges = _turn_page(quarter, chars, edges)
        tables = find_tables(edges)
        images = not chars and _page_has_images(raw, page)
    finally:
        textpage.close()
        page.close()
    return page_from_chars(index + 1, chars, tables), len(chars), unmapped, images


def page_from_chars(number: int, chars: list[_Char], tables: list[Table] | None = None) -> _Page:
    """A page of characters placed in PDF space (points, y up): table rows inside ``tables``,
    prose lines outside, top to bottom; a table's rows stay together, at its first row's place
    (two tables side by side are read one after the other, left first, not row by row in
    turn). A ruled frame with no row of two filled cells that is one row, or holds a cell of over
    ``MAX_FRAME_CELL`` characters, boxes text and is no table: its text is prose. The OFD reader
    places its characters the same way."""
    units: list[tuple[float, float, list[_Line]]] = []  # (top, left, lines) of each table and prose line
    prose = chars
    n = 0
    for table in tables or []:
        held = [table.holds(c) for c in prose]
        inside = [c for c, h in zip(prose, held, strict=True) if h]
        if not inside:
            continue
        rows = _table_rows(table, inside, number, n + 1)
        if not any(sum(1 for cell in row.cells if cell.strip()) >= 2 for row in rows) and (
            len(rows) == 1 or any(len(cell) > MAX_FRAME_CELL for row in rows for cell in row.cells)
        ):
            continue  # a frame around text (a boxed note, a form's stub of run-together text), no table
        n += 1
        prose = [c for c, h in zip(prose, held, strict=True) if not h]
        units.append((max(row.top for row in rows), table.x0, rows))
    units += [
        (line.top, line.x0, [line]) for line in (_make_line(row, number) for row in _group_lines(prose))
    ]
    units.sort(key=lambda unit: (-unit[0], unit[1]))
    return _Page(number, [line for _, _, lines in units for line in lines])


# --------------------------------------------------------------------------- furniture


def _edge_lines(page: _Page, depth: int = 2) -> list[tuple[str, _Line]]:
    prose = [it for it in page.items if not it.table]
    top = [("top", it) for it in prose[:depth] if not any(t.table and t.top > it.top for t in page.items)]
    bottom = [
        ("bottom", it)
        for it in prose[::-1][:depth]
        if not any(t.table and t.top < it.top for t in page.items)
    ]
    return top + bottom


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", compact(text))


def _mark_furniture(pages: list[_Page]) -> None:
    """Page numbers and running headers/footers among the lines at the edges of each page."""
    counts: Counter[tuple[str, str]] = Counter()
    for page in pages:
        counts.update({(side, _key(line.text)) for side, line in _edge_lines(page)})
    needed = max(2, (len(pages) + 1) // 2)
    bare: dict[int, list[_Line]] = {}
    for page in pages:
        for side, line in _edge_lines(page):
            squashed = compact(line.text)
            if PAGE_NUMBER.match(line.text) and _DECORATED_PAGE.search(squashed):
                line.kind = "page-number"
            elif squashed.isdigit() and len(squashed) <= 4:
                bare.setdefault(int(squashed) - page.number, []).append(line)
            elif counts[(side, _key(line.text))] >= needed and len(pages) > 1:
                line.kind = "header" if side == "top" else "footer"
    for offset_lines in bare.values():
        if len(offset_lines) >= 2 or (len(pages) == 1 and offset_lines[0].text.strip() == "1"):
            for line in offset_lines:
                line.kind = "page-number"


def _mark_notes(pages: list[_Page], body_size: float) -> None:
    """Footnotes at the foot of each page and note marks left alone on a line."""
    for page in pages:
        prose = [it for it in page.items if not it.table and it.kind is None]
        zone: list[_Line] = []
        for line in reversed(prose):
            if line.size <= 0.85 * body_size and not any(t.table and t.top < line.top for t in page.items):
                zone.append(line)
            else:
                break
        if zone and _NOTE_START.match(zone[-1].text):
            for line in zone:
                line.kind = "footnote"
        for line in prose:
            if line.kind is None and _NOTE_MARK.match(line.text) and line.size <= 0.8 * body_size:
                line.kind = "footnote-marker"


# --------------------------------------------------------------------------- paragraphs


def _column_end(ends: list[int], em: float) -> int:
    """Where a page's full lines end: its commonest line end. Of ends as common, the one with the
    most ends within an em of it (hanging punctuation runs a line one em past the column), then
    the rightmost (a full line stops at the margin, a short one anywhere: ``…第一条。`` and
    ``某某委员会`` ending alike on a page of few lines are no column)."""
    exact = Counter(ends)
    top = max(exact.values())
    tied = [end for end, count in exact.items() if count == top]
    return max(tied, key=lambda end: (sum(abs(other - end) <= em for other in ends), end))


def _margins(pages: list[_Page], body_size: float) -> None:
    """Each page's text column (left edge and right margin) and line pitch, from its body-size lines.
    A ragged page (most lines end short of their commonest end, fewer than one in RAGGED_REACH
    reaches the column of the justified pages with the same left edge) takes that column."""
    all_left: list[float] = []
    all_right: list[float] = []
    ragged: dict[int, list[int]] = {}  # page number -> where its lines end
    for page in pages:
        body = [
            it
            for it in page.items
            if it.kind is None and not it.table and abs(it.size - body_size) <= 0.1 * body_size
        ]
        if body:
            page.left = min(it.x0 for it in body)
            long_lines = [round(it.x1) for it in body if len(it.chars) >= 8] or [round(it.x1) for it in body]
            page.right = float(_column_end(long_lines, body_size))
            if 2 * sum(abs(x - page.right) <= body_size for x in long_lines) < len(long_lines):
                ragged[page.number] = long_lines
            steps = sorted(a.cy - b.cy for a, b in pairwise(body) if 0 < a.cy - b.cy <= 3 * max(a.size, 1.0))
            page.pitch = steps[len(steps) // 2] if steps else 0.0
            all_left.append(page.left)
            all_right.append(page.right)
    edged = [p for p in pages if p.right and p.number not in ragged]
    for page in pages:
        like = (
            sorted(p.right for p in edged if abs(p.left - page.left) <= body_size)
            if page.number in ragged
            else []
        )
        if like:
            # most lines end short of their commonest end, and hardly any reaches the column of the
            # justified pages set like it (same left edge): a ragged page (a contents page printed
            # without leaders) whose commonest end is no margin; the column is theirs. A page whose
            # text wraps around a photo has lines of both widths, many reaching the column: its own.
            column = like[len(like) // 2]
            reaching = sum(x >= column - 1.5 * body_size for x in ragged[page.number])
            if RAGGED_REACH * reaching < len(ragged[page.number]):
                page.right = column
        if not page.right:
            page.left = sorted(all_left)[len(all_left) // 2] if all_left else 0.0
            page.right = sorted(all_right)[len(all_right) // 2] if all_right else 0.0


def _align(line: _Line, page: _Page) -> str | None:
    em = max(line.size, 1.0)
    if page.right <= page.left:
        return None
    x0, x1 = line.x0, line.x1
    centre = (page.left + page.right) / 2
    # centred: a margin on both sides (a paragraph's indented first line that runs a little past
    # the usual right edge is nearly centred too, but has none on the right)
    if (
        x0 - page.left >= 1.5 * em
        and page.right - x1 >= em
        and abs((x0 + x1) / 2 - centre) <= max(0.75 * em, 3.0)
        and x1 - x0 <= 0.9 * (page.right - page.left)  # a paragraph's indented first line is no title
    ):
        return "center"
    if x1 >= page.right - em and x0 - page.left >= (page.right - page.left) / 3:
        return "right"
    return None


def _continues(prev: _Line, prev_page: _Page, line: _Line, page: _Page, body_size: float) -> bool:
    """Whether ``line`` carries on the paragraph whose last line is ``prev``."""
    if prev.table or line.table or abs(prev.size - line.size) > 0.1 * max(prev.size, line.size):
        return False
    if prev.chars[-1].bold != line.chars[0].bold:
        return False
    em = max(prev.size, 1.0)
    same_page = page.number == prev_page.number
    if not same_page and page.number != prev_page.number + 1:
        return False
    step = prev.cy - line.cy
    prev_align, align = _align(prev, prev_page), _align(line, page)
    same_font = prev.chars[0].font == line.chars[0].font
    if prev_align == "center" and align == "center":  # a display title set on several lines
        return same_page and same_font and line.size >= 1.15 * body_size and step <= 2.0 * em
    if "center" in (prev_align, align) and line.size >= 1.5 * body_size:
        # a cover's title in display type, a line too wide to show its margins among centred ones
        return same_page and same_font and step <= 2.0 * em
    if prev_align is not None or align is not None:
        return False
    if (
        same_page
        and step > (1.35 * page.pitch if page.pitch else 2.4 * em)
        and not _broken_sentence(prev, page, step)
    ):
        return False  # a paragraph break marked by space rather than by indent
    if _numbered_head_line(prev, line, page, em):
        return False  # a sentence ends the line and a numbered head stands on the next: unindented heads
    return prev.x1 >= prev_page.right - 1.5 * em and line.x0 <= page.left + 0.6 * em


def _wrapped_title(para: _Para, line: _Line, page: _Page) -> bool:
    """A centred title too long for one line: its first line fills the column (so it shows no
    margins to be centred by) and stops without punctuation, the rest is centred right under it
    in the same type (``第三部分 某某局2024年度部门决算情况`` / ``说明``). A paragraph's line
    never has a centred line as its sequel."""
    if len(para.lines) != 1 or para.last.number != page.number:
        return False
    first = para.lines[0]
    em = max(first.size, 1.0)
    a, b = first.chars[0], line.chars[0]
    return (
        not first.table
        and not line.table
        and (a.font, a.size, a.bold) == (b.font, b.size, b.bold)
        and first.x0 <= page.left + 0.6 * em
        and first.x1 >= page.right - 1.5 * em
        and first.text.rstrip()[-1:] not in _SENTENCE_END + "，,：:、"
        and _align(line, page) == "center"
        and 0 < first.cy - line.cy <= 2.5 * em
    )


_SPACED_HAN = re.compile(r"[\u3400-\u9fff]\s|\s[\u3400-\u9fff]")


def _broken_sentence(prev: _Line, page: _Page, step: float) -> bool:
    """A sentence broken by an empty line: ``prev`` stops inside a word (no punctuation) and the
    next line follows within a few lines' space (``…负责建立健全生活必需品市场供应`` / (empty
    line) / ``应急机制，协调…``). That ``prev`` runs to the right margin and the next line starts
    flush left is :func:`_continues`' own last test, which it makes of every line."""
    last = prev.text.rstrip()[-1:]
    return (
        bool(page.pitch)
        and len(prev.chars) >= 20  # a line of running text, not a form's label at the edge,
        and not _SPACED_HAN.search(prev.text)  # nor a form's row (its cells apart by spaces)
        and step <= 3.5 * page.pitch
        and "\u3400" <= last <= "\u9fff"
    )


def _numbered_head_line(prev: _Line, line: _Line, page: _Page, em: float) -> bool:
    """``line`` is a numbered head set flush left under a paragraph whose last sentence ended
    ``prev``: it opens with a number (``二、``, ``（三）``, ``4.``, ``第六章``), is short (it stops
    before the right margin) and ends no sentence. A wrapped sentence that happens to start a line
    with a number (``二、三季度均实现正增长。``, ``第六条所列事项已办结。``) ends with its full stop, or
    lists numbers (``二、三``, ``（一）至（三）``)."""
    text = line.text.strip()
    opening = _OPENS_ITEM.match(text)
    return (
        opening is not None
        and prev.text.rstrip()[-1:] in _SENTENCE_END
        and text[-1:] not in _SENTENCE_END + "，,"
        and not _NUMBER_RUN.match(text[opening.end() :])
        and line.x1 < page.right - 1.5 * em
    )


_SENTENCE_END = "。！？；!?;"
_NUMBER_RUN = re.compile(r"^\s*(?:[一二三四五六七八九十\d]|[至到和或及、])")  # 二、三季度, （一）至（三）
# A numbered item or head opening a line (``二、``, ``（三）``, ``4.``, ``5、``, ``第六条``): after a line
# that ends a sentence, the start of a new paragraph even when it is not indented (report heads).
_OPENS_ITEM = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[、．.](?!\d)"
    r"|第[一二三四五六七八九十百\d]{1,4}[章节条部分])"
)


@dataclass
class _Para:
    first: _Page
    last: _Page
    lines: list[_Line] = field(default_factory=list)
    text: str = ""
    refs: list[_Char | None] = field(default_factory=list)

    def add(self, line: _Line, page: _Page) -> _Para:
        sep = _join(self.text, line.text) if self.text else ""
        self.text += sep + line.text
        self.refs += [None] * len(sep) + line.refs
        self.lines.append(line)
        self.last = page
        return self


def _block(para: _Para, number: int, table: int = 0) -> Block:
    text = para.text
    line = para.lines[0]
    first = next(c for c in para.refs if c is not None)
    bold_prefix = prefix_length(text, [c.bold if c is not None else True for c in para.refs])
    font_same = [c.font == first.font if c is not None else True for c in para.refs]
    return Block(
        text,
        number,
        kind=line.kind,
        bold=bold_prefix == len(text),
        bold_prefix=bold_prefix,
        font=first.font,
        font_prefix=prefix_length(text, font_same) if first.font else 0,
        size=first.size,
        align=None if line.table or line.kind else _align(line, para.first),
        table=table,
        cells=tuple(line.cells) if table else (),
        page=line.page,
    )


def _paragraphs(pages: list[_Page], body_size: float) -> list[Block]:
    """Blocks in reading order: wrapped lines joined into paragraphs, furniture met inside a
    paragraph (a page number at a page break) emitted right after that paragraph. Tables are
    numbered through the document; a table that opens a page, right after a table that closed the
    one before with as many columns (cells in its widest row), continues it (a table broken over
    pages, its header row repeated or not)."""
    blocks: list[Block] = []
    current: _Para | None = None
    deferred: list[_Para] = []
    tables = 0
    last: tuple[int, int] | None = None  # (page, number on the page) of the table being read
    after_table = False  # the last body line read was a table's row
    widths: dict[tuple[int, int], int] = {}
    for page in pages:
        for line in page.items:
            if line.table:
                key = (line.page, line.table)
                widths[key] = max(widths.get(key, 0), len(line.cells))

    def table_number(line: _Line) -> int:
        nonlocal tables, last
        key = (line.page, line.table)
        if key != last:
            continues = (
                after_table and last is not None and line.page > last[0] and widths[key] == widths[last]
            )
            tables += 0 if continues else 1
            last = key
        return tables

    def close() -> None:
        nonlocal current
        for para in ([current] if current is not None else []) + deferred:
            blocks.append(_block(para, len(blocks) + 1))
        current = None
        deferred.clear()

    for page in pages:
        for line in page.items:
            if line.kind is not None and current is not None:
                deferred.append(_Para(page, page).add(line, page))
            elif line.kind is not None:
                close()
                blocks.append(_block(_Para(page, page).add(line, page), len(blocks) + 1))
            elif line.table:
                close()
                number = table_number(line)
                blocks.append(_block(_Para(page, page).add(line, page), len(blocks) + 1, number))
                after_table = True
            elif current is not None and (
                _continues(current.lines[-1], current.last, line, page, body_size)
                or _wrapped_title(current, line, page)
            ):
                current.add(line, page)
            else:
                close()
                current = _Para(page, page).add(line, page)
                after_table = False
    close()
    return blocks


# --------------------------------------------------------------------------- the reader


def _open(data: bytes, source: str) -> Any:
    import pypdfium2 as pdfium

    if not data.strip():
        raise InputError(source, "empty file (nothing to read; remove it or add text)")
    if b"%PDF" not in data[:1024]:
        raise InputError(source, "not a PDF file (no %PDF header; pass the PDF itself)")
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise InputError(
                source, "password-protected PDF (pass a copy without the password, e.g. qpdf --decrypt)"
            ) from None
        detail = brief(exc, 120).rstrip(". ")  # pdfium's words end in a full stop
        raise InputError(source, f"damaged PDF ({detail}; repair it, e.g. qpdf in.pdf out.pdf)") from None


def _body_size(pages: list[_Page]) -> float:
    sizes: Counter[float] = Counter()
    for page in pages:
        for line in page.items:
            if not line.table:
                sizes.update(round(c.size * 2) / 2 for c in line.chars)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def pdf_to_document(data: bytes, source: str, doc_id: str) -> Document:
    """Read a text PDF's bytes; raises :class:`InputError` for what cannot be read."""
    import pypdfium2.raw as raw

    pdf = _open(data, source)
    pages: list[_Page] = []
    total = unmapped = 0
    empty_pages: list[int] = []
    try:
        for index in range(len(pdf)):
            page, n_chars, n_unmapped, images = _read_page(raw, pdf, index)
            pages.append(page)
            total += n_chars
            unmapped += n_unmapped
            if not n_chars and images:
                empty_pages.append(index + 1)
    finally:
        pdf.close()
    if not total:
        raise InputError(source, NO_TEXT)
    if unmapped > total:
        raise InputError(
            source, "text layer has no Unicode for most characters: run OCR first (e.g. ocrmypdf --force-ocr)"
        )
    extra: dict[str, object] = {"pages_without_text": empty_pages} if empty_pages else {}
    return layout_document(pages, source, doc_id, "pdf", extra)


def layout_document(
    pages: list[_Page], source: str, doc_id: str, fmt: str, extra: dict[str, object] | None = None
) -> Document:
    """The document of laid-out pages: running headers, footers and page numbers set aside,
    footnotes marked, wrapped lines joined into paragraphs (also across pages), every block with
    its cues (size, bold, font, alignment)."""
    body_size = _body_size(pages)
    _mark_furniture(pages)
    _mark_notes(pages, body_size)
    _margins(pages, body_size)
    blocks = _paragraphs(pages, body_size)
    fonts: Counter[str] = Counter()
    for page in pages:
        for line in page.items:
            if line.kind is None and not line.table:
                fonts.update(c.font for c in line.chars if c.font and abs(c.size - body_size) <= 0.5)
    meta: dict[str, object] = {"format": fmt, "pages": len(pages), "body_size": body_size}
    if fonts:
        meta["body_font"] = fonts.most_common(1)[0][0]
    meta.update(extra or {})
    if garbled_han("".join(block.text for block in blocks)):
        raise InputError(
            source,
            "its text layer is garbled (its fonts map glyphs to the wrong characters): run OCR first "
            "(e.g. ocrmypdf --force-ocr) or find another copy",
        )
    return Document(doc_id, source, blocks, meta=meta)
