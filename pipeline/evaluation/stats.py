"""Scores, intervals, paired comparisons and model-free statistics of summaries.

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
  repetition and numbers that are not in the source (digits, Chinese numerals, dates and
  percentages read to values, so ``1.2万`` in the source supports ``12000`` in a summary; the
  rules are in :mod:`pipeline.evidence`);
* the model-free figures of :mod:`pipeline.evaluation.metrics` (length, compression, novel
  n-grams, Grusky's coverage and density, redundancy, numbers not in the source) are computed per
  document and averaged over the documents where they are defined, with the same bootstrap interval;
* ``report.json`` also lists every document (``documents``): its id and, per model, the P/R/F of
  each metric, the summary's length, the numbers it has that the source does not and its figures.
"""

from __future__ import annotations

import itertools
import statistics

import numpy as np

from pipeline.evaluation import metrics as summary_metrics
from pipeline.evaluation.data import Example
from pipeline.evaluation.metrics import char_ngrams
from pipeline.evaluation.rouge import METRICS, RougeScorer, get_tokenizer
from pipeline.evidence import source_values, unsupported_numbers

# --------------------------------------------------------------------------- statistics


def summary_stats(sources: list[str], summaries: list[str]) -> dict[str, object]:
    lengths = [len(s) for s in summaries]
    novel = {}
    for n in range(1, 5):
        total = novel_count = 0
        for src, summ in zip(sources, summaries, strict=True):
            grams = char_ngrams(summ, n)
            src_grams = set(char_ngrams(src, n))
            total += len(grams)
            novel_count += sum(1 for g in grams if g not in src_grams)
        novel[f"novel_{n}gram"] = round(100 * novel_count / total, 2) if total else 0.0
    rep_total = rep_repeated = 0
    unsupported = docs_with_unsupported = 0
    for src, summ in zip(sources, summaries, strict=True):
        grams = char_ngrams(summ, 3)
        rep_total += len(grams)
        rep_repeated += len(grams) - len(set(grams))
        missing = unsupported_numbers(summ, src)
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


def score_model(
    examples: list[Example], predictions: list[str], scorer: RougeScorer
) -> dict[str, np.ndarray]:
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


def build_report(
    examples: list[Example],
    predictions: dict[str, list[str]],
    *,
    tokenize: str = "char",
    seed: int = 0,
    resamples: int = 1000,
    speeds: dict[str, float] | None = None,
) -> dict[str, object]:
    scorer = RougeScorer(get_tokenizer(tokenize))
    idx = bootstrap_indices(len(examples), resamples, seed)
    sources = [e.text for e in examples]
    per_doc: dict[str, dict[str, np.ndarray]] = {}
    figures: dict[str, dict[str, list[float | None]]] = {}
    models: dict[str, object] = {}
    for name, preds in predictions.items():
        scores = score_model(examples, preds, scorer)
        per_doc[name] = scores
        figures[name] = summary_metrics.per_document(sources, preds)
        entry: dict[str, object] = {}
        for m in METRICS:
            mean = scores[m].mean(axis=0)
            boot_f = scores[m][:, 2][idx].mean(axis=1)
            lo, hi = np.percentile(boot_f, [2.5, 97.5])
            entry[m] = {
                "p": round(float(mean[0]), 4),
                "r": round(float(mean[1]), 4),
                "f": round(float(mean[2]), 4),
                "ci95": [round(float(lo), 4), round(float(hi), 4)],
            }
        empty = sum(1 for p in preds if not scorer.tokenizer.tokenize(p))
        entry["empty"] = empty
        entry["stats"] = summary_stats(sources, preds)
        entry["metrics"] = {
            metric: {
                **summary_metrics.aggregate(values, idx, summary_metrics.METRICS[metric].interval),
                "higher_is_better": summary_metrics.METRICS[metric].higher_is_better,
            }
            for metric, values in figures[name].items()
        }
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
        "tokenize": tokenize,
        "n": len(examples),
        "seed": seed,
        "resamples": resamples,
        "references_per_doc": max(len(e.references) for e in examples),
        "models": models,
        "comparisons": comparisons,
        "documents": per_document(examples, predictions, per_doc, figures),
    }


def per_document(
    examples: list[Example],
    predictions: dict[str, list[str]],
    scores: dict[str, dict[str, np.ndarray]],
    figures: dict[str, dict[str, list[float | None]]] | None = None,
) -> list[dict[str, object]]:
    """Each document's id and, per model, its P/R/F per metric (0–100, two decimals), the
    summary's length in characters, the numbers it has that the source does not, and its
    model-free figures (:mod:`pipeline.evaluation.metrics`, two decimals, null where undefined)."""
    out: list[dict[str, object]] = []
    for row, ex in enumerate(examples):
        values = source_values(ex.text)
        models: dict[str, object] = {}
        for name, preds in predictions.items():
            entry: dict[str, object] = {
                m: dict(zip("prf", (round(float(x), 2) for x in scores[name][m][row]), strict=True))
                for m in METRICS
            }
            entry["chars"] = len(preds[row])
            entry["numbers_not_in_source"] = [
                x.text for x in unsupported_numbers(preds[row], ex.text, values)
            ]
            if figures is not None:
                entry["metrics"] = {
                    k: (round(v[row], 2) if v[row] is not None else None)  # type: ignore[arg-type]
                    for k, v in figures[name].items()
                }
            models[name] = entry
        out.append({"id": ex.id, "models": models})
    return out
