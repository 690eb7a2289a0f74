"""A transaction's flow page in a real browser: the boxes drawn, the next screen dashed, a box leads to its page."""

import pytest

# docs/transaction-flow.png, README's picture, is this screenshot.


@pytest.mark.slow  # Chromium
def test_transaction_flow_page_in_headless_chromium(example_run, offline_page, artifacts):
    page = offline_page(1280, 720)
    page.goto((example_run / "flows" / "index.html").as_uri())
    page.click("text=TS01")
    assert page.url.endswith("/flows/transaction-TS01.html")
    # TS01 starts TSO110 (csd), which CALLs TSU010, LINKs TSO900 and XCTLs to TSO120 and TSO100 (the
    # entries of TS02 and TS00), reads file TSPERS and table AANVRAAG, shows TSM110A and returns to TS01.
    nodes = {(g.get_attribute("class"), g.get_attribute("data-name")) for g in page.locator("#flow g.node").all()}
    assert nodes == {("node entry", "TS01"), ("node program", "TSO110"), ("node program", "TSU010"), ("node program", "TSO900"),
                     ("node program", "TSO120"), ("node program", "TSO100"), ("node data", "TSPERS"), ("node data", "AANVRAAG"),
                     ("node data", "CSMT"), ("node data", "WS-QNAAM"), ("node screen", "TSM110A")}
    next_screen = page.locator("#flow g.edge.next")
    assert next_screen.count() == 1
    assert (next_screen.get_attribute("data-source"), next_screen.get_attribute("data-target")) == ("TSO110", "TS01")
    assert next_screen.locator("path").get_attribute("stroke-dasharray")
    assert page.locator("#flow g.edge.next text").text_content() == "next screen"
    assert page.locator("#flow g.edge.call text").all_text_contents().count("LINK") == 1
    assert "flowchart LR" in page.locator("#mermaid").inner_text()
    page.screenshot(path=str(artifacts / "transaction-flow.png"))
    page.click('#flow g.node[data-name="TSO110"]')
    assert page.url.endswith("/modules/TSO110.program.html")
    assert "TSO110" in page.locator("h1").first.inner_text()
