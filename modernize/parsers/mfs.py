"""IMS MFS: the Message Format Service source that describes an IMS/DC program's 3270 screens.

An IMS transaction's screen is no BMS map but an MFS format: ``FMT`` opens it, ``DEV TYPE=(3270,2)``
says the terminal, ``DPAGE`` a page, ``DFLD`` a device field (``POS=(row,col)`` of its first data
character, ``LTH=``, ``ATTR=(PROT,NUM,MOD,HI,NODISP)``, or a literal), ``FMTEND`` closes it; ``MSG
TYPE=INPUT|OUTPUT`` with ``SEG``/``MFLD`` describe the messages (MID/MOD) the program reads and
inserts, mapped onto the format by ``SOR=``. The macros are assembler statements like BMS's, so the
statement reader is BMS's too; the facts are shaped as a BMS mapset (a map per format or labelled
page, fields with the attribute byte's position and BMS attribute words), so the screen drawing,
pages and documents serve both. The parser never raises.
"""

from __future__ import annotations

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
)
from modernize.parsers import ParseContext, ParseResult
from modernize.parsers._text import split_top
from modernize.parsers.bms import Statement, operand_value, pair, read_statements, unquote

# Listing control and the ends of blocks: nothing to draw.
IGNORED = {"PRINT", "PUNCH", "END", "TITLE", "EJECT", "SPACE", "ISEQ", "FMTEND", "MSGEND", "DIV", "SEG", "LPAGE", "PASSWORD",
           "COPY", "RCD", "DO", "ENDDO", "ALPHA", "TABLE", "IF", "TABLEEND", "EQU", "STACK", "UNSTACK", "RELSE", "PPAGE"}
# DEV TYPE= -> rows and columns of the screen (3270 model 2 is 24 x 80; 3270-An names a size too).
MODELS = {"1": (12, 40), "2": (24, 80), "3": (32, 80), "4": (43, 80), "5": (27, 132)}
# MFS ATTR= words -> the BMS attribute words the screen drawing reads.
ATTRIBUTES = {"PROT": "PROT", "NUM": "NUM", "HI": "BRT", "NODISP": "DRK", "MOD": "FSET", "NORM": "NORM", "CURSOR": "IC"}


class FormatBuilder:
    """Walks the statements of one MFS source: a mapset per FMT, a message symbol per MSG."""

    def __init__(self, path: str, stem: str):
        self.path = path
        self.stem = stem
        self.modules: list[Module] = []
        self.messages: list[Symbol] = []
        self.diagnostics: list[Diagnostic] = []
        self.module: Module | None = None
        self.map_symbol: Symbol | None = None
        self.size = MODELS["2"]

    def warn(self, code: str, message: str, line: int) -> None:
        self.diagnostics.append(Diagnostic("warning", code, message, self.path, line))

    def build(self, statements: list[Statement]) -> list[Module]:
        for statement in statements:
            handler = {"FMT": self.format, "DEV": self.device, "DPAGE": self.page, "DFLD": self.field, "MSG": self.message,
                       "MFLD": self.message_field, "FMTEND": self.close}.get(statement.opcode)
            if handler:
                handler(statement)
            elif statement.opcode not in IGNORED:
                self.warn("mfs-unknown-statement", f"statement {statement.opcode or statement.label} skipped", statement.line)
            if self.module is not None:
                self.module.end_line = statement.end_line
        self.close(None)
        if self.modules and self.messages:
            self.modules[0].symbols.extend(self.messages)
        return self.modules

    def format(self, statement: Statement) -> None:
        self.close(None)
        name = statement.label or self.stem
        if not statement.label:
            self.warn("mfs-no-name", f"FMT without a label; format named {self.stem} after the file", statement.line)
        self.module = Module(name=name, kind=ModuleKind.MAPSET, language="mfs", path=self.path, line=statement.line,
                             end_line=statement.end_line, attributes={"format": name})
        self.map_symbol = None
        self.size = MODELS["2"]

    def close(self, statement: Statement | None) -> None:
        if self.module is None:
            return
        kinds = [s.kind for s in self.module.symbols]
        self.module.metrics = {"lines": (self.module.end_line or 0) - (self.module.line or 0) + 1, "maps": kinds.count("map"),
                               "fields": kinds.count("field")}
        self.modules.append(self.module)
        self.module = None

    def device(self, statement: Statement) -> None:
        operands = operands_of(statement)
        kind = operands.get("type")
        model = str(kind[-1]) if isinstance(kind, list) and kind else str(kind or "")
        self.size = MODELS.get(model.rsplit("-", 1)[-1].lstrip("A"), MODELS["2"])

    def page(self, statement: Statement) -> None:
        """A labelled DPAGE is a screen of its own; an unlabelled one is the format's only page."""
        if self.module is None:
            self.warn("mfs-no-format", "DPAGE outside a FMT skipped", statement.line)
            return
        self.new_map(statement.label or self.module.name, statement)

    def new_map(self, name: str, statement: Statement) -> Symbol:
        assert self.module is not None
        symbol = Symbol(name, "map", statement.line, statement.end_line, self.path, {"size": list(self.size)})
        self.module.symbols.append(symbol)
        self.module.references.append(Reference(ReferenceKind.CONTAINS, name, NodeKind.SCREEN, Mechanism.BMS, statement.line, self.path))
        self.map_symbol = symbol
        return symbol

    def field(self, statement: Statement) -> None:
        if self.module is None:
            self.warn("mfs-no-format", "DFLD outside a FMT skipped", statement.line)
            return
        map_symbol = self.map_symbol or self.new_map(self.module.name, statement)
        map_symbol.end_line = statement.end_line
        operands = operands_of(statement)
        literal = operands.pop("", None)
        initial = literal if isinstance(literal, str) else None
        length = operands.get("lth")
        if not isinstance(length, int):
            length = len(initial) if initial is not None else 0
            if initial is None:
                self.warn("mfs-no-length", f"field {statement.label or '(unnamed)'} has neither LTH nor a literal", statement.line)
        pos = pair(operands.get("pos"))
        if operands.get("pos") is not None and pos is None:
            self.warn("mfs-operand", f"field POS={operands['pos']!r} is not (row,column)", statement.line)
        attr = operands.get("attr", [])
        words = [ATTRIBUTES[w] for w in (attr if isinstance(attr, list) else [attr]) if isinstance(w, str) and w in ATTRIBUTES]
        if initial is not None and "PROT" not in words:
            words.append("PROT")  # a literal is protected whatever ATTR says
        if "PROT" not in words:
            words.append("UNPROT")
        attributes: dict[str, Any] = {"map": map_symbol.name, "pos": [pos[0], pos[1] - 1] if pos else None, "length": length,
                                      "attrb": words, "initial": initial, "mfs_attr": attr}
        self.module.symbols.append(Symbol(statement.label, "field", statement.line, None, self.path, attributes))

    def message(self, statement: Statement) -> None:
        operands = operands_of(statement)
        sor = operands.get("sor")
        attributes = {"type": operands.get("type", ""), "format": sor[0] if isinstance(sor, list) and sor else sor or "",
                      "next": operands.get("nxt", ""), "fields": []}
        self.messages.append(Symbol(statement.label, "message", statement.line, statement.end_line, self.path, attributes))

    def message_field(self, statement: Statement) -> None:
        if not self.messages:
            self.warn("mfs-no-message", "MFLD outside a MSG skipped", statement.line)
            return
        operands = operands_of(statement)
        source = operands.pop("", None)
        name, literal = (str(source[0]), str(source[1]) if len(source) > 1 else None) if isinstance(source, list) else (str(source or ""), None)
        self.messages[-1].attributes["fields"].append({"field": name, "literal": literal, "length": operands.get("lth"), "line": statement.line})
        self.messages[-1].end_line = statement.end_line


def operands_of(statement: Statement) -> dict[str, Any]:
    """KEY=VALUE operands by lower-cased key; the positional operand (a DFLD's literal, an MFLD's
    device field or ``(PF,'literal')``) under the key ''."""
    operands: dict[str, Any] = {}
    for part in split_top(statement.operands):
        text = part.strip()
        if not text:
            continue
        if text.startswith("'"):
            operands.setdefault("", unquote(text))
            continue
        key, sep, value = text.partition("=")
        if not sep:
            operands.setdefault("", operand_value(text))
            continue
        parsed = operand_value(value)
        operands[key.strip().lower()] = parsed if key.strip().lower() != "attr" or isinstance(parsed, list) else [parsed]
    return operands


def parse(source: SourceFile, text: str, context: ParseContext) -> ParseResult:
    """Facts for the formats of one MFS source file."""
    diagnostics: list[Diagnostic] = []
    statements = read_statements(without_line_numbers(text), source.path, diagnostics)
    builder = FormatBuilder(source.path, source.member)
    modules = builder.build(statements)
    diagnostics = sorted(diagnostics + builder.diagnostics, key=Diagnostic.sort_key)
    if not modules:  # not MFS at all: one line, not one per statement
        return ParseResult(diagnostics=[Diagnostic("warning", "mfs-no-format", "no MFS format (FMT) found; file skipped", source.path, None)])
    modules[0].diagnostics = diagnostics
    return ParseResult(modules=modules)


def without_line_numbers(text: str) -> str:
    """A listing printed with ' 000001 ' before every line (an editor's print of the member) as the
    member itself."""
    lines = text.split("\n")
    numbered = [line for line in lines if line.strip()]
    if numbered and all(len(line) > 8 and line[0] == " " and line[1:7].isdigit() and line[7] == " " for line in numbered):
        return "\n".join(line[8:] for line in lines)
    return text
