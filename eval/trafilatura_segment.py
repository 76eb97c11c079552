"""trafilatura alone, as a reference: its main-content output turned into ``zhsum segment --format jsonl``.

    python -m eval.trafilatura_segment ../shared/data/web_pages > /tmp/trafilatura.jsonl
    python -m eval.segment_score eval/expected/web_pages --predictions /tmp/trafilatura.jsonl
    python -m eval.trafilatura_segment --bold-heads ../shared/data/web_pages > /tmp/trafilatura_bold.jsonl

This is how the "trafilatura alone" rows of the issue #8 tables were made. The mapping is kept
as plain as possible so that the row measures the library, not this adapter:

* ``title``: trafilatura's metadata title (``with_metadata=True``);
* ``sections``: every ``<head>`` element of its XML output (``include_formatting=True``) opens a
  section; the level is the rank of its ``rend`` (``h1`` < ``h2`` < …) among the heads of the page.
  A head equal to the title is the title, not a section;
* with ``--bold-heads``, a paragraph that is wholly one bold run (``<p><hi rend="#b">…</hi></p>``,
  the way trafilatura keeps ``<strong>`` heads) opens a section too, one level below its ``<head>``
  levels: trafilatura's formatting output with the most generous reading of it;
* body: every ``<p>``, list ``<item>``, table ``<cell>``, ``<quote>`` and ``<code>`` text, one line
  each, into the lede or the current section;
* ``removed``: empty (trafilatura drops what it does not keep; it does not say what it was);
* ``ms``: the time trafilatura took on the page (parse and extract), for the scorer's ``ms`` column.

Options: ``fast=True`` (no fallback extractors), ``include_comments=False``, tables kept — the same
settings :mod:`pipeline.read.html` uses to find the content region.
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path
from typing import Any

_TEXT_TAGS = {"p", "item", "cell", "quote", "code"}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _bold_paragraph(el: Any) -> bool:
    """A ``<p>`` whose whole text is one ``<hi rend="#b">`` run."""
    if el.tag != "p" or len(el) != 1 or el[0].tag != "hi" or "b" not in str(el[0].get("rend") or ""):
        return False
    return not (el.text or "").strip() and not (el[0].tail or "").strip()


def trafilatura_segment(html: str, source: str, bold_heads: bool = False) -> dict[str, Any]:
    """One page in ``zhsum segment --format jsonl`` shape, from trafilatura's output alone."""
    import lxml.html
    import trafilatura

    root = lxml.html.document_fromstring(
        html.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8", huge_tree=True)
    )
    doc = trafilatura.bare_extraction(
        root, fast=True, include_comments=False, include_formatting=True, with_metadata=True
    )
    assert not isinstance(doc, dict)  # as_dict=False: a Document or None
    title = _norm(doc.title) if doc is not None and doc.title else None
    lede: list[str] = []
    sections: list[dict[str, Any]] = []
    if doc is not None and doc.body is not None:
        heads = [el for el in doc.body.iter("head")]
        rends = [*sorted({str(el.get("rend") or "h9") for el in heads}), "bold"]
        for el in doc.body.iter():
            if not isinstance(el.tag, str):
                continue
            text = _norm("".join(el.itertext()))
            if not text:
                continue
            if el.tag == "head" or (bold_heads and _bold_paragraph(el)):
                if text == title:
                    continue
                rend = str(el.get("rend") or "h9") if el.tag == "head" else "bold"
                sections.append({"headline": text, "level": rends.index(rend) + 1, "text": ""})
            elif el.tag in _TEXT_TAGS and not any(a.tag in _TEXT_TAGS for a in el.iterancestors()):
                if sections:
                    sec = sections[-1]
                    sec["text"] = f"{sec['text']}\n{text}" if sec["text"] else text
                else:
                    lede.append(text)
    return {
        "id": source,
        "source": source,
        "title": title,
        "subtitle": None,
        "lede": "\n".join(lede),
        "sections": sections,
        "removed": [],
    }


def main(argv: list[str] | None = None) -> int:
    from pipeline.read.decode import decode_bytes

    args = sys.argv[1:] if argv is None else argv
    bold_heads = "--bold-heads" in args
    args = [a for a in args if a != "--bold-heads"]
    if not args:
        print(
            "usage: python -m eval.trafilatura_segment [--bold-heads] PAGES_DIR_OR_FILES... > out.jsonl",
            file=sys.stderr,
        )
        return 2
    paths: list[Path] = []
    for arg in args:
        p = Path(arg)
        paths += sorted(p.glob("*.htm*")) if p.is_dir() else [p]
    times = []
    for path in paths:
        text, _ = decode_bytes(path.read_bytes(), str(path))
        start = time.perf_counter()
        record = trafilatura_segment(text, str(path), bold_heads)
        times.append(1000 * (time.perf_counter() - start))
        record["ms"] = round(times[-1], 1)
        print(json.dumps(record, ensure_ascii=False))
    times.sort()
    print(f"median {times[len(times) // 2]:.0f} ms/page over {len(times)} pages", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
