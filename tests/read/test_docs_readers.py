"""Word (.docx) and PDF readers: blocks, cues, furniture, errors, and the nothing-lost property.

Test documents are made here with python-docx and reportlab (tests/helpers/makedocs.py) and the
readers' blocks are compared with what was written into them; the real development documents in
../shared/data/docs are read where they exist.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.errors import InputError
from pipeline.read.binary import read_document
from pipeline.read.docx import docx_to_document
from pipeline.read.readers import iter_documents, read_file, read_stdin
from pipeline.segment import segment
from tests.conftest import SHARED
from tests.helpers import makedocs as mk

SHARED_DOCS = SHARED / "data" / "docs"
FURNITURE = {"header", "footer", "page-number", "footnote", "footnote-marker"}
HAN_SPACE_HAN = re.compile(r"[\u4e00-\u9fff]\s+[\u4e00-\u9fff]")


def chars(texts) -> Counter[str]:
    return Counter(ch for t in texts for ch in t if not ch.isspace())


def nows(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_doc(data: bytes, name: str = "r.pdf"):
    from pipeline.read.pdf import pdf_to_document

    return pdf_to_document(data, name, name)


@pytest.fixture(scope="module")
def report():
    pytest.importorskip("reportlab")
    return mk.make_report_pdf()


# --------------------------------------------------------------------------------------- PDF


@pytest.mark.parametrize(
    "label", ["- {n} -", "— {n} —", "—{n}—", "第 {n} 页 共 {total} 页", "{n}", "{n}/{total}"]
)
def test_pdf_blocks_are_what_was_drawn(label):
    pytest.importorskip("reportlab")
    made = mk.make_report_pdf(label)
    doc = pdf_doc(made.data)
    got = [(nows(b.text) if b.kind else b.text, b.kind, b.table) for b in doc.blocks]
    want = [(nows(t) if k else t, k, table) for t, k, table in made.blocks]
    assert got == want


def test_pdf_nothing_lost_and_nothing_doubled(report):
    doc = pdf_doc(report.data)
    assert chars(b.text for b in doc.blocks) == chars(report.drawn)
    pdfplumber = pytest.importorskip("pdfplumber")
    with pdfplumber.open(io.BytesIO(report.data)) as pdf:
        independent = [page.extract_text() or "" for page in pdf.pages]
    assert chars(b.text for b in doc.blocks) == chars(independent)


def test_pdf_wrapped_and_spaced_lines_have_no_space_between_chinese(report):
    doc = pdf_doc(report.data)
    body = [b.text for b in doc.blocks if not b.table]
    assert mk.PARA_2 in body  # justified, wrapped on every line and across the page break
    assert mk.SPACED in body  # drawn as "白 石 市 …"
    assert not [t for t in body if HAN_SPACE_HAN.search(t)]


def test_pdf_cues(report):
    doc = pdf_doc(report.data)
    by_text = {b.text: b for b in doc.blocks}
    title = by_text["".join(mk.TITLE_LINES)]
    assert (title.align, title.size, title.bold, title.page) == ("center", 22.0, False, 1)
    head = by_text["一、总体情况"]
    assert (head.bold, head.bold_prefix, head.size, head.align) == (True, 6, 16.0, None)
    para = by_text[mk.PARA_2]
    assert (para.bold, para.bold_prefix, para.font, para.font_prefix, para.page) == (
        False,
        0,
        mk.FONT,
        len(mk.PARA_2),
        1,
    )
    rows = [b for b in doc.blocks if b.table]
    assert [b.text for b in rows] == [" ".join(r) for r in mk.TABLE] and {b.size for b in rows} == {10.5}
    assert doc.meta == {"format": "pdf", "pages": 3, "body_size": 16.0, "body_font": mk.FONT}


def test_scanned_pdf_is_a_one_line_error(tmp_path):
    pytest.importorskip("reportlab")
    path = mk.save(tmp_path / "scan.pdf", mk.make_scan_pdf())
    (err,) = list(read_file(path))
    assert isinstance(err, InputError)
    assert str(err) == f"{path}: no text layer: run OCR first (e.g. ocrmypdf) and pass the result"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: mk.make_encrypted_pdf(), "password-protected PDF"),
        (lambda: mk.make_report_pdf().data[:300], "damaged PDF"),
        (lambda: "这不是PDF文件。".encode(), "not a PDF file"),
        (lambda: b"", "empty file"),
    ],
)
def test_bad_pdfs_are_one_line_errors(tmp_path, make, message):
    pytest.importorskip("reportlab")
    path = mk.save(tmp_path / "bad.pdf", make())
    (err,) = list(read_file(path))
    assert isinstance(err, InputError) and message in str(err) and "\n" not in str(err)


def test_a_damaged_pdf_says_pdfiums_words_without_their_full_stop(tmp_path):
    pytest.importorskip("reportlab")
    path = mk.save(tmp_path / "bad.pdf", mk.make_report_pdf().data[:300])
    (err,) = list(read_file(path))
    assert str(err).startswith(f"{path}: damaged PDF (") and str(err).endswith(
        "; repair it, e.g. qpdf in.pdf out.pdf)"
    )
    assert ".;" not in str(err)


def test_pdf_without_suffix_and_on_stdin_is_read_as_pdf(tmp_path, report):
    path = mk.save(tmp_path / "report", report.data)
    (doc,) = list(read_file(path))
    assert doc.meta["format"] == "pdf" and "encoding" not in doc.meta
    (doc,) = list(read_stdin(stream=io.BytesIO(report.data)))
    assert doc.id.startswith("stdin:") and doc.meta["format"] == "pdf"


# --------------------------------------------------------------------------------------- Word


def test_docx_heading_styles_give_levels():
    made = mk.make_styled_docx()
    doc = docx_to_document(made.data, "s.docx", "s")
    s = mk.STYLED
    assert doc.title == s["title"]
    assert [(b.text, b.heading, b.kind) for b in doc.blocks] == [
        (s["title"], None, None),
        (s["h1"], 1, None),
        (s["body1"], None, None),
        (s["h2"], 2, None),
        (s["body2"], None, None),
        (s["h3"], 3, None),  # a style named 标题 3
        (s["outline"], 1, None),  # outline level 0 on the paragraph
        (s["list"], None, None),
        (s["caption"], None, "caption"),
    ]
    assert [b.list_level for b in doc.blocks if b.text == s["list"]] == [1]
    assert chars(b.text for b in doc.blocks) == chars(made.written)


def test_gongwen_docx_fonts_bold_alignment_and_table():
    made = mk.make_gongwen_docx()
    doc = docx_to_document(made.data, "g.docx", "g")
    g = mk.GONGWEN

    def cues(key: str):
        whole = g[key] + g.get(key.replace("_head", "_rest"), "") if key.endswith("_head") else g[key]
        (b,) = [b for b in doc.blocks if b.text == whole]
        return b.font, b.font_prefix, b.bold, b.bold_prefix, b.size, b.align, b.heading

    assert cues("title") == ("方正小标宋简体", len(g["title"]), False, 0, 22.0, "center", None)
    assert cues("h1") == ("黑体", len(g["h1"]), False, 0, 16.0, None, None)
    assert cues("h2_head") == ("楷体_GB2312", len(g["h2_head"]), False, 0, 16.0, None, None)
    both = g["bold_head"] + g["bold_rest"]
    assert cues("bold_head") == ("仿宋_GB2312", len(both), False, len(g["bold_head"]), 16.0, None, None)
    assert cues("styled_h1")[:2] == ("黑体", len(g["styled_h1"]))  # from the paragraph style
    assert cues("body")[0] == "宋体"  # document defaults -> theme minor East Asian font
    assert cues("signature")[5] == "right" and cues("date")[5] == "right"
    rows = [b for b in doc.blocks if b.table]
    assert [b.text for b in rows] == [" ".join(r) for r in mk.GONGWEN_TABLE]
    assert doc.meta["body_font"] == "仿宋_GB2312" and doc.meta["body_size"] == 16.0
    assert chars(b.text for b in doc.blocks) == chars(made.written)
    # the table sits between the body paragraph and the signature, where the document has it
    texts = [b.text for b in doc.blocks]
    assert texts.index(g["body"]) < texts.index(" ".join(mk.GONGWEN_TABLE[0])) < texts.index(g["signature"])


def test_docx_furniture_kinds_and_nothing_lost_or_doubled():
    made = mk.make_furniture_docx()
    doc = docx_to_document(made.data, "f.docx", "f")
    f = mk.FURNITURE
    assert [(b.text, b.kind) for b in doc.blocks] == [
        (f["header"], "header"),
        (f["body"] + f["inserted"] + f["note_ref_after"], None),
        (f["line1"], None),  # a manual line break starts a new block
        (f["line2"], None),
        (f["link"], None),
        (f["box"], None),  # text box: read once although the file holds it twice
        (f["footnote"], "footnote"),
        (f["footer_text"], "footer"),
        (f["page"], "page-number"),  # PAGE field inside a footer text box
    ]
    assert chars(b.text for b in doc.blocks) == chars(made.written)
    assert mk.DELETED not in "".join(b.text for b in doc.blocks)


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _empty_docx() -> bytes:
    import docx

    buf = io.BytesIO()
    docx.Document().save(buf)
    return buf.getvalue()


def _broken_xml_docx() -> bytes:
    src = zipfile.ZipFile(io.BytesIO(mk.make_styled_docx().data))
    files = {n: src.read(n) for n in src.namelist()}
    files["word/document.xml"] = files["word/document.xml"][:500]
    return _zip(files)


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("a.docx", lambda: "纯文本，不是Word文件。".encode(), "not a Word .docx file or damaged"),
        ("b.docx", lambda: OLE + "EncryptedPackage".encode("utf-16-le"), "password-protected Word file"),
        ("c.docx", lambda: OLE, "old binary Word file, not .docx"),
        ("d.docx", lambda: _zip({"hello.txt": b"hi"}), "no word/document.xml"),
        ("e.docx", _broken_xml_docx, "damaged .docx"),
        ("f.docx", _empty_docx, "empty document"),
        ("g.doc", lambda: OLE, "old binary Word file (.doc) is not read: save it as .docx"),
        ("h.wps", lambda: OLE, "WPS Writer file (.wps) is not read: save it as .docx"),
        ("i.ofd", lambda: _zip({"OFD.xml": b"<ofd/>"}), "not an OFD package (no OFD.xml naming a document)"),
        ("j.doc", lambda: b"{\\rtf1\\ansi hello}", "RTF file, not a Word document"),
    ],
)
def test_bad_and_refused_word_files_are_one_line_errors(tmp_path, name, make, message):
    path = mk.save(tmp_path / name, make())
    (err,) = list(read_file(path))
    assert isinstance(err, InputError) and message in str(err) and "\n" not in str(err)


def test_a_doc_that_is_really_a_docx_is_read(tmp_path):
    path = mk.save(tmp_path / "old-name.doc", mk.make_styled_docx().data)
    (doc,) = list(read_file(path))
    assert doc.meta["format"] == "docx" and doc.title == mk.STYLED["title"]


# --------------------------------------------------------------------------------------- one family


def test_folders_mix_word_pdf_and_text(tmp_path, report, capsys):
    (tmp_path / "a.txt").write_text("标题\n正文第一段。\n", "utf-8")
    mk.save(tmp_path / "b.docx", mk.make_gongwen_docx().data)
    mk.save(tmp_path / "c.pdf", report.data)
    mk.save(tmp_path / "d.ofd", _zip({"OFD.xml": b"<ofd/>"}))
    items = list(iter_documents([str(tmp_path)]))
    assert [type(i).__name__ for i in items] == ["Document", "Document", "Document", "InputError"]
    assert [i.id for i in items[:3]] == [str(tmp_path / n) for n in ("a.txt", "b.docx", "c.pdf")]
    for doc in items[:3]:
        seg = segment(doc)  # the segmenter as it is accounts for every block
        assert {p.line for p in seg.pieces} == {b.line for b in doc.blocks}
    assert main(["segment", str(tmp_path), "--format", "jsonl"]) == 1  # d.ofd was refused
    captured = capsys.readouterr()
    assert "d.ofd: not an OFD package" in captured.err
    out = [json.loads(line) for line in captured.out.splitlines()]
    assert [Path(o["source"]).name for o in out] == ["a.txt", "b.docx", "c.pdf"]
    pdf = out[2]
    assert {r["kind"] for r in pdf["removed"]} >= {"page-number", "header", "footnote"}


def test_read_document_dispatches_on_content_not_suffix(report):
    assert read_document(report.data, "x.docx", "x", ".docx").meta["format"] == "pdf"


# --------------------------------------------------------------------------------------- real documents

real = pytest.mark.skipif(not SHARED_DOCS.is_dir(), reason="../shared/data/docs is absent")


@real
@pytest.mark.parametrize(
    "name", sorted(p.name for p in SHARED_DOCS.glob("*.*") if p.suffix in (".docx", ".pdf"))
)
def test_real_documents_read_and_lose_nothing(name):
    path = SHARED_DOCS / name
    (doc,) = list(read_file(path))
    assert not isinstance(doc, InputError), doc
    assert sum(b.kind is None for b in doc.blocks) > 20
    from eval.segment_score import visible_text

    if path.suffix == ".pdf":
        pytest.importorskip("pdfplumber")
    independent = chars([visible_text(path) or ""])
    assert not independent - chars(b.text for b in doc.blocks)  # every character found
    if path.suffix == ".pdf":
        assert chars(b.text for b in doc.blocks) == independent  # and none twice


@real
def test_real_pdf_page_numbers_set_aside_and_no_split_chinese():
    (doc,) = list(read_file(SHARED_DOCS / "govinfo_huaian_2024.pdf"))
    assert [nows(b.text) for b in doc.blocks if b.kind] == [f"-{n}-" for n in range(1, 7)]
    assert {b.kind for b in doc.blocks if b.kind} == {"page-number"}
    assert not [b.text for b in doc.blocks if not b.table and HAN_SPACE_HAN.search(b.text)]
    heads = [b for b in doc.blocks if b.font == "黑体"]
    assert [b.text[:2] for b in heads] == ["一、", "二、", "三、", "四、", "五、", "六、"]
    rows = [b.text for b in doc.blocks if b.table]
    assert "一、本年新收政府信息公开申请数量 3001 53 0 0 61 4 3119" in rows


@real
def test_real_docx_bold_run_in_heads_and_footer_page_numbers():
    (henan,) = list(read_file(SHARED_DOCS / "wr_henan_2025.docx"))
    run_in = [b for b in henan.blocks if b.text.startswith("（一）经济运行持续向好。")]
    assert [(b.bold, b.bold_prefix) for b in run_in] == [(False, len("（一）经济运行持续向好"))]
    for name in ("wr_beijing_2025.docx", "wr_guangdong_2025.docx", "wr_shanghai_2025.docx"):
        (doc,) = list(read_file(SHARED_DOCS / name))
        assert [(b.text, b.kind) for b in doc.blocks if b.kind] == [("1", "page-number")]
        assert (doc.blocks[0].align, doc.blocks[0].bold) == ("center", True)


@real
@pytest.mark.slow
def test_a_20_page_pdf_sets_aside_every_page_number():
    """20 pages of the real report (its pages repeated: fonts embedded as in published PDFs). How
    fast it reads is measured by the benchmark (python -m eval.read_speed), not by a timed test."""
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(str(SHARED_DOCS / "govinfo_huaian_2024.pdf"))
    pdf = pdfium.PdfDocument.new()
    while len(pdf) < 20:
        pdf.import_pages(src, list(range(min(len(src), 20 - len(pdf)))))
    buf = io.BytesIO()
    pdf.save(buf)
    doc = pdf_doc(buf.getvalue())
    assert doc.meta["pages"] == 20 and sum(b.kind == "page-number" for b in doc.blocks) == 20


@pytest.mark.parametrize(
    ("make", "want"),
    [
        (lambda: mk.make_rotated_pdf(), mk.ROTATED),
        (lambda: mk.make_block_style_pdf(), mk.BLOCK_STYLE),
        (lambda: mk.make_overprinted_pdf(), list(mk.OVERPRINTED)),
    ],
    ids=["landscape-rotated", "paragraphs-by-space", "bold-by-overprinting"],
)
def test_pdf_layouts(make, want):
    pytest.importorskip("reportlab")
    doc = pdf_doc(make())
    assert [b.text for b in doc.blocks] == want  # overprinted text once, not twice


def test_a_one_cell_table_is_a_frame_read_as_paragraphs(tmp_path):
    import docx

    from pipeline.read.readers import read_file

    document = docx.Document()
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    cell.paragraphs[0].add_run("一、总体要求").bold = True
    cell.add_paragraph("全面贯彻落实上级部署，扎实推进各项工作。")
    path = tmp_path / "framed.docx"
    document.save(str(path))
    (doc,) = read_file(path)
    assert [(b.text, b.table) for b in doc.blocks] == [
        ("一、总体要求", False),
        ("全面贯彻落实上级部署，扎实推进各项工作。", False),
    ]
    assert doc.blocks[0].bold


def test_a_docx_with_a_relationship_to_a_missing_part_is_read(tmp_path):
    """Word and WPS open a package whose image relationship points to ``NULL``; python-docx does not."""
    import io
    import zipfile

    made = mk.make_styled_docx()
    source, out = zipfile.ZipFile(io.BytesIO(made.data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name in source.namelist():
            blob = source.read(name)
            if name == "word/_rels/document.xml.rels":
                blob = blob.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    b'relationships/image" Target="NULL"/></Relationships>',
                )
            z.writestr(name, blob)
    (doc,) = list(read_file(mk.save(tmp_path / "null.docx", out.getvalue())))
    (original,) = list(read_file(mk.save(tmp_path / "ok.docx", made.data)))
    assert not isinstance(doc, InputError) and [b.text for b in doc.blocks] == [
        b.text for b in original.blocks
    ]
