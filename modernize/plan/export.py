"""Plan exports: plan.md (for people), plan.json (schema in docs/plan.md), plan.csv (one work package
per row, for spreadsheets) and plan.docx (a vendor-neutral tender annex, English or Dutch)."""

from __future__ import annotations

import csv
import datetime
import io
import json
import zipfile
from typing import Any

from modernize.escape import csv_row, xml_text
from modernize.escape import md_text as md
from modernize.plan.build import DEFAULT_EFFORT, Step
from modernize.plan.function_points import MODEL, markdown_lines
from modernize.plan.interfaces import contract_path

SCHEMA = "modernize-plan/1"
FIXED_TIME = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
NL = {
    "Replacement plan": "Vervangingsplan", "Step": "Stap", "wave": "golf", "Why here": "Waarom hier", "Scope": "Omvang",
    "programs": "programma's", "code lines": "coderegels", "complexity": "complexiteit", "Interfaces to keep stable": "Stabiel te houden koppelvlakken",
    "Coexistence": "Samenleving oud en nieuw", "Risks": "Risico's", "Effort": "Inspanning", "Acceptance criteria": "Acceptatiecriteria",
    "Rollback": "Terugval", "Depends on": "Hangt af van", "none": "geen", "Estate": "Landschap", "Effort model": "Inspanningsmodel",
    "Work packages": "Werkpakketten", "Assumptions": "Aannames", "Quantities": "Hoeveelheden", "steps": "stappen", "waves": "golven",
    "Owned data": "Eigen gegevens", "Shared data": "Gedeelde gegevens", "person-days": "persoonsdagen",
    "Used outside the programs": "Gebruikt buiten de programma's", "Function points": "Functiepunten", "Interface contract": "Koppelvlakcontract",
}


def t(text: str, lang: str) -> str:
    return NL.get(text, text) if lang == "nl" else text


def plan_data(steps: list[Step], estate: dict[str, Any]) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "estate": estate,
        "effort_model": {"unit": "person-days", "parameters": dict(DEFAULT_EFFORT)},
        "steps": [s.to_dict() for s in steps],
    }


def to_json(steps: list[Step], estate: dict[str, Any]) -> str:
    return json.dumps(plan_data(steps, estate), sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def to_csv(steps: list[Step]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", "title", "wave", "depends_on", "programs", "code_lines", "complexity", "interfaces", "risks", "effort_low", "effort_high", "effort_unit"])
    for s in steps:
        writer.writerow(csv_row([s.id, s.title, s.wave, " ".join(s.depends_on), " ".join(p.split(":", 1)[1] for p in s.programs), s.lines,
                                 s.complexity, len(s.interfaces), len(s.risks), s.effort["low"], s.effort["high"], s.effort["unit"]]))
    return buffer.getvalue()


def interface_text(interface: dict[str, Any], display: dict[str, str] | None = None) -> str:
    kind = interface["kind"]
    if kind == "call":
        linkage = ", ".join(f"{p['name']} ({p['length']} bytes)" for p in interface["linkage"]) or "no LINKAGE parameters"
        return f"CALL/LINK {interface['program'].split(':', 1)[1]} via {', '.join(interface['mechanisms'])}, parameters {linkage}; called by {', '.join(caller(c, display) for c in interface['callers'])}"
    if kind in ("transaction", "screen"):
        return f"{kind} {interface['id'].split(':', 1)[1]} ({interface['program'].split(':', 1)[1]})"
    layouts = "; ".join(
        f"record {', '.join(layout['records'])} ({layout['record_length']} bytes) in {layout['program'].split(':', 1)[1]}"
        for layout in interface.get("record_layouts", [])
    )
    return f"{kind} {interface['id'].split(':', 1)[1]}" + (f": {layouts}" if layouts else "")


def caller(node: str, display: dict[str, str] | None = None) -> str:
    """A caller by its name; one that is no program (a Java class, a z/OS Connect service) with its
    kind and its name as written."""
    kind, name = node.split(":", 1)
    return name if kind == "program" else f"{kind} {(display or {}).get(node, name)}"


def names(ids: list[str]) -> str:
    """Node ids (kind:NAME) as their names, each escaped for Markdown."""
    return ", ".join(md(i.split(":", 1)[1]) for i in ids)


def to_markdown(steps: list[Step], estate: dict[str, Any], lang: str = "en") -> str:
    lines = [f"# {t('Replacement plan', lang)}: {md(estate.get('name', ''))}", ""]
    waves = max((s.wave for s in steps), default=0)
    lines += [f"{len(steps)} {t('steps', lang)}, {waves} {t('waves', lang)}; " + ", ".join(f"{k}: {v}" for k, v in sorted(estate.get("counts", {}).items())), ""]
    lines += [f"## {t('Effort model', lang)}", "", "effort (person-days) = KLOC × hours_per_kloc × complexity factor × risk factor / hours_per_day; "
              "complexity factor = (complexity per KLOC) / complexity_per_kloc_baseline, at least 0.5; risk factor = 1 + risk_weight × risks; "
              "range = low/high multipliers. Parameters (calibrate in modernize.toml, [plan.effort]): "
              + ", ".join(f"{k} = {v:g}" for k, v in sorted(DEFAULT_EFFORT.items())), "", f"Beside it, {MODEL}", ""]
    lines += markdown_lines(estate.get("function_points", {}), f"{t('Function points', lang)} ({t('Estate', lang)})", md)
    for s in steps:  # why, coexistence, risk, effort and rollback are modernize's own words; names are escaped
        lines += [f"## {t('Step', lang)} {s.id} ({t('wave', lang)} {s.wave}): {md(s.title)}", ""]
        lines += [f"**{t('Why here', lang)}**: {s.why}", ""]
        lines += [f"**{t('Scope', lang)}**: {len(s.programs)} {t('programs', lang)} ({names(s.programs) or '—'}), "
                  f"{s.lines} {t('code lines', lang)}, {t('complexity', lang)} {s.complexity}", ""]
        if s.copybooks:
            lines += [f"Copybooks: {names(s.copybooks)}", ""]
        lines += [f"**{t('Owned data', lang)}**: {names(s.owned_data) or t('none', lang)}; "
                  f"**{t('Shared data', lang)}**: {names(s.shared_data) or t('none', lang)}", ""]
        if s.used_outside:
            lines += [f"**{t('Used outside the programs', lang)}**: " + "; ".join(
                f"{md(data.split(':', 1)[1])} ({', '.join(md(caller(u, s.display)) for u in users)})" for data, users in sorted(s.used_outside.items())), ""]
        lines += [f"**{t('Depends on', lang)}**: {', '.join(s.depends_on) or t('none', lang)}", ""]
        lines += [f"**{t('Interfaces to keep stable', lang)}**:", ""] + ([f"- {md(interface_text(i, s.display))}" for i in s.interfaces] or [f"- {t('none', lang)}"]) + [""]
        if (contract := contract_path(s)) is not None:
            lines += [f"**{t('Interface contract', lang)}**: `{contract}` (OpenAPI 3.1, in the plan's folder)", ""]
        lines += [f"**{t('Coexistence', lang)}**: {s.coexistence}", ""]
        lines += [f"**{t('Risks', lang)}**:", ""] + ([f"- {r['risk']} — {md(r['evidence'])}" for r in s.risks] or [f"- {t('none', lang)}"]) + [""]
        lines += [f"**{t('Effort', lang)}**: {s.effort['low']}–{s.effort['high']} {t(s.effort['unit'], lang)} ({s.effort['formula']})", ""]
        lines += markdown_lines(s.function_points, t("Function points", lang), md)
        lines += [f"**{t('Acceptance criteria', lang)}**:", ""] + [f"- {md(a)}" for a in s.acceptance] + [""]
        lines += [f"**{t('Rollback', lang)}**: {s.rollback}", ""]
    return "\n".join(lines).rstrip() + "\n"


def to_docx(steps: list[Step], estate: dict[str, Any], lang: str = "en") -> bytes:
    """The tender annex: estate facts, one work package per step, quantities, risks and assumptions."""
    from docx import Document

    document = Document()

    def heading(text: str, level: int) -> None:
        document.add_heading(xml_text(text), level)

    def paragraph(text: str, style: str | None = None) -> None:
        document.add_paragraph(xml_text(text), style=style)

    heading(f"{t('Replacement plan', lang)}: {estate.get('name', '')}", 0)
    heading(t("Estate", lang), 1)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "", ""
    for key, value in sorted(estate.get("counts", {}).items()):
        row = table.add_row().cells
        row[0].text, row[1].text = xml_text(key), xml_text(value)
    heading(t("Work packages", lang), 1)
    for s in steps:
        heading(f"{t('Step', lang)} {s.id} ({t('wave', lang)} {s.wave}): {s.title}", 2)
        paragraph(f"{t('Why here', lang)}: {s.why}")
        paragraph(f"{t('Scope', lang)}: {len(s.programs)} {t('programs', lang)}, {s.lines} {t('code lines', lang)}, {t('complexity', lang)} {s.complexity}")
        for interface in s.interfaces:
            paragraph(interface_text(interface, s.display), style="List Bullet")
        paragraph(f"{t('Coexistence', lang)}: {s.coexistence}")
        for risk in s.risks:
            paragraph(f"{risk['risk']} — {risk['evidence']}", style="List Bullet")
        paragraph(f"{t('Effort', lang)}: {s.effort['low']}–{s.effort['high']} {t(s.effort['unit'], lang)}")
        paragraph(f"{t('Rollback', lang)}: {s.rollback}")
    heading(t("Assumptions", lang), 1)
    paragraph("Quantities are computed from the source code in the repository; effort ranges follow the documented model "
              "and its parameters, to be calibrated by the contracting authority. The plan names no product or supplier.")
    document.core_properties.created = FIXED_TIME
    document.core_properties.modified = FIXED_TIME
    document.core_properties.last_printed = FIXED_TIME
    document.core_properties.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return deterministic_zip(buffer.getvalue())


def deterministic_zip(data: bytes) -> bytes:
    """The same .docx for the same plan: entries in a fixed order with a fixed timestamp."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in sorted(source.namelist()):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(name))
    return out.getvalue()
