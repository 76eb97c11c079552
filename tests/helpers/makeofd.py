"""OFD packages built for tests and benchmarks (GB/T 33190 layout: OFD.xml, Document.xml, pages)."""

from __future__ import annotations

import io
import zipfile

NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'


def _text(obj_id: int, x: float, y: float, text: str, size: float, font: int = 1) -> str:
    """A text object at (x, y) mm (baseline), characters ``size`` apart (full width)."""
    delta = f"g {len(text) - 1} {size}" if len(text) > 1 else ""
    return (
        f'<ofd:TextObject ID="{obj_id}" Boundary="{x} {y - size} {size * len(text)} {size * 1.2}" Font="{font}" '
        f'Size="{size}"><ofd:TextCode X="0" Y="{size}" DeltaX="{delta}">{text}</ofd:TextCode></ofd:TextObject>'
    )


def _page(objects: list[str]) -> str:
    return f'<ofd:Page {NS}><ofd:Content><ofd:Layer ID="90">{"".join(objects)}</ofd:Layer></ofd:Content></ofd:Page>'


def make_ofd(pages: list[list[str]]) -> bytes:
    """An OFD package of A4 pages (fonts: 1 仿宋 body, 2 黑体 bold heads)."""
    refs = "".join(
        f'<ofd:Page ID="{i + 10}" BaseLoc="Pages/Page_{i}/Content.xml"/>' for i in range(len(pages))
    )
    parts = {
        "OFD.xml": f'<ofd:OFD {NS} Version="1.0"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>',
        "Doc_0/Document.xml": (
            f"<ofd:Document {NS}><ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox>"
            "</ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>"
            f"<ofd:Pages>{refs}</ofd:Pages></ofd:Document>"
        ),
        "Doc_0/PublicRes.xml": (
            f'<ofd:Res {NS} BaseLoc="Res"><ofd:Fonts><ofd:Font ID="1" FontName="仿宋_GB2312"/>'
            '<ofd:Font ID="2" FontName="黑体" Bold="true"/></ofd:Fonts></ofd:Res>'
        ),
    }
    for i, objects in enumerate(pages):
        parts[f"Doc_0/Pages/Page_{i}/Content.xml"] = _page(objects)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, xml in parts.items():
            z.writestr(name, xml)
    return buffer.getvalue()


def _wrapped(text: str, y: float, size: float = 5.6, width: int = 28) -> list[str]:
    lines = [text[i : i + width] for i in range(0, len(text), width)]
    return [_text(100 + n, 26.0, y + n * 10.0, line, size) for n, line in enumerate(lines)]


def make_long_ofd(pages: int = 20, paragraph: str = "", per_page: int = 8) -> bytes:
    """``pages`` A4 pages of ``per_page`` paragraphs of two wrapped lines each (about 450
    characters a page), for timing the reader."""
    text = paragraph or (
        "入冬以来，全市气温持续走低，雨雪冰冻天气增多，安全生产形势严峻复杂。各地各部门要压实责任，确保各项措施落到实处。"
    )
    page = [obj for k in range(per_page) for obj in _wrapped(text, 30.0 + 30.0 * k)]
    return make_ofd([page] * pages)


def _path(obj_id: int, data: str, box: tuple[float, float, float, float] = (0.0, 0.0, 210.0, 297.0)) -> str:
    """A filled path object (``AbbreviatedData`` in mm, relative to its boundary's corner)."""
    return (
        f'<ofd:PathObject ID="{obj_id}" Boundary="{" ".join(map(str, box))}" Fill="true">'
        f"<ofd:AbbreviatedData>{data}</ofd:AbbreviatedData></ofd:PathObject>"
    )


def _rule(obj_id: int, x0: float, y0: float, x1: float, y1: float, width: float = 0.3) -> str:
    """A ruling line drawn as a thin filled rectangle, as Word and WPS export them."""
    if y0 == y1:
        return _path(obj_id, f"M {x0} {y0} L {x1} {y0} L {x1} {y0 + width} L {x0} {y0 + width} C")
    return _path(obj_id, f"M {x0} {y0} L {x0 + width} {y0} L {x0 + width} {y1} L {x0} {y1} C")


def ruled_table(
    first_id: int, top: float, left: float, widths: list[float], rows: list[list[str]]
) -> list[str]:
    """A table of ``rows`` (cells of text) ruled on every side, its rows 10 mm apart."""
    objects: list[str] = []
    right = left + sum(widths)
    bottom = top + 10.0 * len(rows)
    oid = first_id
    for k in range(len(rows) + 1):
        objects.append(_rule(oid, left, top + 10.0 * k, right, top + 10.0 * k))
        oid += 1
    x = left
    for w in [0.0, *widths]:
        x += w
        objects.append(_rule(oid, x, top, x, bottom))
        oid += 1
    for r, cells in enumerate(rows):
        x = left
        for w, cell in zip(widths, cells, strict=True):
            if cell:
                objects.append(_text(oid, x + 1.5, top + 10.0 * r + 7.0, cell, 4.2))
                oid += 1
            x += w
    return objects
