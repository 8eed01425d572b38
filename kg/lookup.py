"""Finding what a user means by a few words typed as they come: without diacritics, with
abbreviations (KCN, CCN), with typos ("dinh khao", "phong nam", "rach mieu 2")."""
from __future__ import annotations

from dataclasses import dataclass
from itertools import takewhile

import numpy as np
from rapidfuzz import fuzz, process

from .errors import NotFound


@dataclass
class Candidate:
    id: str
    label: str
    keys: list[str]  # folded names it goes by
    score: float = 0.0


def rank(query_key: str, candidates: list[Candidate]) -> list[Candidate]:
    """Best first. A key equal to the query scores 200; otherwise half the token-set score (all the
    query's words in the name) plus half the plain ratio (how much of the name the query covers)."""
    keys, owner, where = _flat(candidates)
    scores = np.zeros(len(candidates))
    if keys:  # every key scored at once (rapidfuzz in C++, on every core): 100k names in tens of ms
        # (keys as the rows: rapidfuzz spreads rows over the cores)
        both = 0.5 * process.cdist(keys, [query_key], scorer=fuzz.token_set_ratio, dtype=np.float32, workers=-1)[:, 0] + \
            0.5 * process.cdist(keys, [query_key], scorer=fuzz.ratio, dtype=np.float32, workers=-1)[:, 0]
        both[where.get(query_key, [])] = 200.0
        np.maximum.at(scores, owner, both)
    for c, score in zip(candidates, scores.tolist()):
        c.score = score
    # (numpy's stable sort: ties in the candidates' order, as sorted() keeps them, in a tenth of the time)
    return [candidates[i] for i in np.argsort(-scores, kind="stable").tolist()]


def _kept(slot: dict, obj, make):
    """``make(obj)``, made once for the object a long-lived process asks about again (the index's
    rows, their candidates): one object per slot, told by identity."""
    hit = slot.get(id(obj))
    if hit is None or hit[0] is not obj:
        slot.clear()
        hit = slot[id(obj)] = (obj, make(obj))
    return hit[1]


_FLAT: dict[int, tuple] = {}


def _flat(candidates: list[Candidate]) -> tuple[list[str], np.ndarray, dict[str, list[int]]]:
    """Every key of the candidates, its candidate's position, and where each key stands."""
    def make(candidates):
        keys = [k for c in candidates for k in c.keys]
        owner = np.repeat(np.arange(len(candidates)), [len(c.keys) for c in candidates])
        where: dict[str, list[int]] = {}
        for i, k in enumerate(keys):
            where.setdefault(k, []).append(i)
        return keys, owner, where
    return _kept(_FLAT, candidates, make)


def best(query: str, query_key: str, candidates: list[Candidate], what: str,
         threshold: float = 70, margin: float = 8) -> Candidate:
    """The one candidate a query means, or NotFound naming the choices (ambiguous) or the closest."""
    ranked = rank(query_key, candidates)
    if not ranked or ranked[0].score < threshold:
        close = "; ".join(c.label for c in ranked[:5])
        raise NotFound(f"no {what} matches {query!r}; closest: {close}")
    top = ranked[0]
    rivals = close_to_top(ranked, margin)
    if rivals:
        names = "; ".join(f"{c.label} ({c.id})" for c in [top] + rivals[:7])
        raise NotFound(f"{query!r} matches several {what}s, say which: {names}")
    return top


def close_to_top(ranked: list[Candidate], margin: float) -> list[Candidate]:
    """The candidates after the first whose score is within ``margin`` of it (``ranked``: best first)."""
    return list(takewhile(lambda c: c.score > ranked[0].score - margin, ranked[1:]))


_CANDIDATES: dict[int, tuple] = {}


def project_candidates(store_dir) -> tuple[list[dict], list[Candidate]]:
    """The index's project rows, and a candidate for each (made once per version of the store)."""
    rows = project_rows(store_dir)
    return rows, _kept(_CANDIDATES, rows, lambda rows: [
        Candidate(r["project"], f"{r['name']} [{r['type']}]", r["keys"].split("|")) for r in rows])


_BY_ID: dict[int, tuple] = {}


def by_id(rows: list[dict]) -> dict[str, dict]:
    """The index's rows by project IRI (made once per version of the store)."""
    return _kept(_BY_ID, rows, lambda rows: {r["project"]: r for r in rows})


def project_rows(store_dir) -> list[dict]:
    """Every project as the `projects` query lists it, read from the index written beside the store
    at build and ingest time (independent of the store's size)."""
    from . import store
    return store.index(store_dir, "projects")


def locality_rows(store_dir) -> list[dict]:
    """Every administrative unit as the `localities` query lists it, from the index."""
    from . import store
    return store.index(store_dir, "localities")
