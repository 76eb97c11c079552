"""``python -m eval.batch_pools``: what streaming costs a model that batches.

The summarizer plans token-budget batches over the inputs it is given at once (a *pool*: a
streaming group of the local path, a worker's split). A small pool batches worse than one pass over
everything: its last batch is part-filled, and lengths are sorted among fewer inputs, so rows are
padded further. This counts, for the same documents, the batches and the padded input tokens
(rows x longest row, summed over batches) of each way of pooling, against one pass over
everything. Generation is replaced by a stub (the counts do not depend on it), so the numbers are
exact and repeatable, unlike a wall-clock comparison on a shared machine; the model's real
tokenizer, chunker and batch planner run as in ``zhsum summarize``.

Corpus: :func:`eval.bench_scale.synthetic_corpus` (the team's press releases, digits varied).
Model: the BART-base-chinese shape from :mod:`eval.bench` (random weights; only its tokenizer and
batch settings matter here).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pipeline.runner as runner
from pipeline.read.document import Document
from pipeline.read.text import text_to_blocks
from pipeline.runner import SummaryPipeline


def _documents(path: Path) -> Iterator[Document]:
    with path.open(encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            yield Document(record["id"], path.name, text_to_blocks(record["text"]))


def count(pipeline: SummaryPipeline, corpus: Path, limits: tuple[int, int, int, int]) -> dict[str, int]:
    """Batches, rows and padded input tokens of summarizing ``corpus`` with group limits
    ``(sections, docs, most sections, most docs)``."""
    batches: list[tuple[int, int]] = []

    def stub(encoded: list[list[int]], settings: Any, n: int) -> list[list[list[int]]]:
        batches.append((len(encoded), max(len(e) for e in encoded)))
        return [[[3000] * 8] * n for _ in encoded]  # any non-empty text

    pipeline.summarizer.backend.generate_n = stub  # type: ignore[attr-defined]
    saved = (runner.GROUP_SECTIONS, runner.GROUP_DOCS, runner.GROUP_SECTIONS_MAX, runner.GROUP_DOCS_MAX)
    runner.GROUP_SECTIONS, runner.GROUP_DOCS, runner.GROUP_SECTIONS_MAX, runner.GROUP_DOCS_MAX = limits
    try:
        for _ in pipeline.summarize_documents(_documents(corpus)):
            pass
    finally:
        runner.GROUP_SECTIONS, runner.GROUP_DOCS, runner.GROUP_SECTIONS_MAX, runner.GROUP_DOCS_MAX = saved
    return {
        "batches": len(batches),
        "rows": sum(rows for rows, _ in batches),
        "padded_tokens": sum(rows * longest for rows, longest in batches),
    }


def main(argv: list[str] | None = None) -> int:
    from eval.bench import build_model
    from eval.bench_scale import synthetic_corpus

    parser = argparse.ArgumentParser(prog="python -m eval.batch_pools", description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=1000, help="documents in the corpus")
    parser.add_argument("--workdir", help="keep the model and corpus here (default: a temporary folder)")
    args = parser.parse_args(argv)
    if args.docs < 1:
        parser.error("--docs must be 1 or more")
    work = Path(args.workdir or tempfile.mkdtemp(prefix="zhsum-pools-"))
    work.mkdir(parents=True, exist_ok=True)
    folder = build_model("bart-base-chinese", work / "models" / "bart-base-chinese", 32, 1)
    corpus = synthetic_corpus(args.docs, work / f"corpus-{args.docs}.jsonl")
    pipeline = SummaryPipeline(str(folder), device="cpu", engine="torch")
    every = 10**9
    first = (runner.GROUP_SECTIONS, runner.GROUP_DOCS)
    ways = {
        "one pass over everything": (every, every, every, every),
        f"local path: groups growing from {first[0]} sections / {first[1]} documents": (
            *first,
            runner.GROUP_SECTIONS_MAX,
            runner.GROUP_DOCS_MAX,
        ),
        f"fixed groups of {first[0]} sections / {first[1]} documents (before)": (*first, *first),
        **{f"pools of {n} documents (a worker's split)": (every, n, every, n) for n in (16, 32, 64, 128)},
    }
    results = {name: count(pipeline, corpus, limits) for name, limits in ways.items()}
    base = results["one pass over everything"]
    budget = getattr(pipeline.summarizer, "batch_tokens", None)
    print(f"{args.docs:,} documents, {base['rows']:,} model inputs, batch budget {budget} tokens")
    print()
    print("| pooling | batches | x one pass | padded input tokens | x one pass |")
    print("|---|---:|---:|---:|---:|")
    for name, r in results.items():
        print(
            f"| {name} | {r['batches']:,} | {r['batches'] / base['batches']:.3f} | "
            f"{r['padded_tokens']:,} | {r['padded_tokens'] / base['padded_tokens']:.3f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
