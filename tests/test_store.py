import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg import derive, rdf, store

from conftest import SEEDS, seed


def _graphs(paths):
    return [derive.document(p) for p in paths]


def test_one_named_graph_per_document_and_rebuild_is_identical(tmp_path):
    path = tmp_path / "store"
    store.build(path, _graphs(SEEDS))
    first = store.stats(path)
    assert len([g for g in first["graphs"] if "/graph/doc/" in g]) == len(SEEDS)
    store.build(path, _graphs(SEEDS))
    assert store.stats(path) == first
    # the live version and the lock, nothing else: no private or old directories left behind
    assert path.is_symlink() and [p.name for p in (tmp_path / ".store.d").iterdir() if p.name != "lock"] == \
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
