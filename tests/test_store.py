import os
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kg import derive, rdf, store

from conftest import CORPUS, ROOT, SEEDS, seed


def _graphs(paths):
    return [derive.document(p) for p in paths]


def test_one_named_graph_per_document_and_rebuild_is_identical(tmp_path):
    path = tmp_path / "store"
    store.build(path, _graphs(SEEDS))
    first = store.stats(path)
    assert len([g for g in first["graphs"] if "/graph/doc/" in g]) == len(SEEDS)
    store.build(path, _graphs(SEEDS))
    assert store.stats(path) == first
    # the live version, the lock and the writers' project database, nothing else: no private or old
    # directories left behind
    assert path.is_symlink() and [p.name for p in (tmp_path / ".store.d").iterdir()
                                  if p.name != "lock" and not p.name.startswith("projects.sqlite")] == \
        [Path(os.readlink(path)).name]


def test_ingest_replaces_a_document_instead_of_duplicating(tmp_path):
    path = tmp_path / "store"
    store.build(path, _graphs(SEEDS[:2]))
    before = store.stats(path)
    store.ingest(path, _graphs([SEEDS[0]]))
    assert store.stats(path) == before
    store.ingest(path, _graphs([SEEDS[2]]))
    after = store.stats(path)
    assert len(after["graphs"]) == len(before["graphs"]) + 1
    assert after["quads"] > before["quads"]


def test_parameters_are_bound_not_pasted(seed_store):
    q = "SELECT ?doc ?province WHERE { ?doc kg:sourceFile ?f ; kg:province ?p . ?p kg:key ?province }"
    _, rows = store.select(seed_store, q, {"province": ("key", "tra vinh")})
    assert [r["doc"].rsplit("/", 3)[-3] for r in rows] == ["tra-vinh"]
    # an injection attempt is just a string that matches nothing
    _, rows = store.select(seed_store, q, {"province": ("key", '" } ?s ?p ?o { "')})
    assert rows == []


HELD = ("HỘI ĐỒNG NHÂN DÂN\nTỈNH BẾN TRE\nSố: 45/NQ-HĐND\nNGHỊ QUYẾT\nVề quy hoạch\n"
        "HỘI ĐỒNG NHÂN DÂN TỈNH BẾN TRE\nKHÓA X - KỲ HỌP THỨ 5\nQUYẾT NGHỊ:\nĐiều 1. Thông qua.\n"
        "Nghị quyết này đã được Hội đồng nhân dân tỉnh Bến Tre khóa X, kỳ họp thứ 5 thông qua ngày 08 tháng 12 năm 2022.\n")


def test_links_graph_points_stubs_at_held_documents(tmp_path):
    """A citation by number of a document the corpus holds is owl:sameAs the held document."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    shutil.copy(seed("000"), corpus)  # cites "Nghị quyết số 45/NQ-HĐND ngày 08 tháng 12 năm 2022"
    (corpus / "held.txt").write_text(HELD, encoding="utf-8")
    path = tmp_path / "store"
    store.build(path, _graphs(sorted(corpus.iterdir())))
    _, rows = store.select(path, "SELECT ?stub ?held WHERE { GRAPH <https://w3id.org/vn-plan-kg/graph/derived/links> "
                                 "{ ?stub owl:sameAs ?held } }")
    assert [(r["stub"].rsplit("/", 1)[-1], r["held"].rsplit("/", 1)[-1]) for r in rows] == \
        [("45-nq-hdnd-2022", "45-nq-hdnd")]
    _, rows = store.select(path, "SELECT ?held WHERE { ?citing kg:sourceFile ?f ; eli:cites ?held . "
                                 "?held kg:sourceFile ?g }")
    assert [r["held"].rsplit("/", 1)[-1] for r in rows] == ["45-nq-hdnd"]
    # the held document ingested after the one that cites it: the same links, the same store
    later = tmp_path / "later"
    store.build(later, _graphs([corpus / seed("000").name]))
    store.ingest(later, _graphs([corpus / "held.txt"]))
    assert _named_quads(later, tmp_path) == _named_quads(path, tmp_path)
    # a Trà Vinh resolution numbered 45/NQ-HĐND would be another document: numbers are per province
    assert rdf.cited_iri("Nghị quyết", "45/NQ-HĐND", None, "Trà Vinh") != \
        rdf.cited_iri("Nghị quyết", "45/NQ-HĐND", None, "Bến Tre")


def test_a_store_being_written_gets_a_clear_message(seed_store):
    holder = subprocess.Popen([sys.executable, "-c", "import sys,time; from kg import store\n"
                               "with store.writing(sys.argv[1]):\n print('ok', flush=True); time.sleep(30)",
                               str(seed_store)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ok"
        with pytest.raises(store.StoreError, match=f"process {holder.pid} is writing this store"):
            store.build(seed_store, _graphs(SEEDS[:1]))
        assert store.stats(seed_store)["quads"] > 0  # readers are not held up by the writer
    finally:
        holder.kill()
        holder.wait()


def test_missing_store_is_a_clear_error(tmp_path):
    with pytest.raises(store.StoreError, match="kg build"):
        store.stats(tmp_path / "nothing")


def test_incremental_build_reads_only_what_changed(tmp_path):
    from click.testing import CliRunner
    from kg.cli import main
    corpus, path = tmp_path / "corpus", tmp_path / "store"
    corpus.mkdir()
    shutil.copy(seed("004"), corpus)
    (corpus / "held.txt").write_text(HELD, encoding="utf-8")
    run = CliRunner().invoke
    assert run(main, ["build", "--corpus", str(corpus), "--store", str(path), "--jobs", "1"]).exit_code == 0
    first = store.records(path)
    (corpus / "held.txt").write_text(HELD.replace("Về quy hoạch", "Về quy hoạch tỉnh"), encoding="utf-8")
    r = run(main, ["build", "--corpus", str(corpus), "--store", str(path), "--incremental", "--jobs", "1"])
    assert r.exit_code == 0 and "1 documents" in r.output and "1 unchanged" in r.output, r.output
    again = store.records(path)
    assert again[seed("004").name] == first[seed("004").name] and again["held.txt"] != first["held.txt"]
    _, rows = store.select(path, "SELECT ?t WHERE { ?d kg:sourceFile 'held.txt' ; eli:title ?t }")
    assert [r["t"] for r in rows] == ["Về quy hoạch tỉnh"]
    (corpus / "held.txt").unlink()
    r = run(main, ["build", "--corpus", str(corpus), "--store", str(path), "--incremental", "--jobs", "1"])
    assert r.exit_code == 0 and "removed held.txt" in r.output, r.output
    assert set(store.records(path)) == {seed("004").name}
    assert store.select(path, "ASK { ?d kg:sourceFile 'held.txt' }")[1] == [{"result": False}]


def _named_quads(path, tmp_path) -> list[str]:
    out = tmp_path / "dump.nq"
    store.dump(path, "nquads", out)
    # the vocabularies' blank nodes are named afresh by every load: compare the rest
    return sorted(l for l in out.read_text(encoding="utf-8").splitlines() if "/graph/vocab/" not in l)


def test_the_same_store_whatever_the_number_of_jobs(tmp_path):
    from click.testing import CliRunner
    from kg.cli import main
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for p in (seed("004"), seed("001")):
        shutil.copy(p, corpus)
    (corpus / "held.txt").write_text(HELD, encoding="utf-8")
    dumps = []
    for jobs in ("1", "2"):
        path = tmp_path / f"store{jobs}"
        r = CliRunner().invoke(main, ["build", "--corpus", str(corpus), "--store", str(path), "--jobs", jobs])
        assert r.exit_code == 0, r.output
        dumps.append(_named_quads(path, tmp_path))
    assert dumps[0] == dumps[1] and len(dumps[0]) > 5000


def test_an_ingested_store_is_the_store_a_build_gives(tmp_path):
    """Ingest re-derives only the projects whose mentions or documents changed: the result is the
    store (and lookup index) a full build of the same documents writes. The two Bến Tre seeds share
    Rạch Miễu 2 and KCN Phú Thuận; the changed copy renames one project and drops another."""
    first, second = seed("000"), seed("002")
    changed = tmp_path / second.name
    changed.write_text(second.read_text(encoding="utf-8").replace("Phú Thuận", "Phú Thuận Mới")
                       .replace("Rạch Miễu 2", "Rạch Miễu"), encoding="utf-8")
    for i, docs in enumerate(([first, second], [first, changed])):
        built, grown = tmp_path / f"built{i}" / "store", tmp_path / f"grown{i}" / "store"
        store.build(built, _graphs(docs))
        store.build(grown, _graphs([first]))
        store.ingest(grown, _graphs([second]))
        # every write reads each document's facts, not its whole record: the same facts
        facts, whole = store._read_records(store.version_dir(grown), facts=True), store._read_records(store.version_dir(grown))
        assert all("record" not in r for r in facts.values())
        assert {s: r["facts"] for s, r in facts.items()} == {s: store._facts(r) for s, r in whole.items()}
        if docs[1] is changed:
            # (the projects' statements read out of the store, and the records parsed whole, as
            # from a store an older kg wrote)
            (store.version_dir(grown) / "derived" / "documents.json").unlink()
            for db in store._home(grown).glob("projects.sqlite*"):
                db.unlink()
            store.ingest(grown, _graphs([changed]))
        assert _named_quads(grown, tmp_path) == _named_quads(built, tmp_path)
        assert store.index(grown, "projects") == store.index(built, "projects")
    # kg build --incremental dropping a document: the store a build of the others gives
    store.build(grown, [], keep=[first.name])
    only = tmp_path / "only" / "store"
    store.build(only, _graphs([first]))
    assert _named_quads(grown, tmp_path) == _named_quads(only, tmp_path)
    assert store.index(grown, "projects") == store.index(only, "projects")


def test_a_project_with_no_province_is_ingested(tmp_path):
    """A document that names no province: its project has none, and the write records that."""
    text = tmp_path / "noprov.txt"
    text.write_text("NGHỊ QUYẾT\nVề kế hoạch năm 2025\nĐiều 1. Đẩy nhanh tiến độ xây dựng Khu công nghiệp "
                    "Tân Hòa Mới.\n", encoding="utf-8")
    path = tmp_path / "store"
    store.build(path, _graphs([seed("004")]))
    store.ingest(path, _graphs([text]))
    rows = [r for r in store.index(path, "projects") if r["name"] == "Khu công nghiệp Tân Hòa Mới"]
    assert len(rows) == 1 and rows[0]["provinceName"] is None


def test_a_store_an_older_kg_wrote_is_refused_until_rebuilt(tmp_path):
    """Records of an older corpus stage lack what the derived graphs now read: ingest says so in
    one line and leaves the store as it was; an incremental build extracts those documents again."""
    from click.testing import CliRunner
    from kg.cli import main
    corpus, path = tmp_path / "corpus", tmp_path / "store"
    corpus.mkdir()
    shutil.copy(seed("004"), corpus)
    run = CliRunner().invoke
    assert run(main, ["build", "--corpus", str(corpus), "--store", str(path), "--jobs", "1"]).exit_code == 0
    records = store.version_dir(path) / "records.jsonl"
    older = [json.loads(line) for line in records.read_text(encoding="utf-8").splitlines()]
    for r in older:  # as the kg before RECORDS_VERSION 3 wrote them
        r["record"]["corpus"]["version"] = 2
        for m in r["record"]["corpus"]["mentions"]:
            del m["action"], m["is_target"], m["deadline"]
    records.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in older), encoding="utf-8")
    (records.parent / "derived" / "documents.json").unlink()  # (that kg did not write it)
    before = records.read_bytes()
    (tmp_path / "held.txt").write_text(HELD, encoding="utf-8")
    r = run(main, ["ingest", str(tmp_path / "held.txt"), "--store", str(path), "--jobs", "1"])
    assert r.exit_code == 1 and "stored by an older kg" in r.output and len(r.output.strip().splitlines()) == 1, r.output
    assert (store.version_dir(path) / "records.jsonl").read_bytes() == before
    r = run(main, ["build", "--corpus", str(corpus), "--store", str(path), "--incremental", "--jobs", "1"])
    assert r.exit_code == 0 and "1 documents" in r.output, r.output
    assert all(store.current(r) for r in store.records(path).values())


def test_the_lookup_table_ranks_as_scoring_every_project(seed_store):
    """The table beside the store (names sorted, rows parsed when shown) gives the head of the
    ranking that scoring every project's every name gives: same rows, scores and order."""
    from kg import choose, lookup, resolve
    rows = store.index(seed_store, "projects")
    table = lookup.project_table(seed_store)
    assert table.all_rows() == rows
    queries = ["rach mieu 2", "phong nam", "kcn phu thuan", "cau", "xyz qqq"]
    for r in rows[::3]:
        name = r["name"]
        queries += [name, name.lower(), name[:-1], " ".join(name.split()[-2:])]
    exact = 0
    for q in queries:
        key = resolve.key(q)
        full = lookup.rank(key, [lookup.Candidate(r["project"], r["name"], r["keys"].split("|")) for r in rows])
        head = table.ranked(key, choose.MARGIN)
        assert [(c.id, c.score) for c in head] == [(c.id, c.score) for c in full[:len(head)]], q
        within = [c for c in full if c.score > full[0].score - choose.MARGIN]
        assert len(head) >= len(within) and (len(head) >= 5 or full[0].score == 200), q
        exact += full[0].score == 200
    assert 0 < exact < len(queries)  # both ways of finding a name are tried


def test_what_kg_writes_parses_strictly(tmp_path):
    """The store reads kg's own N-Quads leniently (no IRI checked again): every IRI it writes must
    be valid, also for a file named with spaces, diacritics, '#' and '%'."""
    import pyoxigraph as ox
    odd = tmp_path / "Nghị quyết số 1 #2 (bản 100%).txt"
    shutil.copy(seed("002"), odd)
    path = tmp_path / "store"
    store.build(path, _graphs([seed("000"), odd]), rdf.vocabulary_graphs())
    out = tmp_path / "all.nq"
    store.dump(path, "nquads", out)
    quads = list(ox.parse(path=str(out), format=ox.RdfFormat.N_QUADS))  # strict: raises on a bad IRI
    graphs = {q.graph_name.value for q in quads}
    assert str(rdf.graph_iri(odd.name)) in graphs and len(quads) == store.stats(path)["quads"]


def test_the_project_database_follows_the_live_version(tmp_path):
    """projects.sqlite lives beside the versions and names the one it describes: a write that
    stops leaves it as it was; one whose database names another version derives everything."""
    import sqlite3
    changed = tmp_path / seed("002").name
    changed.write_text(seed("002").read_text(encoding="utf-8").replace("Rạch Miễu 2", "Rạch Miễu"), encoding="utf-8")
    first, second, third = _graphs([seed("000")]), _graphs([seed("002")]), _graphs([changed])
    path = tmp_path / "store"
    store.build(path, first)

    def named() -> str:
        with sqlite3.connect(store._home(path) / "projects.sqlite") as db:
            return db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()[0]

    assert named() == store.version_dir(path).name

    def stopping():
        yield from second
        raise RuntimeError("stopped")
    live = store.version_dir(path)
    with pytest.raises(RuntimeError):
        store.ingest(path, stopping())
    assert store.version_dir(path) == live and named() == live.name
    store.ingest(path, second)
    with sqlite3.connect(store._home(path) / "projects.sqlite") as db:  # committed, then stopped before the swap
        db.execute("UPDATE meta SET value = 'v-0' WHERE key = 'version'")
        db.execute("UPDATE project SET lines = ''")  # (what that write changed, as far as the next can tell)
    store.ingest(path, third)
    assert named() == store.version_dir(path).name
    built = tmp_path / "built" / "store"
    store.build(built, first + third)
    assert _named_quads(path, tmp_path) == _named_quads(built, tmp_path)
    assert store.index(path, "projects") == store.index(built, "projects")
    # a database of an older kg (its mention rows without the node's evidence) is made anew
    (store._home(path) / "projects.sqlite").unlink()
    with sqlite3.connect(store._home(path) / "projects.sqlite") as db:
        db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        db.execute("INSERT INTO meta VALUES ('version', ?)", (store.version_dir(path).name,))
        db.execute("CREATE TABLE mention (node TEXT NOT NULL, source TEXT NOT NULL, i INTEGER NOT NULL, data BLOB)")
    store.ingest(path, third)
    assert named() == store.version_dir(path).name
    assert _named_quads(path, tmp_path) == _named_quads(built, tmp_path)
    assert store.index(path, "projects") == store.index(built, "projects")


def test_a_build_reads_its_mentions_a_batch_of_projects_at_a_time(tmp_path, monkeypatch):
    """A build's corpus stage clusters the nodes of every mention at once, then reads the mentions
    from the project database a batch of projects at a time to describe them: batches of a few
    mentions give the store, the derived files and the index that one batch gives."""
    docs = _graphs(SEEDS)
    whole = tmp_path / "whole" / "store"
    store.build(whole, docs)
    monkeypatch.setattr(store, "MENTION_BATCH", 3)
    batched = tmp_path / "batched" / "store"
    store.build(batched, docs)
    assert _named_quads(batched, tmp_path) == _named_quads(whole, tmp_path)
    for name in ("derived/projects.json", "derived/clustering.json", "derived/typos.json", "index.json",
                 "projects.lookup", "records.jsonl"):
        a, b = (store.version_dir(p) / name for p in (whole, batched))
        assert a.read_bytes() == b.read_bytes(), name
    assert not list(store.version_dir(batched).glob("records.spill"))


def test_bulk_loads_write_what_the_write_buffer_writes(tmp_path, monkeypatch):
    """A large corpus goes through bulk loads (the documents in batches, the derived graphs read a
    project at a time); the seeds, through the write buffer. Forced to bulk-load, the seeds give the
    same store."""
    docs = _graphs([seed("000"), seed("002")])
    small = tmp_path / "small" / "store"
    store.build(small, docs)
    monkeypatch.setattr(store, "BULK_BYTES", 0)
    monkeypatch.setattr(store, "BATCH_BYTES", 1 << 18)
    bulk = tmp_path / "bulk" / "store"
    store.build(bulk, docs)
    assert _named_quads(bulk, tmp_path) == _named_quads(small, tmp_path)
    assert _merged(bulk) == _merged(small)


def _merged(path) -> tuple[int, list[str]]:
    """The union graph as N-Triples, every statement once (blank nodes named afresh by each load)."""
    out = path.with_name("merged.nt")
    store.dump(path, "ntriples", out)
    lines = out.read_text(encoding="utf-8").splitlines()
    return len(lines), sorted(line for line in lines if "_:" not in line)


def _project_lines(path) -> list[tuple[str, str]]:
    import sqlite3
    db = sqlite3.connect(store._home(path) / "projects.sqlite")
    try:
        return db.execute("SELECT iri, lines FROM project ORDER BY iri").fetchall()
    finally:
        db.close()


@pytest.mark.parametrize("older", ["database and store", "store only", "database of schema 2"])
def test_the_first_write_after_an_upgrade_changes_only_the_project_statements_that_differ(tmp_path, monkeypatch,
                                                                                          older):
    """After an upgrade of kg, a write derives every project again. The project database holds the
    statements the base version wrote, so only the difference goes out of the store and into it,
    instead of the whole graph dropped and loaded again (36 s at a thousand documents). Here the
    older kg wrote one statement more for one project, one less for another, and a project this
    one does not derive: the result is the store a build gives. When the store holds a statement
    the database lacks, the graph is dropped and written anew, with the same result."""
    import sqlite3
    import pyoxigraph as ox
    from kg.namespaces import GRAPH
    first, second, third = seed("000"), seed("002"), seed("004")
    built = tmp_path / "built" / "store"
    store.build(built, _graphs([first, second, third]))
    path = tmp_path / "grown" / "store"
    store.build(path, _graphs([first, second]))
    version = store.version_dir(path)
    for name in ("projects.json", "clustering.json", "typos.json"):  # derived by another kg
        f = version / "derived" / name
        f.write_bytes(f.read_bytes().replace(derive.derive_version().encode(), b"0" * 40))
    (a, a_lines), (b, b_lines) = _project_lines(path)[:2]
    extra = f'<{a}> <http://www.w3.org/2000/01/rdf-schema#comment> "written by an older kg" .\n'
    dropped = b_lines.split("\n")[0] + "\n"
    ghost = f'<{a}-ghost> <http://www.w3.org/2004/02/skos/core#prefLabel> "gone" .\n'
    if older != "store only":
        db = sqlite3.connect(store._home(path) / "projects.sqlite")
        if older == "database of schema 2":  # (without the facts and shared descriptions: put in by the write)
            for table in ("held", "stub", "unit_use", "entry_use", "shared"):
                db.execute(f"DROP TABLE {table}")
            db.execute("UPDATE meta SET value = '2' WHERE key = 'schema'")
        db.execute("UPDATE project SET lines = ? WHERE iri = ?", (a_lines + extra, a))
        db.execute("UPDATE project SET lines = ? WHERE iri = ?", (b_lines.replace(dropped, "", 1), b))
        db.execute("INSERT INTO project VALUES (?, ?)", (f"{a}-ghost", ghost))
        db.commit()
        db.close()
    oxi, node = ox.Store(str(version / "oxigraph")), ox.NamedNode(str(GRAPH["derived/projects"]))
    triple = lambda line: [(q.subject, q.predicate, q.object) for q in ox.parse(line.encode(), format=ox.RdfFormat.N_TRIPLES)]  # noqa: E731
    oxi.extend([ox.Quad(*t, node) for t in triple(extra)])
    if older != "store only":
        store._remove(oxi, node, triple(dropped))
        oxi.extend([ox.Quad(*t, node) for t in triple(ghost)])
    oxi.flush()  # (a copy is made from a read-only opening, which reads what is flushed)
    del oxi
    dropping, drop = [], store._drop_graph
    monkeypatch.setattr(store, "_drop_graph", lambda st, g: dropping.append(g.value) or drop(st, g))
    store.ingest(path, _graphs([third]))
    assert (str(node.value) in dropping) == (older == "store only")
    assert _named_quads(path, tmp_path) == _named_quads(built, tmp_path)
    assert _merged(path) == _merged(built)
    assert _project_lines(path) == _project_lines(built)
    assert store.index(path, "projects") == store.index(built, "projects")


def test_every_statement_is_in_one_graph_and_queries_see_their_union(seed_store):
    """What several documents name (an agency, a cited document, a period) is described once, in
    graph/derived/shared, so that the union of the graphs, which queries run over, gives each
    statement once (the seeds' graphs stated 123 statements in two or more graphs: a stub cited by
    k documents then matched each of its patterns k times)."""
    from collections import Counter
    import pyoxigraph as ox
    oxi = ox.Store.read_only(str(store.version_dir(seed_store) / "oxigraph"))
    quads = list(oxi)
    assert not any(isinstance(q.graph_name, ox.DefaultGraph) for q in quads)
    assert [t for t, n in Counter(q.triple for q in quads).items() if n > 1] == []
    # a document's graph says what that document states: its own parts, and the file it was read from
    docs = {r["graph"]: r["record"]["corpus"]["document"] for r in store.records(seed_store).values()}
    for q in quads:
        d = docs.get(q.graph_name.value)
        if d is not None:
            s = q.subject.value
            assert s == d or s.startswith(d + "/") or s.startswith(str(rdf.ID["file/"])), (s, d)
    # the agencies and stubs several seeds name, each described once, as each of them names them
    _, rows = store.select(seed_store, """
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX kg: <https://w3id.org/vn-plan-kg/ontology#>
        SELECT ?x ?label (COUNT(DISTINCT ?doc) AS ?docs) WHERE {
          { ?m kg:agency ?x ; kg:mentionedIn ?doc . ?x skos:prefLabel ?label }
          UNION { ?doc <http://data.europa.eu/eli/ontology#cites> ?x .
                  ?x <http://www.w3.org/2000/01/rdf-schema#label> ?label }
        } GROUP BY ?x ?label HAVING (COUNT(DISTINCT ?doc) > 1)""")
    assert len(rows) > 5
    _, labels = store.select(seed_store, "SELECT ?x ?label WHERE { ?x <http://www.w3.org/2004/02/skos/core#prefLabel> "
                                         "|<http://www.w3.org/2000/01/rdf-schema#label> ?label }")
    count = Counter(r["x"] for r in labels)
    assert all(count[r["x"]] == 1 for r in rows), [(r["x"], count[r["x"]]) for r in rows if count[r["x"]] != 1]


def test_a_store_of_an_older_kg_with_every_statement_in_its_default_graph(tmp_path):
    """An older kg copied every statement into the default graph: its store is read over that copy
    (the same rows), and its first write empties it, giving the store a build gives."""
    import pyoxigraph as ox
    first, second, third = seed("000"), seed("002"), seed("004")
    built = tmp_path / "built" / "store"
    store.build(built, _graphs([first, second, third]))
    path = tmp_path / "older" / "store"
    store.build(path, _graphs([first, second]))
    query = ("SELECT ?doc ?label WHERE { ?doc <http://data.europa.eu/eli/ontology#cites> ?stub . "
             "?stub <http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?doc ?label")
    before = store.select(path, query)
    oxi = ox.Store(str(store.version_dir(path) / "oxigraph"))
    oxi.extend([ox.Quad(q.subject, q.predicate, q.object) for q in oxi])
    oxi.extend([ox.Quad(q.subject, q.predicate, q.object) for q in oxi])  # (a second copy is one copy)
    oxi.flush()
    del oxi
    assert not store.union_default(store.version_dir(path))
    assert store.select(path, query) == before
    assert _merged(path)[0] == store.stats(path)["quads"]
    store.ingest(path, _graphs([third]))
    assert store.union_default(store.version_dir(path))
    assert _named_quads(path, tmp_path) == _named_quads(built, tmp_path)
    assert _merged(path) == _merged(built)


def test_the_shared_descriptions_follow_the_documents_that_name_them(tmp_path):
    """What a document written or removed names alone is described or gone in graph/derived/shared
    (changed from the descriptions the base version kept), as a build of the same documents has it."""
    from click.testing import CliRunner
    from kg.cli import main
    corpus, path = tmp_path / "corpus", tmp_path / "store"
    corpus.mkdir()
    for s in ("000", "002"):
        shutil.copy(seed(s), corpus)
    run = CliRunner().invoke
    assert run(main, ["build", "--corpus", str(corpus), "--store", str(path), "--jobs", "1"]).exit_code == 0
    shared = lambda p: [q for q in _named_quads(p, tmp_path) if "/graph/derived/shared>" in q]  # noqa: E731
    sizes = [len(shared(path))]
    shutil.copy(seed("004"), corpus)
    store.ingest(path, _graphs([seed("004")]))
    sizes.append(len(shared(path)))
    built = tmp_path / "built" / "store"
    store.build(built, _graphs(sorted(corpus.iterdir())))
    assert _named_quads(path, tmp_path) == _named_quads(built, tmp_path)
    (corpus / seed("000").name).unlink()
    assert run(main, ["build", "--corpus", str(corpus), "--store", str(path), "--incremental", "--jobs", "1"]).exit_code == 0
    sizes.append(len(shared(path)))
    store.build(built, _graphs(sorted(corpus.iterdir())))
    assert _named_quads(path, tmp_path) == _named_quads(built, tmp_path)
    assert sizes[0] < sizes[1] and sizes[2] < sizes[1], sizes


def test_a_second_file_of_a_stored_text_or_document_is_skipped_with_a_reason(tmp_path):
    """The same text under another name, or another file of the same document (here seed 004 with
    one line added: another sha256, the same date and title and so the same IRI), is reported and
    not stored: its statements would be in two graphs, and the union would give them twice. Another
    resolution of the same sitting (another title, no number either) is another document."""
    from click.testing import CliRunner
    from kg.cli import main
    corpus, path = tmp_path / "corpus", tmp_path / "store"
    corpus.mkdir()
    text = seed("004").read_text(encoding="utf-8")
    (corpus / "a.txt").write_text(text, encoding="utf-8")
    (corpus / "b.txt").write_text(text, encoding="utf-8")
    (corpus / "c.txt").write_text(text + "\nNơi nhận: như trên.\n", encoding="utf-8")
    title = "VỀ NHIỆM VỤ PHÁT TRIỂN KINH TẾ - XÃ HỘI TỈNH TRÀ VINH NĂM 2025"
    assert title in text
    (corpus / "d.txt").write_text(text.replace(title, "VỀ KẾ HOẠCH ĐẦU TƯ CÔNG NĂM 2025"), encoding="utf-8")
    r = CliRunner().invoke(main, ["build", "--corpus", str(corpus), "--store", str(path), "--jobs", "1"])
    assert r.exit_code == 0, r.output
    assert "skipped b.txt: the same text (sha256) as a.txt, already in the store" in r.output
    assert "skipped c.txt: the same document (https://w3id.org/vn-plan-kg/id/doc/tra-vinh/" in r.output
    assert "skipped d.txt" not in r.output and set(store.records(path)) == {"a.txt", "d.txt"}
    # a file replaced by a version of another document is stored; one that is another file's document is not
    r = CliRunner().invoke(main, ["ingest", str(corpus / "c.txt"), "--store", str(path)])
    assert "skipped c.txt: the same document" in r.output and set(store.records(path)) == {"a.txt", "d.txt"}
    (corpus / "a.txt").write_text(seed("000").read_text(encoding="utf-8"), encoding="utf-8")
    r = CliRunner().invoke(main, ["ingest", str(corpus / "a.txt"), str(corpus / "c.txt"), "--store", str(path)])
    assert r.exit_code == 0 and "skipped" not in r.output, r.output
    assert set(store.records(path)) == {"a.txt", "c.txt", "d.txt"}


def test_a_writer_describes_the_units_in_a_process_of_its_own(tmp_path):
    """vietnamadminunits' tables and parsers (90 MiB) stay out of the writer: its units are
    described in a forked process, and the places graph is the one described here."""
    path = tmp_path / "store"
    probe = ("import sys; from kg.cli import main\n"
             f"main(['build', '--corpus', {str(CORPUS)!r}, '--store', {str(path)!r}, '--jobs', '1'], standalone_mode=False)\n"
             "print('vietnamadminunits' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip().splitlines()[-1] == "False"
    units = {u for r in store.records(path).values() for u in r["record"]["units"]}
    here, _ = derive.places(units)  # (this process holds the package: described here)
    written = (store.version_dir(path) / "derived" / "places.nt").read_bytes().splitlines()
    assert written and set(written) == set(here.splitlines())


def test_a_write_keeps_what_it_does_not_change_as_the_base_version_has_it(tmp_path):
    """A document replaced by a version with another target names the same units, agencies and
    cited documents: the new version's caches and derived lines are the base version's files
    (hard links), the other documents' record lines are copied byte for byte, and the store, its
    index and its lookup table are those a build gives."""
    first, second = seed("000"), seed("002")
    edited = tmp_path / "edited" / first.name
    edited.parent.mkdir()
    edited.write_text(first.read_text(encoding="utf-8").replace("GRDP) năm là 6,0% - 6,5%", "GRDP) năm là 7,0%"),
                      encoding="utf-8")
    grown, built = tmp_path / "grown" / "store", tmp_path / "built" / "store"
    store.build(grown, _graphs([first, second]))
    before = store.version_dir(grown)
    # documents.json as an older kg wrote it (what the derived graphs are computed from in it, no
    # line sizes): read as well
    held, records = json.loads((before / "derived" / "documents.json").read_bytes()), store.records(grown)
    older = {"records_bytes": held["records_bytes"], "documents": [
        {**d, **{k: records[d["source"]]["record"][k] for k in ("held", "units", "stubs", "shared")}}
        for d in held["documents"]]}
    (before / "derived" / "documents.json").write_text(json.dumps(older, ensure_ascii=False), encoding="utf-8")
    # and its project database (another schema): every document's facts and mentions put in anew
    with sqlite3.connect(store._home(grown) / "projects.sqlite") as db:
        db.execute("UPDATE meta SET value = '2' WHERE key = 'schema'")
    kept = {name: (before / name).stat().st_ino for name in ("places.json", "derived/links.nt", "derived/places.nt")}
    lines = (before / "records.jsonl").read_bytes().splitlines(True)
    with store.reader_lock(before):  # (so that the base version stays for the comparison)
        store.ingest(grown, _graphs([edited]))
        after = store.version_dir(grown)
        assert after != before
        assert {name: (after / name).stat().st_ino for name in kept} == kept
    now = (after / "records.jsonl").read_bytes().splitlines(True)
    assert now[1] == lines[1] and now[0] != lines[0]
    assert _line_sizes(after) == [len(line) for line in now]
    store.build(built, _graphs([edited, second]))
    assert _named_quads(grown, tmp_path) == _named_quads(built, tmp_path)
    assert store.index(grown, "projects") == store.index(built, "projects")
    assert (after / "projects.lookup").read_bytes() == (store.version_dir(built) / "projects.lookup").read_bytes()


def _line_sizes(version):
    return json.loads((version / "derived" / "documents.json").read_bytes())["lines"]
