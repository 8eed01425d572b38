"""An HTML page holding a resolution, as saved from a legal-database site → the document's text.

Navigation, headers, footers, scripts and forms are dropped; block elements become lines, table
rows tab-separated lines (a cell's paragraphs joined). The main text is the smallest element
that holds the document's heading and most of the page's text. A page that holds no document of
the genre (no heading) is refused as before: it is a web page, not a document text.
"""
from __future__ import annotations

import re

from ..text import InputError, decode

_DROP_TAGS = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "button",
              "select", "iframe", "svg", "head", "template"}
_DROP_NAMES = re.compile(r"(^|[-_ ])(nav|menu|header|footer|sidebar|breadcrumbs?|banner|cookie|share|social|"
                         r"related|comment|advert|ads)([-_ ]|$)", re.IGNORECASE)
MIN_BODY_LETTERS = 300
_BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "main",
          "blockquote", "pre", "dd", "dt", "center", "body"}


def pages(data: bytes, name: str) -> list[str]:
    import lxml.html
    from .. import structure
    try:
        root = lxml.html.document_fromstring(_text(data, name))
    except Exception as exc:  # lxml: empty or undecodable documents
        raise InputError(f"{name}: an HTML page that cannot be parsed ({type(exc).__name__})") from None
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            continue
        names = f"{el.get('class', '')} {el.get('id', '')} {el.get('role', '')}"
        if el.getparent() is not None and (el.tag in _DROP_TAGS or _DROP_NAMES.search(names)):
            el.drop_tree()
    main = _main(root, structure)
    text = "\n".join(_lines(main)) + "\n"
    # a page that names a resolution (a news item, a search hit) is not one: it has no body
    if structure.parse_heading(text) is None or sum(c.isalpha() for c in text) < MIN_BODY_LETTERS:
        raise InputError(f"{name}: an HTML page, not a document text (no NGHỊ QUYẾT, BÁO CÁO, PHỤ LỤC ... "
                         "heading in it); save the document itself as text, PDF or DOCX")
    return [text]


def _text(data: bytes, name: str) -> str:
    m = re.search(rb"<meta[^>]+charset=[\"']?([\w-]+)", data[:4096], re.IGNORECASE)
    charset = m.group(1).decode("ascii").lower() if m else "utf-8"
    if charset.replace("-", "") in ("utf8", "utf16"):
        return decode(data, name)
    try:
        return data.decode(charset)
    except (LookupError, UnicodeDecodeError):
        return decode(data, name)


def _main(root, structure):
    """The deepest element with the heading that still holds 80 % of the page's text."""
    body = root.find("body") if root.find("body") is not None else root
    total = len(body.text_content())
    best = body
    for el in body.iter():
        if not isinstance(el.tag, str) or el.tag in ("table", "tr", "td", "p"):
            continue
        n = len(el.text_content())
        if n >= 0.8 * total and structure.parse_heading(el.text_content()[:3000]) is not None:
            best = el
    return best


def _lines(el, cell: bool = False) -> list[str]:
    out: list[str] = []
    if cell:  # a cell's own paragraphs, not its tail
        out.append(el.text or "")
        for child in el:
            _walk(child, out)
    else:
        _walk(el, out)
    lines = [" ".join(line.split()) if "\t" not in line else "\t".join(" ".join(c.split()) for c in line.split("\t"))
             for line in "".join(out).split("\n")]
    return [line for line in lines if line.strip()]


def _walk(el, out: list[str]):
    if not isinstance(el.tag, str):
        out.append(el.tail or "")
        return
    if el.tag == "table" and el.find(".//table") is None:  # a data table, not a page layout one
        out.append("\n")
        for tr in el.iter("tr"):
            cells = [" ".join(_lines(c, cell=True)) for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
            if any(cells):
                out.append("\t".join(cells) + "\n")
        out.append(el.tail or "")
        return
    block = el.tag in _BLOCK
    if block:
        out.append("\n")
    out.append(el.text or "")
    for child in el:
        _walk(child, out)
    if block:
        out.append("\n")
    out.append(el.tail or "")
