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


def _check(meta, expected: dict):
    for field, value in expected.items():
        assert vars(meta)[field] == value, field


@pytest.mark.parametrize("doc", sorted(EXPECTED))
def test_metadata_of_seeds(docs, doc):
    _check(docs[doc].meta, EXPECTED[doc])


def test_session_in_words_and_effective_on_adoption():
    text = ("NGHỊ QUYẾT\nVề nhiệm vụ năm 2026\nHỘI ĐỒNG NHÂN DÂN TỈNH ĐỒNG THÁP\nKHÓA X - KỲ HỌP THỨ MƯỜI SÁU\n"
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\nQUYẾT NGHỊ:\n"
            "Điều 1. Thông qua.\nNghị quyết này được Hội đồng nhân dân tỉnh khóa X, kỳ họp thứ mười sáu thông qua "
            "ngày 10 tháng 12 năm 2025 và có hiệu lực kể từ ngày thông qua./.\n")
    m = extract_text(text, "t.txt").meta
    assert (m.province, m.session, m.adopted, m.effective) == ("Đồng Tháp", 16, "2025-12-10", "2025-12-10")
    assert m.issuer == "Hội đồng nhân dân tỉnh Đồng Tháp"


# ------------------------------------------------------------------ headers of the dev set

from pathlib import Path

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "dev" / "docs"
DEV_EXPECTED = {  # read off the dev texts by hand
    # tab letterhead, "KHÓA X - KỲ HỌP THỨ 13", adoption in the closing, signer after "Nơi nhận:\tCHỦ TỊCH"
    "D01": dict(number="45/NQ-HĐND", term="X", session=13, adopted="2023-12-01", effective=None,
                signer="Nguyễn Văn Được", period_start=2024),
    # no number line; the adoption sentence wraps across a line break
    "D03": dict(number=None, term="XVIII", session=17, adopted="2023-12-07", province="Nghệ An"),
    # "có hiệu lực kể từ ngày ký": the date of the letterhead
    "D04": dict(term="XVIII", session=25, adopted="2024-12-06", effective="2024-12-06"),
    # session also in words in the closing ("kỳ họp thứ ba mươi lăm"), signature without Nơi nhận
    "D05": dict(session=35, adopted="2025-12-12", effective="2025-12-12", signer="Hoàng Nghĩa Hiếu"),
    # a heading without number, term or session; a 5-year period
    "D06": dict(term=None, session=None, adopted=None, period_start=2021, period_end=2025, province="Lâm Đồng"),
    # "KHÓA X, NHIỆM KỲ 2021 - 2026": a term without session
    "D07": dict(term="X", session=None, adopted=None),
    # "có hiệu lực thi hành kể từ ngày thông qua"
    "D08": dict(term="XIV", session=16, adopted="2023-12-08", effective="2023-12-08", signer="Nguyễn Xuân Ký"),
}


@pytest.mark.parametrize("doc", sorted(DEV_EXPECTED))
def test_metadata_of_dev_headers(doc):
    if not DEV.exists():
        pytest.skip("shared/dev not present")
    from kg.extract import extract_file
    _check(extract_file(next(DEV.glob(f"{doc}_*.txt"))).meta, DEV_EXPECTED[doc])


def test_sessions_written_in_words_and_dates_with_slashes():
    text = ("HỘI ĐỒNG NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH QUẢNG TRỊ\tĐộc lập - Tự do - Hạnh phúc\n"
            "Số: 12/NQ-HĐND\tQuảng Trị, ngày 08/12/2023\nNGHỊ QUYẾT\nVề kế hoạch năm 2024\n"
            "HỘI ĐỒNG NHÂN DÂN TỈNH QUẢNG TRỊ\nKHÓA VIII, KỲ HỌP THỨ HAI MƯƠI BA\nQUYẾT NGHỊ:\nĐiều 1. Thông qua.\n"
            "Nghị quyết này đã được Hội đồng nhân dân tỉnh Quảng Trị khóa VIII, kỳ họp thứ hai mươi ba thông qua "
            "tại phiên họp ngày 08/12/2023 và có hiệu lực kể từ ngày ký./.\n")
    m = extract_text(text, "t.txt").meta
    assert (m.number, m.term, m.session, m.adopted, m.effective) == ("12/NQ-HĐND", "VIII", 23, "2023-12-08", "2023-12-08")


def test_term_and_session_on_two_lines_and_effective_on_being_passed():
    text = ("NGHỊ QUYẾT\nVề kế hoạch năm 2024\nHỘI ĐỒNG NHÂN DÂN TỈNH QUẢNG TRỊ\nKHOÁ VIII\nKỲ HỌP THỨ 23\n"
            "QUYẾT NGHỊ:\nĐiều 1. Thông qua.\nNghị quyết này có hiệu lực kể từ ngày được Hội đồng nhân dân tỉnh "
            "thông qua và đã được thông qua tại Kỳ họp ngày 08/12/2023./.\n")
    m = extract_text(text, "t.txt").meta
    assert (m.term, m.session, m.adopted, m.effective) == ("VIII", 23, "2023-12-08", "2023-12-08")


def test_the_plan_year_is_the_last_year_of_the_title():
    text = ("NGHỊ QUYẾT\nVề tình hình kinh tế - xã hội năm 2023 và kế hoạch phát triển kinh tế - xã hội năm 2024\n"
            "HỘI ĐỒNG NHÂN DÂN TỈNH QUẢNG TRỊ\nQUYẾT NGHỊ:\nĐiều 1. Thông qua.\n")
    m = extract_text(text, "t.txt").meta
    assert (m.period_start, m.period_end) == (2024, 2024)
