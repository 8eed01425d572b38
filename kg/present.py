"""How answers look: tables that wrap and never hide (no column narrower than its heading, long
text folded onto more lines, the terminal's width when there is one and no limit when piped),
CSV and JSON of the same rows, and the readable forms of values (short IRIs, excerpts cut at
words, amounts with unit words in the chosen language). Pure functions; kg/cli.py prints."""
from __future__ import annotations

import csv
import io
import json
import re
import sys

from rich.console import Console
from rich.table import Table
from rich.text import Text

from . import labels

FORMATS = ("table", "csv", "json")
ID_PREFIX = "https://w3id.org/vn-plan-kg/id/"
PIPE_WIDTH = 100_000  # piped output is never wrapped to a guessed width: machines read every column


def console(stderr: bool = False) -> Console:
    """A console as wide as the terminal, or without a width limit when the output is piped
    (it writes to whatever sys.stdout / sys.stderr is when it prints)."""
    stream = sys.stderr if stderr else sys.stdout
    tty = hasattr(stream, "isatty") and stream.isatty()
    return Console(stderr=stderr, width=None if tty else PIPE_WIDTH, soft_wrap=not tty, highlight=False)


def short(value) -> str:
    """An IRI as the CLI prints it (id:project/...); '' for nothing."""
    return "" if value is None else str(value).replace(ID_PREFIX, "id:")


WORD_AT_MOST = 24  # a word longer than this (an IRI, a long code) may fold


def column_widths(headers: list[str], rows: list[list], width: int | None) -> list[int] | None:
    """Column widths that fit `width`, or None when the natural widths fit. No column is narrower
    than its heading or its longest word; the least needy columns get their natural width first
    and the wide ones (quotes) share what is left: a date is never cut, a quote wraps."""
    n = len(headers)
    if not rows or not width:
        return None
    cells = [["" if r[i] is None else str(r[i]) for r in rows] for i in range(n)]
    natural = [max([len(h)] + [len(c) for c in col]) for h, col in zip(headers, cells)]
    least = [max([len(h)] + [min(len(w), WORD_AT_MOST) for c in col for w in c.split()]) for h, col in zip(headers, cells)]
    room = width - (3 * n + 1)  # borders and padding
    if sum(natural) <= room or sum(least) > room:
        return None
    need = [a - b for a, b in zip(natural, least)]
    widths, left, pending = list(least), max(0, room - sum(least)), set(range(n))
    while pending:  # a column that needs no more than a fair share gets its natural width
        i = min(pending, key=lambda i: need[i])
        if need[i] > left // len(pending):
            break
        widths[i], left = natural[i], left - need[i]
        pending.remove(i)
    total = sum(need[i] for i in pending)
    for i in pending:  # the rest share what is left by how much they need
        widths[i] += left * need[i] // total
    return widths


def fits(headers: list[str], rows: list[list], width: int) -> bool:
    """Whether every column can have at least its heading's and its longest word's width."""
    least = [max([len(h)] + [min(len(w), WORD_AT_MOST) for r in rows for w in str(r[i] or "").split()])
             for i, h in enumerate(headers)]
    return sum(least) + 3 * len(headers) + 1 <= width


def records(title: str | None, headers: list[str], rows: list[list]) -> Table:
    """A table too wide for the terminal, one record per block of 'heading  value' lines
    (as psql's expanded display): every value stays whole."""
    t = Table(title=title, title_justify="left", show_header=False)
    t.add_column("field", style="bold", no_wrap=True)
    t.add_column("value", overflow="fold")
    for r in rows:
        for k, (h, v) in enumerate(zip(headers, r)):
            t.add_row(h, Text("" if v is None else str(v)), end_section=k == len(headers) - 1)
    return t


def table(title: str | None, headers: list[str], rows: list[list], right: tuple[int, ...] = (),
          width: int | None = None) -> Table:
    """A rich table whose columns are never narrower than their heading and whose cells fold long
    text onto more lines (never an ellipsis); `right` columns (numbers) are right-aligned; `width`
    is the console's, shared out by column_widths."""
    rows = [list(r) for r in rows]
    if width and rows and fits(headers, rows, width) is False:
        return records(title, headers, rows)
    t = Table(title=title, title_justify="left")
    widths = column_widths(headers, rows, width)
    # no width given to share out: the natural widths fit, nothing wraps, and rich is told so (it
    # skips measuring every cell for line breaks: a third of printing a 700-row answer)
    whole = bool(width) and widths is None
    for i, h in enumerate(headers):
        t.add_column(h, overflow="fold", min_width=len(h), justify="right" if i in right else "left",
                     width=widths[i] if widths else None, no_wrap=whole)
    for r in rows:  # cells are text, never markup: "[a]" in a quote stays
        t.add_row(*(Text("" if v is None else str(v)) for v in r))
    return t


_NOT_PLAIN = re.compile(r"[\x00-\x1f\x7f]")  # a line break or control character: rich lays it out
_MARKUP = re.compile(r"\[|:\S+:")  # rich reads markup and :emoji: codes in a title or heading


def plain_table(title: str | None, headers: list[str], rows: list[list], right: tuple[int, ...] = ()) -> str | None:
    """The text rich prints for ``table(..., width=PIPE_WIDTH)`` on a console without colours
    (piped output: natural widths, nothing wraps), written directly: rich takes a second for a
    700-row answer, this a hundredth. None when a cell or heading needs rich's own layout (tests
    compare the two on the library's answers)."""
    from rich.cells import cell_len
    cells = [["" if v is None else str(v) for v in r] for r in rows]
    if any(_MARKUP.search(t) or _NOT_PLAIN.search(t) for t in [title or "", *headers]) or \
            any(_NOT_PLAIN.search(c) for r in cells for c in r):
        return None
    widths = [max([cell_len(h)] + [cell_len(r[i]) for r in cells]) for i, h in enumerate(headers)]

    def line(values: list[str], bar: str) -> str:
        parts = []
        for i, (v, w) in enumerate(zip(values, widths)):
            pad = " " * (w - cell_len(v))
            parts.append(f" {pad}{v} " if i in right else f" {v}{pad} ")
        return bar + bar.join(parts) + bar

    def rule(left: str, fill: str, cross: str, end: str) -> str:
        return left + cross.join(fill * (w + 2) for w in widths) + end

    out = [title] if title else []
    out += [rule("┏", "━", "┳", "┓"), line(headers, "┃"), rule("┡", "━", "╇", "┩")]
    out += [line(r, "│") for r in cells]
    out.append(rule("└", "─", "┴", "┘"))
    return "\n".join(out) + "\n"


def csv_text(columns: list[str], rows: list[dict]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: _cell(r.get(k)) for k in columns})
    return buf.getvalue()


def _cell(v):
    if isinstance(v, (list, tuple)):
        return "-".join(map(str, v)) if all(isinstance(x, int) for x in v) else "; ".join(map(str, v))
    if isinstance(v, bool):
        return "true" if v else "false"
    return "" if v is None else v


def json_text(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=1)


def excerpt(quote: str | None, surface: str | None, width: int = 200) -> str:
    """The part of a long clause around the project's name, cut between words."""
    if not quote or len(quote) <= width:
        return quote or ""
    at = quote.find(surface) if surface else -1
    lo = max(0, at - width // 3) if at >= 0 else 0
    hi = min(len(quote), lo + width)
    if lo:  # start at a word
        space = quote.find(" ", lo)
        lo = space + 1 if 0 <= space < (at if at >= 0 else hi) else lo
    if hi < len(quote):  # end at a word
        space = quote.rfind(" ", lo, hi)
        hi = space if space > lo else hi
    return ("…" if lo else "") + quote[lo:hi].strip() + ("…" if hi < len(quote) else "")


COMPARATORS = {"eq": "", "ge": "≥ ", "gt": "> ", "lt": "< ", "le": "≤ ", "approx": "≈ ", "range": "",
               "reduce_by": "− "}


def amount(r: dict, lang: str = "en") -> str:
    """A target's value in the language's notation with its unit words: '≥ 4 302 USD/người'."""
    if r.get("value") is None and r.get("min") is None:
        return f"({labels.word('qualitative', lang)})"
    cmp = COMPARATORS.get(r.get("comparator"), "")
    if r.get("value") is not None:
        return cmp + labels.quantity(r["value"], r.get("unit"), lang)
    low, high = labels.number(r["min"], lang), labels.quantity(r["max"], r.get("unit"), lang)
    return f"{cmp}{low} – {high}"


def period(start: int | None, end: int | None) -> str:
    if start is None:
        return ""
    return str(start) if start == end else f"{start}–{end}"


def span_text(span) -> str:
    return f"{span[0]}–{span[1]}" if span and span[0] is not None else ""


def plain(value) -> str:
    """A value of a query result as a reader wants it: short IRIs, one line, true/false."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    return re.sub(r"\s+", " ", short(value)).strip()
