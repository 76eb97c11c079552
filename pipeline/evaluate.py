"""``zhsum evaluate``: score models' summaries with Chinese ROUGE and compare them side by side.

How the report is computed (also written into ``report.md``):

* every model is scored on the same documents; ROUGE as specified in :mod:`pipeline.metrics`,
  per document, on a 0–100 scale, then averaged (an empty prediction scores 0 and is counted);
* with several references, each metric takes the best-F reference per document;
* 95% interval: percentile bootstrap, ``--resamples`` (default 1,000) resamples of the documents
  drawn with ``numpy.random.default_rng(seed)``, around the exact mean (not the bootstrap median);
* each pair of models is compared on the same resamples (paired bootstrap): the mean difference
  of F, its two-sided p-value ``min(1, 2·min(P(Δ*≤0), P(Δ*≥0)))``, and the share of documents each
  model wins (ties counted apart);
* model-free statistics describe the summaries themselves: length, compression, novelty,
  repetition and numbers that are not in the source.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from pipeline.errors import ZhsumError
from pipeline.metrics import METRICS, RougeScorer, get_tokenizer


@dataclass(frozen=True)
class Example:
    id: str
    text: str
    references: tuple[str, ...]


# --------------------------------------------------------------------------- data


def _records_jsonl(path: Path) -> list[tuple[int, dict]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ZhsumError(f"{path}:{number}: malformed JSON ({exc.msg}); fix or remove the line") from None
        if not isinstance(record, dict):
            raise ZhsumError(f"{path}:{number}: expected a JSON object per line")
        rows.append((number, record))
    return rows


def _records_csv(path: Path) -> list[tuple[int, dict]]:
    reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")))
    rows = []
    for row in reader:
        if None in row:
            raise ZhsumError(f"{path}:{reader.line_num}: malformed CSV (more cells than columns); fix the quoting")
        rows.append((reader.line_num, row))
    return rows


def _records_dataset(path: Path) -> list[tuple[int, dict]]:
    import datasets

    try:
        ds = datasets.load_from_disk(str(path))
    except (FileNotFoundError, ValueError) as exc:
        raise ZhsumError(f"{path}: not a saved datasets dataset ({exc})") from None
    if isinstance(ds, datasets.DatasetDict):
        split = "test" if "test" in ds else next(iter(ds))
        ds = ds[split]
    return [(i + 1, dict(row)) for i, row in enumerate(ds)]


def load_examples(path: str, *, text_field: str = "text", summary_field: str = "summary", id_field: str = "id") -> list[Example]:
    """Documents with their reference summaries (a string or a list of strings)."""
    p = Path(path)
    if not p.exists():
        raise ZhsumError(f"--data {path}: no such file or folder")
    if p.is_dir():
        rows = _records_dataset(p)
    elif p.suffix.lower() == ".csv":
        rows = _records_csv(p)
    else:
        rows = _records_jsonl(p)
    if not rows:
        raise ZhsumError(f"--data {path}: empty (no records)")
    examples: list[Example] = []
    seen: dict[str, int] = {}
    for number, row in rows:
        for field, flag in ((text_field, "--text-field"), (summary_field, "--summary-field")):
            if field not in row:
                fields = ", ".join(map(str, row)) or "none"
                raise ZhsumError(f"{path}:{number}: no field '{field}' (fields: {fields}; set {flag})")
        refs = row[summary_field]
        refs = [refs] if isinstance(refs, str) else refs
        if not isinstance(refs, list) or not refs or not all(isinstance(r, str) for r in refs):
            raise ZhsumError(f"{path}:{number}: '{summary_field}' must be a string or a non-empty list of strings")
        if not isinstance(row[text_field], str):
            raise ZhsumError(f"{path}:{number}: '{text_field}' must be a string")
        doc_id = str(row[id_field]) if row.get(id_field) not in (None, "") else str(number)
        if doc_id in seen:
            raise ZhsumError(f"{path}:{number}: duplicate id '{doc_id}' (first at line {seen[doc_id]}); ids must be unique")
        seen[doc_id] = number
        examples.append(Example(doc_id, row[text_field], tuple(refs)))
    return examples


def load_predictions(spec: str, examples: list[Example], all_ids: list[str] | None = None) -> tuple[str, list[str]]:
    """``NAME=FILE`` of ``{"id", "summary"}`` lines, aligned to the examples by id. Every example
    needs a prediction; an id outside ``all_ids`` (the whole data file, when ``--limit`` took the
    first documents) is an error."""
    if "=" not in spec:
        raise ZhsumError(f"--predictions {spec}: expected NAME=FILE")
    name, file = spec.split("=", 1)
    path = Path(file)
    if not path.exists():
        raise ZhsumError(f"--predictions {spec}: no such file {file}")
    by_id: dict[str, str] = {}
    for number, record in _records_jsonl(path):
        if "id" not in record or "summary" not in record:
            raise ZhsumError(f"{file}:{number}: each line needs 'id' and 'summary'")
        summary = record["summary"]
        if summary is None:
            summary = ""
        if not isinstance(summary, str):
            raise ZhsumError(f"{file}:{number}: 'summary' must be a string")
        key = str(record["id"])
        if key in by_id:
            raise ZhsumError(f"{file}:{number}: duplicate id '{key}'")
        by_id[key] = summary
    wanted = [e.id for e in examples]
    missing = [i for i in wanted if i not in by_id]
    if missing:
        shown = ", ".join(missing[:5]) + (" …" if len(missing) > 5 else "")
        raise ZhsumError(f"{file}: no prediction for {len(missing)} document(s) of --data: {shown} (predictions align by id)")
    known = set(all_ids) if all_ids is not None else set(wanted)
    unknown = [i for i in by_id if i not in known]
    if unknown:
        shown = ", ".join(unknown[:5]) + (" …" if len(unknown) > 5 else "")
        raise ZhsumError(f"{file}: {len(unknown)} id(s) not in --data: {shown} (wrong data file, or ids changed?)")
    return name, [by_id[i] for i in wanted]


def generate_predictions(spec: str, examples: list[Example], args) -> tuple[str, list[str], float]:
    """Summaries by any model ``summarize`` accepts, through the same pipeline; returns docs/s."""
    from pipeline.batch import SummaryPipeline
    from pipeline.readers import Document, text_to_blocks

    pipe = SummaryPipeline(spec, device=args.device, precision=args.precision)
    docs = [Document(e.id, e.id, text_to_blocks(e.text)) for e in examples]
    start = time.perf_counter()
    records = list(pipe.summarize_documents(docs))
    elapsed = time.perf_counter() - start
    failed = [r for r in records if r["error"]]
    if failed:
        raise ZhsumError(f"model '{spec}' failed on {len(failed)} document(s), first: {failed[0]['error']}")
    return pipe.model_name, [str(r["summary"]) for r in records], len(records) / elapsed if elapsed > 0 else 0.0


# --------------------------------------------------------------------------- statistics

_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _char_ngrams(text: str, n: int) -> list[str]:
    chars = [c for c in text if not c.isspace()]
    return ["".join(chars[i:i + n]) for i in range(len(chars) - n + 1)]


def summary_stats(sources: list[str], summaries: list[str]) -> dict[str, object]:
    lengths = [len(s) for s in summaries]
    novel = {}
    for n in range(1, 5):
        total = novel_count = 0
        for src, summ in zip(sources, summaries, strict=True):
            grams = _char_ngrams(summ, n)
            src_grams = set(_char_ngrams(src, n))
            total += len(grams)
            novel_count += sum(1 for g in grams if g not in src_grams)
        novel[f"novel_{n}gram"] = round(100 * novel_count / total, 2) if total else 0.0
    rep_total = rep_repeated = 0
    unsupported = docs_with_unsupported = 0
    for src, summ in zip(sources, summaries, strict=True):
        grams = _char_ngrams(summ, 3)
        rep_total += len(grams)
        rep_repeated += len(grams) - len(set(grams))
        missing = [x for x in _NUMBER.findall(summ) if x not in set(_NUMBER.findall(src))]
        unsupported += len(missing)
        docs_with_unsupported += bool(missing)
    src_len = sum(len(s) for s in sources)
    return {
        "mean_chars": round(statistics.fmean(lengths), 2) if lengths else 0.0,
        "median_chars": statistics.median(lengths) if lengths else 0,
        "compression": round(src_len / sum(lengths), 2) if sum(lengths) else None,
        **novel,
        "repeated_3gram": round(100 * rep_repeated / rep_total, 2) if rep_total else 0.0,
        "numbers_not_in_source": unsupported,
        "docs_with_numbers_not_in_source": docs_with_unsupported,
    }


def score_model(examples: list[Example], predictions: list[str], scorer: RougeScorer) -> dict[str, np.ndarray]:
    """Per-document P/R/F (0–100) for each metric: arrays of shape (n, 3)."""
    out = {m: np.zeros((len(examples), 3)) for m in METRICS}
    for row, (ex, pred) in enumerate(zip(examples, predictions, strict=True)):
        scores = scorer.score_multi(ex.references, pred)
        for m in METRICS:
            s = scores[m]
            out[m][row] = (100 * s.precision, 100 * s.recall, 100 * s.fmeasure)
    return out


def bootstrap_indices(n: int, resamples: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, n, size=(resamples, n))


def build_report(examples: list[Example], predictions: dict[str, list[str]], *, tokenize: str = "char",
                 seed: int = 0, resamples: int = 1000, speeds: dict[str, float] | None = None) -> dict[str, object]:
    scorer = RougeScorer(get_tokenizer(tokenize))
    idx = bootstrap_indices(len(examples), resamples, seed)
    sources = [e.text for e in examples]
    per_doc: dict[str, dict[str, np.ndarray]] = {}
    models: dict[str, object] = {}
    for name, preds in predictions.items():
        scores = score_model(examples, preds, scorer)
        per_doc[name] = scores
        entry: dict[str, object] = {}
        for m in METRICS:
            mean = scores[m].mean(axis=0)
            boot_f = scores[m][:, 2][idx].mean(axis=1)
            lo, hi = np.percentile(boot_f, [2.5, 97.5])
            entry[m] = {"p": round(float(mean[0]), 4), "r": round(float(mean[1]), 4), "f": round(float(mean[2]), 4),
                        "ci95": [round(float(lo), 4), round(float(hi), 4)]}
        empty = sum(1 for p in preds if not scorer.tokenizer.tokenize(p))
        entry["empty"] = empty
        entry["stats"] = summary_stats(sources, preds)
        if speeds and name in speeds:
            entry["docs_per_s"] = round(speeds[name], 3)
        models[name] = entry
    comparisons = []
    for a, b in itertools.combinations(predictions, 2):
        comp: dict[str, object] = {"a": a, "b": b}
        for m in METRICS:
            diff = per_doc[a][m][:, 2] - per_doc[b][m][:, 2]
            boot = diff[idx].mean(axis=1)
            p = min(1.0, 2 * min(float((boot <= 0).mean()), float((boot >= 0).mean())))
            comp[m] = {
                "diff_f": round(float(diff.mean()), 4),
                "p_value": round(p, 4),
                "a_wins": round(float((diff > 0).mean()), 4),
                "b_wins": round(float((diff < 0).mean()), 4),
                "ties": round(float((diff == 0).mean()), 4),
            }
        comparisons.append(comp)
    return {
        "tokenize": tokenize, "n": len(examples), "seed": seed, "resamples": resamples,
        "references_per_doc": max(len(e.references) for e in examples),
        "models": models, "comparisons": comparisons,
    }


# --------------------------------------------------------------------------- outputs


def table(report: dict) -> str:
    lines = [
        "| model | ROUGE-1 F | ROUGE-2 F | ROUGE-L F (summary-level) | empty | mean chars | docs/s |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, entry in report["models"].items():
        cells = [f"{entry[m]['f']:.2f} [{entry[m]['ci95'][0]:.2f}, {entry[m]['ci95'][1]:.2f}]" for m in METRICS]
        speed = f"{entry['docs_per_s']:.1f}" if "docs_per_s" in entry else "-"
        lines.append(f"| {name} | {' | '.join(cells)} | {entry['empty']} | {entry['stats']['mean_chars']} | {speed} |")
    return "\n".join(lines)


def markdown_report(report: dict) -> str:
    out = [
        "# zhsum evaluation", "",
        f"{report['n']} documents; tokens: `{report['tokenize']}`; up to {report['references_per_doc']} reference(s) per "
        "document (each metric takes the best-F reference); 0–100 scale; brackets: 95% percentile-bootstrap "
        f"interval ({report['resamples']} resamples, seed {report['seed']}) around the exact mean.", "",
        table(report), "",
    ]
    if report["comparisons"]:
        out += ["## Paired comparisons (same documents, same resamples)", "",
                "| a | b | metric | mean ΔF (a−b) | p (two-sided) | a wins | b wins | ties |", "|---|---|---|---:|---:|---:|---:|---:|"]
        for c in report["comparisons"]:
            for m in METRICS:
                d = c[m]
                out.append(f"| {c['a']} | {c['b']} | {m} | {d['diff_f']:+.2f} | {d['p_value']:.3f} | {d['a_wins']:.1%} | {d['b_wins']:.1%} | {d['ties']:.1%} |")
        out.append("")
    out += ["## Summary statistics (model-free)", "",
            "| model | mean / median chars | compression | novel 1/2/3/4-gram % | repeated 3-gram % | numbers not in source (docs) |",
            "|---|---:|---:|---:|---:|---:|"]
    for name, entry in report["models"].items():
        s = entry["stats"]
        novel = "/".join(str(s[f"novel_{n}gram"]) for n in range(1, 5))
        out.append(f"| {name} | {s['mean_chars']} / {s['median_chars']} | {s['compression']} | {novel} | {s['repeated_3gram']} | "
                   f"{s['numbers_not_in_source']} ({s['docs_with_numbers_not_in_source']}) |")
    out += ["", "## How this was computed", "", (__doc__ or "").split("How the report is computed (also written into ``report.md``):")[-1].strip(),
            "", "ROUGE specification: see `pipeline/metrics.py` (NFKC, ASCII lower-case, one token per ideograph or per "
            "ASCII letter/digit run; ROUGE-L is summary-level, sentences split after 。！？!?).", ""]
    return "\n".join(out)


def chart(report: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(report["models"])
    fig, ax = plt.subplots(figsize=(max(5, 1.6 * len(names) + 2), 4), dpi=110)
    width = 0.8 / len(METRICS)
    for k, m in enumerate(METRICS):
        values = [report["models"][n][m]["f"] for n in names]
        lo = [v - report["models"][n][m]["ci95"][0] for v, n in zip(values, names, strict=True)]
        hi = [report["models"][n][m]["ci95"][1] - v for v, n in zip(values, names, strict=True)]
        xs = [i + (k - 1) * width for i in range(len(names))]
        ax.bar(xs, values, width, yerr=[lo, hi], capsize=3, label=m.upper())
    ax.set_xticks(range(len(names)), names)
    ax.set_ylabel("F (0–100)")
    ax.set_title(f"ROUGE F, 95% bootstrap intervals\n(n={report['n']}, tokens: {report['tokenize']}, summary-level ROUGE-L)",
                 fontsize=10)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=len(METRICS), fontsize=9, frameon=False)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def run_evaluate(args) -> int:
    if not args.models and not args.predictions:
        raise ZhsumError("nothing to evaluate: give --models NAME... and/or --predictions NAME=FILE...")
    examples = load_examples(args.data, text_field=args.text_field, summary_field=args.summary_field,
                             id_field=args.id_field)
    all_ids = [e.id for e in examples]
    examples = examples[: args.limit] if args.limit else examples
    predictions: dict[str, list[str]] = {}
    speeds: dict[str, float] = {}
    for spec in args.predictions:
        name, preds = load_predictions(spec, examples, all_ids)
        if name in predictions:
            raise ZhsumError(f"two prediction sets named '{name}'")
        predictions[name] = preds
    for spec in args.models:
        name, preds, speed = generate_predictions(spec, examples, args)
        if name in predictions:
            raise ZhsumError(f"two prediction sets named '{name}'")
        predictions[name], speeds[name] = preds, speed
    report = build_report(examples, predictions, tokenize=args.tokenize, seed=args.seed, resamples=args.resamples,
                          speeds=speeds)
    print(table(report))
    if args.out:
        out = Path(args.out)
        (out / "predictions").mkdir(parents=True, exist_ok=True)
        for name, preds in predictions.items():
            safe = re.sub(r"[^\w.-]+", "_", name)
            lines = [json.dumps({"id": e.id, "summary": p}, ensure_ascii=False) for e, p in zip(examples, preds, strict=True)]
            (out / "predictions" / f"{safe}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        (out / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        (out / "report.md").write_text(markdown_report(report), encoding="utf-8")
        chart(report, out / "rouge.png")
        print(f"zhsum: wrote {out / 'report.json'}, report.md, rouge.png and predictions/", file=sys.stderr)
    return 0


__all__ = ["Example", "build_report", "load_examples", "load_predictions", "run_evaluate"]
