"""ROUGE speed: zhsum's scorer against rouge-score 0.1.2 (same tokenizer), in one run.

    python -m eval.bench_rouge [--pairs 10000] [--chars 60]

Prints seconds for ROUGE-1/2/L (summary-level) over N reference/prediction pairs of about
``--chars`` characters, for both implementations, and the ratio. Pairs are seeded random text
drawn from the team's press-release sentences, one to three sentences each.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

from pipeline.evaluation.rouge import CharTokenizer, RougeScorer, sentences


def make_pairs(n: int, chars: int, seed: int = 0) -> list[tuple[str, str]]:
    text = (Path(__file__).parent / "press_sections.jsonl").read_text(encoding="utf-8")
    pool = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    rng = random.Random(seed)

    def one() -> str:
        parts = rng.randint(1, 3)
        return "".join("".join(rng.choice(pool) for _ in range(chars // parts)) + "。" for _ in range(parts))

    return [(one(), one()) for _ in range(n)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=10000)
    parser.add_argument("--chars", type=int, default=60)
    args = parser.parse_args()
    pairs = make_pairs(args.pairs, args.chars)
    ours = RougeScorer(CharTokenizer())
    start = time.perf_counter()
    for ref, pred in pairs:
        ours.score(ref, pred)
    zhsum_s = time.perf_counter() - start
    print(f"zhsum       {args.pairs} pairs of ~{args.chars} chars, ROUGE-1/2/L: {zhsum_s:.2f} s")
    try:
        from rouge_score import rouge_scorer
    except ImportError:
        print("rouge-score not installed (pip install -e '.[dev]'): no baseline")
        return
    theirs = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], tokenizer=CharTokenizer())
    split = [("\n".join(sentences(r)), "\n".join(sentences(p))) for r, p in pairs]
    start = time.perf_counter()
    for ref, pred in split:
        theirs.score(ref, pred)
    base_s = time.perf_counter() - start
    print(f"rouge-score {args.pairs} pairs, same tokenizer:       {base_s:.2f} s")
    print(f"speedup: {base_s / zhsum_s:.1f}x")


if __name__ == "__main__":
    main()
