"""Random-initialised seq2seq models and real tokenizers, built offline.

The tests and the benchmark use these instead of downloaded checkpoints (there is no model hub
here): a SentencePiece tokenizer trained on a few Chinese lines for (m)T5, a BERT ``vocab.txt`` for
BART and for Randeng-style Pegasus, and models of any shape, saved with ``save_pretrained`` so they
load through the same code path as real checkpoints. Everything is seeded.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

SAMPLE_LINES = [
    "青川市召开冬季安全生产工作会议，部署今冬明春安全防范工作。",
    "南湾区新增城镇就业1.2万人，城镇调查失业率控制在4.5%以内。",
    "全区新建、改扩建中小学和幼儿园6所，新增学位5400个。",
    "区人民医院新门诊楼投入使用，日均接诊能力提升40%。",
    "临溪镇坚持保护与发展并重，以文旅融合为抓手推动古镇转型。",
    "东岭市计划到2028年底完成全市312个老旧小区改造。",
    "改造将优先解决水电气管网老化、屋面漏水等群众反映强烈的问题。",
    "展销会为期三天，开幕首日现场签约金额达到3200万元。",
    "各地各部门要压实安全生产责任，确保各项措施落到实处。",
    "政务服务网已全面上线，790项事项实现网上办理。",
]


@dataclass(frozen=True)
class Shape:
    d_model: int = 32
    layers: int = 2
    heads: int = 2
    ffn: int = 64
    d_kv: int = 16
    vocab_size: int | None = None  # None: the tokenizer's size
    max_positions: int = 1024


# Published shapes (config.json of the checkpoints) for the benchmark.
MT5_SMALL = Shape(d_model=512, layers=8, heads=6, ffn=1024, d_kv=64, vocab_size=250112)
MT5_BASE = Shape(d_model=768, layers=12, heads=12, ffn=2048, d_kv=64, vocab_size=250112)
BART_BASE_CHINESE = Shape(d_model=768, layers=6, heads=12, ffn=3072, vocab_size=51271)
RANDENG_PEGASUS_238M = Shape(d_model=768, layers=12, heads=12, ffn=3072, vocab_size=50000)
TINY = Shape()


def _seed(seed: int) -> None:
    import random

    import numpy as np
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def train_sentencepiece(folder: Path, lines: Iterable[str] = SAMPLE_LINES, vocab_size: int = 400) -> Path:
    """A unigram SentencePiece model with T5's special ids (pad 0, eos 1, unk 2) and a
    ``tokenizer_config.json`` naming ``T5Tokenizer``."""
    import sentencepiece as spm

    folder.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(list(lines) * 4),
        model_writer=buffer,
        vocab_size=vocab_size,
        character_coverage=1.0,
        model_type="unigram",
        pad_id=0,
        eos_id=1,
        unk_id=2,
        bos_id=-1,
        hard_vocab_limit=False,
        num_threads=1,
        minloglevel=2,  # one thread: deterministic
    )
    (folder / "spiece.model").write_bytes(buffer.getvalue())
    (folder / "tokenizer_config.json").write_text(
        json.dumps(
            {
                "tokenizer_class": "T5Tokenizer",
                "eos_token": "</s>",
                "unk_token": "<unk>",
                "pad_token": "<pad>",
                "extra_ids": 0,
                "model_max_length": 512,
            }
        ),
        encoding="utf-8",
    )
    return folder


def write_bert_vocab(folder: Path, lines: Iterable[str] = SAMPLE_LINES, randeng: bool = False) -> Path:
    """A BERT ``vocab.txt`` (``[PAD]``, ``[unused1-3]``, ``[UNK]``, ``[CLS]``, ``[SEP]``, ``[MASK]``,
    then every character and jieba word of ``lines``). With ``randeng`` a marker file selects
    :class:`pipeline.tokenization.RandengTokenizer`; without, ``tokenizer_config.json`` names
    ``BertTokenizer`` for ``AutoTokenizer``."""
    from pipeline.text import jieba_tokenizer

    folder.mkdir(parents=True, exist_ok=True)
    specials = ["[PAD]", "[unused1]", "[unused2]", "[unused3]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    seen: dict[str, None] = {}
    for line in lines:
        for ch in line.lower():
            if not ch.isspace():
                seen.setdefault(ch, None)
        for word in jieba_tokenizer().cut(line, HMM=False):
            if len(word) > 1 and not word.isspace():
                seen.setdefault(word.lower(), None)
    for digit in "0123456789":
        seen.setdefault(f"##{digit}", None)
    (folder / "vocab.txt").write_text("\n".join(specials + list(seen)) + "\n", encoding="utf-8")
    if randeng:
        (folder / "zhsum_tokenizer.json").write_text(
            json.dumps({"tokenizer": "randeng-bert"}), encoding="utf-8"
        )
    else:
        (folder / "tokenizer_config.json").write_text(
            json.dumps(
                {
                    "tokenizer_class": "BertTokenizer",
                    "do_lower_case": True,
                    "tokenize_chinese_chars": True,
                    "model_max_length": 512,
                }
            ),
            encoding="utf-8",
        )
    return folder


def _vocab_size(folder: Path) -> int:
    if (folder / "spiece.model").exists():
        import sentencepiece as spm

        return spm.SentencePieceProcessor(model_file=str(folder / "spiece.model")).get_piece_size()
    return len((folder / "vocab.txt").read_text(encoding="utf-8").rstrip("\n").split("\n"))


def _save(model, folder: Path, max_new_tokens: int, special_ids: Iterable[int]) -> Path:
    """Save ``model``. The output rows of special tokens are zeroed first: a random model would
    otherwise often emit only padding or end-of-sequence, and tests need visible output."""
    import torch

    with torch.no_grad():
        model.get_output_embeddings().weight[list(special_ids)] = 0.0
    model.eval()
    model.generation_config.max_length = None
    model.generation_config.max_new_tokens = max_new_tokens
    model.generation_config.num_beams = 1
    model.save_pretrained(str(folder))
    return folder


def make_mt5(folder: Path, shape: Shape = TINY, seed: int = 0, max_new_tokens: int = 8) -> Path:
    """A random mT5 with a SentencePiece tokenizer in ``folder``."""
    from transformers import MT5Config, MT5ForConditionalGeneration

    if not (folder / "spiece.model").exists():
        train_sentencepiece(folder)
    _seed(seed)
    config = MT5Config(
        vocab_size=shape.vocab_size or _vocab_size(folder),
        d_model=shape.d_model,
        d_kv=shape.d_kv,
        d_ff=shape.ffn,
        num_layers=shape.layers,
        num_decoder_layers=shape.layers,
        num_heads=shape.heads,
        decoder_start_token_id=0,
        pad_token_id=0,
        eos_token_id=1,
        feed_forward_proj="gated-gelu",
        tie_word_embeddings=False,
    )
    return _save(MT5ForConditionalGeneration(config), folder, max_new_tokens, special_ids=range(3))


def _bart_dims(shape: Shape, folder: Path) -> dict[str, int]:
    """The sizes of a BART-family config (BART and Pegasus name them alike)."""
    return {
        "vocab_size": shape.vocab_size or _vocab_size(folder),
        "d_model": shape.d_model,
        "encoder_layers": shape.layers,
        "decoder_layers": shape.layers,
        "encoder_attention_heads": shape.heads,
        "decoder_attention_heads": shape.heads,
        "encoder_ffn_dim": shape.ffn,
        "decoder_ffn_dim": shape.ffn,
        "max_position_embeddings": shape.max_positions,
    }


def make_bart(folder: Path, shape: Shape = TINY, seed: int = 0, max_new_tokens: int = 8) -> Path:
    """A random BART with a BERT-vocabulary tokenizer (as fnlp/bart-base-chinese) in ``folder``."""
    from transformers import BartConfig, BartForConditionalGeneration

    if not (folder / "vocab.txt").exists():
        write_bert_vocab(folder)
    vocab = (folder / "vocab.txt").read_text(encoding="utf-8").split("\n")
    _seed(seed)
    config = BartConfig(
        **_bart_dims(shape, folder),
        pad_token_id=vocab.index("[PAD]"),
        bos_token_id=vocab.index("[CLS]"),
        eos_token_id=vocab.index("[SEP]"),
        decoder_start_token_id=vocab.index("[SEP]"),
        forced_eos_token_id=vocab.index("[SEP]"),
    )
    return _save(BartForConditionalGeneration(config), folder, max_new_tokens, special_ids=range(8))


def make_pegasus(folder: Path, shape: Shape = TINY, seed: int = 0, max_new_tokens: int = 8) -> Path:
    """A random Pegasus with the Randeng tokenizer (BERT vocabulary + jieba) in ``folder``."""
    from transformers import PegasusConfig, PegasusForConditionalGeneration

    if not (folder / "vocab.txt").exists():
        write_bert_vocab(folder, randeng=True)
    _seed(seed)
    config = PegasusConfig(
        **_bart_dims(shape, folder),
        pad_token_id=0,
        eos_token_id=1,
        decoder_start_token_id=0,
        forced_eos_token_id=1,
    )
    return _save(PegasusForConditionalGeneration(config), folder, max_new_tokens, special_ids=range(8))
