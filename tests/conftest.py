from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"  # third-party data beside the checkout; tests that use it skip without it
FIXTURES = Path(__file__).parent / "fixtures"
SHARED_SEED = SHARED / "seeds" / "tongliao_press_page.txt"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory) -> dict[str, Path]:
    """Random tiny mT5 (SentencePiece), BART (BERT vocab) and Pegasus (Randeng tokenizer), built
    offline and saved with save_pretrained."""
    from tests.helpers.randmodels import make_bart, make_mt5, make_pegasus

    root = tmp_path_factory.mktemp("models")
    return {
        "mt5": make_mt5(root / "tiny-mt5"),
        "bart": make_bart(root / "tiny-bart"),
        "pegasus": make_pegasus(root / "tiny-pegasus"),
    }


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    """Converted models go to a per-session temporary cache, never the user's."""
    cache = tmp_path_factory.getbasetemp() / "zhsum-cache"
    monkeypatch.setenv("ZHSUM_CACHE", str(cache))


@pytest.fixture
def config_dir(tmp_path, monkeypatch, tiny_models) -> Path:
    """A config folder with the real configs plus registered configs pointing at the tiny models."""
    import shutil

    real = REPO / "configs"
    target = tmp_path / "configs"
    shutil.copytree(real, target)
    for arch, folder in tiny_models.items():
        tokenizer = "randeng-bert" if arch == "pegasus" else "auto"
        (target / "models" / f"tiny-{arch}.yaml").write_text(
            f"# Used by: tests\nkind: seq2seq\nhub_id: example/tiny-{arch}\npath: {folder}\narchitecture: {arch}\n"
            f"tokenizer: {tokenizer}\nmax_input_tokens: 64\ngeneration:\n  num_beams: 1\n  max_new_tokens: 6\n",
            encoding="utf-8",
        )
    monkeypatch.setenv("ZHSUM_CONFIG_DIR", str(target))
    return target
