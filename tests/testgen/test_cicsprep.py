"""The CICS translator of the offline world: EXEC CICS blocks become calls, every line kept."""

from __future__ import annotations

from modernize.testgen.cicsprep import PROCEDURE_MEMBER, generated_members, parse_options, translate
from modernize.testgen.precompile import code_area

PROGRAM = """\
000100 IDENTIFICATION DIVISION.
000200 PROGRAM-ID. P.
000300 DATA DIVISION.
000400 WORKING-STORAGE SECTION.
000500 01  WS-RESP PIC S9(8) COMP.
000600 01  WS-REC  PIC X(20).
000700 PROCEDURE DIVISION.
000800     EXEC CICS HANDLE CONDITION NOTFND(8000-NIET)
000900                                ERROR(9000-FOUT)
001000     END-EXEC
001100     EXEC CICS READ FILE('KLANT') INTO(WS-REC)
001200          RIDFLD(WS-REC (1:4)) RESP(WS-RESP) END-EXEC
001300     IF WS-RESP = DFHRESP(NOTFND)
001400         EXEC CICS SEND MAP('MAP1') MAPSET('SET1') ERASE END-EXEC
001500     END-IF
001600     EXEC CICS RETURN TRANSID('TR01')
001700               COMMAREA(WS-REC) LENGTH(LENGTH OF WS-REC) END-EXEC.
001800 8000-NIET.
001900     EXEC CICS LINK PROGRAM('AUDIT') COMMAREA(WS-REC) END-EXEC.
002000 9000-FOUT.
002100     EXEC CICS ABEND ABCODE('FOUT') END-EXEC.
"""


def test_translator_replaces_each_block_on_its_first_line_and_keeps_every_line():
    translated = translate("P", PROGRAM)
    lines = translated.source.splitlines()
    original = PROGRAM.splitlines()
    assert lines[:len(original)] != original and len(lines) > len(original)
    # each block's first line holds its PERFORM; the block's other lines are blank; no line moved
    assert "PERFORM MZCICS-0001" in lines[7] and not code_area(lines[8]).strip()
    assert "PERFORM MZCICS-0002" in lines[10] and not code_area(lines[11]).strip()
    assert "PERFORM MZCICS-0004." in lines[15]  # the period after END-EXEC moves onto the PERFORM
    assert code_area(lines[17]).strip() == "8000-NIET."
    # DFHRESP(NOTFND) is its number, in place
    assert "IF WS-RESP = 13" in lines[12] and "DFHRESP" not in lines[12]
    # the PROCEDURE DIVISION header is the generated member: EIB, COMMAREA and USING
    assert code_area(lines[6]).strip() == f"COPY {PROCEDURE_MEMBER}."
    member = translated.copybooks[PROCEDURE_MEMBER]
    assert "LINKAGE SECTION." in member and "COPY DFHEIBLK." in member and "DFHCOMMAREA PIC X(32767)" in member
    assert "USING" in member and "DFHEIBLK DFHCOMMAREA." in member
    assert [c.verb for c in translated.commands] == ["HANDLE", "READ", "SEND", "RETURN", "LINK", "ABEND"]
    assert translated.labels == ["8000-NIET", "9000-FOUT"] and translated.unsupported == []


def test_translator_passes_arguments_and_dispatches_to_handle_labels():
    translated = translate("P", PROGRAM)
    source = translated.source[translated.source.index("MZCICS-COMMANDS SECTION"):]
    read = source[source.index("MZCICS-0002."):source.index("MZCICS-0003.")]
    assert "BY CONTENT 'P:0002'" in read and "BY REFERENCE DFHEIBLK" in read
    assert "BY CONTENT 'KLANT'" in read and "BY REFERENCE WS-REC" in read and "BY REFERENCE WS-REC (1:4)" in read
    assert "GO TO 8000-NIET 9000-FOUT DEPENDING ON EIBMZGO" in " ".join(read.split())
    ret = source[source.index("MZCICS-0004."):source.index("MZCICS-0005.")]
    assert "BY CONTENT LENGTH OF WS-REC" in ret and "GOBACK" in ret and "STOP RUN" in ret
    link = source[source.index("MZCICS-0005."):source.index("MZCICS-0006.")]
    assert "CALL 'AUDIT'" in link and "ON EXCEPTION" in link and "'P:0005:X'" in link and "'P:0005:R'" in link
    # SEND MAP without FROM sends the symbolic map's output record, as DFHMAPS names it
    send = translated.commands[2]
    assert send.option("FROM").argument == "MAP1O"


def test_option_scanner_keeps_quotes_and_nested_parentheses():
    options = parse_options("READ DATASET('A(B') INTO(REC (IX) (1:5)) RIDFLD(K OF R) LENGTH(LENGTH OF REC) UPDATE")
    assert [(o.name, o.argument) for o in options] == [
        ("READ", None), ("DATASET", "'A(B'"), ("INTO", "REC (IX) (1:5)"), ("RIDFLD", "K OF R"), ("LENGTH", "LENGTH OF REC"), ("UPDATE", None)]


def test_translator_reports_commands_the_world_lacks_with_their_line():
    source = PROGRAM.replace("EXEC CICS ABEND ABCODE('FOUT') END-EXEC.", "EXEC CICS WEB SEND CHANNEL('C') END-EXEC.")
    unsupported = translate("P", source).unsupported
    assert (21, "EXEC CICS WEB") in unsupported and (21, "EXEC CICS WEB CHANNEL(…)") in unsupported


def test_generated_copybooks_have_ibm_names_and_values():
    members = generated_members()
    assert "02  EIBCALEN   PIC S9(4) COMP." in members["DFHEIBLK"] and "EIBMZGO" in members["DFHEIBLK"]
    assert "DFHENTER   PIC X VALUE X'27'." in members["DFHAID"] and "DFHPF3     PIC X VALUE '3'." in members["DFHAID"]
    assert "DFHBMASK   PIC X VALUE '0'." in members["DFHBMSCA"]
