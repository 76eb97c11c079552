"""Generation backends behind one interface (:class:`~pipeline.engine.backends.base.Backend`):
PyTorch (any device) and CTranslate2 (the CPU fast path). :func:`make_backend` picks one."""

from __future__ import annotations

from pathlib import Path

from pipeline.config import ModelConfig
from pipeline.engine.backends.base import Backend
from pipeline.engine.tokenization import TextTokenizer
from pipeline.errors import BackendUnsupported
from pipeline.messages import warn_once


def make_backend(
    folder: Path,
    cfg: ModelConfig,
    tokenizer: TextTokenizer,
    *,
    device: str,
    precision: str,
    engine: str,
    trim_vocab: bool = False,
    threads: int | None = None,
) -> Backend:
    """The backend for ``engine`` (``auto``: CTranslate2 on CPU where the model allows, else PyTorch).

    ``precision`` ``auto`` is int8 on CPU (CTranslate2) and bf16 on a GPU. Asking for an engine or
    precision that cannot run raises :class:`BackendUnsupported` with what to pass instead.
    ``threads`` is the number of CPU threads the model may use (None: every core).
    """
    on_gpu = device != "cpu"
    asked = precision
    if precision == "auto":
        precision = "bf16" if on_gpu else "int8"
    if engine == "ctranslate2" or (engine == "auto" and not on_gpu):
        from pipeline.engine.backends.ctranslate2 import CT2Backend

        try:
            return CT2Backend(
                folder,
                cfg,
                tokenizer,
                device=device,
                precision=precision,
                trim_vocab=trim_vocab,
                threads=threads,
            )
        except BackendUnsupported as exc:
            if engine == "ctranslate2":
                raise
            warn_once(f"model '{cfg.name}' cannot take the CTranslate2 fast path ({exc}); running on PyTorch")
    if trim_vocab:
        warn_once("--trim-vocab applies to the CTranslate2 engine only; running the full vocabulary")
    if asked == "int8" and engine == "torch":
        warn_once("--precision int8 is a CTranslate2 precision; the PyTorch engine runs fp32")
    from pipeline.engine.backends.torch import TorchBackend

    return TorchBackend(
        folder, device=device, precision="bf16" if precision == "bf16" else "fp32", threads=threads
    )


__all__ = ["Backend", "BackendUnsupported", "make_backend"]
