"""The one interface every summarizer implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence


class Summarizer(ABC):
    """Summarize a batch of texts: one summary per text, in order.

    ``abstractive`` tells generated text (seq2seq) from verbatim source sentences (extractive), so
    that outputs can never pass one off as the other.
    """

    name: str = "summarizer"
    abstractive: bool = False

    @abstractmethod
    def summarize(self, texts: Sequence[str]) -> list[str]:
        """One summary per text. An empty text gets an empty summary."""

    def describe(self) -> dict[str, object]:
        """What produced the summaries, for the output records."""
        return {"name": self.name, "abstractive": self.abstractive}
