"""report.html and the summaries page, read with an HTML parser (no browser needed): structure, row
counts, per-document scores, marks, and that nothing from the data becomes markup."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

import lxml.html
import pytest

from pipeline.cli import main
from pipeline.records import SectionSummary, SummaryRecord
from pipeline.render.html import render_summaries_html

HOSTILE_ID = '<img src=x onerror=alert(1)>"\u202e</script>'
HOSTILE_TEXT = "</script><script>alert(2)</script><img src=x onerror=alert(3)>南湾区新增就业1.2万人。"


def write_jsonl(path: Path, rows) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def report_dir(tmp_path) -> Path:
    data = write_jsonl(
        tmp_path / "data.jsonl",
        [
            {"id": "a", "text": "今天天气很好。适合出门。", "summary": "今天天气很好"},
            {"id": "b", "text": "南湾区新增就业一万人。", "summary": ["南湾区新增就业", "完全无关"]},
            {"id": HOSTILE_ID, "text": HOSTILE_TEXT, "summary": "<b>新增就业</b>"},
        ],
    )
    good = write_jsonl(
        tmp_path / "good.jsonl",
        [
            {"id": "a", "summary": "今天天气"},
            {"id": "b", "summary": "南湾区新增就业"},
            {"id": HOSTILE_ID, "summary": "新增就业12000人</script><b>x</b>，增长百分之五十"},
        ],
    )
    other = write_jsonl(
        tmp_path / "other.jsonl",
        [
            {"id": "a", "summary": ""},
            {"id": "b", "summary": "南湾区新增就业3万人"},
            {"id": HOSTILE_ID, "summary": "\u202e就业"},
        ],
    )
    out = tmp_path / "report"
    args = ["evaluate", "--data", str(data), "--predictions", f"good={good}", f"o<th>er={other}"]
    assert main([*args, "--out", str(out), "--resamples", "50"]) == 0
    return out


def parse(path: Path):
    return lxml.html.fromstring(path.read_text(encoding="utf-8"))


def check_page_safety(raw: str, tree) -> dict:
    """Nothing from data became markup; the script runs only by its hash; the data block parses."""
    assert tree.xpath("//meta[@name='generator']/@content") == ["zhsum"]
    assert not tree.xpath("//img") and raw.count("<script") == 2
    assert not [a for el in tree.iter() if isinstance(el.tag, str) for a in el.attrib if a.startswith("on")]
    (policy,) = tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
    for kind, code in (
        ("script", tree.xpath("//script[not(@type)]")[0].text),
        ("style", tree.xpath("//style")[0].text),
    ):
        digest = base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode()
        assert f"{kind}-src 'sha256-{digest}'" in policy
    assert policy.startswith("default-src 'none';") and len(tree.xpath("//style")) == 1
    return json.loads(tree.xpath("//script[@id='zhsum-data']")[0].text)


def test_report_html_structure_scores_and_marks(report_dir):
    raw = (report_dir / "report.html").read_text(encoding="utf-8")
    tree = lxml.html.fromstring(raw)
    data = check_page_safety(raw, tree)
    assert data["models"] == ["good", "o<th>er"]
    assert [d["id"] for d in data["docs"]] == ["a", "b", HOSTILE_ID]

    # results: one row per model; the chart has one bar per model and metric
    assert len(tree.xpath("//table[@class='results']/tbody/tr")) == 2
    assert len(tree.xpath("//svg[@class='chart']//rect[@height]")) == 2 * 3 + 3  # bars + legend keys

    cards = tree.xpath("//div[@id='docs']/article[@class='doc']")
    assert len(cards) == 3
    for card in cards:
        assert len(card.xpath(".//div[contains(@class,'sum')]")) == 2
    assert len(cards[1].xpath(".//div[@class='box ref']")) == 2, "both references of b are shown"

    # per-document scores, by hand: "今天天气" vs "今天天气很好": R-1 P 4/4 R 4/6 F 80, R-2 P 3/3 R 3/5 F 75
    report = json.loads((report_dir / "report.json").read_text(encoding="utf-8"))
    doc_a = report["documents"][0]["models"]["good"]
    assert (doc_a["rouge-1"], doc_a["rouge-2"]["f"], doc_a["rouge-l"]["f"]) == (
        {"p": 100.0, "r": 66.67, "f": 80.0},
        75.0,
        80.0,
    )
    assert data["docs"][0]["f"] == [[80.0, 75.0, 80.0], [0.0, 0.0, 0.0]]
    assert report["documents"][1]["models"]["good"]["rouge-1"]["f"] == 100.0, "best of two references"
    assert report["documents"][1]["models"]["o<th>er"]["numbers_not_in_source"] == ["3万"]
    assert report["models"]["o<th>er"]["stats"]["docs_with_numbers_not_in_source"] == 1

    # unsupported numbers marked: 12000 = 1.2万 is supported, 百分之五十 is not
    hostile = cards[2]
    assert [m.text_content() for m in hostile.xpath(".//mark[contains(@class,'un')]")] == ["百分之五十"]
    assert data["docs"][2]["un"] == [True, False] and data["docs"][1]["un"] == [False, True]
    # copied spans: the source has 新增就业1.2万人 and </script><script>; 12000人 is not verbatim
    good_box = hostile.xpath(".//div[@data-m='0']//p")[0]
    assert [m.text_content() for m in good_box.xpath(".//mark[contains(@class,'cp')]")] == [
        "新增就业1",
        "</script><",
    ]
    assert good_box.text_content() == "新增就业12000人</script><b>x</b>，增长百分之五十"

    # hostile data is text, not markup; the id shows its direction control spelled out, isolated
    (h3,) = hostile.xpath(".//h3")
    assert h3.text_content() == HOSTILE_ID.replace("\u202e", "U+202E")
    assert h3.xpath("./bdi") and not hostile.xpath(".//b[text()='x']")
    assert hostile.xpath(".//details//p")[0].text_content() == HOSTILE_TEXT
    assert "o&lt;th&gt;er" in raw and "<th>er" not in raw


def test_empty_summary_and_source_headlines(tmp_path):
    text = "关于做好冬季安全工作的通知\n一、提高认识\n各地要提高认识。\n二、压实责任\n各部门要压实责任。"
    data = write_jsonl(tmp_path / "d.jsonl", [{"id": "n1", "text": text, "summary": "提高认识"}])
    preds = write_jsonl(tmp_path / "p.jsonl", [{"id": "n1", "summary": ""}])
    assert (
        main(["evaluate", "--data", str(data), "--predictions", f"m={preds}", "--out", str(tmp_path / "r")])
        == 0
    )
    tree = parse(tmp_path / "r" / "report.html")
    assert tree.xpath("//div[@data-m='0']//span[@class='empty']")
    src = tree.xpath("//details[@class='src']")[0]
    assert [p.text_content() for p in src.xpath(".//p[contains(@class,'s-h')]")] == [
        "一、提高认识",
        "二、压实责任",
    ]
    assert src.xpath(".//p[@class='s-title']")[0].text_content() == "关于做好冬季安全工作的通知"
    assert not tree.xpath("//select[@id='b']/option[2]"), "one model: nothing to compare"


def test_summaries_page(tmp_path):
    records = [
        SummaryRecord(
            id="r/a.txt",
            source="r/a.txt",
            model="lead",
            abstractive=False,
            title="南湾区民生实事",
            summary="南湾区新增城镇就业1.2万人。",
            sections=(
                SectionSummary("一、稳就业", 1, "新增城镇就业1.2万人"),
                SectionSummary("（一）招聘会", 2, "举办招聘会3万场"),
            ),
        ),
        SummaryRecord(
            id="r/a.txt", source="r/a.txt", model="mt5", abstractive=True, summary="就业一万二千人"
        ),
        SummaryRecord(id=HOSTILE_ID, source="x", model="lead", abstractive=False, error=HOSTILE_TEXT),
    ]
    sources = {"r/a.txt": "南湾区民生实事\n一、稳就业\n今年南湾区新增城镇就业1.2万人，举办招聘会46场。"}
    raw = render_summaries_html(records, sources)
    tree = lxml.html.fromstring(raw)
    data = check_page_safety(raw, tree)
    assert data == {
        "models": ["lead", "mt5"],
        "docs": [{"id": "r/a.txt", "un": [True, False]}, {"id": HOSTILE_ID, "un": [False, False]}],
    }
    cards = tree.xpath("//article[@class='doc']")
    assert len(cards) == 2 and len(cards[0].xpath(".//div[contains(@class,'sum')]")) == 2
    items = cards[0].xpath(".//ul[@class='sections']/li")
    assert [li.get("class") for li in items] == ["lv1", "lv2"]
    assert [m.text_content() for m in cards[0].xpath(".//mark[contains(@class,'un')]")] == ["3万"]
    assert cards[0].xpath(".//span[@class='title']")[0].text_content() == "南湾区民生实事"
    assert cards[1].xpath(".//p[@class='err']")[0].text_content() == "error: " + HOSTILE_TEXT
    assert not cards[1].xpath(".//details"), "no source given for that id"
    # without sources: nothing marked, no "numbers" filter
    plain = lxml.html.fromstring(render_summaries_html(records[:1]))
    assert not plain.xpath("//mark") and not plain.xpath("//input[@id='unsupported']")
    assert re.search(r"\b1 documents\b", plain.xpath("//span[@id='count']")[0].text_content())


def test_summaries_page_takes_the_document_that_was_read():
    from pipeline.read.document import Block, Document

    # markup headings (as an HTML or Markdown reader gives them) are kept; as plain text they would not be
    doc = Document(
        "p.html",
        "p.html",
        [Block("区里开会", 1, heading=1), Block("就业", 2, heading=2), Block("新增就业1.2万人。", 3)],
    )
    record = SummaryRecord(
        id="p.html", source="p.html", model="lead", abstractive=False, summary="新增就业1.2万人。"
    )
    tree = lxml.html.fromstring(render_summaries_html([record], {"p.html": doc}))
    src = tree.xpath("//details[@class='src']")[0]
    assert src.xpath("./summary")[0].text_content() == "Source (18 characters)"  # 4 + 1 + 2 + 1 + 10
    assert [p.text_content() for p in src.xpath(".//p[contains(@class,'s-h')]")] == ["就业"]
    assert [m.text_content() for m in tree.xpath("//div[@data-m='0']//mark")] == ["新增就业1.2万人。"]
