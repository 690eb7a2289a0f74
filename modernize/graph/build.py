"""Build the dependency graph from module facts (networkx MultiDiGraph, the graph contract).

Node id = ``kind:NAME`` (mainframe names upper-cased). Edge attributes: ``kind`` (the reference
kind), ``via`` (mechanism), ``path`` and ``line`` where the dependency is written. Resolution
rules live in resolve.py; this module only turns facts into nodes and edges, and performs the join
that makes batch flows real: a program's ``SELECT f ASSIGN TO dd`` plus the DD of the JCL step that
runs it gives program -> dataset.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import networkx as nx

from modernize.catalog import is_runtime_library, is_system_copybook, is_system_program
from modernize.graph.resolve import Resolver
from modernize.model import (
    Mechanism,
    Module,
    ModuleKind,
    NodeKind,
    Reference,
    ReferenceKind,
    node_id,
    symbolic_display,
)

# Modules whose names are not the mainframe's: a Java class, a z/OS Connect service or API.
CASED_KINDS = (ModuleKind.CLASS, ModuleKind.SERVICE, ModuleKind.API)
NODE_METRICS = ("code_lines", "lines", "complexity", "goto", "alter", "statements", "paragraphs", "steps", "unreachable_paragraphs")
# A program's reference attributes its edge keeps: what the analyses and documents show of it.
EDGE_ATTRIBUTES = ("operation", "variable", "command", "cursor", "ddname", "file", "unresolved", "channel", "channel_variable", "containers")
class GraphBuilder:
    """Accumulates nodes and edges; every edge carries the place where its dependency is written."""

    def __init__(self, modules: list[Module]):
        self.modules = modules
        self.graph = nx.MultiDiGraph()
        self.resolver = Resolver(modules)

    def add_node(self, kind: str, name: str, **attributes: Any) -> str:
        nid = node_id(kind, name)
        if nid in self.graph:
            current = self.graph.nodes[nid]
            for key, value in attributes.items():
                if value is not None and key not in current:
                    current[key] = value
        else:
            self.graph.add_node(nid, kind=str(kind), name=name.upper(), **{k: v for k, v in attributes.items() if v is not None})
        return nid

    def add_edge(self, source: str, target: str, kind: str, via: str, path: str | None, line: int | None, **attributes: Any) -> None:
        key = f"{kind}|{via}|{path}|{line}|{attributes.get('step', '')}|{attributes.get('ddname', '')}"
        if self.graph.has_edge(source, target, key):
            return
        clean = {k: v for k, v in attributes.items() if v is not None and v != "" and v != [] and v != {}}
        self.graph.add_edge(source, target, key=key, kind=str(kind), via=str(via), path=path, line=line, **clean)

    def module_node(self, module: Module) -> str:
        metrics = {k: module.metrics[k] for k in NODE_METRICS if k in module.metrics}
        extra: dict[str, Any] = {}
        if module.kind == ModuleKind.VIEW:
            extra["table_type"] = "view"
        if module.nested_in:
            extra["nested_in"] = module.nested_in
        if module.kind in CASED_KINDS:
            extra["display"] = module.name  # Java and REST names are case-sensitive: shown as written
        return self.add_node(module.node_kind, module.name, path=module.path, line=module.line, language=module.language, **metrics, **extra)

    def target_node(self, reference: Reference, context: Module) -> str:
        """The node a reference points at, resolved to what the repository defines."""
        kind = reference.target_kind
        name = reference.target
        if kind == NodeKind.PROGRAM:
            found = self.resolver.program(name)
            if found is not None:
                return self.module_node(found)
            if reference.unresolved:
                return self.add_node(NodeKind.EXTERNAL, name, unresolved=True, pattern=reference.pattern)
            return self.add_node(NodeKind.EXTERNAL, name, system=is_system_program(name) or is_runtime_library(name) or None)
        if kind == NodeKind.COPYBOOK:
            found = self.resolver.copybook(name, reference.resolved_path)
            if found is not None:
                return self.module_node(found)
            if is_system_copybook(name):
                return self.add_node(NodeKind.COPYBOOK, name, system=True)
            return self.add_node(NodeKind.COPYBOOK, name, missing=True)
        if kind in (NodeKind.PROC, NodeKind.JCLINCLUDE):
            found = self.resolver.proc(name)
            if found is not None:
                return self.module_node(found)
            if reference.resolved:
                return self.add_node(kind, name, instream=True, job=context.name, path=reference.path)
            return self.add_node(kind, name, missing=True)
        if kind == NodeKind.DATASET:
            if reference.temporary:
                job = reference.job or context.name
                return self.add_node(NodeKind.DATASET, f"{job}.{name}", temporary=True)
            node = self.add_node(NodeKind.DATASET, name)
            if reference.symbolic:
                # Its name still holds a symbol or placeholder: which data set it is depends on values
                # the repository does not give (a job's caller, the build, the environment).
                self.graph.nodes[node]["symbolic"] = True
                self.graph.nodes[node].setdefault("display", symbolic_display(name.upper(), reference.symbols))
            if reference.library:
                self.graph.nodes[node]["library"] = True  # a load or build library: not data
            return node
        if kind == NodeKind.FILE:
            found = self.resolver.cics_file(name) if reference.via in (Mechanism.CICS, Mechanism.JCICS) else None
            if found is not None:
                return self.module_node(found)
            return self.add_node(NodeKind.FILE, name)
        if kind == NodeKind.TRANSACTION:
            found = self.resolver.transaction(name)
            if found is not None:
                return self.module_node(found)
            if reference.unresolved:
                # A TRANSID only known at run time: the node stands for the variable, not a missing transaction.
                return self.add_node(NodeKind.TRANSACTION, name, unresolved=True, pattern=reference.pattern)
            return self.add_node(NodeKind.TRANSACTION, name, missing=True)
        if kind == NodeKind.TABLE:
            found = self.resolver.table(name)
            if found is not None:
                return self.module_node(found)
            return self.add_node(NodeKind.TABLE, name)
        if kind == NodeKind.SCREEN:
            return self.add_node(NodeKind.SCREEN, name, mapset=reference.mapset or None)
        return self.add_node(kind, name)

    def build(self) -> nx.MultiDiGraph:
        for module in self.modules:
            self.module_node(module)
        for module in self.modules:
            if module.kind in (ModuleKind.JCL, ModuleKind.PROC):
                self.add_job(module)
                continue
            source = self.module_node(module)
            for reference in module.references:
                if reference.target_kind == NodeKind.FILE and reference.via == Mechanism.DD:
                    continue  # joined with the JCL below; a file: node only where no DD binds it
                if reference.via == Mechanism.REST:
                    api = self.resolver.api(reference.target)
                    if api is None:
                        continue  # a URL no API of the estate serves
                    self.add_edge(source, self.module_node(api), reference.kind, reference.via, reference.path, reference.line)
                    continue
                target = self.target_node(reference, module)
                extra = {k: v for k, v in reference.attributes.items() if k in EDGE_ATTRIBUTES}
                self.add_edge(source, target, reference.kind, reference.via, reference.path, reference.line, **extra)
        self.join_jcl_files()
        self.join_psbs()
        return self.graph

    def add_job(self, module: Module) -> None:
        """job -> step (contains), step -> program/proc (executes), step -> dataset (reads/writes)."""
        job = self.module_node(module)
        step_nodes: dict[str, str] = {}
        for symbol in module.symbols:
            if symbol.kind != "step":
                continue
            owner = {"job": module.name} if module.kind == ModuleKind.JCL else {"proc": module.name}
            step = self.add_node(NodeKind.STEP, f"{module.name}.{symbol.name}", path=symbol.path, line=symbol.line,
                                 program=symbol.program, **owner)
            step_nodes[symbol.name] = step
            self.add_edge(job, step, ReferenceKind.CONTAINS, Mechanism.JCL, symbol.path, symbol.line)
        for reference in module.references:
            source = step_nodes.get(reference.step, job) if reference.step else job
            target = self.target_node(reference, module)
            extra = {k: v for k, v in reference.attributes.items() if k in ("ddname", "disp", "generation", "plan", "command", "member")}
            self.add_edge(source, target, reference.kind, reference.via, reference.path, reference.line, **extra)

    def join_jcl_files(self) -> None:
        """Program -> dataset through the step that runs it: ASSIGN TO ddname meets //ddname DD DSN=."""
        file_refs: dict[str, list[Reference]] = defaultdict(list)
        for module in self.modules:
            if module.kind == ModuleKind.PROGRAM:
                for reference in module.references:
                    if reference.target_kind == NodeKind.FILE and reference.via == Mechanism.DD:
                        file_refs[module.name].append(reference)
        bound: set[tuple[str, str]] = set()
        for module in self.modules:
            if module.kind != ModuleKind.JCL:
                continue
            for symbol in module.symbols:
                if symbol.kind != "step":
                    continue
                programs = [r.target for r in module.references
                            if r.kind == ReferenceKind.EXECUTES and r.target_kind == NodeKind.PROGRAM and r.step == symbol.name]
                dds = symbol.dds
                for program_name in programs:
                    program = self.resolver.program(program_name)
                    if program is None or program.kind != ModuleKind.PROGRAM:
                        continue
                    source = self.module_node(program)
                    for reference in file_refs.get(program.name, []):
                        matching = [dd for dd in dds if dd.ddname == reference.target and dd.dsn]
                        if matching:
                            bound.add((program.name, reference.target))
                        for dd in matching:
                            dataset = dd.dsn
                            target = self.add_node(NodeKind.DATASET, f"{module.name}.{dataset}" if dd.temporary else dataset, temporary=dd.temporary or None)
                            direction = reference.kind
                            if reference.unopened:
                                disp = dd.disp if dd.disp is not None else "NEW"
                                direction = ReferenceKind.WRITES if disp.split(",")[0] in ("NEW", "MOD") else ReferenceKind.READS
                            self.add_edge(source, target, direction, Mechanism.DD, dd.path if dd.path is not None else symbol.path, dd.line,
                                          step=f"{module.name}.{symbol.name}", ddname=reference.target, file=reference.file)
        for program_name, references in sorted(file_refs.items()):
            program = self.resolver.find(ModuleKind.PROGRAM, program_name)
            if program is None:
                continue
            for reference in references:
                if (program.name, reference.target) not in bound:
                    target = self.add_node(NodeKind.FILE, reference.target)
                    self.add_edge(self.module_node(program), target, reference.kind, Mechanism.DD, reference.path, reference.line,
                                  file=reference.file, ddname=reference.target)


    def join_psbs(self) -> None:
        """Program -> PSB: the PSB an IMS region runs the program with (DFSRRC00 PARM='DLI,PGM,PSB'), or,
        for a program that makes DL/I calls, the PSB of its own name (PSBNAME is the program's name by
        convention). Through the PSB's PCBs and sensitive segments its calls reach the segments."""
        named: dict[str, set[tuple[str, str | None, int | None]]] = defaultdict(set)
        for module in self.modules:
            if module.kind not in (ModuleKind.JCL, ModuleKind.PROC):
                continue
            for reference in module.references:
                if reference.kind == ReferenceKind.EXECUTES and reference.target_kind == NodeKind.PROGRAM and reference.attributes.get("psb"):
                    program = self.resolver.program(reference.target)
                    if program is not None and program.kind == ModuleKind.PROGRAM:
                        named[program.node_id].add((reference.attributes["psb"].upper(), reference.path, reference.line))
        for module in self.modules:
            if module.kind != ModuleKind.PROGRAM:
                continue
            uses = named.get(module.node_id, set())
            if not uses:
                calls = [r for r in module.references if r.via in (Mechanism.IMS, Mechanism.DLI)]
                if calls and self.resolver.find(ModuleKind.PSB, module.name) is not None:
                    uses = {(module.name.upper(), calls[0].path, calls[0].line)}
            for psb, path, line in sorted(uses, key=lambda u: (u[0], u[1] or "", u[2] or 0)):
                found = self.resolver.find(ModuleKind.PSB, psb)
                target = self.module_node(found) if found is not None else self.add_node(NodeKind.PSB, psb, missing=True)
                self.add_edge(self.module_node(module), target, ReferenceKind.REFERENCES, Mechanism.PSB, path, line)


def build_graph(modules: list[Module]) -> nx.MultiDiGraph:
    """The estate's dependency graph, deterministic for the same facts."""
    ordered = sorted(modules, key=lambda m: (m.path, m.line or 0, m.kind, m.name))
    return GraphBuilder(ordered).build()
