"""Citations: every document the text refers to by number ("Tờ trình số 7330/TTr-UBND ngày
31 tháng 10 năm 2024") or, for laws, by title and date ("Luật Ban hành văn bản quy phạm pháp
luật ngày 22 tháng 6 năm 2015"). One record per distinct cited document, in order of first mention."""
from __future__ import annotations

import json
import re
from pathlib import Path

from . import patterns as P
from .dates import DATE_RE, DATED, iso_date
from .model import Citation
from .text import tone_key

_KIND_ALT = "|".join(sorted((re.escape(k) for k in P.CITED_KINDS), key=len, reverse=True))
_CANON = {tone_key(k): k for k in P.CITED_KINDS}
# Laws are cited by title and date, without a number.
_TITLED_KINDS = {"Luật", "Bộ luật", "Pháp lệnh", "Hiến pháp"}

# kind [up to 8 title words] số NUMBER — or kind NUMBER when the number has an issuer suffix.
NUMBERED = re.compile(
    rf"(?<![\w])(?P<kind>{_KIND_ALT})"
    rf"(?:(?P<title>(?:\s+(?!số\s|(?:{_KIND_ALT})\b)[^\s;,.:()<>]+){{0,8}}?)\s+số\s+(?P<number>{P.DOC_NUMBER})"
    rf"|\s+(?P<bare>\d+(?:/\d{{4}})?[/-][A-ZĐ][A-ZĐa-zđ0-9]*(?:[-&/][A-ZĐa-zđ0-9]+)*))",
    re.IGNORECASE)
_TITLED = re.compile(rf"(?<![\w])(?P<kind>{'|'.join(_TITLED_KINDS)})\s+[A-ZĐÀ-Ỹa-zđ]", re.IGNORECASE)
_DATE_AFTER = re.compile(r"\s*,?\s*(?:ban\s+hành\s+)?" + DATED.pattern, re.IGNORECASE)
_ISSUER_AFTER = re.compile(r"\s*của\s+(?:của\s+)?(?P<issuer>[^,;.()<>\n]{3,80}?)(?=\s+(?:về|v/v|quy\s+định|"
                           r"ban\s+hành|phê\s+duyệt|khóa|khoá|và|tại)\b|[,;.()<>\n]|$)", re.IGNORECASE)
# "các Báo cáo số 309/BC-UBND ngày ..., số 325/BC-UBND ngày ...": a list writes the kind once
LIST_CONTINUATION = re.compile(rf"\s*,?\s*(?:và\s+)?số\s+(?P<number>{P.DOC_NUMBER})", re.IGNORECASE)
LAWS = json.loads((Path(__file__).parent / "vocab" / "laws.json").read_text(encoding="utf-8"))["laws"]
_YEAR_ONLY = re.compile(r"\bnăm\s+(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE)
_CLAUSE_BOUNDARY = re.compile(r"[;.\n]|Căn\s+cứ\s+|Xét\s+|<[^>]+>")
_SENTENCE_START_DATE = re.compile(r"\s*(?:<[^>]+>\s*)*Ngày\s+(?P<date>\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}|"
                                  r"\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})\s*,", re.IGNORECASE)


def canonical_kind(word: str) -> str:
    return _CANON.get(tone_key(word), word)


def normalise_number(kind: str, number: str) -> str:
    number = number.rstrip(".-/")
    for pattern, repl in P.NUMBER_FIXES.get(kind, []):
        number = pattern.sub(repl, number)
    return number


def extract(text: str, exclude_numbers: set[str] = frozenset()) -> list[Citation]:
    """All cited documents in text; numbers in ``exclude_numbers`` (the document's own) are skipped."""
    found: list[Citation] = []
    taken: list[tuple[int, int]] = []

    def add(cit: Citation):
        taken.append(cit.span)
        for old in reversed(found):  # an undated mention is the latest one of that number
            if same_document(old, cit):
                old.date = old.date or cit.date
                return
        found.append(cit)

    for m in NUMBERED.finditer(text):
        kind = canonical_kind(m["kind"])
        start, pos, number = m.start(), m.end(), m["number"] or m["bare"]
        while True:
            end = _numbered(text, kind, normalise_number(kind, number), start, pos, exclude_numbers, add)
            nxt = LIST_CONTINUATION.match(text, end)
            if not nxt:
                break
            start, pos, number = text.rfind("số", 0, nxt.start("number")), nxt.end(), nxt["number"]

    dates = list(DATED.finditer(text))
    for m in dates:
        if any(a <= m.start() < b for a, b in taken):
            continue
        law = _law_before(text, m.start())
        if not law or iso_date(m) is None:
            continue
        kind = canonical_kind(law["kind"])
        span = (law.start(), m.end())
        add(Citation(kind, None, iso_date(m), span, text[span[0]:span[1]]))
    for m in _YEAR_ONLY.finditer(text):  # "Luật Tổ chức chính quyền địa phương năm 2015"
        if any(a <= m.start() < b for a, b in taken) or any(d.start() <= m.start() < d.end() for d in dates):
            continue
        law = _law_before(text, m.start())
        date = _law_date(text[law.end("kind"):m.start()], int(m["year"])) if law else None
        if date:
            span = (law.start(), m.end())
            add(Citation(canonical_kind(law["kind"]), None, date, span, text[span[0]:span[1]]))
    return sorted(found, key=lambda c: c.span[0])


def _numbered(text, kind, number, start, end, exclude_numbers, add) -> int:
    """Record one numbered citation (with the date and issuer after it); returns where it ends."""
    if number in exclude_numbers:
        return end
    date = None
    d = _DATE_AFTER.match(text, end)
    if d and iso_date(d):
        date, end = iso_date(d), d.end()
    else:
        date = _date_opening_sentence(text, start)
    i = _ISSUER_AFTER.match(text, end)
    issuer = i["issuer"].strip() if i else None
    add(Citation(kind, number, date, (start, end), text[start:end], issuer))
    return end


def _law_before(text: str, pos: int):
    """The law title that a date or year at pos closes, within its clause."""
    lo = max((b.end() for b in _CLAUSE_BOUNDARY.finditer(text, max(0, pos - 300), pos)), default=max(0, pos - 300))
    return _TITLED.search(text, lo, pos)


def _law_date(title: str, year: int) -> str | None:
    key = tone_key(title)
    return next((law["date"] for law in LAWS
                 if law["year"] == year and tone_key(law["title"]) == key), None)


def same_document(a: Citation, b: Citation) -> bool:
    """Two mentions of one document. Party numbers restart every term ("18-NQ/TW" of 2017 and of
    2022 are different resolutions), so equal numbers dated in different years are different
    documents; a different day in the same year is taken as a typo of the same one."""
    if a.number is None or b.number is None:
        return a.number is None and b.number is None and a.kind == b.kind and a.date == b.date
    if tone_key(a.number) != tone_key(b.number):
        return False
    if (a.kind in _TITLED_KINDS or b.kind in _TITLED_KINDS) and a.kind != b.kind:
        return False
    return a.date is None or b.date is None or a.date[:4] == b.date[:4]


def _date_opening_sentence(text: str, pos: int) -> str | None:
    """'Ngày 07/9/2023, HĐND tỉnh đã ban hành Nghị quyết số 15/NQ-HĐND': the sentence's date."""
    lo = max((b.end() for b in re.finditer(r"[.;\n]|</?p>", text[max(0, pos - 400):pos])), default=0)
    start = max(0, pos - 400) + lo
    m = _SENTENCE_START_DATE.match(text, start, pos)
    if not m:
        return None
    d = DATE_RE.search(m["date"])
    return iso_date(d) if d else None
