"""Write-then-rename: a file or folder appears whole or not at all."""

from __future__ import annotations

import glob
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline import stops


def file_mode() -> int:
    """The mode a new file gets under the process's umask (temporary files are made 0600; the files
    that replace the user's output get the usual mode)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def temp_beside(path: Path) -> tuple[int, str]:
    """A new hidden temporary file beside ``path`` (same file system, so it can be renamed over it),
    with the usual file mode; noted as :func:`pipeline.stops.temporary` until the caller settles it."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    stops.temporary(tmp)  # removed even if a second stop ends the command at once; the caller settles it
    os.fchmod(fd, file_mode())
    return fd, tmp


def put_in_place(tmp: str, path: Path) -> None:
    """Rename the temporary file ``tmp`` (from :func:`temp_beside`) over ``path``."""
    os.replace(tmp, path)
    stops.settled(tmp)


def discard(tmp: str) -> None:
    """Remove the temporary file ``tmp`` (from :func:`temp_beside`); a stop waits till it is gone."""
    with stops.cleanup():
        Path(tmp).unlink(missing_ok=True)
        stops.settled(tmp)


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, flush it to disk, then rename it over ``path``."""
    fd, tmp = temp_beside(path)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
            f.flush()
            os.fsync(f.fileno())
        put_in_place(tmp, path)
    except BaseException:
        discard(tmp)
        raise


STALE_FOLDER_SECONDS = 24 * 3600  # a temporary folder untouched this long was left by a killed process


def _remove_stale(target: Path) -> None:
    """Remove temporary folders beside ``target`` that a killed process left (a worker ended
    during a first-time model conversion cannot clean up): untouched for a day, none is in use."""
    cutoff = time.time() - STALE_FOLDER_SECONDS
    for old in target.parent.glob(f".{glob.escape(target.name)}.*"):
        try:
            if old.is_dir() and not old.is_symlink() and old.stat().st_mtime < cutoff:
                shutil.rmtree(old, ignore_errors=True)
        except OSError:
            continue


@contextmanager
def atomic_folder(target: Path) -> Iterator[Path]:
    """Yield a temporary folder beside ``target``; on success it is renamed to ``target`` (if another
    process made ``target`` meanwhile, theirs is kept). On failure nothing is left behind; what a
    killed process left behind is removed a day later, by the next run that makes ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale(target)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        yield tmp
        if not target.exists():
            os.replace(tmp, target)
    finally:
        with stops.cleanup():
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)
