"""Estate text made inert for each output format.

Everything modernize writes that comes from the analysed repository (program names, PROGRAM-ID
literals, file names, comments, data names, literals) is untrusted: it must show as the text it is
and never become a link, a formula, markup or a broken file. One function per format, used by every
writer of that format:

- Markdown: :func:`md_text` (running text), :func:`md_code` (a code span), :func:`md_fence` (a
  fenced block);
- Mermaid: :func:`mermaid_label`;
- CSV: :func:`csv_cell` (no cell starts a spreadsheet formula);
- XML (GraphML, GEXF, .docx): :func:`xml_text` (no character XML 1.0 forbids).

Characters that cannot be shown (control characters, bidirectional overrides, lone surrogates)
are written visibly as ``\\xNN`` or ``\\uNNNN``, so two names that differ only there stay apart.
"""

from __future__ import annotations

import functools
import re
from typing import Any

# Line breaks (CommonMark's are \n and \r; the others break lines in editors and some renderers).
LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
# Invisible characters that can make text read differently from what it is: C0/C1 controls, DEL,
# bidirectional embeddings, overrides and isolates, the byte-order mark, non-characters, surrogates.
RE_INVISIBLE = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff\ud800-\udfff]")
RE_LINE_BREAK = re.compile(f"[{LINE_BREAKS}]|\r\n")


def shown(character: str) -> str:
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: Any, line_breaks: str = " ") -> str:
    """``text`` on one line (line breaks become ``line_breaks``), tabs as spaces, and every
    invisible or control character written as ``\\xNN``/``\\uNNNN``."""
    text = RE_LINE_BREAK.sub(line_breaks, str(text)).replace("\t", " ")
    return RE_INVISIBLE.sub(lambda m: shown(m.group()), text)


# ---------------------------------------------------------------------------------------------
# Markdown (CommonMark and GitHub-flavoured: the report renders with markdown-it, people read the
# .md files on code hosts that also turn bare URLs into links)

# The ASCII punctuation Markdown, GFM or HTML act on ('@' so no renderer makes an e-mail address a
# link), '&' where it starts an entity reference (so it stays as written) and ':' before '//' and
# '.' after 'www' (so no renderer makes a bare URL a link).
RE_MARKDOWN = re.compile(r"([\\`*_\[\]()<>#|!~@]|&(?=#?[A-Za-z0-9]+;)|:(?=//))")
RE_WWW = re.compile(r"(?i)\b(www)\.")
RE_BLOCK_START = re.compile(r"^(\s*)(?:([-+=])|(\d+)\.)")


def md_text(text: Any) -> str:
    """Estate text as inert Markdown inline text, on one line: no emphasis, link, image, autolink
    (``<…>``, ``https://…``, ``www.…``, e-mail), HTML, entity, table cell break, heading or list."""
    text = str(text)
    if RE_PLAIN.fullmatch(text):  # most names (WS-TOTAAL, TSB010) need nothing: one scan, no copies
        return text
    return md_escaped(text)


# Text made only of these, not starting with a digit, '-' or '+', is inert Markdown as it is.
RE_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 ,;'\"/$%^{}?-]*")


@functools.lru_cache(maxsize=1 << 16)
def md_escaped(text: str) -> str:
    """``md_text`` for text that may need escapes (names repeat: cached)."""
    escaped = RE_WWW.sub(r"\1\\.", RE_MARKDOWN.sub(r"\\\1", visible(text)))
    return RE_BLOCK_START.sub(lambda m: m.group(1) + (f"\\{m.group(2)}" if m.group(2) else f"{m.group(3)}\\."), escaped, count=1)


def longest_backtick_run(text: str) -> int:
    return max((len(run) for run in re.findall(r"`+", text)), default=0)


def md_code(text: Any) -> str:
    """Estate text as one Markdown code span: delimited by more backticks than any run inside it,
    so nothing in it can close the span (its content is literal: no escapes are needed or work)."""
    content = visible(text)
    if not content:
        return ""
    ticks = "`" * (longest_backtick_run(content) + 1)
    if content.startswith("`") or content.endswith("`") or (content.startswith(" ") and content.endswith(" ")):
        content = f" {content} "
    return f"{ticks}{content}{ticks}"


def md_fence(lines: list[str], info: str = "") -> list[str]:
    """Estate lines as a fenced code block whose fence is longer than any backtick run inside, so
    no line can close it; control characters are shown, line breaks inside a line are split."""
    body = [part for line in lines for part in visible(line, "\n").split("\n")]
    fence = "`" * max(3, max((longest_backtick_run(line) for line in body), default=0) + 1)
    return [fence + info, *body, fence]


def mermaid_label(text: Any) -> str:
    """Text for a Mermaid label in double quotes: everything but letters, digits, space and a few
    safe marks as a Mermaid entity (#NN;), so no quote, bracket, directive (%%{…}%%), markup or
    line break from the estate reaches Mermaid's parser."""
    return "".join(c if c.isascii() and (c.isalnum() or c in " -_.:,/") else f"#{ord(c)};" for c in visible(text))


# ---------------------------------------------------------------------------------------------
# CSV

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


RE_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")


def csv_cell(value: Any) -> Any:
    """A cell a spreadsheet shows as text: a string starting like a formula (= + - @, a tab or a
    line break) gets a leading ``'``; numbers, and text that is just a signed number (a GDG
    generation such as +1), are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not RE_NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_row(values: list[Any]) -> list[Any]:
    return [csv_cell(v) for v in values]


# ---------------------------------------------------------------------------------------------
# XML 1.0 (GraphML, GEXF, the .docx parts)

RE_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(text: Any) -> str:
    """Text XML 1.0 can hold: tab, line feed and carriage return stay; other C0 controls, lone
    surrogates and U+FFFE/U+FFFF are written visibly as ``\\xNN``/``\\uNNNN``."""
    return RE_XML_INVALID.sub(lambda m: shown(m.group()), str(text))
