"""How long the Word, PDF and OFD readers take (#18's target: a 20-page PDF or OFD in under 1 s).

    python -m eval.read_speed                 # 20 pages, best and median of 5 runs
    python -m eval.read_speed --pages 50 --repeat 3

Measured, each read from bytes already in memory (reading only, no segmenting):

* ``real-pdf``: the development PDF (../shared/data/docs/govinfo_huaian_2024.pdf, 6 pages, fonts
  embedded as in published PDFs) with its pages repeated to ``--pages`` pages;
* ``synthetic-pdf``: ``--pages`` pages of justified Chinese made with reportlab
  (tests/helpers/makedocs.py), its test font embedded as in published PDFs;
* ``budget-pdf``: a table-heavy budget (../shared/data/docs_2/budget_pt_commerce_2025.pdf, 26
  pages, 9 ruled tables), as it is, read *and segmented*;
* ``real-ofd``: the 4-page OFD excerpt of ../shared/data/docs_2 with its pages listed again to
  ``--pages`` pages (each page's content read each time, as for a longer file; its pages are
  sparse, about 195 characters each);
* ``synthetic-ofd``: ``--pages`` pages of about 450 characters each (tests/helpers/makeofd.py);
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
DOCS_2 = REPO.parent / "shared" / "data" / "docs_2"


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


def repeated_ofd(path: Path, pages: int) -> bytes:
    """An OFD file whose page list repeats the file's pages up to ``pages`` entries."""
    import copy
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(path) as src:
        names = src.namelist()
        doc_name = next(n for n in names if n.endswith("Document.xml"))
        root = etree.fromstring(src.read(doc_name))
        holder = next(el for el in root.iter() if etree.QName(el).localname == "Pages")
        listed = list(holder)
        for n in range(len(listed), pages):
            page = copy.deepcopy(listed[n % len(listed)])
            page.set("ID", str(10_000 + n))
            holder.append(page)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as out:
            for name in names:
                out.writestr(name, etree.tostring(root) if name == doc_name else src.read(name))
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    from pipeline.read.docx import docx_to_document
    from pipeline.read.ofd import ofd_to_document
    from pipeline.read.pdf import pdf_to_document
    from pipeline.segment import segment
    from tests.helpers.makedocs import make_long_pdf
    from tests.helpers.makeofd import make_long_ofd

    rows: list[tuple[str, int | str, float, float]] = []
    real = DOCS / "govinfo_huaian_2024.pdf"
    if real.is_file():
        data = repeated_pdf(real, args.pages)
        rows.append(("real-pdf", args.pages, *timed(lambda: pdf_to_document(data, "r", "r"), args.repeat)))
    synthetic = make_long_pdf(args.pages)
    rows.append(
        ("synthetic-pdf", args.pages, *timed(lambda: pdf_to_document(synthetic, "s", "s"), args.repeat))
    )
    budget = DOCS_2 / "budget_pt_commerce_2025.pdf"
    if budget.is_file():
        blob = budget.read_bytes()
        rows.append(("budget-pdf", 26, *timed(lambda: segment(pdf_to_document(blob, "b", "b")), args.repeat)))
    excerpt = DOCS_2 / "std_ofd_spec_excerpt.ofd"
    if excerpt.is_file():
        ofd = repeated_ofd(excerpt, args.pages)
        rows.append(("real-ofd", args.pages, *timed(lambda: ofd_to_document(ofd, "o", "o"), args.repeat)))
    dense = make_long_ofd(args.pages)
    rows.append(("synthetic-ofd", args.pages, *timed(lambda: ofd_to_document(dense, "o", "o"), args.repeat)))
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
