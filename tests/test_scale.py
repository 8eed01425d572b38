"""Queries whose cost follows their answer, not the store: on a store twice as big (the seeds plus
the seeds moved to other provinces, bench/synth.py) a query about one project, fact or place
evaluates the same number of solutions, and one about a national document at most twice as many.

Solutions are counted with DISTINCT taken out of the query, so duplicates show: a term stated in k
documents used to match each triple pattern k times (k⁵ solutions for the cited-document links)."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # run by .ci/run after the quick suite (pytest -m slow)

from kg import derive, lookup, queries, store
from kg.text import fold_key

from conftest import ROOT, SEEDS, seed

sys.path.insert(0, str(ROOT / "bench"))
import synth  # noqa: E402

ID = "https://w3id.org/vn-plan-kg/id/"


@pytest.fixture(scope="module")
def doubled(tmp_path_factory, seed_store):
    """The seed store and one twice its size."""
    folder = tmp_path_factory.mktemp("doubled")
    provinces, districts, communes = synth._units()
    others = [i for i, name in enumerate(provinces) if name not in ("Bến Tre", "Trà Vinh")]
    moved = []
    for i, p in zip(others[10:], SEEDS):  # (second round: project names of their own, not the seeds' projects)
        target = folder / f"moved-{p.name}"
        text = synth.variant(p.read_text(encoding="utf-8"), i + len(provinces), provinces, districts, communes)
        target.write_text(text,
                          encoding="utf-8")
        moved.append(target)
    path = folder / "store"
    store.build(path, [derive.document(p) for p in [*SEEDS, *moved]])
    return seed_store, path


def solutions(path, name: str, **params) -> int:
    """How many solutions the query's pattern has (its DISTINCT removed)."""
    q = queries.load(name)
    text = re.sub(r"SELECT\s+DISTINCT", "SELECT", q.text, count=1)
    _, rows = store.select(path, text, q.bind(params), timeout=60, max_rows=None)
    return len(rows)


SUBJECT_BOUND = [
    ("project-history", {"project": "Khu công nghiệp Phú Thuận"}),  # by name, from the index (not a bridge: bridges are national, their moved copies join them)
    ("project-card", {"project": "Khu công nghiệp Phú Thuận"}),
    ("slipped-deadlines", {"project": "Khu công nghiệp Phú Thuận"}),
    ("provenance", {"fact": ID + "doc/ben-tre/nghi-quyet/2024-12-06-7afce9/target/1"}),
    ("locality-items", {"unit": ID + "locality/835-binh-dai"}),
    ("indicator-series", {"indicator": ID + "indicator/grdp_per_capita", "province": "ben tre"}),
    ("citations", {"key": "45/nq-hdnd"}),
]


@pytest.mark.parametrize("name,params", SUBJECT_BOUND, ids=[n for n, _ in SUBJECT_BOUND])
def test_a_query_about_one_thing_does_not_grow_with_the_store(doubled, name, params):
    small, big = doubled
    if "project" in params:
        params = {"project": next(r["project"] for r in lookup.project_rows(small)
                                   if fold_key(r["name"]) == fold_key(params["project"]))}
    n_small, n_big = solutions(small, name, **params), solutions(big, name, **params)
    assert n_small > 0
    assert n_big == n_small


def test_a_national_document_cited_everywhere_grows_linearly(doubled):
    small, big = doubled
    n_small, n_big = solutions(small, "citations", key="18-nq/tw"), solutions(big, "citations", key="18-nq/tw")
    assert 0 < n_small < n_big <= 2 * n_small


def test_every_library_query_runs_as_pasted(seed_store):
    """PREFIX lines in every file: a query copied into another SPARQL tool runs without kg's prefixes."""
    import pyoxigraph as ox
    for q in queries.available():
        ox.Store().query(q.text)  # raises SyntaxError on an undeclared prefix
