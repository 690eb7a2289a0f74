"""The reference format a COBOL source is read in, told from the code's own columns and from
free-format directives where a directive stands."""

from modernize.inventory import detect_source_format
from tests.conftest import Analysis, write_tree

# Headers in column 1, the body indented as if it were fixed format: a PC-era source.
COLUMN_ONE = """\
IDENTIFICATION DIVISION.
PROGRAM-ID. KOLOM1.
DATA DIVISION.
WORKING-STORAGE SECTION.
01 WS-TELLER          PIC 9(4) VALUE 0.
PROCEDURE DIVISION.
MAIN-PARA.
        ADD 1 TO WS-TELLER
        DISPLAY 'TELLER ' WS-TELLER
        IF WS-TELLER > 1
           DISPLAY 'MEER DAN EEN'
        END-IF
        PERFORM VARYING WS-TELLER FROM 1 BY 1 UNTIL WS-TELLER > 3
           DISPLAY WS-TELLER
        END-PERFORM
""" + "        DISPLAY 'REGEL'\n" * 30 + """\
        STOP RUN.
"""
FREE_BODY = """\
IDENTIFICATION DIVISION.
PROGRAM-ID. {name}.
PROCEDURE DIVISION.
    DISPLAY "VRIJ FORMAAT"
    STOP RUN.
"""


def test_headers_in_column_one_and_body_in_column_eight_is_free_format(tmp_path):
    assert detect_source_format(COLUMN_ONE) == "free"
    write_tree(tmp_path, {"src/KOLOM1.cbl": COLUMN_ONE})
    analysis = Analysis(tmp_path)
    assert analysis.inventory.files[0].source_format == "free"
    assert analysis.module("KOLOM1").kind == "program"
    assert analysis.errors() == []


def test_source_format_is_free_directive_with_a_blank_after_the_chevrons(tmp_path):
    numbered = "000100 >> SOURCE FORMAT IS FREE\n" + FREE_BODY.format(name="NUMMER")
    indented = "              >> SOURCE FORMAT IS FREE\n" + FREE_BODY.format(name="INSPRING")
    at_column_seven = "000100>> SOURCE FORMAT FREE\n" + FREE_BODY.format(name="KOLOM7")
    switched = ("000100 IDENTIFICATION DIVISION.\n000200 PROGRAM-ID. WISSEL.\n000300 >> SOURCE FORMAT IS FREE\n"
                "PROCEDURE DIVISION.\n    DISPLAY 'NU VRIJ'\n    STOP RUN.\n")
    mentioned = ("000100 IDENTIFICATION DIVISION.\n000200 PROGRAM-ID. VAST.\n"
                 "000300* COMPILE WITH\n000400*>> SOURCE FORMAT IS FREE\n000500 PROCEDURE DIVISION.\n"
                 "000600     DISPLAY 'VAST'.\n000700     STOP RUN.\n")
    assert detect_source_format(numbered) == "free"
    assert detect_source_format(switched) == "fixed-numbered"  # it starts fixed; the reader switches at the directive
    assert detect_source_format(mentioned) == "fixed-numbered"  # a comment that names the directive is no directive
    write_tree(tmp_path, {"src/NUMMER.cbl": numbered, "src/INSPRING.cbl": indented, "src/KOLOM7.cbl": at_column_seven,
                          "src/VAST.cbl": mentioned, "src/WISSEL.cbl": switched})
    analysis = Analysis(tmp_path)
    assert sorted(m.name for m in analysis.modules) == ["INSPRING", "KOLOM7", "NUMMER", "VAST", "WISSEL"]
    assert analysis.errors() == []


# Fixed format whose sequence area holds what sites put there: change tags padded with blanks, a
# ditto mark, offset and length of the field; the parser must not read the tags as code.
TAGGED = """\
      *================================================================*
       IDENTIFICATION                  DIVISION.
       PROGRAM-ID. ETIKET.
       DATA DIVISION.
       WORKING-STORAGE SECTION.
       01  WS-REGISTRO.
01  03     05  WS-ANO                  PIC 9(004) COMP-3.
04  05     05  WS-SEQ                  PIC 9(009) COMP-3.
""" + "".join(f"{tag}     05  WS-CAMPO-{n}            PIC X(008) VALUE 'X'.\n".replace(tag + "     ", tag.ljust(6) + " ")
              for n, tag in enumerate(["CET", " .", '  "', "ONEDA", "STE003", "EL0506", ".", "RC"] * 3)) + """\
       PROCEDURE DIVISION.
CET        DISPLAY WS-CAMPO-1
  "        GOBACK.
"""


def test_change_tags_ditto_marks_and_offsets_in_the_sequence_area_are_fixed_format(tmp_path):
    assert detect_source_format(TAGGED) == "fixed"
    assert detect_source_format(COLUMN_ONE) == "free"  # free code indented a few columns is still free
    write_tree(tmp_path, {"src/ETIKET.cbl": TAGGED})
    analysis = Analysis(tmp_path)
    assert analysis.errors() == []
    fields = [s.name for s in analysis.module("ETIKET").symbols if s.kind == "data"]
    assert "WS-CAMPO-23" in fields and "WS-ANO" in fields
