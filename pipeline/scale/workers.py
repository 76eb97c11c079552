"""Every core of one machine: ``--workers N`` worker processes, each with its own engine.

The inputs are cut into splits (:mod:`pipeline.read.splits`: runs of files, ranges of a corpus's
lines); each worker process reads, segments and summarizes whole splits with its own
:class:`~pipeline.runner.SummaryPipeline` (the model loaded once per process, with the machine's
cores divided among the processes: ``threads`` = cores / workers) and sends the records back. The
main process keeps at most two splits per worker in flight and writes the records in input order,
so the output is the one of a single process, record for record and in the same order: a record
depends on its document only (the tests check that ``--workers 2`` writes what ``--workers 1``
writes). Up to rounding, that is: an input batched with other inputs is padded to another length,
and where two tokens are all but tied a model can pick the other one (int8 especially: on a
random-weight BART-base shape, 2 of 592 outputs differed between one batching pass over 128
documents and five; real models are rarely that close to a tie).

Why processes rather than CTranslate2 replicas (``inter_threads``) behind one engine: reading and
segmenting are Python and hold the GIL, so only processes spread them over cores (they are the
whole cost with ``lead``), and processes serve every engine (PyTorch, extractive models) the same
way. The price is one copy of the model per process (replicas would share one); ``--workers`` bounds
it. Measured 1 → 2 workers on a 2-core machine and 1 → 16 on 16 cores: eval/BENCHMARKS.md. Where
one process summarizes (a small input, ``--workers 1``) with more than one thread, its CTranslate2
engine does run replicas (:func:`pipeline.engine.devices.cpu_replicas`).

``workers: 0`` (the default) is one process per core on CPU and one on a GPU (an extractive model:
one per core everywhere); an input of up to :data:`SERIAL_DOCS` documents (counted in splits) or
standard input runs in this process. A split is :data:`SPLIT_DOCS` documents, or
:data:`SPLIT_DOCS_BATCHING` for a model that batches (a worker batches within its split).
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Generator, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, replace
from itertools import chain, islice
from multiprocessing import get_context
from multiprocessing.process import BaseProcess
from pathlib import Path

from pipeline import stops
from pipeline.engine.devices import cpu_count, cpu_threads, pick_device
from pipeline.errors import ZhsumError
from pipeline.jobs import not_done
from pipeline.jsonl import dumps
from pipeline.messages import warn_once
from pipeline.outputs import is_earlier_output
from pipeline.outputs.sinks import KeySet
from pipeline.read.document import Fields
from pipeline.read.splits import Split, plan_splits, read_split
from pipeline.records import SummaryRecord
from pipeline.runner import SummaryPipeline, to_job
from pipeline.settings import RunSettings
from pipeline.summarizers import is_extractive

SPLIT_DOCS = 16  # documents a worker takes at a time: small enough to keep every worker busy to the end
# A seq2seq model batches within a split, and a pool of 16 documents batches badly: on 1,000 press
# documents (BART-base shape) pools of 16 / 32 / 64 documents cost 1.66x / 1.39x / 1.20x the batches
# and 1.50x / 1.28x / 1.15x the padded input tokens of one pass over everything. 32 trades that
# against keeping every worker busy to the end (a split is then minutes of work on a CPU).
SPLIT_DOCS_BATCHING = 32
MAX_WORKERS_PER_CORE = 4  # beyond this, processes only add memory (--workers 100000 ran out of it)
SERIAL_DOCS = 64  # an input of up to this many documents runs in this process: starting workers costs more


def worker_count(settings: RunSettings) -> int:
    """The number of worker processes: ``settings.workers``, or for 0 one per core on CPU and one
    on a GPU (the GPU is the engine there: on an H100, four processes sharing it summarized 0.6x
    as fast as one). An extractive model never uses the GPU: one per core wherever it runs."""
    if settings.workers:
        if settings.workers > 1 and uses_gpu(settings):
            warn_once(
                f"warning: {settings.workers} worker processes share one GPU, each with its own copy "
                "of the model: usually slower than one (--workers 1)"
            )
        most = MAX_WORKERS_PER_CORE * cpu_count()
        if settings.workers > most:
            warn_once(
                f"warning: --workers {settings.workers} on {cpu_count()} cores: each worker holds its own "
                f"copy of the model and more than {MAX_WORKERS_PER_CORE} a core only add memory; "
                f"using {most}"
            )
            return most
        return settings.workers
    return 1 if uses_gpu(settings) else cpu_count()


def uses_gpu(settings: RunSettings) -> bool:
    """Whether the run's model runs on a GPU (an extractive model never does)."""
    return (
        settings.device != "cpu"
        and not is_extractive(settings.model_config)
        and pick_device(settings.device) != "cpu"
    )


def worker_settings(settings: RunSettings, workers: int) -> RunSettings:
    """The settings of one of ``workers`` processes: the cores divided among them."""
    return replace(settings, workers=1, threads=cpu_threads(settings.threads, workers))


@dataclass
class Encoded:
    """A split's records as their JSON lines, made by a worker so that the main process only writes
    them (pickling lines costs a quarter of pickling records); ``errors`` per record."""

    lines: list[str]
    errors: list[str | None]

    def records(self) -> list[SummaryRecord]:
        return [SummaryRecord.from_json(json.loads(line)) for line in self.lines]


@dataclass
class _State:
    settings: RunSettings
    fields: Fields
    done: KeySet
    pipeline: SummaryPipeline | None = None


_STATE: _State | None = None  # a worker process's own: set once when it starts


def summarize_split(
    split: Split, pipeline: SummaryPipeline, fields: Fields, max_doc_bytes: int, done: KeySet
) -> tuple[list[SummaryRecord], int]:
    """The records of one split's documents not in ``done``, in order, and how many were skipped."""
    skipped = 0

    def skip() -> None:
        nonlocal skipped
        skipped += 1

    docs = not_done(read_split(split, fields, max_doc_bytes=max_doc_bytes), done, skip)
    records = [record for group in pipeline.records(to_job(d) for d in docs) for record in group]
    return records, skipped


WATCH_SECONDS = 0.25  # how often a worker checks that the process that started it is alive


def _watch_parent(parent: int) -> None:
    """End this worker as soon as its parent is gone (killed with SIGKILL, or ended without shutting
    the pool down): a worker is re-parented then, and ``getppid`` changes. Without this, workers
    outlive a killed run, each holding a model copy and the run's standard output."""
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    os._exit(1)


# Ctrl-C and a closed terminal reach every process of the terminal's group: the parent stops the
# workers itself, so a worker ignores them (no traceback of its own, no half-sent result). They are
# blocked while the parent starts a worker (:func:`quiet_children`) and ignored once it runs.
_PARENT_STOPS = {
    s for s in (getattr(signal, "SIGINT", None), getattr(signal, "SIGHUP", None)) if s is not None
}


@contextmanager
def quiet_children() -> Iterator[None]:
    """Block Ctrl-C and SIGHUP in this thread while worker processes may start: a new process
    inherits the mask, so one that arrives while it imports waits until
    :func:`ignore_group_stops` drops it (a blocked signal of the parent is delivered when the
    block ends). Multiprocessing's resource tracker, started with the pool's first queue,
    unblocks only the signals it ignores itself (SIGINT, SIGTERM): SIGHUP stays blocked there,
    where it used to end the tracker (a warning and a screen of tracebacks as the run stopped).
    Starting it also unblocks SIGINT in this thread: each ``submit`` blocks again. Threads the
    pool starts meanwhile (its manager, its queue feeder) keep the block; stops go to the main
    thread, as they should. While blocked, two quick Ctrl-Cs count as one (a ``submit`` that starts
    a worker takes about as long as the worker takes to read its start-up data)."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, [])  # only asks: nothing to undo if a stop lands here
    try:
        signal.pthread_sigmask(signal.SIG_BLOCK, _PARENT_STOPS)
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def ignore_group_stops() -> None:
    """In a worker process: ignore Ctrl-C and SIGHUP (the parent ends its workers itself)."""
    for number in _PARENT_STOPS:
        signal.signal(number, signal.SIG_IGN)  # one pending since the start (blocked) is dropped
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _PARENT_STOPS)


def _start(settings: RunSettings, fields: Fields, done: KeySet, parent: int) -> None:
    global _STATE
    ignore_group_stops()
    _STATE = _State(settings, fields, done)
    threading.Thread(target=_watch_parent, args=(parent,), name="zhsum-parent-watch", daemon=True).start()


def _work(split: Split) -> tuple[Encoded, int] | str:
    """A worker's task (the model loads on its first split); a user-facing error comes back as text."""
    state = _STATE
    assert state is not None
    try:
        if state.pipeline is None:
            state.pipeline = SummaryPipeline(settings=state.settings)
        records, skipped = summarize_split(
            split, state.pipeline, state.fields, state.settings.max_doc_bytes, state.done
        )
    except ZhsumError as exc:
        return str(exc)
    return Encoded([dumps(r.to_json()) for r in records], [r.error for r in records]), skipped


def parallel_plan(
    paths: Sequence[str], settings: RunSettings, exclude: Sequence[Path]
) -> tuple[int, Iterator[Split]] | None:
    """``(workers, splits)`` when the run is to use worker processes; None for this process only
    (one worker, standard input, or too few splits to hold more than :data:`SERIAL_DOCS` documents)."""
    if "-" in paths:
        return None
    workers = worker_count(settings)
    if workers < 2:
        return None
    per_split = SPLIT_DOCS if is_extractive(settings.model_config) else SPLIT_DOCS_BATCHING
    splits = plan_splits(paths, docs_per_split=per_split, exclude=exclude, skip=is_earlier_output)
    min_splits = SERIAL_DOCS // per_split + 1
    head = list(islice(splits, min_splits))
    if len(head) < min_splits:
        return None
    return workers, chain(head, splits)


def parallel_records(
    splits: Iterator[Split], workers: int, settings: RunSettings, fields: Fields, done: KeySet
) -> Generator[tuple[Encoded, int], None, None]:
    """``(records, skipped)`` of every split, in input order, from ``workers`` processes."""
    child = worker_settings(settings, workers)
    context = get_context("spawn")  # no forked copies of loaded libraries or their threads
    window: deque[Future] = deque()
    with quiet_children():  # its queues start multiprocessing's resource tracker, a child too
        pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_start,
            initargs=(child, fields, done, os.getpid()),
        )
    finished = False
    try:
        for split in chain(splits, [None]):
            if split is not None:
                # a stop signal inside the pool's locks would hang its shutdown; a worker may start here
                with stops.held(), quiet_children():
                    window.append(pool.submit(_work, split))
            while window and (split is None or len(window) >= 2 * workers):
                result = stops.result(window.popleft(), between=lambda: watch_workers(pool))
                if isinstance(result, str):
                    raise ZhsumError(result)
                yield result
        finished = True
    except BrokenProcessPool:
        raise ZhsumError(
            "a worker process died (out of memory?); re-run with the same --out to resume, with fewer --workers"
        ) from None
    finally:
        if finished:
            with stops.held():
                pool.shutdown(wait=True)
        else:  # stopped early (an error, Ctrl-C, SIGTERM): do not wait minutes for splits in progress
            stop_pool(pool)


# The executor has no public table of its processes nor a public way to end a half-sent result:
# ``_processes`` and ``_result_queue`` (CPython 3.9 to 3.13) are used here and nowhere else, and
# without them stopping degrades to a plain shutdown.


def _processes(pool: ProcessPoolExecutor) -> list[BaseProcess]:
    return list((getattr(pool, "_processes", None) or {}).values())


def _end_half_sent(pool: ProcessPoolExecutor) -> None:
    """Let the pool's reader see the end of a result that a dead worker had begun to send.

    A worker that dies part-way through sending a result (killed by a SIGTERM to the whole process
    group, the out-of-memory killer, or :func:`stop_pool`) leaves the pool's reader thread waiting
    for the rest for ever, and ``shutdown`` waiting on that thread: this process's own copy of the
    result pipe's writing end keeps the pipe open. Closing it (the workers' copies close as they
    die; this process never writes there) turns the wait into an end of file, which the pool takes
    as a broken pool: its futures fail with :class:`BrokenProcessPool`."""
    writer = getattr(getattr(pool, "_result_queue", None), "_writer", None)
    if writer is not None:
        writer.close()


def watch_workers(pool: ProcessPoolExecutor) -> None:
    """While the main process waits for a result: a worker that died (out of memory, killed)
    breaks the pool even when it died part-way through sending (:func:`_end_half_sent`)."""
    if any(process.exitcode is not None for process in _processes(pool)):
        _end_half_sent(pool)


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Cancel what has not started and end the worker processes now. ``shutdown`` alone waits for
    the splits in progress (and so would Python's exit), so the processes are terminated first,
    and a result one of them was sending is ended (:func:`_end_half_sent`)."""
    with stops.held():  # a second stop signal ends the command (see pipeline.stops)
        for process in _processes(pool):
            process.terminate()
        _end_half_sent(pool)
        pool.shutdown(wait=True, cancel_futures=True)
