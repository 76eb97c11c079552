"""zhsum summarize as a batch job: records, resume, error isolation, formats, Python API."""

from __future__ import annotations

import json
import shutil

import pytest

from pipeline import SummaryPipeline, segment, summarize
from pipeline.cli import main
from tests.conftest import FIXTURES


@pytest.fixture
def inputs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in (
        "release_brackets.txt",
        "notice_numbered.txt",
        "page.html",
        "no_headlines.txt",
        "newspaper_page.txt",
    ):
        shutil.copy(FIXTURES / name, folder / name)
    return folder


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_one_record_per_document_one_summary_per_section(inputs, tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    assert main(["summarize", str(inputs), "--model", "lead", "--out", str(out), "-q"]) == 0
    records = read_jsonl(out)
    assert len(records) == 5
    for record in records:
        assert set(record) == {
            "id",
            "source",
            "title",
            "model",
            "abstractive",
            "summary",
            "sections",
            "error",
        }
        assert record["error"] is None and record["model"] == "lead" and record["abstractive"] is False
        doc_segments = segment_file(record["source"])
        assert [(s["headline"], s["level"]) for s in record["sections"]] == [
            (s.headline, s.level) for s in doc_segments.sections
        ]
        assert record["summary"]


def segment_file(path):
    from pipeline.io.readers import iter_documents
    from pipeline.segment import segment as seg

    (doc,) = iter_documents([path])
    return seg(doc)


def test_extractive_sections_are_verbatim_source_sentences(inputs, tmp_path):
    out = tmp_path / "out.jsonl"
    main(["summarize", str(inputs / "release_brackets.txt"), "--model", "textrank", "--out", str(out), "-q"])
    (record,) = read_jsonl(out)
    text = (inputs / "release_brackets.txt").read_text(encoding="utf-8")
    for section in record["sections"]:
        assert section["summary"] and section["summary"] in text.replace("\n", "")


def test_bad_files_get_error_records_and_nonzero_exit(inputs, tmp_path, capsys):
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "scan.bin").write_bytes(bytes(range(256)) * 8)
    out = tmp_path / "out.jsonl"
    assert main(["summarize", str(inputs), "--model", "lead", "--out", str(out), "-q"]) == 1
    records = read_jsonl(out)
    assert len(records) == 7
    errors = {r["source"].rsplit("/", 1)[-1]: r["error"] for r in records if r["error"]}
    assert set(errors) == {"empty.txt", "scan.bin"}
    assert "empty file" in errors["empty.txt"] and "binary file" in errors["scan.bin"]
    err = capsys.readouterr().err
    assert err.count("zhsum: error:") == 2 and "Traceback" not in err


def test_rerun_skips_done_retries_failed_and_repairs_torn_line(inputs, tmp_path):
    out = tmp_path / "out.jsonl"
    (inputs / "empty.txt").write_bytes(b"")
    assert main(["summarize", str(inputs), "--model", "lead", "--out", str(out), "-q"]) == 1
    first = out.read_text(encoding="utf-8")
    assert main(["summarize", str(inputs), "--model", "lead", "--out", str(out), "-q"]) == 1
    records = read_jsonl(out)
    assert len(records) == 6, "done documents skipped, the failed one retried and replaced"
    assert sum(1 for r in records if r["error"]) == 1
    # Fix the bad input; simulate a killed run that left a torn line.
    (inputs / "empty.txt").write_text("补上的稿件正文。", encoding="utf-8")
    lines = first.splitlines(keepends=True)
    out.write_text("".join(lines[:3]) + lines[3][:25], encoding="utf-8")
    assert main(["summarize", str(inputs), "--model", "lead", "--out", str(out), "-q"]) == 0
    records = read_jsonl(out)
    assert len(records) == 6 and all(r["error"] is None for r in records)
    assert len({r["id"] for r in records}) == 6


def test_rerun_with_another_model_is_refused(inputs, tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    main(["summarize", str(inputs / "no_headlines.txt"), "--model", "lead", "--out", str(out), "-q"])
    assert (
        main(["summarize", str(inputs / "no_headlines.txt"), "--model", "textrank", "--out", str(out), "-q"])
        == 2
    )
    assert "holds summaries by model 'lead'" in capsys.readouterr().err


def test_seq2seq_run_end_to_end_with_tiny_model(inputs, tiny_models, tmp_path):
    out = tmp_path / "out.jsonl"
    rc = main(
        [
            "summarize",
            str(inputs),
            "--model",
            str(tiny_models["bart"]),
            "--out",
            str(out),
            "-q",
            "--max-new-tokens",
            "4",
        ]
    )
    assert rc == 0
    records = read_jsonl(out)
    assert len(records) == 5
    for record in records:
        assert record["abstractive"] is True and record["error"] is None
        assert len(record["sections"]) == len(segment_file(record["source"]).sections)


def test_formats_md_and_json(inputs, tmp_path, capsys):
    md = tmp_path / "out.md"
    assert (
        main(["summarize", str(inputs / "notice_numbered.txt"), "--model", "lead", "--out", str(md), "-q"])
        == 0
    )
    text = md.read_text(encoding="utf-8")
    assert "model `lead` (extractive)" in text and "**一、提高思想认识**" in text
    assert (
        main(["summarize", str(inputs / "notice_numbered.txt"), "--model", "lead", "--format", "json", "-q"])
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert isinstance(data, list) and data[0]["sections"][0]["headline"] == "一、提高思想认识"


def test_stdin_input(monkeypatch, capsys):
    import io
    import sys

    monkeypatch.setattr(
        sys, "stdin", io.TextIOWrapper(io.BytesIO("标题行\n\n第一句话。第二句话。第三句话。".encode()))
    )
    assert main(["summarize", "-", "--model", "lead", "-q"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["id"].startswith("stdin:") and record["summary"] == "第一句话。第二句话。"


def test_unknown_model_is_one_line_exit_2(inputs, capsys):
    assert main(["summarize", str(inputs), "--model", "leed"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "Did you mean 'lead'?" in err


def test_python_api(tiny_models):
    text = (FIXTURES / "release_brackets.txt").read_text(encoding="utf-8")
    record = summarize(text, model="lead")
    assert record.error is None and len(record.sections) == 3
    assert segment(text).sections[0].headline == "【稳就业】"
    pipe = SummaryPipeline(str(tiny_models["mt5"]), engine="torch", device="cpu")
    record = pipe.summarize_text(text)
    assert record.abstractive is True and len(record.sections) == 3 and record.summary


def test_article_summary_reduce_for_lead(inputs):
    record = summarize((inputs / "release_brackets.txt").read_text(encoding="utf-8"), model="lead")
    assert record.summary.startswith("11月18日，南湾区召开民生实事推进会"), (
        "lede first, then section summaries"
    )


def test_prepare_converts_once_then_summarize_is_warm(tiny_models, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ZHSUM_CACHE", str(tmp_path / "cache"))
    assert main(["prepare", "--model", str(tiny_models["mt5"])]) == 0
    out = capsys.readouterr().out
    assert out.startswith("ready: tiny-mt5 (abstractive, engine ctranslate2, precision int8, device cpu)")
    assert len(list((tmp_path / "cache" / "ct2").iterdir())) == 1
    assert main(["prepare", "--model", "lead"]) == 0
    assert capsys.readouterr().out.startswith("ready: lead (extractive)")


def test_outline_parents_summarize_their_subtree(tmp_path):
    from pipeline import summarize

    record = summarize((FIXTURES / "notice_numbered.txt").read_text(encoding="utf-8"), model="lead")
    by_head = {(s.headline or "").rstrip("。"): s for s in record.sections}
    parent = by_head["二、突出重点领域"]
    assert parent.summary, "a heading with no text of its own is summarized from its sub-sections"
    assert parent.summary.startswith(by_head["（一）道路交通安全"].summary[:10])
    index = {(s.headline or "").rstrip("。"): i for i, s in enumerate(record.sections)}
    assert by_head["（一）道路交通安全"].parent == index["二、突出重点领域"]
    assert by_head["1.严格值班制度"].parent == index["三、强化应急值守"] and parent.parent is None
    assert all(s.summary for s in record.sections)


@pytest.mark.parametrize("model", ["lead", "textrank"])
def test_max_chars_bounds_every_summary(model):
    from pipeline import summarize

    text = (FIXTURES / "notice_numbered.txt").read_text(encoding="utf-8")
    record = summarize(text, model=model, max_chars=40)
    assert record.summary and len(record.summary) <= 40
    assert all(0 < len(s.summary) <= 40 for s in record.sections)


def test_max_chars_bounds_abstractive_summaries(tiny_models):
    from pipeline import SummaryPipeline

    text = (FIXTURES / "notice_numbered.txt").read_text(encoding="utf-8")
    pipe = SummaryPipeline(
        str(tiny_models["mt5"]), engine="torch", device="cpu", max_chars=5, max_new_tokens=20
    )
    record = pipe.summarize_text(text)
    assert (
        record.error is None
        and all(len(s.summary) <= 5 for s in record.sections)
        and len(record.summary) <= 5
    )


def test_groups_fixed_for_extractive_and_growing_for_batching_models(monkeypatch):
    """Streaming groups: fixed size without ``grow``; with it (a model that batches), each group may
    be twice the one before, up to the maximum; every job in exactly one group, in order."""
    import pipeline.runner as runner
    from pipeline.runner import Job, groups

    monkeypatch.setattr(runner, "GROUP_SECTIONS", 10**6)
    monkeypatch.setattr(runner, "GROUP_DOCS", 4)
    monkeypatch.setattr(runner, "GROUP_SECTIONS_MAX", 10**6)
    monkeypatch.setattr(runner, "GROUP_DOCS_MAX", 16)
    jobs = [Job(f"d{i}", "s") for i in range(60)]
    fixed = list(groups(iter(jobs)))
    grown = list(groups(iter(jobs), grow=True))
    assert [len(g) for g in fixed] == [4] * 15
    assert [len(g) for g in grown] == [4, 8, 16, 16, 16]
    assert [j for g in grown for j in g] == jobs
