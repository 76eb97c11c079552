"""Chinese ROUGE, specified, and equal to rouge-score 0.1.2 given the same tokenizer.

Specification
=============
Normalisation
    Unicode NFKC (full-width letters, digits and punctuation become ASCII), then ASCII letters
    lower-cased. Nothing else is changed.
Tokens (``char``, the default)
    each run of ASCII letters/digits is one token (``gdp``, ``2026``); every other letter or
    ideograph (a Unicode word character that is not a digit or ``_``) is one token; everything
    else — punctuation, symbols, spaces — is dropped. rouge-score's default tokenizer keeps only
    ``[a-z0-9]`` and so scores Chinese 0; this is the departure that makes Chinese work.
Tokens (``jieba``)
    jieba words (``HMM=True``, jieba's default) of the same normalised text, dropping words with no
    word character (the XL-Sum convention for Chinese).
ROUGE-N (N = 1, 2)
    clipped n-gram counts: overlap = Σ min(count_ref(g), count_pred(g)); P = overlap / #pred
    n-grams, R = overlap / #ref n-grams, F = 2PR / (P + R), 0 when P + R = 0.
ROUGE-L (summary level, ROUGE-1.5.5's ROUGE-L = rouge-score's ``rougeLsum``)
    both texts are split into sentences after 。！？!? (and at line breaks; NFKC has already made
    ！？ ASCII); for each reference sentence the union of its LCS with every candidate sentence is
    taken, tokens counted at most as often as they occur in either text ("hits");
    P = hits / #pred tokens, R = hits / #ref tokens. Where several LCS exist, the one taken is the
    one rouge-score's backtracking takes, so scores match it exactly.
    Sentence-level ROUGE-L (one LCS over whole texts) is available as :func:`rouge_l_sentence`
    and labelled as such wherever it is shown.
Scores
    0–100 scale. An empty prediction (no tokens) scores 0 and stays in the average.
    With several references, each metric takes the reference with the best F for that document
    (as rouge-score's ``score_multi``).

Speed: n-grams are counted with ``Counter``; the LCS uses the bit-parallel algorithm of
Crochemore et al. (2001) on Python integers, keeping one bit-vector per candidate position so that
the DP table value t[i][j] = i - popcount(V_j & (2^i - 1)) is available for rouge-score's
backtracking without building the table.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.evaluation.registry import Item, register_metric

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_TOKEN = re.compile(r"[a-z0-9]+|[^\W\d_]")
_WORDY = re.compile(r"\w")
_SENTENCE_END = re.compile(r"(?<=[。！？!?])|\n")


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text).translate(_ASCII_LOWER)


class CharTokenizer:
    """The default tokenizer (see the module docstring); has rouge-score's ``tokenize`` method."""

    name = "char"

    def tokenize(self, text: str) -> list[str]:
        return _TOKEN.findall(normalize(text))


class JiebaTokenizer:
    name = "jieba"

    def tokenize(self, text: str) -> list[str]:
        from pipeline.text import jieba_tokenizer

        return [w for w in jieba_tokenizer().cut(normalize(text)) if _WORDY.search(w)]


def get_tokenizer(name: str) -> CharTokenizer | JiebaTokenizer:
    if name == "char":
        return CharTokenizer()
    if name == "jieba":
        return JiebaTokenizer()
    raise ValueError(f"unknown tokenization '{name}' (char or jieba)")


def sentences(text: str) -> list[str]:
    """Sentences for summary-level ROUGE-L: after 。！？!? and at line breaks, empty pieces dropped."""
    return [s for s in _SENTENCE_END.split(normalize(text)) if s]


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    fmeasure: float


ZERO = Score(0.0, 0.0, 0.0)


def _prf(hits: int, n_pred: int, n_ref: int) -> Score:
    if not n_pred or not n_ref:
        return ZERO
    p, r = hits / n_pred, hits / n_ref
    return Score(p, r, 2 * p * r / (p + r) if p + r > 0 else 0.0)


def ngrams(tokens: Sequence[str], n: int) -> Counter:
    return Counter(zip(*(tokens[i:] for i in range(n)), strict=False)) if n > 1 else Counter(tokens)


def rouge_n(ref: Sequence[str], pred: Sequence[str], n: int) -> Score:
    ref_counts, pred_counts = ngrams(ref, n), ngrams(pred, n)
    overlap = sum((ref_counts & pred_counts).values())
    return _prf(overlap, sum(pred_counts.values()), sum(ref_counts.values()))


def _columns(ref: Sequence[str], can: Sequence[str]) -> list[int]:
    """Bit-vectors V_0..V_n of the bit-parallel LCS of ``ref`` (bits) against prefixes of ``can``."""
    masks: dict[str, int] = {}
    for i, tok in enumerate(ref):
        masks[tok] = masks.get(tok, 0) | (1 << i)
    full = (1 << len(ref)) - 1
    v = full
    cols = [v]
    for tok in can:
        u = v & masks.get(tok, 0)
        v = ((v + u) | (v - u)) & full
        cols.append(v)
    return cols


def lcs_length(ref: Sequence[str], can: Sequence[str]) -> int:
    if not ref or not can:
        return 0
    return len(ref) - _columns(ref, can)[-1].bit_count()


def lcs_indices(ref: Sequence[str], can: Sequence[str]) -> list[int]:
    """Indices into ``ref`` of the LCS that rouge-score's ``_backtrack_norec`` returns.

    t[i][j] (the DP table) is ``i - popcount(V_j & (2^i - 1))``; the comparison
    ``t[i][j-1] > t[i-1][j]`` of the backtracking is written out inline, for speed.
    """
    if not ref or not can:
        return []
    cols = _columns(ref, can)
    i, j = len(ref), len(can)
    out: list[int] = []
    while i > 0 and j > 0:
        if ref[i - 1] == can[j - 1]:
            out.append(i - 1)
            i -= 1
            j -= 1
        elif 1 + (cols[j] & ((1 << (i - 1)) - 1)).bit_count() > (cols[j - 1] & ((1 << i) - 1)).bit_count():
            j -= 1  # t[i][j-1] > t[i-1][j], rearranged: i - a > i - 1 - b  <=>  1 + b > a
        else:
            i -= 1
    out.reverse()
    return out


def rouge_l_summary(ref_sents: Sequence[Sequence[str]], pred_sents: Sequence[Sequence[str]]) -> Score:
    """Summary-level ROUGE-L over tokenized sentences (rouge-score's ``rougeLsum``)."""
    m = sum(map(len, ref_sents))
    n = sum(map(len, pred_sents))
    if not m or not n:
        return ZERO
    if len(ref_sents) == 1 and len(pred_sents) == 1:
        return _prf(lcs_length(ref_sents[0], pred_sents[0]), n, m)
    counts_r: Counter = Counter()
    counts_c: Counter = Counter()
    for s in ref_sents:
        counts_r.update(s)
    for s in pred_sents:
        counts_c.update(s)
    hits = 0
    pred_sets = [set(c) for c in pred_sents]
    for r in ref_sents:
        union: set[int] = set()
        r_set = set(r)
        for c, c_set in zip(pred_sents, pred_sets, strict=True):
            if r_set & c_set:  # no shared token, no LCS
                union.update(lcs_indices(r, c))
        for i in sorted(union):
            tok = r[i]
            if counts_c[tok] > 0 and counts_r[tok] > 0:
                hits += 1
                counts_c[tok] -= 1
                counts_r[tok] -= 1
    return _prf(hits, n, m)


def rouge_l_sentence(ref: Sequence[str], pred: Sequence[str]) -> Score:
    """Sentence-level ROUGE-L: one LCS over the whole texts (rouge-score's ``rougeL``)."""
    return _prf(lcs_length(ref, pred), len(pred), len(ref))


METRICS = ("rouge-1", "rouge-2", "rouge-l")  # the report's names, in its order


class RougeScorer:
    """Scores one prediction against one or more references."""

    def __init__(
        self, tokenizer: CharTokenizer | JiebaTokenizer | None = None, sentence_level: bool = False
    ) -> None:
        self.tokenizer = tokenizer or CharTokenizer()
        self.sentence_level = sentence_level

    def _prepared(self, text: str) -> tuple[list[str], list[list[str]]]:
        if isinstance(self.tokenizer, CharTokenizer):
            # sentences() has normalised already; sentence cuts fall between tokens: same tokens
            sents = [_TOKEN.findall(s) for s in sentences(text)]
            return [t for s in sents for t in s], sents
        sents = [self.tokenizer.tokenize(s) for s in sentences(text)]
        return self.tokenizer.tokenize(text), sents

    def score(self, reference: str, prediction: str) -> dict[str, Score]:
        ref, ref_sents = self._prepared(reference)
        pred, pred_sents = self._prepared(prediction)
        out = {
            "rouge-1": rouge_n(ref, pred, 1),
            "rouge-2": rouge_n(ref, pred, 2),
            "rouge-l": rouge_l_summary(ref_sents, pred_sents),
        }
        if self.sentence_level:
            out["rouge-l-sentence"] = rouge_l_sentence(ref, pred)
        return out

    def score_multi(self, references: Sequence[str], prediction: str) -> dict[str, Score]:
        """Each metric from the reference with the best F (ties: the first reference)."""
        if not references:
            raise ValueError("no reference summary")
        per_ref = [self.score(r, prediction) for r in references]
        return {k: max(per_ref, key=lambda s: s[k].fmeasure)[k] for k in per_ref[0]}


# --------------------------------------------------------------------------- as registered metrics

_LAST: list[Any] = [None, None]  # (item, its scores): the three variants of one document are scored at once


def _scores(item: Item) -> dict[str, Score]:
    if _LAST[0] is not item:
        scorer = RougeScorer(item.tokenizer or CharTokenizer())  # type: ignore[arg-type]
        _LAST[:] = [item, scorer.score_multi(item.references, item.summary)]
    scores: dict[str, Score] = _LAST[1]
    return scores


def _variant(name: str) -> Callable[[Item], tuple[float, float, float]]:
    def compute(item: Item) -> tuple[float, float, float]:
        s = _scores(item)[name]
        return 100 * s.precision, 100 * s.recall, 100 * s.fmeasure

    return compute


for _name, _about in zip(
    METRICS,
    ("unigram overlap with the reference", "bigram overlap", "summary-level longest common subsequence"),
    strict=True,
):
    register_metric(_name, f"ROUGE: {_about} (P, R, F; 0–100)", higher_is_better=True, parts=("p", "r", "f"))(
        _variant(_name)
    )
