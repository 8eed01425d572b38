"""Localities resolved to official units (vietnamadminunits), the 2025 reform, and agencies with roles."""
import json

from kg import agencies, localities
from kg.cli import main

BEN_TRE_DISTRICTS = {"Châu Thành": "831", "Chợ Lách": "832", "Mỏ Cày Nam": "833", "Giồng Trôm": "834",
                     "Bình Đại": "835", "Ba Tri": "836", "Thạnh Phú": "837", "Mỏ Cày Bắc": "838", "Bến Tre": "829"}


def test_every_district_named_in_the_ben_tre_seeds_has_its_official_code(docs):
    for name in ("000", "001", "002", "003"):
        for p in docs[name].places:
            if p.level == "district" and p.unit.province == "Bến Tre":
                assert BEN_TRE_DISTRICTS[p.unit.name] == p.unit.code, p
    named = {p.unit.name for p in docs["000"].places if p.level == "district"}
    assert named >= {"Châu Thành", "Thạnh Phú", "Mỏ Cày Bắc", "Bình Đại", "Giồng Trôm", "Chợ Lách", "Mỏ Cày Nam"}


def test_provinces_and_communes(docs):
    assert {p.unit.code for p in docs["004"].places if p.level == "province"} == {"84"}
    lists = [p for p in docs["000"].places if p.level == "commune" and p.unit.district == "Bến Tre"]
    assert {p.unit.name for p in lists} >= {"Phú Hưng", "Bình Phú", "Sơn Đông"}  # "các phường ... (thành phố Bến Tre)"
    phu_le = next(p for p in docs["003"].places if p.unit.name == "Phú Lễ")
    assert (phu_le.unit.code, phu_le.unit.district) == ("29146", "Ba Tri")


def test_chau_thanh_is_the_one_of_the_documents_province():
    ben_tre = localities.find("các huyện: Châu Thành, Thạnh Phú", "Bến Tre")
    tra_vinh = localities.find("huyện Châu Thành", "Trà Vinh")
    assert ben_tre[0].unit.code == "831" and tra_vinh[0].unit.code == "847"
    assert [p.unit.code for p in ben_tre] == ["831", "837"]


def test_2025_successors():
    ben_tre = localities.province("Bến Tre")
    new = localities.successor(ben_tre)
    assert (new.name, new.code, new.new) == ("Vĩnh Long", "86", True)
    assert localities.successor(localities.province("Trà Vinh")) == new
    district = localities.resolve("district", "Bình Đại", "Bến Tre")
    assert localities.successor(district) is None  # the district level was abolished
    commune = localities.resolve("commune", "Phú Lễ", "Bến Tre", "Ba Tri")
    assert localities.successor(commune).new and localities.parent(commune).code == "836"


def test_project_mentions_get_their_districts(docs):
    clusters = {m.surface: m.localities for m in docs["000"].project_mentions if m.type == "industrial_cluster"}
    assert clusters["Cụm công nghiệp An Điền"] == ["huyện Thạnh Phú"]
    assert clusters["Cụm công nghiệp Đìa Dứa"] == ["huyện Mỏ Cày Nam"]


def test_agencies_scoped_and_expanded():
    found = {a.surface: a.agency for a in agencies.find(
        "Bộ GTVT chủ trì, UBND tỉnh Tiền Giang, Bến Tre và Ban Quản lý dự án Mỹ Thuận phối hợp; "
        "Ủy ban nhân dân tỉnh tổ chức triển khai; Sở Kế hoạch và Đầu tư", "Bến Tre")}
    assert found["Bộ GTVT"].name == "Bộ Giao thông vận tải" and found["Bộ GTVT"].province is None
    assert found["UBND tỉnh Tiền Giang"].name == "Ủy ban nhân dân tỉnh Tiền Giang"
    assert found["Bến Tre"].name == "Ủy ban nhân dân tỉnh Bến Tre"
    assert found["Ủy ban nhân dân tỉnh"].name == "Ủy ban nhân dân tỉnh Bến Tre"  # scoped to the document
    assert found["Sở Kế hoạch và Đầu tư"].parent == "Ủy ban nhân dân tỉnh Bến Tre"


def test_document_roles(docs):
    roles = {(r, a.agency.name) for r, a in docs["004"].roles}
    assert ("implementer", "Ủy ban nhân dân tỉnh Trà Vinh") in roles
    assert ("supervisor", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Trà Vinh") in roles
    assert ("submitter", "Ủy ban nhân dân tỉnh Bến Tre") in {(r, a.agency.name) for r, a in docs["000"].roles}


def test_kg_locality_binh_dai_lists_its_projects(runner, cli_built):
    r = runner.invoke(main, ["locality", "binh dai", "--json", "--store", str(cli_built)])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert (out["locality"]["level"], out["locality"]["code"]) == ("district", "835")
    projects = {x["label"] for x in out["linked"] if x["kind"] == "project"}
    assert {"đường Đê Tây", "Khu đô thị mới Bình An"} <= projects


def test_kg_locality_today_vinh_long_reaches_legacy_provinces(runner, cli_built):
    r = runner.invoke(main, ["locality", "vinh long", "--on", "2025-07-01", "--json", "--store", str(cli_built)])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["locality"]["code"] == "86" and set(out["locality"]["replaces"]) >= {"Bến Tre", "Trà Vinh"}
    via = {x["via"] for x in out["linked"] if x["kind"] == "document"}
    assert via == {"Bến Tre", "Trà Vinh"}


def test_locality_and_agency_queries(runner, cli_built):
    r = runner.invoke(main, ["query", "projects-by-locality", "-p", "locality=ba tri", "--format", "json",
                             "--store", str(cli_built)])
    assert r.exit_code == 0 and "Cụm công nghiệp An Hòa Tây" in {x["project"] for x in json.loads(r.stdout)}
    r = runner.invoke(main, ["query", "agency-responsibilities", "-p", "agencyKey=uy ban nhan dan tinh tra vinh",
                             "--format", "json", "--store", str(cli_built)])
    rows = json.loads(r.stdout)
    assert {x["role"] for x in rows} == {"implementer"}
