"""Replacement plan: units, ordering into waves and steps, interfaces, risks, effort, exports."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from modernize.graph.crud import crud_matrix, name
from modernize.model import Module
from modernize.output import utf8
from modernize.plan.acceptance import TestFile
from modernize.plan.annex import AnnexInfo, to_docx
from modernize.plan.build import OUTSIDE_KINDS, PlanSettings, Step, build_plan
from modernize.plan.export import to_csv, to_json, to_markdown
from modernize.plan.function_points import add_function_points


@dataclass
class Plan:
    """The ordered steps, the estate they replace (name and counts, as the annex shows them) and
    what the annex's title page says."""

    steps: list[Step]
    estate: dict[str, Any]
    info: AnnexInfo = field(default_factory=AnnexInfo)

    def markdown(self, lang: str = "en", tests: list[TestFile] | None = None) -> str:
        return to_markdown(self.steps, self.estate, lang, tests)

    def outputs(self, lang: str = "en", tests: list[TestFile] | None = None) -> dict[str, bytes]:
        """plan.md, plan.json, plan.csv and plan.docx; ``tests``, the generated test modules, are
        what the acceptance criteria cite (without them, the build's own criteria)."""
        return {"plan.md": utf8(self.markdown(lang, tests)), "plan.json": utf8(to_json(self.steps, self.estate, tests)),
                "plan.csv": utf8(to_csv(self.steps)), "plan.docx": to_docx(self.steps, self.estate, lang, self.info, tests)}


def estate_summary(name: str, modules: list[Module]) -> dict:
    # A class, service or API defined in several files (a z/OS Connect project and its archive) is one.
    counts = Counter(m.kind for m in modules if m.kind not in OUTSIDE_KINDS)
    counts.update(kind for kind, _ in {(m.kind, m.name) for m in modules if m.kind in OUTSIDE_KINDS})
    counts["code_lines"] = sum(m.code_lines for m in modules if m.kind == "program")
    return {"name": name, "counts": dict(sorted(counts.items()))}


def make_plan(graph: nx.MultiDiGraph, modules: list[Module], name: str, settings: PlanSettings | None = None,
              info: AnnexInfo | None = None) -> Plan:
    settings = settings or PlanSettings()
    steps = build_plan(graph, modules, settings)
    estate = estate_summary(name, modules)
    add_function_points(graph, steps, estate, settings.effort)
    add_crud(graph, modules, steps)
    return Plan(steps, estate, info or AnnexInfo())


def add_crud(graph: nx.MultiDiGraph, modules: list[Module], steps: list[Step]) -> None:
    """Each step's rows of the CRUD matrix: what its programs create, read, update and delete."""
    cells = crud_matrix(graph, modules)
    for step in steps:
        mine = set(step.programs)
        step.crud = [{"program": name(graph, c.program), "kind": graph.nodes[c.store].get("kind", ""), "store": name(graph, c.store),
                      "crud": c.letters} for c in cells if c.program in mine]
