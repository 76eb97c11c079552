"""``zhsum validate`` and ``zhsum models``: the config files and the model registry."""

from __future__ import annotations

import argparse

from pipeline.config import builtin_configs, load_registry
from pipeline.engine.loading import local_folder
from pipeline.messages import error
from pipeline.models import GUIDE
from pipeline.settings import load_defaults, validate_all


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="check every config file")
    p.add_argument(
        "configs",
        nargs="*",
        help="config files or folders (default: the built-in configs and $ZHSUM_CONFIG_DIR)",
    )
    p.set_defaults(func=run_validate)
    p = sub.add_parser("models", help="list registered models")
    p.add_argument(
        "--guide", action="store_true", help="print the guide to placing model weights (models/README.md)"
    )
    p.set_defaults(func=run_models)


def run_validate(args: argparse.Namespace) -> int:
    problems, count = validate_all(args.configs)
    for problem in problems:
        error(problem)
    if not problems:
        print(f"ok: {count} config files valid")
    return 1 if problems else 0


def run_models(args: argparse.Namespace) -> int:
    """Every registered model: kind, architecture, whether its weights are on this machine (looked
    up without the network) and where; the default (``zhsum summarize`` without ``--model``) marked."""
    if args.guide:
        print((builtin_configs() / "MODELS.md").read_text(encoding="utf-8"), end="")
        return 0
    default = load_defaults()["model"]
    print(f"{'name':26s} {'kind':10s} {'arch':8s} {'weights':10s} where")
    for name, cfg in sorted(load_registry().items()):
        if cfg.kind != "seq2seq":
            state, where = "not needed", "-"
        else:
            folder = local_folder(cfg)
            state = "found" if folder is not None else "missing"
            where = str(folder) if folder is not None else f"{cfg.path or cfg.hub_id} (see {GUIDE})"
        label = f"{name} (default)" if name == default else name
        print(f"{label:26s} {cfg.kind:10s} {cfg.architecture or '-':8s} {state:10s} {where}")
    return 0
