"""Agencies: the bodies a text names (HĐND tỉnh, UBND tỉnh, Tỉnh ủy, Bộ Kế hoạch và Đầu tư, Sở Xây
dựng, Ban Quản lý dự án Mỹ Thuận, Ngân hàng Keximbank ...), abbreviations spelled out (kg/vocab/
agencies.json), provincial bodies scoped to their province, and the roles a document gives them:
who submitted it, who implements it, who supervises it, who leads or partners a project."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .localities import province as find_province
from .text import UPPER, fold_key, slug, tone_key

VOCAB = json.loads((Path(__file__).parent / "vocab" / "agencies.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Agency:
    name: str  # canonical, with its province: "Ủy ban nhân dân tỉnh Bến Tre"
    kind: str
    province: str | None  # None for national bodies
    parent: str | None = None  # canonical name of the body it belongs to

    @property
    def iri_path(self) -> str:
        return f"agency/{slug(self.province) if self.province else 'vn'}/{slug(self.name)}"


@dataclass
class AgencyMention:
    span: tuple[int, int]
    surface: str
    agency: Agency


def _expand(s: str) -> str:
    for abbr, full in sorted(VOCAB["abbreviations"].items(), key=lambda kv: -len(kv[0])):
        s = re.sub(rf"(?<!\w){re.escape(abbr)}(?!\w)", full, s)
    return s


@lru_cache(maxsize=1)
def _patterns():
    """(regex, builder) pairs, longest written forms first."""
    out = []
    for written, canonical, kind, scope, parent in VOCAB["bodies"]:
        out.append((written, canonical, kind, scope, parent))
        expanded = _expand(written)
        if expanded != written:
            out.append((expanded, canonical, kind, scope, parent))
    out.sort(key=lambda t: -len(t[0]))
    bodies = [(re.compile(rf"{_loose(w, bounded=True)}(?!\w)(?P<place>[ \t]+(?:tỉnh[ \t]+)?[{UPPER}]\w*(?:[ \t]+[{UPPER}]\w*)*)?",
                          re.IGNORECASE if w[0].islower() else 0), c, k, s, p, _needle(w)) for w, c, k, s, p in out]
    fields = sorted(VOCAB["fields"] + list({v for v in VOCAB["abbreviations"].values()}), key=len, reverse=True)
    field_alt = "|".join(_loose(f) for f in fields) + "|" + "|".join(re.escape(a) for a in VOCAB["abbreviations"])
    heads = [(re.compile(rf"{_bounded(h)}[ \t]+(?P<field>{field_alt})(?!\w)"), h, kind, scope, parent)
             for h, kind, scope, parent in VOCAB["heads"]]
    named = [(re.compile(rf"{_loose(h, bounded=True)}[ \t]+(?P<field>(?:[{UPPER}]\w*[ \t]*){{1,5}})"), h, kind, scope)
             for h, kind, scope in VOCAB["named_heads"]]
    return bodies, heads, named


_MORE_PROVINCES = re.compile(rf"[ \t]*(?:,|và)[ \t]*(?:tỉnh[ \t]+)?(?P<name>[{UPPER}]\w*(?:[ \t]+[{UPPER}]\w*)*)")
# case-sensitive on purpose: under IGNORECASE the capitals class would run on into lowercase words
_WITH_PROVINCE = re.compile(rf"[Pp]hối[ \t]+hợp[ \t]+với[ \t]+(?P<place>tỉnh[ \t]+(?P<name>[{UPPER}]\w*(?:[ \t]+[{UPPER}]\w*)*))")


def _needle(phrase: str) -> str:
    """A word every spelling of the phrase contains (case-folded, not one with a movable tone mark):
    a cheap test that lets find() skip patterns that cannot match."""
    words = [w for w in phrase.casefold().split() if not re.search("uy|oa|oe", fold_key(w))]
    return max(words, key=len, default="")


def _bounded(rx: str) -> str:
    """A fixed-width regex that does not follow a word character: (?<!\\w)rx, written with the
    look-behind after rx so that re searches for rx's text instead of trying every position of the
    document (the same matches, ~10x faster on a long text)."""
    return rf"{rx}(?<!\w{rx})"


def _loose(phrase: str, bounded: bool = False) -> str:
    """A written form as a regex: any spacing, either tone placement of 'uỷ'/'ủy'; `bounded`: not
    right after a word character."""
    words = [re.escape(w).replace("ủy", "[ủu][yỷ]").replace("Ủy", "[ỦU][yỷ]") for w in phrase.split()]
    if bounded:
        words[0] = _bounded(words[0])
    return r"[ \t]+".join(words)


def _scoped(name: str, scope: str, doc_province: str | None, place: str | None) -> tuple[str, str | None]:
    if scope != "province":
        return name, None
    named = find_province(place) if place else None
    prov = named.name if named else doc_province
    if not prov:
        return name, None
    if name.endswith(" tỉnh"):
        return f"{name} {prov}", prov
    return (f"{name} {prov}" if "Tỉnh ủy" in name or name.startswith("Ban Quản lý") else f"{name} tỉnh {prov}"), prov


def find(text: str, doc_province: str | None, lo: int = 0, hi: int | None = None) -> list[AgencyMention]:
    hi = len(text) if hi is None else hi
    bodies, heads, named = _patterns()
    found: list[AgencyMention] = []
    taken: list[tuple[int, int]] = []

    def add(span, agency):
        if any(a < span[1] and span[0] < b for a, b in taken):
            return
        taken.append(span)
        found.append(AgencyMention(span, text[span[0]:span[1]], agency))

    for pattern, h, kind, scope, parent in heads:
        for m in pattern.finditer(text, lo, hi):
            field_name = _expand(m["field"])
            name, prov = _scoped(f"{h} {field_name}", scope, doc_province, None)
            parent_name = _scoped(parent, "province" if scope == "province" else "national", doc_province, None)[0]
            add(m.span(), Agency(name, kind, prov, parent_name))
    for pattern, h, kind, scope in named:
        for m in pattern.finditer(text, lo, hi):
            field_name = m["field"].strip()
            add((m.start(), m.start() + len(h) + 1 + len(field_name)),
                Agency(f"{h} {field_name}", kind, doc_province if scope == "province" else None))
    folded = text[lo:hi].casefold()
    for pattern, canonical, kind, scope, parent, needle in bodies:
        if needle not in folded:
            continue
        for m in pattern.finditer(text, lo, hi):
            place = re.sub(r"^tỉnh\s+", "", (m["place"] or "").strip(), flags=re.IGNORECASE) or None
            if place and find_province(place) is None:
                place = None  # "Hội đồng nhân dân tỉnh Thường ...": not a province after all
            end = m.end() if place else m.end() - len(m["place"] or "")
            name, prov = _scoped(canonical, scope, doc_province, place)
            parent_name = _scoped(parent, scope, doc_province, place)[0] if parent else None
            add((m.start(), end), Agency(name, kind, prov, parent_name))
            # "UBND tỉnh Tiền Giang, Bến Tre và ...": the same body of each province listed
            while place and (more := _MORE_PROVINCES.match(text, end)) and find_province(more["name"]):
                end = more.end()
                name, prov = _scoped(canonical, scope, doc_province, more["name"])
                add((more.start("name"), end), Agency(name, kind, prov, parent))
    # "phối hợp với tỉnh Vĩnh Long": a province acting is its people's committee
    for m in _WITH_PROVINCE.finditer(text, lo, hi):
        if find_province(m["name"]):
            name, prov = _scoped("Ủy ban nhân dân tỉnh", "province", doc_province, m["name"])
            add(m.span("place"), Agency(name, "peoples_committee", prov))
    return sorted(found, key=lambda a: a.span)


def roles(text: str, lo: int, hi: int, mentions: list[AgencyMention]) -> list[tuple[str, AgencyMention]]:
    """(role, agency mention) for the agencies of one clause that carries a role word
    (implementer, supervisor, lead, partner)."""
    out = []
    clause_key = tone_key(text[lo:hi])
    for role, words in VOCAB["roles"].items():
        if any(tone_key(w) in clause_key for w in words):
            out += [(role, a) for a in mentions if lo <= a.span[0] < hi]
    return out


def issuer(name: str | None, province: str | None) -> Agency | None:
    """The body a document's issuer line names ("HỘI ĐỒNG NHÂN DÂN TỈNH BẾN TRE")."""
    if not name:
        return None
    found = find(name, province)
    return found[0].agency if found else Agency(name, "issuer", province)


def parent_of(agency: Agency) -> Agency | None:
    """The body an agency belongs to, with its kind from the vocabulary ("Sở ..." → UBND tỉnh)."""
    if not agency.parent:
        return None
    kinds = {c: (k, sc) for _, c, k, sc, _ in VOCAB["bodies"]}
    base = next((c for c in kinds if agency.parent.startswith(c)), None)
    kind, scope = kinds.get(base, ("government", "national"))
    return Agency(agency.parent, kind, agency.province if scope == "province" else None)
