"""CPU threads and replicas: one rule for every engine and mode."""

from __future__ import annotations

import pytest

from pipeline.engine.devices import MAX_REPLICAS, cpu_replicas, cpu_threads


@pytest.mark.parametrize(
    ("threads", "expected"),
    [(1, (1, 1)), (2, (2, 1)), (3, (3, 1)), (4, (4, 1)), (5, (1, 5)), (6, (3, 2)), (8, (4, 2)), (16, (4, 4))],
)
def test_replicas_divide_the_threads_evenly(threads, expected):
    replicas, each = cpu_replicas(threads)
    assert (replicas, each) == expected
    assert replicas * each == threads and replicas <= MAX_REPLICAS


def test_threads_are_the_cores_shared_among_copies():
    assert cpu_threads(None, copies=4, cores=16) == 4
    assert cpu_threads(None, copies=3, cores=2) == 1
    assert cpu_threads(6, copies=4, cores=16) == 6, "--threads wins"
