"""An output folder of shards (``zhsum summarize --ray --out FOLDER``): checked, resumed, written,
read back.

Shards are named ``part-RUN-NNNNN.jsonl`` (or ``.parquet``): ``RUN`` is the run's start time (to
the microsecond) and process id, ``NNNNN`` counts the run's shards, so the names sort in the order the records were
written. Every shard holds whole records of the one schema (:class:`SummaryRecord`): a JSONL shard
has the same lines the single ``--out FILE.jsonl`` would hold; a Parquet shard has one column per
record key (``sections`` a list of structs). The rules of :mod:`pipeline.outputs.sinks` hold for the
folder as a whole:

* the folder must be new, empty, or hold only zhsum's shards of the same format (hidden files aside:
  the lock and temporary files), and every record in it must be of the same model;
* a run holds an exclusive lock (``.summaries.lock`` in the folder);
* resuming, the documents already done (the same file or record id:
  :func:`~pipeline.outputs.sinks.document_identity`) are skipped; failed records, a torn last line
  and duplicates are removed from the shards first (each shard rewritten atomically), so failed
  documents are retried and every document ends up in the folder exactly once;
* JSONL shards are appended whole lines at a time (then ``fsync``); Parquet shards are written to a
  temporary file and renamed into place when full (or at the end of the run), so a killed run leaves
  only whole records (the records of an unfinished Parquet shard are summarized again on resume).
"""

from __future__ import annotations

import json
import os
import re
import time
from array import array
from collections.abc import Iterator, Sequence
from pathlib import Path

from pipeline.atomic import write_atomic
from pipeline.errors import brief, positional_id
from pipeline.outputs.sinks import (
    KeySet,
    OutputError,
    check_maker,
    document_key,
    id_key,
    resume_state,
)
from pipeline.records import SummaryRecord, arrow_schema

SHARD = re.compile(r"^part-[0-9A-Za-z_-]+\.(jsonl|parquet)$")
RECORDS_PER_SHARD = 10_000
LOCK_NAME = "summaries"  # the lock file is .summaries.lock in the folder


def shard_paths(folder: Path, fmt: str | None = None) -> list[Path]:
    """The shards in ``folder`` (of format ``fmt``, else of both), in name order."""
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if SHARD.match(p.name) and (fmt is None or p.suffix == f".{fmt}") and p.is_file()
    )


def check_folder(folder: Path, fmt: str, inputs: Sequence[str]) -> None:
    """Refuse, in one line, an output folder that is a file, cannot be made or written, is an input,
    or holds anything but zhsum's shards of format ``fmt``; make it when it does not exist."""
    flag = f"--out {folder}"
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{flag} is a file; with --ray, --out is a folder of shards (give a new folder)")
    real = os.path.realpath(folder)
    for raw in inputs:
        if raw != "-" and os.path.realpath(raw) == real:
            raise OutputError(f"{flag} is also an input; write the summaries to another folder")
    if not folder.exists():
        if not folder.parent.is_dir():
            raise OutputError(f"{flag}: folder {folder.parent} does not exist (create it first)")
        try:
            folder.mkdir()
        except OSError as exc:
            raise OutputError(f"{flag}: cannot create it ({exc.strerror}); choose another --out") from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"{flag}: cannot write in it (permission denied); choose another --out")
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith("."):
            continue
        if not SHARD.match(entry.name) or not entry.is_file():
            raise OutputError(
                f"{flag} holds files zhsum did not write ({entry.name}); zhsum never mixes its shards with "
                "other files: choose a new or empty folder"
            )
        if entry.suffix != f".{fmt}":
            other = entry.suffix.lstrip(".")
            raise OutputError(f"{flag} holds {other} shards; pass --format {other} to resume it")


def _parquet_records(path: Path) -> list[SummaryRecord]:
    import pyarrow.parquet as pq

    try:
        rows = pq.read_table(path).to_pylist()
        return [SummaryRecord.from_json(row) for row in rows]
    except (OSError, ValueError) as exc:
        raise OutputError(
            f"--out {path.parent}: shard {path.name} is not a zhsum Parquet shard ({brief(exc, 120)}); "
            "move it away and re-run"
        ) from None


def _write_parquet(path: Path, records: Sequence[SummaryRecord]) -> None:
    """``records`` as a Parquet file at ``path``, written whole or not at all."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pylist([r.to_json() for r in records], schema=arrow_schema())
    buffer = pa.BufferOutputStream()
    pq.write_table(table, buffer)
    write_atomic(path, buffer.getvalue().to_pybytes())


def folder_resume_state(folder: Path, fmt: str, model: str, settings: str | None = None) -> KeySet:
    """The documents already done in the folder's shards, each shard compacted first (see the
    module docstring). Memory: 8 bytes per record."""
    keys, ids = array("Q"), array("Q")
    for shard in shard_paths(folder, fmt):
        if fmt == "jsonl":
            state = resume_state(shard, model, settings=settings)
            keys.extend(state.keys)
            ids.extend(state.ids.keys if state.ids is not None else ())
        else:
            records = _parquet_records(shard)
            for record in records:
                check_maker(record, folder, model, settings)
            kept = [r for r in records if r.ok]
            if len(kept) < len(records):
                if kept:
                    _write_parquet(shard, kept)
                else:
                    shard.unlink()
            keys.extend(document_key(r.id, r.source, r.path) for r in kept)
            ids.extend(id_key(r.id) for r in kept if not positional_id(r.id, r.source))
        if shard.exists() and shard.stat().st_size == 0:
            shard.unlink()
    done = KeySet(keys, KeySet(ids))
    if done.repeated():
        raise OutputError(
            f"--out {folder}: a document is in two shards (was the folder written by two runs at once?); "
            "move the older shard away and re-run"
        )
    return done


class ShardWriter:
    """Writes records, given as their JSON lines (``dumps(record.to_json())``), into new shards of
    ``folder``: JSONL appended as whole lines (one write and ``fsync`` per call), Parquet buffered
    and written whole every ``per_shard`` records."""

    def __init__(self, folder: Path, fmt: str, per_shard: int = RECORDS_PER_SHARD) -> None:
        self.folder = folder
        self.fmt = fmt
        self.per_shard = per_shard
        now = time.time_ns()
        self.run = f"{time.strftime('%Y%m%d%H%M%S', time.localtime(now / 1e9))}{now // 1000 % 10**6:06d}-{os.getpid()}"
        self.index = 0
        self.in_shard = 0
        self.fd: int | None = None
        self.buffer: list[SummaryRecord] = []  # Parquet only
        self.written: list[Path] = []

    def _next_path(self) -> Path:
        self.index += 1
        path = self.folder / f"part-{self.run}-{self.index:05d}.{self.fmt}"
        self.written.append(path)
        return path

    def write(self, lines: Sequence[str]) -> None:
        while lines:
            room = self.per_shard - self.in_shard
            now, lines = lines[:room], lines[room:]
            if self.fmt == "parquet":
                self.buffer += [SummaryRecord.from_json(json.loads(line)) for line in now]
            else:
                if self.fd is None:
                    self.fd = os.open(self._next_path(), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
                view = memoryview("".join(line + "\n" for line in now).encode("utf-8"))
                while view:
                    view = view[os.write(self.fd, view) :]
                os.fsync(self.fd)
            self.in_shard += len(now)
            if self.in_shard >= self.per_shard:
                self._close_shard()

    def _close_shard(self) -> None:
        if self.fmt == "parquet" and self.buffer:
            _write_parquet(self._next_path(), self.buffer)
            self.buffer = []
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
        self.in_shard = 0

    def finish(self) -> None:
        """Write what is buffered (every record handed over is whole, also when a run is cut short)."""
        self._close_shard()


def iter_records(folder: Path) -> Iterator[SummaryRecord]:
    """Every record in a folder of shards (JSONL or Parquet), shard by shard in name order."""
    for shard in shard_paths(folder):
        if shard.suffix == ".parquet":
            yield from _parquet_records(shard)
            continue
        with shard.open("rb") as f:
            for line in f:
                if line.endswith(b"\n"):  # a torn last line (a killed run) is not a record
                    yield SummaryRecord.from_json(json.loads(line))


__all__ = [
    "LOCK_NAME",
    "RECORDS_PER_SHARD",
    "ShardWriter",
    "check_folder",
    "folder_resume_state",
    "iter_records",
    "shard_paths",
]
