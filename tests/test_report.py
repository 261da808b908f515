"""`minzu report`: one self-contained page, opened in headless Chromium (Debian's, installed by .ci/run)."""

from __future__ import annotations

import re
import shutil

import pytest
from conftest import blank, run_minzu

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Flags for a sandboxed root CI machine with no network: no sandbox, no GPU, no background calls home.
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="module")
def report(bundled_run, tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "report.html"
    result = run_minzu("report", bundled_run, "--html", path)
    assert result.returncode == 0, result.stderr
    return path


@pytest.fixture(scope="module")
def page(report):
    from playwright.sync_api import sync_playwright

    if not shutil.which(CHROMIUM):
        pytest.fail("Chromium is missing: `apt-get install chromium` (.ci/run and `make test` install it)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        tab = browser.new_page(viewport={"width": 1280, "height": 900})
        messages = []
        tab.on("console", lambda m: messages.append((m.type, m.text)))
        tab.on("pageerror", lambda e: messages.append(("pageerror", str(e))))
        tab.on("requestfailed", lambda r: messages.append(("requestfailed", r.url)))
        tab.goto(report.as_uri())
        tab.wait_for_load_state("load")
        tab.messages = messages
        yield tab
        browser.close()


def test_the_page_loads_nothing_from_elsewhere(report):
    text = report.read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", text)
    assert "Content-Security-Policy" in text


def test_the_page_opens_without_console_errors(page):
    assert [m for m in page.messages if m[0] in ("error", "pageerror", "requestfailed")] == []


MAPS = ["map-mentions", "map-cooperation", "map-years"]


def test_every_figure_renders(page):
    figures = page.query_selector_all("figure")
    assert [f.get_attribute("id") for f in figures] == ["fig-articles", "fig-programs", "fig-regions",
                                                        "fig-network", *MAPS]
    for figure in figures[:4]:
        image = figure.query_selector("img")
        assert image.evaluate("img => img.complete && img.naturalWidth > 0"), figure.get_attribute("id")
        assert not blank(image.screenshot()), figure.get_attribute("id")


def test_every_map_renders_as_an_inline_svg(page):
    for key in MAPS:
        svg = page.query_selector(f"#{key} > svg")
        assert svg.bounding_box()["width"] > 600, key
        assert not blank(svg.screenshot()), key


def test_hovering_a_region_or_an_arc_shows_its_name_and_counts(page):
    region = page.query_selector("#map-mentions g#region-532300")
    region.hover(timeout=5000)  # reachable by the pointer: nothing drawn over it takes the hover
    assert page.evaluate("() => document.querySelector('#map-mentions g#region-532300').matches(':hover')")
    assert re.fullmatch(r"楚雄彝族自治州（532300）：\d+ 篇报道提及", region.query_selector("title").text_content())
    arcs = page.query_selector_all("#map-cooperation g[id^=arc-] > title")
    assert arcs and all(re.search(r" — .+：\d+ 项协议（", a.text_content()) for a in arcs)
    assert any("跨省" in a.text_content() for a in arcs)
    assert page.query_selector_all("#map-years g[id*=-arc-] > title")


def test_the_report_with_its_maps_stays_a_mailable_file(report):
    assert report.stat().st_size < 3 * 1024 * 1024


def test_a_table_is_searchable(page):
    block = page.query_selector("#t-officials")
    rows = block.query_selector_all("tbody tr")
    block.query_selector("input[type=search]").fill("国家民委")
    visible = [r for r in rows if r.is_visible()]
    assert 0 < len(visible) < len(rows)
    assert all("国家民委" in r.inner_text() for r in visible)
    assert block.query_selector(".count").inner_text().startswith(f"{len(visible)} / {len(rows)}")
    block.query_selector("input[type=search]").fill("")
    assert all(r.is_visible() for r in rows)


def test_a_table_is_sortable(page):
    block = page.query_selector("#t-programs")
    header = block.query_selector_all("th")[2]  # stories
    assert header.inner_text().startswith("stories")
    header.click()
    values = [int(r.query_selector_all("td")[2].inner_text()) for r in block.query_selector_all("tbody tr")]
    assert values == sorted(values)
    header.click()
    values = [int(r.query_selector_all("td")[2].inner_text()) for r in block.query_selector_all("tbody tr")]
    assert values == sorted(values, reverse=True)


def test_a_folder_that_is_no_output_gets_a_clear_error(tmp_path):
    result = run_minzu("report", tmp_path, "--html", tmp_path / "r.html")
    assert result.returncode == 1 and "minzu run" in result.stderr
