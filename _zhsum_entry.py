"""The ``zhsum`` program's entry point, outside the package on purpose.

Loading zhsum takes Python most of a second on a cold start (the package imports its readers and
segmenter, the commands their libraries). Importing ``pipeline.cli`` from inside a package module
would leave that time unguarded: a Ctrl-C then ended in a traceback. Here the import itself is
guarded, so a stop at any moment of a command ends in one line (``zhsum: error: interrupted``) and
status 130, as from :func:`pipeline.cli.main`.
"""

from __future__ import annotations

import sys


def main() -> int:
    try:
        from pipeline.cli import main as run
    except KeyboardInterrupt:
        if sys.stderr is not None:
            print("zhsum: error: interrupted", file=sys.stderr)
        return 130
    return run()


if __name__ == "__main__":
    raise SystemExit(main())
