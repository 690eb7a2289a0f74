"""The analyses that grow faster than the graph are bounded by a budget on large graphs, and say so."""

import networkx as nx
import pytest

from modernize.graph import analyze
from modernize.model import NodeKind, ReferenceKind


def estate(programs: int) -> nx.MultiDiGraph:
    """Programs in two rings of callers, the rings bridged once."""
    graph = nx.MultiDiGraph()
    names = [f"program:P{n:03d}" for n in range(programs)]
    for name in names:
        graph.add_node(name, kind=NodeKind.PROGRAM, name=name.split(":")[1])
    half = programs // 2
    for ring in (names[:half], names[half:]):
        for index, name in enumerate(ring):
            graph.add_edge(name, ring[(index + 1) % len(ring)], kind=ReferenceKind.CALLS)
    graph.add_edge(names[0], names[half], kind=ReferenceKind.CALLS)
    return graph


def test_small_graphs_are_analysed_whole_and_say_nothing():
    found = analyze.analyse(estate(40))
    assert "limits" not in found
    assert len(found["components"]) == 40 and found["hubs"][0]["betweenness"] > 0


def test_past_the_budgets_the_limits_are_reported(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(analyze, "BETWEENNESS_BUDGET", 1)  # 32 samples, the least there are
    monkeypatch.setattr(analyze, "COMPONENTS_EDGE_BUDGET", 10)
    found = analyze.analyse(estate(80))
    assert found["limits"] == [
        "hubs: betweenness sampled from 32 of 80 nodes (budget 1 samples x edges; it only breaks ties in fan-in + fan-out)",
        "components: 81 edges between programs (budget 10): one level of Louvain, so more and smaller components than a full "
        "run would merge",
    ]
    assert set(found["components"]) == {f"program:P{n:03d}" for n in range(80)}
