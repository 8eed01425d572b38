"""Records → RDF. One rdflib Graph per source document; IRIs are stable slugs (see README).

Every extracted fact points at its evidence: ``fact prov:wasDerivedFrom fact/src``, a Web
Annotation ``oa:SpecificResource`` whose source is the document and whose selector gives the
character offsets (``oa:TextPositionSelector``) and the quoted text (``oa:TextQuoteSelector``).
"""
from __future__ import annotations

import hashlib
import re
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from rdflib import Graph, Literal, URIRef
from rdflib.plugins.serializers.nt import _quoteLiteral

from . import agencies, cite, localities
from .citations import canonical_kind
from .model import Citation, Document, Node, Target
from . import namespaces
from .namespaces import GRAPH, ID
from .text import fold_key, slug


class _Terms:
    """A vocabulary namespace whose terms are made once: rdflib makes and checks a new URIRef at
    every KG.x or KG["x"], a tenth of the time of building a document's graph. (ID is not one: its
    IRIs are the instances, each made once anyway.)"""

    def __init__(self, ns):
        self._ns, self._items = ns, {}

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        term = getattr(self._ns, name)
        setattr(self, name, term)  # the next access is a plain attribute
        return term

    def __getitem__(self, name):
        term = self._items.get(name)
        if term is None:
            term = self._items[name] = self._ns[name]
        return term


DCTERMS, ELI, KG, OA, ORG, OWL, PROV, QB, RDF, RDFS, SKOS, TIME, XSD = (
    _Terms(getattr(namespaces, n)) for n in "DCTERMS ELI KG OA ORG OWL PROV QB RDF RDFS SKOS TIME XSD".split())

DOC_CLASSES = {"resolution": KG.Resolution, "report": KG.Report, "report_annex": KG.ReportAnnex}
# Number suffixes of central bodies: their documents are national, others belong to a province.
NATIONAL_ISSUERS = re.compile(r"(TW|CP|TTg|QH\d*|UBTVQH\d*|BCT|BNV|BTC|BKHĐT|BGTVT|BNN|BTNMT|BYT|BGDĐT|"
                              r"BLĐTBXH|BCA|BQP|NHNN|TANDTC|VKSNDTC|BCĐ\w*TW)$")
# Structure kinds that become provisions in the graph (paragraphs and bullets do not).
PROVISION_KINDS = {"article", "part", "section", "clause", "group", "item", "row"}


ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
# Vocabulary graphs loaded beside the documents so that SPARQL users see labels and definitions.
VOCABULARIES = {"ontology": "kg.ttl", "indicators": "indicators.ttl", "schemes": "schemes.ttl"}


def vocabulary_graphs() -> list[tuple[URIRef, Path]]:
    """(named graph, Turtle file) of each vocabulary; the store parses them itself (fast)."""
    return [(GRAPH[f"vocab/{name}"], ONTOLOGY_DIR / file) for name, file in VOCABULARIES.items()]


def graph_iri(source: str) -> URIRef:
    """The named graph of a source file: ``graph/doc/`` and the file name percent-encoded, an
    injective encoding (two names are two graphs, "a b.txt" is not "a_b.txt") that no name can
    turn into a vocabulary or derived graph. Re-ingesting the same file name replaces it."""
    return GRAPH["doc/" + quote(source, safe="")]


def province_iri(name: str) -> URIRef:
    unit = localities.province(name)
    return ID[unit.iri_path] if unit else ID[f"locality/{slug(name)}"]


def locality_iri(unit) -> URIRef:
    """A unit as the object of a statement; its description lives once in graph/places."""
    return ID[unit.iri_path]


def places_graph(iris: list[str]) -> Graph:
    """graph/places: every unit the documents link to, described once, with its parents and successors."""
    g = Graph()
    for iri in iris:
        unit = localities.by_iri_path(iri)
        if unit is not None:
            describe_unit(g, unit)
    return g


def describe_unit(g: Graph, unit) -> URIRef:
    """An administrative unit with its code, level, parent and validity; a legacy province or
    commune is dcterms:isReplacedBy the unit that replaced it on 1 July 2025."""
    iri = locality_iri(unit)
    if (iri, RDF.type, KG.Locality) in g:
        return iri
    g.add((iri, RDF.type, KG.Locality))
    g.add((iri, SKOS.prefLabel, Literal(unit.name, lang="vi")))
    g.add((iri, KG.fullName, Literal(unit.full_name, lang="vi")))
    g.add((iri, KG.level, Literal(unit.level)))
    g.add((iri, KG.code, Literal(unit.code)))
    g.add((iri, KG.key, Literal(fold_key(unit.name))))
    if unit.new:
        g.add((iri, KG.validFrom, Literal(localities.NEW_FROM, datatype=XSD.date)))
        return iri
    g.add((iri, KG.validUntil, Literal(localities.LEGACY_UNTIL, datatype=XSD.date)))
    up = localities.parent(unit)
    if up is not None:
        g.add((iri, KG.within, describe_unit(g, up)))
    nxt = localities.successor(unit)
    if nxt is not None:
        new = describe_unit(g, nxt)
        g.add((iri, DCTERMS.isReplacedBy, new))
        g.add((new, DCTERMS.replaces, iri))
    return iri


def agency_iri(agency) -> URIRef:
    return ID[agency.iri_path]


def named_agency(g: "Triples", agency) -> URIRef:
    """An agency a document names: its IRI; its description goes to graph/derived/shared."""
    g.share("agency", agency.name, agency.kind, agency.province, agency.parent)
    return agency_iri(agency)


def shared_units(entries) -> set[str]:
    """The units the descriptions of :meth:`Triples.share` entries link to: each agency's province
    (the body it belongs to is in the same province, or national)."""
    units = (localities.province(e[3]) for e in entries if e[0] == "agency" and e[3])
    return {str(locality_iri(u)) for u in units if u is not None}


def describe_agency(g: Graph, agency) -> URIRef:
    """A body as a W3C ORG organization: its kind (org:classification), the body it belongs to, its province."""
    iri = agency_iri(agency)
    if (iri, RDF.type, KG.Agency) in g:
        return iri
    g.add((iri, RDF.type, KG.Agency))
    g.add((iri, RDF.type, ORG.Organization))
    g.add((iri, SKOS.prefLabel, Literal(agency.name, lang="vi")))
    g.add((iri, KG.key, Literal(fold_key(agency.name))))
    g.add((iri, ORG.classification, ID[f"agency-kind/{agency.kind}"]))
    if agency.province and localities.province(agency.province):
        g.add((iri, KG.province, locality_iri(localities.province(agency.province))))
    parent = agencies.parent_of(agency)
    if parent:
        g.add((iri, ORG.subOrganizationOf, describe_agency(g, parent)))
    return iri


ROLE_PROPERTIES = {"submitter": "submittedBy", "implementer": "implementedBy", "supervisor": "supervisedBy",
                   "lead": "leadAgency", "partner": "partnerAgency"}


def year_iri(year: int) -> URIRef:
    return ID[f"time/{year}"]


def indicator_iri(key: str) -> URIRef:
    return ID[f"indicator/{key}"]


TARGETS_DATASET = ID["dataset/targets"]


def named_period(g: "Triples", start: int, end: int) -> URIRef:
    """A plan period a document names: id/time/2021-2025, described in graph/derived/shared."""
    g.share("period", start, end)
    return ID[f"time/{start}-{end}"]


def describe_period(g: Graph, start: int, end: int) -> URIRef:
    """An OWL-Time interval from year to year."""
    period = ID[f"time/{start}-{end}"]
    g.add((period, RDF.type, TIME.ProperInterval))
    for pred, year in ((TIME.hasBeginning, start), (TIME.hasEnd, end)):
        g.add((period, pred, year_iri(year)))
        g.add((year_iri(year), RDF.type, TIME.Instant))
        g.add((year_iri(year), TIME.inXSDgYear, Literal(str(year), datatype=XSD.gYear)))
    return period


def cited_iri(kind: str, number: str | None, date: str | None, province: str | None) -> URIRef:
    """Stub IRI of a cited document: national numbers are global, local ones scoped by province."""
    scope = "vn" if not number or NATIONAL_ISSUERS.search(number) or not province else slug(province)
    if not number:
        return ID[f"doc/{scope}/{slug(kind)}/{date}"]
    # numbers without a year repeat across terms: the year of a dated mention tells them apart
    year = f"-{date[:4]}" if date and not re.search(r"/\d{4}/", number) else ""
    return ID[f"doc/{scope}/{slug(kind)}/{slug(number)}{year}"]


def kind_name(heading: str | None) -> str | None:
    """'NGHỊ QUYẾT' → 'Nghị quyết', 'PHỤ LỤC 2' → 'Phụ lục' (the kind a citation would name)."""
    words = re.sub(r"\s+\S*\d\S*$", "", heading or "").strip()
    return words[:1].upper() + words[1:].lower() if words else None


def document_iri(doc: Document) -> URIRef:
    """id/doc/{province}/{kind}/{own number | date-title digest | file}; an annex hangs under its report."""
    m = doc.meta
    prov = slug(m.province) if m.province else "vn"
    if m.doc_type == "report_annex" and m.report_number:
        return ID[f"doc/{prov}/bao-cao/{slug(m.report_number)}/{slug(m.heading)}"]
    kind = slug(kind_name(m.heading)) or "tai-lieu"
    date = m.adopted or m.report_date
    if m.number:
        key = slug(m.number)
    elif date:
        # a council passes many resolutions at one sitting: without its number, a document is
        # known by its date and its title (the PDF and the DOCX of one resolution are one document)
        key = f"{date}-{hashlib.sha1(slug(m.title).encode()).hexdigest()[:6]}" if m.title else date
    else:
        key = slug(doc.source.rsplit(".", 1)[0])
    return ID[f"doc/{prov}/{kind}/{key}"]


def citation_links(stubs: list[dict], held: list[dict]) -> Graph:
    """owl:sameAs from cited-document stubs to the held documents they denote, and the citing
    document eli:cites the held one directly.

    ``stubs``/``held`` rows: {"iri", "kind", "number", "date", "province"} (stubs also "citing"). A
    provincial number ("45/NQ-HĐND") is reused by every province every year, so a stub denotes a
    held document when kind and number agree and nothing else disagrees: the date when the
    citation gives one, the province (a held document without one is national). Documents that do
    not print their own number are found by kind, date and province."""
    g = Graph()
    by_number: dict[tuple, list[dict]] = {}
    for h in held:
        if h.get("number"):
            by_number.setdefault((slug(h["kind"]), slug(h["number"])), []).append(h)
    by_date = {(slug(h["kind"]), h["date"], h.get("province")): h["iri"] for h in held if h.get("date")}
    for s in stubs:
        target = None
        if s.get("number"):
            fits = [h for h in by_number.get((slug(s["kind"]), slug(s["number"])), [])
                    if h.get("province") in (None, s.get("province"))
                    and (not s.get("date") or not h.get("date") or h["date"] == s["date"])]
            target = fits[0]["iri"] if len(fits) == 1 else None
        if target is None and s.get("date"):
            target = by_date.get((slug(s["kind"]), s["date"], s.get("province")))
        if target and target != s["iri"]:
            g.add((URIRef(s["iri"]), OWL.sameAs, URIRef(target)))
            if s.get("citing") and s["citing"] != target:
                g.add((URIRef(s["citing"]), ELI.cites, URIRef(target)))
    return g


def _years(g: Graph, s: URIRef, start: int, end: int):
    """The period's first and last years as plain integers: what queries compare (kg:period has the OWL-Time form)."""
    g.add((s, KG.periodStart, integer(start)))
    g.add((s, KG.periodEnd, integer(end)))


def _lit(g, s, p, value, datatype=None, lang=None):
    if value is not None and value != "":
        g.add((s, p, Literal(value, datatype=datatype, lang=lang)))


@lru_cache(maxsize=1 << 16)
def integer(n: int) -> Literal:
    """An xsd:integer literal, made once: rdflib takes 5 µs to make one, and every fact has two
    (its span's start and end), positions that recur from document to document."""
    return Literal(n, datatype=XSD.integer)


def add_provenance(g: Graph, fact: URIRef, doc_iri: URIRef, span, text: str, n: int = 0):
    """fact prov:wasDerivedFrom [oa:hasSource doc; oa:hasSelector positions + quote].
    A fact read from several pieces (a table cell continued on the next page) gets one per piece."""
    src, sel = URIRef(f"{fact}/src{n or ''}"), URIRef(f"{fact}/sel{n or ''}")
    g.add((fact, PROV.wasDerivedFrom, src))
    g.add((src, RDF.type, OA.SpecificResource))
    g.add((src, OA.hasSource, doc_iri))
    g.add((src, OA.hasSelector, sel))
    g.add((sel, RDF.type, OA.TextPositionSelector))
    g.add((sel, RDF.type, OA.TextQuoteSelector))
    g.add((sel, OA.start, integer(span[0])))
    g.add((sel, OA.end, integer(span[1])))
    g.add((sel, OA.exact, Literal(text[span[0]:span[1]])))


def _entity_mention(g: Graph, iri: URIRef, cls: URIRef, prop: URIRef, entity: URIRef, d: URIRef,
                    span: tuple[int, int], text: str) -> None:
    """A place or agency named at a span of a document."""
    g.add((iri, RDF.type, cls))
    g.add((iri, prop, entity))
    g.add((iri, KG.mentionedIn, d))
    add_provenance(g, iri, d, span, text)


class Triples:
    """The part of rdflib's Graph a document's graph needs (add, in, len, iteration, objects), as a
    plain ordered set: rdflib's indexed store took a quarter of a document's time and is only read
    back for serialization. The triples are rdflib terms, so they are written as rdflib writes them."""

    def __init__(self):
        self._triples: dict = {}  # insertion-ordered set
        self.shared: dict[tuple, None] = {}  # what :func:`share` was told, in order

    def add(self, triple) -> None:
        self._triples[triple] = None

    def share(self, kind: str, *args) -> None:
        """A thing other documents may name too (an agency, a cited document, a period): described
        once, in graph/derived/shared, from every document's entries (:func:`shared_graph`), not in
        the document's graph, so that the union of the graphs states each triple once."""
        self.shared[(kind, *args)] = None

    def __contains__(self, triple) -> bool:
        return triple in self._triples

    def __len__(self) -> int:
        return len(self._triples)

    def __iter__(self):
        return iter(self._triples)

    def objects(self, subject=None, predicate=None):
        return (o for s, p, o in self._triples if (subject is None or s == subject)
                and (predicate is None or p == predicate))


def nquads(triples, graph: URIRef | None) -> bytes:
    """Triples as N-Quads in one named graph (N-Triples without one): each term as rdflib's
    N-Triples serializer writes it (its literal quoting, the terms' n3()), the graph before its
    ' .', in their order. An IRI is checked and written once, not at each of its occurrences
    (keyed by the term's id: every term lives in `triples` for as long as this runs)."""
    written: dict[int, str] = {}

    def n3(term):
        out = written.get(id(term))
        if out is None:
            out = written[id(term)] = term.n3()
        return out

    end = f" <{graph}> .\n" if graph is not None else " .\n"
    return "".join([f"{n3(s)} {n3(p)} {_quoteLiteral(o) if isinstance(o, Literal) else n3(o)}{end}"
                    for s, p, o in triples]).encode("utf-8")


def document_graph(doc: Document) -> tuple[URIRef, Triples]:
    """(graph IRI, graph) holding everything extracted from one document."""
    g = Triples()
    m = doc.meta
    d = document_iri(doc)
    g.add((d, RDF.type, DOC_CLASSES.get(m.doc_type, KG.Document)))
    g.add((d, RDF.type, ELI.LegalResource))
    _lit(g, d, KG.docType, m.doc_type)
    _lit(g, d, KG.kind, kind_name(m.heading), lang="vi")
    _lit(g, d, KG.heading, m.heading, lang="vi")
    _lit(g, d, ELI["title"], m.title, lang="vi")
    _lit(g, d, RDFS.label, f"{m.heading}: {m.title}" if m.title else m.heading, lang="vi")
    _lit(g, d, KG.sourceFile, doc.source)
    _lit(g, d, KG.citationLabel, cite.document_label(m, doc.source))
    _lit(g, d, KG.textLength, len(doc.text), XSD.integer)
    if doc.origin is not None:
        _origin(g, d, doc)
    _lit(g, d, ELI.id_local, m.number)
    _lit(g, d, KG["term"], m.term)
    _lit(g, d, KG.session, m.session, XSD.integer)
    _lit(g, d, ELI.date_document, m.adopted or m.report_date, XSD.date)
    _lit(g, d, KG.adopted, m.adopted, XSD.date)
    _lit(g, d, ELI.first_date_entry_in_force, m.effective, XSD.date)
    _lit(g, d, KG.signer, m.signer)
    if m.province and localities.province(m.province):
        g.add((d, KG.province, locality_iri(localities.province(m.province))))
    for i, place in enumerate(doc.places, 1):
        _entity_mention(g, URIRef(f"{d}/place/{i}"), KG.PlaceMention, KG.locality, locality_iri(place.unit),
                        d, place.span, doc.text)
    if doc.issuer:
        g.add((d, ELI.passed_by, named_agency(g, doc.issuer)))
    for i, a in enumerate(doc.agencies, 1):
        _entity_mention(g, URIRef(f"{d}/agency/{i}"), KG.AgencyMention, KG.agency, named_agency(g, a.agency),
                        d, a.span, doc.text)
    for role, a in doc.roles:
        g.add((d, KG[ROLE_PROPERTIES[role]], named_agency(g, a.agency)))
    if m.period_start:
        g.add((d, KG.period, named_period(g, m.period_start, m.period_end)))
        _years(g, d, m.period_start, m.period_end)
    if m.report_number:
        report = cited_iri("Báo cáo", m.report_number, m.report_date, m.province)
        g.add((d, DCTERMS.isPartOf, report))
        g.share("cited", str(report), "Báo cáo", m.report_number, m.report_date, None)
        _lit(g, d, KG.reportNumber, m.report_number)
        _lit(g, d, KG.reportDate, m.report_date, XSD.date)

    _provisions(g, doc, d, doc.structure, d, [])
    for i, c in enumerate(doc.citations, 1):
        _citation(g, doc, d, i, c)
    for i, t in enumerate(doc.targets, 1):
        _target(g, doc, d, i, t)
    if doc.annex is not None:
        _annex(g, doc, d)
    for i, m in enumerate(doc.project_mentions, 1):
        _mention(g, doc, d, i, m)
    return graph_iri(doc.source), g


def _origin(g: Graph, d: URIRef, doc: Document):
    """The text read is the source of record (spans are offsets into it); it was derived from the
    original file, described by name, format, sha256 (and, for a PDF, where each page starts)."""
    o = doc.origin
    f = ID[f"file/{o.sha256}"]  # the bytes, whatever their name: two copies are one file
    g.add((f, RDF.type, PROV.Entity))
    g.add((f, RDF.type, KG.SourceFile))
    _lit(g, f, KG.fileName, o.name)
    _lit(g, f, KG.fileFormat, o.format)
    _lit(g, f, KG.sha256, o.sha256)
    _lit(g, f, KG.legacyEncoding, o.encoding)
    g.add((d, PROV.wasDerivedFrom, f))
    _lit(g, d, KG.sourceText, doc.text)
    _lit(g, d, KG.pageOffsets, " ".join(map(str, o.page_offsets)))


def project_iri(project_id: str) -> URIRef:
    return ID[f"project/{project_id}"]


def status_iri(action: str) -> URIRef:
    return ID[f"status/{action}"]


_QUARTER_END = {"1": "03-31", "2": "06-30", "3": "09-30", "4": "12-31"}


def deadline_latest(deadline: str) -> str | None:
    """The last day a deadline allows: '2021' → 2021-12-31, '2025-01' → 2025-01-31, '2026-Q1' → 2026-03-31."""
    import calendar
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", deadline):
        return deadline
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", deadline):
        return f"{m[1]}-{_QUARTER_END[m[2]]}"
    if m := re.fullmatch(r"(\d{4})-(\d{2})", deadline):
        return f"{m[1]}-{m[2]}-{calendar.monthrange(int(m[1]), int(m[2]))[1]:02d}"
    if re.fullmatch(r"\d{4}", deadline):
        return f"{deadline}-12-31"
    return None


def _deadline(g: Graph, iri: URIRef, deadline: str):
    g.add((iri, RDF.type, KG.Deadline))
    g.add((iri, RDF.type, TIME.Instant))
    g.add((iri, RDFS.label, Literal(deadline)))
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", deadline):
        g.add((iri, TIME.inXSDDate, Literal(deadline, datatype=XSD.date)))
    elif re.fullmatch(r"\d{4}-\d{2}", deadline):
        g.add((iri, TIME.inXSDgYearMonth, Literal(deadline, datatype=XSD.gYearMonth)))
    else:
        g.add((iri, TIME.inXSDgYear, Literal(deadline[:4], datatype=XSD.gYear)))
    latest = deadline_latest(deadline)
    if latest:
        g.add((iri, KG.latestDate, Literal(latest, datatype=XSD.date)))


ATTRIBUTE_PROPERTIES = {"capacity_mw": KG.capacityMW, "code": KG.code, "funding": KG.funding, "phase": KG.phase}


def _mention(g: Graph, doc: Document, d: URIRef, i: int, m):
    """A ProjectMention in this document. Which project it names, and that project's description,
    depend on the whole corpus: they are in the derived graph (kg.corpus.derive)."""
    iri = URIRef(f"{d}/mention/{i}")
    g.add((iri, RDF.type, KG.ProjectMention))
    g.add((iri, KG.mentionedIn, d))
    # an unnamed mention ("Phấn đấu hoàn thành trong năm 2025" in a note) is written as its words
    g.add((iri, KG.surface, Literal(m.surface if m.surface is not None else doc.text[m.span[0]:m.span[1]], lang="vi")))
    g.add((iri, KG.name, Literal(m.name, lang="vi")))
    g.add((iri, KG.action, status_iri(m.action)))
    g.add((iri, KG.isTarget, Literal(m.is_target)))
    g.add((iri, KG.role, Literal(m.role)))
    _lit(g, iri, KG.progress, m.progress, lang="vi")
    _lit(g, iri, KG.quote, m.quote, lang="vi")
    for loc in m.localities:
        g.add((iri, KG.localityName, Literal(loc, lang="vi")))
    for loc in m.localities + [m.surface or ""]:  # "- huyện Thạnh Phú", "hồ chứa nước ngọt Lạc Địa xã Phú Lễ"
        for place in localities.find(loc, doc.meta.province):
            g.add((iri, KG.locality, locality_iri(place.unit)))
    if m.deadline:
        _deadline(g, URIRef(f"{iri}/deadline"), m.deadline)
        g.add((iri, KG.deadline, URIRef(f"{iri}/deadline")))
    chain = provision_at(doc, m.span[0])
    if chain:
        g.add((iri, KG.inProvision, _provision_iri(d, chain)))
    _lit(g, iri, KG.provisionLabel, cite.provision_label(chain, m.role))
    add_provenance(g, iri, d, m.span, doc.text, 1 if m.continuation_span else 0)
    if m.continuation_span:
        add_provenance(g, iri, d, m.continuation_span, doc.text, 2)
    for key, value in m.attributes.items():
        if key == "phase":  # a phase belongs to what this mention says ("giai đoạn 2"), not to all of it
            g.add((iri, KG.phase, Literal(value)))
    for role, agency in m.agencies:
        g.add((iri, KG[ROLE_PROPERTIES[role]], named_agency(g, agency)))


def reports_on_iri(doc: Document) -> URIRef | None:
    """The resolution an annex reports on, as its title names it: a stub unless held."""
    m = doc.meta
    if not m.reports_on:
        return None
    return ID[f"doc/{slug(m.province) if m.province else 'vn'}/{slug(m.reports_on)}"]


def _statement(g, doc, d, iri, cls, view):
    g.add((iri, RDF.type, cls))
    g.add((iri, KG.text, Literal(str(view), lang="vi")))
    for n, span in enumerate(view.pieces, 1):
        add_provenance(g, iri, d, span, doc.text, n)


def _annex(g: Graph, doc: Document, d: URIRef):
    """Task items (what the resolution set), their results (what was done) and footnotes."""
    resolution = reports_on_iri(doc)
    if resolution is not None:
        g.add((d, KG.reportsOn, resolution))
        g.share("reported", str(resolution), doc.meta.reports_on, doc.meta.period_start, doc.meta.period_end)
    footnotes = {}
    for marker, f in doc.annex.footnotes.items():
        fn = URIRef(f"{d}/footnote/{marker}")
        footnotes[marker] = fn
        _statement(g, doc, d, fn, KG.Footnote, f.view)
        g.add((fn, KG.marker, Literal(marker)))
    for group in doc.annex.groups:
        for item in group.items:
            chain = provision_at(doc, item.span[0])
            if not chain:
                continue
            iri = _provision_iri(d, chain)
            g.add((iri, RDF.type, KG.TaskItem))
            if resolution is not None:
                g.add((iri, KG.implements, resolution))
            for role, cls, view in (("task", KG.TaskStatement, item.task), ("result", KG.ResultStatement, item.result),
                                    ("note", KG.NoteStatement, item.note)):
                if not str(view):
                    continue
                st = URIRef(f"{iri}/{role}")
                _statement(g, doc, d, st, cls, view)
                g.add((iri, KG[role], st))
                if role == "result":
                    g.add((st, KG.resultOf, iri))
            for marker in item.footnotes:
                g.add((iri, KG.footnote, footnotes[marker]))


def _decimal(x) -> Literal:
    return Literal(Decimal(str(x)), datatype=XSD.decimal)


def _target(g: Graph, doc: Document, d: URIRef, i: int, t: Target):
    """A Target is a Data Cube observation: indicator × province × period × document → value."""
    iri = URIRef(f"{d}/target/{i}")
    g.add((iri, RDF.type, KG.Target))
    g.add((iri, RDF.type, QB.Observation))
    g.add((iri, QB.dataSet, TARGETS_DATASET))
    g.add((iri, KG.indicator, indicator_iri(t.concept)))
    g.add((iri, KG.setBy, d))
    _lit(g, iri, RDFS.label, t.label_vi, lang="vi")
    for pred, x in ((KG.value, t.value), (KG.minValue, t.min), (KG.maxValue, t.max)):
        if x is not None:
            g.add((iri, pred, _decimal(x)))
    _lit(g, iri, KG.comparator, t.comparator)
    _lit(g, iri, KG.unit, t.unit)
    _lit(g, iri, KG.unitText, t.unit_vi, lang="vi")
    _lit(g, iri, KG.aggregation, t.aggregation)
    _lit(g, iri, KG.scope, t.scope, lang="vi")
    for name in t.items or []:
        _lit(g, iri, KG.item, name, lang="vi")
        unit = localities.resolve("district", name, doc.meta.province) if t.unit == "districts" else None
        if unit:
            g.add((iri, KG.locality, locality_iri(unit)))
    if t.period_start:
        g.add((iri, KG.period, named_period(g, t.period_start, t.period_end)))
        _years(g, iri, t.period_start, t.period_end)
    if doc.meta.province:
        g.add((iri, KG.province, province_iri(doc.meta.province)))
    chain = provision_at(doc, t.span[0])
    if chain:
        g.add((iri, KG.inProvision, _provision_iri(d, chain)))
    _lit(g, iri, KG.provisionLabel, cite.provision_label(chain))
    add_provenance(g, iri, d, t.span, doc.text)


def _provision_iri(d: URIRef, chain: list[Node]) -> URIRef:
    return URIRef(f"{d}/" + "/".join(("dieu-" if n.kind == "article" else "") + (_marker_slug(n.label) or n.kind)
                                     for n in chain))


def _marker_slug(label: str) -> str:
    """Clause letters d and đ are different clauses: đ → dd before folding."""
    return slug(label.replace("đ", "dd").replace("Đ", "DD"))


def _provisions(g: Graph, doc: Document, d: URIRef, node: Node, parent: URIRef, path: list[str]):
    for child in node.children:
        if child.kind not in PROVISION_KINDS or not child.label:
            _provisions(g, doc, d, child, parent, path)  # e.g. the articles inside QUYẾT NGHỊ
            continue
        p_path = path + [child]
        iri = _provision_iri(d, p_path)
        g.add((iri, RDF.type, KG.Provision))
        g.add((iri, RDF.type, ELI.LegalResourceSubdivision))
        g.add((iri, ELI.is_part_of, parent))
        g.add((iri, KG.provisionKind, Literal(child.kind)))
        g.add((iri, KG.marker, Literal(child.label)))
        _lit(g, iri, RDFS.label, child.text[:200], lang="vi")
        add_provenance(g, iri, d, child.span, doc.text)
        _provisions(g, doc, d, child, iri, p_path)


def provision_at(doc: Document, pos: int) -> list[Node]:
    """The chain of provisions (outermost first) that contain a character offset."""
    chain, node = [], doc.structure
    while True:
        inner = next((c for c in node.children if c.span[0] <= pos < c.span[1] + 1), None)
        if inner is None:
            return chain
        if inner.kind in PROVISION_KINDS and inner.label:
            chain.append(inner)
        node = inner


def _cited_stub(g, iri: str, kind, number, date, issuer):
    iri = URIRef(iri)
    g.add((iri, RDF.type, KG.CitedDocument))
    g.add((iri, RDF.type, ELI.LegalResource))
    _lit(g, iri, KG.kind, kind, lang="vi")
    _lit(g, iri, ELI.id_local, number)
    g.add((iri, KG.key, Literal(fold_key(number) if number else date)))  # one lookup key per stub
    _lit(g, iri, ELI.date_document, date, XSD.date)
    _lit(g, iri, KG.issuerName, issuer, lang="vi")
    _lit(g, iri, RDFS.label, f"{kind} {number}" if number else f"{kind} ngày {date}", lang="vi")


def _citation(g: Graph, doc: Document, d: URIRef, i: int, c: Citation):
    target = cited_iri(c.kind, c.number, c.date, doc.meta.province)
    g.add((d, ELI.cites, target))
    g.share("cited", str(target), c.kind, c.number, c.date, c.issuer)
    occ = URIRef(f"{d}/citation/{i}")
    g.add((occ, RDF.type, KG.Citation))
    g.add((occ, KG.citingDocument, d))
    g.add((occ, KG.citedDocument, target))
    add_provenance(g, occ, d, c.span, doc.text)


def _reported(g, iri: str, title: str, start: int | None, end: int | None):
    """The resolution an annex reports on, as its title names it."""
    iri = URIRef(iri)
    g.add((iri, RDF.type, KG.CitedDocument))
    g.add((iri, RDF.type, ELI.LegalResource))
    g.add((iri, RDFS.label, Literal(title, lang="vi")))
    g.add((iri, KG.kind, Literal(canonical_kind(" ".join(title.split()[:2])), lang="vi")))
    g.add((iri, KG.key, Literal(fold_key(title))))
    if start:
        g.add((iri, KG.period, describe_period(g, start, end)))


_DESCRIBE = {"agency": lambda g, *a: describe_agency(g, agencies.Agency(*a)), "period": describe_period,
             "cited": _cited_stub, "reported": _reported}


def shared_graph(entries) -> Triples:
    """graph/derived/shared: what the documents' :meth:`Triples.share` entries name, described
    once (the union of their descriptions: two citations of one stub may give two issuers)."""
    g = Triples()
    for kind, *args in entries:
        _DESCRIBE[kind](g, *args)
    return g
