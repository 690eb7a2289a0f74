"""The replacement plan on the example estate and on generated estates: order, coverage, exports."""

import csv
import io
import json

import pytest
from click.testing import CliRunner

from benchmarks.generate import generate
from modernize.cli import cli
from modernize.config import Settings
from modernize.graph.analyze import cycles
from modernize.graph.build import build_graph
from modernize.pipeline import scan
from modernize.plan import make_plan
from modernize.plan.build import PlanSettings, build_plan
from tests.conftest import EXAMPLES, write_tree


def write_plan(graph, modules, directory, name):
    """The plan's files in ``directory`` (as the writer places them in OUT/plan); returns its steps."""
    plan = make_plan(graph, modules, name)
    directory.mkdir(parents=True, exist_ok=True)
    for file, data in plan.outputs().items():
        (directory / file).write_bytes(data)
    return plan.steps


def check_plan(graph, steps):
    programs = sorted(n for n, d in graph.nodes(data=True) if d["kind"] == "program")
    placed = [p for s in steps for p in s.programs]
    assert sorted(placed) == programs, "every program is in exactly one step"
    position = {s.id: i for i, s in enumerate(steps)}
    for step in steps:
        for dependency in step.depends_on:
            assert position[dependency] < position[step.id]
            assert next(s for s in steps if s.id == dependency).wave < step.wave
    step_of = {p: s.id for s in steps for p in s.programs}
    for cycle in cycles(graph):
        assert len({step_of[p] for p in cycle if p in step_of}) == 1, "a call cycle is replaced in one step"
    for u, v, d in graph.edges(data=True):
        if d["kind"] == "calls" and u in step_of and v in step_of and step_of[u] != step_of[v]:
            assert step_of[v] in next(s for s in steps if s.id == step_of[u]).depends_on


@pytest.fixture(scope="module")
def estate(example_estate):
    return example_estate.modules, example_estate.graph


@pytest.mark.slow  # more than about a second
def test_example_plan_order_coverage_and_contents(estate, tmp_path):
    modules, graph = estate
    steps = write_plan(graph, modules, tmp_path, "toeslagen")
    check_plan(graph, steps)
    assert [s.title.split(":")[0] for s in steps] == [
        "Shared services", "Betlijst — TSB040", "Betaling — TSB060", "Betaling — TSB030", "Tspers — TSO120", "Persoon — TSB010",
        "Teller — TSB020", "Migrate the shared data stores"]
    first = steps[0]
    assert (first.kind, first.programs, first.depends_on, first.wave) == ("shared-services", ["program:TSU010"], [], 1)
    assert any(i["kind"] == "call" and i["program"] == "program:TSU010" for i in first.interfaces)
    assert "library" in first.why and "library" in first.coexistence
    assert max(len(s.programs) for s in steps) <= 16 // 3
    assert steps[-1].depends_on == [s.id for s in steps[:-1]]
    data = json.loads((tmp_path / "plan.json").read_text())
    assert data["schema"] == "modernize-plan/1"
    step = data["steps"][0]
    assert {"id", "title", "wave", "modules", "depends_on", "interfaces", "risks", "effort"} <= set(step)
    assert {"low", "high", "unit", "formula"} <= set(step["effort"]) and step["effort"]["low"] < step["effort"]["high"]
    rows = list(csv.DictReader(io.StringIO((tmp_path / "plan.csv").read_text())))
    assert [r["id"] for r in rows] == [s.id for s in steps]
    from docx import Document

    text = "\n".join(p.text for p in Document(str(tmp_path / "plan.docx")).paragraphs)
    for s in steps:
        assert s.title in text
    assert "Why here" in (tmp_path / "plan.md").read_text()


@pytest.mark.slow  # more than about a second
def test_same_input_gives_an_identical_plan(estate, tmp_path, example_rescan):
    modules, graph = estate
    write_plan(graph, modules, tmp_path / "a", "toeslagen")
    again = example_rescan
    write_plan(build_graph(again.modules), again.modules, tmp_path / "b", "toeslagen")
    for name in ("plan.json", "plan.md", "plan.csv", "plan.docx"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


@pytest.mark.slow  # 120 generated programs scanned
@pytest.mark.parametrize("seed", [3, 11])
def test_generated_estates(tmp_path, seed):
    generate(tmp_path / "estate", programs=120, lines=80, copybooks=10, jobs=5, cics_share=0.3, seed=seed)
    result = scan(tmp_path / "estate", Settings(jobs=2))
    graph = build_graph(result.modules)
    for strategy in ("strangler", "data"):
        check_plan(graph, build_plan(graph, result.modules, PlanSettings(strategy=strategy)))


@pytest.mark.slow  # more than about a second
def test_configuration_pins_excludes_and_renames(tmp_path, warm_cache):
    toml = '[plan]\nstrategy = "data"\npin = [["TSU010", "TSO900"]]\nexclude = ["TSB090"]\nrename = { TSB010 = "Intake" }\n'
    root = write_tree(tmp_path / "repo", {"modernize.toml": toml})
    import shutil

    shutil.copytree(EXAMPLES, root, dirs_exist_ok=True)
    result = CliRunner().invoke(cli, ["plan", str(root), "-o", str(tmp_path / "plan"), "--cache-dir", str(warm_cache), "-q"])
    assert result.exit_code == 0, result.output
    steps = json.loads((tmp_path / "plan" / "plan.json").read_text())["steps"]
    where = {p: s["id"] for s in steps for p in s["programs"]}
    assert where["program:TSU010"] == where["program:TSO900"]
    assert "program:TSB090" not in where
    assert any(s["title"] == "Intake" for s in steps)
    bad = write_tree(tmp_path / "bad", {"modernize.toml": '[plan]\nstrategie = "x"\n'})
    result = CliRunner().invoke(cli, ["plan", str(bad), "-o", str(tmp_path / "p2"), "--cache-dir", str(warm_cache)])
    assert result.exit_code == 2 and "plan.strategie" in result.output
