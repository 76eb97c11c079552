"""Word and PDF test documents made with the libraries (python-docx, reportlab), with the text
that went into them, so that tests compare a reader's blocks with what was written.

The PDFs embed a font made for them (:mod:`tests.helpers.testfont`: full-width squares for Chinese,
half-width for ASCII), so they build and read the same on any machine, with or without CJK fonts. Bold is drawn as fill-and-stroke text
(render mode 2), as WPS and Word do for bold without a bold face.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from tests.helpers import testfont

# ---------------------------------------------------------------------------------------- PDF

PAGE_W, PAGE_H = 595.0, 842.0
LEFT, RIGHT = 74.0, 522.0  # a 28-em column at 16 pt
BODY = 16.0
FONT = testfont.NAME

PARA_1 = (
    "本报告由白石市人民政府办公室根据《中华人民共和国政府信息公开条例》规定编制，报告所列统计期限"
    "自2024年1月1日至2024年12月31日。如对本报告有疑问，请与白石市人民政府办公室联系。"
)
PARA_2 = (
    "（一）主动公开情况。2024年，市政府网站主动公开各类政府信息5500余条，全年新增公开市政府规章1件、"
    "市政府及市政府办政策性文件11件，通过文字、图片等形式制作政策解读21个，制作《白石市人民政府公报》"
    "6期。紧紧围绕保障民生、深化改革、科技创新等工作主线，组织召开新闻发布会12场，努力传递政府声音、"
    "宣传政策法规、回应舆论关切，全年没有发生因公开不当引发的舆情事件。"
)
PARA_3 = (
    "（二）依申请公开情况。定期对政府信息公开申请集中的领域和热点问题进行研判，探索从源头上解决实际问题。"
    "着力强化与申请人的直接沟通，准确了解申请人诉求，提高答复的及时性和针对性。"
)
PARA_4 = "对照上级新要求和公众新期待，还有一些需要加强和改进的地方，下一步将着力加强政策解读质效。"
HEADER = "白石市人民政府办公室"
TITLE_LINES = ("白石市人民政府", "2024年政府信息公开工作年度报告")
TABLE = [
    ["信息内容", "本年制发件数", "本年废止件数"],
    ["一、本年新收申请数量", "21", "0"],
    ["（一）予以公开", "1288", "21"],
]
FOOTNOTE = "①数据来源：白石市统计局。"
SPACED = "白石市人民政府办公室"  # drawn with a space between every character


@dataclass
class MadePdf:
    data: bytes
    blocks: list[tuple[str, str | None, bool]] = field(default_factory=list)  # (text, kind, table)
    drawn: list[str] = field(default_factory=list)  # every string put on a page


def _wrap(text: str, first_indent: float, size: float = BODY) -> list[str]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, line, width = [], "", first_indent
    for ch in text:
        w = stringWidth(ch, FONT, size)
        if width + w > RIGHT - LEFT + 0.01 and line:
            lines.append(line)
            line, width = "", 0.0
        line += ch
        width += w
    if line:
        lines.append(line)
    return lines


class _Writer:
    def __init__(self, page_label: str, pages: int, header: bool = True) -> None:
        from reportlab.pdfgen import canvas

        testfont.register()
        self.buf = io.BytesIO()
        self.c = canvas.Canvas(self.buf, pagesize=(PAGE_W, PAGE_H))
        self.page = 1
        self.pages = pages
        self.page_label = page_label
        self.header = header
        self.y = 0.0
        self.made = MadePdf(b"")
        self.start_page()

    def text(
        self, x: float, y: float, s: str, size: float = BODY, char_space: float = 0.0, bold: bool = False
    ) -> None:
        self.c.saveState()  # the text render mode is graphics state: keep it to this string
        t = self.c.beginText(x, y)
        t.setFont(FONT, size)
        t.setCharSpace(char_space)
        t.setTextRenderMode(2 if bold else 0)
        t.textOut(s)
        self.c.drawText(t)
        self.c.restoreState()
        self.made.drawn.append(s)

    def start_page(self) -> None:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        self.y = 760.0
        if not self.header:
            return
        self.text((PAGE_W - stringWidth(HEADER, FONT, 10.5)) / 2, 800, HEADER, size=10.5)
        self.made.blocks.append((HEADER, "header", False))

    def end_page(self, extra_bottom: list[tuple[str, str | None, bool]] | None = None) -> None:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        label = self.page_label.format(n=self.page, total=self.pages)
        self.text((PAGE_W - stringWidth(label, FONT, 14)) / 2, 40, label, size=14)
        self.pending_bottom = (extra_bottom or []) + [(label, "page-number", False)]
        self.c.showPage()
        self.page += 1

    def paragraph(self, text: str, indent: bool = True, stop_at: float = 90.0) -> None:
        """Justified lines (the last one natural), first line indented 2 em; continues on the next
        page when the column is full. The page furniture met is recorded after the paragraph."""
        from reportlab.pdfbase.pdfmetrics import stringWidth

        lines = _wrap(text, 2 * BODY if indent else 0.0)
        furniture: list[tuple[str, str | None, bool]] = []
        for i, line in enumerate(lines):
            if self.y < stop_at:
                self.end_page()
                furniture += self.pending_bottom
                self.start_page()
                furniture.append(self.made.blocks.pop())
            x = LEFT + (2 * BODY if indent and i == 0 else 0.0)
            natural = stringWidth(line, FONT, BODY)
            space = (RIGHT - x - natural) / (len(line) - 1) if i < len(lines) - 1 and len(line) > 1 else 0.0
            self.text(x, self.y, line, char_space=space)
            self.y -= 28
        self.made.blocks.append((text, None, False))
        self.made.blocks += furniture

    def line(self, text: str, x: float | None = None, size: float = BODY, bold: bool = False) -> None:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        if x is None:
            x = (PAGE_W - stringWidth(text, FONT, size)) / 2
        self.text(x, self.y, text, size=size, bold=bold)
        self.y -= 1.75 * size

    def table(self, rows: list[list[str]]) -> None:
        widths = [200.0, 124.0, 124.0]
        top = self.y + 18
        height = 26.0
        c = self.c
        c.setLineWidth(0.5)
        xs = [LEFT]
        for w in widths:
            xs.append(xs[-1] + w)
        for r in range(len(rows) + 1):
            c.line(LEFT, top - r * height, xs[-1], top - r * height)
        for x in xs:
            c.line(x, top, x, top - len(rows) * height)
        for r, row in enumerate(rows):
            for k, cell in enumerate(row):
                self.text(xs[k] + 4, top - r * height - 18, cell, size=10.5)
            self.made.blocks.append((" ".join(row), None, True))
        self.y = top - len(rows) * height - 30

    def finish(self) -> MadePdf:
        self.c.save()
        self.made.data = self.buf.getvalue()
        return self.made


def make_report_pdf(page_label: str = "- {n} -") -> MadePdf:
    """A three-page 公文-style report: running header, page numbers in ``page_label``'s form, a
    two-line centred title, a bold head, justified paragraphs wrapped mid-sentence (one across a
    page break), a ruled table whose rows look like heads, a note mark left alone on a line by a
    superscript, a footnote, and a letter-spaced line (``白 石 市 …``)."""
    w = _Writer(page_label, pages=3)
    for title_line in TITLE_LINES:
        w.line(title_line, size=22)
    w.made.blocks.append(("".join(TITLE_LINES), None, False))
    w.y -= 10
    w.paragraph(PARA_1)
    w.line("一、总体情况", x=LEFT + 2 * BODY, bold=True)
    w.made.blocks.append(("一、总体情况", None, False))
    w.paragraph(PARA_2, stop_at=450.0)  # breaks to page 2 mid-sentence
    w.paragraph(PARA_3)
    # page 2 goes on: a superscript note mark raised off its line, then a table
    w.text(RIGHT - 6, w.y + 28 + 9, "1", size=8)
    w.made.blocks.append(("1", "footnote-marker", False))
    w.line("二、主动公开政府信息情况", x=LEFT + 2 * BODY, bold=True)
    w.made.blocks.append(("二、主动公开政府信息情况", None, False))
    w.table(TABLE)
    w.text(LEFT, 70, FOOTNOTE, size=9)
    w.end_page()
    w.made.blocks += [(FOOTNOTE, "footnote", False), *w.pending_bottom]
    w.start_page()
    w.paragraph(PARA_4)
    w.text(RIGHT - 16 * 2 * len(SPACED) + 16, w.y, " ".join(SPACED))
    w.made.blocks.append((SPACED, None, False))
    w.y -= 28
    w.end_page()
    w.made.blocks += w.pending_bottom
    return w.finish()


def make_split_table_pdf() -> MadePdf:
    """Two pages: a paragraph, a ruled table that runs off the foot of page 1 and goes on at the
    top of page 2 (under the running header), a paragraph, and a second table."""
    w = _Writer("- {n} -", pages=2)
    w.paragraph(PARA_1)
    w.y = 180.0
    w.table(SPLIT_TABLE[:3])
    w.end_page()
    w.start_page()
    w.table(SPLIT_TABLE[3:])
    w.paragraph(PARA_4)
    w.table(TABLE)
    w.end_page()
    return w.finish()


SPLIT_TABLE = [
    ["项目", "预算数", "决算数"],
    ["一、一般公共服务支出", "1,288.50", "1,190.20"],
    ["二、教育支出", "712.00", ""],  # an empty last cell
    ["三、社会保障和就业支出", "305.10", "0"],
    ["四、卫生健康支出", "", "97.60"],  # an empty ruled cell
]


def make_long_pdf(pages: int = 20) -> bytes:
    """``pages`` pages of justified Chinese paragraphs with heads and page numbers (for timing)."""
    w = _Writer("— {n} —", pages=pages)
    text = PARA_2 + PARA_3 + PARA_1
    while w.page < pages:  # a paragraph holds fewer lines than a page: it breaks at most once
        w.line("一、总体情况", x=LEFT + 2 * BODY, bold=True)
        w.paragraph(text)
    w.end_page()
    return w.finish().data


def make_scan_pdf() -> bytes:
    """One page holding only an image: a scan with no text layer."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    img = Image.new("L", (200, 100), 255)
    for x in range(20, 180):
        img.putpixel((x, 50), 0)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(PAGE_W, PAGE_H))
    c.drawImage(ImageReader(img), 100, 500, width=200, height=100)
    c.showPage()
    c.save()
    return buf.getvalue()


def make_encrypted_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt="secret")
    c.drawString(100, 700, "confidential")
    c.showPage()
    c.save()
    return buf.getvalue()


def save(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# ---------------------------------------------------------------------------------------- Word

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


@dataclass
class MadeDocx:
    data: bytes
    written: list[str] = field(default_factory=list)  # every string a reader should find, once


def _docx_bytes(document) -> bytes:
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _east_asian(run, font: str) -> None:
    from docx.oxml.ns import qn

    rpr = run._r.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), font)


def _style_with_font(
    document, name: str, font: str | None = None, outline: int | None = None, based_on: str = "Normal"
):
    """A custom paragraph style (the way WPS templates carry 公文 heads), optionally with an East
    Asian font and an outline level in its own properties."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import parse_xml

    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles[based_on]
    if font:
        style.element.append(parse_xml(f'<w:rPr {W_NS}><w:rFonts w:eastAsia="{font}"/></w:rPr>'))
    if outline is not None:
        style.element.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {W_NS} w:val="{outline}"/>'))
    return style


STYLED = {
    "title": "白石市2025年春节期间安全工作方案",
    "h1": "一、总体要求",
    "body1": "坚持人民至上、生命至上，压实安全责任，确保节日期间社会大局平稳。",
    "h2": "（一）加强值班值守",
    "body2": "各单位严格落实领导带班和二十四小时值班制度。",
    "h3": "1.值班安排",
    "outline": "二、工作措施",
    "list": "排查整治重点行业领域风险隐患",
    "caption": "图1 安全检查现场",
}


def make_styled_docx() -> MadeDocx:
    """Heading styles give levels: ``Title``, ``Heading 1``/``Heading 2``, a style named
    ``标题 3``, a paragraph with an outline level, a ``List Number`` item and a ``Caption``."""
    import docx

    d = docx.Document()
    _style_with_font(d, "标题 3")
    d.add_paragraph(STYLED["title"], style="Title")
    d.add_heading(STYLED["h1"], level=1)
    d.add_paragraph(STYLED["body1"])
    d.add_heading(STYLED["h2"], level=2)
    d.add_paragraph(STYLED["body2"])
    d.add_paragraph(STYLED["h3"], style="标题 3")
    outline = d.add_paragraph(STYLED["outline"])
    from docx.oxml import parse_xml

    outline._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {W_NS} w:val="0"/>'))
    d.add_paragraph(STYLED["list"], style="List Number")
    d.add_paragraph(STYLED["caption"], style="Caption")
    d.add_paragraph("")  # empty paragraphs make no block
    return MadeDocx(_docx_bytes(d), list(STYLED.values()))


GONGWEN = {
    "title": "白石市人民政府关于加强春节期间安全生产工作的通知",
    "number": "白政发〔2025〕12号",
    "addressee": "各区县人民政府，市政府各部门：",
    "intro": "为切实做好春节期间安全生产工作，现就有关事项通知如下。",
    "h1": "一、总体要求",
    "h2_head": "（一）指导思想。",
    "h2_rest": "全面贯彻落实党中央、国务院关于安全生产的决策部署。",
    "bold_head": "（二）基本原则。",
    "bold_rest": "坚持预防为主、综合治理。",
    "styled_h1": "二、重点任务",
    "body": "各地各部门要组织开展安全生产大检查，及时消除隐患。",
    "signature": "白石市人民政府",
    "date": "2025年1月6日",
    "cc": "抄送：市委办公室，市人大常委会办公室。",
    "printed": "白石市人民政府办公室 2025年1月6日印发",
}
GONGWEN_TABLE = [["项目", "数量"], ["一、本年新收申请数量", "21"], ["（一）予以公开", "13"]]


def make_gongwen_docx() -> MadeDocx:
    """A 公文 (GB/T 9704) laid out with fonts only, no heading styles: 小标宋 title centred, 黑体
    ``一、`` head, a 楷体 run-in ``（一）`` head, a bold run-in head, a head whose 黑体 comes from
    its paragraph style, 仿宋 body (from the run, and from the document defaults' theme font
    where no run says), a table whose rows look like heads, signature and 抄送/印发 lines."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    g = GONGWEN
    d = docx.Document()
    heads = _style_with_font(d, "公文一级标题", font="黑体")

    def para(
        text: str, font: str = "仿宋_GB2312", size: float = 16, align=None, bold: bool = False, style=None
    ):
        p = d.add_paragraph(style=style)
        if text:
            run = p.add_run(text)
            _east_asian(run, font)
            run.font.size = Pt(size)
            run.bold = bold or None
        p.alignment = align
        return p

    para(g["title"], font="方正小标宋简体", size=22, align=WD_ALIGN_PARAGRAPH.CENTER)
    para(g["number"], align=WD_ALIGN_PARAGRAPH.CENTER)
    para(g["addressee"])
    para(g["intro"])
    para(g["h1"], font="黑体")
    p = para(g["h2_head"], font="楷体_GB2312")
    run = p.add_run(g["h2_rest"])
    _east_asian(run, "仿宋_GB2312")
    p = para(g["bold_head"], bold=True)
    run = p.add_run(g["bold_rest"])
    _east_asian(run, "仿宋_GB2312")
    d.add_paragraph(g["styled_h1"], style=heads)  # 黑体 from the style, no run font
    d.add_paragraph(g["body"])  # no font anywhere but the document defaults (theme: 宋体)
    table = d.add_table(rows=len(GONGWEN_TABLE), cols=2)
    for r, row in enumerate(GONGWEN_TABLE):
        for k, cell in enumerate(row):
            table.cell(r, k).text = cell
    para(g["signature"], align=WD_ALIGN_PARAGRAPH.RIGHT)
    para(g["date"], align=WD_ALIGN_PARAGRAPH.RIGHT)
    para(g["cc"])
    para(g["printed"])
    written = [v for v in g.values()] + [c for row in GONGWEN_TABLE for c in row]
    return MadeDocx(_docx_bytes(d), written)


FURNITURE = {
    "header": "白石市人民政府文件",
    "body": "全市安全生产形势总体平稳",
    "inserted": "，事故起数同比下降",
    "note_ref_after": "。",
    "line1": "附件：",
    "line2": "安全检查统计表",
    "link": "白石市人民政府网",
    "box": "此页无正文",
    "footnote": "数据来源：白石市应急管理局。",
    "footer_text": "白石市人民政府办公室印制",
    "page": "3",
}
DELETED = "删去的文字"


def _page_field_runs(value: str) -> str:
    return (
        f'<w:r {W_NS}><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r {W_NS}><w:instrText xml:space="preserve"> PAGE  \\* MERGEFORMAT </w:instrText></w:r>'
        f'<w:r {W_NS}><w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r {W_NS}><w:t>{value}</w:t></w:r>"
        f'<w:r {W_NS}><w:fldChar w:fldCharType="end"/></w:r>'
    )


def _text_box(text: str) -> str:
    """A DrawingML text box with its VML fallback copy, as Word and WPS write one."""
    mc = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    wps = 'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
    v = 'xmlns:v="urn:schemas-microsoft-com:vml"'
    body = f"<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>"
    return (
        f"<w:r {W_NS} {mc} {wps} {v}><mc:AlternateContent>"
        f'<mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx>{body}</wps:txbx></wps:wsp></w:drawing></mc:Choice>'
        f"<mc:Fallback><w:pict><v:shape><v:textbox>{body}</v:textbox></v:shape></w:pict></mc:Fallback>"
        f"</mc:AlternateContent></w:r>"
    )


def make_furniture_docx() -> MadeDocx:
    """A header, a footer with text and a ``PAGE`` field inside a text box (with the VML fallback
    copy that must not be read twice), a footnote, a body text box, a tracked insertion and
    deletion, a hyperlink and a manual line break."""
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml

    f = FURNITURE
    d = docx.Document()
    section = d.sections[0]
    section.header.paragraphs[0].text = f["header"]
    footer = section.footer.paragraphs[0]
    footer.text = f["footer_text"]
    page_para = section.footer.add_paragraph()
    page_para._p.append(
        parse_xml(_text_box("X").replace("<w:r><w:t>X</w:t></w:r>", _page_field_runs(f["page"])))
    )

    p = d.add_paragraph(f["body"])
    p._p.append(
        parse_xml(f'<w:ins {W_NS} w:id="1" w:author="a"><w:r><w:t>{f["inserted"]}</w:t></w:r></w:ins>')
    )
    p._p.append(
        parse_xml(f'<w:del {W_NS} w:id="2" w:author="a"><w:r><w:delText>{DELETED}</w:delText></w:r></w:del>')
    )
    p._p.append(parse_xml(f'<w:r {W_NS}><w:footnoteReference w:id="1"/></w:r>'))
    p.add_run(f["note_ref_after"])
    q = d.add_paragraph(f["line1"])
    q._p.append(parse_xml(f"<w:r {W_NS}><w:br/><w:t>{f['line2']}</w:t></w:r>"))
    link = d.add_paragraph()
    link._p.append(
        parse_xml(
            f'<w:hyperlink {W_NS} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
            f'w:history="1"><w:r><w:t>{f["link"]}</w:t></w:r></w:hyperlink>'
        )
    )
    anchor = d.add_paragraph()
    anchor._p.append(parse_xml(_text_box(f["box"])))

    notes = (
        f"<w:footnotes {W_NS}>"
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
        f'<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t>{f["footnote"]}</w:t></w:r></w:p></w:footnote>'
        "</w:footnotes>"
    ).encode()
    part = Part(
        PackURI("/word/footnotes.xml"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
        notes,
        d.part.package,
    )
    d.part.relate_to(part, RT.FOOTNOTES)
    return MadeDocx(_docx_bytes(d), list(f.values()))


def _canvas():
    from reportlab.pdfgen import canvas

    testfont.register()
    buf = io.BytesIO()
    return buf, canvas.Canvas(buf, pagesize=(PAGE_W, PAGE_H))


def _draw_justified(c, text: str, y: float, indent: float = 0.0) -> float:
    """``text`` on canvas ``c`` as justified lines (the last one natural) from ``y`` down, 28 pt
    apart, the first indented by ``indent``; returns the y below the last line."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines = _wrap(text, indent)
    for i, line in enumerate(lines):
        x = LEFT + (indent if i == 0 else 0.0)
        t = c.beginText(x, y)
        t.setFont(FONT, BODY)
        if i < len(lines) - 1:
            t.setCharSpace((RIGHT - x - stringWidth(line, FONT, BODY)) / (len(line) - 1))
        t.textOut(line)
        c.drawText(t)
        y -= 28
    return y


ROTATED = ["附表：各县区政府信息公开申请情况统计", PARA_3]


def make_rotated_pdf() -> bytes:
    """A landscape page as Word writes one: /Rotate 90 with the text drawn running up the page (a
    head, then a justified paragraph wrapped over several lines)."""
    buf, c = _canvas()
    c.setPageRotation(90)
    c.saveState()
    c.translate(560, 0)
    c.rotate(90)
    y = -60.0
    c.setFont(FONT, BODY)
    c.drawString(LEFT + 2 * BODY, y, ROTATED[0])
    _draw_justified(c, ROTATED[1], y - 28, indent=2 * BODY)
    c.restoreState()
    c.showPage()
    c.save()
    return buf.getvalue()


OVERPRINTED = ("二、主要做法", "各部门认真落实主体责任。")


def make_overprinted_pdf() -> bytes:
    """A head made bold by printing it twice, 0.4 pt apart (no bold font, no stroke): it must read
    once."""
    buf, c = _canvas()
    c.setFont(FONT, 16)
    for dx in (0.0, 0.4):
        c.drawString(LEFT + 2 * BODY + dx, 700, OVERPRINTED[0])
    c.drawString(LEFT + 2 * BODY, 672, OVERPRINTED[1])
    c.showPage()
    c.save()
    return buf.getvalue()


BLOCK_STYLE = ["第一段没有首行缩进，段与段之间空一行。" * 3, "第二段同样没有缩进，靠段间距分开。" * 3]


def make_block_style_pdf() -> bytes:
    """Paragraphs set flush left and separated by an empty line instead of an indent."""
    buf, c = _canvas()
    y = 760.0
    for para in BLOCK_STYLE:
        y = _draw_justified(c, para, y) - 28
    c.showPage()
    c.save()
    return buf.getvalue()


# ------------------------------------------------------------ Word documents for the segmenter


@dataclass
class Run:
    """A run of text with its look: bold, East Asian font, size in points."""

    text: str
    bold: bool = False
    font: str | None = None
    size: float | None = None


@dataclass
class Para:
    """A paragraph of runs (a plain string is one run in the body's look), its alignment."""

    runs: list[Run | str]
    align: str | None = None  # "center" or "right"
    style: str | None = None  # a paragraph style of the default template ("List Number" …)


@dataclass
class Table:
    rows: list[list[str]]


def make_docx(
    content: list[Para | Table], body_font: str = "仿宋_GB2312", body_size: float = 16.0
) -> MadeDocx:
    """A Word file made of ``content`` in order, every run in ``body_font``/``body_size`` unless the
    run says otherwise: the way WPS and Word save reports and 公文 with direct formatting only."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    aligns = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT, None: None}
    d = docx.Document()
    written: list[str] = []
    for item in content:
        if isinstance(item, Table):
            table = d.add_table(rows=len(item.rows), cols=len(item.rows[0]))
            for r, row in enumerate(item.rows):
                for k, cell in enumerate(row):
                    table.cell(r, k).text = cell
                    written.append(cell)
            continue
        p = d.add_paragraph(style=item.style)
        p.alignment = aligns[item.align]
        for part in item.runs:
            spec = Run(part) if isinstance(part, str) else part
            run = p.add_run(spec.text)
            _east_asian(run, spec.font or body_font)
            run.font.size = Pt(spec.size or body_size)
            run.bold = spec.bold or None
            written.append(spec.text)
    return MadeDocx(_docx_bytes(d), written)


def make_sized_pdf(lines: list[tuple[str, float]]) -> bytes:
    """One page of lines at given sizes: a title, heads set larger than the body, paragraphs
    (a body line longer than the column is wrapped as a justified paragraph)."""
    w = _Writer("- {n} -", pages=1, header=False)
    for text, size in lines:
        if size == BODY:
            w.paragraph(text)
        else:
            w.line(text, x=None if size > 20 else LEFT, size=size)
    w.end_page()
    return w.finish().data


# What a PDF whose fonts map glyphs to the wrong code points extracts as (GM/T 0031-2014's layer).
GARBLED = "犐犆犛犌犕犜犃犅犇犈犉犎犑犓犔犖犗犘犙犚犝犞犠犡犢犣犤犥犦犧犨犩" * 5


def make_garbled_pdf() -> bytes:
    """A text PDF whose text layer is a run of rare characters (as a mis-mapped font gives)."""
    buf, c = _canvas()
    c.setFont(FONT, BODY)
    y = 760
    for start in range(0, len(GARBLED), 20):
        c.drawString(LEFT, y, GARBLED[start : start + 20])
        y -= 28
    c.showPage()
    c.save()
    return buf.getvalue()
