"""Sentences an extractive summary may use, and how they are picked within a budget.

What a summary sentence is
    A run of text that ends with 。！？!? or …, closing quotes and brackets kept with it (``；`` does
    not end a sentence: a clause ending in ``；`` is half of one). A line break ends a unit too; a
    unit without such an end (a list item closing with ``；``, a line closing with ``：``, a heading
    line) is *incomplete* and is only used when a text has no whole sentence (below). A wire's
    dateline opening a paragraph (``新华社北京5月9日电``, ``本报讯（记者 X）``) is left out of the
    sentence it opens: it says where and when the text was filed, not what happened.
Formulaic sentences
    are never picked (:func:`is_formulaic`): report openings and closings (现在，我代表…向大会报告
    工作；请予审议), announcements of what follows (通知如下：, 重点抓好以下十个方面的工作:), 特此通知,
    salutations (同志们：, 各位代表：) and addressee lines (各区人民政府，市政府各部门：).
Picking (:func:`pick`)
    The candidates are the whole, non-formulaic sentences not already used (``exclude``: the
    sentences a section's sub-sections chose, so a parent does not repeat them). Sentences are taken
    in the order given up to ``count``: lead takes the leading ones while they fit ``max_chars``;
    textrank takes the best ones, passing over any that would overflow it; the chosen ones are
    joined in source order, verbatim. When not even
    one sentence fits the budget, the first candidate is cut at its last clause mark (，、；：)
    within the budget and the summary is marked *truncated*. A text with no whole sentence falls back
    to its incomplete units, whose closing ``；``/``：``/``，`` becomes ``。`` (the one change made to
    source text), so that a summary always ends a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from pipeline.summarizers.base import Summary
from pipeline.text import DATELINE, cut_clause, space_clauses

_UNIT = re.compile(r"[^。！？!?…\n]+(?:[。！？!?]+|…+)?[”’」』）)】]*|\n")
_END = re.compile(r"(?:[。！？!?]+|…+)[”’」』）)】]*$")
_PUNCTUATION = "，,。；;：:、！？!?）)】」』”’"
_SOFT_END = re.compile(r"[；;，,：:、\s]+$")
LONG_UNIT = 300  # characters: a longer unit (punctuation lost in extraction) is cut at its spaces

_FORMULAIC = [
    re.compile(p)
    for p in (
        r"^现在，?我代表.{0,40}(报告|作)",  # 现在，我代表市人民政府，向大会报告工作
        r"^(我|今天，?我)代表.{0,40}向.{0,20}(报告|作报告)",
        r"请予审议|请审议|请各位代表.{0,20}(审议|提出意见)|请列席.{0,20}提出意见",
        r"(通知|公告|报告|说明|函告|答复|批复|通报|意见|安排|部署)如下[：:。]?$",
        # 重点抓好以下十个方面的工作:加力提振消费。 (not 所以下午3:00, not 60岁以下老人：)
        r"(以下|如下|下列)[^，。；：:]{0,12}(工作|事项|方面|措施|要求|内容|几点|任务|意见|原则|安排|规定)[：:]",
        r"^特此(通知|公告|通告|函告|批复|报告|证明|说明)",
        r"^(同志们|各位代表|各位委员|各位同志|尊敬的.{0,20}|亲爱的.{0,20}|女士们，?先生们)[：:！!，,]",
        r"^谢谢(大家|各位)?[。！!]?$",
        r"^(此致|敬礼)",
        r"^附件[：:\d一二三四五六七八九十]",
    )
]
_ADDRESSEE = re.compile(r"^[\u4e00-\u9fff、，,（）()\s]{2,60}[：:]$")  # 各区人民政府，市政府各委、办、局：


def is_formulaic(sentence: str) -> bool:
    """A sentence no summary should use (see the module docstring)."""
    text = sentence.strip()
    return bool(_ADDRESSEE.match(text)) or any(p.search(text) for p in _FORMULAIC)


@dataclass(frozen=True)
class Unit:
    text: str
    complete: bool  # ends with a sentence end


def units(text: str) -> list[Unit]:
    """The sentences and incomplete units of ``text`` in order (see the module docstring)."""
    out: list[Unit] = []
    line_start = True
    for part in _UNIT.findall(text):
        opens_line, line_start = line_start, part == "\n"
        part = part.strip()
        if opens_line:
            dateline = DATELINE.match(part)
            rest = part[dateline.end() :] if dateline else ""
            part = rest if rest and rest[0] not in _PUNCTUATION else part
        if not part:
            continue
        if len(part) <= LONG_UNIT or " " not in part:
            out.append(Unit(part, bool(_END.search(part))))
        else:  # punctuation lost: spaces stand in for commas; the pieces are clauses, not sentences
            out += [Unit(clause, False) for clause in space_clauses(part, LONG_UNIT)]
    return out


def candidates(text: str, exclude: Collection[str] = ()) -> list[str]:
    """The sentences a summary of ``text`` may use, in source order."""
    found = [u for u in units(text) if not is_formulaic(u.text)]
    whole = [u.text for u in found if u.complete]
    if not whole:  # no whole sentence: incomplete units, ended with 。
        whole = [_SOFT_END.sub("", u.text) + "。" for u in found if _SOFT_END.sub("", u.text)]
    return [s for s in whole if s not in exclude]


def pick(
    ordered: Sequence[str], source_order: Sequence[str], count: int, max_chars: int, *, prefix: bool = False
) -> Summary:
    """Up to ``count`` of ``ordered`` (candidates in order of preference) within ``max_chars``
    (0: no budget), joined in ``source_order``. With ``prefix`` (lead) the summary is the longest
    run of leading sentences that fits; otherwise a sentence that does not fit is passed over for
    the next one."""
    chosen: list[str] = []
    total = 0
    for sentence in ordered:
        if len(chosen) == count:
            break
        if max_chars and total + len(sentence) > max_chars:
            if prefix:
                break
            continue
        chosen.append(sentence)
        total += len(sentence)
    if not chosen and ordered:
        first = ordered[0]
        return Summary(cut_clause(first, max_chars), truncated=True, used=(first,))
    position = {s: i for i, s in enumerate(source_order)}
    chosen.sort(key=lambda s: position.get(s, len(position)))
    return Summary("".join(chosen), used=tuple(chosen))
