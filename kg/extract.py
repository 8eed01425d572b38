"""The extraction pipeline: file → NFC text → structure → records (one :class:`Document`)."""
from __future__ import annotations

from pathlib import Path

from . import agencies, citations, corpus, localities, metadata, projects, resolve, structure, targets
from .model import Document
from .formats import read
from .text import InputError


def check(text: str, source: str):
    """Refuse a text that is not a document of the genre (cheap: before any real work)."""
    if structure.parse_heading(text) is None:
        raise InputError(f"{source}: no document heading (NGHỊ QUYẾT, PHỤ LỤC, BÁO CÁO ...) found; "
                         "not a document of this genre")


def extract_text(text: str, source: str) -> Document:
    """Run every extraction stage over a document's NFC text."""
    check(text, source)
    view = structure.unwrap(text)  # a hard-wrapped copy read as joined lines (same offsets)
    root = structure.parse(view)
    meta = metadata.extract(view, root)
    own = {n for n in (meta.number, meta.report_number) if n}
    cited = citations.extract(view, exclude_numbers=own)
    table = root.find("table").payload if root.find("table") else None
    doc = Document(source=source, text=text, structure=root, meta=meta, citations=cited,
                    targets=targets.extract(view, root, meta, masked=[c.span for c in cited]), annex=table,
                    project_mentions=resolve.resolve_mentions(mentions(view, root, table, meta.province, meta.doc_type),
                                                              meta.province),
                    places=localities.find(text, meta.province))
    doc.agencies = agencies.find(text, meta.province)
    doc.issuer = agencies.issuer(meta.issuer, meta.province)
    doc.roles = document_roles(doc)
    project_agencies(doc)
    resolve_corpus([doc])  # on its own, a document is a corpus of one
    return doc


def resolve_corpus(docs: list[Document]) -> list[Document]:
    """Resolve the projects of several documents together (kg.corpus): each mention's project_id
    becomes the id of the project the whole set of documents shows it to be."""
    corpus.resolve_corpus(docs)
    return docs


def document_roles(doc: Document) -> list:
    """Who submitted the document (its Tờ trình), who implements and who supervises it (the
    article on organising implementation: "Ủy ban nhân dân tỉnh tổ chức triển khai ...",
    "Thường trực Hội đồng nhân dân tỉnh ... giám sát việc thực hiện")."""
    out = []
    for c in doc.citations:
        if c.kind == "Tờ trình" and c.issuer:
            out += [("submitter", a) for a in agencies.find(c.issuer, doc.meta.province)]
    articles = doc.structure.find_all("article")
    final = [a for a in articles if a.text.lower().startswith("tổ chức thực hiện")] or articles[-1:]
    for article in final:
        parts = [n for n in article.children if n.kind in ("section", "clause")] or [article]
        for part in parts:
            found = agencies.roles(doc.text, part.span[0], part.span[1], doc.agencies)
            subject = min((a.span[0] for _, a in found), default=None)
            out += [(role, a) for role, a in found
                    if role == "supervisor" or role == "implementer" and a.span[0] == subject]
    seen, unique = set(), []
    for role, a in out:
        if (role, a.agency.name) not in seen:
            seen.add((role, a.agency.name))
            unique.append((role, a))
    return unique


def project_agencies(doc: Document):
    """'Bộ GTVT chủ trì', 'phối hợp với tỉnh Vĩnh Long': who leads or partners a project, in its clause."""
    for m in doc.project_mentions:
        if m.role != "text":  # annex cells were done cell by cell (their clauses are the cell's)
            continue
        m.agencies += _leads_and_partners(doc.text, m.clause, doc.agencies)


def _leads_and_partners(text: str, clause: tuple[int, int], bodies) -> list:
    return [(role, a.agency) for role, a in agencies.roles(text, *clause, bodies) if role in ("lead", "partner")]


def mentions(text: str, root, table, province: str | None, doc_type: str = "resolution") -> list:
    """Project mentions of the body of a resolution, or of every cell of an annex (mapped back to
    source spans; a name continued across a page break gets a continuation span)."""
    body = root.find("decision") or root
    if table is None:
        return projects.find(text, body.span[0], body.span[1])
    found = []
    if doc_type == "resolution":  # a resolution with a table of targets: its own text too
        tables = [n.span for n in root.find_all("table")]
        found += [m for m in projects.find(text, body.span[0], body.span[1])
                  if not any(a <= m.span[0] < b for a, b in tables)]
    anchors = table.anchors()
    row: dict[str, list] = {}  # item label → the mentions of its cells so far
    for role, label, view in table.views():
        bodies = agencies.find(view.text, province)
        anchor = anchors.get(label) if role == "footnote" else None
        inherited = projects.action_before(anchor[0].text, anchor[1]) if anchor else None
        cell = projects.find(view.text, role=role, inherited=inherited)
        named = [m for m in row.get(label, []) if m.type != "programme" and m.surface is not None]
        if not cell and role == "note" and named:  # "Phấn đấu hoàn thành trong năm 2025": the row's project
            cell = [a for a in [projects.anaphor(view.text, named[0])] if a]
        for m in cell:
            m.agencies = _leads_and_partners(view.text, m.clause, bodies)
            spans = view.spans(*m.span)
            m.span, m.continuation_span = spans[0], (spans[1] if len(spans) > 1 else None)
            m.item = label
            found.append(m)
            row.setdefault(label, []).append(m)
    return found


def extract_file(path: str | Path) -> Document:
    """A file of any supported format (kg.formats) → its Document, the reading kept as its origin."""
    reading = read(path)
    doc = extract_text(reading.text, reading.name)
    doc.origin = reading
    return doc


def check_file(path: str | Path) -> None:
    reading = read(path)
    check(reading.text, reading.name)
