"""eval/fetch_pages.py: only the files the blind score was taken on are written (no network here)."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest

from eval import fetch_pages


def _sdist(path: Path, files: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def test_a_different_sdist_is_refused(tmp_path):
    sdist = _sdist(tmp_path / "newspaper4k-0.9.6.tar.gz", {"x": b"y"})
    with pytest.raises(ValueError, match="SHA-256 differs"):
        fetch_pages.extract(sdist, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_pages_are_checked_one_by_one(tmp_path, monkeypatch):
    files = {member: f"<html>{name}</html>".encode() for name, (member, _) in fetch_pages.PAGES.items()}
    sdist = _sdist(tmp_path / "s.tar.gz", files)
    monkeypatch.setattr(fetch_pages, "SDIST_SHA256", fetch_pages.sha256(sdist.read_bytes()))
    with pytest.raises(ValueError, match="differs from the page scored"):
        fetch_pages.extract(sdist, tmp_path / "out")  # the built pages are not the scored ones
    good = {
        name: (member, fetch_pages.sha256(files[member])) for name, (member, _) in fetch_pages.PAGES.items()
    }
    monkeypatch.setattr(fetch_pages, "PAGES", good)
    assert fetch_pages.extract(sdist, tmp_path / "out") == list(good)
    assert (tmp_path / "out" / "bbczh_1.html").read_bytes() == b"<html>bbczh_1.html</html>"
