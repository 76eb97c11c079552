"""``zhsum segment --format json`` writes as it goes, exactly as ``json.dumps(indent=2)`` would."""

from __future__ import annotations

import json

import pytest

from pipeline.cli.segment import JsonListing


@pytest.mark.parametrize("count", [0, 1, 2, 3])
@pytest.mark.parametrize("single", [True, False])
def test_the_listing_is_what_json_dumps_writes(capsys, count, single):
    results = [
        {"id": f"d{i}", "title": "标题", "sections": [{"headline": None, "text": "正文。"}]}
        for i in range(count)
    ]
    listing = JsonListing(single=single)
    for result in results:
        listing.add(result)
    listing.close(failed=0)
    out = capsys.readouterr().out
    if not count:
        assert out == ""
    else:
        expected = results[0] if count == 1 and single else results
        assert out == json.dumps(expected, ensure_ascii=False, indent=2) + "\n"


def test_results_are_written_as_they_come_not_held(capsys):
    listing = JsonListing(single=False)
    listing.add({"id": "a"})
    assert capsys.readouterr().out == "", "the first is held until a second shows a list is wanted"
    listing.add({"id": "b"})
    listing.add({"id": "c"})
    assert capsys.readouterr().out.count('"id"') == 3 and listing.first is None
