"""Project mentions, actions and entity resolution on the seeds, and the genre on examples of our own."""
import json

import pytest

from kg import store
from kg.corpus import resolve_corpus
from kg.extract import extract_text
from kg.cli import main
from kg.resolve import key
from kg.projects import find as projects_find


def _mentions(doc, name_part):
    return [m for m in doc.project_mentions if name_part.lower() in m.name.lower()]


def test_two_projects_named_alike_stay_apart(docs):
    d = docs["000"]
    bridge = [m for m in d.project_mentions if m.surface == "cầu Rạch Miễu 2"]
    road = [m for m in d.project_mentions if m.surface == "Đường gom đường vào cầu Rạch Miễu 2"]
    assert len(bridge) == 1 and len(road) == 1
    assert bridge[0].project_id != road[0].project_id
    assert (bridge[0].type, road[0].type) == ("bridge", "road")
    assert bridge[0].action == road[0].action == "inaugurate"


def test_coordinated_clusters_each_with_its_district(docs):
    d = docs["000"]
    by_surface = {m.surface: m for m in d.project_mentions if m.type == "industrial_cluster"}
    assert by_surface["Cụm công nghiệp An Điền"].localities == ["huyện Thạnh Phú"]
    assert by_surface["Cụm công nghiệp An Hòa Tây"].localities == ["huyện Ba Tri"]
    assert by_surface["Cụm công nghiệp Đìa Dứa"].localities == ["huyện Mỏ Cày Nam"]
    assert "Cụm công nghiệp C2" in by_surface
    assert {m.action for m in by_surface.values() if "An Điền" in m.surface} == {"attract_investment"}


def test_list_after_a_colon_and_a_deadline(docs):
    d = docs["001"]
    names = [m.surface for m in d.project_mentions if m.type == "industrial_cluster"]
    assert names == ["Cụm công nghiệp: Phú Hưng", "Phong Nẫm", "Thị trấn - An Đức", "Tân Thành Bình"]
    kcn = _mentions(d, "Khu công nghiệp Phú Thuận")[0]
    assert (kcn.action, kcn.deadline, kcn.is_target) == ("put_into_operation", "2021", True)


def test_a_project_named_inside_another_is_not_a_mention(docs):
    d = docs["000"]
    road = next(m for m in d.project_mentions if m.surface.startswith("đường từ cảng Giao Long"))
    assert road.attributes["code"] == "ĐT.DK.07"
    assert road.contains == ["cảng Giao Long", "Khu công nghiệp Phú Thuận"]
    inside = [m for m in d.project_mentions if m.span[0] > road.span[0] and m.span[1] <= road.span[1]]
    assert inside == []


def test_capacities_phase_and_numbered_names(docs):
    wind = {m.surface: m for m in docs["000"].project_mentions if m.type == "power_plant"}
    assert wind["Nhà máy điện gió VPL Bến Tre giai đoạn 2"].attributes == {"capacity_mw": "30", "phase": "giai đoạn 2"}
    assert wind["Nhà máy điện gió số 19 Bến Tre"].attributes["capacity_mw"] == "50"
    assert wind["Nhà máy điện gió Bảo Thạnh"].attributes["capacity_mw"] == "49,5"
    assert wind["Nhà máy điện gió VPL Bến Tre giai đoạn 2"].name == "Nhà máy điện gió VPL Bến Tre"


def test_annex_results_targets_deadlines_and_page_breaks(docs):
    a = docs["003"]
    rach = [m for m in a.project_mentions if "Rạch Miễu 2" in m.surface and m.type == "bridge"]
    assert [(m.role, m.is_target) for m in rach] == [("task", True), ("result", False), ("result", False)]
    assert rach[1].action == "under_construction"
    rac = [m for m in a.project_mentions if m.deadline == "2026-Q1"]
    assert rac and "nhà máy xử lý rác" in rac[0].name.lower()
    # "dự kiến hoàn thành tháng 01 năm 2025": a month is recorded as its quarter
    assert any(m.deadline == "2025-Q1" and "Tam Hiệp" in m.name for m in a.project_mentions)
    kcn = [m for m in a.project_mentions if m.progress and "216,2" in m.progress]
    assert kcn and all(m.role == "result" and not m.is_target for m in kcn)


def test_footnotes_take_the_action_of_the_sentence_citing_them(docs):
    d = docs["003"]
    # "01 dự án đã chấp thuận chủ trương đầu tư¹⁴" — "¹⁴ Khu đô thị mới Bình An, thị trấn Bình Đại."
    binh_an = [m for m in _mentions(d, "Khu đô thị mới Bình An") if m.role == "footnote"]
    assert binh_an[-1].quote.startswith("Khu đô thị mới Bình An, thị trấn Bình Đại")
    assert binh_an[-1].action == "approve"
    # "đã phê duyệt 03 quy hoạch phân khu, chi tiết¹¹" — the plans listed in ¹¹ were approved
    assert {m.action for m in _mentions(d, "khu đô thị Tây Bắc")} == {"approve"}
    # a footnote that says its own state keeps it; "TP. Bến Tre" does not end the sentence
    my_hoa = [m for m in _mentions(d, "Khu đô thị mới Mỹ Hóa") if "giải phóng mặt bằng" in m.quote]
    assert [m.action for m in my_hoa] == ["site_clearance"]


def test_a_name_opening_with_a_verb_still_says_what_is_to_be_done(docs):
    d = docs["003"]
    task = [m for m in d.project_mentions if m.role == "task" and "thủy lợi Bắc, Nam" in m.name]
    dyke = [m for m in d.project_mentions if m.role == "task" and "cồn Tam Hiệp" in m.name]
    assert task and dyke and {m.action for m in task + dyke} == {"complete"}
    # after "Dự án" the same words are a title: "Dự án Hoàn thiện Hệ thống Thủy lợi Nam - Bắc Bến Tre"
    titled = [m for m in d.project_mentions if m.role == "footnote" and "Thủy lợi Nam - Bắc" in m.surface]
    assert titled and titled[0].action == "report_progress"


def test_programmes_are_mentions_of_their_own_type(docs):
    d = docs["001"]
    listed = [m.name for m in d.project_mentions if m.type == "programme" and "Tổ chức triển khai Đề án" in m.quote]
    assert listed[:3] == ["Đề án phát triển du lịch tỉnh Bến Tre đến năm 2030", "Đề án Làng Văn hóa Du lịch Chợ Lách",
                      "Đề án Làng Dừa huyện Mỏ Cày Nam"]
    # a horizon after a comma is part of the name; the spellings across years are one programme
    plans = [m for doc in docs.values() for m in doc.project_mentions
             if m.type == "programme" and m.name.startswith("Quy hoạch tỉnh") and "Bến Tre" in doc.meta.province]
    assert any(m.name == "Quy hoạch tỉnh Bến Tre thời kỳ 2021 - 2030, tầm nhìn đến năm 2050" for m in plans)
    assert len({m.project_id for m in plans}) == 1 and len({m.name for m in plans}) >= 3
    # programme names do not hide the projects inside them, nor their actions
    hospital = [m for m in docs["004"].project_mentions if m.type != "programme" and "Phục hồi chức năng" in m.name]
    assert hospital and hospital[0].action == "plan"


@pytest.mark.parametrize("text", [
    "Thực hiện theo Kế hoạch số 123/KH-UBND ngày 05/3/2024 của Ủy ban nhân dân tỉnh.",
    "Xây dựng kế hoạch vốn đầu tư công năm 2025.",
    "Ban hành Chương trình làm việc năm 2025.",
])
def test_cited_documents_and_plans_in_general_are_not_programmes(text):
    from kg.projects import programmes
    assert programmes(text) == []


def test_a_programme_name_ends_where_its_predicate_starts():
    from kg.projects import programmes
    found = programmes("Triển khai Chương trình Mỗi xã một sản phẩm (OCOP) tỉnh Bến Tre đạt kết quả tốt; "
                       "Đề án phát triển kinh tế biển của tỉnh đã được phê duyệt.")
    assert [m.name for m in found] == ["Chương trình Mỗi xã một sản phẩm (OCOP) tỉnh Bến Tre",
                                       "Đề án phát triển kinh tế biển"]


def test_a_statement_that_names_its_project_again_is_one_mention(docs):
    # "CCN Thị trấn - An Đức: UBND tỉnh đã phê duyệt chủ trương đầu tư Dự án đầu tư cơ sở hạ tầng
    # CCN Thị trấn - An Đức, huyện Ba Tri (giai đoạn 3)." — one mention, the one in the sentence
    d = docs["003"]
    an_duc = [m for m in d.project_mentions if m.role == "result" and "An Đức: UBND tỉnh đã phê duyệt" in m.quote]
    assert len(an_duc) == 1
    assert d.text[an_duc[0].span[0] - 30:an_duc[0].span[0]].endswith("Dự án đầu tư cơ sở hạ tầng ")
    assert an_duc[0].action == "approve"


def test_a_result_stands_where_its_first_now_says(docs):
    # "Cụm CN - TTCN Phong Nẫm: Vốn bố trí ... Hiện đang áp giá lại vật kiến trúc ...; ... và đang
    # thực hiện điều chỉnh quy hoạch chi tiết": site clearance, not the side task of replanning
    d = docs["003"]
    cluster = [m for m in d.project_mentions if m.role == "result" and m.surface == "Cụm CN - TTCN Phong Nẫm"]
    assert [m.action for m in cluster] == ["site_clearance"]


def test_spellings_resolve_to_one_project(docs):
    ids = {}
    links = resolve_corpus(list(docs.values()))
    for d in docs.values():
        for m in d.project_mentions:
            ids.setdefault(m.project_id, set()).add(m.surface)
    assert set(links.values()) == set(ids)
    phong = ids["ben-tre/cum-cong-nghiep-phong-nam"]
    assert {"Phong Nẫm", "Phong Năm", "Cụm CN - TTCN Phong Nẫm", "Cụm công nghiệp - Tiểu thủ công nghiệp Phong Nẫm"} <= phong
    khao = ids["cau-dinh-khao"]  # a bridge (to Vĩnh Long): one whichever province names it
    assert {"cầu Đình Khao", "cầu Đinh Khao"} <= khao
    kcn = ids["ben-tre/khu-cong-nghiep-phu-thuan"]
    assert {"KCN Phú Thuận", "Khu công nghiệp Phú Thuận"} <= kcn
    hydrogen = [s for pid, s in ids.items() if "hydro" in pid]
    assert len(hydrogen) == 1 and {"Khu tổ hợp Hydro xanh Bến Tre", "Nhà máy sản xuất Hydro xanh Bến Tre"} <= hydrogen[0]


@pytest.mark.parametrize("a,b", [("KCN Phú Thuận", "hạ tầng Khu công nghiệp Phú Thuận"),
                                 ("Bệnh viện đa khoa tỉnh Bến Tre", "Bệnh viện Đa khoa tỉnh"),
                                 ("Nhà máy xử lý rác thải Bến Tre", "Nhà máy xử lý rác Bến Tre"),
                                 ("đê bao ... các huyện biên Bình Đại", "đê bao ... các huyện biển Bình Đại")])
def test_keys_agree(a, b):
    assert key(a) == key(b)


def test_keys_keep_apart():
    assert key("Nhà máy xử lý rác Bến Tre") != key("Nhà máy xử lý rác An Hiệp")
    assert key("Hệ thống thủy lợi Bắc Bến Tre") != key("Hệ thống thủy lợi Nam Bến Tre")


OTHER_PROVINCE = """NGHỊ QUYẾT
Về nhiệm vụ phát triển kinh tế - xã hội năm 2026
HỘI ĐỒNG NHÂN DÂN TỈNH ĐỒNG NAI
KHÓA X - KỲ HỌP THỨ 20
QUYẾT NGHỊ:
Điều 1. Nhiệm vụ
a) Đẩy nhanh tiến độ giải phóng mặt bằng KCN Long Đức 3 (huyện Long Thành); hoàn thành cầu Cần Thơ 2 vào năm 2026.
b) Khởi công Nhà máy điện gió Đông Hải 1 (100 MW) trong Quý II năm 2026; kêu gọi đầu tư Cảng Phước An.
"""


def test_other_provinces_projects():
    d = extract_text(OTHER_PROVINCE, "dongnai.txt")
    got = {m.surface: (m.type, m.action, m.deadline) for m in d.project_mentions}
    # "Đẩy nhanh tiến độ giải phóng mặt bằng KCN ...": the governing verb says what is asked
    assert got["KCN Long Đức 3"] == ("industrial_park", "accelerate", None)
    assert got["cầu Cần Thơ 2"] == ("bridge", "complete", "2026")
    assert got["Nhà máy điện gió Đông Hải 1"] == ("power_plant", "start_construction", "2026-Q2")
    assert got["Cảng Phước An"] == ("port", "attract_investment", None)
    kcn = next(m for m in d.project_mentions if m.type == "industrial_park")
    assert kcn.name == "Khu công nghiệp Long Đức 3" and kcn.localities == ["huyện Long Thành"]
    ids = {m.surface: m.project_id for m in d.project_mentions}
    assert ids["KCN Long Đức 3"] == "dong-nai/khu-cong-nghiep-long-duc-3"
    assert ids["cầu Cần Thơ 2"] == "cau-can-tho-2"  # a bridge: national scope


def test_kg_project_rach_mieu_2(runner, cli_built):
    r = runner.invoke(main, ["project", "rach", "mieu", "2", "--json", "--store", str(cli_built)])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["project"]["type"] == "bridge"
    dates = [m["date"] for m in out["mentions"]]
    assert len(dates) == 5 and dates == sorted(dates)
    assert dates[0] == "2023-12-01" and dates[-1] == "2024-12-06"
    assert out["mentions"][-1]["action"] == "inaugurate"


def test_kg_project_shows_the_partner_province(runner, cli_built):
    # "Khẩn trương phối hợp với tỉnh Vĩnh Long để triển khai xây dựng cầu Đình Khao"
    r = runner.invoke(main, ["project", "dinh khao", "--json", "--store", str(cli_built)])
    assert r.exit_code == 0, r.output
    tasks = [m for m in json.loads(r.stdout)["mentions"] if "phối hợp với tỉnh Vĩnh Long" in m["quote"]]
    assert tasks and tasks[0]["agencies"] == ["partner: Ủy ban nhân dân tỉnh Vĩnh Long"]


def test_kg_project_typed_without_diacritics_and_explained(runner, cli_built):
    r = runner.invoke(main, ["project", "phong nam", "--json", "--explain", "--store", str(cli_built)])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert {"Phong Nẫm", "Phong Năm"} <= set(out["project"]["aliases"])
    assert all(m["reason"] for m in out["project"]["merges"])
    r = runner.invoke(main, ["project", "KCN Phu Thuan", "--store", str(cli_built)])
    assert r.exit_code == 0 and "216,2" in r.output  # the annex's land recovery result
    r = runner.invoke(main, ["project", "dinh khao", "--json", "--store", str(cli_built)])
    assert json.loads(r.stdout)["project"]["name"].lower().endswith("khao")


def test_kg_project_ambiguous_and_unknown(runner, cli_built):
    r = runner.invoke(main, ["project", "duong", "--store", str(cli_built)])  # a kind: the roads are listed
    assert r.exit_code == 1 and "say which" in r.output
    r = runner.invoke(main, ["project", "qqqqzzzz", "--store", str(cli_built)])
    assert r.exit_code == 1 and "closest" in r.output


def test_slipped_deadline_of_phu_thuan(runner, cli_built, query_json):
    rows = query_json(cli_built, "slipped-deadlines")
    kcn = [r for r in rows if r["name"] == "Khu công nghiệp Phú Thuận"]
    assert kcn and {r["deadline"] for r in kcn} == {"2021"}
    assert {r["laterDate"] for r in kcn} >= {"2023-12-07", "2024-12-06"}


def test_status_and_recurring_commitments(runner, cli_built, query_json):
    rows = query_json(cli_built, "projects-by-type-and-status", "type=industrial_park")
    assert {r["name"]: r["phase"] for r in rows}["Khu công nghiệp An Nhơn"] == "preparation"
    rec = query_json(cli_built, "recurring-commitments")
    assert any(r["name"] == "Khu công nghiệp Phú Thuận" and (r["year1"], r["year2"]) == (2024, 2025) for r in rec)
    hist = query_json(cli_built, "project-history",
              "project=https://w3id.org/vn-plan-kg/id/project/cau-rach-mieu-2")
    assert [r["phase"] for r in hist][-1] == "completion"


def test_more_kinds_of_facility_of_the_genre():
    found = projects_find("Đẩy nhanh tiến độ đường cao tốc Mỹ Thuận - Cần Thơ, cao tốc Châu Đốc - Cần Thơ - Sóc Trăng; "
                          "kêu gọi đầu tư Khu du lịch Cồn Phụng, Nhà máy nước Giao Long, Cảng cá Bình Thắng và "
                          "Trường THPT Nguyễn Đình Chiểu.")
    assert [(m.surface, m.type) for m in found] == [
        ("đường cao tốc Mỹ Thuận - Cần Thơ", "road"), ("cao tốc Châu Đốc - Cần Thơ - Sóc Trăng", "road"),
        ("Khu du lịch Cồn Phụng", "other"), ("Nhà máy nước Giao Long", "other"),
        ("Cảng cá Bình Thắng", "port"), ("Trường THPT Nguyễn Đình Chiểu", "education")]
    assert [m.action for m in found] == ["accelerate"] * 2 + ["attract_investment"] * 4


def test_the_next_clause_speaks_of_the_project_unnamed():
    found = projects_find("Dự án cầu Cửa Đại đã được phê duyệt chủ trương đầu tư; Chủ đầu tư đã trình điều chỉnh, "
                          "dự kiến khởi công trong quý III/2025.")
    assert [(m.surface, m.name) for m in found] == [("cầu Cửa Đại", "cầu Cửa Đại"), (None, "cầu Cửa Đại")]
    assert (found[0].is_target, found[1].action, found[1].deadline) == (False, "start_construction", "2025-Q3")


# The rule of kg:deadlineSlippedIn stated over the documents' own statements, as the query read it
# before the pairs were derived (per deadline, every later mention of its project).
SLIPS_OVER_THE_DOCUMENTS = """
SELECT DISTINCT ?m ?later WHERE {
  ?m kg:deadline ?dl ; kg:project ?project ; kg:isTarget true ; kg:mentionedIn/eli:date_document ?setDate .
  ?dl kg:latestDate ?latest .
  ?later kg:project ?project ; kg:mentionedIn/eli:date_document ?laterDate ; kg:isTarget ?laterIsTarget ;
         kg:action/skos:broader/skos:notation ?phase .
  OPTIONAL { ?later kg:deadline/kg:latestDate ?laterLatest }
  FILTER(?laterDate > ?latest && (?laterIsTarget = true || ?phase != "completion")
         || ?laterDate > ?setDate && ?laterIsTarget = true && BOUND(?laterLatest) && ?laterLatest > ?latest)
  FILTER NOT EXISTS {
    ?done kg:project ?project ; kg:isTarget false ; kg:action/skos:broader/skos:notation "completion" ;
          kg:mentionedIn/eli:date_document ?doneDate .
    FILTER(?doneDate <= ?latest)
  }
}"""


def test_the_derived_slipped_deadlines_are_the_rule_over_the_documents(cli_built):
    def pairs(sparql):
        return {(r["m"], r["later"]) for r in store.select(cli_built, sparql, max_rows=None)[1]}
    derived = pairs("SELECT ?m ?later WHERE { ?m kg:deadlineSlippedIn ?later }")
    assert derived and derived == pairs(SLIPS_OVER_THE_DOCUMENTS)


def test_a_stretch_tokenizes_as_itself_whichever_texts_were_tokenized_before(docs):
    """Stretches of a text are slices of its tokens held from an earlier call (a few texts are held:
    an annex footnote asks for its row's text between cells); each must equal the stretch scanned
    alone, also when it starts or ends inside a word, and dotted codes stay one token."""
    from kg import projects
    texts = [docs[k].text for k in ("000", "001", "003", "004", "002", "000")]
    for n, text in enumerate(texts):
        for lo in range(0, len(text) - 400, len(text) // 7 + 13 * n):
            for lo2, hi in ((lo, lo + 300), (lo + 1, lo + 37), (lo + 5, lo + 5)):
                got = [(t.start, t.end, t.key) for t in projects.tokens(text, lo2, hi)]
                assert got == [(t.start, t.end, t.key) for t in projects._scan(text, lo2, hi)]
    assert [t.text for t in projects.tokens("đường QL.57, ĐT.DK.07 v.v... a..b")] == \
        ["đường", "QL.57", ",", "ĐT.DK.07", "v.v", ".", ".", ".", "a..b"]
