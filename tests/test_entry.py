"""The ``zhsum`` program's entry point (``_zhsum_entry``): a stop while zhsum is still loading."""

from __future__ import annotations

import signal
import sys

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    tomllib = pytest.importorskip("tomli")

import pipeline.cli
from tests.conftest import REPO
from tests.helpers.scripts import run_script

# A real stop signal (argv[1]) that lands while Python imports ``pipeline.cli`` (the package and its
# commands).
STOP_WHILE_LOADING = """
import os, signal, sys

STOP = getattr(signal, sys.argv[1])

class StopOnImport:
    def find_spec(self, name, path=None, target=None):
        if name == "pipeline.cli":
            os.kill(os.getpid(), STOP)
        return None

sys.meta_path.insert(0, StopOnImport())
import _zhsum_entry
sys.argv = ["zhsum", "segment", "-"]
raise SystemExit(_zhsum_entry.main())
"""


@pytest.mark.parametrize(
    ("name", "status", "line"),
    [
        ("SIGINT", 130, "zhsum: error: interrupted\n"),
        ("SIGTERM", 143, "zhsum: error: stopped by SIGTERM\n"),
        ("SIGHUP", 129, "zhsum: error: stopped by SIGHUP\n"),
    ],
)
def test_a_stop_while_zhsum_loads_ends_in_one_line(name, status, line):
    done = run_script(STOP_WHILE_LOADING, name)
    assert (done.returncode, done.stderr) == (status, line)


def test_a_hangup_ignored_at_start_stays_ignored_while_zhsum_loads():
    script = (
        "import signal, sys\nsignal.signal(signal.SIGHUP, signal.SIG_IGN)\nimport _zhsum_entry\n"
        "sys.argv = ['zhsum', '--help']\ntry:\n    _zhsum_entry.main()\nexcept SystemExit:\n    pass\n"
        "print(signal.getsignal(signal.SIGHUP) is signal.SIG_IGN)"
    )
    assert run_script(script).stdout.strip().endswith("True")


def test_a_stop_while_the_arguments_are_read_ends_in_one_line(monkeypatch, capsys):
    def interrupted() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline.cli, "build_parser", interrupted)
    assert pipeline.cli.main(["segment", "-"]) == 128 + signal.SIGINT
    assert capsys.readouterr().err == "zhsum: error: interrupted\n"


def test_the_program_starts_at_the_guarded_entry_point():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"]["zhsum"] == "_zhsum_entry:main"
    assert project["tool"]["setuptools"]["py-modules"] == ["_zhsum_entry"]
