"""A TrueType font made here for the test PDFs, so that they embed their font and read the same on
every machine (a fresh machine has no CJK font; PDFium then has no glyph boxes for a non-embedded
CJK font, and text drawn up a rotated page is not read at all).

Every CJK ideograph, CJK and full-width punctuation, Latin-1 and general punctuation character is a
full-width square (1000 units to the em), printable ASCII is half width (500), as in a Song face.
The glyphs are plain boxes: the tests read text, they never look at shapes. Built with fontTools
(a dependency of matplotlib), deterministic, once per process.
"""

from __future__ import annotations

import functools
import io

NAME = "ZhsumTestSong"
UPM = 1000
ASCENT, DESCENT = 880, -120

FULL_RANGES = (
    (0x00A0, 0x00FF),
    (0x2000, 0x206F),  # general punctuation: — “ ” … ‰
    (0x2100, 0x218F),  # letterlike symbols, Roman numerals
    (0x2190, 0x21FF),
    (0x2460, 0x24FF),  # circled numbers ①
    (0x25A0, 0x25FF),  # geometric shapes ■ ○
    (0x3000, 0x303F),  # CJK punctuation 、。《》【】
    (0x3200, 0x32FF),  # enclosed CJK ㈠
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xFF01, 0xFF5E),  # full-width forms （），：；
    (0xFF5F, 0xFFEF),
)


def _box(width: int):
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    pen = TTGlyphPen(None)
    inset = width // 10
    pen.moveTo((inset, -60))
    pen.lineTo((inset, 800))
    pen.lineTo((width - inset, 800))
    pen.lineTo((width - inset, -60))
    pen.closePath()
    return pen.glyph()


@functools.lru_cache(maxsize=1)
def font_bytes() -> bytes:
    """The font file (TrueType, glyf outlines)."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    order = [".notdef", "space", "half", "full"]
    cmap: dict[int, str] = {0x20: "space", 0x3000: "full"}
    for code in range(0x21, 0x7F):
        cmap[code] = "half"
    for lo, hi in FULL_RANGES:
        for code in range(lo, hi + 1):
            cmap.setdefault(code, "full")
    fb = FontBuilder(UPM, isTTF=True)
    fb.setupGlyphOrder(order)
    fb.setupCharacterMap(cmap)
    fb.setupGlyf(
        {".notdef": _box(500), "space": TTGlyphPen(None).glyph(), "half": _box(500), "full": _box(1000)}
    )
    fb.setupHorizontalMetrics(
        {".notdef": (500, 50), "space": (500, 0), "half": (500, 50), "full": (1000, 100)}
    )
    fb.setupHorizontalHeader(ascent=ASCENT, descent=DESCENT)
    fb.setupNameTable({"familyName": NAME, "styleName": "Regular"})
    fb.setupOS2(sTypoAscender=ASCENT, sTypoDescender=DESCENT, usWinAscent=ASCENT, usWinDescent=-DESCENT)
    fb.setupPost()
    buf = io.BytesIO()
    fb.save(buf)
    return buf.getvalue()


def register() -> str:
    """Register the font with reportlab (embedded, subset, in every PDF that uses it); returns its name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if NAME not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(NAME, io.BytesIO(font_bytes())))
    return NAME
