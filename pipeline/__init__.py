"""zhsum: segment Chinese press releases by their headlines, summarize each section, evaluate.

Python API::

    from pipeline import segment, summarize, SummaryPipeline, iter_documents

    seg = segment(text)                        # title, subtitle, lede, sections, removed
    record = summarize(text, model="lead")     # a SummaryRecord: summary + one summary per section
    pipe = SummaryPipeline("mt5-xlsum")        # load once, then many documents:
    records = list(pipe.summarize_documents(iter_documents(["releases/"])))
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pipeline.errors import ZhsumError
from pipeline.read.document import Document
from pipeline.read.readers import iter_documents
from pipeline.read.text import text_to_blocks
from pipeline.records import SectionSummary, SummaryRecord
from pipeline.segment import Segmented
from pipeline.segment import segment as _segment_document

if TYPE_CHECKING:
    from pipeline.runner import SummaryPipeline

__version__ = "0.2.0"


def segment(doc: Document | str, title: str | None = None) -> Segmented:
    """Segment a :class:`Document`, or an article given as plain text."""
    _expect_text(doc, "segment", Document)
    if isinstance(doc, str):
        doc = Document("text", "text", text_to_blocks(doc), title=title)
    return _segment_document(doc)


def summarize(text: str, model: str | None = None, **options: Any) -> SummaryRecord:
    """Segment and summarize one article given as text; see :class:`SummaryPipeline` for options."""
    _expect_text(text, "summarize")
    from pipeline.runner import SummaryPipeline

    return SummaryPipeline(model, **options).summarize_text(text)


def _expect_text(value: object, function: str, *also: type) -> None:
    """A wrong argument is a :class:`TypeError` saying what to pass, not an error from deep inside."""
    if isinstance(value, (str, *also)):
        return
    wanted = "the article as text (str)" + (" or a Document from iter_documents()" if also else "")
    hint = ": decode the bytes first (bytes.decode('utf-8')), or read the file with iter_documents()"
    raise TypeError(
        f"{function}() takes {wanted}, not {type(value).__name__}"
        + (hint if isinstance(value, bytes) else "")
    )


def __getattr__(name: str) -> object:
    if name == "SummaryPipeline":
        from pipeline.runner import SummaryPipeline

        return SummaryPipeline
    raise AttributeError(name)


__all__ = [
    "Document",
    "SectionSummary",
    "Segmented",
    "SummaryPipeline",
    "SummaryRecord",
    "ZhsumError",
    "iter_documents",
    "segment",
    "summarize",
]
