"""Devices and threads: where a model runs, decided without importing torch when no accelerator
can exist."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from pipeline.errors import ZhsumError


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def cpu_threads(requested: int | None, copies: int = 1, cores: int | None = None) -> int:
    """CPU threads per model copy, the one rule of every mode (one process, worker processes, Ray
    actors): the ``--threads`` given, else the ``cores`` (default: this machine's) divided among the
    ``copies`` of the model, at least one."""
    return requested or max(1, (cores or cpu_count()) // max(1, copies))


MAX_REPLICAS = 4


def cpu_replicas(threads: int) -> tuple[int, int]:
    """How a CPU engine spends ``threads``: ``(replicas, threads each)``. Replicas of one model share
    its weights and run different batches at the same time, which keeps every core busy through the
    parts of a decode step that one batch cannot spread over threads (on 2 cores, a BART-base shape
    summarizing 83 inputs in 5 batches: 2 replicas of 1 thread 7.2 s, 1 replica of 2 threads 8.4 s;
    eval/BENCHMARKS.md). Up to :data:`MAX_REPLICAS`, as many as divide ``threads`` evenly, so no
    core is left idle and none is shared."""
    replicas = max(1, min(MAX_REPLICAS, threads))
    while threads % replicas:
        replicas -= 1
    return replicas, max(1, threads // replicas)


def _accelerator_possible() -> bool:
    """Cheap check before importing torch: a CUDA/ROCm device node, or macOS (MPS)."""
    return sys.platform == "darwin" or any(
        Path(p).exists() for p in ("/dev/nvidia0", "/dev/nvidiactl", "/dev/kfd", "/dev/dxg")
    )


def pick_device(device: str = "auto") -> str:
    if device == "cpu" or (device == "auto" and not _accelerator_possible()):
        return "cpu"
    import torch

    if device != "auto":
        mps_backend = getattr(torch.backends, "mps", None)
        if device == "mps" and not (mps_backend is not None and mps_backend.is_available()):
            raise ZhsumError("--device mps: no Apple GPU (MPS) is available here (use --device cpu or auto)")
        if device.startswith("cuda") and not torch.cuda.is_available():
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
