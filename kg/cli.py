"""The `kg` command — the only module that talks to the terminal."""
from __future__ import annotations

import json
import logging
import os
import re
import sys
import time
from pathlib import Path

import click
from rich.markup import escape
from rich.table import Table

from . import choose, labels, lazy, present, queries, store
from .errors import KgError, NotFound
from .text import InputError, fold_key

# The terminal's width, or no limit when piped (a guessed width would hide columns from scripts).
out = present.console()
err = present.console(stderr=True)

# the pipeline's stages, imported by the commands that use them
derive, extraction, formats, indicators, localities, lookup, rdf, resolve, shacl = (
    lazy(f"kg.{m}") for m in ("derive", "extract", "formats", "indicators", "localities", "lookup", "rdf",
                              "resolve", "validate"))

DEFAULT_STORE = Path("data") / "store"
DEFAULT_CORPUS = Path("data") / "corpus"
# Files in a corpus folder that are not documents (Word's "~$name.docx" lock files included);
# documents are .txt, .pdf, .docx, .doc and .html, told by their content (kg.formats).
NOT_DOCUMENTS = re.compile(r"^(\.|~\$|README|LICENSE)|\.(md|json|py|rq|ttl)$", re.IGNORECASE)

lang_option = click.option(
    "--lang", type=click.Choice(labels.LANGS), default=labels.default_lang, show_default="from LANG, else en",
    help="Language of labels and number notation (vi: 4 302,5; en: 4,302.5).")
format_option = click.option("--format", "fmt", type=click.Choice(present.FORMATS), default="table",
                             show_default=True, help="table for people; csv or json for programs.")
json_option = click.option("--json", "as_json", is_flag=True, help="Same as --format json.")

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
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the extraction contract as JSON.")
@click.option("--coverage", is_flag=True, help="List the numbers of targets sections that no target accounts for.")
@click.option("--text", "as_text", is_flag=True, help="Print the text read from the file (spans index it).")
def extract(paths, as_json, coverage, as_text):
    """Extract records from documents (no store involved). Several documents are resolved together:
    their projects get the ids of the corpus, and --json prints an array of contracts."""
    if as_text:
        for path in paths:
            click.echo(formats.read(path).text, nl=False)
        return
    docs = extraction.resolve_corpus([extraction.extract_file(p) for p in paths])
    if coverage:
        from .coverage import uncovered
        for doc in docs:
            missed = uncovered(doc)
            for u in missed:
                click.echo(f"{u.number}\t{u.span[0]}\t{u.context}")
            click.echo(f"{len(missed)} numbers of targets sections not accounted for")
        return
    if as_json:
        contracts = [d.contract() for d in docs]
        click.echo(json.dumps(contracts[0] if len(docs) == 1 else contracts, ensure_ascii=False, indent=1))
        return
    for doc in docs:
        _print_extraction(doc, labels.default_lang())


def _print_extraction(doc, lang: str = "en") -> None:
    """What one document yields, for a person: its metadata, the documents it cites, its targets
    and its project mentions, each with the provision and span it was read from."""
    from . import cite
    from .rdf import provision_at
    w = lambda code: labels.word(code, lang)  # noqa: E731
    meta = {"citation": cite.document_label(doc.meta, doc.source), **{k: v for k, v in vars(doc.meta).items()
                                                                       if v is not None}}
    _print_table(f"{doc.source}: {w('metadata')}", ["field", "value"], [[k, v] for k, v in meta.items()])
    _print_table(labels.count(len(doc.citations), "cited_document", lang),
                 [w(c) for c in ("kind", "number", "date", "span", "quote")],
                 [[c.kind, c.number or "", c.date or "", present.span_text(c.span), c.text] for c in doc.citations])
    targets = [{**vars(t), "min": t.min, "max": t.max} for t in doc.targets]
    _print_table(labels.count(len(targets), "target", lang),
                 [w(c) for c in ("indicator", "target", "period", "aggregation", "provision", "span", "quote")],
                 [[labels.label("indicator", t["concept"], lang), present.amount(t, lang),
                   present.period(t["period_start"], t["period_end"]), labels.label("aggregation", t["aggregation"], lang),
                   cite.provision_label(provision_at(doc, t["span"][0])) or "", present.span_text(t["span"]), t["text"]]
                  for t in targets])
    _print_table(labels.count(len(doc.project_mentions), "mention", lang),
                 [w(c) for c in ("name", "type", "action", "target_or_result", "deadline", "provision", "span")],
                 [[m.name, labels.label("project_type", m.type, lang), labels.label("action", m.action, lang),
                   w("target" if m.is_target else "result"), m.deadline or "",
                   cite.provision_label(provision_at(doc, m.span[0]), m.role) or "", present.span_text(m.span)]
                  for m in doc.project_mentions])


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


def _worker_start(writer: int) -> None:
    """An extraction worker: its collector skips what it inherits (vocabularies, compiled
    patterns), and it dies with the writer."""
    import gc
    from .process import die_with
    gc.freeze()
    die_with(writer)


class _Prepared:
    """Each document extracted and turned into N-Quads and records, streamed in file order. With
    more than one job a pool of worker processes starts at once, before the writer takes the lock
    and copies the store, so that work overlaps the extraction; at most two documents per worker
    are in flight (memory is bounded by the largest documents, not the corpus). A cheap first pass
    refuses a bad file before any real work."""

    def __init__(self, paths: list[Path], jobs: int):
        self.paths, self.pool, self.window = paths, None, None
        if jobs <= 1 or not paths:
            for p in paths:
                extraction.check_file(p)
            return
        import multiprocessing
        from collections import deque
        from concurrent.futures import ProcessPoolExecutor
        first = paths[:2 * jobs]
        for p in first:
            extraction.check_file(p)
        self.pool = ProcessPoolExecutor(min(jobs, len(paths)), mp_context=multiprocessing.get_context("fork"),
                                        initializer=_worker_start, initargs=(os.getpid(),))
        self.todo = iter(paths[len(first):])
        self.window = deque(self.pool.submit(derive.document, p) for p in first)
        try:  # the rest checked while the workers extract the first
            for p in paths[len(first):]:
                extraction.check_file(p)
        except BaseException:
            self.__exit__(*sys.exc_info())
            raise

    def __iter__(self):
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                      TimeElapsedColumn(), console=err, transient=True, disable=not err.is_terminal) as bar:
            task = bar.add_task("extracting", total=len(self.paths))
            if self.pool is None:
                for p in self.paths:
                    yield derive.document(p)
                    bar.advance(task)
                return
            while self.window:
                doc = self.window.popleft().result()
                nxt = next(self.todo, None)
                if nxt is not None:
                    self.window.append(self.pool.submit(derive.document, nxt))
                yield doc
                bar.advance(task)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.pool is not None:  # refused by the store (another writer), stopped, or done
            self.pool.shutdown(wait=exc[0] is None, cancel_futures=True)


def _summary(written: store.Written, seconds: float, store_dir):
    for skipped, same, what in written.duplicates:
        err.print(f"skipped {escape(skipped)}: {escape(what)} as {escape(same)}, already in the store",
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
              help="Re-extract only files whose text (sha256) changed or that an older kg stored; drop documents "
                   "no longer in the corpus.")
@jobs_option
@wait_option
@store_option
def build(corpus, incremental, jobs, wait, store_dir):
    """Build a complete new store from a corpus folder and swap it in when done."""
    start = time.perf_counter()
    files = _documents_in(corpus)
    keep = None
    if incremental and store.version_dir(store_dir) is not None:
        held = {s: r["sha256"] for s, r in store.records(store_dir).items() if store.current(r)}
        keep = [p.name for p in files]
        files = [p for p in files if held.get(p.name) != derive.sha256(p)]
    with _Prepared(files, jobs) as documents:
        written = store.build(store_dir, documents, rdf.vocabulary_graphs(), wait=wait, keep=keep)
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
    with _Prepared(files, jobs) as documents:
        written = store.ingest(store_dir, documents, rdf.vocabulary_graphs(), wait=wait, create=create)
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
        library = queries.available()
        _print_table(f"queries/: {labels.count(len(library), 'query')}", ["name", "parameters", "purpose"],
                     [[q.name, ", ".join(q.params), q.purpose] for q in library])
        return
    q = queries.load(name)
    bound = {}
    for p in params:
        k, sep, v = p.partition("=")
        if not sep or not k.strip():
            raise queries.QueryError(f"--param wants NAME=VALUE, got {p!r}")
        k = k.strip().lstrip("?$")
        if k in q.params:
            v = choose.parameter_value(k, q.params[k], v, _resolvers(store_dir))
        bound[k] = v
    names, rows = store.select(store_dir, q.text, q.bind(bound), timeout=timeout, max_rows=max_rows,
                               allow_service=allow_service)
    if rows.truncated:
        err.print(f"[yellow]note:[/] the first {max_rows} rows only (--max-rows)", highlight=False)
    # bound parameters only echo what was asked for; lookup keys are noise
    names = [n for n in names if n not in bound and q.params.get(n) != "key"]
    rows = [{n: r[n] for n in names} for r in rows]
    if not rows:  # on stderr, so that csv and json on stdout stay what they are (a header only, [])
        held = f"; provinces in the store: {', '.join(_store_provinces(store_dir))}" if "province" in bound else ""
        err.print(escape(f"{q.name}: 0 rows" + (" for " + ", ".join(f"{k}={v}" for k, v in bound.items()) if bound else "")
                         + held))
    if _machine_readable(fmt, rows, names, rows):
        return
    if rows:
        _print_table(f"{q.name}: {labels.count(len(rows), 'row')}", names,
                     [[present.plain(r[n]) for n in names] for r in rows],
                     right=tuple(i for i, n in enumerate(names)
                                 if all(type(r[n]) in (int, float) or r[n] is None for r in rows)))


def _resolvers(store_dir) -> dict:
    """Names a -p value may give instead of an IRI: a project's name, a unit's, a document's file or label."""
    def project(value):
        return _find_project(store_dir, value)["project"]

    def unit(value):
        import datetime as dt
        return localities.choose(value, lookup.locality_rows(store_dir), dt.date.today().isoformat())[0]["locality"]

    def document(value):
        docs = _rows(store_dir, "documents")
        found = [d["doc"] for d in docs if value in (d["file"], d.get("label")) or fold_key(value) == fold_key(d["file"])]
        if len(found) != 1:
            raise queries.QueryError(f"no held document is {value!r}; give its file name or IRI "
                                     f"(kg query documents lists them)")
        return found[0]
    return {"project": project, "unit": unit, "citing": document, "doc": document}


# ------------------------------------------------------------------ indicators

def _one_concept(query_text: str):
    found = indicators.lookup(query_text)
    if len(found) == 1:
        return found[0]
    if not found:
        close = ", ".join(c.key for c in indicators.closest(query_text))
        raise NotFound(f"no indicator matches {query_text!r}; closest: {close}")
    raise NotFound(f"{query_text!r} matches {len(found)} indicators, say which:\n"
                   + "\n".join(f"  {c.key}  ({c.label_en}; {c.label_vi})" for c in found[:20])
                   + (f"\n  … and {len(found) - 20} more" if len(found) > 20 else ""))


def _indicator_series(store_dir, key: str, province: str | None) -> list[dict]:
    if province:
        _check_province(store_dir, province)
    rows = _rows(store_dir, "indicator-series", indicator=str(rdf.indicator_iri(key)), province=province)
    return [{"concept": r["indicatorKey"], "province": r["provinceName"], "period_start": int(r["periodStart"]),
             "period_end": int(r["periodEnd"]), "aggregation": r["aggregation"], "comparator": r["comparator"],
             "value": r["value"], "min": r["min"], "max": r["max"], "unit": r["unit"], "doc": r["doc"],
             "document": r["doc"], "document_label": r["docLabel"], "provision": r["provisionLabel"],
             "source_file": r["sourceFile"], "span": [r["start"], r["end"]],
             "doc_date": r["docDate"], "clause": r["clause"], "quote": r["quote"]} for r in rows]


def _store_provinces(store_dir) -> list[str]:
    return sorted({r["provinceName"] for r in _rows(store_dir, "documents")})


def _check_province(store_dir, province: str) -> None:
    """A --province the store does not hold is said so, with the provinces it holds."""
    held = _store_provinces(store_dir)
    if fold_key(province) not in {fold_key(p) for p in held}:
        raise NotFound(f"no province {province!r} in the store; provinces: " + ", ".join(held))


@main.command()
@click.argument("words", nargs=-1, required=True)
@click.option("--province", help="Only this province (diacritics optional).")
@json_option
@format_option
@lang_option
@store_option
def indicator(words, province, as_json, fmt, lang, store_dir):
    """The series of targets for an indicator across documents.

    WORDS is a concept key (grdp_per_capita) or words in Vietnamese or English, diacritics
    optional ("gdp binh quan dau nguoi", "poverty").
    """
    concept = _one_concept(" ".join(words))
    series = _indicator_series(store_dir, concept.key, province)
    for r in series:
        r["target"] = present.amount(r, lang)
        r["aggregation_label"] = labels.label("aggregation", r["aggregation"], lang)
    name = labels.label("indicator", concept.key, lang)
    if not series and fmt == "table" and not as_json:
        where = f" in {province}" if province else ""
        err.print(escape(f"{concept.key} ({name}): {labels.count(0, 'target', lang)}{where}"))
    if _machine_readable("json" if as_json else fmt, series, INDICATOR_CSV, series):
        return
    columns = ["period", "province", "target", "aggregation", "document", "provision", "quote"]
    if series:
        _print_table(
            f"{concept.key}: {name} — {labels.count(len(series), 'target', lang)}",
            [labels.word(c, lang) for c in columns],
            [[present.period(r["period_start"], r["period_end"]), r["province"], r["target"], r["aggregation_label"],
              r["document_label"] or present.short(r["document"]), r["provision"] or "", r["quote"]] for r in series])


# ------------------------------------------------------------------ projects

def _rows(store_dir, name, **params):
    return _rows_all(store_dir, [(name, params)])[0]


def _rows_all(store_dir, asked: list[tuple[str, dict]]) -> list[list[dict]]:
    """The rows of several library queries, run together (one worker, one opening of the store)."""
    bound = []
    for name, params in asked:
        q = queries.load(name)
        bound.append((q.text, q.bind({k: v for k, v in params.items() if v is not None})))
    return [rows for _, rows in store.select_all(store_dir, bound)]


def _find_project(store_dir, query_text: str, lang: str = "en") -> dict:
    table = lookup.project_table(store_dir)  # beside the store: the names already folded and sorted
    if not len(table):
        raise NotFound("no projects in the store; run `kg build` first")
    kind = choose.generic_type(query_text)
    if kind:
        raise choose.projects_of_type(query_text, kind, table.all_rows(), lang)
    ranked = table.ranked(resolve.key(query_text), choose.MARGIN)
    return choose.one(query_text, ranked, "project", lambda c: choose.describe_project(c.row, lang)).row


@main.command()
@click.argument("words", nargs=-1, required=True)
@json_option
@click.option("--explain", is_flag=True, help="Show the spellings merged into this project and why.")
@format_option
@lang_option
@store_option
def project(words, as_json, explain, fmt, lang, store_dir):
    """A project's history across documents: "rach mieu 2", "KCN Phu Thuan", "phong nam".

    Diacritics, abbreviations and small typos are fine. An ambiguous query lists the candidates and
    no match suggests the closest names; both exit with status 1.
    """
    info, mentions = _project_data(store_dir, " ".join(words), explain, lang)
    _print_project(info, mentions, explain, "json" if as_json else fmt, lang)


def _project_data(store_dir, query_text: str, explain: bool = False, lang: str = "en") -> tuple[dict, list[dict]]:
    row = _find_project(store_dir, query_text, lang)
    pid = row["project"]
    card, history, slipped = _rows_all(store_dir, [(name, {"project": pid}) for name in
                                                   ("project-card", "project-history", "slipped-deadlines")])
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
                         "provision": h["provisionLabel"] or h["provision"], "marker": h["provision"],
                         "document": h["doc"], "document_label": h["docLabel"], "source_file": h["sourceFile"],
                         "span": [h["start"], h["end"]]})
    aliases = sorted(set(row["aliases"].split(" | ")))
    info = {"id": pid, "name": row["name"], "type": row["type"], "province": row["provinceName"], "aliases": aliases,
            "localities": sorted({c["value"] for c in card if c["field"] == "locality"}),
            "contains": sorted({c["value"] for c in card if c["field"] == "contains"}), "attributes": attributes}
    info["slips"] = sorted({(r["deadline"], r["setDate"], r["laterDeadline"] or "", r["laterDate"])
                            for r in slipped})
    if explain:  # why each spelling, and each document's mention, joined (graph/derived/projects)
        info["merges"] = [{"surface": a, "key": resolve.key(a), "reason": resolve.explain(a, row["name"])}
                          for a in aliases]
        info["joins"] = [{"date": j["date"], "province": j["province"], "surface": j["surface"],
                          "reason": j["reason"], "doc": j["doc"]} for j in _rows(store_dir, "project-joins", project=pid)]
    return info, mentions


INDICATOR_CSV = ["period_start", "period_end", "province", "target", "value", "min", "max", "comparator", "unit",
                 "aggregation", "document_label", "provision", "doc_date", "quote", "span", "source_file", "document"]
MENTION_CSV = ["date", "document_label", "provision", "action_label", "phase_label", "target_or_result", "deadline",
               "progress", "agencies", "surface", "quote", "span", "source_file", "document", "action", "phase"]


def _labelled_mentions(mentions: list[dict], lang: str) -> list[dict]:
    """Mentions with the words for their codes in the chosen language."""
    return [{**m, "action_label": labels.label("action", m["action"], lang),
             "phase_label": labels.label("phase", m["phase"], lang),
             "target_or_result": labels.word("target" if m["is_target"] else "result", lang)} for m in mentions]


def _print_project(info: dict, mentions: list[dict], explain: bool, fmt: str, lang: str = "en"):
    pid, aliases, attributes = info["id"], info["aliases"], info["attributes"]
    mentions = _labelled_mentions(mentions, lang)
    info = {**info, "type_label": labels.label("project_type", info["type"], lang)}
    if _machine_readable(fmt, {"project": info, "mentions": mentions}, MENTION_CSV, mentions):
        return
    w = lambda code: labels.word(code, lang)  # noqa: E731
    out.print(f"[bold]{escape(info['name'])}[/]  ({info['type_label']}, {info['province'] or '?'})  {present.short(pid)}")
    if len(aliases) > 1:
        out.print(f"{w('also_written')}: " + escape("; ".join(a for a in aliases if a != info["name"])))
    for code, value in (("places", ", ".join(info["localities"])), ("names_inside", ", ".join(info["contains"])),
                        ("attributes", ", ".join(f"{k}={v}" for k, v in attributes.items()))):
        if value:
            out.print(f"{w(code)}: {escape(value)}")
    open_after: dict[tuple, list] = {}
    for deadline, set_date, later_deadline, later_date in info["slips"]:
        if later_deadline:
            out.print(f"deadline {deadline} (set {set_date}) moved to {later_deadline} by the document of {later_date}")
        else:
            open_after.setdefault((deadline, set_date), []).append(later_date)
    for (deadline, set_date), dates in open_after.items():
        out.print(f"deadline {deadline} (set {set_date}) passed; still open in the documents of {', '.join(dates)}")
    if explain:
        _print_table("why these spellings are one project", ["surface", "key", "reason"],
                     [[mg["surface"], mg["key"], mg["reason"]] for mg in info["merges"]])
        _print_table("why each document's mention joined", ["date", "province", "surface", "reason"],
                     [[j["date"] or "", j["province"] or "", j["surface"], j["reason"]] for j in info["joins"]])
    columns = ["date", "document", "provision", "action", "target_or_result", "deadline", "progress", "agencies", "quote"]
    cells = {"date": lambda m: m["date"] or "", "document": lambda m: m["document_label"] or present.short(m["document"]),
             "provision": lambda m: m["provision"] or "", "action": lambda m: m["action_label"],
             "target_or_result": lambda m: m["target_or_result"], "deadline": lambda m: m["deadline"] or "",
             "progress": lambda m: m["progress"] or "", "agencies": lambda m: "; ".join(m["agencies"]),
             "quote": lambda m: present.excerpt(m["quote"], m["surface"])}
    # a column no mention fills says nothing: leave it out (no value is hidden by that)
    columns = [c for c in columns if c in ("date", "document", "action", "quote") or any(cells[c](m) for m in mentions)]
    _print_table(labels.count(len(mentions), "mention", lang), [w(c) for c in columns],
                 [[cells[c](m) for c in columns] for m in mentions])


# ------------------------------------------------------------------ localities

def _day_option(ctx, param, value):
    """--on must be a real day in the form YYYY-MM-DD."""
    import datetime as dt
    if value is None:
        return dt.date.today().isoformat()
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise InputError(f"--on {value!r} is not a date; the form is YYYY-MM-DD, e.g. 2024-06-01") from None


@main.command()
@click.argument("words", nargs=-1, required=True)
@click.option("--on", "day", default=None, metavar="YYYY-MM-DD", callback=_day_option,
              help="Prefer the unit valid on this day (default: today, so 'vinh long' is the 2025 province).")
@json_option
@format_option
@lang_option
@store_option
def locality(words, day, as_json, fmt, lang, store_dir):
    """An administrative unit and everything linked to it: "binh dai", "huyen Cho Lach", "vinh long".

    A 2025 unit also answers for the legacy units it replaced; a district for its communes.
    """
    text = " ".join(words)
    rows = lookup.locality_rows(store_dir)  # the index beside the store
    if not rows:
        raise NotFound("no localities in the store; run `kg build` first")
    unit, others, exact = localities.choose(text, rows, day)
    if not exact:
        err.print(escape(f"no unit is named {text!r}; the nearest spelling is {unit['fullName'] or unit['name']}"))
    items = _rows(store_dir, "locality-items", unit=unit["locality"])
    info = {"id": unit["locality"], "name": unit["name"], "full_name": unit["fullName"], "level": unit["level"],
            "code": unit["code"], "valid_from": unit["validFrom"], "valid_until": unit["validUntil"],
            "within": unit["within"], "replaced_by": unit["replacedBy"],
            "replaces": sorted({r["name"] for r in rows if r["replacedBy"] == unit["name"] and r["level"] == unit["level"]
                                and r["validUntil"]}) if not unit["validUntil"] else [],
            "others_with_this_name": [f"{o['fullName']} ({o['code']})" for o in others]}
    linked = [{"kind": r["kind"], "item": r["item"], "label": r["label"], "via": r["via"], "date": r["date"]}
              for r in items]
    if _machine_readable("json" if as_json else fmt, {"locality": info, "linked": linked},
                         ["kind", "label", "via", "date", "item"], linked):
        return
    w = lambda code: labels.word(code, lang)  # noqa: E731
    validity = f"{w('valid')} {info['valid_from'] or '…'} – {info['valid_until'] or w('today')}"
    out.print(f"[bold]{escape(info['full_name'] or info['name'])}[/]  {w('code')} {info['code']}, "
              f"{w(info['level'] + '_level')}, {validity}")
    for code, value in (("within", info["within"]), ("replaced_by", info["replaced_by"]),
                        ("replaces", ", ".join(info["replaces"])),
                        ("same_name", "; ".join(info["others_with_this_name"]))):
        if value:
            out.print(f"{w(code)}: {escape(str(value))}")
    _print_table(labels.count(len(linked), "linked_item", lang), [w(c) for c in ("kind", "label", "via", "date", "item")],
                 [[w(r["kind"]), r["label"], r["via"], r["date"] or "", present.short(r["item"])] for r in linked])


def _machine_readable(fmt: str, payload, columns: list[str], rows: list[dict]) -> bool:
    """--format json (the whole payload) or csv (one line per row): printed, and True; a table is
    the caller's."""
    if fmt == "json":
        click.echo(present.json_text(payload))
    elif fmt == "csv":
        click.echo(present.csv_text(columns, rows), nl=False)
    return fmt in ("json", "csv")


def _print_table(title: str, headers: list[str], rows: list[list], **kw) -> None:
    """A table, or only its title when it has no rows (an empty grid says nothing more)."""
    if rows and out.width >= present.PIPE_WIDTH and out.color_system is None:  # piped: no widths, no styles
        text = present.plain_table(title, headers, rows, **kw)
        if text is not None:
            out.file.write(text)
            return
    out.print(present.table(title, headers, rows, width=out.width, **kw) if rows else title)


# ------------------------------------------------------------------ serve, export, plot, docs

@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on (loopback by default).")
@click.option("--port", default=7878, show_default=True, type=int)
@click.option("--timeout", default=30, show_default=True, type=click.FloatRange(0.1),
              help="Seconds a query may run; past it the query gets an error and its work is stopped.")
@click.option("--allow-service", is_flag=True, help="Let queries use SERVICE (requests to other servers).")
@click.option("--site", "site_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Also serve this site (made by `kg site`) on the same port: pages at /, the endpoint at "
                   "/query, its query page at /endpoint/.")
@store_option
def serve(host, port, timeout, allow_service, store_dir, site_dir):
    """A read-only SPARQL 1.1 endpoint over the store (the `oxigraph` server behind a guard that
    bounds every query, with its YASGUI query page at /). Queries see the union of all graphs as the
    default graph; updates and SERVICE are refused. A store rebuilt meanwhile is served from the next query."""
    from . import server
    version = store.version_dir(store_dir)
    if version is None:
        raise store.no_store(Path(store_dir))
    server.oxigraph_binary()  # fails early, in one line, where oxigraph is missing
    if server.is_public(host):
        err.print(f"[bold yellow]warning:[/] --host {host}: the endpoint is public: anyone who can reach this "
                  "machine can query it", highlight=False)
    if site_dir is not None:
        from .site import server as site_server
        err.print(f"site: http://{host}:{port}/   SPARQL endpoint: http://{host}:{port}/query   "
                  f"query page: http://{host}:{port}/endpoint/   (Ctrl-C stops)")
        try:
            site_server.serve(site_dir, Path(store_dir), host, port, timeout, allow_service)
        except KeyboardInterrupt:
            pass
        return

    def announce():
        err.print(f"SPARQL endpoint: http://{host}:{port}/query   query page: http://{host}:{port}/   "
                  "(Ctrl-C stops)", highlight=False)
    server.serve(Path(store_dir), host, port, timeout, allow_service, announce)


@main.command()
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--corpus", type=click.Path(path_type=Path), default=DEFAULT_CORPUS, show_default=True,
              help="Where to read a document's text when the store keeps none (stores built before it kept them).")
@click.option("--endpoint", default="", metavar="URL",
              help="The YASGUI page the gallery opens queries in (default: /endpoint/ of the serving "
                   "origin, or http://127.0.0.1:7878/ from file://).")
@store_option
def site(out_dir, corpus, endpoint, store_dir):
    """A static site of the graph: project, document, indicator and place pages, an index with search,
    the query gallery. Open OUT_DIR/index.html, or serve it: kg serve --site OUT_DIR."""
    from .site import generate
    start = time.perf_counter()
    pages = generate.build(store_dir, corpus, out_dir, endpoint)
    out.print(f"{out_dir}: {sum(pages.values())} pages ("
              + ", ".join(f"{n} {k}" for k, n in sorted(pages.items())) + f") in {time.perf_counter() - start:.2f} s")


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
@lang_option
@store_option
def plot_project(query_text, out_path, lang, store_dir):
    """Timeline of a project by document date, coloured by lifecycle phase, deadlines marked."""
    from . import plots
    info, mentions = _project_data(store_dir, query_text, lang=lang)
    deadlines = sorted({(rdf.deadline_latest(m["deadline"]),
                         f"{labels.word('deadline', lang)} {m['deadline']} ({m['document_label'] or m['date']})")
                        for m in mentions if m["deadline"] and m["is_target"]})
    plots.project_timeline(info, mentions, out_path, deadlines, lang)
    out.print(f"{out_path}: {info['name']}, {labels.count(len(mentions), 'mention', lang)}, "
              f"{labels.count(len(deadlines), 'deadline', lang)}")


@plot.command("indicator")
@click.argument("query_text", metavar="QUERY")
@click.argument("out_path", type=click.Path(dir_okay=False, path_type=Path))
@lang_option
@store_option
def plot_indicator(query_text, out_path, lang, store_dir):
    """Targets set for an indicator per year and province; ranges drawn as bars."""
    from . import plots
    concept = _one_concept(query_text)
    series = _indicator_series(store_dir, concept.key, None)
    plots.indicator_chart({"label_vi": concept.label_vi, "label_en": concept.label_en}, series, out_path, lang)
    out.print(f"{out_path}: {concept.key}, {labels.count(len(series), 'target', lang)}")


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


def _short(v) -> str:
    return present.short(v)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
