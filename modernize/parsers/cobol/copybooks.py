"""COPY and REPLACE: expand copybooks into the code lines, keeping each line's origin.

Handles ``COPY name [OF|IN lib] [SUPPRESS] [REPLACING ...]`` with pseudo-text, words, literals and
``LEADING``/``TRAILING``, the ``:TAG:`` partial-word convention, nested COPY with cycle detection,
``REPLACE ... / REPLACE OFF``, ``EXEC SQL INCLUDE member END-EXEC`` and the librarian forms
``-INC name`` and ``++INCLUDE name``. A name may carry an extension or a directory, quoted or not
(``COPY "types.cpy"``, ``COPY COLORS.CPY``): the file of that name is looked for first, then the
member; the COPY stands for the member (``TYPES``) either way. A copybook that cannot be found is a
diagnostic; the COPY statement is dropped and everything else goes on. A COPY inside a program that
finds a whole program (its own PROGRAM-ID and PROCEDURE DIVISION) is reported, never expanded: a
compiler would make a nested program of it, and programs that copy each other would multiply. A COPY that
finds a BMS mapset expands the symbolic map the assembler generates from it (``bms.symbolic_map``).
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from modernize.catalog import is_system_copybook
from modernize.model import Diagnostic, FileKind, Mechanism, SourceFile, member_name
from modernize.parsers._text import open_quote
from modernize.parsers.bms import is_mapset_source, symbolic_map
from modernize.parsers.cobol.copycache import CachedExpansion, CopybookCache, ExpansionKey
from modernize.parsers.cobol.source import CodeLine, code_lines, guess_format

MAX_DEPTH = 40
# What one program may copy in, all nesting included: well above real programs (the largest run to a
# few hundred thousand lines after expansion and a few thousand COPY statements), far below what a
# fan-out of copybooks that each copy the previous one twice reaches (2**depth lines). A million
# copied lines already take about 40 s and 2 GB to parse. Past either limit the remaining COPY
# statements are not expanded (one error diagnostic says where it stopped) and the rest of the
# program's own lines are still parsed.
MAX_EXPANDED_LINES = 1_000_000
MAX_COPY_EXPANSIONS = 20_000
# What depends on the COPY stack or the program's totals, not on the copybook: never kept for reuse.
UNCACHED_DIAGNOSTICS = frozenset({"copy-cycle", "copy-depth", "copy-expansion-limit", "copy-of-program"})

RE_TRIGGER = re.compile(
    r"(?<![\w-])(?:COPY|INCLUDE|-INC|\+\+INCLUDE|REPLACE)(?![\w-])|(?<![\w-])EXEC\s+SQL\s*$", re.I
)
# (?<![\w-])(?:COPY|INCLUDE|-INC|\+\+INCLUDE|REPLACE|EXEC)(?![\w-]), written to start with a character
# class: the engine then skips to the candidates instead of trying every alternative at every
# position (a third of the time over a program).
RE_TRIGGER_ANYWHERE = re.compile(
    r"[CIRE+-](?<![\w-].)(?:(?<=C)OPY|(?<=I)NCLUDE|(?<=-)INC|(?<=\+)\+INCLUDE|(?<=R)EPLACE|(?<=E)XEC)(?![\w-])", re.I)
RE_EXEC_SQL_END = re.compile(r"(?<![\w-])EXEC\s+SQL\s*$", re.I)
RE_LITERAL = r"'(?:[^'\n]|'')*'|\"(?:[^\"\n]|\"\")*\""
# What makes a member a whole program rather than a copybook: a PROGRAM-ID paragraph and a
# PROCEDURE DIVISION (a standard IDENTIFICATION DIVISION header to copy is no program).
RE_PROGRAM_ID = re.compile(r"^\s*(?:PROGRAM-ID|FUNCTION-ID)(?![\w-])", re.I)
RE_PROCEDURE_DIVISION = re.compile(r"^\s*PROCEDURE\s+DIVISION(?![\w-])", re.I)
RE_PROGRAM_ID_ANYWHERE = re.compile(r"^[ \t]*(?:PROGRAM-ID|FUNCTION-ID)(?![\w-])", re.I | re.M)
RE_PROGRAM_NAME = re.compile(r"(?:PROGRAM-ID|FUNCTION-ID)\s*\.?\s*['\"]?([\w$#@-]+)", re.I)


@dataclass
class CopyRecord:
    """One COPY (or INCLUDE) as written: who copies what, where, and what it resolved to."""

    name: str
    path: str
    line: int
    via: str = Mechanism.COPY
    library: str | None = None
    resolved: str | None = None
    replacing: bool = False
    nested: bool = False


@dataclass
class Replacement:
    """One REPLACING / REPLACE pair, compiled into a regex alternative."""

    pattern: str
    replacement: str


@dataclass
class Expansion:
    """The expanded code lines plus everything learned on the way."""

    lines: list[CodeLine]
    copies: list[CopyRecord] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    dependencies: dict[str, str | None] = field(default_factory=dict)


def operand_regex(text: str, mode: str) -> str:
    """A regex for a REPLACING operand: its text with any run of white space matching any other.

    An operand that starts (ends) with a word character must match at a word boundary there; one
    that starts or ends with punctuation, like ``:TAG:`` or ``<<SCRN>>``, may match inside a word,
    which is how shops use tags for partial-word replacement.
    """
    chunks = text.split()
    if not chunks:
        return r"(?!x)x"
    body = r"\s+".join(re.escape(chunk) for chunk in chunks)
    before = r"(?<![\w-])" if re.match(r"[\w]", chunks[0]) and mode != "TRAILING" else ""
    after = r"(?![\w-])" if re.search(r"[\w]$", chunks[-1]) and mode != "LEADING" else ""
    return before + body + after


def compile_replacements(pairs: list[Replacement]) -> Callable[[str], str] | None:
    """One combined regex: at each position the first matching pair wins, literals stay intact."""
    if not pairs:
        return None
    alternatives = "|".join(f"(?P<r{i}>{p.pattern})" for i, p in enumerate(pairs))
    regex = re.compile(f"{alternatives}|(?P<lit>{RE_LITERAL})", re.I)
    replacements = [p.replacement for p in pairs]
    # One pair (the usual ==:TAG:== BY ==X==) on a line without quotes, where no literal can be:
    # the pair's own pattern with its replacement as a template, no Python call per match.
    single = re.compile(pairs[0].pattern, re.I) if len(pairs) == 1 else None
    template = pairs[0].replacement.replace("\\", "\\\\")

    def apply(text: str) -> str:
        if single is not None and "'" not in text and '"' not in text:
            return single.sub(template, text)

        def substitute(match: re.Match[str]) -> str:
            group = match.lastgroup
            if group == "lit" or group is None:
                return match.group(0)
            return replacements[int(group[1:])]

        return regex.sub(substitute, text)

    return apply


TRIGGER_WORDS = ("COPY", "INCLUDE", "-INC", "REPLACE", "EXEC")  # ++INCLUDE holds INCLUDE


def trigger_lines(lines: list[CodeLine]) -> set[int]:
    """Indexes of the lines that may hold COPY, INCLUDE or REPLACE (each is then read on its own, so
    more is harmless, less is not). An ASCII text is searched for the words as they are, in capitals
    (a search in C per word, the lines of the finds by their starts); any other by the pattern, whose
    case-blind match also takes the letters that are capitals of no ASCII letter (an I with a dot)."""
    text = "\n".join(line.text for line in lines)
    found: set[int] = set()
    if text.isascii():
        upper = text.upper()
        hits = []
        for word in TRIGGER_WORDS:
            at = upper.find(word)
            while at >= 0:
                hits.append(at)
                at = upper.find(word, at + 1)
        if hits:
            starts = list(itertools.accumulate((len(line.text) + 1 for line in lines), initial=0))
            found.update(bisect.bisect_right(starts, at) - 1 for at in hits)
        return found
    line_index = 0
    last = 0
    for match in RE_TRIGGER_ANYWHERE.finditer(text):
        line_index += text.count("\n", last, match.start())
        last = match.start()
        found.add(line_index)
    return found


class StatementReader:
    """Reads a COPY/REPLACE statement that may run over several code lines."""

    def __init__(self, lines: list[CodeLine], index: int, column: int):
        self.lines = lines
        self.index = index
        self.column = column

    def read(self) -> tuple[str, int, int, bool]:
        """Text from the keyword to the closing period; returns (text, end line index, end column, closed).

        If pseudo-text is never closed, the statement ends at the first period instead, so one
        unbalanced ``==`` does not swallow the rest of the program.
        """
        found = self._read(pseudo=True)
        return found if found[3] else self._read(pseudo=False)

    def _read(self, pseudo: bool) -> tuple[str, int, int, bool]:
        parts: list[str] = []
        index, column = self.index, self.column
        in_pseudo = False
        quote: str | None = None
        while index < len(self.lines):
            text = self.lines[index].text
            i = column
            while i < len(text):
                ch = text[i]
                if quote:
                    if ch == quote:
                        quote = None
                elif in_pseudo:
                    if text.startswith("==", i):
                        in_pseudo = False
                        i += 1
                elif ch in "'\"":
                    quote = ch
                elif pseudo and text.startswith("==", i):
                    in_pseudo = True
                    i += 1
                elif ch == "." and (i + 1 == len(text) or text[i + 1].isspace()):
                    parts.append(text[column:i])
                    return " ".join(parts), index, i + 1, True
                i += 1
            parts.append(text[column:])
            quote = None  # a literal never runs past its line unless continued (already joined)
            index += 1
            column = 0
        return " ".join(parts), len(self.lines) - 1, len(self.lines[-1].text) if self.lines else 0, False


RE_OPERAND = re.compile(
    r"\s*(?:==(?P<pseudo>.*?)==|(?P<lit>'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\")|(?P<word>[^\s=]\S*))", re.S
)
RE_COPY = re.compile(
    r"\s*(?P<name>'[^']*'|\"[^\"]*\"|[\w$#@-]+(?:\.[\w$#@-]+)*)(?:\s+(?:OF|IN)\s+(?P<lib>'[^']*'|\"[^\"]*\"|[\w$#@-]+))?"
    r"(?P<suppress>\s+SUPPRESS)?(?:\s+REPLACING\b(?P<replacing>.*))?\s*$",
    re.S | re.I,
)


def parse_replacing(text: str, where: CodeLine, diagnostics: list[Diagnostic]) -> list[Replacement]:
    """``op1 BY op2 ...`` (the operands of COPY REPLACING and of REPLACE) into pairs."""
    pairs: list[Replacement] = []
    operands: list[tuple[str, str]] = []  # (kind, text)
    pos = 0
    while pos < len(text) and text[pos:].strip():
        match = RE_OPERAND.match(text, pos)
        if match is None or match.end() == pos:
            break
        if match.group("pseudo") is not None:
            operands.append(("pseudo", match.group("pseudo")))
        elif match.group("lit") is not None:
            operands.append(("word", match.group("lit")))
        elif match.group("word") not in (",", ";"):  # a separator comma or semicolon between pairs
            word = match.group("word")
            operands.append(("word", word[:-1] if len(word) > 1 and word[-1] in ",;" else word))
        pos = match.end()
    if text[pos:].strip().startswith("=="):
        diagnostics.append(Diagnostic("error", "unbalanced-pseudo-text", "pseudo-text ==...== is not closed", where.path, where.line))
        return pairs
    i = 0
    while i < len(operands):
        mode = "exact"
        if operands[i][0] == "word" and operands[i][1].upper() in ("LEADING", "TRAILING"):
            mode = operands[i][1].upper()
            i += 1
        if i + 2 >= len(operands) or operands[i + 1][1].upper() != "BY":
            diagnostics.append(Diagnostic("error", "copy-replacing", "REPLACING operand without BY and a replacement", where.path, where.line))
            break
        pairs.append(Replacement(operand_regex(operands[i][1], mode), " ".join(operands[i + 2][1].split())))
        i += 3
    return pairs


class CopyExpander:
    """Expands COPY statements recursively for one source file."""

    def __init__(
        self,
        lookup: Callable[[str], SourceFile | None],
        read: Callable[[SourceFile], str],
        debug: bool = False,
        shared: CopybookCache | None = None,
    ):
        self.lookup = lookup
        self.read = read
        self.debug = debug
        self.shared = shared  # the worker's copybook cache (None: every program expands its copybooks itself)
        self.hits = 0  # COPY statements whose expansion came from the shared cache
        self.misses = 0  # COPY statements expanded here (and kept for the next program)
        self.cache: dict[str, list[CodeLine]] = {}
        self.programs: dict[str, str | None] = {}  # path -> the PROGRAM-ID a copied member declares
        self.inside_program = False  # a PROGRAM-ID is among the lines expanded so far
        self.scanned = 0  # how many of those lines were looked at for it
        self.saw_replace = False
        self.copied_lines = 0
        self.expansions = 0
        self.stopped: tuple[CodeLine, str, str] | None = None  # where the limit was reached: the COPY, its name, which limit
        self.not_expanded = 0

    def expand(self, lines: list[CodeLine], origin: str) -> Expansion:
        result = Expansion(lines=[])
        # A file with a PROGRAM-ID of its own is a program wherever its COPY statements stand: one
        # before its PROGRAM-ID that finds another program is no template it is made of, and
        # expanding it would nest that program (and every program it copies first) in this one.
        self.inside_program = self.inside_program or RE_PROGRAM_ID_ANYWHERE.search("\n".join(line.text for line in lines)) is not None
        self._expand(lines, (origin,), result, nested=False)
        if self.stopped is not None:
            line, name, limit = self.stopped
            later = f"; {self.not_expanded - 1} later COPY statement(s) not expanded either" if self.not_expanded > 1 else ""
            result.diagnostics.append(Diagnostic(
                "error", "copy-expansion-limit",
                f"{origin}: COPY {name} (in {line.path}, line {line.line}) not expanded: the program's copybooks would exceed "
                f"{limit}{later}; the facts cover what was expanded before it", line.path, line.line))
        result.lines = self._apply_replace(result.lines, result.diagnostics)
        return result

    def _over_limit(self, body: list[CodeLine], line: CodeLine, name: str) -> bool:
        """Whether copying ``body`` in would pass a limit; the first time, remember where."""
        if self.stopped is None:
            if self.expansions >= MAX_COPY_EXPANSIONS:
                self.stopped = (line, name, f"{MAX_COPY_EXPANSIONS:,} COPY expansions")
            elif self.copied_lines + len(body) > MAX_EXPANDED_LINES:
                self.stopped = (line, name, f"{MAX_EXPANDED_LINES:,} copied lines")
        if self.stopped is not None:
            self.not_expanded += 1
            return True
        self.expansions += 1
        self.copied_lines += len(body)
        return False

    def _copybook_lines(self, source: SourceFile) -> list[CodeLine]:
        if source.path not in self.cache:
            key = (source.path, source.sha256)
            found = self.shared.member(key) if self.shared is not None and source.sha256 else None
            if found is None:
                found = member_lines(source, self.read(source), self.debug)
                if self.shared is not None and source.sha256:
                    self.shared.keep_member(key, found)
            self.cache[source.path] = found
        return self.cache[source.path]

    def _inside_program(self, result: Expansion) -> bool:
        """Whether the COPY stands inside a program (the file has a PROGRAM-ID of its own, or one was
        expanded already): a file whose whole text is a COPY of a template is made of that COPY, not a
        copy of a program."""
        if not self.inside_program:
            self.inside_program = any(RE_PROGRAM_ID.match(line.text) for line in result.lines[self.scanned:])
            self.scanned = len(result.lines)
        return self.inside_program

    def _program_in(self, source: SourceFile, body: list[CodeLine]) -> str | None:
        """The program a copied member turns out to be (its PROGRAM-ID, or its member name), or None."""
        if source.path not in self.programs:
            key = (source.path, source.sha256)
            shared = self.shared.programs if self.shared is not None and source.sha256 and not self.debug else {}
            if key not in shared:
                shared[key] = program_in(body, source.member) if source.kind != FileKind.BMS else None
            self.programs[source.path] = shared[key]
        return self.programs[source.path]

    def _expand(self, lines: list[CodeLine], stack: tuple[str, ...], result: Expansion, nested: bool) -> None:
        out = result.lines
        candidates = trigger_lines(lines)
        if not candidates:
            out.extend(lines)
            return
        ordered = sorted(candidates)
        i = 0
        n = len(lines)
        while i < n:
            if i not in candidates:
                at = bisect.bisect_right(ordered, i)
                next_candidate = ordered[at] if at < len(ordered) else n
                out.extend(lines[i:next_candidate])
                i = next_candidate
                continue
            line = lines[i]
            match = RE_TRIGGER.search(line.text)
            if match is None or open_quote(line.text[: match.start()]) is not None:
                out.append(line)
                i += 1
                continue
            keyword = match.group(0).upper()
            if keyword == "REPLACE":
                # REPLACE is applied after expansion.
                self.saw_replace = True
                out.append(line)
                i += 1
                continue
            if keyword == "INCLUDE" or keyword.startswith("EXEC"):
                exec_at = RE_EXEC_SQL_END.search(line.text[: match.start()]) if keyword == "INCLUDE" else match
                include_line, include_col = (i, match.end()) if keyword == "INCLUDE" else (i + 1, 0)
                found = self._sql_include(lines, include_line, include_col) if exec_at else None
                if found is None:
                    out.append(line)
                    i += 1
                    continue
                end_index, end_col, name = found
                self._emit_prefix(out, line, line.text[: exec_at.start()])
                self._include(name, None, Mechanism.SQL_INCLUDE, [], line, stack, result, nested)
                i = self._emit_rest(out, lines, end_index, end_col)
                continue
            if keyword in ("-INC", "++INCLUDE"):
                name = line.text[match.end() :].split()
                if name:
                    self._include(name[0].rstrip("."), None, Mechanism.INC if keyword == "-INC" else Mechanism.INCLUDE, [], line, stack, result, nested)
                i += 1
                continue
            # COPY ... .
            text, end_index, end_col, closed = StatementReader(lines, i, match.end()).read()
            if not closed:
                result.diagnostics.append(Diagnostic("error", "copy-unterminated", "COPY statement has no closing period", line.path, line.line))
            statement = RE_COPY.match(text)
            if statement is None:
                result.diagnostics.append(Diagnostic("error", "copy-syntax", f"cannot read COPY statement: COPY {text.strip()[:60]}", line.path, line.line))
                out.append(line)
                i += 1
                continue
            name = statement.group("name").strip("'\"")
            library = statement.group("lib").strip("'\"") if statement.group("lib") else None
            pairs: list[Replacement] = []
            if statement.group("replacing") is not None:
                pairs = parse_replacing(statement.group("replacing"), line, result.diagnostics)
            self._emit_prefix(out, line, line.text[: match.start()])
            self._include(name, library, Mechanism.COPY, pairs, line, stack, result, nested)
            i = self._emit_rest(out, lines, end_index, end_col)

    @staticmethod
    def _emit_prefix(out: list[CodeLine], line: CodeLine, prefix: str) -> None:
        if prefix.strip():
            out.append(CodeLine(prefix, line.path, line.line, line.area_a))

    @staticmethod
    def _emit_rest(out: list[CodeLine], lines: list[CodeLine], end_index: int, end_col: int) -> int:
        """Keep what follows the statement on its last line; return the next line index."""
        if end_index < len(lines):
            last = lines[end_index]
            rest = last.text[end_col:]
            if rest.strip():
                out.append(CodeLine(" " * end_col + rest, last.path, last.line, False))
        return end_index + 1

    @staticmethod
    def _sql_include(lines: list[CodeLine], index: int, column: int) -> tuple[int, int, str] | None:
        """``INCLUDE name`` (from ``column`` of line ``index``, or that line's start), then ``END-EXEC``."""
        if index >= len(lines):
            return None
        text = lines[index].text[column:]
        words = text.split()
        if column == 0:
            if not words or words[0].upper() != "INCLUDE":
                return None
            words = words[1:]
        if not words:
            return None
        name = words[0].rstrip(".")
        for j in range(index, min(index + 3, len(lines))):
            start = column if j == index else 0
            position = lines[j].text.upper().find("END-EXEC", start)
            if position >= 0:
                end = position + len("END-EXEC")
                if lines[j].text[end : end + 1] == ".":
                    end += 1
                return j, end, name
        return index, len(lines[index].text), name

    def _include(
        self,
        name: str,
        library: str | None,
        via: str,
        pairs: list[Replacement],
        line: CodeLine,
        stack: tuple[str, ...],
        result: Expansion,
        nested: bool,
    ) -> None:
        written = name.strip().upper()
        key = member_name(written.replace("\\", "/")) or written
        source = self.lookup(written)
        result.dependencies[f"copybook:{written}"] = source.sha256 if source else None
        record = CopyRecord(key, line.path, line.line, via, library, source.path if source else None, bool(pairs), nested)
        if source is None:
            result.copies.append(record)
            if is_system_copybook(key):
                return
            shown = key if written == key else f"{key} ({name.strip()})"
            result.diagnostics.append(
                Diagnostic("warning", "copybook-missing", f"copybook {shown} not found; its contents are not analysed", line.path, line.line)
            )
            return
        if source.kind != FileKind.BINARY and self._inside_program(result):
            try:
                program = self._program_in(source, self._copybook_lines(source))
            except OSError:
                program = None  # reported below, where the member is read for its expansion
            if program is not None:
                result.diagnostics.append(Diagnostic(
                    "warning", "copy-of-program",
                    f"COPY {key} finds {source.path}, which is a whole program (PROGRAM-ID {program}), not a copybook: "
                    "not expanded", line.path, line.line))
                return
        result.copies.append(record)
        if source.path in stack:
            chain = " -> ".join([*stack[1:], source.path]) if len(stack) > 1 else source.path
            result.diagnostics.append(Diagnostic("error", "copy-cycle", f"COPY cycle: {chain}; not expanded again", line.path, line.line))
            return
        if len(stack) > MAX_DEPTH:
            result.diagnostics.append(Diagnostic("error", "copy-depth", f"COPY nesting deeper than {MAX_DEPTH}", line.path, line.line))
            return
        if source.kind == FileKind.BINARY:
            result.diagnostics.append(Diagnostic("error", "copybook-binary", f"copybook {key} is a binary file", line.path, line.line))
            return
        try:
            body = self._copybook_lines(source)
        except OSError as exc:
            result.diagnostics.append(Diagnostic("error", "copybook-unreadable", f"copybook {key}: {exc}", line.path, line.line))
            return
        cache_key = None
        if self.shared is not None and source.sha256 and not self.debug:
            cache_key = ExpansionKey(source.path, source.sha256, tuple((p.pattern, p.replacement) for p in pairs), self.inside_program)
            if self._reuse(cache_key, stack, result):
                return
        if self._over_limit(body, line, key):
            return
        apply = compile_replacements(pairs)
        if apply is not None:
            replaced = []
            for b in body:
                text = apply(b.text)
                replaced.append(b if text == b.text else CodeLine(text, b.path, b.line, b.area_a))
            body = replaced
        if cache_key is None:
            self._expand(body, (*stack, source.path), result, nested=True)
            return
        self._expand_and_keep(cache_key, body, len(body), (*stack, source.path), result)

    def _reuse(self, key: ExpansionKey, stack: tuple[str, ...], result: Expansion) -> bool:
        """Take a kept expansion of this copybook with this REPLACING when it still means the same here."""
        assert self.shared is not None
        kept = self.shared.expansion(key)
        if kept is None or not kept.resolved.isdisjoint(stack):
            return False
        if (self.stopped is not None or self.expansions + 1 + kept.expansions > MAX_COPY_EXPANSIONS
                or self.copied_lines + kept.copied_lines > MAX_EXPANDED_LINES):
            return False  # expanded the slow way, which says exactly where a limit stops it
        for dependency, sha in kept.dependencies.items():
            found = self.lookup(dependency.split(":", 1)[1])
            if (found.sha256 if found else None) != sha:
                return False
        self.hits += 1
        self.expansions += 1 + kept.expansions
        self.copied_lines += kept.copied_lines
        self.saw_replace |= kept.saw_replace
        if kept.inside_program_after and not self.inside_program:
            self.inside_program, self.scanned = True, len(result.lines) + len(kept.lines)
        result.lines.extend(kept.lines)
        result.copies.extend(kept.copies)
        result.diagnostics.extend(kept.diagnostics)
        result.dependencies.update(kept.dependencies)
        return True

    def _expand_and_keep(self, key: ExpansionKey, body: list[CodeLine], body_lines: int, stack: tuple[str, ...], result: Expansion) -> None:
        """Expand the copybook here, then keep its expansion for the next program that copies it alike."""
        assert self.shared is not None
        self.misses += 1
        lines_at, copies_at, diagnostics_at = len(result.lines), len(result.copies), len(result.diagnostics)
        expansions_at, copied_at, saw_replace = self.expansions, self.copied_lines, self.saw_replace
        outer_dependencies, result.dependencies, self.saw_replace = result.dependencies, {}, False
        try:
            self._expand(body, stack, result, nested=True)
        finally:
            inner, result.dependencies = result.dependencies, outer_dependencies
            result.dependencies.update(inner)
            inner_replace, self.saw_replace = self.saw_replace, self.saw_replace or saw_replace
        diagnostics = result.diagnostics[diagnostics_at:]
        if self.stopped is not None or any(d.code in UNCACHED_DIAGNOSTICS for d in diagnostics):
            return
        copies = result.copies[copies_at:]
        self.shared.keep_expansion(key, CachedExpansion(
            lines=result.lines[lines_at:], copies=copies, diagnostics=diagnostics, dependencies=inner,
            resolved=frozenset([stack[-1], *(c.resolved for c in copies if c.resolved)]),
            expansions=self.expansions - expansions_at, copied_lines=self.copied_lines - copied_at + body_lines,
            saw_replace=inner_replace, inside_program_after=self.inside_program))

    def _apply_replace(self, lines: list[CodeLine], diagnostics: list[Diagnostic]) -> list[CodeLine]:
        """REPLACE ==a== BY ==b== ... . applies to the lines after it until REPLACE OFF or the next REPLACE."""
        if not self.saw_replace:
            return lines
        out: list[CodeLine] = []
        active: Callable[[str], str] | None = None
        i = 0
        trigger = re.compile(r"(?<![\w-])REPLACE(?![\w-])", re.I)
        while i < len(lines):
            line = lines[i]
            match = trigger.search(line.text)
            if match is None or open_quote(line.text[: match.start()]) is not None:
                out.append(CodeLine(active(line.text), line.path, line.line, line.area_a) if active else line)
                i += 1
                continue
            text, end_index, end_col, _ = StatementReader(lines, i, match.end()).read()
            prefix = line.text[: match.start()]
            if prefix.strip():
                out.append(CodeLine(active(prefix) if active else prefix, line.path, line.line, line.area_a))
            words = text.split()
            if words[:1] and words[0].upper() == "OFF":
                active = None
            else:
                if words[:1] and words[0].upper() == "ALSO":
                    text = text.lstrip()[4:]
                active = compile_replacements(parse_replacing(text, line, diagnostics))
            if end_index < len(lines):
                last = lines[end_index]
                rest = " " * end_col + last.text[end_col:]
                if rest.strip():
                    out.append(CodeLine(active(rest) if active else rest, last.path, last.line, False))
            i = end_index + 1
        return out


def member_lines(source: SourceFile, text: str, debug: bool = False) -> list[CodeLine]:
    """The code lines a copied member contributes: a BMS mapset gives its generated symbolic map
    (each line pointing at the macro it comes from); a text file the inventory did not take for
    COBOL has no source format, so it is guessed from the text."""
    if source.kind == FileKind.BMS or (source.kind == FileKind.COPYBOOK and is_mapset_source(text)):
        return [CodeLine(code, source.path, number, code[:4].strip() != "") for number, code in symbolic_map(text, source.path)]
    return code_lines(text, source.path, source.source_format or guess_format(text), debug)


def program_in(lines: list[CodeLine], member: str) -> str | None:
    """The name of the program the code lines hold (its PROGRAM-ID, else ``member``) when they hold
    a whole one (a PROGRAM-ID paragraph and, after it, a PROCEDURE DIVISION), else None."""
    for index, line in enumerate(lines):
        if RE_PROGRAM_ID.match(line.text):
            if not any(RE_PROCEDURE_DIVISION.match(later.text) for later in lines[index + 1:]):
                return None
            found = RE_PROGRAM_NAME.search(" ".join(candidate.text for candidate in lines[index:index + 3]))
            return found.group(1).upper() if found else member
    return None
