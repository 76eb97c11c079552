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

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from pipeline.config import load_defaults
from pipeline.engine.loading import resolve
from pipeline.errors import InputError
from pipeline.io.document import Document
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
        from pipeline.io.text import text_to_blocks

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


