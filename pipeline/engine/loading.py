"""Find a model's files on this machine: its configured ``path``, ``models/NAME`` in the checkout or
``$ZHSUM_MODELS_DIR/NAME``, or the Hugging Face cache; download a hub id only where allowed and
possible. When ``HF_HUB_OFFLINE`` is set or the hub cannot be reached, the run stops at once with one
line pointing to ``models/README.md`` (no minute of retries). Which model ``--model X`` names is
decided before this, once per run (:func:`pipeline.models.find_model`).
"""

from __future__ import annotations

import os
import socket
from pathlib import Path
from urllib.parse import urlparse

from pipeline.config import ModelConfig, env_value, repo_root
from pipeline.models import GUIDE, ModelUnavailable, check_model_folder

__all__ = ["ModelUnavailable", "check_model_folder", "is_offline", "local_folder", "model_folder"]

WEIGHT_PATTERNS = [
    "*.json",
    "*.safetensors",
    "*.bin",
    "spiece.model",
    "*.spm",
    "vocab.txt",
    "sentencepiece*",
    "tokenizer*",
]


def _truthy(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def is_offline() -> bool:
    return _truthy("HF_HUB_OFFLINE") or _truthy("TRANSFORMERS_OFFLINE")


def _hub_reachable(timeout: float = 3.0) -> bool:
    endpoint = os.environ.get("HF_ENDPOINT", "https://huggingface.co")
    parsed = urlparse(endpoint)
    host, port = parsed.hostname or "huggingface.co", parsed.port or (443 if parsed.scheme == "https" else 80)
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def _from_cache(hub_id: str) -> Path | None:
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import LocalEntryNotFoundError

    try:
        folder = Path(snapshot_download(hub_id, local_files_only=True, allow_patterns=WEIGHT_PATTERNS))
    except (LocalEntryNotFoundError, OSError, ValueError):
        return None
    return folder if (folder / "config.json").exists() else None


def local_folder(cfg: ModelConfig) -> Path | None:
    """The model's files on this machine, without the network: its ``path``, ``models/NAME`` or
    ``$ZHSUM_MODELS_DIR/NAME``, or the Hugging Face cache; None when none holds it."""
    if cfg.path:
        path = Path(cfg.path).expanduser()
        path = path if path.is_absolute() else repo_root() / path
        return path if (path / "config.json").exists() else None
    for root in (env_value("ZHSUM_MODELS_DIR"), str(repo_root() / "models")):
        if root and (Path(root) / cfg.name / "config.json").exists():
            return Path(root) / cfg.name
    return _from_cache(cfg.hub_id) if cfg.hub_id else None


def model_folder(cfg: ModelConfig) -> Path:
    """A local folder with the model's files, downloading only where allowed and possible."""
    help_line = f"see {GUIDE} to place its weights, or use an extractive model (--model lead)"
    label = f"'{cfg.name}'" if cfg.name == cfg.hub_id else f"'{cfg.name}' ({cfg.hub_id})"
    found = local_folder(cfg)
    if found is not None:
        return found
    if cfg.path:
        path = Path(cfg.path).expanduser()
        path = path if path.is_absolute() else repo_root() / path
        raise ModelUnavailable(f"model '{cfg.name}': no model at {path} (its config's 'path'): {help_line}")
    if not cfg.hub_id:
        raise ModelUnavailable(f"model '{cfg.name}' has no weights configured: {help_line}")
    if is_offline():
        raise ModelUnavailable(
            f"model {label} is not available offline (HF_HUB_OFFLINE is set and it is not in the HF cache): {help_line}"
        )
    if not _hub_reachable():
        raise ModelUnavailable(
            f"model {label} is not in the HF cache and the hub cannot be reached: {help_line}"
        )
    from huggingface_hub import snapshot_download

    try:
        return Path(snapshot_download(cfg.hub_id, allow_patterns=WEIGHT_PATTERNS))
    except Exception as exc:  # huggingface_hub raises many types (HTTP, auth, not found)
        raise ModelUnavailable(
            f"model {label} could not be downloaded ({type(exc).__name__}): {help_line}"
        ) from None
