"""Data set names that still hold a JCL symbol or a build-time placeholder stay symbolic: marked in the
graph, shown as such in documents, never given an owner by the plan; load libraries are no data and no hubs."""

from modernize.document.facts_doc import document_module
from modernize.graph.analyze import hubs
from modernize.graph.build import build_graph
from modernize.plan.build import build_plan
from tests.conftest import fixed

LOADER = fixed("""
 IDENTIFICATION DIVISION.
 PROGRAM-ID. CUSTLOAD.
 ENVIRONMENT DIVISION.
 INPUT-OUTPUT SECTION.
 FILE-CONTROL.
     SELECT MASTER   ASSIGN TO MASTER.
     SELECT CUSTOMER ASSIGN TO CUSTFILE.
     SELECT AUDIT    ASSIGN TO AUDITLOG.
 DATA DIVISION.
 FILE SECTION.
 FD  MASTER.
 01  MASTER-REC    PIC X(100).
 FD  CUSTOMER.
 01  CUSTOMER-REC  PIC X(100).
 FD  AUDIT.
 01  AUDIT-REC     PIC X(80).
 PROCEDURE DIVISION.
     OPEN INPUT MASTER OUTPUT CUSTOMER AUDIT
     READ MASTER
     WRITE CUSTOMER-REC FROM MASTER-REC
     WRITE AUDIT-REC
     CLOSE MASTER CUSTOMER AUDIT
     GOBACK.
""")
# As a build replaces @BANK_PREFIX@ and the installer sets &HLQ: neither is in the repository.
JOB = """//CUSTLOAD JOB (ACCT),'LOAD CUSTOMERS'
//STEP01   EXEC PGM=CUSTLOAD
//STEPLIB  DD DSN=DFH560.CICS.SDFHLOAD,DISP=SHR
//         DD DSN=@BANK_PREFIX@.LOADLIB,DISP=SHR
//MASTER   DD DSN=&HLQ..CUSTOMER.MASTER,DISP=SHR
//CUSTFILE DD DSN=@BANK_PREFIX@.CUSTOMER,DISP=(NEW,CATLG)
//AUDITLOG DD DSN=BANK.AUDIT.LOG,DISP=MOD
"""


def other_job(number: int) -> str:
    return f"//OTHER{number:02d}  JOB (ACCT),'ANOTHER'\n//S1       EXEC PGM=IEFBR14\n//STEPLIB  DD DSN=DFH560.CICS.SDFHLOAD,DISP=SHR\n"


def test_symbolic_names_get_no_owner_and_libraries_are_no_hubs(analyse):
    analysis = analyse({"cbl/CUSTLOAD.cbl": LOADER, "jcl/CUSTLOAD.jcl": JOB, **{f"jcl/OTHER{n:02d}.jcl": other_job(n) for n in range(12)}})
    graph = build_graph(analysis.modules)

    customer = graph.nodes["dataset:@BANK_PREFIX@.CUSTOMER"]
    master = graph.nodes["dataset:&HLQ..CUSTOMER.MASTER"]
    assert (customer["symbolic"], customer["display"]) == (True, "{BANK_PREFIX}.CUSTOMER")
    assert (master["symbolic"], master["display"]) == (True, "{HLQ}.CUSTOMER.MASTER")
    assert "symbolic" not in graph.nodes["dataset:BANK.AUDIT.LOG"]
    assert graph.nodes["dataset:DFH560.CICS.SDFHLOAD"]["library"] and graph.nodes["dataset:@BANK_PREFIX@.LOADLIB"]["library"]
    assert graph.has_edge("program:CUSTLOAD", "dataset:@BANK_PREFIX@.CUSTOMER")  # the JCL join still binds it

    assert "dataset:DFH560.CICS.SDFHLOAD" not in {row["id"] for row in hubs(graph, top=50)}  # 13 steps name it: still no hub

    step = next(s for s in build_plan(graph, analysis.modules) if "program:CUSTLOAD" in s.programs)
    assert step.owned_data == ["dataset:BANK.AUDIT.LOG"] and step.shared_data == []
    unresolved = sorted(r["evidence"].split(" ")[0] for r in step.risks if r["risk"] == "data set name not resolved")
    assert unresolved == ["dataset:&HLQ..CUSTOMER.MASTER", "dataset:@BANK_PREFIX@.CUSTOMER"]

    document = document_module(next(m for m in analysis.modules if m.kind == "jcl" and m.name == "CUSTLOAD"), graph)
    assert r"writes {BANK\_PREFIX}.CUSTOMER (symbolic) (DD CUSTFILE)" in document  # Markdown-escaped, braces kept
    assert "reads {HLQ}.CUSTOMER.MASTER (symbolic) (DD MASTER)" in document and "DFH560.CICS.SDFHLOAD (library)" in document
    program_document = document_module(next(m for m in analysis.modules if m.kind == "program"), graph)
    assert "dataset {HLQ}.CUSTOMER.MASTER (symbolic)" in program_document
