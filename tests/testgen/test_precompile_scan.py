"""The precompiler's scanning helpers: the same words and lines as the plain character scanner they replaced."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modernize.testgen.precompile import code_area, is_comment, lines_holding, words


def scanned(text: str) -> list[tuple[str, int, int, int]]:
    """The character-by-character scanner words() replaced, kept as its specification."""
    found, depth, index, quote = [], 0, 0, ""
    while index < len(text):
        char = text[index]
        if quote:
            quote = "" if char == quote else quote
            index += 1
        elif char in "'\"":
            quote, index = char, index + 1
        elif char in "()":
            depth, index = depth + (1 if char == "(" else -1), index + 1
        elif char.isalnum() or char in "_-#@$":
            start = index
            while index < len(text) and (text[index].isalnum() or text[index] in "_-#@$"):
                index += 1
            found.append((text[start:index].upper(), start, index, depth))
        else:
            index += 1
    return found


ALPHABET = st.sampled_from([*"ab9_-#@$ '\"().,:=*éß٣ﬀ\t", "EXEC", "exec", "eXeC", "SQL", "END-EXEC"])


@pytest.mark.slow  # hypothesis
@settings(max_examples=300, deadline=None)
@given(st.lists(ALPHABET, max_size=40).map("".join))
def test_words_are_the_scanners(text: str) -> None:
    assert words(text) == scanned(text)


@pytest.mark.slow  # hypothesis
@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(ALPHABET, max_size=30).map(lambda parts: "".join(parts)), max_size=12), st.integers(0, 4))
def test_lines_holding_is_the_line_by_line_search(lines: list[str], start: int) -> None:
    expected = [i for i in range(start, len(lines)) if not is_comment(lines[i]) and "EXEC" in code_area(lines[i]).upper()]
    assert lines_holding(lines, re.compile(b"EXEC"), start) == expected


def test_lines_holding_reads_the_program_text_area_only() -> None:
    lines = ["000100 EXEC SQL", "000200*EXEC SQL", "000300" + " " * 66 + "EXEC", "      " + " " * 64 + "EXEC SQL"]
    assert lines_holding(lines, re.compile(b"EXEC")) == [0]
    assert lines_holding(lines, re.compile(b"EXEC"), stop=0) == []
