"""TextRank (Mihalcea & Tarau, 2004) over sentences: the best sentences, verbatim, in source order.

Sentence similarity is the original's word overlap ``|Si ∩ Sj| / (log|Si| + log|Sj|)``, on jieba
words (``unit: word``) or characters (``unit: char``), punctuation ignored. Scores come from a
fixed number of power iterations (deterministic); ties go to the earlier sentence. As in the
original formulation (scaled by 1/n), a sentence sharing no word with any other keeps only the
teleport share and redistributes nothing; this does not change the ranking.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import numpy as np

from pipeline.config import ExtractiveSettings
from pipeline.summarizers.base import Summarizer
from pipeline.summarizers.lead import take_sentences
from pipeline.text import cut_to, jieba_tokenizer, split_sentences

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
        return [self._one(t) for t in texts]

    def _one(self, text: str) -> str:
        # The graph is n × n: a text of more than MAX_SENTENCES sentences (a whole book pasted into
        # one section) is ranked over its first MAX_SENTENCES, where news puts what matters.
        sentences = split_sentences(text)[:MAX_SENTENCES]
        if len(sentences) <= self.settings.sentences:
            return take_sentences(sentences, self.settings)
        scores = textrank_scores(
            [sentence_units(s, self.settings.unit) for s in sentences], self.settings.damping
        )
        ranked = sorted(range(len(sentences)), key=lambda i: (-round(float(scores[i]), 12), i))
        chosen: list[int] = []
        total = 0
        for i in ranked:
            if len(chosen) == self.settings.sentences:
                break
            if chosen and self.settings.max_chars and total + len(sentences[i]) > self.settings.max_chars:
                continue
            chosen.append(i)
            total += len(sentences[i])
        return cut_to("".join(sentences[i] for i in sorted(chosen)), self.settings.max_chars)
