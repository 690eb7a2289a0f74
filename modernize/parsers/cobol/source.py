"""Reference format: turn physical COBOL lines into code lines with their origin.

Fixed format: columns 1-6 sequence area, 7 indicator (``*`` ``/`` comment, ``D`` debug line,
``-`` continuation, ``$`` directive), 8-72 code, 73-80 ignored. Free format: ``*>`` comments,
code anywhere. Compiler-directing lines (``CBL``/``PROCESS``, ``EJECT``, ``SKIP1/2/3``,
``TITLE``, ``>>`` directives, ``$SET``) are dropped here, so the lexer sees only code.

The result is a list of ``CodeLine``: the code text and where it came from (file, line). Lines are
never merged across origins except for continuation, so the list is the source map.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from modernize.parsers._text import open_quote
from modernize.signatures import fixed_format_line

TAB_SIZE = 8
HEADER_LIMIT = 80
RE_HEADER_END = re.compile(r"\b(?:ENVIRONMENT|DATA|PROCEDURE)\s+DIVISION\b|\bWORKING-STORAGE\b|\bLINKAGE\s+SECTION\b|\bPIC\b", re.I)
RE_DIRECTIVE_LINE = re.compile(r"^\s*(?:EJECT|SKIP[123])\s*\.?\s*$|^\s*TITLE\s", re.I)
DIRECTIVE_INITIALS = frozenset("EeSsTt")  # how the lines RE_DIRECTIVE_LINE matches begin: asked first of every line
RE_END_PROGRAM = re.compile(r"\bEND[ \t]++PROGRAM\b[^.]*+\.[ \t]*+$", re.I)
RE_OPTIONS_CARD = re.compile(r"(?:\d{6})?+\s*+(?:CBL|PROCESS)(?![\w-])", re.I)  # asked of every line: possessive, it fails fast
RE_FREE = re.compile(r">>\s*SOURCE\s+(?:FORMAT\s+(?:IS\s+)?)?FREE|\$\s*SET\s+SOURCEFORMAT\s*\(?\s*[\"']?FREE", re.I)
RE_LIBRARIAN = re.compile(r"^\s{0,8}(?:-INC|\+\+INCLUDE)\s+\S", re.I)
# A fixed-format line that is plainly code, taken in one match (most lines of a program are): only
# digits or blanks before a blank indicator column, no '$' in column 8, something besides blanks in
# columns 8-72 and as its first word no options card, librarian command or listing directive. The
# caller asks first for no tab and no directive mark (>>) in the line and, after, for no floating
# comment (*>) in columns 8-72; whatever it leaves to the line-by-line reading ends the same there.
RE_PLAIN_FIXED = re.compile(r"[0-9 ]{6} (?!\$)\s{0,64}+(?!(?:EJECT|SKIP[123]|TITLE|CBL|PROCESS)(?![\w-])|-INC|\+\+INCLUDE)\S", re.I)
RE_VARIABLE = re.compile(r">>\s*SOURCE\s+(?:FORMAT\s+(?:IS\s+)?)?VARIABLE|\$\s*SET\s+SOURCEFORMAT\s*\(?\s*[\"']?VARIABLE", re.I)
FIXED_MARGIN, VARIABLE_MARGIN = 72, 250  # the end of the program-text area: fixed format, and variable (GnuCOBOL, Micro Focus)
RE_FIXED = re.compile(r">>\s*SOURCE\s+(?:FORMAT\s+(?:IS\s+)?)?FIXED|\$\s*SET\s+SOURCEFORMAT\s*\(?\s*[\"']?FIXED", re.I)


# Conditional compilation: >>IF / >>ELIF / >>ELSE / >>END-IF (ISO, GnuCOBOL, IBM) and $IF / $ELSE / $END (Micro Focus).
RE_CONDITIONAL = re.compile(r"(?:>>[ \t]*+(?:IF|ELIF|ELSE|END-IF)|\$[ \t]*+(?:IF|ELSE|END|DISPLAY))\b", re.I)
RE_DEFINED = re.compile(r"(?:>>[ \t]*+(?:IF|ELIF)|\$[ \t]*+IF)[ \t]++([\w-]++)[ \t]++(?:IS[ \t]++)?(NOT[ \t]++)?DEFINED\b", re.I)
RE_DEFINE = re.compile(r">>[ \t]*+DEFINE[ \t]++(?:CONSTANT[ \t]++)?([\w-]++)|\$[ \t]*+SET[ \t]++CONSTANT[ \t]++([\w-]++)", re.I)


@dataclass
class Conditions:
    """Which lines conditional compilation keeps, compiled as a build with no names defined beyond
    those the source defines itself: ``>>IF X DEFINED`` holds when a ``>>DEFINE X`` came before; a
    condition on values (``>>IF X = 1``) is taken as true, so the first branch is the one analysed."""

    defined: set[str] = field(default_factory=set)
    stack: list[tuple[bool, bool]] = field(default_factory=list)  # (this branch kept, some branch of this IF kept)

    @property
    def active(self) -> bool:
        return not self.stack or all(kept for kept, _ in self.stack)

    def define(self, directive: str) -> None:
        match = RE_DEFINE.match(directive)
        if match:
            self.defined.add((match.group(1) or match.group(2)).upper())

    def directive(self, directive: str) -> None:
        word = directive.lstrip(">$ \t").split(None, 1)[0].upper() if directive.lstrip(">$ \t") else ""
        if word == "DISPLAY":
            return
        if word == "IF":
            self.stack.append((self.holds(directive), self.holds(directive)))
        elif not self.stack:
            return  # an ELSE or END-IF without its IF: the compiler's error, not a reason to drop code
        elif word == "ELIF":
            _, taken = self.stack[-1]
            kept = not taken and self.holds(directive)
            self.stack[-1] = (kept, taken or kept)
        elif word == "ELSE":
            _, taken = self.stack[-1]
            self.stack[-1] = (not taken, True)
        else:  # END-IF, $END
            self.stack.pop()

    def holds(self, directive: str) -> bool:
        match = RE_DEFINED.match(directive)
        if match is None:
            return True
        return (match.group(1).upper() in self.defined) != bool(match.group(2))


@dataclass(slots=True)
class CodeLine:
    """One line of code (comments and sequence area removed) and its origin."""

    text: str
    path: str
    line: int
    area_a: bool = True  # fixed format: the code starts at column 8-11 (margin A)


@dataclass(slots=True)
class SourceStats:
    """Counts that metrics need and that are only visible before comments are dropped."""

    lines: int = 0
    code_lines: int = 0
    comment_lines: int = 0
    blank_lines: int = 0
    debug_lines: int = 0
    odd_indicators: list[int] = field(default_factory=list)
    header_comments: list[str] = field(default_factory=list)
    header_open: bool = True


def code_lines(
    text: str,
    path: str,
    source_format: str = "fixed",
    debug: bool = False,
    stats: SourceStats | None = None,
) -> list[CodeLine]:
    """Split a source (program or copybook) into code lines.

    ``debug`` includes ``D`` lines (WITH DEBUGGING MODE); by default they are treated as comments.
    A line with code running past column 72 is cut there, as the compiler does.
    """
    free = source_format == "free"
    margin = VARIABLE_MARGIN if source_format == "variable" else FIXED_MARGIN  # where the program-text area ends
    conditions = Conditions()
    nesting = conditions.stack  # changed in place by ``conditions``
    result: list[CodeLine] = []
    stats = stats if stats is not None else SourceStats()
    append = result.append
    options_card, directive_line, header_end = RE_OPTIONS_CARD.match, RE_DIRECTIVE_LINE.match, RE_HEADER_END.search
    # Counted in locals, added to ``stats`` at the end: every physical line passes here.
    count = blank = comments = debugging = code_count = 0
    header_open, header = stats.header_open, stats.header_comments
    plain = RE_PLAIN_FIXED.match
    fast = not free and margin == FIXED_MARGIN and not header_open  # a plain line can be taken in one match
    for number, raw in enumerate(text.split("\n"), 1):
        if fast and not nesting and "\t" not in raw and ">>" not in raw and plain(raw):
            code = raw[7:FIXED_MARGIN]
            if "*>" not in code:
                count += 1
                code_count += 1
                append(CodeLine(code.rstrip(), path, number, not code[:4].isspace()))
                continue
        if "\t" in raw:
            raw = raw.expandtabs(TAB_SIZE)
        count += 1
        if not raw or raw.isspace():
            blank += 1
            continue
        if ">>" in raw or raw.find("$", 0, 8) >= 0:
            # A directive is first on its line: in area A or B, after a sequence number (in either
            # format: the line that switches to free format is often still a numbered card).
            stripped = raw.strip()
            if not stripped.startswith((">>", "$")) and (not free or raw[:6].isdigit()) and raw[6:7] not in ("*", "/"):
                stripped = raw[7:].strip() if raw[7:].lstrip().startswith((">>", "$")) else raw[6:].strip()
            if stripped.startswith((">>", "$")) and RE_CONDITIONAL.match(stripped):
                conditions.directive(stripped)
                comments += 1
                continue
            if stripped.startswith((">>", "$SET", "$ SET")):
                if not conditions.active:
                    comments += 1
                    continue
                if RE_FREE.search(stripped):
                    free = True
                elif RE_FIXED.search(stripped):
                    free, margin = False, FIXED_MARGIN
                elif RE_VARIABLE.search(stripped):
                    free, margin = False, VARIABLE_MARGIN
                fast = not free and margin == FIXED_MARGIN and not header_open
                conditions.define(stripped)
                comments += 1
                continue
        if nesting and not conditions.active:
            comments += 1  # text a >>IF/$IF leaves out (often documentation in literate sources)
            continue
        if options_card(raw) and (not result or RE_END_PROGRAM.search(result[-1].text)):
            # CBL/PROCESS compiler options: before the first line of code, or before the next program
            # of a batch compilation (after an END PROGRAM).
            comments += 1
            continue
        if free:
            code = raw
            marker = code.find("*>")
            if marker >= 0 and open_quote(code[:marker]) is None:
                code = code[:marker]
            body = code.lstrip()
            if not body:
                comments += 1
                continue
            if body[:1] == "*" or (body[:1] == "/" and len(body) == 1):
                comments += 1
                continue
            if body[:2].upper() == "D " and debug is False and raw[:1] in "dD":
                debugging += 1
                continue
            if directive_line(body):
                comments += 1
                continue
            code_count += 1
            append(CodeLine(code.rstrip(), path, number, True))
            continue
        first = raw[0]
        if (first == "-" or first == "+" or first == " ") and (raw.find("-", 0, 9) >= 0 or raw.find("+", 0, 9) >= 0) and RE_LIBRARIAN.match(raw):
            code_count += 1
            append(CodeLine(raw[:margin].strip(), path, number, True))
            continue
        indicator = raw[6:7]
        if indicator == "*" or indicator == "/" or (raw.find("*", 0, 7) >= 0 and raw[:7].lstrip()[:1] == "*" and not raw[:6].strip().isdigit()):
            # The indicator column, or a '*' a column early in a file that is not quite fixed format.
            comments += 1
            if header_open and len(header) < HEADER_LIMIT:
                header.append(raw[7:margin] if indicator in ("*", "/") else raw.lstrip()[1:margin])
            continue
        if indicator == "D" or indicator == "d":
            debugging += 1
            if not debug:
                continue
        code = raw[7:margin]
        if indicator == "$":
            comments += 1
            continue
        if not code or code.isspace():
            # Only a sequence number or change tag: a blank line for the compiler.
            blank += 1
            continue
        if indicator != " " and indicator != "-" and indicator not in ("D", "d", ""):
            if raw[:6].isdigit():
                # An unknown indicator after a real sequence number (test-suite variant markers,
                # site conventions): the line is code, the indicator is reported and ignored.
                stats.odd_indicators.append(number)
            else:
                # Not quite fixed format: code starts a column early.
                code = raw[6:margin]
        marker = code.find("*>")
        if marker >= 0:
            if not code[:marker].strip():
                comments += 1
                continue
            if open_quote(code[:marker]) is None:
                code = code[:marker]
        if code.lstrip()[:1] in DIRECTIVE_INITIALS and directive_line(code):
            comments += 1
            continue
        code_count += 1
        if header_open and header_end(code):
            header_open = False
            fast = not free and margin == FIXED_MARGIN
        if indicator == "-" and result:
            continue_line(result[-1], code)
            continue
        append(CodeLine(code.rstrip(), path, number, not code[:4].isspace()))
    stats.lines += count
    stats.blank_lines += blank
    stats.comment_lines += comments
    stats.debug_lines += debugging
    stats.code_lines += code_count
    stats.header_open = header_open
    return result


def continue_line(previous: CodeLine, code: str) -> None:
    """Join a ``-`` continuation line onto the line it continues.

    A continued literal runs to column 72 of the previous line (trailing spaces are part of it) and
    resumes after the quote that opens the continuation; a continued word resumes at the first
    non-blank character.
    """
    body = code.lstrip()
    quote = open_quote(previous.text)
    if quote is not None and body[:1] in ("'", '"'):
        previous.text = previous.text.ljust(65) + body[1:].rstrip()
    else:
        previous.text = previous.text.rstrip() + body.rstrip()


def guess_format(text: str) -> str:
    """``free`` or ``fixed`` for a member the inventory did not take for COBOL (so it has no source
    format): a free-format directive, or fewer than four lines in five with a fixed-format
    indicator in column 7 behind a sequence area (``signatures.fixed_format_line``) make it free."""
    if RE_FREE.search(text[:4096]):
        return "free"
    lines = [line.expandtabs(TAB_SIZE) for line in text.split("\n", 2000)[:2000] if line.strip()]
    fixed = sum(1 for line in lines if fixed_format_line(line))
    return "free" if lines and fixed < len(lines) * 0.8 else "fixed"
