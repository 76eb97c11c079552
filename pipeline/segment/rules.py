"""The conventions of Chinese press text, as patterns: what is set aside, what is a head."""

from __future__ import annotations

import re

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
_NAMES_ONLY = re.compile(
    rf"^(?:{_BYLINE_ROLE}[:：]?\s*)?{_NAME}(?:[\s、，,]+(?:{_BYLINE_ROLE}[:：]?\s*)?{_NAME})*$"
)
_STANDALONE_BYLINE = re.compile(
    rf"^(?:(?:本报记者|特约记者|见习记者|实习记者|记者|通讯员|实习生|作者)\s*[:：]?\s*{_NAME}(?:[\s、，,]+{_NAME})*\s*)+$|"
    rf"^(?:(?:文|图|文字|图片|摄影|视频)\s*[/／|｜:：]\s*{_NAME}(?:[\s、，,]+{_NAME})*\s*)+$"
)
_DATE_META = re.compile(
    r"^(?:\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?)(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?\s+(?:来源|作者|发布|浏览|编辑|字号|阅读)"
)
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
_TRAILING_EDITOR = re.compile(
    r"\s*[（(](?:责任编辑|编辑|责编|记者|通讯员|来源|作者)[:：]?\s*[^（）()]{1,30}[）)]$"
)
_CLOSING = re.compile(
    r"^(?:特此(?:通知|公告|通告|函告|函复|批复|报告|说明|证明)|此复|以上报告，?请审阅)[。.！!]?$"
)
_ADDRESSEE = re.compile(
    r"^[^。！？!?]{2,120}(?:人民政府|政府|部门|单位|机构|委员会|各局|企业|学校|同志们?)[：:]$"
)
_CAPTION_START = re.compile(r"^(?:图为|图片为|▲|△|上图|下图|左图|右图|图[一二三四五六七八九十\d]+[：:、])")

# Enumerated / bracketed head styles, each matched at the start of a block.
_HEAD_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "chapter",
        re.compile(
            r"^第[一二三四五六七八九十百零〇\d]{1,4}[章节编篇部分](?=$|\s|[：:、]|[\u4e00-\u9fff])\s*"
        ),
    ),
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


# --------------------------------------------------------------------------- classification


def removal_kind(text: str) -> str | None:
    """The kind of non-body line ``text`` is (``byline``, ``caption``, ``editor``, ``date`` …), or None."""
    t = text.strip()
    if _FURNITURE.search(t):
        return "furniture"
    if _CREDIT.match(t) or (
        t.endswith("摄") and _size(t) <= 40 and re.search(r"[\s/／]摄$|记者.{1,12}摄$", t)
    ):
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
        body = text[m.end() :]
        if style == "bracket":
            return style, text[: m.end()].rstrip(), text[len(text[: m.end()].rstrip()) : m.end()], body
        space = re.search(r"\s+", body)
        if (
            space
            and _size(body[: space.start()]) <= 20
            and _size(body[space.end() :]) >= max(12, 2 * _size(body[: space.start()]))
            and not any(c in body[: space.start()] for c in HARD_PUNCT)
        ):
            end = m.end() + space.start()
            return style, text[:end], text[end : m.end() + space.end()], text[m.end() + space.end() :]
        if not body or (_size(text) <= MAX_HEAD and not any(c in body[:-1] for c in HARD_PUNCT)):
            if body and (body[-1] in "；;" or (body[-1] == "。" and "，" in body)):
                return None  # a list item: （一）按照合同约定，接受服务；
            if body and body[-1] in "。；;":
                return style, text[:-1], text[-1], ""
            return style, text, "", ""
        cut = re.search(r"[。：:；;！？!?]", body)
        if cut and _size(text[: m.end() + cut.start()]) <= MAX_HEAD and body[cut.end() :].strip():
            end = m.end() + cut.start()
            return style, text[:end], text[end], text[end + 1 :]
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
