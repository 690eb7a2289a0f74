"""The front end frees what it builds without the cyclic collector: it parses with the collector off
(``collector.paused``), so a reference cycle left in its tree would be memory kept until the next
collection, for every program of an estate."""

from __future__ import annotations

import gc
from pathlib import Path

from modernize.model import SourceFile
from modernize.parsers import ParseContext
from modernize.parsers.cobol import parse
from tests.conftest import fixed

PROGRAM = fixed("""
 IDENTIFICATION DIVISION.
 PROGRAM-ID. OUTER.
 DATA DIVISION.
 WORKING-STORAGE SECTION.
 01  WS-REC.
     05  WS-CODE           PIC X.
         88  WS-OK         VALUE 'Y'.
     05  WS-TABLE OCCURS 3 TIMES.
         10  WS-ITEM       PIC 9(3).
 PROCEDURE DIVISION.
 MAIN-PARA.
     IF WS-OK MOVE 1 TO WS-ITEM(1) END-IF
     CALL 'INNER'
     GOBACK.
 IDENTIFICATION DIVISION.
 PROGRAM-ID. INNER.
 DATA DIVISION.
 WORKING-STORAGE SECTION.
 01  IN-REC.
     05  IN-A              PIC X.
         88  IN-YES        VALUE 'Y'.
 PROCEDURE DIVISION.
     GOBACK.
 END PROGRAM INNER.
 END PROGRAM OUTER.
""")


def test_parsing_leaves_no_reference_cycles_behind():
    source = SourceFile("cbl/OUTER.cbl", "cobol", "program", "ascii", "fixed", "", 0, 0)
    enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        result = parse(source, PROGRAM, ParseContext(Path("."), {}))
        assert [m.name for m in result.modules] == ["OUTER", "INNER"]
        assert {"WS-CODE", "WS-ITEM", "IN-A"} <= {s.name for m in result.modules for s in m.symbols}
        assert gc.collect() == 0  # nothing unreachable: the tree, its data entries and 88 levels were freed by reference counts
    finally:
        if enabled:
            gc.enable()
