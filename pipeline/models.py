"""What ``--model X`` names, decided once per run without loading anything: a registered name, a
local model folder or a hub id (:func:`find_model`), and whether a model folder can load
(:func:`check_model_folder`). Finding the files on disk, in the HF cache or on the hub is
:mod:`pipeline.engine.loading`'s job.

Resolution of ``--model X``:

1. ``X`` is a registered name (``configs/models/X.yaml``, or ``$ZHSUM_CONFIG_DIR/models/X.yaml``).
2. ``X`` is a folder holding ``config.json``: loaded as is; generation settings come from its
   ``generation_config.json``.
3. ``X`` looks like ``org/name``: a hub id.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import cast

from pipeline.config import (
    Architecture,
    ExtractiveSettings,
    GenerationSettings,
    ModelConfig,
    TokenizerKind,
    load_registry,
)
from pipeline.errors import ZhsumError

GUIDE = "zhsum models --guide"  # how a message points to the model guide (models/README.md), in a wheel too


class ModelUnavailable(ZhsumError):
    """A model whose files cannot be found or cannot load."""


def unknown_model_message(name: str, registry: dict[str, ModelConfig]) -> str:
    valid = sorted(registry)
    close = difflib.get_close_matches(name, valid, n=1, cutoff=0.5)
    hint = f" Did you mean '{close[0]}'?" if close else ""
    return (
        f"unknown model '{name}' (not registered, not a model folder, not a hub id org/name). "
        f"Valid: {', '.join(valid)}.{hint}"
    )


def find_model(spec: str, registry: dict[str, ModelConfig] | None = None) -> ModelConfig:
    """The config for ``--model spec`` (see the module docstring)."""
    registry = registry if registry is not None else load_registry()
    if spec in registry:
        return registry[spec]
    path = Path(spec).expanduser()
    if path.is_dir():
        if not (path / "config.json").exists():
            raise ZhsumError(
                f"{spec}: folder has no config.json (expected a model saved with save_pretrained)"
            )
        check_model_folder(path)
        return config_from_folder(path)
    if "/" in spec and not spec.startswith((".", "/", "~")) and spec.count("/") == 1:
        return ModelConfig(name=spec, kind="seq2seq", hub_id=spec)
    raise ZhsumError(unknown_model_message(spec, registry))


def config_from_folder(folder: Path, name: str | None = None, base: ModelConfig | None = None) -> ModelConfig:
    """A config for an unregistered model folder, from its ``config.json`` and
    ``generation_config.json``."""
    model_cfg = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    arch = model_cfg.get("model_type")
    arch = arch if arch in ("mt5", "t5", "bart", "pegasus") else None
    tokenizer = "auto"
    marker = folder / "zhsum_tokenizer.json"
    if marker.exists():
        tokenizer = json.loads(marker.read_text(encoding="utf-8")).get("tokenizer", "auto")
    elif arch == "pegasus" and (folder / "vocab.txt").exists() and not (folder / "tokenizer.json").exists():
        tokenizer = "randeng-bert"
    generation = GenerationSettings()
    gen_file = folder / "generation_config.json"
    if gen_file.exists():
        generation = generation_from_hf(json.loads(gen_file.read_text(encoding="utf-8")), generation)
    max_positions = model_cfg.get("max_position_embeddings")
    max_input = min(int(max_positions), 1024) if isinstance(max_positions, int) and max_positions > 0 else 512
    if base is not None:
        return replace(base, path=str(folder.resolve()), architecture=base.architecture or arch)
    return ModelConfig(
        name=name or folder.name,
        kind="seq2seq",
        path=str(folder.resolve()),
        architecture=cast(Architecture | None, arch),
        tokenizer=cast(TokenizerKind, tokenizer),
        max_input_tokens=max_input,
        generation=generation,
        extractive=ExtractiveSettings(),
    )


def generation_from_hf(gen: dict, default: GenerationSettings) -> GenerationSettings:
    """Map a ``generation_config.json`` onto our settings (``max_length`` counts as new tokens)."""
    updates = {}
    for ours, theirs in (
        ("num_beams", "num_beams"),
        ("max_new_tokens", "max_new_tokens"),
        ("min_new_tokens", "min_new_tokens"),
        ("no_repeat_ngram_size", "no_repeat_ngram_size"),
        ("length_penalty", "length_penalty"),
        ("repetition_penalty", "repetition_penalty"),
    ):
        if gen.get(theirs) is not None:
            updates[ours] = gen[theirs]
    if "max_new_tokens" not in updates and isinstance(gen.get("max_length"), int) and gen["max_length"] != 20:
        updates["max_new_tokens"] = gen["max_length"]
    if "min_new_tokens" not in updates and isinstance(gen.get("min_length"), int):
        updates["min_new_tokens"] = gen["min_length"]
    return replace(default, **updates)


TOKENIZER_FILES = ("tokenizer.json", "spiece.model", "vocab.txt", "sentencepiece.bpe.model", "vocab.json")
WEIGHT_FILES = (
    "model.safetensors",
    "pytorch_model.bin",
    "model.safetensors.index.json",
    "pytorch_model.bin.index.json",
)


def check_model_folder(folder: Path) -> None:
    """Refuse, in one line naming the file, a model folder that cannot load: invalid ``config.json``
    or ``generation_config.json``, no or truncated weights, no tokenizer, a truncated
    ``spiece.model``, an empty ``vocab.txt``. Cheap: no weights are read and torch is not imported."""

    def bad(name: str, why: str) -> ModelUnavailable:
        return ModelUnavailable(
            f"model folder {folder}: {name} {why}; re-place the model's files (see {GUIDE})"
        )

    for name in ("config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json"):
        path = folder / name
        if path.exists():
            try:
                data = json.loads(path.read_bytes())
            except (ValueError, UnicodeDecodeError):
                raise bad(name, "is not valid JSON") from None
            if not isinstance(data, dict) or (name == "config.json" and "model_type" not in data):
                raise bad(
                    name,
                    "is not a model config (no 'model_type')"
                    if name == "config.json"
                    else "is not a JSON object",
                )
    weights = [folder / n for n in WEIGHT_FILES if (folder / n).exists()]
    if not weights:
        raise bad("(weights)", "missing: no model.safetensors or pytorch_model.bin")
    for path in weights:
        if path.name == "model.safetensors":
            _check_safetensors(path, bad)
        elif path.name == "pytorch_model.bin":
            import zipfile

            if not zipfile.is_zipfile(path):
                raise bad(path.name, "is truncated or not a PyTorch checkpoint")
    if not any((folder / n).exists() for n in TOKENIZER_FILES):
        raise bad("(tokenizer)", "missing: no tokenizer.json, spiece.model or vocab.txt")
    vocab = folder / "vocab.txt"
    if vocab.exists() and len(vocab.read_bytes().split(b"\n", 8)) < 8:
        raise bad("vocab.txt", "is empty or nearly so")
    spiece = folder / "spiece.model"
    if spiece.exists():
        import sentencepiece

        try:
            sentencepiece.SentencePieceProcessor(model_file=str(spiece))
        except (OSError, RuntimeError):
            raise bad("spiece.model", "is truncated or not a SentencePiece model") from None


def _check_safetensors(path: Path, bad: Callable[[str, str], ModelUnavailable]) -> None:
    """A safetensors file's header parses and its tensors fit in the file (a truncated download fails here)."""
    size = path.stat().st_size
    with path.open("rb") as f:
        head = f.read(8)
        if len(head) < 8:
            raise bad(path.name, "is truncated")
        length = int.from_bytes(head, "little")
        if length > size - 8 or length > 100_000_000:
            raise bad(path.name, "is truncated or not a safetensors file")
        try:
            header = json.loads(f.read(length))
        except (ValueError, UnicodeDecodeError):
            raise bad(path.name, "has a corrupt header") from None
    end = max(
        (t["data_offsets"][1] for k, t in header.items() if k != "__metadata__" and isinstance(t, dict)),
        default=0,
    )
    if 8 + length + end > size:
        raise bad(path.name, f"is truncated ({size} bytes, needs {8 + length + end})")
