"""Summarize documents: segment, summarize every section, one :class:`SummaryRecord` per document.

The article summary (``summary``) is made, by default (``digest``), in the same batched pass as the
sections: the model summarizes a digest of the article (:func:`article_digest`), its lede followed
by the head of each section's first sentence (news puts the key fact first) as far as
:data:`INPUT_BOUND` allows (an extractive model: every section's whole first sentence), so the
article is covered at the cost of one more input per document. A document of one section and no
lede, or whose digest would be empty, takes its first section summary that has text, as is. The
``article_summary`` setting can choose ``reduce`` (a second pass over the lede and the section
summaries), ``lede`` (the summary of the lede, else of the first section with one) or ``none``.

Sections form an outline (by level), and every heading gets a summary, without the parent
repeating its children or costing their text again:

* a model that generates text summarizes a parent section from a *digest*: its own text and the
  first sentence of each sub-section's digest, so the whole outline costs about its text once
  (the leaf sections' cost) rather than once per level;
* an extractive model picks a parent's sentences from its whole subtree, but not those its
  sub-sections' summaries already use.

Tables (:attr:`Segmented.tables`) are in no section's text: no model reads a table as prose, so
numbers are never run together across cells; a section that is only a table gets the summary ""
and its record counts its ``tables``; a document of tables alone gets the summary "" (no error).

A document without headlines (its body one headless section) gets its article summary from the
whole article and no pseudo-section repeating it. With ``max_chars`` set, every summary fits it:
extractive summaries are whole sentences within the budget; a generated summary is cut after its
last sentence that fits; only where one sentence alone is longer is it cut at a clause and marked
``truncated``. Every summary's numbers are checked against its source (:mod:`pipeline.evidence`):
the ones the source does not hold are listed in ``unsupported``.

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

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from pipeline.errors import InputError, brief, place
from pipeline.evidence import Value, source_values, unsupported_numbers
from pipeline.read.document import Document, real_path
from pipeline.records import SectionSummary, SummaryRecord
from pipeline.segment import Segmented, segment
from pipeline.settings import RunSettings, settings_id
from pipeline.settings import resolve as resolve_settings
from pipeline.summarizers import Summarizer, build
from pipeline.summarizers.base import Summary
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
    section_summaries: list[Summary] = field(default_factory=list)
    summary: Summary = field(default_factory=lambda: Summary(""))
    tree: Outline | None = None  # the outline its sections were summarized by (the record reuses it)
    where: str = ""  # how its errors name it (:func:`where`); its source when empty


def _one_line(job: Job, exc: BaseException) -> str:
    return f"{job.where or job.source}: summarization failed: {type(exc).__name__}: {brief(exc, 300)}"


def where(doc: Document) -> str:
    """How an error names a document: its file, and for a corpus record its line (``FILE:LINE``,
    as a reader's error on that line does) and its own id where it has one, so that a failure in
    a corpus of 20,000 records can be found (the file's name alone could not)."""
    line = doc.meta.get("line")
    if doc.meta.get("format") != "record" or not isinstance(line, int):
        return doc.source
    return place(doc.source, line, doc.id)


def to_job(item: Document | InputError) -> Job:
    """A job for a read document (segmented here) or a reader's error."""
    if not isinstance(item, (Document, InputError)):
        raise TypeError(
            f"summarize_documents() takes Documents (from iter_documents()), not {type(item).__name__}"
            + ("; for an article's text use summarize_text()" if isinstance(item, str) else "")
        )
    if isinstance(item, InputError):
        return Job(item.doc_id, item.source, error=str(item))
    here = where(item)
    try:
        seg = segment(item)
    except (RecursionError, ValueError, IndexError, KeyError, TypeError) as exc:
        return Job(
            item.id,
            item.source,
            error=f"{here}: segmentation failed ({type(exc).__name__}); please report it",
            where=here,
        )
    job = Job(item.id, item.source, seg=seg, where=here)
    if not seg.lede.strip() and not any(s.text.strip() for s in seg.sections) and not seg.tables:
        job.error = (
            f"{here}: no body text to summarize (only a title, headlines, bylines, captions or furniture)"
        )
    return job


@dataclass(frozen=True)
class Outline:
    """The sections of a document as a tree: each one's ``parent`` index (the nearest earlier
    section of a lower level), its ``children``, the text of its ``subtree`` (its own text and its
    descendants', in document order) and its ``digest`` (its own text and the :func:`lead_in` of
    each child's digest: what a generating model reads for a parent; a leaf's digest is its text)."""

    parents: list[int | None]
    children: list[list[int]]
    subtree: list[str]
    digest: list[str]


def _join(parts: Iterable[str]) -> str:
    return "\n".join(p for p in parts if p.strip())


def outline(seg: Segmented) -> Outline:
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
    subtree = [s.text for s in seg.sections]
    digest = [s.text for s in seg.sections]
    for i in range(len(seg.sections) - 1, -1, -1):  # children (later in the document) first
        if children[i]:
            own = seg.sections[i].text
            subtree[i] = _join([own, *(subtree[j] for j in children[i])])
            digest[i] = _join([own, *(lead_in(digest[j]) for j in children[i])])
    return Outline(parents, children, subtree, digest)


DIGEST_LEAD_IN = 40  # characters of each child's first sentence in its parent's digest


def lead_in(text: str, limit: int = DIGEST_LEAD_IN) -> str:
    """The first sentence of ``text``, at most ``limit`` characters: a longer one is cut after its
    last clause mark (，；：, not the list mark 、) within the limit, else at the limit. Over the shared pages and
    reports, section digests and article digests together read 1.102x the documents' own text, 3 of
    113 documents over :data:`INPUT_BOUND` (notices whose sub-sections are single sentences, up to
    1.389x); eval/summary_checks.py."""
    first = (split_sentences(text) or [""])[0]
    if len(first) <= limit:
        return first
    head = first[:limit]
    cut = max(head.rfind(m) for m in "，；;,：:")
    return head[: cut + 1] if cut >= limit // 3 else head


INPUT_BOUND = 1.3
"""What a generating model reads of a document (section digests and the article digest), at most,
as a multiple of the document's own text (its lede and every section's text, once): issue #20's
bound on the cost of outline summaries."""


def own_chars(seg: Segmented) -> int:
    """A document's own text in characters, each part once (its lede and every section's text):
    what :data:`INPUT_BOUND` is a multiple of."""
    return len(seg.lede) + sum(len(s.text) for s in seg.sections)


def article_digest(seg: Segmented, tree: Outline, bound: float | None = INPUT_BOUND) -> str:
    """The default article input: the lede whole (written to be the summary; it is the document's
    own text, read once), then the :func:`lead_in` of each section in document order for as long as
    the document's inputs stay within ``bound`` times its own text; "" when nothing fits. Heads
    without a word character (a section of "……") are left out.

    Where the section digests alone exceed the bound (a notice whose sub-sections are single
    sentences: its parents' digests are their subtrees), only the lede is added. ``bound`` None (an
    extractive model: it picks whole sentences, and its input costs nothing): the lede and every
    section's whole first sentence."""
    if bound is None:
        firsts = [(split_sentences(s.text) or [""])[0] for s in seg.sections if s.text.strip()]
        return _join([seg.lede, *firsts]).strip()
    left = bound * own_chars(seg) - sum(map(len, tree.digest)) - len(seg.lede)
    parts = [seg.lede]
    for section in seg.sections:
        head = lead_in(section.text)
        if not _WORD.search(head):
            continue
        if len(head) + 1 > left:  # (+1: the line break joining it)
            break
        parts.append(head)
        left -= len(head) + 1
    return _join(parts).strip()


_WORD = re.compile(r"\w")


def headless(seg: Segmented) -> bool:
    """A document without headlines: its body is one section with no headline block."""
    return len(seg.sections) == 1 and not (
        seg.sections[0].headline
        or getattr(seg.sections[0], "kicker", None)
        or getattr(seg.sections[0], "subtitle", None)
    )


def article_input(seg: Segmented, tree: Outline, mode: str, bound: float | None) -> str | None:
    """The text summarized into the article summary in the first pass, if any, by the
    ``article_summary`` ``mode`` (``bound``: :func:`article_digest`'s)."""
    if mode == "none":
        return None
    if headless(seg):  # the article summary is the document's only summary: from all of it
        return _join([seg.lede, seg.sections[0].text]) or None
    if mode == "reduce" or (len(seg.sections) == 1 and not seg.lede):
        return None
    if mode == "lede":
        return seg.lede or None
    return article_digest(seg, tree, bound) or None


def article_only(seg: Segmented, article: str | None) -> bool:
    """Whether a document's article summary is its only summary (no headlines, and an article input
    from all of it): its section is then not summarized apart."""
    return headless(seg) and article is not None


def _source_values(seg: Segmented, tree: Outline) -> tuple[list[set[Value]], set[Value]]:
    """The values (:func:`pipeline.evidence.source_values`) each section's subtree holds, and the
    whole document's (title, lede, every section): each text read once and the sets combined, the
    same values as reading the joined texts again (no number spans the line break that joins them)."""
    own = [source_values(s.text) for s in seg.sections]
    subtree = [set(v) for v in own]
    for i in range(len(seg.sections) - 1, -1, -1):  # children (later in the document) first
        for child in tree.children[i]:
            subtree[i] |= subtree[child]
    document = source_values(seg.title or "") | source_values(seg.lede)
    for values in own:
        document |= values
    return subtree, document


def _unsupported(summary: str, values: set[Value]) -> tuple[str, ...]:
    return tuple(x.text for x in unsupported_numbers(summary, "", values))


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
            settings = resolve_settings({"model": model, **options}, names={k: k for k in options})
        self.settings = settings
        cfg = settings.model_config
        self.model_name = cfg.name
        self.settings_id = settings_id(settings)
        self.article_summary = settings.article_summary
        self.summarizer: Summarizer = build(cfg, settings)

    # ------------------------------------------------------------------ core

    def _section_summaries(self, seg: Segmented, tree: Outline) -> list[Summary] | None:
        """An extractive summarizer's section summaries, children before parents so that a parent
        leaves out the sentences its descendants use; None for a summarizer that generates (its
        sections go into the batch)."""
        if self.summarizer.abstractive:
            return None
        out: list[Summary] = [Summary("")] * len(seg.sections)
        used: list[set[str]] = [set() for _ in seg.sections]
        for i in range(len(seg.sections) - 1, -1, -1):
            below = set().union(*(used[c] for c in tree.children[i]))
            (out[i],) = self.summarizer.summaries([tree.subtree[i]], exclude=[below])
            used[i] = below | set(out[i].used)
        return out

    def _summarize_jobs(self, jobs: Sequence[Job]) -> None:
        texts: list[str] = []
        articles: list[str | None] = []
        segs: list[Segmented] = []
        done: list[list[Summary] | None] = []
        bound = INPUT_BOUND if self.summarizer.abstractive else None
        for job in jobs:
            assert job.seg is not None
            seg = job.seg
            segs.append(seg)
            tree = job.tree = outline(seg)
            articles.append(article_input(seg, tree, self.article_summary, bound))
            done.append([] if article_only(seg, articles[-1]) else self._section_summaries(seg, tree))
            if done[-1] is None:
                texts += tree.digest
            if articles[-1] is not None:
                texts.append(articles[-1])
        summaries = iter(self.summarizer.summaries(texts))
        for job, seg, article, ready in zip(jobs, segs, articles, done, strict=True):
            job.section_summaries = ready if ready is not None else [next(summaries) for _ in seg.sections]
            if article is not None:
                job.summary = next(summaries)
            elif self.article_summary != "none" and job.section_summaries:  # the first with text
                job.summary = next((x for x in job.section_summaries if x.text), job.section_summaries[0])
        if self.article_summary != "reduce":
            return
        reduce_jobs = [
            (j, s)
            for j, s in zip(jobs, segs, strict=True)
            if (len(s.sections) > 1 or s.lede) and not headless(s)
        ]
        inputs = ["\n".join([s.lede, *(x.text for x in j.section_summaries)]).strip() for j, s in reduce_jobs]
        for (job, _), summary in zip(
            reduce_jobs, self.summarizer.summaries(inputs) if inputs else [], strict=True
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
                ready[0].error = _one_line(ready[0], exc)
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
                    job.error = _one_line(job, one)

    def _finish(self, summary: Summary) -> tuple[str, bool]:
        """A summary's text within ``max_chars`` (after its last sentence that fits; cut at a clause
        only when one sentence is longer: then truncated), control characters removed."""
        text = strip_controls(summary.text)
        budget = self.settings.max_chars
        if not budget or len(text) <= budget:
            return text, summary.truncated
        cut = cut_to(text, budget)
        return cut, summary.truncated or not text.startswith(cut)

    def _section(
        self, section: Any, parent: int | None, summary: Summary, values: set[Value], tables: int
    ) -> SectionSummary:
        text, truncated = self._finish(summary)
        return SectionSummary(
            _clean(section.headline),
            section.level,
            text,
            parent,
            _clean(getattr(section, "kicker", None)),
            _clean(getattr(section, "subtitle", None)),
            truncated,
            _unsupported(text, values),
            summary.fallback,
            tables,
        )

    def record(self, job: Job) -> SummaryRecord:
        """The output record of a finished job (text from documents stripped of control characters)."""
        seg = job.seg
        sections: tuple[SectionSummary, ...] = ()
        summary: str | None = None
        truncated = False
        unsupported: tuple[str, ...] = ()
        if seg is not None and job.error is None:
            tree = job.tree or outline(seg)
            subtree_values, document_values = _source_values(seg, tree)
            if job.section_summaries:  # none for a document without headlines (see the module docstring)
                counts = Counter(t.section for t in seg.tables)
                tables = [counts[i] for i in range(len(seg.sections))]
                sections = tuple(
                    self._section(s, parent, summ, values, n)
                    for s, summ, parent, values, n in zip(
                        seg.sections, job.section_summaries, tree.parents, subtree_values, tables, strict=True
                    )
                )
            summary, truncated = self._finish(job.summary)
            unsupported = _unsupported(summary, document_values)
        return SummaryRecord(
            id=job.id,
            source=job.source,
            path=real_path(job.source),
            title=_clean(seg.title) if seg else None,
            model=self.model_name,
            settings=self.settings_id,
            abstractive=self.summarizer.abstractive,
            summary=summary,
            sections=sections,
            tables=len(seg.tables) if seg is not None and job.error is None else 0,
            error=job.error,
            truncated=truncated,
            unsupported=unsupported,
            fallback=job.summary.fallback if job.error is None else False,
        )

    # ------------------------------------------------------------------ conveniences

    def records(self, jobs: Iterable[Job]) -> Iterator[list[SummaryRecord]]:
        """The one job loop (one process, a worker process, a Ray actor): jobs in groups, each
        group summarized together, then its records, in order."""
        for group in self.groups(jobs):
            self.run_jobs(group)
            yield [self.record(job) for job in group]

    def summarize_documents(self, docs: Iterable[Document | InputError]) -> Iterator[SummaryRecord]:
        """Records for documents (reader errors become records with ``error`` set), in order,
        streaming: documents are read and segmented only as their group comes up."""
        for records in self.records(to_job(d) for d in docs):
            yield from records

    def summarize_text(self, text: str, doc_id: str = "text") -> SummaryRecord:
        from pipeline.read.text import text_to_blocks

        (record,) = self.summarize_documents([Document(doc_id, doc_id, text_to_blocks(text))])
        return record
