"""A CICS translator for the offline world: EXEC CICS blocks become calls GnuCOBOL can compile.

As ``precompile`` does for EXEC SQL, each block is replaced on its own first line by
``PERFORM MZCICS-nnnn`` (the rest of the block blanked, every line kept, so traces and diagnostics
point at the estate's source); the paragraph appended at the end calls the C shim MZCICS with the
command's key, the EIB and every option's argument (data items by reference, literals and
``LENGTH OF`` by content), then does what the world answers in ``EIBMZGO``: go on, GOBACK (RETURN,
XCTL), STOP RUN (an abend) or GO TO a HANDLE CONDITION/AID/ABEND label (``GO TO … DEPENDING ON``,
the way IBM's translator does it). LINK calls the linked program of the same run with the EIB and
the COMMAREA, between two shim calls that say where it starts and ends (a program the run lacks is
answered by a stub, ``ON EXCEPTION``). ``DFHRESP(x)`` and ``DFHVALUE(x)`` become their numbers in
place. The PROCEDURE DIVISION header becomes ``COPY`` of a generated member that declares DFHEIBLK
(and DFHCOMMAREA when the program has none) and the header ``USING DFHEIBLK DFHCOMMAREA``, so
every line keeps its number. DFHAID and DFHBMSCA are generated for estates without their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from modernize.testgen.precompile import (
    Block,
    code_area,
    find_blocks,
    is_comment,
    lines_holding,
    place,
    program_end,
    words,
)

# the commands the world answers; anything else is reported with its line and the program's tests become documented skips
# What lines_holding() looks for, in upper-case bytes.
RE_PROCEDURE = re.compile(b"PROCEDURE")
RE_HEADER_WORDS = re.compile(b"LINKAGE|DFHCOMMAREA|DFHEIBLK")
RE_DFH = re.compile(b"DFH")
SUPPORTED = frozenset({
    "ABEND", "ADDRESS", "ASKTIME", "ASSIGN", "BIF", "GET", "PUT", "DELAY", "DELETE", "DELETEQ", "ENDBR", "ENQ", "DEQ", "FORMATTIME", "HANDLE", "IGNORE",
    "INQUIRE", "LINK", "POP", "PUSH", "READ", "READNEXT", "READPREV", "READQ", "RECEIVE", "RESETBR", "RETRIEVE", "RETURN", "REWRITE",
    "SEND", "START", "STARTBR", "SUSPEND", "SYNCPOINT", "UNLOCK", "WRITE", "WRITEQ", "XCTL"})
# options whose argument is a pointer, a channel or a container: the world has no storage to hand out
UNSUPPORTED_OPTIONS = frozenset({"SET", "CHANNEL", "CONTAINER", "NODE"})
CONDITIONS = {
    "NORMAL": 0, "ERROR": 1, "RDATT": 2, "WRBRK": 3, "EOF": 4, "EODS": 5, "EOC": 6, "INBFMH": 7, "ENDINPT": 8, "NONVAL": 9, "NOSTART": 10,
    "TERMIDERR": 11, "DSIDERR": 12, "FILENOTFOUND": 12, "NOTFND": 13, "DUPREC": 14, "DUPKEY": 15, "INVREQ": 16, "IOERR": 17, "NOSPACE": 18,
    "NOTOPEN": 19, "ENDFILE": 20, "ILLOGIC": 21, "LENGERR": 22, "QZERO": 23, "SIGNAL": 24, "QBUSY": 25, "ITEMERR": 26, "PGMIDERR": 27,
    "TRANSIDERR": 28, "ENDDATA": 29, "INVTSREQ": 30, "EXPIRED": 31, "MAPFAIL": 36, "INVMPSZ": 38, "OVERFLOW": 40, "QIDERR": 44,
    "SYSIDERR": 53, "ENQBUSY": 55, "NOTAUTH": 70, "DISABLED": 84, "LOCKED": 100, "RECORDBUSY": 101, "LINKABEND": 104, "CHANNELERR": 122, "CONTAINERERR": 110}
DFHVALUES = {"ACQUIRED": 69, "ADD": 12, "BROWSE": 10, "CLOSED": 19, "DELETE": 11, "DISABLED": 24, "ENABLED": 23, "OPEN": 18,
             "READ": 7, "UPDATE": 9, "ON": 247, "OFF": 248, "NOTAPPLIC": 1, "KSDS": 5, "ESDS": 6, "RRDS": 7, "VSAM": 4}
AIDS = {"DFHNULL": "\x00", "DFHENTER": "'", "DFHCLEAR": "_", "DFHCLRP": "\xa1", "DFHPEN": "=", "DFHOPID": "W", "DFHMSRE": "X",
        "DFHSTRF": "h", "DFHTRIG": '"', "DFHPA1": "%", "DFHPA2": ">", "DFHPA3": ",",
        **{f"DFHPF{n}": c for n, c in enumerate("123456789:#@ABCDEFGHI[.<", 1)}}
BMSCA = {"DFHBMPEM": "\x19", "DFHBMPNL": "\x15", "DFHBMPFF": "\x0c", "DFHBMPCR": "\x0d", "DFHBMASK": "0", "DFHBMUNP": " ",
         "DFHBMUNN": "&", "DFHBMPRO": "-", "DFHBMBRY": "H", "DFHBMDAR": "<", "DFHBMFSE": "A", "DFHBMPRF": "/", "DFHBMASF": "1",
         "DFHBMASB": "8", "DFHBMEOF": "\x80", "DFHBMCUR": "\x02", "DFHBMEC": "\x82", "DFHBMFLG": "\x00", "DFHBMDET": "\x00",
         "DFHSA": "\x28", "DFHCOLOR": "\x42", "DFHPS": "\x43", "DFHHLT": "\x41", "DFH3270": "\xc0", "DFHVAL": "A", "DFHOUTLN": "B",
         "DFHBKTRN": "F", "DFHALL": "\x00", "DFHERROR": "\x3f", "DFHDFT": "\xff", "DFHDFCOL": "\x00", "DFHBLUE": "1", "DFHRED": "2",
         "DFHPINK": "3", "DFHGREEN": "4", "DFHTURQ": "5", "DFHYELLO": "6", "DFHNEUTR": "7", "DFHBASE": "\x00", "DFHDFHI": "\x00",
         "DFHBLINK": "1", "DFHREVRS": "2", "DFHUNDLN": "4", "DFHMFIL": "\x04", "DFHMENT": "\x02", "DFHMFE": "\x06", "DFHUNNOD": "(",
         "DFHUNIMD": "I", "DFHUNNUM": "J", "DFHUNNUB": "Q", "DFHUNINT": "R", "DFHUNNON": ")", "DFHPROTI": "Y", "DFHPROTN": "%",
         "DFHMT": "\x01", "DFHMFT": "\x05", "DFHMET": "\x03", "DFHMFET": "\x07", "DFHUNDER": "\x00", "DFHRIGHT": "\x00",
         "DFHOVER": "\x00", "DFHLEFT": "\x00", "DFHBOX": "\x00", "DFHSOSI": "\x00", "DFHTRANS": "0", "DFHOPAQ": "\xff"}
EIB_FIELDS = [  # name, picture, usage: IBM's DFHEIBLK, then EIBMZGO, the world's answer to the translated code
    ("EIBTIME", "S9(7)", "COMP-3"), ("EIBDATE", "S9(7)", "COMP-3"), ("EIBTRNID", "X(4)", ""), ("EIBTASKN", "S9(7)", "COMP-3"),
    ("EIBTRMID", "X(4)", ""), ("DFHEIGDI", "S9(4)", "COMP"), ("EIBCPOSN", "S9(4)", "COMP"), ("EIBCALEN", "S9(4)", "COMP"),
    ("EIBAID", "X(1)", ""), ("EIBFN", "X(2)", ""), ("EIBRCODE", "X(6)", ""), ("EIBDS", "X(8)", ""), ("EIBREQID", "X(8)", ""),
    ("EIBRSRCE", "X(8)", ""), ("EIBSYNC", "X", ""), ("EIBFREE", "X", ""), ("EIBRECV", "X", ""), ("EIBSEND", "X", ""),
    ("EIBATT", "X", ""), ("EIBEOC", "X", ""), ("EIBFMH", "X", ""), ("EIBCOMPL", "X", ""), ("EIBSIG", "X", ""), ("EIBCONF", "X", ""),
    ("EIBERR", "X", ""), ("EIBERRCD", "X(4)", ""), ("EIBSYNRB", "X", ""), ("EIBNODAT", "X", ""), ("EIBRESP", "S9(8)", "COMP"),
    ("EIBRESP2", "S9(8)", "COMP"), ("EIBRLDBK", "X", ""), ("EIBMZGO", "S9(4)", "COMP")]
GO_ON, GO_BACK, GO_STOP = 0, -1, -2
PROCEDURE_MEMBER = "MZCPROC"


@dataclass
class Option:
    name: str
    argument: str | None = None  # the text between the parentheses, as written

    @property
    def passed(self) -> bool:
        return self.argument is not None


@dataclass
class Command:
    """One EXEC CICS block: its verb, its options in order and where it was."""

    program: str
    number: int
    line: int
    verb: str
    options: list[Option]
    text: str

    @property
    def key(self) -> str:
        return f"{self.program}:{self.number:04d}"

    def option(self, name: str) -> Option | None:
        return next((o for o in self.options if o.name == name), None)

    def has(self, name: str) -> bool:
        return self.option(name) is not None

    def passed(self) -> list[Option]:
        """The options whose argument the CALL passes, in the order the world reads them: not the
        labels of HANDLE and IGNORE (the world knows them from the command; GO TO reaches them)."""
        if self.verb in ("HANDLE", "IGNORE"):
            return [o for o in self.options if o.passed and o.name == "PROGRAM"]
        return [o for o in self.options if o.passed]

    def to_dict(self) -> dict[str, object]:
        return {"program": self.program, "number": self.number, "line": self.line, "verb": self.verb, "text": self.text,
                "options": [[o.name, o.argument] for o in self.options]}

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Command:
        return cls(str(data["program"]), int(data["number"]), int(data["line"]), str(data["verb"]),  # type: ignore[call-overload]
                   [Option(n, a) for n, a in data["options"]], str(data.get("text", "")))  # type: ignore[union-attr]


@dataclass
class Translated:
    source: str
    commands: list[Command]
    copybooks: dict[str, str]  # member -> text: the program's own PROCEDURE DIVISION member
    labels: list[str]  # HANDLE labels, numbered from 1 as EIBMZGO says
    unsupported: list[tuple[int, str]] = field(default_factory=list)


def parse_options(text: str) -> list[Option]:
    """``WORD`` and ``WORD(argument)`` pairs, parentheses balanced, quotes respected: a scanner."""
    options: list[Option] = []
    index, length = 0, len(text)
    while index < length:
        char = text[index]
        if char.isalnum() or char in "-_#@$":
            start = index
            while index < length and (text[index].isalnum() or text[index] in "-_#@$"):
                index += 1
            name = text[start:index].upper()
            look = index
            while look < length and text[look] == " ":
                look += 1
            if look < length and text[look] == "(":
                depth, quote, end = 0, "", look
                while end < length:
                    c = text[end]
                    if quote:
                        quote = "" if c == quote else quote
                    elif c in "'\"":
                        quote = c
                    elif c == "(":
                        depth += 1
                    elif c == ")":
                        depth -= 1
                        if depth == 0:
                            break
                    end += 1
                options.append(Option(name, " ".join(text[look + 1 : end].split())))
                index = end + 1
            else:
                options.append(Option(name))
        else:
            index += 1
    return options


def command_of(block: Block, program: str, number: int) -> Command:
    """The command of a block; SEND MAP without FROM and RECEIVE MAP without INTO name the map's
    symbolic record (map + O / map + I) as DFHMAPS does, so the world sees the map's data."""
    options = parse_options(block.text)
    verb = options[0].name if options and options[0].argument is None else ""
    command = Command(program, number, block.start + 1, verb, options[1:] if verb else options, " ".join(block.text.split()))
    map_option = command.option("MAP")
    name = (map_option.argument or "").strip("'\"") if map_option else ""
    if name and map_option and map_option.argument and is_literal(map_option.argument):
        if verb == "SEND" and not command.has("FROM") and not command.has("MAPONLY"):
            command.options.append(Option("FROM", f"{name}O"))
        if verb == "RECEIVE" and not command.has("INTO"):
            command.options.append(Option("INTO", f"{name}I"))
    return command


def is_literal(argument: str) -> bool:
    return argument[:1] in "'\"" or argument.lstrip("+-").replace(".", "", 1).isdigit()


def resolve_values(argument: str) -> str:
    """``DFHRESP(NOTFND)`` -> ``13`` inside an argument."""
    upper = argument.upper().replace(" ", "")
    for prefix, table in (("DFHRESP(", CONDITIONS), ("DFHVALUE(", DFHVALUES)):
        if upper.startswith(prefix) and upper.endswith(")"):
            return str(table.get(upper[len(prefix):-1], 0))
    return argument


def argument_phrase(option: Option) -> list[str]:
    """How the CALL passes one option's argument: data items by reference (the world may write
    them), literals and lengths by content."""
    argument = resolve_values(option.argument or "")
    upper = argument.upper()
    if is_literal(argument) or upper.startswith(("LENGTH OF", "FUNCTION ", "ZERO", "SPACE", "LOW-VALUE", "HIGH-VALUE")):
        return split_phrase(f"BY CONTENT {argument}")
    return split_phrase(f"BY REFERENCE {argument}")


def split_phrase(text: str, indent: str = "               ") -> list[str]:
    """A phrase cut into lines of the code area (at blanks outside literals)."""
    room = 72 - len(indent)
    lines, current = [], ""
    for word in split_words(text):
        if current and len(current) + 1 + len(word) > room:
            lines.append(indent + current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        lines.append(indent + current)
    return lines


def split_words(text: str) -> list[str]:
    found, current, quote = [], "", ""
    for char in text:
        if quote:
            current += char
            quote = "" if char == quote else quote
        elif char in "'\"":
            current += char
            quote = char
        elif char == " ":
            if current:
                found.append(current)
            current = ""
        else:
            current += char
    if current:
        found.append(current)
    return found


def call_lines(key: str, arguments: list[Option]) -> list[str]:
    lines = ["           CALL 'MZCICS' USING BY CONTENT " + f"'{key}'", "               BY REFERENCE DFHEIBLK"]
    for option in arguments:
        lines += argument_phrase(option)
    lines.append("           END-CALL")
    return lines


def dispatch_lines(labels: list[str]) -> list[str]:
    lines = ["           IF EIBMZGO < 0", "               IF EIBMZGO = -1", "                   GOBACK", "               END-IF",
             "               STOP RUN", "           END-IF"]
    if labels:
        lines.append("           IF EIBMZGO > 0")
        lines += split_phrase("GO TO " + " ".join(labels) + " DEPENDING ON EIBMZGO", "               ")
        lines.append("           END-IF")
    return lines


def paragraph(command: Command, labels: list[str]) -> list[str]:
    arguments = command.passed()
    lines = [f"       MZCICS-{command.number:04d}."]
    if command.verb == "LINK" and command.has("PROGRAM"):
        target = command.option("PROGRAM").argument or "''"  # type: ignore[union-attr]
        area = command.option("COMMAREA")
        lines += call_lines(command.key, arguments)
        lines += ["           IF EIBMZGO = 9", *split_phrase(f"CALL {target}", "               "),
                  "                   USING BY REFERENCE DFHEIBLK"]
        lines += split_phrase(f"BY REFERENCE {area.argument}", "                   ") if area and area.argument else \
            ["                   BY REFERENCE DFHEIBLK"]
        lines += ["                   ON EXCEPTION", f"                   CALL 'MZCICS' USING BY CONTENT '{command.key}:X'",
                  "                       BY REFERENCE DFHEIBLK", "                   END-CALL", "               END-CALL",
                  f"               CALL 'MZCICS' USING BY CONTENT '{command.key}:R'", "                   BY REFERENCE DFHEIBLK"]
        lines += [f"    {line}" for option in arguments for line in argument_phrase(option)]
        lines += ["               END-CALL", "           END-IF"]
    else:
        lines += call_lines(command.key, arguments)
    lines += dispatch_lines(labels)
    lines.append("           .")
    return lines


def handle_labels(commands: list[Command]) -> list[str]:
    labels: list[str] = []
    for command in commands:
        if command.verb == "HANDLE":
            for option in command.options:
                if option.name != "PROGRAM" and option.argument and option.argument.upper() not in labels:
                    labels.append(option.argument.upper())
    return labels


def replace_values(lines: list[str], start: int) -> None:
    """``DFHRESP(x)``/``DFHVALUE(x)`` in the procedure's code become their numbers, padded, columns kept."""
    for index in lines_holding(lines, RE_DFH, start):
        line = lines[index]
        area = code_area(line)
        upper = area.upper()
        for prefix, table in (("DFHRESP", CONDITIONS), ("DFHVALUE", DFHVALUES)):
            position = upper.find(prefix)
            while position >= 0:
                close = upper.find(")", position)
                opening = upper.find("(", position)
                if opening < 0 or close < 0 or opening > close:
                    break
                name = upper[opening + 1 : close].strip()
                number = str(table.get(name, 0))
                area = area[:position] + number.ljust(close + 1 - position) + area[close + 1 :]
                upper = area.upper()
                position = upper.find(prefix, position + 1)
        lines[index] = (line[:7].ljust(7) + area + line[72:]).rstrip()


def procedure_header(lines: list[str]) -> tuple[int, int, list[str]] | None:
    """(first line, last line, USING items) of the PROCEDURE DIVISION header."""
    for index in lines_holding(lines, RE_PROCEDURE):
        tokens = [t[0] for t in words(code_area(lines[index]))]
        if tokens[:2] == ["PROCEDURE", "DIVISION"]:
            text, end = "", index
            while end < len(lines):
                if not is_comment(lines[end]):
                    text += " " + code_area(lines[end])
                    if "." in code_area(lines[end]):
                        break
                end += 1
            body = text.split(".", 1)[0].split()
            using = [w for w in body[2:] if w.upper() not in ("USING", "BY", "REFERENCE", "VALUE", "CONTENT")]
            return index, min(end, len(lines) - 1), using
    return None


def eib_copybook() -> str:
    lines = ["      * DFHEIBLK generated by modernize for the offline CICS world", "       01  DFHEIBLK."]
    for name, picture, usage in EIB_FIELDS:
        lines.append(f"           02  {name:<10} PIC {picture}{' ' + usage if usage else ''}.")
    return "\n".join(lines) + "\n"


def constants_copybook(title: str, values: dict[str, str]) -> str:
    lines = [f"      * {title} generated by modernize for the offline CICS world", f"       01  {title}."]
    for name, value in values.items():
        literal = f"X'{ord(value):02X}'" if not value.isprintable() or value in "'\"" or ord(value) > 126 else f"'{value}'"
        lines.append(f"           02  {name:<10} PIC X VALUE {literal}.")
    return "\n".join(lines) + "\n"


def generated_members() -> dict[str, str]:
    return {"DFHEIBLK": eib_copybook(), "DFHAID": constants_copybook("DFHAID", AIDS), "DFHBMSCA": constants_copybook("DFHBMSCA", BMSCA)}


def translate(program: str, text: str) -> Translated:
    """The translated program: commands, the program's own PROCEDURE DIVISION member and what the
    world cannot emulate (each with its line)."""
    lines = text.splitlines()
    for index, line in enumerate(lines[:20]):
        if not is_comment(line) and [t[0] for t in words(code_area(line))][:1] in (["CBL"], ["PROCESS"]):
            lines[index] = line[:6].ljust(6) + "*" + line[7:]  # IBM compiler options (CICS('SP')…): cobc has its own
    header = procedure_header(lines)
    unsupported: list[tuple[int, str]] = []
    commands: list[Command] = []
    blocks = find_blocks(lines, "CICS")
    for block in blocks:
        command = command_of(block, program, len(commands) + 1)
        commands.append(command)
        if command.verb not in SUPPORTED:
            unsupported.append((command.line, f"EXEC CICS {command.verb}"))
        for option in command.options:
            containers = command.verb in ("GET", "PUT", "DELETE") and option.name in ("CHANNEL", "CONTAINER") and command.has("CONTAINER")
            if option.name in UNSUPPORTED_OPTIONS and not containers and not (command.verb == "ADDRESS" or (option.name == "SET" and command.verb == "ASSIGN")):
                unsupported.append((command.line, f"EXEC CICS {command.verb} {option.name}(…)"))
        if command.verb == "INQUIRE" and not command.has("PROGRAM"):
            unsupported.append((command.line, f"EXEC CICS INQUIRE {command.options[0].name if command.options else ''}".rstrip()))
        if command.verb == "BIF" and not command.has("DEEDIT"):
            unsupported.append((command.line, "EXEC CICS BIF (other than DEEDIT)"))
        if command.verb == "ADDRESS":
            unsupported.append((command.line, "EXEC CICS ADDRESS (pointers to CICS storage)"))
    if header is None:
        return Translated(text, commands, {}, [], [(1, "no PROCEDURE DIVISION")])
    labels = handle_labels(commands)
    member = procedure_member(lines, header)
    for block, command in zip(blocks, commands, strict=True):
        place(lines, block, f"PERFORM MZCICS-{command.number:04d}")
    replace_values(lines, header[0])
    first, last, _ = header
    for index in range(first, last + 1):
        if not is_comment(lines[index]):
            lines[index] = lines[index][:7].ljust(7) + (f"COPY {PROCEDURE_MEMBER}." if index == first else "")
    paragraphs = [line for command in commands for line in paragraph(command, labels)]
    if paragraphs:
        generated = ["      * modernize: one paragraph per EXEC CICS command (offline world)", "           .",
                     "       MZCICS-COMMANDS SECTION.", "       MZCICS-FALLTHROUGH.", "           GOBACK.", *paragraphs]
        end = program_end(lines)
        lines[end:end] = generated
    return Translated("\n".join(lines) + "\n", commands, {PROCEDURE_MEMBER: member}, labels, unsupported)


def procedure_member(lines: list[str], header: tuple[int, int, list[str]]) -> str:
    """What replaces the PROCEDURE DIVISION header: DFHEIBLK (and DFHCOMMAREA) in the LINKAGE
    SECTION, then the header with ``USING DFHEIBLK DFHCOMMAREA``."""
    first = header[0]
    tokens = [[t[0] for t in words(code_area(lines[index]))] for index in lines_holding(lines, RE_HEADER_WORDS, stop=first)]
    has_linkage = any(t[:2] == ["LINKAGE", "SECTION"] for t in tokens)
    has_commarea = any("DFHCOMMAREA" in t for t in tokens)
    has_eib = any("DFHEIBLK" in t for t in tokens)
    out = ["      * generated by modernize: the EIB and COMMAREA a CICS program receives"]
    if not has_linkage:
        out.append("       LINKAGE SECTION.")
    if not has_eib:
        out.append("           COPY DFHEIBLK.")
    if not has_commarea:
        out.append("       01  DFHCOMMAREA PIC X(32767).")
    using = ["DFHEIBLK", "DFHCOMMAREA", *[u for u in header[2] if u.upper() not in ("DFHEIBLK", "DFHCOMMAREA")]]
    out.append("       PROCEDURE DIVISION USING")
    out += split_phrase(" ".join(using) + ".", "           ")
    return "\n".join(out) + "\n"


def driver_source() -> str:
    """The main program of every run: asks the world for the program, the EIB and the COMMAREA,
    calls the program as CICS would, and says when it came back."""
    return "\n".join([
        "       IDENTIFICATION DIVISION.", "       PROGRAM-ID. MZDRIVER.", "       DATA DIVISION.", "       WORKING-STORAGE SECTION.",
        "       01  MZ-PROGRAM PIC X(8).", "           COPY DFHEIBLK.", "       01  MZ-COMMAREA PIC X(32767).",
        "       PROCEDURE DIVISION.", "           CALL 'MZCICS' USING BY CONTENT 'MZ:START'",
        "               BY REFERENCE DFHEIBLK MZ-PROGRAM MZ-COMMAREA", "           END-CALL",
        "           CALL MZ-PROGRAM USING DFHEIBLK MZ-COMMAREA", "               ON EXCEPTION",
        "               CALL 'MZCICS' USING BY CONTENT 'MZ:NOPROGRAM'", "                   BY REFERENCE DFHEIBLK", "               END-CALL",
        "           END-CALL", "           CALL 'MZCICS' USING BY CONTENT 'MZ:END'", "               BY REFERENCE DFHEIBLK MZ-COMMAREA",
        "           END-CALL", "           STOP RUN.", ""])
