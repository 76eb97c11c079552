"""Output formats as a registry: every part of zhsum asks it, so a new format is one declaration."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.outputs import FORMATS, OutputFormat, names, output_format, register_format
from pipeline.outputs.sinks import DocumentWriter
from pipeline.records import RECORD_KEYS, SECTION_KEYS, SectionSummary, SummaryRecord, arrow_schema
from tests.conftest import FIXTURES, REPO
from tests.helpers.cli import refused, summarize


@pytest.fixture
def tsv_format():
    """A format that is not built in: id and summary per line."""
    fmt = register_format(
        OutputFormat(
            name="tsv",
            description="id and summary, tab-separated",
            suffixes=(".tsv",),
            recognize=lambda head: head.startswith("id\tsummary\n"),
            writer=lambda path, model, sources: DocumentWriter(
                path, "id\tsummary\n", "", lambda r, first: f"{r.id}\t{r.summary or ''}\n"
            ),
        )
    )
    yield fmt
    del FORMATS["tsv"]


def test_a_new_format_is_one_declaration(tsv_format, tmp_path):
    out = tmp_path / "out.tsv"
    assert output_format(out, None) == "tsv" and "tsv" in names(file=True)
    assert (
        main(
            ["summarize", str(FIXTURES / "release_brackets.txt"), "--model", "lead", "--out", str(out), "-q"]
        )
        == 0
    )
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "id\tsummary" and lines[1].endswith("。")
    # zhsum's tsv is recognized as its own: a JSONL run on it names the format that resumes it
    assert main(["summarize", str(FIXTURES / "release_brackets.txt"), "--model", "lead", "--out", str(out),
                 "--format", "jsonl", "-q"]) == 2  # fmt: skip


def test_every_part_asks_the_registry():
    assert names(file=True) == ["jsonl", "json", "md", "html"] and names(shards=True) == ["jsonl", "parquet"]
    assert output_format(Path("a.htm"), None) == "html" and output_format(Path("a.txt"), None) == "jsonl"
    assert output_format(None, None) == "jsonl"


def test_the_parquet_schema_follows_the_records():
    pytest.importorskip("pyarrow")
    record = SummaryRecord("a", "a", "lead", False, sections=(SectionSummary("一、", 1, "摘要。"),))
    data = record.to_json()
    assert tuple(data) == RECORD_KEYS and tuple(data["sections"][0]) == SECTION_KEYS
    schema = arrow_schema()
    assert schema.names == list(RECORD_KEYS)
    assert [f.name for f in schema.field("sections").type.value_type] == list(SECTION_KEYS)
    import pyarrow as pa

    assert pa.Table.from_pylist([data], schema=schema).to_pylist()[0] == json.loads(json.dumps(data))


def test_earlier_outputs_of_every_format_in_an_input_folder_are_skipped_not_summarized(tmp_path, capsys):
    """Outputs written into a folder that is later summarized again are recognized by their format
    (JSONL by its first record, md/json/html by their zhsum markers) and skipped with a warning; a
    JSONL corpus that opens like a record (``{"id": ...``) is still an input."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(
        (FIXTURES / "release_brackets.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (folder / "corpus.jsonl").write_text('{"id": "c1", "text": "一句话。第二句话。"}\n', encoding="utf-8")
    for suffix in ("jsonl", "md", "json", "html"):
        out = tmp_path / f"first.{suffix}"
        assert main(["summarize", str(folder / "a.txt"), "--model", "lead", "--out", str(out), "-q"]) == 0
        out.rename(folder / f"earlier.{suffix}")
    capsys.readouterr()
    out = tmp_path / "second.jsonl"
    assert main(["summarize", str(folder), "--model", "lead", "--out", str(out), "-q"]) == 0
    ids = sorted(json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines())
    assert ids == sorted([str(folder / "a.txt"), "c1"])
    err = capsys.readouterr().err
    assert all(f"earlier.{s}: a zhsum output, not an input" in err for s in ("jsonl", "md", "json", "html"))


def test_a_parquet_out_without_ray_is_refused_not_written_as_json_lines(tmp_path):
    from pipeline.outputs.base import output_format

    assert output_format(tmp_path / "x.parquet", None) == "parquet"  # refused later without --ray
    assert output_format(tmp_path / "x.md", None) == "md" and output_format(tmp_path / "x", None) == "jsonl"


def test_cli_out_parquet_without_ray_is_one_line_and_writes_nothing(tmp_path, capsys):
    from pipeline.cli import main

    (tmp_path / "a.txt").write_text("今天天气很好。我们去公园散步了。\n", encoding="utf-8")
    out = tmp_path / "x.parquet"
    assert main(["summarize", str(tmp_path / "a.txt"), "--model", "lead", "--out", str(out), "-q"]) == 2
    assert "writes Ray shards only" in capsys.readouterr().err and not out.exists()


def test_an_out_named_for_one_format_written_in_another_is_refused(tmp_path, capsys):
    """``--out x.jsonl --format md`` wrote Markdown under a JSON-lines name (hostile sweep); a name
    of no format's (``x.out``) takes any --format."""
    article = REPO / "examples" / "nanwan_release.txt"
    refused(capsys, article, out=tmp_path / "x.jsonl", flags=["--format", "md"], expect="give it a .md name")
    assert not (tmp_path / "x.jsonl").exists()
    assert summarize(article, out=tmp_path / "x.out", flags=["--format", "md"]) == 0
