"""``--ray`` on a cluster of several nodes on this machine (``ray.cluster_utils.Cluster``): a node
lost in the middle of a run loses and doubles nothing (the run ends with every record once, or
stops in one line and a re-run resumes to that)."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest

from pipeline.cli import main

ARTICLE = "南湾区召开民生实事推进会。全区确定的12件民生实事已有9件提前完成。"
N = 20_000


def _records(folder: Path) -> list[str]:
    return [
        json.loads(line)["id"]
        for shard in sorted(folder.glob("part-*.jsonl"))
        for line in shard.read_text(encoding="utf-8").splitlines()
    ]


@pytest.mark.slow
def test_a_node_lost_mid_run_loses_and_doubles_nothing(tmp_path, capsys, monkeypatch):
    ray = pytest.importorskip("ray")
    from ray.cluster_utils import Cluster

    from pipeline.scale import raydata

    monkeypatch.setenv("RAY_USAGE_STATS_ENABLED", "0")
    monkeypatch.setattr(raydata, "MIN_SPLIT_DOCS", 64)
    monkeypatch.setattr(raydata, "MAX_SPLIT_DOCS", 64)
    corpus = tmp_path / "c.jsonl"
    with corpus.open("w", encoding="utf-8") as f:
        for i in range(N):
            f.write(json.dumps({"id": f"d{i}", "text": f"第{i}篇。{ARTICLE}"}, ensure_ascii=False) + "\n")
    memory = {"object_store_memory": 128 * 2**20}
    cluster = Cluster(
        initialize_head=True, head_node_args={"num_cpus": 1, "include_dashboard": False, **memory}
    )
    worker = cluster.add_node(num_cpus=2, **memory)
    cluster.wait_for_nodes()
    out = tmp_path / "ray"
    removed: list[float] = []

    def remove_when_records_flow() -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not any(p.stat().st_size for p in out.glob("part-*.jsonl")):
            time.sleep(0.05)
        cluster.remove_node(worker)
        removed.append(time.monotonic())

    args = ["summarize", str(corpus), "--model", "lead", "--ray", cluster.address, "--out", str(out), "-q"]
    try:
        remover = threading.Thread(target=remove_when_records_flow)
        remover.start()
        rc = main(args)
        ended = time.monotonic()
        remover.join()
        err = capsys.readouterr().err
        assert removed and removed[0] < ended, "the node was removed while the run was going"
        if rc != 0:  # stopped in one line: the re-run resumes
            assert rc == 2 and err.count("zhsum: error:") == 1 and "Traceback" not in err, err
            assert main(args) == 0
        ids = _records(out)
        assert len(ids) == N and set(ids) == {f"d{i}" for i in range(N)}
    finally:
        if ray.is_initialized():
            ray.shutdown()
        cluster.shutdown()
