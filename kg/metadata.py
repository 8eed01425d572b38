"""Document metadata from the structure tree: type, title, issuer, province, term and session,
adoption and entry-into-force dates, plan period, signer, and the parent report of an annex."""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from . import localities, patterns as P
from .dates import DATE_RE, DATED, iso_date, parse_date
from .model import DocumentMeta, Node
from .structure import doc_type_of
from .text import UPPER, fold_key, viet_title

# "thông qua ngày 08 tháng 12 năm 2023", "thông qua tại phiên họp ngày 08/12/2023"
_ADOPTED = re.compile(r"thông\s+qua\b[^.;]{0,60}?" + DATED.pattern, re.IGNORECASE)
# "có hiệu lực (thi hành) kể từ ngày thông qua / ngày ký / ngày được thông qua / ngày 01/01/2024"
_EFFECTIVE = re.compile(r"có\s+hiệu\s+lực(?:\s+thi\s+hành)?\s+(?:kể\s+)?từ\s+(?P<when>ngày\s+(?:được\s+)?"
                        r"(?:[^\d,.;]{0,50}?\s)?(?:thông\s+qua|ký)"
                        r"|" + DATED.pattern + ")", re.IGNORECASE)
_PERIOD = re.compile(r"(?P<a>(?:19|20)\d{2})\s*[-–—]\s*(?P<b>(?:19|20)\d{2})")
_YEAR = re.compile(r"năm\s+(?P<y>(?:19|20)\d{2})", re.IGNORECASE)
_PARENT_REPORT = re.compile(r"Báo\s+cáo\s+số\s+(?P<number>" + P.DOC_NUMBER + r")\s*,?\s*" + DATED.pattern,
                            re.IGNORECASE)
_ANNEX_TAIL = re.compile(r"\s*\((?:kèm|kèm\s+theo|ban\s+hành\s+kèm)[^)]*\)\s*$", re.IGNORECASE)
_REPORTS_ON = re.compile(r"(?P<kind>Nghị\s+quyết|Chỉ\s+thị|Kế\s+hoạch|Chương\s+trình)\s+(?P<issuer>[^\d(]{0,40}?)\s*"
                         r"năm\s+(?P<year>(?:19|20)\d\d)", re.IGNORECASE)
_NAME = re.compile(rf"^(?:[{UPPER}][a-zđà-ỹ]+)(?:\s+[{UPPER}][a-zđà-ỹ]+){{1,5}}$")


def province_in(s: str) -> str | None:
    """The province a short phrase names ('TỈNH BẾN TRE' → 'Bến Tre')."""
    unit = localities.province(s)
    return unit.name if unit else None


def most_mentioned_province(text: str) -> str | None:
    """The province named most often as 'tỉnh X' (or bare X) — for documents whose issuer line does
    not name one, like a report annex of the 'Tỉnh ủy'."""
    units = localities.provinces()
    counts = Counter(units[k].name for k in _province_names().findall(fold_key(text)))
    return counts.most_common(1)[0][0] if counts else None


@lru_cache(maxsize=1)
def _province_names() -> re.Pattern:
    """Every folded province name, longest first, as one pattern: one pass over the text."""
    keys = sorted(localities.provinces(), key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(k) for k in keys) + r")\b")


def _issuer(body_words: str, place_word: str, province: str | None) -> str:
    body = P.ISSUER_NAMES.get(fold_key(body_words), viet_title(body_words))
    if not province:
        return body
    if fold_key(body).endswith("uy"):  # "Ban Thường vụ Tỉnh ủy Bến Tre", "Tỉnh ủy Bến Tre"
        return f"{body} {province}"
    return f"{body} {place_word} {province}"


def extract(text: str, root: Node) -> DocumentMeta:
    heading = root.find("heading")
    meta = DocumentMeta(doc_type=doc_type_of(heading.text if heading else None))
    if heading is None:
        return meta
    meta.heading = heading.text
    title = root.find("title")
    if title:
        meta.title = _ANNEX_TAIL.sub("", title.text).strip()
    number = root.find("number")
    if number:
        meta.number = number.label
    else:  # no "Số:" line; an annex after the signature names the resolution it goes with
        meta.number = _number_in_annex(text, root, heading.text)

    issuer_line = next((n for n in root.find_all("issuer") if n.span[0] > heading.span[0]),
                       root.find("issuer"))
    head_text = text[:heading.span[1] + 1200]
    if issuer_line:
        m = P.ISSUER_LINE.match(issuer_line.text)
        meta.province = province_in(m["province"]) if m["province"] else None
        place = "thành phố" if "THÀNH PHỐ" in issuer_line.text.upper() else "tỉnh"
        meta.province = meta.province or most_mentioned_province(text)
        meta.issuer = _issuer(m["body"], place, meta.province)
    else:
        meta.province = most_mentioned_province(text)
        m = P.ISSUER_IN_TEXT.search(head_text)
        if m:
            words = re.sub(r"\s+tỉnh$", "", m["body"], flags=re.IGNORECASE)
            meta.issuer = _issuer(words, "tỉnh", meta.province)

    closing = root.find("closing")
    closing_text = text[closing.span[0]:closing.span[1]] if closing else ""
    found = [P.SESSION_LINE.match(n.text) for n in root.find_all("session")] + \
        [P.SESSION_IN_TEXT.search(closing_text), P.SESSION_ALONE.search(closing_text)]
    found = [m for m in found if m]
    meta.term = next((m["term"].upper() for m in found if m.groupdict().get("term")), None)
    meta.session = next((_session_number(m["session"]) for m in found if m["session"]), None)

    if closing:
        a = _ADOPTED.search(closing_text)
        meta.adopted = iso_date(a) if a else None
        e = _EFFECTIVE.search(closing_text)
        if e:
            when = fold_key(e["when"])
            meta.effective = meta.adopted if "thong qua" in when else (
                (_signed_date(root) or meta.adopted) if when.endswith(" ky") else iso_date(e))

    # "tình hình năm 2023 và kế hoạch năm 2024": the plan's year is the last; "tầm nhìn đến năm 2030" is none
    period_text = re.split(r"tầm\s+nhìn|định\s+hướng\s+đến", meta.title or "", flags=re.IGNORECASE)[0]
    p = ([None] + list(_PERIOD.finditer(period_text)))[-1]
    y = ([None] + list(_YEAR.finditer(period_text)))[-1]
    if p:
        meta.period_start, meta.period_end = int(p["a"]), int(p["b"])
    elif y:
        meta.period_start = meta.period_end = int(y["y"])

    signature = root.find("signature")
    if signature:
        names = [n.text for n in signature.children if _NAME.match(n.text)]
        meta.signer = names[-1] if names else None

    if meta.doc_type in ("report_annex", "report") and meta.title:
        r = _REPORTS_ON.search(meta.title)
        meta.reports_on = " ".join(r.group(0).split()) if r else None
    if meta.doc_type in ("report_annex", "report"):
        r = _PARENT_REPORT.search(head_text)
        if r:
            meta.report_number, meta.report_date = r["number"], iso_date(r)
        elif meta.doc_type == "report":
            meta.report_number, meta.report_date = meta.number, _signed_date(root)
    return meta


_ANNEXED_TO = re.compile(r"kèm\s+theo\s+(?P<kind>[^\d(]{3,30}?)\s+số\s+(?P<number>" + P.DOC_NUMBER + ")", re.IGNORECASE)


def _number_in_annex(text: str, root: Node, heading: str) -> str | None:
    """'(Kèm theo Nghị quyết số 100/NQ-HĐND ...)' under an annex: the number of this document."""
    for annex in root.find_all("annex"):
        m = _ANNEXED_TO.search(text, annex.span[0], min(annex.span[1], annex.span[0] + 400))
        if m and fold_key(m["kind"]) == fold_key(heading):
            return m["number"]
    return None


def _signed_date(root: Node) -> str | None:
    """The place-and-date line of the letterhead ("Bến Tre, ngày 06 tháng 12 năm 2024")."""
    for n in root.find_all("letterhead"):
        if DATE_RE.search(n.text):
            return parse_date(n.text)
    return None


def _session_number(s: str) -> int | None:
    s = s.strip().rstrip(".,;")
    if s.isdigit():
        return int(s)
    total, words = 0, s.lower().split()
    for i, w in enumerate(words):
        v = P.NUMBER_WORDS.get(w)
        if v is None:
            return None
        if v == 10 and i > 0:  # "hai mươi" = 2 × 10
            total = total * 10
        else:
            total += v
    return total or None
