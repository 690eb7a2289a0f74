"""plan.docx as a tender annex: title page and properties, TOC and page fields, every section per
step, human labels, Dutch throughout, acceptance criteria that cite only generated tests; a slow
test renders it to PDF with LibreOffice and to the page image the README shows."""

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document

from modernize.plan.annex import AnnexInfo, to_docx
from modernize.plan.export import to_markdown
from tests.conftest import ROOT

INFO = AnnexInfo(organisation="Gemeente Voorbeeld", version="0.9", status="final", date="2026-03-01")
SECTIONS_EN = ["Scope", "Why here", "Interfaces", "Data owned and shared", "Dependencies", "Copybooks", "Risks", "Effort",
               "Acceptance criteria", "Rollback"]
SECTIONS_NL = ["Omvang", "Waarom hier", "Koppelvlakken", "Eigen en gedeelde gegevens", "Afhankelijkheden", "Copyboeken", "Risico's",
               "Inspanning", "Acceptatiecriteria", "Terugval"]


@pytest.fixture(scope="module")
def annex(example_estate):
    plan, tests = example_estate.plan, example_estate.tests.test_files()
    return plan, tests, {lang: to_docx(plan.steps, plan.estate, lang, INFO, tests) for lang in ("en", "nl")}


def headings(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]


def xml(data: bytes) -> str:
    import zipfile

    return zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()


def test_every_section_of_every_step_has_its_heading(annex):
    plan, _, data = annex
    found = headings(Document(io.BytesIO(data["en"])))
    for title in ("Contents", "Estate", "Effort model", "Work packages", "Assumptions", "Exclusions", "Glossary"):
        assert title in found
    for step in plan.steps:
        start = next(i for i, h in enumerate(found) if h.startswith(f"Step {step.id} "))
        assert found[start + 1:start + 1 + len(SECTIONS_EN)] == SECTIONS_EN


def test_title_page_and_core_properties(annex):
    _, _, data = annex
    document = Document(io.BytesIO(data["en"]))
    properties = document.core_properties
    assert properties.author == "Gemeente Voorbeeld" and properties.title == "Replacement plan: cobol"
    assert properties.created.date().isoformat() == "2026-03-01" and properties.version == "0.9"
    first = "\n".join(p.text for p in document.paragraphs[:8])
    for text in ("Replacement plan: cobol", "Organisation: Gemeente Voorbeeld", "Version: 0.9", "Date: 2026-03-01", "Status: final"):
        assert text in first
    assert AnnexInfo().author() == "modernize"


def test_toc_and_page_fields(annex):
    _, _, data = annex
    body = xml(data["en"])
    assert 'TOC \\o "1-3" \\h \\z \\u' in body
    import zipfile

    archive = zipfile.ZipFile(io.BytesIO(data["en"]))
    footers = "".join(archive.read(n).decode() for n in archive.namelist() if n.startswith("word/footer"))
    assert " PAGE " in footers and "w:fldChar" in footers
    assert "w:updateFields" in archive.read("word/settings.xml").decode()


def test_tables_have_human_labels_and_risks_are_rated(annex):
    _, _, data = annex
    document = Document(io.BytesIO(data["en"]))
    estate = [row.cells[0].text for row in document.tables[0].rows]
    assert "code lines" in estate and "CICS file" in estate
    assert not {"code_lines", "cicsfile", "jclinclude", "mapset"} & set(estate)
    risk_tables = [t for t in document.tables if t.rows[0].cells[0].text == "Risk"]
    assert risk_tables and [c.text for c in risk_tables[0].rows[0].cells] == ["Risk", "Evidence", "Likelihood", "Impact", "Mitigation"]
    assert document.tables[-1].rows[0].cells[0].text == "Term"
    glossary = {row.cells[0].text for row in document.tables[-1].rows}
    assert {"golden master", "program", "AANVRAAG"} <= glossary


def test_acceptance_cites_only_generated_tests(annex, example_estate):
    plan, tests, data = annex
    text = "\n".join(p.text for p in Document(io.BytesIO(data["en"])).paragraphs)
    files = set(example_estate.tests.files)
    cited = re.findall(r"the (\d+) characterization test\(s\) in tests/(\S+\.py)", text)
    assert cited and all(path in files for _, path in cited)
    counts = {f.path: f.tests for f in tests}
    assert all(int(n) == counts[path] for n, path in cited)
    assert "business rule(s) pass" not in text
    assert "the characterization tests of its" not in to_markdown(plan.steps, plan.estate, "en", tests)


def step_tables(document) -> dict[str, list[list[list[str]]]]:
    """Step id -> the tables written under its heading, in body order (paragraphs and tables interleave)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    found: dict[str, list[list[list[str]]]] = {}
    step = None
    for element in document.element.body.iterchildren():
        if element.tag.endswith("}p"):
            text = Paragraph(element, document).text
            if Paragraph(element, document).style.name == "Heading 2":
                step = text.split()[1] if text.startswith("Step ") else None
        elif element.tag.endswith("}tbl") and step:
            found.setdefault(step, []).append([[c.text for c in row.cells] for row in Table(element, document).rows])
    return found


def test_each_step_carries_its_crud_table(annex):
    plan, _, data = annex
    tables = step_tables(Document(io.BytesIO(data["en"])))
    step = next(s for s in plan.steps if "program:TSB030" in s.programs)
    crud = next(t for t in tables[step.id] if t[0] == ["Program", "Data store", "C", "R", "U", "D"])
    # TSB030 INSERTs into BETALING and reads it in its cursor; its cursor reads AANVRAAG, which it UPDATEs
    assert ["TSB030", "table BETALING", "C", "R", "", ""] in crud
    assert ["TSB030", "table AANVRAAG", "", "R", "U", ""] in crud
    assert ["TSB030", "table V_BETALING_TOTAAL", "", "R", "", ""] in crud
    for s in plan.steps:  # every step with rows in plan.md has them in the annex, and only its own programs
        rows = next((t[1:] for t in tables.get(s.id, []) if t[0][:2] == ["Program", "Data store"]), [])
        assert len(rows) == len(s.crud)
        assert {r[0] for r in rows} <= {p.split(":", 1)[1] for p in s.programs}


def test_dutch_throughout(annex):
    plan, tests, data = annex
    document = Document(io.BytesIO(data["nl"]))
    found = headings(document)
    assert all(section in found for section in SECTIONS_NL)
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "roept geen ander deel van het landschap aan" in text and "Organisatie: Gemeente Voorbeeld" in text
    assert "hebben nog geen golden master en worden overgeslagen" in text and "leid de ingangen" in text  # no capture here
    for english in ("calls no other part", "so it can be replaced first", "synchronise the shared data", "route the entry points",
                    "pass against legacy", "have no golden master", "is used by", "h per day", "high GO TO density", "Migrate the shared data stores"):
        assert english not in text, english
    markdown = to_markdown(plan.steps, plan.estate, "nl", tests)
    assert "### Waarom hier" in markdown and "calls no other part" not in markdown and "is used by" not in markdown


def test_the_same_plan_gives_the_same_bytes(annex):
    plan, tests, data = annex
    assert to_docx(plan.steps, plan.estate, "en", INFO, tests) == data["en"]


@pytest.mark.slow
def test_libreoffice_renders_the_annex(annex, tmp_path):
    """The annex opens in LibreOffice (a PDF with the title page); its first work-package page is the
    README's image, docs/plan-annex.png (rewritten here with MODERNIZE_UPDATE_GOLDEN=1)."""
    if shutil.which("soffice") is None or shutil.which("pdftoppm") is None:
        pytest.skip("LibreOffice (soffice, Debian libreoffice-writer-nogui) or pdftoppm (poppler-utils) is not installed: "
                    "scripts/install-system-deps.sh installs them")
    _, _, data = annex
    source = tmp_path / "plan.docx"
    source.write_bytes(data["nl"])
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf", "--outdir",
                    str(tmp_path), str(source)], check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "plan.pdf"
    assert pdf.stat().st_size > 10_000
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "3", "-l", "3", str(pdf), str(tmp_path / "page")], check=True, timeout=60)
    image = next(tmp_path.glob("page*.png"))
    assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    import os

    if os.environ.get("MODERNIZE_UPDATE_GOLDEN") == "1":
        shutil.copy(image, ROOT / "docs" / "plan-annex.png")
    assert Path(ROOT / "docs" / "plan-annex.png").is_file()
