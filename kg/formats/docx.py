"""DOCX → text: paragraphs and tables in document order (python-docx ``iter_inner_content``).

The letterhead ("HỘI ĐỒNG NHÂN DÂN ⇥ CỘNG HÒA ...", "Số: ... ⇥ ..., ngày ...") is usually a
borderless table and annexes are ruled ones: every table row becomes one tab-separated line, a
cell's paragraphs joined by spaces, a cell merged across columns or rows given once. Footnote
markers (Word's footnote references, or digits set in superscript) are written as superscript
digits ("trọng điểm¹¹") and the footnotes' texts follow the body as "¹¹ text" lines, as the
genre's text files have them.
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
    notes = Footnotes(document)
    body = lines(document, notes)
    return ["\n".join(body + notes.lines()) + "\n"]


_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class Footnotes:
    """The document's footnotes, numbered in the order the text refers to them (as Word shows them)."""

    def __init__(self, document):
        self.texts, self.cited = {}, []
        for rel in document.part.rels.values():
            if rel.reltype.endswith("/footnotes") and not rel.is_external:
                from lxml import etree
                root = etree.fromstring(rel.target_part.blob)
                for note in root.iter(_W + "footnote"):
                    if note.get(_W + "type") in (None, "normal"):
                        text = " ".join("".join(t.text or "" for t in p.iter(_W + "t")) for p in note.iter(_W + "p"))
                        self.texts[note.get(_W + "id")] = " ".join(text.split())

    def marker(self, note_id: str) -> str:
        self.cited.append(note_id)
        return str(len(self.cited)).translate(_SUPERSCRIPT)

    def lines(self) -> list[str]:
        return [f"{str(n).translate(_SUPERSCRIPT)} {self.texts[i]}" for n, i in enumerate(self.cited, 1)
                if self.texts.get(i)]


def paragraph_text(paragraph, notes: Footnotes) -> str:
    """The paragraph's text with footnote references and superscript digits as superscripts."""
    out = []
    for run in paragraph.iter_inner_content():
        if not hasattr(run, "font"):  # a hyperlink: its runs' text
            out.append(run.text)
            continue
        ref = run._r.find(_W + "footnoteReference")
        if ref is not None:
            out.append(notes.marker(ref.get(_W + "id")))
            continue
        text = run.text
        out.append(text.translate(_SUPERSCRIPT) if run.font.superscript and text.strip().isdigit() else text)
    return "".join(out)


def lines(container, notes: Footnotes) -> list[str]:
    """Lines of a document or cell body: one per paragraph, one per table row."""
    from docx.table import Table
    out = []
    for block in container.iter_inner_content():
        if isinstance(block, Table):
            out += [row for row in table_rows(block, notes) if row.strip()]
        else:
            text = paragraph_text(block, notes).replace("\t", " ").strip()
            # Word's soft line breaks and vertical tabs inside one paragraph are spaces in the genre's text
            out.append(" ".join(text.replace("\x0b", " ").split("\n")) if text else "")
    while out and not out[-1]:
        out.pop()
    return out


def table_rows(table, notes: Footnotes) -> list[str]:
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
            cells.append(" ".join(" ".join(lines(cell, notes)).split()))
        rows.append("\t".join(cells))
    return rows
