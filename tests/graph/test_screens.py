"""BMS maps laid out as screens: the example's two mapsets read by hand, and mapsets that do not fit."""

from modernize.graph.screens import Screen, ScreenField, build_screens


def screen(screens: list[Screen], key: str) -> Screen:
    found = [s for s in screens if s.key == key]
    assert found, f"no screen {key}; have {[s.key for s in screens]}"
    return found[0]


def named(found: Screen, name: str) -> ScreenField:
    return next(f for f in found.fields if f.name == name)


def text_at(found: Screen, row: int, column: int) -> str:
    """The text of the segment whose first data cell is at (row, column) on the terminal."""
    return next(s.text for s in found.segments if (s.row, s.column) == (row, column))


def test_the_example_menu_is_drawn_where_the_bms_source_puts_it(example_estate):
    menu = screen(build_screens(example_estate.modules), "TSM100.TSM100A")
    assert (menu.rows, menu.columns, menu.top, menu.left, menu.terminal_rows, menu.terminal_columns) == (24, 80, 1, 1, 24, 80)
    assert menu.path == "bms/TSM100.bms" and menu.line == 13
    assert len(menu.fields) == 20
    assert menu.notes == []
    # POS=(4,10) is the attribute byte: 'KIES EEN FUNCTIE:' starts in column 11.
    assert text_at(menu, 4, 11) == "KIES EEN FUNCTIE:"
    # LENGTH=14 with a 13-character INITIAL: padded to the length.
    assert text_at(menu, 10, 11) == "KEUZE ......: "
    choice = named(menu, "MKEUZE")
    assert (choice.row, choice.column, choice.length, choice.line) == (10, 25, 1, 26)
    assert (choice.protection, choice.numeric, choice.cursor, choice.is_input, choice.display_color) == ("UNPROT", True, True, True, "GREEN")
    assert named(menu, "MSOORT").numeric is False
    message = named(menu, "MMELD")
    assert (message.row, message.column, message.length, message.intensity, message.display_color) == (22, 1, 79, "BRT", "NEUTRAL")
    assert text_at(menu, 22, 2) == " " * 79  # an output field: blank until the program fills it
    date = named(menu, "MDATUM")
    assert (date.protection, date.display_color, date.initial) == ("ASKIP", "BLUE", None)
    title = next(f for f in menu.fields if f.initial == "TOESLAGEN ADMINISTRATIE - MENU")
    assert (title.name, title.row, title.column, title.length) == ("", 1, 25, 30)


def test_the_example_menus_users_and_symbolic_map(example_estate):
    menu = screen(build_screens(example_estate.modules), "TSM100.TSM100A")
    assert [(u.program, u.command, u.path, u.line) for u in menu.users] == [
        ("TSO100", "RECEIVE MAP", "cbl/TSO100.cbl", 89), ("TSO100", "SEND MAP", "cbl/TSO100.cbl", 159), ("TSO100", "SEND MAP", "cbl/TSO100.cbl", 165)]
    assert menu.copybook == "TSM100"
    names = {n.name: (n.copybook, n.path, n.line) for n in named(menu, "MDATUM").symbolic}
    assert names == {"MDATUML": ("TSM100", "cpy/TSM100.cpy", 9), "MDATUMF": ("TSM100", "cpy/TSM100.cpy", 10),
                     "MDATUMA": ("TSM100", "cpy/TSM100.cpy", 12), "MDATUMI": ("TSM100", "cpy/TSM100.cpy", 13),
                     "MDATUMO": ("TSM100", "cpy/TSM100.cpy", 42)}
    assert [n.name for n in named(menu, "MKEUZE").symbolic] == ["MKEUZEL", "MKEUZEF", "MKEUZEA", "MKEUZEI", "MKEUZEO"]
    assert all(not f.symbolic for f in menu.fields if not f.name)


def test_the_example_detail_screen_is_shared_by_two_programs(example_estate):
    detail = screen(build_screens(example_estate.modules), "TSM110.TSM110A")
    assert sorted({u.program for u in detail.users}) == ["TSO110", "TSO120"]
    assert [u.line for u in detail.users if u.program == "TSO120"] == [138, 341, 381]
    bsn = named(detail, "DBSN")
    assert (bsn.row, bsn.column, bsn.length, bsn.cursor, bsn.is_input) == (3, 16, 9, True, True)
    assert text_at(detail, 3, 3) == "BSN ........:"
    assert text_at(detail, 5, 3) == "NAAM .......:"
    assert named(detail, "DNAAM").is_input is False


def asm(label: str, op: str, operands: str) -> str:
    return f"{label:<8} {op:<6} {operands}"


def mapset(*lines: str, size: str = "SIZE=(24,80)", name: str = "EDGE") -> str:
    return "\n".join([asm(name, "DFHMSD", "TYPE=MAP,MODE=INOUT,LANG=COBOL"), asm(f"{name}A", "DFHMDI", size), *lines,
                      asm("", "DFHMSD", "TYPE=FINAL"), asm("", "END", "")]) + "\n"


def test_fields_that_do_not_fit_are_drawn_with_a_note(analyse):
    text = mapset(
        asm("", "DFHMDF", "POS=(1,1),LENGTH=10,ATTRB=ASKIP,INITIAL='TITLE'"),
        asm("NOPOS", "DFHMDF", "LENGTH=3,ATTRB=UNPROT"),
        asm("OVER", "DFHMDF", "POS=(1,5),LENGTH=4,ATTRB=ASKIP,INITIAL='XXXX'"),
        asm("WIDE", "DFHMDF", "POS=(3,75),LENGTH=10,ATTRB=ASKIP,INITIAL='ABCDEFGHIJ'"),
        asm("AWAY", "DFHMDF", "POS=(30,1),LENGTH=2,ATTRB=ASKIP"),
        asm("LAST", "DFHMDF", "POS=(24,78),LENGTH=6,ATTRB=ASKIP,INITIAL='UVWXYZ'"),
        asm("PASS", "DFHMDF", "POS=(5,1),LENGTH=8,ATTRB=(UNPROT,DRK),INITIAL='SECRET'"),
        asm("OFFSET", "DFHMDF", "POS=161,LENGTH=2,ATTRB=(NORM,IC)"))
    found = build_screens(analyse({"bms/EDGE.bms": text}).modules)[0]
    notes = [n.text for n in found.notes]
    assert "NOPOS has no usable POS: drawn right after the previous field" in notes
    # after TITLE's ten cells (columns 2-11): its attribute byte in column 12, its data in 13-15
    assert (found.segments[1].row, found.segments[1].column, found.segments[1].length) == (1, 13, 3)
    assert "OVER overlaps the constant at line 3 at row 1, column 5: drawn over it" in notes
    assert "WIDE runs past column 80: it goes on in the next row, as the terminal wraps it" in notes
    assert text_at(found, 3, 76) == "ABCDE" and text_at(found, 4, 1) == "FGHIJ"
    assert "AWAY: POS=(30,1) is outside the map's 24×80: not drawn" in notes
    assert not any(s.field == 4 for s in found.segments)
    assert "LAST runs past the end of the map: cut after row 24, column 80" in notes
    assert text_at(found, 24, 79) == "UV"
    password = named(found, "PASS")
    assert (password.dark, password.is_input) == (True, True)
    # POS=161 on an 80-column map is row 3, column 2; an ATTRB without ASKIP/PROT/UNPROT is UNPROT
    offset = named(found, "OFFSET")
    assert (offset.row, offset.column, offset.protection) == (3, 2, "UNPROT")
    assert named(found, "NOPOS").row is None


def test_a_larger_map_a_placed_map_occurs_and_groups(analyse):
    tall = mapset(asm("", "DFHMDF", "POS=(43,1),LENGTH=5,ATTRB=ASKIP,INITIAL='FOOT'"), size="SIZE=(43,80)", name="TALL")
    small = mapset(asm("ROWS", "DFHMDF", "POS=(1,1),LENGTH=3,ATTRB=UNPROT,OCCURS=3"),
                   asm("DAY", "DFHMDF", "POS=(2,1),LENGTH=2,ATTRB=UNPROT,GRPNAME=DATE"),
                   size="SIZE=(4,40),LINE=10,COLUMN=20", name="SMALL")
    bottom = mapset(asm("", "DFHMDF", "POS=(1,1),LENGTH=3,ATTRB=ASKIP,INITIAL='END'"), size="SIZE=(2,80),JUSTIFY=BOTTOM", name="BOTM")
    screens = {s.mapset: s for s in build_screens(analyse({"bms/TALL.bms": tall, "bms/SMALL.bms": small, "bms/BOTM.bms": bottom}).modules)}
    big = screens["TALL"]
    assert (big.rows, big.terminal_rows, big.terminal_columns, big.notes) == (43, 43, 80, [])
    assert text_at(big, 43, 2) == "FOOT "
    placed = screens["SMALL"]
    assert (placed.top, placed.left, placed.terminal_rows, placed.terminal_columns, placed.fills_terminal) == (10, 20, 24, 80, False)
    # three occurrences, each its attribute byte and three cells: columns 2, 6, 10 of the map
    assert [(s.row, s.column) for s in placed.segments if s.field == 0] == [(10, 21), (10, 25), (10, 29)]
    assert named(placed, "ROWS").occurs == 3 and named(placed, "DAY").group == "DATE"
    assert [n.name for n in named(placed, "ROWS").symbolic][:5] == ["ROWSL", "ROWSF", "ROWSA", "ROWSI", "ROWSO"]
    assert all(n.copybook == "" and n.line is None for n in named(placed, "ROWS").symbolic)
    assert screens["BOTM"].top == 23 and text_at(screens["BOTM"], 23, 2) == "END"


def test_a_mapset_named_by_a_variable_still_finds_its_unique_map(analyse):
    program = "\n".join(f"       {line}" for line in [
        "IDENTIFICATION DIVISION.", "PROGRAM-ID. SHOWIT.", "DATA DIVISION.", "WORKING-STORAGE SECTION.",
        "01 WS-SET PIC X(8) VALUE SPACES.", "PROCEDURE DIVISION.",
        "    EXEC CICS SEND MAP('EDGEA') MAPSET(WS-SET) ERASE END-EXEC.", "    GOBACK."]) + "\n"
    text = mapset(asm("", "DFHMDF", "POS=(1,1),LENGTH=4,ATTRB=ASKIP,INITIAL='EDGE'"))
    found = build_screens(analyse({"bms/EDGE.bms": text, "cbl/SHOWIT.cbl": program}).modules)[0]
    assert [(u.program, u.command, u.line) for u in found.users] == [("SHOWIT", "SEND MAP", 7)]


def test_without_a_copybook_the_symbolic_map_derived_from_the_mapset_is_linked(tmp_path):
    from modernize.config import Settings
    from modernize.pipeline.estate import Estate
    from tests.conftest import EXAMPLES, fixed, write_tree

    program = fixed("""
 IDENTIFICATION DIVISION.
 PROGRAM-ID. SHOW.
 DATA DIVISION.
 WORKING-STORAGE SECTION.
 COPY TSM100.
 PROCEDURE DIVISION.
     EXEC CICS SEND MAP('TSM100A') MAPSET('TSM100') END-EXEC.
     GOBACK.
""")
    root = write_tree(tmp_path / "repo", {"bms/TSM100.bms": (EXAMPLES / "bms" / "TSM100.bms").read_text(), "cbl/SHOW.cbl": program})
    estate = Estate(root, Settings(cache_dir=str(tmp_path / "cache"), jobs=1))
    menu = screen(build_screens(estate.modules), "TSM100.TSM100A")
    assert [(u.program, u.command, u.line) for u in menu.users] == [("SHOW", "SEND MAP", 7)]
    assert menu.copybook == "TSM100"
    # the derived copybook's items point at the DFHMDF they come from: MKEUZE is at line 26 of the mapset
    assert {(n.name, n.path, n.line) for n in named(menu, "MKEUZE").symbolic} == {
        (f"MKEUZE{s}", "bms/TSM100.bms", 26) for s in "LFAIO"}


def test_a_size_no_terminal_has_is_cut_to_one_with_a_note(analyse):
    text = mapset(asm("FAR", "DFHMDF", "POS=(300,1),LENGTH=2,ATTRB=ASKIP"), asm("NEAR", "DFHMDF", "POS=(2,1),LENGTH=2,ATTRB=ASKIP,OCCURS=99999"),
                  size="SIZE=(9999,80),LINE=5000")
    found = build_screens(analyse({"bms/EDGE.bms": text}).modules)[0]
    assert (found.rows, found.columns, found.top, found.terminal_rows) == (255, 80, 255, 509)
    notes = [n.text for n in found.notes]
    assert "SIZE=(9999,80) is larger than any terminal: drawn as 255×80" in notes
    assert "FAR: POS=(300,1) is outside the map's 255×80: not drawn" in notes
    # each occurrence its attribute byte and 2 cells from cell 80: occurrence 6775 would start in cell 20402 of 20400
    assert "NEAR: occurrence 6775 starts past the end of the map: not drawn" in notes
    assert notes.count("NEAR runs past column 80: it goes on in the next row, as the terminal wraps it") == 1
