"""Mask what must not leave the building before source text goes to a language model.

The detectors are the findings pass's (credentials, BSNs by the 11-proof, IBANs by mod-97, e-mail
addresses), so what the report lists as sensitive is exactly what ``--redact`` keeps out of a
prompt. On top of that the contents of literals are masked: test data and constants hide in them.
"""

from __future__ import annotations

import re

from modernize.findings import mask

RE_LITERAL = re.compile(r"'(?:[^'\n]|'')*'|\"(?:[^\"\n]|\"\")*\"")


def redact(text: str, literals: bool = True) -> str:
    """The text with personal data, credentials and (by default) literal contents masked."""
    text = mask(text)
    if literals:
        text = RE_LITERAL.sub(lambda m: m.group(0)[0] + "…" + m.group(0)[0] if len(m.group(0)) > 2 else m.group(0), text)
    return text
