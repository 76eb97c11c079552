"""The interface every generation backend implements: token ids in, token ids out."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from pipeline.config import GenerationSettings


class Backend(Protocol):
    """A loaded model that generates. ``generate`` takes a batch of encoded inputs (no padding) and
    returns, per input, the generated ids without the decoder start token, end-of-sequence or padding."""

    name: str
    precision: str
    replicas: int
    """How many ``generate_n`` calls the backend runs at the same time, each from its own thread."""

    def generate(self, batch: Sequence[Sequence[int]], settings: GenerationSettings) -> list[list[int]]: ...

    def generate_n(
        self, batch: Sequence[Sequence[int]], settings: GenerationSettings, n: int
    ) -> list[list[list[int]]]:
        """The ``n`` best hypotheses of beam search (``max(num_beams, n)`` beams), best first, per input."""
        ...

    def is_out_of_memory(self, exc: BaseException) -> bool: ...

    def release_memory(self) -> None: ...
