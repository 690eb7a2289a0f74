"""Constructs seen in real public mainframe code, and damaged input: exact facts or a diagnostic."""

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modernize.model import SourceFile
from modernize.parsers import ParseContext
from modernize.parsers.cobol import parse
from tests.conftest import fixed

REAL_WORLD = """       CBL LIB,APOST,NODYNAM
 ID DIVISION.
 PROGRAM-ID.    OUDPGM
 DATE-COMPILED.
 ENVIRONMENT DIVISION.
 CONFIGURATION SECTION.
 SOURCE-COMPUTER. IBM-370 WITH DEBUGGING MODE.
 INPUT-OUTPUT SECTION.
 FILE-CONTROL.
     SELECT INVOER ASSIGN TO S-INVOER.
 DATA DIVISION.
 FILE SECTION.
 FD  INVOER LABEL RECORDS ARE STANDARD.
     COPY INVREC.
 WORKING-STORAGE SECTION.
 01  WS-NUL          PIC X(4) VALUE Z'ABC'.
 01  WS-DATUM        PIC X(8).
 01  WS-A            PIC 9.
 COMMUNICATION SECTION.
 CD  BERICHT FOR INPUT
     END KEY IS WS-A.
 REPORT SECTION.
 RD  VERSLAG PAGE LIMIT IS 60 LINES.
 01  TYPE IS DETAIL.
     05  LINE PLUS 1.
         10  COLUMN 1 PIC X(8) SOURCE WS-DATUM.
 LINKAGE SECTION.
     COPY LKPARM.
 PROCEDURE DIVISION USING LK-PARM.
 DECLARATIVES.
 DEBUG-SECTIE SECTION.
     USE FOR DEBUGGING ON ALL PROCEDURES.
 DEBUG-PARA.
     DISPLAY DEBUG-ITEM.
 END DECLARATIVES.
 HOOFD SECTION.
 H-000.
     MOVE FUNCTION CURRENT-DATE(1:8) TO WS-DATUM
     IF WS-A NOT= 1 AND WS-DATUM NOT< '19900101'
        GENERATE VERSLAG-REGEL
     END-IF
D    DISPLAY 'ALLEEN IN DEBUG'
     ENTRY 'OUDPGM2' USING LK-PARM
     GOBACK.
"""


def test_real_world_constructs_parse_without_errors(analyse):
    source = "\r\n".join(fixed(REAL_WORLD.split("\n", 1)[1]).split("\n"))
    analysis = analyse(
        {
            "cbl/OUDPGM.cbl": REAL_WORLD.split("\n", 1)[0] + "\r\n" + source,
            "cpy/INVREC.cpy": fixed(" 01  INV-REC.\n     05  INV-SLEUTEL PIC X(10)."),
            "cpy/LKPARM.cpy": fixed(" 01  LK-PARM PIC X(20)."),
        }
    )
    assert analysis.errors() == []
    module = analysis.module("OUDPGM")
    data = {s.name: s.attributes for s in module.symbols if s.kind == "data"}
    assert data["INV-REC"]["file"] == "INVOER" and data["INV-REC"]["length"] == 10
    assert data["WS-NUL"]["value"] == ["ABC"]
    assert data["LK-PARM"]["section"] == "LINKAGE"
    files = {s.name: s.attributes for s in module.symbols if s.kind == "file"}
    assert files["INVOER"]["ddname"] == "INVOER" and files["INVOER"]["records"] == ["INV-REC"]
    assert sorted(s.name for s in module.symbols if s.kind == "entry") == ["OUDPGM", "OUDPGM2"]
    assert module.attributes["identification"] == {"DATE-COMPILED": ""}
    assert [r["condition"] for r in module.attributes["business_rules"]] == ["WS-A NOT = 1 AND WS-DATUM NOT < '19900101'"]
    assert {(r.target, r.line) for r in module.references if r.kind == "includes"} == {("INVREC", 14), ("LKPARM", 28)}


def test_copybook_holding_the_whole_procedure_division(analyse):
    analysis = analyse(
        {
            "cbl/MFPGM.cbl": fixed(" IDENTIFICATION DIVISION.\n PROGRAM-ID. MFPGM.\n DATA DIVISION.\n WORKING-STORAGE SECTION.\n 01  WS-X PIC X.\n     COPY MFPROC."),
            "cpy/MFPROC.cpy": fixed(" PROCEDURE DIVISION.\n A-START.\n     CALL 'SUBPGM' USING WS-X.\n     GOBACK."),
        }
    )
    assert analysis.errors() == []
    program = analysis.module("MFPGM")
    call = next(r for r in program.references if r.kind == "calls")
    assert (call.target, call.path, call.line) == ("SUBPGM", "cpy/MFPROC.cpy", 3)
    assert [s.name for s in program.symbols if s.kind == "paragraph"] == ["A-START"]
    copybook = analysis.module("MFPROC")
    assert copybook.kind == "copybook" and [r.target for r in copybook.references if r.kind == "calls"] == ["SUBPGM"]


def test_lower_case_tabs_and_garbage_in_the_identification_area(analyse):
    program = fixed(
        """
 identification division.
 program-id. klein.
 procedure division.
 hoofd.
     perform sub-a.
     stop run.
 sub-a.
     call 'anders'.
"""
    )
    program = program.replace("     perform", "\tperform")
    program = "\n".join(line + " " * (72 - len(line.expandtabs(8))) + "@#!*%&()" if line else line for line in program.split("\n"))
    analysis = analyse({"cbl/KLEIN.cbl": program})
    module = analysis.module("KLEIN")
    assert analysis.errors() == []
    assert [r.target for r in module.references if r.kind == "calls"] == ["ANDERS"]
    assert [s.name for s in module.symbols if s.kind == "paragraph"] == ["HOOFD", "SUB-A"]


def test_damaged_sources_give_diagnostics_with_file_and_line(analyse):
    analysis = analyse(
        {
            "cbl/AFGEKAPT.cbl": fixed(" IDENTIFICATION DIVISION.\n PROGRAM-ID. AFGEKAPT.\n PROCEDURE DIVISION.\n A.\n     CALL 'X1'.\n     IF A = "),
            "cbl/GEENEND.cbl": fixed(" IDENTIFICATION DIVISION.\n PROGRAM-ID. GEENEND.\n PROCEDURE DIVISION.\n     EXEC SQL SELECT 1\n         FROM T1\n     GOBACK."),
            "cbl/BINCOPY.cbl": fixed(" IDENTIFICATION DIVISION.\n PROGRAM-ID. BINCOPY.\n DATA DIVISION.\n WORKING-STORAGE SECTION.\n     COPY BINAIR."),
            "cpy/BINAIR.cpy": bytes(range(256)) * 4,
            "cbl/LEEG.cbl": fixed("*    ALLEEN COMMENTAAR\n PROGRAM-ID."),
        }
    )
    codes = {(d.path, d.code, d.line) for d in analysis.diagnostics}
    assert ("cbl/GEENEND.cbl", "exec-unterminated", 4) in codes
    assert ("cbl/BINCOPY.cbl", "copybook-binary", 5) in codes or ("cbl/BINCOPY.cbl", "copybook-missing", 5) in codes
    assert ("cbl/LEEG.cbl", "cobol-syntax", 2) in codes
    assert [r.target for r in analysis.module("AFGEKAPT").references if r.kind == "calls"] == ["X1"]


@pytest.mark.slow  # 200 000 lines
def test_a_200_000_line_program_parses_in_seconds(analyse):
    body = "".join(f" P{i:06d}.\n     MOVE {i} TO WS-A\n     PERFORM P{i + 1:06d}.\n" for i in range(66_000))
    program = fixed(" IDENTIFICATION DIVISION.\n PROGRAM-ID. REUS.\n DATA DIVISION.\n WORKING-STORAGE SECTION.\n 01  WS-A PIC 9(6).\n PROCEDURE DIVISION.\n" + body + f" P{66_000:06d}.\n     STOP RUN.", step=1)
    started = time.monotonic()
    module = analyse({"cbl/REUS.cbl": program}).module("REUS")
    assert time.monotonic() - started < 60
    assert module.metrics["paragraphs"] == 66_001 and module.metrics["lines"] > 198_000
    assert module.metrics["unreachable_paragraphs"] == 0


SAMPLE = fixed(
    """
 IDENTIFICATION DIVISION.
 PROGRAM-ID. MUTANT.
 DATA DIVISION.
 WORKING-STORAGE SECTION.
 01  WS-A PIC X(10) VALUE 'ABC'.
 01  WS-T OCCURS 5 TIMES PIC 9.
 PROCEDURE DIVISION.
 A-START.
     IF WS-A = 'X' PERFORM B-SUB ELSE GO TO C-END END-IF
     EVALUATE TRUE WHEN WS-A = 'Y' CALL 'Z' END-EVALUATE
     EXEC SQL SELECT 1 INTO :WS-A FROM T END-EXEC
     COPY NIETER.
     READ F AT END MOVE 1 TO WS-A END-READ.
 B-SUB.
     STRING WS-A DELIMITED BY SIZE INTO WS-A.
 C-END.
     STOP RUN.
"""
)


@pytest.mark.slow  # 150 generated programs
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_programs_never_raise_or_hang(data):
    lines = SAMPLE.split("\n")
    operation = data.draw(st.sampled_from(["drop", "duplicate", "shuffle", "shift", "bytes", "truncate"]))
    if operation == "drop":
        lines = [ln for ln in lines if not data.draw(st.booleans())]
    elif operation == "duplicate":
        i = data.draw(st.integers(0, len(lines) - 1))
        lines = lines[:i] + [lines[i]] * data.draw(st.integers(2, 50)) + lines[i:]
    elif operation == "shuffle":
        lines = data.draw(st.permutations(lines))
    elif operation == "shift":
        shift = data.draw(st.integers(-7, 7))
        lines = [(" " * shift + ln) if shift > 0 else ln[-shift:] for ln in lines]
    elif operation == "bytes":
        text = "\n".join(lines)
        i = data.draw(st.integers(0, len(text)))
        lines = (text[:i] + data.draw(st.text(min_size=1, max_size=30)) + text[i:]).split("\n")
    else:
        lines = lines[: data.draw(st.integers(0, len(lines)))]
    text = "\n".join(lines)
    source = SourceFile("cbl/MUTANT.cbl", "cobol", "program", "utf-8", "fixed-numbered", "x", len(lines), len(text))
    context = ParseContext(root=__import__("pathlib").Path("/nonexistent"), files={"cbl/MUTANT.cbl": source})
    started = time.monotonic()
    result = parse(source, text, context)
    assert time.monotonic() - started < 5
    for diagnostic in result.diagnostics + [d for m in result.modules for d in m.diagnostics]:
        assert diagnostic.path == "cbl/MUTANT.cbl"


def test_end_hyphen_data_names_use_statements_and_a_missing_procedure_header(analyse):
    program = fixed(
        """
 IDENTIFICATION DIVISION.
 PROGRAM-ID. ECHTCODE.
 DATA DIVISION.
 WORKING-STORAGE SECTION.
 01  WS-EOF PIC X VALUE 'N'.
     88  END-OF-FILE VALUE 'Y'.
     COPY PROCKOP.
 DECLARATIVES.
 FOUTEN SECTION.
     USE AFTER STANDARD EXCEPTION PROCEDURE ON INVOER.
 END DECLARATIVES.
 HOOFD.
     PERFORM UNTIL END-OF-FILE
         IF NOT END-OF-FILE
             CALL 'LEZER'
         END-IF
     END-PERFORM
     GOBACK.
"""
    )
    analysis = analyse({"cbl/ECHTCODE.cbl": program})
    assert analysis.errors() == []
    warnings = {d.code for d in analysis.diagnostics if d.severity == "warning"}
    assert warnings == {"copybook-missing", "procedure-without-header"}
    module = analysis.module("ECHTCODE")
    assert [r.target for r in module.references if r.kind == "calls"] == ["LEZER"]
    assert [s.name for s in module.symbols if s.kind in ("paragraph", "section")] == ["FOUTEN", "HOOFD"]


def test_copybook_shifted_one_column_left(analyse):
    shifted = "     * LAYOUT VAN HET MUTATIEBESTAND, EEN KOLOM TE VROEG\n      01  MUT-RECORD.\n           05  MUT-SLEUTEL   PIC X(16).\n           05  MUT-BEDRAG    PIC S9(7)V99 COMP-3.\n"
    analysis = analyse({"cpy/MUTREC.cpy": shifted})
    assert analysis.errors() == []
    data = {s.name: (s.attributes["offset"], s.attributes["length"]) for s in analysis.module("MUTREC").symbols}
    assert data == {"MUT-RECORD": (0, 21), "MUT-SLEUTEL": (0, 16), "MUT-BEDRAG": (16, 5)}


def test_unknown_indicator_after_a_sequence_number_and_glued_programs(analyse):
    program = fixed(
        """
 IDENTIFICATION DIVISION.
 PROGRAM-ID. VARIANT.
 PROCEDURE DIVISION.
 P1.
S    CALL 'OPTIE1'.
YP2.
     STOP RUN.
*END-OF,VARIANT
 PROCEDURE DIVISION.
 Q1.
     CALL 'WEES'.
"""
    )
    analysis = analyse({"cbl/VARIANT.cbl": program})
    variant = analysis.module("VARIANT")
    assert [r.target for r in variant.references if r.kind == "calls"] == ["OPTIE1"]
    assert [s.name for s in variant.symbols if s.kind == "paragraph"] == ["P1", "P2"]
    orphan = analysis.module("UNNAMED9")
    assert [r.target for r in orphan.references if r.kind == "calls"] == ["WEES"]
    codes = [(d.severity, d.code, d.line) for d in analysis.diagnostics]
    assert ("info", "unknown-indicator", 5) in codes and ("error", "cobol-syntax", 9) in codes


def test_level_78_constants_and_procedure_copybooks(analyse):
    program = fixed(
        """
 IDENTIFICATION DIVISION.
 PROGRAM-ID. MFCONST.
 DATA DIVISION.
 WORKING-STORAGE SECTION.
 78  78-DOEL VALUE 'DOELPGM'.
 01  WS-A PIC X(4).
 PROCEDURE DIVISION.
     CALL 78-DOEL USING WS-A.
     COPY TERUG.
"""
    )
    analysis = analyse({"cbl/MFCONST.cbl": program, "cpy/TERUG.cpy": fixed("     EXEC CICS RETURN END-EXEC\n     GOBACK.")})
    assert analysis.errors() == [] and not [d for d in analysis.diagnostics if d.severity == "warning"]
    module = analysis.module("MFCONST")
    assert [r.target for r in module.references if r.kind == "calls"] == ["DOELPGM"]
    assert next(s for s in module.symbols if s.name == "WS-A").attributes["offset"] == 0


def test_two_programs_with_one_program_id_are_reported(tmp_path):
    from modernize.config import Settings
    from modernize.pipeline import scan
    from tests.conftest import write_tree

    source = fixed(" IDENTIFICATION DIVISION.\n PROGRAM-ID. DUBBEL.\n PROCEDURE DIVISION.\n     GOBACK.")
    root = write_tree(tmp_path / "repo", {"vsam/DUBBEL.cbl": source, "sql/DUBBEL.cbl": source})
    result = scan(root, Settings(jobs=1))
    assert [(d.code, d.path) for d in result.diagnostics if d.code == "duplicate-program"] == [("duplicate-program", "vsam/DUBBEL.cbl")]


@pytest.mark.slow  # a whole estate: documents and pages
def test_a_program_defined_twice_is_documented_and_paged_from_its_first_definition(tmp_path):
    # A real monorepo kept its program at the top and two copies under docs/: the document and the
    # page described the last copy while the graph and the warning named the first.
    from modernize.config import Settings
    from modernize.pipeline.estate import Estate
    from modernize.report import report_outputs
    from tests.conftest import write_tree

    first = fixed(" IDENTIFICATION DIVISION.\n PROGRAM-ID. DUBBEL.\n PROCEDURE DIVISION.\n     DISPLAY 'EERSTE'.\n     GOBACK.")
    copy = fixed(" IDENTIFICATION DIVISION.\n PROGRAM-ID. DUBBEL.\n PROCEDURE DIVISION.\n     DISPLAY 'KOPIE'.\n     DISPLAY 'NOG'.\n     GOBACK.")
    root = write_tree(tmp_path / "repo", {"DUBBEL.cbl": first, "docs/copies/DUBBEL.cbl": copy, "docs/copies/DUBBEL_unix.cbl": copy})
    estate = Estate(root, Settings(jobs=1, use_cache=False))
    document = estate.documents["program:DUBBEL"]
    assert "`DUBBEL.cbl:1`" in document.text and "docs/copies" not in document.text.split("\n", 4)[2]
    pages = report_outputs(estate.name, estate.root, estate.modules, estate.files, estate.graph, estate.documents, [], [], {}, "", [], False)
    page = pages["modules/DUBBEL.program.html"].produce().decode()
    assert "EERSTE" in page and "KOPIE" not in page
