"""The screens in the report: pages per map and mapset, the drawings on module pages, and in a browser."""

import re

import pytest

from modernize.report.screens import screen_outputs

# docs/screen-page.png, README's picture, is this screenshot.


def element(page: str, field: str) -> str:
    """The drawing's element of a field (its first segment)."""
    found = re.search(rf'<(?:input|span)[^>]*data-field="{field}"[^>]*>', page)
    assert found, f"no element for {field}"
    return found.group(0)


def test_the_example_screen_pages(example_run):
    page = (example_run / "screens" / "TSM100.TSM100A.html").read_text()
    choice = element(page, "MKEUZE")
    assert choice.startswith("<input") and 'type="text"' in choice and 'maxlength="1"' in choice
    assert 'data-row="10"' in choice and 'data-col="26"' in choice
    assert element(page, "MDATUM").startswith("<span") and 'data-col="71"' in element(page, "MDATUM")
    assert re.search(r'data-row="4" data-col="11"><span>KIES EEN FUNCTIE:</span>', page)
    assert '<a href="../modules/TSO100.program.html#L-89">cbl/TSO100.cbl:89</a>' in page
    assert '<a href="../modules/TSO100.program.html#L-165">cbl/TSO100.cbl:165</a>' in page
    assert 'href="../modules/TSM100.copybook.html#L-13" title="MDATUMI, line 13 of cpy/TSM100.cpy" aria-label="MDATUMI">I</a>' in page
    assert 'href="../modules/TSM100.copybook.html#L-42"' in page  # MDATUMO
    assert '<a href="../screens/index.html">Screens</a>' in page
    index = (example_run / "screens" / "index.html").read_text()
    assert 'href="TSM100.TSM100A.html"' in index and 'href="TSM110.TSM110A.html"' in index
    assert "TSO110, TSO120" in index
    mapset = (example_run / "screens" / "TSM110.html").read_text()
    assert 'data-screen="TSM110.TSM110A"' in mapset


def test_programs_and_the_symbolic_map_show_the_screen(example_run):
    program = (example_run / "modules" / "TSO120.program.html").read_text()
    assert 'data-screen="TSM110.TSM110A"' in program
    assert '<a href="../screens/TSM110.TSM110A.html">screen TSM110A</a> of mapset TSM110: RECEIVE MAP at line 138; SEND MAP at lines 341, 381' in program
    assert 'data-screen="TSM100.TSM100A"' not in program
    copybook = (example_run / "modules" / "TSM100.copybook.html").read_text()
    assert 'data-screen="TSM100.TSM100A"' in copybook and "its symbolic map is this copybook" in copybook
    batch = (example_run / "modules" / "TSB010.program.html").read_text()
    assert "data-screen=" not in batch
    # the module page's links go to the screen's page
    assert '<a href="../screens/TSM110.TSM110A.html">screen TSM110A</a></li>' in program


def edge_pages(analyse) -> dict[str, str]:
    lines = [  # each within column 71
        "EDGE     DFHMSD TYPE=MAP,MODE=INOUT,LANG=COBOL,DSATTS=(COLOR,HILIGHT)",
        "EDGEA    DFHMDI SIZE=(43,80)",
        "         DFHMDF POS=(1,1),LENGTH=20,ATTRB=ASKIP,INITIAL='<b>x</b>'",
        "PASS     DFHMDF POS=(5,1),LENGTH=8,ATTRB=(UNPROT,DRK),INITIAL='SECRET'",
        "HIDE     DFHMDF POS=(6,1),LENGTH=6,ATTRB=(ASKIP,DRK),INITIAL='HIDDEN'",
        "NOPOS    DFHMDF LENGTH=3,ATTRB=UNPROT,COLOR=YELLOW",
        "WIDE     DFHMDF POS=(43,75),LENGTH=10,ATTRB=ASKIP,INITIAL='ABCDEFGHIJ'",
        "         DFHMSD TYPE=FINAL",
    ]
    assert all(len(line) <= 71 for line in lines)
    analysis = analyse({"bms/EDGE.bms": "\n".join(lines) + "\n"})
    return {name: output.decode() for name, output in screen_outputs("edge", analysis.modules, set()).items()}


def test_dark_fields_are_hidden_and_problems_are_said(analyse):
    pages = edge_pages(analyse)
    assert sorted(pages) == ["screens/EDGE.EDGEA.html", "screens/EDGE.html", "screens/index.html"]
    page = pages["screens/EDGE.EDGEA.html"]
    drawing = page.split('class="s3270" role="group"')[1].split("</div>")[0]
    assert 'type="password"' in element(drawing, "PASS") and "SECRET" not in drawing and "HIDDEN" not in drawing
    assert 'class="f c-blue prot drk"' in element(drawing, "HIDE")
    assert "c-yellow" in element(drawing, "NOPOS")
    assert "grid-template-rows: auto repeat(43, 1.35em)" in drawing
    assert "<code>SECRET</code>" in page  # the fields table says what the source says
    assert "&lt;b&gt;x&lt;/b&gt;" in drawing and "<b>x" not in page
    assert "NOPOS has no usable POS: drawn right after the previous field" in page
    assert "WIDE runs past the end of the map: cut after row 43, column 80" in page
    assert "No copybook of the estate holds its symbolic map" in page
    assert re.search(r"PASS <span title=\"PASSL\">L</span>.*<span title=\"PASSC\">C</span> <span title=\"PASSH\">H</span>", page)


@pytest.mark.slow  # Chromium
def test_a_screen_page_in_headless_chromium(example_run, offline_page, artifacts):
    page = offline_page(1000, 760)
    page.goto((example_run / "screens" / "TSM100.TSM100A.html").as_uri())
    first = page.locator('.s3270 [data-row="1"][data-col="2"]').bounding_box()  # 'TSO100': row 1, column 2
    menu = page.locator(".s3270").get_by_text("KIES EEN FUNCTIE:", exact=True).bounding_box()  # POS=(4,10): row 4, column 11
    assert page.locator('.s3270 [data-row="1"][data-col="2"]').inner_text() == "TSO100"
    cell = first["width"] / 6
    assert menu["x"] - first["x"] == pytest.approx(9 * cell, abs=1)
    height = page.locator('.s3270 .rown').nth(1).bounding_box()["y"] - page.locator('.s3270 .rown').nth(0).bounding_box()["y"]
    assert menu["y"] - first["y"] == pytest.approx(3 * height, abs=1)
    choice = page.locator('.s3270 input[data-field="MKEUZE"]')
    box = choice.bounding_box()
    assert box["x"] - first["x"] == pytest.approx(24 * cell, abs=1) and box["width"] == pytest.approx(cell, abs=1)
    choice.fill("1")
    assert choice.input_value() == "1"
    colour = choice.evaluate("e => getComputedStyle(e).color")
    assert colour == "rgb(53, 224, 90)"  # green: an unprotected field without COLOR
    assert page.locator(".s3270 input").count() == 4  # MKEUZE, MBSN, MSOORT, MJAAR
    choice.blur()
    page.screenshot(path=str(artifacts / "screen-page.png"))
    page.locator('#fields tr[data-field="MBSN"]').hover()  # its row outlines its cells on the screen
    assert page.locator('.s3270 .hl').evaluate_all("es => es.map(e => e.dataset.field)") == ["MBSN"]
    page.mouse.move(0, 0)
    assert page.locator('.s3270 .hl').count() == 0
