"""The CRUD matrix: which program creates, reads, updates or deletes which data store, and where.

An architect cutting an estate into services asks who owns each table, file and queue; the letters
answer it. They come from what the facts already hold on the graph's edges: the SQL operation, the
CICS command, the DL/I call, and for COBOL files the program's I/O statements on the file (READ and
START read, WRITE creates, REWRITE updates, DELETE deletes), or, for a file only opened, its OPEN
modes (OUTPUT or EXTEND create, INPUT reads, I-O reads and updates). A program that only gets a new
dataset from its job step (DISP=NEW) creates it, when nothing better says so.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx

from modernize.escape import csv_row
from modernize.model import Module

STORE_KINDS = ("table", "dataset", "file", "segment", "queue")
LETTERS = "CRUD"
SQL = {"INSERT": "C", "SELECT": "R", "FETCH": "R", "OPEN": "R", "DECLARE CURSOR": "R", "UPDATE": "U", "DELETE": "D", "MERGE": "U"}
CICS = {"WRITE": "C", "READ": "R", "READNEXT": "R", "READPREV": "R", "STARTBR": "R", "REWRITE": "U", "DELETE": "D",
        "WRITEQ TS": "C", "WRITEQ TD": "C", "READQ TS": "R", "READQ TD": "R", "DELETEQ TS": "D", "DELETEQ TD": "D"}
DLI = {"ISRT": "C", "GU": "R", "GN": "R", "GNP": "R", "GHU": "R", "GHN": "R", "GHNP": "R", "REPL": "U", "DLET": "D"}
OPEN_MODES = {"OUTPUT": "C", "EXTEND": "C", "INPUT": "R", "I-O": "U"}
FILE_VERBS = {"READ": "R", "START": "R", "WRITE": "C", "REWRITE": "U", "DELETE": "D"}


@dataclass
class Cell:
    """One program × store: the letters, each with the statements (path:line) behind it."""

    program: str  # node id
    store: str  # node id
    lines: dict[str, list[str]] = field(default_factory=dict)  # letter -> sorted "path:line"

    @property
    def letters(self) -> str:
        return "".join(letter for letter in LETTERS if letter in self.lines)


def edge_letters(kind: str, data: dict, modes: set[str]) -> set[str]:
    """The letters one reads/writes edge stands for."""
    via = data.get("via")
    if via == "sql":
        return {SQL.get(str(data.get("operation", "")).upper(), "R" if kind == "reads" else "U")}
    if via == "cics":
        return {CICS.get(str(data.get("command", "")).upper(), "R" if kind == "reads" else "U")}
    if via == "dli":
        return {DLI.get(str(data.get("call", "")).upper(), "R" if kind == "reads" else "U")}
    if kind == "reads":
        return {"R"}
    written = {OPEN_MODES[m] for m in modes if m in ("OUTPUT", "EXTEND", "I-O")}
    return written or {"C"}


@dataclass(frozen=True)
class FileUse:
    """What one program does with one of its COBOL files: the letters of its I/O statements, each
    with the lines behind it; else its OPEN modes and where the first OPEN stands."""

    statements: dict[str, set[str]]  # letter -> "path:line" of the READ/START/WRITE/REWRITE/DELETE
    modes: set[str]
    opened: str  # "path:line" of the first OPEN (the SELECT where none)


def store_letters(kind: str, data: dict, use: FileUse | None) -> set[str]:
    """The letters of one reads/writes edge, ``use`` being what the program does with the edge's
    COBOL file (``file_uses``): its statements' letters where it has any, else the edge's own."""
    if data.get("via") == "dd" and use is not None and use.statements:
        return set(use.statements)
    return edge_letters(kind, data, use.modes if use is not None else set())


def file_uses(modules: list[Module]) -> dict[tuple[str, str], FileUse]:
    """(program, COBOL file name) -> what the program does with the file."""
    found: dict[tuple[str, str], FileUse] = {}
    for module in modules:
        if module.kind != "program":
            continue
        opens = {r.file.upper(): f"{r.path}:{r.line}" for r in module.references if r.via == "dd" and r.file}
        for symbol in module.symbols:
            if symbol.kind == "file":
                name = symbol.name.upper()
                statements: dict[str, set[str]] = defaultdict(set)
                for statement in symbol.file_statements:
                    statements[FILE_VERBS[statement.verb]].add(f"{statement.path}:{statement.line}")
                found[(module.node_id, name)] = FileUse(dict(statements), set(symbol.open_modes),
                                                        opens.get(name, f"{symbol.path}:{symbol.line}"))
    return found


def crud_matrix(graph: nx.MultiDiGraph, modules: list[Module]) -> list[Cell]:
    """Every program × store the estate touches, sorted by program and store."""
    uses = file_uses(modules)
    cells: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for u, v, data in graph.edges(data=True):
        kind = data.get("kind")
        if kind not in ("reads", "writes") or graph.nodes[u].get("kind") != "program" or graph.nodes[v].get("kind") not in STORE_KINDS:
            continue
        use = uses.get((u, str(data.get("file", "")).upper())) if data.get("via") == "dd" else None
        for letter in store_letters(kind, data, use):
            if use is not None and use.statements:
                cells[(u, v)][letter] |= use.statements[letter]
            else:
                cells[(u, v)][letter].add(use.opened if use is not None else f"{data.get('path', '')}:{data.get('line', '')}")
    for step, program in step_programs(graph):
        for _, v, edge in graph.out_edges(step, data=True):
            if edge.get("kind") == "writes" and str(edge.get("disp", "")).upper().startswith("NEW") and (program, v) not in cells:
                cells[(program, v)]["C"].add(f"{edge.get('path', '')}:{edge.get('line', '')}")
    return [Cell(p, s, {letter: sorted(where, key=line_order) for letter, where in sorted(found.items())})
            for (p, s), found in sorted(cells.items())]


def step_programs(graph: nx.MultiDiGraph) -> list[tuple[str, str]]:
    """(step, program it executes) for every job step that runs a program of the estate."""
    return [(u, v) for u, v, d in graph.edges(data=True)
            if d.get("kind") == "executes" and graph.nodes[u].get("kind") == "step" and graph.nodes[v].get("kind") == "program"]


def line_order(where: str) -> tuple[str, int]:
    path, _, line = where.rpartition(":")
    return (path, int(line) if line.isdigit() else 0)


def name(graph: nx.MultiDiGraph, node: str) -> str:
    return str(graph.nodes[node].get("display") or graph.nodes[node].get("name") or node.split(":", 1)[-1])


def to_csv(graph: nx.MultiDiGraph, cells: list[Cell], steps: dict[str, str] | None = None) -> str:
    """crud.csv: one row per program × store, its plan step, the letters and the lines behind each."""
    steps = steps or {}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["step", "program", "store_kind", "store", "crud", "create", "read", "update", "delete"])
    for c in cells:
        writer.writerow(csv_row([steps.get(c.program, ""), name(graph, c.program), graph.nodes[c.store].get("kind", ""), name(graph, c.store),
                                 c.letters, *(" ".join(c.lines.get(letter, [])) for letter in LETTERS)]))
    return buffer.getvalue()
