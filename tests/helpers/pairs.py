"""(text, summary) pairs for fine-tuning tests: a task a tiny random model learns in a few hundred
steps. Each text is three of the sample lines; its summary is the head of the first one (up to the
first comma, at most 12 characters), so the model must read its input to get it right. Seeded."""

from __future__ import annotations

import json
import random
from pathlib import Path

from tests.helpers.randmodels import SAMPLE_LINES


def write_lead_pairs(path: Path, n: int, seed: int = 0) -> Path:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        a, b, c = rng.sample(range(len(SAMPLE_LINES)), 3)
        text = SAMPLE_LINES[a] + SAMPLE_LINES[b] + SAMPLE_LINES[c]
        rows.append({"id": f"p{i}", "text": text, "summary": SAMPLE_LINES[a].split("，")[0][:12]})
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path
