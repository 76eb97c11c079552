"""Training pairs: loaded like ``evaluate``'s data, split, and tokenized as the model will see them.

Sources longer than the model's input budget are **truncated** (the head is kept, the closing
special token stays): a reference summary describes the whole source, so cutting the source into
chunks as the summarizer does would pair each chunk with a summary of text it does not hold. How
many sources were truncated is recorded in ``training.json`` and said at the start of a run.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.engine.tokenization import TextTokenizer
from pipeline.errors import ZhsumError
from pipeline.evaluation.data import Example, load_examples


@dataclass(frozen=True)
class Fields:
    text: str = "text"
    summary: str = "summary"
    id: str = "id"


@dataclass(frozen=True)
class Split:
    train: list[Example]
    valid: list[Example]
    valid_source: str  # "--valid FILE" or "a seeded 10% of --data"


@dataclass(frozen=True)
class Encoded:
    input_ids: list[list[int]]
    labels: list[list[int]]
    truncated_sources: int
    truncated_targets: int


def load_pairs(path: str, fields: Fields) -> list[Example]:
    """Pairs of a JSONL, CSV, Parquet file or a saved ``datasets`` folder (the first reference of
    each is the training target)."""
    return load_examples(path, text_field=fields.text, summary_field=fields.summary, id_field=fields.id)


def split_pairs(
    examples: list[Example], valid: list[Example] | None, fraction: float, max_valid: int, seed: int
) -> Split:
    """``valid`` as given, else a seeded ``fraction`` of ``examples`` (at least one pair, at most
    ``max_valid``) held out. Pairs with an empty reference are dropped from training."""
    if valid is not None:
        train, held, source = list(examples), valid[:max_valid], "--valid"
    else:
        if len(examples) < 2:
            raise ZhsumError("--data: at least 2 pairs are needed (one to train on, one to validate)")
        order = list(range(len(examples)))
        random.Random(seed).shuffle(order)
        n = min(max_valid, max(1, round(len(examples) * fraction)))
        chosen = set(order[:n])
        train = [e for i, e in enumerate(examples) if i not in chosen]
        held = [e for i, e in enumerate(examples) if i in chosen]
        source = f"a seeded {fraction:.0%} of --data ({n} pairs)"
    train = [e for e in train if e.references[0].strip()]
    if not train:
        raise ZhsumError("--data: no pair left to train on (every reference is empty)")
    return Split(train, held, source)


def _cut(ids: list[int], limit: int) -> tuple[list[int], bool]:
    """At most ``limit`` ids, the last one (the tokenizer's closing special token) kept."""
    if len(ids) <= limit:
        return ids, False
    return ids[: limit - 1] + ids[-1:], True


def encode(
    examples: Sequence[Example],
    tokenizer: TextTokenizer,
    prefix: str,
    max_input_tokens: int,
    max_target_tokens: int,
) -> Encoded:
    sources = tokenizer.encode_batch([prefix + e.text for e in examples])
    targets = tokenizer.encode_batch([e.references[0] for e in examples])
    inputs, labels = [], []
    cut_sources = cut_targets = 0
    for source, target in zip(sources, targets, strict=True):
        ids, cut = _cut(source, max_input_tokens)
        inputs.append(ids)
        cut_sources += cut
        ids, cut = _cut(target, max_target_tokens)
        labels.append(ids)
        cut_targets += cut
    return Encoded(inputs, labels, cut_sources, cut_targets)


def percentile(values: Sequence[int], q: float) -> int:
    """The nearest-rank percentile (``q`` in 0–100) of ``values``."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def learned_lengths(labels: Sequence[Sequence[int]], ceiling: int) -> tuple[int, int]:
    """``(min_new_tokens, max_new_tokens)`` for generation, from the reference lengths in tokens
    (closing token included): max is 1.2x the 95th percentile (at least 8, at most ``ceiling``),
    min half the 5th percentile."""
    lengths = [len(x) for x in labels]
    high = min(ceiling, max(8, math.ceil(1.2 * percentile(lengths, 95))))
    low = min(high, percentile(lengths, 5) // 2)
    return low, high


def file_hash(path: str | Path) -> str:
    """sha256 of a data file, or of every file of a folder (names and contents, in sorted order)."""
    p = Path(path)
    h = hashlib.sha256()
    files = sorted(f for f in p.rglob("*") if f.is_file()) if p.is_dir() else [p]
    for f in files:
        if p.is_dir():
            h.update(str(f.relative_to(p)).encode("utf-8", "surrogateescape") + b"\0")
        with f.open("rb") as stream:
            while block := stream.read(1 << 20):
                h.update(block)
    return h.hexdigest()
