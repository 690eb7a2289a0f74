"""Reading statement text: the quote-aware scanning the line-based parsers share.

JCL, BMS macros, PL/I and Natural all cut text at separators that do not count inside a quoted
string (and, for operand lists, inside parentheses): commas between operands, the blank that ends an
operand field, the semicolon that ends a statement, the start of a comment. A doubled quote inside a
string (``'IT''S'``) needs no special case: it closes the string and opens it again.
"""

from __future__ import annotations

import bisect


def open_quote(text: str, quotes: str = "'\"") -> str | None:
    """The quote character left open at the end of ``text`` (a string that runs on), if any. A
    quote character inside a string of the other kind is just a character."""
    quote = None
    for char in text:
        if quote is None:
            if char in quotes:
                quote = char
        elif char == quote:
            quote = None
    return quote


def split_top(text: str, separator: str = ",", quote: str = "'") -> list[str]:
    """``A=1,B=(X,Y),'C,D'`` -> ["A=1", "B=(X,Y)", "'C,D'"]: cut at separators outside quotes and
    parentheses. The parts are as written (not stripped); the last one is always there, even empty."""
    parts: list[str] = []
    depth = 0
    quoted = False
    start = 0
    for index, char in enumerate(text):
        if char == quote:
            quoted = not quoted
        elif quoted:
            continue
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == separator and depth == 0:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return parts


def operand_field(text: str, quoted: bool = False, quote: str = "'") -> tuple[str, bool]:
    """The operand field of a card: ``text`` up to the first blank outside quotes (what follows is a
    comment), and whether a quoted string is still open where it ends. ``quoted`` says the text
    goes on inside a string begun on the card before."""
    for index, char in enumerate(text):
        if char == quote:
            quoted = not quoted
        elif char == " " and not quoted:
            return text[:index], False
    return text, quoted


def find_outside_quotes(text: str, needle: str, quotes: str = "'\"") -> int:
    """Where ``needle`` first occurs outside quoted strings; -1 when it does not."""
    quote = None
    for index, char in enumerate(text):
        if quote is not None:
            if char == quote:
                quote = None
        elif char in quotes:
            quote = char
        elif text.startswith(needle, index):
            return index
    return -1


def cut_statements(text: str, terminator: str = ";", quote: str = "'") -> list[tuple[str, int]]:
    """Statements ended by ``terminator`` outside quoted strings (the last one may lack it), each
    stripped and with the line number its first character is on."""
    newlines = [index for index, char in enumerate(text) if char == "\n"]
    found: list[tuple[str, int]] = []
    start, quoted = 0, False
    for index, char in enumerate(text + terminator):
        if char == quote:
            quoted = not quoted
        elif char == terminator and not quoted:
            body = text[start:index]
            if body.strip():
                first = start + len(body) - len(body.lstrip())
                found.append((body.strip(), bisect.bisect_left(newlines, first) + 1))
            start = index + 1
    return found
