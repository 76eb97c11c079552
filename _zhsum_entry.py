"""The ``zhsum`` program's entry point, outside the package on purpose.

Loading zhsum takes Python most of a second on a cold start (the package imports its readers and
segmenter, the commands their libraries). Importing ``pipeline.cli`` from inside a package module
would leave that time unguarded: a Ctrl-C then ended in a traceback, a SIGTERM or SIGHUP in
silence. Here the import itself is guarded, so a stop at any moment of a command ends in one line
(``zhsum: error: interrupted``, ``… stopped by SIGTERM``) and status 128 + the signal's number, as
from :func:`pipeline.cli.main`; nothing is written before the command starts, so there is nothing
to clean up. A signal the process was started to ignore (``nohup``) stays ignored.
"""

from __future__ import annotations

import os
import signal
import sys


def _stop_while_loading(signum: int, frame: object) -> None:
    if sys.stderr is not None:
        print(f"zhsum: error: stopped by {signal.Signals(signum).name}", file=sys.stderr, flush=True)
    os._exit(128 + signum)


def main() -> int:
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) is signal.SIG_DFL:
            signal.signal(number, _stop_while_loading)  # the command puts its own in place
    try:
        from pipeline.cli import main as run
    except KeyboardInterrupt:
        if sys.stderr is not None:
            print("zhsum: error: interrupted", file=sys.stderr)
        return 128 + signal.SIGINT
    return run()


if __name__ == "__main__":
    raise SystemExit(main())
