"""Model-free figures of summaries, as a registry: each metric is one function of (source, summary)
per document, aggregated as the mean over the documents where it is defined, with a 95% bootstrap
interval on the same resamples as ROUGE, and a direction (higher is better, lower is better, or
neither: a description such as length). A new metric is one function here plus its test:

    @register_metric("name", "what it measures", higher_is_better=None)
    def name(source: str, summary: str) -> float | None: ...

``None`` means undefined for that document (a compression ratio of an empty summary) and the
document is left out of that metric's mean (its ``n`` says how many counted), never scored 0.

Where the definitions come from and where they depart:

* ``coverage`` and ``density`` are the extractive-fragment measures of Grusky et al. (2018,
  Newsroom): with F the fragments a summary S shares with its source A, coverage = Σ|f| / |S| and
  density = Σ|f|² / |S|. Departure: fragments are taken over characters (Chinese has no spaces to
  count words by) and need four characters (:func:`pipeline.evidence.copied_spans`); lengths are in
  non-space characters.
* ``novel_Ngram``: the share of a summary's character N-grams (spaces removed) not in its source
  (See et al., 2017, count words; Chinese text is counted in characters here).
* ``redundancy``: the share of a summary's character 3-grams that repeat an earlier one in it.
* ``unsupported_numbers`` / ``has_unsupported``: numbers, dates and percentages of the summary the
  source does not hold (:func:`pipeline.evidence.unsupported_numbers`), per document and as the
  share of documents with any.
* ``compression``: source characters over summary characters; ``chars``: summary length.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from pipeline.evidence import copied_spans, unsupported_numbers

Compute = Callable[[str, str], float | None]


@dataclass(frozen=True)
class Metric:
    name: str
    description: str
    compute: Compute
    higher_is_better: bool | None  # None: a description, neither better nor worse
    interval: bool = True


METRICS: dict[str, Metric] = {}


def register_metric(
    name: str, description: str, *, higher_is_better: bool | None, interval: bool = True
) -> Callable[[Compute], Compute]:
    def add(compute: Compute) -> Compute:
        if name in METRICS:
            raise ValueError(f"metric {name!r} is registered twice")
        METRICS[name] = Metric(name, description, compute, higher_is_better, interval)
        return compute

    return add


def _chars(text: str) -> str:
    return "".join(text.split())


def char_ngrams(text: str, n: int) -> list[str]:
    """The character n-grams of ``text``, spaces removed (also the report's older statistics)."""
    chars = _chars(text)
    return [chars[i : i + n] for i in range(len(chars) - n + 1)]


@register_metric("chars", "summary length in characters", higher_is_better=None)
def chars(source: str, summary: str) -> float | None:
    return float(len(summary))


@register_metric("compression", "source characters per summary character", higher_is_better=None)
def compression(source: str, summary: str) -> float | None:
    return len(_chars(source)) / len(_chars(summary)) if _chars(summary) else None


def _novel(n: int) -> Compute:
    def share(source: str, summary: str) -> float | None:
        grams = char_ngrams(summary, n)
        if not grams:
            return None
        known = set(char_ngrams(source, n))
        return 100 * sum(g not in known for g in grams) / len(grams)

    return share


for _n in (1, 2, 3, 4):
    register_metric(
        f"novel_{_n}gram", f"% of the summary's character {_n}-grams not in the source", higher_is_better=None
    )(_novel(_n))


def _fragments(source: str, summary: str) -> tuple[list[int], int] | None:
    text = _chars(summary)
    if not text:
        return None
    return [end - start for start, end in copied_spans(text, _chars(source))], len(text)


@register_metric(
    "coverage",
    "% of the summary inside fragments copied from the source (Grusky 2018)",
    higher_is_better=None,
)
def coverage(source: str, summary: str) -> float | None:
    found = _fragments(source, summary)
    return None if found is None else 100 * sum(found[0]) / found[1]


@register_metric(
    "density",
    "mean length of the copied fragment a summary character is in (Grusky 2018)",
    higher_is_better=None,
)
def density(source: str, summary: str) -> float | None:
    found = _fragments(source, summary)
    return None if found is None else sum(f * f for f in found[0]) / found[1]


@register_metric(
    "redundancy", "% of the summary's character 3-grams repeating an earlier one", higher_is_better=False
)
def redundancy(source: str, summary: str) -> float | None:
    grams = char_ngrams(summary, 3)
    return 100 * (len(grams) - len(set(grams))) / len(grams) if grams else None


@register_metric(
    "unsupported_numbers", "numbers per summary that the source does not hold", higher_is_better=False
)
def unsupported(source: str, summary: str) -> float | None:
    return float(len(unsupported_numbers(summary, source)))


@register_metric(
    "has_unsupported", "% of summaries with a number the source does not hold", higher_is_better=False
)
def has_unsupported(source: str, summary: str) -> float | None:
    return 100.0 if unsupported_numbers(summary, source) else 0.0


def per_document(sources: Sequence[str], summaries: Sequence[str]) -> dict[str, list[float | None]]:
    """Every metric for every document (None where undefined)."""
    return {
        name: [metric.compute(src, summ) for src, summ in zip(sources, summaries, strict=True)]
        for name, metric in METRICS.items()
    }


def aggregate(values: Sequence[float | None], idx: np.ndarray, interval: bool = True) -> dict[str, object]:
    """The mean over the documents where the metric is defined, with a 95% percentile-bootstrap
    interval over the same resamples ``idx`` as ROUGE (undefined documents drop out of each
    resample's mean; a resample with none defined is skipped)."""
    defined = np.array([v is not None for v in values])
    if not defined.any():
        return {"mean": None, "ci95": None, "n": 0}
    x = np.array([v if v is not None else 0.0 for v in values], dtype=float)
    out: dict[str, object] = {"mean": round(float(x[defined].mean()), 4), "n": int(defined.sum())}
    if interval and len(idx):
        counts = defined[idx].sum(axis=1)
        sums = (x * defined)[idx].sum(axis=1)
        means = sums[counts > 0] / counts[counts > 0]
        lo, hi = np.percentile(means, [2.5, 97.5])
        out["ci95"] = [round(float(lo), 4), round(float(hi), 4)]
    else:
        out["ci95"] = None
    return out
