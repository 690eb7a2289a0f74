"""The symbolic map of a BMS mapset: a program's ``COPY <mapset>`` with only the .bms in the
repository expands the COBOL the macro assembler would generate (DFHMSD TYPE=DSECT, LANG=COBOL)."""

from pathlib import Path

from modernize.config import Settings
from modernize.pipeline import scan
from tests.conftest import fixed, write_tree
from tests.parsers.test_bms import asm, more

MAPSET = "\n".join([
    asm("ACCTSET", "DFHMSD", "TYPE=&SYSPARM,MODE=INOUT,LANG=COBOL,STORAGE=AUTO,", "X"),
    more("TIOAPFX=YES,DSATTS=(COLOR,HILIGHT)"),
    asm("ACCTMAP", "DFHMDI", "SIZE=(24,80),LINE=1,COLUMN=1"),
    asm("", "DFHMDF", "POS=(1,1),LENGTH=8,ATTRB=ASKIP,INITIAL='ACCOUNT:'"),
    asm("ACCTNO", "DFHMDF", "POS=(1,10),LENGTH=7,ATTRB=(UNPROT,NUM,IC)"),
    asm("AMOUNT", "DFHMDF", "POS=(2,10),LENGTH=9,ATTRB=ASKIP,PICOUT='ZZZZZ9.99'"),
    asm("ROW", "DFHMDF", "POS=(4,1),LENGTH=20,ATTRB=ASKIP,OCCURS=3"),
    asm("", "DFHMSD", "TYPE=FINAL"),
    asm("", "END"),
]) + "\n"

# As IBM documents the symbolic map (CICS application programming, "The symbolic input/output map"):
# the 12-byte TIOA prefix, then per named field L (S9(4) COMP), F redefined by A (1 byte), one byte
# per DSATTS attribute and I (X(LENGTH)); the output map redefines the input map with the 3 bytes of
# L and F as filler, the attribute bytes named (C colour, H highlight) and O (X(LENGTH) or PICOUT).
GENERATED = """\
01  ACCTMAPI.
    02  FILLER PIC X(12).
    02  ACCTNOL    COMP  PIC  S9(4).
    02  ACCTNOF    PICTURE X.
    02  FILLER REDEFINES ACCTNOF.
      03 ACCTNOA    PICTURE X.
    02  FILLER   PICTURE X(2).
    02  ACCTNOI  PIC X(7).
    02  AMOUNTL    COMP  PIC  S9(4).
    02  AMOUNTF    PICTURE X.
    02  FILLER REDEFINES AMOUNTF.
      03 AMOUNTA    PICTURE X.
    02  FILLER   PICTURE X(2).
    02  AMOUNTI  PIC X(9).
    02  ROWD OCCURS 3 TIMES.
      03  ROWL    COMP  PIC  S9(4).
      03  ROWF    PICTURE X.
      03  FILLER   PICTURE X(2).
      03  ROWI  PIC X(20).
01  ACCTMAPO REDEFINES ACCTMAPI.
    02  FILLER PIC X(12).
    02  FILLER PICTURE X(3).
    02  ACCTNOC    PICTURE X.
    02  ACCTNOH    PICTURE X.
    02  ACCTNOO  PIC X(7).
    02  FILLER PICTURE X(3).
    02  AMOUNTC    PICTURE X.
    02  AMOUNTH    PICTURE X.
    02  AMOUNTO  PIC ZZZZZ9.99.
    02  DFHMS1 OCCURS 3 TIMES.
      03  FILLER PICTURE X(2).
      03  ROWA    PICTURE X.
      03  ROWC    PICTURE X.
      03  ROWH    PICTURE X.
      03  ROWO  PIC X(20).
"""


def test_the_symbolic_map_is_the_cobol_the_assembler_generates():
    from modernize.parsers.bms import symbolic_map

    lines = symbolic_map(MAPSET, "bms/ACCTSET.bms")
    assert "".join(code + "\n" for _, code in lines) == GENERATED
    assert {number for number, code in lines if "ACCTNO" in code} == {5}  # each line points at its DFHMDF


def test_a_copy_of_a_mapset_expands_its_symbolic_map_with_ibm_offsets(tmp_path: Path):
    root = write_tree(tmp_path / "repo", {
        "bms/ACCTSET.bms": MAPSET,
        "cbl/ACCTINQ.cbl": fixed(
            " IDENTIFICATION DIVISION.\n PROGRAM-ID. ACCTINQ.\n DATA DIVISION.\n WORKING-STORAGE SECTION.\n     COPY ACCTSET.\n"
            " PROCEDURE DIVISION.\n     EXEC CICS RECEIVE MAP('ACCTMAP') MAPSET('ACCTSET')\n               INTO(ACCTMAPI) END-EXEC\n"
            "     MOVE ACCTNOI TO ROWO (1)\n     EXEC CICS SEND MAP('ACCTMAP') MAPSET('ACCTSET')\n               FROM(ACCTMAPO) END-EXEC\n"
            "     EXEC CICS RETURN END-EXEC.\n"),
    })
    result = scan(root, Settings(jobs=1, use_cache=False))
    assert [d for d in result.diagnostics if d.severity != "info"] == []
    program = next(m for m in result.modules if m.name == "ACCTINQ")
    [include] = [r for r in program.references if r.kind == "includes"]
    assert (include.target, include.resolved, include.resolved_path) == ("ACCTSET", True, "bms/ACCTSET.bms")
    layout = {s.name: (s.layout.offset, s.layout.length) for s in program.symbols if s.kind == "data" and s.name != "FILLER"}
    assert layout == {
        "ACCTMAPI": (0, 113), "ACCTNOL": (12, 2), "ACCTNOF": (14, 1), "ACCTNOA": (14, 1), "ACCTNOI": (17, 7),
        "AMOUNTL": (24, 2), "AMOUNTF": (26, 1), "AMOUNTA": (26, 1), "AMOUNTI": (29, 9),
        "ROWD": (38, 25), "ROWL": (38, 2), "ROWF": (40, 1), "ROWI": (43, 20),
        "ACCTMAPO": (0, 113), "ACCTNOC": (15, 1), "ACCTNOH": (16, 1), "ACCTNOO": (17, 7),
        "AMOUNTC": (27, 1), "AMOUNTH": (28, 1), "AMOUNTO": (29, 9),
        "DFHMS1": (38, 25), "ROWA": (40, 1), "ROWC": (41, 1), "ROWH": (42, 1), "ROWO": (43, 20),
    }
    # The mapset stays a mapset and has a copybook module beside it: the symbolic map, with its layout.
    by_kind = {(m.kind, m.name): m for m in result.modules if m.path == "bms/ACCTSET.bms"}
    assert sorted(by_kind) == [("copybook", "ACCTSET"), ("mapset", "ACCTSET")]
    copybook = by_kind[("copybook", "ACCTSET")]
    assert {s.name: (s.layout.offset, s.layout.length) for s in copybook.symbols if s.kind == "data" and s.name != "FILLER"} == layout
    assert [(r.kind, r.target, r.target_kind) for r in copybook.references] == [("references", "ACCTSET", "mapset")]
    assert {f.path: f.kind for f in result.files}["bms/ACCTSET.bms"] == "bms"
