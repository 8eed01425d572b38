"""Lose nothing: one writer at a time, swaps readers survive, kills that leave a readable store,
names that cannot collide, bounded queries, an endpoint that stays closed and stops when told.

The trials run `kg` in subprocesses as a user would, on small stores (one seed, tiny documents),
so each stays within seconds; the longer versions of the trials are marked slow."""
from __future__ import annotations

import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from kg import derive, store
from kg.server import free_port

from conftest import ROOT, SEEDS, seed

KG = [sys.executable, "-m", "kg.cli"]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def resolution(number: int) -> str:
    """A small resolution of the genre, numbered ``number`` (distinct text, distinct document)."""
    return (f"HỘI ĐỒNG NHÂN DÂN\nTỈNH BẾN TRE\nSố: {number}/NQ-HĐND\nNGHỊ QUYẾT\nVề quy hoạch số {number}\n"
            "HỘI ĐỒNG NHÂN DÂN TỈNH BẾN TRE\nKHÓA X - KỲ HỌP THỨ 5\nQUYẾT NGHỊ:\n"
            f"Điều 1. Thông qua quy hoạch số {number}.\nNghị quyết này đã được Hội đồng nhân dân tỉnh Bến Tre "
            "khóa X, kỳ họp thứ 5 thông qua ngày 08 tháng 12 năm 2022.\n")


def write_doc(folder: Path, name: str, number: int) -> Path:
    path = folder / name
    path.write_text(resolution(number), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def small_store(tmp_path_factory):
    """A store of one seed, built once; tests work on copies."""
    path = tmp_path_factory.mktemp("small") / "store"
    store.build(path, [derive.document(seed("004"))])
    return path


def copy_of(small_store: Path, where: Path) -> Path:
    """A copy of a store: its versions folder and its symlink."""
    path = where / "store"
    shutil.copytree(small_store.with_name(".store.d"), where / ".store.d")
    os.symlink(os.readlink(small_store), path)
    return path


def kg(*args, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([*KG, *map(str, args)], capture_output=True, text=True, env=ENV, timeout=60, **kw)


def sources(path: Path) -> set[str]:
    return set(store.records(path))


def leftovers(path: Path) -> list[str]:
    """What is beside the store apart from the lock, the writers' project database and the live version."""
    home = path.with_name(f".{path.name}.d")
    live = store.version_dir(path).resolve()
    return sorted(p.name for p in home.iterdir() if p.name != "lock" and not p.name.startswith("projects.sqlite")
                  and p.resolve() != live) + \
        sorted(p.name for p in path.parent.glob(f".{path.name}.link-*"))


# ------------------------------------------------------------------ one writer at a time

def _ingest_pair(path: Path, docs: list[Path], wait: float, rng: random.Random):
    procs = []
    for d in docs:
        time.sleep(rng.uniform(0, 0.3))
        procs.append(subprocess.Popen([*KG, "ingest", str(d), "--store", str(path), "--wait", str(wait)],
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV))
    return [(p.wait(timeout=60), p.stdout.read() + p.stderr.read()) for p in procs]


def _concurrent_trials(tmp_path, small_store, trials):
    rng = random.Random(15)
    for trial in range(trials):
        where = tmp_path / f"t{trial}"
        where.mkdir()
        path = copy_of(small_store, where)
        docs = [write_doc(where, f"doc{trial}{k}.txt", 100 * trial + k) for k in (1, 2)]
        wait = 60 if trial % 2 else 0
        results = _ingest_pair(path, docs, wait, rng)
        held = sources(path)
        for d, (code, output) in zip(docs, results):
            if code == 0:
                assert d.name in held, output
            else:  # the loser says who holds the lock, and nothing of it was applied
                assert wait == 0 and "is writing this store" in output and "process" in output, output
                assert len([l for l in output.splitlines() if l.strip()]) == 1, output
                assert d.name not in held
        assert held >= {seed("004").name}


def test_two_concurrent_ingests_lose_nothing(tmp_path, small_store):
    _concurrent_trials(tmp_path, small_store, 1)


@pytest.mark.slow
def test_two_concurrent_ingests_lose_nothing_ten_trials(tmp_path, small_store):
    _concurrent_trials(tmp_path, small_store, 10)


def test_a_second_writer_is_refused_naming_the_holder_or_waits(tmp_path, small_store):
    path = copy_of(small_store, tmp_path)
    doc = write_doc(tmp_path, "late.txt", 7)
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent("""
        import sys, time
        from kg import store
        with store.writing(sys.argv[1]):
            print("holding", flush=True)
            time.sleep(float(sys.argv[2]))
        """), str(path), "2"], stdout=subprocess.PIPE, text=True, env=ENV)
    try:
        assert holder.stdout.readline().strip() == "holding"
        assert store.holder(path) == holder.pid
        r = kg("ingest", doc, "--store", path)
        assert r.returncode == 1 and f"process {holder.pid} is writing this store" in r.stderr
        assert "late.txt" not in sources(path)
        r = kg("ingest", doc, "--store", path, "--wait", "30")  # waits for the holder, then writes
        assert r.returncode == 0, r.stderr
        assert "late.txt" in sources(path)
    finally:
        holder.kill()
        holder.wait()


# ------------------------------------------------------------------ swaps and kills

@pytest.mark.slow
def test_readers_survive_swaps(tmp_path, small_store):
    path = copy_of(small_store, tmp_path)
    reader = subprocess.Popen([sys.executable, "-c", textwrap.dedent("""
        import sys, time
        from kg import store
        errors, reads, end = [], 0, time.monotonic() + float(sys.argv[2])
        while time.monotonic() < end:
            try:
                store.select(sys.argv[1], "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", timeout=None)
                reads += 1
            except Exception as exc:
                errors.append(repr(exc))
        print(reads, len(errors), errors[:3], flush=True)
        """), str(path), "8"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)
    time.sleep(0.5)
    for k in range(5):
        store.ingest(path, [derive.document(write_doc(tmp_path, f"swap{k}.txt", 500 + k))])
    out, errors = reader.communicate(timeout=30)
    reads, failures, first = out.split(" ", 2)
    assert failures == "0", first + errors
    assert int(reads) > 5
    assert {f"swap{k}.txt" for k in range(5)} <= sources(path)
    store.ingest(path, [derive.document(write_doc(tmp_path, "after.txt", 599))])
    assert leftovers(path) == []  # the versions the reader held are removed by the next writer


_CRASH = """
import os, sys
from kg import derive, store
from kg.server import free_port
step = sys.argv[3]
real = getattr(os, step)
def crash(*a, **kw):
    os._exit(9)  # the process dies at this step of the swap
setattr(os, step, crash)
store.ingest(sys.argv[1], [derive.document(sys.argv[2])])
"""


@pytest.mark.parametrize("step", ["symlink", "replace"])
def test_a_crash_inside_the_swap_leaves_the_live_store(tmp_path, small_store, step):
    path = copy_of(small_store, tmp_path)
    store.ingest(path, [derive.document(write_doc(tmp_path, "first.txt", 1))])  # now a versioned store
    before = sources(path)
    r = subprocess.run([sys.executable, "-c", _CRASH, str(path), str(write_doc(tmp_path, "lost.txt", 2)), step],
                       env=ENV, timeout=60)
    assert r.returncode == 9
    assert sources(path) == before  # old state, readable
    assert store.select(path, "ASK { ?s ?p ?o }", timeout=None)[1] == [{"result": True}]
    assert leftovers(path)  # the dead writer's version is still there ...
    store.ingest(path, [derive.document(write_doc(tmp_path, "next.txt", 3))])
    assert leftovers(path) == []  # ... until the next writer starts


def _kill_trials(tmp_path, small_store, kills):
    rng = random.Random(16)
    path = copy_of(small_store, tmp_path)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(seed("004"), corpus)
    for k in range(kills):
        doc = write_doc(tmp_path, f"k{k}.txt", 900 + k)
        args = ["build", "--corpus", corpus, "--jobs", "1"] if k % 2 else ["ingest", doc]
        p = subprocess.Popen([*KG, *map(str, args), "--store", str(path)], env=ENV,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.5, 2.5))
        p.send_signal(signal.SIGKILL)
        p.wait()
        assert store.select(path, "ASK { ?s ?p ?o }", timeout=None)[1] == [{"result": True}]  # old or new, readable
    r = kg("ingest", write_doc(tmp_path, "after.txt", 999), "--store", path)
    assert r.returncode == 0, r.stderr
    assert leftovers(path) == []


@pytest.mark.slow
def test_kill_9_during_writes_leaves_a_readable_store_and_no_private_directory(tmp_path, small_store):
    _kill_trials(tmp_path, small_store, 2)


@pytest.mark.slow
def test_kill_9_twenty_times(tmp_path, small_store):
    _kill_trials(tmp_path, small_store, 20)


def _processes_naming(path: Path) -> list[int]:
    out = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and str(path).encode() in (proc / "cmdline").read_bytes():
                out.append(int(proc.name))
        except OSError:  # (gone meanwhile)
            pass
    return out


def _killed_with_its_workers(args: list, naming: Path, workers: int) -> None:
    """Start kg, kill -9 it once its workers run (forked: their command line is kg's, naming
    ``naming``), and check that they die with it."""
    p = subprocess.Popen([*KG, *map(str, args)], env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while len(_processes_naming(naming)) < 1 + workers and time.monotonic() < deadline:
        time.sleep(0.05)
    forked = set(_processes_naming(naming)) - {p.pid}
    assert len(forked) == workers
    p.send_signal(signal.SIGKILL)
    p.wait()
    deadline = time.monotonic() + 10
    while set(_processes_naming(naming)) & forked and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not set(_processes_naming(naming)) & forked


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_killed_build_takes_its_extraction_workers_with_it(tmp_path):
    """kill -9 of `kg build --jobs 2` while its workers extract: they die with it, instead of
    waiting forever for work (each holds both ends of the pool's pipes, so none sees the end)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for k in range(3):
        for p in SEEDS:
            shutil.copy(p, corpus / f"{k}_{p.name}")
    path = tmp_path / "store"
    _killed_with_its_workers(["build", "--corpus", corpus, "--jobs", "2", "--store", path], path, 2)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_killed_query_takes_its_query_process_with_it(tmp_path, small_store):
    """kill -9 of `kg query` during a long query: the process running it stops too (it ran the
    query to its end, holding the version it read)."""
    q = tmp_path / "cartesian.rq"
    q.write_text(CARTESIAN)
    _killed_with_its_workers(["query", q, "--timeout", "600", "--store", small_store], q, 1)


# ------------------------------------------------------------------ names

@pytest.mark.slow
def test_names_that_used_to_collide_are_documents_of_their_own(tmp_path, small_store):
    path = copy_of(small_store, tmp_path)
    names = ["links.txt", "ontology.txt", "places.txt", "a b.txt", "a_b.txt"]
    r = kg("ingest", *[write_doc(tmp_path, n, 10 + i) for i, n in enumerate(names)], "--store", path)
    assert r.returncode == 0, r.stderr
    assert sources(path) >= set(names)
    _, rows = store.select(path, "SELECT DISTINCT ?f WHERE { ?d kg:sourceFile ?f }", timeout=None)
    assert {r["f"] for r in rows} >= set(names)
    graphs = set(store.stats(path)["graphs"])
    assert {"https://w3id.org/vn-plan-kg/graph/doc/a%20b.txt", "https://w3id.org/vn-plan-kg/graph/doc/a_b.txt",
            "https://w3id.org/vn-plan-kg/graph/vocab/ontology", "https://w3id.org/vn-plan-kg/graph/derived/places"} <= graphs
    # a seed's name with a space for the underscore is another document
    spaced = tmp_path / seed("004").name.replace("_", " ")
    spaced.write_text(resolution(77), encoding="utf-8")
    assert kg("ingest", spaced, "--store", path).returncode == 0
    assert {seed("004").name, spaced.name} <= sources(path)


@pytest.mark.slow
def test_the_same_text_under_another_name_is_reported_and_stored_once(tmp_path, small_store):
    path = copy_of(small_store, tmp_path)
    twin = tmp_path / "twin.txt"
    shutil.copy(seed("004"), twin)
    r = kg("ingest", twin, "--store", path)
    assert r.returncode == 0 and "skipped twin.txt" in r.stderr and seed("004").name in r.stderr
    assert "twin.txt" not in sources(path)
    # re-ingesting the same name replaces, as before
    before = store.stats(path)
    assert kg("ingest", seed("004"), "--store", path).returncode == 0
    assert store.stats(path)["quads"] == before["quads"]


def test_ingest_into_a_path_without_a_store_needs_create(tmp_path):
    doc = write_doc(tmp_path, "one.txt", 1)
    r = kg("ingest", doc, "--store", tmp_path / "typo")
    assert r.returncode == 1 and "--create" in r.stderr and not (tmp_path / "typo").exists()
    r = kg("ingest", doc, "--store", tmp_path / "new", "--create")
    assert r.returncode == 0 and sources(tmp_path / "new") == {"one.txt"}


# ------------------------------------------------------------------ bounded queries

def test_a_query_ends_at_its_timeout_and_at_ctrl_c(tmp_path, small_store):
    q = tmp_path / "cartesian.rq"
    q.write_text(CARTESIAN)
    start = time.monotonic()
    r = kg("query", q, "--timeout", "2", "--store", small_store)
    assert r.returncode == 1 and "longer than 2 s" in r.stderr and time.monotonic() - start < 2 + 4
    # (Ctrl-C as a terminal sends it: a process started in the background by a shell inherits
    # SIGINT ignored, and Python then keeps it so)
    p = subprocess.Popen([*KG, "query", str(q), "--store", str(small_store)], env=ENV,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    time.sleep(1.5)
    sent = time.monotonic()
    p.send_signal(signal.SIGINT)
    p.wait(timeout=10)
    assert p.returncode != 0 and time.monotonic() - sent < 1.0


def test_updates_and_service_are_refused(tmp_path, small_store):
    (tmp_path / "u.rq").write_text("PREFIX ex: <http://example.com/>\nINSERT DATA { ex:a ex:b ex:c }")
    (tmp_path / "s.rq").write_text("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    r = kg("query", tmp_path / "u.rq", "--store", small_store)
    assert r.returncode == 1 and "updates are not allowed: kg query runs read-only queries" in r.stderr
    r = kg("query", tmp_path / "s.rq", "--store", small_store)
    assert r.returncode == 1 and "SERVICE" in r.stderr and "--allow-service" in r.stderr
    # the word in a string, an IRI or a variable name is not a SERVICE clause
    store.check_query('SELECT ?service WHERE { ?service <http://x/SERVICE> "SERVICE" }')


def test_the_row_cap(small_store):
    _, rows = store.select(small_store, "SELECT * WHERE { ?s ?p ?o }", max_rows=10)
    assert len(rows) == 10 and rows.truncated


# ------------------------------------------------------------------ the endpoint

def _ask(base: str, query: str, timeout: float = 30):
    req = urllib.request.Request(f"{base}/query?" + urllib.parse.urlencode({"query": query}),
                                 headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        return json.loads(resp.read())


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _oxigraph_children(pid: int) -> list[int]:
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                args = (proc / "cmdline").read_bytes().split(b"\0")
                if any(a.endswith(b"oxigraph") for a in args[:1]) and str(pid).encode() in (proc / "stat").read_bytes().split(b")")[1].split()[1:3]:
                    found.append(int(proc.name))
            except OSError:
                pass
    return found


@pytest.mark.slow
def test_endpoint_bounds_queries_refuses_service_follows_swaps_and_stops(tmp_path, small_store):
    path = copy_of(small_store, tmp_path)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([*KG, "serve", "--port", str(port), "--timeout", "3", "--store", str(path)],
                              env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(150):
            try:
                _ask(base, "ASK {}", timeout=2)
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.1)
        else:
            pytest.fail("the endpoint did not answer")
        children = _oxigraph_children(server.pid)
        assert len(children) == 1
        start = time.monotonic()
        with pytest.raises(urllib.error.HTTPError) as timed_out:
            _ask(base, CARTESIAN)
        assert timed_out.value.code == 503 and time.monotonic() - start < 3 + 2
        time.sleep(1)
        now = _oxigraph_children(server.pid)
        assert len(now) == 1
        cpu = _cpu_seconds(now[0])
        time.sleep(1)
        assert _cpu_seconds(now[0]) - cpu < 0.2  # the abandoned work was stopped
        with pytest.raises(urllib.error.HTTPError) as refused:
            _ask(base, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
        assert refused.value.code == 400 and b"SERVICE" in refused.value.read()
        # a writer swaps a new version in: the endpoint serves it from the next query
        count = "SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE { ?d <https://w3id.org/vn-plan-kg/ontology#sourceFile> ?f }"
        assert _ask(base, count)["results"]["bindings"][0]["n"]["value"] == "1"
        assert kg("ingest", write_doc(tmp_path, "new.txt", 3), "--store", path).returncode == 0
        assert _ask(base, count)["results"]["bindings"][0]["n"]["value"] == "2"
        # a second server on the same port is one line
        r = kg("serve", "--port", port, "--store", path)
        assert r.returncode == 1 and "cannot listen" in r.stderr and "Traceback" not in r.stderr
        children = _oxigraph_children(server.pid)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=10)
    assert server.returncode == 0
    time.sleep(0.3)
    assert not any(Path(f"/proc/{c}").exists() for c in children)
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # (connections of the test may linger in TIME_WAIT)
        s.bind(("127.0.0.1", port))  # nothing listens on the port any more


def test_a_public_host_is_said(tmp_path, small_store):
    port = free_port()
    p = subprocess.Popen([*KG, "serve", "--host", "0.0.0.0", "--port", str(port), "--store", str(small_store)],
                         env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        line = p.stderr.readline()
        assert "public" in line
        assert "SPARQL endpoint" in p.stderr.readline()  # serving; now stop it
    finally:
        p.send_signal(signal.SIGINT)
        p.wait(timeout=10)


@pytest.mark.slow
def test_a_document_with_a_heading_and_nothing_else_is_refused_by_build_and_ingest(tmp_path, small_store):
    path = copy_of(small_store, tmp_path)
    before = sources(path)
    corpus = tmp_path / "c"
    corpus.mkdir()
    empty = corpus / "heading-only.txt"
    empty.write_text("HỘI ĐỒNG NHÂN DÂN\nTỈNH BẾN TRE\nNGHỊ QUYẾT\n", encoding="utf-8")
    for args in (["build", "--corpus", corpus], ["ingest", empty]):
        r = kg(*args, "--store", path)
        assert r.returncode == 1 and "heading-only.txt: a heading and nothing else" in r.stderr, r.stderr
    assert sources(path) == before
