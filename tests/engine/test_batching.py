"""Token-budget batches and their spread over model replicas."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pipeline.engine.batching import plan_batches, spread


def test_spread_halves_the_largest_batch_until_every_replica_has_one():
    assert spread([[0, 1, 2, 3, 4]], 2) == [[0, 1, 2], [3, 4]]
    assert spread([[0, 1, 2, 3], [4]], 4) == [[0], [1], [2, 3], [4]], "the first of equal batches first"
    assert spread([[0], [1]], 4) == [[0], [1]], "a batch of one row is not split"
    assert spread([[0, 1], [2, 3], [4]], 2) == [[0, 1], [2, 3], [4]], "enough batches: unchanged"
    assert spread([], 2) == []


@given(st.lists(st.integers(1, 300), max_size=40), st.integers(1, 6), st.integers(50, 2000))
def test_spread_keeps_every_row_once_in_order(lengths, workers, budget):
    planned = plan_batches(lengths, budget)
    out = spread(planned, workers)
    assert [i for b in out for i in b] == [i for b in planned for i in b], "same rows, same order"
    assert all(out), "no empty batch"
    assert len(out) >= min(workers, len(lengths))
