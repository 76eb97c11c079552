"""Inference engine: chunking, token-budget batches, and the generation backends.

* :func:`chunk_text` splits a section longer than the model's input budget at sentence
  boundaries (then clause boundaries, then, for a run of text with neither, fixed windows) so that
  nothing is ever truncated.
* :func:`plan_batches` sorts inputs by length and packs them into batches whose padded size
  (rows × longest row) stays within a token budget; callers restore the original order.
* :class:`TorchBackend` runs any ``AutoModelForSeq2SeqLM`` under ``torch.inference_mode`` with SDPA
  attention, bf16 on GPU (never fp16: mT5 overflows to NaN), fp32 on CPU, and halves its batch on
  GPU out-of-memory. :class:`CT2Backend` (``pipeline.ct2``) is the CPU fast path.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path

from pipeline.config import GenerationSettings
from pipeline.text import split_sentences
from pipeline.tokenization import TextTokenizer

# --------------------------------------------------------------------------- devices and threads


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _accelerator_possible() -> bool:
    """Cheap check before importing torch: a CUDA/ROCm device node, or macOS (MPS)."""
    return sys.platform == "darwin" or any(Path(p).exists() for p in ("/dev/nvidia0", "/dev/nvidiactl", "/dev/kfd", "/dev/dxg"))


def pick_device(device: str = "auto") -> str:
    if device == "cpu" or (device == "auto" and not _accelerator_possible()):
        return "cpu"
    import torch

    if device != "auto":
        if device.startswith("cuda") and not torch.cuda.is_available():
            from pipeline.errors import ZhsumError

            raise ZhsumError(f"--device {device}: no CUDA GPU is visible (use --device cpu or auto)")
        return device
    if torch.cuda.is_available():
        return "cuda"
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        return "mps"
    return "cpu"


def quiet_transformers() -> None:
    """No progress bars or advisory warnings from transformers on our users' stderr."""
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()


def warn_once(message: str, _seen: set[str] = set()) -> None:  # noqa: B006 - deliberate process-wide memo
    if message not in _seen:
        _seen.add(message)
        print(f"zhsum: {message}", file=sys.stderr)


# --------------------------------------------------------------------------- chunking


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


# --------------------------------------------------------------------------- batching


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


def generation_kwargs(settings: GenerationSettings) -> dict[str, object]:
    kwargs = {k: v for k, v in asdict(settings).items()}
    if not kwargs.get("no_repeat_ngram_size"):
        kwargs.pop("no_repeat_ngram_size")
    if not kwargs.get("min_new_tokens"):
        kwargs.pop("min_new_tokens")
    kwargs["early_stopping"] = settings.num_beams > 1
    kwargs["do_sample"] = False
    return kwargs


# --------------------------------------------------------------------------- PyTorch backend


class TorchBackend:
    """``AutoModelForSeq2SeqLM`` with ``generate``; ids in, ids out (without the start token)."""

    name = "torch"

    def __init__(self, folder: Path, device: str = "cpu", precision: str = "fp32", threads: int | None = None) -> None:
        import torch
        from transformers import AutoModelForSeq2SeqLM

        quiet_transformers()
        if device == "cpu":
            torch.set_num_threads(threads or cpu_count())
        dtype = {"fp32": torch.float32, "bf16": torch.bfloat16}[precision]
        try:
            model = AutoModelForSeq2SeqLM.from_pretrained(str(folder), dtype=dtype, attn_implementation="sdpa")
        except (ValueError, ImportError):  # an architecture without SDPA support
            model = AutoModelForSeq2SeqLM.from_pretrained(str(folder), dtype=dtype)
        self.model = model.to(device).eval()
        self.device = device
        self.precision = precision
        config = self.model.config
        self.pad_token_id = config.pad_token_id if config.pad_token_id is not None else 0
        eos = self.model.generation_config.eos_token_id
        if eos is None:
            eos = config.eos_token_id
        self.eos_token_ids = set(eos if isinstance(eos, list) else [eos]) - {None}

    def generate(self, batch: Sequence[Sequence[int]], settings: GenerationSettings) -> list[list[int]]:
        import torch

        longest = max(len(ids) for ids in batch)
        input_ids = torch.full((len(batch), longest), self.pad_token_id, dtype=torch.long)
        attention = torch.zeros((len(batch), longest), dtype=torch.long)
        for row, ids in enumerate(batch):
            input_ids[row, : len(ids)] = torch.tensor(ids, dtype=torch.long)
            attention[row, : len(ids)] = 1
        with torch.inference_mode():
            out = self.model.generate(
                input_ids=input_ids.to(self.device), attention_mask=attention.to(self.device),
                pad_token_id=self.pad_token_id, **generation_kwargs(settings),
            )
        return [self._strip(row[1:].tolist()) for row in out.cpu()]  # drop the decoder start token

    def _strip(self, ids: list[int]) -> list[int]:
        """Ids up to (not including) the first end-of-sequence token, padding removed."""
        for n, i in enumerate(ids):
            if i in self.eos_token_ids:
                ids = ids[:n]
                break
        return [i for i in ids if i != self.pad_token_id]

    def is_out_of_memory(self, exc: BaseException) -> bool:
        import torch

        return isinstance(exc, torch.cuda.OutOfMemoryError) or "out of memory" in str(exc).lower()

    def release_memory(self) -> None:
        import torch

        if self.device.startswith("cuda"):
            torch.cuda.empty_cache()
