"""Proposed components as parts of the picture: every node placed in one, each named, and the graph
cut into one subgraph per component when the whole is more than DOT or Mermaid render readably.

On a real CICS/DB2 application the whole graph is a 29 000-pixel DOT image and a Mermaid text past
its default limits (maxEdges 500, maxTextSize 50 000); per component, each file opens.
"""

from __future__ import annotations

import re

import networkx as nx

from modernize.model import NodeKind

MERMAID_EDGES = 500  # Mermaid's default maxEdges
MERMAID_CHARS = 50_000  # Mermaid's default maxTextSize
DOT_NODES = 300  # beyond this a Graphviz layout of an estate is no longer readable


def spread_components(graph: nx.MultiDiGraph, components: dict[str, int]) -> dict[str, int]:
    """Give every node a component (programs have one). Outward from the programs, hop by hop, a node
    takes the most common component among its neighbours placed before it, so a job reaches its
    programs' component through its steps and a Java class through the API that calls the program.
    Nodes that reach no program are grouped by what connects them (a build job with its steps and
    data sets is a component of its own); a node alone, and a load library, which every job shares,
    go to component 0, "other"."""
    spread = dict(components)
    frontier = sorted(components)
    while frontier:
        placed_before = spread.copy()
        reached = sorted({n for node in frontier if not graph.nodes[node].get("library") for n in nx.all_neighbors(graph, node)} - placed_before.keys())
        for node in reached:
            if graph.nodes[node].get("library"):
                spread[node] = 0
                continue
            counts: dict[int, int] = {}
            for neighbour in nx.all_neighbors(graph, node):
                component = placed_before.get(neighbour)
                if component:
                    counts[component] = counts.get(component, 0) + 1
            spread[node] = min(counts, key=lambda c: (-counts[c], c)) if counts else 0
        frontier = [n for n in reached if spread[n]]
    unplaced = graph.subgraph(n for n in graph.nodes if n not in spread and not graph.nodes[n].get("library"))
    next_id = max(spread.values(), default=0) + 1
    for group in sorted((sorted(g) for g in nx.weakly_connected_components(unplaced)), key=lambda g: (-len(g), g[0])):
        number = next_id if len(group) > 1 else 0
        next_id += len(group) > 1
        spread.update(dict.fromkeys(group, number))
    spread.update({n: 0 for n in graph.nodes if n not in spread})
    return spread


def component_names(graph: nx.MultiDiGraph, components: dict[str, int]) -> dict[int, str]:
    """Each component named after its most connected program (load libraries not counted), so a
    reader sees "CREACC", not "component 1"; a group that reaches no program after its most
    connected member ("BUILD (job)"); component 0 (nodes alone, load libraries) is "other"."""
    names = {0: "other"}
    best: dict[int, tuple[int, str]] = {}
    program_components = set(components.values())
    for node, component in spread_components(graph, components).items():
        if component == 0 or (component in program_components and graph.nodes[node].get("kind") != NodeKind.PROGRAM):
            continue
        degree = sum(1 for n in nx.all_neighbors(graph, node) if not graph.nodes[n].get("library"))
        rank = (-degree, node)
        if component not in best or rank < best[component]:
            best[component] = rank
    for component, (_, node) in best.items():
        name = graph.nodes[node].get("name", node.split(":", 1)[-1])
        names[component] = name if component in program_components else f"{name} ({graph.nodes[node].get('kind', 'node')})"
    return names


def too_large(graph: nx.MultiDiGraph) -> bool:
    """Whether the whole graph is past what Graphviz lays out readably or Mermaid renders by default
    (an edge of the Mermaid text is one per source, target and kind; a line is about 60 characters)."""
    edges = {(u, v, d.get("kind")) for u, v, d in graph.edges(data=True)}
    return graph.number_of_nodes() > DOT_NODES or len(edges) > MERMAID_EDGES or 60 * (graph.number_of_nodes() + len(edges)) > MERMAID_CHARS


def file_stem(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", name).strip(".") or "component"


def component_graphs(graph: nx.MultiDiGraph, components: dict[str, int]) -> dict[str, nx.MultiDiGraph]:
    """One subgraph per component, by a file stem made of its name (numbered when two names clash)."""
    spread = spread_components(graph, components)
    names = component_names(graph, components)
    members: dict[int, list[str]] = {}
    for node, component in spread.items():
        members.setdefault(component, []).append(node)
    parts: dict[str, nx.MultiDiGraph] = {}
    for component in sorted(members):
        stem = file_stem(names.get(component, f"component-{component}"))
        unique, number = stem, 1
        while unique in parts:
            number += 1
            unique = f"{stem}-{number}"
        parts[unique] = graph.subgraph(members[component]).copy()
    return parts


def overview(graph: nx.MultiDiGraph, components: dict[str, int]) -> nx.MultiDiGraph:
    """One node per component (its name and size) and one edge per pair that edges cross, with their
    count: the index a reader opens before the per-component files."""
    spread = spread_components(graph, components)
    names = component_names(graph, components)
    summary = nx.MultiDiGraph()
    sizes: dict[int, int] = {}
    for component in spread.values():
        sizes[component] = sizes.get(component, 0) + 1
    for component, size in sizes.items():
        summary.add_node(f"component:{names.get(component, component)}", kind="component", name=f"{names.get(component, component)} ({size} nodes)")
    crossing: dict[tuple[int, int], int] = {}
    for u, v in graph.edges():
        a, b = spread[u], spread[v]
        if a != b:
            crossing[(a, b)] = crossing.get((a, b), 0) + 1
    for (a, b), count in crossing.items():
        summary.add_edge(f"component:{names.get(a, a)}", f"component:{names.get(b, b)}", kind=f"{count} edges")
    return summary
