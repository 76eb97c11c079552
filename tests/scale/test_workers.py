"""Worker processes and stop signals: Ctrl-C to the group, a worker that died part-way through
sending a result."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from pipeline.scale.workers import ignore_group_stops, quiet_children
from tests.helpers.scripts import run_script

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc")


def _writing_to_a_pipe(tid: int) -> bool:
    """Whether thread ``tid`` of this process waits in the kernel to write to a full pipe
    (``pipe_write``, ``anon_pipe_write``; ``pipe_wait`` on kernels before 5.5)."""
    try:
        return "pipe_w" in Path(f"/proc/self/task/{tid}/wchan").read_text()
    except OSError:
        return False


def dies_sending(size: int) -> bytes:
    """A worker task: its result is ``size`` bytes, and the worker kills itself once it is part-way
    through writing them to the result pipe (the rest never comes)."""
    main = threading.get_native_id()

    def kill_part_way() -> None:
        deadline = time.monotonic() + 30
        while not _writing_to_a_pipe(main) and time.monotonic() < deadline:
            time.sleep(0.0005)
        os.kill(os.getpid(), signal.SIGKILL)

    threading.Thread(target=kill_part_way, daemon=True).start()
    return b"x" * size


def pid() -> int:
    return os.getpid()


def blocked() -> set[int]:
    return {int(s) for s in signal.pthread_sigmask(signal.SIG_BLOCK, [])}


def _spawn_pool(**kwargs) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"), **kwargs)


def test_a_worker_starts_with_ctrl_c_blocked_and_then_ignores_it():
    """Ctrl-C and a closed terminal reach the whole process group: a worker neither dies of them
    (with a traceback) nor half-sends a result; the parent ends it. One that comes while the worker
    starts waits, blocked, until the worker ignores it."""
    pool = _spawn_pool()
    try:
        with quiet_children():
            assert {int(signal.SIGINT), int(signal.SIGHUP)} <= pool.submit(blocked).result(timeout=60)
    finally:
        pool.shutdown()
    pool = _spawn_pool(initializer=ignore_group_stops)
    try:
        with quiet_children():
            worker = pool.submit(pid).result(timeout=60)
        os.kill(worker, signal.SIGINT)
        os.kill(worker, signal.SIGHUP)
        time.sleep(0.2)
        assert pool.submit(pid).result(timeout=60) == worker
        assert not {int(signal.SIGINT), int(signal.SIGHUP)} & pool.submit(blocked).result(timeout=60)
    finally:
        pool.shutdown()


STOP_AFTER_A_HALF_SENT_RESULT = """
import multiprocessing, time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from pipeline.scale.workers import stop_pool
from tests.scale.test_workers import dies_sending, pid

pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
worker = pool.submit(pid).result(timeout=60)
result = pool.submit(dies_sending, 64 << 20)
deadline = time.monotonic() + 60
while time.monotonic() < deadline:
    try:
        if Path(f"/proc/{worker}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z":
            break
    except OSError:
        break
    time.sleep(0.01)
else:
    raise SystemExit("the worker did not die")
stop_pool(pool)
print("stopped", "whole" if result.done() and not result.exception() else "part-way")
"""


def test_a_pool_stops_when_a_worker_died_part_way_through_a_result():
    """A SIGTERM to the process group can end a worker in the middle of sending a split's records;
    stopping the pool must not then wait for the rest of them (it did, for ever: 8 of 289 group
    stops of a ``--workers 2`` run hung)."""
    proc = run_script(
        STOP_AFTER_A_HALF_SENT_RESULT,
        timeout=90,
        hang="stopping the pool waited for ever on the half-sent result",
    )
    assert proc.returncode == 0, proc.stderr
    if proc.stdout.split() == ["stopped", "whole"]:
        pytest.skip("this kernel does not show where a thread waits (/proc/PID/task/TID/wchan)")
    assert proc.stdout.split() == ["stopped", "part-way"]


TRACKER_UNDER_SIGHUP = """
import multiprocessing, os, signal, time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from pipeline.scale.workers import quiet_children
from tests.scale.test_workers import pid

with quiet_children():
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    pool.submit(pid).result(timeout=60)
me = str(os.getpid())
trackers = [
    int(p.name) for p in Path("/proc").iterdir()
    if p.name.isdigit() and (p / "stat").exists()
    and (p / "stat").read_text().rsplit(")", 1)[1].split()[1] == me
    and b"resource_tracker" in (p / "cmdline").read_bytes()
]
assert len(trackers) == 1, trackers
os.kill(trackers[0], signal.SIGHUP)
def alive():
    try:
        return (Path("/proc") / str(trackers[0]) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
deadline = time.monotonic() + 2
while alive() and time.monotonic() < deadline:
    time.sleep(0.05)
print("alive" if alive() else "dead")
pool.shutdown()
"""


def test_the_resource_tracker_outlives_a_closed_terminal():
    """A closed terminal sends SIGHUP to the whole group: multiprocessing's resource tracker (a
    child of the run) died of it, and the run's last lines were a warning and a screen of its
    tracebacks."""
    proc = run_script(TRACKER_UNDER_SIGHUP, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "alive"


DIES_WITHOUT_A_STOP = """
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pipeline import stops
from pipeline.scale.workers import watch_workers
from tests.scale.test_workers import dies_sending

pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
future = pool.submit(dies_sending, 64 << 20)
try:
    stops.result(future, between=lambda: watch_workers(pool))
    print("whole")
except BrokenProcessPool:
    print("broken")
pool.shutdown()
"""


def test_a_worker_killed_part_way_through_a_result_breaks_the_run_instead_of_hanging_it():
    """The out-of-memory killer (or a ``kill -9``) ends a worker while it sends a split's records:
    the run waited for ever, saying nothing; it now ends with the "a worker process died" error."""
    proc = run_script(DIES_WITHOUT_A_STOP, timeout=90, hang="the wait for the half-sent result never ended")
    assert proc.returncode == 0, proc.stderr
    if proc.stdout.strip() == "whole":
        pytest.skip("this kernel does not show where a thread waits (/proc/PID/task/TID/wchan)")
    assert proc.stdout.strip() == "broken"


def test_workers_are_started_with_stops_blocked_and_ignore_them(monkeypatch):
    """The wiring: every place a worker process may start (the pool, each submit) blocks Ctrl-C and
    SIGHUP, and a worker's start ignores them."""
    from concurrent.futures import Future

    from pipeline.read.document import Fields
    from pipeline.scale import workers
    from pipeline.settings import resolve

    seen: list[tuple[str, set[int]]] = []

    class Recording:
        def __init__(self, *args, initializer=None, **kwargs):
            seen.append(("pool", blocked()))
            self.initializer = initializer

        def submit(self, fn, *args):
            seen.append(("submit", blocked()))
            future: Future = Future()
            future.set_result((workers.Encoded([], []), 0))
            return future

        def shutdown(self, *args, **kwargs):
            pass

    monkeypatch.setattr(workers, "ProcessPoolExecutor", Recording)
    settings = resolve({"model": "lead"}, env={})
    results = list(
        workers.parallel_records(iter([object(), object()]), 2, settings, Fields(), workers.KeySet([]))
    )
    assert len(results) == 2
    stops_set = {int(signal.SIGINT), int(signal.SIGHUP)}
    assert [name for name, _ in seen] == ["pool", "submit", "submit"]
    assert all(stops_set <= mask for _, mask in seen), seen
    assert not stops_set & blocked()  # and unblocked after

    ignored: list[bool] = []
    monkeypatch.setattr(workers, "ignore_group_stops", lambda: ignored.append(True))
    monkeypatch.setattr(
        workers.threading, "Thread", lambda *a, **k: type("T", (), {"start": lambda self: None})()
    )
    workers._start(settings, Fields(), workers.KeySet([]), os.getpid())
    assert ignored == [True]
