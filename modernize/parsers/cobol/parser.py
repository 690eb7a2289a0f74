"""Recursive-descent COBOL parser with error recovery.

Covers the four divisions, nested and sibling programs, data description entries, FILE-CONTROL,
sections, paragraphs and every statement at least by its boundaries; the statements later stages
need (PERFORM, GO TO, ALTER, CALL, IF, EVALUATE, MOVE, arithmetic, file verbs, SORT/MERGE, SEARCH,
STRING/UNSTRING/INSPECT, SET, EXIT/GOBACK/STOP) are parsed into structured arguments.

Error recovery: a token that cannot start a statement becomes a diagnostic and the parser skips
to the next verb, period or paragraph header, so the rest of the program's facts stay intact.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from modernize.model import Diagnostic
from modernize.parsers.cobol.ast import (
    DataEntry,
    FileControl,
    FileDescription,
    Paragraph,
    Program,
    Stmt,
    appended,
)
from modernize.parsers.cobol.lexer import (
    EXEC,
    ID_PARAGRAPHS,
    NUMBER,
    OP,
    PERIOD,
    PICTURE,
    STRING,
    WORD,
    Token,
    literal_value,
)
from modernize.parsers.cobol.source import CodeLine

VERBS = frozenset(
    ["ACCEPT", "ADD", "ALLOCATE", "ALTER", "CALL", "CANCEL", "CLOSE", "COMMIT", "COMPUTE", "CONTINUE", "DELETE", "DISABLE", "DISPLAY", "DIVIDE", "ENABLE", "ENTRY", "EVALUATE", "EXAMINE", "EXHIBIT", "EXIT", "FREE", "GENERATE", "GO", "GOBACK", "IF", "INITIALIZE", "INITIALISE", "INITIATE", "INSPECT", "INVOKE", "JSON", "MERGE", "MOVE", "MULTIPLY", "NEXT", "OPEN", "PERFORM", "PURGE", "RAISE", "READ", "READY", "RECEIVE", "RELEASE", "RESET", "RESUME", "RETURN", "REWRITE", "ROLLBACK", "SEARCH", "SEND", "SERVICE", "SET", "SORT", "START", "STOP", "STRING", "SUBTRACT", "TERMINATE", "TRANSFORM", "UNLOCK", "UNSTRING", "USE", "VALIDATE", "WRITE", "XML"]
)
DIVISIONS = frozenset(["IDENTIFICATION", "ID", "ENVIRONMENT", "DATA", "PROCEDURE"])
DATA_SECTIONS = frozenset(["FILE", "WORKING-STORAGE", "LOCAL-STORAGE", "LINKAGE", "COMMUNICATION", "REPORT", "SCREEN"])
VERB_ALIASES = {"INITIALISE": "INITIALIZE"}  # GnuCOBOL's and Micro Focus's spelling
# Clauses of a SELECT or an FD entry: a copybook may hold them without the entry's head.
ENTRY_CLAUSES = frozenset(["ASSIGN", "ORGANIZATION", "ACCESS", "FILE", "RECORD", "ALTERNATE", "STATUS", "LOCK", "RESERVE", "PADDING",
                           "LABEL", "BLOCK", "RECORDING", "DATA", "VALUE", "CODE-SET", "LINAGE", "IS", "EXTERNAL", "GLOBAL"])
USAGES = {
    "COMP": "COMP", "COMPUTATIONAL": "COMP", "BINARY": "COMP", "COMP-4": "COMP", "COMPUTATIONAL-4": "COMP",
    "COMP-5": "COMP-5", "COMPUTATIONAL-5": "COMP-5", "COMP-3": "COMP-3", "COMPUTATIONAL-3": "COMP-3",
    "PACKED-DECIMAL": "COMP-3", "COMP-1": "COMP-1", "COMPUTATIONAL-1": "COMP-1", "COMP-2": "COMP-2",
    "COMPUTATIONAL-2": "COMP-2", "DISPLAY": "DISPLAY", "DISPLAY-1": "DISPLAY-1", "NATIONAL": "NATIONAL",
    "INDEX": "INDEX", "POINTER": "POINTER", "PROCEDURE-POINTER": "PROCEDURE-POINTER",
    "FUNCTION-POINTER": "FUNCTION-POINTER", "COMP-X": "COMP-X", "COMP-6": "COMP-6", "FLOAT-SHORT": "COMP-1",
    "FLOAT-LONG": "COMP-2", "OBJECT": "POINTER",
    # GnuCOBOL's (and the 2002 standard's) fixed-size native binary: 1, 2, 4 and 8 bytes, no PICTURE
    "BINARY-CHAR": "BINARY-CHAR", "BINARY-SHORT": "BINARY-SHORT", "BINARY-LONG": "BINARY-LONG",
    "BINARY-DOUBLE": "BINARY-DOUBLE", "BINARY-C-LONG": "BINARY-DOUBLE",
}
PHRASE_WORDS = frozenset(["AT", "ON", "NOT", "INVALID", "SIZE", "OVERFLOW", "EXCEPTION", "END", "EOP", "END-OF-PAGE"])
PERFORM_OPTIONS = frozenset(["UNTIL", "VARYING", "WITH", "TEST", "FOREVER", "TIMES"])
FIGURATIVE = frozenset(
    ["ZERO", "ZEROS", "ZEROES", "SPACE", "SPACES", "HIGH-VALUE", "HIGH-VALUES", "LOW-VALUE", "LOW-VALUES", "QUOTE", "QUOTES", "NULL", "NULLS", "ALL", "TRUE", "FALSE"]
)


SCOPE_ENDS = frozenset(
    ["END-ACCEPT", "END-ADD", "END-CALL", "END-CHAIN", "END-COMPUTE", "END-DELETE", "END-DISPLAY", "END-DIVIDE", "END-EVALUATE", "END-EXEC", "END-IF", "END-INVOKE", "END-JSON", "END-MULTIPLY", "END-PERFORM", "END-READ", "END-RECEIVE", "END-RETURN", "END-REWRITE", "END-SEARCH", "END-SEND", "END-START", "END-STRING", "END-SUBTRACT", "END-UNSTRING", "END-WRITE", "END-XML"]
)


def is_scope_end(upper: str) -> bool:
    """Explicit scope terminators only: END-OF-FILE and friends are ordinary data names."""
    return upper in SCOPE_ENDS


class CobolParser:
    """Parses the tokens of one source into Programs (or, for a copybook, a fragment)."""

    def __init__(self, tokens: list[Token], token_lines: list[int], lines: list[CodeLine], path: str, free_format: bool = False):
        self.tokens = tokens
        self.token_lines = token_lines  # the line index of each token
        self.lines = lines
        self.path = path
        self.free = free_format
        self.pos = 0
        self.n = len(tokens)
        self.diagnostics: list[Diagnostic] = []
        self.section = ""

    # token helpers -----------------------------------------------------------------------------

    def up(self, offset: int = 0) -> str:
        i = self.pos + offset
        return self.tokens[i][1] if i < self.n else ""

    def kind(self, offset: int = 0) -> str:
        i = self.pos + offset
        return self.tokens[i][0] if i < self.n else ""

    def li(self, offset: int = 0) -> int:
        i = min(self.pos + offset, self.n - 1)
        return self.token_lines[i] if self.n else 0

    def where(self, li: int | None = None) -> tuple[str, int | None]:
        if not self.lines:
            return self.path, None
        line = self.lines[min(self.li() if li is None else li, len(self.lines) - 1)]
        return line.path, line.line

    def error(self, code: str, message: str, li: int | None = None, severity: str = "error") -> None:
        path, line = self.where(li)
        self.diagnostics.append(Diagnostic(severity, code, message, path, line))

    def accept(self, *words: str) -> bool:
        if self.pos < self.n and self.tokens[self.pos][1] in words and self.tokens[self.pos][0] == WORD:
            self.pos += 1
            return True
        return False

    def skip_period(self) -> None:
        if self.pos < self.n and self.tokens[self.pos][0] == PERIOD:
            self.pos += 1

    def skip_to_period(self) -> list[Token]:
        start = self.pos
        while self.pos < self.n and self.tokens[self.pos][0] != PERIOD:
            if self.at_division() or self.at_end_program():
                return self.tokens[start : self.pos]
            self.pos += 1
        taken = self.tokens[start : self.pos]
        self.skip_period()
        return taken

    def first_on_line(self, i: int) -> bool:
        return i == 0 or self.token_lines[i - 1] != self.token_lines[i]

    def at_division(self) -> bool:
        return self.up() in DIVISIONS and self.up(1) == "DIVISION"

    def at_end_program(self) -> bool:
        return self.up() == "END" and self.up(1) in ("PROGRAM", "FUNCTION", "CLASS", "METHOD")

    def at_program_start(self) -> bool:
        return (self.up() in ("IDENTIFICATION", "ID") and self.up(1) == "DIVISION") or (
            self.up() == "PROGRAM-ID" and self.kind() == WORD
        )

    # compilation unit --------------------------------------------------------------------------

    def parse_unit(self) -> list[Program]:
        """All programs of the file, in order (nested ones inside their parents)."""
        programs: list[Program] = []
        while self.pos < self.n:
            if self.at_program_start():
                programs.append(self.parse_program())
                continue
            if self.at_division() and self.up() != "IDENTIFICATION" and self.up() != "ID":
                # A division without IDENTIFICATION DIVISION (a damaged extract, or programs glued
                # together): one error, and the code is still analysed as a program of its own.
                li = self.li()
                path, line = self.where(li)
                self.error("cobol-syntax", f"{self.up()} DIVISION without IDENTIFICATION DIVISION; analysed as program UNNAMED{line}", li)
                programs.append(self.parse_program(f"UNNAMED{line}"))
                continue
            if not programs:
                self.error("cobol-syntax", f"unexpected {self.tokens[self.pos][2]!r} before IDENTIFICATION DIVISION")
            else:
                self.error("cobol-syntax", f"unexpected {self.tokens[self.pos][2]!r} after END PROGRAM")
            self.skip_past()
        return programs

    def skip_past(self) -> None:
        """Skip to the next period, always moving at least one token (no loop can stall)."""
        start = self.pos
        self.skip_to_period()
        if self.pos == start:
            self.pos += 1

    def parse_program(self, name: str = "") -> Program:
        start_li = self.li()
        if self.up() in ("IDENTIFICATION", "ID"):
            self.pos += 2
            self.skip_period()
        program = Program(name=name, li=start_li)
        self.parse_identification(program)
        if not program.name:
            self.error("cobol-syntax", "program has no PROGRAM-ID", start_li)
        if self.up() == "ENVIRONMENT" and self.up(1) == "DIVISION":
            self.pos += 2
            self.skip_period()
            self.parse_environment(program)
        if self.up() == "DATA" and self.up(1) == "DIVISION":
            self.pos += 2
            self.skip_period()
            self.parse_data_division(program)
        if self.up() == "PROCEDURE" and self.up(1) == "DIVISION":
            self.parse_procedure_division(program)
        while self.pos < self.n and self.at_program_start():
            program.nested.append(self.parse_program())
            if self.up() == "PROCEDURE" and self.up(1) == "DIVISION":
                break
        if self.at_end_program():
            end_li = self.li()
            self.pos += 2
            name_token = self.tokens[self.pos] if self.pos < self.n else None
            if name_token and name_token[0] in (WORD, STRING):
                name = literal_value(name_token[2]) if name_token[0] == STRING else name_token[1]
                if program.name and name.upper() != program.name.upper():
                    self.error("cobol-syntax", f"END PROGRAM {name} does not match PROGRAM-ID {program.name}", severity="warning")
                self.pos += 1
            self.skip_period()
            program.end_li = end_li
        else:
            program.end_li = self.li(-1) if self.pos else start_li
        return program

    def parse_identification(self, program: Program) -> None:
        while self.pos < self.n and not self.at_division() and not self.at_end_program():
            word = self.up()
            if word == "PROGRAM-ID" or word == "FUNCTION-ID":
                self.pos += 1
                self.skip_period()
                token = self.tokens[self.pos] if self.pos < self.n else None
                if token is None:
                    return
                program.name = literal_value(token[2]).upper() if token[0] == STRING else token[2].upper()
                self.pos += 1
                while self.pos < self.n and self.kind() != PERIOD and not self.at_division():
                    if self.first_on_line(self.pos) and self.up() in ID_PARAGRAPHS:
                        break
                    if self.kind() == WORD and self.up() not in ("IS", "PROGRAM", "AS"):
                        program.attributes.append(self.up())
                    self.pos += 1
                self.skip_period()
            elif word in ID_PARAGRAPHS:
                self.pos += 1
                self.skip_period()
                start = self.pos
                # Comment entries run to the next paragraph or division, whatever they contain.
                while self.pos < self.n and not self.at_division():
                    if self.first_on_line(self.pos) and self.up() in ID_PARAGRAPHS:
                        break
                    self.pos += 1
                program.identification[word] = self.comment_entry(word, start, self.pos)
            else:
                self.error("cobol-syntax", f"unexpected {self.tokens[self.pos][2]!r} in IDENTIFICATION DIVISION", severity="warning")
                self.skip_to_period()

    def parse_copybook(self, name: str) -> Program:
        """A copybook: data entries, procedure code (paragraphs or bare statements), or both."""
        program = Program(name=name, li=0)
        self.parse_entry_fragments(program)
        if self.pos < self.n and self.kind() in (NUMBER, EXEC) or self.up() in DATA_SECTIONS or self.up() in ("FD", "SD"):
            self.section = "COPYBOOK"
            self.parse_data_division(program)
        if self.up() == "PROCEDURE" and self.up(1) == "DIVISION":
            self.parse_procedure_division(program)
        elif self.pos < self.n:
            program.has_procedure = True
            self.parse_procedure_body(program)
        program.end_li = self.token_lines[-1] if self.tokens else 0
        return program

    def parse_entry_fragments(self, program: Program) -> None:
        """What a copybook may hold before its data entries, as real libraries do: SELECT entries
        (a FILE-CONTROL member), or the clauses of a SELECT or FD entry whose head is in the program
        (``LABEL RECORDS ARE STANDARD.``, ``ORGANIZATION IS INDEXED ...``)."""
        while self.pos < self.n:
            word = self.up()
            if word == "SELECT":
                self.parse_select(program)
            elif word in ENTRY_CLAUSES and (word not in ("FILE", "DATA") or self.up(1) in ("STATUS", "RECORD", "RECORDS")):
                self.skip_to_period()
            else:
                return

    def comment_entry(self, keyword: str, start: int, stop: int) -> str:
        """The free text of AUTHOR, INSTALLATION, DATE-WRITTEN…, as written (not as tokens)."""
        if start >= stop:
            return ""
        first, last = self.token_lines[start], self.token_lines[stop - 1]
        texts = [self.lines[i].text.strip() for i in range(first, last + 1)]
        head = texts[0]
        marker = head.upper().find(keyword)
        if marker >= 0:
            head = head[marker + len(keyword) :].lstrip().removeprefix(".").lstrip()
        texts[0] = head
        return " ".join(t for t in texts if t).rstrip(" .")

    # environment -------------------------------------------------------------------------------

    def parse_environment(self, program: Program) -> None:
        while self.pos < self.n and not self.at_division() and not self.at_end_program() and not self.at_program_start():
            word = self.up()
            if word in ("CONFIGURATION", "INPUT-OUTPUT") and self.up(1) == "SECTION":
                self.pos += 2
                self.skip_period()
            elif word == "FILE-CONTROL" or word == "I-O-CONTROL":
                self.pos += 1
                self.skip_period()
            elif word == "SELECT":
                self.parse_select(program)
            elif word in ("SPECIAL-NAMES", "SOURCE-COMPUTER", "OBJECT-COMPUTER"):
                # The paragraph and its sentence. DECIMAL-POINT IS COMMA the lexer has seen already;
                # WITH DEBUGGING MODE changes nothing here (D lines stay comments).
                self.pos += 1
                self.skip_period()
                self.skip_to_period()
            else:
                self.skip_to_period()

    def parse_select(self, program: Program) -> None:
        li = self.li()
        self.pos += 1
        self.accept("OPTIONAL")
        if self.pos >= self.n:
            return
        control = FileControl(name=self.tokens[self.pos][1], li=li)
        self.pos += 1
        words = self.skip_to_period()
        i = 0
        while i < len(words):
            w = words[i][1]
            if w == "ASSIGN":
                i += 1
                while i < len(words) and words[i][1] in ("TO", "USING", "DYNAMIC", "EXTERNAL", "DISK", "PRINTER"):
                    if words[i][1] in ("DISK", "PRINTER") and i + 1 < len(words) and words[i + 1][1] in ("ORGANIZATION", "ACCESS", "FILE", "RECORD", "STATUS"):
                        break
                    i += 1
                if i < len(words):
                    token = words[i]
                    control.assign = literal_value(token[2]) if token[0] == STRING else token[2]
                    control.ddname = ddname_of(control.assign, token[0] == STRING)
            elif w == "ORGANIZATION":
                rest = [t[1] for t in words[i + 1 : i + 4] if t[1] != "IS"]
                if rest:
                    control.organization = "LINE SEQUENTIAL" if rest[0] == "LINE" else rest[0]
            elif w in ("INDEXED", "RELATIVE") and (i == 0 or words[i - 1][1] in ("IS", "ORGANIZATION")):
                control.organization = w
            elif w == "ACCESS":
                rest = [t[1] for t in words[i + 1 : i + 4] if t[1] not in ("IS", "MODE")]
                if rest:
                    control.access = rest[0]
            elif w == "RECORD" and i + 1 < len(words) and words[i + 1][1] in ("KEY", "IS"):
                key = [t[2] for t in words[i + 1 : i + 4] if t[1] not in ("KEY", "IS")]
                if key and i > 0 and words[i - 1][1] == "ALTERNATE":
                    clause = []
                    for token in words[i + 2 : i + 8]:
                        if token[1] in ("ALTERNATE", "FILE", "ACCESS", "ORGANIZATION", "RECORD", "LOCK", "PASSWORD"):
                            break
                        clause.append(token[1])
                    control.alternate_keys.append((key[0].upper(), "DUPLICATES" in clause))
                elif key:
                    control.record_key = key[0].upper()
            elif w == "STATUS":
                key = [t[2] for t in words[i + 1 : i + 3] if t[1] != "IS"]
                if key:
                    control.status = key[0].upper()
            i += 1
        program.files.append(control)

    # data division -----------------------------------------------------------------------------

    def parse_data_division(self, program: Program) -> None:
        stack: list[DataEntry] = []
        current_fd: FileDescription | None = None
        tokens = self.tokens
        while self.pos < self.n:
            kind, word = tokens[self.pos][0], tokens[self.pos][1]
            if (word in DIVISIONS or word == "END" or word == "PROGRAM-ID") and (
                    self.at_division() or self.at_end_program() or self.at_program_start()):
                break
            if kind == WORD and word in DATA_SECTIONS and self.up(1) == "SECTION":
                self.section = word
                self.pos += 2
                self.skip_period()
                stack = []
                current_fd = None
                continue
            if kind == WORD and word in ("FD", "SD", "RD", "CD"):
                li = self.li()
                self.pos += 1
                name = self.up()
                self.pos += 1
                clauses = self.skip_to_period()
                current_fd = FileDescription(name=name, li=li, kind=word)
                for j, t in enumerate(clauses):
                    if t[1] == "RECORDING" and j + 1 < len(clauses):
                        mode = [c[1] for c in clauses[j + 1 : j + 4] if c[1] not in ("MODE", "IS")]
                        current_fd.recording_mode = mode[0] if mode else None
                program.fds.append(current_fd)
                stack = []
                continue
            if kind == NUMBER and word.isdigit():
                entry = self.parse_data_entry()
                if entry is None:
                    continue
                self.place_entry(program, entry, stack, current_fd)
                continue
            if kind == EXEC:
                program.exec_blocks.append((self.token_lines[self.pos], self.tokens[self.pos][2]))
                self.pos += 1
                self.skip_period()
                continue
            if kind == WORD and self.first_on_line(self.pos) and (
                self.at_statement_start() or self.at_paragraph_header() or word == "DECLARATIVES" or self.up(1) == "SECTION"
            ):
                # Procedure code without a PROCEDURE DIVISION header: the header is usually in a
                # copybook that could not be found (in a copybook itself this is normal).
                if self.section != "COPYBOOK":
                    self.error(
                        "procedure-without-header",
                        f"procedure code ({self.tokens[self.pos][2]}) where data was expected; "
                        "the PROCEDURE DIVISION header is probably in a missing copybook",
                        severity="warning",
                    )
                program.has_procedure = True
                self.parse_procedure_body(program)
                return
            self.error("cobol-syntax", f"unexpected {self.tokens[self.pos][2]!r} in DATA DIVISION")
            self.skip_past()

    def place_entry(self, program: Program, entry: DataEntry, stack: list[DataEntry], fd: FileDescription | None) -> None:
        """Attach an entry to its parent by level number (01/77 start a new record)."""
        if entry.level == 88:
            target = stack[-1] if stack else None
            if target is not None:
                entry.parent = target
                target.conditions = appended(target.conditions, entry)
            return
        if entry.level in (1, 77, 78) or entry.level == 66 or not stack:
            if entry.level == 66:
                entry.parent = None
            stack.clear()
            if fd is not None and entry.level == 1:
                fd.records.append(entry.name)
                entry.file = fd.name
            program.data.append(entry)
            if entry.level not in (66, 78):
                stack.append(entry)
            return
        while stack and stack[-1].level >= entry.level:
            stack.pop()
        if not stack:
            program.data.append(entry)
        else:
            entry.parent = stack[-1]
            stack[-1].children = appended(stack[-1].children, entry)
        stack.append(entry)

    def parse_data_entry(self) -> DataEntry | None:
        tokens, n = self.tokens, self.n
        head = tokens[self.pos]  # the level number (the caller saw it)
        li, level = self.token_lines[self.pos], int(head[1])
        self.pos += 1
        if level > 49 and level not in (66, 77, 78, 88):
            self.error("cobol-syntax", f"invalid level number {level:02d}")
            self.skip_to_period()
            return None
        name = "FILLER"
        if self.pos < n and tokens[self.pos][0] == WORD and (tokens[self.pos][1] not in CLAUSE_WORDS or tokens[self.pos][1] == "FILLER"):
            name = tokens[self.pos][2].upper()
            self.pos += 1
        entry = DataEntry(level, name, li, self.section)
        while self.pos < n:
            kind, word = tokens[self.pos][0], tokens[self.pos][1]
            if kind == PERIOD:
                break
            if kind == NUMBER and self.first_on_line(self.pos) and word.isdigit() and int(word) <= 88:
                # Missing period: the next entry starts here.
                self.error("cobol-syntax", f"data entry {name} not closed by a period", severity="warning")
                return entry
            if (word in DIVISIONS and self.up(1) == "DIVISION") or (word in DATA_SECTIONS and self.up(1) == "SECTION"):
                return entry
            self.parse_clause(entry)
        self.skip_period()
        return entry

    def parse_clause(self, entry: DataEntry) -> None:
        kind, word = self.tokens[self.pos][0], self.tokens[self.pos][1]
        self.pos += 1
        if word in ("PIC", "PICTURE"):
            if self.pos < self.n and self.tokens[self.pos][0] == PICTURE:
                entry.picture = self.tokens[self.pos][1]
                self.pos += 1
        elif word == "USAGE":
            self.accept("IS")
            if self.up() in USAGES:
                entry.usage = USAGES[self.up()]
                self.pos += 1
        elif word in USAGES and kind == WORD:
            entry.usage = USAGES[word]
            if word == "NATIONAL" or word == "DISPLAY":
                self.accept("SIGN")
        elif word in ("VALUE", "VALUES"):
            self.accept("IS", "ARE")
            while self.pos < self.n and self.kind() != PERIOD:
                k, u, text = self.tokens[self.pos][:3]
                if k == WORD and u in CLAUSE_WORDS and u not in ("ALL", "THRU", "THROUGH"):
                    break
                if k in (STRING, NUMBER):
                    entry.values = appended(entry.values, literal_value(text) if k == STRING else text)
                elif k == WORD and u in ("THRU", "THROUGH"):
                    entry.values = appended(entry.values, "THRU")
                elif k == WORD and u in FIGURATIVE:
                    entry.values = appended(entry.values, u)
                elif k == OP and text in "+-" and self.pos + 1 < self.n and self.tokens[self.pos + 1][0] == NUMBER:
                    self.pos += 1
                    entry.values = appended(entry.values, text + self.tokens[self.pos][2])
                elif k == WORD and u not in ("IS", "ARE", "FALSE", "WHEN", "SET", "TO"):
                    break
                self.pos += 1
        elif word == "REDEFINES":
            entry.redefines = self.up()
            self.pos += 1
        elif word == "OCCURS":
            first = self.int_token()
            entry.occurs_min = entry.occurs_max = first
            if self.accept("TO"):
                entry.occurs_max = self.int_token()
            self.accept("TIMES")
            while self.pos < self.n and self.kind() != PERIOD:
                u = self.up()
                if u == "DEPENDING":
                    self.pos += 1
                    self.accept("ON")
                    entry.depending_on = self.up()
                    self.pos += 1
                elif u == "INDEXED":
                    self.pos += 1
                    self.accept("BY")
                    while self.kind() == WORD and self.up() not in CLAUSE_WORDS:
                        entry.indexed_by = appended(entry.indexed_by, self.up())
                        self.pos += 1
                elif u in ("ASCENDING", "DESCENDING", "KEY", "IS"):
                    self.pos += 1
                    while self.kind() == WORD and self.up() not in CLAUSE_WORDS:
                        self.pos += 1
                else:
                    break
        elif word == "SIGN":
            self.accept("IS")
            if self.up() in ("LEADING", "TRAILING"):
                entry.sign = self.up()
                self.pos += 1
            if self.accept("SEPARATE"):
                entry.sign_separate = True
                self.accept("CHARACTER")
        elif word in ("LEADING", "TRAILING"):
            entry.sign = word
            if self.accept("SEPARATE"):
                entry.sign_separate = True
                self.accept("CHARACTER")
        elif word in ("JUSTIFIED", "JUST"):
            self.accept("RIGHT")
        elif word == "BLANK":
            self.accept("WHEN")
            self.accept("ZERO", "ZEROS", "ZEROES")
        elif word in ("SYNCHRONIZED", "SYNC"):
            self.accept("LEFT", "RIGHT")
        elif word == "RENAMES":
            first = self.up()
            self.pos += 1
            thru = None
            if self.accept("THRU", "THROUGH"):
                thru = self.up()
                self.pos += 1
            entry.renames = (first, thru)
        # Anything else (Report Writer, screen clauses, GROUP-USAGE, DYNAMIC LENGTH…) is tolerated.

    def int_token(self) -> int:
        if self.kind() == NUMBER:
            text = self.up()
            self.pos += 1
            try:
                return int(float(text.replace(",", ".")))
            except ValueError:
                return 1
        if self.kind() == WORD:
            self.pos += 1  # OCCURS with a non-numeric count: tolerated
        return 1

    # procedure division ------------------------------------------------------------------------

    def parse_procedure_division(self, program: Program) -> None:
        program.has_procedure = True
        self.pos += 2
        if self.accept("USING"):
            while self.pos < self.n and self.kind() != PERIOD:
                if self.kind() == WORD and self.up() not in ("BY", "REFERENCE", "VALUE", "CONTENT", "RETURNING", "OPTIONAL"):
                    program.using.append(self.up())
                if self.up() == "RETURNING":
                    break
                self.pos += 1
        if self.accept("RETURNING"):
            program.returning = self.up()
            self.pos += 1
        self.skip_to_period()
        self.parse_procedure_body(program)

    def parse_procedure_body(self, program: Program) -> None:
        """Sections, paragraphs and sentences up to the end of the program."""
        section: str | None = None
        paragraph: Paragraph | None = None
        declarative = False
        while self.pos < self.n:
            if self.at_program_start() or self.at_end_program() or self.at_division():
                break
            kind, word = self.kind(), self.up()
            if word == "DECLARATIVES" and self.kind(1) == PERIOD:
                declarative = True
                self.pos += 2
                continue
            if word == "END" and self.up(1) == "DECLARATIVES":
                declarative = False
                section = None
                paragraph = None
                self.pos += 2
                self.skip_period()
                continue
            if kind in (WORD, NUMBER) and self.up(1) == "SECTION" and word not in VERBS:
                li = self.li()
                name = self.tokens[self.pos][2].upper()
                self.pos += 2
                self.skip_to_period()
                section = name
                paragraph = Paragraph(name, li, section=name, is_section=True, declarative=declarative)
                program.paragraphs.append(paragraph)
                continue
            if self.at_paragraph_header():
                li = self.li()
                name = self.tokens[self.pos][2].upper()
                self.pos += 2
                paragraph = Paragraph(name, li, section=section, declarative=declarative)
                program.paragraphs.append(paragraph)
                continue
            if paragraph is None:
                paragraph = Paragraph("", self.li(), section=section)
                program.paragraphs.append(paragraph)
            statements = self.parse_statements()
            paragraph.statements.extend(statements)
            if self.pos < self.n and self.kind() == PERIOD:
                self.pos += 1
            elif self.pos < self.n and not statements:
                if self.at_program_start() or self.at_end_program() or self.at_division() or self.at_paragraph_header():
                    continue
                token = self.tokens[self.pos]
                if token[0] == WORD and is_scope_end(token[1]):
                    # A scope terminator with nothing open (a period closed the statement before it):
                    # the compiler discards it with a warning; it is not a paragraph.
                    self.error("cobol-syntax", f"{token[2]} closes no open statement (a period ended it earlier); ignored", severity="warning")
                    self.pos += 1
                    continue
                self.error("cobol-syntax", f"unexpected {token[2]!r}; skipped to the next statement")
                self.recover()
        for i, para in enumerate(program.paragraphs):
            following = program.paragraphs[i + 1].li if i + 1 < len(program.paragraphs) else None
            para.end_li = (following - 1) if following is not None and following > para.li else self.last_li(para)

    def last_li(self, paragraph: Paragraph) -> int:
        last = paragraph.li
        for stmt in paragraph.statements:
            for s in stmt.walk():
                last = max(last, s.end_li or s.li)
        return last

    def at_paragraph_header(self) -> bool:
        if self.pos + 1 >= self.n or self.tokens[self.pos + 1][0] != PERIOD:
            return False
        kind, word = self.kind(), self.up()
        if kind not in (WORD, NUMBER) or word in VERBS or word in ("END", "DECLARATIVES") or is_scope_end(word):
            return False
        if not self.first_on_line(self.pos):
            return self.pos > 0 and self.tokens[self.pos - 1][0] == PERIOD
        return True

    def recover(self) -> None:
        """Skip to the next verb, period or paragraph header after an unexpected token."""
        self.pos += 1
        while self.pos < self.n:
            kind, word = self.kind(), self.up()
            if kind == PERIOD:
                self.pos += 1
                return
            if kind == EXEC or (kind == WORD and word in VERBS) or self.at_paragraph_header():
                return
            if self.at_program_start() or self.at_end_program() or self.at_division():
                return
            self.pos += 1

    # statements --------------------------------------------------------------------------------

    def at_statement_start(self) -> bool:
        kind = self.kind()
        if kind == EXEC:
            return True
        if kind != WORD:
            return False
        word = self.up()
        if word not in VERBS:
            return False
        if word == "NEXT":
            return self.up(1) == "SENTENCE"
        return True

    def at_phrase(self) -> bool:
        """A conditional phrase that introduces nested statements (AT END, INVALID KEY, ON SIZE ERROR…)."""
        word = self.up()
        if word not in PHRASE_WORDS or self.kind() != WORD:
            return False
        nxt = self.up(1)
        if word == "NOT":
            return nxt in ("AT", "END", "INVALID", "ON", "SIZE", "OVERFLOW", "EXCEPTION", "EOP", "END-OF-PAGE")
        if word == "AT":
            return nxt in ("END", "EOP", "END-OF-PAGE")
        if word == "ON":
            return nxt in ("SIZE", "OVERFLOW", "EXCEPTION")
        if word == "SIZE":
            return nxt == "ERROR"
        if word == "END":
            return nxt not in ("PROGRAM", "DECLARATIVES", "FUNCTION", "METHOD", "CLASS")
        return True

    def at_boundary(self) -> bool:
        if self.pos >= self.n:
            return True
        kind = self.kind()
        if kind in (PERIOD, EXEC):
            return True
        if kind != WORD:
            return False
        word = self.up()
        if word in VERBS:
            return word != "NEXT" or self.up(1) == "SENTENCE"
        return word == "ELSE" or word == "WHEN" or is_scope_end(word) or (word in PHRASE_WORDS and self.at_phrase())

    def parse_statements(self) -> list[Stmt]:
        statements: list[Stmt] = []
        tokens, n = self.tokens, self.n
        while self.pos < n:
            kind, word = tokens[self.pos][0], tokens[self.pos][1]
            # at_statement_start, written out: every statement passes here
            if kind == EXEC or (kind == WORD and word in VERBS and (word != "NEXT" or self.up(1) == "SENTENCE")):
                statements.append(self.parse_statement())
                continue
            if kind == PERIOD or word in ("ELSE", "WHEN") or is_scope_end(word) or self.at_phrase():
                break
            if self.at_paragraph_header() or self.at_program_start() or self.at_end_program() or self.at_division():
                break
            if kind == WORD and self.up(1) == "SECTION":
                break
            token = self.tokens[self.pos]
            self.error("cobol-syntax", f"unexpected {token[2]!r}; skipped to the next statement")
            self.recover()
        return statements

    def collect(self) -> list[Token]:
        """The operands up to the next boundary (``at_boundary``, written out: a statement's every
        operand token passes here)."""
        tokens, n = self.tokens, self.n
        start = pos = self.pos
        while pos < n:
            kind, word = tokens[pos][0], tokens[pos][1]
            if kind in (PERIOD, EXEC):
                break
            if kind == WORD:
                if word in VERBS:
                    if word != "NEXT" or (pos + 1 < n and tokens[pos + 1][1] == "SENTENCE"):
                        break
                elif word == "ELSE" or word == "WHEN" or word in SCOPE_ENDS:
                    break
                elif word in PHRASE_WORDS:
                    self.pos = pos
                    if self.at_phrase():
                        break
            if word == "UNTIL" and pos + 1 < n and tokens[pos + 1][1] == "EXIT":
                pos += 1  # PERFORM UNTIL EXIT (GnuCOBOL, Micro Focus): a loop left by EXIT PERFORM, not an EXIT
            pos += 1
        self.pos = pos
        return tokens[start:pos]

    def parse_phrases(self, stmt: Stmt) -> None:
        while self.pos < self.n and self.at_phrase():
            words = []
            while self.kind() == WORD and self.up() in ("NOT", "AT", "ON", "END", "INVALID", "KEY", "SIZE", "ERROR", "OVERFLOW", "EXCEPTION", "EOP", "END-OF-PAGE"):
                words.append(self.up())
                self.pos += 1
                if words[-1] in ("END", "KEY", "ERROR", "OVERFLOW", "EXCEPTION", "EOP", "END-OF-PAGE"):
                    break
            body = self.parse_statements()
            stmt.blocks.append((" ".join(words), body))
            stmt.args.setdefault("operands", []).extend(self.collect())

    def end_scope(self, stmt: Stmt, verb: str) -> None:
        if self.up() == "END-" + verb:
            stmt.end_li = self.li()
            self.pos += 1

    # Verb -> how its statement is parsed (the parser is just past the verb; ``li`` is the verb's line
    # index). Any other verb is parsed generically: its operands, conditional phrases and END-verb.
    STATEMENT_PARSERS: ClassVar[dict[str, Callable[[CobolParser, int], Stmt]]] = {
        "IF": lambda self, li: self.stmt_if(li),
        "EVALUATE": lambda self, li: self.stmt_evaluate(li),
        "PERFORM": lambda self, li: self.stmt_perform(li),
        "GO": lambda self, li: self.stmt_go(li),
        "ALTER": lambda self, li: self.stmt_alter(li),
        "CALL": lambda self, li: self.stmt_call(li),
        "MOVE": lambda self, li: self.stmt_move(li),
        "ADD": lambda self, li: self.arithmetic("ADD", li),
        "SUBTRACT": lambda self, li: self.arithmetic("SUBTRACT", li),
        "MULTIPLY": lambda self, li: self.arithmetic("MULTIPLY", li),
        "DIVIDE": lambda self, li: self.arithmetic("DIVIDE", li),
        "COMPUTE": lambda self, li: self.arithmetic("COMPUTE", li),
        "OPEN": lambda self, li: self.stmt_open(li),
        "CLOSE": lambda self, li: self.stmt_close(li),
        "READ": lambda self, li: self.file_verb("READ", li),
        "WRITE": lambda self, li: self.file_verb("WRITE", li),
        "REWRITE": lambda self, li: self.file_verb("REWRITE", li),
        "DELETE": lambda self, li: self.file_verb("DELETE", li),
        "START": lambda self, li: self.file_verb("START", li),
        "RETURN": lambda self, li: self.file_verb("RETURN", li),
        "RELEASE": lambda self, li: self.file_verb("RELEASE", li),
        "SORT": lambda self, li: self.sort_merge("SORT", li),
        "MERGE": lambda self, li: self.sort_merge("MERGE", li),
        "SEARCH": lambda self, li: self.stmt_search(li),
        "SET": lambda self, li: self.stmt_set(li),
        "EXIT": lambda self, li: self.stmt_exit(li),
        "STOP": lambda self, li: self.stmt_stop(li),
        "NEXT": lambda self, li: self.stmt_next(li),
        "ENTRY": lambda self, li: self.stmt_entry(li),
        "STRING": lambda self, li: self.into_statement("STRING", li),
        "UNSTRING": lambda self, li: self.into_statement("UNSTRING", li),
        "USE": lambda self, li: self.stmt_use(li),
        "INSPECT": lambda self, li: self.stmt_inspect(li),
    }

    def parse_statement(self) -> Stmt:
        token = self.tokens[self.pos]
        if token[0] == EXEC:
            self.pos += 1
            return Stmt("EXEC", self.token_lines[self.pos - 1], {"text": token[2]})
        verb = VERB_ALIASES.get(token[1], token[1])
        handler = self.STATEMENT_PARSERS.get(verb)
        self.pos += 1
        if handler is not None:
            return handler(self, self.token_lines[self.pos - 1])
        return self.generic(verb, self.token_lines[self.pos - 1])

    def generic(self, verb: str, li: int) -> Stmt:
        stmt = Stmt(verb, li, {"operands": self.collect()})
        self.parse_phrases(stmt)
        self.end_scope(stmt, verb)
        return stmt

    def stmt_if(self, li: int) -> Stmt:
        tokens, n = self.tokens, self.n
        start = pos = self.pos
        while pos < n:  # the condition: up to a statement, a period, THEN, ELSE, END-IF or NEXT SENTENCE
            kind, word = tokens[pos][0], tokens[pos][1]
            if kind in (EXEC, PERIOD) or word in ("THEN", "ELSE", "END-IF"):
                break
            if word == "NEXT" and pos + 1 < n and tokens[pos + 1][1] == "SENTENCE":
                break
            if kind == WORD and word in VERBS and word != "NEXT":
                break
            pos += 1
        self.pos = pos
        condition = tokens[start:pos]
        self.accept("THEN")
        stmt = Stmt("IF", li, {"condition": condition})
        stmt.blocks.append(("THEN", self.parse_statements()))
        if self.accept("ELSE"):
            stmt.blocks.append(("ELSE", self.parse_statements()))
        self.end_scope(stmt, "IF")
        return stmt

    def stmt_evaluate(self, li: int) -> Stmt:
        subjects = []
        while self.pos < self.n and self.up() != "WHEN" and self.kind() != PERIOD and not self.at_statement_start():
            subjects.append(self.tokens[self.pos])
            self.pos += 1
        stmt = Stmt("EVALUATE", li, {"subject": subjects, "whens": []})
        while self.up() == "WHEN":
            objects: list[list[Token]] = []
            when_li = self.li()
            while self.up() == "WHEN":
                self.pos += 1
                current = []
                while self.pos < self.n and not self.at_statement_start() and self.kind() != PERIOD and self.up() not in ("WHEN", "END-EVALUATE"):
                    current.append(self.tokens[self.pos])
                    self.pos += 1
                objects.append(current)
            body = self.parse_statements()
            stmt.args["whens"].append({"objects": objects, "li": when_li})
            stmt.blocks.append(("WHEN", body))
        self.end_scope(stmt, "EVALUATE")
        return stmt

    def stmt_perform(self, li: int) -> Stmt:
        stmt = Stmt("PERFORM", li, {})
        word, kind = self.up(), self.kind()
        # PERFORM A(I) TIMES and PERFORM FUNCTION MIN(...) TIMES count with a data item or a function:
        # a procedure name is never subscripted.
        procedural = (kind in (WORD, NUMBER) and word not in PERFORM_OPTIONS and word not in VERBS and self.up(1) not in ("TIMES", "(")
                      and word != "FUNCTION")
        if kind == NUMBER and not self.at_paragraph_ref_number():
            procedural = False
        if procedural and not (kind == WORD and word in FIGURATIVE):
            stmt.args["target"] = self.procedure_name()
            if self.accept("THRU", "THROUGH"):
                stmt.args["thru"] = self.procedure_name()
        options = self.collect_perform_options()
        stmt.args["options"] = options
        if "target" not in stmt.args:
            stmt.blocks.append(("BODY", self.parse_statements()))
            if self.up() == "END-PERFORM":
                stmt.end_li = self.li()
                self.pos += 1
            else:
                self.error("cobol-syntax", "inline PERFORM without END-PERFORM", li, severity="warning")
        return stmt

    def at_paragraph_ref_number(self) -> bool:
        """``PERFORM 100`` names a paragraph; ``PERFORM 3 TIMES`` does not."""
        return self.up(1) not in ("TIMES",) and self.up().isdigit() and self.kind(1) != PERIOD or self.up(1) in ("THRU", "THROUGH")

    def procedure_name(self) -> str:
        name = self.tokens[self.pos][2].upper() if self.pos < self.n else ""
        self.pos += 1
        if self.up() in ("OF", "IN") and self.kind(1) in (WORD, NUMBER):
            self.pos += 2
        return name

    def collect_perform_options(self) -> list[Token]:
        """TIMES / UNTIL / VARYING ... up to the statements of an inline PERFORM or the next statement."""
        start = self.pos
        while self.pos < self.n and not self.at_boundary():
            if self.up() == "UNTIL" and self.up(1) == "EXIT":
                self.pos += 1  # PERFORM UNTIL EXIT (GnuCOBOL, Micro Focus): a loop left by EXIT PERFORM, not an EXIT
            self.pos += 1
        return self.tokens[start : self.pos]

    def stmt_go(self, li: int) -> Stmt:
        self.accept("TO")
        targets = []
        depending = None
        while self.pos < self.n and self.kind() in (WORD, NUMBER) and not self.at_boundary():
            if self.up() == "DEPENDING":
                self.pos += 1
                self.accept("ON")
                depending = " ".join(t[2] for t in self.collect()).upper()
                break
            targets.append(self.procedure_name())
        return Stmt("GO", li, {"targets": targets, "depending": depending})

    def stmt_alter(self, li: int) -> Stmt:
        pairs = []
        operands = [t for t in self.collect() if t[1] not in ("PROCEED",)]
        names = [t[2].upper() for t in operands if t[0] in (WORD, NUMBER) and t[1] != "TO"]
        for i in range(0, len(names) - 1, 2):
            pairs.append((names[i], names[i + 1]))
        return Stmt("ALTER", li, {"pairs": pairs})

    def stmt_call(self, li: int) -> Stmt:
        token = self.tokens[self.pos] if self.pos < self.n else (WORD, "", "")
        self.pos += 1
        if token[0] == STRING and token[2][:1] in "Xx" and token[2][1:2] in "'\"":
            # CALL X"91": a Micro Focus runtime service by its function number, not a program
            target, dynamic = f"X'{literal_value(token[2]).strip().upper()}'", False
        elif token[0] == STRING:
            target, dynamic = literal_value(token[2]).strip().upper(), False
        else:
            target, dynamic = token[1], True
        using: list[dict[str, str]] = []
        returning = None
        mode = "REFERENCE"
        if self.accept("USING"):
            while self.pos < self.n and not self.at_boundary():
                word = self.up()
                if word == "BY":
                    self.pos += 1
                    continue
                if word in ("REFERENCE", "CONTENT", "VALUE"):
                    mode = word
                    self.pos += 1
                    continue
                if word == "RETURNING":
                    break
                if word in ("ADDRESS", "LENGTH") and self.up(1) == "OF":
                    self.pos += 2
                    using.append({"name": f"{word} OF {self.up()}", "mode": mode})
                    self.pos += 1
                    continue
                if self.kind() in (WORD, STRING, NUMBER):
                    name = self.tokens[self.pos][2] if self.kind() != WORD else self.up()
                    using.append({"name": name, "mode": mode})
                    self.pos += 1
                    self.skip_qualifiers()
                    continue
                self.pos += 1
        if self.accept("RETURNING", "GIVING"):
            returning = self.up()
            self.pos += 1
        stmt = Stmt("CALL", li, {"target": target, "dynamic": dynamic, "using": using, "returning": returning})
        stmt.args["operands"] = self.collect()
        self.parse_phrases(stmt)
        self.end_scope(stmt, "CALL")
        return stmt

    def skip_qualifiers(self) -> None:
        """Skip ``OF group``, ``IN group`` and subscripts after a data name."""
        while self.pos < self.n:
            if self.up() in ("OF", "IN") and self.kind(1) == WORD:
                self.pos += 2
            elif self.kind() == OP and self.up() == "(":
                depth = 0
                while self.pos < self.n:
                    if self.up() == "(":
                        depth += 1
                    elif self.up() == ")":
                        depth -= 1
                        if depth == 0:
                            self.pos += 1
                            break
                    elif self.kind() == PERIOD:
                        break
                    self.pos += 1
            else:
                return

    def stmt_move(self, li: int) -> Stmt:
        operands = self.collect()
        corresponding = bool(operands) and operands[0][1] in ("CORRESPONDING", "CORR")
        if corresponding:
            operands = operands[1:]
        split = None
        for i, t in enumerate(operands):
            if t[1] == "TO" and t[0] == WORD:
                split = i
                break
        if split is None:
            self.error("cobol-syntax", "MOVE without TO", li, severity="warning")
            return Stmt("MOVE", li, {"source": operands, "targets": [], "corresponding": corresponding})
        return Stmt("MOVE", li, {"source": operands[:split], "targets": data_names(operands[split + 1 :]), "corresponding": corresponding})

    def arithmetic(self, verb: str, li: int) -> Stmt:
        operands = self.collect()
        targets: list[str] = []
        words = [t[1] for t in operands]
        if verb == "COMPUTE":
            if "=" in words:
                targets = data_names(operands[: words.index("=")])
            elif "EQUAL" in words:
                targets = data_names(operands[: words.index("EQUAL")])
        else:
            marker = None
            for keyword in ("GIVING", "TO", "FROM", "INTO", "BY"):
                if keyword in words:
                    marker = words.index(keyword)
                    if keyword == "GIVING" or verb in ("ADD", "SUBTRACT") or (verb == "DIVIDE" and keyword == "INTO") or (verb == "MULTIPLY" and keyword == "BY"):
                        break
            if marker is not None:
                targets = data_names(operands[marker + 1 :])
        stmt = Stmt(verb, li, {"operands": operands, "targets": targets})
        self.parse_phrases(stmt)
        self.end_scope(stmt, verb)
        return stmt

    def stmt_open(self, li: int) -> Stmt:
        modes: list[tuple[str, str]] = []
        mode = "INPUT"
        for t in self.collect():
            if t[1] in ("INPUT", "OUTPUT", "I-O", "EXTEND"):
                mode = t[1]
            elif t[0] == WORD and t[1] not in ("WITH", "NO", "REWIND", "REVERSED", "LOCK", "SHARING", "ALL", "OTHER", "READ", "ONLY"):
                modes.append((mode, t[1]))
        return Stmt("OPEN", li, {"files": modes})

    def stmt_close(self, li: int) -> Stmt:
        files = [t[1] for t in self.collect() if t[0] == WORD and t[1] not in ("WITH", "NO", "REWIND", "LOCK", "UNIT", "REEL", "FOR", "REMOVAL")]
        return Stmt("CLOSE", li, {"files": files})

    def file_verb(self, verb: str, li: int) -> Stmt:
        operands = self.collect()
        target = operands[0][1] if operands and operands[0][0] == WORD else ""
        args: dict = {"target": target, "operands": operands}
        words = [t[1] for t in operands]
        for keyword, key in (("INTO", "into"), ("FROM", "from")):
            if keyword in words and words.index(keyword) + 1 < len(operands):
                args[key] = operands[words.index(keyword) + 1][1]
        stmt = Stmt(verb, li, args)
        self.parse_phrases(stmt)
        self.end_scope(stmt, verb)
        return stmt

    def sort_merge(self, verb: str, li: int) -> Stmt:
        operands = self.collect()
        args: dict = {"file": operands[0][1] if operands else "", "keys": [], "using": [], "giving": [], "input_procedure": None, "output_procedure": None}
        i = 1
        section = None
        while i < len(operands):
            word = operands[i][1]
            if word in ("ASCENDING", "DESCENDING"):
                section = "keys"
            elif word in ("USING", "GIVING"):
                section = word.lower()
            elif word in ("INPUT", "OUTPUT") and i + 1 < len(operands) and operands[i + 1][1] == "PROCEDURE":
                j = i + 2
                if j < len(operands) and operands[j][1] == "IS":
                    j += 1
                if j < len(operands):
                    procedure = [operands[j][2].upper()]
                    if j + 2 < len(operands) and operands[j + 1][1] in ("THRU", "THROUGH"):
                        procedure.append(operands[j + 2][2].upper())
                        j += 2
                    args[word.lower() + "_procedure"] = procedure
                i = j
                section = None
            elif word in ("ON", "KEY", "IS", "WITH", "DUPLICATES", "IN", "ORDER", "COLLATING", "SEQUENCE"):
                pass
            elif section and operands[i][0] == WORD:
                args[section].append(word)
            i += 1
        return Stmt(verb, li, args)

    def stmt_search(self, li: int) -> Stmt:
        header = self.collect()
        stmt = Stmt("SEARCH", li, {"all": bool(header) and header[0][1] == "ALL", "table": next((t[1] for t in header if t[1] != "ALL"), ""), "whens": []})
        self.parse_phrases(stmt)
        while self.up() == "WHEN":
            when_li = self.li()
            self.pos += 1
            condition = []
            while self.pos < self.n and not self.at_statement_start() and self.kind() != PERIOD and self.up() not in ("WHEN", "END-SEARCH"):
                condition.append(self.tokens[self.pos])
                self.pos += 1
            stmt.args["whens"].append({"condition": condition, "li": when_li})
            stmt.blocks.append(("WHEN", self.parse_statements()))
        self.end_scope(stmt, "SEARCH")
        return stmt

    def stmt_set(self, li: int) -> Stmt:
        operands = self.collect()
        words = [t[1] for t in operands]
        split = next((i for i, w in enumerate(words) if w in ("TO", "UP", "DOWN")), None)
        targets = data_names(operands[:split]) if split is not None else []
        value = operands[split + 1 :] if split is not None else []
        if split is not None and words[split] in ("UP", "DOWN"):
            value = operands[split + 2 :]
        return Stmt("SET", li, {"targets": targets, "value": value, "operands": operands})

    def stmt_exit(self, li: int) -> Stmt:
        kind = ""
        if self.up() in ("PROGRAM", "PERFORM", "SECTION", "PARAGRAPH", "FUNCTION", "METHOD"):
            kind = self.up()
            self.pos += 1
            self.accept("CYCLE")
        return Stmt("EXIT", li, {"kind": kind})

    def stmt_stop(self, li: int) -> Stmt:
        operands = self.collect()
        return Stmt("STOP", li, {"run": bool(operands) and operands[0][1] == "RUN", "operands": operands})

    def stmt_next(self, li: int) -> Stmt:
        self.accept("SENTENCE")
        return Stmt("NEXT SENTENCE", li, {})

    def stmt_entry(self, li: int) -> Stmt:
        operands = self.collect()
        name = literal_value(operands[0][2]).upper() if operands and operands[0][0] == STRING else ""
        using = [t[1] for t in operands[1:] if t[0] == WORD and t[1] not in ("USING", "BY", "REFERENCE", "VALUE")]
        return Stmt("ENTRY", li, {"name": name, "using": using})

    def into_statement(self, verb: str, li: int) -> Stmt:
        operands = self.collect()
        words = [t[1] for t in operands]
        targets: list[str] = []
        if "INTO" in words:
            tail = operands[words.index("INTO") + 1 :]
            cut = next((i for i, t in enumerate(tail) if t[1] in ("WITH", "POINTER", "TALLYING", "DELIMITER", "COUNT")), len(tail))
            targets = data_names(tail[:cut])
        stmt = Stmt(verb, li, {"operands": operands, "targets": targets})
        self.parse_phrases(stmt)
        self.end_scope(stmt, verb)
        return stmt

    def stmt_use(self, li: int) -> Stmt:
        """USE AFTER ... EXCEPTION PROCEDURE ON f / USE FOR DEBUGGING: runs to the period."""
        start = self.pos
        while self.pos < self.n and self.kind() != PERIOD:
            self.pos += 1
        operands = self.tokens[start : self.pos]
        return Stmt("USE", li, {"operands": operands, "debugging": any(t[1] == "DEBUGGING" for t in operands)})

    def stmt_inspect(self, li: int) -> Stmt:
        operands = self.collect()
        return Stmt("INSPECT", li, {"target": operands[0][1] if operands else "", "operands": operands})


# Words that start a clause in a data description entry (so they are not the entry's name).
CLAUSE_WORDS = frozenset(
    ["PIC", "PICTURE", "USAGE", "VALUE", "VALUES", "REDEFINES", "OCCURS", "SIGN", "LEADING", "TRAILING", "JUSTIFIED", "JUST", "BLANK", "SYNCHRONIZED", "SYNC", "EXTERNAL", "GLOBAL", "RENAMES", "IS", "INDEXED", "DEPENDING", "ASCENDING", "DESCENDING", "KEY", "TIMES", "COMP", "COMPUTATIONAL", "BINARY", "COMP-1", "COMP-2", "COMP-3", "COMP-4", "COMP-5", "COMPUTATIONAL-1", "COMPUTATIONAL-2", "COMPUTATIONAL-3", "COMPUTATIONAL-4", "COMPUTATIONAL-5", "PACKED-DECIMAL", "DISPLAY", "DISPLAY-1", "NATIONAL", "INDEX", "POINTER", "PROCEDURE-POINTER", "FUNCTION-POINTER", "TYPE", "LINE", "COLUMN", "SOURCE", "SUM", "GROUP", "NEXT", "PAGE", "FILLER", "TO", "THRU", "THROUGH", "ALL", "FALSE", "WHEN", "SET", "BASED", "GROUP-USAGE"]
) - {"FILLER"}


NOT_DATA_NAMES = frozenset(["ROUNDED", "GIVING", "REMAINDER", "ON", "SIZE", "ERROR", "NOT", "CORRESPONDING", "CORR", "ADDRESS", "TRUE",
                            "FALSE", "TO", "FROM"])


def data_names(tokens: list[Token]) -> list[str]:
    """The data names in an operand list, skipping qualifiers, subscripts and keywords."""
    if len(tokens) == 1:  # most often one name (MOVE A TO B)
        kind, upper = tokens[0][0], tokens[0][1]
        return [upper] if kind == WORD and upper not in NOT_DATA_NAMES and upper != "OF" and upper != "IN" else []
    names: list[str] = []
    depth = 0
    skip_next = False
    for t in tokens:
        kind, upper = t[0], t[1]
        if kind == OP and upper == "(":
            depth += 1
            continue
        if kind == OP and upper == ")":
            depth -= 1
            continue
        if depth or kind != WORD:
            continue
        if skip_next:
            skip_next = False
            continue
        if upper in ("OF", "IN"):
            skip_next = True
            continue
        if upper in NOT_DATA_NAMES:
            continue
        names.append(upper)
    return names


DEVICE_PREFIXES = frozenset(["UT", "DA", "S", "AS", "UR", "RD", "NS", "VS"])


def ddname_of(assign: str, is_literal: bool) -> str:
    """The DD name behind an ASSIGN clause: ``UT-S-INFILE`` and ``S-INFILE`` both mean INFILE.

    A literal path (``'data/in.dat'``) or a name with no device prefix is kept as written.
    """
    name = assign.strip().upper()
    if is_literal and ("/" in name or "\\" in name or "." in name):
        return name
    parts = name.split("-")
    if len(parts) > 1 and parts[0] in DEVICE_PREFIXES:
        return parts[-1]
    if len(parts) > 2 and parts[0].startswith("SYS") and parts[0][3:].isdigit():
        return parts[-1]
    return name
