"""Dates as the genre writes them: "ngày 06 tháng 12 năm 2024", "ngày 01/12/2023", "05-7-2023"."""
from __future__ import annotations

import datetime as dt
import re

# A day written out or with slashes; DATE_RE also takes a leading "ngày", DATED requires it.
DATE_BODY = (r"(?:(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})"
             r"|(?P<d2>\d{1,2})\s*[/\-.]\s*(?P<m2>\d{1,2})\s*[/\-.]\s*(?P<y2>\d{4}))")
DATE_RE = re.compile(r"(?:ngày\s+)?" + DATE_BODY, re.IGNORECASE)
DATED = re.compile(r"ngày\s+" + DATE_BODY, re.IGNORECASE)


def iso_date(match: re.Match) -> str | None:
    """ISO date of a :data:`DATE_RE` match, or None when it names no real day."""
    d, m, y = (match["d"], match["m"], match["y"]) if match["d"] else (match["d2"], match["m2"], match["y2"])
    try:
        return dt.date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def find_dates(text: str, start: int = 0, end: int | None = None):
    """(iso, span) for every date in text[start:end]."""
    for m in DATE_RE.finditer(text, start, len(text) if end is None else end):
        iso = iso_date(m)
        if iso:
            yield iso, m.span()


def parse_date(s: str) -> str | None:
    """The first date in s as ISO 'YYYY-MM-DD', or None."""
    return next((iso for iso, _ in find_dates(s)), None)


# ------------------------------------------------------------------ deadlines

_QUARTER = r"[Qq]uý\s+(?P<q>I{1,3}|IV|[1-4])\s*(?:năm\s+|/\s*)(?P<qy>\d{4})"
_MONTH = r"tháng\s+(?P<m>\d{1,2})\s*(?:năm\s+|/\s*)(?P<my>\d{4})"
# "trong năm 2025", "vào cuối năm 2021", "phấn đấu hoàn thành năm 2025", "hoàn thành trong năm 2025"
_YEAR = r"(?:vào|trong|đến|trước|cuối|hoàn thành|xong|khởi công|khánh thành)\s+(?:cuối\s+|trong\s+|đầu\s+)?năm\s+(?P<y>\d{4})"
_BY_DAY = re.compile(r"(?:đến|trước|hạn|chậm nhất)\s*(?:ngày\s*)?$", re.IGNORECASE)
DEADLINE_RE = re.compile(rf"{_QUARTER}|{_MONTH}|{_YEAR}", re.IGNORECASE)
_HORIZON = re.compile(r"(?:tầm nhìn|định hướng|thời kỳ|giai đoạn)\s+đến", re.IGNORECASE)  # a plan's horizon
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}


def quarter_of_month(month: int) -> int:
    return (month - 1) // 3 + 1


def deadline(text: str, lo: int, hi: int) -> str | None:
    """The deadline a commitment states in text[lo:hi]: a day after "đến/trước/chậm nhất"
    (ISO date), a quarter ("quý III/2025", "quý I năm 2026" → 2026-Q1), a month as its quarter
    ("tháng 12 năm 2023" → 2023-Q4), or a year ("trong năm 2025", "phấn đấu hoàn thành năm 2025").
    The date of a document cited there ("Nghị quyết số 45/NQ-HĐND ngày 08 tháng 12 năm 2022") is
    never a deadline: a month or year inside a full date does not count."""
    full = [(m.start(), m.end(), m) for m in DATE_RE.finditer(text, lo, hi)]
    for a, _, m in full:
        if _BY_DAY.search(text[max(lo, a - 12):a]) and iso_date(m):
            return iso_date(m)
    found = []
    for m in DEADLINE_RE.finditer(text, lo, hi):
        if any(a <= m.start() < b or a < m.end() <= b for a, b, _ in full) or _HORIZON.search(text, max(lo, m.start() - 14), m.start() + 4):
            continue
        if m["q"]:
            q = _ROMAN.get(m["q"].upper()) or int(m["q"])
            found.append((0, m.start(), f"{m['qy']}-Q{q}"))
        elif m["m"] and 1 <= int(m["m"]) <= 12:
            found.append((1, m.start(), f"{m['my']}-Q{quarter_of_month(int(m['m']))}"))
        elif m["y"]:
            found.append((2, m.start(), m["y"]))
    return min(found)[2] if found else None
