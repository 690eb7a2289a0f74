"""What a worker keeps of the copybooks it has expanded, reused by every program it parses next.

Real estates are dominated by their copy libraries: a record layout copied by hundreds of programs
was read, cut into code lines, searched for COPY statements and rewritten by its REPLACING once
per program. Here each copybook's code lines are kept per file content, and each expansion (the
copybook with its REPLACING applied and the copybooks it nests expanded in turn) per (content,
REPLACING): a second program copying the same layout the same way takes the same code lines.

An expansion is reused only while it means the same: the copybooks it nests must still resolve to
the same contents (they are looked up again, cheaply), none of them may be on the COPY stack of the
program that copies it (a cycle is reported where it closes), and it must fit in what is left of
the program's expansion limits. Expansions that met a cycle, the depth limit or a limit are not
kept. The lines are shared, never changed: whoever needs other text makes new lines.

The cache is per process (each parse worker has its own), bounded by the code lines it holds.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

from modernize.model import Diagnostic
from modernize.parsers.cobol.source import CodeLine

MAX_CACHED_LINES = 1_500_000


@dataclass(frozen=True)
class ExpansionKey:
    """One copybook content with one REPLACING, copied where a PROGRAM-ID was (or not yet) seen."""

    path: str
    sha256: str
    replacing: tuple[tuple[str, str], ...]
    inside_program: bool


@dataclass
class CachedExpansion:
    """A copybook's expansion, as the program that copied it first saw it."""

    lines: list[CodeLine]
    copies: list  # CopyRecord, all nested
    diagnostics: list[Diagnostic]
    dependencies: dict[str, str | None]
    resolved: frozenset[str]  # the paths of every copybook in it, this one included
    expansions: int  # nested COPY statements expanded in it
    copied_lines: int  # lines those brought in
    saw_replace: bool
    inside_program_after: bool


@dataclass
class CopybookCache:
    """Code lines per copybook content and expansions per (content, REPLACING), bounded in lines."""

    max_lines: int = MAX_CACHED_LINES
    members: OrderedDict[tuple[str, str], list[CodeLine]] = field(default_factory=OrderedDict)
    expansions: OrderedDict[ExpansionKey, CachedExpansion] = field(default_factory=OrderedDict)
    programs: dict[tuple[str, str], str | None] = field(default_factory=dict)  # content -> the program it holds, if any
    lines: int = 0
    hits: int = 0
    misses: int = 0

    def member(self, key: tuple[str, str]) -> list[CodeLine] | None:
        found = self.members.get(key)
        if found is not None:
            self.members.move_to_end(key)
        return found

    def keep_member(self, key: tuple[str, str], lines: list[CodeLine]) -> None:
        self.members[key] = lines
        self.lines += len(lines)
        self._trim()

    def expansion(self, key: ExpansionKey) -> CachedExpansion | None:
        found = self.expansions.get(key)
        if found is not None:
            self.expansions.move_to_end(key)
        return found

    def keep_expansion(self, key: ExpansionKey, expansion: CachedExpansion) -> None:
        self.expansions[key] = expansion
        self.lines += len(expansion.lines)
        self._trim()

    def _trim(self) -> None:
        """Forget the least recently used until the lines held fit again."""
        while self.lines > self.max_lines and (self.expansions or self.members):
            if self.expansions:
                _, dropped = self.expansions.popitem(last=False)
                self.lines -= len(dropped.lines)
            else:
                _, lines = self.members.popitem(last=False)
                self.lines -= len(lines)

    def clear(self) -> None:
        self.members.clear()
        self.expansions.clear()
        self.programs.clear()
        self.lines = self.hits = self.misses = 0


CACHE = CopybookCache()
