"""Language Environment callable services the legacy run answers: stubs built into every library.

Batch programs call LE services GnuCOBOL does not have (``CALL 'CEEGMT'``, ``'CEELOCT'``,
``'CEE3ABD'``, ``'CEEDATM'``, ``'CEEDAYS'``); without them the run stops at "module not found" before any rule runs. The stubs
answer with the run's pinned clock (2025-01-31 12:00:00, the date ``legacy.FIXED_DATE`` pins) and
a zero feedback code; CEE3ABD ends the run as an abend does, with the abend code as the return
code (modulo 256, as a process exit status holds it) after a line saying so on standard error.
"""

from __future__ import annotations

from pathlib import Path

C_SOURCE = Path(__file__).with_name("le.c")  # CEEDATM and CEEDAYS read picture strings: in C
C_SERVICES = ("CEEDATM", "CEEDAYS")  # each a module of its own, compiled from le.c (CALL finds a module by its name)

LILIAN = 161547  # 2025-01-31 as a Lilian day number (1582-10-15 is day 1)
SECONDS = LILIAN * 86400 + 12 * 3600

CLOCK = """IDENTIFICATION DIVISION.
PROGRAM-ID. {name}.
DATA DIVISION.
LINKAGE SECTION.
01 L-LILIAN PIC S9(9) BINARY.
01 L-SECONDS COMP-2.
01 L-THIRD PIC X(17).
01 L-FOURTH PIC X(12).
PROCEDURE DIVISION USING L-LILIAN L-SECONDS L-THIRD L-FOURTH.
    IF ADDRESS OF L-LILIAN NOT = NULL
        MOVE {lilian} TO L-LILIAN
    END-IF
    IF ADDRESS OF L-SECONDS NOT = NULL
        MOVE {seconds} TO L-SECONDS
    END-IF
    {third}
    GOBACK.
"""

STUBS = {
    # CEEGMT(lilian, seconds, fc)
    "CEEGMT": CLOCK.format(name="CEEGMT", lilian=LILIAN, seconds=SECONDS,
                           third="IF ADDRESS OF L-THIRD NOT = NULL\n        MOVE LOW-VALUES TO L-THIRD(1:12)\n    END-IF"),
    # CEELOCT(lilian, seconds, gregorian X(17), fc)
    "CEELOCT": CLOCK.format(name="CEELOCT", lilian=LILIAN, seconds=SECONDS,
                            third="IF ADDRESS OF L-THIRD NOT = NULL\n        MOVE '20250131120000000' TO L-THIRD\n    END-IF\n"
                                  "    IF ADDRESS OF L-FOURTH NOT = NULL\n        MOVE LOW-VALUES TO L-FOURTH\n    END-IF"),
    "CEE3ABD": """IDENTIFICATION DIVISION.
PROGRAM-ID. CEE3ABD.
DATA DIVISION.
WORKING-STORAGE SECTION.
01 W-CODE PIC 9(9).
LINKAGE SECTION.
01 L-CODE PIC S9(9) BINARY.
01 L-TIMING PIC S9(9) BINARY.
PROCEDURE DIVISION USING L-CODE L-TIMING.
    MOVE 0 TO W-CODE
    IF ADDRESS OF L-CODE NOT = NULL
        MOVE L-CODE TO W-CODE
    END-IF
    DISPLAY 'CEE3ABD: ABEND U' W-CODE UPON SYSERR
    COMPUTE RETURN-CODE = FUNCTION MOD(W-CODE, 256)
    STOP RUN.
""",
}


def stubs(programs: set[str]) -> dict[str, str]:
    """The stub sources for the services the estate does not define itself."""
    return {name: text for name, text in STUBS.items() if name not in programs}
