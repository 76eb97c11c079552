"""JSON Lines: the one reader and the one line format every part of zhsum uses."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class BadLine:
    """A line that is not valid JSON, with what is wrong with it."""

    line: int
    message: str


def parse_lines(lines: Iterable[str], start: int = 1) -> Iterator[tuple[int, Any] | BadLine]:
    """``(line number, value)`` for every non-blank line, or a :class:`BadLine` for a malformed one
    (the caller decides whether that stops the read or becomes one error among many)."""
    for number, line in enumerate(lines, start=start):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            # json's own words can end in "at" ("Invalid control character at"): said once
            what = exc.msg.removesuffix(" at")
            yield BadLine(number, f"malformed JSON ({what} at column {exc.colno}); fix or remove the line")
        except RecursionError:
            yield BadLine(number, "JSON nested too deeply; fix or remove the line")
        except ValueError as exc:  # an integer of more than 4,300 digits (Python's limit)
            yield BadLine(number, f"unreadable JSON ({str(exc)[:80]}); write long numbers as strings")


def dumps(value: Any) -> str:
    """One JSON line (no newline): UTF-8 text as is, never ASCII escapes."""
    return json.dumps(value, ensure_ascii=False)
