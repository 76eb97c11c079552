"""Output formats as a registry: every part of zhsum asks it, so a new format is one declaration."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.io.records import RECORD_KEYS, SECTION_KEYS, SectionSummary, SummaryRecord, arrow_schema
from pipeline.io.sinks import DocumentWriter
from pipeline.outputs import FORMATS, OutputFormat, names, output_format, register_format
from tests.conftest import FIXTURES


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
