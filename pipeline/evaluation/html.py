"""``report.html``: the evaluation report as one page a person reads to choose between models.

It holds what ``report.md`` holds (the table with 95% intervals, the paired comparisons) with the
chart drawn as inline SVG from the same numbers as ``rouge.png``, and then every document: its
source as the segmenter sees it (title, headlines, paragraphs, what was set aside), its
reference(s), and each model's summary with its ROUGE P/R/F for that document, copied spans and
numbers not in the source marked (:mod:`pipeline.evidence`). The documents can be sorted by
the difference between any two models on any metric (where they disagree most), filtered by model
and by "has numbers not in the source", and searched by id. Page parts, escaping and the script are
shared with the summaries page (:mod:`pipeline.render.html`).

The per-document numbers come from ``report["documents"]`` (:func:`pipeline.evaluation.stats.
per_document`), so the page and ``report.json`` cannot disagree.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from pipeline.evaluation.data import Example
from pipeline.evaluation.report import figure_rows
from pipeline.evaluation.rouge import METRICS
from pipeline.evidence import source_values
from pipeline.render.html import LEGEND, controls, esc, marked, page, show_id, source_details

LABELS = {"rouge-1": "ROUGE-1", "rouge-2": "ROUGE-2", "rouge-l": "ROUGE-L"}
SHORT = {"rouge-1": "R-1", "rouge-2": "R-2", "rouge-l": "R-L"}
COLOURS = ("#0072B2", "#E69F00", "#009E73")  # Okabe–Ito, readable with colour-blindness


def _f(x: float) -> str:
    return f"{x:.2f}"


def results_table(report: Mapping[str, Any]) -> str:
    head = "".join(f"<th>{LABELS[m]} F</th>" for m in METRICS)
    rows = []
    for name, entry in report["models"].items():
        cells = "".join(
            f'<td>{_f(entry[m]["f"])} <span class="ci">[{_f(entry[m]["ci95"][0])}, {_f(entry[m]["ci95"][1])}]</span></td>'
            for m in METRICS
        )
        stats = entry["stats"]
        speed = f"{entry['docs_per_s']:.1f}" if "docs_per_s" in entry else "–"
        rows.append(
            f"<tr><td><bdi>{esc(name)}</bdi></td>{cells}<td>{entry['empty']}</td><td>{stats['mean_chars']}</td>"
            f"<td>{speed}</td><td>{stats['docs_with_numbers_not_in_source']}</td></tr>"
        )
    return (
        '<div class="scroll"><table class="results"><thead><tr><th>model</th>'
        f"{head}<th>empty</th><th>mean chars</th><th>docs/s</th><th>docs with numbers not in source</th>"
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def figures_table(report: Mapping[str, Any]) -> str:
    """The model-free figures (pipeline.evaluation.metrics) per model, with their intervals."""
    heads, entries = figure_rows(report)
    if not entries:
        return ""
    head = "".join(f"<th>{esc(h)}</th>" for h in heads)
    rows = []
    for model, figures in entries:
        cells = []
        for f in figures:
            ci = f' <span class="ci">[{_f(f["ci95"][0])}, {_f(f["ci95"][1])}]</span>' if f.get("ci95") else ""
            cells.append(f"<td>{_f(f['mean'])}{ci}</td>" if f["mean"] is not None else "<td>–</td>")
        rows.append(f"<tr><td><bdi>{esc(model)}</bdi></td>{''.join(cells)}</tr>")
    return (
        '<h3>Summary figures (per document, averaged; 95% interval)</h3><div class="scroll"><table class="results figures">'
        f"<thead><tr><th>model</th>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def comparisons_table(report: Mapping[str, Any]) -> str:
    rows = []
    for c in report["comparisons"]:
        for m in METRICS:
            d = c[m]
            rows.append(
                f"<tr><td><bdi>{esc(c['a'])}</bdi> vs <bdi>{esc(c['b'])}</bdi></td><td class='l'>{LABELS[m]}</td>"
                f"<td>{d['diff_f']:+.2f}</td><td>{d['p_value']:.3f}</td><td>{d['a_wins']:.0%}</td>"
                f"<td>{d['b_wins']:.0%}</td><td>{d['ties']:.0%}</td></tr>"
            )
    if not rows:
        return ""
    return (
        "<div><h3>Paired comparisons</h3><p class='note'>Same documents, same bootstrap resamples; "
        "ΔF = a − b; wins: share of documents where one model's F is higher.</p>"
        '<div class="scroll"><table><thead><tr><th>a vs b</th><th class="l">metric</th><th>mean ΔF</th>'
        "<th>p (two-sided)</th><th>a wins</th><th>b wins</th><th>ties</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div></div>"
    )


def chart_svg(report: Mapping[str, Any]) -> str:
    """Grouped bars of F per model and metric with their 95% intervals, drawn from the numbers."""
    names = list(report["models"])
    top = max((report["models"][n][m]["ci95"][1] for n in names for m in METRICS), default=0.0)
    y_max = min(100, max(10, math.ceil(top / 10) * 10))
    left, right, plot_top, plot_h, group_w = 40, 12, 34, 190, 170
    width = max(left + right + group_w * len(names), left + 92 * len(METRICS) + right)  # legend fits
    height = plot_top + plot_h + 40

    def y(v: float) -> float:
        return plot_top + plot_h * (1 - v / y_max)

    parts = [
        f'<svg class="chart" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" aria-labelledby="chart-title" '
        f'xmlns="http://www.w3.org/2000/svg"><title id="chart-title">ROUGE F per model with 95% intervals</title>'
    ]
    step = 10 if y_max <= 50 else 20
    for tick in range(0, y_max + 1, step):
        parts.append(
            f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}"/>'
            f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick}</text>'
        )
    bar = 30
    for g, name in enumerate(names):
        x0 = left + g * group_w + (group_w - bar * len(METRICS)) / 2
        for k, m in enumerate(METRICS):
            entry = report["models"][name][m]
            x = x0 + k * bar
            lo, hi = entry["ci95"]
            tip = esc(f"{name} {LABELS[m]} F {_f(entry['f'])} [{_f(lo)}, {_f(hi)}]")
            parts.append(
                f'<g><title>{tip}</title><rect x="{x + 2:.1f}" y="{y(entry["f"]):.1f}" width="{bar - 4}" '
                f'height="{y(0) - y(entry["f"]):.1f}" fill="{COLOURS[k]}"/>'
                f'<path d="M{x + bar / 2:.1f} {y(hi):.1f}V{y(lo):.1f}M{x + 9:.1f} {y(hi):.1f}H{x + bar - 9:.1f}'
                f'M{x + 9:.1f} {y(lo):.1f}H{x + bar - 9:.1f}" stroke="#24292f" stroke-width="1.3" fill="none"/></g>'
            )
        label = name if len(name) <= 22 else name[:21] + "…"
        parts.append(
            f'<text x="{left + g * group_w + group_w / 2:.1f}" y="{y(0) + 18:.1f}" text-anchor="middle">'
            f"{esc(label)}</text>"
        )
    parts.append(f'<line class="axis" x1="{left}" x2="{width - right}" y1="{y(0)}" y2="{y(0)}"/>')
    for k, m in enumerate(METRICS):
        x = left + k * 92
        parts.append(
            f'<rect x="{x}" y="8" width="12" height="12" fill="{COLOURS[k]}"/>'
            f'<text x="{x + 17}" y="18">{LABELS[m]} F</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _scores_line(entry: Mapping[str, Any]) -> str:
    shown = " · ".join(f"{SHORT[m]} <b>{entry[m]['f']:.1f}</b>" for m in METRICS)
    detail = "; ".join(
        f"{LABELS[m]} P {entry[m]['p']:.2f} R {entry[m]['r']:.2f} F {entry[m]['f']:.2f}" for m in METRICS
    )
    return f'<span class="scores" title="{esc(detail)}">{shown} · {entry["chars"]} chars</span>'


def _document_card(
    i: int, example: Example, doc: Mapping[str, Any], predictions: Mapping[str, Sequence[str]]
) -> tuple[str, list[bool]]:
    values = source_values(example.text)
    boxes = []
    for k, ref in enumerate(example.references):
        label = "Reference" if len(example.references) == 1 else f"Reference {k + 1}"
        boxes.append(f'<div class="box ref"><h4>{label}</h4><p><span class="txt">{esc(ref)}</span></p></div>')
    flags = []
    for m, (name, preds) in enumerate(predictions.items()):
        entry = doc["models"][name]
        text, missing = marked(preds[i], example.text, values)
        flags.append(bool(missing))
        boxes.append(
            f'<div class="box sum" data-m="{m}"><h4><span class="name"><bdi>{esc(name)}</bdi></span>'
            f"{_scores_line(entry)}</h4><p>{text}</p></div>"
        )
    header = f'<h3>{show_id(example.id)}</h3><span class="badge delta" hidden></span>'
    if any(flags):
        names = ", ".join(n for n, f in zip(predictions, flags, strict=True) if f)
        header += f'<span class="badge warn">numbers not in source: <bdi>{esc(names)}</bdi></span>'
    card = (
        f'<article class="doc" data-i="{i}"><header>{header}</header>'
        f'<div class="grid">{"".join(boxes)}</div>{source_details(example.text)}</article>'
    )
    return card, flags


def report_html(
    report: Mapping[str, Any], examples: Sequence[Example], predictions: Mapping[str, Sequence[str]]
) -> str:
    """The whole page for ``report`` (from :func:`~pipeline.evaluation.stats.build_report` on the
    same ``examples`` and ``predictions``)."""
    models = list(predictions)
    cards, docs = [], []
    for i, (example, doc) in enumerate(zip(examples, report["documents"], strict=True)):
        card, flags = _document_card(i, example, doc, predictions)
        cards.append(card)
        docs.append(
            {
                "id": example.id,
                "f": [[doc["models"][n][m]["f"] for m in METRICS] for n in models],
                "un": flags,
            }
        )
    sorts = [("file", "file order")]
    if len(models) > 1:
        sorts += [("abs", "largest |A − B| first"), ("a", "A better first"), ("b", "B better first")]
    sorts += [("low", "lowest A first"), ("id", "id")]
    meta = (
        f"{report['n']} documents · tokens: {esc(report['tokenize'])} · up to {report['references_per_doc']} "
        "reference(s) per document (each metric takes the best-F reference) · F on a 0–100 scale · brackets: "
        f"95% percentile-bootstrap interval ({report['resamples']} resamples, seed {report['seed']}) · "
        "ROUGE-L is summary-level"
    )
    body = [
        f'<header><h1>zhsum evaluation</h1><p class="meta">{meta}</p></header>',
        '<section aria-label="results"><h2>Results</h2>',
        results_table(report),
        figures_table(report),
        f'<div class="pair">{chart_svg(report)}{comparisons_table(report)}</div>',
        "</section>",
        '<section aria-label="documents"><h2>Documents</h2>',
        controls(
            models,
            len(examples),
            numbers=True,
            sorts=sorts,
            metrics=[f"{LABELS[m]} F" for m in METRICS],
        ),
        LEGEND,
        f'<div id="docs">{"".join(cards)}</div></section>',
        "<footer>Generated by zhsum evaluate; the same numbers are in report.json and report.md.</footer>",
    ]
    return page("zhsum evaluation", "\n".join(body), {"models": models, "docs": docs})
