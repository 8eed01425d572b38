"""Targets set in a table: `STT | Chỉ tiêu | Đơn vị tính | Ước thực hiện năm N | Kế hoạch năm N+1`.

A resolution may state its targets as a tab-separated table (in an article, or in the annex after
its signature). The header says what each column is (``table_columns`` in kg/vocab/targets.json):
the indicator's label, its unit, estimates of the past year (results, never targets) and the plan.
Only the plan column holds targets; "-" or an empty cell is no value; a "-" sub-row belongs to the
numbered row above it, whose label is its context ("- Dịch vụ" under "Cơ cấu kinh tế").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .model import DocumentMeta, Node, Target
from .structure import line_cells, marker_length
from .text import tone_key

_YEAR = re.compile(r"(?:19|20)\d\d")


@dataclass
class Cell:
    start: int
    end: int
    text: str


def cells(text: str, span: tuple[int, int]) -> list[Cell]:
    """The tab-separated cells of the line where span starts, empty ones included."""
    return [Cell(*c) for c in line_cells(text, span[0])]


def column_roles(header: list[Cell], words: dict[str, list[str]]) -> dict[str, int]:
    """Column index of 'label', 'unit' and 'plan' (the last plan-like column that is not an
    estimate of results)."""
    roles: dict[str, int] = {}
    for i, c in enumerate(header):
        k = f" {tone_key(c.text)} "
        def has(role):
            return any(f" {tone_key(w)} " in k or k.strip().startswith(tone_key(w)) for w in words[role])
        if has("result"):
            continue
        if "label" not in roles and has("label"):
            roles["label"] = i
        elif "unit" not in roles and has("unit"):
            roles["unit"] = i
        elif has("plan"):
            roles["plan"] = i
    return roles


def _plan_period(head: str, meta: DocumentMeta) -> tuple[int | None, int | None, str]:
    """The period of a plan column from its header: "Kế hoạch năm 2024" (annual), "Mục tiêu đến năm
    2025" (end of period), "Kế hoạch 2021 - 2025" (the plan period), or the document's period."""
    years = [int(y) for y in _YEAR.findall(head)]
    if len(years) >= 2:
        return years[0], years[-1], "plan_period"
    if years:
        return years[0], years[0], "end_of_period" if re.search(r"\bđến\b", head, re.IGNORECASE) else "annual"
    ps, pe = meta.period_start, meta.period_end
    return ps, pe, "annual" if ps == pe else "plan_period"


def table_targets(text: str, table: Node, meta: DocumentMeta, grammar: dict, read_value) -> list[Target]:
    """Targets of one ``target_table`` node. ``read_value(text, cell, label, unit_words, context)``
    reads a plan cell into (concept, comparator, unit, unit_vi, low, high), or None."""
    header = cells(text, table.span)
    roles = column_roles(header, grammar["table_columns"])
    if "plan" not in roles and meta.period_end:  # "Năm 2024" alone: the column of the plan's year
        results = {tone_key(w) for w in grammar["table_columns"]["result"]}
        years = [i for i, c in enumerate(header) if str(meta.period_end) in c.text and i not in roles.values()
                 and not any(w in tone_key(c.text) for w in results)]
        if years:
            roles["plan"] = years[-1]
    if "plan" not in roles or "label" not in roles:
        return []
    ps, pe, aggregation = _plan_period(header[roles["plan"]].text, meta)
    out: list[Target] = []
    parent_label, parent_no = "", None
    for row in table.children:
        cs = cells(text, row.span)
        if len(cs) <= roles["plan"]:
            continue
        label_cell = cs[roles["label"]]
        stt = cs[0].text if roles["label"] > 0 else ""
        marker = marker_length(label_cell.text)
        # a sub-row: "- Dịch vụ", "a) Dịch vụ", or an STT of "-", "a", "3.1" under row "3"
        sub = bool(parent_label) and (marker > 0 or re.fullmatch(r"[-–+•]|[a-zđ]\)?|\d+\.\d+\.?", stt) is not None
                                         or (not stt and roles["label"] > 0))
        label = label_cell.text[marker:].strip()
        if not sub:
            parent_label, parent_no = label, row.label
        plan = cs[roles["plan"]]
        if not plan.text or not re.search(r"\d", plan.text):
            continue  # "-": no value
        unit_cell = cs[roles["unit"]].text if "unit" in roles and len(cs) > roles["unit"] else ""
        context = parent_label if sub else ""
        read = read_value(text, plan, label, unit_cell, context)
        if read is None:
            continue
        concept, comparator, unit, unit_vi, low, high = read
        out.append(Target(
            concept=concept,
            label_vi=f"{parent_label}: {label}" if sub else label,
            value=low if high is None else None, min=low if high is not None else None, max=high,
            comparator=comparator, unit=unit, unit_vi=unit_vi, period_start=ps, period_end=pe,
            aggregation=aggregation, scope=label if sub else None,
            span=(plan.start, plan.end), clause=parent_no, text=plan.text))
    return out
