"""DOCX → text: paragraphs and tables in document order (python-docx ``iter_inner_content``).

The letterhead ("HỘI ĐỒNG NHÂN DÂN ⇥ CỘNG HÒA ...", "Số: ... ⇥ ..., ngày ...") is usually a
borderless table and annexes are ruled ones: every table row becomes one tab-separated line, a
cell's paragraphs joined by spaces, a cell merged across columns or rows given once.
"""
from __future__ import annotations

import io
import zipfile

from ..text import InputError


def pages(data: bytes, name: str) -> list[str]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if "word/document.xml" not in z.namelist():
                raise InputError(f"{name}: a zip archive, not a Word document (no word/document.xml)")
        document = docx.Document(io.BytesIO(data))
    except InputError:
        raise
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise InputError(f"{name}: a damaged DOCX file ({type(exc).__name__}: {exc}); "
                         "open and re-save it in a word processor") from None
    except Exception as exc:  # lxml errors on broken XML parts
        raise InputError(f"{name}: a damaged DOCX file ({type(exc).__name__}); "
                         "open and re-save it in a word processor") from None
    return ["\n".join(lines(document)) + "\n"]


def lines(container) -> list[str]:
    """Lines of a document or cell body: one per paragraph, one per table row."""
    from docx.table import Table
    out = []
    for block in container.iter_inner_content():
        if isinstance(block, Table):
            out += [row for row in table_rows(block) if row.strip()]
        else:
            text = block.text.replace("\t", " ").strip()
            # Word's soft line breaks and vertical tabs inside one paragraph are spaces in the genre's text
            out.append(" ".join(text.replace("\x0b", " ").split("\n")) if text else "")
    while out and not out[-1]:
        out.pop()
    return out


def table_rows(table) -> list[str]:
    rows, above = [], {}
    for row in table.rows:
        cells, seen = [], set()
        for col, cell in enumerate(row.cells):
            if id(cell._tc) in seen:  # one cell spanning several grid columns
                continue
            seen.add(id(cell._tc))
            if above.get(col) is cell._tc:  # merged down from the row above: said once
                cells.append("")
                continue
            above[col] = cell._tc
            cells.append(" ".join(" ".join(lines(cell)).split()))
        rows.append("\t".join(cells))
    return rows
