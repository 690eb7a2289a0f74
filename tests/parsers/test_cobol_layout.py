"""Data layouts: every item's length as GnuCOBOL (IBM dialect) lays it out, and exact offsets."""

import subprocess

import pytest

from tests.conftest import fixed

DATA = """
 01  WS-REC.
     05  A-ALFA            PIC X(10).
     05  A-ZONED           PIC S9(7)V99.
     05  A-SEP             PIC S9(5) SIGN LEADING SEPARATE.
     05  A-TRAIL           PIC S9(3) SIGN TRAILING SEPARATE.
     05  A-PACKED          PIC S9(7)V99 COMP-3.
     05  A-PACKED-EVEN     PIC 9(4) PACKED-DECIMAL.
     05  A-BIN2            PIC S9(4) COMP.
     05  A-BIN4            PIC S9(9) BINARY.
     05  A-BIN8            PIC S9(18) COMP-4.
     05  A-COMP5           PIC 9(3) COMP-5.
     05  A-FLOAT           COMP-1.
     05  A-DOUBLE          COMP-2.
     05  A-EDIT            PIC ZZZ,ZZ9.99-.
     05  A-CR              PIC 9(5)CR.
     05  A-SCALED          PIC 9(3)PPP.
     05  A-ALPHA           PIC A(4).
     05  A-TABLE OCCURS 3 TIMES.
         10  A-T-CODE      PIC X(2).
         10  A-T-AMOUNT    PIC S9(5) COMP-3.
         10  A-T-SUB OCCURS 2 TIMES.
             15  A-T-S1    PIC 9.
     05  A-DATE            PIC X(8).
     05  A-DATE-N REDEFINES A-DATE PIC 9(8).
     05  A-GROUP.
         10  A-G1          PIC X.
         10  A-G2          PIC 9(3)V9(2).
     05  A-BINGROUP COMP.
         10  A-BG1         PIC S9(4).
         10  A-BG2         PIC S9(8).
     05  A-IDX-HOLDER      USAGE INDEX.
 01  WS-ODO.
     05  O-COUNT           PIC 9(2).
     05  O-ITEM OCCURS 1 TO 10 TIMES DEPENDING ON O-COUNT.
         10  O-VAL         PIC X(7).
 01  WS-BIG-REDEF.
     05  B-SHORT           PIC X(4).
     05  B-LONG REDEFINES B-SHORT PIC X(6).
     05  B-AFTER           PIC X(2).
 77  WS-ALONE              PIC S9(3) COMP-3.
"""


def layout(analyse):
    program = fixed(" IDENTIFICATION DIVISION.\n PROGRAM-ID. LAYOUT.\n DATA DIVISION.\n WORKING-STORAGE SECTION." + DATA + " PROCEDURE DIVISION.\n     STOP RUN.")
    module = analyse({"cbl/LAYOUT.cbl": program}).module("LAYOUT")
    return {s.name: s.attributes for s in module.symbols if s.kind == "data"}


def test_offsets_and_lengths(analyse):
    data = layout(analyse)
    expected = {
        "A-ALFA": (0, 10), "A-ZONED": (10, 9), "A-SEP": (19, 6), "A-TRAIL": (25, 4), "A-PACKED": (29, 5),
        "A-PACKED-EVEN": (34, 3), "A-BIN2": (37, 2), "A-BIN4": (39, 4), "A-BIN8": (43, 8), "A-COMP5": (51, 2),
        "A-FLOAT": (53, 4), "A-DOUBLE": (57, 8), "A-EDIT": (65, 11), "A-CR": (76, 7), "A-SCALED": (83, 3),
        "A-ALPHA": (86, 4), "A-TABLE": (90, 7), "A-T-CODE": (90, 2), "A-T-AMOUNT": (92, 3), "A-T-SUB": (95, 1),
        "A-DATE": (111, 8), "A-DATE-N": (111, 8), "A-GROUP": (119, 6), "A-G2": (120, 5),
        "A-BINGROUP": (125, 6), "A-BG1": (125, 2), "A-BG2": (127, 4), "A-IDX-HOLDER": (131, 4),
        "WS-REC": (0, 135), "O-ITEM": (2, 7), "WS-ODO": (0, 72), "B-LONG": (0, 6), "B-AFTER": (6, 2),
        "WS-BIG-REDEF": (0, 8), "WS-ALONE": (0, 2),
    }
    assert {name: (data[name]["offset"], data[name]["length"]) for name in expected} == expected
    assert data["A-TABLE"]["occurs"] == 3 and data["A-T-SUB"]["occurs"] == 2


@pytest.mark.slow  # cobc
def test_lengths_match_gnucobol(analyse, cobc, tmp_path):
    data = layout(analyse)
    names = [name for name, attributes in data.items() if attributes["level"] != 88]
    displays = "\n".join(f"     DISPLAY '{name} ' LENGTH OF {name}" for name in names)
    program = fixed(
        " IDENTIFICATION DIVISION.\n PROGRAM-ID. LAYOUT.\n DATA DIVISION.\n WORKING-STORAGE SECTION."
        + DATA + " PROCEDURE DIVISION.\n     MOVE 10 TO O-COUNT\n" + displays + "\n     STOP RUN."
    )
    source = tmp_path / "layout.cbl"
    source.write_text(program)
    build = subprocess.run([cobc, "-x", "-std=ibm", "-o", str(tmp_path / "layout"), str(source)], capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    run = subprocess.run([str(tmp_path / "layout")], capture_output=True, text=True, timeout=30)
    gnucobol = {line.split()[0]: int(line.split()[1]) for line in run.stdout.splitlines()}
    assert gnucobol == {name: data[name]["length"] for name in names}


NATIVE = """
 01  SYSTEM-RECORD.
     03  VERSION-PRIME       BINARY-CHAR.
     03  VERSION-SECOND      BINARY-CHAR UNSIGNED.
     03  PAGE-LINES          BINARY-SHORT.
     03  NEXT-INVOICE        BINARY-LONG.
     03  RUN-STAMP           BINARY-DOUBLE.
     03  HOST-LONG           BINARY-C-LONG.
     03  AFTER-THEM          PIC X(3).
"""


def test_gnucobols_fixed_size_binary_items_take_their_bytes(analyse):
    """ACAS's system record: BINARY-CHAR … BINARY-DOUBLE have no PICTURE and a size of their own (they
    were laid out as 0 bytes, so every offset after them was wrong); they are numeric."""
    program = fixed(" IDENTIFICATION DIVISION.\n PROGRAM-ID. NATIVE.\n DATA DIVISION.\n WORKING-STORAGE SECTION." + NATIVE
                    + " PROCEDURE DIVISION.\n     STOP RUN.")
    data = {s.name: s.attributes for s in analyse({"cbl/NATIVE.cbl": program}).module("NATIVE").symbols if s.kind == "data"}
    assert {name: (a["offset"], a["length"]) for name, a in data.items()} == {
        "SYSTEM-RECORD": (0, 27), "VERSION-PRIME": (0, 1), "VERSION-SECOND": (1, 1), "PAGE-LINES": (2, 2),
        "NEXT-INVOICE": (4, 4), "RUN-STAMP": (8, 8), "HOST-LONG": (16, 8), "AFTER-THEM": (24, 3)}
    assert (data["NEXT-INVOICE"]["category"], data["NEXT-INVOICE"]["usage"]) == ("numeric", "BINARY-LONG")


@pytest.mark.slow  # cobc
def test_fixed_size_binary_lengths_match_gnucobol(analyse, cobc, tmp_path):
    program = fixed(" IDENTIFICATION DIVISION.\n PROGRAM-ID. NATIVE.\n DATA DIVISION.\n WORKING-STORAGE SECTION." + NATIVE
                    + " PROCEDURE DIVISION.\n")
    data = {s.name: s.attributes for s in analyse({"cbl/NATIVE.cbl": program + fixed("     STOP RUN.\n")}).module("NATIVE").symbols
            if s.kind == "data"}
    source = tmp_path / "native.cbl"
    source.write_text(program + fixed("".join(f"     DISPLAY '{name} ' LENGTH OF {name}\n" for name in data) + "     STOP RUN.\n"))
    build = subprocess.run([cobc, "-x", "-o", str(tmp_path / "native"), str(source)], capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    run = subprocess.run([str(tmp_path / "native")], capture_output=True, text=True, timeout=30)
    assert {line.split()[0]: int(line.split()[1]) for line in run.stdout.splitlines()} == {name: a["length"] for name, a in data.items()}


def test_a_record_with_fixed_size_binary_items_round_trips(analyse):
    from modernize.testgen.records import RecordCodec, fields_from_symbols

    program = fixed(" IDENTIFICATION DIVISION.\n PROGRAM-ID. NATIVE.\n DATA DIVISION.\n WORKING-STORAGE SECTION." + NATIVE
                    + " PROCEDURE DIVISION.\n     STOP RUN.")
    symbols = analyse({"cbl/NATIVE.cbl": program}).module("NATIVE").symbols
    codec = RecordCodec(fields_from_symbols(symbols, "SYSTEM-RECORD"), encoding="ascii", native_byteorder="little")
    values = {"VERSION-PRIME": -3, "VERSION-SECOND": 4, "PAGE-LINES": 66, "NEXT-INVOICE": 123456, "RUN-STAMP": 20250831,
              "HOST-LONG": 7, "AFTER-THEM": "ABC"}
    raw = codec.encode(values)
    assert raw[4:8] == (123456).to_bytes(4, "little") and raw[24:] == b"ABC"
    assert codec.decode(raw) == {"SYSTEM-RECORD": values}
