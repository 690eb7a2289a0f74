"""The analysed estate as questions need it: facts, graph, documents and plan, loaded once."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from modernize.config import Settings
from modernize.graph.analyze import find_node
from modernize.graph.build import build_graph
from modernize.inventory import read_text
from modernize.model import Module, SourceFile
from modernize.pipeline import ScanResult, scan
from modernize.store import Store


@dataclass(eq=False)  # compared and hashed by identity: caches keep one index per loaded estate
class Estate:
    """Facts, graph and the lazily built documents and plan of one repository."""

    root: Path
    result: ScanResult
    graph: nx.MultiDiGraph
    plan_settings: Any = None
    lang: str = "en"
    _documents: dict[str, str] = field(default_factory=dict)

    @property
    def modules(self) -> list[Module]:
        return self.result.modules

    @functools.cached_property
    def by_node(self) -> dict[str, Module]:
        """node id -> module (the first by path when two define one name, like the graph)."""
        index: dict[str, Module] = {}
        for module in self.modules:
            index.setdefault(module.node_id, module)
        return index

    @functools.cached_property
    def files(self) -> dict[str, SourceFile]:
        return {f.path: f for f in self.result.files}

    @functools.cached_property
    def steps(self) -> list[Any]:
        from modernize.plan.build import build_plan

        return build_plan(self.graph, self.modules, self.plan_settings)

    def node(self, name: str) -> str | None:
        return find_node(self.graph, name.strip())

    def module(self, name: str) -> Module | None:
        found = self.node(name)
        return self.by_node.get(found) if found else None

    def document(self, node: str) -> str:
        """The fact-based document of a module (computed on first use, kept)."""
        if node not in self._documents:
            from modernize.document.facts_doc import document_module

            module = self.by_node.get(node)
            self._documents[node] = (document_module(module, self.graph, self.lang) or "") if module else ""
        return self._documents[node]

    def source_lines(self, path: str) -> list[str]:
        source = self.files.get(path)
        if source is None:
            return []
        try:
            return read_text(self.root, source).split("\n")
        except OSError:
            return []


def load_estate(root: Path, settings: Settings, plan_settings: Any = None, lang: str = "en") -> Estate:
    """Scan ``root`` (cached facts come from the store) and build the graph."""
    with Store(Path(settings.cache_dir)) as store:
        result = scan(root, settings, store if settings.use_cache else None)
    return Estate(Path(root), result, build_graph(result.modules), plan_settings, lang)
