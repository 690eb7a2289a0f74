"""PL/I: the external procedure and its ENTRY points, internal procedures, CALL and FETCH,
%INCLUDE, DECLARE with structures (level numbers, FIXED DEC/BIN, CHAR, BIT, PIC, FLOAT, POINTER)
and their byte layouts, record files (the file name is the DD name), and EXEC SQL/CICS blocks
analysed by the COBOL front end's EXEC parsers.

Hand-written like the COBOL front end: comments are blanked (line numbers kept), columns 73-80
dropped, and the text is cut into statements at semicolons outside strings; each statement keeps
its first line.
"""

from __future__ import annotations

import re
from typing import Any

from modernize.model import (
    Diagnostic,
    FileKind,
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
from modernize.parsers import ParseContext, ParseResult, header_comments
from modernize.parsers._text import cut_statements, split_top
from modernize.parsers.cobol.exec_blocks import (
    CICS_PROGRAM_COMMANDS,
    CICS_TRANSACTION_COMMANDS,
    SQL_OPERATIONS,
    analyse,
)

RE_LABEL = re.compile(r"^\s*((?:[A-Z0-9_#@$]+\s*:\s*)+)", re.I)
RE_KEYWORD = re.compile(r"^\s*([A-Z][A-Z0-9_]*)", re.I)
RE_CALL = re.compile(r"^\s*CALL\s+([A-Z0-9_#@$]+)", re.I)
RE_FETCH = re.compile(r"^\s*(?:FETCH|RELEASE)\s+([A-Z0-9_#@$]+)", re.I)
RE_INCLUDE = re.compile(r"^\s*%\s*INCLUDE\s+(.+)$", re.I | re.S)
RE_FILE_OP = re.compile(r"^\s*(READ|WRITE|REWRITE|LOCATE|DELETE)\b.*?\bFILE\s*\(\s*([A-Z0-9_#@$]+)\s*\)", re.I | re.S)
# A file constant declared by its attributes alone (FILE is implied): DCL CARDS INPUT ENV(F(80)).
RE_FILE_ATTRIBUTES = re.compile(r"\b(?:INPUT|OUTPUT|UPDATE|RECORD|STREAM|PRINT|ENV|ENVIRONMENT|SEQUENTIAL|KEYED|DIRECT)\b", re.I)
RE_TITLE = re.compile(r"\bTITLE\s*\(\s*'([^']*)'\s*\)", re.I)
BUILTIN_CALLS = {"PLIRETC", "PLIDUMP", "PLISRTA", "PLISRTB", "PLISRTC", "PLISRTD", "PLITEST", "PLICKPT", "PLIREST", "PLICANC"}
RE_OPENS_BLOCK = re.compile(r"(?:^|[\s)])(?:DO|BEGIN)(?:\s|$)", re.I)
BLOCK_OPENERS = {"PROC", "PROCEDURE", "BEGIN", "DO", "SELECT", "PACKAGE"}
CONTROL = {"IF", "DO", "SELECT", "WHEN", "OTHERWISE", "ON"}


def blank_comments(text: str) -> str:
    """Columns 73-80 dropped, /* comments */ replaced by spaces (newlines kept)."""
    text = "\n".join(line[:72] for line in text.split("\n"))
    out = []
    i = 0
    in_string = False
    while i < len(text):
        char = text[i]
        if in_string:
            out.append(char)
            if char == "'":
                in_string = False
            i += 1
        elif char == "'":
            in_string = True
            out.append(char)
            i += 1
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = len(text) if end < 0 else end + 2
            out.append("".join("\n" if c == "\n" else " " for c in text[i:end]))
            i = end
        else:
            out.append(char)
            i += 1
    return "".join(out)


def split_label(text: str) -> tuple[list[str], str]:
    match = RE_LABEL.match(text)
    if not match:
        return [], text
    labels = [part.strip().upper() for part in match.group(1).split(":") if part.strip()]
    return labels, text[match.end():]


def top_level_parts(text: str) -> list[str]:
    """The items of a comma-separated list, stripped; commas in strings and parentheses do not count."""
    return [p.strip() for p in split_top(text) if p.strip()]


def storage(attributes: str) -> tuple[str, int | None]:
    """(type, bytes) of one declaration's attributes, unaligned as in record layouts."""
    upper = attributes.upper()
    if match := re.search(r"\bPIC(?:TURE)?\s*'([^']*)'", upper):
        picture = re.sub(r"\((\d+)\)", lambda m: "9" * (int(m.group(1)) - 1), match.group(1))
        return f"PIC '{match.group(1)}'", len(picture.replace("V", "")) or None  # V marks the point, takes no byte
    if match := re.search(r"\b(?:CHAR|CHARACTER)\s*\(\s*(\d+)\s*\)", upper):
        return f"CHAR({match.group(1)})", int(match.group(1))
    if match := re.search(r"\bBIT\s*\(\s*(\d+)\s*\)", upper):
        return f"BIT({match.group(1)})", (int(match.group(1)) + 7) // 8
    if re.search(r"\bFIXED\b", upper) and re.search(r"\bBIN(?:ARY)?\b", upper):
        precision = re.search(r"\(\s*(\d+)", upper)
        digits = int(precision.group(1)) if precision else 15
        return f"FIXED BIN({digits})", 1 if digits <= 7 else 2 if digits <= 15 else 4 if digits <= 31 else 8
    if re.search(r"\bFIXED\b", upper) or re.search(r"\bDEC(?:IMAL)?\b", upper) and not re.search(r"\bFLOAT\b", upper):
        precision = re.search(r"\(\s*(\d+)(?:\s*,\s*(\d+))?\s*\)", upper)
        digits = int(precision.group(1)) if precision else 5
        scale = f",{precision.group(2)}" if precision and precision.group(2) else ""
        return f"FIXED DEC({digits}{scale})", digits // 2 + 1
    if re.search(r"\bFLOAT\b", upper):
        precision = re.search(r"\(\s*(\d+)", upper)
        return "FLOAT", 4 if not precision or int(precision.group(1)) <= 6 else 8
    if re.search(r"\b(?:POINTER|PTR|OFFSET|ENTRY|HANDLE)\b", upper):
        return "POINTER", 4
    return "", None


def declarations(text: str, path: str, line: int) -> tuple[list[Symbol], list[dict[str, Any]]]:
    """Data symbols (structures with offsets and lengths) and file declarations of one DECLARE."""
    symbols: list[Symbol] = []
    files: list[dict[str, Any]] = []
    stack: list[tuple[int, Symbol]] = []
    parts: list[str] = []
    for part in top_level_parts(text):
        factored = re.match(r"^(\d+\s+)?\(([A-Z0-9_#@$,\s]+)\)\s*(.*)$", part, re.I | re.S)
        if factored:  # DCL (A, B, C) FIXED BIN(31): the attributes apply to each name
            parts += [f"{factored.group(1) or ''}{name.strip()} {factored.group(3)}" for name in factored.group(2).split(",") if name.strip()]
        else:
            parts.append(part)
    for part in parts:
        match = re.match(r"^(\d+)?\s*([A-Z0-9_#@$]+)\s*(\(\s*[\d\s,:*]+\))?\s*(.*)$", part, re.I | re.S)
        if not match:
            continue
        level = int(match.group(1)) if match.group(1) else 1
        name, dimension, attributes = match.group(2).upper(), match.group(3), match.group(4)
        if re.search(r"\bFILE\b", attributes, re.I) or (RE_FILE_ATTRIBUTES.search(attributes) and not storage(attributes)[1]):
            upper = attributes.upper()
            direction = (ReferenceKind.WRITES if re.search(r"\bOUTPUT\b", upper) else ReferenceKind.READS if re.search(r"\bINPUT\b", upper)
                         else "update" if re.search(r"\bUPDATE\b", upper) else None)
            files.append({"name": name, "direction": direction, "line": line})
            continue
        kind, length = storage(attributes)
        occurs = None
        if dimension:
            bounds = [b.strip() for b in dimension.strip("()").split(",")]
            occurs = 1
            for bound in bounds:
                low, _, high = bound.partition(":")
                occurs *= (int(high) - int(low) + 1) if high.strip().isdigit() and low.strip().isdigit() else int(low) if low.strip().isdigit() else 1
        while stack and stack[-1][0] >= level:
            stack.pop()
        parent = stack[-1][1] if stack else None
        attributes = {"level": level, "picture": kind, "length": length, "occurs": occurs, "parent": parent.name if parent else None, "section": ""}
        symbol = Symbol(name, "data", line, line, path, {k: v for k, v in attributes.items() if v is not None})
        symbols.append(symbol)
        stack.append((level, symbol))
    compute_layout(symbols)
    return symbols, files


def compute_layout(symbols: list[Symbol]) -> None:
    """Offsets and group lengths, children in order (unaligned, as records are mapped)."""
    children: dict[str | None, list[Symbol]] = {}
    for symbol in symbols:
        children.setdefault(symbol.attributes.get("parent"), []).append(symbol)

    def size(symbol: Symbol, offset: int) -> int:
        symbol.attributes["offset"] = offset
        own = children.get(symbol.name, [])
        if own:
            total = 0
            for child in own:
                total += size(child, offset + total)
            symbol.attributes["length"] = total
        length = symbol.attributes.get("length") or 0
        return length * (symbol.attributes.get("occurs") or 1)

    for root in children.get(None, []):
        size(root, 0)


def exec_references(block: str, path: str, line: int) -> list[Reference]:
    info = analyse(block, line)
    found: list[Reference] = []
    if info.language == "SQL" and info.command != "INCLUDE":
        for table, operation in info.tables:
            if operation == "DECLARE":
                found.append(Reference(ReferenceKind.DEFINES, table, NodeKind.TABLE, Mechanism.SQL, line, path, False, {"operation": "DECLARE TABLE"}))
            else:
                found.append(Reference(SQL_OPERATIONS.get(operation, ReferenceKind.READS), table, NodeKind.TABLE, Mechanism.SQL, line, path, False,
                                       {"operation": operation}))
    elif info.language == "CICS":
        literal = info.literal_options

        def name(option: str) -> str:
            return (info.options[option] or "").strip().upper()  # CICS names are blank-padded: 'X ' is X

        command = {"HANDLE ABEND": "LINK"}.get(info.command, info.command)  # HANDLE ABEND PROGRAM: linked to on an abend
        if command in ("LINK", "XCTL", "LOAD") and "PROGRAM" in literal:
            found.append(Reference(ReferenceKind.CALLS, name("PROGRAM"), NodeKind.PROGRAM, CICS_PROGRAM_COMMANDS[command], line, path, False,
                                   {"command": info.command}))
        elif command in ("READ", "READNEXT", "READPREV", "STARTBR") and "FILE" in literal:
            found.append(Reference(ReferenceKind.READS, name("FILE"), NodeKind.FILE, Mechanism.CICS, line, path))
        elif command in ("WRITE", "REWRITE", "DELETE") and "FILE" in literal:
            found.append(Reference(ReferenceKind.WRITES, name("FILE"), NodeKind.FILE, Mechanism.CICS, line, path))
        elif command in CICS_TRANSACTION_COMMANDS and "TRANSID" in literal:
            kind, via = CICS_TRANSACTION_COMMANDS[command]
            found.append(Reference(kind, name("TRANSID"), NodeKind.TRANSACTION, via, line, path, False, {"command": info.command}))
    return found


def parse(source: SourceFile, text: str, context: ParseContext) -> ParseResult:
    clean = blank_comments(text)
    path = source.path
    symbols: list[Symbol] = []
    references: list[Reference] = []
    diagnostics: list[Diagnostic] = []
    entries: list[str] = []
    procedures: list[Symbol] = []
    open_blocks: list[Symbol | None] = []
    file_directions: dict[str, set[str]] = {}
    declared_files: dict[str, dict[str, Any]] = {}
    titles: dict[str, str] = {}
    decisions = 0
    main: str | None = None
    for statement, line in cut_statements(clean):
        labels, body = split_label(statement)
        keyword_match = RE_KEYWORD.match(body)
        keyword = keyword_match.group(1).upper() if keyword_match else ""
        if keyword in ("PROC", "PROCEDURE"):
            name = labels[0] if labels else f"PROC{line}"
            symbol = Symbol(name, "paragraph", line, None, path, {"procedure": True, "external": not procedures or not any(open_blocks),
                                                                  "main": bool(re.search(r"OPTIONS\s*\([^)]*\bMAIN\b", body, re.I))})
            if main is None:
                main = name
                entries.extend(labels)
            procedures.append(symbol)
            symbols.append(symbol)
            open_blocks.append(symbol)
        elif keyword == "ENTRY" and labels:
            entries.extend(labels)
            symbols.append(Symbol(labels[0], "entry", line, line, path))
        elif keyword in BLOCK_OPENERS or RE_OPENS_BLOCK.search(re.sub(r"'[^']*'", "''", body)):
            open_blocks.append(None)  # IF ... THEN DO, ELSE DO, WHEN (...) DO, ON ENDFILE(F) BEGIN
        elif keyword == "END":
            if open_blocks:
                closed = open_blocks.pop()
                if closed is not None:
                    closed.end_line = line
        elif keyword in ("DCL", "DECLARE"):
            data, files = declarations(body[len(keyword):], path, line)
            symbols.extend(data)
            for file in files:
                declared_files[file["name"]] = file
        elif keyword == "CALL":
            match = RE_CALL.match(body)
            if match:
                references.append(Reference(ReferenceKind.CALLS, match.group(1).upper(), NodeKind.PROGRAM, Mechanism.STATIC, line, path))
        elif keyword in ("FETCH", "RELEASE"):
            match = RE_FETCH.match(body)
            if match and keyword == "FETCH":
                references.append(Reference(ReferenceKind.CALLS, match.group(1).upper(), NodeKind.PROGRAM, Mechanism.FETCH, line, path))
        elif keyword == "EXEC":
            references.extend(exec_references(body[4:].strip(), path, line))
        if body.lstrip().startswith("%"):
            include = RE_INCLUDE.match(body)
            if include:
                for member in top_level_parts(include.group(1)):
                    name = re.sub(r"^[A-Z0-9_#@$]+\s*\(\s*([A-Z0-9_#@$]+)\s*\)$", r"\1", member.strip(), flags=re.I).strip("'\"")
                    references.append(Reference(ReferenceKind.INCLUDES, member_name(name), NodeKind.COPYBOOK, Mechanism.INCLUDE, line, path))
        if keyword in CONTROL or re.match(r"^\s*IF\b", body, re.I):
            decisions += 1
        if keyword == "OPEN":
            for part in top_level_parts(body[4:]):  # OPEN FILE(A) INPUT, FILE(B) OUTPUT TITLE('DDB')
                opened = re.search(r"\bFILE\s*\(\s*([A-Z0-9_#@$]+)\s*\)", part, re.I)
                if not opened:
                    continue
                name = opened.group(1).upper()
                if title := RE_TITLE.search(part):
                    titles[name] = title.group(1).upper()
                if re.search(r"\bOUTPUT\b", part, re.I):
                    file_directions.setdefault(name, set()).add(ReferenceKind.WRITES)
                elif re.search(r"\bINPUT\b", part, re.I):
                    file_directions.setdefault(name, set()).add(ReferenceKind.READS)
        elif file_op := RE_FILE_OP.match(body):
            operation, name = file_op.group(1).upper(), file_op.group(2).upper()
            if operation == "READ":
                file_directions.setdefault(name, set()).add(ReferenceKind.READS)
            elif operation in ("WRITE", "REWRITE", "LOCATE", "DELETE"):
                file_directions.setdefault(name, set()).add(ReferenceKind.WRITES)
    internal = {p.name for p in procedures} | set(entries)
    references = [r for r in references if not (r.kind == ReferenceKind.CALLS and (r.target in internal or r.target in BUILTIN_CALLS))]
    for name in sorted(set(declared_files) | set(file_directions)):
        if name in ("SYSPRINT", "SYSIN"):
            continue
        declared = declared_files.get(name, {})
        directions = set(file_directions.get(name, set()))
        if declared.get("direction") in (ReferenceKind.READS, ReferenceKind.WRITES):
            directions.add(declared["direction"])
        for direction in sorted(directions or {ReferenceKind.READS}):
            references.append(Reference(direction, titles.get(name, name), NodeKind.FILE, Mechanism.DD, declared.get("line"), path,
                                        attributes={"file": name}))
    if main is None and source.kind == FileKind.PROGRAM:
        diagnostics.append(Diagnostic("warning", "no-procedure", "no PROCEDURE statement found; facts may be incomplete", path, 1))
    lines = text.split("\n")
    comment_lines = sum(1 for original, blank in zip(lines, clean.split("\n"), strict=False) if original.strip() and not blank.strip())
    metrics = {"lines": len(lines), "code_lines": sum(1 for line in clean.split("\n") if line.strip()), "comment_lines": comment_lines,
               "complexity": 1 + decisions}
    name = main or source.member
    kind = ModuleKind.COPYBOOK if source.kind == FileKind.COPYBOOK else ModuleKind.PROGRAM
    attributes: dict[str, Any] = {"header_comments": header_comments(text, r"^\s*/\*(.*?)(?:\*/)?\s*$")}
    if len(entries) > 1:
        attributes["entries"] = [e for e in dict.fromkeys(entries) if e != name]
    module = Module(name, kind, "pli", path, 1, len(lines), symbols, references, metrics, diagnostics, attributes)
    return ParseResult([module])
