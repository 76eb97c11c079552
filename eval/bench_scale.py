"""``python -m eval.bench_scale`` (or ``zhsum bench --scale``): how ``zhsum summarize`` scales.

Three parts, each written to the JSON result and printed as Markdown tables:

1. **Throughput and memory** of the three ways to run a batch, on synthetic corpora of 1k / 10k /
   100k documents: the local streaming path (``--workers 1``), worker processes (``--workers 2``:
   this machine's cores) and Ray Data on a local instance (``--ray``). Each run is the real CLI in
   its own process; docs/s is documents over the wall time of the whole command (start-up, model
   load and Ray's start included) and also the CLI's own rate (from the first document on); peak
   memory is the largest sum of resident memory over the command's process tree (sampled every
   50 ms from /proc: workers, Ray's daemons and actors included) and the largest single process.
   Methods alternate within each round; the best of the rounds counts (other work on the machine
   only ever slows a run down).
2. The same for a seq2seq model of **BART-base-chinese's published shape** (random weights,
   :mod:`eval.bench`'s builder, 32 new tokens forced, CTranslate2 int8), on fewer documents.
3. The **compute bound** of CTranslate2's batched path on press-length sections (about 300
   characters): the FLOPs of encoder and decoder for the measured token counts, over the int8 GEMM
   rate measured here (FBGEMM's dynamic int8 linear layer, the model's GEMM shapes, best of several);
   against the measured sections/s of one engine with every core and of one one-thread engine per
   core.

The corpora are built from the team's press releases (``examples/``, ``tests/fixtures/``; text and
Markdown, decoded), one JSONL line per document, each a copy of one of them with every digit
replaced by a seeded random digit (so no two documents of a cycle are byte-identical).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def method_args(method: str) -> list[str]:
    """The ``zhsum summarize`` options of a method: ``local`` (one process), ``workers-N`` (N worker
    processes), ``ray-local`` (a local Ray instance): all three on the CPU, also where a GPU is
    visible; ``gpu`` (one process on the GPU, PyTorch bf16)
    and ``ray-gpu`` (a local Ray instance with one GPU model actor)."""
    if method == "local":
        return ["--workers", "1", "--device", "cpu"]
    if method.startswith("workers-"):
        return ["--workers", method.removeprefix("workers-"), "--device", "cpu"]
    return {
        "ray-local": ["--ray", "--device", "cpu"],
        "gpu": ["--device", "cuda", "--workers", "1"],
        "ray-gpu": ["--ray", "--device", "cuda"],
    }[method]


def methods_for(workers: list[int], ray: bool) -> list[str]:
    """The CPU methods compared: one process, then ``workers-N`` for each N > 1, then Ray."""
    names = ["local" if n == 1 else f"workers-{n}" for n in workers]
    return [*dict.fromkeys(names), *(["ray-local"] if ray else [])]


# --------------------------------------------------------------------------- corpus


def press_texts(repo: Path = REPO) -> list[str]:
    """The team's press releases as text (HTML pages are left out: a JSONL record holds text)."""
    from pipeline.io.decode import decode_bytes

    files = sorted((repo / "examples").glob("*")) + sorted((repo / "tests" / "fixtures").glob("*"))
    texts: dict[str, None] = {}
    for f in files:
        if f.suffix in (".txt", ".md"):
            texts.setdefault(decode_bytes(f.read_bytes(), str(f))[0], None)
    return list(texts)


def synthetic_corpus(n: int, path: Path, seed: int = 0) -> Path:
    """``n`` documents, one JSONL line each (see the module docstring)."""
    texts = press_texts()
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            text = re.sub(r"\d", lambda _: str(rng.randrange(10)), texts[i % len(texts)])
            f.write(json.dumps({"id": f"doc-{i:07d}", "text": text}, ensure_ascii=False) + "\n")
    return path


# --------------------------------------------------------------------------- one measured run


def _tree_memory(root: int, cpu: dict[int, float]) -> tuple[int, int]:
    """(sum of VmRSS, largest VmHWM) in kB over ``root`` and its descendants; each one's CPU
    seconds so far (user + system) are recorded in ``cpu``."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(f"/proc/{entry.name}/stat").read_text()
                parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        for child, parent in parents.items():
            if parent == pid and child not in tree:
                tree.add(child)
                frontier.append(child)
    rss = hwm = 0
    tick = os.sysconf("SC_CLK_TCK")
    for pid in tree:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            cpu[pid] = (int(fields[11]) + int(fields[12])) / tick
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    rss += int(line.split()[1])
                elif line.startswith("VmHWM:"):
                    hwm = max(hwm, int(line.split()[1]))
        except OSError:
            continue
    return rss, hwm


def _zhsum() -> list[str]:
    script = Path(sys.executable).parent / "zhsum"
    return (
        [str(script)]
        if script.exists()
        else [sys.executable, "-c", "from pipeline.cli import main; raise SystemExit(main())"]
    )


def measure(args: list[str], env: dict[str, str], docs: int) -> dict[str, object]:
    """Run ``zhsum summarize ARGS`` and measure it (see the module docstring)."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [*_zhsum(), "summarize", *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    peak_sum = peak_one = 0
    cpu: dict[int, float] = {}
    while proc.poll() is None:
        total, one = _tree_memory(proc.pid, cpu)
        peak_sum, peak_one = max(peak_sum, total), max(peak_one, one)
        time.sleep(0.05)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    rate = re.findall(r"\(([\d.]+) docs/s\)", err)
    if proc.returncode not in (0, 1) or not rate:
        raise SystemExit(f"zhsum summarize {' '.join(args)} failed ({proc.returncode}):\n{err[-2000:]}")
    return {
        "wall_s": round(wall, 2),
        "docs_per_s": round(docs / wall, 1),
        "cli_docs_per_s": float(rate[-1]),
        "peak_tree_mb": round(peak_sum / 1024, 1),
        "peak_process_mb": round(peak_one / 1024, 1),
        "cpu_ms_per_doc": round(1000 * sum(cpu.values()) / docs, 2),
    }


def compare(
    corpus: Path, model: str, docs: int, methods: list[str], rounds: int, env: dict[str, str], work: Path
) -> dict[str, dict[str, object]]:
    """The best of ``rounds`` alternating runs of each method (every run's wall time kept too)."""
    runs: dict[str, list[dict[str, object]]] = {m: [] for m in methods}
    for round_no in range(rounds):
        for method in methods:
            target = work / ("out-ray" if method.startswith("ray") else f"out-{method}.jsonl")
            print(f"  {model} {docs} docs: round {round_no + 1}, {method} …", file=sys.stderr, flush=True)
            runs[method].append(
                measure(
                    [str(corpus), "--model", model, "--out", str(target), *method_args(method)], env, docs
                )
            )
            print(f"    {json.dumps(runs[method][-1])}", file=sys.stderr, flush=True)
            if target.is_dir():
                shutil.rmtree(target)
            else:
                target.unlink(missing_ok=True)
    best = {}
    for method, rs in runs.items():
        best[method] = {**min(rs, key=lambda r: float(r["wall_s"])), "all_wall_s": [r["wall_s"] for r in rs]}  # type: ignore[arg-type]
    return best


# --------------------------------------------------------------------------- the compute bound


def gemm_rates(threads: int, dims: tuple[int, int], repeats: int = 7) -> dict[str, float]:
    """GEMM rates (G operations/s: 2 per multiply-add) for the model's shapes (``dims`` = d_model,
    ffn), best of ``repeats``: ``int8`` with FBGEMM's dynamic int8 linear layer (activations
    quantized on the fly, as CTranslate2's int8 does) at 2,048 rows (an encoder batch), ``int8_16``
    the same at 16 rows (a decoder step of a batch), ``fp32`` with MKL at 2,048 rows."""
    import warnings

    import torch

    torch.set_num_threads(threads)
    d, ffn = dims
    rates: dict[str, float] = {"int8": 0.0, "int8_16": 0.0, "fp32": 0.0}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for k, n in ((d, d), (d, ffn), (ffn, d)):
            layer = torch.nn.Sequential(torch.nn.Linear(k, n))
            quantized = torch.ao.quantization.quantize_dynamic(layer, {torch.nn.Linear}, dtype=torch.qint8)
            for name, module, rows in (
                ("int8", quantized, 2048),
                ("int8_16", quantized, 16),
                ("fp32", layer, 2048),
            ):
                x = torch.randn(rows, k, generator=torch.Generator().manual_seed(0))
                calls = max(1, 2048 // rows)  # time enough work to measure
                with torch.inference_mode():
                    module(x)
                    best = float("inf")
                    for _ in range(repeats):
                        t = time.perf_counter()
                        for _ in range(calls):
                            module(x)
                        best = min(best, (time.perf_counter() - t) / calls)
                rates[name] = max(rates[name], 2 * rows * k * n / best / 1e9)
    return {k: round(v, 1) for k, v in rates.items()}


def seq2seq_flops(config: dict[str, int], src: float, new: int) -> dict[str, float]:
    """Forward FLOPs (2 per multiply-add) of one section of ``src`` input tokens generating ``new``
    tokens with a BART-style encoder-decoder (``config``: d_model, layers, ffn, vocab): encoder
    projections, FFN and attention; decoder self-attention, cross-attention (its keys and values
    once per section), FFN and the output layer at every step (with the key/value cache)."""
    d, ffn, layers, vocab = config["d_model"], config["ffn"], config["layers"], config["vocab"]
    encoder = layers * src * (4 * d * d + 2 * d * ffn + 2 * src * d)
    cross_kv = layers * src * 2 * d * d
    steps = sum(
        layers * (6 * d * d + 2 * d * ffn + 2 * (t + 1) * d + 2 * src * d) + d * vocab for t in range(new)
    )
    return {
        "encoder": 2 * encoder,
        "decoder": 2 * (cross_kv + steps),
        "total": 2 * (encoder + cross_kv + steps),
    }


def press_sections(n: int, chars: int = 300) -> list[str]:
    """``n`` press-length sections: consecutive sentences of the team's releases joined until
    about ``chars`` characters."""
    from pipeline.text import split_sentences

    sentences = [
        s for t in press_texts() for line in t.splitlines() for s in split_sentences(line) if len(s) > 8
    ]
    out, current = [], ""
    i = 0
    while len(out) < n:
        current += sentences[i % len(sentences)]
        i += 1
        if len(current) >= chars:
            out.append(current)
            current = ""
    return out


def bound_worker(
    folder: Path, sections_file: Path, threads: int, part: int, parts: int, barrier: Path | None
) -> dict[str, object]:
    """Generate the sections (every ``parts``-th from ``part``) with zhsum's CTranslate2 int8
    engine on ``threads`` threads; waits at ``barrier`` so that parallel parts start together."""
    from pipeline.summarizers import get_summarizer

    sections = json.loads(sections_file.read_text(encoding="utf-8"))[part::parts]
    s = get_summarizer(str(folder), engine="ctranslate2", precision="int8", device="cpu", threads=threads)
    encoded = s.tokenizer.encode_batch([s.cfg.prefix + c for text in sections for c in s.chunks(text)])
    s.generate_ids(encoded[:2])  # warm
    if barrier is not None:
        (barrier / f"ready-{part}").touch()
        while len(list(barrier.glob("ready-*"))) < parts:
            time.sleep(0.002)
    start = time.time()
    out = s.generate_ids(encoded)
    return {
        "start": start,
        "end": time.time(),
        "sections": len(encoded),
        "src_tokens": sum(map(len, encoded)),
        "new_tokens": sum(map(len, out)),
    }


def compute_bound(
    folder: Path, work: Path, env: dict[str, str], rounds: int, n: int = 48
) -> dict[str, object]:
    from pipeline.engine.devices import cpu_count

    cores = cpu_count()
    sections = press_sections(n)
    sections_file = work / "sections.json"
    sections_file.write_text(json.dumps(sections, ensure_ascii=False), encoding="utf-8")
    cfg = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    shape = {
        "d_model": cfg["d_model"],
        "ffn": cfg["encoder_ffn_dim"],
        "layers": cfg["encoder_layers"],
        "vocab": cfg["vocab_size"],
    }

    def spawn(threads: int, part: int, parts: int, barrier: Path | None) -> subprocess.Popen:
        args = [
            "--bound-worker",
            str(folder),
            str(sections_file),
            str(threads),
            str(part),
            str(parts),
            str(barrier or ""),
        ]
        return subprocess.Popen(
            [sys.executable, "-m", "eval.bench_scale", *args], env=env, stdout=subprocess.PIPE, text=True
        )

    best: dict[str, float] = {}
    runs: dict[str, dict] = {}
    for _ in range(rounds):
        for name, parts, threads in (
            ("one engine, all cores", 1, cores),
            ("one 1-thread engine per core", cores, 1),
        ):
            barrier = Path(tempfile.mkdtemp(dir=work)) if parts > 1 else None
            procs = [spawn(threads, p, parts, barrier) for p in range(parts)]
            results = [json.loads(p.communicate()[0].strip().splitlines()[-1]) for p in procs]
            wall = max(r["end"] for r in results) - min(r["start"] for r in results)
            if name not in best or wall < best[name]:
                best[name] = wall
                runs[name] = {
                    "sections": sum(r["sections"] for r in results),
                    "src_tokens": sum(r["src_tokens"] for r in results),
                    "new_tokens": sum(r["new_tokens"] for r in results),
                }
    rates = max(
        (gemm_rates(cores, (shape["d_model"], shape["ffn"])) for _ in range(rounds)), key=lambda r: r["int8"]
    )
    first = next(iter(runs.values()))
    src = first["src_tokens"] / first["sections"]
    new = round(first["new_tokens"] / first["sections"])
    flops = seq2seq_flops(shape, src, new)
    bound = rates["int8"] * 1e9 / flops["total"]
    # the decoder's GEMMs have as many rows as the batch has sections, not tokens: at that size
    # the GEMM rate is lower; a tighter bound times the decoder at the 16-row rate
    tight = 1 / (flops["encoder"] / (rates["int8"] * 1e9) + flops["decoder"] / (rates["int8_16"] * 1e9))
    return {
        "sections": first["sections"],
        "section_chars_mean": round(sum(map(len, sections)) / len(sections), 1),
        "src_tokens_mean": round(src, 1),
        "new_tokens": new,
        "gflop_per_section": {k: round(v / 1e9, 2) for k, v in flops.items()},
        "gemm_gops": rates,
        "bound_sections_per_s": round(bound, 2),
        "tight_bound_sections_per_s": round(tight, 2),
        "measured": {
            name: {
                "sections_per_s": round(runs[name]["sections"] / wall, 2),
                "of_bound": round(runs[name]["sections"] / wall / bound, 3),
                "of_tight_bound": round(runs[name]["sections"] / wall / tight, 3),
            }
            for name, wall in best.items()
        },
    }


# --------------------------------------------------------------------------- the run


def run(args: argparse.Namespace) -> dict[str, object]:
    from pipeline.engine.devices import cpu_count

    work = Path(args.workdir or tempfile.mkdtemp(prefix="zhsum-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "ZHSUM_CACHE": str(work / "cache"),
        "TQDM_DISABLE": "1",
        "RAY_USAGE_STATS_ENABLED": "0",
        "PYTHONPATH": os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p),
    }
    result: dict[str, object] = {
        "machine": {"cpus": cpu_count()},
        "rounds": args.rounds,
        "lead": {},
        "seq2seq": {},
    }
    methods = methods_for(args.workers or sorted({1, cpu_count()}), not args.no_ray)
    for n in args.sizes:
        corpus = synthetic_corpus(n, work / f"corpus-{n}.jsonl")
        result["lead"][str(n)] = compare(corpus, "lead", n, methods, args.rounds, env, work)  # type: ignore[index]
        _save(args, result)
    if args.seq2seq_docs or args.gpu_docs:
        from eval.bench import build_model

        folder = build_model("bart-base-chinese", work / "models" / "bart-base-chinese", 32, 1)
    if args.seq2seq_docs:
        subprocess.run(
            [*_zhsum(), "prepare", "--model", str(folder)], env=env, check=True, capture_output=True
        )
        corpus = synthetic_corpus(args.seq2seq_docs, work / f"corpus-s2s-{args.seq2seq_docs}.jsonl")
        result["seq2seq"] = {
            "model": "bart-base-chinese shape, random weights, 32 new tokens forced, CTranslate2 int8",
            "docs": args.seq2seq_docs,
            "methods": compare(corpus, str(folder), args.seq2seq_docs, methods, args.rounds, env, work),
        }
        _save(args, result)
    if args.gpu_docs:
        corpus = synthetic_corpus(args.gpu_docs, work / f"corpus-gpu-{args.gpu_docs}.jsonl")
        gpu_methods = ["gpu", *([] if args.no_ray else ["ray-gpu"])]
        result["seq2seq_gpu"] = {
            "model": "bart-base-chinese shape, random weights, 32 new tokens forced, PyTorch bf16 on the GPU",
            "docs": args.gpu_docs,
            "methods": compare(corpus, str(folder), args.gpu_docs, gpu_methods, args.rounds, env, work),
        }
        _save(args, result)
        if not args.no_bound:
            result["bound"] = compute_bound(folder, work, env, args.rounds)
            _save(args, result)
    if not args.workdir:
        shutil.rmtree(work, ignore_errors=True)
    return result


def _save(args: argparse.Namespace, result: dict[str, object]) -> None:
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def table(result: dict[str, object]) -> str:
    lines = [
        f"zhsum bench --scale — {result['machine']['cpus']} CPUs; best of {result['rounds']} alternating rounds",  # type: ignore[index]
        "",
        "| model | documents | method | docs/s (wall, all included) | docs/s (CLI, from the first document) | wall s | CPU ms a document (all processes) | peak memory, process tree MB | largest process MB |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    rows = [("lead", n, m, r) for n, ms in result["lead"].items() for m, r in ms.items()]  # type: ignore[union-attr]
    for key, label in (
        ("seq2seq", "bart-base shape, CPU int8"),
        ("seq2seq_gpu", "bart-base shape, GPU bf16"),
    ):
        s2s = result.get(key) or {}
        rows += [(label, s2s["docs"], m, r) for m, r in s2s.get("methods", {}).items()] if s2s else []  # type: ignore[union-attr,index]
    for model, n, method, r in rows:
        lines.append(
            f"| {model} | {int(n):,} | {method} | {r['docs_per_s']} | {r['cli_docs_per_s']} | {r['wall_s']} | {r['cpu_ms_per_doc']} | "
            f"{r['peak_tree_mb']} | {r['peak_process_mb']} |"
        )
    bound = result.get("bound")
    if bound:
        lines += [
            "",
            f"Compute bound, CTranslate2 int8 batched, {bound['sections']} sections of {bound['section_chars_mean']} characters "
            f"({bound['src_tokens_mean']} input tokens, {bound['new_tokens']} new tokens): {bound['gflop_per_section']['total']} GFLOP a section "
            f"(encoder {bound['gflop_per_section']['encoder']}, decoder {bound['gflop_per_section']['decoder']}); int8 GEMM "
            f"{bound['gemm_gops']['int8']} GOP/s at 2,048 rows, {bound['gemm_gops']['int8_16']} at 16 rows (fp32 {bound['gemm_gops']['fp32']} GFLOP/s) "
            f"→ bound {bound['bound_sections_per_s']} sections/s (every FLOP at the 2,048-row rate), "
            f"{bound['tight_bound_sections_per_s']} sections/s (decoder at the 16-row rate).",
            "",
            "| engine layout | sections/s | share of the bound | share of the decoder-aware bound |",
            "|---|---:|---:|---:|",
        ]
        for name, m in bound["measured"].items():
            lines.append(
                f"| {name} | {m['sections_per_s']} | {m['of_bound']:.1%} | {m['of_tight_bound']:.1%} |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="zhsum bench --scale", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", nargs="*", type=int, default=[1000, 10000, 100000], help="corpus sizes for lead"
    )
    parser.add_argument(
        "--seq2seq-docs", type=int, default=200, help="documents for the BART-base shape (0: skip)"
    )
    parser.add_argument(
        "--gpu-docs", type=int, default=0, help="documents for the BART-base shape on the GPU (0: skip)"
    )
    parser.add_argument(
        "--workers",
        nargs="*",
        type=int,
        help="worker-process counts to compare (default: 1 and this machine's core count)",
    )
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--no-ray", action="store_true", help="skip Ray (when it is not installed)")
    parser.add_argument("--no-bound", action="store_true", help="skip the compute-bound measurement")
    parser.add_argument("--json", help="also write the results here")
    parser.add_argument(
        "--workdir", help="keep corpora, models and caches here (default: a temporary folder)"
    )
    parser.add_argument("--bound-worker", nargs=6, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.bound_worker:
        folder, sections, threads, part, parts, barrier = args.bound_worker
        result = bound_worker(
            Path(folder),
            Path(sections),
            int(threads),
            int(part),
            int(parts),
            Path(barrier) if barrier else None,
        )
        print(json.dumps(result))
        return 0
    result = run(args)
    print(table(result))
    _save(args, result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
