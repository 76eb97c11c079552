"""Markdown, the one renderer: a segmented document as an outline, a summary record as a digest.

Everything that comes from a document (titles, headlines, summaries, ids, error messages) is escaped
(:func:`md_inline`): it can never open a heading, a table cell, a link or raw HTML.
"""

from __future__ import annotations

import re

from pipeline.records import SummaryRecord
from pipeline.segment import Segmented, Table
from pipeline.text import strip_controls

_MD_INLINE = re.compile(r"([\\`*_\[\]|~])")
_MD_LINE_START = re.compile(r"^(\s*)(#{1,6}|[+*-]|\d+[.)])(?=\s|$)")


def md_inline(text: str | None) -> str:
    """``text`` as one line of literal Markdown: control characters dropped, white space folded,
    ``<``, ``>`` and ``&`` as entities, inline Markdown punctuation backslash-escaped, and a block
    marker at its start (``#``, ``-``, ``1.`` …) escaped."""
    text = re.sub(r"\s+", " ", strip_controls(text or "")).strip()
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_INLINE.sub(r"\\\1", text)
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def md_code(text: str | None) -> str:
    """``text`` as a Markdown code span (a fence longer than any backtick run inside it)."""
    text = re.sub(r"\s+", " ", strip_controls(text or "")).strip()
    fence = "`" * (max((len(r) for r in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


MARKDOWN_MARKER = "<!-- zhsum summaries"


def markdown_header(model: str) -> str:
    """The first line of a Markdown summaries file: zhsum's marker (resume and overwrite checks read it)."""
    return f"{MARKDOWN_MARKER} · model {md_inline(model)} -->\n\n"


def segmented_markdown(seg: Segmented) -> str:
    """A segmented document as a Markdown outline, with what was set aside at the end."""
    comment = re.sub(r"\s+", " ", strip_controls(seg.id)).replace("--", "- -")
    out = [f"<!-- {comment} -->", f"# {md_inline(seg.title) or '(untitled)'}"]
    if seg.subtitle:
        out.append(f"_{md_inline(seg.subtitle)}_")
    if seg.lede:
        out += ["", *(f"> {md_inline(line)}" for line in seg.lede.splitlines())]
    for table in seg.section_tables(None):
        out += ["", _table_block(table)]
    for index, section in enumerate(seg.sections):
        tables = seg.section_tables(index)
        out.append("")
        if section.headline is not None:
            if section.kicker:
                out.append(f"_{md_inline(section.kicker)}_")  # 引题, above the headline
            out.append(f"{'#' * min(section.level + 1, 6)} {md_inline(section.headline)}")
            if section.subtitle:
                out.append(f"_{md_inline(section.subtitle)}_")  # 副题, below it
            out.append("")
        text = "\n".join(md_inline(line) for line in section.text.splitlines())
        if text or not tables:
            out.append(text or "_(no text)_")
        for table in tables:
            out += ["", _table_block(table)] if out[-1] else [_table_block(table)]
    if seg.removed:
        out += ["", "---", "Set aside:"]
        out += [f"- {item['kind']}: {md_inline(str(item['text']))}" for item in seg.removed]
    return "\n".join(out) + "\n"


def md_table(rows: list[tuple[str, ...]]) -> str:
    """Rows as a Markdown table: the first row is its header, every row padded to the widest with
    empty cells, each cell escaped (:func:`md_inline`: a ``|`` in a cell stays in the cell)."""
    width = max(len(row) for row in rows)
    lines = [
        "| " + " | ".join(md_inline(c) for c in (*row, *[""] * (width - len(row)))) + " |" for row in rows
    ]
    lines.insert(1, "|" + "---|" * width)
    return "\n".join(lines)


def _table_block(table: Table) -> str:
    """A table with its unit line above it and its notes below it, in italics."""
    return "\n\n".join(
        [
            *(f"_{md_inline(c)}_" for c in table.caption),
            md_table(table.rows),
            *(f"_{md_inline(n)}_" for n in table.notes),
        ]
    )


def record_markdown(record: SummaryRecord) -> str:
    """One document's summaries: the article summary, then every section's, indented by level."""
    kind = "abstractive" if record.abstractive else "extractive"
    out = [
        f"## {md_inline(record.title or record.id)}",
        "",
        f"{md_code(record.id)} · model {md_code(record.model)} ({kind})",
        "",
    ]
    if record.error:
        return "\n".join([*out, f"**error:** {md_inline(record.error)}", ""])
    out += [
        "**摘要：** _(only tables: not summarized)_"
        if record.table_only
        else f"**摘要：** {_marked(record.summary or '', record.truncated, record.unsupported, record.fallback)}",
        "",
    ]
    for section in record.sections:
        head = md_inline(section.headline) if section.headline else "（正文）"
        summary = _marked(section.summary, section.truncated, section.unsupported, section.fallback)
        if section.table_only:
            summary = "_(only a table: not summarized)_"
        out.append(f"{'  ' * (section.level - 1)}- **{head}** {summary}".rstrip())
    return "\n".join([*out, ""])


def _marked(summary: str, truncated: bool, unsupported: tuple[str, ...], fallback: bool = False) -> str:
    """A summary with its marks: ``(cut to fit)`` where a sentence was cut to fit the budget, the
    numbers its source does not hold (to be checked before publishing), and an extractive summary
    standing in for a generated one whose numbers were not in the source."""
    text = md_inline(summary)
    if fallback:
        text += " _(extractive: every generated summary had a number not in the source)_"
    if truncated:
        text += " _(cut to fit)_"
    if unsupported:
        text += " **⚠ not in the source: " + "、".join(md_inline(x) for x in unsupported) + "**"
    return text
