"""IMS DL/I batch programs: found and documented, not silently dropped.

A batch program that calls DL/I (``CALL 'CBLTDLI'`` with a function, a PCB mask and SSAs, or
``EXEC DLI``) needs its databases' segments held in a harness that answers GU/GN/GNP/ISRT/REPL/DLET
with the IMS status codes; the offline world does not hold them yet. Such a program still gets a
test module: every one of its rules is a documented skip that names the program's DL/I lines, so
the plan's acceptance criteria count them as skipped rather than forget the program.
"""

from __future__ import annotations

from typing import Any

from modernize.model import Module

VIAS = ("dli", "ims")


def dli_programs(modules: list[Module]) -> dict[str, Module]:
    """Batch programs (no CICS) that reach IMS through DL/I."""
    found = {}
    for module in modules:
        if module.kind != "program" or module.nested_in or module.handlers:
            continue
        vias = {r.via for r in module.references}
        if vias & set(VIAS) and not any(v.startswith("cics") for v in vias):
            found[module.name] = module
    return found


def dli_lines(module: Module) -> list[str]:
    """Where the program reaches DL/I: 'line N: CALL CBLTDLI' (or the EXEC DLI), in source order."""
    seen: dict[int, str] = {}
    for reference in module.references:
        if reference.via in VIAS and reference.line and reference.path == module.path:
            what = "EXEC DLI" if reference.via == "dli" else "CALL 'CBLTDLI'"
            target = f" ({reference.target})" if reference.target.upper() not in ("CBLTDLI", "AIBTDLI", "") else ""
            seen.setdefault(reference.line, f"line {reference.line}: {what}{target}")
    return [seen[line] for line in sorted(seen)]


def reason(module: Module) -> str:
    lines = dli_lines(module)
    where = "; ".join(lines[:5]) + (f" (+{len(lines) - 5} more)" if len(lines) > 5 else "")
    return (f"{module.name} calls IMS DL/I, which the offline world does not emulate yet ({where or 'DL/I calls'}): "
            f"capture its outputs from a run against the IMS database and store them under golden/{module.name}/")


def add_tests(generator: Any, estate: dict[str, Any], generated: list[Any]) -> None:
    """The hook TestGenerator.generate calls: a test module of documented skips per DL/I batch
    program of a step (its inputs and outputs as the layouts give them), and the programs with their
    DL/I lines in estate.json's ``dli`` key."""
    from modernize.testgen.generate import slug

    programs = dli_programs(generator.modules)
    done = {t.program for t in generated}
    listed: dict[str, list[str]] = {}
    for number, step in enumerate(generator.steps, 1):
        for name in [p.split(":", 1)[1] for p in step.programs]:
            module = programs.get(name)
            if module is None or name in done:
                continue
            tests = generator.program_tests(module, step)
            tests.directory = f"step_{number:02d}_{slug(step.title)}"
            why = reason(module)
            tests.cases = []
            tests.skipped_rules = [(index, rule, why) for index, rule in enumerate(tests.rules, 1)]
            listed[name] = dli_lines(module)
            done.add(name)
            if tests.skipped_rules:
                generated.append(tests)
    if listed:
        estate["dli"] = listed
