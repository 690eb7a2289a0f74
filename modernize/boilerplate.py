"""Boilerplate in comment headers: copyright and licence banners, change logs, separator lines.

Nearly every program of a real estate starts with a copyright line, many with a licence of a dozen
lines or a change log of decades. None of it says what the program is for, so none of it belongs in
a module's stated purpose, a plan step's title, a search passage or a prompt. ``purpose`` keeps the
rest of a header, as the author laid it out.
"""

from __future__ import annotations

import re

# A line that is a copyright or licence notice, or starts one.
RE_NOTICE = re.compile(
    r"\bcopyright\b|\(c\)[ \t]*+(?:\d{4}|[A-Z])|©|\ball rights reserved\b|\blicen[cs]ed (?:materials|under|to)\b|\bproperty of\b"
    r"|\brestricted rights\b|\bspdx-license-identifier\b|\bapache license\b|\bgnu (?:general|lesser|affero)\b"
    r"|\bpermission is hereby granted\b|\bwithout warrant(?:y|ies)\b|\bas is\b[\"']? basis\b|\bthe license\b"
    r"|\blicenses?/license-|\bcompliance with the license\b|\bapplicable law\b|\bauteursrecht\b|\balle rechten voorbehouden\b"
    r"|^[ \t]*+sample[ \t]*+$",  # IBM's banner: "Licensed Materials - Property of IBM", "SAMPLE", "(c) Copyright …"
    re.I)
# The heading of a change log, and a line of one: a date (or a version) first, then who and what.
RE_LOG_HEADING = re.compile(r"^[ \t]*+(?:change[ \t]*+(?:log|history)|modification(?:s|[ \t]++(?:history|log))|maintenance[ \t]++(?:log|history)"
                            r"|revision[ \t]++history|history[ \t]++of[ \t]++changes|amendment[ \t]++history|wijziging(?:en|shistorie|slog)"
                            r"|date[ \t]++(?:name|who|author|by|init(?:ials)?|programmer)\b|datum[ \t]++(?:naam|wie|auteur))", re.I)
RE_LOG_LINE = re.compile(r"^[ \t]*+(?:\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}|\d{8}|\d{6})(?:[ \t:]|$)")
RE_VERSION_LINE = re.compile(r"^[ \t]*+v?\d++\.\d++(?:\.\d++)?(?:[ \t:]|$)", re.I)  # a log's entry by version
RE_SEPARATOR = re.compile(r"^[ \t*=_+#/.~<>|-]*+$")


def purpose(lines: list[str]) -> list[str]:
    """The header lines without boilerplate: notices (a notice's paragraph, up to a blank line, goes
    with it), change logs (a heading and the dated lines under it) and separator lines. Blank runs
    are kept single and trimmed at both ends."""
    kept: list[str] = []
    in_notice = in_log = False
    for line in lines:
        text = line.strip()
        if not text or RE_SEPARATOR.match(text):
            in_notice = in_log = False
            if kept and kept[-1] != "":
                kept.append("")
            continue
        if RE_NOTICE.search(text):
            in_notice = True
            continue
        if RE_LOG_HEADING.match(text):
            in_log = True
            continue
        if in_notice or RE_LOG_LINE.match(text) or (in_log and (RE_VERSION_LINE.match(text) or line[:1].isspace())):
            continue  # the rest of a notice's paragraph; a log entry's continuation or a dated entry
        in_log = False
        kept.append(line)
    while kept and kept[-1] == "":
        kept.pop()
    while kept and kept[0] == "":
        kept.pop(0)
    return kept


# "Function    : Signon Screen", "Purpose: ...", "Doel: ...": the line a header states its purpose in.
RE_PURPOSE_LABEL = re.compile(r"^[ \t]*+(?:function|purpose|description|summary|remarks?|doel|functie|omschrijving|beschrijving)[ \t]*+[:.=-][ \t]*+(\S.*)$",
                              re.I)
# "Program : COSGN00C.CBL", "Author: AWS", "Date-Written: …": labels that say nothing of the purpose.
RE_OTHER_LABEL = re.compile(r"^[ \t]*+(?:program(?:[ \t-]*+(?:id|name))?|module|member|application|system|type|author|auteur|date[\w -]*+|datum"
                            r"|version|versie|installation|written[ \t]++by|programmer|programmeur)[ \t]*+[:.=-]", re.I)


def headline(lines: list[str]) -> str:
    """The one line that says what a module is for: a Function/Purpose line's value, else the first
    line of the purpose that is not a label such as Program:, Author: or Date-Written:."""
    for line in lines:
        match = RE_PURPOSE_LABEL.match(line)
        if match:
            return match.group(1).strip()
    return next((line.strip() for line in lines if line.strip() and not RE_OTHER_LABEL.match(line)), "")
