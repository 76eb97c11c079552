"""Score segmentation of real pages and documents against hand-written expectations.

    python -m eval.segment_score eval/expected/web_pages            # zhsum as it is now
    python -m eval.segment_score eval/expected/docs --data ../shared/data/docs
    python -m eval.segment_score eval/expected/web_pages --predictions other.jsonl   # any other method

Expectations (``eval/expected/README.md``) were written by reading each page before the segmenter
saw it. ``--predictions`` scores the output of another method or an older zhsum, given as JSON
lines in ``zhsum segment --format jsonl``'s shape (``source``, ``title``, ``lede``, ``sections``
with ``headline``/``level``/``text``, ``removed``): that is how the tables for trafilatura alone, the
old rules and gne in ``eval/BENCHMARKS.md`` were made.

Per page and overall (headline counts summed over pages):

* **headline precision / recall**: predicted headlines aligned to the expected ones in order
  (longest common subsequence of whitespace-free texts, trailing 。：: ignored);
* **levels**: the share of aligned headlines whose level is the expected one;
* **title**: the predicted title equals the expected one (or an accepted alternative);
* **set aside caught / missed**: an expected set-aside line is missed when a body line (lede,
  section text, headline or a table's row) equals it, or starts with it when it has 4 or more
  characters; a table's unit line and notes (``编制部门：… 单位：元``, ``注：本表为空表``) are
  held with the table, not summarized, and are not body lines;
* **body removed**: expected body paragraph starts that are not in the body text but are in what
  was set aside; **body missing**: in neither (dropped, or extracted differently);
* **chars lost**: characters of the page's visible text, read independently of zhsum (lxml for
  HTML with scripts and styles dropped, python-docx's API for .docx, pdfplumber for PDF; whitespace
  ignored, counted with multiplicity) that are in no output field (title, subtitle, lede, section
  kicker/headline/subtitle/text, table cells, removed). For ``--predictions`` the fields of the given lines are
  used, so a method that drops furniture without reporting it in ``removed`` loses those characters;
* **ms**: time to read and segment the page (wall clock; for ``--predictions``, the line's
  ``ms`` field when it has one).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "data"


def norm(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


def head_key(text: str | None) -> str:
    return norm(text).rstrip("。：:．.")


# --------------------------------------------------------------------------- predictions


def zhsum_prediction(path: Path) -> tuple[dict[str, Any], float, int | None]:
    """zhsum's segmentation of ``path`` as a dict, the milliseconds it took, and characters lost."""
    from pipeline.errors import InputError
    from pipeline.read.readers import read_file
    from pipeline.segment import segment

    start = time.perf_counter()
    items = list(read_file(path))
    doc = next((d for d in items if not isinstance(d, InputError)), None)
    if doc is None:  # refused (a garbled text layer, say): scored as finding nothing, every character lost
        print(f"note: {items[0]}", file=sys.stderr)
        empty: dict[str, Any] = {"title": None, "sections": [], "removed": [], "lede": ""}
        return empty, 1000 * (time.perf_counter() - start), chars_lost(path, empty)
    seg = segment(doc)
    ms = 1000 * (time.perf_counter() - start)
    return seg.to_dict(), ms, chars_lost(path, seg.to_dict())


def docx_text(path: Path) -> str:
    """A .docx file's text through python-docx's own API (body paragraphs, table cells, headers and
    footers), independently of zhsum's reader. Text boxes are not in that API, so they are not
    counted here."""
    import docx

    document = docx.Document(str(path))
    parts: list[str] = []

    def story(container: Any) -> None:
        for paragraph in container.paragraphs:
            parts.append(paragraph.text)
        for tbl in container.tables:
            seen: set[int] = set()
            for row in tbl.rows:
                for cell in row.cells:
                    if id(cell._tc) not in seen:  # a merged cell is listed once per grid column
                        seen.add(id(cell._tc))
                        story(cell)

    story(document)
    done: set[int] = set()
    for section in document.sections:
        for part in (
            section.header,
            section.footer,
            section.first_page_header,
            section.first_page_footer,
            section.even_page_header,
            section.even_page_footer,
        ):
            if not part.is_linked_to_previous and id(part.part) not in done:
                done.add(id(part.part))
                story(part)
    return "\n".join(parts)


def pdf_text(path: Path) -> str:
    """A PDF's text as pdfplumber (pdfminer.six) extracts it, independently of zhsum's reader (PDFium)."""
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:  # a glyph printed over itself counts once, as in PDFium
        return "\n".join(page.dedupe_chars().extract_text() or "" for page in pdf.pages)


def ofd_text(path: Path) -> str:
    """An OFD file's text: every ``TextCode`` of every page's content, read with zipfile and lxml
    (independently of zhsum's reader; the order does not matter for counting characters)."""
    import zipfile

    from lxml import etree

    parts: list[str] = []
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.endswith("Content.xml"):
                root = etree.fromstring(zf.read(name))
                parts += [node.text or "" for node in root.iter("{*}TextCode")]
    return "\n".join(parts)


def visible_text(path: Path) -> str | None:
    """The page's or document's visible text, read independently of zhsum's readers."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return docx_text(path)
    if suffix == ".pdf":
        return pdf_text(path)
    if suffix == ".ofd":
        return ofd_text(path)
    if suffix not in (".html", ".htm"):
        return None
    import lxml.html

    from pipeline.read.decode import decode_bytes

    text, _ = decode_bytes(path.read_bytes(), str(path))
    # A browser reads on past a stray ``</body>`` or ``</html>`` (a server-side include's own end
    # tags before the article); libxml2 stops there, so they are dropped first.
    text = re.sub(r"</(?:html|body)\s*>", "", text, flags=re.I)
    root = lxml.html.document_fromstring(text.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    for bad in root.xpath("//script|//style|//noscript|//template|//head|//svg|//iframe|//object|//canvas"):
        bad.drop_tree()
    return root.text_content()


def accounted_text(pred: dict[str, Any]) -> str:
    parts = [pred.get("title"), pred.get("subtitle"), pred.get("lede")]
    for s in pred.get("sections", []):
        parts += [s.get("headline"), s.get("kicker"), s.get("subtitle"), s.get("text")]
    parts += [r.get("text") for r in pred.get("removed", [])]
    for t in pred.get("tables", []):
        parts += [*t.get("caption", []), *(cell for row in t["rows"] for cell in row), *t.get("notes", [])]
    return "".join(p for p in parts if p)


def chars_lost(path: Path, pred: dict[str, Any]) -> int | None:
    visible = visible_text(path)
    if visible is None:
        return None
    have = Counter(norm(accounted_text(pred)))
    want = Counter(norm(visible))
    return sum((want - have).values())


# --------------------------------------------------------------------------- scoring


def align(pred: list[str], exp: list[str]) -> list[tuple[int, int]]:
    """Index pairs of the longest common subsequence of two lists of keys."""
    n, m = len(pred), len(exp)
    table = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            table[i][j] = (
                table[i + 1][j + 1] + 1 if pred[i] == exp[j] else max(table[i + 1][j], table[i][j + 1])
            )
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        if pred[i] == exp[j]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


@dataclass
class PageScore:
    name: str
    title_ok: bool
    pred_heads: int
    exp_heads: int
    matched: int
    level_ok: int
    set_aside: int
    caught: int
    body: int
    body_found: int
    body_removed: int
    chars_lost: int | None
    ms: float | None
    missed_lines: list[str] = field(default_factory=list)
    false_heads: list[str] = field(default_factory=list)
    missed_heads: list[str] = field(default_factory=list)
    removed_body: list[str] = field(default_factory=list)
    title: str | None = None
    table_heads: int = 0  # predicted headlines that are rows of a table (the expectation's table_rows_sample)


def score_page(
    name: str, exp: dict[str, Any], pred: dict[str, Any], ms: float | None, lost: int | None
) -> PageScore:
    titles = {norm(exp["title"]), *(norm(t) for t in exp.get("title_alternatives") or [])}
    pred_heads = [(s.get("headline"), s.get("level")) for s in pred.get("sections", []) if s.get("headline")]
    exp_heads = [(h["text"], h["level"]) for h in exp.get("headlines", [])]
    pairs = align([head_key(h) for h, _ in pred_heads], [head_key(h) for h, _ in exp_heads])
    matched_pred = {i for i, _ in pairs}
    matched_exp = {j for _, j in pairs}
    level_ok = sum(1 for i, j in pairs if pred_heads[i][1] == exp_heads[j][1])

    body_lines = [norm(line) for line in (pred.get("lede") or "").splitlines()]
    for s in pred.get("sections", []):
        body_lines += [norm(s.get("headline"))] + [norm(line) for line in (s.get("text") or "").splitlines()]
    for t in pred.get("tables", []):  # a table's rows are body; its unit line and notes are the table's
        body_lines += [norm(" ".join(r)) for r in t["rows"]]
    body_lines = [b for b in body_lines if b]
    body_blob = "".join(body_lines)
    removed_blob = "".join(norm(r.get("text")) for r in pred.get("removed", []))

    missed = []
    for item in exp.get("set_aside", []):
        key = norm(item["text"])
        if any(b == key or (len(key) >= 4 and b.startswith(key)) for b in body_lines):
            missed.append(item["text"])
    found = removed = 0
    removed_body = []
    for start in exp.get("body_starts", []):
        key = norm(start)
        if key in body_blob:
            found += 1
        elif key in removed_blob:
            removed += 1
            removed_body.append(start)
    return PageScore(
        name=name,
        title_ok=norm(pred.get("title")) in titles,
        pred_heads=len(pred_heads),
        exp_heads=len(exp_heads),
        matched=len(pairs),
        level_ok=level_ok,
        set_aside=len(exp.get("set_aside", [])),
        caught=len(exp.get("set_aside", [])) - len(missed),
        body=len(exp.get("body_starts", [])),
        body_found=found,
        body_removed=removed,
        chars_lost=lost,
        ms=ms,
        missed_lines=missed,
        false_heads=[h for k, (h, _) in enumerate(pred_heads) if k not in matched_pred],
        missed_heads=[h for k, (h, _) in enumerate(exp_heads) if k not in matched_exp],
        removed_body=removed_body,
        title=pred.get("title"),
        table_heads=sum(1 for h, _ in pred_heads if _is_table_row(h, exp.get("table_rows_sample") or [])),
    )


def _is_table_row(head: str | None, rows: list[str]) -> bool:
    key = norm(head)
    return bool(key) and any(
        norm(r).startswith(key) or (len(key) >= 6 and key.startswith(norm(r))) for r in rows
    )


def ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "-"


def table(scores: list[PageScore]) -> str:
    lines = [
        "| page | title | headlines P | R | levels | set aside caught | body found | body removed | chars lost | ms |",
        "|---|:-:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in scores:
        lines.append(
            f"| {s.name} | {'✓' if s.title_ok else '✗'} | {ratio(s.matched, s.pred_heads)} | {ratio(s.matched, s.exp_heads)} | "
            f"{ratio(s.level_ok, s.matched)} | {s.caught}/{s.set_aside} | {s.body_found}/{s.body} | {s.body_removed} | "
            f"{'-' if s.chars_lost is None else s.chars_lost} | {'-' if s.ms is None else f'{s.ms:.0f}'} |"
        )
    return "\n".join(lines)


def overall(scores: list[PageScore]) -> dict[str, Any]:
    def total(attr: str) -> int:
        return sum(getattr(s, attr) for s in scores)

    times = [s.ms for s in scores if s.ms is not None]
    lost = [s.chars_lost for s in scores if s.chars_lost is not None]
    return {
        "pages": len(scores),
        "title_right": round(sum(s.title_ok for s in scores) / len(scores), 3),
        "headline_precision": round(total("matched") / total("pred_heads"), 3)
        if total("pred_heads")
        else None,
        "headline_recall": round(total("matched") / total("exp_heads"), 3) if total("exp_heads") else None,
        "level_agreement": round(total("level_ok") / total("matched"), 3) if total("matched") else None,
        "set_aside_caught": round(total("caught") / total("set_aside"), 3) if total("set_aside") else None,
        "body_found": round(total("body_found") / total("body"), 3) if total("body") else None,
        "body_removed": total("body_removed"),
        "table_rows_as_headlines": total("table_heads"),
        "chars_lost": sum(lost) if lost else None,
        "median_ms": round(statistics.median(times), 1) if times else None,
    }


def held_out(target: Path) -> set[str]:
    """Page stems listed in ``<folder>_held_out.txt`` next to an expectation folder (``#`` comments)."""
    listing = target.parent / f"{target.name}_held_out.txt"
    if not target.is_dir() or not listing.exists():
        return set()
    lines = (line.split("#")[0].strip() for line in listing.read_text(encoding="utf-8").splitlines())
    return {line for line in lines if line}


def load_expected(target: Path, split: str = "all") -> list[dict[str, Any]]:
    """Expectation files under ``target``; ``split`` keeps ``dev`` (not held out), ``held-out`` or ``all``."""
    files = sorted(target.glob("*.json")) if target.is_dir() else [target]
    if split != "all":
        out = held_out(target)
        if not out:
            raise SystemExit(f"no {target.name}_held_out.txt next to {target}: --split needs one")
        files = [f for f in files if (f.stem in out) == (split == "held-out")]
    return [json.loads(f.read_text(encoding="utf-8")) for f in files]


def load_predictions(path: Path) -> dict[str, dict[str, Any]]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            pred = json.loads(line)
            out[Path(pred["source"]).name] = pred
    return out


def run(expected: Iterable[dict[str, Any]], data: Path, predictions: Path | None) -> list[PageScore]:
    given = load_predictions(predictions) if predictions else None
    scores = []
    for exp in expected:
        path = data / exp["file"]
        if given is not None:
            pred = given.get(exp["file"], {"title": None, "sections": [], "removed": []})
            ms = pred.get("ms")
            lost = chars_lost(path, pred) if path.exists() else None
            scores.append(score_page(exp["file"], exp, pred, float(ms) if ms is not None else None, lost))
        else:
            pred, ms, lost = zhsum_prediction(path)
            scores.append(score_page(exp["file"], exp, pred, ms, lost))
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "expected", help="a folder of expectation files (eval/expected/web_pages) or one file"
    )
    parser.add_argument("--data", help="folder of the pages (default: ../shared/data/<web_pages|docs>)")
    parser.add_argument(
        "--predictions",
        help="JSON lines of another method's segmentation (zhsum segment --format jsonl shape)",
    )
    parser.add_argument(
        "--details", action="store_true", help="also list false/missed headlines and missed set-aside lines"
    )
    parser.add_argument(
        "--split",
        choices=["all", "dev", "held-out"],
        default="all",
        help="score all pages, only the development pages, or only the held-out ones "
        "(listed in <folder>_held_out.txt)",
    )
    parser.add_argument("--json", help="write per-page scores and the overall figures here")
    parser.add_argument(
        "--present",
        action="store_true",
        help="score the pages found in --data only (a set partly rebuilt from its README); "
        "without it a missing page stops the run (with --predictions, pages are needed only for "
        "characters lost, and none stops the run)",
    )
    args = parser.parse_args(argv)
    target = Path(args.expected)
    data = Path(args.data) if args.data else SHARED / (target if target.is_dir() else target.parent).name
    if not data.is_dir():
        print(f"no pages at {data} (pass --data)", file=sys.stderr)
        return 2
    expected = load_expected(target, args.split)
    # scoring zhsum needs each page; another method's predictions need it only for characters lost
    missing = [] if args.predictions else [e["file"] for e in expected if not (data / e["file"]).exists()]
    if missing and not args.present:
        print(
            f"{len(missing)} of {len(expected)} pages are not in {data} ({', '.join(missing[:3])}"
            f"{' …' if len(missing) > 3 else ''}): rebuild them (the set's README says from where) "
            "or pass --present to score the others",
            file=sys.stderr,
        )
        return 2
    if missing:
        print(
            f"scoring {len(expected) - len(missing)} of {len(expected)} pages (not in {data}: "
            f"{', '.join(missing)})",
            file=sys.stderr,
        )
        expected = [e for e in expected if e["file"] not in missing]
    scores = run(expected, data, Path(args.predictions) if args.predictions else None)
    print(table(scores))
    print()
    print(json.dumps(overall(scores), ensure_ascii=False))
    if args.details:
        for s in scores:
            if s.false_heads or s.missed_heads or s.missed_lines or s.removed_body or not s.title_ok:
                print(f"\n## {s.name}  title={s.title!r}")
                for label, items in (
                    ("false heads", s.false_heads),
                    ("missed heads", s.missed_heads),
                    ("missed set-aside", s.missed_lines),
                    ("body removed", s.removed_body),
                ):
                    if items:
                        print(
                            f"- {label}: "
                            + " | ".join(str(i)[:40] for i in items[:12])
                            + (" …" if len(items) > 12 else "")
                        )
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {"overall": overall(scores), "pages": [s.__dict__ for s in scores]},
                ensure_ascii=False,
                indent=1,
            )
            + "\n",
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
