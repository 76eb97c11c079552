"""Lead: the first whole sentences of the text, verbatim. The classic news baseline and the test double.

Which sentences qualify and how the budget is kept: :mod:`pipeline.summarizers.sentences`.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from pipeline.config import ExtractiveSettings
from pipeline.summarizers.base import Summarizer, Summary
from pipeline.summarizers.sentences import candidates, pick


class LeadSummarizer(Summarizer):
    def __init__(self, settings: ExtractiveSettings | None = None, name: str = "lead") -> None:
        self.settings = settings or ExtractiveSettings()
        self.name = name

    def summarize(self, texts: Sequence[str]) -> list[str]:
        return [s.text for s in self.summaries(texts)]

    def summaries(
        self, texts: Sequence[str], exclude: Sequence[Collection[str]] | None = None
    ) -> list[Summary]:
        out = []
        for i, text in enumerate(texts):
            found = candidates(text, exclude[i] if exclude else ())
            out.append(pick(found, found, self.settings.sentences, self.settings.max_chars, prefix=True))
        return out
