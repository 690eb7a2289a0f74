"""Copybooks that hold what real libraries keep in them besides data entries: SELECT entries, or the
clauses of a SELECT or FD entry whose head is in the program (``LABEL RECORDS ARE STANDARD.``).
Parsed alone, they give their facts and no syntax error."""

from __future__ import annotations

from pathlib import Path

import pytest

from modernize.model import SourceFile
from modernize.parsers import ParseContext
from modernize.parsers.cobol import parse

FRAGMENTS = {
    "a clause of an FD": ("000100     LABEL RECORDS ARE STANDARD.", []),
    "SELECT entries": ("           SELECT KLANT ASSIGN TO KLANTDD\n               ORGANIZATION IS INDEXED\n"
                       "               RECORD KEY IS KL-NR.\n           SELECT LOG ASSIGN TO LOGDD.\n", ["KLANT", "LOG"]),
    "an FD and its record": ("           FD  KLANT\n               LABEL RECORDS ARE STANDARD.\n       01  KL-REC PIC X(80).\n", ["KL-REC"]),
    "FD clauses, then the record": ("               BLOCK CONTAINS 0 RECORDS\n               RECORDING MODE IS F\n"
                                    "               DATA RECORD IS KL-REC.\n       01  KL-REC PIC X(80).\n", ["KL-REC"]),
    "SELECT clauses": ("           ORGANIZATION IS SEQUENTIAL\n           ACCESS MODE IS SEQUENTIAL\n           FILE STATUS IS WS-FS.\n", []),
    "a FILE SECTION": ("       FILE SECTION.\n       FD  KLANT.\n       01  KL-REC PIC X(80).\n", ["KL-REC"]),
}


@pytest.mark.parametrize("label", FRAGMENTS)
def test_a_copybook_of_entry_fragments_parses_without_errors(label):
    text, names = FRAGMENTS[label]
    source = SourceFile("copylib/TSLFRAG", "cobol", "copybook", "ascii", "fixed", "", 0, 0)
    result = parse(source, text, ParseContext(Path("."), {}))
    problems = [str(d) for d in result.diagnostics + [d for m in result.modules for d in m.diagnostics] if d.severity != "info"]
    assert problems == []
    assert [s.name for m in result.modules for s in m.symbols] == names


def test_a_template_copybook_parses_with_its_tags_read_as_written():
    """COBOL Check's and many shops' copybooks prefix their names with a tag (==UT==, :TAG:) that each
    COPY ... REPLACING fills in: alone, the copybook parses, its names keep the tag's text, and an
    info says it is a template. A literal that holds == stays as it is."""
    text = ("       01  ==UT==FIELDS.\n           05  ==UT==COUNT     PIC 9(4) VALUE ZERO.\n"
            "           05  :PFX:-NAME      PIC X(8) VALUE '==X=='.\n"
            "       ==UT==CHECK.\n           MOVE ==UT==COUNT TO RETURN-CODE\n           DISPLAY '==UT==' ==UT==COUNT\n           .\n")
    source = SourceFile("copybooks/CCHECKWS.CPY", "cobol", "copybook", "ascii", "fixed", "", 0, 0)
    result = parse(source, text, ParseContext(Path("."), {}))
    problems = [d for d in result.diagnostics + [d for m in result.modules for d in m.diagnostics] if d.severity != "info"]
    assert [str(d) for d in problems] == []
    module = result.modules[0]
    assert [(s.name, s.kind) for s in module.symbols][:4] == [("UTFIELDS", "data"), ("UTCOUNT", "data"), ("PFX-NAME", "data"), ("UTCHECK", "paragraph")]
    assert module.symbols[2].attributes["value"] == ["==X=="]
    assert any(d.code == "copybook-placeholders" and "==UT==" in d.message for d in module.diagnostics)
