"""Indicator targets (chỉ tiêu): every value in a document's targets section, with its concept,
comparator, unit, period and scope; qualitative aims become targets without a value.

The grammar is data (kg/vocab/targets.json) and the concepts are data (ontology/indicators.ttl).
Reading a clause goes: clause → ';'/'.' segments → statements (comma chunks joined while the
statement has no verb yet, so "9/9 huyện, thị xã, thành phố đạt chuẩn" stays one) → values,
each with its own words: the label before it (from the last separator) and the tail after it.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import indicators, structure, target_table
from .dates import find_dates
from .model import DocumentMeta, Node, Target
from .numbers import MAGNITUDES, NUMBER_RE, parse_number
from .text import tone_key, word_pattern

GRAMMAR = json.loads((Path(__file__).parent / "vocab" / "targets.json").read_text(encoding="utf-8"))

VALUE = re.compile(
    rf"(?<![\w.,/])(?P<a>{NUMBER_RE})(?:\s*(?P<pa>%))?"
    rf"(?:\s*(?:[-–—]|\bđến\b)\s*(?P<b>{NUMBER_RE})(?:\s*(?P<pb>%))?|/(?P<den>\d+)(?![\d/]))?(?!\d|/\d)")
_COUNT_NOUNS = sorted(GRAMMAR["units_after_number"], key=len, reverse=True)
WORD_NUMBER = re.compile(r"(?<!\w)(?P<w>" + "|".join(GRAMMAR["count_words"]) + r")\s+(?=(?:"
                         + "|".join(map(re.escape, _COUNT_NOUNS)) + r")(?!\w))", re.IGNORECASE)
_HARD = re.compile(r";|\.(?=\s|$)|\n")
_SECTION = re.compile(GRAMMAR["section_heading"]["pattern"], re.IGNORECASE)
_DENOMINATOR = re.compile(rf"(?:{NUMBER_RE})\s*(?:" + "|".join(GRAMMAR["denominators"]) + r")(?!\w)", re.IGNORECASE)
_LEVEL_AFTER_REDUCTION = re.compile(GRAMMAR["level_after_reduction"]["pattern"], re.IGNORECASE)
_SCOPE_AFTER = re.compile(r"\s*\((?P<scope>[^()\d]{2,60})\)")
_NOT_TARGETS = re.compile(GRAMMAR["not_targets_heading"]["pattern"], re.IGNORECASE)
_VERBS = [tone_key(v) for v in GRAMMAR["predicate_verbs"] + ["hoàn thành", "sử dụng", "tự cân đối", "được xử lý"]]
_SEPARATORS = re.compile(r",(?!\d)|;|:|\(|\btrong đó\b|\btương đương\b|\bvới\b|\bvà\b", re.IGNORECASE)
# "không còn hộ nghèo và giảm 50% hộ cận nghèo": "và" before a verb of change starts a new statement
_AND_VERB = re.compile(r"\s+và(?=\s+(?:" + "|".join(GRAMMAR["change_verbs"]) + r")\s)", re.IGNORECASE)
_OUTLINE_KINDS = ("part", "section", "clause", "item", "bullet")
_DISTRICT = re.compile(r"(?:các\s+)?(?:huyện|thị\s+xã|thành\s+phố)\s*:?\s*", re.IGNORECASE)


@dataclass
class _Value:
    start: int
    end: int  # after number, unit and post-cue
    low: float
    high: float | None
    percent: bool
    unit_vi: str | None
    unit: str | None  # from the unit words after the number
    scale: float = 1.0
    label_start: int = 0
    tail_end: int = 0
    sub_item: bool = False
    statement: int = 0
    bare: bool = False  # the statement begins with this value ("15 hợp tác xã")


@dataclass
class _Statement:
    start: int
    end: int
    values: list = field(default_factory=list)


def _words_in(s: str, options) -> bool:
    """Whether s holds one of the options as whole words, tone-insensitively."""
    k = tone_key(s)
    return any(tone_key(o) in k and word_pattern(re.escape(tone_key(o))).search(k) for o in options)


def _has_verb(s: str) -> bool:
    return _words_in(s, _VERBS)


def _words_end(s: str, options) -> str | None:
    """The option that s ends with (as whole words), tone-insensitively; longest first."""
    k = tone_key(s)
    for o in sorted(options, key=len, reverse=True):
        if tone_key(o) in k and word_pattern(re.escape(tone_key(o)), end="$").search(k):
            return o
    return None


def target_sections(root: Node) -> list[Node]:
    """Parts, sections and articles headed "Các chỉ tiêu chủ yếu" (or the like); of two nested
    ones, the inner."""
    heads = [n for n in root.walk() if n.kind in ("article", "part", "section")
             and _SECTION.match(tone_key(n.text))]
    heads += _paragraph_headed(root)
    return [n for n in heads if not any(o is not n and n.span[0] <= o.span[0] and o.span[1] <= n.span[1]
                                        for o in heads)]


def _is_heading_line(n: Node) -> bool:
    return n.kind == "paragraph" and len(n.text.split()) <= 12 and (n.text.endswith(":") or not re.search(r"\d", n.text))


def _paragraph_headed(root: Node) -> list[Node]:
    """"Các chỉ tiêu chủ yếu:" written as a plain line: it heads the siblings after it, up to the
    next heading line or a part headed as aims or tasks."""
    out = []
    for parent in root.walk():
        kids = parent.children
        for i, n in enumerate(kids):
            if not (_is_heading_line(n) and _SECTION.match(tone_key(n.text))):
                continue
            body = []
            for m in kids[i + 1:]:
                if _is_heading_line(m) or m.kind not in _OUTLINE_KINDS + ("group", "paragraph", "target_table") \
                        or _NOT_TARGETS.match(tone_key(m.text)):
                    break
                body.append(m)
            if body:
                out.append(Node("section", (n.span[0], body[-1].span[1]), text=n.text, children=body,
                                label=parent.label))
    return out



def target_clauses(section: Node, text: str) -> list[Node]:
    """The clauses of a targets section that state targets: every outline child (a group heading
    is read through its items), or its paragraphs when it has none. Children headed as aims,
    tasks or solutions ("1. Mục tiêu tổng quát") state none."""
    out = []
    for c in section.children:
        if c.kind == "group":
            out += target_clauses(c, text)
        elif c.kind in _OUTLINE_KINDS and not _NOT_TARGETS.match(tone_key(c.text)):
            out.append(c)
    if not out:  # targets written as plain paragraphs under the heading
        out = [c for c in section.children if c.kind == "paragraph"]
    line_end = text.find("\n", section.span[0])
    line_end = section.span[1] if line_end < 0 else min(line_end, section.span[1])
    colon = text.find(":", section.span[0], line_end)
    if not out and colon >= 0 and re.search(r"\d", text[colon:line_end]):
        out = [Node("paragraph", (colon + 1, line_end), label=section.label)]  # "2. Các chỉ tiêu chủ yếu: GRDP tăng 7%; ..."
    return out


@lru_cache(maxsize=1)
def _unit_table():
    table = [(tone_key(w), code, 1.0) for w, code in GRAMMAR["units_after_number"].items()]
    table += [(tone_key(w), code, k) for w, k, code in MAGNITUDES]
    return sorted(table, key=lambda t: len(t[0]), reverse=True)


def _unit_after(text: str, pos: int) -> tuple[str | None, str | None, float, int]:
    """(unit words, unit code, scale, end) of the unit standing right after a number."""
    m = re.match(r"[^\S\n\t]*", text[pos:pos + 10])
    at = pos + m.end()
    window = re.split(r"[\n\t]", text[at:at + 40], maxsplit=1)[0]  # a unit stays in its line and cell
    k = tone_key(window)
    for words, code, scale in _unit_table():
        if k.startswith(words) and not re.match(r"\w", k[len(words):len(words) + 1] or " "):
            end = at + len(words)
            if code in GRAMMAR["magnitude_words"]:  # "17 triệu lượt khách": a magnitude of a count noun
                n_words, n_code, n_scale, n_end = _unit_after(text, end)
                if n_code and n_code not in GRAMMAR["magnitude_words"] and indicators.unit_family(n_code) == "count":
                    return text[at:n_end], n_code, n_scale * GRAMMAR["magnitude_words"][code], n_end
            return window[:len(words)], code, scale, end
    return None, None, 1.0, pos


def _skip(text: str, m_start: int, a: str, b: str | None, masked) -> bool:
    if any(s <= m_start < e for s, e in masked):
        return True
    before = text[max(0, m_start - 25):m_start]
    if _words_end(before.rstrip(" :"), GRAMMAR["skip_before"]):
        return True
    opening = text[text.rfind("\n", 0, m_start) + 1:m_start].lstrip()  # "" or "(" before a label
    if len(opening) < 2 and structure.marker_length(text[m_start - len(opening):m_start + 12]) > len(opening):
        return True  # an item label ("2.1.", "2.10.", "(1)") is not a value
    if _DENOMINATOR.match(text, m_start) and _words_end(before, GRAMMAR["denominator_before"]):
        return True  # "32 giường bệnh trên 1 vạn dân"
    def year(x):
        return x is not None and re.fullmatch(r"(19|20)\d\d", x) is not None
    if year(a) and (b is None or year(b)) and not re.match(rf"{re.escape(a)}\s*%", text[m_start:m_start + 8]):
        return True
    return False


def _duration(text: str, end: int) -> bool:
    """'5 năm', '3 tháng': a duration, not a target value."""
    return bool(re.match(r"\s*(?:" + "|".join(GRAMMAR["skip_after"]) + r")(?!\w)", text[end:end + 10]))


def _values(text: str, lo: int, hi: int, masked) -> list[_Value]:
    found = []
    for m in VALUE.finditer(text, lo, hi):
        if _skip(text, m.start(), m["a"], m["b"], masked):
            continue
        try:
            low = parse_number(m["a"])
            high = parse_number(m["b"]) if m["b"] else None
        except ValueError:
            continue
        percent = bool(m["pa"] or m["pb"])
        end = m.end()
        if not percent and _duration(text, end):
            continue
        unit_vi = "%" if percent else None
        unit, scale = ("percent" if percent else None), 1.0
        if not percent:
            words, code, scale, uend = _unit_after(text, end)
            if code:
                unit_vi, unit, end = words, code, uend
        elif text[end:end + 5] == "/năm":
            end += 5
        found.append(_Value(m.start(), end, low, high, percent, unit_vi, unit, scale))
    for m in WORD_NUMBER.finditer(text, lo, hi):
        if any(v.start <= m.start() < v.end for v in found):
            continue
        words, code, scale, uend = _unit_after(text, m.end())
        found.append(_Value(m.start(), uend, GRAMMAR["count_words"][m["w"].lower()], None, False, words, code))
    return sorted(found, key=lambda v: v.start)


def _top_level_commas(text: str, lo: int, hi: int) -> list[int]:
    depth, out = 0, []
    for i in range(lo, hi):
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch == "," and depth == 0 and not (text[i - 1:i].isdigit() and text[i + 1:i + 2].isdigit()):
            out.append(i)
    return out


def _statements(text: str, lo: int, hi: int, values: list[_Value]) -> list[_Statement]:
    """Comma chunks of a segment joined into statements (see module doc)."""
    and_cuts = {m.end() for m in _AND_VERB.finditer(text, lo, hi)}
    cuts = sorted({lo, *[c + 1 for c in _top_level_commas(text, lo, hi)], *and_cuts}) + [hi + 1]
    chunks = [(cuts[i], cuts[i + 1] - 1) for i in range(len(cuts) - 1)]
    out: list[_Statement] = []
    for s, e in chunks:
        vals = [v for v in values if s <= v.start < e]
        chunk = text[s:e]
        begins_with_value = bool(vals) and not text[s:vals[0].start].strip()
        if not out:
            out.append(_Statement(s, e, vals))
            continue
        prev = out[-1]
        complete = _has_verb(text[prev.start:prev.end])
        if vals:
            new = begins_with_value or (bool(prev.values) or s in and_cuts) and complete
        elif len(chunk.split()) <= 2 or not prev.values:
            new = False  # a list word ("thị xã") or a run of value-less chunks
        else:  # after a complete statement with values, a new aim starts — if it says something
            new = complete and (_has_verb(chunk) or indicators.classify(chunk, qualitative=True)[1] > 0)
        if new:
            out.append(_Statement(s, e, vals))
        else:
            prev.end = e
            prev.values += vals
    return out


def _comparator(text, v: _Value, label: str, tail: str, governing: str | None) -> str:
    own_cue = _words_end(label, GRAMMAR["comparator_before"])
    low_label = tone_key(label)
    if any(word_pattern(w).search(low_label) for w in GRAMMAR["reduction_words"]) and \
            not any(n in low_label for n in GRAMMAR["not_reduction"]) and v.percent and \
            not _LEVEL_AFTER_REDUCTION.search(low_label):  # "giảm còn dưới 2%" sets the level
        return "reduce_by"
    if v.high is not None:  # "khoảng 35% - 36%": an approximate range, with its min and max
        return "approx" if own_cue and GRAMMAR["comparator_before"][own_cue] == "approx" else "range"
    after = next((c for w, c in GRAMMAR["comparator_after"].items()
                  if word_pattern(w).search(tone_key(tail))), None)
    if after:
        return after
    if own_cue:
        cue = GRAMMAR["comparator_before"][own_cue]
        return cue
    if governing and v.bare and not label.strip(" ,;:"):
        return governing
    return "eq"


def _aggregation(meta: DocumentMeta, head: str, label: str, tail: str, sub_item: bool, prev_agg: str | None,
                 family: str | None) -> tuple[str, int | None, int | None]:
    agg = GRAMMAR["aggregation"]
    ps, pe = meta.period_start, meta.period_end
    if ps is None or ps == pe:
        return "annual", ps, pe
    m = re.search(agg["annual_year"]["pattern"], tone_key(label))  # "riêng năm 2025 đạt", "(năm 2025: 8%)"
    if m:
        year = int(next(g for g in m.groups() if g))
        return "annual", year, year
    m = re.search(agg["end_of_period"]["pattern"], tone_key(head + " " + label))
    if m:
        return "end_of_period", int(m.group(1)), int(m.group(1))
    def has(words, s):
        k = tone_key(s)
        return any(tone_key(w) in k for w in words) and not any(tone_key(w) in k for w in agg["not_average"])
    own = label + " " + tail
    if sub_item and has(agg["period_average"], head) and not _words_in(own, agg["share_words"]):
        return "period_average", ps, pe
    if has(agg["period_average"], own):
        return "period_average", ps, pe
    if has(agg["per_year"], own):
        return "per_year", ps, pe
    if prev_agg in ("per_year", "period_average") and not sub_item:
        return prev_agg, ps, pe
    if family == "money" and has(agg["cumulative"], label):
        return "cumulative", ps, pe
    return "plan_period", ps, pe


def _unit(concept: str, v: _Value, comparator: str) -> str | None:
    c = indicators.scheme().get(concept)
    if comparator == "reduce_by":  # a rate falls by points; a count ("giảm 50% hộ cận nghèo") by a percentage
        return c.unit if c and c.unit and c.unit.startswith("percent") else "percentage_points"
    if c is None or c.unit is None:
        return v.unit
    fam = indicators.unit_family(v.unit)
    if v.unit is None or fam == c.family:
        if c.family == "money" and v.unit:
            return v.unit + ("_per_person" if c.unit.endswith("_per_person") and not v.unit.endswith("_per_person") else "")
        return c.unit
    return v.unit


def _clean(s: str) -> str:
    return " ".join(s.strip(" ,;:.()").split())


def clause_targets(text: str, clause: Node, meta: DocumentMeta, masked) -> list[Target]:
    lo = clause.span[0] + structure.marker_length(text[clause.span[0]:clause.span[1]])
    hi = clause.span[1]
    label_of_clause = clause.label
    values = _values(text, lo, hi, masked)
    out: list[Target] = []
    seg_starts = [lo] + [m.end() for m in _HARD.finditer(text, lo, hi)]
    segments = [(seg_starts[i], (seg_starts[i + 1] - 1) if i + 1 < len(seg_starts) else hi)
                for i in range(len(seg_starts))]
    head_label, governing, prev_agg, in_breakdown = None, None, None, False
    first_label = None
    for s_lo, s_hi in segments:
        prev_agg = None  # "hàng năm" carries to the values after it in the same sentence part only
        if text[s_lo - 1:s_lo] in (".", "\n") or text[s_lo - 2:s_lo - 1] == ".":
            in_breakdown = False  # a new sentence ends a "trong đó" breakdown
        seg_values = [v for v in values if s_lo <= v.start < s_hi]
        for st in _statements(text, s_lo, s_hi, seg_values):
            if not text[st.start:st.end].strip(" ,;.\n"):
                continue
            if not st.values:
                out += _valueless(text, st, meta, label_of_clause, lo, hi)
                continue
            vals = st.values
            for i, v in enumerate(vals):
                v.bare = i == 0 and not text[st.start:v.start].strip(" ,;:")
                if i == 0:
                    v.label_start = st.start
                else:
                    gap_lo = vals[i - 1].end
                    # the first separator after a value ends its tail ("bằng cấp, chứng chỉ" keeps its comma)
                    seps = list(_SEPARATORS.finditer(text, gap_lo, v.start))
                    v.label_start = seps[0].end() if seps else v.start
                    vals[i - 1].tail_end = seps[0].start() if seps else v.start
                    in_breakdown = in_breakdown or any(tone_key(x.group(0)) == "trong đó" for x in seps)
                # a value inside words in parentheses takes its label from inside them
                open_p = text.rfind("(", v.label_start, v.start)
                if open_p >= 0 and text.find(")", open_p, v.start) < 0 and text[open_p + 1:v.start].strip():
                    v.label_start = open_p + 1
                if re.search(r"\btrong đó\b", tone_key(text[v.label_start:v.start])):
                    in_breakdown = True
                v.sub_item = v.sub_item or in_breakdown  # after "trong đó" the rest of the clause is a breakdown
            vals[-1].tail_end = st.end
            for i, v in enumerate(vals):
                label = text[v.label_start:v.start]
                tail = text[v.end:max(v.end, v.tail_end)]
                own = f"{label} {v.unit_vi or ''} {tail}"
                if _LEVEL_AFTER_REDUCTION.search(tone_key(label)):  # "giảm còn dưới 2%": the level, not a fall
                    own = _LEVEL_AFTER_REDUCTION.sub("còn", tone_key(own))
                family = indicators.unit_family(v.unit)
                concept, score = indicators.classify(own, text[lo:v.label_start], text[max(v.end, v.tail_end):hi],
                                                     family)
                if concept == indicators.UNCLASSIFIED and head_label is not None:
                    # "(giảm 0,25%/năm)", "tương đương 4.302 USD", "chỉ tiêu địa phương phấn đấu là ...":
                    # the words of the clause's first value say what this one is about
                    concept, score = indicators.classify(head_label + " " + own, "", "", family)
                comparator = _comparator(text, v, label, tail, governing)
                cue = _words_end(label, GRAMMAR["comparator_before"])
                if cue in GRAMMAR["comparator_governs_list"]:
                    governing = GRAMMAR["comparator_before"][cue]
                elif cue or (label.strip(" ,;:") and not v.bare):
                    governing = None
                head = text[lo:(first_label if first_label is not None else v.start)]
                agg, ps, pe = _aggregation(meta, text[lo:v.start] if first_label is None else head, label, tail,
                                           v.sub_item, prev_agg, family)
                prev_agg = agg
                if first_label is None:
                    first_label = v.start
                unit = _unit(concept, v, comparator)
                scale = v.scale
                low = _scaled(v.low, scale)
                high = _scaled(v.high, scale) if v.high is not None else None
                if head_label is None:
                    head_label = label
                c = indicators.scheme().get(concept)
                scope = _clean(label) if v.sub_item or (c and c.context) else None
                paren = _SCOPE_AFTER.match(text, v.end)
                if paren and not any(tone_key(w) in tone_key(paren["scope"]) for w in GRAMMAR["comparator_after"]):
                    scope = _clean(paren["scope"])  # "7,5% (có nhiệt điện), 7,75% (không tính nhiệt điện)"
                out.append(Target(
                    concept=concept, label_vi=c.label_vi if c and concept != indicators.UNCLASSIFIED else _clean(own),
                    value=low if high is None else None, min=low if high is not None else None, max=high,
                    comparator=comparator, unit=unit, unit_vi=v.unit_vi, period_start=ps, period_end=pe,
                    aggregation=agg, scope=scope,
                    span=(v.label_start + len(label) - len(label.lstrip(" ,;:(")), v.end), clause=label_of_clause,
                    text=text[v.label_start:v.end].strip(" ,;:(")))
            _share_trailing_cue(text, vals, out[-len(vals):])
    return out


def _share_trailing_cue(text, vals, targets):
    """"90% xã ... và 95% cơ quan ... trở lên đạt chuẩn": a cue before the shared verb covers both."""
    for i in range(len(vals) - 1, 0, -1):
        a, b = vals[i - 1], vals[i]
        between = text[a.start:b.start]
        if targets[i].comparator in ("ge", "le") and targets[i - 1].comparator == "eq" and \
                not _has_verb(between) and re.search(r"\bvà\b", between):
            targets[i - 1].comparator = targets[i].comparator


def _scaled(x, scale):
    y = x * scale
    return int(y) if float(y).is_integer() and isinstance(x, int) else round(y, 10)


def _valueless(text: str, st: _Statement, meta: DocumentMeta, clause: str | None, lo: int, hi: int) -> list[Target]:
    """A statement without a number: a countable list of named districts, or a qualitative aim."""
    s = text[st.start:st.end]
    lead = len(s) - len(s.lstrip(" ,;:.("))
    start, end = st.start + lead, st.start + len(s.rstrip(" ,;:.)\n"))
    body = text[start:end]
    if not body or len(body.split()) < 2 or _words_in(body, GRAMMAR["result_cues"]):
        return []  # too short, or a result of the past year ("năm 2023 ước đạt ...")
    ps, pe = meta.period_start, meta.period_end
    agg = "annual" if ps == pe else "plan_period"
    names = _district_names(body)
    if names:
        concept, _ = indicators.classify(body, text[lo:start], text[end:hi], "count")
        c = indicators.scheme().get(concept)
        if c and c.unit == "districts":
            return [Target(concept, c.label_vi, len(names), None, None, "eq", "districts", None, ps, pe, agg, None,
                           (start, end), clause, body, names)]
    concept, _ = indicators.classify(body, text[lo:start], text[end:hi], qualitative=True)
    if concept == indicators.UNCLASSIFIED and (
            len(body.split()) <= 4 or text[end:end + 1] == ":" or _words_in(body, GRAMMAR["about_indicators"])):
        return []  # a list heading ("a) Về kinh tế:") or words about the indicators ("21 chỉ tiêu", "theo Phụ lục")
    c = indicators.scheme().get(concept)
    label = c.label_vi if concept != indicators.UNCLASSIFIED else body
    return [Target(concept, label, None, None, None, None, None, None, ps, pe, agg, None, (start, end), clause, body)]


def _district_names(body: str) -> list[str]:
    """'các huyện: Châu Thành, Thạnh Phú và Bình Đại' → the three names (capitalised names only)."""
    names: list[str] = []
    for d in _DISTRICT.finditer(body):
        toks = re.findall(r"[^\s,:]+|,", body[d.end():])
        current: list[str] = []
        i = 0
        while i < len(toks):
            tok, nxt = toks[i], (toks[i + 1] if i + 1 < len(toks) else "")
            if tok[0].isupper():
                current.append(tok)
                i += 1
                continue
            if current and " ".join(current) not in names:
                names.append(" ".join(current))
            current = []
            words = tone_key(f"{tok} {nxt}")
            if words in ("thị xã", "thành phố"):
                i += 2  # "... và thành phố Bến Tre": the list goes on
            elif tok == "," or tone_key(tok) in ("và", "huyện"):
                i += 1
            else:
                break
        if current and " ".join(current) not in names:
            names.append(" ".join(current))
    return names


def _table_value(text: str, cell, label: str, unit_cell: str, context: str):
    """A plan cell of a target table: its value read like one in running text, its unit from the
    unit column, its concept from the row label (and the label of the row it belongs to)."""
    vals = _values(text, cell.start, cell.end, ())
    if not vals:
        return None
    v = vals[0]
    unit_words = unit_cell.strip()
    if unit_words == "%" or v.percent:
        v.percent, v.unit, v.unit_vi = True, "percent", "%"
    elif unit_words:
        words, code, scale, _ = _unit_after(unit_words, 0)
        if code:
            v.unit, v.scale, v.unit_vi = code, scale, unit_words
    family = indicators.unit_family(v.unit)
    concept, _ = indicators.classify(f"{label} {v.unit_vi or ''}", context, "", family)
    comparator = _comparator(text, v, f"{label} {text[cell.start:v.start]}", text[v.end:cell.end], None)
    high = _scaled(v.high, v.scale) if v.high is not None else None
    return concept, comparator, _unit(concept, v, comparator), v.unit_vi, _scaled(v.low, v.scale), high


def extract(text: str, root: Node, meta: DocumentMeta, masked=()) -> list[Target]:
    """All targets of a document: its targets sections and its target tables."""
    masked = list(masked) + [span for _, span in find_dates(text)]
    out = []
    for section in target_sections(root):
        for clause in target_clauses(section, text):
            out += clause_targets(text, clause, meta, masked)
    for table in root.find_all("target_table"):
        out += target_table.table_targets(text, table, meta, GRAMMAR, _table_value)
    return sorted(out, key=lambda t: t.span[0])
