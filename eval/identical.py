"""Are zhsum's outputs byte-identical before and after a change? (a developer tool, not a test).

Runs the command line, as users do, over the shared development material: ``segment`` and
``summarize`` (lead and textrank; JSONL, Markdown and HTML) over every shared web page and
document, and ``evaluate`` (lead and textrank) on the LCSTS test set; prints one SHA-256 per
output (timings taken out of the reports) and, with ``--against FILE``, compares with an earlier
run's digests. Outputs of a refactoring must not change::

    git stash; python -m eval.identical --save /tmp/before.json; git stash pop
    python -m eval.identical --against /tmp/before.json

(or run the older commit from a ``git worktree``). ``--zhsum`` runs another checkout's code.
Skips, with a note, when ``../shared`` is absent.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
FOLDERS = ("web_pages", "web_pages_2", "docs", "docs_2")
DOCS_PER_S = re.compile(r'"docs_per_s": [0-9.]+,?')  # report.json
ROUGE_ROW = re.compile(r"^(\| .*\] \|.*) \| [0-9.]+ \|$", re.MULTILINE)  # report.md: its docs/s cell


def untimed(text: str) -> str:
    return ROUGE_ROW.sub(r"\1 |", DOCS_PER_S.sub("", text))


def _run(zhsum: Path, args: list[str]) -> bytes:
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        cwd=zhsum,
        capture_output=True,
        check=False,
        env={**os.environ, "PYTHONHASHSEED": "0", "HF_HUB_OFFLINE": "1"},
    )
    if done.returncode not in (0, 1):  # 1: some documents failed, which is itself compared
        raise SystemExit(f"zhsum {' '.join(args[:2])} failed: {done.stderr.decode()[-500:]}")
    return done.stdout


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def digests(zhsum: Path, lcsts_limit: int) -> dict[str, str]:
    inputs = [str(SHARED / f) for f in FOLDERS]
    out: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        out["segment"] = _digest(_run(zhsum, ["segment", *inputs]))
        for model in ("lead", "textrank"):
            for fmt in ("jsonl", "md", "html"):
                target = work / f"{model}.{fmt}"
                _run(
                    zhsum,
                    ["summarize", *inputs, "--model", model, "--out", str(target), "-q", "--workers", "1"],
                )
                out[f"summarize {model} {fmt}"] = _digest(target.read_bytes())
        report = work / "report"
        _run(
            zhsum,
            [
                "evaluate",
                "--data",
                str(SHARED / "lcsts_part3_test725.jsonl"),
                "--models",
                "lead",
                "textrank",
                "--limit",
                str(lcsts_limit),
                "--out",
                str(report),
            ],
        )
        for name in ("report.json", "report.md", "predictions/lead.jsonl", "predictions/textrank.jsonl"):
            text = (report / name).read_text(encoding="utf-8")
            out[f"evaluate {name}"] = _digest(untimed(text).encode())
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zhsum", type=Path, default=REPO, help="the checkout whose code runs")
    parser.add_argument("--save", type=Path, help="write the digests here")
    parser.add_argument("--against", type=Path, help="compare with digests saved earlier")
    parser.add_argument("--lcsts-limit", type=int, default=725)
    args = parser.parse_args(argv)
    if not SHARED.is_dir():
        print(f"skipped: {SHARED} is absent", file=sys.stderr)
        return 0
    found = digests(args.zhsum.resolve(), args.lcsts_limit)
    for name, value in found.items():
        print(f"{value}  {name}")
    if args.save:
        args.save.write_text(json.dumps(found, indent=1) + "\n", encoding="utf-8")
    if args.against:
        before = json.loads(args.against.read_text(encoding="utf-8"))
        changed = [n for n in sorted(set(before) | set(found)) if before.get(n) != found.get(n)]
        print("identical" if not changed else "CHANGED: " + ", ".join(changed))
        return 1 if changed else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
