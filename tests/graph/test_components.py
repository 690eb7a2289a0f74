"""Named components, the per-component DOT and Mermaid files of a large graph, and hubs without load libraries."""

import networkx as nx

from modernize.graph import analyze
from modernize.graph.components import DOT_NODES, component_names, spread_components, too_large
from modernize.graph.export import export_outputs


def estate(programs_per_group: int = 2, groups: int = 2, datasets: int = 0) -> nx.MultiDiGraph:
    """Groups of programs, each group around a main program that calls the others and writes data
    sets, every step loading them from one library."""
    graph = nx.MultiDiGraph()
    graph.add_node("dataset:SYS1.LOADLIB", kind="dataset", name="SYS1.LOADLIB", library=True)
    for g in range(groups):
        main = f"program:MAIN{g}"
        graph.add_node(main, kind="program", name=f"MAIN{g}")
        for p in range(programs_per_group):
            graph.add_node(f"program:SUB{g}X{p}", kind="program", name=f"SUB{g}X{p}")
            graph.add_edge(main, f"program:SUB{g}X{p}", kind="calls")
        for d in range(datasets):
            graph.add_node(f"dataset:D{g}.F{d}", kind="dataset", name=f"D{g}.F{d}")
            graph.add_edge(main, f"dataset:D{g}.F{d}", kind="writes")
        graph.add_node(f"step:J{g}.S1", kind="step", name=f"J{g}.S1")
        graph.add_edge(f"step:J{g}.S1", main, kind="executes")
        graph.add_edge(f"step:J{g}.S1", "dataset:SYS1.LOADLIB", kind="reads")
    return graph


def test_a_component_is_named_after_its_most_connected_program():
    graph = estate()
    names = component_names(graph, analyze.components(graph))
    assert sorted(names.values()) == ["MAIN0", "MAIN1", "other"]


def test_load_libraries_and_temporary_data_sets_are_no_hubs():
    graph = estate()
    graph.add_node("dataset:J0.&&TEMP", kind="dataset", name="J0.&&TEMP", temporary=True)
    graph.add_edge("step:J0.S1", "dataset:J0.&&TEMP", kind="writes")
    ids = {hub["id"] for hub in analyze.hubs(graph, top=100)}
    assert "program:MAIN0" in ids and not ids & {"dataset:SYS1.LOADLIB", "dataset:J0.&&TEMP"}


def test_a_small_graph_keeps_one_dot_and_one_mermaid_file():
    graph = estate()
    assert not too_large(graph)
    assert not any(name.startswith("components/") for name in export_outputs(graph, "k", analyze.components(graph)))


def test_a_large_graph_is_written_per_component_with_an_overview():
    graph = estate(programs_per_group=20, groups=3, datasets=DOT_NODES // 3)
    assert too_large(graph)
    outputs = export_outputs(graph, "k", analyze.components(graph))
    assert {n for n in outputs if n.startswith("components/")} == {f"components/{g if g == 'other' else f'MAIN{g}'}.{ext}" for g in (*range(3), "other") for ext in ("dot", "mmd")}
    overview = outputs["graph.mmd"].produce().decode()
    assert "MAIN0 #40;122 nodes#41;" in overview and "SUB0X1" not in overview
    part = outputs["components/MAIN1.dot"].produce().decode()
    assert "SUB1X5" in part and "SUB0X5" not in part


def test_nodes_reach_their_component_over_several_hops_and_the_rest_groups_by_what_connects_it():
    graph = estate()
    graph.add_node("job:J0", kind="job", name="J0")
    graph.add_edge("job:J0", "step:J0.S1", kind="contains")
    # a build job that runs no program of the estate: its own component, named after its busiest node
    graph.add_node("job:BUILD", kind="job", name="BUILD")
    for s in range(3):
        graph.add_node(f"step:BUILD.S{s}", kind="step", name=f"BUILD.S{s}")
        graph.add_edge("job:BUILD", f"step:BUILD.S{s}", kind="contains")
        graph.add_edge(f"step:BUILD.S{s}", "dataset:SYS1.LOADLIB", kind="reads")
    graph.add_node("class:LONELY", kind="class", name="LONELY")
    found = analyze.components(graph)
    spread = spread_components(graph, found)
    names = component_names(graph, found)
    assert spread["job:J0"] == spread["step:J0.S1"] == found["program:MAIN0"]
    assert names[spread["step:BUILD.S2"]] == "BUILD (job)" and spread["job:BUILD"] == spread["step:BUILD.S0"]
    assert spread["class:LONELY"] == spread["dataset:SYS1.LOADLIB"] == 0 and names[0] == "other"
