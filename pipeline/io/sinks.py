"""Output files: resume state of a JSONL output, whole-line appends, atomic writes."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from pipeline.errors import ZhsumError


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
            record = json.loads(line)
        except json.JSONDecodeError:
            continue
        if not isinstance(record, dict) or "id" not in record:
            continue
        if record.get("model") != model:
            raise ZhsumError(
                f"{path} holds summaries by model '{record.get('model')}'; pass another --out to summarize with '{model}'"
            )
        if record.get("error") is None:
            done.add(str(record["id"]))
            keep.append(line)
    new = b"".join(line + b"\n" for line in keep)
    if new != raw:
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(new)
        os.replace(tmp, path)
    return done


class LineWriter:
    """Append whole lines to a file (one ``os.write`` each, fsync per group) or to stdout."""

    def __init__(self, path: Path | None) -> None:
        self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644) if path else None

    def write(self, lines: Sequence[str]) -> None:
        if not lines:
            return
        data = "".join(line + "\n" for line in lines).encode("utf-8")
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


def write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)

