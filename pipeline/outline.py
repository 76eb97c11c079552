"""Render segmented documents as a readable Markdown outline."""

from __future__ import annotations

from pipeline.segment import Segmented


def to_markdown(seg: Segmented) -> str:
    out = [f"<!-- {seg.id} -->", f"# {seg.title or '(untitled)'}"]
    if seg.subtitle:
        out.append(f"_{seg.subtitle}_")
    if seg.lede:
        out += ["", *(f"> {line}" for line in seg.lede.splitlines())]
    for section in seg.sections:
        out.append("")
        if section.headline is not None:
            out += [f"{'#' * min(section.level + 1, 6)} {section.headline}", ""]
        out.append(section.text or "_(no text)_")
    if seg.removed:
        out += ["", "---", "Set aside:"]
        out += [f"- {item['kind']}: {item['text']}" for item in seg.removed]
    return "\n".join(out) + "\n"
