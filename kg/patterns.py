"""The genre's grammar, kept as data: line markers of the document structure, document kinds,
issuing bodies. Stages import these; they do not write their own regexes for the same things."""
from __future__ import annotations

import re

I = re.IGNORECASE

# Headings that open a document, and the doc_type each one means.
DOC_HEADINGS: list[tuple[re.Pattern, str]] = [
    (re.compile(r"^NGHỊ\s+QUYẾT\b"), "resolution"),
    (re.compile(r"^PHỤ\s+LỤC\b", I), "report_annex"),
    (re.compile(r"^BÁO\s+CÁO\b"), "report"),
    (re.compile(r"^TỜ\s+TRÌNH\b"), "submission"),
    (re.compile(r"^QUYẾT\s+ĐỊNH\b"), "decision"),
    (re.compile(r"^CHỈ\s+THỊ\b"), "directive"),
    (re.compile(r"^KẾT\s+LUẬN\b"), "conclusion"),
    (re.compile(r"^KẾ\s+HOẠCH\b"), "plan"),
    (re.compile(r"^CHƯƠNG\s+TRÌNH\b"), "programme"),
    (re.compile(r"^ĐỀ\s+ÁN\b"), "scheme"),
]

OWN_NUMBER = re.compile(r"^Số\s*[:.]?\s*(?P<number>\d+[^\s,;]*)")

# Issuing bodies as they stand (upper case) in the issuer line; group "province" names it.
ISSUER_LINE = re.compile(
    r"^(?P<body>HỘI\s+ĐỒNG\s+NHÂN\s+DÂN|ỦY\s+BAN\s+NHÂN\s+DÂN|UỶ\s+BAN\s+NHÂN\s+DÂN|"
    r"BAN\s+THƯỜNG\s+VỤ\s+TỈNH\s+[ỦU][YỶ]|BAN\s+CHẤP\s+HÀNH\s+ĐẢNG\s+BỘ|TỈNH\s+[ỦU][YỶ])"
    r"(?:\s+(?:TỈNH|THÀNH\s+PHỐ))?\s*(?P<province>[^\n]*)$")
# Canonical Vietnamese names of those bodies (key: tone-folded upper-case body words).
ISSUER_NAMES = {
    "hoi dong nhan dan": "Hội đồng nhân dân",
    "uy ban nhan dan": "Ủy ban nhân dân",
    "ban thuong vu tinh uy": "Ban Thường vụ Tỉnh ủy",
    "ban chap hanh dang bo": "Ban Chấp hành Đảng bộ",
    "tinh uy": "Tỉnh ủy",
}
# The same bodies as a report names them in running text ("của Ban Thường vụ Tỉnh uỷ").
ISSUER_IN_TEXT = re.compile(
    r"của\s+(?P<body>Ban\s+Thường\s+vụ\s+Tỉnh\s+[ủu][yỷ]|Hội\s+đồng\s+nhân\s+dân(?:\s+tỉnh)?|"
    r"Ủy\s+ban\s+nhân\s+dân(?:\s+tỉnh)?|Tỉnh\s+[ủu][yỷ]|Ban\s+Chấp\s+hành\s+Đảng\s+bộ(?:\s+tỉnh)?)", I)

# Vietnamese number words for sessions written out ("KỲ HỌP THỨ HAI MƯƠI BA", "thứ ba mươi lăm").
_NUMBER_WORD = r"(?:một|mốt|nhất|hai|ba|tư|bốn|năm(?!\s+\d)|lăm|sáu|bảy|tám|chín|mười|mươi)"
_SESSION_NO = rf"(?P<session>\d+|{_NUMBER_WORD}(?:\s+{_NUMBER_WORD})*)"
# "KHÓA X - KỲ HỌP THỨ 13", "KHÓA XVIII, KỲ HỌP THỨ HAI MƯƠI BA", "KHÓA X, NHIỆM KỲ 2021 - 2026",
# and "KỲ HỌP THỨ 13" on a line of its own. "KHOÁ" is the same word with the tone on the other vowel.
_TERM = r"KH(?:ÓA|OÁ)\s+(?P<term>[IVXLC]+)\b"
SESSION_LINE = re.compile(
    rf"^(?=KH(?:ÓA|OÁ)|KỲ)(?:{_TERM})?(?:\s*[-–,]?\s*KỲ\s+HỌP\s+(?:THỨ\s+)?{_SESSION_NO})?"
    r"\s*(?:[-–,]?\s*NHIỆM\s+KỲ\s+[\d\s\-–]+)?\s*$", I)
SESSION_IN_TEXT = re.compile(
    rf"{_TERM}(?:\s*[-–,]?\s*(?:tại\s+)?kỳ\s+họp\s+(?:thứ\s+)?{_SESSION_NO}(?!\w))?", I)
# "tại Kỳ họp thứ 13": a session named without its term
SESSION_ALONE = re.compile(rf"kỳ\s+họp\s+(?:thứ\s+)?{_SESSION_NO}(?!\w)", I)
# Vietnamese ordinal words for sessions written out ("KỲ HỌP THỨ MƯỜI SÁU").
NUMBER_WORDS = {"một": 1, "mốt": 1, "nhất": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "lăm": 5,
                "sáu": 6, "bảy": 7, "tám": 8, "chín": 9, "mười": 10, "mươi": 10}

# Lines of a resolution body that open a fixed part of the document, with their level (smaller
# contains larger): legal bases, considerations, QUYẾT NGHỊ, articles, the closing sentence, the
# signature block ("Nơi nhận:" of a flattened two-column block starts it too).
FIXED_MARKERS: list[tuple[str, int, re.Pattern]] = [
    ("basis", 1, re.compile(r"^Căn\s+cứ\b")),
    ("consideration", 1, re.compile(r"^(Xét|Sau\s+khi\s+(nghe|xem\s+xét)|Theo\s+đề\s+nghị|Thực\s+hiện\s+(Nghị|Kết|Chỉ)"
                                    r"|Trên\s+cơ\s+sở\s+(xem\s+xét|đề\s+nghị))\b")),
    ("decision", 1, re.compile(r"^QUYẾT\s+(NGHỊ|ĐỊNH)\s*:?\s*$")),
    ("closing", 1, re.compile(r"^(Nghị\s+quyết|Quyết\s+định)\s+này\b.*(thông\s+qua|hiệu\s+lực)", I)),
    ("signature", 1, re.compile(r"^(TM\.|T/M|KT\.|CHỦ\s+TỊCH|PHÓ\s+CHỦ\s+TỊCH|BÍ\s+THƯ|PHÓ\s+BÍ\s+THƯ|Nơi\s+nhận\s*:)")),
    ("article", 2, re.compile(r"^Điều\s+(?P<label>\d+)\s*[.:]")),
]
# Outline markers: (style, node kind, pattern). Their nesting is not fixed: each document's is
# inferred from the order in which its styles appear (kg.structure), so "1." may hold "a)" in one
# resolution and "I." hold "1)" in another. Decimal labels come before "1." so that "2.1." is one
# marker; the style names an enumeration, the kind is what the rest of the pipeline calls it.
OUTLINE_MARKERS: list[tuple[str, str, re.Pattern]] = [
    ("roman", "part", re.compile(r"^(?P<label>[IVXL]+)\s*[.)]\s+")),
    ("decimal_letter", "clause", re.compile(r"^(?P<label>\d{1,2}\.\d{1,2}\.[a-zđ])\s*[.)]?\s+")),
    ("decimal", "section", re.compile(r"^(?P<label>\d{1,2}(?:\.\d{1,2})+)\.?\s+(?!\d)")),
    ("arabic_dot", "section", re.compile(r"^(?P<label>\d{1,2})\s*\.\s+(?!\d)")),
    ("arabic_paren", "item", re.compile(r"^(?P<label>\d{1,2})\s*\)\s*")),
    ("letter", "clause", re.compile(r"^(?P<label>[a-zđ])\s*\)\s*")),
    ("paren_number", "item", re.compile(r"^\((?P<label>\d{1,3})\)\s*")),
    ("dash", "bullet", re.compile(r"^[-–—]\s+")),
    ("plus", "bullet", re.compile(r"^\+\s*")),
    ("dot", "bullet", re.compile(r"^[•·*]\s*")),
]
BULLET_STYLES = {"dash", "plus", "dot"}
# A table header: a tab-separated line with an indicator column ("Chỉ tiêu", "Nội dung").
TABLE_HEADER = re.compile(r"^(?:[^\t\n]*\t)?(?:Các\s+)?(?:Chỉ\s+tiêu|Nội\s+dung|Tên\s+chỉ\s+tiêu)\b[^\t\n]*\t[^\n]*\t", I)

# Kinds of documents that are cited by number or date, longest first. The value is the kind's
# canonical name (as in the gold) — add a kind here and the citation extractor finds it.
CITED_KINDS = [
    "Nghị quyết liên tịch", "Nghị quyết", "Nghị định", "Quyết định", "Chỉ thị", "Tờ trình",
    "Báo cáo", "Kết luận", "Chương trình", "Kế hoạch", "Đề án", "Thông báo", "Thông tư liên tịch",
    "Thông tư", "Công văn", "Hướng dẫn", "Quy định", "Pháp lệnh", "Luật", "Bộ luật", "Hiến pháp",
]
# Document numbers: "7330/TTr-UBND", "31/2024/QH15", "13-CT/TU", "18-NQ/TW", "35/2023/UBTVQH15".
DOC_NUMBER = r"\d+(?:/\d{4})?(?:[/-][A-ZĐa-zđ0-9]+(?:[-&/][A-ZĐa-zđ0-9]+)*)?"
# Number suffix fixes: "09/2023/HĐND" is the same as "09/2023/NQ-HĐND" — a resolution number of a
# People's Council always carries "NQ-".
NUMBER_FIXES = {"Nghị quyết": [(re.compile(r"^(\d+(?:/\d{4})?)/HĐND$"), r"\1/NQ-HĐND")]}
