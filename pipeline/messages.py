"""Messages to the user on stderr (warnings said once per process)."""

from __future__ import annotations

import sys


def warn_once(message: str, _seen: set[str] = set()) -> None:  # noqa: B006 - deliberate process-wide memo
    if message not in _seen:
        _seen.add(message)
        print(f"zhsum: {message}", file=sys.stderr)
