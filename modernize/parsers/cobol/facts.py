"""Turn a parsed COBOL program into language-neutral Module facts.

Symbols: paragraphs and sections (with spans, what they perform and go to), data items with their
layout, files, entry points. References: copybooks, static/dynamic/CICS calls, files with the
direction from OPEN modes, SQL tables with operations, CICS maps/files/queues/transactions.
Metrics: lines, statements, cyclomatic complexity per paragraph and program, GO TO/ALTER counts,
nesting depth and paragraphs unreachable from the entry.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from modernize.catalog import is_runtime_service
from modernize.model import (
    Diagnostic,
    Mechanism,
    Module,
    ModuleKind,
    NodeKind,
    Reference,
    ReferenceKind,
    Symbol,
)
from modernize.parsers.cobol import cics
from modernize.parsers.cobol.ast import DataEntry, Paragraph, Program, Stmt
from modernize.parsers.cobol.copybooks import CopyRecord
from modernize.parsers.cobol.data import NATIVE_DIGITS, lay_out_records, picture_info
from modernize.parsers.cobol.exec_blocks import (
    CICS_PROGRAM_COMMANDS,
    CICS_TRANSACTION_COMMANDS,
    SQL_OPERATIONS,
    ExecInfo,
    analyse,
)
from modernize.parsers.cobol.flow import Flow, ends_run
from modernize.parsers.cobol.lexer import OP, STRING, WORD, Token, literal_value
from modernize.parsers.cobol.parser import FIGURATIVE
from modernize.parsers.cobol.rules import condition_text, operand_values, split_also, when_text
from modernize.parsers.cobol.source import CodeLine, SourceStats
from modernize.parsers.cobol.uses import usage_facts

READS, WRITES = ReferenceKind.READS, ReferenceKind.WRITES
CICS_FILE_OPS = {"READ": READS, "READNEXT": READS, "READPREV": READS, "STARTBR": READS, "WRITE": WRITES, "REWRITE": WRITES, "DELETE": WRITES}
CICS_QUEUE_OPS = {"READQ TS": READS, "READQ TD": READS, "WRITEQ TS": WRITES, "WRITEQ TD": WRITES, "DELETEQ TS": WRITES, "DELETEQ TD": WRITES}
FILE_VERBS = frozenset({"READ", "START", "WRITE", "REWRITE", "DELETE"})
DLI_OPS = {"GU": READS, "GN": READS, "GNP": READS, "GHU": READS, "GHN": READS, "GHNP": READS, "ISRT": WRITES, "REPL": WRITES, "DLET": WRITES}


@dataclass
class Context:
    """What facts for one program need from outside the program tree."""

    path: str
    lines: list[CodeLine]
    copies: list[CopyRecord]
    stats: SourceStats
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def where(self, li: int) -> tuple[str, int]:
        try:
            line = self.lines[li]  # asked for every data item, statement and rule
        except IndexError:
            if not self.lines:
                return self.path, 0
            line = self.lines[-1]
        return line.path, line.line

    def line(self, li: int) -> int:
        return self.where(li)[1]


def decisions(tokens: list[Token]) -> int:
    """AND/OR in a condition each add a path (extended McCabe)."""
    return len([t for t in tokens if (t[1] == "AND" or t[1] == "OR") and t[0] == WORD])


class ProgramFacts:
    """Builds the Module of one program (nested programs get their own Modules)."""

    def __init__(self, program: Program, ctx: Context, parent: str | None = None, kind: ModuleKind = ModuleKind.PROGRAM):
        self.program = program
        self.kind = kind
        self.ctx = ctx
        self.parent = parent
        self.references: list[Reference] = []
        self.symbols: list[Symbol] = []
        self.data_by_name: dict[str, list[DataEntry]] = defaultdict(list)
        self.moves: dict[str, list[tuple[Stmt, Any]]] = defaultdict(list)  # target -> (the MOVE, its source tokens)
        self.exec_infos: list[ExecInfo] = []
        self.exec_at: dict[int, Stmt] = {}  # id(ExecInfo) -> its EXEC statement
        self.cursors: dict[str, list[tuple[str, str]]] = {}
        self.rules: list[dict[str, Any]] = []
        self.accepts: list[str] = []  # data items ACCEPTed from SYSIN (no FROM, or FROM SYSIN)
        self.copied: set[tuple[str, str]] = set()  # (source, target) of MOVE item TO item
        self.handlers: list[dict[str, Any]] = []  # HANDLE ABEND/CONDITION/AID registrations
        self.strung: dict[str, list[list[Token]]] = defaultdict(list)  # target -> the operands of each STRING into it

    # entry point -----------------------------------------------------------------------------

    def build(self) -> list[Module]:
        program = self.program
        records = program.data
        lay_out_records(records, fragment=self.kind == ModuleKind.COPYBOOK)
        for entry in self.entries:
            self.data_by_name[entry.name].append(entry)
            for condition in entry.conditions:
                self.data_by_name[condition.name].append(condition)
        start_line = self.ctx.line(program.li)
        end_line = self.ctx.line(program.end_li) if program.end_li is not None else None
        module = Module(
            name=program.name or "UNNAMED",
            kind=self.kind,
            language="cobol",
            path=self.ctx.path,
            line=start_line,
            end_line=end_line,
            attributes={"identification": dict(program.identification)},
        )
        if self.parent:
            module.attributes["nested_in"] = self.parent
        if program.attributes:
            module.attributes["program_attributes"] = sorted(set(program.attributes))
        header = header_text(self.ctx.stats.header_comments) if not self.parent else []
        if header:
            module.attributes["header_comments"] = header
        if program.using:
            module.attributes["using"] = list(program.using)
        if program.returning:
            module.attributes["returning"] = program.returning
        self.collect_statements()
        self.add_data_symbols()
        self.add_file_facts()
        metrics = self.add_paragraph_facts()
        self.add_exec_facts()
        self.add_call_facts()
        if not self.parent:
            self.add_copy_facts()
        module.symbols = self.symbols
        module.references = sorted(self.references, key=Reference.sort_key)
        module.metrics = metrics
        if self.rules:
            module.attributes["business_rules"] = self.rules
        if self.handlers:
            module.attributes["handlers"] = self.handlers
        module.attributes.update(usage_facts(program, self.entries, self.exec_infos, self.ctx.where, self.ctx.path))
        if self.accepts:
            module.attributes["sysin"] = sorted(set(self.accepts))
        if self.copied:
            module.attributes["copied"] = sorted([source, target] for source, target in self.copied)
        modules = [module]
        for nested in program.nested:
            child = ProgramFacts(nested, self.ctx, parent=module.name)
            modules.extend(child.build())
            module.references.append(Reference(ReferenceKind.CONTAINS, nested.name, NodeKind.PROGRAM, Mechanism.NESTED, self.ctx.line(nested.li),
                                               self.ctx.where(nested.li)[0], True))
        return modules

    # walking the statements ------------------------------------------------------------------

    def collect_statements(self) -> None:
        for li, text in self.program.exec_blocks:
            self.exec_infos.append(analyse(text, li))
        for paragraph in self.program.paragraphs:
            for s in paragraph.every_statement():
                if s.verb == "EXEC":
                    info = analyse(s.args["text"], s.li)
                    self.exec_infos.append(info)
                    self.exec_at[id(info)] = s
                    self.add_handlers(info, paragraph)
                elif s.verb == "MOVE":
                    source = s.args["source"]
                    for target in s.args["targets"]:
                        self.moves[target].append((s, source))
                    if len(source) == 1 and source[0][0] == WORD and source[0][1] in self.data_by_name:
                        self.copied.update((source[0][1], target) for target in s.args["targets"] if target in self.data_by_name)
                elif s.verb == "STRING":
                    for target in s.args["targets"]:
                        self.strung[target].append(s.args["operands"])
                elif s.verb == "ACCEPT":
                    words = [t[1] for t in s.args.get("operands", []) if t[0] == WORD]
                    if words and words[0] in self.data_by_name and (len(words) == 1 or words[1:3] == ["FROM", "SYSIN"]):
                        self.accepts.append(words[0])
                elif s.verb == "IF":
                    self.rule(paragraph, s, "IF", condition_text(s.args["condition"]), s.args["condition"],
                              branches=[self.first_line(s, label) for label in ("THEN", "ELSE")])
                elif s.verb == "EVALUATE":
                    bodies = [body for label, body in s.blocks if label == "WHEN"]
                    subjects = split_also(s.args["subject"])
                    for when, body in zip(s.args["whens"], bodies, strict=False):
                        tokens = [t for o in when["objects"] for t in o]
                        self.rule(paragraph, s, "WHEN", when_text(s.args["subject"], when["objects"], subjects), tokens, when["li"],
                                  branches=[self.body_line(body)])

    def add_handlers(self, info: ExecInfo, paragraph: Paragraph) -> None:
        """HANDLE ABEND/CONDITION/AID: which condition sends control to which paragraph (or program)."""
        path, line = self.ctx.where(info.li)
        for condition, label, program in cics.registrations(info):
            handler = {"command": info.command, "condition": condition, "paragraph": paragraph.name, "path": path, "line": line}
            if label:
                handler["label"] = label
            if program:
                handler["program"] = program  # as written; add_cics makes the call
            self.handlers.append(handler)

    def rule(self, paragraph: Paragraph, stmt: Stmt, kind: str, text: str, tokens: list[Token], li: int | None = None,
             branches: list[int] | None = None) -> None:
        path, line = self.ctx.where(li if li is not None else stmt.li)
        names = sorted({t[1] for t in tokens if t[0] == WORD and t[1] in self.data_by_name})
        self.rules.append(
            {"kind": kind, "condition": text, "paragraph": paragraph.name, "path": path, "line": line,
             "data": names, "literals": operand_values(tokens), "branches": branches or []}
        )

    def first_line(self, stmt: Stmt, label: str) -> int:
        return next((self.body_line(body) for name, body in stmt.blocks if name == label), 0)

    def body_line(self, body: list[Stmt]) -> int:
        """The line of a branch's first statement, where a trace shows the branch was taken (0: an
        empty branch, or one whose first statement is in another file, a copybook)."""
        if not body:
            return 0
        path, line = self.ctx.where(body[0].li)
        return line if path == self.ctx.path else 0

    # data ------------------------------------------------------------------------------------

    def add_data_symbols(self) -> None:
        where, append = self.ctx.where, self.symbols.append
        for entry in self.entries:
            path, line = where(entry.li)
            attributes: dict[str, Any] = {"level": entry.level, "offset": entry.offset, "length": entry.length, "section": entry.section}
            if entry.picture:
                info = picture_info(entry.picture)
                attributes.update({"picture": entry.picture, "category": info.category, "digits": info.digits, "scale": info.scale,
                                   "signed": info.signed})
            elif entry.usage in NATIVE_DIGITS and not entry.children:
                # no PICTURE: a signed integer of its size, the digits every value of which fits in it
                attributes.update({"category": "numeric", "digits": NATIVE_DIGITS[entry.usage], "scale": 0, "signed": True})
            if entry.usage and entry.usage != "DISPLAY":
                attributes["usage"] = entry.usage
            if entry.redefines:
                attributes["redefines"] = entry.redefines
            if entry.depending_on:
                attributes["depending_on"] = entry.depending_on
            if entry.sign:
                attributes["sign"] = entry.sign
            if entry.file:
                attributes["file"] = entry.file
            if entry.occurs_max:
                attributes["occurs"] = entry.occurs_max
                if entry.occurs_min != entry.occurs_max:
                    attributes["occurs_min"] = entry.occurs_min
            if entry.indexed_by:
                attributes["indexed_by"] = entry.indexed_by
            if entry.sign_separate:
                attributes["sign_separate"] = True
            if entry.values:
                attributes["value"] = entry.values
            if entry.parent is not None:
                attributes["parent"] = entry.parent.name
            if entry.renames:
                attributes["renames"] = [r for r in entry.renames if r]
            if entry.conditions:
                attributes["conditions"] = {c.name: list(c.values) for c in entry.conditions}
            append(Symbol(entry.name, "data", line, None, path, attributes))

    def add_file_facts(self) -> None:
        program = self.program
        modes: dict[str, set[str]] = defaultdict(set)
        file_lines: dict[str, int] = {}
        for paragraph in program.paragraphs:
            for s in paragraph.every_statement():
                if s.verb == "OPEN":
                    for mode, name in s.args["files"]:
                        modes[name].add(mode)
                        file_lines.setdefault(name, s.li)
        fds = {fd.name: fd for fd in program.fds}
        statements = self.file_statements()
        for control in program.files:
            path, line = self.ctx.where(control.li)
            fd = fds.get(control.name)
            attributes = {
                "assign": control.assign, "ddname": control.ddname, "organization": control.organization,
                "access": control.access, "open_modes": sorted(modes.get(control.name, ())),
            }
            if control.record_key:
                attributes["record_key"] = control.record_key
            if control.alternate_keys:
                attributes["alternate_keys"] = [[name, duplicates] for name, duplicates in control.alternate_keys]
            if control.status:
                attributes["status"] = control.status
            if statements.get(control.name):
                attributes["statements"] = statements[control.name]
            if fd is not None:
                attributes["records"] = fd.records
                attributes["fd"] = fd.kind
                if fd.recording_mode:
                    attributes["recording_mode"] = fd.recording_mode
                lengths = [e.length for e in program.data if e.file == control.name]
                if lengths:
                    attributes["record_length"] = max(lengths)
            self.symbols.append(Symbol(control.name, "file", line, None, path, attributes))
            if fd is not None and fd.kind == "SD":
                continue
            directions: set[ReferenceKind] = set()
            for mode in modes.get(control.name, ()):
                if mode == "INPUT":
                    directions.add(READS)
                elif mode in ("OUTPUT", "EXTEND"):
                    directions.add(WRITES)
                elif mode == "I-O":
                    directions.update((READS, WRITES))
            unopened = not directions  # never opened here: read, as far as anyone can tell
            for direction in sorted(directions or {READS}):
                open_li = file_lines.get(control.name, control.li)
                self.references.append(
                    Reference(
                        direction, control.ddname or control.name, NodeKind.FILE, Mechanism.DD,
                        self.ctx.line(open_li), self.ctx.where(open_li)[0], False,
                        {"file": control.name, "assign": control.assign, "organization": control.organization,
                         **({"unopened": True} if unopened else {})},
                    )
                )

    def file_statements(self) -> dict[str, list[dict[str, Any]]]:
        """File -> its I/O statements (READ, START, WRITE, REWRITE, DELETE) with where each stands,
        in source order: what the program does to the file's records, which its OPEN modes only
        allow. READ, START and DELETE name the file; WRITE and REWRITE a record of its FD."""
        files = {control.name for control in self.program.files}
        owner = {record: fd.name for fd in self.program.fds for record in fd.records}
        found: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for paragraph in self.program.paragraphs:
            for s in paragraph.every_statement():
                if s.verb not in FILE_VERBS:
                    continue
                target = s.args.get("target", "")
                name = owner.get(target, target) if s.verb in ("WRITE", "REWRITE") else target
                if name in files:
                    path, line = self.ctx.where(s.li)
                    found[name].append({"verb": s.verb, "path": path, "line": line})
        return dict(found)

    # paragraphs, control flow, metrics -------------------------------------------------------

    def add_paragraph_facts(self) -> dict[str, Any]:
        program = self.program
        paragraphs = [p for p in program.paragraphs if p.name]
        names = [p.name for p in program.paragraphs]
        index = {p.name: i for i, p in enumerate(program.paragraphs) if p.name}
        performs: dict[int, set[tuple[int, int]]] = defaultdict(set)
        gotos: dict[int, set[int]] = defaultdict(set)
        total_complexity = 1
        statements = goto_count = alter_count = max_depth = 0
        unresolved: set[str] = set()

        def range_of(name: str, thru: str | None = None) -> set[tuple[int, int]]:
            """The paragraphs a PERFORM runs, as (first, last) indexes; empty when unknown."""
            if name not in index:
                unresolved.add(name)
                return set()
            first = index[name]
            last = self.section_end(first) if program.paragraphs[first].is_section else first
            if thru:
                if thru not in index:
                    unresolved.add(thru)
                else:
                    last = index[thru]
                    if program.paragraphs[last].is_section:
                        last = self.section_end(last)
            return {(first, max(first, last))}

        def target_of(name: str) -> set[int]:
            if name not in index:
                unresolved.add(name)
                return set()
            return {index[name]}

        for i, paragraph in enumerate(program.paragraphs):
            complexity = 1
            performed: list[str] = []
            went: list[str] = []
            depth_here = 0
            for s, depth in zip(paragraph.every_statement(), paragraph.statement_depths(), strict=True):
                statements += 1
                if depth > depth_here:
                    depth_here = depth
                verb = s.verb
                if verb == "IF":
                    complexity += 1 + decisions(s.args["condition"])
                elif verb == "EVALUATE":
                    for when in s.args["whens"]:
                        objects = when["objects"]
                        if not (len(objects) == 1 and objects[0] and objects[0][0][1] == "OTHER"):
                            complexity += len(objects)
                elif verb == "SEARCH":
                    complexity += len(s.args["whens"])
                elif verb == "PERFORM":
                    options = s.args.get("options", [])
                    if any(t[1] in ("UNTIL", "VARYING") for t in options):
                        complexity += 1 + decisions(options)
                    if "target" in s.args:
                        performed.append(s.args["target"] + (f" THRU {s.args['thru']}" if "thru" in s.args else ""))
                        performs[i].update(range_of(s.args["target"], s.args.get("thru")))
                elif verb == "GO":
                    goto_count += 1
                    complexity += max(0, len(s.args["targets"]) - 1)
                    for target in s.args["targets"]:
                        went.append(target)
                        gotos[i].update(target_of(target))
                elif verb == "ALTER":
                    alter_count += 1
                    for _, target in s.args["pairs"]:
                        gotos[i].update(target_of(target))
                elif verb in ("SORT", "MERGE"):
                    for key in ("input_procedure", "output_procedure"):
                        procedure = s.args.get(key)
                        if procedure:
                            performed.append(" THRU ".join(procedure))
                            performs[i].update(range_of(procedure[0], procedure[1] if len(procedure) > 1 else None))
                if s.blocks:
                    complexity += len([label for label, _ in s.blocks if label not in ("THEN", "ELSE", "WHEN", "BODY")])
            total_complexity += complexity - 1
            max_depth = max(max_depth, depth_here)
            if paragraph.name:
                path, line = self.ctx.where(paragraph.li)
                end = self.ctx.line(paragraph.end_li) if paragraph.end_li is not None else None
                attributes: dict[str, Any] = {"complexity": complexity, "statements": len(paragraph.every_statement())}
                if paragraph.section and not paragraph.is_section:
                    attributes["section"] = paragraph.section
                if performed:
                    attributes["performs"] = performed
                if went:
                    attributes["goes_to"] = went
                if paragraph.declarative:
                    attributes["declarative"] = True
                self.symbols.append(Symbol(paragraph.name, "section" if paragraph.is_section else "paragraph", line, end, path, attributes))
        # CICS passes control to a HANDLE ABEND/CONDITION/AID label as to the target of a GO TO.
        handled = {index[h["label"]] for h in self.handlers if h.get("label") in index}
        reachable = self.reachable(performs, gotos, handled)
        dead = [p.name for i, p in enumerate(program.paragraphs) if p.name and i not in reachable]
        dead_names = set(dead)
        for symbol in self.symbols:
            if symbol.kind in ("paragraph", "section") and symbol.name in dead_names:
                symbol.attributes["unreachable"] = True
        for name in sorted(unresolved):
            self.ctx.diagnostics.append(
                Diagnostic("warning", "unknown-procedure", f"PERFORM/GO TO target {name} is not a paragraph or section of {program.name}", self.ctx.path, None)
            )
        for handler in self.handlers:
            if handler.get("label") and handler["label"] not in index:
                self.ctx.diagnostics.append(Diagnostic("warning", "unknown-procedure", f"{handler['command']} label {handler['label']} is not a "
                                                       f"paragraph or section of {program.name}", handler["path"], handler["line"]))
        for entry_stmt in (s for p in program.paragraphs for s in p.every_statement() if s.verb == "ENTRY"):
            path, line = self.ctx.where(entry_stmt.li)
            self.symbols.append(Symbol(entry_stmt.args["name"], "entry", line, None, path, {"using": entry_stmt.args["using"]}))
        if program.has_procedure:
            path, line = self.ctx.where(program.li)
            self.symbols.append(Symbol(program.name, "entry", line, None, path, {"using": list(program.using)}))
        stats = self.ctx.stats
        if self.parent:
            # A nested program: count its own span, not the whole file's.
            first, last = self.ctx.line(program.li), self.ctx.line(program.end_li or program.li)
            own = {(line.line) for line in self.ctx.lines if line.path == self.ctx.path and first <= line.line <= last}
            counts = {"lines": last - first + 1, "code_lines": len(own)}
        else:
            counts = {"lines": stats.lines, "code_lines": stats.code_lines, "comment_lines": stats.comment_lines, "blank_lines": stats.blank_lines}
        return {
            **counts,
            "statements": statements,
            "paragraphs": len([p for p in paragraphs if not p.is_section]),
            "sections": len([p for p in paragraphs if p.is_section]),
            "complexity": total_complexity,
            "goto": goto_count,
            "alter": alter_count,
            "max_nesting": max_depth,
            "unreachable_paragraphs": len(dead),
            "data_items": len(self.entries),
            "paragraph_names": len(set(names)),
        }

    def section_end(self, first: int) -> int:
        paragraphs = self.program.paragraphs
        last = first
        for j in range(first + 1, len(paragraphs)):
            if paragraphs[j].is_section:
                break
            last = j
        return last

    def reachable(self, performs: dict[int, set[tuple[int, int]]], gotos: dict[int, set[int]], handled: set[int]) -> set[int]:
        """Paragraphs reachable from the entry by falling through, GO TO, PERFORM and SORT procedures.

        Each visit carries the PERFORM range it runs in (None for the main flow): falling through
        stops at the end of a performed range, because control returns to the performer there. A
        GO TO inside the range stays in it; a GO TO out of it continues as plain flow.
        Declaratives are entry points of their own and never fall into the main code; so are the
        labels of CICS handlers (``handled``), entered as plain flow.
        """
        paragraphs = self.program.paragraphs
        if not paragraphs:
            return set()
        entry = next((i for i, p in enumerate(paragraphs) if not p.declarative), 0)
        seen: set[tuple[int, tuple[int, int] | None]] = set()
        pending: list[tuple[int, tuple[int, int] | None]] = [(entry, None)]
        pending += [(i, None) for i, p in enumerate(paragraphs) if p.declarative]
        pending += [(i, None) for i in sorted(handled)]
        while pending:
            state = pending.pop()
            if state in seen:
                continue
            seen.add(state)
            i, active = state
            for first, last in performs.get(i, ()):
                pending.append((first, (first, last)))
            for target in gotos.get(i, ()):
                inside = active is not None and active[0] <= target <= active[1]
                pending.append((target, active if inside else None))
            if i + 1 >= len(paragraphs) or paragraphs[i + 1].declarative != paragraphs[i].declarative:
                continue
            if ends_in_transfer(paragraphs[i]):
                continue
            if active is None or i < active[1]:
                pending.append((i + 1, active))
        return {i for i, _ in seen}

    # calls, CICS, SQL ------------------------------------------------------------------------

    def add_call_facts(self) -> None:
        for paragraph in self.program.paragraphs:
            for s in paragraph.every_statement():
                if s.verb == "CALL":
                    self.add_call(s)

    def add_call(self, s: Stmt) -> None:
        path, line = self.ctx.where(s.li)
        target = s.args["target"]
        using = [u["name"] for u in s.args["using"]]
        attributes: dict[str, Any] = {"using": s.args["using"]} if using else {}
        if target in ("CBLTDLI", "AIBTDLI", "CEETDLI"):
            function = s.args["using"][0]["name"] if s.args["using"] else ""
            attributes["function"] = function
            self.references.append(Reference(ReferenceKind.CALLS, target, NodeKind.PROGRAM, Mechanism.IMS, line, path, False, attributes))
            return
        if not s.args["dynamic"]:
            if is_runtime_service(target):
                attributes["system"] = True
            self.references.append(Reference(ReferenceKind.CALLS, target, NodeKind.PROGRAM, Mechanism.STATIC, line, path, False, attributes))
            return
        self.add_dynamic(target, ReferenceKind.CALLS, NodeKind.PROGRAM, Mechanism.DYNAMIC, line, path, attributes, s)

    def add_dynamic(self, variable: str, kind: str, target_kind: str, via: str, line: int, path: str, attributes: dict[str, Any],
                    at: Stmt | None = None) -> None:
        found = self.values_at(variable, at)
        if target_kind == NodeKind.PROGRAM:
            # The program itself as the target of a dynamic call needs real evidence: its name put
            # into the variable right before the call (a return-to field it fills for the program it
            # hands over to is not that).
            found = {value: strong for value, strong in found.items() if strong or value not in self.own_names}
        values = set(found)
        if values:
            for value in sorted(values):
                self.references.append(Reference(kind, value, target_kind, via, line, path, False, {**attributes, "variable": variable}))
        else:
            self.unresolved(variable, kind, target_kind, via, line, path, attributes)

    def unresolved(self, variable: str, kind: str, target_kind: str, via: str, line: int, path: str, attributes: dict[str, Any]) -> None:
        """A name only known at run time: kept as the variable, with what is known of its shape."""
        extra: dict[str, Any] = {"variable": variable, "unresolved": True}
        pattern = self.pattern_of(variable)
        if pattern:
            extra["pattern"] = pattern
        self.references.append(Reference(kind, variable, target_kind, via, line, path, False, {**attributes, **extra}))
        known = f" (it looks like {pattern})" if pattern else ""
        self.ctx.diagnostics.append(
            Diagnostic("info", "dynamic-target-unresolved", f"{via} target held in {variable}: no candidate names found{known}", path, line)
        )

    def pattern_of(self, variable: str) -> str | None:
        """A group of fixed and variable parts, like 'TSAU' + terminal id, gives 'TSAU*'; so does a
        STRING 'TSAU' TERM-ID DELIMITED BY SIZE INTO the variable."""
        candidates = [[group_part(child) for child in entry.children] for entry in self.data_by_name.get(variable, []) if entry.children]
        candidates += [string_parts(operands) for operands in self.strung.get(variable, [])]
        for parts in candidates:
            pattern = "".join(parts).rstrip()
            while "**" in pattern:
                pattern = pattern.replace("**", "*")
            if pattern.strip("*"):
                return pattern
        return None

    @functools.cached_property
    def entries(self) -> list[DataEntry]:
        """Every data entry of the program's records, in source order (walked once, read by several passes)."""
        return [entry for record in self.program.data for entry in record.walk()]

    @functools.cached_property
    def flow(self) -> Flow:
        """Where each statement stands and what repeats: built only for a program with a target held
        in a variable (most have none, and it is a walk over every statement)."""
        return Flow(self.program.paragraphs)

    @functools.cached_property
    def own_names(self) -> frozenset[str]:
        """The names this program is called by: its PROGRAM-ID and its ENTRY points."""
        entries = {s.args["name"] for p in self.program.paragraphs for s in p.every_statement() if s.verb == "ENTRY" and s.args["name"]}
        return frozenset({self.program.name.upper(), *entries})

    def values_at(self, variable: str, at: Stmt | None, depth: int = 0, limit: int = 8) -> dict[str, bool]:
        """Literal values a variable can hold at ``at`` (anywhere when None), each with whether the
        evidence is strong: every MOVE on the way stands right before its use in the same paragraph
        (``Flow.strongly_reaches``), a VALUE clause only on a variable nothing MOVEs to. A MOVE counts
        only if it can run before the statement (``Flow.reaches``)."""
        found: dict[str, bool] = {}

        def add(value: str, strong: bool) -> None:
            value = value.strip().upper()
            found[value] = found.get(value, False) or strong

        moves = self.moves.get(variable, [])
        for entry in self.data_by_name.get(variable, []):
            for v in entry.values:
                if is_program_name(v, limit) and v not in FIGURATIVE:
                    add(v, not moves)
        for value in self.table_values(variable, limit):
            add(value, False)  # the variable is an item of a table of names: any of them
        there = self.flow.position(at) if at is not None and moves else None
        for where, source in moves:
            here = self.flow.position(where) if there is not None else None
            if here is not None and there is not None and not self.flow.reaches(here, there):
                continue
            strong = here is not None and there is not None and self.flow.strongly_reaches(here, there)
            literals = [t for t in source if t[0] == STRING]
            if literals:
                for value in (literal_value(t[2]).strip() for t in literals):
                    if is_program_name(value, limit):
                        add(value, strong)
                continue
            names = [t[1] for t in source if t[0] == WORD and t[1] not in ("OF", "IN")]
            if not names or depth > 3:
                continue
            for value in self.table_values(names[0], limit):
                add(value, strong)
            if names[0] != variable:
                for value, link in self.values_at(names[0], where if at is not None else None, depth + 1, limit).items():
                    add(value, strong and link)
        return found

    def table_values(self, name: str, limit: int = 8) -> set[str]:
        """An item of an OCCURS table whose storage is a REDEFINES of a group of VALUE literals: the
        literals that stand where the item stands in each occurrence (a menu's program names, not
        its option numbers and texts); every literal of the group where no layout places them."""
        values: set[str] = set()
        for entry in self.data_by_name.get(name, []):
            table: DataEntry | None = entry
            while table is not None and not table.occurs_max:
                table = table.parent
            redefining: DataEntry | None = table
            while redefining is not None and not redefining.redefines:
                redefining = redefining.parent
            if table is None or redefining is None:
                continue
            siblings = redefining.parent.children if redefining.parent is not None else self.program.data
            for redefined in (s for s in siblings if s.name == redefining.redefines):
                places = {entry.offset + k * table.length for k in range(table.occurs_max or 0)} if table.length else set()
                literals = [(item, v) for item in redefined.walk() for v in item.values[:1] if is_program_name(v, limit) and v not in FIGURATIVE]
                placed = {v for item, v in literals if item.offset - redefined.offset + redefining.offset in places and item.length == entry.length}
                values |= placed or ({v for _, v in literals} if not places else set())
        return values

    def names_at(self, at: Stmt | None) -> cics.Values:
        """The channel and container names a variable can hold at ``at``."""
        return lambda variable: set(self.values_at(variable, at, limit=cics.CHANNEL_NAME_LENGTH))

    @functools.cached_property
    def containers(self) -> dict[tuple[str, ...], set[str]]:
        """Channel -> the containers the program PUTs into it."""
        return cics.containers_by_channel([(info, self.names_at(self.exec_at.get(id(info)))) for info in self.exec_infos])

    def add_exec_facts(self) -> None:
        for info in self.exec_infos:
            path, line = self.ctx.where(info.li)
            if info.language == "SQL":
                self.add_sql(info, path, line)
            elif info.language == "CICS":
                self.add_cics(info, path, line, self.exec_at.get(id(info)))
            elif info.language == "DLI":
                for segment, op in info.tables:
                    self.references.append(Reference(DLI_OPS.get(op, READS), segment, NodeKind.SEGMENT, Mechanism.DLI, line, path, False, {"call": op}))
        for info in self.exec_infos:
            if info.language == "SQL" and info.command in ("OPEN", "FETCH") and info.cursor in self.cursors:
                path, line = self.ctx.where(info.li)
                for table, _ in self.cursors[info.cursor]:
                    self.references.append(Reference(READS, table, NodeKind.TABLE, Mechanism.SQL, line, path, False, {"operation": info.command, "cursor": info.cursor}))

    def add_sql(self, info: ExecInfo, path: str, line: int) -> None:
        if info.command == "INCLUDE":
            return
        if info.cursor and info.command == "DECLARE":
            self.cursors[info.cursor] = info.tables
        for table, operation in info.tables:
            if operation == "DECLARE":
                self.references.append(Reference(ReferenceKind.DEFINES, table, NodeKind.TABLE, Mechanism.SQL, line, path, False, {"operation": "DECLARE TABLE"}))
                continue
            kind = SQL_OPERATIONS.get(operation, READS)
            attributes: dict[str, Any] = {"operation": "DECLARE CURSOR" if info.cursor else operation}
            if info.cursor:
                attributes["cursor"] = info.cursor
            self.references.append(Reference(kind, table, NodeKind.TABLE, Mechanism.SQL, line, path, False, attributes))

    def add_cics(self, info: ExecInfo, path: str, line: int, at: Stmt | None = None) -> None:
        command, options = info.command, info.options
        if command in ("LINK", "XCTL", "LOAD") and "PROGRAM" in options:
            self.cics_target(info, "PROGRAM", ReferenceKind.CALLS, NodeKind.PROGRAM, CICS_PROGRAM_COMMANDS[command], path, line, at)
        elif command == "HANDLE ABEND" and options.get("PROGRAM"):
            # The program CICS links to when the task abends.
            self.cics_target(info, "PROGRAM", ReferenceKind.CALLS, NodeKind.PROGRAM, Mechanism.CICS_LINK, path, line, at)
        elif command in ("SEND MAP", "RECEIVE MAP"):
            mapset = options.get("MAPSET")
            attributes = {"command": command, "mapset": (mapset or options.get("MAP") or "").upper()}
            if "MAP" in options:
                name = options["MAP"] or ""
                if "MAP" in info.literal_options:
                    self.references.append(Reference(ReferenceKind.SHOWS, name.upper(), NodeKind.SCREEN, Mechanism.CICS, line, path, False, attributes))
                else:
                    self.add_dynamic(name, ReferenceKind.SHOWS, NodeKind.SCREEN, Mechanism.CICS, line, path, attributes, at)
        elif command in CICS_FILE_OPS and ("FILE" in options or "DATASET" in options):
            key = "FILE" if "FILE" in options else "DATASET"
            self.cics_target(info, key, CICS_FILE_OPS[command], NodeKind.FILE, Mechanism.CICS, path, line, at)
        elif command in CICS_QUEUE_OPS:
            key = "QUEUE" if "QUEUE" in options else "QNAME" if "QNAME" in options else None
            if key:
                self.cics_target(info, key, CICS_QUEUE_OPS[command], NodeKind.QUEUE, Mechanism.CICS, path, line, at)
        elif command in CICS_TRANSACTION_COMMANDS and "TRANSID" in options:
            kind, via = CICS_TRANSACTION_COMMANDS[command]
            self.cics_target(info, "TRANSID", kind, NodeKind.TRANSACTION, via, path, line, at)

    def cics_target(self, info: ExecInfo, option: str, kind: str, target_kind: str, via: str, path: str, line: int, at: Stmt | None = None) -> None:
        value = info.options.get(option) or ""
        attributes: dict[str, Any] = {"command": info.command, **cics.channel_attributes(info, self.names_at(at), self.containers)}
        if option in info.literal_options:
            self.references.append(Reference(kind, value.strip().upper(), target_kind, via, line, path, False, attributes))
        elif target_kind in (NodeKind.PROGRAM, NodeKind.SCREEN):
            self.add_dynamic(value.split("(")[0].strip(), kind, target_kind, via, line, path, attributes, at)
        else:
            values = set(self.values_at(value.split("(")[0].strip(), at))
            if values:
                for v in sorted(values):
                    self.references.append(Reference(kind, v, target_kind, via, line, path, False, {**attributes, "variable": value}))
            else:
                self.unresolved(value, kind, target_kind, via, line, path, attributes)

    def add_copy_facts(self) -> None:
        for record in self.ctx.copies:
            if record.nested:
                continue
            attributes: dict[str, Any] = {}
            if record.library:
                attributes["library"] = record.library
            if record.replacing:
                attributes["replacing"] = True
            if record.resolved:
                attributes["resolved_path"] = record.resolved
            self.references.append(Reference(ReferenceKind.INCLUDES, record.name, NodeKind.COPYBOOK, record.via, record.line, record.path, record.resolved is not None, attributes))


def header_text(lines: list[str]) -> list[str]:
    """The header comment block without its box drawing: the program's stated purpose, with the
    column alignment the author gave it."""
    cleaned: list[str] = []
    for line in lines:
        text = line.rstrip()
        text = text[1:] if text.startswith("*") else text
        text = text.rstrip("*").rstrip()
        if not text.strip() or set(text.strip()) <= set("*-=_+#/. "):
            if cleaned and cleaned[-1] != "":
                cleaned.append("")
            continue
        cleaned.append(text)
    while cleaned and cleaned[-1] == "":
        cleaned.pop()
    indent = min((len(t) - len(t.lstrip()) for t in cleaned if t), default=0)
    return [t[indent:] for t in cleaned]


def is_program_name(value: str, limit: int = 8) -> bool:
    """A literal that can be a name: a program or transaction (up to 8), a channel or container (16)."""
    value = value.strip()
    return 0 < len(value) <= limit and value.replace("-", "").replace("#", "").replace("@", "").replace("$", "").isalnum() and not value.isdigit()


def group_part(child: DataEntry) -> str:
    """One item of a group that holds a name: its VALUE literal, padded to its length, or ``*``."""
    literal = next((v for v in child.values if v not in FIGURATIVE and v != "THRU"), None)
    return literal.ljust(child.length) if literal is not None else "*"


def string_parts(operands: list[Token]) -> list[str]:
    """The pieces a STRING statement joins, up to INTO: its literals, and ``*`` for each data item."""
    parts: list[str] = []
    depth, skip = 0, False
    for token in operands:
        word = token[1] if token[0] == WORD else None
        if word == "INTO" and not depth:
            break
        if token[0] == OP and token[2] in ("(", ")"):
            depth += 1 if token[2] == "(" else -1
        elif depth or word == "BY":
            continue
        elif word in ("OF", "IN", "DELIMITED"):
            skip = True  # the qualifier, or the delimiter
        elif skip:
            skip = False
        else:
            parts.append(literal_value(token[2]) if token[0] == STRING else "*")
    return parts


def ends_in_transfer(paragraph: Paragraph) -> bool:
    """Control never falls through into the next paragraph: a GO TO, or a statement that ends the
    run (GOBACK, STOP RUN, EXIT PROGRAM, EXEC CICS RETURN or XCTL)."""
    if not paragraph.statements:
        return False
    last = paragraph.statements[-1]
    if last.verb == "GO":
        return bool(last.args["targets"]) and not last.args.get("depending")
    return ends_run(last)

