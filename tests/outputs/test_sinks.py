"""Output sinks: a stop that lands while a temporary file or the lock is cleaned up."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from pipeline import stops
from pipeline.outputs.sinks import DocumentWriter, OutputLock, sidecars

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX signals")


def _stop_once(real):
    """``real``, which sends this process SIGTERM the first time it is called (a second Ctrl-C
    landing inside the clean-up)."""
    sent = []

    def wrapper(*args, **kwargs):
        if not sent:
            sent.append(True)
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.05)
        return real(*args, **kwargs)

    return wrapper


def test_a_stop_during_abort_still_removes_the_temporary_file(tmp_path, monkeypatch):
    writer = DocumentWriter(tmp_path / "out.md", "# header\n", "", lambda record, first: "")
    assert writer.tmp is not None
    tmp = Path(writer.tmp)
    monkeypatch.setattr(writer.out, "close", _stop_once(writer.out.close))
    with stops.handled(), pytest.raises(stops.Terminated):
        writer.abort()
    assert not tmp.exists() and writer.tmp is None
    assert not (tmp_path / "out.md").exists()


def test_a_stop_while_the_lock_is_given_back_still_removes_it(tmp_path, monkeypatch):
    out = tmp_path / "out.jsonl"
    out.write_text("", encoding="utf-8")
    lock = OutputLock(out)
    lock.__enter__()
    assert sidecars(out)[0].exists()
    monkeypatch.setattr(os, "close", _stop_once(os.close))
    with stops.handled(), pytest.raises(stops.Terminated):
        lock.__exit__(None, None, None)
    monkeypatch.undo()
    assert not sidecars(out)[0].exists() and lock.fd is None and lock.file_fd is None
