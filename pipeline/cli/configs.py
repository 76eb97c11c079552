"""``zhsum validate`` and ``zhsum models``: the config files and the model registry."""

from __future__ import annotations

import argparse

from pipeline.cli.common import error
from pipeline.config import load_registry, validate_all


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="check every config file")
    p.add_argument(
        "configs",
        nargs="*",
        help="config files or folders (default: the built-in configs and $ZHSUM_CONFIG_DIR)",
    )
    p.set_defaults(func=run_validate)
    p = sub.add_parser("models", help="list registered models")
    p.set_defaults(func=run_models)


def run_validate(args: argparse.Namespace) -> int:
    problems, count = validate_all(args.configs)
    for problem in problems:
        error(problem)
    if not problems:
        print(f"ok: {count} config files valid")
    return 1 if problems else 0


def run_models(args: argparse.Namespace) -> int:
    for name, cfg in sorted(load_registry().items()):
        where = cfg.path or cfg.hub_id or "(no weights)"
        print(f"{name:24s} {cfg.kind:10s} {cfg.architecture or '-':10s} {where}")
    return 0
