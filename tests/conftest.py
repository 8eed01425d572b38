"""Shared fixtures: the real seed corpus in data/corpus and a store built from it once per run."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import json
import time

from kg import derive, rdf, store
# Held by this process, so that the stores the tests write describe their units here, the
# package's caches warm from one test to the next; a kg writer describes them in a process of its
# own (kg.derive.places; test_store checks that path).
import vietnamadminunits  # noqa: E402,F401
from kg.cli import main
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
    store.build(path, [derive.prepare(d, derive.sha256(seed(k))) for k, d in docs.items()], rdf.vocabulary_graphs())
    return path


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture(scope="session")
def cli_built(tmp_path_factory):
    """A store built from data/corpus by `kg build`, as a user builds it (tests only read it)."""
    path = tmp_path_factory.mktemp("cli") / "store"
    r = CliRunner().invoke(main, ["build", "--corpus", str(CORPUS), "--store", str(path)])
    assert r.exit_code == 0, r.output
    assert "5 documents" in r.output
    return path


@pytest.fixture(scope="session")
def query_json():
    """Run `kg query NAME -p k=v ... --format json` on a store and return its rows."""
    def run(store_path, name, *params):
        args = ["query", name, "--format", "json", "--store", str(store_path)]
        for p in params:
            args += ["-p", p]
        r = CliRunner().invoke(main, args)
        assert r.exit_code == 0, r.output
        return json.loads(r.stdout)  # notes such as "0 rows" go to stderr
    return run


def _servers_under(folder: Path) -> list[int]:
    """Oxigraph server processes reading a store under ``folder``."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            args = (proc / "cmdline").read_bytes().split(b"\0") if proc.name.isdigit() else []
        except OSError:
            continue
        if b"serve-read-only" in args and any(a.startswith(str(folder).encode()) for a in args):
            found.append(int(proc.name))
    return found


@pytest.fixture(scope="session", autouse=True)
def no_server_left_behind(tmp_path_factory):
    """After the suite, no oxigraph server started by it is alive."""
    yield
    base = tmp_path_factory.getbasetemp()
    deadline = time.monotonic() + 5
    while _servers_under(base) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _servers_under(base) == [], "the tests left oxigraph servers running"
