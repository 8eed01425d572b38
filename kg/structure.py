"""Document structure: NFC text → a tree of :class:`~kg.model.Node` with character spans.

Resolutions are read line by line: the letterhead (one column per line, or two columns on
tab-separated lines) and heading, title, issuer, session line, legal bases (Căn cứ),
considerations (Xét), QUYẾT NGHỊ, articles (Điều N.), the closing sentence, the signature block
and an annex after it. Inside the body the outline markers (``patterns.OUTLINE_MARKERS``: I., 1.,
2.1., a), 1), (1), -, +, •) nest as each document first uses them (:class:`_Outline`), and
tab-separated tables with an indicator column are ``target_table`` → ``row`` nodes. Unmarked lines
are paragraphs of the node above them. A clause whose children are numbered items is a group
heading ("a) Chỉ tiêu kinh tế") and gets kind ``group``.

Text copied from PDFs is hard-wrapped; :func:`unwrap` turns its soft line breaks into spaces,
keeping every offset, so a wrapped sentence is one line and spans still point into the source.

Report annexes (tab-separated tables) are recognised here and kept as ``table`` → ``row`` nodes.
"""
from __future__ import annotations

import re

from . import patterns as P
from .model import Node

_LINE = re.compile(r"[^\n]*")
_ENDS_SENTENCE = re.compile(r"[.;:!?]\s*$|\./\.$")


def lines(text: str):
    """(start, end, stripped_line, raw_line) for every non-blank line; start/end exclude outer spaces."""
    for m in _LINE.finditer(text):
        raw = m.group(0)
        s = raw.strip()
        if s:
            lead = len(raw) - len(raw.lstrip())
            start = m.start() + lead
            yield start, start + len(s), s, raw


def wrap_width(text: str) -> int | None:
    """The width a hard-wrapped text was wrapped at, or None when its lines are paragraphs.

    A wrapped text has no line much longer than its typical full line, and many lines close to
    that width; a text of paragraphs has lines of every length, many far longer than 100."""
    widths = [len(raw.rstrip()) for _, _, _, raw in lines(text) if "\t" not in raw]
    long = [w for w in widths if w >= 50]
    if len(long) < 8:
        return None
    top = max(long)
    if top > 110:
        return None
    full = [w for w in long if w >= top - 12]
    return top if len(full) >= 0.6 * len(long) else None


def unwrap(text: str) -> str:
    """The text with the soft line breaks of a hard-wrapped copy turned into spaces (same length,
    same offsets). A break is soft when its line is near the wrap width, does not end a sentence,
    and the next line does not open a marker, a heading or a table row."""
    width = wrap_width(text)
    if width is None:
        return text
    out = list(text)
    all_lines = list(lines(text))
    for (s, e, line, raw), (s2, _, nxt, raw2) in zip(all_lines, all_lines[1:]):
        if len(raw.rstrip()) < width - 15 or "\t" in raw2:
            continue
        if _ENDS_SENTENCE.search(line) and not (line.endswith(":") and re.match(r"[\da-zđà-ỹ]", nxt)):
            continue  # a sentence ends; "khu vực III:\n41,97%" goes on
        if _marker(nxt, True) is not None or _is_upper_heading(nxt):
            continue
        gap = text[e:s2]
        if gap.count("\n") == 1:
            out[e + gap.index("\n")] = " "
    return "".join(out)


def _is_upper_heading(line: str) -> bool:
    """"CÁC CHỈ TIÊU CHỦ YẾU NĂM 2024", "PHỤ LỤC": upper-case words, not a wrapped "36% GRDP."."""
    return line.isupper() and sum(w.isalpha() and len(w) > 1 for w in line.split()) >= 2


def doc_type_of(heading: str | None) -> str:
    for pattern, doc_type in P.DOC_HEADINGS:
        if heading and pattern.match(heading):
            return doc_type
    return "unknown"


def parse_heading(text: str) -> str | None:
    """The document heading among the first lines, or None (not a document of the genre)."""
    for i, (_, _, line, _) in enumerate(lines(text)):
        if doc_type_of(line) != "unknown":
            return line
        if i >= 25:
            return None
    return None


def parse(text: str) -> Node:
    """Parse a document's NFC text into its structure tree."""
    root = Node("document", (0, len(text)), level=0)
    all_lines = list(lines(text))
    i = _letterhead(text, all_lines, root)
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


def line_cells(text: str, pos: int) -> list[tuple[int, int, str]]:
    """(start, end, text) of each tab-separated cell of the line at pos, empty cells included
    (spans without outer spaces)."""
    at = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    out = []
    for cell in text[at:len(text) if end < 0 else end].split("\t"):
        lead = len(cell) - len(cell.lstrip())
        out.append((at + lead, at + lead + len(cell.strip()), cell.strip()))
        at += len(cell) + 1
    return out


def marker_length(line: str) -> int:
    """Length of the outline marker a line starts with ("2.10. ", "a) ", "(1) ", "- "), or 0."""
    for _, _, pat in P.OUTLINE_MARKERS:
        m = pat.match(line)
        if m:
            return m.end()
    return 0


def _letterhead(text, all_lines, root) -> int:
    """Letterhead lines up to and including the heading; returns the index after the heading.
    A two-column letterhead puts its left and right cells on one tab-separated line."""
    for i, (s, e, line, raw) in enumerate(all_lines[:25]):
        if doc_type_of(line) != "unknown":
            root.children.append(Node("heading", (s, e), text=line, level=1))
            return i + 1
        for cs, ce, cell in (c for c in line_cells(text, s) if c[2]):
            m = P.OWN_NUMBER.match(cell)
            if m:
                root.children.append(Node("number", (cs, ce), label=m["number"], text=cell, level=1))
            elif P.ISSUER_LINE.match(cell):
                root.children.append(Node("issuer", (cs, ce), text=cell, level=1))
            else:
                root.children.append(Node("letterhead", (cs, ce), text=cell, level=1))
    root.children.clear()
    return 0


def _starts_body(line: str) -> bool:
    return bool(P.SESSION_LINE.match(line) or any(
        kind in ("basis", "consideration", "decision", "article") and pat.match(line)
        for kind, _, pat in P.FIXED_MARKERS))


def _title_block(all_lines, i, root, stop) -> int:
    """Title (one or more lines), issuer and session lines after the heading."""
    title = []
    after = len(root.children)  # letterhead issuers (before the heading) do not end the title

    def issuer_seen():
        return any(n.kind == "issuer" for n in root.children[after:])

    while i < len(all_lines):
        s, e, line, _ = all_lines[i]
        if stop(line):
            while i < len(all_lines) and P.SESSION_LINE.match(all_lines[i][2]):  # "KHÓA X" / "KỲ HỌP THỨ 13"
                s, e, line, _ = all_lines[i]
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


def _marker(line: str, before_decision: bool):
    """(kind, fixed level or None, style, label, own text) of a line, or None for a paragraph."""
    for kind, level, pat in P.FIXED_MARKERS:
        m = pat.match(line)
        if m and (before_decision or kind not in ("basis", "consideration")):
            text = line[m.end():].strip() if kind == "article" else line
            return kind, level, kind, m.groupdict().get("label"), text
    for style, kind, pat in P.OUTLINE_MARKERS:
        m = pat.match(line)
        if m:
            label = m.groupdict().get("label")
            if style == "paren_number":
                label = f"({label})"  # as printed
            return kind, None, style, label, line[m.end():].strip()
    return None


class _Outline:
    """The open nodes of a body, outermost first. Fixed markers have fixed levels; an outline
    style nests where the document first put it: a style not seen before opens under the current
    node, a style already open closes what it holds (a sibling), and a style seen before but not
    open goes back under the style that first held it, if that one is open. Bullets hold no
    enumerated levels, so a new numbered style after a bullet closes the bullet."""

    def __init__(self, root: Node):
        self.stack: list[tuple[str, Node]] = [("document", root)]
        self.parent_of: dict[str, str] = {}

    def open(self, style: str, node: Node, fixed: int | None) -> Node:
        st = self.stack
        if fixed is not None:
            while len(st) > 1 and st[-1][1].level >= fixed:
                st.pop()
        elif any(s == style for s, _ in st):
            while st[-1][0] != style:
                st.pop()
            st.pop()
        elif style in self.parent_of and any(s == self.parent_of[style] for s, _ in st):
            while st[-1][0] != self.parent_of[style]:
                st.pop()
        else:
            while style not in P.BULLET_STYLES and st[-1][0] in P.BULLET_STYLES:
                st.pop()
            self.parent_of[style] = st[-1][0]
        parent = st[-1][1]
        node.level = fixed if fixed is not None else parent.level + 1
        parent.children.append(node)
        st.append((style, node))
        return parent

    def close_bullets(self):
        while self.stack[-1][0] in P.BULLET_STYLES:
            self.stack.pop()

    def close_outline(self):
        """Close every outline node (a table or an annex starts)."""
        while len(self.stack) > 1 and self.stack[-1][0] not in ("decision", "article", "annex") \
                and self.stack[-1][1].level > 1:
            self.stack.pop()

    @property
    def top(self) -> Node:
        return self.stack[-1][1]

    def grow(self, end: int):
        for _, n in self.stack[1:]:  # open containers grow to the end of their last line
            n.span = (n.span[0], max(n.span[1], end))


def _body(body_lines, root):
    outline = _Outline(root)
    signature, table, seen_decision = None, None, False
    for s, e, line, raw in body_lines:
        if signature is not None:
            if doc_type_of(line) == "unknown":  # everything after the signature marker belongs to it
                signature.children.append(Node("paragraph", (s, e), text=line, level=9))
                signature.span = (signature.span[0], e)
                continue
            # an annex after the signature ("PHỤ LỤC ...") is part of the document
            signature = None
            outline.open("annex", Node("annex", (s, e), text=line), 1)
            continue
        if table is not None:
            if "\t" in raw.strip("\n") and not _ARTICLE.match(line):  # "Điều 3." ends a table
                table.children.append(Node("row", (s, e), label=_row_label(raw), text=line, level=table.level + 1))
                outline.grow(e)
                continue
            table = None
        if P.TABLE_HEADER.match(raw.strip(" \n")):
            table = Node("target_table", (s, e), text=line)
            outline.close_outline()
            table.level = outline.top.level + 1
            outline.top.children.append(table)
            outline.stack.append(("table", table))
            outline.grow(e)
            continue
        marker = _marker(line, not seen_decision)
        if marker is None:
            if line.endswith(":") and len(line.split()) <= 12:  # a heading line ("Các chỉ tiêu chủ yếu:")
                outline.close_bullets()  # is not the continuation of a bullet above it
            outline.top.children.append(Node("paragraph", (s, e), text=line, level=99))
            outline.grow(e)
            continue
        kind, fixed, style, label, own = marker
        seen_decision = seen_decision or kind == "decision"
        node = Node(kind, (s, e), label=label, text=own)
        outline.open(style, node, fixed)
        if kind == "signature":
            signature = node
        outline.grow(e)


_ARTICLE = next(pat for kind, _, pat in P.FIXED_MARKERS if kind == "article")


def _row_label(raw: str) -> str | None:
    """The STT cell of a table row ("1", "2.1"; None for a "-" sub-row or an empty cell)."""
    first = raw.strip("\n").split("\t")[0].strip().rstrip(".")
    return first if re.fullmatch(r"[\dIVXivx]+(?:\.\d+)*", first) else None


def _mark_groups(root):
    for n in root.walk():
        if n.kind == "clause" and any(c.kind == "item" for c in n.children):
            n.kind = "group"


# ------------------------------------------------------------------ report annex tables

def _is_table(rest) -> bool:
    """A report annex: tab-separated rows before any body marker (a resolution's target table
    comes after its QUYẾT NGHỊ or an article)."""
    tabbed = 0
    for _, _, line, raw in rest[:40]:
        if _starts_body(line):
            break
        tabbed += raw.count("\t") >= 2
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
