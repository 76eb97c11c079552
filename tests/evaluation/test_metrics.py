"""ROUGE: hand-worked values, and equality with rouge-score 0.1.2 given the same tokenizer."""

from __future__ import annotations

import random

import pytest

from pipeline.evaluation.rouge import (
    CharTokenizer,
    JiebaTokenizer,
    RougeScorer,
    lcs_indices,
    lcs_length,
    rouge_l_summary,
    sentences,
)

rouge_scorer = pytest.importorskip("rouge_score.rouge_scorer")


def f(score):
    return round(100 * score.fmeasure, 3)


def test_tokens_by_the_spec():
    tok = CharTokenizer()
    assert tok.tokenize("ＧＤＰ增长5.2%，达到126万亿元！") == [
        "gdp",
        "增",
        "长",
        "5",
        "2",
        "达",
        "到",
        "126",
        "万",
        "亿",
        "元",
    ]
    assert tok.tokenize("COVID-19 疫情") == ["covid", "19", "疫", "情"]
    assert tok.tokenize("，。！？ ——  ") == []
    assert tok.tokenize("Σ_x") == ["Σ", "x"], "non-ASCII letters keep their case; _ is dropped"


def test_hand_worked_single_sentence():
    s = RougeScorer(sentence_level=True).score("今天天气很好。", "今天天气不错。")
    # unigrams: 今 天 天 气 match (4 of 6 each side); bigrams: 今天 天天 天气 (3 of 5); LCS 今天天气 = 4.
    assert (f(s["rouge-1"]), f(s["rouge-2"]), f(s["rouge-l"]), f(s["rouge-l-sentence"])) == (
        66.667,
        60.0,
        66.667,
        66.667,
    )


def test_hand_worked_summary_level_union_lcs():
    # ref sentences [甲乙丙] [丁戊]; candidate [甲丙] [乙丁戊]. Union LCS of 甲乙丙 with both
    # candidate sentences covers all three; 丁戊 is covered by the second: 5 hits of 5 -> 100.
    # One LCS over the whole texts (甲乙丙丁戊 vs 甲丙乙丁戊) has length 4 -> 80.
    s = RougeScorer(sentence_level=True).score("甲乙丙。丁戊。", "甲丙。乙丁戊。")
    assert f(s["rouge-l"]) == 100.0 and f(s["rouge-l-sentence"]) == 80.0


def test_clipped_counts_not_unique_ngrams():
    # The prediction repeats 好 three times; the reference has it once: clipped overlap is 1.
    s = RougeScorer().score("好", "好好好")
    assert (round(s["rouge-1"].precision, 6), s["rouge-1"].recall) == (round(1 / 3, 6), 1.0)


def test_empty_prediction_scores_zero():
    s = RougeScorer().score("参考摘要。", "")
    assert all(v.fmeasure == 0 for v in s.values())
    assert RougeScorer().score("参考摘要。", "。！")["rouge-1"].fmeasure == 0


def test_multi_reference_takes_best_f_per_metric():
    s = RougeScorer().score_multi(["完全无关的内容", "今天天气很好"], "今天天气很好")
    assert f(s["rouge-1"]) == 100.0


def test_sentences_split():
    assert sentences("第一句。第二句！第三句？\n第四句") == ["第一句。", "第二句!", "第三句?", "第四句"]


def _dp_lcs(a, b):
    t = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            t[i][j] = t[i - 1][j - 1] + 1 if a[i - 1] == b[j - 1] else max(t[i - 1][j], t[i][j - 1])
    return t


def test_bit_parallel_lcs_matches_dp_and_rouge_score_backtracking():
    from rouge_score.rouge_scorer import _backtrack_norec, _lcs_table

    rng = random.Random(0)
    for _ in range(300):
        a = [rng.choice("甲乙丙丁戊") for _ in range(rng.randint(0, 12))]
        b = [rng.choice("甲乙丙丁戊") for _ in range(rng.randint(0, 12))]
        assert lcs_length(a, b) == _dp_lcs(a, b)[-1][-1]
        if a and b:
            assert lcs_indices(a, b) == _backtrack_norec(_lcs_table(a, b), a, b)


def _pairs(n: int, seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    chars = "南湾区新增城镇就业万人失业率控制全区中小学幼儿园学位医院门诊接诊能力提升，、"
    extras = ["GDP", "5.2%", "２０２６年", "Ａ级", "COVID-19", " ", "“", "”"]

    def sentence():
        body = "".join(rng.choice(chars) for _ in range(rng.randint(0, 25)))
        if rng.random() < 0.3:
            body += rng.choice(extras)
        return body + rng.choice(["。", "！", "？", "", "!"])

    pairs = []
    for _ in range(n):
        ref = "".join(sentence() for _ in range(rng.randint(1, 3)))
        pred = "" if rng.random() < 0.05 else "".join(sentence() for _ in range(rng.randint(1, 4)))
        pairs.append((ref, pred))
    return pairs


@pytest.mark.parametrize("tokenizer", [CharTokenizer(), JiebaTokenizer()], ids=["char", "jieba"])
def test_equals_rouge_score_within_1e6_on_every_document(tokenizer):
    ours = RougeScorer(tokenizer, sentence_level=True)
    theirs = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL", "rougeLsum"], tokenizer=tokenizer)
    names = {"rouge-1": "rouge1", "rouge-2": "rouge2", "rouge-l": "rougeLsum", "rouge-l-sentence": "rougeL"}
    for ref, pred in _pairs(400, seed=1):
        mine = ours.score(ref, pred)
        ref_lines, pred_lines = "\n".join(sentences(ref)), "\n".join(sentences(pred))
        other = theirs.score(ref_lines, pred_lines)
        for ours_name, their_name in names.items():
            for field in ("precision", "recall", "fmeasure"):
                a = getattr(mine[ours_name], field)
                b = getattr(other[their_name], field)
                assert abs(a - b) <= 1e-6, (ref, pred, ours_name, field, a, b)


def test_rouge_l_summary_empty_sides():
    assert rouge_l_summary([], [["a"]]).fmeasure == 0
    assert rouge_l_summary([["a"]], [[]]).fmeasure == 0


# --------------------------------------------------------------------------- model-free figures


def test_summary_figures_worked_by_hand():
    from pipeline.evaluation.registry import METRICS, Item, registered

    registered()
    source = "南湾区新增城镇就业1.2万人。"  # 15 characters
    summary = (
        "南湾区新增就业3万人"  # 10 characters; copied fragments: 南湾区新增 (5) only (就业3万人 is not in it)
    )
    value = {m.name: m.compute(Item(source, summary)) for m in registered(against_references=False)}
    assert value["chars"] == 10 and value["compression"] == 1.5
    assert value["coverage"] == 50.0 and value["density"] == 2.5  # 5/10 and 25/10
    # 1-grams: 3 and 万 are not in the source... 3 only (万 is): 1 of 10
    assert value["novel_1gram"] == 10.0
    assert value["unsupported_numbers"] == 1.0 and value["has_unsupported"] == 100.0
    assert value["redundancy"] == 0.0
    assert (
        METRICS["redundancy"].compute(Item("", "就业就业就业")) == 50.0
    )  # 就业就 业就业 就业就 业就业: 2 of 4 repeat
    assert METRICS["compression"].compute(Item(source, "")) is None  # undefined, not 0


def test_aggregate_leaves_undefined_documents_out():
    import numpy as np

    from pipeline.evaluation.registry import aggregate

    idx = np.random.default_rng(0).integers(0, 3, size=(200, 3))
    out = aggregate([1.0, None, 3.0], idx)
    assert out["mean"] == 2.0 and out["n"] == 2 and 1.0 <= out["ci95"][0] <= out["ci95"][1] <= 3.0
    assert aggregate([None, None], idx[:, :2]) == {"mean": None, "ci95": None, "n": 0}
