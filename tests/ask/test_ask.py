"""Asking the estate: exact graph answers, ranked passages, a model's answer with checked
citations, and the same tools over MCP for AI assistants."""

from __future__ import annotations

import asyncio
import json
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from modernize.ask.questions import structured_answers, structured_question
from modernize.cli import cli
from tests.llm_server import FakeModel

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples" / "cobol"


@pytest.fixture(scope="module")
def estate(example_estate):
    return example_estate


def nodes(answer) -> set[str]:
    return {item.get("node") or item.get("step") for item in answer.items}


def sql_writers_by_grep(table: str) -> set[str]:
    """Independent of the parser: programs whose source inserts into, updates or deletes from ``table``."""
    pattern = re.compile(rf"\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+(?:\w+\.)?{table}\b")
    return {f"program:{p.stem}" for p in (EXAMPLES / "cbl").glob("*.cbl")
            if pattern.search(" ".join(line[6:72] for line in p.read_text(encoding="latin-1").splitlines()))}


@pytest.mark.parametrize("question", ["Which programs update the BETALING table?", "Welke programma's schrijven de tabel BETALING?",
                                      "writers of BETALING"])
def test_who_writes_a_table_is_answered_exactly(estate, question):
    answer = structured_question(estate, question)
    assert answer.kind == "writers" and answer.node == "table:BETALING"
    assert nodes(answer) == sql_writers_by_grep("BETALING") == {"program:TSB030"}
    assert answer.items[0]["lines"] == ["cbl/TSB030.cbl:184"]


def test_who_reads_a_dataset_includes_the_jcl_join(estate):
    answer = structured_question(estate, "who reads TSL.PROD.PERSOON?")
    # TSB010 through the ASSIGN/DD join, the IDCAMS REPRO step, and TSJ010's step that runs TSB010
    assert nodes(answer) == {"program:TSB010", "step:TSJ010.STEP020", "step:TSJ030.LADEN"}


@pytest.mark.parametrize("question", ["What breaks if copybook TSLPERS changes?", "Wat raakt een wijziging van copybook TSLPERS?"])
def test_impact_of_a_copybook(estate, question):
    answer = structured_question(estate, question)
    assert answer.kind == "impact" and answer.node == "copybook:TSLPERS"
    programs = {n for n in nodes(answer) if n.startswith("program:")}
    copying = {f"program:{p.stem}" for p in (EXAMPLES / "cbl").glob("*.cbl") if re.search(r"\bCOPY\s+TSLPERS\b", p.read_text(encoding="latin-1"))}
    assert copying <= programs  # every program that copies it, plus those reaching it through calls
    assert {"job:TSJ010", "transaction:TS00"} <= nodes(answer)
    for item in answer.items:
        assert item["path"][0] == item["node"] and item["path"][-1] == "copybook:TSLPERS"


def test_callers_callees_and_plan_step(estate):
    callers = structured_question(estate, "who calls TSU010?")
    assert nodes(callers) == {"program:TSB010", "program:TSB050", "program:TSB090", "program:TSO100", "program:TSO110", "program:TSO120"}
    assert structured_question(estate, "wie roept TSU010 aan?").items == callers.items
    assert nodes(structured_question(estate, "what does TSB050 call?")) == {"program:TSU010"}
    # "which tables does X read" is what X reads (it was answered as who reads X: "nothing").
    read = structured_question(estate, "Which tables does TSB050 read?")
    assert read.kind == "read-by" and read.node == "program:TSB050"
    expected = {v for _, v, d in estate.graph.out_edges("program:TSB050", data=True) if d.get("kind") == "reads"}
    assert expected and nodes(read) == expected
    written = structured_question(estate, "what files does TSB050 write?")
    expected = {v for _, v, d in estate.graph.out_edges("program:TSB050", data=True) if d.get("kind") == "writes"}
    assert written.kind == "written-by" and expected and nodes(written) == expected
    assert structured_question(estate, "who reads TSB050?").kind == "readers"
    step = structured_question(estate, "In which plan step is TSU020 replaced?")
    assert [(i["step"], i["role"]) for i in step.items] == [(s.id, "replaces") for s in estate.plan.steps if "program:TSU020" in s.programs]
    assert structured_question(estate, "where is the income threshold computed?") is None  # not a graph question


def test_other_questions_get_ranked_passages_with_file_and_line(warm_cache):
    result = CliRunner().invoke(cli, ["ask", str(EXAMPLES), "waar wordt de inkomensgrens berekend?", "--json", "-q",
                                      "--cache-dir", str(warm_cache)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["answer"] is None and data["passages"]
    assert {p["module"] for p in data["passages"][:3]} >= {"program:TSU020"}  # the allowance calculation
    rule = next(p for p in data["passages"] if p["kind"] == "rule")
    assert rule["path"] == "cbl/TSU020.cbl" and "WS-INKOMENSGRENS" in rule["text"]
    source = (EXAMPLES / rule["path"]).read_text(encoding="latin-1").splitlines()[rule["line"] - 1]
    assert "WS-INKOMENSGRENS" in source  # the line it cites is the line that holds the rule


def test_a_repository_without_modules_gets_an_answer_not_a_traceback(tmp_path):
    (tmp_path / "README.md").write_text("# Notes\n\nNothing to parse here.\n")
    result = CliRunner().invoke(cli, ["ask", str(tmp_path), "which programs update the ACCOUNT table?", "--json", "-q",
                                      "--cache-dir", str(tmp_path / "cache")])
    assert isinstance(result.exception, SystemExit | None), result.output  # nothing found: exit 1, like grep
    assert json.loads(result.output)["passages"] == []


@pytest.mark.slow  # a model through litellm, whose import alone takes seconds
def test_a_models_answer_has_its_citations_checked(warm_cache, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "test-key")
    with FakeModel() as fake:
        result = CliRunner().invoke(cli, ["ask", str(EXAMPLES), "waar wordt de inkomensgrens berekend?", "--json", "-q",
                                          "--cache-dir", str(warm_cache), "--model", "openai/test-model", "--api-base", fake.url])
        assert result.exit_code == 0, result.output
        assert fake.requests == 1
    answer = json.loads(result.output)["answer"]
    good, invented = answer["citations"]
    assert good["verified"] and good["module"] == "TSU020" and good["path"] == "cbl/TSU020.cbl"
    assert not invented["verified"] and "no paragraph PARA-DIE-NIET-BESTAAT" in invented["problem"]
    assert answer["grounding"] == 0.5


@pytest.mark.slow  # a server process of its own
def test_mcp_server_lists_and_runs_every_tool(warm_cache):
    mcp = pytest.importorskip("mcp")
    from modernize.ask.mcp_server import TOOLS

    params = mcp.StdioServerParameters(command=sys.executable, args=["-m", "modernize", "mcp", str(EXAMPLES), "--cache-dir", str(warm_cache)])
    calls = {
        "search_estate": {"query": "inkomensgrens"}, "get_module": {"name": "TSU020"}, "callers": {"name": "TSU010"},
        "callees": {"name": "TSB050"}, "impact": {"name": "TSLPERS"}, "who_reads": {"name": "TSL.PROD.PERSOON"},
        "who_writes": {"name": "BETALING"}, "plan_step": {"name": "TSU020"}, "paragraph_source": {"program": "TSU020", "paragraph": "0000-START"},
    }

    async def session() -> tuple[list[str], dict[str, dict]]:
        async with mcp.Client(params, read_timeout_seconds=120) as client:
            listed = [tool.name for tool in (await client.list_tools()).tools]
            results = {}
            for name, arguments in calls.items():
                result = await client.call_tool(name, arguments)
                assert not result.is_error, (name, result.content)
                results[name] = result.structured_content or json.loads(result.content[0].text)
            return listed, results

    listed, results = asyncio.run(session())
    assert sorted(listed) == sorted(TOOLS) == sorted(calls)
    assert results["who_writes"]["node"] == "table:BETALING" and [i["node"] for i in results["who_writes"]["items"]] == ["program:TSB030"]
    assert "program:TSU010" in [i["node"] for i in results["callees"]["items"]]
    assert results["search_estate"]["results"][0]["module"] == "program:TSU020"
    assert results["get_module"]["document"].startswith("#") and results["get_module"]["facts"]["name"] == "TSU020"
    assert results["paragraph_source"]["line"] == 68 and "0000-START" in results["paragraph_source"]["source"]
    assert results["plan_step"]["items"][0]["role"] == "replaces"
    assert any(i["node"] == "program:TSB010" for i in results["impact"]["items"])


def test_which_program_a_transaction_runs_and_what_a_program_starts(estate):
    """'which program runs transaction TS01' is answered both ways: the program behind the
    transaction first, then what starts it; 'which programs does X call' and 'called by X' ask for callees."""
    answers = structured_answers(estate, "Which program runs transaction TS01?")
    assert [(a.kind, a.node) for a in answers] == [("callees", "transaction:TS01"), ("callers", "transaction:TS01")]
    assert nodes(answers[0]) == {"program:TSO110"}
    for question in ("Which programs does TSB050 call?", "which programs are called by TSB050?", "welke programma's roept TSB050 aan?"):
        answer = structured_question(estate, question)
        assert (answer.kind, nodes(answer)) == ("callees", {"program:TSU010"}), question


@pytest.mark.parametrize("question", ["Which programs call other programs?", "welke programma's roepen andere programma's aan?"])
def test_who_calls_whom_across_the_estate_is_the_union_of_each_programs_callees(estate, question):
    """A question that names kinds, not a module, is answered across the estate: every program whose
    own "what does X call" answer holds a program, with those programs."""
    from modernize.ask.questions import callees

    answer = structured_question(estate, question)
    assert answer.kind == "estate-callers" and answer.items
    programs = [n for n, d in estate.graph.nodes(data=True) if d.get("kind") == "program"]
    expected = {p: sorted(i["node"] for i in callees(estate, p).items if i["kind"] == "program" and i["node"] != p) for p in programs}
    assert {item["node"]: item["others"] for item in answer.items} == {p: found for p, found in expected.items() if found}
    assert [len(item["others"]) for item in answer.items] == sorted((len(item["others"]) for item in answer.items), reverse=True)


def test_who_is_called_and_who_writes_tables_across_the_estate(estate):
    from modernize.ask.questions import callers, written_by

    called = structured_question(estate, "which programs are called by other programs?")
    assert called.kind == "estate-callees"
    programs = [n for n, d in estate.graph.nodes(data=True) if d.get("kind") == "program"]
    expected = {p: sorted(i["node"] for i in callers(estate, p).items if i["kind"] == "program" and i["node"] != p) for p in programs}
    assert {item["node"]: item["others"] for item in called.items} == {p: found for p, found in expected.items() if found}
    writes = structured_question(estate, "Welke programma's schrijven tabellen?")
    assert writes.kind == "estate-writers"
    expected = {p: sorted(i["node"] for i in written_by(estate, p).items if i["kind"] == "table") for p in programs}
    assert {item["node"]: item["others"] for item in writes.items} == {p: found for p, found in expected.items() if found}
    assert "program:TSB030" in {item["node"] for item in writes.items}  # it updates BETALING


def test_a_kind_word_written_small_is_the_kind_not_a_node_of_that_name():
    from modernize.ask.questions import named_node

    class Estate:
        def node(self, name: str) -> str | None:
            return {"JOBS": "queue:JOBS", "TSB010": "program:TSB010"}.get(name.upper())

    assert named_node(Estate(), "which jobs run programs?") is None
    assert named_node(Estate(), "who reads JOBS?") == "JOBS"
    assert named_node(Estate(), "which jobs run TSB010?") == "TSB010"


def test_an_estate_wide_answer_on_the_command_line(tmp_path):
    result = CliRunner().invoke(cli, ["ask", str(EXAMPLES), "which programs call other programs?", "-q", "--cache-dir", str(tmp_path / "c")])
    assert result.exit_code == 0, result.output
    assert "that call, start or run others" in result.output and "program:TSB010 →" in result.output
