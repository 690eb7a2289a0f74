"""The dependency graph of the example estate: exact edges, analyses, exports, determinism."""

import json

import networkx as nx
import pytest
from click.testing import CliRunner

from modernize.cli import cli
from modernize.graph import analyze, export
from modernize.graph.build import build_graph
from tests.conftest import EXAMPLES


@pytest.fixture(scope="module")
def graph(example_estate):
    return example_estate.graph


def edges(graph, kind, source_kind=None):
    return {
        (u.split(":", 1)[1], v.split(":", 1)[1], d["via"])
        for u, v, d in graph.edges(data=True)
        if d["kind"] == kind and (source_kind is None or graph.nodes[u]["kind"] == source_kind)
    }


def test_every_call_link_and_transfer(graph):
    assert edges(graph, "calls", "program") == {
        ("TSB010", "TSU010", "static"), ("TSB010", "TSU030", "static"),
        ("TSB020", "TSU020", "dynamic"),
        ("TSB040", "TSB040F", "static"),
        ("TSB050", "TSU010", "static"),
        ("TSB090", "TSU010", "static"),
        ("TSO100", "TSO110", "cics-xctl"), ("TSO100", "TSO120", "cics-xctl"), ("TSO100", "TSU010", "static"),
        ("TSO110", "TSO100", "cics-xctl"), ("TSO110", "TSO120", "cics-xctl"), ("TSO110", "TSO900", "cics-link"), ("TSO110", "TSU010", "static"),
        ("TSO120", "TSO100", "cics-xctl"), ("TSO120", "TSO110", "cics-xctl"), ("TSO120", "TSO900", "cics-link"), ("TSO120", "TSU010", "static"),
    }
    assert graph.nodes["program:TSB040F"]["nested_in"] == "TSB040"


def test_every_copy_is_an_include_edge_from_where_it_is_written(graph):
    includes = {}
    for source, target, _ in edges(graph, "includes"):
        includes.setdefault(source, set()).add(target)
    assert includes == {
        "TSB010": {"TSLAANV", "TSLELFP", "TSLFOUT", "TSLPERS"},
        "TSB020": {"TSLAANV", "TSLBERK", "TSLBETR", "TSLTELR"},
        "TSB030": {"SQLCA", "TSDAANV", "TSDBETL", "TSLBETR"},
        "TSB040": {"TSLBETR"},
        "TSB050": {"TSLBETR", "TSLCORR", "TSLELFP", "TSLTELR"},
        "TSB060": {"TSLBETR"},
        "TSB090": {"TSLELFP", "TSLPERS"},
        "TSLPERS": {"TSLADRS"},  # nested COPY: copybook -> copybook, not program -> TSLADRS
        "TSO100": {"DFHAID", "DFHBMSCA", "TSLCOMM", "TSLELFP", "TSM100"},
        "TSO110": {"DFHAID", "DFHBMSCA", "SQLCA", "TSDAANV", "TSLAUDT", "TSLCOMM", "TSLELFP", "TSLPERS", "TSM110"},
        "TSO120": {"DFHAID", "DFHBMSCA", "SQLCA", "TSDAANV", "TSLAUDT", "TSLCOMM", "TSLELFP", "TSLPERS", "TSM110"},
        "TSO900": {"TSLAUDT"},
        "TSU010": {"TSLELFP"},
        "TSU020": {"TSLBERK", "TSLPARM"},
        "TSJ010": {"TSCOMDD"},
    }
    assert graph.nodes["copybook:SQLCA"]["system"] is True


def test_steps_run_programs_directly_through_procs_and_through_ikjeft01(graph):
    executes = edges(graph, "executes", "step")
    assert ("TSJ010.STEP020", "TSB010", "jcl") in executes
    assert ("TSJ020.BETAAL.BEREKEN", "TSB020", "jcl") in executes
    assert ("TSJ020.DB2LOAD", "IKJEFT01", "jcl") in executes and ("TSJ020.DB2LOAD", "TSB030", "ikjeft01") in executes
    assert graph.nodes["external:IKJEFT01"]["system"] is True
    assert ("TSJ020", "TSJ020.BETAAL.BEREKEN", "jcl") in edges(graph, "contains", "job")


def test_transactions_start_their_programs(graph):
    assert edges(graph, "starts", "transaction") == {("TS00", "TSO100", "csd"), ("TS01", "TSO110", "csd"), ("TS02", "TSO120", "csd")}


def test_program_dataset_edges_that_exist_only_through_the_jcl_join(graph):
    joined = {(u, v, d["kind"], d["ddname"]) for u, v, d in graph.edges(data=True) if d["via"] == "dd" and u.startswith("program:")}
    assert ("program:TSB010", "dataset:TSL.PROD.PERSOON", "reads", "PERSOON") in joined
    assert ("program:TSB020", "dataset:TSL.PROD.BETALING", "writes", "BETALING") in joined
    assert ("program:TSB050", "dataset:TSL.PROD.CORRECTIE", "reads", "CORRIN") in joined
    assert ("program:TSB010", "dataset:TSJ010.&&AANVSRT", "reads", "AANVRIN") in joined
    # TSB090 runs in no job: its file stays a file: node, its dataset unknown.
    assert ("program:TSB090", "file:PERSOON", "reads", "PERSOON") in joined


def test_analyses(graph):
    assert analyze.cycles(graph) == [["program:TSO100", "program:TSO110", "program:TSO120"]]
    assert analyze.unreferenced(graph) == {"programs": ["program:TSB090"], "copybooks": ["copybook:TSDPERS"]}
    assert "program:TSB090" in analyze.entry_points(graph) and "transaction:TS00" in analyze.entry_points(graph)
    shared = {s["id"]: s["writers"] for s in analyze.shared_data(graph)}
    assert shared["dataset:TSL.PROD.BETALING"] == ["program:TSB020", "program:TSB050"]
    layers = analyze.layers(graph)
    assert layers["program:TSU010"] == 0 and layers["program:TSB010"] == 1
    components = analyze.components(graph)
    assert components["program:TSO100"] == components["program:TSO110"] == components["program:TSO120"]
    assert [m["id"] for m in analyze.missing(graph)] == []
    impact = analyze.impact(graph, "copybook:TSLADRS")
    assert impact["job:TSJ010"] == ["job:TSJ010", "step:TSJ010.STEP020", "program:TSB010", "copybook:TSLPERS", "copybook:TSLADRS"]
    assert "transaction:TS01" in impact


def test_graph_json_is_byte_identical_across_runs(graph, example_rescan):
    again = build_graph(example_rescan.modules)
    assert export.to_json(graph) == export.to_json(again)
    data = json.loads(export.to_json(graph))
    assert {"nodes", "edges"} <= set(data)
    node = next(n for n in data["nodes"] if n["id"] == "program:TSB010")
    assert (node["kind"], node["name"], node["path"], node["language"]) == ("program", "TSB010", "cbl/TSB010.cbl", "cobol")
    edge = next(e for e in data["edges"] if e["source"] == "program:TSB010" and e["target"] == "program:TSU030")
    assert (edge["kind"], edge["via"], edge["path"]) == ("calls", "static", "cbl/TSB010.cbl")


def test_exports_open_in_other_tools(graph, tmp_path):
    (tmp_path / "g.graphml").write_text(export.to_graphml(graph))
    back = nx.read_graphml(tmp_path / "g.graphml")
    assert back.number_of_nodes() == graph.number_of_nodes() and back.number_of_edges() == graph.number_of_edges()
    (tmp_path / "g.gexf").write_text(export.to_gexf(graph))
    assert nx.read_gexf(tmp_path / "g.gexf").number_of_nodes() == graph.number_of_nodes()
    cypher = export.to_cypher(graph)
    assert cypher.count("MERGE (n:Artifact") == graph.number_of_nodes()
    assert cypher.count("]->(b) SET r += ") == graph.number_of_edges()
    dot = export.to_dot(graph)
    assert dot.startswith("digraph estate {") and '"program:TSB010" -> "program:TSU030"' in dot
    csv_files = export.to_csv(graph)
    assert len(csv_files["nodes.csv"].splitlines()) == graph.number_of_nodes() + 1
    assert "flowchart LR" in export.to_mermaid(graph)


def test_graph_and_impact_commands(tmp_path, warm_cache):
    runner = CliRunner()
    result = runner.invoke(cli, ["graph", str(EXAMPLES), "-o", str(tmp_path / "g.json"), "--cache-dir", str(warm_cache)])
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "g.json").read_text())["nodes"]
    result = runner.invoke(cli, ["impact", str(EXAMPLES), "TSLPERS", "--json", "--cache-dir", str(warm_cache), "-q"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["node"] == "copybook:TSLPERS" and "program:TSB010" in data["dependants"]
    result = runner.invoke(cli, ["impact", str(EXAMPLES), "GEENDING", "--cache-dir", str(warm_cache), "-q"])
    assert result.exit_code == 2
