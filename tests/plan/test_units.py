"""Units of the plan on a generated CICS estate: shared services apart, domains named by their data, no big bang."""

import pytest

from modernize.config import ConfigError, validate_plan
from modernize.graph.build import build_graph
from modernize.plan.build import PlanSettings, build_plan
from tests.conftest import Analysis, fixed, write_tree

HEADER = """
 IDENTIFICATION DIVISION.
 PROGRAM-ID. {name}.
*    {purpose}
 DATA DIVISION.
 WORKING-STORAGE SECTION.
 01  WS-KEY               PIC X(10).
 01  WS-DATE              PIC X(8).
 PROCEDURE DIVISION.
"""
ABEND = """     EXEC CICS LINK PROGRAM('ABNDPGM') END-EXEC.
     CALL 'DATEUTL' USING WS-DATE.
"""


def program(name: str, purpose: str, body: str) -> str:
    return fixed(HEADER.format(name=name, purpose=purpose) + body + ABEND + "     GOBACK.\n")


def sql(statement: str) -> str:
    return f"     EXEC SQL\n       {statement}\n     END-EXEC.\n"


def screen(mapset: str, *links: str) -> str:
    sends = f"     EXEC CICS SEND MAP('{mapset}M') MAPSET('{mapset}') END-EXEC.\n"
    return sends + "".join(f"     EXEC CICS LINK PROGRAM('{p}') END-EXEC.\n" for p in links)


UTILITY = """
 IDENTIFICATION DIVISION.
 PROGRAM-ID. {name}.
*    {purpose}
 DATA DIVISION.
 LINKAGE SECTION.
 01  LK-AREA              PIC X(80).
 PROCEDURE DIVISION USING LK-AREA.
     MOVE SPACES TO LK-AREA.
     GOBACK.
"""
CSD = "\n".join(f"DEFINE TRANSACTION({t}) GROUP(BANK) PROGRAM({p})" for t, p in
                (("CU01", "CUSTSCR"), ("AC01", "ACCTSCR"))) + "\n"
JCL = """//AUDITJOB JOB (ACCT),'AUDIT',CLASS=A
//STEP1    EXEC PGM=AUDITRPT
//SYSOUT   DD SYSOUT=*
"""


@pytest.fixture(scope="module")
def estate(tmp_path_factory):
    files = {
        "cbl/ABNDPGM.cbl": fixed(UTILITY.format(name="ABNDPGM", purpose="Records an abend and ends the task")),
        "cbl/DATEUTL.cbl": fixed(UTILITY.format(name="DATEUTL", purpose="Converts dates")),
        "cbl/CUSTSCR.cbl": program("CUSTSCR", "Customer maintenance screen", screen("CUSTSET", "CUSTINQ", "CUSTUPD")),
        "cbl/CUSTINQ.cbl": program("CUSTINQ", "Reads a customer", sql("SELECT NAME INTO :WS-KEY FROM CUSTOMER WHERE ID = 1")),
        "cbl/CUSTUPD.cbl": program("CUSTUPD", "Updates a customer", sql("UPDATE CUSTOMER SET NAME = :WS-KEY WHERE ID = 1")),
        "cbl/ACCTSCR.cbl": program("ACCTSCR", "Account screen", screen("ACCTSET", "ACCTINQ", "ACCTUPD")),
        "cbl/ACCTINQ.cbl": program("ACCTINQ", "Reads an account", sql("SELECT BAL INTO :WS-KEY FROM ACCOUNT WHERE ID = 1")),
        "cbl/ACCTUPD.cbl": program("ACCTUPD", "Updates an account", sql("UPDATE ACCOUNT SET BAL = 0 WHERE ID = :WS-KEY")),
        "cbl/AUDITRPT.cbl": program("AUDITRPT", "Audit report", sql("INSERT INTO AUDIT_LOG VALUES (:WS-KEY)")),
        "csd/BANK.csd": CSD,
        "jcl/AUDITJOB.jcl": JCL,
    }
    root = write_tree(tmp_path_factory.mktemp("units") / "bank", files)
    analysis = Analysis(root)
    return analysis.modules, build_graph(analysis.modules)


def test_shared_services_first_and_domains_named_by_their_entity(estate):
    modules, graph = estate
    steps = build_plan(graph, modules)
    programs = [p for s in steps for p in s.programs]
    assert len(programs) == 9 and max(len(s.programs) for s in steps) <= 9 // 3
    shared = steps[0]
    assert (shared.kind, shared.programs, shared.wave) == ("shared-services", ["program:ABNDPGM", "program:DATEUTL"], 1)
    assert "library" in shared.why and "library" in shared.coexistence
    domains = {s.domain: s for s in steps if s.kind == "domain"}
    assert {"Customer", "Account", "Audit Log"} <= set(domains)
    assert set(domains["Customer"].programs) == {"program:CUSTINQ", "program:CUSTSCR", "program:CUSTUPD"}
    assert domains["Customer"].owned_data == ["table:CUSTOMER"]
    assert domains["Customer"].title.startswith("Customer — CUSTINQ: Reads a customer (+2 programs)")
    assert set(domains["Account"].programs) == {"program:ACCTINQ", "program:ACCTSCR", "program:ACCTUPD"}
    for step in domains.values():
        assert shared.id in step.depends_on and step.wave > shared.wave
        assert "more than" not in step.why


def test_without_shared_services_the_abend_handler_ties_it_together(estate):
    """The settings can switch detection off; then the step cap still keeps the plan in pieces."""
    modules, graph = estate
    steps = build_plan(graph, modules, PlanSettings(shared_min_callers=1_000_000))
    assert not any(s.kind == "shared-services" for s in steps)
    assert max(len(s.programs) for s in steps) <= 3


def test_a_pin_may_exceed_the_cap_and_the_plan_says_why(estate):
    modules, graph = estate
    pin = [["CUSTSCR", "CUSTINQ", "CUSTUPD", "ACCTSCR"]]
    steps = build_plan(graph, modules, PlanSettings(pin=pin, rename={"CUSTINQ": "Klantbeheer"}))
    big = next(s for s in steps if "program:ACCTSCR" in s.programs)
    assert len(big.programs) == 4 and "pin them together" in big.why and big.title == "Klantbeheer"


def test_the_new_settings_are_checked(tmp_path):
    settings = PlanSettings.from_table(validate_plan({"shared": ["abndpgm"], "shared_min_callers": 5, "max_step_share": 0.5}, tmp_path))
    assert (settings.shared, settings.shared_min_callers, settings.max_step_share) == (["ABNDPGM"], 5, 0.5)
    for bad in ({"max_step_share": 0.0}, {"shared_min_callers": 0}, {"shared_min_callers": True}, {"max_step_share": 1}):
        with pytest.raises(ConfigError):
            validate_plan(bad, tmp_path)


ASYNC_PARENT = """
 IDENTIFICATION DIVISION.
 PROGRAM-ID. PARENT.
*    Licensed Materials - Property of IBM
*
*    SAMPLE
*
*    PARENT
*    PARENT - Runs the credit checks side by side.
 PROCEDURE DIVISION.
     EXEC CICS RUN TRANSID('CHK1') CHILD(WS-CHILD) END-EXEC.
     EXEC CICS START TRANSID('CHK2') END-EXEC.
     EXEC CICS RETURN TRANSID('PAR1') END-EXEC.
"""
CHILD = """
 IDENTIFICATION DIVISION.
 PROGRAM-ID. {name}.
*    {name}: Checks one source of credit.
 PROCEDURE DIVISION.
     EXEC CICS RETURN END-EXEC.
"""


def test_a_started_transactions_program_is_replaced_before_its_starter(tmp_path):
    """RUN and START TRANSID make the starter depend on the started program's interface (unlike
    RETURN TRANSID, the next screen of its own conversation); titles take the 'NAME - purpose' line."""
    files = {"cbl/PARENT.cbl": fixed(ASYNC_PARENT), "cbl/CHECK1.cbl": fixed(CHILD.format(name="CHECK1")),
             "cbl/CHECK2.cbl": fixed(CHILD.format(name="CHECK2")),
             "csd/APP.csd": "DEFINE TRANSACTION(PAR1) GROUP(APP) PROGRAM(PARENT)\nDEFINE TRANSACTION(CHK1) GROUP(APP) PROGRAM(CHECK1)\n"
                            "DEFINE TRANSACTION(CHK2) GROUP(APP) PROGRAM(CHECK2)\n"}
    analysis = Analysis(write_tree(tmp_path / "app", files))
    steps = {tuple(s.programs): s for s in build_plan(build_graph(analysis.modules), analysis.modules)}
    parent = steps[("program:PARENT",)]
    children = [steps[("program:CHECK1",)], steps[("program:CHECK2",)]]
    assert sorted(parent.depends_on) == sorted(s.id for s in children)
    assert all(parent.wave > s.wave and not s.depends_on for s in children)
    assert parent.title.endswith("PARENT: Runs the credit checks side by side.")
    assert children[0].title.endswith("CHECK1: Checks one source of credit.")
