"""The extraction pipeline: file → NFC text → structure → records (one :class:`Document`)."""
from __future__ import annotations

from pathlib import Path

from . import citations, metadata, structure, targets
from .model import Document
from .text import InputError, load_text


def extract_text(text: str, source: str) -> Document:
    """Run every extraction stage over a document's NFC text."""
    root = structure.parse(text)
    if root.find("heading") is None:
        raise InputError(f"{source}: no document heading (NGHỊ QUYẾT, PHỤ LỤC, BÁO CÁO ...) found; "
                         "not a document of this genre")
    meta = metadata.extract(text, root)
    own = {n for n in (meta.number, meta.report_number) if n}
    cited = citations.extract(text, exclude_numbers=own)
    table = root.find("table").payload if root.find("table") else None
    return Document(source=source, text=text, structure=root, meta=meta, citations=cited,
                    targets=targets.extract(text, root, meta, masked=[c.span for c in cited]), annex=table)


def extract_file(path: str | Path) -> Document:
    p = Path(path)
    return extract_text(load_text(p), p.name)
