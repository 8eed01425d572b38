"""PDF with a text layer → text, page by page.

Running text comes from pypdfium2 (fast): its text runs are grouped into lines by position, runs
of one line far apart (the two-column letterhead "HỘI ĐỒNG NHÂN DÂN ⇥ CỘNG HÒA XÃ HỘI CHỦ NGHĨA
VIỆT NAM", the signature block) are joined by a tab, and a line wrapped by the typesetter is joined
to the next (the next line's first word would not have fitted). Pages that draw ruled lines are
also read by pdfplumber, whose ``find_tables`` gives the ruled tables: each comes out as
tab-separated rows, a cell's wrapped lines joined by spaces — the layout of :mod:`kg.annex` and of
the target tables. Lines repeated at the top or bottom of most pages (running headers, footers)
and page numbers are dropped.
"""
from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass

from ..text import InputError

_PAGE_NUMBER = re.compile(r"^\s*(trang\s*)?[-–—]?\s*\d{1,4}\s*([-–—]|/\s*\d{1,4})?\s*$", re.IGNORECASE)
# A gap wider than this many characters between two runs of one line is a column break (a tab).
_COLUMN_GAP_CHARS = 3.0
# Pages with at least this many path objects may hold a ruled table (worth pdfplumber's time).
_MIN_PATHS = 4


@dataclass
class Line:
    left: float
    right: float
    top: float  # from the page's bottom (PDF coordinates)
    bottom: float
    text: str
    columns: bool = False  # holds a tab: never joined to its neighbours

    @property
    def char_width(self) -> float:
        return (self.right - self.left) / max(1, len(self.text))


def pages(data: bytes, name: str) -> list[str]:
    import pypdfium2 as pdfium
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise InputError(f"{name}: an encrypted PDF (it needs a password); save an unprotected copy "
                             "(e.g. print it to PDF) and read that") from None
        raise InputError(f"{name}: not a readable PDF ({exc})") from None
    try:
        per_page = [_read_page(pdf, i, data) for i in range(len(pdf))]
    finally:
        pdf.close()
    if not any(items for items in per_page):
        raise InputError(f"{name}: a PDF without a text layer (a scanned image); it needs OCR first "
                         "(e.g. `ocrmypdf in.pdf out.pdf`), which kg does not do")
    _drop_running_lines(per_page)
    texts = [_page_text(items) for items in per_page]
    for i in range(len(per_page) - 1):  # a paragraph going on over the page break
        this, nxt = per_page[i], per_page[i + 1]
        if this and nxt and isinstance(this[-1], Line) and isinstance(nxt[0], Line):
            left, right = _bounds(this)
            if _continues(this[-1], nxt[0], left, right, 0) and abs(nxt[0].left - _bounds(nxt)[0]) < 2 * nxt[0].char_width:
                texts[i] = texts[i][:-1] + " "
    return texts


def _bounds(items: list) -> tuple[float, float]:
    lines = [x for x in items if isinstance(x, Line)]
    return min((x.left for x in lines), default=0), max((x.right for x in lines), default=0)


def _read_page(pdf, index: int, data: bytes) -> list:
    """The page's items top to bottom: Line objects and tables (lists of rows)."""
    import pypdfium2.raw as pdfium_c
    page = pdf[index]
    height = page.get_height()
    tp = page.get_textpage()
    runs = []
    for i in range(tp.count_rects()):
        left, bottom, right, top = tp.get_rect(i)
        text = tp.get_text_bounded(left, bottom, right, top).replace("\r", " ").replace("\n", " ")
        if text.strip():
            runs.append(Line(left, right, top, bottom, text.strip()))
    tables = []
    if runs and sum(1 for o in page.get_objects(max_depth=1) if o.type == pdfium_c.FPDF_PAGEOBJ_PATH) >= _MIN_PATHS:
        tables = _tables(data, index, height)
    items = [(t[0], t[1]) for t in tables]
    inside = [t[2] for t in tables]
    for run in runs:
        cx, cy = (run.left + run.right) / 2, (run.top + run.bottom) / 2
        if not any(x0 <= cx <= x1 and y0 <= cy <= y1 for x0, y0, x1, y1 in inside):
            items.append((run.top, run))
    items.sort(key=lambda it: -it[0])
    return _lines(items)


_plumber_cache: dict = {}


def _tables(data: bytes, index: int, height: float):
    """(top, rows, box) of each ruled table on the page, in PDF coordinates."""
    import pdfplumber
    key = id(data)
    if _plumber_cache.get("key") != key:
        _plumber_cache.clear()
        _plumber_cache.update(key=key, pdf=pdfplumber.open(io.BytesIO(data)))
    page = _plumber_cache["pdf"].pages[index]
    out = []
    for table in page.find_tables():
        rows = [r for r in _rows(table) if any(r)]
        if not rows or max(len(r) for r in rows) < 2:
            continue
        x0, top, x1, bottom = table.bbox
        out.append((height - top, rows, (x0, height - bottom, x1, height - top)))
    return out


def _rows(table) -> list[list[str]]:
    """The table's rows as cell texts (wrapped lines joined). A cell merged across columns is one
    cell (its other grid slots dropped); a slot below a cell merged down the rows is empty."""
    out = []
    for row, texts in zip(table.rows, table.extract()):
        cells, reach = [], None
        for box, text in zip(row.cells, texts):
            if box is None:
                if reach is not None and reach > 0:
                    reach -= 1
                    continue
                cells.append("")
                continue
            cells.append(" ".join((text or "").split()))
            reach = sum(1 for x in _starts(table) if box[0] + 1 < x < box[2] - 1)
        out.append(cells)
    return out


def _starts(table) -> list[float]:
    return sorted({c[0] for r in table.rows for c in r.cells if c is not None})


def _lines(items) -> list:
    """Runs on one baseline → one Line (far-apart runs joined by a tab); tables pass through."""
    out: list = []
    for _, item in items:
        if isinstance(item, list):
            out.append(item)
            continue
        last = out[-1] if out and isinstance(out[-1], Line) else None
        if last is not None and _same_line(last, item):
            first, second = sorted([last, item], key=lambda r: r.left)
            gap = second.left - first.right
            sep = "\t" if gap > _COLUMN_GAP_CHARS * min(first.char_width, second.char_width) else " "
            out[-1] = Line(first.left, second.right, max(last.top, item.top), min(last.bottom, item.bottom),
                           first.text + sep + second.text, first.columns or second.columns or sep == "\t")
        else:
            out.append(item)
    return out


def _same_line(a: Line, b: Line) -> bool:
    overlap = min(a.top, b.top) - max(a.bottom, b.bottom)
    return overlap > 0.5 * min(a.top - a.bottom, b.top - b.bottom)


def _key(line: Line) -> str:
    return re.sub(r"\d+", "#", " ".join(line.text.split())).lower()


def _drop_running_lines(per_page: list[list]):
    """Remove page numbers and the lines that repeat at the top or bottom of most pages."""
    edges = Counter()
    for items in per_page:
        lines = [x for x in items if isinstance(x, Line)]
        edges.update({_key(x) for x in lines[:2] + lines[-2:]})
    repeated = {k for k, n in edges.items() if len(per_page) >= 2 and n >= max(2, 0.6 * len(per_page))}
    for items in per_page:
        lines = [x for x in items if isinstance(x, Line)]
        ends = lines[:2] + lines[-2:]
        drop = {id(x) for x in ends if _key(x) in repeated or _PAGE_NUMBER.match(x.text)}
        items[:] = [x for x in items if id(x) not in drop]


def _page_text(items: list) -> str:
    """Lines joined into paragraphs, tables as tab rows; the page's text ends with a newline."""
    lines = [x for x in items if isinstance(x, Line)]
    left, right = _bounds(items)
    pitch = _typical_pitch(lines)
    for x in lines:
        if not x.columns and (x.left + x.right) / 2 > left + 0.65 * (right - left):
            x.text, x.columns = "\t" + x.text, True  # the right column alone (the signature block)
    out: list[str] = []
    prev = None
    for x in items:
        if isinstance(x, list):
            if out and out[-1] != "":
                out.append("")
            out += ["\t".join(row) for row in x]
            out.append("")
            prev = None
            continue
        if prev is not None and _continues(prev, x, left, right, pitch):
            out[-1] += " " + x.text
        else:
            out.append(x.text)
        prev = x
    return "\n".join(out).strip("\n") + "\n"


def _typical_pitch(lines: list[Line]) -> float:
    steps = [round(a.top - b.top) for a, b in zip(lines, lines[1:]) if 0 < a.top - b.top < 40]
    return Counter(steps).most_common(1)[0][0] if steps else 0


def _continues(prev: Line, line: Line, left: float, right: float, pitch: float) -> bool:
    """A typesetter's wrap: the next line starts at the margin and its first word would not have
    fitted after the previous line."""
    if prev.columns or line.columns or line.left - left > 2 * prev.char_width:
        return False
    if pitch and prev.top - line.top > 1.3 * pitch:
        return False  # paragraph spacing
    first_word = line.text.split(" ", 1)[0]
    room = right - prev.right
    return room < (len(first_word) + 1.5) * prev.char_width
