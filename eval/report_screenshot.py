"""The README's screenshot of ``report.html`` on the team's eval set, taken in headless Chromium.

    python -m eval.report_screenshot                      # writes docs/report-screenshot.png
    python -m eval.report_screenshot --phone phone.png    # and a 390-px-wide (phone) one

Runs ``zhsum evaluate --data eval/press_sections.jsonl --models lead textrank`` into a temporary
folder, opens its ``report.html``, sorts the documents by where the two models disagree most
(``|A − B|`` on ROUGE-L F), unfolds the first document's source, and saves the window, its
colours reduced to a palette (the page's own colours kept exactly) so the PNG stays small. Needs the Debian ``chromium`` and
``chromium-driver`` packages and the ``[dev]`` extra (Selenium).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _palette_png(image, out: Path) -> None:
    """Save with 256 colours: every colour the page's CSS and chart declare (so a small red mark
    keeps its red), then the image's most frequent ones, then a median-cut palette of the rest."""
    from PIL import Image

    from pipeline.evaluation.html import COLOURS
    from pipeline.render.html import CSS

    hexes = re.findall(r"#([0-9a-fA-F]{6})\b", CSS + " ".join(COLOURS))
    palette = [tuple(int(h[i : i + 2], 16) for i in (0, 2, 4)) for h in hexes]
    palette += [c for _, c in sorted(image.getcolors(1 << 24), reverse=True)[:64]]
    rest = image.quantize(256, method=Image.Quantize.MEDIANCUT).convert("RGB").getcolors(1 << 24)
    palette += [c for _, c in sorted(rest, reverse=True)]
    palette = list(dict.fromkeys(palette))[:256]
    holder = Image.new("P", (1, 1))
    holder.putpalette([x for colour in palette for x in colour])
    image.quantize(palette=holder, dither=Image.Dither.NONE).save(out, optimize=True)


def _shot(report: Path, out: Path, width: int, height: int, phone: bool = False) -> None:
    from PIL import Image
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    from tests.helpers import browser

    with browser.chromium(width, height, phone=phone) as driver:
        driver.get(report.as_uri())
        Select(driver.find_element(By.ID, "sort")).select_by_value("abs")
        driver.execute_script("document.querySelector('article.doc details.src').open = true; scrollTo(0, 0)")
        driver.save_screenshot(str(out))
    _palette_png(Image.open(out).convert("RGB"), out)
    print(f"{out}: {out.stat().st_size // 1024} KiB", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "report-screenshot.png")
    parser.add_argument("--phone", type=Path, default=None, help="also a 390 x 1600 px screenshot here")
    args = parser.parse_args(argv)
    from pipeline.cli import main as zhsum
    from tests.helpers import browser

    why = browser.available()
    if why:
        print(f"report_screenshot: {why}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        data = str(REPO / "eval" / "press_sections.jsonl")
        if zhsum(["evaluate", "--data", data, "--models", "lead", "textrank", "--out", tmp, "-q"]) != 0:
            return 1
        args.out.parent.mkdir(parents=True, exist_ok=True)
        _shot(Path(tmp) / "report.html", args.out, 1200, 1450)
        if args.phone:
            _shot(Path(tmp) / "report.html", args.phone, 390, 1600, phone=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
