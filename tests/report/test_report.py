"""The HTML report in headless Chromium: links work, nothing errors, nothing leaves the machine."""

import os
import re
from pathlib import Path

import pytest

ARTIFACTS = Path(os.environ.get("MODERNIZE_TEST_ARTIFACTS", Path(__file__).resolve().parent.parent.parent / "test-artifacts"))


@pytest.fixture(scope="module")
def report(example_run):
    return example_run


def test_every_relative_link_resolves(report):
    pages = [report / "index.html", report / "plan.html", report / "diagnostics.html", *sorted((report / "modules").glob("*.html"))]
    assert len(pages) > 40
    for page in pages:
        for href in re.findall(r'href="([^"#]+)(?:#[^"]*)?"', page.read_text()):
            assert not href.startswith(("http:", "https:", "//")), f"{page.name} links outside: {href}"
            assert (page.parent / href).resolve().exists(), f"{page.name}: broken link {href}"


def test_escaped_and_self_contained(report):
    index = (report / "index.html").read_text()
    assert "default-src 'none'" in index and "<script src" not in index and "<link" not in index
    module = (report / "modules" / "TSB010.program.html").read_text()
    assert "TSB010 - CONTROLE INGEKOMEN AANVRAGEN" in module and "<span" in module  # highlighted source


@pytest.mark.slow  # Chromium
def test_browse_index_module_graph_and_plan(report, browser):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    errors: list[str] = []
    requests: list[str] = []
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: requests.append(request.url))
    page.goto((report / "index.html").as_uri())
    page.screenshot(path=str(ARTIFACTS / "report-index.png"))
    page.fill("#filter", "TSU02")
    assert page.is_visible("text=program TSU020") and not page.is_visible("text=program TSB010")
    page.fill("#filter", "")
    page.click("text=program TSB010")
    assert page.inner_text("h1") == "program TSB010"
    page.screenshot(path=str(ARTIFACTS / "report-module.png"))
    page.click("#main a:has-text(\"program TSU010\")")
    assert page.inner_text("h1") == "program TSU010"
    page.click("header >> text=Plan")
    assert "Replacement plan" in page.inner_text("h1")
    page.screenshot(path=str(ARTIFACTS / "report-plan.png"))
    page.click("header >> text=Graph")
    page.wait_for_selector("#search")
    page.screenshot(path=str(ARTIFACTS / "report-graph.png"))
    assert errors == []
    assert [url for url in requests if not url.startswith("file://")] == []
