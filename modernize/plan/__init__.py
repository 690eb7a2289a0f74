"""Replacement plan: units, ordering into waves and steps, interfaces, risks, effort, exports."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import networkx as nx

from modernize.model import Module
from modernize.output import write_text_atomic
from modernize.plan.build import PlanSettings, Step, build_plan
from modernize.plan.export import to_csv, to_json, to_markdown, write_docx


def estate_summary(name: str, modules: list[Module]) -> dict:
    counts = Counter(m.kind for m in modules)
    counts["code_lines"] = sum(int(m.metrics.get("code_lines", 0)) for m in modules if m.kind == "program")
    return {"name": name, "counts": dict(sorted(counts.items()))}


def write_plan(graph: nx.MultiDiGraph, modules: list[Module], directory: Path, name: str, lang: str = "en",
               settings: PlanSettings | None = None) -> list[Step]:
    """plan.md, plan.json, plan.csv and plan.docx in ``directory``."""
    steps = build_plan(graph, modules, settings)
    estate = estate_summary(name, modules)
    write_text_atomic(directory / "plan.md", to_markdown(steps, estate, lang))
    write_text_atomic(directory / "plan.json", to_json(steps, estate))
    write_text_atomic(directory / "plan.csv", to_csv(steps))
    write_docx(steps, estate, directory / "plan.docx", lang)
    return steps
