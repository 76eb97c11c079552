"""The fault suite: zhsum tried as a clumsy or hostile user would, through the real CLI.

Every case asserts the exit status, a one-line message without a traceback, that no file of the
user's was changed, and (where an output is written) that it holds every input id exactly once.
The kill -9 and concurrent-run cases run the CLI in subprocesses (marked slow).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.outputs.sinks import OutputLock
from tests.conftest import FIXTURES, REPO
from tests.helpers.cli import ids, one_line_error, refused, summarize

ARTICLE = "南湾区召开民生实事推进会。全区确定的12件民生实事已有9件提前完成。"


def corpus(path: Path, n: int, start: int = 0) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for i in range(start, start + n):
            f.write(json.dumps({"id": f"d{i}", "text": f"第{i}篇。{ARTICLE}"}, ensure_ascii=False) + "\n")
    return path


@pytest.fixture
def docs(tmp_path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in ("release_brackets.txt", "notice_numbered.txt", "page.html"):
        shutil.copy(FIXTURES / name, folder / name)
    return folder


# --------------------------------------------------------------------------- 1. output safety


def test_out_on_a_users_own_file_is_refused_and_untouched(docs, tmp_path, capsys):
    notes = tmp_path / "notes.txt"
    notes.write_text("我的笔记：明天开会。\n", encoding="utf-8")
    refused(capsys, docs, out=notes, expect="not zhsum's output", untouched=[notes])


def test_out_on_the_input_corpus_is_refused(tmp_path, capsys):
    data = corpus(tmp_path / "corpus.jsonl", 3)
    refused(capsys, data, out=data, expect="is also an input", untouched=[data])


def test_out_on_a_single_line_text_file_without_newline_is_refused(docs, tmp_path, capsys):
    draft = tmp_path / "draft.jsonl"
    draft.write_bytes("草稿".encode())  # no newline: must not be taken for a torn record and dropped
    assert summarize(docs, out=draft) == 2
    one_line_error(capsys, expect="not zhsum's output")
    assert draft.read_bytes() == "草稿".encode()


@pytest.mark.parametrize("fmt", ["md", "json"])
def test_whole_file_formats_refuse_foreign_files_and_replace_their_own(docs, tmp_path, capsys, fmt):
    out = tmp_path / f"report.{fmt}"
    out.write_text("# 我的文章\n", encoding="utf-8")
    assert summarize(docs, out=out) == 2
    one_line_error(capsys, expect="not zhsum's output")
    assert out.read_text(encoding="utf-8") == "# 我的文章\n"
    out.unlink()
    assert summarize(docs, out=out) == 0
    first = out.read_text(encoding="utf-8")
    assert summarize(docs, out=out) == 0, "our own file is replaced"
    assert out.read_text(encoding="utf-8") == first
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], (
        "no temporary or lock file left behind"
    )


@pytest.mark.parametrize(
    ("target", "expect"),
    [("folder", "is a folder"), ("missing/out.jsonl", "does not exist"), ("/proc/zhsum-out.jsonl", "")],
)
def test_unwritable_outputs_are_found_before_any_work(docs, tmp_path, capsys, target, expect):
    (tmp_path / "folder").mkdir()
    out = target if target.startswith("/") else str(tmp_path / target)
    assert summarize(docs, out=out) == 2
    one_line_error(capsys, expect=expect)


def test_out_inside_the_input_folder_is_never_read_as_input(docs, capsys):
    out = docs / "summaries.jsonl"
    assert summarize(docs, out=out) == 0
    assert summarize(docs, out=out) == 0
    assert sorted(ids(out)) == sorted(
        str(p) for p in docs.iterdir() if p.suffix != ".jsonl" and not p.name.startswith(".")
    )


def test_model_mismatch_is_refused(docs, tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    assert summarize(docs, out=out) == 0
    refused(
        capsys, docs, out=out, model="textrank", expect="holds summaries by model 'lead'", untouched=[out]
    )


# --------------------------------------------------------------------------- 2. lock and resume


def test_a_second_run_on_a_locked_output_stops_naming_the_holder(docs, tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    with OutputLock(out):
        assert summarize(docs, out=out) == 2
    one_line_error(capsys, expect=f"pid {os.getpid()}")
    assert not out.exists()
    assert summarize(docs, out=out) == 0, "the lock is released"


def test_duplicate_ids_among_inputs_are_an_error_up_front(tmp_path, capsys):
    a = corpus(tmp_path / "a.jsonl", 3)
    b = corpus(tmp_path / "b.jsonl", 2, start=2)  # d2 in both
    out = tmp_path / "out.jsonl"
    assert summarize(a, b, out=out) == 2
    line = one_line_error(capsys, expect=f"duplicate document ids: 'd2' ({a}:3 and {b}:1)")
    assert "--id-field" in line and "its own --out" in line and "give each input once" not in line
    assert not out.exists()


def test_duplicate_ids_in_one_corpus_name_both_lines_and_only_the_fixes_that_apply(tmp_path, capsys):
    """Two records of one corpus: their lines, and --id-field (two outputs cannot part them)."""
    c = tmp_path / "c.jsonl"
    c.write_text(
        "".join(json.dumps({"id": i, "text": ARTICLE}, ensure_ascii=False) + "\n" for i in "aba"), "utf-8"
    )
    assert summarize(c, out=tmp_path / "out.jsonl") == 2
    line = one_line_error(capsys, expect=f"duplicate document ids: 'a' ({c}:1 and {c}:3); ids must be unique")
    assert "--id-field" in line and "--out" not in line and "give each input once" not in line


def test_a_file_given_twice_is_not_told_to_set_id_field(tmp_path, capsys):
    """A plain file's id is its path: --id-field cannot help, giving it once does."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    assert summarize(folder, folder / "a.txt", out=tmp_path / "out.jsonl") == 2
    line = one_line_error(capsys, expect=f"'{folder / 'a.txt'}' ({folder / 'a.txt'}, given twice)")
    assert "give each input once" in line and "--id-field" not in line and "--out" not in line


def test_a_corpus_in_another_file_with_ids_the_output_holds_is_refused(tmp_path, capsys):
    """Ids are unique within an output: a corpus renamed or grown into another file, or another
    corpus numbered from 1 too, is refused in one line rather than doubled or skipped; the same
    file resumes. (An older output holding two corpora with the same ids keeps both.)"""
    a = corpus(tmp_path / "a.jsonl", 3)
    out = tmp_path / "out.jsonl"
    assert summarize(a, out=out) == 0
    before = out.read_bytes()
    grown = corpus(tmp_path / "b.jsonl", 5)  # the same three, then two more
    assert summarize(grown, out=out) == 2
    one_line_error(capsys, expect="the output already holds a record with the id 'd0'")
    assert out.read_bytes() == before
    corpus(a, 5)  # the same file, grown: resumed
    assert summarize(a, out=out) == 0
    assert sorted(json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()) == [
        f"d{i}" for i in range(5)
    ]


def test_an_older_output_holding_two_corpora_with_the_same_ids_keeps_both_on_resume(tmp_path):
    """Records written before the real path was kept (no ``path``), from two corpora numbered
    alike: resuming one of them deletes nothing of the other (cold review)."""
    out = tmp_path / "out.jsonl"
    for name in ("train.jsonl", "test.jsonl"):
        corpus(tmp_path / name, 2)
        assert summarize(tmp_path / name, out=tmp_path / f"{name}.out.jsonl") == 0
        with out.open("a", encoding="utf-8") as f:
            for line in (tmp_path / f"{name}.out.jsonl").read_text(encoding="utf-8").splitlines():
                record = json.loads(line)
                del record["path"]
                f.write(json.dumps(record, ensure_ascii=False) + "\n")
    corpus(tmp_path / "train.jsonl", 3)
    assert summarize(tmp_path / "train.jsonl", out=out) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted((r["id"], Path(r["source"]).name) for r in records) == sorted(
        [(f"d{i}", "train.jsonl") for i in range(3)] + [(f"d{i}", "test.jsonl") for i in range(2)]
    )


def test_resume_knows_a_file_however_its_path_is_given(tmp_path, monkeypatch):
    """A file given relative, then absolute, then from its own folder (a cron job and a manual run)
    is one document: the output holds it once. Each record keeps the file's real path."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        (folder / name).write_text(f"{name}。{ARTICLE}", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    monkeypatch.chdir(tmp_path)
    assert summarize("in/a.txt", "in/b.txt", out="out.jsonl") == 0
    assert summarize(folder / "a.txt", folder / "b.txt", out=out) == 0
    monkeypatch.chdir(folder)
    assert summarize("a.txt", "./b.txt", out=out) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["in/a.txt", "in/b.txt"]
    assert [r["path"] for r in records] == [str((folder / n).resolve()) for n in ("a.txt", "b.txt")]


def test_failed_documents_are_retried_and_replaced(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "bad.txt").write_bytes(b"")
    out = tmp_path / "out.jsonl"
    assert summarize(folder, out=out) == 1
    (folder / "bad.txt").write_text(ARTICLE, encoding="utf-8")
    assert summarize(folder, out=out) == 0
    assert sorted(ids(out)) == sorted([str(folder / "bad.txt"), str(folder / "good.txt")])
    assert all(json.loads(line)["error"] is None for line in out.read_text(encoding="utf-8").splitlines())


# --------------------------------------------------------------------------- 3. streaming and bad inputs


def test_bad_inputs_are_error_records_and_the_batch_goes_on(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "deep.html").write_text(
        "<div>" * 1500 + "<p>深层嵌套的正文。</p>" + "</div>" * 1500, encoding="utf-8"
    )
    (folder / "big.txt").write_text("大" * 8000, encoding="utf-8")
    (folder / "headlines.txt").write_text("一、总体要求\n二、主要任务\n", encoding="utf-8")
    (folder / "z.txt").write_text(ARTICLE, encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    out = tmp_path / "out.jsonl"
    done = threading.Event()
    result: list[int] = []

    def run() -> None:
        result.append(summarize(folder, out=out, flags=["--max-doc-bytes", "20000"]))
        done.set()

    threading.Thread(target=run, daemon=True).start()
    assert done.wait(60), "a FIFO among the inputs must not hang the run"
    assert result == [1]
    records = {Path(r["id"]).name: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert set(records) == {"a.txt", "deep.html", "big.txt", "headlines.txt", "z.txt", "pipe.txt"}
    assert records["a.txt"]["error"] is None and records["z.txt"]["error"] is None
    assert "larger than --max-doc-bytes" in records["big.txt"]["error"]
    assert "not a regular file (pipe it to standard input and pass -" in records["pipe.txt"]["error"]
    assert "no body text" in records["headlines.txt"]["error"]
    assert records["deep.html"]["error"] is None or "HTML" in records["deep.html"]["error"]
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("zhsum: error:") == sum(
        1 for r in records.values() if r["error"]
    )


def test_a_device_file_is_refused_without_reading_it(capsys):
    assert main(["segment", "/dev/zero"]) == 1
    one_line_error(capsys, expect="not a regular file")


def test_malformed_and_oversized_corpus_lines_are_error_records(tmp_path, capsys):
    data = tmp_path / "c.jsonl"
    data.write_text(
        json.dumps({"id": "ok", "text": ARTICLE}, ensure_ascii=False)
        + "\n{broken\n"
        + json.dumps({"id": "huge", "text": "长" * 3000}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    assert summarize(data, out=out, flags=["--max-doc-bytes", "2000"]) == 1
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["error"] is None for r in records] == [True, False, False]
    assert "malformed JSON" in records[1]["error"] and "longer than 2000 bytes" in records[2]["error"]


# --------------------------------------------------------------------------- 4. settings, checked up front


@pytest.mark.parametrize(
    ("flags", "expect"),
    [
        (["--batch-size", "0"], "--batch-size must be ≥ 1"),
        (["--batch-size", "-3"], "--batch-size must be ≥ 1"),
        (["--batch-tokens", "0"], "--batch-tokens must be ≥ 16"),
        (["--device", "banana"], "--device must be auto, cpu, cuda, cuda:N or mps"),
        (["--max-chars", "-1"], "--max-chars must be ≥ 0"),
        (["--num-beams", "0"], "--num-beams must be ≥ 1"),
        (["--max-new-tokens", "0"], "--max-new-tokens must be ≥ 1"),
    ],
)
def test_bad_flags_are_one_line_errors(docs, capsys, flags, expect):
    assert summarize(docs, flags=[*flags]) == 2
    one_line_error(capsys, expect=expect)


def test_environment_is_checked_like_flags(docs, capsys, monkeypatch):
    monkeypatch.setenv("ZHSUM_DEVICE", "tpu")
    assert summarize(docs) == 2
    one_line_error(capsys, expect="ZHSUM_DEVICE=tpu must be auto, cpu")
    monkeypatch.setenv("ZHSUM_DEVICE", "cpu")
    monkeypatch.setenv("ZHSUM_BATCH_TOKENS", "many")
    assert summarize(docs) == 2
    one_line_error(capsys, expect="ZHSUM_BATCH_TOKENS=many must be int")


@pytest.mark.parametrize(
    ("yaml", "expect"),
    [
        ("kind: seq2seq\nhub_id: a/b\ngeneration:\n  num_beams: 0\n", "'generation.num_beams' must be ≥ 1"),
        ("kind: textrank\nextractive:\n  damping: 7\n", "'extractive.damping' must be < 1"),
        (
            "kind: seq2seq\nhub_id: a/b\ngeneration:\n  min_new_tokens: 9\n  max_new_tokens: 4\n",
            "'generation.min_new_tokens' must not exceed max_new_tokens",
        ),
    ],
)
def test_validate_checks_values(tmp_path, capsys, yaml, expect):
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "x.yaml").write_text(
        "# Used by: zhsum summarize --model x\n" + yaml, encoding="utf-8"
    )
    assert main(["validate", str(tmp_path)]) == 1
    assert expect in capsys.readouterr().err


@pytest.mark.parametrize(("key", "value"), [("precision", "fp16"), ("device", "tpu"), ("engine", "onnx")])
def test_validate_checks_default_values(tmp_path, capsys, key, value):
    (tmp_path / "default.yaml").write_text(f"# Used by: zhsum summarize\n{key}: {value}\n", encoding="utf-8")
    assert main(["validate", str(tmp_path)]) == 1
    assert f"'{key}' must be" in capsys.readouterr().err


def test_default_yaml_device_is_honoured_by_the_cli(docs, tmp_path, capsys, monkeypatch):
    (tmp_path / "cfg").mkdir()
    (tmp_path / "cfg" / "default.yaml").write_text(
        "# Used by: zhsum summarize\ndevice: banana\n", encoding="utf-8"
    )
    monkeypatch.setenv("ZHSUM_CONFIG_DIR", str(tmp_path / "cfg"))
    assert summarize(docs) == 2
    one_line_error(capsys, expect="'device' must be auto, cpu")


# --------------------------------------------------------------------------- 5. model folders


BROKEN = {
    "truncated weights": (
        "model.safetensors",
        lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2]),
    ),
    "invalid config": ("config.json", lambda p: p.write_text("{not json", encoding="utf-8")),
    "invalid generation config": (
        "generation_config.json",
        lambda p: p.write_text("[1, 2", encoding="utf-8"),
    ),
    "missing weights": ("model.safetensors", lambda p: p.unlink()),
    "truncated spiece.model": ("spiece.model", lambda p: p.write_bytes(p.read_bytes()[:100])),
    "no tokenizer": ("spiece.model", lambda p: (p.unlink(), (p.parent / "tokenizer_config.json").unlink())),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_model_folders_are_one_line_naming_the_file(tiny_models, docs, tmp_path, capsys, case):
    folder = tmp_path / "model"
    shutil.copytree(tiny_models["mt5"], folder)
    name, breakage = BROKEN[case]
    breakage(folder / name)
    assert summarize(docs, model=str(folder)) == 2
    line = one_line_error(capsys, expect="zhsum models --guide")
    assert (name if case != "missing weights" else "weights") in line or "tokenizer" in line


def test_empty_vocab_is_refused(tiny_models, docs, tmp_path, capsys):
    folder = tmp_path / "bart"
    shutil.copytree(tiny_models["bart"], folder)
    (folder / "vocab.txt").write_text("", encoding="utf-8")
    assert summarize(docs, model=str(folder)) == 2
    one_line_error(capsys, expect="vocab.txt is empty")


@pytest.mark.parametrize(
    ("flags", "expect"),
    [
        (
            ["--engine", "ctranslate2", "--precision", "bf16"],
            "--precision bf16 is not a CTranslate2 precision",
        ),
        (
            ["--min-new-tokens", "9", "--max-new-tokens", "4"],
            "--min-new-tokens must not exceed max_new_tokens",
        ),
    ],
)
def test_bad_seq2seq_flags_are_one_line_errors(tiny_models, docs, capsys, flags, expect):
    """As :func:`test_bad_flags_are_one_line_errors`, for flags that only a seq2seq model checks."""
    assert summarize(docs, model=str(tiny_models["bart"]), flags=[*flags]) == 2
    one_line_error(capsys, expect=expect)


# --------------------------------------------------------------------------- 7. evaluate


def eval_data(path: Path, encoding: str = "utf-8") -> Path:
    rows = [{"id": f"e{i}", "text": f"第{i}篇。{ARTICLE}", "summary": f"第{i}篇民生实事"} for i in range(4)]
    path.write_bytes("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode(encoding))
    return path


def predictions(path: Path, text: str = "民生实事") -> Path:
    path.write_text(
        "".join(json.dumps({"id": f"e{i}", "summary": text}, ensure_ascii=False) + "\n" for i in range(4)),
        encoding="utf-8",
    )
    return path


def test_evaluate_repeated_flags_accumulate(tmp_path, capsys):
    data = eval_data(tmp_path / "d.jsonl")
    a, b = predictions(tmp_path / "a.jsonl"), predictions(tmp_path / "b.jsonl", "第0篇")
    assert (
        main(
            [
                "evaluate",
                "--data",
                str(data),
                "--predictions",
                f"a={a}",
                "--predictions",
                f"b={b}",
                "--models",
                "lead",
                "--models",
                "textrank",
                "--resamples",
                "10",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert all(f"| {name} |" in out for name in ("a", "b", "lead", "textrank"))


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16"])
def test_evaluate_reads_data_in_other_encodings(tmp_path, capsys, encoding):
    data = eval_data(tmp_path / "d.jsonl", encoding)
    assert main(["evaluate", "--data", str(data), "--models", "lead", "--resamples", "10"]) == 0


@pytest.mark.parametrize(
    ("extra", "expect"),
    [
        (["--resamples", "0"], "--resamples must be ≥ 1"),
        (["--limit", "0"], "--limit must be ≥ 1"),
        (["--predictions", "c/d=PRED", "--predictions", "c_d=PRED"], "share a file name"),
        (["--predictions", "x=PRED", "--predictions", "x=PRED"], "the same name"),
    ],
)
def test_evaluate_bad_arguments(tmp_path, capsys, extra, expect):
    data = eval_data(tmp_path / "d.jsonl")
    pred = predictions(tmp_path / "p.jsonl")
    extra = [e.replace("PRED", str(pred)) for e in extra]
    args = ["evaluate", "--data", str(data), *extra]
    if "--predictions" not in extra:
        args += ["--models", "lead"]
    assert main(args) == 2
    one_line_error(capsys, expect=expect)


def test_evaluate_out_on_an_existing_file_is_refused(tmp_path, capsys):
    data = eval_data(tmp_path / "d.jsonl")
    target = tmp_path / "report.txt"
    target.write_text("mine", encoding="utf-8")
    assert main(["evaluate", "--data", str(data), "--models", "lead", "--out", str(target)]) == 2
    one_line_error(capsys, expect="is a file")
    assert target.read_text(encoding="utf-8") == "mine"


def test_evaluate_all_empty_references_is_an_error(tmp_path, capsys):
    data = tmp_path / "d.jsonl"
    data.write_text(json.dumps({"id": "1", "text": ARTICLE, "summary": ""}) + "\n", encoding="utf-8")
    assert main(["evaluate", "--data", str(data), "--models", "lead"]) == 2
    one_line_error(capsys, expect="every reference summary")


def test_evaluate_markdown_table_escapes_names(tmp_path, capsys):
    data = eval_data(tmp_path / "d.jsonl")
    pred = predictions(tmp_path / "p.jsonl")
    assert (
        main(
            [
                "evaluate",
                "--data",
                str(data),
                "--predictions",
                f"a|b={pred}",
                "--out",
                str(tmp_path / "r"),
                "--resamples",
                "10",
            ]
        )
        == 0
    )
    report = (tmp_path / "r" / "report.md").read_text(encoding="utf-8")
    assert "| a\\|b |" in report


# --------------------------------------------------------------------------- 8. hygiene


def test_control_characters_never_reach_summaries_or_the_terminal(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("标题\u202e反转\n正文\x1b[31m红色\x07。第二句。", encoding="utf-8")
    (folder / "bad\x1b[2Jname.txt").write_bytes(b"")
    out = tmp_path / "out.md"
    assert summarize(folder, out=out) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\\x1b" in err
    text = out.read_text(encoding="utf-8")
    assert not any(c in text for c in "\x1b\x07\u202e")


def test_markdown_output_escapes_what_comes_from_documents(tmp_path, capsys):
    data = tmp_path / "c.jsonl"
    data.write_text(
        json.dumps(
            {"id": "x", "title": "标题\n## 注入 <img src=x onerror=alert(1)>", "text": ARTICLE},
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.md"
    assert summarize(data, out=out) == 0
    text = out.read_text(encoding="utf-8")
    assert "<img" not in text and "\n## 注入" not in text and "&lt;img" in text


# --------------------------------------------------------------------------- kill -9 and two runs at once


def _cli(*args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.slow
def test_kill_9_at_random_points_then_resume_loses_and_doubles_nothing(tmp_path):
    data = corpus(tmp_path / "c.jsonl", 6000)
    rng = random.Random(9)
    for run in range(3):
        out = tmp_path / f"out{run}.jsonl"
        for _ in range(3):
            proc = _cli("summarize", str(data), "--model", "lead", "--out", str(out), "-q")
            time.sleep(rng.uniform(0.8, 2.5))
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        proc = _cli("summarize", str(data), "--model", "lead", "--out", str(out), "-q")
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        got = ids(out)
        assert len(got) == len(set(got)) == 6000, f"run {run}: every id exactly once"


@pytest.mark.slow
def test_two_concurrent_runs_one_stops_at_once(tmp_path):
    data = corpus(tmp_path / "c.jsonl", 20000)
    out = tmp_path / "out.jsonl"
    first = _cli("summarize", str(data), "--model", "lead", "--out", str(out), "-q")
    lock = tmp_path / ".out.jsonl.lock"
    deadline = time.time() + 60
    while not lock.exists() and time.time() < deadline:
        time.sleep(0.05)
    second = _cli("summarize", str(data), "--model", "lead", "--out", str(out), "-q")
    _, err = second.communicate(timeout=60)
    assert second.returncode == 2 and f"pid {first.pid}" in err and "Traceback" not in err
    _, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    got = ids(out)
    assert len(got) == len(set(got)) == 20000


def test_resume_compacts_failed_duplicate_and_torn_records(tmp_path, capsys):
    data = corpus(tmp_path / "c.jsonl", 3)
    out = tmp_path / "out.jsonl"
    assert summarize(data, out=out) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    failed = json.loads(lines[1]) | {"summary": None, "sections": [], "error": "earlier failure"}
    out.write_text(
        "\n".join([lines[0], lines[0], json.dumps(failed, ensure_ascii=False), lines[2]])
        + "\n"
        + lines[1][:25],
        encoding="utf-8",
    )  # a duplicate, a failure and a torn last line
    assert summarize(data, out=out) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(r["id"] for r in records) == ["d0", "d1", "d2"] and all(r["error"] is None for r in records)


def test_html_output_is_one_page_and_refuses_foreign_pages(docs, tmp_path, capsys):
    out = tmp_path / "summaries.html"
    out.write_text("<html><body>my page</body></html>", encoding="utf-8")
    assert summarize(docs, out=out) == 2
    one_line_error(capsys, expect="not zhsum's output")
    out.unlink()
    assert summarize(docs, out=out) == 0
    page = out.read_text(encoding="utf-8")
    assert page.count('<meta name="generator" content="zhsum">') == 1 and "notice_numbered.txt" in page
    assert summarize(docs, out=out) == 0, "our own page is replaced"


# --------------------------------------------------------------------------- found by the hostile-user sweep


def test_a_single_json_line_without_newline_is_not_taken_for_a_torn_record(docs, tmp_path, capsys):
    data = tmp_path / "corpus.jsonl"
    data.write_text('{"id": "t1", "text": "我的数据。"}', encoding="utf-8")
    assert summarize(docs, out=data) == 2
    one_line_error(capsys, expect="not zhsum's output")
    assert data.read_text(encoding="utf-8") == '{"id": "t1", "text": "我的数据。"}'


def test_markdown_is_ours_only_with_our_marker_on_its_first_line(docs, tmp_path, capsys):
    notes = tmp_path / "notes.md"
    notes.write_text("# 我的笔记\n\n例子：`<!-- zhsum summaries · model lead -->`\n", encoding="utf-8")
    refused(capsys, docs, out=notes, expect="not zhsum's output", untouched=[notes])
    out = tmp_path / "ours.md"
    assert summarize(docs, out=out, model="textrank") == 0
    assert summarize(docs, out=out) == 2
    one_line_error(capsys, expect="holds summaries by model 'textrank'")


@pytest.mark.parametrize("fmt", ["jsonl", "md"])
def test_devices_and_fifos_are_never_replaced(docs, tmp_path, capsys, fmt):
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    for target in (str(fifo), "/dev/null"):
        assert summarize(docs, out=target, flags=["--format", fmt]) == 2
        one_line_error(capsys, expect="not a file")
    assert Path("/dev/null").is_char_device() and fifo.is_fifo()


def test_a_symlinked_out_writes_through_the_link_and_shares_its_lock(docs, tmp_path, capsys):
    real = tmp_path / "real.md"
    link = tmp_path / "link.md"
    assert summarize(docs, out=real) == 0
    link.symlink_to(real)
    assert summarize(docs, out=link) == 0
    assert link.is_symlink() and real.read_text(encoding="utf-8").startswith("<!-- zhsum summaries")
    with OutputLock(real):
        assert summarize(docs, out=link) == 2
    one_line_error(capsys, expect="being written by another zhsum run")


@pytest.mark.parametrize(("value", "expect"), [("", "--out is empty"), ("newdir/", "ends with '/'")])
def test_odd_out_values(docs, capsys, value, expect):
    assert summarize(docs, out=value) == 2
    one_line_error(capsys, expect=expect)


def test_out_dash_is_standard_output(docs, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert summarize(docs / "page.html", out="-") == 0
    assert json.loads(capsys.readouterr().out)["id"].endswith("page.html") and not (tmp_path / "-").exists()


def test_the_same_file_twice_is_refused(docs, capsys, monkeypatch):
    monkeypatch.chdir(docs)
    assert summarize("page.html", docs / "page.html") == 2
    one_line_error(capsys, expect="duplicate")


def test_resume_refuses_other_settings(tmp_path, capsys):
    data = corpus(tmp_path / "c.jsonl", 2)
    out = tmp_path / "out.jsonl"
    assert summarize(data, out=out) == 0
    assert summarize(data, out=out, flags=["--max-chars", "20"]) == 2
    one_line_error(capsys, expect="made with other settings (max_chars 0 → 20)")


def test_one_line_in_another_encoding_fails_alone(tmp_path, capsys):
    rows = [
        json.dumps({"id": f"d{i}", "text": f"第{i}篇。{ARTICLE}"}, ensure_ascii=False) + "\n"
        for i in range(200)
    ]
    data = tmp_path / "mixed.jsonl"
    data.write_bytes(b"".join(r.encode("gb18030" if i == 5 else "utf-8") for i, r in enumerate(rows)))
    out = tmp_path / "out.jsonl"
    assert summarize(data, out=out) == 1
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 200 and sum(r["error"] is not None for r in records) == 1


def test_piped_documents_are_told_apart_on_resume(tmp_path, monkeypatch, capsys):
    import io

    out = tmp_path / "out.jsonl"
    for text in ("南湾区召开会议。会议通报情况。", "青川市部署安全生产工作。各地要压实责任。"):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
        assert summarize("-", out=out) == 0
    assert len(set(ids(out))) == 2
    assert summarize("-", "-") == 2
    one_line_error(capsys, expect="given twice")


def test_piped_corpora_without_ids_are_told_apart_on_resume(tmp_path, monkeypatch):
    import io

    out = tmp_path / "out.jsonl"
    corpora = [
        ['{"text": "南湾区新增就业1.2万人。"}', '{"text": "东岭市改造老旧小区312个。"}'],
        ['{"text": "青川市部署冬季安全生产。"}', '{"text": "临溪镇推动古镇转型。"}'],
    ]
    for lines in [*corpora, corpora[0]]:  # the first corpus again at the end: already done
        data = ("\n".join(lines) + "\n").encode()
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
        assert summarize("-", out=out) == 0
    got = ids(out)
    assert len(got) == 4 == len(set(got)) and all(i.startswith("<stdin>#") for i in got)


def test_earlier_outputs_in_an_input_folder_are_skipped(docs, capsys):
    assert summarize(docs, out=docs / "a.jsonl") == 0
    assert summarize(docs, out=docs / "b.jsonl") == 0
    assert "skipped" in capsys.readouterr().err and len(ids(docs / "b.jsonl")) == 3


def test_a_model_folder_given_by_relative_path(tiny_models, docs, tmp_path, monkeypatch, capsys):
    shutil.copytree(tiny_models["bart"], tmp_path / "mymodel")
    monkeypatch.chdir(tmp_path)
    assert summarize(docs / "page.html", model="mymodel", flags=["--engine", "torch"]) == 0
    assert summarize(docs / "page.html", model="./mymodel", flags=["--engine", "torch"]) == 0


@pytest.mark.parametrize(
    ("extra", "expect"), [(["--seed", "-1"], "--seed must be ≥ 0"), (["--data", "x"], "given twice")]
)
def test_evaluate_more_bad_arguments(tmp_path, capsys, extra, expect):
    data = eval_data(tmp_path / "d.jsonl")
    assert main(["evaluate", "--data", str(data), "--models", "lead", *extra]) == 2
    one_line_error(capsys, expect=expect)


def test_evaluate_with_one_resample_and_folder_rules(tmp_path, capsys):
    data = eval_data(tmp_path / "d.jsonl")
    assert (
        main(
            [
                "evaluate",
                "--data",
                str(data),
                "--models",
                "lead",
                "--resamples",
                "1",
                "--out",
                str(tmp_path / "r"),
            ]
        )
        == 0
    )
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "report.md").write_text("my own report", encoding="utf-8")
    assert main(["evaluate", "--data", str(data), "--models", "lead", "--out", str(theirs)]) == 2
    one_line_error(capsys, expect="folder of other files")
    pred = tmp_path / "r" / "predictions" / "lead.jsonl"
    assert (
        main(["evaluate", "--data", str(data), "--predictions", f"mine={pred}", "--out", str(tmp_path / "r")])
        == 2
    )
    one_line_error(capsys, expect="which this run rewrites")


@pytest.mark.parametrize(
    "redirect, env, expect",
    [
        (">/dev/full", {}, "cannot write standard output (No space left on device)"),
        (">&-", {}, "standard output is closed"),
        ("", {"PYTHONIOENCODING": "ascii"}, "encoding (ascii) cannot hold Chinese"),
    ],
    ids=["disk-full", "closed", "ascii"],
)
@pytest.mark.parametrize("command", ["summarize", "segment"])
def test_standard_output_that_cannot_be_written_is_one_line(redirect, env, expect, command):
    import shlex

    argv = [sys.executable, "-m", "pipeline", command, str(REPO / "examples"), "--format", "md"]
    if command == "summarize":
        argv += ["--model", "lead", "-q"]
    shell = " ".join(map(shlex.quote, argv)) + f" {redirect}" + (" >/dev/null" if not redirect else "")
    proc = subprocess.run(
        ["bash", "-c", shell],
        env={**os.environ, "PYTHONPATH": str(REPO), **env},
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
    )
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and "Exception ignored" not in proc.stderr
    assert len(lines) == 1 and expect in lines[0], proc.stderr


def test_a_csv_cell_longer_than_the_csv_modules_default_is_read(tmp_path):
    """Python's csv module stops at 128 KB per cell; a record may be up to --max-doc-bytes."""
    long_text = ARTICLE * 4000  # about 140,000 characters, 420 KB
    data = tmp_path / "corpus.csv"
    data.write_text(f"id,text\nlong,{long_text}\nshort,{ARTICLE}\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert summarize(data, out=out) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["long", "short"] and not any(r["error"] for r in records)


# --------------------------------------------------------------------------- a damaged input is one error record


def _folder_with(tmp_path: Path, name: str, data: bytes) -> Path:
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    (folder / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / name).write_bytes(data)
    return folder


def _damaged_docx(tmp_path: Path) -> bytes:
    """A real .docx whose document.xml has a damaged deflate stream (zlib.error when read)."""
    import struct
    import zipfile

    import docx

    document = docx.Document()
    for _ in range(40):
        document.add_paragraph(ARTICLE * 3)
    path = tmp_path / "made.docx"
    document.save(str(path))
    info = zipfile.ZipFile(path).getinfo("word/document.xml")
    data = bytearray(path.read_bytes())
    name_len, extra_len = struct.unpack("<HH", data[info.header_offset + 26 : info.header_offset + 30])
    start = info.header_offset + 30 + name_len + extra_len + info.compress_size // 10
    data[start : start + 16] = bytes(b ^ 0xFF for b in data[start : start + 16])
    return bytes(data)


def _pdf_with_lying_page_count(tmp_path: Path) -> bytes:
    from reportlab.pdfgen import canvas

    path = tmp_path / "made.pdf"
    pdf = canvas.Canvas(str(path), pageCompression=0)
    pdf.drawString(72, 720, "Annual report 2025")
    pdf.showPage()
    pdf.save()
    return path.read_bytes().replace(b"/Count 1", b"/Count 5")


def _damaged_parquet(tmp_path: Path, at: float) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "made.parquet"
    rows = [{"id": f"p{i}", "text": f"第{i}篇。{ARTICLE}"} for i in range(200)]
    pq.write_table(pa.Table.from_pylist(rows), path, compression="none")
    data = bytearray(path.read_bytes())
    start = int(len(data) * at)
    data[start : start + 48] = bytes(b ^ 0x5A for b in data[start : start + 48])
    return bytes(data)


@pytest.mark.parametrize("workers", ["1", "2"])
@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("bad.docx", _damaged_docx),
        ("bad.pdf", _pdf_with_lying_page_count),
        ("bad_page.parquet", lambda tmp: _damaged_parquet(tmp, 0.3)),
        ("bad_footer.parquet", lambda tmp: _damaged_parquet(tmp, 0.9)),
    ],
)
def test_a_file_its_library_cannot_read_is_an_error_record_and_the_batch_goes_on(
    tmp_path, capsys, name, make, workers
):
    folder = _folder_with(tmp_path, name, make(tmp_path))
    out = tmp_path / "out.jsonl"
    assert summarize(folder, out=out, flags=["--workers", workers]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    good = [r for r in records if r["id"].endswith("good.txt")]
    assert len(good) == 1 and not good[0]["error"]
    assert any(r["error"] and name in r["id"] for r in records)
    assert len({r["id"] for r in records}) == len(records)


def test_unpaired_surrogates_in_a_corpus_are_replaced_and_ids_kept_apart(tmp_path, capsys):
    data = tmp_path / "c.jsonl"
    data.write_text(
        '{"id": "d1", "text": "南湾区\\ud800召开民生实事推进会。全区12件民生实事完成9件。"}\n'
        '{"id": "\\ud800", "text": "第二篇。' + ARTICLE + '"}\n'
        '{"id": "\\ud801", "text": "第三篇。' + ARTICLE + '"}\n',
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    assert summarize(data, out=out) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["d1", "\\ud800", "\\ud801"]
    assert "\ufffd" in records[0]["summary"] and "Traceback" not in capsys.readouterr().err


def test_a_file_name_that_is_not_utf8_is_read_and_named(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLE, encoding="utf-8")
    with open(os.fsencode(folder) + b"/\xff\xfe.txt", "wb") as f:
        f.write(("另一篇。" + ARTICLE).encode("utf-8"))
    out = tmp_path / "out.jsonl"
    assert summarize(folder, out=out) == 0
    assert sorted(ids(out)) == sorted([str(folder / "good.txt"), str(folder) + "/\\xff\\xfe.txt"])


def test_an_integer_id_too_long_for_python_is_an_error_record(tmp_path, capsys):
    data = tmp_path / "c.jsonl"
    data.write_text('{"id": ' + "9" * 5000 + ', "text": "x。"}\n{"id": "ok", "text": "' + ARTICLE + '"}\n')
    out = tmp_path / "out.jsonl"
    assert summarize(data, out=out) == 1
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert "write long numbers as strings" in records[0]["error"] and records[1]["id"] == "ok"
    assert "Traceback" not in capsys.readouterr().err


def test_a_docx_whose_text_unpacks_past_the_limit_is_refused_before_parsing(tmp_path):
    """A 400 MB document.xml (a zip bomb of repeated paragraphs) is an error record from the zip's
    directory alone (it reached 3 GB of memory when parsed)."""
    import zipfile

    from pipeline.read.docx import MAX_XML

    path = tmp_path / "in" / "bomb.docx"
    path.parent.mkdir()
    paragraph = b"<w:p><w:r><w:t>" + ARTICLE.encode() * 4 + b"</w:t></w:r></w:p>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(b"<w:document><w:body>")
            for _ in range(MAX_XML // (len(paragraph) * 1000) + 1):
                member.write(paragraph * 1000)
            member.write(b"</w:body></w:document>")
    (path.parent / "good.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert summarize(path.parent, out=out) == 1
    records = {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert "MiB of XML" in records[str(path)]["error"] and not records[str(path.parent / "good.txt")]["error"]


# --------------------------------------------------------------------------- files a user did not give


def test_a_planted_lock_link_is_never_followed(docs, tmp_path, capsys):
    victim = tmp_path / "victim.txt"
    victim.write_text("不要动我。\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    (tmp_path / ".out.jsonl.lock").symlink_to(victim)
    refused(capsys, docs, out=out, expect="is a symbolic link", untouched=[victim])


def test_two_hard_links_to_one_output_are_one_output(docs, tmp_path, capsys):
    from pipeline.outputs.sinks import OutputLock

    first = tmp_path / "a.jsonl"
    assert summarize(docs, out=first) == 0
    second = tmp_path / "b.jsonl"
    os.link(first, second)
    with OutputLock(first):
        assert summarize(docs, out=second) == 2
    one_line_error(capsys, expect="under another name (a hard link")


@pytest.mark.parametrize(
    ("name", "content"), [("o.jsonl", "\n\n\n"), ("o.jsonl", "  \n"), ("o.json", "[]"), ("o.json", "[ ]\n")]
)
def test_placeholder_files_are_not_zhsums_and_stay(docs, tmp_path, capsys, name, content):
    out = tmp_path / name
    out.write_text(content, encoding="utf-8")
    assert summarize(docs, out=out) == 2
    one_line_error(capsys, expect="not zhsum's output")
    assert out.read_text(encoding="utf-8") == content


def test_zhsums_own_empty_json_output_is_replaced(tmp_path, capsys):
    out = tmp_path / "o.json"
    out.write_text("[\n\n]\n", encoding="utf-8")
    assert summarize(FIXTURES / "release_brackets.txt", out=out) == 0


def test_an_output_deleted_during_the_run_is_an_error_not_success(tmp_path, capsys):
    from pipeline.outputs.sinks import JsonlWriter, OutputError

    out = tmp_path / "o.jsonl"
    writer = JsonlWriter(out)
    writer.write_lines(['{"id": "x"}'])
    out.unlink()
    with pytest.raises(OutputError, match="was deleted while zhsum was writing it"):
        writer.finish()


def test_duplicate_ids_on_stdin_stop_the_run_naming_the_line(tmp_path, capsys, monkeypatch):
    import io

    rows = [("d1", "A"), ("d2", "B"), ("d1", "C")]
    data = "".join(json.dumps({"id": i, "text": t + ARTICLE}, ensure_ascii=False) + "\n" for i, t in rows)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode("utf-8")), encoding="utf-8"))
    out = tmp_path / "o.jsonl"
    assert summarize("-", out=out) == 2
    one_line_error(capsys, expect="duplicate document id 'd1' on standard input (line 3)")
    assert len(set(ids(out))) == len(ids(out)), "nothing doubled"


def test_evaluate_out_as_a_dangling_link_is_refused_before_work(tmp_path, capsys):
    data = tmp_path / "d.jsonl"
    data.write_text(
        json.dumps({"id": "a", "text": ARTICLE, "summary": "民生实事"}, ensure_ascii=False) + "\n"
    )
    link = tmp_path / "L"
    link.symlink_to(tmp_path / "nowhere")
    assert main(["evaluate", "--data", str(data), "--models", "lead", "--out", str(link), "--quiet"]) == 2
    one_line_error(capsys, expect="is a link to nothing")


def test_a_folder_walk_says_what_it_cannot_enter(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLE, encoding="utf-8")
    deep = os.open(folder, os.O_RDONLY)
    try:
        for _ in range(18):  # nested past PATH_MAX (4096 bytes), made relative to an open folder
            os.mkdir("d" * 250, dir_fd=deep)
            inner = os.open("d" * 250, os.O_RDONLY, dir_fd=deep)
            os.close(deep)
            deep = inner
        fd = os.open("deep.txt", os.O_WRONLY | os.O_CREAT, dir_fd=deep)
        os.write(fd, ARTICLE.encode("utf-8"))
        os.close(fd)
    finally:
        os.close(deep)
    out = tmp_path / "out.jsonl"
    assert summarize(folder, out=out) == 0
    assert "longer than the system allows" in capsys.readouterr().err


def test_a_record_id_equal_to_a_file_given_is_a_duplicate(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("a.txt").write_text(ARTICLE, encoding="utf-8")
    Path("c.jsonl").write_text(json.dumps({"id": "a.txt", "text": ARTICLE}, ensure_ascii=False) + "\n")
    assert summarize("a.txt", "c.jsonl", out="o.jsonl") == 2
    one_line_error(capsys, expect="duplicate document ids: 'a.txt'")


@pytest.mark.parametrize("workers", ["1", "2"])
def test_damaged_row_groups_are_one_error_each_and_the_rest_is_read(tmp_path, capsys, workers):
    """Six row groups of 20 rows, two of them damaged: 80 records and 2 error records with ids of
    their own (SOURCE#ROW), the same in one process and with workers."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "c.parquet"
    rows = [{"id": f"p{i}", "text": f"第{i}篇。{ARTICLE}"} for i in range(120)]
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=20, compression="none")
    data = bytearray(path.read_bytes())
    meta = pq.ParquetFile(path).metadata
    for group in (1, 3):  # overwrite the start of the text column's data page of two groups
        start = meta.row_group(group).column(1).data_page_offset
        data[start : start + 24] = b"\xff" * 24
    path.write_bytes(bytes(data))
    out = tmp_path / "out.jsonl"
    assert summarize(path, out=out, flags=["--workers", workers]) == 1
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    errors = [r["id"] for r in records if r["error"]]
    assert errors == [f"{path}#21", f"{path}#61"] and len(records) == 82
    assert len({r["id"] for r in records}) == len(records)


def test_a_corpus_in_a_folder_whose_name_is_not_utf8_is_summarized(tmp_path, monkeypatch, capsys):
    """The real path a record keeps is written as a path's name is (bytes that are not UTF-8
    escaped): a folder named b'd\\xff' gave a UnicodeEncodeError traceback (cold review)."""
    folder = tmp_path / os.fsdecode(b"d\xff")
    folder.mkdir()
    corpus(folder / "c.jsonl", 2)
    monkeypatch.chdir(folder)
    assert summarize("c.jsonl", out=tmp_path / "out.jsonl") == 0
    assert summarize("c.jsonl") == 0
    assert "\\xff" in json.loads(capsys.readouterr().out.splitlines()[0])["path"]


def test_a_files_real_path_follows_the_current_folder(tmp_path, monkeypatch):
    from pipeline.read.document import real_path

    for name in ("c1", "c2"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "a.txt").write_text(ARTICLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "c1")
    assert real_path("a.txt") == str((tmp_path / "c1" / "a.txt").resolve())
    monkeypatch.chdir(tmp_path / "c2")
    assert real_path("a.txt") == str((tmp_path / "c2" / "a.txt").resolve())
    assert real_path("missing.txt") is None and real_path("<stdin>") is None


@pytest.mark.parametrize("workers", ["1", "2"])
def test_an_earlier_output_given_by_name_is_one_error(tmp_path, capsys, workers):
    """Its records hold summaries, not articles: one line for the file, not one per record (hostile
    sweep); its articles beside it are summarized. Over 64 documents runs in worker processes."""
    articles = corpus(tmp_path / "a.jsonl", 70)
    out = tmp_path / "out.jsonl"
    assert summarize(articles, out=out) == 0
    capsys.readouterr()
    assert summarize(out, articles, out=tmp_path / "again.jsonl", flags=["--workers", workers]) == 1
    line = one_line_error(capsys, expect="a zhsum output (summaries), not articles")
    assert line.startswith(f"zhsum: error: {out}:")
    assert len(ids(tmp_path / "again.jsonl")) == 71
