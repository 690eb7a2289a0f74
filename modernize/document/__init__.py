"""Module documents: deterministic fact-based documents, the LLM narrative layer, grounding checks."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from modernize.document.facts_doc import document_module, document_name
from modernize.model import Module
from modernize.output import write_text_atomic


def write_documents(
    modules: list[Module], graph: nx.MultiDiGraph, directory: Path, lang: str = "en", narratives: dict | None = None, model: str = ""
) -> dict[str, str]:
    """Write one Markdown document per documented module; returns module id -> file name."""
    written: dict[str, str] = {}
    taken: set[str] = set()
    for module in sorted(modules, key=lambda m: (m.kind != "program", m.kind, m.name, m.path)):
        narrative = (narratives or {}).get(f"{module.kind}:{module.name}")
        text = document_module(module, graph, lang, narrative, model)
        if text is None:
            continue
        name = document_name(module, taken)
        write_text_atomic(Path(directory) / name, text)
        written[f"{module.kind}:{module.name}"] = name
    return written
