from __future__ import annotations

import codecs
import io
import json
from pathlib import Path

import pytest

from pipeline.errors import InputError
from pipeline.read.decode import decode_bytes
from pipeline.read.document import Document, Fields
from pipeline.read.readers import iter_documents, read_file, read_stdin
from pipeline.read.text import text_to_blocks

TEXT = "标题一行\n\n正文第一段，说明情况。\n"


def docs(paths, fields=None):
    return list(iter_documents([str(p) for p in paths], fields or Fields()))


@pytest.mark.parametrize(
    "encoded",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        TEXT.encode("gb18030"),
        TEXT.encode("gbk"),
        TEXT.encode("utf-16"),  # with BOM
        TEXT.encode("utf-16-le"),  # without BOM
    ],
)
def test_decode_detects_encodings(encoded):
    text, _ = decode_bytes(encoded, "x.txt")
    assert text.lstrip("\ufeff") == TEXT


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file"),
        (b"  \n\n", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "binary file"),
    ],
)
def test_decode_rejects_bad_input(data, message):
    with pytest.raises(InputError, match=message):
        decode_bytes(data, "bad.txt")


CONTROLS = (
    "南湾区\x1b[31m民生实事\x1b[0m进展\n"
    "11月18日，\x07南湾区召开民生实事\x08推进会\x01，通报今年前三季度各项民生实事的完成情况\x7f。\n"
)


def test_utf8_with_stray_control_characters_is_read_without_them_and_binary_is_refused(tmp_path):
    text = tmp_path / "ctrl.txt"
    text.write_text(CONTROLS, "utf-8")
    page = tmp_path / "ctrl.html"
    page.write_text(
        "<html><body><h1>" + CONTROLS.replace("\n", "</h1><p>", 1) + "</p></body></html>", "utf-8"
    )
    record = tmp_path / "ctrl.jsonl"
    record.write_text(json.dumps({"id": "r", "text": CONTROLS, "title": "标题\x1b[1m"}) + "\n", "utf-8")
    binary = tmp_path / "binary.txt"  # valid UTF-8, no NUL, but mostly control characters
    binary.write_bytes(bytes(range(1, 128)) * 8)
    doc, html, rec, refused = docs([text, page, record, binary])
    assert doc.meta["encoding"] == "utf-8"
    lines = [
        "南湾区民生实事进展",
        "11月18日，南湾区召开民生实事推进会，通报今年前三季度各项民生实事的完成情况。",
    ]
    assert [b.text for b in doc.blocks] == lines
    assert html.title == lines[0] and lines[1] in [b.text for b in html.blocks]
    assert [b.text for b in rec.blocks] == [b.text for b in doc.blocks] and rec.title == "标题"
    assert isinstance(refused, InputError) and "cannot decode" in str(refused)


def test_gb18030_fixture_reads_as_chinese(fixtures):
    (doc,) = docs([fixtures / "notice_gb18030.txt"])
    assert doc.meta["encoding"] == "gb18030"
    assert doc.blocks[0].text.startswith("白石市人民政府办公室关于")


def test_markdown_headings_carry_levels():
    blocks = text_to_blocks("# 总标题\n\n## 第一部分\n正文。\n### 细节 ###\n")
    assert [(b.text, b.heading, b.line) for b in blocks] == [
        ("总标题", 1, 1),
        ("第一部分", 2, 3),
        ("正文。", None, 4),
        ("细节", 3, 5),
    ]


def test_html_title_headings_furniture_and_captions(fixtures):
    (doc,) = docs([fixtures / "page.html"])
    assert doc.title == "东岭市启动老旧小区改造三年行动"
    texts = [b.text for b in doc.blocks]
    assert not any("tracker" in t or "font-size" in t for t in texts), "script and style are dropped"
    kinds = {b.text: b.kind for b in doc.blocks}
    assert kinds["首页 > 政务动态 > 部门动态"] == "furniture"
    assert kinds["改造后的城东小区中心广场。"] == "caption"
    assert [(b.text, b.heading) for b in doc.blocks if b.heading] == [
        ("先补短板再提品质", 2),
        ("居民全程参与", 3),
        ("建立长效管理机制", 2),
    ]
    assert any("避免 重建轻管 。" in t or "避免重建轻管" in t.replace(" ", "") for t in texts)


def test_html_title_falls_back_to_title_tag(tmp_path):
    page = tmp_path / "a.htm"
    page.write_text(
        "<html><head><title>秋收进度过半_某县融媒体中心</title></head><body><p>正文。</p></body></html>",
        "utf-8",
    )
    (doc,) = docs([page])
    assert doc.title == "秋收进度过半"


def test_jsonl_reports_malformed_line_and_keeps_reading(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(
        json.dumps({"id": "a", "text": "第一篇。"}, ensure_ascii=False)
        + "\n"
        + "{not json\n"
        + json.dumps({"text": "第三篇。", "title": "标题"}, ensure_ascii=False)
        + "\n"
        + json.dumps({"id": "d", "body": "字段不对"}, ensure_ascii=False)
        + "\n",
        "utf-8",
    )
    items = docs([path])
    assert isinstance(items[0], Document) and items[0].id == "a"
    assert isinstance(items[1], InputError) and str(items[1]).startswith(f"{path}:2: malformed JSON")
    assert isinstance(items[2], Document) and items[2].id == f"{path}#3" and items[2].title == "标题"
    assert (
        isinstance(items[3], InputError)
        and str(items[3]).startswith(f"{path}:4 (id 'd'): no text in field 'text'")
        and items[3].doc_id == "d"
    )


@pytest.mark.parametrize(
    ("value", "said"),
    [
        (123, "holds a number"),
        (1.5, "holds a number"),
        (["x"], "holds a list"),
        ({"a": "b"}, "holds an object"),
        (True, "holds a boolean"),
        (None, "no text in field 'text'"),
        ("  ", "no text in field 'text'"),
    ],
)
def test_a_text_of_the_wrong_type_is_not_called_missing(tmp_path, value, said):
    """``"text": 123`` is there, of the wrong type: saying it is missing sent users looking for it."""
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "d", "text": value}) + "\n", "utf-8")
    [item] = docs([path])
    assert isinstance(item, InputError) and str(item).startswith(f"{path}:1 (id 'd'): ")
    assert said in str(item) and "--text-field" in str(item)
    assert ("not a string" in str(item)) == said.startswith("holds")


def test_jsonl_custom_fields(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"doc": "x1", "content": "正文。"}, ensure_ascii=False) + "\n", "utf-8")
    (doc,) = docs([path], Fields(text="content", id="doc"))
    assert doc.id == "x1" and doc.blocks[0].text == "正文。"


def test_csv_records_and_bad_rows(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text('id,text\n1,"第一篇，带逗号。"\n2,"第二篇。",多余\n3,第三篇。\n', "utf-8")
    items = docs([path])
    assert [type(i).__name__ for i in items] == ["Document", "InputError", "Document"]
    assert items[0].blocks[0].text == "第一篇，带逗号。"
    assert ":3:" in str(items[1])


def test_csv_unbalanced_quote_fails_the_file_at_its_line_and_paragraphs_in_quotes_are_read(tmp_path):
    never_closed = tmp_path / "never.csv"
    never_closed.write_text('id,text\n1,第一篇。\n2,"第二篇，引号未闭合。\n3,第三篇。\n4,第四篇。\n', "utf-8")
    closed_later = tmp_path / "later.csv"
    closed_later.write_text('id,text\n1,"第一篇，引号未闭合。\n2,"第二篇。"\n3,"第三篇。"\n', "utf-8")
    items = docs([never_closed, closed_later])
    assert [type(i).__name__ for i in items] == ["Document", "InputError", "InputError"]
    assert str(items[1]).startswith(f"{never_closed}:3: unbalanced quote") and 'as "")' in str(items[1])
    assert str(items[2]).startswith(f"{closed_later}:2: unbalanced quote")
    paragraphs = tmp_path / "paragraphs.csv"  # newlines inside quotes are legitimate, commas and "" too
    paragraphs.write_text(
        'id,text\n1,"第一段。\n第二段，说明情况。\n\n第三段 ""引语"" 。"\n'
        '2,"Para one, in English.\nPara two, also.\nPara three, ends."\n3,第三篇。\n',
        "utf-8",
    )
    items = docs([paragraphs])
    assert [type(i).__name__ for i in items] == ["Document", "Document", "Document"]
    assert [b.text for b in items[0].blocks] == ["第一段。", "第二段，说明情况。", '第三段 "引语" 。']
    assert len(items[1].blocks) == 3 and items[2].blocks[0].text == "第三篇。"
    one_column = tmp_path / "one.csv"  # no delimiter to tell a swallowed row by (cold review)
    one_column.write_text('text\n"第一段内容比较长\n第二段内容"后记\n第二条新闻内容比较长一些\n', "utf-8")
    assert [type(i).__name__ for i in docs([one_column])] == ["Document", "Document"]


BIG5_TEXT = "臺北市政府今日召開記者會，宣布明年度預算將增加百分之五。市長表示，新預算將優先用於社會福利。"


def test_big5_corpora_are_read_as_text_files_are(tmp_path):
    one_row = tmp_path / "one.csv"  # the ASCII header decodes in any encoding: it made the file UTF-8
    one_row.write_bytes(f"id,text\n1,{BIG5_TEXT}\n".encode("big5"))
    rows = tmp_path / "rows.csv"
    rows.write_bytes(
        "".join(f"r{i},{BIG5_TEXT}\r\n" for i in range(5)).join(["id,text\r\n", ""]).encode("big5")
    )
    lines = tmp_path / "big5.jsonl"
    lines.write_bytes((json.dumps({"id": "t1", "text": BIG5_TEXT}, ensure_ascii=False) + "\n").encode("big5"))
    items = docs([one_row, rows, lines])
    assert all(isinstance(i, Document) for i in items), [str(i) for i in items]
    assert [i.id for i in items] == ["1", "r0", "r1", "r2", "r3", "r4", "t1"]
    assert {i.blocks[0].text for i in items} == {BIG5_TEXT}


def test_a_csv_whose_only_row_is_an_error_is_one_error(tmp_path):
    path = tmp_path / "long.csv"
    path.write_text("id,text\n1," + "正文" * 40 + "\n", "utf-8")
    items = list(iter_documents([str(path)], max_doc_bytes=100))
    assert [str(i) for i in items] == [f"{path}:2: line longer than 100 bytes (--max-doc-bytes); split it"]


@pytest.mark.parametrize(("separator", "named"), [(";", "';'"), ("\t", "tabs")])
def test_a_csv_separated_by_semicolons_or_tabs_says_so(tmp_path, separator, named):
    path = tmp_path / "in.csv"
    path.write_text(f"id{separator}text\n1{separator}正文。\n", "utf-8")
    (err,) = docs([path])
    assert str(err) == (
        f"{path}:1: no 'text' column: the file seems separated by {named}, not commas "
        "(save it as comma-separated CSV)"
    )


def test_a_json_line_with_a_raw_control_character_says_at_once(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'{"id": "a", "text": "\xe6\xad\xa3\x07\xe6\x96\x87"}\n')
    (err,) = docs([path])
    assert (
        str(err)
        == f"{path}:1: malformed JSON (Invalid control character at column 23); fix or remove the line"
    )


def test_the_binary_file_hint_lists_every_format_the_readers_read(tmp_path):
    from pipeline.read.binary import document_format
    from pipeline.read.document import FORMATS
    from pipeline.read.readers import HTML_SUFFIXES, RECORD_SUFFIXES, TEXT_SUFFIXES

    read = TEXT_SUFFIXES | HTML_SUFFIXES | RECORD_SUFFIXES | {s for s in FORMATS if document_format(s, b"")}
    assert set(FORMATS) <= read and {".ofd", ".parquet"} <= set(FORMATS)
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    (err,) = docs([path])
    assert str(err) == (
        f"{path}: binary file, not text (pass .txt, .md, .html, .jsonl, .csv, .parquet, .docx, .pdf or .ofd files)"
    )


def test_csv_without_text_column(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("id,body\n1,正文\n", "utf-8")
    (err,) = docs([path])
    assert isinstance(err, InputError) and "no 'text' column (columns: id, body" in str(err)


def test_directory_is_recursive_sorted_and_isolates_bad_files(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("乙文。", "utf-8")
    (tmp_path / "a.txt").write_text("甲文。", "utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "photo.bin").write_bytes(bytes(range(256)) * 4)
    (tmp_path / ".hidden.txt").write_text("隐藏。", "utf-8")
    items = docs([tmp_path])
    names = [Path(i.source).name for i in items]
    assert names == ["a.txt", "z.txt", "empty.txt", "photo.bin"]
    assert [isinstance(i, InputError) for i in items] == [False, False, True, True]


def test_missing_path_is_an_error_not_an_exception(tmp_path):
    (err,) = docs([tmp_path / "nope.txt"])
    assert isinstance(err, InputError) and "no such file" in str(err)


def test_stdin_text_and_jsonl():
    (doc,) = read_stdin(stream=io.BytesIO("标题\n正文。".encode("gb18030")))
    assert doc.id.startswith("stdin:") and doc.blocks[1].text == "正文。"
    items = list(read_stdin(stream=io.BytesIO(b'{"id": "q", "text": "\xe6\xad\xa3\xe6\x96\x87"}\n')))
    assert items[0].id == "q"


def test_ids_are_stable(fixtures):
    first = [d.id for d in read_file(fixtures / "release_brackets.txt")]
    second = [d.id for d in read_file(fixtures / "release_brackets.txt")]
    assert first == second == [str(fixtures / "release_brackets.txt")]


def test_an_empty_folder_says_what_to_put_in_it(tmp_path):
    """It said "directory has no files" and no fix; the splits of a worker run say the same."""
    from pipeline.read.splits import Split, read_split

    folder = tmp_path / "emptydir"
    folder.mkdir()
    for item in (docs([folder])[0], next(read_split(Split(empty=str(folder))))):
        assert isinstance(item, InputError) and item.doc_id == str(folder)
        assert str(item) == (
            f"{folder}: folder has no files (put the .txt, .md, .html, .jsonl, .csv, .parquet, .docx, "
            ".pdf or .ofd files to summarize in it or its subfolders)"
        )


def test_a_json_line_that_is_no_object_says_what_it_is_and_what_a_line_holds(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text('[1, 2]\n"abc"\n{"id": "a", "text": "南湾区召开民生实事推进会。"}\n', "utf-8")
    items = docs([path])
    assert [str(i) for i in items[:2]] == [
        f'{path}:{n}: line is a JSON {kind}, not an object: each line holds one record, {{"id": …, "text": "…"}}'
        for n, kind in ((1, "array"), (2, "string"))
    ]
    assert isinstance(items[2], Document)
