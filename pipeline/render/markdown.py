"""Markdown, the one renderer: a segmented document as an outline, a summary record as a digest."""

from __future__ import annotations

from pipeline.io.records import SummaryRecord
from pipeline.segment import Segmented


def segmented_markdown(seg: Segmented) -> str:
    """A segmented document as a Markdown outline, with what was set aside at the end."""
    out = [f"<!-- {seg.id} -->", f"# {seg.title or '(untitled)'}"]
    if seg.subtitle:
        out.append(f"_{seg.subtitle}_")
    if seg.lede:
        out += ["", *(f"> {line}" for line in seg.lede.splitlines())]
    for section in seg.sections:
        out.append("")
        if section.headline is not None:
            if section.kicker:
                out.append(f"_{section.kicker}_")  # 引题, above the headline
            out.append(f"{'#' * min(section.level + 1, 6)} {section.headline}")
            if section.subtitle:
                out.append(f"_{section.subtitle}_")  # 副题, below it
            out.append("")
        out.append(section.text or "_(no text)_")
    if seg.removed:
        out += ["", "---", "Set aside:"]
        out += [f"- {item['kind']}: {item['text']}" for item in seg.removed]
    return "\n".join(out) + "\n"


def record_markdown(record: SummaryRecord) -> str:
    """One document's summaries: the article summary, then every section's, indented by level."""
    kind = "abstractive" if record.abstractive else "extractive"
    out = [f"## {record.title or record.id}", "", f"`{record.id}` · model `{record.model}` ({kind})", ""]
    if record.error:
        return "\n".join([*out, f"**error:** {record.error}", ""])
    out += [f"**摘要：** {record.summary}", ""]
    for section in record.sections:
        head = section.headline or "（正文）"
        out.append(f"{'  ' * (section.level - 1)}- **{head}** {section.summary}")
    return "\n".join([*out, ""])
