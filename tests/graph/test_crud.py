"""The CRUD matrix of the example estate against what its sources say, read by hand.

Each expectation comes from the program's own statements: its I/O statements on each file (READ
reads, WRITE of a record under the file's FD creates, REWRITE updates) joined to the JCL DDs that run
it (TSJ010 with HLQ=TSL.PROD, tsj060 with TSL.TEST, the TSBATCH PROC in both, TSJ050, TSJ020's
IKJEFT01 step), EXEC SQL (a cursor and SELECT read, INSERT creates, UPDATE updates) and EXEC CICS
(READ reads, WRITEQ creates).
"""

from modernize.graph.crud import crud_matrix, name

EXPECTED = {
    "TSB010": {  # READ AANVRAAG-IN, READ PERSOON-IN, WRITE AG-AANVRAAG (AANVRAAG-GOED), WRITE FOUT-RECORD (AANVRAAG-FOUT)
        ("dataset", "TSJ010.&&AANVSRT"): "R", ("dataset", "TSL.PROD.PERSOON"): "R", ("dataset", "TSL.PROD.AANVGOED"): "C",
        ("dataset", "TSL.PROD.AANVFOUT"): "C", ("dataset", "TSL.TEST.AANVRAAG.GESORT"): "R", ("dataset", "TSL.TEST.PERSOON"): "R",
        ("dataset", "TSL.TEST.AANVGOED"): "C",  # tsj060's AANVFOUT is SYSOUT
    },
    "TSB020": {  # READ AANVRAAG-GOED, WRITE BET-RECORD (BETAAL-UIT), READ TELLER-BESTAND and REWRITE TELR-RECORD
        ("dataset", "TSL.PROD.AANVGOED"): "R", ("dataset", "TSL.PROD.BETALING"): "C", ("dataset", "TSL.PROD.TELLER"): "RU",
        ("dataset", "TSL.TEST.AANVGOED"): "R", ("dataset", "TSL.TEST.BETALING"): "C", ("dataset", "TSL.TEST.TELLER"): "RU",
    },
    "TSB030": {  # READ BETAAL-IN; the cursor reads AANVRAAG and (NOT EXISTS) BETALING; INSERT BETALING, UPDATE AANVRAAG, SELECT the view
        ("dataset", "TSL.PROD.BETALING"): "R", ("table", "AANVRAAG"): "RU", ("table", "BETALING"): "CR",
        ("table", "V_BETALING_TOTAAL"): "R",
    },
    "TSB040": {  # READ BETAAL-IN, WRITE LIJST-REGEL (LIJST-UIT, SYSOUT)
        ("dataset", "TSL.PROD.BETALING"): "R", ("dataset", "TSL.TEST.BETALING"): "R", ("file", "BETLIJST"): "C",
    },
    "TSB050": {  # READ CORR-IN, WRITE BET-RECORD (BETAAL-UIT, opened EXTEND), READ and REWRITE TELLER-BEST (EBCDIC source)
        ("dataset", "TSL.PROD.CORRECTIE"): "R", ("dataset", "TSL.PROD.BETALING"): "C", ("dataset", "TSL.PROD.TELLER"): "RU",
        ("dataset", "TSL.TEST.CORRECTIE"): "R", ("dataset", "TSL.TEST.BETALING"): "C", ("dataset", "TSL.TEST.TELLER"): "RU",
    },
    "TSB060": {("dataset", "TSL.PROD.BETALING"): "R", ("dataset", "TSJ050.&&FINEXP"): "C"},  # READ BETAAL-IN, WRITE FIN-RECORD
    "TSB090": {("file", "PERSOON"): "RU"},  # READ, REWRITE PERS-RECORD; no job runs it
    "TSO110": {("file", "TSPERS"): "R", ("table", "AANVRAAG"): "R"},  # CICS READ FILE, SELECT
    "TSO120": {("file", "TSPERS"): "R", ("table", "AANVRAAG"): "RU", ("queue", "TSHERBER"): "C"},  # READ, SELECT, UPDATE, WRITEQ TS
    "TSO900": {("queue", "CSMT"): "C", ("queue", "WS-QNAAM"): "C"},  # WRITEQ TD 'CSMT', WRITEQ TS to a built name
}


def matrix(estate) -> dict[str, dict[tuple[str, str], str]]:
    graph = estate.graph
    found: dict[str, dict[tuple[str, str], str]] = {}
    for cell in crud_matrix(graph, estate.modules):
        found.setdefault(name(graph, cell.program), {})[(graph.nodes[cell.store]["kind"], name(graph, cell.store))] = cell.letters
    return found


def test_letters_per_program_match_the_sources(example_estate):
    found = matrix(example_estate)
    assert {p: found.get(p, {}) for p in EXPECTED} == EXPECTED
    assert set(found) == set(EXPECTED)  # the other programs touch no data store


def test_each_letter_points_at_its_statement(example_estate):
    cells = {(name(example_estate.graph, c.program), name(example_estate.graph, c.store)): c for c in crud_matrix(example_estate.graph, example_estate.modules)}
    assert cells[("TSB030", "BETALING")].lines["C"] == ["cbl/TSB030.cbl:184"]  # EXEC SQL INSERT
    assert cells[("TSB030", "AANVRAAG")].lines["U"] == ["cbl/TSB030.cbl:220"]
    assert cells[("TSB050", "TSL.PROD.TELLER")].lines == {"R": ["cbl/TSB050.cbl:96"], "U": ["cbl/TSB050.cbl:194"]}  # READ, REWRITE
    assert cells[("TSB050", "TSL.PROD.BETALING")].lines == {"C": ["cbl/TSB050.cbl:184"]}  # WRITE BET-RECORD, not the OPEN EXTEND
    assert cells[("TSB010", "TSL.PROD.AANVGOED")].lines == {"C": ["cbl/TSB010.cbl:283"]}  # WRITE AG-AANVRAAG, not the JCL's DD
    assert cells[("TSB040", "BETLIJST")].lines["C"] == [f"cbl/TSB040.cbl:{n}" for n in (200, 259, 265, 271, 276, 281, 290, 291, 292, 294)]
    assert cells[("TSO120", "TSHERBER")].lines["C"] == ["cbl/TSO120.cbl:298"]


def test_outputs_and_plan_steps(example_run):
    rows = (example_run / "crud.csv").read_text().splitlines()
    assert rows[0] == "step,program,store_kind,store,crud,create,read,update,delete"
    assert any(r.startswith("S") and ",TSB030,table,BETALING,CR,cbl/TSB030.cbl:184," in r for r in rows)
    page = (example_run / "crud.html").read_text()
    assert "default-src 'none'" in page and "<script src" not in page and 'id="crud-filter"' in page
    assert 'href="crud.html"' in (example_run / "index.html").read_text()
    plan = (example_run / "plan" / "plan.md").read_text()
    assert "| TSB030 | table BETALING | C | R |  |  |" in plan


PROGRAM = """\
       IDENTIFICATION DIVISION.
       PROGRAM-ID. KLANTMUT.
       ENVIRONMENT DIVISION.
       INPUT-OUTPUT SECTION.
       FILE-CONTROL.
           SELECT KLANT ASSIGN TO KLANTDD ORGANIZATION IS INDEXED
               ACCESS MODE IS DYNAMIC RECORD KEY IS KL-NR.
           SELECT MUTATIE ASSIGN TO MUTDD.
           SELECT LOGBOEK ASSIGN TO LOGDD.
           SELECT ARCHIEF ASSIGN TO ARCHDD.
       DATA DIVISION.
       FILE SECTION.
       FD  KLANT.
       01  KL-RECORD.
           05  KL-NR         PIC 9(8).
           05  KL-NAAM       PIC X(30).
       FD  MUTATIE.
       01  MUT-RECORD.
           05  MUT-SOORT     PIC X.
           05  MUT-NR        PIC 9(8).
       FD  LOGBOEK.
       01  LOG-RECORD        PIC X(80).
       FD  ARCHIEF.
       01  ARCH-RECORD       PIC X(80).
       PROCEDURE DIVISION.
       0000-START.
           OPEN INPUT MUTATIE I-O KLANT EXTEND LOGBOEK OUTPUT ARCHIEF
           READ MUTATIE AT END GO TO 9000-EINDE END-READ
           MOVE MUT-NR TO KL-NR
           START KLANT KEY IS EQUAL TO KL-NR
               INVALID KEY DISPLAY 'GEEN KLANT'
           END-START
           EVALUATE MUT-SOORT
               WHEN 'N' WRITE KL-RECORD
               WHEN 'V' DELETE KLANT RECORD
           END-EVALUATE
           WRITE LOG-RECORD.
       9000-EINDE.
           CLOSE MUTATIE KLANT LOGBOEK ARCHIEF
           GOBACK.
"""


def test_file_statements_give_the_letters_and_open_modes_only_when_there_are_none(analyse):
    from modernize.graph.build import build_graph

    analysis = analyse({"cbl/KLANTMUT.cbl": PROGRAM})
    program = analysis.module("KLANTMUT")
    files = {s.name: s for s in program.symbols if s.kind == "file"}
    assert [(s.verb, s.line) for s in files["KLANT"].file_statements] == [("START", 30), ("WRITE", 34), ("DELETE", 35)]
    assert files["ARCHIEF"].file_statements == []
    graph = build_graph(analysis.modules)
    cells = {name(graph, c.store): c for c in crud_matrix(graph, analysis.modules)}
    # KLANT is opened I-O: START reads, a WRITE of its record creates, DELETE deletes; no REWRITE, so no U
    assert cells["KLANTDD"].lines == {"C": ["cbl/KLANTMUT.cbl:34"], "R": ["cbl/KLANTMUT.cbl:30"], "D": ["cbl/KLANTMUT.cbl:35"]}
    assert cells["KLANTDD"].letters == "CRD"
    assert cells["MUTDD"].lines == {"R": ["cbl/KLANTMUT.cbl:28"]}
    assert cells["LOGDD"].lines == {"C": ["cbl/KLANTMUT.cbl:37"]}  # opened EXTEND, written: still C
    assert cells["ARCHDD"].lines == {"C": ["cbl/KLANTMUT.cbl:27"]}  # only opened OUTPUT: the OPEN's letter and line


def test_dli_calls_and_a_new_dataset_of_the_step():
    import networkx as nx

    graph = nx.MultiDiGraph()
    for node, kind in (("program:P", "program"), ("segment:CUST", "segment"), ("step:J.S1", "step"), ("dataset:A.NEW", "dataset")):
        graph.add_node(node, kind=kind, name=node.split(":", 1)[1])
    for call, line in (("ISRT", 10), ("GU", 11), ("REPL", 12), ("DLET", 13)):
        graph.add_edge("program:P", "segment:CUST", kind="writes" if call != "GU" else "reads", via="dli", call=call, path="p.cbl", line=line)
    graph.add_edge("step:J.S1", "program:P", kind="executes", via="jcl")
    graph.add_edge("step:J.S1", "dataset:A.NEW", kind="writes", via="dd", disp="NEW,CATLG,DELETE", path="j.jcl", line=5)
    cells = {c.store: c for c in crud_matrix(graph, [])}
    assert cells["segment:CUST"].letters == "CRUD" and cells["segment:CUST"].lines["D"] == ["p.cbl:13"]
    assert cells["dataset:A.NEW"].letters == "C" and cells["dataset:A.NEW"].lines["C"] == ["j.jcl:5"]
