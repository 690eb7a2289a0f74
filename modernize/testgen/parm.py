"""The JCL PARM of a batch main program, as a case input.

z/OS passes ``EXEC PGM=X,PARM='...'`` to the program's ``PROCEDURE DIVISION USING`` record as a
halfword length followed by the text. A case holds the text only (the pseudo-DD ``PARM``); the
legacy run's driver adds the length, as z/OS does. The text's layout is the USING record after its
halfword, so the rule cases vary its fields like those of any input record, starting from the
JCL's own PARM.
"""

from __future__ import annotations

import dataclasses

from modernize.model import Module
from modernize.testgen.records import Field, RecordCodec, fields_from_symbols


def jcl_parms(modules: list[Module], program: str) -> list[str] | None:
    """The PARM texts of the JCL steps that run ``program`` ('' for a step without PARM); None
    when no step runs it (then it is not a main program of a job)."""
    found = None
    for module in modules:
        for symbol in module.symbols:
            if symbol.kind == "step" and str(symbol.attributes.get("program", "")).upper() == program.upper():
                found = (found or []) + [parm_text(str(symbol.attributes.get("parm") or ""))]
        for reference in module.references:  # DSN RUN PROGRAM(X) PARM('...') under IKJEFT01
            if reference.via == "ikjeft01" and reference.kind == "executes" and reference.target.upper() == program.upper():
                found = (found or []) + [parm_text(str(reference.attributes.get("parm") or ""))]
    return found


def main_parms(modules: list[Module], module: Module) -> list[str] | None:
    """The PARM texts a program with ``PROCEDURE DIVISION USING`` is run with: its JCL steps' (see
    ``jcl_parms``); where no job of the estate runs it, no program CALLs it and its USING record starts
    with a halfword, it is a main program whose job is elsewhere: run with an empty PARM. None: not a
    main program given a PARM."""
    if not module.attributes.get("using"):
        return None
    found = jcl_parms(modules, module.name)
    if found is not None:
        return found
    called = any(r.kind == "calls" and r.target.upper() == module.name.upper() for m in modules if m.kind == "program" for r in m.references)
    entered_by_ims = any(s.kind == "entry" and s.name == "DLITCBL" for s in module.symbols)
    if called or entered_by_ims or parm_codec(module) is None:
        return None
    return [""]


def parm_text(raw: str) -> str:
    """The text a PARM value passes: outer parentheses and quotes removed, doubled quotes single."""
    text = raw.strip()
    if text.startswith("(") and text.endswith(")") and text.count("(") == 1:
        text = text[1:-1].strip()
    if len(text) >= 2 and text[0] == text[-1] == "'":
        text = text[1:-1].replace("''", "'")
    return text[:100]


def shifted(item: Field, by: int) -> Field:
    return dataclasses.replace(item, offset=item.offset - by, children=[shifted(child, by) for child in item.children])


def parm_codec(module: Module, **encoding: object) -> tuple[str, RecordCodec] | None:
    """(record name, codec of the PARM text): the first USING record after its halfword length."""
    if not module.attributes.get("using"):
        return None
    record = str(module.attributes["using"][0]).upper()
    try:
        root = fields_from_symbols(module.symbols, record)
    except KeyError:
        return None
    children = root.children
    if not children or children[0].usage not in ("COMP", "COMP-4", "COMP-5", "BINARY") or children[0].length != 2 or len(children) < 2:
        return None
    text = dataclasses.replace(root, length=root.length - 2, children=[shifted(child, 2) for child in children[1:]])
    return record, RecordCodec(text, **encoding)  # type: ignore[arg-type]
