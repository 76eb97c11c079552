"""Lead: the first sentences of the text, verbatim. The classic news baseline and the test double."""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.config import ExtractiveSettings
from pipeline.summarizers.base import Summarizer
from pipeline.text import cut_to, split_sentences


def take_sentences(sentences: Sequence[str], settings: ExtractiveSettings) -> str:
    """Join sentences up to ``settings.sentences`` while they fit ``settings.max_chars`` (when set);
    a first sentence longer than the budget is cut to it (:func:`~pipeline.text.cut_to`: at a
    clause mark, else at the budget), so a summary never exceeds it."""
    picked: list[str] = []
    for sentence in sentences:
        if len(picked) == settings.sentences:
            break
        if picked and settings.max_chars and sum(map(len, picked)) + len(sentence) > settings.max_chars:
            break
        picked.append(sentence)
    return cut_to("".join(picked), settings.max_chars)


class LeadSummarizer(Summarizer):
    def __init__(self, settings: ExtractiveSettings | None = None, name: str = "lead") -> None:
        self.settings = settings or ExtractiveSettings()
        self.name = name

    def summarize(self, texts: Sequence[str]) -> list[str]:
        return [take_sentences(split_sentences(t), self.settings) for t in texts]
