"""What a summary takes from its source: copied spans, and numbers the source does not hold.

Both are shown in the HTML pages (``report.html``, ``zhsum summarize --format html``) and the
second is counted in ``report.json``'s model-free statistics.

Copied spans
    A character of a summary is *copied* when it lies inside a substring of at least
    ``min_chars`` (default 4) characters that also occurs verbatim in the source. The spans
    returned are the maximal such substrings (each as long as it can be at both ends), computed
    with the matching statistics of the summary against the source (for every end position, the
    longest suffix that occurs in the source; a two-pointer scan, ``str.__contains__`` doing the
    search). Overlapping maximal spans are cut where the next one starts, so a summary stitched
    from two places of the source shows two spans. These are the extractive fragments of Grusky
    et al. (2018, Newsroom), taken over characters, with one departure: they set no minimum
    length; here a fragment needs four characters (at least two words of the one- and
    two-character words Chinese mostly uses), so shared names and function words (``南湾区``,
    ``的是``) are not shown as copying.

Numbers not in the source
    Every number in the summary is read to a value and looked up among the values of the
    source's numbers. What counts as a number (conventions of Chinese news writing):

    * Arabic digits, full-width too, with ``,`` thousands groups (``12,000``) and a decimal part;
      a following multiplier ``百 千 万 亿 百万 千万 万亿`` multiplies (``1.2万`` = 12000,
      ``3千万`` = 3·10^7), also after ``余``/``多`` (``60余亿`` reads as 60亿); ``十`` after digits
      is not a multiplier (``2012十条`` is 2012 and ten items);
    * Chinese numerals: positional (``一万二千``, ``八百六十``, ``两``, ``十一``), read digit by
      digit when there is no unit character (years: ``二〇二四`` = 2024; two digits without a
      zero are an approximation, ``三四个`` "three or four", matched as literal text), with a
      decimal part after ``点`` (``四点五``); ``第`` before a numeral makes it an ordinal of the
      same value;
    * percentages: ``%`` / ``％`` / ``‰`` after a number, or ``百分之`` before one
      (``百分之四点五`` = ``4.5%``); a percentage is a different kind of value from a plain number,
      so ``4.5%`` in a summary is not supported by a bare ``4.5`` in the source;
    * dates need no rule of their own: ``2024年11月18日`` is the numbers 2024, 11 and 18, and
      ``二〇二四年十一月十八日`` reads to the same three values.

    Values compare, units do not: a summary's ``18日`` is supported by any 18 of the source. The
    check is meant to catch invented numbers, not misattributed ones, and errs towards *not*
    flagging:

    * in the **summary**, a Chinese numeral counts only when it is clearly a quantity: directly
      before a measure word or unit (``个 人 家 年 月 日`` …) or ``多``/``余``, or after ``第``
      (a single character then only ``一``…``九``, ``两``, ``十``); elsewhere only a run of two or
      more characters holding ``万 亿 〇 零`` (``一万``, ``二〇二四``), not the words ``千万``
      ("by all means"), ``万一`` ("in case"), ``一一``. This keeps ``一些``, ``统一``, ``十分``,
      ``两会`` and ``统一十分`` (a run ``一十`` across two words) from reading as numbers;
    * in the **source**, every numeral run counts, whatever follows, and a number with a
      multiplier or a percent sign also counts bare (``1.2万`` supplies both 12000 and 1.2,
      ``4.5%`` both 4.5% and 4.5);
    * a numeral run that does not parse (``十四五``, the name of a five-year plan) is matched as
      literal text.

    Not handled (documented departures): ranges (``3—5``) are two numbers; ``三成`` (30%),
    fractions (``三分之一``), approximate words (``近万``) and unit conversion (``公里``/``米``) are
    not interpreted.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from fractions import Fraction

# --------------------------------------------------------------------------- copied spans


def copied_spans(summary: str, source: str, min_chars: int = 4) -> list[tuple[int, int]]:
    """``(start, end)`` spans of ``summary`` copied verbatim from ``source``, at least
    ``min_chars`` long, in order and not overlapping (see the module docstring)."""
    n = len(summary)
    if not n or not source or min_chars < 1:
        return []
    lengths = [0] * n
    start = 0
    for end in range(n):
        while start <= end and summary[start : end + 1] not in source:
            start += 1
        lengths[end] = end + 1 - start
    spans: list[tuple[int, int]] = []
    for end, length in enumerate(lengths):
        right_maximal = end == n - 1 or lengths[end + 1] != length + 1
        if length >= min_chars and right_maximal:
            lo = max(end + 1 - length, spans[-1][1] if spans else 0)
            if lo <= end:
                spans.append((lo, end + 1))
    return spans


# --------------------------------------------------------------------------- numbers

_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_SMALL = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 10**4, "亿": 10**8}
_NUMERAL = "〇零一二三四五六七八九两十百千万亿"
_CN_DIGIT = "〇零一二三四五六七八九"
# Measure words and units after which a single numeral is a quantity (Chinese news usage).
_MEASURE = set(
    "个名人家所项件场次条座台辆元块户套批位支种类倍期届轮层栋间张本份篇起例只斤吨米里亩年月日号时天周岁"
)
# Numeral words that are not quantities when nothing quantifies them ("by all means", "in case", "one by one").
_WORDS = {"千万", "万一", "一一"}
_APPROX = set("多余")  # 二十多个, 三百余人: a quantity follows
_D = "[0-9０-９]"
_ARABIC = rf"{_D}{{1,3}}(?:,{_D}{{3}})+(?:[.．]{_D}+)?|{_D}+(?:[.．]{_D}+)?"
_NUMBER = re.compile(
    rf"百分之(?P<pct_ar>{_ARABIC})"
    rf"|百分之(?P<pct_cn>[{_NUMERAL}]+(?:点[{_CN_DIGIT}]+)?)"
    rf"|(?P<ar>{_ARABIC})(?:[余多]?(?P<mult>[百千]?[万亿]{{1,2}}|[百千]))?(?P<sign>[%％‰]?)"
    rf"|(?P<cn>[{_NUMERAL}]+(?:点[{_CN_DIGIT}]+)?)(?P<cn_sign>[%％‰]?)"
)

Value = tuple[str, object]  # ("n", Fraction) a number, ("%", Fraction) a percentage, ("text", str) unparsed


@dataclass(frozen=True)
class Mention:
    """One number in a text: its span, its text and its value."""

    start: int
    end: int
    text: str
    value: Value


def chinese_numeral(text: str) -> Fraction | None:
    """The value of a Chinese numeral (``一万二千`` 12000, ``二〇二四`` 2024, ``四点五`` 4.5), or
    None when it is not a well-formed numeral (``十四五``)."""
    whole, _, frac = text.partition("点")
    if frac and any(c not in _CN_DIGIT for c in frac):
        return None
    value = _chinese_integer(whole)
    if value is None:
        return None
    if frac:
        return value + Fraction(int("".join(str(_DIGITS[c]) for c in frac)), 10 ** len(frac))
    return Fraction(value)


def _chinese_integer(text: str) -> int | None:
    if not text:
        return None
    if not any(c in _SMALL or c in _BIG for c in text):
        # digit by digit (二〇二四, 一九九八); two digits without a zero are an approximation
        # (三四个 "three or four"), not a number
        if any(c not in _DIGITS for c in text) or (len(text) == 2 and not set(text) & set("〇零")):
            return None
        return int("".join(str(_DIGITS[c]) for c in text))
    total = section = 0
    number: int | None = None
    for ch in text:
        if ch in _DIGITS:
            if number:  # two digits in a row without a unit between them: 十四五
                return None
            number = _DIGITS[ch]
        elif ch in _SMALL:
            section += (number if number is not None else 1) * _SMALL[ch]
            number = None
        else:  # 万 亿
            section += number or 0
            total = (total + section) * _BIG[ch] if ch == "亿" else total + section * _BIG[ch]
            section, number = 0, None
    return total + section + (number or 0)


def _arabic(text: str) -> Fraction:
    return Fraction(unicodedata.normalize("NFKC", text).replace(",", ""))


def _multiplier(units: str) -> int:
    out = 1
    for ch in units:
        out *= _SMALL.get(ch) or _BIG[ch]
    return out


def _kind(sign: str) -> str:
    return "%" if sign in ("%", "％") else "‰" if sign == "‰" else "n"


def _is_quantity(text: str, start: int, end: int, run: str) -> bool:
    """A Chinese numeral in a summary counts only where it is clearly a quantity (module docstring)."""
    after = text[end : end + 1]
    if (start > 0 and text[start - 1] == "第") or after in _MEASURE or after in _APPROX:
        return len(run) > 1 or run in "一二三四五六七八九两十"
    # without a measure word: only runs that cannot be a word (一万, 三千万, 二〇二四), and not
    # 统一十分 (一十 across two words) or 千万 "by all means"
    return len(run) > 1 and run not in _WORDS and bool(set(run) & set("万亿〇零"))


def numbers(text: str, *, strict: bool = True) -> list[Mention]:
    """The numbers of ``text`` with their values. ``strict`` (for summaries) counts a Chinese
    numeral only where it is clearly a quantity; ``strict=False`` (for sources) counts every one."""
    out = []
    for m in _NUMBER.finditer(text):
        start, end = m.span()
        groups = m.groupdict()
        if groups["pct_ar"] is not None:
            value: Value = ("%", _arabic(groups["pct_ar"]))
        elif groups["pct_cn"] is not None:
            parsed = chinese_numeral(groups["pct_cn"])
            value = ("%", parsed) if parsed is not None else ("text", m.group())
        elif groups["ar"] is not None:
            number = _arabic(groups["ar"]) * _multiplier(groups["mult"] or "")
            value = (_kind(groups["sign"]), number)
        else:
            run = groups["cn"]
            if strict and not _is_quantity(text, start, start + len(run), run):
                continue
            parsed = chinese_numeral(run)
            value = (_kind(groups["cn_sign"]), parsed) if parsed is not None else ("text", run)
        out.append(Mention(start, end, m.group(), value))
    return out


def source_values(source: str) -> set[Value]:
    """Every value the source supports: all its numbers read leniently, and each Arabic number
    and each percentage also bare (without its multiplier or percent sign)."""
    values: set[Value] = set()
    for m in numbers(source, strict=False):
        values.add(m.value)
        if m.value[0] in ("%", "‰"):
            values.add(("n", m.value[1]))
    values.update(("n", _arabic(x)) for x in re.findall(_ARABIC, source))
    return values


def unsupported_numbers(summary: str, source: str, values: set[Value] | None = None) -> list[Mention]:
    """The numbers of ``summary`` whose value is not among the source's (``values`` when the
    caller has computed :func:`source_values` already)."""
    known = source_values(source) if values is None else values
    return [m for m in numbers(summary) if m.value not in known]
