"""Entity resolution: one project per real object across spellings, documents and years.

Every mention gets a key that does not depend on the document it stands in, so ids agree between
separate `kg extract` runs: abbreviations spelled out (KCN → Khu công nghiệp), component prefixes
and the province's own name dropped ("hạ tầng", "Bệnh viện đa khoa tỉnh Bến Tre" → "bệnh viện đa
khoa"), synonyms folded ("rác thải" → "rác"), diacritics removed — so "Phong Nẫm"/"Phong Năm" and
"Đình Khao"/"Đinh Khao" meet. Names rules cannot reconcile come from the alias table
(kg/vocab/project_aliases.json). When a whole corpus is built, keys of the same type and province
that differ by a typo are merged too (rapidfuzz). Every merge keeps its reason for `--explain`.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .projects import VOCAB, ProjectMention, expand
from .text import fold_key, slug

ALIASES_FILE = Path(__file__).parent / "vocab" / "project_aliases.json"
FUZZY_MIN = 92  # rapidfuzz ratio for merging two keys of one type and province


def _fold_words(s: str) -> str:
    return " ".join(re.sub(r"[^\w.]+", " ", fold_key(s)).split())


@lru_cache(maxsize=1)
def _key_rules():
    synonyms = [(_fold_words(a), _fold_words(b)) for a, b in VOCAB["key_synonyms"]]
    prefixes = sorted((_fold_words(p) for p in VOCAB["prefixes"]), key=len, reverse=True)
    drop = {_fold_words(w) for w in VOCAB["key_drop_words"]}
    return synonyms, prefixes, drop


# "... giai đoạn 2021 - 2025, tầm nhìn đến năm 2030", "... năm 2023": a programme's period, not its name
_PERIOD_TAIL = re.compile(r"\s+(?:giai doan|thoi ky|den nam|tam nhin|dinh huong|nam)\s+(?:den nam\s+)?\d{4}\b.*$")


def key(name: str, province: str | None) -> str:
    """The resolution key of a project name within a province."""
    synonyms, prefixes, drop = _key_rules()
    words = " ".join(expand(w) if w.isupper() else w for w in name.split())
    k = f" {_fold_words(expand(words))} "
    for a, b in synonyms:
        k = k.replace(f" {a} ", f" {b} ")
    k = _PERIOD_TAIL.sub("", k).strip()
    for p in prefixes:
        if k.startswith(p + " ") and len(k) > len(p) + 4:
            k = k[len(p) + 1:]
            break
    if province:
        prov = _fold_words(province)
        k = re.sub(rf"(?:\s+tinh)?\s+{re.escape(prov)}$", "", k)
        k = re.sub(r"\s+tinh$", "", k)
    return " ".join(w for w in k.split() if w not in drop)


@lru_cache(maxsize=1)
def _alias_table() -> dict[tuple[str, str], str]:
    """(province key, name key) → canonical name."""
    data = json.loads(ALIASES_FILE.read_text(encoding="utf-8"))
    out = {}
    for entry in data["projects"]:
        prov = entry["province"]
        for n in [entry["name"]] + entry["aliases"]:
            out[(fold_key(prov), key(n, prov))] = entry["name"]
    return out


def project_id(name: str, province: str | None) -> str:
    return f"{slug(province) or 'vn'}/{slug(key(name, province))}"


def resolve_mentions(mentions: list[ProjectMention], province: str | None) -> list[ProjectMention]:
    """Give each mention its project id and canonical name (alias table); drop a second mention of
    the same project in the same clause (one statement, one mention)."""
    table = _alias_table()
    out, seen = [], {}
    for m in mentions:
        k = key(m.name, province)
        code = m.attributes.get("code")
        canonical = table.get((fold_key(province), k)) or (code and table.get((fold_key(province), key(code, province))))
        if canonical:
            m.attributes.setdefault("alias_of", canonical)
            m.name = canonical
        m.project_id = project_id(m.name, province)
        clause = (m.project_id, m.role, m.item, m.quote)
        if clause in seen:
            # "X: ... Dự án đầu tư ... X ...": the statement about X names it again; one mention,
            # the one in the sentence that says what was done
            if m.statement and not seen[clause].statement:
                out[out.index(seen[clause])] = m
                seen[clause] = m
            continue
        seen[clause] = m
        out.append(m)
    return out


# ------------------------------------------------------------------ corpus-wide projects

@dataclass
class Project:
    id: str
    name: str
    type: str
    province: str | None
    aliases: set[str] = field(default_factory=set)
    localities: set[str] = field(default_factory=set)
    attributes: dict = field(default_factory=dict)
    mentions: list = field(default_factory=list)  # (document source, document date, mention)
    merges: list[tuple[str, str]] = field(default_factory=list)  # (surface or id, reason)
    contains: set[str] = field(default_factory=set)  # ids of projects named inside this one's name


def cluster(documents) -> dict[str, Project]:
    """Projects of a corpus: mentions grouped by id, then ids of one type and province that differ by
    a typo merged (the first id by document date wins). Mentions get the final id."""
    from rapidfuzz import fuzz

    projects: dict[str, Project] = {}
    order = sorted(documents, key=lambda d: (d.meta.adopted or d.meta.report_date or "", d.source))
    for doc in order:
        for m in doc.project_mentions:
            p = projects.get(m.project_id)
            if p is None:
                p = projects[m.project_id] = Project(m.project_id, m.name, m.type, doc.meta.province)
            p.mentions.append((doc.source, doc.meta.adopted or doc.meta.report_date, m))
    # typo-level merges within a type and province ("Bưng Lạc Địa" / "Bung Lọc Địa")
    ids = list(projects)
    merged: dict[str, str] = {}
    for i, a in enumerate(ids):
        if a in merged:
            continue
        for b in ids[i + 1:]:
            if b in merged:
                continue
            pa, pb = projects[a], projects[b]
            if pa.type != pb.type or pa.province != pb.province:
                continue
            ka, kb = key(pa.name, pa.province), key(pb.name, pb.province)
            score = fuzz.ratio(ka, kb)
            if score >= FUZZY_MIN and _same_numbers(ka, kb):
                merged[b] = a
                pa.mentions += pb.mentions
                pa.merges.append((b, f"fuzzy match of normalised names ({score:.0f}%): {ka!r} ~ {kb!r}"))
    for b in merged:
        del projects[b]
    for p in projects.values():
        names = Counter()
        for _, _, m in p.mentions:
            m.project_id = p.id
            names[m.name] += 1
            p.aliases.add(m.surface)
            p.aliases.add(m.name)
            p.localities.update(m.localities)
            for k, v in m.attributes.items():
                p.attributes.setdefault(k, v)
            reason = _reason(m, p)
            if reason:
                p.merges.append((m.surface, reason))
        p.name = max(names, key=lambda n: (names[n], len(n)))
        p.mentions.sort(key=lambda t: (t[1] or "", t[2].span[0]))
    ids_by_key = {key(p.name, p.province): p.id for p in projects.values()}
    for p in projects.values():
        for _, _, m in p.mentions:
            for inner in m.contains:
                inner_id = ids_by_key.get(key(inner, p.province))
                if inner_id and inner_id != p.id:
                    p.contains.add(inner_id)
    return projects


def explain(surface: str, name: str, province: str | None) -> str:
    """Why a spelling belongs to a project (for `kg project --explain`)."""
    canonical = _alias_table().get((fold_key(province), key(surface, province)))
    if canonical and fold_key(canonical) != fold_key(surface):
        return f"alias table: {surface!r} is {canonical!r}"
    k, kn = key(surface, province), key(name, province)
    if fold_key(surface) == fold_key(name):
        return "the project's name"
    if k == kn:
        steps = []
        if _fold_words(surface) != _fold_words(expand(surface)) or any(w.isupper() for w in surface.split()):
            steps.append("abbreviations spelled out")
        if fold_key(surface) == fold_key(name) or tone_differs(surface, name):
            steps.append("tone marks and diacritics set aside")
        return f"same key {k!r}" + (f" ({', '.join(steps)})" if steps else " after normalisation")
    return f"key {k!r} (merged under {kn!r})"


def tone_differs(a: str, b: str) -> bool:
    return fold_key(a) == fold_key(b) and a.lower() != b.lower()


def _same_numbers(a: str, b: str) -> bool:
    """'cầu Cổ Chiên 2' is not 'cầu Cổ Chiên': numbers must agree for a fuzzy merge."""
    return re.findall(r"\d+", a) == re.findall(r"\d+", b)


def _reason(m: ProjectMention, p: Project) -> str | None:
    if m.attributes.get("alias_of"):
        return f"alias table: {m.surface!r} is {m.attributes['alias_of']!r}"
    if fold_key(m.surface) != fold_key(p.name):
        return f"same key after normalisation ({key(m.name, p.province)!r}): abbreviations, prefixes, " \
               f"tone marks and diacritics set aside"
    return None
