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


@pytest.mark.slow  # Chromium
def test_a_large_graph_draws_only_the_edges_between_shown_nodes(browser, tmp_path):
    """Past 3 000 nodes the viewer opens per component and hands vis-network only the edges whose
    ends are both shown (it made an object of every edge it was given: seconds per click at 100 000)."""
    import networkx as nx

    from modernize.graph.analyze import components
    from modernize.graph.viewer import render_html

    graph = nx.MultiDiGraph()
    graph.add_node("dataset:SYS1.LOADLIB", kind="dataset", name="SYS1.LOADLIB", library=True)
    for i in range(1600):  # 40 call chains of 40 programs, each program run by a job step from the load library
        program, step = f"program:P{i:04d}", f"step:J{i:04d}.S1"
        graph.add_node(program, kind="program", name=f"P{i:04d}")
        graph.add_node(step, kind="step", name=f"J{i:04d}.S1")
        graph.add_edge(step, program, kind="executes", via="jcl")
        graph.add_edge(step, "dataset:SYS1.LOADLIB", kind="reads", via="dd")
        if i % 40:
            graph.add_edge(f"program:P{i - 1:04d}", program, kind="calls", via="static")
    for i in range(2500):  # copybooks no program includes: the component of nodes near no program
        graph.add_node(f"copybook:C{i:04d}", kind="copybook", name=f"C{i:04d}")
    path = tmp_path / "graph.html"
    path.write_text(render_html(graph, components(graph), "large"))
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.as_uri())
    ends_shown = "edgeView.get().every(e => nodeView.get(e.from) !== null && nodeView.get(e.to) !== null)"
    assert page.evaluate("nodeView.getIds().every(id => id.startsWith('component:'))")
    assert page.evaluate("edgeView.getIds().every(id => id.startsWith('c'))") and page.evaluate(ends_shown)
    page.fill("#search", "P0041")
    page.click("#results button")
    # P0041's chain (P0040–P0079) expanded: its 39 calls, no step, no library
    assert page.evaluate("edgeView.get().filter(e => e.kind === 'calls').length") == 39
    assert page.evaluate("nodeView.getIds().filter(id => id.startsWith('step:') || id.startsWith('dataset:')).length") == 0
    assert page.evaluate(ends_shown)
    page.check('[data-kind="step"]')
    assert page.evaluate("edgeView.get().filter(e => e.kind === 'executes').length") == 40
    page.check("#around")
    assert page.evaluate("nodeView.getIds().sort()") == ["program:P0040", "program:P0041", "program:P0042", "step:J0041.S1"]
    assert page.evaluate("edgeView.get().length") == 3 and page.evaluate(ends_shown)
    page.uncheck("#around")
    # a component too large to lay out at once opens as the selection's neighbourhood
    page.fill("#search", "C0001")
    page.click("#results button")
    assert page.is_checked("#around") and page.evaluate("nodeView.getIds()") == ["copybook:C0001"]
    assert errors == []
