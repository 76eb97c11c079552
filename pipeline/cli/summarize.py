"""``zhsum summarize``: segment, summarize every section of every document, write one record each."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from pipeline.errors import ZhsumError
from pipeline.io.document import Fields
from pipeline.io.readers import iter_documents
from pipeline.io.sinks import LineWriter, load_done, write_atomic
from pipeline.render.markdown import record_markdown
from pipeline.runner import SummaryPipeline, groups, make_record, to_job


def run_summarize(*, paths: Sequence[str], model: str | None, out: str | None, fmt: str | None, fields: Fields,
                  batch_size: int | None, device: str, precision: str, engine: str,
                  generation: dict[str, object], progress: bool = True, trim_vocab: bool = False) -> int:
    out_path = Path(out) if out else None
    fmt = fmt or (out_path.suffix.lstrip(".") if out_path and out_path.suffix in (".json", ".md", ".jsonl") else "jsonl")
    if out_path and not out_path.parent.exists():
        raise ZhsumError(f"--out {out}: folder {out_path.parent} does not exist (create it first)")

    items = list(iter_documents(paths, fields))
    pipeline = SummaryPipeline(model, device=device, precision=precision, engine=engine, batch_size=batch_size,
                               generation=generation, trim_vocab=trim_vocab)
    done = load_done(out_path, pipeline.model_name) if out_path and fmt == "jsonl" else set()
    jobs = [to_job(item) for item in items]
    skipped = sum(1 for j in jobs if j.id in done and j.error is None)
    todo = [j for j in jobs if not (j.id in done and j.error is None)]
    seen: set[str] = set()
    for job in todo:
        if job.id in seen and job.error is None:
            job.error = f"duplicate document id '{job.id}' (ids must be unique within a run; set --id-field)"
        seen.add(job.id)

    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(todo), unit="doc", file=sys.stderr, dynamic_ncols=True, desc=pipeline.model_name)
    writer = LineWriter(out_path) if fmt == "jsonl" else None
    records: list[dict[str, object]] = []
    failed = 0
    start = time.perf_counter()
    try:
        for group in groups(todo):
            pipeline.run_jobs(group)
            batch = [make_record(job, pipeline.model_name, pipeline.summarizer.abstractive) for job in group]
            failed += sum(1 for r in batch if r["error"])
            for r in batch:
                if r["error"]:
                    print(f"zhsum: error: {r['error']}", file=sys.stderr)
            if writer:
                writer.write([json.dumps(r, ensure_ascii=False) for r in batch])
            else:
                records += batch
            if bar:
                bar.update(len(group))
    finally:
        if writer:
            writer.close()
        if bar:
            bar.close()
    if fmt in ("json", "md"):
        if fmt == "json":
            text = json.dumps(records, ensure_ascii=False, indent=2) + "\n"
        else:
            text = "\n".join(record_markdown(r) for r in records)
        if out_path:
            write_atomic(out_path, text)
        else:
            sys.stdout.write(text)
    elapsed = time.perf_counter() - start
    if progress:
        rate = len(todo) / elapsed if elapsed > 0 else 0.0
        note = f", {skipped} already done" if skipped else ""
        print(f"zhsum: {len(todo) - failed} summarized, {failed} failed{note} ({rate:.2f} docs/s)", file=sys.stderr)
    return 1 if failed else 0

