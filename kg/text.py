"""Text at the door: decode bytes, refuse what is not a text document, NFC-normalise.

Also the two comparison keys every later stage uses:

* :func:`tone_key` — NFC, casefolded, whitespace collapsed and the tone mark moved to one
  canonical vowel, so "hoà"/"hòa", "uỷ"/"ủy", "thuý"/"thúy" compare equal;
* :func:`fold_key` — no diacritics at all and đ→d, for lookups typed without a Vietnamese keyboard.

All spans in this project are offsets into the string :func:`load_text` returns.
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from .errors import KgError


# Capital letters of Vietnamese, for patterns of proper names ("À-Ỹ" as a range would let lowercase in).
UPPER = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
# Footnote markers as the seeds write them, after a word ("trọng điểm¹¹") or opening a footnote.
SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"


class InputError(KgError):
    """A file that cannot be read as a document; the message is one line naming the file."""


# Markup that says "this is a web page, not a document". Table fragments (<p>, <ul>) inside
# annex cells are fine: only whole-page markers count.
_HTML_PAGE = re.compile(r"^\s*(<!doctype\s+html|<html[\s>])", re.IGNORECASE)
# Characters that make sense in Vietnamese documents of the genre (any script's letters, digits,
# punctuation) — control characters other than whitespace do not.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def decode(data: bytes, name: str = "<bytes>") -> str:
    """Bytes → NFC text. UTF-8 (with or without BOM) or UTF-16 with a BOM; nothing else."""
    if not data.strip():
        raise InputError(f"{name}: empty file")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: not valid UTF-16 ({exc.reason} at byte {exc.start})") from None
    else:
        if b"\x00" in data[:4096]:
            raise InputError(f"{name}: binary file (NUL bytes), not a text document")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: not UTF-8 text (invalid byte at offset {exc.start}); "
                             "save it as UTF-8") from None
    if len(_CONTROL.findall(text[:4096])) > 8:
        raise InputError(f"{name}: binary file (control characters), not a text document")
    if _HTML_PAGE.match(text):
        raise InputError(f"{name}: an HTML page, not a document text; save the document as plain text")
    text = unicodedata.normalize("NFC", text)
    if not text.strip():
        raise InputError(f"{name}: empty file")
    return text


def load_text(path: str | Path) -> str:
    """Read a document file and return its NFC text; :class:`InputError` on anything else."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if p.is_dir():
        raise InputError(f"{p}: is a directory, not a document")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror})") from None
    return decode(data, str(p))


# ------------------------------------------------------------------ comparison keys

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền, sắc, ngã, hỏi, nặng
_VOWELS = set("aăâeêioôơuưy")
_MODIFIED = set("ăâêôơư")  # vowels with a shape mark: they take the tone first
_WORD = re.compile(r"[\w\u0300-\u036f]+")  # a syllable with any stray combining marks


@lru_cache(maxsize=1 << 16)
def _place_tone(word: str) -> str:
    """Move the tone mark of one syllable to its canonical vowel ("new style" placement)."""
    nfd = unicodedata.normalize("NFD", word)
    tone = next((c for c in nfd if c in _TONES), None)  # a second mark is a typo: dropped
    if tone is None:
        return word
    base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in _TONES))
    low = base.lower()
    start = 0
    # "qu" and "gi" + vowel: the u / i belongs to the consonant.
    if low.startswith("qu") or (low.startswith("gi") and len(low) > 2 and low[2] in _VOWELS):
        start = 2
    idx = [i for i in range(start, len(low)) if low[i] in _VOWELS]
    if not idx:
        idx = [i for i in range(len(low)) if low[i] in _VOWELS]
    if not idx:
        return word
    # the vowel cluster is the first run of consecutive vowels
    cluster = [idx[0]]
    for i in idx[1:]:
        if i == cluster[-1] + 1:
            cluster.append(i)
        else:
            break
    modified = [i for i in cluster if low[i] in _MODIFIED]
    if modified:
        pos = modified[-1]  # "ươ" → ơ
    elif len(cluster) == 1:
        pos = cluster[0]
    elif len(cluster) == 3:
        pos = cluster[1]
    elif cluster[-1] + 1 < len(low):  # closed syllable: "toán", "hoàng"
        pos = cluster[-1]
    elif low[cluster[0]:cluster[-1] + 1] in ("oa", "oe", "uy"):
        pos = cluster[-1]
    else:
        pos = cluster[0]
    return unicodedata.normalize("NFC", base[:pos + 1] + tone + base[pos + 1:])


@lru_cache(maxsize=1 << 16)
def tone_key(s: str | None) -> str:
    """NFC + casefold + collapsed whitespace + canonical tone placement."""
    if not s:
        return ""
    s = unicodedata.normalize("NFC", s).casefold()
    s = _WORD.sub(lambda m: _place_tone(m.group(0)), s)
    return " ".join(s.split())


@lru_cache(maxsize=1 << 16)  # the unit tables fold the same district and province names thousands of times
def fold_key(s: str | None) -> str:
    """Lower case, no diacritics, đ→d, collapsed whitespace: what people type without a VN keyboard."""
    if not s:
        return ""
    s = unicodedata.normalize("NFC", s).casefold().replace("đ", "d")
    s = "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))
    return " ".join(s.split())


def slug(s: str | None) -> str:
    """IRI-safe slug from a folded name: 'Tờ trình 7330/TTr-UBND' → 'to-trinh-7330-ttr-ubnd'."""
    return re.sub(r"[^a-z0-9]+", "-", fold_key(s)).strip("-")


def viet_title(s: str) -> str:
    """'BẾN TRE' → 'Bến Tre' (title-case each syllable, keeping diacritics)."""
    return " ".join(w[:1].upper() + w[1:].lower() for w in s.split())
