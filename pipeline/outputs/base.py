"""What an output format is, and the registry that holds them (see :mod:`pipeline.outputs`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from pipeline.outputs.sinks import DocumentWriter, JsonlWriter, OutputError
from pipeline.read.document import Document

Writer = JsonlWriter | DocumentWriter


@dataclass(frozen=True)
class OutputFormat:
    """One output format, declared once.

    ``suffixes``: the ``--out`` suffixes that select it when ``--format`` is not given;
    ``file``/``shards``: whether it writes one ``--out`` file and/or Ray's folder of shards;
    ``resumable``: an earlier output's records are read back and the documents in it skipped;
    ``keeps_sources``: the writer needs the documents read (HTML marks summaries against them);
    ``recognize``: from its first 2 KB, whether a file is zhsum's output in this format;
    ``check``: refuse an existing non-empty file that is not zhsum's output of this model;
    ``earlier``: whether a file found in an input folder is zhsum's output in this format (to be
    skipped, not summarized), when its first 2 KB do not tell (default: ``recognize``);
    ``writer``: the writer of a run (``path`` None: standard output)."""

    name: str
    description: str
    suffixes: tuple[str, ...]
    recognize: Callable[[str], bool]
    file: bool = True
    shards: bool = False
    resumable: bool = False
    keeps_sources: bool = False
    check: Callable[[Path, str, bool], None] | None = None
    earlier: Callable[[Path], bool] | None = (
        None  # a file among the inputs is its output (default: recognize)
    )
    writer: Callable[[Path | None, str, Mapping[str, Document]], Writer] | None = None


FORMATS: dict[str, OutputFormat] = {}


def register_format(fmt: OutputFormat) -> OutputFormat:
    if fmt.name in FORMATS:
        raise ValueError(f"output format {fmt.name!r} is registered twice")
    FORMATS[fmt.name] = fmt
    return fmt


def names(*, file: bool | None = None, shards: bool | None = None) -> list[str]:
    """Registered format names (those writing a file, or shards, when asked)."""
    return [
        n
        for n, f in FORMATS.items()
        if (file is None or f.file == file) and (shards is None or f.shards == shards)
    ]


def output_format(path: Path | None, fmt: str | None) -> str:
    """``fmt`` if given, else the format whose suffix ``path`` has, else ``jsonl``. A suffix of a
    format that writes shards (``.parquet``) selects it too, so that ``--out x.parquet`` without
    ``--ray`` is refused as ``--format parquet`` is, rather than written as JSON lines."""
    suffix = path.suffix.lower() if path else ""
    named = next((n for n, f in FORMATS.items() if suffix in f.suffixes), None)
    if fmt and named and named != fmt:  # x.jsonl written as Markdown: a later run would misread it
        wanted = FORMATS[fmt].suffixes[:1] if fmt in FORMATS else ()
        rename = f"give it a {wanted[0]} name" if wanted else "rename it"
        raise OutputError(
            f"--out {path} is named as {named} but --format is {fmt}: {rename}, or leave --format out"
        )
    return fmt or named or "jsonl"


def head(path: Path) -> str:
    with path.open("rb") as f:
        return f.read(2048).decode("utf-8", "replace")


def is_earlier_output(path: Path) -> bool:
    """Whether a file found in an input folder is an earlier zhsum output (of a format that writes
    files and has the file's suffix), and so not an input."""
    suffix = path.suffix.lower()
    for fmt in FORMATS.values():
        if fmt.file and suffix in fmt.suffixes:
            try:
                return fmt.earlier(path) if fmt.earlier is not None else fmt.recognize(head(path))
            except (OSError, ValueError, RecursionError):
                return False
    return False


def check_existing(path: Path, fmt: str, model: str, *, after_crash: bool = False) -> None:
    """Refuse an existing non-empty output that is not zhsum's own output of ``model`` in ``fmt``
    (zhsum's output in another format is named, with the flag that resumes it). ``after_crash``: a
    zhsum run on this output was killed (its lock was left), so a torn first line is its record."""
    if not path.exists() or path.stat().st_size == 0:
        return
    first = head(path)
    other = next((n for n, f in FORMATS.items() if n != fmt and f.file and f.recognize(first)), None)
    if other:
        raise OutputError(
            f"--out {path} holds zhsum's {other} output; pass --format {other}, or another --out"
        )
    check = FORMATS[fmt].check
    if check is not None:
        check(path, model, after_crash)


def open_writer(path: Path | None, fmt: str, model: str, sources: Mapping[str, Document]) -> Writer:
    made = FORMATS[fmt].writer
    if made is None:
        raise OutputError(
            f"--format {fmt}: writes Ray shards only (add --ray, or use {', '.join(names(file=True))})"
        )
    return made(path, model, sources)
