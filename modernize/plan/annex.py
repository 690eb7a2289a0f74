"""plan.docx: the replacement plan as a tender annex a bid manager pastes into a "Programma van
Eisen" — title page, table of contents, one work package per step with every section of plan.md,
assumptions, exclusions and a glossary, page numbers; English or Dutch throughout. The same plan
gives the same bytes (fixed zip entries, the date from the settings or SOURCE_DATE_EPOCH)."""

from __future__ import annotations

import datetime
import io
import os
import zipfile
from dataclasses import dataclass
from typing import Any

from modernize.escape import xml_text
from modernize.plan.acceptance import TestFile, criteria
from modernize.plan.build import DEFAULT_EFFORT, Step
from modernize.plan.function_points import summary
from modernize.plan.glossary import glossary
from modernize.plan.interfaces import contract_path
from modernize.plan.risks import rating
from modernize.plan.wording import label, sentence


@dataclass(frozen=True)
class AnnexInfo:
    """What the title page and the document properties say ([plan] organisation, version, status, date)."""

    organisation: str = ""
    version: str = "1.0"
    status: str = "draft"
    date: str = ""  # ISO date; empty: SOURCE_DATE_EPOCH, else today (UTC)

    @classmethod
    def from_table(cls, table: dict[str, Any]) -> AnnexInfo:
        return cls(str(table.get("organisation", "")), str(table.get("version", "1.0")), str(table.get("status", "draft")),
                   str(table.get("date", "")))

    def day(self) -> datetime.date:
        if self.date:
            return datetime.date.fromisoformat(self.date)
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
        if epoch.isdigit():
            return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date()
        return datetime.datetime.now(datetime.UTC).date()

    def author(self) -> str:
        return self.organisation or "modernize"


def assumptions(lang: str) -> list[str]:
    if lang == "nl":
        return ["Hoeveelheden zijn berekend uit de broncode in de repository; broncode buiten de repository is niet meegeteld.",
                "Inspanningsbandbreedtes volgen het beschreven model en de parameters, die de aanbestedende dienst kalibreert.",
                "Bestaande programma's blijven geïnstalleerd en bruikbaar tot de stap die ze vervangt is geaccepteerd.",
                "Het plan noemt geen product of leverancier."]
    return ["Quantities are computed from the source code in the repository; source outside the repository is not counted.",
            "Effort ranges follow the documented model and its parameters, to be calibrated by the contracting authority.",
            "Legacy programs stay deployed and usable until the step that replaces them is accepted.",
            "The plan names no product or supplier."]


def exclusions(lang: str) -> list[str]:
    if lang == "nl":
        return ["Infrastructuur, licenties en hosting van de nieuwe omgeving.", "Wijzigingen in functionaliteit: de vervanging gedraagt zich als het bestaande systeem.",
                "Opleiding van gebruikers en beheer na acceptatie.", "Programma's die in de instellingen van het plan zijn uitgesloten."]
    return ["Infrastructure, licences and hosting of the new environment.", "Changes in functionality: the replacement behaves as the legacy system does.",
            "Training of users and operations after acceptance.", "Programs excluded in the plan's settings."]


def effort_model(lang: str) -> str:
    parameters = ", ".join(f"{k} = {v:g}" for k, v in sorted(DEFAULT_EFFORT.items()))
    if lang == "nl":
        return ("inspanning (persoonsdagen) = KLOC × hours_per_kloc × complexiteitsfactor × risicofactor / hours_per_day; "
                "complexiteitsfactor = (complexiteit per KLOC) / complexity_per_kloc_baseline, minimaal 0,5; risicofactor = 1 + risk_weight × risico's; "
                "bandbreedte = vermenigvuldigers low/high. Parameters (te kalibreren in modernize.toml, [plan.effort]): " + parameters)
    return ("effort (person-days) = KLOC × hours_per_kloc × complexity factor × risk factor / hours_per_day; "
            "complexity factor = (complexity per KLOC) / complexity_per_kloc_baseline, at least 0.5; risk factor = 1 + risk_weight × risks; "
            "range = low/high multipliers. Parameters (calibrate in modernize.toml, [plan.effort]): " + parameters)


def field_code(paragraph: Any, instruction: str, placeholder: str) -> None:
    """A complex field (begin, instruction, separate, placeholder, end) Word fills in when it updates fields."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind: str) -> None:
        run = paragraph.add_run()
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            element.set(qn("w:dirty"), "true")
        run._r.append(element)

    char("begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    paragraph.add_run()._r.append(code)
    char("separate")
    paragraph.add_run(placeholder)
    char("end")


def to_docx(steps: list[Step], estate: dict[str, Any], lang: str = "en", info: AnnexInfo | None = None,
            tests: list[TestFile] | None = None) -> bytes:
    """The tender annex (see the module's docstring)."""
    from docx import Document
    from docx.enum.text import WD_BREAK
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.table import _Cell
    from lxml import etree

    info = info or AnnexInfo()
    document = Document()
    name = str(estate.get("name", ""))

    def t(text: str) -> str:
        return label(text, lang)

    def heading(text: str, level: int) -> None:
        paragraph(text, "Title" if level == 0 else f"Heading {level}")  # what add_heading does, the style looked up once

    style_ids: dict[str, str] = {}

    def paragraph(text: str, style: str | None = None) -> Any:
        # The style by its id, looked up once: python-docx looks a name up (and the default style)
        # again for every paragraph, most of a large plan's annex.
        added = document.add_paragraph(xml_text(text))
        if style is not None:
            if style not in style_ids:
                style_ids[style] = document.styles[style].style_id
            added._p.get_or_add_pPr().style = style_ids[style]
        return added

    def cell_text(tc: Any, text: str) -> None:
        """A new table cell's one paragraph gets ``text`` as a run (``_Cell.text`` clears and rebuilds it)."""
        run = etree.SubElement(tc.p_lst[0], qn("w:r"))
        for number, line in enumerate(text.split("\n")):
            if number:
                etree.SubElement(run, qn("w:br"))
            element = etree.SubElement(run, qn("w:t"))
            element.text = line
            if line != line.strip():
                element.set(qn("xml:space"), "preserve")

    def table(header: list[str], rows: list[list[Any]]) -> None:
        # All rows at once, cells reached through their rows' XML: add_row() and .cells look every
        # cell of the table up again, which made a 177-step plan's annex take 50 s.
        grid = document.add_table(rows=1 + len(rows), cols=len(header))
        grid.style = "Table Grid"
        lines = grid._tbl.tr_lst
        for tc, text in zip(lines[0].tc_lst, header, strict=True):
            _Cell(tc, grid).paragraphs[0].add_run(xml_text(text)).bold = True
        for tr, row in zip(lines[1:], rows, strict=True):
            for tc, value in zip(tr.tc_lst, row, strict=True):
                if text := xml_text(str(value)):
                    cell_text(tc, text)

    title = f"{t('Replacement plan')}: {name}"
    document.add_paragraph(xml_text(title), style="Title")
    paragraph(f"{t('Annex')} — {t('Replacement plan')}", "Subtitle")
    for key, value in (("Organisation", info.author()), ("Version", info.version), ("Date", info.day().isoformat()), ("Status", t(info.status))):
        paragraph(f"{t(key)}: {value}")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    heading(t("Contents"), 1)
    field_code(document.add_paragraph(), 'TOC \\o "1-3" \\h \\z \\u', t("Right-click and choose Update Field to fill in the table of contents."))
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    document.settings.element.append(update)
    footer = document.sections[0].footer.paragraphs[0]
    footer.add_run(f"{xml_text(title)} — {t('Page')} ")
    field_code(footer, "PAGE", "1")

    heading(t("Estate"), 1)
    counts = estate.get("counts", {})
    table([t("Item"), t("Number")], [[t(key), value] for key, value in sorted(counts.items(), key=lambda kv: t(kv[0]).lower())])
    paragraph(f"{len(steps)} {t('steps')}, {max((s.wave for s in steps), default=0)} {t('waves')}")
    def function_points(points: dict[str, Any], title: str) -> None:
        """A count with its formulas and effort, and the table of counted elements a counter can check."""
        if not points:
            return
        paragraph(f"{title}: {sentence(summary(points), lang)}")
        if points["functions"]:
            table([t("Element"), t("Type"), t("Why")], [[f["name"], f["type"], sentence(f["why"], lang)] for f in points["functions"]])

    heading(t("Effort model"), 1)
    paragraph(effort_model(lang))
    function_points(estate.get("function_points", {}), f"{t('Function points')} ({t('Estate')})")

    heading(t("Work packages"), 1)
    for s in steps:
        heading(f"{t('Step')} {s.id} ({t('wave')} {s.wave}): {sentence(s.title, lang)}", 2)
        heading(t("Scope"), 3)
        programs = ", ".join(p.split(":", 1)[1] for p in s.programs) or "—"
        paragraph(f"{len(s.programs)} {t('programs')} ({programs}), {s.lines} {t('code lines')}, {t('complexity')} {s.complexity}")
        heading(t("Why here"), 3)
        paragraph(sentence(s.why, lang))
        heading(t("Interfaces"), 3)
        for interface in s.interfaces:
            paragraph(interface_text(interface, s.display, lang), "List Bullet")
        if not s.interfaces:
            paragraph(t("none"))
        if (contract := contract_path(s)) is not None:
            paragraph(f"{t('Interface contract')}: {contract} (OpenAPI 3.1)")
        paragraph(f"{t('Coexistence')}: {sentence(s.coexistence, lang)}")
        heading(t("Data owned and shared"), 3)
        paragraph(f"{t('Owned data')}: {names(s.owned_data) or t('none')}")
        paragraph(f"{t('Shared data')}: {names(s.shared_data) or t('none')}")
        if s.used_outside:
            paragraph(f"{t('Used outside the programs')}: " + "; ".join(
                f"{data.split(':', 1)[1]} ({', '.join(caller(u, s.display, lang) for u in users)})" for data, users in sorted(s.used_outside.items())))
        if s.crud:
            paragraph(f"{t('CRUD matrix')}:")
            table([t("Program"), t("Data store"), "C", "R", "U", "D"],
                  [[c["program"], f"{t(c['kind'])} {c['store']}", *(x if x in c["crud"] else "" for x in "CRUD")] for c in s.crud])
        heading(t("Dependencies"), 3)
        paragraph(f"{t('Depends on')}: {', '.join(s.depends_on) or t('none')}")
        heading(t("Copybooks"), 3)
        paragraph(names(s.copybooks) or t("none"))
        heading(t("Risks"), 3)
        if s.risks:
            table([t("Risk"), t("Evidence"), t("Likelihood"), t("Impact"), t("Mitigation")],
                  [[sentence(r["risk"], lang), sentence(r["evidence"], lang), t(rating(r["risk"]).likelihood), t(rating(r["risk"]).impact),
                    rating(r["risk"]).mitigation_in(lang)] for r in s.risks])
        else:
            paragraph(t("none"))
        heading(t("Effort"), 3)
        paragraph(f"{s.effort['low']}–{s.effort['high']} {t(s.effort['unit'])}")
        paragraph(f"{t('Formula')}: {sentence(s.effort['formula'], lang)}")
        function_points(s.function_points, t("Function points"))
        heading(t("Acceptance criteria"), 3)
        for criterion in criteria(s, tests, lang):
            paragraph(criterion, "List Bullet")
        heading(t("Rollback"), 3)
        paragraph(sentence(s.rollback, lang))

    heading(t("Assumptions"), 1)
    for text in assumptions(lang):
        paragraph(text, "List Bullet")
    heading(t("Exclusions"), 1)
    for text in exclusions(lang):
        paragraph(text, "List Bullet")
    heading(t("Glossary"), 1)
    table([t("Term"), t("Meaning")], [list(entry) for entry in glossary(steps, estate, lang)])

    moment = datetime.datetime.combine(info.day(), datetime.time(), datetime.UTC)
    properties = document.core_properties
    properties.author = properties.last_modified_by = info.author()
    properties.title, properties.subject = title, t("Replacement plan")
    properties.keywords, properties.language = "modernize", "nl-NL" if lang == "nl" else "en-GB"
    properties.version, properties.comments = info.version, ""
    properties.created = properties.modified = properties.last_printed = moment
    properties.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return deterministic_zip(buffer.getvalue())


def names(ids: list[str]) -> str:
    return ", ".join(i.split(":", 1)[1] for i in ids)


def caller(node: str, display: dict[str, str] | None = None, lang: str = "en") -> str:
    """A caller by its name; one that is no program (a Java class, a z/OS Connect service) with its
    kind and its name as written."""
    kind, name = node.split(":", 1)
    return name if kind == "program" else f"{label(kind, lang)} {(display or {}).get(node, name)}"


def interface_text(interface: dict[str, Any], display: dict[str, str] | None = None, lang: str = "en") -> str:
    nl = lang == "nl"
    kind = interface["kind"]
    if kind == "call":
        linkage = ", ".join(f"{p['name']} ({p['length']} bytes)" for p in interface["linkage"]) or ("geen LINKAGE-parameters" if nl else "no LINKAGE parameters")
        return (f"CALL/LINK {interface['program'].split(':', 1)[1]} via {', '.join(interface['mechanisms'])}, parameters {linkage}; "
                f"{'aangeroepen door' if nl else 'called by'} {', '.join(caller(c, display, lang) for c in interface['callers'])}")
    if kind in ("transaction", "screen"):
        return f"{label(kind, lang)} {interface['id'].split(':', 1)[1]} ({interface['program'].split(':', 1)[1]})"
    layouts = "; ".join(
        f"record {', '.join(layout['records'])} ({layout['record_length']} bytes) in {layout['program'].split(':', 1)[1]}"
        for layout in interface.get("record_layouts", [])
    )
    return f"{label(kind, lang)} {interface['id'].split(':', 1)[1]}" + (f": {layouts}" if layouts else "")


def deterministic_zip(data: bytes) -> bytes:
    """The same .docx for the same plan: entries in a fixed order with a fixed timestamp."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in sorted(source.namelist()):
            zipped = zipfile.ZipInfo(entry, date_time=(1980, 1, 1, 0, 0, 0))
            zipped.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(zipped, source.read(entry))
    return out.getvalue()
