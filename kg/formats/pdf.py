"""PDF with a text layer → text, page by page.

Running text comes from pypdfium2 (fast): its text runs are grouped into lines by position, runs
of one line far apart (the two-column letterhead "HỘI ĐỒNG NHÂN DÂN ⇥ CỘNG HÒA XÃ HỘI CHỦ NGHĨA
VIỆT NAM", the signature block) are joined by a tab, and a line wrapped by the typesetter is joined
to the next (the next line's first word would not have fitted), also over a page break. Ruled
tables: the page's straight path segments (read by pypdfium2) go to pdfplumber's table finder as
explicit lines — fifteen times faster than letting pdfplumber parse every character — and each
table comes out as tab-separated rows, a cell's wrapped lines joined by spaces, a merged cell
once: the layout of :mod:`kg.annex` and of the target tables. Lines repeated at the top or bottom of most pages (running headers, footers)
and page numbers are dropped.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass

from ..text import InputError

_PAGE_NUMBER = re.compile(r"^\s*(trang\s*)?[-–—]?\s*\d{1,3}\s*([-–—]|/\s*\d{1,3})?\s*$", re.IGNORECASE)
# A gap wider than this many characters between two runs of one line is a column break (a tab).
_COLUMN_GAP_CHARS = 3.0


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
        per_page = [_read_page(pdf, i) for i in range(len(pdf))]
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


def _read_page(pdf, index: int) -> list:
    """The page's items top to bottom: Line objects and tables (lists of rows)."""
    page = pdf[index]
    height = page.get_height()
    tp = page.get_textpage()
    chars = _Chars(tp)
    runs = []
    for i in range(tp.count_rects()):
        left, bottom, right, top = tp.get_rect(i)
        text = chars.text(left, bottom, right, top).replace("\r", " ").replace("\n", " ")
        if text.strip():
            runs.append(Line(left, right, top, bottom, text.strip()))
    tables = _tables(page, chars, height) if runs else []
    items = [(t[0], t[1]) for t in tables]
    inside = [t[2] for t in tables]
    for run in runs:
        cx, cy = (run.left + run.right) / 2, (run.top + run.bottom) / 2
        if not any(x0 <= cx <= x1 and y0 <= cy <= y1 for x0, y0, x1, y1 in inside):
            items.append((run.top, run))
    items.sort(key=lambda it: -it[0])
    return _lines(items)


_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


class _Chars:
    """A page's text by area, with footnote markers — digits set small and raised ("trọng
    điểm¹¹") — written as the superscript digits the genre's texts use (the annex reader links
    footnotes by them). Pages without such markers are read by pdfium's bounded text as is."""

    def __init__(self, textpage):
        import pypdfium2.raw as raw
        self.tp, self.raw = textpage, raw
        self.all = textpage.get_text_range()
        self.raised = self._raised() if len(self.all) == textpage.count_chars() else set()
        if self.raised:  # every real character by the height of its centre, for area look-ups
            self.centre_x, centres = {}, []
            for i, ch in enumerate(self.all):
                if ch.isspace():
                    continue
                l, b, r, t = textpage.get_charbox(i)
                self.centre_x[i] = (l + r) / 2
                centres.append(((b + t) / 2, i))
            self.by_y = sorted(centres)

    def _raised(self) -> set[int]:
        size = lambda i: self.raw.FPDFText_GetFontSize(self.tp.raw, i)  # noqa: E731
        out = set()
        for i, ch in enumerate(self.all):
            if not ch.isdigit():
                continue
            s, (_, bottom, _, _) = size(i), self.tp.get_charbox(i)
            for step in (-1, 1):  # the nearest character before or after the marker
                k = i + step
                while 0 <= k < len(self.all) and (self.all[k].isspace() or self.all[k].isdigit() and size(k) == s):
                    k += step
                if not 0 <= k < len(self.all):
                    continue
                _, kb, _, kt = self.tp.get_charbox(k)
                if s <= 0.85 * size(k) and kb + 0.25 * (kt - kb) < bottom < kt:  # raised, on its line
                    out.add(i)
                    break
        return out

    def text(self, left, bottom, right, top) -> str:
        if not self.raised:
            return self.tp.get_text_bounded(left, bottom, right, top)
        lo = bisect_left(self.by_y, (bottom - 0.5, -1))
        hi = bisect_right(self.by_y, (top + 0.5, len(self.all)))
        picked = sorted(i for _, i in self.by_y[lo:hi] if left - 0.5 <= self.centre_x[i] <= right + 0.5)
        out, prev = [], None
        for i in picked:
            if prev is not None and i > prev + 1 and any(self.all[k].isspace() for k in range(prev + 1, i)):
                out.append(" ")  # the space or line end pdfium put between them
            out.append(self.all[i].translate(_SUPERSCRIPT) if i in self.raised else self.all[i])
            prev = i
        return "".join(out)


def _tables(page, chars: _Chars, height: float):
    """(top, rows, box) of each ruled table on the page, in PDF coordinates. The rules are read
    from the page's path objects by pypdfium2 and handed to pdfplumber's table finder as explicit
    lines (which spares pdfplumber parsing every character of the page); cell texts come from
    pypdfium2's text page."""
    from pdfplumber.table import TableFinder
    h_lines, v_lines = _rules(page, height)
    if len(h_lines) < 2 or len(v_lines) < 2:
        return []
    finder = TableFinder(None, {"vertical_strategy": "explicit", "horizontal_strategy": "explicit",
                                "explicit_vertical_lines": v_lines, "explicit_horizontal_lines": h_lines})
    out = []
    for table in finder.tables:
        rows = [r for r in _rows(table, lambda box: _cell_text(chars, box, height)) if any(r)]
        if not rows or max(len(r) for r in rows) < 2:
            continue
        x0, top, x1, bottom = table.bbox
        out.append((height - top, rows, (x0, height - bottom, x1, height - top)))
    return out


def _rules(page, height: float) -> tuple[list[dict], list[dict]]:
    """Horizontal and vertical straight segments of the page's paths (lines and rectangle sides),
    as pdfplumber line objects (top-based coordinates)."""
    import ctypes
    import pypdfium2.raw as raw
    h, v = [], []

    def add(p, q):
        (x0, y0), (x1, y1) = p, q
        if abs(y0 - y1) < 0.5 and abs(x1 - x0) >= 3:
            h.append({"object_type": "line", "x0": min(x0, x1), "x1": max(x0, x1), "top": height - y0,
                      "bottom": height - y0, "width": abs(x1 - x0), "height": 0})
        elif abs(x0 - x1) < 0.5 and abs(y1 - y0) >= 3:
            v.append({"object_type": "line", "x0": x0, "x1": x0, "top": height - max(y0, y1),
                      "bottom": height - min(y0, y1), "width": 0, "height": abs(y1 - y0)})
    x, y = ctypes.c_float(), ctypes.c_float()
    for obj in page.get_objects(max_depth=4):
        if obj.type != raw.FPDF_PAGEOBJ_PATH:
            continue
        a, b, c, d, e, f = obj.get_matrix().get()
        start = prev = None
        for i in range(raw.FPDFPath_CountSegments(obj.raw)):
            seg = raw.FPDFPath_GetPathSegment(obj.raw, i)
            raw.FPDFPathSegment_GetPoint(seg, x, y)
            point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
            kind = raw.FPDFPathSegment_GetType(seg)
            if kind == raw.FPDF_SEGMENT_MOVETO:
                start = point
            elif kind == raw.FPDF_SEGMENT_LINETO and prev is not None:
                add(prev, point)
            prev = point
            if raw.FPDFPathSegment_GetClose(seg) and start is not None:
                add(prev, start)
                prev = start
    return h, v


def _cell_text(chars: _Chars, box, height: float) -> str:
    x0, top, x1, bottom = box
    text = chars.text(x0 + 0.5, height - bottom + 0.5, x1 - 0.5, height - top - 0.5)
    return " ".join(text.split())


def _rows(table, cell_text) -> list[list[str]]:
    """The table's rows as cell texts (wrapped lines joined). A cell merged across columns is one
    cell (its other grid slots dropped); a slot below a cell merged down the rows is empty."""
    out = []
    starts = _starts(table)
    for row in table.rows:
        cells, reach = [], 0
        for box in row.cells:
            if box is None:
                if reach > 0:
                    reach -= 1
                    continue
                cells.append("")
                continue
            cells.append(cell_text(box))
            reach = sum(1 for x in starts if box[0] + 1 < x < box[2] - 1)
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
    if prev.columns or line.columns:
        return False
    if pitch and prev.top - line.top > 1.3 * max(pitch, 1.2 * (prev.top - prev.bottom)):
        return False  # paragraph spacing (a line of larger type has a larger pitch)
    word = (len(line.text.split(" ", 1)[0]) + 1.5) * prev.char_width
    middle = (left + right) / 2
    if all(abs((x.left + x.right) / 2 - middle) < 3 * prev.char_width for x in (prev, line)):
        return prev.right - prev.left + word > right - left  # a centred title wrapped
    return line.left - left <= 2 * prev.char_width and right - prev.right < word
