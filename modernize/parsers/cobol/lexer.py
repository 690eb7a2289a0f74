"""Tokenizer: one compiled master regex over the expanded code lines (a line of nothing but words,
whole numbers, pictures, operators and periods between blanks is read from its pieces instead).

Tokens are plain tuples ``(kind, upper, text)`` for speed, with a parallel list of line indexes into
the list of ``CodeLine`` so every token knows its file and line, through copybooks too: a line lexed
before hands out the very tuples it lexed to, and a token is no new object per program.
An ``EXEC ... END-EXEC`` block becomes a single token holding its text, so SQL and CICS never
confuse the COBOL parser; picture strings after ``PIC`` are single tokens too. The comment entries
of the IDENTIFICATION DIVISION (``AUTHOR. James O'Grady.``) are free text, one COMMENT token per
line: an apostrophe there opens no literal and EXEC starts no block.
"""

from __future__ import annotations

import re

from modernize.model import Diagnostic
from modernize.parsers.cobol.source import CodeLine

WORD, NUMBER, STRING, OP, PERIOD, PSEUDO, EXEC, PICTURE, COMMENT = "W", "N", "S", "O", ".", "=", "X", "P", "C"

Token = tuple[str, str, str]
PERIOD_TOKEN: Token = (PERIOD, ".", ".")
PSEUDO_TOKEN: Token = (PSEUDO, "==", "==")

_TOKEN = r"""
[ \t\f\v\r]*(?:
 (?P<str>(?:[XxZzNnGgBbUu]|[Nn][Xx])?(?:'(?:[^']|'')*'?|"(?:[^"]|"")*"?))
|(?P<num>[+-]?(?:\d+{dp}\d+|{dp}\d+|\d+)(?![\w$#@-]))
|(?P<word>:[\w$#@-]+:[\w$#@:-]*|[\w$#@](?:[\w$#@-]*[\w$#@])?)
|(?P<period>\.(?=[ \t]|$))
|(?P<pseudo>==)
|(?P<sep>[,;](?=[ \t]|$))
|(?P<op>\*\*|>=|<=|<>|[=<>+\-*/()&:.,;])
|(?P<other>\S))
"""
RE_TOKEN = re.compile(_TOKEN.replace("{dp}", r"\."), re.X)
RE_TOKEN_COMMA = re.compile(_TOKEN.replace("{dp}", ","), re.X)
RE_PICTURE = re.compile(r"[ \t]*(?:IS[ \t]+)?(\S+)", re.I)
RE_DECIMAL_COMMA = re.compile(r"DECIMAL-POINT\s+(?:IS\s+)?COMMA", re.I)
RE_END_EXEC = re.compile(r"END-EXEC(?![\w-])", re.I)
RE_LINE_HEAD = re.compile(r"[ \t]*([A-Za-z][\w-]*)(?:[ \t]+([A-Za-z]+))?")
RE_ENTRY_PERIOD = re.compile(r"[ \t]*\.")
# A line of printable ASCII without quotes: the only kind ``plain_tokens`` reads.
RE_NOT_PLAIN = re.compile(r"[^ !#-&(-~]")
OP_PIECES = frozenset({"**", ">=", "<=", "<>", "=", "<", ">", "+", "-", "*", "/", "(", ")", "&", ":"})
# Paragraphs of the IDENTIFICATION DIVISION; the comment entries run, as free text, to the next
# paragraph in area A or the next division.
COMMENT_ENTRIES = frozenset(["AUTHOR", "INSTALLATION", "DATE-WRITTEN", "DATE-COMPILED", "SECURITY", "REMARKS"])
ID_PARAGRAPHS = COMMENT_ENTRIES | {"PROGRAM-ID", "FUNCTION-ID", "CLASS-ID"}
DIVISION_WORDS = frozenset(["IDENTIFICATION", "ID", "ENVIRONMENT", "DATA", "PROCEDURE"])


# Tokens of lines by text (and decimal point), kept by the worker: a copybook copied by a hundred
# programs is lexed once, and so is a line written many times (in a real estate eight lines in ten
# have the text of another: END-IF, MOVE SPACES TO WS-LINE). Only lines lexed on their own (outside the IDENTIFICATION
# DIVISION, no EXEC block, no diagnostic) are kept; bounded, then no more are added.
MAX_KEPT_LINES = 200_000  # per decimal point
_KEPT: dict[bool, dict[str, tuple[Token, ...]]] = {}  # decimal comma -> line text -> tokens


def tokenize(lines: list[CodeLine], decimal_comma: bool | None = False,
             diagnostics: list[Diagnostic] | None = None) -> tuple[list[Token], list[int]]:
    """Tokens of the code lines, in order, and the line index of each. ``decimal_comma=None`` looks
    for DECIMAL-POINT IS COMMA."""
    if decimal_comma is None:
        head = "\n".join(line.text for line in lines[:2000])
        # The words in capitals first (a search in C; the pattern is case-blind, letter by letter).
        decimal_comma = (not head.isascii() or "DECIMAL-POINT" in head.upper()) and RE_DECIMAL_COMMA.search(head) is not None
    match = (RE_TOKEN_COMMA if decimal_comma else RE_TOKEN).match
    tokens: list[Token] = []
    token_lines: list[int] = []
    append = tokens.append
    li = 0
    count = len(lines)
    identification = comment = False  # in the IDENTIFICATION DIVISION; in a comment entry
    kept = _KEPT.setdefault(decimal_comma, {})
    while li < count:
        line = lines[li]
        text = line.text
        if not identification:
            # A kept line changes no state (division headers and PROGRAM-IDs are never kept).
            known = kept.get(text)
            if known is not None:
                tokens += known
                token_lines += [li] * len(known)
                li += 1
                continue
        pos = 0
        end = len(text)
        keep = True
        head = RE_LINE_HEAD.match(text)
        if head is not None:
            first, second = head.group(1).upper(), (head.group(2) or "").upper()
            if second == "DIVISION" and first in DIVISION_WORDS:
                identification, comment, keep = first in ("IDENTIFICATION", "ID"), False, False
            elif first in ("PROGRAM-ID", "FUNCTION-ID", "CLASS-ID"):
                identification, comment = True, False
            elif comment and first in COMMENT_ENTRIES and lines[li].area_a:
                comment = False
        if comment:
            body = text.strip()
            append((COMMENT, body.upper(), body))
            token_lines.append(li)
            li += 1
            continue
        line_start = len(tokens)
        keep = keep and not identification
        if not identification and not decimal_comma:
            plain = plain_tokens(text)
            if plain is not None:
                tokens += plain
                token_lines += [li] * len(plain)
                if keep and len(kept) < MAX_KEPT_LINES:
                    kept[text] = tuple(plain)
                li += 1
                continue
        while pos < end:
            m = match(text, pos)
            if m is None:
                break
            kind = m.lastgroup
            pos = m.end()
            if kind == "word":
                value = m.group(kind)
                upper = value.upper()
                if upper == "EXEC" or upper == "EXECUTE":
                    keep = False
                    token_lines += [li] * (len(tokens) - len(token_lines))
                    body, li, text, pos = read_exec(lines, li, pos, diagnostics)
                    append((EXEC, "EXEC", body))
                    token_lines.append(li - body.count("\n"))
                    end = len(text)
                    continue
                append((WORD, upper, value))
                if identification and upper in COMMENT_ENTRIES and len(tokens) == line_start + 1:
                    period = RE_ENTRY_PERIOD.match(text, pos)
                    if period is not None:
                        append(PERIOD_TOKEN)
                        pos = period.end()
                    body = text[pos:].strip()
                    if body:
                        append((COMMENT, body.upper(), body))
                    comment, pos, keep = True, end, False
                    continue
                if upper == "PIC" or upper == "PICTURE":
                    p = RE_PICTURE.match(text, pos)
                    if p and p.group(1).upper() != "IS":
                        picture = p.group(1)
                        stop = p.end()
                        if picture.endswith(".") and len(picture) > 1:
                            picture = picture[:-1]
                            stop -= 1
                        elif picture.endswith((",", ";")):
                            picture = picture[:-1]
                        append((PICTURE, picture.upper(), picture))
                        pos = stop
            elif kind == "num":
                value = m.group(kind)
                append((NUMBER, value, value))
            elif kind == "str":
                value = m.group(kind)
                if diagnostics is not None and not _closed(value):
                    keep = False
                    diagnostics.append(Diagnostic("warning", "unterminated-literal", "literal is not closed on its line", line.path, line.line))
                append((STRING, value, value))
            elif kind == "period":
                append(PERIOD_TOKEN)
            elif kind == "sep":
                continue
            elif kind == "pseudo":
                append(PSEUDO_TOKEN)
            else:
                value = m.group(kind)
                append((OP, value, value))
        token_lines += [li] * (len(tokens) - len(token_lines))
        if keep and len(kept) < MAX_KEPT_LINES:
            kept[text] = tuple(tokens[line_start:])
        li += 1
    return tokens, token_lines


def plain_tokens(text: str) -> list[Token] | None:
    """The tokens of a line of words, whole numbers, pictures, operators and periods between blanks
    (most lines lexed for the first time), read from its blank-separated pieces: what the master
    pattern reads there, without a match per token. None for any other line (quotes, tabs, EXEC, a
    period or comma inside a piece, a word ending in a hyphen …): the master pattern reads it."""
    if RE_NOT_PLAIN.search(text) is not None:
        return None
    tokens: list[Token] = []
    append = tokens.append
    pieces = text.split()
    i, n = 0, len(pieces)
    while i < n:
        piece = pieces[i]
        i += 1
        end = piece[-1]
        if end == "." or end == "," or end == ";":
            if len(piece) == 1:
                if end == ".":
                    append(PERIOD_TOKEN)
                continue
            piece = piece[:-1]
        else:
            end = ""
        if piece.isdigit() or (piece[0] in "+-" and piece[1:].isdigit()):
            append((NUMBER, piece, piece))
        elif piece in OP_PIECES:
            append((OP, piece, piece))
        elif piece == "==":
            append(PSEUDO_TOKEN)
        elif piece[0] != "-" and piece[-1] != "-" and piece.replace("-", "").isalnum():
            upper = piece.upper()
            if upper == "EXEC" or upper == "EXECUTE":
                return None
            append((WORD, upper, piece))
            if upper == "PIC" or upper == "PICTURE":
                if end:
                    return None  # "PIC." takes the period for its picture
                # RE_PICTURE: an IS before the picture is left out; a picture that is IS is none.
                at = i + 1 if i + 1 < n and pieces[i].upper() == "IS" else i
                if at < n and pieces[at].upper() != "IS":
                    picture = pieces[at]
                    i = at + 1
                    stop = picture[-1]
                    if stop == "." and len(picture) > 1:
                        append((PICTURE, picture[:-1].upper(), picture[:-1]))
                        append(PERIOD_TOKEN)
                        continue
                    if stop == "," or stop == ";":
                        picture = picture[:-1]
                    append((PICTURE, picture.upper(), picture))
                continue
        else:
            return None
        if end == ".":
            append(PERIOD_TOKEN)
    return tokens


def read_exec(lines: list[CodeLine], li: int, pos: int, diagnostics: list[Diagnostic] | None) -> tuple[str, int, str, int]:
    """The body of an EXEC block up to END-EXEC; returns (body, line index, line text, position after)."""
    parts = []
    start_li = li
    while li < len(lines):
        text = lines[li].text
        found = RE_END_EXEC.search(text, pos)
        if found:
            parts.append(text[pos : found.start()])
            return "\n".join(parts), li, text, found.end()
        parts.append(text[pos:])
        li += 1
        pos = 0
    if diagnostics is not None:
        line = lines[start_li]
        diagnostics.append(Diagnostic("error", "exec-unterminated", "EXEC block without END-EXEC", line.path, line.line))
    last = len(lines) - 1
    return "\n".join(parts), last, lines[last].text if lines else "", len(lines[last].text) if lines else 0


def _closed(literal: str) -> bool:
    quote_at = min(i for i in (literal.find("'"), literal.find('"')) if i >= 0)
    quote = literal[quote_at]
    body = literal[quote_at + 1 :]
    return body.endswith(quote) and (len(body) - len(body.rstrip(quote))) % 2 == 1


def literal_value(token_text: str) -> str:
    """The value of an alphanumeric literal token (quotes removed, doubled quotes undone)."""
    quote_at = min(i for i in (token_text.find("'"), token_text.find('"')) if i >= 0)
    quote = token_text[quote_at]
    body = token_text[quote_at + 1 :]
    if body.endswith(quote):
        body = body[:-1]
    return body.replace(quote + quote, quote)
