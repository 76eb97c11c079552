"""Token-budget batches: inputs sorted by length and packed so that rows × longest row stays within
a budget; callers restore the original order."""

from __future__ import annotations

from collections.abc import Sequence


def plan_batches(lengths: Sequence[int], budget_tokens: int, max_batch: int | None = None) -> list[list[int]]:
    """Indices grouped into batches, longest first; each batch's rows × longest row ≤ budget
    (a single row longer than the budget gets a batch of its own)."""
    order = sorted(range(len(lengths)), key=lambda i: (-lengths[i], i))
    batches: list[list[int]] = []
    current: list[int] = []
    for i in order:
        longest = lengths[current[0]] if current else lengths[i]
        full = max_batch is not None and len(current) >= max_batch
        if current and (full or (len(current) + 1) * longest > budget_tokens):
            batches.append(current)
            current = []
        current.append(i)
    if current:
        batches.append(current)
    return batches


def spread(batches: list[list[int]], workers: int) -> list[list[int]]:
    """``batches`` with the largest halved until there are at least ``workers`` of them (or every
    batch is one row), so that ``workers`` model replicas all have one to run; longest first still."""
    out = [list(b) for b in batches]
    while 0 < len(out) < workers:
        largest = max(range(len(out)), key=lambda k: len(out[k]))
        batch = out[largest]
        if len(batch) < 2:
            break
        half = (len(batch) + 1) // 2
        out[largest : largest + 1] = [batch[:half], batch[half:]]
    return out
