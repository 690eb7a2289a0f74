"""Function points on the example estate (against a hand count), on a small graph, and on a generated estate."""

import json

import networkx as nx
import pytest

from benchmarks.generate import generate
from modernize.config import Settings
from modernize.graph.build import build_graph
from modernize.pipeline import scan
from modernize.plan import make_plan
from modernize.plan.function_points import ESTIMATED, PointCounter

# Counted by reading examples/cobol (OPEN modes and SELECT ... ASSIGN in cbl/, DD statements in jcl/ and
# proclib/, EXEC SQL and EXEC CICS in the online programs, csd/TSLCSD.csd), by the module's rules:
HAND_COUNT = {
    # TSB010 OPEN OUTPUT AANVRAAG-GOED (DD AANVGOED, TSJ010 and TSJ060); TSB020 OPEN INPUT it.
    "dataset TSL.PROD.AANVGOED (also TSL.TEST.AANVGOED)": "ILF",
    # TSB020 OPEN OUTPUT BETAAL-UIT, TSB050 OPEN EXTEND; TSB030, TSB040, TSB060 read it (DD BETALING).
    "dataset TSL.PROD.BETALING (also TSL.TEST.BETALING)": "ILF",
    # TSB020 and TSB050 OPEN I-O the counter file and REWRITE it.
    "dataset TSL.PROD.TELLER (also TSL.TEST.TELLER)": "ILF",
    # TSB090 OPEN I-O PERSOON-BESTAND, REWRITE PERS-RECORD (no JCL assigns it).
    "file PERSOON": "ILF",
    # UPDATE TSL.AANVRAAG in TSB030 and TSO120; SELECT in TSO110.
    "table AANVRAAG": "ILF",
    # INSERT INTO TSL.BETALING in TSB030.
    "table BETALING": "ILF",
    # SELECT FROM TSL.V_BETALING_TOTAAL (a view over BETALING, defined in ddl/) in TSB030; no program writes it.
    "table V_BETALING_TOTAAL": "EIF",
    # EXEC CICS READ FILE('TSPERS') in TSO110 and TSO120; loaded by IDCAMS in TSJ030, no program writes it.
    "file TSPERS": "EIF",
    # The sorted intake (SORT output &&AANVSRT in TSJ010, TSL.TEST.AANVRAAG.GESORT in TSJ060), TSB010 OPEN INPUT.
    "dataset TSJ010.&&AANVSRT (also TSL.TEST.AANVRAAG.GESORT)": "EI",
    # TSB010 OPEN INPUT PERSOON-IN; no program writes it (a reference file: the rules cannot tell, see the docstring).
    "dataset TSL.PROD.PERSOON (also TSL.TEST.PERSOON)": "EI",
    # TSB050 OPEN INPUT CORR-IN (DD CORRIN): the corrections, from outside.
    "dataset TSL.PROD.CORRECTIE (also TSL.TEST.CORRECTIE)": "EI",
    # TSB010 OPEN OUTPUT AANVRAAG-FOUT: the reject list, printed by IEBGENER (STEP030).
    "dataset TSL.PROD.AANVFOUT": "EO",
    # TSB040 OPEN OUTPUT LIJST-UIT (DD BETLIJST, SYSOUT): the payment list.
    "file BETLIJST": "EO",
    # TSB060 writes FIN-UIT (DD FINEXP), copied by IEBGENER to the finance ledger.
    "dataset TSJ050.&&FINEXP": "EO",
    # TSO100 RECEIVE/SEND MAP('TSM100A'): the menu, no data access.
    "screen TSM100A (TSO100)": "EQ",
    # TSO110 RECEIVE/SEND MAP('TSM110A'), READ FILE and SELECT only.
    "screen TSM110A (TSO110)": "EQ",
    # TSO120 RECEIVE/SEND MAP('TSM110A'), UPDATE TSL.AANVRAAG.
    "screen TSM110A (TSO120)": "EI",
}
# Not counted: TS and TD queues (TSHERBER, CSMT, the unresolved WS-QNAAM) are messages, not logical files;
# transactions TS00-TS02 are counted through their screens; load libraries are no data.


@pytest.fixture(scope="module")
def plan(example_estate):
    return make_plan(example_estate.graph, example_estate.modules, "toeslagen")


def test_example_estate_matches_the_hand_count(plan):
    points = plan.estate["function_points"]
    assert {f["name"]: f["type"] for f in points["functions"]} == HAND_COUNT
    assert points["counts"] == {"ILF": 6, "EIF": 2, "EI": 4, "EO": 3, "EQ": 2}
    assert points["indicative"] == 6 * 35 + 2 * 15 == 240
    assert points["estimated"] == 6 * 7 + 2 * 5 + 4 * 4 + 3 * 5 + 2 * 4 == 91
    assert points["formula"]["indicative"] == "6 ILF × 35 + 2 EIF × 15 = 240"
    assert points["effort"]["days"] == 91.0 and "91 FP × 8 h/FP" in points["effort"]["formula"]
    why = {f["name"]: f["why"] for f in points["functions"]}
    assert why["table AANVRAAG"].startswith("written by TSB030, TSO120")
    assert "TSB010" in why["dataset TSL.PROD.AANVGOED (also TSL.TEST.AANVGOED)"]
    assert why["screen TSM110A (TSO120)"] == "shown by TSO120, which changes data"


@pytest.mark.slow  # more than about a second
def test_each_step_counts_what_its_programs_use(plan):
    def step_of(program: str):
        return next(s for s in plan.steps if f"program:{program}" in s.programs)

    online = {f["name"]: f["type"] for f in step_of("TSO120").function_points["functions"]}
    assert online == {"table AANVRAAG": "ILF", "file TSPERS": "EIF", "screen TSM100A (TSO100)": "EQ",
                      "screen TSM110A (TSO110)": "EQ", "screen TSM110A (TSO120)": "EI"}
    payments = {f["name"]: f["type"] for f in step_of("TSB020").function_points["functions"]}
    # AANVGOED is TSB010's (another step): here it is only read, so it is maintained elsewhere.
    assert payments["dataset TSL.PROD.AANVGOED (also TSL.TEST.AANVGOED)"] == "EIF"
    migration = next(s for s in plan.steps if s.kind == "data-migration").function_points
    assert migration["estimated"] == 0 and "only the code-size estimate" in migration["effort"]["comparison"]
    for step in plan.steps:
        assert step.function_points["effort"]["comparison"]
    data = json.loads(plan.outputs()["plan.json"])
    assert any(step["function_points"]["functions"] for step in data["steps"]) and data["estate"]["function_points"]["estimated"] == 91
    markdown = plan.markdown()
    assert "**Function points (Estate)**: indicative 6 ILF × 35 + 2 EIF × 15 = 240" in markdown
    assert "- table AANVRAAG: ILF, written by TSB030, TSO120" in markdown
    assert "Functiepunten" in plan.markdown("nl")


def test_hours_per_fp_is_configurable(example_estate):
    from modernize.plan.build import PlanSettings

    settings = PlanSettings.from_table({"effort": {"hours_per_fp": 12}})
    points = make_plan(example_estate.graph, example_estate.modules, "x", settings).estate["function_points"]
    assert points["effort"]["days"] == 91 * 12 / 8


def test_rules_on_a_small_graph():
    graph = nx.MultiDiGraph()
    for node, kind in [("program:A", "program"), ("program:B", "program"), ("dataset:IN", "dataset"), ("dataset:J.&&TMP", "dataset"),
                       ("dataset:MASTER", "dataset"), ("dataset:REPORT", "dataset"), ("queue:Q", "queue"), ("table:T", "table"),
                       ("dataset:LOAD", "dataset"), ("transaction:TX", "transaction")]:
        graph.add_node(node, kind=kind, name=node.split(":")[1])
    graph.nodes["dataset:LOAD"]["library"] = True
    edges = [("program:A", "dataset:IN", "reads"), ("program:A", "dataset:J.&&TMP", "writes"), ("program:B", "dataset:J.&&TMP", "reads"),
             ("program:B", "dataset:MASTER", "writes"), ("program:A", "dataset:MASTER", "reads"), ("program:B", "dataset:REPORT", "writes"),
             ("program:A", "queue:Q", "writes"), ("program:A", "table:T", "reads"), ("program:A", "dataset:LOAD", "reads"),
             ("transaction:TX", "program:A", "starts")]
    for u, v, kind in edges:
        graph.add_edge(u, v, kind=kind)
    counter = PointCounter(graph)
    both = {f.name: f.type for f in counter.count(["program:A", "program:B"]).functions}
    assert both == {"dataset IN": "EI", "dataset MASTER": "ILF", "dataset REPORT": "EO", "table T": "EIF", "transaction TX": "EI"}
    alone = counter.count(["program:A"])
    # IN is processed into the data A writes (the temporary data set it passes to B); MASTER is B's.
    assert {f.name: f.type for f in alone.functions} == {"dataset IN": "EI", "dataset MASTER": "EIF", "table T": "EIF", "transaction TX": "EI"}
    for node, kind in [("program:C", "program"), ("program:D", "program"), ("program:E", "program"), ("screen:S", "screen"), ("file:LOG", "file")]:
        graph.add_node(node, kind=kind, name=node.split(":")[1])
    for u, v, kind, via in [("program:C", "screen:S", "shows", "cics"), ("program:C", "program:B", "calls", "cics-link"),
                            ("program:D", "screen:S", "shows", "cics"), ("program:D", "program:B", "calls", "cics-xctl"),
                            ("program:E", "screen:S", "shows", "cics"), ("program:E", "file:LOG", "writes", "cics")]:
        graph.add_edge(u, v, kind=kind, via=via)
    dialogues = {f.name: (f.type, f.why) for f in PointCounter(graph).count(["program:C", "program:D", "program:E"]).functions}
    # C changes MASTER through the program it LINKs to; D only transfers control; E writes a log no program reads.
    assert dialogues["screen S (C)"] == ("EI", "shown by C, which changes data (through B)")
    assert dialogues["screen S (D)"][0] == dialogues["screen S (E)"][0] == "EQ"
    assert dialogues["file LOG"][0] == "EO"
    reader = {f.name: f.type for f in counter.count(["program:B"]).functions}
    assert reader == {"dataset MASTER": "ILF", "dataset REPORT": "EO"}
    assert alone.indicative() == 2 * 15 and alone.estimated() == 2 * 5 + 2 * 4


def test_generated_estate(tmp_path):
    generate(tmp_path / "estate", programs=12, lines=60, copybooks=3, jobs=2, cics_share=0.3, seed=5)
    result = scan(tmp_path / "estate", Settings(jobs=1))
    graph = build_graph(result.modules)
    plan = make_plan(graph, result.modules, "generated")
    estate = plan.estate["function_points"]
    names = [f["name"] for f in estate["functions"]]
    assert len(names) == len(set(names)), "the estate counts each element once"
    assert estate["estimated"] == sum(estate["counts"][t] * w for t, w in ESTIMATED.items())
    step_names = {f["name"] for s in plan.steps for f in s.function_points["functions"]}
    assert step_names == set(names), "every element of the estate is counted in some step, and no other"
    used = {v for u, v, d in graph.edges(data=True) if d["kind"] in ("reads", "writes") and graph.nodes[u]["kind"] == "program"
            and graph.nodes[v]["kind"] in ("dataset", "table", "file") and not graph.nodes[v].get("library") and not graph.nodes[v].get("symbolic")}
    assert used and all(any(n.split(" ", 1)[1].split(" (")[0] == v.split(":", 1)[1] or v.split(":", 1)[1] in n for n in names) for v in used)
