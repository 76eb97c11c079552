"""report.html in a real browser (headless Debian Chromium through Selenium): the page after its
script ran. Skipped where /usr/bin/chromium or /usr/bin/chromedriver is absent (failed under CI)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pipeline.cli import main
from tests.conftest import REPO
from tests.helpers import browser

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True, scope="module")
def _chromium_here():
    """Skip where there is no browser; under CI (CI=true, where .ci/run installs it) fail instead,
    so a missing install step cannot pass as a skip."""
    why = browser.available()
    if why and os.environ.get("CI") == "true":
        pytest.fail(f"browser test under CI: {why}")
    if why:
        pytest.skip(why)


EVAL_SET = REPO / "eval" / "press_sections.jsonl"
HOSTILE_ID = '<img src=x onerror=alert(1)>"\u202e</script>'


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    """The team's eval set plus one hostile document; lead against edited references (numbers
    changed in two documents, so some summaries have numbers not in the source)."""
    root = tmp_path_factory.mktemp("browser")
    rows = [json.loads(line) for line in EVAL_SET.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows.append(
        {"id": HOSTILE_ID, "text": "</script><img src=x onerror=alert(2)>新增就业1.2万人。", "summary": "x"}
    )
    data = root / "data.jsonl"
    data.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    edited = []
    for r in rows:
        summary = r["summary"] if isinstance(r["summary"], str) else r["summary"][0]
        if r["id"] in ("ps-01", "ps-02"):
            summary += "，投资3亿元"
        edited.append({"id": r["id"], "summary": summary})
    preds = root / "edited.jsonl"
    preds.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in edited), encoding="utf-8")
    out = root / "report"
    args = ["evaluate", "--data", str(data), "--models", "lead", "--predictions", f"edited={preds}"]
    assert main([*args, "--out", str(out), "--resamples", "50"]) == 0
    return out


def visible_ids(driver) -> list[str]:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('article.doc:not([hidden])'), a => JSON.parse("
        "document.getElementById('zhsum-data').textContent).docs[+a.dataset.i].id)"
    )


def test_report_in_chromium_sorts_filters_and_logs_no_errors(report, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    full = json.loads((report / "report.json").read_text(encoding="utf-8"))
    documents, (a, b) = full["documents"], list(full["models"])  # A and B default to the first two
    assert {a, b} == {"lead", "edited"}
    ids = [d["id"] for d in documents]
    with browser.chromium(1280, 900) as driver:
        driver.get((report / "report.html").as_uri())
        assert driver.find_element(By.ID, "count").text == f"{len(ids)} of {len(ids)} documents"
        assert visible_ids(driver) == ids
        driver.save_screenshot(str(tmp_path / "report.png"))
        assert (tmp_path / "report.png").read_bytes()[:4] == b"\x89PNG"

        # sort by where the two models disagree most on ROUGE-L F (ties in file order)
        Select(driver.find_element(By.ID, "sort")).select_by_value("abs")
        f = {d["id"]: d["models"][a]["rouge-l"]["f"] - d["models"][b]["rouge-l"]["f"] for d in documents}
        expected = sorted(ids, key=lambda i: (-abs(f[i]), ids.index(i)))
        assert visible_ids(driver) == expected and expected != ids
        delta = driver.find_element(By.CSS_SELECTOR, "article.doc .delta").text
        top = expected[0]
        assert delta == f"{a} − {b} ROUGE-L F: {'+' if f[top] > 0 else '−'}{abs(f[top]):.1f}"

        # B better first on ROUGE-1
        Select(driver.find_element(By.ID, "metric")).select_by_visible_text("ROUGE-1 F")
        Select(driver.find_element(By.ID, "sort")).select_by_value("b")
        f1 = {d["id"]: d["models"][a]["rouge-1"]["f"] - d["models"][b]["rouge-1"]["f"] for d in documents}
        assert visible_ids(driver) == sorted(ids, key=lambda i: (f1[i], ids.index(i)))

        # filters: numbers not in the source (edited's two), by model, search by id
        driver.find_element(By.ID, "unsupported").click()
        assert sorted(visible_ids(driver)) == ["ps-01", "ps-02"]
        Select(driver.find_element(By.ID, "model")).select_by_visible_text("lead")
        assert visible_ids(driver) == [], "lead copies the source: no invented numbers"
        assert driver.find_element(By.ID, "count").text == f"0 of {len(ids)} documents"
        driver.find_element(By.ID, "unsupported").click()
        shown = [b for b in driver.find_elements(By.CSS_SELECTOR, "article.doc .sum") if b.is_displayed()]
        assert len(shown) == len(ids), "one summary per document: lead's"
        driver.find_element(By.ID, "q").send_keys("PS-1")
        assert sorted(visible_ids(driver)) == ["ps-10", "ps-11", "ps-12"]

        # nothing from the data ran or became markup
        assert driver.execute_script("return document.images.length") == 0
        errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        assert not errors, errors
