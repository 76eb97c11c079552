"""What a test reads off a segmentation: its heads with levels, and what it set aside by kind."""

from __future__ import annotations

from pipeline.segment import Segmented


def heads(seg: Segmented) -> list[tuple[str | None, int]]:
    return [(s.headline, s.level) for s in seg.sections]


def removed(seg: Segmented) -> dict[str, str]:
    return {str(r["text"]): str(r["kind"]) for r in seg.removed}
