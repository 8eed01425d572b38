"""Render a document's .txt as the files provinces publish: a PDF with a text layer (reportlab, the
DejaVu font matplotlib ships), a DOCX (python-docx), a page of a legal-database site, TCVN3 bytes.

Layout as the genre prints it: the tab-separated lines before the heading are the two-column
letterhead (a borderless table), tab-separated runs of three or more columns are ruled tables
(a page-spanning one repeats its header row), two-column runs elsewhere (the signature block) are
borderless, everything else is a justified paragraph; every PDF page has a running header and a
page number. Cells' HTML fragments become paragraphs of the cell.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

_TAG = re.compile(r"<[^>]{1,40}>")
_SUPER = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
_FROM_SUPER = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_BODY_START = re.compile(r"^(Căn cứ|Xét|Sau khi|Trên cơ sở|QUYẾT NGHỊ|Điều \d)")
_PARA_BREAK = re.compile(r"</p>\s*<p>|<br\s*/?>", re.IGNORECASE)


def blocks(text: str):
    """('letterhead'|'table'|'pairs', rows) and ('para', line) blocks in order."""
    lines = text.split("\n")
    out, run, seen_body = [], [], False

    def flush():
        nonlocal run
        if run:
            width = max(len(r) for r in run)
            kind = "letterhead" if not seen_body else "table" if width >= 3 else "pairs"
            out.append((kind, [r + [""] * (width - len(r)) for r in run]))
            run = []
    for line in lines:
        if "\t" in line:
            run.append(line.split("\t"))
            continue
        flush()
        if line.strip():
            seen_body = True
            out.append(("para", line.strip()))
    flush()
    return out


def cell_paragraphs(cell: str) -> list[str]:
    return [html.unescape(_TAG.sub("", p)).strip() for p in _PARA_BREAK.split(cell) if _TAG.sub("", p).strip()]


def _font():
    import matplotlib
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    data = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVu", str(data / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont("DejaVu-Bold", str(data / "DejaVuSans-Bold.ttf")))
    return "DejaVu"


def to_pdf(text: str, out: Path, header: str = "CÔNG BÁO TỈNH - BẢN ĐIỆN TỬ", encrypt: str | None = None) -> Path:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle
    font = _font()
    body = ParagraphStyle("body", fontName=font, fontSize=10, leading=13, alignment=TA_JUSTIFY, spaceAfter=5)
    cell = ParagraphStyle("cell", fontName=font, fontSize=7.5, leading=9, spaceAfter=2)
    head = ParagraphStyle("head", parent=cell, fontName="DejaVu-Bold", alignment=TA_CENTER)
    centre = ParagraphStyle("centre", fontName=font, fontSize=9.5, leading=12, alignment=TA_CENTER)

    def esc(s):  # footnote markers typeset as raised small digits, as word processors print them
        return _SUPER.sub(lambda m: "<super>" + m.group(0).translate(_FROM_SUPER) + "</super>",
                          html.escape(s, quote=False))

    def page(canvas, doc):
        canvas.saveState()
        canvas.setFont(font, 8)
        canvas.drawCentredString(A4[0] / 2, A4[1] - 12 * mm, header)
        canvas.drawCentredString(A4[0] / 2, 10 * mm, str(doc.page))
        canvas.restoreState()
    title = ParagraphStyle("title", fontName="DejaVu-Bold", fontSize=14, leading=17, alignment=TA_CENTER,
                           spaceAfter=4)
    story = []
    width = A4[0] - 40 * mm
    opening = True  # the heading block (heading, title, issuer, session) is centred
    tables = [v for k, v in blocks(text) if k == "table"]
    shares = _column_shares([r for t in tables for r in t]) if tables else []
    for kind, value in blocks(text):
        if kind == "para":
            opening = opening and not _BODY_START.match(value)
            story.append(Paragraph(esc(value), title if opening else body))
        elif kind in ("letterhead", "pairs"):
            opening = opening and kind == "letterhead"
            rows = [[Paragraph(esc(c.strip()), centre) for c in r] for r in value]
            t = Table(rows, colWidths=[width / len(value[0])] * len(value[0]))
            t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story.append(t)
        else:
            opening = False
            if len(shares) != len(value[0]):
                shares = _column_shares(value)
            rows = []
            for i, r in enumerate(value):
                style = head if i == 0 and r[0].strip().upper() == "STT" else cell
                rows.append([[Paragraph(esc(p), style) for p in cell_paragraphs(c)] or "" for c in r])
            t = Table(rows, colWidths=[width * s for s in shares],
                      repeatRows=1 if value[0][0].strip().upper() == "STT" else 0)
            t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                   ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story.append(t)
    kwargs = {"encrypt": encrypt} if encrypt else {}
    SimpleDocTemplate(str(out), pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm,
                      bottomMargin=18 * mm, title=out.stem, **kwargs).build(story, onFirstPage=page, onLaterPages=page)
    return out


def _column_shares(rows: list[list[str]]) -> list[float]:
    """Column widths in proportion to their text (the label column narrow), each at least 6 %."""
    n = max(len(r) for r in rows)
    rows = [r + [""] * (n - len(r)) for r in rows]
    size = [max(1, sum(len(r[i]) for r in rows)) ** 0.5 for i in range(n)]
    size = [max(s, 0.09 * sum(size)) for s in size]
    return [s / sum(size) for s in size]


def to_docx(text: str, out: Path) -> Path:
    import docx
    d = docx.Document()
    for kind, value in blocks(text):
        if kind == "para":
            _runs(d.add_paragraph(), value)
            continue
        t = d.add_table(rows=0, cols=len(value[0]))
        if kind == "table":
            t.style = "Table Grid"
        for r in value:
            cells = t.add_row().cells
            for c, v in zip(cells, r):
                for i, p in enumerate(cell_paragraphs(v)):
                    _runs(c.paragraphs[0] if i == 0 else c.add_paragraph(), p)
    d.add_paragraph()  # Word ends a document with a paragraph, never with a table
    d.save(str(out))
    return out


def _runs(paragraph, text: str):
    """The text as runs, footnote markers as superscript digits (as Word typesets them)."""
    pos = 0
    for m in _SUPER.finditer(text):
        paragraph.add_run(text[pos:m.start()])
        paragraph.add_run(m.group(0).translate(_FROM_SUPER)).font.superscript = True
        pos = m.end()
    paragraph.add_run(text[pos:])


def to_html(text: str, out: Path) -> Path:
    """A page as saved from a legal-database site: navigation, the document, a footer."""
    parts = ['<!DOCTYPE html><html><head><meta charset="utf-8"><title>Văn bản</title>'
             "<style>td{border:1px solid}</style><script>var x = 1;</script></head><body>",
             '<div class="header"><a href="/">Trang chủ</a> | <a href="/vb">Văn bản pháp luật</a></div>',
             '<nav><ul><li><a href="/a">Tra cứu</a></li><li><a href="/b">Đăng nhập</a></li></ul></nav>',
             '<div class="content1">']
    for kind, value in blocks(text):
        if kind == "para":
            parts.append(f"<p>{html.escape(value)}</p>")
            continue
        parts.append("<table>")
        for r in value:
            parts.append("<tr>" + "".join("<td>" + "".join(f"<p>{html.escape(p)}</p>" for p in cell_paragraphs(c))
                                          + "</td>" for c in r) + "</tr>")
        parts.append("</table>")
    parts.append('</div><div id="footer">© Cơ sở dữ liệu văn bản. Liên hệ: 1900 0000</div></body></html>')
    out.write_text("\n".join(parts), encoding="utf-8")
    return out


def tcvn3_bytes(text: str) -> bytes:
    """The text as a .VnTime (TCVN3, ABC) file: capitals with tones take the small letters' codes,
    as the capitals font .VnTimeH shows them."""
    from kg.formats.legacy import tables
    back = {v: k for k, v in tables()["tcvn3"].items() if len(v) == 1 and v.islower() or v in "ĂÂÊÔƠƯĐ"}
    out = []
    for c in text:
        if c in back:
            out.append(back[c])
        elif c.lower() in back:
            out.append(back[c.lower()])
        else:
            out.append(c)
    return "".join(out).encode("cp1252", errors="replace")
