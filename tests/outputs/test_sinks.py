"""Output sinks: a stop that lands while a temporary file or the lock is cleaned up."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from pipeline.outputs.sinks import DocumentWriter, OutputLock, sidecars
from tests.helpers.scripts import run_script

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX signals")


def _stop_twice(real):
    """``real``, which the first time it is called presses Ctrl-C twice (the library's caller: no
    command line, so a second stop in a held wait would be raised where it lands)."""
    sent = []

    def wrapper(*args, **kwargs):
        if not sent:
            sent.append(True)
            for _ in range(2):
                os.kill(os.getpid(), signal.SIGINT)
                time.sleep(0.05)
        return real(*args, **kwargs)

    return wrapper


def test_a_stop_during_abort_still_removes_the_temporary_file(tmp_path, monkeypatch):
    writer = DocumentWriter(tmp_path / "out.md", "# header\n", "", lambda record, first: "")
    assert writer.tmp is not None
    tmp = Path(writer.tmp)
    monkeypatch.setattr(writer.out, "close", _stop_twice(writer.out.close))
    with pytest.raises(KeyboardInterrupt):
        writer.abort()
    assert not tmp.exists() and writer.tmp is None
    assert not (tmp_path / "out.md").exists()


def test_a_stop_while_the_lock_is_given_back_still_removes_it(tmp_path, monkeypatch):
    out = tmp_path / "out.jsonl"
    out.write_text("", encoding="utf-8")
    lock = OutputLock(out)
    lock.__enter__()
    assert sidecars(out)[0].exists()
    monkeypatch.setattr(os, "close", _stop_twice(os.close))
    with pytest.raises(KeyboardInterrupt):
        lock.__exit__(None, None, None)
    monkeypatch.undo()
    assert not sidecars(out)[0].exists() and lock.fd is None and lock.file_fd is None


SECOND_STOP_WHILE_WRITING = """
import os, signal, sys, time
from pathlib import Path
from pipeline import stops
from pipeline.outputs.sinks import DocumentWriter, OutputLock

out = Path(sys.argv[1])
with stops.handled(), OutputLock(out):
    writer = DocumentWriter(out, "# header\\n", "", lambda record, first: "")
    with stops.held():  # stopping the workers, say
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(0.05)
        os.kill(os.getpid(), signal.SIGTERM)  # ends the command at once
        time.sleep(5)
print("not reached")
"""


def test_a_second_stop_that_ends_the_command_at_once_leaves_no_temporary_file_or_lock(tmp_path):
    out = tmp_path / "out.md"
    proc = run_script(SECOND_STOP_WHILE_WRITING, str(out))
    assert proc.returncode == 128 + signal.SIGTERM, proc.stderr
    assert "not reached" not in proc.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_disk_filling_up_mid_group_leaves_only_whole_lines(tmp_path, monkeypatch):
    """``os.write`` takes part of a group, then the disk is full: the file is cut back to its
    last whole line, so that it stays valid JSONL until the run is resumed (hostile sweep)."""
    import errno

    from pipeline.outputs import sinks

    out = tmp_path / "out.jsonl"
    writer = sinks.JsonlWriter(out)
    writer.write_lines(['{"id": "a"}'])
    real_write = os.write

    def full_after_half(fd: int, data) -> int:
        if len(data) > 4:
            real_write(fd, bytes(data[: len(data) // 2]))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(sinks.os, "write", full_after_half)
    with pytest.raises(sinks.OutputError, match="No space left on device"):
        writer.write_lines(['{"id": "b"}', '{"id": "c"}'])
    writer.abort()
    assert out.read_text(encoding="utf-8") == '{"id": "a"}\n'
