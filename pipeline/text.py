"""Chinese text utilities shared by every stage: sentence splitting, summary clean-up, jieba."""

from __future__ import annotations

import logging
import re
import threading

_SENTENCE = re.compile(r"[^。！？!?；;…\n]+(?:[。！？!?；;]+|…+)?[”’」』）)]*|\n")
_CJK = r"\u3400-\u9fff\u3000-\u303f\uff00-\uffef"
_CJK_SPACE = re.compile(
    rf"(?<=[{_CJK}])\s+(?=[{_CJK}])|(?<=[{_CJK}])\s+(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])\s+(?=[{_CJK}])"
)
_SPECIAL = re.compile(r"<extra_id_\d+>|</?s>|<pad>|<unk>|<mask_\d>|\[(?:CLS|SEP|PAD|UNK|MASK|unused\d+)\]")

# C0/C1 control characters (not tab and newline) and the Unicode bidirectional controls, which can
# make text display other than it reads (U+202E) or drive a terminal (ESC).
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

# Labels of a page's boxes of other articles (``相关新闻``, ``为你推荐`` …) and of its previous/next
# links: the HTML reader ends an article at them and the segmenter sets them aside; one list for both.
RELATED_BOX_LABELS = (
    r"相关新闻|相关阅读|相关推荐|相关文章|相关稿件|相关报道|相关事件|相关资讯|相关专题|相关链接|推荐阅读|延伸阅读|"
    r"热门推荐|为您推荐|为你推荐|猜你喜欢|你可能(?:也)?会?喜欢|更多精彩|精彩推荐|精彩图片|热点新闻|热门新闻|"
    r"阅读下一篇|延伸\s*·\s*推荐"
)
NEXT_PREVIOUS_LABELS = r"上一篇|下一篇|上一条|下一条"

# A wire's dateline opening a paragraph (``新华社北京5月9日电``, ``本报讯（记者 X）``, ``某某网讯``):
# where and when a text was filed. The segmenter keeps it in its paragraph; an extractive summary
# leaves it out of the sentence it opens. A 电 dateline ends at its date (``…5月9日电``) or before
# a bracket, a space or the line's end (``新华社记者近日走访国家电网…``, ``本报今日收到来电，…`` are
# sentences); a 讯 one before a bracket, a space, a date or the end, and 讯 does not end a word
# (通讯, 喜讯, 资讯, 腾讯 …).
DATELINE = re.compile(
    r"^(?:本报讯|本报(?:[\u3400-\u9fff]{2,6})?\d{1,2}月\d{1,2}日电|本报[\u3400-\u9fff]{2,4}电(?=[（(\s]|$)|"
    r"(?:新华社|中新社|人民网|新华网|央视网|中新网)(?:[\u3400-\u9fff\d]{0,14}日电|[\u3400-\u9fff]{0,8}电(?=[（(\s]|$))|"
    r"[\u3400-\u9fff0-9]{1,16}(?<![通喜资电音传审噩腾简])讯(?=[（(\s]|\d{1,2}月|$))"
    r"\s*(?:[（(][^（）()]{0,40}[）)])?\s*"
)

LONG_SENTENCE = 150  # characters; longer "sentences" (punctuation lost) are cut at spaces


_SURROGATE = re.compile("[\ud800-\udfff]")


def compact(text: str) -> str:
    """``text`` without any whitespace: how lines, titles and heads are compared."""
    return "".join(text.split())


def without_surrogates(text: str, *, escape: bool = False) -> str:
    """``text`` without unpaired surrogates (``\\ud800`` in JSON decodes to one; it is not a
    character and cannot be written as UTF-8): each replaced with U+FFFD, or with ``escape`` written
    out as ``\\ud800`` (an id stays distinct from other ids)."""
    if not _SURROGATE.search(text):
        return text
    if escape:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return _SURROGATE.sub("\ufffd", text)


def split_sentences(text: str, max_chars: int = LONG_SENTENCE) -> list[str]:
    """Sentences ending in 。！？!?；; or …, closing quotes kept with their sentence.

    Where punctuation was lost in extraction (spaces stand in for commas), a "sentence" longer than
    ``max_chars`` is cut at its spaces into clauses of up to ``max_chars``, each a verbatim span.
    """
    out: list[str] = []
    for part in _SENTENCE.findall(text):
        part = part.strip()
        if not part:
            continue
        if len(part) <= max_chars or " " not in part:
            out.append(part)
        else:
            out += space_clauses(part, max_chars)
    return out


def space_clauses(part: str, max_chars: int) -> list[str]:
    """A run of text whose punctuation was lost (spaces stand in for commas) cut at its spaces into
    verbatim clauses of up to ``max_chars`` (a clause without a space in it stays whole)."""
    out: list[str] = []
    current = ""
    for clause in re.split(r"(?<=\s)", part):
        if current.strip() and len(current) + len(clause) > max_chars:
            out.append(current.strip())
            current = ""
        current += clause
    if current.strip():
        out.append(current.strip())
    return out


def strip_controls(text: str) -> str:
    """``text`` without control characters (tab and newline kept) and bidirectional controls."""
    return _CONTROLS.sub("", text)


# What a reader drops from the text it reads: terminal escape sequences (``ESC[31m``, a coloured log
# saved as text) and the C0/C1 controls that are neither white space nor a line break (NUL, BEL,
# BS, ESC, DEL …). Tab, newline and the controls ``str.splitlines`` breaks lines at or ``\s``
# matches (``\x0b``, ``\x0c``, ``\x1c``-``\x1f``, ``\x85``) stay: they separate text.
_READ_CONTROLS = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")


def without_controls(text: str) -> str:
    """``text`` as a reader keeps it: without terminal escape sequences and the control characters
    that are not white space (a stray ESC or BEL in a text file, \\u001b in a JSON record), so that
    none reaches a block, a segment or an output, while lines stay where they were."""
    return _READ_CONTROLS.sub("", text)


def terminal_safe(text: str) -> str:
    """One line for a terminal: control and bidi characters shown escaped (``\\x1b``), never executed."""
    return _CONTROLS.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text).replace(
        "\n", "\\n"
    )


CLAUSE_MARKS = "，、；;,：:"


def cut_to(text: str, max_chars: int) -> str:
    """``text`` cut to at most ``max_chars`` characters: after its last sentence end (。！？!?, not
    ；, which ends a clause) within the budget; else as :func:`cut_clause` cuts. Text within the
    budget is returned as is."""
    if max_chars <= 0 or len(text) <= max_chars:
        return text
    head = text[:max_chars]
    cut = max(head.rfind(m) for m in "。！？!?")
    if cut >= max_chars // 3:
        return head[: cut + 1]
    return cut_clause(text, max_chars)


def cut_clause(text: str, max_chars: int) -> str:
    """``text`` cut to ``max_chars``: at its last clause mark (，、；：) within the budget, which
    becomes "…"; else at the budget, the last character becoming "…"."""
    head = text[:max_chars]
    cut = max(head.rfind(m) for m in CLAUSE_MARKS)
    if cut >= max_chars // 3:
        return head[:cut] + "…"
    return head[:-1] + "…"


def clean_summary(text: str) -> str:
    """Tidy generated text: no special tokens, no spaces between Chinese characters (BERT
    vocabularies decode with them), no sentence repeated."""
    text = strip_controls(_SPECIAL.sub("", text))
    text = re.sub(r"\s+", " ", text).strip()
    text = _CJK_SPACE.sub("", text)
    seen: set[str] = set()
    kept = []
    for sentence in split_sentences(text, max_chars=10**9):
        key = sentence.rstrip("。！？!?；;…")
        if key and key not in seen:
            seen.add(key)
            kept.append(sentence)
    return "".join(kept).strip()


_jieba_lock = threading.Lock()
_jieba = None


def jieba_tokenizer():
    """One shared jieba tokenizer, initialised quietly on first use."""
    global _jieba
    with _jieba_lock:
        if _jieba is None:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            tok = jieba.Tokenizer()
            tok.initialize()
            _jieba = tok
    return _jieba
