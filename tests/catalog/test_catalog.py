"""The one catalogue of what the system supplies, asked by the parsers and the graph alike."""

from __future__ import annotations

from modernize.catalog import SYSTEM_PROGRAMS, is_runtime_library, is_system_copybook, is_system_program


def test_system_programs_and_copybooks():
    assert {"IEFBR14", "IDCAMS", "DFHCSDUP", "DSNTIAR", "CBLTDLI", "MQPUT1", "NATBAT31", "IEBDG"} <= SYSTEM_PROGRAMS
    assert is_system_program("dsnutilb") and is_system_program("CEEDAYS") and is_system_program("IGZXXXX")
    # CardDemo's own date routine, written in the estate's assembler: code to replace, not the system's
    assert not is_system_program("COBDATFT") and not is_system_program("TSB010")
    assert is_system_copybook("SQLCA") and is_system_copybook("DFHAID") and not is_system_copybook("TSLPERS")


def test_the_runtime_library_routines_of_cobol_off_the_mainframe(analyse):
    """ACAS calls CBL_CHECK_FILE_EXIST and SYSTEM: GnuCOBOL's library, not programs missing from the estate."""
    assert is_runtime_library("CBL_CHECK_FILE_EXIST") and is_runtime_library("c$sleep") and is_runtime_library("SYSTEM")
    assert not is_runtime_library("CBLTDLI") and not is_runtime_library("SYSTEMRES") and not is_system_program("SYSTEM")
    from modernize.graph.build import build_graph
    from tests.conftest import fixed

    program = fixed(" IDENTIFICATION DIVISION.\n PROGRAM-ID. SL970.\n PROCEDURE DIVISION.\n     CALL 'CBL_CHECK_FILE_EXIST' USING X\n"
                    "     CALL 'SYSTEM' USING X\n     CALL 'GONE' USING X\n     GOBACK.\n")
    graph = build_graph(analyse({"cbl/SL970.cbl": program}).modules)
    assert {node: graph.nodes[node].get("system") for node in graph.nodes if node.startswith("external:")} == {
        "external:CBL_CHECK_FILE_EXIST": True, "external:SYSTEM": True, "external:GONE": None}


def test_jobs_and_the_graph_agree_on_what_the_system_runs(analyse):
    from modernize.graph.build import build_graph

    analysis = analyse({
        "jcl/NAT.jcl": "//NAT      JOB 1,'NATURAL'\n//S1       EXEC PGM=NATBAT31\n//S2       EXEC PGM=TSB010\n"
                       "//S3       EXEC PGM=IKJEFT01\n//SYSTSIN  DD *\n  DSN SYSTEM(DB2P)\n  RUN PROGRAM(DSNTIAUL)\n/*\n",
    })
    system = {r.target: r.attributes["system"] for r in analysis.module("NAT").references if r.target_kind == "program"}
    assert system == {"NATBAT31": True, "TSB010": False, "IKJEFT01": True, "DSNTIAUL": True}
    graph = build_graph(analysis.modules)
    assert all(graph.nodes[f"external:{name}"].get("system", False) == flag for name, flag in system.items())
