"""Corpus stages: what needs every document at once (project resolution, project descriptions).

A document's own graph depends only on that document. What depends on the whole corpus is
computed here from small per-document *records* (plain JSON-able dicts, kept beside the store so
`kg ingest` can recompute without re-reading the documents):

    records(doc)            -> dict      one document's facts the corpus stages need
    derive(records_list)    -> DerivedProjects   each project's signature, and for the projects
                                          whose signature is not already known their N-Triples
                                          (graph/derived/projects) and lookup summary;
                                          deterministic and independent of the order of the records
    described(...)          -> the same, from every node of the corpus and its mentions read a
                                          batch of projects at a time (a build: kg/store.py)

The derived graph holds every ``?mention kg:project ?project`` link and each project's
description: type, labels, keys, province(s), localities, attributes, the projects named inside
its name (``kg:contains``), its mention count, on every mention the reason it joined
(``skos:editorialNote``, shown by ``kg project --explain``), and the deadlines that slipped
(``kg:deadlineSlippedIn``: a per-project comparison of dates, so that the query that lists them
costs its answer, not the square of a national project's thousand mentions).
"""
from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field

from rdflib import URIRef

from . import labels, localities, rdf, resolve
from . import ntriples as nt
from .model import Document
from .projects import VOCAB
from .namespaces import KG, RDF, SKOS
from .text import fold_key

RECORDS_VERSION = 4  # 4: the shared descriptions (kg.rdf.Triples.share) left the documents' graphs
# "(tỉnh Bến Tre cũ)", "trước đây thuộc huyện Bình Đại, tỉnh Bến Tre": the province a project was in
_FORMER = re.compile(VOCAB["former_province"]["pattern"])


def stated_province(text: str, m) -> tuple[str | None, bool]:
    """(the province a mention's name or the words right after it state, whether it is a former one:
    "(tỉnh Bến Tre cũ)", "trước đây thuộc ... tỉnh Bến Tre")."""
    found = _FORMER.match(text, m.span[1], min(len(text), m.span[1] + 160))
    unit = localities.province(found["a"] or found["b"] or found["c"]) if found else None
    if unit is not None:
        return unit.name, True
    provinces = resolve.analyse(m.surface or m.name)[1] or resolve.analyse(m.name)[1]
    return (provinces[0] if provinces else None), bool(re.search(r"\bcũ\b", m.surface or ""))


def records(doc: Document) -> dict:
    """The facts of one document that corpus-level stages need."""
    d = rdf.document_iri(doc)
    mentions = []
    for i, m in enumerate(doc.project_mentions, 1):
        stated = stated_province(doc.text, m)
        units = [p.unit for loc in m.localities + [m.surface or ""]
                 for p in localities.find(loc, doc.meta.province) if p.unit is not None]
        places = sorted({rdf.locality_iri(u) for u in units})
        mentions.append({
            "iri": f"{d}/mention/{i}", "name": m.name, "surface": m.surface, "type": m.type,
            "key": resolve.key(m.name), "surface_key": resolve.key(m.surface) if m.surface else None, "stated": stated[0], "former": stated[1], "named": resolve.named(m.surface),
            "alias_of": m.attributes.get("alias_of"), "places": [str(p) for p in places],
            # the legacy provinces of the places named with it ("huyện Bình Đại" lies in Bến Tre)
            "place_provinces": sorted({u.province for u in units if not u.new}),
            "attributes": {k: v for k, v in m.attributes.items() if k in rdf.ATTRIBUTE_PROPERTIES},
            "contains": [resolve.key(c) for c in m.contains],
            "action": m.action, "is_target": m.is_target, "deadline": m.deadline})
    rec = {"version": RECORDS_VERSION, "source": doc.source, "document": str(d),
           "province": doc.meta.province, "date": doc.meta.adopted or doc.meta.report_date,
           "year": doc.meta.period_start,
           "mentions": mentions}
    # what the clustering asks of each mention alone, computed here (in the extraction workers)
    # rather than for every mention of the corpus on every write (kg.resolve.cluster's ``stamp``)
    for m in mentions:
        m["scope"], m["legacy"] = resolve.mention_scope(m, rec)
        m["reason"] = resolve.mention_reason(m, m["scope"])
    return rec


def resolve_corpus(docs: list[Document]) -> dict[str, str]:
    """Resolve the projects of several documents together: every mention's ``project_id`` becomes
    its corpus-level id. Returns mention IRI → project id."""
    recs = [records(d) for d in docs]
    links, _ = resolve.cluster(recs)
    for doc, rec in zip(docs, recs):
        for m, r in zip(doc.project_mentions, rec["mentions"]):
            m.project_id = links[r["iri"]]
    return links


@dataclass
class ProjectSummary:
    """What the lookup index keeps of one project (kg.derive.project_index)."""
    iri: str
    name: str
    type: str
    mentions: int
    provinces: set = field(default_factory=set)  # IRIs
    aliases: set = field(default_factory=set)
    keys: set = field(default_factory=set)  # kg:key: the resolution key and each folded label
    lookup: set = field(default_factory=set)  # the resolution keys of its labels (a query is folded so)


@dataclass
class DerivedProjects:
    """The corpus-level graph, project by project (keys: project IRIs)."""
    signatures: dict[str, str]  # a digest of everything a project's statements depend on
    lines: dict[str, list[str]]  # N-Triples of the projects derived (not those whose signature was known)
    summaries: dict[str, ProjectSummary]  # for the lookup index, of the same projects
    # what the next write needs to re-cluster only what it touches (None: it clusters everything)
    clustering: resolve.Clustering | None = None


def derive(all_records: list[dict], fingerprints: dict[str, str] | None = None,
           known: dict[str, str] | None = None, stamp: str | None = None,
           typos: dict | None = None) -> DerivedProjects:
    """The mention → project links and each project's description as N-Triples lines, and a summary
    of each project for the lookup index. ``fingerprints`` (document IRI → a digest of its record)
    and ``known`` (the signatures of an earlier derivation) let a write re-derive only the projects
    whose mentions, reasons or documents changed: the clustering is over every record, the
    statements only for those. ``stamp`` and ``typos``: see kg.resolve.cluster."""
    out = DerivedProjects({}, {}, {})
    nodes = resolve.held_nodes((nk, r["source"], legacy, named) for r in all_records
                               for nk, legacy, named in resolve.placements(r, stamp))
    out.lines.update(described(out, nodes, lambda _: all_records, fingerprints, known, stamp, typos))
    return out


def described(out: DerivedProjects, nodes: dict, mentions_of, fingerprints: dict[str, str] | None,
              known: dict[str, str] | None, stamp: str | None, typos: dict | None, batch: int | None = None):
    """:func:`derive` of a corpus whose mentions are held elsewhere: yields (project IRI, its
    N-Triples lines) of each project derived, fills ``out``'s signatures and summaries as it goes
    and its clustering at the end. ``nodes``: every node of the corpus (kg.resolve.held_nodes),
    clustered at once; their mentions are then read a few projects at a time, about ``batch``
    mentions (None: all at once), by ``mentions_of(nodes)``, the corpus records cut down to the
    mentions of those nodes. A build so holds one batch of mentions, not every one of the corpus."""
    groups, why = resolve.join(nodes, typos)
    by_pid: dict[str, list] = {}
    for members in groups:  # (a later group of the same id replaces the earlier, as in cluster())
        by_pid[nodes[resolve.chief(members, nodes)].id] = members
    node_project = {nk: pid for pid, members in by_pid.items() for nk in members}
    key_to_id = _key_to_id(node_project)
    contains: dict[str, list[str]] = {}
    for part in _batches(sorted(by_pid), by_pid, nodes, batch):
        recs = mentions_of({nk for pid in part for nk in by_pid[pid]})
        sub, own = resolve.nodes_of(recs, stamp)
        _, projects = resolve.grouped([by_pid[pid] for pid in part], sub, why, own)
        by_iri = {m["iri"]: (m, r) for r in recs for m in r["mentions"]}
        got = _described(projects, by_iri, key_to_id, fingerprints, known or {})
        out.signatures.update(got.signatures)
        out.summaries.update(got.summaries)
        contains.update(_contains(projects, by_iri))
        yield from got.lines.items()
    if len(by_pid) == len(groups):  # (else two projects share an id: the next write derives everything)
        out.clustering = resolve.Clustering(node_project, {nk: sorted(nodes[nk].docs) for nk in node_project},
                                            dict(sorted(contains.items())))


def _batches(pids: list[str], by_pid: dict[str, list], nodes: dict, batch: int | None):
    """The projects in runs of about ``batch`` mentions (a project is never split)."""
    if batch is None:
        yield pids
        return
    part, size = [], 0
    for pid in pids:
        n = sum(nodes[nk].count for nk in by_pid[pid])
        if part and size + n > batch:
            yield part
            part, size = [], 0
        part.append(pid)
        size += n
    if part:
        yield part


def rederive(state: resolve.Clustering, removed: set[str], added: list[dict], held_mentions,
             fingerprints: dict[str, str], known: dict[str, str], stamp: str, typos: dict,
             indexed: resolve.Region | None = None) -> DerivedProjects | None:
    """:func:`derive` of the corpus ``state`` describes, with the documents ``removed`` taken out and
    the records ``added`` put in, clustering and describing only the projects the change can reach
    (kg.resolve.Region). ``held_mentions(nodes, leave)``: the corpus's records cut down to the
    mentions of those nodes, without the documents ``leave``. ``indexed``: ``state``'s
    kg.resolve.Region, built ahead (over ``typos``). None when the change reaches further than
    this can tell (two projects would share an id): derive everything."""
    also: set = set()
    sources = removed | {r["source"] for r in added}
    write = (indexed or resolve.Region(state, typos)).write(removed, added, stamp)
    old_keys = _key_to_id(state.node_project)
    while True:
        nodes, after, gone = write.closed(also)
        sub = held_mentions(nodes, sources)
        for r in added:
            mine = [m for m in r["mentions"] if resolve.node_of(m, r, stamp) in nodes]
            if mine:
                sub.append({**r, "mentions": mine})
        links, projects = resolve.cluster(sub, stamp, resolve.typos_within(typos, nodes))
        if sum(len(p["reasons"]) for p in projects.values()) != len(links) or \
                set(after.node_project.values()) & projects.keys():
            return None
        region = resolve.Clustering.of(projects)
        after.node_project.update(region.node_project)
        old_ids = {state.node_project[nk] for nk in nodes | gone if nk in state.node_project}
        new_keys = _key_to_id(after.node_project)
        changed = {k for k in old_keys.keys() | new_keys.keys() if old_keys.get(k) != new_keys.get(k)}
        # a project naming another inside its name ("kg:contains") changes with that one's id
        reach = {pid for pid, inner in state.contains.items() if pid not in old_ids and changed.intersection(inner)}
        more = {nk for pid in reach for nk in write.members.get(pid, ())}
        if more <= also:
            break
        also |= more
    by_iri = {m["iri"]: (m, r) for r in sub for m in r["mentions"]}
    out = _described(projects, by_iri, new_keys, fingerprints, known)
    base = _project_base()
    out.signatures.update((iri, sig) for iri, sig in known.items() if iri[len(base):] not in old_ids)
    after.contains = {pid: inner for pid, inner in state.contains.items() if pid not in old_ids}
    after.contains.update(_contains(projects, by_iri))
    out.clustering = after
    return out


def _project_base() -> str:
    return str(rdf.project_iri(""))


def _key_to_id(node_project: dict[tuple, str]) -> dict[str, str]:
    """Name key → the first project id (sorted) with a node of that key: the project a name inside
    another's name ("kg:contains") denotes."""
    out: dict[str, str] = {}
    for (_, _, k), pid in node_project.items():
        if k not in out or pid < out[k]:
            out[k] = pid
    return out


def _contains(projects: dict[str, dict], by_iri: dict) -> dict[str, list[str]]:
    return {pid: inner for pid, p in projects.items()
            if (inner := sorted({k for iri in p["reasons"] for k in by_iri[iri][0]["contains"]}))}


def _described(projects: dict[str, dict], by_iri: dict, key_to_id: dict[str, str], fingerprints,
               known: dict[str, str]) -> DerivedProjects:
    lines: dict[str, list[str]] = {}
    summaries: dict[str, ProjectSummary] = {}
    signatures: dict[str, str] = {}
    P = {name: nt.iri(str(term)) for name, term in
         (("type", RDF.type), ("projectType", KG.projectType), ("pref", SKOS.prefLabel), ("alt", SKOS.altLabel),
          ("count", KG.mentionCount), ("key", KG.key), ("project", KG.project), ("note", SKOS.editorialNote),
          ("locality", KG.locality), ("contains", KG.contains), ("province", KG.province),
          ("slipped", KG.deadlineSlippedIn))}
    attribute = {k: nt.iri(str(v)) for k, v in rdf.ATTRIBUTE_PROPERTIES.items()}
    base = _project_base()
    for pid, p in sorted(projects.items()):
        project_iri = base + pid
        # (in the clustering's order, which the same records give again: sorting every project's
        # mentions only to find it unchanged took a fifth of a write)
        ms = [by_iri[iri] for iri in p["reasons"]]
        contains = [key_to_id.get(inner) for m, _ in ms for inner in m["contains"]]
        signatures[project_iri] = sig = _signature(pid, ms, p["reasons"], contains, fingerprints)
        if known.get(project_iri) == sig:
            continue
        project = nt.iri(project_iri)
        ms.sort(key=lambda t: (t[1].get("date") or "", t[0]["iri"]))
        own: list[str] = []

        def add(pred: str, obj: str):
            own.append(nt.line(project, pred, obj))

        types = Counter(m["type"] for m, _ in ms)
        type_ = max(sorted(types), key=lambda t: types[t])
        add(P["type"], nt.iri(str(KG.Project)))
        if type_ == "programme":
            add(P["type"], nt.iri(str(KG.Programme)))
        add(P["projectType"], nt.literal(type_))
        names = Counter(m["name"] for m, _ in ms)
        name = max(sorted(names), key=lambda n: (names[n], len(n)))
        add(P["pref"], nt.literal(name, "vi"))
        add(P["count"], nt.literal(len(ms)))
        summary = ProjectSummary(project_iri, name, type_, len(ms), keys={p["key"]})
        seen_attributes = set()
        for m, r in ms:
            mention = nt.iri(m["iri"])
            own.append(nt.line(mention, P["project"], project))
            own.append(nt.line(mention, P["note"], nt.literal(p["reasons"][m["iri"]])))
            for label in {m["surface"], m["name"]}:
                if label:
                    summary.aliases.add(" ".join(label.split()))
                    summary.keys.add(fold_key(label))
            # the keys a lookup folds a query to (kept in the record: computing them is slow)
            summary.lookup.add(m["key"])
            if m["surface"]:
                summary.lookup.add(m.get("surface_key") or resolve.key(m["surface"]))
            for place in m["places"]:
                add(P["locality"], nt.iri(place))
            for k, v in m["attributes"].items():
                if k not in seen_attributes:  # the earliest document's
                    seen_attributes.add(k)
                    add(attribute[k], nt.literal(v))
            for inner in m["contains"]:
                other = key_to_id.get(inner)
                if other and other != pid:
                    add(P["contains"], nt.iri(str(rdf.project_iri(other))))
            province = _province_of(m, r)
            if province is not None:
                summary.provinces.add(str(province))
                add(P["province"], nt.iri(str(province)))
        for setting, later in slipped_deadlines(ms):
            own.append(nt.line(nt.iri(setting), P["slipped"], nt.iri(later)))
        for a in sorted(summary.aliases):
            add(P["alt"], nt.literal(a, "vi"))
        for k in sorted(summary.keys):
            add(P["key"], nt.literal(k))
        lines[project_iri] = sorted(set(own))
        summaries[project_iri] = summary
    return DerivedProjects(signatures, lines, summaries)


def slipped_deadlines(ms: list[tuple[dict, dict]]) -> list[tuple[str, str]]:
    """(mention, later mention) of one project: the mention set a deadline as a target, and the
    later one, from a document dated after the deadline, still lists the project as a target or
    reports it short of completion; or, from any later document, moves the deadline further out.
    Nothing may have reported the project complete by the deadline. ``ms``: (mention, document
    record) pairs; a mention without a dated document, or an action without a phase, says nothing."""
    dated = [(m, r["date"], m["deadline"] and rdf.deadline_latest(m["deadline"]), labels.phase(m["action"]))
             for m, r in ms if r.get("date")]
    first_done = min((date for m, date, _, phase in dated if not m["is_target"] and phase == "completion"), default=None)
    out = []
    for m, date, latest, _ in dated:
        if not (latest and m["is_target"]) or (first_done is not None and first_done <= latest):
            continue
        for later, later_date, later_latest, phase in dated:
            if phase is not None and (
                    later_date > latest and (later["is_target"] or phase != "completion")
                    or later_date > date and later["is_target"] and later_latest and later_latest > latest):
                out.append((m["iri"], later["iri"]))
    return out


def _signature(pid: str, ms: list[tuple[dict, dict]], reasons: dict, contains: list, fingerprints) -> str:
    """What a project's statements are computed from: its id, its mentions with their reasons and
    documents (a document's fingerprint, else the mention and document fields used), and the ids
    of the projects named inside its name."""
    parts = [pid, repr(contains)]
    for m, r in ms:
        doc = fingerprints.get(r["document"]) if fingerprints else None
        parts += [m["iri"], reasons[m["iri"]],
                  doc or json.dumps([m, r.get("date"), r.get("province"), r.get("year")], sort_keys=True)]
    return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()


def _province_of(m: dict, r: dict) -> URIRef | None:
    """The province a mention places its project in: stated, else its document's (the new unit
    for a document after the merger)."""
    if m.get("stated"):
        return rdf.province_iri(m["stated"])
    unit = localities.province(r.get("province"))
    if unit is None:
        return None
    if resolve.after_merger(r):
        unit = localities.successor(unit) or unit
    return rdf.locality_iri(unit)
