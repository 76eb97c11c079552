"""Typographic head cues of Word and PDF documents: which opening run of a paragraph marks a head.

The Word and PDF readers pass on what the page shows (:class:`~pipeline.read.document.Block`:
``bold``/``bold_prefix``, ``font``/``font_prefix``, ``size``, ``list_level``); this module turns
those cues into heads by the conventions documents follow. A cue only says *that* a run is a
head; its *style* (and so its level) comes from its numbering when it has one (``一、``, ``（一）``,
``1.``, ``一是``), so that a bold ``一、`` head and a plain ``一、`` head are the same style.

Conventions (none is tied to a particular issuer):

* **Bold run-in heads** (work reports, press releases and notices written in Word or WPS): a bold
  run that opens a paragraph and ends at its first full stop is the paragraph's head
  (``**（一）扩大内需。**全面落实…``); the bold may stop right before the ``。`` or spill past it
  into the next sentence, and the head is cut at the ``。`` either way (the ``。`` stays with the
  head, so nothing is lost). A bold opening that ends at a comma or a colon is emphasis or a
  term being defined (``**“岳山造林”**：…``), not a head.
* **公文 faces** (GB/T 9704-2012 §7.3.3, 党政机关公文格式): first-level heads are set in 黑体,
  second-level heads in 楷体, the body in 仿宋; a line, or an opening run, set in 黑体 or 楷体 in
  a document whose body is in another face marks a head exactly as bold does.
* **Size**: a short unpunctuated line set clearly larger than the body (PDF heads set in a
  larger size, Word's direct formatting) is a head.
* **Word's generated numbering** (``list_level``): a cue-marked item of a Word numbered list takes
  its style from the list level, since its number is not in the text.

Word heading styles (``Heading 1``, ``标题 1``, outline levels) arrive as ``Block.heading`` and are
explicit levels: they win over every cue here (see :mod:`pipeline.segment.segmenter`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.read.document import Block, Document
from pipeline.read.layout import font_family
from pipeline.segment.rules import HARD_PUNCT, MAX_HEAD, _size, enumerated_style

LONG_HEAD = 60  # longest head (characters without spaces) when a cue or the numbering marks its extent
HEAD_FACES = ("黑体", "楷体")  # GB/T 9704 §7.3.3: 黑体 for 一、 heads, 楷体 for （一） heads
LARGER = 1.1  # a line this many times the body size is set larger than the body (三号 16 pt over 四号 14 pt)

# 一是… 二是… : numbered lead phrases (a numbering convention of reports); a head only when a cue
# marks it, since the same words open list items inside ordinary paragraphs.
_SHI = re.compile(r"^[一二三四五六七八九十]{1,3}是")


@dataclass(frozen=True)
class Typography:
    """The body's face (GB/T 9704 family) and size, from the reader's ``meta``."""

    body_family: str | None = None
    body_size: float | None = None

    @classmethod
    def of(cls, doc: Document) -> Typography:
        font = doc.meta.get("body_font")
        size = doc.meta.get("body_size")
        return cls(
            font_family(font) if isinstance(font, str) else None,
            float(size) if isinstance(size, (int, float)) else None,
        )


@dataclass(frozen=True)
class Cue:
    """A typographic mark on the opening run of a block: its length and what marks it."""

    length: int
    kind: str  # "bold", "face-黑体", "face-楷体", "size"


def block_cue(block: Block, typo: Typography) -> Cue | None:
    """The opening run of ``block`` that bold, a head face or a larger size marks, if any."""
    if block.table or block.heading is not None or block.kind:
        return None
    text = block.text
    bold = len(text) if block.bold else block.bold_prefix
    family = font_family(block.font)
    face = (
        block.font_prefix
        if family in HEAD_FACES and typo.body_family is not None and family != typo.body_family
        else 0
    )
    if bold or face:
        return Cue(bold, "bold") if bold >= face else Cue(face, f"face-{family}")
    if (
        block.size is not None
        and typo.body_size
        and block.size >= LARGER * typo.body_size
        and _size(text) <= LONG_HEAD
        and not any(c in text for c in HARD_PUNCT)
    ):
        return Cue(len(text), "size")
    return None


_WHOLE_BRACKET = re.compile(r"^\s*【[^【】]+】\s*$")


def cue_style(head: str, cue: Cue, list_level: int | None) -> str:
    """The style of a cue-marked head: its numbering when it has one, else what marks it."""
    style = enumerated_style(head)
    if style is not None:
        return style
    if _WHOLE_BRACKET.match(head):
        return "bracket"  # a news digest's 【…】 headline, however long: one style with the short ones
    if _SHI.match(head):
        return "cn-shi"
    if list_level is not None:
        return f"list{list_level}"
    return cue.kind


def run_in_head(text: str, length: int) -> tuple[str, str, str] | None:
    """Split a cue-marked run-in head off ``text`` (its first ``length`` characters are marked).

    Returns ``(head, sep, rest)``, the head ending with its ``。``, or None when the marked run is
    no head: it does not reach a full stop (it ends at a comma or colon: emphasis, a defined
    term), it holds more than one clause-ending mark, it is longer than :data:`LONG_HEAD`, or it
    follows a leading dash (``——我们…``, a bulleted summary line, is body).
    """
    if not 0 < length < len(text) or text.startswith(("—", "-", "－")):
        return None
    stop = text.find("。", 0, length)
    if stop < 0:
        after = text[length:]
        gap = len(after) - len(after.lstrip())
        if not after.lstrip().startswith("。"):
            return None
        stop = length + gap
    head = text[: stop + 1]
    if any(c in head[:-1] for c in HARD_PUNCT) or not 2 <= _size(head) <= LONG_HEAD:
        return None
    rest = text[stop + 1 :]
    body = rest.lstrip()
    if not body:
        return None
    return head, rest[: len(rest) - len(body)], body


def whole_line_limit(text: str) -> int:
    """The longest cue-marked whole line that can be a head: :data:`LONG_HEAD` characters when
    numbered (``（一）充分发挥…，努力在…取得新突破``), the plain-line limit otherwise."""
    return LONG_HEAD if enumerated_style(text) or _SHI.match(text) else MAX_HEAD
