"""crud.html in a real browser: filtering by a table's name keeps its column and the programs that touch it."""

import os
from pathlib import Path

import pytest

# docs/crud-matrix.png, README's picture, is this screenshot.
ARTIFACTS = Path(os.environ.get("MODERNIZE_TEST_ARTIFACTS", Path(__file__).resolve().parent.parent.parent / "test-artifacts"))


@pytest.mark.slow  # Chromium
def test_filter_by_table_in_headless_chromium(example_run, browser):
    errors: list[str] = []
    requests: list[str] = []
    page = browser.new_page(viewport={"width": 1100, "height": 520})
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: requests.append(request.url))
    page.goto((example_run / "crud.html").as_uri())
    assert page.locator("#crud tbody tr:visible").count() == 10
    page.fill("#crud-filter", "AANVRAAG")
    columns = [" ".join(t.split()) for t in page.locator("#crud thead th:visible").all_inner_texts()]
    assert columns == ["step", "program", "table AANVRAAG", "dataset TSL.TEST.AANVRAAG.GESORT"]
    programs = sorted(page.locator("#crud tbody tr:visible th").all_inner_texts())
    assert programs == ["TSB010", "TSB030", "TSO110", "TSO120"]
    row = page.locator("#crud tbody tr[data-name=TSO120] td:visible").all_inner_texts()
    assert row[1:] == ["RU", ""]
    page.fill("#crud-filter", "TSB090")
    assert page.locator("#crud tbody tr:visible th").all_inner_texts() == ["TSB090"]
    assert [" ".join(t.split()) for t in page.locator("#crud thead th:visible").all_inner_texts()] == ["step", "program", "file PERSOON"]
    page.fill("#crud-filter", "AANVRAAG")
    page.click("#crud thead th:visible >> nth=2")  # sort by the AANVRAAG column: programs that touch it first
    page.screenshot(path=str(ARTIFACTS / "crud-matrix.png"))
    assert errors == []
    assert [url for url in requests if not url.startswith("file://")] == []
