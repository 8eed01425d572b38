"""The pictures of `kg plot` as small SVG strings, drawn by hand: the same encoding as kg.plots (a
project's timeline: targets above results, colour by lifecycle phase, circle for a resolution and
square for a report, deadlines as red dashed lines; an indicator's targets: one colour per province,
ranges as bars, a plan's yearly target as a band), but a few milliseconds a picture instead of
matplotlib's 0.15 s — the seed site alone has some 140 of them."""
from __future__ import annotations

import datetime as dt
import math

from markupsafe import escape

from ..numbers import format_number

# as kg.plots.PHASE_COLOURS (tests check they agree; importing kg.plots would load matplotlib)
PHASE_COLOURS = {"identification": "#8e7cc3", "preparation": "#f1c232", "implementation": "#e69138",
                 "completion": "#38761d", "unspecified": "#999999"}
PROVINCE_COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"]
DEADLINE = "#cc0000"
FONT = 'font-family="sans-serif"'


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img"><title>{escape(title)}</title>'
            f'<rect width="100%" height="100%" fill="white"/>' + "".join(body) + "</svg>\n")


def _text(x, y, s, anchor="middle", extra="", size=11):
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" {FONT} font-size="{size}" {extra}>{escape(s)}</text>'


def _marker(shape: str, x: float, y: float, r: float, colour: str) -> str:
    if shape == "square":
        return f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r}" height="{2 * r}" fill="{colour}" stroke="black"/>'
    if shape == "diamond":
        return (f'<polygon points="{x:.1f},{y - r - 1:.1f} {x + r + 1:.1f},{y:.1f} {x:.1f},{y + r + 1:.1f} '
                f'{x - r - 1:.1f},{y:.1f}" fill="{colour}" stroke="black"/>')
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{colour}" stroke="black"/>'


def _legend(x: float, entries: list[tuple[str, str, str]]) -> list[str]:
    """(shape, colour, label) rows; shape 'dash' is a deadline line, 'band' a shaded box."""
    out = []
    for i, (shape, colour, label) in enumerate(entries):
        y = 40 + 18 * i
        if shape == "ring":
            out.append(f'<circle cx="{x}" cy="{y}" r="6" fill="none" stroke="{colour}" stroke-width="1.5"/>')
        elif shape == "dash":
            out.append(f'<line x1="{x - 6}" y1="{y}" x2="{x + 6}" y2="{y}" stroke="{colour}" stroke-dasharray="4 2" stroke-width="1.5"/>')
        elif shape == "band":
            out.append(f'<rect x="{x - 6}" y="{y - 5}" width="12" height="10" fill="{colour}" fill-opacity="0.25"/>')
        else:
            out.append(_marker(shape, x, y, 5, colour))
        out.append(_text(x + 12, y + 4, label, "start"))
    return out


def project_timeline(project: dict, mentions: list[dict], deadlines: list[tuple[str, str]]) -> str:
    """mentions: {date, is_target, phase, doc_type, action}; deadlines: (latest day, label) pairs."""
    days = [dt.date.fromisoformat(m["date"]) for m in mentions if m["date"]]
    days += [dt.date.fromisoformat(d) for d, _ in deadlines]
    width, height, left, right = 900, 290, 120, 690
    first = dt.date(min(days).year, 1, 1) if days else dt.date(2020, 1, 1)
    last = dt.date(max(days).year + 1, 1, 1) if days else dt.date(2026, 1, 1)
    span = (last - first).days or 1

    def x(day: dt.date) -> float:
        return left + (right - left) * (day - first).days / span

    rows = {True: 110, False: 210}
    body = [f'<line x1="{left}" y1="250" x2="{right}" y2="250" stroke="black"/>']
    for year in range(first.year, last.year + 1):
        xx = x(dt.date(year, 1, 1))
        body.append(f'<line x1="{xx:.1f}" y1="40" x2="{xx:.1f}" y2="250" stroke="#ddd"/>')
        body.append(_text(xx, 266, str(year)))
    for label, y in (("target set", rows[True]), ("result reported", rows[False])):
        body.append(_text(left - 10, y + 4, label, "end"))
    for latest, label in deadlines:
        xx = x(dt.date.fromisoformat(latest))
        body.append(f'<line x1="{xx:.1f}" y1="40" x2="{xx:.1f}" y2="250" stroke="{DEADLINE}" stroke-dasharray="6 3" stroke-width="1.5"/>')
        body.append(_text(xx - 4, 44, label, "start", f'fill="{DEADLINE}" transform="rotate(90 {xx - 4:.1f} 44)"'))
    placed: list[tuple[dt.date, bool]] = []
    phases = []
    for m in mentions:
        if not m["date"]:
            continue
        day, y = dt.date.fromisoformat(m["date"]), rows[bool(m["is_target"])]
        colour = PHASE_COLOURS.get(m["phase"], PHASE_COLOURS["unspecified"])
        if m["phase"] not in phases:
            phases.append(m["phase"])
        same = sum(1 for d, t in placed if t == bool(m["is_target"]) and abs((d - day).days) < 60)
        placed.append((day, bool(m["is_target"])))
        body.append(_marker("circle" if m["doc_type"] == "resolution" else "square", x(day), y, 7, colour))
        body.append(_text(x(day), y - 13 - 12 * same, m["action"].replace("_", " ")))
    legend = [("circle", PHASE_COLOURS[p], p) for p in PHASE_COLOURS if p in phases]
    legend += [("circle", "white", "resolution"), ("square", "white", "report")]
    if deadlines:
        legend.append(("dash", DEADLINE, "deadline"))
    body += _legend(720, legend)
    title = f"{project['name']} ({project['type']}) — {len(mentions)} mentions"
    body.append(_text(width / 2, 20, title, extra='font-weight="bold"', size=13))
    return _svg(width, height, title, body)


def _ticks(lo: float, hi: float) -> list[float]:
    """Round values (steps of 1, 2 or 5 times a power of ten) around [lo, hi], four to eight of them."""
    if hi == lo:
        lo, hi = lo - (abs(lo) * 0.1 or 1), hi + (abs(hi) * 0.1 or 1)
    raw = (hi - lo) / 5
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.floor(lo / step) * step
    count = math.ceil((hi - first) / step - 1e-9)
    return [round(first + i * step, 10) for i in range(count + 1)]


def _low_high(r: dict) -> tuple[float, float]:
    return (r["value"], r["value"]) if r["value"] is not None else (r["min"], r["max"])


def indicator_chart(concept: dict, series: list[dict], revised: set[str]) -> str:
    """series: indicator-series rows (the most common unit is drawn); revised: annual targets that
    differ from the plan's, ringed in red."""
    units: dict[str, int] = {}
    for r in series:
        if r["value"] is not None or r["min"] is not None:
            units[r["unit"]] = units.get(r["unit"], 0) + 1
    unit = max(units, key=units.get) if units else ""
    rows = [r for r in series if r["unit"] == unit and (r["value"] is not None or r["min"] is not None)]
    width, height, left, right, top, bottom = 900, 320, 80, 660, 40, 270
    title = f"{concept['labelVi'] or concept['key']} — {concept['labelEn'] or ''} ({unit.replace('_', ' ')})"
    if not rows:
        return _svg(width, 60, title, [_text(width / 2, 30, title + ": no numeric targets")])
    years = sorted({y for r in rows for y in range(r["periodStart"], r["periodEnd"] + 1)})
    lows_highs = [v for r in rows for v in _low_high(r) if v is not None]
    ticks = _ticks(min(lows_highs), max(lows_highs))
    lo, hi = ticks[0], ticks[-1]

    def x(year: float) -> float:
        return left + (right - left) * (year - years[0] + 0.6) / (years[-1] - years[0] + 1.2)

    def y(v: float) -> float:
        return bottom - (bottom - top) * (v - lo) / (hi - lo)

    body = [f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="black"/>',
            f'<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}" stroke="black"/>']
    for year in years:
        body.append(_text(x(year), bottom + 16, str(year)))
    for v in ticks:
        body.append(f'<line x1="{left}" y1="{y(v):.1f}" x2="{right}" y2="{y(v):.1f}" stroke="#eee"/>')
        body.append(_text(left - 6, y(v) + 4, format_number(v), "end"))
    provinces = sorted({r["provinceName"] for r in rows})
    for i, prov in enumerate(provinces):
        colour = PROVINCE_COLOURS[i % len(PROVINCE_COLOURS)]
        offset = (i - (len(provinces) - 1) / 2) * 0.12
        for r in (r for r in rows if r["provinceName"] == prov):
            low, high = _low_high(r)
            if r["periodStart"] != r["periodEnd"]:  # a plan's yearly or average target: a band over its years
                x0, x1 = x(r["periodStart"] - 0.4), x(r["periodEnd"] + 0.4)
                body.append(f'<rect x="{x0:.1f}" y="{y(high) - 1:.1f}" width="{x1 - x0:.1f}" '
                            f'height="{max(y(low) - y(high), 0) + 2:.1f}" fill="{colour}" fill-opacity="0.18"/>')
                for v in {low, high}:
                    body.append(f'<line x1="{x0:.1f}" y1="{y(v):.1f}" x2="{x1:.1f}" y2="{y(v):.1f}" '
                                f'stroke="{colour}" stroke-dasharray="2 2"/>')
                continue
            xx = x(r["periodEnd"] + offset)
            if high != low:
                body.append(f'<line x1="{xx:.1f}" y1="{y(low):.1f}" x2="{xx:.1f}" y2="{y(high):.1f}" '
                            f'stroke="{colour}" stroke-width="6" stroke-opacity="0.85"/>')
            else:
                body.append(_marker("diamond" if r["aggregation"] == "end_of_period" else "circle", xx, y(low), 5, colour))
            if r["target"] in revised:
                body.append(f'<circle cx="{xx:.1f}" cy="{y((low + high) / 2):.1f}" r="10" fill="none" '
                            f'stroke="{DEADLINE}" stroke-width="1.5"/>')
    legend = [("circle", PROVINCE_COLOURS[i % len(PROVINCE_COLOURS)], p) for i, p in enumerate(provinces)]
    legend += [("circle", "white", "annual resolution"), ("diamond", "white", "plan, end of period"),
               ("band", "grey", "plan, every year / average")]
    if revised & {r["target"] for r in rows}:
        legend.append(("ring", DEADLINE, "revised from the plan"))
    body += _legend(690, legend)
    body.append(_text(width / 2, 20, title, extra='font-weight="bold"', size=13))
    return _svg(width, height, title, body)
