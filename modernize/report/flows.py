"""OUT/flows/: one page per transaction and job flow (graph/flows.py), drawn as inline SVG, and an index.

The report cannot load Mermaid's script (its Content-Security-Policy forbids it and it opens without a
network), so each page draws its flow itself, in a layered layout computed here: the entry on the
left, then the steps and programs by their depth in the walk, and the data stores, screens and next
screens in one column on the right, each ordered by where the boxes that point at them stand, so
lines cross less. Calls are solid arrows labelled LINK/XCTL/CALL, data arrows carry their CRUD
letters, a "next screen" is dashed. Every box links to its module page (a next screen to that
transaction's own flow). The Mermaid text (the same as OUT/graph/flows/*.mmd) is below the drawing
for other tools.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import networkx as nx
from markupsafe import Markup

from modernize.document import Document
from modernize.graph.flowchart import fitted, to_mermaid
from modernize.graph.flows import CORE_ROLES, ENTRY, MORE, NEXT, STEP, Flow, FlowEdge, build_flows, flow_stem
from modernize.model import Module
from modernize.output import Output, utf8

BOX_WIDTH, BOX_HEIGHT, COLUMN_GAP, ROW_GAP, MARGIN = 180, 40, 110, 16, 20
MAX_LABEL = 24
FILLS = {"entry": "#1d2f4f", "transaction": "#dce6f5", "step": "#f1ece0", "program": "#e8eef8", "data": "#e6f2e6",
         "screen": "#fbefd9", "next": "#ffffff", "more": "#eeeeee"}


@dataclass(frozen=True)
class Box:
    x: int
    y: int
    column: int


def layout(flow: Flow) -> dict[str, Box]:
    """Column per depth for the walk's own nodes, one column on the right for the rest; within a
    column, boxes ordered by the mean row of the boxes that point at them (steps keep their order)."""
    core_columns = {n.id: n.depth for n in flow.nodes.values() if n.role in CORE_ROLES}
    right = max(core_columns.values(), default=0) + 1
    columns: dict[int, list[str]] = {}
    for node in flow.nodes.values():
        columns.setdefault(core_columns.get(node.id, right), []).append(node.id)
    sources: dict[str, list[str]] = {}
    for edge in flow.edges:
        sources.setdefault(edge.target, []).append(edge.source)
    rows: dict[str, int] = {}
    boxes: dict[str, Box] = {}
    for column in sorted(columns):
        members = columns[column]
        if column > 0 and not any(flow.nodes[m].role == STEP for m in members):
            def centre(node: str, order: int) -> tuple[float, int]:
                placed = [rows[s] for s in sources.get(node, []) if s in rows]
                return (sum(placed) / len(placed) if placed else float("inf"), order)
            members = [m for _, m in sorted((centre(m, i), m) for i, m in enumerate(members))]
        for row, node in enumerate(members):
            rows[node] = row
            boxes[node] = Box(MARGIN + column * (BOX_WIDTH + COLUMN_GAP), MARGIN + row * (BOX_HEIGHT + ROW_GAP), column)
    return boxes


def short(text: str, tail: bool = False) -> str:
    """``text`` cut to fit a box; a dataset name keeps its last qualifiers, which tell datasets apart."""
    if len(text) <= MAX_LABEL:
        return text
    return "…" + text[-(MAX_LABEL - 1):] if tail else text[:MAX_LABEL - 1] + "…"


def bezier(points: list[tuple[float, float]], t: float) -> tuple[float, float]:
    """A point of a cubic Bézier curve: where an edge's label goes (past the middle, so the labels
    of edges fanning out of one box stand apart)."""
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points
    a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t ** 2, t ** 3
    return a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3


def edge_path(edge: FlowEdge, boxes: dict[str, Box]) -> tuple[str, float, float]:
    """The SVG path of an edge and where its label goes: forward left to right, backward right to
    left below the straight line, within a column a bulge on the right (a step to the next step:
    straight down)."""
    a, b = boxes[edge.source], boxes[edge.target]
    mid = BOX_HEIGHT / 2
    if edge.role == "then" and a.column == b.column:
        x = a.x + BOX_WIDTH / 2
        return f"M{x},{a.y + BOX_HEIGHT} L{x},{b.y}", x + 4, (a.y + BOX_HEIGHT + b.y) / 2 + 4
    if b.column > a.column + 1:
        # Over columns between: along the gap below the source's row, which no box stands in.
        x1, y1, x2, y2 = a.x + BOX_WIDTH, a.y + mid, b.x, b.y + mid
        lane = a.y + BOX_HEIGHT + ROW_GAP / 2
        end = [(x2 - 90, lane), (x2 - 35, lane), (x2 - 35, y2), (x2, y2)]
        lx, ly = bezier(end, 0.5)
        return (f"M{x1:.0f},{y1:.0f} C{x1 + 25:.0f},{y1:.0f} {x1 + 25:.0f},{lane:.0f} {x1 + 50:.0f},{lane:.0f} L{x2 - 90:.0f},{lane:.0f} "
                f"C{x2 - 35:.0f},{lane:.0f} {x2 - 35:.0f},{y2:.0f} {x2:.0f},{y2:.0f}"), lx - 22, ly - 3
    if b.column > a.column:
        x1, y1, x2, y2 = a.x + BOX_WIDTH, a.y + mid, b.x, b.y + mid
        points = [(x1, y1), (x1 + 50, y1), (x2 - 50, y2), (x2, y2)]
        t = 0.62
    elif b.column < a.column:
        x1, y1, x2, y2 = a.x, a.y + mid, b.x + BOX_WIDTH, b.y + mid
        points = [(x1, y1), (x1 - 50, y1 + 30), (x2 + 50, y2 + 30), (x2, y2)]
        t = 0.5
    else:
        x, y1, y2 = a.x + BOX_WIDTH, a.y + mid, b.y + mid
        bulge = 30 + min(80, abs(y2 - y1) / 4)
        points = [(x, y1), (x + bulge, y1), (x + bulge, y2), (x, y2)]
        t = 0.5
    (x0, y0), (c1x, c1y), (c2x, c2y), (x3, y3) = points
    lx, ly = bezier(points, t)
    return f"M{x0:.0f},{y0:.0f} C{c1x:.0f},{c1y:.0f} {c2x:.0f},{c2y:.0f} {x3:.0f},{y3:.0f}", lx, ly - 3


def drawn_edges(flow: Flow) -> list[tuple[FlowEdge, str, bool]]:
    """The edges to draw, each with its label and whether it goes both ways: two programs that
    XCTL to each other (a menu and its option) are one line with two arrowheads, not two lines
    on top of each other."""
    index = {(e.source, e.target, e.role): e for e in flow.edges}
    drawn = []
    for edge in flow.edges:
        back = index.get((edge.target, edge.source, edge.role)) if edge.source != edge.target else None
        if back is not None and edge.role not in (NEXT, MORE):
            if flow_order(flow, edge.source) > flow_order(flow, edge.target):
                continue
            label = edge.label if back.label == edge.label else f"{edge.label} / {back.label}"
            drawn.append((edge, f"{label} ⇄", True))
        else:
            drawn.append((edge, edge.label, False))
    return drawn


def flow_order(flow: Flow, node: str) -> int:
    return list(flow.nodes).index(node)


def flow_svg(flow: Flow, hrefs: dict[str, str]) -> Markup:
    """The flow drawn; ``hrefs`` maps a node id to the page its box links to."""
    boxes = layout(flow)
    width = max(b.x for b in boxes.values()) + BOX_WIDTH + MARGIN + 100
    height = max(b.y for b in boxes.values()) + BOX_HEIGHT + MARGIN
    e = html.escape
    parts = [f'<svg id="flow" role="group" aria-label="{e(flow.kind)} {e(flow.name)} flow" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" style="max-width: 100%; height: auto; min-width: {int(width * 0.6)}px" '
             'font-family="system-ui, sans-serif">',
             '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
             '<path d="M0,0 L10,5 L0,10 z" fill="#4a5360"></path></marker></defs>']
    for edge, label, both in drawn_edges(flow):
        path, lx, ly = edge_path(edge, boxes)
        dashed = ' stroke-dasharray="6 4"' if edge.role in (NEXT, MORE) else ""
        start = ' marker-start="url(#arrow)"' if both else ""
        parts.append(f'<g class="edge {e(edge.role)}" data-source="{e(flow.nodes[edge.source].name)}" data-target="{e(flow.nodes[edge.target].name)}">'
                     f'<path d="{path}" fill="none" stroke="#4a5360" stroke-width="1.3"{dashed}{start} marker-end="url(#arrow)"></path>')
        if label:
            parts.append(f'<text x="{lx:.0f}" y="{ly:.0f}" font-size="11" text-anchor="middle" fill="#1d2430" stroke="#fff" stroke-width="3" '
                         f'paint-order="stroke">{e(label)}</text>')
        parts.append("</g>")
    for node_id, box in boxes.items():
        node = flow.nodes[node_id]
        fill = FILLS.get(node.role, "#ffffff")
        colour = "#ffffff" if node.role == ENTRY else "#1d2430"
        rx = 18 if node.role in (ENTRY, NEXT, "transaction") else 4 if node.role != "data" else 10
        dashed = ' stroke-dasharray="4 3"' if node.role in (NEXT, MORE) else ""
        caption = "next screen" if node.role == NEXT else node.note or node.kind
        tip = f"{node.kind} {node.name}" + (f" — {node.note}" if node.note else "")
        box_svg = (f'<g class="node {e(node.role)}" data-name="{e(node.name)}" data-kind="{e(node.kind)}"><title>{e(tip)}</title>'
                   f'<rect x="{box.x}" y="{box.y}" width="{BOX_WIDTH}" height="{BOX_HEIGHT}" rx="{rx}" fill="{fill}" stroke="#2f5fa8"{dashed}></rect>'
                   f'<text x="{box.x + 8}" y="{box.y + 16}" font-size="13" font-weight="bold" fill="{colour}">{e(short(node.name, node.kind == "dataset"))}</text>'
                   f'<text x="{box.x + 8}" y="{box.y + 32}" font-size="10.5" fill="{colour}">{e(short(caption))}</text></g>')
        href = hrefs.get(node_id)
        parts.append(f'<a href="{e(href)}">{box_svg}</a>' if href else box_svg)
    parts.append("</svg>")
    return Markup("".join(parts))


def module_pages(modules: list[Module], documents: dict[str, Document]) -> dict[str, str]:
    """Graph node id -> its module page, relative to the report's top (as report_outputs makes them)."""
    from modernize.report import one_page_each, page_name

    return {m.node_id: page_name(m) for m in one_page_each([m for m in modules if f"{m.kind}:{m.name}" in documents])}


@dataclass
class FlowRow:
    """A line of the index: one flow and its counts."""

    kind: str
    name: str
    href: str
    starts: str
    steps: int
    programs: int
    stores: int
    screens: int
    next_screens: int
    reduced: str


def summary(flow: Flow, shown: Flow) -> FlowRow:
    starts = ", ".join(flow.nodes[e.target].name for e in flow.edges if e.source == flow.entry and e.role == "start")
    reduced = "data folded" if shown.folded else ""
    if shown.omitted:
        reduced = f"{reduced}{', ' if reduced else ''}{shown.omitted} cut"
    return FlowRow(flow.kind, flow.name, f"{flow.stem}.html", starts, flow.count(STEP), flow.count("program"), flow.count("data"),
                   flow.count("screen"), sum(1 for e in flow.edges if e.role == NEXT), reduced)


def flow_outputs(name: str, graph: nx.MultiDiGraph, modules: list[Module], documents: dict[str, Document]) -> dict[str, Output]:
    """graph/flows/*.mmd and flows/*.html (with flows/index.html), every path relative to OUT."""
    from modernize.report import environment

    env = environment()
    pages = module_pages(modules, documents)
    flows = build_flows(graph, modules)
    stems = {f.entry: f.stem for f in flows}
    outputs: dict[str, Output] = {}
    rows = []
    for flow in flows:
        shown = fitted(flow)
        mermaid = to_mermaid(shown)
        outputs[f"graph/flows/{flow.stem}.mmd"] = utf8(mermaid)
        hrefs = {n: f"../{pages[n]}" for n in shown.nodes if n in pages}
        hrefs.update({n.id: f"{stems[n.id]}.html" for n in shown.nodes.values() if n.role == NEXT and n.id in stems and n.id != flow.entry})
        row = summary(flow, shown)
        rows.append(row)
        outputs[f"flows/{flow.stem}.html"] = utf8(env.get_template("flow.html.j2").render(
            title=f"{name}: {flow.kind} {flow.name} flow", name=name, depth="../", flow=shown, row=row, svg=flow_svg(shown, hrefs),
            mermaid=mermaid, mmd=f"../graph/flows/{flow.stem}.mmd", entry_page=hrefs.get(flow.entry),
            edges=[(shown.nodes[e.source].name, e.label or e.role, shown.nodes[e.target].name, e.role) for e in shown.edges]))
    outputs["flows/index.html"] = utf8(env.get_template("flows.html.j2").render(
        title=f"{name}: transaction and job flows", name=name, depth="../",
        transactions=[r for r in rows if r.kind == "transaction"], jobs=[r for r in rows if r.kind == "job"]))
    return outputs


def flow_page(kind: str, name: str) -> str:
    """The flow page of a transaction or job module, relative to the report's top."""
    return f"flows/{flow_stem('job' if kind == 'jcl' else kind, name)}.html"
