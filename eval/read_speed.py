"""How long the Word and PDF readers take (the issue's target: a 20-page PDF in under 1 s).

    python -m eval.read_speed                 # 20 pages, best and median of 5 runs
    python -m eval.read_speed --pages 50 --repeat 3

Measured, each read from bytes already in memory (reading only, no segmenting):

* ``real-pdf``: the development PDF (../shared/data/docs/govinfo_huaian_2024.pdf, 6 pages, fonts
  embedded as in published PDFs) with its pages repeated to ``--pages`` pages;
* ``synthetic-pdf``: ``--pages`` pages of justified Chinese made with reportlab
  (tests/helpers/makedocs.py), its test font embedded as in published PDFs;
* each ``.docx`` of ../shared/data/docs.
"""

from __future__ import annotations

import argparse
import functools
import io
import statistics
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO.parent / "shared" / "data" / "docs"


def timed(read: Callable[[], object], repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        read()
        times.append(1000 * (time.perf_counter() - start))
    return min(times), statistics.median(times)


def repeated_pdf(path: Path, pages: int) -> bytes:
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(str(path))
    out = pdfium.PdfDocument.new()
    while len(out) < pages:
        out.import_pages(src, list(range(min(len(src), pages - len(out)))))
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    from pipeline.read.docx import docx_to_document
    from pipeline.read.pdf import pdf_to_document
    from tests.helpers.makedocs import make_long_pdf

    rows: list[tuple[str, int | str, float, float]] = []
    real = DOCS / "govinfo_huaian_2024.pdf"
    if real.is_file():
        data = repeated_pdf(real, args.pages)
        rows.append(("real-pdf", args.pages, *timed(lambda: pdf_to_document(data, "r", "r"), args.repeat)))
    synthetic = make_long_pdf(args.pages)
    rows.append(
        ("synthetic-pdf", args.pages, *timed(lambda: pdf_to_document(synthetic, "s", "s"), args.repeat))
    )
    for path in sorted(DOCS.glob("*.docx")) if DOCS.is_dir() else []:
        blob = path.read_bytes()
        rows.append(
            (path.name, "-", *timed(functools.partial(docx_to_document, blob, "d", "d"), args.repeat))
        )
    print("| input | pages | best ms | median ms |\n|---|---:|---:|---:|")
    for name, pages, best, median in rows:
        print(f"| {name} | {pages} | {best:.0f} | {median:.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
