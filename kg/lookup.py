"""Finding what a user means by a few words typed as they come: without diacritics, with
abbreviations (KCN, CCN), with typos ("dinh khao", "phong nam", "rach mieu 2")."""
from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

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
    for c in candidates:
        c.score = max((200.0 if k == query_key else
                       0.5 * fuzz.token_set_ratio(query_key, k) + 0.5 * fuzz.ratio(query_key, k))
                      for k in c.keys) if c.keys else 0.0
    return sorted(candidates, key=lambda c: -c.score)


def best(query: str, query_key: str, candidates: list[Candidate], what: str,
         threshold: float = 70, margin: float = 8) -> Candidate:
    """The one candidate a query means, or NotFound naming the choices (ambiguous) or the closest."""
    ranked = rank(query_key, candidates)
    if not ranked or ranked[0].score < threshold:
        close = "; ".join(c.label for c in ranked[:5])
        raise NotFound(f"no {what} matches {query!r}; closest: {close}")
    top = ranked[0]
    rivals = [c for c in ranked[1:] if c.score > top.score - margin]
    if rivals:
        names = "; ".join(f"{c.label} ({c.id})" for c in [top] + rivals[:7])
        raise NotFound(f"{query!r} matches several {what}s, say which: {names}")
    return top
