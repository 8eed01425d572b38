"""Vietnamese numbers, ranges and magnitude words.

Vietnamese writes "." between thousands and "," before decimals: "6.388,3" is 6388.3,
"1.850" is 1850, "33,3" is 33.3 and "01" is 1. Ranges are "6,0% - 6,5%", "8,5%-9,5%",
"35.000 - 40.000". Magnitude words scale a value onto a base unit: "43,5 nghìn tỷ đồng" is
43 500 (tỷ đồng), "4,5 tỷ USD" is 4 500 (triệu USD).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# One number as written in the genre. A "." followed by exactly three digits groups thousands;
# "," marks decimals. Sloppy "7.5" (one or two digits after the dot) is read as a decimal.
NUMBER_RE = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
_NUMBER = re.compile(rf"^(?:{NUMBER_RE})$")
_DASH = r"\s*[-–—]\s*|\s+đến\s+|\s+tới\s+"
RANGE_RE = re.compile(rf"(?P<lo>{NUMBER_RE})\s*(?P<u1>%?)(?:{_DASH})(?P<hi>{NUMBER_RE})\s*(?P<u2>%?)")


def parse_number(s: str) -> float:
    """'1.850' → 1850, '6.388,3' → 6388.3, '33,3' → 33.3, '01' → 1. ValueError otherwise."""
    s = s.strip()
    if not _NUMBER.match(s):
        raise ValueError(f"not a Vietnamese number: {s!r}")
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", s):
        s = s.replace(".", "").replace(",", ".")
    else:
        s = s.replace(",", ".")
    value = float(s)
    return int(value) if value.is_integer() and "." not in s else value


def format_number(x: float) -> str:
    """The inverse of :func:`parse_number` for display: 6388.3 → '6.388,3'."""
    neg = x < 0
    x = abs(x)
    whole, _, frac = (f"{x:.6f}".rstrip("0").rstrip(".")).partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = ".".join(groups) + ("," + frac if frac else "")
    return ("-" if neg else "") + out


@dataclass(frozen=True)
class Range:
    low: float
    high: float
    percent: bool


def parse_range(s: str) -> Range:
    """'6,0% - 6,5%' → Range(6.0, 6.5, percent=True). ValueError when not a range."""
    m = RANGE_RE.fullmatch(s.strip())
    if not m:
        raise ValueError(f"not a range: {s!r}")
    lo, hi = parse_number(m["lo"]), parse_number(m["hi"])
    return Range(lo, hi, bool(m["u1"] or m["u2"]))


# Magnitude words, longest first: (words, multiplier, base unit). "nghìn tỷ đồng" is a thousand
# "tỷ đồng" (billion VND); "tỷ USD" is a thousand "triệu USD" (million USD).
MAGNITUDES: list[tuple[str, float, str]] = [
    ("nghìn tỷ đồng", 1000, "billion_vnd"),
    ("ngàn tỷ đồng", 1000, "billion_vnd"),
    ("triệu tỷ đồng", 1_000_000, "billion_vnd"),
    ("nghìn tỉ đồng", 1000, "billion_vnd"),
    ("ngàn tỉ đồng", 1000, "billion_vnd"),
    ("tỷ đồng", 1, "billion_vnd"),
    ("tỉ đồng", 1, "billion_vnd"),
    ("triệu đồng", 1, "million_vnd"),
    ("nghìn đồng", 0.001, "million_vnd"),
    ("tỷ usd", 1000, "million_usd"),
    ("tỉ usd", 1000, "million_usd"),
    ("tỷ đô la mỹ", 1000, "million_usd"),
    ("triệu đô la mỹ", 1, "million_usd"),
    ("triệu usd", 1, "million_usd"),
    ("nghìn usd", 0.001, "million_usd"),
    ("usd/người", 1, "usd"),
    ("usd", 1, "usd"),
    ("nghìn tỷ", 1000, "billion"),
    ("ngàn tỷ", 1000, "billion"),
    ("tỷ", 1, "billion"),
    ("tỉ", 1, "billion"),
    ("triệu", 1, "million"),
    ("nghìn", 1, "thousand"),
    ("ngàn", 1, "thousand"),
    ("vạn", 1, "ten_thousand"),
]


@dataclass(frozen=True)
class Quantity:
    value: float | None
    low: float | None
    high: float | None
    unit: str | None  # base unit from MAGNITUDES, "percent", or None
    text: str


_QUANTITY = re.compile(
    rf"(?P<lo>{NUMBER_RE})\s*(?P<p1>%?)(?:(?:{_DASH})(?P<hi>{NUMBER_RE})\s*(?P<p2>%?))?"
    r"(?P<rest>\s*[^\d;,.()]{0,20})?")


def parse_quantity(s: str) -> Quantity:
    """A value or range with its magnitude words: '43,5 nghìn tỷ đồng' → 43500 billion_vnd."""
    m = _QUANTITY.match(s.strip())
    if not m:
        raise ValueError(f"no quantity in {s!r}")
    lo = parse_number(m["lo"])
    hi = parse_number(m["hi"]) if m["hi"] else None
    unit, mult = None, 1.0
    if m["p1"] or m["p2"]:
        unit = "percent"
    else:
        rest = " ".join((m["rest"] or "").lower().split())
        for words, k, base in MAGNITUDES:
            if rest.startswith(words):
                unit, mult = base, k
                break

    def scale(x):
        y = x * mult
        return int(y) if float(y).is_integer() else round(y, 10)

    if hi is None:
        return Quantity(scale(lo), None, None, unit, m.group(0))
    return Quantity(None, scale(lo), scale(hi), unit, m.group(0))
