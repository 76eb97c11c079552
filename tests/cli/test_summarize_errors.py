"""``zhsum summarize``'s errors about one document say which one: in a corpus of thousands of
records, the file's name alone does not find it."""

from __future__ import annotations

import json

from tests.helpers.cli import summarize

BODY = "南湾区召开民生实事推进会。全区确定的12件民生实事已有9件提前完成年度目标。"


def errors(capsys) -> list[str]:
    """The ``zhsum: error:`` lines of the run's stderr (no traceback)."""
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return [line for line in err.splitlines() if line.startswith("zhsum: error:")]


def test_a_record_without_body_text_is_named_by_line_and_id(tmp_path, capsys):
    corpus = tmp_path / "corpus.jsonl"
    rows = [{"id": "a", "text": BODY}, {"id": "b", "text": "记者 张三"}, {"text": "记者 李四"}]
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    assert summarize(corpus, out=tmp_path / "out.jsonl") == 1
    assert errors(capsys) == [
        f"zhsum: error: {corpus}:2 (id 'b'): no body text to summarize (only a title, headlines, bylines, captions or furniture)",
        f"zhsum: error: {corpus}:3: no body text to summarize (only a title, headlines, bylines, captions or furniture)",
    ]
