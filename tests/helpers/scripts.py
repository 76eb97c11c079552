"""Run a short Python script in a fresh interpreter that imports this checkout (for what must not
happen in the test process: signals that end a process, a pool that could hang, a fresh
``multiprocessing`` state)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import REPO


def run_script(
    source: str, *args: str, timeout: float = 60, hang: str | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -c source args…`` from the checkout, its output captured as text. ``hang``: what
    a run past ``timeout`` means (the test fails with it instead of the timeout's traceback)."""
    try:
        return subprocess.run(
            [sys.executable, "-c", source, *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=REPO,
            env={**os.environ, "PYTHONPATH": str(REPO)},
        )
    except subprocess.TimeoutExpired:
        if hang is None:
            raise
        pytest.fail(hang)
