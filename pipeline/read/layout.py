"""Typographic helpers shared by the Word and PDF readers.

:func:`font_family` says which of the GB/T 9704 typefaces a Word or PDF font is,
:data:`PAGE_NUMBER` matches page numbers as printed, :func:`prefix_length` measures a styled run
at the start of a line and :func:`is_cjk` tells Chinese script (written without spaces).

On fonts:
Official documents (党政机关公文格式, GB/T 9704-2012 §7) set the title in 小标宋, the first-level
heads (``一、``) in 黑体, the second-level heads (``（一）``) in 楷体 and the body in 仿宋; press
releases follow the same house style. Fonts arrive under many names (``仿宋_GB2312``,
``FangSong``, ``FZFSK--GBK1-0`` for 方正仿宋_GBK, ``STKaiti``…): :func:`font_family` maps them to
the five roles so that a segmenter can compare a line's face with the body's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Page numbers as printed in headers and footers: GB/T 9704-2012 §7.5 "— 1 —" (an em dash each
# side), the common "- 1 -" and "—1—", "第 1 页 共 3 页", "1/3", "Page 1 of 3", a bare "1".
PAGE_NUMBER = re.compile(
    r"^(?:[-—–－―~～]+\s*\d{1,4}\s*[-—–－―~～]+|第\s*\d{1,4}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页|\d{1,4}(?:\s*[/／]\s*\d{1,4})?"
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$",
    re.I,
)

# Han, CJK punctuation and symbols, kana, full-width forms, and the punctuation Chinese text
# shares with other scripts (— ‘’ “” … ·).
_CJK = re.compile(
    r"[\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ef\u3400-\u4dbf\u4e00-\u9fff"
    r"\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff\u2014\u2015\u2018\u2019\u201c\u201d"
    r"\u2026\u00b7\u2027]"
)


def is_cjk(ch: str) -> bool:
    """Whether a character belongs to Chinese writing, which puts no spaces between words."""
    return bool(_CJK.match(ch))


def prefix_length(text: str, flags: Sequence[bool]) -> int:
    """Characters at the start of ``text`` whose flag is set (one flag per character), spaces
    inside the run included but not at its end; 0 when the first character's flag is not set."""
    n = 0
    for ch, flag in zip(text, flags, strict=True):
        if not flag and not ch.isspace():
            break
        n += 1
    while n and text[n - 1].isspace():
        n -= 1
    return n


# Most specific first: 方正小标宋 is a 宋 face, 华文中宋 is not 小标宋.
_FAMILIES = [
    ("小标宋", re.compile(r"小标宋|FZXBS|XiaoBiaoSong|XBS", re.I)),
    ("黑体", re.compile(r"黑|Hei|FZHT|FZDH|SimHei|Noto ?Sans ?CJK|Source ?Han ?Sans|Heiti", re.I)),
    ("楷体", re.compile(r"楷|Kai|FZKT", re.I)),
    ("仿宋", re.compile(r"仿宋|Fang ?Song|FZFS", re.I)),
    ("宋体", re.compile(r"宋|Song|SimSun|FZSS|FZBS|Ming|Noto ?Serif ?CJK|Source ?Han ?Serif", re.I)),
]
_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")


def clean_font_name(name: str | None) -> str | None:
    """A PDF font name without its subset tag (``ABCDEF+黑体`` → ``黑体``); ``None`` for nothing."""
    if not name:
        return None
    return _SUBSET_TAG.sub("", name.strip()) or None


def font_family(name: str | None) -> str | None:
    """``小标宋``, ``黑体``, ``楷体``, ``仿宋`` or ``宋体`` for a font name, else ``None``."""
    if not name:
        return None
    for family, pattern in _FAMILIES:
        if pattern.search(name):
            return family
    return None
