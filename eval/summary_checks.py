"""Summaries an editor can publish, counted (``python -m eval.summary_checks``).

Runs the extractive models (``lead``, ``textrank``) with and without ``--max-chars`` over every
shared page and report (``../shared/data/web_pages*``, ``docs*``) and ``examples/``, and counts, per
configuration:

* ``mid_sentence``: summaries (article or section) that do not end a sentence (。！？!?… or such a
  mark followed by closing quotes/brackets); a summary marked ``truncated`` (one sentence longer
  than the budget, cut at a clause) is counted apart as ``truncated``;
* ``over_budget``: summaries longer than ``--max-chars`` (or the model's own budget: 120 characters
  for both);
* ``formulaic``: summaries holding a formulaic sentence (:func:`pipeline.summarizers.sentences.is_formulaic`:
  report openings and closings, 请予审议, 通知如下, 特此通知, salutations, addressees);
* ``pseudo_sections``: records whose only section has no headline and repeats the article summary;
* ``parent_repeats``: sections whose summary shares a sentence with one of their sub-sections'.

Documents a reader refuses (OFD, a garbled PDF) are counted as ``errors`` and otherwise skipped.
It also prints what a generating model reads (:func:`input_cost`): outline summaries from whole
subtrees against digests, each as a multiple of the leaf sections' text.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
FOLDERS = ("web_pages", "web_pages_2", "docs", "docs_2")
SENTENCE_END = re.compile(r"[。！？!?…]+[”’」』）)]*$")
CONFIGS = (("lead", 0), ("textrank", 0), ("lead", 100), ("textrank", 100), ("lead", 60))


def inputs() -> list[str]:
    paths = [str(p) for p in sorted((REPO / "examples").iterdir()) if p.is_file()]
    for folder in FOLDERS:
        root = SHARED / folder
        if root.is_dir():
            paths += [
                str(p)
                for p in sorted(root.iterdir())
                if p.suffix.lower() in (".html", ".docx", ".pdf", ".txt", ".ofd")
            ]
    return paths


def _sentences(text: str) -> list[str]:
    from pipeline.text import split_sentences

    return [s for s in split_sentences(text) if s.strip()]


def check(records: list[dict[str, Any]], max_chars: int) -> dict[str, int]:
    from pipeline.summarizers.sentences import is_formulaic

    counts = dict.fromkeys(
        ("documents", "errors", "summaries", "mid_sentence", "truncated", "over_budget", "formulaic",
         "pseudo_sections", "parent_repeats"), 0
    )  # fmt: skip
    for record in records:
        counts["documents"] += 1
        if record.get("error"):
            counts["errors"] += 1
            continue
        sections = record.get("sections") or []
        items = [(record.get("summary"), record.get("truncated", False))]
        items += [(s.get("summary"), s.get("truncated", False)) for s in sections]
        for text, truncated in items:
            if not text:
                continue
            counts["summaries"] += 1
            if truncated:
                counts["truncated"] += 1
            elif not SENTENCE_END.search(text):
                counts["mid_sentence"] += 1
            if max_chars and len(text) > max_chars:
                counts["over_budget"] += 1
            if any(is_formulaic(s) for s in _sentences(text)):
                counts["formulaic"] += 1
        if (
            len(sections) == 1
            and sections[0].get("headline") is None
            and sections[0]["summary"] == record.get("summary")
        ):
            counts["pseudo_sections"] += 1
        for section in sections:
            parent = section.get("parent")
            if parent is None or not sections[parent].get("summary") or not section.get("summary"):
                continue
            if set(_sentences(sections[parent]["summary"])) & set(_sentences(section["summary"])):
                counts["parent_repeats"] += 1
    return counts


def run(paths: list[str]) -> dict[str, dict[str, int]]:
    from pipeline.models import find_model
    from pipeline.read.readers import iter_documents
    from pipeline.runner import SummaryPipeline

    results = {}
    for model, max_chars in CONFIGS:
        pipe = SummaryPipeline(model, max_chars=max_chars)
        budget = max_chars or find_model(model).extractive.max_chars
        records = [r.to_json() for r in pipe.summarize_documents(iter_documents(paths))]
        label = f"--max-chars {max_chars}" if max_chars else f"its own budget ({budget})"
        results[f"{model}, {label}"] = check(records, budget)
    return results


def input_cost(paths: list[str]) -> dict[str, float]:
    """What a generating model reads, in characters, as a multiple of the documents' own text (the
    lede and each section's text, once: the leaf sections' cost), with the default article digest
    counted as the extra input it is: with every parent summarized from its whole subtree (how it
    was done before digests) and from its digest (now); over all documents, the worst one, and how
    many exceed :data:`pipeline.runner.INPUT_BOUND`. A document without headlines is read once (its
    article summary is its only one)."""
    from pipeline.read.readers import iter_documents
    from pipeline.runner import INPUT_BOUND, article_input, article_only, outline, own_chars, to_job

    own = subtree = digest = docs = over = 0
    worst = 0.0
    for item in iter_documents(paths):
        job = to_job(item)
        if job.seg is None or job.error:
            continue
        tree = outline(job.seg)
        article = article_input(job.seg, tree, "digest", INPUT_BOUND)
        sections = 0 if article_only(job.seg, article) else 1
        extra = len(article or "")
        doc_own = own_chars(job.seg)
        doc_digest = sections * sum(map(len, tree.digest)) + extra
        own += doc_own
        subtree += sections * sum(map(len, tree.subtree)) + extra
        digest += doc_digest
        docs += 1
        ratio = doc_digest / doc_own if doc_own else 1.0
        worst = max(worst, ratio)
        over += ratio > INPUT_BOUND
    return {
        "documents": docs,
        "subtree_vs_leaf": round(subtree / own, 3),
        "digest_vs_leaf": round(digest / own, 3),
        "worst_document_digest_vs_leaf": round(worst, 3),
        "documents_over_bound": over,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m eval.summary_checks", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--json", default=None, help="also write the counts here")
    args = parser.parse_args(argv)
    paths = inputs()
    cost = input_cost(paths)
    print("input of a generating model (characters, all documents):", json.dumps(cost))
    results = run(paths)
    keys = list(next(iter(results.values())))
    print(f"{len(paths)} inputs")
    print("| configuration | " + " | ".join(keys) + " |")
    print("|---|" + "---:|" * len(keys))
    for name, counts in results.items():
        print(f"| {name} | " + " | ".join(str(counts[k]) for k in keys) + " |")
    if args.json:
        Path(args.json).write_text(json.dumps({"input_cost": cost, **results}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
