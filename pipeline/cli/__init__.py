"""Command line: ``zhsum segment | summarize | prepare | evaluate | finetune | validate | models``.

One module per command, each with ``register(subparsers)`` and ``run(args)``; the commands adapt
argparse to the library functions, which take typed arguments. Every user-facing problem is
printed as one line, ``zhsum: error: …``, never a traceback; exit status 1 means some inputs
failed (the rest were processed), 2 means the command could not run.
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Sequence
from typing import NoReturn

from pipeline import __version__
from pipeline.cli import configs, evaluate, finetune, prepare, segment, summarize
from pipeline.cli.common import Once, guarded_stdout
from pipeline.errors import ZhsumError
from pipeline.messages import error
from pipeline.stops import Terminated, handled, ignore_further


class Parser(argparse.ArgumentParser):
    """argparse with zhsum's one-line errors (``zhsum: error: … (see zhsum summarize --help)``)
    instead of a usage block."""

    def error(self, message: str) -> NoReturn:
        error(f"{message} (see {self.prog} --help)")
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="zhsum", description="Chinese news summarization: segment, summarize, evaluate.")
    parser.add_argument("--version", action="version", version=f"zhsum {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    for command in (segment, summarize, prepare, evaluate, finetune, configs):
        command.register(sub)
    for command_parser in sub.choices.values():  # every single-valued option may be given once
        for action in command_parser._actions:
            if type(action) is argparse._StoreAction and action.option_strings:
                action.__class__ = Once  # type: ignore[assignment]
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    program = argv is None  # the zhsum program itself, not a caller passing arguments (tests, scripts)
    argv = list(sys.argv[1:] if argv is None else argv)
    command = None  # until the arguments are read: a stop while they are is said like any other
    try:
        if argv[:1] == ["bench"]:  # the benchmarks are developer tools of a checkout, not in the package
            error(
                "the benchmarks run from a checkout of zhsum: python -m eval.bench (or python -m eval.bench_scale)"
            )
            return 2
        try:
            args = build_parser().parse_args(argv)
        except SystemExit as exc:  # --help, or a usage error already said in one line
            return exc.code if isinstance(exc.code, int) else 2
        command = args.command
        with handled(), guarded_stdout():
            return int(args.func(args) or 0)
    except ZhsumError as exc:
        error(str(exc))
        return 2
    except KeyboardInterrupt as exc:
        if program:
            ignore_further()
        status = 128 + exc.signum if isinstance(exc, Terminated) else 130
        what = (
            f"stopped by {signal.Signals(exc.signum).name}" if isinstance(exc, Terminated) else "interrupted"
        )
        if command == "finetune":
            error(f"{what}: the same command with --resume continues from the last checkpoint")
        elif command == "summarize":
            error(
                f"{what} (a .jsonl --out resumes where this one stopped when re-run; "
                "other formats start over and an earlier file was left as it was)"
            )
        else:
            error(what)
        return status
    except BrokenPipeError:
        return 0
