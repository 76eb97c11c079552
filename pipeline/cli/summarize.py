"""``zhsum summarize``: segment, summarize every section of every document, write one record each."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from pipeline.cli.common import INT8_NOTE, add_fields, add_model_flags, error, fields_of, settings_of
from pipeline.errors import ZhsumError
from pipeline.io.atomic import write_atomic
from pipeline.io.document import Fields
from pipeline.io.readers import iter_documents
from pipeline.io.records import SummaryRecord
from pipeline.io.sinks import LineWriter, load_done
from pipeline.render.markdown import record_markdown
from pipeline.runner import SummaryPipeline, groups, to_job
from pipeline.settings import RunSettings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("summarize", help="summarize every section of every document", epilog=INT8_NOTE)
    p.add_argument("paths", nargs="+", metavar="INPUT", help="file, directory, or - for stdin")
    p.add_argument("--out", "-o", help="output file; .jsonl runs resume (documents already done are skipped)")
    p.add_argument(
        "--format",
        choices=["jsonl", "json", "md"],
        default=None,
        help="default: from --out's suffix, else jsonl",
    )
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    add_model_flags(p)
    add_fields(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    return summarize_files(
        args.paths,
        settings_of(args),
        out=args.out,
        fmt=args.format,
        fields=fields_of(args),
        progress=not args.quiet,
    )


def summarize_files(
    paths: Sequence[str],
    settings: RunSettings,
    *,
    out: str | None = None,
    fmt: str | None = None,
    fields: Fields = Fields(),
    progress: bool = True,
) -> int:
    """Summarize every document under ``paths`` into ``out`` (stdout when None); 1 if any failed."""
    out_path = Path(out) if out else None
    fmt = fmt or (
        out_path.suffix.lstrip(".") if out_path and out_path.suffix in (".json", ".md", ".jsonl") else "jsonl"
    )
    if out_path and not out_path.parent.exists():
        raise ZhsumError(f"--out {out}: folder {out_path.parent} does not exist (create it first)")

    items = list(iter_documents(paths, fields))
    pipeline = SummaryPipeline(settings=settings)
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
    records: list[SummaryRecord] = []
    failed = 0
    start = time.perf_counter()
    try:
        for group in groups(todo):
            pipeline.run_jobs(group)
            batch = [pipeline.record(job) for job in group]
            failed += sum(1 for r in batch if r.error)
            for r in batch:
                if r.error:
                    error(r.error)
            if writer:
                writer.write(batch)
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
            text = json.dumps([r.to_json() for r in records], ensure_ascii=False, indent=2) + "\n"
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
        print(
            f"zhsum: {len(todo) - failed} summarized, {failed} failed{note} ({rate:.2f} docs/s)",
            file=sys.stderr,
        )
    return 1 if failed else 0
