"""The faithfulness guard on a tiny model made to emit numbers (its output layer biased toward digit
tokens): of the beam's hypotheses, one whose numbers the source holds is taken whenever there is one."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pipeline.evidence import unsupported_numbers
from tests.conftest import FIXTURES

INPUTS = ["release_brackets.txt", "notice_numbered.txt", "newspaper_page.txt", "regulation.txt"]


def make_digit_model(folder: Path, bias: float) -> Path:
    """A random BART (seeded) whose output layer favours digit tokens by ``bias``. With 0.1 its best
    hypothesis for every test input is a number its source does not hold, while another of its four
    is not one; with 0.3 every hypothesis is a number."""
    import torch
    from transformers import BartForConditionalGeneration

    from tests.helpers.randmodels import make_bart

    folder = make_bart(folder, max_new_tokens=4)
    vocab = (folder / "vocab.txt").read_text(encoding="utf-8").split("\n")
    digits = [i for i, t in enumerate(vocab) if t.lstrip("#").isdigit()]
    model = BartForConditionalGeneration.from_pretrained(str(folder))
    with torch.no_grad():
        model.final_logits_bias[0, digits] += bias
    model.generation_config.num_beams = 4
    model.save_pretrained(str(folder))
    return folder


@pytest.fixture(scope="module")
def digit_model(tmp_path_factory) -> Path:
    return make_digit_model(tmp_path_factory.mktemp("digits") / "bart", 0.1)


@pytest.fixture(scope="module")
def number_model(tmp_path_factory) -> Path:
    return make_digit_model(tmp_path_factory.mktemp("numbers") / "bart", 0.3)


def _pipeline(folder: Path, faithful: str):
    from pipeline import SummaryPipeline

    return SummaryPipeline(str(folder), faithful=faithful, engine="torch", precision="fp32", device="cpu")


def _records(pipe):
    from pipeline.read.readers import iter_documents

    return list(pipe.summarize_documents(iter_documents([str(FIXTURES / n) for n in INPUTS])))


def _flagged(records) -> int:
    return sum(len(r.unsupported) + sum(len(s.unsupported) for s in r.sections) for r in records)


@pytest.mark.slow
def test_the_guard_takes_a_clean_hypothesis_whenever_there_is_one(digit_model):
    plain = _records(_pipeline(digit_model, "none"))
    assert _flagged(plain) >= 10, "the biased model writes numbers its sources do not hold"

    pipe = _pipeline(digit_model, "check")
    summarizer = pipe.summarizer
    calls = []
    real = summarizer.choose

    def spy(decoded, source):
        chosen = real(decoded, source)
        calls.append((decoded, source, chosen[0]))
        return chosen

    summarizer.choose = spy
    checked = _records(pipe)
    assert calls and all(len(decoded) == 4 for decoded, _, _ in calls), "four hypotheses per chunk"
    rescued = 0
    for decoded, source, chosen in calls:
        clean = [d for d in decoded if d.strip() and not unsupported_numbers(d, source)]
        if clean:
            assert not unsupported_numbers(chosen, source), "a clean hypothesis existed"
            rescued += bool(unsupported_numbers(decoded[0], source))
    assert rescued > 0, "the best hypothesis had a number not in the source, a later one did not"
    assert _flagged(checked) < _flagged(plain)
    assert all(not r.fallback for r in checked)


@pytest.mark.slow
def test_without_a_clean_hypothesis_the_numbers_are_flagged(number_model):
    records = _records(_pipeline(number_model, "check"))
    assert _flagged(records) == _flagged(_records(_pipeline(number_model, "none"))) > 0
    assert all(not r.fallback for r in records)


@pytest.mark.slow
def test_strict_writes_an_extractive_summary_instead_and_says_so(number_model, tmp_path):
    from pipeline.cli import main

    out = tmp_path / "out.jsonl"
    argv = [
        "summarize",
        *(str(FIXTURES / n) for n in INPUTS),
        "--model",
        str(number_model),
        "--out",
        str(out),
    ]
    assert main([*argv, "--faithful", "strict", "--engine", "torch", "--precision", "fp32", "-q"]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    summaries = [(r["summary"], r["unsupported"], r["fallback"]) for r in records]
    summaries += [(s["summary"], s["unsupported"], s["fallback"]) for r in records for s in r["sections"]]
    assert all(not unsupported for _, unsupported, _ in summaries)
    assert any(fallback for _, _, fallback in summaries)
    source = re.sub(r"\s", "", "".join((FIXTURES / n).read_text(encoding="utf-8") for n in INPUTS))
    for text, _, fallback in summaries:
        if fallback:  # source text (spaces aside): its sentences, or the clauses of the digest it read
            assert all(piece in source for piece in re.split("[，。；：]", re.sub(r"\s", "", text)) if piece)


def test_choose_by_hand(tiny_models):
    from pipeline import SummaryPipeline

    source = "全区新增就业1.2万人，失业率控制在4.5%以内。"
    for faithful, expected in (("check", ("新增就业12000人。", False)), ("none", ("新增就业3万人。", False))):
        summarizer = SummaryPipeline(str(tiny_models["bart"]), faithful=faithful).summarizer
        assert summarizer.choose(["新增就业3万人。", "", "新增就业12000人。"], source) == expected
    strict = SummaryPipeline(str(tiny_models["bart"]), faithful="strict").summarizer
    assert strict.choose(["新增就业3万人。"], source) == ("全区新增就业1.2万人，失业率控制在4.5%以内。", True)
    check = SummaryPipeline(str(tiny_models["bart"]), faithful="check").summarizer
    assert check.choose(["新增就业3万人。", "增长7%。"], source) == (
        "新增就业3万人。",
        False,
    )  # none clean: the best
