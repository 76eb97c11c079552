"""``zhsum summarize``: segment, summarize every section of every document, write one record each."""

from __future__ import annotations

import argparse
import sys

from pipeline.batch import Batch, run_batch
from pipeline.cli.common import INT8_NOTE, add_fields, add_model_flags, add_run_limits, fields_of, settings_of
from pipeline.io.sinks import parse_out


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("summarize", help="summarize every section of every document", epilog=INT8_NOTE)
    p.add_argument("paths", nargs="+", metavar="INPUT", help="file, directory, or - for stdin")
    p.add_argument("--out", "-o", help="output file; .jsonl runs resume (documents already done are skipped)")
    p.add_argument(
        "--format",
        choices=["jsonl", "json", "md", "html"],
        default=None,
        help="default: from --out's suffix, else jsonl",
    )
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    add_model_flags(p)
    add_run_limits(p)
    add_fields(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    settings = settings_of(args)
    batch = Batch(args.paths, parse_out(args.out), args.format, fields_of(args), not args.quiet)
    outcome = run_batch(batch, settings)
    if not args.quiet:
        rate = (outcome.summarized + outcome.failed) / outcome.seconds if outcome.seconds > 0 else 0.0
        note = f", {outcome.skipped} already done" if outcome.skipped else ""
        print(
            f"zhsum: {outcome.summarized} summarized, {outcome.failed} failed{note} ({rate:.2f} docs/s)",
            file=sys.stderr,
        )
    return outcome.exit_status
