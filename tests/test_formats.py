"""Real input formats: every seed rendered as PDF (letterhead, ruled annex table, running header,
page numbers), DOCX (letterhead and annex as tables), an HTML page of a legal-database site and
TCVN3 bytes — and `kg extract` must find in each what the .txt of the same seed yields."""
import hashlib
import json
import os
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import store
from kg.cli import main
from kg.extract import extract_file
from kg.formats import legacy, read
from kg.text import InputError

import render_documents as render
from conftest import SEEDS, seed

pytest.importorskip("reportlab")

META = ("doc_type", "heading", "title", "issuer", "province", "term", "session", "adopted", "effective",
        "period_start", "period_end", "signer", "number", "report_number", "report_date", "reports_on")
# A letterhead composed for the tests (the seeds were published without theirs).
LETTERHEAD = ("HỘI ĐỒNG NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
              "TỈNH BẾN TRE\tĐộc lập - Tự do - Hạnh phúc\n"
              "Số: 15/NQ-HĐND\tBến Tre, ngày 07 tháng 12 năm 2023\n")
QUICK = {("002", "pdf"), ("002", "docx"), ("004", "html"), ("002", "tcvn3.txt")}
FORMATS = ("pdf", "docx", "html", "tcvn3.txt", "tcvn3.docx")


def _source(prefix: str) -> str:
    text = seed(prefix).read_text(encoding="utf-8")
    return LETTERHEAD + text.lstrip() if prefix == "002" else text


def _render(prefix: str, fmt: str, out: Path) -> Path:
    text = _source(prefix)
    path = out / f"{prefix}.{fmt}"
    if fmt == "pdf":
        render.to_pdf(text, path)
    elif fmt == "docx":
        render.to_docx(text, path)
    elif fmt == "html":
        render.to_html(text, path)
    elif fmt == "tcvn3.txt":
        path.write_bytes(render.tcvn3_bytes(text))
    elif fmt == "tcvn3.docx":  # a .VnTime document: Word keeps the font's codes as Latin-1 letters
        render.to_docx(render.tcvn3_bytes(text).decode("cp1252"), path)
    return path


@pytest.fixture(scope="session")
def rendered(tmp_path_factory):
    """Render each (seed, format) once per session, on demand."""
    out = tmp_path_factory.mktemp("formats")
    made = {}

    def get(prefix, fmt):
        if (prefix, fmt) not in made:
            made[prefix, fmt] = _render(prefix, fmt, out)
        return made[prefix, fmt]
    return get


@pytest.fixture(scope="session")
def reference(tmp_path_factory):
    """What the .txt of each seed yields (002 with the composed letterhead)."""
    out = tmp_path_factory.mktemp("reference")
    cache = {}

    def get(prefix):
        if prefix not in cache:
            p = out / f"{prefix}.txt"
            p.write_text(_source(prefix), encoding="utf-8")
            cache[prefix] = _keys(extract_file(p))
        return cache[prefix]
    return get


def _keys(doc):
    c = doc.contract()
    targets = Counter((t["concept"], t["value"], t["min"], t["max"], t["unit"], t["comparator"]) for t in c["targets"])
    mentions = Counter((m["project_id"] or m["name"], m["action"]) for m in c["project_mentions"])
    return targets, mentions, {k: c["document"][k] for k in META}


def _share(want: Counter, got: Counter) -> float:
    return sum((want & got).values()) / sum(want.values()) if want else 1.0


def _check(prefix, fmt, rendered, reference):
    want_t, want_m, want_meta = reference(prefix)
    doc = extract_file(rendered(prefix, fmt))
    got_t, got_m, got_meta = _keys(doc)
    assert _share(want_t, got_t) >= 0.98, (want_t - got_t)
    assert _share(want_m, got_m) >= 0.98, (want_m - got_m)
    assert got_meta == want_meta
    assert sum(want_t.values()) + sum(want_m.values()) > 0
    return doc


MATRIX = [pytest.param(s.name[:3], f, marks=() if (s.name[:3], f) in QUICK else pytest.mark.slow)
          for s in SEEDS for f in FORMATS if not (f.startswith("tcvn3") and s.name[:3] == "003")]


@pytest.mark.parametrize("prefix,fmt", MATRIX)
def test_every_rendering_yields_what_the_text_yields(prefix, fmt, rendered, reference):
    doc = _check(prefix, fmt, rendered, reference)
    assert doc.origin.format == fmt.split(".")[-1]
    if fmt.startswith("tcvn3"):
        assert doc.origin.encoding == "TCVN3"


def test_pdf_letterhead_tables_headers_and_pages(rendered):
    pdf = rendered("002", "pdf")
    r = read(pdf)
    assert r.text.startswith(LETTERHEAD)  # two columns → one tab-separated line each
    assert "CÔNG BÁO" not in r.text  # the running header of every page is gone
    assert not any(line.strip().isdigit() for line in r.text.split("\n"))  # so are the page numbers
    import pypdfium2
    assert len(r.page_offsets) == len(pypdfium2.PdfDocument(str(pdf))) > 1
    last = r.text.rindex("Nghị quyết này")
    assert r.page_at(0) == 1 and r.page_at(last) == len(r.page_offsets)
    assert "\n\tCHỦ TỊCH" in r.text or "CHỦ TỊCH" not in _source("002")


@pytest.mark.slow
def test_pdf_annex_table_comes_back_as_the_tab_rows_annex_reads(rendered):
    r = read(rendered("003", "pdf"))
    rows = [line for line in r.text.split("\n") if "\t" in line]
    assert all(len(line.split("\t")) == 4 for line in rows)
    assert sum(line.startswith("STT\t") for line in rows) >= 20  # the header repeats on every page
    # footnote markers, typeset as small raised digits, are the superscripts the annex reader links by
    markers = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
    assert Counter(markers.findall(r.text)) == Counter(markers.findall(seed("003").read_text(encoding="utf-8")))


def test_docx_keeps_letterhead_and_annex_tables_in_order(rendered):
    r = read(rendered("003", "docx"))
    assert r.format == "docx" and r.page_offsets == []
    src = [line for line in seed("003").read_text(encoding="utf-8").split("\n") if "\t" in line]
    got = [line for line in r.text.split("\n") if "\t" in line]
    assert len(got) == len(src) and [g.split("\t")[0] for g in got] == [s.split("\t")[0].strip() for s in src]
    assert read(rendered("002", "docx")).text.startswith(LETTERHEAD)


def test_docx_merged_cells_are_said_once(tmp_path):
    import docx
    d = docx.Document()
    t = d.add_table(rows=2, cols=3)
    t.cell(0, 0).merge(t.cell(0, 1)).text = "HỘI ĐỒNG NHÂN DÂN TỈNH"
    t.cell(0, 2).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    t.cell(1, 0).text, t.cell(1, 1).text, t.cell(1, 2).text = "a", "b", "c"
    d.add_paragraph("NGHỊ QUYẾT")
    d.save(tmp_path / "m.docx")
    assert read(tmp_path / "m.docx").text == ("HỘI ĐỒNG NHÂN DÂN TỈNH\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                                              "a\tb\tc\nNGHỊ QUYẾT\n")


def _with_footnote(src: Path, out: Path, anchor: str, note: str):
    """A copy of a DOCX whose paragraph ending in ``anchor`` cites a real Word footnote."""
    import zipfile
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    notes = (f'<w:footnotes xmlns:w="{w}"><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:t>-</w:t></w:r>'
             f'</w:p></w:footnote><w:footnote w:id="7"><w:p><w:r><w:t>{note}</w:t></w:r></w:p></w:footnote></w:footnotes>')
    with zipfile.ZipFile(src) as z, zipfile.ZipFile(out, "w") as o:
        for item in z.infolist():
            data = z.read(item.filename).decode("utf-8") if item.filename.endswith(".xml") or item.filename.endswith(".rels") else z.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(f"{anchor}</w:t></w:r>", f'{anchor}</w:t></w:r><w:r><w:rPr><w:vertAlign w:val="superscript"/>'
                                    f'</w:rPr><w:footnoteReference w:id="7"/></w:r>', 1)
            elif item.filename == "word/_rels/document.xml.rels":
                data = data.replace("</Relationships>", '<Relationship Id="rIdFn" Target="footnotes.xml" Type="http://'
                                    'schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"/></Relationships>')
            elif item.filename == "[Content_Types].xml":
                data = data.replace("</Types>", '<Override PartName="/word/footnotes.xml" ContentType="application/'
                                    'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>')
            o.writestr(item, data)
        o.writestr("word/footnotes.xml", notes)


def test_docx_footnotes_are_markers_and_follow_the_text(rendered, tmp_path):
    out = tmp_path / "notes.docx"
    _with_footnote(rendered("002", "docx"), out, "KHÓA X - KỲ HỌP THỨ 11", "Kỳ họp thường lệ cuối năm 2023.")
    text = read(out).text
    assert "KHÓA X - KỲ HỌP THỨ 11¹\n" in text and text.endswith("\n¹ Kỳ họp thường lệ cuối năm 2023.\n")


def test_html_page_of_a_resolution_drops_the_site(rendered):
    r = read(rendered("004", "html"))
    assert r.format == "html" and r.text.startswith("NGHỊ QUYẾT")
    assert "Trang chủ" not in r.text and "Đăng nhập" not in r.text and "var x" not in r.text


@pytest.mark.parametrize("garbled,clean,code", [
    ("NGHÞ QUYÕT\nVÒ nhiÖm vô ph¸t triÓn kinh tÕ - x· héi n¨m 2025", "NGHỊ QUYẾT\nVề nhiệm vụ phát triển kinh tế - xã hội năm 2025", "TCVN3"),
    ("®IÒU 1. §­êng tØnh", "ĐIỀU 1. Đường tỉnh", "TCVN3"),
    ("NGHÒ QUYEÁT\nVeà nhieäm vuï phaùt trieån kinh teá - xaõ hoäi naêm 2025", "NGHỊ QUYẾT\nVề nhiệm vụ phát triển kinh tế - xã hội năm 2025", "VNI"),
    ("ÑIEÀU 1. Ñöôøng tænh, UÛy ban nhaân daân", "ĐIỀU 1. Đường tỉnh, Ủy ban nhân dân", "VNI"),
])
def test_legacy_font_text_is_repaired(garbled, clean, code):
    assert legacy.repair(garbled) == (clean, code)


def test_raw_viscii_bytes_are_read():
    table = {v: int(k, 16) for k, v in legacy.tables()["viscii"].items()}
    text = "Nghị quyết về nhiệm vụ phát triển kinh tế - xã hội tỉnh Bến Tre năm 2025; Ủy ban nhân dân"
    raw = bytes(table[c] if c in table else ord(c) for c in text)
    assert legacy.decode_bytes(raw) == (text, "VISCII")


def test_unicode_text_is_never_repaired():
    for p in SEEDS:
        assert legacy.repair(p.read_text(encoding="utf-8"))[1] is None


# ------------------------------------------------------------------ CLI, store, provenance

def _ingest(runner, path, store_dir):
    return runner.invoke(main, ["ingest", str(path), "--create", "--store", str(store_dir)])


def test_extract_json_and_text_of_a_pdf(runner, rendered):
    pdf = rendered("002", "pdf")
    r = runner.invoke(main, ["extract", str(pdf), "--text"])
    assert r.exit_code == 0 and r.output == read(pdf).text
    r = runner.invoke(main, ["extract", str(pdf), "--json"])
    out = json.loads(r.stdout)
    assert out["document"]["source"] == "002.pdf"
    text = read(pdf).text
    for t in out["targets"]:
        s, e = t["span"]
        assert text[s:e].strip() and " ".join(text[s:e].split())[:20] in " ".join(t["text"].split())


def test_ingest_pdf_names_the_file_quotes_the_stored_text_and_replaces(runner, rendered, tmp_path):
    pdf = tmp_path / "nq-2024-ben-tre.pdf"
    pdf.write_bytes(rendered("002", "pdf").read_bytes())
    s = tmp_path / "store"
    r = _ingest(runner, pdf, s)
    assert r.exit_code == 0, r.output
    before = store.stats(s)
    _, rows = store.select(s, """SELECT ?file ?text ?name ?format ?sha ?pages WHERE {
        ?doc kg:sourceFile ?file ; kg:sourceText ?text ; kg:pageOffsets ?pages ; prov:wasDerivedFrom ?f .
        ?f a prov:Entity ; kg:fileName ?name ; kg:fileFormat ?format ; kg:sha256 ?sha }""",
                           {"file": ("literal", pdf.name)})
    assert len(rows) == 1
    row = rows[0]
    assert (row["name"], row["format"]) == (pdf.name, "pdf")
    assert row["sha"] == hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert row["text"] == read(pdf).text and len(row["pages"].split()) > 1
    r = runner.invoke(main, ["project", "cum cong nghiep phong nam", "--json", "--store", str(s)])
    assert r.exit_code == 0, r.output
    mentions = json.loads(r.stdout)["mentions"]
    assert mentions
    for m in mentions:
        start, end = m["span"]
        assert row["text"][start:end] == m["surface"]
        assert m["quote"].strip("…").split("…")[0].strip() in row["text"]
    assert _ingest(runner, pdf, s).exit_code == 0
    assert store.stats(s) == before  # the same file again replaces its graph, never doubles it


@pytest.fixture(scope="session")
def one_document_store(tmp_path_factory):
    s = tmp_path_factory.mktemp("one") / "store"
    assert _ingest(CliRunner(), seed("004"), s).exit_code == 0
    return s


def test_build_reads_a_corpus_of_mixed_formats(runner, rendered, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(rendered("002", "pdf"), corpus / "nq-2024.pdf")
    shutil.copy(rendered("004", "html"), corpus / "nq-2025-tra-vinh.html")
    (corpus / "~$nq-2024.docx").write_bytes(b"\x00" * 162)  # Word's lock file: not a document
    r = runner.invoke(main, ["build", "--corpus", str(corpus), "--store", str(tmp_path / "store")])
    assert r.exit_code == 0, r.output
    assert "2 documents" in r.output and "nq-2024.pdf" in r.output and "nq-2025-tra-vinh.html" in r.output


def _scan_pdf(path: Path):
    """A page holding only an image: what a scanner produces."""
    import numpy as np
    from matplotlib import image
    from reportlab.pdfgen import canvas
    png = path.with_suffix(".png")
    image.imsave(png, np.random.default_rng(0).random((60, 80)), cmap="gray")
    c = canvas.Canvas(str(path))
    c.drawImage(str(png), 50, 400, 400, 300)
    c.showPage()
    c.save()


def _bad(kind: str, tmp_path: Path, rendered) -> Path:
    if kind == "scan":
        p = tmp_path / "scan.pdf"
        _scan_pdf(p)
    elif kind == "encrypted":
        p = render.to_pdf(_source("004"), tmp_path / "locked.pdf", encrypt="mật khẩu")
    elif kind == "corrupt-docx":
        p = tmp_path / "broken.docx"
        p.write_bytes(rendered("002", "docx").read_bytes()[:3000])
    else:
        p = tmp_path / "old.doc"
        p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    return p


@pytest.mark.parametrize("kind,words", [("scan", "needs OCR"), ("encrypted", "encrypted PDF"),
                                        ("corrupt-docx", "damaged DOCX"),
                                        ("doc-no-converter", "libreoffice-writer-nogui or antiword")])
def test_bad_files_get_one_line_and_leave_the_store_alone(kind, words, runner, rendered, tmp_path, monkeypatch,
                                                         one_document_store):
    s = tmp_path / "store"
    shutil.copytree(one_document_store, s)
    before = store.stats(s)
    bad = _bad(kind, tmp_path, rendered)
    if kind == "doc-no-converter":
        empty = tmp_path / "bin"
        empty.mkdir()
        monkeypatch.setenv("PATH", str(empty))
    r = _ingest(runner, bad, s)
    assert r.exit_code == 1
    lines = [line for line in r.output.strip().split("\n") if line]
    assert len(lines) == 1 and words in lines[0] and bad.name in lines[0], r.output
    assert store.stats(s) == before
    with pytest.raises(InputError):
        read(bad)


# ------------------------------------------------------------------ legacy .doc

SAMPLE = Path(__file__).parent / "data" / "nghi-quyet-mau.txt"  # composed; its .doc made by LibreOffice


def _only(tool: str, tmp_path: Path) -> str:
    """A PATH on which the one converter ``tool`` is found (antiword needs nothing else)."""
    d = tmp_path / f"only-{tool}"
    d.mkdir()
    (d / tool).symlink_to(shutil.which(tool))
    return str(d)


@pytest.mark.parametrize("tool", ["antiword", "soffice"])
def test_legacy_doc_reads_through_either_converter(tool, tmp_path, monkeypatch):
    if not shutil.which(tool):
        pytest.skip(f"{tool} not installed")
    if tool == "antiword":
        monkeypatch.setenv("PATH", _only("antiword", tmp_path))
    doc = extract_file(SAMPLE.with_suffix(".doc"))
    want_t, want_m, want_meta = _keys(extract_file(SAMPLE))
    got_t, got_m, got_meta = _keys(doc)
    assert doc.origin.format == "doc" and sum(want_t.values()) == 4 and sum(want_m.values()) == 3
    assert _share(want_t, got_t) >= 0.98 and _share(want_m, got_m) >= 0.98 and got_meta == want_meta


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice not installed")
def test_seed_saved_as_doc_by_libreoffice(rendered, reference, tmp_path, monkeypatch):
    import subprocess
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                    "doc", "--outdir", str(tmp_path), str(rendered("002", "docx"))], check=True, capture_output=True)
    for path in (None, _only("antiword", tmp_path) if shutil.which("antiword") else None):
        if path:
            monkeypatch.setenv("PATH", path)
        got_t, got_m, got_meta = _keys(extract_file(tmp_path / "002.doc"))
        want_t, want_m, want_meta = reference("002")
        assert _share(want_t, got_t) >= 0.98 and _share(want_m, got_m) >= 0.98 and got_meta == want_meta


@pytest.mark.skipif(not shutil.which("antiword"), reason="antiword not installed")
def test_doc_converter_that_fails_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", _only("antiword", tmp_path))
    p = tmp_path / "junk.doc"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048))
    with pytest.raises(InputError, match="antiword could not read"):
        read(p)
