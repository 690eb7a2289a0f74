"""Source text made shorter for a model's prompt, without losing a statement.

A small on-premises model has a context window of a few thousand tokens and reads a prompt at a
few dozen tokens a second on a CPU, so every token of padding costs time and room. Fixed-format
COBOL spends a third of its tokens on padding: sequence numbers, the alignment of TO and PIC
clauses, banner comments of asterisks, the header comments the facts already give. None of it
says what the code does. Literals are kept exactly (spaces inside quotes count).
"""

from __future__ import annotations

DECORATION = set("*-=+/#. ")


def squeeze(line: str) -> str:
    """Runs of blanks outside quotes become one blank; trailing blanks go."""
    out: list[str] = []
    quote = ""
    blank = False
    for char in line:
        if quote:
            out.append(char)
            if char == quote:
                quote = ""
            continue
        if char == " ":
            if not blank:
                out.append(char)
            blank = True
            continue
        blank = False
        if char in "'\"":
            quote = char
        out.append(char)
    return "".join(out).rstrip()


def has_sequence_area(lines: list[str]) -> bool:
    """Fixed format with columns 1-6 holding numbers or blanks on every line that has them."""
    coded = [line for line in lines if line.strip()]
    return bool(coded) and all(line[:6].isdigit() or (len(line) > 6 and not line[:6].strip()) for line in coded)


def compact_source(text: str, known_comments: list[str], fixed: bool | None = None) -> str:
    """``text`` without sequence numbers, blank lines, decoration-only comments, comments already in
    ``known_comments`` (the header the prompt gives apart) and alignment blanks. ``fixed``: the
    inventory's word on the reference format (columns 1-6 are then ignored by the compiler, whatever
    they hold: numbers, change tags); None: fixed when columns 1-6 hold numbers or blanks."""
    lines = text.split("\n")
    if fixed or (fixed is None and has_sequence_area(lines)):
        lines = [line[6:] for line in lines]
    known = {squeeze(c).strip() for c in known_comments if c.strip()}
    kept: list[str] = []
    for line in lines:
        if not line.strip():
            continue
        if line[:1] in ("*", "/"):  # a comment line (indicator column, after the sequence area)
            body = line[1:].strip().strip("*").strip()
            if not body or set(body) <= DECORATION or squeeze(body) in known:
                continue
            line = f"* {body}"  # without the box of asterisks around it
        kept.append(squeeze(line))
    return "\n".join(kept)
