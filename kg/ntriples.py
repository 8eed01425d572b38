"""N-Triples written as text, for the derived projects (kg.corpus.derive): thousands of projects
at a thousand documents, and rdflib's Graph.add and serializer cost ~20 µs a triple."""
from __future__ import annotations

XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


def iri(value: str) -> str:
    return f"<{value}>"


def literal(value, lang: str | None = None) -> str:
    """A plain (or language-tagged) string, or an xsd:integer for an int."""
    if isinstance(value, int):
        return f'"{value}"^^<{XSD_INTEGER}>'
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{text}"@{lang}' if lang else f'"{text}"'


def line(s: str, p: str, o: str) -> str:
    return f"{s} {p} {o} .\n"
