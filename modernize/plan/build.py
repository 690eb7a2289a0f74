"""The replacement plan: units of work from the graph, ordered strangler-fig style into waves.

A unit is a proposed component (community of programs over calls and shared data), with call
cycles never split. Utilities every program calls (an abend handler, a date routine) are shared
services: one first-wave step kept as a library, never a reason to group or merge the others
(units.py); no step holds more than ``max_step_share`` of the programs unless a call cycle or a pin
forces it. Steps are named after what they are about (naming.py). Components outside the programs (Java classes, z/OS Connect services and APIs)
are no units: they stay, and what they use is shared, so data they read or write is never a step's
own and a program they call keeps its interface. A unit depends on the units whose programs it calls: those are replaced first,
so each step's callees already live in the new world (or stay outside the estate). Among the steps
that are ready at the same time, read-only parts go first and writers of shared data last; moving
the shared data itself is the final step. Everything a step says comes with its evidence.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from modernize.boilerplate import headline
from modernize.graph.analyze import components, cycles
from modernize.model import Mechanism, Module, NodeKind, node_id
from modernize.plan.naming import domain
from modernize.plan.units import call_cycles, shared_services, split

DATA_KINDS = ("dataset", "table", "file", "queue")
# Callers outside the programs the plan replaces: their use of data and programs outlives every step.
OUTSIDE_KINDS = (NodeKind.CLASS, NodeKind.SERVICE, NodeKind.API)


def is_data(node: dict[str, Any]) -> bool:
    """A store the plan can give an owner: not a library (load, source or object libraries a step
    names), not a name whose symbols are unresolved (``&HLQ..X``, ``@PREFIX@.X``: which data set it is
    depends on values the repository does not hold, so it is reported as a risk instead)."""
    return node.get("kind") in DATA_KINDS and not node.get("library") and not node.get("symbolic")
LIBRARY = ("keep these programs as one library under their names and LINKAGE/COMMAREA layouts: the legacy programs "
           "and the new components both call it, so it moves once, first, and stays until its last caller is replaced")
DEFAULT_EFFORT = {"hours_per_kloc": 160.0, "complexity_per_kloc_baseline": 120.0, "risk_weight": 0.15, "low": 0.8, "high": 1.5, "hours_per_day": 8.0,
                  "hours_per_fp": 8.0}


@dataclass
class PlanSettings:
    strategy: str = "strangler"
    pin: list[list[str]] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    rename: dict[str, str] = field(default_factory=dict)
    effort: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_EFFORT))
    shared: list[str] = field(default_factory=list)  # programs always treated as shared services
    shared_min_callers: int = 3  # a utility (no callees, screens or entry of its own) called by this many programs is shared
    max_step_share: float = 1 / 3  # no step holds more of the estate's programs, unless a call cycle or a pin forces it

    @classmethod
    def from_table(cls, table: dict[str, Any], strategy: str | None = None) -> PlanSettings:
        """From a validated ``[plan]`` table of the settings; ``strategy`` (the command line) wins."""
        return cls(
            strategy=strategy or table.get("strategy", "strangler"),
            pin=[[str(n) for n in group] for group in table.get("pin", [])],
            exclude=[str(n).upper() for n in table.get("exclude", [])],
            rename={str(k).upper(): str(v) for k, v in table.get("rename", {}).items()},
            effort={**DEFAULT_EFFORT, **{k: float(v) for k, v in table.get("effort", {}).items()}},
            shared=[str(n).upper() for n in table.get("shared", [])],
            shared_min_callers=int(table.get("shared_min_callers", 3)),
            max_step_share=float(table.get("max_step_share", 1 / 3)),
        )


@dataclass
class Step:
    id: str
    title: str
    wave: int
    programs: list[str]
    copybooks: list[str]
    owned_data: list[str]
    shared_data: list[str]
    depends_on: list[str]
    why: str
    interfaces: list[dict[str, Any]]
    coexistence: str
    risks: list[dict[str, Any]]
    effort: dict[str, Any]
    acceptance: list[str]
    rollback: str
    lines: int = 0
    complexity: int = 0
    entry_points: list[str] = field(default_factory=list)
    used_outside: dict[str, list[str]] = field(default_factory=dict)  # shared data -> the outside components that use it
    display: dict[str, str] = field(default_factory=dict)  # node id -> the name as written, where ids upper-case it (a Java class)
    function_points: dict[str, Any] = field(default_factory=dict)  # plan/function_points.py: elements, counts, FP effort
    kind: str = "domain"  # "shared-services", "domain" or "data-migration"
    domain: str = ""  # what the step is about: the entity it owns, its transactions or its job stream
    crud: list[dict[str, str]] = field(default_factory=list)  # graph/crud.py: program, store kind, store, letters

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "title": self.title, "wave": self.wave, "modules": sorted(self.programs + self.copybooks),
            "programs": self.programs, "copybooks": self.copybooks, "owned_data": self.owned_data,
            "shared_data": self.shared_data, "depends_on": self.depends_on, "why": self.why,
            "interfaces": self.interfaces, "coexistence": self.coexistence, "risks": self.risks,
            "effort": self.effort, "acceptance": self.acceptance, "rollback": self.rollback,
            "scope": {"lines": self.lines, "complexity": self.complexity, "programs": len(self.programs)},
            "entry_points": self.entry_points, "used_outside": self.used_outside, "display": self.display,
            "function_points": self.function_points,
            "kind": self.kind, "domain": self.domain, "crud": self.crud,
        }


def step_cap(programs: int, settings: PlanSettings) -> int:
    """The most programs one step may hold (a third of the estate by default, at least one)."""
    return max(1, int(programs * settings.max_step_share + 1e-9))


def program_units(graph: nx.MultiDiGraph, settings: PlanSettings, shared: set[str] | None = None) -> list[list[str]]:
    """Programs grouped into units: components (or data ownership), cycles and pins kept together.

    The ``shared`` services are one unit of their own, and left out of the components and cycles the
    others are grouped by: a call into the abend handler says nothing about what belongs together. A
    unit over the step cap is split (its cycles and pins stay whole)."""
    programs = sorted(n for n, d in graph.nodes(data=True) if d.get("kind") == "program" and d.get("name") not in settings.exclude)
    shared = set(shared or ()) & set(programs)
    business = [p for p in programs if p not in shared]
    view = graph.subgraph(n for n in graph.nodes if n not in shared)
    parent = {p: p for p in business}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    if settings.strategy == "data":
        for node, data in view.nodes(data=True):
            if is_data(data):
                writers = sorted({u for u, _, d in view.in_edges(node, data=True) if d.get("kind") == "writes" and u in parent})
                for other in writers[1:]:
                    union(writers[0], other)
    else:
        by_component: dict[int, list[str]] = defaultdict(list)
        for node, component in components(view).items():
            if node in parent:
                by_component[component].append(node)
        for members in by_component.values():
            for other in members[1:]:
                union(members[0], other)
    for cycle in cycles(view):
        members = [m for m in cycle if m in parent]
        for other in members[1:]:
            union(members[0], other)
    together = pinned(graph, business, settings)
    for group in together:
        for other in group[1:]:
            union(group[0], other)
    groups: dict[str, list[str]] = defaultdict(list)
    for program in business:
        groups[find(program)].append(program)
    cap = step_cap(len(programs), settings)
    units = [piece for g in groups.values() for piece in (split(view, sorted(g), cap, together) if len(g) > cap else [sorted(g)])]
    if shared:
        units.append(sorted(shared))
    return sorted(units, key=lambda g: g[0])


def pinned(graph: nx.MultiDiGraph, programs: list[str], settings: PlanSettings) -> list[list[str]]:
    """Groups that are replaced together whatever their size: the settings' pins, nested programs with their host."""
    by_name = {graph.nodes[p]["name"]: p for p in programs}
    groups = [[by_name[n.upper()] for n in group if n.upper() in by_name] for group in settings.pin]
    for program in programs:
        nested_in = graph.nodes[program].get("nested_in")
        if nested_in and node_id(NodeKind.PROGRAM, nested_in) in by_name.values():
            groups.append([node_id(NodeKind.PROGRAM, nested_in), program])
    return [g for g in groups if len(g) > 1]


def bounded_units(graph: nx.MultiDiGraph, settings: PlanSettings, shared: set[str]) -> tuple[list[list[str]], nx.DiGraph]:
    """The units and their DAG. Units that call each other in a cycle are merged; where that would
    exceed the step cap without a call cycle among their programs, each unit first gives up the
    programs the others call (and what those call inside it), which breaks the loop; failing that,
    the programs are split down to their own call cycles and pins."""
    units = program_units(graph, settings, shared)
    cap = step_cap(sum(len(u) for u in units), settings)
    for _ in range(len(units)):
        merged, dag = unit_graph(graph, units)
        loops = [m for m in merged if len(m) > cap and m != sorted(shared) and len(units_in(units, m)) > 1]
        if not loops:
            return merged, dag
        units = [piece for unit in units for piece in peel(graph, unit, next((set(m) for m in loops if unit[0] in m), set()))]
    view = graph.subgraph(n for n in graph.nodes if n not in shared)
    pieces: list[list[str]] = []
    for unit in unit_graph(graph, units)[0]:
        small = len(unit) <= cap or unit == sorted(shared)
        pieces.extend([unit] if small else split(view, unit, 1, pinned(graph, unit, settings)))
    return unit_graph(graph, sorted(pieces, key=lambda g: g[0]))


def units_in(units: list[list[str]], programs: list[str]) -> list[list[str]]:
    members = set(programs)
    return [u for u in units if u[0] in members]


def peel(graph: nx.MultiDiGraph, unit: list[str], loop: set[str]) -> list[list[str]]:
    """``unit`` as the programs the rest of ``loop`` calls (with their callees inside the unit) and the others."""
    members = set(unit)
    if not loop:
        return [unit]
    exported = {v for u, v, d in graph.edges(data=True) if d.get("kind") == "calls" and v in members and u in loop and u not in members}
    frontier = list(exported)
    while frontier:
        for _, v, d in graph.out_edges(frontier.pop(), data=True):
            if d.get("kind") == "calls" and v in members and v not in exported:
                exported.add(v)
                frontier.append(v)
    rest = sorted(members - exported)
    return [unit] if not exported or not rest else [sorted(exported), rest]


def call_pairs(graph: nx.MultiDiGraph) -> list[tuple[str, str]]:
    """Program pairs (caller, callee) for ordering: CALL/LINK/XCTL, and a START or RUN TRANSID of
    another transaction, whose program answers the starter (asynchronously, but still an interface
    the starter depends on). RETURN TRANSID is the next screen of a conversation, not a call."""
    pairs = [(u, v) for u, v, d in graph.edges(data=True) if d.get("kind") == "calls"]
    for u, transaction, data in graph.edges(data=True):
        if data.get("kind") == "starts" and data.get("via") in (Mechanism.CICS_START, Mechanism.CICS_RUN) \
                and graph.nodes[u].get("kind") == NodeKind.PROGRAM:
            pairs.extend((u, v) for _, v, d in graph.out_edges(transaction, data=True)
                         if d.get("kind") == "starts" and v != u and graph.nodes[v].get("kind") == NodeKind.PROGRAM)
    return pairs


def unit_graph(graph: nx.MultiDiGraph, units: list[list[str]]) -> tuple[list[list[str]], nx.DiGraph]:
    """Units merged where they call each other in a cycle, and the DAG 'unit A calls into unit B'."""
    owner = {p: i for i, unit in enumerate(units) for p in unit}
    calls = nx.DiGraph()
    calls.add_nodes_from(range(len(units)))
    for u, v in call_pairs(graph):
        if u in owner and v in owner and owner[u] != owner[v]:
            calls.add_edge(owner[u], owner[v])
    merged: list[list[str]] = []
    new_index: dict[int, int] = {}
    for component in sorted(nx.strongly_connected_components(calls), key=lambda c: min(units[i][0] for i in c)):
        members = sorted(p for i in component for p in units[i])
        for i in component:
            new_index[i] = len(merged)
        merged.append(members)
    dag = nx.DiGraph()
    dag.add_nodes_from(range(len(merged)))
    for a, b in calls.edges():
        if new_index[a] != new_index[b]:
            dag.add_edge(new_index[a], new_index[b])
    return merged, dag


class PlanBuilder:
    def __init__(self, graph: nx.MultiDiGraph, modules: list[Module], settings: PlanSettings):
        self.graph = graph
        self.modules = {(m.kind, m.name): m for m in modules}
        self.settings = settings
        self.programs = sorted(n for n, d in graph.nodes(data=True) if d.get("kind") == "program" and d.get("name") not in settings.exclude)
        # A pin says where a program belongs: a pinned utility goes with its group, not to the shared services.
        pins = {n.upper() for group in settings.pin for n in group} - set(settings.shared)
        self.shared = shared_services(graph, [p for p in self.programs if graph.nodes[p].get("name") not in pins],
                                      settings.shared_min_callers, settings.shared)
        self.outside_users: dict[str, set[str]] = defaultdict(set)  # data -> outside components that read or write it
        self.outside_writers: dict[str, set[str]] = defaultdict(set)
        for u, v, data in graph.edges(data=True):
            if data.get("kind") in ("reads", "writes") and graph.nodes[u].get("kind") in OUTSIDE_KINDS and is_data(graph.nodes[v]):
                self.outside_users[v].add(u)
                if data.get("kind") == "writes":
                    self.outside_writers[v].add(u)

    def is_shared(self, programs: list[str]) -> bool:
        return bool(self.shared) and set(programs) == self.shared

    def module(self, node: str) -> Module | None:
        return self.modules.get(("program", self.graph.nodes[node].get("name", "")))

    def data_of(self, programs: list[str]) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
        reads: dict[str, set[str]] = defaultdict(set)
        writes: dict[str, set[str]] = defaultdict(set)
        for program in programs:
            for _, target, data in self.graph.out_edges(program, data=True):
                if is_data(self.graph.nodes[target]):
                    (writes if data.get("kind") == "writes" else reads)[target].add(program)
        return reads, writes

    def build(self) -> list[Step]:
        units, dag = bounded_units(self.graph, self.settings, self.shared)
        owner = {p: i for i, unit in enumerate(units) for p in unit}
        writers_of: dict[str, set[int]] = defaultdict(set)
        users_of: dict[str, set[int]] = defaultdict(set)
        for i, unit in enumerate(units):
            reads, writes = self.data_of(unit)
            for node in writes:
                writers_of[node].add(i)
            for node in set(reads) | set(writes):
                users_of[node].add(i)
        # Waves: a unit comes after every unit it calls into (callees first).
        wave: dict[int, int] = {}
        for i in reversed(list(nx.topological_sort(dag))):
            wave[i] = 1 + max((wave[j] for j in dag.successors(i)), default=0)

        def priority(i: int) -> tuple:
            _, writes = self.data_of(units[i])
            shared_writes = sum(1 for n in writes if len(users_of[n]) > 1 or n in self.outside_users)
            return (wave[i], not self.is_shared(units[i]), 1 if writes else 0, shared_writes, units[i][0])

        order = sorted(range(len(units)), key=priority)
        ids = {i: f"S{n + 1:02d}" for n, i in enumerate(order)}
        steps = [self.step(i, units[i], ids, dag, wave[i], owner, writers_of, users_of) for i in order]
        migration = self.migration_step(steps, writers_of, users_of, len(steps) + 1, max(wave.values(), default=0) + 1)
        if migration is not None:
            steps.append(migration)
        return steps

    def step(self, index: int, programs: list[str], ids: dict[int, str], dag: nx.DiGraph, wave: int,
             owner: dict[str, int], writers_of: dict[str, set[int]], users_of: dict[str, set[int]]) -> Step:
        graph = self.graph
        reads, writes = self.data_of(programs)
        used = set(reads) | set(writes)
        owned = sorted(n for n in used if users_of[n] == {index} and writers_of[n] <= {index} and n not in self.outside_users)
        shared = sorted(n for n in used if n not in owned)
        copybooks = sorted({v for p in programs for _, v, d in graph.out_edges(p, data=True) if d.get("kind") == "includes"})
        private = [c for c in copybooks if all(owner.get(u) == index for u, _, d in graph.in_edges(c, data=True) if d.get("kind") == "includes" and u in owner)]
        depends = sorted(ids[j] for j in dag.successors(index))
        shared_unit = self.is_shared(programs)
        about = "" if shared_unit else domain(graph, programs, owned, writes, reads, {n: len(users_of[n]) for n in used})
        title = self.settings.rename.get(self.title_key(programs)) or self.title(programs, about, shared_unit)
        lines = sum(int(graph.nodes[p].get("code_lines", 0)) for p in programs)
        complexity = sum(int(graph.nodes[p].get("complexity", 0)) for p in programs)
        entry_points = sorted({u for p in programs for u, _, d in graph.in_edges(p, data=True)
                               if d.get("kind") in ("starts", "executes") and graph.nodes[u].get("kind") in ("transaction", "step")})
        if depends:
            why = (f"calls into {', '.join(depends)}, which {'is' if len(depends) == 1 else 'are'} replaced before it, "
                   "so the programs it calls already run in the new world")
        else:
            why = "calls no other part of the estate (only system programs or nothing), so it can be replaced first"
        if shared_unit:
            callers = {u for p in programs for u, _, d in graph.in_edges(p, data=True) if d.get("kind") == "calls" and u not in programs}
            why = (f"shared services: {len(callers)} program(s) and component(s) call these and they call no business program, "
                   "so they come first and stay one library that both the legacy programs and the new components call "
                   "until the last caller is replaced; calls into them do not tie the other steps together")
        if not writes and reads:
            why += "; it only reads data, so it can run against the legacy data stores unchanged"
        elif any(n in shared for n in writes):
            also = "other steps" if not any(n in self.outside_users for n in writes) else "other steps or components outside the programs"
            why += f"; it writes data that {also} also use, so those stores stay synchronised until the data migration step"
        why += self.oversize(programs)
        interfaces = self.interfaces(programs, owner, index, shared)
        risks = self.risks(programs, writes, users_of, index)
        return Step(
            id=ids[index], title=title, wave=wave, programs=programs, copybooks=private, owned_data=owned, shared_data=shared,
            depends_on=depends, why=why, interfaces=interfaces,
            coexistence=self.library(interfaces, writes, shared) if shared_unit else self.coexistence(interfaces, writes, shared),
            risks=risks, effort=self.effort(lines, complexity, len(risks)), acceptance=self.acceptance(programs, writes),
            rollback=self.rollback(interfaces, writes, shared), lines=lines, complexity=complexity, entry_points=entry_points,
            used_outside={n: sorted(self.outside_users[n]) for n in shared if n in self.outside_users},
            display=self.display([c for i in interfaces if i["kind"] == "call" for c in i["callers"]]
                                 + [u for n in shared for u in self.outside_users.get(n, ())]),
            kind="shared-services" if shared_unit else "domain", domain="Shared services" if shared_unit else about,
        )

    def oversize(self, programs: list[str]) -> str:
        """Why a step holds more than its share of the estate's programs ('' when it does not)."""
        total = len(self.programs)
        if len(programs) <= step_cap(total, self.settings):
            return ""
        if self.is_shared(programs):
            return f"; it holds {len(programs)} of the estate's {total} programs, all shared services, replaced as one library"
        loops = [c for c in call_cycles(self.graph, set(programs)) if len(c) > 1]
        if loops:
            largest = max(loops, key=len)
            shown = " → ".join(self.graph.nodes[p]["name"] for p in largest[:6]) + (" → …" if len(largest) > 6 else "")
            return (f"; it holds {len(programs)} of the estate's {total} programs, more than {self.settings.max_step_share:.0%}, "
                    f"because programs that call each other in a cycle ({shown}) are replaced together")
        return (f"; it holds {len(programs)} of the estate's {total} programs, more than {self.settings.max_step_share:.0%}, "
                "because the plan's settings pin them together")

    def display(self, nodes: list[str]) -> dict[str, str]:
        """The names as written of the nodes whose ids upper-case them (Java classes, z/OS Connect services)."""
        return {n: self.graph.nodes[n]["display"] for n in sorted(set(nodes)) if self.graph.nodes[n].get("kind") in OUTSIDE_KINDS
                and self.graph.nodes[n].get("display")}

    def main_program(self, programs: list[str]) -> str:
        """The program a person would name the step after: one that works on the data, one a job or
        transaction runs, the largest."""
        def rank(p: str) -> tuple:
            edges = [d.get("kind") for _, _, d in self.graph.in_edges(p, data=True)]
            touches = any(d.get("kind") in ("reads", "writes") and is_data(self.graph.nodes[v]) for _, v, d in self.graph.out_edges(p, data=True))
            return (not touches, not {"executes", "starts"} & set(edges), -int(self.graph.nodes[p].get("code_lines", 0)), p)

        return min(programs, key=rank)

    def title_key(self, programs: list[str]) -> str:
        return self.graph.nodes[self.main_program(programs)]["name"]

    def title(self, programs: list[str], about: str = "", shared_unit: bool = False) -> str:
        """'Aanvraag — TSB010: CONTROLE INGEKOMEN AANVRAGEN (+3 programs)': what the step is about, then
        its main program and that program's purpose from its header comment (banners stripped)."""
        if shared_unit:
            names = sorted(self.graph.nodes[p]["name"] for p in programs)
            return "Shared services: " + ", ".join(names[:4]) + (f" (+{len(names) - 4} more)" if len(names) > 4 else "")
        main = self.main_program(programs)
        name = self.graph.nodes[main]["name"]
        module = self.module(main)
        purpose = self.purpose(module, name) if module else ""
        if purpose.upper().startswith(name):
            purpose = purpose[len(name):].lstrip(" -:.")
        text = f"{name}: {purpose[:70]}" if purpose else name
        text += f" (+{len(programs) - 1} program{'s' if len(programs) > 2 else ''})" if len(programs) > 1 else ""
        return f"{about} — {text}" if about else text

    @staticmethod
    def purpose(module: Module, name: str) -> str:
        """'GETPOL - Get currently held policies' in the header says it best; else its headline (a line
        that is only the name says nothing)."""
        lines = [line.strip() for line in module.header_comments]
        own = next((line for line in lines if line.upper().startswith(name) and line[len(name):len(name) + 1] in (" ", "-", ":")
                    and line[len(name):].lstrip().startswith(("-", ":")) and line[len(name):].strip(" -:")), "")
        return own or headline([line for line in lines if line.upper() != name])

    def interfaces(self, programs: list[str], owner: dict[str, int], index: int, shared: list[str]) -> list[dict[str, Any]]:
        graph = self.graph
        found: list[dict[str, Any]] = []
        for program in programs:
            callers = sorted({u for u, _, d in graph.in_edges(program, data=True) if d.get("kind") == "calls"
                              and (owner.get(u, index) != index or graph.nodes[u].get("kind") in OUTSIDE_KINDS)})
            if callers:
                module = self.module(program)
                linkage = []
                for s in module.symbols if module else []:
                    layout = s.layout if s.kind == "data" else None
                    if layout is not None and layout.section == "LINKAGE" and layout.level == 1:
                        linkage.append({"name": s.name, "length": layout.length, "path": s.path, "line": s.line})
                mechanisms = sorted({d.get("via") for u, _, d in graph.in_edges(program, data=True) if d.get("kind") == "calls" and u in callers})
                found.append({"kind": "call", "program": program, "mechanisms": mechanisms, "callers": callers, "linkage": linkage})
            for source, _, data in graph.in_edges(program, data=True):
                if data.get("kind") == "starts" and graph.nodes[source].get("kind") == "transaction":
                    found.append({"kind": "transaction", "id": source, "program": program})
            screens = sorted({v for _, v, d in graph.out_edges(program, data=True) if d.get("kind") == "shows"})
            for screen in screens:
                found.append({"kind": "screen", "id": screen, "program": program})
        for data_node in shared:
            layouts = []
            for program in programs:
                module = self.module(program)
                if module is None:
                    continue
                for _, target, edge in graph.out_edges(program, data=True):
                    if target == data_node and edge.get("file"):
                        file_symbol = next((s for s in module.symbols if s.kind == "file" and s.name == edge["file"]), None)
                        if file_symbol is not None:
                            layouts.append({"program": program, "file": file_symbol.name, "records": file_symbol.records,
                                            "record_length": file_symbol.record_length})
            found.append({"kind": graph.nodes[data_node].get("kind"), "id": data_node, "record_layouts": layouts})
        return sorted(found, key=lambda f: (f["kind"], f.get("id") or f.get("program")))

    def library(self, interfaces: list[dict[str, Any]], writes: dict[str, set[str]], shared: list[str]) -> str:
        """Shared services stay one library both worlds call; their data is handled as any step's."""
        data = self.coexistence([i for i in interfaces if i["kind"] not in ("call", "transaction", "screen")], writes, shared)
        return LIBRARY if data.startswith("wrap and replace") else f"{LIBRARY}; {data}"

    @staticmethod
    def coexistence(interfaces: list[dict[str, Any]], writes: dict[str, set[str]], shared: list[str]) -> str:
        approaches = []
        kinds = {i["kind"] for i in interfaces}
        if "transaction" in kinds or "screen" in kinds:
            approaches.append("route the same transaction ids and screens to the new component (CICS front, one transaction at a time)")
        if "call" in kinds:
            approaches.append("replace behind the same CALL/LINK interface: a wrapper with the same LINKAGE layout serves the remaining legacy callers")
        if any(c.split(":", 1)[0] in OUTSIDE_KINDS for i in interfaces if i["kind"] == "call" for c in i["callers"]):
            approaches.append("keep the program names and COMMAREA layouts the Java classes and z/OS Connect services call, or repoint them to the new component")
        if any(n in shared for n in writes):
            approaches.append("synchronise the shared data both ways until its last legacy writer is replaced")
        elif shared:
            approaches.append("read the shared legacy data stores in place (through a data access layer) until the data migration step")
        return "; ".join(approaches) or "wrap and replace: no other part of the estate depends on it at run time"

    def risks(self, programs: list[str], writes: dict[str, set[str]], users_of: dict[str, set[int]], index: int) -> list[dict[str, Any]]:
        found = []
        for program in programs:
            module = self.module(program)
            if module is None:
                continue
            if module.alter:
                found.append({"risk": "ALTER changes the control flow at run time", "program": program, "evidence": f"{module.path}: {module.alter} ALTER statement(s)"})
            statements = max(1, module.statements)
            if module.goto * 100 / statements >= 5:
                found.append({"risk": "high GO TO density", "program": program, "evidence": f"{module.path}: {module.goto} GO TO in {statements} statements"})
            for reference in module.references:
                if reference.unresolved:
                    found.append({"risk": "dynamic target not resolved", "program": program, "evidence": f"{reference.path}:{reference.line} via {reference.variable}"})
            for diagnostic in module.diagnostics:
                if diagnostic.code == "copybook-missing":
                    found.append({"risk": "missing source", "program": program, "evidence": f"{diagnostic.path}:{diagnostic.line} {diagnostic.message}"})
            if any(r.via in ("ims", "dli") for r in module.references):
                found.append({"risk": "IMS DL/I access", "program": program, "evidence": module.path})
            for target in sorted({v for _, v, d in self.graph.out_edges(program, data=True) if d.get("kind") in ("reads", "writes")}):
                node = self.graph.nodes[target]
                if node.get("kind") in DATA_KINDS and node.get("symbolic") and not node.get("library"):
                    found.append({"risk": "data set name not resolved", "program": program,
                                  "evidence": f"{target} is {node.get('display', node.get('name'))}: its symbols are set outside the repository, so it has no owner"})
        for node, who in sorted(writes.items()):
            outside = len(self.outside_users.get(node, ()))
            if len(users_of[node]) > 1 or outside:
                evidence = f"{node} is used by {len(users_of[node])} steps" + (f" and {outside} component(s) outside the programs" if outside else "")
                found.append({"risk": "writes data that other parts use", "program": sorted(who)[0], "evidence": evidence})
        return found

    def effort(self, lines: int, complexity: int, risks: int) -> dict[str, Any]:
        p = self.settings.effort
        kloc = lines / 1000
        density = complexity / kloc if kloc else 0
        complexity_factor = max(0.5, density / p["complexity_per_kloc_baseline"]) if kloc else 1.0
        risk_factor = 1 + p["risk_weight"] * risks
        hours = kloc * p["hours_per_kloc"] * complexity_factor * risk_factor
        days = hours / p["hours_per_day"]
        return {
            "low": round(days * p["low"], 1), "high": round(days * p["high"], 1), "unit": "person-days",
            "formula": (f"{kloc:.2f} KLOC × {p['hours_per_kloc']:g} h/KLOC × complexity factor {complexity_factor:.2f} "
                        f"× risk factor {risk_factor:.2f} / {p['hours_per_day']:g} h per day, range ×{p['low']:g}–×{p['high']:g}"),
        }

    def acceptance(self, programs: list[str], writes: dict[str, set[str]]) -> list[str]:
        criteria = []
        for program in programs:
            module = self.module(program)
            rules = len(module.business_rules) if module else 0
            criteria.append(f"{self.graph.nodes[program]['name']}: the characterization tests of its {rules} business rule(s) pass against legacy and replacement")
        for node in sorted(writes):
            criteria.append(f"{node}: output identical to the legacy golden master")
        return criteria

    @staticmethod
    def rollback(interfaces: list[dict[str, Any]], writes: dict[str, set[str]], shared: list[str]) -> str:
        parts = ["route the entry points (JCL steps, transactions, CALL wrappers) back to the legacy programs, which stay deployed until the step is accepted"]
        if writes:
            parts.append("replay or reverse the writes the new component made to data the legacy programs use" if any(n in shared for n in writes) else "discard the new component's own data stores")
        return "; ".join(parts)

    def migration_step(self, steps: list[Step], writers_of: dict[str, set[int]], users_of: dict[str, set[int]], number: int, wave: int) -> Step | None:
        shared = sorted(n for n, users in users_of.items() if (len(users) > 1 or n in self.outside_users)
                        and self.graph.nodes[n].get("kind") in ("dataset", "table"))
        if not shared:
            return None

        def writers(n: str) -> str:
            outside = len(self.outside_writers.get(n, ()))
            return f"{n}: writers in {len(writers_of[n])} step(s)" + (f" and {outside} component(s) outside the programs" if outside else "")

        used_outside = {n: sorted(self.outside_users[n]) for n in shared if n in self.outside_users}
        why = "data migration comes last: every program that reads or writes these stores has been replaced"
        if used_outside:
            why += "; the components outside the programs that use them (Java classes) move to the new stores in this step"
        return Step(
            id=f"S{number:02d}", title="Migrate the shared data stores", wave=wave, kind="data-migration", programs=[], copybooks=[], owned_data=[], shared_data=shared,
            depends_on=sorted(s.id for s in steps), why=why, used_outside=used_outside,
            display=self.display([u for users in used_outside.values() for u in users]),
            interfaces=[], coexistence="stop the synchronisation; the new data stores become the only source", risks=[
                {"risk": "data written by several components", "program": "", "evidence": writers(n)} for n in shared
                if len(writers_of[n]) + len(self.outside_writers.get(n, ())) > 1
            ], effort={"low": float(len(shared)), "high": float(3 * len(shared)), "unit": "person-days", "formula": f"{len(shared)} data store(s) × 1–3 person-days (reconciliation included)"},
            acceptance=[f"{n}: record counts and checksums reconcile between legacy and new store" for n in shared],
            rollback="keep the legacy stores read-only for one processing cycle and switch back if reconciliation fails",
        )


def build_plan(graph: nx.MultiDiGraph, modules: list[Module], settings: PlanSettings | None = None) -> list[Step]:
    """The ordered steps of the replacement plan (deterministic for the same graph and settings)."""
    return PlanBuilder(graph, modules, settings or PlanSettings()).build()
