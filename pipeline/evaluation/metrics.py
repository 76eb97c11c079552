"""Model-free figures of summaries, registered in :mod:`pipeline.evaluation.registry` like ROUGE:
each is one function of a document's source and summary, aggregated as the mean over the
documents where it is defined, with a 95% bootstrap interval on the same resamples as ROUGE. A new
figure is one function here plus its test::

    @register_metric("name", "what it measures", higher_is_better=None)
    def name(item: Item) -> float | None: ...

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

from collections.abc import Callable

from pipeline.evaluation.registry import Item, register_metric
from pipeline.evidence import copied_spans, unsupported_numbers
from pipeline.text import compact


def char_ngrams(text: str, n: int) -> list[str]:
    """The character n-grams of ``text``, spaces removed (also the report's older statistics)."""
    chars = compact(text)
    return [chars[i : i + n] for i in range(len(chars) - n + 1)]


@register_metric("chars", "summary length in characters", higher_is_better=None)
def chars(item: Item) -> float | None:
    return float(len(item.summary))


@register_metric("compression", "source characters per summary character", higher_is_better=None)
def compression(item: Item) -> float | None:
    return len(compact(item.source)) / len(compact(item.summary)) if compact(item.summary) else None


def _novel(n: int) -> Callable[[Item], float | None]:
    def share(item: Item) -> float | None:
        grams = char_ngrams(item.summary, n)
        if not grams:
            return None
        known = set(char_ngrams(item.source, n))
        return 100 * sum(g not in known for g in grams) / len(grams)

    return share


for _n in (1, 2, 3, 4):
    register_metric(
        f"novel_{_n}gram", f"% of the summary's character {_n}-grams not in the source", higher_is_better=None
    )(_novel(_n))


def _fragments(source: str, summary: str) -> tuple[list[int], int] | None:
    text = compact(summary)
    if not text:
        return None
    return [end - start for start, end in copied_spans(text, compact(source))], len(text)


@register_metric(
    "coverage",
    "% of the summary inside fragments copied from the source (Grusky 2018)",
    higher_is_better=None,
)
def coverage(item: Item) -> float | None:
    found = _fragments(item.source, item.summary)
    return None if found is None else 100 * sum(found[0]) / found[1]


@register_metric(
    "density",
    "mean length of the copied fragment a summary character is in (Grusky 2018)",
    higher_is_better=None,
)
def density(item: Item) -> float | None:
    found = _fragments(item.source, item.summary)
    return None if found is None else sum(f * f for f in found[0]) / found[1]


@register_metric(
    "redundancy", "% of the summary's character 3-grams repeating an earlier one", higher_is_better=False
)
def redundancy(item: Item) -> float | None:
    grams = char_ngrams(item.summary, 3)
    return 100 * (len(grams) - len(set(grams))) / len(grams) if grams else None


@register_metric(
    "unsupported_numbers", "numbers per summary that the source does not hold", higher_is_better=False
)
def unsupported(item: Item) -> float | None:
    return float(len(unsupported_numbers(item.summary, item.source)))


@register_metric(
    "has_unsupported", "% of summaries with a number the source does not hold", higher_is_better=False
)
def has_unsupported(item: Item) -> float | None:
    return 100.0 if unsupported_numbers(item.summary, item.source) else 0.0
