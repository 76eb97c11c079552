"""``zhsum evaluate``: score summaries with Chinese ROUGE and compare models side by side."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline.cli.common import add_setting_flags, setting_options
from pipeline.evaluation.report import table
from pipeline.evaluation.run import Evaluation, check_out_dir, evaluate, write_outputs
from pipeline.settings import LIMITS, MODEL, RUN


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("evaluate", help="score summaries with Chinese ROUGE and compare models")
    p.add_argument(
        "--data",
        required=True,
        help="JSONL, CSV, Parquet, or a saved datasets folder with text and reference summary",
    )
    p.add_argument(
        "--models",
        nargs="+",
        action="extend",
        default=[],
        help="models to run (registered names, folders, lead, textrank); repeatable",
    )
    p.add_argument(
        "--predictions",
        nargs="+",
        action="extend",
        default=[],
        metavar="NAME=FILE",
        help="existing predictions, JSONL of {id, summary}; repeatable",
    )
    p.add_argument(
        "--out",
        default=None,
        help="folder for report.json, report.md, report.html, predictions/ and the chart",
    )
    p.add_argument("--tokenize", choices=["char", "jieba"], default="char")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--limit", type=int, default=None, help="first N documents only")
    p.add_argument("--resamples", type=int, default=1000, help="bootstrap resamples (default 1000)")
    p.add_argument("--summary-field", default="summary")
    p.add_argument("--text-field", default="text")
    p.add_argument("--id-field", default="id")
    add_setting_flags(p, MODEL, RUN, LIMITS, generation=True, skip=("model", "max_doc_bytes"))
    p.add_argument("--quiet", "-q", action="store_true")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    options = {k: v for k, v in setting_options(args).items() if v is not None and k != "model"}
    if args.out:
        check_out_dir(Path(args.out), args.predictions)
    result = evaluate(
        Evaluation(
            data=args.data,
            models=args.models,
            predictions=args.predictions,
            tokenize=args.tokenize,
            seed=args.seed,
            resamples=args.resamples,
            limit=args.limit,
            text_field=args.text_field,
            summary_field=args.summary_field,
            id_field=args.id_field,
            model_options=options,
        )
    )
    print(table(result.report))
    if args.out:
        out = Path(args.out)
        write_outputs(result, out)
        print(
            f"zhsum: wrote {out / 'report.json'}, report.md, report.html, rouge.png and predictions/",
            file=sys.stderr,
        )
    return 0
