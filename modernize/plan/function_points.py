"""Function points (NESMA, ISO/IEC 24570; IFPUG terms) per plan step and for the estate, from the graph.

Dutch public tenders size software in function points, so the plan offers an effort from them beside
the code-size model. Every counted element is listed with its type and the fact behind it, so a
certified counter can check the count and correct what the facts cannot tell.

Rules (the programs are a step's, or all programs for the estate):

- Data stores are the tables, files and data sets the plan can own (``is_data``: no libraries, no
  unresolved names); queues are transient messages, not logical files, and are not counted. The data
  sets a JCL assigns to one COBOL file of a program in different jobs (PROD and TEST, a test chain)
  are one logical file, named by the first of them.
- ILF: a store the programs write that some program (or a component outside the programs) reads, or
  a table they write (kept data).
- EO: a data set or file the programs write that no program reads: a report, print or export file.
  Temporary data sets (``&&``) one program writes and another reads pass data between job steps:
  counted neither for the writer nor for the reader.
- EIF: a store the programs only read and another program of the estate writes (maintained
  elsewhere), or a table or file no program writes (maintained by another application).
- EI: a data set the programs only read and no program writes, when they write data: a batch input
  file processed into their stores (a reference file read beside it looks the same: reclassify it).
  A data set only read, by programs that write nothing, is an EIF.
- Screens (BMS maps the programs send or receive), one per program that shows the map (each is its
  own dialogue): an EI where that program changes kept data, itself or through the programs it
  calls or LINKs to (not those it XCTLs to: the next dialogue; not logs or reports no program reads),
  an EQ where it only reads. A program that shows, updates and deletes through one map counts once
  (as EI): a counter splits it into its dialogues. A CICS transaction starting a program that shows no screen counts the
  same way (EI or EQ); one with screens is counted through them.
- NESMA indicative count: ILF × 35 + EIF × 15. NESMA estimated count: data functions rated Low
  (ILF 7, EIF 5), transactional functions Average (EI 4, EO 5, EQ 4).

A store shared by several steps counts in each of them, so the steps add up to more than the estate,
which counts each store once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from modernize.plan.build import OUTSIDE_KINDS, Step, is_data

INDICATIVE = {"ILF": 35, "EIF": 15}
ESTIMATED = {"ILF": 7, "EIF": 5, "EI": 4, "EO": 5, "EQ": 4}
TYPES = ("ILF", "EIF", "EI", "EO", "EQ")
HOURS_PER_FP = 8.0
USERS = ("program", *OUTSIDE_KINDS)  # job steps only assign data sets; the programs they run use them
KEPT = ("table", "file")  # stores kept by another application when no program writes them


@dataclass
class Function:
    """One counted element: the node it stands for, its type and the fact that makes it that type."""

    name: str
    type: str
    why: str

    def to_dict(self) -> dict[str, str]:
        return {"name": self.name, "type": self.type, "why": self.why}


@dataclass
class FunctionPoints:
    functions: list[Function] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {t: sum(1 for f in self.functions if f.type == t) for t in TYPES}

    def indicative(self) -> int:
        c = self.counts()
        return sum(c[t] * w for t, w in INDICATIVE.items())

    def estimated(self) -> int:
        c = self.counts()
        return sum(c[t] * w for t, w in ESTIMATED.items())

    def formulas(self) -> dict[str, str]:
        c = self.counts()
        return {
            "indicative": f"{c['ILF']} ILF × 35 + {c['EIF']} EIF × 15 = {self.indicative()}",
            "estimated": " + ".join(f"{c[t]} {t} × {w}" for t, w in ESTIMATED.items()) + f" = {self.estimated()}",
        }

    def effort(self, effort: dict[str, float], code_size: dict[str, Any] | None) -> dict[str, Any]:
        """Person-days from the estimated count, and why it differs from the code-size range."""
        hours_per_fp = effort.get("hours_per_fp", HOURS_PER_FP)
        days = round(self.estimated() * hours_per_fp / effort["hours_per_day"], 1)
        comparison = compare(days, code_size) if self.functions else "no function counted: moving data is no function the user sees, so only the code-size estimate applies"
        return {"days": days, "unit": "person-days",
                "formula": f"{self.estimated()} FP × {hours_per_fp:g} h/FP / {effort['hours_per_day']:g} h per day",
                "comparison": comparison}

    def to_dict(self, effort: dict[str, float], code_size: dict[str, Any] | None = None) -> dict[str, Any]:
        return {"counts": self.counts(), "indicative": self.indicative(), "estimated": self.estimated(),
                "formula": self.formulas(), "functions": [f.to_dict() for f in self.functions],
                "effort": self.effort(effort, code_size)}


def compare(days: float, code_size: dict[str, Any] | None) -> str:
    """Where the function-point effort falls against the code-size range, and the usual reason."""
    if not code_size:
        return "no code-size estimate to compare with"
    low, high = code_size["low"], code_size["high"]
    if days < low:
        return (f"below the code-size range ({low}–{high}): much code for few functions the user sees "
                "(logic, validations and calculations behind few files and screens), which the code-size model counts")
    if days > high:
        return (f"above the code-size range ({low}–{high}): many files, screens or inputs served by little code, "
                "which the function-point model counts whatever the code size")
    return f"within the code-size range ({low}–{high}): both models agree"


def short(node: str) -> str:
    return node.split(":", 1)[1]


def logical_stores(graph: nx.MultiDiGraph) -> dict[str, str]:
    """Data set -> the logical file it belongs to: the data sets one COBOL file of one program is
    assigned in different jobs are one (the first name stands for all)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    by_file: dict[tuple[str, str], list[str]] = defaultdict(list)
    for u, v, d in graph.edges(data=True):
        if d.get("kind") in ("reads", "writes") and d.get("file") and graph.nodes[v].get("kind") == "dataset" and is_data(graph.nodes[v]):
            by_file[(u, d["file"])].append(v)
    for members in by_file.values():
        for other in members[1:]:
            a, b = find(members[0]), find(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
    return {n: find(n) for n in parent}


class PointCounter:
    """Counts function points for a set of programs against the whole graph."""

    def __init__(self, graph: nx.MultiDiGraph):
        self.graph = graph
        self.logical = logical_stores(graph)
        self.members: dict[str, list[str]] = defaultdict(list)
        for node, root in self.logical.items():
            self.members[root].append(node)
        self.readers: dict[str, set[str]] = defaultdict(set)  # logical store -> programs and outside components
        self.writers: dict[str, set[str]] = defaultdict(set)  # logical store -> programs
        for u, v, d in graph.edges(data=True):
            if d.get("kind") in ("reads", "writes") and self.is_store(v) and graph.nodes[u].get("kind") in USERS:
                (self.writers if d["kind"] == "writes" else self.readers)[self.store(v)].add(u)

    def is_store(self, node: str) -> bool:
        data = self.graph.nodes[node]
        return is_data(data) and data.get("kind") != "queue"

    def store(self, node: str) -> str:
        return self.logical.get(node, node)

    def label(self, store: str) -> str:
        others = sorted(set(self.members.get(store, [])) - {store})
        text = f"{self.graph.nodes[store].get('kind')} {short(store)}"
        return text + (f" (also {', '.join(short(o) for o in others)})" if others else "")

    def count(self, programs: list[str]) -> FunctionPoints:
        graph, mine = self.graph, set(programs)
        reads: dict[str, set[str]] = defaultdict(set)
        writes: dict[str, set[str]] = defaultdict(set)
        for program in programs:
            for _, target, d in graph.out_edges(program, data=True):
                if d.get("kind") in ("reads", "writes") and self.is_store(target):
                    (writes if d["kind"] == "writes" else reads)[self.store(target)].add(short(program))
        functions = [f for store in sorted(set(reads) | set(writes)) if (f := self.data_function(store, reads, writes, mine, bool(writes)))]
        functions += self.screens(programs)
        return FunctionPoints(functions)

    def data_function(self, store: str, reads: dict[str, set[str]], writes: dict[str, set[str]], mine: set[str], writing: bool) -> Function | None:
        kind = self.graph.nodes[store].get("kind")
        label = self.label(store)
        temporary = all("&&" in m for m in self.members.get(store, [store]))
        if store in writes:
            by = ", ".join(sorted(writes[store]))
            if self.readers[store]:
                if temporary:
                    return None
                return Function(label, "ILF", f"written by {by}, read by {', '.join(short(r) for r in sorted(self.readers[store]))}")
            if kind == "table":
                return Function(label, "ILF", f"table written by {by}")
            return Function(label, "EO", f"written by {by}, read by no program: a report, print or export file")
        by = ", ".join(sorted(reads[store]))
        elsewhere = sorted(short(w) for w in self.writers[store] if w not in mine)
        if elsewhere and temporary:
            return None
        if elsewhere:
            return Function(label, "EIF", f"read by {by}, written by {', '.join(elsewhere)} (maintained elsewhere)")
        if kind in KEPT:
            return Function(label, "EIF", f"{kind} read by {by}, written by no program (maintained by another application)")
        if writing:
            return Function(label, "EI", f"input data set read by {by} and written by no program: processed into their data")
        return Function(label, "EIF", f"data set read by {by}, written by no program; they write nothing")

    def changes(self, program: str) -> list[str]:
        """The programs through which ``program`` changes kept data: itself and what it calls or links
        to (one elementary process), not where it transfers control (XCTL: the next dialogue); only
        writes to data some program reads back or to tables count, not logs and reports."""
        graph, seen, stack = self.graph, {program}, [program]
        while stack:
            for _, callee, d in graph.out_edges(stack.pop(), data=True):
                if d.get("kind") == "calls" and d.get("via") != "cics-xctl" and graph.nodes[callee].get("kind") == "program" and callee not in seen:
                    seen.add(callee)
                    stack.append(callee)
        return sorted(short(p) for p in seen if any(
            d.get("kind") == "writes" and self.is_store(v) and (self.readers[self.store(v)] or graph.nodes[v].get("kind") == "table")
            for _, v, d in graph.out_edges(p, data=True)))

    def process(self, program: str) -> tuple[str, str]:
        """EI or EQ for one program's dialogue, and why."""
        through = self.changes(program)
        if not through:
            return "EQ", "which only reads"
        return "EI", "which changes data" + ("" if through == [short(program)] else f" (through {', '.join(through)})")

    def screens(self, programs: list[str]) -> list[Function]:
        graph = self.graph
        shown: dict[str, set[str]] = defaultdict(set)
        for program in programs:
            for _, screen, d in graph.out_edges(program, data=True):
                if d.get("kind") == "shows":
                    shown[screen].add(program)
        functions = []
        for screen, by in sorted(shown.items()):
            for program in sorted(by):
                kind, what = self.process(program)
                functions.append(Function(f"screen {short(screen)} ({short(program)})", kind, f"shown by {short(program)}, {what}"))
        for program in sorted(p for p in programs if p not in {q for b in shown.values() for q in b}):
            for source, _, d in graph.in_edges(program, data=True):
                if d.get("kind") == "starts" and graph.nodes[source].get("kind") == "transaction":
                    kind, what = self.process(program)
                    functions.append(Function(f"transaction {short(source)}", kind, f"starts {short(program)} (no screen), {what}"))
        return functions


def add_function_points(graph: nx.MultiDiGraph, steps: list[Step], estate: dict[str, Any], effort: dict[str, float]) -> None:
    """Each step's count and FP effort beside its code-size effort, and the estate's (each store once)."""
    counter = PointCounter(graph)
    for step in steps:
        step.function_points = counter.count(step.programs).to_dict(effort, step.effort)
    code_size = {"low": round(sum(s.effort["low"] for s in steps), 1), "high": round(sum(s.effort["high"] for s in steps), 1)}
    estate["function_points"] = counter.count(sorted(p for s in steps for p in s.programs)).to_dict(effort, code_size)
    estate["code_size_effort"] = code_size


MODEL = ("function points (NESMA, ISO/IEC 24570): indicative count = ILF × 35 + EIF × 15; estimated count = ILF × 7 + EIF × 5 "
         "+ EI × 4 + EO × 5 + EQ × 4 (data functions Low, transactional functions Average); effort (person-days) = estimated "
         "count × hours_per_fp / hours_per_day. Every counted element is listed with the fact behind it, for a certified counter to check.")


def summary(points: dict[str, Any]) -> str:
    """The count, its formulas and the FP effort beside the code-size one, in one sentence."""
    effort = points["effort"]
    return (f"indicative {points['formula']['indicative']}; estimated {points['formula']['estimated']}; "
            f"effort {effort['days']} {effort['unit']} ({effort['formula']}), {effort['comparison']}")


def markdown_lines(points: dict[str, Any], label: str, escape: Any, translate: Any = str) -> list[str]:
    """``summary`` and every element (names escaped; ``translate`` puts the sentences in the plan's language)."""
    if not points:
        return []
    lines = [f"**{label}**: {translate(summary(points))}", ""]
    lines += [f"- {escape(f['name'])}: {f['type']}, {escape(translate(f['why']))}" for f in points["functions"]]
    return lines + ([""] if points["functions"] else [])
