"""Write-then-rename folders: what a killed process left beside the target is removed later."""

from __future__ import annotations

import os
import time

from pipeline.atomic import STALE_FOLDER_SECONDS, atomic_folder


def test_a_temporary_folder_left_by_a_killed_conversion_is_removed_a_day_later(tmp_path):
    target = tmp_path / "model-ct2"
    stale = tmp_path / ".model-ct2.abc123"  # a worker killed while converting left this
    fresh = tmp_path / ".model-ct2.def456"  # another process converting right now
    other = tmp_path / ".other-model.xyz"
    for folder in (stale, fresh, other):
        folder.mkdir()
        (folder / "part.bin").write_bytes(b"x")
    old = time.time() - STALE_FOLDER_SECONDS - 60
    os.utime(stale, (old, old))
    os.utime(other, (old, old))
    with atomic_folder(target) as tmp:
        (tmp / "model.bin").write_bytes(b"model")
    assert (target / "model.bin").read_bytes() == b"model"
    assert not stale.exists() and fresh.exists() and other.exists()
