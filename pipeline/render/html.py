"""HTML pages people read in a browser: the parts shared by ``report.html`` (``zhsum evaluate``) and
the summaries page (:func:`render_summaries_html`, ``zhsum summarize --format html``).

Each page is one self-contained file: inline CSS and script, no fonts, images or requests from
elsewhere (a Content-Security-Policy forbids any), readable without its script (the script only
sorts, filters and searches the documents, which are all in the HTML), and laid out for a laptop
and a phone alike (the document cards reflow to one column below 600 px).

Safety: everything that comes from data (ids, texts, model names) is HTML-escaped where it is
written; the per-document data the script uses travels as JSON in a ``<script
type="application/json">`` block with ``<``, ``>`` and ``&`` written as ``\\u003c`` … so no text can
close it; the script only ever writes data with ``textContent``; the policy lets only the page's own
script run (by its SHA-256), so an injected ``onerror=`` or ``<script>`` would not run even if
escaping failed (styles likewise: only the page's own); and every text from data is a bidirectional isolate (``<bdi>``, ``unicode-bidi:
isolate``), so a U+202E in an id or a summary cannot reverse the page around it. Ids also show
their invisible and direction-control characters spelled out (``U+202E``).

What is highlighted in a summary (copied spans, numbers not in the source) is defined in
:mod:`pipeline.evidence`.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import unicodedata
from collections.abc import Iterable, Mapping, Sequence

from pipeline.evidence import Mention, copied_spans, source_values, unsupported_numbers
from pipeline.read.document import Document
from pipeline.read.text import text_to_blocks
from pipeline.records import SummaryRecord
from pipeline.segment import Piece, segment

GENERATOR = "zhsum"

CSS = """
:root{--fg:#1f2328;--muted:#59636e;--bg:#fff;--card:#f6f8fa;--line:#d1d9e0;--accent:#0969da;
--copy:#d6e8ff;--copy2:#b9d6fb;--warn:#b42318;--warnbg:#fde8e7}
*{box-sizing:border-box}
[hidden]{display:none!important}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;color:var(--fg);background:var(--bg);font:16px/1.65 system-ui,-apple-system,"Segoe UI",
"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Noto Sans SC","WenQuanYi Micro Hei",sans-serif}
main{max-width:1100px;margin:0 auto;padding:20px 24px 48px}
h1{font-size:1.55rem;margin:0 0 4px}
h2{font-size:1.2rem;margin:28px 0 8px;padding-bottom:4px;border-bottom:1px solid var(--line)}
.meta,.note{color:var(--muted);font-size:.88rem;margin:4px 0}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;font-size:.9rem;font-variant-numeric:tabular-nums}
th,td{padding:6px 10px;border-bottom:1px solid var(--line);text-align:right;white-space:nowrap;vertical-align:baseline}
th{font-weight:600;color:var(--muted);font-size:.82rem}
th:first-child,td:first-child{text-align:left}
td.l,th.l{text-align:left}
.ci{color:var(--muted);font-size:.82em}
.pair{display:flex;flex-wrap:wrap;gap:8px 40px;align-items:flex-start}
.pair>div{flex:1 1 360px;min-width:0}
h3{font-size:1rem;margin:12px 0 4px}
svg.chart{display:block;max-width:100%;height:auto;margin:12px 0 4px}
svg.chart text{font:12px system-ui,sans-serif;fill:#1f2328}
svg.chart .axis{stroke:#8c959f;stroke-width:1}
svg.chart .grid{stroke:#eaeef2;stroke-width:1}
.controls{position:sticky;top:0;z-index:2;background:rgba(255,255,255,.97);display:flex;flex-wrap:wrap;
gap:8px 16px;align-items:center;padding:10px 0;border-bottom:1px solid var(--line)}
.controls label{font-size:.85rem;color:var(--muted);display:inline-flex;gap:6px;align-items:center}
.controls .count{margin-left:auto;font-size:.85rem;color:var(--muted)}
select,input[type=search]{font:inherit;font-size:.88rem;color:inherit;background:#fff;padding:3px 6px;
border:1px solid var(--line);border-radius:6px;max-width:100%}
input[type=search]{width:11em}
.legend{font-size:.85rem;color:var(--muted);margin:10px 0 0}
.doc{border:1px solid var(--line);border-radius:10px;padding:12px 16px 14px;margin:14px 0;background:var(--bg)}
.doc>header{display:flex;flex-wrap:wrap;gap:4px 10px;align-items:baseline}
.doc h3{margin:0;font-size:1.05rem;word-break:break-all}
.doc .title{font-weight:600}
.badge{font-size:.78rem;line-height:1.5;padding:0 8px;border-radius:999px;background:var(--card);
border:1px solid var(--line);color:var(--muted);white-space:nowrap;font-variant-numeric:tabular-nums}
.badge.warn{background:var(--warnbg);border-color:#f4b4ae;color:var(--warn)}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:10px;margin-top:10px}
.box{background:var(--card);border-radius:8px;padding:8px 12px;min-width:0}
.box h4{margin:0 0 2px;font-size:.85rem;font-weight:600;color:var(--muted);display:flex;flex-wrap:wrap;gap:2px 8px;align-items:baseline}
.box h4 .name{color:var(--fg)}
.box p{margin:0}
.box.ref{background:#fff8e6}
.scores{font-size:.78rem;color:var(--muted);font-weight:400;font-variant-numeric:tabular-nums}
.scores b{color:var(--fg);font-weight:600}
.empty{color:var(--muted);font-style:italic}
.err{color:var(--warn)}
ul.sections{margin:6px 0 0;padding:0;list-style:none}
ul.sections li{margin:4px 0}
ul.sections .hl{font-weight:600;margin-right:6px}
.lv2{padding-left:1.2em}.lv3{padding-left:2.4em}.lv4{padding-left:3.6em}
mark{color:inherit}
mark.cp{background:var(--copy);border-radius:2px}
mark.cp.alt{background:var(--copy2)}
mark.un{background:var(--warnbg);color:var(--warn);font-weight:600;text-decoration:underline wavy;text-underline-offset:3px}
.key{padding:0 4px}
details.src{margin-top:10px}
details.src>summary{cursor:pointer;color:var(--accent);font-size:.88rem}
details.src .body{border-left:3px solid var(--line);padding:2px 0 2px 12px;margin-top:6px}
.src p{margin:.3em 0}
.s-title{font-weight:700}.s-sub{font-style:italic}
.s-h{font-weight:600;margin-top:.7em!important}
.s-rm{color:var(--muted);font-size:.85rem}
table.s-tab{border-collapse:collapse;margin:.5em 0;font-size:.85rem}
table.s-tab td{border:1px solid var(--muted);padding:2px 6px}
.kind{font-size:.72rem;border:1px solid var(--line);border-radius:4px;padding:0 4px;margin-right:6px}
.ctl{font-size:.75em;color:var(--warn);border:1px solid currentColor;border-radius:3px;padding:0 2px;margin:0 1px}
bdi,.txt{unicode-bidi:isolate}
footer{margin-top:32px;color:var(--muted);font-size:.8rem}
@media (max-width:600px){
main{padding:12px 12px 40px}body{font-size:15px}h1{font-size:1.3rem}
th,td{padding:4px 6px}.grid{grid-template-columns:1fr}.doc{padding:10px 12px}
.controls{position:static;gap:6px 10px}.controls .count{margin-left:0}input[type=search]{width:9em}}
"""

# The page script: sorts, filters and searches the document cards; writes only with textContent.
SCRIPT = """
"use strict";
(() => {
  const data = JSON.parse(document.getElementById("zhsum-data").textContent);
  const list = document.getElementById("docs");
  const cards = Array.from(list.querySelectorAll("article.doc"));
  const el = (id) => document.getElementById(id);
  const q = el("q"), only = el("model"), un = el("unsupported"), sort = el("sort");
  const a = el("a"), b = el("b"), metric = el("metric"), count = el("count");
  const rows = cards.map((card) => ({card, i: +card.dataset.i, doc: data.docs[+card.dataset.i]}));
  const score = (doc, m) => doc.f[m][+metric.value];
  const diff = (doc) => score(doc, +a.value) - score(doc, +b.value);
  const order = {
    file: (x, y) => x.i - y.i,
    id: (x, y) => (x.doc.id < y.doc.id ? -1 : x.doc.id > y.doc.id ? 1 : x.i - y.i),
    abs: (x, y) => Math.abs(diff(y.doc)) - Math.abs(diff(x.doc)) || x.i - y.i,
    a: (x, y) => diff(y.doc) - diff(x.doc) || x.i - y.i,
    b: (x, y) => diff(x.doc) - diff(y.doc) || x.i - y.i,
    low: (x, y) => score(x.doc, +a.value) - score(y.doc, +a.value) || x.i - y.i,
  };
  const signed = (x) => (x > 0 ? "+" : x < 0 ? "\\u2212" : "\\u00b1") + Math.abs(x).toFixed(1);
  function visible(doc, m) {
    const query = q.value.trim().toLowerCase();
    if (query && !doc.id.toLowerCase().includes(query)) return false;
    if (un && un.checked) return m === "" ? doc.un.some(Boolean) : doc.un[+m];
    return true;
  }
  function apply() {
    const m = only ? only.value : "";
    const sorted = rows.slice().sort(order[sort ? sort.value : "file"] || order.file);
    let shown = 0;
    for (const row of sorted) {
      row.card.hidden = !visible(row.doc, m);
      if (!row.card.hidden) shown += 1;
      for (const box of row.card.querySelectorAll(".sum")) box.hidden = m !== "" && box.dataset.m !== m;
      const delta = row.card.querySelector(".delta");
      if (delta && a && b) {
        delta.hidden = a.value === b.value;
        delta.textContent = data.models[+a.value] + " \\u2212 " + data.models[+b.value] + " " +
          metric.options[metric.selectedIndex].text + ": " + signed(diff(row.doc));
      }
      list.appendChild(row.card);
    }
    count.textContent = shown + " of " + rows.length + " documents";
  }
  for (const control of [q, only, un, sort, a, b, metric]) {
    if (control) control.addEventListener(control === q ? "input" : "change", apply);
  }
  apply();
})();
"""


def esc(text: object) -> str:
    """HTML-escaped text (quotes too, so it is safe in attribute values)."""
    return html.escape(str(text), quote=True)


def show_id(text: str) -> str:
    """An id, escaped, isolated, with invisible and direction-control characters spelled out."""
    parts = []
    for ch in text:
        if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp"):
            parts.append(f'<span class="ctl">U+{ord(ch):04X}</span>')
        else:
            parts.append(esc(ch))
    return "<bdi>" + "".join(parts) + "</bdi>"


def json_script(data: object, element_id: str = "zhsum-data") -> str:
    """Data for the page script, in a block no text can close (``<``, ``>``, ``&`` escaped)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f'<script type="application/json" id="{esc(element_id)}">{text}</script>'


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def page(title: str, body: str, data: object) -> str:
    """A whole page: head with the generator marker and the policy, ``body``, the data and the script."""
    policy = f"default-src 'none'; style-src '{_sha256(CSS)}'; script-src '{_sha256(SCRIPT)}'"
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="{GENERATOR}">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
        f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n"
        f"{json_script(data)}\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )


# --------------------------------------------------------------------------- texts


def marked(summary: str, source: str | None, values: set | None = None) -> tuple[str, list[Mention]]:
    """A summary as HTML with its copied spans (``mark.cp``) and its numbers not in the source
    (``mark.un``) marked, and those numbers; plain escaped text when there is no source."""
    if not summary:
        return '<span class="empty">(empty)</span>', []
    if source is None:
        return f'<span class="txt">{esc(summary)}</span>', []
    unsupported = unsupported_numbers(summary, source, values)
    copy_at: list[int | None] = [None] * len(summary)
    for k, (lo, hi) in enumerate(copied_spans(summary, source)):
        copy_at[lo:hi] = [k] * (hi - lo)
    num_at: list[int | None] = [None] * len(summary)
    for k, mention in enumerate(unsupported):
        num_at[mention.start : mention.end] = [k] * (mention.end - mention.start)
    out = []
    start = 0
    for i in range(1, len(summary) + 1):
        if i < len(summary) and (copy_at[i], num_at[i]) == (copy_at[start], num_at[start]):
            continue
        piece = esc(summary[start:i])
        copy, num = copy_at[start], num_at[start]
        classes = ([] if copy is None else ["cp"] + (["alt"] if copy % 2 else [])) + (
            [] if num is None else ["un"]
        )
        if num is not None:
            tip = esc(f"not in the source: {unsupported[num].text}")
            out.append(f'<mark class="{" ".join(classes)}" title="{tip}">{piece}</mark>')
        elif classes:
            out.append(f'<mark class="{" ".join(classes)}">{piece}</mark>')
        else:
            out.append(piece)
        start = i
    return f'<span class="txt">{"".join(out)}</span>', unsupported


def source_text(source: str | Document) -> str:
    """A source as plain text (a document's blocks, one per line), what summaries are checked against."""
    return source if isinstance(source, str) else "\n".join(block.text for block in source.blocks)


def source_html(source: str | Document) -> str:
    """A source as its segmenter sees it: title, headlines by level, paragraphs, and what was set
    aside (bylines, dates, …) dimmed with its kind. A :class:`Document` is segmented as read (its
    HTML or Markdown headings kept); a text is read as plain text first."""
    doc = Document("source", "source", text_to_blocks(source)) if isinstance(source, str) else source
    seg = segment(doc)
    out = []
    rows: list[str] = []  # the open table's rows
    table = 0
    for piece in seg.pieces:
        if piece.role == "table" and piece.table == table:
            rows.append(_table_row(piece))
            continue
        if rows:  # (a line set aside inside a table, a PDF page's header, splits it in two)
            out.append(f'<table class="s-tab">{"".join(rows)}</table>')
            rows, table = [], 0
        if piece.role == "table":
            rows, table = [_table_row(piece)], piece.table
            continue
        body = f'<span class="txt">{esc(piece.text)}</span>'
        if piece.role == "title":
            out.append(f'<p class="s-title">{body}</p>')
        elif piece.role == "subtitle":
            out.append(f'<p class="s-sub">{body}</p>')
        elif piece.role == "headline":
            level = min(piece.level or 1, 4)
            out.append(f'<p class="s-h lv{level}">{body}</p>')
        elif piece.role == "removed":
            out.append(
                f'<p class="s-rm"><span class="kind">{esc(piece.kind or "set aside")}</span>{body}</p>'
            )
        else:
            out.append(f"<p>{body}</p>")
    if rows:
        out.append(f'<table class="s-tab">{"".join(rows)}</table>')
    return "".join(out)


def _table_row(piece: Piece) -> str:
    cells = piece.cells or (piece.text,)
    return "<tr>" + "".join(f'<td><span class="txt">{esc(c)}</span></td>' for c in cells) + "</tr>"


def source_details(source: str | Document) -> str:
    """The source, folded: ``<details>`` with its length in the summary line."""
    return (
        f'<details class="src"><summary>Source ({len(source_text(source))} characters)</summary>'
        f'<div class="body">{source_html(source)}</div></details>'
    )


LEGEND = (
    '<p class="legend">In summaries: <mark class="cp key">copied</mark> spans of 4+ characters found '
    'verbatim in the source (alternating shades mark separate spans); <mark class="un key">123</mark> '
    "numbers (digits, Chinese numerals, dates, percentages; 1.2万 = 12000) not in the source.</p>"
)


def controls(
    models: Sequence[str],
    n_docs: int,
    *,
    numbers: bool,
    sorts: Sequence[tuple[str, str]],
    metrics: Sequence[str] = (),
) -> str:
    """The sticky bar: search by id, model filter, "has numbers not in the source", sort."""
    parts = ['<label>Search id <input type="search" id="q" placeholder="id…" autocomplete="off"></label>']
    if len(models) > 1:
        options = "".join(f'<option value="{i}">{esc(m)}</option>' for i, m in enumerate(models))
        parts.append(
            f'<label>Model <select id="model"><option value="">all</option>{options}</select></label>'
        )
    if numbers:
        parts.append('<label><input type="checkbox" id="unsupported"> numbers not in source</label>')
    if sorts:
        options = "".join(f'<option value="{v}">{esc(t)}</option>' for v, t in sorts)
        parts.append(f'<label>Sort <select id="sort">{options}</select></label>')
    if metrics:
        for name, default in (("a", 0), ("b", 1 if len(models) > 1 else 0)):
            options = "".join(
                f'<option value="{i}"{" selected" if i == default else ""}>{esc(m)}</option>'
                for i, m in enumerate(models)
            )
            parts.append(f'<label>{name.upper()} <select id="{name}">{options}</select></label>')
        options = "".join(
            f'<option value="{i}"{" selected" if i == len(metrics) - 1 else ""}>{esc(m)}</option>'
            for i, m in enumerate(metrics)
        )
        parts.append(f'<label>Metric <select id="metric">{options}</select></label>')
    parts.append(f'<span class="count" id="count" aria-live="polite">{n_docs} documents</span>')
    return f'<div class="controls" role="search">{"".join(parts)}</div>'


# --------------------------------------------------------------------------- the summaries page


CUT = ' <span class="cut" title="a sentence longer than --max-chars, cut at a clause">(cut to fit)</span>'
FALLBACK = (
    ' <span class="cut" title="every generated hypothesis had a number not in the source">'
    "(extractive stand-in)</span>"
)


def _model_box(index: int, record: SummaryRecord, source: str | None, values: set | None) -> tuple[str, bool]:
    kind = "abstractive" if record.abstractive else "extractive"
    head = f'<h4><span class="name">{esc(record.model)}</span><span class="scores">{kind}</span></h4>'
    if record.error is not None:
        return (
            f'<div class="box sum" data-m="{index}">{head}<p class="err">error: {esc(record.error)}</p></div>',
            False,
        )
    text, missing = marked(record.summary or "", source, values)
    if record.table_only:
        text = '<span class="cut">(only tables: not summarized)</span>'
    text += (CUT if record.truncated else "") + (FALLBACK if record.fallback else "")
    flagged = bool(missing or record.unsupported)  # the record's own check, where no source is at hand
    items = []
    for section in record.sections:
        summary, section_missing = marked(section.summary, source, values)
        summary += (CUT if section.truncated else "") + (FALLBACK if section.fallback else "")
        flagged = flagged or bool(section_missing or section.unsupported)
        if section.table_only:
            summary = '<span class="cut">(only a table: not summarized)</span>'
        headline = f'<span class="hl txt">{esc(section.headline)}</span>' if section.headline else ""
        items.append(f'<li class="lv{min(max(section.level, 1), 4)}">{headline}{summary}</li>')
    sections = f'<ul class="sections">{"".join(items)}</ul>' if items else ""
    return f'<div class="box sum" data-m="{index}">{head}<p>{text}</p>{sections}</div>', flagged


def render_summaries_html(
    records: Iterable[SummaryRecord], sources: Mapping[str, str | Document] | None = None
) -> str:
    """A page of summaries without references: one card per document id (every model's record of
    it side by side), each summary (article and sections alike) marked against the whole source
    when ``sources`` (id → text, or id → the :class:`Document` that was read) has it. Search by
    id, filter by model and by "has numbers not in the source"."""
    by_id: dict[str, list[SummaryRecord]] = {}
    for record in records:
        by_id.setdefault(record.id, []).append(record)
    models = list(dict.fromkeys(r.model for group in by_id.values() for r in group))
    sources = sources or {}
    docs, cards = [], []
    for i, (doc_id, group) in enumerate(by_id.items()):
        given = sources.get(doc_id)
        source = source_text(given) if given is not None else None
        values = source_values(source) if source is not None else None
        flags = [False] * len(models)
        boxes = []
        for record in group:
            m = models.index(record.model)
            box, flagged = _model_box(m, record, source, values)
            boxes.append(box)
            flags[m] = flags[m] or flagged
        title = next((r.title for r in group if r.title), None)
        header = f"<h3>{show_id(doc_id)}</h3>"
        if title:
            header += f'<span class="title"><bdi>{esc(title)}</bdi></span>'
        if any(flags):
            names = ", ".join(m for m, f in zip(models, flags, strict=True) if f)
            header += f'<span class="badge warn">numbers not in source: <bdi>{esc(names)}</bdi></span>'
        src = source_details(given) if given is not None else ""
        cards.append(
            f'<article class="doc" data-i="{i}"><header>{header}</header>'
            f'<div class="grid">{"".join(boxes)}</div>{src}</article>'
        )
        docs.append({"id": doc_id, "un": flags})
    has_sources = any(d in sources for d in by_id)
    body = [
        "<header><h1>zhsum summaries</h1>",
        f'<p class="meta">{len(by_id)} documents · model(s): {esc(", ".join(models)) or "none"}'
        + ("" if has_sources else " · no source texts given, so nothing is marked")
        + "</p></header>",
        '<section aria-label="documents"><h2>Documents</h2>',
        controls(models, len(by_id), numbers=has_sources, sorts=[("file", "input order"), ("id", "id")]),
        LEGEND if has_sources else "",
        f'<div id="docs">{"".join(cards)}</div></section>',
        f"<footer>Generated by {GENERATOR}.</footer>",
    ]
    return page("zhsum summaries", "\n".join(body), {"models": models, "docs": docs})
