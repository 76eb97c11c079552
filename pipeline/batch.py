"""Batch jobs: every document under the inputs, summarized into one output, safely.

:func:`run_batch` is ``zhsum summarize`` without the argument parsing. In order:

1. the output is opened as every mode opens it (:func:`pipeline.outputs.protocol.open_output`):
   checked (not a folder, writable, not an input), locked against a second run, and, if it exists,
   checked to be zhsum's own output of the same model and settings;
2. the ids of all inputs are listed (cheaply: a file's id is its path) and duplicates refused up
   front, naming both places;
3. a JSONL output's finished documents (the same file or record id:
   :func:`~pipeline.outputs.sinks.document_identity`) are skipped; failed ones are retried;
4. only then the model loads, and documents stream through: read, segmented and summarized in
   bounded groups (:mod:`pipeline.runner`), each group's records written at once. Memory does not
   grow with the number of documents; a document that cannot be read or parsed is an error record
   and the batch goes on. The output file is never read as an input. With ``workers`` above 1 (the
   default on a multi-core machine) and more than one split of input, worker processes do step 4
   (:mod:`pipeline.scale.workers`); the output is the same, record for record, in the same order.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from pipeline.errors import InputError
from pipeline.jobs import Batch, Outcome, count_unique, fingerprint, not_done, progress_bar, unique_stdin
from pipeline.messages import error
from pipeline.outputs import FORMATS, is_earlier_output, open_writer, output_format
from pipeline.outputs.protocol import OpenOutput, open_output
from pipeline.outputs.sinks import JsonlWriter, KeySet
from pipeline.read.document import Document
from pipeline.read.readers import iter_documents
from pipeline.records import SummaryRecord
from pipeline.runner import SummaryPipeline, to_job
from pipeline.scale.workers import Encoded, parallel_plan, parallel_records
from pipeline.settings import RunSettings, settings_id

__all__ = ["Batch", "Outcome", "run_batch"]


def _kept(
    docs: Iterator[Document | InputError], keep: dict[str, Document] | None
) -> Iterator[Document | InputError]:
    """``docs``, each read document also kept in ``keep`` (an HTML page marks summaries against them)."""
    for doc in docs:
        if keep is not None and isinstance(doc, Document):
            keep[doc.id] = doc
        yield doc


def run_batch(
    batch: Batch, settings: RunSettings, *, on_error: Callable[[str], None] | None = None
) -> Outcome:
    """Summarize every document of ``batch`` (see the module docstring)."""
    if batch.out is not None:  # the real file behind links: one lock and one rename per output
        batch = replace(batch, out=Path(os.path.realpath(batch.out)))
    fmt = output_format(batch.out, batch.fmt)
    model = settings.model_config.name
    made = fingerprint(settings, batch.fields)
    with open_output(batch.out, fmt, model, made, batch.paths, settings=settings_id(settings)) as output:
        return _run(batch, settings, output, on_error or error)


def _run(batch: Batch, settings: RunSettings, output: OpenOutput, on_error: Callable[[str], None]) -> Outcome:
    model = settings.model_config.name
    total = count_unique(batch, settings, output.exclude, output.done)
    done, exclude = output.done, output.exclude
    keeps_sources = FORMATS[output.fmt].keeps_sources
    # a format that keeps the documents (a page marks summaries against them) runs in this process
    plan = parallel_plan(batch.paths, settings, exclude) if not keeps_sources else None
    outcome = Outcome()
    sources: dict[str, Document] = {}
    results: Generator[tuple[list[SummaryRecord] | Encoded, int], None, None]
    if plan is None:
        pipeline = SummaryPipeline(settings=settings)  # the model loads here, before any output
        results = _serial(
            pipeline, batch, settings, exclude, done, outcome, sources if keeps_sources else None
        )
    else:
        results = parallel_records(plan[1], plan[0], settings, batch.fields, done)
    bar = progress_bar(total - len(done), model, batch.progress)
    writer = open_writer(output.path, output.fmt, model, sources)
    start = time.perf_counter()
    try:
        for records, skipped in results:
            outcome.skipped += skipped
            if isinstance(records, Encoded) and isinstance(writer, JsonlWriter):
                writer.write_lines(records.lines)  # as the workers wrote them
                errors = records.errors
            else:
                records = records.records() if isinstance(records, Encoded) else records
                writer.write(records)
                errors = [r.error for r in records]
            outcome.count(errors, on_error)
            if bar:
                bar.update(len(errors))
        writer.finish()
    except BaseException:
        writer.abort()
        raise
    finally:
        try:
            results.close()  # worker processes end here, not whenever the generator is collected
        finally:
            if bar:
                bar.close()
    outcome.seconds = time.perf_counter() - start
    return outcome


def _serial(
    pipeline: SummaryPipeline,
    batch: Batch,
    settings: RunSettings,
    exclude: Sequence[Path],
    done: KeySet,
    outcome: Outcome,
    keep: dict[str, Document] | None = None,
) -> Generator[tuple[list[SummaryRecord], int], None, None]:
    """Records group by group in this process (``skipped`` is counted on ``outcome`` directly;
    ``keep`` collects the documents, for an HTML page)."""
    docs = iter_documents(
        batch.paths,
        batch.fields,
        max_doc_bytes=settings.max_doc_bytes,
        exclude=exclude,
        skip=is_earlier_output,
    )

    def skipped() -> None:
        outcome.skipped += 1

    todo = _kept(not_done(unique_stdin(docs), done, skipped), keep)
    for records in pipeline.records(to_job(d) for d in todo):
        yield records, 0
