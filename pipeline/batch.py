"""Summarize many documents: segment, summarize every section, write one record per document.

The article summary (``summary``) is made, by default (``digest``), in the same batched pass as the
sections: the model summarizes a digest of the article, its lede followed by the first sentence of
every section (news puts the key fact first), so the whole article is covered at the cost of one
more input per document. A document of one section and no lede takes that section's summary as is.
``configs/default.yaml``'s ``article_summary`` can choose ``reduce`` (a second pass over the lede
and the section summaries), ``lede`` (the summary of the lede, else of the first section) or
``none``.

Batch jobs are safe to kill and re-run: with ``--out FILE.jsonl`` each finished document is
appended as one complete line (a single ``write`` on an append-only descriptor, then ``fsync``); a
re-run drops any torn last line and any failed records, skips documents already done and retries
the failed ones. A document that fails never stops the batch; the exit status is 1 if any failed.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.config import load_defaults
from pipeline.errors import ZhsumError
from pipeline.loading import resolve
from pipeline.readers import Document, Fields, InputError, iter_documents
from pipeline.segment import Segmented, segment
from pipeline.summarizers import Summarizer, build
from pipeline.text import split_sentences

GROUP_SECTIONS = 256  # sections summarized together (one batching pass)
GROUP_DOCS = 64


@dataclass
class Job:
    """One input document on its way to a record."""

    id: str
    source: str
    seg: Segmented | None = None
    error: str | None = None
    section_summaries: list[str] = field(default_factory=list)
    summary: str = ""


def make_record(job: Job, model: str, abstractive: bool) -> dict[str, object]:
    seg = job.seg
    sections = []
    if seg is not None and job.error is None:
        sections = [
            {"headline": s.headline, "level": s.level, "summary": summary}
            for s, summary in zip(seg.sections, job.section_summaries, strict=True)
        ]
    return {
        "id": job.id,
        "source": job.source,
        "title": seg.title if seg else None,
        "model": model,
        "abstractive": abstractive,
        "summary": job.summary if job.error is None else None,
        "sections": sections,
        "error": job.error,
    }


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return f"summarization failed: {type(exc).__name__}: {text[:300]}"


class SummaryPipeline:
    """Segment and summarize documents with one summarizer (the Python API behind the CLI)."""

    def __init__(self, model: str | None = None, *, device: str | None = None, precision: str | None = None,
                 engine: str | None = None, batch_size: int | None = None,
                 generation: dict[str, object] | None = None, article_summary: str | None = None,
                 trim_vocab: bool = False) -> None:
        defaults = load_defaults()
        cfg = resolve(model or defaults.model)
        self.model_name = cfg.name
        self.article_summary = article_summary or defaults.article_summary
        self.summarizer: Summarizer = build(
            cfg, defaults, device=device, precision=precision if precision != "auto" else None,
            engine=engine if engine != "auto" else None, batch_size=batch_size, generation=generation,
            trim_vocab=trim_vocab,
        )

    # ------------------------------------------------------------------ core

    def _article_input(self, seg: Segmented) -> str | None:
        """The text summarized into the article summary in the first pass, if any."""
        mode = self.article_summary
        if mode in ("none", "reduce") or (len(seg.sections) == 1 and not seg.lede):
            return None
        if mode == "lede":
            return seg.lede or None
        firsts = [split_sentences(s.text)[0] for s in seg.sections if s.text.strip()]
        return "\n".join([seg.lede, *firsts]).strip() or None

    def _summarize_jobs(self, jobs: Sequence[Job]) -> None:
        texts: list[str] = []
        articles: list[str | None] = []
        for job in jobs:
            seg = job.seg
            assert seg is not None
            texts += [s.text for s in seg.sections]
            articles.append(self._article_input(seg))
            if articles[-1] is not None:
                texts.append(articles[-1])
        summaries = iter(self.summarizer.summarize(texts))
        for job, article in zip(jobs, articles, strict=True):
            job.section_summaries = [next(summaries) for _ in job.seg.sections]  # type: ignore[union-attr]
            if article is not None:
                job.summary = next(summaries)
            elif self.article_summary != "none":
                job.summary = job.section_summaries[0]
        if self.article_summary != "reduce":
            return
        reduce_jobs = [j for j in jobs if len(j.seg.sections) > 1 or j.seg.lede]  # type: ignore[union-attr]
        inputs = ["\n".join([j.seg.lede, *j.section_summaries]).strip() for j in reduce_jobs]  # type: ignore[union-attr]
        for job, summary in zip(reduce_jobs, self.summarizer.summarize(inputs) if inputs else [], strict=True):
            job.summary = summary

    def run_jobs(self, jobs: Sequence[Job]) -> None:
        """Summarize a group together; if the group fails, each job alone, so one bad document
        cannot sink the others."""
        ready = [j for j in jobs if j.error is None]
        if not ready:
            return
        try:
            self._summarize_jobs(ready)
        except (RuntimeError, ValueError, IndexError, KeyError, TypeError, OSError) as exc:
            if len(ready) == 1:
                ready[0].error = _one_line(exc)
                return
            for job in ready:
                try:
                    self._summarize_jobs([job])
                except (RuntimeError, ValueError, IndexError, KeyError, TypeError, OSError) as one:
                    job.error = _one_line(one)

    # ------------------------------------------------------------------ conveniences

    def summarize_documents(self, docs: Iterable[Document | InputError]) -> Iterator[dict[str, object]]:
        """Records for documents (reader errors become records with ``error`` set), in order."""
        jobs = [to_job(d) for d in docs]
        for group in groups(jobs):
            self.run_jobs(group)
            for job in group:
                yield make_record(job, self.model_name, self.summarizer.abstractive)

    def summarize_text(self, text: str, doc_id: str = "text") -> dict[str, object]:
        from pipeline.readers import text_to_blocks

        (record,) = self.summarize_documents([Document(doc_id, doc_id, text_to_blocks(text))])
        return record


def to_job(item: Document | InputError) -> Job:
    if isinstance(item, InputError):
        return Job(item.doc_id, item.source, error=str(item))
    seg = segment(item)
    job = Job(item.id, item.source, seg=seg)
    if not seg.sections:
        job.error = f"{item.source}: no body text to summarize (only a title, bylines, captions or page furniture)"
    return job


def groups(jobs: Sequence[Job]) -> Iterator[list[Job]]:
    group: list[Job] = []
    sections = 0
    for job in jobs:
        group.append(job)
        sections += len(job.seg.sections) if job.seg else 0
        if sections >= GROUP_SECTIONS or len(group) >= GROUP_DOCS:
            yield group
            group, sections = [], 0
    if group:
        yield group


# --------------------------------------------------------------------------- output files


def load_done(path: Path, model: str) -> set[str]:
    """Ids already summarized in ``path``; rewrites it without torn or failed lines."""
    if not path.exists():
        return set()
    raw = path.read_bytes()
    keep: list[bytes] = []
    done: set[str] = set()
    lines = raw.split(b"\n")
    complete = lines[:-1] if not raw.endswith(b"\n") else lines  # a torn last line is dropped
    for line in complete:
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue
        if not isinstance(record, dict) or "id" not in record:
            continue
        if record.get("model") != model:
            raise ZhsumError(
                f"{path} holds summaries by model '{record.get('model')}'; pass another --out to summarize with '{model}'"
            )
        if record.get("error") is None:
            done.add(str(record["id"]))
            keep.append(line)
    new = b"".join(line + b"\n" for line in keep)
    if new != raw:
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(new)
        os.replace(tmp, path)
    return done


class LineWriter:
    """Append whole lines to a file (one ``os.write`` each, fsync per group) or to stdout."""

    def __init__(self, path: Path | None) -> None:
        self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644) if path else None

    def write(self, lines: Sequence[str]) -> None:
        if not lines:
            return
        data = "".join(line + "\n" for line in lines).encode("utf-8")
        if self.fd is None:
            sys.stdout.write(data.decode("utf-8"))
            sys.stdout.flush()
            return
        view = memoryview(data)
        while view:
            written = os.write(self.fd, view)
            view = view[written:]
        os.fsync(self.fd)

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)


def write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def record_markdown(record: dict[str, object]) -> str:
    kind = "abstractive" if record.get("abstractive") else "extractive"
    out = [f"## {record.get('title') or record['id']}", "", f"`{record['id']}` · model `{record['model']}` ({kind})", ""]
    if record.get("error"):
        return "\n".join([*out, f"**error:** {record['error']}", ""])
    out += [f"**摘要：** {record['summary']}", ""]
    for section in record["sections"]:  # type: ignore[union-attr]
        head = section["headline"] or "（正文）"
        out.append(f"{'  ' * (section['level'] - 1)}- **{head}** {section['summary']}")
    return "\n".join([*out, ""])


# --------------------------------------------------------------------------- the command


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
