"""Shared fixtures: the real seed corpus in data/corpus and a store built from it once per run."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import rdf, store
from kg.extract import extract_file

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
SEEDS = sorted(p for p in CORPUS.glob("*.txt"))


def seed(prefix: str) -> Path:
    """A seed document by its number prefix: seed('000')."""
    return next(p for p in SEEDS if p.name.startswith(prefix))


@pytest.fixture(scope="session")
def docs():
    return {p.name[:3]: extract_file(p) for p in SEEDS}


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory, docs):
    path = tmp_path_factory.mktemp("kg") / "store"
    store.build(path, [rdf.document_graph(d) for d in docs.values()] + rdf.vocabulary_graphs())
    return path


@pytest.fixture
def runner():
    return CliRunner()
