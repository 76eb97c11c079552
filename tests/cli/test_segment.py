"""``zhsum segment --format json`` writes as it goes, exactly as ``json.dumps(indent=2)`` would."""

from __future__ import annotations

import json

import pytest

from pipeline.cli.segment import JsonListing


@pytest.mark.parametrize("count", [0, 1, 2, 3])
@pytest.mark.parametrize("single", [True, False])
def test_the_listing_is_what_json_dumps_writes(capsys, count, single):
    results = [
        {"id": f"d{i}", "title": "标题", "sections": [{"headline": None, "text": "正文。"}]}
        for i in range(count)
    ]
    listing = JsonListing(single=single)
    for result in results:
        listing.add(result)
    listing.close(failed=0)
    out = capsys.readouterr().out
    if not count:
        assert out == ""
    else:
        expected = results[0] if count == 1 and single else results
        assert out == json.dumps(expected, ensure_ascii=False, indent=2) + "\n"


def test_results_are_written_as_they_come_not_held(capsys):
    listing = JsonListing(single=False)
    listing.add({"id": "a"})
    assert capsys.readouterr().out == "", "the first is held until a second shows a list is wanted"
    listing.add({"id": "b"})
    listing.add({"id": "c"})
    assert capsys.readouterr().out.count('"id"') == 3 and listing.first is None


@pytest.mark.skipif(not hasattr(__import__("signal"), "SIGHUP"), reason="POSIX signals")
def test_a_stopped_segment_says_so_in_one_line_without_summarizes_resume_note(tmp_path):
    """The resume note is summarize's (a .jsonl --out resumes); segment has no such output. And a
    second stop right after the message line changes nothing (it was a traceback)."""
    import os
    import select
    import signal
    import subprocess
    import sys
    import time

    from tests.conftest import REPO

    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3000):
        (folder / f"{i:05d}.txt").write_text(
            f"标题{i}\n\n正文第{i}段，内容足够长，说明这是一段正文。\n", encoding="utf-8"
        )
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "segment", str(folder), "--format", "jsonl"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline()  # it has begun (and fills the pipe)
        assert proc.poll() is None, "segment ended before it could be stopped"
        proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 30
        assert proc.stderr is not None
        ready, _, _ = select.select([proc.stderr], [], [], 30)
        assert ready, "no message within 30 s of the stop"
        first = proc.stderr.readline()  # the message line: then stop it again at once
        proc.send_signal(signal.SIGTERM)
        _, rest = proc.communicate(timeout=max(1.0, deadline - time.monotonic()))

    finally:
        proc.kill()
    assert first.strip() == "zhsum: error: stopped by SIGTERM"
    # Silent either way: the handler installed after the message exits with 143; a stop landing
    # once Python's own exit has put the default handlers back ends the process by the signal.
    assert rest == "" and proc.returncode in (128 + signal.SIGTERM, -signal.SIGTERM)
