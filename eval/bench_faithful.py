"""What the faithfulness guard costs (``python -m eval.bench_faithful``).

The team's press sections (``eval/press_sections.jsonl``) are summarized with a random-initialised
BART-base-chinese shape (``eval/bench.py``'s model, beam search of 4, 32 new tokens forced), on the
CPU default engine (CTranslate2 int8), with ``--faithful none`` (plain beam search: the best
hypothesis) and ``--faithful check`` (all four hypotheses returned, numbers checked, the best clean
one taken), in alternating rounds within one process after one warm-up pass each; the model load is
not timed. Reported: seconds per pass (best of the rounds), the ratio, and the numbers not in the
source that each wrote (a random model writes random tokens: this shows the check runs, not how
often a real model errs).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SECTIONS = REPO / "eval" / "press_sections.jsonl"


def _documents() -> list[Any]:
    from pipeline.read.document import Document
    from pipeline.read.text import text_to_blocks

    rows = [json.loads(line) for line in SECTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [Document(r["id"], r["id"], text_to_blocks(r["text"])) for r in rows]


def run(args: argparse.Namespace) -> dict[str, Any]:
    from eval.bench import build_model
    from pipeline import SummaryPipeline

    work = Path(args.work or tempfile.mkdtemp(prefix="zhsum-bench-faithful-"))
    folder = build_model(args.shape, work / args.shape, new_tokens=32, beams=4)
    gen_file = folder / "generation_config.json"  # a reused folder may have been built for greedy search
    gen = json.loads(gen_file.read_text(encoding="utf-8"))
    gen.update(num_beams=4, min_new_tokens=32, max_new_tokens=32)
    gen_file.write_text(json.dumps(gen, indent=2), encoding="utf-8")
    docs = _documents()
    pipes = {mode: SummaryPipeline(str(folder), faithful=mode, device="cpu") for mode in ("none", "check")}
    times: dict[str, list[float]] = {mode: [] for mode in pipes}
    flagged: dict[str, int] = {}
    for mode, pipe in pipes.items():  # warm-up
        records = list(pipe.summarize_documents(docs))
        flagged[mode] = sum(len(r.unsupported) + sum(len(s.unsupported) for s in r.sections) for r in records)
    for _ in range(args.rounds):
        for mode, pipe in pipes.items():
            start = time.perf_counter()
            list(pipe.summarize_documents(docs))
            times[mode].append(time.perf_counter() - start)
    best = {mode: min(t) for mode, t in times.items()}
    return {
        "shape": args.shape,
        "documents": len(docs),
        "rounds": args.rounds,
        "seconds": {m: round(t, 3) for m, t in best.items()},
        "check_over_none": round(best["check"] / best["none"], 3),
        "numbers_not_in_source": flagged,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m eval.bench_faithful", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--shape", default="bart-base-chinese")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--work", default=None, help="folder for the model (reused when present)")
    args = parser.parse_args(argv)
    print(json.dumps(run(args), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
