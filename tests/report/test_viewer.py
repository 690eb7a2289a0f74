"""The offline graph viewer in a real browser: search, click, neighbours, no errors, no network."""

import pytest


@pytest.fixture(scope="module")
def viewer(example_run):
    return example_run / "graph" / "graph.html"


def test_viewer_is_one_self_contained_file(viewer):
    html = viewer.read_text()
    assert "<script src" not in html and "<link" not in html
    assert "default-src 'none'" in html
    assert '"id": "program:TSB010"' in html or '"id":"program:TSB010"' in html


@pytest.mark.slow  # Chromium
def test_search_click_and_neighbours_in_headless_chromium(viewer, browser):
    errors: list[str] = []
    requests: list[str] = []
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: requests.append(request.url))
    page.goto(viewer.as_uri())
    page.fill("#search", "TSB010")
    page.click("#results button")
    assert page.inner_text("#title") == "program TSB010"
    depends_on = page.inner_text("#out")
    for neighbour in ("TSU010", "TSU030", "TSLPERS", "TSL.PROD.PERSOON"):
        assert neighbour in depends_on
    assert "TSJ010.STEP020" in page.inner_text("#in")
    page.check("#impact")
    assert page.inner_text("#impact-title").startswith("Impact: ")
    assert "TSJ010" in page.inner_text("#impact-list")
    page.click("#out button >> text=TSU010")
    assert page.inner_text("#title") == "program TSU010"
    # The menu returns to its transaction (RETURN TRANSID): the next screen, which depends on nothing
    # through that, unless the impact follows navigation.
    page.fill("#search", "TS00")
    page.click("#results button")
    assert page.inner_text("#title") == "transaction TS00"
    assert page.inner_text("#impact-title") == "Impact: 1 dependants"
    page.check("#navigation")
    assert page.inner_text("#impact-title") == "Impact: 6 dependants" and "TSO100" in page.inner_text("#impact-list")
    # Steps and load libraries start hidden; the neighbourhood mode keeps TSB010's one-hop neighbours:
    # 16 with it (tests/graph/test_focus.py), less its two job steps.
    assert page.evaluate("DATA.nodes.filter(n => n.kind === 'step').every(n => !nodeView.get(n.id))")
    assert page.locator("#kinds .swatch").count() == page.locator("#kinds input").count()
    page.check("#around")
    page.fill("#search", "TSB010")
    page.click("#results button")
    assert page.evaluate("nodeView.getIds().length") == 14
    page.uncheck("#around")
    assert errors == []
    assert [url for url in requests if not url.startswith("file://")] == []
