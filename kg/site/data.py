"""What the site shows, read from the store in a few bulk queries (never one query per page: the
whole seed site must generate in seconds). Library queries from queries/ are run unbound — every
project's history, every indicator's series — and the site's own queries are the constants here.
Everything comes back as plain rows (dicts); only kg.store touches Oxigraph."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .. import queries, store
from ..errors import KgError
from ..text import InputError, fold_key, load_text

DOCUMENTS = """SELECT ?doc ?docType ?kind ?heading ?title ?number ?date ?adopted ?effective ?province
       ?provinceName ?sourceFile ?textLength ?signer ?session ?term ?reportNumber ?issuer ?citationLabel
       ?sourceText
WHERE {
  ?doc kg:sourceFile ?sourceFile ; kg:docType ?docType .
  OPTIONAL { ?doc kg:kind ?kind } OPTIONAL { ?doc kg:heading ?heading } OPTIONAL { ?doc eli:title ?title }
  OPTIONAL { ?doc eli:id_local ?number } OPTIONAL { ?doc eli:date_document ?date }
  OPTIONAL { ?doc kg:adopted ?adopted } OPTIONAL { ?doc eli:first_date_entry_in_force ?effective }
  OPTIONAL { ?doc kg:province ?province . ?province skos:prefLabel ?provinceName }
  OPTIONAL { ?doc kg:textLength ?textLength } OPTIONAL { ?doc kg:signer ?signer }
  OPTIONAL { ?doc kg:session ?session } OPTIONAL { ?doc kg:term ?term }
  OPTIONAL { ?doc kg:reportNumber ?reportNumber }
  OPTIONAL { ?doc eli:passed_by/skos:prefLabel ?issuer }
  OPTIONAL { ?doc kg:citationLabel ?citationLabel } OPTIONAL { ?doc kg:sourceText ?sourceText }
} ORDER BY ?date ?doc"""

# Every fact with a span in a document, and the thing it is about (for a citation, the cited document).
FACTS = """SELECT ?fact ?cls ?doc ?start ?end ?about WHERE {
  VALUES (?cls ?p) { (kg:Target kg:indicator) (kg:ProjectMention kg:project) (kg:Citation kg:citedDocument)
                     (kg:PlaceMention kg:locality) (kg:AgencyMention kg:agency) }
  ?fact a ?cls ; prov:wasDerivedFrom ?src . ?src oa:hasSource ?doc ; oa:hasSelector ?sel .
  ?sel oa:start ?start ; oa:end ?end .
  OPTIONAL { ?fact ?p ?about }
} ORDER BY ?doc ?start"""

# Names of what has no page of its own: agencies and cited documents.
LABELS = """SELECT ?thing ?label WHERE {
  { ?thing a kg:Agency ; skos:prefLabel ?label } UNION { ?thing a kg:CitedDocument ; rdfs:label ?label } }"""

CITATIONS = """SELECT ?doc ?citation ?cited ?label ?kind ?number ?date ?held ?start ?end WHERE {
  ?citation kg:citingDocument ?doc ; kg:citedDocument ?cited ;
            prov:wasDerivedFrom/oa:hasSelector ?sel . ?sel oa:start ?start ; oa:end ?end .
  OPTIONAL { ?cited rdfs:label ?label } OPTIONAL { ?cited kg:kind ?kind }
  OPTIONAL { ?cited eli:id_local ?number } OPTIONAL { ?cited eli:date_document ?date }
  OPTIONAL { ?cited owl:sameAs ?held . ?held kg:sourceFile ?f }
  OPTIONAL { ?cited kg:sourceFile ?f2 BIND(?cited AS ?held) }
} ORDER BY ?doc ?start"""

PROJECTS = """SELECT ?project ?name ?type ?provinceName ?mentions WHERE {
  ?project a kg:Project ; kg:projectType ?type ; skos:prefLabel ?name .
  OPTIONAL { ?project kg:province/skos:prefLabel ?provinceName }
  OPTIONAL { ?project kg:mentionCount ?mentions }
} ORDER BY ?type ?name"""

PROJECT_NAMES = """SELECT DISTINCT ?project ?alias WHERE { ?project a kg:Project ; skos:altLabel ?alias }"""

PROJECT_PLACES = """SELECT DISTINCT ?project ?unit WHERE {
  ?project a kg:Project . { ?project kg:locality ?unit } UNION { ?project kg:province ?unit } }"""

PROJECT_PARTS = """SELECT DISTINCT ?project ?part WHERE { ?project kg:contains ?part . ?part a kg:Project }"""

UNITS = """SELECT ?unit ?name ?fullName ?level ?code ?validFrom ?validUntil ?within ?replacedBy WHERE {
  ?unit a kg:Locality ; skos:prefLabel ?name ; kg:level ?level .
  OPTIONAL { ?unit kg:fullName ?fullName } OPTIONAL { ?unit kg:code ?code }
  OPTIONAL { ?unit kg:validFrom ?validFrom } OPTIONAL { ?unit kg:validUntil ?validUntil }
  OPTIONAL { ?unit kg:within ?within } OPTIONAL { ?unit dcterms:isReplacedBy ?replacedBy }
} ORDER BY ?level ?code"""

INDICATORS = """SELECT ?indicator ?key ?labelVi ?labelEn ?definition WHERE {
  ?indicator a kg:Indicator ; skos:notation ?key .
  OPTIONAL { ?indicator skos:prefLabel ?labelVi FILTER(LANG(?labelVi) = "vi") }
  OPTIONAL { ?indicator skos:prefLabel ?labelEn FILTER(LANG(?labelEn) = "en") }
  OPTIONAL { ?indicator skos:definition ?definition }
} ORDER BY ?key"""

# The lifecycle scheme: each action and phase with its Vietnamese and English labels.
STATUSES = """SELECT ?notation ?vi ?en WHERE {
  ?s a skos:Concept ; skos:notation ?notation ; skos:inScheme ?scheme . ?scheme a skos:ConceptScheme .
  OPTIONAL { ?s skos:prefLabel ?vi FILTER(LANG(?vi) = "vi") }
  OPTIONAL { ?s skos:prefLabel ?en FILTER(LANG(?en) = "en") }
}"""


@dataclass
class SiteData:
    documents: dict[str, dict] = field(default_factory=dict)  # by IRI
    texts: dict[str, str | None] = field(default_factory=dict)  # document IRI → its NFC text (None: not found)
    facts: dict[str, list[dict]] = field(default_factory=dict)  # document IRI → facts with spans
    citations: dict[str, list[dict]] = field(default_factory=dict)  # document IRI → citations in it
    projects: dict[str, dict] = field(default_factory=dict)
    mentions: dict[str, list[dict]] = field(default_factory=dict)  # project IRI → mentions by date
    slipped: dict[str, list[dict]] = field(default_factory=dict)  # project IRI → slipped deadlines
    units: dict[str, dict] = field(default_factory=dict)
    indicators: dict[str, dict] = field(default_factory=dict)
    series: dict[str, list[dict]] = field(default_factory=dict)  # indicator IRI → targets
    revisions: dict[str, dict] = field(default_factory=dict)  # annual target IRI → plan-revision row
    statuses: dict[str, dict] = field(default_factory=dict)  # action/phase notation → {vi, en}
    labels: dict[str, str] = field(default_factory=dict)  # agency or cited document IRI → its name


def _select(store_dir, sparql: str) -> list[dict]:
    return store.select(store_dir, sparql)[1]


def _library(store_dir, name: str) -> list[dict]:
    """A query of queries/ run unbound: its answer for every project, indicator ..."""
    return store.select(store_dir, queries.load(name).text)[1]


def _first_per(rows: list[dict], key: str) -> dict[str, dict]:
    """One row per key (OPTIONAL patterns with several values repeat a row)."""
    out: dict[str, dict] = {}
    for r in rows:
        out.setdefault(r[key], r)
    return out


def _text(corpus: Path, row: dict) -> str | None:
    """The document's text as the extractors read it (offsets are into this NFC text): the store's
    source of record; for a store written before it kept one, the file in the corpus folder, None
    when that is missing or is no longer the file the store was built from."""
    if row.get("sourceText"):
        return row["sourceText"]
    path = corpus / row["sourceFile"]
    if not path.exists():
        return None
    try:
        text = load_text(path)
    except InputError:
        return None
    return text if row["textLength"] in (None, len(text)) else None


def load(store_dir, corpus: Path) -> SiteData:
    if store.version_dir(store_dir) is None:
        raise KgError(f"{store_dir}: no store here; run `kg build` first")
    d = SiteData()
    d.documents = _first_per(_select(store_dir, DOCUMENTS), "doc")
    d.texts = {iri: _text(Path(corpus), row) for iri, row in d.documents.items()}
    seen = set()
    for f in _select(store_dir, FACTS):
        if (f["fact"], f["start"]) not in seen and f["doc"] in d.documents:
            seen.add((f["fact"], f["start"]))
            d.facts.setdefault(f["doc"], []).append(f)
    d.labels = {r["thing"]: r["label"] for r in _select(store_dir, LABELS)}
    for c in _first_per(_select(store_dir, CITATIONS), "citation").values():
        d.citations.setdefault(c["doc"], []).append(c)

    for r in _first_per(_select(store_dir, PROJECTS), "project").values():
        d.projects[r["project"]] = {**r, "aliases": [], "places": [], "parts": []}
    for r in _select(store_dir, PROJECT_NAMES):
        names = d.projects.get(r["project"], {}).get("aliases")
        if names is not None and r["alias"] not in names:
            names.append(r["alias"])
    for r in _select(store_dir, PROJECT_PLACES):
        if r["project"] in d.projects:
            d.projects[r["project"]]["places"].append(r["unit"])
    for r in _select(store_dir, PROJECT_PARTS):
        if r["project"] in d.projects:
            d.projects[r["project"]]["parts"].append(r["part"])
    seen = set()
    for h in _library(store_dir, "project-history"):
        if h["mention"] in seen:  # a mention continued on the next page has two spans: keep its first
            continue
        seen.add(h["mention"])
        d.mentions.setdefault(h["project"], []).append(h)
    for r in _library(store_dir, "slipped-deadlines"):
        d.slipped.setdefault(r["project"], []).append(r)

    units = defaultdict(lambda: None)
    for r in _select(store_dir, UNITS):
        u = units[r["unit"]] or {**r, "replacedBy": [], "replaces": [], "within": r["within"]}
        if r["replacedBy"] and r["replacedBy"] not in u["replacedBy"]:
            u["replacedBy"].append(r["replacedBy"])
        units[r["unit"]] = u
    d.units = dict(units)
    for iri, u in d.units.items():
        for new in u["replacedBy"]:
            if new in d.units:
                d.units[new]["replaces"].append(iri)

    d.indicators = _first_per(_select(store_dir, INDICATORS), "indicator")
    for t in _first_per(_library(store_dir, "indicator-series"), "target").values():
        d.series.setdefault(t["indicator"], []).append(t)
    d.revisions = _first_per(_library(store_dir, "plan-revisions"), "annualTarget")
    for r in _select(store_dir, STATUSES):
        d.statuses.setdefault(r["notation"], {"vi": r["vi"], "en": r["en"]})
    return d


def citation_label(doc: dict) -> str:
    """How a document is cited ("NQ HĐND Bến Tre 07/12/2023"): its kg:citationLabel (kg.cite), or
    its heading and date in a store built before documents had one."""
    if doc.get("citationLabel"):
        return doc["citationLabel"]
    return " ".join(x for x in (doc.get("heading") or doc.get("kind") or doc["sourceFile"], doc.get("date")) if x)


def folded(*names: str) -> str:
    """The search key of a name: what the index's JavaScript compares a typed query against."""
    return " | ".join(sorted({fold_key(n) for n in names if n}))
