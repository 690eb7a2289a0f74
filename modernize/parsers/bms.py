"""BMS maps: the DFHMSD/DFHMDI/DFHMDF assembler macros that describe CICS 3270 screens.

A mapset becomes one Module with its maps and fields as symbols, so later stages can document a
screen (``render_map``), match the symbolic map copybook and link ``SEND MAP`` to the screen without
reading assembler. Only the macro layer is read: assembler source format (label in column 1,
operands ending at the first blank, continuation by a non-blank in column 72 with the next line
going on in column 16, columns 73-80 ignored) and ``KEY=VALUE`` / ``KEY=(A,B)`` operands with
quoted strings. Anything else is skipped with a warning; the parser never raises.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from modernize.model import (
    Diagnostic,
    Mechanism,
    Module,
    ModuleKind,
    NodeKind,
    Reference,
    ReferenceKind,
    SourceFile,
    Symbol,
    member_name,
)
from modernize.parsers import ParseContext, ParseResult
from modernize.parsers._text import open_quote, operand_field, split_top

# Listing and output control: nothing to do with the screen.
IGNORED = {"PRINT", "PUNCH", "END", "TITLE", "EJECT", "SPACE", "ISEQ"}
# Operands that are lists even when written without parentheses (ATTRB=ASKIP is ATTRB=(ASKIP)).
LIST_OPERANDS = {"attrb", "ctrl", "dsatts", "mapatts", "outline", "validn", "justify"}
DEFAULT_SIZE = (24, 80)
MAX_NAME = 30


@dataclass
class Statement:
    """One assembler statement after continuation lines are joined."""

    label: str
    opcode: str
    operands: str
    line: int
    end_line: int


@dataclass
class MapsetState:
    """The mapset being built: its module and the map its fields currently belong to."""

    module: Module
    map_symbol: Symbol | None = None
    names: set[str] = field(default_factory=set)


# source format ---------------------------------------------------------------------------------


def read_statements(text: str, path: str, diagnostics: list[Diagnostic]) -> list[Statement]:
    """Join continuation lines into statements; comments and blank lines go."""
    lines = text.splitlines()
    statements: list[Statement] = []
    index = 0
    while index < len(lines):
        raw = lines[index].rstrip("\r")
        index += 1
        if not raw.strip() or raw.startswith(("*", ".*")):
            continue
        segments = [raw.ljust(80)[:71]]
        first = index
        continued = continues(raw)
        while continued and index < len(lines):
            follow = lines[index].rstrip("\r")
            index += 1
            segments.append(continuation_text(follow, path, index, diagnostics))
            continued = continues(follow)
        if continued:
            diagnostics.append(Diagnostic("warning", "bms-continuation", "continuation expected after the last line", path, index))
        statements.append(split_statement(segments, first, index))
    return statements


def continues(line: str) -> bool:
    return len(line) > 71 and line[71] != " "


def continuation_text(line: str, path: str, number: int, diagnostics: list[Diagnostic]) -> str:
    """Columns 16-71 of a continuation line; a line that starts too early is taken as it stands."""
    padded = line.ljust(80)
    if padded[:15].strip():
        diagnostics.append(Diagnostic("warning", "bms-continuation", "continuation line does not start in column 16", path, number))
        return padded[:71].lstrip()
    return padded[15:71]


def split_statement(segments: list[str], line: int, end_line: int) -> Statement:
    """Label, operation and operand field; remarks after the operands are dropped."""
    first = segments[0]
    label = "" if first[0] == " " else first.split(" ", 1)[0]
    rest = first[len(label):].lstrip()
    opcode, _, after = rest.partition(" ")
    segments = [after.lstrip(), *segments[1:]]
    return Statement(label.upper(), opcode.upper(), operands_of(segments), line, end_line)


def operands_of(segments: list[str]) -> str:
    """The operands over all lines: each line's part ends at a blank outside quotes, and the next
    line only carries operands when this part ends with a comma or inside a quoted string."""
    field = ""
    in_quote = False
    for number, segment in enumerate(segments):
        if number and not in_quote:
            if not field.endswith(","):
                break
            segment = segment.lstrip()
        part, in_quote = operand_field(segment, in_quote)
        field += part
    return field


# operands --------------------------------------------------------------------------------------


def unquote(text: str) -> str:
    """'A''B' -> A'B; && stands for one & in assembler strings."""
    inner = text[1:-1] if len(text) >= 2 and text.endswith("'") else text[1:]
    return inner.replace("''", "'").replace("&&", "&")


def scalar(text: str) -> Any:
    text = text.strip()
    if text.startswith("'"):
        return unquote(text)
    if text.isdigit():
        return int(text)
    return text.upper()


def operand_value(text: str) -> Any:
    text = text.strip()
    if text.startswith("(") and text.endswith(")") and not text.startswith("'"):
        return [scalar(item) for item in split_top(text[1:-1]) if item.strip()]
    return scalar(text)


def parse_operands(statement: Statement, path: str, diagnostics: list[Diagnostic]) -> dict[str, Any]:
    """Operands as {lowercased key: value}; keyword-less operands become flags."""
    if open_quote(statement.operands, "'"):
        diagnostics.append(Diagnostic("warning", "bms-operand", f"unterminated quoted string in {statement.opcode} operands", path, statement.line))
    operands: dict[str, Any] = {}
    for part in split_top(statement.operands):
        if not part.strip():
            continue
        key, sep, value = part.partition("=")
        key = key.strip().lower()
        if not sep:
            operands[key] = True
            continue
        parsed = operand_value(value)
        if key in LIST_OPERANDS and not isinstance(parsed, list):
            parsed = [parsed]
        operands[key] = parsed
    return operands


def pair(value: Any) -> list[int] | None:
    if isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value):
        return list(value)
    return None


# building facts --------------------------------------------------------------------------------


class MapsetBuilder:
    """Walks the statements of one file and builds a Module per mapset."""

    def __init__(self, path: str, stem: str):
        self.path = path
        self.stem = stem
        self.modules: list[Module] = []
        self.diagnostics: list[Diagnostic] = []
        self.current: MapsetState | None = None
        self.last_line = 0

    def warn(self, code: str, message: str, line: int) -> None:
        self.diagnostics.append(Diagnostic("warning", code, message, self.path, line))

    def build(self, statements: list[Statement]) -> list[Module]:
        for statement in statements:
            self.last_line = statement.end_line
            handler = {"DFHMSD": self.mapset, "DFHMDI": self.map, "DFHMDF": self.field}.get(statement.opcode)
            if handler:
                handler(statement, parse_operands(statement, self.path, self.diagnostics))
            elif statement.opcode not in IGNORED:
                self.warn("bms-unknown-statement", f"statement {statement.opcode or statement.label} skipped", statement.line)
        if self.current:
            self.warn("bms-no-final", f"mapset {self.current.module.name} has no DFHMSD TYPE=FINAL", self.current.module.line or 0)
            self.close(self.last_line)
        return self.modules

    def mapset(self, statement: Statement, operands: dict[str, Any]) -> None:
        if operands.get("type") == "FINAL":
            if self.current is None:
                self.warn("bms-no-mapset", "DFHMSD TYPE=FINAL without a mapset", statement.line)
                return
            self.close(statement.end_line)
            return
        if self.current:
            self.warn("bms-no-final", f"mapset {self.current.module.name} has no DFHMSD TYPE=FINAL", statement.line)
            self.close(statement.line - 1)
        name = statement.label
        if not name:
            self.warn("bms-no-name", f"DFHMSD without a label; mapset named {self.stem} after the file", statement.line)
            name = self.stem
        module = Module(name=name, kind=ModuleKind.MAPSET, language="bms", path=self.path, line=statement.line, attributes=operands)
        self.current = MapsetState(module)

    def close(self, end_line: int) -> None:
        assert self.current is not None
        module = self.current.module
        module.end_line = end_line
        kinds = [s.kind for s in module.symbols]
        module.metrics = {"lines": end_line - (module.line or end_line) + 1, "maps": kinds.count("map"), "fields": kinds.count("field")}
        self.modules.append(module)
        self.current = None

    def map(self, statement: Statement, operands: dict[str, Any]) -> None:
        if self.current is None:
            self.warn("bms-no-mapset", "DFHMDI outside a mapset skipped", statement.line)
            return
        name = statement.label
        if not name:
            self.warn("bms-no-name", "DFHMDI without a label skipped", statement.line)
            return
        if "size" in operands and pair(operands["size"]) is None:
            self.warn("bms-operand", f"map {name}: SIZE is not (rows,columns)", statement.line)
        symbol = Symbol(name, "map", statement.line, statement.end_line, self.path, operands)
        self.current.module.symbols.append(symbol)
        self.current.module.references.append(Reference(ReferenceKind.CONTAINS, name, NodeKind.SCREEN, Mechanism.BMS, statement.line, self.path))
        self.current.map_symbol = symbol
        self.check_name(name, statement.line)

    def field(self, statement: Statement, operands: dict[str, Any]) -> None:
        state = self.current
        if state is None or state.map_symbol is None:
            self.warn("bms-no-map", "DFHMDF outside a map skipped", statement.line)
            return
        map_symbol = state.map_symbol
        map_symbol.end_line = statement.end_line
        attributes = self.field_attributes(statement, operands, map_symbol)
        state.module.symbols.append(Symbol(statement.label, "field", statement.line, None, self.path, attributes))
        if statement.label:
            self.check_name(statement.label, statement.line)

    def field_attributes(self, statement: Statement, operands: dict[str, Any], map_symbol: Symbol) -> dict[str, Any]:
        """The field's operands with position, length, attributes and initial value made explicit."""
        rows, cols = pair(map_symbol.attributes.get("size")) or DEFAULT_SIZE
        initial = operands.get("initial")
        if initial is not None and not isinstance(initial, str):
            initial = str(initial)
        if initial is None and isinstance(operands.get("xinit"), str | int):
            initial = self.decode_xinit(str(operands["xinit"]), statement.line)
        length = operands.get("length")
        if length is None:
            length = len(initial) if initial is not None else 0
            if initial is None:
                self.warn("bms-no-length", f"field {statement.label or '(unnamed)'} has neither LENGTH nor INITIAL", statement.line)
        elif not isinstance(length, int):
            self.warn("bms-operand", f"LENGTH={length} is not a number", statement.line)
            length = 0
        if initial is not None and len(initial) > length:
            self.warn("bms-initial-length", f"INITIAL is longer than LENGTH={length}", statement.line)
        pos = self.position(operands.get("pos"), cols, statement.line)
        if pos and not (1 <= pos[0] <= rows and 1 <= pos[1] <= cols):
            self.warn("bms-position", f"POS=({pos[0]},{pos[1]}) is outside the map size ({rows},{cols})", statement.line)
        explicit = {"map": map_symbol.name, "pos": pos, "length": length, "attrb": operands.get("attrb", []), "initial": initial}
        return explicit | {key: value for key, value in operands.items() if key not in explicit}

    def position(self, value: Any, cols: int, line: int) -> list[int] | None:
        """POS=(row,col), or POS=n as an offset from the top left corner."""
        if isinstance(value, int):
            return [value // cols + 1, value % cols + 1]
        found = pair(value)
        if found is None:
            self.warn("bms-operand", f"field POS={value!r} is not (row,column) or an offset", line)
        return found

    def decode_xinit(self, hex_text: str, line: int) -> str | None:
        """XINIT gives the initial value as EBCDIC hex."""
        try:
            return bytes.fromhex(hex_text).decode("cp037")
        except ValueError:
            self.warn("bms-operand", f"XINIT={hex_text} is not hexadecimal", line)
            return None

    def check_name(self, name: str, line: int) -> None:
        """Names become symbolic map fields: duplicates or very long names break the copybook."""
        assert self.current is not None
        if name in self.current.names:
            self.warn("bms-duplicate-name", f"name {name} is defined twice in mapset {self.current.module.name}", line)
        if len(name) > MAX_NAME:
            self.warn("bms-name-length", f"name {name} is longer than {MAX_NAME} characters", line)
        self.current.names.add(name)


def parse(source: SourceFile, text: str, context: ParseContext) -> ParseResult:
    """Facts for the mapsets of one BMS source file."""
    diagnostics: list[Diagnostic] = []
    statements = read_statements(text, source.path, diagnostics)
    builder = MapsetBuilder(source.path, source.member)
    modules = builder.build(statements)
    diagnostics = sorted(diagnostics + builder.diagnostics, key=Diagnostic.sort_key)
    if not modules:
        diagnostics.append(Diagnostic("warning", "bms-no-mapset", "no DFHMSD mapset found", source.path, None))
        return ParseResult(diagnostics=diagnostics)
    modules[0].diagnostics = diagnostics
    return ParseResult(modules=modules)


# symbolic maps ---------------------------------------------------------------------------------

# The extended attributes a field can carry in the symbolic map (DSATTS), with the suffix of their
# byte, in the order the assembler lays them out; EXTATT=YES (the older form) adds the first four to
# those DSATTS lists (a mapset with both gets C, P, H, V and the DSATTS ones).
EXTENDED_ATTRIBUTES = (("COLOR", "C"), ("PS", "P"), ("HILIGHT", "H"), ("VALIDN", "V"), ("OUTLINE", "U"), ("SOSI", "M"), ("TRANSP", "T"))
EXTATT_YES = frozenset(["COLOR", "PS", "HILIGHT", "VALIDN"])
TIOA_PREFIX = 12


def is_mapset_source(text: str) -> bool:
    """Whether a text is BMS macro source: its first statement (after listing control) is a DFHMSD."""
    if "DFHMSD" not in text.upper():
        return False
    for statement in read_statements(text, "", []):
        if statement.opcode not in IGNORED:
            return statement.opcode == "DFHMSD"
    return False


def symbolic_map(text: str, path: str) -> list[tuple[int, str]]:
    """The COBOL symbolic map of the mapsets in a BMS source, as the macro assembler generates it for
    DFHMSD TYPE=DSECT, LANG=COBOL: per map a ``<map>I`` record (MODE=IN or INOUT) and a ``<map>O``
    record (OUT or INOUT; it redefines the input record when there is one). Each record starts with
    the 12-byte TIOA prefix filler (unless TIOAPFX=NO); per named field the input record has
    ``<field>L`` (S9(4) COMP, the length entered), ``<field>F`` (the flag byte) redefined by
    ``<field>A`` (the attribute byte), one filler byte per extended attribute in DSATTS and
    ``<field>I`` (X(LENGTH), or PICIN); the output record has the 3 bytes of L and A as filler, a byte
    per extended attribute (``<field>C`` colour, ``P`` programmed symbols, ``H`` highlight, ``V``
    validation, ``U`` outline, ``M`` SO/SI, ``T`` transparency) and ``<field>O`` (X(LENGTH), or
    PICOUT). A field with OCCURS=n is a group that occurs n times (``<field>D`` in the input record,
    ``DFHMSn`` in the output record). Unnamed fields (constants) take no room.

    Returns code lines as they stand from column 8, each with the line of the BMS macro it comes
    from, so a program's data items point at the screen definition. Unreadable macros are skipped
    as ``parse`` skips them (with its warnings, which the mapset's own facts carry)."""
    lines: list[tuple[int, str]] = []
    for module in mapsets(text, path):
        lines.extend(mapset_symbolic_map(module))
    return lines


def mapsets(text: str, path: str) -> list[Module]:
    """The mapsets of a BMS source (their modules, without diagnostics)."""
    return MapsetBuilder(path, member_name(path)).build(read_statements(text, path, []))


def mapset_symbolic_map(module: Module) -> list[tuple[int, str]]:
    """The symbolic map of one mapset (see ``symbolic_map``)."""
    mapset = module.attributes
    mode = str(mapset.get("mode") or "OUT").upper()
    lines: list[tuple[int, str]] = []
    occurs_groups = 0
    maps = [s for s in module.symbols if s.kind == "map"]
    for map_symbol in maps:
        operands = {**mapset, **{k: v for k, v in map_symbol.attributes.items() if k in ("dsatts", "extatt", "tioapfx")}}
        suffixes = extended_suffixes(operands)
        prefix = str(operands.get("tioapfx", "YES")).upper() != "NO"
        fields = [s for s in module.symbols if s.kind == "field" and s.name and s.attributes.get("map") == map_symbol.name
                  and isinstance(s.attributes.get("length"), int) and s.attributes["length"] > 0]
        name, at = map_symbol.name, map_symbol.line
        if mode in ("IN", "INOUT"):
            lines.append((at, f"01  {name}I."))
            if prefix:
                lines.append((at, f"    02  FILLER PIC X({TIOA_PREFIX})."))
            for field in fields:
                lines.extend(input_entries(field, suffixes))
        if mode != "IN":
            lines.append((at, f"01  {name}O REDEFINES {name}I." if mode == "INOUT" else f"01  {name}O."))
            if prefix:
                lines.append((at, f"    02  FILLER PIC X({TIOA_PREFIX})."))
            for field in fields:
                if occurrences(field) > 1:
                    occurs_groups += 1
                lines.extend(output_entries(field, suffixes, mode == "INOUT", occurs_groups))
    return lines


def extended_suffixes(operands: dict[str, Any]) -> list[str]:
    """The suffixes of the extended attribute bytes a field has in the symbolic map (DSATTS and EXTATT=YES)."""
    dsatts = operands.get("dsatts")
    wanted = {str(a).upper() for a in (dsatts if isinstance(dsatts, list) else [dsatts])} if isinstance(dsatts, list | str) else set()
    if str(operands.get("extatt", "NO")).upper() == "YES":
        wanted |= EXTATT_YES
    return [suffix for attribute, suffix in EXTENDED_ATTRIBUTES if attribute in wanted]


def occurrences(field: Symbol) -> int:
    occurs = field.attributes.get("occurs")
    return occurs if isinstance(occurs, int) and occurs > 1 else 1


def picture(field: Symbol, key: str) -> str:
    """PICIN/PICOUT as written, else X(LENGTH)."""
    value = field.attributes.get(key)
    return str(value) if isinstance(value, str | int) and str(value).strip() else f"X({field.attributes['length']})"


def input_entries(field: Symbol, suffixes: list[str]) -> list[tuple[int, str]]:
    name, at = field.name, field.line
    count = occurrences(field)
    if count > 1:
        entries = [f"    02  {name}D OCCURS {count} TIMES.", f"      03  {name}L    COMP  PIC  S9(4).", f"      03  {name}F    PICTURE X."]
        if suffixes:
            entries.append(f"      03  FILLER   PICTURE X({len(suffixes)}).")
        entries.append(f"      03  {name}I  PIC {picture(field, 'picin')}.")
    else:
        entries = [f"    02  {name}L    COMP  PIC  S9(4).", f"    02  {name}F    PICTURE X.", f"    02  FILLER REDEFINES {name}F.",
                   f"      03 {name}A    PICTURE X."]
        if suffixes:
            entries.append(f"    02  FILLER   PICTURE X({len(suffixes)}).")
        entries.append(f"    02  {name}I  PIC {picture(field, 'picin')}.")
    return [(at, entry) for entry in entries]


def output_entries(field: Symbol, suffixes: list[str], redefines_input: bool, group: int) -> list[tuple[int, str]]:
    name, at = field.name, field.line
    count = occurrences(field)
    if count > 1:
        entries = [f"    02  DFHMS{group} OCCURS {count} TIMES.", "      03  FILLER PICTURE X(2).", f"      03  {name}A    PICTURE X."]
        entries += [f"      03  {name}{suffix}    PICTURE X." for suffix in suffixes]
        entries.append(f"      03  {name}O  PIC {picture(field, 'picout')}.")
    else:
        entries = ["    02  FILLER PICTURE X(3)."] if redefines_input else ["    02  FILLER PICTURE X(2).", f"    02  {name}A    PICTURE X."]
        entries += [f"    02  {name}{suffix}    PICTURE X." for suffix in suffixes]
        entries.append(f"    02  {name}O  PIC {picture(field, 'picout')}.")
    return [(at, entry) for entry in entries]


# screens ---------------------------------------------------------------------------------------


def render_map(module: Module, map_name: str) -> list[str]:
    """The map as text rows, for documents: constants where they appear (one position after POS,
    which holds the attribute byte), named input fields as underscores, everything else blank."""
    wanted = map_name.upper()
    found = [s for s in module.symbols if s.kind == "map" and s.name == wanted]
    if not found:
        raise KeyError(f"mapset {module.name} has no map {wanted}")
    rows, cols = pair(found[0].attributes.get("size")) or DEFAULT_SIZE
    screen = [" "] * (rows * cols)
    for symbol in module.symbols:
        if symbol.kind == "field" and symbol.attributes.get("map") == wanted:
            place_field(screen, cols, symbol)
    return ["".join(screen[row * cols:(row + 1) * cols]) for row in range(rows)]


def place_field(screen: list[str], cols: int, symbol: Symbol) -> None:
    attributes = symbol.attributes
    pos = attributes.get("pos")
    if not pos:
        return
    length = attributes.get("length") or 0
    text = attributes.get("initial")
    if text is None:
        text = "_" * length if symbol.name and "UNPROT" in attributes.get("attrb", []) else ""
    text = "".join(c if c.isprintable() else "." for c in text[:length])
    occurs = attributes.get("occurs") if isinstance(attributes.get("occurs"), int) else 1
    start = (pos[0] - 1) * cols + pos[1] - 1
    for occurrence in range(max(occurs, 1)):
        attribute_byte = start + occurrence * (length + 1)
        if 0 <= attribute_byte < len(screen):
            screen[attribute_byte] = " "
        for offset, char in enumerate(text.ljust(length)):
            index = attribute_byte + 1 + offset
            if 0 <= index < len(screen):
                screen[index] = char
