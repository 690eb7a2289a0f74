"""The JCL PARM of a batch main program, as a case input.

z/OS passes ``EXEC PGM=X,PARM='...'`` to the program's ``PROCEDURE DIVISION USING`` record as a
halfword length followed by the text. A case holds the text only (the pseudo-DD ``PARM``); the
legacy run's driver adds the length, as z/OS does. The text's layout is the USING record after its
halfword, so the rule cases vary its fields like those of any input record, starting from the
JCL's own PARM.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from modernize.model import Module
from modernize.testgen.records import Field, RecordCodec, fields_from_symbols


@dataclass(frozen=True)
class ParmIndex:
    """What ``jcl_parms`` and ``main_parms`` look up, gathered in one pass over the estate: asked per
    program, a walk over every module's symbols would cost programs × symbols on a large estate."""

    steps: dict[str, list[str]]  # program (upper case) -> the PARM texts of the steps that run it, in the estate's order
    called: frozenset[str]  # programs (upper case) some program CALLs

    @classmethod
    def of(cls, modules: list[Module]) -> ParmIndex:
        steps: dict[str, list[str]] = {}
        called = set()
        for module in modules:
            for symbol in module.symbols:
                if symbol.kind == "step" and symbol.attributes.get("program"):
                    steps.setdefault(str(symbol.attributes["program"]).upper(), []).append(parm_text(str(symbol.attributes.get("parm") or "")))
            for reference in module.references:  # DSN RUN PROGRAM(X) PARM('...') under IKJEFT01
                if reference.via == "ikjeft01" and reference.kind == "executes":
                    steps.setdefault(reference.target.upper(), []).append(parm_text(str(reference.attributes.get("parm") or "")))
                if module.kind == "program" and reference.kind == "calls":
                    called.add(reference.target.upper())
        return cls(steps, frozenset(called))


def index_of(modules: list[Module] | ParmIndex) -> ParmIndex:
    return modules if isinstance(modules, ParmIndex) else ParmIndex.of(modules)


def jcl_parms(modules: list[Module] | ParmIndex, program: str) -> list[str] | None:
    """The PARM texts of the JCL steps that run ``program`` ('' for a step without PARM); None
    when no step runs it (then it is not a main program of a job). Pass a ``ParmIndex`` when asking
    for many programs."""
    found = index_of(modules).steps.get(program.upper())
    return list(found) if found is not None else None


def main_parms(modules: list[Module] | ParmIndex, module: Module) -> list[str] | None:
    """The PARM texts a program with ``PROCEDURE DIVISION USING`` is run with: its JCL steps' (see
    ``jcl_parms``); where no job of the estate runs it, no program CALLs it and its USING record starts
    with a halfword, it is a main program whose job is elsewhere: run with an empty PARM. None: not a
    main program given a PARM."""
    if not module.attributes.get("using"):
        return None
    index = index_of(modules)
    found = jcl_parms(index, module.name)
    if found is not None:
        return found
    entered_by_ims = any(s.kind == "entry" and s.name == "DLITCBL" for s in module.symbols)
    if module.name.upper() in index.called or entered_by_ims or parm_codec(module) is None:
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
