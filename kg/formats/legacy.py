"""Old Vietnamese font encodings: TCVN3 (ABC, the .VnTime fonts), VNI-Windows and VISCII.

Documents typed before Unicode keep their letters in the font, not in the text: Word shows a
TCVN3 "NGHỊ QUYẾT" as "NGHÞ QUYÕT" and a VNI one as "NGHÒ QUYEÁT". :func:`repair` finds such
text (Latin-1 look-alikes where Vietnamese letters should be) and maps it back; :func:`decode_bytes`
reads a raw 8-bit file in one of those codes. The tables are data (``legacy_encodings.json``).
"""
from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from itertools import islice
from pathlib import Path

# Letters only Vietnamese uses (ạ ế ờ ... đ ơ ư ă): genuine text is full of them, mojibake has none.
_VIET = re.compile("[\u1ea0-\u1ef9đĐơƠưƯăĂ]")
# Latin-1 characters that are not Vietnamese letters: TCVN3/VNI mojibake is full of them.
_ODD = re.compile("[\u00a1-\u00bf\u00c4-\u00c7\u00cb\u00ce-\u00d1\u00d6-\u00d8\u00db\u00dc\u00de-\u00df"
                  "\u00e4-\u00e7\u00eb\u00ee-\u00f1\u00f6-\u00f8\u00fb\u00fc\u00fe\u00ff]")
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\s\d.,;:!?()\"“”'/%-]+")


@lru_cache(maxsize=1)
def tables() -> dict:
    return json.loads((Path(__file__).with_name("legacy_encodings.json")).read_text(encoding="utf-8"))


def _tcvn3(text: str) -> str:
    table = tables()["tcvn3"]
    out = unicodedata.normalize("NFC", "".join(table.get(c, c) for c in text))
    # The capitals font (.VnTimeH) puts capitals on the small letters' codes: "NGHÞ QUYÕT" reads
    # "NGHị QUYết". A line in capitals, or a word whose plain letters are capitals, is capitals.
    out = "\n".join(_capitalise(line) for line in out.split("\n"))
    # No code for a capital with a tone in the text font either: a sentence's first letter is one.
    return _SENTENCE_START.sub(lambda m: m.group(1) + m.group(2).upper(), out)


_SENTENCE_START = re.compile(r"(^|[.!?]\s|\n)([\u00e0-\u01b0\u1ea0-\u1ef9])", re.MULTILINE)


def _capitalise(line: str) -> str:
    plain = [c for c in line if c.isascii() and c.isalpha()]
    if len(plain) >= 3 and all(c.isupper() for c in plain):
        return line.upper()
    return _WORD.sub(lambda m: m.group(0).upper() if _all_caps(m.group(0)) else m.group(0), line)


def _all_caps(word: str) -> bool:
    plain = [c for c in word if c.isascii() and c.isalpha()]
    return len(plain) >= 2 and all(c.isupper() for c in plain)


_VNI_KEYS: re.Pattern | None = None


def _vni(text: str) -> str:
    global _VNI_KEYS
    table = tables()["vni"]
    if _VNI_KEYS is None:  # longest sequences first: "oâ" (ô) before "ô" (ơ)
        _VNI_KEYS = re.compile("|".join(re.escape(k) for k in sorted(table, key=len, reverse=True)))
    return _VNI_KEYS.sub(lambda m: table[m.group(0)], text)


def _viscii_chars(text: str) -> str:
    """VISCII bytes that were read as Latin-1 (or CP1252) characters."""
    table = tables()["viscii"]
    out = []
    for c in text:
        try:
            b = c.encode("cp1252")[0] if ord(c) > 0xff else ord(c)
        except UnicodeEncodeError:
            out.append(c)
            continue
        out.append(table.get("%02x" % b, c) if b >= 0x80 or b < 0x20 and c not in "\t\n\r" else c)
    return "".join(out)


CONVERTERS = {"TCVN3": _tcvn3, "VNI": _vni, "VISCII": _viscii_chars}


_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
_ONSET = re.compile(r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])")
_CODA = re.compile(r"(ch|ng|nh|[cmnpt])$")
# Vowel clusters of Vietnamese syllables (tones set aside): what a right conversion yields.
_NUCLEI = set("a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ua uâ uê ui "
              "uô uơ uy ưa ưi ưu ươ yê iêu oai oay oeo uây uôi uya uyê uyu ươi ươu yêu".split())


def _syllable(word: str) -> bool:
    nfd = unicodedata.normalize("NFD", word.lower())
    if sum(c in _TONE_MARKS for c in nfd) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in _TONE_MARKS))
    rest = _CODA.sub("", _ONSET.sub("", base, count=1), count=1)
    return rest in _NUCLEI or base in ("gi", "gì")


def _score(text: str) -> int:
    """Words that are Vietnamese syllables minus those that are not (among words not plain ASCII)."""
    score = -len(_ODD.findall(text))
    for m in _WORD.finditer(text):
        w = m.group(0)
        if w.isascii() or not w.isalpha():
            continue
        score += 1 if _syllable(w) else -1
    return score


def looks_garbled(text: str) -> bool:
    """Latin-1 look-alikes outnumber the Vietnamese letters: not Unicode Vietnamese."""
    sample = text[:200_000]
    odd = len(_ODD.findall(sample))
    if odd < 3:  # (most texts: the letters, a list as long as the text, are not counted then)
        return False
    # ("²", "¹" of footnotes and km² are odd too) a Vietnamese text shows as many Vietnamese
    # letters within its first lines: they are counted up to that many, the letters only after
    if sum(1 for _ in islice(_VIET.finditer(sample), odd)) >= odd:
        return False
    letters = len(_LETTER.findall(sample))
    return letters > 0 and odd >= max(3, letters // 200)


def detect(text: str) -> str | None:
    """Name of the legacy code a garbled text is in (the one whose conversion reads best), or None."""
    if not looks_garbled(text):
        return None
    sample = text[:200_000]
    best, best_score = None, _score(sample)
    for name, convert in CONVERTERS.items():
        s = _score(convert(sample))
        if s > best_score:
            best, best_score = name, s
    return best if best is not None and best_score > 0 else None


def repair(text: str) -> tuple[str, str | None]:
    """(text in Unicode, name of the legacy code it was in — None when it was Unicode already)."""
    best = detect(text)
    if best is None:
        return text, None
    return unicodedata.normalize("NFC", CONVERTERS[best](text)), best


def _cp1258(data: bytes) -> str:
    return unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))


def looks_like_cp1258(data: bytes) -> bool:
    """Windows-1258: Vietnamese with the tones as separate bytes (combining marks)."""
    return _score(_cp1258(data[:200_000])) > 0


def _viscii(data: bytes) -> str:
    table = tables()["viscii"]
    return unicodedata.normalize("NFC", "".join(
        table.get("%02x" % b, chr(b)) if b >= 0x80 or (b < 0x20 and b not in (9, 10, 13)) else chr(b)
        for b in data))


def decode_bytes(data: bytes) -> tuple[str, str] | None:
    """A raw 8-bit file in TCVN3, VNI or VISCII → (Unicode text, code name); None if none fits
    (CP1258 included: that one is for the caller to name, see :func:`looks_like_cp1258`)."""
    sample = data[:200_000]
    latin, name = repair(sample.decode("cp1252", errors="replace"))
    scores = {"VISCII": _score(_viscii(sample)), "CP1258": _score(_cp1258(sample))}
    if name:
        scores[name] = _score(latin)
    best = max(scores, key=scores.get)
    if best == "CP1258" or scores[best] <= 0:
        return None
    if best == "VISCII":
        return _viscii(data), best
    return unicodedata.normalize("NFC", CONVERTERS[name](data.decode("cp1252", errors="replace"))), name
