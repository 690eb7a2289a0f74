"""Analyses over the dependency graph: plain functions of a networkx graph, networkx style.

Edge u -> v means "u depends on v" (a program calls, includes, reads; a step executes; a
transaction starts). So what depends on a node is its ancestors, and impact is reverse reachability.

One kind of edge is no dependency: ``returns-to`` (EXEC CICS RETURN TRANSID) names the transaction of
the next screen of a pseudo-conversation. Following it would make every screen of an application
depend on every other through the menu, so impact, hubs and components leave it out unless
``include_navigation`` asks for it; entry points, layers and cycles never follow it.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from typing import Any

import networkx as nx

from modernize.model import NodeKind, ReferenceKind

CONTROL_EDGES = frozenset([ReferenceKind.CALLS, ReferenceKind.EXECUTES, ReferenceKind.STARTS])
NAVIGATION_EDGES = frozenset([ReferenceKind.RETURNS_TO])  # the next screen of a conversation: no dependency
PROGRAM_KINDS = frozenset([NodeKind.PROGRAM, NodeKind.EXTERNAL])
DATA_KINDS = (NodeKind.DATASET, NodeKind.TABLE, NodeKind.FILE, NodeKind.QUEUE)
SEED = 1991


def dependency_edges(graph: nx.MultiDiGraph, include_navigation: bool = False) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """The edges that say "u depends on v": all but navigation, unless ``include_navigation``."""
    for u, v, data in graph.edges(data=True):
        if include_navigation or data.get("kind") not in NAVIGATION_EDGES:
            yield u, v, data


def cycles(graph: nx.MultiDiGraph) -> list[list[str]]:
    """Groups of programs that call (or link/transfer to) each other: they are replaced together."""
    calls = nx.DiGraph()
    for u, v, data in graph.edges(data=True):
        if data.get("kind") == ReferenceKind.CALLS and graph.nodes[u].get("kind") in PROGRAM_KINDS and graph.nodes[v].get("kind") in PROGRAM_KINDS:
            calls.add_edge(u, v)
    found = []
    for component in nx.strongly_connected_components(calls):
        if len(component) > 1 or any(calls.has_edge(n, n) for n in component):
            found.append(sorted(component))
    return sorted(found)


def entry_points(graph: nx.MultiDiGraph) -> list[str]:
    """Jobs, transactions, and programs that nothing calls, executes or starts (a transaction a
    screen returns to is still an entry point: a user starts it)."""
    entries = []
    for node, data in graph.nodes(data=True):
        kind = data.get("kind")
        if kind in (NodeKind.JOB, NodeKind.TRANSACTION):
            entries.append(node)
        elif kind == NodeKind.PROGRAM and not data.get("nested_in"):
            incoming = {d.get("kind") for _, _, d in graph.in_edges(node, data=True)}
            if not incoming & CONTROL_EDGES:
                entries.append(node)
    return sorted(entries)


def unreferenced(graph: nx.MultiDiGraph) -> dict[str, list[str]]:
    """Programs nothing runs (no calls/executes/starts/defines in) and copybooks nothing includes."""
    programs, copybooks = [], []
    for node, data in graph.nodes(data=True):
        incoming = {d.get("kind") for _, _, d in graph.in_edges(node, data=True)}
        if data.get("kind") == NodeKind.PROGRAM and not data.get("nested_in") and not incoming & (CONTROL_EDGES | {ReferenceKind.DEFINES}):
            programs.append(node)
        elif data.get("kind") == NodeKind.COPYBOOK and not data.get("missing") and ReferenceKind.INCLUDES not in incoming:
            copybooks.append(node)
    return {"programs": sorted(programs), "copybooks": sorted(copybooks)}


def missing(graph: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """Referenced but not in the repository (system programs excluded), with who refers to them."""
    found = []
    for node, data in graph.nodes(data=True):
        absent = data.get("missing") or (data.get("kind") == NodeKind.EXTERNAL and not data.get("system") and not data.get("unresolved"))
        if absent:
            referrers = sorted({u for u, _ in graph.in_edges(node)})
            found.append({"id": node, "kind": data.get("kind"), "referenced_by": referrers})
    return sorted(found, key=lambda f: f["id"])


def layers(graph: nx.MultiDiGraph) -> dict[str, int]:
    """Depth of each program in the condensed call graph: 0 = calls nothing in the estate."""
    calls = nx.DiGraph()
    for node, data in graph.nodes(data=True):
        if data.get("kind") == NodeKind.PROGRAM:
            calls.add_node(node)
    for u, v, data in graph.edges(data=True):
        if data.get("kind") == ReferenceKind.CALLS and u in calls and v in calls:
            calls.add_edge(u, v)
    condensed = nx.condensation(calls)
    depth: dict[int, int] = {}
    for component in reversed(list(nx.topological_sort(condensed))):
        successors = list(condensed.successors(component))
        depth[component] = 1 + max((depth[s] for s in successors), default=-1)
    return {node: depth[condensed.graph["mapping"][node]] for node in sorted(calls.nodes)}


BETWEENNESS_BUDGET = 20_000_000  # samples x edges
# Louvain's later levels (merging communities of communities) cost most on large graphs (16.5 s of
# 42 s of analyses at 100 000 nodes); past this many program-to-program edges only its first level runs.
COMPONENTS_EDGE_BUDGET = 200_000


def hubs(graph: nx.MultiDiGraph, top: int = 10, include_navigation: bool = False, limits: list[str] | None = None) -> list[dict[str, Any]]:
    """Most connected programs, copybooks, data sets and tables: fan-in, fan-out and betweenness over
    the control and data flow. Libraries (STEPLIB, SYSLIB, a compiler's data sets) are no hubs, nor
    a job's temporary data sets (``&&X``): they live for one job, however many of its steps pass them."""
    simple = nx.DiGraph()
    for u, v, _ in dependency_edges(graph, include_navigation):
        if u != v:
            simple.add_edge(u, v)
    # Sampled betweenness (it only breaks ties after fan-in + fan-out): fewer samples on large
    # graphs keep this to seconds; at 30 000 nodes 500 samples took 40 s.
    samples = min(len(simple), 500, max(32, BETWEENNESS_BUDGET // max(1, simple.number_of_edges())))
    betweenness = nx.betweenness_centrality(simple, normalized=True, seed=SEED, k=samples or None) if len(simple) else {}
    if limits is not None and samples < len(simple):
        limits.append(f"hubs: betweenness sampled from {samples:,} of {len(simple):,} nodes (budget {BETWEENNESS_BUDGET:,} "
                      f"samples x edges; it only breaks ties in fan-in + fan-out)")
    rows = []
    for node, data in graph.nodes(data=True):
        if data.get("kind") not in (NodeKind.PROGRAM, NodeKind.COPYBOOK, NodeKind.DATASET, NodeKind.TABLE) or data.get("library") or data.get("temporary"):
            continue  # a load library every step names says nothing about the estate's structure
        fan_in = len({u for u, _, d in graph.in_edges(node, data=True) if include_navigation or d.get("kind") not in NAVIGATION_EDGES})
        fan_out = len({v for _, v, d in graph.out_edges(node, data=True) if include_navigation or d.get("kind") not in NAVIGATION_EDGES})
        rows.append({"id": node, "fan_in": fan_in, "fan_out": fan_out, "betweenness": round(betweenness.get(node, 0.0), 6)})
    rows.sort(key=lambda r: (-(r["fan_in"] + r["fan_out"]), -r["betweenness"], r["id"]))
    return rows[:top]


def shared_data(graph: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """Datasets and tables written by more than one program: the hardest parts to move."""
    found = []
    for node, data in graph.nodes(data=True):
        if data.get("kind") not in DATA_KINDS:
            continue
        writers = sorted({u for u, _, d in graph.in_edges(node, data=True) if d.get("kind") == ReferenceKind.WRITES and graph.nodes[u].get("kind") == NodeKind.PROGRAM})
        readers = sorted({u for u, _, d in graph.in_edges(node, data=True) if d.get("kind") == ReferenceKind.READS and graph.nodes[u].get("kind") == NodeKind.PROGRAM})
        if len(writers) > 1:
            found.append({"id": node, "writers": writers, "readers": readers})
    return sorted(found, key=lambda f: f["id"])


def components(graph: nx.MultiDiGraph, include_navigation: bool = False, limits: list[str] | None = None) -> dict[str, int]:
    """Proposed components: communities of programs over calls and shared data (deterministic seed)."""
    undirected = nx.Graph()
    programs = sorted(n for n, d in graph.nodes(data=True) if d.get("kind") == NodeKind.PROGRAM)
    undirected.add_nodes_from(programs)
    edges = [(u, v) for u, v, _ in dependency_edges(graph, include_navigation)]
    for u, v in edges:
        if u in undirected and v in undirected and u != v:
            weight = undirected.get_edge_data(u, v, {}).get("weight", 0) + 2
            undirected.add_edge(u, v, weight=weight)
    by_data: dict[str, set[str]] = {}
    for u, v in edges:
        if u in undirected and graph.nodes[v].get("kind") in (*DATA_KINDS, NodeKind.COPYBOOK):
            by_data.setdefault(v, set()).add(u)
    for users in by_data.values():
        ordered = sorted(users)
        if len(ordered) > 20:
            continue  # a table everybody uses says nothing about which programs belong together
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                weight = undirected.get_edge_data(a, b, {}).get("weight", 0) + 1
                undirected.add_edge(a, b, weight=weight)
    if not undirected.number_of_nodes():
        return {}
    levels = None
    if undirected.number_of_edges() > COMPONENTS_EDGE_BUDGET:
        levels = 1
        if limits is not None:
            limits.append(f"components: {undirected.number_of_edges():,} edges between programs (budget {COMPONENTS_EDGE_BUDGET:,}): "
                          "one level of Louvain, so more and smaller components than a full run would merge")
    communities = nx.community.louvain_communities(undirected, weight="weight", seed=SEED, max_level=levels)
    ordered_communities = sorted((sorted(c) for c in communities), key=lambda c: (-len(c), c[0]))
    return {node: index + 1 for index, members in enumerate(ordered_communities) for node in members}


def impact(graph: nx.MultiDiGraph, node: str, include_navigation: bool = False) -> dict[str, list[str]]:
    """Everything that transitively depends on ``node``, each with one shortest path to it. The
    screens a conversation moves on to (``returns-to``) depend on nothing through that move, so
    navigation is followed only with ``include_navigation``."""
    paths: dict[str, list[str]] = {}
    queue = deque([node])
    parent: dict[str, str | None] = {node: None}
    while queue:
        current = queue.popleft()
        dependants = {u for u, _, d in graph.in_edges(current, data=True) if include_navigation or d.get("kind") not in NAVIGATION_EDGES}
        for dependant in sorted(dependants):
            if dependant not in parent:
                parent[dependant] = current
                queue.append(dependant)
    for dependant in parent:
        if dependant == node:
            continue
        path = [dependant]
        while parent[path[-1]] is not None:
            path.append(parent[path[-1]])  # type: ignore[arg-type]
        paths[dependant] = path
    return dict(sorted(paths.items()))


NODE_ORDER = [NodeKind.PROGRAM, NodeKind.COPYBOOK, NodeKind.JOB, NodeKind.TRANSACTION, NodeKind.TABLE, NodeKind.DATASET, NodeKind.PROC,
              NodeKind.SCREEN]


def find_node(graph: nx.MultiDiGraph, name: str) -> str | None:
    """A node by id (``program:X``) or by bare name, preferring programs, then copybooks, then others."""
    found = find_nodes(graph, name)
    return found[0] if found else None


def find_nodes(graph: nx.MultiDiGraph, name: str, kinds: tuple[str, ...] = ()) -> list[str]:
    """Every node a name can mean (a copybook, a table and a file may share one), in the order of
    ``find_node``; with ``kinds``, those of these kinds when there are any."""
    if name in graph:
        return [name]
    wanted = name.upper()
    candidates = [n for n, d in graph.nodes(data=True) if d.get("name") == wanted]
    if kinds and any(graph.nodes[n]["kind"] in kinds for n in candidates):
        candidates = [n for n in candidates if graph.nodes[n]["kind"] in kinds]
    candidates.sort(key=lambda n: (NODE_ORDER.index(graph.nodes[n]["kind"]) if graph.nodes[n]["kind"] in NODE_ORDER else len(NODE_ORDER), n))
    return candidates


def analyse(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """All analyses at once, as JSON-ready data (analysis.json); ``limits`` (only when one applied) says
    which analysis a budget bounded on a large graph, and how."""
    limits: list[str] = []
    found = {
        "cycles": cycles(graph),
        "entry_points": entry_points(graph),
        "unreferenced": unreferenced(graph),
        "missing": missing(graph),
        "layers": layers(graph),
        "hubs": hubs(graph, limits=limits),
        "shared_data": shared_data(graph),
        "components": components(graph, limits=limits),
    }
    if limits:
        found["limits"] = limits
    return found
