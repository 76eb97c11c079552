"""Fetch the unseen pages of ``eval/expected/web_pages_3`` that a package registry holds.

    python -m eval.fetch_pages ../unseen/web_pages_3      # then:
    python -m eval.segment_score eval/expected/web_pages_3 --data ../unseen/web_pages_3

Three of the seven pages (BBC 中文网, 中国日报网, 新华网) are test files of the ``newspaper4k``
0.9.6 source distribution on PyPI, which this machine and CI can reach: ``pip download`` fetches
it, the three files are taken out and checked against the SHA-256 the blind score was taken on.
The other four came from GitHub repositories through a code index (``README.md`` beside the
expectations names them); they are not fetched here. The pages are third-party news content: they
go to the folder given, never into the repo.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

SDIST = "newspaper4k==0.9.6"
SDIST_SHA256 = "a3f2f0e017dddb6f1019ee77aaa8980e13e6ecea0b949abc7167aae4770d2d0e"
PAGES = {  # name in the set: (path in the sdist, SHA-256)
    "bbczh_1.html": (
        "newspaper4k-0.9.6/tests/data/html/chinese_article.html",
        "98a690177699dc93b926fbb5916d0cc6934428bb28728e198a54b35853f67276",
    ),
    "chinadaily_1.html": (
        "newspaper4k-0.9.6/tests/data/html/chinese_article_001.html",
        "63e4217cc1cb4c3af0e0f57d0e2ed9ac82de56730392f9fee3932526c6779278",
    ),
    "newscn_1.html": (
        "newspaper4k-0.9.6/tests/data/html/chinese_article_002.html",
        "214bee02b4e98eff9a454340e585b452d4fe358284ef36afcce62b490e8063fd",
    ),
}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def extract(sdist: Path, dest: Path) -> list[str]:
    """Write the pages of ``sdist`` to ``dest``; the names written. Raises ValueError on a checksum
    that differs (a different file than the one scored)."""
    if sha256(sdist.read_bytes()) != SDIST_SHA256:
        raise ValueError(f"{sdist.name}: not the sdist the pages were scored from (SHA-256 differs)")
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    with tarfile.open(sdist, "r:gz") as tar:
        for name, (member, digest) in PAGES.items():
            handle = tar.extractfile(member)
            if handle is None:
                raise ValueError(f"{sdist.name}: no {member}")
            data = handle.read()
            if sha256(data) != digest:
                raise ValueError(f"{member}: SHA-256 differs from the page scored")
            (dest / name).write_bytes(data)
            written.append(name)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("dest", help="folder for the pages (outside the repo)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [
            sys.executable,
            "-m",
            "pip",
            "download",
            "-q",
            "--no-deps",
            "--no-binary",
            ":all:",
            SDIST,
            "-d",
            tmp,
        ]
        if subprocess.run(cmd, check=False).returncode != 0:
            print(
                f"error: pip could not download {SDIST} (is the package registry reachable?)", file=sys.stderr
            )
            return 1
        sdists = sorted(Path(tmp).glob("*.tar.gz"))
        if not sdists:
            print(f"error: pip gave no source distribution of {SDIST}", file=sys.stderr)
            return 1
        try:
            written = extract(sdists[0], Path(args.dest))
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
    print(f"{len(written)} pages in {args.dest}: {', '.join(written)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
