"""``zhsum finetune``: fine-tune a seq2seq checkpoint on one's own (text, summary) pairs."""

from __future__ import annotations

import argparse
import sys

from pipeline.training.data import Fields
from pipeline.training.finetune import FinetuneSettings, finetune


def _number(
    kind: type, *, above: float | None = None, at_least: float | None = None, below: float | None = None
):
    """An argparse type: a number of ``kind`` within the bounds, else a one-line usage error."""

    def parse(value: str):
        try:
            number = kind(value)
        except ValueError:
            noun = "whole number" if kind is int else "number"
            raise argparse.ArgumentTypeError(f"expected a {noun}, got {value!r}") from None
        for ok, words, bound in (
            (above is None or number > above, ">", above),
            (at_least is None or number >= at_least, "≥", at_least),
            (below is None or number < below, "<", below),
        ):
            if not ok:
                raise argparse.ArgumentTypeError(f"must be {words} {bound}, got {value}")
        return number

    return parse


POSITIVE_INT, POSITIVE_FLOAT, COUNT = _number(int, above=0), _number(float, above=0), _number(int, at_least=0)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "finetune",
        help="fine-tune a seq2seq model on your own (text, summary) pairs",
        description="Fine-tune a seq2seq checkpoint (transformers' Seq2SeqTrainer), validate with zhsum's "
        "ROUGE, keep the best checkpoint, and register the result as a model.",
    )
    p.add_argument(
        "--model", required=True, help="the base: a registered seq2seq model, a folder or a hub id"
    )
    p.add_argument(
        "--data", required=True, help="pairs: JSONL, CSV, Parquet, or a saved datasets folder (as evaluate)"
    )
    p.add_argument("--out", required=True, help="a new or empty folder for the fine-tuned model")
    p.add_argument("--name", default=None, help="registered name (default: the --out folder's name)")
    p.add_argument(
        "--valid", default=None, help="validation pairs (default: a seeded --valid-fraction of --data)"
    )
    p.add_argument("--valid-fraction", type=_number(float, above=0, below=1), default=0.1)
    p.add_argument(
        "--max-valid", type=POSITIVE_INT, default=200, help="validation pairs at most (default 200)"
    )
    p.add_argument("--text-field", default="text")
    p.add_argument("--summary-field", default="summary")
    p.add_argument("--id-field", default="id")
    p.add_argument("--epochs", type=POSITIVE_FLOAT, default=3.0)
    p.add_argument("--max-steps", type=COUNT, default=0, help="optimizer steps (default: from --epochs)")
    p.add_argument("--lr", type=POSITIVE_FLOAT, default=5e-5, help="peak learning rate (default 5e-5)")
    p.add_argument(
        "--batch-tokens",
        type=POSITIVE_INT,
        default=4096,
        help="padded source tokens per step: pairs per step = this / the longest source (default 4096)",
    )
    p.add_argument("--grad-accum", type=POSITIVE_INT, default=1, help="gradient accumulation steps")
    p.add_argument("--eval-steps", type=COUNT, default=0, help="validate every N steps (default: each epoch)")
    p.add_argument(
        "--patience",
        type=COUNT,
        default=3,
        help="stop after N validations without a better ROUGE-L (0: never)",
    )
    p.add_argument("--max-target-tokens", type=POSITIVE_INT, default=256)
    p.add_argument("--warmup-steps", type=COUNT, default=0)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--device", default="auto", help="auto, cpu, cuda or cuda:N")
    p.add_argument(
        "--precision",
        choices=["auto", "fp32", "bf16"],
        default="auto",
        help="auto: bf16 on GPUs that have it",
    )
    p.add_argument("--gradient-checkpointing", choices=["auto", "on", "off"], default="auto")
    p.add_argument(
        "--lora", action="store_true", help="train LoRA adapters (peft), merged into the weights on save"
    )
    p.add_argument("--lora-rank", type=POSITIVE_INT, default=8)
    p.add_argument("--resume", action="store_true", help="continue an unfinished run in --out")
    p.add_argument(
        "--no-register", action="store_true", help="do not write $ZHSUM_CONFIG_DIR/models/NAME.yaml"
    )
    p.add_argument("--keep-checkpoints", action="store_true", help="keep OUT/checkpoints after the run")
    p.add_argument("--quiet", "-q", action="store_true")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    result = finetune(
        FinetuneSettings(
            model=args.model,
            data=args.data,
            out=args.out,
            name=args.name,
            valid=args.valid,
            valid_fraction=args.valid_fraction,
            max_valid=args.max_valid,
            fields=Fields(args.text_field, args.summary_field, args.id_field),
            epochs=args.epochs,
            max_steps=args.max_steps,
            lr=args.lr,
            batch_tokens=args.batch_tokens,
            grad_accum=args.grad_accum,
            eval_steps=args.eval_steps,
            patience=args.patience,
            max_target_tokens=args.max_target_tokens,
            warmup_steps=args.warmup_steps,
            seed=args.seed,
            device=args.device,
            precision=args.precision,
            gradient_checkpointing=args.gradient_checkpointing,
            lora=args.lora,
            lora_rank=args.lora_rank,
            resume=args.resume,
            register=not args.no_register,
            keep_checkpoints=args.keep_checkpoints,
            quiet=args.quiet,
        )
    )
    best = (
        f", best ROUGE-L {result.best_rouge_l:.2f} at step {result.best_step}"
        if result.best_step
        else f"; WARNING: validation ROUGE-L never beat the base model's: the last weights were kept "
        f"(ROUGE-L {result.best_rouge_l}); compare them with zhsum evaluate before using them"
    )
    use = f"--model {result.name}" if result.name else f"--model {result.out}"
    where = f"; registered in {result.registry_file}" if result.registry_file else ""
    print(
        f"zhsum: fine-tuned in {result.seconds:.0f} s, {result.steps} steps{best}; model in {result.out}{where}. "
        f"Use it: zhsum summarize INPUT {use}",
        file=sys.stderr,
    )
    return 0
