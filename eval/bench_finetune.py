"""Fine-tuning benchmark (``python -m eval.bench_finetune``): what ``zhsum finetune`` costs, and
what a small model trained here from scratch scores.

``--throughput``: training speed of ``zhsum finetune`` (the same code path: ``finetune()`` with
its Seq2SeqTrainer) on random-initialised models of the published shapes (BART-base-chinese,
mT5-small, Randeng-Pegasus-238M; tokenizers as in ``eval/bench.py``), each in its own process so
that its peak RSS is its own. Pairs are the first LCSTS training pairs of ``../shared`` (or, where
that is absent, the tests' synthetic pairs). Reported: pairs/s and tokens/s inside optimizer
steps (validation excluded; the first step excluded as warm-up) from ``training.json``, and peak RSS.

``--lcsts``: a small BART (``--d-model``, ``--layers``) with a character vocabulary of the training
texts, random-initialised and trained from scratch on the 10,666 LCSTS pairs, then scored with
``zhsum evaluate`` on the 725 LCSTS test pairs beside ``lead`` and the untrained model. An
honest figure for a tiny model trained on two cores, not a claim about real checkpoints.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
TRAIN = SHARED / "lcsts_part2_train.jsonl"
TEST = SHARED / "lcsts_part3_test725.jsonl"
SHAPES = ("bart-base-chinese", "mt5-small", "randeng-pegasus-238m")


def _pairs(path: Path, n: int) -> Path:
    if TRAIN.exists():
        rows = TRAIN.read_text(encoding="utf-8").splitlines()[:n]
        path.write_text("\n".join(rows) + "\n", encoding="utf-8")
        return path
    from tests.helpers.pairs import write_lead_pairs

    return write_lead_pairs(path, n)


def throughput_worker(shape: str, work: Path, steps: int, batch_tokens: int) -> dict[str, Any]:
    """One shape in this process: build (or reuse) the model, fine-tune ``steps`` steps."""
    from eval.bench import build_model, peak_rss_mb
    from pipeline.training.finetune import FinetuneSettings, finetune

    folder = build_model(shape, work / shape, new_tokens=16, beams=1)
    data = _pairs(work / "pairs.jsonl", 400)
    out = work / f"out-{shape}"
    result = finetune(
        FinetuneSettings(
            model=str(folder),
            data=str(data),
            out=str(out),
            max_steps=steps,
            eval_steps=steps,
            max_valid=2,
            batch_tokens=batch_tokens,
            lr=1e-5,
            patience=0,
            register=False,
            device="cpu",
            quiet=True,
        )
    )
    report = json.loads((result.out / "training.json").read_text(encoding="utf-8"))
    return {
        "shape": shape,
        "parameters": report["run"]["parameters"],
        "batch_size": report["run"]["batch_size"],
        "gradient_checkpointing": report["run"]["gradient_checkpointing"],
        **report["throughput"],
        "peak_rss_mb": peak_rss_mb(),
    }


def _spawn(args: list[str]) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.run(
        [sys.executable, "-m", "eval.bench_finetune", *args], capture_output=True, text=True, env=env
    )
    if proc.returncode != 0:
        raise SystemExit(f"bench worker {args[:3]} failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def throughput(args: argparse.Namespace) -> list[dict[str, Any]]:
    work = Path(args.work or tempfile.mkdtemp(prefix="zhsum-bench-ft-"))
    rows = []
    for shape in args.shapes:
        row = _spawn(["--worker", shape, "--work", str(work), "--steps", str(args.steps),
                      "--batch-tokens", str(args.batch_tokens)])  # fmt: skip
        rows.append(row)
        print(json.dumps(row), file=sys.stderr)
    return rows


def char_vocab(folder: Path, texts: list[str], min_count: int = 2) -> None:
    """A BERT ``vocab.txt`` of the characters seen at least ``min_count`` times (lower-cased, as
    BERT's tokenizer sees them), for a model trained from scratch: a small output layer."""
    from collections import Counter

    counts = Counter(ch for t in texts for ch in t.lower() if not ch.isspace())
    specials = ["[PAD]", "[unused1]", "[unused2]", "[unused3]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    chars = sorted(ch for ch, n in counts.items() if n >= min_count)
    digits = [f"##{d}" for d in "0123456789"] + [f"##{c}" for c in "abcdefghijklmnopqrstuvwxyz"]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "vocab.txt").write_text("\n".join(specials + chars + digits) + "\n", encoding="utf-8")
    (folder / "tokenizer_config.json").write_text(
        json.dumps({"tokenizer_class": "BertTokenizer", "do_lower_case": True, "model_max_length": 256}),
        encoding="utf-8",
    )


def lcsts(args: argparse.Namespace) -> dict[str, Any]:
    """Train a small BART from scratch on LCSTS and score it beside lead and the untrained model."""
    from tests.helpers.randmodels import Shape, make_bart

    if not TRAIN.exists() or not TEST.exists():
        raise SystemExit(f"--lcsts needs {TRAIN} and {TEST}")
    work = Path(args.work or tempfile.mkdtemp(prefix="zhsum-bench-lcsts-"))
    base = work / "scratch-base"
    rows = [json.loads(line) for line in TRAIN.read_text(encoding="utf-8").splitlines()]
    if not (base / "config.json").exists():
        char_vocab(base, [t for r in rows for t in (r["text"], r["summary"])])
        shape = Shape(d_model=args.d_model, layers=args.layers, heads=max(1, args.d_model // 64),
                      ffn=4 * args.d_model, max_positions=256)  # fmt: skip
        make_bart(base, shape, max_new_tokens=32)
    out = work / "scratch-lcsts"
    env = {**os.environ, "PYTHONPATH": str(REPO), "ZHSUM_CONFIG_DIR": str(work / "configs")}
    (work / "configs" / "models").mkdir(parents=True, exist_ok=True)
    zhsum = [sys.executable, "-m", "pipeline"]
    start = time.perf_counter()
    if not (out / "training.json").exists():
        subprocess.run(
            [*zhsum, "finetune", "--model", str(base), "--data", str(TRAIN), "--out", str(out),
             "--name", "scratch-lcsts", "--epochs", str(args.epochs), "--lr", str(args.lr),
             "--warmup-steps", "200", "--batch-tokens", str(args.batch_tokens), "--max-valid", "200",
             "--eval-steps", str(args.eval_steps), "-q", "--device", "cpu"],
            check=True, env=env,
        )  # fmt: skip
    trained_s = time.perf_counter() - start
    report_dir = work / "report"
    subprocess.run(
        [*zhsum, "evaluate", "--data", str(TEST), "--models", "lead", str(base), "scratch-lcsts",
         "--out", str(report_dir), "-q", "--device", "cpu"],
        check=True, env=env,
    )  # fmt: skip
    training = json.loads((out / "training.json").read_text(encoding="utf-8"))
    report = json.loads((report_dir / "report.json").read_text(encoding="utf-8"))
    return {
        "work": str(work),
        "train_seconds": round(trained_s, 1),
        "training": {k: training[k] for k in ("run", "throughput", "generation", "data")},
        "scores": {
            name: {m: entry[m]["f"] for m in ("rouge-1", "rouge-2", "rouge-l")}
            for name, entry in report["models"].items()
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m eval.bench_finetune", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--throughput", action="store_true", help="training speed of the published shapes")
    parser.add_argument("--lcsts", action="store_true", help="a small model from scratch on LCSTS, scored")
    parser.add_argument("--shapes", nargs="+", default=list(SHAPES), choices=SHAPES)
    parser.add_argument("--steps", type=int, default=8, help="optimizer steps per shape (--throughput)")
    parser.add_argument("--batch-tokens", type=int, default=2048)
    parser.add_argument("--d-model", type=int, default=384)
    parser.add_argument("--layers", type=int, default=4)
    parser.add_argument("--epochs", type=float, default=4.0)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--eval-steps", type=int, default=500)
    parser.add_argument("--work", default=None, help="folder for models and outputs (reused when present)")
    parser.add_argument("--json", default=None, help="also write the results here")
    parser.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(throughput_worker(args.worker, Path(args.work), args.steps, args.batch_tokens)))
        return 0
    if not (args.throughput or args.lcsts):
        parser.error("give --throughput and/or --lcsts")
    results: dict[str, Any] = {}
    if args.throughput:
        results["throughput"] = throughput(args)
        print("| shape | parameters | pairs/step | pairs/s | tokens/s | peak RSS (MB) |")
        print("|---|---|---|---|---|---|")
        for r in results["throughput"]:
            print(f"| {r['shape']} | {r['parameters'] / 1e6:.0f}M | {r['batch_size']} | {r['pairs_per_s']} "
                  f"| {r['tokens_per_s']} | {r['peak_rss_mb']:.0f} |")  # fmt: skip
    if args.lcsts:
        results["lcsts"] = lcsts(args)
        print("| model | ROUGE-1 | ROUGE-2 | ROUGE-L |")
        print("|---|---|---|---|")
        for name, s in results["lcsts"]["scores"].items():
            print(f"| {name} | {s['rouge-1']:.2f} | {s['rouge-2']:.2f} | {s['rouge-l']:.2f} |")
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
