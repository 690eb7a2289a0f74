"""Module documents: deterministic fact-based documents, the LLM narrative layer, grounding checks."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from modernize.document.facts_doc import document_module, document_name
from modernize.model import Module, ModuleKind

OUTSIDE_KINDS = (ModuleKind.CLASS, ModuleKind.SERVICE, ModuleKind.API)  # callers outside the mainframe's code


@dataclass(frozen=True)
class Document:
    """One module's document: its file name (unique among the documents) and Markdown text."""

    name: str
    text: str


def make_documents(modules: list[Module], graph: nx.MultiDiGraph, lang: str = "en", narratives: dict | None = None,
                   model: str = "") -> dict[str, Document]:
    """One Markdown document per documented module, keyed ``kind:name`` (the module's key)."""
    documents: dict[str, Document] = {}
    taken: set[str] = set()
    # The mainframe's modules name their documents first; a Java class or a z/OS Connect service or API
    # defined more than once (its project, its archive) has one document, from its first definition.
    for module in sorted(modules, key=lambda m: (m.kind != "program", m.kind in OUTSIDE_KINDS, m.kind, m.name, bool(m.archive_entry), m.path)):
        if module.kind in OUTSIDE_KINDS and f"{module.kind}:{module.name}" in documents:
            continue
        narrative = (narratives or {}).get(f"{module.kind}:{module.name}")
        text = document_module(module, graph, lang, narrative, model)
        if text is None:
            continue
        documents[f"{module.kind}:{module.name}"] = Document(document_name(module, taken), text)
    return documents
