"""IMS in the graph: a DBD's segment hierarchy, and a program's DL/I calls tied to its PSB and segments."""

from pathlib import Path

from modernize.graph.analyze import impact
from modernize.graph.build import build_graph
from modernize.model import SourceFile
from modernize.parsers import ParseContext, ims, jcl, parser_for
from tests.conftest import fixed
from tests.parsers.test_ims import DBD, PSB

CUSTUPD = fixed("""
 IDENTIFICATION DIVISION.
 PROGRAM-ID. CUSTUPD.
 DATA DIVISION.
 WORKING-STORAGE SECTION.
 01  CUST-AREA   PIC X(120).
 01  HIST-AREA   PIC X(80).
 PROCEDURE DIVISION.
     EXEC DLI GU USING PCB(2) SEGMENT(CUSTOMER) INTO(CUST-AREA)
     END-EXEC
     EXEC DLI ISRT USING PCB(2) SEGMENT(CUSTOMER) SEGMENT(ACCOUNT)
          SEGMENT(TRANHIST) FROM(HIST-AREA)
     END-EXEC
     GOBACK.
""")
# The same program under another PSB name, as an IMS batch region runs it: PARM='DLI,program,PSB'.
RUNJOB = """//CUSTRUN  JOB (ACCT),'IMS BATCH'
//G        EXEC PGM=DFSRRC00,PARM='DLI,CUSTUPD,CUSTUPD'
//IMS      DD DSN=IMS.PSBLIB,DISP=SHR
//         DD DSN=IMS.DBDLIB,DISP=SHR
//PROCLIB  DD DSN=IMS.PROCLIB,DISP=SHR
//CUSTDB   DD DSN=PROD.CUSTDB,DISP=SHR
"""


def modules_of(path: str, language: str, kind: str, text: str) -> list:
    source = SourceFile(path, language, kind, "ascii", "fixed-numbered" if language == "cobol" else "fixed", "", 0, 0)
    return parser_for(source)[1](source, text, ParseContext(Path("."), {})).modules


def test_a_programs_dli_calls_reach_the_segments_through_its_psb():
    dbd = modules_of("ims/dbd/CUSTDBD.dbd", "ims", "dbd", DBD)
    psb = modules_of("ims/psb/CUSTUPD.psb", "ims", "psb", PSB)
    program = modules_of("cbl/CUSTUPD.cbl", "cobol", "program", CUSTUPD)
    assert parser_for(SourceFile("x.dbd", "ims", "dbd", "ascii", "fixed", "", 0, 0))[1] is ims.parse
    graph = build_graph(dbd + psb + program)

    hierarchy = {(u, v) for u, v, d in graph.edges(data=True) if d["kind"] == "contains" and d["via"] == "dbd"}
    assert hierarchy == {("database:CUSTDBD", "segment:CUSTOMER"), ("segment:CUSTOMER", "segment:ACCOUNT"), ("segment:ACCOUNT", "segment:TRANHIST")}
    assert graph.nodes["segment:ACCOUNT"]["path"] == "ims/dbd/CUSTDBD.dbd" and graph.nodes["database:CUSTDBD"]["kind"] == "database"
    assert graph.has_edge("psb:CUSTUPD", "database:CUSTDBD")
    # the program is tied to the PSB of its name, where its first DL/I call is written
    ties = [(v, d["kind"], d["via"], d["line"]) for _, v, d in graph.out_edges("program:CUSTUPD", data=True) if d["via"] == "psb"]
    assert ties == [("psb:CUSTUPD", "references", "psb", 8)]
    through_psb = {v for _, v, d in graph.out_edges("psb:CUSTUPD", data=True) if d["kind"] in ("reads", "writes")}
    assert through_psb == {"segment:CUSTOMER", "segment:ACCOUNT", "segment:TRANHIST"}
    assert {"program:CUSTUPD", "psb:CUSTUPD"} <= set(impact(graph, "segment:ACCOUNT"))  # changing a segment reaches the program

    # Run from an IMS region, the PSB its PARM names ties it (here the same PSB, now from the job's line).
    job = jcl.parse(SourceFile("jcl/CUSTRUN.jcl", "jcl", "jcl", "ascii", "fixed", "", 0, 0), RUNJOB, ParseContext(Path("."), {})).modules
    graph = build_graph(dbd + psb + program + job)
    ties = [(v, d["path"], d["line"]) for _, v, d in graph.out_edges("program:CUSTUPD", data=True) if d["via"] == "psb"]
    assert ties == [("psb:CUSTUPD", "jcl/CUSTRUN.jcl", 2)]
    assert all(graph.nodes[f"dataset:{name}"].get("library") for name in ("IMS.PSBLIB", "IMS.DBDLIB", "IMS.PROCLIB"))
    assert not graph.nodes["dataset:PROD.CUSTDB"].get("library")
