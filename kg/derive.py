"""What a writer needs from one document, and the derived graphs computed from those small records.

A document's own graph depends only on that document; the derived graphs (``graph/derived/links``:
cited stubs → the held documents they denote; ``graph/derived/places``: every administrative unit
linked to, described once; ``graph/derived/projects``: :func:`kg.corpus.derive`) depend on all of
them. They are computed here from per-document *records* kept beside the store, so a write costs
the documents written plus the records, never a join over the union of all graphs (a stub stated in
k graphs used to give ~k⁵ solutions); the store changes them by difference, and re-derives only the
projects whose signature (:func:`fingerprint` of their documents' records, :func:`derive_version`)
changed.

:func:`document` runs in a worker process (``kg build --jobs N``): it returns the document's graph
serialized as N-Quads and its records, both small and picklable.
"""
from __future__ import annotations

import hashlib
import json
import sys

import orjson
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from rdflib import Graph

from . import corpus, labels, localities, process, rdf
from .extract import extract_file
from .text import InputError
from .namespaces import DCTERMS, KG, RDF, SKOS


@dataclass
class Prepared:
    """One document, ready for the writer."""
    source: str  # file name
    sha256: str  # of the file's bytes
    nquads: bytes  # the document's named graph
    record: dict  # what the derived graphs and the lookup index need (JSON-able)
    fingerprint: str  # of the record (computed in the worker, see :func:`fingerprint`)
    summary: dict = field(default_factory=dict)  # doc_type, province, date, citations, triples


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _province_name(name: str | None) -> str | None:
    unit = localities.province(name) if name else None
    return unit.name if unit else None


def document(path: Path) -> Prepared:
    """Extract one file and prepare everything the store keeps of it."""
    path = Path(path)
    return prepare(extract_file(path), sha256(path))


def _has_body(doc) -> bool:
    s = doc.structure
    return bool(doc.meta.title or doc.citations or doc.targets or doc.project_mentions or doc.annex is not None
                or s.find("article") or s.find("section") or s.find("clause"))


def prepare(doc, sha: str) -> Prepared:
    """An extracted document, ready for the writer (one with a heading and nothing else is refused,
    by kg build as by kg ingest: it would replace a store with nothing)."""
    if not _has_body(doc):
        raise InputError(f"{doc.source}: a heading and nothing else (no title, article, table or text to "
                         "extract); not a document to store")
    graph, g = rdf.document_graph(doc)
    record = records(doc, g)
    return Prepared(doc.source, sha, rdf.nquads(g, graph), record, fingerprint(record),
                    {"doc_type": doc.meta.doc_type, "province": doc.meta.province or "",
                     "date": doc.meta.adopted or doc.meta.report_date or "", "citations": len(doc.citations),
                     "triples": len(g)})


def records(doc, g) -> dict:
    """The per-document facts the derived graphs and the index are computed from."""
    m = doc.meta
    province = _province_name(m.province)
    held = {"iri": str(rdf.document_iri(doc)), "kind": rdf.kind_name(m.heading), "number": m.number,
            "date": m.adopted or m.report_date, "province": province}
    stubs = sorted({(str(rdf.cited_iri(c.kind, c.number, c.date, m.province)), c.kind, c.number or "", c.date or "")
                    for c in doc.citations})
    unit_of = (str(KG.locality), str(KG.province))  # (compared as plain strings: rdflib's == is slow Python)
    units = sorted({str(o) for _, p, o in g if str.__eq__(p, unit_of[0]) or str.__eq__(p, unit_of[1])}
                   | rdf.shared_units(g.shared))
    return {"corpus": {**corpus.records(doc), "stamp": derive_version()}, "held": held, "units": units,
            "stubs": [{"iri": i, "kind": k, "number": n or None, "date": d or None} for i, k, n, d in stubs],
            "shared": [list(e) for e in g.shared]}


def citations(held: dict, stubs: list[dict]) -> list[dict]:
    """A document's cited-document stubs as :func:`links` compares them: each with the document's
    province and its IRI as the citing document."""
    return [{**s, "province": held["province"], "citing": held["iri"]} for s in stubs]


def links(stubs: list[dict], held: list[dict]) -> Graph:
    """graph/derived/links: stubs owl:sameAs the held documents they denote (``stubs``: rows of
    :func:`citations`; ``held``: the documents' held rows, in file-name order). Any part of the
    corpus's rows gives the same links for its stubs if it holds, for each of them, every held
    document of its kind and number and every one of its kind, date and province (kg.store asks
    its project database for those)."""
    return rdf.citation_links(stubs, held)


def shared(entries: Iterable[str], cache) -> tuple[list[str], set[str]]:
    """graph/derived/shared: the agencies, cited documents and periods the documents name, each
    described once (:func:`kg.rdf.shared_graph`), as a change to a graph that holds the lines of
    ``cache``'s entries: (the N-Triples lines to add, entry by entry; the lines to remove).
    ``entries``: the keys (each entry's JSON) the documents name. ``cache`` keeps each entry's lines
    from one write to the next (describing every stub of a thousand documents again, and comparing
    the whole graph's lines, was a fifth of an ingest); it is left holding the entries in use."""
    entries = dict.fromkeys(entries)
    gone = [key for key in cache if key not in entries]
    new = [key for key in entries if key not in cache]
    added = [rdf.nquads(rdf.shared_graph([orjson.loads(key)]), None).decode() for key in new]
    for key, lines in zip(new, added):
        cache[key] = lines
    removed = {line for key in gone for line in cache.pop(key).splitlines(True)}
    if removed:  # (an entry's lines may be another's too: a parent body, a year)
        removed -= {line for text in cache.values() for line in text.splitlines(True)}
    return added, removed


def places(units: Iterable[str], cache: dict[str, dict] | None = None) -> tuple[bytes, list[dict]]:
    """graph/derived/places (N-Triples) and its lookup rows: every unit the documents link to
    (``units``), described once. ``cache`` keeps each unit's description from one write to the
    next: describing a unit asks vietnamadminunits for its 2025 successor, which is slow, and a
    write adds few new units."""
    cache = {} if cache is None else cache
    units = sorted(set(units))
    new = [u for u in units if not isinstance(cache.get(u), dict)]  # not described yet (or by an older kg)
    if new:  # apart: vietnamadminunits' tables and parsers (90 MiB) were the largest part of a writer's memory
        cache.update(_described_units(new) if "vietnamadminunits" in sys.modules else
                     process.apart(_described_units, new))
    rows = {r["locality"]: r for u in units for r in cache[u]["rows"]}
    index = sorted(rows.values(), key=lambda r: (r["level"] or "", r["code"] or "", r["locality"]))
    return "".join(cache[u]["nt"] for u in units).encode(), index


def _described_units(units: list[str]) -> dict[str, dict]:
    out = {}
    for u in units:
        g = rdf.places_graph([u])
        out[u] = {"nt": g.serialize(format="nt", encoding="utf-8").decode(), "rows": locality_index(g)}
    return out


def held_projects(out: corpus.DerivedProjects, nodes: dict, mentions_of, fingerprints: dict[str, str],
                  known: dict[str, str], typos: dict, batch: int):
    """graph/derived/projects, project by project (the corpus stage of kg.corpus), of a corpus
    whose mentions are held in the store's project database (kg.corpus.described)."""
    return corpus.described(out, nodes, mentions_of, fingerprints, known, derive_version(), typos, batch)


def changed_projects(state, removed: set[str], written: list[dict], held_mentions, fingerprints: dict[str, str],
                     known: dict[str, str], typos: dict, indexed=None) -> corpus.DerivedProjects | None:
    """:func:`held_projects` after the documents ``removed`` were taken out and the records ``written``
    put in, re-clustering only what those reach (kg.corpus.rederive; ``indexed``: see there)."""
    return corpus.rederive(state, removed, [r["corpus"] for r in written], held_mentions, fingerprints, known,
                           derive_version(), typos, indexed)


def project_index(summaries, unit_names: dict[str, str]) -> list[dict]:
    """One row per project, as the `projects` query gives them: the lookup index."""
    rows = []
    for p in sorted(summaries, key=lambda p: p.iri):
        aliases = sorted(p.aliases)
        rows.append({"project": p.iri, "name": p.name, "type": p.type,
                     "provinceName": province_names(p.provinces, unit_names), "mentions": p.mentions,
                     "aliases": " | ".join(aliases), "keys": "|".join(sorted(p.keys | p.lookup))})
    return rows


def province_names(provinces, unit_names: dict[str, str]) -> str | None:
    """"Bến Tre, Trà Vinh": the names of a project's provinces, each once (a legacy province and
    the new one of the same name are one name)."""
    return ", ".join(sorted({unit_names[u] for u in provinces if unit_names.get(u)})) or None


@lru_cache(maxsize=1)
def derive_version() -> str:
    """A digest of what derived projects depend on besides the records: the corpus-stage code, the
    vocabularies and vietnamadminunits. A store written by another version is derived anew."""
    from importlib.metadata import version
    here = Path(__file__).parent
    h = hashlib.sha1(version("vietnamadminunits").encode())
    for f in [here / f"{m}.py" for m in ("corpus", "derive", "labels", "localities", "rdf", "resolve")] + \
            sorted((here / "vocab").glob("*.json")) + [labels.ONTOLOGY_DIR / "schemes.ttl"]:
        h.update(f.read_bytes())
    return h.hexdigest()


def fingerprint(record: dict) -> str:
    """A digest of a document's record: a derived project whose documents' fingerprints did not
    change is not derived again."""
    return hashlib.sha1(json.dumps(record, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def locality_index(places_graph: Graph) -> list[dict]:
    """One row per unit, as the `localities` query gives them."""
    g = places_graph

    def one(s, p):
        v = g.value(s, p)
        return str(v) if v is not None else None

    def label(s, p):
        o = g.value(s, p)
        return one(o, SKOS.prefLabel) if o is not None else None

    rows = [{"locality": str(u), "name": one(u, SKOS.prefLabel), "fullName": one(u, KG.fullName),
             "level": one(u, KG.level), "code": one(u, KG.code), "validFrom": one(u, KG.validFrom),
             "validUntil": one(u, KG.validUntil), "within": label(u, KG.within),
             "replacedBy": label(u, DCTERMS.isReplacedBy), "key": one(u, KG.key)}
            for u in g.subjects(RDF.type, KG.Locality)]
    return sorted(rows, key=lambda r: (r["level"] or "", r["code"] or "", r["locality"]))
