"""Module documents: deterministic fact-based documents, the LLM narrative layer, grounding checks."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from modernize.document.facts_doc import document_module, document_name
from modernize.forked import forked_map
from modernize.model import Module, ModuleKind

OUTSIDE_KINDS = (ModuleKind.CLASS, ModuleKind.SERVICE, ModuleKind.API)  # callers outside the mainframe's code


@dataclass(frozen=True)
class Document:
    """One module's document: its file name (unique among the documents) and Markdown text."""

    name: str
    text: str


PARALLEL_MODULES = 200  # fewer modules than this: not worth a process pool


def make_documents(modules: list[Module], graph: nx.MultiDiGraph, lang: str = "en", narratives: dict | None = None,
                   model: str = "", jobs: int = 1) -> dict[str, Document]:
    """One Markdown document per documented module, keyed ``kind:name`` (the module's key); written
    by ``jobs`` forked processes on a large estate (half a minute of one core for 1 600 modules)."""
    documents: dict[str, Document] = {}
    taken: set[str] = set()
    # The mainframe's modules name their documents first; a module defined more than once (a program
    # in two folders, a Java class in its project and its archive) has one document, from its first
    # definition by path: the one the graph merges them under and the duplicate warning names.
    ordered = sorted(modules, key=lambda m: (m.kind != "program", m.kind in OUTSIDE_KINDS, m.kind, m.name, bool(m.archive_entry), m.path))

    def text_of(index: int) -> str | None:
        module = ordered[index]
        return document_module(module, graph, lang, (narratives or {}).get(f"{module.kind}:{module.name}"), model)

    for module, text in zip(ordered, forked_map(text_of, len(ordered), jobs, PARALLEL_MODULES, chunksize=32), strict=True):
        key = f"{module.kind}:{module.name}"
        if text is None or key in documents:
            continue
        documents[key] = Document(document_name(module, taken), text)
    return documents
