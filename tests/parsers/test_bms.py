"""The BMS parser on small mapsets written for the tests, and on the example estate: exact facts."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modernize.inventory import read_text, take_inventory
from modernize.model import Module, Reference, SourceFile, Symbol
from modernize.parsers import ParseContext
from modernize.parsers.bms import parse, render_map
from tests.conftest import EXAMPLES

PATH = "bms/KLM01.bms"


def asm(label: str = "", op: str = "", operands: str = "", cont: str = " ", seq: str = "") -> str:
    """One assembler line: label in column 1, operation in 10, operands in 17, continuation
    character in 72, sequence field in 73-80. A statement past column 71 is a mistake in the test."""
    line = f"{label:<8} {op:<6} {operands}".rstrip() if (label or op) else operands
    assert len(line) <= 71, f"test line runs past column 71: {line!r}"
    return line.ljust(71) + cont + seq if cont != " " or seq else line


def more(operands: str, cont: str = " ") -> str:
    """A continuation line: operands from column 16."""
    return asm(operands=" " * 15 + operands, cont=cont)


def bms(lines: list[str], path: str = PATH) -> tuple[list[Module], list]:
    text = "\n".join(lines) + "\n"
    source = SourceFile(path, "bms", "bms", "ascii", "", "", len(lines), len(text))
    result = parse(source, text, ParseContext(root=EXAMPLES, files={}))
    return result.modules, result.diagnostics


MAPSET = [
    "* KLM01: KLANTSCHERM (TEST)",
    asm("", "PRINT", "NOGEN"),
    asm("KLM01", "DFHMSD", "TYPE=&SYSPARM,MODE=INOUT,LANG=COBOL,", "X", "KLM00010"),
    more("CTRL=(FREEKB,FRSET),STORAGE=AUTO,TIOAPFX=YES", " "),
    asm("KLM01A", "DFHMDI", "SIZE=(4,30),LINE=1,COLUMN=1"),
    asm("", "DFHMDF", "POS=(1,2),LENGTH=12,ATTRB=(ASKIP,BRT),", "X"),
    more("INITIAL='A, B (C) ''D'''"),
    asm("KNAAM", "DFHMDF", "POS=(2,10),LENGTH=8,ATTRB=(UNPROT,IC),COLOR=RED,", "X"),
    more("HILIGHT=UNDERLINE,PICIN='X(8)',JUSTIFY=(LEFT,BLANK) NAAM"),
    asm("KSTAT", "DFHMDF", "POS=(3,1),LENGTH=5,ATTRB=ASKIP"),
    asm("", "DFHMDF", "POS=(4,1),LENGTH=28,INITIAL='PF3=EINDE   ENTER=KIEZEN  ", "X"),  # to column 71
    more("..'"),
    asm("", "DFHMSD", "TYPE=FINAL"),
    asm("", "END"),
]


def test_a_mapset_gives_its_maps_and_fields_with_exact_attributes():
    modules, diagnostics = bms(MAPSET)
    assert diagnostics == []
    [module] = modules
    assert (module.name, module.kind, module.language, module.path, module.line, module.end_line) == (
        "KLM01", "mapset", "bms", "bms/KLM01.bms", 3, 13,
    )
    assert module.attributes == {
        "type": "&SYSPARM", "mode": "INOUT", "lang": "COBOL", "ctrl": ["FREEKB", "FRSET"], "storage": "AUTO", "tioapfx": "YES",
    }
    assert module.metrics == {"lines": 11, "maps": 1, "fields": 4}
    assert module.diagnostics == []
    assert module.references == [Reference("contains", "KLM01A", "screen", "bms", 5, PATH)]
    assert module.symbols == [
        Symbol("KLM01A", "map", 5, 12, path=PATH, attributes={"size": [4, 30], "line": 1, "column": 1}),
        Symbol("", "field", 6, path=PATH, attributes={"map": "KLM01A", "pos": [1, 2], "length": 12, "attrb": ["ASKIP", "BRT"], "initial": "A, B (C) 'D'"}),
        Symbol("KNAAM", "field", 8, path=PATH, attributes={
            "map": "KLM01A", "pos": [2, 10], "length": 8, "attrb": ["UNPROT", "IC"], "initial": None,
            "color": "RED", "hilight": "UNDERLINE", "picin": "X(8)", "justify": ["LEFT", "BLANK"],
        }),
        Symbol("KSTAT", "field", 10, path=PATH, attributes={"map": "KLM01A", "pos": [3, 1], "length": 5, "attrb": ["ASKIP"], "initial": None}),
        Symbol("", "field", 11, path=PATH, attributes={"map": "KLM01A", "pos": [4, 1], "length": 28, "attrb": [], "initial": "PF3=EINDE   ENTER=KIEZEN  .."}),
    ]


def test_render_map_places_constants_after_the_attribute_byte_and_input_fields_as_underscores():
    [module], _ = bms(MAPSET)
    assert render_map(module, "klm01a") == [
        "  A, B (C) 'D'                ",
        "          ________            ",
        "                              ",
        " PF3=EINDE   ENTER=KIEZEN  .. ",
    ]
    with pytest.raises(KeyError):
        render_map(module, "NOPE")


def test_columns_73_to_80_and_remarks_never_become_operands():
    lines = [
        asm("KLM02", "DFHMSD", "TYPE=MAP,LANG=COBOL        REMARK, WITH=COMMA", seq="KLM00010"),
        asm("KLM02A", "DFHMDI", "SIZE=(1,10)", seq="LENGTH=9"),
        asm("", "DFHMDF", "POS=(1,1),LENGTH=3,INITIAL='AB'", seq="'ZZZZZZ'"),
        asm("", "DFHMSD", "TYPE=FINAL", seq="KLM00040"),
    ]
    [module], diagnostics = bms(lines)
    assert diagnostics == []
    assert module.attributes == {"type": "MAP", "lang": "COBOL"}
    assert module.symbols[0].attributes == {"size": [1, 10]}
    assert module.symbols[1].attributes["initial"] == "AB"
    assert render_map(module, "KLM02A") == [" AB       "]


def test_position_offsets_xinit_and_occurs():
    lines = [
        asm("KLM03", "DFHMSD", "TYPE=MAP"),
        asm("KLM03A", "DFHMDI", "SIZE=(2,10)"),
        asm("", "DFHMDF", "POS=13,LENGTH=3,XINIT='C1C2C3'"),
        asm("KREGEL", "DFHMDF", "POS=(1,1),LENGTH=2,ATTRB=UNPROT,OCCURS=3"),
        asm("", "DFHMSD", "TYPE=FINAL"),
    ]
    [module], diagnostics = bms(lines)
    assert diagnostics == []
    assert module.symbols[1].attributes == {"map": "KLM03A", "pos": [2, 4], "length": 3, "attrb": [], "initial": "ABC", "xinit": "C1C2C3"}
    assert module.symbols[2].attributes["occurs"] == 3
    assert render_map(module, "KLM03A") == [" __ __ __ ", "    ABC   "]


def test_problems_become_warnings_with_their_lines():
    lines = [
        asm("", "DFHMDF", "POS=(1,1),LENGTH=1"),
        asm("KLM04", "DFHMSD", "TYPE=MAP"),
        asm("KLM04A", "DFHMDI", "SIZE=(2,10)"),
        asm("", "DFHMDF", "POS=(3,1),LENGTH=4,INITIAL='TOO LONG'"),
        asm("KVELD", "DFHMDF", "POS=(1,1),LENGTH=2"),
        asm("KVELD", "DFHMDF", "POS=(1,5),LENGTH=2"),
        asm("", "FROBNIC", "X=1"),
        asm("", "DFHMDF", "POS=(1,9),LENGTH=1,INITIAL='OPEN", "X"),
    ]
    [module], diagnostics = bms(lines)
    assert diagnostics == []
    found = [(d.severity, d.code, d.line) for d in module.diagnostics]
    assert found == [
        ("warning", "bms-no-map", 1),
        ("warning", "bms-no-final", 2),
        ("warning", "bms-initial-length", 4),
        ("warning", "bms-position", 4),
        ("warning", "bms-duplicate-name", 6),
        ("warning", "bms-unknown-statement", 7),
        ("warning", "bms-continuation", 8),
        ("warning", "bms-initial-length", 8),
        ("warning", "bms-operand", 8),
    ]
    assert all(d.path == "bms/KLM01.bms" for d in module.diagnostics)
    assert module.end_line == 8 and module.metrics["fields"] == 4


def test_a_file_without_a_mapset_reports_it_without_modules():
    modules, diagnostics = bms(["* NOTHING HERE", asm("", "PRINT", "GEN")])
    assert modules == []
    assert [(d.code, d.line) for d in diagnostics] == [("bms-no-mapset", None)]


def test_the_example_mapsets():
    inventory = take_inventory(EXAMPLES)
    context = ParseContext(root=EXAMPLES, files={})
    results = {f.path: parse(f, read_text(EXAMPLES, f), context) for f in inventory.files if f.language == "bms"}
    assert sorted(results) == ["bms/TSM100.bms", "bms/TSM110.bms"]
    assert all(r.diagnostics == [] and r.modules[0].diagnostics == [] for r in results.values())
    [menu] = results["bms/TSM100.bms"].modules
    [detail] = results["bms/TSM110.bms"].modules
    assert (menu.name, menu.line, menu.end_line, menu.metrics) == ("TSM100", 10, 43, {"lines": 34, "maps": 1, "fields": 20})
    assert (detail.name, detail.line, detail.end_line, detail.metrics) == ("TSM110", 12, 60, {"lines": 49, "maps": 1, "fields": 38})
    assert menu.attributes == {
        "type": "&SYSPARM", "mode": "INOUT", "lang": "COBOL", "ctrl": ["FREEKB", "FRSET"], "storage": "AUTO",
        "tioapfx": "YES", "term": "3270-2",
    }
    assert menu.references == [Reference("contains", "TSM100A", "screen", "bms", 13, "bms/TSM100.bms")]
    assert detail.references == [Reference("contains", "TSM110A", "screen", "bms", 15, "bms/TSM110.bms")]
    named = [s.name for s in menu.symbols if s.kind == "field" and s.name]
    assert named == ["MDATUM", "MKEUZE", "MBSN", "MSOORT", "MJAAR", "MMELD"]
    keuze = next(s for s in menu.symbols if s.name == "MKEUZE")
    assert (keuze.line, keuze.attributes) == (26, {"map": "TSM100A", "pos": [10, 25], "length": 1, "attrb": ["UNPROT", "NUM", "IC", "FSET"], "initial": None})
    title = next(s for s in menu.symbols if s.line == 15)
    assert title.attributes["initial"] == "TOESLAGEN ADMINISTRATIE - MENU"
    screen = render_map(menu, "TSM100A")
    assert len(screen) == 24 and all(len(row) == 80 for row in screen)
    assert screen[0] == " TSO100" + " " * 18 + "TOESLAGEN ADMINISTRATIE - MENU" + " " * 25
    assert screen[9].rstrip() == "          KEUZE ......:  _"
    assert screen[11].rstrip() == "          BSN ........:  _________"
    assert screen[23].rstrip() == " ENTER=KIEZEN  PF3=EINDE  CLEAR=EINDE"
    assert render_map(detail, "TSM110A")[2].rstrip() == "  BSN ........: _________     SOORT: __    JAAR: ____"


BMS_WORDS = st.sampled_from(["DFHMSD", "DFHMDI", "DFHMDF", "TYPE=FINAL", "POS=(", "LENGTH=", "INITIAL='", "ATTRB=(", "SIZE=(", ",", ")", "'", "''", "X", " ", "*", "\n", "1", "99", "=", "OCCURS=3", "XINIT='ZZ"])


@pytest.mark.slow  # hundreds of generated inputs
@settings(max_examples=200, deadline=None)
@given(st.lists(BMS_WORDS, max_size=120), st.text(max_size=40))
def test_any_input_gives_facts_or_diagnostics_never_an_exception(words, noise):
    text = "".join(words) + noise
    lines = text.split("\n")
    modules, _ = bms(lines)
    for module in modules:
        for symbol in module.symbols:
            if symbol.kind == "map":
                render_map(module, symbol.name)
