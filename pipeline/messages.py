"""Messages to the user on stderr: one-line errors, and warnings said once per process."""

from __future__ import annotations

import sys
from contextlib import nullcontext, suppress

from pipeline.text import terminal_safe


def error(message: str) -> None:
    """One line on stderr, ``zhsum: error: …``; control characters from file names or documents
    shown escaped, and characters stderr's encoding cannot hold (``PYTHONIOENCODING=ascii``) as
    escapes. A failed document in a batch is said this way as it happens (the batch goes on), and
    so is every problem that stops a command."""
    stream = sys.stderr
    if stream is None:  # closed (2>&-): nowhere to say it; the exit status still does
        return
    line = f"zhsum: error: {terminal_safe(message)}"
    encoding = getattr(stream, "encoding", None) or "utf-8"
    bars = sys.modules.get("tqdm")  # a progress bar on the terminal: cleared for the line, then redrawn
    with (
        suppress(OSError, LookupError),
        bars.tqdm.external_write_mode(file=stream) if bars else nullcontext(),
    ):
        print(line.encode(encoding, "backslashreplace").decode(encoding), file=stream)


def warn_once(message: str, _seen: set[str] = set()) -> None:  # noqa: B006 - deliberate process-wide memo
    if message not in _seen:
        _seen.add(message)
        print(f"zhsum: {message}", file=sys.stderr)
