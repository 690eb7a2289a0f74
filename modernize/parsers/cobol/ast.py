"""The tree the COBOL parser builds: programs, data entries, files, paragraphs, statements.

Deliberately small: statements keep their verb, line, parsed operands (``args``) and nested
statement blocks; facts.py turns the tree into language-neutral Module facts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

Node = TypeVar("Node")
NESTING_VERBS = frozenset({"IF", "EVALUATE", "SEARCH", "PERFORM"})  # statements whose bodies count as nested


def preorder(root: Node, children: Callable[[Node], Sequence[Node]]) -> list[Node]:
    """``root`` and everything below it, pre-order, as a list: a program's facts walk its records and
    statements several times, and nested generators cost a frame per level per node."""
    found: list[Node] = []
    stack = [root]
    while stack:
        node = stack.pop()
        found.append(node)
        below = children(node)
        if below:
            stack.extend(reversed(below))
    return found


# What a data entry's lists hold until something is added (``appended``): most entries have no VALUE,
# INDEXED BY, children or 88 levels, and four lists per entry were a tenth of its cost.
EMPTY: tuple[()] = ()


def appended(items: list[Node] | tuple[()], item: Node) -> list[Node]:
    """``items`` with ``item`` added: a list grows in place, the shared empty tuple becomes a list."""
    if isinstance(items, list):
        items.append(item)
        return items
    return [item]


@dataclass(slots=True)
class DataEntry:
    level: int
    name: str
    li: int
    section: str
    picture: str | None = None
    usage: str | None = None
    values: list[str] | tuple[()] = EMPTY
    redefines: str | None = None
    occurs_min: int | None = None
    occurs_max: int | None = None
    depending_on: str | None = None
    indexed_by: list[str] | tuple[()] = EMPTY
    sign: str | None = None
    sign_separate: bool = False
    renames: tuple[str, str | None] | None = None
    children: list[DataEntry] | tuple[()] = EMPTY
    conditions: list[DataEntry] | tuple[()] = EMPTY
    parent: DataEntry | None = field(default=None, repr=False)
    offset: int = 0
    length: int = 0
    file: str | None = None

    def walk(self) -> list[DataEntry]:
        """This entry and all below it, in source order."""
        return preorder(self, lambda entry: entry.children)


@dataclass(slots=True)
class FileControl:
    name: str
    li: int
    assign: str = ""
    ddname: str = ""
    organization: str = "SEQUENTIAL"
    access: str = "SEQUENTIAL"
    record_key: str | None = None
    status: str | None = None
    alternate_keys: list[tuple[str, bool]] = field(default_factory=list)  # ALTERNATE RECORD KEY name, WITH DUPLICATES


@dataclass(slots=True)
class FileDescription:
    name: str
    li: int
    kind: str = "FD"
    records: list[str] = field(default_factory=list)
    recording_mode: str | None = None


@dataclass(slots=True)
class Stmt:
    verb: str
    li: int
    args: dict[str, Any] = field(default_factory=dict)
    blocks: list[tuple[str, list[Stmt]]] = field(default_factory=list)
    end_li: int | None = None

    def walk(self) -> list[Stmt]:
        """This statement and all nested in it, pre-order."""
        return preorder(self, lambda stmt: [nested for _, body in stmt.blocks for nested in body] if stmt.blocks else ())


@dataclass(slots=True)
class Paragraph:
    name: str
    li: int
    section: str | None = None
    is_section: bool = False
    declarative: bool = False
    statements: list[Stmt] = field(default_factory=list)
    end_li: int | None = None
    walked: list[Stmt] | None = field(default=None, repr=False, compare=False)
    depths: list[int] | None = field(default=None, repr=False, compare=False)

    def every_statement(self) -> list[Stmt]:
        """All statements of the paragraph, nested ones too, pre-order; walked once when its facts
        are built (the tree no longer changes), then kept: half a dozen fact passes go over it. The
        same walk notes each statement's nesting depth (``depths``): IF, EVALUATE, SEARCH and an
        inline PERFORM nest what they hold."""
        if self.walked is None:
            found: list[Stmt] = []
            depths: list[int] = []
            stack = [(stmt, 0) for stmt in reversed(self.statements)]  # one walk for the whole paragraph
            while stack:
                stmt, depth = stack.pop()
                found.append(stmt)
                depths.append(depth)
                if stmt.blocks:
                    nested = depth + 1 if stmt.verb in NESTING_VERBS else depth
                    for _, body in reversed(stmt.blocks):
                        stack.extend([(child, nested) for child in reversed(body)])
            self.walked, self.depths = found, depths
        return self.walked

    def statement_depths(self) -> list[int]:
        """The nesting depth of each statement ``every_statement`` gives, in its order."""
        if self.depths is None:
            self.every_statement()
        assert self.depths is not None
        return self.depths


@dataclass
class Program:
    name: str
    li: int
    end_li: int | None = None
    identification: dict[str, str] = field(default_factory=dict)
    attributes: list[str] = field(default_factory=list)
    files: list[FileControl] = field(default_factory=list)
    fds: list[FileDescription] = field(default_factory=list)
    data: list[DataEntry] = field(default_factory=list)
    using: list[str] = field(default_factory=list)
    returning: str | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    nested: list[Program] = field(default_factory=list)
    exec_blocks: list[tuple[int, str]] = field(default_factory=list)
    has_procedure: bool = False


def untie(program: Program) -> None:
    """Break the parse tree's only reference cycles (a data entry, or an 88 level, and its parent), once its facts are
    built: the tree is then freed as soon as it is dropped, without the cyclic collector."""
    for nested in program.nested:
        untie(nested)
    for record in program.data:
        for entry in record.walk():
            entry.parent = None
            for condition in entry.conditions:
                condition.parent = None
