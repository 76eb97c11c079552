"""Metrics as a registry: ROUGE and the model-free figures are the same kind of thing here.

A metric is computed per document from an :class:`Item` (the source, the summary, the references
and the report's tokenizer), aggregated over the documents (the mean, with a 95% percentile-
bootstrap interval on resamples shared by every metric and model), and has a direction (higher is
better, lower is better, or neither: a description such as length). A metric scored against
references has ``parts`` (ROUGE: precision, recall, F, each 0–100); its last part is the one that
gets the interval and is compared between models. A new metric is one registration plus its test::

    @register_metric("name", "what it measures", higher_is_better=None)
    def name(item: Item) -> float | None: ...

``None`` means undefined for that document (a compression ratio of an empty summary) and the
document is left out of that metric's mean (its ``n`` says how many counted), never scored 0.
The built-in metrics register themselves: ROUGE in :mod:`pipeline.evaluation.rouge`, the
model-free figures in :mod:`pipeline.evaluation.metrics`; :func:`registered` imports both.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np


class Tokenizer(Protocol):
    name: str

    def tokenize(self, text: str) -> list[str]: ...


@dataclass(frozen=True, eq=False)
class Item:
    """One document as a metric sees it."""

    source: str
    summary: str
    references: tuple[str, ...] = ()
    tokenizer: Tokenizer | None = None  # the report's (``--tokenize``); ROUGE counts its tokens


Value = float | tuple[float, ...] | None
Compute = Callable[[Item], Value]


@dataclass(frozen=True)
class Metric:
    name: str
    description: str
    compute: Compute
    higher_is_better: bool | None  # None: a description, neither better nor worse
    interval: bool = True
    parts: tuple[str, ...] = ()  # a metric against references gives one value per part (p, r, f)


METRICS: dict[str, Metric] = {}


def register_metric(
    name: str,
    description: str,
    *,
    higher_is_better: bool | None,
    interval: bool = True,
    parts: tuple[str, ...] = (),
) -> Callable[[Compute], Compute]:
    def add(compute: Compute) -> Compute:
        if name in METRICS:
            raise ValueError(f"metric {name!r} is registered twice")
        METRICS[name] = Metric(name, description, compute, higher_is_better, interval, parts)
        return compute

    return add


def registered(*, against_references: bool | None = None) -> list[Metric]:
    """The registered metrics in registration order (ROUGE first), or only those scored against
    references (``True``) or only the model-free ones (``False``)."""
    from pipeline.evaluation import metrics as _figures  # noqa: F401  (registers the model-free figures)
    from pipeline.evaluation import rouge as _rouge  # noqa: F401  (registers ROUGE)

    return [m for m in METRICS.values() if against_references is None or bool(m.parts) == against_references]


def per_document(items: Sequence[Item], metrics: Sequence[Metric]) -> dict[str, list[Value]]:
    """Every metric for every document, document by document (a metric may reuse work it did for
    the same document: ROUGE scores its three variants at once)."""
    out: dict[str, list[Value]] = {m.name: [] for m in metrics}
    for item in items:
        for m in metrics:
            out[m.name].append(m.compute(item))
    return out


def bootstrap_indices(n: int, resamples: int, seed: int) -> np.ndarray:
    """The resamples every metric and model share: ``resamples`` draws of ``n`` documents."""
    return np.random.default_rng(seed).integers(0, n, size=(resamples, n))


def aggregate(values: Sequence[float | None], idx: np.ndarray, interval: bool = True) -> dict[str, object]:
    """The mean over the documents where the metric is defined, with a 95% percentile-bootstrap
    interval over the resamples ``idx`` (undefined documents drop out of each resample's mean; a
    resample with none defined is skipped)."""
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


def aggregate_parts(scores: np.ndarray, idx: np.ndarray, parts: Sequence[str]) -> dict[str, object]:
    """A metric with parts (``scores``: one row per document, one column per part, every document
    counted): the mean of each part and the interval of the last (ROUGE's F)."""
    mean = scores.mean(axis=0)
    lo, hi = np.percentile(scores[:, -1][idx].mean(axis=1), [2.5, 97.5])
    out: dict[str, object] = {p: round(float(v), 4) for p, v in zip(parts, mean, strict=True)}
    out["ci95"] = [round(float(lo), 4), round(float(hi), 4)]
    return out


def compare(a: np.ndarray, b: np.ndarray, idx: np.ndarray) -> dict[str, float]:
    """Two models on the same documents (paired bootstrap on the resamples ``idx``): the mean
    difference, its two-sided p-value ``min(1, 2·min(P(Δ*≤0), P(Δ*≥0)))``, and the share of
    documents each wins (ties counted apart)."""
    diff = a - b
    boot = diff[idx].mean(axis=1)
    p = min(1.0, 2 * min(float((boot <= 0).mean()), float((boot >= 0).mean())))
    return {
        "diff_f": round(float(diff.mean()), 4),
        "p_value": round(p, 4),
        "a_wins": round(float((diff > 0).mean()), 4),
        "b_wins": round(float((diff < 0).mean()), 4),
        "ties": round(float((diff == 0).mean()), 4),
    }
