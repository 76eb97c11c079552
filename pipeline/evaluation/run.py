"""``evaluate``: every model's summaries of the same documents, scored and compared (the library
function behind ``zhsum evaluate``)."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline import stops
from pipeline.atomic import write_atomic
from pipeline.errors import ZhsumError
from pipeline.evaluation.data import Example, load_examples, load_predictions
from pipeline.evaluation.html import report_html
from pipeline.evaluation.report import chart_png, markdown_report
from pipeline.evaluation.stats import build_report
from pipeline.jsonl import dumps
from pipeline.settings import RunSettings
from pipeline.settings import resolve as resolve_settings


@dataclass(frozen=True)
class Evaluation:
    """What to evaluate: the data, models to run and prediction files to load, and how to score."""

    data: str
    models: Sequence[str] = ()
    predictions: Sequence[str] = ()  # NAME=FILE
    tokenize: str = "char"
    seed: int = 0
    resamples: int = 1000
    limit: int | None = None
    text_field: str = "text"
    summary_field: str = "summary"
    id_field: str = "id"
    # run settings for every --models entry (device, precision, …: the keyword arguments of
    # pipeline.settings.resolve), checked with the models before any work
    model_options: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class Result:
    examples: list[Example]
    predictions: dict[str, list[str]]
    report: dict[str, Any]


def generate_predictions(settings: RunSettings, examples: list[Example]) -> tuple[str, list[str], float]:
    """Summaries by any model ``summarize`` accepts, through the same pipeline; returns docs/s."""
    from pipeline.read.document import Document
    from pipeline.read.text import text_to_blocks
    from pipeline.runner import SummaryPipeline

    pipe = SummaryPipeline(settings=settings)
    docs = [Document(e.id, e.id, text_to_blocks(e.text)) for e in examples]
    start = time.perf_counter()
    records = list(pipe.summarize_documents(docs))
    elapsed = time.perf_counter() - start
    failed = [r for r in records if r.error]
    if failed:
        raise ZhsumError(
            f"model '{settings.model}' failed on {len(failed)} document(s), first: {failed[0].error}"
        )
    return pipe.model_name, [r.summary or "" for r in records], len(records) / elapsed if elapsed > 0 else 0.0


def safe_name(name: str) -> str:
    """A model name as a file name (``predictions/<safe>.jsonl``)."""
    return re.sub(r"[^\w.-]+", "_", name).strip("._") or "model"


def model_runs(request: Evaluation) -> list[RunSettings]:
    """Each ``--models`` entry's run settings, every model resolved once (an unknown model or a bad
    setting is refused here, before any work)."""
    names = {k: f"--{k.replace('_', '-')}" for k in request.model_options}
    return [
        resolve_settings({**request.model_options, "model": spec}, names=names) for spec in request.models
    ]


def check_names(request: Evaluation, runs: Sequence[RunSettings]) -> None:
    """Refuse, before any work, two prediction sets with the same name or names that would share a file."""
    names = [(spec.split("=", 1)[0], "--predictions") for spec in request.predictions] + [
        (run.model_config.name, "--models") for run in runs
    ]
    seen: dict[str, str] = {}
    for name, flag in names:
        key = safe_name(name)
        if key in seen:
            if seen[key] == name and flag == "--models":
                raise ZhsumError(
                    f"model '{name}' is given twice (or also as a --predictions NAME); give it once"
                )
            same = (
                "the same name"
                if seen[key] == name
                else f"names that share a file name ('{seen[key]}' and '{name}')"
            )
            raise ZhsumError(f"two prediction sets with {same}: rename one (NAME=FILE)")
        seen[key] = name


REPORT_FILES = ("report.json", "report.md", "report.html", "rouge.png")


def check_out_dir(out: Path, predictions: Sequence[str] = ()) -> None:
    """Refuse, before any work, an ``--out`` that is a file, cannot be written, is a folder of other
    files (only an empty folder or an earlier zhsum report is written into), or holds one of the
    ``--predictions`` files being read."""
    if out.is_symlink() and not out.exists():
        raise ZhsumError(f"--out {out} is a link to nothing ({os.readlink(out)}); give a folder path")
    if out.exists() and not out.is_dir():
        raise ZhsumError(
            f"--out {out} is a file; evaluate writes a folder (report.json, report.md, …): give a folder path"
        )
    if out.is_dir() and any(out.iterdir()) and not _is_report(out / "report.json"):
        raise ZhsumError(
            f"--out {out} is a folder of other files, not a zhsum report; give a new or empty folder"
        )
    for spec in predictions:
        file = Path(spec.split("=", 1)[-1])
        if file.exists() and os.path.realpath(file.parent) == os.path.realpath(out / "predictions"):
            raise ZhsumError(
                f"--predictions {spec} lies in --out {out}, which this run rewrites; copy it elsewhere first"
            )
    parent = out if out.exists() else out.parent
    if not parent.exists():
        raise ZhsumError(f"--out {out}: folder {parent} does not exist (create it first)")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise ZhsumError(f"--out {out}: cannot write there (permission denied); choose another --out")


def _is_report(path: Path) -> bool:
    import json

    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and {"tokenize", "models", "comparisons"} <= set(data)


def evaluate(request: Evaluation) -> Result:
    if not request.models and not request.predictions:
        raise ZhsumError("nothing to evaluate: give --models NAME... and/or --predictions NAME=FILE...")
    if request.seed < 0:
        raise ZhsumError(f"--seed must be ≥ 0, got {request.seed}")
    if request.resamples < 1:
        raise ZhsumError(f"--resamples must be ≥ 1, got {request.resamples}")
    if request.limit is not None and request.limit < 1:
        raise ZhsumError(f"--limit must be ≥ 1, got {request.limit}")
    if request.tokenize not in ("char", "jieba"):
        raise ZhsumError(f"--tokenize must be char or jieba, got {request.tokenize!r}")
    runs = model_runs(request)
    check_names(request, runs)
    examples = load_examples(
        request.data,
        text_field=request.text_field,
        summary_field=request.summary_field,
        id_field=request.id_field,
    )
    all_ids = [e.id for e in examples]
    examples = examples[: request.limit] if request.limit else examples
    predictions: dict[str, list[str]] = {}
    speeds: dict[str, float] = {}
    for spec in request.predictions:
        name, preds = load_predictions(spec, examples, all_ids)
        if name in predictions:
            raise ZhsumError(f"two prediction sets named '{name}'")
        predictions[name] = preds
    for run in runs:
        name, preds, speed = generate_predictions(run, examples)
        if name in predictions:
            raise ZhsumError(f"two prediction sets named '{name}'")
        predictions[name], speeds[name] = preds, speed
    report = build_report(
        examples,
        predictions,
        tokenize=request.tokenize,
        seed=request.seed,
        resamples=request.resamples,
        speeds=speeds,
    )
    return Result(examples, predictions, report)


def write_outputs(result: Result, out: Path) -> None:
    """``report.json``, ``report.md``, ``report.html``, ``rouge.png`` and ``predictions/<model>.jsonl``
    under ``out``: all rendered first, then written one after the other with stop signals held, so
    that a stopped run leaves the earlier report whole or the new one whole, never a mix."""
    import json

    files: dict[Path, str | bytes] = {}
    for name, preds in result.predictions.items():
        lines = [dumps({"id": e.id, "summary": p}) for e, p in zip(result.examples, preds, strict=True)]
        files[out / "predictions" / f"{safe_name(name)}.jsonl"] = "\n".join(lines) + "\n"
    files[out / "report.json"] = json.dumps(result.report, ensure_ascii=False, indent=2) + "\n"
    files[out / "report.md"] = markdown_report(result.report)
    files[out / "rouge.png"] = chart_png(result.report)
    files[out / "report.html"] = report_html(result.report, result.examples, result.predictions)
    (out / "predictions").mkdir(parents=True, exist_ok=True)
    stale = [p for p in (out / "predictions").glob("*.jsonl") if p not in files and _is_prediction_file(p)]
    with stops.held():
        for path, data in files.items():
            write_atomic(path, data)
        for path in stale:  # an earlier report's model this one does not compare
            path.unlink(missing_ok=True)


def _is_prediction_file(path: Path) -> bool:
    """Whether ``path`` is a predictions file an earlier report wrote (its first line zhsum's
    ``{"id": …, "summary": …}``): only those are removed when the model is no longer compared."""
    import json

    try:
        with path.open(encoding="utf-8") as f:
            first = json.loads(f.readline())
    except (OSError, ValueError):
        return False
    return isinstance(first, dict) and set(first) == {"id", "summary"}
