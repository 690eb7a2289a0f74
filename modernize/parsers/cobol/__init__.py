"""The COBOL front end: reference format -> COPY/REPLACE -> tokens -> parse tree -> facts.

Hand-written in pure Python (tree-sitter's COBOL grammar fails on real programs). ``parse`` is the
parser registered for the ``cobol`` language; it returns Module facts for every program in the
file (nested programs included) or for the copybook, plus diagnostics, and never raises on bad
input.
"""

from __future__ import annotations

import re

from modernize import collector
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
)
from modernize.parsers import ParseContext, ParseResult
from modernize.parsers.bms import is_mapset_source, mapsets
from modernize.parsers.cobol import copycache
from modernize.parsers.cobol.ast import untie
from modernize.parsers.cobol.copybooks import CopyExpander, member_lines, program_in
from modernize.parsers.cobol.facts import Context, ProgramFacts
from modernize.parsers.cobol.lexer import tokenize
from modernize.parsers.cobol.parser import CobolParser
from modernize.parsers.cobol.source import CodeLine, SourceStats, code_lines

# A template copybook's tag: ==UT==NAME or :TAG:NAME, replaced by COPY … REPLACING LEADING in each program.
RE_TAG = re.compile(r"==([A-Za-z0-9][A-Za-z0-9-]{0,29})==|(?<![\w:]):([A-Za-z0-9][A-Za-z0-9-]{0,29}):(?=[A-Za-z0-9-])")

RE_LITERAL = re.compile(r"""('[^']*+'?|"[^"]*+"?)""")


def fill_placeholders(lines: list[CodeLine]) -> set[str]:
    """A copybook parsed alone: its tags become part of the names they prefix (``==UT==COUNT`` is read
    as ``UTCOUNT``), as a COPY that replaces them by a prefix would give. The tags found."""
    found: set[str] = set()

    def tag(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(2)
        found.add(match.group(0))
        return name

    for position, line in enumerate(lines):
        if "==" in line.text or ":" in line.text:
            # Literals hold == or :x: as data: only the text between them is looked at. A new line:
            # copied lines are shared with the worker's copybook cache.
            pieces = RE_LITERAL.split(line.text)
            text = "".join(piece if index % 2 else RE_TAG.sub(tag, piece) for index, piece in enumerate(pieces))
            if text != line.text:
                lines[position] = CodeLine(text, line.path, line.line, line.area_a)
    return found


def parse(source: SourceFile, text: str, context: ParseContext) -> ParseResult:
    """Facts for one COBOL program or copybook file.

    The collector is off meanwhile: tokens, lines and the parse tree are hundreds of thousands of live
    objects it would walk again and again (a tenth of the front end's time) to find the only cycles,
    the data entries' links to their parents, which ``facts_of`` breaks before it returns."""
    with collector.paused():
        result = facts_of(source, text, context)
    return result


def facts_of(source: SourceFile, text: str, context: ParseContext) -> ParseResult:
    stats = SourceStats()
    source_format = source.source_format or "fixed"
    generated = source.kind == FileKind.COPYBOOK and is_mapset_source(text)
    if generated:
        # A BMS mapset a COPY found: the copybook is the symbolic map the assembler generates.
        lines = member_lines(source, text)
        stats.lines, stats.code_lines = text.count("\n") + (not text.endswith("\n")), len(lines)
    else:
        lines = code_lines(text, source.path, source_format, stats=stats)
    expander = CopyExpander(
        lookup=lambda name: context.lookup("copybook", name),
        read=context.read,
        shared=copycache.CACHE,
    )
    expansion = expander.expand(lines, source.path)
    diagnostics: list[Diagnostic] = list(expansion.diagnostics)
    if source.kind == FileKind.COPYBOOK:
        tags = fill_placeholders(expansion.lines)
        if tags:
            diagnostics.append(Diagnostic("info", "copybook-placeholders", f"copybook {source.member} is a template: its tags "
                                          f"({', '.join(sorted(tags)[:5])}) are read as written; the names they stand for come "
                                          "from each COPY … REPLACING", source.path, None))
    if stats.odd_indicators:
        lines_list = ", ".join(str(n) for n in stats.odd_indicators[:5]) + (" …" if len(stats.odd_indicators) > 5 else "")
        diagnostics.append(
            Diagnostic("info", "unknown-indicator", f"{len(stats.odd_indicators)} line(s) with an unknown character in column 7 analysed as code (lines {lines_list})", source.path, stats.odd_indicators[0])
        )
    tokens, token_lines = tokenize(expansion.lines, None, diagnostics)
    parser = CobolParser(tokens, token_lines, expansion.lines, source.path, free_format=source_format == "free")
    ctx = Context(source.path, expansion.lines, expansion.copies, stats)
    modules: list[Module] = []
    if source.kind == FileKind.COPYBOOK:
        inner = program_in(expansion.lines, source.member)
        if inner is not None:
            # A copybook never makes programs: the program text in it is left out of its facts.
            diagnostics.append(Diagnostic("warning", "copybook-holds-program", f"copybook {source.member} holds a whole program "
                                          f"(PROGRAM-ID {inner}); its program text is not analysed", source.path, None))
        program = parser.parse_copybook(source.member)
        modules = ProgramFacts(program, ctx, kind=ModuleKind.COPYBOOK).build()
        for module in modules:
            module.line = 1
            module.end_line = stats.lines
            if generated:
                module.references += [Reference(ReferenceKind.REFERENCES, mapset.name, NodeKind.MAPSET, Mechanism.BMS, mapset.line, source.path, True)
                                       for mapset in mapsets(text, source.path)]
        untie(program)
    else:
        programs = parser.parse_unit()
        if not programs:
            diagnostics.append(Diagnostic("error", "no-program", "no PROGRAM-ID found; file not analysed as a program", source.path, None))
        for program in programs:
            modules.extend(ProgramFacts(program, ctx).build())
            untie(program)
    diagnostics.extend(parser.diagnostics)
    diagnostics.extend(ctx.diagnostics)
    if modules:
        modules[0].diagnostics = [d for d in diagnostics]
        diagnostics = []
    counters = {"copybook-hits": expander.hits, "copybook-misses": expander.misses} if expander.hits or expander.misses else {}
    return ParseResult(modules=modules, diagnostics=diagnostics, dependencies=expansion.dependencies, counters=counters)
