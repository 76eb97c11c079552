from __future__ import annotations

import json
from itertools import groupby
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.read.document import Block, Document
from pipeline.read.readers import iter_documents
from pipeline.read.text import text_to_blocks
from pipeline.segment import Segmented, head_match, removal_kind, segment
from tests.conftest import FIXTURES, SHARED_SEED
from tests.helpers.segments import heads, removed

ALL_INPUTS = sorted(FIXTURES.iterdir()) + ([SHARED_SEED] if SHARED_SEED.exists() else [])


def seg_text(text: str, title: str | None = None) -> Segmented:
    return segment(Document("t", "t.txt", text_to_blocks(text), title=title))


def seg_file(path: Path) -> Segmented:
    (doc,) = iter_documents([str(path)])
    return segment(doc)


# --------------------------------------------------------------------------- nothing lost


@pytest.mark.parametrize("path", ALL_INPUTS, ids=lambda p: p.name)
def test_nothing_lost_every_block_is_in_exactly_one_piece_in_order(path):
    (doc,) = iter_documents([str(path)])
    seg = segment(doc)
    lines = [p.line for p in seg.pieces]
    assert lines == sorted(lines), "pieces follow the input order"
    by_line = {line: list(group) for line, group in groupby(seg.pieces, key=lambda p: p.line)}
    assert sorted(by_line) == sorted(b.line for b in doc.blocks), "every block, and only blocks, are covered"
    for block in doc.blocks:
        rebuilt = "".join(p.text + p.sep for p in by_line[block.line])
        assert rebuilt == block.text, f"line {block.line} rebuilt exactly"

    # The public fields hold exactly the pieces' text: nothing dropped, nothing duplicated.
    def collect(role):
        return [p.text for p in seg.pieces if p.role == role]

    assert [r["text"] for r in seg.removed] == collect("removed")
    body = seg.lede.splitlines() + [
        t
        for s in seg.sections
        for t in ([s.headline] if s.headline is not None else []) + s.text.splitlines()
    ]
    assert body == [p.text for p in seg.pieces if p.role in {"headline", "text"}]
    assert seg.title in [*collect("title"), doc.title]
    assert seg.subtitle in [*collect("subtitle"), None]


@pytest.mark.parametrize("path", ALL_INPUTS, ids=lambda p: p.name)
def test_removed_text_never_in_body(path):
    seg = seg_file(path)
    body = seg.lede + "\n" + "\n".join(s.text for s in seg.sections)
    for item in seg.removed:
        assert item["text"] not in body.splitlines(), item
        if len(item["text"]) >= 4:
            assert item["text"] not in body, item


# --------------------------------------------------------------------------- styles


def test_numbered_notice(fixtures):
    seg = seg_file(fixtures / "notice_numbered.txt")
    assert seg.title == "青川市人民政府办公室关于做好2026年冬季安全生产工作的通知"
    assert seg.lede.startswith("入冬以来") and "现就有关事项通知如下" in seg.lede
    assert heads(seg) == [
        ("一、提高思想认识", 1),
        ("二、突出重点领域", 1),
        ("（一）道路交通安全。", 2),
        ("（二）燃气安全。", 2),
        ("（三）消防安全。", 2),
        ("三、强化应急值守", 1),
        # Levels by nesting: 1. sits directly under 三、 (no （一） between), so it is level 2.
        ("1.严格值班制度。", 2),
        ("2.及时报送信息。", 2),
    ]
    assert seg.sections[2].text.startswith("公安、交通运输部门要加强")
    kinds = {r["text"]: r["kind"] for r in seg.removed}
    assert kinds == {
        "青政办发〔2026〕17号": "doc-number",
        "附件：青川市冬季安全生产重点检查事项清单": "attachment",
        "青川市人民政府办公室": "signature",
        "2026年11月20日": "date",
        "（此件公开发布）": "note",
        "各区县人民政府，市政府各部门、各直属机构：": "addressee",
        "特此通知。": "closing",
    }
    assert seg.sections[-1].text.endswith("不得迟报、漏报、瞒报。")


def test_gb18030_notice_segments_like_utf8(fixtures):
    utf8 = seg_file(fixtures / "notice_numbered.txt")
    gb = seg_file(fixtures / "notice_gb18030.txt")
    assert [h for h, _ in heads(gb)] == [h for h, _ in heads(utf8)]
    assert gb.title.startswith("白石市")


def test_bracket_release_with_dateline_and_editor(fixtures):
    seg = seg_file(fixtures / "release_brackets.txt")
    assert seg.title == "南湾区前三季度民生实事进展顺利"
    assert seg.lede.startswith(
        "本报讯（记者 林晓雯 通讯员 周启航）11月18日，南湾区召开"
    )  # the dateline stays
    assert heads(seg) == [("【稳就业】", 1), ("【办教育】", 1), ("【优医疗】", 1)]
    assert seg.sections[0].text.startswith("今年以来，南湾区新增城镇就业")
    assert seg.sections[-1].text.endswith("确保年底前全部完成。")
    assert [(r["kind"], r["text"]) for r in seg.removed] == [("editor", "（责任编辑：陈思远）")]


def test_newspaper_page_articles_subheads_bylines_captions(fixtures):
    seg = seg_file(fixtures / "newspaper_page.txt")
    assert (seg.title, seg.subtitle) == ("沿江古镇焕新颜", "文旅融合谱新篇")
    assert seg.lede.startswith("全镇接待游客186万人次") and "今年以来 临溪镇" in seg.lede
    assert heads(seg) == [
        ("老街巷里的新生活", 1),
        ("守住文脉才能留住乡愁。", 2),
        ("业态升级带来新活力。", 2),
        ("一条江带旺一座镇", 1),
    ]
    removed = [(r["kind"], r["text"]) for r in seg.removed]
    assert removed == [
        ("byline", "(许明远)"),
        ("byline", "(叶知秋)"),
        ("caption", "游客在临溪镇老街体验竹编技艺。"),
        ("caption", "许明远 摄"),
        ("caption", "修缮一新的清代戏台。"),
        ("caption", "叶知秋 摄"),
    ]


def test_html_page(fixtures):
    seg = seg_file(fixtures / "page.html")
    assert seg.title == "东岭市启动老旧小区改造三年行动"
    assert seg.lede.startswith("11月2日，东岭市召开")
    assert heads(seg) == [("先补短板再提品质", 1), ("居民全程参与", 2), ("建立长效管理机制", 1)]
    kinds = [r["kind"] for r in seg.removed]
    assert kinds == ["furniture", "furniture", "meta", "caption", "related", "footer"]


def test_markdown_guide(fixtures):
    seg = seg_file(fixtures / "guide.md")
    assert seg.title == "河口区政务服务“一网通办”操作指南"
    assert heads(seg) == [
        ("如何注册账号", 1),
        ("如何办理事项", 1),
        ("查找事项", 2),
        ("提交材料", 2),
        ("遇到问题怎么办", 1),
    ]
    assert seg.sections[1].text == ""


def test_no_headlines_is_one_headless_section(fixtures):
    seg = seg_file(fixtures / "no_headlines.txt")
    assert seg.title is None and seg.lede == ""
    assert len(seg.sections) == 1 and seg.sections[0].headline is None
    assert seg.sections[0].text.count("\n") == 2


@pytest.mark.skipif(not SHARED_SEED.exists(), reason="../shared seed page not present")
def test_seed_page_title_lede_three_articles_captions():
    seg = seg_file(SHARED_SEED)
    assert (seg.title, seg.subtitle) == ("上下一心持续用力", "内强服务外树形象")
    assert seg.lede.startswith("计划实施的547个重点项目")
    articles = [s.headline for s in seg.sections if s.level == 1]
    assert articles == ["营商环境不断提升", "真善美的力量充盈前行之路", "诚信之花绚丽绽放"]
    subheads = [s.headline for s in seg.sections if s.level > 1]
    assert "提振干事成事精气神" in subheads and "在遵规守矩中担当作为" in subheads
    assert "见贤思齐、崇德向善 一座城市的精神气质。" in subheads
    kinds = [r["kind"] for r in seg.removed]
    assert kinds.count("byline") == 3 and kinds.count("caption") == 10
    assert all("摄" not in s.text for s in seg.sections)


# --------------------------------------------------------------------------- edge cases first


def test_empty_document_has_no_sections():
    seg = segment(Document("e", "e", []))
    assert seg.sections == [] and seg.lede == "" and seg.title is None


def test_single_line_document():
    seg = seg_text("只有一句话的稿件。")
    assert seg.title is None and heads(seg) == [(None, 1)]


def test_title_only_document():
    seg = seg_text("只有标题")
    assert heads(seg) == [(None, 1)] and seg.sections[0].text == "只有标题"


def test_subhead_opening_a_paragraph_is_split():
    seg = seg_text(
        "某某方案\n\n为推进工作，制定本方案。\n（一）指导思想。全面贯彻落实各项部署，坚持稳中求进。\n（二）工作目标。到年底完成全部任务。"
    )
    assert heads(seg) == [("（一）指导思想。", 1), ("（二）工作目标。", 1)]
    assert seg.sections[0].text == "全面贯彻落实各项部署，坚持稳中求进。"


def test_head_split_where_punctuation_was_lost():
    assert head_match("（一）指导思想 全面贯彻落实各项部署 坚持稳中求进 推动高质量发展") == (
        "cn-paren",
        "（一）指导思想",
        " ",
        "全面贯彻落实各项部署 坚持稳中求进 推动高质量发展",
    )


def test_long_enumerated_paragraph_is_a_list_item_not_a_head():
    assert (
        head_match(
            "1.各单位要严格落实值班制度并及时报送信息，确保全年安全生产形势持续稳定向好，坚决防范遏制重特大事故发生"
        )
        is None
    )
    assert head_match("1.5亿元资金已经到位。") is None


def test_a_clause_closed_by_a_semicolon_is_a_list_items_not_a_run_in_head():
    """A run-in head ends at 。 or ：; an item of a list of duties runs on in clauses closed by ；."""
    assert (
        head_match("10、提供有关境外投资的法律法规、政策等方面的咨询服务；提供外商投资企业政策咨询。") is None
    )
    assert head_match("（一）扩大内需。全面落实扩大内需战略，增强消费对经济发展的基础性作用。") == (
        "cn-paren",
        "（一）扩大内需。",
        "",
        "全面落实扩大内需战略，增强消费对经济发展的基础性作用。",
    )


def test_run_in_heads_announced_by_a_colon_are_heads():
    """A 通知's ``现就有关事项通知如下：`` announces its sections, each a run-in head over one
    paragraph: they are heads (a rule that read such runs as a list, for a budget's list of
    duties, was dropped for this)."""
    items = "一、提高思想认识。各单位要充分认识做好此项工作的重要意义。\n二、加强组织领导。各单位主要负责同志要亲自抓、负总责。\n"
    seg = seg_text(f"关于做好有关工作的通知\n\n各区县人民政府：\n现就有关事项通知如下：\n{items}")
    assert [h for h, _ in heads(seg)] == ["一、提高思想认识。", "二、加强组织领导。"]


def test_a_chapter_is_never_under_an_unnumbered_head():
    """``导 言`` (bold) before ``第一章``: peers at level 1, whatever the unnumbered head's style;
    the numbered heads under the chapter nest below it."""
    body = "这一部分的正文写在这里，篇幅足够长，说明它是正文而不是标题，后面还有内容。"
    seg = seg_text(
        f"中国式现代化之路\n\n本书由某研究院编写。\n**导 言**\n{body}\n**第一章 发展历程**\n{body}\n一、百年征程\n{body}\n**第二章 实践路径**\n{body}"
    )
    assert heads(seg) == [("导 言", 1), ("第一章 发展历程", 1), ("一、百年征程", 2), ("第二章 实践路径", 1)]


def test_same_style_same_level_throughout():
    seg = seg_text(
        "标题\n\n导语一段话，交代背景。\n一、总体要求\n（一）目标。要完成任务。\n二、主要措施\n（一）措施一。第一条措施的具体内容。\n（二）措施二。第二条措施的具体内容。"
    )
    levels = {h: lvl for h, lvl in heads(seg)}
    assert levels["一、总体要求"] == levels["二、主要措施"] == 1
    assert levels["（一）目标。"] == levels["（一）措施一。"] == levels["（二）措施二。"] == 2


def test_first_short_sentence_is_not_a_head():
    seg = seg_text(
        "标题在这里\n\n今天上午，市政府召开新闻发布会。\n会上，市发展改革委负责人介绍了全市前三季度经济运行情况，各项主要指标保持稳定增长，发展质量持续提升。"
    )
    assert seg.title == "标题在这里"
    assert heads(seg)[0][0] is None


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("(王晓飞)", "byline"),
        ("（记者 张三 通讯员 李四）", "byline"),
        ("（责任编辑：王五）", "editor"),
        ("责任编辑：王五", "editor"),
        ("来源：市政府办公室", "source"),
        ("图文来源：区委网信办、区融媒体中心", "source"),
        ("文章综合自：学习强国、川观新闻", "source"),
        ("本文转自：某某日报", "source"),
        ("附件下载", "attachment"),  # a portal's label over its attachment links
        ("相关附件：", "attachment"),
        ("附件下载后请填写并于3月1日前报送。", None),
        (
            "文章综合自：学习强国、川观新闻、某某市中医医院订阅号、某某县中医医院、某某中医、某某新闻、健康某某等",
            "source",
        ),
        ("来源于群众的创造是改革的动力。", None),
        ("胡建华 摄", "caption"),
        ("本报记者 刘一 摄", "caption"),
        ("2026年11月20日", "date"),
        ("二〇二六年十一月二十日", "date"),
        ("2026-11-20 09:30", "date"),
        ("【打印本页】【关闭窗口】", "share"),
        ("上一篇：某某新闻", "related"),
        ("已推荐 0", "furniture"),  # a button's counter and status messages
        ("推荐成功", "furniture"),
        ("已收藏!", "furniture"),
        ("推荐成功经验做法", None),
        ("一、总体要求", None),
        ("（一）", None),
        ("【稳就业】", None),
        ("他说，这是一个好消息。", None),
        ("文/张三 图/李四", "byline"),
        ("记者 陈晓 通讯员 王磊", "byline"),
        ("2026-11-02 09:30 来源：市住建局", "meta"),
        ("特此通知。", "closing"),
        ("此函。", "closing"),  # a letter's (函) closing
        ("妥否，请批示。", "closing"),
        ("此函件已收到。", None),
        (
            "记者：为什么想到网上买正品退假货？周某：有个成语叫“狸猫换太子”嘛，电视剧上看的。记者：具体是怎么做的？",
            None,
        ),
    ],
)
def test_removal_kinds(line, kind):
    assert removal_kind(line) == kind


# --------------------------------------------------------------------------- CLI


def test_cli_segment_json_has_exactly_the_keys(fixtures, capsys):
    assert main(["segment", str(fixtures / "release_brackets.txt"), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"id", "source", "title", "subtitle", "lede", "sections", "tables", "removed"}
    assert set(out["sections"][0]) >= {"headline", "level", "text"}


def test_cli_segment_jsonl_and_md(fixtures, capsys):
    assert main(["segment", str(fixtures), "--format", "jsonl"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(list(fixtures.iterdir()))
    assert main(["segment", str(fixtures / "notice_numbered.txt"), "--format", "md"]) == 0
    md = capsys.readouterr().out
    assert (
        "## 一、提高思想认识" in md
        and "### （一）道路交通安全" in md
        and "- signature: 青川市人民政府办公室" in md
    )


def test_cli_bad_inputs_one_line_each_and_good_ones_still_processed(tmp_path, fixtures, capsys):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bin.dat").write_bytes(b"\x00\x01\x02\xff" * 100)
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\xfd\x80\x81" * 3 + b"\x00")
    rc = main(
        [
            "segment",
            str(tmp_path / "missing.txt"),
            str(tmp_path),
            str(fixtures / "no_headlines.txt"),
            "--format",
            "jsonl",
        ]
    )
    captured = capsys.readouterr()
    assert rc == 1
    assert len(captured.out.splitlines()) == 1
    errors = captured.err.splitlines()
    assert len(errors) == 4
    assert all(line.startswith("zhsum: error: ") for line in errors)
    assert "Traceback" not in captured.err


def test_regulation_chapters_with_articles_and_list_items(fixtures):
    seg = seg_file(fixtures / "regulation.txt")
    assert seg.title == "西川市住宅物业管理办法"
    assert heads(seg) == [("第一章 总则", 1), ("第二章 业主和业主大会", 1), ("第三章 附则", 1)]
    assert "（一）按照物业服务合同的约定" in seg.sections[1].text, "list items stay body text"
    assert seg.sections[0].text.startswith("第一条 为了规范"), "articles (第X条) are body text"


def test_release_with_plain_subheads_and_standalone_byline(fixtures):
    seg = seg_file(fixtures / "release_plain_subheads.txt")
    assert seg.subtitle is None and seg.lede.startswith("本报讯 11月20日，西川县")
    assert heads(seg) == [("岗位供给丰富", 1), ("服务延伸到村", 1)]
    assert [(r["kind"], r["text"]) for r in seg.removed] == [("byline", "记者 陈晓 通讯员 王磊")]


def test_arabic_numbered_notice_last_list_item_is_not_a_head(fixtures):
    seg = seg_file(fixtures / "notice_arabic.txt")
    assert heads(seg) == [("1. 申报范围", 1), ("2. 申报条件", 1), ("3. 申报时间", 1)]
    assert seg.sections[1].text.splitlines() == [
        "（1）申报单位应在本市注册，具有独立法人资格；",
        "（2）项目负责人应为申报单位在职人员。",
    ]
    assert {r["kind"] for r in seg.removed} == {"addressee", "contact"}


def test_markdown_bold_lines_are_headlines(fixtures):
    seg = seg_file(fixtures / "wechat.md")
    assert seg.title == "一图读懂｜2027年市政府工作报告" and seg.subtitle is None
    assert heads(seg) == [("回顾2026", 1), ("展望2027", 1)]
    assert [r["kind"] for r in seg.removed] == ["source", "editor"]


def test_html_title_from_title_tag_found_in_body_is_not_a_section(tmp_path):
    page = tmp_path / "p.html"
    page.write_text(
        "<html><head><title>秋粮收购进度过半_某县人民政府</title></head><body>"
        "<div class='crumb-x'>当前位置：首页</div><div class='tit'>秋粮收购进度过半</div>"
        "<p>2026-11-02 09:30 来源：县粮食局</p>"
        "<p>截至11月1日，全县累计收购秋粮12万吨，完成计划的52%，收购进度快于去年同期。</p></body></html>",
        "utf-8",
    )
    seg = seg_file(page)
    assert seg.title == "秋粮收购进度过半"
    assert all(s.headline != "秋粮收购进度过半" for s in seg.sections)
    assert ("meta", "2026-11-02 09:30 来源：县粮食局") in [(r["kind"], r["text"]) for r in seg.removed]


# --------------------------------------------------------------------------- tables of contents


def _seg_text(text: str):
    from pipeline.read.document import Document

    return segment(Document("t", "t.txt", text_to_blocks(text)))


def test_a_table_of_contents_with_leaders_is_set_aside_and_the_heads_below_are_headlines():
    text = (
        "2025年度部门预算\n目录\n一、部门主要职能…………………………1\n二、部门机构设置…………………………3\n"
        "1. 收支总表……………………5 2. 收入总表……………………6\n"
        "一、部门主要职能\n本部门负责全区的相关工作。\n二、部门机构设置\n本部门下设两个科室。\n"
    )
    seg = _seg_text(text)
    assert [s.headline for s in seg.sections] == ["一、部门主要职能", "二、部门机构设置"]
    assert [r["kind"] for r in seg.removed if r["text"].startswith(("目录", "一、", "二、", "1."))] == [
        "contents"
    ] * 4


def test_a_table_of_contents_without_leaders_ends_where_its_titles_stop_recurring():
    text = (
        "年度报告\n目录\n一、总体情况\n二、主要做法\n三、下一步安排\n总体情况\n"
        "今年以来，全区总体情况良好，各项工作稳步推进。\n主要做法\n一是加强领导，二是完善制度。\n"
        "下一步安排\n继续做好各项工作。\n"
    )
    seg = _seg_text(text)
    assert [r["text"] for r in seg.removed if r["kind"] == "contents"] == [
        "目录",
        "一、总体情况",
        "二、主要做法",
        "三、下一步安排",
    ]
    assert "总体情况" not in [r["text"] for r in seg.removed], "the text's own first head stays"


def test_a_line_the_contents_list_is_a_head_though_nothing_else_marks_it():
    """A final account lists its tables in its contents (``二、收入决算表``); in the text each
    table's title is a short line over a short note, nothing a head rule takes: listed, it is a
    head. A line that only resembles an entry (more words) is not."""
    text = (
        "年度决算\n目录\n一、部门概况\n二、收入决算表\n三、支出决算表\n"
        "一、部门概况\n本部门负责全区的相关工作，下设两个科室和一家事业单位。\n"
        "收入决算表\n本表反映部门本年度的收入。\n支出决算表\n本表反映部门本年度的支出。\n"
        "支出决算表的说明\n本表反映部门本年度的支出。\n"
    )
    seg = _seg_text(text)
    assert [s.headline for s in seg.sections if s.headline] == ["一、部门概况", "收入决算表", "支出决算表"]


def test_a_contents_line_holding_two_entries_lists_both_heads():
    """A PDF's contents line may hold a part's entry and its first table's
    (``第二部分 部门决算表一、收入支出决算总表``, no leader between): the table's title is listed too."""
    text = (
        "年度决算\n目录\n第一部分 部门概况…………1\n第二部分 部门决算表一、收入支出决算总表…………2\n二、收入决算表…………3\n"
        "第一部分 部门概况\n本部门负责全区的相关工作，下设两个科室和一家事业单位。\n第二部分 部门决算表\n"
        "收入支出决算总表\n本表反映部门本年度的收支。\n收入决算表\n本表反映部门本年度的收入。\n"
    )
    seg = _seg_text(text)
    assert "收入支出决算总表" in [s.headline for s in seg.sections]


def test_a_list_of_tables_names_captions_not_heads_and_a_word_fields_page_number_is_no_title():
    """``表1 …`` in a list of tables (图表目录) names a table's caption: the caption over its table
    stays a caption. A Word contents field's entry ends in a tab and its page number, which is
    not part of the title it lists (hostile sweep)."""
    from pipeline.segment.segmenter import _contents_key

    text = (
        "研究报告\n目录\n一、发展现状……………………1\n二、存在问题……………………4\n三、对策建议……………………6\n"
        "图表目录\n表1 数字经济核心产业规模……………………2\n"
        "一、发展现状\n全市数字经济保持较快增长，核心产业规模持续扩大，数字化转型深入推进。\n"
        "表1 数字经济核心产业规模\n单位：亿元\n从产业结构看，全市数字经济保持较快增长。\n"
        "二、存在问题\n全市数字经济保持较快增长，核心产业规模持续扩大。\n三、对策建议\n加快推进数字化转型。\n"
    )
    seg = _seg_text(text)
    assert [s.headline for s in seg.sections if s.headline] == [
        "一、发展现状",
        "二、存在问题",
        "三、对策建议",
    ]
    assert _contents_key("二、收入决算表\t3") == "收入决算表"
    assert _contents_key("图2 增长情况……5") == ""


def test_a_leader_line_in_running_text_is_not_contents():
    seg = _seg_text("通知\n请于本周内完成以下工作……\n各单位要高度重视。\n")
    assert not [r for r in seg.removed if r["kind"] == "contents"]


def test_a_form_field_naming_an_organisation_is_set_aside():
    seg = _seg_text("2025年部门预算\n预算主管部门：上海市某区商务委员会\n一、部门主要职能\n负责全区工作。\n")
    assert ("meta", "预算主管部门：上海市某区商务委员会") in [(r["kind"], r["text"]) for r in seg.removed]


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("[1] 《习近平在庆祝中国共产党成立100周年大会上的讲话》，人民日报2021年7月2日。", "footnote"),
        ("［12］ 王某：《新中国70年》，第35页。", "footnote"),
        ("[3] 详见 https://www.stats.gov.cn/", "footnote"),
        ("[1] 今年全市新增就业岗位3万个。", None),  # no citation: not a note
    ],
)
def test_numbered_endnotes_that_cite_a_source_are_set_aside(line, kind):
    assert removal_kind(line) == kind


def test_a_quotations_attribution_is_never_a_head():
    seg = _seg_text(
        "第一章 发展历程\n**“江山就是人民，人民就是江山。”**\n**——习近平**\n这一章讲述了现代化的历程，内容丰富。\n"
    )
    assert "——习近平" not in [s.headline for s in seg.sections]


def test_an_epigraphs_attribution_after_a_paragraph_is_never_a_head():
    seg = _seg_text(
        "中国式现代化之路\n第一章 发展历程\n中国共产党一经诞生，就把为中国人民谋幸福确立为自己的初心使命。\n——习近平\n"
        "1921年，嘉兴南湖，一叶红船扬起了中国现代化百年征程的风帆，开启了新的篇章。\n"
    )
    assert [s.headline for s in seg.sections] == ["第一章 发展历程"]
    assert "——习近平" in seg.sections[0].text


def test_a_dash_subtitle_under_a_head_stays_its_subtitle():
    seg = _seg_text(
        "基层干部风采录\n本报讯 记者走访了多位基层干部。\n**扎根基层的好干部**\n**——记某县优秀共产党员张三**\n"
        "张三同志扎根基层二十年，带领群众脱贫致富。\n**乡村振兴的带头人**\n李四同志带领村民发展产业。\n"
    )
    section = seg.sections[0]
    assert section.subtitle == "——记某县优秀共产党员张三" and section.text.startswith("张三同志")


@pytest.mark.parametrize("line", ["[1] 2024年前三季度，全市地区生产总值增长5.8%。", "牵头单位：市教育局"])
def test_numbered_facts_and_a_tasks_lead_unit_stay_body(line):
    assert removal_kind(line) is None


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("活动时间：2024年3月16日9:00-15:00", None),  # when the event is: the notice's content
        ("报名日期：2024年3月1日 9:00", None),
        ("发布时间：2024-03-16 10:00", "meta"),  # when the page was published: its meta
        ("信息发布时间：2024-03-01", "date"),
        ("发稿时间：2024-03-01 10:20:33", "date"),
        ("2024年3月16日 10:00", "date"),
    ],
)
def test_an_events_time_is_content_a_pages_date_is_not(line, kind):
    assert removal_kind(line) == kind


def test_a_contents_entry_titled_otherwise_below_and_the_part_after_the_contents():
    seg = _seg_text(
        "某区2025年部门预算\n目录\n一、主要职能\n二、机构设置\n三、名词解释\n四、其他相关情况说明\n五、项目经费情况说明\n"
        "某区商务委员会主要职能\n某区商务委员会是主管全区产业经济的区政府工作部门，负责全区商贸发展。\n"
        "某区商务委员会机构设置\n本部门设有九个内设机构，另有一家下属事业单位。\n"
        "名词解释\n财政拨款收入是指从本级财政部门取得的财政拨款。\n"
        "其他相关情况说明\n本年度三公经费预算数与上年持平，没有新增支出。\n"
        "科技创新专项经费情况说明\n加快推动本区企业创新驱动发展，促进成果转化。\n"
    )
    contents = [r["text"] for r in seg.removed if r["kind"] == "contents"]
    assert (
        contents[0] == "目录" and contents[-1] == "五、项目经费情况说明"
    )  # it goes on numbering the listed ones
    assert seg.subtitle is None  # the first part after the contents is no subtitle
    assert seg.sections[0].headline == "某区商务委员会主要职能"


BODY = "这一部分的正文写在这里，篇幅足够长，说明它是正文而不是标题，后面还有更多的内容。"


def test_a_short_line_under_an_empty_head_before_the_next_of_its_list_is_the_heads_answer():
    """A budget's project sheet: ``三、实施主体`` is answered on the next line; that line is no head
    stacked over ``四、实施方案``, nor over the next outer head."""
    seg = seg_text(
        f"某区2025年部门预算\n\n{BODY}\n**科技创新专项经费情况说明**\n一、项目概述\n{BODY}\n三、实施主体\n某区商务委员会\n"
        f"四、实施方案\n{BODY}\n七、绩效目标\n详见单位的项目绩效目标表\n**生命健康专项经费情况说明**\n一、项目概述\n{BODY}"
    )
    assert [h for h, _ in heads(seg)] == [
        "科技创新专项经费情况说明",
        "一、项目概述",
        "三、实施主体",
        "四、实施方案",
        "七、绩效目标",
        "生命健康专项经费情况说明",
        "一、项目概述",
    ]
    assert seg.sections[2].text == "某区商务委员会"
    assert seg.sections[4].text == "详见单位的项目绩效目标表"


def test_a_short_line_over_a_new_list_or_named_by_a_bare_number_stays_a_head():
    """A stack stands where the lower head opens a list under it, and a bare ``一、`` is named by
    the line under it."""
    stack = seg_text(
        f"某市工作方案\n\n{BODY}\n一、总体要求\n指导思想\n（一）坚持稳中求进\n{BODY}\n二、主要任务\n{BODY}"
    )
    assert "指导思想" in [h for h, _ in heads(stack)]
    bare = seg_text(f"某市工作方案\n\n{BODY}\n一、\n总体要求\n二、主要任务\n{BODY}")
    assert "总体要求" not in [s.text for s in bare.sections]


def test_an_item_naming_a_budget_subject_is_no_head():
    """A final account explains each subject (类 > 款 > 项) in a numbered paragraph: entries, not
    sections; a head closing at 。 over its paragraph elsewhere still splits."""
    item = (
        "1、一般公共服务支出（类）社会工作事务（款）行政运行（项）。2024年度决算为120.5万元，完成预算的98%。"
    )
    assert head_match(item) is None
    assert head_match("1、一般公共服务支出。2024年度决算为120.5万元，完成预算的98%。") is not None


def test_organisers_under_a_head_are_body_and_the_pages_footer_is_not():
    seg = seg_text(
        f"关于举办某某宣传教育活动的通知\n\n各省、自治区、直辖市教育厅（教委），部属各高等学校党委：\n{BODY}\n"
        f"一、组织单位\n主办单位：教育部某某司\n承办单位：某某中心、某某大学\n二、活动时间\n{BODY}\n"
        "主办单位：某某网站管理中心"
    )
    assert [h for h, _ in heads(seg)] == ["一、组织单位", "二、活动时间"]
    assert seg.sections[0].text.splitlines() == ["主办单位：教育部某某司", "承办单位：某某中心、某某大学"]
    assert removed(seg) == {
        "各省、自治区、直辖市教育厅（教委），部属各高等学校党委：": "addressee",
        "主办单位：某某网站管理中心": "footer",
    }


def test_a_lone_part_heading_an_excerpt_is_its_title_a_first_chapter_is_not():
    excerpt = seg_text(
        "第二部分 监理大纲\n\n监理大纲应包括下列内容：\n一、监理工程概况；\n二、监理范围、监理内容。"
    )
    assert excerpt.title == "第二部分 监理大纲"
    statute = seg_text(f"第一章 总则\n\n第一条 {BODY}\n第二章 附则\n第二条 {BODY}")
    assert statute.title != "第一章 总则"


def test_a_lead_paragraph_announcing_a_list_is_no_addressee():
    lead = "近日，国家卫生健康委公布第五批国家区域医疗中心项目名单，我省共有3个项目入选，输出医院："
    seg = seg_text(f"我省3个项目入选\n\n{lead}\n北京协和医院、北京大学第一医院、四川大学华西医院。")
    assert removed(seg) == {} and seg.sections[0].text.startswith(lead)


def test_copyright_and_licence_lines_under_a_head_stay_footers():
    seg = seg_text(
        f"某某市图书馆开放时间调整\n\n{BODY}\n{BODY}\n网站导航\n版权所有：某某市图书馆 技术支持：某某公司\n"
        f"某ICP备12345678号\n{BODY}"
    )
    kinds = removed(seg)
    assert kinds.get("某ICP备12345678号") == "footer"
    assert kinds.get("版权所有：某某市图书馆 技术支持：某某公司") == "footer"


def test_a_budget_subject_alone_on_its_line_heads_its_paragraph():
    assert head_match("（一）一般公共服务支出（类）财政事务（款）行政运行（项）") is not None


def test_a_head_naming_a_document_over_its_text_is_a_head():
    seg = seg_text(f"学习资料\n\n{BODY}\n（一）《民法典》的主要内容\n{BODY}\n（二）《民法典》的实施\n{BODY}")
    assert [h for h, _ in heads(seg)] == ["（一）《民法典》的主要内容", "（二）《民法典》的实施"]


def test_a_numbered_sentence_leading_into_a_list_is_no_head():
    assert head_match("1.商务委本部，某区商务委员会机关设9个内设机构，包括：") is None
    assert head_match("1.商务委本部，机关设9个内设机构，包括：办公室、财务科。") is None
    assert head_match("（一）指导思想：全面贯彻落实。") is not None


def test_run_in_heads_of_two_parallel_phrases_before_a_colon_stay_heads():
    """``加强组织领导，压实防汛责任：`` is a head of two phrases; only a clause that lists or counts
    what follows (``…，包括：``) leads into a list."""
    items = (
        "1.加强组织领导，压实防汛责任：各乡镇要成立防汛指挥机构，明确主要负责人为第一责任人。\n"
        "2.强化隐患排查，抓好整改落实：对辖区内水库、堤防开展拉网式排查，建立问题清单。\n"
        "3.严格值班值守，确保信息畅通：汛期实行24小时值班和领导带班制度，遇有重大险情及时报告。"
    )
    seg = seg_text(f"关于做好防汛工作的通知\n\n为切实做好今年防汛工作，现就有关事项通知如下：\n{items}")
    assert [h for h, _ in heads(seg)] == [
        "1.加强组织领导，压实防汛责任：",
        "2.强化隐患排查，抓好整改落实：",
        "3.严格值班值守，确保信息畅通：",
    ]
    assert head_match("1.专业课笔试，满分100分：") is not None


def test_a_cited_document_over_text_of_its_own_heads_it():
    seg = seg_text(
        "稳增长政策汇编\n\n一、国家层面\n1.《关于恢复和扩大消费的措施》（国办函〔2023〕70号）。\n"
        "主要内容：从六个方面提出二十条具体措施。\n2.《关于促进民营经济发展壮大的意见》（中发〔2023〕13号）。\n"
        "主要内容：提出31条措施。\n二、省级层面\n1.《关于进一步稳经济促发展的若干措施》（某政发〔2023〕8号）。\n"
        "主要内容：围绕扩大有效投资提出具体举措。"
    )
    assert [h for h, _ in heads(seg)][1:3] == [
        "1.《关于恢复和扩大消费的措施》（国办函〔2023〕70号）。",
        "2.《关于促进民营经济发展壮大的意见》（中发〔2023〕13号）。",
    ]
    listed = seg_text(
        f"某项目经费说明\n\n二、立项依据\n1、《某区加快发展某产业实施意见》。\n三、实施主体\n{BODY}"
    )
    assert [h for h, _ in heads(listed)] == ["二、立项依据", "三、实施主体"]


@pytest.mark.parametrize(
    "line",
    [
        "各区国资委，市属各国有企业：",
        "全市所有中小学校：",
        "参加会议的各区统计局，市直有关部门：",
        "各新闻单位、记者站，市直各部门：",
        "各区文明办，各志愿服务活动组织单位：",
        "参加本次会议的各单位：",
    ],
)
def test_addressees_holding_you_and_attend_are_addressees(line):
    seg = seg_text(f"关于开展安全生产大检查的通知\n\n{line}\n{BODY}")
    assert removed(seg) == {line: "addressee"}


def test_a_column_name_ending_in_xun_is_no_byline():
    seg = seg_text(f"本周要闻回顾\n\n{BODY}\n财经快讯\n{BODY}\n体育快讯\n{BODY}")
    assert [h for h, _ in heads(seg)] == ["财经快讯", "体育快讯"] and removed(seg) == {}


def test_a_long_source_line_with_sentences_is_text():
    """A source list may run to 120 characters when it only names sources (apart by 、); a longer
    line under a source label that goes on in clauses is text."""
    line = "图文来源：区委网信办、区融媒体中心，感谢各单位的大力支持，欢迎大家转发分享给更多的朋友们一起学习进步共同提高，我们下期再见，祝大家工作顺利"
    assert removal_kind(line) is None


def test_citations_in_a_row_are_list_items():
    seg = seg_text(
        f"某项目经费说明\n\n二、立项依据\n1、《某区加快发展某产业实施意见》。\n2、《某区支持科技创新实施意见》。\n{BODY}"
    )
    assert "1、《某区加快发展某产业实施意见》。" not in [h for h, _ in heads(seg)]


def test_a_line_between_a_chapter_and_its_first_section_heads_what_follows():
    """``第一章`` over ``第一节`` are two units: the line between them is no answer to the chapter."""
    seg = seg_text(
        f"某某条例\n\n{BODY}\n第一章 总则\n一般规定\n第一节 适用范围\n{BODY}\n第二节 基本原则\n{BODY}"
    )
    assert "一般规定" in [h for h, _ in heads(seg)]


def test_organiser_lines_at_the_end_of_a_text_or_in_the_pages_furniture_stay_footers():
    at_end = seg_text(f"某某活动通知\n\n{BODY}\n三、组织单位\n主办单位：某某市文明办")
    assert removed(at_end) == {"主办单位：某某市文明办": "footer"}
    blocks = [
        Block("某某活动通知", 1),
        Block(BODY, 2),
        Block("二、组织单位", 3),
        Block("主办单位：某某网站管理中心", 4, kind="furniture"),
        Block(BODY, 5),
    ]
    furniture = segment(Document("t", "t.html", blocks, title="某某活动通知"))
    assert removed(furniture)["主办单位：某某网站管理中心"] == "footer"


@pytest.mark.parametrize("line", ["近日，记者走访了本市多家医院：", "今年以来，我区先后走访辖区重点企业："])
def test_a_lead_with_time_or_reporting_words_is_no_addressee(line):
    seg = seg_text(f"走访调研\n\n{line}\n某某医院、某某中心医院、某某妇幼保健院。")
    assert removed(seg) == {}


def test_two_phrases_with_fenbie_before_a_colon_are_a_head():
    assert head_match("1.分类指导，分别施策：对不同地区实行差异化的支持政策，确保政策落地见效。") is not None


def test_the_numbered_sentences_under_what_something_includes_are_its_items():
    duties = "".join(
        f"{n}、{duty}。\n{BODY}\n"
        for n, duty in zip("一二三", ("加强党的建设", "统筹社区发展", "组织公共服务"), strict=True)
    )
    seg = seg_text(f"某街道2025年部门预算\n\n某街道办事处是区政府的派出机关。\n主要职能包括：\n{duties}")
    assert [h for h, _ in heads(seg)] == [None]
    assert "二、统筹社区发展。" in seg.sections[0].text
    fees = "（一）因公出国（境）费0万元，比2024年预算持平。\n主要原因是保持不变。\n（二）公务接待费1.35万元，比2024年预算持平。"
    seg = seg_text(
        f"某街道2025年部门预算\n\n一、“三公”经费预算情况\n“三公”经费预算数为37.91万元。其中：\n{fees}"
    )
    assert [h for h, _ in heads(seg)] == ["一、“三公”经费预算情况"]


def test_heads_under_what_a_text_includes_or_announces_stay_heads():
    """Only numbered sentences are items: heads under ``主要内容包括：`` are phrases, and heads under
    ``通知如下：`` are announced parts."""
    parts = f"一、总体要求\n{BODY}\n二、主要任务\n{BODY}"
    seg = seg_text(f"某某实施方案\n\n本方案主要内容包括：\n{parts}")
    assert [h for h, _ in heads(seg)] == ["一、总体要求", "二、主要任务"]
    parts = f"一、加强组织领导。\n{BODY}\n二、强化督促检查。\n{BODY}"
    seg = seg_text(f"关于做好防汛工作的通知\n\n现就有关事项通知如下：\n{parts}")
    assert [h for h, _ in heads(seg)] == ["一、加强组织领导。", "二、强化督促检查。"]


def test_a_call_to_read_more_after_a_paragraph_is_cut_off_it():
    """``…的命运。点击阅读@某某`` (a microblog post's tail, LCSTS): the paragraph is text, the call is
    furniture; a line that is only the call, or a call before any sentence, is furniture whole."""
    para = "这种视角的不同，很可能决定一家媒体在这场正在发生的传媒变革中的命运。"
    seg = seg_text(f"{para}点击阅读@杨钊-半仙")
    assert seg.sections[0].text == para and removed(seg) == {"点击阅读@杨钊-半仙": "furniture"}
    assert removal_kind("点击阅读原文") == "furniture"
    seg = seg_text("欢迎大家积极参与本次活动并提出宝贵意见。扫码关注公众号")
    assert removed(seg) == {"扫码关注公众号": "furniture"}  # not an editor's credit (cold review)
    assert removal_kind("好消息！点击查看详情") == "furniture"
