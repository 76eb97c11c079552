"""The output protocol of every mode, in one place: :func:`open_output` checks, locks and reads
back an output before any work, for a one-process or worker-process run (one ``--out`` file) and
for a Ray run (a folder of shards) alike:

1. the target: a file that is not a folder, device or input, in a writable folder
   (:func:`~pipeline.outputs.sinks.check_target`), or a folder of zhsum's shards of this format
   only (:func:`~pipeline.outputs.shards.check_folder`);
2. an exclusive lock for the length of the run (:class:`~pipeline.outputs.sinks.OutputLock`);
3. an existing file must be zhsum's own output of the same model in this format
   (:func:`~pipeline.outputs.base.check_existing`);
4. an output that resumes must have been made with the same settings (the fingerprint is kept in a
   hidden file beside the output, or inside the folder), and its documents done are read back
   (failed records and a torn last line dropped, so that they are retried).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.outputs.base import FORMATS, check_existing
from pipeline.outputs.shards import LOCK_NAME, check_folder, folder_resume_state, shard_paths
from pipeline.outputs.sinks import (
    KeySet,
    OutputLock,
    check_settings,
    check_target,
    keep_settings,
    resume_state,
    sidecars,
)

FOLDER_SETTINGS = ".settings.json"  # a shard folder's settings fingerprint (hidden: never a shard)


@dataclass
class OpenOutput:
    """An output opened for a run: where it is, what is done already (skipped), and the files the
    input walk must not read (the output and its sidecars)."""

    path: Path | None  # None: standard output
    fmt: str
    done: KeySet = field(default_factory=KeySet)
    exclude: list[Path] = field(default_factory=list)


@contextmanager
def open_output(
    path: Path | None,
    fmt: str,
    model: str,
    fingerprint: dict[str, object],
    inputs: Sequence[str],
    *,
    shards: bool = False,
    settings: str | None = None,
) -> Iterator[OpenOutput]:
    """Check, lock and read back ``path`` (see the module docstring); the lock is held until the
    ``with`` block ends. ``shards``: ``path`` is a Ray run's folder of shards; ``settings``: the
    run's settings id, which the records read back must carry (those of zhsum before 0.3 carry none)."""
    if path is None:
        yield OpenOutput(None, fmt)
        return
    if shards:
        check_folder(path, fmt, inputs)
        with OutputLock(path / LOCK_NAME):
            check_settings(
                path / FOLDER_SETTINGS, fingerprint, output=path, has_records=bool(shard_paths(path, fmt))
            )
            done = folder_resume_state(path, fmt, model, settings)
            keep_settings(path / FOLDER_SETTINGS, fingerprint)
            yield OpenOutput(path, fmt, done, [p for p in path.iterdir() if p.is_file()])
        return
    check_target(path, inputs)
    lock = OutputLock(path)
    with lock:
        check_existing(path, fmt, model, after_crash=lock.stale)
        opened = OpenOutput(path, fmt, exclude=[path, sidecars(path)[0]])
        if FORMATS[fmt].resumable:
            has_records = path.exists() and path.stat().st_size > 0
            check_settings(settings_record(path), fingerprint, output=path, has_records=has_records)
            opened.done = resume_state(path, model, after_crash=lock.stale, settings=settings)
            keep_settings(settings_record(path), fingerprint)
        yield opened


def settings_record(path: Path) -> Path:
    """Where the settings of the run that made an output file are kept: a hidden file beside it."""
    return path.with_name(f".{path.name}.settings.json")
