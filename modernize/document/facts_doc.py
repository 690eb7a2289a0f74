"""Fact-based module documents (Markdown, English or Dutch): always right because computed.

Everything comes from the module's facts and the dependency graph: the header comments as stated
purpose, entry points and LINKAGE layouts, inputs and outputs (datasets through the JCL join,
tables, screens, queues) and the other modules that share them (programs, Java classes), callers and
callees, the jobs, transactions and REST APIs that run the module, data layouts, the PERFORM
structure, business rules and risk flags. Java classes and z/OS Connect services and APIs have
documents of their own: what they read, write and call. Every statement names a path and line.
Text from sources is escaped, never interpreted as Markdown or HTML.
"""

from __future__ import annotations

import functools
import re
import weakref
from collections.abc import Callable
from typing import Any

import networkx as nx

from modernize.document.i18n import labels
from modernize.escape import md_code, md_fence, md_text, mermaid_label
from modernize.graph.analyze import NAVIGATION_EDGES
from modernize.model import Module, Reference, Symbol, symbolic_display
from modernize.output import safe_stem

MAX_DATA_ROWS = 400
MERMAID_MAX_PARAGRAPHS = 40
MAX_SHARERS = 12  # other users named per shared data store
DATA_KINDS = ("dataset", "table", "file", "queue")
RUNNER_KINDS = ("job", "transaction", "api")  # what runs a module: batch, a terminal, a REST call


def md(text: Any) -> str:
    """Source text as inert Markdown: every character Markdown or HTML could act on is escaped."""
    return md_text(text)


def where(path: str | None, line: int | None) -> str:
    """``path:line`` as a code span that no backtick in the path can close."""
    if not path:
        return ""
    if not line:
        return md_code(path)
    opening, closing = span_ends(path)
    return f"{opening}:{line}{closing}"


@functools.lru_cache(maxsize=16_384)
def span_ends(path: str) -> tuple[str, str]:
    """What comes before and after ``:line`` in ``md_code(f"{path}:{line}")``: the path decides the
    backticks and the padding, the line never does (a large estate has a million data items to place)."""
    span = md_code(f"{path}:0")
    cut = span.rindex(":0")
    return span[:cut], span[cut + 2 :]


class Document:
    """Accumulates Markdown lines; small helpers keep the section code readable."""

    def __init__(self, t: Callable[[str], str]):
        self.t = t
        self.lines: list[str] = []

    def heading(self, level: int, key: str, suffix: str = "") -> None:
        self.lines += ["", "#" * level + " " + self.t(key) + suffix, ""]

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def table(self, headers: list[str], rows: list[list[str]]) -> None:
        if not rows:
            self.add(f"_{self.t('none')}_")
            return
        self.add("| " + " | ".join(self.t(h) for h in headers) + " |", "|" + "---|" * len(headers))
        for row in rows:
            self.add("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")

    def text(self) -> str:
        return "\n".join(self.lines).strip() + "\n"


def graph_edges(graph: nx.MultiDiGraph, node: str, direction: str) -> list[tuple[str, dict[str, Any]]]:
    if node not in graph:
        return []
    if direction == "out":
        edges = [(v, d) for _, v, d in graph.out_edges(node, data=True)]
    else:
        edges = [(u, d) for u, _, d in graph.in_edges(node, data=True)]
    return sorted(edges, key=lambda e: (e[1].get("kind", ""), e[0], e[1].get("path") or "", e[1].get("line") or 0))


def label(graph: nx.MultiDiGraph, node: str, t: Callable[[str], str] | None = None) -> str:
    """``kind NAME``; a data set whose name holds unresolved symbols as ``dataset {HLQ}.DATA (symbolic)``."""
    data = graph.nodes.get(node, {})
    text = f"{data.get('kind', node.split(':', 1)[0])} {md(data.get('display') or data.get('name', node.split(':', 1)[-1]))}"
    return text + f" ({(t or str)('symbolic')})" if data.get("symbolic") else text


def dataset_text(reference: Reference, t: Callable[[str], str]) -> str:
    """A job's data set as written, symbols shown as ``{NAME}``, libraries said to be libraries."""
    text = md(symbolic_display(reference.target, reference.symbols)) if reference.symbolic else md(reference.target)
    notes = [t(note) for note, flag in (("symbolic", reference.symbolic), ("library", reference.library)) if flag]
    return text + (f" ({', '.join(notes)})" if notes else "")


RUN_EDGE_KINDS = frozenset(("calls", "executes", "starts", "contains"))
_RUNNERS: weakref.WeakKeyDictionary[nx.MultiDiGraph, dict[bool, dict[str, list[str]]]] = weakref.WeakKeyDictionary()


def runners(graph: nx.MultiDiGraph, node: str, include_navigation: bool = False) -> list[str]:
    """Jobs, transactions and z/OS Connect APIs from which this module is reached through
    executes/starts/calls; the screens a conversation moves on to (RETURN TRANSID, ``returns-to``)
    only with ``include_navigation``.

    Computed for every node at once and kept per graph: a search per program was quadratic and
    took two minutes on a million-line estate."""
    indexes = _RUNNERS.setdefault(graph, {})
    index = indexes.get(include_navigation)
    if index is None:
        index = indexes[include_navigation] = runners_index(graph, include_navigation)
    return index.get(node, [])


def runners_index(graph: nx.MultiDiGraph, include_navigation: bool = False) -> dict[str, list[str]]:
    """node -> the jobs, transactions and APIs it is run from, by one pass over the call graph's
    strongly connected components in topological order (a bit per job, transaction or API)."""
    kinds = RUN_EDGE_KINDS | NAVIGATION_EDGES if include_navigation else RUN_EDGE_KINDS
    reach = nx.DiGraph()
    reach.add_edges_from((u, v) for u, v, kind in graph.edges(data="kind") if kind in kinds)
    starters = sorted(n for n in reach if graph.nodes[n].get("kind") in RUNNER_KINDS)
    bit = {n: 1 << i for i, n in enumerate(starters)}
    condensed = nx.condensation(reach)
    own = {c: sum(bit.get(n, 0) for n in members) for c, members in condensed.nodes(data="members")}
    reached: dict[int, int] = {}
    for component in nx.topological_sort(condensed):
        reached[component] = 0
        for predecessor in condensed.predecessors(component):
            reached[component] |= reached[predecessor] | own[predecessor]
    index = {}
    for component, members in condensed.nodes(data="members"):
        inside = own[component] if len(members) > 1 else 0  # a cycle reaches its own members
        for node in members:
            mask = (reached[component] | inside) & ~bit.get(node, 0)
            if mask:
                index[node] = [name for name in starters if mask & bit[name]]
    return index


def channel_note(data: dict[str, Any], t: Callable[[str], str]) -> str:
    """`` (channel X: containers A, B)`` for a CICS command that passes a channel."""
    if not data.get("channel"):
        return ""
    containers = data.get("containers") or []
    listed = f": {t('containers')} {', '.join(md(c) for c in containers)}" if containers else ""
    return f" ({t('channel')} {md(data['channel'])}{listed})"


def transaction_move(kind: str, via: str, target: str, t: Callable[[str], str]) -> str:
    """What a program does with a transaction, in words: the next screen of its conversation, or an
    asynchronous start."""
    if kind in NAVIGATION_EDGES:
        return f"{t('returns to')} {target} ({t('next screen')}, RETURN TRANSID)"
    if via == "cics-run":
        return f"{t('runs')} {target} {t('asynchronously, as a child task')} (RUN TRANSID)"
    if via == "cics-start":
        return f"{t('starts')} {target} {t('asynchronously')} (START TRANSID)"
    return f"{t(kind)} {target}"


def transaction_lines(graph: nx.MultiDiGraph, node: str, t: Callable[[str], str]) -> list[str]:
    """A program's transactions: the next screens it returns to and those it starts, each once with
    every place it is written."""
    places: dict[tuple[str, str, str, str], list[str]] = {}
    for target, data in graph_edges(graph, node, "out"):
        if graph.nodes[target].get("kind") == "transaction" and data.get("kind") in ("starts", *NAVIGATION_EDGES):
            key = (data["kind"], data.get("via", ""), target, channel_note(data, t))
            places.setdefault(key, []).append(where(data.get("path"), data.get("line")))
    return [f"- {transaction_move(kind, via, label(graph, target) + unresolved_note(graph, target, t), t)}{note} ({', '.join(dict.fromkeys(found))})"
            for (kind, via, target, note), found in sorted(places.items(), key=lambda item: (item[0][0] != "returns-to", item[0]))]


def unresolved_note(graph: nx.MultiDiGraph, node: str, t: Callable[[str], str]) -> str:
    """`` (unresolved, like TA0*)`` for a target only known at run time: its node is the variable."""
    data = graph.nodes[node]
    if not data.get("unresolved"):
        return ""
    return f" ({t('unresolved')}" + (f", {t('like')} {md(data['pattern'])})" if data.get("pattern") else ")")


def shared_rows(graph: nx.MultiDiGraph, node: str, t: Callable[[str], str]) -> list[list[str]]:
    """Each data store the module reads or writes that other modules (programs, Java classes) read or
    write too, with those modules and what they do with it; job steps are left out (the programs
    they run say it), so are libraries."""
    rows = []
    sharers = store_users(graph)
    stores = sorted({v for _, v, d in graph.out_edges(node, data=True) if d.get("kind") in ("reads", "writes") and v in sharers})
    for store in stores:
        uses = {user: kinds for user, kinds in sharers[store].items() if user != node}
        if not uses:
            continue
        shown = sorted(uses)[:MAX_SHARERS]  # a table a thousand programs use: only those shown are labelled
        named = [f"{label(graph, user)} ({', '.join(sorted(t(kind) for kind in uses[user]))})" for user in shown]
        more = f" (+{len(uses) - MAX_SHARERS})" if len(uses) > MAX_SHARERS else ""
        rows.append([label(graph, store, t), ", ".join(named) + more])
    return rows


_STORE_USERS: weakref.WeakKeyDictionary[nx.MultiDiGraph, dict[str, dict[str, set[str]]]] = weakref.WeakKeyDictionary()


def store_users(graph: nx.MultiDiGraph) -> dict[str, dict[str, set[str]]]:
    """Data store (not a library) -> the modules (no job steps) that read or write it -> how, once
    per graph: a table a thousand programs use was otherwise walked again for each of them."""
    found = _STORE_USERS.get(graph)
    if found is None:
        found = {}
        for user, store, data in graph.edges(data=True):
            kind = data.get("kind")
            if kind not in ("reads", "writes") or graph.nodes[store].get("kind") not in DATA_KINDS or graph.nodes[store].get("library"):
                continue
            found.setdefault(store, {})
            if graph.nodes[user].get("kind") not in ("step", "job", "proc"):
                found[store].setdefault(user, set()).add(kind)
        _STORE_USERS[graph] = found
    return found


def io_rows(graph: nx.MultiDiGraph, node: str, t: Callable[[str], str]) -> list[list[str]]:
    """What the module reads, writes, shows and defines, how and where."""
    rows = []
    for target, data in graph_edges(graph, node, "out"):
        if data.get("kind") not in ("reads", "writes", "shows", "defines"):
            continue
        detail = []
        if data.get("ddname"):
            detail.append(f"DD {md(data['ddname'])}")
        if data.get("step"):
            detail.append(f"{t('step')} {md(data['step'])}")
        if data.get("operation"):
            detail.append(md(data["operation"]))
        if data.get("command"):
            detail.append(md(data["command"]))
        rows.append([t(data["kind"]), label(graph, target, t), md(data.get("via", "")) + (f" ({', '.join(detail)})" if detail else ""), where(data.get("path"), data.get("line"))])
    return dedupe_rows(rows)


def caller_rows(graph: nx.MultiDiGraph, node: str) -> list[list[str]]:
    return [[label(graph, source), md(data.get("via", "")), where(data.get("path"), data.get("line"))]
            for source, data in graph_edges(graph, node, "in") if data.get("kind") in ("calls", "executes", "starts")]


def condition_names(module: Module) -> dict[str, str]:
    """88-level name -> 'PARENT = values', so a rule reads with what its condition names mean."""
    names: dict[str, str] = {}
    for symbol in module.symbols:
        if symbol.kind != "data":
            continue
        for name, values in symbol.layout.conditions.items():
            shown = " ".join(f"'{v}'" if v not in ("THRU", "SPACE", "SPACES", "ZERO", "ZEROS", "ZEROES", "HIGH-VALUES", "LOW-VALUES") and not v.lstrip("+-").replace(".", "").replace(",", "").isdigit() else v for v in values)
            names[name] = f"{symbol.name} = {shown}"
    return names


def readable_condition(condition: str, meanings: dict[str, str]) -> str:
    words = []
    for word in condition.split(" "):
        if word in meanings:
            words.append(f"{md(word)} [{md(meanings[word])}]")
        else:
            words.append(md(word))
    return " ".join(words)


def cell(value: int | str | None) -> str:
    """A number of a layout as a cell: empty where the facts hold none."""
    return "" if value is None else str(value)


def data_rows(symbols: list[Symbol], sections: tuple[str, ...]) -> list[list[str]]:
    rows = []
    for symbol in symbols:
        if symbol.kind != "data":
            continue
        layout = symbol.layout
        if layout.level == 88 or layout.section not in sections:
            continue
        indent = "&nbsp;" * 2 * max(0, (layout.level // 5 if layout.level not in (1, 77) else 0))
        rows.append([
            f"{layout.level:02}",
            indent + md(symbol.name),
            md(layout.picture or ""),
            md(layout.usage or ""),
            cell(layout.offset),
            cell(layout.length),
            cell(layout.occurs),
            where(symbol.path, symbol.line),
        ])
    return rows


def source_head(doc: Document, module: Module, t: Callable[[str], str]) -> None:
    """The title and the source line every document of code (a program, a Java class) starts with."""
    doc.add(f"# {t(module.kind)} {md(module.name)}", "")
    doc.add(f"{t('source')}: {where(module.path, module.line)}–{module.end_line} · {t('language')}: {module.language} · "
            f"{module.code_lines} {t('code lines')}, {module.comment_lines} {t('comment lines')}")


def program_document(module: Module, graph: nx.MultiDiGraph, lang: str) -> str:
    t = labels(lang)
    doc = Document(t)
    node = module.node_id
    source_head(doc, module, t)
    identification = module.identification
    if identification:
        doc.add("", " · ".join(f"{md(k.title())}: {md(v)}" for k, v in sorted(identification.items()) if v))
    if module.nested_in:
        doc.add("", f"{t('nested in')} {md(module.nested_in)}")

    doc.heading(2, "Stated purpose", f" ({t('from the header comments')})")
    header = module.header_comments
    if header:
        doc.add(*md_fence(header, "text"))
    else:
        doc.add(f"_{t('none')}_")

    doc.heading(2, "Entry points and parameters")
    entries = [s for s in module.symbols if s.kind == "entry"]
    for entry in entries:
        using = f" {t('using')} " + ", ".join(md(u) for u in entry.using) if entry.using else f", {t('no parameters')}"
        doc.add(f"- {md(entry.name)}{using} ({where(entry.path, entry.line)})")
    linkage = data_rows(module.symbols, ("LINKAGE",))
    if linkage:
        doc.add("", f"**{t('LINKAGE parameters')}**", "")
        doc.table(["level", "name", "picture", "usage", "offset", "length", "occurs", "where"], linkage)

    doc.heading(2, "Inputs and outputs")
    doc.table(["direction", "what", "how", "where"], io_rows(graph, node, t))
    doc.heading(2, "Shared data")
    doc.table(["what", "also used by"], shared_rows(graph, node, t))

    doc.heading(2, "Calls")
    calls = [[label(graph, target), md(data.get("via", "")) + channel_note(data, t), md(data.get("variable", "")), where(data.get("path"), data.get("line"))]
             for target, data in graph_edges(graph, node, "out") if data.get("kind") == "calls"]
    doc.table(["program", "mechanism", "variable", "where"], calls)
    doc.heading(2, "Called by")
    doc.table(["caller", "mechanism", "where"], caller_rows(graph, node))
    run_by = runners(graph, node)
    doc.add("", f"**{t('Run by')}**: " + (", ".join(label(graph, r) for r in run_by) if run_by else f"_{t('none')}_"))
    transactions = transaction_lines(graph, node, t)
    if transactions:
        doc.heading(2, "Transactions")
        doc.add(*transactions)

    doc.heading(2, "Copybooks")
    copies = [[label(graph, target), md(data.get("via", "")), where(data.get("path"), data.get("line"))]
              for target, data in graph_edges(graph, node, "out") if data.get("kind") == "includes"]
    doc.table(["copybook", "mechanism", "where"], copies)

    doc.heading(2, "Data structures")
    data = data_rows(module.symbols, ("FILE", "WORKING-STORAGE", "LOCAL-STORAGE", "COPYBOOK", "COMMUNICATION", "REPORT", ""))
    doc.table(["level", "name", "picture", "usage", "offset", "length", "occurs", "where"], data[:MAX_DATA_ROWS])
    if len(data) > MAX_DATA_ROWS:
        doc.add("", f"_{len(data) - MAX_DATA_ROWS} {t('more data items in facts.json')}_")

    paragraphs = [s for s in module.symbols if s.kind in ("paragraph", "section")]
    handled = {h.label for h in module.handlers if h.label}
    doc.heading(2, "Paragraph structure")
    rows = []
    for p in paragraphs:
        performs = ", ".join(md(x) for x in dict.fromkeys(p.performs))
        goes = ", ".join(md(x) for x in dict.fromkeys(p.goes_to))
        flags = ", ".join(t(flag) for flag, holds in (("unreachable", p.unreachable), ("CICS handler", p.name in handled)) if holds)
        rows.append([md(p.name) + (f" ({t('section')})" if p.kind == "section" else ""), performs, goes, cell(p.complexity), flags, where(p.path, p.line)])
    doc.table(["paragraph", "performs", "goes to", "complexity", "flags", "where"], rows)
    if paragraphs and len(paragraphs) <= MERMAID_MAX_PARAGRAPHS:
        chart = ["flowchart TD"]
        ids = {p.name: f"p{i}" for i, p in enumerate(paragraphs)}
        for p in paragraphs:
            chart.append(f'  {ids[p.name]}["{mermaid_label(p.name)}"]')
        for p in paragraphs:
            for target in p.performs:
                first = target.split(" THRU ")[0]
                if first in ids:
                    chart.append(f"  {ids[p.name]} -->|PERFORM| {ids[first]}")
            for target in p.goes_to:
                if target in ids:
                    chart.append(f"  {ids[p.name]} -.->|GO TO| {ids[target]}")
        doc.add("", *md_fence(chart, "mermaid"))
    if module.handlers:
        doc.heading(2, "CICS handlers")
        doc.table(["condition", "command", "goes to", "where"],
                  [[md(h.condition), md(h.command), md(h.label or h.program or ""), where(h.path, h.line)] for h in module.handlers])

    doc.heading(2, "Business rules")
    meanings = condition_names(module)
    rules = module.business_rules
    if not rules:
        doc.add(f"_{t('none')}_")
    for number, rule in enumerate(rules, 1):
        doc.add(f"{number}. **{md(rule.kind)}** {readable_condition(rule.condition, meanings)} — {t('in')} {md(rule.paragraph) or '—'} ({where(rule.path, rule.line)})")

    doc.heading(2, "Metrics and risks")
    keys = ["lines", "code_lines", "statements", "paragraphs", "sections", "complexity", "max_nesting", "goto", "alter", "unreachable_paragraphs"]
    doc.table(["metric", "value"], [[t(k), str(module.metric(k))] for k in keys])
    risks = risk_flags(module, t)
    doc.add("")
    doc.add(*(f"- ⚠ {risk}" for risk in risks) if risks else (f"_{t('no risk flags')}_",))
    diagnostics = [d for d in module.diagnostics if d.severity in ("error", "warning")]
    if diagnostics:
        doc.heading(2, "Diagnostics")
        for d in diagnostics:
            doc.add(f"- {d.severity}: {md(d.message)} ({where(d.path, d.line)})")
    return doc.text()


def risk_flags(module: Module, t: Callable[[str], str]) -> list[str]:
    statements = max(1, module.statements)
    risks = []
    if module.alter:
        risks.append(f"{t('ALTER used')} ({module.alter}×)")
    density = 100.0 * module.goto / statements
    if density >= 5:
        risks.append(f"{t('GO TO density')} {density:.1f} {t('per 100 statements')}")
    if module.unreachable_paragraphs:
        dead = [s.name for s in module.symbols if s.unreachable]
        risks.append(f"{t('unreachable paragraphs')}: {', '.join(md(d) for d in dead)}")
    unresolved = sorted({r.variable if r.variable is not None else r.target for r in module.references if r.unresolved})
    if unresolved:
        risks.append(f"{t('unresolved dynamic targets')}: {', '.join(md(u) for u in unresolved)}")
    if module.complexity > 50:
        risks.append(f"{t('high complexity')} ({module.complexity})")
    missing = sorted({d.message.split()[1] for d in module.diagnostics if d.code == "copybook-missing"})
    if missing:
        risks.append(f"{t('missing copybooks')}: {', '.join(md(x) for x in missing)}")
    return risks


def dedupe_rows(rows: list[list[str]]) -> list[list[str]]:
    seen = set()
    out = []
    for row in rows:
        key = tuple(row)
        if key not in seen:
            seen.add(key)
            out.append(row)
    return out


def copybook_document(module: Module, graph: nx.MultiDiGraph, lang: str) -> str:
    t = labels(lang)
    doc = Document(t)
    node = module.node_id
    doc.add(f"# {t('copybook')} {md(module.name)}", "", f"{t('source')}: {where(module.path, 1)} · {module.code_lines} {t('code lines')}")
    header = module.header_comments
    if header:
        doc.heading(2, "Stated purpose", f" ({t('from the header comments')})")
        doc.add(*md_fence(header, "text"))
    doc.heading(2, "Used by")
    users = [[label(graph, source), where(data.get("path"), data.get("line"))] for source, data in graph_edges(graph, node, "in") if data.get("kind") == "includes"]
    doc.table(["module", "where"], users)
    nested = [[label(graph, target), where(data.get("path"), data.get("line"))] for target, data in graph_edges(graph, node, "out") if data.get("kind") == "includes"]
    if nested:
        doc.heading(2, "Copybooks")
        doc.table(["copybook", "where"], nested)
    defines = [[label(graph, target), where(data.get("path"), data.get("line"))] for target, data in graph_edges(graph, node, "out") if data.get("kind") == "defines"]
    if defines:
        doc.heading(2, "Defines")
        doc.table(["what", "where"], defines)
    doc.heading(2, "Data structures")
    doc.table(["level", "name", "picture", "usage", "offset", "length", "occurs", "where"], data_rows(module.symbols, ("COPYBOOK", "WORKING-STORAGE", "LINKAGE", "FILE", "LOCAL-STORAGE", ""))[:MAX_DATA_ROWS])
    return doc.text()


def job_document(module: Module, graph: nx.MultiDiGraph, lang: str) -> str:
    t = labels(lang)
    doc = Document(t)
    doc.add(f"# {t(module.kind)} {md(module.name)}", "", f"{t('source')}: {where(module.path, module.line)}")
    attributes = {k: v for k, v in module.attributes.items() if isinstance(v, str)}
    if attributes:
        doc.add("", " · ".join(f"{md(k)}: {md(v)}" for k, v in sorted(attributes.items())))
    doc.heading(2, "Steps")
    rows = []
    for step in (s for s in module.symbols if s.kind == "step"):
        runs = sorted({r.target for r in module.references if r.kind == "executes" and r.step == step.name and r.target_kind == "program"})
        data = []
        for r in module.references:
            if r.target_kind == "dataset" and r.step == step.name:
                data.append(f"{t(r.kind)} {dataset_text(r, t)} (DD {md(r.ddname or '')})")
            elif r.kind == "defines" and r.step == step.name:
                data.append(f"{t(r.kind)} {t(r.target_kind)} {md(r.target)}")
        condition = " ".join(md(c) for c in step.if_) or md(step.cond or "")
        rows.append([md(step.name), ", ".join(md(x) for x in runs) or md(step.proc or ""), "; ".join(sorted(set(data))), condition, where(step.path, step.line)])
    doc.table(["step", "program", "datasets", "condition", "where"], rows)
    return doc.text()


def transaction_document(module: Module, graph: nx.MultiDiGraph, lang: str) -> str:
    t = labels(lang)
    doc = Document(t)
    doc.add(f"# {t('transaction')} {md(module.name)}", "", f"{t('source')}: {where(module.path, module.line)}")
    starts = [[label(graph, target), where(data.get("path"), data.get("line"))] for target, data in graph_edges(graph, module.node_id, "out")]
    doc.heading(2, "Starts")
    doc.table(["program", "where"], starts)
    reached = [[label(graph, source), transaction_move(data.get("kind", ""), data.get("via", ""), t("this transaction"), t), where(data.get("path"), data.get("line"))]
               for source, data in graph_edges(graph, module.node_id, "in") if data.get("kind") in ("starts", *NAVIGATION_EDGES)]
    if reached:
        doc.heading(2, "Reached from")
        doc.table(["program", "how", "where"], reached)
    options = [[md(k), md(v)] for k, v in sorted(module.attributes.items()) if isinstance(v, (str, int))]
    doc.heading(2, "Definition")
    doc.table(["option", "value"], options)
    return doc.text()


def class_document(module: Module, graph: nx.MultiDiGraph, lang: str) -> str:
    """A Java class: the tables, files and queues it uses (and who else does), the programs it links to."""
    t = labels(lang)
    doc = Document(t)
    node = module.node_id
    source_head(doc, module, t)
    header = module.header_comments
    if header:
        doc.heading(2, "Stated purpose", f" ({t('from the header comments')})")
        doc.add(*md_fence(header, "text"))
    doc.heading(2, "Inputs and outputs")
    doc.table(["direction", "what", "how", "where"], io_rows(graph, node, t))
    doc.heading(2, "Shared data")
    doc.table(["what", "also used by"], shared_rows(graph, node, t))
    doc.heading(2, "Calls")
    calls = [[label(graph, target), md(data.get("via", "")), md(data.get("channel", "")), where(data.get("path"), data.get("line"))]
             for target, data in graph_edges(graph, node, "out") if data.get("kind") == "calls"]
    doc.table(["what", "mechanism", "channel", "where"], calls)
    doc.heading(2, "Methods")
    doc.table(["name", "where"], [[md(s.name), where(s.path, s.line)] for s in module.symbols if s.kind == "method"])
    return doc.text()


def service_document(module: Module, graph: nx.MultiDiGraph, lang: str) -> str:
    """A z/OS Connect service or API: its definition, what it calls and what calls it."""
    t = labels(lang)
    doc = Document(t)
    node = module.node_id
    doc.add(f"# {t(module.kind)} {md(module.name)}", "", f"{t('source')}: {where(module.path, module.line)}")
    definition = module.service
    doc.heading(2, "Definition")
    options = [(key, value) for key, value in (
        ("provider", definition.provider), ("service type", definition.service_type), ("connection", definition.connection),
        ("transaction", definition.transid), ("request schema", definition.request_schema), ("response schema", definition.response_schema),
        ("base path", definition.base_path), ("description", definition.description)) if value]
    doc.table(["option", "value"], [[t(key), md(value)] for key, value in options])
    if definition.operations:
        doc.heading(2, "Operations")
        doc.table(["method", "path", "service"], [[md(method), md(path), md(service)] for method, path, service in definition.operations])
    doc.heading(2, "Calls")
    calls = [[label(graph, target), md(data.get("via", "")), md(data.get("operation", "")), where(data.get("path"), data.get("line"))]
             for target, data in graph_edges(graph, node, "out") if data.get("kind") == "calls"]
    doc.table(["what", "mechanism", "operation", "where"], calls)
    doc.heading(2, "Called by")
    doc.table(["caller", "mechanism", "where"], caller_rows(graph, node))
    return doc.text()


WRITERS = {"program": program_document, "copybook": copybook_document, "jcl": job_document, "proc": job_document, "transaction": transaction_document,
           "class": class_document, "service": service_document, "api": service_document}


def document_module(module: Module, graph: nx.MultiDiGraph, lang: str = "en", narrative: Any = None, model: str = "") -> str | None:
    """The Markdown document of one module, or None for kinds without a document."""
    writer = WRITERS.get(module.kind)
    if writer is None:
        return None
    text = writer(module, graph, lang)
    return text + narrative_section(narrative, model, lang) if narrative is not None else text


def narrative_section(narrative: Any, model: str, lang: str) -> str:
    """The model's narrative, clearly apart from the facts, with names it invented marked."""
    t = labels(lang)
    unverified = set(narrative.unverified)

    def mark(text: str) -> str:
        escaped = md(text)
        for name in sorted(unverified, key=len, reverse=True):
            escaped = re.sub(rf"(?<![\w-]){re.escape(md(name))}(?![\w-])", f"{md(name)} _({t('unverified')})_", escaped, flags=re.I)
        return escaped

    doc = Document(t)
    doc.heading(2, "Narrative", f" ({t('by the model')} {md(model)}, {t('grounding')} {narrative.grounding:.0%})")
    doc.add(f"_{t('Written by a language model from the facts above; names it used that are not in the facts are marked unverified.')}_", "")
    doc.add(mark(narrative.summary))
    if narrative.business_purpose:
        doc.add("", f"**{t('Business purpose')}**: {mark(narrative.business_purpose)}")
    if narrative.rules_explained:
        doc.add("", f"**{t('Rules explained')}**", "")
        def cited(rule: dict[str, Any]) -> str:  # the rule's line, as the model cited it (checked: marked when wrong)
            line = rule.get("line")
            return mark(f"line {line}") + ", " if isinstance(line, int) and not isinstance(line, bool) else ""

        doc.add(*(f"- {cited(r)}{mark(str(r.get('rule', '')))}: {mark(str(r.get('explanation', '')))}" for r in narrative.rules_explained))
    if narrative.glossary:
        doc.add("", f"**{t('Glossary')}**", "")
        doc.add(*(f"- {mark(g.get('name', ''))}: {mark(g.get('term', ''))}" for g in narrative.glossary))
    if narrative.open_questions:
        doc.add("", f"**{t('Open questions')}**", "")
        doc.add(*(f"- {mark(q)}" for q in narrative.open_questions))
    if unverified:
        doc.add("", f"{t('Unverified names')}: {', '.join(md(u) for u in sorted(unverified))}")
    return "\n" + doc.text()


def document_name(module: Module, taken: set[str]) -> str:
    """A file name from a module name that cannot leave the output directory."""
    base = safe_stem(module.name)
    name = f"{base}.md"
    if name.upper() in taken:
        name = f"{base}.{module.kind}.md"
    taken.add(name.upper())
    return name
