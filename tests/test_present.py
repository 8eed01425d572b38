"""Presentation: citation labels of documents and provisions, tables that wrap and never hide,
excerpts cut between words, CSV cells."""
import io
import re
from pathlib import Path

import pytest
from rich.console import Console

from kg import cite, present
from kg.extract import extract_file
from kg.rdf import provision_at

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data" / "corpus"
DEV = ROOT.parent / "shared" / "dev" / "docs"


def seed(prefix):
    return next(CORPUS.glob(f"{prefix}_*.txt"))


@pytest.fixture(scope="module")
def annex():
    return extract_file(seed("003"))


@pytest.fixture(scope="module")
def plan():
    return extract_file(seed("001"))


def test_an_annex_is_cited_through_its_report(annex):
    assert cite.document_label(annex.meta, annex.source) == "BC 525-BC/TU Bến Tre 01/12/2023 PL2"


def test_a_resolution_without_its_own_number_is_cited_by_issuer_province_and_date(plan):
    assert cite.document_label(plan.meta, plan.source) == "NQ HĐND Bến Tre 09/12/2020"


def test_every_seed_has_its_own_label(docs):
    found = {cite.document_label(d.meta, d.source) for d in docs.values()}
    assert len(found) == len(docs)


@pytest.mark.skipif(not DEV.exists(), reason="dev set not present")
def test_dev_documents_with_their_own_numbers():
    labels = {p.name[:3]: cite.document_label(d.meta, d.source)
              for p in sorted(DEV.glob("D0[1248]_*.txt")) for d in [extract_file(p)]}
    assert labels["D04"] == "NQ 104/NQ-HĐND Nghệ An 06/12/2024"
    assert labels["D08"] == "NQ 176/NQ-HĐND Quảng Ninh 08/12/2023"
    # neither number nor date: the file name tells the document apart
    assert labels["D02"].startswith("PL BTV Tỉnh ủy Long An (D02_")
    assert labels["D01"].startswith("NQ 45/NQ-HĐND Long An")


def test_provision_of_an_annex_statement_names_row_and_column(annex):
    rach = [m for m in annex.project_mentions if "Rạch Miễu 2" in m.surface]
    got = {cite.provision_label(provision_at(annex, m.span[0]), m.role) for m in rach}
    assert got == {"dòng 4.1, cột Nội dung", "dòng 4.1, cột Kết quả"}


def test_provision_of_a_resolution_clause(plan):
    t = next(t for t in plan.targets if t.concept == "grdp_per_capita")
    assert cite.provision_label(provision_at(plan, t.span[0])) == "Điều 1 › 2 › c"
    assert cite.provision_label([]) is None


def _render(table, width):
    buf = io.StringIO()
    Console(file=buf, width=width, color_system=None).print(table)
    return buf.getvalue()


QUOTE = ("khánh thành cầu Rạch Miễu 2, Đường gom đường vào cầu Rạch Miễu 2, hoàn thành công trình đường từ "
         "cảng Giao Long đến Khu công nghiệp Phú Thuận (ĐT.DK.07)")


@pytest.mark.parametrize("width", [60, 100, 200])
def test_a_narrow_table_wraps_and_keeps_every_heading_and_word(width):
    headers = ["year", "planValue", "planDate", "document", "quote"]
    t = present.table("t", headers, [[2025, 87, "2020-12-09", "NQ HĐND Bến Tre 09/12/2020", QUOTE]])
    text = _render(t, width)
    assert "…" not in text
    head = next(l for l in text.splitlines() if "year" in l)
    for h in headers:
        assert h in head  # no heading squeezed below its width
    flat = re.sub(r"[│┃\s]+", " ", text)
    for word in QUOTE.split():
        assert word in flat or all(part in flat for part in re.findall(r".{1,8}", word))
    assert "2020-12-09" in flat  # a date is never cut


def test_the_pipe_console_has_no_width_limit():
    assert present.PIPE_WIDTH >= 10_000


def test_excerpt_cuts_between_words():
    long = " ".join(["Tập trung tối đa các nguồn lực để đẩy nhanh tiến độ"] * 8) + " cầu Rạch Miễu 2 và " + \
           " ".join(["đường gom đường vào cầu"] * 10)
    ex = present.excerpt(long, "cầu Rạch Miễu 2", width=120)
    assert "cầu Rạch Miễu 2" in ex and ex.startswith("…") and ex.endswith("…")
    words = set(long.split())
    assert all(w in words for w in ex.strip("…").split())
    assert present.excerpt("ngắn", "x") == "ngắn"


def test_csv_cells():
    text = present.csv_text(["a", "span", "flag", "list"], [{"a": "x, y", "span": [3, 9], "flag": True,
                                                             "list": ["lead: A", "partner: B"]}])
    assert text.splitlines() == ["a,span,flag,list", '"x, y",3-9,true,lead: A; partner: B']


def test_amounts():
    r = {"value": None, "min": 6.0, "max": 6.5, "unit": "percent", "comparator": "range"}
    assert present.amount(r, "en") == "6 – 6.5%"
    assert present.amount(r, "vi") == "6 – 6,5%"
    assert present.amount({"value": None, "min": None, "max": None}, "en") == "(qualitative)"
    assert present.amount({"value": 35, "unit": "percent", "comparator": "ge"}, "vi") == "≥ 35%"


def test_a_table_too_wide_for_the_terminal_becomes_one_block_per_record():
    headers = ["indicatorKey", "provinceName", "year", "planAggregation", "planValue", "planMin", "planMax",
               "annualValue", "annualMin", "annualMax", "unit", "planDate", "annualDate"]
    row = ["economic_structure_agriculture_share", "Bến Tre", 2025, "end_of_period", 26.51, None, None, 33.1,
           None, None, "percent", "2020-12-09", "2024-12-06"]
    text = _render(present.table("plan-revisions", headers, [row, row], width=80), 80)
    assert "…" not in text
    for h, v in zip(headers, row):
        line = next(l for l in text.splitlines() if f" {h} " in l)
        assert v is None or str(v) in line  # each heading beside its whole value


def test_columns_share_the_width_and_keep_their_words():
    headers = ["date", "document", "provision", "action", "quote"]
    rows = [["2023-12-01", "BC 525-BC/TU Bến Tre 01/12/2023 PL2", "dòng 4.1, cột Kết quả", "Under construction", QUOTE]]
    widths = present.column_widths(headers, rows, 100)
    assert widths[0] == len("2023-12-01") and widths[3] >= len("construction")
    assert sum(widths) + 3 * len(headers) + 1 <= 100
    assert widths[4] == max(widths)  # the quote takes the most
    assert present.column_widths(headers, rows, 1000) is None  # it all fits as it is


def test_cells_are_text_not_markup():
    text = _render(present.table(None, ["quote"], [["điểm [a] và [bold]b[/bold]"]]), 80)
    assert "điểm [a] và [bold]b[/bold]" in text


def test_a_piped_table_is_what_rich_prints(seed_store):
    """The library's answers on the seeds, printed as a pipe prints them: written directly, byte
    for byte what rich lays out (Vietnamese text, empty cells, right-aligned numbers)."""
    from kg import queries, store
    compared = 0
    for name in ("agency-responsibilities", "citations", "cross-province-targets", "documents", "indicator-series",
                 "localities", "plan-revisions", "project-joins", "projects", "recurring-commitments",
                 "slipped-deadlines"):
        q = queries.load(name)
        names, rows = store.select(seed_store, q.text, max_rows=None)
        cells = [[present.plain(r[n]) for n in names] for r in rows]
        right = tuple(i for i, n in enumerate(names) if all(type(r[n]) in (int, float) or r[n] is None for r in rows))
        buf = io.StringIO()
        Console(file=buf, width=present.PIPE_WIDTH, soft_wrap=True, highlight=False).print(
            present.table(f"{q.name}: {len(rows)} rows", names, cells, right=right, width=present.PIPE_WIDTH))
        if rows:
            assert present.plain_table(f"{q.name}: {len(rows)} rows", names, cells, right=right) == buf.getvalue(), q.name
            compared += 1
    assert compared >= 8
    assert present.plain_table("[bold]t[/]", ["a"], [["x"]]) is None  # markup: rich's own layout
    assert present.plain_table("t", ["a"], [["two\nlines"]]) is None
