"""IMS DBD and PSB sources: the assembler macros DBDGEN and PSBGEN read.

A DBD (``DBD NAME=CUSTDB,ACCESS=(HIDAM,VSAM)``, ``DATASET DD1=...``, ``SEGM NAME=...,PARENT=...,
BYTES=...``, ``FIELD NAME=(KEY,SEQ,U),BYTES=...,START=...``, ``LCHILD``, ``XDFLD``, ``DBDGEN``) becomes a
module of kind ``dbd`` (a ``database`` node in the graph) and a module of kind ``segment`` per segment,
with its fields as symbols, its parent, and the hierarchy as ``contains`` references (the DBD contains
its root segments, a segment its children); a logical child's logical parent and an LCHILD's
index or paired segment are ``references``. A logical DBD's segments (``SOURCE=``) are references of
the DBD to the physical segments.

A PSB (``PCB TYPE=DB,DBDNAME=...,PROCOPT=...,KEYLEN=...``, ``SENSEG NAME=...,PARENT=...``,
``PCB TYPE=TP``, ``PSBGEN LANG=...,PSBNAME=...``) becomes a module of kind ``psb`` named by PSBNAME (the
member name without one): its PCBs are symbols (number, type, database, PROCOPT, key length, the
sensitive segments), it ``references`` each database, and it ``reads`` (PROCOPT G, O; A) and
``writes`` (I, R, D, L; A) each sensitive segment, with the PCB's PROCOPT unless the SENSEG has its
own. The graph ties a program to the PSB of its name (or the one its IMS region's PARM names), so
its DL/I calls reach the segments through the PSB.

Statements follow the assembler's format: a label in column 1, the operation, operands up to the
first blank outside quotes, a continuation when column 72 is not blank (or, in sources that lost
their columns, when the operands end with a comma and the next line holds more of them); ``*``
lines are comments. The parser never raises.
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
)
from modernize.parsers import ParseContext, ParseResult
from modernize.parsers._text import operand_field
from modernize.parsers.jcl import split_operands, sublist, unquote

MACROS = frozenset(["DBD", "DATASET", "AREA", "SEGM", "FIELD", "LCHILD", "XDFLD", "DBDGEN", "PCB", "SENSEG", "SENFLD", "PSBGEN", "FINISH",
                    "END", "PRINT", "TITLE", "EJECT", "SPACE", "PUNCH", "CSECT", "GSAM"])
READ_OPTIONS = set("GO")
WRITE_OPTIONS = set("IRDL")


@dataclass
class Statement:
    label: str
    op: str
    operands: str
    line: int
    end_line: int

    def keywords(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for key, value in split_operands(self.operands):
            if key:
                found.setdefault(key, value)
        return found


def read_statements(text: str, offset: int = 0) -> list[Statement]:
    """Assembler statements, continuations joined (column 72, or a trailing comma before a line of
    more operands); comments dropped. Line numbers count from ``offset`` + 1 (in-stream data in a job)."""
    lines = text.split("\n")
    found: list[Statement] = []
    index = 0
    while index < len(lines):
        raw = lines[index].rstrip("\r")
        number = index + 1
        index += 1
        if not raw.strip() or raw.startswith(("*", ".*")):
            continue
        continued = len(raw) > 71 and raw[71] != " "
        body = raw[:71].expandtabs(8) if "\t" in raw[:71] else raw[:71]
        label = "" if body[:1].isspace() else body.split(None, 1)[0]
        rest = body[len(label):].split(None, 1)
        if not rest:
            continue
        op = rest[0].upper()
        operands, _ = operand_field(rest[1].lstrip()) if len(rest) > 1 else ("", False)
        end = number
        while index < len(lines):
            following = lines[index].rstrip("\r")
            piece = following[:71].strip()
            more = piece.split(None, 1)[0] if piece else ""
            by_comma = operands.endswith(",") and "=" in more and more.split("=", 1)[0].upper() not in MACROS and following[:1].isspace()
            if not (continued or by_comma):
                break
            index += 1
            if following.startswith("*"):
                continue
            end = index
            continued = len(following) > 71 and following[71] != " "
            operands += operand_field(piece)[0]
        found.append(Statement(label.upper(), op, operands, number + offset, end + offset))
    return found


def first(value: str | None) -> str:
    """``(A,SEQ,U)`` -> A; ``((A,SNGL),(B,PHYSICAL,C))`` -> A; ``'X'`` -> X."""
    if not value:
        return ""
    parts = sublist(value)
    while parts and parts[0].startswith("("):
        inner = sublist(parts[0])
        if inner == parts[:1]:  # an unbalanced "(A": the text as written
            break
        parts = inner
    return unquote(parts[0]).upper() if parts else ""


def number(value: str | None) -> int | None:
    text = first(value)
    return int(text) if text.isdigit() else None


# DBDs ------------------------------------------------------------------------------------------


@dataclass
class Segment:
    name: str
    line: int
    end_line: int
    parent: str | None
    attributes: dict[str, Any]
    fields: list[Symbol] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    source: tuple[str, str] | None = None  # a logical DBD's segment: (physical segment, its DBD)


def dbd_modules(source: SourceFile, statements: list[Statement], lines: int, count: int, diagnostics: list[Diagnostic]) -> list[Module]:
    """The DBD's module and one per segment; ``lines`` is the last line, ``count`` how many there are."""
    path = source.path
    header = next((s for s in statements if s.op == "DBD"), None)
    if header is None:
        diagnostics.append(Diagnostic("warning", "ims-no-dbd", "no DBD NAME= macro: the member name is the database's", path, None))
    keywords = header.keywords() if header else {}
    name = first(keywords.get("NAME")) or source.member
    access = [unquote(v).upper() for v in sublist(keywords.get("ACCESS", ""))] if keywords.get("ACCESS") else []
    attributes: dict[str, Any] = {"dbms": "ims", "access": access, "datasets": []}
    segments: list[Segment] = []
    by_name: dict[str, Segment] = {}
    for statement in statements:
        op, kw = statement.op, statement.keywords()
        if op in ("DATASET", "AREA"):
            dataset = {k.lower(): unquote(v) for k, v in kw.items() if k in ("DD1", "DD2", "OVFLW", "DEVICE", "SIZE", "BLOCK", "RECORD", "SCAN", "FRSPC")}
            if statement.label:
                dataset["label"] = statement.label
            dataset["kind"], dataset["line"] = op.lower(), statement.line
            attributes["datasets"].append(dataset)
        elif op == "SEGM":
            segment = segm(statement, kw, name, by_name, path, diagnostics)
            if segment.name in by_name:
                diagnostics.append(Diagnostic("warning", "ims-duplicate-segment", f"segment {segment.name} is defined twice in DBD {name}", path, statement.line))
                continue
            segments.append(segment)
            by_name[segment.name] = segment
        elif op in ("FIELD", "XDFLD", "LCHILD"):
            if not segments:
                diagnostics.append(Diagnostic("warning", "ims-outside-segment", f"{op} before the first SEGM", path, statement.line))
                continue
            segment = segments[-1]
            segment.end_line = statement.end_line
            if op == "FIELD":
                segment.fields.append(field_symbol(statement, kw, path))
            elif op == "XDFLD":
                index = {k.lower(): first(v) for k, v in kw.items() if k in ("NAME", "SRCH", "SUBSEQ", "DDATA", "SEGMENT", "CONST")}
                index["line"] = statement.line
                segment.attributes.setdefault("secondary_indexes", []).append(index)
            else:
                segment.references.append(lchild(statement, kw, name, path))
        elif op not in MACROS:
            diagnostics.append(Diagnostic("info", "ims-unknown-statement", f"statement {op[:20]} not analysed", path, statement.line))
    attributes["segments"] = [s.name for s in segments]
    dbd = Module(name, ModuleKind.DBD, "ims", path, header.line if header else (statements[0].line if statements else 1), lines, attributes=attributes)
    modules = [dbd]
    children: dict[str, list[Segment]] = {}
    for segment in segments:
        if segment.source is not None:
            physical, physical_dbd = segment.source
            dbd.references.append(Reference(ReferenceKind.REFERENCES, physical, NodeKind.SEGMENT, Mechanism.DBD, segment.line, path, False,
                                            {"dbd": physical_dbd, "as": segment.name, "parent": segment.parent}))
            continue
        children.setdefault(segment.parent or "", []).append(segment)
    for segment in (s for s in segments if s.source is None):
        module = Module(segment.name, ModuleKind.SEGMENT, "ims", path, segment.line, segment.end_line, attributes=segment.attributes)
        module.symbols = segment.fields
        module.references = [Reference(ReferenceKind.CONTAINS, child.name, NodeKind.SEGMENT, Mechanism.DBD, child.line, path)
                             for child in children.get(segment.name, [])] + segment.references
        module.metrics = {"lines": segment.end_line - segment.line + 1, "fields": len(segment.fields)}
        modules.append(module)
    dbd.references[:0] = [Reference(ReferenceKind.CONTAINS, root.name, NodeKind.SEGMENT, Mechanism.DBD, root.line, path) for root in children.get("", [])]
    for parent in sorted(set(children) - set(by_name) - {""}):
        diagnostics.append(Diagnostic("warning", "ims-parent-unknown", f"segment(s) {', '.join(s.name for s in children[parent])} name parent {parent}, "
                                      f"which DBD {name} does not define", path, children[parent][0].line))
    dbd.metrics = {"lines": count, "segments": len(segments), "fields": sum(len(s.fields) for s in segments)}
    return modules


def segm(statement: Statement, kw: dict[str, str], dbd: str, known: dict[str, Segment], path: str, diagnostics: list[Diagnostic]) -> Segment:
    name = first(kw.get("NAME")) or f"SEGM{statement.line}"
    written = kw.get("PARENT", "0").strip() or "0"
    # PARENT=ROOT, PARENT=(ROOT,SNGL), or PARENT=((ROOT,SNGL),(LPARENT,PHYSICAL,LDBD)) for a logical child
    parents = sublist(written) if written.startswith("((") else [written]
    physical = first(parents[0]) if parents else "0"
    parent = None if physical in ("0", "") else physical
    above = known[parent].attributes.get("level") if parent in known else None
    level = 1 if parent is None else (above + 1 if above else None)  # None under a parent not (yet) defined
    attributes: dict[str, Any] = {"database": dbd, "parent": parent, "level": level}
    length = sublist(kw["BYTES"]) if kw.get("BYTES") else []
    if length and length[0].isdigit():
        attributes["bytes"] = int(length[0])
        if len(length) > 1 and length[1].isdigit():
            attributes["min_bytes"] = int(length[1])
    for key in ("PTR", "POINTER", "RULES", "FREQ", "COMPRTN"):
        if kw.get(key):
            attributes[key.lower() if key != "PTR" else "pointer"] = kw[key].strip("()")
    segment = Segment(name, statement.line, statement.end_line, parent, attributes)
    if len(parents) > 1:
        logical = sublist(parents[1]) if parents[1].startswith("(") else [parents[1]]
        target = unquote(logical[0]).upper()
        detail = {"logical_parent": True, "pointer": logical[1].upper() if len(logical) > 1 else None,
                  "dbd": unquote(logical[2]).upper() if len(logical) > 2 else dbd}
        segment.references.append(Reference(ReferenceKind.REFERENCES, target, NodeKind.SEGMENT, Mechanism.DBD, statement.line, path, False, detail))
    if kw.get("SOURCE"):
        parts = sublist(kw["SOURCE"])
        inner = sublist(parts[0]) if parts and parts[0].startswith("(") else parts
        if inner:
            segment.source = (unquote(inner[0]).upper(), unquote(inner[-1]).upper() if len(inner) > 2 else dbd)
    return segment


def field_symbol(statement: Statement, kw: dict[str, str], path: str) -> Symbol:
    names = sublist(kw.get("NAME", ""))
    name = unquote(names[0]).upper() if names else ""
    flags = {unquote(v).upper() for v in names[1:]}
    attributes: dict[str, Any] = {"start": number(kw.get("START")), "bytes": number(kw.get("BYTES")), "type": first(kw.get("TYPE")) or "C"}
    if "SEQ" in flags:
        attributes["seq"] = True
        attributes["unique"] = "M" not in flags
    if name.startswith("/"):
        attributes["system"] = True  # /SX (a pointer's address) or /CK (a concatenated key)
    return Symbol(name, "field", statement.line, statement.end_line, path, attributes)


def lchild(statement: Statement, kw: dict[str, str], dbd: str, path: str) -> Reference:
    parts = sublist(kw.get("NAME", ""))
    inner = sublist(parts[0]) if parts and parts[0].startswith("(") else parts
    target = unquote(inner[0]).upper() if inner else ""
    attributes: dict[str, Any] = {"lchild": True, "dbd": unquote(inner[1]).upper() if len(inner) > 1 else dbd}
    for key in ("POINTER", "PTR", "PAIR", "INDEX", "RULES"):
        if kw.get(key):
            attributes["pointer" if key == "PTR" else key.lower()] = first(kw[key])
    return Reference(ReferenceKind.REFERENCES, target, NodeKind.SEGMENT, Mechanism.DBD, statement.line, path, False, attributes)


# PSBs ------------------------------------------------------------------------------------------


def psb_modules(source: SourceFile, statements: list[Statement], lines: int, count: int, diagnostics: list[Diagnostic]) -> list[Module]:
    path = source.path
    pcbs: list[Symbol] = []
    references: list[Reference] = []
    generate = next((s for s in statements if s.op == "PSBGEN"), None)
    for statement in statements:
        op, kw = statement.op, statement.keywords()
        if op == "PCB":
            kind = first(kw.get("TYPE")) or "DB"
            number_ = len(pcbs) + 1
            name = first(kw.get("PCBNAME")) or statement.label or f"PCB{number_}"
            attributes: dict[str, Any] = {"number": number_, "type": kind}
            if kind in ("DB", "GSAM"):
                attributes["dbd"] = first(kw.get("DBDNAME") or kw.get("NAME"))
                attributes["procopt"] = first(kw.get("PROCOPT")) or "A"
                if kw.get("KEYLEN"):
                    attributes["keylen"] = number(kw["KEYLEN"])
                if kw.get("POS"):
                    attributes["pos"] = first(kw["POS"])
                attributes["sensegs"] = []
                if attributes["dbd"]:
                    references.append(Reference(ReferenceKind.REFERENCES, attributes["dbd"], NodeKind.DATABASE, Mechanism.PSB, statement.line, path, False,
                                                {"pcb": number_, "procopt": attributes["procopt"]}))
                else:
                    diagnostics.append(Diagnostic("warning", "ims-pcb-without-dbd", f"DB PCB {number_} names no DBDNAME", path, statement.line))
            else:
                for key in ("LTERM", "NAME", "ALTRESP", "MODIFY", "EXPRESS", "SAMETRM"):
                    if kw.get(key):
                        attributes[key.lower()] = first(kw[key])
            pcbs.append(Symbol(name, "pcb", statement.line, statement.end_line, path, attributes))
        elif op in ("SENSEG", "SENFLD"):
            pcb = pcbs[-1] if pcbs else None
            if pcb is None or "sensegs" not in pcb.attributes:
                diagnostics.append(Diagnostic("warning", "ims-senseg-outside-pcb", f"{op} outside a DB PCB", path, statement.line))
                continue
            pcb.end_line = statement.end_line
            if op == "SENFLD":
                if pcb.attributes["sensegs"]:
                    pcb.attributes["sensegs"][-1].setdefault("fields", []).append(first(kw.get("NAME")))
                continue
            segment = first(kw.get("NAME"))
            parent = first(kw.get("PARENT")) or "0"
            procopt = first(kw.get("PROCOPT")) or pcb.attributes["procopt"]
            pcb.attributes["sensegs"].append({"name": segment, "parent": None if parent == "0" else parent, "procopt": procopt, "line": statement.line})
            detail = {"pcb": pcb.attributes["number"], "dbd": pcb.attributes["dbd"], "procopt": procopt}
            options = set(procopt.upper())
            if options & READ_OPTIONS or "A" in options:
                references.append(Reference(ReferenceKind.READS, segment, NodeKind.SEGMENT, Mechanism.PSB, statement.line, path, False, dict(detail)))
            if options & WRITE_OPTIONS or "A" in options:
                references.append(Reference(ReferenceKind.WRITES, segment, NodeKind.SEGMENT, Mechanism.PSB, statement.line, path, False, dict(detail)))
        elif op not in MACROS:
            diagnostics.append(Diagnostic("info", "ims-unknown-statement", f"statement {op[:20]} not analysed", path, statement.line))
    keywords = generate.keywords() if generate else {}
    name = first(keywords.get("PSBNAME")) or source.member
    if generate is None:
        diagnostics.append(Diagnostic("info", "ims-no-psbgen", "no PSBGEN macro: the member name is the PSB's", path, None))
    attributes = {k.lower(): first(v) for k, v in keywords.items() if k in ("LANG", "CMPAT", "MAXQ", "IOASIZE", "SSASIZE", "IOEROPN", "OLIC", "GSROLBOK")}
    first_line = pcbs[0].line if pcbs else (generate.line if generate else lines - count + 1)
    module = Module(name, ModuleKind.PSB, "ims", path, first_line, lines, symbols=pcbs, references=references, attributes=attributes)
    module.metrics = {"lines": count, "pcbs": len(pcbs), "sensegs": sum(len(p.attributes.get("sensegs", [])) for p in pcbs)}
    return [module]


def parse_text(source: SourceFile, text: str, offset: int = 0) -> tuple[list[Module], list[Diagnostic]]:
    """Modules and diagnostics of a DBD or PSB text (the kind read from its macros); lines count from
    ``offset`` + 1."""
    diagnostics: list[Diagnostic] = []
    statements = read_statements(text, offset)
    count = text.count("\n") + 1
    lines = offset + count
    ops = {s.op for s in statements}
    if "DBD" in ops or "SEGM" in ops:
        modules = dbd_modules(source, statements, lines, count, diagnostics)
    elif "PCB" in ops or "PSBGEN" in ops:
        modules = psb_modules(source, statements, lines, count, diagnostics)
    else:
        diagnostics.append(Diagnostic("warning", "ims-empty", "no DBD, SEGM, PCB or PSBGEN macro found", source.path, None))
        modules = []
    return modules, diagnostics


def parse(source: SourceFile, text: str, context: ParseContext) -> ParseResult:
    """Facts of one DBD or PSB source."""
    try:
        modules, diagnostics = parse_text(source, text)
    except Exception as problem:  # noqa: BLE001 - the file is reported, the run goes on
        return ParseResult(diagnostics=[Diagnostic("error", "ims-internal", f"not analysed: internal error {type(problem).__name__}: {problem}", source.path, None)])
    if modules:
        modules[0].diagnostics = diagnostics
        return ParseResult(modules=modules)
    return ParseResult(diagnostics=diagnostics)
