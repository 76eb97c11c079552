"""Abstractive summaries from any pretrained seq2seq checkpoint (mT5, T5, BART, Pegasus).

Each text is chunked to the model's input budget at sentence boundaries (never truncated); all
chunks of a call are batched together by token budget, longest first, and their order restored;
the summaries of one text's chunks are joined in order and cleaned (:func:`pipeline.text.clean_summary`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from pipeline.config import GenerationSettings, ModelConfig, replace_checked
from pipeline.engine.backends import Backend, make_backend
from pipeline.engine.batching import plan_batches
from pipeline.engine.chunking import Chunker
from pipeline.engine.devices import pick_device
from pipeline.engine.loading import ModelUnavailable, check_model_folder, model_folder
from pipeline.engine.tokenization import load_tokenizer
from pipeline.errors import ConfigError, brief
from pipeline.messages import warn_once
from pipeline.settings import RunSettings, flag_name
from pipeline.summarizers.base import Summarizer
from pipeline.text import clean_summary


def _check_positions(folder: Path, settings: GenerationSettings) -> None:
    """Refuse up front a ``max_new_tokens`` the decoder has no positions for (BART and Pegasus have
    learned or fixed position tables; T5's relative positions have no limit)."""
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    positions = config.get("max_position_embeddings")
    bounded = config.get("model_type") in ("bart", "pegasus", "mbart") and isinstance(positions, int)
    if bounded and settings.max_new_tokens + 2 > positions:
        raise ConfigError(
            f"--max-new-tokens {settings.max_new_tokens} is more than this model can generate "
            f"({positions - 2}, its max_position_embeddings less 2); lower it"
        )


class EmptyOutput(ValueError):
    """The model generated nothing (or only special tokens) for a non-empty input."""


class Seq2SeqSummarizer(Summarizer):
    abstractive = True

    def __init__(self, cfg: ModelConfig, settings: RunSettings) -> None:
        self.cfg = cfg
        self.name = cfg.name
        names = {k: flag_name(k) for k in settings.generation}
        self.settings: GenerationSettings = replace_checked(cfg.generation, settings.generation, names)
        if settings.max_chars and "max_new_tokens" not in settings.generation:
            # a token is at least one character of Chinese text: the budget in tokens is at most the
            # budget in characters (the runner cuts any overrun at a sentence end)
            budget = min(self.settings.max_new_tokens, settings.max_chars)
            self.settings = replace(
                self.settings, max_new_tokens=budget, min_new_tokens=min(self.settings.min_new_tokens, budget)
            )
        self.folder = model_folder(cfg)
        check_model_folder(self.folder)
        _check_positions(self.folder, self.settings)
        try:
            self.tokenizer = load_tokenizer(self.folder, cfg.tokenizer)
        except (OSError, ValueError, RuntimeError, KeyError, TypeError) as exc:
            raise ModelUnavailable(
                f"model folder {self.folder}: its tokenizer does not load ({brief(exc)}); "
                "re-place the model's files (see models/README.md)"
            ) from None
        self.device = pick_device(settings.device)
        self.batch_size = settings.batch_size
        self.batch_tokens = settings.batch_tokens * (16 if self.device != "cpu" else 1)
        try:
            self.backend: Backend = make_backend(
                self.folder,
                cfg,
                self.tokenizer,
                device=self.device,
                precision=settings.precision,
                engine=settings.engine,
                trim_vocab=settings.trim_vocab,
                threads=settings.threads or None,
            )
        except (OSError, ValueError, RuntimeError, KeyError, TypeError) as exc:
            raise ModelUnavailable(
                f"model folder {self.folder}: the model does not load ({brief(exc)}); "
                "re-place the model's files (see models/README.md)"
            ) from None
        self.chunks = Chunker(self.tokenizer, cfg.prefix, cfg.max_input_tokens)

    def describe(self) -> dict[str, object]:
        return {
            "name": self.name,
            "abstractive": True,
            "engine": self.backend.name,
            "precision": getattr(self.backend, "precision", None),
            "device": self.device,
            "trim_vocab": getattr(self.backend, "trim_vocab", False) or None,
        }

    # ------------------------------------------------------------------ summarize

    def summarize(self, texts: Sequence[str]) -> list[str]:
        owners: list[int] = []
        inputs: list[str] = []
        for i, text in enumerate(texts):
            for chunk in self.chunks(text):
                owners.append(i)
                inputs.append(self.cfg.prefix + chunk)
        outputs = self.generate_ids(self.tokenizer.encode_batch(inputs)) if inputs else []
        decoded = self.tokenizer.decode_batch(outputs)
        parts: list[list[str]] = [[] for _ in texts]
        for owner, summary in zip(owners, decoded, strict=True):
            parts[owner].append(clean_summary(summary))
        summaries = [clean_summary("".join(p)) for p in parts]
        empty = [i for i in set(owners) if not summaries[i]]
        if empty:
            raise EmptyOutput(
                f"model '{self.name}' produced no text for a non-empty input ({len(empty)} of {len(texts)}); "
                "check the model's files and generation settings (models/README.md)"
            )
        return summaries

    def generate_ids(self, encoded: list[list[int]]) -> list[list[int]]:
        """Generate for every input, batched by token budget (halving on GPU out-of-memory);
        results come back in input order."""
        results: list[list[int]] = [[] for _ in encoded]
        lengths = [len(e) for e in encoded]
        for batch in plan_batches(lengths, self.batch_tokens, self.batch_size):
            self._run(batch, encoded, results)
        return results

    def _run(self, batch: list[int], encoded: list[list[int]], results: list[list[int]]) -> None:
        try:
            out = self.backend.generate([encoded[i] for i in batch], self.settings)
        except RuntimeError as exc:
            if not (len(batch) > 1 and self.backend.is_out_of_memory(exc)):
                raise
            self.backend.release_memory()
            half = len(batch) // 2
            warn_once("out of memory: halving the batch and retrying")
            self._run(batch[:half], encoded, results)
            self._run(batch[half:], encoded, results)
            return
        for i, ids in zip(batch, out, strict=True):
            results[i] = ids
