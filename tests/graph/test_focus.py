"""Focused exports (`modernize graph --focus`) and a Cypher script that loads twice without duplicates."""

import json
import re

import pytest
from click.testing import CliRunner

from modernize.cli import cli
from modernize.graph import export
from modernize.graph.focus import neighbourhood
from tests.conftest import EXAMPLES

# By hand from examples/cobol: TSB010's COPY statements, its CALLs, the DD names its SELECTs assign
# bound by the two steps that run it (TSJ010.STEP020 and the test job's INTAKE), and those steps.
TSB010_NEIGHBOURS = {
    "program:TSB010",
    "copybook:TSLAANV", "copybook:TSLPERS", "copybook:TSLFOUT", "copybook:TSLELFP",
    "program:TSU010", "program:TSU030",
    "step:TSJ010.STEP020", "step:TSJ060.INTAKE",
    "dataset:TSJ010.&&AANVSRT", "dataset:TSL.PROD.PERSOON", "dataset:TSL.PROD.AANVGOED", "dataset:TSL.PROD.AANVFOUT",
    "dataset:TSL.TEST.AANVRAAG.GESORT", "dataset:TSL.TEST.PERSOON", "dataset:TSL.TEST.AANVGOED",
}


@pytest.fixture(scope="module")
def graph(example_estate):
    return example_estate.graph


def test_depth_one_is_exactly_the_neighbours(graph):
    assert set(neighbourhood(graph, "program:TSB010", 1)) == TSB010_NEIGHBOURS


def test_kinds_keep_the_focus_node_and_only_those_kinds(graph):
    focused = neighbourhood(graph, "program:TSB010", 1, ["program"])
    assert set(focused) == {"program:TSB010", "program:TSU010", "program:TSU030"}
    assert neighbourhood(graph, "program:TSB010", 0).number_of_nodes() == 1


@pytest.mark.parametrize("suffix", [".json", ".dot", ".mmd", ".cypher", ".graphml"])
def test_every_format_exports_the_focused_graph(example_run, tmp_path, suffix):
    target = tmp_path / f"focus{suffix}"
    result = CliRunner().invoke(cli, ["graph", str(EXAMPLES), "-o", str(target), "--focus", "TSB010", "--depth", "1"])
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert "TSU030" in text and "TSB020" not in text
    if suffix == ".json":
        assert {n["id"] for n in json.loads(text)["nodes"]} == TSB010_NEIGHBOURS


def test_an_unknown_focus_is_a_usage_error(example_run, tmp_path):
    result = CliRunner().invoke(cli, ["graph", str(EXAMPLES), "-o", str(tmp_path / "g.json"), "--focus", "NOSUCH"])
    assert result.exit_code == 2


RE_NODE = re.compile(r"^MERGE \(n:Artifact \{id: ('(?:[^'\\]|\\.)*')\}\)")
RE_EDGE = re.compile(r"^MATCH \(a:Artifact \{id: ('(?:[^'\\]|\\.)*')\}\), \(b:Artifact \{id: ('(?:[^'\\]|\\.)*')\}\) "
                     r"MERGE \(a\)-\[r:(\w+) \{key: ('(?:[^'\\]|\\.)*')\}\]->\(b\)")


def load(script: str, nodes: set, edges: set) -> None:
    """What Neo4j keeps after running the script: MERGE adds a node or edge only if its keys are new."""
    for line in script.splitlines():
        if node := RE_NODE.match(line):
            nodes.add(node.group(1))
        elif edge := RE_EDGE.match(line):
            edges.add(edge.groups())
        else:
            assert line.startswith(("//", "CREATE CONSTRAINT")), line


def test_loading_the_cypher_script_twice_changes_nothing(graph):
    script = export.to_cypher(graph)
    assert "CREATE (a)" not in script
    nodes: set = set()
    edges: set = set()
    load(script, nodes, edges)
    once = (len(nodes), len(edges))
    assert once == (graph.number_of_nodes(), graph.number_of_edges())
    load(script, nodes, edges)
    assert (len(nodes), len(edges)) == once
