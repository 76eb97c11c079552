"""Output files: resume state of a JSONL output, whole-line appends."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from pipeline.errors import ZhsumError
from pipeline.io.atomic import write_atomic
from pipeline.io.jsonl import dumps
from pipeline.io.records import SummaryRecord


def load_done(path: Path, model: str) -> set[str]:
    """Ids already summarized in ``path``; rewrites it without torn or failed lines."""
    if not path.exists():
        return set()
    raw = path.read_bytes()
    keep: list[bytes] = []
    done: set[str] = set()
    lines = raw.split(b"\n")
    complete = lines[:-1] if not raw.endswith(b"\n") else lines  # a torn last line is dropped
    for line in complete:
        if not line.strip():
            continue
        try:
            record = SummaryRecord.from_json(json.loads(line))
        except ValueError:
            continue
        if record.model != model:
            raise ZhsumError(
                f"{path} holds summaries by model '{record.model}'; pass another --out to summarize with '{model}'"
            )
        if record.ok:
            done.add(record.id)
            keep.append(line)
    new = b"".join(line + b"\n" for line in keep)
    if new != raw:
        write_atomic(path, new)
    return done


class LineWriter:
    """Append whole lines to a file (one ``os.write`` each, fsync per group) or to stdout."""

    def __init__(self, path: Path | None) -> None:
        self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644) if path else None

    def write(self, records: Sequence[SummaryRecord]) -> None:
        if not records:
            return
        data = "".join(dumps(r.to_json()) + "\n" for r in records).encode("utf-8")
        if self.fd is None:
            sys.stdout.write(data.decode("utf-8"))
            sys.stdout.flush()
            return
        view = memoryview(data)
        while view:
            written = os.write(self.fd, view)
            view = view[written:]
        os.fsync(self.fd)

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
