"""A flow (graph/flows.py) as Mermaid text, kept within what Mermaid draws with its default settings.

A flowchart, not a sequence diagram: a flow branches (a menu XCTLs to one of several programs,
which one depends on the key pressed) and merges (two programs read one table), and a sequence
diagram would claim an order and a lifeline per participant the code does not have. A flowchart
draws the stores as cylinders, screens as parallelograms and the pseudo-conversational "next
screen" as a dotted link, so it is never read as a call. Left to right, like the report's drawing.

Mermaid refuses a diagram over ``maxTextSize`` (50 000 characters) or ``maxEdges`` (500 edges) by
default. ``fitted`` keeps a flow under both: first each program's data stores become one node, then
the walk is cut at the deepest depth that fits, with a "… N more programs" node where it was cut
(for a job with very many steps, its first steps). Node ids are made up (``n0``, ``n1``…) and every
label goes through ``escape.mermaid_label``, so no estate name ($, #, @, quotes) reaches Mermaid's
parser as syntax.
"""

from __future__ import annotations

from modernize.escape import mermaid_label
from modernize.graph.flows import (
    DATA,
    ENTRY,
    MORE,
    NEXT,
    PROGRAM,
    SCREEN,
    STEP,
    TRANSACTION,
    Flow,
    core_depth,
    cut,
    first_steps,
    fold_data,
    within_depth,
)

MAX_TEXT = 50_000  # Mermaid's default maxTextSize
MAX_EDGES = 500  # Mermaid's default maxEdges
SHAPES = {ENTRY: ('(["', '"])'), TRANSACTION: ('(["', '"])'), NEXT: ('(["', '"])'), STEP: ('("', '")'), PROGRAM: ('["', '"]'),
          DATA: ('[("', '")]'), SCREEN: ('[/"', '"/]'), MORE: ('{{"', '"}}')}
STYLES = {ENTRY: "fill:#1d2f4f,color:#fff", TRANSACTION: "fill:#dce6f5", NEXT: "fill:#fff,stroke-dasharray:4 3", STEP: "fill:#f1ece0",
          PROGRAM: "fill:#e8eef8", DATA: "fill:#e6f2e6", SCREEN: "fill:#fbefd9", MORE: "fill:#eee"}


def label(flow: Flow, node_id: str) -> str:
    node = flow.nodes[node_id]
    prefix = "" if node.role in (PROGRAM, STEP, MORE, DATA, SCREEN) or node.kind == "data" else f"{node.kind} "
    text = mermaid_label(f"{prefix}{node.name}")
    if node.role == NEXT:
        text = f"{mermaid_label('next screen:')}<br>{text}"
    if node.note:
        text += f"<br><i>{mermaid_label(node.note[:120])}</i>"
    return text


def to_mermaid(flow: Flow) -> str:
    """The flow as a Mermaid flowchart, as it is (``fitted`` first to stay within the limits)."""
    ids = {node: f"n{index}" for index, node in enumerate(flow.nodes)}
    lines = [f"%% {mermaid_label(f'{flow.kind} {flow.name}')}", "flowchart LR"]
    for node_id, node in flow.nodes.items():
        start, end = SHAPES[node.role]
        lines.append(f"  {ids[node_id]}{start}{label(flow, node_id)}{end}")
    for edge in flow.edges:
        arrow = "-.->" if edge.role in (NEXT, MORE) else "-->"
        text = edge.label
        lines.append(f"  {ids[edge.source]} {arrow}|{mermaid_label(text)}| {ids[edge.target]}" if text
                     else f"  {ids[edge.source]} {arrow} {ids[edge.target]}")
    for role, style in STYLES.items():
        members = [ids[n] for n, node in flow.nodes.items() if node.role == role]
        if members:
            lines.append(f"  classDef {role} {style}")
            lines.append(f"  class {','.join(members)} {role}")
    return "\n".join(lines) + "\n"


def fits(flow: Flow) -> bool:
    return len(flow.edges) <= MAX_EDGES and len(to_mermaid(flow)) <= MAX_TEXT


def fitted(flow: Flow) -> Flow:
    """The flow as it is if Mermaid draws it; else with the data folded; else cut at a depth."""
    if fits(flow):
        return flow
    flow = fold_data(flow)
    if fits(flow):
        return flow
    for depth in range(core_depth(flow) - 1, 0, -1):
        shorter = cut(flow, within_depth(flow, depth), "programs")
        if fits(shorter):
            return shorter
    steps = flow.count(STEP)
    while steps > 1:
        steps //= 2
        shorter = cut(flow, first_steps(flow, steps), "programs and steps")
        if fits(shorter):
            return shorter
    return cut(flow, {flow.entry}, "programs and steps")
