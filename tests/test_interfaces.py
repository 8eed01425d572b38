"""What researchers use: the query library, the read-only endpoint, Gephi exports, pictures."""
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import networkx as nx
import pytest
from click.testing import CliRunner

from kg import queries
from kg.cli import main



def test_the_library_is_documented():
    library = queries.available()
    assert len(library) >= 10
    for q in library:
        assert q.purpose and "Example" in q.text, q.name
    r = CliRunner().invoke(main, ["query", "--list"])
    assert all(q.name in r.output for q in library)


def test_citation_graph_includes_stubs(cli_built, query_json):
    rows = query_json(cli_built, "citation-graph")
    assert any(r["number"] == "18-NQ/TW" and r["held"] is False for r in rows)
    assert {r["citingTitle"][:10] for r in rows} >= {"Về nhiệm v", "VỀ NHIỆM V"}


def test_provenance_of_a_target(cli_built, query_json):
    rows = query_json(cli_built, "provenance", "fact=https://w3id.org/vn-plan-kg/id/doc/ben-tre/nghi-quyet/2024-12-06-7afce9/target/1")
    assert [(r["sourceFile"], r["provision"], r["start"], r["end"]) for r in rows] == [
        ("000_7c0de37625fe557c.txt", "a", 2795, 2847)]
    assert rows[0]["quote"].startswith("Tốc độ tăng trưởng kinh tế (GRDP)")


def test_localities_projects_and_cards(cli_built, query_json):
    units = {(r["name"], r["level"]): r for r in query_json(cli_built, "localities")}
    assert units[("Bến Tre", "province")]["replacedBy"] == "Vĩnh Long"
    assert units[("Bình Đại", "district")]["code"] == "835"
    projects = query_json(cli_built, "projects", "type=bridge")
    assert {"cầu Rạch Miễu 2", "cầu Đình Khao"} <= {p["name"] for p in projects}
    card = query_json(cli_built, "project-card", "project=https://w3id.org/vn-plan-kg/id/project/ben-tre/nha-may-dien-gio-so-19")
    assert {"field": "capacityMW", "value": "50"} in [{k: c[k] for k in ("field", "value")} for c in card]
    edges = query_json(cli_built, "entity-graph")
    assert {e["relation"] for e in edges} >= {"mentions", "located_in", "issued_by", "cites", "responsible_for",
                                              "sets_target"}


def test_gephi_exports_read_back(cli_built, tmp_path):
    runner = CliRunner()
    gexf, graphml = tmp_path / "g.gexf", tmp_path / "g.graphml"
    assert runner.invoke(main, ["export", "gexf", str(gexf), "--dynamic", "--store", str(cli_built)]).exit_code == 0
    assert runner.invoke(main, ["export", "graphml", str(graphml), "--store", str(cli_built)]).exit_code == 0
    for path in (gexf, graphml):
        g = nx.read_gexf(path) if path.suffix == ".gexf" else nx.read_graphml(path)
        types = {d["type"] for _, d in g.nodes(data=True)}
        assert types == {"document", "cited_document", "project", "programme", "agency", "locality", "indicator"}
        assert all(d["years"] and d["label"] for _, d in g.nodes(data=True))
    dyn = nx.read_gexf(gexf)
    assert dyn.graph["mode"] == "dynamic"
    rach = next(d for _, d in dyn.nodes(data=True) if d["label"] == "cầu Rạch Miễu 2")
    assert rach["years"] == "2023,2024"
    assert "start=\"2023.0\"" in gexf.read_text(encoding="utf-8")


def test_rdf_dump(cli_built, tmp_path):
    out = tmp_path / "all.nq"
    assert CliRunner().invoke(main, ["export", "nquads", str(out), "--store", str(cli_built)]).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "<https://w3id.org/vn-plan-kg/graph/doc/000_7c0de37625fe557c.txt>" in text and "Rạch Miễu 2" in text


def test_plots_are_real_pictures(cli_built, tmp_path):
    runner = CliRunner()
    for args in (["plot", "project", "KCN Phu Thuan"], ["plot", "indicator", "grdp_per_capita"]):
        out = tmp_path / f"{args[1]}.png"
        r = runner.invoke(main, [*args, str(out), "--store", str(cli_built)])
        assert r.exit_code == 0, r.output
        data = out.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
    svg = tmp_path / "p.svg"
    assert runner.invoke(main, ["plot", "project", "rach mieu 2", str(svg), "--store", str(cli_built)]).exit_code == 0
    assert svg.read_text(encoding="utf-8").lstrip().startswith("<?xml")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_read_only_endpoint(cli_built):
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--port", str(port), "--store", str(cli_built)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        query = "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d <https://w3id.org/vn-plan-kg/ontology#sourceFile> ?f }"
        url = f"{base}/query?" + urllib.parse.urlencode({"query": query})
        for _ in range(100):  # wait for the server, at most ~10 s
            try:
                req = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
                with urllib.request.urlopen(req, timeout=2) as resp:
                    answer = json.loads(resp.read())
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.1)
        else:
            pytest.fail("the endpoint did not answer")
        assert answer["results"]["bindings"][0]["n"]["value"] == "5"  # all graphs as one default graph
        update = urllib.request.Request(f"{base}/update", data=b"update=INSERT+DATA+%7B%3Ca%3E+%3Cb%3E+%3Cc%3E%7D",
                                        headers={"Content-Type": "application/x-www-form-urlencoded"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(update, timeout=5)
        assert refused.value.code >= 400
        with urllib.request.urlopen(f"{base}/", timeout=5) as page:
            assert b"<html" in page.read().lower()
    finally:
        server.terminate()
        server.wait(timeout=10)
