"""`kg site`: the seed store as static pages — one per project, document, indicator and place, the
index and the query gallery — with no dead internal link, every fact anchored at its span."""
from __future__ import annotations

import ast
import json
import re
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pyoxigraph
import pytest
from click.testing import CliRunner

from kg import queries, store
from kg.cli import main
from kg.site import charts, generate, markup
from kg.site.generate import page_path, with_prefixes

ROOT = Path(__file__).resolve().parents[1]
RACH_MIEU_2 = "https://w3id.org/vn-plan-kg/id/project/cau-rach-mieu-2"


_SITES: dict = {}


def generated_site(store_path: Path, tmp_path_factory) -> tuple[Path, float, str]:
    """The site of a store made by `kg site`, once per run (tests/test_browser.py serves the same one):
    its folder, the CPU seconds it took and what the command printed."""
    if store_path not in _SITES:
        out = tmp_path_factory.mktemp("site") / "out"
        start = time.process_time()  # CPU time: the machine running the tests may be busy
        r = CliRunner().invoke(main, ["site", str(out), "--store", str(store_path),
                                      "--corpus", str(ROOT / "data" / "corpus")])
        assert r.exit_code == 0, r.output
        _SITES[store_path] = out, time.process_time() - start, r.output
    return _SITES[store_path]


@pytest.fixture(scope="session")
def site(cli_built, tmp_path_factory):
    """The site of the seed store (built by `kg build`: conftest's cli_built)."""
    return generated_site(cli_built, tmp_path_factory)


class Page(HTMLParser):
    """Links, ids and the <mark> nesting of one page; marks by fact, with the text of all their pieces."""

    def __init__(self):
        super().__init__()
        self.links, self.ids, self.marks, self.open_marks, self.balanced = [], set(), {}, [], True
        self.imgs = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        for key in ("href", "src"):
            if key in a and tag in ("a", "img", "link", "script"):
                self.links.append(a[key])
        if tag == "img":
            self.imgs.append(a)
        if tag == "mark":
            fact = a.get("data-fact")
            self.open_marks.append(fact)
            if fact:
                mark = self.marks.setdefault(fact, {"class": a.get("class", ""), "text": "", "id": False})
                mark["id"] = mark["id"] or a.get("id") == fact

    def handle_endtag(self, tag):
        if tag == "mark":
            if not self.open_marks:
                self.balanced = False
            else:
                self.open_marks.pop()

    def handle_data(self, data):
        for ident in self.open_marks:
            if ident:
                self.marks[ident]["text"] += data


def parse(path: Path) -> Page:
    p = Page()
    p.feed(path.read_text(encoding="utf-8"))
    return p


@pytest.fixture(scope="session")
def pages(site):
    out = site[0]
    return {str(p.relative_to(out)): parse(p) for p in out.rglob("*.html")}


def rows(store_path, sparql):
    return store.select(store_path, sparql)[1]


def test_generation_is_quick_and_reports_its_pages(site):
    out, seconds, output = site
    assert seconds < 10
    assert re.search(r"\d+ pages \(\d+ document, \d+ gallery, 1 index, \d+ indicator, \d+ place, \d+ project\)", output)


def test_a_page_for_every_project_document_indicator_and_place(site, cli_built, query_json):
    out = site[0]
    expected = {
        "project": {r["project"] for r in query_json(cli_built, "projects")},
        "document": {r["doc"] for r in rows(cli_built, "SELECT DISTINCT ?doc WHERE { ?doc kg:sourceFile ?f }")},
        "indicator": {r["i"] for r in rows(cli_built, "SELECT DISTINCT ?i WHERE { ?i a kg:Indicator }")},
        "place": {r["locality"] for r in query_json(cli_built, "localities")},
    }
    assert len(expected["project"]) > 150 and len(expected["document"]) == 5 and len(expected["place"]) > 20
    for section, iris in expected.items():
        made = {p.name for p in (out / section).glob("*.html")}
        assert made == {Path(page_path(i)).name for i in iris}, section
    assert {p.stem for p in (out / "gallery").glob("*.html")} == {q.name for q in queries.available()} | {"index"}


def test_no_dead_internal_link(site, pages):
    out = site[0]
    checked = 0
    for name, page in pages.items():
        for href in page.links:
            if re.match(r"^[a-z]+:", href):  # http://127.0.0.1:7878/... (the endpoint), mailto: ...
                continue
            parts = urlsplit(href)
            target = (out / name).parent / unquote(parts.path) if parts.path else out / name
            target = target.resolve()
            assert target.exists(), f"{name}: dead link {href}"
            if parts.fragment:
                key = str(target.relative_to(out.resolve()))
                assert parts.fragment in pages[key].ids, f"{name}: no #{parts.fragment} in {key}"
            checked += 1
    assert checked > 3000


def test_project_page_lists_every_mention_linked_to_its_span(site, pages, cli_built, query_json):
    out = site[0]
    name = page_path(RACH_MIEU_2)
    history = {r["mention"] for r in query_json(cli_built, "project-history", f"project={RACH_MIEU_2}")}
    html = (out / name).read_text(encoding="utf-8")
    assert html.count('<tr class="mention') == len(history) >= 5
    span_links = [l for l in pages[name].links if "../document/" in l and "#m" in l]
    assert len(span_links) == len(history)
    for link in span_links:
        doc, fragment = link[3:].split("#")
        mark = pages[doc].marks[fragment]
        assert "project" in mark["class"]
        assert "rạch miễu 2" in mark["text"].casefold()
    img = pages[name].imgs[0]
    assert "cầu Rạch Miễu 2" in img["alt"] and img["src"].endswith(".svg")
    svg = (out / name).parent / img["src"]
    assert svg.read_text().count("<circle") + svg.read_text().count("<rect") >= len(history)
    assert "<mark>cầu Rạch Miễu 2</mark>" in html  # the name highlighted in its quote


def test_slipped_deadline_is_marked(site, cli_built, query_json):
    slipped = {r["project"] for r in query_json(cli_built, "slipped-deadlines")}
    assert slipped
    for iri in slipped:
        html = (site[0] / page_path(iri)).read_text(encoding="utf-8")
        assert "Slipped deadlines" in html and 'class="flag">slipped' in html
        assert 'stroke="#cc0000"' in (site[0] / page_path(iri).replace(".html", ".timeline.svg")).read_text()


def test_document_page_marks_every_fact_at_its_span(site, pages, cli_built):
    facts = rows(cli_built, """SELECT DISTINCT ?fact ?cls ?doc ?exact WHERE {
      VALUES ?cls { kg:Target kg:ProjectMention kg:Citation kg:PlaceMention kg:AgencyMention }
      ?fact a ?cls ; prov:wasDerivedFrom ?src . ?src oa:hasSource ?doc ; oa:hasSelector/oa:exact ?exact }""")
    assert len(facts) > 1000
    by_doc = {}
    for f in facts:
        by_doc.setdefault(f["doc"], {}).setdefault(markup.anchor(f["fact"], f["cls"]), []).append(f["exact"])
    for doc, anchors in by_doc.items():
        page = pages[page_path(doc)]
        assert page.balanced and not page.open_marks
        assert set(anchors) <= {a for a, m in page.marks.items() if m["id"]}
        for a, exact in anchors.items():  # the marked text is the span the fact was read from
            marked = "".join(page.marks[a]["text"].split())
            if len(exact) == 1:
                assert marked == "".join(exact[0].split()), a
            else:  # a cell continued on the next page: two spans
                assert all("".join(e.split()) in marked for e in exact), a


def test_highlight_nests_crossing_spans():
    text = "ab cd\nef"
    spans = [markup.Span(0, 5, "m1", "project", "x"), markup.Span(3, 8, "p1", "place", "y")]
    html = str(markup.highlight(text, spans))
    page = Page()
    page.feed(html)
    assert page.balanced and not page.open_marks
    assert page.marks["m1"]["text"] == "ab cd" and page.marks["p1"]["text"] == "cdef"
    assert html.count('id="p1"') == 1
    assert html.count('data-fact="p1"') == 3  # split where it crosses m1's end and the line end
    assert html.count("<p>") == 2


def test_indicator_page_has_the_series_and_revisions(site, cli_built, query_json):
    iri = "https://w3id.org/vn-plan-kg/id/indicator/grdp_per_capita"
    series = query_json(cli_built, "indicator-series", f"indicator={iri}")
    html = (site[0] / page_path(iri)).read_text(encoding="utf-8")
    assert html.count("<tr") - 1 == len(series) >= 4
    revised = [r for r in query_json(cli_built, "plan-revisions") if r["indicator"] == iri]
    assert revised and html.count('class="revised"') == len(revised)
    assert "87 million vnd per person" in html and "62 million vnd per person" in html
    assert '<img src="grdp_per_capita.chart.svg" alt="Targets set for' in html


def test_place_page_has_code_validity_successor_and_projects(site, pages):
    html = (site[0] / "place/83-ben-tre.html").read_text(encoding="utf-8")
    assert "Replaced on 1 July 2025 by" in html and "2025-06-30" in html
    assert "../place/2025.86-vinh-long.html" in pages["place/83-ben-tre.html"].links
    assert page_path(RACH_MIEU_2).replace("project/", "../project/") in pages["place/83-ben-tre.html"].links
    new = (site[0] / "place/2025.86-vinh-long.html").read_text(encoding="utf-8")
    assert "Replaces" in new and "Tỉnh Bến Tre" in new and "cầu Rạch Miễu 2" in new  # reached through Bến Tre


def test_search_index_is_folded_and_inlined(site):
    js = (site[0] / "static" / "search-index.js").read_text(encoding="utf-8")
    assert js.startswith("var KG_INDEX = ")
    entries = json.loads(js[len("var KG_INDEX = "):].rstrip().rstrip(";"))
    hits = [e for e in entries if all(w in e["k"] for w in "rach mieu 2".split())]  # as search.js matches
    assert max(hits, key=lambda e: e["c"])["n"] == "cầu Rạch Miễu 2" and "cau rach mieu 2" in hits[0]["k"]
    assert all(e["k"] == e["k"].lower() and "đ" not in e["k"] for e in entries)


def test_gallery_queries_carry_their_prefixes_and_parse_anywhere(site):
    for q in queries.available():
        html = (site[0] / "gallery" / f"{q.name}.html").read_text(encoding="utf-8")
        assert "Open in the endpoint" in html and q.purpose[:30] in html.replace("&#39;", "'")
        for name in q.params:
            assert f'id="p-{name}"' in html
        pyoxigraph.Store().query(with_prefixes(q.text))  # no prefixes given: fails if one is missing


def test_a_new_run_removes_the_pages_the_last_one_wrote_and_this_one_did_not(tmp_path):
    for name in ("project/gone.html", "project/kept.html", "notes.txt"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("x")
    (tmp_path / generate.MANIFEST).write_text("project/gone.html\nproject/kept.html\n../outside.txt\n")
    generate._forget_stale(tmp_path, {"project/kept.html"})
    assert not (tmp_path / "project/gone.html").exists()
    assert (tmp_path / "project/kept.html").exists() and (tmp_path / "notes.txt").exists()
    assert (tmp_path / generate.MANIFEST).read_text() == "project/kept.html\n"


def test_with_prefixes_keeps_declared_ones():
    text = "PREFIX kg: <x:>\nSELECT * WHERE { ?s kg:a ?o ; skos:b ?c }"
    assert with_prefixes(text).count("PREFIX kg:") == 1 and "PREFIX skos:" in with_prefixes(text)


def test_chart_colours_are_the_plots():
    """kg.site.charts draws what kg.plots draws (read from its source: importing it loads matplotlib)."""
    tree = ast.parse((ROOT / "kg" / "plots.py").read_text(encoding="utf-8"))
    plots = next(ast.literal_eval(n.value) for n in tree.body
                 if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", "") == "PHASE_COLOURS")
    assert charts.PHASE_COLOURS == plots


def test_site_without_a_store_is_one_line(tmp_path):
    r = CliRunner().invoke(main, ["site", str(tmp_path / "out"), "--store", str(tmp_path / "nothing")])
    assert r.exit_code == 1 and "no store here" in r.output and "Traceback" not in r.output


def test_serve_site_without_a_site_is_one_line(cli_built, tmp_path):
    r = CliRunner().invoke(main, ["serve", "--site", str(tmp_path), "--store", str(cli_built)])
    assert r.exit_code == 1 and "no site here" in r.output


def test_the_site_endpoint_is_the_guarded_one(site, cli_built):
    """`kg serve --site` hands /query to the guard of `kg serve`: a query past its time is stopped,
    SERVICE (an outbound request) is refused, ordinary queries answer."""
    import threading
    import time
    import urllib.error
    import urllib.parse
    import urllib.request

    from kg.site.server import free_port, running

    port = free_port()
    with running(site[0], cli_built, "127.0.0.1", port, timeout=2) as front:
        threading.Thread(target=front.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{port}/query?query="

        def ask(q):
            try:
                with urllib.request.urlopen(base + urllib.parse.quote(q), timeout=15) as r:
                    return r.status, r.read().decode()
            except urllib.error.HTTPError as exc:
                return exc.code, exc.read().decode()

        assert ask("ASK { ?s ?p ?o }")[0] == 200
        start = time.monotonic()
        code, text = ask("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
        assert code == 503 and "longer than 2 s" in text and time.monotonic() - start < 6
        code, text = ask("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
        assert code == 400 and "SERVICE" in text
        front.shutdown()


def test_document_pages_read_the_stored_text_not_the_corpus_folder(cli_built, tmp_path):
    """The store keeps the text the extractors read (kg:sourceText): a site made without the
    corpus folder still shows every document with its facts marked."""
    from kg.site import generate
    out = tmp_path / "site"
    pages = generate.build(cli_built, tmp_path / "no-corpus-here", out)
    assert pages["document"] == 5
    for page in (out / "document").glob("*.html"):
        assert "<mark" in page.read_text(encoding="utf-8"), page.name
