"""Fixed-format COBOL source as highlighted HTML, a line at a time.

pygments' COBOL lexer walks a state machine of large regular expressions and wraps every word in a
span: on a 1.7-million-line estate that was 100 s of one core and two thirds of each module page.
Fixed-format COBOL needs less: the sequence area, comment lines and columns 73-80 by position, then
strings, numbers and the reserved words pygments itself knows (read from its lexer, so both agree on
what a keyword is) in the code area. The HTML keeps pygments' frame, line anchors (``#L-n``, which
``report/sources.py`` links to) and CSS classes, so the page's one style sheet serves both; other
sources (free format, Java, JCL) stay with pygments.
"""

from __future__ import annotations

import functools
import html
import re

from pygments.lexer import words
from pygments.lexers import CobolLexer
from pygments.token import STANDARD_TYPES

from modernize.signatures import fixed_format_line

RE_CODE = re.compile(r"('[^']*'?)|(\"[^\"]*\"?)|(\*>.*)|([A-Za-z0-9][\w-]*)")


@functools.cache
def vocabulary() -> dict[str, str]:
    """Reserved word -> CSS class, as pygments' COBOL lexer colours it (its "not implemented"
    words as keywords, not errors)."""
    classes: dict[str, str] = {}
    for state in CobolLexer.tokens.values():
        for rule in state:
            if isinstance(rule, tuple) and isinstance(rule[0], words):
                css = STANDARD_TYPES.get(rule[1], "kp")
                for word in rule[0].words:
                    classes.setdefault(word.upper(), "kp" if css == "err" else css)
    # what the lexer colours by pattern, not by word list: storage types and figurative constants
    classes.update(dict.fromkeys(("PIC", "PICTURE", "COMP", "COMP-1", "COMP-2", "COMP-3", "COMP-4", "COMP-5", "COMP-X",
                                  "COMPUTATIONAL", "COMPUTATIONAL-3", "BINARY", "PACKED-DECIMAL"), "kt"))
    classes.update(dict.fromkeys((f"{word}{tail}" for word in ("ZERO", "SPACE", "HIGH-VALUE", "LOW-VALUE", "QUOTE")
                                  for tail in ("", "S")), "no"))
    classes["ZEROES"] = "no"
    return classes


def fixed_format(lines: list[str]) -> bool:
    """Whether nearly every line with code fits COBOL's fixed reference format."""
    code = [line for line in lines if line.strip()]
    return bool(code) and sum(map(fixed_format_line, code)) >= 0.95 * len(code)


def escaped(text: str) -> str:
    """``html.escape(text, quote=False)``, without its three passes for the text (most of it) that
    has nothing to escape."""
    return html.escape(text, quote=False) if "&" in text or "<" in text or ">" in text else text


def span(css: str, text: str) -> str:
    return f'<span class="{css}">{escaped(text)}</span>' if text.strip() else text


@functools.lru_cache(maxsize=100_000)
def code_area(text: str) -> str:
    """Columns 8-72 as HTML; the same statement recurs across an estate's programs, so it is kept."""
    known = vocabulary()

    def token(match: re.Match[str]) -> str:
        single, double, comment, word = match.groups()
        if single is not None:
            return span("s1", single)
        if double is not None:
            return span("s2", double)
        if comment is not None:
            return span("c", comment)
        css = known.get(word.upper()) or ("mi" if word.isdecimal() else "")
        return f'<span class="{css}">{word}</span>' if css else word  # a word holds no character to escape

    out, last = [], 0
    for match in RE_CODE.finditer(text):
        out.append(escaped(text[last : match.start()]))
        out.append(token(match))
        last = match.end()
    out.append(escaped(text[last:]))
    return "".join(out)


def fixed_line(line: str) -> str:
    if line[6:7] in ("*", "/"):
        return span("c", line)
    return span("c", line[:6]) + escaped(line[6:7]) + code_area(line[7:72]) + (span("c", line[72:]) if len(line) > 72 else "")


def cobol_html(lines: list[str]) -> str:
    """The lines as pygments' HtmlFormatter (inline line numbers, anchors ``L-n``) frames them; the
    empty line after a final newline is no line, as there."""
    lines = lines[:-1] if lines and not lines[-1] else lines
    width = len(str(len(lines)))
    out = ['<div class="highlight"><pre><span></span>']
    for number, line in enumerate(lines, 1):
        out.append(f'<a id="L-{number}" name="L-{number}"></a><a href="#L-{number}"><span class="linenos">{number:>{width}}</span></a>'
                   f"{fixed_line(line)}\n")
    out.append("</pre></div>\n")
    return "".join(out)
