"""TextRank (Mihalcea & Tarau, 2004) over sentences: the best sentences, verbatim, in source order.

The sentences ranked are the whole, non-formulaic ones (:mod:`pipeline.summarizers.sentences`);
the best that fit the budget are taken.

Sentence similarity is the original's word overlap ``|Si ∩ Sj| / (log|Si| + log|Sj|)``, on jieba
words (``unit: word``) or characters (``unit: char``), punctuation ignored. Scores come from a
fixed number of power iterations (deterministic); ties go to the earlier sentence. As in the
original formulation (scaled by 1/n), a sentence sharing no word with any other keeps only the
teleport share and redistributes nothing; this does not change the ranking.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Sequence

import numpy as np

from pipeline.config import ExtractiveSettings
from pipeline.summarizers.base import Summarizer, Summary
from pipeline.summarizers.sentences import candidates, pick
from pipeline.text import jieba_tokenizer

_WORD = re.compile(r"\w", re.UNICODE)


def sentence_units(sentence: str, unit: str) -> set[str]:
    if unit == "char":
        return {c for c in sentence if _WORD.match(c)}
    return {w for w in jieba_tokenizer().cut(sentence) if _WORD.search(w)}


def textrank_scores(units: Sequence[set[str]], damping: float = 0.85, iterations: int = 100) -> np.ndarray:
    n = len(units)
    weights = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            overlap = len(units[i] & units[j])
            if overlap:
                denom = math.log(len(units[i]) + 1) + math.log(len(units[j]) + 1)
                weights[i, j] = weights[j, i] = overlap / denom
    out_sum = weights.sum(axis=1)
    out_sum[out_sum == 0] = 1.0
    transition = weights / out_sum[:, None]
    scores = np.full(n, 1.0 / n)
    for _ in range(iterations):
        scores = (1 - damping) / n + damping * transition.T @ scores
    return scores


MAX_SENTENCES = 1000  # 8 MB of similarity matrix


class TextRankSummarizer(Summarizer):
    def __init__(self, settings: ExtractiveSettings | None = None, name: str = "textrank") -> None:
        self.settings = settings or ExtractiveSettings()
        self.name = name

    def summarize(self, texts: Sequence[str]) -> list[str]:
        return [s.text for s in self.summaries(texts)]

    def summaries(
        self, texts: Sequence[str], exclude: Sequence[Collection[str]] | None = None
    ) -> list[Summary]:
        return [self._one(t, exclude[i] if exclude else ()) for i, t in enumerate(texts)]

    def _one(self, text: str, exclude: Collection[str]) -> Summary:
        # The graph is n × n: a text of more than MAX_SENTENCES sentences (a whole book pasted into
        # one section) is ranked over its first MAX_SENTENCES, where news puts what matters.
        sentences = candidates(text, exclude)[:MAX_SENTENCES]
        count, budget = self.settings.sentences, self.settings.max_chars
        if len(sentences) <= count:
            return pick(sentences, sentences, count, budget)
        scores = textrank_scores(
            [sentence_units(s, self.settings.unit) for s in sentences], self.settings.damping
        )
        ranked = sorted(range(len(sentences)), key=lambda i: (-round(float(scores[i]), 12), i))
        return pick([sentences[i] for i in ranked], sentences, count, budget)
