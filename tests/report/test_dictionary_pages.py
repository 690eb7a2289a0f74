"""dictionary.html, dictionary.csv and the data pages of the example estate, and a table page in a real browser."""

import csv
import io
import re

import pytest

from modernize.output import safe_stem
from modernize.report.dictionary import data_page

# docs/table-page.png, README's picture, is this screenshot.


def test_the_dictionary_shows_88_levels_under_their_field(example_run):
    page = (example_run / "dictionary.html").read_text(encoding="utf-8")
    # cpy/TSLCOMM.cpy: 05 CA-FASE PIC X(01). 88 CA-EERSTE-KEER VALUE SPACE. 88 CA-SCHERM-GETOOND VALUE '1'. …
    section = page[page.index('id="TSLCOMM-TSL-COMMAREA"'):]
    section = section[:section.index("</section>")]
    fase = section[section.index('data-field="CA-FASE"'):]
    fase = fase[:fase.index("</tr>")]
    assert re.findall(r'<div class="cond"><span class="muted">88</span> ([\w-]+) = ([^<]*)</div>', fase) == [
        ("CA-EERSTE-KEER", "SPACE"), ("CA-SCHERM-GETOOND", "1"), ("CA-WIJZ-BEVESTIGEN", "2")]
    assert page.count('id="TSLCOMM-TSL-COMMAREA"') == 1  # once, not per program that copies it
    assert 'href="modules/TSO110.program.html"' in section  # included by, linked


def test_dictionary_csv_has_one_row_per_field_with_every_line(example_run):
    rows = list(csv.DictReader(io.StringIO((example_run / "dictionary.csv").read_text(encoding="utf-8"))))
    fase = [r for r in rows if r["field"] == "CA-FASE"]
    assert len(fase) == 1
    assert fase[0]["conditions"] == "CA-EERSTE-KEER=SPACE; CA-SCHERM-GETOOND=1; CA-WIJZ-BEVESTIGEN=2"
    status = next(r for r in rows if r["field"] == "AANVRAAG-STATUS" and r["module"] == "TSDAANV")
    assert (status["table"], status["column"], status["picture"]) == ("AANVRAAG", "AANVRAAG_STATUS", "X(1)")


def test_data_pages_are_linked_from_crud_and_module_pages(example_run):
    assert data_page("table", "AANVRAAG") == "data/table-AANVRAAG.html"
    assert data_page("dataset", "TSJ010.&&AANVSRT") == f"data/dataset-{safe_stem('TSJ010.&&AANVSRT')}.html"
    crud = (example_run / "crud.html").read_text(encoding="utf-8")
    assert '<a href="data/table-AANVRAAG.html">AANVRAAG</a>' in crud
    module = (example_run / "modules" / "TSO110.program.html").read_text(encoding="utf-8")
    assert 'href="../data/table-AANVRAAG.html"' in module and 'href="../data/file-TSPERS.html"' in module
    # cbl/TSO110.cbl 181: EXEC CICS READ FILE('TSPERS') INTO(PERS-RECORD), the 01 of cpy/TSLPERS.cpy
    assert 'id="TSLPERS-PERS-RECORD"' in (example_run / "data" / "file-TSPERS.html").read_text(encoding="utf-8")
    assert 'id="TSLPERS-PERS-RECORD"' in (example_run / "data" / "dataset-TSL.PROD.PERSOON.KSDS.html").read_text(encoding="utf-8")
    assert not (example_run / "data" / "dataset-TSL.PROD.LOADLIB.html").exists()  # a load library is no data


def test_a_dataset_page_shows_the_fd_record_and_the_job_steps(example_run):
    page = (example_run / "data" / "dataset-TSL.PROD.BETALING.html").read_text(encoding="utf-8")
    # TSB020 OPEN OUTPUT BETAAL-UIT (FD record COPY TSLBETR: 01 BET-RECORD) under DD BETALING of the TSBATCH PROC
    assert 'id="TSLBETR-BET-RECORD"' in page
    assert re.search(r'<tr data-program="TSB020"><th scope="row"><a href="../modules/TSB020.program.html">TSB020</a></th><td class="letters">C</td>', page)
    assert re.search(r'<tr data-step="TSJ020.BETAAL.BEREKEN"><th scope="row">(?:<a [^>]*>)?TSJ020.BETAAL.BEREKEN(?:</a>)?</th>'
                     r'<td class="letters">C</td><td>BETALING</td><td>NEW,CATLG,DELETE</td>', page)
    assert re.search(r'<tr data-step="TSJ020.BETAAL.CORRECT">.*?<td class="letters">U</td><td>BETALING</td><td>MOD</td>', page)  # DISP=MOD


def test_job_steps_get_crud_letters_from_disp():
    from modernize.report.dictionary import step_letters

    # jcl/TSJ010.jcl: STEP010 SORTOUT DD DSN=&&AANVSRT,DISP=(NEW,PASS); STEP020 AANVRIN DD DSN=&&AANVSRT,DISP=(OLD,DELETE)
    assert step_letters("writes", {"disp": "NEW,PASS"}) == {"C"}
    assert step_letters("reads", {"disp": "OLD,DELETE"}) | step_letters("writes", {"disp": "OLD,DELETE"}) == {"R", "D"}
    assert step_letters("writes", {"command": "DEFINE"}) == {"C"} and step_letters("writes", {"command": "DELETE"}) == {"D"}


@pytest.mark.slow  # Chromium
def test_table_page_in_headless_chromium(example_run, offline_page, artifacts):
    page = offline_page(1200, 1500)
    page.goto((example_run / "data" / "table-AANVRAAG.html").as_uri())
    # ddl/TSDDL01.sql: CREATE TABLE TSL.AANVRAAG (AANVRAAGNR CHAR(10) NOT NULL, BSN …, … MUTATIE_TS), 16 columns
    columns = page.locator("#columns tbody th").all_inner_texts()
    assert len(columns) == 16 and columns[:3] == ["AANVRAAGNR", "BSN", "SOORT"] and columns[-1] == "MUTATIE_TS"
    key = page.locator("#columns tbody tr[data-column=AANVRAAGNR] td").all_inner_texts()
    assert key[1:4] == ["CHAR(10)", "no", "PK"]  # NOT NULL
    assert page.locator("#columns tbody tr[data-column=BSN] td >> nth=3").inner_text().strip() == "FK → PERSOON(BSN)"
    # dclgen/TSDAANV.cpy: 10 AANVRAAG-STATUS PIC X(1) is the host variable of column AANVRAAG_STATUS
    assert page.locator("#columns tbody tr[data-column=AANVRAAG_STATUS] td >> nth=5").inner_text() == "AANVRAAG-STATUS"
    # TSO110 SELECT (read), TSO120 SELECT and UPDATE, TSB030 cursor, SELECT and UPDATE
    crud = {p: page.locator(f"#crud tr[data-program={p}] td.letters").inner_text() for p in ("TSB030", "TSO110", "TSO120")}
    assert crud == {"TSB030": "RU", "TSO110": "R", "TSO120": "RU"}
    hosts = page.locator("#host-variables tbody tr").all_inner_texts()
    assert any(row.split("\t")[:3] == ["TSO110", "AANVRAAG_STATUS", "AANVRAAG-STATUS"] for row in hosts)
    page.click("#columns tbody tr[data-column=AANVRAAG_STATUS] td >> nth=5 >> a")
    assert page.url.endswith("dictionary.html#TSDAANV-DCLAANVRAAG")
    page.go_back()
    page.screenshot(path=str(artifacts / "table-page.png"))


def test_values_are_shown_as_cobol_writes_them():
    from modernize.report.dictionary import values_text

    assert values_text(["HT", "ZT"]) == "'HT', 'ZT'"  # 88 … VALUE 'HT' 'ZT'
    assert values_text(["2024", "THRU", "2025"]) == "2024 THRU 2025"
    assert values_text(["0", " ", "LOW-VALUES"]) == "0, ' ', LOW-VALUES"  # CardDemo's 88 INPUT-OK VALUE '0' ' ' LOW-VALUES
    assert values_text(["ALL", "*"]) == "ALL '*'"


def test_a_field_shows_a_few_programs_and_lines_with_the_rest_counted():
    from modernize.graph.dictionary import Dictionary, Field, FieldUse
    from modernize.model import Layout
    from modernize.report.dictionary import MAX_LINES, MAX_PROGRAMS, Pages, field_view

    layout = Layout.from_attributes({"level": 5, "picture": "X(2)"})
    uses = [FieldUse(f"P{i:03}", tuple(range(100, 100 + MAX_LINES + 3)), (7,)) for i in range(MAX_PROGRAMS + 4)]
    view = field_view(Dictionary([], [], {}), Pages({"P000": "modules/P000.program.html"}, "", set()), Field("X", 1, 1, layout, uses=uses), "")
    assert [u.program for u in view.uses] == [f"P{i:03}" for i in range(MAX_PROGRAMS)] and view.more_programs == 4
    first = view.uses[0]
    assert [line.line for line in first.read] == list(range(100, 100 + MAX_LINES)) and first.more == 3
    assert first.read[0].href == "modules/P000.program.html#L-100" and first.written[0].line == 7
