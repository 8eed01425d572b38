"""Report annex tables: the real 525-BC/TU annex and small annexes of other shapes."""
from kg import annex
from kg.extract import extract_text

EXPECTED_ITEMS = {"1": 6, "2": 3, "3": 9, "4": 4, "5": 4, "6": 3, "7": 3}


def test_seed_annex_groups_and_items(docs):
    a = docs["003"].annex
    assert {g.label: len(g.items) for g in a.groups} == EXPECTED_ITEMS
    assert [i.label for i in a.groups[3].items] == ["4.1", "4.2", "4.3", "4.4"]
    assert str(a.groups[3].heading).startswith("Tập trung đầu tư phát triển, hoàn thiện hệ thống giao thông")
    for item in a.items():
        assert str(item.task) and str(item.result), item.label


def test_cell_continued_mid_phrase_across_a_page(docs):
    d = docs["003"]
    task = d.annex.item("4.1").task
    joined = str(task)
    assert "dự án trọng điểm: Hạ tầng khu công ngành Phú Thuận; Bệnh viện Đa khoa tỉnh" in joined
    at = task.text.index("Hạ tầng khu công")
    spans = task.spans(at, task.text.index("Phú Thuận", at) + len("Phú Thuận"))
    assert [d.text[s:e] for s, e in spans] == ["Hạ tầng khu công", "ngành Phú Thuận"]
    # the result column of the same item continues too, and HTML is gone from the clean text
    result = str(d.annex.item("4.1").result)
    assert "vận hành đưa vào sử dụng. Dự án hoàn thiện" in result and "<p>" not in result


def test_footnotes_attach_to_the_items_citing_them(docs):
    a = docs["003"].annex
    assert len(a.footnotes) == 30
    assert a.item("3.8").footnotes == ["10", "11", "12", "13", "14"]
    assert str(a.footnotes["14"].view) == "Khu đô thị mới Bình An, thị trấn Bình Đại."
    # a footnote cut by a page break goes on after the next page's rows
    assert str(a.footnotes["4"].view).endswith("Trung tâm) thuộc Sở Y tế.")
    # m² and m³ are units, not footnote markers
    assert "3" not in a.item("4.1").footnotes


def test_report_metadata(docs):
    m = docs["003"].meta
    assert (m.report_number, m.report_date, m.period_start, m.reports_on) == \
        ("525-BC/TU", "2023-12-01", 2023, "Nghị quyết Tỉnh uỷ năm 2023")


SMALL = """PHỤ LỤC 1
Kết quả thực hiện Nghị quyết năm 2024 (kèm Báo cáo số 12-BC/HU ngày 05/01/2025 của Ban Thường vụ Huyện ủy)
STT\tNội dung nhiệm vụ\tKết quả thực hiện
I.\tPhát triển kinh tế\t
1.\tHoàn thành cầu Kênh Xáng\tĐã thông xe
2.\tXây dựng chợ\tĐang thi công,
STT\tNội dung nhiệm vụ\tKết quả thực hiện
\t\tđạt 40% khối lượng
II.\tVăn hóa - xã hội\t
a)\tTu bổ di tích\tHoàn thành
"""


def test_other_shapes_roman_groups_three_columns_no_html():
    a = annex.parse(SMALL)
    assert [(g.label, [i.label for i in g.items]) for g in a.groups] == [("I", ["1", "2"]), ("II", ["a)"])]
    assert str(a.item("2").result) == "Đang thi công, đạt 40% khối lượng"  # continued after a repeated header
    assert str(a.groups[1].heading) == "Văn hóa - xã hội"


def test_small_annex_through_the_pipeline():
    d = extract_text(SMALL, "small.txt")
    assert d.meta.doc_type == "report_annex"
    assert (d.meta.report_number, d.meta.report_date) == ("12-BC/HU", "2025-01-05")
    assert d.annex is not None and d.annex.groups
