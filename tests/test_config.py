from __future__ import annotations

import pytest

from pipeline.cli import main
from pipeline.config import ConfigError, config_dir, load_model_config, load_registry
from pipeline.settings import load_defaults, validate_all
from tests.conftest import REPO

CONFIGS = REPO / "configs"


@pytest.mark.parametrize("path", sorted(CONFIGS.rglob("*.yaml")), ids=lambda p: str(p.relative_to(CONFIGS)))
def test_every_config_file_loads_and_opens_with_its_command(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# Used by: zhsum ")
    if path.parent.name == "models":
        cfg = load_model_config(path)
        assert cfg.name == path.stem
    else:
        load_defaults(path)


def test_registry_has_the_required_models():
    registry = load_registry(CONFIGS / "models")
    assert {
        "mt5-xlsum",
        "heack-mt5-zhsum",
        "randeng-pegasus-238m",
        "randeng-pegasus-523m",
        "lead",
        "textrank",
    } <= set(registry)
    for name in ("mt5-xlsum", "heack-mt5-zhsum", "randeng-pegasus-238m", "randeng-pegasus-523m"):
        cfg = registry[name]
        assert cfg.hub_id and cfg.architecture and cfg.licence and cfg.size and cfg.max_input_tokens > 0
    assert registry["randeng-pegasus-238m"].tokenizer == "randeng-bert"
    assert load_defaults(CONFIGS / "default.yaml")["model"] in registry


def test_unknown_key_names_file_and_dotted_key(tmp_path):
    path = tmp_path / "models" / "x.yaml"
    path.parent.mkdir()
    path.write_text("# Used by: zhsum summarize\nkind: lead\nextractive:\n  sentence: 3\n", encoding="utf-8")
    with pytest.raises(
        ConfigError,
        match=r"x\.yaml: unknown key 'extractive\.sentence'; did you mean 'extractive\.sentences'\?",
    ):
        load_model_config(path)


def test_wrong_type_and_bad_values(tmp_path):
    path = tmp_path / "y.yaml"
    path.write_text("kind: seq2seq\nhub_id: a/b\nmax_input_tokens: many\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="'max_input_tokens' must be int"):
        load_model_config(path)
    path.write_text("kind: abstractive\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="'kind' must be one of"):
        load_model_config(path)
    path.write_text("kind: lead\n  bad: [\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="invalid YAML"):
        load_model_config(path)


def test_validate_reports_each_problem(tmp_path, capsys):
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "ok.yaml").write_text(
        "# Used by: zhsum summarize --model ok\nkind: lead\n", encoding="utf-8"
    )
    (tmp_path / "models" / "dup.yaml").write_text("kind: lead\nkind: textrank\n", encoding="utf-8")
    (tmp_path / "default.yaml").write_text("# Used by: zhsum summarize\nmodle: lead\n", encoding="utf-8")
    problems, count = validate_all([str(tmp_path)])
    assert count == 3
    assert any("unknown key 'modle'; did you mean 'model'?" in p for p in problems)
    assert (
        f"{tmp_path / 'models' / 'dup.yaml'}:2: key 'kind' given twice (first on line 1); keep one"
        in problems
    )
    assert main(["validate", str(tmp_path)]) == 1
    assert main(["validate"]) == 0
    assert "config files valid" in capsys.readouterr().out


def test_config_dir_env(monkeypatch, tmp_path):
    monkeypatch.setenv("ZHSUM_CONFIG_DIR", str(tmp_path))
    assert config_dir() == tmp_path


def test_models_lists_the_default_and_whether_weights_are_here(config_dir, capsys, monkeypatch):
    from pipeline.cli import main

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(config_dir / "no-hf-cache"))
    assert main(["models"]) == 0
    rows = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()[1:]}
    assert "(default)" in rows["mt5-xlsum"] and "missing" in rows["mt5-xlsum"]
    assert " found " in rows["tiny-bart"] and "not needed" in rows["lead"]
    assert sum("(default)" in row for row in rows.values()) == 1


def test_a_yaml_alias_bomb_is_a_short_line(tmp_path, monkeypatch, capsys):
    """Nine levels of aliases in one value (a billion strings if expanded): the error quotes the
    value briefly instead of printing all of it (hundreds of MB, before)."""
    nested = ["&a [x, x, x, x, x, x, x, x, x, x]"]
    nested += [f"&{b} [{', '.join(['*' + a] * 10)}]" for a, b in zip("abcdefgh", "bcdefghi", strict=True)]
    (tmp_path / "default.yaml").write_text(
        f"# Used by: zhsum summarize\nmodel: [{', '.join(nested)}]\n", encoding="utf-8"
    )
    monkeypatch.setenv("ZHSUM_CONFIG_DIR", str(tmp_path))
    assert main(["summarize", "-", "--model", "lead", "-q"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("zhsum: error:") and "'model' must be str" in err and len(err) < 400, err[:400]


def test_validate_accepts_the_user_config_summarize_accepts(tmp_path, monkeypatch):
    """A user's ``default.yaml`` of ``model: textrank`` was refused for not opening with a comment,
    a rule for zhsum's own configs (CONTRIBUTING), which still holds there."""
    (tmp_path / "default.yaml").write_text("model: textrank\n", encoding="utf-8")
    monkeypatch.setenv("ZHSUM_CONFIG_DIR", str(tmp_path))
    assert load_defaults()["model"] == "textrank"
    assert validate_all()[0] == []
    assert validate_all([str(tmp_path)])[0] == []
    own = tmp_path / "own"
    (own / "models").mkdir(parents=True)
    (own / "default.yaml").write_text("model: lead\n", encoding="utf-8")
    monkeypatch.setattr("pipeline.settings.builtin_configs", lambda: own)
    assert validate_all([str(own)])[0] == [
        f"{own / 'default.yaml'}: must open with a comment giving the command that uses it"
    ]


def test_a_key_given_twice_is_refused_naming_file_key_and_line(tmp_path, monkeypatch):
    """YAML keeps the last value without a word: ``model: lead`` then ``model: textrank`` ran textrank."""
    (tmp_path / "default.yaml").write_text(
        "model: lead\nbatch_tokens: 1024\nmodel: textrank\n", encoding="utf-8"
    )
    monkeypatch.setenv("ZHSUM_CONFIG_DIR", str(tmp_path))
    with pytest.raises(ConfigError) as err:
        load_defaults()
    assert (
        str(err.value)
        == f"{tmp_path / 'default.yaml'}:3: key 'model' given twice (first on line 1); keep one"
    )
