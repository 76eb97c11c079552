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


def test_an_indented_first_line_running_past_the_right_edge_is_not_centred():
    full = "预算主管部门及所属预算单位为保障其机构正常运转完成日常工作任务而编制的年度基本支出计划"
    rows = [line(full[:WIDTH], 720), line(full[: WIDTH - 1] + "。", 700)]  # the column: 0-300
    # indented 1.5 em and stopping 0.5 em short of the edge: nearly centred, but no right margin
    rows += [
        line(
            "（五）基本支出预算：是为保障机构正常运转、完成日常工作任务而编制的年度计划，包"[: WIDTH - 2],
            680,
            1.5,
        )
    ]
    rows += [line("括人员经费和公用经费两部分。", 660)]
    doc = layout_document([page_from_chars(1, [c for row in rows for c in row])], "r.pdf", "r", "pdf")
    last = doc.blocks[-1]
    assert (
        last.text.startswith("（五）")
        and last.text.endswith("括人员经费和公用经费两部分。")
        and last.align is None
    )


def big(text: str, y: float, x0: float, size: float = 36.0) -> list[Char]:
    return [
        Char(ch, x0 + size * k, x0 + size * (k + 1), y, y + size, size, "FZXBSJW", True)
        for k, ch in enumerate(text)
    ]


def test_a_cover_title_on_three_lines_of_display_type_is_one_block_though_one_line_is_wide():
    """A cover's title set in display type over three lines, the middle one almost as wide as the
    text column (so it shows no margins and is not seen as centred), is one title."""
    body = "今年全市经济运行总体平稳，主要指标好于预期，发展成效明显，各项工作扎实推进取得"[:WIDTH]
    rows = [line(body, 300 - 20 * k) for k in range(8)]  # the column: 0-300
    # 36 pt lines centred on 150: 5, 8 and 4 characters wide; the middle one spans the column
    cover = [
        big("中共某区委", 760, 150 - 90),
        big("社会工作部年度决", 716, 150 - 144),
        big("部门决算", 672, 150 - 72),
    ]
    chars = [c for row in cover + rows for c in row]
    doc = layout_document([page_from_chars(1, chars)], "r.pdf", "r", "pdf")
    assert doc.blocks[0].text == "中共某区委社会工作部年度决部门决算"


def test_a_sentence_broken_by_an_empty_line_is_one_paragraph_a_forms_row_is_not():
    """``…负责建立健全生活必需品市场供应`` / (empty line) / ``应急机制，协调…``: the line runs to the
    right margin and stops inside a word, the next goes on flush left: one paragraph, even when the
    first line is indented and stops an em short (nearly centred, but no title is that wide). A
    form's row, its cells apart, stays apart from the line after the gap."""
    text = "今年全市经济运行总体平稳，主要指标好于预期，发展成效明显，各项工作扎实推进取得成效，全年目标任务顺利完成"
    rows = [line(text[:40], 700 - 15 * k) for k in range(4)]  # pitch 15, the column 0-400
    first = "负责建立健全生活必需品市场供应组织协调本区商品交易市场规划承担重要消费品市场调控供应"[:37]
    after = line("应急机制，协调重要商品储备和市场调控。", 580)
    chars = [c for row in [*rows, line(first, 620, 2), after] for c in row]
    doc = layout_document([page_from_chars(1, chars)], "r.pdf", "r", "pdf")
    assert doc.blocks[-1].text == first + "应急机制，协调重要商品储备和市场调控。"

    form = line("收文机关 秘书股 收文登记人陈小明 紧急程度常规 公开方式不公开 公文处理类型签阅", 620)
    chars = [c for row in [*rows, form, after] for c in row]
    doc = layout_document([page_from_chars(1, chars)], "r.pdf", "r", "pdf")
    assert doc.blocks[-1].text == "应急机制，协调重要商品储备和市场调控。"


def test_lines_of_a_ragged_page_are_not_joined_where_several_happen_to_end_alike():
    """A contents page printed without leaders: short lines of every length, a few of them ending
    at the same place. That commonest end is no right margin (no line of the page reaches the
    column of the justified pages set like it), so no line there is a wrapped one; the body page's
    paragraph still joins across its lines."""
    entries = [
        "第一部分部门概况",
        "一、主要职能",
        "二、部门决算单位构成",
        "第二部分部门决算表",
        "一、收入支出决算总表",
        "二、收入决算表",
        "三、支出决算表",
        "四、财政拨款收入支出决算总表",
        "五、一般公共预算财政拨款支出决算表",
        "六、其他重要事项的情况说明",
    ]
    contents = [c for k, text in enumerate(entries) for c in line(text, 700 - 20 * k)]
    text = "今年全市经济运行总体平稳，主要指标好于预期，发展成效明显，各项工作扎实推进取得成效，全年目标任务顺利完成"
    body = [c for k in range(4) for c in line(text[:WIDTH] if k < 3 else "完成。", 700 - 15 * k)]
    doc = layout_document([page_from_chars(1, contents), page_from_chars(2, body)], "r.pdf", "r", "pdf")
    assert [b.text for b in doc.blocks] == [*entries, text[:WIDTH] * 3 + "完成。"]


def test_a_centred_title_whose_first_line_fills_the_column_is_one_block():
    """``第三部分 某某局2024年度部门决算情况`` fills the column (no margins to show it centred),
    ``说明`` is centred right under it in the same type: one title. After a line that ends a
    sentence, a centred line is a title of its own."""
    text = "今年全市经济运行总体平稳，主要指标好于预期，发展成效明显，各项工作扎实推进取得成效，全年目标任务顺利完成"
    body = [line(text[:WIDTH], 600 - 15 * k) for k in range(3)]
    for first, joined in (
        ("第三部分某某区社会工作部二〇二四年度部门决算情况和有关事项的", True),
        ("第三部分某某区社会工作部二〇二四年度部门决算情况和有关事项。", False),
    ):
        assert len(first) == WIDTH
        rows = [line(first, 700), line("说明", 685, 14), *body]
        doc = layout_document([page_from_chars(1, [c for row in rows for c in row])], "r.pdf", "r", "pdf")
        texts = [b.text for b in doc.blocks]
        assert texts[:2] == ([first + "说明", text[:WIDTH] * 3] if joined else [first, "说明"]), texts


def test_text_wrapped_around_a_photo_keeps_its_paragraphs_on_a_page_beside_justified_ones():
    """A briefing page whose first paragraphs wrap beside a photo (20 characters a line) and whose
    last ones run the full column below it: most lines end short of the column, but several reach
    it, so the page is not ragged and every paragraph is joined (from the hostile sweep)."""
    src = (
        "今年以来，全市上下坚持以人民为中心的发展思想，扎实推进民生实事项目建设，城乡面貌持续改善，群众获得感幸福感安全感不断增强"
        * 4
    )

    def para(width: int, y: float, pos: int) -> tuple[list[list[Char]], float, str]:
        first, second = src[pos : pos + width - 2], src[pos + width - 2 : pos + 2 * width - 2]
        last = src[pos + 2 * width - 2 : pos + 2 * width + 6] + "。"
        return [line(first, y, 2), line(second, y - 15), line(last, y - 30)], y - 45, first + second + last

    def page(number: int, widths: list[int]) -> tuple[list[Char], list[str]]:
        rows, texts, y = [], [], 760.0
        for k, width in enumerate(widths):
            r, y, text = para(width, y, 3 * k)
            rows += r
            texts.append(text)
        return [c for row in rows for c in row], texts

    justified, texts1 = page(1, [30] * 4)
    wrapped, texts2 = page(2, [20, 20, 20, 30, 30])
    doc = layout_document([page_from_chars(1, justified), page_from_chars(2, wrapped)], "r.pdf", "r", "pdf")
    assert [b.text for b in doc.blocks] == texts1 + texts2


def test_a_blank_forms_grid_is_a_table_a_box_around_one_text_is_not():
    """A registration form: a ruled grid of labels (姓名, 性别, …) over empty value cells has no row
    of two filled cells, but it is a form's table, read as one; a ruled box around a single text
    (one row) is a frame, its text prose (hostile sweep)."""
    from pipeline.read.pdf import find_tables

    def grid(top: float, rows: int, xs: list[float]) -> list[tuple[float, float, float, float]]:
        edges = [(xs[0], top - 20.0 * k, xs[-1], top - 20.0 * k) for k in range(rows + 1)]
        return edges + [(x, top, x, top - 20.0 * rows) for x in xs]

    labels = ["姓名", "性别", "出生年月", "工作单位"]
    chars = [c for k, label in enumerate(labels) for c in line(label, 700 - 20.0 * k - 15, 1)]
    page = page_from_chars(1, chars, find_tables(grid(700.0, 4, [0.0, 100.0, 300.0])))
    assert [line.cells for line in page.items if line.table] == [[label, ""] for label in labels]

    boxed = line("注：本表一式两份，报名截止后由各单位统一报送市志愿者协会。", 685, 1)
    page = page_from_chars(1, boxed, find_tables(grid(700.0, 1, [0.0, 2.0, 300.0])))
    assert not any(line.table for line in page.items)


def test_a_short_line_ending_where_another_short_line_ends_is_no_right_margin():
    """A page of few lines: two short lines that end alike (``…第一条。``, ``某某委员会``) are as
    common as the full lines, whose end is the margin; the short line under a head is no wrapped
    line, and the head below it is a paragraph of its own."""
    full = "根据本区贸易高质量发展实施意见和服务企业发展工作实施意见，制定实施流程和细则明确申报"[:WIDTH]
    rows = [
        line("一、项目概述", 720),
        line("推动本区贸易发展完成任务。", 700, 2),  # ends at 150
        line("二、实施主体", 680),
        line("上海市某某区商务委员会本部", 660, 2),  # ends at 150 too
        line("三、实施方案", 640),
        line(full, 620),  # ends at 300, the margin
        line(full, 600),
        line("指南。", 580),
    ]
    chars = [c for row in rows for c in row]
    doc = layout_document([page_from_chars(1, chars)], "r.pdf", "r", "pdf")
    assert [b.text for b in doc.blocks] == [
        "一、项目概述",
        "推动本区贸易发展完成任务。",
        "二、实施主体",
        "上海市某某区商务委员会本部",
        "三、实施方案",
        full + full + "指南。",
    ]


def test_hanging_punctuation_does_not_move_the_right_margin():
    """Word hangs a closing ，/。 one em past the column: lines end at 300 and 310 as often; a line
    stopping at 290 (a number that did not fit) still runs on."""
    text = "其中基本支出决算为壹仟万元占总支出的百分之八十一用于保障机构正常运转项目支出决算为贰佰叁拾肆万元占百分之十九主要用于信息化建设"
    rows = [
        line(text[:30] + "，", 700),  # 310
        line(text[30:60], 685),  # 300
        line(text[:30] + "，", 670),  # 310
        line(text[30:60], 655),  # 300
        line(text[:29], 640),  # 290: stops early
        line("12345.67万元。", 625),
    ]
    chars = [c for row in rows for c in row]
    doc = layout_document([page_from_chars(1, chars)], "r.pdf", "r", "pdf")
    assert len(doc.blocks) == 1
