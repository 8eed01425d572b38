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
