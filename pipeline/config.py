"""Configuration: YAML files loaded into frozen, typed dataclasses.

``configs/models/<name>.yaml`` registers one model under ``<name>``. The ``configs/`` folder
of the checkout ships inside the wheel as the package ``pipeline.configs`` and is read with
:mod:`importlib.resources`. ``$ZHSUM_CONFIG_DIR`` *adds* a folder of the same layout: its models are
registered beside the built-in ones (a file of the same name replaces the built-in one) and its
``default.yaml`` overrides the built-in defaults key by key (the run settings, declared in
:mod:`pipeline.settings`).

Every key is checked: an unknown key is an error naming the file and the dotted key, with the
closest valid key suggested; a value of the wrong type, out of its range or not one of its allowed
values is an error naming the file, the key and what is allowed. ``zhsum validate`` loads them all.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import os
import re
import reprlib
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import yaml

from pipeline.errors import ConfigError

if TYPE_CHECKING:
    from importlib.abc import Traversable

Precision = Literal["auto", "int8", "fp32", "bf16"]
Engine = Literal["auto", "torch", "ctranslate2"]
ArticleSummary = Literal["digest", "reduce", "lede", "none"]
Faithful = Literal["check", "strict", "none"]
Kind = Literal["seq2seq", "lead", "textrank"]
Architecture = Literal["mt5", "t5", "bart", "pegasus"]
TokenizerKind = Literal["auto", "randeng-bert"]
Unit = Literal["word", "char"]
DEVICE = re.compile(r"^(auto|cpu|mps|cuda(:\d+)?)$")


def _range(
    ge: float | None = None, le: float | None = None, gt: float | None = None, lt: float | None = None
) -> dict:
    return {"range": (ge, le, gt, lt)}


@dataclass(frozen=True)
class GenerationSettings:
    """Generation settings recorded per checkpoint; CLI flags override them."""

    num_beams: int = field(default=4, metadata=_range(ge=1))
    max_new_tokens: int = field(default=64, metadata=_range(ge=1))
    min_new_tokens: int = field(default=0, metadata=_range(ge=0))
    no_repeat_ngram_size: int = field(default=0, metadata=_range(ge=0))
    length_penalty: float = 1.0
    repetition_penalty: float = field(default=1.0, metadata=_range(gt=0))

    def problems(self) -> list[tuple[str, str]]:
        if self.min_new_tokens > self.max_new_tokens:
            return [
                (
                    "min_new_tokens",
                    f"must not exceed max_new_tokens ({self.max_new_tokens}), got {self.min_new_tokens}",
                )
            ]
        return []


@dataclass(frozen=True)
class ExtractiveSettings:
    """Settings of the extractive baselines."""

    sentences: int = field(default=2, metadata=_range(ge=1))  # sentences per summary
    max_chars: int = field(default=0, metadata=_range(ge=0))  # 0 = no cap; else the summary's length budget
    unit: Unit = "word"  # textrank similarity on jieba "word"s or "char"s
    damping: float = field(default=0.85, metadata=_range(gt=0, lt=1))

    def problems(self) -> list[tuple[str, str]]:
        return []


@dataclass(frozen=True)
class ModelConfig:
    """One registered model. ``kind`` is ``seq2seq``, ``lead`` or ``textrank``."""

    name: str
    kind: Kind
    description: str = ""
    hub_id: str | None = None
    path: str | None = None  # a local folder holding the weights (relative to the repo or absolute)
    architecture: Architecture | None = None
    tokenizer: TokenizerKind = "auto"  # auto (AutoTokenizer) | randeng-bert (BERT vocab + jieba)
    prefix: str = ""
    max_input_tokens: int = field(default=512, metadata=_range(ge=8))
    licence: str = ""
    size: str = ""
    generation: GenerationSettings = field(default_factory=GenerationSettings)
    extractive: ExtractiveSettings = field(default_factory=ExtractiveSettings)

    def problems(self) -> list[tuple[str, str]]:
        if self.kind == "seq2seq" and not (self.hub_id or self.path):
            return [("hub_id", "a seq2seq model needs 'hub_id' or 'path'")]
        return []


# --------------------------------------------------------------------------- where configs live


def builtin_configs() -> Traversable:
    """The ``configs/`` folder shipped with zhsum (inside the wheel, or the checkout's own)."""
    return resources.files("pipeline.configs")


def empty_variable(name: str) -> ConfigError:
    """The error for a ``ZHSUM_`` variable set to nothing (``ZHSUM_MODEL=``): a value was meant
    and none came, so it is refused (falling back to the default said nothing), for every variable
    alike; unset it to take the default."""
    return ConfigError(
        f"{name} is set but empty: give it a value, or unset it (unset {name}) for the default"
    )


def env_value(name: str) -> str | None:
    """A ``ZHSUM_`` variable's value, None when it is unset; :func:`empty_variable` when empty."""
    raw = os.environ.get(name)
    if raw is None:
        return None
    if not raw.strip():
        raise empty_variable(name)
    return raw


def config_dir() -> Path | None:
    """The user's extra config folder (``$ZHSUM_CONFIG_DIR``), if set."""
    env = env_value("ZHSUM_CONFIG_DIR")
    return Path(env).expanduser() if env else None


def repo_root() -> Path:
    return Path(__file__).resolve().parent.parent


# --------------------------------------------------------------------------- strict loading


def describe_type(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    if origin is Literal:
        return "one of " + ", ".join(str(a) for a in typing.get_args(annotation))
    if origin in (typing.Union, types.UnionType):
        return " or ".join(describe_type(a) for a in typing.get_args(annotation))
    if annotation is type(None):
        return "null"
    return getattr(annotation, "__name__", str(annotation))


def _type_ok(value: Any, annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return any(_type_ok(value, arg) for arg in typing.get_args(annotation))
    if origin is Literal:
        return value in typing.get_args(annotation) and not isinstance(value, bool)
    if annotation is type(None):
        return value is None
    if annotation is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if annotation is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(annotation, type):
        return isinstance(value, annotation)
    return True


_SHOWN = reprlib.Repr()
_SHOWN.maxlevel, _SHOWN.maxlist, _SHOWN.maxdict, _SHOWN.maxstring, _SHOWN.maxother = 2, 4, 4, 80, 80


def shown(value: Any) -> str:
    """A value as an error message quotes it: short (a YAML alias bomb's value is millions of items)."""
    return _SHOWN.repr(value)


def check_value(f: dataclasses.Field, annotation: Any, value: Any) -> str | None:
    """Why ``value`` is not valid for field ``f`` (None when it is)."""
    if not _type_ok(value, annotation):
        return f"must be {describe_type(annotation)}, got {shown(value)}"
    if isinstance(value, float) and not math.isfinite(value):
        return f"must be a finite number, got {shown(value)}"
    pattern = f.metadata.get("pattern")
    if pattern is not None and isinstance(value, str) and not pattern.match(value):
        return f"must be {f.metadata['allowed']}, got {shown(value)}"
    bounds = f.metadata.get("range")
    if bounds is not None and isinstance(value, (int, float)):
        ge, le, gt, lt = bounds
        for ok, words, limit in (
            (ge is None or value >= ge, "≥", ge),
            (le is None or value <= le, "≤", le),
            (gt is None or value > gt, ">", gt),
            (lt is None or value < lt, "<", lt),
        ):
            if not ok:
                return f"must be {words} {limit}, got {shown(value)}"
    return None


def _fields(cls: type) -> tuple[dict[str, dataclasses.Field], dict[str, Any]]:
    return {f.name: f for f in dataclasses.fields(cls)}, typing.get_type_hints(cls)


def from_dict(
    cls: type, data: Any, source: str, prefix: str = "", extra: dict[str, Any] | None = None
) -> Any:
    """Build dataclass ``cls`` from ``data``; unknown keys, wrong types and bad values raise
    :class:`ConfigError` naming ``source`` and the dotted key."""
    if not isinstance(data, dict):
        where = f"'{prefix.rstrip('.')}'" if prefix else "the file"
        raise ConfigError(f"{source}: {where} must be a mapping of keys to values")
    fields, hints = _fields(cls)
    kwargs: dict[str, Any] = dict(extra or {})
    for key, value in data.items():
        dotted = f"{prefix}{key}"
        if key not in fields or key in (extra or {}):
            valid = sorted(set(fields) - set(extra or {}))
            close = difflib.get_close_matches(str(key), valid, n=1)
            hint = f"; did you mean '{prefix}{close[0]}'?" if close else f" (valid: {', '.join(valid)})"
            raise ConfigError(f"{source}: unknown key '{dotted}'{hint}")
        annotation = hints[key]
        if dataclasses.is_dataclass(annotation):
            kwargs[key] = from_dict(annotation, value, source, f"{dotted}.")  # type: ignore[arg-type]
            continue
        problem = check_value(fields[key], annotation, value)
        if problem:
            raise ConfigError(f"{source}: '{dotted}' {problem}")
        kwargs[key] = value
    missing = [
        n
        for n, f in fields.items()
        if n not in kwargs and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    ]
    if missing:
        raise ConfigError(f"{source}: missing key '{prefix}{missing[0]}'")
    obj = cls(**kwargs)
    for key, problem in obj.problems():
        raise ConfigError(f"{source}: '{prefix}{key}' {problem}")
    return obj


MAX_CONFIG_BYTES = 1_000_000  # zhsum's configs are a few hundred bytes; a larger file is not one


def _unique_keys_loader(label: str) -> type[yaml.SafeLoader]:
    """A safe loader that refuses a key given twice in one mapping, naming the file, key and line:
    YAML's loaders keep the last value without a word, so ``model: lead`` then ``model: textrank``
    silently ran textrank."""

    class UniqueKeys(yaml.SafeLoader):
        def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
            seen: dict[Any, int] = {}
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=deep)
                line = key_node.start_mark.line + 1
                if isinstance(key, str | int | float | bool) and key in seen:
                    raise ConfigError(
                        f"{label}:{line}: key '{key}' given twice (first on line {seen[key]}); keep one"
                    )
                if isinstance(key, str | int | float | bool):
                    seen[key] = line
            return super().construct_mapping(node, deep=deep)

    return UniqueKeys


def read_yaml(path: Path | Traversable, label: str) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
        if len(text) > MAX_CONFIG_BYTES:
            raise ConfigError(f"{label}: {len(text):,} characters is not a zhsum config (the limit is 1 MB)")
        return yaml.load(text, Loader=_unique_keys_loader(label)) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        raise ConfigError(f"{label}{where}: invalid YAML ({getattr(exc, 'problem', exc)})") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{label}: not UTF-8 text (re-save it as UTF-8)") from None
    except OSError as exc:
        raise ConfigError(f"{label}: cannot read ({exc.strerror})") from None


def load_model_config(path: Path | Traversable, label: str | None = None) -> ModelConfig:
    name = path.name.rsplit(".", 1)[0]
    label = label or str(path)
    cfg: ModelConfig = from_dict(ModelConfig, read_yaml(path, label), label, extra={"name": name})
    return cfg


def _builtin_label(name: str) -> str:
    return f"configs/{name}"


def model_files() -> dict[str, tuple[Path | Traversable, str]]:
    files: dict[str, tuple[Path | Traversable, str]] = {}
    builtin = builtin_configs() / "models"
    for entry in sorted(builtin.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            files[entry.name[:-5]] = (entry, _builtin_label(f"models/{entry.name}"))
    user = config_dir()
    if user is not None:
        if user.exists() and not user.is_dir():
            raise ConfigError(
                f"ZHSUM_CONFIG_DIR={user}: is a file, not a folder (point it at the folder holding "
                "default.yaml and models/, or unset it)"
            )
        if not user.is_dir():
            raise ConfigError(f"ZHSUM_CONFIG_DIR={user}: no such folder (unset it or create the folder)")
        for path in sorted((user / "models").glob("*.yaml")):
            files[path.stem] = (path, str(path))
    return files


def load_registry(directory: Path | None = None) -> dict[str, ModelConfig]:
    """Every registered model: the built-in ones plus ``$ZHSUM_CONFIG_DIR/models`` (or only
    ``directory`` when given)."""
    if directory is not None:
        return {p.stem: load_model_config(p) for p in sorted(directory.glob("*.yaml"))}
    return {name: load_model_config(path, label) for name, (path, label) in model_files().items()}


def replace_checked(obj: Any, overrides: Mapping[str, Any], names: Mapping[str, str]) -> Any:
    """``dataclasses.replace`` with every value checked like a config value; ``names`` maps a field
    to what the user typed (a flag) for the error message."""
    fields, hints = _fields(type(obj))
    for key, value in overrides.items():
        problem = check_value(fields[key], hints[key], value)
        if problem:
            raise ConfigError(f"{names.get(key, key)} {problem}")
    new = dataclasses.replace(obj, **overrides)
    for key, problem in new.problems():
        raise ConfigError(f"{names.get(key, key)} {problem}")
    return new
