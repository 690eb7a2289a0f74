"""IMS DL/I batch programs: scenarios in the offline IMS world, or documented skips.

A batch program that calls DL/I (``CALL 'CBLTDLI'`` with a function, a PCB mask and SSAs) runs in
``dliworld`` when the estate holds its PSB and the DBDs of its PCBs: each case gets databases
(``DLI.in``) built from the DBDs — root segments with a dependent of every type, or none, or roots
alone, so GB and GE are reached the IMS way — whose records take the layout of the I/O area the
program reads that segment into, sequence fields numbered. Otherwise (no PSB, a DBD missing,
``EXEC DLI``) the program still gets a test module: every one of its rules is a documented skip that
names the program's DL/I lines, so the plan's acceptance criteria count them rather than forget it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
from typing import Any

from modernize.model import Module
from modernize.testgen import dliworld
from modernize.testgen.records import RecordCodec, fields_from_symbols, pack_decimal

ENCODING = {"encoding": "ascii", "sign_convention": "gnucobol", "native_byteorder": "little"}

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


def schema_of(modules: list[Module]) -> dliworld.Schema:
    """The databases the DBDs define: segments in DBD order with their fields and sequence field."""
    segments: dict[str, list[Module]] = {}
    for module in modules:
        if module.kind == "segment":
            segments.setdefault(str(module.attributes.get("database", "")), []).append(module)
    databases = []
    for module in modules:
        if module.kind != "dbd":
            continue
        specs = []
        for segment in sorted(segments.get(module.name, []), key=lambda m: m.line):
            fields, key, unique, key_type = {}, None, True, "C"
            for symbol in segment.symbols:
                start, length = symbol.attributes.get("start"), symbol.attributes.get("bytes")
                if symbol.kind != "field" or not start or not length:
                    continue
                fields[symbol.name] = (int(start) - 1, int(length))
                if symbol.attributes.get("seq") and key is None:
                    key, unique, key_type = fields[symbol.name], bool(symbol.attributes.get("unique", True)), str(symbol.attributes.get("type") or "C")
            specs.append(dliworld.SegmentSpec(segment.name, segment.attributes.get("parent"), int(segment.attributes.get("bytes") or 0), key, unique,
                                              key_type, fields))
        gsam = "GSAM" in str(module.attributes.get("access", "")).upper()
        databases.append(dliworld.DatabaseSpec(module.name, gsam, tuple(specs)))
    return dliworld.Schema(tuple(databases))


def psb_of(modules: list[Module], program: str) -> Module | None:
    """The PSB IMS schedules the program with: the one its region's PARM names, else the one of its name."""
    psbs = {m.name: m for m in modules if m.kind == "psb"}
    for module in modules:
        for reference in module.references:
            if reference.via == "ims" and reference.kind == "executes" and reference.target == program and reference.attributes.get("psb") in psbs:
                return psbs[reference.attributes["psb"]]
    return psbs.get(program)


def pcbs_for(module: Module, psb: Module) -> list[str]:
    """The DBD name of each PCB mask DLITCBL receives, in order ('' for an I/O PCB first when the
    entry expects one more mask than the PSB has database PCBs)."""
    names = [str(s.attributes.get("dbd") or "") for s in sorted((s for s in psb.symbols if s.kind == "pcb"), key=lambda s: s.attributes.get("number", 0))
             if s.attributes.get("type") in ("DB", "GSAM")]
    entry = next((s for s in module.symbols if s.kind == "entry" and s.name == "DLITCBL"), None)
    expected = len(entry.attributes.get("using") or []) if entry else len(names)
    return ["", *names] if expected == len(names) + 1 else names


def io_areas(module: Module) -> dict[str, str]:
    """Segment name -> the I/O area record a CBLTDLI call reads it into or inserts it from (the call's
    SSA names the segment in its first eight bytes)."""
    values = {}
    data = [s for s in module.symbols if s.kind == "data"]
    for index, symbol in enumerate(data):
        if symbol.layout.level == 1 and index + 1 < len(data) and data[index + 1].attributes.get("value"):
            values[symbol.name] = str(data[index + 1].attributes["value"][0])[:8].strip()
    found: dict[str, str] = {}
    for reference in module.references:
        using = [a.get("name", "") for a in reference.attributes.get("using") or []]
        if reference.via == "ims" and len(using) >= 4 and values.get(using[-1]):
            found.setdefault(values[using[-1]], using[2])
    return found


def key_bytes(spec: dliworld.SegmentSpec, number: int) -> bytes:
    length = spec.key[1] if spec.key else 0
    if spec.key_type == "P":
        return pack_decimal(number, length, True)
    if spec.key_type == "X":
        return number.to_bytes(length, "big")
    return str(number).rjust(length, "0")[-length:].encode("ascii")


def segment_record(module: Module, spec: dliworld.SegmentSpec, areas: dict[str, str], number: int) -> str:
    """A segment's record: its I/O area's layout with default values, the sequence field ``number``."""
    data = b""
    with contextlib.suppress(KeyError, ValueError, TypeError):
        if spec.name in areas:
            data = RecordCodec(fields_from_symbols(module.symbols, areas[spec.name]), **ENCODING).encode({})
    data = data[:spec.bytes].ljust(spec.bytes, b" ")
    if spec.key:
        data = data[:spec.key[0]] + key_bytes(spec, number) + data[spec.key[0] + spec.key[1]:]
    return data.decode("latin-1")


def subtree(module: Module, database: dliworld.DatabaseSpec, spec: dliworld.SegmentSpec, areas: dict[str, str], number: int,
            children: bool) -> list[list[str]]:
    """A segment and (with ``children``) one of each dependent type below it, in hierarchical order."""
    found = [[spec.name, segment_record(module, spec, areas, number)]]
    for child in (s for s in database.segments if s.parent == spec.name) if children else ():
        found += subtree(module, database, child, areas, number, children)
    return found


def content(schema: dliworld.Schema, module: Module, pcbs: list[str], roots: int, children: bool) -> dict[str, list[list[str]]]:
    """Each (non-GSAM) database of the PCBs with ``roots`` roots, each with one segment of every
    dependent type below it when ``children``; sequence fields 1, 2, ... in hierarchical order."""
    areas = io_areas(module)
    found: dict[str, list[list[str]]] = {}
    for name in dict.fromkeys(n for n in pcbs if n):
        database = schema.database(name)
        if database is None:
            continue
        records: list[list[str]] = []
        for number in range(1, roots + 1) if not database.gsam else ():
            for root in (s for s in database.segments if not s.parent):
                records += subtree(module, database, root, areas, number, children)
        found[name] = records
    return found


def add_tests(generator: Any, estate: dict[str, Any], generated: list[Any]) -> None:
    """The hook TestGenerator.generate calls, per DL/I batch program of a step: scenarios in the
    offline IMS world when its PSB and their DBDs are in the estate (databases in ``DLI.in``, the
    databases after the run in ``DLI.out``), otherwise a test module of documented skips that names
    its DL/I lines. estate.json gets the world's schema and PCBs (``dli_world``) and the programs
    left to skips with their lines (``dli``)."""
    from modernize.testgen.generate import Case

    programs = dli_programs(generator.modules)
    schema = schema_of(generator.modules)
    done = {t.program for t in generated}
    listed: dict[str, list[str]] = {}
    world: dict[str, list[str]] = {}
    for step_dir, step, name in generator.step_programs():
        module = programs.get(name)
        if module is None or name in done:
            continue
        done.add(name)
        tests = generator.program_tests(module, step)
        tests.directory = step_dir
        psb = psb_of(generator.modules, name)
        pcbs = pcbs_for(module, psb) if psb is not None else []
        source = generator.files.get(module.path)
        usable = (pcbs and all(schema.database(n) for n in pcbs if n) and source is not None and world_enabled()
                  and not any(r.via == "dli" for r in module.references))
        if not usable:
            why = reason(module)
            tests.cases = []
            tests.skipped_rules = [(index, rule, why) for index, rule in enumerate(tests.rules, 1)]
            listed[name] = dli_lines(module)
            if tests.skipped_rules:
                generated.append(tests)
            continue
        full = json.dumps(content(schema, module, pcbs, 2, True), sort_keys=True).encode("utf-8")
        valid = next((c.inputs for c in tests.cases if c.name == "valid"), {})
        tests.cases = [dataclasses.replace(c, inputs={**c.inputs, dliworld.DLI: full}) for c in tests.cases]
        tests.cases += [Case("db-empty", "every database empty (GB at the first GN, GE at the first GU)",
                             {**valid, dliworld.DLI: json.dumps(content(schema, module, pcbs, 0, False), sort_keys=True).encode("utf-8")}),
                        Case("db-roots", "one root segment and no dependents (GE under it)",
                             {**valid, dliworld.DLI: json.dumps(content(schema, module, pcbs, 1, False), sort_keys=True).encode("utf-8")})]
        tests.inputs = [*tests.inputs, dliworld.DLI]
        tests.outputs = [*tests.outputs, dliworld.DLI]
        estate["programs"] = {**estate["programs"], name: (source.disk_path or module.path, source.encoding)}
        world[name] = pcbs
        generated.append(tests)
    if listed:
        estate["dli"] = listed
    if world:
        estate[dliworld.SPEC] = {"schema": schema.to_dict(), "pcbs": world}


def world_enabled() -> bool:
    return os.environ.get("MODERNIZE_NO_DLI_WORLD") != "1"
