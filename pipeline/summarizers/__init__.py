"""Summarizers behind one interface (:class:`~pipeline.summarizers.base.Summarizer`), one registry.

:func:`build` makes the summarizer of a resolved model config with the run's settings;
:func:`get_summarizer` accepts a registered name (``configs/models/*.yaml``), a local model folder
or a hub id; an unknown name lists the valid ones and suggests the closest.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from pipeline.config import ModelConfig
from pipeline.messages import warn_once
from pipeline.settings import RunSettings
from pipeline.settings import resolve as resolve_settings
from pipeline.summarizers.base import Summarizer
from pipeline.summarizers.lead import LeadSummarizer
from pipeline.summarizers.textrank import TextRankSummarizer

EXTRACTIVE: dict[str, type[LeadSummarizer] | type[TextRankSummarizer]] = {
    "lead": LeadSummarizer,
    "textrank": TextRankSummarizer,
}


def build(cfg: ModelConfig, settings: RunSettings) -> Summarizer:
    """The summarizer for a resolved model config, with the run's settings."""
    if cfg.kind in EXTRACTIVE:
        if settings.generation:
            warn_once(
                f"generation flags ({', '.join(settings.generation)}) do not apply to extractive model '{cfg.name}'"
            )
        extractive = cfg.extractive
        if settings.max_chars:
            extractive = replace(extractive, max_chars=settings.max_chars)
        return EXTRACTIVE[cfg.kind](extractive, name=cfg.name)
    from pipeline.summarizers.seq2seq import Seq2SeqSummarizer

    return Seq2SeqSummarizer(cfg, settings)


def is_extractive(cfg: ModelConfig) -> bool:
    """Whether ``model`` (a name, folder or hub id) is an extractive baseline: no weights, no GPU,
    nothing batched."""
    return cfg.kind in EXTRACTIVE


def get_summarizer(spec: str | None = None, **options: Any) -> Summarizer:
    """The summarizer for ``spec`` (default: the configured model); ``options`` are run settings
    (``device``, ``precision``, ``engine``, ``batch_size``, ``generation``, …)."""
    settings = resolve_settings({"model": spec, **options}, names={k: f"{k}=" for k in options})
    return build(settings.model_config, settings)


__all__ = ["LeadSummarizer", "Summarizer", "TextRankSummarizer", "build", "get_summarizer", "is_extractive"]
