"""Mask what must not leave the building before source text goes to a language model.

The detectors are the findings pass's (credentials, BSNs by the 11-proof, written as 111222333 or
111.222.333, IBANs by mod-97 in either case, e-mail addresses), so what the report lists as
sensitive is exactly what ``--redact`` keeps out of a prompt. On top of that the contents of literals
are masked: test data and constants hide in them.

Source text is not the only way repository content reaches a prompt: file paths (a test file named
after a citizen's BSN), module names and the callees' summaries are rendered into it too. So the
finished prompt is masked once more as a whole (``redact_prompt``) just before it is sent.
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


def redact_prompt(prompt: str) -> str:
    """A whole rendered prompt with every value the detectors know masked, wherever it came from
    (paths, names, facts); literals are left alone, the template's own JSON examples are quoted.
    Masking is idempotent, so the parts redacted before rendering are not masked twice."""
    return mask(prompt)
