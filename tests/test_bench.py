"""A smoke run of the benchmark's code paths on a tiny model (no timing is asserted)."""

from __future__ import annotations

import json

import pytest

from eval.bench import main, table

pytestmark = pytest.mark.slow


def test_bench_runs_every_method_and_reports(tmp_path, capsys):
    out = tmp_path / "bench.json"
    assert (
        main(
            [
                "--models",
                "tiny-bart",
                "--new-tokens",
                "4",
                "--rounds",
                "1",
                "--workdir",
                str(tmp_path / "w"),
                "--json",
                str(out),
            ]
        )
        == 0
    )
    result = json.loads(out.read_text(encoding="utf-8"))
    entry = result["models"]["tiny-bart"]
    assert set(entry["methods"]) == {"naive", "hf-batched", "ct2-fp32", "ct2-int8"}
    for method in ("hf-batched", "ct2-fp32"):
        assert entry["methods"][method]["agreement_with_naive"] == 1.0, (
            "fp32 engines reproduce the naive loop"
        )
    assert entry["e2e-cold"]["rc"] == 0 and entry["e2e-warm"]["rc"] == 0
    assert set(entry["step_ms"]) == {"naive", "ct2-int8", "ct2-fp32"} and entry["bound_ms"]["fp32"] > 0
    assert result["machine"]["bandwidth_gb_s"] > 0
    printed = capsys.readouterr().out
    assert (
        printed.startswith("python -m eval.bench") and "| ct2-int8 |" in printed and table(result) in printed
    )
