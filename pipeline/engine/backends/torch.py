"""The PyTorch backend: any ``AutoModelForSeq2SeqLM`` with ``generate`` under ``torch.inference_mode``,
SDPA attention, bf16 on GPU (never fp16: mT5 overflows to NaN), fp32 on CPU."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, replace
from pathlib import Path

from pipeline.config import GenerationSettings
from pipeline.engine.devices import cpu_threads, quiet_transformers


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
    replicas = 1

    def __init__(
        self, folder: Path, device: str = "cpu", precision: str = "fp32", threads: int | None = None
    ) -> None:
        import torch
        from transformers import AutoModelForSeq2SeqLM

        quiet_transformers()
        if device == "cpu":
            torch.set_num_threads(cpu_threads(threads))
        dtype = {"fp32": torch.float32, "bf16": torch.bfloat16}[precision]
        try:
            model = AutoModelForSeq2SeqLM.from_pretrained(
                str(folder), dtype=dtype, attn_implementation="sdpa"
            )
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
        return [hypotheses[0] for hypotheses in self.generate_n(batch, settings, 1)]

    def generate_n(
        self, batch: Sequence[Sequence[int]], settings: GenerationSettings, n: int
    ) -> list[list[list[int]]]:
        import torch

        longest = max(len(ids) for ids in batch)
        input_ids = torch.full((len(batch), longest), self.pad_token_id, dtype=torch.long)
        attention = torch.zeros((len(batch), longest), dtype=torch.long)
        for row, ids in enumerate(batch):
            input_ids[row, : len(ids)] = torch.tensor(ids, dtype=torch.long)
            attention[row, : len(ids)] = 1
        kwargs = generation_kwargs(replace(settings, num_beams=max(settings.num_beams, n)))
        if n > 1:
            kwargs.update(num_return_sequences=n, early_stopping=True)
        with torch.inference_mode():
            out = self.model.generate(
                input_ids=input_ids.to(self.device),
                attention_mask=attention.to(self.device),
                pad_token_id=self.pad_token_id,
                **kwargs,
            )
        rows = [self._strip(row[1:].tolist()) for row in out.cpu()]  # drop the decoder start token
        return [rows[i * n : (i + 1) * n] for i in range(len(batch))]

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
