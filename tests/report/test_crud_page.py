"""crud.html in a real browser: filtering by a table's name keeps its column and the programs that touch it."""

import pytest

# docs/crud-matrix.png, README's picture, is this screenshot.


@pytest.mark.slow  # Chromium
def test_filter_by_table_in_headless_chromium(example_run, offline_page, artifacts):
    page = offline_page(1100, 520)
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
    page.screenshot(path=str(artifacts / "crud-matrix.png"))
