"""Copied spans and numbers not in the source (pipeline.evidence); values worked out by hand."""

from __future__ import annotations

from fractions import Fraction

import pytest

from pipeline.evidence import (
    chinese_numeral,
    copied_spans,
    numbers,
    source_values,
    unsupported_numbers,
)


def test_copied_spans_are_maximal_and_at_least_four_characters():
    source = "今年以来，南湾区新增城镇就业1.2万人，帮扶"
    summary = "南湾区今年新增城镇就业1.2万人"
    # 南湾区 (3 characters) and 今年 are shared but short; 新增城镇就业1.2万人 is the copy
    assert copied_spans(summary, source) == [(5, 16)]
    assert summary[5:16] == "新增城镇就业1.2万人"
    assert copied_spans(summary, source, min_chars=3) == [(0, 3), (5, 16)]


def test_copied_spans_from_two_places_are_two_spans():
    assert copied_spans("ABCDEFGH", "ABCD xx EFGH") == [(0, 4), (4, 8)]
    # ABCDE and CDEFGH both occur and overlap on CDE: the second is cut where the first ends
    assert copied_spans("ABCDEFGH", "ABCDE yy CDEFGH") == [(0, 5), (5, 8)]
    assert copied_spans("ABCDEFGH", "ABCDEFGH") == [(0, 8)]
    assert copied_spans("", "ABCD") == [] and copied_spans("ABCD", "") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一万二千", 12000),
        ("八百六十", 860),
        ("一百零五", 105),
        ("十五", 15),
        ("两", 2),
        ("二〇二四", 2024),
        ("一九九八", 1998),
        ("三亿五千万", 350_000_000),
        ("四点五", Fraction(9, 2)),
        ("十四五", None),  # the five-year plan: not a well-formed numeral
        ("三四", None),  # "three or four"
    ],
)
def test_chinese_numerals(text, value):
    assert chinese_numeral(text) == value


def values(text: str, **kw) -> list[tuple[str, object]]:
    return [m.value for m in numbers(text, **kw)]


def test_equivalent_forms_read_to_the_same_values():
    assert values("新增就业1.2万人") == values("新增就业12000人") == values("新增12,000个") == [("n", 12000)]
    assert values("二〇二四年十一月十八日") == values("2024年11月18日") == [("n", 2024), ("n", 11), ("n", 18)]
    assert (
        values("失业率4.5%")
        == values("失业率百分之四点五")
        == values("失业率４．５％")
        == [("%", Fraction(9, 2))]
    )
    assert values("签约3千万元") == values("签约三千万元") == [("n", 30_000_000)]
    assert values("贷款60余亿元") == values("贷款60亿元") == [("n", 6_000_000_000)]
    assert values("2012十条新闻") == [("n", 2012), ("n", 10)]


def test_words_that_contain_numerals_are_not_numbers_in_a_summary():
    assert values("一些地方统一十分重要") == []  # 一十 runs across 统一 and 十分
    assert values("千万不要万一") == [] and values("两会召开") == []
    assert (
        values("三个部门") == [("n", 3)]
        and values("第一") == [("n", 1)]
        and values("二十多个") == [("n", 20)]
    )
    assert values("十四五规划") == [] and values("十四五规划", strict=False) == [("text", "十四五")]
    # in a source every numeral run counts (lenient), and 1.2万 also gives the bare 1.2
    assert source_values("统一部署，1.2万人") == {("n", 1), ("n", 12000), ("n", Fraction(6, 5))}


def test_unsupported_numbers_are_the_ones_whose_value_the_source_lacks():
    source = "南湾区新增就业1.2万人，失业率百分之四点五，2024年11月举办招聘会三十场。"
    summary = "南湾区新增就业12000人，失业率4.5%，二〇二四年十一月办招聘会30场，投资5亿元，增长4.5"
    assert [m.text for m in unsupported_numbers(summary, source)] == ["5亿"]
    # a percentage is not supported by the same bare number (the reverse is: 4.5 above)
    assert [m.text for m in unsupported_numbers("增长8%", "增长8倍")] == ["8%"]
    assert unsupported_numbers("", source) == []
