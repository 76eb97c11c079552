"""Many machines: ``zhsum summarize INPUT... --ray [ADDRESS] --out FOLDER`` on Ray Data.

Ray Data's pattern for offline batch inference, with zhsum's own stages in it:

1. the driver checks the output folder (:mod:`pipeline.outputs.shards`), takes its lock, refuses duplicate
   ids and reads which documents are done, exactly as the local path does for a file; then it cuts
   the inputs into splits (:mod:`pipeline.read.splits`: runs of files, ranges of a JSONL corpus's
   lines, row groups of a Parquet file) and makes them a Dataset (``ray.data.from_items``), so a folder or a large corpus is
   spread across blocks;
2. CPU tasks (``map_batches`` of a function) read each split and segment its documents
   (:func:`~pipeline.runner.to_job`), skipping those already done; each row is one document with
   its segmented sections: its model inputs;
3. a pool of actors (``map_batches`` of a class), each loading the model once (CTranslate2 on CPU;
   PyTorch with ``num_gpus=1`` per actor where the cluster has GPUs), summarizes batches of those
   rows with the local path's own code (:meth:`~pipeline.runner.SummaryPipeline.run_jobs`: every
   section, chunk and article digest of the batch's documents batched together by token budget) and
   turns each document into its record (:meth:`~pipeline.runner.SummaryPipeline.record`); a failing
   document is an error record, and a lost task or actor is retried by Ray. An extractive model
   (``lead``, ``textrank``) has no weights to load once: its CPU tasks summarize too, and there is no
   actor stage (one pickling round trip fewer: the whole cost with ``lead`` is Python per document);
4. the records stream back to the driver, in input order, which writes them into shards.

Where this departs from the textbook pattern, and why:

* Inputs are not read with ``ray.data.read_json``/``read_csv``: those fail a whole file on one bad
  line and lose line numbers, while zhsum makes a bad line one error record and names records
  without an id ``FILE#LINE``; splits read through zhsum's own readers give the same documents.
* A document's model inputs travel together in its row rather than one row per input: regrouping
  rows by document would need ``groupby``, an all-to-all barrier that holds every input in the object
  store before the first record comes out. A document's inputs are still batched with those of the
  other documents of the actor's batch, which is what the token-budget batching needs.
* Records are written by the driver, not by ``write_json`` on the workers: the driver holds the lock,
  shards get the exact lines the local path writes (appended whole, ``fsync``-ed; Parquet renamed
  into place) and the output folder need not be on storage every node can write. Records are small
  (about 1 kB): writing them costs the driver about 0.1 ms a document, far from limiting. Inputs, though, are read by the workers: every
  node must see them at the same path (a shared filesystem).

So the records are those of the local path, record for record (the tests check it with a tiny
seq2seq model and with ``lead``; up to rounding in batched generation, as :mod:`pipeline.scale.workers`
says), written in input order (``preserve_order``).
"""

from __future__ import annotations

import logging
import os
import pickle
import sys
import time
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from pipeline.engine.devices import cpu_count, cpu_threads
from pipeline.errors import ZhsumError, brief
from pipeline.jobs import Batch, Outcome, count_unique, fingerprint, not_done, progress_bar
from pipeline.jsonl import dumps
from pipeline.messages import error
from pipeline.outputs import is_earlier_output, names
from pipeline.outputs.protocol import open_output
from pipeline.outputs.shards import ShardWriter
from pipeline.read.document import Fields
from pipeline.read.splits import Split, plan_splits, read_split
from pipeline.runner import Job, SummaryPipeline, to_job
from pipeline.settings import RunSettings, settings_id
from pipeline.summarizers import is_extractive

# documents (files, or lines of a corpus) per split, one CPU task: about TASKS_PER_CPU tasks per CPU
# of the cluster, within these limits. A Ray Data task has a fixed cost of its own: 100,000 `lead`
# documents took 75.6 s in splits of 256, 50.1 s in splits of 1,024 and 47.3 s of 4,096 here.
MIN_SPLIT_DOCS = 64
MAX_SPLIT_DOCS = 4096
TASKS_PER_CPU = 4
TASK_CPUS = 0.5  # logical CPUs a CPU task reserves next to model actors (reading and segmenting one split)
EXTRACTIVE_TASK_CPUS = 1.0  # with an extractive model, where tasks do all the work: one a core
ACTOR_CPU_SHARE = 0.75  # of its threads' cores, what a CPU model actor reserves
TASK_RETRIES = 3  # a batch whose actor dies is retried on a new one this many times (Ray's default: forever)
ACTOR_BATCH = 16  # documents per call of a CPU actor (about 100 model inputs: full token-budget batches)
GPU_ACTOR_BATCH = 64  # documents per call of a GPU actor (the local path's group size; 16x the token budget)
LOCAL_OBJECT_STORE = 512 * 2**20  # a local instance's shared memory for blocks in flight


def import_ray() -> Any:
    """The ``ray`` module with Ray Data, or a one-line error saying how to install it."""
    try:
        import ray
        import ray.data
    except ImportError:
        raise ZhsumError(
            "--ray needs Ray Data, which is not installed: pip install 'zhsum[ray]' (or run without --ray)"
        ) from None
    return ray


def _zhsum_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k.startswith("ZHSUM_")}


def _apply_env(env: dict[str, str]) -> None:
    """The driver's ``ZHSUM_*`` variables (config folder, cache) in a Ray worker process, which may
    have run tasks of another job before."""
    for key in [k for k in os.environ if k.startswith("ZHSUM_") and k not in env]:
        del os.environ[key]
    os.environ.update(env)


@contextmanager
def _quiet_stderr() -> Iterator[None]:
    """File descriptor 2 sent to /dev/null while Ray starts: its C++ core prints start-up notes there
    that are not about this run (they stay in Ray's logs, /tmp/ray/session_latest/logs)."""
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def connect(ray: Any, address: str | None) -> bool:
    """Join the cluster at ``address`` (``auto``: the one this machine belongs to), or start a local
    instance when ``address`` is None; True when this call started Ray (and must shut it down)."""
    if ray.is_initialized():
        return False
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    # Ray's C++ core logs, at error level, notes that are not errors of this run (about actor
    # restarts, on every start); they stay in Ray's session folder (/tmp/ray/session_latest/logs)
    os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "fatal")
    logging.getLogger("ray.data").setLevel(logging.ERROR)  # no per-run banners on the user's terminal
    quiet = {"include_dashboard": False, "logging_level": logging.ERROR, "log_to_driver": False}
    try:
        with _quiet_stderr():
            if address is None:
                ray.init(num_cpus=cpu_count(), object_store_memory=LOCAL_OBJECT_STORE, **quiet)
            else:
                ray.init(address=address, **quiet)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        detail = brief(exc, 160)
        where = f"--ray {address}: cannot join a Ray cluster there" if address else "--ray: Ray did not start"
        raise ZhsumError(
            f"{where} ({detail}); start one with `ray start --head`, or pass --ray alone for a local one"
        ) from None
    return True


# --------------------------------------------------------------------------- the stages (run on workers)


class _Done:
    """Keys of the documents done, sorted (a numpy array shared through the object store)."""

    def __init__(self, keys: Any) -> None:
        self.keys = keys

    def __contains__(self, key: int) -> bool:
        import numpy as np

        i = int(np.searchsorted(self.keys, np.uint64(key)))
        return i < len(self.keys) and int(self.keys[i]) == key

    def __len__(self) -> int:
        return len(self.keys)


def _jobs(
    batch: Any, fields: Fields, max_doc_bytes: int, done_ref: Any, env: dict[str, str]
) -> Iterator[Job]:
    """The jobs of the batch's splits: documents read and segmented, those done skipped."""
    import ray

    _apply_env(env)
    done = _Done(ray.get(done_ref))
    for blob in batch.column("split").to_pylist():
        split: Split = pickle.loads(blob)
        for doc in not_done(read_split(split, fields, max_doc_bytes=max_doc_bytes), done):
            yield to_job(doc)


def _records(pipeline: SummaryPipeline, jobs: Iterable[Job]) -> Any:
    """The record lines of ``jobs``, summarized in the local path's groups (``run_jobs``: one
    token-budget batching pass a group; a failing document is an error record)."""
    import pyarrow as pa

    lines: list[str] = []
    errors: list[str | None] = []
    for records in pipeline.records(jobs):
        for record in records:
            lines.append(dumps(record.to_json()))
            errors.append(record.error)
    return pa.table({"line": pa.array(lines, pa.string()), "error": pa.array(errors, pa.string())})


def prepare(batch: Any, fields: Fields, max_doc_bytes: int, done_ref: Any, env: dict[str, str]) -> Any:
    """CPU task: read the batch's splits and segment their documents, skipping those done; one row
    per document (the pickled :class:`~pipeline.runner.Job`: its sections, the model's inputs)."""
    import pyarrow as pa

    jobs = [
        pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)
        for job in _jobs(batch, fields, max_doc_bytes, done_ref, env)
    ]
    return pa.table({"job": pa.array(jobs, pa.binary())})


_EXTRACTIVE: list[tuple[RunSettings, SummaryPipeline]] = []  # a worker process's own, for the last settings


def prepare_extractive(
    batch: Any, settings: RunSettings, fields: Fields, max_doc_bytes: int, done_ref: Any, env: dict[str, str]
) -> Any:
    """CPU task for an extractive model (no weights, nothing to load once): read, segment and
    summarize; record lines."""
    jobs = list(_jobs(batch, fields, max_doc_bytes, done_ref, env))
    if not _EXTRACTIVE or _EXTRACTIVE[0][0] != settings:
        _EXTRACTIVE[:] = [(settings, SummaryPipeline(settings=settings))]
    return _records(_EXTRACTIVE[0][1], jobs)


class Summarize:
    """Actor: the model loaded once; each call summarizes a batch of documents into record lines."""

    def __init__(self, settings: RunSettings, env: dict[str, str]) -> None:
        _apply_env(env)
        self.pipeline = SummaryPipeline(settings=settings)

    def __call__(self, batch: Any) -> Any:
        return _records(self.pipeline, (pickle.loads(blob) for blob in batch.column("job").to_pylist()))


# --------------------------------------------------------------------------- the driver


def actor_plan(ray: Any, settings: RunSettings) -> tuple[int, dict[str, Any], RunSettings]:
    """How many model actors, the resources each reserves, and their settings (``workers`` sets
    the count):

    * where the cluster has GPUs (and ``--device`` is not cpu), one actor per GPU (``num_gpus=1``);
    * a seq2seq model on CPU: one actor per ``threads`` cores (default 1 thread: two one-thread
      engines beat one two-thread engine by 1.45x here, docs/notes/NOTES-issue-10.md), each reserving
      :data:`ACTOR_CPU_SHARE` of its cores so that the CPU tasks always find room (a pool that
      reserves every CPU starves them and the run never ends);
    (An extractive model has no actors: the CPU tasks summarize too, :func:`prepare_extractive`.)
    """
    resources = ray.cluster_resources()
    gpus = int(resources.get("GPU", 0))
    cpus = max(1, int(resources.get("CPU", 1)))
    if gpus and settings.device != "cpu":
        device = settings.device if settings.device != "auto" else "cuda"
        actors = settings.workers or gpus
        return actors, {"num_gpus": 1, "num_cpus": 1}, replace(settings, device=device, workers=1)
    threads = cpu_threads(settings.threads, copies=cpus, cores=cpus)  # one actor per core by default
    actors = settings.workers or max(1, cpus // threads)
    return (
        actors,
        {"num_cpus": threads * ACTOR_CPU_SHARE},
        replace(settings, device="cpu", workers=1, threads=threads),
    )


def _user_error(exc: BaseException) -> ZhsumError | None:
    """The zhsum error behind an exception raised through Ray, if any."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        current = todo.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, ZhsumError):
            return current
        todo += [current.__cause__, current.__context__, getattr(current, "cause", None)]
    return None


def dataset(
    ray: Any, splits: list[Split], settings: RunSettings, fields: Fields, done: Any, todo: int
) -> Any:
    """The Dataset of record lines (see the module docstring) for ``todo`` documents to summarize."""
    import numpy as np

    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True
    context.enable_progress_bars = False
    context.print_on_execution_start = False
    context.enable_auto_log_stats = False
    env = _zhsum_env()
    keys = np.frombuffer(memoryview(done.keys), dtype=np.uint64) if len(done) else np.zeros(0, np.uint64)
    done_ref = ray.put(keys)
    items = [{"split": pickle.dumps(s, protocol=pickle.HIGHEST_PROTOCOL)} for s in splits]
    ds = ray.data.from_items(items, override_num_blocks=max(1, len(items)))
    reading = {"fields": fields, "max_doc_bytes": settings.max_doc_bytes, "done_ref": done_ref, "env": env}
    if is_extractive(settings.model_config):
        return ds.map_batches(
            prepare_extractive,
            batch_size=1,
            batch_format="pyarrow",
            fn_kwargs={"settings": replace(settings, workers=1), **reading},
            num_cpus=EXTRACTIVE_TASK_CPUS,
        )
    ds = ds.map_batches(prepare, batch_size=1, batch_format="pyarrow", fn_kwargs=reading, num_cpus=TASK_CPUS)
    actors, resources, actor_settings = actor_plan(ray, settings)
    per_call = GPU_ACTOR_BATCH if "num_gpus" in resources else ACTOR_BATCH
    actors = min(actors, max(1, -(-todo // per_call)))  # no model loaded for an actor without work
    with warnings.catch_warnings():  # max_task_retries is not a named parameter of map_batches (yet)
        warnings.simplefilter("ignore", DeprecationWarning)
        return ds.map_batches(
            Summarize,
            batch_size=per_call,
            batch_format="pyarrow",
            fn_constructor_kwargs={"settings": actor_settings, "env": env},
            compute=ray.data.ActorPoolStrategy(size=actors),
            max_task_retries=TASK_RETRIES,
            **resources,
        )


def run_ray(
    paths: list[str],
    out: Path,
    fmt: str,
    settings: RunSettings,
    address: str | None,
    fields: Fields = Fields(),
    *,
    progress: bool = True,
    on_error: Callable[[str], None] | None = None,
) -> Any:
    """Summarize every document of ``paths`` into the folder ``out`` on Ray (module docstring);
    returns the batch :class:`~pipeline.jobs.Outcome`."""
    shard_formats = names(shards=True)
    if fmt not in shard_formats:
        choices = " or ".join(shard_formats)
        raise ZhsumError(f"--ray writes {choices} shards, not {fmt} (pass --format {choices})")
    if "-" in paths:
        raise ZhsumError("--ray reads files, not standard input: save it to a file and pass that")
    ray = import_ray()
    model = settings.model_config.name
    report = on_error or error
    made = fingerprint(settings, fields)
    with open_output(out, fmt, model, made, paths, shards=True, settings=settings_id(settings)) as output:
        done, exclude = output.done, output.exclude
        total = count_unique(Batch(paths, fields=fields), settings, exclude, done)
        outcome = Outcome()
        started = connect(ray, address)
        try:
            cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))
            per = max(MIN_SPLIT_DOCS, min(MAX_SPLIT_DOCS, (total - len(done)) // (TASKS_PER_CPU * cpus)))
            splits = list(plan_splits(paths, docs_per_split=per, exclude=exclude, skip=is_earlier_output))
            start = time.perf_counter()
            todo = max(0, total - len(done))
            with warnings.catch_warnings():  # Ray's notes on its own settings are not the user's business
                warnings.filterwarnings("ignore", module=r"ray(\.|$)")
                ds = dataset(ray, splits, settings, fields, done, todo)
                _drive(ds, out, fmt, outcome, report, todo, progress, model)
            outcome.seconds = time.perf_counter() - start
        except ray.exceptions.RayError as exc:
            user = _user_error(exc)
            if user is not None:
                raise ZhsumError(str(user)) from None
            raise ZhsumError(
                f"the Ray run failed ({type(exc).__name__}: {brief(exc, 200)}); the records written so far are kept: "
                f"re-run with the same --out to resume (Ray's logs: /tmp/ray/session_latest/logs)"
            ) from None
        finally:
            if started:
                ray.shutdown()
    outcome.skipped = total - outcome.summarized - outcome.failed
    return outcome


def _drive(
    ds: Any,
    out: Path,
    fmt: str,
    outcome: Any,
    report: Callable[[str], None],
    todo: int,
    progress: bool,
    model: str,
) -> None:
    bar = progress_bar(todo, model, progress)
    writer = ShardWriter(out, fmt)
    try:
        for table in ds.iter_batches(batch_size=None, batch_format="pyarrow"):
            lines = table.column("line").to_pylist()
            writer.write(lines)
            outcome.count(table.column("error").to_pylist(), report)
            if bar:
                bar.update(len(lines))
    finally:
        writer.finish()
        if bar:
            bar.close()
