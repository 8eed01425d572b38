"""The SPARQL query library in queries/: each .rq file starts with a header comment

    # NAME — purpose in one line.
    #
    # Parameters:
    #   ?province (key)  a province name; matched without diacritics
    #   ?doc (iri)       a document IRI
    #
    # Example: kg query NAME --param province="ben tre"
    # Example output: ...

Parameter types say how a user's string becomes an RDF term: ``key`` folds it (no diacritics,
lower case) to match ``kg:key`` values, ``iri`` makes an IRI, ``integer``/``date`` typed literals,
``string`` a plain literal. Values are bound through Oxigraph substitutions (SEP-0007), never pasted
into query text. Oxigraph joins a substitution with the solutions, so a parameter must be projected
and used in a *required* triple pattern (inside OPTIONAL or FILTER it would not restrict anything).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import KgError
from .text import fold_key

QUERY_DIR = Path(__file__).resolve().parent.parent / "queries"
_PARAM = re.compile(r"^#\s+\?(?P<name>\w+)\s*\((?P<type>key|iri|string|integer|date)\)\s*(?P<doc>.*)$")
XSD = "http://www.w3.org/2001/XMLSchema#"


class QueryError(KgError):
    pass


@dataclass
class Query:
    name: str
    path: Path
    text: str
    purpose: str = ""  # the header's first paragraph
    params: dict[str, str] = field(default_factory=dict)  # name → type
    details: str = ""  # the rest of the header: parameters, example, example output

    def bind(self, values: dict[str, str]) -> dict[str, tuple[str, str]]:
        """User strings → {name: (kind, value)} for the store, checking names against the header."""
        out = {}
        for name, value in values.items():
            if name not in self.params:
                known = ", ".join(self.params) or "none"
                raise QueryError(f"query {self.name!r} has no parameter {name!r} (parameters: {known})")
            kind = self.params[name]
            if kind == "key":
                value = fold_key(value)
            elif kind == "integer" and not re.fullmatch(r"-?\d+", value.strip()):
                raise QueryError(f"parameter {name!r} wants a whole number, got {value!r}")
            elif kind == "date" and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
                raise QueryError(f"parameter {name!r} wants a date YYYY-MM-DD, got {value!r}")
            out[name] = (kind, value.strip() if kind != "key" else value)
        return out


def parse(path: Path) -> Query:
    text = path.read_text(encoding="utf-8")
    header = [l for l in text.splitlines() if l.startswith("#")]
    purpose, details = header_parts(text)
    params = {m["name"]: m["type"] for m in map(_PARAM.match, header) if m}
    return Query(path.stem, path, text, purpose, params, details)


def header_parts(text: str) -> tuple[str, str]:
    """A query's header comment as (its purpose: the first paragraph, which may run over several
    lines, without the query's name; the rest: parameters, example, example output)."""
    header = [l[1:].removeprefix(" ") for l in text.splitlines() if l.startswith("#")]
    blank = next((i for i, l in enumerate(header) if not l.strip()), len(header))
    first = " ".join(l.strip() for l in header[:blank])
    return (re.split(r"\s+[—-]\s+", first, maxsplit=1)[-1] if first else ""), "\n".join(header[blank + 1:])


def available() -> list[Query]:
    return [parse(p) for p in sorted(QUERY_DIR.glob("*.rq"))]


def load(name: str) -> Query:
    """A query by name from queries/, or a path to a .rq file."""
    p = Path(name)
    if p.suffix == ".rq" and p.exists():
        return parse(p)
    candidate = QUERY_DIR / f"{name}.rq"
    if candidate.exists():
        return parse(candidate)
    raise QueryError(f"no query named {name!r}; `kg query --list` shows them (or give a path to a .rq file)")
