"""Plain records that flow between the stages. Spans are [start, end) offsets into NFC text."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

Span = tuple[int, int]


@dataclass
class Node:
    """One element of a document's structure (an article, a clause, a table row ...)."""
    kind: str
    span: Span
    label: str | None = None  # "2", "a", "(1)", "3.1"
    text: str = ""  # the node's own first line, marker removed
    children: list["Node"] = field(default_factory=list)
    level: int = 0
    payload: object = None  # what a node stands for when parsed elsewhere (a table's kg.annex.Annex)

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()

    def find(self, kind: str) -> "Node | None":
        return next((n for n in self.walk() if n.kind == kind), None)

    def find_all(self, kind: str) -> list["Node"]:
        return [n for n in self.walk() if n.kind == kind]


@dataclass
class Citation:
    """A document the text refers to by number or by date."""
    kind: str
    number: str | None
    date: str | None
    span: Span
    text: str
    issuer: str | None = None


@dataclass
class Target:
    """One value (or range, or a qualitative aim) a document sets for an indicator."""
    concept: str
    label_vi: str
    value: float | None
    min: float | None
    max: float | None
    comparator: str | None  # eq ge gt lt le approx range reduce_by; None when qualitative
    unit: str | None
    unit_vi: str | None
    period_start: int | None
    period_end: int | None
    aggregation: str | None  # annual period_average per_year cumulative end_of_period plan_period
    scope: str | None
    span: Span
    clause: str | None
    text: str
    items: list[str] | None = None  # named units a countable target counts ("các huyện: A, B và C")


@dataclass
class DocumentMeta:
    doc_type: str
    heading: str | None = None
    title: str | None = None
    issuer: str | None = None
    province: str | None = None
    term: str | None = None
    session: int | None = None
    adopted: str | None = None
    effective: str | None = None
    period_start: int | None = None
    period_end: int | None = None
    signer: str | None = None
    number: str | None = None  # the document's own number ("Số: 45/NQ-HĐND") when written
    report_number: str | None = None
    report_date: str | None = None
    reports_on: str | None = None  # an annex's resolution, as its title names it ("Nghị quyết Tỉnh ủy năm 2023")


@dataclass
class Document:
    """Everything extracted from one source file."""
    source: str  # file name: the named graph's key
    text: str
    structure: Node
    meta: DocumentMeta
    citations: list[Citation] = field(default_factory=list)
    targets: list = field(default_factory=list)
    project_mentions: list = field(default_factory=list)
    annex: object | None = None  # kg.annex.Annex for report annexes
    places: list = field(default_factory=list)  # kg.localities.Place: localities the text names
    agencies: list = field(default_factory=list)  # kg.agencies.AgencyMention: bodies the text names
    roles: list = field(default_factory=list)  # (role, AgencyMention): submitter, implementer, supervisor
    issuer: object | None = None  # kg.agencies.Agency that passed or issued the document
    origin: object | None = None  # kg.formats.Reading: the original file (name, format, sha256, pages)

    def contract(self) -> dict:
        """The `kg extract --json` contract of ../shared/eval/score.py."""
        doc = asdict(self.meta)
        doc["source"] = self.source
        doc["cited_documents"] = [
            {"kind": c.kind, "number": c.number, "date": c.date, "issuer": c.issuer,
             "text": c.text, "span": list(c.span)} for c in self.citations]
        mentions = []
        for m in self.project_mentions:
            d = asdict(m)
            d["span"] = list(m.span)
            mentions.append(d)
        return {"document": doc,
                "targets": [asdict(t) for t in self.targets],
                "project_mentions": mentions}
