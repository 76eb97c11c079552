"""Seq2seq summarization through the real loading code, on tiny random models built offline."""

from __future__ import annotations

import re

import pytest

from pipeline.config import GenerationSettings
from pipeline.engine.batching import plan_batches
from pipeline.engine.chunking import chunk_text
from pipeline.engine.tokenization import RandengTokenizer, load_tokenizer
from pipeline.errors import ZhsumError
from pipeline.models import find_model
from pipeline.summarizers import get_summarizer

TEXTS = [
    "南湾区新增城镇就业1.2万人，城镇调查失业率控制在4.5%以内。",
    "区人民医院新门诊楼投入使用，日均接诊能力提升40%。全区17家社区卫生服务中心全部开通远程会诊。",
    "展销会为期三天。",
]
ARCHS = ["mt5", "bart", "pegasus"]


@pytest.mark.parametrize("arch", ARCHS)
def test_load_by_path_and_summarize(tiny_models, arch):
    s = get_summarizer(str(tiny_models[arch]), engine="torch", device="cpu")
    assert s.abstractive and s.describe()["engine"] == "torch"
    assert s.settings.max_new_tokens == 8, "generation settings come from the folder's generation_config.json"
    out = s.summarize([*TEXTS, ""])
    assert len(out) == 4 and out[3] == ""
    for summary in out[:3]:
        assert summary, "the tiny models never emit special tokens, so summaries are visible"
        assert not re.search(r"[\u4e00-\u9fff]\s+[\u4e00-\u9fff]", summary), (
            "no spaces between Chinese characters"
        )
        assert "<" not in summary and "[" not in summary, "no special tokens"


@pytest.mark.parametrize("arch", ARCHS)
def test_load_by_registered_config(config_dir, arch):
    s = get_summarizer(f"tiny-{arch}", engine="torch", device="cpu")
    assert s.name == f"tiny-{arch}" and s.settings.max_new_tokens == 6 and s.cfg.max_input_tokens == 64
    assert len(s.summarize(TEXTS)) == 3


def test_generation_overrides(tiny_models):
    s = get_summarizer(
        str(tiny_models["mt5"]), engine="torch", device="cpu", generation={"max_new_tokens": 2}
    )
    assert s.settings.max_new_tokens == 2
    ids = s.generate_ids(s.tokenizer.encode_batch(TEXTS))
    assert all(0 < len(i) <= 2 for i in ids)


@pytest.mark.parametrize("arch", ARCHS)
def test_ctranslate2_fp32_matches_torch_exactly(tiny_models, arch):
    torch_s = get_summarizer(str(tiny_models[arch]), engine="torch", device="cpu")
    ct2_s = get_summarizer(str(tiny_models[arch]), engine="ctranslate2", device="cpu", precision="fp32")
    assert ct2_s.describe()["engine"] == "ctranslate2"
    encoded = torch_s.tokenizer.encode_batch(TEXTS)
    assert ct2_s.generate_ids(encoded) == torch_s.generate_ids(encoded)
    assert ct2_s.summarize(TEXTS) == torch_s.summarize(TEXTS)


def test_ctranslate2_int8_default_on_cpu_and_cached(tiny_models, tmp_path, monkeypatch):
    monkeypatch.setenv("ZHSUM_CACHE", str(tmp_path))
    s = get_summarizer(str(tiny_models["bart"]), device="cpu")
    assert s.describe()["engine"] == "ctranslate2" and s.describe()["precision"] == "int8"
    converted = list((tmp_path / "ct2").iterdir())
    assert len(converted) == 1 and (converted[0] / "model.bin").exists()
    get_summarizer(str(tiny_models["bart"]), device="cpu")
    assert list((tmp_path / "ct2").iterdir()) == converted, "converted once, then reused"


def echo(batch, n: int) -> list[list[list[int]]]:
    """What the fake backends below generate: each input's ``n`` hypotheses are the input itself."""
    return [[list(ids)] * n for ids in batch]


def test_batched_equals_one_by_one(tiny_models):
    s = get_summarizer(str(tiny_models["bart"]), engine="ctranslate2", device="cpu", precision="fp32")
    texts = [TEXTS[i % 3] * (1 + i % 4) for i in range(9)]
    together = s.summarize(texts)
    alone = [s.summarize([t])[0] for t in texts]
    assert together == alone


def test_batch_order_is_restored_with_an_echo_backend(tiny_models):
    s = get_summarizer(str(tiny_models["mt5"]), engine="torch", device="cpu", batch_size=2)

    calls: list[int] = []

    class Echo:
        name = "echo"
        replicas = 1

        def generate_n(self, batch, settings, n):
            calls.append(len(batch))
            return echo(batch, n)

    s.backend = Echo()
    encoded = [[7] * n for n in (3, 9, 1, 5, 7, 2)]
    assert s.generate_ids(encoded) == encoded
    assert calls == [2, 2, 2]


def test_replicas_run_batches_at_once_and_order_is_restored(tiny_models):
    """A backend with replicas gets that many batches at a time, each from its own thread (the
    batches split until every replica has one); the results come back in input order."""
    import threading

    s = get_summarizer(str(tiny_models["mt5"]), engine="torch", device="cpu", batch_size=8)
    threads: set[str] = set()
    both_running = threading.Barrier(2, timeout=10)  # broken (an error) unless two calls overlap

    class Replicas:
        name = "replicas"
        replicas = 2

        def generate_n(self, batch, settings, n):
            threads.add(threading.current_thread().name)
            both_running.wait()
            return echo(batch, n)

    s.backend = Replicas()
    encoded = [[7] * n for n in (3, 9, 1, 5, 7, 2)]  # one planned batch of 6: split in two
    assert s.generate_ids(encoded) == encoded
    assert len(threads) == 2


def test_a_replica_failure_is_raised_and_stops_the_rest(tiny_models):
    """The first failure ends the call, whichever batch it is in: a slow first batch does not keep
    the other replica starting batches after a later one failed."""
    import time

    s = get_summarizer(str(tiny_models["mt5"]), engine="torch", device="cpu", batch_size=1)
    calls: list[int] = []

    class Failing:
        name = "failing"
        replicas = 2

        def generate_n(self, batch, settings, n):
            calls.append(len(batch))
            if len(calls) == 1:
                time.sleep(0.5)  # the first batch is slow; the second fails at once
                return echo(batch, n)
            raise RuntimeError("shape mismatch")

        def is_out_of_memory(self, exc):
            return False

    s.backend = Failing()
    with pytest.raises(RuntimeError, match="shape mismatch"):
        s.generate_ids([[1, 2]] * 40)
    assert len(calls) <= 4, "batches not yet started when one failed never start"


def test_ctranslate2_replicas_share_the_threads_and_change_no_output(tiny_models):
    one = get_summarizer(
        str(tiny_models["bart"]), engine="ctranslate2", device="cpu", precision="fp32", threads=1
    )
    two = get_summarizer(
        str(tiny_models["bart"]),
        engine="ctranslate2",
        device="cpu",
        precision="fp32",
        threads=2,
        batch_size=2,
    )
    assert one.backend.replicas == 1 and one.backend.translator.num_translators == 1
    assert two.backend.replicas == 2 and two.backend.translator.num_translators == 2
    texts = [TEXTS[i % 3] * (1 + i % 4) for i in range(12)]
    assert two.summarize(texts) == one.summarize(texts)


def test_plan_batches_sorted_and_within_budget():
    lengths = [5, 50, 20, 20, 3, 49]
    batches = plan_batches(lengths, budget_tokens=100)
    assert sorted(i for b in batches for i in b) == list(range(6))
    flat = [lengths[i] for b in batches for i in b]
    assert flat == sorted(lengths, reverse=True)
    for b in batches:
        assert len(b) * max(lengths[i] for i in b) <= 100 or len(b) == 1
    assert plan_batches([500, 1], budget_tokens=100) == [[0], [1]]


def test_overlong_section_is_chunked_at_sentences_never_truncated(tiny_models):
    s = get_summarizer(str(tiny_models["pegasus"]), engine="torch", device="cpu")
    s.chunks.budget = 40
    text = "".join(TEXTS * 6)
    chunks = s.chunks(text)
    assert len(chunks) > 2
    assert "".join(chunks) == text, "verbatim, nothing dropped"
    assert all(c.endswith("。") for c in chunks[:-1]), "cut at sentence boundaries"
    seen: list[int] = []
    real = s.backend.generate_n

    def spy(batch, settings, n):
        seen.extend(len(ids) for ids in batch)
        return real(batch, settings, n)

    s.backend.generate_n = spy
    (summary,) = s.summarize([text])
    assert len(seen) == len(chunks) and max(seen) <= 40 + s.chunks.overhead
    assert summary


def test_unpunctuated_run_is_cut_into_windows():
    def count(pieces):
        return [len(p) for p in pieces]

    text = "无标点" * 50
    chunks = chunk_text(text, count, budget=20)
    assert "".join(chunks) == text and all(len(c) <= 20 for c in chunks)


def test_randeng_tokenizer_behaviour(tiny_models):
    tok = load_tokenizer(tiny_models["pegasus"])
    assert isinstance(tok, RandengTokenizer)
    assert (tok.pad_token_id, tok.eos_token_id) == (0, 1), "[PAD] -> <pad>, [unused1] -> </s>"
    (ids,) = tok.encode_batch(["城镇就业"])
    assert ids[-1] == tok.eos_token_id
    tokens = tok.ids_to_tokens(ids[:-1])
    assert tokens == ["城镇", "就业"], "jieba words found in the vocabulary stay whole"
    (ids,) = tok.encode_batch(["ABC就业"])
    assert "就业" in tok.ids_to_tokens(ids) and tok.unk_token_id in ids, (
        "out-of-vocabulary ASCII goes through WordPiece"
    )
    assert tok.decode_batch([tok.encode_batch(["新增城镇就业1.2万人"])[0]]) == ["新增城镇就业1.2万人"]


def test_bert_vocab_tokenizer_for_bart_drops_token_type_ids(tiny_models):
    tok = load_tokenizer(tiny_models["bart"])
    (ids,) = tok.encode_batch(["城镇就业"])
    assert isinstance(ids, list) and all(isinstance(i, int) for i in ids)


def test_unknown_model_lists_valid_and_suggests():
    with pytest.raises(
        ZhsumError, match=r"unknown model 'textrnk'.*Valid: .*lead.*Did you mean 'textrank'\?"
    ):
        find_model("textrnk")


def test_offline_hub_id_fails_fast_pointing_to_models_readme(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path))
    with pytest.raises(ZhsumError) as err:
        get_summarizer("someorg/some-summarizer")
    message = str(err.value)
    assert "not available offline" in message and "zhsum models --guide" in message and "\n" not in message
    with pytest.raises(ZhsumError, match=r"mt5-xlsum.*zhsum models --guide"):
        get_summarizer("mt5-xlsum")


def test_folder_without_config_json(tmp_path):
    with pytest.raises(ZhsumError, match=r"no config\.json"):
        find_model(str(tmp_path))


def test_generation_settings_are_frozen():
    with pytest.raises(AttributeError):
        GenerationSettings().num_beams = 3  # type: ignore[misc]


@pytest.mark.parametrize("arch", ["mt5", "bart"])
def test_cached_fast_tokenizer_equals_autotokenizer(tiny_models, arch):
    from transformers import AutoTokenizer

    from pipeline.engine.tokenization import FastTokenizer, HFTokenizer

    first = load_tokenizer(tiny_models[arch])
    again = load_tokenizer(tiny_models[arch])
    assert isinstance(first, FastTokenizer) and isinstance(again, FastTokenizer)
    reference = HFTokenizer(AutoTokenizer.from_pretrained(str(tiny_models[arch])))
    texts = [*TEXTS, "GDP增长5.2%, it's fine .", ""]
    assert again.encode_batch(texts) == reference.encode_batch(texts)
    ids = reference.encode_batch(texts)
    assert again.decode_batch(ids) == reference.decode_batch(ids)
    assert (again.pad_token_id, again.eos_token_id) == (reference.pad_token_id, reference.eos_token_id)


@pytest.mark.slow
def test_warm_cpu_start_imports_neither_torch_nor_transformers(tiny_models, tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "ZHSUM_CACHE": str(tmp_path)}
    code = (
        "import sys; from pipeline.summarizers import get_summarizer; "
        f"s = get_summarizer({str(tiny_models['bart'])!r}, device='auto'); s.summarize(['城镇就业。']); "
        "print(s.describe()['engine'], 'torch' in sys.modules, 'transformers' in sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True)  # cold: converts
    warm = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True)
    assert warm.stdout.split() == ["ctranslate2", "False", "False"]


def test_trim_vocab_restricts_outputs_to_chinese_tokens(tiny_models):
    from pipeline.engine.backends.ctranslate2 import chinese_vocabulary

    s = get_summarizer(str(tiny_models["mt5"]), device="cpu", trim_vocab=True)
    assert s.describe()["trim_vocab"] is True
    vocab = s.backend.id_to_token
    kept = set(chinese_vocabulary(vocab, {"<pad>", "</s>", "<unk>"}))
    assert 0 < len(kept) <= len(vocab)
    out = s.generate_ids(s.tokenizer.encode_batch(TEXTS))
    assert all(vocab[i] in kept for ids in out for i in ids)
    assert chinese_vocabulary(["▁城镇", "ｶﾅ", "カナ", "<zhsum_unused_9>", "GDP", "，"], set()) == [
        "▁城镇",
        "ｶﾅ",
        "GDP",
        "，",
    ]


def test_out_of_memory_halves_the_batch_and_keeps_order(tiny_models):
    s = get_summarizer(str(tiny_models["mt5"]), engine="torch", device="cpu")
    sizes: list[int] = []

    class Tight:
        name = "tight"
        replicas = 1

        def generate_n(self, batch, settings, n):
            sizes.append(len(batch))
            if len(batch) > 2:
                raise RuntimeError("CUDA out of memory. Tried to allocate 2.00 GiB")
            return echo(batch, n)

        def is_out_of_memory(self, exc):
            return "out of memory" in str(exc)

        def release_memory(self):
            pass

    s.backend = Tight()
    encoded = [[5] * n for n in (4, 8, 2, 6, 1)]
    assert s.generate_ids(encoded) == encoded
    assert sizes[0] == 5 and max(sizes[1:]) <= 3 and sizes.count(1) + sizes.count(2) >= 2


def test_other_runtime_errors_are_not_swallowed(tiny_models):
    s = get_summarizer(str(tiny_models["mt5"]), engine="torch", device="cpu")

    class Broken:
        name = "broken"
        replicas = 1

        def generate_n(self, batch, settings, n):
            raise RuntimeError("shape mismatch")

        def is_out_of_memory(self, exc):
            return False

    s.backend = Broken()
    with pytest.raises(RuntimeError, match="shape mismatch"):
        s.generate_ids([[1, 2], [3]])
