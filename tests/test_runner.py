"""The runner and tables: no model reads a table as prose; a section that is only a table gets no
summary, and its record says so."""

from __future__ import annotations

import pytest

from pipeline import SummaryPipeline
from pipeline.errors import ConfigError
from pipeline.read.document import Block, Document
from pipeline.records import SummaryRecord
from pipeline.summarizers.base import Summary

PROSE = "本市今年继续加大民生投入，全年一般公共预算支出安排情况如下。其中教育和社会保障支出增幅较大。"


def row(line: int, *cells: str) -> Block:
    return Block(" ".join(cells), line, table=1 if line < 20 else 2, cells=cells)


DOC = Document(
    "d",
    "d.docx",
    [
        Block(PROSE, 1),
        Block("一、支出总体情况", 2, heading=2),
        Block("全年支出比上年增长百分之五。", 3),
        row(4, "项目", "金额"),
        row(5, "一、教育支出", "712"),
        Block("二、支出明细", 20, heading=2),
        row(21, "二、社会保障支出", "305"),
    ],
    title="预算说明",
)


class Recording:
    """A summarizer that remembers what it was given and answers with its first sentence."""

    name = "recording"
    abstractive = True

    def __init__(self) -> None:
        self.seen: list[str] = []

    def summaries(self, texts, exclude=None):
        self.seen += texts
        return [Summary(t.split("。")[0] + "。" if t.strip() else "") for t in texts]


def test_tables_are_never_model_input_and_a_table_only_section_says_so():
    pipe = SummaryPipeline("lead")
    pipe.summarizer = recording = Recording()  # type: ignore[assignment]
    (record,) = pipe.summarize_documents([DOC])
    assert not any(cell in text for text in recording.seen for cell in ("712", "305", "教育支出"))
    first, second = record.sections
    assert (first.summary, first.tables, first.table_only) == ("全年支出比上年增长百分之五。", 1, False)
    assert (second.summary, second.tables, second.table_only) == ("", 1, True)
    back = SummaryRecord.from_json(record.to_json())
    assert back == record and back.sections[1].to_json()["tables"] == 1


def test_a_document_of_tables_alone_is_a_record_with_no_summary_not_an_error():
    from pipeline.render.markdown import record_markdown

    only = Document("t", "t.docx", [row(1, "项目", "金额"), row(2, "合计", "1017")])
    (record,) = SummaryPipeline("lead").summarize_documents([only])
    assert (record.error, record.summary, record.sections, record.tables) == (None, "", (), 1)
    assert "**摘要：** _(only tables: not summarized)_" in record_markdown(record)


def test_a_bad_keyword_setting_is_named_as_the_keyword():
    """The Python API's errors name the keyword (it read ``max_chars= must be ≥ 0``)."""
    with pytest.raises(ConfigError) as err:
        SummaryPipeline("lead", max_chars=-1)
    assert str(err.value) == "max_chars must be ≥ 0, got -1"
