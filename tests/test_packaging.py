"""The package layout: what the wheel ships, and that arrows between stages run one way."""

from __future__ import annotations

import ast
import sys

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    tomllib = pytest.importorskip("tomli")

from pipeline.config import builtin_configs, load_registry
from tests.conftest import REPO

PACKAGE = REPO / "pipeline"

# Stages in data-flow order: a module may import from its own stage and from stages before it.
STAGES = [
    "errors",
    "text",
    "messages",
    "stops",
    "atomic",
    "jsonl",
    "evidence",
    "config",
    "models",
    "settings",
    "read",
    "segment",
    "engine",
    "summarizers",
    "records",
    "render",
    "outputs",
    "runner",
    "jobs",
    "scale",
    "batch",
    "evaluation",
    "training",
    "cli",
]


def test_every_package_is_listed_for_the_wheel():
    listed = set(
        tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"]
    )
    found = {".".join(p.parent.relative_to(REPO).parts) for p in PACKAGE.rglob("__init__.py")}
    assert found | {"pipeline.configs"} == listed


def test_builtin_configs_are_package_resources():
    names = {e.name for e in (builtin_configs() / "models").iterdir()}
    assert {"lead.yaml", "textrank.yaml", "mt5-xlsum.yaml"} <= names
    assert (builtin_configs() / "default.yaml").is_file()


def test_config_dir_adds_to_the_builtin_models(tmp_path, monkeypatch):
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "lead3.yaml").write_text(
        "# Used by: zhsum summarize --model lead3\nkind: lead\nextractive:\n  sentences: 3\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("ZHSUM_CONFIG_DIR", str(tmp_path))
    registry = load_registry()
    assert registry["lead3"].extractive.sentences == 3 and "mt5-xlsum" in registry and "lead" in registry


def _stage(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "pipeline" else None


def test_every_top_level_module_and_package_has_a_stage():
    found = {p.stem for p in PACKAGE.glob("*.py") if p.stem not in ("__init__", "__main__")}
    found |= {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    assert found - {"configs"} == set(STAGES)


def test_imports_flow_one_way_by_stage():
    problems = []
    for path in PACKAGE.rglob("*.py"):
        here = _stage(".".join(path.relative_to(REPO).with_suffix("").parts))
        if here is None or here not in STAGES:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else ([node.module] if isinstance(node, ast.ImportFrom) and node.module else [])
            )
            for name in names:
                there = _stage(name)
                if there in STAGES and STAGES.index(there) > STAGES.index(here):
                    problems.append(f"{path.relative_to(REPO)} ({here}) imports {name} ({there})")
    assert not problems, "\n".join(problems)
