"""A document's text as HTML with every extracted fact marked where it was read, so a claim can be
checked in place: one <p> per line, one <mark id="m7"> per fact (anchors t12, m7, c3, p4, a5 from the
fact's IRI), marks nested where facts nest and split where they cross or run over a line end."""
from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape

KG = "https://w3id.org/vn-plan-kg/ontology#"
# fact class → (anchor prefix, what it is, in words)
FACT_KINDS = {KG + "Target": ("t", "target"), KG + "ProjectMention": ("m", "project"),
              KG + "Citation": ("c", "citation"), KG + "PlaceMention": ("p", "place"),
              KG + "AgencyMention": ("a", "agency")}


# HTML fragments some files carry in their text (annex cells): shown as the text has them, dimmed
_SOURCE_TAG = re.compile(r"&lt;/?[a-zA-Z][a-zA-Z0-9]*(?: [^&]*?)?/?&gt;")


@dataclass
class Span:
    start: int
    end: int
    anchor: str  # "m7"
    kind: str  # "project"
    title: str  # what the fact is about, for the tooltip


def anchor(fact_iri: str, cls: str) -> str:
    """'…/mention/7' of a ProjectMention → 'm7'."""
    return FACT_KINDS[cls][0] + fact_iri.rstrip("/").rsplit("/", 1)[-1]


def spans(facts: list[dict], length: int) -> list[Span]:
    out = []
    for f in facts:
        if f["cls"] not in FACT_KINDS or not (0 <= f["start"] < f["end"] <= length):
            continue
        kind = FACT_KINDS[f["cls"]][1]
        out.append(Span(f["start"], f["end"], anchor(f["fact"], f["cls"]), kind,
                        f"{kind}: {f['aboutLabel'] or ''}".strip(": ")))
    return out


def _open(s: Span, first: bool) -> str:
    ident = f' id="{s.anchor}"' if first else ""
    return f'<mark{ident} class="fact {s.kind}" data-fact="{s.anchor}" title="{escape(s.title)}">'


def highlight(text: str, marks: list[Span]) -> Markup:
    """The text as paragraphs with the spans marked. The first piece of a span carries its id."""
    starts: dict[int, list[Span]] = {}
    ends: dict[int, list[Span]] = {}
    for s in marks:
        starts.setdefault(s.start, []).append(s)
        ends.setdefault(s.end, []).append(s)
    for group in starts.values():
        group.sort(key=lambda s: -s.end)  # the outer one first
    cuts = sorted(set(starts) | set(ends) | {m.start() for m in re.finditer("\n", text)} | {0, len(text)})
    out, stack, opened = ["<p>"], [], set()

    def close_to(span):
        i = stack.index(span)
        reopen = stack[i + 1:]
        for _ in stack[i:]:
            out.append("</mark>")
        del stack[i:]
        for s in reopen:
            out.append(_open(s, False))
            stack.append(s)

    for a, b in zip(cuts, cuts[1:] + [None]):
        for s in ends.get(a, []):
            if s in stack:
                close_to(s)
        for s in starts.get(a, []):
            out.append(_open(s, s.anchor not in opened))
            opened.add(s.anchor)
            stack.append(s)
        if b is None:
            break
        piece = text[a:b]
        if piece.startswith("\n"):  # a line end: close every mark, start a paragraph, reopen them
            out.append("</mark>" * len(stack) + "</p>\n<p>" + "".join(_open(s, False) for s in stack))
            piece = piece[1:]
        out.append(_SOURCE_TAG.sub(r'<span class="src-tag">\g<0></span>', str(escape(piece))))
    out.append("</mark>" * len(stack) + "</p>")
    return Markup("".join(out).replace("<p></p>", ""))


def quote_with_name(quote: str | None, name: str | None) -> Markup:
    """A quoted clause with the project's name in it marked (found case-insensitively)."""
    if not quote:
        return Markup("")
    at = quote.casefold().find(name.casefold()) if name else -1
    if at < 0:
        return escape(quote)
    end = at + len(name)
    return escape(quote[:at]) + Markup("<mark>") + escape(quote[at:end]) + Markup("</mark>") + escape(quote[end:])
