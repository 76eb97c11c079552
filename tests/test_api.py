"""The Python API's entry points (``pipeline/__init__.py``): a wrong argument says what to pass."""

from __future__ import annotations

import pytest

from pipeline import SummaryPipeline, iter_documents, segment, summarize
from tests.conftest import REPO


@pytest.mark.parametrize("value", [None, 123, b"\xe5\x8d\x97\xe6\xb9\xbe"])
def test_segment_and_summarize_refuse_what_is_not_text_saying_what_to_pass(value):
    with pytest.raises(TypeError, match=r"segment\(\) takes the article as text \(str\)"):
        segment(value)
    with pytest.raises(TypeError, match=r"summarize\(\) takes the article as text \(str\)") as raised:
        summarize(value, model="lead")
    assert ("decode the bytes first" in str(raised.value)) == isinstance(value, bytes)


def test_summarize_documents_refuses_strings_naming_summarize_text():
    with pytest.raises(TypeError, match=r"use summarize_text\(\)"):
        list(SummaryPipeline("lead").summarize_documents(["南湾区召开民生实事推进会。"]))


def test_iter_documents_takes_one_path_alone():
    one = REPO / "examples" / "nanwan_release.txt"
    assert [d.id for d in iter_documents(str(one))] == [d.id for d in iter_documents([str(one)])]
    assert [d.id for d in iter_documents(one)] == [str(one)]
