"""Estate-derived text on the terminal: inert.

File names, program names and diagnostics come from the analysed repository. Printed through rich
they would be read as markup (``[/]`` in a path raises MarkupError, ``[link=...]`` makes a link)
and their control bytes would reach the terminal (ESC sequences can rewrite the screen or the
window title). ``shown`` makes any value safe to interpolate into a rich markup string.
"""

from __future__ import annotations

import re

from rich.markup import escape

# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides that reorder text.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
SURROGATE = re.compile("[\ud800-\udfff]")


def visible(text: str) -> str:
    """Control characters as visible escapes (``\\x1b``), lone surrogates from undecodable file
    names as the byte they stand for (``\\xff``)."""
    text = CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text)
    return SURROGATE.sub(lambda m: f"\\x{ord(m.group()) - 0xDC00:02x}" if ord(m.group()) >= 0xDC80 else "\ufffd", text)


def shown(value: object) -> str:
    """``value`` as text that rich prints literally: markup escaped, control characters visible."""
    return escape(visible(str(value)))
