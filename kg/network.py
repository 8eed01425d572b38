"""The entity graph for Gephi: documents, projects, agencies, localities, indicators and the
documents they cite, joined by what the texts say (mentions, located_in, issued_by, cites,
responsible_for, sets_target), each with the years it was stated — so Gephi's timeline can play
the projects through the documents. Documents are labelled by their citation ("NQ HĐND Bến Tre
06/12/2024"), and every edge says where it was stated ("cited_at": document and provision)."""
from __future__ import annotations

from pathlib import Path

import networkx as nx

NODE_TYPES = ("document", "cited_document", "project", "agency", "locality", "indicator")


def build(rows: list[dict]) -> nx.MultiDiGraph | nx.DiGraph:
    """A directed graph from the rows of queries/entity-graph.rq; parallel statements add weight."""
    g = nx.DiGraph()
    for r in rows:
        year = int(r["year"]) if r["year"] is not None else None
        for node, kind, label in ((r["source"], r["sourceType"], r["sourceLabel"]),
                                  (r["target"], r["targetType"], r["targetLabel"])):
            if node not in g:
                g.add_node(node, label=label or node, type=kind, years=set())
            if year is not None:
                g.nodes[node]["years"].add(year)
        key = (r["source"], r["target"])
        if g.has_edge(*key):
            g.edges[key]["weight"] += 1
        else:
            g.add_edge(*key, relation=r["relation"], weight=1, years=set(), cited_at=set())
        if year is not None:
            g.edges[key]["years"].add(year)
        if r.get("citedAt"):
            g.edges[key]["cited_at"].add(r["citedAt"])
    return g


def _finish(g: nx.DiGraph, dynamic: bool) -> nx.DiGraph:
    """Attributes Gephi can read: no None, no sets; spells as float years for a dynamic graph."""
    out = nx.DiGraph()
    all_years = sorted({y for _, d in g.nodes(data=True) for y in d["years"]})
    first = all_years[0] if all_years else 0
    for n, d in g.nodes(data=True):
        years = sorted(d["years"]) or [first]
        attrs = {"label": d["label"], "type": d["type"], "years": ",".join(map(str, years)),
                 "first_year": years[0], "last_year": years[-1]}
        if dynamic:
            attrs["start"], attrs["end"] = float(years[0]), float(max(all_years[-1] if all_years else years[-1], years[-1]) + 1)
        out.add_node(n, **attrs)
    for a, b, d in g.edges(data=True):
        years = sorted(d["years"]) or [first]
        attrs = {"relation": d["relation"], "weight": d["weight"], "years": ",".join(map(str, years)),
                 "cited_at": "; ".join(sorted(d["cited_at"]))}
        if dynamic:
            attrs["start"], attrs["end"] = float(years[0]), float(years[-1] + 1)
        out.add_edge(a, b, **attrs)
    if dynamic:
        out.graph["mode"] = "dynamic"
        out.graph["timeformat"] = "double"
    return out


def write(g: nx.DiGraph, path: str | Path, fmt: str, dynamic: bool = False) -> None:
    graph = _finish(g, dynamic)
    if fmt == "gexf":
        nx.write_gexf(graph, path, version="1.2draft")
    elif fmt == "graphml":
        nx.write_graphml(graph, path)
    else:
        raise ValueError(fmt)
