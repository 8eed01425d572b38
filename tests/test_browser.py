"""The site in a real browser: headless Chromium (Debian's `chromium`, driven by Playwright) reads the
pages `kg site` wrote, served with the endpoint by `kg serve --site` on a free loopback port."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # run by .ci/run after the quick suite (pytest -m slow)
from test_site import generated_site

from kg.site.server import free_port

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ROOT = Path(__file__).resolve().parents[1]

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install -e '.[test]')")
if not CHROMIUM.exists():
    pytest.skip("no browser: the Debian package `chromium` is not installed (see .ci/apt-packages.txt)",
                allow_module_level=True)


@pytest.fixture(scope="module")
def served(cli_built, tmp_path_factory):
    """`kg serve --site` over a freshly generated site; stopped (with its oxigraph) afterwards."""
    site = generated_site(cli_built, tmp_path_factory)[0]
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--site", str(site), "--store", str(cli_built),
                             "--host", "127.0.0.1", "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            if proc.poll() is not None:
                pytest.fail("kg serve --site stopped: " + proc.stderr.read().decode(errors="replace"))
            try:
                urllib.request.urlopen(base + "/index.html", timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()  # kg serve stops its oxigraph on SIGTERM
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        proc.stderr.close()


@pytest.fixture(scope="module")
def page(served):
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser.new_page(viewport={"width": 1280, "height": 900})
        finally:
            browser.close()


def test_search_project_then_the_span_of_a_mention(served, page):
    page.goto(served + "/index.html")
    page.fill("#q", "rach mieu 2")  # typed without diacritics
    first = page.locator("#results a").first
    sync_api.expect(first).to_have_text("cầu Rạch Miễu 2")
    first.click()
    page.wait_for_url(re.compile(r"/project/cau-rach-mieu-2\.html$"))
    sync_api.expect(page.locator("h1")).to_have_text("cầu Rạch Miễu 2")
    rows = page.locator("table.mentions tbody tr")
    assert rows.count() >= 5
    timeline = page.locator("figure img")
    sync_api.expect(timeline).to_be_visible()
    assert page.evaluate("document.querySelector('figure img').naturalWidth") > 0  # the SVG loaded
    assert "Rạch Miễu 2" in timeline.get_attribute("alt")

    link = rows.nth(rows.count() - 1).locator("a").first
    fragment = link.get_attribute("href").split("#")[1]
    link.click()
    page.wait_for_url(re.compile(r"/document/.*#" + fragment + "$"))
    mark = page.locator(f"mark#{fragment}")
    sync_api.expect(mark).to_be_in_viewport()
    assert "rạch miễu 2" in mark.inner_text().casefold()
    assert page.evaluate("document.querySelector(':target').id") == fragment
    # highlighted: the :target mark has its own background colour
    assert page.evaluate(f"getComputedStyle(document.getElementById('{fragment}')).backgroundColor") not in (
        "rgba(0, 0, 0, 0)", "transparent")


def test_gallery_query_opens_in_the_endpoint_with_rows(served, page):
    page.goto(served + "/gallery/project-history.html")
    page.fill("#p-project", "https://w3id.org/vn-plan-kg/id/project/cau-rach-mieu-2")
    assert "VALUES (?project)" in page.locator("#sparql").inner_text()
    page.click("a.open-endpoint")
    page.wait_for_url(re.compile(r"/endpoint/"))
    page.wait_for_selector(".yasqe .CodeMirror")
    assert page.title() == "SPARQL query · vn-plan-kg"
    table_rows = page.locator(".yasr table.dataTable tbody tr")
    try:
        table_rows.first.wait_for(timeout=5000)  # YASGUI runs a query given in the link
    except sync_api.TimeoutError:
        page.click(".yasqe_queryButton")
        table_rows.first.wait_for(timeout=10000)
    assert table_rows.count() >= 5
    assert "Rạch Miễu 2" in page.locator(".yasr").inner_text()
