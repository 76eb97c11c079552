"""Markdown: a segmented document as an outline, a summary record as a digest."""

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



def record_markdown(record: dict[str, object]) -> str:
    kind = "abstractive" if record.get("abstractive") else "extractive"
    out = [f"## {record.get('title') or record['id']}", "", f"`{record['id']}` · model `{record['model']}` ({kind})", ""]
    if record.get("error"):
        return "\n".join([*out, f"**error:** {record['error']}", ""])
    out += [f"**摘要：** {record['summary']}", ""]
    for section in record["sections"]:  # type: ignore[union-attr]
        head = section["headline"] or "（正文）"
        out.append(f"{'  ' * (section['level'] - 1)}- **{head}** {section['summary']}")
    return "\n".join([*out, ""])

