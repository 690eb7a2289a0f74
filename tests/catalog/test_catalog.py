"""The one catalogue of what the system supplies, asked by the parsers and the graph alike."""

from __future__ import annotations

from modernize.catalog import SYSTEM_PROGRAMS, is_system_copybook, is_system_program


def test_system_programs_and_copybooks():
    assert {"IEFBR14", "IDCAMS", "DFHCSDUP", "DSNTIAR", "CBLTDLI", "MQPUT1", "NATBAT31", "IEBDG"} <= SYSTEM_PROGRAMS
    assert is_system_program("dsnutilb") and is_system_program("CEEDAYS") and is_system_program("IGZXXXX")
    # CardDemo's own date routine, written in the estate's assembler: code to replace, not the system's
    assert not is_system_program("COBDATFT") and not is_system_program("TSB010")
    assert is_system_copybook("SQLCA") and is_system_copybook("DFHAID") and not is_system_copybook("TSLPERS")


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
