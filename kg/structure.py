"""Document structure: NFC text → a tree of :class:`~kg.model.Node` with character spans.

Resolutions are read line by line: the letterhead and heading, title, issuer, session line, legal
bases (Căn cứ), considerations (Xét), QUYẾT NGHỊ, articles (Điều N.), sections (1.), lettered
clauses (a)), numbered items ((1)), bullets, the closing sentence and the signature block. Each
marker has a level (``patterns.LINE_MARKERS``); a line hangs under the nearest open node of a
smaller level, and unmarked lines are paragraphs of the node above them. A clause whose children
are numbered items is a group heading ("a) Chỉ tiêu kinh tế") and gets kind ``group``.

Report annexes (tab-separated tables) are recognised here and kept as ``table`` → ``row`` nodes.
"""
from __future__ import annotations

import re

from . import patterns as P
from .model import Node

_LINE = re.compile(r"[^\n]*")


def lines(text: str):
    """(start, end, stripped_line) for every non-blank line; start/end exclude outer spaces."""
    for m in _LINE.finditer(text):
        raw = m.group(0)
        s = raw.strip()
        if s:
            lead = len(raw) - len(raw.lstrip())
            start = m.start() + lead
            yield start, start + len(s), s


def doc_type_of(heading: str | None) -> str:
    for pattern, doc_type in P.DOC_HEADINGS:
        if heading and pattern.match(heading):
            return doc_type
    return "unknown"


def parse_heading(text: str) -> str | None:
    """The document heading among the first lines, or None (not a document of the genre)."""
    for i, (_, _, line) in enumerate(lines(text)):
        if doc_type_of(line) != "unknown":
            return line
        if i >= 25:
            return None
    return None


def parse(text: str) -> Node:
    """Parse a document's NFC text into its structure tree."""
    root = Node("document", (0, len(text)), level=0)
    all_lines = list(lines(text))
    i = _letterhead(all_lines, root)
    if root.find("heading") is None:
        return root
    if doc_type_of(root.find("heading").text) == "report_annex" or _is_table(all_lines[i:]):
        _title_block(all_lines, i, root, stop=lambda s: "\t" in s or s.startswith("STT"))
        _table(text, root)
    else:
        i = _title_block(all_lines, i, root, stop=_starts_body)
        _body(all_lines[i:], root)
    _mark_groups(root)
    return root


def _letterhead(all_lines, root) -> int:
    """Letterhead lines up to and including the heading; returns the index after the heading."""
    for i, (s, e, line) in enumerate(all_lines[:25]):
        if doc_type_of(line) != "unknown":
            root.children.append(Node("heading", (s, e), text=line, level=1))
            return i + 1
        m = P.OWN_NUMBER.match(line)
        if m:
            root.children.append(Node("number", (s, e), label=m["number"], text=line, level=1))
        elif P.ISSUER_LINE.match(line):
            root.children.append(Node("issuer", (s, e), text=line, level=1))
        else:
            root.children.append(Node("letterhead", (s, e), text=line, level=1))
    root.children.clear()
    return 0


def _starts_body(line: str) -> bool:
    return bool(P.SESSION_LINE.match(line) or any(
        kind in ("basis", "consideration", "decision", "article") and pat.match(line)
        for kind, _, pat in P.LINE_MARKERS))


def _title_block(all_lines, i, root, stop) -> int:
    """Title (one or more lines), issuer and session lines after the heading."""
    title = []
    after = len(root.children)  # letterhead issuers (before the heading) do not end the title

    def issuer_seen():
        return any(n.kind == "issuer" for n in root.children[after:])

    while i < len(all_lines):
        s, e, line = all_lines[i]
        if stop(line):
            if P.SESSION_LINE.match(line):
                root.children.append(Node("session", (s, e), text=line, level=1))
                i += 1
            break
        if P.ISSUER_LINE.match(line) and line.isupper():
            root.children.append(Node("issuer", (s, e), text=line, level=1))
        elif not issuer_seen():  # the title precedes the issuer line
            title.append((s, e, line))
        i += 1
    if title:
        node = Node("title", (title[0][0], title[-1][1]), text=" ".join(l for _, _, l in title), level=1)
        at = next(k for k, n in enumerate(root.children) if n.kind == "heading")
        root.children.insert(at + 1, node)
    return i


def _body(body_lines, root):
    stack = [root]
    signature = None
    for s, e, line in body_lines:
        if signature is not None:  # everything after the signature marker belongs to it
            signature.children.append(Node("paragraph", (s, e), text=line, level=9))
            signature.span = (signature.span[0], e)
            continue
        kind, level, label, text = "paragraph", 99, None, line
        for k, lv, pat in P.LINE_MARKERS:
            m = pat.match(line)
            if m:
                kind, level = k, lv
                label = m.groupdict().get("label")
                if k == "item":
                    label = f"({label})"  # as printed
                text = line[m.end():].strip() if k in ("article", "part", "section", "clause", "item", "bullet") else line
                break
        if kind == "paragraph":
            parent = stack[-1]
        else:
            while stack[-1].level >= level:
                stack.pop()
            parent = stack[-1]
        node = Node(kind, (s, e), label=label, text=text, level=level)
        parent.children.append(node)
        if kind == "signature":
            signature = node
        elif kind != "paragraph":
            stack.append(node)
        for n in stack[1:]:  # open containers grow to the end of their last line
            n.span = (n.span[0], max(n.span[1], e))


def _mark_groups(root):
    for n in root.walk():
        if n.kind == "clause" and any(c.kind == "item" for c in n.children):
            n.kind = "group"


# ------------------------------------------------------------------ report annex tables

def _is_table(rest) -> bool:
    tabbed = sum(1 for _, _, l in rest[:40] if l.count("\t") >= 2)
    return tabbed >= 5


def _table(text: str, root: Node):
    """The annex table as nodes: table → groups ("part") → items ("row"); kg.annex has the cells."""
    from . import annex

    parsed = annex.parse(text, root.children[-1].span[1] if root.children else 0)
    if not parsed.groups:
        return
    table = Node("table", (parsed.groups[0].span[0], parsed.groups[-1].span[1]), level=1, payload=parsed)
    root.children.append(table)
    for g in parsed.groups:
        end = max([g.span[1]] + [i.span[1] for i in g.items])
        group = Node("part", (g.span[0], end), label=g.label, text=str(g.heading), level=2)
        table.children.append(group)
        for i in g.items:
            group.children.append(Node("row", i.span, label=i.label, text=str(i.task), level=3))
        table.span = (table.span[0], max(table.span[1], end))
