"""``zhsum segment``: cut articles into title, lede and headed sections."""

from __future__ import annotations

import argparse
import json
import textwrap
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
    listing = JsonListing(single=_single_input(args.paths)) if args.format == "json" else None
    for item in iter_documents(args.paths, fields_of(args), skip=is_earlier_output):
        if isinstance(item, InputError):
            error(str(item))
            failed += 1
            continue
        seg = segment(item)
        if listing is not None:
            listing.add(seg.to_dict())
        elif args.format == "jsonl":
            print(json.dumps(seg.to_dict(), ensure_ascii=False), flush=True)
        else:
            print(segmented_markdown(seg))
    if listing is not None:
        listing.close(failed=failed)
    return 1 if failed else 0


class JsonListing:
    """``--format json`` written as results come (memory does not grow with the inputs): one
    object for one document of a single input, else a list, as ``json.dumps(..., indent=2)``
    writes them. Only the first result is held, until a second one shows a list is wanted."""

    def __init__(self, *, single: bool) -> None:
        self.single = single
        self.first: dict | None = None
        self.count = 0

    @staticmethod
    def _item(result: dict) -> str:
        return textwrap.indent(json.dumps(result, ensure_ascii=False, indent=2), "  ")

    def add(self, result: dict) -> None:
        self.count += 1
        if self.count == 1:
            self.first = result
            return
        if self.first is not None:
            print("[\n" + self._item(self.first), end="")
            self.first = None
        print(",\n" + self._item(result), end="", flush=True)

    def close(self, *, failed: int) -> None:
        if self.first is not None and self.single and not failed:
            print(json.dumps(self.first, ensure_ascii=False, indent=2))
        elif self.first is not None:
            print("[\n" + self._item(self.first) + "\n]")
        elif self.count:
            print("\n]")


def _single_input(paths: Sequence[str]) -> bool:
    return len(paths) == 1 and (paths[0] == "-" or Path(paths[0]).is_file())
