"""Plain text and Markdown: one block per non-blank line."""

from __future__ import annotations

import re

from pipeline.read.document import Block

_MD_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$")
_MD_BOLD_LINE = re.compile(r"^(\*\*|__)([^*_]+?)\1$")


def text_to_blocks(text: str, *, markdown: bool = True) -> list[Block]:
    """One block per non-blank line; ``# heading`` lines carry their level."""
    blocks = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip().replace("\u3000", " ").strip()
        if not line:
            continue
        match = _MD_HEADING.match(line) if markdown else None
        bold = _MD_BOLD_LINE.match(line) if markdown else None
        if match:
            blocks.append(Block(match.group(2).strip(), number, heading=len(match.group(1))))
        elif bold:
            blocks.append(Block(bold.group(2).strip(), number, bold=True))
        else:
            blocks.append(Block(line, number))
    return blocks
