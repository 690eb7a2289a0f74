"""Questions the graph answers exactly: who reads or writes a dataset or table, who calls a
program, what it calls, what depends on a module, which plan step replaces it; and, for a question
that names kinds rather than a module ("which programs call other programs?"), the same across the
estate.

``structured_question`` recognises these in plain English or Dutch ("which programs update the
BETALING table?", "wat raakt een wijziging van copybook TSLPERS?"); anything else goes to search.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from modernize.graph.analyze import find_nodes
from modernize.graph.analyze import impact as impact_paths
from modernize.model import NodeKind
from modernize.pipeline.estate import Estate

PROGRAM_KINDS = ("program",)
# The kind a question gives its name, beside it ("the ACCOUNT table", "tabel ACCOUNT", "copybook
# TSLPERS"), English and Dutch: a copybook, a table and a file of one name are three nodes.
KIND_WORDS: dict[tuple[str, ...], str] = {
    (NodeKind.TABLE,): r"tables?|tabel(?:len)?|views?",
    (NodeKind.FILE, NodeKind.DATASET): r"files?|bestand(?:en)?|vsam",
    (NodeKind.DATASET,): r"datasets?|data\s+sets?",
    (NodeKind.COPYBOOK,): r"copybooks?|copy\s+members?",
    (NodeKind.PROGRAM,): r"programs?|programma(?:'?s)?|modules?",
    (NodeKind.TRANSACTION,): r"transactions?|transacties?",
    (NodeKind.JOB,): r"jobs?",
    (NodeKind.SCREEN, NodeKind.MAPSET): r"screens?|maps?|schermen|scherm|mapsets?",
    (NodeKind.QUEUE,): r"queues?|wachtrij(?:en)?",
    (NodeKind.SEGMENT,): r"segments?|segmenten",
    (NodeKind.DATABASE,): r"databases?",
}
ARTICLE = r"(?:(?:the|de|het|een|a|an)\s+)?"
# What each question asks about when it does not say: data is read and written, code is called.
DATA_KINDS = (NodeKind.TABLE, NodeKind.FILE, NodeKind.DATASET, NodeKind.QUEUE, NodeKind.SEGMENT, NodeKind.DATABASE)
CODE_KINDS = (NodeKind.PROGRAM, NodeKind.TRANSACTION, NodeKind.JOB, NodeKind.PROC, NodeKind.EXTERNAL)
QUESTION_KINDS: dict[str, tuple[str, ...]] = {"readers": DATA_KINDS, "writers": DATA_KINDS, "callers": CODE_KINDS, "callees": CODE_KINDS,
                                              "read-by": CODE_KINDS, "written-by": CODE_KINDS}


@dataclass
class GraphAnswer:
    """An exact answer: what was asked, about which node, and the nodes (with how) that answer it."""

    question: str
    kind: str
    node: str | None
    items: list[dict[str, Any]] = field(default_factory=list)
    message: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "node": self.node, "items": self.items, "message": self.message}


def edges_into(estate: Estate, node: str, kinds: tuple[str, ...]) -> list[dict[str, Any]]:
    return related(estate, estate.graph.in_edges(node, data=True), 0, kinds)


def edges_out_of(estate: Estate, node: str, kinds: tuple[str, ...]) -> list[dict[str, Any]]:
    return related(estate, estate.graph.out_edges(node, data=True), 1, kinds)


def related(estate: Estate, edges: Any, end: int, kinds: tuple[str, ...]) -> list[dict[str, Any]]:
    """The nodes at ``end`` (0 source, 1 target) of ``edges`` of these kinds, one entry per node and
    relation, with every mechanism and source line that supports it."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for edge in edges:
        data = edge[2]
        if data.get("kind") not in kinds:
            continue
        other = edge[end]
        entry = found.setdefault((other, data["kind"]), {"node": other, "kind": estate.graph.nodes[other].get("kind"),
                                                         "relation": data["kind"], "via": set(), "lines": set()})
        entry["via"].add(data.get("via") or "")
        if data.get("line"):
            entry["lines"].add(f"{data.get('path')}:{data.get('line')}")
    return [finish(e) for _, e in sorted(found.items())]


def finish(entry: dict[str, Any]) -> dict[str, Any]:
    entry["via"] = sorted(v for v in entry["via"] if v)
    entry["lines"] = sorted(entry["lines"])
    return entry


def resolve(estate: Estate, name: str, kind: str) -> tuple[str | None, GraphAnswer | None]:
    node = estate.node(name)
    if node is None:
        return None, GraphAnswer(name, kind, None, message=f"{name} is not in the estate")
    return node, None


def readers(estate: Estate, name: str) -> GraphAnswer:
    """Programs (and job steps, utilities) that read a dataset, table, file or queue."""
    node, missing = resolve(estate, name, "readers")
    if missing:
        return missing
    if estate.graph.nodes[node].get("kind") in (NodeKind.COPYBOOK, NodeKind.JCLINCLUDE):
        return GraphAnswer(name, "includers", node, edges_into(estate, node, ("includes",)))  # a copybook is used by COPY
    return GraphAnswer(name, "readers", node, edges_into(estate, node, ("reads",)))


def writers(estate: Estate, name: str) -> GraphAnswer:
    node, missing = resolve(estate, name, "writers")
    return missing or GraphAnswer(name, "writers", node, edges_into(estate, node, ("writes",)))


def read_by(estate: Estate, name: str) -> GraphAnswer:
    """The tables, files, data sets and queues a program (or job step, transaction) reads."""
    node, missing = resolve(estate, name, "read-by")
    return missing or GraphAnswer(name, "read-by", node, edges_out_of(estate, node, ("reads",)))


def written_by(estate: Estate, name: str) -> GraphAnswer:
    node, missing = resolve(estate, name, "written-by")
    return missing or GraphAnswer(name, "written-by", node, edges_out_of(estate, node, ("writes",)))


def callers(estate: Estate, name: str) -> GraphAnswer:
    """Who calls, links to, transfers to, starts or runs this module."""
    node, missing = resolve(estate, name, "callers")
    return missing or GraphAnswer(name, "callers", node, edges_into(estate, node, ("calls", "starts", "executes")))


def callees(estate: Estate, name: str) -> GraphAnswer:
    node, missing = resolve(estate, name, "callees")
    return missing or GraphAnswer(name, "callees", node, edges_out_of(estate, node, ("calls", "starts", "executes")))


def impact(estate: Estate, name: str, include_navigation: bool = False) -> GraphAnswer:
    """Everything that depends on the module, transitively, with the path through which; the screens
    a conversation moves on to (RETURN TRANSID) only with ``include_navigation``."""
    node, missing = resolve(estate, name, "impact")
    if missing:
        return missing
    items = [{"node": dependant, "kind": estate.graph.nodes[dependant].get("kind"), "path": path}
             for dependant, path in impact_paths(estate.graph, node, include_navigation).items()]
    return GraphAnswer(name, "impact", node, items)


def plan_step(estate: Estate, name: str) -> GraphAnswer:
    """The plan step that replaces the module (or, for data, the steps that use it)."""
    node, missing = resolve(estate, name, "plan-step")
    if missing:
        return missing
    items = []
    for step in estate.plan.steps:
        role = ("replaces" if node in step.programs or node in step.copybooks else "owns" if node in step.owned_data
                else "shares" if node in step.shared_data else None)
        if role:
            items.append({"step": step.id, "title": step.title, "wave": step.wave, "role": role, "depends_on": step.depends_on})
    return GraphAnswer(name, "plan-step", node, items)


QUERIES = {"readers": readers, "writers": writers, "callers": callers, "callees": callees, "impact": impact, "plan-step": plan_step,
           "read-by": read_by, "written-by": written_by}

# Question kinds by their verbs, English and Dutch; the first that matches wins (order matters:
# "what does X call" asks for callees, "who calls X" for callers; "what does X read" for what X reads).
PATTERNS: list[tuple[str, re.Pattern[str]]] = [(kind, re.compile(pattern, re.I)) for kind, pattern in [
    ("callees", r"\b(?:what|which)\b[\w' ]{0,40}?\s(?:does|do|did)\s+\S+\s+(?:call|invoke|link\s+to|start|run|execute|transfer\s+to)\b"
                r"|\b(?:called|invoked|started|run|executed)\s+by\b|\bcallees\b|\bwat\s+roept\s+\S+\s+aan\b"
                r"|\b(?:welke|wat)\b[\w' ]{0,40}?\s(?:roept|start|draait)\s+\S+\s+(?:aan|op)\b"),
    # "which tables does X read" asks what X reads, "who reads X" who reads it.
    ("written-by", r"\b(?:what|which)\b[\w' ]{0,40}?\s(?:does|do|did)\s+\S+\s+(?:write|update|change|modify|insert|delete|fill)\b"),
    ("read-by", r"\b(?:what|which)\b[\w' ]{0,40}?\s(?:does|do|did)\s+\S+\s+(?:read|use|select|query|access)\b"),
    ("plan-step", r"\b(?:plan\s+)?step\b|\b(?:plan)?stap\b"),
    ("impact", r"\b(?:breaks?|affected|impacted|impact|depends?\s+on|raakt|geraakt|breekt|afhankelijk)\b"),
    ("writers", r"\b(?:writes?|writers?|updates?|changes|modif(?:y|ies)|inserts?|deletes?|fills?|schrijft|schrijven|wijzigt|wijzigen"
                r"|muteert|muteren|vult|vullen|bijwerkt|bijwerken)\b"),
    ("readers", r"\b(?:reads?|readers?|uses?|selects?|quer(?:y|ies)|leest|lezen|gebruikt|gebruiken|raadpleegt|raadplegen)\b"),
    ("callers", r"\b(?:calls?|callers?|invokes?|links?\s+to|runs?|starts?|executes?|roept|roepen|starten|draait|draaien)\b"),
]]
QUESTION_WORDS = re.compile(r"\b(?:which|what|who|whom|where|welke|wie|wat|waar|in\s+welke|callers|callees|readers|writers|impact)\b", re.I)
TOKEN = re.compile(r"[A-Za-z0-9@#$][\w@#$.-]*[\w@#$]|[A-Za-z0-9]")


RE_KIND_WORD = re.compile("|".join(f"(?:{words})" for words in KIND_WORDS.values()), re.I)


def named_node(estate: Estate, question: str) -> str | None:
    """The estate name the question is about: a token that is a node, written in capitals first. A
    kind word written small ("which jobs run programs?") is the kind, even where a node has its name."""
    tokens = [t.rstrip(".") for t in TOKEN.findall(question)]
    found = [(not token.isupper(), index, token) for index, token in enumerate(tokens)
             if len(token) > 1 and not (not token.isupper() and RE_KIND_WORD.fullmatch(token)) and estate.node(token) is not None]
    return min(found)[2] if found else None


def named_kinds(question: str, name: str) -> tuple[str, ...]:
    """The node kinds the question gives the name, by a kind word right before or after it."""
    escaped = re.escape(name)
    for kinds, words in KIND_WORDS.items():
        if re.search(rf"\b(?:{words})\s+{ARTICLE}{escaped}(?![\w-])|(?<![\w-]){escaped}\s+(?:{words})\b", question, re.I):
            return kinds
    return ()


# Estate-wide questions name no node: "which programs call other programs?", "welke programma's
# schrijven tabellen?". Per question kind: the edges, and which end is the answer (0: who does it).
ESTATE_EDGES: dict[str, tuple[tuple[str, ...], int]] = {
    "callers": (("calls", "starts", "executes"), 0), "callees": (("calls", "starts", "executes"), 1),
    "writers": (("writes",), 0), "written-by": (("writes",), 0), "readers": (("reads",), 0), "read-by": (("reads",), 0),
}
ESTATE_TARGETS = {"callers": CODE_KINDS, "callees": CODE_KINDS, "writers": DATA_KINDS, "written-by": DATA_KINDS,
                  "readers": DATA_KINDS, "read-by": DATA_KINDS}


def kinds_named(question: str) -> list[tuple[str, ...]]:
    """The node kinds the question's kind words name, in the order they stand ("programs … tables")."""
    found = []
    for kinds, words in KIND_WORDS.items():
        found += [(match.start(), kinds) for match in re.finditer(rf"\b(?:{words})(?![\w-])", question, re.I)]
    return [kinds for _, kinds in sorted(found)]


def estate_answer(estate: Estate, question: str, kind: str) -> GraphAnswer | None:
    """Who calls (reads, writes) what across the estate, one item per node that does it (or, for
    "called by", that undergoes it) with the other ends: for a question that names kinds, not a node.
    The first kind word is who does it, the second what it is done to ("which jobs run programs")."""
    if kind not in ESTATE_EDGES:
        return None
    named = kinds_named(question)
    if not named:
        return None
    edge_kinds, end = ESTATE_EDGES[kind]
    doers, objects = named[0], named[1] if len(named) > 1 else ESTATE_TARGETS[kind]
    if end == 1:  # "which programs are called by other programs": the first kind word is called
        doers, objects = objects if len(named) > 1 else CODE_KINDS, named[0]
    doers = (*doers, NodeKind.STEP) if NodeKind.JOB in doers else doers  # a job runs its programs in its steps
    graph = estate.graph
    found: dict[str, dict[str, Any]] = {}
    for source, target, data in graph.edges(data=True):
        if data.get("kind") not in edge_kinds:
            continue
        if graph.nodes[source].get("kind") not in doers or graph.nodes[target].get("kind") not in objects or source == target:
            continue
        node, other = (source, target) if end == 0 else (target, source)
        entry = found.setdefault(node, {"node": node, "kind": graph.nodes[node].get("kind"), "relation": data["kind"], "others": set(), "lines": set()})
        entry["others"].add(other)
        if data.get("line") and end == 0:
            entry["lines"].add(f"{data.get('path')}:{data.get('line')}")
    items = [dict(entry, others=sorted(entry["others"]), lines=sorted(entry["lines"])) for entry in found.values()]
    items.sort(key=lambda item: (-len(item["others"]), item["node"]))
    return GraphAnswer(question, f"estate-{kind}", None, items, message="" if items else "nothing in the estate does that")


def structured_answers(estate: Estate, question: str) -> list[GraphAnswer]:
    """The exact graph answers when the question is one the graph answers and names a node in it: one
    per node the name can mean for this question ("the ACCOUNT table" is the table, "who writes
    PROCTRAN" the data called PROCTRAN, never the copybook of that name)."""
    if not QUESTION_WORDS.search(question):
        return []
    name = named_node(estate, question)
    if name is None:
        if any(len(token) > 1 and token.isupper() for token in TOKEN.findall(question)):
            return []  # a name in capitals the estate does not have ("the ACCOUNT table"): not a question about all
        kind = next((kind for kind, pattern in PATTERNS if pattern.search(question)), None)
        answer = estate_answer(estate, question, kind) if kind else None
        return [answer] if answer is not None else []
    for kind, pattern in PATTERNS:
        if pattern.search(question):
            nodes = find_nodes(estate.graph, name, named_kinds(question, name) or QUESTION_KINDS.get(kind, ()))
            answers: list[GraphAnswer] = []
            for node in nodes or [name]:
                if kind == "callers" and estate.graph.has_node(node) and estate.graph.nodes[node].get("kind") == NodeKind.TRANSACTION:
                    answers.append(callees(estate, node))  # "which program runs transaction X": its program first, then its starters
                answers.append(QUERIES[kind](estate, node))
            return answers
    return []


def structured_question(estate: Estate, question: str) -> GraphAnswer | None:
    """The first of ``structured_answers`` (None when the graph does not answer the question)."""
    answers = structured_answers(estate, question)
    return answers[0] if answers else None
