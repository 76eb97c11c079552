"""Every run setting, declared once, and the one function that decides them.

:class:`RunSettings` is the schema: each field is one setting, and its declaration (type, range,
help text, which flags group it belongs to, whether a resumed output must share it) is all there
is. From it come

* the defaults: ``configs/default.yaml`` must state every setting (the one place a default is
  stated), checked against these fields (:func:`load_defaults`);
* the environment names: ``ZHSUM_<NAME>`` (:func:`env_name`);
* the CLI flags: ``--<name>`` with the type, choices and help of the field
  (:func:`pipeline.cli.common.add_setting_flags`);
* validation: one checker for flags, environment and files, whose error names where the bad value
  came from (``--device tpu``, ``ZHSUM_DEVICE=tpu`` or the config file and key);
* the resume fingerprint (:func:`fingerprint_of`): the settings that change what a record holds.

:func:`resolve` takes what the user passed (CLI flags, or keyword arguments of the Python API) and
returns a frozen :class:`RunSettings`. For each setting the first of these that is set wins:

1. the flag / keyword argument (``--batch-tokens 2048``, ``batch_tokens=2048``);
2. the environment variable ``ZHSUM_<NAME>`` (``ZHSUM_BATCH_TOKENS=2048``);
3. ``$ZHSUM_CONFIG_DIR/default.yaml``;
4. the built-in ``configs/default.yaml``.

The model is resolved here, once per run (:func:`pipeline.models.find_model`: a registered name, a
model folder or a hub id; nothing is loaded), and travels with the settings as
:attr:`RunSettings.model_config`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.config import (
    DEVICE,
    ArticleSummary,
    Engine,
    Faithful,
    GenerationSettings,
    ModelConfig,
    Precision,
    builtin_configs,
    check_value,
    config_dir,
    describe_type,
    empty_variable,
    load_model_config,
    model_files,
    read_yaml,
)
from pipeline.errors import ConfigError, ZhsumError
from pipeline.models import find_model

if TYPE_CHECKING:
    from importlib.abc import Traversable

ENV_PREFIX = "ZHSUM_"
GENERATION_KEYS = tuple(f.name for f in dataclasses.fields(GenerationSettings))

# Which commands offer a setting as a flag: the groups a command asks for (cli.common.add_setting_flags).
MODEL, RUN, LIMITS, SCALE = "model", "run", "limits", "scale"

TRIM_NOTE = (
    "approximate, opt-in (CTranslate2 only): restrict the output vocabulary to the tokens Chinese news uses; "
    "faster for mT5's 250k-token vocabulary (1.4x batched on mT5-small's shape here); outputs may differ from the full model's"
)


def setting(
    help: str,
    group: str,
    *,
    short: str | None = None,
    fingerprint: bool = False,
    omit_if: Any = None,
    ge: float | None = None,
    pattern: Any = None,
    allowed: str | None = None,
) -> dict[str, Any]:
    """One setting's declaration (a field's metadata). ``fingerprint``: a resumed output must share it; ``omit_if``: the
    value with which it is left out of the fingerprint (outputs made before the setting existed
    resume). The default is not here: ``configs/default.yaml`` states it."""
    metadata: dict[str, Any] = {"help": help, "group": group, "short": short, "fingerprint": fingerprint}
    metadata["omit_if"] = omit_if
    if ge is not None:
        metadata["range"] = (ge, None, None, None)
    if pattern is not None:
        metadata["pattern"], metadata["allowed"] = pattern, allowed
    return metadata


@dataclass(frozen=True)
class RunSettings:
    """Everything a summarize run needs to know, decided once (see the module docstring)."""

    model: str = field(
        metadata=setting(
            "registered name, local model folder, or hub id", MODEL, short="-m", fingerprint=True
        )
    )
    device: str = field(
        metadata=setting(
            "auto (cuda, then mps, then cpu), cpu, cuda, cuda:1, mps",
            MODEL,
            pattern=DEVICE,
            allowed="auto, cpu, cuda, cuda:N or mps",
        )
    )
    precision: Precision = field(
        metadata=setting(
            "auto: int8 on CPU (CTranslate2), bf16 on GPU; fp32: identical to the PyTorch model",
            MODEL,
            fingerprint=True,
        )
    )
    engine: Engine = field(
        metadata=setting(
            "auto: CTranslate2 on CPU where the architecture allows, else PyTorch", MODEL, fingerprint=True
        )
    )
    trim_vocab: bool = field(metadata=setting(TRIM_NOTE, MODEL, fingerprint=True))
    batch_size: int | None = field(
        metadata=setting("sections per batch (null: as many as --batch-tokens allows)", RUN, ge=1)
    )
    batch_tokens: int = field(
        metadata=setting("padded input tokens per batch (CPU; GPUs use 16x)", RUN, ge=16)
    )
    article_summary: ArticleSummary = field(
        metadata=setting(
            "how the article summary is made: digest = lede + each section's first sentence, summarized with "
            "the sections; reduce = a second pass over lede + section summaries; lede; none",
            RUN,
            fingerprint=True,
        )
    )
    faithful: Faithful = field(
        metadata=setting(
            "generated summaries: check takes the best of the beam's hypotheses whose numbers the source "
            "holds, else flags them in 'unsupported'; strict writes an extractive summary instead; none "
            "takes the best hypothesis as is",
            RUN,
            fingerprint=True,
            omit_if="check",
        )
    )
    max_chars: int = field(
        metadata=setting(
            "cut every summary to at most N characters, at a sentence end (0: no limit)",
            LIMITS,
            ge=0,
            fingerprint=True,
        )
    )
    max_doc_bytes: int = field(
        metadata=setting(
            "refuse (as an error record) any input file or record larger than this", LIMITS, ge=1
        )
    )
    workers: int = field(
        metadata=setting(
            "worker processes on this machine (0: one per CPU core; 1: this process only)", SCALE, ge=0
        )
    )
    threads: int = field(metadata=setting("CPU threads per model copy (0: cores / workers)", SCALE, ge=0))
    # overrides of the model's own generation settings (GenerationSettings declares them)
    generation: Mapping[str, Any] = field(default_factory=dict, metadata={"fingerprint": True})
    # (the spec it was resolved from, the model): set by __post_init__, carried by dataclasses.replace
    resolved: tuple[str, ModelConfig] | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.resolved is None or self.resolved[0] != self.model:
            object.__setattr__(self, "resolved", (self.model, find_model(self.model)))

    @property
    def model_config(self) -> ModelConfig:
        """The model ``model`` names, resolved once when these settings were made."""
        assert self.resolved is not None
        return self.resolved[1]


def setting_fields() -> list[dataclasses.Field]:
    """The settings a user sets (flag, environment, default.yaml), in declaration order."""
    return [f for f in dataclasses.fields(RunSettings) if "help" in f.metadata]


def flag_name(key: str) -> str:
    return "--" + key.replace("_", "-")


def env_name(key: str) -> str:
    return ENV_PREFIX + key.upper()


def fingerprint_of(settings: RunSettings) -> dict[str, object]:
    """The settings that change what a record holds, by name (resume refuses to mix two of them)."""
    out: dict[str, object] = {}
    for f in dataclasses.fields(RunSettings):
        if not f.metadata.get("fingerprint"):
            continue
        value = getattr(settings, f.name)
        if f.metadata.get("omit_if") is not None and value == f.metadata["omit_if"]:
            continue
        out[f.name] = dict(sorted(value.items())) if isinstance(value, Mapping) else value
    return out


def settings_id(settings: RunSettings) -> str:
    """A short id of :func:`fingerprint_of` that every record carries (``settings``), so that the
    settings travel with the output itself."""
    text = json.dumps(fingerprint_of(settings), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


# --------------------------------------------------------------------------- defaults (YAML)


def _builtin_label(name: str) -> str:
    return f"configs/{name}"


def _mapping(data: Any, label: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ConfigError(f"{label}: the file must be a mapping of keys to values")
    return data


def _defaults_layers(path: Path | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
    """(label, mapping) for the built-in defaults, then the user's."""
    label = _builtin_label("default.yaml")
    yield label, _mapping(read_yaml(builtin_configs() / "default.yaml", label), label)
    extra = config_dir()
    user = path or (extra / "default.yaml" if extra is not None else None)
    if user is not None and user.exists():
        yield str(user), _mapping(read_yaml(user, str(user)), str(user))


def check_defaults(data: Mapping[str, Any], source: str) -> None:
    """Check the keys and values of a (partial) defaults mapping against the settings."""
    import difflib

    fields = {f.name: f for f in setting_fields()}
    hints = typing.get_type_hints(RunSettings)
    for key, value in data.items():
        if key not in fields:
            close = difflib.get_close_matches(str(key), sorted(fields), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f" (valid: {', '.join(sorted(fields))})"
            raise ConfigError(f"{source}: unknown key '{key}'{hint}")
        problem = check_value(fields[key], hints[key], value)
        if problem:
            raise ConfigError(f"{source}: '{key}' {problem}")


def load_defaults(path: Path | None = None) -> dict[str, Any]:
    """Every setting's default: the built-in ``configs/default.yaml`` (which must state each one)
    overridden key by key by ``path`` (default: ``$ZHSUM_CONFIG_DIR/default.yaml``)."""
    return _defaults_and_sources(path)[0]


def _defaults_and_sources(path: Path | None = None) -> tuple[dict[str, Any], dict[str, str]]:
    """:func:`load_defaults`, and for each key the file it came from (an error about a value that
    only fails later, an unknown model, names that file)."""
    merged: dict[str, Any] = {}
    sources: dict[str, str] = {}
    labels: list[str] = []
    for label, data in _defaults_layers(path):
        check_defaults(data, label)
        merged.update(data)
        sources.update(dict.fromkeys(data, label))
        labels.append(label)
    missing = [f.name for f in setting_fields() if f.name not in merged]
    if missing:
        raise ConfigError(f"{' + '.join(labels)}: missing key '{missing[0]}'")
    return merged, sources


def _builtin(file: Path | Traversable) -> bool:
    """Whether ``file`` is one of zhsum's own configs: the house rule that a config opens with the
    command that uses it (CONTRIBUTING) is for them; a user's ``default.yaml`` that ``summarize``
    accepts (``model: textrank``) is valid without it."""
    root = Path(str(builtin_configs())).resolve()
    return Path(str(file)).resolve().is_relative_to(root)


def validate_all(paths: list[str] | None = None) -> tuple[list[str], int]:
    """Load every config file under ``paths`` (default: the built-in configs and $ZHSUM_CONFIG_DIR)."""
    targets: list[tuple[Path | Traversable, str]] = []
    if paths:
        for p in map(Path, paths):
            files = sorted(p.rglob("*.yaml")) + sorted(p.rglob("*.yml")) if p.is_dir() else [p]
            targets += [(f, str(f)) for f in files]
    else:
        targets.append((builtin_configs() / "default.yaml", _builtin_label("default.yaml")))
        targets += list(model_files().values())
        user = config_dir()
        if user is not None and (user / "default.yaml").exists():
            targets.append((user / "default.yaml", str(user / "default.yaml")))
    problems = []
    for file, label in targets:
        try:
            if not file.is_file():
                raise ConfigError(f"{label}: no such file")
            if Path(label).parent.name == "models":
                load_model_config(file, label)
            else:
                check_defaults(_mapping(read_yaml(file, label), label), label)
        except ConfigError as exc:
            problems.append(str(exc))
            continue
        first = file.read_text(encoding="utf-8").lstrip().splitlines()[:1]
        if _builtin(file) and (not first or not first[0].startswith("#")):
            problems.append(f"{label}: must open with a comment giving the command that uses it")
    if not targets:
        problems.append(f"no config files under {', '.join(paths or [])}")
    return problems, len(targets)


# --------------------------------------------------------------------------- resolution


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


def _given(
    key: str, options: Mapping[str, Any], env: Mapping[str, str], names: Mapping[str, str], hint: Any
) -> tuple[Any, str]:
    """The value the user gave for ``key`` (flag / keyword, then environment; None: neither) and how
    to name it in an error."""
    value, label = options.get(key), names.get(key, flag_name(key))
    raw = env.get(env_name(key), "")
    if value is None and env_name(key) in env and not raw.strip():
        raise empty_variable(env_name(key))
    if value is None and raw.strip():
        label = f"{env_name(key)}={raw}"
        value = _parse_env(raw, hint, label)
    return value, label


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
    fields = setting_fields()
    known = {f.name for f in fields}
    unknown = sorted(set(options) - known - {"generation"} - set(GENERATION_KEYS))
    if unknown:
        raise ConfigError(f"unknown setting '{unknown[0]}' (valid: {', '.join(sorted(known))})")
    defaults, sources = _defaults_and_sources()
    hints = typing.get_type_hints(RunSettings)
    values: dict[str, Any] = {}
    model_from = ""  # where the model was named, when not by the flag (whose error names it already)
    for f in fields:
        value, label = _given(f.name, options, env, names, hints[f.name])
        if value is None:
            values[f.name] = defaults[f.name]  # checked by load_defaults
            if f.name == "model":
                model_from = f"{sources[f.name]}: 'model'"
            continue
        problem = check_value(f, hints[f.name], value)
        if problem:
            raise ConfigError(f"{label} {problem}")
        values[f.name] = value
        if f.name == "model" and label.startswith(ENV_PREFIX):
            model_from = label
    values["generation"] = generation_overrides(options, env, names)
    try:
        return RunSettings(**values)  # the model is found here
    except ZhsumError as exc:
        if not model_from:
            raise
        raise ConfigError(f"{model_from}: {exc}") from None


def generation_overrides(
    options: Mapping[str, Any], env: Mapping[str, str], names: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Generation settings set by flag (or ``ZHSUM_NUM_BEAMS`` …), each checked on its own; they are
    checked together with the model's own settings when the model loads."""
    names = names or {}
    fields = {f.name: f for f in dataclasses.fields(GenerationSettings)}
    hints = typing.get_type_hints(GenerationSettings)
    given = dict(options.get("generation") or {})
    unknown = sorted(set(given) - set(GENERATION_KEYS))
    if unknown:
        raise ConfigError(f"unknown generation setting '{unknown[0]}' (valid: {', '.join(GENERATION_KEYS)})")
    out: dict[str, Any] = {}
    for key in GENERATION_KEYS:
        value, label = _given(key, {key: given.get(key, options.get(key))}, env, names, hints[key])
        if value is None:
            continue
        problem = check_value(fields[key], hints[key], value)
        if problem:
            raise ConfigError(f"{label} {problem}")
        out[key] = float(value) if hints[key] is float else value  # 1 and 1.0: one setting, one id
    return out
