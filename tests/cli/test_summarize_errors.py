"""``zhsum summarize``'s errors about one document say which one: in a corpus of thousands of
records, the file's name alone does not find it."""

from __future__ import annotations

import json

import pytest

from tests.helpers.cli import ids, one_line_error, summarize

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


def write_corpus(path, rows: list[dict]) -> None:
    """``rows`` as a JSONL or Parquet corpus, by ``path``'s suffix."""
    if path.suffix == ".parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        pq.write_table(pa.Table.from_pylist(rows), path)
    else:
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet"])
def test_a_failed_record_keeps_its_own_id_and_is_retried_by_it(tmp_path, capsys, suffix):
    """A record without text fails under its own id (it was ``FILE#2``), so that the fixed record,
    which has that id, replaces it on resume instead of standing beside it."""
    if suffix == ".parquet":
        pytest.importorskip("pyarrow")
    corpus, out = tmp_path / f"corpus{suffix}", tmp_path / "out.jsonl"
    write_corpus(corpus, [{"id": "a", "text": BODY}, {"id": "b", "text": None}])
    assert summarize(corpus, out=out) == 1
    assert errors(capsys) == [
        f"zhsum: error: {corpus}:2 (id 'b'): no text in field 'text' (set --text-field to the field holding the article)"
    ]
    assert ids(out) == ["a", "b"]
    write_corpus(corpus, [{"id": "a", "text": BODY}, {"id": "b", "text": BODY}])
    assert summarize(corpus, out=out) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["id"], r["error"]) for r in records] == [("a", None), ("b", None)]


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet"])
def test_an_id_field_no_record_has_is_refused_unless_left_at_its_default(tmp_path, capsys, suffix):
    """A misspelled --id-field numbered every record FILE#LINE without a word (a missing
    --text-field is an error); the default ``id`` may be absent: then FILE#LINE ids are right."""
    if suffix == ".parquet":
        pytest.importorskip("pyarrow")
    corpus, out = tmp_path / f"corpus{suffix}", tmp_path / "out.jsonl"
    write_corpus(corpus, [{"ident": "a", "text": BODY}, {"ident": "b", "text": BODY}])
    assert summarize(corpus, out=out, flags=["--id-field", "idnet"]) == 2
    one_line_error(capsys, expect=f"{corpus}: no record has the id field 'idnet' (set --id-field")
    assert not out.exists()
    assert summarize(corpus, out=out) == 0
    assert ids(out) == [f"{corpus}#1", f"{corpus}#2"]
    out.unlink()
    assert summarize(corpus, out=out, flags=["--id-field", "ident"]) == 0
    assert ids(out) == ["a", "b"]
