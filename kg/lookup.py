"""Finding what a user means by a few words typed as they come: without diacritics, with
abbreviations (KCN, CCN), with typos ("dinh khao", "phong nam", "rach mieu 2")."""
from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
import functools
from dataclasses import dataclass
import itertools
from itertools import takewhile

import orjson


@dataclass
class Candidate:
    id: str
    label: str
    keys: list[str]  # folded names it goes by
    score: float = 0.0
    row: dict | None = None  # its index row, when ranked from a Table


def rank(query_key: str, candidates: list[Candidate]) -> list[Candidate]:
    """Best first. A key equal to the query scores 200; otherwise half the token-set score (all the
    query's words in the name) plus half the plain ratio (how much of the name the query covers)."""
    import numpy as np
    keys = [k for c in candidates for k in c.keys]
    owner = np.repeat(np.arange(len(candidates)), [len(c.keys) for c in candidates])
    scores = np.zeros(len(candidates))
    if keys:
        both = _scores(query_key, keys)
        both[[i for i, k in enumerate(keys) if k == query_key]] = 200.0
        np.maximum.at(scores, owner, both)
    for c, score in zip(candidates, scores.tolist()):
        c.score = score
    # (numpy's stable sort: ties in the candidates' order, as sorted() keeps them, in a tenth of the time)
    return [candidates[i] for i in np.argsort(-scores, kind="stable").tolist()]


def _scores(query_key: str, keys: list[str]):
    """:func:`rank`'s score of every key at once (rapidfuzz in C++; keys as the rows, which it
    spreads over the cores): 100k names in tens of ms."""
    import numpy as np  # (both when a lookup scores: a name found exactly needs neither)
    from rapidfuzz import fuzz, process
    return 0.5 * process.cdist(keys, [query_key], scorer=fuzz.token_set_ratio, dtype=np.float32, workers=-1)[:, 0] + \
        0.5 * process.cdist(keys, [query_key], scorer=fuzz.ratio, dtype=np.float32, workers=-1)[:, 0]


@dataclass(frozen=True, eq=False)
class Table:
    """An index's rows with their folded names, as written beside the store (:func:`entries_bytes`):
    a name is found by bisection and only the rows a lookup shows are parsed, so a lookup does not
    grow with the store (a query with no exact name scores every distinct name once)."""
    keys: list[str]   # distinct, sorted
    key_of: array     # per (name, row) pair, sorted: the name's position in keys
    row_of: array     # per pair: the row's position
    offsets: array    # where each row's JSON line starts in rows, and the end
    rows: bytes
    ids: list[str] | None = None  # each row's id, in order

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def row(self, i: int) -> dict:
        return orjson.loads(self.rows[self.offsets[i]:self.offsets[i + 1]])

    def all_rows(self) -> list[dict]:
        return [self.row(i) for i in range(len(self))]

    def entries(self) -> dict[str, Entry]:
        """Each row as a write keeps it, by id (a table with ids)."""
        keys: list[list[str]] = [[] for _ in range(len(self))]
        for k, i in zip(self.key_of, self.row_of):
            keys[i].append(self.keys[k])
        o = self.offsets
        return {id_: Entry(id_, self.rows[o[i]:o[i + 1]], ks) for i, (id_, ks) in enumerate(zip(self.ids, keys))}

    def exact(self, key: str) -> list[int]:
        """The rows that go by this name, in the index's order."""
        i = bisect_left(self.keys, key)
        if i == len(self.keys) or self.keys[i] != key:
            return []
        return sorted(set(self.row_of[bisect_left(self.key_of, i):bisect_right(self.key_of, i)]))

    def ranked(self, query_key: str, margin: float, at_least: int = 5) -> list[Candidate]:
        """The head of :func:`rank`'s ranking of the rows (the same scores and order): every row
        within ``margin`` of the best, and at least ``at_least`` rows."""
        exact = self.exact(query_key)
        if exact:  # 200 against at most 100 for any other name: the rows named so are the head
            return [self._candidate(i, 200.0) for i in exact]
        if not self.keys:
            return []
        import numpy as np
        from rapidfuzz import fuzz, process
        ratio = process.cdist(self.keys, [query_key], scorer=fuzz.ratio, dtype=np.float32, workers=-1)[:, 0]
        # The token-set score is the slow one (it splits and sorts every name) and at most 100, so a
        # name can score at most 50 + ratio / 2: names are scored fully from the highest such bound
        # down, until no name left could reach the head. Typos near one name score a few hundred.
        bound = 50 + 0.5 * ratio
        row_of = np.frombuffer(self.row_of, dtype=np.uint32)
        scores, touched = np.zeros(len(self)), []
        high, low, step = np.inf, float(bound.max()) - 4, 4.0  # names with a bound in [low, high) are scored next
        while True:
            chunk = np.flatnonzero((bound >= low) & (bound < high))
            token_set = process.cdist([self.keys[i] for i in chunk.tolist()], [query_key], scorer=fuzz.token_set_ratio,
                                      dtype=np.float32, workers=-1)[:, 0]
            both = 0.5 * token_set + 0.5 * ratio[chunk]  # (as _scores adds them: the same float32 values)
            counts = self._first[chunk + 1] - self._first[chunk]
            pairs = np.repeat(self._first[chunk] - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
            touched.append(row_of[pairs])
            np.maximum.at(scores, touched[-1], np.repeat(both, counts))
            rows = np.unique(np.concatenate(touched))  # (sorted: ties stay in the index's order)
            high = low
            if high <= bound.min():
                break
            kth = np.partition(scores[rows], -at_least)[-at_least] if len(rows) >= at_least else -1.0
            cutoff = min(scores[rows].max() - margin, kth)
            if cutoff >= high:
                break  # every name left is strictly below the head: none can join it or tie with it
            low, step = (cutoff if kth >= 0 else high - step), step * 2
        order = rows[np.argsort(-scores[rows], kind="stable")]
        head = max(at_least, int(np.count_nonzero(scores[rows] > scores[order[0]] - margin)))
        return [self._candidate(i, s) for i, s in zip(order[:head].tolist(), scores[order[:head]].tolist())]

    @functools.cached_property
    def _first(self):
        """Where each name's pairs start (name i: _first[i]:_first[i + 1])."""
        import numpy as np
        return np.searchsorted(np.frombuffer(self.key_of, dtype=np.uint32), np.arange(len(self.keys) + 1))

    def _candidate(self, i: int, score: float) -> Candidate:
        r = self.row(i)
        return Candidate(r["project"], f"{r['name']} [{r['type']}]", r["keys"].split("|"), score, r)


@dataclass(frozen=True)
class Entry:
    """One row of a lookup table as a write makes it: the row's id, its JSON line and its folded
    names. A write keeps the entries of the rows it does not change as the base table has them
    (:meth:`Table.entries`), and encodes only the others (:func:`entry`)."""
    id: str
    line: bytes
    keys: list[str]


def entry(row: dict) -> Entry:
    """An index row (``keys``: its folded names, "|"-joined) as a lookup table's entry."""
    # (+ b"\n": a bytes object the size of its line; the one orjson returns holds ~4 KB, 70 MB for
    # 15,000 rows)
    return Entry(row["project"], orjson.dumps(row) + b"\n", row["keys"].split("|"))


def entries_bytes(entries: list[Entry]) -> bytes:
    """A lookup table as one file: a JSON header line naming the sections' lengths, then the names
    (one a line), the pairs and offsets (native uint32/uint64 arrays), the rows (JSON lines) and
    their ids (one a line)."""
    keys = sorted({k for e in entries for k in e.keys})
    position = {k: n for n, k in enumerate(keys)}
    # (the distinct pairs sorted as one integer each: sorting (name, row) tuples took half the time of
    # a write's lookup table)
    width = max(len(entries), 1)
    codes = sorted({position[k] * width + i for i, e in enumerate(entries) for k in e.keys})
    offsets = array("Q", [0])
    offsets.extend(itertools.accumulate(len(e.line) for e in entries))
    sections = {"keys": "\n".join(keys).encode(), "key_of": array("I", [c // width for c in codes]).tobytes(),
                "row_of": array("I", [c % width for c in codes]).tobytes(), "offsets": offsets.tobytes(),
                "rows": b"".join(e.line for e in entries), "ids": "\n".join(e.id for e in entries).encode()}
    header = orjson.dumps({"format": 1, "sections": [[name, len(b)] for name, b in sections.items()]})
    return b"".join([header, b"\n", *sections.values()])


def read_table(data: bytes) -> Table:
    end = data.index(b"\n")
    parts, at = {}, end + 1
    for name, size in orjson.loads(data[:end])["sections"]:
        parts[name], at = data[at:at + size], at + size
    arrays = {}
    for name, code in (("key_of", "I"), ("row_of", "I"), ("offsets", "Q")):
        arrays[name] = array(code)
        arrays[name].frombytes(parts[name])
    ids = parts["ids"].decode().split("\n") if parts.get("ids") else None  # (a table of an older kg has none)
    return Table(parts["keys"].decode().split("\n") if parts["keys"] else [], rows=parts["rows"], ids=ids, **arrays)


def close_to_top(ranked: list[Candidate], margin: float) -> list[Candidate]:
    """The candidates after the first whose score is within ``margin`` of it (``ranked``: best first)."""
    return list(takewhile(lambda c: c.score > ranked[0].score - margin, ranked[1:]))


def project_table(store_dir) -> Table:
    """The projects' lookup table beside the store's live version (read once per version)."""
    from . import store
    return store.lookup_table(store_dir, "projects")


def project_rows(store_dir) -> list[dict]:
    """Every project as the `projects` query lists it, read from the index written beside the store
    at build and ingest time (independent of the store's size)."""
    from . import store
    return store.index(store_dir, "projects")


def locality_rows(store_dir) -> list[dict]:
    """Every administrative unit as the `localities` query lists it, from the index."""
    from . import store
    return store.index(store_dir, "localities")
