"""Patterns asked of every line are written for speed (the COPY/INCLUDE/REPLACE/EXEC scan: a character class
first, or a search per word; the options card: possessive; a plain fixed-format line: one match); they find
exactly what the plain patterns, and the line-by-line reading, find."""

import re

import pytest
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


@settings(max_examples=200, deadline=None)
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


SEQUENCES = ["000100", "      ", "ABC123", "12345", "CBL   ", "  ++IN", "\t", "0001$0", "00*100", "\u0661" * 6, ""]
INDICATORS = [" ", " ", " ", "*", "/", "-", "D", "$", "X", ">", "\t", ""]
CODE_PIECES = [" ", "    ", "\t", ">>", ">", "$", "*", "*>", "'*>'", "CBL", "PROCESS", "-INC", "++INCLUDE", "EJECT", "eject", "TITLE",
               "-INC MEMBER", "++INCLUDE MEMBER", "TITLE 'T'", "SKIP2.", "CBL XOPTS", "PROCESS X",
               "SKIP1", "MOVE A TO B.", "END PROGRAM X.", "DATA DIVISION.", ">>IF X DEFINED", ">>END-IF", "\u00a0", "\u3000",
               "x" * 30, "WS-A", "PIC X."]
LINES = st.builds(lambda seq, indicator, code: seq + indicator + "".join(code),
                  st.sampled_from(SEQUENCES), st.sampled_from(INDICATORS), st.lists(st.sampled_from(CODE_PIECES), max_size=8))


def read_both_ways(text: str) -> None:
    """The code lines and counts of ``text`` with plain lines taken in one match, and read line by line."""
    import pytest

    from modernize.parsers.cobol import source

    fast_stats, slow_stats = source.SourceStats(), source.SourceStats()
    fast = source.code_lines(text, "P.cbl", stats=fast_stats)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(source, "RE_PLAIN_FIXED", re.compile(r"(?!x)x"))
        slow = source.code_lines(text, "P.cbl", stats=slow_stats)
    assert fast == slow and fast_stats == slow_stats


@settings(max_examples=150, deadline=None)
@given(st.lists(LINES, max_size=12))
def test_a_plain_line_taken_in_one_match_reads_as_the_line_by_line_reading_reads_it(lines: list[str]):
    """Most fixed-format lines are read by one match (RE_PLAIN_FIXED); the code lines and counts are
    those of reading every line on its own."""
    read_both_ways("\n".join(["000000 DATA DIVISION.", *lines]))  # past the header comments


TRICKY_LINES = ["       -INC MEMBER", "        -INC MEMBER", "         ++INCLUDE M", "000100 TITLE 'X'", "000100  EJECT", "000100 skip1.",
                "       CBL XOPTS", "000100 PROCESS X", "000100 $SET X", "000100 MOVE A *> B", "000100 MOVE '*>' TO B", "000100*MOVE",
                "000100 MOVE\tA", "000100 >>SOURCE FREE", "000100 MOVE A TO B. >>D", "       " + " " * 64 + "X", "       " + " " * 65 + "X"]


@pytest.mark.parametrize("line", TRICKY_LINES)
@pytest.mark.parametrize("before", ["000000 DATA DIVISION.", "000000 DATA DIVISION.\n000001 END PROGRAM X."])
def test_lines_that_look_plain_and_are_not_read_as_line_by_line(line: str, before: str):
    read_both_ways(f"{before}\n{line}\n000200 MOVE A TO B.")


TOKEN_PIECES = ["MOVE", "WS-A", "A--B", "TO", "5", "01", "+5", "-5", "5A", "A-", "-A", "-", "+", "=", "==", ">=", "<>", "**", "(", ")",
                ":", "&", ".", ",", ";", "PIC", "pic", "PICTURE", "IS", "is", "X(5)", "9(3)V99", "S9", "EXEC", "execute", "'", '"',
                "A.B", "1.5", "\t", "\x1c", "é", "_", "$", "!", "%", "COMP-3", "X"]
TOKEN_LINES = st.builds(lambda pieces, gaps: "".join(piece + gap for piece, gap in zip(pieces, gaps, strict=False)),
                        st.lists(st.sampled_from(TOKEN_PIECES), max_size=10),
                        st.lists(st.sampled_from([" ", "", "  ", ".", ". ", ", ", ";"]), min_size=10, max_size=10))


@settings(max_examples=200, deadline=None)
@given(st.lists(TOKEN_LINES, max_size=6))
def test_a_plain_line_lexed_from_its_pieces_has_the_tokens_the_master_pattern_finds(texts: list[str]):
    """Lines of words, numbers, pictures, operators and periods are lexed from their blank-separated
    pieces (``plain_tokens``); tokens, lines, diagnostics and what is kept are those of the master pattern."""
    from modernize.parsers.cobol import lexer

    lines = [CodeLine("PROCEDURE DIVISION.", "P.cbl", 1)] + [CodeLine(text, "P.cbl", n) for n, text in enumerate(texts, 2)]
    results = []
    for plain in (lexer.plain_tokens, lambda text: None):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(lexer, "plain_tokens", plain)
            patch.setattr(lexer, "_KEPT", {})
            diagnostics: list = []
            results.append((lexer.tokenize(lines, False, diagnostics), diagnostics, lexer._KEPT))
    assert results[0] == results[1]


PLAIN_LINES = ["05 A PIC IS X.", "05 A PIC is X(5) VALUE 1.", "PIC IS", "PIC IS IS", "PIC X(5).", "PIC X,", "PIC .", "PIC ,", "PIC.", "PIC",
               "PICTURE S9(3)V99 COMP-3.", "MOVE +5 TO A.", "MOVE -5 TO A", "ADD 1. TO", "5A 5- -A", "A--B", "== X ==", ". . .", ", ;",
               "COMPUTE A = B ** 2 + (C / D) - E.", "IF A >= B OR A <> C", "EXEC SQL", "MOVE 1.5 TO A", "MOVE A TO B.C"]


@pytest.mark.parametrize("text", PLAIN_LINES)
def test_lines_lexed_from_their_pieces_have_the_master_patterns_tokens(text: str):
    test_a_plain_line_lexed_from_its_pieces_has_the_tokens_the_master_pattern_finds.hypothesis.inner_test([text, text + " X"])



REPLACE_PIECES = ["WS-", ":TAG:", ":tag:", "A", "B", "AB", "X-Y", "'", '"', "-", " ", "  ", "(", ")", ".", "ſ", "K"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(REPLACE_PIECES[:7]), min_size=1, max_size=3), st.sampled_from(["exact", "LEADING", "TRAILING"]),
       st.sampled_from(["R", "W00-", "\\1", "\\g<0>", ""]), st.lists(st.sampled_from(REPLACE_PIECES), max_size=14))
def test_one_replacing_pair_on_a_line_without_quotes_replaces_what_the_combined_pattern_replaces(words, mode, replacement, pieces):
    """COPY … REPLACING with one pair takes the pair's own pattern and a template on a line without quotes;
    the line is what the combined pattern (literals kept intact, a call per match) makes of it."""
    from modernize.parsers.cobol.copybooks import Replacement, compile_replacements, operand_regex

    pair = Replacement(operand_regex(" ".join(words), mode), replacement)
    combined = compile_replacements([pair, Replacement(r"(?!x)x", "")])  # two pairs: the general path
    single = compile_replacements([pair])
    assert single is not None and combined is not None
    text = "".join(pieces)
    assert single(text) == combined(text)
