"""Words for codes, in Vietnamese and English, from the SKOS schemes: one source of labels for
the CLI, the plots and the exports. ontology/schemes.ttl holds the project lifecycle (actions and
phases), project types, units, aggregations and the interface words; ontology/indicators.ttl the
indicator concepts. Both are parsed once.

Numbers are written in the language's notation: "4 302,5" in Vietnamese (TCVN: a space between
thousands, a decimal comma), "4,302.5" in English.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from .namespaces import ID, KG, SKOS

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
LANGS = ("en", "vi")
# id/{scheme}/{notation}: the IRI path of each scheme's concepts
SCHEMES = {"action": "status", "phase": "status", "project_type": "project-type", "unit": "unit",
           "aggregation": "aggregation", "ui": "ui", "indicator": "indicator", "agency_kind": "agency-kind"}


def default_lang(environ=os.environ) -> str:
    """'vi' when LANG (or LC_ALL, LC_MESSAGES) asks for Vietnamese, else English."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(var)
        if value:
            return "vi" if value.lower().startswith("vi") else "en"
    return "en"


@lru_cache(maxsize=1)
def _schemes() -> tuple[dict[tuple[str, str], dict[str, str]], dict[str, str]]:
    """((IRI, property) → {lang: text} for prefLabel and pluralLabel, action notation → the
    notation of its phase (skos:broader in the project lifecycle)), parsed once (pyoxigraph parses
    the schemes ten times faster than rdflib: this is on the path of every CLI command)."""
    import pyoxigraph as ox
    props = {SKOS + "prefLabel": "pref", KG + "pluralLabel": "plural"}
    broader, status = SKOS + "broader", ID + "status/"
    table: dict[tuple[str, str], dict[str, str]] = {}
    phases: dict[str, str] = {}
    for name in ("schemes.ttl", "indicators.ttl"):
        for q in ox.parse(path=str(ONTOLOGY_DIR / name), format=ox.RdfFormat.TURTLE):
            prop = props.get(q.predicate.value)
            if prop and isinstance(q.object, ox.Literal) and q.object.language:
                table.setdefault((q.subject.value, prop), {})[q.object.language] = q.object.value
            elif q.predicate.value == broader and q.subject.value.startswith(status):
                phases[q.subject.value[len(status):]] = q.object.value[len(status):]
    return table, phases


def phase(action: str) -> str | None:
    """The lifecycle phase of an action: 'inaugurate' → 'completion'; None for a phase itself."""
    return _schemes()[1].get(action)


def label(kind: str, code: str | None, lang: str = "en") -> str:
    """The label of a code in a scheme ('action', 'unit', 'indicator' ...); the code itself, made
    readable, when the scheme does not know it."""
    if not code:
        return ""
    found = _schemes()[0].get((ID + f"{SCHEMES[kind]}/{code}", "pref"))
    if found:
        return found.get(lang) or found.get("en") or next(iter(found.values()))
    if kind == "unit" and code.endswith("_per_person"):
        return label("unit", code[: -len("_per_person")], lang) + label("unit", "per_person", lang)
    return code.replace("_", " ")


def word(code: str, lang: str = "en") -> str:
    """An interface word: word('quote', 'vi') → 'trích dẫn'."""
    return label("ui", code, lang)


def count(n: int, code: str, lang: str = "en") -> str:
    """'1 mention', '5 mentions', '5 lần nhắc': the English plural from kg:pluralLabel."""
    if lang == "en" and n != 1:
        plural = _schemes()[0].get((ID + f"ui/{code}", "plural"), {}).get("en")
        if plural:
            return f"{n} {plural}"
    return f"{n} {word(code, lang)}"


def number(x: float | int | None, lang: str = "en") -> str:
    """6388.3 → '6 388,3' (vi) or '6,388.3' (en); whole numbers without decimals."""
    if x is None:
        return "?"
    text = f"{abs(x):,.6f}".rstrip("0").rstrip(".")
    if lang == "vi":
        text = text.replace(",", "\u00a0").replace(".", ",")  # a no-break space: a number is never wrapped
    return ("-" if x < 0 else "") + text


def quantity(x: float | int | None, unit: str | None, lang: str = "en") -> str:
    """'4 302 USD/người', '4,302 USD per person', '6,5 %'."""
    words = label("unit", unit, lang)
    if not words:
        return number(x, lang)
    sep = "" if words[0] in "/%" else " "
    return f"{number(x, lang)}{sep}{words}"
