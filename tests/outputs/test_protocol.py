"""One output protocol for every mode (open_output): the same checks, lock and resume for an
``--out`` file and for a Ray run's folder of shards."""

from __future__ import annotations

import os

import pytest

from pipeline.outputs.protocol import FOLDER_SETTINGS, open_output
from pipeline.outputs.sinks import OutputError
from tests.conftest import FIXTURES
from tests.helpers.cli import summarize

A = {"model": "lead", "max_chars": 0}
B = {"model": "lead", "max_chars": 40}


@pytest.fixture
def record_line(tmp_path) -> bytes:
    out = tmp_path / "one.jsonl"
    assert summarize(FIXTURES / "release_brackets.txt", out=out) == 0
    return out.read_bytes()


def test_a_shard_folder_resumes_only_with_the_same_settings(tmp_path, record_line):
    folder = tmp_path / "shards"
    with open_output(folder, "jsonl", "lead", A, [], shards=True) as first:
        assert len(first.done) == 0
        (folder / "part-0.jsonl").write_bytes(record_line)
    assert (folder / FOLDER_SETTINGS).is_file()
    with (
        pytest.raises(OutputError, match=r"was made with other settings \(max_chars 0 → 40\)"),
        open_output(folder, "jsonl", "lead", B, [], shards=True),
    ):
        pass
    with open_output(folder, "jsonl", "lead", A, [], shards=True) as again:
        assert len(again.done) == 1 and folder / FOLDER_SETTINGS in again.exclude


def test_an_output_file_resumes_only_with_the_same_settings(tmp_path, record_line):
    out = tmp_path / "out.jsonl"
    with open_output(out, "jsonl", "lead", A, []) as first:
        out.write_bytes(record_line)
        assert first.exclude[0] == out
    with (
        pytest.raises(OutputError, match="was made with other settings"),
        open_output(out, "jsonl", "lead", B, []),
    ):
        pass
    with open_output(out, "jsonl", "lead", A, []) as again:
        assert len(again.done) == 1


def test_the_output_is_locked_while_open(tmp_path):
    out = tmp_path / "out.jsonl"
    with (
        open_output(out, "jsonl", "lead", A, []),
        pytest.raises(OutputError, match="being written by another zhsum run"),
        open_output(out, "jsonl", "lead", A, []),
    ):
        pass


def test_settings_travel_with_the_records_when_the_hidden_file_is_left_behind(tmp_path, capsys):
    """An output moved without its hidden settings file still refuses a resume with other settings:
    every record carries its run's settings id."""
    out = tmp_path / "out.jsonl"
    assert summarize(FIXTURES / "release_brackets.txt", out=out) == 0
    moved = tmp_path / "moved.jsonl"
    out.rename(moved)  # .out.jsonl.settings.json stays behind
    assert summarize(FIXTURES / "notice_numbered.txt", out=moved, flags=["--max-chars", "40"]) == 2
    assert "made with other settings" in capsys.readouterr().err
    assert summarize(FIXTURES / "notice_numbered.txt", out=moved) == 0, "the same settings resume"
    assert moved.read_text(encoding="utf-8").count("\n") == 2


def test_a_file_system_without_flock_on_read_only_files_keeps_the_name_lock(tmp_path, monkeypatch):
    """NFS emulates flock with byte-range locks, which a read-only descriptor cannot take (EBADF):
    the output's own lock is skipped, the name's lock still holds, and nothing is left behind."""
    import errno
    import fcntl

    from pipeline.outputs.sinks import OutputLock

    out = tmp_path / "out.jsonl"
    out.write_text("", encoding="utf-8")
    real = fcntl.flock

    def nfs(fd, op):
        if os.fstat(fd).st_ino == os.stat(out).st_ino:
            raise OSError(errno.EBADF, "Bad file descriptor")
        return real(fd, op)

    monkeypatch.setattr(fcntl, "flock", nfs)
    with OutputLock(out) as lock:
        assert lock.file_fd is None and lock.fd is not None
    assert not (tmp_path / ".out.jsonl.lock").exists()
