"""PDF paragraphs: where a wrapped paragraph ends and the next begins without an indent."""

from __future__ import annotations

from pipeline.read.pdf import Char, layout_document, page_from_chars

WIDTH = 30  # characters a full line holds


def line(text: str, y: float, indent: int = 0) -> list[Char]:
    return [
        Char(ch, 10.0 * (k + indent), 10.0 * (k + indent) + 10, y, y + 10, 10.0, "SimSun", False)
        for k, ch in enumerate(text)
    ]


def test_a_numbered_head_after_a_full_line_that_ends_a_sentence_starts_a_paragraph():
    full = (
        "加快推动本区企业创新驱动发展，促进企业加大创新力度、加快成果转化完成全年经济指标任务"[: WIDTH - 1]
        + "。"
    )
    wrapped = "根据本区服务企业发展工作实施意见和支持科技创新实施意见，制定实施流程和细则明确申报"[:WIDTH]
    rows = [
        line("一、项目概述", 700),
        line(full, 680),
        line("二、立项依据", 660),
        line(wrapped, 640),
        line("指南。", 620),
    ]
    chars = [c for row in rows for c in row]
    doc = layout_document([page_from_chars(1, chars)], "r.pdf", "r", "pdf")
    assert [b.text for b in doc.blocks] == ["一、项目概述", full, "二、立项依据", wrapped + "指南。"]


def test_a_wrapped_sentence_that_starts_a_line_with_a_number_stays_in_its_paragraph():
    full = (
        "今年全市经济运行总体平稳，主要指标好于预期，发展成效明显，各项工作扎实推进取得"[: WIDTH - 1] + "。"
    )
    for tail in (
        "二、三季度均实现正增长。",
        "第六条所列事项已办结。",
        "（一）至（三）项工作均已按期完成",
        "3.5亿元资金已经全部拨付到位。",
    ):
        chars = [c for row in (line(full[2:], 680, 2), line(full, 660), line(tail, 640)) for c in row]
        doc = layout_document([page_from_chars(1, chars)], "r.pdf", "r", "pdf")
        assert [b.text for b in doc.blocks] == [full[2:] + full + tail], tail
