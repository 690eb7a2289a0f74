"""OUT/crud.html and OUT/crud.csv: the CRUD matrix of graph/crud.py, rows grouped by plan step.

The page is one table an architect sorts and filters (inline script, nothing loaded): typing a
table's name keeps that column and the programs that touch it; a program's name keeps its row and
the stores it touches. Every letter carries the statements behind it as a tooltip; the CSV has them
in full.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from modernize.graph.crud import LETTERS, Cell, crud_matrix, name, to_csv
from modernize.model import Module
from modernize.output import Output, utf8
from modernize.plan.build import Step
from modernize.report.dictionary import has_data_page, node_page

KIND_ORDER = ("table", "segment", "dataset", "file", "queue")


@dataclass
class Row:
    step: str
    program: str
    cells: list[tuple[str, str]]  # per column: letters, tooltip


def step_of(steps: list[Step]) -> dict[str, str]:
    """Program node id -> the id of the plan step that replaces it."""
    return {p: s.id for s in steps for p in s.programs}


def tooltip(cell: Cell) -> str:
    return "\n".join(f"{letter}: {', '.join(cell.lines[letter])}" for letter in LETTERS if letter in cell.lines)


def crud_outputs(name_: str, graph: nx.MultiDiGraph, modules: list[Module], steps: list[Step]) -> dict[str, Output]:
    from modernize.report import environment

    cells = crud_matrix(graph, modules)
    owner = step_of(steps)
    stores = sorted({c.store for c in cells}, key=lambda s: (KIND_ORDER.index(graph.nodes[s].get("kind", "file")), name(graph, s)))
    columns = [(graph.nodes[s].get("kind", ""), name(graph, s), node_page(graph, s) if has_data_page(graph, s) else None) for s in stores]
    index = {s: i for i, s in enumerate(stores)}
    by_program: dict[str, list[tuple[str, str]]] = {}
    for c in cells:
        row = by_program.setdefault(c.program, [("", "")] * len(stores))
        row[index[c.store]] = (c.letters, tooltip(c))
    rows = sorted((Row(owner.get(p, ""), name(graph, p), found) for p, found in by_program.items()),
                  key=lambda r: (r.step == "", r.step, r.program))
    page = environment().get_template("crud.html.j2").render(title=f"{name_}: CRUD matrix", name=name_, depth="", columns=columns, rows=rows)
    return {"crud.html": utf8(page), "crud.csv": utf8(to_csv(graph, cells, owner))}
