"""Software AG Natural (structured mode): programs, subprograms, subroutines, maps and data areas.

References: CALLNAT (subprogram), FETCH / FETCH RETURN (program), PERFORM of an external
subroutine, CALL of a 3GL program (COBOL, PL/I, assembler: a cross-language edge), INCLUDE of
copycode, data areas used by DEFINE DATA ... USING, maps in INPUT/WRITE USING MAP, and ADABAS
access through DDM views: READ/FIND/HISTOGRAM/GET read the view's DDM, STORE/UPDATE/DELETE write
it (UPDATE and DELETE act on the view of the loop they are in). DDMs become ``table`` targets
(via ``adabas``) so shared-data analysis and the plan treat them like DB2 tables.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from modernize.model import (
    FileKind,
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
from modernize.parsers._text import find_outside_quotes

# Programs, subprograms, subroutines and helproutines are programs; maps are mapsets; data areas
# (local, parameter, global) and copycode are copybooks.
KIND_BY_EXTENSION = {".nsp": ModuleKind.PROGRAM, ".nsn": ModuleKind.PROGRAM, ".nss": ModuleKind.PROGRAM, ".nsh": ModuleKind.PROGRAM,
                     ".nsm": ModuleKind.MAPSET, ".nsl": ModuleKind.COPYBOOK, ".nsa": ModuleKind.COPYBOOK, ".nsg": ModuleKind.COPYBOOK,
                     ".nsc": ModuleKind.COPYBOOK}
RE_VIEW = re.compile(r"^\s*\d+\s+([A-Z0-9#@$&_-]+)\s+VIEW\s+(?:OF\s+)?([A-Z0-9#@$&_-]+)", re.I)
RE_USING_AREA = re.compile(r"^\s*(?:LOCAL|PARAMETER|GLOBAL)\s+USING\s+([A-Z0-9#@$&_-]+)", re.I)
RE_DATA_ITEM = re.compile(r"^\s*(\d+)\s+([#A-Z0-9@$&_-]+)\s*(?:\(\s*([A-Z])\s*([\d.,]*)\s*(?:/\s*([\d:,*]+))?\s*\))?", re.I)
RE_LITERAL_TARGET = re.compile(r"""^\s*['"]([A-Z0-9#@$&_-]+)['"]""", re.I)
READS = {"READ", "FIND", "HISTOGRAM", "GET"}
WRITES = {"STORE", "UPDATE", "DELETE"}
DECISIONS = re.compile(r"^\s*(?:IF|ELSE|DECIDE|VALUE|WHEN|REPEAT|FOR|WHILE|UNTIL|AT\s+END)\b", re.I)


def strip_comment(line: str) -> str:
    if line.lstrip().startswith(("*", "**")) and (line.startswith("*") or line.lstrip().startswith("**")):
        return ""
    comment = find_outside_quotes(line, "/*")
    return line if comment < 0 else line[:comment]


def length_of(format_code: str, size: str) -> int | None:
    """Bytes of a Natural field: A10, N7.2, P7.2, I4, B4, D, T, L."""
    code = format_code.upper()
    whole, _, decimals = size.partition(".") if "." in size else size.partition(",")
    digits = int(whole or 0) + int(decimals or 0)
    return {"A": int(whole or 0), "B": int(whole or 0), "I": int(whole or 0), "F": int(whole or 0), "N": digits,
            "P": digits // 2 + 1, "D": 4, "T": 7, "L": 1, "C": 2}.get(code)


def views_in_area(context: ParseContext, area: str) -> tuple[dict[str, str], str | None]:
    """Views a data area (LDA/PDA/GDA) defines: view name -> DDM, and the area's content hash, so
    the facts are parsed again when the area changes."""
    member = context.lookup("copybook", area)
    if member is None:
        return {}, None
    try:
        text = context.read(member)
    except OSError:
        return {}, None
    views = {}
    for line in text.split("\n"):
        if view := RE_VIEW.match(strip_comment(line)):
            views[view.group(1).upper()] = view.group(2).upper()
    return views, member.sha256


def target(text: str) -> str | None:
    match = RE_LITERAL_TARGET.match(text)
    return match.group(1).upper() if match else None


def parse(source: SourceFile, text: str, context: ParseContext) -> ParseResult:
    path = source.path
    name = source.member
    kind = KIND_BY_EXTENSION.get(PurePosixPath(path).suffix.lower(), ModuleKind.COPYBOOK if source.kind == FileKind.COPYBOOK else ModuleKind.PROGRAM)
    symbols: list[Symbol] = []
    references: list[Reference] = []
    views: dict[str, str] = {}
    dependencies: dict[str, str | None] = {}
    loop_views: list[str] = []
    subroutines: dict[str, Symbol] = {}
    performed: list[tuple[str, int]] = []
    in_data = False
    decisions = 0
    lines = text.split("\n")
    comment_lines = 0
    for number, raw in enumerate(lines, start=1):
        line = strip_comment(raw)
        if raw.strip() and not line.strip():
            comment_lines += 1
        words = line.split()
        if not words:
            continue
        first = words[0].upper()
        if first == "DEFINE" and len(words) > 1 and words[1].upper() == "DATA":
            in_data = True
            continue
        if first == "END-DEFINE":
            in_data = False
            continue
        if in_data or kind == ModuleKind.COPYBOOK:
            if using := RE_USING_AREA.match(line):
                area = using.group(1).upper()
                references.append(Reference(ReferenceKind.INCLUDES, area, NodeKind.COPYBOOK, Mechanism.NATURAL_USING, number, path))
                found, digest = views_in_area(context, area)
                views.update(found)
                dependencies[f"copybook:{area}"] = digest
            elif view := RE_VIEW.match(line):
                views[view.group(1).upper()] = view.group(2).upper()
                symbols.append(Symbol(view.group(1).upper(), "data", number, number, path, {"level": 1, "view_of": view.group(2).upper()}))
            elif item := RE_DATA_ITEM.match(line):
                level, field, fmt, size, dims = item.groups()
                attributes = {"level": int(level), "picture": f"{fmt}{size}" if fmt else "", "length": length_of(fmt, size or "") if fmt else None,
                              "occurs": dims, "section": ""}
                symbols.append(Symbol(field.upper(), "data", number, number, path, {k: v for k, v in attributes.items() if v is not None}))
            continue
        if DECISIONS.match(line):
            decisions += 1
        if first == "DEFINE" and len(words) > 2 and words[1].upper() == "SUBROUTINE":
            subroutines[words[2].upper()] = symbol = Symbol(words[2].upper(), "paragraph", number, None, path)
            symbols.append(symbol)
        elif first == "END-SUBROUTINE":
            open_subroutines = [s for s in subroutines.values() if s.end_line is None]
            if open_subroutines:
                open_subroutines[-1].end_line = number
        elif first == "CALLNAT" and len(words) > 1 and (called := target(" ".join(words[1:]))):
            references.append(Reference(ReferenceKind.CALLS, called, NodeKind.PROGRAM, Mechanism.CALLNAT, number, path))
        elif first == "FETCH":
            rest = " ".join(words[1:])
            rest = re.sub(r"^(?:RETURN|REPEAT)\s+", "", rest, flags=re.I)
            if called := target(rest):
                references.append(Reference(ReferenceKind.CALLS, called, NodeKind.PROGRAM, Mechanism.FETCH, number, path))
        elif first == "CALL" and len(words) > 1 and (called := target(" ".join(words[1:]))):
            references.append(Reference(ReferenceKind.CALLS, called, NodeKind.PROGRAM, Mechanism.CALL, number, path))
        elif first == "PERFORM" and len(words) > 1:
            performed.append((words[1].upper(), number))
        elif first == "INCLUDE" and len(words) > 1:
            references.append(Reference(ReferenceKind.INCLUDES, words[1].upper(), NodeKind.COPYBOOK, Mechanism.NATURAL_INCLUDE, number, path))
        elif first in ("INPUT", "WRITE", "REINPUT") and "MAP" in [w.upper() for w in words]:
            position = [w.upper() for w in words].index("MAP")
            if position + 1 < len(words) and (screen := target(words[position + 1])):
                references.append(Reference(ReferenceKind.SHOWS, screen, NodeKind.SCREEN, Mechanism.NATURAL_MAP, number, path, attributes={"mapset": screen}))
        elif first in READS and len(words) > 1:
            view_name = re.sub(r"^\(\d+\)$", "", words[1]).upper() if not words[1].startswith("(") else (words[2].upper() if len(words) > 2 else "")
            ddm = views.get(view_name.split("(")[0])
            if ddm:
                references.append(Reference(ReferenceKind.READS, ddm, NodeKind.TABLE, Mechanism.ADABAS, number, path, attributes={"operation": first, "view": view_name}))
                if first in ("READ", "FIND", "HISTOGRAM"):
                    loop_views.append(ddm)
        elif first in WRITES:
            named = views.get(words[1].upper().split("(")[0]) if len(words) > 1 else None
            ddm = named or (loop_views[-1] if loop_views else None)
            if ddm:
                references.append(Reference(ReferenceKind.WRITES, ddm, NodeKind.TABLE, Mechanism.ADABAS, number, path, attributes={"operation": first}))
        elif first in ("END-READ", "END-FIND", "END-HISTOGRAM") and loop_views:
            loop_views.pop()
    for routine, number in performed:
        if routine not in subroutines:  # an external subroutine (.nss): another object
            references.append(Reference(ReferenceKind.CALLS, routine, NodeKind.PROGRAM, Mechanism.PERFORM, number, path))
    metrics = {"lines": len(lines), "code_lines": sum(1 for line in lines if line.strip()) - comment_lines,
               "comment_lines": comment_lines, "complexity": 1 + decisions}
    header = [line.lstrip("* ").rstrip() for line in lines[:12] if line.startswith("*") and line.strip("* ")]
    module = Module(name, kind, "natural", path, 1, len(lines), symbols, references, metrics, [],
                    {"header_comments": header} if header else {})
    return ParseResult([module], dependencies=dependencies)
