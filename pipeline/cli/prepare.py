"""``zhsum prepare``: load a model once (convert it for the CPU fast path, cache its tokenizer)."""

from __future__ import annotations

import argparse
import time

from pipeline.cli.common import add_setting_flags, settings_of
from pipeline.settings import MODEL


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "prepare", help="load a model once: convert it for the CPU fast path, cache its tokenizer"
    )
    add_setting_flags(p, MODEL)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from pipeline.runner import SummaryPipeline

    start = time.perf_counter()
    pipe = SummaryPipeline(settings=settings_of(args))
    info = pipe.summarizer.describe()
    details = ", ".join(
        f"{k} {v}" for k, v in info.items() if k not in ("name", "abstractive") and v is not None
    )
    kind = "abstractive" if info.get("abstractive") else "extractive"
    print(
        f"ready: {pipe.model_name} ({kind}{', ' + details if details else ''}) in {time.perf_counter() - start:.1f} s"
    )
    return 0
