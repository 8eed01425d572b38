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
