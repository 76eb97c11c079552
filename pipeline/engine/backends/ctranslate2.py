"""CPU fast path: the model converted once to CTranslate2 (int8 by default) and cached.

Conversion runs CTranslate2's public ``TransformersConverter`` with its two documented hooks
overridden (``load_model``, ``load_tokenizer``), because as shipped it trips on transformers 5 and on
our tokenizers:

* BART and Pegasus configs no longer carry ``normalize_before``/``normalize_embedding``: set from
  the architecture (BART post-norm with an embedding layer norm; Pegasus pre-norm without);
* transformers 5 forces ``tie_word_embeddings=True`` on (m)T5 configs, which makes the converter
  scale the decoder output by ``d_model**-0.5``; transformers 5 itself scales only when
  ``scale_decoder_outputs`` is set (never for mT5), so the flag is set to match the model's forward;
* a BERT vocabulary has no bos/eos tokens: they are taken from the model config's ids
  (``[CLS]``/``[SEP]``), and the Randeng tokenizer works through the same shim;
* the vocabulary is padded to the model's size so every output id has a token.

``--trim-vocab`` (opt-in, approximate) adds a vocabulary map that restricts the output layer to the
tokens Chinese news uses (:func:`chinese_vocabulary`): for mT5, whose 250,112-row output layer is
most of the bytes read per decode step, this is much faster; the model can then never emit a token
outside that set (kana, Cyrillic, …), so outputs may differ from the full model's.

Converted models live in ``$ZHSUM_CACHE`` (default ``~/.cache/zhsum``) under ``ct2/<key>``, the key
hashing the model's files (name, size, mtime), the precision and the CTranslate2 version; a
conversion is written to a temporary folder and renamed into place.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from pipeline.atomic import atomic_folder
from pipeline.config import GenerationSettings, ModelConfig
from pipeline.engine.cache import cache_root, folder_key
from pipeline.engine.devices import cpu_replicas, cpu_threads, quiet_transformers
from pipeline.engine.tokenization import TextTokenizer
from pipeline.errors import BackendUnsupported

CONVERTER_VERSION = "1"
ARCHITECTURES = {"t5", "mt5", "bart", "pegasus"}
COMPUTE_TYPES = {"int8": "int8_float32", "fp32": "float32"}


def vocabulary(tokenizer: TextTokenizer, size: int) -> list[str]:
    """One token string per model id (``size`` of them), unique; ids the tokenizer does not
    know get placeholders."""
    tokens: list[str] = []
    seen: set[str] = set()
    for i in range(size):
        try:
            token = tokenizer.ids_to_tokens([i])[0]
        except (IndexError, KeyError, ValueError, OverflowError):
            token = None
        if not isinstance(token, str) or not token or token in seen:
            token = f"<zhsum_unused_{i}>"
        seen.add(token)
        tokens.append(token)
    return tokens


_CHINESE_PIECE = re.compile(r"^[▁#\u3400-\u9fff\u3000-\u303f\uff00-\uffefA-Za-z0-9!-/:-@\[-`{-~·—–…“”‘’%]+$")


def chinese_vocabulary(tokens: list[str], keep: set[str]) -> list[str]:
    """The target tokens Chinese news text uses: pieces made only of CJK ideographs, CJK and ASCII
    punctuation, ASCII letters and digits (and SentencePiece's ▁), plus ``keep`` (special tokens)."""
    return [
        t for t in tokens if t in keep or (not t.startswith("<zhsum_unused_") and _CHINESE_PIECE.match(t))
    ]


class _TokenizerShim:
    """What CTranslate2's loaders read from a tokenizer, from our vocabulary and the model config."""

    def __init__(self, tokens: list[str], config) -> None:
        self.tokens = tokens

        def tok(token_id: int | None, fallback: str | None = None) -> str | None:
            return tokens[token_id] if isinstance(token_id, int) and 0 <= token_id < len(tokens) else fallback

        self.pad_token = tok(config.pad_token_id)
        self.eos_token = tok(config.eos_token_id)
        self.bos_token = tok(getattr(config, "bos_token_id", None), self.pad_token)
        unk = next((t for t in ("<unk>", "[UNK]") if t in tokens), self.pad_token)
        self.unk_token = unk

    def get_vocab(self) -> dict[str, int]:
        return {t: i for i, t in enumerate(self.tokens)}

    def convert_ids_to_tokens(self, token_id: int) -> str:
        return self.tokens[token_id]


def _converter(folder: Path, tokenizer: TextTokenizer):
    """A ``TransformersConverter`` whose two documented hooks, ``load_model`` and ``load_tokenizer``,
    return the model with the flags its loader expects and a shim over our tokenizer."""
    import torch
    from ctranslate2.converters import TransformersConverter
    from transformers import AutoModelForSeq2SeqLM

    class Converter(TransformersConverter):
        def load_model(self, model_class, model_name_or_path, **kwargs):
            model = AutoModelForSeq2SeqLM.from_pretrained(str(folder), dtype=torch.float32).eval()
            kind = model.config.model_type
            if kind == "bart":
                model.config.normalize_before = False
                model.config.normalize_embedding = True
            elif kind == "pegasus":
                model.config.normalize_before = True
                model.config.normalize_embedding = False
            else:
                model.config.tie_word_embeddings = bool(getattr(model.config, "scale_decoder_outputs", False))
            self.model_config = model.config
            return model

        def load_tokenizer(self, tokenizer_class, model_name_or_path, **kwargs):
            return _TokenizerShim(vocabulary(tokenizer, self.model_config.vocab_size), self.model_config)

    return Converter(str(folder))


def convert(
    folder: Path, out: Path, tokenizer: TextTokenizer, precision: str, trim_vocab: bool = False
) -> Path:
    """Convert the model in ``folder`` to a CTranslate2 model at ``out`` (with ``trim_vocab``, plus
    a vocabulary map restricting outputs to :func:`chinese_vocabulary`), written whole or not at all."""
    from transformers import AutoConfig

    quiet_transformers()
    config = AutoConfig.from_pretrained(str(folder))
    if config.model_type not in ARCHITECTURES:
        raise BackendUnsupported(
            f"architecture '{config.model_type}' is not converted to CTranslate2 by zhsum"
        )
    converter = _converter(folder, tokenizer)
    with atomic_folder(out) as tmp, tempfile.TemporaryDirectory(prefix="zhsum-vmap-") as vmap_dir:
        vmap = None
        if trim_vocab:
            tokens = vocabulary(tokenizer, config.vocab_size)
            shim = _TokenizerShim(tokens, config)
            specials = {t for t in (shim.pad_token, shim.eos_token, shim.bos_token, shim.unk_token) if t}
            vmap = Path(vmap_dir) / "vmap.txt"
            vmap.write_text("\t" + " ".join(chinese_vocabulary(tokens, specials)) + "\n", encoding="utf-8")
        converter.convert(
            str(tmp),
            vmap=str(vmap) if vmap else None,
            quantization=COMPUTE_TYPES[precision].split("_")[0],
            force=True,
        )
        (tmp / "zhsum.json").write_text(
            json.dumps({"source": str(folder), "precision": precision}), encoding="utf-8"
        )
    return out


@contextmanager
def _conversion_lock(target: Path) -> Iterator[None]:
    """An exclusive lock (``flock``) on ``locks/<key>`` in the cache while ``target`` is converted."""
    import fcntl

    locks = cache_root() / "locks"
    locks.mkdir(parents=True, exist_ok=True)
    with open(locks / target.name, "a+b") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock.fileno(), fcntl.LOCK_UN)


class CT2Backend:
    """Generation with a cached CTranslate2 conversion of the model (CPU), as
    :func:`~pipeline.engine.devices.cpu_replicas` replicas sharing its weights: ``generate_n`` may be
    called from that many threads at once (CTranslate2 releases the GIL and runs each call on a free
    replica)."""

    name = "ctranslate2"

    def __init__(
        self,
        folder: Path,
        cfg: ModelConfig,
        tokenizer: TextTokenizer,
        *,
        device: str = "cpu",
        precision: str = "int8",
        threads: int | None = None,
        trim_vocab: bool = False,
    ) -> None:
        if device != "cpu":
            raise BackendUnsupported(
                "zhsum runs CTranslate2 on CPU only (use --device cpu, or --engine torch on a GPU)"
            )
        if precision not in COMPUTE_TYPES:
            raise BackendUnsupported(
                f"--precision {precision} is not a CTranslate2 precision here (use int8 or fp32, or --engine torch)"
            )
        if cfg.architecture is not None and cfg.architecture not in ARCHITECTURES:
            raise BackendUnsupported(f"architecture '{cfg.architecture}'")
        import ctranslate2

        self.precision = precision
        self.tokenizer = tokenizer
        self.trim_vocab = trim_vocab
        key = folder_key(
            folder, precision, CONVERTER_VERSION, ctranslate2.__version__, "vmap" if trim_vocab else ""
        )
        target = cache_root() / "ct2" / key
        if not (target / "model.bin").exists():
            with _conversion_lock(target):  # worker processes starting together convert once
                if not (target / "model.bin").exists():
                    convert(folder, target, tokenizer, precision, trim_vocab)
        self.replicas, per_replica = cpu_replicas(cpu_threads(threads))
        self.translator = ctranslate2.Translator(
            str(target),
            device="cpu",
            compute_type=COMPUTE_TYPES[precision],
            intra_threads=per_replica,
            inter_threads=self.replicas,
        )
        self.model_dir = target
        forced = None
        for name in ("generation_config.json", "config.json"):  # read directly: no transformers import
            path = folder / name
            if path.exists():
                forced = json.loads(path.read_text(encoding="utf-8")).get("forced_eos_token_id")
                if forced is not None:
                    break
        # transformers forces end-of-sequence as the last of max_new_tokens when the checkpoint sets
        # forced_eos_token_id (BART, Pegasus): the same budget here is one token shorter.
        self.forced_eos = forced is not None
        vocab_file = next(target.glob("*vocabulary.json"))
        self.token_to_id = {t: i for i, t in enumerate(json.loads(vocab_file.read_text(encoding="utf-8")))}
        self.id_to_token = list(self.token_to_id)

    def generate(self, batch: Sequence[Sequence[int]], settings: GenerationSettings) -> list[list[int]]:
        return [hypotheses[0] for hypotheses in self.generate_n(batch, settings, 1)]

    def generate_n(
        self, batch: Sequence[Sequence[int]], settings: GenerationSettings, n: int
    ) -> list[list[list[int]]]:
        source = [[self.id_to_token[i] for i in ids] for ids in batch]
        max_length = max(1, settings.max_new_tokens - (1 if self.forced_eos else 0))
        results = self.translator.translate_batch(
            source,
            beam_size=max(settings.num_beams, n),
            max_decoding_length=max_length,
            min_decoding_length=min(settings.min_new_tokens, max_length),
            no_repeat_ngram_size=settings.no_repeat_ngram_size,
            length_penalty=settings.length_penalty,
            repetition_penalty=settings.repetition_penalty,
            num_hypotheses=n,
            return_scores=False,
            use_vmap=self.trim_vocab,
        )
        return [[[self.token_to_id[t] for t in h] for h in r.hypotheses] for r in results]

    def is_out_of_memory(self, exc: BaseException) -> bool:
        return "out of memory" in str(exc).lower()

    def release_memory(self) -> None:
        pass
