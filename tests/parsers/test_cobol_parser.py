"""The COBOL parser and facts on small programs written for the tests: exact facts, not just 'no crash'."""

from tests.conftest import fixed


def line_of(source: str, text: str) -> int:
    """1-based line of the first line containing ``text``: tests state which line, not a count."""
    return next(i for i, line in enumerate(source.splitlines(), 1) if text in line)


def has(attributes: dict, expected: dict) -> bool:
    return attributes.items() >= expected.items()

BATCH = fixed(
    """
 ID DIVISION.
 PROGRAM-ID. TSTB01
 AUTHOR. J. JANSEN.
 DATE-WRITTEN. 12-03-1991.
 DATE-COMPILED.
 ENVIRONMENT DIVISION.
 CONFIGURATION SECTION.
 SPECIAL-NAMES.
     DECIMAL-POINT IS COMMA.
 INPUT-OUTPUT SECTION.
 FILE-CONTROL.
     SELECT AANVRAAG ASSIGN TO UT-S-AANVRIN
            ORGANIZATION IS SEQUENTIAL
            FILE STATUS IS WS-FS-AANV.
     SELECT PERSOON ASSIGN TO PERSOON
            ORGANIZATION IS INDEXED
            ACCESS MODE IS DYNAMIC
            RECORD KEY IS PERS-BSN.
     SELECT VERSLAG ASSIGN TO VERSLAG.
     SELECT SORTWERK ASSIGN TO SORTWK1.
 DATA DIVISION.
 FILE SECTION.
 FD  AANVRAAG
     RECORDING MODE IS F.
 01  AANV-REC.
     05  AANV-BSN              PIC 9(9).
     05  AANV-BEDRAG           PIC S9(7)V99 COMP-3.
 FD  PERSOON.
 01  PERS-REC.
     05  PERS-BSN              PIC 9(9).
 FD  VERSLAG.
 01  VERSLAG-REGEL             PIC X(132).
 SD  SORTWERK.
 01  SORT-REC.
     05  SORT-SLEUTEL          PIC X(10).
 WORKING-STORAGE SECTION.
 77  WS-TELLER                 PIC S9(4) COMP VALUE ZERO.
 01  WS-FS-AANV                PIC XX.
     88  FS-OK                 VALUE '00'.
     88  FS-EINDE              VALUE '10'.
     88  FS-FOUT               VALUE '30' THRU '39', '90'.
 01  WS-BEDRAGEN.
     05  WS-INKOMEN            PIC S9(7)V99 VALUE 24500,50.
     05  WS-GRENS              PIC 9(7)V99 VALUE 37496.
 01  WS-TABEL.
     05  WS-AANTAL             PIC 9(2) COMP.
     05  WS-REGEL OCCURS 1 TO 20 TIMES DEPENDING ON WS-AANTAL
                  INDEXED BY WS-IDX.
         10  WS-REGEL-CODE     PIC X(3).
 01  WS-DATUM-X.
     05  WS-JAAR               PIC 9(4).
     05  WS-MAAND              PIC 99.
 01  WS-DATUM-N REDEFINES WS-DATUM-X PIC 9(6).
 66  WS-JAAR-MAAND RENAMES WS-JAAR THRU WS-MAAND.
 01  WS-BEDRAG-ED              PIC ZZZ.ZZ9,99 BLANK WHEN ZERO.
 01  WS-NAAM                   PIC X(20) JUSTIFIED RIGHT.
 01  WS-SALDO                  PIC S9(5) SIGN LEADING SEPARATE.
 LINKAGE SECTION.
 PROCEDURE DIVISION.
 DECLARATIVES.
 FOUT-AFHANDELING SECTION.
     USE AFTER ERROR PROCEDURE ON AANVRAAG.
 FOUT-MELDING.
     DISPLAY 'I/O FOUT'.
 END DECLARATIVES.
 HOOFD SECTION.
 0000-START.
     PERFORM 1000-INIT THRU 1000-EXIT
     PERFORM 2000-VERWERK UNTIL FS-EINDE
     PERFORM 3 TIMES
         ADD 1 TO WS-TELLER
     END-PERFORM
     SORT SORTWERK ON ASCENDING KEY SORT-SLEUTEL
          INPUT PROCEDURE IS 4000-INVOER
          GIVING VERSLAG
     STOP RUN.
 1000-INIT.
     OPEN INPUT AANVRAAG
          I-O PERSOON
          OUTPUT VERSLAG.
     IF WS-INKOMEN > WS-GRENS AND NOT FS-FOUT
        MOVE ZERO TO WS-TELLER
     ELSE
        IF WS-TELLER NOT= 0 GO TO 1000-EXIT END-IF
     END-IF.
 1000-EXIT.
     EXIT.
 2000-VERWERK.
     READ AANVRAAG
         AT END SET FS-EINDE TO TRUE
         NOT AT END ADD 1 TO WS-TELLER
     END-READ
     EVALUATE TRUE
         WHEN AANV-BEDRAG < 0
             CALL 'TSU010' USING BY REFERENCE AANV-REC
                                  BY CONTENT WS-TELLER
                 ON EXCEPTION DISPLAY 'TSU010 ONTBREEKT'
             END-CALL
         WHEN AANV-BEDRAG = 0
         WHEN AANV-BEDRAG > 99999
             CONTINUE
         WHEN OTHER
             COMPUTE WS-INKOMEN ROUNDED = WS-INKOMEN * 1,05
                 ON SIZE ERROR MOVE ZERO TO WS-INKOMEN
             END-COMPUTE
     END-EVALUATE
     SEARCH WS-REGEL
         AT END CONTINUE
         WHEN WS-REGEL-CODE (WS-IDX) = 'ABC'
             MOVE FUNCTION CURRENT-DATE(1:8) TO WS-DATUM-X
     END-SEARCH
     STRING WS-JAAR DELIMITED BY SIZE
            '-' WS-MAAND DELIMITED BY SIZE
            INTO VERSLAG-REGEL
     END-STRING
     WRITE VERSLAG-REGEL AFTER ADVANCING 1 LINE.
 4000-INVOER SECTION.
 4000-LEES.
     RELEASE SORT-REC.
 8000-DOOD SECTION.
 8000-NOOIT-GEBRUIKT.
     DISPLAY 'DOOD'.
"""
)


def test_identification_files_and_records(analyse):
    module = analyse({"cbl/TSTB01.cbl": BATCH}).module("TSTB01")
    assert module.attributes["identification"] == {"AUTHOR": "J. JANSEN", "DATE-WRITTEN": "12-03-1991", "DATE-COMPILED": ""}
    files = {s.name: s.attributes for s in module.symbols if s.kind == "file"}
    assert files["AANVRAAG"]["ddname"] == "AANVRIN"
    assert files["AANVRAAG"]["assign"] == "UT-S-AANVRIN"
    assert files["AANVRAAG"]["status"] == "WS-FS-AANV"
    assert files["AANVRAAG"]["recording_mode"] == "F"
    assert files["AANVRAAG"]["records"] == ["AANV-REC"]
    assert files["AANVRAAG"]["record_length"] == 14
    assert (files["PERSOON"]["organization"], files["PERSOON"]["access"], files["PERSOON"]["record_key"]) == ("INDEXED", "DYNAMIC", "PERS-BSN")
    refs = {(r.kind, r.target) for r in module.references if r.target_kind == "file"}
    assert refs == {("reads", "AANVRIN"), ("reads", "PERSOON"), ("writes", "PERSOON"), ("writes", "VERSLAG")}


def test_data_entries_with_layout_and_clauses(analyse):
    module = analyse({"cbl/TSTB01.cbl": BATCH}).module("TSTB01")
    data = {s.name: s.attributes for s in module.symbols if s.kind == "data"}
    assert has(data["AANV-BEDRAG"], {"offset": 9, "length": 5, "usage": "COMP-3", "digits": 9, "scale": 2, "signed": True})
    assert data["WS-TELLER"]["length"] == 2 and data["WS-TELLER"]["value"] == ["ZERO"]
    assert data["WS-FS-AANV"]["conditions"] == {"FS-OK": ["00"], "FS-EINDE": ["10"], "FS-FOUT": ["30", "THRU", "39", "90"]}
    assert data["WS-INKOMEN"]["value"] == ["24500,50"]
    assert has(data["WS-REGEL"], {"occurs": 20, "occurs_min": 1, "depending_on": "WS-AANTAL", "indexed_by": ["WS-IDX"], "offset": 2, "length": 3})
    assert data["WS-TABEL"]["length"] == 62
    assert data["WS-DATUM-N"]["redefines"] == "WS-DATUM-X" and data["WS-DATUM-N"]["length"] == 6
    assert data["WS-JAAR-MAAND"]["renames"] == ["WS-JAAR", "WS-MAAND"]
    assert data["WS-BEDRAG-ED"]["category"] == "numeric-edited" and data["WS-BEDRAG-ED"]["length"] == 10
    assert data["WS-SALDO"]["length"] == 6 and data["WS-SALDO"]["sign"] == "LEADING"
    assert data["VERSLAG-REGEL"]["file"] == "VERSLAG"


def test_paragraphs_sections_control_flow_and_dead_code(analyse):
    module = analyse({"cbl/TSTB01.cbl": BATCH}).module("TSTB01")
    procedures = {s.name: s for s in module.symbols if s.kind in ("paragraph", "section")}
    assert list(procedures) == [
        "FOUT-AFHANDELING", "FOUT-MELDING", "HOOFD", "0000-START", "1000-INIT", "1000-EXIT", "2000-VERWERK",
        "4000-INVOER", "4000-LEES", "8000-DOOD", "8000-NOOIT-GEBRUIKT",
    ]
    assert procedures["FOUT-MELDING"].attributes["declarative"] is True
    assert procedures["0000-START"].attributes["performs"] == ["1000-INIT THRU 1000-EXIT", "2000-VERWERK", "4000-INVOER"]
    assert procedures["1000-INIT"].attributes["goes_to"] == ["1000-EXIT"]
    assert procedures["0000-START"].attributes["section"] == "HOOFD"
    unreachable = [name for name, s in procedures.items() if s.attributes.get("unreachable")]
    assert unreachable == ["8000-DOOD", "8000-NOOIT-GEBRUIKT"]
    assert module.metrics["unreachable_paragraphs"] == 2
    assert module.metrics["goto"] == 1 and module.metrics["alter"] == 0
    # 1000-INIT: IF with AND (2), nested IF (1). 2000-VERWERK: AT END and NOT AT END (2), three WHEN
    # conditions besides OTHER (3), ON EXCEPTION (1), ON SIZE ERROR (1), SEARCH WHEN and AT END (2).
    assert procedures["1000-INIT"].attributes["complexity"] == 1 + 2 + 1
    assert procedures["2000-VERWERK"].attributes["complexity"] == 1 + 2 + 3 + 1 + 1 + 2
    assert module.metrics["max_nesting"] == 2


def test_calls_and_business_rules(analyse):
    module = analyse({"cbl/TSTB01.cbl": BATCH}).module("TSTB01")
    call = next(r for r in module.references if r.kind == "calls")
    assert (call.target, call.via, call.line) == ("TSU010", "static", line_of(BATCH, "CALL 'TSU010'"))
    assert call.attributes["using"] == [{"name": "AANV-REC", "mode": "REFERENCE"}, {"name": "WS-TELLER", "mode": "CONTENT"}]
    rules = module.attributes["business_rules"]
    first = rules[0]
    assert first["condition"] == "WS-INKOMEN > WS-GRENS AND NOT FS-FOUT"
    assert (first["paragraph"], first["line"], first["data"]) == ("1000-INIT", line_of(BATCH, "IF WS-INKOMEN"), ["FS-FOUT", "WS-GRENS", "WS-INKOMEN"])
    whens = [r["condition"] for r in rules if r["kind"] == "WHEN"]
    assert whens == ["AANV-BEDRAG < 0", "AANV-BEDRAG = 0 or AANV-BEDRAG > 99999", "OTHER"]


def test_no_error_diagnostics_on_a_valid_program(analyse):
    analysis = analyse({"cbl/TSTB01.cbl": BATCH})
    assert analysis.errors() == []
    assert [d for d in analysis.diagnostics if d.severity == "warning"] == []


RECOVERY = fixed(
    """
 IDENTIFICATION DIVISION.
 PROGRAM-ID. KAPOT.
 DATA DIVISION.
 WORKING-STORAGE SECTION.
 01  WS-A PIC X.
 PROCEDURE DIVISION.
 A000-START.
     PERFORM B000-EERSTE.
     MOVE WS-A TO TO TO.
     ) ( ONZIN ZONDER WERKWOORD
     IF THEN ELSE END-IF END-IF END-IF.
 B000-EERSTE.
     CALL 'NAKAPOT1'.
     COMPUTE = = =.
     COPY LATERBK.
 C000-TWEEDE.
     GARBAGE HERE TOO
     CALL 'NAKAPOT2' USING WS-A.
     GO TO D000-DERDE.
 D000-DERDE.
     GOBACK.
"""
)


def test_broken_statements_leave_every_later_paragraph_call_and_copy(analyse):
    analysis = analyse({"cbl/KAPOT.cbl": RECOVERY, "cpy/LATERBK.cpy": fixed("     DISPLAY 'UIT COPYBOEK'.")})
    module = analysis.module("KAPOT")
    paragraphs = [s.name for s in module.symbols if s.kind == "paragraph"]
    assert paragraphs == ["A000-START", "B000-EERSTE", "C000-TWEEDE", "D000-DERDE"]
    calls = [(r.target, r.line) for r in module.references if r.kind == "calls"]
    assert calls == [("NAKAPOT1", line_of(RECOVERY, "NAKAPOT1")), ("NAKAPOT2", line_of(RECOVERY, "NAKAPOT2"))]
    assert [(r.target, r.line) for r in module.references if r.kind == "includes"] == [("LATERBK", line_of(RECOVERY, "COPY LATERBK"))]
    errors = analysis.errors()
    assert {d.line for d in errors} >= {line_of(RECOVERY, "ONZIN"), line_of(RECOVERY, "GARBAGE")}
    assert all(d.path == "cbl/KAPOT.cbl" for d in errors)


NESTED = fixed(
    """
 IDENTIFICATION DIVISION.
 PROGRAM-ID. BUITEN.
 PROCEDURE DIVISION.
     CALL 'BINNEN'.
     GOBACK.
 IDENTIFICATION DIVISION.
 PROGRAM-ID. BINNEN IS COMMON.
 PROCEDURE DIVISION.
     DISPLAY 'BINNEN'.
 END PROGRAM BINNEN.
 END PROGRAM BUITEN.
 IDENTIFICATION DIVISION.
 PROGRAM-ID. 'NAAST'.
 PROCEDURE DIVISION USING LK-A RETURNING LK-B.
     ENTRY 'NAAST2' USING LK-A.
     EXIT PROGRAM.
 END PROGRAM NAAST.
"""
)


def test_nested_and_sibling_programs(analyse):
    analysis = analyse({"cbl/BUITEN.cbl": NESTED})
    assert [m.name for m in analysis.modules] == ["BUITEN", "BINNEN", "NAAST"]
    outer, inner, sibling = analysis.modules
    assert inner.attributes["nested_in"] == "BUITEN" and inner.attributes["program_attributes"] == ["COMMON"]
    assert ("contains", "BINNEN") in {(r.kind, r.target) for r in outer.references}
    assert (outer.line, outer.end_line, inner.line, inner.end_line) == (1, 11, 6, 10)
    assert sibling.attributes["using"] == ["LK-A"] and sibling.attributes["returning"] == "LK-B"
    entries = sorted(s.name for s in sibling.symbols if s.kind == "entry")
    assert entries == ["NAAST", "NAAST2"]
    assert analysis.errors() == []


ALTERED = fixed(
    """
 IDENTIFICATION DIVISION.
 PROGRAM-ID. OUDJE.
 DATA DIVISION.
 WORKING-STORAGE SECTION.
 01  WS-KEUZE PIC 9.
 PROCEDURE DIVISION.
 P000.
     ALTER P100 TO PROCEED TO P300.
     GO TO P200 P300 DEPENDING ON WS-KEUZE.
 P100.
     GO TO P200.
 P200.
     STOP RUN.
 P300.
     GO TO.
"""
)


def test_alter_and_go_to_depending_on(analyse):
    module = analyse({"cbl/OUDJE.cbl": ALTERED}).module("OUDJE")
    assert module.metrics["alter"] == 1 and module.metrics["goto"] == 3
    procedures = {s.name: s.attributes for s in module.symbols if s.kind == "paragraph"}
    assert procedures["P000"]["goes_to"] == ["P200", "P300"]
    assert not any(a.get("unreachable") for a in procedures.values())


def test_every_statement_parser_is_for_a_verb():
    from modernize.parsers.cobol.parser import VERBS, CobolParser

    assert set(CobolParser.STATEMENT_PARSERS) <= VERBS
    assert not [name for name in dir(CobolParser) if name.startswith("stmt_") and name.removeprefix("stmt_").upper() not in CobolParser.STATEMENT_PARSERS]
