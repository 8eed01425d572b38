import pytest

from kg.extract import extract_text

EXPECTED = {  # read off the seed texts by hand
    "000": dict(doc_type="resolution", issuer="Hội đồng nhân dân tỉnh Bến Tre", province="Bến Tre", term="X",
                session=16, adopted="2024-12-06", effective="2024-12-16", period_start=2025, period_end=2025,
                signer=None, report_number=None),
    "001": dict(doc_type="resolution", term="IX", session=19, adopted="2020-12-09", effective="2020-12-19",
                period_start=2021, period_end=2025, signer="Phan Văn Mãi"),
    "002": dict(title="VỀ NHIỆM VỤ PHÁT TRIỂN KINH TẾ - XÃ HỘI TỈNH BẾN TRE NĂM 2024", session=11,
                signer="Hồ Thị Hoàng Yến", effective="2023-12-17"),
    "003": dict(doc_type="report_annex", heading="PHỤ LỤC 2", issuer="Ban Thường vụ Tỉnh ủy Bến Tre",
                province="Bến Tre", term=None, session=None, adopted=None, period_start=2023, period_end=2023,
                report_number="525-BC/TU", report_date="2023-12-01",
                title="Kết quả triển khai thực hiện 7 nhóm nhiệm vụ, giải pháp chủ yếu Nghị quyết Tỉnh uỷ năm 2023"),
    "004": dict(issuer="Hội đồng nhân dân tỉnh Trà Vinh", province="Trà Vinh", term="X", session=19,
                adopted="2024-12-11", effective=None, period_start=2025),
}


@pytest.mark.parametrize("doc", sorted(EXPECTED))
def test_metadata_of_seeds(docs, doc):
    meta = vars(docs[doc].meta)
    for field, value in EXPECTED[doc].items():
        assert meta[field] == value, field


def test_session_in_words_and_effective_on_adoption():
    text = ("NGHỊ QUYẾT\nVề nhiệm vụ năm 2026\nHỘI ĐỒNG NHÂN DÂN TỈNH ĐỒNG THÁP\nKHÓA X - KỲ HỌP THỨ MƯỜI SÁU\n"
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\nQUYẾT NGHỊ:\n"
            "Điều 1. Thông qua.\nNghị quyết này được Hội đồng nhân dân tỉnh khóa X, kỳ họp thứ mười sáu thông qua "
            "ngày 10 tháng 12 năm 2025 và có hiệu lực kể từ ngày thông qua./.\n")
    m = extract_text(text, "t.txt").meta
    assert (m.province, m.session, m.adopted, m.effective) == ("Đồng Tháp", 16, "2025-12-10", "2025-12-10")
    assert m.issuer == "Hội đồng nhân dân tỉnh Đồng Tháp"
