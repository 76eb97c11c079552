"""The ``zhsum`` command itself, before any subcommand."""

from __future__ import annotations

import pipeline
from pipeline.cli import main


def test_version_prints_the_package_version(capsys):
    assert main(["--version"]) == 0
    out = capsys.readouterr()
    assert out.out == f"zhsum {pipeline.__version__}\n" and out.err == ""
