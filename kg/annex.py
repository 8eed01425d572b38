"""Report annexes: a tab-separated table STT | NỘI DUNG | Kết quả triển khai thực hiện | Ghi chú
→ groups (1 ... 7) of task items (1.1 ... 7.3), each with the task as set and the result reported,
footnotes attached to the items that cite them.

Rows continue across pages: the header line repeats and a cell goes on in the next row whose STT is
empty, sometimes mid-phrase ("Hạ tầng khu công" | "ngành Phú Thuận"). Cells hold HTML fragments
and superscript footnote markers; footnote texts stand between rows at page ends.

Each cell is a :class:`TextView`: its text with tags removed and continuations joined by a space,
plus the offset in the source of every character, so that what the other extractors find in the
clean text maps back to spans of the original.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .text import SUPERSCRIPT_DIGITS

_TAG = re.compile(r"<[^>]{1,40}>")
_SUP_TO_DIGIT = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")
_FOOTNOTE_LINE = re.compile(rf"^([{SUPERSCRIPT_DIGITS}]+)\s*")
_MARKER_IN_TEXT = re.compile(rf"(?<=\S)(?<!m)([{SUPERSCRIPT_DIGITS}]+)")  # not m², m³
_LINE = re.compile(r"[^\n]*")
# Row numbering kinds; the kind of the first numbered row is the group level, the rest are items.
LABEL_KINDS = [("roman", re.compile(r"^[IVXL]+\.?$")), ("number", re.compile(r"^\d+\.?$")),
               ("dotted", re.compile(r"^\d+(?:\.\d+)+\.?$")), ("letter", re.compile(r"^[a-zđ]\)$")),
               ("paren", re.compile(r"^\(?\d+\)$"))]


def label_kind(label: str) -> str | None:
    return next((kind for kind, pattern in LABEL_KINDS if pattern.match(label)), None)
# Column names as the header writes them; a header maps names to positions.
COLUMNS = {"stt": "label", "nội dung": "task", "nhiệm vụ": "task", "công việc": "task", "tên dự án": "task",
           "kết quả": "result", "ghi chú": "note"}


_LINE_SPACE = str.maketrans("\t\r\n", "   ")


@dataclass
class TextView:
    """Clean text of one or more source pieces, with the source offset of every character."""
    text: str = ""
    offsets: list[int] = field(default_factory=list)
    pieces: list[tuple[int, int]] = field(default_factory=list)

    def add(self, source: str, start: int, end: int):
        """Append source[start:end] without tags; a space joins it to what came before."""
        if start >= end:
            return
        chunk, pos = [], start
        for m in _TAG.finditer(source, start, end):
            chunk.append((pos, m.start()))
            pos = m.end()
        chunk.append((pos, end))
        added = False
        text, offsets = self.text, self.offsets  # run by run (it was character by character, copying self.text)
        for s, e in chunk:
            if s >= e:
                continue
            run = source[s:e].translate(_LINE_SPACE)
            if not added and text and not text.endswith(" ") and not run[0].isspace():
                text += " "
                offsets.append(s)
            text += run
            offsets.extend(range(s, e))
            added = True
            if not text.endswith(" "):  # a tag between two runs is a word break
                text += " "
                offsets.append(e)
        self.text = text
        self.pieces.append((start, end))

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The source span of text[start:end] (from its first to its last character)."""
        end = max(start + 1, end)
        return self.offsets[start], self.offsets[end - 1] + 1

    def spans(self, start: int, end: int) -> list[tuple[int, int]]:
        """text[start:end] as source spans, one per piece it touches (a continuation gives two)."""
        out = []
        for ps, pe in self.pieces:
            idx = [i for i in range(start, end) if ps <= self.offsets[i] < pe and not self.text[i].isspace()]
            if idx:
                out.append((self.offsets[idx[0]], self.offsets[idx[-1]] + 1))
        return out or [self.span(start, end)]

    def __str__(self):
        return " ".join(self.text.split())


@dataclass
class Footnote:
    marker: str  # "10"
    span: tuple[int, int]
    view: TextView = field(default_factory=TextView)


@dataclass
class Item:
    label: str  # "4.1"
    span: tuple[int, int]
    task: TextView = field(default_factory=TextView)
    result: TextView = field(default_factory=TextView)
    note: TextView = field(default_factory=TextView)
    footnotes: list[str] = field(default_factory=list)


@dataclass
class Group:
    label: str  # "4"
    span: tuple[int, int]
    heading: TextView = field(default_factory=TextView)
    items: list[Item] = field(default_factory=list)


@dataclass
class Annex:
    groups: list[Group] = field(default_factory=list)
    footnotes: dict[str, Footnote] = field(default_factory=dict)

    def items(self) -> list[Item]:
        return [i for g in self.groups for i in g.items]

    def item(self, label: str) -> Item | None:
        return next((i for i in self.items() if i.label.rstrip(".") == label.rstrip(".")), None)

    def anchors(self) -> dict[str, tuple["TextView", int]]:
        """Where each footnote is cited: marker → (the cell's view, offset of the marker in it)."""
        out = {}
        for _, view, marker, at in self._markers():
            out.setdefault(marker, (view, at))
        return out

    def _markers(self):
        """(item, cell view, footnote number, offset in the view) of every marker in the cells."""
        for it in self.items():
            for view in (it.task, it.result, it.note):
                for mk in _MARKER_IN_TEXT.finditer(view.text):
                    yield it, view, mk.group(1).translate(_SUP_TO_DIGIT), mk.start()

    def views(self):
        """(role, owner label, view) for every cell and footnote: what the other extractors read."""
        for g in self.groups:
            yield "heading", g.label, g.heading
            for i in g.items:
                yield "task", i.label, i.task
                yield "result", i.label, i.result
                yield "note", i.label, i.note
        for f in self.footnotes.values():
            yield "footnote", f.marker, f.view


def _cells(line: str, start: int) -> list[tuple[int, int]]:
    out, pos = [], start
    for part in line.split("\t"):
        out.append((pos, pos + len(part)))
        pos += len(part) + 1
    return out


def _column_map(header: list[str]) -> dict[int, str]:
    roles = {}
    for i, name in enumerate(header):
        n = name.strip().lower()
        for prefix, role in COLUMNS.items():
            if n.startswith(prefix):
                roles[i] = role
    if roles and "task" not in roles.values() and 1 < len(header) and 1 not in roles:
        roles[1] = "task"  # the column after STT says what was to be done, whatever its header calls it
    return roles or {0: "label", 1: "task", 2: "result", 3: "note"}


def is_header(line: str) -> bool:
    return "\t" in line and line.split("\t", 1)[0].strip().upper() == "STT"


def parse(text: str, start: int = 0) -> Annex:
    """Parse the annex table found in text from ``start`` on."""
    annex = Annex()
    roles = {0: "label", 1: "task", 2: "result", 3: "note"}
    group: Group | None = None
    item: Item | None = None
    current_footnote: Footnote | None = None
    seen_table = False
    group_kind = None
    for m in _LINE.finditer(text, start):
        line, ls = m.group(0), m.start()
        if not line.strip():
            continue
        if is_header(line):
            roles = _column_map(line.split("\t"))
            seen_table = True
            continue
        if "\t" not in line:
            if not seen_table:
                continue
            fm = _FOOTNOTE_LINE.match(line)
            if fm:  # a footnote's text at a page end
                marker = fm.group(1).translate(_SUP_TO_DIGIT)
                current_footnote = Footnote(marker, (ls, ls + len(line.rstrip())))
                current_footnote.view.add(text, ls + fm.end(), ls + len(line.rstrip()))
                annex.footnotes[marker] = current_footnote
            elif current_footnote is not None:  # a footnote goes on after the next page's rows
                current_footnote.view.add(text, ls, ls + len(line.rstrip()))
                current_footnote.span = (current_footnote.span[0], ls + len(line.rstrip()))
            continue
        seen_table = True
        cells = _cells(line, ls)
        by_role = {roles.get(i, "note"): c for i, c in enumerate(cells)}
        label_span = by_role.get("label")
        label = text[label_span[0]:label_span[1]].strip() if label_span else ""
        row_span = (ls, ls + len(line.rstrip()))
        kind = label_kind(label)
        if kind and group_kind is None:
            group_kind = kind
        if kind and kind != group_kind:
            item = Item(label.rstrip("."), row_span)
            if group is None:
                group = Group(label.split(".")[0], row_span)
                annex.groups.append(group)
            group.items.append(item)
            target = item
        elif kind:
            group = Group(label.rstrip("."), row_span)
            annex.groups.append(group)
            item = None
            group.heading.add(text, *by_role.get("task", (ls, ls)))
            continue
        else:  # a continuation row: its cells go on the open item (or group heading)
            target = item
            if target is None and group is not None:
                group.heading.add(text, *by_role.get("task", (ls, ls)))
                continue
            if target is None:
                continue
            target.span = (target.span[0], row_span[1])
        for role in ("task", "result", "note"):
            if role in by_role:
                getattr(target, role).add(text, *by_role[role])
    for it, _, marker, _ in annex._markers():
        if marker in annex.footnotes and marker not in it.footnotes:
            it.footnotes.append(marker)
    return annex
