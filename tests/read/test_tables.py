"""Tables as tables in the readers: a row per block, its cells kept, tables numbered; tables used
for layout are read as the text they hold."""

from __future__ import annotations

import pytest

from pipeline.read.binary import read_document
from pipeline.read.html import html_to_document
from tests.helpers import makedocs as mk

PROSE = "本市今年继续加大民生投入，全年一般公共预算支出安排情况如下，其中教育和社会保障支出增幅较大。"


def page(body: str) -> str:
    return f"<html><head><title>预算安排</title></head><body><h1>预算安排</h1>{body}</body></html>"


def rows(doc, table: int | None = None) -> list[tuple[str, ...]]:
    return [b.cells for b in doc.blocks if b.table and (table is None or b.table == table)]


def test_html_data_table_rows_keep_their_cells_and_tables_are_numbered():
    html = page(
        f"<p>{PROSE}</p>"
        "<table><caption>表1 支出</caption><tr><th>项目</th><th>金额</th><th>备注</th></tr>"
        "<tr><td>一、教育支出</td><td>712<script>x=1</script></td><td></td></tr>"
        "<tr><td>二、社会保障<br>和就业支出</td><td>305</td><td>含<b>补助</b></td></tr></table>"
        f"<p>{PROSE}</p>"
        "<table><tr><td>合计</td><td>1017</td></tr><tr><td>增长</td><td>5%</td></tr></table>"
    )
    doc = html_to_document(html, "p", "p.html")
    assert rows(doc, 1) == [
        ("项目", "金额", "备注"),
        ("一、教育支出", "712", ""),
        ("二、社会保障 和就业支出", "305", "含补助"),
    ]
    assert rows(doc, 2) == [("合计", "1017"), ("增长", "5%")]
    row = next(b for b in doc.blocks if b.cells == ("一、教育支出", "712", ""))
    assert row.text == "一、教育支出 712" and row.heading is None and row.kind is None
    assert any(b.text == "表1 支出" and not b.table for b in doc.blocks)  # the caption is text


@pytest.mark.parametrize(
    "table",
    [
        # one cell a row: a page laid out in a table
        f"<table><tr><td>预算安排说明</td></tr><tr><td>{PROSE}</td></tr><tr><td>{PROSE}</td></tr></table>",
        # a table holding a table: layout
        f"<table><tr><td><table><tr><td>甲</td><td>乙</td></tr></table></td><td>{PROSE}</td></tr>"
        f"<tr><td>丙</td><td>丁</td></tr></table>",
        # a cell holding an article: layout
        f"<table><tr><td>导航</td><td>{PROSE * 5}</td></tr><tr><td>首页</td><td>{PROSE}</td></tr></table>",
    ],
)
def test_html_layout_tables_are_read_as_text(table: str):
    doc = html_to_document(page(f"<p>{PROSE}</p>{table}"), "p", "p.html")
    assert not rows(doc)
    assert sum(b.text.count(PROSE) for b in doc.blocks) >= 2


def test_docx_data_table_keeps_empty_cells_and_a_one_column_table_is_a_frame():
    made = mk.make_docx(
        [
            mk.Para([PROSE]),
            mk.Table([["项目", "金额", "备注"], ["一、教育支出", "712", ""]]),
            mk.Table([["关于做好预算公开工作的说明"], [PROSE]]),  # a frame: no row of two filled cells
        ]
    )
    doc = read_document(made.data, "t.docx", "t", ".docx")
    assert rows(doc) == [("项目", "金额", "备注"), ("一、教育支出", "712", "")]
    assert {b.table for b in doc.blocks if b.table} == {1}
    frame = [b for b in doc.blocks if b.text in ("关于做好预算公开工作的说明", PROSE)]
    assert len(frame) == 3 and not any(b.table for b in frame)


def test_pdf_table_broken_over_a_page_is_one_table():
    pytest.importorskip("reportlab")
    doc = read_document(mk.make_split_table_pdf().data, "s.pdf", "s", ".pdf")
    assert rows(doc, 1) == [tuple(r) for r in mk.SPLIT_TABLE]  # the page's header between is set aside
    assert rows(doc, 2) == [tuple(r) for r in mk.TABLE]  # after a paragraph: a table of its own
    assert [b.kind for b in doc.blocks if b.kind] == ["header", "page-number", "header", "page-number"]
