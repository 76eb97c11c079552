"""Real-page conventions (issue #8): the article inside a web page, newspaper headline blocks,
what is set aside, and nothing lost, on the team's fixtures and on the real pages in ../shared."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from pipeline.read.document import Document
from pipeline.read.html import html_to_document
from pipeline.read.readers import iter_documents
from pipeline.read.text import text_to_blocks
from pipeline.segment import Segmented, head_match, removal_kind, segment
from tests.conftest import FIXTURES, SHARED

WEB_PAGES = SHARED / "data" / "web_pages"
REAL_PAGES = sorted(WEB_PAGES.glob("*.html")) if WEB_PAGES.is_dir() else []


def seg_file(path: Path) -> Segmented:
    (doc,) = iter_documents([str(path)])
    return segment(doc)


def _paragraphs(sentence: str, n: int = 3) -> str:
    """``n`` numbered paragraphs of running text (``<p>第0段正文，SENTENCE</p>`` …)."""
    return "".join(f"<p>第{i}段正文，{sentence}</p>" for i in range(n))


def seg_html(html: str) -> Segmented:
    return segment(html_to_document(html, "p", "p.html"))


def seg_lines(text: str) -> Segmented:
    """The segmentation of plain text (its first line the title)."""
    return segment(Document("t", "t.txt", text_to_blocks(text)))


def removed(seg: Segmented) -> list[tuple[str, str]]:
    return [(str(r["kind"]), str(r["text"])) for r in seg.removed]


def heads(seg: Segmented) -> list[tuple[str | None, str | None, str | None, int]]:
    return [(s.kicker, s.headline, s.subtitle, s.level) for s in seg.sections]


# --------------------------------------------------------------------------- plain text


def test_site_chrome_before_the_title_is_set_aside_not_the_title():
    seg = seg_file(FIXTURES / "web_copy.txt")
    assert seg.title == "东岭市今冬供暖提前五天启动" and seg.subtitle is None
    assert removed(seg)[:5] == [
        ("furniture", "手机网站 | 无障碍 | 长者版"),
        ("furniture", "登录 注册"),
        ("furniture", "东岭市人民政府网"),
        ("furniture", "为民 务实 清廉"),
        ("furniture", "当前位置：首页 > 新闻中心 > 部门动态"),
    ]
    assert heads(seg) == [(None, "供热管网全面检修", None, 1), (None, "热线服务延长至24小时", None, 1)]
    assert ("meta", "发布时间：2026-11-10 09:00 来源：市住房和城乡建设局 浏览次数：1024") in removed(seg)
    assert removed(seg)[-3:] == [
        ("editor", "责任编辑：李明"),
        ("share", "【打印本页】【关闭窗口】"),
        ("footer", "版权所有：东岭市人民政府办公室 东ICP备00000000号"),
    ]


def test_chrome_rule_leaves_a_title_alone_when_no_title_follows():
    seg = segment(
        Document(
            "t",
            "t.txt",
            text_to_blocks(
                "不忘初心 牢记使命\n\n全市干部职工参加了主题教育活动，大家纷纷表示要以实际行动践行初心使命。"
            ),
        )
    )
    assert seg.title == "不忘初心 牢记使命" and not seg.removed


def test_newspaper_headline_blocks_kicker_main_subtitle():
    seg = seg_file(FIXTURES / "newspaper_blocks.txt")
    assert seg.title == "江城城建巡礼"
    assert heads(seg) == [
        ("铺路基 架桥梁 建设者日夜鏖战", "江城二桥将在十月建成通车", "主桥合龙后开始铺设桥面沥青", 1),
        (None, "老城区雨污分流改造过半", "今年汛期前完成主干管网建设", 1),
    ]
    assert seg.sections[0].text.startswith("本报讯 3月4日，记者从市城建集团获悉")
    assert removed(seg) == [
        ("page-label", "第3版()"),
        ("page-label", "专栏:城建巡礼"),
        ("continuation", "(下转02版)"),
        ("byline", "(王小明)"),
        ("byline", "(李红)"),
        ("editor", "编辑 | 张三"),
        ("editor", "审核 | 李四"),
    ]
    section = seg.sections[0].to_dict()
    assert (section["kicker"], section["subtitle"]) == (
        "铺路基 架桥梁 建设者日夜鏖战",
        "主桥合龙后开始铺设桥面沥青",
    )


def test_markdown_outline_shows_kicker_and_subtitle_around_the_headline():
    from pipeline.render.markdown import segmented_markdown

    md = segmented_markdown(seg_file(FIXTURES / "newspaper_blocks.txt"))
    assert "_铺路基 架桥梁 建设者日夜鏖战_\n## 江城二桥将在十月建成通车\n_主桥合龙后开始铺设桥面沥青_" in md


def test_two_head_lines_of_one_style_are_main_and_subtitle_unless_the_first_leads_in():
    body = "这是一段足够长的正文，用来说明上面两行标题后面紧跟的是正文而不是另一个标题。"
    seg = segment(
        Document(
            "t",
            "t.txt",
            text_to_blocks(
                f"总标题\n\n导语一段，交代背景和由来，篇幅足够长。\n主标题一行\n副标题一行\n{body}"
            ),
        )
    )
    assert heads(seg) == [(None, "主标题一行", "副标题一行", 1)]
    lead_in = "**英国《泰晤士报》：**\n**古城夜色更迷人**\n" + body
    seg = segment(Document("t", "t.md", text_to_blocks(lead_in)))
    assert heads(seg) == [("英国《泰晤士报》：", "古城夜色更迷人", None, 1)]


def test_numbered_heads_are_siblings_never_one_block():
    seg = segment(
        Document(
            "t",
            "t.txt",
            text_to_blocks(
                "标题\n\n导语一段，交代背景和由来。\n一、总体要求\n二、主要措施\n具体措施的内容写在这里，篇幅足够长。"
            ),
        )
    )
    assert [(s.kicker, s.headline, s.subtitle) for s in seg.sections] == [
        (None, "一、总体要求", None),
        (None, "二、主要措施", None),
    ]


def test_the_title_never_becomes_a_section():
    text = "东岭灯会首日迎客十二万人次\n\n2月12日晚，东岭元宵灯会开幕，首日接待游客12.3万人次。\n东岭灯会首日迎客十二万人次\n灯会共展出大型灯组106组，其中三分之一出自本地非遗传承人之手。"
    seg = segment(Document("t", "t.txt", text_to_blocks(text)))
    assert all(s.headline != seg.title for s in seg.sections)
    assert ("title-repeat", "东岭灯会首日迎客十二万人次") in removed(seg)


def test_run_in_head_keeps_its_full_stop():
    assert head_match("1.经济实力不断增强。全区实现地区生产总值1234.5亿元。") == (
        "num",
        "1.经济实力不断增强。",
        "",
        "全区实现地区生产总值1234.5亿元。",
    )
    seg = segment(
        Document(
            "t",
            "t.txt",
            text_to_blocks("标题\n\n导语。\n1.经济实力不断增强。全区实现地区生产总值1234.5亿元。"),
        )
    )
    assert (
        seg.sections[0].headline + seg.sections[0].text
        == "1.经济实力不断增强。全区实现地区生产总值1234.5亿元。"
    )


def test_numeral_lines_number_the_parts_or_kick_their_head():
    body = "这一部分的正文写在这里，篇幅足够长，说明它是正文而不是标题。"
    seg = segment(Document("t", "t.txt", text_to_blocks(f"标题\n\n导语一段。\n1\n{body}\n2\n{body}")))
    assert [(s.headline, s.level) for s in seg.sections] == [("1", 1), ("2", 1)]
    seg = segment(
        Document(
            "t",
            "t.txt",
            text_to_blocks(
                f"标题\n\n导语一段。\n1\n某某基金首席投资官：张三\n{body}\n2\n某某银行首席经济学家：李四\n{body}"
            ),
        )
    )
    assert heads(seg) == [
        ("1", "某某基金首席投资官：张三", None, 1),
        ("2", "某某银行首席经济学家：李四", None, 1),
    ]
    seg = segment(Document("t", "t.txt", text_to_blocks(f"标题\n\n导语一段。\n4\n{body}")))
    assert ("furniture", "4") in removed(seg), "a stray number is a counter"


def test_a_bare_number_over_a_bold_head_is_its_kicker():
    """A feature's parts numbered on a line of their own (``1`` / ``全国名校长在小地方遇难题``): the
    words are the headline, the number its kicker (the number was the headline, the words its
    subtitle)."""
    body = "<p>这一部分的正文写在这里，篇幅足够长，说明它是正文而不是标题，记者在现场看到了这些。</p>"
    html = "<html><body><h1>他放弃百万年薪来到这里</h1><p>导语一段，交代背景和由来，篇幅足够长足够长。</p>"
    for number, head in (
        ("1", "全国名校长在小地方遇难题"),
        ("2", "爱与责任"),
        ("三", "一批贫困生被扭转的人生"),
    ):
        html += f"<p><strong>{number}</strong></p><p><strong>{head}</strong></p>{body * 2}"
    seg = seg_html(html + "</body></html>")
    assert heads(seg) == [
        ("1", "全国名校长在小地方遇难题", None, 1),
        ("2", "爱与责任", None, 1),
        ("三", "一批贫困生被扭转的人生", None, 1),
    ]


STATUTE = """某县城乡医疗救助实施办法

第一章 总则
第一条 为进一步完善城乡医疗救助制度，根据有关规定，结合本县实际，制定本办法。
第二条 医疗救助对象为具有本县户籍、符合救助条件的城乡居民，分为两类：
(一)第一类救助对象为：
1、城乡最低生活保障对象；
2、低收入家庭60周岁以上老年人。
(二)第二类救助对象为低收入家庭重病患者。
第二章 救助标准
第三条 第一类救助对象医疗救助范围和标准为：
(一)资助参加城乡居民基本医疗保险。
对救助对象参加基本医疗保险需个人缴纳的费用，由县财政给予全额资助。
(二)住院救助。
对救助对象住院治疗发生的、属于基本医疗保险支付范围内的医疗费用，按比例给予救助。
第四条 本办法由县民政局负责解释。
第五条 本办法自印发之日起执行。"""


def test_a_statute_is_headed_by_its_chapters_not_by_the_items_of_its_articles():
    """By the drafting convention (编 > 章 > 节 > 条 > 款 > 项 > 目) the article is a statute's unit
    of text: the items under it (``(一)``, ``1、``) and an article's own short line are no heads."""
    seg = seg_lines(STATUTE)
    assert [(s.headline, s.level) for s in seg.sections] == [("第一章 总则", 1), ("第二章 救助标准", 1)]
    assert "(一)第一类救助对象为：\n1、城乡最低生活保障对象；" in seg.sections[0].text
    assert "第四条 本办法由县民政局负责解释。" in seg.sections[1].text


def test_a_text_that_quotes_articles_keeps_its_own_heads():
    """A news report that quotes a law's articles (第十二条, 第十五条) is no statute: its heads stay."""
    body = "记者从市司法局了解到，新修订的条例将于下月起施行，对多个方面作出了规定，篇幅足够长。"
    text = (
        "新修订的物业管理条例下月施行\n\n导语一段。\n"
        f"(一)业主权利更明确\n{body}\n第十二条 业主在物业管理活动中，享有按照物业服务合同的约定接受服务的权利。\n{body}\n"
        f"(二)物业服务更规范\n{body}\n第十五条 物业服务企业应当按照合同的约定，提供相应的服务并履行义务。\n{body}\n"
        f"(三)监督管理更有力\n{body}\n第二十条 街道办事处、乡镇人民政府应当指导和监督业主大会的日常活动。\n{body}"
    )
    seg = seg_lines(text)
    assert [s.headline for s in seg.sections] == [
        "(一)业主权利更明确",
        "(二)物业服务更规范",
        "(三)监督管理更有力",
    ]


LONG = "记者从市司法局了解到，这部规定内容简明扼要，对适用范围、管理职责等作出了明确规定，篇幅足够长。"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(  # an explainer that walks through a regulation under its own heads
            "一图读懂某市养犬管理规定\n\n导语一段。\n"
            + "".join(
                f"{head}\n第{n}条 {article}\n{LONG}\n"
                for n, head, article in (
                    ("一", "一、立法目的", "为了规范养犬行为，制定本规定。"),
                    ("二", "二、适用范围", "本市行政区域内养犬的管理，适用本规定。"),
                    ("三", "三、管理职责", "公安机关是养犬管理的主管部门。"),
                )
            ),
            [("一、立法目的", 1), ("二、适用范围", 1), ("三、管理职责", 1)],
            id="explainer",
        ),
        pytest.param(  # a contract's articles are titled: those lines are its heads
            "房屋租赁合同\n\n导语一段。\n"
            + "".join(
                f"第{n}条 {head}\n{LONG}\n"
                for n, head in (("一", "房屋基本情况"), ("二", "租赁期限"), ("三", "违约责任"))
            ),
            [("第一条 房屋基本情况", 1), ("第二条 租赁期限", 1), ("第三条 违约责任", 1)],
            id="contract",
        ),
        pytest.param(  # 第一条地铁线路 is prose, not an article
            f"轨道交通十年\n\n导语一段。\n从无到有\n第一条地铁线路于2014年建成通车。{LONG}\n"
            f"第二条线路在2016年开通。{LONG}\n连线成网\n第三条线路2019年开通。{LONG}\n",
            [("从无到有", 1), ("连线成网", 1)],
            id="prose",
        ),
        pytest.param(  # 节 under 章, and a chapter head set letter-spaced
            "某市城市绿化条例\n\n第 一 章  总  则\n第一条 为了促进城市绿化，制定本条例。\n第二章 规划和建设\n"
            "第一节 规划\n第二条 城市绿化规划应当纳入城市总体规划。\n第二节 建设\n"
            "第三条 城市绿化工程的设计，应当委托设计单位承担。\n第三章 附则\n第四条 本条例自印发之日起施行。",
            [
                ("第 一 章  总  则", 1),
                ("第二章 规划和建设", 1),
                ("第一节 规划", 2),
                ("第二节 建设", 2),
                ("第三章 附则", 1),
            ],
            id="sections",
        ),
    ],
)
def test_statute_articles_leave_the_heads_above_them(text, expected):
    assert [(s.headline, s.level) for s in seg_lines(text).sections] == expected


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("第一条 根据", 1),
        ("第三十五条 本办法", 35),
        ("第一百零二条 x", 102),
        ("第一百一十条 x", 110),
        ("第５条 本办法", 5),
        ("第１２条 x", 12),
        ("第12条：x", 12),
        ("第二十二十条 x", None),
        ("第十十条 x", None),
        ("第一千条 x", None),
        ("第一条地铁线路", None),
        ("第三条件", None),
    ],
)
def test_statute_article_numbers(line, number):
    from pipeline.segment.rules import statute_article

    assert statute_article(line) == number


@pytest.mark.parametrize(
    "articles",
    [("十二", "十三", "十四"), ("一", "五", "九")],
    ids=["not-from-the-first", "not-in-sequence"],
)
def test_quoted_articles_that_are_no_statute_leave_the_items_heads(articles):
    text = "条例解读\n\n导语一段。\n" + "".join(
        f"（{n}）第{n}条的理解\n第{a}条 本条例对有关事项作出了明确规定，有关部门应当遵照执行。\n{LONG}\n"
        for n, a in zip("一二三", articles, strict=True)
    )
    assert [s.headline for s in seg_lines(text).sections] == [
        "（一）第一条的理解",
        "（二）第二条的理解",
        "（三）第三条的理解",
    ]


def test_an_explainers_own_numbering_is_not_an_articles_items():
    """（二） whose numbering began before the article (the explainer's own heads over the articles
    it quotes) stays a head; only a numbering begun inside an article is its items."""
    text = "养犬管理规定解读\n\n导语一段。\n" + "".join(
        f"（{n}）{head}\n第{n}条 {article}，有关部门应当遵照执行。\n{LONG}\n"
        for n, head, article in (
            ("一", "立法目的", "为了规范养犬行为，制定本规定"),
            ("二", "适用范围", "本市行政区域内养犬的管理，适用本规定"),
            ("三", "管理职责", "公安机关是养犬管理的主管部门"),
        )
    )
    assert [s.headline for s in seg_lines(text).sections] == [
        "（一）立法目的",
        "（二）适用范围",
        "（三）管理职责",
    ]


def test_heads_set_in_the_face_of_one_numbered_style_are_its_peers():
    """A budget's part title set in 黑体 like its 第N部分 heads, without their number: level 1 (it
    opened a level under the 二、 before it)."""
    from pipeline.read.document import Block

    body = (
        "本部门主要职责是贯彻执行国家和本市有关方针政策和法律法规，负责区域内相关工作的统筹协调，篇幅足够长。"
    )
    blocks = [
        Block("某区2024年度部门决算", 1, font="黑体", font_prefix=11, size=22.0, align="center"),
        Block("第一部分 某区某局概况", 2, font="黑体", font_prefix=11),
        Block("一、主要职能", 3, bold=True, bold_prefix=6),
        Block(body, 4, font="仿宋"),
        Block("二、机构设置", 5, bold=True, bold_prefix=6),
        Block(body, 6, font="仿宋"),
        Block("某区某局2024年度部门决算表", 7, font="黑体", font_prefix=14),
        Block(body, 8, font="仿宋"),
        Block("第三部分 某区某局2024年度部门决算情况说明", 9, font="黑体", font_prefix=20),
        Block(body, 10, font="仿宋"),
    ]
    seg = segment(Document("d", "d.pdf", blocks, meta={"body_font": "仿宋"}))
    assert [(s.headline, s.level) for s in seg.sections] == [
        ("第一部分 某区某局概况", 1),
        ("一、主要职能", 2),
        ("二、机构设置", 2),
        ("某区某局2024年度部门决算表", 1),
        ("第三部分 某区某局2024年度部门决算情况说明", 1),
    ]


def test_a_number_over_words_that_open_with_a_unit_character_kicks_them():
    body = "<p>春节假期八天，全市重点景区累计接待游客120万人次，同比增长百分之三十，创历史新高。</p>"
    seg = seg_html(
        "<html><body><h1>年味</h1><p>导语一段，春节假期全市文旅市场持续火热，篇幅足够长。</p>"
        f"<p><strong>1</strong></p><p><strong>年味渐浓的老街</strong></p>{body}"
        f"<p><strong>2</strong></p><p><strong>人间烟火气</strong></p>{body}</body></html>"
    )
    assert [(s.kicker, s.headline) for s in seg.sections] == [("1", "年味渐浓的老街"), ("2", "人间烟火气")]


def test_a_large_number_over_a_unit_is_a_figure_not_a_kicker():
    body = "<p>春节假期八天，全市重点景区累计接待游客120万人次，同比增长百分之三十，创历史新高。</p>"
    seg = seg_html(
        f"<html><body><h1>数说春节假期</h1><p>导语一段，春节假期全市文旅市场持续火热，篇幅足够长。</p>"
        f"<p><strong>120</strong></p><p><strong>万人次</strong></p>{body}"
        f"<p><strong>3</strong></p><p><strong>万人次</strong></p>{body}</body></html>"
    )
    assert [s.kicker for s in seg.sections] == [None, None]


def test_a_title_copy_with_a_suffix_under_the_page_heading_is_a_repeat():
    body = "<p>各单位要严格落实安全生产责任制，主要负责人要亲自部署、亲自检查，确保责任落实到岗到人。</p>"
    seg = seg_html(
        "<html><head><title>关于做好春节期间安全生产工作的通知</title></head><body>"
        "<h1>关于做好春节期间安全生产工作的通知</h1><p><b>关于做好春节期间安全生产工作的通知（全文）</b></p>"
        f"<p>春节将至，现将有关事项通知如下。</p><p>一、压实安全责任</p>{body}<p>二、强化隐患排查</p>{body}</body></html>"
    )
    assert seg.title == "关于做好春节期间安全生产工作的通知"
    assert [(s.headline, s.level) for s in seg.sections] == [("一、压实安全责任", 1), ("二、强化隐患排查", 1)]
    assert ("title-repeat", "关于做好春节期间安全生产工作的通知（全文）") in removed(seg)


def test_banner_numbers_under_photos_kick_their_heads():
    """``01`` under a section's banner photo numbers the part (it was taken for the photo's
    caption), and kicks the head below even when the head has a comma."""
    body = "<p>5月20日至31日，无锡枢纽转京沪高速往北京方向匝道实行交通管制，请提前规划出行路线绕行。</p>"
    seg = seg_html(
        "<html><body><h1>京沪高速部分路段封闭施工</h1><p>导语一段，交代背景和由来，篇幅足够长足够长。</p>"
        f'<p><img src="a.jpg"></p><p>01</p><p>相关路段强制分流，听从交警指挥疏导</p>{body * 2}'
        f'<p><img src="b.jpg"></p><p>02</p><p>提前规划出行路线，绕行避开施工区域</p>{body * 2}</body></html>'
    )
    assert [(s.kicker, s.headline) for s in seg.sections] == [
        ("01", "相关路段强制分流，听从交警指挥疏导"),
        ("02", "提前规划出行路线，绕行避开施工区域"),
    ]


def test_emphasis_lines_of_a_phone_layout_are_no_heads():
    """A connective on a line of its own (``因为``, ``简单说就是``) leads into the sentence below;
    a shouted bold line (``…！！！``) and exclamations (``快点击这里了解一下！``) call out to the
    reader: none is a head."""
    long = "<p>京沪高速北京方向无锡枢纽至广陵枢纽段将进行沥青路面专项维修，届时将对市民出行造成较大影响。</p>"
    seg = seg_html(
        "<html><body><h1>京沪高速部分路段封闭施工</h1>"
        f"<p>快点击这里了解一下！</p>{long}<p>因为</p>{long}<p><strong>简单说就是</strong></p>{long}"
        f"<p><strong>前端将一直封闭到广陵枢纽！！！</strong></p>{long}<p>记得提前规划路线！</p>{long}"
        "</body></html>"
    )
    assert [s.headline for s in seg.sections] == [None]


TIP = "高温天气持续，市民要合理安排户外活动时间，尽量避开中午时段，外出时做好防晒措施，篇幅足够长。"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(  # exclamations in a series, each over a paragraph: the text's heads
            f"夏季健康提示\n\n导语一段。\n注意防暑降温！\n{TIP}\n多喝温开水！\n{TIP}\n保证充足睡眠！\n{TIP}",
            ["注意防暑降温！", "多喝温开水！", "保证充足睡眠！"],
            id="exclaimed-heads",
        ),
        pytest.param(  # calls to the reader are none
            f"夏季健康提示\n\n导语一段。\n快点击这里了解一下！\n{TIP}\n赶紧约上小伙伴吧！\n{TIP}",
            [None],
            id="calls-to-action",
        ),
        pytest.param(  # shouted slogans in a series are heads; one shout is emphasis
            f"青春正当时\n\n导语一段。\n**奋斗吧！青年！！**\n{TIP}\n**拼搏吧！青年！！**\n{TIP}",
            ["奋斗吧！青年！！", "拼搏吧！青年！！"],
            id="shouted-series",
        ),
        pytest.param(  # a shout that is a sentence is emphasis however often it comes
            f"夏季健康提示\n\n导语一段。\n**今天很热。大家注意安全！！**\n{TIP}\n**嗯，明天更热，别出门！！**\n{TIP}",
            [None],
            id="shouted-sentences",
        ),
        pytest.param(  # exclamations that only look like calls to the reader stay heads
            f"春日漫笔\n\n导语一段。\n春天快来了！\n{TIP}\n点击量破百亿！\n{TIP}\n一起向未来吧！\n{TIP}",
            ["春天快来了！", "点击量破百亿！", "一起向未来吧！"],
            id="not-calls",
        ),
        pytest.param(  # 结果 is a section's name, not a connective
            f"研究发现\n\n导语一段。\n方法\n{TIP}\n结果\n{TIP}\n结论\n{TIP}",
            ["方法", "结果", "结论"],
            id="results",
        ),
        pytest.param(  # an interviewer's question is no byline
            f"对话返乡创业青年\n\n导语一段。\n**记者：当初为什么选择回乡创业？**\n{TIP}\n**记者：接下来有什么打算？**\n{TIP}",
            ["记者：当初为什么选择回乡创业？", "记者：接下来有什么打算？"],
            id="interview",
        ),
    ],
)
def test_emphasis_and_heads_in_series(text, expected):
    seg = segment(Document("t", "t.md", text_to_blocks(text)))
    assert [s.headline for s in seg.sections] == expected


def test_a_gallery_with_short_captions_under_its_numbers_has_no_parts():
    """``01`` / ``古城南门夜景`` under a photo, the next photo right after: the photo's number and
    caption, set aside (they became an empty part each)."""
    text = "<p>秋季古城景区迎来游客高峰，国庆假期累计接待游客八十万人次，同比增长百分之二十，创历史新高。</p>"
    photos = (("01", "古城南门夜景"), ("02", "老街灯会"), ("03", "城墙远眺"))
    seg = seg_html(
        f"<html><body><h1>古城秋色</h1>{text}"
        + "".join(f'<p><img src="{n}.jpg"></p><p>{n}</p><p>{caption}</p>' for n, caption in photos)
        + f"{text * 2}</body></html>"
    )
    assert {"01", "古城南门夜景", "02", "老街灯会"} <= {
        text for kind, text in removed(seg) if kind == "caption"
    }
    assert not {"01", "古城南门夜景", "02", "老街灯会"} & {s.headline for s in seg.sections}


def test_a_gallery_numbered_under_its_photos_has_no_parts():
    caption = "<p>9月20日，游客在古城景区参观游览，感受传统文化的魅力。摄影：王某</p>"
    seg = seg_html(
        "<html><body><h1>古城秋色</h1><p>导语一段，秋季古城景区迎来游客高峰，篇幅足够长足够长足够长。</p>"
        + "".join(f'<p><img src="{n}.jpg"></p><p>{n}</p>{caption}' for n in ("01", "02", "03"))
        + "</body></html>"
    )
    assert [s.headline for s in seg.sections] == [None]
    assert [text for kind, text in removed(seg) if text in ("01", "02", "03")] == ["01", "02", "03"]


def test_on_a_page_laid_out_in_one_center_a_short_line_is_no_caption():
    """Centring marks a caption where the text itself is not centred; an old page inside one
    ``<center>`` centres everything, and its sub-heads were set aside as captions."""
    para = "多位公募基金的稽核及风控人员向记者表示，从整体趋势来看，2015年下半年以来监管尺度明显收紧。"
    seg = seg_html(
        f"<html><body><center><h1>公募专项检查成重头戏</h1><div>{para}<br/><br/>"
        f'<font color="blue">专户业务监管收紧</font><br/>{para}<br/><br/>{para}<br/><br/>'
        f'<font color="blue">监管力度升级</font><br/>{para}<br/><br/>{para}</div></center></body></html>'
    )
    assert [s.headline for s in seg.sections][-2:] == ["专户业务监管收紧", "监管力度升级"]


def test_a_related_box_under_a_heading_is_set_aside_with_its_teasers():
    """``<h2>为你推荐</h2>`` over teasers of other stories, inside the article's region: a box of
    the site's (it was the article's last section, to be summarized), and the disclaimer above it
    then closes the text."""
    html = (
        "<html><body><h1>午间公告：某股份中标某项目</h1>"
        "<p>某股份公告，公司中标某汽车公司总装车间项目，中标金额约1.2亿元，占公司上年营收的百分之五。</p>"
        "<p>声明：本网力求信息真实、准确，文章提及内容仅供参考，不构成实质性投资建议，据此操作风险自担。</p>"
        "<h2>为你推荐</h2>"
        "<p>国庆假期前，金融委召开会议，部署了一系列金融领域下一步的重点工作，市场人士纷纷解读。</p>"
        "<p>今天是节前最后一个交易日，持股还是持币过节又成为投资者一个老大难的问题，专家这样说。</p>"
        "</body></html>"
    )
    seg = seg_html(html)
    assert [s.headline for s in seg.sections] == [None]
    assert seg.sections[0].text.startswith("某股份公告") and "国庆" not in seg.sections[0].text
    kinds = dict((text[:4], kind) for kind, text in removed(seg))
    assert {kinds["为你推荐"], kinds["国庆假期"], kinds["今天是节"]} <= {"related", "furniture"}
    assert kinds["声明：本"] == "footer"


def test_a_related_label_over_teasers_is_a_box_over_the_texts_own_paragraphs_a_head():
    teasers = "国庆假期前，金融委召开会议，部署重点工作。\n节前最后一个交易日，持股还是持币过节？\n"
    own = "记者从市住建局了解到，今年全市已有一百二十个老旧小区完成改造，惠及居民三万余户，居民满意度明显提升，篇幅足够长。\n"
    seg = segment(Document("t", "t.md", text_to_blocks(f"老旧小区改造提速\n\n{own}## 为你推荐\n{teasers}")))
    assert [s.headline for s in seg.sections] == [None]
    assert [kind for kind, text in removed(seg) if text.startswith(("为你推荐", "国庆", "节前"))] == [
        "related"
    ] * 3
    seg = segment(
        Document(
            "t",
            "t.md",
            text_to_blocks(f"老旧小区改造提速\n\n{own}## 相关报道\n{own}{own}## 下一步计划\n{own}"),
        )
    )
    assert [s.headline for s in seg.sections] == ["相关报道", "下一步计划"]


def test_verse_layout_is_not_a_stack_of_heads():
    verse = "目前\n南沙邮轮母港\n已进入验收阶段\n开港时间已经确定\n"
    body = "据介绍，在航站楼内部装修及各项查验设备安装调试工作完成后，预计十一月开港。"
    seg = segment(Document("t", "t.txt", text_to_blocks(f"标题\n\n导语一段，交代背景。\n{verse}{body}")))
    assert all(s.headline is None for s in seg.sections)


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("【编辑：姚昊】", "editor"),
        ("编辑 | 李念辉", "editor"),
        ("审核 | 李学成", "editor"),
        ("记者 | 王小明", "byline"),
        ("来源|广州参考、羊城晚报", "source"),
        ("编辑 刘晓阳 校对 李铭", "editor"),
        ("执笔/叨叨姐、胡一刀", "byline"),
        ("采写：南都见习记者 林子沛", "byline"),
        ("新京报记者 陆一夫", "byline"),
        ("某某党支部供稿 摄影/张艳 编辑/苏芳", "source"),
        ("【文/观察者网专栏作者 王文】", "byline"),
        ("石佳/中国青年报", "byline"),
        ("新华社", "source"),
        ("索引号：11370100MB0000000A/2026-00123", "meta"),
        ("发布机构：东岭市统计局", "meta"),
        ("文号：东统发〔2026〕5号", "meta"),
        ("有效性：有效", "meta"),
        ("作者：张三 发表于：2026-11-02", "byline"),
        ("四川日报 2016-04-25 00:08 大字", "date"),
        ("最后更新: 2019-09-07 15:14:21", "meta"),
        ("阅读数(15878）", "meta"),
        ("(下转02版)", "continuation"),
        ("（上接第1版）", "continuation"),
        ("第3版()", "page-label"),
        ("专栏:", "page-label"),
        ("微信图片_20230118183113.jpg", "image-name"),
        ("分享到：", "share"),
        ("T + -", "share"),
        ("京ICP备05070218号", "footer"),
        ("版权所有：中国某某网", "footer"),
        ("相关阅读", "related"),
        ("为您推荐", "related"),
        ("首页 > 新闻热点 > 东昌要闻", "furniture"),
        ("当前位置：首页", "furniture"),
        ("登录 注册 长者版 | 无障碍", "furniture"),
        ("（原标题：元宵灯会开幕 古城夜色迷人）", "note"),
        ("图片来源：摄图网", "caption"),
        ("姚明场边支招周琦。视频截图", "caption"),
        ("★★★", "furniture"),
        # issue 8b: conventions met on the held-out pages
        ("《东岭观察》作者 王小明", "byline"),
        ("东岭市人民政府新闻发言人 陈明", "byline"),
        ("信息来源于网络", "source"),
        ("经过小林重新编排", "editor"),
        ("志愿者入户检查暖气。城西街道供图 东岭新闻网发", "caption"),
        ("本文为东岭新闻网原创文章，未经允许不得转载", "footer"),
        ("（2026年3月1日东岭市第十六届人民代表大会第五次会议通过）", "meta"),
        ("他说这些照片都是警方供图的。", None),
        ("经过反复讨论，大家同意重新编排。", None),
        ("新闻发言人答记者问", None),
        ("相关资讯请关注:东岭灯会专区", "related"),
        ("2026年11月20日全市经济工作会议召开", None),
        # Body text that looks like some of the above stays body.
        ("编辑部收到了很多读者来信，大家都很关心这件事。", None),
        ("2019年10月15日，沈阳的老人们在公园晨练。", None),
        ("【稳就业】", None),
        ("第一，毫不动摇坚持和巩固中国特色社会主义制度。", None),
    ],
)
def test_set_aside_kinds(line, kind):
    assert removal_kind(line) == kind


# --------------------------------------------------------------------------- HTML


def test_gov_page_metadata_block_run_in_heads_and_furniture_kinds():
    seg = seg_file(FIXTURES / "gov_stats.html")
    assert seg.title == "东岭市2026年前三季度经济运行情况"
    assert seg.lede.startswith("前三季度，全市上下坚持稳中求进")
    assert [(s.headline, s.level) for s in seg.sections] == [
        ("1.经济实力不断增强。", 1),
        ("2.产业结构持续优化。", 1),
        ("3.居民收入稳步增长。", 1),
    ]
    kinds = dict((text, kind) for kind, text in removed(seg))
    assert [
        kinds[f] for f in ("索引号：11370100MB0000000A/2026-00123", "发布机构：东岭市统计局", "有效性：有效")
    ] == ["meta"] * 3
    assert kinds["微信图片_20261025093012.jpg"] == "image-name"
    assert kinds["【编辑：周立】"] == kinds["审核 | 吴敏"] == "editor"
    assert kinds["相关链接"] == "related"
    assert kinds["版权所有：东岭市人民政府 东ICP备00000000号-1 东公网安备00000000000001号"] == "footer"
    assert kinds["当前位置：首页 > 政务公开 > 统计信息"] == "furniture"
    assert "统计代码" not in json.dumps(seg.to_dict(), ensure_ascii=False), "scripts are not text"


def test_news_page_bold_head_pairs_joined_lines_captions_and_widgets():
    seg = seg_file(FIXTURES / "news_page.html")
    assert seg.title == "东岭元宵灯会首日迎客十二万人次"
    assert heads(seg) == [
        (None, "百组彩灯点亮古城", "非遗灯彩成为最大看点", 1),
        (None, "海外媒体：东岭灯会让古城夜色更迷人", None, 1),
        (None, "交通保障有序", None, 1),
    ]
    assert "夜里看灯，一定要走完整条古城墙。" in seg.sections[0].text, "a bold sentence is emphasis, body"
    kinds = dict((text, kind) for kind, text in removed(seg))
    assert kinds["游客在巨龙灯组前合影"] == "caption"
    assert kinds["（原标题：元宵灯会开幕 古城夜色迷人）"] == "note"
    assert kinds["2027-02-12 21:30 来源：东岭日报 作者：陈小雨"] == "meta"
    assert kinds["【编辑：姚小明】"] == "editor"
    assert kinds["为您推荐"] == "related"
    assert kinds["灯会太美了，明年还来！"] == "furniture", "comments are not the article"
    assert seg.sections[-1].text.endswith("古城周边新增临时停车泊位两千个。")


def test_wechat_editor_sections_are_the_article_paragraphs():
    """WeChat's editor lays out every paragraph as ``<section><span>…</span></section>``, no ``<p>``:
    those sections are the article, the account card and the dialogs (the page's only ``<p>``) are not."""
    seg = seg_file(FIXTURES / "wechat_article.html")
    assert seg.title == "东岭古城墙修缮工程全面完工"
    assert seg.lede.startswith("历时两年零三个月，东岭古城墙修缮工程昨天全面完工。")
    assert seg.lede.splitlines()[1].startswith("据工程负责人介绍")
    assert heads(seg) == [
        (None, "城砖修补了三万块，老城墙还是原来的样子吗？", None, 1),
        ("你知道吗", "一块城砖要烧上七天七夜", None, 1),
    ]
    assert seg.sections[1].text.startswith("补砌用的新砖全部来自城郊的一座老窑")
    kinds = dict((text, kind) for kind, text in removed(seg))
    assert kinds["信息来源于网络"] == "source" and kinds["经过小林重新编排"] == "editor"
    assert kinds["微信号 dongling_wenlv"] == kinds["已发送"] == kinds["在看"] == "furniture"
    assert not any("已同步" in (s.headline or "") + s.text for s in seg.sections)


def test_a_section_holding_blocks_stays_a_container():
    from lxml import etree

    from pipeline.read.html import _sections_as_paragraphs

    root = etree.fromstring("<div><section><p>一</p><section><span>二</span></section></section></div>")
    _sections_as_paragraphs(root)
    assert [el.tag for el in root.iter()] == ["div", "section", "p", "p", "span"]


def test_press_statement_page_stray_end_tag_lede_box_speaker_and_photos():
    seg = seg_file(FIXTURES / "press_statement.html")
    assert seg.title == "东岭市新冬季供暖保障新闻发布会"
    assert not [s.headline for s in seg.sections if s.headline]
    body = "\n".join([seg.lede] + [s.text for s in seg.sections]).strip()
    # read past the header include's own </html>; the lede box above the text is the article's
    assert body.startswith("市政府新闻办今天举行发布会，通报今冬供暖准备情况")
    assert "很高兴又一次和大家见面。" in body
    # a sentence after a photo's own paragraph is text; a label standing alone there is its caption
    assert "这也是近十年来规模最大的一次管网改造。" in body
    assert body.endswith("确保困难群众温暖过冬。")
    kinds = dict((text, kind) for kind, text in removed(seg))
    assert kinds["2026年11月8日"] == "date"
    assert kinds["东岭市人民政府新闻发言人 陈明"] == "byline"
    assert kinds["女士们、先生们："] == "addressee"
    assert kinds["改造后的城西换热站"] == "caption"
    assert kinds["志愿者入户检查暖气。城西街道供图 东岭新闻网"] == "caption"
    assert kinds["本文为东岭新闻网原创文章，未经允许不得转载"] == "footer"


def test_a_line_running_on_after_a_photo_is_text_not_its_caption():
    para = _paragraphs("记者从市交通局了解到，新建的地下通道将地铁站与码头连在一起，旅客步行五分钟即可登船。")
    page = (
        "<html><head><title>邮轮码头下月开港_某某网</title></head><body>"
        f"<div class='article-content'><h1>邮轮码头下月开港</h1>{para}"
        "<div><img src='a.jpg'></div>问题来了<br>坐地铁怎样去码头登船？<br>"
        f"地铁四号线直达码头，出站后沿地下通道步行即可，全程不用换乘，十分方便。<br>{para}</div></body></html>"
    )
    seg = seg_html(page)
    assert ("caption", "问题来了") not in removed(seg)
    assert "问题来了" in seg.lede + "".join(s.text + (s.headline or "") for s in seg.sections)


def test_a_report_read_to_an_assembly_sets_aside_speaker_and_salutation():
    text = (
        "2026年东岭市政府工作报告\n\n东岭市人民政府市长 陈明\n各位代表：\n"
        "现在，我代表市人民政府，向大会报告工作，请予审议，并请市政协委员和其他列席人员提出意见。"
    )
    seg = segment(Document("t", "t.txt", text_to_blocks(text)))
    assert removed(seg) == [("byline", "东岭市人民政府市长 陈明"), ("addressee", "各位代表：")]
    assert seg.sections[0].text.startswith("现在，我代表市人民政府")


def test_a_wire_dateline_stays_in_its_paragraph_and_a_wire_title_line_is_its_header():
    text = (
        "标题\n\n新华社北京5月9日电 题：积极因素不断增多\n"
        "新华社北京5月9日电（记者 王小明）海关总署9日发布数据，前4个月我国货物贸易进出口总值增长。\n"
        "东岭网讯（记者 李红）会议持续两天。"
    )
    seg = segment(Document("t", "t.txt", text_to_blocks(text)))
    assert seg.sections[0].text.splitlines() == [
        "新华社北京5月9日电（记者 王小明）海关总署9日发布数据，前4个月我国货物贸易进出口总值增长。",
        "东岭网讯（记者 李红）会议持续两天。",
    ]
    assert removed(seg) == [("header", "新华社北京5月9日电 题：积极因素不断增多")]


def test_a_sentence_pointing_back_is_never_a_sentence_head():
    long = "全年地区生产总值增长百分之五点六，一般公共预算收入增长百分之六点一，主要指标好于预期。"
    text = f"工作报告\n\n导语一段。\n坚持稳中求进。\n{long}\n这也说明了问题。\n{long}\n深化改革开放。\n{long}"
    seg = segment(Document("t", "t.txt", text_to_blocks(text)))
    assert [s.headline for s in seg.sections] == ["坚持稳中求进。", "深化改革开放。"]
    assert "这也说明了问题。" in seg.sections[0].text


def test_a_quoted_exclamation_is_emphasis_a_question_of_ones_own_a_head():
    body = "这一节的正文写在这里，篇幅足够长，说明它是正文而不是标题，后面还有更多内容。"
    md = f"标题\n\n导语一段。\n**嗯，“这可不是闹着玩的！”**\n{body}\n**城墙修好了，还是原来的样子吗？**\n{body}"
    seg = segment(Document("t", "t.md", text_to_blocks(md)))
    assert [s.headline for s in seg.sections] == ["城墙修好了，还是原来的样子吗？"]
    assert "嗯，“这可不是闹着玩的！”" in seg.lede


def test_title_checked_against_og_title_when_h1_is_a_site_banner():
    body = _paragraphs(
        "记者从市统计局了解到，前三季度全市经济运行总体平稳，主要指标好于预期，发展质量持续提升。"
    )
    page = (
        "<html><head><title>股市行情_大盘预测_某某财经网</title>"
        "<meta property='og:title' content='联合国贸发报告：全球经济增长放缓'></head><body>"
        "<h1><a href='/'>股市行情_大盘预测_某某财经网</a></h1><div class='nav'><a>首页</a><a>行情</a></div>"
        f"<div class='title-text'>联合国贸发报告：全球经济增长放缓</div><div class='art'>{body}</div></body></html>"
    )
    seg = seg_html(page)
    assert seg.title == "联合国贸发报告：全球经济增长放缓"
    assert not any(s.headline and "股市行情" in s.headline for s in seg.sections)


def test_levels_are_relative_to_the_article():
    body = "".join(
        f"<h3>{h}</h3><p>这一节的正文写在这里，记者从有关部门了解到，相关工作正在稳步推进，进展顺利，成效明显。</p>"
        for h in ("第一部分的小标题", "第二部分的小标题")
    )
    page = (
        "<html><head><title>某地推进重点工作_某某网</title></head><body>"
        "<div class='sidebar'><h2>热点排行</h2><a>另一篇新闻</a></div>"
        f"<div class='article'><h1>某地推进重点工作</h1>{body}</div></body></html>"
    )
    seg = seg_html(page)
    assert [(s.headline, s.level) for s in seg.sections] == [("第一部分的小标题", 1), ("第二部分的小标题", 1)]


@pytest.mark.parametrize("depth", [1600, 5000])
def test_deeply_nested_page_reads_without_recursion_error(depth):
    page = (
        "<html><head><title>深层页面_某某网</title></head><body>"
        + "<div><span>层</span>" * depth
        + "<p>正文在这里。这一段正文足够长，用来检验嵌套很深的页面也能完整读出，一个字也不少。</p>"
        + "</div>" * depth
        + "<p>页面结尾</p></body></html>"
    )
    doc = html_to_document(page, "d", "d.html")
    text = "".join(b.text for b in doc.blocks)
    assert text.count("层") == depth and "正文在这里" in text and "页面结尾" in text
    segment(doc)


def test_odd_html_reads_without_error():
    for page in (
        "",
        "<html></html>",
        "<!-- 注释 -->",
        "没有标签的文字",
        "<html><body><h1>只有标题</h1></body></html>",
    ):
        seg = seg_html(page)
        assert all(s.headline != seg.title or seg.title is None for s in seg.sections)


# --------------------------------------------------------------------------- nothing lost


def visible_chars(html: str) -> Counter[str]:
    """Characters of a page's visible text, read with lxml independently of the reader (a stray
    ``</body>``/``</html>`` before the end is ignored, as a browser does; libxml2 would stop there)."""
    import re

    import lxml.html

    html = re.sub(r"</(?:html|body)\s*>", "", html, flags=re.I)
    root = lxml.html.document_fromstring(html.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    for bad in root.xpath("//script|//style|//noscript|//template|//head|//svg|//iframe|//object|//canvas"):
        bad.drop_tree()
    return Counter("".join(root.text_content().split()))


def output_chars(seg: Segmented) -> Counter[str]:
    parts = [seg.title, seg.subtitle, seg.lede]
    for s in seg.sections:
        parts += [s.kicker, s.headline, s.subtitle, s.text]
    parts += [str(r["text"]) for r in seg.removed]
    return Counter("".join("".join(p.split()) for p in parts if p))


HTML_INPUTS = sorted(FIXTURES.glob("*.html")) + REAL_PAGES


@pytest.mark.parametrize("path", HTML_INPUTS, ids=lambda p: p.name)
def test_nothing_lost_every_visible_character_is_in_the_output(path):
    from pipeline.read.decode import decode_bytes

    html, _ = decode_bytes(path.read_bytes(), str(path))
    seg = segment(html_to_document(html, path.name, str(path)))
    lost = visible_chars(html) - output_chars(seg)
    assert not lost, f"{sum(lost.values())} characters lost: {''.join(lost.elements())[:80]}"


def test_real_pages_present_or_skipped():
    if not REAL_PAGES:
        pytest.skip("../shared/data/web_pages not present")
    assert len(REAL_PAGES) >= 41


def test_link_cards_between_the_parts_of_a_long_post_do_not_split_it():
    """A long post that sets link cards (books, films) between its parts is one article: each part
    holds more text than the cards between them. The site's lists after it are not."""
    part = "".join(
        f"<p>第{i}段。这是一篇很长的随笔里的正文段落，讲述了一个关于月亮的古老传说，情节曲折，人物众多，值得细细品读。</p>"
        for i in range(8)
    )
    cards = "".join(
        f'<div><a href="/b{i}">《月亮与六便士》毛姆著 译林出版社 二〇一六年版 豆瓣评分九点零</a></div>'
        for i in range(7)
    )
    html = (
        "<html><head><title>月亮的故事</title></head><body><nav><a href='/'>首页</a></nav>"
        f"<article><h1>月亮的故事</h1>{part}{cards}{part.replace('段。', '节。')}</article>"
        + "".join(f"<div><a href='/x{i}'>热门文章第{i}篇标题文字</a></div>" for i in range(12))
        + "</body></html>"
    )
    doc = html_to_document(html, "p", "p.html")
    seg = segment(doc)
    body = seg.lede + "".join(s.text for s in seg.sections)
    assert "第0段" in body and "第7节" in body, "both parts are the article"
    assert "热门文章第1篇" not in body


def test_a_bold_copy_of_the_title_set_aside_by_the_page_reader_is_a_title_repeat():
    from pipeline.read.html import html_to_document

    para = "<p>本市今日召开会议，部署下一阶段防汛工作，要求各地压实责任、加强值守，确保安全度汛。</p>"
    html = (
        "<html><head><title>全市部署防汛工作_某某网</title></head><body><h1>全市部署防汛工作</h1>"
        f"<p><strong>全市部署防汛工作</strong></p>{para * 5}</body></html>"
    )
    seg = segment(html_to_document(html, "r", "r.html"))
    assert seg.title == "全市部署防汛工作"
    assert seg.removed == [{"kind": "title-repeat", "text": "全市部署防汛工作", "line": 1}]


def test_a_label_in_square_brackets_is_no_plain_head_long_two_clause_heads_are():
    """A ``[label]`` over a story names its source; it is no head (nor set aside: it is kept with
    the text). Two-clause heads of work reports run to 27 characters, and blog heads may end in
    ``~``: both are plain heads."""
    long = "这一节的正文写在这里，篇幅足够长，说明它是正文而不是标题，后面还有更多的内容和细节，" * 2
    lines = [
        "[希腊神话]",
        "坚持创新驱动发展，加快构建具有白石特色的现代化产业体系",
        "Day1 抵达大理古城~",
        "提质挖潜，外贸新动能加速释放",
    ]
    text = "标题\n\n导语一段。\n" + "".join(f"{line}\n{long}\n" for line in lines)
    seg = segment(Document("t", "t.txt", text_to_blocks(text)))
    assert [s.headline for s in seg.sections if s.headline] == lines[1:]
    assert "[希腊神话]" in seg.lede + "".join(s.text for s in seg.sections)


def test_comma_lines_still_make_verse_layout():
    """Lines with a comma are no heads but still count as lines of verse layout: a run of short
    lines is a sentence broken for phone screens, so its last line is no head either."""
    verse = "目前\n南沙邮轮母港的建设，已经进入最后的验收阶段\n开港时间已经确定\n就在下个月\n"
    body = "据介绍，在航站楼内部装修及各项查验设备安装调试工作完成后，预计十一月开港。"
    seg = segment(Document("t", "t.txt", text_to_blocks(f"标题\n\n导语一段，交代背景。\n{verse}{body}")))
    assert all(s.headline is None for s in seg.sections)


def test_a_line_under_a_photo_is_never_a_head_without_markup():
    """Captions that end with a full stop (``小花家。``) right under photos repeat a pattern the
    sentence-head rule would take (a short sentence over a long paragraph, twice); under a photo
    they are captions or the text resuming, never heads. The same lines without the photos are."""
    body = "<p>这一节的正文写在这里，篇幅足够长，说明它是正文而不是标题，后面还有更多的内容和细节。</p>"
    parts = ["小花家。", "大涧学校。"]
    with_photos = "".join(f"<p><img src='{i}.jpg'></p><p>{p}</p>{body}" for i, p in enumerate(parts))
    without = "".join(f"<p>{p}</p>{body}" for p in parts)

    def page(inner: str) -> str:
        return f"<html><body><article><h1>山村小学见闻</h1><p>导语一段，交代背景。</p>{body}{inner}</article></body></html>"

    assert [s.headline for s in seg_html(page(with_photos)).sections if s.headline] == []
    assert [s.headline for s in seg_html(page(without)).sections if s.headline] == parts


def test_a_sentence_after_a_photos_credit_is_no_head_and_the_text_above_a_photo_no_caption():
    """A photo, its credit (``故宫博物院供图``), then a short sentence: the sentence is under the
    photo (a caption or the text resuming), never a sentence head, though the page does it twice.
    And a credit line that is the first text under a photo (``…杜洋 摄``) takes no caption from
    the text above the photo: that line is body."""
    body = "<p>这一节的正文写在这里，篇幅足够长，说明它是正文而不是标题，后面还有更多的内容和细节。</p>"
    photo = "<p><img src='a.jpg'></p><p>故宫博物院供图</p>"
    page = (
        "<html><body><article><h1>故宫里过大年</h1><p>导语一段，交代背景。</p>"
        f"{body}{photo}<p>角楼被灯光装点出节日气氛！</p>{body}{photo}<p>故宫成了一票难求的博物馆。</p>{body}"
        "<p>清宫上元节项目则更为繁复。</p><p><img src='b.jpg'></p><p>2月18日，故宫午门调试灯光。中新社记者 杜洋 摄</p>"
        f"{body}</article></body></html>"
    )
    seg = seg_html(page)
    assert [s.headline for s in seg.sections if s.headline] == []
    text = seg.lede + "".join(s.text for s in seg.sections)
    assert "角楼被灯光装点出节日气氛！" in text and "清宫上元节项目则更为繁复。" in text
    assert ("caption", "2月18日，故宫午门调试灯光。中新社记者 杜洋 摄") in removed(seg)
    # a photo, its caption, then a sub-head: the news layout; the sub-head stays one
    news = (
        f"<html><body><article><h1>故宫里过大年</h1><p>导语一段，交代背景。</p>{body}"
        f"<p><img src='a.jpg'></p><p>图为活动现场</p><p>强化科技创新</p>{body}{body}</article></body></html>"
    )
    assert [s.headline for s in seg_html(news).sections if s.headline] == ["强化科技创新"]


def test_a_heading_that_links_inside_the_article_stays_a_head():
    """A digest's items are headings that link to the full texts, each over its summary; an anchor
    on a head (``<a name>``, ``<a id>``, ``href=#s3``) is no link away either: all are heads. (A
    rule that set aside headings linking away, for a Q&A page's ``查看全部回答``, dropped digests'
    heads and was withdrawn.)"""
    body = _paragraphs(
        "记者从市统计局了解到，前三季度全市经济运行总体平稳，主要指标好于预期，发展质量持续提升。"
    )
    page = (
        "<html><body><article><h1>政务早班车</h1>"
        f"{body}<h2><a name='s1'>一、总体要求</a></h2>{body}<h2><a id='s2'>二、主要任务</a></h2>{body}"
        f"<h2><a href='#s3'>三、保障措施</a></h2>{body}"
        f"<h3><a href='/zwgk/1.html'>市政府印发促进消费若干措施</a></h3>{body}</article></body></html>"
    )
    seg = seg_html(page)
    assert [s.headline for s in seg.sections if s.headline] == [
        "一、总体要求",
        "二、主要任务",
        "三、保障措施",
        "市政府印发促进消费若干措施",
    ]


def test_hidden_text_inside_the_article_stays_set_aside_though_trafilatura_keeps_its_text():
    """``display:none`` text is not on the page a reader sees. A hidden copy of the lede inside
    the article (a summary box shown on a click) has the text trafilatura keeps from the visible
    lede, but the copy is no head and no body: the lede is read once."""
    lede = "在美国旧金山举行的中美元首会晤受到国际社会广泛关注，多位外国专家表示中美合作共赢符合各方利益。"
    body = _paragraphs(
        "记者从市统计局了解到，前三季度全市经济运行总体平稳，主要指标好于预期，发展质量持续提升。"
    )
    for tag, copy in (("h3", lede), ("p", lede), ("p", lede[:20])):
        hidden = f"<{tag}>{copy}</{tag}>"
        page = (
            f"<html><body><article><h1>外国专家谈中美合作</h1><p>{lede}</p>{body}"
            f"<div style='display:none'>{hidden}</div>{body}</article></body></html>"
        )
        seg = seg_html(page)
        assert [s.headline for s in seg.sections if s.headline] == []
        assert (seg.lede + "".join(s.text for s in seg.sections)).count(lede) == 1
        assert ("furniture", copy) in removed(seg)


def test_a_picture_posts_lines_under_its_photos_are_its_text_a_news_pages_captions_are_not():
    """Lines under photos are captions on a news page (a few short labels beside long
    paragraphs, or a short photo news item: two paragraphs and five labelled photos) and the story
    itself on a photo blog, where many of them hold a good share of the text."""
    lines = [
        "來到現場已是落葉飄飄堆疊滿地的景象",
        "不忍踩過剛剛掉落下來的紅色楓葉",
        "雖然只是一廂情願的想法卻也開心",
        "葉落繽紛顯得幾分蕭瑟寂寥的氣息",
        "偶而還會飄下來一些霧氣水滴在臉上",
        "外拍的攝影班學員早已在步道就位",
        "各自努力找尋自認為最好的拍攝角度",
        "水槽上面的這幾隻彩繪小鳥很可愛",
        "雨水洗塵後的枝頭更顯得清新亮麗",
        "有如小說偵探一般在營地四處探看",
    ]
    photos = "".join(f"<p><img src='{i}.jpg'><br>{line}</p>" for i, line in enumerate(lines))
    intro = "<p>早上從台北出門之際還是小雨，到了山上卻是陽光普照，營地裡的楓葉正紅，遊客不多。</p>"
    blog = seg_html(f"<html><body><article><h1>新竹尖石賞楓</h1>{intro}{photos}</article></body></html>")
    text = blog.lede + "".join(s.text for s in blog.sections)
    assert all(line in text for line in lines) and not [r for r in removed(blog) if r[0] == "caption"]

    body = _paragraphs(
        "记者从市统计局了解到，前三季度全市经济运行总体平稳，主要指标好于预期，发展质量持续提升。", 6
    )
    captions = "".join(
        f"<p><img src='{i}.jpg'><br>{line}</p>"
        for i, line in enumerate(["活动现场", "市民参观", "志愿者服务", "展区一角", "颁奖仪式"])
    )
    news = seg_html(
        f"<html><body><article><h1>统计局发布数据</h1>{body}{captions}{body}</article></body></html>"
    )
    assert [k for k, _ in removed(news)].count("caption") == 5
    labels = [
        "活动现场全景一览",
        "为优秀书香家庭颁奖",
        "志愿者为市民服务",
        "少年儿童诵读经典",
        "嘉宾参观图书展区",
    ]
    photos = "".join(f"<p><img src='{i}.jpg'><br>{line}</p>" for i, line in enumerate(labels))
    short = seg_html(
        f"<html><body><article><h1>书香家庭评选</h1>{_paragraphs('全市书香家庭评选活动日前举行，共评出优秀家庭五十户。', 2)}"
        f"{photos}</article></body></html>"
    )
    assert [k for k, _ in removed(short)].count("caption") == 5, "a photo news item keeps its captions"
    labels = [f"开幕式现场{k}" for k in "一二三四五六七八九十甲乙"]
    photos = "".join(f"<p><img src='{i}.jpg'></p><p>{line}</p>" for i, line in enumerate(labels))
    gallery = seg_html(
        f"<html><body><article><h1>组图：书展开幕</h1><p>本市书展今天开幕。</p><p>展期七天。</p>{photos}</article></body></html>"
    )
    assert [k for k, _ in removed(gallery)].count("caption") == 12, (
        "a 组图's labels, however many, stay captions"
    )


def test_contact_lines_of_a_guides_venues_are_text_a_releases_closing_contacts_are_not():
    """Contact lines among the text, one per venue of a guide, are fields of a list; the contact
    block closing a release (several lines together, nothing between them) is set aside."""
    lead = "节日出游指南\n\n导语一段，介绍节日期间各景点的优惠活动。\n"
    venues = "".join(
        f"{name}\n{name}位于市区东部，是本市重要的旅游景点，节日期间门票半价，欢迎市民游客前往参观游览。\n游客咨询电话：5879{i}888\n"
        for i, name in enumerate(["东湖公园", "西山森林公园", "南河湿地", "北城博物馆"])
    )
    guide = seg_lines(lead + venues)
    text = guide.lede + "".join(s.text for s in guide.sections)
    assert text.count("游客咨询电话：") == 4 and not [r for r in removed(guide) if r[0] == "contact"]

    entry = "东湖公园位于市区东部，是本市重要的旅游景点，节日期间门票半价，欢迎市民游客前往参观游览。\n"
    closing = "联系人：王明\n联系电话：58790888\n电子邮箱：wm@example.cn\n"
    assert [k for k, _ in removed(seg_lines(lead + entry + closing))] == ["contact"] * 3
    names = "".join(
        f"{city} {name}\n电话：010-6588{i}000\n"
        for i, (city, name) in enumerate([("北京", "张丽"), ("上海", "刘强"), ("深圳", "陈静")])
    )
    seg = seg_lines(lead + entry + "媒体联系人：\n" + names)
    assert [k for k, _ in removed(seg)].count("contact") == 3, "a release's contacts, a name above each phone"
    both = seg_lines(lead + venues + closing)
    text = both.lede + "".join(s.text for s in both.sections)
    assert text.count("游客咨询电话：") == 4, "the venues' phones are their entries' fields"
    assert [k for k, _ in removed(both)] == ["contact"] * 3, "the closing block stays set aside"


def test_the_steps_of_a_list_are_no_heads_the_same_lines_outside_a_list_are():
    """``<ol><li><p>打开 Visual Studio 并创建一个项目。</p><p>…</p></li>…``: steps of a list, each a
    short sentence over a long paragraph, repeat the sentence-head pattern; in a list they are
    steps. The same lines as paragraphs of the text are sentence heads, also when the whole text
    sits in one <li> (a template's list of one)."""
    long = "这一步的说明写在这里，篇幅足够长，说明它是正文而不是标题，后面还有更多的内容和细节。"
    steps = ["打开 Visual Studio 并创建项目。", "在代码编辑器中设置断点。", "按 F5 开始调试程序。"]
    items = "".join(f"<li><p>{s}</p><p>{long}</p></li>" for s in steps)
    plain = "".join(f"<p>{s}</p><p>{long}</p>" for s in steps)

    def page(inner: str) -> str:
        return f"<html><body><article><h1>快速入门</h1><p>导语一段，交代背景。</p><p>{long}</p>{inner}</article></body></html>"

    assert [s.headline for s in seg_html(page(f"<ol>{items}</ol>")).sections if s.headline] == []
    assert [s.headline for s in seg_html(page(plain)).sections if s.headline] == steps
    # a CMS template's one-item list holding the whole article is a container, not an item
    assert [s.headline for s in seg_html(page(f"<ul><li>{plain}</li></ul>")).sections if s.headline] == steps
    # a service guide's sections, each a short line over its text in one <li>: plain heads
    parts = ["办理对象", "办理条件", "申请材料"]
    guide = "".join(f"<li><div>{p}</div><div>{long}</div></li>" for p in parts)
    assert [s.headline for s in seg_html(page(f"<ul>{guide}</ul>")).sections if s.headline] == parts


def test_hidden_answers_an_faq_shows_on_a_click_are_its_text():
    """An FAQ whose answers are ``display:none`` until a question is clicked (trafilatura keeps
    them): the answers are the page's text, not furniture; only a hidden copy of shown text is."""
    qa = "".join(
        f"<div class='q'>问：{q}</div><div class='a' style='display:none'>答：{a}</div>"
        for q, a in [
            (
                "居住证有效期是多久？",
                "居住证有效期为一年，期满前三十日内持证人应当到居住地公安派出所办理签注手续。",
            ),
            (
                "办理居住证需要什么材料？",
                "申领居住证需提交本人居民身份证、近期照片以及居住地住址、就业、就读等证明材料。",
            ),
            (
                "居住证丢失了怎么办？",
                "居住证丢失的，持证人应当到居住地公安派出所申请补领，补领时需提供本人身份证明。",
            ),
        ]
    )
    page = f"<html><body><article><h1>居住证常见问题</h1><p>本页汇总了居住证办理的常见问题，供市民参考。</p>{qa}</article></body></html>"
    seg = seg_html(page)
    text = seg.lede + "".join(s.text for s in seg.sections)
    assert "答：居住证有效期为一年" in text and "答：居住证丢失的" in text


def test_a_head_over_nothing_but_links_labels_a_box_a_stack_of_heads_stays():
    """``<h3>重点推荐</h3>`` or a bold ``证券要闻`` over a list of links inside the article labels a
    box of the site's: set aside with the links, nothing lost. A part's title right over its first
    section's head, and a head over text, stay heads."""
    body = _paragraphs(
        "记者从市统计局了解到，前三季度全市经济运行总体平稳，主要指标好于预期，发展质量持续提升。"
    )
    links = "".join(f"<p><a href='/n/{i}.html'>另一条新闻的标题第{i}条</a></p>" for i in range(4))
    heads = ["第一部分 经济运行", "一、总体平稳", "二、稳中有进"]
    start = f"<html><body><article><h1>统计局发布前三季度数据</h1>{body}<h2>{heads[0]}</h2><h3>{heads[1]}</h3>{body}"
    seg = seg_html(f"{start}<h3>重点推荐</h3>{links}<h3>{heads[2]}</h3>{body}</article></body></html>")
    assert [s.headline for s in seg.sections if s.headline] == heads
    assert ("furniture", "重点推荐") in removed(seg)
    boxes = f"<p><b>证券要闻</b></p>{links}<p><b>行业动态</b></p>{links}"
    seg = seg_html(f"{start}<h3>{heads[2]}</h3>{body}{boxes}</article></body></html>")
    assert [s.headline for s in seg.sections if s.headline] == heads
    assert {("furniture", "证券要闻"), ("furniture", "行业动态")} <= set(removed(seg))
    # links, then a photo's caption or a share bar, then the section's text: the head has a section
    for between in ("<p>图为招聘会现场</p>", "<p>分享到：微信 微博</p>"):
        seg = seg_html(
            f"{start}<h3>{heads[2]}</h3>{links}<p><img src='a.jpg'></p>{between}{body}</article></body></html>"
        )
        assert [s.headline for s in seg.sections if s.headline] == heads, between
    # a part's title over its first section's head, links between: a title, not a box
    seg = seg_html(
        f"<html><body><article><h1>统计局发布前三季度数据</h1>{body}<h2>{heads[0]}</h2>{links}"
        f"<h3>{heads[1]}</h3>{body}<h3>{heads[2]}</h3>{body}</article></body></html>"
    )
    assert [s.headline for s in seg.sections if s.headline] == heads
    # outside HTML no line is known to be a link: decoration lines under a head are no box
    seg = seg_lines(
        f"统计局发布数据\n\n导语一段。\n一、总体平稳\n★★★★★\n★★★★★\n{'记者从市统计局了解到，全市经济运行总体平稳。' * 3}"
    )
    assert [s.headline for s in seg.sections if s.headline] == ["一、总体平稳"]
    # one furniture line between a part's title and its first section (an ad) is no box
    seg = seg_html(
        f"<html><body><article><h1>统计局发布前三季度数据</h1>{body}<h2>{heads[0]}</h2>"
        f"<p><a href='http://ad.example.com/1'>广告位招租热线电话</a></p><h3>{heads[1]}</h3>{body}<h3>{heads[2]}</h3>{body}</article></body></html>"
    )
    assert [s.headline for s in seg.sections if s.headline] == heads


def test_a_page_that_marks_its_heads_has_no_unmarked_plain_heads():
    """A blog post whose heads are ``<h4>`` elements: the short lines over its code and paragraphs
    (``解释一下，这段代码`` / ``哈哈哈``) are its text, not heads. The same short line in a text
    that marks no heads is a plain head."""
    body = "<p>这一节的正文写在这里，篇幅足够长，说明它是正文而不是标题，后面还有更多的内容和细节。</p>"
    marked = f"<h4>第一个问题</h4>{body}<p>解释一下这段代码</p>{body}<h4>第二个问题</h4>{body}"
    unmarked = f"<p>解释一下这段代码</p>{body}"

    def page(inner: str) -> str:
        return f"<html><body><article><h1>一篇博客</h1><p>导语一段，交代背景。</p>{body}{inner}</article></body></html>"

    assert [s.headline for s in seg_html(page(marked)).sections if s.headline] == ["第一个问题", "第二个问题"]
    assert [s.headline for s in seg_html(page(unmarked)).sections if s.headline] == ["解释一下这段代码"]
    # fewer heading elements than plain heads: boxes (编者按, 链接), the intertitles stand (hostile sweep)
    intertitles = ["持续深化放管服改革", "着力提升政务服务效能", "加强监督考核问效"]
    boxed = (
        f"<h3>编者按</h3>{body}"
        + "".join(f"<p>{t}</p>{body}" for t in intertitles)
        + f"<h3>【链接】</h3>{body}"
    )
    assert [s.headline for s in seg_html(page(boxed)).sections if s.headline] == [
        "编者按",
        *intertitles,
        "【链接】",
    ]


def test_heading_elements_among_more_short_lines_still_mark_the_texts_heads():
    """A post with two ``<h4>`` heads and three quips over its code (``解释一下这段代码``, ``哈哈哈``,
    ``别着急``): the heading elements stand among the short lines, so the text marks its heads and
    the short lines are text, though they outnumber the heading elements."""
    body = "<p>这一节的正文写在这里，篇幅足够长，说明它是正文而不是标题，后面还有更多的内容和细节。</p>"
    inner = (
        f"<p>解释一下这段代码</p>{body}<h4>第一个问题</h4>{body}<p>哈哈哈</p>{body}"
        f"<h4>第二个问题</h4><p>别着急</p>{body}"
    )
    page = f"<html><body><article><h1>一篇博客</h1><p>导语一段，交代背景。</p>{body}{inner}</article></body></html>"
    assert [s.headline for s in seg_html(page).sections if s.headline] == ["第一个问题", "第二个问题"]


def test_a_wikis_edit_links_are_set_aside_and_its_heads_stand_alone():
    """MediaWiki puts ``[编辑]`` in a ``<span class="mw-editsection">`` inside every heading: the
    link is furniture (inline though it is), the heading is ``历史沿革``, not ``历史沿革[编辑]``."""
    body = "<p>这一节的正文写在这里，篇幅足够长，说明它是正文而不是标题，后面还有更多的内容和细节。</p>"

    def edit(name: str) -> str:
        return (
            f'<span class="mw-headline">{name}</span><span class="mw-editsection">'
            '<span class="mw-editsection-bracket">[</span><a href="?action=edit">编辑</a>'
            '<span class="mw-editsection-bracket">]</span></span>'
        )

    page = (
        "<html><head><title>雄安新区 - 维基百科</title></head><body><main>"
        f'<h1 class="firstHeading">{edit("雄安新区")}</h1>{body}'
        f"<h2>{edit('历史沿革')}</h2>{body}{body}<h3>{edit('古代')}</h3>{body}<h2>{edit('政治')}</h2>{body}"
        "</main></body></html>"
    )
    seg = seg_html(page)
    assert seg.title == "雄安新区"
    assert [s.headline for s in seg.sections if s.headline] == ["历史沿革", "古代", "政治"]
    assert "编辑" not in "".join(s.text for s in seg.sections)


def test_a_line_that_only_starts_with_the_title_is_no_copy_of_it():
    """The page's ``<title>`` is ``雄安新区``; an infobox line ``雄安新区容城县奥威东路100号…`` among
    the first lines starts with it but goes on with more words: it is not the title's copy (a copy
    may go on only after a separator: ``雄安新区 - 维基百科``)."""
    body = "<p>这一节的正文写在这里，篇幅足够长，说明它是正文而不是标题，后面还有更多的内容和细节。</p>" * 3
    page = (
        "<html><head><title>雄安新区 - 维基百科</title></head><body><main>"
        f"<p>驻地</p><p>雄安新区容城县奥威东路100号雄安市民服务中心</p>{body}</main></body></html>"
    )
    assert seg_html(page).title == "雄安新区"


def test_text_under_the_articles_own_marked_container_does_not_cut_the_article():
    """51CTO's post sits in ``<div class="con editor-preview-side">`` (``side`` reads as a
    sidebar), so every block of it carries the furniture hint. Code lines trafilatura dropped,
    under that same element, are a gap the text after them outweighs, not a boundary: the article
    runs on; the same lines under another marked element (a widget) are a boundary."""
    from pipeline.read.html import _article_span, _Ctx, _Raw

    def raw(text: str, marker: int, kept: bool) -> _Raw:
        ctx = _Ctx(kind="furniture", marked_by=marker)
        return _Raw(
            text, ctx, bold=False, link_share=0.0, after_image=False, group=0, hint="furniture", matched=kept
        )

    para = "在多云多集群应用场景中，为了提高业务的高可用性，用户的工作负载可能会被部署在多个集群中。"
    code = [raw(f"// +optional line {k}", 3, False) for k in range(12)]
    before = [raw(para, 3, True) for _ in range(8)]
    after = [raw(para, 3, True) for _ in range(6)]
    raws = before + code + after
    assert _article_span(raws, 0, 0) == (0, len(raws) - 1)
    widget = [raw(r.text, 7, False) for r in code]
    assert _article_span(before + widget + after, 0, 0) == (0, len(before) - 1)
    # a gallery's captions (the article's own markup) mark no boundary, but they are a gap: a few
    # kept comments after seven of them do not outweigh it and stay out (hostile sweep)
    captions = [
        _Raw(f"图为第{k}个项目开工现场", _Ctx(), False, 0.0, False, 0, hint="caption") for k in range(7)
    ]
    comments = [
        _Raw("网友留言：好消息，支持家乡建设！", _Ctx(), False, 0.0, False, 0, matched=True) for _ in range(2)
    ]
    assert _article_span(before + captions + comments, 0, 0) == (0, len(before) - 1)


def test_a_bracketed_copy_of_the_title_opens_no_section():
    """Under the title 广智救我, ``【广智救我】该梗出自…`` opens the text with the title as a tag: no
    head, the paragraph is text; a line ``【广智救我】`` alone is the title's repeat, set aside. In a
    digest whose columns are tags (``【政务信息】`` under the title 政务信息, then ``【基层动态】``),
    the column that shares the title is a column, a head like the others (hostile sweep)."""
    long = (
        "该梗出自最近大火的游戏，广智是第一章节中的一个小首领，玩家击败他以后会获得他的法术并拥有变身的能力。"
    )
    seg = seg_lines(f"广智救我\n\n【广智救我】{long}\n{long}\n")
    assert [s.headline for s in seg.sections if s.headline] == []
    assert f"【广智救我】{long}" in seg.lede + "".join(s.text for s in seg.sections)
    seg = seg_lines(f"广智救我\n\n【广智救我】\n{long}\n{long}\n")
    assert ("title-repeat", "【广智救我】") in removed(seg)
    seg = seg_lines(f"政务信息\n\n【政务信息】\n{long}\n【基层动态】\n{long}\n【经验交流】\n{long}\n")
    assert [s.headline for s in seg.sections if s.headline] == [
        "【政务信息】",
        "【基层动态】",
        "【经验交流】",
    ]


def test_a_reprinted_documents_title_over_its_number_is_set_aside_not_a_head():
    """A news page reprints a State Council document under its own headline: the document's title
    over its number (``国发〔2015〕40号``) is the document's header, not the first head of the text
    (which would push the document's real heads a level down). A numbered entry of a list of
    documents, or a lead-in ending ``全文如下：``, over a number is not (hostile sweep)."""
    long = "为加快推动互联网与各领域深入融合和创新发展，充分发挥互联网在促进产业升级以及信息化和工业化深度融合中的平台作用。"

    def page(inner: str) -> str:
        return (
            "<html><head><title>“互联网+”行动指导意见公布_网易财经</title></head><body>"
            f"<h1>“互联网+”行动指导意见公布</h1><div class='post_text'>{inner}</div></body></html>"
        )

    doc = (
        "<p><strong>国务院关于积极推进“互联网+”行动的指导意见</strong></p><p>国发〔2015〕40号</p>"
        "<p>各省、自治区、直辖市人民政府，国务院各部委、各直属机构：</p>"
        f"<p>{long}</p><p><strong>一、行动要求</strong></p><p>{long}</p><p><strong>二、重点行动</strong></p><p>{long}</p>"
    )
    seg = seg_html(page(doc))
    assert ("header", "国务院关于积极推进“互联网+”行动的指导意见") in removed(seg)
    assert [(s.headline, s.level) for s in seg.sections if s.headline] == [
        ("一、行动要求", 1),
        ("二、重点行动", 1),
    ]
    lead = "经李克强总理签批，国务院日前印发指导意见，全文如下："
    seg = seg_html(page(f"<p>{lead}</p><p>国发〔2015〕40号</p><p>{long}</p><p>{long}</p>"))
    assert ("header", lead) not in removed(seg)


def test_a_photos_caption_between_link_cards_does_not_cut_a_long_post():
    """A long post (douban) sets link cards (a book: title, rating, publisher) and a photo with its
    caption between its parts. The caption is the article's own markup, not the site's furniture:
    the post is one article, its second half is not set aside."""
    first = "古时候，有个地方夜晚总是漆黑一片，人们只好在夜里点起火把照明，日子过得十分艰难辛苦。"
    second = "后来一个年轻人离开家乡，看见一棵橡树上挂着一个发光的球，他们便问路人这是什么东西。"
    p1, p2 = _paragraphs(first, 12), _paragraphs(second, 12)
    card = (
        '<div class="subject-card"><p><a href="/s/1">月亮和六便士</a></p><p><a href="/s/1">9.0</a></p>'
        '<p><a href="/s/1">[英] 毛姆 / 2006 / 上海译文出版社</a></p></div>'
    )
    page = (
        '<html><head><title>月亮的100个故事</title></head><body><nav><a href="/">首页</a><a href="/b">小组</a></nav>'
        f'<h1>月亮的100个故事</h1><div class="note">{p1}{card}{card}'
        f'<div class="image-caption">The Moon over the Rocky Mountain</div>{p2}</div>'
        '<div class="related"><a href="/x">相关日记一</a><a href="/y">相关日记二</a></div></body></html>'
    )
    seg = seg_html(page)
    text = seg.lede + "".join(s.text for s in seg.sections)
    assert text.count(first) == 12 and text.count(second) == 12
    assert ("caption", "The Moon over the Rocky Mountain") in removed(seg)


def test_a_records_title_cut_short_is_completed_by_the_first_line_a_short_name_is_not():
    """A corpus record's title field cut short (``关于开展2024年度全市安全生产大检查``) and its text's
    first line the whole headline (``…大检查的通知``): the line is the title's copy, the title whole.
    A short name (``雄安新区``) that an infobox line goes on from is no such copy (hostile sweep)."""
    long = (
        "为切实做好安全生产工作，有效防范和遏制各类生产安全事故，现将有关事项通知如下，请各单位认真贯彻落实。"
    )
    text = f"关于开展2024年度全市安全生产大检查的通知\n{long}\n一、检查时间\n{long}\n二、检查内容\n{long}\n"
    seg = segment(Document("r", "r.jsonl", text_to_blocks(text), title="关于开展2024年度全市安全生产大检查"))
    assert seg.title == "关于开展2024年度全市安全生产大检查的通知"
    assert [(s.headline, s.level) for s in seg.sections if s.headline] == [
        ("一、检查时间", 1),
        ("二、检查内容", 1),
    ]


def test_a_digests_bold_bracketed_headlines_are_one_style_however_long():
    """A digest's items are bold 【…】 headlines; some run past the 24 characters of a run-in tag
    (``【世卫：即使20%的人拥有抗体 新冠病毒还能有效传播】``). All are one style, one level: the
    long ones are not nested above the short ones."""
    body = "<p>这一节的正文写在这里，篇幅足够长，说明它是正文而不是标题，后面还有更多的内容和细节。</p>"
    items = [
        "【世卫：即使20%的人拥有抗体 新冠病毒还能有效传播】",
        "【美国西雅图一大学宿舍区学生感染】",
        "【白宫“不顾疫情”大搞独立日庆典 预计7500人参加】",
        "【非洲地区确诊病例快速增长】",
    ]
    inner = "".join(f"<p><strong>{t}</strong></p>{body}" for t in items)
    page = f"<html><body><article><h1>疫情速览</h1><p>导语一段，交代背景。</p>{body}{inner}</article></body></html>"
    assert [(s.headline, s.level) for s in seg_html(page).sections if s.headline] == [(t, 1) for t in items]


def test_a_texts_closing_references_and_notes_are_set_aside_a_notes_section_inside_is_not():
    """A wiki article ends with 参考文献 and 外部链接 sections: its apparatus, set aside as
    ``footnote`` (head and entries), neither summarized nor lost. A 注释 section followed by more
    of the text is part of the text."""
    body = "<p>这一节的正文写在这里，篇幅足够长，说明它是正文而不是标题，后面还有更多的内容和细节。</p>"
    refs = "<h2>参考文献</h2><ol><li><p>河北雄安新区邮政编码发布. 新华网. 2017-05-10.</p></li></ol>"
    links = "<h2>外部链接</h2><p>雄安新区官方网站</p>"

    def page(inner: str) -> str:
        return f"<html><body><article><h1>雄安新区</h1>{body}<h2>历史沿革</h2>{body}{inner}</article></body></html>"

    seg = seg_html(page(refs + links))
    assert [s.headline for s in seg.sections if s.headline] == ["历史沿革"]
    assert ("footnote", "参考文献") in removed(seg) and ("footnote", "外部链接") in removed(seg)
    assert ("footnote", "河北雄安新区邮政编码发布. 新华网. 2017-05-10.") in removed(seg)
    seg = seg_html(page(f"<h2>注释</h2>{body}<h2>政治</h2>{body}"))
    assert [s.headline for s in seg.sections if s.headline] == ["历史沿革", "注释", "政治"]
    # numbered heads (a how-to about notes), or prose under the head, are the text's (hostile sweep)
    seg = seg_html(page(f"<h2>一、脚注</h2>{body}<h2>二、尾注</h2>{body}"))
    assert [s.headline for s in seg.sections if s.headline] == ["历史沿革", "一、脚注", "二、尾注"]
    seg = seg_html(page(f"<h2>参考文献</h2>{body}"))
    assert [s.headline for s in seg.sections if s.headline] == ["历史沿革", "参考文献"]


@pytest.mark.parametrize(
    "notice",
    [
        "本文为冀勇庆授权网易财经《亦观察》专栏发布，转载请注明出处。",
        "原创文章，作者：regengya，如若转载，请注明出处：https://www.regengya.com/2024/08/25/",
        "本作品为“科普中国-科学原理一点通”原创，转载时务请注明出处。",
        "特别声明：以上内容(如有图片或视频亦包括在内)为自媒体平台用户上传并发布",
        "如若转载，请注明出处：https://www.regengya.com/2024/08/25/",
    ],
)
def test_a_reprint_notice_closing_the_text_is_its_footer_the_same_words_inside_are_text(notice):
    """A reprint notice or a platform's disclaimer after the text's last paragraph is the site's
    footer; the same line with paragraphs after it (quoted speech, an exam notice's 特别声明：) is
    text (hostile sweep)."""
    long = "据介绍，在航站楼内部装修及各项查验设备安装调试工作完成后，邮轮母港预计于下个月正式开港运营，市民可乘地铁直达。"
    seg = seg_lines(f"标题\n\n{long}\n{long}\n{notice}\n")
    assert ("footer", notice) in removed(seg)
    seg = seg_lines(f"标题\n\n{long}\n{notice}\n{long}\n")
    assert ("footer", notice) not in removed(seg)
    said = "他认为，转载请注明出处是基本的规矩。"
    assert not removed(seg_lines(f"标题\n\n{long}\n{long}\n{said}\n")), "the words inside a sentence"


def test_a_sentence_announced_by_a_colon_is_never_a_sentence_head():
    """A story's one-sentence paragraphs after ``…又发现了一个问题：`` say what was announced."""
    long = (
        "他联系了附近的几家餐馆，一家一家地谈，最后谈下来每天为医护人员提供几百份盒饭，一直坚持到疫情结束。"
    )
    text = (
        f"摆渡人\n\n导语一段。\n很快，他又发现了一个问题：\n医护人员没有饭吃。\n{long}\n"
        f"他的组织才能再一次体现出来了：\n他决定继续扩张车队。\n{long}"
    )
    seg = segment(Document("t", "t.txt", text_to_blocks(text)))
    assert [s.headline for s in seg.sections] == [None]


def test_a_sentence_set_in_bold_over_several_lines_is_emphasis_not_heads():
    """A phone layout breaks one bold sentence over lines; none of them is a head."""
    body = "由于大桥由南往北段封闭施工，相关车辆可从其他过江通道绕行，请大家提前规划出行路线，避开施工区域。"
    text = (
        f"封闭施工通告\n\n导语一段。\n**5月20日至31日，**\n**京沪高速北京方向，**\n**无锡枢纽至广陵枢纽（含江阴大桥）**\n"
        f"**将进行封闭施工！！！**\n{body}\n**绕行路线**\n{body}\n请大家互相转告，\n**愿大家都能**\n**平安出行，安全到家。**"
    )
    seg = segment(Document("t", "t.txt", text_to_blocks(text)))
    assert [s.headline for s in seg.sections] == ["绕行路线"]
    assert "无锡枢纽至广陵枢纽（含江阴大桥）" in seg.lede and seg.sections[0].text.endswith(
        "平安出行，安全到家。"
    )


LONG = (
    "近年来，我市坚持以人民为中心的发展思想，统筹推进各项工作，取得了显著成效，全年地区生产总值增长6.5%，"
    "城乡居民人均可支配收入分别增长5.9%和7.3%，各项主要指标均好于预期。"
)


@pytest.mark.parametrize(
    "announce",
    [
        "过去一年，我们主要做了以下工作：",
        "下面，我讲三点意见：",
        "今年全市乡村振兴工作呈现三大亮点：",
        "我们主要做了3个方面的工作：",
        "围绕中心抓了多方面工作：",
    ],
)
def test_a_series_announced_by_a_colon_keeps_its_first_sentence_head(announce):
    text = f"工作报告\n\n{announce}\n经济运行持续向好。\n{LONG}\n发展动能不断增强。\n{LONG}\n人民生活持续改善。\n{LONG}"
    seg = segment(Document("t", "t.txt", text_to_blocks(text)))
    assert [s.headline for s in seg.sections] == [
        "经济运行持续向好。",
        "发展动能不断增强。",
        "人民生活持续改善。",
    ]


def test_sentence_heads_under_a_head_ending_in_a_colon_are_heads():
    text = f"总结\n\n导语一段。\n一、主要做法：\n强化组织领导。\n{LONG}\n完善工作机制。\n{LONG}"
    seg = segment(Document("t", "t.txt", text_to_blocks(text)))
    assert [(s.headline, s.level) for s in seg.sections] == [
        ("一、主要做法：", 1),
        ("强化组织领导。", 2),
        ("完善工作机制。", 2),
    ]


def test_a_bold_head_over_a_bold_punch_line_and_its_paragraph_stays_a_head():
    text = f"健康提示\n\n导语一段。\n**饮食要清淡**\n**少吃生冷，多喝温水。**\n{LONG}\n**作息要规律**\n**早睡早起，适度运动。**\n{LONG}"
    seg = segment(Document("t", "t.txt", text_to_blocks(text)))
    assert [s.headline for s in seg.sections] == ["饮食要清淡", "作息要规律"]


def test_a_dateline_alone_on_its_line_is_a_byline_and_a_company_name_is_no_dateline():
    text = "某某新闻\n\n新华社北京5月9日电\n中兴通讯2023年实现营业收入1242.5亿元，同比增长0.9%。"
    seg = segment(Document("t", "t.txt", text_to_blocks(text)))
    assert removed(seg) == [("byline", "新华社北京5月9日电")]
    assert seg.sections[0].text == "中兴通讯2023年实现营业收入1242.5亿元，同比增长0.9%。"


def test_a_bold_head_after_a_plain_line_stopping_at_a_comma_stays_a_head():
    text = (
        "冬季养生小贴士\n\n冬季天气寒冷，饮食起居都要注意调养，比如早睡晚起、注意保暖、多喝热水等，\n"
        "**注意保暖**\n外出戴好帽子围巾。\n**适度运动**\n可以选择散步、太极拳。"
    )
    seg = segment(Document("t", "t.txt", text_to_blocks(text)))
    assert [s.headline for s in seg.sections if s.headline] == ["注意保暖", "适度运动"]


def test_a_bold_head_after_a_bold_line_stopping_at_a_comma_heads_its_paragraph():
    text = (
        f"健康提示\n\n导语一段。\n**冬季天冷，请注意以下几点，**\n**注意保暖**\n{LONG}\n**适度运动**\n{LONG}"
    )
    seg = segment(Document("t", "t.txt", text_to_blocks(text)))
    assert [s.headline for s in seg.sections if s.headline] == ["注意保暖", "适度运动"]
