"""What every command shares: the one-line error, record fields, and the run-setting flags."""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import typing
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any, TextIO

from pipeline.config import ArticleSummary, Engine, Faithful, Precision
from pipeline.errors import ZhsumError, brief
from pipeline.io.document import Fields
from pipeline.settings import GENERATION_KEYS, RunSettings, resolve

# Choices come from the settings' own types (pipeline.config): declared once.
PRECISIONS = list(typing.get_args(Precision))
ENGINES = list(typing.get_args(Engine))
ARTICLE_SUMMARIES = list(typing.get_args(ArticleSummary))
FAITHFUL = list(typing.get_args(Faithful))


class Once(argparse.Action):
    """An option that may be given once: a second value is an error, never silently the winner."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        seen = f"_given_{self.dest}"
        if getattr(namespace, seen, False):
            parser.error(f"{option_string} given twice; give it once")
        setattr(namespace, seen, True)
        setattr(namespace, self.dest, values)


class StdoutError(ZhsumError):
    """Standard output is closed, full or cannot hold the text."""


class GuardedStdout:
    """``sys.stdout`` while a command runs: a write that fails (closed, a full disk, an encoding
    without Chinese) is a :class:`StdoutError` saying what to do, not a traceback. A closed pipe
    (``| head``) stays a ``BrokenPipeError``: the reader has what it wanted."""

    def __init__(self, stream: TextIO | None) -> None:
        self.stream = stream

    def _call(self, name: str, *args: Any) -> Any:
        if self.stream is None:
            raise StdoutError("standard output is closed; give --out FILE, or redirect it (> FILE)")
        try:
            return getattr(self.stream, name)(*args)
        except BrokenPipeError:
            raise
        except UnicodeEncodeError as exc:
            raise StdoutError(
                f"standard output's encoding ({exc.encoding}) cannot hold Chinese text; set "
                "PYTHONIOENCODING=utf-8 (or a UTF-8 locale), or give --out FILE"
            ) from None
        except OSError as exc:
            raise StdoutError(
                f"cannot write standard output ({exc.strerror or brief(exc)}); free some space, "
                "or give --out FILE on another disk"
            ) from None

    def write(self, text: str) -> int:
        return int(self._call("write", text))

    def flush(self) -> None:
        self._call("flush")

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


@contextmanager
def guarded_stdout() -> Iterator[None]:
    """:class:`GuardedStdout` in place of ``sys.stdout`` for the length of a command. When a write
    failed, standard output is pointed at /dev/null afterwards so that Python's own flush at exit
    does not print a second error."""
    original = sys.stdout
    sys.stdout = GuardedStdout(original)
    try:
        yield
    except StdoutError:
        _silence_stdout(original)
        raise
    finally:
        sys.stdout = original


def _silence_stdout(stream: TextIO | None) -> None:
    if stream is None:
        return
    with suppress(OSError, ValueError, AttributeError):
        fd = stream.fileno()
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fd)
        os.close(devnull)


def add_fields(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--text-field", default="text", help="JSONL/CSV field with the article text (default: text)"
    )
    parser.add_argument("--id-field", default="id", help="JSONL/CSV field with the document id (default: id)")
    parser.add_argument(
        "--title-field", default="title", help="JSONL/CSV field with the title (default: title)"
    )


def fields_of(args: argparse.Namespace) -> Fields:
    return Fields(text=args.text_field, id=args.id_field, title=args.title_field)


def add_model_flags(parser: argparse.ArgumentParser, *, generation: bool = True) -> None:
    """The run-setting flags; every default is None so that the environment and the config files
    decide what is not given (pipeline.settings)."""
    parser.add_argument(
        "--model",
        "-m",
        default=None,
        help="registered name, local model folder, or hub id (default: configs/default.yaml)",
    )
    parser.add_argument(
        "--device", default=None, help="auto (cuda, then mps, then cpu), cpu, cuda, cuda:1, mps"
    )
    parser.add_argument(
        "--precision",
        choices=PRECISIONS,
        default=None,
        help="auto: int8 on CPU (CTranslate2), bf16 on GPU; fp32: identical to the PyTorch model",
    )
    parser.add_argument(
        "--engine",
        choices=ENGINES,
        default=None,
        help="auto: CTranslate2 on CPU where the architecture allows, else PyTorch",
    )
    parser.add_argument("--trim-vocab", action="store_true", default=None, help=TRIM_NOTE)
    if not generation:
        return
    parser.add_argument(
        "--batch-size", type=int, default=None, help="sections per batch (default: a token budget)"
    )
    parser.add_argument(
        "--batch-tokens", type=int, default=None, help="padded input tokens per batch (CPU; GPUs use 16x)"
    )
    parser.add_argument(
        "--article-summary",
        choices=ARTICLE_SUMMARIES,
        default=None,
        help="how the article summary is made (default: digest)",
    )
    parser.add_argument(
        "--faithful",
        choices=FAITHFUL,
        default=None,
        help="generated summaries: check (default) takes the best of the beam's hypotheses whose numbers "
        "the source holds, else flags them in 'unsupported'; strict writes an extractive summary instead; "
        "none takes the best hypothesis as is",
    )
    group = parser.add_argument_group("generation overrides (seq2seq models)")
    group.add_argument("--num-beams", type=int)
    group.add_argument("--max-new-tokens", type=int)
    group.add_argument("--min-new-tokens", type=int)
    group.add_argument("--no-repeat-ngram-size", type=int)
    group.add_argument("--length-penalty", type=float)
    group.add_argument("--repetition-penalty", type=float)


def add_run_limits(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--max-chars",
        type=int,
        default=None,
        help="cut every summary to at most N characters, at a sentence end (default: no limit)",
    )
    parser.add_argument(
        "--max-doc-bytes",
        type=int,
        default=None,
        help="refuse (as an error record) any input file or record larger than this (default: 20 MB)",
    )


def settings_of(args: argparse.Namespace) -> RunSettings:
    """The run settings: these flags, then ZHSUM_* variables, then the config files."""
    keys = [f.name for f in dataclasses.fields(RunSettings) if f.name != "generation"] + list(GENERATION_KEYS)
    options: dict[str, Any] = {k: getattr(args, k, None) for k in keys}
    return resolve(options)


TRIM_NOTE = (
    "approximate, opt-in (CTranslate2 only): restrict the output vocabulary to the tokens Chinese news uses; "
    "faster for mT5's 250k-token vocabulary (1.4x batched on mT5-small's shape here); outputs may differ from the full model's"
)
INT8_NOTE = (
    "On CPU the default engine runs a CTranslate2 int8 copy of the model: faster, and its summaries can "
    "differ slightly from the PyTorch model's. Pass --precision fp32 for output identical to the PyTorch path."
)
