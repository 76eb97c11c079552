"""What every command shares: the one-line error, record fields, and the run-setting flags."""

from __future__ import annotations

import argparse
import os
import sys
import typing
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any, TextIO

from pipeline.config import GenerationSettings
from pipeline.errors import ZhsumError, brief
from pipeline.read.document import Fields
from pipeline.settings import (
    GENERATION_KEYS,
    RunSettings,
    env_name,
    flag_name,
    load_defaults,
    resolve,
    setting_fields,
)


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
    parser.add_argument(
        "--id-field", default=None, help="JSONL/CSV field with the document id (default: id, else FILE#LINE)"
    )
    parser.add_argument(
        "--title-field", default="title", help="JSONL/CSV field with the title (default: title)"
    )


def fields_of(args: argparse.Namespace) -> Fields:
    """The record fields the flags name; ``id_named`` when --id-field was given (its default, ``id``,
    may be absent from a corpus; a named field may not)."""
    named = args.id_field is not None
    return Fields(
        text=args.text_field, id=args.id_field if named else "id", title=args.title_field, id_named=named
    )


def add_setting_flags(
    parser: argparse.ArgumentParser, *groups: str, generation: bool = False, skip: tuple[str, ...] = ()
) -> None:
    """A flag for every run setting of ``groups`` (pipeline.settings declares them: type, choices and
    help come from there), and the generation overrides when ``generation``. Every default is None so
    that the environment and the config files decide what is not given."""
    hints = typing.get_type_hints(RunSettings)
    try:
        defaults = load_defaults()
    except ZhsumError:  # a broken config file is reported when the command runs, not by --help
        defaults = {}
    for f in setting_fields():
        if f.metadata["group"] not in groups or f.name in skip:
            continue
        flags = [flag_name(f.name), *([f.metadata["short"]] if f.metadata["short"] else [])]
        now = f"{defaults[f.name]}" if f.name in defaults else "see configs/default.yaml"
        help_text = f"{f.metadata['help']} (default: {now}; or set {env_name(f.name)})"
        if hints[f.name] is bool:
            parser.add_argument(*flags, action="store_true", default=None, help=help_text)
            continue
        choices = [a for a in typing.get_args(hints[f.name]) if isinstance(a, str)] or None
        kind = next((t for t in (int, float) if t in (hints[f.name], *typing.get_args(hints[f.name]))), str)
        parser.add_argument(*flags, type=kind, choices=choices, default=None, help=help_text)
    if generation:
        group = parser.add_argument_group("generation overrides (seq2seq models)")
        for name, kind in typing.get_type_hints(GenerationSettings).items():
            group.add_argument(flag_name(name), type=kind, default=None)


def setting_options(args: argparse.Namespace) -> dict[str, Any]:
    """What the setting flags of ``args`` hold (None: not given)."""
    keys = [f.name for f in setting_fields()] + list(GENERATION_KEYS)
    return {k: getattr(args, k, None) for k in keys}


def settings_of(args: argparse.Namespace) -> RunSettings:
    """The run settings: these flags, then ZHSUM_* variables, then the config files."""
    return resolve(setting_options(args))


INT8_NOTE = (
    "On CPU the default engine runs a CTranslate2 int8 copy of the model: faster, and its summaries can "
    "differ slightly from the PyTorch model's. Pass --precision fp32 for output identical to the PyTorch path."
)
