"""A text layer of mis-mapped glyphs is told from Chinese text, Simplified or Traditional."""

from __future__ import annotations

import pytest

from pipeline.errors import InputError
from pipeline.read.decode import decode_bytes, garbled_han
from pipeline.read.pdf import pdf_to_document
from tests.helpers.makedocs import GARBLED, make_garbled_pdf

SIMPLIFIED = "今年以来，全区坚持稳中求进工作总基调，经济运行总体平稳、稳中有进，民生保障持续改善。" * 3
TRADITIONAL = "來到現場已是落葉飄飄堆疊，不忍踩過剛剛掉落的樹葉，雖然只是一廂情願的想法。" * 4


@pytest.mark.parametrize(
    ("text", "garbled"), [(GARBLED, True), (SIMPLIFIED, False), (TRADITIONAL, False), ("犐犆犛", False)]
)
def test_garbled_han(text, garbled):
    assert garbled_han(text) is garbled  # the last: too few characters to say


def test_a_pdf_whose_text_layer_is_garbled_is_refused_saying_to_ocr_it():
    with pytest.raises(InputError, match=r"text layer is garbled.*run OCR first"):
        pdf_to_document(make_garbled_pdf(), "g.pdf", "g.pdf")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", ["一丠両丢丯临丵丶", "abc def\n", "新闻 news 2024，第1段。"])
def test_bomless_utf16_is_read_in_the_byte_order_that_gives_text(text, encoding):
    """Both byte orders can decode to plausible characters: big-endian 一丠両… read little-endian is
    ``N⁎ⅎ…`` (found by the property test); the reading with more ideographs and ASCII text wins."""
    from pipeline.read.decode import sniff_encoding

    assert decode_bytes(text.encode(encoding), "x") == (text, encoding)
    assert sniff_encoding(text.encode(encoding), "x") == encoding
