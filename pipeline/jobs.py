"""A batch job's description and tally, shared by the one-process run (:mod:`pipeline.batch`) and
the Ray run (:mod:`pipeline.scale.raydata`): what to summarize and where (:class:`Batch`), how it
went (:class:`Outcome`), the settings a resumed output must share (:func:`fingerprint`), the
duplicate check every mode makes before it starts (:func:`count_unique`), the one "skip what is
done" filter of every mode (:func:`not_done`) and the progress bar (:func:`progress_bar`)."""

from __future__ import annotations

import sys
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from pipeline.errors import InputError, ZhsumError, place, positional_id
from pipeline.outputs import is_earlier_output
from pipeline.outputs.sinks import KeySet, document_identity, document_key, id_key, record_key
from pipeline.read.document import Document, Fields, real_path
from pipeline.read.readers import iter_ids
from pipeline.settings import RunSettings, fingerprint_of
from pipeline.text import terminal_safe


@dataclass(frozen=True)
class Batch:
    """What to summarize and where to: ``out`` None writes to standard output."""

    paths: Sequence[str]
    out: Path | None = None
    fmt: str | None = None
    fields: Fields = Fields()
    progress: bool = True


@dataclass
class Outcome:
    summarized: int = 0
    failed: int = 0
    skipped: int = 0
    seconds: float = 0.0

    @property
    def exit_status(self) -> int:
        return 1 if self.failed else 0

    def count(self, errors: Iterable[str | None], on_error: Callable[[str], None]) -> None:
        """Count written records by their ``error`` (None: summarized), reporting each error."""
        for error in errors:
            if error:
                self.failed += 1
                on_error(error)
            else:
                self.summarized += 1


def fingerprint(settings: RunSettings, fields: Fields) -> dict[str, object]:
    """The settings that change what a record holds (resume refuses to mix two of them): those
    :class:`~pipeline.settings.RunSettings` marks so, and the input fields records are read from."""
    return fingerprint_of(settings) | {"fields": [fields.text, fields.id, fields.title]}


def find_duplicates(
    batch: Batch, settings: RunSettings, exclude: Sequence[Path], done: KeySet | None = None
) -> tuple[int, str | None]:
    """The number of documents the inputs hold and, where some share an id, the one-line error
    (:func:`duplicates_error`) naming the first duplicates (up to 3): the same record id twice, or
    the same file given twice.

    Keys are kept as 8-byte hashes in a sorted array; the few colliding ones are looked up again to
    name them."""

    def ids() -> Iterator[tuple[str, str, int | None]]:
        return iter_ids(
            batch.paths,
            batch.fields,
            max_doc_bytes=settings.max_doc_bytes,
            exclude=exclude,
            skip=is_earlier_output,
        )

    # two keys per document: what it is (a file's real path, a record's id) and the id it is written
    # under (a file's path as given), so that a record whose id is a file's path is a duplicate too
    found, given = array("Q"), array("Q")
    with_ids: dict[str, bool] = {}  # corpus → whether any record has an id of its own
    done = done if done is not None else KeySet()
    held = done.ids if done.ids else None  # the own ids of an output being resumed
    for doc_id, source, line in ids():
        key = document_key(doc_id, source)
        found.append(key)
        given.append(record_key(doc_id, ""))
        own = not positional_id(doc_id, source)
        if held is not None and own and id_key(doc_id) in held and key not in done:
            return 0, (
                f"the output already holds a record with the id '{terminal_safe(doc_id)}' ({place(source, line)}), "
                "from another file: ids are unique within an output (a corpus renamed or grown is "
                "another file); resume with the file those records came from, or use another --out"
            )
        if line is not None:
            with_ids[source] = with_ids.get(source, False) or own
    if batch.fields.id_named:
        check_id_field(with_ids, batch.fields.id)
    keys, written = KeySet(found), KeySet(given)
    del found, given
    dup = keys.repeated() | written.repeated()
    if not dup:
        return len(keys), None
    places: dict[str, list[tuple[str, int | None]]] = {}
    for doc_id, source, line in ids():
        shown = document_identity(doc_id, source) if positional_id(doc_id, source) else doc_id
        for key, name in ((document_key(doc_id, source), shown), (record_key(doc_id, ""), doc_id)):
            if key in dup:
                places.setdefault(name, []).append((source, line))
                break
    return len(keys), duplicates_error(dict(list(places.items())[:3]))


def check_id_field(with_ids: dict[str, bool], name: str) -> None:
    """Refuse a corpus none of whose records has the id field the user named (``with_ids``: each
    corpus, and whether any of its records has an id of its own), as a missing --text-field is:
    a misspelled --id-field was silently ignored and every record numbered ``FILE#LINE``."""
    for source, any_id in with_ids.items():
        if not any_id:
            raise ZhsumError(
                f"{terminal_safe(source)}: no record has the id field '{terminal_safe(name)}' "
                "(set --id-field to the field holding the ids, or leave it out to number records FILE#LINE)"
            )


def duplicates_error(places: dict[str, list[tuple[str, int | None]]]) -> str:
    """The error for ids found more than once, each with its places (``(source, line)``, line None
    for a file), naming the lines where known (``'a' (c.jsonl:1 and c.jsonl:3)``) and suggesting
    only what can help: one input given twice (a folder and a file in it, one file by two paths) is
    given once; records' ids are fixed or taken from another field (``--id-field``), and records of
    two corpora can go to two outputs. A file's id is its path: ``--id-field`` cannot change it."""
    shown: list[str] = []
    twice = records = across = False
    for name, found in places.items():
        seen: dict[tuple[str | None, int | None], str] = {}
        for source, line in found:
            seen.setdefault((real_path(source) or source, line), place(source, line))
        twice = twice or len(seen) < len(found)
        if len(seen) > 1 and any(line for _, line in seen):  # two records (or a record and a file)
            records = True
            across = across or len({s for s, _ in seen}) > 1
        given = ", given twice" if len(seen) < len(found) else ""
        shown.append(f"'{terminal_safe(name)}' ({' and '.join(seen.values())}{given})")
    hints = []
    if twice:
        hints.append("give each input once, not a folder and a file in it nor one file by two paths")
    if records:
        hints.append("fix the records' ids or set --id-field to a field whose values are unique")
    if across:
        hints.append("summarize each corpus into its own --out")
    return f"duplicate document ids: {'; '.join(shown)}; ids must be unique: {'; or '.join(hints)}"


class Keys(Protocol):
    """Keys of the documents done (:class:`~pipeline.outputs.sinks.KeySet`, or Ray's shared array)."""

    def __contains__(self, key: int) -> bool: ...

    def __len__(self) -> int: ...


def not_done(
    docs: Iterable[Document | InputError],
    done: Keys,
    skipped: Callable[[], None] | None = None,
) -> Iterator[Document | InputError]:
    """The documents (and reader errors) whose identity
    (:func:`~pipeline.outputs.sinks.document_identity`) is not in ``done``, the keys of an output
    being resumed; ``skipped`` is called for each one left out."""
    if not len(done):  # nothing to resume: no key to compute
        yield from docs
        return
    for doc in docs:
        doc_id = doc.doc_id if isinstance(doc, InputError) else doc.id
        if document_key(doc_id, doc.source) in done:
            if skipped is not None:
                skipped()
            continue
        yield doc


def unique_stdin(docs: Iterable[Document | InputError]) -> Iterator[Document | InputError]:
    """``docs``, stopping the run at a record of standard input whose id came before (standard
    input is read once, so its ids cannot be checked up front like a file's; what was written
    before stays, and a JSONL output resumes)."""
    seen: set[int] = set()
    for doc in docs:
        if doc.source == "<stdin>":
            doc_id = doc.doc_id if isinstance(doc, InputError) else doc.id
            key = record_key(doc_id, doc.source)
            if key in seen:
                line = doc.line if isinstance(doc, InputError) else doc.meta.get("line")
                where = f" (line {line})" if line else ""
                raise ZhsumError(
                    f"duplicate document id '{terminal_safe(doc_id)}' on standard input{where}; ids must be "
                    "unique (fix them, or set --id-field)"
                )
            seen.add(key)
        yield doc


def count_unique(
    batch: Batch, settings: RunSettings, exclude: Sequence[Path], done: KeySet | None = None
) -> int:
    """The number of documents the inputs hold; refuses, in one line, inputs with duplicate ids,
    and a record whose own id the output being resumed (``done``) holds from another file."""
    total, duplicates = find_duplicates(batch, settings, exclude, done)
    if duplicates:
        raise ZhsumError(duplicates)
    return total


def progress_bar(total: int, model: str, enabled: bool) -> Any:
    """A progress bar on stderr over ``total`` documents (None when not ``enabled``, or when
    stderr is no terminal: in a log file a bar is a line that never ends, with errors glued to it)."""
    if not enabled or sys.stderr is None or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(
        total=max(0, total), unit="doc", file=sys.stderr, dynamic_ncols=True, desc=terminal_safe(model)
    )
