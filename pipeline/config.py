"""Configuration: YAML files loaded into frozen dataclasses.

``configs/default.yaml`` holds the defaults of ``zhsum summarize``; ``configs/models/<name>.yaml``
registers one model under ``<name>``. Every key is checked: an unknown key is an error naming the
file and the dotted key, with the closest valid key suggested. ``zhsum validate`` loads them all.

The folder is ``$ZHSUM_CONFIG_DIR`` when set, else ``configs/`` beside the package (the repository
checkout an editable install points at).
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pipeline.errors import ZhsumError


class ConfigError(ZhsumError):
    pass


@dataclass(frozen=True)
class GenerationSettings:
    """Generation settings recorded per checkpoint; CLI flags override them."""

    num_beams: int = 4
    max_new_tokens: int = 64
    min_new_tokens: int = 0
    no_repeat_ngram_size: int = 0
    length_penalty: float = 1.0
    repetition_penalty: float = 1.0


@dataclass(frozen=True)
class ExtractiveSettings:
    """Settings of the extractive baselines."""

    sentences: int = 2  # sentences per summary
    max_chars: int = 0  # 0 = no character cap; else stop adding sentences past it
    unit: str = "word"  # textrank similarity on jieba "word"s or "char"s
    damping: float = 0.85


@dataclass(frozen=True)
class ModelConfig:
    """One registered model. ``kind`` is ``seq2seq``, ``lead`` or ``textrank``."""

    name: str
    kind: str
    description: str = ""
    hub_id: str | None = None
    path: str | None = None  # a local folder holding the weights (relative to the repo or absolute)
    architecture: str | None = None  # mt5, t5, bart, pegasus
    tokenizer: str = "auto"  # auto (AutoTokenizer) | randeng-bert (BERT vocab + jieba, pipeline.tokenization)
    prefix: str = ""
    max_input_tokens: int = 512
    licence: str = ""
    size: str = ""
    generation: GenerationSettings = field(default_factory=GenerationSettings)
    extractive: ExtractiveSettings = field(default_factory=ExtractiveSettings)


@dataclass(frozen=True)
class Defaults:
    """``configs/default.yaml``: what ``zhsum summarize`` uses when a flag is not given."""

    model: str = "lead"
    device: str = "auto"
    precision: str = "auto"
    engine: str = "auto"
    batch_tokens: int = 4096  # padded input tokens per batch (CPU); GPUs use 16x
    article_summary: str = "digest"  # digest | reduce | lede | none


KINDS = ("seq2seq", "lead", "textrank")
ARCHITECTURES = ("mt5", "t5", "bart", "pegasus", None)
TOKENIZERS = ("auto", "randeng-bert")


def config_dir() -> Path:
    env = os.environ.get("ZHSUM_CONFIG_DIR")
    return Path(env) if env else Path(__file__).resolve().parent.parent / "configs"


def repo_root() -> Path:
    return Path(__file__).resolve().parent.parent


# --------------------------------------------------------------------------- strict loading


def _type_ok(value: Any, annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return any(_type_ok(value, arg) for arg in typing.get_args(annotation))
    if annotation is type(None):
        return value is None
    if annotation is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if annotation is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(annotation, type):
        return isinstance(value, annotation)
    return True


def from_dict(cls: type, data: Any, source: str, prefix: str = "", extra: dict[str, Any] | None = None) -> Any:
    """Build dataclass ``cls`` from ``data``; unknown keys and wrong types raise :class:`ConfigError`."""
    if not isinstance(data, dict):
        where = f"'{prefix.rstrip('.')}'" if prefix else "the file"
        raise ConfigError(f"{source}: {where} must be a mapping of keys to values")
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    kwargs: dict[str, Any] = dict(extra or {})
    for key, value in data.items():
        dotted = f"{prefix}{key}"
        if key not in fields or key in kwargs:
            valid = sorted(set(fields) - set(extra or {}))
            close = difflib.get_close_matches(str(key), valid, n=1)
            hint = f"; did you mean '{prefix}{close[0]}'?" if close else f" (valid: {', '.join(valid)})"
            raise ConfigError(f"{source}: unknown key '{dotted}'{hint}")
        annotation = hints[key]
        if dataclasses.is_dataclass(annotation):
            kwargs[key] = from_dict(annotation, value, source, f"{dotted}.")
        elif not _type_ok(value, annotation):
            raise ConfigError(f"{source}: '{dotted}' must be {getattr(annotation, '__name__', annotation)}, got {value!r}")
        else:
            kwargs[key] = value
    return cls(**kwargs)


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        raise ConfigError(f"{path}{where}: invalid YAML ({getattr(exc, 'problem', exc)})") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror})") from None


def load_model_config(path: Path) -> ModelConfig:
    cfg: ModelConfig = from_dict(ModelConfig, _read_yaml(path), str(path), extra={"name": path.stem})
    if cfg.kind not in KINDS:
        raise ConfigError(f"{path}: 'kind' must be one of {', '.join(KINDS)}, got {cfg.kind!r}")
    if cfg.architecture not in ARCHITECTURES:
        raise ConfigError(f"{path}: 'architecture' must be one of mt5, t5, bart, pegasus, got {cfg.architecture!r}")
    if cfg.tokenizer not in TOKENIZERS:
        raise ConfigError(f"{path}: 'tokenizer' must be one of {', '.join(TOKENIZERS)}, got {cfg.tokenizer!r}")
    if cfg.kind == "seq2seq" and not (cfg.hub_id or cfg.path):
        raise ConfigError(f"{path}: a seq2seq model needs 'hub_id' or 'path'")
    if cfg.extractive.unit not in ("word", "char"):
        raise ConfigError(f"{path}: 'extractive.unit' must be word or char, got {cfg.extractive.unit!r}")
    return cfg


def load_defaults(path: Path | None = None) -> Defaults:
    path = path or config_dir() / "default.yaml"
    if not path.exists():
        return Defaults()
    defaults: Defaults = from_dict(Defaults, _read_yaml(path), str(path))
    if defaults.article_summary not in ("digest", "reduce", "lede", "none"):
        raise ConfigError(f"{path}: 'article_summary' must be digest, reduce, lede or none, got {defaults.article_summary!r}")
    return defaults


def load_registry(directory: Path | None = None) -> dict[str, ModelConfig]:
    directory = directory or config_dir() / "models"
    if not directory.is_dir():
        raise ConfigError(f"no model configs at {directory} (set ZHSUM_CONFIG_DIR or run from a checkout of zhsum)")
    return {p.stem: load_model_config(p) for p in sorted(directory.glob("*.yaml"))}


def validate_all(paths: list[str] | None = None) -> tuple[list[str], int]:
    """Load every config file under ``paths`` (default: the config folder), recursively."""
    roots = [Path(p) for p in paths] if paths else [config_dir()]
    files: list[Path] = []
    for root in roots:
        files += sorted(root.rglob("*.yaml")) + sorted(root.rglob("*.yml")) if root.is_dir() else [root]
    problems = []
    for file in files:
        try:
            if file.parent.name == "models":
                load_model_config(file)
            else:
                load_defaults(file)
        except ConfigError as exc:
            problems.append(str(exc))
        else:
            first = file.read_text(encoding="utf-8").lstrip().splitlines()[:1]
            if not first or not first[0].startswith("#"):
                problems.append(f"{file}: must open with a comment giving the command that uses it")
    if not files:
        problems.append(f"no config files under {', '.join(map(str, roots))}")
    return problems, len(files)
