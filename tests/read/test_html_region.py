"""The article region of an HTML page when the page's markup misleads: a page wrapped in a
``<form>`` (ASP.NET WebForms), and the density fallback when the region found holds no prose."""

from __future__ import annotations

from pipeline.read.html import html_to_document
from pipeline.segment import segment

ARTICLES = "".join(
    f"<p>第{i}条 为了规范学校教育教学管理，保障师生合法权益，根据有关法律法规，结合学校实际，制定本条第{i}项规定。</p>"
    for i in range(1, 30)
)
NAV = '<div class="nav"><a href="/">首页</a> <a href="/a">学校概况</a> <a href="/b">规章制度</a></div>'


def body(doc) -> list[str]:
    return [b.text for b in doc.blocks if b.kind is None]


def test_a_form_that_wraps_the_page_is_not_furniture_but_a_search_form_is():
    html = (
        "<html><head><title>学生管理规定</title></head><body>"
        "<form action='/search'>站内搜索 <input name=q> 搜索</form>"
        f'<form id="form1" method="post" action="./show.aspx">{NAV}'
        f"<h1>学生管理规定</h1>{ARTICLES}</form></body></html>"
    )
    doc = html_to_document(html, "f", "f.html")
    assert "region" not in doc.meta  # found as the article, not rescued by the density fallback
    assert sum(1 for line in body(doc) if line.startswith("第")) == 29
    assert "站内搜索 搜索" not in body(doc)
    seg = segment(doc)
    assert seg.sections and "第29条" in seg.sections[-1].text


def test_an_article_set_aside_whole_is_found_again_by_density():
    html = (
        "<html><head><title>学生管理规定</title></head><body>"
        f"{NAV}<p>欢迎访问本站。</p><aside><h2>学生管理规定</h2>{ARTICLES}"
        "<p style='display:none'>隐藏的段落，不是正文。</p><select><option>请选择学院</option></select>"
        "<button>打印本页</button></aside>"
        '<div class="footer">版权所有 某某大学</div></body></html>'
    )
    doc = html_to_document(html, "a", "a.html")
    assert doc.meta["region"] == "density"
    assert sum(1 for line in body(doc) if line.startswith("第")) == 29
    assert not any("首页" in line for line in body(doc))  # the navigation stays furniture
    assert not {"隐藏的段落，不是正文。", "请选择学院", "打印本页"} & set(body(doc))  # hidden, controls


def test_a_short_article_among_long_lists_keeps_its_region():
    teasers = "".join(
        f'<li><a href="/n{i}">新闻标题{i}</a><p>这是一条很长的新闻摘要，讲述了本地发生的事情和各方的反应。</p></li>'
        for i in range(30)
    )
    html = (
        "<html><head><title>短讯</title></head><body>"
        f"<h1>短讯</h1><div class='content'><p>本市今日召开会议，部署下一阶段防汛工作，要求各地压实责任、加强值守。</p></div>"
        f"<ul class='related'>{teasers}</ul></body></html>"
    )
    doc = html_to_document(html, "s", "s.html")
    assert "region" not in doc.meta
    assert any(line.startswith("本市今日召开会议") for line in body(doc))


def test_a_short_notice_in_a_page_wrapping_form_is_read():
    notice = "<p>记者从市统计局获悉，今年前三季度全市经济运行总体平稳，主要指标好于预期。</p>" * 3
    html = (
        "<html><head><title>经济运行情况通报</title></head><body>"
        '<form id="aspnetForm" method="post" action="Show.aspx?id=1"><input type="hidden" name="__VIEWSTATE">'
        f"{NAV}<h1>经济运行情况通报</h1>{notice}</form>"
        "<form action='/search'>站内搜索 <input name=q> 搜索</form></body></html>"
    )
    doc = html_to_document(html, "s", "s.html")
    assert body(doc).count("记者从市统计局获悉，今年前三季度全市经济运行总体平稳，主要指标好于预期。") == 3
    assert "站内搜索 搜索" not in body(doc)


def test_a_search_form_with_a_long_comment_or_script_inside_is_no_page_wrapper():
    import lxml.html

    from pipeline.read.html import _unwrap_page_forms

    hidden = "<!--" + "旧版搜索框说明" * 100 + "--><script>var s = '" + "搜索" * 300 + "';</script>"
    root = lxml.html.fromstring(
        f"<html><body><form action='/search'>站内搜索 {hidden}<input name=q> 搜索</form>"
        f"<h1>学生管理规定</h1>{ARTICLES}</body></html>"
    )
    _unwrap_page_forms(root)
    assert root.find(".//form") is not None  # comments and scripts are no visible text


def test_a_related_box_between_the_title_and_the_article_is_no_end_when_nothing_kept_is_above_it():
    """新浪科技: under the title a promo line and a 相关新闻： box of links, then the story.
    trafilatura kept nothing above the box, so the story below it is the article (a gallery's
    page, whose caption trafilatura keeps above the box, still ends there)."""
    story = "".join(
        f"<p>新浪科技讯 北京时间9月11日凌晨消息，苹果2019秋季发布会开幕，第{k}款新品随后登场，售价与去年持平，国行版本同步开售。</p>"
        for k in range(6)
    )
    page = (
        "<html><head><title>苹果发布新iPhone 11_新浪科技</title></head><body><div class='nav'><a href='/'>首页</a></div>"
        "<h1>苹果发布新iPhone 11</h1><div class='article'>"
        "<p><a href='/zc'>新酷产品第一时间免费试玩，还有众多优质达人分享独到生活经验，快来新浪众测！</a></p>"
        "<p><strong>相关新闻：</strong></p><p><a href='/a'>直播2019年苹果发布会(英文原声+中文字幕)</a></p>"
        f"<p><a href='/b'>苹果2019年秋季新品发布会：谈色彩 致创新</a></p>{story}</div></body></html>"
    )
    doc = html_to_document(page, "s", "s.html")
    body = [b.text for b in doc.blocks if b.kind is None]
    assert sum("苹果2019秋季发布会开幕" in t for t in body) == 6


def test_a_pages_body_class_that_reads_as_furniture_marks_nothing():
    """WeChat's ``<body class="… comment_feature …">`` and a WordPress theme's ``<body
    class="ast-right-sidebar">`` name the page's features: the body is no widget, so its text is
    not furniture by that class and the article's ``<h2>`` heads are heads."""
    para = "<p>剪藏进入之后，它会格式化网页，去除广告等不相关的元素，只保留正文和图片，阅读体验非常好，值得一试。</p>"
    page = (
        "<html><head><title>全平台开源免费稍后读利器</title></head>"
        "<body class='activity-detail zh_CN comment_feature'><div class='rich_media'>"
        f"<h1>全平台开源免费稍后读利器</h1><div id='js_content'>{para}<h2>01 引言</h2>{para * 3}"
        f"<h2>02 它是谁</h2>{para * 3}</div></div></body></html>"
    )
    seg = segment(html_to_document(page, "w", "w.html"))
    assert [s.headline for s in seg.sections if s.headline] == ["01 引言", "02 它是谁"]
