"""Shared services and bounded units: what keeps the plan from becoming one big bang.

An abend handler, a date routine or a logging module that every program calls would otherwise tie
every program into one community, and calls into it would close unit cycles that merge the rest.
Such utilities are found by their shape (many callers, no callees of their own outside the other
utilities, no screen, transaction or job step of their own) and become one unit of shared services:
calls into them never group or merge the programs that make them. A unit that still holds more than
a share of the estate is split into its call cycles and regrouped by the data they write, within
that share; only a real call cycle (or a pin) keeps more together.
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from modernize.model import NodeKind

OUTSIDE = (NodeKind.CLASS, NodeKind.SERVICE, NodeKind.API)
DATA = (NodeKind.DATASET, NodeKind.TABLE, NodeKind.FILE, NodeKind.QUEUE)


def shared_services(graph: nx.MultiDiGraph, programs: list[str], min_callers: int, named: list[str]) -> set[str]:
    """Utility and platform programs: called by ``min_callers`` programs or more (or only by Java
    classes and z/OS Connect services, using no data: a platform service such as a company name
    lookup), calling nothing in the estate but other shared services, using no data other programs
    use, with no screen and started by no transaction or job step; and the programs ``named`` in the
    settings."""
    candidates = set()
    for program in programs:
        ins = [(u, d.get("kind")) for u, _, d in graph.in_edges(program, data=True)]
        if graph.nodes[program].get("name") in named:
            candidates.add(program)
            continue
        if any(kind in ("starts", "executes") and graph.nodes[u].get("kind") in ("transaction", "step") for u, kind in ins):
            continue
        if any(d.get("kind") == "shows" for _, _, d in graph.out_edges(program, data=True)):
            continue
        callers = {u for u, kind in ins if kind == "calls" and u != program}
        program_callers = {u for u in callers if graph.nodes[u].get("kind") == NodeKind.PROGRAM}
        data = {v for _, v, d in graph.out_edges(program, data=True) if d.get("kind") in ("reads", "writes") and graph.nodes[v].get("kind") in DATA}
        # Business data (stores other programs use too) makes an inquiry program, not a utility; its own log does not.
        business_data = any(u != program and d.get("kind") in ("reads", "writes") for v in data for u, _, d in graph.in_edges(v, data=True))
        platform = bool(callers) and not program_callers and not data and all(graph.nodes[u].get("kind") in OUTSIDE for u in callers)
        if (len(program_callers) >= min_callers and not business_data) or platform:
            candidates.add(program)
    # A candidate that calls a business program is no utility: drop it until only utilities remain.
    changed = True
    while changed:
        changed = False
        for program in sorted(candidates):
            callees = {v for _, v, d in graph.out_edges(program, data=True) if d.get("kind") == "calls"
                       and graph.nodes[v].get("kind") == NodeKind.PROGRAM and v != program}
            if callees - candidates and graph.nodes[program].get("name") not in named:  # programs left out count as business
                candidates.discard(program)
                changed = True
    return candidates


def call_cycles(graph: nx.MultiDiGraph, programs: set[str]) -> list[list[str]]:
    """Groups of ``programs`` that call each other (strongly connected over calls, one program calling
    itself included)."""
    calls = nx.DiGraph()
    calls.add_nodes_from(programs)
    for u, v, d in graph.edges(data=True):
        if d.get("kind") == "calls" and u in programs and v in programs:
            calls.add_edge(u, v)
    return sorted(sorted(c) for c in nx.strongly_connected_components(calls) if len(c) > 1 or calls.has_edge(*[next(iter(c))] * 2))


def split(graph: nx.MultiDiGraph, unit: list[str], cap: int, together: list[list[str]]) -> list[list[str]]:
    """An oversized unit as smaller ones: its call cycles and the groups in ``together`` (pins, nested
    programs) stay whole; pieces that write the same data, then pieces that call each other, join while
    the joined piece stays within ``cap`` programs."""
    members = set(unit)
    parent = {p: p for p in unit}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    size = {p: 1 for p in unit}

    def union(a: str, b: str, bounded: bool) -> None:
        ra, rb = find(a), find(b)
        if ra == rb or (bounded and size[ra] + size[rb] > cap):
            return
        keep, gone = min(ra, rb), max(ra, rb)
        parent[gone] = keep
        size[keep] += size.pop(gone)

    for group in call_cycles(graph, members) + together:
        inside = [p for p in group if p in members]
        for other in inside[1:]:
            union(inside[0], other, bounded=False)
    writers: dict[str, set[str]] = defaultdict(set)
    calls: list[tuple[str, str]] = []
    for program in sorted(unit):
        for _, v, d in graph.out_edges(program, data=True):
            if d.get("kind") == "writes" and graph.nodes[v].get("kind") in DATA:
                writers[v].add(program)
            elif d.get("kind") == "calls" and v in members and v != program:
                calls.append((program, v))
    # Data written by few programs says most about what belongs together: join by it first.
    for _, who in sorted(writers.items(), key=lambda item: (len(item[1]), item[0])):
        ordered = sorted(who)
        for other in ordered[1:]:
            union(ordered[0], other, bounded=True)
    for caller, callee in sorted(calls):
        union(caller, callee, bounded=True)
    groups: dict[str, list[str]] = defaultdict(list)
    for program in sorted(unit):
        groups[find(program)].append(program)
    return sorted(groups.values(), key=lambda g: g[0])
