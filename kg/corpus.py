"""Corpus stages: what needs every document at once (project resolution, project labels).

A document's own graph depends only on that document. What depends on the whole corpus is
computed here from small per-document *records* (plain JSON-able dicts, kept beside the store so
`kg ingest` can recompute without re-reading the documents):

    records(doc)            -> dict      one document's facts the corpus stages need
    derive(records_list)    -> Graph     the corpus-level graph (written to the derived graph
                                          graph/derived/projects), deterministic and independent
                                          of the order of the records
"""
from __future__ import annotations

from collections import Counter

from rdflib import Graph

from . import rdf
from .model import Document


def records(doc: Document) -> dict:
    """The facts of one document that corpus-level stages need."""
    return {"source": doc.source,
            "province": doc.meta.province,
            "date": doc.meta.adopted or doc.meta.report_date,
            "mentions": [{"project": str(rdf.project_iri(m.project_id)), "name": m.name, "type": m.type}
                         for m in doc.project_mentions]}


def derive(all_records: list[dict]) -> Graph:
    """The corpus-level graph: each project's preferred label and mention count."""
    names = Counter((m["project"], m["name"]) for r in all_records for m in r["mentions"])
    return rdf.project_labels([{"project": p, "name": n, "n": c} for (p, n), c in sorted(names.items())])
