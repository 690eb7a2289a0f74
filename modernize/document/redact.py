"""Mask what must not leave the building before source text goes to a language model.

Dutch citizen numbers (BSN, recognised by the 11-proof), IBANs (mod-97 check), e-mail addresses,
passwords in JCL, and — because test data and constants hide in them — the contents of literals.
"""

from __future__ import annotations

import re

RE_LITERAL = re.compile(r"'(?:[^'\n]|'')*'|\"(?:[^\"\n]|\"\")*\"")
RE_DIGITS9 = re.compile(r"(?<!\d)\d{9}(?!\d)")
RE_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){10,30}\b")
RE_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
RE_PASSWORD = re.compile(r"\b(PASSWORD|PASSWD|PWD)\s*=\s*('[^']*'|[^,\s)]+)", re.I)


def is_bsn(digits: str) -> bool:
    """The 11-proof: 9*d1 + 8*d2 + ... + 2*d8 - d9 is divisible by 11 (and not all zeros)."""
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    total = sum(w * int(d) for w, d in zip((9, 8, 7, 6, 5, 4, 3, 2, -1), digits, strict=True))
    return total % 11 == 0


def is_iban(text: str) -> bool:
    compact = text.replace(" ", "").upper()
    if not 15 <= len(compact) <= 34:
        return False
    rearranged = compact[4:] + compact[:4]
    digits = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(digits) % 97 == 1


def redact(text: str, literals: bool = True) -> str:
    """The text with personal data, credentials and (by default) literal contents masked."""
    text = RE_PASSWORD.sub(lambda m: f"{m.group(1)}=[REDACTED]", text)
    text = RE_EMAIL.sub("[EMAIL]", text)
    text = RE_IBAN.sub(lambda m: "[IBAN]" if is_iban(m.group(0)) else m.group(0), text)
    text = RE_DIGITS9.sub(lambda m: "[BSN]" if is_bsn(m.group(0)) else m.group(0), text)
    if literals:
        text = RE_LITERAL.sub(lambda m: m.group(0)[0] + "…" + m.group(0)[0] if len(m.group(0)) > 2 else m.group(0), text)
    return text
