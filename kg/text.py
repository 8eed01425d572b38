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


# Control characters other than whitespace: no text document of the genre holds them (a converter
# may leave them in running text: a PDF's \x02 hyphen, a form feed)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def normalise_lines(text: str) -> str:
    """CRLF and CR-only line ends → LF (a CR-only file is otherwise one long line)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _utf16_without_bom(data: bytes) -> str | None:
    """'UTF-16LE'/'UTF-16BE' when NULs stand in every other byte (text saved as UTF-16, no BOM)."""
    sample = data[:4096]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if len(sample) >= 16 and max(even, odd) > 0.3 * len(sample) / 2 and min(even, odd) < 0.05 * len(sample) / 2:
        return "UTF-16LE" if odd > even else "UTF-16BE"
    return None


def _not_utf8(data: bytes, name: str, at: int) -> InputError:
    """The refusal of bytes that are not UTF-8, naming the encoding they look like and the fix."""
    from .formats import legacy
    if legacy.looks_like_cp1258(data):
        return InputError(f"{name}: not UTF-8: looks like Windows-1258 (CP1258) Vietnamese; convert it with "
                          f"`iconv -f CP1258 -t UTF-8` or save it as UTF-8")
    return InputError(f"{name}: not UTF-8 text (invalid byte at offset {at}); save it as UTF-8")


def decode(data: bytes, name: str = "<bytes>") -> str:
    """Bytes of a plain-text file → NFC text with LF line ends. UTF-8 (with or without BOM), UTF-16
    with a BOM, or a raw 8-bit file in an old Vietnamese code (TCVN3, VNI, VISCII: repaired)."""
    return decode_with_encoding(data, name)[0]


def decode_with_encoding(data: bytes, name: str = "<bytes>") -> tuple[str, str | None]:
    """:func:`decode`, and the old code (TCVN3 | VNI | VISCII) a raw 8-bit file was read through."""
    encoding = None
    if not data.strip():
        raise InputError(f"{name}: empty file")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: not valid UTF-16 ({exc.reason} at byte {exc.start})") from None
    else:
        if b"\x00" in data:
            enc = _utf16_without_bom(data)
            if enc:
                raise InputError(f"{name}: {enc} text without a byte-order mark; save it as UTF-8 "
                                 f"(`iconv -f {enc} -t UTF-8`)")
            raise InputError(f"{name}: binary file (NUL bytes), not a text document")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            from .formats import legacy
            found = legacy.decode_bytes(data)
            if found is None:
                raise _not_utf8(data, name, exc.start) from None
            text, encoding = found
    if "\x00" in text:
        raise InputError(f"{name}: NUL characters in the text; not a text document")
    text = normalise_lines(text)
    if len(CONTROL.findall(text[:4096])) > 8:
        raise InputError(f"{name}: binary file (control characters), not a text document")
    text = unicodedata.normalize("NFC", text)
    if not text.strip():
        raise InputError(f"{name}: empty file")
    return text, encoding


def load_text(path: str | Path) -> str:
    """Read a document file of any supported format (:mod:`kg.formats`) and return its NFC text;
    :class:`InputError` (one line naming the file) on anything else."""
    from .formats import read
    return read(path).text


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


@lru_cache(maxsize=1 << 17)  # the unit tables and the corpus stage fold the same names thousands of times
def fold_key(s: str | None) -> str:
    """Lower case, no diacritics, đ→d, collapsed whitespace: what people type without a VN keyboard."""
    if not s:
        return ""
    s = unicodedata.normalize("NFD", unicodedata.normalize("NFC", s).casefold().replace("đ", "d"))
    for mark in {c for c in set(s) if unicodedata.combining(c)}:  # a few marks: a pass each, not a test per character
        s = s.replace(mark, "")
    return " ".join(s.split())


@lru_cache(maxsize=1 << 17)
def slug(s: str | None) -> str:
    """IRI-safe slug from a folded name: 'Tờ trình 7330/TTr-UBND' → 'to-trinh-7330-ttr-ubnd'."""
    return re.sub(r"[^a-z0-9]+", "-", fold_key(s)).strip("-")


@lru_cache(maxsize=None)  # the vocabularies' words make more patterns than re's own cache keeps (512)
def word_pattern(rx: str, end: str = r"(?!\w)") -> re.Pattern:
    """``rx`` as whole words: not after a word character, and followed by ``end``."""
    return re.compile(rf"(?<!\w){rx}{end}")


def viet_title(s: str) -> str:
    """'BẾN TRE' → 'Bến Tre' (title-case each syllable, keeping diacritics)."""
    return " ".join(w[:1].upper() + w[1:].lower() for w in s.split())
