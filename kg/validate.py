"""SHACL validation of the built graph against ontology/shapes.ttl (pyshacl)."""
from __future__ import annotations

from pathlib import Path

from rdflib import Graph

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"


def validate(data: Graph) -> tuple[bool, str]:
    """(conforms, report text) of the data graph against the shapes, with the ontology's
    class hierarchy so that shapes on a superclass apply to its subclasses."""
    from pyshacl import validate as run

    shapes = Graph().parse(ONTOLOGY_DIR / "shapes.ttl")
    ont = Graph().parse(ONTOLOGY_DIR / "kg.ttl")
    conforms, _, text = run(data, shacl_graph=shapes, ont_graph=ont, inference="none",
                            allow_warnings=True)
    return bool(conforms), text
