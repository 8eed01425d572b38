"""`kg site OUT/`: the graph as static pages — a page per project, document, indicator and place, an
index with a search box, and the query gallery. Plain HTML from Jinja2 templates with relative links,
so the folder works from file:// and from any static host; the little JavaScript there is (search,
the gallery's parameter forms) is optional."""
from __future__ import annotations

import json
import re
import shutil
from collections import Counter, defaultdict
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from .. import queries as library
from ..namespaces import ID, PREFIXES
from ..numbers import format_number
from ..rdf import deadline_latest
from . import charts, data as site_data, markup

HERE = Path(__file__).resolve().parent
SECTIONS = {"project": "project", "doc": "document", "locality": "place", "indicator": "indicator"}
# Where the gallery opens a query when the site is read from file:// (`kg serve` without --site).
DEFAULT_ENDPOINT_PAGE = "http://127.0.0.1:7878/"
COMPARATORS = {"ge": "≥ ", "gt": "> ", "lt": "< ", "le": "≤ ", "approx": "≈ ", "reduce_by": "− "}


def page_path(iri: str) -> str | None:
    """The page of a thing, relative to the site root: id/project/ben-tre/x → project/ben-tre.x.html."""
    if not iri or not iri.startswith(str(ID)):
        return None
    section, _, rest = iri[len(str(ID)):].partition("/")
    if section not in SECTIONS or not rest:
        return None
    return f"{SECTIONS[section]}/{rest.replace('/', '.')}.html"


def amount(r: dict, value="value", low="min", high="max") -> str:
    """'≥ 6,0 – 6,5 percent' from a target row."""
    if r[value] is None and r[low] is None:
        return "(qualitative)"
    n = format_number
    text = n(r[value]) if r[value] is not None else f"{n(r[low]) if r[low] is not None else '?'} – " \
                                                   f"{n(r[high]) if r[high] is not None else '?'}"
    return f"{COMPARATORS.get(r.get('comparator'), '')}{text} {(r.get('unit') or '').replace('_', ' ')}".strip()


def with_prefixes(sparql: str) -> str:
    """A query that pastes and runs anywhere: PREFIX lines for the prefixes it uses and does not
    declare, after its header comment."""
    lines = sparql.splitlines(keepends=True)
    head = next((i for i, l in enumerate(lines) if not l.startswith("#")), len(lines))
    declared = {p.lower() for p in re.findall(r"(?im)^\s*PREFIX\s+(\w*):", sparql)}
    body = "".join(lines[head:])
    used = [p for p in PREFIXES if p not in declared and re.search(rf"(?<![\w<]){p}:", body)]
    return "".join(lines[:head]) + "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in used) + body


class Site:
    """Renders pages into a folder; knows which pages exist so that links never dangle."""

    def __init__(self, d: site_data.SiteData, out: Path, endpoint: str):
        self.d, self.out, self.endpoint = d, out, endpoint
        self.env = Environment(loader=PackageLoader("kg.site", "templates"), autoescape=select_autoescape(),
                               trim_blocks=True, lstrip_blocks=True)
        self.pages: set[str] = set()
        for iris in (d.projects, d.documents, d.indicators, d.units):
            self.pages.update(page_path(i) for i in iris)
        self.env.globals.update(link=self.link, label=self.label, amount=amount, status=self.status,
                                quote=markup.quote_with_name)
        self.written = Counter()
        self.files: set[str] = set()  # every file written, relative to out (pictures and static too)
        self.root = ""

    def link(self, iri: str | None, fragment: str = "") -> str | None:
        """The relative link from the page being written to a thing's page, or None when it has none."""
        path = page_path(iri)
        if path not in self.pages:
            return None
        return self.root + path + (f"#{fragment}" if fragment else "")

    def label(self, iri: str) -> str:
        """A thing's name for a link."""
        d = self.d
        if iri in d.documents:
            return site_data.citation_label(d.documents[iri])
        if iri in d.projects:
            return d.projects[iri]["name"]
        if iri in d.units:
            return d.units[iri]["fullName"] or d.units[iri]["name"]
        if iri in d.indicators:
            return d.indicators[iri]["labelVi"] or d.indicators[iri]["key"]
        return d.labels.get(iri) or iri.rsplit("/", 1)[-1]

    def status(self, notation: str | None) -> str:
        """'khánh thành / inaugurate' from the lifecycle scheme."""
        s = self.d.statuses.get(notation or "")
        if not s:
            return notation or ""
        return f"{s['vi']} / {s['en']}" if s["vi"] and s["en"] else (s["vi"] or s["en"] or notation)

    def at(self, path: str) -> str:
        """Links are made relative to this page from now on (pages are at most one folder deep)."""
        self.root = "../" * path.count("/")
        return path

    def save(self, path: str, text: str):
        """Any file of the site: a page, an SVG picture, the search index."""
        (self.out / path).parent.mkdir(parents=True, exist_ok=True)
        (self.out / path).write_text(text, encoding="utf-8")
        self.files.add(path)

    def write(self, path: str, template: str, **context):
        self.at(path)
        self.save(path, self.env.get_template(template).render(root=self.root, endpoint=self.endpoint, **context))
        self.written[path.split("/")[0] if "/" in path else "index"] += 1

    # ---------------------------------------------------------------- projects

    def project_mentions(self, iri: str) -> list[dict]:
        slipped = {(s["deadline"], s["setDate"]) for s in self.d.slipped.get(iri, [])}
        out = []
        for h in self.d.mentions.get(iri, []):
            doc = self.d.documents.get(h["doc"], {})
            anchor = markup.anchor(h["mention"], markup.KG + "ProjectMention")
            out.append({**h, "is_target": h["isTarget"], "doc_type": h["docType"],
                        "doc_label": site_data.citation_label(doc) if doc else h["doc"],
                        "href": self.link(h["doc"], anchor), "anchor": anchor,
                        "slipped": (h["deadline"], h["date"]) in slipped and h["isTarget"],
                        "agency_list": h["agencies"].split("; ") if h["agencies"] else []})
        return out

    def projects(self):
        for iri, p in self.d.projects.items():
            path = self.at(page_path(iri))
            mentions = self.project_mentions(iri)
            deadlines = sorted({(deadline_latest(m["deadline"]), f"deadline {m['deadline']} (set {m['date']})")
                                for m in mentions if m["deadline"] and m["is_target"] and deadline_latest(m["deadline"])})
            svg = path[:-5] + ".timeline.svg"
            self.save(svg, charts.project_timeline(p, mentions, deadlines))
            self.write(path, "project.html", p=p, iri=iri, mentions=mentions, timeline=Path(svg).name,
                       deadlines=deadlines, slipped=self.d.slipped.get(iri, []),
                       places=sorted(set(p["places"]), key=self.label), parts=sorted(set(p["parts"]), key=self.label))

    def latest_phase(self, iri: str) -> str:
        ms = [m for m in self.d.mentions.get(iri, []) if m["date"]]
        return max(ms, key=lambda m: m["date"])["phase"] if ms else "unspecified"

    # ---------------------------------------------------------------- documents

    def documents(self):
        for iri, doc in self.d.documents.items():
            text = self.d.texts.get(iri)
            facts = [{**f, "aboutLabel": self.label(f["about"]) if f["about"] else ""}
                     for f in self.d.facts.get(iri, [])]
            spans = markup.spans(facts, len(text)) if text else []
            by_kind = defaultdict(list)
            seen = set()
            for f in facts:
                a = markup.anchor(f["fact"], f["cls"])
                if a not in seen:
                    seen.add(a)
                    by_kind[markup.FACT_KINDS[f["cls"]][1]].append(
                        {**f, "anchor": a, "exact": text[f["start"]:f["end"]] if text else ""})
            citations = [{**c, "anchor": markup.anchor(c["citation"], markup.KG + "Citation")}
                         for c in self.d.citations.get(iri, [])]
            self.write(page_path(iri), "document.html", doc=doc, iri=iri, title=site_data.citation_label(doc),
                       body=markup.highlight(text, spans) if text else None, by_kind=by_kind, citations=citations,
                       kinds=[k for _, k in markup.FACT_KINDS.values()])

    # ---------------------------------------------------------------- indicators

    def indicators(self):
        for iri, concept in self.d.indicators.items():
            series = self.d.series.get(iri, [])
            revised = {t for t in self.d.revisions if t in {r["target"] for r in series}}
            path = page_path(iri)
            chart = None
            if series:
                chart = path[:-5] + ".chart.svg"
                self.save(chart, charts.indicator_chart(concept, series, revised))
            rows = [{**r, "amount": amount(r), "anchor": markup.anchor(r["target"], markup.KG + "Target"),
                     "revision": self.d.revisions.get(r["target"])} for r in series]
            for r in rows:
                if r["revision"]:
                    rv = r["revision"]
                    r["plan"] = amount({**rv, "comparator": None}, "planValue", "planMin", "planMax")
                    r["plan_target"] = rv["planTarget"]
            self.write(path, "indicator.html", c=concept, iri=iri, rows=rows, chart=chart and Path(chart).name,
                       provinces=sorted({r["provinceName"] for r in series}))

    # ---------------------------------------------------------------- places

    def places(self):
        units = self.d.units
        placed = defaultdict(set)
        for iri, p in self.d.projects.items():
            for u in p["places"]:
                placed[u].add(iri)
        children = defaultdict(set)
        for iri, u in units.items():
            if u["within"]:
                children[u["within"]].add(iri)

        def covered(iri, seen):  # the unit, the units inside it and, for a 2025 unit, the ones it replaced
            if iri in seen:
                return seen
            seen.add(iri)
            for c in children[iri] | set(units.get(iri, {}).get("replaces", [])):
                covered(c, seen)
            return seen

        docs_by_province = defaultdict(list)
        for iri, doc in self.d.documents.items():
            docs_by_province[doc["province"]].append(iri)
        for iri, u in units.items():
            area = covered(iri, set())
            projects = sorted({p for a in area for p in placed[a]}, key=self.label)
            direct = placed[iri]
            docs = sorted({doc for a in area for doc in docs_by_province.get(a, [])})
            self.write(page_path(iri), "place.html", u=u, iri=iri, projects=projects, direct=direct, docs=docs,
                       inside=sorted(children[iri], key=self.label))

    # ---------------------------------------------------------------- gallery and index

    def gallery(self):
        qs = library.available()
        for q in qs:
            purpose, header = q.purpose, q.details
            self.write(f"gallery/{q.name}.html", "query.html", q=q, purpose=purpose, header=header,
                       sparql=with_prefixes(q.text),
                       default_page=DEFAULT_ENDPOINT_PAGE)
        self.write("gallery/index.html", "gallery.html", queries=qs)

    def index(self):
        d = self.d
        entries = []
        for iri, p in d.projects.items():
            entries.append({"n": p["name"], "k": site_data.folded(p["name"], *p["aliases"]),
                            "u": page_path(iri), "t": p["type"], "p": p["provinceName"] or "", "c": p["mentions"] or 0})
        shutil.copytree(HERE / "static", self.out / "static", dirs_exist_ok=True)
        self.files.update(f"static/{f.name}" for f in (HERE / "static").iterdir())
        # a script, not a .json file: browsers refuse fetch() from file://, but load <script src>
        self.save("static/search-index.js",
                  "var KG_INDEX = " + json.dumps(entries, ensure_ascii=False, separators=(",", ":")) + ";\n")
        by = {"type": defaultdict(list), "province": defaultdict(list), "status": defaultdict(list)}
        for iri, p in sorted(d.projects.items(), key=lambda kv: kv[1]["name"].casefold()):
            by["type"][p["type"]].append(iri)
            by["province"][p["provinceName"] or "?"].append(iri)
            by["status"][self.latest_phase(iri)].append(iri)
        units_by_level = defaultdict(list)
        for iri, u in sorted(d.units.items(), key=lambda kv: (kv[1]["code"] or "")):
            units_by_level[u["level"]].append(iri)
        self.write("index.html", "index.html", by={k: dict(sorted(v.items())) for k, v in by.items()},
                   documents=list(d.documents), indicators=[i for i in d.indicators if d.series.get(i)],
                   quiet=[i for i in d.indicators if not d.series.get(i)], units=units_by_level,
                   n_projects=len(d.projects), n_mentions=sum(len(v) for v in d.mentions.values()),
                   phases=list(charts.PHASE_COLOURS))


def build(store_dir, corpus: Path, out: Path, endpoint: str = "") -> Counter:
    """Generate the whole site; returns the number of pages per section."""
    d = site_data.load(store_dir, corpus)
    out.mkdir(parents=True, exist_ok=True)
    site = Site(d, out, endpoint)
    site.projects()
    site.documents()
    site.indicators()
    site.places()
    site.gallery()
    site.index()
    _forget_stale(out, site.files)
    return site.written


MANIFEST = ".kg-site-files"


def _forget_stale(out: Path, files: set[str]):
    """Remove the pages an earlier run wrote that this one did not (a project merged away ...), and
    only those: the folder may hold other things."""
    manifest = out / MANIFEST
    if manifest.exists():
        for old in set(manifest.read_text(encoding="utf-8").split("\n")) - files - {""}:
            if ".." not in Path(old).parts:
                (out / old).unlink(missing_ok=True)
    manifest.write_text("\n".join(sorted(files)) + "\n", encoding="utf-8")

