"""Chunking: a section longer than the model's input budget is split at sentence boundaries (then
clause boundaries, then, for a run of text with neither, fixed windows) so that nothing is ever
truncated."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from pipeline.engine.tokenization import TextTokenizer
from pipeline.text import split_sentences


def _hard_windows(text: str, fits: Callable[[str], bool]) -> list[str]:
    """Cut ``text`` into the longest prefixes that fit (binary search on characters)."""
    out = []
    while text:
        lo, hi = 1, len(text)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if fits(text[:mid]):
                lo = mid
            else:
                hi = mid - 1
        out.append(text[:lo])
        text = text[lo:]
    return out


def chunk_text(text: str, count: Callable[[Sequence[str]], list[int]], budget: int) -> list[str]:
    """Split ``text`` into chunks of at most ``budget`` tokens, at sentence boundaries where possible.

    ``count`` returns the token count (without special tokens) of each string it is given.
    Chunks are verbatim, consecutive spans: ``"".join(chunks)`` equals ``text`` without the
    whitespace between sentences.
    """
    if budget < 1:
        raise ValueError("token budget must be positive")
    sentences = split_sentences(text)
    if not sentences:
        return []
    pieces: list[str] = []
    for sentence, n in zip(sentences, count(sentences), strict=True):
        if n <= budget:
            pieces.append(sentence)
            continue
        clauses = [c for c in re.split(r"(?<=[，、,：:\s])", sentence) if c]
        for clause, m in zip(clauses, count(clauses), strict=True):
            if m <= budget:
                pieces.append(clause)
            else:
                pieces += _hard_windows(clause, lambda s: count([s])[0] <= budget)
    chunks: list[str] = []
    current: list[str] = []
    for piece in pieces:
        candidate = "".join([*current, piece])
        if current and count([candidate])[0] > budget:
            chunks.append("".join(current))
            current = [piece]
        else:
            current.append(piece)
    if current:
        chunks.append("".join(current))
    return chunks


class Chunker:
    """Cuts texts to a model's input budget, counting tokens with its tokenizer (the prefix and the
    special tokens around every input are subtracted from ``max_input_tokens``)."""

    def __init__(self, tokenizer: TextTokenizer, prefix: str, max_input_tokens: int) -> None:
        self.tokenizer = tokenizer
        self.overhead = len(tokenizer.encode_batch([prefix])[0])
        self.budget = max(8, max_input_tokens - self.overhead)

    def count(self, pieces: Sequence[str]) -> list[int]:
        return [len(ids) - self.overhead for ids in self.tokenizer.encode_batch(list(pieces))]

    def __call__(self, text: str) -> list[str]:
        return chunk_text(text, self.count, self.budget) if text.strip() else []
