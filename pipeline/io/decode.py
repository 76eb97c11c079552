"""Decode text bytes in any encoding Chinese text arrives in."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from pipeline.errors import InputError


def decode_bytes(data: bytes, source: str) -> tuple[str, str]:
    """Decode text bytes, returning ``(text, encoding)``.

    Tries, in order: a BOM (UTF-8, UTF-16), UTF-8, UTF-16 without BOM (recognised by its NUL
    pattern), GB18030 (a superset of GBK and GB2312), then charset-normalizer's best guess.
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
            if not _plausible_text(decoded.lstrip("\ufeff")):
                raise InputError(
                    source, f"starts with a {enc} mark but is not text (re-save the file as UTF-8)"
                )
            return decoded, enc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    sample = data[:4000]
    if b"\x00" in sample and len(data) % 2 == 0:
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                decoded = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if _plausible_text(decoded):
                return decoded, enc
    if b"\x00" in sample:
        raise InputError(
            source, "binary file, not text (pass .txt, .md, .html, .jsonl, .csv, .docx or .pdf files)"
        )
    try:
        decoded = data.decode("gb18030")
        if _plausible_text(decoded):
            return decoded, "gb18030"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.chaos < 0.2:
        return str(best), best.encoding
    raise InputError(source, "cannot decode as UTF-8, UTF-16 or GB18030 (re-save the file as UTF-8)")


_COMMON = re.compile(
    r"[\t\n\r\x20-\x7e\u00a0-\u00ff\u2000-\u206f\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef\ufeff]"
)


def _plausible_text(text: str) -> bool:
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
