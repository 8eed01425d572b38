"""Named-project mentions: "cầu Rạch Miễu 2", "KCN Phú Thuận", "Cụm công nghiệp: Phú Hưng, Phong Nẫm",
"đường từ cảng Giao Long đến Khu công nghiệp Phú Thuận (ĐT.DK.07)" — with the action the text states,
target or result, deadline, progress, localities and attributes.

A mention is a type trigger (kg/vocab/projects.json) followed by a name: a few lowercase descriptor
words, then capitalised words, numbers and codes, joined by dashes, "đoạn", "từ ... đến", "phục vụ".
Words in title case ("Trường Chính trị", "Bệnh viện Y học cổ truyền") go on until a stop word. A
project named inside another's name is part of it, not a mention of its own. A trigger followed by
a list ("Cụm công nghiệp: Phú Hưng, Phong Nẫm và Tân Thành Bình") gives one mention per name.
"""
from __future__ import annotations

import json
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .dates import deadline
from .text import SUPERSCRIPT_DIGITS, UPPER, tone_key

VOCAB = json.loads((Path(__file__).parent / "vocab" / "projects.json").read_text(encoding="utf-8"))
_TOKEN = re.compile(r"\w+(?:\.+\w+)*|[^\w\s]")  # (words joined by dots: "QL.57"; no backtracking)
# "TP. Bến Tre" goes on. The look-behinds come after the period, not before it: then every branch
# of the patterns below starts with a character re can scan for (10x faster, the same matches).
_DOT = r"\." + "".join(rf"(?<!\b{a}\.)" for a in VOCAB["dotted_abbreviations"])
_DOTTED = set(VOCAB["dotted_abbreviations"])
# A line break ends a clause unless the text is hard-wrapped there (the next line goes on in lower case).
_BOUNDARY = re.compile(rf";|…|{_DOT}(?=\s|$)|\n(?![ \t]*[a-zđà-ỹ][a-zđà-ỹ\s])|</?p>|<li>")


@dataclass
class ProjectMention:
    name: str  # the name with abbreviations expanded and prefixes dropped (the resolver's input)
    surface: str  # as written
    type: str
    span: tuple[int, int]
    action: str = "other"
    is_target: bool = True
    deadline: str | None = None
    progress: str | None = None
    continuation_span: tuple[int, int] | None = None
    localities: list[str] = field(default_factory=list)
    attributes: dict = field(default_factory=dict)
    project_id: str | None = None  # set by kg.resolve
    quote: str = ""
    role: str = "text"  # text | task | result | footnote (annex columns)
    item: str | None = None  # annex item label
    contains: list[str] = field(default_factory=list)  # names of projects named inside this one's name
    statement: int = 0  # colons before the mention in its clause: "X: ... X ..." names X twice
    agencies: list = field(default_factory=list)  # (role, Agency): "Bộ GTVT chủ trì", "phối hợp với tỉnh Vĩnh Long"
    clause: tuple[int, int] = (0, 0)  # the clause's offsets in the text the mention was found in


@dataclass(slots=True)  # millions are made and read: slots make both faster
class _Tok:
    start: int
    end: int
    text: str
    key: str

    @property
    def cap(self) -> bool:
        return self.text[:1].isupper() or self.text[:1].isdigit()


def _by_first(items, words=lambda item: item) -> dict[str, list]:
    """Items grouped by the first of their words, in their order: a token tries only those that
    start with it, not every phrase."""
    out: dict[str, list] = {}
    for item in items:
        out.setdefault(words(item)[0], []).append(item)
    return out


def _longest_first(groups: dict[str, list]) -> dict[str, list]:
    return {k: sorted(v, key=lambda t: len(t[0]), reverse=True) for k, v in groups.items()}


@lru_cache(maxsize=1)
def _triggers() -> dict[str, list]:
    """Triggers by their first word, longest first (the scan looks up one word, not all triggers)."""
    return _longest_first(_by_first((([tone_key(t) for t in _TOKEN.findall(phrase)], kind, desc, frozenset(flags))
                                     for phrase, kind, desc, *flags in VOCAB["triggers"]), lambda t: t[0]))


@lru_cache(maxsize=1)
def _actions() -> dict[str, list]:
    """Action words by their first word, longest first."""
    return _longest_first(_by_first(((tone_key(p).split(), a, strength) for p, a, strength in VOCAB["actions"]),
                                    lambda t: t[0]))


_STOP = {tone_key(w) for w in VOCAB["stop_words"]}
_DESC_STOP = {tone_key(w) for w in VOCAB["desc_stop"]}
_NOT_AFTER = {tone_key(w) for w in VOCAB["not_after"]}
_TITLE_STOPS = {tone_key(w) for w in VOCAB["title_stops"]}
_ADMIN = sorted(([tone_key(w) for w in a.split()] for a in VOCAB["admin_words"]), key=len, reverse=True)
_ADMIN_BY_FIRST = _by_first(_ADMIN)  # (longest first still)
_PREFIXES = sorted(([tone_key(w) for w in _TOKEN.findall(p)] for p in VOCAB["prefixes"]), key=len, reverse=True)


def _scan(text: str, start: int, end: int) -> list[_Tok]:
    out, key = [], tone_key
    for m in _TOKEN.finditer(text, start, end):
        a, b = m.span()
        word = text[a:b]
        out.append(_Tok(a, b, word, key(word)))
    return out


_recent: list[tuple] = []  # the texts last tokenized whole, latest first: (text, tokens, their starts, ends)
_RECENT = 4  # an annex cell's footnote asks for its row's text between two cells


def tokens(text: str, start: int = 0, end: int | None = None) -> list[_Tok]:
    """The tokens of text[start:end]. A text is asked for many stretches (a mention's clause, its
    cues ...): it is tokenized once and a stretch is a slice of that, when no token of the whole
    crosses the stretch's ends (then the stretch alone tokenizes the same; else it is scanned).
    The tokens are shared: nobody changes them."""
    end = len(text) if end is None else end
    for k, last in enumerate(_recent):
        if last[0] is text:
            if k:
                _recent.insert(0, _recent.pop(k))
            break
    else:
        toks = _scan(text, 0, len(text))
        last = (text, toks, [t.start for t in toks], [t.end for t in toks])
        _recent.insert(0, last)
        del _recent[_RECENT:]
    _, toks, starts, ends = last
    i, j = bisect_left(starts, start), bisect_left(starts, end)
    if start < 0 or i > 0 and ends[i - 1] > start:
        return _scan(text, start, end)
    if j > i and ends[j - 1] > end:  # the stretch ends inside a token: that token is cut short
        return toks[i:j - 1] + _scan(text, starts[j - 1], end)
    return toks[i:j]


def _match(toks, i, phrase) -> bool:
    return i + len(phrase) <= len(toks) and all(toks[i + k].key == w for k, w in enumerate(phrase))


def _trigger_at(toks, i):
    t = toks[i]
    if t.key not in _TRIGGER_STARTS and not _CODE.match(t.text):
        return None  # most words start no trigger, foreign head or road code: said at once
    if i > 0 and toks[i - 1].key in _NOT_AFTER:
        return None
    for phrase, kind, desc, flags in _triggers().get(t.key, ()):
        if _match(toks, i, phrase):
            return len(phrase), kind, desc, flags
    foreign = _foreign_at(toks, i)
    if foreign:
        return foreign
    if _CODE.match(t.text) and not any(x.text == "(" for x in toks[max(0, i - 3):i]):  # "QL.57", "ĐT.DK.07" stand for a road by themselves
        return 0, "road", 0, frozenset()
    return None


_FOREIGN = {tuple(_TOKEN.findall(tone_key(k))): v for k, v in VOCAB["foreign_type_words"].items() if not k.startswith("_")}
_FOREIGN_HEADS = [tone_key(h).split() for h in VOCAB["foreign_heads"]]
_FOREIGN_FIRST = {h[0] for h in _FOREIGN_HEADS}  # most tokens start no head: _foreign_at returns at once
_CODE = re.compile(VOCAB["code_trigger"]["pattern"])
_TRIGGER_STARTS = frozenset(_triggers()) | _FOREIGN_FIRST


def _foreign_at(toks, i):
    """'dự án WHA Industrial Zone 2 - Nghệ An': a head word, then capitalised words among which
    foreign type words stand; the type comes from those words (kg/vocab/projects.json)."""
    if toks[i].key not in _FOREIGN_FIRST:
        return None
    for head in _FOREIGN_HEADS:
        if not _match(toks, i, head) or i + len(head) >= len(toks) or not _is_proper(toks[i + len(head)]):
            continue
        j = i + len(head)
        words = []
        while j < len(toks) and _is_proper(toks[j]) and toks[j].text[0].isalpha() and len(words) < 8:
            words.append(toks[j].key)
            j += 1
        for k in range(len(words)):
            for phrase, (kind, _) in _FOREIGN.items():
                if tuple(words[k:k + len(phrase)]) == phrase:
                    return len(head), kind, 0, frozenset({"foreign"})
    return None


def _foreign_head(surface: str) -> str:
    words = tuple(_TOKEN.findall(tone_key(surface)))
    for phrase, (_, head) in sorted(_FOREIGN.items(), key=lambda kv: -len(kv[0])):
        if any(words[k:k + len(phrase)] == phrase for k in range(len(words))):
            return head
    return ""


def _shorter_triggers(toks, i, n):
    """The triggers at toks[i] shorter than n words (longest first)."""
    if i > 0 and toks[i - 1].key in _NOT_AFTER:
        return []
    return [(len(p), kind, desc, flags) for p, kind, desc, flags in _triggers().get(toks[i].key, ())
            if len(p) < n and _match(toks, i, p)]


def _not_a_name(text, toks, a, b) -> bool:
    """Internal roads of a park ("đường D1, N3") are parts, not projects."""
    name = text[toks[a].start:toks[b - 1].end] if b > a else ""
    return bool(re.match(VOCAB["not_a_name"]["pattern"], name))


def _agent(toks, i) -> bool:
    """'phối hợp với Trường Đại học Cần Thơ': an institution acting, not a project."""
    before = " ".join(t.key for t in toks[max(0, i - 3):i])
    return any(before.endswith(tone_key(w)) for w in VOCAB["agent_before"])


def _admin_at(toks, i) -> int:
    if i >= len(toks):
        return 0
    for phrase in _ADMIN_BY_FIRST.get(toks[i].key, ()):
        if _match(toks, i, phrase):
            return len(phrase)
    return 0


def _is_proper(tok: _Tok) -> bool:
    return tok.cap and tok.text not in ("(", ")")


def _is_word(tok: _Tok) -> bool:
    return re.match(r"\w", tok.text) is not None


_COMPASS = {"bắc", "nam", "đông", "tây"}


def _paren_group(toks, j) -> int:
    """End index of '(Vĩnh Long - Trà Vinh)' / '(LNG)' at toks[j], or 0: capitalised words in parentheses."""
    if toks[j].text != "(":
        return 0
    k = j + 1
    while k < len(toks) and (_is_proper(toks[k]) and toks[k].text[0].isalpha() or toks[k].text in ("-", "–")):
        k += 1
    if k > j + 1 and k < len(toks) and toks[k].text == ")":
        return k + 1
    return 0


class _Name:
    """The grammar of a project's name after its type word (see the module doc)."""

    def __init__(self, toks, text_gaps):
        self.toks = toks
        self.gaps = text_gaps  # gaps[k]: the source text between toks[k-1] and toks[k]

    def breaks(self, k) -> bool:
        return "\n" in self.gaps[k]

    def end(self, i, desc_allowed, kind, title=False) -> int | None:
        toks = self.toks
        j, desc, seen = i, 0, set()
        # a type word right after the type word: "Di tích Quốc gia đặc biệt Mộ và Khu lưu niệm ..."
        while j < len(toks) and (trig := _trigger_at(toks, j)) and trig[0]:
            j += trig[0]  # "Bệnh viện Trường Đại học Trà Vinh" is a hospital
        # descriptor words before the first capitalised word: "đường gom đường vào cầu Rạch Miễu 2"
        last = None
        while j < len(toks) and not _is_proper(toks[j]):
            t = toks[j]
            if self.breaks(j) or t.key in _DESC_STOP:
                return None
            n = _admin_at(toks, j)
            if n and j + n < len(toks) and _is_proper(toks[j + n]) and not self.breaks(j + n):
                j += n  # "đường Vành đai thành phố Tân An": a place word before the name does not count
                break
            if (pg := _paren_group(toks, j)) and pg - j == 3 and re.fullmatch(r"[A-ZĐ]{2,6}", toks[j + 1].text):
                j = last = pg  # "dự án Điện khí hóa lỏng (LNG)"
                break
            if t.key == "số" and j + 1 < len(toks) and toks[j + 1].text[0].isdigit():
                j += 1  # "Nhà máy điện gió số 19"
                break
            if desc >= desc_allowed or not _is_word(t) and t.text not in ("-", "–"):
                return None
            seen.add(t.key)
            desc += 0 if _admin_at(toks, j) else 1  # "khu vực huyện": place words do not count
            j += 1
        if j >= len(toks) or self.breaks(j):
            return last
        if desc and toks[j].text[0].isdigit():
            return None  # "đường giao thông trên địa bàn 21 xã": a count, not a name
        title_run = False
        n = _admin_at(toks, j)
        # a name led by a place word ("Phường 8", "huyện Mỏ Cày Bắc") may list more places
        admin_led = bool(n and j + n < len(toks) and (_is_proper(toks[j + n]))
                         or desc and j > 0 and _admin_at(toks, j - 1))
        while j < len(toks) and not self.breaks(j):
            t = toks[j]
            n = _admin_at(toks, j)
            if n > 1 and t.text[:1].isupper() and j + n < len(toks) and _is_proper(toks[j + n]):
                j += n  # "Thành phố Hồ Chí Minh" inside a name
                continue
            if _is_proper(t):
                prev_proper = _is_proper(toks[j - 1]) if j > i else False
                title_run = not prev_proper and t.text[0].isalpha()
                j += 1
                last = j
                if t.text in _DOTTED and j + 1 < len(toks) and toks[j].text == "." and _is_proper(toks[j + 1]):
                    j += 1  # "Vành đai TP. Tân An": the abbreviation's period does not end the name
                continue
            if t.key == "số" and j + 1 < len(toks) and toks[j + 1].text[0].isdigit():
                j += 1  # "Nhà máy điện gió số 19 Bến Tre"
                continue
            if t.text in ("-", "–", "—") and j + 1 < len(toks) and _is_proper(toks[j + 1]):
                j += 1
                title_run = False
                continue
            if pg := _paren_group(toks, j):
                inner = {toks[k].text for k in range(j, pg)}
                coded = any(_CODE.match(toks[k].text) for k in range(j, pg))
                if "đoạn" in seen or "từ" in seen and not coded or "-" in inner or "–" in inner or \
                        pg - j == 3 and re.fullmatch(r"[A-ZĐ]{2,6}", toks[j + 1].text):
                    j = last = pg  # "(Vĩnh Long) - Ba Si (Trà Vinh)", "(LNG)"
                    continue
                break
            if t.text == "," and j + 1 < len(toks):
                nxt = toks[j + 1]
                if toks[j - 1].key in _COMPASS and nxt.key in _COMPASS:
                    j += 1  # "thủy lợi Bắc, Nam Bến Tre"
                    continue
                n = _admin_at(toks, j + 1)
                if admin_led and n and j + 1 + n < len(toks) and _is_proper(toks[j + 1 + n]):
                    j += 1 + n  # "Phường 8, xã Phú Hưng, thành phố Bến Tre"
                    continue
                if "phục" in seen and _trigger_at(toks, j + 1):
                    j += 1  # "phục vụ khu công nghiệp Phú Thuận, cụm công nghiệp Phong Năm"
                    continue
                break
            n = _admin_at(toks, j)
            if n and j + n < len(toks) and _is_proper(toks[j + n]) and toks[j].text[0].islower():
                j += n  # "Khu đô thị mới Đông Bắc phường Phú Khương", "đoạn từ thị trấn Mỏ Cày"
                continue
            if t.key == "giai" and j + 2 < len(toks) and toks[j + 1].key == "đoạn" and \
                    re.fullmatch(r"\d+|[IVX]+", toks[j + 2].text):
                j = last = j + 3  # "Nhà máy điện gió VPL Bến Tre giai đoạn 2" (the name drops it)
                break
            word = t.key
            if word == "đoạn" or (word == "từ" and "đoạn" in seen):
                seen.add(word)
                j += 1
                continue
            if word == "qua" and j + 2 < len(toks) and tone_key(toks[j + 1].text + " " + toks[j + 2].text) in \
                    ("địa bàn", "địa phận"):
                j += 3  # "Quốc lộ 60 qua địa bàn tỉnh Trà Vinh"
                j += _admin_at(toks, j)
                seen.add("đoạn")
                continue
            if word == "đến" and kind == "road" and j + 1 < len(toks):
                k = j + 1
                trig = _trigger_at(toks, k)
                k += trig[0] if trig else _admin_at(toks, k)
                if k < len(toks) and _is_proper(toks[k]):
                    seen.add("đến")
                    j = k
                    continue
                break
            if word == "với" and ("nối" in seen or "kết" in seen):
                j += 1 + _admin_at(toks, j + 1)
                continue
            if word == "và" and title and j + 1 < len(toks) and _is_word(toks[j + 1]) and \
                    not _is_proper(toks[j + 1]) and not _trigger_at(toks, j + 1):
                j += 1  # "... biến đổi khí hậu và nước biển dâng" inside a title
                continue
            if word == "và" and j + 1 < len(toks):
                k = j + 1 + _admin_at(toks, j + 1)
                trig = _trigger_at(toks, j + 1)
                if ("với" in seen or "phục" in seen) and (trig or k > j + 1):
                    j = j + 1 + (trig[0] if trig else k - j - 1)
                    continue  # "kết nối tỉnh Bến Tre với Tiền Giang và Trà Vinh", "phục vụ KCN ... và CCN ..."
                if admin_led and k < len(toks) and _is_proper(toks[k]) and not trig:
                    j = k  # "khu vực huyện Mỏ Cày Bắc và Chợ Lách"
                    continue
                break
            if word == "phục" and j + 1 < len(toks) and toks[j + 1].key == "vụ":
                seen.add("phục")
                j += 2
                trig = _trigger_at(toks, j)
                j += trig[0] if trig else 0
                continue
            if word == "tại" and j + 1 < len(toks):  # "X tại Khu kinh tế Đông Nam": where X is, not a project
                k = j + 1 + _admin_at(toks, j + 1)
                if k < len(toks) and _is_proper(toks[k]):
                    j = k  # "dự án điện sinh khối tại huyện Giồng Trôm" (kept in the surface only)
                    continue
                break
            if trig := _trigger_at(toks, j):
                if "phục" in seen or "đến" in seen:
                    j += trig[0]  # a project named inside this one's name
                    continue
                break
            if title and _is_word(t) and word not in _TITLE_STOPS:
                j += 1  # "Dự án cấp nước sinh hoạt Cù Lao Minh trong điều kiện biến đổi khí hậu ...": a title
                last = j
                continue
            if title_run and _is_word(t) and word not in _STOP and not _trigger_at(toks, j):
                j += 1  # "Trường Chính trị", "Khu Công nghệ thông tin": the lowercase words of a title
                last = j
                continue
            break
        return last


def _member_ok(toks, a, b) -> bool:
    """A bare list member is a proper name: capitalised words, dashes, a capitalised admin word."""
    return all(_is_proper(toks[k]) or toks[k].text in ("-", "–") or
               (toks[k].key in ("trấn", "xã", "phố") and k > a and toks[k - 1].text[:1].isupper())
               for k in range(a, b))


def _list_members(toks, name: _Name, j, kind):
    """After a mention: ', Phong Nẫm, Thị trấn - An Đức và Tân Thành Bình' → [(start, end) token ranges].
    A place in parentheses after a member ("Phong Năm (huyện Giồng Trôm)") is skipped here."""
    out = []
    j = _skip_place(toks, j)
    while j + 1 < len(toks) and (toks[j].text == "," or toks[j].key == "và") and not name.breaks(j + 1):
        k = j + 1
        if not _is_proper(toks[k]) or _trigger_at(toks, k) or toks[k].text[0].isdigit():
            break
        end = k
        while end < len(toks) and not name.breaks(end) and (
                _is_proper(toks[end]) or toks[end].text in ("-", "–") and end + 1 < len(toks) and _is_proper(toks[end + 1])
                or toks[end].key in ("trấn", "xã") and toks[end - 1].text[:1].isupper()):
            end += 1
        if end == k or not _member_ok(toks, k, end) or _admin_at(toks, k) and not toks[k].text[1:].islower():
            break
        if end < len(toks) and _is_word(toks[end]) and toks[end].key not in _STOP and not name.breaks(end):
            break  # "và Đề án tổ chức lại ...": a new phrase, not a name in the list
        out.append((k, end))
        j = _skip_place(toks, end)
    return out


def _where(toks, j) -> int:
    """Tokens of 'qua địa bàn tỉnh' / 'trên địa phận huyện X' at toks[j], or 0."""
    if j + 2 < len(toks) and toks[j].key in ("qua", "trên") and toks[j + 1].key == "địa" and \
            toks[j + 2].key in ("bàn", "phận"):
        k = j + 3 + _admin_at(toks, j + 3)
        while k < len(toks) and _is_proper(toks[k]):
            k += 1
        return k - j
    return 0


def _section_after(text, toks, j) -> tuple[str, int] | None:
    """'(đoạn từ nút giao ... đến ĐT.830)' right after a name: (the section, token index after it)."""
    if j + 1 < len(toks) and toks[j].text == "(" and toks[j + 1].key == "đoạn":
        k = j + 1
        while k < len(toks) and toks[k].text != ")" and k - j < 40:
            k += 1
        if k < len(toks) and toks[k].text == ")":
            return " ".join(text[toks[j + 1].start:toks[k - 1].end].split()), k + 1
    return None


def _skip_place(toks, j) -> int:
    if j < len(toks) and toks[j].text == "(" and _admin_at(toks, j + 1):
        k = j + 1
        while k < len(toks) and toks[k].text != ")" and k - j < 8:
            k += 1
        if k < len(toks) and toks[k].text == ")":
            return k + 1
    return j


def _inner_names(text, toks, grammar, a, b) -> list[str]:
    """Projects named inside a name: 'đường từ cảng Giao Long đến Khu công nghiệp Phú Thuận' names
    'cảng Giao Long' and 'Khu công nghiệp Phú Thuận' (expanded, for resolution)."""
    out, x = [], a + 1
    while x < b:
        trig = _trigger_at(toks, x)
        if trig and trig[0]:
            end = grammar.end(x + trig[0], trig[2], trig[1])
            if end and end <= b:
                out.append(_clean_name(expand(text[toks[x].start:toks[end - 1].end])))
                x = end
                continue
        x += 1
    return out


def _locality_after(text, toks, j):
    """'(huyện Giồng Trôm)', '- huyện Thạnh Phú', ', huyện Bình Đại', 'liên huyện Châu Thành – Bình Đại'
    right after a name."""
    if j >= len(toks):
        return None, j
    k = j + (1 if toks[j].text in (",", "(") else 0)
    if k + 1 < len(toks) and toks[k].key == "liên" and toks[k + 1].key == "huyện":
        e = k + 2
        while e < len(toks) and (_is_proper(toks[e]) or toks[e].text in ("-", "–")):
            e += 1
        if e > k + 2:
            return text[toks[k].start:toks[e - 1].end], e
    k = j + 1 if toks[j].text in ("(", "-", "–", ",") else None
    if k is None:
        return None, j
    n = _admin_at(toks, k)
    if not n:
        return None, j
    e = k + n
    while e < len(toks) and _is_proper(toks[e]):
        e += 1
    if e == k + n:
        return None, j
    name = text[toks[k].start:toks[e - 1].end]
    if toks[j].text == "(" and e < len(toks) and toks[e].text == ")":
        e += 1
    return name, e


_ATTRS = [
    ("capacity_mw", re.compile(r"^\s*\(\s*((?:\d+\s*[x×]\s*)?[\d.,]+)\s*MW\s*\)", re.IGNORECASE)),  # "(2 x 49 MW)"
    ("code", re.compile(r"^\s*\(\s*((?:ĐT|ĐH|QL|DT)\.?[\w.]+)\s*\)")),
    ("funding", re.compile(r"^\s*\(\s*((?:ODA|PPP|vốn)[^)]{0,40})\)")),
]
_PHASE = re.compile(r"giai đoạn\s+(\d+|[IVX]+)", re.IGNORECASE)
_PHASE_BEFORE = re.compile(_PHASE.pattern + r"\s*$", re.IGNORECASE)


def _last_end(pattern: re.Pattern, text: str, lo: int, pos: int) -> int:
    """End of the last match of pattern in text[lo:pos], else lo. Regexes only scan forwards, so look
    back through growing windows rather than from lo each time (that was quadratic in long bodies)."""
    width = 1000
    while True:
        w_lo = max(lo, pos - width)
        ends = [m.end() for m in pattern.finditer(text, w_lo, pos)]
        if ends or w_lo == lo:
            return ends[-1] if ends else lo
        width *= 4


def _clause(text: str, start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    a = _BOUNDARY.search(text, end, hi)
    return _last_end(_BOUNDARY, text, lo, start), (a.start() if a else hi)


_SENTENCE = re.compile(rf"{_DOT}(?=\s|$)|…|\n(?![ \t]*[a-zđà-ỹ][a-zđà-ỹ\s])|</?p>")
_STATEMENT = re.compile(r"[^:;.]{0,40}:")  # a name heads a statement: "X (ĐT.DK.07): ...", "X, huyện Ba Tri: ..."


def _cues(text: str, lo: int, hi: int, masked=()) -> list[tuple[int, str, str]]:
    """(position, action, strength) of the action words in text[lo:hi], left to right, not overlapping,
    outside project names ("hạ tầng thiết yếu hỗ trợ phát triển ..." is a name, not "hỗ trợ")."""
    masked = [(a, b) for a, b in masked if a < hi and b > lo]  # the only ones a token here can be in
    toks = [t for t in tokens(text, lo, hi) if not any(a <= t.start < b for a, b in masked)]
    found, i = [], 0
    while i < len(toks):
        for phrase, action, strength in _actions().get(toks[i].key, ()):
            if _match(toks, i, phrase):
                if action != "-":  # "dự kiến hoàn thành" is a date, not a state
                    found.append((toks[i].start, action, strength))
                i += len(phrase)
                break
        else:
            i += 1
    return found


def _governing(cues, names) -> str | None:
    """A clause that opens with a governing verb ("đẩy nhanh công tác bồi thường, giải phóng mặt bằng
    và thi công X", "tổ chức khánh thành, đưa vào khai thác X"): that verb says what is to be done
    with the rest (kg/vocab/projects.json governing_actions)."""
    strong = [c for c in cues if c[2] == "strong"]
    if len(strong) > 1 and strong[0][1] in VOCAB["governing_actions"] and \
            not any(strong[0][0] < a < strong[-1][0] for a, _ in names):  # no other project between them
        return strong[0][1]
    return None


def _pick(cues, last: bool):
    strong = [c for c in cues if c[2] == "strong"]
    pool = strong or cues
    return (pool[-1] if last else pool[0])[1] if pool else None


def _action(text: str, lo: int, start: int, end: int, hi: int, role: str, masked, next_start: int,
            inherited: str | None = None) -> str:
    """The action the text states for a mention (the words are data: kg/vocab/projects.json).

    Resolutions and task cells: the nearest strong action word before the mention in its clause; for
    a bare list item ("...: cầu A; cầu B") the one in its sentence; else a weak one; else after it.
    Result cells and footnotes report a state: "X: đã ..." or "X đã ..." — the last strong word after
    the mention (up to the next mention) says where the project stands. A footnote that says no more
    than a name ("¹⁴ Khu đô thị mới Bình An") takes the action of the sentence carrying its marker
    ("01 dự án đã chấp thuận chủ trương đầu tư¹⁴")."""
    c_lo, c_hi = _clause(text, start, end, lo, hi)
    s_lo = _last_end(_SENTENCE, text, lo, start)
    if role in ("result", "footnote"):
        colon = _STATEMENT.match(text, end, c_hi)
        if colon:  # the first sentence after the colon that says anything
            pos, stop = colon.end(), min(next_start, start + 800)
            ends = [m.end() for m in _SENTENCE.finditer(text, pos, stop)] + [stop]
            for a, b in zip([pos] + ends, ends):
                found = _state(text, a, b, masked, by_clause=True)
                if found:
                    return found
        else:
            found = _state(text, end, c_hi, masked)
            if found:
                return found

    before = _cues(text, c_lo, start, masked)
    if any(c[2] == "strong" for c in before):
        return _governing(before, masked) or _pick(before, last=True)
    bare = len(re.findall(r"\w+", _unmasked(text, c_lo, start, masked))) <= 4
    in_list = ":" in text[s_lo:c_lo]  # "đẩy nhanh tiến độ ... các dự án trọng điểm: A; B; C"
    if bare or in_list:
        found = [c for c in _cues(text, s_lo, c_lo, masked) if c[2] == "strong"]
        if found:
            return found[-1][1]
    if inherited:
        return inherited
    if before:
        return before[-1][1]
    found = _pick(_cues(text, end, c_hi, masked), last=False)
    return found or VOCAB["default_action"].get(role, "other")


def _after_verb(text: str, span: tuple[int, int], clause_start: int) -> tuple[int, int]:
    """A name that opens its clause with an action word ("Hoàn thiện hệ thống thủy lợi Bắc, Nam Bến
    Tre; ...") still says what is to be done; after "Dự án" the same words are a title."""
    cues = _cues(text, span[0], span[1])
    if cues and cues[0][0] == span[0] and not text[clause_start:span[0]].strip():
        toks = tokens(text, span[0], span[1])
        for phrase, _, _ in _actions().get(toks[0].key, ()):
            if _match(toks, 0, phrase):
                return (toks[len(phrase) - 1].end, span[1])
    return span


def action_before(text: str, pos: int, lo: int = 0) -> str | None:
    """The strong action word nearest before pos in its clause: what a footnote marker at pos hangs from."""
    c_lo, _ = _clause(text, pos, pos, lo, pos)
    found = [c for c in _cues(text, c_lo, pos) if c[2] == "strong"]
    return found[-1][1] if found else None


def _state(text: str, lo: int, hi: int, masked, by_clause: bool = False) -> str | None:
    """Where a result sentence says a project stands: what follows its first "đang" (now: later ones
    are side tasks, "...; và đang thực hiện điều chỉnh quy hoạch"), else the last strong word."""
    now = [m.end() for m in re.finditer(r"(?<!\w)đang(?!\w)", text[lo:hi], re.IGNORECASE)]
    if now:
        found = _pick(_cues(text, lo + now[0], hi, masked), last=False)
        if found:
            return found
    if by_clause:  # "X: Đã ban hành quyết định thu hồi đất ...; phê duyệt ...": the first clause that says
        for part in re.finditer(r"[^;]+", text[lo:hi]):
            found = [c for c in _cues(text, lo + part.start(), lo + part.end(), masked) if c[2] == "strong"]
            if found:
                return found[-1][1]
    return _pick(_cues(text, lo, hi, masked), last=True)


_REPORTED = [tone_key(w).split() for w in VOCAB["reported_after"]]


def _reported(text: str, end: int, hi: int) -> bool:
    """A resolution's own review of the past year: "Dự án X được khởi công ngày 21/4/2023", "X đã
    hoàn thành phần lớn khối lượng", "X có nguy cơ chậm tiến độ" — the words right after the name
    report a state, they set no task."""
    toks = tokens(text, end, min(hi, end + 60))
    if toks and toks[0].text == "(":  # a place or code in parentheses first
        close = next((k for k, t in enumerate(toks) if t.text == ")"), None)
        toks = toks[close + 1:] if close is not None else toks
    return any(_match(toks, 0, w) for w in _REPORTED)


def _restates_task(text: str, lo: int, hi: int, masked) -> bool:
    """A result cell that opens by restating the task ("Tập trung đầu tư hoàn thành hạ tầng ...")
    and reports nothing done ("đã", "đang", "đạt") in that clause."""
    clause = tone_key(" ".join(_unmasked(text, lo, hi, masked).split()))
    if any(re.search(rf"(?<!\w){tone_key(w)}(?!\w)", clause) for w in VOCAB["result_markers"]):
        return False
    return any(clause.startswith(tone_key(w)) for w in VOCAB["directive_starts"])


def _unmasked(text, lo, hi, masked) -> str:
    """text[lo:hi] without the characters inside any masked span (cut out span by span)."""
    out, pos = [], lo
    for a, b in sorted((max(a, lo), min(b, hi)) for a, b in masked if max(a, lo) < min(b, hi)):
        if a > pos:
            out.append(text[pos:a])
        pos = max(pos, b)
    out.append(text[pos:hi])
    return "".join(out)


_PROGRESS = re.compile(r"đạt\s+(\d+(?:,\d+)?\s*%[^;.]{0,40})|(\d+(?:,\d+)?\s*ha\s*/\s*\d+(?:,\d+)?\s*ha)")


def expand(name: str) -> str:
    """Abbreviations spelled out: 'KCN Phú Thuận' → 'Khu công nghiệp Phú Thuận'."""
    toks = _TOKEN.findall(name)
    for abbr, full in sorted(VOCAB["abbreviations"].items(), key=lambda kv: -len(kv[0])):
        a = [tone_key(t) for t in _TOKEN.findall(abbr)]
        if [tone_key(t) for t in toks[:len(a)]] == a:
            rest = name
            for t in _TOKEN.findall(abbr):
                rest = rest[rest.lower().find(t.lower()) + len(t):]
            return full + rest
    return name


def find(text: str, lo: int = 0, hi: int | None = None, role: str = "text",
         inherited: str | None = None) -> list[ProjectMention]:
    """Project mentions in text[lo:hi] (a resolution's body, or one clean annex cell); `inherited`
    is the action of the sentence a footnote hangs from."""
    hi = len(text) if hi is None else hi
    toks = tokens(text, lo, hi)
    gaps = [""] + [text[toks[k - 1].end:toks[k].start] for k in range(1, len(toks))]
    grammar = _Name(toks, gaps)
    out: list[ProjectMention] = []
    i = 0
    while i < len(toks):
        trig = _trigger_at(toks, i)
        if not trig:
            i += 1
            continue
        n, kind, desc, flags = trig
        standalone = "standalone" in flags
        if "counted" in flags:  # "18 trụ sở Công an xã": a set of facilities named by their count
            if i == 0 or not toks[i - 1].text.isdigit():
                i += n
                continue
            k = i + n
            k += 1 if k < len(toks) and toks[k].key == "cấp" else 0
            k += _admin_at(toks, k)
            out.append(ProjectMention(name=_clean_name(text[toks[i - 1].start:toks[k - 1].end]),
                                      surface=text[toks[i - 1].start:toks[k - 1].end], type=kind,
                                      span=(toks[i - 1].start, toks[k - 1].end)))
            i = k
            continue
        j = i + n
        list_intro = j < len(toks) and toks[j].text == ":"
        if list_intro:
            j += 1
        end = grammar.end(j, desc, kind, title="title" in flags)
        if end is None and standalone:  # a shorter trigger may still find a name: "đường ven biển đoạn X - Y"
            for n2, kind2, desc2, flags2 in _shorter_triggers(toks, i, n):
                end2 = grammar.end(i + n2, desc2, kind2, title="title" in flags2)
                if end2 is not None and end2 > i + n:
                    n, kind, desc, flags, j, end, standalone = n2, kind2, desc2, flags2, i + n2, end2, False
                    break
        if end is None and standalone and (j >= len(toks) or not _is_proper(toks[j])):
            end = i + n  # "Bệnh viện đa khoa tỉnh", "đường vành đai": the type words are the name
            end += _where(toks, end)  # "tuyến đường ven biển qua địa bàn tỉnh"
        if end is None or end <= i or _not_a_name(text, toks, i + n, end) or _agent(toks, i):
            i += n
            continue
        members = [(i, end)]
        members += _list_members(toks, grammar, end, kind)
        for k, (a, b) in enumerate(members):
            start_tok = a + (n if k == 0 and "foreign" in flags else 0)  # "dự án" is not in the name
            surface = text[toks[start_tok].start:toks[b - 1].end]
            if k == 0 and list_intro:  # "Cụm công nghiệp: Phú Hưng"
                name = " ".join(text[toks[i].start:toks[i + n - 1].end].split()) + " " + \
                    text[toks[j].start:toks[b - 1].end]
            elif k == 0 and "foreign" in flags:  # "WHA Industrial Zone 2" is a Khu công nghiệp
                name = _foreign_head(surface) + " " + surface
            elif k == 0:
                name = surface
            else:
                name = text[toks[i].start:toks[i + n - 1].end] + " " + surface
            m = ProjectMention(name=_clean_name(expand(name)), surface=surface, type=kind,
                               span=(toks[start_tok].start, toks[b - 1].end))
            section = _section_after(text, toks, b)
            if section:
                m.attributes["section"] = section[0]
                members[k] = (a, section[1])  # the scan goes on after it: "ĐT.830" inside is no mention
            loc, after = _locality_after(text, toks, b)
            if loc:
                m.localities.append(loc)
            tail = text[toks[b - 1].end:toks[b - 1].end + 60]
            for key, pattern in _ATTRS:
                am = pattern.match(tail)
                if am:
                    m.attributes[key] = am.group(1).strip()
            # a phase in the name, right after it ("(giai đoạn 2)") or right before it ("giai đoạn 2 Cụm ...")
            ph = _PHASE.search(text, m.span[0], m.span[1] + 20)
            if ph and ph.start() > m.span[1] + 4:
                ph = None
            ph = ph or _PHASE_BEFORE.search(text[max(lo, m.span[0] - 16):m.span[0]])
            if ph:
                m.attributes["phase"] = f"giai đoạn {ph.group(1)}"
            m.contains = _inner_names(text, toks, grammar, a, b)
            out.append(m)
        i = members[-1][1]
    # Physical names mask action words inside them and bound each other's clauses; a programme's
    # name ("Đề án thành lập Bệnh viện ...") does neither for the projects it mentions.
    names = [_after_verb(text, m.span, _clause(text, *m.span, lo, hi)[0]) for m in out]
    progs = programmes(text, lo, hi)
    for group, starts in ((out, [n[0] for n in names]), (progs, [m.span[0] for m in progs])):
        for k, m in enumerate(group):
            next_start = group[k + 1].span[0] if k + 1 < len(group) else hi
            _describe(m, starts[k], text, lo, hi, role, names, next_start, inherited)
    if role == "text":
        out += _next_clause_anaphora(text, out, lo, hi)
    return sorted(out + progs, key=lambda m: m.span)


_ANAPHORA = [tone_key(w).split() for w in VOCAB["anaphora_subjects"]]


def _next_clause_anaphora(text: str, found: list[ProjectMention], lo: int, hi: int) -> list[ProjectMention]:
    """"Dự án cầu Cửa Đại đã được phê duyệt chủ trương đầu tư; Chủ đầu tư đã trình điều chỉnh, dự kiến
    khởi công trong quý III/2025": the next clause of the sentence speaks of the project again without
    its name (its subject is "Chủ đầu tư", "Dự án", "Công trình" ...). A mention of it, surface None."""
    out = []
    starts = sorted(m.span[0] for m in found)
    for m in found:
        if m.type == "programme" or m.surface is None:
            continue
        _, c_hi = m.clause
        s_end = _SENTENCE.search(text, c_hi, hi)
        s_end = s_end.start() if s_end else hi
        nxt = next((s for s in starts if s > m.span[0]), hi)
        if c_hi >= min(s_end, nxt) or text[c_hi:c_hi + 1] != ";":
            continue
        a = c_hi + 1
        b = _clause(text, a + 1, a + 1, lo, hi)[1]
        if b > min(s_end, nxt):
            continue
        toks = tokens(text, a, b)
        if not toks or not any(_match(toks, 0, w) for w in _ANAPHORA):
            continue
        when = deadline(text, a, b)
        cues = [c for c in _cues(text, a, b) if c[2] == "strong"]
        if not cues and not when:
            continue
        start = toks[0].start
        reported = _reported(text, toks[len(next(w for w in _ANAPHORA if _match(toks, 0, w))) - 1].end, b)
        out.append(ProjectMention(name=m.name, surface=None, type=m.type, span=(start, b),
                                  action=(_state(text, start, b, ()) if reported else cues[0][1]) if cues else "other",
                                  is_target=not reported or bool(when), deadline=when, role="text",
                                  quote=" ".join(text[start:b].split()), clause=(start, b),
                                  attributes={"anaphora": "the next clause of its sentence"}))
    return out


def anaphor(text: str, subject: ProjectMention) -> ProjectMention | None:
    """A note that speaks of its row's project without naming it ("Phấn đấu hoàn thành trong năm
    2025", "Dự kiến khởi công một số hạng mục trong năm 2025"): a mention of that project when it
    states an action and a deadline (a bare status word, "Hoàn thành", is not). Its surface is None."""
    when = deadline(text, 0, len(text))
    cues = [c for c in _cues(text, 0, len(text)) if c[2] == "strong"]
    if not when or not cues:
        return None
    lo = len(text) - len(text.lstrip())
    hi = len(text.rstrip().rstrip("."))
    return ProjectMention(name=subject.name, surface=None, type=subject.type, span=(lo, hi),
                          action=cues[0][1], is_target=True, deadline=when, role="note",
                          quote=" ".join(text.split()), clause=(lo, hi),
                          attributes={"anaphora": "the note of its row"})


_MARKER = re.compile(r"^(?:[a-zđ]\)|\d+(?:\.\d+)*[.)]|[-+•])\s+")


def _describe(m: ProjectMention, start: int, text: str, lo: int, hi: int, role: str, names, next_start: int,
              inherited: str | None) -> None:
    """What the text says of one mention: its clause, action, target or result, deadline, progress.
    `start` is where its name begins once a leading action word is set aside (see _after_verb)."""
    c_lo, c_hi = _clause(text, m.span[0], m.span[1], lo, hi)
    m.quote = _MARKER.sub("", " ".join(text[c_lo:c_hi].split()), count=1)  # "a) ", "- ": the clause, not its marker
    m.clause = (c_lo, c_hi)
    m.statement = text.count(":", c_lo, m.span[0])
    reported = role == "text" and _reported(text, m.span[1], c_hi)
    m.action = _action(text, lo, start, m.span[1], hi, "result" if reported else role, names, next_start, inherited)
    m.is_target = role == "task" or role == "text" and not reported or \
        role == "result" and _restates_task(text, c_lo, c_hi, names)
    m.role = role
    colon = _STATEMENT.match(text, m.span[1], c_hi)
    m.deadline = deadline(text, m.span[1], min(next_start, m.span[1] + 800) if colon else c_hi)
    pm = _PROGRESS.search(text, m.span[1], c_hi)
    if pm and role in ("result", "footnote"):
        m.progress = " ".join((pm.group(1) or pm.group(2)).split())


_PROGRAMME_HEAD = re.compile(
    r"(?<!\w)(?:" + "|".join(r"\s+".join(w.split()) for w in VOCAB["programme_heads"]) + r")(?!\w)", re.IGNORECASE)
_PROGRAMME_NOT = [tone_key(w).split() for w in VOCAB["programme_not_followed_by"]]
_PROGRAMME_STOPS = _by_first(tone_key(w).split() for w in VOCAB["programme_stops"])
_PROGRAMME_GOES_ON = [tone_key(w).split() for w in VOCAB["programme_comma_goes_on"]]


def programmes(text: str, lo: int = 0, hi: int | None = None) -> list[ProjectMention]:
    """Plans, schemes and strategies without a physical object, as mentions of type `programme`:
    "Đề án Làng Dừa huyện Mỏ Cày Nam", "Chương trình Mỗi xã một sản phẩm (OCOP) tỉnh Bến Tre",
    "Quy hoạch tỉnh Bến Tre thời kỳ 2021 - 2030, tầm nhìn đến năm 2050". The name runs from the head
    word to the end of its phrase: a clause mark, a verb or preposition that starts the predicate
    ("của", "nhằm", "đã" ...), or a comma — unless the comma joins verbs ("cải thiện, phát triển
    vườn dừa") or a horizon (", tầm nhìn đến năm 2050"). A cited document ("Kế hoạch số 12/KH-UBND")
    and a plan in general ("kế hoạch vốn", "chương trình công tác") are not programmes."""
    hi = len(text) if hi is None else hi
    out, last = [], lo
    for head in _PROGRAMME_HEAD.finditer(text, lo, hi):
        if head.start() < last:
            continue
        toks = tokens(text, head.end(), min(hi, head.end() + 500))
        if not toks or any(_match(toks, 0, w) for w in _PROGRAMME_NOT):
            continue
        end, words, j, quoted = head.end(), 0, 0, False
        while j < len(toks) and words < 35:
            t = toks[j]
            if "\n" in text[end:t.start] and not quoted:
                break
            if t.text in "“”\"":
                quoted = t.text == "“" or (t.text == '"' and not quoted)
                end, j = t.end, j + 1
                continue
            if quoted:
                end, j, words = t.end, j + 1, words + 1
                continue
            if t.text in ";:.!?<>)" or (t.text in "-–" and "\n" in text[t.end:t.end + 2]):
                break
            if t.text == "(":
                close = text.find(")", t.start, t.start + 40)
                if close < 0:
                    break
                end = close + 1
                while j < len(toks) and toks[j].start < end:
                    j += 1
                continue
            if t.text == ",":
                nxt = toks[j + 1] if j + 1 < len(toks) else None
                goes_on = words and nxt is not None and not _PROGRAMME_HEAD.match(text, nxt.start) and (
                    not any(_is_proper(x) for x in toks[:j])  # "quản lý, đảm bảo an ninh nguồn nước"
                    or _is_proper(nxt) or _admin_at(toks, j + 1)  # "xã Thạnh Phong, Thạnh Hải, huyện Thạnh Phú"
                    or any(_match(toks, j + 1, w) for w in _PROGRAMME_GOES_ON))
                if goes_on:
                    j += 1
                    continue
                break
            if words and any(_match(toks, j, w) for w in _PROGRAMME_STOPS.get(t.key, ())):
                break
            if t.key == "và" and j + 1 < len(toks) and _PROGRAMME_HEAD.match(text, toks[j + 1].start):
                break  # "Đề án Làng Dừa ... và Đề án Làng Văn hóa Du lịch Chợ Lách": two programmes
            end, j, words = t.end, j + 1, words + 1
        named = toks[:j]
        capital = head.group(0)[0].isupper()
        distinct = any(_is_proper(t) or t.text[0].isdigit() for t in named)
        if not (words >= 3 or words and distinct) or not (capital or distinct):  # not "Chương trình làm việc"
            continue
        end = head.start() + len(text[head.start():end].rstrip(SUPERSCRIPT_DIGITS))  # "2025²⁹": a footnote mark
        surface = text[head.start():end]
        out.append(ProjectMention(name=" ".join(surface.replace("–", "-").split()).strip(" ,-"),
                                  surface=surface, type="programme", span=(head.start(), end)))
        last = end
    return out


def _clean_name(name: str) -> str:
    name = _PHASE.sub("", name)
    name = re.sub(r"\s+tại\s+.*$", "", name)  # "dự án điện sinh khối tại huyện Giồng Trôm"
    m = re.search(rf"\s+(?:xã|huyện|thị trấn)\s+[{UPPER}].*$", name)
    before = name[:m.start()].split()[-1:] if m else []
    if before and before[0][:1].isupper():  # "Lạc Địa xã Phú Lễ", not "tuyến tránh xã Phước Mỹ Trung"
        name = name[:m.start()]
    return " ".join(name.replace("–", "-").split()).strip(" ,;:-")
