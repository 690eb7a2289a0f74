"""Fortran (77 fixed form and 90 free form) and C through the tree-sitter grammars bundled with
tree-sitter-language-pack 0.13.0 (pinned: later versions download grammars at run time).

Each source file becomes one module: its program units or functions are symbols, and the names
other modules call it by are its ``entries`` (so a COBOL ``CALL 'BEREKEN'`` reaches the Fortran
subroutine BEREKEN in whatever file defines it). References: CALL and function calls to other
modules, INCLUDE/#include, Fortran COMMON blocks (shared storage), and files: Fortran OPEN with
FILE= (or, without it, the mainframe DD name FTnnF001 of the unit, which the JCL join binds) and C
fopen(). A grammar can loop on odd input; the pipeline parses every file in a worker process with
a deadline, so a hang costs that file.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from pathlib import PurePosixPath
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

FIXED_FORM_EXTENSIONS = {".f", ".for", ".f77", ".ftn"}
DECISIONS = {
    "fortran": {"if_statement", "elseif_clause", "do_loop_statement", "do_loop", "while_statement", "case_statement",
                "arithmetic_if_statement", "logical_expression"},
    "c": {"if_statement", "for_statement", "while_statement", "do_statement", "case_statement", "conditional_expression"},
}
C_LIBRARY = frozenset(["printf", "fprintf", "sprintf", "snprintf", "scanf", "fscanf", "sscanf", "puts", "fputs", "fgets", "gets", "putchar", "getchar", "fputc", "fgetc", "fopen", "fclose", "fread", "fwrite", "fseek", "ftell", "rewind", "fflush", "feof", "ferror", "remove", "rename", "tmpfile", "malloc", "calloc", "realloc", "free", "memcpy", "memmove", "memset", "memcmp", "strcpy", "strncpy", "strcat", "strncat", "strcmp", "strncmp", "strlen", "strchr", "strrchr", "strstr", "strtok", "strtol", "strtoul", "strtod", "atoi", "atol", "atof", "abs", "labs", "exit", "abort", "atexit", "getenv", "system", "qsort", "bsearch", "rand", "srand", "time", "clock", "difftime", "mktime", "localtime", "gmtime", "strftime", "sqrt", "pow", "exp", "log", "log10", "sin", "cos", "tan", "floor", "ceil", "fabs", "fmod", "isalpha", "isdigit", "isspace", "isupper", "islower", "toupper", "tolower", "assert", "perror", "sizeof", "setjmp", "longjmp", "signal", "raise", "va_start", "va_end", "va_arg"])
FORTRAN_INTRINSIC_CALLS = frozenset({"EXIT", "FLUSH", "DATE_AND_TIME", "RANDOM_NUMBER", "RANDOM_SEED", "SYSTEM_CLOCK",
                                     "CPU_TIME", "GET_COMMAND_ARGUMENT", "GET_ENVIRONMENT_VARIABLE", "MVBITS", "ABORT", "SLEEP"})
CONSOLE_UNITS = {"*", "5", "6", "0"}
INCLUDE_WRAPPER = "modernize_include"


@functools.cache
def grammar(language: str) -> Any:
    from tree_sitter_language_pack import get_parser

    return get_parser(language)


def last_line(node: Any) -> int:
    """1-based last line of a node (a node ending with its newline ends on the line before)."""
    return node.end_point[0] + (1 if node.end_point[1] > 0 else 0)


def walk(node: Any) -> Iterator[Any]:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))


def text_of(node: Any) -> str:
    return node.text.decode("utf-8", "replace")


def fixed_to_free(text: str) -> str:
    """Fortran 77 fixed form as free form, line for line (so line numbers stay): comment lines
    (C, c, * or ! in column 1) become ! comments, a continuation mark in column 6 becomes a
    trailing & on the previous code line, columns 73+ (sequence numbers) are dropped."""
    lines = text.split("\n")
    out: list[str] = []
    last_code = -1
    for line in lines:
        if line[:1] in ("C", "c", "*", "!"):
            out.append("!" + line[1:])
            continue
        code = line[:72]
        code = code[:6] + hollerith_to_strings(code[6:])
        if len(code) > 5 and code[5] not in (" ", "0") and code[:5].strip() == "" and last_code >= 0:
            out[last_code] += " &"
            out.append("      " + code[6:])
        else:
            out.append(code)
        if code.strip():
            last_code = len(out) - 1
    return "\n".join(out)


RE_HOLLERITH = re.compile(r"(?<![A-Za-z0-9_.*])(\d+)[Hh]")


def hollerith_to_strings(code: str) -> str:
    """Hollerith constants (DATA A / 1H0, 4H.END /, FORMAT(10HHEADER...)) as quoted strings,
    which the grammar knows; outside quoted strings only, on one line."""
    out: list[str] = []
    index = 0
    quote: str | None = None
    while index < len(code):
        char = code[index]
        if quote:
            quote = None if char == quote else quote
            out.append(char)
            index += 1
            continue
        if char in ("'", '"'):
            quote = char
            out.append(char)
            index += 1
            continue
        match = RE_HOLLERITH.match(code, index) if char.isdigit() and (index == 0 or not (code[index - 1].isalnum() or code[index - 1] in "_.*")) else None
        if match and match.end() + int(match.group(1)) <= len(code) and int(match.group(1)) > 0:
            text = code[match.end():match.end() + int(match.group(1))]
            out.append("'" + text.replace("'", "''") + "'")
            index = match.end() + int(match.group(1))
            continue
        out.append(char)
        index += 1
    return "".join(out)


def metrics_for(language: str, text: str, root: Any) -> dict[str, int]:
    comment = re.compile(r"^\s*(!|//|/\*|\*)") if language == "c" else re.compile(r"^\s*!")
    lines = text.split("\n")
    comments = sum(1 for line in lines if comment.match(line))
    code = sum(1 for line in lines if line.strip()) - comments
    decisions = sum(1 for node in walk(root) if node.type in DECISIONS[language]
                    or (node.type == "binary_expression" and any(c.type in ("&&", "||") for c in node.children)))
    return {"lines": len(lines), "code_lines": code, "comment_lines": comments, "complexity": 1 + decisions}


def parse_error(source: SourceFile, root: Any) -> list[Diagnostic]:
    if not root.has_error:
        return []
    first = next((n for n in walk(root) if n.type == "ERROR" or n.is_missing), root)
    return [Diagnostic("warning", "syntax", f"the {source.language} grammar could not parse part of this file "
                       f"(from line {first.start_point[0] + 1}); facts from that part may be missing", source.path, first.start_point[0] + 1)]


# Fortran -------------------------------------------------------------------------------------

UNIT_KINDS = {"program": "program_statement", "subroutine": "subroutine_statement", "function": "function_statement",
              "module": "module_statement"}


def unit_name(node: Any) -> str | None:
    statement = next((c for c in node.children if c.type == UNIT_KINDS.get(node.type)), None)
    name = next((c for c in statement.children if c.type == "name"), None) if statement else None
    return text_of(name).upper() if name else None


def keyword_arguments(node: Any) -> dict[str, str]:
    found = {}
    for child in node.children:
        if child.type == "keyword_argument" and child.child_count >= 3:
            found[text_of(child.children[0]).upper()] = text_of(child.children[-1]).strip("'\"")
        elif child.type == "unit_identifier":
            found["UNIT"] = text_of(child.children[-1])
    return found


def parse_fortran(source: SourceFile, text: str, context: ParseContext) -> ParseResult:
    fixed = PurePosixPath(source.path).suffix.lower() in FIXED_FORM_EXTENSIONS or source.source_format.startswith("fixed")
    code = fixed_to_free(text) if fixed else text
    if source.kind == FileKind.COPYBOOK:
        # An INCLUDE member holds declarations outside any program unit, which the grammar only
        # accepts inside one: wrap it without moving a line.
        code = f"subroutine {INCLUDE_WRAPPER}; " + code + f"\nend subroutine {INCLUDE_WRAPPER}\n"
    root = grammar("fortran").parse(code.encode("utf-8")).root_node
    symbols: list[Symbol] = []
    references: list[Reference] = []
    entries: list[str] = []
    units = [n for n in walk(root) if n.type in UNIT_KINDS]
    for unit in units:
        name = unit_name(unit)
        if name and name != INCLUDE_WRAPPER.upper():
            symbols.append(Symbol(name, "paragraph", unit.start_point[0] + 1, last_line(unit), source.path, {"unit": unit.type}))
            if unit.type in ("subroutine", "function"):
                entries.append(name)
    defined = {s.name for s in symbols}
    opened: dict[str, dict[str, Any]] = {}
    used: dict[str, set[str]] = {}
    for node in walk(root):
        line = node.start_point[0] + 1
        if node.type == "subroutine_call":
            called = next((c for c in node.children if c.type == "identifier"), None)
            name = text_of(called).upper() if called else ""
            if name and name not in defined and name not in FORTRAN_INTRINSIC_CALLS:
                references.append(Reference(ReferenceKind.CALLS, name, NodeKind.PROGRAM, Mechanism.STATIC, line, source.path))
        elif node.type == "include_statement":
            filename = next((c for c in node.children if c.type == "filename"), None)
            if filename:
                references.append(Reference(ReferenceKind.INCLUDES, member_name(text_of(filename).strip("'\"")), NodeKind.COPYBOOK, Mechanism.INCLUDE, line, source.path,
                                            attributes={"file": text_of(filename).strip("'\"")}))
        elif node.type == "common_statement":
            for group in (c for c in node.children if c.type == "variable_group"):
                name = next((c for c in group.children if c.type == "name"), None)
                references.append(Reference(ReferenceKind.REFERENCES, text_of(name).upper() if name else "BLANK", NodeKind.COMMON, Mechanism.COMMON, line, source.path))
        elif node.type == "open_statement":
            arguments = keyword_arguments(node)
            unit = arguments.get("UNIT", "")
            opened[unit] = {"line": line, **arguments}
        elif node.type in ("read_statement", "write_statement"):
            unit = keyword_arguments(node).get("UNIT")
            if unit:
                used.setdefault(unit, set()).add(ReferenceKind.READS if node.type == "read_statement" else ReferenceKind.WRITES)
    for unit in sorted(set(opened) | set(used)):
        if unit in CONSOLE_UNITS or not unit.isdigit():
            continue
        arguments = opened.get(unit, {})
        action = arguments.get("ACTION", "").upper()
        status = arguments.get("STATUS", "").upper()
        kinds = used.get(unit) or ({ReferenceKind.READS} if action == "READ" or status == "OLD"
                                   else {ReferenceKind.WRITES} if action == "WRITE" or status in ("NEW", "REPLACE") else {ReferenceKind.READS})
        line = arguments.get("line")
        for kind in sorted(kinds):
            if arguments.get("FILE"):
                references.append(Reference(kind, arguments["FILE"], NodeKind.FILE, Mechanism.OPEN, line, source.path, attributes={"unit": unit}))
            else:  # the mainframe convention: unit n is DD FTnnF001, bound by the JCL that runs the program
                references.append(Reference(kind, f"FT{int(unit):02d}F001", NodeKind.FILE, Mechanism.DD, line, source.path, attributes={"unit": unit}))
    main = next((s.name for s in symbols if s.attributes["unit"] == "program"), None)
    kind = ModuleKind.COPYBOOK if source.kind == FileKind.COPYBOOK else ModuleKind.PROGRAM
    attributes: dict[str, Any] = {"header_comments": header_comments(text, r"^[Cc*!]\s?(.*)$" if fixed else r"^\s*!(.*)$")}
    if entries:
        attributes["entries"] = entries
    module = Module(main or member_name(source.path), kind, "fortran", source.path, 1, text.count("\n") + 1, symbols, references,
                    metrics_for("fortran", code, root), parse_error(source, root), attributes)
    return ParseResult([module])


# C -------------------------------------------------------------------------------------------

def declarator_name(node: Any) -> str | None:
    while node is not None and node.type != "identifier":
        node = node.child_by_field_name("declarator")
    return text_of(node) if node is not None else None


def string_value(node: Any) -> str | None:
    if node is None or node.type != "string_literal":
        return None
    return "".join(text_of(c) for c in node.children if c.type == "string_content")


def parse_c(source: SourceFile, text: str, context: ParseContext) -> ParseResult:
    root = grammar("c").parse(text.encode("utf-8")).root_node
    symbols: list[Symbol] = []
    references: list[Reference] = []
    entries: list[str] = []
    for node in root.children:
        if node.type == "function_definition":
            name = declarator_name(node.child_by_field_name("declarator"))
            if not name:
                continue
            static = any(c.type == "storage_class_specifier" and text_of(c) == "static" for c in node.children)
            symbols.append(Symbol(name, "paragraph", node.start_point[0] + 1, last_line(node), source.path,
                                  {"unit": "function", "static": static}))
            if not static:
                entries.append(name)
    defined = {s.name for s in symbols}
    for node in walk(root):
        line = node.start_point[0] + 1
        if node.type == "preproc_include":
            path = node.child_by_field_name("path")
            header = string_value(path)
            if header:  # "local.h"; <system.h> belongs to the compiler
                references.append(Reference(ReferenceKind.INCLUDES, member_name(header), NodeKind.COPYBOOK, Mechanism.INCLUDE, line, source.path,
                                            attributes={"file": header}))
        elif node.type == "call_expression":
            function = node.child_by_field_name("function")
            if function is None or function.type != "identifier":
                continue
            name = text_of(function)
            if name == "fopen":
                arguments = [c for c in node.child_by_field_name("arguments").children if c.type not in ("(", ")", ",")]
                filename = string_value(arguments[0]) if arguments else None
                mode = string_value(arguments[1]) if len(arguments) > 1 else None
                if filename:
                    kind = ReferenceKind.READS if (mode or "r").startswith("r") and "+" not in (mode or "") else ReferenceKind.WRITES
                    references.append(Reference(kind, filename, NodeKind.FILE, Mechanism.FOPEN, line, source.path, attributes={"mode": mode or ""}))
            elif name not in defined and name not in C_LIBRARY:
                references.append(Reference(ReferenceKind.CALLS, name.upper(), NodeKind.PROGRAM, Mechanism.STATIC, line, source.path))
    kind = ModuleKind.COPYBOOK if source.kind == FileKind.COPYBOOK else ModuleKind.PROGRAM
    attributes: dict[str, Any] = {"header_comments": header_comments(text, r"^\s*(?:/\*+|\*|//)(.*?)(?:\*/)?\s*$")}
    if entries:
        attributes["entries"] = [e.upper() for e in entries]
    module = Module(member_name(source.path), kind, "c", source.path, 1, text.count("\n") + 1, symbols, references,
                    metrics_for("c", text, root), parse_error(source, root), attributes)
    return ParseResult([module])
