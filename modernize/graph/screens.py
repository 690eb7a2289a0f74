"""BMS maps as screens: where each field stands on the 3270, what it shows and who sends it.

The BMS parser keeps every DFHMSD/DFHMDI/DFHMDF operand on the mapset's ``map`` and ``field``
symbols; this is the one place that reads those keys back into types (``Screen``, ``ScreenField``)
and lays the fields out as the terminal would: the attribute byte at POS, the data in the LENGTH
cells after it, running on into the next row past the last column (the 3270 buffer wraps), OCCURS
repeating the field. The map stands on the terminal at its DFHMDI LINE/COLUMN (JUSTIFY=BOTTOM or
RIGHT pushes it to that edge), on a 24×80 screen or larger where SIZE asks for more. Whatever does
not fit — no POS, a position outside the map, fields over each other, a field past the last cell —
is drawn as near as it can be and said in a note, never an exception: the source is untrusted.

Who uses a map comes from the programs' SEND MAP / RECEIVE MAP references (their ``mapset``), and
the symbolic map from the copybook that holds the map's ``<map>I``/``<map>O`` records: the one in
the repository, or the one modernize derived from the mapset when a COPY found the BMS source.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from modernize.model import Module, ReferenceKind, Symbol

TERMINAL = (24, 80)
LARGEST = 255  # rows or columns: BMS positions are at most this far; beyond it a SIZE is a mistake
PROTECTIONS = ("ASKIP", "PROT", "UNPROT")
INTENSITIES = ("BRT", "NORM", "DRK")
COLORS = ("BLUE", "RED", "PINK", "GREEN", "TURQUOISE", "YELLOW", "NEUTRAL")
# The symbolic map's names of a field: length, flag, attribute, input, output, the OCCURS group, and
# one byte per extended attribute (colour, programmed symbols, highlight, validation, outline, SO/SI,
# transparency), in the order the assembler lays them out.
SYMBOLIC_SUFFIXES = ("L", "F", "A", "I", "O", "D", "C", "P", "H", "V", "U", "M", "T")
DERIVED_SUFFIXES = ("L", "F", "A", "I", "O")


@dataclass(frozen=True)
class SymbolicName:
    """A name of the symbolic map (MKEUZEI) and where it is defined, when a copybook defines it."""

    name: str
    copybook: str = ""  # the copybook module's name; "" when derived here and no copybook holds it
    path: str = ""
    line: int | None = None


@dataclass(frozen=True)
class ScreenField:
    """One DFHMDF: where it stands on the map, how long it is, how it shows and what it is called."""

    name: str  # "" for a constant (a DFHMDF without a label)
    line: int
    row: int | None  # on the map, 1-based; None without a usable POS
    column: int | None
    length: int
    attributes: tuple[str, ...]  # ATTRB as written
    color: str  # COLOR as written (or the map's or mapset's default); "" for none
    hilight: str
    initial: str | None
    occurs: int = 1
    group: str = ""  # GRPNAME
    symbolic: tuple[SymbolicName, ...] = ()

    @property
    def protection(self) -> str:
        """ASKIP, PROT or UNPROT: without ATTRB the field is ASKIP, an ATTRB that names none of them
        (ATTRB=(NORM,IC)) leaves it UNPROT, as the macro does."""
        return next((a for a in PROTECTIONS if a in self.attributes), "UNPROT" if self.attributes else "ASKIP")

    @property
    def intensity(self) -> str:
        return next((a for a in INTENSITIES if a in self.attributes), "NORM")

    @property
    def is_input(self) -> bool:
        return self.protection == "UNPROT"

    @property
    def dark(self) -> bool:
        """DRK: on the terminal the field is there but shows nothing (a password)."""
        return self.intensity == "DRK"

    @property
    def numeric(self) -> bool:
        return "NUM" in self.attributes

    @property
    def cursor(self) -> bool:
        return "IC" in self.attributes

    @property
    def display_color(self) -> str:
        """The colour a 3270 shows: COLOR where written, else the base colours of a four-colour
        terminal (input green, bright input red, protected blue, bright protected white)."""
        if self.color in COLORS:
            return self.color
        bright = self.intensity == "BRT"
        if self.is_input:
            return "RED" if bright else "GREEN"
        return "NEUTRAL" if bright else "BLUE"


@dataclass(frozen=True)
class Segment:
    """A run of a field's data cells on one row of the terminal (a field past the last column has
    more than one). ``row`` and ``column`` are the terminal's, 1-based, of the first data cell."""

    field: int  # index into Screen.fields
    row: int
    column: int
    length: int
    text: str  # what the cells show: the initial value's part, padded to length


@dataclass(frozen=True)
class Note:
    text: str
    line: int | None = None


@dataclass(frozen=True)
class ScreenUse:
    """A program's SEND MAP or RECEIVE MAP of this map."""

    program: str
    command: str
    path: str
    line: int | None


@dataclass
class Screen:
    """One BMS map (or IMS MFS format page), laid out on its terminal."""

    mapset: str
    name: str
    path: str
    line: int | None
    rows: int  # the map's SIZE
    columns: int
    top: int  # where the map's row 1, column 1 stands on the terminal
    left: int
    terminal_rows: int
    terminal_columns: int
    fields: list[ScreenField] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    users: list[ScreenUse] = field(default_factory=list)
    copybook: str = ""  # the symbolic map's copybook, where one holds it
    source: str = "bms"  # "mfs" for an IMS MFS format

    @property
    def is_mfs(self) -> bool:
        return self.source == "mfs"

    @property
    def key(self) -> str:
        return f"{self.mapset}.{self.name}"

    @property
    def fills_terminal(self) -> bool:
        return (self.top, self.left, self.rows, self.columns) == (1, 1, self.terminal_rows, self.terminal_columns)


# reading the symbols ---------------------------------------------------------------------------


def number(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def words(value: Any) -> tuple[str, ...]:
    """An operand that is a list or one keyword, upper-cased (ATTRB=(ASKIP,BRT), JUSTIFY=BOTTOM)."""
    items = value if isinstance(value, list) else [value] if isinstance(value, str) else []
    return tuple(str(item).upper() for item in items if isinstance(item, str | int))


def size_of(value: Any) -> tuple[int, int] | None:
    if isinstance(value, list) and len(value) == 2 and all(number(v) and v > 0 for v in value):
        return value[0], value[1]
    return None


def keyword(value: Any) -> str:
    return value.upper() if isinstance(value, str) else ""


def read_field(symbol: Symbol, defaults: dict[str, str]) -> ScreenField:
    attributes = symbol.attributes
    pos = attributes.get("pos")
    row = column = None
    if isinstance(pos, list) and len(pos) == 2 and all(number(v) is not None for v in pos):
        row, column = pos
    initial = attributes.get("initial")
    occurs = number(attributes.get("occurs")) or 1
    return ScreenField(
        name=symbol.name, line=symbol.line, row=row, column=column, length=max(number(attributes.get("length")) or 0, 0),
        attributes=words(attributes.get("attrb")), color=keyword(attributes.get("color")) or defaults.get("color", ""),
        hilight=keyword(attributes.get("hilight")) or defaults.get("hilight", ""),
        initial=initial if isinstance(initial, str) else None, occurs=max(occurs, 1), group=keyword(attributes.get("grpname")))


# laying out ------------------------------------------------------------------------------------


def place(screen: Screen) -> None:
    """Lay the fields out on the map, cell by cell, noting what does not fit."""
    cells = screen.rows * screen.columns
    taken: dict[int, tuple[int, bool]] = {}  # cell -> the field there, and whether it is a constant's blank padding
    overlaps: set[tuple[int, int]] = set()
    after = 0  # the cell after the previous field, where a field without POS goes
    for index, item in enumerate(screen.fields):
        label = item.name or f"the constant at line {item.line}"
        if item.row is None or item.column is None:
            start = after
            screen.notes.append(Note(f"{label} has no usable POS: drawn right after the previous field", item.line))
        elif not (1 <= item.row <= screen.rows and 1 <= item.column <= screen.columns):
            screen.notes.append(Note(f"{label}: POS=({item.row},{item.column}) is outside the map's {screen.rows}×{screen.columns}: not drawn", item.line))
            continue
        else:
            start = (item.row - 1) * screen.columns + item.column - 1
        text = "".join(c if c.isprintable() else "." for c in (item.initial or "")[:item.length]).ljust(item.length)
        wrapped = False
        for occurrence in range(item.occurs):
            attribute = start + occurrence * (item.length + 1)
            end = attribute + item.length  # the last data cell
            if attribute >= cells:
                screen.notes.append(Note(f"{label}: occurrence {occurrence + 1} starts past the end of the map: not drawn", item.line))
                break
            for cell in range(attribute, min(end, cells - 1) + 1):
                other, harmless = taken.get(cell, (index, True))
                # Over a constant's blank padding or a LENGTH=0 stopper's attribute byte: nothing is lost.
                if other != index and not harmless and (other, index) not in overlaps:
                    overlaps.add((other, index))
                    first = screen.fields[other]
                    row, column = divmod(cell, screen.columns)
                    screen.notes.append(Note(f"{label} overlaps {first.name or f'the constant at line {first.line}'} "
                                             f"at row {row + 1}, column {column + 1}: drawn over it", item.line))
                data = cell - attribute - 1
                taken[cell] = (index, not item.name and (item.length == 0 or (data >= 0 and text[data] == " ")))
            if end >= cells:
                screen.notes.append(Note(f"{label} runs past the end of the map: cut after row {screen.rows}, column {screen.columns}", item.line))
            elif item.length and (attribute + 1) // screen.columns != end // screen.columns and not wrapped:
                wrapped = True  # said once for all the occurrences
                screen.notes.append(Note(f"{label} runs past column {screen.columns}: it goes on in the next row, as the terminal wraps it", item.line))
            add_segments(screen, index, attribute + 1, min(end, cells - 1), text)
            after = end + 1


def add_segments(screen: Screen, index: int, first: int, last: int, text: str) -> None:
    """The data cells first..last of the map, cut at each row's end, on the terminal's grid."""
    cell = first
    while cell <= last:
        row, column = divmod(cell, screen.columns)
        run = min(last, (row + 1) * screen.columns - 1) - cell + 1
        offset = cell - first
        screen.segments.append(Segment(index, screen.top + row, screen.left + column, run, text[offset:offset + run]))
        cell += run


# the map on its terminal -----------------------------------------------------------------------


def placement(screen: Screen, operands: dict[str, Any]) -> None:
    """DFHMDI LINE/COLUMN/JUSTIFY: where the map stands on a terminal large enough for it."""
    line, column = operands.get("line"), operands.get("column")
    for name, value in (("LINE", line), ("COLUMN", column)):
        if value is not None and number(value) is None:
            screen.notes.append(Note(f"{name}={value} places the map after the one sent before it, at run time: drawn from the top left", screen.line))
    screen.top, screen.left = min(max(number(line) or 1, 1), LARGEST), min(max(number(column) or 1, 1), LARGEST)
    screen.terminal_rows = max(TERMINAL[0], screen.top - 1 + screen.rows)
    screen.terminal_columns = max(TERMINAL[1], screen.left - 1 + screen.columns)
    justify = words(operands.get("justify"))
    if "BOTTOM" in justify:
        screen.top = screen.terminal_rows - screen.rows + 1
    if "RIGHT" in justify:
        screen.left = screen.terminal_columns - screen.columns + 1


def build_screen(mapset: Module, map_symbol: Symbol) -> Screen:
    size = size_of(map_symbol.attributes.get("size"))
    rows, columns = size or TERMINAL
    screen = Screen(mapset.name, map_symbol.name, map_symbol.path or mapset.path, map_symbol.line, min(rows, LARGEST), min(columns, LARGEST), 1, 1, *TERMINAL,
                    source=mapset.language)
    if map_symbol.attributes.get("size") is not None and size is None:
        screen.notes.append(Note(f"SIZE={map_symbol.attributes['size']!r} is not (rows,columns): drawn as {rows}×{columns}", map_symbol.line))
    if max(rows, columns) > LARGEST:
        screen.notes.append(Note(f"SIZE=({rows},{columns}) is larger than any terminal: drawn as {screen.rows}×{screen.columns}", map_symbol.line))
    placement(screen, map_symbol.attributes)
    defaults = {key: keyword(map_symbol.attributes.get(key)) or keyword(mapset.attributes.get(key)) for key in ("color", "hilight")}
    screen.fields = [read_field(s, defaults) for s in mapset.symbols if s.kind == "field" and s.attributes.get("map") == map_symbol.name]
    names = [f.name for f in screen.fields if f.name]
    for name in sorted({n for n in names if names.count(n) > 1}):
        screen.notes.append(Note(f"{name} is defined more than once in this map", None))
    place(screen)
    return screen


# who uses it, and its symbolic map -------------------------------------------------------------


def screen_uses(modules: list[Module], mapsets: set[str]) -> dict[tuple[str, str], list[ScreenUse]]:
    """(mapset, map) -> the SEND MAP / RECEIVE MAP statements naming it; mapset "" where the
    program names no mapset of the estate (MAPSET(WS-NAME), a variable)."""
    uses: dict[tuple[str, str], list[ScreenUse]] = {}
    for module in modules:
        for reference in module.references:
            if reference.kind != ReferenceKind.SHOWS or reference.unresolved:
                continue
            mapset = (reference.mapset or "").upper()
            key = (mapset if mapset in mapsets else "", reference.target.upper())
            command = str(reference.attributes.get("command", ""))
            uses.setdefault(key, []).append(ScreenUse(module.name, command, reference.path, reference.line))
    return uses


def symbolic_records(copybook: Module) -> dict[str, dict[str, Symbol]]:
    """01-level record name -> the data items under it, by name (the first of each name)."""
    records: dict[str, dict[str, Symbol]] = {}
    current: dict[str, Symbol] | None = None
    for symbol in copybook.symbols:
        if symbol.kind != "data":
            continue
        if symbol.attributes.get("level") == 1:
            current = records.setdefault(symbol.name.upper(), {})
        elif current is not None:
            current.setdefault(symbol.name.upper(), symbol)
    return records


def find_copybook(screen: Screen, copybooks: list[tuple[Module, dict[str, dict[str, Symbol]]]]) -> tuple[Module, dict[str, Symbol]] | None:
    """The copybook holding this map's symbolic records: one named after the mapset first."""
    wanted = (f"{screen.name}I", f"{screen.name}O")
    found = [(module, records) for module, records in copybooks if any(w in records for w in wanted)]
    if not found:
        return None
    module, records = min(found, key=lambda item: (item[0].name.upper() != screen.mapset.upper(), item[0].path))
    items: dict[str, Symbol] = {}
    for record in wanted:
        for name, symbol in records.get(record, {}).items():
            items.setdefault(name, symbol)
    return module, items


def link_symbolic(screen: Screen, found: tuple[Module, dict[str, Symbol]] | None, derived_suffixes: tuple[str, ...]) -> None:
    """Each named field's names in the symbolic map: the copybook's, where one holds the map, else
    the ones the assembler would generate."""
    if found is not None:
        copybook, items = found
        screen.copybook = copybook.name
    fields = []
    for item in screen.fields:
        if item.name and found is not None:
            symbols = [(item.name + s, items.get(f"{item.name}{s}".upper())) for s in SYMBOLIC_SUFFIXES]
            names = tuple(SymbolicName(n.upper(), copybook.name, s.path or copybook.path, s.line) for n, s in symbols if s is not None)
        elif item.name and item.length:
            names = tuple(SymbolicName(item.name + s) for s in derived_suffixes)
        else:
            names = ()
        fields.append(replace(item, symbolic=names))
    screen.fields = fields


def extended_suffixes(operands: dict[str, Any]) -> tuple[str, ...]:
    """The extended attribute bytes DSATTS (or EXTATT=YES) add to every field of the symbolic map."""
    wanted = set(words(operands.get("dsatts")))
    if keyword(operands.get("extatt")) == "YES":
        wanted |= {"COLOR", "PS", "HILIGHT", "VALIDN"}
    order = (("COLOR", "C"), ("PS", "P"), ("HILIGHT", "H"), ("VALIDN", "V"), ("OUTLINE", "U"), ("SOSI", "M"), ("TRANSP", "T"))
    return tuple(suffix for attribute, suffix in order if attribute in wanted)


def build_screens(modules: list[Module]) -> list[Screen]:
    """Every map of every BMS mapset, laid out, with its users and its symbolic map, sorted."""
    mapsets = [m for m in modules if m.kind == "mapset" and m.language in ("bms", "mfs")]
    copybooks = [(m, symbolic_records(m)) for m in modules if m.kind == "copybook"]
    uses = screen_uses(modules, {m.name.upper() for m in mapsets})
    map_count: dict[str, int] = {}
    for mapset in mapsets:
        for symbol in mapset.symbols:
            if symbol.kind == "map":
                map_count[symbol.name.upper()] = map_count.get(symbol.name.upper(), 0) + 1
    screens = []
    for mapset in mapsets:
        for symbol in mapset.symbols:
            if symbol.kind != "map":
                continue
            screen = build_screen(mapset, symbol)
            link_symbolic(screen, find_copybook(screen, copybooks), DERIVED_SUFFIXES + extended_suffixes({**mapset.attributes, **symbol.attributes}))
            found = list(uses.get((mapset.name.upper(), symbol.name.upper()), []))
            if map_count[symbol.name.upper()] == 1:
                found += uses.get(("", symbol.name.upper()), [])
            screen.users = sorted(set(found), key=lambda u: (u.program, u.path, u.line or 0, u.command))
            screens.append(screen)
    return sorted(screens, key=lambda s: (s.mapset, s.name, s.path))
