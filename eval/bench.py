"""``python -m eval.bench`` (from a checkout): the inference engine against the naive per-section loop, in one run.

Models are random-initialised with the published shapes (mT5-small, mT5-base, BART-base-chinese,
Randeng-Pegasus-238M) and realistic tokenizers built offline: a 51,271-token BERT vocabulary (all
CJK ideographs plus jieba's most frequent words) for BART, a 50,000-token one for Pegasus, a
SentencePiece model trained on jieba's dictionary for mT5 (the model keeps mT5's 250,112 outputs).
Every method summarizes the same section chunks with the same forced number of new tokens (greedy
unless ``--beams``), each in its own process so that its peak RSS is its own:

* ``naive``: one chunk at a time through ``model.generate``, batch 1, fp32 — what transformers'
  old summarization pipeline did;
* ``hf-batched``: zhsum's PyTorch engine (token-budget batches sorted by length, SDPA);
* ``ct2-fp32`` / ``ct2-int8``: zhsum's CTranslate2 engine (int8 is the CPU default);
* ``e2e``: ``zhsum summarize`` with its defaults on the same documents, model load included
  (``cold``: converting to CTranslate2 first; ``warm``: the conversion cached), against the naive
  loop's time including its own model load. Its output also holds article summaries (more work).

It also measures the memory bandwidth (a large numpy copy) and times batch-1 decode steps against
the bandwidth bound: the bytes of weights read per step (decoder without the cross-attention
key/value projections, which are computed once, plus the output layer) over the bandwidth.
For fp32 methods it reports the share of chunks whose output ids equal the naive loop's.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict, cast

if TYPE_CHECKING:
    from pipeline.summarizers.seq2seq import Seq2SeqSummarizer

SHAPES = ("bart-base-chinese", "mt5-small", "randeng-pegasus-238m", "mt5-base", "tiny-bart")
METHODS = ("naive", "hf-batched", "ct2-fp32", "ct2-int8")
ENGINES = {  # zhsum's engine settings behind each method name (batch-1 steps of "naive" use hf-batched's)
    "hf-batched": ("torch", "fp32"),
    "ct2-fp32": ("ctranslate2", "fp32"),
    "ct2-int8": ("ctranslate2", "int8"),
    "gpu-bf16": ("torch", "bf16"),
}


# --------------------------------------------------------------------------- result shapes (JSON)


class WorkerResult(TypedDict):
    """One method's run over the chunks (:func:`worker`)."""

    method: str
    load_s: float
    run_s: float
    peak_gpu_mb: float | None
    chunks: int
    new_tokens: int
    outputs: list[list[int]]
    peak_rss_mb: float


class StepResult(TypedDict):
    """Batch-1 decode step time (:func:`step_worker`)."""

    method: str
    step_ms: float


class E2EResult(TypedDict):
    """One ``zhsum summarize`` run end to end (:func:`e2e_worker`)."""

    method: str
    total_s: float
    rc: int
    peak_rss_mb: float


class _MethodRow(TypedDict):
    sections_per_s: float
    tokens_per_s: float
    load_s: float
    run_s: float
    peak_rss_mb: float
    peak_gpu_mb: float | None
    speedup: float


class MethodRow(_MethodRow, total=False):
    """One method's line of a model's table."""

    agreement_with_naive: float  # fp32 methods (and the naive loop) only


class Machine(TypedDict):
    cpus: int | None
    bandwidth_gb_s: float
    device: str


class BenchResult(TypedDict):
    """What :func:`run` returns and ``--json`` writes. A model's entry is plain JSON: its keys
    include ``e2e-cold`` and ``e2e-warm`` when the end-to-end runs were made."""

    machine: Machine
    new_tokens: int
    beams: int
    rounds: int
    documents: int
    sections: int
    section_chars_mean: float
    models: dict[str, dict[str, Any]]


# --------------------------------------------------------------------------- corpus and models


def corpus_documents(repo: Path) -> list[Path]:
    """Press releases the team wrote (examples/, tests/fixtures/) and the shared seed page."""
    files = sorted((repo / "examples").glob("*")) + sorted((repo / "tests" / "fixtures").glob("*"))
    seed = repo.parent / "shared" / "seeds" / "tongliao_press_page.txt"
    files += [seed] if seed.exists() else []
    seen, unique = set(), []
    for f in files:
        if f.is_file() and f.read_bytes() not in seen:
            seen.add(f.read_bytes())
            unique.append(f)
    return unique


def _jieba_words(limit: int) -> list[str]:
    import jieba

    dict_path = Path(jieba.__file__).parent / "dict.txt"
    rows = []
    for line in dict_path.read_text(encoding="utf-8").splitlines():
        parts = line.split(" ")
        if len(parts) >= 2 and len(parts[0]) > 1 and all("\u4e00" <= c <= "\u9fff" for c in parts[0]):
            rows.append((int(parts[1]), parts[0]))
    rows.sort(key=lambda r: (-r[0], r[1]))
    return [w for _, w in rows[:limit]]


def big_bert_vocab(folder: Path, size: int, randeng: bool) -> None:
    """A BERT vocabulary of ``size`` tokens: specials, ASCII, every CJK ideograph, then jieba words
    (a ``vocab.txt`` already in ``folder`` is kept: a machine without jieba can reuse one)."""
    if (folder / "vocab.txt").exists():
        return
    specials = ["[PAD]"] + [f"[unused{i}]" for i in range(1, 100)] + ["[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    ascii_tokens = (
        [chr(c) for c in range(33, 127)]
        + [f"##{chr(c)}" for c in range(48, 58)]
        + [f"##{chr(c)}" for c in range(97, 123)]
    )
    cjk = [chr(c) for c in range(0x4E00, 0xA000)] + list("，。！？；：、“”‘’（）《》【】…—·％")
    tokens = list(dict.fromkeys(specials + ascii_tokens + cjk))
    known = set(tokens)
    tokens += [w for w in _jieba_words(size) if w not in known][: size - len(tokens)]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "vocab.txt").write_text("\n".join(tokens[:size]) + "\n", encoding="utf-8")
    if randeng:
        (folder / "zhsum_tokenizer.json").write_text(
            json.dumps({"tokenizer": "randeng-bert"}), encoding="utf-8"
        )
    else:
        (folder / "tokenizer_config.json").write_text(
            json.dumps({"tokenizer_class": "BertTokenizer", "do_lower_case": True, "model_max_length": 1024}),
            encoding="utf-8",
        )


def build_model(shape: str, folder: Path, new_tokens: int, beams: int) -> Path:
    from tests.helpers import randmodels as rm

    if (folder / "config.json").exists():
        return folder
    if shape.startswith("mt5"):
        words = _jieba_words(60000)
        lines = [" ".join(words[i : i + 30]) for i in range(0, len(words), 30)]
        rm.train_sentencepiece(folder, lines, vocab_size=16000)
        rm.make_mt5(folder, rm.MT5_SMALL if shape == "mt5-small" else rm.MT5_BASE, max_new_tokens=new_tokens)
    elif shape == "bart-base-chinese":
        big_bert_vocab(folder, 51271, randeng=False)
        rm.make_bart(folder, rm.BART_BASE_CHINESE, max_new_tokens=new_tokens)
    elif shape == "tiny-bart":  # the tests' smoke run
        write_tiny = rm.write_bert_vocab(folder)
        rm.make_bart(write_tiny, rm.TINY, max_new_tokens=new_tokens)
    elif shape == "randeng-pegasus-238m":
        big_bert_vocab(folder, 50000, randeng=True)
        rm.make_pegasus(folder, rm.RANDENG_PEGASUS_238M, max_new_tokens=new_tokens)
    else:
        raise SystemExit(f"unknown shape {shape} (known: {', '.join(SHAPES)})")
    gen = json.loads((folder / "generation_config.json").read_text(encoding="utf-8"))
    gen.update(min_new_tokens=new_tokens, max_new_tokens=new_tokens, num_beams=beams)
    (folder / "generation_config.json").write_text(json.dumps(gen, indent=2), encoding="utf-8")
    return folder


def measure_bandwidth(mb: int = 512, repeats: int = 5, device: str = "cpu") -> float:
    """Memory bandwidth in GB/s: best of a few copies of a large array (read + write counted); on a
    GPU, of its own memory."""
    if device != "cpu":
        import torch

        src = torch.ones(mb * 2**20 // 4, device=device)
        dst = torch.empty_like(src)
        best = float("inf")
        for _ in range(repeats + 1):
            torch.cuda.synchronize()
            start = time.perf_counter()
            dst.copy_(src)
            torch.cuda.synchronize()
            best = min(best, time.perf_counter() - start)
        return 2 * src.numel() * 4 / best / 1e9
    import numpy as np

    host_src = np.ones(mb * 2**20 // 8)
    host_dst = np.empty_like(host_src)
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        np.copyto(host_dst, host_src)
        best = min(best, time.perf_counter() - start)
    return 2 * host_src.nbytes / best / 1e9


def step_bytes(folder: Path) -> dict[str, float]:
    """Parameters read per decode step (decoder without cross-attention K/V, plus output layer)."""
    from safetensors import safe_open

    total = 0
    with safe_open(str(folder / "model.safetensors"), "pt") as f:
        names = list(f.keys())
        for name in names:
            is_decoder = "decoder" in name and "embed_tokens" not in name
            cross_kv = (
                "encoder_attn.k_proj" in name
                or "encoder_attn.v_proj" in name
                or "EncDecAttention.k" in name
                or "EncDecAttention.v" in name
            )
            if (is_decoder and not cross_kv) or name.startswith("lm_head"):
                total += _numel(f.get_slice(name).get_shape())
        if not any(n.startswith("lm_head") for n in names):  # tied output layer
            shared = next(
                n for n in names if n.endswith("shared.weight") or n.endswith("embed_tokens.weight")
            )
            total += _numel(f.get_slice(shared).get_shape())
    return {"params": total, "fp32_bytes": 4 * total, "int8_bytes": total}


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM: reset at exec, unlike ru_maxrss on Linux)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _numel(shape) -> int:
    n = 1
    for d in shape:
        n *= int(d)
    return n


# --------------------------------------------------------------------------- workers (one process each)


def _chunks(folder: Path, sections: list[str]) -> list[str]:
    """The inputs every method gets: sections chunked to the model's input budget, as zhsum does."""
    from pipeline.engine.chunking import Chunker
    from pipeline.engine.tokenization import load_tokenizer
    from pipeline.models import config_from_folder

    cfg = config_from_folder(folder)
    chunker = Chunker(load_tokenizer(folder, cfg.tokenizer), cfg.prefix, cfg.max_input_tokens)
    return [c for text in sections for c in chunker(text)]


def worker(method: str, folder: Path, chunks: list[str], device: str) -> WorkerResult:
    from pipeline.summarizers import get_summarizer

    start = time.perf_counter()
    if method == "naive":
        import torch
        from transformers import AutoModelForSeq2SeqLM, GenerationConfig

        from pipeline.engine.devices import cpu_count, quiet_transformers
        from pipeline.engine.tokenization import load_tokenizer

        quiet_transformers()
        torch.set_num_threads(cpu_count())
        tok = load_tokenizer(folder)
        model = AutoModelForSeq2SeqLM.from_pretrained(str(folder), dtype=torch.float32).to(device).eval()
        gen = GenerationConfig.from_pretrained(str(folder))
        loaded = time.perf_counter()
        outputs: list[list[int]] = []
        with torch.inference_mode():
            if device != "cpu":  # one untimed call: CUDA context, kernels and library handles
                warm_ids = torch.tensor([tok.encode_batch([chunks[0]])[0]], device=device)
                model.generate(
                    input_ids=warm_ids, attention_mask=torch.ones_like(warm_ids), generation_config=gen
                )
                torch.cuda.synchronize()
                loaded = time.perf_counter()
            for chunk in chunks:
                ids = torch.tensor([tok.encode_batch([chunk])[0]], device=device)
                out = model.generate(
                    input_ids=ids, attention_mask=torch.ones_like(ids), generation_config=gen
                )
                row = out[0, 1:].tolist()
                eos = gen.eos_token_id if isinstance(gen.eos_token_id, int) else None
                row = row[: row.index(eos)] if eos in row else row
                outputs.append([i for i in row if i != model.config.pad_token_id])
                tok.decode_batch([outputs[-1]])
        done = time.perf_counter()
    else:
        engine, precision = ENGINES[method]
        s = cast(
            "Seq2SeqSummarizer",
            get_summarizer(str(folder), engine=engine, precision=precision, device=device),
        )
        loaded = time.perf_counter()
        if device != "cpu":  # one untimed call, as for the naive loop
            s.generate_ids(s.tokenizer.encode_batch(chunks[:1]))
            loaded = time.perf_counter()
        outputs = s.generate_ids(s.tokenizer.encode_batch(chunks))
        s.tokenizer.decode_batch(outputs)
        done = time.perf_counter()
    gpu_mb = None
    if device.startswith("cuda"):
        import torch

        gpu_mb = round(torch.cuda.max_memory_allocated() / 2**20, 1)
    return {
        "method": method,
        "load_s": round(loaded - start, 3),
        "run_s": round(done - loaded, 3),
        "peak_gpu_mb": gpu_mb,
        "chunks": len(chunks),
        "new_tokens": sum(len(o) for o in outputs),
        "outputs": outputs,
        "peak_rss_mb": peak_rss_mb(),
    }


def step_worker(method: str, folder: Path, text: str, device: str) -> StepResult:
    """Batch-1 milliseconds per decode step: (t(65 tokens) - t(1 token)) / 64, best of 3."""
    from dataclasses import replace

    from pipeline.summarizers import get_summarizer

    engine, precision = ENGINES["hf-batched" if method == "naive" else method]
    s = cast(
        "Seq2SeqSummarizer", get_summarizer(str(folder), engine=engine, precision=precision, device=device)
    )
    ids = s.tokenizer.encode_batch([text])

    def timed(n: int) -> float:
        settings = replace(s.settings, num_beams=1, min_new_tokens=n, max_new_tokens=n)
        best = float("inf")
        for _ in range(3):
            t = time.perf_counter()
            s.backend.generate(ids, settings)
            best = min(best, time.perf_counter() - t)
        return best

    timed(2)
    return {"method": method, "step_ms": round(1000 * (timed(65) - timed(1)) / 64, 2)}


def e2e_worker(folder: Path, docs_dir: Path, out: Path, cold: bool, device: str = "auto") -> E2EResult:
    from pipeline.cli import main

    if cold:
        shutil.rmtree(Path(os.environ["ZHSUM_CACHE"]) / "ct2", ignore_errors=True)
    start = time.perf_counter()
    rc = main(
        [
            "summarize",
            str(docs_dir),
            "--model",
            str(folder),
            "--out",
            str(out),
            "-q",
            *([] if device in ("cpu", "auto") else ["--device", device]),
        ]
    )
    elapsed = time.perf_counter() - start
    out.unlink(missing_ok=True)
    return {
        "method": "e2e-cold" if cold else "e2e-warm",
        "total_s": round(elapsed, 3),
        "rc": rc,
        "peak_rss_mb": peak_rss_mb(),
    }


def _spawn(args: list[str], env: dict[str, str]) -> dict[str, Any]:
    """Run ``python -m eval.bench ARGS`` and return the JSON its last line prints."""
    proc = subprocess.run(
        [sys.executable, "-m", "eval.bench", *args], capture_output=True, text=True, env=env
    )
    if proc.returncode != 0:
        raise SystemExit(f"bench worker {args[:2]} failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- the run


def run(args: argparse.Namespace) -> BenchResult:
    repo = Path(__file__).resolve().parent.parent
    work = Path(args.workdir or tempfile.mkdtemp(prefix="zhsum-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "ZHSUM_CACHE": str(work / "cache"),
        "PYTHONPATH": os.pathsep.join(p for p in (str(repo), os.environ.get("PYTHONPATH", "")) if p),
    }
    docs = corpus_documents(repo)
    docs_dir = work / "docs"
    docs_dir.mkdir(exist_ok=True)
    for i, f in enumerate(docs):
        shutil.copy(f, docs_dir / f"{i:02d}-{f.name}")
    from pipeline.read.document import Document
    from pipeline.read.readers import iter_documents
    from pipeline.segment import segment

    sections = [
        s.text
        for d in iter_documents([str(docs_dir)])
        if isinstance(d, Document)
        for s in segment(d).sections
        if s.text
    ]
    if args.sections:
        sections = sections[: args.sections]
    sections = sections * args.repeat
    result: BenchResult = {
        "machine": {
            "cpus": os.cpu_count(),
            "bandwidth_gb_s": round(measure_bandwidth(device=args.device), 2),
            "device": args.device,
        },
        "new_tokens": args.new_tokens,
        "beams": args.beams,
        "rounds": args.rounds,
        "documents": len(docs),
        "sections": len(sections),
        "section_chars_mean": round(sum(map(len, sections)) / len(sections), 1),
        "models": {},
    }
    print(
        f"bandwidth {result['machine']['bandwidth_gb_s']} GB/s; {len(sections)} sections from {len(docs)} documents",
        file=sys.stderr,
    )
    for shape in args.models:
        folder = build_model(shape, work / "models" / shape, args.new_tokens, args.beams)
        chunks = _chunks(folder, sections)
        (work / "chunks.json").write_text(json.dumps(chunks, ensure_ascii=False), encoding="utf-8")
        methods = [m for m in METHODS if args.device == "cpu" or not m.startswith("ct2")]
        if args.device != "cpu":
            methods += ["gpu-bf16"]
        runs: dict[str, WorkerResult] = {}
        e2e: dict[str, E2EResult] = {}
        chunk_file = str(work / "chunks.json")
        for round_no in range(args.rounds):  # alternate the methods; the best of the rounds counts
            for method in methods:
                print(f"{shape}: round {round_no + 1}, {method} …", file=sys.stderr)
                r = cast(
                    WorkerResult,
                    _spawn(
                        [
                            "--worker",
                            method,
                            "--folder",
                            str(folder),
                            "--chunks",
                            chunk_file,
                            "--device",
                            args.device,
                        ],
                        env,
                    ),
                )
                if (
                    method not in runs
                    or r["run_s"] + r["load_s"] < runs[method]["run_s"] + runs[method]["load_s"]
                ):
                    runs[method] = r
            if not args.no_e2e and not args.sections and args.repeat == 1:  # e2e runs the whole corpus
                kinds = ["cold", "warm"] if args.device == "cpu" and round_no == 0 else ["warm"]
                for kind in kinds:
                    print(
                        f"{shape}: round {round_no + 1}, zhsum summarize end to end ({kind}) …",
                        file=sys.stderr,
                    )
                    e = cast(
                        E2EResult,
                        _spawn(
                            [
                                "--e2e",
                                kind,
                                "--folder",
                                str(folder),
                                "--docs",
                                str(docs_dir),
                                "--out",
                                str(work / "e2e.jsonl"),
                                "--device",
                                args.device,
                            ],
                            env,
                        ),
                    )
                    if e["method"] not in e2e or e["total_s"] < e2e[e["method"]]["total_s"]:
                        e2e[e["method"]] = e
        naive = runs["naive"]
        rows: dict[str, MethodRow] = {}
        for method, r in runs.items():
            row: MethodRow = {
                "sections_per_s": round(r["chunks"] / r["run_s"], 3),
                "tokens_per_s": round(r["new_tokens"] / r["run_s"], 1),
                "load_s": r["load_s"],
                "run_s": r["run_s"],
                "peak_rss_mb": r["peak_rss_mb"],
                "peak_gpu_mb": r.get("peak_gpu_mb"),
                "speedup": round(naive["run_s"] / r["run_s"], 2),
            }
            if method in ("hf-batched", "ct2-fp32", "naive"):
                same = sum(a == b for a, b in zip(r["outputs"], naive["outputs"], strict=True))
                row["agreement_with_naive"] = round(same / len(naive["outputs"]), 3)
            rows[method] = row
        sizes = step_bytes(folder)
        bw = result["machine"]["bandwidth_gb_s"] * 1e9
        steps: dict[str, float] = {}
        if not args.no_steps:
            step_methods = (
                ["naive", "ct2-int8", "ct2-fp32"] if args.device == "cpu" else ["naive", "gpu-bf16"]
            )
            for method in step_methods:
                print(f"{shape}: batch-1 steps, {method} …", file=sys.stderr)
                steps[method] = _spawn(
                    [
                        "--step-worker",
                        method,
                        "--folder",
                        str(folder),
                        "--chunks",
                        str(work / "chunks.json"),
                        "--device",
                        args.device,
                    ],
                    env,
                )["step_ms"]
        entry: dict[str, Any] = {
            "chunks": len(chunks),
            "methods": rows,
            "step_ms": steps,
            "bound_ms": {
                "fp32": round(1000 * sizes["fp32_bytes"] / bw, 3),
                "bf16": round(1000 * sizes["fp32_bytes"] / 2 / bw, 3),
                "int8": round(1000 * sizes["int8_bytes"] / bw, 3),
            },
            "step_params_m": round(sizes["params"] / 1e6, 1),
        }
        if e2e:
            naive_total = naive["load_s"] + naive["run_s"]
            for key, e in e2e.items():
                entry[key] = {
                    "total_s": e["total_s"],
                    "rc": e["rc"],
                    "peak_rss_mb": e["peak_rss_mb"],
                    "speedup_vs_naive_with_load": round(naive_total / e["total_s"], 2),
                }
            entry["naive_total_with_load_s"] = round(naive_total, 3)
        result["models"][shape] = entry
        if args.json:  # after every model, so that a run cut short keeps what it measured
            Path(args.json).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    if not args.workdir:
        shutil.rmtree(work, ignore_errors=True)
    return result


def table(result: BenchResult) -> str:
    m = result["machine"]
    lines = [
        f"python -m eval.bench — {m['cpus']} CPUs, device {m['device']}, memory bandwidth {m['bandwidth_gb_s']} GB/s; "
        f"{result['sections']} sections ({result['section_chars_mean']} chars avg) from {result['documents']} documents; "
        f"{result['new_tokens']} new tokens forced, beams {result['beams']}; best of {result['rounds']} alternating rounds",
        "",
    ]
    for shape, e in result["models"].items():
        lines += [
            f"## {shape} ({e['chunks']} chunks)",
            "",
            "| method | sections/s | tokens/s | speedup vs naive | load s | peak RSS MB | fp32 agreement |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for method, r in e["methods"].items():
            agree = f"{r['agreement_with_naive']:.0%}" if "agreement_with_naive" in r else "-"
            lines.append(
                f"| {method} | {r['sections_per_s']:.3f} | {r['tokens_per_s']:.1f} | {r['speedup']:.2f}x | "
                f"{r['load_s']:.1f} | {r['peak_rss_mb']:.0f} | {agree} |"
            )
        if e["step_ms"]:
            parts = [f"{k} {v} ms" for k, v in e["step_ms"].items()]
            lines += [
                "",
                f"batch-1 decode step: {', '.join(parts)}; bandwidth bound {e['bound_ms']['fp32']} ms (fp32) / "
                f"{e['bound_ms']['bf16']} ms (bf16) / {e['bound_ms']['int8']} ms (int8) for {e['step_params_m']}M parameters read per step",
            ]
        for key in ("e2e-cold", "e2e-warm"):
            if key in e:
                lines.append(
                    f"`zhsum summarize` defaults, {key[4:]}, model load included: {e[key]['total_s']} s vs naive "
                    f"{e['naive_total_with_load_s']} s with load = {e[key]['speedup_vs_naive_with_load']}x"
                )
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", nargs="+", default=list(SHAPES[:3]), choices=SHAPES)
    parser.add_argument("--new-tokens", type=int, default=32)
    parser.add_argument("--beams", type=int, default=1)
    parser.add_argument("--sections", type=int, default=0, help="first N sections only (default: all)")
    parser.add_argument(
        "--repeat", type=int, default=1, help="use the sections N times over (a bigger workload for GPUs)"
    )
    parser.add_argument(
        "--rounds", type=int, default=2, help="alternate the methods this many times; the best run counts"
    )
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--json", help="also write the results here")
    parser.add_argument("--workdir", help="keep models and caches here (default: a temporary folder)")
    parser.add_argument("--no-steps", action="store_true", help="skip batch-1 step timing")
    parser.add_argument("--no-e2e", action="store_true", help="skip the end-to-end zhsum summarize runs")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--step-worker", help=argparse.SUPPRESS)
    parser.add_argument("--e2e", help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    parser.add_argument("--chunks", help=argparse.SUPPRESS)
    parser.add_argument("--docs", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker or args.step_worker:
        chunks = json.loads(Path(args.chunks).read_text(encoding="utf-8"))
        if args.worker:
            print(json.dumps(worker(args.worker, Path(args.folder), chunks, args.device)))
        else:
            mid = sorted(chunks, key=len)[len(chunks) // 2]
            print(json.dumps(step_worker(args.step_worker, Path(args.folder), mid, args.device)))
        return 0
    if args.e2e:
        print(
            json.dumps(
                e2e_worker(
                    Path(args.folder), Path(args.docs), Path(args.out), args.e2e == "cold", args.device
                )
            )
        )
        return 0
    result = run(args)
    print(table(result))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
