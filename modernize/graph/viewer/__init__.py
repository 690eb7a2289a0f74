"""The interactive graph viewer: one self-contained HTML file that opens offline.

Rendering and layout come from vis-network, taken from the pyvis package that ships it (inlined:
no CDN, no network request; a Content-Security-Policy forbids any). Search, kind filters, facts,
neighbours, impact highlighting and grouping by proposed component are a small script of ours on
top. Large estates start grouped by component (and with steps, datasets and copybooks hidden) and
expand on demand.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import networkx as nx
from jinja2 import Environment, PackageLoader, select_autoescape

from modernize.graph.components import component_names, spread_components

FACT_KEYS = ("path", "line", "language", "code_lines", "complexity", "goto", "alter", "paragraphs", "steps", "program", "job",
             "system", "missing", "unresolved", "temporary", "nested_in", "table_type", "mapset", "pattern", "library")


def vis_network_js() -> str:
    source = resources.files("pyvis") / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js"
    return source.read_text(encoding="utf-8").replace("</script", "<\\/script")


def viewer_data(graph: nx.MultiDiGraph, components: dict[str, int]) -> dict[str, Any]:
    names = component_names(graph, components)
    components = spread_components(graph, components)
    nodes = []
    for node in sorted(graph.nodes):
        data = graph.nodes[node]
        facts = {k: data[k] for k in FACT_KEYS if k in data and data[k] is not None}
        if node in components:
            facts["component"] = components[node]
        nodes.append({"id": node, "name": data.get("name", node), "kind": data.get("kind", ""), "component": components.get(node), "library": bool(data.get("library")),
                      "degree": graph.degree(node), "facts": facts})
    edges = []
    between: dict[tuple[int, int], int] = {}
    for u, v in graph.edges():
        a, b = components.get(u, 0), components.get(v, 0)
        if a != b:
            between[(a, b)] = between.get((a, b), 0) + 1
    seen = set()
    for u, v, data in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1], e[2].get("kind", ""), e[2].get("via", ""))):
        key = (u, v, data.get("kind"), data.get("via"))
        if key not in seen:
            seen.add(key)
            edges.append({"from": u, "to": v, "kind": data.get("kind", ""), "via": data.get("via", "")})
    sizes: dict[int, int] = {}
    for c in components.values():
        sizes[c] = sizes.get(c, 0) + 1
    return {
        "nodes": nodes,
        "edges": edges,
        "components": [{"id": c, "size": n, "name": names.get(c, f"component {c}")} for c, n in sorted(sizes.items())],
        "component_edges": [{"from": a, "to": b, "count": n} for (a, b), n in sorted(between.items())],
    }


def render_html(graph: nx.MultiDiGraph, components: dict[str, int], title: str) -> str:
    """The viewer page for ``graph``; every text from sources is JSON data, never markup."""
    environment = Environment(loader=PackageLoader("modernize.graph", "viewer"), autoescape=select_autoescape(["html", "j2"]))
    data = json.dumps(viewer_data(graph, components), sort_keys=True, ensure_ascii=False).replace("</", "<\\/").replace("<!--", "<\\!--")
    return environment.get_template("viewer.html.j2").render(title=title, data=data, vis_network=vis_network_js())
