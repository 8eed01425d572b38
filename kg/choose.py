"""What did the user mean? Never a silent guess: one clear answer, or the candidates listed
(name, kind, province, how often mentioned) and NotFound. A generic word ("cầu", "khu công
nghiệp", "bridge") is a kind of project, answered with the projects of that kind. Parameters of
`kg query -p` are accepted in the forms the CLI prints (id:project/..., concept keys, province
names, type labels) as well as full IRIs."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Callable

from . import labels, lazy
from .errors import NotFound
from .namespaces import ID
from .queries import QueryError
from .text import fold_key

indicators, lookup = lazy("kg.indicators"), lazy("kg.lookup")  # (numpy, rapidfuzz, rdflib graphs): when asked

PROJECTS_VOCAB = Path(__file__).resolve().parent / "vocab" / "projects.json"
MARGIN = 8  # candidates within this many points of the best are "about equal"
THRESHOLD = 70


@lru_cache(maxsize=1)
def type_words() -> dict[str, str]:
    """Folded words that name a kind of project → its type code: the triggers and abbreviations
    of kg/vocab/projects.json and the type labels of ontology/schemes.ttl (both languages)."""
    vocab = json.loads(PROJECTS_VOCAB.read_text(encoding="utf-8"))
    words = {fold_key(w): t for w, t, *_ in vocab["triggers"]}
    for abbrev, full in vocab["abbreviations"].items():
        if fold_key(full) in words:
            words[fold_key(abbrev)] = words[fold_key(full)]
    for code in set(words.values()) | {"programme"}:
        words[fold_key(code.replace("_", " "))] = code
        for lang in labels.LANGS:
            words.setdefault(fold_key(labels.label("project_type", code, lang)), code)
            words.setdefault(fold_key(labels.label("project_type", code, lang)) + "s", code)  # bridges
    return words


def generic_type(query: str) -> str | None:
    """'cau' → 'bridge', 'khu cong nghiep' → 'industrial_park'; None for a name."""
    return type_words().get(fold_key(" ".join(query.split())))


def describe_project(row: dict, lang: str = "en") -> str:
    n = int(row.get("mentions") or 0)
    kind = labels.label("project_type", row["type"], lang)
    return f"{row['name']}  ({kind}, {row.get('provinceName') or '?'}, {labels.count(n, 'mention', lang)})"


def _listing(lines: list[str], limit: int = 40) -> str:
    shown = [f"  {l}" for l in lines[:limit]]
    if len(lines) > limit:
        shown.append(f"  … and {len(lines) - limit} more")
    return "\n".join(shown)


def projects_of_type(query: str, code: str, rows: list[dict], lang: str = "en") -> NotFound:
    mine = sorted((r for r in rows if r["type"] == code), key=lambda r: (-int(r.get("mentions") or 0), r["name"]))
    kind = labels.label("project_type", code, lang)
    if not mine:
        return NotFound(f"{query!r} is a kind of project ({kind}); the store has none")
    return NotFound(f"{query!r} is a kind of project ({kind}) and matches several: {len(mine)} in the store, "
                    f"say which (kg project NAME):\n" + _listing([f"{describe_project(r, lang)}  {_short(r['project'])}"
                                                        for r in mine]))


def one(query: str, ranked: list[lookup.Candidate], what: str,
        describe: Callable[[lookup.Candidate], str] | None = None) -> lookup.Candidate:
    """The one candidate a query means, from the head of its ranking (best first: at least five,
    and all within MARGIN of the best); NotFound listing the closest (no match) or the rivals
    (several about equally good)."""
    describe = describe or (lambda c: c.label)
    if not ranked or ranked[0].score < THRESHOLD:
        close = [describe(c) for c in ranked[:5]]
        raise NotFound(f"no {what} matches {query!r}" + ("; closest:\n" + _listing(close) if close else ""))
    top = ranked[0]
    rivals = lookup.close_to_top(ranked, MARGIN)
    if rivals:
        raise NotFound(f"{query!r} matches several {what}s about equally ({len(rivals) + 1}), say which:\n"
                       + _listing([f"{describe(c)}  {_short(c.id)}" for c in [top] + rivals]))
    return top


def _short(iri: str) -> str:
    return str(iri).replace(str(ID), "id:")


# ------------------------------------------------------------------ kg query -p

_IRI_EXAMPLE = re.compile(r"https?://\S+")


def parameter_value(name: str, kind: str, value: str,
                    resolvers: dict[str, Callable[[str], str]] | None = None) -> str:
    """A user's -p value in the form the query wants: an IRI for `iri` parameters (id:..., a path
    under id/, an indicator key or words, or a name the resolvers know), a type code for `type`."""
    value = value.strip()
    if kind == "string" and name in ("type", "phase"):
        return _code(name, value)
    if kind != "iri":
        return value
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    if re.match(r"^https?://", value):
        return value
    if value.startswith("id:"):
        return str(ID) + value[3:]
    if re.match(r"^(doc|project|locality|indicator|agency|status)/", value):
        return str(ID) + value
    if name == "indicator":
        found = indicators.lookup(value)
        if len(found) == 1:
            return ID + f"indicator/{found[0].key}"
        if found:
            raise QueryError(f"parameter 'indicator': {value!r} matches {len(found)} indicators, say which: "
                             + ", ".join(c.key for c in found[:12]))
    resolve = (resolvers or {}).get(name)
    if resolve:
        return resolve(value)
    raise QueryError(f"parameter {name!r} wants an IRI: id:..., https://w3id.org/vn-plan-kg/id/... "
                     f"or <IRI>, got {value!r}")


def _code(name: str, value: str) -> str:
    """'cầu' or 'bridge' → 'bridge' for ?type; a phase label → its code for ?phase."""
    if name == "type":
        return generic_type(value) or value
    key = fold_key(value)
    for code in ("identification", "preparation", "implementation", "completion", "unspecified"):
        if key in (code, *(fold_key(labels.label("phase", code, lang)) for lang in labels.LANGS)):
            return code
    return value
