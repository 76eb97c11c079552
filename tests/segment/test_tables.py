"""Tables in the segment output: a ``tables`` part, each table in the section where it sits, its
rows and cells kept, never a head and never in a section's text; nothing lost."""

from __future__ import annotations

from pipeline.read.document import Block, Document
from pipeline.segment import Table, segment

PROSE = "本市今年继续加大民生投入，全年一般公共预算支出安排情况如下，其中教育和社会保障支出增幅较大。"


def row(line: int, table: int, *cells: str) -> Block:
    return Block(" ".join(c for c in cells if c), line, table=table, cells=cells)


def doc(*blocks: Block) -> Document:
    return Document("d", "d.docx", list(blocks), title="预算说明")


def rebuilt(seg) -> list[str]:
    """Each source line rebuilt from its pieces (text + sep): what nothing-lost means."""
    lines: dict[int, str] = {}
    for p in seg.pieces:
        lines[p.line] = lines.get(p.line, "") + p.text + p.sep
    return [lines[k] for k in sorted(lines)]


def test_tables_sit_in_their_sections_apart_from_the_text():
    blocks = [
        Block(PROSE, 1),
        row(2, 1, "项目", "金额"),
        row(3, 1, "合计", "1017"),
        Block("一、教育支出", 4, heading=2),
        Block(PROSE, 5),
        row(6, 2, "一、学前教育", "12"),  # looks like a head: it is a row
        row(7, 2, "二、小学", ""),
        Block("二、社会保障支出", 8, heading=2),
        row(9, 3, "项目", "金额"),
        Block("（责任编辑：王五）", 10),
        row(11, 3, "合计", "305"),  # a set-aside line inside does not end the table
        row(12, 4, "附注", "无"),  # the next table
    ]
    seg = segment(doc(*blocks))
    assert [s.headline for s in seg.sections] == ["一、教育支出", "二、社会保障支出"]
    assert seg.tables == [
        Table(2, None, [("项目", "金额"), ("合计", "1017")]),
        Table(6, 0, [("一、学前教育", "12"), ("二、小学", "")]),
        Table(9, 1, [("项目", "金额"), ("合计", "305")]),
        Table(12, 1, [("附注", "无")]),
    ]
    assert seg.lede == PROSE and seg.sections[0].text == PROSE and seg.sections[1].text == ""
    assert seg.section_tables(1) == seg.tables[2:]
    assert rebuilt(seg) == [b.text for b in blocks]
    assert seg.to_dict()["tables"][1] == {
        "line": 6,
        "section": 0,
        "caption": [],
        "rows": [["一、学前教育", "12"], ["二、小学", ""]],
        "notes": [],
    }


def test_a_table_in_a_document_without_headlines_is_in_its_one_section():
    seg = segment(doc(Block(PROSE, 1), row(2, 1, "项目", "金额"), Block(PROSE, 3)))
    assert len(seg.sections) == 1 and seg.sections[0].headline is None
    assert seg.tables == [Table(2, 0, [("项目", "金额")])]
    assert seg.sections[0].text == f"{PROSE}\n{PROSE}"


def test_a_unit_line_above_and_a_note_below_belong_to_the_table():
    blocks = [
        Block(PROSE, 1),
        Block("一、收入预算总表", 2, heading=2),
        Block("编制部门：白石市商务局 单位：元", 3),
        row(4, 1, "项目", "金额"),
        row(5, 1, "合计", "0"),
        Block("注：本部门无政府性基金预算，故本表为空表。", 6),
        Block("二、支出说明", 7, heading=2),
        Block("单位：万元。全年支出比上年增长百分之五。", 8),  # a sentence, not a unit line
        Block(PROSE, 9),
        Block("注：以上为初步统计数。", 10),  # not under a table: text
    ]
    seg = segment(doc(*blocks))
    assert seg.tables == [
        Table(
            4,
            0,
            [("项目", "金额"), ("合计", "0")],
            ["编制部门：白石市商务局 单位：元"],
            ["注：本部门无政府性基金预算，故本表为空表。"],
        )
    ]
    assert seg.sections[0].text == ""  # the section is only its table
    assert seg.sections[1].text.splitlines() == [blocks[7].text, PROSE, blocks[9].text]
    assert rebuilt(seg) == [b.text for b in blocks]


def test_numeral_parts_and_site_chrome_never_take_a_tables_rows():
    blocks = [
        Block(PROSE, 1),
        Block("1", 2),
        row(3, 1, "学前教育", "12"),
        Block("2", 4),
        row(5, 2, "小学", "30"),
        row(6, 2, "", "5"),  # a row of one number is a row, not a page counter
        Block(PROSE, 7),
    ]
    seg = segment(doc(*blocks))
    assert [t.rows for t in seg.tables] == [[("学前教育", "12")], [("小学", "30"), ("", "5")]]
    assert rebuilt(seg) == [b.text for b in blocks]
    untitled = Document(
        "u", "u.docx", [row(1, 1, "姓名", "性别", "年龄"), row(2, 1, "张三", "男", "30"), Block(PROSE, 3)]
    )
    assert segment(untitled).tables[0].rows[0] == ("姓名", "性别", "年龄")  # a header row is no site chrome


def test_a_sentence_ending_with_a_unit_is_text_not_a_caption():
    line = "2025年部门收入预算总额为12345万元，比上年增长百分之五，具体情况如下（单位：万元）"
    seg = segment(doc(Block(PROSE, 1), Block(line, 2), row(3, 1, "项目", "金额"), row(4, 1, "合计", "12345")))
    assert seg.tables[0].caption == [] and line in seg.sections[0].text


def test_a_tables_title_above_it_goes_with_the_table_but_a_lead_in_stays_text():
    blocks = [
        Block("二、决算情况", 1, heading=2),
        Block("收入支出决算总表", 2),
        Block("单位：万元", 3),
        row(4, 1, "项目", "决算数"),
        Block("收入决算表", 5),
        row(6, 2, "项目", "决算数"),
        Block("主要指标完成情况如下：", 7),
        row(8, 3, "指标", "增长"),
    ]
    seg = segment(doc(Block(PROSE, 0), *blocks))
    assert [t.caption for t in seg.tables] == [["收入支出决算总表", "单位：万元"], ["收入决算表"], []]
    assert seg.sections[0].text == "主要指标完成情况如下："


def test_a_short_line_over_a_long_table_heads_it_whatever_the_header_rows_length():
    """A list of names laid out as tables under section lines (``第三级认证`` / table): the line
    heads its table as it would a paragraph, judged on the whole table, not its header row."""
    header = ("序号", "学校名称", "专业名称", "层次")
    names = [row(6 + k, 2, str(k + 1), f"某某师范大学{k}", "汉语言文学", "本科") for k in range(4)]
    blocks = [
        Block("第二级认证", 1),
        row(2, 1, *header),
        row(3, 1, "1", "某某师范大学", "汉语言文学", "本科"),
        Block("第二级认证（2016—2017年认证试点复评）", 4),
        row(5, 2, *header),
        *names,
    ]
    seg = segment(doc(*blocks))
    assert [s.headline for s in seg.sections] == ["第二级认证", "第二级认证（2016—2017年认证试点复评）"]
