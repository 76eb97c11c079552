"""One precedence for every setting: flag > environment > $ZHSUM_CONFIG_DIR/default.yaml > built-in."""

from __future__ import annotations

import typing
from dataclasses import replace

import pytest

from pipeline.errors import ConfigError
from pipeline.settings import RunSettings, fingerprint_of, load_defaults, resolve, setting_fields


@pytest.fixture
def user_config(tmp_path, monkeypatch):
    (tmp_path / "default.yaml").write_text(
        "# Used by: zhsum summarize\nbatch_tokens: 1024\nmodel: textrank\n", encoding="utf-8"
    )
    monkeypatch.setenv("ZHSUM_CONFIG_DIR", str(tmp_path))
    return tmp_path


def test_builtin_defaults_when_nothing_is_set(monkeypatch):
    monkeypatch.delenv("ZHSUM_CONFIG_DIR", raising=False)
    s = resolve({}, env={})
    assert (s.model, s.device, s.precision, s.batch_tokens, s.article_summary) == (
        "mt5-xlsum",
        "auto",
        "auto",
        4096,
        "digest",
    )


def test_flag_beats_env_beats_user_config_beats_builtin(user_config):
    assert resolve({}, env={}).batch_tokens == 1024
    assert resolve({}, env={"ZHSUM_BATCH_TOKENS": "2048"}).batch_tokens == 2048
    assert resolve({"batch_tokens": 512}, env={"ZHSUM_BATCH_TOKENS": "2048"}).batch_tokens == 512
    assert resolve({}, env={}).model == "textrank"
    assert resolve({}, env={"ZHSUM_MODEL": "lead"}).model == "lead"
    assert resolve({"model": "mt5-xlsum"}, env={"ZHSUM_MODEL": "lead"}).model == "mt5-xlsum"
    assert resolve({}, env={}).engine == "auto", "keys the user file does not set keep the built-in value"


def test_generation_overrides_from_flags_and_env():
    s = resolve({"num_beams": 2}, env={"ZHSUM_MAX_NEW_TOKENS": "30"})
    assert dict(s.generation) == {"num_beams": 2, "max_new_tokens": 30}


@pytest.mark.parametrize(
    ("options", "env", "message"),
    [
        ({"precision": "fp16"}, {}, "--precision must be one of auto, int8, fp32, bf16"),
        ({}, {"ZHSUM_ENGINE": "onnx"}, "ZHSUM_ENGINE=onnx must be one of"),
        ({"batch_size": 0}, {}, "--batch-size must be ≥ 1"),
        ({"num_beams": 0}, {}, "--num-beams must be ≥ 1"),
        ({}, {"ZHSUM_TRIM_VOCAB": "maybe"}, "must be true or false"),
        ({"colour": "red"}, {}, "unknown setting 'colour'"),
    ],
)
def test_bad_values_name_their_origin(options, env, message):
    with pytest.raises(ConfigError, match=message):
        resolve(options, env=env)


# --------------------------------------------------------------------------- one schema


def _parser(command: str):
    import argparse

    from pipeline.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return sub.choices[command]


def test_every_setting_has_its_default_its_flag_and_its_environment_name(monkeypatch):
    """Declared once in RunSettings: default.yaml states each one, summarize offers each as a flag
    (choices from its type), and ZHSUM_<NAME> sets each one."""
    monkeypatch.delenv("ZHSUM_CONFIG_DIR", raising=False)
    defaults = load_defaults()
    flags = {a.dest: a for a in _parser("summarize")._actions}
    for f in setting_fields():
        assert f.name in defaults, f"configs/default.yaml does not state {f.name}"
        assert f.name in flags, f"zhsum summarize has no flag for {f.name}"
        choices = typing.get_args(typing.get_type_hints(RunSettings)[f.name])
        if all(isinstance(c, str) for c in choices) and choices:
            assert list(flags[f.name].choices) == list(choices)
    assert set(defaults) == {f.name for f in setting_fields()}
    assert resolve({}, env={"ZHSUM_WORKERS": "3", "ZHSUM_TRIM_VOCAB": "yes"}).workers == 3
    assert resolve({}, env={"ZHSUM_TRIM_VOCAB": "yes"}).trim_vocab is True


def test_commands_offer_the_settings_that_apply_to_them():
    prepare = {a.dest for a in _parser("prepare")._actions}
    evaluate = {a.dest for a in _parser("evaluate")._actions}
    assert {"model", "device", "precision", "engine"} <= prepare and "max_chars" not in prepare
    assert {"device", "precision", "article_summary", "faithful", "max_chars", "num_beams"} <= evaluate
    assert "model" not in evaluate and "workers" not in evaluate, "evaluate has --models, runs in one process"


def test_a_user_default_file_may_set_any_setting_and_nothing_else(tmp_path, monkeypatch):
    (tmp_path / "default.yaml").write_text("# Used by: zhsum summarize\ntrim_vocab: true\n", encoding="utf-8")
    monkeypatch.setenv("ZHSUM_CONFIG_DIR", str(tmp_path))
    assert resolve({}, env={}).trim_vocab is True
    (tmp_path / "default.yaml").write_text("# Used by: zhsum summarize\nmax_char: 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"default\.yaml: unknown key 'max_char'; did you mean 'max_chars'"):
        resolve({}, env={})


def test_the_fingerprint_holds_what_changes_a_record_and_nothing_else():
    base = fingerprint_of(resolve({"model": "lead"}, env={}))
    assert set(base) == {
        "model",
        "precision",
        "engine",
        "trim_vocab",
        "article_summary",
        "max_chars",
        "generation",
    }, "faithful is left out at its old default so that earlier outputs still resume"
    assert fingerprint_of(resolve({"model": "lead", "faithful": "strict"}, env={}))["faithful"] == "strict"
    assert fingerprint_of(resolve({"model": "lead", "workers": 4, "threads": 2}, env={})) == base


def test_the_model_is_resolved_once_per_run(tmp_path, monkeypatch):
    """``--model`` is looked up (registry files read) once, when the settings are made, and then
    travels with them: the batch, the runner and the summarizer ask the settings."""
    import pipeline.models
    from pipeline.cli import main

    calls = []
    real = pipeline.models.load_registry
    monkeypatch.setattr(pipeline.models, "load_registry", lambda *a: calls.append(1) or real(*a))
    (tmp_path / "a.txt").write_text("标题\n\n第一句话。第二句话。\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    args = [
        "summarize",
        str(tmp_path / "a.txt"),
        "--model",
        "lead",
        "--out",
        str(out),
        "-q",
        "--workers",
        "1",
    ]
    assert main(args) == 0
    assert len(calls) == 1 and out.read_text(encoding="utf-8").count("\n") == 1
    settings = resolve({"model": "lead"}, env={})
    assert replace(settings, workers=1).model_config is settings.model_config, "replace keeps it"
    assert replace(settings, model="textrank").model_config.kind == "textrank", "a new model is resolved"


def test_one_and_one_point_zero_are_one_setting():
    from pipeline.settings import settings_id

    assert settings_id(resolve({"model": "lead", "length_penalty": 1}, env={})) == settings_id(
        resolve({"model": "lead", "length_penalty": 1.0}, env={})
    )


def test_an_unknown_model_names_the_variable_or_file_that_named_it(user_config):
    """README: an error names where the bad value came from (the flag names itself)."""
    with pytest.raises(ConfigError, match=r"^ZHSUM_MODEL=bogus: unknown model 'bogus'"):
        resolve({}, env={"ZHSUM_MODEL": "bogus"})
    (user_config / "default.yaml").write_text("model: bogus\n", encoding="utf-8")
    with pytest.raises(
        ConfigError, match=rf"^{user_config / 'default.yaml'}: 'model': unknown model 'bogus'"
    ):
        resolve({}, env={})


@pytest.mark.parametrize("name", ["ZHSUM_MODEL", "ZHSUM_BATCH_TOKENS", "ZHSUM_TRIM_VOCAB", "ZHSUM_NUM_BEAMS"])
def test_a_variable_set_to_nothing_is_an_error_naming_it(monkeypatch, name):
    """``ZHSUM_MODEL=`` fell back to the default without a word: a value was meant, none came."""
    monkeypatch.delenv("ZHSUM_CONFIG_DIR", raising=False)
    with pytest.raises(ConfigError, match=rf"^{name} is set but empty: .*unset {name}"):
        resolve({}, env={name: " "})


@pytest.mark.parametrize("name", ["ZHSUM_CONFIG_DIR", "ZHSUM_CACHE", "ZHSUM_MODELS_DIR"])
def test_a_folder_variable_set_to_nothing_is_the_same_error(monkeypatch, name):
    from pipeline.config import env_value

    monkeypatch.setenv(name, "")
    with pytest.raises(ConfigError, match=rf"^{name} is set but empty"):
        env_value(name)


def test_a_config_dir_that_is_a_file_is_said_to_be_one(tmp_path, monkeypatch):
    (tmp_path / "default.yaml").write_text("model: lead\n", encoding="utf-8")
    monkeypatch.setenv("ZHSUM_CONFIG_DIR", str(tmp_path / "default.yaml"))
    with pytest.raises(ConfigError, match="is a file, not a folder"):
        resolve({}, env={})
