"""Binary document formats: which reader a file goes to, and the formats refused with what to do.

Word ``.docx`` goes to :mod:`pipeline.read.docx`, PDF to :mod:`pipeline.read.pdf`, OFD (GB/T 33190) to
:mod:`pipeline.read.ofd`; all take the file's bytes (never decoded as text). A file is recognised by
its suffix and, whatever its suffix, by its first bytes (``%PDF``; a ZIP package holding
``word/document.xml`` or ``OFD.xml``), so a PDF saved without a suffix, or a ``.doc`` that is really
a .docx, is still read.

Refused in one line, naming what to convert to, because no well-kept reader under a permissive
licence exists for them (checked on PyPI, 2026):

* ``.doc`` (Word 97-2003) and ``.wps`` (WPS Writer) are OLE2 binaries: olefile (BSD) opens the
  container only; antiword/catdoc are GPL C programs; textract shells out to antiword. Convert to
  .docx (Word/WPS: Save As; LibreOffice: ``soffice --headless --convert-to docx FILE``).

OFD has no such reader either (easyofd needs PyMuPDF, AGPL; ofdparser and pyofd are unmaintained),
so zhsum has a small one of its own.
"""

from __future__ import annotations

from pipeline.errors import InputError
from pipeline.read.document import DOCUMENT_FORMATS, Document

DOCUMENT_SUFFIXES = {".docx", ".pdf", ".doc", ".wps", ".ofd", ".dot", ".wpt"}

_TO_DOCX = "save it as .docx in Word or WPS, or run: soffice --headless --convert-to docx FILE"
_REFUSED = {
    ".doc": f"old binary Word file (.doc) is not read: {_TO_DOCX}",
    ".dot": f"old binary Word template (.dot) is not read: {_TO_DOCX}",
    ".wps": f"WPS Writer file (.wps) is not read: {_TO_DOCX}",
    ".wpt": f"WPS Writer template (.wpt) is not read: {_TO_DOCX}",
}


def document_format(suffix: str, data: bytes) -> str | None:
    """``"docx"``, ``"pdf"``, ``"ofd"`` or ``"refuse"`` for a binary document, ``None`` for text input."""
    from pipeline.read.ofd import looks_like_ofd

    if data.startswith(b"%PDF-"):
        return "pdf"
    if looks_like_ofd(data):
        return "ofd"
    if data.startswith(b"PK\x03\x04") and b"word/" in data[:65536] + data[-65536:]:
        return "docx"
    suffix = suffix.lower()
    if suffix in DOCUMENT_FORMATS:
        return suffix[1:]  # the reader says what is wrong with it
    if suffix in _REFUSED:
        return "refuse"
    return None


def read_document(data: bytes, source: str, doc_id: str, suffix: str) -> Document:
    """Read a binary document, or raise :class:`InputError` saying why not and what to do."""
    fmt = document_format(suffix, data)
    if fmt == "pdf":
        from pipeline.read.pdf import pdf_to_document

        return pdf_to_document(data, source, doc_id)
    if fmt == "docx":
        from pipeline.read.docx import docx_to_document

        return docx_to_document(data, source, doc_id)
    if fmt == "ofd":
        from pipeline.read.ofd import ofd_to_document

        return ofd_to_document(data, source, doc_id)
    if data.lstrip().startswith(b"{\\rtf"):
        raise InputError(source, f"RTF file, not a Word document: {_TO_DOCX}")
    raise InputError(
        source, _REFUSED.get(suffix.lower(), "not a .docx, PDF or OFD file (pass .docx, PDF or OFD files)")
    )
