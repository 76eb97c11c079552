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

from pipeline.evaluation.data import Example
from pipeline.evaluation.metrics import char_ngrams
from pipeline.evaluation.registry import (
    Item,
    Tokenizer,
    aggregate,
    aggregate_parts,
    bootstrap_indices,
    compare,
    registered,
)
from pipeline.evaluation.registry import per_document as per_doc_values
from pipeline.evaluation.rouge import METRICS, get_tokenizer
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


def _items(examples: list[Example], predictions: list[str], tokenizer: Tokenizer) -> list[Item]:
    return [
        Item(e.text, p, tuple(e.references), tokenizer) for e, p in zip(examples, predictions, strict=True)
    ]


def score_model(
    examples: list[Example], predictions: list[str], tokenizer: Tokenizer | None = None
) -> dict[str, np.ndarray]:
    """Per-document parts (ROUGE: P/R/F, 0–100) of every metric scored against references: arrays
    of shape (n, parts)."""
    scored = registered(against_references=True)
    values = per_doc_values(_items(examples, predictions, tokenizer or get_tokenizer("char")), scored)
    return {
        m.name: np.array(values[m.name], dtype=float).reshape(len(examples), len(m.parts)) for m in scored
    }


def build_report(
    examples: list[Example],
    predictions: dict[str, list[str]],
    *,
    tokenize: str = "char",
    seed: int = 0,
    resamples: int = 1000,
    speeds: dict[str, float] | None = None,
) -> dict[str, object]:
    """Every registered metric of every model (:mod:`pipeline.evaluation.registry`): those scored
    against references as P/R/F with an interval on F and compared pairwise, the model-free figures
    as means with intervals; plus the older statistics, the empty summaries and each document."""
    tokenizer = get_tokenizer(tokenize)
    idx = bootstrap_indices(len(examples), resamples, seed)
    scored, figures_of = registered(against_references=True), registered(against_references=False)
    per_doc: dict[str, dict[str, np.ndarray]] = {}
    figures: dict[str, dict[str, list[float | None]]] = {}
    models: dict[str, object] = {}
    sources = [e.text for e in examples]
    for name, preds in predictions.items():
        values = per_doc_values(_items(examples, preds, tokenizer), [*scored, *figures_of])
        per_doc[name] = {
            m.name: np.array(values[m.name], dtype=float).reshape(len(examples), len(m.parts)) for m in scored
        }
        figures[name] = {m.name: values[m.name] for m in figures_of}  # type: ignore[misc]
        entry: dict[str, object] = {
            m.name: aggregate_parts(per_doc[name][m.name], idx, m.parts) for m in scored
        }
        entry["empty"] = sum(1 for p in preds if not tokenizer.tokenize(p))
        entry["stats"] = summary_stats(sources, preds)
        entry["metrics"] = {
            m.name: {
                **aggregate(figures[name][m.name], idx, m.interval),
                "higher_is_better": m.higher_is_better,
            }
            for m in figures_of
        }
        if speeds and name in speeds:
            entry["docs_per_s"] = round(speeds[name], 3)
        models[name] = entry
    comparisons = []
    for a, b in itertools.combinations(predictions, 2):
        comp: dict[str, object] = {"a": a, "b": b}
        for m in scored:
            comp[m.name] = compare(per_doc[a][m.name][:, -1], per_doc[b][m.name][:, -1], idx)
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
