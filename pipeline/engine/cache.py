"""zhsum's cache folder: converted models and tokenizers, keyed by the model files they came from."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline.config import env_value


def cache_root() -> Path:
    return Path(env_value("ZHSUM_CACHE") or Path.home() / ".cache" / "zhsum")


def folder_key(folder: Path, *extra: str) -> str:
    """A key that changes when any file of ``folder`` changes (name, size, mtime) or ``extra`` does."""
    h = hashlib.sha256("|".join([str(folder.resolve()), *extra]).encode())
    for path in sorted(folder.iterdir()):
        if path.is_file():
            stat = path.stat()
            h.update(f"{path.name}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return h.hexdigest()[:20]
