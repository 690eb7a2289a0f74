"""Patterns asked of every line are written for speed (the COPY/INCLUDE/REPLACE/EXEC scan: a character class
first; the options card: possessive); they find exactly what the plain patterns find."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from modernize.parsers.cobol.copybooks import RE_TRIGGER_ANYWHERE, trigger_lines
from modernize.parsers.cobol.source import CodeLine

PLAIN = re.compile(r"(?<![\w-])(?:COPY|INCLUDE|-INC|\+\+INCLUDE|REPLACE|EXEC)(?![\w-])", re.I)
PIECES = ["COPY", "copy", "INCLUDE", "-INC", "++INCLUDE", "REPLACE", "EXEC", "Exec", "X", "-", "+", "_", "1", " ", "\n", ".",
          "'", "ı", "İ", "ſ", "K", "é", "ß"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_the_fast_trigger_scan_finds_what_the_plain_pattern_finds(pieces: list[str]):
    text = "".join(pieces)
    assert [m.span() for m in RE_TRIGGER_ANYWHERE.finditer(text)] == [m.span() for m in PLAIN.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_the_lines_to_read_for_copy_statements_are_every_line_the_plain_pattern_finds_something_on(pieces: list[str]):
    """ASCII texts are searched word by word (more lines are harmless: each is read again), any other
    text by the pattern; a line the plain pattern finds a trigger on is never left out."""
    lines = [CodeLine(text, "P.cbl", number) for number, text in enumerate("".join(pieces).split("\n"), 1)]
    found = trigger_lines(lines)
    assert {i for i, line in enumerate(lines) if PLAIN.search(line.text)} <= found
    assert found <= set(range(len(lines)))


OPTIONS_CARD = re.compile(r"^(?:\d{6})?\s*(?:CBL|PROCESS)(?![\w-])", re.I)
CARD_PIECES = ["0", "1", "9", "١", " ", "\t", "\f", "CBL", "cbl", "PROCESS", "Process", "C", "P", "-", "X", ".", "ſ", "K"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(CARD_PIECES), max_size=16))
def test_the_possessive_options_card_pattern_matches_what_the_plain_one_matches(pieces: list[str]):
    from modernize.parsers.cobol.source import RE_OPTIONS_CARD

    line = "".join(pieces)
    found, plain = RE_OPTIONS_CARD.match(line), OPTIONS_CARD.match(line)
    assert (found and found.span()) == (plain and plain.span())
