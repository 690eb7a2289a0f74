"""The flow drawing: names from the estate stay text, boxes link where a page exists, and the layout
puts the entry left, the walk by depth and the data on the right."""

import re
from html.parser import HTMLParser

from modernize.graph.flows import DATA, NEXT, PROGRAM, Flow, FlowNode
from modernize.report.flows import BOX_WIDTH, COLUMN_GAP, MARGIN, flow_svg, layout

HOSTILE = "<script>alert(1)</script>"


def small_flow() -> Flow:
    flow = Flow("transaction", "T1", "transaction:T1")
    flow.add_node(FlowNode("transaction:T1", "transaction", "T1", "entry", 0))
    flow.add_node(FlowNode("program:A", "program", "A", PROGRAM, 1))
    flow.add_node(FlowNode("program:B", "program", '"><img src=x onerror=alert(2)>', PROGRAM, 2, HOSTILE))
    flow.add_node(FlowNode("table:T", "table", HOSTILE, DATA, 3))
    flow.add_edge("transaction:T1", "program:A", "start", "starts")
    flow.add_edge("program:A", "program:B", "call", "XCTL")
    flow.add_edge("program:B", "program:A", "call", "XCTL")
    flow.add_edge("program:B", "table:T", DATA, "R", "U")
    flow.add_edge("program:A", "table:T", DATA, "C")
    flow.add_edge("program:A", "transaction:T1", NEXT, "next screen")
    return flow


def test_layout_columns_by_depth_with_the_data_on_the_right():
    boxes = layout(small_flow())
    column = {node: (box.x - MARGIN) // (BOX_WIDTH + COLUMN_GAP) for node, box in boxes.items()}
    assert column == {"transaction:T1": 0, "program:A": 1, "program:B": 2, "table:T": 3}


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)


def test_names_stay_text_and_boxes_link_to_their_pages():
    svg = str(flow_svg(small_flow(), {"program:A": "../modules/A.program.html"}))
    parsed = Tags()
    parsed.feed(svg)
    assert parsed.tags <= {"svg", "defs", "marker", "path", "g", "title", "rect", "text", "a"}
    assert not any(name.startswith("on") for name in parsed.attributes)
    assert "&lt;script&gt;" in svg
    assert svg.count("<a ") == 1 and 'href="../modules/A.program.html"' in svg
    assert svg.count('class="edge call"') == 1  # A and B XCTL to each other: one line, both ways
    assert "XCTL ⇄" in svg
    next_screen = re.search(r'<g class="edge next"[^>]*><path [^>]*>', svg)
    assert next_screen and "stroke-dasharray" in next_screen.group()
    assert re.search(r">RU</text>", svg) and re.search(r">C</text>", svg)


def test_flow_outputs_of_the_example(example_run):
    index = (example_run / "flows" / "index.html").read_text()
    for name in ("TS00", "TS01", "TS02"):
        assert f'href="transaction-{name}.html"' in index
        assert (example_run / "graph" / "flows" / f"transaction-{name}.mmd").read_text().startswith(f"%% transaction {name}\nflowchart LR\n")
    for name in ("TSJ010", "TSJ020", "TSJ030", "TSJ040", "TSJ050", "TSJ060"):
        assert f'href="job-{name}.html"' in index and (example_run / "flows" / f"job-{name}.html").is_file()
    # TSJ020: four steps (BETAAL's three from PROC TSBATCH, then DB2LOAD), four programs run and TSU020, TSU010, TSB040F called
    assert re.search(r'job-TSJ020\.html">TSJ020</a></th><td>4</td><td>7</td>', index)
    assert '<a href="../flows/transaction-TS00.html">Flow</a>' in (example_run / "modules" / "TS00.transaction.html").read_text()
    assert '<a href="../flows/job-TSJ020.html">Flow</a>' in (example_run / "modules" / "TSJ020.jcl.html").read_text()
    assert 'href="flows/index.html">Flows</a>' in (example_run / "index.html").read_text()
