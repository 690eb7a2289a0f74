"""Which assignments can reach a statement: the order-aware part of resolving dynamic targets.

A name MOVEd to the variable of a ``CALL var`` or ``EXEC CICS XCTL PROGRAM(var)`` is a target only
if that MOVE can run before the call on some path. The model is deliberately coarse (no branch is
told from another, every paragraph of another place may run before any other) but it knows what
straight-line code knows:

- in one paragraph, an assignment before the statement reaches it, unless a statement between them
  at the paragraph's top level ends the run (GOBACK, STOP RUN, EXIT PROGRAM, EXEC CICS XCTL or
  RETURN) or leaves the paragraph (GO TO), or the two stand in different branches of one IF,
  EVALUATE, SEARCH or conditional phrase (AT END / NOT AT END…);
- an assignment after the statement in the same paragraph (or in another branch) reaches it only
  when the statement can run again: both sit in one looping inline PERFORM, or the paragraph itself runs again (performed
  with UNTIL/VARYING/TIMES, performed from two places or from a paragraph that runs again, or
  inside the range of a GO TO back);
- an assignment that is followed, in its paragraph, by a statement that ends the run, with nothing
  between them that transfers control elsewhere (PERFORM, GO TO, SORT procedures), reaches nothing
  outside that stretch;
- otherwise an assignment in another paragraph reaches the statement.

"Strongly" reaching is the evidence a call of the program itself needs: the assignment stands
before the call in the same paragraph, nothing in between.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from modernize.parsers.cobol.ast import Paragraph, Stmt
from modernize.parsers.cobol.exec_blocks import analyse

LOOP_OPTIONS = frozenset(["UNTIL", "VARYING", "TIMES"])


class Position(NamedTuple):
    """Where a statement stands in the procedure division (a named tuple: one per statement, and a
    frozen dataclass costs four times as much to make)."""

    paragraph: int  # index in the program's paragraphs
    top: int  # index of the paragraph's top-level statement that holds it
    order: int  # program-wide order of a pre-order walk
    loops: tuple[int, ...] = ()  # the looping inline PERFORMs around it (ids of their statements)
    branch: tuple[tuple[int, int], ...] = ()  # (id of a statement with blocks, which block) from the top down

    def exclusive(self, other: Position) -> bool:
        """The two stand in different branches of one statement: one run of it takes only one."""
        for mine, theirs in zip(self.branch, other.branch, strict=False):
            if mine != theirs:
                return mine[0] == theirs[0]
        return False


@dataclass
class Flow:
    """Positions of the statements of one program, and what ends, leaves or repeats its paragraphs."""

    paragraphs: list[Paragraph]
    positions: dict[int, Position] = field(default_factory=dict)  # id(Stmt) -> Position
    ends: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # paragraph -> (top, order) of run-ending statements
    leaves: dict[int, list[int]] = field(default_factory=dict)  # paragraph -> tops of top-level GO TO
    transfers: dict[int, list[int]] = field(default_factory=dict)  # paragraph -> orders of PERFORM, GO TO, SORT procedures
    looping: set[int] = field(default_factory=set)  # paragraphs that can run again after they ran

    def __post_init__(self) -> None:
        order = 0
        for index, paragraph in enumerate(self.paragraphs):
            for top, stmt in enumerate(paragraph.statements):
                for s, loops, branch in walk_loops(stmt, (), ()):
                    order += 1
                    self.positions[id(s)] = Position(index, top, order, loops, branch)
                    if is_transfer(s):
                        self.transfers.setdefault(index, []).append(order)
                if ends_run(stmt):
                    self.ends.setdefault(index, []).append((top, self.positions[id(stmt)].order))
                elif stmt.verb == "GO" and stmt.args.get("targets") and not stmt.args.get("depending"):
                    self.leaves.setdefault(index, []).append(top)
        self.looping = self._looping()

    def position(self, stmt: Stmt) -> Position | None:
        return self.positions.get(id(stmt))

    def reaches(self, source: Position, target: Position) -> bool:
        """Whether an assignment at ``source`` can run before the statement at ``target``."""
        if source.paragraph == target.paragraph:
            if source.order < target.order and not source.exclusive(target):
                return not self._blocked(source, target)
            if set(source.loops) & set(target.loops):
                return True
            return source.paragraph in self.looping and not self._ends_after(source)
        return not self._ends_after(source)

    def strongly_reaches(self, source: Position, target: Position) -> bool:
        """Whether the assignment stands before the statement in its paragraph, nothing between them."""
        return (source.paragraph == target.paragraph and source.order < target.order and not source.exclusive(target)
                and not self._blocked(source, target))

    def _blocked(self, source: Position, target: Position) -> bool:
        tops = [top for top, _ in self.ends.get(source.paragraph, [])] + self.leaves.get(source.paragraph, [])
        return any(source.top < top < target.top for top in tops)

    def _ends_after(self, source: Position) -> bool:
        """The run certainly ends after the assignment, before control can go anywhere else."""
        ends = [order for top, order in self.ends.get(source.paragraph, []) if top > source.top]
        if not ends:
            return False
        end = min(ends)
        return not any(source.order < transfer < end for transfer in self.transfers.get(source.paragraph, []))

    def _looping(self) -> set[int]:
        """Paragraphs that can run again: performed in a loop, from two places or from a paragraph
        that runs again, or inside the range of a GO TO back."""
        index: dict[str, int] = {}
        for i, paragraph in enumerate(self.paragraphs):
            if paragraph.name:
                index.setdefault(paragraph.name, i)
        looping: set[int] = set()
        sites: dict[int, int] = {}
        performs: list[tuple[int, set[int]]] = []  # (performing paragraph, performed paragraphs)
        positions = self.positions
        for i, paragraph in enumerate(self.paragraphs):
            for s in paragraph.every_statement():
                performed = self._performed(s, index)
                if performed:
                    performs.append((i, performed))
                    for j in performed:
                        sites[j] = sites.get(j, 0) + 1
                    if positions[id(s)].loops or (s.verb == "PERFORM" and any(t[1] in LOOP_OPTIONS for t in s.args.get("options", []))):
                        looping |= performed
                if s.verb == "GO":
                    for target in s.args.get("targets", []):
                        j = index.get(target)
                        if j is not None and j <= i:
                            looping.update(range(j, i + 1))
        looping |= {j for j, count in sites.items() if count > 1}
        changed = True
        while changed:
            changed = False
            for i, performed in performs:
                if i in looping and not performed <= looping:
                    looping |= performed
                    changed = True
        return looping

    def _performed(self, stmt: Stmt, index: dict[str, int]) -> set[int]:
        """The paragraphs a PERFORM (or SORT's procedures) runs."""
        ranges: list[tuple[str, str | None]] = []
        if stmt.verb == "PERFORM" and "target" in stmt.args:
            ranges.append((stmt.args["target"], stmt.args.get("thru")))
        elif stmt.verb in ("SORT", "MERGE"):
            for key in ("input_procedure", "output_procedure"):
                procedure = stmt.args.get(key)
                if procedure:
                    ranges.append((procedure[0], procedure[1] if len(procedure) > 1 else None))
        found: set[int] = set()
        for first_name, thru in ranges:
            first = index.get(first_name)
            if first is None:
                continue
            last = index.get(thru, first) if thru else first
            last = self._section_end(last) if self.paragraphs[last].is_section else last
            found.update(range(first, max(first, last) + 1))
        return found

    def _section_end(self, first: int) -> int:
        last = first
        for j in range(first + 1, len(self.paragraphs)):
            if self.paragraphs[j].is_section:
                break
            last = j
        return last


def walk_loops(stmt: Stmt, loops: tuple[int, ...], branch: tuple[tuple[int, int], ...]):
    """Pre-order walk (as ``Stmt.walk``) with the looping inline PERFORMs around each statement (each
    named by its statement's id) and the branches it stands in."""
    yield stmt, loops, branch
    inner = loops
    if stmt.verb == "PERFORM" and "target" not in stmt.args and any(t[1] in LOOP_OPTIONS for t in stmt.args.get("options", [])):
        inner = (*loops, id(stmt))
    for number, (_, body) in enumerate(stmt.blocks):
        for child in body:
            yield from walk_loops(child, inner, (*branch, (id(stmt), number)))


def is_transfer(stmt: Stmt) -> bool:
    """Control goes to another paragraph from here (and may come back)."""
    if stmt.verb == "PERFORM":
        return "target" in stmt.args
    if stmt.verb in ("GO", "ALTER"):
        return True
    return stmt.verb in ("SORT", "MERGE") and bool(stmt.args.get("input_procedure") or stmt.args.get("output_procedure"))


def ends_run(stmt: Stmt) -> bool:
    """A statement after which nothing of this program runs (in this task, for CICS)."""
    if stmt.verb == "GOBACK":
        return True
    if stmt.verb == "STOP":
        return bool(stmt.args.get("run"))
    if stmt.verb == "EXIT":
        return stmt.args.get("kind") == "PROGRAM"
    if stmt.verb == "EXEC" and stmt.args.get("text", "").lstrip()[:4].upper() == "CICS":
        info = analyse(stmt.args["text"], stmt.li)
        return info.language == "CICS" and info.command in ("XCTL", "RETURN")
    return False
