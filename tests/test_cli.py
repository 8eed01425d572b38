import csv
import io
import json
import shutil

import pytest

from kg.cli import main

from conftest import CORPUS, seed


def test_extract_json_contract(runner):
    r = runner.invoke(main, ["extract", str(seed("004")), "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert set(out) >= {"document", "targets", "project_mentions"}
    doc = out["document"]
    assert doc["issuer"] == "Hội đồng nhân dân tỉnh Trà Vinh" and doc["session"] == 19
    assert {"number", "kind", "date", "span"} <= set(doc["cited_documents"][0])


@pytest.fixture
def built(cli_built, tmp_path):
    """A private copy of the seed store, for tests that try to change it."""
    path = tmp_path / "store"
    shutil.copytree(cli_built, path)
    return path


def _stats(runner, path):
    r = runner.invoke(main, ["stats", "--json", "--store", str(path)])
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


BAD = {
    "empty.txt": b"",
    "binary.bin": bytes(range(256)) * 4,
    "latin1.txt": "NGHỊ QUYẾT về kinh tế".encode("utf-8").replace(b"\xe1\xbb\x8a", b"\xc9"),
    "page.html": b"<!doctype html><html><head><title>x</title></head><body>NGH\xe1\xbb\x8a QUY\xe1\xba\xbeT</body></html>",
    "notes.txt": "Ghi chú cuộc họp, không phải văn bản.".encode(),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_is_refused_and_the_store_left_as_it_was(runner, built, tmp_path, name):
    before = _stats(runner, built)
    bad = tmp_path / name
    bad.write_bytes(BAD[name])
    for args in (["ingest", str(bad)], ["ingest", str(seed("000")), str(bad)]):
        r = runner.invoke(main, [*args, "--store", str(built)])
        assert r.exit_code == 1
        lines = [l for l in r.output.splitlines() if l.strip()]
        assert len(lines) == 1 and lines[0].startswith("error:") and name in lines[0], r.output
    # build from a corpus with the bad file in it fails too and keeps the old store
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    shutil.copy(bad, corpus / name)
    r = runner.invoke(main, ["build", "--corpus", str(corpus), "--store", str(built)])
    assert r.exit_code == 1 and name in r.output
    assert _stats(runner, built) == before


@pytest.mark.parametrize("args,words", [
    (["ingest", "no/such/file.txt"], "no such file"),
    (["build", "--corpus", "no/such/dir"], "no such directory"),
])
def test_missing_paths(runner, cli_built, args, words):
    r = runner.invoke(main, [*args, "--store", str(cli_built)])
    assert r.exit_code == 1 and words in r.output and "Traceback" not in r.output


def test_empty_corpus_folder(runner, cli_built, tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "README.md").write_text("nothing here")
    r = runner.invoke(main, ["build", "--corpus", str(tmp_path / "empty"), "--store", str(cli_built)])
    assert r.exit_code == 1 and "no documents" in r.output


def test_store_from_environment(runner, cli_built, monkeypatch):
    monkeypatch.setenv("KG_STORE", str(cli_built))
    assert runner.invoke(main, ["stats"]).exit_code == 0


@pytest.mark.slow
def test_validate_passes_on_the_seed_store(runner, cli_built):
    r = runner.invoke(main, ["validate", "--store", str(cli_built)])
    assert r.exit_code == 0, r.output
    assert "conforms" in r.output


def test_query_documents_as_json_with_a_diacritic_free_parameter(runner, cli_built):
    r = runner.invoke(main, ["query", "documents", "--param", "province=ben tre", "--format", "json",
                             "--store", str(cli_built)])
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert len(rows) == 4 and {x["provinceName"] for x in rows} == {"Bến Tre"}
    assert [x["date"] for x in rows] == sorted(x["date"] for x in rows)
    plan = next(x for x in rows if x["file"].startswith("001"))
    assert (plan["periodStart"], plan["periodEnd"], plan["citations"]) == (2021, 2025, 7)


def test_query_citations_csv_and_stub_nodes(runner, cli_built):
    r = runner.invoke(main, ["query", "citations", "-p", "key=18-NQ/TW", "--format", "csv", "--store", str(cli_built)])
    assert r.exit_code == 0, r.output
    lines = r.output.strip().splitlines()
    assert lines[0].startswith("citing,cited,kind,number")
    assert len(lines) == 4  # 2024 resolution cites the 2017 one; the 2023 annex both the 2017 and the 2022 one
    assert sum("18-nq-tw-2022" in l for l in lines) == 1


def test_query_errors_are_one_line(runner, cli_built):
    for args, words in ((["query", "nope"], "no query named"),
                        (["query", "documents", "-p", "colour=red"], "no parameter"),
                        (["query", "documents", "-p", "novalue"], "NAME=VALUE")):
        r = runner.invoke(main, [*args, "--store", str(cli_built)])
        assert r.exit_code == 1 and words in r.output
        assert len(r.output.strip().splitlines()) == 1


def test_query_list(runner):
    r = runner.invoke(main, ["query", "--list"])
    assert r.exit_code == 0 and "documents" in r.output and "citations" in r.output


def test_indicator_series_per_capita(runner, cli_built):
    r = runner.invoke(main, ["indicator", "grdp_per_capita", "--json", "--store", str(cli_built)])
    assert r.exit_code == 0, r.output
    rows = [(x["province"], x["period_start"], x["period_end"], x["value"], x["unit"]) for x in json.loads(r.stdout)]
    assert ("Bến Tre", 2025, 2025, 87, "million_vnd_per_person") in rows  # set by the 2021-2025 plan
    assert ("Bến Tre", 2024, 2024, 60.3, "million_vnd_per_person") in rows
    assert ("Bến Tre", 2025, 2025, 62.0, "million_vnd_per_person") in rows
    assert ("Trà Vinh", 2025, 2025, 101, "million_vnd_per_person") in rows
    assert [x[1] for x in rows] == sorted(x[1] for x in rows)  # ordered by period


def test_indicator_words_without_diacritics_and_province(runner, cli_built):
    r = runner.invoke(main, ["indicator", "gdp", "binh", "quan", "dau", "nguoi", "--province", "tra vinh",
                             "--store", str(cli_built)])
    assert r.exit_code == 0, r.output
    assert "Trà Vinh" in r.output and "Bến Tre" not in r.output and "101" in r.output


def test_indicator_unknown_and_ambiguous(runner, cli_built):
    r = runner.invoke(main, ["indicator", "qwertyuiop", "--store", str(cli_built)])
    assert r.exit_code == 1 and "closest" in r.output
    r = runner.invoke(main, ["indicator", "poverty", "--store", str(cli_built)])
    assert r.exit_code == 1 and "poor_household_rate" in r.output


def test_plan_revisions(cli_built, query_json):
    rows = query_json(cli_built, "plan-revisions")
    per_capita = [r for r in rows if r["indicatorKey"] == "grdp_per_capita"]
    assert [(r["year"], r["planValue"], r["annualValue"]) for r in per_capita] == [(2025, 87, 62.0)]
    growth = [(r["year"], r["planMin"], r["planMax"], r["annualMin"], r["annualMax"])
              for r in rows if r["indicatorKey"] == "grdp_growth"]
    assert growth == [(2024, 8.5, 9.5, 6.5, 7), (2025, 8.5, 9.5, 6.0, 6.5)]
    # an annual target equal to the plan's is no revision
    assert not any(r["indicatorKey"] == "hospital_beds_per_10k" and r["year"] == 2025 for r in rows)


def test_cross_province_targets(cli_built, query_json):
    rows = query_json(cli_built, "cross-province-targets",
                       "indicator=https://w3id.org/vn-plan-kg/id/indicator/grdp_per_capita")
    # Bến Tre's 2025 target was set twice: 87 by the 2021-2025 plan, 62,0 by the 2025 resolution
    assert sorted((r["provinceA"], r["valueA"], r["provinceB"], r["valueB"]) for r in rows) == [
        ("Bến Tre", 62.0, "Trà Vinh", 101), ("Bến Tre", 87, "Trà Vinh", 101)]


def test_indicator_series_query_by_province(cli_built, query_json):
    rows = query_json(cli_built, "indicator-series", "province=tra vinh")
    assert rows and {r["provinceName"] for r in rows} == {"Trà Vinh"}
    assert all(r["quote"] for r in rows)


# ------------------------------------------------------------------ the terminal as a researcher needs it

from click.testing import CliRunner  # noqa: E402

from kg import queries  # noqa: E402
from kg.text import load_text  # noqa: E402


@pytest.fixture(scope="session")
def kg_store(cli_built):
    """The seed corpus built by `kg build`, as a user builds it (conftest's; these tests only read it)."""
    return cli_built


def kg(store_path, *args, env=None):
    """Run the CLI on a store; the language comes from LANG alone (LC_ALL and LC_MESSAGES unset)."""
    return CliRunner().invoke(main, [*args, "--store", str(store_path)],
                              env={"LC_ALL": None, "LC_MESSAGES": None, "LANG": "en_US.UTF-8", **(env or {})})


def _text(source_file):
    return load_text(CORPUS / source_file)


def test_project_csv_one_row_per_mention_with_its_citation(kg_store):
    r = kg(kg_store, "project", "rach mieu 2", "--format", "csv")
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert len(rows) == 5
    assert {"document_label", "provision", "date", "action_label", "quote", "span"} <= set(rows[0])
    assert {(x["document_label"], x["provision"], x["action_label"]) for x in rows} >= {
        ("BC 525-BC/TU Bến Tre 01/12/2023 PL2", "dòng 4.1, cột Kết quả", "Under construction"),
        ("NQ HĐND Bến Tre 07/12/2023", "Điều 2 › 3 › b", "Accelerate"),
        ("NQ HĐND Bến Tre 06/12/2024", "Điều 2 › 3 › b", "Inaugurate")}
    for x in rows:  # the span is where the name stands in the source file
        start, end = map(int, x["span"].split("-"))
        assert _text(x["source_file"])[start:end] == x["surface"]


def test_project_json_carries_document_label_provision_source_and_span(kg_store):
    r = kg(kg_store, "project", "KCN Phu Thuan", "--json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    for m in out["mentions"]:
        assert {"document", "document_label", "provision", "source_file", "span"} <= set(m)
        assert m["document"].startswith("https://w3id.org/vn-plan-kg/id/doc/")
        assert _text(m["source_file"])[m["span"][0]:m["span"][1]] == m["surface"]
    # "resolution b" was two resolutions: the labels tell them apart
    assert len({m["document_label"] for m in out["mentions"] if m["doc_type"] == "resolution"}) >= 2


def test_project_table_cites_and_never_cuts(kg_store):
    r = kg(kg_store, "project", "rach mieu 2")
    assert r.exit_code == 0, r.output
    assert "BC 525-BC/TU Bến Tre 01/12/2023 PL2" in r.stdout and "NQ HĐND Bến Tre 06/12/2024" in r.stdout
    assert "resolution b" not in r.stdout and "report_annex" not in r.stdout
    assert "5 mentions" in r.stdout and "Inaugurate" in r.stdout and "inaugurate" not in r.stdout


def test_one_mention_is_singular(kg_store):
    r = kg(kg_store, "project", "cau cua dai")
    assert r.exit_code == 0, r.output
    assert "1 mention\n" in r.stdout and "1 mentions" not in r.stdout


@pytest.mark.parametrize("word,kind,some", [
    ("cau", "bridge", {"cầu Rạch Miễu 2", "cầu Cửa Đại", "cầu Đình Khao", "cầu Cổ Chiên 2"}),
    ("khu cong nghiep", "industrial park", {"Khu công nghiệp Phú Thuận"}),
    ("bridge", "bridge", {"cầu Ba Lai 8"}),
])
def test_a_generic_word_lists_the_projects_of_that_kind(kg_store, word, kind, some):
    r = kg(kg_store, "project", word)
    assert r.exit_code == 1
    assert f"is a kind of project ({kind}) and matches several" in r.stderr
    for name in some:
        assert name in r.stderr
    assert "5 mentions" in r.stderr or "mention" in r.stderr
    assert "Traceback" not in r.output


def test_an_ambiguous_query_lists_the_candidates(kg_store):
    r = kg(kg_store, "project", "cau rach")
    assert r.exit_code == 1
    assert "matches several projects about equally (2)" in r.stderr
    assert "cầu Rạch Miễu 2  (bridge, Bến Tre, 5 mentions)" in r.stderr and "cầu Rạch Vong" in r.stderr


def test_a_locality_that_is_not_in_the_store_is_not_answered_with_another(kg_store):
    r = kg(kg_store, "locality", "phu thuan")
    assert r.exit_code == 1
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: no locality in the store matches 'phu thuan'")
    assert "Xã Phú Thuận, Bình Đại, Bến Tre" in lines[0]  # the official unit, named by no document
    assert not r.stdout


@pytest.mark.parametrize("day", ["notadate", "2024-02-30", "06/01/2024"])
def test_a_bad_date_names_the_form(kg_store, day):
    r = kg(kg_store, "locality", "binh dai", "--on", day)
    assert r.exit_code == 1
    assert r.stderr.strip().splitlines() == [f"error: --on {day!r} is not a date; the form is YYYY-MM-DD, "
                                             "e.g. 2024-06-01"]


def test_a_province_the_store_does_not_hold_is_named_with_those_it_does(kg_store):
    r = kg(kg_store, "indicator", "grdp_growth", "--province", "ha noi")
    assert r.exit_code == 1
    assert "no province 'ha noi' in the store; provinces: Bến Tre, Trà Vinh" in r.stderr


def test_parameters_in_the_forms_the_cli_prints(kg_store):
    full = kg(kg_store, "query", "project-history", "-p",
              "project=https://w3id.org/vn-plan-kg/id/project/cau-rach-mieu-2", "--format", "json")
    assert full.exit_code == 0 and len(json.loads(full.stdout)) == 5
    for value in ("id:project/cau-rach-mieu-2", "project/cau-rach-mieu-2", "rach mieu 2",
                  "<https://w3id.org/vn-plan-kg/id/project/cau-rach-mieu-2>"):
        r = kg(kg_store, "query", "project-history", "-p", f"project={value}", "--format", "json")
        assert r.exit_code == 0, (value, r.output)
        assert json.loads(r.stdout) == json.loads(full.stdout), value
    r = kg(kg_store, "query", "cross-province-targets", "-p", "indicator=grdp_per_capita", "--format", "json")
    assert r.exit_code == 0 and {x["provinceB"] for x in json.loads(r.stdout)} == {"Trà Vinh"}
    r = kg(kg_store, "query", "projects", "-p", "type=cầu", "--format", "json")
    assert r.exit_code == 0 and "cầu Rạch Miễu 2" in {x["name"] for x in json.loads(r.stdout)}
    assert not {x["name"] for x in json.loads(r.stdout)} & {"Khu công nghiệp Phú Thuận"}


def test_a_bad_parameter_names_the_expected_form(kg_store):
    r = kg(kg_store, "query", "provenance", "-p", "fact=target 1")
    assert r.exit_code == 1
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "wants an IRI: id:..." in lines[0] and "'target 1'" in lines[0]


def test_zero_rows_are_said_on_stderr(kg_store):
    r = kg(kg_store, "query", "documents", "-p", "province=ha noi")
    assert r.exit_code == 0
    assert "0 rows" in r.stderr and "Bến Tre, Trà Vinh" in r.stderr and not r.stdout.strip()
    r = kg(kg_store, "query", "documents", "-p", "province=ha noi", "--format", "json")
    assert json.loads(r.stdout) == []  # a program reads [] (and nothing else)


def test_piped_query_tables_show_every_column_and_value_whole(kg_store):
    r = kg(kg_store, "query", "plan-revisions")
    assert r.exit_code == 0, r.output
    rows = json.loads(kg(kg_store, "query", "plan-revisions", "--format", "json").stdout)
    head = next(l for l in r.stdout.splitlines() if "indicatorKey" in l)
    for name in rows[0]:
        assert f" {name} " in head
    assert "…" not in r.stdout
    for x in rows:
        assert x["planDate"] in r.stdout and x["indicatorKey"] in r.stdout
    assert "28 rows" in r.stdout


def test_query_list_shows_whole_purposes(kg_store):
    r = kg(kg_store, "query", "--list")
    flat = " ".join(r.stdout.split())
    for q in queries.available():
        header = []
        for line in q.text.splitlines():
            if not line.startswith("#") or not line.lstrip("# ").strip():
                break
            header.append(line.lstrip("# ").strip())
        last_words = " ".join(" ".join(header).split()[-4:])
        assert last_words in flat, q.name


@pytest.mark.parametrize("lang,words", [
    ("vi", ["4 302 USD/người", "60,3 triệu đồng/người", "hằng năm", "văn bản", "5 mục tiêu"]),
    ("en", ["4,302 USD per person", "60.3 million VND per person", "annual", "document", "5 targets"]),
])
def test_indicator_in_two_languages(kg_store, lang, words):
    r = kg(kg_store, "indicator", "gdp binh quan dau nguoi", "--lang", lang)
    assert r.exit_code == 0, r.output
    flat = r.stdout.replace("\u00a0", " ")
    for w in words:
        assert w in flat, w
    assert "usd_per_person" not in flat and "NQ HĐND Trà Vinh 11/12/2024" in flat and "Điều 2 › 2 › đ" in flat


def test_language_from_lang(kg_store):
    r = kg(kg_store, "project", "rach mieu 2", env={"LANG": "vi_VN.UTF-8"})
    assert "Khánh thành" in r.stdout and "trích dẫn" in r.stdout and "5 lần nhắc" in r.stdout
    r = kg(kg_store, "project", "rach mieu 2", env={"LANG": ""})
    assert "Inaugurate" in r.stdout and "quote" in r.stdout


def test_indicator_json_and_csv_cite(kg_store):
    rows = json.loads(kg(kg_store, "indicator", "grdp_per_capita", "--format", "json").stdout)
    plan = next(x for x in rows if x["value"] == 87)
    assert (plan["document_label"], plan["provision"], plan["source_file"]) == (
        "NQ HĐND Bến Tre 09/12/2020", "Điều 1 › 2 › c", "001_dafdf37ecc6638ab.txt")
    assert _text(plan["source_file"])[plan["span"][0]:plan["span"][1]] == plan["quote"]
    lines = kg(kg_store, "indicator", "grdp_per_capita", "--format", "csv").stdout.splitlines()
    assert len(lines) == len(rows) + 1 and "document_label" in lines[0]


def test_a_near_spelling_of_a_locality_is_said(kg_store):
    r = kg(kg_store, "locality", "binh dia", "--format", "json")  # one letter swapped
    assert r.exit_code == 0, r.output
    assert "nearest spelling is Huyện Bình Đại" in r.stderr
    out = json.loads(r.stdout)
    assert out["locality"]["code"] == "835" and out["linked"]
    assert {x["label"] for x in out["linked"]} >= {"đường Đê Tây", "Khu đô thị mới Bình An"}


def test_extract_prints_everything_found():
    r = CliRunner().invoke(main, ["extract", str(seed("004"))], env={"LC_ALL": None, "LC_MESSAGES": None, "LANG": "en_US"})
    assert r.exit_code == 0, r.output
    doc = json.loads(CliRunner().invoke(main, ["extract", str(seed("004")), "--json"]).stdout)
    assert "NQ HĐND Trà Vinh 11/12/2024" in r.stdout
    assert f"{len(doc['document']['cited_documents'])} cited documents" in r.stdout
    assert f"{len(doc['targets'])} targets" in r.stdout and f"{len(doc['project_mentions'])} mentions" in r.stdout
    assert "4,302 USD per person" in r.stdout and "Điều 2 › 2 › a › (2)" in r.stdout
    assert "Cầu Đại Ngãi" in r.stdout or "cầu Đại Ngãi" in r.stdout.lower()


def test_gephi_documents_are_labelled_by_their_citation(kg_store, tmp_path):
    import networkx as nx
    out = tmp_path / "g.gexf"
    assert kg(kg_store, "export", "gexf", str(out)).exit_code == 0
    g = nx.read_gexf(out)
    docs = {d["label"] for _, d in g.nodes(data=True) if d["type"] == "document"}
    assert docs == {"NQ HĐND Bến Tre 06/12/2024", "NQ HĐND Bến Tre 09/12/2020", "NQ HĐND Bến Tre 07/12/2023",
                    "BC 525-BC/TU Bến Tre 01/12/2023 PL2", "NQ HĐND Trà Vinh 11/12/2024"}
    doc = "https://w3id.org/vn-plan-kg/id/doc/ben-tre/nghi-quyet/2024-12-06-7afce9"
    edge = g.edges[doc, "https://w3id.org/vn-plan-kg/id/project/cau-rach-mieu-2"]
    assert edge["cited_at"] == "NQ HĐND Bến Tre 06/12/2024, Điều 2 › 3 › b"  # where the edge was stated


def test_plot_in_vietnamese(kg_store, tmp_path):
    out = tmp_path / "p.svg"
    r = kg(kg_store, "plot", "project", "rach mieu 2", str(out), "--lang", "vi")
    assert r.exit_code == 0, r.output
    svg = out.read_text(encoding="utf-8")
    assert "5 lần nhắc" in r.stdout and "NQ HĐND Bến Tre 06/12/2024" in svg and "Khánh thành" in svg


def test_zero_rows_are_said_on_stderr_in_every_format(kg_store):
    for fmt in ("table", "csv", "json"):
        r = kg(kg_store, "query", "projects", "-p", "type=no_such_type", "--format", fmt)
        assert r.exit_code == 0 and "0 rows" in r.stderr and "0 rows" not in r.stdout, fmt
    assert json.loads(kg(kg_store, "query", "projects", "-p", "type=no_such_type", "--format", "json").stdout) == []
