"""The indicator concept scheme (ontology/indicators.ttl) and classification of target wording.

A concept fits a value when one of its wordings (skos:prefLabel / skos:altLabel) stands in the
value's own words, all its kg:requiredWord stand there too, and — if it has context labels —
one of them stands in the clause (for sub-items such as "khu vực I" under "Cơ cấu kinh tế").
Among fitting concepts whose unit family agrees with the value's unit, the longest fit wins.
Everything a concept needs is data in the Turtle file: adding one needs no code.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .namespaces import KG, SKOS
from .text import fold_key, tone_key, word_pattern

SCHEME_FILE = Path(__file__).resolve().parent.parent / "ontology" / "indicators.ttl"  # editable install
UNCLASSIFIED = "unclassified"


_NOT_WORD = re.compile(r"[^\w/%]+")


@lru_cache(maxsize=1 << 14)  # classify() gets the same clause words for every value in a clause
def words(s: str) -> str:
    """Matching form: tone key without punctuation, so 'nông - lâm - thủy sản' = 'nông lâm thủy sản'."""
    return " ".join(_NOT_WORD.sub(" ", tone_key(s)).split())


def unit_family(unit: str | None) -> str | None:
    if not unit:
        return None
    if unit.startswith("percent"):
        return "percent"
    if "vnd" in unit or "usd" in unit:
        return "money"
    if unit.endswith("_per_10k"):
        return "per_10k"
    return "count"


@dataclass(frozen=True)
class Concept:
    key: str
    label_vi: str
    label_en: str
    unit: str | None
    labels: tuple[str, ...]  # matching forms (see words())
    context: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    definition: str = ""
    folded: tuple[str, ...] = field(default=(), compare=False)  # for diacritic-free lookups

    @property
    def family(self):
        return unit_family(self.unit)


@lru_cache(maxsize=1)
def scheme() -> dict[str, Concept]:
    # (pyoxigraph parses the file ten times faster than rdflib: this is on every extraction's path)
    import pyoxigraph as ox
    props: dict[str, dict[str, list]] = {}  # subject → predicate → objects, in the file's order
    for q in ox.parse(path=str(SCHEME_FILE), format=ox.RdfFormat.TURTLE):
        props.setdefault(q.subject.value, {}).setdefault(q.predicate.value, []).append(q.object)

    def texts(c, prop, langs=None):
        return [o.value for o in c.get(str(prop), []) if langs is None or o.language in langs]

    out = {}
    for c in props.values():
        if str(SKOS.notation) not in c:
            continue
        key = texts(c, SKOS.notation)[0]
        pref = {o.language: o.value for o in c.get(str(SKOS.prefLabel), [])}
        alts, alts_en = texts(c, SKOS.altLabel, (None, "vi")), texts(c, SKOS.altLabel, ("en",))
        unit = texts(c, KG.unit)
        out[key] = Concept(
            key=key, label_vi=pref.get("vi", key), label_en=pref.get("en", key),
            unit=unit[0] if unit else None,
            labels=tuple(sorted({words(a) for a in alts + [pref.get("vi", "")] if a}, key=len, reverse=True)),
            context=tuple(words(l) for l in texts(c, KG.contextLabel)),
            required=tuple(words(l) for l in texts(c, KG.requiredWord)),
            definition=(texts(c, SKOS.definition) or [""])[0],
            folded=tuple({fold_key(a) for a in alts + alts_en + list(pref.values())} | {key.replace("_", " ")}))
    return out


def _find(needle: str, hay: str) -> int:
    """Length of needle when it stands in hay at word boundaries, else 0."""
    # most wordings are not in hay at all: the substring test settles those without a regex
    if needle and needle in hay and word_pattern(re.escape(needle)).search(hay):
        return len(needle)
    return 0


def _best(options, hay):
    return max((_find(o, hay) for o in options), default=0)


_candidates_of: tuple = (None, [])


def _candidates() -> list[tuple[Concept, str | None]]:
    """The concepts classify() tries, with their unit families: made once per scheme (not for
    every value; a test swaps the scheme)."""
    global _candidates_of
    s = scheme()
    if _candidates_of[0] is not s:
        _candidates_of = (s, [(c, c.family) for c in s.values() if c.key != UNCLASSIFIED])
    return _candidates_of[1]


def classify(own: str, context_before: str = "", context_after: str = "", family: str | None = None,
             qualitative: bool = False) -> tuple[str, int]:
    """(concept key, score) for a value's own words; (UNCLASSIFIED, 0) when nothing fits.

    ``family``: the unit family of the value ('percent', 'money', 'count', 'per_10k') or None.
    ``qualitative``: a statement without a value — only concepts without a unit are considered
    first, then any concept."""
    own_w, before_w, after_w = words(own), words(context_before), words(context_after)
    best, best_score = UNCLASSIFIED, 0
    for c, c_family in _candidates():
        if family and c_family and c_family != family:
            continue
        if qualitative and c.unit or not qualitative and family and c.unit is None:
            continue  # a value never lands on a qualitative aim ("không còn hộ nghèo"), nor the reverse
        label = _best(c.labels, own_w)
        if not label or not all(_find(r, own_w) for r in c.required):
            continue
        score = 2 * label + 2 * sum(len(r) for r in c.required)
        if c.context:
            ctx = _best(c.context, before_w + " " + own_w)
            if not ctx:
                ctx = _best(c.context, after_w) / 2
            if not ctx:
                continue
            score += ctx
        if score > best_score:
            best, best_score = c.key, score
    return best, best_score


def closest(query: str, n: int = 5) -> list[Concept]:
    """The concepts whose wordings are nearest to a query that matched none (rapidfuzz)."""
    from rapidfuzz import fuzz, process
    concepts = [c for c in scheme().values() if c.key != UNCLASSIFIED]
    choices = {(i, j): f for i, c in enumerate(concepts) for j, f in enumerate(c.folded)}
    best = process.extract(fold_key(query), choices, scorer=fuzz.token_set_ratio, limit=n * 4)
    out = []
    for _, _, (i, _) in best:
        if concepts[i] not in out:
            out.append(concepts[i])
    return out[:n]


def lookup(query: str) -> list[Concept]:
    """Concepts a user means by QUERY: a key, or words in Vietnamese or English, diacritics optional."""
    q = fold_key(query).replace("_", " ")
    concepts = [c for c in scheme().values() if c.key != UNCLASSIFIED]
    exact = [c for c in concepts if c.key == query or q in c.folded]
    if exact:
        return exact
    # every word of the query in one wording; whole words before parts of words
    terms = q.split()
    whole = [c for c in concepts if any(all(re.search(rf"(?<!\w){re.escape(t)}(?!\w)", f) for t in terms)
                                        for f in c.folded)]
    return whole or [c for c in concepts if any(all(t in f for t in terms) for f in c.folded)]
