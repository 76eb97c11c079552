"""Summarizers behind one interface (:class:`~pipeline.summarizers.base.Summarizer`), one registry.

``get_summarizer(spec)`` accepts a registered name (``configs/models/*.yaml``), a local model folder
or a hub id; an unknown name lists the valid ones and suggests the closest.
"""

from __future__ import annotations

from pipeline.config import Defaults, ModelConfig, load_defaults
from pipeline.engine.loading import resolve
from pipeline.messages import warn_once
from pipeline.summarizers.base import Summarizer
from pipeline.summarizers.lead import LeadSummarizer
from pipeline.summarizers.textrank import TextRankSummarizer


def build(cfg: ModelConfig, defaults: Defaults, *, device: str | None = None, precision: str | None = None,
          engine: str | None = None, batch_size: int | None = None,
          generation: dict[str, object] | None = None, trim_vocab: bool = False) -> Summarizer:
    if cfg.kind in ("lead", "textrank"):
        if generation:
            warn_once(f"generation flags ({', '.join(generation)}) do not apply to extractive model '{cfg.name}'")
        cls = LeadSummarizer if cfg.kind == "lead" else TextRankSummarizer
        return cls(cfg.extractive, name=cfg.name)
    from pipeline.summarizers.seq2seq import Seq2SeqSummarizer

    return Seq2SeqSummarizer(
        cfg,
        device=device or defaults.device,
        precision=precision or defaults.precision,
        engine=engine or defaults.engine,
        batch_size=batch_size,
        batch_tokens=defaults.batch_tokens,
        generation=generation,
        trim_vocab=trim_vocab,
    )


def get_summarizer(spec: str | None = None, **options: object) -> Summarizer:
    """The summarizer for ``spec`` (default: ``configs/default.yaml``'s model)."""
    defaults = load_defaults()
    cfg = resolve(spec or defaults.model)
    return build(cfg, defaults, **options)  # type: ignore[arg-type]


__all__ = ["LeadSummarizer", "Summarizer", "TextRankSummarizer", "get_summarizer"]
