"""Metrics as a registry: ROUGE and the model-free figures are registered alike, and a new metric
is one registration that reaches report.json, report.md and report.html."""

from __future__ import annotations

import json

import pytest

from pipeline.cli import main
from pipeline.evaluation.data import Example
from pipeline.evaluation.registry import METRICS, Item, register_metric, registered
from pipeline.evaluation.rouge import METRICS as ROUGE_NAMES
from pipeline.evaluation.stats import build_report


@pytest.fixture
def digit_metric():
    @register_metric("digit_share", "% of the summary's characters that are digits", higher_is_better=None)
    def digit_share(item: Item) -> float | None:
        return 100 * sum(c.isdigit() for c in item.summary) / len(item.summary) if item.summary else None

    yield "digit_share"
    del METRICS["digit_share"]


def test_rouge_is_registered_like_any_metric():
    scored = registered(against_references=True)
    assert [m.name for m in scored] == list(ROUGE_NAMES)
    assert all(m.parts == ("p", "r", "f") and m.higher_is_better for m in scored)
    (rouge1,) = [m for m in scored if m.name == "rouge-1"]
    # 今天天气很好 against 今天天气: P 4/4, R 4/6, F 0.8 (by hand)
    p, r, f = rouge1.compute(Item("", "今天天气", ("今天天气很好",)))  # type: ignore[misc]
    assert (round(p, 4), round(r, 4), round(f, 4)) == (100.0, 66.6667, 80.0)


def test_a_new_metric_is_one_registration(digit_metric, tmp_path):
    examples = [Example("a", "收入3万元。", ["收入3万元"]), Example("b", "今天晴。", ["今天晴"])]
    report = build_report(examples, {"m": ["收入3万", ""]}, resamples=50)
    figure = report["models"]["m"]["metrics"][digit_metric]  # type: ignore[index]
    assert figure["mean"] == 25.0 and figure["n"] == 1, "1 digit of 4; the empty summary is undefined"
    assert report["documents"][1]["models"]["m"]["metrics"][digit_metric] is None  # type: ignore[index]

    data = tmp_path / "data.jsonl"
    data.write_text(
        "".join(
            json.dumps({"id": e.id, "text": e.text, "summary": e.references[0]}) + "\n" for e in examples
        ),
        encoding="utf-8",
    )
    preds = tmp_path / "m.jsonl"
    preds.write_text(
        '{"id": "a", "summary": "收入3万"}\n{"id": "b", "summary": "今天晴"}\n', encoding="utf-8"
    )
    out = tmp_path / "report"
    assert main(["evaluate", "--data", str(data), "--predictions", f"m={preds}", "--out", str(out)]) == 0
    assert (
        digit_metric
        in json.loads((out / "report.json").read_text(encoding="utf-8"))["models"]["m"]["metrics"]
    )
    assert digit_metric in (out / "report.md").read_text(encoding="utf-8")
    assert digit_metric in (out / "report.html").read_text(encoding="utf-8")
