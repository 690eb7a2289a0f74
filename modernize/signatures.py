"""Content signatures of the companion sources that have no extension of their own: UniKix/MBM job
scripts and IMS DBD and PSB sources; and of the z/OS Connect definitions among a repository's
settings (a service's ``service.properties`` or unpacked ``manifest.yml``, an API's ``package.xml``).

Both the inventory (which classifies every file by its content) and the parsers (which find these
sources in a job's in-stream data, or a script among the files a procedure names) ask the same
question, so the answer lives here, below both. Every pattern runs on whatever a repository holds,
so each stays linear in the text: blank runs are taken whole (possessive).
"""

from __future__ import annotations

import re

# UniKix/MBM: a macro at the start of a line, with its first operand.
RE_BEGIN = re.compile(r"^[ \t]*+(BEGINJOB|BEGINPROC)\b", re.M)
RE_MACRO = re.compile(r"^[ \t]*+(?:EXECPGM[ \t]++pgmname|EXECPROC[ \t]++procname|ASSGNDD[ \t]++ddname)[ \t]*+=", re.M | re.I)

# IMS macros: an optional label, a blank run, the macro and its first keyword.
_LABEL = r"^(?:[A-Z@#$][A-Z0-9@#$_]{0,7})?[ \t]++"
RE_DBD = re.compile(_LABEL + r"DBD[ \t]++NAME=", re.I | re.M)
RE_SEGM = re.compile(_LABEL + r"SEGM[ \t]++", re.I | re.M)
RE_DBDGEN = re.compile(_LABEL + r"DBDGEN\b", re.I | re.M)
RE_PCB = re.compile(_LABEL + r"PCB[ \t]++TYPE[ \t]*+=", re.I | re.M)
RE_PSB_END = re.compile(_LABEL + r"(?:PSBGEN|SENSEG)\b", re.I | re.M)
# IMS MFS: a format (FMT) and its device fields (DFLD).
RE_MFS_FMT = re.compile(_LABEL + r"FMT\b", re.I | re.M)
RE_MFS_DFLD = re.compile(_LABEL + r"DFLD[ \t]", re.I | re.M)

# z/OS Connect: a service's program (service.properties, or a .sar's manifest.yml), an API's root element.
RE_SERVICE_EXECUTABLE = re.compile(r"^[ \t]*+executableName[ \t]*+[=:][ \t]*+\S", re.M)
RE_SERVICE_PROVIDER = re.compile(r"^[ \t]*+provider[ \t]*+[=:][ \t]*+[\"']?+cics", re.M | re.I)
RE_SERVICE_PROGRAM = re.compile(r"^[ \t]*+program[ \t]*+[=:][ \t]*+\S", re.M)
RE_MANIFEST_PROGRAM = re.compile(r"^[ \t-]*+propertyName:[ \t]*+[\"']?+program\b", re.M)
RE_API_ROOT = re.compile(r"<(?:[\w.-]{1,40}+:)?zosConnectApi\b")


def unikix_script(text: str) -> bool:
    """Whether a text is a UniKix/MBM job or PROC script: a BEGINJOB or BEGINPROC macro at the start of a
    line together with an EXECPGM, EXECPROC or ASSGNDD macro at the start of another (a COBOL comment
    that quotes them starts with ``*``, so it is not one); or, without BEGINJOB, both an EXECPGM
    ``pgmname=`` and an ASSGNDD ``ddname=`` at line starts."""
    if RE_BEGIN.search(text):
        return bool(RE_MACRO.search(text))
    macros = {match.group(0).split()[0].upper() for match in RE_MACRO.finditer(text)}
    return "ASSGNDD" in macros and bool(macros & {"EXECPGM", "EXECPROC"})


def unikix_kind(text: str) -> str | None:
    """``jcl`` for a job script, ``proc`` for a BEGINPROC member, None when it is neither."""
    if not unikix_script(text):
        return None
    first = RE_BEGIN.search(text)
    return "proc" if first is not None and first.group(1).upper() == "BEGINPROC" else "jcl"


def ims_dbd(text: str) -> bool:
    """Whether a text is a DBD source: a ``DBD NAME=`` macro and a SEGM or DBDGEN macro, each at the
    start of a line or after its label, and no JCL statements (a DBDGEN job's in-stream DBD is read
    by the JCL parser)."""
    return bool(RE_DBD.search(text) and (RE_SEGM.search(text) or RE_DBDGEN.search(text))) and not _is_jcl(text)


def ims_psb(text: str) -> bool:
    """Whether a text is a PSB source: a ``PCB TYPE=`` macro and a SENSEG or PSBGEN macro, each at the
    start of a line or after its label, and no JCL statements."""
    return bool(RE_PCB.search(text) and RE_PSB_END.search(text)) and not _is_jcl(text)


def ims_kind(text: str) -> str | None:
    """``dbd``, ``psb`` or None."""
    if ims_dbd(text):
        return "dbd"
    if ims_psb(text):
        return "psb"
    return None


def _is_jcl(text: str) -> bool:
    return any(line.startswith("//") for line in text.split("\n", 200)[:200])


def zosconnect_kind(text: str) -> str | None:
    """``service`` for a z/OS Connect service definition (an ``executableName=`` setting, or a CICS
    provider with its ``program``, as service.properties or as a service archive's manifest.yml
    writes them), ``api`` for an API's package.xml (its ``zosConnectApi`` element); None otherwise."""
    if "executableName" in text and RE_SERVICE_EXECUTABLE.search(text):
        return "service"
    if "rovider" in text and RE_SERVICE_PROVIDER.search(text) and (RE_SERVICE_PROGRAM.search(text) or RE_MANIFEST_PROGRAM.search(text)):
        return "service"
    if "zosConnectApi" in text and RE_API_ROOT.search(text):
        return "api"
    return None


# COBOL reference format: what column 7 may hold on a fixed-format line.
FIXED_INDICATORS = ("", " ", "*", "/", "-", "D", "d", "$")


def fixed_format_line(line: str) -> bool:
    """A line that fits fixed format: an indicator in column 7 behind a sequence area that is blank,
    numbers ("01  03": offset and length) or a change tag ("CET   ", " .    ", '  "   ', "STE003"). A tag holds no blank inside and
    does not start with blanks and then a word, as free-format code indented by a few columns does
    ("    IF A")."""
    if line[6:7] not in FIXED_INDICATORS:
        return False
    sequence = line[:6]
    tag = sequence.strip()
    return not tag or tag.replace(" ", "").isdigit() or (" " not in tag and (sequence[0] != " " or not tag[0].isalpha()))


def mfs_source(text: str) -> bool:
    """IMS Message Format Service source: a FMT statement and device fields."""
    head = text[:65536]
    return bool(RE_MFS_FMT.search(head)) and bool(RE_MFS_DFLD.search(head))
