"""Segment a Chinese article by its headlines.

Input is a :class:`~pipeline.readers.Document` (a list of blocks); output is a :class:`Segmented`
with ``title``, ``subtitle``, ``lede`` (body before the first section headline), ``sections`` (each a
``headline`` or ``None`` with its optional ``kicker`` (引题) and ``subtitle`` (副题), a ``level``
with 1 = top, and ``text``) and ``removed`` (what is set aside, each with its kind: bylines,
captions and their ``摄`` credits, editor/source/date/meta lines, signature blocks, page furniture,
share and "related" links, footers, page labels, continuation notes, image file names …).

Nothing is lost: every block of the input is accounted for, in order, by exactly one
:class:`Piece` of :attr:`Segmented.pieces` (a block that opens with a head, such as
``（一）指导思想。全面贯彻…``, becomes two pieces: the head keeps its ``。``). The sections and
``removed`` are built from those pieces alone.

How headlines are found, in one pass over the blocks:

1. *Set aside* what is not body text (:func:`removal_kind`, credit lines with the caption above
   them, a trailing signature block, photo counters ``1/10``, trailing ``（责任编辑：X）``; a wire's
   dateline such as ``本报讯（记者 X）`` stays in the paragraph it opens). A reader's ``furniture``
   block gets the kind its text shows (``责任编辑：…`` is ``editor``) and stays ``furniture``
   otherwise. In documents: the 公文 letterhead (``白石市人民政府文件`` over the document number)
   is ``header``, the speaker's line of a speech (``广东省省长 王伟中``) ``byline``, its salutation
   (``各位代表：``) ``addressee``, right-aligned lines closing a 公文 its ``signature``. A contact
   line repeated after each entry of a list (three or more of one label: a guide's venues, each
   with its 咨询电话) is a field of
   the entries and stays body; a contact block stays set aside. A table's row (HTML, Word, PDF) is a
   ``table`` piece, never set aside, never a head; the rows of one table form a :class:`Table` of
   :attr:`Segmented.tables` in the section where it sits, apart from the section's text (a model
   never reads a table as prose).
2. *Title and subtitle*: the reader's title, else the first short unpunctuated line (site chrome
   above it, copied from a web page, is furniture); a second such line right after it, before any
   body text, is the subtitle. A later copy of the title, or a variant of it among the first lines
   (a repost's own headline), is set aside as ``title-repeat`` (as is a reader's furniture block
   that repeats it: a page's bold copy of its ``<h1>``): the title never becomes a section.
3. *Heads*, each with a style: explicit markup (Markdown ``#``, HTML ``<h1>``-``<h6>``, Word heading
   styles); attachments (``附件1`` over its title: the label is the kicker, style ``appendix``);
   typographic cues (:mod:`pipeline.segment.cues`: a whole line in bold, in a 公文 head face or
   set larger, or a bold/face-marked run-in head ending at ``。``), whose style is their
   numbering when they have one (``一、`` bold or plain is one style), else ``bold``/``face-…``;
   enumerated (``第一章``, ``第一，``, ``一、``, ``（一）``, ``1.``, ``（1）``, ``①``) and bracketed
   (``【稳就业】``), split off when they open a paragraph, longer (up to 60 characters) when the
   numbering continues a head's (``（十一）`` after the head ``（十）``); ``plain`` short lines
   without sentence punctuation that introduce body text (not a ``[label]``; not in verse
   layout: runs of four or more short lines are one sentence broken for phone screens);
   ``sentence`` heads (a short one-sentence line ending in 。 before a long paragraph, never a
   vocative such as ``各位代表！``, nor a line that a colon announces), accepted only when the
   document uses that pattern at least twice and not as its first body line. Neither is ever the
   first text under a photo (a caption, or the text resuming), nor is a sentence head the first
   text after a photo's caption or credit, or a step of an HTML list (``<li>``); ``numeral``
   parts (a bare ``1``, ``2`` … on its own line, counting from 1). On a page of
   several articles (a byline closes each), a plain head that opens an article has style
   ``article``. The entries of a definition list (``1.六大优势产业：…`` under ``名词解释``) are body.
   A head over nothing but the page's links, up to the next head or the end, labels a box of the
   site's (``重点推荐``, ``查看全部回答``) and is set aside with them (:func:`_mark_box_labels`).
4. *Headline blocks*: 2-3 stacked head lines of one style over body text are one headline, the
   newspaper's 引题 / 主题 / 副题 (see :func:`_group_headlines`).
5. *Levels* by nesting, relative to the article (:func:`_assign_levels`): a head of a style
   already open closes what is nested under it and takes that style's level; a new style opens
   one level below the innermost open head; ``article`` and ``appendix`` heads start over at 1;
   a ``chapter`` (``第一章``, ``第一部分``) is never nested under an unnumbered head.
   Where #8 gave each style one level for the whole document (by first appearance), nesting lets
   the same style sit at two depths (bold lead phrases under ``一、`` and under ``（一）``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

from pipeline.read.document import Block, Document
from pipeline.segment.cues import (
    LONG_HEAD,
    Cue,
    Typography,
    block_cue,
    cue_style,
    run_in_head,
    whole_line_limit,
)
from pipeline.segment.model import Piece, Section, Segmented, Table
from pipeline.segment.rules import (
    _ADDRESSEE,
    _BRACKETED,
    _CAPTION_START,
    _DATE,
    _ORG_LINE,
    _RELATED,
    _TRAILING_EDITOR,
    APPENDIX_HEAD,
    APPENDIX_LABEL,
    CHAPTER,
    CITED,
    CONNECTIVE,
    DEFINING,
    DEFINITION,
    FOOTER_MAX,
    GLOSSARY,
    HARD_PUNCT,
    ISSUER_MARK,
    MAX_HEAD,
    ORGANISER,
    REPRINT_NOTICE,
    TRAILING_PROMO,
    _is_plain_candidate,
    _is_sentence_candidate,
    _is_short_line,
    _size,
    enum_number,
    enumerated_style,
    enumerator_end,
    head_match,
    is_chrome,
    is_speaker,
    removal_kind,
    statute_article,
)
from pipeline.text import compact

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
    role: str | None = None  # title / subtitle / kicker / deck once decided
    table: int = 0  # a table row (its table's number): body, never a head, title or set-aside line
    cells: tuple[str, ...] = ()
    align: str | None = None
    cue: Cue | None = None  # a typographic mark on the opening run (Word, PDF)
    size: float | None = None  # the line's type size (PDF, Word), where the reader gives one
    list_level: int | None = None
    after_image: bool = False  # the first text under a photo: never a plain or sentence head
    under_photo: bool = False  # that, or the first text after a photo's caption: never a sentence head
    in_list: bool = False  # in an item of an HTML list: never a sentence head (a step)
    furniture: bool = False  # set aside by the reader (a page's nav, header, footer …), not by its text


# A photo gallery's counter before the caption (``1/10 当全世界…``).
_GALLERY_COUNTER = re.compile(r"^(\d{1,3}\s*/\s*\d{1,3})\s+")


def _split_prefix_suffix(block: Block, cue: Cue | None = None) -> list[_Item]:
    """Photo counters, trailing editor/byline brackets and calls to read more (``点击阅读@某某``)
    become their own removed items (a wire's dateline stays in its paragraph); the rest keeps the
    block's cues (a cue's run shortened by what was cut off)."""
    text = block.text
    items: list[_Item] = []
    counter = _GALLERY_COUNTER.match(text)
    if counter and counter.end() < len(text) and block.heading is None:
        items.append(
            _Item(
                block.line,
                counter.group(1),
                sep=text[len(counter.group(1)) : counter.end()],
                removed="page-label",
            )
        )
        text = text[counter.end() :]
    if cue is not None and len(text) < len(block.text):
        cut = len(block.text) - len(text)
        cue = Cue(cue.length - cut, cue.kind) if cue.length > cut else None
    editor = _TRAILING_EDITOR.search(text) if block.heading is None else None
    tail = editor or (TRAILING_PROMO.search(text) if block.heading is None else None)
    if tail and tail.start() > 0:
        kind = removal_kind(text[tail.start() :].strip()) or ("editor" if tail is editor else "furniture")
        items.append(
            _Item(
                block.line,
                text[: tail.start()],
                sep=text[tail.start() : tail.start() + len(tail.group(0)) - len(tail.group(0).lstrip())],
                cue=Cue(min(cue.length, tail.start()), cue.kind) if cue is not None else None,
                list_level=block.list_level,
            )
        )
        items.append(_Item(block.line, tail.group(0).strip(), removed=kind))
    else:
        items.append(
            _Item(
                block.line,
                text,
                heading=block.heading,
                bold=block.bold,
                align=block.align,
                cue=cue,
                size=block.size,
                list_level=block.list_level,
                after_image=block.after_image,
                in_list=block.in_list,
            )
        )
    return items


def segment(doc: Document) -> Segmented:
    """Segment one document. Never raises on odd input: the worst case is one headless section."""
    items: list[_Item] = []
    typo = Typography.of(doc)
    after_caption = False  # the block before was a photo's caption: this one is under the photo too
    contacts: list[int] = []  # contact lines of the text (not the reader's furniture)
    for block in doc.blocks:
        under_photo = block.after_image or after_caption
        after_caption = block.kind == "caption"
        if block.table and not block.kind:
            # A table row is body text where the table sits, however much it looks like a head
            # (一、本年新收申请数量 21 0 …) or a date, byline or signature.
            items.append(_Item(block.line, block.text, table=block.table, cells=block.cells))
            continue
        if block.kind:
            # A reader's furniture gets the kind its text shows (editor, date, footer …) where it has one.
            reader_kind = (
                (removal_kind(block.text) or block.kind)
                if block.kind in ("furniture", "caption")
                else block.kind
            )
            items.append(
                _Item(
                    block.line, block.text, removed=reader_kind, after_image=block.after_image, furniture=True
                )
            )
            continue
        kind = removal_kind(block.text) if block.heading is None else None
        if kind == "contact":
            contacts.append(len(items))
        if kind:
            items.append(_Item(block.line, block.text, removed=kind, after_image=block.after_image))
        else:
            parts = _split_prefix_suffix(block, block_cue(block, typo))
            for part in parts:
                part.under_photo = under_photo
            items.extend(parts)

    _keep_list_fields(items, contacts)
    _mark_contents(items)
    _mark_captions(items)
    _mark_signature(items)
    _mark_issuer(items)
    _mark_speaker(items)
    _mark_addressee(items)
    _mark_chrome(doc, [it for it in items if it.removed is None])
    body = [it for it in items if it.removed is None]
    _mark_title(doc, body)
    _unmark_subtitle_after_contents(items)
    _mark_repeated_title(doc, items)
    _mark_reprinted_title(items)
    body = [it for it in body if it.removed is None]
    _mark_heads(body)
    _keep_organisers(items)
    _unmark_title_tags(doc, body)
    _mark_listed_heads(items)
    _mark_numerals(body)
    _mark_box_labels(doc, items)
    _mark_related_boxes(items)
    _mark_references(items)
    _mark_reprint_notices(items)
    _mark_articles(items)
    _group_headlines([it for it in body if it.removed is None and it.role is None])
    _mark_table_notes([it for it in items if it.removed is None])
    return _assemble(doc, items)


# A statistical table's unit line, printed right above it (``单位：万元``, ``编制部门：某局 单位：元``,
# ``金额单位：人民币元``), and its note right below (``注：本表为空表。``): typographic parts of a
# Chinese table (表头单位, 表注), read with the table and never summarized as prose.
_TABLE_UNIT = re.compile(
    r"单位\s*[：:]\s*(?:人民币)?(?:[万亿千百]?元|万?美元|%|[万]?人|个|件|户|家|次|[万]?吨|公顷|亩|平方米|公里|千米)"
    r"[）)]?\s*$"
)
_TABLE_NOTE = re.compile(r"^(?:注|备注|说明|数据来源|资料来源)\s*\d*\s*[：:]")
TABLE_NOTE_MAX = 150  # characters: a longer paragraph after a table is text, not its note
TABLE_CAPTION_MAX = 60  # characters: a unit line is short and no sentence (编制部门：某局 单位：元)
TABLE_TITLE_MAX = 40  # characters: a table's title (收入支出决算总表, 表1 主要经济指标)


def _is_unit_line(text: str) -> bool:
    return (
        len(text) <= TABLE_CAPTION_MAX
        and not any(m in text for m in "。，；")
        and bool(_TABLE_UNIT.search(text))
    )


def _is_table_title(text: str) -> bool:
    """A short line with no sentence or clause punctuation (a title, not a lead-in ending in ``：``)."""
    return len(text) <= TABLE_TITLE_MAX and not any(m in text for m in "。，；：:！？!?,;")


def _mark_table_notes(body: list[_Item]) -> None:
    """A table's title and unit line right above it are its ``table-caption`` (``表1 收入决算总表``
    over ``单位：万元``: either may be missing), a short note right below it its ``table-note``
    (``body``: the items not set aside, in order)."""

    def plain(it: _Item) -> bool:
        return it.role is None and it.style is None and not it.table and bool(it.text)

    for k, it in enumerate(body):
        if not it.table or (k and body[k - 1].table):
            continue
        j = k - 1
        above = body[j] if j >= 0 else None
        if above is not None and plain(above) and _is_unit_line(above.text):
            above.role = "table-caption"
            j -= 1
        above = body[j] if j >= 0 else None
        if above is not None and plain(above) and _is_table_title(above.text):
            above.role = "table-caption"
    for prev, it in pairwise(body):
        if prev.table and plain(it) and _TABLE_NOTE.match(it.text) and len(it.text) <= TABLE_NOTE_MAX:
            it.role = "table-note"


# A table of contents' entry: a title, then a dot leader (……, ......, ·····, ．．．．) and
# perhaps a page number; a reader may join several entries into one line. A typographic
# structure of reports and books, not a site's convention.
_LEADER = re.compile(r"\s*[…\.·．。・\-—_]{4,}\s*[0-9０-９ivxIVX\-–—]{0,8}\s*")
CONTENTS_TITLE_MAX = 80


def is_contents_entry(text: str) -> bool:
    """One or more entries of a table of contents: every piece between dot leaders a short title
    (not a sentence), the line ending with a leader (and page number)."""
    pieces = _LEADER.split(text.strip())
    if len(pieces) < 2 or pieces[-1]:
        return False
    titles = [p for p in pieces if p]
    return bool(titles) and all(
        _label(p, CONTENTS_TITLE_MAX) and re.search(r"[\u3400-\u9fffA-Za-z]", p) for p in titles
    )


def _label(text: str, limit: int) -> bool:
    """A line of a table of contents' length: at most ``limit`` characters, not a sentence."""
    return len(text.strip()) <= limit and not any(c in text for c in "。；;！？")


CONTENTS_LABEL = re.compile(r"^(?:目\s*录|目\s*次|contents)\s*[:：]?$", re.I)
CONTENTS_ITEM_MAX = 40  # a line between two entries this short, without a sentence, is an entry too


def _mark_contents(items: list[_Item]) -> None:
    """A table of contents (``目录`` and entries with dot leaders) is set aside as ``contents``:
    its entries repeat the heads of the text below, which are the headlines. Lines between two
    entries that are short and not sentences (sub-entries printed without a leader) are entries
    too; a ``目录`` label right above the entries is part of it."""
    for it, nxt in pairwise(items):
        if it.removed is None and nxt.removed == "toc" and CONTENTS_LABEL.match(it.text.strip()):
            it.removed = "contents"  # the label over a Word contents field's entries
    free = [it for it in items if it.removed is None]  # table rows too: a contents page laid out as one
    entries = [i for i, it in enumerate(free) if is_contents_entry(it.text)]
    k = 0
    while k < len(entries):
        first = last = entries[k]
        k += 1
        while k < len(entries) and all(
            _label(free[j].text, CONTENTS_ITEM_MAX) for j in range(last + 1, entries[k])
        ):
            last = entries[k]
            k += 1
        if first > 0 and CONTENTS_LABEL.match(free[first - 1].text.strip()):
            first -= 1
        if last == first and not CONTENTS_LABEL.match(free[first].text.strip()):
            continue  # one leader line alone is not a table of contents
        for it in free[first : last + 1]:
            it.removed = "contents"
    _mark_listed_contents([it for it in items if it.removed is None])


def _mark_listed_contents(free: list[_Item]) -> None:
    """A table of contents printed without leaders: under a ``目录`` label, the run of short lines
    (no sentences) down to the last one whose title (without its number) ends a short line further
    down the document, where the part it lists begins (``部门主要职能`` → ``某某局主要职能``)."""
    i = next((i for i, it in enumerate(free) if CONTENTS_LABEL.match(it.text.strip())), None)
    if i is None:
        return
    end = i + 1
    while end < len(free) and _label(free[end].text, CONTENTS_ITEM_MAX):
        end += 1
    titles = [_title_key(x.text) if len(x.text.strip()) <= CONTENTS_TITLE_MAX else "" for x in free[i + 1 :]]
    listed = [
        k
        for k, key in enumerate(titles[: end - i - 1])
        if len(key) >= 2 and any(b.endswith(key) for b in titles[k + 1 :])
    ]
    if len(listed) >= 3:
        last = i + 1 + listed[-1]
        # an entry whose part is titled otherwise below (``七、项目经费情况说明`` over parts named
        # each for its project) is still an entry when it goes on numbering the listed entries
        ranks = [r for x in free[i + 1 : last + 1] if (r := _enumerated(x)) is not None]
        while (
            last + 1 < end
            and ranks
            and (r := _enumerated(free[last + 1])) == (ranks[-1][0], ranks[-1][1] + 1)
        ):
            last += 1
            ranks.append(r)
        for x in free[i : last + 1]:
            x.removed = "contents"


_FIGURE_ENTRY = re.compile(r"^\s*(?:附?[表图]|table|figure|fig\.?)\s*[0-9０-９]", re.I)


def _title_key(text: str) -> str:
    """A line as a contents entry and the head it lists are matched: no number, no space."""
    return compact(text[enumerator_end(text) :])


def _entry_title(text: str) -> str:
    """A contents line's text before its first dot leader."""
    return next((p for p in _LEADER.split(text.strip()) if p), "")


def _contents_key(text: str) -> str:
    """An entry's title as a head below would print it: no leader, page number, number or space.
    An entry of a list of tables or figures (``表1 …``, ``图2 …``) names a caption, not a part: none."""
    title = _entry_title(text)
    if _FIGURE_ENTRY.match(title):
        return ""
    title = re.sub(r"\s+[0-9０-９ivxIVX]{1,4}\s*$", "", title)  # a Word field's page number after a tab
    return _title_key(title)


# An entry's number inside a contents line: a PDF line that holds two entries set without a leader
# (``第二部分 某部2024年度部门决算表一、收入支出决算总表``) lists a head at each.
_INNER_ENTRY = re.compile(r"(?<=[\u3400-\u9fff）)])(?=[一二三四五六七八九十]{1,3}、\S{4})")


def _contents_keys(text: str) -> list[str]:
    """The heads a contents line lists: the key of the whole line (its entry, when it holds one),
    and the key of each entry joined to it after an inner number (``…决算表一、收入支出决算总表``)."""
    key = _contents_key(text)
    title = _entry_title(text)
    if not key:
        return []
    joined = _INNER_ENTRY.split(title)[1:] if enumerator_end(title) else []  # an entry opens the line
    return [key] + [_contents_key(part) for part in joined]


def _mark_listed_heads(items: list[_Item]) -> None:
    """A line the table of contents lists is a head (a part's title set small, like a table's title
    ``收入支出决算总表`` over its table, listed as ``一、收入支出决算总表``): the contents name the
    document's parts, whatever their typography. Whole lines only, matched without numbers."""
    listed = {
        key
        for it in items
        if it.removed in ("contents", "toc")
        for key in _contents_keys(it.text)
        if len(key) >= 2
    }
    listed -= {compact(it.text) for it in items if CONTENTS_LABEL.match(it.text.strip())}
    if not listed:
        return
    for it in items:
        if (
            it.removed is None
            and it.style is None
            and it.role is None
            and not it.table
            and len(it.text) <= CONTENTS_TITLE_MAX
            and _contents_key(it.text) in listed
        ):
            it.style, it.head_text, it.text = "listed", it.text, ""


LIST_FIELDS = 3  # lines of one contact label, each after an entry, that make them a list's fields
LIST_ENTRY = 12  # characters of text between them: an entry (上海古猗园 / 成人票原价：12元), not a name


def _keep_list_fields(items: list[_Item], contacts: list[int]) -> None:
    """Contact lines (``电话：…``, ``地址：…``) close a release as a block; the same labelled line
    repeated after each entry of a list (a guide's venues, each ``游客咨询电话：…`` after the venue's
    text) is a field of the entries. Three or more lines of one label, each after an entry's text
    (``LIST_ENTRY`` characters since the contact line before it), are body text; a contact block
    (``联系人：…`` / ``联系电话：…``, or names between the phones: ``北京 张丽`` / ``电话：…``) stays
    set aside."""
    if len(contacts) < LIST_FIELDS:
        return
    after_entry = [contacts[0]] + [
        b
        for a, b in pairwise(contacts)
        if sum(_size(it.text) for it in items[a + 1 : b] if it.removed is None) >= LIST_ENTRY
    ]
    labels = {i: re.split(r"[:：]", items[i].text, maxsplit=1)[0].strip() for i in after_entry}
    counts = Counter(labels.values())
    for i, label in labels.items():
        if counts[label] >= LIST_FIELDS:
            items[i].removed = None


def _mark_captions(items: list[_Item]) -> None:
    """A credit line (``XXX 摄``) sets aside the short line right above it as its caption, unless
    a photo stands between them (the credit is the first text under it): the line above is then
    the text before the photo."""
    for i, item in enumerate(items):
        if item.removed != "caption" or not re.search(r"摄(?:影)?[）)]?$", item.text) or i == 0:
            continue
        if item.after_image:
            continue
        prev = items[i - 1]
        if (
            prev.removed is None
            and not prev.table
            and prev.heading is None
            and prev.line >= item.line - 1
            and _size(prev.text) <= 80
        ):
            prev.removed = "caption"
    for item in items:
        if (
            item.removed is None
            and not item.table
            and item.heading is None
            and _CAPTION_START.match(item.text)
            and _size(item.text) <= 100
        ):
            item.removed = "caption"


def _mark_signature(items: list[_Item]) -> None:
    """Organisation names and dates closing the document are its signature block; in a Word or
    PDF 公文 the signature and date are the short right-aligned lines at its end (GB/T
    9704-2012 §7.3.5), after which only the 版记 (抄送, 印发) may follow."""
    run: list[_Item] = []
    for item in reversed(items):
        if item.table:
            break
        if item.removed is not None and item.removed != "date":
            if run:
                break
            continue
        if (
            item.removed == "date"
            or _ORG_LINE.match(item.text)
            or _DATE.match(item.text)
            or (
                item.align == "right"
                and _size(item.text) <= 40
                and not any(c in item.text for c in HARD_PUNCT)
            )
        ):
            run.append(item)
            continue
        break
    if any(_ORG_LINE.match(it.text) or it.align == "right" for it in run) or len(run) >= 2:
        for it in run:
            it.removed = "signature" if it.removed is None else it.removed


def _keep_organisers(items: list[_Item]) -> None:
    """A site footer's organiser line right under a head, with the text going on below (``二、组织
    单位`` / ``主办单位：某司`` / ``承办单位：某中心``), answers the head: it is body, and so are
    organiser lines right under it. Copyright, licence and disclaimer lines stay footers."""
    last_body = max((k for k, it in enumerate(items) if it.removed is None and it.text.strip()), default=-1)
    under_head = False  # the line before was an empty head, or a footer line kept under one
    for k, it in enumerate(items):
        if not (it.text.strip() or it.head_text):
            continue
        if (
            it.removed == "footer"
            and ORGANISER.match(it.text.strip())
            and not it.furniture
            and k < last_body
            and under_head
        ):
            it.removed = None
            continue
        under_head = it.removed is None and it.head_text is not None and not it.text.strip()


def _mark_addressee(items: list[_Item]) -> None:
    """The 主送机关 line of an official document (``各区县人民政府，市政府各部门：``) among its first lines."""
    for item in [it for it in items if it.removed is None and not it.table][:4]:
        if item.heading is None and _ADDRESSEE.match(item.text.strip()) and head_match(item.text) is None:
            item.removed = "addressee"
            return


def _mark_issuer(items: list[_Item]) -> None:
    """The 发文机关标志 of a 公文 (``白石市人民政府文件`` over the document number, GB/T 9704-2012
    §7.2.3) is its letterhead, set aside as ``header``: the title is the line under the number."""
    for k, item in enumerate(items[:4]):
        if item.removed == "doc-number":
            return
        nxt = next((it for it in items[k + 1 :] if it.text.strip()), None)
        if (
            item.removed is None
            and not item.table
            and item.heading is None
            and ISSUER_MARK.match(item.text.strip())
            and nxt is not None
            and nxt.removed == "doc-number"
        ):
            item.removed = "header"
            return


def _mark_speaker(items: list[_Item]) -> None:
    """The speaker's line under a speech's title (``广东省省长 王伟中``: a post and a name, the
    convention of speeches and work reports) among the first lines, before the salutation or
    the first paragraph, is a byline."""
    for item in [it for it in items if it.removed is None and not it.table][:5]:
        if item.heading is None and is_speaker(item.text):
            item.removed = "byline"
            return


def _mark_chrome(doc: Document, body: list[_Item]) -> None:
    """Site chrome above a plain text's title (a site name, a slogan, ``手机网站``, copied from a
    web page along with the article) is furniture, not the title."""
    if doc.title:
        return
    for k, it in enumerate(body[:6]):
        rest = body[k + 1 : k + 4]
        if (
            it.heading is None
            and not it.table
            and is_chrome(it.text)
            and any(_is_short_line(r.text) for r in rest)
        ):
            it.removed = "furniture"
        else:
            return


_COLUMN_TAG = re.compile(r"^【[^】]{1,20}】")
_TITLE_TAG = re.compile(r"^[【\[〖《](.+)[】\]〗》]$")


def _mark_repeated_title(doc: Document, items: list[_Item]) -> None:
    """The article title never becomes a section: a later copy of it, or a variant among the
    first lines, is set aside as ``title-repeat``; so is a copy the reader set aside as furniture."""
    body = [it for it in items if it.removed is None]
    title = next((it.text for it in body if it.role == "title"), doc.title)
    if not title:
        return
    key = compact(title)
    free = [it for it in body if it.role is None and not it.table]
    columns = sum(1 for it in free if _COLUMN_TAG.match(it.text.strip())) >= 2  # a digest's columns
    for k, it in enumerate(free):
        text = compact(it.text)
        if k < 3 and not columns:
            text = _TITLE_TAG.sub(r"\1", text)  # 【标题】 among the first lines is the title too
        if text == key or (k < 3 and _is_title_variant(text, key)):
            it.removed = "title-repeat"
    for it in items:
        if it.removed == "furniture" and compact(it.text) == key:
            it.removed = "title-repeat"


REPRINT_BEFORE = 50  # characters: a paragraph this long is the text's (the text has begun, or goes on)
DOC_TITLE_MAX = 60  # characters: the longest reprinted document title taken


def _mark_reprinted_title(items: list[_Item]) -> None:
    """A news page that reprints an official document under its own headline keeps the document's
    title at the top of the text, right over its number (``国务院关于积极推进…的指导意见`` /
    ``国发〔2015〕40号`` / ``各省、自治区…：``): the document's title, set aside as ``header``, not
    the first head of the text. Never the page's own title or subtitle (roles), a numbered entry
    (a list of documents) or a lead-in (``…全文如下：``)."""
    seen_text = False
    previous: _Item | None = None
    for it in items:
        if it.removed == "doc-number":
            if (
                previous is not None
                and not seen_text
                and previous.role is None
                and _size(previous.text) <= DOC_TITLE_MAX
                and not any(c in previous.text for c in "。；;！？!?，,：:")  # a lead-in (全文如下：) is text
                and head_match(previous.text) is None  # an entry of a list of documents (1. 国务院关于…)
            ):
                previous.removed = "header"
            return
        if it.removed is None and not it.table and it.text.strip():
            if previous is not None and _size(previous.text) >= REPRINT_BEFORE:
                seen_text = True
            previous = it


def _unmark_title_tags(doc: Document, body: list[_Item]) -> None:
    """A bracketed tag that opens a paragraph and repeats the title (``【广智救我】该梗出自…`` under
    the title ``广智救我``) echoes the title: it opens no section, the paragraph is text."""
    title = next((it.text for it in body if it.role == "title"), doc.title)
    if not title or sum(1 for it in body if it.style == "bracket") > 1:
        return  # tags of several columns (a digest's 【政务信息】【基层动态】): columns, not an echo
    key = compact(title)
    for it in body[:3]:
        if it.style == "bracket" and it.text and _TITLE_TAG.sub(r"\1", compact(it.head_text or "")) == key:
            _unset_head(it)


def _common_prefix(a: str, b: str) -> int:
    return next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))


def _is_title_variant(text: str, title: str) -> bool:
    """A repost repeats its source's headline, a variant of the title, at the top of the text:
    a short line that shares its beginning and end with the title (most of its characters)."""
    if not 8 <= len(text) <= 60 or "。" in text:
        return False
    prefix = _common_prefix(text, title)
    suffix = _common_prefix(text[::-1], title[::-1])
    return prefix >= 4 and suffix >= 4 and prefix + suffix >= 0.6 * min(len(text), len(title))


# What may follow a title on its own line: a site's name or a tag after a separator
# (``雄安新区 - 维基百科``, ``标题_凤凰网``, ``标题（图）``), not more words (``雄安新区容城县…``, an
# address); unless the title is long enough to be a headline cut short (a record's title field).
TRUNCATED_TITLE = 8  # characters: a title this long that a first line goes on from was cut short
_TITLE_SUFFIX = re.compile(r"^(?:\s|[-_|｜–—·•:：（(【\[]|$)")


ATTACHMENT_LABEL = re.compile(r"^附\s*件\s*[0-9０-９一二三四五六七八九十]{0,3}\s*[:：]?$")


def _lone_part(text: str, rest: list[_Item]) -> bool:
    """``第二部分 监理大纲`` over a text with no other part, chapter or section of its unit: the title
    of an excerpt (one part of a tender document, one chapter of a standard), not its first head."""
    rank = _unit_rank(text)
    return rank is not None and not any(_unit_rank(it.text) == rank for it in rest)


def _mark_title(doc: Document, items: list[_Item]) -> None:
    """The title among the first lines of ``items`` (the body, tables included), and the subtitle
    under it: a short line that no data table follows (a line over a table of two rows or more is
    its section's head; a ——subtitle is one whatever follows). An attachment's label (``附件2``)
    over the title is set aside as ``attachment``."""
    body = [it for it in items if not it.table]
    if doc.title:
        # The page's own copy of its title (HTML <title>, a record's title field) among its first
        # lines; a reader's title takes no subtitle. A title the reader took from a heading on the
        # page has been shown: the copy below (``…的通知（全文）`` too) repeats it.
        for it in body[:5]:
            shown = bool(doc.meta.get("title_shown"))  # a heading's title is never cut short
            if it.text == doc.title or (
                it.heading is None
                and _size(it.text) <= 60
                and it.text.startswith(doc.title)
                and (
                    _TITLE_SUFFIX.match(it.text[len(doc.title) :]) is not None
                    or (not shown and _size(doc.title) >= TRUNCATED_TITLE)  # a record's title cut short
                )
            ):
                if doc.meta.get("title_shown"):
                    it.removed = "title-repeat"
                else:
                    it.role = "title"
                return
        return
    if (
        len(body) >= 2
        and len(items) > 2
        and ATTACHMENT_LABEL.match(body[0].text.strip())
        and body[0].heading is None
    ):
        # an attachment opens with its label at the top left (附件2, GB/T 9704-2012 §8), then its title
        body[0].removed = "attachment"
        body = body[1:]
        items = [it for it in items if it.removed is None]
    if not body or len(items) < 2:  # a title over nothing but a table (a form) is a title still
        return
    first = body[0]
    min_heading = min((it.heading for it in body if it.heading), default=None)
    single_top = first.heading is not None and sum(1 for it in body if it.heading == first.heading) == 1
    if not (
        (first.heading is not None and first.heading == min_heading and single_top)
        or (
            first.heading is None
            and _size(first.text) <= 50
            and _is_short_line(first.text[:MAX_HEAD])
            and not any(c in first.text for c in HARD_PUNCT)
            and (head_match(first.text) is None or _lone_part(first.text, body[1:]))
        )
    ):
        return
    first.role = "title"
    if len(items) > 2 and len(body) >= 2 and first.heading is None:
        second = body[1]
        at = next(k for k, it in enumerate(items) if it is second)
        after = items[at + 1] if at + 1 < len(items) else None
        over_table = (
            after is not None
            and after.table
            and sum(1 for it in items if it.table == after.table) >= 2  # a data table, not a layout row
            and not second.text.startswith(("—", "--"))  # ——副题 is a subtitle whatever follows
        )
        if (
            second.heading is None
            and not second.table
            and not over_table
            and head_match(second.text) is None
            and (second.text.startswith(("—", "--")) or _is_short_line(second.text.lstrip("—-")))
        ):
            second.role = "subtitle"


def _unmark_subtitle_after_contents(items: list[_Item]) -> None:
    """A subtitle sits right under its title: the first line after a table of contents is where
    the body begins (a report's first part), never the title's subtitle."""
    roles = [k for k, it in enumerate(items) if it.role in ("title", "subtitle")]
    if len(roles) == 2 and any(it.removed == "contents" for it in items[roles[0] + 1 : roles[1]]):
        items[roles[1]].role = None


def _is_emphasis(text: str) -> bool:
    """A bold sentence is emphasis, not a head: it has a full stop or semicolon, or a comma and a
    closing ！ (``嗯，“不是国军不努力，而是共军太狡猾！”``), a quoted question, repeated ！, or
    it is a connective leading into the sentence below (``简单说就是``). A question of
    the writer's own (``一分钱变一元钱，消解经典文化可取吗？``) is a head: the question the
    section answers, a common form of news sub-heads (设问式小标题)."""
    core = text.rstrip("”’」』）)】 ")
    quoted = len(core) < len(text.rstrip())
    return (
        any(c in text for c in "。；;")
        or text[-1] in "，,"
        or ("，" in core and (core[-1:] in "！!" or (quoted and core[-1:] in "？?")))
        or _shouted(text)  # 封闭施工！！！: emphasis, unless in a series (:func:`_mark_shouted_series`)
        or CONNECTIVE.match(text.strip()) is not None  # 简单说就是: leads into the sentence below
    )


# A paragraph that announces a series (以下工作：, 三点意见：, 三大亮点：, 如下：): what follows are its
# parts, sentence heads among them.
_SERIES = re.compile(
    r"(?:以下|如下|下列|(?:[几两二三四五六七八九十多]+|[2-9]|\d{2,})(?:点|个|项|条|件|大|方面|是))[^，。；：:]{0,12}[：:]$"
)


def _announced(prev: _Item) -> bool:
    """A paragraph of text ending at ``：`` announces the line below, which says what it promised
    (``又发现了一个问题：`` / ``医护人员没有饭吃。``), no sentence head; a paragraph announcing a
    series (``主要做了以下工作：``) is followed by its parts, and a head ending at ``：`` by its text."""
    text = prev.text.rstrip()
    return prev.style is None and text.endswith(("：", ":")) and not _SERIES.search(text)


def _mid_bold_sentence(prev: _Item | None, it: _Item, nxt: _Item | None) -> bool:
    """A bold line inside a sentence broken over lines (a phone layout: ``5月20日至31日，`` /
    ``京沪高速北京方向，`` / ``无锡枢纽至广陵枢纽（含江阴大桥）`` / ``将进行封闭施工！！！``;
    ``请大家互相转告通知，`` / ``愿大家都能`` / ``平安出行，安全到家。``) is emphasis, not a head:
    the line before it stops at a clause mark, the sentence goes on in bold around it, and no
    paragraph of text follows it (a bold head after such a line stands over its paragraph)."""
    if not it.bold or prev is None or prev.style is not None or enumerated_style(it.text) is not None:
        return False
    bold_around = prev.bold or (nxt is not None and nxt.bold)  # the sentence is set in bold
    return bold_around and prev.text.rstrip().endswith(("，", "、", ",")) and not _is_long_body(nxt, it.text)


def _set_head(it: _Item, style: str, head: str, sep: str = "", rest: str = "") -> None:
    it.style, it.head_text, it.head_sep, it.text = style, head, sep, rest


def _whole(it: _Item) -> str:
    """The item's whole line, its head (if one was split off) and the text after it."""
    return (it.head_text or "") + it.head_sep + it.text if it.style else it.text


def _unmark_citations(free: list[_Item]) -> None:
    """A numbered line that only cites a document (``1、《某区加快发展某产业实施意见》（某规〔2023〕1号）。``)
    with no paragraph of its own under it is an item of a list of documents (a budget's 立项依据), not a
    head; over text of its own (a digest of policies, each with its 主要内容) it heads it."""
    for k, it in enumerate(free):
        if it.style in _NUMBERED_STYLES and not it.text.strip() and _cites(it):
            nxt = free[k + 1] if k + 1 < len(free) else None
            if nxt is None or nxt.style is not None or _cites(nxt):
                _unset_head(it)


# A paragraph that says what something includes (``主要职能包括：``, ``具体包括（列示至基层预算单位）：``,
# ``…比2024年预算减少10万元。其中：``): the numbered lines under it are the parts it counts.
_INCLUDES = re.compile(r"(?:包括|其中)(?:（[^（）]{0,20}）)?[：:]$")


def _unmark_included_items(free: list[_Item]) -> None:
    """The numbered sentences under a paragraph saying what something includes are the items of
    its list (``主要职能包括：`` / ``一、加强党的建设。`` over its paragraph / ``二、统筹社区发展。`` …;
    ``其中：`` / ``（一）因公出国（境）费0万元，比2024年预算持平。``), not heads, as far as their
    numbering runs from 1: items, each a sentence, unlike heads (``以下工作：`` / ``（一）扩大内需``)."""
    for k, it in enumerate(free[:-1]):
        first = free[k + 1]
        if (
            it.style is not None
            or not _INCLUDES.search(it.text.rstrip())
            or first.style not in _NUMBERED_STYLES
            or enum_number(first.head_text or "") != 1
            or not _whole(first).rstrip().endswith(("。", "；", ";"))
        ):
            continue
        style, number = first.style, 1
        for item in free[k + 1 :]:
            if item.style is None:
                continue
            if item.style != style or enum_number(item.head_text or "") != number:
                break
            _unset_head(item)
            item.in_list = True  # an item of a list: no sentence head either
            number += 1


def _cites(it: _Item) -> bool:
    """A numbered line citing a document, head or not (``2、《某某意见》（某规〔2023〕3号）。``)."""
    line = _whole(it).strip()
    return enumerator_end(line) > 0 and CITED.match(line[enumerator_end(line) :]) is not None


def _unset_head(it: _Item) -> None:
    if it.style is None:
        return
    it.text = _whole(it)
    it.style, it.head_text, it.head_sep = None, None, ""


def _cue_head(it: _Item) -> bool:
    """A head marked by typography (:mod:`pipeline.segment.cues`): a whole line in bold (HTML
    ``<strong>``, Markdown ``**…**``, Word, PDF) or in a head face or size, or a marked run-in head
    opening a paragraph. Its numbering, when it has one, decides its style."""
    cue = it.cue or (Cue(len(it.text), "bold") if it.bold else None)
    if cue is None:
        return False
    text = it.text
    if cue.length >= len(text.rstrip()):
        if _size(text) <= whole_line_limit(text) and not _is_emphasis(text):
            _set_head(it, cue_style(text, cue, it.list_level), text)
            return True
        return False
    split = run_in_head(text, cue.length)
    if split is None:
        return False
    head, sep, rest = split
    _set_head(it, cue_style(head, cue, it.list_level), head, sep, rest)
    return True


def _mark_appendices(free: list[_Item]) -> None:
    """An attachment's label and title (GB/T 9704-2012 §8: ``附件1`` alone on its line, the title
    on the next) are one headline, the label its kicker; ``附件2 名词解释`` on one line is one
    headline. Style ``appendix``: an attachment starts over at level 1."""
    for k, it in enumerate(free):
        if it.style or it.role or it.table or it.heading is not None:
            continue
        text = it.text.strip()
        if APPENDIX_LABEL.match(text):
            nxt = free[k + 1] if k + 1 < len(free) else None
            if (
                nxt is not None
                and nxt.style is None
                and not nxt.table
                and nxt.heading is None
                and _size(nxt.text) <= LONG_HEAD
                and not any(c in nxt.text for c in HARD_PUNCT)
                and enumerated_style(nxt.text) is None
                and not re.search(r"\.[A-Za-z]{2,4}$", nxt.text)  # a linked file's name
            ):
                it.role, it.head_text, it.text = "kicker", it.text, ""
                _set_head(nxt, "appendix", nxt.text)
            else:
                _set_head(it, "appendix", it.text)
        elif APPENDIX_HEAD.match(text):
            _set_head(it, "appendix", it.text)


def _enumerated(it: _Item) -> tuple[str, int] | None:
    text = it.head_text if it.style is not None and it.head_text else it.text
    style = enumerated_style(text)
    if style is None or style in ("bracket", "ordinal") or (it.style is not None and it.style != style):
        return None
    number = enum_number(text)
    return None if number is None else (style, number)


def _mark_sequels(free: list[_Item]) -> None:
    """Numbering marks a head's extent: an enumerated paragraph next in number to a head of its
    style (``（十一）`` after the head ``（十）``, or ``（一）`` before the head ``（二）``) is a head
    too, up to :data:`LONG_HEAD` characters (``（十一）全面推进…，政治安全、社会安定、人民安宁
    良好局面持续巩固。…``), when it has no sentence punctuation before its first full stop."""
    numbered = [
        (it, n)
        for it in free
        if not it.table and it.heading is None and it.role is None and (n := _enumerated(it)) is not None
    ]
    for order, step in ((numbered, 1), (numbered[::-1], -1)):
        last: dict[str, tuple[int, bool]] = {}
        for it, (style, number) in order:
            if it.style is None and last.get(style) == (number - step, True):
                m = head_match(it.text, LONG_HEAD)
                if m is not None and m[0] == style:
                    _set_head(it, *m)
            last[style] = (number, it.style is not None)


def _unmark_definitions(free: list[_Item]) -> None:
    """A definition list (numbered entries, each a term and its definition after a colon,
    ``1.六大优势产业：…``) is body text, not a run of heads: every entry under a glossary heading
    (名词解释, 术语 …, up to the next head), and three or more entries in a row that each show
    they define (a quoted term, a definition opening with 是指/即 …). Run-in heads that end at a
    colon (``（一）加强组织领导：各地要…``) keep their heads."""

    def definition(it: _Item) -> str | None:
        text = _whole(it)
        style = enumerated_style(text)
        if it.heading is not None or it.table or style in (None, "bracket", "chapter"):
            return None
        entry = text[enumerator_end(text) :]
        return entry if DEFINITION.match(entry) else None

    glossary = False
    run: list[_Item] = []
    for it in [*free, None]:
        entry = definition(it) if it is not None and it.role is None else None
        if it is not None and entry is not None:
            if glossary:
                _unset_head(it)
            elif DEFINING.match(entry):
                run.append(it)
                continue
        if len(run) >= 3:
            for entry_item in run:
                _unset_head(entry_item)
        run = []
        if it is not None and entry is None:
            text = _whole(it).strip()
            glossary = GLOSSARY.match(text) is not None or (glossary and it.style is None)


_CUE_STYLES = ("bold", "face-", "size")


def _unmark_lone_run_ins(free: list[_Item]) -> None:
    """Unnumbered run-in heads marked only by typography are a document's pattern or nothing: a
    single bold (or 黑体/楷体) opening sentence in a whole document is emphasis, not a head. Run-in
    heads come in series (``大力提振消费。…``, ``着力扩大有效投资。…``), as ``sentence`` heads do."""
    lone = [it for it in free if it.style and it.style.startswith(_CUE_STYLES) and it.head_sep + it.text]
    if len(lone) == 1:
        _unset_head(lone[0])


STATUTE_ARTICLES = 3  # articles numbered from 第一条 on that make a text a statute
_ITEM_STYLES = ("cn-paren", "num", "num-paren", "circled")  # 项 （一）, 目 1. and their like


def _unmark_statute_items(free: list[_Item]) -> None:
    """A statute, regulation or set of rules (条例, 办法, 章程) is written in articles numbered from
    ``第一条`` on; by the drafting convention its parts nest 编 > 章 > 节 > 条 > 款 > 项 (（一）) >
    目 (1.). The article is the unit of text: an article's own line when it is a sentence (a
    ``第三十五条 本办法由县民政局负责解释。`` taken for a sentence head) and the items under it
    (``（一）第一类救助对象为：``, ``2、低收入家庭…``: numbered as 项 and 目, their numbering begun
    inside the article) are never heads. A head of any other kind (``一、``, a bold or plain line,
    ``第二章``, or an explainer's own ``（二）`` whose numbering began before the article) is above
    the articles and ends the one before; a title-only article line (``第一条 租赁期限`` in a
    contract) stays a head. A
    text that only quotes a few articles (第十二条 …, 第十五条 …) is no statute: its articles must
    run from ``第一条`` in sequence (one step in five may skip or repeat: an article lost to the
    layout)."""
    lines = [_whole(it).strip() for it in free]
    articles = [statute_article(line) for line in lines]
    numbers = [n for n in articles if n is not None]
    if len(numbers) < STATUTE_ARTICLES or numbers[0] != 1:
        return
    steps = [b - a == 1 for a, b in pairwise(numbers)]
    if sum(steps) < 0.8 * len(steps):
        return
    in_article = False
    started: set[str] = set()  # item numberings (（一）, 1.) begun inside the current article
    for it, whole, article in zip(free, lines, articles, strict=True):
        style = enumerated_style(whole)
        number = enum_number(whole) if style in _ITEM_STYLES else None
        if article is not None:
            in_article, started = True, set()
            if any(c in whole for c in HARD_PUNCT):
                _unset_head(it)
        elif (
            in_article and it.heading is None and style in _ITEM_STYLES and (number == 1 or style in started)
        ):
            started.add(style)  # the article's own items: 1 begins them, the next continue
            _unset_head(it)
        elif it.style is not None:
            in_article = False  # a head above the articles (一、, （二） of the text's own, 第二章)


def _is_long_body(it: _Item | None, than: str) -> bool:
    """Whether ``it`` is a paragraph of text long enough to be the section under a head ``than``."""
    return it is not None and it.style is None and _holds_section(_size(it.text), than)


def _holds_section(size: int, than: str) -> bool:
    """Whether ``size`` characters are enough to be the section under a head ``than``."""
    return size >= max(2 * _size(than), 16)


def _is_long_table(it: _Item | None, than: str, tables: Counter[int]) -> bool:
    """Whether ``it`` opens a table long enough to be the section under a head ``than``, as a
    paragraph would be (``tables``: each table's size in characters). A numbered table title
    (``表1 主要指标``) is its caption, never its head."""
    return (
        it is not None
        and bool(it.table)
        and _holds_section(tables[it.table], than)
        and not _FIGURE_ENTRY.match(than)
    )


def _shouted(text: str) -> bool:
    """Whether ``text`` ends in repeated exclamation marks (``…！！！``)."""
    return text.rstrip("”’」』）)】 ").endswith(("！！", "!!", "！!", "!！"))


def _mark_shouted_series(free: list[_Item]) -> None:
    """A bold line that shouts (``…！！！``) is emphasis (:func:`_is_emphasis`), but a series of
    them, each over a paragraph of its own, is the text's heads (``奋斗吧！青年！！``,
    ``拼搏吧！青年！！``): emphasis is a one-off, heads come in series."""
    series = [
        it
        for k, it in enumerate(free)
        if it.style is None
        and it.bold
        and _shouted(it.text)
        and not _is_emphasis(
            it.text.rstrip("！!") + "！"
        )  # emphasis for no other reason (。, a comma and ！)
        and _size(it.text) <= MAX_HEAD
        and _is_long_body(free[k + 1] if k + 1 < len(free) else None, it.text)
    ]
    if len(series) >= 2:
        for it in series:
            _set_head(it, "bold", it.text)


MARKED_HEADS = 2  # heading elements in a text that marks its heads: its unmarked short lines are none


def _mark_heads(body: list[_Item]) -> None:
    free = [it for it in body if it.role is None]
    _mark_appendices(free)
    free = [it for it in free if it.role is None]
    list_style: str | None = None
    for k, it in enumerate(free):
        if it.style is not None or it.table:
            list_style = None
            continue
        if it.heading is not None:
            it.style, it.head_text, it.text = f"h{it.heading}", it.text, ""
            continue
        if not _mid_bold_sentence(
            free[k - 1] if k else None, it, free[k + 1] if k + 1 < len(free) else None
        ) and _cue_head(it):
            list_style = None
            continue
        m = head_match(it.text)
        style = enumerated_style(it.text)
        if m and style is not None and style == list_style:
            m = None  # the last item of a list (（2）……。 after （1）……；) is a list item too
        if m:
            it.style, it.head_text, it.head_sep, rest = m
            it.text = rest
        list_style = style if m is None else None
    _mark_sequels(free)
    _unmark_citations(free)
    _unmark_included_items(free)
    _unmark_definitions(free)
    _unmark_lone_run_ins(free)
    _mark_shouted_series(free)

    _mark_plain_heads(free)

    # Sentence heads: a repeated pattern, never the first body line.
    sentence = [
        i
        for i, it in enumerate(free)
        if it.style is None
        and i > 0
        and not it.table
        and not it.bold  # a bold sentence is emphasis
        and not it.under_photo  # a sentence under a photo or its credit is a caption (小花家。)
        and not it.in_list  # a step of a list (<li>打开 Visual Studio 并创建一个项目。)
        and not _announced(free[i - 1])  # 又发现了一个问题： / 医护人员没有饭吃。
        and _is_sentence_candidate(it.text)
        and _is_long_body(free[i + 1] if i + 1 < len(free) else None, it.text)
    ]
    if len(sentence) >= 2:
        for i in sentence:
            it = free[i]
            it.style, it.head_text = "sentence", it.text
            it.text = ""
    # A quotation's attribution (“…。” then ——习近平, or a paragraph of body text then ——习近平: an
    # epigraph) is part of what it follows, never a head; a dash line right under a head is that
    # head's subtitle (——记某县优秀共产党员张三).
    for prev, it in pairwise(free):
        quoted = (prev.head_text or prev.text).rstrip().endswith(("”", "」", "』", '"'))
        quoted = quoted or (prev.style is None and bool(prev.text.strip()))
        if (
            quoted
            and it.style is not None
            and ATTRIBUTION.match((it.head_text or "").strip())
            and not it.text
        ):
            _unset_head(it)
    _unmark_statute_items(free)


def _mark_plain_heads(free: list[_Item]) -> None:
    # Plain heads, decided back to front so that a stack of heads (title over sub-head) qualifies.
    # A run of four or more short unpunctuated lines is a sentence broken into lines for phone
    # screens (verse layout), not a stack of heads; a text that breaks its sentences so does it
    # throughout, so there no run of two or more such lines is a stack of heads either.
    short = [it.style is None and not it.table and _is_short_line(it.text) for it in free]
    runs: list[range] = []
    start = 0
    for i in range(len(free) + 1):
        if i == len(free) or not short[i]:
            if i - start >= 2:
                runs.append(range(start, i))
            start = i + 1
    shortest = 2 if any(len(r) >= 4 for r in runs) else 4
    verse = {i for r in runs if len(r) >= shortest for i in r}
    first_of: dict[str | None, int] = {}  # where each head style first occurs
    for i, it in enumerate(free):
        if it.style is not None:
            first_of.setdefault(it.style, i)
    tables = Counter[int]()
    for it in free:
        if it.table:
            tables[it.table] += _size(it.text)
    plain: list[_Item] = []
    for i in range(len(free) - 1, -1, -1):
        it = free[i]
        if it.style or i in verse or it.after_image or not short[i] or not _is_plain_candidate(it.text):
            continue
        nxt = free[i + 1] if i + 1 < len(free) else None
        if (
            _is_long_body(nxt, it.text)
            or _is_long_table(nxt, it.text, tables)
            or (
                nxt is not None
                and nxt.style is not None
                and nxt.head_text is not None
                and not (i and _answers_head(free[i - 1], nxt, first_of.get(nxt.style, i) < i))
            )
        ):
            it.style, it.head_text = "plain", it.text
            it.text = ""
            plain.append(it)
    # A text that marks its heads with heading elements, at least as many as its would-be plain
    # heads or among them, marks them all: its short unmarked lines (over code, a quip) are text.
    # Fewer heading elements than plain heads, none between two of them, are boxes (编者按, 链接)
    # or an appendix's titles, and the plain heads of the main text stand.
    marked = [i for i, it in enumerate(free) if it.heading is not None]
    at = [i for i, it in enumerate(free) if it.style == "plain"]  # in order; none is also marked
    among = bool(at) and any(at[0] < i < at[-1] for i in marked)
    if len(marked) >= MARKED_HEADS and (len(marked) >= len(plain) or among):
        for it in plain:
            _unset_head(it)


def _answers_head(prev: _Item, nxt: _Item, nxt_seen: bool) -> bool:
    """A short line under a numbered head with no text of its own, followed by a head of a style
    seen before it (the next number of the same list, or an outer head), is that head's answer
    (``三、实施主体`` / ``上海市某某委员会`` / ``四、实施方案``), not a sub-head stacked over the next
    head: a stack's lower head is a style new at that point, or a list's first number, nested
    under it. A bare number (``一、`` alone) is named by the line under it, and chapters of two
    units (``第一章``, ``第一节``) are two styles."""
    if prev.head_text is None or prev.text.strip() or nxt.head_text is None:
        return False
    named = bool(prev.head_text[enumerator_end(prev.head_text) :].strip(" \t:：.．、"))
    if not named or prev.style not in _NUMBERED_STYLES:
        return False
    if prev.style == nxt.style:
        return prev.style != "chapter" or _unit_rank(prev.head_text) == _unit_rank(nxt.head_text)
    return nxt_seen and enum_number(nxt.head_text) != 1  # a first number opens a list under it


# A quotation's attribution line: a dash, then a name or a source (——习近平, —— 鲁迅《故乡》).
ATTRIBUTION = re.compile(r"^[—―–]{1,2}\s*[^\s，。；：！？,.;:!?]{1,20}$")


def _explicit_level(style: str) -> int | None:
    return int(style[1:]) if style[:1] == "h" and style[1:].isdigit() else None


# The units of a document's parts, from the largest: 编 (部分, 部, 篇) > 章 > 节.
_UNIT_RANKS = {"编": 0, "部分": 0, "部": 0, "篇": 0, "章": 1, "节": 2}


def _unit_rank(head: str) -> int | None:
    """The rank of the unit a ``chapter`` head names (``第一章`` 1, ``第一节`` 2; 0 for the largest),
    None where it names none of them."""
    m = CHAPTER.match(head)
    return _UNIT_RANKS[m.group(1)] if m else None


_NUMBERED_STYLES = ("chapter", "ordinal", "cn-enum", "cn-paren", "num", "num-paren", "circled")


def _type_key(it: _Item) -> tuple[str, float | None] | None:
    """What the page shows of a head's typography, where it is distinctive: its face (GB/T 9704:
    黑体, 楷体) or its larger size. Bold is not: documents set heads of several levels in bold."""
    if it.cue is None or not it.cue.kind.startswith(("face-", "size")):
        return None
    return it.cue.kind, (round(it.size, 1) if it.cue.kind == "size" and it.size else None)


def _typographic_peers(heads: list[_Item]) -> dict[int, str]:
    """Unnumbered heads set like the document's numbered heads of exactly one style (the same
    face, or the same larger size) are their peers, and take their level: a budget's part title
    in 黑体 without a ``第二部分`` is a peer of the 黑体 ``第一部分`` and ``第三部分`` (it would
    otherwise open a level under the ``二、`` before it). Keyed by ``id`` of the head item."""
    numbered: dict[tuple[str, float | None], set[str]] = {}
    for it in heads:
        key = _type_key(it)
        if key is not None and it.style in _NUMBERED_STYLES:
            numbered.setdefault(key, set()).add(it.style)
    peers: dict[int, str] = {}
    for it in heads:
        key = _type_key(it)
        styles = numbered.get(key, set()) if key is not None else set()
        if (
            it.style not in (*_NUMBERED_STYLES, "article", "appendix", "numeral")
            and it.heading is None
            and len(styles) == 1
        ):
            peers[id(it)] = next(iter(styles))
    return peers


def _assign_levels(heads: list[_Item]) -> dict[int, int]:
    """Levels by nesting, relative to the article (keyed by ``id`` of the head item).

    A stack of open head styles: a head of a style already open closes what is nested under it
    and takes that style's level (``二、`` after ``（三）``); a style not open opens one level below
    the innermost open head (the first head style is level 1). An ``article`` head or an
    attachment (``appendix``) starts over at level 1; an explicit ``<hN>`` closes every open
    ``<hM>`` with M >= N. So the same style can sit at different depths: ``一是…`` bold lead
    phrases directly under ``一、`` are level 2, the same bold phrases under ``（一）`` level 3.
    Of ``chapter`` heads, only the document's largest unit is the top of the numbering: a smaller
    one (``第一节`` where there are ``第一章``) is a numbered style of its own, nested under it.
    """
    levels: dict[int, int] = {}
    stack: list[str] = []
    peers = _typographic_peers(heads)
    units = {
        id(it): rank
        for it in heads
        if it.style == "chapter" and (rank := _unit_rank(it.head_text or "")) is not None
    }
    top = min(units.values(), default=0)
    for it in heads:
        style = peers.get(id(it), it.style or "")
        if style == "chapter" and units.get(id(it), top) > top:
            style = f"chapter-{units[id(it)]}"  # 第一节 under 第一章: a numbered part of its own, one down
        explicit = _explicit_level(style)
        if style in ("article", "appendix"):
            stack = [style]
        elif style in stack:
            del stack[stack.index(style) + 1 :]
        else:
            if explicit is not None:
                deeper = (k for k, s in enumerate(stack) if (_explicit_level(s) or 0) >= explicit)
                del stack[next(deeper, len(stack)) :]
            elif style == "chapter":
                # 第一章, 第一部分: the top of the numbering, never under an unnumbered head (a bold
                # 导 言 before 第一章 is its peer); an article's or attachment's own start stays
                roots = [k + 1 for k, open_style in enumerate(stack) if open_style in ("article", "appendix")]
                del stack[roots[-1] if roots else 0 :]
            stack.append(style)
        levels[id(it)] = len(stack)
    return levels


BOX_LINKS = 2  # link lines under a head, and nothing else, that make it a box's label (one may be an ad)


# The apparatus that closes a text: references, notes, external links (a wiki's 参考文献 / 外部链接,
# an encyclopedia's 参考资料, a bulletin's 注释 / 资料来源).
REFERENCE_HEAD = re.compile(
    r"^(?:参考文献|参考资料|参考书目|外部链接|外部连结|注释|注解|脚注|尾注|资料来源|数据来源|references|notes|external links)$",
    re.I,
)


def _mark_reprint_notices(items: list[_Item]) -> None:
    """A reprint notice or a platform's disclaimer (:data:`REPRINT_NOTICE`) after the text's last
    paragraph is the site's footer; the same words with more text after them are the text's."""
    for k, it in enumerate(items):
        if (
            it.removed is None
            and it.style is None
            and not it.table
            and _size(it.text) <= FOOTER_MAX
            and REPRINT_NOTICE.search(it.text.strip())
            and not any(
                x.removed is None and not x.table and _size(x.text) >= REPRINT_BEFORE for x in items[k + 1 :]
            )
        ):
            it.removed = "footer"


REFERENCE_PROSE = 30  # characters: an unnumbered paragraph this long ending in 。 is prose, no entry
_ENTRY_MARK = re.compile(r"^\s*(?:\[\d+\]|［\d+］|\^|↑|[①-⑳]|注\s*\d*\s*[:：]|\d{1,3}\s*[.．、)）])")


def _is_prose_paragraph(text: str) -> bool:
    """A paragraph of running text, not an entry of references or notes (those are numbered or
    marked: ``[1]``, ``^``, ``①``, ``1.``, ``注：``)."""
    t = text.strip()
    return (
        _size(t) >= REFERENCE_PROSE
        and t.endswith("。")
        and not _ENTRY_MARK.match(t)
        and enumerator_end(t) == 0
    )


def _mark_references(items: list[_Item]) -> None:
    """Sections at the end of a text headed 参考文献, 外部链接, 注释 … (unnumbered, and nothing but such
    sections after them) are its apparatus, not its body: set aside as ``footnote``, head and lines,
    so they are neither summarized nor lost. A 注释 section inside the text, followed by body
    sections, stays; so does one holding prose (an unnumbered paragraph ending in 。) or a table,
    and a numbered one (``一、脚注`` in a how-to about notes)."""
    heads = [k for k, it in enumerate(items) if it.removed is None and it.style is not None and not it.table]
    start = None
    for k in reversed(heads):
        head = items[k]
        label = compact(head.head_text or "").strip("【】[]：:")
        under = items[k + 1 : (start if start is not None else len(items))]
        if (
            not REFERENCE_HEAD.match(label)  # no reference head (a numbered 一、脚注 included)
            or head.text.strip()  # a run-in head with its text is a section of the body
            or any(x.table for x in under)  # a table keeps its structure in the body
            or any(_is_prose_paragraph(x.text) for x in under if x.removed is None)
        ):
            break
        start = k
    if start is None:
        return
    for it in items[start:]:
        if it.removed is None and it.role is None:
            _unset_head(it)
            it.removed = "footnote"


def _mark_box_labels(doc: Document, items: list[_Item]) -> None:
    """On a web page, a head over nothing but the page's links (``重点推荐``, ``查看全部 621 个回答``
    over a list of links), up to the end or the next head of its own style or above, labels a box
    of the site's, not a part of the text: it is set aside with the links. Other set-aside lines
    among the links (a caption, a share bar, a dateline) are looked past: body text after them
    makes the head a section's. A head over a deeper head (a part's title over its first section,
    links or an ad between) and an attachment's label (``附件``) are not concerned; nor is any head
    outside HTML, where "links" are not known (a text's decoration lines are no links)."""
    if doc.meta.get("format") != "html":
        return
    for i, it in enumerate(items):
        if (
            it.style in (None, "appendix")
            or it.removed is not None
            or it.role is not None
            or it.text.strip()
            or it.table
        ):
            continue
        links = 0
        for nxt in items[i + 1 :]:
            if nxt.removed is not None:
                links += nxt.removed in ("furniture", "related")
                continue
            if nxt.table or nxt.role is not None or not nxt.style:
                links = 0  # body text: the head has a section
            elif not _same_or_above(nxt.style, it.style):
                links = 0  # a deeper head: this one is a part's title over its sections
            break
        if links >= BOX_LINKS:
            _unset_head(it)
            it.removed = "furniture"
            kicker = items[i - 1] if i > 0 and items[i - 1].role == "kicker" else None
            if kicker is not None:  # its numeral (``5`` over the head) goes with it
                kicker.removed, kicker.role = "furniture", None
                kicker.text = (kicker.head_text or kicker.text) + kicker.head_sep
                kicker.style, kicker.head_text, kicker.head_sep = None, None, ""


RELATED_LABEL_MAX = 12  # characters: a head this short that names a "related" box is its label
RELATED_TEASERS = 12  # paragraphs under such a label, at most, that are a box's teasers
RELATED_TEASER_MAX = 80  # characters: a teaser is a line or two; a longer paragraph is the text's own


def _mark_related_boxes(items: list[_Item]) -> None:
    """A head that names a box of other articles (``为你推荐``, ``相关阅读``, ``延伸阅读``; a heading
    element too) over nothing but teasers to the end of the text (at most :data:`RELATED_TEASERS`
    short paragraphs, no head after them) labels that box, not a part of the text: it and the
    teasers are set aside as ``related`` (they would otherwise be summarized as the article's last
    section). A ``## 相关报道`` section with the text going on after it stays a head. (The HTML
    reader ends an article at such a label itself; this is for what it does not read: Markdown,
    text, Word.)"""
    for i, it in enumerate(items):
        if (
            it.style is None
            or it.removed is not None
            or it.role is not None
            or it.text.strip()
            or _size(it.head_text or "") > RELATED_LABEL_MAX
            or not _RELATED.match((it.head_text or "").strip())
        ):
            continue
        box = [nxt for nxt in items[i + 1 :] if nxt.removed is None]
        if (
            any(b.table or b.style is not None or b.role is not None for b in box)  # the text goes on
            or len(box) > RELATED_TEASERS
            or any(_size(b.text) > RELATED_TEASER_MAX for b in box)
        ):
            continue
        _unset_head(it)
        it.removed = "related"
        for teaser in box:
            teaser.removed = "related"


def _same_or_above(style: str, than: str) -> bool:
    """Whether a head of ``style`` after one of ``than`` is its peer or above it, not nested under
    it: the same style, or an explicit ``<hN>`` level no deeper."""
    level, other = _explicit_level(style), _explicit_level(than)
    if level is not None and other is not None:
        return level <= other
    return style == than


GALLERY_TEXT = 40  # characters: a paragraph under a photo's numbered head this long is a part's text


def _mark_numerals(body: list[_Item]) -> None:
    """Parts numbered by a bare numeral on its own line (``1``, ``2``, ``3`` …, counting from 1):
    the numeral is the head, or the kicker of the short line right under it. A stray number that
    starts no such sequence is a counter (views, comments) and is furniture. Where every number
    sits right under a photo, one that kicks no head numbers the photo (a gallery's ``01`` over
    its caption), and so does one over a short line with no paragraph of text under it (``01`` /
    ``古城南门夜景``): both are set aside as the photo's caption."""
    free = [it for it in body if it.role is None and it.removed is None and not it.table]
    cands = [
        i for i, it in enumerate(free) if it.style is None and re.fullmatch(r"0?\d{1,2}", it.text.strip())
    ]
    values = [int(free[i].text) for i in cands]
    sequence = len(values) >= 2 and values[0] == 1 and all(b >= a for a, b in pairwise(values))
    numerals = set(cands)
    gallery = all(free[i].after_image for i in cands)  # every number right under a photo
    for i in cands:
        it = free[i]
        if not sequence:
            it.removed = "furniture"
            continue
        # the line under a numeral is its head unless it is the next numeral (``1`` / ``2`` / ``3``)
        nxt = free[i + 1] if i + 1 < len(free) and i + 1 not in numerals else None
        line = (nxt.head_text or nxt.text) if nxt is not None else ""
        if (
            nxt is not None
            and line
            and (
                (
                    nxt.style in ("bold", "plain") and not nxt.text
                )  # a head already: its words may have a comma
                or (
                    nxt.style is None
                    and _size(line) <= MAX_HEAD + 16
                    and line[-1] not in "。！？!?；;，,：:"
                    and not any(c in line for c in "。；;，")
                )
            )
        ):
            after = free[i + 2] if i + 2 < len(free) else None
            if gallery and not (
                after is not None and after.style is None and _size(after.text) >= GALLERY_TEXT
            ):
                it.removed = nxt.removed = "caption"  # a photo's number and its short caption
                nxt.style, nxt.head_text, nxt.text = None, None, line
                continue
            it.role = "kicker"
            nxt.style, nxt.head_text, nxt.text = "numeral", line, ""
        elif gallery:  # the photos' numbers, each over its caption: set aside
            it.removed = "caption"
        else:
            it.style, it.head_text, it.text = "numeral", it.text, ""


_GROUPABLE = {"plain", "bold", "article"}
MAX_LEAD_QUESTION = 6  # a question this short (``你知道吗``, ``为什么呢``) names no subject of its own


# A line that is nothing but a part's number (``1``, ``02``, ``三``, ``Ⅳ``, ``⑤``): no words to be a
# title. Up to 20: a larger number over a line is a figure (``120`` over ``万人次``), not a part's.
_BARE_NUMBER = re.compile(
    r"^(?:[0０]?[1-9１-９]|[1１][0-9０-９]|[2２][0０]|[一二三四五六七八九十]|十[一二三四五六七八九]|二十|[①-⑳]|"
    r"[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]{1,4})[.．、]?$"
)
# A figure's unit line (``万人次``, ``亿元``, ``%``): a number over it is a figure, not a part's.
_UNIT_LINE = re.compile(
    r"^[万亿千百]?(?:人次|人|次|元|亿元|万元|吨|个|家|项|倍|户|辆|米|公里|亩|岁|年|天|%|％)$"
)


def _leads_in(line: str, below: str = "") -> bool:
    """A head line that leads into the one below it: it ends in ``：`` or ``——``, it is a short
    question (``你知道吗``, ``怎么办？``), or it is a bare number over words (``1`` over
    ``全国名校长在小地方遇难题``: the number is the kicker, the words the headline; not over a unit,
    ``3`` over ``万人次``, nor over another number)."""
    line, below = line.strip(), below.strip()
    return (
        line.endswith(("：", ":", "——"))
        or (_size(line) <= MAX_LEAD_QUESTION and line.endswith(("吗", "呢", "？", "?")))
        or (
            _BARE_NUMBER.match(line) is not None
            and _BARE_NUMBER.match(below) is None
            and _UNIT_LINE.match(below) is None
        )
    )


def _group_headlines(free: list[_Item]) -> None:
    """A newspaper headline block: 2-3 head lines of one style, stacked with no text between
    them, opening body text, are one headline: 引题 (kicker) / 主题 (main) / 副题 (subtitle).
    Three lines are kicker, main, subtitle; of two, the first is the main title unless it leads
    into the second (:func:`_leads_in`: ends in ``：`` or ``——``, is a short question such as
    ``你知道吗`` that names no subject, or a bare number). Numbered heads (``一、``, ``（一）`` …) are
    siblings, never one block. On a page of several articles, an article head over one plain
    line is head and sub-head when the article has other sub-heads of that style (they are its
    sections), and head and 副题 when it has none."""

    def has_plain_sections(after: int) -> bool:
        for it in free[after:]:
            if it.style == "article":
                return False
            if it.style == "plain" and it.role is None:
                return True
        return False

    i = 0
    while i < len(free):
        j = i
        while j < len(free) and free[j].style is not None and free[j].role is None and not free[j].text:
            j += 1
        run = free[i:j]
        followed = j < len(free) and free[j].style is None
        styles = [it.style for it in run]
        same = len(set(styles)) == 1 and styles[0] in _GROUPABLE
        newspaper = (
            styles[:1] == ["article"]
            and set(styles[1:]) == {"plain"}
            and (len(run) == 3 or not has_plain_sections(j))
        )
        if 2 <= len(run) <= 3 and followed and (same or newspaper) and all(it.heading is None for it in run):
            if len(run) == 3:
                run[0].role, run[2].role = "kicker", "deck"
                run[1].style = styles[0]
            elif _leads_in(run[0].head_text or "", run[1].head_text or ""):
                run[0].role = "kicker"
            else:
                run[1].role = "deck"
        i = max(j, i + 1)


def _mark_articles(items: list[_Item]) -> None:
    """On a page of several articles, each closed by a byline, a plain head opening one is ``article``."""
    bylines = [
        i
        for i, it in enumerate(items)
        if it.removed == "byline" and it.text == it.text.strip() and _BRACKETED.match(it.text)
    ]
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


def _pieces(items: list[_Item]) -> list[Piece]:
    """The pieces of the decided items, in order (see :class:`Piece`)."""
    levels = _assign_levels([it for it in items if it.style and it.removed is None and it.role is None])
    pieces: list[Piece] = []
    for it in items:
        if it.removed is not None:
            pieces.append(Piece(it.line, "removed", it.text, it.sep, kind=it.removed))
        elif it.role in ("title", "subtitle"):
            pieces.append(Piece(it.line, it.role, it.text, it.sep))
        elif it.role in ("kicker", "deck"):
            pieces.append(Piece(it.line, it.role, it.head_text or it.text, it.head_sep + it.sep))
        elif it.table:
            pieces.append(Piece(it.line, "table", it.text, it.sep, table=it.table, cells=it.cells))
        elif it.role in ("table-caption", "table-note"):
            pieces.append(Piece(it.line, it.role, it.text, it.sep))
        else:
            if it.style:
                sep = it.head_sep if it.text else it.head_sep + it.sep
                pieces.append(
                    Piece(it.line, "headline", it.head_text or "", sep, style=it.style, level=levels[id(it)])
                )
            if it.text:
                pieces.append(Piece(it.line, "text", it.text, it.sep))
    return pieces


def _assemble(doc: Document, items: list[_Item]) -> Segmented:
    pieces = _pieces(items)
    title = next((p.text for p in reversed(pieces) if p.role == "title"), doc.title)
    subtitle = next((p.text for p in reversed(pieces) if p.role == "subtitle"), None)

    lede: list[str] = []
    sections: list[Section] = []
    removed: list[dict[str, object]] = []
    tables: list[Table] = []
    open_table = 0  # the number of the table whose rows are being read (0: none)
    caption: list[str] = []  # unit lines waiting for their table
    kicker: str | None = None
    kicker_line = 0
    for p in pieces:
        if p.role == "table":
            if p.table != open_table:
                section = len(sections) - 1 if sections else None
                tables.append(Table(p.line, section, [], caption=caption))
                open_table, caption = p.table, []
            tables[-1].rows.append(p.cells or (p.text,))
            continue
        if p.role == "table-caption":
            caption = [*caption, p.text]
            continue
        if p.role == "table-note":
            tables[-1].notes.append(p.text)
            continue
        if p.role != "removed":
            open_table = 0
        if p.role == "removed":
            removed.append({"kind": p.kind, "text": p.text, "line": p.line})
        elif p.role == "kicker":
            if kicker is not None:  # a kicker with no head under it is a head of its own
                sections.append(Section(kicker, 1, "", kicker_line))
            kicker, kicker_line = p.text, p.line
        elif p.role == "deck" and sections:
            sections[-1].subtitle = p.text
        elif p.role == "headline":
            sections.append(Section(p.text, p.level or 1, "", p.line, p.style, kicker=kicker))
            kicker = None
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
        tables = [Table(t.line, 0, t.rows, t.caption, t.notes) for t in tables]
    return Segmented(doc.id, doc.source, title, subtitle, "\n".join(lede), sections, removed, pieces, tables)
