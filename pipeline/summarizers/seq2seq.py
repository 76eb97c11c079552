"""Abstractive summaries from any pretrained seq2seq checkpoint (mT5, T5, BART, Pegasus).

Each text is chunked to the model's input budget at sentence boundaries (never truncated); all
chunks of a call are batched together by token budget, longest first, and their order restored;
the summaries of one text's chunks are joined in order and cleaned (:func:`pipeline.text.clean_summary`).

The faithfulness guard (``faithful``, default ``check``): a wrong number is the failure a press
office cannot afford, so beam search returns all its hypotheses per chunk (``num_beams`` of them:
the beams it keeps anyway, so the guard costs no extra search; the registered models search 4) and
the best one whose every number, date and percentage its chunk holds (:mod:`pipeline.evidence`) is
taken. A model run greedily (``num_beams`` 1) has one hypothesis: it is checked, not replaced. Where no hypothesis is clean, the best is taken and the record lists its numbers in
``unsupported``; with ``strict``, the chunk's extractive summary (``lead``'s rules: whole
sentences, no formulas) is taken instead and the record says ``fallback``. ``none`` takes the best
hypothesis as it is (one hypothesis: plain beam search or greedy).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import cast

from pipeline import stops
from pipeline.config import GenerationSettings, ModelConfig, replace_checked
from pipeline.engine.backends import Backend, make_backend
from pipeline.engine.batching import plan_batches, spread
from pipeline.engine.chunking import Chunker
from pipeline.engine.devices import pick_device
from pipeline.engine.loading import model_folder
from pipeline.engine.tokenization import load_tokenizer
from pipeline.errors import ConfigError, brief
from pipeline.evidence import unsupported_numbers
from pipeline.messages import warn_once
from pipeline.models import GUIDE, ModelUnavailable, check_model_folder
from pipeline.settings import RunSettings, flag_name
from pipeline.summarizers.base import Summarizer, Summary
from pipeline.summarizers.lead import LeadSummarizer
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
        self.faithful = settings.faithful
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
                f"re-place the model's files (see {GUIDE})"
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
                f"re-place the model's files (see {GUIDE})"
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
        return [s.text for s in self.summaries(texts)]

    def summaries(
        self, texts: Sequence[str], exclude: Sequence[Collection[str]] | None = None
    ) -> list[Summary]:
        owners: list[int] = []
        chunks: list[str] = []
        for i, text in enumerate(texts):
            for chunk in self.chunks(text):
                owners.append(i)
                chunks.append(chunk)
        n = 1 if self.faithful == "none" else self.settings.num_beams
        encoded = self.tokenizer.encode_batch([self.cfg.prefix + c for c in chunks]) if chunks else []
        hypotheses = self.generate_candidates(encoded, n)
        parts: list[list[str]] = [[] for _ in texts]
        fallback = [False] * len(texts)
        for owner, chunk, options in zip(owners, chunks, hypotheses, strict=True):
            text, used_fallback = self.choose(self.tokenizer.decode_batch(options), chunk)
            parts[owner].append(text)
            fallback[owner] = fallback[owner] or used_fallback
        summaries = [clean_summary("".join(p)) for p in parts]
        empty = [i for i in set(owners) if not summaries[i]]
        if empty:
            raise EmptyOutput(
                f"model '{self.name}' produced no text for a non-empty input ({len(empty)} of {len(texts)}); "
                f"check the model's files and generation settings ({GUIDE})"
            )
        return [Summary(text, fallback=f) for text, f in zip(summaries, fallback, strict=True)]

    def choose(self, decoded: Sequence[str], source: str) -> tuple[str, bool]:
        """The hypothesis to keep (see the module docstring) and whether it is an extractive fallback."""
        texts = [t for t in (clean_summary(d) for d in decoded) if t]
        if not texts:
            return "", False
        if self.faithful == "none":
            return texts[0], False
        for text in texts:
            if not unsupported_numbers(text, source):
                return text, False
        if self.faithful == "strict":
            (stand_in,) = LeadSummarizer().summarize([source])  # two whole sentences, no budget
            if stand_in:  # (a chunk of formulas only has nothing to stand in: the best hypothesis, flagged)
                return stand_in, True
        return texts[0], False

    def generate_candidates(self, encoded: list[list[int]], n: int) -> list[list[list[int]]]:
        """The ``n`` best hypotheses of every input, batched by token budget as single hypotheses
        are (beam search keeps its beams whether it returns one or all of them; halving on GPU
        out-of-memory); in input order. A backend with replicas (CTranslate2 on CPU) runs that many
        batches at once, from as many threads; the batches are split until each replica has one."""
        results: list[list[list[int]]] = [[] for _ in encoded]
        lengths = [len(e) for e in encoded]
        batches = plan_batches(lengths, self.batch_tokens, self.batch_size)
        replicas = self.backend.replicas
        if replicas < 2 or len(encoded) < 2:
            for batch in batches:
                self._run_n(batch, encoded, results, n)
            return results
        pool = ThreadPoolExecutor(max_workers=replicas, thread_name_prefix="zhsum-generate")
        try:
            with stops.held():  # a stop signal inside the pool's locks would hang its shutdown
                futures = [
                    pool.submit(self._run_n, b, encoded, results, n) for b in spread(batches, replicas)
                ]
            stops.wait_first_exception(futures)
        finally:  # on the first failure or a stop, batches not yet started never start
            with stops.held():
                pool.shutdown(wait=True, cancel_futures=True)
        for future in futures:
            if not future.cancelled() and future.exception() is not None:
                raise cast(BaseException, future.exception())
        return results

    def _run_n(
        self, batch: list[int], encoded: list[list[int]], results: list[list[list[int]]], n: int
    ) -> None:
        try:
            out = self.backend.generate_n([encoded[i] for i in batch], self.settings, n)
        except RuntimeError as exc:
            if not (len(batch) > 1 and self.backend.is_out_of_memory(exc)):
                raise
            self.backend.release_memory()
            half = len(batch) // 2
            warn_once("out of memory: halving the batch and retrying")
            self._run_n(batch[:half], encoded, results, n)
            self._run_n(batch[half:], encoded, results, n)
            return
        for i, options in zip(batch, out, strict=True):
            results[i] = options

    def generate_ids(self, encoded: list[list[int]]) -> list[list[int]]:
        """The best hypothesis of every input (:meth:`generate_candidates` with one)."""
        return [hypotheses[0] for hypotheses in self.generate_candidates(encoded, 1)]
