"""Reference format and COPY/REPLACE, checked on small sources written for the tests."""

from modernize.parsers.cobol.copybooks import CopyExpander
from modernize.parsers.cobol.source import SourceStats, code_lines
from tests.conftest import fixed


def texts(lines):
    return [line.text.strip() for line in lines]


def test_fixed_format_areas_comments_debug_lines_and_continued_literals():
    tagged = " IDENTIFICATION DIVISION.".ljust(66) + "TS0412"
    opened = "     MOVE 'DIT IS EEN LANGE TEKST DIE DOORLOOPT TOT KOLOM".ljust(66)
    crowded = "     MOVE WS-A TO WS-" + "B" * 45 + "TS0413"  # code up to column 72, tag right after it
    source = fixed(
        f"""
{tagged}
*    EEN COMMENTAAR
/    PAGINA
 PROGRAM-ID. T1.
D    DISPLAY 'DEBUG'.
{opened}
-    'EN HIER VERDER GAAT' TO WS-TEKST.
{crowded}
""",
        margin=False,
    )
    stats = SourceStats()
    lines = code_lines(source, "t.cbl", "fixed-numbered", stats=stats)
    assert texts(lines)[:2] == ["IDENTIFICATION DIVISION.", "PROGRAM-ID. T1."]
    continued = lines[2].text
    literal = opened[10:] + "EN HIER VERDER GAAT'"  # the spaces up to column 72 belong to it
    assert literal.startswith("'DIT IS") and "KOLOM      " in literal
    assert literal in continued
    assert lines[2].line == 6
    assert lines[3].text.endswith("WS-" + "B" * 45)  # columns 73-80 are cut off
    assert (stats.comment_lines, stats.debug_lines, stats.code_lines) == (2, 1, 5)
    with_debug = code_lines(source, "t.cbl", "fixed-numbered", debug=True)
    assert "DISPLAY 'DEBUG'." in texts(with_debug)


def test_compiler_directing_lines_tabs_and_crlf_are_handled():
    source = (
        "       CBL LIB,APOST\n"
        " PROCESS NOSEQ\n"
        "       EJECT\n"
        "       SKIP2\n"
        "       TITLE 'TOESLAGEN'\n"
        "      >>CALLINTERFACE STATIC\n"
        "\tMOVE 1 TO X.\n"
        "       ID DIVISION.\r\n"
    ).replace("\r\n", "\n")
    assert texts(code_lines(source, "t.cbl")) == ["MOVE 1 TO X.", "ID DIVISION."]


def test_free_format_and_inline_comments():
    source = ">>SOURCE FORMAT FREE\nIDENTIFICATION DIVISION. *> kop\n*> heel commentaar\nPROGRAM-ID. VRIJ.\n  DISPLAY '*> geen commentaar'.\n"
    assert texts(code_lines(source, "v.cbl", "free")) == ["IDENTIFICATION DIVISION.", "PROGRAM-ID. VRIJ.", "DISPLAY '*> geen commentaar'."]


def test_star_comments_outside_column_7_in_sloppy_fixed_format():
    source = "       MOVE 1 TO X.\n  * commentaar op de verkeerde plaats\n       MOVE 2 TO Y.\n"
    assert texts(code_lines(source, "s.cbl")) == ["MOVE 1 TO X.", "MOVE 2 TO Y."]


class Library:
    """Copybooks in memory, looked up by name like the repository index does."""

    def __init__(self, members: dict[str, str]):
        from modernize.model import SourceFile

        self.members = members
        self.files = {name: SourceFile(f"cpy/{name}.cpy", "cobol", "copybook", "ascii", "fixed", name, 1, 1) for name in members}

    def expander(self):
        return CopyExpander(lookup=self.files.get, read=lambda f: self.members[f.path[4:-4]])


def expand(program: str, members: dict[str, str]):
    return Library(members).expander().expand(code_lines(fixed(program), "p.cbl"), "p.cbl")


def test_copy_replacing_pseudo_text_words_tags_and_leading():
    members = {
        "REC": fixed(" 01  :PFX:-REC.\n     05  :PFX:-BSN     PIC 9(9).\n     05  OUD-NAAM      PIC X(10).\n     05  <<SCRN>>-VELD PIC X."),
    }
    result = expand(
        """
     COPY REC REPLACING ==:PFX:== BY ==AANV==
                        ==<<SCRN>>== BY ==BANK20AO==
                        LEADING ==OUD== BY ==NIEUW==.
     COPY 'REC' OF TSLIB.
""",
        members,
    )
    lines = texts(result.lines)
    assert lines[:4] == ["01  AANV-REC.", "05  AANV-BSN     PIC 9(9).", "05  NIEUW-NAAM      PIC X(10).", "05  BANK20AO-VELD PIC X."]
    assert lines[4] == "01  :PFX:-REC."
    assert [(c.name, c.line, c.replacing, c.library) for c in result.copies] == [("REC", 1, True, None), ("REC", 4, False, "TSLIB")]
    assert all(line.path == "cpy/REC.cpy" for line in result.lines)
    assert [line.line for line in result.lines[:4]] == [1, 2, 3, 4]


def test_word_replacement_respects_word_boundaries_and_literals():
    members = {"W": fixed("     MOVE 'A' TO A.\n     MOVE A-B TO A."), }
    result = expand("     COPY W REPLACING A BY Z.", members)
    assert texts(result.lines) == ["MOVE 'A' TO Z.", "MOVE A-B TO Z."]


def test_nested_copy_cycles_and_missing_members_are_diagnostics():
    members = {
        "OUTER": fixed(" 01  OUTER-REC.\n     COPY INNER."),
        "INNER": fixed("     05  INNER-VELD PIC X.\n     COPY OUTER."),
        "SELF": fixed("     COPY SELF."),
    }
    result = expand("     COPY OUTER.\n     COPY SELF.\n     COPY GEENBOEK.\n     COPY SQLCA.", members)
    assert texts(result.lines) == ["01  OUTER-REC.", "05  INNER-VELD PIC X."]
    codes = [(d.code, d.path, d.line) for d in result.diagnostics]
    assert ("copy-cycle", "cpy/INNER.cpy", 2) in codes
    assert ("copy-cycle", "cpy/SELF.cpy", 1) in codes
    assert ("copybook-missing", "p.cbl", 3) in codes
    assert not any("SQLCA" in d.message for d in result.diagnostics)
    assert [(c.name, c.nested) for c in result.copies][:2] == [("OUTER", False), ("INNER", True)]
    assert result.dependencies["copybook:GEENBOEK"] is None


def test_exec_sql_include_and_librarian_includes_expand():
    members = {"DCLBET": fixed(" 01  DCLBETALING.\n     05  BET-BSN PIC X(9)."), "OLDINC": fixed(" 01  OUD PIC X.")}
    program = fixed("     EXEC SQL\n         INCLUDE DCLBET\n     END-EXEC.\n     EXEC SQL INCLUDE SQLCA END-EXEC.") + "-INC OLDINC\n"
    result = Library(members).expander().expand(code_lines(program, "p.cbl"), "p.cbl")
    assert texts(result.lines)[:2] == ["01  DCLBETALING.", "05  BET-BSN PIC X(9)."]
    assert "01  OUD PIC X." in texts(result.lines)
    assert [(c.name, c.via) for c in result.copies] == [("DCLBET", "sql-include"), ("SQLCA", "sql-include"), ("OLDINC", "inc")]


def test_replace_statement_and_replace_off():
    result = expand(
        """
     REPLACE ==KLANT== BY ==BURGER==.
     MOVE KLANT-NR TO KLANT.
     REPLACE OFF.
     MOVE KLANT TO Y.
""",
        {},
    )
    assert texts(result.lines) == ["MOVE KLANT-NR TO BURGER.", "MOVE KLANT TO Y."]


def test_unbalanced_pseudo_text_is_reported_and_expansion_goes_on():
    result = expand("     COPY REC REPLACING ==ABC BY ==X==.\n     MOVE 1 TO Y.", {"REC": fixed(" 01  ABC PIC X.")})
    assert any(d.code in ("unbalanced-pseudo-text", "copy-replacing") for d in result.diagnostics)
    assert "MOVE 1 TO Y." in texts(result.lines)
