"""Decode text bytes in any encoding Chinese text arrives in."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from pipeline.errors import InputError
from pipeline.read.document import formats_hint


def decode_bytes(data: bytes, source: str) -> tuple[str, str]:
    """Decode text bytes, returning ``(text, encoding)``.

    Tries, in order: a BOM (UTF-8, UTF-16), UTF-8 (a few control characters allowed), UTF-16
    without BOM (recognised by its NUL pattern), GB18030 (a superset of GBK and GB2312), then
    charset-normalizer's best guess.
    Raises :class:`InputError` for empty, binary or undecodable input.
    """
    if not data.strip():
        raise InputError(source, "empty file (nothing to read; remove it or add text)")
    for bom, enc in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                decoded = data.decode(enc)
            except UnicodeDecodeError as exc:
                raise InputError(
                    source, f"bad {enc} bytes at offset {exc.start} (re-save the file as UTF-8)"
                ) from None
            if "\x00" in decoded or (enc == "utf-16" and not plausible_text(decoded.lstrip("\ufeff"))):
                raise InputError(
                    source, f"starts with a {enc} mark but is not text (re-save the file as UTF-8)"
                )
            return decoded, enc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None and (not _CONTROL.search(text[:4000]) or _few_controls(text)):
        if not _looks_like_gb_misread(text, data):
            return text, "utf-8"
        return data.decode("gb18030"), "gb18030"
    sample = data[:4000]
    if b"\x00" in sample and len(data) % 2 == 0:
        readings = []
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                readings.append((data.decode(enc), enc))
            except UnicodeDecodeError:
                continue
        reading = utf16_reading(readings)
        if reading is not None:
            return reading
    if b"\x00" in sample:
        raise InputError(source, f"binary file, not text ({formats_hint()})")
    try:
        decoded = data.decode("gb18030")
        if plausible_text(decoded):
            return decoded, "gb18030"
    except UnicodeDecodeError:
        pass
    guess = best_guess(data)
    if guess is not None:
        return guess
    raise InputError(source, "cannot decode as UTF-8, UTF-16 or GB18030 (re-save the file as UTF-8)")


def best_guess(data: bytes) -> tuple[str, str] | None:
    """``(text, encoding)`` by charset-normalizer's best guess where it reads as text (Big5 and the
    other encodings neither UTF-8 nor GB18030 decode): the last resort of :func:`decode_bytes` and
    :func:`sniff_encoding`, one judgement for files and corpora."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.chaos < 0.2:
        return str(best), best.encoding
    return None


_COMMON = re.compile(
    r"[\t\n\r\x20-\x7e\u00a0-\u00ff\u2000-\u206f\u2100-\u27bf\u2e80-\u2fdf\u3000-\u30ff\u3400-\u4dbf"
    r"\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\ufeff]"
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_CJK = re.compile(r"[\u3400-\u9fff]")
_CJK_UNIFIED = re.compile(r"[\u4e00-\u9fff]")


MOST_CONTROLS = 0.1  # text has at most this share of control characters; ASCII-range binary ~21%


def _few_controls(text: str) -> bool:
    """Valid UTF-8 with a few stray control characters (an ESC colour code or a BEL in a saved log)
    is UTF-8 text: the reader drops them (:func:`pipeline.text.without_controls`). Binary that
    happens to be valid UTF-8 (bytes under 0x80) has NULs or a control character in every five."""
    sample = text[:4000]
    if "\x00" in sample:  # UTF-16 without a BOM, or binary
        return False
    controls = len(_CONTROL.findall(sample))
    return controls <= MOST_CONTROLS * len(sample) and plausible_text(_CONTROL.sub("", sample))


def _looks_like_gb_misread(text: str, data: bytes) -> bool:
    """True for the rare GB18030 text whose bytes are also valid UTF-8 (every character's trail byte
    in 0xA1-0xBF, e.g. 一 = D2 BB = U+04BB): read as UTF-8 it has no ideograph and no ASCII letter,
    digit or space at all, while as GB18030 it is Chinese. Ordinary UTF-8 text (any language with
    spaces or ASCII in it) is never affected."""
    if _CJK.search(text) or re.search(r"[A-Za-z0-9\s]", text):
        return False
    try:
        gb = data.decode("gb18030")
    except UnicodeDecodeError:
        return False
    return len(_CJK.findall(gb)) >= 0.5 * len(gb)


GARBLED_MIN_HAN = 100  # fewer Chinese characters than this say nothing about a text layer
GARBLED_COMMON = 0.5  # Chinese text draws at least this share of its characters from the common sets


def _common_han(char: str) -> bool:
    """A character of everyday Chinese: GB2312's first level (3,755 characters) or Big5's
    frequently used set (5,401), so that Simplified and Traditional text both count."""
    try:
        gb = char.encode("gb2312")
        if 0xB0 <= gb[0] <= 0xD7:
            return True
    except UnicodeEncodeError:
        pass
    try:
        big5 = char.encode("big5")
    except UnicodeEncodeError:
        return False
    return 0xA440 <= (big5[0] << 8 | big5[1]) <= 0xC67E


def garbled_han(text: str) -> bool:
    """Whether ``text``'s Chinese characters are mostly rare ones: what a text layer whose fonts map
    glyphs to the wrong code points gives (``犐犆犛…``). Real text, Simplified or Traditional, draws
    over 99% of its characters from the common sets; a mis-mapped layer well under half."""
    han = _CJK.findall(text)
    if len(han) < GARBLED_MIN_HAN:
        return False
    return sum(map(_common_han, han)) / len(han) < GARBLED_COMMON


_ASCII_TEXT = re.compile(r"[\t\n\r\x20-\x7e]")


def utf16_reading(readings: list[tuple[str, str]]) -> tuple[str, str] | None:
    """Of the plausible readings of BOM-less UTF-16 bytes (``(text, encoding)``, little- and
    big-endian), the one with more Chinese ideographs and ASCII text characters. Both byte orders
    can be plausible: big-endian 一丠両 (4E 00 4E 20 …) read little-endian is ``N⁎ⅎ``, symbols all
    (so where the zero bytes sit does not tell either: 一's low byte is zero)."""

    def score(text: str) -> int:
        sample = text[:4000]
        return len(_CJK_UNIFIED.findall(sample)) + len(_ASCII_TEXT.findall(sample))

    plausible = [(text, enc) for text, enc in readings if plausible_text(text)]
    return max(plausible, key=lambda reading: score(reading[0]), default=None)


def plausible_text(text: str) -> bool:
    """True when nearly every character is one Chinese or ASCII text uses: tells text from binary
    that happens to decode (UTF-16 and GB18030 accept many byte strings)."""
    sample = text[:4000]
    if not sample or "\x00" in sample:
        return False
    return len(_COMMON.findall(sample)) >= 0.9 * len(sample)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(str(path), "no such file or directory (check the path)") from None
    except IsADirectoryError:
        raise InputError(str(path), "is a directory") from None
    except PermissionError:
        raise InputError(str(path), "permission denied (check the file's permissions)") from None


SNIFF_BYTES = 65536


def sniff_encoding(sample: bytes, source: str) -> str:
    """The encoding of a stream, judged from its first bytes (for corpora read line by line).

    The same order as :func:`decode_bytes`, down to its last resort (:func:`best_guess`: Big5 …);
    a multi-byte character cut at the end of the sample is not held against it. Raises
    :class:`InputError` for empty, binary or undecodable input.
    """
    if not sample.strip():
        raise InputError(source, "empty file (nothing to read; remove it or add records)")
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    for encoding in ("utf-8", "gb18030"):
        try:
            decoded = codecs.getincrementaldecoder(encoding)().decode(sample, final=False)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-8" and "\x00" not in decoded:
            return encoding
        if plausible_text(decoded):
            return encoding
    if b"\x00" in sample[:4000]:
        even = sample[: len(sample) // 2 * 2]
        reading = utf16_reading(
            [(even.decode(enc, errors="replace"), enc) for enc in ("utf-16-le", "utf-16-be")]
        )
        if reading is not None:
            return reading[1]
        raise InputError(source, f"binary file, not text ({formats_hint()})")
    whole_lines = sample[: sample.rfind(b"\n") + 1] or sample  # no character cut at the end
    guess = best_guess(whole_lines)
    if guess is not None:
        return guess[1]
    raise InputError(source, "cannot decode as UTF-8, UTF-16 or GB18030 (re-save the file as UTF-8)")
