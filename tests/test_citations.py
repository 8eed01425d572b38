from kg.citations import extract


def _numbers(doc):
    return [c.number for c in doc.citations if c.number]


def test_resolution_2025_citations(docs):
    d = docs["000"]
    laws = [c for c in d.citations if c.kind == "Luật" and c.number is None]
    assert [c.date for c in laws] == ["2015-06-19", "2019-11-22", "2015-06-22", "2020-06-18"]
    # the amending law is one citation, spanning from its own "Luật"
    assert d.text[laws[1].span[0]:laws[1].span[1]].startswith("Luật sửa đổi, bổ sung")
    assert _numbers(d) == ["7330/TTr-UBND", "8170/TTr-UBND", "31/2024/QH15", "13-CT/TU", "45/NQ-HĐND",
                           "19/2019/NĐ-CP", "16-CT/TU", "18-NQ/TW", "19-NQ/TW", "59/2019/NĐ-CP"]
    land_law = next(c for c in d.citations if c.number == "31/2024/QH15")
    assert land_law.kind == "Luật"  # not "Quy định" from "theo quy định Luật Đất đai số ..."
    # "Nhà máy điện gió số 19" is a wind farm, not a document
    assert "19" not in _numbers(d)


def test_report_dates_and_issuers(docs):
    d = docs["001"]
    report = next(c for c in d.citations if c.kind == "Báo cáo")
    assert (report.number, report.date, report.issuer) == ("510/BC-UBND", "2020-11-17", "Ủy ban nhân dân tỉnh")


def test_annex_same_number_other_year_is_another_document(docs):
    both = [c for c in docs["003"].citations if c.number == "18-NQ/TW"]
    assert sorted(c.date for c in both) == ["2017-10-25", "2022-06-16"]


def test_annex_number_variants_merge_and_sentence_dates(docs):
    cits = docs["003"].citations
    assert [c.number for c in cits].count("09/2023/NQ-HĐND") == 1
    assert not any(c.number == "09/2023/HĐND" for c in cits)
    nq15 = next(c for c in cits if c.number == "15/NQ-HĐND")
    assert nq15.date == "2023-09-07"  # "Ngày 07/9/2023, Hội đồng nhân dân tỉnh đã ban hành Nghị quyết số 15/NQ-HĐND"
    nq13 = next(c for c in cits if c.number == "13-NQ/TW")
    assert nq13.date == "2022-04-02"  # first mention undated, a later one dated
    # the annex's own parent report is not a citation of itself
    assert "525-BC/TU" not in [c.number for c in cits]


def test_bare_numbers_and_tra_vinh(docs):
    nums = _numbers(docs["004"])
    assert nums == ["42/NQ-HĐND", "64/2003/QĐ-TTg", "1788/QĐ-TTg", "18"]


def test_small_examples_of_the_genre():
    text = ("Thực hiện Kết luận số 123-KL/TW ngày 5/3/2025 của Bộ Chính trị; Thông tư 12/2022/TT-BNV; "
            "theo Nghị định 62/2020/NĐ-CP và Luật Đầu tư ngày 17 tháng 6 năm 2020.")
    cits = extract(text)
    assert [(c.kind, c.number, c.date) for c in cits] == [
        ("Kết luận", "123-KL/TW", "2025-03-05"), ("Thông tư", "12/2022/TT-BNV", None),
        ("Nghị định", "62/2020/NĐ-CP", None), ("Luật", None, "2020-06-17")]


# ------------------------------------------------------------------ citations of the dev set

from pathlib import Path

import pytest

from kg.extract import extract_file

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "dev" / "docs"


def _dev(prefix):
    if not DEV.exists():
        pytest.skip("shared/dev not present")
    return extract_file(next(DEV.glob(f"{prefix}_*.txt")))


def test_a_list_of_reports_writes_the_kind_once_and_laws_are_cited_by_year():
    d = _dev("D08")
    assert [(c.kind, c.number, c.date) for c in d.citations][:7] == [
        ("Luật", None, "2015-06-19"), ("Luật", None, "2019-11-22"),  # "... năm 2015", "... năm 2019"
        ("Nghị quyết", "103/2023/QH15", "2023-11-09"), ("Nghị quyết", "300/NQ-HĐND", "2020-12-09"),
        ("Tờ trình", "3300/TTr-UBND", "2023-11-22"), ("Báo cáo", "309/BC-UBND", "2023-11-22"),
        ("Báo cáo", "325/BC-UBND", "2023-12-01")]
    assert d.text[slice(*d.citations[6].span)] == "số 325/BC-UBND ngày 01 tháng 12 năm 2023"


def test_dates_with_slashes_and_the_own_number_of_an_annex():
    d = _dev("D01")
    assert [(c.number, c.date) for c in d.citations] == [
        (None, "2015-06-19"), (None, "2019-11-22"), ("114/NQ-HĐND", "2020-12-08"), ("66/NQ-HĐND", "2022-12-10")]


def test_a_law_citation_broken_over_two_lines():
    d = _dev("D03")
    law = [c for c in d.citations if c.date == "2019-11-22"]
    assert len(law) == 1 and d.text[law[0].span[0]:law[0].span[1]].startswith("Luật sửa\nđổi, bổ sung")


def test_a_year_alone_dates_only_a_known_law():
    cits = extract("Căn cứ Luật Tổ chức chính quyền địa phương năm 2015; Luật Thủ đô năm 2024;")
    assert [(c.kind, c.date) for c in cits] == [("Luật", "2015-06-19")]
