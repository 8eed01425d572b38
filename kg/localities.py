"""Localities: the provinces, districts and communes a text names, resolved to official
administrative units (GSO codes) with the `vietnamadminunits` package — its legacy table of 63
provinces for the documents' own time, and its 2025 conversion for the units that replaced them
when the district level was abolished and provinces merged on 1 July 2025.

"huyện Giồng Trôm", "(huyện Mỏ Cày Bắc)", "các huyện: Châu Thành, Thạnh Phú và Bình Đại",
"các phường Phú Hưng, Bình Phú, Sơn Đông (thành phố Bến Tre)", "xã Phú Lễ, huyện Ba Tri".
A name found in several provinces (Châu Thành) is the one in the document's province.
"""
from __future__ import annotations

import importlib.util
import json
import re
import sqlite3
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .text import UPPER, fold_key, slug

LEGACY_UNTIL = "2025-06-30"  # the last day of the 63 provinces and of the district level
NEW_FROM = "2025-07-01"

# Admin words and the level they name; "thành phố" is a district unless it is a province-level city.
ADMIN_WORDS = [("thị trấn", "commune"), ("thị xã", "district"), ("thành phố", "district"), ("tp.", "district"),
               ("tp", "district"), ("tỉnh", "province"), ("huyện", "district"), ("quận", "district"),
               ("phường", "commune"), ("xã", "commune")]
_ADMIN_RE = "|".join(re.escape(w) for w, _ in ADMIN_WORDS)
_NAME = rf"(?:[{UPPER}0-9][^\s,;:.()\[\]<>]*)(?:[ \t]+(?:[{UPPER}0-9][^\s,;:.()\[\]<>]*|-|–))*"
_SINGLE = re.compile(rf"(?<![\w])(?P<word>{_ADMIN_RE})[ \t]+(?P<name>{_NAME})", re.IGNORECASE)
_NAME_PART = rf"[{UPPER}0-9][^\s,;:.()\[\]<>\-–]*(?:[ \t]+[{UPPER}0-9][^\s,;:.()\[\]<>\-–]*)*"
_ACROSS = re.compile(rf"liên[ \t]+huyện[ \t]+(?P<names>{_NAME_PART}(?:[ \t]*[-–][ \t]*{_NAME_PART})+)", re.IGNORECASE)
_LIST = re.compile(rf"(?<![\w])các[ \t]+(?P<word>{_ADMIN_RE})[ \t]*:?[ \t]*(?P<names>{_NAME}(?:[ \t]*(?:,|\bvà\b)[ \t]*{_NAME})+)",
                   re.IGNORECASE)


@dataclass(frozen=True)
class Unit:
    level: str  # province | district | commune
    name: str  # short name: "Bình Đại"
    full_name: str  # "Huyện Bình Đại"
    code: str
    province: str  # short name of the legacy province
    district: str | None = None
    new: bool = False  # a unit of the post-2025 map

    @property
    def iri_path(self) -> str:
        prefix = "2025/" if self.new else ""
        return f"locality/{prefix}{self.code}-{slug(self.name)}"


@dataclass
class Place:
    """A locality named in a text."""
    span: tuple[int, int]
    surface: str
    level: str
    name: str
    unit: Unit | None = None
    context: list[str] = field(default_factory=list)


def _query(sql: str) -> list[dict]:
    """Rows of vietnamadminunits' own table of units, read without importing the package (its
    address parsers take half a second to import; only the 2025 conversion needs them)."""
    data = Path(importlib.util.find_spec("vietnamadminunits").origin).parent / "data" / "dataset.db"
    with sqlite3.connect(f"file:{data}?mode=ro", uri=True) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(sql)]


@lru_cache(maxsize=1)
def _legacy():
    rows = _query("SELECT provinceShort, province, provinceCode, districtShort, district, districtCode, "
                 "wardShort, ward, wardCode FROM admin_units_legacy")
    provinces, districts, wards = {}, {}, {}
    for r in rows:
        p = Unit("province", r["provinceShort"], r["province"], r["provinceCode"], r["provinceShort"])
        provinces[fold_key(p.name)] = p
        if r["districtShort"]:
            d = Unit("district", r["districtShort"], r["district"], r["districtCode"], r["provinceShort"])
            districts.setdefault(fold_key(d.name), {})[d.code] = d
        if r["wardShort"]:
            w = Unit("commune", r["wardShort"], r["ward"], r["wardCode"], r["provinceShort"], r["districtShort"])
            wards.setdefault(fold_key(w.name), {})[w.code] = w
    return provinces, {k: list(v.values()) for k, v in districts.items()}, {k: list(v.values()) for k, v in wards.items()}


@lru_cache(maxsize=1)
def provinces() -> dict[str, Unit]:
    """Folded short name → unit, for the 63 legacy provinces (without loading every district and commune)."""
    rows = _query("SELECT DISTINCT provinceShort, province, provinceCode FROM admin_units_legacy")
    return {fold_key(r["provinceShort"]): Unit("province", r["provinceShort"], r["province"], r["provinceCode"],
                                               r["provinceShort"]) for r in rows}


def province(name: str | None) -> Unit | None:
    if not name:
        return None
    key = fold_key(re.sub(r"^(tỉnh|thành phố)\s+", "", name.strip(), flags=re.IGNORECASE))
    return provinces().get(key)


def split_level(words: str) -> tuple[str | None, str]:
    """("district", "Binh Dai") for "huyen Binh Dai": a leading level word, diacritics optional."""
    parts = words.split()
    for w, level in ADMIN_WORDS:
        n = len(w.split())
        if len(parts) > n and fold_key(" ".join(parts[:n])) == fold_key(w):
            return level, " ".join(parts[n:])
    return None, " ".join(parts)


def _level(word: str) -> str:
    w = word.lower()
    return next(level for a, level in ADMIN_WORDS if a == w)


def resolve(level: str, name: str, doc_province: str | None, context_district: str | None = None,
            word: str = "") -> Unit | None:
    """The official unit a (level, name) means in a document of doc_province."""
    provinces, districts, wards = _legacy()
    key = fold_key(name)
    if level == "province" or (level == "district" and key in provinces and word.lower().startswith("thành phố")
                               and not any(d.province == doc_province for d in districts.get(key, []))):
        return provinces.get(key)
    if level == "district":
        cands = districts.get(key, [])
        if word.lower() == "thành phố":  # "thành phố Bến Tre" is a city, "huyện Bến Tre" is not
            cands = [c for c in cands if c.full_name.lower().startswith("thành phố")] or cands
        return _pick(cands, doc_province)
    cands = wards.get(key, [])
    if context_district:
        near = [c for c in cands if fold_key(c.district) == fold_key(context_district)]
        cands = near or cands
    if word:
        typed = [c for c in cands if c.full_name.lower().startswith(word.lower())]
        cands = typed or cands
    return _pick(cands, doc_province)


def _pick(cands: list[Unit], doc_province: str | None) -> Unit | None:
    mine = [c for c in cands if c.province == doc_province]
    if len(mine) >= 1:
        return mine[0]
    return cands[0] if len(cands) == 1 else None


def find(text: str, doc_province: str | None, lo: int = 0, hi: int | None = None) -> list[Place]:
    """Every locality text[lo:hi] names, resolved where the official tables allow."""
    hi = len(text) if hi is None else hi
    places: list[Place] = []
    taken: list[tuple[int, int]] = []
    for m in _LIST.finditer(text, lo, hi):  # "các huyện: Châu Thành, Thạnh Phú và Bình Đại"
        level, word = _level(m["word"]), m["word"]
        for nm in re.finditer(_NAME, m["names"]):
            s = m.start("names") + nm.start()
            places.append(Place((s, s + len(nm.group(0))), nm.group(0), level, nm.group(0), context=[word]))
        taken.append(m.span())
    for m in _ACROSS.finditer(text, lo, hi):  # "liên huyện Châu Thành – Bình Đại": a road through both
        for nm in re.finditer(_NAME_PART, m["names"]):
            s = m.start("names") + nm.start()
            places.append(Place((s, s + len(nm.group(0))), nm.group(0), "district", nm.group(0), context=["huyện"]))
        taken.append(m.span())
    for m in _SINGLE.finditer(text, lo, hi):
        if any(a <= m.start() < b for a, b in taken):
            continue
        name = m["name"].strip(" -–")
        places.append(Place(m.span(), m.group(0).strip(" -–"), _level(m["word"]), name, context=[m["word"]]))
    places.sort(key=lambda p: p.span)
    for i, p in enumerate(places):
        district = _district_nearby(places, i, text)
        p.unit = resolve(p.level, p.name, doc_province, district, p.context[0] if p.context else "")
        if p.unit:
            p.level = p.unit.level  # "Thành phố Hồ Chí Minh" is a province-level city
    return [p for p in places if p.unit is not None]


def _district_nearby(places: list[Place], i: int, text: str) -> str | None:
    """For a commune: the district named right after it ("xã Phú Lễ, huyện Ba Tri",
    "(thành phố Bến Tre)") or the one just before it in the same sentence."""
    p = places[i]
    if p.level != "commune":
        return None
    for q in places[i + 1:i + 6]:
        if q.level == "district" and q.span[0] - p.span[1] < 80:
            return q.name
    for q in reversed(places[max(0, i - 3):i]):
        if q.level == "district" and "." not in text[q.span[1]:p.span[0]]:
            return q.name
    return None


@lru_cache(maxsize=4096)
def successor(unit: Unit) -> Unit | None:
    """The post-2025 unit that replaced a legacy province or commune (districts were abolished)."""
    if unit.new or unit.level == "district":
        return None
    if unit.level == "province":
        return _province_successors().get(unit.code)
    from vietnamadminunits import convert_address
    provinces, _, wards = _legacy()
    p = provinces[fold_key(unit.province)]
    if unit.level == "province":
        address = p.full_name
    else:
        d = next((x for x in _legacy()[1].get(fold_key(unit.district), []) if x.province == unit.province), None)
        address = ", ".join(x for x in (unit.full_name, d.full_name if d else None, p.full_name) if x)
    try:
        r = convert_address(address)
    except Exception:  # the package cannot convert this unit: keep it without a successor
        return None
    if unit.level == "province" or not r.ward:
        return Unit("province", r.short_province, r.province, r.province_code, r.short_province, new=True)
    return Unit("commune", r.short_ward, r.ward, r.ward_code, r.short_province, new=True)


@lru_cache(maxsize=1)
def _province_successors() -> dict[str, Unit]:
    """Legacy province code → the province that replaced it, from the package's own conversion
    table (what convert_address answers for a province, without importing its parsers)."""
    table = Path(importlib.util.find_spec("vietnamadminunits").origin).parent / "data" / "converter_2025.json"
    merged_into = {old: new for new, olds in json.loads(table.read_text(encoding="utf-8"))["DICT_PROVINCE"].items()
                   for old in olds}
    new = {r["provinceKey"]: Unit("province", r["provinceShort"], r["province"], r["provinceCode"], r["provinceShort"],
                                  new=True)
           for r in _query("SELECT DISTINCT provinceShort, province, provinceCode, provinceKey FROM admin_units")}
    return {r["provinceCode"]: new[merged_into[r["provinceKey"]]]
            for r in _query("SELECT DISTINCT provinceCode, provinceKey FROM admin_units_legacy")
            if merged_into.get(r["provinceKey"]) in new}


@lru_cache(maxsize=1)
def _by_code() -> dict[tuple[bool, str], Unit]:
    """(new, code) → unit, for both maps."""
    provinces, districts, wards = _legacy()
    out = {(False, u.code): u for u in provinces.values()}
    for group in (districts, wards):
        for units in group.values():
            out.update({(False, u.code): u for u in units})
    for r in _query("SELECT provinceShort, province, provinceCode, wardShort, ward, wardCode FROM admin_units"):
        out[(True, r["provinceCode"])] = Unit("province", r["provinceShort"], r["province"], r["provinceCode"],
                                              r["provinceShort"], new=True)
        if r["wardCode"]:
            out[(True, r["wardCode"])] = Unit("commune", r["wardShort"], r["ward"], r["wardCode"], r["provinceShort"],
                                              new=True)
    return out


def by_iri_path(path: str) -> Unit | None:
    """The unit of an IRI path 'locality/835-binh-dai' or 'locality/2025/86-vinh-long'."""
    m = re.search(r"locality/(2025/)?(\d+)-", path)
    return _by_code().get((bool(m[1]), m[2])) if m else None


def parent(unit: Unit) -> Unit | None:
    """The unit a district or commune lies in (legacy map)."""
    provinces, districts, _ = _legacy()
    if unit.level == "district":
        return provinces.get(fold_key(unit.province))
    if unit.level == "commune" and unit.district:
        return next((d for d in districts.get(fold_key(unit.district), []) if d.province == unit.province), None)
    return None


# ------------------------------------------------------------------ lookups (kg locality)

LEVEL_ORDER = {"province": 0, "district": 1, "commune": 2}
FUZZY_AT_LEAST = 86  # "binh dia" finds Bình Đại, "phu thuan" does not find Phú Hưng


def valid_on(row: dict, day: str) -> bool:
    return (row.get("validFrom") or "0000") <= day <= (row.get("validUntil") or "9999")


def known_elsewhere(name: str, level: str | None = None) -> list[Unit]:
    """Official units of this name (legacy map), for saying that a unit exists but no document names it."""
    provinces, districts, wards = _legacy()
    key = fold_key(name)
    found = ([provinces[key]] if key in provinces else []) + districts.get(key, []) + wards.get(key, [])
    return [u for u in found if level is None or u.level == level]


def _where(u: Unit) -> str:
    return ", ".join(x for x in (u.full_name, u.district, u.province) if x)


def choose(text: str, rows: list[dict], day: str):
    """(the unit row a query means, other units of that name, exact?) from the rows of
    queries/localities.rq. A level word narrows ("huyen Cho Lach"); of units equally named, a
    district comes before a commune and the unit valid on `day` first. Only an exact name or a
    near spelling is taken; otherwise NotFound with the closest units — and, when the official
    tables know the name, where that unit is."""
    from .errors import NotFound
    from .lookup import Candidate, rank
    level_word, name = split_level(text)
    by_iri: dict[str, dict] = {}
    for r in rows:
        if not level_word or r["level"] == level_word:
            by_iri.setdefault(r["locality"], r)
    ranked = rank(fold_key(name), [Candidate(i, r["fullName"] or r["name"], [r["key"]]) for i, r in by_iri.items()])
    if not ranked or ranked[0].score < FUZZY_AT_LEAST:
        msg = f"no locality in the store matches {text!r}"
        held = {r["within"] for r in rows if r["level"] == "district"}  # the provinces the documents are about
        official = sorted(known_elsewhere(name, level_word), key=lambda u: u.province not in held)[:3]
        if official:
            msg += "; the official tables have " + "; ".join(_where(u) for u in official) + \
                   ", but no document in the store names it"
        close = list(dict.fromkeys(c.label for c in ranked[:8] if c.score >= 50))[:5]
        raise NotFound(msg + ("; closest in the store: " + "; ".join(close) if close else ""))
    top = [c for c in ranked if c.score >= ranked[0].score - 1]
    top.sort(key=lambda c: (LEVEL_ORDER[by_iri[c.id]["level"]], not valid_on(by_iri[c.id], day)))
    return by_iri[top[0].id], [by_iri[c.id] for c in top[1:]], ranked[0].score >= 200
