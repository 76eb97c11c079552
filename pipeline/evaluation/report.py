"""The evaluation report: terminal table, ``report.md`` and the bar chart."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pipeline.evaluation import stats
from pipeline.evaluation.rouge import METRICS
from pipeline.render.markdown import md_inline

# --------------------------------------------------------------------------- outputs


def table(report: dict) -> str:
    lines = [
        "| model | ROUGE-1 F | ROUGE-2 F | ROUGE-L F (summary-level) | empty | mean chars | docs/s |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, entry in report["models"].items():
        cells = [
            f"{entry[m]['f']:.2f} [{entry[m]['ci95'][0]:.2f}, {entry[m]['ci95'][1]:.2f}]" for m in METRICS
        ]
        speed = f"{entry['docs_per_s']:.1f}" if "docs_per_s" in entry else "-"
        lines.append(
            f"| {md_inline(name)} | {' | '.join(cells)} | {entry['empty']} | {entry['stats']['mean_chars']} | {speed} |"
        )
    return "\n".join(lines)


ARROWS = {True: " ↑", False: " ↓", None: ""}


def figure_rows(report: Mapping[str, Any]) -> tuple[list[str], list[tuple[str, list[dict[str, Any]]]]]:
    """The model-free figures of a report as a table: the column heads (the figure's name, with
    ↑/↓ where higher or lower is better) and, per model, each figure's ``mean``/``ci95`` entry.
    Markdown and HTML render the same table."""
    entries = [(name, e["metrics"]) for name, e in report["models"].items() if "metrics" in e]
    if not entries:
        return [], []
    names = list(entries[0][1])
    heads = [f"{n}{ARROWS[entries[0][1][n]['higher_is_better']]}" for n in names]
    return heads, [(model, [figures[n] for n in names]) for model, figures in entries]


def summary_figures_md(report: dict) -> list[str]:
    """Per model, each figure of :mod:`pipeline.evaluation.metrics` with its interval."""
    heads, rows = figure_rows(report)
    if not rows:
        return []
    out = [
        "",
        "## Summary figures per document, averaged (95% interval)",
        "",
        "| model | " + " | ".join(heads) + " |",
        "|---|" + "---:|" * len(heads),
    ]
    for name, figures in rows:
        cells = []
        for f in figures:
            if f["mean"] is None:
                cells.append("–")
            elif f.get("ci95"):
                cells.append(f"{f['mean']:.2f} [{f['ci95'][0]:.2f}, {f['ci95'][1]:.2f}]")
            else:
                cells.append(f"{f['mean']:.2f}")
        out.append(f"| {md_inline(name)} | " + " | ".join(cells) + " |")
    return out


def markdown_report(report: dict) -> str:
    out = [
        "# zhsum evaluation",
        "",
        f"{report['n']} documents; tokens: `{report['tokenize']}`; up to {report['references_per_doc']} reference(s) per "
        "document (each metric takes the best-F reference); 0–100 scale; brackets: 95% percentile-bootstrap "
        f"interval ({report['resamples']} resamples, seed {report['seed']}) around the exact mean.",
        "",
        table(report),
        "",
    ]
    if report["comparisons"]:
        out += [
            "## Paired comparisons (same documents, same resamples)",
            "",
            "| a | b | metric | mean ΔF (a−b) | p (two-sided) | a wins | b wins | ties |",
            "|---|---|---|---:|---:|---:|---:|---:|",
        ]
        for c in report["comparisons"]:
            for m in METRICS:
                d = c[m]
                out.append(
                    f"| {md_inline(c['a'])} | {md_inline(c['b'])} | {m} | {d['diff_f']:+.2f} | {d['p_value']:.3f} | {d['a_wins']:.1%} | {d['b_wins']:.1%} | {d['ties']:.1%} |"
                )
        out.append("")
    out += [
        "## Summary statistics (model-free)",
        "",
        "| model | mean / median chars | compression | novel 1/2/3/4-gram % | repeated 3-gram % | numbers not in source (docs) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, entry in report["models"].items():
        s = entry["stats"]
        novel = "/".join(str(s[f"novel_{n}gram"]) for n in range(1, 5))
        out.append(
            f"| {md_inline(name)} | {s['mean_chars']} / {s['median_chars']} | {s['compression']} | {novel} | {s['repeated_3gram']} | "
            f"{s['numbers_not_in_source']} ({s['docs_with_numbers_not_in_source']}) |"
        )
    out += summary_figures_md(report)
    out += [
        "",
        "## How this was computed",
        "",
        (stats.__doc__ or "")
        .split("How the report is computed (also written into ``report.md``):")[-1]
        .strip()
        .replace("``", "`"),  # the docstring's reStructuredText literals as Markdown
        "",
        "ROUGE specification: the docstring of `pipeline/evaluation/rouge.py` in zhsum (NFKC, ASCII lower-case, one token per ideograph or per "
        "ASCII letter/digit run; ROUGE-L is summary-level, sentences split after 。！？!?).",
        "",
    ]
    return "\n".join(out)


def chart_png(report: dict) -> bytes:
    """The ROUGE bars as a PNG image."""
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(report["models"])
    fig, ax = plt.subplots(figsize=(max(5, 1.6 * len(names) + 2), 4), dpi=110)
    width = 0.8 / len(METRICS)
    for k, m in enumerate(METRICS):
        values = [report["models"][n][m]["f"] for n in names]
        lo = [max(0.0, v - report["models"][n][m]["ci95"][0]) for v, n in zip(values, names, strict=True)]
        hi = [max(0.0, report["models"][n][m]["ci95"][1] - v) for v, n in zip(values, names, strict=True)]
        xs = [i + (k - 1) * width for i in range(len(names))]
        ax.bar(xs, values, width, yerr=[lo, hi], capsize=3, label=m.upper())
    ax.set_xticks(range(len(names)), names)
    ax.set_ylabel("F (0–100)")
    ax.set_title(
        f"ROUGE F, 95% bootstrap intervals\n(n={report['n']}, tokens: {report['tokenize']}, summary-level ROUGE-L)",
        fontsize=10,
    )
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=len(METRICS), fontsize=9, frameon=False)
    fig.tight_layout()
    image = io.BytesIO()
    fig.savefig(image, format="png")
    plt.close(fig)
    return image.getvalue()
