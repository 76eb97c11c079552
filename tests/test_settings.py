"""One precedence for every setting: flag > environment > $ZHSUM_CONFIG_DIR/default.yaml > built-in."""

from __future__ import annotations

import pytest

from pipeline.errors import ConfigError
from pipeline.settings import resolve


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
