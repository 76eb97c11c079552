"""zhsum summarize as a batch job: records, resume, error isolation, formats, Python API."""

from __future__ import annotations

import json
import re
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
            "path",
            "title",
            "model",
            "settings",
            "abstractive",
            "summary",
            "truncated",
            "unsupported",
            "fallback",
            "sections",
            "tables",
            "error",
        }
        assert re.fullmatch(r"[0-9a-f]{12}", record["settings"])
        assert record["error"] is None and record["model"] == "lead" and record["abstractive"] is False
        doc_segments = segment_file(record["source"])
        expected = [(s.headline, s.level) for s in doc_segments.sections]
        assert [(s["headline"], s["level"]) for s in record["sections"]] == (
            [] if expected == [(None, 1)] else expected
        )
        assert record["summary"] and record["truncated"] is False and record["unsupported"] == []


def segment_file(path):
    from pipeline.read.readers import iter_documents
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
        seg = segment_file(record["source"])
        headless = len(seg.sections) == 1 and seg.sections[0].headline is None
        assert len(record["sections"]) == (0 if headless else len(seg.sections)), "no pseudo-section"
        assert (record["summary"] and record["unsupported"] == []) or isinstance(record["unsupported"], list)


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


@pytest.mark.parametrize("model", ["lead", "textrank"])
def test_outline_parents_do_not_repeat_their_sub_sections(model):
    from pipeline import summarize
    from pipeline.text import split_sentences

    record = summarize((FIXTURES / "notice_numbered.txt").read_text(encoding="utf-8"), model=model)
    index = {(s.headline or "").rstrip("。"): i for i, s in enumerate(record.sections)}
    by_head = {h: record.sections[i] for h, i in index.items()}
    assert by_head["（一）道路交通安全"].parent == index["二、突出重点领域"]
    assert (
        by_head["1.严格值班制度"].parent == index["三、强化应急值守"]
        and by_head["二、突出重点领域"].parent is None
    )
    for i, section in enumerate(record.sections):
        below = {s for c in record.sections if c.parent == i for s in split_sentences(c.summary)}
        assert not below & set(split_sentences(section.summary)), f"{section.headline} repeats a sub-section"
    # every sub-section's one sentence is its own summary: nothing is left for the heading above them
    assert by_head["二、突出重点领域"].summary == ""
    parents = {s.parent for s in record.sections}
    assert all(s.summary for i, s in enumerate(record.sections) if i not in parents), (
        "every leaf has a summary"
    )


def test_a_parent_is_summarized_from_a_digest_of_its_sub_sections():
    from pipeline.read.document import Document
    from pipeline.read.text import text_to_blocks
    from pipeline.runner import lead_in, outline
    from pipeline.segment import segment

    text = (FIXTURES / "notice_numbered.txt").read_text(encoding="utf-8")
    seg = segment(Document("n", "n", text_to_blocks(text)))
    tree = outline(seg)
    parent = next(i for i, s in enumerate(seg.sections) if (s.headline or "").startswith("二、"))
    kids = tree.children[parent]
    assert len(kids) == 3
    # own text (none) and the head of each child's first sentence: the digest; the subtree holds all of it
    heads = [lead_in(seg.sections[k].text) for k in kids]
    assert tree.digest[parent] == "\n".join(heads)
    assert all(
        0 < len(h) <= 40 and seg.sections[k].text.startswith(h) for h, k in zip(heads, kids, strict=True)
    )
    assert all(seg.sections[k].text in tree.subtree[parent] for k in kids)
    leaves = [i for i in range(len(seg.sections)) if not tree.children[i]]
    assert all(tree.digest[i] == seg.sections[i].text for i in leaves)


def _outlined(name):
    from pipeline.read.readers import iter_documents
    from pipeline.runner import outline, to_job

    (item,) = iter_documents([str(FIXTURES / name)])
    seg = to_job(item).seg
    return seg, outline(seg)


def test_the_article_digest_keeps_a_generating_models_input_within_the_bound():
    """What a generating model reads of a document (section digests and the article digest) stays
    within INPUT_BOUND of its own text on every fixture whose section digests leave room; the
    digest is the lede, then section heads in order."""
    from pipeline.runner import INPUT_BOUND, article_digest, headless, lead_in, own_chars

    checked = 0
    for path in sorted(FIXTURES.iterdir()):
        seg, tree = _outlined(path.name)
        if headless(seg):
            continue
        own = own_chars(seg)
        digest = article_digest(seg, tree)
        heads = [lead_in(s.text) for s in seg.sections if lead_in(s.text)]
        assert digest.startswith(seg.lede.strip()), path.name
        rest = digest[len(seg.lede.strip()) :].strip()
        parts = rest.split("\n") if rest else []
        assert parts == heads[: len(parts)], f"{path.name}: heads in document order"
        if sum(map(len, tree.digest)) + len(seg.lede) <= INPUT_BOUND * own:
            checked += 1
            assert sum(map(len, tree.digest)) + len(digest) <= INPUT_BOUND * own, path.name
    assert checked >= 8


def test_an_extractive_article_digest_keeps_whole_first_sentences():
    from pipeline.runner import article_digest

    seg, tree = _outlined("notice_numbered.txt")
    digest = article_digest(seg, tree, bound=None)
    assert digest.endswith("。") and all(s.text.split("。")[0] in digest for s in seg.sections if s.text)
    assert len(digest) > len(article_digest(seg, tree)), "the bounded digest is shorter"


def test_no_room_for_an_article_digest_takes_the_first_section_summary_with_text(tiny_models):
    """Two one-sentence sections and no lede: section digests are the whole text, no head fits, so
    the article summary is the first section summary that has text (no extra input)."""
    from pipeline.runner import article_digest, outline

    text = "一、概况\n……\n二、进展\n全区新增就业1.2万人。\n"
    seg = segment(text)
    assert article_digest(seg, outline(seg)) == ""
    pipe = SummaryPipeline(str(tiny_models["mt5"]), engine="torch", device="cpu")
    record = pipe.summarize_text(text)
    assert record.summary and record.summary == next(s.summary for s in record.sections if s.summary)


@pytest.mark.parametrize("model", ["lead", "textrank"])
def test_max_chars_bounds_every_summary(model):
    from pipeline import summarize

    text = (FIXTURES / "notice_numbered.txt").read_text(encoding="utf-8")
    record = summarize(text, model=model, max_chars=40)
    assert record.summary and len(record.summary) <= 40
    assert all(len(s.summary) <= 40 for s in record.sections)
    for s in [record, *record.sections]:
        text = s.summary
        assert not text or text.endswith(("。", "！", "？")) or (s.truncated and text.endswith("…"))


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


def test_an_output_written_before_truncated_and_unsupported_existed_resumes(inputs, tmp_path):
    out = tmp_path / "out.jsonl"
    assert main(["summarize", str(inputs), "--model", "lead", "--out", str(out), "-q"]) == 0
    old = []
    for record in read_jsonl(out)[:3]:  # as zhsum 0.2.0 wrote them
        record.pop("truncated"), record.pop("unsupported"), record.pop("fallback")
        for section in record["sections"]:
            section.pop("truncated"), section.pop("unsupported"), section.pop("fallback")
        old.append(json.dumps(record, ensure_ascii=False))
    out.write_text("\n".join(old) + "\n", encoding="utf-8")
    assert main(["summarize", str(inputs), "--model", "lead", "--out", str(out), "-q"]) == 0
    records = read_jsonl(out)
    assert len(records) == 5 and len({r["id"] for r in records}) == 5
    assert [("truncated" in r) for r in records] == [False, False, False, True, True]


def test_markdown_marks_cut_summaries_and_numbers_not_in_the_source():
    from pipeline.records import SectionSummary, SummaryRecord
    from pipeline.render.markdown import record_markdown

    record = SummaryRecord(
        "a", "a", "lead", False, "标题", "全年增长9%。", truncated=False, unsupported=("9%",),
        sections=(SectionSummary("一、概况", 1, "长句被截…", truncated=True),),
    )  # fmt: skip
    text = record_markdown(record)
    assert "**⚠ not in the source: 9%**" in text and "长句被截… _(cut to fit)_" in text


def test_lead_in_worked_by_hand():
    from pipeline.runner import lead_in

    assert lead_in("全区新增就业1.2万人。其余略。") == "全区新增就业1.2万人。"
    long = (
        "公安、交通运输部门要加强雨雪冰冻天气路面巡查，对桥梁、隧道、急弯陡坡等重点路段及时采取除冰防滑措施。"
    )
    assert (
        lead_in(long) == "公安、交通运输部门要加强雨雪冰冻天气路面巡查，"
    )  # the last clause mark within 40 (、 only lists)
    assert lead_in("甲" * 50 + "。") == "甲" * 40  # no clause mark: cut at the limit


def test_a_section_of_only_ellipses_does_not_fail_the_document():
    from pipeline import summarize

    record = summarize("一、概况\n……\n二、进展\n全区新增就业1.2万人。\n", model="lead")
    assert record.error is None and record.summary


def test_markdown_output_of_a_model_with_an_underscore_resumes(tmp_path, monkeypatch):
    (tmp_path / "cfg" / "models").mkdir(parents=True)
    (tmp_path / "cfg" / "models" / "lead_v1.yaml").write_text(
        "# Used by: tests\nkind: lead\n", encoding="utf-8"
    )
    monkeypatch.setenv("ZHSUM_CONFIG_DIR", str(tmp_path / "cfg"))
    out = tmp_path / "out.md"
    argv = [
        "summarize",
        str(FIXTURES / "release_brackets.txt"),
        "--model",
        "lead_v1",
        "--out",
        str(out),
        "-q",
    ]
    assert main(argv) == 0 and main(argv) == 0  # the second run recognizes its own file
    assert out.read_text(encoding="utf-8").startswith("<!-- zhsum summaries · model lead\\_v1 -->")


def test_no_progress_bar_when_stderr_is_a_file_and_errors_stand_on_their_own_lines(tmp_path, capsys):
    """A log file gets each error on its own line, no bar (hostile sweep: errors were glued to it)."""
    from pipeline.cli import main

    (tmp_path / "a.txt").write_text(
        "南湾区召开民生实事推进会。全区12件民生实事已有9件提前完成。", encoding="utf-8"
    )
    (tmp_path / "b.txt").write_bytes(b"")
    assert main(["summarize", str(tmp_path), "--model", "lead", "--out", str(tmp_path / "o.jsonl")]) == 1
    err = capsys.readouterr().err
    assert "doc/s" not in err and "\r" not in err
    assert all(line.startswith("zhsum: ") for line in err.splitlines() if line.strip())
