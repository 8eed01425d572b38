"""The reader stage: a file as published (PDF, DOCX, .doc, an HTML page, plain text) → the NFC text
every later stage reads, and the :class:`Reading` that says where that text came from.

The format is told by the file's content (its first bytes), not its name. Each format has a
module with ``pages(data, name) -> list[str]``: the text of every page (one "page" for formats
without pages). Here the pages are cleaned the same way for all formats — line ends, old font
encodings (:mod:`kg.formats.legacy`), NFC — and joined; ``page_offsets`` records where each page
starts in the joined text, so a span's page is known.
"""
from __future__ import annotations

import hashlib
import os
import re
import stat
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

from ..text import CONTROL, InputError, decode_with_encoding, normalise_lines
from . import legacy

# Inputs beyond this are refused before they are read (KG_MAX_INPUT_MB overrides): the genre's
# longest documents are a few MB of text, and a 50 MB file is a mistake, not a resolution.
DEFAULT_MAX_MB = 20
_HTML_PAGE = re.compile(rb"^\s*(<!doctype\s+html|<html[\s>]|<head[\s>]|<meta[\s>])", re.IGNORECASE)


@dataclass
class Reading:
    """A document's text and its origin: the original file's name, format, sha256, the legacy
    encoding repaired (if any) and where each page starts in ``text``."""
    text: str
    name: str
    format: str  # txt | pdf | docx | doc | html
    sha256: str
    encoding: str | None = None  # TCVN3 | VNI | VISCII when the text was repaired from one
    page_offsets: list[int] = field(default_factory=list)  # PDF: offset of each page's first character

    def page_at(self, offset: int) -> int | None:
        """1-based page on which the character at ``offset`` stands (PDF), else None."""
        return bisect_right(self.page_offsets, offset) if self.page_offsets else None


def max_bytes() -> int:
    try:
        return int(float(os.environ.get("KG_MAX_INPUT_MB", DEFAULT_MAX_MB)) * 1024 * 1024)
    except ValueError:
        raise InputError(f"KG_MAX_INPUT_MB={os.environ['KG_MAX_INPUT_MB']!r} is not a number of megabytes") from None


def read_bytes(path: Path) -> bytes:
    """The file's bytes, after refusing what is not a regular file or is too large (before reading)."""
    try:
        st = path.stat()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{path}: is a directory, not a document")
    if not stat.S_ISREG(st.st_mode):
        kind = "a FIFO" if stat.S_ISFIFO(st.st_mode) else "a socket" if stat.S_ISSOCK(st.st_mode) else "a device"
        raise InputError(f"{path}: {kind}, not a regular file; save the document to a file first")
    limit = max_bytes()
    if st.st_size > limit:
        raise InputError(f"{path}: {st.st_size / 1048576:.1f} MB is over the input limit of "
                         f"{limit / 1048576:g} MB (set KG_MAX_INPUT_MB to raise it)")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None


def sniff(data: bytes) -> str:
    """The format by content: pdf, docx, doc, html or txt."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"  # a zip: docx.pages refuses one that is not a Word document
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if data.startswith(b"{\\rtf"):
        return "rtf"
    probe = head.decode("utf-16") if head.startswith((b"\xff\xfe", b"\xfe\xff")) else head.decode("latin-1")
    if _HTML_PAGE.match(probe.encode("utf-8", "replace").lstrip(b"\xef\xbb\xbf")):
        return "html"
    return "txt"


def pages_of(fmt: str, data: bytes, name: str) -> tuple[list[str], str | None]:
    """The pages of the file, and the old code a raw 8-bit text file was read through (else None)."""
    if fmt == "pdf":
        from . import pdf
        return pdf.pages(data, name), None
    if fmt == "docx":
        from . import docx
        return docx.pages(data, name), None
    if fmt == "doc":
        from . import doc
        return doc.pages(data, name), None
    if fmt == "html":
        from . import html
        return html.pages(data, name), None
    if fmt == "rtf":
        raise InputError(f"{name}: an RTF file; open it in a word processor and save it as DOCX or PDF")
    text, encoding = decode_with_encoding(data, name)
    return [text], encoding


def clean(pages: list[str], name: str, fmt: str = "txt") -> tuple[list[str], str | None]:
    """Line ends, a legacy font encoding (judged on the whole text) and NFC, page by page.
    (A text file with NUL or control bytes was refused by :func:`kg.text.decode`; text taken out
    of a PDF, DOCX or web page is only cleaned of them.)"""
    pages = [normalise_lines(p) for p in pages]
    if fmt != "txt":
        pages = [CONTROL.sub(" ", p) for p in pages]
    encoding = legacy.detect("\n".join(pages))  # each page is converted below, not the whole text
    if encoding:
        pages = [legacy.CONVERTERS[encoding](p) for p in pages]
    return [unicodedata.normalize("NFC", p) for p in pages], encoding


_READ: dict[tuple, Reading] = {}  # `kg build` checks every file, then extracts it: read once
_READ_MAX = 256


def read(path: str | Path) -> Reading:
    """Read any supported file into a :class:`Reading`; :class:`InputError` (one line) otherwise."""
    p = Path(path)
    try:
        st = p.stat()
        key = (str(p.resolve()), st.st_mtime_ns, st.st_size, st.st_ino) if stat.S_ISREG(st.st_mode) else None
    except OSError:
        key = None
    if key in _READ:
        return _READ[key]
    reading = _read(p)
    if key is not None:
        if len(_READ) >= _READ_MAX:
            _READ.pop(next(iter(_READ)))
        _READ[key] = reading
    return reading


def _read(p: Path) -> Reading:
    data = read_bytes(p)
    if not data.strip():
        raise InputError(f"{p}: empty file")
    fmt = sniff(data)
    raw, found = pages_of(fmt, data, str(p))
    pages, encoding = clean(raw, str(p), fmt)
    encoding = encoding or found
    offsets, pos = [], 0
    for text in pages:
        offsets.append(pos)
        pos += len(text)
    text = "".join(pages)
    if not text.strip():
        raise InputError(f"{p}: no text in the file")
    return Reading(text=text, name=p.name, format=fmt, sha256=hashlib.sha256(data).hexdigest(),
                   encoding=encoding, page_offsets=offsets if fmt == "pdf" else [])
