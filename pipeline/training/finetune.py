"""``zhsum finetune``: adapt a pretrained seq2seq checkpoint to a newsroom's own summaries.

Built on ``transformers``' ``Seq2SeqTrainer`` (as Hugging Face's ``run_summarization.py``); what
zhsum adds is around it:

* the data is read like ``evaluate``'s (:mod:`pipeline.training.data`), tokenized with the same
  tokenizer the summarizer uses (the Randeng tokenizer included), sources truncated (said);
* validation generates summaries and scores them with zhsum's own ROUGE (characters, the spec of
  :mod:`pipeline.evaluation.rouge`); the checkpoint with the best ROUGE-L is kept, and training
  stops early when it has not improved for ``patience`` evaluations;
* ``--out`` is either new/empty, or a run of ours to ``--resume`` (checked against the settings and
  data hashes it started with); checkpoints live in ``OUT/checkpoints`` until the end, and a
  checkpoint is taken only when its ``trainer_state.json`` (written last) exists, so a run killed
  with ``kill -9`` resumes from its last complete checkpoint;
* the result is a complete model folder (weights, tokenizer, a generation config whose lengths are
  learned from the references) with ``training.json`` beside it, registered as
  ``$ZHSUM_CONFIG_DIR/models/NAME.yaml`` so ``zhsum summarize --model NAME`` works at once.

Precision: fp32 on CPU; bf16 on a GPU that has it (never fp16: mT5 overflows to NaN).
"""

from __future__ import annotations

import json
import math
import re
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from pipeline.atomic import write_atomic
from pipeline.config import ModelConfig, config_dir, load_registry
from pipeline.engine.cache import folder_key
from pipeline.engine.devices import pick_device, quiet_transformers
from pipeline.engine.loading import model_folder
from pipeline.engine.tokenization import TextTokenizer, load_tokenizer
from pipeline.errors import ZhsumError
from pipeline.evaluation.data import Example
from pipeline.evaluation.stats import score_model
from pipeline.models import find_model
from pipeline.text import clean_summary
from pipeline.training.data import (
    Encoded,
    Fields,
    encode,
    file_hash,
    learned_lengths,
    load_pairs,
    split_pairs,
)

RUN_FILE = "zhsum_finetune_run.json"  # an unfinished run (settings and data hashes, for --resume)
DONE_FILE = "training.json"  # a finished run
CHECKPOINTS = "checkpoints"
TOKENIZER_EXTRA = (
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "added_tokens.json",
    "spiece.model",
    "sentencepiece.bpe.model",
    "vocab.txt",
    "vocab.json",
    "merges.txt",
    "zhsum_tokenizer.json",
)
NAME = re.compile(r"^[A-Za-z0-9][\w.-]*$")
BIG_MODEL = 400_000_000  # parameters: gradient checkpointing on by default above this


@dataclass(frozen=True)
class FinetuneSettings:
    model: str
    data: str
    out: str
    name: str | None = None  # registered name; default: the --out folder's name
    valid: str | None = None  # a validation file; default: a seeded fraction of --data
    valid_fraction: float = 0.1
    max_valid: int = 200
    fields: Fields = field(default_factory=Fields)
    epochs: float = 3.0
    max_steps: int = 0  # 0: from epochs
    lr: float = 5e-5
    batch_tokens: int = 4096  # padded source tokens per step (before gradient accumulation)
    grad_accum: int = 1
    eval_steps: int = 0  # 0: once per epoch
    patience: int = 3  # evaluations without a better ROUGE-L before stopping; 0: never stop early
    max_target_tokens: int = 256
    warmup_steps: int = 0
    seed: int = 0
    device: str = "auto"
    precision: Literal["auto", "fp32", "bf16"] = "auto"
    gradient_checkpointing: Literal["auto", "on", "off"] = "auto"
    lora: bool = False
    lora_rank: int = 8
    resume: bool = False
    register: bool = True
    keep_checkpoints: bool = False
    quiet: bool = False

    def fingerprint(self) -> dict[str, Any]:
        """What a resumed run must share with the run it continues."""
        out = asdict(self)
        for key in ("resume", "quiet", "keep_checkpoints", "device"):
            out.pop(key)
        return out


@dataclass(frozen=True)
class FinetuneResult:
    out: Path
    name: str | None
    registry_file: Path | None
    steps: int
    best_step: int | None
    best_rouge_l: float | None
    seconds: float


# --------------------------------------------------------------------------- the --out folder


def _check_out(out: Path, resume: bool) -> bool:
    """True when ``out`` holds a run to resume; refuses a folder holding anything else."""
    if out.exists() and not out.is_dir():
        raise ZhsumError(f"--out {out}: is a file; give a folder for the fine-tuned model")
    entries = sorted(p.name for p in out.iterdir()) if out.is_dir() else []
    if (out / DONE_FILE).exists():
        raise ZhsumError(
            f"--out {out}: already holds a fine-tuned model ({DONE_FILE}); choose another folder or delete it"
        )
    if (out / RUN_FILE).exists():
        if not resume:
            raise ZhsumError(
                f"--out {out}: holds an unfinished fine-tuning run; add --resume to continue it, "
                "or choose another folder"
            )
        return True
    if entries:
        shown = ", ".join(entries[:3]) + (" …" if len(entries) > 3 else "")
        raise ZhsumError(f"--out {out}: holds other files ({shown}); choose a new or empty folder")
    if resume:
        raise ZhsumError(f"--out {out}: nothing to resume (no unfinished run there); drop --resume")
    return False


def _same_run(out: Path, started: dict[str, Any]) -> None:
    try:
        before = json.loads((out / RUN_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise ZhsumError(
            f"--out {out}: {RUN_FILE} is unreadable; delete the folder and start again"
        ) from None
    for key in sorted(set(before) | set(started)):
        if before.get(key) != started.get(key):
            raise ZhsumError(
                f"--resume: '{key}' differs from the run in {out} "
                f"(was {before.get(key)!r}, now {started.get(key)!r}); use the same settings and data, "
                "or another --out"
            )


def last_complete_checkpoint(folder: Path) -> Path | None:
    """The newest ``checkpoint-N`` whose ``trainer_state.json`` (written last) is there and whole;
    newer, incomplete ones (a run killed while saving) are removed."""
    found: list[tuple[int, Path]] = []
    for path in folder.glob("checkpoint-*") if folder.is_dir() else []:
        step = path.name.rsplit("-", 1)[-1]
        if step.isdigit():
            found.append((int(step), path))
    best = None
    for _step, path in sorted(found, reverse=True):
        if best is None and _complete(path):
            best = path
        elif best is None:
            shutil.rmtree(path, ignore_errors=True)
    return best


def _complete(checkpoint: Path) -> bool:
    """Its ``trainer_state.json`` (written last) is there and whole."""
    try:
        json.loads((checkpoint / "trainer_state.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return True


# --------------------------------------------------------------------------- registry


def _registry_target(settings: FinetuneSettings, out: Path, resuming: bool) -> tuple[str, Path] | None:
    if not settings.register:
        return None
    folder = config_dir()
    if folder is None:
        raise ZhsumError(
            "ZHSUM_CONFIG_DIR is not set: the fine-tuned model is registered there as models/NAME.yaml; "
            "set it (e.g. export ZHSUM_CONFIG_DIR=~/.config/zhsum), or pass --no-register and use --model OUT"
        )
    name = settings.name or out.resolve().name
    if not NAME.match(name):
        raise ZhsumError(
            f"--name {name!r}: use letters, digits, '.', '_' or '-' (starting with a letter or digit)"
        )
    target = folder / "models" / f"{name}.yaml"
    if not resuming:
        if target.exists():
            raise ZhsumError(f"--name {name}: {target} exists already; choose another --name")
        if name in load_registry():
            raise ZhsumError(f"--name {name}: a built-in model has that name; choose another --name")
    return name, target


def _registry_yaml(name: str, base: ModelConfig, out: Path, generation: dict[str, Any], pairs: int) -> str:
    entry = {
        "kind": "seq2seq",
        "description": f"{base.name} fine-tuned by zhsum finetune on {pairs} pairs (see {out / DONE_FILE})",
        "path": str(out.resolve()),
        "architecture": base.architecture,
        "tokenizer": base.tokenizer,
        "prefix": base.prefix,
        "max_input_tokens": base.max_input_tokens,
        "licence": f"as the base model ({base.licence})" if base.licence else "as the base model",
        "generation": generation,
    }
    head = f"# Used by: zhsum summarize INPUT --model {name}   (made by zhsum finetune from {base.name})\n"
    return head + yaml.safe_dump(
        {k: v for k, v in entry.items() if v is not None}, allow_unicode=True, sort_keys=False
    )


# --------------------------------------------------------------------------- trainer pieces


class Collator:
    """Pads sources with the pad id (and an attention mask) and labels with -100 (ignored by the loss)."""

    def __init__(self, pad_id: int) -> None:
        self.pad_id = pad_id

    def __call__(self, rows: list[dict[str, list[int]]]) -> dict[str, Any]:
        import torch

        width = max(len(r["input_ids"]) for r in rows)
        target = max(len(r["labels"]) for r in rows)
        ids = [r["input_ids"] + [self.pad_id] * (width - len(r["input_ids"])) for r in rows]
        mask = [[1] * len(r["input_ids"]) + [0] * (width - len(r["input_ids"])) for r in rows]
        labels = [r["labels"] + [-100] * (target - len(r["labels"])) for r in rows]
        return {
            "input_ids": torch.tensor(ids, dtype=torch.long),
            "attention_mask": torch.tensor(mask, dtype=torch.long),
            "labels": torch.tensor(labels, dtype=torch.long),
        }


def rouge_metrics(
    tokenizer: TextTokenizer, valid: list[Example], labels: list[list[int]]
) -> Callable[[Any], dict[str, float]]:
    """``compute_metrics`` for the trainer: generated ids decoded, cleaned as the summarizer cleans
    them, scored against every reference with zhsum's character ROUGE (F, 0–100). Predictions
    align with ``valid`` by position; the label ids the trainer hands back are checked against
    ``labels`` so that a change of evaluation order cannot score summaries against other references."""

    def compute(prediction: Any) -> dict[str, float]:
        import numpy as np

        returned = [_unpadded(row, tokenizer.pad_token_id) for row in prediction.label_ids]
        if returned != labels:
            raise RuntimeError("validation predictions are not in the order of the validation pairs")
        ids = (
            prediction.predictions[0] if isinstance(prediction.predictions, tuple) else prediction.predictions
        )
        ids = np.where(ids < 0, tokenizer.pad_token_id, ids)
        texts = [clean_summary(t) for t in tokenizer.decode_batch(ids.tolist())]
        scores = score_model(valid, texts)  # evaluate's per-document P/R/F, 0–100
        return {
            name: round(float(scores[metric][:, 2].mean()), 2)
            for name, metric in (("rouge1", "rouge-1"), ("rouge2", "rouge-2"), ("rougeL", "rouge-l"))
        }

    return compute


def _unpadded(row: Any, pad_id: int) -> list[int]:
    """Label ids as the trainer hands them back (padded with -100, then with the pad id to the
    generation length), without the padding."""
    ids = [int(i) for i in row if i >= 0]
    while ids and ids[-1] == pad_id:
        ids.pop()
    return ids


def _in_order(trainer_class: type) -> type:
    """The trainer with validation in the pairs' order: with length-grouped training batches,
    transformers also shuffles evaluation by length, and ROUGE needs each prediction's references."""
    from torch.utils.data import SequentialSampler

    class InOrder(trainer_class):
        def _get_eval_sampler(self, eval_dataset: Any) -> Any:
            return SequentialSampler(eval_dataset)

    return InOrder


class StepTimer:
    """Wall time inside optimizer steps (validation and checkpoint saving excluded; the first step
    of an invocation, which warms up, excluded too), for the throughput in ``training.json``."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.steps = 0
        self._start = 0.0
        self._first = True

    def callback(self) -> Any:
        from transformers import TrainerCallback

        timer = self

        class Timer(TrainerCallback):
            def on_step_begin(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
                timer._start = time.perf_counter()

            def on_step_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
                if timer._first:
                    timer._first = False
                    return
                timer.seconds += time.perf_counter() - timer._start
                timer.steps += 1

        return Timer()


def _dataset(encoded: Encoded):
    import datasets

    return datasets.Dataset.from_dict({"input_ids": encoded.input_ids, "labels": encoded.labels})


def _wrap_lora(model: Any, architecture: str | None, rank: int) -> Any:
    try:
        from peft import LoraConfig, TaskType, get_peft_model
    except ImportError:
        raise ZhsumError(
            "--lora needs peft: pip install peft (or install zhsum with the [finetune] extra)"
        ) from None
    targets = ["q", "v"] if architecture in ("mt5", "t5") else ["q_proj", "v_proj"]
    config = LoraConfig(
        task_type=TaskType.SEQ_2_SEQ_LM,
        r=rank,
        lora_alpha=2 * rank,
        lora_dropout=0.05,
        target_modules=targets,
    )
    return get_peft_model(model, config)


def _precision(requested: str, device: str) -> str:
    if device == "cpu":
        if requested == "bf16":
            raise ZhsumError("--precision bf16: training in bf16 is for GPUs; on CPU use fp32 (or auto)")
        return "fp32"
    if requested != "auto":
        return requested
    import torch

    return "bf16" if device.startswith("cuda") and torch.cuda.is_bf16_supported() else "fp32"


def _say(settings: FinetuneSettings, message: str) -> None:
    if not settings.quiet:
        print(f"zhsum: {message}", file=sys.stderr)


# --------------------------------------------------------------------------- the run


def finetune(settings: FinetuneSettings) -> FinetuneResult:
    """Fine-tune ``settings.model`` on ``settings.data`` into ``settings.out`` (see the module docstring)."""
    out = Path(settings.out).expanduser()
    resuming = _check_out(out, settings.resume)
    base = find_model(settings.model)
    if base.kind != "seq2seq":
        raise ZhsumError(
            f"--model {settings.model}: '{base.kind}' is extractive and has nothing to train; give a seq2seq model"
        )
    registry = _registry_target(settings, out, resuming)
    folder = model_folder(base)

    examples = load_pairs(settings.data, settings.fields)
    given = load_pairs(settings.valid, settings.fields) if settings.valid else None
    split = split_pairs(examples, given, settings.valid_fraction, settings.max_valid, settings.seed)
    tokenizer = load_tokenizer(folder, base.tokenizer)
    train = encode(split.train, tokenizer, base.prefix, base.max_input_tokens, settings.max_target_tokens)
    valid = encode(split.valid, tokenizer, base.prefix, base.max_input_tokens, settings.max_target_tokens)
    min_new, max_new = learned_lengths(train.labels, settings.max_target_tokens)
    hashes = {
        "data_sha256": file_hash(settings.data),
        "valid_sha256": file_hash(settings.valid) if settings.valid else None,
        "base_files": folder_key(folder),
    }
    started = {**settings.fingerprint(), **hashes}
    device = pick_device(settings.device)  # before --out is touched: a bad flag leaves nothing behind
    precision = _precision(settings.precision, device)
    if resuming:
        _same_run(out, started)
    else:
        out.mkdir(parents=True, exist_ok=True)
        (out / RUN_FILE).write_text(json.dumps(started, ensure_ascii=False, indent=1), encoding="utf-8")

    longest = max(len(ids) for ids in train.input_ids)
    batch_size = max(1, settings.batch_tokens // longest)
    steps_per_epoch = math.ceil(len(split.train) / (batch_size * settings.grad_accum))
    max_steps = settings.max_steps or max(1, math.ceil(settings.epochs * steps_per_epoch))
    eval_steps = min(max_steps, settings.eval_steps or steps_per_epoch)
    _say(
        settings,
        f"fine-tuning {base.name} on {len(split.train)} pairs, validating on {len(split.valid)} "
        f"({split.valid_source}); {max_steps} steps of {batch_size} x {settings.grad_accum} pairs on "
        f"{device} ({precision}); sources over {base.max_input_tokens} tokens are truncated: "
        f"{train.truncated_sources} of {len(split.train)}",
    )

    import torch
    from transformers import (
        AutoModelForSeq2SeqLM,
        EarlyStoppingCallback,
        PrinterCallback,
        Seq2SeqTrainer,
        Seq2SeqTrainingArguments,
    )

    quiet_transformers()
    torch.manual_seed(settings.seed)
    model = AutoModelForSeq2SeqLM.from_pretrained(str(folder), dtype=torch.float32)
    params = sum(p.numel() for p in model.parameters())
    checkpointing = settings.gradient_checkpointing == "on" or (
        settings.gradient_checkpointing == "auto" and params > BIG_MODEL
    )
    if checkpointing:
        model.config.use_cache = False
    gen = model.generation_config
    gen.max_length = None
    gen.max_new_tokens, gen.min_new_tokens, gen.num_beams = max_new, min_new, 1  # greedy while validating
    if settings.lora:
        model = _wrap_lora(model, base.architecture, settings.lora_rank)

    args = Seq2SeqTrainingArguments(
        output_dir=str(out / CHECKPOINTS),
        max_steps=max_steps,
        learning_rate=settings.lr,
        warmup_steps=settings.warmup_steps,
        per_device_train_batch_size=batch_size,
        per_device_eval_batch_size=batch_size,
        gradient_accumulation_steps=settings.grad_accum,
        **_checkpointing_arg(Seq2SeqTrainingArguments, checkpointing),
        eval_strategy="steps",
        eval_steps=eval_steps,
        save_strategy="steps",
        save_steps=eval_steps,
        save_total_limit=2,
        load_best_model_at_end=True,
        metric_for_best_model="rougeL",
        greater_is_better=True,
        predict_with_generate=True,
        logging_steps=max(1, min(eval_steps, 50)),
        seed=settings.seed,
        data_seed=settings.seed,
        use_cpu=device == "cpu",
        bf16=precision == "bf16",
        report_to="none",
        train_sampling_strategy="group_by_length",
        dataloader_num_workers=0,
        remove_unused_columns=False,
        restore_callback_states_from_checkpoint=True,
        disable_tqdm=settings.quiet,
        eval_on_start=not resuming,  # the base model's scores open the curve
    )
    timer = StepTimer()
    callbacks = [timer.callback()]
    if settings.patience:
        callbacks.append(EarlyStoppingCallback(early_stopping_patience=settings.patience))

    trainer = _in_order(Seq2SeqTrainer)(
        model=model,
        args=args,
        data_collator=Collator(tokenizer.pad_token_id),
        train_dataset=_dataset(train),
        eval_dataset=_dataset(valid),
        compute_metrics=rouge_metrics(tokenizer, split.valid, valid.labels),
        callbacks=callbacks,
    )
    if settings.quiet:
        trainer.remove_callback(PrinterCallback)
    checkpoint = last_complete_checkpoint(out / CHECKPOINTS) if resuming else None
    if resuming:
        where = (
            f"step {checkpoint.name.rsplit('-', 1)[-1]}"
            if checkpoint
            else "the start (no complete checkpoint)"
        )
        _say(settings, f"resuming from {where}")
    start = time.perf_counter()
    trainer.train(resume_from_checkpoint=str(checkpoint) if checkpoint else None)
    seconds = time.perf_counter() - start

    final = trainer.model
    if settings.lora:
        final = final.merge_and_unload()
    generation = {
        "num_beams": base.generation.num_beams,
        "max_new_tokens": max_new,
        "min_new_tokens": min_new,
        "no_repeat_ngram_size": base.generation.no_repeat_ngram_size,
        "length_penalty": base.generation.length_penalty,
        "repetition_penalty": base.generation.repetition_penalty,
    }
    _save_model(final, folder, out, base, generation)
    state = trainer.state
    best_step = int(state.best_global_step) if state.best_global_step else None
    scores = [row["eval_rougeL"] for row in state.log_history if "eval_rougeL" in row]
    base_score = next(
        (r["eval_rougeL"] for r in state.log_history if "eval_rougeL" in r and r.get("step") == 0), None
    )
    # the weights saved: the best checkpoint's, or the last ones when no validation beat the base's
    saved_score = state.best_metric if best_step is not None else (scores[-1] if scores else None)
    report = {
        "base": {"model": settings.model, "name": base.name, "folder": str(folder)},
        "data": {
            "path": str(Path(settings.data).resolve()),
            "sha256": hashes["data_sha256"],
            "train_pairs": len(split.train),
            "valid_pairs": len(split.valid),
            "valid": split.valid_source,
            "valid_path": str(Path(settings.valid).resolve()) if settings.valid else None,
            "valid_sha256": hashes["valid_sha256"],
            "truncated_sources": train.truncated_sources,
            "truncated_targets": train.truncated_targets,
        },
        "settings": settings.fingerprint(),
        "run": {
            "device": device,
            "precision": precision,
            "parameters": params,
            "gradient_checkpointing": checkpointing,
            "batch_size": batch_size,
            "steps": int(state.global_step),
            "planned_steps": max_steps,
            "stopped_early": int(state.global_step) < max_steps,
            "seconds_last_invocation": round(seconds, 1),
            "best_step": best_step,
            "best_rougeL": state.best_metric,
            "base_rougeL": base_score,
            "saved_rougeL": saved_score,
            "improved_on_base": best_step is not None,
        },
        "throughput": _throughput(timer, batch_size * settings.grad_accum, train),
        "generation": generation,
        "curve": state.log_history,
        "versions": _versions(),
    }
    registry_file = None
    if registry is not None:  # before training.json, which marks the run finished
        name, registry_file = registry
        registry_file.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(registry_file, _registry_yaml(name, base, out, generation, len(split.train)))
    write_atomic(out / DONE_FILE, json.dumps(report, ensure_ascii=False, indent=1))
    (out / RUN_FILE).unlink()
    if not settings.keep_checkpoints:
        shutil.rmtree(out / CHECKPOINTS, ignore_errors=True)
    return FinetuneResult(
        out=out,
        name=registry[0] if registry else None,
        registry_file=registry_file,
        steps=int(state.global_step),
        best_step=best_step,
        best_rouge_l=saved_score,
        seconds=seconds,
    )


def _throughput(timer: StepTimer, pairs_per_step: int, train: Encoded) -> dict[str, float | int] | None:
    """Pairs and tokens (source + reference, without padding: a mean over the training set) per
    second of optimizer steps, timed by :class:`StepTimer`."""
    if not timer.steps or timer.seconds <= 0:
        return None
    pairs = timer.steps * pairs_per_step / timer.seconds
    mean_tokens = sum(len(a) + len(b) for a, b in zip(train.input_ids, train.labels, strict=True)) / len(
        train.input_ids
    )
    return {
        "timed_steps": timer.steps,
        "seconds": round(timer.seconds, 2),
        "pairs_per_s": round(pairs, 2),
        "tokens_per_s": round(pairs * mean_tokens, 1),
    }


def _checkpointing_arg(cls: type, on: bool) -> dict[str, Any]:
    """transformers renamed ``gradient_checkpointing`` to ``activation_checkpointing`` (the old name
    warns); the name this version takes."""
    import inspect

    name = "activation_checkpointing"
    return {name if name in inspect.signature(cls).parameters else "gradient_checkpointing": on}


def _save_model(
    model: Any, base_folder: Path, out: Path, base: ModelConfig, generation: dict[str, Any]
) -> None:
    """Weights, config and generation config into ``out``, the base model's tokenizer files beside
    them (and the Randeng marker where the base needs it)."""
    gen = model.generation_config
    gen.max_length = None
    for key, value in generation.items():
        setattr(gen, key, value)
    model.config.use_cache = True
    model.save_pretrained(str(out))
    for name in TOKENIZER_EXTRA:
        if (base_folder / name).is_file():
            shutil.copyfile(base_folder / name, out / name)
    if base.tokenizer == "randeng-bert" and not (out / "zhsum_tokenizer.json").exists():
        (out / "zhsum_tokenizer.json").write_text(json.dumps({"tokenizer": "randeng-bert"}), encoding="utf-8")


def _versions() -> dict[str, str]:
    import torch
    import transformers

    from pipeline import __version__

    return {"zhsum": __version__, "torch": torch.__version__, "transformers": transformers.__version__}
