"""Shapes from real public estates that the COBOL front end read wrongly: SQL whose host variable ends
a line before FROM, Micro Focus runtime calls by number, a scope terminator a period left open."""

from modernize.graph.build import build_graph
from tests.conftest import fixed
from tests.parsers.test_cobol_parser import line_of

SQL = fixed(
    """
 IDENTIFICATION DIVISION.
 PROGRAM-ID. SQLREAD.
 DATA DIVISION.
 WORKING-STORAGE SECTION.
 01  WS-NAAM               PIC X(30).
 01  WS-IND                PIC S9(4) COMP.
 01  WS-BSN                PIC 9(9).
 PROCEDURE DIVISION.
     EXEC SQL
          SELECT NAAM
            INTO :WS-NAAM
            FROM PERSOON
           WHERE BSN = :WS-BSN
     END-EXEC
     EXEC SQL SELECT NAAM INTO :WS-NAAM :WS-IND
              FROM TSL.ADRES WHERE BSN = :WS-BSN END-EXEC
     EXEC SQL SELECT NAAM INTO :WS-NAAM INDICATOR :WS-IND,
                   :WS-BSN
              FROM KLANT END-EXEC
     GOBACK.
"""
)


def test_a_host_variable_ending_the_line_before_from_is_no_table(analyse):
    module = analyse({"cbl/SQLREAD.cbl": SQL}).module("SQLREAD")
    tables = sorted((r.kind, r.target, r.attributes["operation"]) for r in module.references if r.target_kind == "table")
    assert tables == [("reads", "ADRES", "SELECT"), ("reads", "KLANT", "SELECT"), ("reads", "PERSOON", "SELECT")]


MICRO_FOCUS = fixed(
    """
 IDENTIFICATION DIVISION.
 PROGRAM-ID. MFSCREEN.
 DATA DIVISION.
 WORKING-STORAGE SECTION.
 01  WS-RESULT             PIC X COMP-X.
 01  WS-FUNCTION           PIC X COMP-X VALUE 11.
 01  WS-PARAMETER          PIC X(10).
 PROCEDURE DIVISION.
 MAIN-PARA.
     CALL X"91" USING WS-RESULT WS-FUNCTION WS-PARAMETER
     CALL x'AF' USING WS-RESULT WS-PARAMETER
     EVALUATE WS-RESULT
        WHEN 0
           PERFORM SHOW-OK.
     END-EVALUATE.
     CALL 'MFLOG' USING WS-RESULT
     GOBACK.
 SHOW-OK.
     DISPLAY 'OK'.
"""
)


def test_runtime_service_calls_are_system_calls_not_programs(analyse):
    analysis = analyse({"cbl/MFSCREEN.cbl": MICRO_FOCUS})
    module = analysis.module("MFSCREEN")
    calls = sorted((r.target, r.via, r.attributes.get("system", False)) for r in module.references if r.kind == "calls")
    # CALL X"91" is the runtime's service 91: a system call, never a program named 91.
    assert calls == [("MFLOG", "static", False), ("X'91'", "static", True), ("X'AF'", "static", True)]
    graph = build_graph(analysis.modules)
    assert graph.nodes["external:X'91'"]["system"] is True
    assert not any(node.endswith((":91", ":AF")) for node in graph.nodes)


def test_a_stray_end_evaluate_is_no_paragraph(analyse):
    # END-EVALUATE. after the period that ended the EVALUATE is no paragraph: the CALL and GOBACK
    # after it are still MAIN-PARA's, and the compiler's warning is ours.
    analysis = analyse({"cbl/MFSCREEN.cbl": MICRO_FOCUS})
    module = analysis.module("MFSCREEN")
    paragraphs = [(s.name, s.attributes.get("performs", [])) for s in module.symbols if s.kind == "paragraph"]
    assert paragraphs == [("MAIN-PARA", ["SHOW-OK"]), ("SHOW-OK", [])]
    main = next(s for s in module.symbols if s.name == "MAIN-PARA")
    assert main.end_line >= line_of(MICRO_FOCUS, "GOBACK")
    assert [(d.severity, d.message) for d in analysis.diagnostics if d.code == "cobol-syntax"] == [
        ("warning", "END-EVALUATE closes no open statement (a period ended it earlier); ignored")]


BATCH = fixed(
    """
 PROCESS NODYNAM,CODEPAGE(1140)
 IDENTIFICATION DIVISION.
 PROGRAM-ID. EPSCSMRD.
 PROCEDURE DIVISION.
     CALL 'EPSNBRVL'
     GOBACK.
 END PROGRAM EPSCSMRD.
*    the exception handler is compiled in the same batch
 PROCESS NODYNAM,CODEPAGE(1140)
 PROCESS ARITH(EXTEND),OPT,NOCICS
 IDENTIFICATION DIVISION.
 PROGRAM-ID. EPSCSMRE.
 PROCEDURE DIVISION.
     GOBACK.
 END PROGRAM EPSCSMRE.
"""
)


def test_process_cards_between_the_programs_of_a_batch_compilation(analyse):
    # A file of several programs, each with its own PROCESS (CBL) options card after the END PROGRAM
    # of the one before, as Enterprise COBOL compiles them in one batch.
    analysis = analyse({"cbl/epscsmrd.cbl": BATCH})
    assert [d for d in analysis.diagnostics if d.severity != "info"] == []
    assert {m.name for m in analysis.modules if m.kind == "program"} == {"EPSCSMRD", "EPSCSMRE"}
    assert "EPSNBRVL" in {r.target for r in analysis.module("EPSCSMRD").references if r.kind == "calls"}


GNUCOBOL = """\
IDENTIFICATION DIVISION.
PROGRAM-ID. Codegen.
DATA DIVISION.
WORKING-STORAGE SECTION.
01 FAILURE BINARY-LONG.
01 SLOTS.
    03 SLOT-OPTIONS BINARY-LONG OCCURS 9 TIMES.
01 IDX BINARY-LONG.
PROCEDURE DIVISION.
    CALL "OpenDirectory" USING FAILURE
    COPY ASSERT REPLACING COND BY ==FAILURE = 0==,
        MSG BY =="Codegen: Failed to open directory"==.
    PERFORM UNTIL EXIT
        PERFORM Optimize
        IF FAILURE = 0
            EXIT PERFORM
        END-IF
    END-PERFORM
    PERFORM SLOT-OPTIONS(IDX) TIMES
        CALL "Step"
    END-PERFORM
    PERFORM FUNCTION MIN(IDX, 3) TIMES
        CALL "Step"
    END-PERFORM
    GOBACK.
Optimize.
    MOVE 1 TO FAILURE.
"""
ASSERT = """\
    IF NOT (COND)
        DISPLAY MSG
        STOP RUN RETURNING 1
    END-IF
"""


def test_gnucobol_loops_and_replacing_lists_separated_by_commas(analyse):
    # PERFORM UNTIL EXIT is a loop (its EXIT is no statement), PERFORM X(I) TIMES and PERFORM
    # FUNCTION MIN(...) TIMES count with data, and REPLACING pairs may be separated by commas.
    analysis = analyse({"src/codegen.cob": ">>SOURCE FORMAT IS FREE\n" + GNUCOBOL, "src/assert.cpy": ASSERT})
    assert [str(d) for d in analysis.diagnostics if d.severity != "info"] == []
    module = analysis.module("CODEGEN")
    assert [s.name for s in module.symbols if s.kind == "paragraph"] == ["OPTIMIZE"]
    assert {r.target for r in module.references if r.kind == "calls"} == {"OPENDIRECTORY", "STEP"}
    assert "ASSERT" in {r.target for r in module.references if r.kind == "includes"}


LITERATE = """\
       >>SOURCE FORMAT IS VARIABLE
       IDENTIFICATION DIVISION.
       PROGRAM-ID. COBWEB.
       DATA DIVISION.
       WORKING-STORAGE SECTION.
       01  ERROR-MESSAGES.
           05 PIC X(60) VALUE " Fatal Error: No program filename was specified                    ". *> 01
       PROCEDURE DIVISION.
      >>IF DEBUGGING DEFINED
           CALL "TRACER"
      >>END-IF
           initialise ERROR-MESSAGES
           CALL "WORKER"
           GOBACK.
       END PROGRAM COBWEB.
      *>****
>>IF docpass NOT DEFINED
      *> the program above is compiled
>>ELSE
!doc-marker!
===========
cobweb-math
===========
Usage: call the worker. See it at work.
>>END-IF
"""


def test_conditional_compilation_variable_format_and_initialise(analyse):
    # GnuCOBOL's literate sources keep documentation under >>ELSE; >>IF X DEFINED holds only after a
    # >>DEFINE X; variable format runs to column 250; INITIALISE is INITIALIZE.
    traced = "       >>DEFINE DEBUGGING\n" + LITERATE.replace("COBWEB", "TRACED")
    analysis = analyse({"tools/cobweb.cob": LITERATE, "tools/traced.cob": traced})
    assert [str(d) for d in analysis.diagnostics if d.severity != "info"] == []
    assert {r.target for r in analysis.module("COBWEB").references if r.kind == "calls"} == {"WORKER"}
    assert {r.target for r in analysis.module("TRACED").references if r.kind == "calls"} == {"TRACER", "WORKER"}
