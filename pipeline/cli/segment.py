"""``zhsum segment``: cut articles into title, lede and headed sections."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

from pipeline.cli.common import add_fields, fields_of
from pipeline.errors import InputError
from pipeline.messages import error
from pipeline.outputs import is_earlier_output
from pipeline.read.readers import iter_documents
from pipeline.render.markdown import segmented_markdown
from pipeline.segment import segment


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("segment", help="cut articles into title, lede and headed sections")
    p.add_argument("paths", nargs="+", metavar="PATH", help="file, directory, or - for stdin")
    p.add_argument("--format", choices=["json", "jsonl", "md"], default="json")
    add_fields(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    failed = 0
    results = []
    for item in iter_documents(args.paths, fields_of(args), skip=is_earlier_output):
        if isinstance(item, InputError):
            error(str(item))
            failed += 1
            continue
        seg = segment(item)
        if args.format == "json":
            results.append(seg.to_dict())
        elif args.format == "jsonl":
            print(json.dumps(seg.to_dict(), ensure_ascii=False), flush=True)
        else:
            print(segmented_markdown(seg))
    if args.format == "json" and results:
        payload = results[0] if len(results) == 1 and failed == 0 and _single_input(args.paths) else results
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    return 1 if failed else 0


def _single_input(paths: Sequence[str]) -> bool:
    return len(paths) == 1 and (paths[0] == "-" or Path(paths[0]).is_file())
