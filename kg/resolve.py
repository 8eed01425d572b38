"""Entity resolution: one project per real object across spellings, documents, provinces and years.

Two stages. Within a document (:func:`resolve_mentions`) a mention gets its canonical name from the
alias table and a repeated mention of one statement is dropped. Across the corpus (:func:`cluster`,
run over the small per-document records of kg/corpus.py) mentions are grouped by evidence:

* the **name key** (:func:`key`): abbreviations spelled out anywhere in the name (KCN, ĐT.830E,
  TP.HCM, BVĐK), prefixes ("dự án", "hạ tầng"), connectors ("từ ... đến", "đoạn", "-"), a trailing
  or parenthesised province ("tỉnh Bến Tre", "(Nghệ An)", "(tỉnh Bến Tre cũ)") and qualifiers
  ("đoạn qua tỉnh Long An", "qua địa bàn tỉnh") set aside, tone and case folded. Words that
  distinguish stay: "Cửa Đại" is not "Đại" (connectors are compared before folding, "cửa" ≠ "của");
* the **scope** of the key (:func:`scope`): a bridge or a named road is one object whichever
  province's document names it (scope ``vn``); a generic name ("Bệnh viện đa khoa tỉnh", "đường
  tỉnh 911") and every other project belong to the province they are in: the province the name
  states, else the document's;
* the **succession** of provinces (kg/localities.py): a document after 2025-07-01 writes the new
  province ("Vĩnh Long"); its mention joins the one project of the same key in a province the new one
  replaced (Bến Tre, Trà Vinh, the old Vĩnh Long) — unless the name is generic or there are several;
* **typos** (rapidfuzz ≥ 92 with the same numbers) within one scope, and the alias table
  (kg/vocab/project_aliases.json), which forces ("aliases") or forbids ("separate") a merge.

Project ids come from the evidence of the project itself, never from the order documents arrive
in: ``{scope}/{key}`` — ``cau-rach-mieu-2`` (a bridge, national scope), ``ben-tre/khu-cong-nghiep-
phu-thuan``, ``long-an/duong-tinh-830e``. A cluster of several scopes takes the national one, else a
province stated or written before the merger, else the sorted first. Every join keeps its reason.
"""
from __future__ import annotations

import bisect
import functools
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import localities
from .localities import NEW_FROM
from .projects import VOCAB, ProjectMention
from .text import fold_key, slug, tone_key

ALIASES_FILE = Path(__file__).parent / "vocab" / "project_aliases.json"
FUZZY_MIN = 92  # rapidfuzz ratio for merging two keys of one type and scope

_WORD = re.compile(r"\w+(?:\.\w+)*")


@lru_cache(maxsize=1)
def _rules():
    synonyms = [(_WORD.findall(tone_key(a)), _WORD.findall(tone_key(b))) for a, b in VOCAB["key_synonyms"]]
    prefixes = sorted((tone_key(p).replace(",", "").split() for p in VOCAB["prefixes"]), key=len, reverse=True)
    drop = {tone_key(w) for w in VOCAB["key_drop_words"]}
    abbrev = {tone_key(a): full for a, full in VOCAB["abbreviations"].items()}
    generic = {fold_key(w) for phrase, *_ in VOCAB["triggers"] for w in _WORD.findall(phrase)}
    generic |= {fold_key(w) for p in VOCAB["prefixes"] + VOCAB["admin_words"] + VOCAB["generic_words"]
                for w in _WORD.findall(p)}
    return synonyms, prefixes, drop, abbrev, generic


@lru_cache(maxsize=1)
def _provinces() -> dict[str, str]:
    """Folded province name → its short name ("ben tre" → "Bến Tre"; "ho chi minh" too)."""
    return {k: u.name for k, u in localities.provinces().items()}


def _spelled_out(name: str) -> list[str]:
    """Tone-keyed words with every abbreviation spelled out: 'ĐT.830E' → đường tỉnh 830e,
    'TP.HCM' → thành phố hồ chí minh, 'Cụm CN' → cụm công nghiệp."""
    abbrev = _rules()[3]
    out: list[str] = []
    for w in _WORD.findall(name):
        parts = w.split(".")
        if len(parts) > 1 and tone_key(parts[0]) in abbrev:
            out += tone_key(abbrev[tone_key(parts[0])]).split()
            rest = ".".join(parts[1:])
            out += _spelled_out(rest) if tone_key(parts[1]) in abbrev else [tone_key(rest)]
            continue
        k = tone_key(w)
        if k in abbrev and (w.isupper() or len(w) > 1 and w[1:].isupper() or out and out[-1] == "cụm"):
            out += tone_key(abbrev[k]).split()  # "Cụm CN" → cụm công nghiệp
        else:
            out.append(k)
    return out


def _replace(words: list[str], a: list[str], b: list[str]) -> list[str]:
    out, i = [], 0
    while i < len(words):
        if words[i:i + len(a)] == a:
            out += b
            i += len(a)
        else:
            out.append(words[i])
            i += 1
    return out


def _trailing_province(words: list[str]) -> tuple[list[str], str | None]:
    """'... tỉnh bến tre (cũ)' → (words without it, 'Bến Tre')."""
    provinces = _provinces()
    w = words[:-1] if words and words[-1] == "cũ" else words
    for n in (4, 3, 2, 1):
        if len(w) > n and fold_key(" ".join(w[-n:])) in provinces:
            head = w[:-n]
            if head[-1:] == ["tỉnh"] or head[-2:] == ["thành", "phố"]:
                head = head[:-1] if head[-1] == "tỉnh" else head[:-2]
            if head and head[-1] in _OBJECT_BEFORE:  # "kết nối tỉnh Bến Tre với ... và tỉnh Trà Vinh": an object
                return words, None
            if head:
                return head, provinces[fold_key(" ".join(w[-n:]))]
    if w[-1:] == ["tỉnh"] and len(w) > 1:
        return w[:-1], None
    return words, None


_OBJECT_BEFORE = {"và", "với", "nối", "đến", "từ", "-"}
_PERIOD_TAIL = re.compile(VOCAB["period_tail"]["pattern"])
_QUALIFIER = re.compile(VOCAB["name_qualifier"]["pattern"])
_PARENS = re.compile(r"\(([^()]*)\)")


def analyse(name: str) -> tuple[str, list[str]]:
    """(key, provinces the name states) of a project name; the key does not depend on the document."""
    k, stated = _analysed(name)
    return k, list(stated)


@lru_cache(maxsize=1 << 14)  # a document asks for the key of each of its names several times
def _analysed(name: str) -> tuple[str, tuple[str, ...]]:
    synonyms, prefixes, drop, _, _ = _rules()
    provinces = _provinces()
    stated = []
    for inner in _PARENS.findall(name):  # "(Thanh Hóa)", "(tỉnh Bến Tre cũ)", "(đoạn qua ...)"
        k = fold_key(re.sub(r"^(tỉnh|thành phố)\s+|\s+cũ$", "", inner.strip(), flags=re.IGNORECASE))
        if k in provinces:
            stated.append(provinces[k])
    name = _PARENS.sub(" ", name)
    words = _spelled_out(name)
    for a, b in synonyms:
        words = _replace(words, a, b)
    text = _PERIOD_TAIL.sub("", " ".join(words))
    m = _QUALIFIER.search(text)
    if m:
        tail = m.group(0).split()
        _, prov = _trailing_province(tail)
        stated += [prov] if prov else []
        text = text[:m.start()]
    words = text.split()
    for p in prefixes:
        if words[:len(p)] == p and len(" ".join(words)) > len(" ".join(p)) + 4:
            words = words[len(p):]
            break
    words, prov = _trailing_province(words)
    if prov:
        stated.append(prov)
    if words[:1] == ["đường"] and len(words) > 2 and words[1] not in VOCAB["road_heads_kept"]:
        words = words[1:]  # "đường Vành đai 3" is "Vành đai 3"; "đường tỉnh", "đường dây" stay
    k = " ".join(fold_key(w) for i, w in enumerate(words)
                 if re.search(r"\w", w) and (w not in drop or w == "đoạn" and words[i - 1:i] == ["giai"]))
    return k, tuple(dict.fromkeys(stated))


def key(name: str) -> str:
    """The resolution key of a project name (a province named at the end of the name is set aside
    whichever it is)."""
    return _analysed(name)[0]


@lru_cache(maxsize=65536)  # asked for every node and pair of the corpus stage
def generic(k: str) -> bool:
    """A key made only of type words and qualifiers ("benh vien da khoa", "duong vanh dai") names a
    kind of facility, which each province has its own of."""
    words = k.split()
    return all(w in _rules()[4] for w in words)


@lru_cache(maxsize=65536)
def _distinctive(k: str) -> str:
    return " ".join(w for w in k.split() if w not in _rules()[4]) or k


def named(surface: str | None) -> bool:
    """A name with a proper part ("Nhà máy xử lý rác Bến Tre"), not a description ("tuyến đường
    ven biển qua địa bàn tỉnh")."""
    return any(w[:1].isupper() or w[:1].isdigit() for w in (surface or "").split()[1:])


def scope(type_: str, k: str) -> str:
    """'vn' when the object is one whichever province names it (a bridge, a named road), else
    'province'. A numbered provincial or district road and a generic name are provincial."""
    if generic(k) or k.startswith(("duong tinh", "duong huyen")):
        return "province"
    return "vn" if type_ in VOCAB["national_types"] else "province"


@lru_cache(maxsize=1)
def _alias_table() -> tuple[dict[str, list[tuple[str, str]]], set[frozenset]]:
    """(name key → [(canonical name, province)]), and the pairs of keys that must stay apart."""
    data = json.loads(ALIASES_FILE.read_text(encoding="utf-8"))
    out: dict[str, list] = {}
    for entry in data["projects"]:
        for n in [entry["name"]] + entry["aliases"]:
            out.setdefault(key(n), []).append((entry["name"], entry["province"]))
    apart = {frozenset(key(n) for n in pair) for pair in data.get("separate", [])}
    return out, apart


@lru_cache(maxsize=256)
def _region(province: str | None) -> str | None:
    """The post-2025 province a province lies in (Bến Tre → Vĩnh Long; Vĩnh Long → Vĩnh Long)."""
    unit = localities.province(province)
    succ = localities.successor(unit) if unit else None
    return (succ or unit).name if unit else None


def canonical(name: str, code: str | None = None, province: str | None = None) -> str | None:
    """The alias table's canonical name for a name (or its road code) written in a document of
    `province` (an entry of Bến Tre also serves the new Vĩnh Long), if any."""
    table = _alias_table()[0]
    for hit in table.get(key(name), []) + (table.get(key(code), []) if code else []):
        if province is None or _region(hit[1]) == _region(province):
            return hit[0]
    return None


def project_id(name: str, province: str | None, type_: str = "other") -> str:
    """The id a name has on its own: its scope and key."""
    k = key(name)
    prefix = "vn" if scope(type_, k) == "vn" else (slug(province) or "vn")
    return f"{slug(k)}" if prefix == "vn" else f"{prefix}/{slug(k)}"


def resolve_mentions(mentions: list[ProjectMention], province: str | None) -> list[ProjectMention]:
    """Give each mention its canonical name (alias table); drop a second mention of the same project
    (the id its name has on its own) in the same clause (one statement, one mention). The corpus
    stage (:func:`cluster`, via kg.corpus.resolve_corpus) sets the ids."""
    out, seen = [], {}
    for m in mentions:
        name = canonical(m.name, m.attributes.get("code"), province)
        if name:
            m.attributes.setdefault("alias_of", name)
            m.name = name
        clause = (project_id(m.name, province, m.type), m.role, m.item, m.quote)
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
class Node:
    """One (scope, key): the mentions that share a name key where they stand."""
    scope: str  # 'vn' or a province's short name
    key: str
    type: str
    legacy: bool  # the province is stated or written before the merger (not inferred)
    successor: str | None  # the post-2025 province the scope lies in
    mentions: list = field(default_factory=list)  # mention records (none in a node of :func:`held_nodes`)
    docs: set = field(default_factory=set)
    named: bool = False  # a mention has a proper name (kg.resolve.named): not a generic reference
    count: int = 0  # its mentions

    @property
    def id(self) -> str:
        return slug(self.key) if self.scope == "vn" else f"{slug(self.scope) or 'vn'}/{slug(self.key)}"


def mention_scope(m: dict, doc: dict) -> tuple[str, bool]:
    """(scope, legacy evidence) of a mention record: 'vn', or the province it is in — the one its
    name or clause states ("(tỉnh Bến Tre cũ)", "trước đây thuộc ... tỉnh Bến Tre"), else the
    document's (legacy when the document is older than the merger)."""
    if scope(m["type"], m["key"]) == "vn":
        return "vn", True
    if m.get("stated") and (m["type"] != "programme" or m.get("former")):  # a programme "với TP. Hồ Chí Minh" is the document's
        return m["stated"], True
    post = after_merger(doc)
    places = [p for p in m.get("place_provinces", []) if p != doc.get("province")]
    if post and len(places) == 1:  # "xã Phú Thuận, huyện Bình Đại" in a document of the new Vĩnh Long
        return places[0], True
    return doc.get("province") or "?", not post


def after_merger(doc: dict) -> bool:
    """A document of the new provinces: dated from 2025-07-01, or undated and planning 2026 on."""
    if doc.get("date"):
        return doc["date"] >= NEW_FROM
    return (doc.get("year") or 0) >= int(NEW_FROM[:4]) + 1


class _Union:
    def __init__(self):
        self.parent = {}

    def find(self, a):
        self.parent.setdefault(a, a)
        while self.parent[a] != a:
            self.parent[a] = self.parent[self.parent[a]]
            a = self.parent[a]
        return a

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def placements(doc: dict, stamp: str | None):
    """(node, legacy evidence, named) of each mention of a corpus record, in order: the node
    (scope, type, key) as :func:`cluster` takes it. A record whose ``stamp`` is the one given
    (kg.derive.derive_version: the same code and vocabularies) brings its mentions' scopes computed."""
    fresh = stamp is not None and doc.get("stamp") == stamp
    for m in doc["mentions"]:
        sc, legacy = (m["scope"], m["legacy"]) if fresh else mention_scope(m, doc)
        yield (sc, m["type"], m["key"]), legacy, bool(m.get("named"))


def _placed(nodes: dict, nk: tuple, legacy: bool, source: str, named: bool) -> Node:
    n = nodes.get(nk)
    if n is None:
        sc = nk[0]
        n = nodes[nk] = Node(sc, nk[2], nk[1], legacy, _region(sc) if sc != "vn" else None)
    n.legacy = n.legacy or legacy
    n.named = n.named or named
    n.docs.add(source)
    n.count += 1
    return n


def held_nodes(rows) -> dict[tuple[str, str, str], Node]:
    """The nodes of a corpus whose mentions are held elsewhere (kg/store.py's project database),
    without their mentions: ``rows`` are (node, source, legacy, named) of each mention. What
    :func:`join` needs of the whole corpus; the mentions are read a few projects at a time."""
    nodes: dict = {}
    for nk, source, legacy, named in rows:
        _placed(nodes, nk, legacy, source, named)
    return nodes


def nodes_of(records: list[dict], stamp: str | None = None) -> tuple[dict, dict[str, str]]:
    """(the nodes of these records with their mentions — in the order of the documents' dates and
    names —, mention IRI → the reason its record brings)."""
    nodes: dict[tuple[str, str, str], Node] = {}
    own: dict[str, str] = {}
    for doc in sorted(records, key=lambda r: (r.get("date") or "", r["source"])):
        fresh = stamp is not None and doc.get("stamp") == stamp
        for m, (nk, legacy, named) in zip(doc["mentions"], placements(doc, stamp)):
            if fresh:
                own[m["iri"]] = m["reason"]
            _placed(nodes, nk, legacy, doc["source"], named).mentions.append(m)
    return nodes, own


def cluster(records: list[dict], stamp: str | None = None,
            typos: dict | None = None) -> tuple[dict[str, str], dict[str, dict]]:
    """Projects of a corpus from its mention records (kg/corpus.py): returns (mention IRI → project
    id, project id → {nodes, reasons}). Deterministic and independent of the order of records.
    ``stamp``: see :func:`placements` (the reasons too are not computed again). ``typos``: see
    :func:`join`."""
    nodes, own = nodes_of(records, stamp)
    groups, why = join(nodes, typos)
    return grouped(groups, nodes, why, own)


def join(nodes: dict[tuple[str, str, str], Node], typos: dict | None = None) -> tuple[list[list], dict]:
    """(the groups of nodes that are one project — each in sorted order, in the order of their
    first node —, node → the reason it joined its group). ``typos``: the typo rule's pairs of each
    (scope, type) group from an earlier call by the same code, read and replaced by this call's."""
    u = _Union()
    apart = _alias_table()[1]
    keys = sorted(nodes)
    u.parent = {nk: nk for nk in keys}
    why: dict[tuple, str] = {}
    # Each rule compares a node only with the nodes it can join (same type and key, same scope and
    # type, same document): comparing every pair of keys grew with the square of the corpus.
    by_type_key: dict[tuple, list] = {}
    by_scope_type: dict[tuple, list] = {}
    by_doc: dict[str, list] = {}
    for nk in keys:
        by_type_key.setdefault(nk[1:], []).append(nk)
        by_scope_type.setdefault(nk[:2], []).append(nk)
        for d in nodes[nk].docs:
            by_doc.setdefault(d, []).append(nk)
    # a post-merger document's name joins the one project of that key in a province the new one replaced
    for nk in keys:
        n = nodes[nk]
        if n.scope == "vn" or n.legacy or generic(n.key):
            continue
        older = [ok for ok in by_type_key[nk[1:]] if ok != nk and nodes[ok].scope != "vn"
                 and nodes[ok].successor == n.successor]
        if len(older) == 1:
            u.union(nk, older[0])
            why[nk] = (f"merger succession: {n.scope} (from {NEW_FROM}) replaced {nodes[older[0]].scope}; "
                       f"same key {n.key!r}")
    # typos within one scope and type ("Bưng Lạc Địa" / "Bung Lọc Địa"); numbers must agree. A
    # pair depends on its two names alone: a group's pairs as ``typos`` holds them are kept, and
    # only the names new to the group are compared (a write adds a document's names to a few groups)
    held, typos_now = typos or {}, {}
    for (sc, type_), group in by_scope_type.items():
        names = [nodes[nk].key for nk in group]
        found = _group_typos(names, held.get(f"{sc}\x1f{type_}"), apart)
        typos_now[f"{sc}\x1f{type_}"] = {"names": names, "found": found}
        for i, j, score in found:
            a, b = group[i], group[j]
            u.union(a, b)
            why.setdefault(b, f"fuzzy match of name keys ({score:.0f}%): {nodes[b].key!r} ~ {nodes[a].key!r}")
    if typos is not None:
        typos.clear()
        typos.update(typos_now)
    # a generic reference ("tuyến đường ven biển qua địa bàn tỉnh") is the one project of its
    # document and type whose key it begins
    for nk in keys:
        n = nodes[nk]
        if not generic(n.key) or n.named:
            continue
        ext = {ok for d in n.docs for ok in by_doc[d] if ok != nk and nodes[ok].type == n.type
               and not generic(ok[2]) and ok[2].startswith(n.key + " ")}
        if len(ext) == 1:
            (other,) = ext
            u.union(nk, other)
            why[nk] = f"a generic name in a document naming one {n.type} that begins with it: {nodes[other].key!r}"
    groups: dict = {}
    for nk in keys:
        groups.setdefault(u.find(nk), []).append(nk)
    return list(groups.values()), why


def chief(members: list, nodes: dict) -> tuple[str, str, str]:
    """The node a group takes its project id from: the national one, else one whose province is
    stated or written before the merger, else the sorted first."""
    return members[0] if len(members) == 1 else \
        min(members, key=lambda nk: (nodes[nk].scope != "vn", not nodes[nk].legacy, nk))


def grouped(groups: list[list], nodes: dict, why: dict, own: dict[str, str]) -> tuple[dict[str, str], dict[str, dict]]:
    """:func:`cluster`'s answer for these groups of :func:`join` (``nodes`` with their mentions)."""
    links, projects = {}, {}
    for members in groups:
        top = chief(members, nodes)
        pid = nodes[top].id
        reasons = {}
        for nk in members:
            n, joined = nodes[nk], why.get(nk)
            for m in n.mentions:
                reasons[m["iri"]] = joined or own.get(m["iri"]) or mention_reason(m, n.scope)
        links.update(dict.fromkeys(reasons, pid))
        projects[pid] = {"nodes": [nodes[nk] for nk in members], "key": nodes[top].key, "reasons": reasons}
    return links, projects


def _group_typos(names: list[str], memo: dict | None, apart: set[frozenset]) -> list[list]:
    """[i, j, score] of one group's names (sorted, distinct) that the typo rule joins, in order;
    ``memo``: the group as an earlier call found it ({"names", "found"}), whose pairs are kept."""
    if memo is None:
        return _typos(names, apart)
    if memo["names"] == names:
        return memo["found"]
    position = {k: i for i, k in enumerate(names)}
    kept = [(position.get(memo["names"][i]), position.get(memo["names"][j]), score) for i, j, score in memo["found"]]
    old = set(memo["names"])
    found = [[i, j, score] for i, j, score in kept if i is not None and j is not None]
    found += _typos(names, apart, [i for i, k in enumerate(names) if k not in old])
    return sorted(found)


def _typos(keys: list[str], apart: set[frozenset], rows: list[int] | None = None) -> list[list]:
    """[i, j, score] of the keys of one scope and type that the typo rule joins, in order (with
    ``rows``: only the pairs with one of those keys)."""
    from rapidfuzz import fuzz
    out = []
    for i, j in _close_pairs(keys, rows=rows):
        a, b = keys[i], keys[j]
        if frozenset((a, b)) in apart:
            continue
        score = min(fuzz.ratio(a, b),  # "Mỹ An" is not "Mỹ Hòa":
                    fuzz.ratio(_distinctive(a), _distinctive(b)))  # the names must be close too
        if score >= FUZZY_MIN and re.findall(r"\d+", a) == re.findall(r"\d+", b):
            out.append([i, j, score])
    return out


def _close_pairs(keys: list[str], block: int = 512, rows: list[int] | None = None):
    """(i, j) for i < j, in that order, of the keys that may reach FUZZY_MIN (rapidfuzz compares a
    block of keys with all of them at once; its scores are float32, so the cut is a little lower).
    ``rows``: only the pairs with one of those keys (the others' pairs are known)."""
    from rapidfuzz import fuzz, process
    rows = list(range(len(keys))) if rows is None else rows
    pairs = set()
    if len(rows) * len(keys) <= 4096:  # a document's or a write's few names: no numpy (0.2 s to import)
        for i in rows:
            for c, k in enumerate(keys):
                if i != c and fuzz.ratio(keys[i], k, score_cutoff=FUZZY_MIN - 1):
                    pairs.add((min(i, c), max(i, c)))
        return sorted(pairs)
    # (``block`` rows at a time: a block × all matrix stays small however many keys a scope has)
    for start in range(0, len(rows), block):
        part = rows[start:start + block]
        scores = process.cdist([keys[i] for i in part], keys, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN - 1)
        for r, c in zip(*scores.nonzero()):
            i, c = part[int(r)], int(c)
            if i != c:
                pairs.add((min(i, c), max(i, c)))
    return sorted(pairs)


def mention_reason(m: dict, scope: str) -> str:
    """Why a mention belongs to its (scope, key)."""
    if m.get("alias_of"):
        return f"alias table: {m['surface']!r} is {m['alias_of']!r}"
    if m["surface"] is None:
        return f"anaphora: an unnamed mention of its row's or sentence's project ({m['name']!r})"
    where = "national scope (a bridge or a named road is one whichever province names it)" if scope == "vn" \
        else f"in {scope}" + (" (stated in the name)" if m.get("stated") else "")
    steps = []
    if fold_key(m["surface"] or "") != fold_key(m["name"]):
        steps.append("abbreviations and prefixes set aside")
    return f"name key {m['key']!r} {where}" + (f"; {', '.join(steps)}" if steps else "")


def explain(surface: str, name: str) -> str:
    """Why a spelling belongs to a project's name, from the names alone."""
    hit = canonical(surface)
    if hit and fold_key(hit) != fold_key(surface):
        return f"alias table: {surface!r} is {hit!r}"
    k, kn = key(surface), key(name)
    if fold_key(surface) == fold_key(name):
        return "the project's name" if surface.lower() == name.lower() or surface == name else \
            "the project's name (tone marks and case set aside)"
    if k == kn:
        steps = []
        if " ".join(_spelled_out(surface)) != tone_key(" ".join(_WORD.findall(surface))):
            steps.append("abbreviations spelled out")
        if fold_key(surface) == fold_key(name):
            steps.append("tone marks and diacritics set aside")
        return f"same key {k!r}" + (f" ({', '.join(steps)})" if steps else " after normalisation")
    return f"key {k!r} (merged under {kn!r})"


# ------------------------------------------------------------------ re-clustering what a write touches

@dataclass
class Clustering:
    """What a write keeps of the corpus stage so that the next one re-clusters only what it
    touches: each node's project and the documents of its mentions."""
    node_project: dict[tuple[str, str, str], str]  # (scope, type, key) → project id
    node_docs: dict[tuple[str, str, str], list[str]]  # → the sources of its mentions, sorted
    contains: dict[str, list[str]] = field(default_factory=dict)  # project id → the keys named inside its names

    @classmethod
    def of(cls, projects: dict[str, dict]) -> "Clustering":
        nodes = [(pid, n) for pid, p in projects.items() for n in p["nodes"]]
        return cls({(n.scope, n.type, n.key): pid for pid, n in nodes},
                   {(n.scope, n.type, n.key): sorted(n.docs) for _, n in nodes})


def node_of(m: dict, doc: dict, stamp: str | None) -> tuple[str, str, str]:
    """The (scope, type, key) node a mention record is in (its scope as cluster() takes it)."""
    sc = m["scope"] if stamp is not None and doc.get("stamp") == stamp else mention_scope(m, doc)[0]
    return sc, m["type"], m["key"]


class Region:
    """The nodes whose projects a write may change, closed so that clustering their mentions alone
    gives what clustering the corpus gives them. The corpus's nodes are indexed by every rule's
    partners from ``state`` alone (while the workers still extract the write's documents), then
    :meth:`write` adds the documents and takes the removed ones out of the indexes, and brings
    ``typos`` (kg.resolve.cluster's) up to date for the groups it changes; :meth:`closed` may be
    asked again with more nodes to start from."""

    def __init__(self, state: Clustering, typos: dict):
        self.state, self.typos = state, typos
        # (a shallow copy: only the lists a write changes are copied, not every node's)
        self.docs = dict(state.node_docs)
        self.touched: set = set()
        self.gone: set = set()
        self.by_type_key: dict[tuple, list] = {}
        self.by_scope_type: dict[tuple, list] = {}
        self.by_generic_doc: dict[str, list] = {}
        for nk in sorted(self.docs):
            self.by_type_key.setdefault(nk[1:], []).append(nk)
            self.by_scope_type.setdefault(nk[:2], []).append(nk)
            if generic(nk[2]):
                for d in self.docs[nk]:
                    self.by_generic_doc.setdefault(d, []).append(nk)
        self.members: dict[str, list] = {}
        for nk, pid in state.node_project.items():
            self.members.setdefault(pid, []).append(nk)
        self._partners: dict[tuple, dict] = {}

    def write(self, removed: set[str], added: list[dict], stamp: str | None) -> "Region":
        """The documents ``removed`` taken out and the records ``added`` put in (once)."""
        docs, touched, before = self.docs, self.touched, self.state.node_docs
        if removed:
            for nk, ds in before.items():
                if removed.intersection(ds):
                    docs[nk] = [d for d in ds if d not in removed]
                    touched.add(nk)
        for doc in added:
            for m in doc["mentions"]:
                nk = node_of(m, doc, stamp)
                ds = docs.get(nk, [])
                if doc["source"] not in ds:
                    docs[nk] = sorted([*ds, doc["source"]])
                touched.add(nk)
        self.gone = {nk for nk in touched if not docs.get(nk)}
        for nk in self.gone:
            docs.pop(nk, None)
        for nk in touched:  # the indexes as built from the nodes after the write, in the same order
            old, new = before.get(nk, ()), docs.get(nk, ())
            if bool(old) != bool(new):  # a node new to the corpus, or gone from it
                for index, at in ((self.by_type_key, nk[1:]), (self.by_scope_type, nk[:2])):
                    _move(index, at, nk, bool(new))
            if generic(nk[2]):
                for d in set(old).symmetric_difference(new):
                    _move(self.by_generic_doc, d, nk, d in new)
        self._typos_of({nk[:2] for nk in touched})
        return self

    def _typos_of(self, groups) -> None:
        """The typo pairs of these (scope, type) groups, brought up to date."""
        apart = _alias_table()[1]
        for st in groups:
            name = f"{st[0]}\x1f{st[1]}"
            group = self.by_scope_type.get(st)
            if group is None:
                self.typos.pop(name, None)
            else:
                names = [nk[2] for nk in group]
                self.typos[name] = {"names": names, "found": _group_typos(names, self.typos.get(name), apart)}

    @functools.cached_property
    def by_doc(self) -> dict[str, list]:
        """(only a generic name asks: most writes never build it)"""
        out: dict[str, list] = {}
        for nk in sorted(self.docs):
            for d in self.docs[nk]:
                out.setdefault(d, []).append(nk)
        return out

    def _typo_partners(self, nk):
        st = nk[:2]
        if st not in self._partners:
            group, adj = self.by_scope_type[st], {}
            for i, j, _ in self.typos[f"{st[0]}\x1f{st[1]}"]["found"]:
                adj.setdefault(group[i], []).append(group[j])
                adj.setdefault(group[j], []).append(group[i])
            self._partners[st] = adj
        return self._partners[st].get(nk, ())

    def closed(self, also: set | None = None) -> tuple[set, Clustering, set]:
        """(the region's nodes, the state after the write — node projects of the region not yet
        set —, the removed nodes). Every rule's partners of a node in the region are in it: its old
        project's nodes, the nodes of its type and key (merger succession), its typo pairs, the
        generic names that share a document with it. ``also``: more nodes to start from."""
        state, docs = self.state, self.docs
        self._typos_of({nk[:2] for nk in also or ()} - {nk[:2] for nk in self.touched})
        out, todo = set(), [*self.touched, *(also or ())]
        while todo:
            nk = todo.pop()
            if nk in out:
                continue
            out.add(nk)
            old = state.node_project.get(nk)
            near = list(self.members.get(old, ())) if old is not None else []
            if nk in docs:
                if nk[0] != "vn" and not generic(nk[2]):  # merger succession: a key within one new province
                    near += [o for o in self.by_type_key[nk[1:]] if o[0] != "vn" and _region(o[0]) == _region(nk[0])]
                near += self._typo_partners(nk)
                gen = generic(nk[2])
                for d in docs[nk]:
                    near += [o for o in self.by_generic_doc.get(d, ()) if o[1] == nk[1] and nk[2].startswith(o[2] + " ")]
                    if gen:
                        near += [o for o in self.by_doc[d] if o[1] == nk[1] and o[2].startswith(nk[2] + " ")]
            todo += [o for o in near if o not in out]
        kept = {nk: pid for nk, pid in state.node_project.items() if nk not in out}
        return out - self.gone, Clustering(kept, docs), self.gone


def _move(index: dict[object, list], at, nk, into: bool) -> None:
    """``nk`` into (or out of) the sorted list ``index[at]``; an emptied list goes."""
    group = index.setdefault(at, [])
    if into:
        bisect.insort(group, nk)
    else:
        group.remove(nk)
        if not group:
            del index[at]


def typos_within(typos: dict, nodes: set) -> dict:
    """The typo pairs of ``typos`` (kg.resolve.cluster's) between ``nodes``, as cluster() over their
    mentions alone holds them (a region holds every typo partner of its nodes: the same pairs)."""
    out = {}
    for name, group in typos.items():
        sc, type_ = name.split("\x1f")
        mine = [k for k in group["names"] if (sc, type_, k) in nodes]
        if mine:
            position = {k: i for i, k in enumerate(mine)}
            names = group["names"]
            out[name] = {"names": mine, "found": [
                [position[names[i]], position[names[j]], score] for i, j, score in group["found"]
                if names[i] in position and names[j] in position]}
    return out
