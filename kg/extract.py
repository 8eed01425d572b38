"""The extraction pipeline: file → NFC text → structure → records (one :class:`Document`)."""
from __future__ import annotations

from pathlib import Path

from . import citations, metadata, projects, resolve, structure, targets
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
                    targets=targets.extract(text, root, meta, masked=[c.span for c in cited]), annex=table,
                    project_mentions=resolve.resolve_mentions(mentions(text, root, table), meta.province))


def mentions(text: str, root, table) -> list:
    """Project mentions of the body of a resolution, or of every cell of an annex (mapped back to
    source spans; a name continued across a page break gets a continuation span)."""
    if table is None:
        body = root.find("decision") or root
        return projects.find(text, body.span[0], body.span[1])
    found = []
    for role, label, view in table.views():
        for m in projects.find(view.text, role=role):
            spans = view.spans(*m.span)
            m.span, m.continuation_span = spans[0], (spans[1] if len(spans) > 1 else None)
            m.item = label
            found.append(m)
    return found


def extract_file(path: str | Path) -> Document:
    p = Path(path)
    return extract_text(load_text(p), p.name)
