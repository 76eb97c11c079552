"""Output formats as a registry: each format is declared once (:class:`OutputFormat`: suffixes,
how zhsum's own earlier output of it is recognized and checked, its writer, whether it resumes,
whether Ray writes it as shards), and every part of zhsum asks the registry: ``--format``'s
choices, the format a ``--out`` suffix selects, the overwrite and resume checks, the writer of a
batch job and the shard formats of a Ray job. A new format is one :func:`register_format` call in
:mod:`pipeline.outputs.formats` (or a module of its own imported here) plus its test.
"""

from __future__ import annotations

from pipeline.outputs import formats as _formats  # noqa: F401  (registers the built-in formats)
from pipeline.outputs.base import (
    FORMATS,
    OutputFormat,
    Writer,
    check_existing,
    is_earlier_output,
    names,
    open_writer,
    output_format,
    register_format,
)

__all__ = [
    "FORMATS",
    "OutputFormat",
    "Writer",
    "check_existing",
    "is_earlier_output",
    "names",
    "open_writer",
    "output_format",
    "register_format",
]
