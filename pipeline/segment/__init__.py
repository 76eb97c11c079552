"""Segment a Chinese article by its headlines (see :mod:`pipeline.segment.segmenter`)."""

from pipeline.segment.model import Piece, Section, Segmented, Table
from pipeline.segment.rules import enumerated_style, head_match, removal_kind
from pipeline.segment.segmenter import segment

__all__ = [
    "Piece",
    "Section",
    "Segmented",
    "Table",
    "enumerated_style",
    "head_match",
    "removal_kind",
    "segment",
]
