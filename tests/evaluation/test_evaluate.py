from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.errors import ZhsumError
from pipeline.evaluation.data import load_examples, load_predictions
from pipeline.evaluation.stats import bootstrap_indices, build_report
from tests.conftest import REPO

EVAL_SET = REPO / "eval" / "press_sections.jsonl"


def write_jsonl(path: Path, rows) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def data(tmp_path):
    return write_jsonl(
        tmp_path / "data.jsonl",
        [
            {"id": "a", "text": "今天天气很好。适合出门。", "summary": "今天天气很好"},
            {"id": "b", "text": "南湾区新增就业一万人。", "summary": ["南湾区新增就业", "完全无关"]},
            {"id": "c", "text": "展销会开幕。签约三千万元。", "summary": "展销会签约三千万元"},
        ],
    )


def test_report_from_prediction_files(data, tmp_path, capsys):
    good = write_jsonl(
        tmp_path / "good.jsonl",
        [
            {"id": "c", "summary": "展销会签约三千万元"},
            {"id": "a", "summary": "今天天气很好"},
            {"id": "b", "summary": "南湾区新增就业"},
        ],
    )
    empty = write_jsonl(
        tmp_path / "empty.jsonl",
        [
            {"id": "a", "summary": ""},
            {"id": "b", "summary": "南湾区新增就业"},
            {"id": "c", "summary": None},
        ],
    )
    out = tmp_path / "report"
    rc = main(
        [
            "evaluate",
            "--data",
            str(data),
            "--predictions",
            f"good={good}",
            f"weak={empty}",
            "--out",
            str(out),
            "--seed",
            "7",
        ]
    )
    assert rc == 0
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert (report["tokenize"], report["n"], report["seed"]) == ("char", 3, 7)
    assert report["models"]["good"]["rouge-1"]["f"] == 100.0, "aligned by id, not by line order"
    weak = report["models"]["weak"]
    assert weak["empty"] == 2 and abs(weak["rouge-1"]["f"] - 100 / 3) < 1e-3, (
        "empty predictions score 0 and stay in the mean"
    )
    for entry in report["models"].values():
        for m in ("rouge-1", "rouge-2", "rouge-l"):
            lo, hi = entry[m]["ci95"]
            assert lo <= entry[m]["f"] <= hi
            assert set(entry[m]) == {"p", "r", "f", "ci95"}
        assert {
            "mean_chars",
            "median_chars",
            "compression",
            "novel_1gram",
            "repeated_3gram",
            "numbers_not_in_source",
        } <= set(entry["stats"])
    (comp,) = report["comparisons"]
    assert comp["a"] == "good" and comp["rouge-1"]["a_wins"] == pytest.approx(2 / 3, abs=1e-4)
    assert (out / "report.md").read_text(encoding="utf-8").startswith("# zhsum evaluation")
    assert (out / "rouge.png").read_bytes()[:4] == b"\x89PNG"
    assert len((out / "predictions" / "good.jsonl").read_text(encoding="utf-8").splitlines()) == 3
    assert "| good |" in capsys.readouterr().out


def test_misaligned_ids_are_refused_naming_them(data, tmp_path):
    examples = load_examples(str(data))
    missing = write_jsonl(tmp_path / "m.jsonl", [{"id": "a", "summary": "x"}, {"id": "b", "summary": "y"}])
    with pytest.raises(ZhsumError, match=r"no prediction for 1 document\(s\) of --data: c"):
        load_predictions(f"m={missing}", examples)
    unknown = write_jsonl(tmp_path / "u.jsonl", [{"id": i, "summary": "x"} for i in ("a", "b", "c", "zz")])
    with pytest.raises(ZhsumError, match=r"1 id\(s\) not in --data: zz"):
        load_predictions(f"u={unknown}", examples)
    dup = write_jsonl(tmp_path / "d.jsonl", [{"id": "a", "summary": "x"}, {"id": "a", "summary": "y"}])
    with pytest.raises(ZhsumError, match="duplicate id 'a'"):
        load_predictions(f"d={dup}", examples)


def test_limit_keeps_first_documents_and_accepts_full_prediction_files(data, tmp_path):
    full = write_jsonl(tmp_path / "f.jsonl", [{"id": i, "summary": "今天"} for i in ("a", "b", "c")])
    out = tmp_path / "r"
    assert (
        main(
            ["evaluate", "--data", str(data), "--predictions", f"f={full}", "--limit", "2", "--out", str(out)]
        )
        == 0
    )
    assert json.loads((out / "report.json").read_text(encoding="utf-8"))["n"] == 2


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([{"id": "a", "body": "x", "summary": "y"}], "no field 'text'"),
        ([{"id": "a", "text": "x"}], "no field 'summary'"),
        (
            [{"id": "a", "text": "x", "summary": "y"}, {"id": "a", "text": "z", "summary": "w"}],
            "duplicate id 'a'",
        ),
        ([{"id": "a", "text": "x", "summary": []}], "must be a string or a non-empty list"),
    ],
)
def test_bad_data_one_line_errors(tmp_path, rows, message, capsys):
    path = write_jsonl(tmp_path / "bad.jsonl", rows)
    assert main(["evaluate", "--data", str(path), "--models", "lead"]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_malformed_and_empty_data(tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "text": "x", "summary": "y"}\n{oops\n', encoding="utf-8")
    assert main(["evaluate", "--data", str(bad), "--models", "lead"]) == 2
    assert "bad.jsonl:2: malformed JSON" in capsys.readouterr().err
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    assert main(["evaluate", "--data", str(empty), "--models", "lead"]) == 2
    assert "empty" in capsys.readouterr().err
    assert main(["evaluate", "--data", str(EVAL_SET), "--models", "nosuchmodel"]) == 2
    assert "unknown model 'nosuchmodel'" in capsys.readouterr().err


def test_csv_and_saved_dataset(tmp_path):
    import datasets

    csv_path = tmp_path / "d.csv"
    csv_path.write_text('id,text,summary\n1,"今天天气很好。",今天天气好\n', encoding="utf-8")
    assert load_examples(str(csv_path))[0].references == ("今天天气好",)
    ds = datasets.Dataset.from_list([{"id": "x", "text": "正文。", "summary": ["参考一", "参考二"]}])
    ds.save_to_disk(str(tmp_path / "saved"))
    (ex,) = load_examples(str(tmp_path / "saved"))
    assert ex.id == "x" and ex.references == ("参考一", "参考二")


def test_models_generate_and_compare_on_team_eval_set(tmp_path):
    out = tmp_path / "r"
    assert (
        main(["evaluate", "--data", str(EVAL_SET), "--models", "lead", "textrank", "--out", str(out), "-q"])
        == 0
    )
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert set(report["models"]) == {"lead", "textrank"} and report["models"]["lead"]["docs_per_s"] > 0
    assert report["references_per_doc"] == 2


def test_bootstrap_is_seeded(data, tmp_path):
    examples = load_examples(str(data))
    preds = {"m": ["今天", "南湾区", "展销会"]}
    assert build_report(examples, preds, seed=3) == build_report(examples, preds, seed=3)
    assert (bootstrap_indices(50, 10, 3) == bootstrap_indices(50, 10, 3)).all()
    assert (bootstrap_indices(50, 10, 3) != bootstrap_indices(50, 10, 4)).any()


def test_a_report_stopped_while_written_is_whole(data, tmp_path, monkeypatch, capsys):
    """Ctrl-C while the report's files are written: every file is the new run's (a stop used to
    leave the new report.json beside the earlier report.md and report.html)."""
    import os
    import signal
    import time

    from pipeline.evaluation import run

    good = write_jsonl(tmp_path / "good.jsonl", [{"id": i, "summary": "今天天气很好"} for i in "abc"])
    out = tmp_path / "report"
    argv = ["evaluate", "--data", str(data), "--predictions", f"good={good}", "--out", str(out), "--seed"]
    assert main([*argv, "7"]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    real, calls = run.write_atomic, []

    def stop_on_the_second(path, data):
        calls.append(path)
        if len(calls) == 2:
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.05)
        real(path, data)

    monkeypatch.setattr(run, "write_atomic", stop_on_the_second)
    assert main([*argv, "8"]) == 130
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert set(after) == set(before) and len(calls) == len(before) + 1  # + the predictions file
    assert all(after[name] != before[name] for name in ("report.json", "report.md", "report.html"))


def test_data_that_is_no_dataset_says_so(tmp_path):
    """A plain article given as --data was 'malformed JSON' at its first line (hostile sweep)."""
    article = tmp_path / "good.txt"
    article.write_text("南湾区召开民生实事推进会。", encoding="utf-8")
    with pytest.raises(ZhsumError, match=r"not a dataset \(pairs of text and reference summary"):
        load_examples(str(article))


def test_a_report_written_again_drops_the_predictions_of_models_it_no_longer_compares(tmp_path):
    """An earlier report's ``predictions/mine.jsonl`` stayed beside a report without ``mine``
    (hostile sweep); a file of the user's own shape in that folder stays."""
    data = write_jsonl(
        tmp_path / "d.jsonl", [{"id": "a", "text": "南湾区新增就业。", "summary": "南湾区新增就业"}]
    )
    mine = write_jsonl(tmp_path / "mine.jsonl", [{"id": "a", "summary": "南湾区新增就业"}])
    out = tmp_path / "report"
    base = ["evaluate", "--data", str(data), "--out", str(out), "-q"]
    assert main([*base, "--predictions", f"mine={mine}", "--models", "lead"]) == 0
    assert (out / "predictions" / "mine.jsonl").exists()
    notes = out / "predictions" / "notes.jsonl"
    notes.write_text('{"note": "my own"}\n', encoding="utf-8")
    assert main([*base, "--models", "lead"]) == 0
    assert sorted(p.name for p in (out / "predictions").iterdir()) == ["lead.jsonl", "notes.jsonl"]
