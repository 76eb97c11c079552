"""Tokenizers behind one small interface, so both engines (PyTorch, CTranslate2) share them.

:class:`HFTokenizer` wraps anything ``AutoTokenizer`` loads (mT5's SentencePiece, a BERT vocabulary
for BART). :class:`RandengTokenizer` reproduces the tokenizer the IDEA-CCNL Randeng-Pegasus
checkpoints were trained with, which ``AutoTokenizer`` cannot load:

* the vocabulary is a BERT ``vocab.txt`` with five entries renamed: ``[PAD]`` → ``<pad>``,
  ``[UNK]`` → ``<unk>``, ``[unused1]`` → ``</s>`` (end of sequence), ``[unused2]`` → ``<mask_1>``,
  ``[unused3]`` → ``<mask_2>``;
* text is cut into words by jieba (``HMM=False``); a word found in the vocabulary is one token,
  any other word goes through BERT's basic tokenizer (lower-casing, one token per Chinese
  character, punctuation split off) and WordPiece;
* an encoded input ends with ``</s>``; there is no beginning-of-sequence token.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from pipeline.atomic import atomic_folder
from pipeline.text import jieba_tokenizer

RANDENG_RENAMES = {
    "[PAD]": "<pad>",
    "[UNK]": "<unk>",
    "[unused1]": "</s>",
    "[unused2]": "<mask_1>",
    "[unused3]": "<mask_2>",
}


class TextTokenizer(Protocol):
    pad_token_id: int
    eos_token_id: int

    def encode_batch(self, texts: Sequence[str]) -> list[list[int]]: ...

    def decode_batch(self, ids: Sequence[Sequence[int]]) -> list[str]: ...

    def ids_to_tokens(self, ids: Sequence[int]) -> list[str]: ...

    def tokens_to_ids(self, tokens: Sequence[str]) -> list[int]: ...


class HFTokenizer:
    """A ``transformers`` tokenizer; only ``input_ids`` are used (BART's generate rejects
    the ``token_type_ids`` a BERT vocabulary returns)."""

    def __init__(self, tokenizer) -> None:
        self.tokenizer = tokenizer
        self.pad_token_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0
        eos = tokenizer.eos_token_id if tokenizer.eos_token_id is not None else tokenizer.sep_token_id
        self.eos_token_id = eos if eos is not None else self.pad_token_id

    def encode_batch(self, texts: Sequence[str]) -> list[list[int]]:
        return [list(ids) for ids in self.tokenizer(list(texts), add_special_tokens=True)["input_ids"]]

    def decode_batch(self, ids: Sequence[Sequence[int]]) -> list[str]:
        # A model's output layer can be larger than its tokenizer (mT5: 250,112 rows for 250,100
        # pieces); ids past the tokenizer decode to nothing.
        size = len(self.tokenizer)
        return self.tokenizer.batch_decode(
            [[i for i in seq if i < size] for seq in ids], skip_special_tokens=True
        )

    def ids_to_tokens(self, ids: Sequence[int]) -> list[str]:
        return self.tokenizer.convert_ids_to_tokens(list(ids))

    def tokens_to_ids(self, tokens: Sequence[str]) -> list[int]:
        return self.tokenizer.convert_tokens_to_ids(list(tokens))


def clean_up_spaces(text: str) -> str:
    """transformers' ``clean_up_tokenization`` (spaces before English punctuation and contractions)."""
    for before, after in (
        (" .", "."),
        (" ?", "?"),
        (" !", "!"),
        (" ,", ","),
        (" ' ", "'"),
        (" n't", "n't"),
        (" 'm", "'m"),
        (" 's", "'s"),
        (" 've", "'ve"),
        (" 're", "'re"),
    ):
        text = text.replace(before, after)
    return text


class FastTokenizer:
    """A model's ``tokenizers`` backend, saved once from ``AutoTokenizer`` to zhsum's cache and then
    loaded without importing transformers or torch (a warm CPU start takes a fraction of a second).
    Encoding and decoding equal the ``AutoTokenizer`` it was saved from."""

    def __init__(self, folder: Path) -> None:
        from tokenizers import Tokenizer

        self.backend = Tokenizer.from_file(str(folder / "tokenizer.json"))
        meta = json.loads((folder / "zhsum_fast_tokenizer.json").read_text(encoding="utf-8"))
        self.pad_token_id = meta["pad_token_id"]
        self.eos_token_id = meta["eos_token_id"]
        self.cleanup = meta["clean_up_tokenization_spaces"]
        self.size = meta["size"]

    @staticmethod
    def save(tokenizer, folder: Path) -> None:
        adapter = HFTokenizer(tokenizer)
        with atomic_folder(folder) as tmp:
            tokenizer.backend_tokenizer.save(str(tmp / "tokenizer.json"))
            (tmp / "zhsum_fast_tokenizer.json").write_text(
                json.dumps(
                    {
                        "pad_token_id": adapter.pad_token_id,
                        "eos_token_id": adapter.eos_token_id,
                        "clean_up_tokenization_spaces": bool(
                            getattr(tokenizer, "clean_up_tokenization_spaces", False)
                        ),
                        "size": len(tokenizer),
                    }
                ),
                encoding="utf-8",
            )

    def encode_batch(self, texts: Sequence[str]) -> list[list[int]]:
        return [e.ids for e in self.backend.encode_batch(list(texts), add_special_tokens=True)]

    def decode_batch(self, ids: Sequence[Sequence[int]]) -> list[str]:
        texts = self.backend.decode_batch(
            [[i for i in seq if i < self.size] for seq in ids], skip_special_tokens=True
        )
        return [clean_up_spaces(t) for t in texts] if self.cleanup else texts

    def ids_to_tokens(self, ids: Sequence[int]) -> list[str]:
        return [self.backend.id_to_token(i) or "" for i in ids]

    def tokens_to_ids(self, tokens: Sequence[str]) -> list[int]:
        ids = [self.backend.token_to_id(t) for t in tokens]
        return [i if i is not None else self.pad_token_id for i in ids]


class RandengTokenizer:
    """The Randeng-Pegasus tokenizer (see the module docstring) over a folder's ``vocab.txt``."""

    def __init__(self, vocab_file: str | Path) -> None:
        from tokenizers import Tokenizer, normalizers, pre_tokenizers
        from tokenizers.models import WordPiece

        lines = Path(vocab_file).read_text(encoding="utf-8").split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        tokens = [RANDENG_RENAMES.get(t, t) for t in lines]
        self.vocab = {t: i for i, t in enumerate(tokens)}
        self.id_to_token = tokens
        for needed in ("<pad>", "<unk>", "</s>"):
            if needed not in self.vocab:
                raise ValueError(f"{vocab_file}: not a Randeng BERT vocabulary (no {needed} after renaming)")
        self.pad_token_id = self.vocab["<pad>"]
        self.eos_token_id = self.vocab["</s>"]
        self.unk_token_id = self.vocab["<unk>"]
        self.special_ids = {self.vocab[t] for t in RANDENG_RENAMES.values() if t in self.vocab}
        self.special_ids |= {i for t, i in self.vocab.items() if t in ("[CLS]", "[SEP]", "[MASK]")}
        wordpiece = Tokenizer(WordPiece(self.vocab, unk_token="<unk>", max_input_chars_per_word=100))
        wordpiece.normalizer = normalizers.BertNormalizer(
            clean_text=True, handle_chinese_chars=True, strip_accents=None, lowercase=True
        )
        wordpiece.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
        self._wordpiece = wordpiece

    @classmethod
    def from_folder(cls, folder: str | Path) -> RandengTokenizer:
        return cls(Path(folder) / "vocab.txt")

    def tokenize(self, text: str) -> list[str]:
        return self.ids_to_tokens(self._encode(text))

    def _encode(self, text: str) -> list[int]:
        ids: list[int] = []
        for word in jieba_tokenizer().cut(text, HMM=False):
            known = self.vocab.get(word)
            if known is not None:
                ids.append(known)
            elif word.strip():
                ids.extend(self._wordpiece.encode(word, add_special_tokens=False).ids)
        return ids

    def encode_batch(self, texts: Sequence[str]) -> list[list[int]]:
        return [[*self._encode(t), self.eos_token_id] for t in texts]

    def decode_batch(self, ids: Sequence[Sequence[int]]) -> list[str]:
        out = []
        for seq in ids:
            text = ""
            for i in seq:
                if i in self.special_ids or not 0 <= i < len(self.id_to_token):
                    continue
                token = self.id_to_token[i]
                if token.startswith("##"):
                    text += token[2:]
                elif (
                    text
                    and token.isascii()
                    and token[:1].isalnum()
                    and text[-1:].isascii()
                    and text[-1:].isalnum()
                ):
                    text += " " + token
                else:
                    text += token
            out.append(text)
        return out

    def ids_to_tokens(self, ids: Sequence[int]) -> list[str]:
        return [self.id_to_token[i] for i in ids]

    def tokens_to_ids(self, tokens: Sequence[str]) -> list[int]:
        return [self.vocab.get(t, self.unk_token_id) for t in tokens]

    def save(self, folder: str | Path) -> None:
        """Write ``vocab.txt`` (original BERT names) and a config saying which tokenizer to use."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        inverse = {v: k for k, v in RANDENG_RENAMES.items()}
        (folder / "vocab.txt").write_text(
            "\n".join(inverse.get(t, t) for t in self.id_to_token) + "\n", encoding="utf-8"
        )
        (folder / "zhsum_tokenizer.json").write_text(
            json.dumps({"tokenizer": "randeng-bert"}), encoding="utf-8"
        )


def load_tokenizer(folder: str | Path, kind: str = "auto") -> TextTokenizer:
    """The tokenizer of a model folder: ``randeng-bert`` when asked for (or marked by
    ``zhsum_tokenizer.json``); else the folder's ``AutoTokenizer``, served from zhsum's cache as a
    :class:`FastTokenizer` after its first load."""
    folder = Path(folder)
    marker = folder / "zhsum_tokenizer.json"
    if kind == "auto" and marker.exists():
        kind = json.loads(marker.read_text(encoding="utf-8")).get("tokenizer", "auto")
    if kind == "randeng-bert":
        return RandengTokenizer.from_folder(folder)
    from pipeline.engine.cache import cache_root, folder_key

    cached = cache_root() / "tokenizers" / folder_key(folder)
    if (cached / "zhsum_fast_tokenizer.json").exists():
        return FastTokenizer(cached)
    from transformers import AutoTokenizer

    from pipeline.engine.devices import quiet_transformers

    quiet_transformers()
    tokenizer = AutoTokenizer.from_pretrained(str(folder))
    if not getattr(tokenizer, "is_fast", False):
        return HFTokenizer(tokenizer)
    FastTokenizer.save(tokenizer, cached)
    return FastTokenizer(cached)
