"""Training pairs: split, truncation and the generation lengths learned from the references."""

from __future__ import annotations

import json

import pytest

from pipeline.errors import ZhsumError
from pipeline.evaluation.data import Example, load_examples
from pipeline.training.data import (
    _cut,
    encode,
    file_hash,
    learned_lengths,
    percentile,
    split_pairs,
)


def _examples(n: int) -> list[Example]:
    return [Example(str(i), f"第{i}条消息。", (f"摘要{i}",)) for i in range(n)]


def test_a_seeded_fraction_is_held_out_the_same_way_every_time():
    examples = _examples(50)
    a = split_pairs(examples, None, 0.1, 200, seed=3)
    b = split_pairs(examples, None, 0.1, 200, seed=3)
    c = split_pairs(examples, None, 0.1, 200, seed=4)
    assert [e.id for e in a.valid] == [e.id for e in b.valid] and len(a.valid) == 5
    assert [e.id for e in a.valid] != [e.id for e in c.valid]
    assert {e.id for e in a.train} | {e.id for e in a.valid} == {e.id for e in examples}
    assert not {e.id for e in a.train} & {e.id for e in a.valid}


def test_max_valid_caps_the_held_out_pairs_and_a_given_file_is_used_as_is():
    assert len(split_pairs(_examples(100), None, 0.5, 7, seed=0).valid) == 7
    given = _examples(3)
    split = split_pairs(_examples(10), given, 0.1, 200, seed=0)
    assert split.valid == given and len(split.train) == 10 and split.valid_source == "--valid"


def test_pairs_with_an_empty_reference_are_not_trained_on():
    examples = [*_examples(4), Example("x", "正文。", ("  ",))]
    split = split_pairs(examples, _examples(1), 0.1, 200, seed=0)
    assert "x" not in {e.id for e in split.train}
    with pytest.raises(ZhsumError, match="at least 2 pairs"):
        split_pairs(_examples(1), None, 0.1, 200, seed=0)


def test_truncation_keeps_the_closing_token():
    assert _cut([5, 10, 11, 12, 13, 6], 4) == ([5, 10, 11, 6], True)
    assert _cut([5, 10, 6], 4) == ([5, 10, 6], False)


class _CharTokenizer:
    """One id per character plus a closing id 1 (as an encoder's </s>)."""

    pad_token_id = 0
    eos_token_id = 1

    def encode_batch(self, texts):
        return [[ord(c) for c in t] + [1] for t in texts]


def test_encode_prefixes_sources_and_counts_what_was_cut():
    examples = [Example("a", "一二三四五六", ("甲乙",)), Example("b", "一二", ("甲乙丙丁戊",))]
    enc = encode(examples, _CharTokenizer(), "P", max_input_tokens=5, max_target_tokens=4)
    assert enc.input_ids[0] == [ord(c) for c in "P一二三"] + [1]
    assert enc.input_ids[1] == [ord(c) for c in "P一二"] + [1]
    assert enc.labels[1] == [ord(c) for c in "甲乙丙"] + [1]
    assert (enc.truncated_sources, enc.truncated_targets) == (1, 1)


def test_learned_lengths_worked_by_hand():
    # lengths 1..20: nearest-rank p95 = 19, p5 = 1 -> max ceil(1.2 * 19) = 23, min 1 // 2 = 0
    labels = [[0] * n for n in range(1, 21)]
    assert percentile([len(x) for x in labels], 95) == 19
    assert learned_lengths(labels, ceiling=256) == (0, 23)
    # all 30 long: max 36, min 15; a ceiling caps max
    assert learned_lengths([[0] * 30] * 10, ceiling=256) == (15, 36)
    assert learned_lengths([[0] * 30] * 10, ceiling=20) == (15, 20)
    assert learned_lengths([[0] * 2] * 10, ceiling=256) == (1, 8)  # at least 8 new tokens


def test_parquet_data_loads_like_jsonl(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [
        {"id": "a", "text": "正文一。", "summary": "摘要一"},
        {"id": "b", "text": "正文二。", "summary": "摘要二"},
    ]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "pairs.parquet")
    (tmp_path / "pairs.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    assert load_examples(str(tmp_path / "pairs.parquet")) == load_examples(str(tmp_path / "pairs.jsonl"))
    (tmp_path / "bad.parquet").write_bytes(b"PAR1 not really")
    with pytest.raises(ZhsumError, match="not a readable Parquet file"):
        load_examples(str(tmp_path / "bad.parquet"))


def test_file_hash_follows_the_content(tmp_path):
    a = tmp_path / "a.jsonl"
    a.write_text("x", encoding="utf-8")
    before = file_hash(a)
    a.write_text("y", encoding="utf-8")
    assert file_hash(a) != before
    folder = tmp_path / "ds"
    folder.mkdir()
    (folder / "part.arrow").write_bytes(b"1")
    assert file_hash(folder) != file_hash(a)
