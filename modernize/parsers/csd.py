"""CICS resource definitions (CSD): DFHCSDUP commands such as ``DEFINE TRANSACTION(TS00)
GROUP(TSLGRP) PROGRAM(TSO100)``.

The CSD is where online entry points live: which transaction starts which program, which CICS file
name stands for which VSAM data set, which DB2 plan a transaction uses. None of that is in the
programs, so without these facts the graph has no way in to the online half of an estate.

Format (DFHCSDUP rules): commands in columns 1-71, a command runs on over the following lines
until a line starts with the next command, a ``*`` in column 72 continues a value on the next line
from column 1, ``*`` in column 1 is a comment. Keywords may be abbreviated (``TRANS``, ``PROG``) and
written in mixed case; blanks may separate a keyword from its ``(value)``. Exports with one option
per line are the same format. Commands are applied in order, so a ``DELETE`` or ``ALTER`` later in
the file changes what an earlier ``DEFINE`` made. The parser never raises.

CICS bundles (the way CICS Explorer and newer estates deploy) hold the same definitions as one XML
file per resource, ``ICCK.transaction`` = ``<cicsdefinitiontransaction name="ICCK"
program="CRDTCHK"/>``: the attributes are the DEFINE's options, the bundle (its directory) the group.
A part yields its transaction or file, not a CSD module per file.
"""

from __future__ import annotations

import bisect
import fnmatch
import html
import posixpath
import re
from dataclasses import dataclass, field

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

COMMANDS = (
    "ADD", "ALTER", "APPEND", "CHECK", "COPY", "DEFINE", "DELETE", "EXTRACT", "INITIALIZE", "LIST",
    "MIGRATE", "PROCESS", "REMOVE", "SCAN", "SERVICE", "UPGRADE", "USERDEFINE", "VERIFY",
)
# Commands that change nothing in the definitions this file makes.
QUIET_COMMANDS = {"CHECK", "EXTRACT", "INITIALIZE", "LIST", "MIGRATE", "PROCESS", "SCAN", "SERVICE", "UPGRADE", "VERIFY"}
RESOURCE_TYPES = (
    "ATOMSERVICE", "BUNDLE", "CONNECTION", "CORBASERVER", "DB2CONN", "DB2ENTRY", "DB2TRAN", "DJAR",
    "DOCTEMPLATE", "ENQMODEL", "FILE", "IPCONN", "JOURNALMODEL", "JVMSERVER", "LIBRARY", "LSRPOOL",
    "MAPSET", "MQCONN", "MQMONITOR", "PARTITIONSET", "PARTNER", "PIPELINE", "PROCESSTYPE", "PROFILE",
    "PROGRAM", "REQUESTMODEL", "SESSIONS", "TCPIPSERVICE", "TDQUEUE", "TERMINAL", "TRANCLASS",
    "TRANSACTION", "TSMODEL", "TYPETERM", "URIMAP", "WEBSERVICE",
)
# Resource type -> the graph node kind a definition of it makes known.
DEFINES = {"TRANSACTION": NodeKind.TRANSACTION, "PROGRAM": NodeKind.PROGRAM, "MAPSET": NodeKind.MAPSET, "FILE": NodeKind.FILE,
           "TDQUEUE": NodeKind.QUEUE, "TSMODEL": NodeKind.QUEUE}
# Options this parser reads, with the shortest abbreviation it accepts for each.
OPTIONS = {
    "GROUP": 1, "LIST": 1, "TO": 2, "PROGRAM": 4, "DESCRIPTION": 4, "DSNAME": 3, "TRANSID": 5, "PLAN": 4,
    "ENTRY": 4, "PREFIX": 4, "READ": 4, "BROWSE": 4, "ADD": 3, "UPDATE": 4, "DELETE": 3,
}
# Options whose values are names: upper-cased like every mainframe name.
NAME_OPTIONS = {"GROUP", "LIST", "TO", "PROGRAM", "DSNAME", "TRANSID", "PLAN", "ENTRY", "PREFIX", "PROFILE", "TRANCLASS", "REMOTESYSTEM", "REMOTENAME"}
RE_WORD = re.compile(r"[A-Za-z0-9#@$_.*+-]+")
RE_SEQUENCE = re.compile(r"[0-9 ]*")
RE_JUNK = re.compile(r"[^\sA-Za-z0-9#@$_.*+,-]+")
MAX_WARNINGS = 50
# A bundle part: one element whose attributes are the options (read with a pattern, not an XML
# parser, so no entity of an untrusted file is ever expanded).
RE_BUNDLE_ELEMENT = re.compile(r"<cicsdefinition([a-z0-9]+)\b([^<>]*)/?>", re.IGNORECASE)
RE_BUNDLE_ATTRIBUTE = re.compile(r"""([A-Za-z_][\w.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


@dataclass
class Option:
    """``KEYWORD(value)`` or a bare keyword, with the line it is on."""

    name: str
    value: str | None
    line: int


@dataclass
class Command:
    """One DFHCSDUP command over all its lines."""

    options: list[Option]
    line: int
    end_line: int


@dataclass
class Definition:
    """One resource definition as the commands so far left it."""

    rtype: str
    name: str
    group: str
    options: dict[str, str]
    lines: dict[str, int]
    line: int
    end_line: int

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.rtype, self.name, self.group)


@dataclass
class Csd:
    """The state the commands build: definitions in order, and lists of groups."""

    definitions: list[Definition] = field(default_factory=list)
    lists: dict[str, list[str]] = field(default_factory=dict)


def abbreviation(word: str, names: tuple[str, ...] | dict[str, int], minimum: int = 3) -> str | None:
    """The full keyword a (possibly abbreviated) word stands for, when it is unambiguous."""
    if word in names:
        return word
    shortest = names if isinstance(names, dict) else dict.fromkeys(names, minimum)
    found = [name for name, least in shortest.items() if len(word) >= least and name.startswith(word)]
    return found[0] if len(found) == 1 else None


# reading commands ------------------------------------------------------------------------------


class Reader:
    """Turns the file into commands: comments, continuation and keyword(value) pairs."""

    def __init__(self, path: str):
        self.path = path
        self.diagnostics: list[Diagnostic] = []

    def warn(self, code: str, message: str, line: int) -> None:
        self.diagnostics.append(Diagnostic("warning", code, message, self.path, line))

    def commands(self, text: str) -> list[Command]:
        pieces: list[list[tuple[str, int, bool]]] = []  # per command: (text, line, joins the previous piece)
        glue = False
        depth = 0  # open parentheses so far: a value running on over lines is not a new command
        for number, raw in enumerate(text.splitlines(), 1):
            line = raw.rstrip("\r")
            if not glue and (line.startswith("*") or not line.strip()):
                continue
            card, next_glue = self.card(line)
            if not glue and depth <= 0 and starts_command(card):
                pieces.append([])
                depth = 0
            if not pieces:
                self.warn("csd-syntax", f"text outside a command skipped: {card.strip()[:40]}", number)
            else:
                pieces[-1].append((card, number, glue))
                depth += card.count("(") - card.count(")")
            glue = next_glue and bool(pieces)
        return [self.command(parts) for parts in pieces]

    @staticmethod
    def card(line: str) -> tuple[str, bool]:
        """Columns 1-71 and whether column 72 continues the value; longer workstation lines
        without a sequence field are taken whole."""
        if len(line) > 72 and (len(line) > 80 or not RE_SEQUENCE.fullmatch(line[72:])):
            return line, False
        if len(line) >= 72:
            if line[71] == "*":
                return line[:71], True
            return line[:72], False  # exported listings use column 72 for text as well
        return line, False

    def command(self, parts: list[tuple[str, int, bool]]) -> Command:
        text = ""
        starts: list[int] = []
        lines: list[int] = []
        for piece, number, glued in parts:
            if text and not glued:
                text += " "
            starts.append(len(text))
            lines.append(number)
            text += piece
        options = self.options(text, starts, lines)
        return Command(options, parts[0][1], parts[-1][1])

    def options(self, text: str, starts: list[int], lines: list[int]) -> list[Option]:
        """Keyword(value) pairs; values may hold blanks and nested parentheses."""
        options: list[Option] = []
        pos = 0
        while pos < len(text):
            if text[pos] in " ,\t":
                pos += 1
                continue
            line = lines[bisect.bisect_right(starts, pos) - 1]
            match = RE_WORD.match(text, pos)
            if not match:
                junk = RE_JUNK.match(text, pos)
                end = junk.end() if junk else pos + 1
                self.warn("csd-syntax", f"unexpected {text[pos:end][:20]!r} skipped", line)
                pos = end
                continue
            pos = match.end()
            while pos < len(text) and text[pos] == " ":
                pos += 1
            value = None
            if pos < len(text) and text[pos] == "(":
                value, pos = self.value(text, pos, line)
            options.append(Option(match.group().upper(), value, line))
        return options

    def value(self, text: str, pos: int, line: int) -> tuple[str, int]:
        depth = 0
        for index in range(pos, len(text)):
            if text[index] == "(":
                depth += 1
            elif text[index] == ")":
                depth -= 1
                if depth == 0:
                    return text[pos + 1:index].strip(), index + 1
        self.warn("csd-syntax", "value without its closing parenthesis", line)
        return text[pos + 1:].strip(), len(text)


def starts_command(card: str) -> bool:
    """A line starts a command when its first word is not followed by ``(``: ``ADD(NO)`` on a FILE
    definition's next line is an option, ``ADD GROUP(..)`` a command, and a word that is no
    command at all is an unknown command rather than part of the previous one."""
    match = re.match(r"\s*([A-Za-z0-9#@$]+)\s*(\S?)", card)
    return bool(match) and match.group(2) != "("


# applying commands -----------------------------------------------------------------------------


class Applier:
    """Applies the commands in order to the CSD state."""

    def __init__(self, path: str):
        self.path = path
        self.csd = Csd()
        self.diagnostics: list[Diagnostic] = []

    def note(self, severity: str, code: str, message: str, line: int) -> None:
        self.diagnostics.append(Diagnostic(severity, code, message, self.path, line))

    def apply(self, command: Command) -> None:
        verb = abbreviation(command.options[0].name, COMMANDS) if command.options else None
        if verb in ("DEFINE", "USERDEFINE"):
            self.define(command)
        elif verb == "ALTER":
            self.alter(command)
        elif verb == "DELETE":
            self.delete(command)
        elif verb in ("ADD", "REMOVE", "APPEND"):
            self.list_change(verb, command)
        elif verb == "COPY":
            self.note("info", "csd-not-modelled", "COPY is not followed: the copies are not in the facts", command.line)
        elif verb not in QUIET_COMMANDS:
            first = command.options[0].name if command.options else ""
            self.note("warning", "csd-unknown-statement", f"unknown command {first} skipped", command.line)

    def resource(self, command: Command) -> tuple[str, str, dict[str, str], dict[str, int]] | None:
        """Resource type, name and the other options (canonical keys) of a DEFINE/ALTER/DELETE."""
        if len(command.options) < 2 or command.options[1].value is None:
            return None
        first = command.options[1]
        rtype = abbreviation(first.name, RESOURCE_TYPES)
        if rtype is None:
            return None
        options: dict[str, str] = {}
        lines: dict[str, int] = {}
        for option in command.options[2:]:
            if option.value is None:
                self.note("warning", "csd-syntax", f"{option.name} without a (value) ignored", option.line)
                continue
            name = abbreviation(option.name, OPTIONS) or option.name
            options[name.lower()] = option.value.upper() if name in NAME_OPTIONS else option.value
            lines[name.lower()] = option.line
        return rtype, first.value.strip().upper(), options, lines

    def define(self, command: Command) -> None:
        found = self.resource(command)
        if found is None:
            what = " ".join(o.name for o in command.options[:2])
            self.note("warning", "csd-unknown-statement", f"{what}: unknown resource type or no name; skipped", command.line)
            return
        rtype, name, options, lines = found
        group = options.get("group", "")
        if not group:
            self.note("warning", "csd-no-group", f"{rtype} {name} has no GROUP", command.line)
        options = {"group": group, **options}
        definition = Definition(rtype, name, group, options, lines, command.line, command.end_line)
        earlier = self.find(definition.key)
        if earlier is not None:
            self.note("warning", "csd-duplicate", f"{rtype} {name} is defined again in group {group}; the later definition is kept", command.line)
            self.csd.definitions.remove(earlier)
        self.csd.definitions.append(definition)

    def find(self, key: tuple[str, str, str]) -> Definition | None:
        return next((d for d in self.csd.definitions if d.key == key), None)

    def alter(self, command: Command) -> None:
        found = self.resource(command)
        definition = self.find((found[0], found[1], found[2].get("group", ""))) if found else None
        if found is None or definition is None:
            self.note("info", "csd-alter", "ALTER of a definition not made in this file; ignored", command.line)
            return
        _, _, options, lines = found
        definition.options.update(options)
        definition.lines.update(lines)

    def delete(self, command: Command) -> None:
        found = self.resource(command)
        if found is not None:
            rtype, name, options, _ = found
            group = options.get("group")
            self.csd.definitions = [d for d in self.csd.definitions if not (d.rtype == rtype and d.name == name and group in (None, d.group))]
            return
        options = {abbreviation(o.name, OPTIONS) or o.name: (o.value or "").upper() for o in command.options[1:]}
        if "GROUP" in options:
            self.csd.definitions = [d for d in self.csd.definitions if d.group != options["GROUP"]]
        elif "LIST" in options:
            self.csd.lists.pop(options["LIST"], None)

    def list_change(self, verb: str, command: Command) -> None:
        """ADD/REMOVE GROUP(g) LIST(l), APPEND LIST(a) TO(b)."""
        options = {abbreviation(o.name, OPTIONS) or o.name: (o.value or "").upper() for o in command.options[1:]}
        lists = self.csd.lists
        if verb == "ADD" and options.get("GROUP") and options.get("LIST"):
            members = lists.setdefault(options["LIST"], [])
            if options["GROUP"] not in members:
                members.append(options["GROUP"])
        elif verb == "REMOVE" and options.get("GROUP") and options.get("LIST"):
            if options["GROUP"] in lists.get(options["LIST"], []):
                lists[options["LIST"]].remove(options["GROUP"])
        elif verb == "APPEND" and options.get("LIST") and options.get("TO"):
            members = lists.setdefault(options["TO"], [])
            members.extend(g for g in lists.get(options["LIST"], []) if g not in members)
        else:
            self.note("warning", "csd-syntax", f"{verb} needs GROUP and LIST (APPEND: LIST and TO); skipped", command.line)


# facts -----------------------------------------------------------------------------------------


def csd_module(source: SourceFile, csd: Csd, line_count: int) -> Module:
    """The file itself: every definition as a symbol, and what it makes known to the graph."""
    module = Module(
        name=source.member,
        kind=ModuleKind.CSD,
        language="csd",
        path=source.path,
        line=1,
        end_line=line_count,
    )
    groups: list[str] = []
    for definition in csd.definitions:
        module.symbols.append(Symbol(definition.name, definition.rtype.lower(), definition.line, definition.end_line, source.path, dict(definition.options)))
        if definition.group and definition.group not in groups:
            groups.append(definition.group)
        target_kind = DEFINES.get(definition.rtype)
        if target_kind is None:
            continue
        attributes = {"group": definition.group, "resource": definition.rtype.lower()}
        target = definition.name
        if definition.rtype == "TSMODEL" and definition.options.get("prefix"):
            target = definition.options["prefix"]
            attributes["prefix"] = True
        module.references.append(Reference(ReferenceKind.DEFINES, target, target_kind, Mechanism.CSD, definition.line, source.path, attributes=attributes))
    module.attributes = {"groups": groups, "lists": {name: list(members) for name, members in csd.lists.items()}}
    module.metrics = {"lines": line_count, "definitions": len(csd.definitions)}
    return module


def transaction_module(source: SourceFile, definition: Definition, csd: Csd) -> Module:
    """A transaction: the entry point of an online flow, and the program it starts."""
    module = Module(definition.name, ModuleKind.TRANSACTION, "csd", source.path, definition.line, definition.end_line, attributes=dict(definition.options))
    program = definition.options.get("program")
    if program:
        module.references.append(Reference(ReferenceKind.STARTS, program, NodeKind.PROGRAM, Mechanism.CSD, definition.lines.get("program", definition.line), source.path))
    module.attributes.update(db2_facts(definition.name, csd))
    return module


def db2_facts(transid: str, csd: Csd) -> dict[str, str]:
    """The DB2ENTRY (and its plan) a transaction runs under: via a DB2TRAN or the entry's TRANSID."""
    by_name = {d.name: d for d in csd.definitions if d.rtype == "DB2ENTRY"}
    entry = next((d.options.get("entry", "") for d in csd.definitions if d.rtype == "DB2TRAN" and matches(transid, d.options.get("transid", ""))), "")
    if not entry:
        entry = next((d.name for d in by_name.values() if matches(transid, d.options.get("transid", ""))), "")
    if not entry:
        return {}
    facts = {"db2entry": entry}
    plan = by_name[entry].options.get("plan") if entry in by_name else None
    if plan:
        facts["plan"] = plan
    return facts


def matches(transid: str, pattern: str) -> bool:
    """CICS generic names: ``*`` any characters, ``+`` exactly one."""
    return bool(pattern) and fnmatch.fnmatchcase(transid, pattern.replace("+", "?"))


def file_module(source: SourceFile, definition: Definition) -> Module:
    """A CICS file: its name is what programs use, its DSNAME the data set they really touch."""
    module = Module(definition.name, ModuleKind.CICSFILE, "csd", source.path, definition.line, definition.end_line, attributes=dict(definition.options))
    dsname = definition.options.get("dsname")
    if dsname:
        line = definition.lines.get("dsname", definition.line)
        options = definition.options
        yes = {key for key in ("read", "browse", "add", "update", "delete") if options.get(key, "").upper() == "YES"}
        if options.get("read", "YES").upper() != "NO" or "browse" in yes:
            module.references.append(Reference(ReferenceKind.READS, dsname, NodeKind.DATASET, Mechanism.CSD, line, source.path))
        if yes & {"add", "update", "delete"}:
            module.references.append(Reference(ReferenceKind.WRITES, dsname, NodeKind.DATASET, Mechanism.CSD, line, source.path))
    return module


def capped(diagnostics: list[Diagnostic], path: str) -> list[Diagnostic]:
    """At most MAX_WARNINGS warnings: a file that is not a CSD at all should not bury the report."""
    warnings = [d for d in diagnostics if d.severity == "warning"]
    if len(warnings) <= MAX_WARNINGS:
        return diagnostics
    dropped = {id(d) for d in warnings[MAX_WARNINGS:]}
    kept = [d for d in diagnostics if id(d) not in dropped]
    kept.append(Diagnostic("warning", "csd-many-warnings", f"{len(dropped)} more warnings not shown", path, None))
    return kept


def bundle_definitions(source: SourceFile, text: str) -> tuple[Csd, list[Diagnostic]]:
    """The definitions of a CICS bundle part: ``<cicsdefinitionTYPE name=".." option=".."/>``."""
    csd = Csd()
    diagnostics: list[Diagnostic] = []
    group = posixpath.basename(posixpath.dirname(source.path)) or "BUNDLE"
    for element in RE_BUNDLE_ELEMENT.finditer(text):
        rtype = abbreviation(element.group(1).upper(), RESOURCE_TYPES)
        line = text.count("\n", 0, element.start()) + 1
        if rtype is None:
            diagnostics.append(Diagnostic("info", "csd-not-modelled", f"bundle resource {element.group(1)} is not modelled", source.path, line))
            continue
        options: dict[str, str] = {}
        for attribute in RE_BUNDLE_ATTRIBUTE.finditer(element.group(2)):
            key = attribute.group(1).lower()
            if key == "xmlns" or key.startswith("xmlns:"):
                continue
            value = html.unescape(attribute.group(2) if attribute.group(2) is not None else attribute.group(3) or "")
            options[key] = value.upper() if key.upper() in NAME_OPTIONS or key == "name" else value
        name = options.pop("name", "").strip()
        if not name:
            diagnostics.append(Diagnostic("warning", "csd-syntax", f"bundle {rtype} without a name skipped", source.path, line))
            continue
        end_line = text.count("\n", 0, element.end()) + 1
        options = {"group": group, **options}
        csd.definitions.append(Definition(rtype, name, group, options, dict.fromkeys(options, line), line, end_line))
    if not csd.definitions and not diagnostics:
        diagnostics.append(Diagnostic("warning", "csd-syntax", "no CICS resource definition found in this bundle part", source.path, 1))
    return csd, diagnostics


def parse(source: SourceFile, text: str, context: ParseContext) -> ParseResult:
    """Facts for one CSD file: the file itself, then a Module per transaction and per file."""
    if text.lstrip()[:1] == "<":
        csd, diagnostics = bundle_definitions(source, text)
        modules = csd_modules(source, csd, [], len(text.splitlines()))[1:]  # a part is no CSD of its own
        return ParseResult(modules=modules, diagnostics=diagnostics)
    reader = Reader(source.path)
    commands = reader.commands(text)
    applier = Applier(source.path)
    for command in commands:
        applier.apply(command)
    diagnostics = capped(reader.diagnostics + applier.diagnostics, source.path)
    return ParseResult(modules=csd_modules(source, applier.csd, diagnostics, len(text.splitlines())))


def csd_modules(source: SourceFile, csd: Csd, diagnostics: list[Diagnostic], line_count: int) -> list[Module]:
    """The CSD file's module, then one per transaction and per CICS file it defines."""
    modules = [csd_module(source, csd, line_count)]
    for definition in csd.definitions:
        if definition.rtype == "TRANSACTION":
            modules.append(transaction_module(source, definition, csd))
        elif definition.rtype == "FILE":
            modules.append(file_module(source, definition))
    modules[0].diagnostics = sorted(diagnostics, key=Diagnostic.sort_key)
    return modules
