"""Scaling out: input splits, ``--workers N`` on one machine, and ``--ray`` on Ray Data.

The promise under test: whatever runs the documents (one process, worker processes, a Ray
cluster), the records are the same, record for record; ``--workers`` and ``--ray`` also keep the
input order. The Ray tests run on a local Ray instance of 2 CPUs started once for the module (and
shut down after it); they are skipped where Ray is not installed (CI installs it: ``.ci/run``).
"""

from __future__ import annotations

import codecs
import json
import shutil
import sys
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.errors import InputError
from pipeline.read.readers import iter_documents
from pipeline.read.splits import line_ranges, plan_splits, read_split
from tests.conftest import FIXTURES, REPO

ARTICLE = (
    "南湾区召开民生实事推进会。全区确定的12件民生实事已有9件提前完成。\n一、稳就业\n新增城镇就业1.2万人。"
)


def _key(item):
    if isinstance(item, InputError):
        return ("error", str(item), item.doc_id, item.source)
    return ("doc", item.id, item.source, item.blocks, item.title, item.meta)


def _corpus(path: Path, n: int, *, bad: bool = True) -> Path:
    """A JSONL corpus of ``n`` records built from the fixtures, with a malformed line, a blank
    line, a record without an id and one without text among them (when ``bad``)."""
    texts = [
        (FIXTURES / name).read_text(encoding="utf-8")
        for name in ("release_brackets.txt", "notice_numbered.txt", "regulation.txt", "wechat.md")
    ]
    lines = []
    for i in range(n):
        lines.append(json.dumps({"id": f"c{i}", "text": texts[i % len(texts)]}, ensure_ascii=False))
        if bad and i == 5:
            lines += ["{not json", "", json.dumps({"text": ARTICLE}, ensure_ascii=False), '{"id": "x"}']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --------------------------------------------------------------------------- splits


def test_splits_read_exactly_what_the_reader_reads(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("release_brackets.txt", "page.html", "notice_gb18030.txt", "guide.md"):
        shutil.copy(FIXTURES / name, folder / name)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "bin.txt").write_bytes(b"\x00\x01\x02" * 50)
    _corpus(folder / "c.jsonl", 20)
    bom = tmp_path / "bom.jsonl"  # a BOM, CRLF line ends, no newline at the end
    rows = [json.dumps({"text": f"第{i}条。{ARTICLE}"}, ensure_ascii=False) for i in range(9)]
    bom.write_bytes(codecs.BOM_UTF8 + "\r\n".join(rows).encode("utf-8"))
    gb = tmp_path / "gb.jsonl"
    gb.write_bytes("\n".join(rows).encode("gb18030") + b"\n")
    wide = tmp_path / "wide.jsonl"
    wide.write_bytes("\n".join(rows).encode("utf-16"))
    (tmp_path / "nothing").mkdir()
    paths = [
        str(folder),
        str(bom),
        str(gb),
        str(wide),
        str(tmp_path / "nothing"),
        "missing.txt",
        "./" + str(bom),
    ]
    expected = [_key(d) for d in iter_documents(paths, max_doc_bytes=4000)]
    for per in (1, 3, 64):
        splits = list(plan_splits(paths, docs_per_split=per))
        got = [_key(d) for s in splits for d in read_split(s, max_doc_bytes=4000)]
        assert got == expected, per
    corpus_ranges = [s for s in plan_splits(paths, docs_per_split=3) if s.corpus]
    assert {Path(s.corpus).name for s in corpus_ranges} == {
        "c.jsonl",
        "bom.jsonl",
        "gb.jsonl",
    }  # UTF-16: whole


def test_line_ranges_cover_the_file_in_whole_lines(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_bytes(b"a\nbb\n\nccc\nd")  # 5 lines, the last without a newline
    ranges = line_ranges(path, 2)
    assert ranges is not None
    assert [(r.start, r.stop, r.first_line) for r in ranges] == [(0, 5, 1), (5, 10, 3), (10, 11, 5)]
    assert line_ranges(path, 5) is None  # not more lines than one range: read whole


def test_parquet_corpus_reads_like_jsonl_and_splits_by_row_group(tmp_path):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    from pipeline.read.readers import iter_ids

    rows = [{"id": f"p{i}", "text": f"第{i}条。{ARTICLE}", "title": None} for i in range(7)]
    rows += [{"id": None, "text": ARTICLE, "title": "标题"}, {"id": "nt", "text": None, "title": None}]
    parquet, jsonl = tmp_path / "c.parquet", tmp_path / "c.jsonl"
    pq.write_table(pa.Table.from_pylist(rows), parquet, row_group_size=3)
    jsonl.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")

    def as_jsonl(key):  # the same document or error, named after the JSONL file
        return tuple(str(v).replace(str(parquet), str(jsonl)) if isinstance(v, str) else v for v in key)

    docs = [_key(d) for d in iter_documents([str(parquet)])]
    assert [as_jsonl(k) for k in docs] == [_key(d) for d in iter_documents([str(jsonl)])]
    assert docs[7][1] == f"{parquet}#8" and docs[8][0] == "error" and f"{parquet}:9" in docs[8][1]
    splits = list(plan_splits([str(parquet)], docs_per_split=2))
    assert [s.row_group for s in splits] == [0, 1, 2]
    assert [_key(d) for s in splits for d in read_split(s)] == docs
    assert [i for i, _, _ in iter_ids([str(parquet)])] == [*(f"p{i}" for i in range(7)), f"{parquet}#8", "nt"]


def test_standard_input_is_never_split():
    with pytest.raises(ValueError):
        list(plan_splits(["-"]))


# --------------------------------------------------------------------------- --workers


def _inputs(tmp_path: Path, n: int) -> list[str]:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("release_brackets.txt", "page.html", "newspaper_page.txt", "no_headlines.txt"):
        shutil.copy(FIXTURES / name, folder / name)
    (folder / "empty.txt").write_bytes(b"")
    return [str(folder), str(_corpus(tmp_path / "c.jsonl", n)), str(REPO / "examples")]


def test_workers_default_and_when_they_start(tmp_path, monkeypatch, capsys):
    from pipeline.scale import workers
    from pipeline.settings import resolve

    monkeypatch.setattr(workers, "cpu_count", lambda: 8)
    assert workers.worker_count(resolve({"model": "lead"})) == 8  # workers: 0 in default.yaml = per core
    assert workers.worker_count(resolve({"model": "lead", "workers": 3})) == 3
    # where a GPU is visible: one process for a seq2seq model (the GPU is its engine), one per core
    # for an extractive one (it never uses the GPU)
    monkeypatch.setattr(workers, "pick_device", lambda device: "cuda")
    assert workers.worker_count(resolve({"model": "lead"})) == 8
    assert workers.worker_count(resolve({"model": "textrank"})) == 8
    assert workers.worker_count(resolve({"model": "lead", "device": "cuda"})) == 8
    assert workers.worker_count(resolve({"model": "mt5-xlsum"})) == 1
    assert workers.worker_count(resolve({"model": "mt5-xlsum", "device": "cpu"})) == 8
    capsys.readouterr()
    assert (
        workers.worker_count(resolve({"model": "mt5-xlsum", "workers": 4})) == 4
    )  # as asked, with a warning
    assert "4 worker processes share one GPU" in capsys.readouterr().err
    assert workers.worker_count(resolve({"model": "lead", "workers": 4})) == 4
    assert capsys.readouterr().err == ""
    # far more workers than cores (--workers 100000 ran out of memory): four a core, with a warning
    assert workers.worker_count(resolve({"model": "lead", "workers": 100000})) == 32
    assert "--workers 100000 on 8 cores" in capsys.readouterr().err
    monkeypatch.undo()
    from pipeline.engine import devices

    monkeypatch.setattr(devices, "cpu_count", lambda: 8)
    monkeypatch.setattr(workers, "cpu_count", lambda: 8)
    assert workers.worker_settings(resolve({"model": "lead"}), 4).threads == 2
    settings = resolve({"model": "lead"})
    assert workers.parallel_plan(["-"], settings, []) is None
    assert workers.parallel_plan([str(REPO / "examples")], settings, []) is None  # one split: this process
    plan = workers.parallel_plan(_inputs(tmp_path, 100), settings, [])
    assert plan is not None and plan[0] == 8


def _summarize(args: list[str], out: Path, capsys) -> tuple[int, bytes]:
    rc = main(["summarize", *args, "--out", str(out), "-q"])
    capsys.readouterr()
    return rc, out.read_bytes()


def test_two_workers_write_what_one_writes_lead(tmp_path, capsys):
    paths = _inputs(tmp_path, 150)
    one = _summarize([*paths, "--model", "lead", "--workers", "1"], tmp_path / "one.jsonl", capsys)
    two = _summarize([*paths, "--model", "lead", "--workers", "2"], tmp_path / "two.jsonl", capsys)
    assert one[0] == two[0] == 1  # the empty file and the bad lines are error records in both
    assert one[1] == two[1]
    assert len(one[1].splitlines()) == 150 + 3 + 5 + 3  # corpus (+3 bad lines), folder, examples


@pytest.mark.slow
def test_two_workers_write_what_one_writes_seq2seq_and_resume(tmp_path, capsys, config_dir):
    paths = _inputs(tmp_path, 70)
    flags = ["--model", "tiny-bart"]
    one = _summarize([*paths, *flags, "--workers", "1"], tmp_path / "one.jsonl", capsys)
    two = _summarize([*paths, *flags, "--workers", "2"], tmp_path / "two.jsonl", capsys)
    assert one == two
    # resume: the first 40 lines kept, the rest (and the failed ones among the 40) done again
    part = tmp_path / "part.jsonl"
    part.write_bytes(b"".join(one[1].splitlines(keepends=True)[:40]))
    _, again = _summarize([*paths, *flags, "--workers", "2"], part, capsys)
    assert sorted(again.splitlines()) == sorted(one[1].splitlines())


# --------------------------------------------------------------------------- --ray without Ray


def test_ray_without_ray_installed_is_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray now raises ImportError
    rc = main(["summarize", str(REPO / "examples"), "--model", "lead", "--ray", "--out", str(tmp_path / "o")])
    assert rc == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("zhsum: error: --ray needs Ray Data") and "pip install 'zhsum[ray]'" in err


def test_parquet_needs_ray(tmp_path, capsys):
    rc = main(["summarize", str(REPO / "examples"), "--model", "lead", "--format", "parquet", "-q"])
    assert rc == 2 and "add --ray" in capsys.readouterr().err


# --------------------------------------------------------------------------- shards (no Ray needed)


def test_shards_round_trip_and_resume_compaction(tmp_path):
    pytest.importorskip("pyarrow")
    from pipeline.outputs.shards import ShardWriter, folder_resume_state, iter_records
    from pipeline.outputs.sinks import OutputError
    from pipeline.records import SectionSummary, SummaryRecord

    records = [
        SummaryRecord(f"d{i}", f"s{i}", "lead", False, "标题", "摘要。", (SectionSummary("一、", 1, "节。"),))
        for i in range(5)
    ] + [SummaryRecord("bad", "bad", "lead", False, error="bad: empty file")]
    lines = [json.dumps(r.to_json(), ensure_ascii=False) for r in records]
    for fmt in ("jsonl", "parquet"):
        folder = tmp_path / fmt
        folder.mkdir()
        writer = ShardWriter(folder, fmt, per_shard=4)
        writer.write(lines[:3])
        writer.write(lines[3:])
        writer.finish()
        assert len(writer.written) == 2
        assert list(iter_records(folder)) == records
        done = folder_resume_state(folder, fmt, "lead")
        assert len(done) == 5  # the failed record is dropped, to be retried
        assert [r.id for r in iter_records(folder)] == [f"d{i}" for i in range(5)]
        with pytest.raises(OutputError, match="model 'lead'"):
            folder_resume_state(folder, fmt, "textrank")


def test_ray_output_folder_checks(tmp_path, capsys):
    pytest.importorskip("ray")
    examples = str(REPO / "examples")
    a_file = tmp_path / "f.jsonl"
    a_file.write_text("", encoding="utf-8")
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine", encoding="utf-8")
    parquet = tmp_path / "pq"
    parquet.mkdir()
    (parquet / "part-1-00001.parquet").write_bytes(b"")
    cases = [
        (["--out", str(a_file)], "is a file"),
        (["--out", str(foreign)], "holds files zhsum did not write (notes.txt)"),
        (["--out", str(parquet)], "pass --format parquet"),
        ([], "pass --out FOLDER"),
        (["--out", str(tmp_path / "x"), "--format", "md"], "jsonl or parquet shards"),
    ]
    for flags, expect in cases:
        assert main(["summarize", examples, "--model", "lead", "--ray", *flags]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and expect in err, (flags, err)
    assert (foreign / "notes.txt").read_text(encoding="utf-8") == "mine"


# --------------------------------------------------------------------------- --ray on a local instance


@pytest.fixture(scope="module")
def ray_local():
    ray = pytest.importorskip("ray")
    import logging
    import os

    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    ray.init(
        num_cpus=2,
        object_store_memory=256 * 2**20,
        include_dashboard=False,
        logging_level=logging.ERROR,
        log_to_driver=False,
    )
    yield ray
    ray.shutdown()


@pytest.fixture
def small_batches(monkeypatch):
    """Many splits and actor batches from few documents."""
    from pipeline.scale import raydata

    monkeypatch.setattr(raydata, "MIN_SPLIT_DOCS", 16)
    monkeypatch.setattr(raydata, "MAX_SPLIT_DOCS", 16)
    monkeypatch.setattr(raydata, "ACTOR_BATCH", 8)


def _shards(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.glob("part-*.jsonl")))


@pytest.mark.slow
def test_ray_equals_local_with_lead(ray_local, small_batches, tmp_path, capsys):
    paths = _inputs(tmp_path, 60)
    local = _summarize([*paths, "--model", "lead", "--workers", "1"], tmp_path / "local.jsonl", capsys)
    rc = main(["summarize", *paths, "--model", "lead", "--ray", "--out", str(tmp_path / "ray"), "-q"])
    err = capsys.readouterr().err
    assert rc == local[0] == 1
    assert _shards(tmp_path / "ray") == local[1]  # the same records, byte for byte, in input order
    assert err.count("zhsum: error:") == local[1].count(b'"error": "')  # one line per failed document


@pytest.mark.slow
def test_ray_equals_local_with_a_seq2seq_model_and_parquet(
    ray_local, small_batches, tmp_path, capsys, config_dir
):
    from pipeline.outputs.shards import iter_records
    from pipeline.records import SummaryRecord

    paths = [str(FIXTURES), str(REPO / "examples")]
    local = _summarize([*paths, "--model", "tiny-bart", "--workers", "1"], tmp_path / "local.jsonl", capsys)
    assert (
        main(["summarize", *paths, "--model", "tiny-bart", "--ray", "--out", str(tmp_path / "ray"), "-q"])
        == local[0]
    )
    assert _shards(tmp_path / "ray") == local[1]
    out = tmp_path / "pq"
    assert (
        main(
            [
                "summarize",
                *paths,
                "--model",
                "tiny-bart",
                "--ray",
                "--out",
                str(out),
                "--format",
                "parquet",
                "-q",
            ]
        )
        == local[0]
    )
    expected = [SummaryRecord.from_json(json.loads(line)) for line in local[1].splitlines()]
    assert list(iter_records(out)) == expected


@pytest.mark.slow
def test_ray_resumes_after_an_interrupted_run(ray_local, small_batches, tmp_path, capsys, monkeypatch):
    from pipeline.outputs import shards

    paths = _inputs(tmp_path, 60)
    local = _summarize([*paths, "--model", "lead", "--workers", "1"], tmp_path / "local.jsonl", capsys)
    real_write = shards.ShardWriter.write
    calls = {"n": 0}

    def write_then_die(self, lines):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt  # the driver stops after two batches were written
        real_write(self, lines)

    monkeypatch.setattr(shards.ShardWriter, "write", write_then_die)
    out = tmp_path / "ray"
    assert main(["summarize", *paths, "--model", "lead", "--ray", "--out", str(out), "-q"]) == 130
    monkeypatch.setattr(shards.ShardWriter, "write", real_write)
    first = _shards(out)
    assert 0 < len(first.splitlines()) < len(local[1].splitlines())
    (next(out.glob("part-*.jsonl"))).open("ab").write(b'{"id": "torn')  # and a torn last line
    capsys.readouterr()
    assert main(["summarize", *paths, "--model", "lead", "--ray", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "already done" in err
    assert sorted(_shards(out).splitlines()) == sorted(local[1].splitlines())  # every document once


def test_a_failing_document_is_an_error_record_in_the_actor(monkeypatch):
    """The actor's code (run in-process here): a document whose summarization raises gets an error
    record; the others of its batch are summarized."""
    pa = pytest.importorskip("pyarrow")
    import pickle

    from pipeline.read.corpus import record_document
    from pipeline.read.document import Fields
    from pipeline.runner import to_job
    from pipeline.scale.raydata import Summarize
    from pipeline.settings import resolve

    actor = Summarize(resolve({"model": "lead"}), {})
    real = actor.pipeline.summarizer.summaries

    def fragile(texts, exclude=None):
        if any("有毒" in t for t in texts):
            raise RuntimeError("boom")
        return real(texts, exclude)

    monkeypatch.setattr(actor.pipeline.summarizer, "summaries", fragile)
    docs = [
        record_document({"id": f"d{i}", "text": ARTICLE + ("有毒。" if i == 1 else "")}, Fields(), "c", i)
        for i in range(3)
    ]
    table = actor(pa.table({"job": [pickle.dumps(to_job(d)) for d in docs]}))
    records = [json.loads(line) for line in table.column("line").to_pylist()]
    assert [r["id"] for r in records] == ["d0", "d1", "d2"]
    assert [r["error"] for r in records] == [
        None,
        "c:1 (id 'd1'): summarization failed: RuntimeError: boom",
        None,
    ]
    assert table.column("error").to_pylist() == [
        None,
        "c:1 (id 'd1'): summarization failed: RuntimeError: boom",
        None,
    ]
    assert records[0]["summary"] == records[2]["summary"] != ""


# --------------------------------------------------------------------------- stopping a run


def _children(pid: int) -> list[int]:
    """Live (not zombie) processes whose parent is ``pid`` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
@pytest.mark.parametrize("signame", ["SIGKILL", "SIGTERM"])
def test_no_worker_outlives_a_stopped_run(tmp_path, tiny_models, signame):
    import os
    import signal
    import subprocess
    import time

    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(2000):
        (folder / f"{i:05d}.txt").write_text(ARTICLE + f"第{i}条。\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    argv = [
        "summarize",
        str(folder),
        "--workers",
        "2",
        "--model",
        str(tiny_models["bart"]),
        "--out",
        str(out),
        "-q",
    ]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline", *argv], env=env, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 60
        while (
            len(_children(proc.pid)) < 3 and time.monotonic() < deadline
        ):  # 2 workers + the resource tracker
            time.sleep(0.05)
        time.sleep(1.0)  # the workers load the model and take splits
        children = _children(proc.pid)
        assert len(children) >= 3 and proc.poll() is None, "the run ended before it could be stopped"
        proc.send_signal(getattr(signal, signame))
        _, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    if signame == "SIGTERM":
        assert proc.returncode == 128 + signal.SIGTERM
        assert "stopped by SIGTERM" in err and "Traceback" not in err
        assert not (tmp_path / ".out.jsonl.lock").exists()
    deadline = time.monotonic() + 5
    while [c for c in children if _alive(c)] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [c for c in children if _alive(c)], "worker processes outlived the run"
    lines = out.read_text(encoding="utf-8").splitlines()
    assert all(json.loads(line)["id"] for line in lines)  # whole records only
