"""eval/segment_score.py on a set whose pages are partly missing (rebuilt from their sources)."""

from __future__ import annotations

import json

from eval.segment_score import main


def test_a_missing_page_stops_the_score_in_one_line_unless_asked_to_score_the_others(tmp_path, capsys):
    expected, data = tmp_path / "set", tmp_path / "pages"
    expected.mkdir()
    data.mkdir()
    for name in ("a.html", "b.html"):
        page = {"file": name, "title": "某某通知", "headlines": [], "set_aside": [], "body_starts": []}
        (expected / f"{name}.json").write_text(json.dumps(page, ensure_ascii=False), encoding="utf-8")
    (data / "a.html").write_text(
        "<html><body><h1>某某通知</h1><p>各单位：现将有关事项通知如下，请认真贯彻落实。</p></body></html>",
        encoding="utf-8",
    )
    assert main([str(expected), "--data", str(data)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "b.html" in err and "--present" in err
    assert main([str(expected), "--data", str(data), "--present"]) == 0
    out = capsys.readouterr()
    assert json.loads(out.out.strip().splitlines()[-1])["pages"] == 1 and "b.html" in out.err
