"""Lead: the first sentences of the text, verbatim. The classic news baseline and the test double."""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.config import ExtractiveSettings
from pipeline.summarizers.base import Summarizer
from pipeline.text import split_sentences


def take_sentences(sentences: Sequence[str], settings: ExtractiveSettings) -> str:
    """Join sentences up to ``settings.sentences`` and (when set) ``settings.max_chars``; the first
    sentence is always kept whole."""
    picked: list[str] = []
    for sentence in sentences:
        if len(picked) == settings.sentences:
            break
        if picked and settings.max_chars and sum(map(len, picked)) + len(sentence) > settings.max_chars:
            break
        picked.append(sentence)
    return "".join(picked)


class LeadSummarizer(Summarizer):
    def __init__(self, settings: ExtractiveSettings | None = None, name: str = "lead") -> None:
        self.settings = settings or ExtractiveSettings()
        self.name = name

    def summarize(self, texts: Sequence[str]) -> list[str]:
        return [take_sentences(split_sentences(t), self.settings) for t in texts]
