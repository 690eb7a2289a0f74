"""Transaction and job flows of the example estate against its sources, read by hand, and Mermaid's limits.

csd/TSLCSD.csd: TS00 starts TSO100 (the menu), TS01 TSO110, TS02 TSO120. TSO100 RECEIVEs and SENDs
map TSM100A, CALLs TSU010, XCTLs to the program of the chosen option (WS-PGM-NAAM: TSO110 or TSO120)
and ends with RETURN TRANSID(WS-TRANSID), 'TS00'. TSO110 XCTLs to TSO120 (PF5) and back to TSO100,
LINKs TSO900 (audit), READs file TSPERS, SELECTs from AANVRAAG, SENDs TSM110A and returns to TS01;
TSO120 also UPDATEs AANVRAAG, WRITEQ TS TSHERBER and returns to TS02. TSO900 WRITEQ TD CSMT and TS to a queue
named at run time. jcl/TSJ020.jcl: BETAAL runs PROC TSBATCH (BEREKEN: TSB020, CORRECT: TSB050,
RAPPORT: TSB040), then DB2LOAD runs TSB030 under IKJEFT01.
"""

import re

from modernize.graph.flowchart import MAX_EDGES, MAX_TEXT, fitted, to_mermaid
from modernize.graph.flows import DATA, MORE, NEXT, PROGRAM, STEP, Flow, FlowBuilder, FlowNode


def edges(flow: Flow, role: str | None = None) -> set[tuple[str, str, str]]:
    return {(flow.nodes[e.source].name, e.label, flow.nodes[e.target].name) for e in flow.edges if role is None or e.role == role}


def test_transaction_flow_of_the_menu_hands_over_at_xctl(example_estate):
    flow = FlowBuilder(example_estate.graph, example_estate.modules).transaction("transaction:TS00")
    programs = {n.name: n.note for n in flow.nodes.values() if n.role == PROGRAM}
    # TSO110 and TSO120 are where TS01's and TS02's flows begin: shown, not walked again from the menu.
    assert programs == {"TSO100": "", "TSU010": "", "TSO110": "entry of TS01: own flow",
                        "TSO120": "entry of TS02: own flow"}
    assert edges(flow, "start") == {("TS00", "starts", "TSO100")}
    assert edges(flow, "call") == {("TSO100", "CALL", "TSU010"), ("TSO100", "XCTL", "TSO110"), ("TSO100", "XCTL", "TSO120")}
    assert edges(flow, "screen") == {("TSO100", "RECEIVE/SEND", "TSM100A")}
    assert edges(flow, DATA) == set()


def test_transaction_flow_with_link_and_data(example_estate):
    flow = FlowBuilder(example_estate.graph, example_estate.modules).transaction("transaction:TS01")
    assert [n.name for n in flow.nodes.values() if n.role == PROGRAM] == ["TSO110", "TSO120", "TSU010", "TSO900", "TSO100"]
    assert edges(flow, "call") == {("TSO110", "XCTL", "TSO120"), ("TSO110", "CALL", "TSU010"), ("TSO110", "LINK", "TSO900"),
                                   ("TSO110", "XCTL", "TSO100")}
    assert edges(flow, DATA) == {("TSO110", "R", "TSPERS"), ("TSO110", "R", "AANVRAAG"), ("TSO900", "C", "CSMT"), ("TSO900", "C", "WS-QNAAM")}
    assert edges(flow, "screen") == {("TSO110", "RECEIVE/SEND", "TSM110A")}
    assert edges(flow, NEXT) == {("TSO110", "next screen", "TS01")}


def test_return_transid_is_a_next_screen_not_a_call(example_estate):
    builder = FlowBuilder(example_estate.graph, example_estate.modules)
    for transaction, program in (("TS00", "TSO100"), ("TS01", "TSO110"), ("TS02", "TSO120")):
        flow = builder.transaction(f"transaction:{transaction}")
        assert edges(flow, NEXT) == {(program, "next screen", transaction)}  # RETURN TRANSID(WS-TRANSID), VALUE 'TSnn'
        assert flow.nodes[f"transaction:{transaction}"].role == "entry"  # back to the entry, as a next screen
        assert not any(e.target == f"transaction:{transaction}" and e.role != NEXT for e in flow.edges)
        text = to_mermaid(flow)
        assert re.search(r"-\.->\|next screen\| n0\n", text)  # dotted, back to the transaction


def test_job_flow_steps_in_order_with_proc_and_data(example_estate):
    flow = FlowBuilder(example_estate.graph, example_estate.modules).job("job:TSJ020")
    steps = [n for n in flow.nodes.values() if n.role == STEP]
    assert [n.name for n in steps] == ["BETAAL.BEREKEN", "BETAAL.CORRECT", "BETAAL.RAPPORT", "DB2LOAD"]
    assert [n.note for n in steps] == ["PROC TSBATCH"] * 3 + [""]
    assert edges(flow, "then") == {("TSJ020", "", "BETAAL.BEREKEN"), ("BETAAL.BEREKEN", "", "BETAAL.CORRECT"),
                                   ("BETAAL.CORRECT", "", "BETAAL.RAPPORT"), ("BETAAL.RAPPORT", "", "DB2LOAD")}
    assert edges(flow, "executes") == {("BETAAL.BEREKEN", "EXEC", "TSB020"), ("BETAAL.CORRECT", "EXEC", "TSB050"),
                                       ("BETAAL.RAPPORT", "EXEC", "TSB040"), ("DB2LOAD", "EXEC (IKJEFT01)", "TSB030")}
    assert edges(flow, "call") == {("TSB020", "CALL", "TSU020"), ("TSB050", "CALL", "TSU010"), ("TSB040", "CALL", "TSB040F")}
    data = edges(flow, DATA)
    # BEREKEN: OPEN INPUT AANVGOED, I-O TELLER, OUTPUT BETALING (DISP=NEW: created)
    assert {("BETAAL.BEREKEN", "R", "TSL.PROD.AANVGOED"), ("BETAAL.BEREKEN", "RU", "TSL.PROD.TELLER"),
            ("BETAAL.BEREKEN", "C", "TSL.PROD.BETALING")} <= data
    assert ("DB2LOAD", "R", "TSL.PROD.BETALING") in data
    assert {("TSB030", "RU", "AANVRAAG"), ("TSB030", "CR", "BETALING"), ("TSB030", "R", "V_BETALING_TOTAAL")} <= data
    assert not any(target.endswith("LOADLIB") or target.startswith("DSNP.") for _, _, target in data)  # libraries are no data


def test_job_steps_running_utilities_and_temporaries(example_estate):
    flow = FlowBuilder(example_estate.graph, example_estate.modules).job("job:TSJ010")
    steps = {n.name: n.note for n in flow.nodes.values() if n.role == STEP}
    assert steps == {"STEP005": "runs IEFBR14 (system program)", "STEP010": "runs SORT (system program)", "STEP020": "",
                     "STEP030": "runs IEBGENER (system program)", "STEP039": "runs IEBGENER (system program)"}
    data = edges(flow, DATA)
    # SORTOUT DD DSN=&&AANVSRT,DISP=(NEW,PASS); TSB010 reads it as AANVRIN with DISP=(OLD,DELETE)
    assert {("STEP010", "C", "&&AANVSRT"), ("STEP020", "RD", "&&AANVSRT"), ("STEP020", "C", "TSL.PROD.AANVFOUT")} <= data


def test_unresolved_dynamic_target_is_shown_as_such(analyse):
    from modernize.graph.build import build_graph
    from tests.conftest import fixed

    program = fixed("""       IDENTIFICATION DIVISION.
       PROGRAM-ID. DYN1.
       DATA DIVISION.
       WORKING-STORAGE SECTION.
       01  WS-PGM PIC X(8).
       LINKAGE SECTION.
       01  DFHCOMMAREA PIC X(10).
       PROCEDURE DIVISION.
           EXEC CICS LINK PROGRAM(WS-PGM) END-EXEC.
           EXEC CICS RETURN TRANSID('DY01') END-EXEC.
""")
    csd = "DEFINE TRANSACTION(DY01) GROUP(G) PROGRAM(DYN1)\n"
    estate = analyse({"cbl/DYN1.cbl": program, "csd/G.csd": csd})
    flow = FlowBuilder(build_graph(estate.modules), estate.modules).transaction("transaction:DY01")
    (target,) = [n for n in flow.nodes.values() if n.role == PROGRAM and n.name != "DYN1"]
    assert target.note.startswith("unresolved dynamic target")
    assert edges(flow, "call") == {("DYN1", "LINK", target.name)}
    assert edges(flow, NEXT) == {("DYN1", "next screen", "DY01")}


def big_flow(programs: int, stores: int) -> Flow:
    """A transaction reaching ``programs`` programs in a chain of fan-outs, each touching ``stores`` tables,
    with names Mermaid must not read as syntax."""
    flow = Flow("transaction", "T$#1", "transaction:T$#1")
    flow.add_node(FlowNode("transaction:T$#1", "transaction", 'T$#1"', "entry", 0))
    for index in range(programs):
        node = f"program:P{index}"
        depth = 1 + index // 10
        flow.add_node(FlowNode(node, "program", f'P-{index}.@"#x', PROGRAM, depth))
        parent = "transaction:T$#1" if depth == 1 else f"program:P{(depth - 2) * 10}"
        flow.add_edge(parent, node, "start" if depth == 1 else "call", "XCTL")
        for store in range(stores):
            table = f"table:T{index}_{store}"
            flow.add_node(FlowNode(table, "table", f"SCHEMA.TABLE_{index}_{store}", DATA, depth + 1))
            flow.add_edge(node, table, DATA, "R", "U")
    return flow


def test_big_flow_stays_within_mermaid_limits():
    flow = big_flow(programs=300, stores=4)
    assert len(flow.edges) > MAX_EDGES  # too big as it is
    shown = fitted(flow)
    text = to_mermaid(shown)
    assert len(shown.edges) <= MAX_EDGES and len(text) <= MAX_TEXT
    assert shown.folded
    assert shown.omitted > 0 and "more programs" in text  # folding alone was not enough: cut, and said so
    assert sum(1 for n in shown.nodes.values() if n.role == MORE) == 1
    kept = sum(1 for n in shown.nodes.values() if n.role == PROGRAM)
    assert kept + shown.omitted == 300


def test_folding_alone_when_it_is_enough():
    flow = big_flow(programs=40, stores=14)
    shown = fitted(flow)
    assert shown.folded and shown.omitted == 0
    assert sum(1 for n in shown.nodes.values() if n.role == DATA) == 40  # one folded node per program
    assert len(to_mermaid(shown)) <= MAX_TEXT and len(shown.edges) <= MAX_EDGES


def test_mermaid_ids_and_labels_are_safe():
    text = to_mermaid(fitted(big_flow(programs=3, stores=1)))
    node_lines = [line.strip() for line in text.splitlines() if re.match(r"\s+n\d+[\[(]", line)]
    assert node_lines and all(re.fullmatch(r'n\d+(\(\[|\[\(|\[/|\[|\(|\{\{)"[^"]*"(\]\)|\)\]|/\]|\]|\)|\}\})', line) for line in node_lines)
    assert "$" not in text.split("flowchart LR", 1)[1] and '"#x' not in text and "@" not in text


def test_a_job_of_very_many_steps_keeps_its_first_steps():
    flow = Flow("job", "BIG", "job:BIG")
    flow.add_node(FlowNode("job:BIG", "job", "BIG", "entry", 0))
    previous = "job:BIG"
    for index in range(400):
        step = f"step:BIG.S{index}"
        flow.add_node(FlowNode(step, "step", f"S{index}", STEP, 1))
        flow.add_edge(previous, step, "then")
        previous = step
        for dataset in range(2):
            node = f"dataset:D{index}.{dataset}"
            flow.add_node(FlowNode(node, "dataset", f"HLQ.D{index}.{dataset}", DATA, 2))
            flow.add_edge(step, node, DATA, "C")
    shown = fitted(flow)
    assert len(shown.edges) <= MAX_EDGES and len(to_mermaid(shown)) <= MAX_TEXT
    steps = [n.name for n in shown.nodes.values() if n.role == STEP]
    assert steps == [f"S{i}" for i in range(len(steps))] and 0 < len(steps) < 400  # the first ones, in order
    assert shown.omitted == 400 - len(steps)
    more = [n for n in shown.nodes.values() if n.role == MORE]
    assert len(more) == 1 and more[0].name == f"… {shown.omitted} more programs and steps"
    assert any(e.target == more[0].id and e.source == f"step:BIG.S{len(steps) - 1}" for e in shown.edges)  # cut after the last kept step
