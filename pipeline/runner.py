"""Summarize documents: segment, summarize every section, one :class:`SummaryRecord` per document.

The article summary (``summary``) is made, by default (``digest``), in the same batched pass as the
sections: the model summarizes a digest of the article, its lede followed by the first sentence of
every section (news puts the key fact first), so the whole article is covered at the cost of one
more input per document. A document of one section and no lede takes that section's summary as is.
The ``article_summary`` setting can choose ``reduce`` (a second pass over the lede and the section
summaries), ``lede`` (the summary of the lede, else of the first section) or ``none``.

Sections form an outline (by level): a section with sub-sections is summarized with the text of its
whole subtree (its own text and its sub-sections'), so no heading is left without a summary; each
record section keeps its ``level`` and its ``parent``. With ``max_chars`` set, every summary is cut to
that many characters (:func:`pipeline.text.cut_to`: at a sentence end, else a clause mark).

Documents stream through in bounded groups (:data:`GROUP_SECTIONS` sections or
:data:`GROUP_DOCS` documents): memory does not grow with the number of documents and the first
records come out as soon as the first group is done. A group is one token-budget batching pass, and
a small pool batches worse (a part-filled batch at its end, lengths sorted among fewer inputs): on
128 press documents with the BART-base shape, groups of 256 sections cost 12% more batches and 9%
more padded input tokens than one pass over everything. So for a model that batches, each group
may be twice the one before, up to :data:`GROUP_SECTIONS_MAX` sections / :data:`GROUP_DOCS_MAX`
documents (still bounded; the model's own memory dwarfs it). A document that fails never stops the
others.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from pipeline.engine.loading import resolve
from pipeline.errors import InputError, brief
from pipeline.io.document import Document
from pipeline.io.records import SectionSummary, SummaryRecord
from pipeline.segment import Segmented, segment
from pipeline.settings import RunSettings
from pipeline.settings import resolve as resolve_settings
from pipeline.summarizers import Summarizer, build
from pipeline.text import cut_to, split_sentences, strip_controls

GROUP_SECTIONS = 256  # sections summarized together (one batching pass): the first group
GROUP_DOCS = 64
GROUP_SECTIONS_MAX = 4096  # where later groups of a batching model stop growing
GROUP_DOCS_MAX = 1024


@dataclass
class Job:
    """One input document on its way to a record."""

    id: str
    source: str
    seg: Segmented | None = None
    error: str | None = None
    section_summaries: list[str] = field(default_factory=list)
    summary: str = ""


def _one_line(exc: BaseException) -> str:
    return f"summarization failed: {type(exc).__name__}: {brief(exc, 300)}"


def to_job(item: Document | InputError) -> Job:
    """A job for a read document (segmented here) or a reader's error."""
    if isinstance(item, InputError):
        return Job(item.doc_id, item.source, error=str(item))
    try:
        seg = segment(item)
    except (RecursionError, ValueError, IndexError, KeyError, TypeError) as exc:
        return Job(
            item.id,
            item.source,
            error=f"{item.source}: segmentation failed ({type(exc).__name__}); please report it",
        )
    job = Job(item.id, item.source, seg=seg)
    if not seg.lede.strip() and not any(s.text.strip() for s in seg.sections):
        job.error = f"{item.source}: no body text to summarize (only a title, headlines, bylines, captions or furniture)"
    return job


def outline(seg: Segmented) -> tuple[list[int | None], list[str]]:
    """Each section's parent index (the nearest earlier section of a lower level) and the text of
    its subtree: its own text followed by its descendants', in document order."""
    parents: list[int | None] = []
    stack: list[int] = []
    for i, section in enumerate(seg.sections):
        while stack and seg.sections[stack[-1]].level >= section.level:
            stack.pop()
        parents.append(stack[-1] if stack else None)
        stack.append(i)
    children: list[list[int]] = [[] for _ in seg.sections]
    for i, parent in enumerate(parents):
        if parent is not None:
            children[parent].append(i)
    texts = [s.text for s in seg.sections]
    for i in range(len(seg.sections) - 1, -1, -1):  # a child's subtree text is complete before its parent's
        if children[i]:
            texts[i] = "\n".join(
                t for t in (seg.sections[i].text, *(texts[j] for j in children[i])) if t.strip()
            )
    return parents, texts


def groups(jobs: Iterable[Job], grow: bool = False) -> Iterator[list[Job]]:
    """Consecutive jobs in groups of about :data:`GROUP_SECTIONS` sections or :data:`GROUP_DOCS`
    documents; with ``grow`` (a model that batches), each group up to twice the one before, up to
    :data:`GROUP_SECTIONS_MAX` / :data:`GROUP_DOCS_MAX`."""
    group: list[Job] = []
    sections = 0
    most_sections, most_docs = GROUP_SECTIONS, GROUP_DOCS
    for job in jobs:
        group.append(job)
        sections += len(job.seg.sections) if job.seg else 0
        if sections >= most_sections or len(group) >= most_docs:
            yield group
            group, sections = [], 0
            if grow:
                most_sections = min(2 * most_sections, GROUP_SECTIONS_MAX)
                most_docs = min(2 * most_docs, GROUP_DOCS_MAX)
    if group:
        yield group


def _clean(text: str | None) -> str | None:
    return strip_controls(text) if text is not None else None


class SummaryPipeline:
    """Segment and summarize documents with one summarizer (the Python API behind the CLI).

    ``options`` are run settings (see :mod:`pipeline.settings`): ``device``, ``precision``,
    ``engine``, ``batch_size``, ``batch_tokens``, ``article_summary``, ``trim_vocab``, and generation
    overrides (``num_beams``, ``max_new_tokens`` …, or ``generation={...}``). Or pass ``settings``
    already resolved.
    """

    def __init__(
        self, model: str | None = None, *, settings: RunSettings | None = None, **options: Any
    ) -> None:
        if settings is None:
            settings = resolve_settings({"model": model, **options}, names={k: f"{k}=" for k in options})
        self.settings = settings
        cfg = resolve(settings.model)
        self.model_name = cfg.name
        self.article_summary = settings.article_summary
        self.summarizer: Summarizer = build(cfg, settings)

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
        segs: list[Segmented] = []
        for job in jobs:
            assert job.seg is not None
            segs.append(job.seg)
            texts += outline(job.seg)[1]
            articles.append(self._article_input(job.seg))
            if articles[-1] is not None:
                texts.append(articles[-1])
        summaries = iter(self.summarizer.summarize(texts))
        for job, seg, article in zip(jobs, segs, articles, strict=True):
            job.section_summaries = [next(summaries) for _ in seg.sections]
            if article is not None:
                job.summary = next(summaries)
            elif self.article_summary != "none":
                job.summary = job.section_summaries[0]
        if self.article_summary != "reduce":
            return
        reduce_jobs = [(j, s) for j, s in zip(jobs, segs, strict=True) if len(s.sections) > 1 or s.lede]
        inputs = ["\n".join([s.lede, *j.section_summaries]).strip() for j, s in reduce_jobs]
        for (job, _), summary in zip(
            reduce_jobs, self.summarizer.summarize(inputs) if inputs else [], strict=True
        ):
            job.summary = summary

    def groups(self, jobs: Iterable[Job]) -> Iterator[list[Job]]:
        """:func:`groups` of ``jobs`` for this summarizer (growing where it batches)."""
        return groups(jobs, grow=self.summarizer.abstractive)

    def run_jobs(self, jobs: Sequence[Job]) -> None:
        """Summarize a group together; if the group fails, each job alone, so one bad document
        cannot sink the others."""
        ready = [j for j in jobs if j.error is None]
        if not ready:
            return
        try:
            self._summarize_jobs(ready)
        except (RuntimeError, ValueError, IndexError, KeyError, TypeError, OSError, MemoryError) as exc:
            if len(ready) == 1:
                ready[0].error = _one_line(exc)
                return
            for job in ready:
                try:
                    self._summarize_jobs([job])
                except (
                    RuntimeError,
                    ValueError,
                    IndexError,
                    KeyError,
                    TypeError,
                    OSError,
                    MemoryError,
                ) as one:
                    job.error = _one_line(one)

    def _finish(self, text: str) -> str:
        return cut_to(strip_controls(text), self.settings.max_chars)

    def record(self, job: Job) -> SummaryRecord:
        """The output record of a finished job (text from documents stripped of control characters)."""
        seg = job.seg
        sections: tuple[SectionSummary, ...] = ()
        if seg is not None and job.error is None:
            parents = outline(seg)[0]
            sections = tuple(
                SectionSummary(
                    _clean(s.headline),
                    s.level,
                    self._finish(summary),
                    parent,
                    _clean(getattr(s, "kicker", None)),
                    _clean(getattr(s, "subtitle", None)),
                )
                for s, summary, parent in zip(seg.sections, job.section_summaries, parents, strict=True)
            )
        return SummaryRecord(
            id=job.id,
            source=job.source,
            title=_clean(seg.title) if seg else None,
            model=self.model_name,
            abstractive=self.summarizer.abstractive,
            summary=self._finish(job.summary) if job.error is None else None,
            sections=sections,
            error=job.error,
        )

    # ------------------------------------------------------------------ conveniences

    def summarize_documents(self, docs: Iterable[Document | InputError]) -> Iterator[SummaryRecord]:
        """Records for documents (reader errors become records with ``error`` set), in order,
        streaming: documents are read and segmented only as their group comes up."""
        for group in self.groups(to_job(d) for d in docs):
            self.run_jobs(group)
            yield from (self.record(job) for job in group)

    def summarize_text(self, text: str, doc_id: str = "text") -> SummaryRecord:
        from pipeline.io.text import text_to_blocks

        (record,) = self.summarize_documents([Document(doc_id, doc_id, text_to_blocks(text))])
        return record
