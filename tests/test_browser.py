"""The built site in a real browser: headless Chromium (Debian's package) driven by Playwright.

The site is served on localhost; every page must load without console errors, make no request to
another host, be usable at 360 px without sideways scrolling, and pass axe-core with no serious
or critical violation. Search, chart/table tabs, downloads and the print page are exercised too.
"""
from __future__ import annotations

import csv
import functools
import http.server
import io
import json
import os
import re
import threading
from decimal import Decimal
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("LKJIP_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="module")
def server(built_site):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(built_site.site))
    handler.log_message = lambda *args: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: install Debian's chromium package (see .ci/run)"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def site_pages(built_site) -> list[str]:
    """Every HTML page of the site, as URL paths ('', '2025/profil/', ...)."""
    paths = []
    for path in sorted(built_site.site.rglob("index.html")):
        relative = path.parent.relative_to(built_site.site).as_posix()
        paths.append("" if relative == "." else relative + "/")
    return paths


def test_every_page_loads_without_errors_or_third_party_requests(built_site, server, page):
    errors, foreign = [], []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: foreign.append(request.url)
            if not request.url.startswith(server) and not request.url.startswith("data:") else None)
    pages = site_pages(built_site)
    assert len(pages) == sum(1 for _ in built_site.docs.rglob("*.md"))  # every generated page
    for path in pages:
        response = page.goto(server + path, wait_until="networkidle")
        assert response.status == 200, path
        assert page.locator("h1").count() >= 1, path
    assert errors == []
    assert foreign == []


def test_no_page_scrolls_sideways_on_a_360px_phone(built_site, server, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    wide = []
    for path in site_pages(built_site):
        page.goto(server + path, wait_until="load")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            wide.append((path, overflow))
    if not wide:
        page.goto(server + "2025/anggaran/", wait_until="load")
        page.screenshot(path=str(built_site.root / "anggaran-360.png"), full_page=False)
    context.close()
    assert wide == []


@pytest.mark.parametrize("term", ["koperasi", "pencari kerja", "10.036.268.000"])
def test_search_finds_indonesian_terms(server, page, term):
    page.goto(server, wait_until="networkidle")
    page.keyboard.press("/")  # Material's shortcut to the search field
    page.keyboard.type(term, delay=20)  # typed like a reader: search runs on key events
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15000)
    assert results.count() >= 1
    assert term.split()[0].lower() in page.locator(".md-search-result").inner_text().lower()


def test_search_index_is_fetched_only_when_search_is_opened(server, browser):
    """A first visit (here on a phone) loads neither the search index nor its worker; opening
    search by its icon loads both, and search then finds the report's words."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(server + "2025/", wait_until="networkidle")
    page.wait_for_timeout(500)
    assert not [u for u in requested if "search_index" in u or "/workers/" in u]
    page.locator("label.md-header__button[for=__search]").click()
    page.keyboard.type("penempatan", delay=20)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15000)
    assert [u for u in requested if u.endswith("search/search_index.json")]
    assert "penempatan" in page.locator(".md-search-result").inner_text().lower()
    context.close()


def test_a_page_opened_from_a_search_result_highlights_the_words(server, page):
    """A search result links to its page with ?h=: the page loads the index at once and marks the words."""
    page.goto(server + "2025/?h=koperasi", wait_until="networkidle")
    page.locator("mark").first.wait_for(timeout=15000)
    assert "koperasi" in page.locator("mark").first.inner_text().lower()


def test_tabs_switch_between_chart_and_table(server, page):
    page.goto(server + "2025/akuntabilitas/", wait_until="load")
    tabbed = page.locator(".tabbed-set").first
    labels = tabbed.locator(".tabbed-labels label")
    assert [labels.nth(i).inner_text() for i in range(labels.count())] == ["Grafik", "Tabel"]
    chart = tabbed.locator(".tabbed-block").nth(0)
    table = tabbed.locator(".tabbed-block").nth(1)
    assert chart.locator("svg[role=img]").is_visible() and not table.is_visible()
    labels.nth(1).click()
    assert table.locator("table").is_visible() and not chart.is_visible()
    labels.nth(0).click()
    assert chart.is_visible()


def _row_values(page, label):
    return page.evaluate("""(label) => {
        for (const row of document.querySelectorAll('article tr')) {
            const cells = [...row.querySelectorAll('td')].map(td => td.innerText.trim());
            if (cells.some(c => c.startsWith(label))) return cells;
        }
        return null;
    }""", label)


def test_downloads_are_valid_and_match_the_page(server, page):
    page.goto(server + "2025/anggaran/", wait_until="load")
    table = page.locator("figure", has=page.locator("figcaption", has_text="Tabel 3.8."))
    link = table.locator("a", has_text="CSV").first
    href = link.get_attribute("href")
    response = page.request.get(page.url + href if not href.startswith("/") else server + href.lstrip("/"))
    assert response.ok and "text/csv" in response.headers.get("content-type", "")
    rows = list(csv.DictReader(io.StringIO(response.text())))
    total = next(row for row in rows if row.get("tingkat") == "total")
    shown = _row_values(page, "Total")
    assert shown is not None
    assert f"Rp {format_id(total['anggaran'])}" in " ".join(shown).replace("\xa0", " ")  # Rp and its amount never part
    assert total["anggaran"] == "10036268000.00" and total["realisasi"] == "8767409001.00"

    json_href = table.locator("a", has_text="JSON").first.get_attribute("href")
    data = json.loads(page.request.get(page.url + json_href).text(), parse_float=Decimal)
    assert any(row.get("anggaran") == Decimal("10036268000.00") for row in data)

    package = page.request.get(server + "2025/data/datapackage.json").json()
    names = {resource["path"] for resource in package["resources"]}
    assert "realisasi-anggaran.csv" in names


def format_id(number: str) -> str:
    """10036268000.00 -> 10.036.268.000,00"""
    whole, _, sen = number.partition(".")
    groups = re.findall(r"\d{1,3}(?=(?:\d{3})*$)", whole)
    return ".".join(groups) + "," + (sen or "00")


def test_print_page_holds_every_chapter(server, page):
    page.goto(server + "2025/dokumen/", wait_until="load")
    for anchor in ("kata-pengantar", "daftar-isi", "daftar-tabel", "bab-1", "bab-2", "bab-3", "realisasi-anggaran", "bab-4"):
        assert page.locator(f"#{anchor}").count() == 1, anchor
    captions = page.locator("figcaption").all_inner_texts()
    for number in [f"1.{i}" for i in range(1, 6)] + [f"2.{i}" for i in range(1, 9)] + [f"3.{i}" for i in range(1, 10)]:
        assert any(text.startswith(f"Tabel {number}.") for text in captions), number
    assert "NIP. 19701004 199803 2 005" in page.inner_text("article")
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).display") == "none"
    assert page.evaluate("getComputedStyle(document.querySelector('#bab-2')).breakBefore") == "page"
    assert page.evaluate("getComputedStyle(document.querySelector('article thead')).display") == "table-header-group"


def test_accessibility_axe_finds_no_serious_violation(built_site, server, page):
    import axe_playwright_python

    axe_source = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
    problems = {}
    for path in site_pages(built_site):
        page.goto(server + path, wait_until="load")
        page.add_script_tag(content=axe_source)
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        serious = [f"{v['id']} ({v['impact']}): {v['help']} — {v['nodes'][0]['target']}"
                   for v in result["violations"] if v["impact"] in ("serious", "critical")]
        if serious:
            problems[path] = serious
        assert page.evaluate("document.documentElement.lang") == "id"
    assert problems == {}


def test_dark_scheme_follows_the_system_has_a_toggle_and_prints_light(server, browser):
    """A reader whose phone is set to dark gets the dark scheme (axe still clean), can switch it
    with the toggle, and printing gives white paper."""
    import axe_playwright_python

    axe_source = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
    context = browser.new_context(viewport={"width": 360, "height": 740}, color_scheme="dark")
    page = context.new_page()
    page.goto(server + "2025/", wait_until="load")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background != "rgb(255, 255, 255)"
    for path in ("2025/", "2025/anggaran/", "2025/kualitas-data/"):
        page.goto(server + path, wait_until="load")
        page.add_script_tag(content=axe_source)
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        assert [v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")] == [], path
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
    page.emulate_media(media="screen")
    toggle = page.locator("form[data-md-component=palette] label:visible").first
    assert "terang" in (toggle.get_attribute("title") or toggle.get_attribute("aria-label") or "")
    toggle.click()
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "default"
    context.close()


_TABLES = """() => [...document.querySelectorAll('.md-typeset table')].map(table => {
  const box = table.closest('.md-typeset__scrollwrap');
  const first = table.querySelector('tr > :first-child');
  const hint = box && box.previousElementSibling;
  const out = {wide: box ? box.scrollWidth > box.clientWidth + 1 : false,
               cue: !!(hint && hint.classList.contains('isyarat-geser') && hint.offsetHeight > 0),
               sticky: first ? getComputedStyle(first).position : '', stays: null,
               name: (table.closest('figure')?.querySelector('figcaption')?.textContent || '').trim().slice(0, 40)};
  if (out.wide && first) {
    box.scrollLeft = box.scrollWidth;
    out.stays = Math.abs(first.getBoundingClientRect().left - box.getBoundingClientRect().left) < 2;
    box.scrollLeft = 0;
  }
  return out;
})"""


def test_tables_fit_at_1280px_and_scroll_visibly_with_their_names_in_place_at_360px(built_site, server, browser):
    """At 1280 px no table of any page is wider than its column; at 360 px a wider table says so
    above it, and its first column (the row's name) stays in place while the others scroll."""
    lost, hidden = [], []
    for width in (1280, 360):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        for path in site_pages(built_site):
            page.goto(server + path, wait_until="load")
            for table in page.evaluate(_TABLES):
                if width == 1280 and table["wide"]:
                    lost.append((path, table["name"]))
                if width == 360 and table["wide"] and not (table["cue"] and table["sticky"] == "sticky" and table["stays"]):
                    hidden.append((path, table["name"], table))
        context.close()
    assert lost == []
    assert hidden == []
