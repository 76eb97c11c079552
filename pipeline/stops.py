"""Stop signals (Ctrl-C, SIGTERM, SIGHUP) as exceptions in the main thread, raised where it is safe.

A command turns a stop signal into an exception (:class:`KeyboardInterrupt`, or :class:`Terminated`
for SIGTERM and SIGHUP) so that ``finally`` blocks run: locks released, temporary files removed,
worker processes ended. An unhandled SIGTERM ends Python without any of that.

Python raises a signal handler's exception at whatever bytecode the main thread runs next. Inside
:mod:`threading` and :mod:`concurrent.futures` that can be between taking a lock and the ``with``
that gives it back: the lock stays taken, and the pool's ``shutdown`` then waits for ever on a
thread that needs it. (A ``--workers 2`` run stopped by SIGTERM hung that way in CI; a script that
sends SIGTERM at random moments to a thread pool's waiter hangs in ``shutdown`` within a few
hundred tries, :mod:`tests.test_stops`.) So code that waits on a pool does it inside :func:`held`:
a stop signal there is recorded, not raised; the code waits in slices of :data:`POLL_SECONDS` and
calls :func:`check` between them, where it holds no lock, and leaving :func:`held` raises a stop
that came meanwhile. Outside :func:`held` a stop is raised at once, as Python's own Ctrl-C is. A
second stop while the first is held (a batch that runs on in C, a pool that does not shut down)
ends the process at once under the command line; used as a library, it is raised where it lands.

Clean-up code (removing a temporary file, giving back a lock) runs inside :func:`cleanup`: there
every stop, the second and third too, waits until the clean-up is done, so that pressing Ctrl-C
twice does not leave half-written files behind. Clean-up blocks must be short and bounded.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import FIRST_EXCEPTION, Future, wait
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from typing import Any, TypeVar

from pipeline.messages import error

T = TypeVar("T")

STOP_SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP")  # Ctrl-C; timeout, systemd and schedulers; a closed terminal
POLL_SECONDS = 0.1  # how long a held wait goes without looking for a stop signal


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP, taking Ctrl-C's path (``signum`` says which)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class _State(threading.local):
    """Per thread (only the main thread's is read: Python runs signal handlers there): how deep in
    :func:`held` (and :func:`cleanup`), how deep in :func:`cleanup`, the stop signal recorded
    there, and whether a second stop ends the process."""

    depth = 0
    cleaning = 0
    pending: int | None = None
    exit_on_second = False  # set by :func:`handled` (the command line), not by the library alone


_STATE = _State()


def _exception(signum: int) -> KeyboardInterrupt:
    return KeyboardInterrupt() if signum == signal.SIGINT else Terminated(signum)


def _on_signal(signum: int, frame: object) -> None:
    if not _STATE.depth:
        raise _exception(signum)
    if _STATE.pending is None:
        _STATE.pending = signum
        return
    if _STATE.cleaning:
        return  # cleaning up (a temporary file, a lock): the stop already recorded is raised after
    # a second stop while the first waits for its safe point (a pool that does not shut down: a
    # C call that runs on, a platform's pool bug): the user means it
    if _STATE.exit_on_second:
        error(f"stopped at once by a second {signal.Signals(signum).name}")
        if sys.stderr is not None:
            sys.stderr.flush()
        os._exit(128 + signum)  # worker processes follow: each watches its parent
    raise _exception(signum)  # the library's caller: raised where it lands, as Python's own Ctrl-C


@contextmanager
def handled() -> Iterator[None]:
    """While a command runs: stop signals raise in the main thread (held in :func:`held`). A signal
    the process was started to ignore (``nohup`` ignores SIGHUP; a shell's background job, SIGINT)
    stays ignored. Elsewhere than in the main thread this does nothing (Python handles signals only
    there)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous: dict[int, Any] = {}
    _STATE.exit_on_second, _STATE.pending = True, None
    for name in STOP_SIGNALS:
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) is not signal.SIG_IGN:
            previous[number] = signal.signal(number, _on_signal)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        _STATE.exit_on_second, _STATE.pending = False, None


def check() -> None:
    """Raise the stop signal recorded in :func:`held`, if any; call it where no lock is held."""
    signum, _STATE.pending = _STATE.pending, None
    if signum is not None:
        raise _exception(signum)


def holding() -> bool:
    """Whether this thread is inside :func:`held`."""
    return _STATE.depth > 0


@contextmanager
def held() -> Iterator[None]:
    """Record stop signals instead of raising them; on leaving the outermost :func:`held`, raise
    the one recorded (if the block raised an exception of its own, the stop replaces it: the user
    asked to stop). A second stop meanwhile ends the process at once under the command line
    (:func:`handled`) and is raised where it lands otherwise. Where Python's own Ctrl-C handler is
    in place (the library used without the command line: a script, a notebook), it is swapped for
    this module's for the while."""
    with _deferring(cleaning=False):
        yield


@contextmanager
def cleanup() -> Iterator[None]:
    """Like :func:`held`, but no stop, however many, interrupts the block: for short clean-up code
    (closing and removing a temporary file, releasing a lock) that must run to its end even when
    the user stops twice. The first stop recorded is raised on leaving, as from :func:`held`."""
    with _deferring(cleaning=True):
        yield


@contextmanager
def _deferring(cleaning: bool) -> Iterator[None]:
    outermost = not _STATE.depth
    if outermost:
        _STATE.pending = None  # a stop recorded before the last one was raised: already acted on
    swapped = (
        outermost
        and threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGINT) is signal.default_int_handler
    )
    if swapped:
        signal.signal(signal.SIGINT, _on_signal)
    _STATE.depth += 1
    _STATE.cleaning += cleaning
    try:
        yield
    finally:
        try:
            if swapped:
                signal.signal(signal.SIGINT, signal.default_int_handler)
        finally:
            _STATE.depth -= 1
            _STATE.cleaning -= cleaning
        if not _STATE.depth:
            check()


def result(future: Future[T]) -> T:
    """``future.result()``, stoppable: waits in slices, raising a stop signal between them."""
    with held():
        while True:
            try:
                return future.result(timeout=POLL_SECONDS)
            except FutureTimeout:
                if future.done():  # done meanwhile, or the task's own TimeoutError
                    return future.result()
                check()


def wait_first_exception(futures: list[Future[Any]]) -> None:
    """Wait until all ``futures`` are done or one has failed; stoppable like :func:`result`."""
    with held():
        while True:
            done, pending = wait(futures, timeout=POLL_SECONDS, return_when=FIRST_EXCEPTION)
            if not pending or any(not f.cancelled() and f.exception() is not None for f in done):
                return
            check()
