"""The on-disk Oxigraph store — the only module that touches pyoxigraph.

One named graph per source file (``graph/<file>``) plus the derived graph ``graph/links``
(cited-document stubs ``owl:sameAs`` the held documents they denote), recomputed on every write.

Writes never touch the live store in place: :func:`build` fills a new directory and
:func:`ingest` works on a backup copy (hard links, cheap); either is swapped in by renaming only
when complete, so a crash or a bad document leaves the live store exactly as it was.
"""
from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterable

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from . import rdf
from .errors import KgError
from .namespaces import GRAPH, PREFIXES

LINKS = GRAPH["links"]  # derived from all documents: recomputed after every write
PLACES = GRAPH["places"]
PROJECTS = GRAPH["derived/projects"]  # kg.corpus.derive over the documents' corpus records
FORMATS = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG, "turtle": ox.RdfFormat.TURTLE,
           "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}
QUAD_FORMATS = {"nquads", "trig", "jsonld"}


class StoreError(KgError):
    """A store problem worth one clear line to the user."""


def _open(path: Path, read_only: bool = False) -> ox.Store:
    try:
        return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
    except OSError as exc:
        if "lock" in str(exc).lower():
            raise StoreError(f"{path}: the store is locked by another process (a running `kg serve`, "
                             "build or ingest?); stop it and try again") from None
        raise StoreError(f"{path}: cannot open the store ({exc})") from None


@contextmanager
def opened(path: str | Path, read_only: bool = True):
    """An existing store, opened read-only by default."""
    path = Path(path)
    if not (path / "CURRENT").exists():
        raise StoreError(f"{path}: no store here; run `kg build` first")
    store = _open(path, read_only)
    try:
        yield store
    finally:
        del store


def _ox_term(t, cache: dict):
    """An rdflib term as a pyoxigraph one (term by term: much faster than an N-Triples round trip)."""
    o = cache.get(t)
    if o is None:
        if isinstance(t, URIRef):
            o = ox.NamedNode(str(t))
        elif isinstance(t, Literal):
            if t.language:
                o = ox.Literal(str(t), language=t.language)
            else:
                o = ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype)) if t.datatype else None)
        else:
            o = ox.BlankNode(str(t))
        cache[t] = o
    return o


def _load_graph(store: ox.Store, graph: URIRef, g: Graph | Path):
    """Put a graph (rdflib, or a Turtle file) into a named graph of the store."""
    cache: dict = {}
    node = ox.NamedNode(str(graph))
    if isinstance(g, Path):
        store.load(path=str(g), format=ox.RdfFormat.TURTLE, to_graph=node)
        return
    store.bulk_extend([ox.Quad(_ox_term(s, cache), _ox_term(p, cache), _ox_term(o, cache), node) for s, p, o in g])


_STUBS = """SELECT DISTINCT ?iri ?kind ?number ?date ?province ?citing WHERE {
  ?iri a kg:CitedDocument ; kg:kind ?kind . ?citing eli:cites ?iri .
  OPTIONAL { ?iri eli:id_local ?number } OPTIONAL { ?iri eli:date_document ?date }
  OPTIONAL { ?citing kg:province/skos:prefLabel ?province } }"""
_HELD = """SELECT DISTINCT ?iri ?kind ?number ?date ?province WHERE {
  ?iri kg:sourceFile ?file ; kg:kind ?kind .
  OPTIONAL { ?iri eli:id_local ?number } OPTIONAL { ?iri eli:date_document ?date }
  OPTIONAL { ?iri kg:province/skos:prefLabel ?province } }"""


def _rows(store: ox.Store, sparql: str) -> list[dict]:
    result = store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True)
    names = [v.value for v in result.variables]
    return [{n: _py(sol[n]) for n in names} for sol in result]


_RECORDS = """SELECT ?rec WHERE { ?d kg:corpusRecord ?rec }"""


_UNITS = """SELECT DISTINCT ?u WHERE { { ?x kg:locality ?u } UNION { ?x kg:province ?u } }"""


def _derive(store: ox.Store):
    """Recompute the derived graphs from the documents now in the store: graph/links (cited stubs →
    held documents, each project's name across documents) and graph/places (every administrative
    unit linked to, described once with its parents and 2025 successors)."""
    for graph in (LINKS, PLACES, PROJECTS):
        node = ox.NamedNode(str(graph))
        if store.contains_named_graph(node):
            store.remove_graph(node)
    import json
    from . import corpus
    _load_graph(store, PROJECTS, corpus.derive([json.loads(r["rec"]) for r in _rows(store, _RECORDS)]))
    links = rdf.citation_links(_rows(store, _STUBS), _rows(store, _HELD))
    places = rdf.places_graph([r["u"] for r in _rows(store, _UNITS)])
    for graph, g in ((LINKS, links), (PLACES, places)):
        if len(g):
            _load_graph(store, graph, g)


def _swap(new: Path, live: Path):
    old = live.with_name(f".{live.name}.old-{os.getpid()}")
    if live.exists():
        live.rename(old)
    new.rename(live)
    shutil.rmtree(old, ignore_errors=True)


def _check_free(path: Path):
    """Fail early, before any work, when another process holds the live store."""
    if (path / "CURRENT").exists():
        store = _open(path)
        del store


def _replace(path: Path, from_live: bool, fill: Callable[[ox.Store], None]) -> None:
    """Fill a private new store (empty, or a copy of the live one) and swap it in for the live store
    only when all went well, so the live store is never half-written. The new store is closed before
    the swap: nothing else may hold it, hence a callback rather than a context manager."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _check_free(path)
    new = path.with_name(f".{path.name}.new-{os.getpid()}")
    shutil.rmtree(new, ignore_errors=True)
    try:
        if from_live:
            live = _open(path, read_only=True)
            live.backup(str(new))
            del live
        store = _open(new)
        fill(store)
        _derive(store)
        store.flush()
        del store
        _swap(new, path)
    finally:
        shutil.rmtree(new, ignore_errors=True)


def build(path: str | Path, graphs: Iterable[tuple[URIRef, Graph | Path]]) -> None:
    """Write a complete new store from the graphs and swap it in for the store at ``path``."""
    def fill(store):
        for graph, g in graphs:
            _load_graph(store, graph, g)
    _replace(Path(path), False, fill)


def ingest(path: str | Path, graphs: Iterable[tuple[URIRef, Graph | Path]]) -> None:
    """Add or replace documents (by named graph) in the store at ``path``, atomically."""
    def fill(store):
        for graph, g in graphs:
            node = ox.NamedNode(str(graph))
            if store.contains_named_graph(node):
                store.remove_graph(node)
            _load_graph(store, graph, g)
    path = Path(path)
    _replace(path, (path / "CURRENT").exists(), fill)


_XSD = "http://www.w3.org/2001/XMLSchema#"


def _term(kind: str, value: str) -> ox.NamedNode | ox.Literal:
    """A typed parameter value (see kg.queries) as an RDF term."""
    if kind == "iri":
        try:
            return ox.NamedNode(value)
        except ValueError:
            raise StoreError(f"not an IRI: {value!r}") from None
    if kind in ("integer", "date"):
        return ox.Literal(value, datatype=ox.NamedNode(_XSD + kind))
    return ox.Literal(value)


def _py(term):
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value if term.datatype else ""
        if dt.endswith(("#integer", "#nonNegativeInteger", "#int", "#long")):
            return int(term.value)
        if dt.endswith(("#decimal", "#double", "#float")):
            return float(term.value)
        if dt.endswith("#boolean"):
            return term.value == "true"
    return term.value


def select(path: str | Path, sparql: str, params: dict[str, tuple[str, str]] | None = None
           ) -> tuple[list[str], list[dict]]:
    """Run a SELECT (or ASK) over the union of all graphs; params are bound as values
    (SEP-0007 substitutions), never pasted into the query text."""
    subs = {ox.Variable(k): _term(*v) for k, v in (params or {}).items()}
    with opened(path) as store:
        try:
            result = store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True,
                                 substitutions=subs or None)
        except SyntaxError as exc:
            raise StoreError(f"SPARQL syntax error: {str(exc).splitlines()[0]}") from None
        except RuntimeError as exc:  # e.g. a substituted variable the query does not project
            raise StoreError(f"query failed: {str(exc).splitlines()[0]}") from None
        if isinstance(result, ox.QueryBoolean):
            return ["result"], [{"result": bool(result)}]
        if not isinstance(result, ox.QuerySolutions):
            raise StoreError("only SELECT and ASK queries are supported here; use `kg export` for graphs")
        names = [v.value for v in result.variables]
        rows = [{n: _py(sol[n]) for n in names} for sol in result]
    return names, rows


def stats(path: str | Path) -> dict:
    """Counts of quads, graphs, documents and instances per class."""
    with opened(path) as store:
        graphs = sorted(g.value for g in store.named_graphs())
        quads = sum(1 for _ in store.quads_for_pattern(None, None, None, None))
        per_graph = {}
        for g in graphs:
            per_graph[g] = sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(g)))
        classes = {r["c"].value: int(r["n"].value) for r in store.query(
            "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c",
            use_default_graph_as_union=True)}
    return {"quads": quads, "graphs": per_graph, "classes": classes}


def dump(path: str | Path, fmt: str, out: str | Path) -> None:
    """Write the whole store (quad formats) or its union graph (triple formats) to a file."""
    with opened(path) as store:
        if fmt in QUAD_FORMATS:
            store.dump(str(out), FORMATS[fmt], prefixes=PREFIXES)
        else:
            triples = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
            mem = ox.Store()
            mem.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
            mem.dump(str(out), FORMATS[fmt], from_graph=ox.DefaultGraph(), prefixes=PREFIXES)


def to_rdflib(path: str | Path) -> Graph:
    """The union graph as an rdflib Graph (for SHACL validation and exports)."""
    with opened(path) as store:
        data = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
        nt = ox.serialize(data, format=ox.RdfFormat.N_TRIPLES)
    g = Graph()
    g.parse(data=nt, format="nt")
    return g
