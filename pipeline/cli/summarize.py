"""``zhsum summarize``: segment, summarize every section of every document, write one record each."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from pipeline.batch import Batch, Outcome, run_batch
from pipeline.cli.common import INT8_NOTE, add_fields, add_setting_flags, fields_of, settings_of
from pipeline.errors import ZhsumError
from pipeline.outputs import names
from pipeline.outputs.sinks import parse_out
from pipeline.settings import LIMITS, MODEL, RUN, SCALE, RunSettings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("summarize", help="summarize every section of every document", epilog=INT8_NOTE)
    p.add_argument("paths", nargs="+", metavar="INPUT", help="file, directory, or - for stdin")
    p.add_argument(
        "--out",
        "-o",
        help="output file (with --ray: a folder of shards); JSONL runs resume (documents already done are skipped)",
    )
    p.add_argument(
        "--format",
        choices=names(),
        default=None,
        help=f"default: from --out's suffix, else jsonl ({', '.join(names(file=False))}: with --ray only)",
    )
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    p.add_argument(
        "--ray",
        nargs="?",
        const="",
        default=None,
        metavar="ADDRESS",
        help="run on Ray Data: alone, a local Ray instance; auto, the cluster this machine joined; or a "
        "cluster's address. --out is then a folder of JSONL (or --format parquet) shards; --workers is "
        "the number of model actors (default: one per GPU, else one per CPU)",
    )
    add_setting_flags(p, MODEL, RUN, LIMITS, SCALE, generation=True)
    add_fields(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    settings = settings_of(args)
    if args.ray is not None:
        outcome = _run_ray(args, settings)
    else:
        if args.format and args.format not in names(file=True):
            raise ZhsumError(f"--format {args.format} writes a folder of shards: add --ray (or use jsonl)")
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


def _run_ray(args: argparse.Namespace, settings: RunSettings) -> Outcome:
    if not args.out or not args.out.strip() or args.out == "-":
        raise ZhsumError("--ray writes a folder of shards: pass --out FOLDER")
    from pipeline.scale.raydata import run_ray

    outcome: Outcome = run_ray(
        list(args.paths),
        Path(os.path.realpath(args.out)),
        args.format or "jsonl",
        settings,
        args.ray or None,
        fields_of(args),
        progress=not args.quiet,
    )
    return outcome
