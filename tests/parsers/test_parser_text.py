"""The quote-aware text helpers the line-based parsers share (modernize/parsers/_text.py)."""

from __future__ import annotations

from modernize.parsers._text import cut_statements, find_outside_quotes, open_quote, operand_field, split_top


def test_split_top_cuts_at_commas_outside_quotes_and_parentheses():
    assert split_top("DSN=A.B,DISP=(NEW,CATLG),PARM='X,Y',") == ["DSN=A.B", "DISP=(NEW,CATLG)", "PARM='X,Y'", ""]
    assert split_top("A,'IT''S,OK',(B,(C,D))") == ["A", "'IT''S,OK'", "(B,(C,D))"]
    assert split_top("") == [""]


def test_operand_field_ends_at_a_blank_outside_quotes_and_carries_an_open_string():
    assert operand_field("PGM=X,PARM='A B' COMMENT") == ("PGM=X,PARM='A B'", False)
    assert operand_field("INITIAL='RUNS ON") == ("INITIAL='RUNS ON", True)
    assert operand_field("TO HERE' REMARK", quoted=True) == ("TO HERE'", False)


def test_open_quote_and_find_outside_quotes():
    assert open_quote("MOVE 'IT''S") == "'" and open_quote("MOVE \"A'B\"") is None
    assert open_quote("X='A\"", "'") == "'" and open_quote("'A''B'", "'") is None
    assert find_outside_quotes("WRITE '/* no' /* yes", "/*") == 14
    assert find_outside_quotes("WRITE \"it's /* a string\"", "/*") == -1


def test_cut_statements_keeps_the_line_each_statement_starts_on():
    text = "A = 1;\n\n  B = ';';\nC = 2"
    assert cut_statements(text) == [("A = 1", 1), ("B = ';'", 3), ("C = 2", 4)]
