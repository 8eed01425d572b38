"""Pictures people would rather see than read: a project's timeline (deadlines marked, so a slip
shows at a glance) and an indicator's targets per year and province (ranges as bars)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display needed
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402

from . import labels  # noqa: E402

PHASE_COLOURS = {"identification": "#8e7cc3", "preparation": "#f1c232", "implementation": "#e69138",
                 "completion": "#38761d", "unspecified": "#999999"}


def _day(s: str | None) -> dt.date | None:
    return dt.date.fromisoformat(s) if s else None


def project_timeline(project: dict, mentions: list[dict], out: str | Path, deadlines: list[tuple[str, str]],
                     lang: str = "en") -> None:
    """mentions: rows of `kg project --json`; deadlines: (latest date, label) pairs. Each point is
    labelled with its action and the document it is cited from."""
    fig, ax = plt.subplots(figsize=(11, 4.2))
    rows = {"target": 1, "result": 0}
    seen_phases, placed = set(), []
    groups: dict[tuple, list[dict]] = {}  # one label per document and row: its actions, then the citation
    for m in mentions:
        day = _day(m["date"])
        if day is None:
            continue
        y = rows["target" if m["is_target"] else "result"]
        groups.setdefault((day, y, m.get("document_label") or ""), []).append(m)
        colour = PHASE_COLOURS.get(m["phase"], "#999999")
        seen_phases.add(m["phase"])
        ax.scatter([day], [y], s=140, color=colour, edgecolor="black", zorder=3,
                   marker="o" if m["doc_type"] == "resolution" else "s")
    for (day, y, document), group in sorted(groups.items()):
        actions: dict[str, int] = {}
        for m in group:
            name = labels.label("action", m["action"], lang)
            actions[name] = actions.get(name, 0) + 1
        text = ", ".join(a + (f" ×{n}" if n > 1 else "") for a, n in actions.items())
        if document:
            text += f"\n{document}"
        same = sum(1 for d, yy in placed if yy == y and abs((d - day).days) < 200)
        placed.append((day, y))
        ax.annotate(text, (day, y), textcoords="offset points", xytext=(0, 12 + 24 * same) if y else (0, -26 - 24 * same),
                    ha="center", fontsize=7)
    for latest, label in deadlines:
        day = _day(latest)
        ax.axvline(day, color="#cc0000", linestyle="--", linewidth=1.2, zorder=2)
        ax.annotate(label, (day, 1.45), color="#cc0000", fontsize=8, ha="right", rotation=90, va="top")
    ax.set_yticks([0, 1], [labels.word("result", lang), labels.word("target", lang)])
    ax.set_ylim(-0.6, 1.6)
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.grid(axis="x", alpha=0.3)
    for phase in PHASE_COLOURS:
        if phase in seen_phases:
            ax.scatter([], [], color=PHASE_COLOURS[phase], edgecolor="black", label=labels.label("phase", phase, lang))
    ax.scatter([], [], color="white", edgecolor="black", marker="o", label=labels.word("resolution", lang))
    ax.scatter([], [], color="white", edgecolor="black", marker="s", label=labels.word("report", lang))
    if deadlines:
        ax.plot([], [], color="#cc0000", linestyle="--", label=labels.word("deadline", lang))
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    kind = labels.label("project_type", project["type"], lang)
    ax.set_title(f"{project['name']} ({kind}) — {labels.count(len(mentions), 'mention', lang)}", fontsize=11)
    fig.tight_layout()
    fig.savefig(out, dpi=120)
    plt.close(fig)


def indicator_chart(concept: dict, series: list[dict], out: str | Path, lang: str = "en") -> None:
    """series: rows of `kg indicator --json` (one unit: the most common); the documents that set
    the targets are listed under the chart."""
    units = {}
    for r in series:
        if r["value"] is not None or r["min"] is not None:
            units[r["unit"]] = units.get(r["unit"], 0) + 1
    unit = max(units, key=units.get) if units else ""
    rows = [r for r in series if r["unit"] == unit and (r["value"] is not None or r["min"] is not None)]
    provinces = sorted({r["province"] for r in rows})
    colours = plt.get_cmap("tab10")
    fig, ax = plt.subplots(figsize=(9, 4.5))
    for i, prov in enumerate(provinces):
        mine = [r for r in rows if r["province"] == prov]
        offset = (i - (len(provinces) - 1) / 2) * 0.12
        for r in mine:
            low, high = (r["value"], r["value"]) if r["value"] is not None else (r["min"], r["max"])
            if r["period_start"] != r["period_end"]:  # a plan's yearly or average target: a band over its years
                ax.fill_between([r["period_start"] - 0.4, r["period_end"] + 0.4], [low] * 2, [high if high != low else low] * 2,
                                color=colours(i), alpha=0.18, zorder=1, step=None)
                ax.hlines([low, high], r["period_start"] - 0.4, r["period_end"] + 0.4, color=colours(i),
                          linestyles=":", linewidth=1.2, zorder=2)
                continue
            x = r["period_end"] + offset
            marker = "D" if r["aggregation"] == "end_of_period" else "o"
            if high == low:
                ax.scatter([x], [low], color=colours(i), marker=marker, s=60, zorder=3, edgecolor="black")
            else:
                ax.vlines(x, low, high, color=colours(i), linewidth=6, alpha=0.85, zorder=3)
        ax.scatter([], [], color=colours(i), label=prov)
    ax.scatter([], [], color="white", edgecolor="black", marker="o", label=labels.word("annual_resolution", lang))
    ax.scatter([], [], color="white", edgecolor="black", marker="D", label=labels.word("plan_end_of_period", lang))
    ax.plot([], [], color="grey", linewidth=6, label=labels.word("range", lang))
    ax.fill_between([], [], [], color="grey", alpha=0.2, label=labels.word("plan_every_year", lang))
    years = sorted({y for r in rows for y in range(r["period_start"], r["period_end"] + 1)})
    if years:
        ax.set_xticks(years, [str(y) for y in years])
        ax.set_xlim(years[0] - 0.6, years[-1] + 0.6)
    ax.set_ylabel(labels.label("unit", unit, lang))
    sources = sorted({r["document_label"] for r in rows if r.get("document_label")})
    if sources:
        fig.text(0.01, 0.01, "; ".join(sources), fontsize=7, color="#444444")
    ax.grid(axis="y", alpha=0.3)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    other = "en" if lang == "vi" else "vi"
    ax.set_title(f"{concept['label_' + lang]} — {concept['label_' + other]}", fontsize=11)
    fig.tight_layout()
    fig.savefig(out, dpi=120)
    plt.close(fig)
