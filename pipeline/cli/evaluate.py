"""``zhsum evaluate``: run or load every model's summaries, score them, write the report."""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

from pipeline.errors import ZhsumError
from pipeline.evaluation.data import Example, load_examples, load_predictions
from pipeline.evaluation.report import chart, markdown_report, table
from pipeline.evaluation.stats import build_report


def generate_predictions(spec: str, examples: list[Example], args) -> tuple[str, list[str], float]:
    """Summaries by any model ``summarize`` accepts, through the same pipeline; returns docs/s."""
    from pipeline.io.document import Document
    from pipeline.io.text import text_to_blocks
    from pipeline.runner import SummaryPipeline

    pipe = SummaryPipeline(spec, device=args.device, precision=args.precision)
    docs = [Document(e.id, e.id, text_to_blocks(e.text)) for e in examples]
    start = time.perf_counter()
    records = list(pipe.summarize_documents(docs))
    elapsed = time.perf_counter() - start
    failed = [r for r in records if r["error"]]
    if failed:
        raise ZhsumError(f"model '{spec}' failed on {len(failed)} document(s), first: {failed[0]['error']}")
    return pipe.model_name, [str(r["summary"]) for r in records], len(records) / elapsed if elapsed > 0 else 0.0



def run_evaluate(args) -> int:
    if not args.models and not args.predictions:
        raise ZhsumError("nothing to evaluate: give --models NAME... and/or --predictions NAME=FILE...")
    examples = load_examples(args.data, text_field=args.text_field, summary_field=args.summary_field,
                             id_field=args.id_field)
    all_ids = [e.id for e in examples]
    examples = examples[: args.limit] if args.limit else examples
    predictions: dict[str, list[str]] = {}
    speeds: dict[str, float] = {}
    for spec in args.predictions:
        name, preds = load_predictions(spec, examples, all_ids)
        if name in predictions:
            raise ZhsumError(f"two prediction sets named '{name}'")
        predictions[name] = preds
    for spec in args.models:
        name, preds, speed = generate_predictions(spec, examples, args)
        if name in predictions:
            raise ZhsumError(f"two prediction sets named '{name}'")
        predictions[name], speeds[name] = preds, speed
    report = build_report(examples, predictions, tokenize=args.tokenize, seed=args.seed, resamples=args.resamples,
                          speeds=speeds)
    print(table(report))
    if args.out:
        out = Path(args.out)
        (out / "predictions").mkdir(parents=True, exist_ok=True)
        for name, preds in predictions.items():
            safe = re.sub(r"[^\w.-]+", "_", name)
            lines = [json.dumps({"id": e.id, "summary": p}, ensure_ascii=False) for e, p in zip(examples, preds, strict=True)]
            (out / "predictions" / f"{safe}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        (out / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        (out / "report.md").write_text(markdown_report(report), encoding="utf-8")
        chart(report, out / "rouge.png")
        print(f"zhsum: wrote {out / 'report.json'}, report.md, rouge.png and predictions/", file=sys.stderr)
    return 0
