"""The OFD reader (pipeline/read/ofd.py) on packages built here, and on the shared real OFD files."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import InputError
from pipeline.read.ofd import deltas, ofd_to_document
from pipeline.read.readers import iter_documents
from pipeline.segment import segment
from tests.conftest import SHARED
from tests.helpers.makeofd import _path, _text, _wrapped, make_ofd, ruled_table

DOCS_2 = SHARED / "data" / "docs_2"
TITLE = "关于做好冬季安全生产工作的通知"
HEAD = "一、总体情况"
PARA = "入冬以来，全市气温持续走低，雨雪冰冻天气增多，安全生产形势严峻复杂。各地各部门要压实责任，确保各项措施落到实处。"


def test_deltas_expand_repeats():
    assert deltas("g 3 4.2 1 g 2 0.5") == [4.2, 4.2, 4.2, 1.0, 0.5, 0.5]
    assert deltas(None) == [] and deltas("") == []


def test_a_built_ofd_reads_like_its_pdf_would():
    first, rest = PARA[:56], PARA[56:]
    data = make_ofd(
        [
            [
                _text(1, 105 - 7.76 * len(TITLE) / 2, 40.0, TITLE, 7.76),
                _text(2, 26.0, 60.0, HEAD, 5.6, font=2),
                *_wrapped(first, 72.0),
                _text(3, 100.0, 280.0, "- 1 -", 5.0),
            ],
            [*_wrapped(rest, 40.0), _text(4, 100.0, 280.0, "- 2 -", 5.0)],
        ]
    )
    doc = ofd_to_document(data, "a.ofd", "a")
    texts = [b.text for b in doc.blocks]
    assert doc.meta["format"] == "ofd" and doc.meta["pages"] == 2
    assert TITLE in texts and HEAD in texts
    assert PARA in texts, "wrapped lines joined into one paragraph, across the page break"
    head = next(b for b in doc.blocks if b.text == HEAD)
    assert head.bold and head.font == "黑体"
    title = next(b for b in doc.blocks if b.text == TITLE)
    assert title.align == "center" and title.size == pytest.approx(22.0, abs=0.1)
    numbers = [b for b in doc.blocks if b.text in ("- 1 -", "- 2 -")]
    assert len(numbers) == 2 and all(b.kind for b in numbers), "page numbers set aside, kept"
    seg = segment(doc)
    assert seg.title == TITLE and seg.sections[0].headline == HEAD and seg.sections[0].text == PARA


@pytest.mark.parametrize(
    "data, expect",
    [
        (b"not a zip at all", "not an OFD package (not a ZIP file)"),
        (None, "no text in this OFD"),
        (b"", "empty file (nothing to read"),  # as .docx and PDF say it
    ],
    ids=["not-zip", "no-text", "empty"],
)
def test_unreadable_ofd_is_one_line(data, expect):
    data = data if data is not None else make_ofd([[]])
    with pytest.raises(InputError, match=expect.replace("(", r"\(").replace(")", r"\)")):
        ofd_to_document(data, "x.ofd", "x")


def test_an_ofd_without_its_suffix_is_still_read(tmp_path):
    path = tmp_path / "download"
    path.write_bytes(make_ofd([[_text(1, 26.0, 40.0, PARA[:20], 5.6)]]))
    (doc,) = list(iter_documents([str(path)]))
    assert not isinstance(doc, InputError) and doc.meta["format"] == "ofd"


@pytest.mark.skipif(not DOCS_2.is_dir(), reason="../shared/data/docs_2 is not beside the checkout")
def test_the_shared_ofd_files_read():
    docs = {Path(d.source).name: d for d in iter_documents(sorted(str(p) for p in DOCS_2.glob("*.ofd")))}
    assert len(docs) == 5 and not [n for n, d in docs.items() if isinstance(d, InputError)]
    letter = segment(docs["letter_bengbu_culvert.ofd"])
    assert letter.title == "关于加快南货场铁路涵洞下穿建设的函"
    assert "2023年第7次会议要求" in letter.sections[0].text
    assert {"text": "此函。", "kind": "closing"} in [
        {"text": r["text"], "kind": r["kind"]} for r in letter.removed
    ]
    tender = "\n".join(b.text for b in docs["tender_supervision_outline.ofd"].blocks)
    items = ["一、监理工程概况；", "五、监理工作程序、方法和制度；", "十、对本工程监理的合理化建议。"]
    assert all(item in tender for item in items) and tender.index(items[0]) < tender.index(items[2])


def test_an_omitted_x_is_the_previous_text_codes():
    size = 5.6
    obj = (
        f'<ofd:TextObject ID="1" Boundary="26 40 160 30" Font="1" Size="{size}">'
        f'<ofd:TextCode X="0" Y="{size}" DeltaX="g 9 {size}">第一行文字第一行文字</ofd:TextCode>'
        f'<ofd:TextCode Y="{size + 10}" DeltaX="g 9 {size}">第二行文字第二行文字</ofd:TextCode>'
        "</ofd:TextObject>"
    )
    doc = ofd_to_document(make_ofd([[obj]]), "x.ofd", "x")
    lines = [b for b in doc.blocks if b.text.startswith(("第一行", "第二行"))]
    assert "".join(b.text for b in lines) == "第一行文字第一行文字第二行文字第二行文字", (
        "both lines start at X=0"
    )


def test_a_damaged_part_is_one_line(tmp_path):
    data = bytearray(make_ofd([[_text(1, 26.0, 40.0, PARA[:20], 5.6)]]))
    at = data.find(b"Doc_0/Pages/Page_0/Content.xml") + 40  # inside the page's compressed data
    data[at] ^= 0xFF
    with pytest.raises(InputError, match=r"damaged|not valid XML|not an OFD"):
        ofd_to_document(bytes(data), "x.ofd", "x")


def test_a_ruled_table_is_read_as_a_table_its_cells_kept():
    """An OFD table's rules are path objects (thin filled rectangles): the reader finds the table
    and keeps its rows and cells, as for a PDF, instead of reading its cells as lines of text."""
    rows = [
        ["名称", "类型", "说明"],
        ["CodeCount", "xs:int", "字符的数量"],
        ["Glyphs", "ST_Array", "字型索引列表"],
    ]
    data = make_ofd(
        [[_text(1, 26.0, 40.0, HEAD, 5.6, font=2), *ruled_table(10, 60.0, 26.0, [45.0, 40.0, 60.0], rows)]]
    )
    doc = ofd_to_document(data, "t.ofd", "t")
    cells = [b.cells for b in doc.blocks if b.table]
    assert [tuple(c) for c in cells] == [tuple(r) for r in rows]
    assert len({b.table for b in doc.blocks if b.table}) == 1


def test_a_shape_drawn_as_a_path_and_a_frame_around_text_are_no_tables():
    """A glyph or seal drawn as a path (many short straight steps) gives no rules; a ruled box
    around a paragraph (a form's stub) has no row of two cells: its text is prose."""
    steps = " ".join(f"L {30 + (k % 2) * 2} {60 + k * 1.5}" for k in range(40))
    seal = _path(5, f"M 30 60 {steps} C")
    frame = ruled_table(20, 120.0, 26.0, [150.0], [[PARA[:30]]])
    data = make_ofd([[_text(1, 26.0, 40.0, HEAD, 5.6, font=2), seal, *frame]])
    doc = ofd_to_document(data, "t.ofd", "t")
    assert not any(b.table for b in doc.blocks)
    assert PARA[:30] in [b.text for b in doc.blocks]


def test_a_table_drawn_as_one_path_of_thin_rectangles_with_a_tick_is_found():
    """Some exporters draw a whole grid as one path of thin filled rectangles (half its segments
    are the rectangles' short ends) and add short pieces at the joints: it is still ruling, not a
    glyph's outline (hostile sweep)."""
    rows = [["名称", "类型"], ["CodeCount", "xs:int"], ["Glyphs", "ST_Array"]]
    top, left, widths = 60.0, 26.0, [45.0, 45.0]
    right, bottom, w = left + sum(widths), top + 10.0 * len(rows), 0.3
    rects = [(left, top + 10.0 * k, right, top + 10.0 * k + w) for k in range(len(rows) + 1)]
    rects += [(x, top, x + w, bottom) for x in (left, left + widths[0], right)]
    data = " ".join(f"M {x0} {y0} L {x1} {y0} L {x1} {y1} L {x0} {y1} C" for x0, y0, x1, y1 in rects)
    data += f" M {left} {top} L {left + 0.2} {top} L {left + 0.2} {top + 0.2} C"  # a joint's tick
    cells = [
        _text(20 + 2 * r + c, left + 1.5 + sum(widths[:c]), top + 10.0 * r + 7.0, cell, 4.2)
        for r, row in enumerate(rows)
        for c, cell in enumerate(row)
    ]
    doc = ofd_to_document(
        make_ofd([[_text(1, 26.0, 40.0, HEAD, 5.6, font=2), _path(5, data), *cells]]), "t.ofd", "t"
    )
    assert [tuple(b.cells) for b in doc.blocks if b.table] == [tuple(r) for r in rows]
