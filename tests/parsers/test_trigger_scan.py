"""The scan for lines that may hold COPY/INCLUDE/REPLACE/EXEC is written for speed (a character class
first); it finds exactly what the plain pattern finds."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from modernize.parsers.cobol.copybooks import RE_TRIGGER_ANYWHERE

PLAIN = re.compile(r"(?<![\w-])(?:COPY|INCLUDE|-INC|\+\+INCLUDE|REPLACE|EXEC)(?![\w-])", re.I)
PIECES = ["COPY", "copy", "INCLUDE", "-INC", "++INCLUDE", "REPLACE", "EXEC", "Exec", "X", "-", "+", "_", "1", " ", "\n", ".",
          "'", "ı", "İ", "ſ", "K", "é", "ß"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_the_fast_trigger_scan_finds_what_the_plain_pattern_finds(pieces: list[str]):
    text = "".join(pieces)
    assert [m.span() for m in RE_TRIGGER_ANYWHERE.finditer(text)] == [m.span() for m in PLAIN.finditer(text)]
