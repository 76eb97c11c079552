from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
SHARED_SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "tongliao_press_page.txt"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
