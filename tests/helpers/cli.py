"""One helper per repeated CLI action of the tests: run ``zhsum summarize`` as a user would, and
check what it left behind."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

from pipeline.cli import main


def summarize(
    *inputs: object, out: object = None, model: str | None = "lead", flags: Sequence[str] = ()
) -> int:
    """``zhsum summarize INPUT... [--model M] [--out OUT] FLAGS -q``; returns the exit status.
    Inputs and ``out`` may be paths (or ``-``); ``model`` None leaves the flag out."""
    args = ["summarize", *map(str, inputs)]
    if model is not None:
        args += ["--model", model]
    if out is not None:
        args += ["--out", str(out)]
    return main([*args, *flags, "-q"])


def one_line_error(capsys, *, expect: str | None = None) -> str:
    """The run's stderr holds exactly one ``zhsum: error:`` line (containing ``expect``) and no
    traceback; returns the line."""
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.startswith("zhsum: error:")]
    assert "Traceback" not in err
    assert len(lines) == 1, err
    if expect:
        assert expect in lines[0], lines[0]
    return lines[0]


def ids(path: Path) -> list[str]:
    """The ids of a JSONL output, in order."""
    return [json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def refused(capsys, *inputs: object, expect: str, untouched: Sequence[Path] = (), **options) -> str:
    """``summarize(*inputs, **options)`` is refused: exit status 2, one ``zhsum: error:`` line
    holding ``expect``, and every file in ``untouched`` byte for byte as it was. Returns the line."""
    before = [digest(p) for p in untouched]
    assert summarize(*inputs, **options) == 2
    line = one_line_error(capsys, expect=expect)
    assert [digest(p) for p in untouched] == before, "a file of the user's was changed"
    return line
