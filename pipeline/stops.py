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
a second stop waits until the clean-up is done too, so that pressing Ctrl-C twice does not leave
half-written files behind; a third ends the command at once (a clean-up that hangs on a file
system that does not answer). Whenever a stop ends the command at once, the temporary files and
the lock noted with :func:`temporary` are removed first.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_EXCEPTION, Future, wait
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager, suppress
from typing import Any, TypeVar

from pipeline.messages import error

T = TypeVar("T")

STOP_SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP")  # Ctrl-C; timeout, systemd and schedulers; a closed terminal
POLL_SECONDS = 0.1  # how long a held wait goes without looking for a stop signal
CLEANUP_PATIENCE = 2  # stops after the first that a clean-up lets wait: the next ends the command at once


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
    more = 0  # stops after the one recorded
    pending: int | None = None
    exit_on_second = False  # set by :func:`handled` (the command line), not by the library alone


_STATE = _State()


_TEMPORARY: set[str] = set()  # files removed even when a second stop ends the command at once


def temporary(path: str | os.PathLike[str]) -> None:
    """Note ``path`` (a temporary file, a lock file) as one to remove if a second stop ends the
    command at once, skipping the clean-up that would have removed it."""
    _TEMPORARY.add(os.fspath(path))


def settled(path: str | os.PathLike[str]) -> None:
    """``path`` was renamed into place or removed: no longer :func:`temporary`."""
    _TEMPORARY.discard(os.fspath(path))


def _exception(signum: int) -> KeyboardInterrupt:
    return KeyboardInterrupt() if signum == signal.SIGINT else Terminated(signum)


def _on_signal(signum: int, frame: object) -> None:
    if not _STATE.depth:
        raise _exception(signum)
    if _STATE.pending is None:
        _STATE.pending = signum
        return
    _STATE.more += 1
    if _STATE.cleaning and _STATE.more < CLEANUP_PATIENCE:
        return  # cleaning up (a temporary file, a lock): the stop already recorded is raised after
    # a second stop while the first waits for its safe point (a pool that does not shut down: a
    # C call that runs on, a platform's pool bug), or a third while a clean-up hangs (a file
    # system that does not answer): the user means it
    if _STATE.exit_on_second:
        _exit_now(signum, f"stopped at once by a {'second' if _STATE.more == 1 else 'further'} ")
    raise _exception(signum)  # the library's caller: raised where it lands, as Python's own Ctrl-C


def _exit_now(signum: int, message: str = "") -> None:
    """End the process at once: the temporary files and the lock a clean-up would have removed
    are removed, then one line (when ``message`` is given), and no other clean-up runs."""
    for path in list(_TEMPORARY):
        with suppress(OSError):
            os.unlink(path)
    if message:
        error(f"{message}{signal.Signals(signum).name}")
        if sys.stderr is not None:
            sys.stderr.flush()
    os._exit(128 + signum)  # worker processes follow: each watches its parent


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


def ignore_further() -> None:
    """The command is ending on a stop (its message said so): a later stop ends the process at
    once, silently, instead of a traceback of Python's own just after the message line (or of
    waiting on whatever Python runs at exit). For the program only: the library's caller keeps
    its handlers."""
    if threading.current_thread() is not threading.main_thread():
        return
    for name in STOP_SIGNALS:
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) is not signal.SIG_IGN:
            signal.signal(number, lambda signum, frame: _exit_now(signum))


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
    if outermost:  # a stop recorded before the last one was raised: already acted on
        _STATE.pending, _STATE.more, _STATE.cleaning = None, 0, 0
    swapped = (
        outermost
        and threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGINT) is signal.default_int_handler
    )
    if swapped:
        signal.signal(signal.SIGINT, _on_signal)
    try:
        _STATE.depth += 1
        _STATE.cleaning += cleaning
        yield
    finally:
        try:
            if swapped:
                signal.signal(signal.SIGINT, signal.default_int_handler)
        finally:
            _STATE.cleaning -= cleaning  # before depth: a stop between the two is still held
            _STATE.depth -= 1
        if not _STATE.depth:
            _STATE.more = 0
            check()


def result(future: Future[T], between: Callable[[], None] | None = None) -> T:
    """``future.result()``, stoppable: waits in slices, raising a stop signal between them (and
    calling ``between``, if given: a watch on what should produce the result)."""
    with held():
        while True:
            try:
                return future.result(timeout=POLL_SECONDS)
            except FutureTimeout:
                if future.done():  # done meanwhile, or the task's own TimeoutError
                    return future.result()
                check()
                if between is not None:
                    between()


def wait_first_exception(futures: list[Future[Any]]) -> None:
    """Wait until all ``futures`` are done or one has failed; stoppable like :func:`result`."""
    with held():
        while True:
            done, pending = wait(futures, timeout=POLL_SECONDS, return_when=FIRST_EXCEPTION)
            if not pending or any(not f.cancelled() and f.exception() is not None for f in done):
                return
            check()
