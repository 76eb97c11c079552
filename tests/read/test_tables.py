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


def between_prose(table: str):
    """A page reading ``table`` between two paragraphs of prose."""
    return html_to_document(page(f"<p>{PROSE}</p>{table}<p>{PROSE}</p>"), "p", "p.html")


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


def chars(doc) -> str:
    return "".join(b.text for b in doc.blocks).replace(" ", "")


def test_html_cell_text_after_a_comment_is_kept():
    html = page(
        f"<p>{PROSE}</p><table><tr><th>项目</th><th>金额</th></tr>"
        "<tr><td>教育</td><td><!--StartFragment-->712<!--EndFragment--></td></tr>"
        "<tr><td>卫生</td><td>1<!-- x -->05</td></tr></table>"
    )
    assert rows(html_to_document(html, "p", "p.html")) == [("项目", "金额"), ("教育", "712"), ("卫生", "105")]


@pytest.mark.parametrize(
    "odd",
    [
        "<tr>散落的文字<td>甲</td><td>1</td></tr>",  # text in a row, outside its cells
        "<tr><td>甲</td><td>1</td></tr><div>表外的说明</div>",  # an element between rows
        "<td>甲</td><td>1</td>",  # cells with no row
        "<tr style='display:none'><td>隐藏行</td><td>99</td></tr>",  # a hidden row
        "<tr><td>甲</td><td>12<span style='display:none'>34</span></td></tr>",  # a hidden part of a cell
    ],
)
def test_html_a_table_with_anything_outside_its_cells_or_hidden_is_read_by_the_general_walk(odd: str):
    table = f"<table><tr><th>项目</th><th>金额</th></tr>{odd}<tr><td>乙</td><td>2</td></tr></table>"
    doc = between_prose(table)
    assert not rows(doc)
    for text in ("散落的文字", "表外的说明", "甲"):
        if text in odd:
            assert text in chars(doc)  # nothing lost
    if "display:none" in odd:  # hidden text is set aside, never body
        assert all(
            "99" not in b.text and "1234" not in b.text.replace(" ", "") for b in doc.blocks if b.kind is None
        )


def test_html_a_table_of_links_is_navigation():
    links = "".join(
        f'<tr><td><a href="/{i}">相关新闻标题{i}</a></td><td><a href="/d{i}">详情</a></td></tr>'
        for i in range(4)
    )
    doc = html_to_document(page(f"<p>{PROSE}</p><p>{PROSE}</p><table>{links}</table>"), "p", "p.html")
    assert not rows(doc)
    assert all(b.kind == "furniture" for b in doc.blocks if "相关新闻标题" in b.text)


def word(text: str, x: float, y: float) -> list:
    """Characters of ``text`` placed from (x, y), 10 pt each."""
    from pipeline.read.pdf import Char

    return [
        Char(ch, x + 10 * k, x + 10 * k + 10, y, y + 10, 10.0, "SimSun", False) for k, ch in enumerate(text)
    ]


def grid(x0: float, xs: list[float], tops: list[float]):
    """A ruled table with columns at ``xs`` (from ``x0``) and row rules at ``tops``."""
    from pipeline.read.pdf import Table

    edges = [x0, *xs]
    hrules = [(edges[0], edges[-1], y) for y in tops]
    vrules = [(x, tops[-1], tops[0]) for x in edges]
    return Table(edges[0], tops[-1], edges[-1], tops[0], hrules, vrules)


def test_pdf_cells_of_a_row_go_left_to_right_when_their_rules_differ_a_little():
    from pipeline.read.pdf import Table, page_from_chars

    xs, tops = [0.0, 100.0, 200.0, 300.0], [100.0, 80.0, 60.0]
    lift = 0.01  # the third column's rules drawn a hair higher than the others'
    hrules = [(xs[0], xs[2], y) for y in tops] + [(xs[2], xs[3], y + lift) for y in tops]
    vrules = [(x, tops[-1], tops[0]) for x in xs]
    table = Table(0.0, tops[-1], 300.0, tops[0] + lift, hrules, vrules)
    chars = word("项目", 5, 85) + word("本年", 105, 85) + word("上年", 205, 85 + lift)
    chars += word("教育", 5, 65) + word("712", 205, 65 + lift)
    page = page_from_chars(1, chars, [table])
    assert [(line.cells, line.text) for line in page.items] == [
        (["项目", "本年", "上年"], "项目 本年 上年"),
        (["教育", "", "712"], "教育 712"),
    ]


def test_html_an_element_without_text_between_rows_leaves_a_data_table_one():
    table = (
        "<table><colgroup><col></colgroup><tr><th>项目</th><th>金额</th></tr><a name='r1'></a>"
        "<input type='hidden' value='x'><tr><td>教育</td><td>712</td></tr>"
        "<tr><td>卫生</td><td>105</td><td style='display:none'></td></tr></table>"
    )
    doc = between_prose(table)
    assert rows(doc) == [("项目", "金额"), ("教育", "712"), ("卫生", "105", "")]


def test_pdf_tables_side_by_side_are_read_one_after_the_other():
    from pipeline.read.pdf import page_from_chars

    tops = [100.0, 80.0, 60.0]
    left, right = grid(0.0, [60.0, 120.0], tops), grid(200.0, [260.0, 320.0], tops)
    chars = word("甲", 5, 85) + word("1", 65, 85) + word("乙", 5, 65) + word("2", 65, 65)
    chars += word("丙", 205, 85) + word("3", 265, 85) + word("丁", 205, 65) + word("4", 265, 65)
    page = page_from_chars(1, chars, [left, right])
    assert [(line.table, line.cells) for line in page.items] == [
        (1, ["甲", "1"]),
        (1, ["乙", "2"]),
        (2, ["丙", "3"]),
        (2, ["丁", "4"]),
    ]


def test_docx_a_cell_merged_across_columns_keeps_the_columns_lined_up():
    import io

    import docx

    d = docx.Document()
    d.add_paragraph(PROSE)
    table = d.add_table(rows=3, cols=3)
    for r, values in enumerate([["项目", "2024年", "2025年"], ["教育", "690", "712"], ["合计", "", "1017"]]):
        for k, value in enumerate(values):
            table.cell(r, k).text = value
    merged = table.cell(2, 0).merge(table.cell(2, 1))  # 合计 over two columns
    merged.text = "合计"
    buffer = io.BytesIO()
    d.save(buffer)
    doc = read_document(buffer.getvalue(), "m.docx", "m", ".docx")
    assert rows(doc) == [("项目", "2024年", "2025年"), ("教育", "690", "712"), ("合计", "", "1017")]


def test_html_tfoot_comes_last_a_caption_is_the_tables_title_and_a_note_mark_stays_apart():
    from pipeline.segment import segment

    table = (
        "<table><caption>表1 主要指标</caption><thead><tr><th>指标</th><th>数值</th></tr></thead>"
        "<tfoot><tr><td>合计</td><td>300</td></tr></tfoot>"
        "<tbody><tr><td>投资<sup>1</sup></td><td><sup>2</sup>200</td></tr><tr><td>消费</td><td>100</td></tr></tbody></table>"
    )
    doc = between_prose(table)
    assert rows(doc) == [("指标", "数值"), ("投资 1", "2 200"), ("消费", "100"), ("合计", "300")]
    assert segment(doc).tables[0].caption == ["表1 主要指标"]


def test_html_cells_spanning_rows_and_columns_keep_the_columns_lined_up():
    table = (
        "<table><tr><th rowspan='2'>地区</th><th colspan='2'>生产总值</th></tr><tr><th>亿元</th><th>增长%</th></tr>"
        "<tr><td rowspan='2'>东城区</td><td>1234.5</td><td>5.2</td></tr><tr><td>999.9</td><td>3.3</td></tr>"
        "<tr><td>西城区</td><td colspan='99999'>缺</td></tr></table>"
    )
    doc = between_prose(table)
    got = rows(doc)
    assert got[:4] == [
        ("地区", "生产总值", ""),
        ("", "亿元", "增长%"),
        ("东城区", "1234.5", "5.2"),
        ("", "999.9", "3.3"),
    ]
    assert got[4][:2] == ("西城区", "缺") and len(got[4]) == 101  # a span past all reason is capped


def test_pdf_a_header_cell_over_two_columns_is_followed_by_an_empty_cell():
    from pipeline.read.pdf import Table, page_from_chars

    tops = [100.0, 80.0, 60.0]
    hrules = [(0.0, 300.0, y) for y in tops]
    vrules = [(0.0, 60.0, 100.0), (100.0, 60.0, 100.0), (200.0, 60.0, 80.0), (300.0, 60.0, 100.0)]
    table = Table(
        0.0, 60.0, 300.0, 100.0, hrules, vrules
    )  # the rule between columns 2 and 3 stops under the header
    chars = (
        word("地区", 5, 85)
        + word("生产总值", 105, 85)
        + word("东部", 5, 65)
        + word("100", 105, 65)
        + word("5.0", 205, 65)
    )
    page = page_from_chars(1, chars, [table])
    assert [line.cells for line in page.items] == [["地区", "生产总值", ""], ["东部", "100", "5.0"]]
