import json
import shutil

import pytest

from kg.cli import main

from conftest import CORPUS, seed


def test_extract_json_contract(runner):
    r = runner.invoke(main, ["extract", str(seed("004")), "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
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
    return json.loads(r.output)


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


def test_validate_passes_on_the_seed_store(runner, cli_built):
    r = runner.invoke(main, ["validate", "--store", str(cli_built)])
    assert r.exit_code == 0, r.output
    assert "conforms" in r.output


def test_query_documents_as_json_with_a_diacritic_free_parameter(runner, cli_built):
    r = runner.invoke(main, ["query", "documents", "--param", "province=ben tre", "--format", "json",
                             "--store", str(cli_built)])
    assert r.exit_code == 0, r.output
    rows = json.loads(r.output)
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
    rows = [(x["province"], x["period_start"], x["period_end"], x["value"], x["unit"]) for x in json.loads(r.output)]
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
