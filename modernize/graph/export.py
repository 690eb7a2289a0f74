"""Export the graph in open formats: graph.json (node-link, the contract), GraphML and GEXF (yEd,
Gephi), DOT (Graphviz), Mermaid (Markdown), a Cypher script and CSV files for Neo4j.

Names come from the analysed repository and are untrusted: every export writes them as inert text of
its format (modernize.escape): XML-valid GraphML and GEXF, quoted DOT and Cypher strings, Mermaid
labels as entities, CSV cells that no spreadsheet runs as a formula.

Every export is deterministic: nodes and edges are written in sorted order, so two runs on the same
estate give byte-identical files that users can diff.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from collections.abc import Callable
from typing import Any

import networkx as nx

from modernize.escape import csv_row, mermaid_label, visible, xml_text
from modernize.graph.components import component_graphs, overview, too_large
from modernize.model import NodeKind, dumps
from modernize.output import Lazy, Output, utf8

FORMATS = ("json", "graphml", "gexf", "dot", "mermaid", "cypher", "csv")  # what `modernize graph --format` offers (and html)


def sorted_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    ordered = nx.MultiDiGraph()
    for node in sorted(graph.nodes):
        ordered.add_node(node, **dict(sorted(graph.nodes[node].items())))
    for u, v, key, data in sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2]))):
        ordered.add_edge(u, v, key=key, **dict(sorted(data.items())))
    return ordered


def to_json(graph: nx.MultiDiGraph) -> str:
    data = nx.node_link_data(sorted_graph(graph), edges="edges")
    return dumps(data, default=str)


def scalar_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """GraphML and GEXF take strings, numbers and booleans only: lists and dicts become JSON text, and
    every text (ids too) holds only characters XML allows."""
    def flatten(data: dict[str, Any]) -> dict[str, Any]:
        out = {}
        for key, value in data.items():
            if value is None:
                continue
            if isinstance(value, (int, float, bool)):
                out[xml_text(key)] = value
            else:
                out[xml_text(key)] = xml_text(value if isinstance(value, str) else json.dumps(value, sort_keys=True))
        return out

    flat = nx.MultiDiGraph()
    ordered = sorted_graph(graph)
    for node, data in ordered.nodes(data=True):
        flat.add_node(xml_text(node), **flatten(data))
    for u, v, key, data in ordered.edges(keys=True, data=True):
        flat.add_edge(xml_text(u), xml_text(v), key=xml_text(key), **flatten(data))
    return flat


def to_graphml(graph: nx.MultiDiGraph) -> str:
    return "\n".join(nx.generate_graphml(scalar_graph(graph))) + "\n"


def to_gexf(graph: nx.MultiDiGraph) -> str:
    """GEXF without the writer's `lastmodifieddate` (today's date): the same estate gives the same file."""
    buffer = io.BytesIO()
    nx.write_gexf(scalar_graph(graph), buffer)
    return RE_GEXF_DATE.sub("<meta>", buffer.getvalue().decode("utf-8"), count=1)


RE_GEXF_DATE = re.compile(r'<meta lastmodifieddate="[^"]*">')


def quote(text: str) -> str:
    """A DOT quoted string: one line, quotes and backslashes escaped, and never a backslash right
    before the closing quote (Graphviz would read the pair as an escaped quote and run on)."""
    inner = visible(text).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + inner + (" " if inner.endswith("\\") else "") + '"'


NODE_SHAPES = {NodeKind.PROGRAM: "box", NodeKind.COPYBOOK: "note", NodeKind.JOB: "folder", NodeKind.STEP: "component", NodeKind.DATASET: "cylinder",
               NodeKind.TABLE: "cylinder", NodeKind.TRANSACTION: "hexagon", NodeKind.SCREEN: "tab", NodeKind.EXTERNAL: "box"}


def to_dot(graph: nx.MultiDiGraph) -> str:
    lines = ["digraph estate {", "  rankdir=LR;", "  node [fontname=Helvetica, fontsize=10];"]
    ordered = sorted_graph(graph)
    for node, data in ordered.nodes(data=True):
        shape = NODE_SHAPES.get(data.get("kind", ""), "ellipse")
        style = ', style=dashed' if data.get("kind") == NodeKind.EXTERNAL or data.get("missing") else ""
        lines.append(f"  {quote(node)} [label={quote(data.get('name', node))}, shape={shape}{style}];")
    for u, v, data in ordered.edges(data=True):
        lines.append(f"  {quote(u)} -> {quote(v)} [label={quote(data.get('kind', ''))}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def mermaid_id(node: str) -> str:
    return "n" + "".join(ch if ch.isascii() and ch.isalnum() else "_" for ch in node)


def to_mermaid(graph: nx.MultiDiGraph) -> str:
    lines = ["flowchart LR"]
    ordered = sorted_graph(graph)
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for node, data in ordered.nodes(data=True):
        ids[node] = candidate = mermaid_id(node)
        number = 1
        while ids[node] in taken:  # two names that differ only in punctuation stay two nodes
            number += 1
            ids[node] = f"{candidate}_{number}"
        taken.add(ids[node])
        label = mermaid_label(f"{data.get('kind', '')}: {data.get('name', node)}")
        lines.append(f'  {ids[node]}["{label}"]')
    seen = set()
    for u, v, data in ordered.edges(data=True):
        edge = (u, v, data.get("kind"))
        if edge in seen:
            continue
        seen.add(edge)
        lines.append(f"  {ids[u]} -->|{mermaid_label(data.get('kind', ''))}| {ids[v]}")
    return "\n".join(lines) + "\n"


def cypher_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if not isinstance(value, str):
        value = json.dumps(value, sort_keys=True)
    value = value.replace("\\", "\\\\").replace("'", "\\'")
    return "'" + RE_CYPHER_ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", value) + "'"


RE_CYPHER_ESCAPE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")  # line breaks and controls as \uXXXX


def cypher_props(data: dict[str, Any]) -> str:
    return "{" + ", ".join(f"`{k.replace('`', '``')}`: {cypher_value(v)}" for k, v in sorted(data.items()) if v is not None) + "}"


def to_cypher(graph: nx.MultiDiGraph) -> str:
    """A script for cypher-shell: MERGE every node (label = kind) by its id and every edge (type = kind,
    upper-cased) by its ends, type and graph key (kind, mechanism, path, line, step, DD), so loading
    the script twice, or after a rerun, leaves one copy of each."""
    lines = ["// modernize graph export: run with cypher-shell -f graph.cypher", "CREATE CONSTRAINT IF NOT EXISTS FOR (n:Artifact) REQUIRE n.id IS UNIQUE;"]
    ordered = sorted_graph(graph)
    for node, data in ordered.nodes(data=True):
        label = "".join(ch for ch in data.get("kind", "node").title() if ch.isalnum())
        lines.append(f"MERGE (n:Artifact {{id: {cypher_value(node)}}}) SET n:{label}, n += {cypher_props(data)};")
    for u, v, key, data in ordered.edges(keys=True, data=True):
        relation = "".join(ch for ch in data.get("kind", "related").upper().replace("-", "_") if ch.isalnum() or ch == "_")
        lines.append(
            f"MATCH (a:Artifact {{id: {cypher_value(u)}}}), (b:Artifact {{id: {cypher_value(v)}}}) "
            f"MERGE (a)-[r:{relation} {{key: {cypher_value(str(key))}}}]->(b) SET r += {cypher_props(data)};"
        )
    return "\n".join(lines) + "\n"


def to_csv(graph: nx.MultiDiGraph) -> dict[str, str]:
    """nodes.csv and edges.csv in the header format of neo4j-admin import."""
    ordered = sorted_graph(graph)
    node_keys = sorted({k for _, d in ordered.nodes(data=True) for k in d})
    edge_keys = sorted({k for _, _, d in ordered.edges(data=True) for k in d} - {"kind"})
    nodes = io.StringIO()
    writer = csv.writer(nodes, lineterminator="\n")
    writer.writerow(["id:ID", *node_keys, ":LABEL"])
    for node, data in ordered.nodes(data=True):
        writer.writerow(csv_row([node, *[csv_value(data.get(k)) for k in node_keys], data.get("kind", "")]))
    edges = io.StringIO()
    writer = csv.writer(edges, lineterminator="\n")
    writer.writerow([":START_ID", ":END_ID", ":TYPE", *edge_keys])
    for u, v, data in ordered.edges(data=True):
        writer.writerow(csv_row([u, v, str(data.get("kind", "")).upper(), *[csv_value(data.get(k)) for k in edge_keys]]))
    return {"nodes.csv": nodes.getvalue(), "edges.csv": edges.getvalue()}


def csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (str, int, float, bool)):
        return str(value).lower() if isinstance(value, bool) else str(value)
    return json.dumps(value, sort_keys=True)


EXPORTERS: dict[str, Callable[[nx.MultiDiGraph], str]] = {
    "json": to_json,
    "graphml": to_graphml,
    "gexf": to_gexf,
    "dot": to_dot,
    "mermaid": to_mermaid,
    "cypher": to_cypher,
}


FILES = {"graph.graphml": "graphml", "graph.gexf": "gexf", "graph.dot": "dot", "graph.cypher": "cypher", "graph.mmd": "mermaid"}


def export_outputs(graph: nx.MultiDiGraph, key: str, components: dict[str, int] | None = None) -> dict[str, Output]:
    """Every export but graph.json as a lazy output: ``key`` (the graph's hash) unchanged since the
    last write, they are not computed again (on a large estate they take half a rerun). A graph too
    large for Graphviz or Mermaid gets components/NAME.dot and .mmd per proposed component, and
    graph.dot and graph.mmd become their overview (one node per component)."""
    outputs: dict[str, Output] = {name: Lazy(key, functools.partial(lambda fmt: utf8(EXPORTERS[fmt](graph)), fmt))
                                  for name, fmt in FILES.items()}
    if components is not None and too_large(graph):
        summary = functools.cache(lambda: overview(graph, components))
        outputs["graph.dot"] = Lazy(key, lambda: utf8(to_dot(summary())))
        outputs["graph.mmd"] = Lazy(key, lambda: utf8(to_mermaid(summary())))
        parts = component_graphs(graph, components)
        for stem, part in parts.items():
            outputs[f"components/{stem}.dot"] = Lazy(key, functools.partial(lambda g: utf8(to_dot(g)), part))
            outputs[f"components/{stem}.mmd"] = Lazy(key, functools.partial(lambda g: utf8(to_mermaid(g)), part))
    tables = functools.cache(lambda: to_csv(graph))
    for name in ("nodes.csv", "edges.csv"):
        outputs[name] = Lazy(key, functools.partial(lambda n: utf8(tables()[n]), name))
    return outputs
