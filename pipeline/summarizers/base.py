"""The one interface every summarizer implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Collection, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Summary:
    """One summary: its ``text``; ``truncated`` when a sentence had to be cut to fit the budget;
    ``used``, the source sentences it is made of (extractive summarizers: what a parent section's
    summary must not repeat); ``fallback`` when a generating model's every hypothesis had a number
    its source does not hold and an extractive summary stands in (``faithful: strict``)."""

    text: str
    truncated: bool = False
    used: tuple[str, ...] = ()
    fallback: bool = False


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

    def summaries(
        self, texts: Sequence[str], exclude: Sequence[Collection[str]] | None = None
    ) -> list[Summary]:
        """:meth:`summarize` with what the runner records: whether a summary was cut, and the
        sentences it used. ``exclude`` (one collection per text) lists sentences not to use again;
        a summarizer that generates text cannot honour it and ignores it."""
        return [Summary(text) for text in self.summarize(texts)]

    def describe(self) -> dict[str, object]:
        """What produced the summaries, for the output records."""
        return {"name": self.name, "abstractive": self.abstractive}
