"""Part of the graph: the N-hop neighbourhood of one node, in both directions, kept to some node kinds.

A whole estate's graph is a hairball no export renders readably; the question a reader brings is
usually about one program, so `modernize graph --focus NAME` writes every format from this subgraph.
"""

from __future__ import annotations

from collections.abc import Collection

import networkx as nx


def neighbourhood(graph: nx.MultiDiGraph, node: str, depth: int = 1, kinds: Collection[str] = ()) -> nx.MultiDiGraph:
    """The subgraph of the nodes within ``depth`` hops of ``node`` over edges either way, only of
    ``kinds`` when given (the focus node always stays). Hops pass only through kept nodes, so a
    filtered-out kind never links two kept nodes that are not otherwise near."""
    allowed = set(kinds)
    keep = {node}
    frontier = {node}
    for _ in range(max(0, depth)):
        reached = set()
        for current in frontier:
            for other in (*graph.successors(current), *graph.predecessors(current)):
                if other not in keep and (not allowed or graph.nodes[other].get("kind") in allowed):
                    reached.add(other)
        keep |= reached
        frontier = reached
    return graph.subgraph(keep).copy()
