"""The `kg` command — the only module that talks to the terminal."""
from __future__ import annotations

import csv
import io
import json
import logging
import os
import re
import sys
import time
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import derive, indicators, localities, lookup, queries, rdf, resolve, store, validate as shacl
from .extract import check_file, extract_file
from .errors import KgError, NotFound
from .numbers import format_number
from .text import InputError, fold_key

# Piped output is not squeezed to 80 columns; use --format csv/json for machines.
out = Console(width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, width=None if sys.stderr.isatty() else 160)

DEFAULT_STORE = Path("data") / "store"
DEFAULT_CORPUS = Path("data") / "corpus"
# Files in a corpus folder that are not documents.
NOT_DOCUMENTS = re.compile(r"^(\.|README|LICENSE)|\.(md|json|py|rq|ttl)$", re.IGNORECASE)

store_option = click.option(
    "--store", "store_dir", type=click.Path(file_okay=False, path_type=Path), envvar="KG_STORE",
    default=DEFAULT_STORE, show_default=True, show_envvar=True, help="Oxigraph store directory.")


class KgGroup(click.Group):
    """Turns expected failures into one line on stderr and a non-zero exit (--debug: traceback)."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KgError as exc:
            if ctx.params.get("debug"):
                raise
            err.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
            ctx.exit(1)


@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.version_option(package_name="vn-plan-kg")
def main(debug):
    """vn-plan-kg: a knowledge graph of Vietnamese provincial plans, targets and projects."""


# ------------------------------------------------------------------ extract

@main.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the extraction contract as JSON.")
def extract(path, as_json):
    """Extract records from one document (no store involved)."""
    doc = extract_file(path)
    if as_json:
        click.echo(json.dumps(doc.contract(), ensure_ascii=False, indent=1))
        return
    m = doc.meta
    t = Table(title=f"{path.name}", show_header=False)
    for k, v in vars(m).items():
        t.add_row(k, "" if v is None else str(v))
    out.print(t)
    c = Table(title=f"{len(doc.citations)} cited documents")
    for col in ("kind", "number", "date", "span"):
        c.add_column(col)
    for x in doc.citations:
        c.add_row(x.kind, x.number or "", x.date or "", f"{x.span[0]}-{x.span[1]}")
    out.print(c)


# ------------------------------------------------------------------ build / ingest

def _documents_in(corpus: Path) -> list[Path]:
    if not corpus.exists():
        raise InputError(f"{corpus}: no such directory")
    if not corpus.is_dir():
        raise InputError(f"{corpus}: not a directory")
    files = sorted(p for p in corpus.iterdir() if p.is_file() and not NOT_DOCUMENTS.search(p.name))
    if not files:
        raise InputError(f"{corpus}: no documents in this directory")
    return files


def _prepared(paths: list[Path], jobs: int):
    """Each document extracted and turned into N-Quads and records, streamed in file order (at
    most two per worker in flight, so memory is bounded by the largest documents, not the corpus).
    A cheap first pass refuses a bad file before any real work."""
    for p in paths:
        check_file(p)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task("extracting", total=len(paths))
        if jobs <= 1 or len(paths) <= 1:
            for p in paths:
                yield derive.document(p)
                bar.advance(task)
            return
        import multiprocessing
        from collections import deque
        from concurrent.futures import ProcessPoolExecutor
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            todo, window = iter(paths), deque()
            for p in todo:
                window.append(pool.submit(derive.document, p))
                if len(window) >= 2 * jobs:
                    break
            while window:
                doc = window.popleft().result()
                nxt = next(todo, None)
                if nxt is not None:
                    window.append(pool.submit(derive.document, nxt))
                yield doc
                bar.advance(task)


def _summary(written: store.Written, seconds: float, store_dir):
    for skipped, same in written.duplicates:
        err.print(f"skipped {escape(skipped)}: the same text (sha256) as {escape(same)}, already in the store",
                  highlight=False)
    docs = written.documents
    title = f"{len(docs)} documents → {store_dir} in {seconds:.2f} s ({written.quads} quads)"
    if written.unchanged:
        title += f"; {len(written.unchanged)} unchanged"
    if written.removed:
        title += f"; removed {', '.join(written.removed)}"
    if len(docs) > 40:  # a big corpus: the totals only
        out.print(title)
        return
    t = Table(title=title)
    for col in ("file", "type", "province", "date", "citations", "triples"):
        t.add_column(col, justify="right" if col in ("citations", "triples") else "left")
    for d in docs:
        s = d.summary
        t.add_row(d.source, s["doc_type"], s["province"], s["date"], str(s["citations"]), str(s["triples"]))
    out.print(t)


jobs_option = click.option("--jobs", "-j", type=click.IntRange(1, 64), default=os.cpu_count() or 1,
                           show_default="the number of cores", help="Documents extracted in parallel.")
wait_option = click.option("--wait", type=click.FloatRange(0), default=0, show_default=True, metavar="SECONDS",
                           help="Wait this long for another writer of the store to finish (else: refused at once).")


@main.command()
@click.option("--corpus", type=click.Path(path_type=Path), default=DEFAULT_CORPUS, show_default=True,
              help="Folder of source documents.")
@click.option("--incremental", is_flag=True,
              help="Re-extract only files whose text (sha256) changed; drop documents no longer in the corpus.")
@jobs_option
@wait_option
@store_option
def build(corpus, incremental, jobs, wait, store_dir):
    """Build a complete new store from a corpus folder and swap it in when done."""
    start = time.perf_counter()
    files = _documents_in(corpus)
    keep = None
    if incremental and store.version_dir(store_dir) is not None:
        held = {s: r["sha256"] for s, r in store.records(store_dir).items()}
        keep = [p.name for p in files]
        files = [p for p in files if held.get(p.name) != derive.sha256(p)]
    written = store.build(store_dir, _prepared(files, jobs), rdf.vocabulary_graphs(), wait=wait, keep=keep)
    _summary(written, time.perf_counter() - start, store_dir)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--create", is_flag=True, help="Start a new store if there is none at --store.")
@jobs_option
@wait_option
@store_option
def ingest(paths, create, jobs, wait, store_dir):
    """Add or replace documents in an existing store (a re-ingested file replaces its graph)."""
    start = time.perf_counter()
    files = []
    for p in paths:
        files += _documents_in(p) if p.is_dir() else [p]
    written = store.ingest(store_dir, _prepared(files, jobs), rdf.vocabulary_graphs(), wait=wait, create=create)
    _summary(written, time.perf_counter() - start, store_dir)


# ------------------------------------------------------------------ inspect

@main.command()
@store_option
@click.option("--json", "as_json", is_flag=True)
def stats(store_dir, as_json):
    """Counts of quads, graphs and instances per class."""
    s = store.stats(store_dir)
    if as_json:
        click.echo(json.dumps(s, ensure_ascii=False, indent=1))
        return
    t = Table(title=f"{store_dir}: {s['quads']} quads in {len(s['graphs'])} graphs")
    t.add_column("graph")
    t.add_column("quads", justify="right")
    for g, n in s["graphs"].items():
        t.add_row(g, str(n))
    out.print(t)
    c = Table()
    c.add_column("class")
    c.add_column("instances", justify="right")
    for cls, n in sorted(s["classes"].items()):
        c.add_row(cls, str(n))
    out.print(c)


@main.command()
@store_option
@click.option("--full", is_flag=True, help="Print pyshacl's whole report.")
def validate(store_dir, full):
    """Check the built graph against the SHACL shapes in ontology/shapes.ttl."""
    conforms, violations, report = shacl.validate(store.to_rdflib(store_dir))
    if conforms:
        out.print("[green]conforms[/]: the graph passes every SHACL shape")
        return
    if full:
        err.print(report, highlight=False)
    else:
        t = Table(title=f"{len(violations)} SHACL violations (kg validate --full for the whole report)")
        for col in ("shape", "focus node", "path", "message"):
            t.add_column(col, overflow="fold")
        for v in violations[:20]:
            t.add_row(_short(v.shape), _short(v.focus), _short(v.path), v.message)
        err.print(t)
    raise SystemExit(1)


@main.command()
@click.argument("name", required=False)
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind ?NAME to VALUE (repeatable); values are bound, never pasted into the query.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--list", "list_", is_flag=True, help="List the queries in queries/ with their purposes.")
@click.option("--timeout", default=store.DEFAULT_TIMEOUT, show_default=True, type=click.FloatRange(0.1),
              help="Seconds the query may run (then it is stopped, exit 1).")
@click.option("--max-rows", default=store.DEFAULT_MAX_ROWS, show_default=True, type=click.IntRange(1),
              help="Stop after this many rows (said on stderr).")
@click.option("--allow-service", is_flag=True, help="Let the query use SERVICE (requests to other servers).")
@store_option
def query(name, params, fmt, list_, timeout, max_rows, allow_service, store_dir):
    """Run a SPARQL query from queries/ (by NAME) or a .rq FILE over all documents."""
    if list_ or not name:
        t = Table(title="queries/")
        t.add_column("name")
        t.add_column("parameters")
        t.add_column("purpose")
        for q in queries.available():
            t.add_row(q.name, ", ".join(q.params), q.purpose)
        out.print(t)
        return
    q = queries.load(name)
    bound = {}
    for p in params:
        k, sep, v = p.partition("=")
        if not sep or not k.strip():
            raise queries.QueryError(f"--param wants NAME=VALUE, got {p!r}")
        bound[k.strip().lstrip("?$")] = v
    names, rows = store.select(store_dir, q.text, q.bind(bound), timeout=timeout, max_rows=max_rows,
                               allow_service=allow_service)
    if rows.truncated:
        err.print(f"[yellow]note:[/] the first {max_rows} rows only (--max-rows)", highlight=False)
    # bound parameters only echo what was asked for; lookup keys are noise
    names = [n for n in names if n not in bound and q.params.get(n) != "key"]
    rows = [{n: r[n] for n in names} for r in rows]
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
    elif fmt == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=names)
        w.writeheader()
        w.writerows(rows)
        click.echo(buf.getvalue(), nl=False)
    else:
        t = Table(title=f"{q.name}: {len(rows)} rows")
        for n in names:
            t.add_column(n, overflow="ellipsis", no_wrap=True, max_width=40, min_width=min(len(n), 10))
        for r in rows:
            t.add_row(*("" if r[n] is None else _short(r[n]) for n in names))
        out.print(t)


# ------------------------------------------------------------------ indicators

def _one_concept(query_text: str):
    found = indicators.lookup(query_text)
    if len(found) == 1:
        return found[0]
    if not found:
        close = ", ".join(c.key for c in indicators.closest(query_text))
        raise NotFound(f"no indicator matches {query_text!r}; closest: {close}")
    raise NotFound(f"{query_text!r} matches {len(found)} indicators, say which: "
                   + ", ".join(c.key for c in found[:12]) + (" ..." if len(found) > 12 else ""))


def _indicator_series(store_dir, key: str, province: str | None) -> list[dict]:
    rows = _rows(store_dir, "indicator-series", indicator=str(rdf.indicator_iri(key)), province=province)
    return [{"concept": r["indicatorKey"], "province": r["provinceName"], "period_start": int(r["periodStart"]),
             "period_end": int(r["periodEnd"]), "aggregation": r["aggregation"], "comparator": r["comparator"],
             "value": r["value"], "min": r["min"], "max": r["max"], "unit": r["unit"], "doc": r["doc"],
             "doc_date": r["docDate"], "clause": r["clause"], "quote": r["quote"]} for r in rows]


def _amount(r) -> str:
    def n(x):
        return format_number(x) if x is not None else "?"
    if r["value"] is None and r["min"] is None:
        return "(qualitative)"
    cmp = {"eq": "", "ge": "≥ ", "gt": "> ", "lt": "< ", "le": "≤ ", "approx": "≈ ", "range": "",
           "reduce_by": "− "}.get(r["comparator"], "")
    amount = n(r["value"]) if r["value"] is not None else f"{n(r['min'])} – {n(r['max'])}"
    return f"{cmp}{amount} {r['unit'] or ''}".strip()


@main.command()
@click.argument("words", nargs=-1, required=True)
@click.option("--province", help="Only this province (diacritics optional).")
@click.option("--json", "as_json", is_flag=True, help="Print the series as a JSON array.")
@store_option
def indicator(words, province, as_json, store_dir):
    """The series of targets for an indicator across documents.

    WORDS is a concept key (grdp_per_capita) or words in Vietnamese or English, diacritics
    optional ("gdp binh quan dau nguoi", "poverty").
    """
    concept = _one_concept(" ".join(words))
    series = _indicator_series(store_dir, concept.key, province)
    if as_json:
        click.echo(json.dumps(series, ensure_ascii=False, indent=1))
        return
    t = Table(title=f"{concept.key}: {concept.label_vi} / {concept.label_en} — {len(series)} targets")
    for col in ("period", "province", "target", "aggregation", "document", "clause", "quote"):
        t.add_column(col, overflow="ellipsis", no_wrap=col != "quote", max_width=60 if col == "quote" else None)
    for r in series:
        period = str(r["period_start"]) if r["period_start"] == r["period_end"] else f"{r['period_start']}-{r['period_end']}"
        t.add_row(period, r["province"], _amount(r), r["aggregation"] or "", r["doc_date"] or _short(r["doc"]),
                  r["clause"] or "", r["quote"])
    out.print(t)


# ------------------------------------------------------------------ projects

def _rows(store_dir, name, **params):
    q = queries.load(name)
    return store.select(store_dir, q.text, q.bind({k: v for k, v in params.items() if v is not None}))[1]


def _find_project(store_dir, query_text: str) -> dict:
    return lookup.find_project(store_dir, query_text)


@main.command()
@click.argument("words", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print the project card and timeline as JSON.")
@click.option("--explain", is_flag=True, help="Show the spellings merged into this project and why.")
@store_option
def project(words, as_json, explain, store_dir):
    """A project's history across documents: "rach mieu 2", "KCN Phu Thuan", "phong nam".

    Diacritics, abbreviations and small typos are fine. An ambiguous query lists the candidates and
    no match suggests the closest names; both exit with status 1.
    """
    info, mentions = _project_data(store_dir, " ".join(words), explain)
    _print_project(info, mentions, explain, as_json)


def _project_data(store_dir, query_text: str, explain: bool = False) -> tuple[dict, list[dict]]:
    row = _find_project(store_dir, query_text)
    pid = row["project"]
    card = _rows(store_dir, "project-card", project=pid)
    history = _rows(store_dir, "project-history", project=pid)
    attributes = {c["field"]: c["value"] for c in card if c["field"] not in ("locality", "contains", "projectType", "province")}
    seen, mentions = set(), []
    for h in history:  # a mention continued on the next page has two spans: keep its first
        if h["mention"] in seen:
            continue
        seen.add(h["mention"])
        mentions.append({"date": h["date"], "doc": h["doc"], "doc_type": h["docType"], "action": h["action"],
                         "phase": h["phase"], "is_target": h["isTarget"], "deadline": h["deadline"],
                         "progress": h["progress"], "agencies": h["agencies"].split("; ") if h["agencies"] else [],
                         "quote": h["quote"], "surface": h["surface"],
                         "provision": h["provision"], "span": [h["start"], h["end"]]})
    aliases = sorted(set(row["aliases"].split(" | ")))
    info = {"id": pid, "name": row["name"], "type": row["type"], "province": row["provinceName"], "aliases": aliases,
            "localities": sorted({c["value"] for c in card if c["field"] == "locality"}),
            "contains": sorted({c["value"] for c in card if c["field"] == "contains"}), "attributes": attributes}
    if explain:
        info["merges"] = [{"surface": a, "key": resolve.key(a, row["provinceName"]),
                           "reason": resolve.explain(a, row["name"], row["provinceName"])} for a in aliases]
    return info, mentions


def _print_project(info: dict, mentions: list[dict], explain: bool, as_json: bool):
    pid, aliases, attributes = info["id"], info["aliases"], info["attributes"]
    if as_json:
        click.echo(json.dumps({"project": info, "mentions": mentions}, ensure_ascii=False, indent=1))
        return
    out.print(f"[bold]{info['name']}[/]  ({info['type']}, {info['province'] or '?'})  {_short(pid)}")
    if len(aliases) > 1:
        out.print("also written: " + "; ".join(a for a in aliases if a != info["name"]))
    for label, value in (("places", ", ".join(info["localities"])), ("names inside", ", ".join(info["contains"])),
                         ("attributes", ", ".join(f"{k}={v}" for k, v in attributes.items()))):
        if value:
            out.print(f"{label}: {value}")
    if explain:
        t = Table(title="why these spellings are one project")
        for col in ("surface", "key", "reason"):
            t.add_column(col, overflow="fold")
        for mg in info["merges"]:
            t.add_row(mg["surface"], mg["key"], mg["reason"])
        out.print(t)
    t = Table(title=f"{len(mentions)} mentions")
    for col in ("date", "document", "action", "target", "deadline", "progress", "agencies", "quote"):
        t.add_column(col, overflow="fold", max_width=70 if col == "quote" else 24)
    for m in mentions:
        t.add_row(m["date"] or "", f"{m['doc_type']} {m['provision'] or ''}".strip(), m["action"],
                  "target" if m["is_target"] else "result", m["deadline"] or "", m["progress"] or "",
                  "; ".join(m["agencies"]), _excerpt(m["quote"], m["surface"]))
    out.print(t)


# ------------------------------------------------------------------ localities

_LEVEL_ORDER = {"province": 0, "district": 1, "commune": 2}


def _valid_on(row, day: str) -> bool:
    return (row["validFrom"] or "0000") <= day and (row["validUntil"] or "9999") >= day


@main.command()
@click.argument("words", nargs=-1, required=True)
@click.option("--on", "day", default=None, metavar="YYYY-MM-DD",
              help="Prefer the unit valid on this day (default: today, so 'vinh long' is the 2025 province).")
@click.option("--json", "as_json", is_flag=True)
@store_option
def locality(words, day, as_json, store_dir):
    """An administrative unit and everything linked to it: "binh dai", "huyen Cho Lach", "vinh long".

    A 2025 unit also answers for the legacy units it replaced; a district for its communes.
    """
    import datetime as dt
    day = day or dt.date.today().isoformat()
    text = " ".join(words)
    rows = _rows(store_dir, "localities")
    if not rows:
        raise NotFound("no localities in the store; run `kg build` first")
    level_word, name = localities.split_level(text)
    by_iri = {}
    for r in rows:
        if level_word and r["level"] != level_word:
            continue
        by_iri.setdefault(r["locality"], r)
    ranked = lookup.rank(fold_key(name), [lookup.Candidate(i, r["fullName"] or r["name"], [r["key"]])
                                          for i, r in by_iri.items()])
    if not ranked or ranked[0].score < 70:
        raise NotFound(f"no locality matches {text!r}; closest: " + "; ".join(c.label for c in ranked[:5]))
    top = [c for c in ranked if c.score >= ranked[0].score - 1]
    # a district before a commune of the same name; of two units of one level, the one valid on the day
    top.sort(key=lambda c: (_LEVEL_ORDER[by_iri[c.id]["level"]], not _valid_on(by_iri[c.id], day)))
    unit = by_iri[top[0].id]
    items = _rows(store_dir, "locality-items", unit=unit["locality"])
    info = {"id": unit["locality"], "name": unit["name"], "full_name": unit["fullName"], "level": unit["level"],
            "code": unit["code"], "valid_from": unit["validFrom"], "valid_until": unit["validUntil"],
            "within": unit["within"], "replaced_by": unit["replacedBy"],
            "replaces": sorted({r["name"] for r in rows if r["replacedBy"] == unit["name"] and r["level"] == unit["level"]
                                and r["validUntil"]}) if not unit["validUntil"] else [],
            "others_with_this_name": [by_iri[c.id]["fullName"] + f" ({by_iri[c.id]['code']})" for c in top[1:]]}
    linked = [{"kind": r["kind"], "item": r["item"], "label": r["label"], "via": r["via"], "date": r["date"]}
              for r in items]
    if as_json:
        click.echo(json.dumps({"locality": info, "linked": linked}, ensure_ascii=False, indent=1))
        return
    validity = f"valid {info['valid_from'] or '…'} – {info['valid_until'] or 'today'}"
    out.print(f"[bold]{escape(info['full_name'] or info['name'])}[/]  code {info['code']}, {info['level']}, {validity}")
    for label, value in (("within", info["within"]), ("replaced by", info["replaced_by"]),
                         ("replaces", ", ".join(info["replaces"])),
                         ("same name", "; ".join(info["others_with_this_name"]))):
        if value:
            out.print(f"{label}: {escape(str(value))}")
    t = Table(title=f"{len(linked)} linked items")
    for col in ("kind", "label", "via", "date", "item"):
        t.add_column(col, overflow="fold", max_width=60)
    for r in linked:
        t.add_row(r["kind"], r["label"], r["via"], r["date"] or "", _short(r["item"]))
    out.print(t)


# ------------------------------------------------------------------ serve, export, plot, docs

@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on (loopback by default).")
@click.option("--port", default=7878, show_default=True, type=int)
@click.option("--timeout", default=30, show_default=True, type=click.FloatRange(0.1),
              help="Seconds a query may run; past it the query gets an error and its work is stopped.")
@click.option("--allow-service", is_flag=True, help="Let queries use SERVICE (requests to other servers).")
@store_option
def serve(host, port, timeout, allow_service, store_dir):
    """A read-only SPARQL 1.1 endpoint over the store (the `oxigraph` server behind a guard that
    bounds every query, with its YASGUI query page at /). Queries see all documents' graphs as one
    default graph; updates and SERVICE are refused. A store rebuilt meanwhile is served from the next query."""
    from . import server
    if store.version_dir(store_dir) is None:
        raise store.no_store(Path(store_dir))
    server.oxigraph_binary()
    if server.is_public(host):
        err.print(f"[bold yellow]warning:[/] --host {host}: the endpoint is public: anyone who can reach this "
                  "machine can query it", highlight=False)

    def announce():
        err.print(f"SPARQL endpoint: http://{host}:{port}/query   query page: http://{host}:{port}/   "
                  "(Ctrl-C stops)", highlight=False)
    server.serve(Path(store_dir), host, port, timeout, allow_service, announce)


@main.command()
@click.argument("fmt", type=click.Choice(["gexf", "graphml", "nquads", "trig", "turtle", "jsonld"]))
@click.argument("out_path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dynamic", is_flag=True, help="gexf: nodes and edges carry the years they appear (Gephi timeline).")
@store_option
def export(fmt, out_path, dynamic, store_dir):
    """Write the entity graph for Gephi (gexf, graphml) or the whole store as RDF."""
    from . import network
    if fmt in ("gexf", "graphml"):
        g = network.build(_rows(store_dir, "entity-graph"))
        network.write(g, out_path, fmt, dynamic=dynamic)
        out.print(f"{out_path}: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges")
    else:
        store.dump(store_dir, fmt, out_path)
        out.print(f"{out_path}: {fmt}")


@main.group()
def plot():
    """Pictures: a project's timeline, an indicator's targets (PNG or SVG by the file name)."""


@plot.command("project")
@click.argument("query_text", metavar="QUERY")
@click.argument("out_path", type=click.Path(dir_okay=False, path_type=Path))
@store_option
def plot_project(query_text, out_path, store_dir):
    """Timeline of a project by document date, coloured by lifecycle phase, deadlines marked."""
    from . import plots
    info, mentions = _project_data(store_dir, query_text)
    deadlines = sorted({(rdf.deadline_latest(m["deadline"]), f"deadline {m['deadline']} (set {m['date']})")
                        for m in mentions if m["deadline"] and m["is_target"]})
    plots.project_timeline(info, mentions, out_path, deadlines)
    out.print(f"{out_path}: {info['name']}, {len(mentions)} mentions, {len(deadlines)} deadlines")


@plot.command("indicator")
@click.argument("query_text", metavar="QUERY")
@click.argument("out_path", type=click.Path(dir_okay=False, path_type=Path))
@store_option
def plot_indicator(query_text, out_path, store_dir):
    """Targets set for an indicator per year and province; ranges drawn as bars."""
    from . import plots
    concept = _one_concept(query_text)
    series = _indicator_series(store_dir, concept.key, None)
    plots.indicator_chart({"label_vi": concept.label_vi, "label_en": concept.label_en}, series, out_path)
    out.print(f"{out_path}: {concept.key}, {len(series)} targets")


@main.command()
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), default=Path("docs/ontology.html"),
              show_default=True)
def docs(out_path):
    """Regenerate the HTML documentation of ontology/kg.ttl with pylode (pip install -e '.[docs]')."""
    try:
        from pylode import OntPub
    except ImportError:
        raise KgError("pylode is not installed: pip install -e '.[docs]'") from None
    logging.getLogger().setLevel(logging.WARNING)  # pylode's import turns the root logger to DEBUG
    out_path.parent.mkdir(parents=True, exist_ok=True)
    OntPub(ontology=str(rdf.ONTOLOGY_DIR / "kg.ttl")).make_html(destination=out_path)
    out.print(f"{out_path}: ontology documentation")


def _excerpt(quote: str | None, surface: str, width: int = 160) -> str:
    """The part of a long clause around the project's name."""
    if not quote or len(quote) <= width:
        return quote or ""
    at = max(0, quote.find(surface) - width // 3)
    return ("…" if at else "") + quote[at:at + width] + "…"


def _short(v) -> str:
    s = str(v)
    return s.replace("https://w3id.org/vn-plan-kg/id/", "id:")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
