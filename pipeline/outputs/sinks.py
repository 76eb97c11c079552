"""Output files that never lose what was written, and never touch what zhsum did not write.

``--out FILE`` goes through four steps, all before the model loads:

1. :func:`check_target`: the path is not a folder, its folder exists and is writable, and it is not
   one of the inputs;
2. :class:`OutputLock`: an exclusive advisory lock (``flock``) on a sidecar file ``.FILE.lock`` beside
   it; a second run on the same output stops at once, naming the process that holds it;
3. :func:`pipeline.outputs.check_existing`: a non-empty existing file must be zhsum's own output
   of the same model (each format says how it recognizes its own: :mod:`pipeline.outputs.formats`),
   else the run is refused in one line;
4. :func:`resume_state`: for JSONL, the documents already done, keyed by what they are (a file's
   real path, a record's id: :func:`document_identity`), and the file rewritten (atomically)
   without failed records or a torn last line, so that a re-run retries them and every document
   ends up in the file exactly once.

Records are then written as they come: JSONL as whole lines appended to the file (one ``write`` per
group of records, then ``fsync``), so a killed run never leaves half a record; JSON, Markdown and
HTML into a temporary file beside the output, renamed over it only when the run is complete.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import stat
import sys
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TextIO

from pipeline import stops
from pipeline.atomic import discard, put_in_place, temp_beside, write_atomic
from pipeline.errors import ZhsumError, positional_id
from pipeline.jsonl import dumps
from pipeline.read.document import real_path
from pipeline.records import SummaryRecord


class OutputError(ZhsumError):
    """An output that cannot or must not be written."""


def parse_out(raw: str | None) -> Path | None:
    """The output file a ``--out`` value names, symbolic links resolved (the lock, the checks and
    the final rename all act on the real file, so a link keeps working and two spellings of one
    file are one output); ``-`` and no value mean standard output."""
    if raw is None or raw == "-":
        return None
    if not raw.strip():
        raise OutputError("--out is empty; give a file path, or leave --out out to write to standard output")
    if raw.endswith(("/", os.sep)):
        raise OutputError(
            f"--out {raw} ends with '/' (a folder path); give a file path such as {raw}summaries.jsonl"
        )
    return Path(os.path.realpath(raw))


def check_target(path: Path, inputs: Sequence[str]) -> None:
    """Refuse, in one line, an output that is a folder, a device, FIFO or socket, sits in a missing
    or unwritable folder, or is one of the inputs."""
    flag = f"--out {path}"
    if path.exists() and not path.is_dir() and not stat.S_ISREG(path.stat().st_mode):
        raise OutputError(
            f"{flag} is a device, FIFO or socket, not a file; give a file path "
            "(or leave --out out to write to standard output)"
        )
    if path.is_dir():
        raise OutputError(f"{flag} is a folder; give a file path such as {path / 'summaries.jsonl'}")
    if not path.parent.is_dir():
        raise OutputError(f"{flag}: folder {path.parent} does not exist (create it first)")
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise OutputError(f"{flag}: cannot write in {path.parent} (permission denied); choose another --out")
    if path.exists() and not os.access(path, os.W_OK):
        raise OutputError(f"{flag} is read-only; choose another --out")
    real = os.path.realpath(path)
    for raw in inputs:
        if raw != "-" and os.path.isfile(raw) and os.path.realpath(raw) == real:
            raise OutputError(f"{flag} is also an input; write the summaries to another file")


def sidecars(path: Path) -> tuple[Path, str]:
    """The lock file of an output, and the prefix of its temporary files (both hidden: folder walks skip them)."""
    return path.with_name(f".{path.name}.lock"), f".{path.name}."


class OutputLock:
    """An exclusive lock on an output for the length of a run (``with OutputLock(path): …``)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock_path, _ = sidecars(path)
        self.fd: int | None = None
        self.file_fd: int | None = None
        self.stale = self.lock_path.exists()  # left by a run that was killed (or is running now)

    def __enter__(self) -> OutputLock:
        for _ in range(10):
            try:  # never through a link: a planted .FILE.lock -> victim must not truncate the victim
                fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
            except OSError as exc:
                if exc.errno == errno.ELOOP:
                    raise OutputError(
                        f"--out {self.path}: its lock file {self.lock_path.name} is a symbolic link, which zhsum "
                        "never follows; remove the link"
                    ) from None
                raise OutputError(
                    f"--out {self.path}: cannot create its lock file ({exc.strerror})"
                ) from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.read(fd, 32).decode("ascii", "replace").strip() or "unknown"
                os.close(fd)
                raise OutputError(
                    f"--out {self.path} is being written by another zhsum run (pid {holder}); "
                    "wait for it to finish or choose another --out"
                ) from None
            try:
                same = os.fstat(fd).st_ino == os.stat(self.lock_path).st_ino
            except FileNotFoundError:
                same = False
            if same:  # not a lock file that its last holder removed meanwhile
                stops.temporary(self.lock_path)
                os.ftruncate(fd, 0)
                os.write(fd, f"{os.getpid()}\n".encode())
                self.fd = fd
                self._lock_the_file()
                return self
            os.close(fd)
        raise OutputError(f"--out {self.path}: could not take its lock; try again")

    def _lock_the_file(self) -> None:
        """Lock the output file itself too (its inode, not its name): two hard links to one file
        are one output."""
        try:
            self.file_fd = os.open(self.path, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:  # not there yet (or not a plain file: check_target has said so)
            return
        try:
            fcntl.flock(self.file_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.__exit__()
            raise OutputError(
                f"--out {self.path} is being written by another zhsum run under another name (a hard link "
                "to the same file); wait for it to finish or choose another --out"
            ) from None
        except OSError:  # a file system without flock on a read-only descriptor (NFS): the name's lock holds
            os.close(self.file_fd)
            self.file_fd = None

    def __exit__(self, *exc: object) -> None:
        with stops.cleanup():  # a second Ctrl-C must not leave the lock file behind
            if self.file_fd is not None:
                os.close(self.file_fd)
                self.file_fd = None
            if self.fd is not None:
                self.lock_path.unlink(missing_ok=True)
                stops.settled(self.lock_path)
                os.close(self.fd)
                self.fd = None


# --------------------------------------------------------------------------- what is already there


def foreign(path: Path, why: str) -> OutputError:
    return OutputError(
        f"--out {path} exists and is not zhsum's output ({why}); zhsum never overwrites files it did not write: "
        "choose another --out"
    )


def record_of(line: bytes, path: Path, number: int, model: str, settings: str | None = None) -> SummaryRecord:
    try:
        record = SummaryRecord.from_json(json.loads(line))
    except (ValueError, RecursionError):
        raise foreign(path, f"line {number} is not a zhsum record") from None
    check_maker(record, path, model, settings)
    return record


def check_maker(record: SummaryRecord, out: Path, model: str, settings: str | None) -> None:
    """Refuse to resume an output holding records of another model, or of other settings (each
    record carries the id of its run's settings; records before zhsum 0.3 carry none)."""
    if record.model != model:
        raise OutputError(
            f"--out {out} holds summaries by model '{record.model}'; pass another --out to summarize with '{model}'"
        )
    if settings is not None and record.settings is not None and record.settings != settings:
        raise OutputError(
            f"--out {out} holds summaries made with other settings (settings id {record.settings}, this run "
            f"{settings}: --max-chars, --article-summary, precision, generation flags …); pass another --out, "
            "or the same settings to resume"
        )


def _torn(line: bytes) -> bool:
    """A record cut short by a killed run: how zhsum's lines start, and not a whole JSON value."""
    if not line.startswith(b'{"id": '):
        return False
    try:
        json.loads(line)
    except ValueError:
        return True
    return False


def jsonl_records(
    path: Path, model: str, *, after_crash: bool = False, settings: str | None = None
) -> Iterable[tuple[bytes, SummaryRecord | None]]:
    """Every line of an existing JSONL output with its record; a torn last line (a run killed while
    appending: after at least one whole record of ours, or when the killed run's lock file was left)
    comes with None. Raises :class:`OutputError` for any other line."""
    with path.open("rb") as f:
        number = 0
        ours = after_crash
        for line in f:
            number += 1
            if not line.strip():
                continue
            if not line.endswith(b"\n") and ours and _torn(line):
                yield line, None
                return
            yield line, record_of(line.rstrip(b"\n"), path, number, model, settings)
            ours = True


def check_settings(record: Path, settings: dict[str, object], *, output: Path, has_records: bool) -> None:
    """Refuse to resume an output made with other settings (another ``--max-chars``, article
    summary mode, precision, generation flags …): its records would silently mix two kinds of
    summary. ``record`` keeps the settings of the run that made the output (a hidden file, see
    :mod:`pipeline.outputs.protocol`) of ``output``; ``has_records``: the output holds records already."""
    if has_records and record.exists():
        try:
            before = json.loads(record.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            before = None
        if isinstance(before, dict) and before != settings:
            changed = sorted(k for k in set(before) | set(settings) if before.get(k) != settings.get(k))
            shown = ", ".join(f"{k} {before.get(k)!r} → {settings.get(k)!r}" for k in changed)
            raise OutputError(
                f"--out {output} was made with other settings ({shown}); pass another --out, "
                "or the same settings to resume"
            )


def keep_settings(record: Path, settings: dict[str, object]) -> None:
    """Write the run's settings beside its output, once every check has passed."""
    write_atomic(record, json.dumps(settings, ensure_ascii=False, sort_keys=True) + "\n")


def record_key(doc_id: str, source: str) -> int:
    """A 64-bit key of a document (its id and source); keys are kept in compact arrays, so resume
    and duplicate checks cost 8 bytes per document."""
    return int.from_bytes(hashlib.blake2b(f"{doc_id}\0{source}".encode(), digest_size=8).digest(), "big")


def document_identity(doc_id: str, source: str, real: str | None = None) -> str:
    """What makes two documents the same, however their paths were given: a file's real path
    (``a.txt``, ``./a.txt`` and ``/home/me/a.txt`` are one file), a corpus line in its file's real
    path (``corpus.jsonl#5``), a record's own id in its file's real path (two corpora may both
    number their records from 1). ``real``: the source's real path when known (a record's
    ``path``, found when it was written), else looked up from the current folder; a source that
    names nothing from here is known as it was given."""
    place = real or real_path(source) or source
    if doc_id == source:
        return place
    if positional_id(doc_id, source):
        return place + doc_id[len(source) :]
    return f"{doc_id}\0{place}"


def document_key(doc_id: str, source: str, real: str | None = None) -> int:
    """The 64-bit key of a document's identity (:func:`document_identity`): what resume and the
    duplicate check compare, so that a re-run with the same inputs given another way (an
    absolute path, ``./``, another folder) skips what is done."""
    return record_key(document_identity(doc_id, source, real), "")


def id_key(doc_id: str) -> int:
    """The 64-bit key of a record's own id alone: an output's ids, against which a corpus in
    another file with the same ids is refused rather than mixed in (:func:`pipeline.jobs.count_unique`)."""
    return record_key(doc_id, "\0id")


class KeySet:
    """A sorted array of keys with membership by binary search: 8 bytes a key, sorted in place (no
    list of Python ints is ever built, so memory stays flat for millions of documents)."""

    def __init__(self, keys: Iterable[int] = (), ids: KeySet | None = None) -> None:
        # an array of keys is taken over as it is (sorted in place, not copied: 8 bytes a key, once)
        self.keys = keys if isinstance(keys, array) and keys.typecode == "Q" else array("Q", keys)
        self.ids = ids  # of an output being resumed: its records' own ids (id_key), else None
        if len(self.keys) > 1:
            import numpy as np

            np.frombuffer(memoryview(self.keys), dtype=np.uint64).sort()

    def __contains__(self, key: int) -> bool:
        i = bisect_left(self.keys, key)
        return i < len(self.keys) and self.keys[i] == key

    def __len__(self) -> int:
        return len(self.keys)

    def repeated(self) -> set[int]:
        """The keys held more than once (neighbours in the sorted array)."""
        keys = self.keys
        return {keys[i] for i in range(1, len(keys)) if keys[i] == keys[i - 1]}


def resume_state(path: Path, model: str, *, after_crash: bool = False, settings: str | None = None) -> KeySet:
    """The documents already done in a JSONL output; the file is rewritten (atomically) without
    failed records, duplicates and a torn last line when it has any. Two streaming passes; memory is
    8 bytes per record plus one byte per record during a rewrite."""
    if not path.exists():
        return KeySet()
    keys, ids = array("Q"), array("Q")
    rewrite = False
    for _, record in jsonl_records(path, model, after_crash=after_crash, settings=settings):
        if record is None or not record.ok:
            rewrite = True
        else:
            keys.append(document_key(record.id, record.source, record.path))
            if not positional_id(record.id, record.source):
                ids.append(id_key(record.id))
    done = KeySet(keys, KeySet(ids))
    del keys, ids
    rewrite = rewrite or bool(done.repeated())
    if rewrite:
        written = bytearray(len(done.keys))
        fd, name = temp_beside(path)
        with os.fdopen(fd, "wb") as tmp:
            try:
                for line, record in jsonl_records(path, model, after_crash=after_crash):
                    if record is None or not record.ok:
                        continue
                    i = bisect_left(done.keys, document_key(record.id, record.source, record.path))
                    if not written[i]:
                        written[i] = 1
                        tmp.write(line)
                tmp.flush()
                os.fsync(tmp.fileno())
            except BaseException:
                discard(name)
                raise
        put_in_place(name, path)
    return done


# --------------------------------------------------------------------------- writers


@contextmanager
def writing(path: Path | None) -> Iterator[None]:
    """An error while writing ``path`` (disk full, a file system gone read-only) is one line."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as exc:
        if path is None:
            raise
        raise OutputError(
            f"--out {path}: {exc.strerror or exc} while writing; free space or choose another --out "
            "(a .jsonl output resumes when re-run)"
        ) from None


class JsonlWriter:
    """Append whole lines to a file (one ``os.write`` per group, then ``fsync``) or to stdout."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        with writing(path):
            self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644) if path else None

    def write(self, records: Sequence[SummaryRecord]) -> None:
        self.write_lines([dumps(r.to_json()) for r in records])

    def write_lines(self, lines: Sequence[str]) -> None:
        """Records already in their JSON form (``dumps(record.to_json())``, no newline)."""
        if not lines:
            return
        data = "".join(line + "\n" for line in lines).encode("utf-8")
        if self.fd is None:
            sys.stdout.write(data.decode("utf-8"))
            sys.stdout.flush()
            return
        with writing(self.path):
            start = os.fstat(self.fd).st_size
            try:
                view = memoryview(data)
                while view:
                    written = os.write(self.fd, view)
                    view = view[written:]
                os.fsync(self.fd)
            except OSError:
                # a full disk takes part of a group: cut the file back to its last whole line
                # (freeing space, so the cut itself succeeds), as a resume would
                with suppress(OSError):
                    os.ftruncate(self.fd, start)
                raise

    def finish(self) -> None:
        if self.fd is not None and os.fstat(self.fd).st_nlink == 0:
            self.abort()
            raise OutputError(
                f"--out {self.path} was deleted while zhsum was writing it: the records written are gone; "
                "re-run to write them again"
            )
        self.abort()

    def abort(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


class DocumentWriter:
    """A whole-file output (JSON, Markdown, HTML): written to a temporary file beside ``path`` as
    records come, renamed over ``path`` by :meth:`finish`; :meth:`abort` leaves ``path`` untouched.
    ``render`` turns the records seen so far into the text after the header when the format needs
    them all at once (HTML); otherwise ``each`` renders one record."""

    def __init__(
        self,
        path: Path | None,
        header: str,
        footer: str,
        each: Callable[[SummaryRecord, bool], str],
        render: Callable[[list[SummaryRecord]], str] | None = None,
    ) -> None:
        self.path = path
        self.each = each
        self.render = render
        self.footer = footer
        self.kept: list[SummaryRecord] = []
        self.count = 0
        self.out: TextIO
        if path is None:
            self.out = sys.stdout
            self.tmp: str | None = None
        else:
            fd, self.tmp = temp_beside(path)
            self.out = os.fdopen(fd, "w", encoding="utf-8")
        self.out.write(header)

    def write(self, records: Sequence[SummaryRecord]) -> None:
        with writing(self.path):
            for record in records:
                if self.render is not None:
                    self.kept.append(record)
                else:
                    self.out.write(self.each(record, self.count == 0))
                self.count += 1
            self.out.flush()

    def finish(self) -> None:
        with writing(self.path):
            if self.render is not None:
                self.out.write(self.render(self.kept))
            self.out.write(self.footer)
            self.out.flush()
            if self.tmp is not None and self.path is not None:
                os.fsync(self.out.fileno())
                self.out.close()
                put_in_place(self.tmp, self.path)
                self.tmp = None

    def abort(self) -> None:
        with stops.cleanup():  # a second Ctrl-C must not leave the temporary file behind
            if self.tmp is not None:
                with suppress(OSError):  # the disk that made us abort may refuse the last flush too
                    self.out.close()
                discard(self.tmp)
                self.tmp = None


__all__ = [
    "DocumentWriter",
    "JsonlWriter",
    "KeySet",
    "OutputError",
    "OutputLock",
    "check_target",
    "document_identity",
    "document_key",
    "id_key",
    "record_key",
    "resume_state",
    "sidecars",
    "write_atomic",
]
