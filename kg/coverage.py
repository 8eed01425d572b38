"""A check that needs no gold: every number in a document's targets sections and target tables
that no extracted target accounts for and no distractor rule explains.

Numbers explained without being targets: dates, years, cited document numbers, item labels,
durations and counts of tasks ("5 năm", "21 chỉ tiêu"), denominators ("trên 1 vạn dân"), past
results ("ước đạt 5,77%"), and in a table every cell outside its plan column (STT, estimates of
the past year). What is left is what a new document shows the extractor still misses.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import structure, target_table, targets
from .dates import find_dates
from .model import Document
from .numbers import NUMBER_RE

_NUMBER = re.compile(rf"(?<![\w.,/])(?:{NUMBER_RE})(?![\w])")


@dataclass
class Uncovered:
    span: tuple[int, int]
    number: str
    context: str  # the line around the number, for reading


def regions(text: str, doc: Document) -> list[tuple[int, int]]:
    """Where targets are stated: the clauses of targets sections and the plan cells of tables."""
    out = [c.span for s in targets.target_sections(doc.structure) for c in targets.target_clauses(s, text)]
    for table in doc.structure.find_all("target_table"):
        roles = target_table.column_roles(target_table.cells(text, table.span), targets.GRAMMAR["table_columns"])
        for row in table.children:
            cs = target_table.cells(text, row.span)
            if "plan" in roles and len(cs) > roles["plan"]:
                out.append((cs[roles["plan"]].start, cs[roles["plan"]].end))
    return out


def uncovered(doc: Document) -> list[Uncovered]:
    """Numbers of the targets regions of a document that no target and no distractor rule explain."""
    text = structure.unwrap(doc.text)
    masked = [c.span for c in doc.citations] + [span for _, span in find_dates(text)]
    spans = [t.span for t in doc.targets]
    out: list[Uncovered] = []
    seen: set[int] = set()
    for lo, hi in regions(text, doc):
        for m in _NUMBER.finditer(text, lo, hi):
            if m.start() in seen:
                continue
            seen.add(m.start())
            if any(s <= m.start() < e for s, e in spans):
                continue
            if targets._skip(text, m.start(), m.group(0), None, masked) or targets._duration(text, m.end()):
                continue
            line_lo = max(text.rfind("\n", 0, m.start()) + 1, m.start() - 60)
            line_hi = text.find("\n", m.end())
            line_hi = min(m.end() + 60, len(text) if line_hi < 0 else line_hi)
            out.append(Uncovered(m.span(), m.group(0), " ".join(text[line_lo:line_hi].split())))
    return out
