"""Property tests (hypothesis, derandomized): readers and the segmenter on random input never crash
and lose nothing."""

from __future__ import annotations

from collections import Counter
from itertools import groupby
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import InputError
from pipeline.read.decode import decode_bytes
from pipeline.read.document import Document
from pipeline.read.readers import read_file
from pipeline.read.text import text_to_blocks
from pipeline.segment import segment

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

CHINESE = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
PUNCT = st.sampled_from(
    [
        *list("，。！？；：、（）【】“”《》 \n"),
        "一、",
        "（一）",
        "1.",
        "①",
        "第一章",
        "【要闻】",
        "记者 张三",
        "责任编辑：李四",
    ]
)
ARTICLE_TEXT = st.lists(
    st.one_of(CHINESE, PUNCT, st.sampled_from(list("0123456789abcXYZ"))), min_size=1, max_size=400
).map("".join)


# Line-structured articles: bare numerals, short heads, sentences, bylines, one per line.
ARTICLE_LINES = st.lists(
    st.one_of(
        st.sampled_from(
            ["1", "2", "3", "01", "12", "一、总体情况", "（二）主要做法", "记者 张三", "图为会场。"]
        ),
        st.lists(CHINESE, min_size=1, max_size=12).map("".join),
        st.lists(st.one_of(CHINESE, PUNCT), min_size=5, max_size=60).map("".join),
    ),
    min_size=1,
    max_size=25,
).map("\n".join)


def assert_nothing_lost(doc: Document) -> None:
    """Every character of every block is in exactly one piece, and every piece's text reaches the
    result (title, subtitle, lede, a section's headline, kicker, subtitle or text, or set aside)."""
    seg = segment(doc)
    by_line = {line: list(group) for line, group in groupby(seg.pieces, key=lambda p: p.line)}
    assert sorted(by_line) == sorted(b.line for b in doc.blocks)
    for block in doc.blocks:
        assert "".join(p.text + p.sep for p in by_line[block.line]) == block.text
    placed = Counter(
        t
        for t in [
            seg.title,
            seg.subtitle,
            *seg.lede.split("\n"),
            *(r["text"] for r in seg.removed),
            *(x for s in seg.sections for x in (s.headline, s.kicker, s.subtitle, *s.text.split("\n"))),
        ]
        if t
    )
    pieces = Counter(p.text for p in seg.pieces if p.text)
    assert not pieces - placed, f"pieces missing from the result: {sorted((pieces - placed).elements())}"


@SETTINGS
@given(st.binary(max_size=3000))
def test_random_bytes_decode_or_are_refused(data):
    try:
        text, encoding = decode_bytes(data, "x")
    except InputError:
        return
    assert isinstance(text, str) and encoding


@SETTINGS
@given(
    data=st.binary(max_size=3000), suffix=st.sampled_from([".txt", ".md", ".html", ".jsonl", ".csv", ".bin"])
)
def test_random_files_read_as_documents_or_errors(tmp_path_factory, data, suffix):
    path = Path(tmp_path_factory.mktemp("rand")) / f"f{suffix}"
    path.write_bytes(data)
    for item in read_file(path):
        assert isinstance(item, (Document, InputError))
        if isinstance(item, Document):
            assert_nothing_lost(item)


@SETTINGS
@given(
    # at least 8 distinct ideographs: a run of one character can be truly ambiguous (一一一 in UTF-16-BE
    # is byte for byte NNN in UTF-16-LE; 一 in GB18030 is D2 BB, also valid UTF-8)
    text=ARTICLE_TEXT.filter(lambda t: len({c for c in t if "\u4e00" <= c <= "\u9fa5"}) >= 8),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le", "utf-16-be"]),
)
def test_chinese_text_in_any_encoding_decodes_back(text, encoding):
    decoded, _ = decode_bytes(text.encode(encoding), "x")
    assert decoded.lstrip("\ufeff") == text


@SETTINGS
@given(st.one_of(ARTICLE_TEXT, ARTICLE_LINES))
def test_segmenter_never_crashes_and_loses_nothing(text):
    blocks = text_to_blocks(text)
    if blocks:
        assert_nothing_lost(Document("t", "t.txt", blocks))


@pytest.mark.parametrize("text", ["1\n2\n3\n", "1\n2\n短标题\n3", "01\n02\n正文一句话。"])
def test_bare_numeral_lines_are_all_kept(text):
    assert_nothing_lost(Document("t", "t.txt", text_to_blocks(text)))


TAGS = st.sampled_from(
    [
        "div",
        "p",
        "span",
        "section",
        "article",
        "nav",
        "h1",
        "h2",
        "h3",
        "strong",
        "b",
        "li",
        "ul",
        "table",
        "tr",
        "td",
        "figure",
        "figcaption",
        "footer",
        "header",
        "a",
        "em",
        "br",
    ]
)


@SETTINGS
@given(
    depth=st.integers(min_value=1, max_value=3000),
    tags=st.lists(TAGS, min_size=1, max_size=5),
    text=ARTICLE_TEXT,
    close=st.booleans(),
)
def test_random_html_nesting_reads_or_is_refused(tmp_path_factory, depth, tags, text, close):
    opening = "".join(f"<{tags[i % len(tags)]}>" for i in range(depth))
    closing = "".join(f"</{tags[i % len(tags)]}>" for i in reversed(range(depth))) if close else ""
    path = Path(tmp_path_factory.mktemp("html")) / "page.html"
    path.write_text(f"<html><body>{opening}{text}{closing}</body></html>", encoding="utf-8")
    for item in read_file(path):
        assert isinstance(item, (Document, InputError))
        if isinstance(item, Document):
            assert_nothing_lost(item)
