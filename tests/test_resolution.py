"""Corpus-level entity resolution: one project across documents, provinces and the 2025 merger.

Real text: the seeds (data/corpus), the dev set (../shared/dev/docs: Long An and Nghệ An traces),
and two short documents of our own in tests/data composed from the seed facts in the genre's
layout: a Tiền Giang resolution of 2024 naming cầu Rạch Miễu 2 (the bridge joins Tiền Giang and
Bến Tre) and a resolution of the new Vĩnh Long province (after the 1 July 2025 merger) naming
Rạch Miễu 2, Cầu Đình Khao, KCN Phú Thuận "(tỉnh Bến Tre cũ)" and Cụm công nghiệp Phong Nẫm.
"""
import json
import random
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import corpus, dates, projects
from kg.cli import main
from kg.extract import extract_file, extract_text
from kg.resolve import key, scope

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SEEDS = sorted((ROOT / "data" / "corpus").glob("*.txt"))
# The two Bến Tre resolutions that name Rạch Miễu 2 and KCN Phú Thuận: enough for a store, and quick
BEN_TRE = [p for p in SEEDS if p.name[:3] in ("000", "002")]
DEV = Path(__file__).parents[1].parent / "shared" / "dev" / "docs"
TIEN_GIANG, VINH_LONG = DATA / "tien_giang_2024.txt", DATA / "vinh_long_2026.txt"
needs_dev = pytest.mark.skipif(not DEV.exists(), reason="dev set not present")


def dev(prefix: str) -> Path:
    return next(DEV.glob(f"{prefix}_*.txt"))


def _extract_json(*paths) -> list[dict]:
    r = CliRunner().invoke(main, ["extract", *map(str, paths), "--json"])
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


# ------------------------------------------------------------------ name keys

@pytest.mark.parametrize("a,b", [("ĐT.830E", "Đường tỉnh 830E"), ("Dự án ĐT 830E", "đường tỉnh 830E"),
                                 ("KCN VSIP Nghệ An II", "Khu công nghiệp VSIP Nghệ An II"),
                                 ("Cụm CN - TTCN Phong Nẫm", "Cụm công nghiệp Phong Nẫm"),
                                 ("NMĐG số 19", "Nhà máy điện gió số 19"),
                                 ("đường Vành đai 3 TP.HCM", "Vành đai 3"),
                                 ("Bệnh viện đa khoa tỉnh Bến Tre (cũ)", "BVĐK tỉnh Bến Tre"),
                                 ("đường ven biển đoạn Nghi Sơn - Cửa Lò",
                                  "Đường ven biển từ Nghi Sơn (Thanh Hóa) đến Cửa Lò (Nghệ An)")])
def test_spellings_share_a_key(a, b):
    assert key(a) == key(b)


def test_keys_keep_the_words_that_distinguish():
    assert key("cầu Cửa Đại") != key("cầu Đại")  # "cửa" (gate) is not the connector "của"
    assert key("cầu Cổ Chiên 2") != key("cầu Cổ Chiên")
    assert key("Khu đô thị mới Mỹ An") != key("Khu đô thị mới Mỹ Hòa")


def test_scope_bridges_named_roads_national_generic_names_provincial():
    assert scope("bridge", key("cầu Rạch Miễu 2")) == "vn"
    assert scope("road", key("đường ven biển Nghi Sơn - Cửa Lò")) == "vn"
    assert scope("road", key("đường tỉnh 911")) == "province"
    assert scope("hospital", key("Bệnh viện đa khoa tỉnh Trà Vinh")) == "province"


# ------------------------------------------------------------------ the corpus stage

@pytest.fixture(scope="module")
def seeds(docs):
    """The seeds, extracted once per run (conftest), in file order."""
    return [docs[k] for k in sorted(docs)]


def test_ids_come_from_evidence_not_from_the_order_of_documents(seeds):
    docs = seeds + [extract_file(TIEN_GIANG), extract_file(VINH_LONG)]
    recs = [corpus.records(d) for d in docs]
    shuffled = recs[:]
    random.Random(7).shuffle(shuffled)
    assert corpus.derive(recs) == corpus.derive(shuffled)
    json.dumps(recs)  # records are plain JSON


def test_another_provinces_document_changes_no_earlier_id(seeds):
    before = corpus.resolve_corpus(seeds)
    after = corpus.resolve_corpus(seeds + [extract_file(TIEN_GIANG), extract_file(VINH_LONG)])
    assert {m: p for m, p in after.items() if m in before} == before
    assert "cau-rach-mieu-2" in before.values() and "ben-tre/khu-cong-nghiep-phu-thuan" in before.values()


def test_merger_succession_and_stated_provinces(seeds):
    docs = seeds + [extract_file(VINH_LONG)]
    corpus.resolve_corpus(docs)
    vl = {m.surface: m.project_id for m in docs[-1].project_mentions}
    assert vl["KCN Phú Thuận"] == "ben-tre/khu-cong-nghiep-phu-thuan"  # "(tỉnh Bến Tre cũ)"
    assert vl["Cụm công nghiệp Phong Nẫm"] == "ben-tre/cum-cong-nghiep-phong-nam"  # Vĩnh Long replaced Bến Tre
    assert vl["Bệnh viện đa khoa tỉnh Bến Tre"] == "ben-tre/benh-vien-da-khoa"
    # a generic name belongs to its province: Trà Vinh's provincial hospital is not Bến Tre's
    tra_vinh = extract_text("NGHỊ QUYẾT\nVề nhiệm vụ năm 2025\nHỘI ĐỒNG NHÂN DÂN TỈNH TRÀ VINH\nQUYẾT NGHỊ:\n"
                            "Điều 1. Đẩy nhanh tiến độ xây dựng Bệnh viện đa khoa tỉnh.\n", "tv.txt")
    assert [m.project_id for m in tra_vinh.project_mentions] == ["tra-vinh/benh-vien-da-khoa"]


# ------------------------------------------------------------------ kg extract PATH...

@needs_dev
def test_extract_several_documents_resolves_the_long_an_and_nghe_an_traces():
    out = _extract_json(dev("D01"), dev("D02"), dev("D03"), dev("D04"), dev("D05"))
    assert [Path(c["document"]["source"]).name[:3] for c in out] == ["D01", "D02", "D03", "D04", "D05"]
    ids: dict[str, set] = {}
    for c in out:
        for m in c["project_mentions"]:
            ids.setdefault(m["project_id"], set()).add((c["document"]["source"][:3], m["surface"]))
    assert ids["long-an/duong-tinh-830e"] >= {("D01", "Đường tỉnh 830E"), ("D02", "ĐT.830E"), ("D02", "ĐT 830E"),
                                              ("D02", None)}  # None: the row's note "Phấn đấu hoàn thành ..."
    assert {d for d, _ in ids["nghe-an/khu-cong-nghiep-vsip-nghe-an-ii"]} == {"D03", "D04", "D05"}
    road = ids["ven-bien-nghi-son-cua-lo"]
    assert ("D04", "tuyến đường ven biển qua địa bàn tỉnh") in road and {d for d, _ in road} == {"D03", "D04", "D05"}
    note = next(m for c in out for m in c["project_mentions"] if m["surface"] is None and "830e" in m["project_id"])
    assert (note["action"], note["is_target"], note["deadline"]) == ("complete", True, "2025")


# ------------------------------------------------------------------ kg build + kg project

@pytest.fixture(scope="module")
def three_provinces(tmp_path_factory):
    """A store built with `kg build` from the seeds, the dev set and the two test documents."""
    folder = tmp_path_factory.mktemp("corpus")
    for p in BEN_TRE + [TIEN_GIANG, VINH_LONG] + (sorted(DEV.glob("D0[1-5]_*.txt")) if DEV.exists() else []):
        shutil.copy(p, folder / p.name)
    store = tmp_path_factory.mktemp("store") / "store"
    r = CliRunner().invoke(main, ["build", "--corpus", str(folder), "--store", str(store)])
    assert r.exit_code == 0, r.output
    return store


def _project(store, *words, explain=False) -> dict:
    r = CliRunner().invoke(main, ["project", *words, "--json", "--store", str(store)] + (["--explain"] if explain else []))
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_one_bridge_across_three_provinces_in_date_order(three_provinces):
    out = _project(three_provinces, "rach mieu 2", explain=True)
    assert out["project"]["id"].endswith("/project/cau-rach-mieu-2")
    dates_ = [m["date"] for m in out["mentions"]]
    assert dates_ == sorted(dates_) and dates_[-2:] == ["2024-12-10", "2025-12-10"]
    assert {"Bến Tre", "Tiền Giang", "Vĩnh Long"} <= {j["province"] for j in out["project"]["joins"]}
    assert all(j["reason"] for j in out["project"]["joins"])
    kcn = _project(three_provinces, "KCN Phu Thuan", explain=True)
    assert any(j["province"] == "Vĩnh Long" and "stated" in j["reason"] for j in kcn["project"]["joins"])


@needs_dev
def test_dev_traces_through_kg_project(three_provinces):
    road = _project(three_provinces, "DT 830E")  # D01 (ĐT.830E, Đường tỉnh 830E) and the annex D02
    assert len({m["doc"] for m in road["mentions"]}) == 2 and len(road["mentions"]) == 5
    vsip = _project(three_provinces, "kcn vsip nghe an ii")
    dated = [m["date"] for m in vsip["mentions"] if m["date"]]
    assert dated == sorted(dated) and len({m["doc"] for m in vsip["mentions"]}) == 3
    coast = _project(three_provinces, "duong ven bien nghi son cua lo")
    assert [s[0] for s in coast["project"]["slips"]] == ["2025"] and coast["project"]["slips"][0][2] == "2026-Q1"


def test_ingesting_a_later_document_joins_the_existing_project(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for p in BEN_TRE + [TIEN_GIANG]:
        shutil.copy(p, folder / p.name)
    store = tmp_path / "store"
    assert CliRunner().invoke(main, ["build", "--corpus", str(folder), "--store", str(store)]).exit_code == 0
    before = _project(store, "rach mieu 2")
    r = CliRunner().invoke(main, ["ingest", str(VINH_LONG), "--store", str(store)])
    assert r.exit_code == 0, r.output
    after = _project(store, "rach mieu 2")
    assert after["project"]["id"] == before["project"]["id"]
    assert len(after["mentions"]) == len(before["mentions"]) + 1 and after["mentions"][-1]["date"] == "2025-12-10"
    assert _project(store, "phong nam")["project"]["id"].endswith("/ben-tre/cum-cong-nghiep-phong-nam")


# ------------------------------------------------------------------ deadlines

@pytest.mark.parametrize("text,expected", [
    ("hoàn thành trong quý III/2025", "2025-Q3"), ("khánh thành trong quý I năm 2026", "2026-Q1"),
    ("đưa vào sử dụng trong tháng 12 năm 2023", "2023-Q4"), ("Phấn đấu hoàn thành trong năm 2025", "2025"),
    ("phấn đấu hoàn thành năm 2025", "2025"), ("hoàn thành dự án đến 30/6/2026", "2026-06-30"),
    ("theo Nghị quyết số 45/NQ-HĐND ngày 08 tháng 12 năm 2022 của Hội đồng nhân dân tỉnh", None),
    ("Quy hoạch tỉnh thời kỳ 2021 - 2030, tầm nhìn đến năm 2050", None)])
def test_deadlines(text, expected):
    assert dates.deadline(text, 0, len(text)) == expected


# ------------------------------------------------------------------ facts from the seed text (issue 13)

def test_groundbreaking_land_recovery_and_what_is_carried_out():
    annex = next(p for p in SEEDS if p.name.startswith("003")).read_text(encoding="utf-8")
    assert "tổ chức Lễ khởi công xây dựng hạ tầng dự án" in annex
    assert "KCN Phú Thuận: Đã ban hành quyết định thu hồi đất" in annex
    acts = lambda t: [m.action for m in projects.find(t, role="result")]  # noqa: E731
    assert acts("KCN Phú Thuận: tổ chức Lễ khởi công xây dựng hạ tầng dự án.") == ["start_construction"]
    assert acts("KCN Phú Thuận: Đã ban hành quyết định thu hồi đất các hộ dân sử dụng; phê duyệt điều chỉnh "
                "cục bộ quy hoạch chi tiết.") == ["site_clearance"]
    assert acts("Tổ chức triển khai xây dựng cầu Cửa Đại.") == ["start_construction"]


def test_land_recovery_in_the_seed_annex(docs):
    kcn = [m for m in docs["003"].project_mentions if m.surface == "KCN Phú Thuận" and m.progress]
    assert kcn and {m.action for m in kcn} == {"site_clearance"}


def test_steps_are_not_projects_and_phases_are_attributes():
    found = [m for m in projects.find("Phê duyệt phương án tái định cư 04 đợt và kế hoạch lựa chọn nhà thầu cho 07 gói thầu; "
                          "thi công gói thầu số 5 Nhà máy điện gió VPL Bến Tre giai đoạn 2 (30 MW).")]
    assert [(m.surface, m.type) for m in found] == [("Nhà máy điện gió VPL Bến Tre giai đoạn 2", "power_plant")]
    assert found[0].attributes["phase"] == "giai đoạn 2" and found[0].attributes["capacity_mw"] == "30"


POST_MERGER_UNDATED = """NGHỊ QUYẾT
Về nhiệm vụ phát triển kinh tế - xã hội năm 2026
HỘI ĐỒNG NHÂN DÂN TỈNH VĨNH LONG
QUYẾT NGHỊ:
Điều 1. Hoàn thành hạ tầng Khu công nghiệp Phú Thuận (huyện Bình Đại); đầu tư Cụm công nghiệp An Hòa Tây tại xã An Hòa Tây, tỉnh Bến Tre (cũ); xây dựng Bệnh viện đa khoa tỉnh.
"""


def test_places_and_former_provinces_in_a_post_merger_document(seeds):
    doc = extract_text(POST_MERGER_UNDATED, "vl.txt")  # undated, but it plans 2026: the new Vĩnh Long
    corpus.resolve_corpus(seeds + [doc])
    ids = [m.project_id for m in doc.project_mentions]
    assert ids == ["ben-tre/khu-cong-nghiep-phu-thuan",  # huyện Bình Đại lay in Bến Tre
                   "ben-tre/cum-cong-nghiep-an-hoa-tay",  # "tỉnh Bến Tre (cũ)"
                   "vinh-long/benh-vien-da-khoa"]  # the new province's own hospital, not Bến Tre's


def test_close_pairs_are_every_pair_a_full_comparison_finds(seeds):
    """The typo rule compares keys a block at a time (rapidfuzz cdist): the same pairs as comparing
    every two keys, on the keys of the seeds' project names."""
    from rapidfuzz import fuzz
    from kg.resolve import FUZZY_MIN, _close_pairs
    keys = sorted({key(m.name) for d in seeds for m in d.project_mentions})
    keys += [k + "x" for k in keys[:40]]  # near-duplicates ("typos") that must pair up
    every = {(i, j) for i in range(len(keys)) for j in range(i + 1, len(keys))
             if fuzz.ratio(keys[i], keys[j]) >= FUZZY_MIN}
    found = list(_close_pairs(keys, block=7))  # blocks of 7 rows: their seams are crossed
    assert found == sorted(found) and len(every) >= 40
    assert every <= set(found)
    assert all(fuzz.ratio(keys[i], keys[j]) >= FUZZY_MIN - 1 for i, j in found)
    # a few keys are compared two by two, without cdist: every pair that may reach the cut
    few = keys[:20] + [k + "x" for k in keys[:20]]
    pairs = [(i, j) for i in range(len(few)) for j in range(i + 1, len(few))
             if fuzz.ratio(few[i], few[j]) >= FUZZY_MIN - 1]
    assert _close_pairs(few) == pairs and len(pairs) >= 20


def test_scopes_and_reasons_brought_by_the_records_cluster_as_computed_ones(seeds):
    """A record stamped by this code brings each mention's scope and reason (computed in the
    extraction workers): the projects, links and reasons are those of computing them again, on
    the seeds and the dev documents together (merger succession, stated provinces, typos)."""
    from kg import derive, resolve
    docs = list(seeds) + ([extract_file(p) for p in sorted(DEV.glob("*.txt"))] if DEV.exists() else [])
    stamp = derive.derive_version()
    records = [{**corpus.records(d), "stamp": stamp} for d in docs]
    bare = [{**r, "stamp": None, "mentions": [{k: v for k, v in m.items() if k not in ("scope", "legacy", "reason")}
                                              for m in r["mentions"]]} for r in records]

    def outcome(recs, st):
        links, projects = resolve.cluster(recs, st)
        return links, {p: v["reasons"] for p, v in projects.items()}
    computed = outcome(bare, stamp)
    assert len(set(computed[0].values())) > 50
    assert outcome(records, stamp) == computed
    assert outcome(records, "another version") == computed  # a stale stamp: computed again


def test_typo_pairs_kept_from_an_earlier_write_cluster_as_found_anew(seeds):
    """The typo rule's pairs of a group of names are kept between writes (kg.resolve.cluster's
    ``typos``): clustering the seeds and the dev documents with the pairs found over the seeds
    alone gives what finding them all anew gives; a group whose names changed is compared again."""
    from kg import resolve
    docs = list(seeds) + ([extract_file(p) for p in sorted(DEV.glob("*.txt"))] if DEV.exists() else [])
    records = [corpus.records(d) for d in docs]
    typos: dict = {}
    resolve.cluster(records[:len(seeds)], typos=typos)
    held = dict(typos)
    assert any(g["found"] for g in held.values())  # the seeds' own typos ("Bến Tre" programmes, national roads)
    again = resolve.cluster(records, typos=typos)
    assert again == resolve.cluster(records)
    changed = [g for g in typos if g in held and typos[g]["names"] != held[g]["names"]]
    assert changed or not DEV.exists()  # the dev documents add names to groups the seeds have
    assert set(typos) >= set(held)
    # and back: the names the dev documents brought leave their groups, the seeds' pairs stay
    assert resolve.cluster(records[:len(seeds)], typos=typos) == resolve.cluster(records[:len(seeds)])


def test_re_clustering_what_a_write_reaches_derives_what_clustering_everything_does(seeds):
    """kg.corpus.rederive clusters only the region of nodes a write can reach: adding the seeds and
    the dev documents one at a time, in shuffled orders, then replacing documents with half their
    mentions and removing one, gives at every step the signatures, statements, summaries and
    kept state of deriving the whole corpus again."""
    import copy
    from kg import derive, resolve
    docs = list(seeds) + ([extract_file(p) for p in sorted(DEV.glob("*"))] if DEV.exists() else [])
    stamp = derive.derive_version()
    records = [{**corpus.records(d), "stamp": stamp} for d in docs]

    def check(now, held, removed, added, fingerprints):
        def held_mentions(nodes, leave):
            cut = [{**r, "mentions": [m for m in r["mentions"] if resolve.node_of(m, r, stamp) in nodes]}
                   for r in now if r["source"] not in leave]
            return [r for r in cut if r["mentions"]]
        typos = copy.deepcopy(held_typos)
        got = corpus.rederive(held.clustering, removed, added, held_mentions, fingerprints, held.signatures,
                              stamp, typos)
        after = [r for r in now if r["source"] not in removed] + added
        full = corpus.derive(after, fingerprints, held.signatures, stamp, {})
        assert got is not None
        assert (got.signatures, got.lines, got.summaries) == (full.signatures, full.lines, full.summaries)
        assert got.clustering == full.clustering
        held_typos.clear()
        held_typos.update(typos)
        return after, got, len(got.lines)

    derived_again = 0
    for seed_ in (0, 1):
        order = records[:]
        random.Random(seed_).shuffle(order)
        fingerprints = {r["document"]: r["source"] for r in records}
        held_typos: dict = {}
        now = order[:1]
        held = corpus.derive(now, fingerprints, None, stamp, held_typos)
        for r in order[1:]:
            now, held, n = check(now, held, set(), [r], fingerprints)
            derived_again += n
        for r in order[:3]:
            half = {**r, "mentions": r["mentions"][::2]}
            fingerprints = {**fingerprints, r["document"]: "half of " + r["source"]}
            now, held, _ = check(now, held, {r["source"]}, [half], fingerprints)
        now, held, _ = check(now, held, {now[0]["source"]}, [], fingerprints)
    assert derived_again > 100
