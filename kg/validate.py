"""SHACL validation of the built graph against ontology/shapes.ttl (pyshacl)."""
from __future__ import annotations

from pathlib import Path

from dataclasses import dataclass

from rdflib import Graph

from .namespaces import RDF, Namespace

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"


SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass
class Violation:
    shape: str
    focus: str
    path: str
    message: str


def validate(data: Graph) -> tuple[bool, list[Violation], str]:
    """(conforms, violations, full report text) of the data graph against the shapes, with the
    ontology's class hierarchy so that shapes on a superclass apply to its subclasses."""
    from pyshacl import validate as run

    shapes = Graph().parse(ONTOLOGY_DIR / "shapes.ttl")
    ont = Graph().parse(ONTOLOGY_DIR / "kg.ttl")
    conforms, report, text = run(data, shacl_graph=shapes, ont_graph=ont, inference="none",
                                 allow_warnings=True)
    found = []
    for r in report.subjects(RDF.type, SH.ValidationResult):
        found.append(Violation(str(report.value(r, SH.sourceShape)), str(report.value(r, SH.focusNode)),
                               str(report.value(r, SH.resultPath) or ""), str(report.value(r, SH.resultMessage) or "")))
    return bool(conforms), sorted(found, key=lambda v: (v.shape, v.focus)), text
