"""Tables as tables in what zhsum writes: Markdown and HTML show the rows and cells, a summary
record marks a section that is only a table."""

from __future__ import annotations

from pipeline.read.document import Block, Document
from pipeline.records import SectionSummary, SummaryRecord
from pipeline.render.html import render_summaries_html, source_html
from pipeline.render.markdown import md_table, record_markdown, segmented_markdown
from pipeline.segment import segment

PROSE = "本市今年继续加大民生投入，全年一般公共预算支出安排情况如下。"
DOC = Document(
    "d",
    "d.docx",
    [
        Block(PROSE, 1),
        Block("一、支出明细", 2, heading=2),
        Block("项目 金额|万元", 3, table=1, cells=("项目", "金额|万元")),
        Block("合计 1017 增", 4, table=1, cells=("合计", "1017", "增")),
    ],
    title="预算说明",
)


def test_md_table_pads_rows_and_escapes_cells():
    assert md_table([("项目", "金额|万元"), ("合计", "1017", "增")]) == (
        "| 项目 | 金额\\|万元 |  |\n|---|---|---|\n| 合计 | 1017 | 增 |"
    )


def test_segmented_markdown_shows_the_table_in_its_section():
    text = segmented_markdown(segment(DOC))
    assert "## 一、支出明细\n\n| 项目 | 金额\\|万元 |  |\n|---|---|---|\n| 合计 | 1017 | 增 |" in text
    assert "_(no text)_" not in text  # a section that is a table has content


def test_source_html_shows_rows_as_a_table():
    html = source_html(DOC)
    assert '<table class="s-tab"><tr><td><span class="txt">项目</span></td>' in html
    assert html.count("<tr>") == 2 and "1017" in html


def test_a_table_only_section_is_marked_not_summarized():
    record = SummaryRecord(
        "d",
        "d.docx",
        "lead",
        False,
        title="预算说明",
        summary=PROSE,
        sections=(
            SectionSummary("一、支出明细", 1, "", tables=1),
            SectionSummary("二、其他", 1, "", tables=0),
        ),
    )
    md = record_markdown(record)
    assert "- **一、支出明细** _(only a table: not summarized)_" in md
    assert "- **二、其他**\n" in md + "\n"
    assert "(only a table: not summarized)" in render_summaries_html([record])
