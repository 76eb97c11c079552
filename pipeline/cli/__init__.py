"""Command line: ``zhsum segment | summarize | prepare | evaluate | validate | models | bench``.

Every user-facing problem is printed as one line, ``zhsum: error: …``, never a traceback; exit
status 1 means some inputs failed (the rest were processed), 2 means the command could not run.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence

from pipeline.errors import InputError, ZhsumError
from pipeline.io.document import Fields
from pipeline.io.readers import iter_documents


def _error(message: str) -> None:
    print(f"zhsum: error: {message}", file=sys.stderr)


def _add_fields(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--text-field", default="text", help="JSONL/CSV field with the article text (default: text)")
    parser.add_argument("--id-field", default="id", help="JSONL/CSV field with the document id (default: id)")
    parser.add_argument("--title-field", default="title", help="JSONL/CSV field with the title (default: title)")


def _fields(args: argparse.Namespace) -> Fields:
    return Fields(text=args.text_field, id=args.id_field, title=args.title_field)


# --------------------------------------------------------------------------- segment


def cmd_segment(args: argparse.Namespace) -> int:
    from pipeline.render.markdown import to_markdown
    from pipeline.segment import segment

    failed = 0
    results = []
    for item in iter_documents(args.paths, _fields(args)):
        if isinstance(item, InputError):
            _error(str(item))
            failed += 1
            continue
        seg = segment(item)
        if args.format == "json":
            results.append(seg.to_dict())
        elif args.format == "jsonl":
            print(json.dumps(seg.to_dict(), ensure_ascii=False), flush=True)
        else:
            print(to_markdown(seg))
    if args.format == "json" and results:
        payload = results[0] if len(results) == 1 and failed == 0 and _single_input(args.paths) else results
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    return 1 if failed else 0


def _single_input(paths: Sequence[str]) -> bool:
    from pathlib import Path

    return len(paths) == 1 and (paths[0] == "-" or Path(paths[0]).is_file())


# --------------------------------------------------------------------------- summarize


def _add_generation(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("generation overrides (seq2seq models)")
    group.add_argument("--num-beams", type=int)
    group.add_argument("--max-new-tokens", type=int)
    group.add_argument("--min-new-tokens", type=int)
    group.add_argument("--no-repeat-ngram-size", type=int)
    group.add_argument("--length-penalty", type=float)
    group.add_argument("--repetition-penalty", type=float)


def _generation_overrides(args: argparse.Namespace) -> dict[str, object]:
    keys = ("num_beams", "max_new_tokens", "min_new_tokens", "no_repeat_ngram_size", "length_penalty", "repetition_penalty")
    return {k: getattr(args, k) for k in keys if getattr(args, k, None) is not None}


def cmd_summarize(args: argparse.Namespace) -> int:
    from pipeline.cli.summarize import run_summarize

    return run_summarize(
        paths=args.paths,
        model=args.model,
        out=args.out,
        fmt=args.format,
        fields=_fields(args),
        batch_size=args.batch_size,
        device=args.device,
        precision=args.precision,
        engine=args.engine,
        generation=_generation_overrides(args),
        progress=not args.quiet,
        trim_vocab=args.trim_vocab,
    )


def cmd_prepare(args: argparse.Namespace) -> int:
    from pipeline.runner import SummaryPipeline

    start = time.perf_counter()
    pipe = SummaryPipeline(args.model, device=args.device, precision=args.precision, engine=args.engine,
                           trim_vocab=args.trim_vocab)
    info = pipe.summarizer.describe()
    details = ", ".join(f"{k} {v}" for k, v in info.items() if k not in ("name", "abstractive") and v is not None)
    kind = "abstractive" if info.get("abstractive") else "extractive"
    print(f"ready: {pipe.model_name} ({kind}{', ' + details if details else ''}) in {time.perf_counter() - start:.1f} s")
    return 0


# --------------------------------------------------------------------------- evaluate


def cmd_evaluate(args: argparse.Namespace) -> int:
    from pipeline.cli.evaluate import run_evaluate

    return run_evaluate(args)


# --------------------------------------------------------------------------- validate / models


def cmd_validate(args: argparse.Namespace) -> int:
    from pipeline.config import validate_all

    problems, count = validate_all(args.configs)
    for problem in problems:
        _error(problem)
    if not problems:
        print(f"ok: {count} config files valid")
    return 1 if problems else 0


def cmd_models(args: argparse.Namespace) -> int:
    from pipeline.config import load_registry

    for name, cfg in sorted(load_registry().items()):
        where = cfg.hub_id or "(no weights)"
        print(f"{name:24s} {cfg.kind:10s} {cfg.architecture or '-':10s} {where}")
    return 0


# --------------------------------------------------------------------------- parser

INT8_NOTE = (
    "On CPU the default engine runs a CTranslate2 int8 copy of the model: faster, and its summaries can "
    "differ slightly from the PyTorch model's. Pass --precision fp32 for output identical to the PyTorch path."
)


TRIM_NOTE = (
    "approximate, opt-in (CTranslate2 only): restrict the output vocabulary to the tokens Chinese news uses; "
    "faster for mT5's 250k-token vocabulary (1.4x batched on mT5-small's shape here); outputs may differ from the full model's"
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="zhsum", description="Chinese news summarization: segment, summarize, evaluate.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("segment", help="cut articles into title, lede and headed sections")
    p.add_argument("paths", nargs="+", metavar="PATH", help="file, directory, or - for stdin")
    p.add_argument("--format", choices=["json", "jsonl", "md"], default="json")
    _add_fields(p)
    p.set_defaults(func=cmd_segment)

    p = sub.add_parser("summarize", help="summarize every section of every document", epilog=INT8_NOTE)
    p.add_argument("paths", nargs="+", metavar="INPUT", help="file, directory, or - for stdin")
    p.add_argument("--model", "-m", default=None, help="registered name, local model folder, or hub id (default: configs/default.yaml)")
    p.add_argument("--out", "-o", help="output file; .jsonl runs resume (documents already done are skipped)")
    p.add_argument("--format", choices=["jsonl", "json", "md"], default=None, help="default: from --out's suffix, else jsonl")
    p.add_argument("--batch-size", type=int, default=None, help="sections per batch (default: a token budget)")
    p.add_argument("--device", default="auto", help="auto (cuda, then mps, then cpu), cpu, cuda, cuda:1, mps")
    p.add_argument("--precision", choices=["auto", "int8", "fp32", "bf16"], default="auto",
                   help="auto: int8 on CPU (CTranslate2), bf16 on GPU; fp32: identical to the PyTorch model")
    p.add_argument("--engine", choices=["auto", "torch", "ctranslate2"], default="auto",
                   help="auto: CTranslate2 on CPU where the architecture allows, else PyTorch")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    p.add_argument("--trim-vocab", action="store_true", help=TRIM_NOTE)
    _add_generation(p)
    _add_fields(p)
    p.set_defaults(func=cmd_summarize)

    p = sub.add_parser("prepare", help="load a model once: convert it for the CPU fast path, cache its tokenizer")
    p.add_argument("--model", "-m", default=None, help="registered name, local model folder, or hub id")
    p.add_argument("--device", default="auto")
    p.add_argument("--precision", choices=["auto", "int8", "fp32", "bf16"], default="auto")
    p.add_argument("--engine", choices=["auto", "torch", "ctranslate2"], default="auto")
    p.add_argument("--trim-vocab", action="store_true", help=TRIM_NOTE)
    p.set_defaults(func=cmd_prepare)

    p = sub.add_parser("evaluate", help="score summaries with Chinese ROUGE and compare models")
    p.add_argument("--data", required=True, help="JSONL, CSV, or a saved datasets folder with text and reference summary")
    p.add_argument("--models", nargs="*", default=[], help="models to run (registered names, folders, lead, textrank)")
    p.add_argument("--predictions", nargs="*", default=[], metavar="NAME=FILE", help="existing predictions, JSONL of {id, summary}")
    p.add_argument("--out", default=None, help="directory for report.json, report.md, predictions/ and the chart")
    p.add_argument("--tokenize", choices=["char", "jieba"], default="char")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--limit", type=int, default=None, help="first N documents only")
    p.add_argument("--resamples", type=int, default=1000, help="bootstrap resamples (default 1000)")
    p.add_argument("--summary-field", default="summary")
    p.add_argument("--text-field", default="text")
    p.add_argument("--id-field", default="id")
    p.add_argument("--device", default="auto")
    p.add_argument("--precision", choices=["auto", "int8", "fp32", "bf16"], default="auto")
    p.add_argument("--quiet", "-q", action="store_true")
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser("validate", help="check every config file")
    p.add_argument("configs", nargs="*", help="config files or folders (default: the configs/ folder)")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("models", help="list registered models")
    p.set_defaults(func=cmd_models)

    sub.add_parser("bench", help="speed benchmark: the engine against the naive loop (zhsum bench --help)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["bench"]:  # its own parser: zhsum bench --help
        from eval.bench import main as bench_main

        return bench_main(argv[1:])
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except ZhsumError as exc:
        _error(str(exc))
        return 2
    except KeyboardInterrupt:
        _error("interrupted (a re-run with the same --out resumes where this one stopped)")
        return 130
    except BrokenPipeError:
        return 0


