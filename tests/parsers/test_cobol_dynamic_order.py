"""Dynamic CALL / LINK / XCTL targets count only the values that can reach the statement."""

from tests.conftest import fixed
from tests.parsers.test_cobol_parser import line_of

# The pseudo-conversational shape: hand control back to whoever called (a name that arrives in the
# COMMAREA), or else go on to PGMB after recording this program as the one to come back to. 'PGMA'
# reaches PI-RETURN-TO-PROGRAM only after the first XCTL, so that XCTL is not a call of PGMA itself.
PGMA = fixed(
    """
 IDENTIFICATION DIVISION.
 PROGRAM-ID. PGMA.
 DATA DIVISION.
 WORKING-STORAGE SECTION.
 01  PGM-NAME              PIC X(8).
 01  WS-ERROR-PGM          PIC X(8) VALUE 'PGMERR'.
 LINKAGE SECTION.
 01  DFHCOMMAREA.
     05  PI-RETURN-TO-PROGRAM PIC X(8).
 PROCEDURE DIVISION.
 MAIN-PARA.
     IF EIBCALEN > 0
        MOVE PI-RETURN-TO-PROGRAM TO PGM-NAME
        EXEC CICS XCTL PROGRAM(PGM-NAME) COMMAREA(DFHCOMMAREA)
        END-EXEC
     END-IF
     MOVE 'PGMA' TO PI-RETURN-TO-PROGRAM
     MOVE 'PGMB' TO PGM-NAME
     EXEC CICS XCTL PROGRAM(PGM-NAME) COMMAREA(DFHCOMMAREA)
     END-EXEC.
 ERROR-PARA.
     MOVE WS-ERROR-PGM TO PGM-NAME
     EXEC CICS LINK PROGRAM(PGM-NAME) END-EXEC
     EXEC CICS RETURN END-EXEC.
"""
)

# Batch: a paragraph performed in a loop calls what the previous round left in the variable.
LOOPER = fixed(
    """
 IDENTIFICATION DIVISION.
 PROGRAM-ID. LOOPER.
 DATA DIVISION.
 WORKING-STORAGE SECTION.
 01  WS-NEXT               PIC X(8) VALUE 'SUBA'.
 01  WS-SELF               PIC X(8).
 PROCEDURE DIVISION.
 MAIN-PARA.
     PERFORM CALL-NEXT 3 TIMES
     CALL WS-SELF
     MOVE 'LOOPER' TO WS-SELF
     STOP RUN.
 CALL-NEXT.
     CALL WS-NEXT
     MOVE 'SUBB' TO WS-NEXT.
"""
)


def targets(module, via):
    found: dict[int, set[str]] = {}
    for r in module.references:
        if r.via == via:
            found.setdefault(r.line, set()).add(r.target)
    return found


def test_a_value_counts_only_where_a_move_of_it_can_reach_the_call(analyse):
    analysis = analyse({"cbl/PGMA.cbl": PGMA, "cbl/LOOPER.cbl": LOOPER})
    pgma = analysis.module("PGMA")
    xctl = targets(pgma, "cics-xctl")
    first, second = sorted(xctl)
    # The first XCTL: the name comes from the caller's COMMAREA; no MOVE before it fills it, so it
    # stays unresolved (not PGMA -> PGMA, not PGMB, whose MOVE comes after it).
    assert xctl[first] == {"PGM-NAME"}
    assert [r.unresolved for r in pgma.references if r.line == first] == [True]
    assert xctl[second] == {"PGMB"}
    assert targets(pgma, "cics-link") == {line_of(PGMA, "LINK PROGRAM(PGM-NAME)"): {"PGMERR"}}
    assert not any(r.target == "PGMA" for r in pgma.references if r.kind == "calls")
    # A later MOVE counts when the call runs again (the paragraph is performed 3 TIMES); a program's
    # own name moved only after its dynamic CALL is no evidence of a call of itself.
    looper = analysis.module("LOOPER")
    assert targets(looper, "dynamic") == {line_of(LOOPER, "CALL WS-NEXT"): {"SUBA", "SUBB"}, line_of(LOOPER, "CALL WS-SELF"): {"WS-SELF"}}
