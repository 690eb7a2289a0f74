"""Transaction and job flows: what one entry point sets going, end to end, from the graph alone.

An architect asks "what happens when a clerk types TS00" or "what does the nightly job touch"; the
answer is a walk over the graph from that entry. A transaction's flow starts at the transaction,
goes to the program it starts and follows CALL, CICS LINK and XCTL, and START/RUN of other
transactions, breadth-first and visiting each program once (an edge back to a program already in
the flow is drawn, not walked again). A program that another transaction starts is where that
transaction's flow takes over: an XCTL to it is shown, and it is not walked again here, so the
flows of a menu-driven application stay each transaction's own instead of all being the whole. A job's flow is its steps in order, the programs each runs and
what those call. Each program brings the data stores it touches with their CRUD letters
(graph/crud.py), the screens it sends or receives, and the transactions it returns to with
``RETURN TRANSID``: a pseudo-conversational program ends its task there and the *next* screen the
user sends starts that transaction, so it is a "next screen" edge, never walked as a call. A job
step's datasets hang off the step, as its DD statements allocate them: letters from the program's
own file use where the step's program has that DD, from the DISP otherwise (NEW creates, a normal
DELETE deletes). Load libraries are not data and are left out.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field, replace

import networkx as nx

from modernize.graph.crud import LETTERS, STORE_KINDS, file_uses, store_letters
from modernize.model import Module, NodeKind, node_id
from modernize.output import safe_stem

ENTRY, TRANSACTION, STEP, PROGRAM, DATA, SCREEN, NEXT, MORE = "entry", "transaction", "step", "program", "data", "screen", "next", "more"
CORE_ROLES = (ENTRY, TRANSACTION, STEP, PROGRAM)  # the walk's own nodes; data, screens and next screens hang off them
CORE_EDGE_ROLES = ("start", "call", "then", "executes")
CALL_LABELS = {"static": "CALL", "dynamic": "CALL", "cics-link": "LINK", "cics-xctl": "XCTL", "cics-load": "LOAD", "jcics": "LINK",
               "call": "CALL", "callnat": "CALLNAT", "fetch": "FETCH", "zosconnect": "CALL"}
NOT_WALKED = {"cics-load"}  # a LOADed program is a table in storage: shown, never run
START_LABELS = {"cics-start": "START", "cics-run": "RUN"}
EXEC_LABELS = {"jcl": "EXEC", "ikjeft01": "EXEC (IKJEFT01)", "ims": "EXEC (IMS region)"}
NEXT_SCREEN = "next screen"


@dataclass(frozen=True)
class FlowNode:
    """One box of a flow: ``id`` is the graph's node id (a made-up one for folds and cuts)."""

    id: str
    kind: str  # the graph node's kind (program, table, step…), or "more"/"data" for made-up nodes
    name: str
    role: str  # ENTRY, TRANSACTION, STEP, PROGRAM, DATA, SCREEN, NEXT or MORE
    depth: int  # hops from the entry along the walk; data, screens and next screens sit beside their program
    note: str = ""  # what a reader must know: unresolved dynamic target, system utility, not in the estate, PROC


@dataclass
class FlowEdge:
    source: str
    target: str
    role: str  # "start", "call", "then", "executes", DATA, SCREEN, NEXT or MORE
    labels: list[str] = field(default_factory=list)  # LINK/XCTL/CALL…, CRUD letters, SEND/RECEIVE

    @property
    def label(self) -> str:
        if self.role == DATA:
            return "".join(letter for letter in LETTERS if letter in self.labels)
        return "/".join(self.labels)


@dataclass
class Flow:
    """The flow of one transaction or job, nodes in the order the walk met them."""

    kind: str  # "transaction" or "job"
    name: str
    entry: str
    nodes: dict[str, FlowNode] = field(default_factory=dict)
    edges: list[FlowEdge] = field(default_factory=list)
    folded: bool = False  # data stores folded into one node per program or step
    omitted: int = 0  # programs (or steps) cut to stay within what a renderer takes
    index: dict[tuple[str, str, str], FlowEdge] = field(default_factory=dict, repr=False, compare=False)

    @property
    def stem(self) -> str:
        return flow_stem(self.kind, self.name)

    def count(self, *roles: str) -> int:
        return sum(1 for n in self.nodes.values() if n.role in roles)

    def add_node(self, node: FlowNode) -> bool:
        """Add ``node`` unless there; True when it is new."""
        if node.id in self.nodes:
            return False
        self.nodes[node.id] = node
        return True

    def add_edge(self, source: str, target: str, role: str, *labels: str) -> None:
        edge = self.index.get((source, target, role))
        if edge is not None:
            edge.labels.extend(label for label in labels if label and label not in edge.labels)
            return
        edge = FlowEdge(source, target, role, [label for label in dict.fromkeys(labels) if label])
        self.index[(source, target, role)] = edge
        self.edges.append(edge)


def flow_stem(kind: str, name: str) -> str:
    """The file name stem of a flow's outputs: ``transaction-TS00``, ``job-TSJ010``."""
    return f"{kind}-{safe_stem(name)}"


def node_name(graph: nx.MultiDiGraph, node: str) -> str:
    data = graph.nodes[node]
    name = str(data.get("display") or data.get("name") or node.split(":", 1)[-1])
    if data.get("temporary") and "&&" in name:
        return name[name.index("&&"):]  # a job's temporary dataset, qualified by the job in the graph
    return name


def target_note(graph: nx.MultiDiGraph, node: str) -> str:
    data = graph.nodes[node]
    if data.get("unresolved"):
        pattern = data.get("pattern")
        return f"unresolved dynamic target{f', looks like {pattern}' if pattern else ''}"
    if data.get("kind") == "external":
        return "system program" if data.get("system") else "not in the estate"
    if data.get("missing"):
        return "not defined in the estate"
    return ""


def disp_letters(kind: str, data: dict) -> set[str]:
    """The letters a step's DD (or IDCAMS command) stands for, from its DISP alone."""
    command = str(data.get("command", "")).upper()
    if data.get("via") == "idcams" and command in ("DEFINE", "DELETE"):
        return {"C" if command == "DEFINE" else "D"}
    disp = [part.strip().upper() for part in str(data.get("disp", "")).split(",")]
    letters = {"R"} if kind == "reads" else {"C"} if disp[0] == "NEW" or data.get("via") == "idcams" else {"U"}
    if len(disp) > 1 and disp[1] == "DELETE" and disp[0] != "NEW":
        letters.add("D")
    return letters


class FlowBuilder:
    """Walks the graph from each transaction and job; one builder serves every flow of an estate."""

    def __init__(self, graph: nx.MultiDiGraph, modules: list[Module]):
        self.graph = graph
        self.uses = file_uses(modules)
        # Program -> the transactions that start it: where an XCTL hands over to another transaction's flow.
        self.owners: dict[str, set[str]] = {}
        for transaction, program, data in graph.edges(data=True):
            if data.get("kind") == "starts" and data.get("via") == "csd" and graph.nodes[transaction].get("kind") == "transaction":
                self.owners.setdefault(program, set()).add(transaction)
        # A job's steps in the order they run: its symbols (a PROC's steps where the job calls it).
        self.step_order = {node_id(NodeKind.STEP, f"{m.name}.{s.name}"): index
                           for m in modules if m.kind == "jcl" for index, s in enumerate(m.symbols) if s.kind == "step"}

    def kind(self, node: str) -> str:
        return str(self.graph.nodes[node].get("kind", ""))

    def node(self, node: str, role: str, depth: int, note: str = "") -> FlowNode:
        return FlowNode(node, self.kind(node), node_name(self.graph, node), role, depth, note or target_note(self.graph, node))

    def transactions(self) -> list[str]:
        """The transactions the estate defines (not those only named by a RETURN or START)."""
        return sorted(n for n, d in self.graph.nodes(data=True)
                      if d.get("kind") == "transaction" and not d.get("missing") and not d.get("unresolved"))

    def jobs(self) -> list[str]:
        return sorted(n for n, d in self.graph.nodes(data=True) if d.get("kind") == "job")

    def transaction(self, node: str) -> Flow:
        flow = Flow("transaction", node_name(self.graph, node), node)
        flow.add_node(self.node(node, ENTRY, 0))
        queue: deque[str] = deque()
        self.start(flow, node, 0, queue)
        self.walk(flow, queue)
        return flow

    def start(self, flow: Flow, transaction: str, depth: int, queue: deque[str]) -> None:
        """The program(s) a transaction starts (its CSD definition); a transaction STARTed from the flow
        has a flow of its own, so its program is shown and not walked here."""
        for _, program, data in self.graph.out_edges(transaction, data=True):
            if data.get("kind") == "starts" and self.kind(program) in ("program", "external"):
                handover = self.handover(flow, program)
                if flow.add_node(self.node(program, PROGRAM, depth + 1, handover)) and self.kind(program) == "program" and not handover:
                    queue.append(program)
                flow.add_edge(transaction, program, "start", "starts")

    def handover(self, flow: Flow, program: str) -> str:
        """A note when ``program`` is where another transaction's flow begins. An XCTL to it is the
        pseudo-conversational hand-over: that program shows its screen and returns to its own
        transaction, whose flow goes on from there; walking it here too would make every flow of a
        menu-driven application the whole application."""
        owners = self.owners.get(program, set())
        if not owners or flow.entry in owners:
            return ""
        return f"entry of {', '.join(sorted(node_name(self.graph, t) for t in owners))}: own flow"

    def walk(self, flow: Flow, queue: deque[str]) -> None:
        """Breadth-first from the queued programs; each program is expanded once."""
        while queue:
            program = queue.popleft()
            depth = flow.nodes[program].depth
            for _, target, data in self.graph.out_edges(program, data=True):
                kind, target_kind = data.get("kind"), self.kind(target)
                if kind == "calls" and target_kind == "external" and self.graph.nodes[target].get("system"):
                    self.system_call(flow, program, target, depth)
                elif kind == "calls" and target_kind in ("program", "external"):
                    via = str(data.get("via", ""))
                    handover = self.handover(flow, target) if via == "cics-xctl" else ""
                    new = flow.add_node(self.node(target, PROGRAM, depth + 1, handover))
                    if new and target_kind == "program" and via not in NOT_WALKED and not handover:
                        queue.append(target)
                    flow.add_edge(program, target, "call", CALL_LABELS.get(via, via.upper()))
                elif kind == "starts" and target_kind == "transaction":
                    if flow.add_node(self.node(target, TRANSACTION, depth + 1)):
                        self.start(flow, target, depth + 1, queue)
                    flow.add_edge(program, target, "start", START_LABELS.get(str(data.get("via")), "START"))
                elif kind == "returns-to" and target_kind == "transaction":
                    flow.add_node(self.node(target, NEXT, depth + 1))
                    flow.add_edge(program, target, NEXT, NEXT_SCREEN)
                elif kind in ("reads", "writes") and target_kind in STORE_KINDS and not data.get("step"):
                    if self.graph.nodes[target].get("library"):
                        continue
                    use = self.uses.get((program, str(data.get("file", "")).upper()))
                    flow.add_node(self.node(target, DATA, depth + 1))
                    flow.add_edge(program, target, DATA, *sorted(store_letters(kind, data, use)))
                elif kind == "shows" and target_kind == "screen":
                    flow.add_node(self.node(target, SCREEN, depth + 1))
                    command = str(data.get("command", "")).upper()
                    flow.add_edge(program, target, SCREEN, command.split()[0] if command else "SEND")

    def system_call(self, flow: Flow, program: str, target: str, depth: int) -> None:
        """The system programs a program calls (MQ, Language Environment, DB2 services…) as one box:
        the platform's API, not the estate's flow."""
        box = f"system:{program}"
        name = node_name(self.graph, target)
        current = flow.nodes.get(box)
        if current is None:
            flow.add_node(FlowNode(box, "external", name, PROGRAM, depth + 1, "system programs"))
        elif name not in current.name.split(", "):
            flow.nodes[box] = replace(current, name=f"{current.name}, {name}")
        flow.add_edge(program, box, "call", "CALL")

    def job(self, node: str) -> Flow:
        flow = Flow("job", node_name(self.graph, node), node)
        flow.add_node(self.node(node, ENTRY, 0))
        steps = [v for _, v, d in self.graph.out_edges(node, data=True) if d.get("kind") == "contains" and self.kind(v) == "step"]
        steps.sort(key=lambda step: self.step_order.get(step, len(self.step_order)))
        procs = self.procs(node)
        queue: deque[str] = deque()
        previous = node
        for step in dict.fromkeys(steps):
            executes = [(v, d) for _, v, d in self.graph.out_edges(step, data=True) if d.get("kind") == "executes"]
            programs = [(v, d) for v, d in executes if self.kind(v) == "program"]
            flow.add_node(replace(self.node(step, STEP, 1, self.step_note(step, executes, programs, procs)),
                                  name=node_name(self.graph, step).removeprefix(f"{flow.name}.")))
            flow.add_edge(previous, step, "then")
            previous = step
            for program, data in programs:
                if flow.add_node(self.node(program, PROGRAM, 2)):
                    queue.append(program)
                flow.add_edge(step, program, "executes", EXEC_LABELS.get(str(data.get("via")), "EXEC"))
            self.step_data(flow, step, [p for p, _ in programs])
        self.walk(flow, queue)
        return flow

    def procs(self, job: str) -> dict[str, str]:
        """Procedure step name -> the PROC that holds it, for the PROCs the job runs."""
        found: dict[str, str] = {}
        for _, proc, data in self.graph.out_edges(job, data=True):
            if data.get("kind") == "executes" and self.kind(proc) == "proc":
                name = node_name(self.graph, proc)
                for _, step, d in self.graph.out_edges(proc, data=True):
                    if d.get("kind") == "contains":
                        found.setdefault(node_name(self.graph, step).rsplit(".", 1)[-1], name)
                found.setdefault("", name)  # an in-stream PROC whose steps the graph does not list
        return found

    def step_note(self, step: str, executes: list[tuple[str, dict]], programs: list[tuple[str, dict]], procs: dict[str, str]) -> str:
        """What a step runs when it is no program of the estate, and the PROC a procedure step comes from."""
        parts = node_name(self.graph, step).split(".")
        notes = []
        if len(parts) > 2:
            proc = procs.get(parts[-1]) or procs.get("")
            notes.append(f"PROC {proc}" if proc else "PROC step")
        if not programs:
            for target, _ in executes:
                name = node_name(self.graph, target)
                what = "PROC" if self.kind(target) == "proc" else target_note(self.graph, target) or self.kind(target)
                notes.append(f"runs {name} ({what})")
        return "; ".join(notes)

    def step_data(self, flow: Flow, step: str, programs: list[str]) -> None:
        """The datasets a step's DD statements (and IDCAMS commands) allocate, with their letters."""
        step_name = node_name(self.graph, step)
        by_program: dict[str, set[str]] = {}
        for program in programs:
            for _, target, data in self.graph.out_edges(program, data=True):
                if data.get("kind") in ("reads", "writes") and data.get("step") == step_name:
                    use = self.uses.get((program, str(data.get("file", "")).upper()))
                    by_program.setdefault(target, set()).update(store_letters(data["kind"], data, use))
        for _, target, data in self.graph.out_edges(step, data=True):
            kind = data.get("kind")
            if kind not in ("reads", "writes") or self.kind(target) not in STORE_KINDS or self.graph.nodes[target].get("library"):
                continue
            letters = disp_letters(kind, data)
            if target in by_program:
                letters = by_program[target] | (letters & {"C", "D"})
            flow.add_node(self.node(target, DATA, 2))
            flow.add_edge(step, target, DATA, *sorted(letters))


def build_flows(graph: nx.MultiDiGraph, modules: list[Module]) -> list[Flow]:
    """Every transaction's and job's flow, transactions first, each sorted by name."""
    builder = FlowBuilder(graph, modules)
    return [builder.transaction(t) for t in builder.transactions()] + [builder.job(j) for j in builder.jobs()]


def core_depth(flow: Flow) -> int:
    return max((n.depth for n in flow.nodes.values() if n.role in CORE_ROLES), default=0)


def fold_data(flow: Flow) -> Flow:
    """The same flow with each program's (or step's) data stores as one node: the first thing to go
    when a flow is too big to draw, since the stores are also on the CRUD page."""
    folded = Flow(flow.kind, flow.name, flow.entry, folded=True, omitted=flow.omitted)
    groups: dict[str, list[FlowEdge]] = {}
    for edge in flow.edges:
        if edge.role == DATA:
            groups.setdefault(edge.source, []).append(edge)
    for node in flow.nodes.values():
        if node.role != DATA:
            folded.add_node(node)
    for edge in flow.edges:
        if edge.role != DATA:
            folded.add_edge(edge.source, edge.target, edge.role, *edge.labels)
    for source, edges in groups.items():
        names = [f"{flow.nodes[e.target].name} {e.label}" for e in edges]
        shown = ", ".join(names[:6]) + (f", … {len(names) - 6} more" if len(names) > 6 else "")
        fold = FlowNode(f"data:{source}", "data", f"{len(names)} data stores", DATA, flow.nodes[source].depth + 1, shown)
        folded.add_node(fold)
        folded.add_edge(source, fold.id, DATA, *sorted({letter for e in edges for letter in e.labels}))
    return folded


def cut(flow: Flow, keep: set[str], what: str) -> Flow:
    """The flow with only the core nodes in ``keep`` (and what hangs off them), and one node saying
    how many ``what`` (programs, steps) were left out, reached from where they were cut."""
    dropped = [n for n in flow.nodes.values() if n.role in CORE_ROLES and n.id not in keep]
    if not dropped:
        return flow
    result = Flow(flow.kind, flow.name, flow.entry, folded=flow.folded, omitted=len(dropped))
    hanging = {e.target for e in flow.edges if e.source in keep and e.role in (DATA, SCREEN, NEXT)}
    for node in flow.nodes.values():
        if node.id in keep or (node.role not in CORE_ROLES and node.id in hanging):
            result.add_node(node)
    more = FlowNode("more:", MORE, f"… {len(dropped)} more {what}", MORE, max(n.depth for n in result.nodes.values()) + 1,
                    "left out so the flow stays within what Mermaid draws")
    result.add_node(more)
    for edge in flow.edges:
        if edge.source in result.nodes and edge.target in result.nodes:
            result.add_edge(edge.source, edge.target, edge.role, *edge.labels)
        elif edge.source in result.nodes and edge.target not in result.nodes and edge.role in CORE_EDGE_ROLES:
            result.add_edge(edge.source, more.id, MORE, "…")
    return result


def within_depth(flow: Flow, depth: int) -> set[str]:
    return {n.id for n in flow.nodes.values() if n.role in CORE_ROLES and n.depth <= depth}


def first_steps(flow: Flow, count: int) -> set[str]:
    """The entry, the first ``count`` steps and the programs they run directly."""
    steps = [n.id for n in flow.nodes.values() if n.role == STEP][:count]
    kept = {flow.entry, *steps}
    kept |= {e.target for e in flow.edges if e.source in kept and e.role == "executes"}
    return kept
