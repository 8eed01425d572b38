from kg.structure import parse


def _labels(node, kind):
    return [c.label for c in node.children if c.kind == kind]


def test_resolution_skeleton_2025_plan(docs):
    d = docs["000"]
    root, text = d.structure, d.text
    kinds = [c.kind for c in root.children]
    assert kinds[:4] == ["heading", "title", "issuer", "session"]
    assert kinds.count("basis") == 4 and "consideration" in kinds and "closing" in kinds
    decision = root.find("decision")
    assert _labels(decision, "article") == ["1", "2", "3"]
    art2 = decision.children[1]
    assert _labels(art2, "section") == ["1", "2", "3"]
    targets = art2.children[1]
    assert targets.text == "Các chỉ tiêu chủ yếu"
    letters = _labels(targets, "clause")
    assert letters[:6] == ["a", "b", "c", "d", "đ", "e"] and letters[-1] == "x"
    # spans point into the NFC text at the markers
    for n in root.walk():
        if n.kind in ("article", "clause"):
            assert text[n.span[0]:].startswith(("Điều " + n.label) if n.kind == "article" else n.label + ")")


def test_numbered_items_under_group_headings_tra_vinh(docs):
    root = docs["004"].structure
    groups = root.find_all("group")
    assert [g.text for g in groups[:4]] == ["Chỉ tiêu kinh tế", "Chỉ tiêu xã hội", "Chỉ tiêu môi trường",
                                           "Chỉ tiêu quốc phòng, an ninh"]
    items = [i.label for g in groups for i in g.children if i.kind == "item"]
    assert items == [f"({n})" for n in range(1, 24)]


def test_signature_block_and_plan_articles(docs):
    root = docs["001"].structure
    sig = root.find("signature")
    assert sig.text == "CHỦ TỊCH" and sig.children[-1].text == "Phan Văn Mãi"
    # the 5-year plan puts its targets in Điều 1
    art1 = root.find("decision").children[0]
    assert [c.text for c in art1.children if c.kind == "section"][1].startswith("Các chỉ tiêu chủ yếu")


def test_annex_is_recognised_as_a_table(docs):
    root = docs["003"].structure
    table = root.find("table")
    assert [g.label for g in table.children] == ["1", "2", "3", "4", "5", "6", "7"]
    rows = [r.label for g in table.children for r in g.children]
    assert rows[:3] == ["1.1", "1.2", "1.3"] and rows[-1] == "7.3" and len(rows) == 32


def test_full_layout_letterhead(tmp_path):
    text = ("HỘI ĐỒNG NHÂN DÂN\nTỈNH VĨNH LONG\nSố: 45/NQ-HĐND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\nVĩnh Long, ngày 08 tháng 12 năm 2023\n"
            "NGHỊ QUYẾT\nVề kế hoạch phát triển kinh tế - xã hội năm 2024\n"
            "HỘI ĐỒNG NHÂN DÂN TỈNH VĨNH LONG\nKHÓA X, KỲ HỌP THỨ 10\n"
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n"
            "QUYẾT NGHỊ:\nĐiều 1. Mục tiêu\n1. Chỉ tiêu\na) GRDP tăng 6%.\n- ý một\n"
            "Điều 2. Nghị quyết này có hiệu lực kể từ ngày thông qua.\n"
            "Nghị quyết này đã được Hội đồng nhân dân tỉnh Vĩnh Long khóa X, kỳ họp thứ 10 thông qua ngày 08 tháng 12 năm 2023.\n"
            "TM. HỘI ĐỒNG NHÂN DÂN\nCHỦ TỊCH\nBùi Văn Nghiêm\n")
    root = parse(text)
    assert root.find("number").label == "45/NQ-HĐND"
    assert root.find("heading").text == "NGHỊ QUYẾT"
    assert root.find("title").text.startswith("Về kế hoạch")
    assert root.find("clause").children[0].kind == "bullet"
    assert root.find("signature").children[-1].text == "Bùi Văn Nghiêm"


# ------------------------------------------------------------------ layouts of the dev set

from functools import lru_cache
from pathlib import Path

import pytest

from kg.structure import unwrap, wrap_width

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "dev" / "docs"


@lru_cache(maxsize=None)
def dev(prefix: str):
    if not DEV.exists():
        pytest.skip("shared/dev not present")
    path = next(DEV.glob(f"{prefix}_*.txt"))
    text = path.read_text(encoding="utf-8")
    return text, parse(unwrap(text))


def test_nesting_follows_the_document_numbered_items_inside_a_section():
    # Lâm Đồng: "1)" items inside "2. Các chỉ tiêu chủ yếu" inside Điều 1
    _, root = dev("D06")
    art1 = root.find("decision").children[0]
    sections = [c for c in art1.children if c.kind == "section"]
    assert [s.label for s in sections] == ["1", "2", "3"]
    assert [i.label for i in sections[1].children] == [str(n) for n in range(1, 10)]
    assert {i.kind for i in sections[1].children} == {"item"}


def test_roman_parts_inside_an_article_and_arabic_sections_inside_a_part():
    _, root = dev("D03")
    art1 = root.find("decision").children[0]
    parts = [c for c in art1.children if c.kind == "part"]
    assert [p.label for p in parts] == ["I", "II"]
    assert [s.label for s in parts[1].children if s.kind == "section"] == ["1", "2", "3"]
    assert [c.label for c in parts[1].children[2].children if c.kind == "clause"] == ["a", "b", "c"]
    assert [a.label for a in root.find_all("article")] == ["1", "2"]


def test_numbered_parts_without_articles_and_plus_bullets():
    _, root = dev("D05")
    decision = root.find("decision")
    assert [s.label for s in decision.children if s.kind == "section"] == ["1", "2", "3", "4"]
    assert [c.kind for c in decision.children[1].children] == ["bullet", "bullet"]
    assert root.find("signature").children[-1].text == "Hoàng Nghĩa Hiếu"


def test_annex_after_the_signature_is_part_of_the_document():
    text, root = dev("D01")
    annex = root.find("annex")
    assert annex is not None and annex.text == "PHỤ LỤC"
    table = annex.find("target_table")
    assert [r.label for r in table.children] == [str(n) for n in range(1, 8)]
    assert root.find("signature").children[-1].text == "Nguyễn Văn Được"
    # the two-column letterhead is read cell by cell
    assert root.find("number").label == "45/NQ-HĐND"
    assert "Long An, ngày 01 tháng 12 năm 2023" in [n.text for n in root.find_all("letterhead")]


def test_a_target_table_under_an_article_with_dash_sub_rows():
    text, root = dev("D07")
    art2 = root.find_all("article")[1]
    table = art2.children[0]
    assert table.kind == "target_table"
    assert [r.label for r in table.children] == ["1", None, None, None, "2", None, None, None, "3", "4", "5"]
    assert root.find_all("article")[2].label == "3"  # "Điều 3." ends the table


def test_hard_wrapped_text_is_read_as_joined_lines_with_offsets_kept():
    text, root = dev("D03")
    assert wrap_width(text) is not None
    joined = unwrap(text)
    assert len(joined) == len(text) and joined != text
    closing = root.find("closing")
    assert "kỳ họp thứ 17 thông qua ngày 07 tháng 12 năm 2023" in joined[closing.span[0]:closing.span[1]]
    assert text[closing.span[0]:closing.span[1]].count("\n") == 1  # the source keeps its break
    # a marker line is never joined to the line above it
    assert "\nII. KẾ HOẠCH NĂM 2024\n" in joined


def test_texts_of_paragraphs_are_not_unwrapped(docs):
    for d in docs.values():
        assert wrap_width(d.text) is None
    text, _ = dev("D01")
    assert unwrap(text) == text


def test_decimal_labels_and_their_own_nesting():
    text = ("NGHỊ QUYẾT\nVề kế hoạch năm 2024\nQUYẾT NGHỊ:\nĐiều 1. Các chỉ tiêu\n2. Chỉ tiêu xã hội\n"
            "2.1. Tỷ lệ đô thị hóa đạt 45%.\n2.1.a Khu vực đô thị\n2.10. Tỷ lệ che phủ rừng đạt 3,5%.\n"
            "3. Chỉ tiêu môi trường\n• Tỷ lệ thu gom rác đạt 90%.\nĐiều 2. Tổ chức thực hiện\n")
    root = parse(text)
    sec2 = root.find("article").children[0]
    assert [c.label for c in sec2.children] == ["2.1", "2.10"]
    assert sec2.children[0].children[0].label == "2.1.a"
    sec3 = root.find("article").children[1]
    assert sec3.label == "3" and sec3.children[0].kind == "bullet"
