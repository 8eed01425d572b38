"""How a row is cited: a short label for its document ("NQ 45/NQ-HĐND Long An 06/12/2024",
"BC 525-BC/TU Bến Tre 01/12/2023 PL2") and for the provision it stands in ("Điều 2 › 3 › b",
"dòng 4.1, cột Kết quả"). Derived once, while the RDF is written (kg:citationLabel,
kg:provisionLabel); every table, export and plot shows these. The words are data: kg/vocab/cite.json.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from .model import DocumentMeta, Node
from .text import tone_key

VOCAB_FILE = Path(__file__).resolve().parent / "vocab" / "cite.json"


@lru_cache(maxsize=1)
def vocab() -> dict:
    return json.loads(VOCAB_FILE.read_text(encoding="utf-8"))


def day_label(iso: str | None) -> str | None:
    """'2023-12-07' → '07/12/2023', the way the documents write dates."""
    if not iso or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso):
        return iso
    y, m, d = iso.split("-")
    return f"{d}/{m}/{y}"


def kind_abbreviation(heading: str | None) -> tuple[str | None, str]:
    """'PHỤ LỤC 2' → ('PL', '2'); 'NGHỊ QUYẾT' → ('NQ', ''); an unknown kind keeps its words."""
    if not heading:
        return None, ""
    m = re.match(r"^(?P<words>\D*?)\s*(?P<number>[\dIVXL]+)?$", heading.strip())
    words, number = (m["words"], m["number"] or "") if m else (heading, "")
    key = tone_key(words)
    abbrev = next((a for k, a in vocab()["kinds"].items() if tone_key(k) == key), None)
    return abbrev or (words[:1].upper() + words[1:].lower()), number


def issuer_abbreviation(issuer: str | None, province: str | None) -> str | None:
    """'Hội đồng nhân dân tỉnh Bến Tre' → 'HĐND' (the province is said once, after it)."""
    if not issuer:
        return None
    name = issuer
    if province:
        scope = "|".join(map(re.escape, vocab()["issuer_scope_words"]))
        name = re.sub(rf"\s*(?:(?:{scope})\s+)?{re.escape(province)}\s*$", "", name, flags=re.IGNORECASE)
    for words, abbrev in vocab()["issuers"]:
        if tone_key(name).startswith(tone_key(words)):
            return abbrev + name[len(words):]
    return name


def document_label(meta: DocumentMeta, source: str | None = None) -> str:
    """Kind and own number (or issuer), province, date; an annex is cited through its report.
    A document with neither number nor date is told apart by its file name."""
    kind, part = kind_abbreviation(meta.heading)
    date = day_label(meta.adopted or meta.report_date)
    if meta.doc_type == "report_annex" and meta.report_number:
        words = ["BC", meta.report_number, meta.province, date, f"{kind}{part}"]
    else:
        who = meta.number or issuer_abbreviation(meta.issuer, meta.province)
        words = [f"{kind}{part}" if kind else None, who, meta.province, date]
    label = " ".join(w for w in words if w)
    if not meta.number and not meta.report_number and not date and source:
        label += f" ({source})"
    return label


def provision_label(chain: list[Node], role: str | None = None) -> str | None:
    """'Điều 2 › 3 › b' for an article's clause; 'dòng 4.1, cột Kết quả' for a statement in an
    annex table row (the row's number says where it stands; its group is implied)."""
    words = vocab()["provisions"]
    rows = [n for n in chain if n.kind == "row"]
    if rows:
        label = f"{words['row']} {rows[-1].label}"
    elif chain:
        first = vocab()["provisions_first"]
        label = " › ".join(f"{(first if i == 0 else words).get(n.kind, words.get(n.kind, ''))} {n.label}".strip()
                           for i, n in enumerate(chain))
    else:
        return None
    column = vocab()["columns"].get(role or "")
    return f"{label}, {column}" if column else label
