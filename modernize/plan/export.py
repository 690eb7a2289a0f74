"""Plan exports: plan.md (for people, the annex's sections), plan.json (schema in docs/plan.md) and
plan.csv (one work package per row, for spreadsheets); plan.docx is annex.py's."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from modernize.escape import csv_row
from modernize.escape import md_text as md
from modernize.plan.acceptance import TestFile, criteria, step_tests
from modernize.plan.annex import assumptions, caller, effort_model, exclusions, interface_text
from modernize.plan.build import DEFAULT_EFFORT, Step
from modernize.plan.function_points import MODEL, markdown_lines
from modernize.plan.glossary import glossary
from modernize.plan.interfaces import contract_path
from modernize.plan.risks import rating
from modernize.plan.wording import label, sentence

SCHEMA = "modernize-plan/1"


def plan_data(steps: list[Step], estate: dict[str, Any], tests: list[TestFile] | None = None) -> dict[str, Any]:
    """``tests``: each step also records the tests its acceptance criteria cite, with their counts."""
    return {
        "schema": SCHEMA,
        "estate": estate,
        "effort_model": {"unit": "person-days", "parameters": dict(DEFAULT_EFFORT)},
        "steps": [s.to_dict() | ({"acceptance_tests": step_tests(s, tests)} if tests is not None else {}) for s in steps],
    }


def to_json(steps: list[Step], estate: dict[str, Any], tests: list[TestFile] | None = None) -> str:
    return json.dumps(plan_data(steps, estate, tests), sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def to_csv(steps: list[Step]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", "title", "wave", "depends_on", "programs", "code_lines", "complexity", "interfaces", "risks", "effort_low", "effort_high", "effort_unit"])
    for s in steps:
        writer.writerow(csv_row([s.id, s.title, s.wave, " ".join(s.depends_on), " ".join(p.split(":", 1)[1] for p in s.programs), s.lines,
                                 s.complexity, len(s.interfaces), len(s.risks), s.effort["low"], s.effort["high"], s.effort["unit"]]))
    return buffer.getvalue()


def names(ids: list[str]) -> str:
    """Node ids (kind:NAME) as their names, each escaped for Markdown."""
    return ", ".join(md(i.split(":", 1)[1]) for i in ids)


def to_markdown(steps: list[Step], estate: dict[str, Any], lang: str = "en", tests: list[TestFile] | None = None) -> str:
    """plan.md: the annex's sections in Markdown; build.py's sentences in ``lang`` (names escaped)."""
    def t(text: str) -> str:
        return label(text, lang)

    lines = [f"# {t('Replacement plan')}: {md(estate.get('name', ''))}", ""]
    waves = max((s.wave for s in steps), default=0)
    lines += [f"{len(steps)} {t('steps')}, {waves} {t('waves')}; " + ", ".join(f"{t(k)}: {v}" for k, v in sorted(estate.get("counts", {}).items())), ""]
    lines += [f"## {t('Effort model')}", "", effort_model(lang), "", sentence(f"Beside it, {MODEL}", lang), ""]
    lines += markdown_lines(estate.get("function_points", {}), f"{t('Function points')} ({t('Estate')})", md, lambda x: sentence(x, lang))
    for s in steps:
        lines += [f"## {t('Step')} {s.id} ({t('wave')} {s.wave}): {md(sentence(s.title, lang))}", ""]
        lines += [f"### {t('Scope')}", "", f"{len(s.programs)} {t('programs')} ({names(s.programs) or '—'}), "
                  f"{s.lines} {t('code lines')}, {t('complexity')} {s.complexity}", ""]
        lines += [f"### {t('Why here')}", "", sentence(s.why, lang), ""]
        lines += [f"### {t('Interfaces')}", ""] + ([f"- {md(interface_text(i, s.display, lang))}" for i in s.interfaces] or [f"- {t('none')}"]) + [""]
        if (contract := contract_path(s)) is not None:
            lines += [f"**{t('Interface contract')}**: `{contract}` (OpenAPI 3.1)", ""]
        lines += [f"**{t('Coexistence')}**: {sentence(s.coexistence, lang)}", ""]
        lines += [f"### {t('Data owned and shared')}", "", f"**{t('Owned data')}**: {names(s.owned_data) or t('none')}; "
                  f"**{t('Shared data')}**: {names(s.shared_data) or t('none')}", ""]
        if s.used_outside:
            lines += [f"**{t('Used outside the programs')}**: " + "; ".join(
                f"{md(data.split(':', 1)[1])} ({', '.join(md(caller(u, s.display, lang)) for u in users)})" for data, users in sorted(s.used_outside.items())), ""]
        if s.crud:
            lines += [f"**{t('CRUD matrix')}**:", "", f"| {t('Program')} | {t('Data store')} | C | R | U | D |", "|---|---|---|---|---|---|"]
            lines += [f"| {md(c['program'])} | {md(t(c['kind']))} {md(c['store'])} | " + " | ".join(x if x in c["crud"] else "" for x in "CRUD") + " |"
                      for c in s.crud] + [""]
        lines += [f"### {t('Dependencies')}", "", f"**{t('Depends on')}**: {', '.join(s.depends_on) or t('none')}", ""]
        lines += [f"### {t('Copybooks')}", "", names(s.copybooks) or t("none"), ""]
        lines += [f"### {t('Risks')}", ""]
        if s.risks:
            lines += [f"| {t('Risk')} | {t('Evidence')} | {t('Likelihood')} | {t('Impact')} | {t('Mitigation')} |", "|---|---|---|---|---|"]
            lines += [f"| {md(sentence(r['risk'], lang))} | {md(sentence(r['evidence'], lang))} | {t(rating(r['risk']).likelihood)} | "
                      f"{t(rating(r['risk']).impact)} | {rating(r['risk']).mitigation_in(lang)} |" for r in s.risks]
        else:
            lines += [t("none")]
        lines += ["", f"### {t('Effort')}", "", f"{s.effort['low']}–{s.effort['high']} {t(s.effort['unit'])} ({sentence(s.effort['formula'], lang)})", ""]
        lines += markdown_lines(s.function_points, t("Function points"), md, lambda x: sentence(x, lang))
        lines += [f"### {t('Acceptance criteria')}", ""] + [f"- {md(a)}" for a in criteria(s, tests, lang)] + [""]
        lines += [f"### {t('Rollback')}", "", sentence(s.rollback, lang), ""]
    lines += [f"## {t('Assumptions')}", ""] + [f"- {a}" for a in assumptions(lang)] + [""]
    lines += [f"## {t('Exclusions')}", ""] + [f"- {e}" for e in exclusions(lang)] + [""]
    lines += [f"## {t('Glossary')}", "", f"| {t('Term')} | {t('Meaning')} |", "|---|---|"]
    lines += [f"| {md(term)} | {md(meaning)} |" for term, meaning in glossary(steps, estate, lang)]
    return "\n".join(lines).rstrip() + "\n"
