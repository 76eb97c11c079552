"""The title of an HTML page is the article's, never the site's name."""

from __future__ import annotations

import pytest

from pipeline.read.html import _site_names, html_to_document

PARA = "<p>一來到營地馬上眼睛為之一亮，也會深深地為那多種顏色多層次渲染之下的楓紅而迷惑，流連忘返。</p>"


@pytest.mark.parametrize(
    ("meta", "logo"),
    [
        ("", "痞客邦 PIXNET"),  # the last part of the title tag
        ('<meta property="og:site_name" content="史蒂文的家_藍天">', "史蒂文的家_藍天"),
    ],
)
def test_a_site_logo_in_h1_is_not_the_title_and_a_linked_heading_is(meta: str, logo: str):
    html = (
        f"<html><head><title>新竹尖石_美樹營地賞楓 (2) @ 史蒂文的家_藍天 :: 痞客邦 PIXNET ::</title>{meta}</head>"
        f'<body><h1><a href="/">{logo}</a></h1><div class="article">'
        f'<h2><a href="/blog/post/1">新竹尖石_美樹營地賞楓 (2)</a></h2>{PARA * 4}</div></body></html>'
    )
    doc = html_to_document(html, "p", "p.html")
    assert doc.title == "新竹尖石_美樹營地賞楓 (2)"


def test_site_names_come_from_the_title_tags_tail_and_the_sites_own_meta():
    assert _site_names(None, "标题_栏目_某某网") == {"某某网"}
    assert _site_names(None, "新竹尖石 :: 痞客邦 PIXNET ::") == {"痞客邦PIXNET"}
    assert _site_names(None, "中法经贸合作广度深度不断拓展") == set()


def test_a_document_reprinted_under_its_page_heading_keeps_both_copies():
    """A government page shows the title as its heading and again as the first line of the
    reprinted document: the heading is the title, the copy is set aside as a repeat (it was
    dropped: its characters were lost)."""
    from pipeline.segment import segment

    html = (
        "<html><head><title>某县城乡医疗救助实施办法_某县人民政府</title></head><body>"
        '<div class="article_title">某县城乡医疗救助实施办法</div><div class="content">'
        "<p><b>某县城乡医疗救助实施办法</b></p>"
        "<p>第一条 为进一步完善城乡医疗救助制度，保障困难群众基本医疗权益，根据有关规定，结合本县实际，制定本办法。</p>"
        "<p>第二条 本办法所称城乡医疗救助，是指对救助对象患病就医发生的个人负担医疗费用给予补助的制度。</p>"
        "<p>第三条 城乡医疗救助工作遵循公开、公平、公正、便民的原则，与基本医疗保险制度相衔接。</p>"
        "</div></body></html>"
    )
    doc = html_to_document(html, "p", "p.html")
    assert doc.title == "某县城乡医疗救助实施办法" and doc.meta.get("title_shown")
    seg = segment(doc)
    assert seg.title == "某县城乡医疗救助实施办法"
    assert {"kind": "title-repeat", "text": "某县城乡医疗救助实施办法"} in [
        {"kind": r["kind"], "text": r["text"]} for r in seg.removed
    ]


def test_a_lead_sentence_that_opens_with_the_page_heading_is_no_repeat():
    """A title taken from the page's heading is never cut short: a first paragraph that merely
    opens with its words is text."""
    from pipeline.segment import segment

    html = (
        "<html><head><title>东岭灯会首日迎客十二万人次</title></head><body>"
        "<h1>东岭灯会首日迎客十二万人次</h1><div class='content'>"
        "<p>东岭灯会首日迎客十二万人次，创下历年新高，其中三分之一为外地游客。</p>"
        + "<p>灯会共展出大型灯组106组，其中三分之一出自本地非遗传承人之手，吸引了大批市民和游客。</p>" * 3
        + "</div></body></html>"
    )
    seg = segment(html_to_document(html, "p", "p.html"))
    assert all(r["kind"] != "title-repeat" for r in seg.removed)
