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
