"""zhsum: segment Chinese press releases by their headlines, summarize each section, evaluate.

The public API::

    from pipeline import segment_file, summarize, Summarizer
"""

from __future__ import annotations

from pipeline.errors import ZhsumError
from pipeline.readers import Document, iter_documents
from pipeline.segment import Segmented, segment

__all__ = ["Document", "Segmented", "ZhsumError", "iter_documents", "segment"]
