"""HTML pages: the article found with trafilatura, every other visible text kept as furniture.

The page is parsed once with lxml and walked **iteratively** (an explicit stack, so a page nested
thousands of levels deep reads without ``RecursionError``). Every visible text becomes one block:
block elements (``<p>``, ``<div>``, ``<li>``, ``<hN>`` …) and ``<br>`` end a block, inline
elements (``<a>``, ``<span>``, ``<strong>`` …) do not. Each block carries what the markup says:
``<h1>``-``<h6>`` (or a class named after one, ``bjh-h3``) as its heading level, whole-block
``<strong>``/``<b>``/``font-weight:bold`` as ``bold``, ``<figcaption>`` and a short line right under
an ``<img>`` as ``caption``.

Where the article is comes from **trafilatura** (Apache-2.0), run on the same lxml tree in its fast
mode without comments. Its output is matched back to our blocks by text; the densest run of
matched blocks is the article. Every block outside it, and every block inside it that the page
marks as furniture (``<nav>``, ``<aside>``, a ``share``/``related`` class …) and trafilatura did not
keep, becomes ``kind="furniture"``: nothing is dropped, the segmenter reports it under ``removed``
(see :mod:`pipeline.segment`). Departures from trafilatura's own output, and why:

* blocks inside the article that trafilatura dropped (bold heads, captions, editor lines) are kept
  for the segmenter's rules to judge, so its rules, not the library, decide headlines and what is
  set aside;
* trafilatura's tail (related headlines it sometimes keeps after the article) is cut off by the
  density rule: matched blocks separated from the article by a long stretch of unmatched furniture
  are not article;
* the lede box above the text (导语, ``div.introduction``), which trafilatura drops as a teaser,
  is the article's: paragraphs of sentences between the title and the first kept paragraph;
* trafilatura is shown ``<section>``s that hold only inline text as the ``<p>`` they are (the
  layout of WeChat's and other self-media editors; it would otherwise keep none of that text);
* a stray ``</body>``/``</html>`` before the end (a server-side include's own end tags) is
  ignored, as browsers do; libxml2 would stop reading there.

A short line right under a photo is its caption when it is still inside the photo's own element,
or, once that element has closed, when it is a label standing alone (no closing full stop, not
running on over ``<br>``): a sentence after a photo's paragraph is the text resuming. On a
picture post (:func:`_picture_post`: ten or more such lines hold a third of the article's text) the
lines under the photos are the story and stay body text.

When trafilatura finds nothing (or is not installed, or the tree is too deep for libxml2), the
page's own furniture markup (tags and class names) decides alone, as before. A ``<form>`` that
wraps the page (ASP.NET WebForms' ``<form id="form1">``, common on government and university
sites; :func:`_unwrap_page_forms`) is not furniture. And the result is checked: when the article found holds no prose on a
page full of it (:func:`_implausible`), the densest run of prose blocks (:func:`_densest_span`,
maximum subsequence segmentation) is the article instead, and ``meta["region"]`` says
``"density"``.

Tables of data (:func:`_data_rows`) are read row by row, each row's cells kept; a table used for
layout is read as the text it holds.

The title is ``<h1>``, ``og:title`` or ``<title>`` minus its site name (``标题_某某网``), checked
against the heading nearest the start of the article: that heading is the title when it agrees
with one of them (equal, or one a prefix of the other). A heading taken as the title is consumed
(not among the blocks), and ``meta["title_shown"]`` says so: a copy of the title in the text below
(a document reprinted under its page heading) is then a repeat, set aside, not the title again.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser as _StdlibHTMLParser
from typing import Any, NamedTuple

from pipeline.read.document import Block, Document
from pipeline.text import NEXT_PREVIOUS_LABELS, RELATED_BOX_LABELS, compact

_DROP_TAGS = {
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "canvas",
    "iframe",
    "object",
    "head",
    "title",
    "meta",
    "link",
}
_FURNITURE_TAGS = {
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "menu",
    "button",
    "select",
    "dialog",
    "textarea",
}
_FURNITURE_HINT = re.compile(
    r"(^|[-_ ])(nav|navbar|menu|breadcrumb|crumb|share|social|footer|header|sidebar|side|comment|comments|"
    r"related|recommend|advert|ads?|banner|copyright|toolbar|pagination|pager|hot|rank|login|search|"
    r"tags?|keywords?)([-_ ]|$)",
    re.I,
)
# A wiki's edit link beside each heading (MediaWiki's ``<span class="mw-editsection">[编辑]</span>``):
# furniture even as an inline element, which it is, inside the heading.
_EDIT_LINK = re.compile(r"(^|[-_ ])editsection([-_ ]|$)", re.I)
_CAPTION_HINT = re.compile(
    r"(^|[-_ ])(caption|img[-_]?(desc|txt|text|info|title)|pic[-_]?(txt|text|info|desc))([-_ ]|$)", re.I
)
# A class named after a heading level (``bjh-h3``, ``article-h2``): CMS editors' heading styles.
_HEADING_CLASS = re.compile(r"(?:^|[-_])h([1-6])$")
_TITLE_HINT = re.compile(r"title|headline|biaoti", re.I)
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|bolder|[6-9]00)", re.I)
_CENTER_STYLE = re.compile(r"text-align\s*:\s*center", re.I)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_BLOCK_TAGS = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "nav",
    "aside",
    "form",
    "menu",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "table",
    "tr",
    "td",
    "th",
    "blockquote",
    "pre",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "figure",
    "figcaption",
    "hr",
    "body",
    "center",
    "address",
    "caption",
    "tbody",
    "thead",
    "tfoot",
    "option",
    "button",
    "select",
    "textarea",
    "video",
    "audio",
    "dialog",
    "fieldset",
    "legend",
    "details",
    "summary",
}
_HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_CONTROL_TAGS = {"select", "option", "button", "textarea"}
# Void elements that break a line inside a block (``<br>``) or stand for a photo (``<img>``).
_VOID_TAGS = {"br", "img"}
_PRE_STRIP = (
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "iframe",
    "nav",
    "footer",
    "aside",
    "form",
    "select",
    "button",
    "textarea",
)
# Tags that change what their content is even without attributes.
_CTX_TAGS = _HEADING_TAGS | _FURNITURE_TAGS | {"figcaption", "strong", "b", "center", "a", "li"}
_SITE_SEP = re.compile(r"\s*(?:[_|｜]+|\s[-–—]{1,2}\s|-{2,}|——)\s*")
_WS = re.compile(r"\s+")
_SENTENCE_PUNCT = "。！？!?；;"
# A numbered line (``一、``, ``（二）``, ``3.``, ``第四章``) is a head or a list item, never a caption.
_NUMBERED = re.compile(
    r"^(?:第[一二三四五六七八九十百\d]+[章节部分篇]|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、])"
)
MAX_CAPTION = 30  # longest caption (characters) taken from the line under an image


class _Ctx(NamedTuple):
    """What an element inherits from its ancestors (a tuple: one is made per element)."""

    kind: str | None = None
    heading: int | None = None
    bold: bool = False
    center: bool = False
    link: bool = False
    item: int = 0  # inside an item of a list: its <li>'s number (0: in none)
    titleish: bool = False
    hidden: bool = False  # hidden, or a form control: never article, whatever the region
    marked_by: int = 0  # the nearest element marked as furniture by its tag or class: its number


@dataclass
class _Raw:
    """One visible block before the article is located."""

    text: str
    ctx: _Ctx
    bold: bool
    link_share: float
    after_image: bool
    group: int
    in_photo: bool = False  # the element holding that photo is still open (see _Walk)
    hint: str | None = None  # the page's own furniture/caption markup
    matched: bool = False  # trafilatura kept it
    table: int = 0  # a row of the page's table number ``table`` (see _data_rows)
    cells: tuple[str, ...] = ()


@dataclass
class _Walk:
    raws: list[_Raw] = field(default_factory=list)
    frags: list[tuple[str, _Ctx]] = field(default_factory=list)
    group: int = 0
    image: bool = False  # a photo since the last block
    # Depth of the block element holding that photo while it is open, else -1: text inside the
    # photo's own container (``<p><img><br>图注</p>``, ``<div class=pic><img><p>图注</p></div>``, a
    # bare ``<img>`` in the article followed by its line) is under it; text after a photo's own
    # paragraph has closed (``<p><img></p><p>正文…</p>``) starts the next paragraph.
    photo_depth: int = -1
    tables: int = 0  # data tables read so far

    def rows(self, rows: list[tuple[_Cell, ...]], ctx: _Ctx) -> None:
        """A data table (:func:`_data_rows`): one raw block per row, its cells kept, its share of
        links its cells' (a table of links is navigation, as a list of them is)."""
        self.flush()
        self.tables += 1
        for cells in rows:
            size = sum(len(compact(c.text)) for c in cells)
            links = size if ctx.link else sum(c.links for c in cells)
            self.raws.append(
                _Raw(
                    " ".join(c.text for c in cells if c.text),
                    ctx,
                    bold=False,
                    link_share=links / (size or 1),
                    after_image=False,
                    group=self.group,
                    hint=ctx.kind,
                    table=self.tables,
                    cells=tuple(c.text for c in cells),
                )
            )
            self.group += 1
        self.image = False
        self.photo_depth = -1

    def add(self, text: str | None, ctx: _Ctx) -> None:
        if text:
            self.frags.append((text, ctx))

    def flush(self, hard: bool = True) -> None:
        if self.frags:
            self._emit()
        if hard:
            self.group += 1

    def _emit(self) -> None:
        text = " ".join("".join(t for t, _ in self.frags).split())
        if text:
            solid = [(t, c) for t, c in self.frags if t.strip()]
            ctx = solid[0][1]
            sizes = [len(compact(t)) for t, _ in solid]
            self.raws.append(
                _Raw(
                    text,
                    ctx,
                    bold=all(c.bold or c.heading is not None for _, c in solid),
                    link_share=sum(n for n, (_, c) in zip(sizes, solid, strict=True) if c.link)
                    / (sum(sizes) or 1),
                    after_image=self.image,
                    group=self.group,
                    in_photo=self.image and self.photo_depth >= 0,
                    hint=ctx.kind,
                )
            )
            self.image = False
            self.photo_depth = -1
        self.frags.clear()


@functools.lru_cache(maxsize=4096)
def _attr_hints(attrs: str) -> tuple[str | None, int | None, bool]:
    """What an element's ``id`` and ``class`` say: (furniture/caption, heading level, title)."""
    kind = (
        "furniture" if _FURNITURE_HINT.search(attrs) else "caption" if _CAPTION_HINT.search(attrs) else None
    )
    m = next((m for c in attrs.split() if (m := _HEADING_CLASS.search(c))), None)
    return kind, int(m.group(1)) if m else None, bool(_TITLE_HINT.search(attrs))


@functools.lru_cache(maxsize=4096)
def _style_hints(style: str) -> tuple[bool, bool, bool]:
    """What an inline ``style`` says: (hidden, bold, centred)."""
    return (
        bool(_HIDDEN_STYLE.search(style)),
        bool(_BOLD_STYLE.search(style)),
        bool(_CENTER_STYLE.search(style)),
    )


_NO_HINTS: tuple[str | None, int | None, bool] = (None, None, False)


def _child_ctx(el: Any, tag: str, ctx: _Ctx, numbers: Iterator[int]) -> _Ctx:
    """The context of element ``el`` inside ``ctx``; ``numbers`` numbers the page's ``<li>``
    elements and the elements that mark their text as furniture (unique within the page)."""
    attrib = el.attrib
    if not attrib and tag not in _CTX_TAGS:
        return ctx
    get = attrib.get
    ident, cls = get("id"), get("class")
    kind_hint, level_hint, titleish = _attr_hints(f"{ident or ''} {cls or ''}") if ident or cls else _NO_HINTS
    style = get("style")
    hidden, bold, center = _style_hints(style) if style else (False, False, False)
    kind = ctx.kind
    marked_by = ctx.marked_by
    # Class names mark blocks; on an inline element inside running text (a stock ticker's
    # <span class="...">) they do not cut the sentence.
    block = tag in _BLOCK_TAGS
    marks = (
        tag in _FURNITURE_TAGS
        # the page's own <body>/<html> classes name its features (comment_feature, a theme's
        # ast-right-sidebar), never furniture: the page is no widget
        or (block and kind_hint == "furniture" and tag not in ("body", "html"))
        or (cls is not None and _EDIT_LINK.search(cls) is not None)
    )
    if marks:
        # numbered even inside furniture: a widget (comments, a teaser box, buttons) inside a
        # wrapper whose class reads as furniture is its own furniture, not the wrapper's text
        marked_by = next(numbers)
    if kind is None:
        if hidden or get("hidden") is not None or marks:
            kind = "furniture"
        elif tag == "figcaption" or (block and kind_hint == "caption"):
            kind = "caption"
    heading = ctx.heading
    if tag in _HEADING_TAGS:
        heading = int(tag[1])
    elif heading is None and level_hint is not None:
        heading = level_hint
    return _Ctx(
        kind=kind,
        heading=heading,
        bold=ctx.bold or bold or tag in {"strong", "b"},
        center=ctx.center or center or tag == "center" or (get("align") or "").lower() == "center",
        link=ctx.link or tag == "a",
        item=next(numbers) if tag == "li" else ctx.item,
        titleish=ctx.titleish or titleish,
        hidden=ctx.hidden or hidden or get("hidden") is not None or tag in _CONTROL_TAGS,
        marked_by=marked_by,
    )


MAX_CELL = 200  # characters: a longer cell holds an article, not data (a layout table)


class _Cell(NamedTuple):
    text: str
    links: int  # characters of it inside links


def _cell_text(cell: Any) -> _Cell:
    """A table cell's visible text, white space folded (scripts and the like skipped, the text
    after a comment kept), and how much of it is links."""
    from lxml import etree

    parts: list[tuple[str, bool]] = []
    linked = [False]
    walker = etree.iterwalk(cell, events=("start", "end", "comment", "pi"))
    for event, el in walker:
        tag = el.tag if isinstance(el.tag, str) else ""
        if event in ("comment", "pi"):
            if el.tail:
                parts.append((el.tail, linked[-1]))
        elif event == "start":
            linked.append(linked[-1] or tag == "a")
            if el is not cell and tag in _DROP_TAGS:
                walker.skip_subtree()
            elif tag == "br":
                parts.append((" ", False))
            elif tag in ("sup", "sub"):  # a note mark or an exponent: never run into the number beside it
                parts.append((" ", False))
                if el.text:
                    parts.append((el.text, linked[-1]))
            elif el.text and tag:
                parts.append((el.text, linked[-1]))
        else:
            linked.pop()
            if tag in ("sup", "sub"):
                parts.append((" ", False))
            if el is not cell and el.tail:
                parts.append((el.tail, linked[-1]))
    text = " ".join("".join(t for t, _ in parts).split())
    return _Cell(text, sum(len(compact(t)) for t, link in parts if link))


_TABLE_PARTS = {"table", "thead", "tbody", "tfoot", "tr", "colgroup", "col"}


MAX_SPAN = 100  # columns or rows one cell may cover (HTML allows 1,000 and 65,534: a page's error)
_EMPTY = _Cell("", 0)


def _span(td: Any, name: str) -> int:
    try:
        return min(max(int((td.get(name) or "1").strip()), 1), MAX_SPAN)
    except ValueError:
        return 1


def _grid_row(tds: list[Any], below: dict[int, int]) -> tuple[_Cell, ...]:
    """A row's cells on the table's columns: a cell spanning columns (``colspan``) is followed by an
    empty cell per further column, and a column covered by a cell above (``rowspan``) is empty
    here, so that columns line up. ``below`` carries, column by column, how many more rows the
    cells above still cover, from row to row."""
    out: list[_Cell] = []
    col = 0
    started: dict[int, int] = {}
    for td in tds:
        while below.get(col, 0) > 0:
            out.append(_EMPTY)
            col += 1
        cols, rows = _span(td, "colspan"), _span(td, "rowspan")
        out += [_cell_text(td)] + [_EMPTY] * (cols - 1)
        if rows > 1:
            started.update(dict.fromkeys(range(col, col + cols), rows - 1))
        col += cols
    last = max((c for c, n in below.items() if n > 0), default=-1)
    out += [_EMPTY] * max(last + 1 - col, 0)
    for c in list(below):
        below[c] -= 1
        if below[c] <= 0:
            del below[c]
    below.update(started)
    return tuple(out)


def _row_group(tr: Any) -> int:
    """0 for a row of ``<thead>``, 2 of ``<tfoot>``, 1 otherwise: the order a browser shows them."""
    parent = tr.getparent()
    tag = parent.tag if parent is not None else ""
    return 0 if tag == "thead" else 2 if tag == "tfoot" else 1


def _plain_grid(table: Any) -> bool:
    """Every text of the table is in its cells (or its caption), every cell in a row, and no text
    is hidden: nothing would be lost or shown that should not be by reading it row by row. (An
    element without text outside the cells, such as an anchor or a hidden input, is harmless.)
    Anything else is read by the general walk, which keeps every text and sets hidden parts aside."""
    for el in table.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        hidden = tag and (el.get("hidden") is not None or _HIDDEN_STYLE.search(el.get("style") or ""))
        if hidden and _has_text(el):
            return False
        if el is table:
            if (el.text or "").strip():
                return False
            continue
        if _inside_cell(el, table):
            continue
        if (el.tail or "").strip():
            return False
        if tag in ("td", "th"):
            parent = el.getparent()
            if parent is None or parent.tag != "tr":
                return False
        elif tag in _TABLE_PARTS:
            if (el.text or "").strip():
                return False
        elif tag and tag != "caption" and _has_text(el):
            return False
    return True


def _has_text(el: Any) -> bool:
    """``el`` holds visible text (:func:`_text_size`)."""
    return _text_size(el, 0) > 0


def _inside_cell(el: Any, table: Any) -> bool:
    """``el`` is below a cell or the caption of ``table``."""
    parent = el.getparent()
    while parent is not None and parent is not table:
        if parent.tag in ("td", "th", "caption"):
            return True
        parent = parent.getparent()
    return False


def _data_rows(table: Any) -> list[tuple[_Cell, ...]] | None:
    """The rows of a ``<table>`` of data, each a tuple of its cells (an empty cell ""), or None
    for a table used for layout: one holding another table, one with fewer than two rows of two or
    more filled cells (or such rows not the majority), or one with a cell of more than
    :data:`MAX_CELL` characters (an article set in a table); and None for a table with anything
    outside its cells or hidden (:func:`_plain_grid`)."""
    if table.find(".//table") is not None or not _plain_grid(table):
        return None
    rows = []
    below: dict[int, int] = {}  # column -> rows still covered by a cell above (rowspan)
    for tr in sorted(table.iter("tr"), key=_row_group):  # a <tfoot> is shown last, wherever written
        cells = _grid_row([td for td in tr if td.tag in ("td", "th")], below)
        if any(c.text for c in cells):
            rows.append(cells)
    multi = sum(1 for cells in rows if sum(1 for c in cells if c.text) >= 2)
    if multi < 2 or 2 * multi < len(rows):
        return None
    if any(len(compact(c.text)) > MAX_CELL for cells in rows for c in cells):
        return None
    return rows


PAGE_FORM_CHARS = 500  # characters: a <form> holding more text than this wraps a page …
PAGE_FORM_SHARE = 0.5  # … as does one holding this share of the page's text


def _text_size(el: Any, limit: int | None = None) -> int:
    """Characters of visible text under ``el`` (scripts and the like, and comments, skipped),
    counted up to ``limit`` when given."""
    size = 0
    for child in el.iter():
        if isinstance(child.tag, str) and child.tag not in _DROP_TAGS and child.text:
            size += len(child.text.strip())
        if child is not el and child.tail:
            size += len(child.tail.strip())
        if limit is not None and size > limit:
            break
    return size


def _unwrap_page_forms(root: Any) -> None:
    """A ``<form>`` that wraps the page (ASP.NET WebForms put the whole page in ``<form
    id="form1">``, common on government and university sites) becomes the ``<div>`` it acts as,
    for our walk and for trafilatura alike; a search box, a login or a comment form stays a form
    (furniture). A wrapper holds more than :data:`PAGE_FORM_CHARS` characters of text, or at least
    :data:`PAGE_FORM_SHARE` of the page's (a short notice)."""
    forms = list(root.iter("form"))
    if not forms:
        return
    body = root.find("body")
    page = _text_size(body if body is not None else root)
    for form in forms:
        size = _text_size(form, PAGE_FORM_CHARS)
        if size > PAGE_FORM_CHARS or (page and size >= PAGE_FORM_SHARE * page):
            form.tag = "div"


def _walk_tree(body: Any) -> list[_Raw]:
    """Every visible text of ``body`` as raw blocks, in document order, without recursion: lxml's
    ``iterwalk`` yields start and end events from C, and the context of each open element is kept
    on an explicit stack."""
    from lxml import etree

    walk = _Walk()
    numbers = itertools.count(1)
    ctxs = [_Ctx()]
    block_depths = [0]  # ``len(ctxs)`` inside each open block element
    walker = etree.iterwalk(body, events=("start", "end", "comment", "pi"))
    for event, el in walker:
        raw_tag = el.tag
        if event in ("comment", "pi"):
            walk.add(el.tail, ctxs[-1])
            continue
        tag = raw_tag if isinstance(raw_tag, str) else ""  # libxml2 lower-cases HTML tag names
        if event == "start":
            if tag in _DROP_TAGS:
                walker.skip_subtree()
            elif tag and tag not in _VOID_TAGS:
                outer = ctxs[-1]
                inner = _child_ctx(el, tag, outer, numbers)
                if tag in _BLOCK_TAGS or inner.kind != outer.kind:
                    walk.flush()
                walk.add(el.text, inner)
                ctxs.append(inner)
                if tag in _BLOCK_TAGS:
                    block_depths.append(len(ctxs))
                if tag == "table" and (rows := _data_rows(el)) is not None:
                    caption = el.find("caption")
                    if caption is not None:
                        walk.add(_cell_text(caption).text, inner)
                    walk.rows(rows, inner)
                    walker.skip_subtree()
            continue
        if tag in _DROP_TAGS or not tag:
            walk.add(el.tail, ctxs[-1])
        elif tag in _VOID_TAGS:
            walk.flush(hard=False)
            if tag == "img":
                walk.image, walk.photo_depth = True, block_depths[-1]
            walk.add(el.tail, ctxs[-1])
        else:
            inner = ctxs.pop()
            outer = ctxs[-1]
            if tag in _BLOCK_TAGS or inner.kind != outer.kind:
                walk.flush()
            if tag in _BLOCK_TAGS and block_depths.pop() == walk.photo_depth:
                walk.photo_depth = -1  # the photo's own container closed
            walk.add(el.tail, outer)
    walk.flush()
    return walk.raws


# --------------------------------------------------------------------------- fallback: no tree


class _FlatReader(_StdlibHTMLParser):
    """A tokenizer-only reader for pages libxml2 cannot build a tree for (nested too deep)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.walk = _Walk()
        self.skip = 0
        self.title: list[str] = []
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP_TAGS - {"meta", "link"}:
            self.skip += 1
            self.in_title = tag == "title"
        elif tag in _BLOCK_TAGS or tag == "br":
            self.walk.flush(hard=tag != "br")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP_TAGS - {"meta", "link"}:
            self.skip = max(0, self.skip - 1)
            self.in_title = False
        elif tag in _BLOCK_TAGS:
            self.walk.flush()

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.skip:
            self.walk.add(data, _Ctx())


# --------------------------------------------------------------------------- the article


def _sections_as_paragraphs(root: Any) -> None:
    """A ``<section>`` that holds only inline content is a paragraph: the rich-text editors of WeChat
    public accounts and Chinese self-media platforms (秀米, 135编辑器) lay out every paragraph of
    an article as ``<section><span>…</span></section>``, with no ``<p>``. trafilatura reads a
    ``<section>`` as a container and keeps none of that text, so it would take the page's few
    ``<p>`` lines (account card, dialogs) for the article; renamed ``<p>``, they are read as the
    paragraphs they are."""
    # A container finds a block among its first descendants; a leaf's subtree is a few inline
    # elements: the scan stays linear in practice.
    leaves = [el for el in root.iter("section") if next(el.iterdescendants(*_BLOCK_TAGS), None) is None]
    for el in leaves:
        el.tag = "p"


def _article_text(root: Any) -> tuple[set[str], str] | None:
    """trafilatura's paragraphs (whitespace removed) and their concatenation, or None."""
    try:
        import trafilatura
        from lxml import etree
    except ImportError:  # pragma: no cover - a declared dependency; the page is still read
        return None
    # The page has been walked: what trafilatura would discard first (scripts, styles, the page's
    # own navigation and footer elements) is removed in place, so that it scans a smaller tree.
    etree.strip_elements(root, *_PRE_STRIP, with_tail=False)
    _sections_as_paragraphs(root)
    try:
        doc = trafilatura.bare_extraction(
            root, fast=True, include_comments=False, include_formatting=True, include_tables=True
        )
    except (ValueError, RecursionError, etree.LxmlError):
        return None
    body = getattr(doc, "body", None)
    if body is None:
        return None
    keys: list[str] = []
    for el in body.iter("p", "head", "item", "cell", "quote", "code", "list"):
        if el.tag == "list":
            continue
        key = compact("".join(el.itertext()))
        if key:
            keys.append(key)
    if not keys:
        return None
    return set(keys), "".join(keys)


def _mark_matches(raws: list[_Raw], keys: set[str], blob: str) -> None:
    """Which blocks trafilatura kept: a block whose text is one of its paragraphs, or (6 characters
    or more) is inside its text. A table is kept or left whole: when one row is one of its cells'
    texts, or the whole table's text is inside its text (one search per table, not per row: a
    table of 40,000 rows would cost a search of the page per row)."""
    rows: dict[int, list[str]] = {}
    for raw in raws:
        key = compact(raw.text)
        if raw.table:
            rows.setdefault(raw.table, []).append(key)
            raw.matched = key in keys or all(compact(c) in keys for c in raw.cells if c.strip())
        else:
            raw.matched = key in keys or (len(key) >= 6 and key in blob)
    kept = {raw.table for raw in raws if raw.table and raw.matched}
    kept |= {
        n
        for n, parts in rows.items()
        if n not in kept and len(whole := "".join(parts)) >= 6 and whole in blob
    }
    for raw in raws:
        raw.matched = raw.matched or (raw.table != 0 and raw.table in kept)


# Lines that close an article on Chinese news sites: the previous/next links, "related" and
# "recommended" boxes, the comment box, the editor's sign-off. What follows them is the site's.
_ARTICLE_END = re.compile(
    rf"^[【\[]?(?:{NEXT_PREVIOUS_LABELS}|{RELATED_BOX_LABELS}|我要评论|发表评论|网友评论|全部评论|热门评论|最新评论|"
    r"返回首页|返回顶部|关闭窗口|打印本页|责任编辑|责编|版权所有|Copyright|©)",
    re.I,
)
_RELATED_BOX = re.compile(rf"^[【\[]?(?:{RELATED_BOX_LABELS})")
LONG_PARAGRAPH = 50  # characters: the first paragraph this long that trafilatura kept opens the article
LINK_LINE = 0.6  # a line whose text is mostly links is navigation, not article


def _anchor(raws: list[_Raw]) -> int | None:
    """The article's first paragraph: the first block trafilatura kept that is a paragraph of
    ``LONG_PARAGRAPH`` characters (mostly not links); on a page without one (a photo gallery),
    its longest such block."""
    best, best_size = None, 0
    for i, raw in enumerate(raws):
        if not raw.matched or raw.link_share >= 0.3:
            continue
        size = len(compact(raw.text))
        if size >= LONG_PARAGRAPH and not raw.table:  # a table's row is no paragraph
            return i
        if size > best_size:
            best, best_size = i, size
    return best


def _article_span(raws: list[_Raw], start: int, anchor: int) -> tuple[int, int] | None:
    """The article: ``(first, last)`` indices of the densest run of blocks trafilatura kept, from
    ``start`` on, cut at the first line that closes an article after ``anchor`` (its first
    paragraph).

    Runs are split where more than ``GAP_CHARS`` characters or ``GAP_BLOCKS`` blocks of the site's
    furniture (link lists, blocks the page marks as navigation, share bars, related items; see
    :func:`_site_furniture`) separate two matched blocks: the convention of article pages is one
    continuous text, with the site's widgets around it, not inside. Plain lines that trafilatura
    did not keep do not split a run; captions the page marks as such widen a gap but mark no
    boundary (they are the article's markup); blocks under the same element marked as furniture
    as the run's last kept block (an article inside a ``div.editor-preview-side``) mark none either.
    """
    GAP_CHARS, GAP_BLOCKS = 300, 6
    runs: list[_Run] = []
    first = last = -1
    weight = gap_chars = gap_blocks = 0
    gap_before: int | None = 0
    marked = False
    run_marker = 0  # the element whose furniture markup the run's last kept block is under, if any
    for i in range(start, len(raws)):
        raw = raws[i]
        if i > anchor and _ARTICLE_END.match(raw.text):
            break
        if _kept(raw):
            if first >= 0 and (gap_chars > GAP_CHARS or gap_blocks >= GAP_BLOCKS):
                runs.append(_Run(first, last, weight, gap_before))
                first, weight, gap_before = -1, 0, None if marked else gap_chars
            if first < 0:
                first = i
            last, weight = i, weight + len(compact(raw.text))
            gap_chars = gap_blocks = 0
            marked = False
            run_marker = raw.ctx.marked_by
        elif first >= 0 and (_site_furniture(raw) or raw.hint == "caption"):
            # a photo's caption the page marks as such is the article's own markup: it widens a
            # gap (a gallery between an article and the comments under it) but marks no boundary
            gap_chars += len(compact(raw.text))
            gap_blocks += 1
            # the page's furniture markup is a boundary, unless the article's own blocks are under
            # the same element (an article in a container whose class reads as furniture:
            # ``<div class="editor-preview-side">``)
            marked = marked or (
                raw.hint == "furniture" and not (run_marker and raw.ctx.marked_by == run_marker)
            )
    if first >= 0:
        runs.append(_Run(first, last, weight, gap_before))
    if not runs:
        return None
    return _merged(runs)


class _Run(NamedTuple):
    """A run of blocks trafilatura kept: its first and last index, its matched characters, and the
    furniture before it: its characters, or None when the page marks some of it as its own
    (navigation, share bars, comments: a boundary, never merged over)."""

    first: int
    last: int
    weight: int
    gap: int | None


def _merged(runs: list[_Run]) -> tuple[int, int]:
    """The densest run, joined with its neighbours while each neighbour holds more text than the
    links between them and none of those is the page's own furniture markup: a long post that sets
    link cards (books, films, products) between its parts is one article with widgets inside, not
    a run of articles; a site's lists after an article hold more links than the text after them,
    and a page's own separators (an answer's vote and share bar) end an article."""

    def joins(near: _Run, between: _Run) -> bool:  # ``between``'s gap separates it from ``near``
        return between.gap is not None and near.weight > between.gap

    lo = hi = max(range(len(runs)), key=lambda k: runs[k].weight)
    while lo > 0 and joins(runs[lo - 1], runs[lo]):
        lo -= 1
    while hi + 1 < len(runs) and joins(runs[hi + 1], runs[hi + 1]):
        hi += 1
    return runs[lo].first, runs[hi].last


def _kept(raw: _Raw) -> bool:
    """trafilatura kept the block, and it is no link line: the article's text."""
    return raw.matched and raw.link_share < LINK_LINE


def _site_furniture(raw: _Raw) -> bool:
    """A block that separates an article from the site around it: links (navigation, related
    items, cards), or the page's own furniture markup. Plain text that trafilatura did not keep
    (captions, credits, an English title over a translated story, a quoted line) does not: long
    posts interleave such lines with their paragraphs all the way down."""
    return raw.link_share >= LINK_LINE or raw.hint == "furniture"


def _is_prose(raw: _Raw) -> bool:
    """A paragraph of running text: long, sentences, not links, not marked as furniture."""
    text = raw.text
    return (
        raw.hint is None
        and raw.link_share < 0.3
        and len(compact(text)) >= LONG_PARAGRAPH
        and any(c in text for c in "。！？!?")
        and not _ARTICLE_END.match(text)
    )


def _with_lede(raws: list[_Raw], span: tuple[int, int] | None, start: int) -> tuple[int, int] | None:
    """The article with its lede: paragraphs of running text right above the first paragraph
    trafilatura kept, and below the title, belong to the article. News pages set the lede
    (导语, a summary of the story) in a box of its own above the text (``div.introduction``,
    ``div.summary``), which extractors drop as a teaser; nothing else that sits between a
    title and its text is a paragraph of sentences (dates, sources and share bars are short)."""
    if span is None:
        return None
    first = span[0]
    while first - 1 >= start and not raws[first - 1].matched and _is_prose(raws[first - 1]):
        first -= 1
    return first, span[1]


# --------------------------------------------------------------------------- the title


def _title_candidates(root: object, page_title: str | None) -> list[str]:
    """The page's own statements of its title: og:title, then ``<title>`` and its parts."""
    found: list[str] = []
    xpath = root.xpath  # type: ignore[attr-defined]
    for meta in xpath("//meta[@property='og:title' or @name='og:title' or @name='title']"):
        content = _WS.sub(" ", meta.get("content") or "").strip()
        if content:
            found.append(content)
    if page_title:
        whole = _WS.sub(" ", page_title).strip()
        parts = [p for p in _SITE_SEP.split(whole) if p.strip()]
        found += [whole, *parts]
    return found


_TITLE_TAIL = re.compile(r"(?:::|[_|｜@]|\s[-–—]{1,2}\s|——)\s*([^_|｜@:]+?)[\s:：|｜]*$")


def _site_names(root: Any, page_title: str | None) -> frozenset[str]:
    """What names the site rather than the article (whitespace removed): ``og:site_name`` and
    ``application-name``, and the last part of a ``<title>`` of several (``标题 :: 站名 ::``,
    ``标题_栏目_站名``): a site's logo is often its first ``<h1>``, and the site name is in
    every title tag of the site, so it agrees with the title tag without being the title."""
    names = set()
    if root is not None:
        for meta in root.xpath("//meta[@property='og:site_name' or @name='application-name']"):
            names.add(compact(meta.get("content") or ""))
    if page_title and (m := _TITLE_TAIL.search(page_title.strip())) and m.start() > 0:
        names.add(compact(m.group(1)))
    names.discard("")
    return frozenset(names)


def _agrees(text: str, refs: list[str], sites: frozenset[str] = frozenset()) -> bool:
    """``text`` is one of the page's statements of its title, or a prefix or part of one (a
    title tag adds the site name; an og:title may be cut short with ``...``), and not the site's
    name (``sites``)."""
    key = compact(text)
    if len(key) < 4 or key in sites:
        return False
    for ref in refs:
        r = compact(ref)
        trimmed = r.rstrip(".…")
        if key == r or key.rstrip(".…") == trimmed:
            return True
        if len(key) >= 6 and (r.startswith(key) or (trimmed != r and key.startswith(trimmed))):
            return True
        if len(key) >= 8 and key in r:
            return True
        label = key[: len(key) - len(r)]
        if len(r) >= 8 and key.endswith(r) and len(label) <= 4 and not re.search(r"[:：]", label):
            return True  # a label before the title: 原创, 独家, 视频, 组图
    return False


def _title_like(raw: _Raw, link_ok: bool = False) -> bool:
    """A line that could be a title: 4-80 characters, no closing comma or colon, not a table's row,
    and not a link unless ``link_ok``."""
    size = len(compact(raw.text))
    linked = raw.link_share >= 0.5 and not link_ok
    return 4 <= size <= 80 and not linked and raw.text[-1] not in "。，,；;：:" and not raw.table


def _find_title(
    raws: list[_Raw], anchor: int, refs: list[str], window: int = 60, sites: frozenset[str] = frozenset()
) -> int | None:
    """The block holding the title: the nearest title-like block before the article's first
    paragraph that agrees with og:title or ``<title>`` (a heading may be a link: a blog's title
    links to the post itself); failing that, the nearest heading (``<hN>``, a ``title`` class) just
    above it. Never the site's name (``sites``)."""
    lo = max(0, anchor - window)
    for i in range(anchor - 1, lo - 1, -1):
        raw = raws[i]
        if _title_like(raw, link_ok=raw.ctx.heading is not None) and _agrees(raw.text, refs, sites):
            return i
    for i in range(anchor - 1, max(0, anchor - 8) - 1, -1):
        raw = raws[i]
        if (
            _title_like(raw)
            and raw.hint is None
            and (raw.ctx.heading is not None or raw.ctx.titleish)
            and compact(raw.text) not in sites
        ):
            return i
    return None


def _strip_site(page_title: str | None, refs: list[str]) -> str | None:
    """The title from og:title, else ``<title>`` minus the site name (``标题_某某网``)."""
    if refs and page_title is not None and refs[0] != _WS.sub(" ", page_title).strip():
        return refs[0]  # og:title
    if not page_title:
        return refs[0] if refs else None
    parts = [p.strip() for p in _SITE_SEP.split(_WS.sub(" ", page_title).strip()) if p.strip()]
    return parts[0] if parts else None


# --------------------------------------------------------------------------- assembly


def _join_bold_lines(raws: list[_Raw]) -> list[_Raw]:
    """A bold head broken over lines by ``<br>`` (``英国《泰晤士报》：`` / ``蓬勃发展的…``) is one line."""
    out: list[_Raw] = []
    for raw in raws:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.group == raw.group
            and prev.bold
            and raw.bold
            and prev.hint == raw.hint
            and not raw.after_image
            and len(compact(prev.text)) + len(compact(raw.text)) <= 60
            and prev.text[-1] not in _SENTENCE_PUNCT
        ):
            prev.text = prev.text + raw.text
            continue
        out.append(raw)
    return out


CENTRED_PROSE = 40  # characters: a paragraph this long is prose, whose alignment is the text's own


def _is_caption(raw: _Raw, nxt: _Raw | None, centred_text: bool = False) -> bool:
    """A short plain line right under a photo, or centred in the text, is a caption (the
    convention of news pages: photos and their captions are centred, the text is not). A caption
    is a label, not a sentence: no comma or colon, no exclamation; bold lines are emphasis or heads;
    a line of digits only (``01`` under a section's banner photo) labels nothing.

    A line under a photo whose own paragraph has already closed (``<p><img></p><p>…</p>``,
    ``<div class=img><img></div><p>…</p>``) is the photo's caption only when it is a label standing
    alone: no closing full stop, and not the first of several ``<br>`` lines of one paragraph. A
    sentence there (``这也能看出…。``) or a line that runs on (``问题来了<br>…``) is the text
    resuming after the photo. Where the text's own paragraphs are centred (``centred_text``: a page
    laid out inside one ``<center>``), centring tells nothing."""
    text = raw.text
    size = len(compact(text))
    centred = raw.ctx.center and not centred_text
    if not (
        (raw.after_image or centred)
        and not raw.bold
        and not _NUMBERED.match(text)
        and raw.ctx.heading is None
        and 2 <= size <= MAX_CAPTION
        and re.search(r"[^\W\d_]", text)
        is not None  # words: a bare ``01`` numbers a part, it says nothing of a photo
        and not any(c in text for c in "，,、：:；;")
        and not any(c in text[:-1] for c in "。！？!?")
        and text[-1] not in "！？!?"
    ):
        return False
    if centred or raw.in_photo:
        return True
    runs_on = nxt is not None and nxt.group == raw.group and not nxt.after_image
    return text[-1] not in "。." and not runs_on


def _to_blocks(
    raws: list[_Raw], span: tuple[int, int] | None, title_at: int | None, trust_span: bool = False
) -> list[Block]:
    """Blocks of the raw blocks: outside ``span`` furniture; inside it, link lines are furniture
    and the page's furniture markup holds unless trafilatura kept the block (or ``trust_span``: the
    span came from the density fallback, which the markup had misled)."""
    blocks: list[Block] = []
    by_place: list[int] = []  # blocks that are captions by their place alone (under a photo, centred)
    # centring marks a caption only where the text is not centred itself (an old page laid out
    # inside one <center>): judged on the article's paragraphs of prose
    prose = [
        raw
        for i, raw in enumerate(raws)
        if (span is None or span[0] <= i <= span[1])
        and not raw.table
        and len(compact(raw.text)) >= CENTRED_PROSE
    ]
    centred_text = bool(prose) and sum(raw.ctx.center for raw in prose) >= 0.5 * len(prose)
    # the page's shown text, to tell a hidden copy from hidden text of its own: read only if
    # trafilatura kept some hidden text
    shown = (
        "\n".join(compact(raw.text) for raw in raws if not raw.ctx.hidden)
        if any(raw.ctx.hidden and raw.matched for raw in raws)
        else ""
    )
    per_item = Counter(raw.ctx.item for raw in raws if raw.ctx.item)
    for i, raw in enumerate(raws):
        if i == title_at:
            continue  # consumed as Document.title
        kind = raw.hint
        if span is not None:
            inside = span[0] <= i <= span[1]
            if not inside:
                kind = "furniture"
            elif raw.link_share >= LINK_LINE and len(compact(raw.text)) <= 60 and raw.ctx.heading is None:
                # a link line inside the article: navigation, related items; a heading that links
                # stays a head (a digest's items link to the full texts; an anchor on a head)
                kind = "furniture"
            elif kind == "furniture" and (
                (raw.matched and not (raw.ctx.hidden and compact(raw.text) in shown))
                or (trust_span and not raw.ctx.hidden)
            ):
                # trafilatura kept it: the page's class names were wrong. Hidden text it kept is
                # the article's (a 展开全文 second half, an FAQ's answers shown on a click) unless
                # it repeats text shown elsewhere (a hidden copy of the title, the lede or a part).
                kind = None
        if raw.table:  # a row of data: never a caption or a head
            table = raw.table if kind is None else 0
            blocks.append(Block(raw.text, i + 1, kind=kind, table=table, cells=raw.cells if table else ()))
            continue
        if kind is None and _is_caption(raw, raws[i + 1] if i + 1 < len(raws) else None, centred_text):
            kind = "caption"
            by_place.append(len(blocks))
        heading = raw.ctx.heading if raw.ctx.heading is not None and raw.ctx.heading <= 6 else None
        blocks.append(
            Block(
                raw.text,
                i + 1,
                heading=heading,
                kind=kind,
                bold=raw.bold and heading is None,
                after_image=raw.after_image,
                # an item of a list: a step or a point; an <li> holding a whole article (a CMS
                # template's one-item list) is a container, not an item
                in_list=0 < per_item[raw.ctx.item] <= LIST_ITEM_BLOCKS,
            )
        )
    _picture_post(blocks, by_place)
    return blocks


LIST_ITEM_BLOCKS = 4  # blocks an <li> holds at most to be an item of a list
PICTURE_POST = 1 / 3  # share of the article's text in lines under photos that makes them its text
PICTURE_POST_LINES = 10  # and how many such lines at least (a photo news item has a handful)
PICTURE_POST_CHARS = 12  # and their mean length: a story's lines, not labels


def _picture_post(blocks: list[Block], by_place: list[int]) -> None:
    """On a picture post (a photo blog, a gallery, a fashion spread) the lines under the photos
    are the story: when ten or more lines taken for captions by their place alone, 12 characters
    long on average, hold a third or more of the article's text, they are body text again (a
    组图's labels, however many, stay captions). News captions are a few short labels
    beside long paragraphs (3-7% of the text on the development pages; a short photo news item
    with five labelled photos, 28%); a photo blog's forty lines under its photos were 40%."""
    if len(by_place) < PICTURE_POST_LINES:
        return
    under = sum(len(compact(blocks[i].text)) for i in by_place)
    if under < PICTURE_POST_CHARS * len(by_place):
        return  # labels (开幕式现场全景): a photo set's captions, however many
    body = sum(len(compact(b.text)) for b in blocks if b.kind is None)
    if under >= PICTURE_POST * (under + body):
        for i in by_place:
            blocks[i] = dataclasses.replace(blocks[i], kind=None)


# ``</body>`` and ``</html>`` end tags. Pages assembled from server-side includes carry the
# included header's own ``</html>`` before the article (``…header…</html><div class=content>…``);
# browsers ignore such tags (HTML's parsing rules put what follows back into the body), but
# libxml2 stops reading there and would lose the article. The parser closes both at the end.
_STRAY_END = re.compile(r"</(?:[hH][tT][mM][lL]|[bB][oO][dD][yY])\s*>")


def _parse(html: str) -> tuple[object | None, list[_Raw], str | None]:
    """The lxml root (None when the page is nested too deep for a tree), raw blocks, ``<title>``."""
    import lxml.html
    from lxml import etree

    parser = lxml.html.HTMLParser(encoding="utf-8", huge_tree=True)
    data = _STRAY_END.sub("", html).encode("utf-8", "surrogatepass")
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError:
        root = None
    too_deep = any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log)
    if root is None or too_deep:
        flat = _FlatReader()
        flat.feed(html)
        flat.close()
        flat.walk.flush()
        title = _WS.sub(" ", "".join(flat.title)).strip() or None
        return None, flat.walk.raws, title
    _unwrap_page_forms(root)
    title_el = root.find(".//title")
    page_title = _WS.sub(" ", title_el.text_content()).strip() if title_el is not None else None
    body = root.find("body")
    raws = _walk_tree(body if body is not None else root)
    return root, raws, page_title or None


def html_to_document(html: str, doc_id: str, source: str) -> Document:
    """Read one HTML page: its article's blocks, the page's other visible text as furniture.

    ``Document.title`` is the article title (see the module docstring); the block holding it,
    if any, is consumed (not among the blocks), as a reader's title always was.
    """
    root, raws, page_title = _parse(html)
    raws = _join_bold_lines(raws)
    refs = _title_candidates(root, page_title) if root is not None else ([page_title] if page_title else [])
    sites = _site_names(root, page_title)
    article = _article_text(root) if root is not None else None
    span = title_at = None
    if article is not None:
        _mark_matches(raws, *article)
    anchor = _anchor(raws) if article is not None else None
    if anchor is not None:
        title_at = _find_title(raws, anchor, refs, sites=sites)
        start = title_at + 1 if title_at is not None else 0
        widget = next((i for i in range(start, anchor) if _RELATED_BOX.match(raws[i].text)), None)
        if title_at is not None and widget is not None and any(_kept(raws[i]) for i in range(start, widget)):
            # What trafilatura kept lies past a "related" box under the title: it took the
            # widget (a photo gallery has too little text). The article is above the box, when
            # it kept anything there (a photo's caption); with nothing (a promo and a video
            # label over 相关新闻：), below.
            span = (start, widget - 1)
        else:
            span = _with_lede(raws, _article_span(raws, start, anchor), start)
    else:
        # trafilatura kept no text paragraph: the article runs from the title to the first line
        # that closes an article.
        title_at = _find_title(raws, len(raws), refs, window=len(raws), sites=sites)
        if title_at is not None and article is not None:
            end = next(
                (i for i in range(title_at + 1, len(raws)) if _ARTICLE_END.match(raws[i].text)), len(raws)
            )
            span = (title_at + 1, end - 1) if end > title_at + 1 else None
    h1s = [r.text for r in raws if r.ctx.heading == 1 and r.hint is None and compact(r.text) not in sites]
    if title_at is not None:
        title: str | None = raws[title_at].text
    elif h1s and _agrees(h1s[0], refs):
        title = h1s[0]
    else:
        title = _strip_site(page_title, refs) or (h1s[0] if h1s else None)
    consumed = title_at
    blocks = _to_blocks(raws, span, consumed)
    meta: dict[str, object] = {"format": "html"}
    if _implausible(raws, blocks):
        dense = _densest_span(raws)
        if dense is not None and _prose_in(raws, dense) > 2 * _body_prose(raws, blocks):
            consumed = title_at if title_at is None or title_at < dense[0] else None
            blocks = _to_blocks(raws, dense, consumed, True)
            meta["region"] = "density"
    if consumed is not None:
        meta["title_shown"] = True  # the title is the page's heading, consumed: a copy below repeats it
    return Document(doc_id, source, blocks, title=title, meta=meta)


# --------------------------------------------------------------------------- plausibility

PLAUSIBLE_BODY = 50  # characters of prose: an article found with less has none …
PLAUSIBLE_MIN = 400  # … which is implausible on a page with at least this many characters of prose
LABEL_COST = 5  # what a short line that is neither prose nor links costs a region (a date, a label)


def _prose(raw: _Raw) -> int:
    """The characters of a block that reads as prose (a sentence mark, mostly not links, not a
    table's row), else 0."""
    if raw.link_share >= 0.3 or raw.table or not any(m in raw.text for m in "。！？；"):
        return 0
    return len(compact(raw.text))


def _body_prose(raws: list[_Raw], blocks: list[Block]) -> int:
    return sum(_prose(raws[b.line - 1]) for b in blocks if b.kind is None)


def _prose_in(raws: list[_Raw], span: tuple[int, int]) -> int:
    return sum(_prose(raw) for raw in raws[span[0] : span[1] + 1])


def _implausible(raws: list[_Raw], blocks: list[Block]) -> bool:
    """The article found holds no prose to speak of (under :data:`PLAUSIBLE_BODY` characters) on a
    page with :data:`PLAUSIBLE_MIN` characters of it: the region was missed (a page that wraps its
    article in markup read as furniture, which trafilatura also dropped). A smaller share is no
    sign: portal pages hold far more prose in their lists than in a short article (on the
    development pages, articles held from 2% of the page's prose up)."""
    total = sum(_prose(raw) for raw in raws)
    return total >= PLAUSIBLE_MIN and _body_prose(raws, blocks) < PLAUSIBLE_BODY


def _densest_span(raws: list[_Raw]) -> tuple[int, int] | None:
    """The run of blocks with the highest score, each block scoring its prose characters, minus its
    characters when it is mostly links, minus :data:`LABEL_COST` otherwise: the maximum subsequence
    of Pasternack and Roth ("Extracting article text from the web with maximum subsequence
    segmentation", WWW 2009). Departure: they score tokens with a trained classifier; here blocks
    are scored by prose and link density, which needs no training."""
    best = run = 0
    start, span = 0, None
    for i, raw in enumerate(raws):
        prose = _prose(raw)
        score = prose or -(len(compact(raw.text)) if raw.link_share >= LINK_LINE else LABEL_COST)
        if run <= 0:
            run, start = 0, i
        run += score
        if run > best:
            best, span = run, (start, i)
    return span
