"""Segment a Chinese article by its headlines.

Input is a :class:`~pipeline.readers.Document` (a list of blocks); output is a :class:`Segmented`
with ``title``, ``subtitle``, ``lede`` (body before the first section headline), ``sections`` (each a
``headline`` or ``None``, a ``level`` with 1 = top, and ``text``) and ``removed`` (what is set aside:
bylines, captions and their ``摄`` credits, editor/source/date lines, signature blocks, page
furniture).

Nothing is lost: every block of the input is accounted for, in order, by exactly one
:class:`Piece` of :attr:`Segmented.pieces` (a block that opens with a head, such as
``（一）指导思想。全面贯彻…``, becomes two pieces joined by their separator). The sections and
``removed`` are built from those pieces alone.

How headlines are found, in one pass over the blocks:

1. *Set aside* what is not body text (:func:`removal_kind`, credit lines with the caption above
   them, a trailing signature block, dateline prefixes such as ``本报讯（记者 X）``, trailing
   ``（责任编辑：X）``).
2. *Title and subtitle*: the reader's title, else the first short unpunctuated line; a second such
   line right after it, before any body text, is the subtitle.
3. *Heads*, each with a style: explicit markup (Markdown ``#``, HTML ``<h1>``-``<h3>``); enumerated
   (``第一章``, ``一、``, ``（一）``, ``1.``, ``（1）``, ``①``) and bracketed (``【稳就业】``), split off
   when they open a paragraph; ``plain`` short lines without sentence punctuation that introduce
   body text; ``sentence`` heads (a short one-sentence line ending in 。 before a long paragraph),
   accepted only when the document uses that pattern at least twice and not as its first body line;
   ``bold`` lines (a whole Markdown line in ``**…**``).
   On a page of several articles (a byline closes each), a plain head that opens an article has
   style ``article``.
4. *Levels*: one level per style for the whole document. Explicit markup ranks by its own level;
   ``article`` is above every other style; the rest rank in order of first appearance.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.readers import Block, Document

SENTENCE_END = "。！？!?"
HARD_PUNCT = "。！？!?；;"

# --------------------------------------------------------------------------- patterns

_HAN = r"\u3400-\u9fff"
_NAME = rf"[{_HAN}·]{{2,5}}"
_BYLINE_ROLE = r"(?:本报记者|特约记者|见习记者|实习记者|记者|通讯员|实习生|特约撰稿人|撰稿|作者|文|图|摄影|摄|编辑|责任编辑|责编|校对|审核|来源|供稿|整理)"
_CREDIT = re.compile(
    rf"^(?:[（(]\s*)?(?:图[/／:：]\s*)?(?:{_BYLINE_ROLE}\s*)?{_NAME}(?:[\s、/／]+{_NAME})*\s*[/／]?\s*摄(?:影)?(?:\s*[）)])?$"
)
_BRACKETED = re.compile(r"^[（(]([^（）()]{1,60})[）)]$")
_NAMES_ONLY = re.compile(rf"^(?:{_BYLINE_ROLE}[:：]?\s*)?{_NAME}(?:[\s、，,]+(?:{_BYLINE_ROLE}[:：]?\s*)?{_NAME})*$")
_STANDALONE_BYLINE = re.compile(
    rf"^(?:(?:本报记者|特约记者|见习记者|实习记者|记者|通讯员|实习生|作者)\s*[:：]?\s*{_NAME}(?:[\s、，,]+{_NAME})*\s*)+$|"
    rf"^(?:(?:文|图|文字|图片|摄影|视频)\s*[/／|｜:：]\s*{_NAME}(?:[\s、，,]+{_NAME})*\s*)+$"
)
_DATE_META = re.compile(r"^(?:\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?)(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?\s+(?:来源|作者|发布|浏览|编辑|字号|阅读)")
_META_LINE = re.compile(
    r"^(?:责任编辑|编辑|责编|校对|审核|审校|终审|初审|复审|来源|稿源|信息来源|文章来源|作者|记者|通讯员|供稿|"
    r"发布时间|发布日期|发文日期|成文日期|时间|日期|浏览次数|阅读量|阅读次数|点击数|点击量|字号|分享到|"
    r"联系人|联系电话|电话|传真|邮编|地址|电子邮箱|邮箱|附件|抄送|主题词)\s*[:：]"
)
_META_KIND = (
    ("editor", r"^(责任编辑|编辑|责编|校对|审核|审校|终审|初审|复审)"),
    ("source", r"^(来源|稿源|信息来源|文章来源|供稿)"),
    ("byline", r"^(作者|记者|通讯员)"),
    ("contact", r"^(联系人|联系电话|电话|传真|邮编|地址|电子邮箱|邮箱)"),
    ("attachment", r"^附件"),
    ("distribution", r"^(抄送|主题词)"),
)
_CN_DIGIT = "〇零一二三四五六七八九十"
_DATE = re.compile(
    rf"^(?:\d{{4}}\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日|[{_CN_DIGIT}]{{4}}年[{_CN_DIGIT}]{{1,2}}月[{_CN_DIGIT}]{{1,3}}日|"
    r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2})(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?$"
)
_DOC_NUMBER = re.compile(rf"^[{_HAN}]{{1,12}}\s*[〔［\[【(（]\d{{4}}[〕］\]】)）]\s*\d{{1,4}}\s*号$")
_ORG_LINE = re.compile(
    rf"^[{_HAN}A-Za-z0-9（）()·]{{2,40}}(?:人民政府|政府|办公室|办公厅|委员会|委|局|厅|部|处|中心|公司|集团|协会|学会|"
    r"研究院|研究所|大学|学院|医院|银行|法院|检察院|指挥部|领导小组|工作组|联合会|总会|组委会|管委会|新闻办)$"
)
_FURNITURE = re.compile(
    r"^(?:[【\[]?(?:打印本页|打印|关闭窗口|关闭|返回顶部|返回|收藏|纠错|字体|字号|分享)[^】\]]{0,12}[】\]]?\s*)+$|"
    r"^(?:上一篇|下一篇|相关链接|相关阅读|相关新闻|扫一扫|分享到|版权所有|Copyright|©)",
    re.I,
)
_DATELINE = re.compile(
    rf"^(?:本报讯|本报[{_HAN}]{{0,8}}电|(?:新华社|中新社|人民网|新华网|央视网|中新网)[{_HAN}\d]{{0,14}}电|[{_HAN}]{{2,10}}讯)"
    r"\s*(?:[（(][^（）()]{0,40}[）)])?\s*"
)
_TRAILING_EDITOR = re.compile(r"\s*[（(](?:责任编辑|编辑|责编|记者|通讯员|来源|作者)[:：]?\s*[^（）()]{1,30}[）)]$")
_CLOSING = re.compile(r"^(?:特此(?:通知|公告|通告|函告|函复|批复|报告|说明|证明)|此复|以上报告，?请审阅)[。.！!]?$")
_ADDRESSEE = re.compile(r"^[^。！？!?]{2,120}(?:人民政府|政府|部门|单位|机构|委员会|各局|企业|学校|同志们?)[：:]$")
_CAPTION_START = re.compile(r"^(?:图为|图片为|▲|△|上图|下图|左图|右图|图[一二三四五六七八九十\d]+[：:、])")

# Enumerated / bracketed head styles, each matched at the start of a block.
_HEAD_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("chapter", re.compile(r"^第[一二三四五六七八九十百零〇\d]{1,4}[章节编篇部分](?=$|\s|[：:、]|[\u4e00-\u9fff])\s*")),
    ("cn-enum", re.compile(r"^[一二三四五六七八九十]{1,3}\s*[、.．]\s*")),
    ("cn-paren", re.compile(r"^[（(]\s*[一二三四五六七八九十]{1,3}\s*[）)]\s*")),
    ("num", re.compile(r"^\d{1,2}\s*[.．、](?!\d)\s*")),
    ("num-paren", re.compile(r"^[（(]\s*\d{1,2}\s*[）)]\s*")),
    ("circled", re.compile(r"^[①-⑳]\s*")),
    ("bracket", re.compile(r"^【[^】]{1,24}】\s*")),
)

MAX_HEAD = 32  # longest headline (characters without spaces) taken from a plain line
MAX_SENTENCE_HEAD = 24
META_MAX = 60  # a "记者：…" or "来源：…" line longer than this is body text (an interview, say)


def _size(text: str) -> int:
    return len(text.replace(" ", ""))


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Piece:
    """One accounted-for span of the input: ``role`` is ``title``, ``subtitle``, ``lede``,
    ``headline``, ``text`` or ``removed``; ``sep`` is the separator that followed it inside the
    same block (for a head split off a paragraph), so ``text + sep`` of a block's pieces rebuild it."""

    line: int
    role: str
    text: str
    sep: str = ""
    kind: str | None = None
    style: str | None = None
    level: int | None = None


@dataclass
class Section:
    headline: str | None
    level: int
    text: str
    line: int
    style: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {"headline": self.headline, "level": self.level, "text": self.text, "line": self.line}


@dataclass
class Segmented:
    id: str
    source: str
    title: str | None
    subtitle: str | None
    lede: str
    sections: list[Section]
    removed: list[dict[str, object]]
    pieces: list[Piece] = field(repr=False, default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "source": self.source,
            "title": self.title,
            "subtitle": self.subtitle,
            "lede": self.lede,
            "sections": [s.to_dict() for s in self.sections],
            "removed": self.removed,
        }


# --------------------------------------------------------------------------- classification


def removal_kind(text: str) -> str | None:
    """The kind of non-body line ``text`` is (``byline``, ``caption``, ``editor``, ``date`` …), or None."""
    t = text.strip()
    if _FURNITURE.search(t):
        return "furniture"
    if _CREDIT.match(t) or (t.endswith("摄") and _size(t) <= 40 and re.search(r"[\s/／]摄$|记者.{1,12}摄$", t)):
        return "caption"
    bracketed = _BRACKETED.match(t)
    if bracketed:
        inner = bracketed.group(1).strip()
        if re.fullmatch(r"[\d一二三四五六七八九十]{1,3}", inner):
            return None
        if re.search(r"编辑|责编|校对|审核", inner):
            return "editor"
        if re.search(r"来源|供稿|稿源", inner):
            return "source"
        if _DATE.match(inner):
            return "date"
        if "摄" in inner:
            return "caption"
        if _NAMES_ONLY.match(inner) or re.search(_BYLINE_ROLE, inner):
            return "byline"
        return "note" if _size(inner) <= 30 else None
    if _STANDALONE_BYLINE.match(t):
        return "byline"
    if _META_LINE.match(t) and _size(t) <= META_MAX and not any(c in t[:-1] for c in SENTENCE_END):
        for kind, pattern in _META_KIND:
            if re.match(pattern, t):
                return kind
        return "meta"
    if _DATE.match(t):
        return "date"
    if _DATE_META.match(t) and _size(t) <= META_MAX:
        return "meta"
    if _CLOSING.match(t):
        return "closing"
    if _DOC_NUMBER.match(t):
        return "doc-number"
    return None


def enumerated_style(text: str) -> str | None:
    """The enumeration or bracket style ``text`` opens with, if any."""
    return next((style for style, pattern in _HEAD_PATTERNS if pattern.match(text)), None)


def head_match(text: str) -> tuple[str, str, str, str] | None:
    """Split an enumerated or bracketed head off ``text``.

    Returns ``(style, headline, sep, rest)``: the whole block is the headline when it is short;
    a head that opens a paragraph is split at its first 。：；！？ (or, where punctuation was lost,
    its first space) when what precedes is short. A long enumerated paragraph with no short head
    is a list item, not a headline (None).
    """
    for style, pattern in _HEAD_PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        body = text[m.end():]
        if style == "bracket":
            return style, text[: m.end()].rstrip(), text[len(text[: m.end()].rstrip()): m.end()], body
        space = re.search(r"\s+", body)
        if space and _size(body[: space.start()]) <= 20 and _size(body[space.end():]) >= max(12, 2 * _size(body[: space.start()])) \
                and not any(c in body[: space.start()] for c in HARD_PUNCT):
            end = m.end() + space.start()
            return style, text[:end], text[end: m.end() + space.end()], text[m.end() + space.end():]
        if not body or (_size(text) <= MAX_HEAD and not any(c in body[:-1] for c in HARD_PUNCT)):
            if body and (body[-1] in "；;" or (body[-1] == "。" and "，" in body)):
                return None  # a list item: （一）按照合同约定，接受服务；
            if body and body[-1] in "。；;":
                return style, text[:-1], text[-1], ""
            return style, text, "", ""
        cut = re.search(r"[。：:；;！？!?]", body)
        if cut and _size(text[: m.end() + cut.start()]) <= MAX_HEAD and body[cut.end():].strip():
            end = m.end() + cut.start()
            return style, text[:end], text[end], text[end + 1:]
        return None
    return None


def _is_plain_candidate(text: str) -> bool:
    size = _size(text)
    return (
        2 <= size <= MAX_HEAD
        and not any(c in text for c in HARD_PUNCT + "：:")
        and text[-1] not in "，,、"
        and re.search(f"[{_HAN}]", text) is not None
    )


def _is_sentence_candidate(text: str) -> bool:
    return (
        4 <= _size(text) <= MAX_SENTENCE_HEAD
        and text[-1] in "。！!"
        and not any(c in text[:-1] for c in HARD_PUNCT + "：:")
        and "，" not in text
    )


# --------------------------------------------------------------------------- the segmenter


@dataclass
class _Item:
    """A working unit: a block, or part of one after a prefix/suffix was split off."""

    line: int
    text: str
    sep: str = ""
    removed: str | None = None
    heading: int | None = None  # explicit markup level
    bold: bool = False  # a whole line in bold (Markdown **…**)
    style: str | None = None
    head_text: str | None = None
    head_sep: str = ""
    role: str | None = None  # title / subtitle once decided


def _split_prefix_suffix(block: Block) -> list[_Item]:
    """Dateline prefixes and trailing editor/byline brackets become their own removed items."""
    text = block.text
    items: list[_Item] = []
    m = _DATELINE.match(text)
    if m and m.end() < len(text) and block.heading is None:
        prefix = text[: m.end()]
        items.append(_Item(block.line, prefix.rstrip(), sep=prefix[len(prefix.rstrip()):], removed="byline"))
        text = text[m.end():]
    tail = _TRAILING_EDITOR.search(text) if block.heading is None else None
    if tail and tail.start() > 0:
        kind = removal_kind(text[tail.start():].strip()) or "editor"
        items.append(_Item(block.line, text[: tail.start()], sep=text[tail.start(): tail.start() + len(tail.group(0)) - len(tail.group(0).lstrip())]))
        items.append(_Item(block.line, tail.group(0).strip(), removed=kind))
    else:
        items.append(_Item(block.line, text, heading=block.heading, bold=block.bold))
    return items


def segment(doc: Document) -> Segmented:
    """Segment one document. Never raises on odd input: the worst case is one headless section."""
    items: list[_Item] = []
    for block in doc.blocks:
        if block.kind:
            items.append(_Item(block.line, block.text, removed=block.kind))
            continue
        kind = removal_kind(block.text) if block.heading is None else None
        if kind:
            items.append(_Item(block.line, block.text, removed=kind))
        else:
            items.extend(_split_prefix_suffix(block))

    _mark_captions(items)
    _mark_signature(items)
    _mark_addressee(items)
    body = [it for it in items if it.removed is None]
    _mark_title(doc, body)
    _mark_heads(body)
    _mark_articles(items)
    return _assemble(doc, items)


def _mark_captions(items: list[_Item]) -> None:
    """A credit line (``XXX 摄``) sets aside the short line right above it as its caption."""
    for i, item in enumerate(items):
        if item.removed != "caption" or not re.search(r"摄(?:影)?[）)]?$", item.text) or i == 0:
            continue
        prev = items[i - 1]
        if prev.removed is None and prev.heading is None and prev.line >= item.line - 1 and _size(prev.text) <= 80:
            prev.removed = "caption"
    for item in items:
        if item.removed is None and item.heading is None and _CAPTION_START.match(item.text) and _size(item.text) <= 100:
            item.removed = "caption"


def _mark_signature(items: list[_Item]) -> None:
    """Organisation names and dates closing the document are its signature block."""
    run: list[_Item] = []
    for item in reversed(items):
        if item.removed is not None and item.removed != "date":
            if run:
                break
            continue
        if item.removed == "date" or _ORG_LINE.match(item.text) or _DATE.match(item.text):
            run.append(item)
            continue
        break
    if any(_ORG_LINE.match(it.text) for it in run) or len(run) >= 2:
        for it in run:
            it.removed = "signature" if it.removed is None else it.removed


def _mark_addressee(items: list[_Item]) -> None:
    """The 主送机关 line of an official document (``各区县人民政府，市政府各部门：``) among its first lines."""
    for item in [it for it in items if it.removed is None][:4]:
        if item.heading is None and _ADDRESSEE.match(item.text) and head_match(item.text) is None:
            item.removed = "addressee"
            return


def _mark_title(doc: Document, body: list[_Item]) -> None:
    if doc.title:
        # The page's own copy of its title (HTML <title>, a record's title field) among its first
        # lines; a reader's title takes no subtitle.
        for it in body[:5]:
            if it.text == doc.title or (it.heading is None and _size(it.text) <= 60 and it.text.startswith(doc.title)):
                it.role = "title"
                return
        return
    if len(body) < 2:
        return
    first = body[0]
    min_heading = min((it.heading for it in body if it.heading), default=None)
    single_top = first.heading is not None and sum(1 for it in body if it.heading == first.heading) == 1
    if not ((first.heading is not None and first.heading == min_heading and single_top) or (
        first.heading is None and _size(first.text) <= 50 and _is_plain_candidate(first.text[:MAX_HEAD])
        and not any(c in first.text for c in HARD_PUNCT) and head_match(first.text) is None
    )):
        return
    first.role = "title"
    if len(body) > 2 and first.heading is None:
        second = body[1]
        if second.heading is None and head_match(second.text) is None and (
            second.text.startswith(("—", "--")) or _is_plain_candidate(second.text.lstrip("—-"))
        ):
            second.role = "subtitle"


def _mark_heads(body: list[_Item]) -> None:
    free = [it for it in body if it.role is None]
    list_style: str | None = None
    for it in free:
        if it.heading is not None:
            it.style, it.head_text, it.text = f"h{it.heading}", it.text, ""
            continue
        if it.bold and _size(it.text) <= MAX_HEAD and not any(c in it.text[:-1] for c in HARD_PUNCT):
            it.style, it.head_text, it.text = "bold", it.text, ""
            continue
        m = head_match(it.text)
        style = enumerated_style(it.text)
        if m and style is not None and style == list_style:
            m = None  # the last item of a list (（2）……。 after （1）……；) is a list item too
        if m:
            it.style, it.head_text, it.head_sep, rest = m
            it.text = rest
        list_style = style if m is None else None

    def is_long_body(it: _Item | None, than: str) -> bool:
        return it is not None and it.style is None and _size(it.text) >= max(2 * _size(than), 16)

    # Plain heads, decided back to front so that a stack of heads (title over sub-head) qualifies.
    for i in range(len(free) - 1, -1, -1):
        it = free[i]
        if it.style or not _is_plain_candidate(it.text):
            continue
        nxt = free[i + 1] if i + 1 < len(free) else None
        if is_long_body(nxt, it.text) or (nxt is not None and nxt.style is not None and nxt.head_text is not None):
            it.style, it.head_text = "plain", it.text
            it.text = ""

    # Sentence heads: a repeated pattern, never the first body line.
    sentence = [
        i for i, it in enumerate(free)
        if it.style is None and i > 0 and _is_sentence_candidate(it.text)
        and is_long_body(free[i + 1] if i + 1 < len(free) else None, it.text)
    ]
    if len(sentence) >= 2:
        for i in sentence:
            it = free[i]
            it.style, it.head_text, it.head_sep = "sentence", it.text[:-1], it.text[-1]
            it.text = ""


def _assign_levels(heads: list[_Item]) -> dict[str, int]:
    explicit = sorted({it.style for it in heads if it.style and it.style.startswith("h") and it.style[1:].isdigit()})
    order: list[str] = []
    for it in heads:
        if it.style not in explicit and it.style not in order and it.style != "article":
            order.append(it.style)  # type: ignore[arg-type]
    ranked = explicit + (["article"] if any(it.style == "article" for it in heads) else []) + order
    return {style: rank for rank, style in enumerate(ranked, start=1)}


def _mark_articles(items: list[_Item]) -> None:
    """On a page of several articles, each closed by a byline, a plain head opening one is ``article``."""
    bylines = [i for i, it in enumerate(items) if it.removed == "byline" and it.text == it.text.strip() and _BRACKETED.match(it.text)]
    later_heads = [i for i, it in enumerate(items) if it.style == "plain"]
    if not bylines or not any(h > bylines[0] for h in later_heads):
        return
    expect, seen_head = True, False  # the page's first head opens its first article, after the lede
    for it in items:
        if it.removed == "byline" and _BRACKETED.match(it.text):
            expect = True
        elif it.removed is None and it.role is None:
            if expect and it.style == "plain":
                it.style = "article"
            seen_head = seen_head or it.style is not None
            if it.style is not None or (it.text and seen_head):
                expect = False


def _assemble(doc: Document, items: list[_Item]) -> Segmented:
    levels = _assign_levels([it for it in items if it.style and it.removed is None])
    pieces: list[Piece] = []
    title = doc.title
    subtitle = None
    for it in items:
        if it.removed is not None:
            pieces.append(Piece(it.line, "removed", it.text, it.sep, kind=it.removed))
        elif it.role == "title":
            title = it.text
            pieces.append(Piece(it.line, "title", it.text, it.sep))
        elif it.role == "subtitle":
            subtitle = it.text
            pieces.append(Piece(it.line, "subtitle", it.text, it.sep))
        else:
            if it.style:
                sep = it.head_sep if it.text else it.head_sep + it.sep
                pieces.append(Piece(it.line, "headline", it.head_text or "", sep, style=it.style, level=levels[it.style]))
            if it.text:
                pieces.append(Piece(it.line, "text", it.text, it.sep))

    lede: list[str] = []
    sections: list[Section] = []
    removed: list[dict[str, object]] = []
    for p in pieces:
        if p.role == "removed":
            removed.append({"kind": p.kind, "text": p.text, "line": p.line})
        elif p.role == "headline":
            sections.append(Section(p.text, p.level or 1, "", p.line, p.style))
        elif p.role == "text":
            if sections:
                sec = sections[-1]
                sec.text = f"{sec.text}\n{p.text}" if sec.text else p.text
            else:
                lede.append(p.text)
    if not sections and lede:
        first_line = next(p.line for p in pieces if p.role == "text")
        sections = [Section(None, 1, "\n".join(lede), first_line)]
        lede = []
    return Segmented(doc.id, doc.source, title, subtitle, "\n".join(lede), sections, removed, pieces)
