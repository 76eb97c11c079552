"""The one function that decides every run setting: flag, then environment, then config, then default.

:func:`resolve` takes what the user passed (CLI flags, or keyword arguments of the Python API) and
returns a frozen :class:`RunSettings`. For each setting the first of these that is set wins:

1. the flag / keyword argument (``--batch-tokens 2048``, ``batch_tokens=2048``);
2. the environment variable ``ZHSUM_<NAME>`` (``ZHSUM_BATCH_TOKENS=2048``);
3. ``$ZHSUM_CONFIG_DIR/default.yaml``;
4. the built-in ``configs/default.yaml`` (the one place a default is stated).

Every value is typed and checked before anything loads, and an error names where the bad value
came from (``--device tpu``, ``ZHSUM_DEVICE=tpu`` or the config file and key).
"""

from __future__ import annotations

import dataclasses
import os
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pipeline.config import (
    ArticleSummary,
    Defaults,
    Engine,
    Faithful,
    GenerationSettings,
    Precision,
    check_value,
    describe_type,
    load_defaults,
)
from pipeline.errors import ConfigError

ENV_PREFIX = "ZHSUM_"
GENERATION_KEYS = tuple(f.name for f in dataclasses.fields(GenerationSettings))


@dataclass(frozen=True)
class RunSettings:
    """Everything a summarize run needs to know, decided once."""

    model: str
    device: str
    precision: Precision
    engine: Engine
    batch_tokens: int
    article_summary: ArticleSummary
    faithful: Faithful
    max_doc_bytes: int
    max_chars: int
    workers: int
    threads: int
    batch_size: int | None = field(default=None, metadata={"range": (1, None, None, None)})
    trim_vocab: bool = False
    generation: Mapping[str, Any] = field(default_factory=dict)  # overrides of the model's own settings


def flag_name(key: str) -> str:
    return "--" + key.replace("_", "-")


def _parse_env(raw: str, annotation: Any, label: str) -> Any:
    """An environment string as the type ``annotation`` wants."""
    options = typing.get_args(annotation)
    wants = {a for a in options if isinstance(a, type)} or (
        {annotation} if isinstance(annotation, type) else set()
    )
    text = raw.strip()
    if bool in wants or annotation is bool:
        if text.lower() in {"1", "true", "yes", "on"}:
            return True
        if text.lower() in {"0", "false", "no", "off", ""}:
            return False
        raise ConfigError(f"{label} must be true or false")
    if int in wants or annotation is int:
        try:
            return int(text)
        except ValueError:
            raise ConfigError(f"{label} must be {describe_type(annotation)}") from None
    if float in wants or annotation is float:
        try:
            return float(text)
        except ValueError:
            raise ConfigError(f"{label} must be a number") from None
    return text


def resolve(
    options: Mapping[str, Any] | None = None,
    *,
    env: Mapping[str, str] | None = None,
    names: Mapping[str, str] | None = None,
) -> RunSettings:
    """Decide every setting (see the module docstring). ``options`` holds what the user passed
    (``None`` = not given); ``names`` says how to name an option in messages (default: its flag)."""
    options = dict(options or {})
    env = os.environ if env is None else env
    names = dict(names or {})
    known = {f.name for f in dataclasses.fields(RunSettings)}
    unknown = sorted(set(options) - known - set(GENERATION_KEYS))
    if unknown:
        raise ConfigError(f"unknown setting '{unknown[0]}' (valid: {', '.join(sorted(known))})")
    defaults = load_defaults()
    values: dict[str, Any] = {}
    run_fields = {f.name: f for f in dataclasses.fields(RunSettings)}
    default_fields = {f.name: f for f in dataclasses.fields(Defaults)}
    hints = typing.get_type_hints(RunSettings)
    for key in known - {"generation"}:
        label = names.get(key, flag_name(key))
        f = default_fields.get(key, run_fields[key])
        value = options.get(key)
        if value is None and env.get(ENV_PREFIX + key.upper(), "").strip():
            label = f"{ENV_PREFIX}{key.upper()}={env[ENV_PREFIX + key.upper()]}"
            value = _parse_env(env[ENV_PREFIX + key.upper()], hints[key], label)
        if value is None:
            value = getattr(defaults, key, run_fields[key].default)
            if key not in default_fields:
                values[key] = value
                continue
        problem = check_value(f, hints[key], value)
        if problem:
            raise ConfigError(f"{label} {problem}")
        values[key] = value
    values["generation"] = generation_overrides(options, env, names)
    return RunSettings(**values)


def generation_overrides(
    options: Mapping[str, Any], env: Mapping[str, str], names: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Generation settings set by flag (or ``ZHSUM_NUM_BEAMS`` …), each checked on its own; they are
    checked together with the model's own settings when the model loads."""
    names = names or {}
    fields = {f.name: f for f in dataclasses.fields(GenerationSettings)}
    hints = typing.get_type_hints(GenerationSettings)
    given = dict(options.get("generation") or {})
    out: dict[str, Any] = {}
    for key in GENERATION_KEYS:
        value, label = given.get(key, options.get(key)), names.get(key, flag_name(key))
        if value is None and env.get(ENV_PREFIX + key.upper(), "").strip():
            label = f"{ENV_PREFIX}{key.upper()}={env[ENV_PREFIX + key.upper()]}"
            value = _parse_env(env[ENV_PREFIX + key.upper()], hints[key], label)
        if value is None:
            continue
        problem = check_value(fields[key], hints[key], value)
        if problem:
            raise ConfigError(f"{label} {problem}")
        out[key] = value
    unknown = sorted(set(given) - set(GENERATION_KEYS))
    if unknown:
        raise ConfigError(f"unknown generation setting '{unknown[0]}' (valid: {', '.join(GENERATION_KEYS)})")
    return out
