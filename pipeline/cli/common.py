"""What every command shares: the one-line error, record fields, and the run-setting flags."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from pipeline.io.document import Fields
from pipeline.settings import GENERATION_KEYS, RunSettings, resolve
from pipeline.text import terminal_safe

PRECISIONS = ["auto", "int8", "fp32", "bf16"]
ENGINES = ["auto", "torch", "ctranslate2"]


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


def error(message: str) -> None:
    """One line on stderr; control characters from file names or documents shown escaped."""
    print(f"zhsum: error: {terminal_safe(message)}", file=sys.stderr)


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
        choices=["digest", "reduce", "lede", "none"],
        default=None,
        help="how the article summary is made (default: digest)",
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
    keys = (
        "model",
        "device",
        "precision",
        "engine",
        "trim_vocab",
        "batch_size",
        "batch_tokens",
        "article_summary",
        "max_doc_bytes",
        "max_chars",
        "workers",
        "threads",
        *GENERATION_KEYS,
    )
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
