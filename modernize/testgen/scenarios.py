"""Scenarios for online programs: the initial world of one CICS task and the outcome it ends in.

For every program with EXEC CICS a step holds, the cases are scenarios (``SCENARIO.in``, JSON) whose
golden master is the outcome (``OUTCOME.out``, JSON) the legacy program gives in the offline world
(``cicsworld``): the first call (EIBCALEN 0), every attention key the program tests, and the rule
cases ``InputSpace`` derives with the COMMAREA and the received map as its input records (every
88-level value, every literal compared, walked back from the condition). Keyed files are seeded
with the estate's sample records, and the COMMAREA and map fields of the key's length carry the
first sample's key, so the found path runs; DB2 tables get rows matching the scenario (sqlworld).
A capture keeps the cases that reach a rule or outcome no earlier one reached, as for batch.

A replacement runs the same scenarios through an adapter: ``MODERNIZE_ONLINE_COMMAND`` (a command,
``{program}`` replaced, the scenario JSON on stdin and the outcome JSON on stdout) or
``MODERNIZE_ONLINE_URL`` (the scenario POSTed as JSON, the outcome JSON in the answer).
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import Any

from modernize.model import Module
from modernize.testgen import legacy, sqlworld, stability
from modernize.testgen.cicsprep import AIDS, Command, translate
from modernize.testgen.cicsrun import CicsRunner
from modernize.testgen.cicsworld import raw, render, text
from modernize.testgen.inputs import InputSpace, samples
from modernize.testgen.precompile import precompile
from modernize.testgen.records import Field, RecordCodec, fields_from_symbols

SPEC = "cics_world"  # the key of estate.json that holds the online programs, their maps and what the world cannot emulate
ENCODING = {"encoding": "ascii", "sign_convention": "gnucobol", "native_byteorder": "little"}
SEED_RECORDS = 20
SYNTHETIC_KEY = b"1"  # the key of the record made for a file the estate has no sample of (zero-padded to the key)
STATES = 4  # COMMAREA 88-levels tried with the first attention keys the program tests
STATE_KEYS = 6
COMMAREA, MAP = "COMMAREA", "MAP"


def online_programs(generator: Any) -> dict[str, tuple[Module, str]]:
    """Programs whose source holds EXEC CICS (not nested), with their decoded source."""
    found: dict[str, tuple[Module, str]] = {}
    for module in generator.modules:
        if module.kind != "program" or module.nested_in or module.path not in generator.files:
            continue
        source = generator.files[module.path]
        with contextlib.suppress(OSError, ValueError):
            body = legacy.decode_source(generator.root / (source.disk_path or module.path), source.encoding)
            if "EXEC CICS" in " ".join(body.upper().split()):
                found[module.name] = (module, body)
    return found


def all_leaves(item: Field) -> list[Field]:
    if not item.children:
        return [item]
    return [leaf for child in item.children for leaf in all_leaves(child)]


def map_layout(root: Field) -> list[list[Any]]:
    """A symbolic map's fields: (name, offset of L, of F/A, of the data, data length) from its I record."""
    leaves = {leaf.name: leaf for leaf in all_leaves(root) if not leaf.filler}
    found = []
    for name, leaf in leaves.items():
        base = name[:-1]
        if name.endswith("I") and f"{base}L" in leaves and (f"{base}F" in leaves or f"{base}A" in leaves):
            attribute = leaves.get(f"{base}F") or leaves[f"{base}A"]
            found.append([base, leaves[f"{base}L"].offset - root.offset, attribute.offset - root.offset, leaf.offset - root.offset, leaf.length])
    return found


def record_name(argument: str | None) -> str:
    return (argument or "").upper().split()[0].split("(")[0] if argument else ""


def literal(argument: str | None) -> str:
    value = (argument or "").strip()
    return value[1:-1] if value[:1] in "'\"" and value[-1:] == value[:1] else ""


def map_records(module: Module, commands: list[Command]) -> dict[str, list[list[Any]]]:
    """Symbolic map record -> layout, for every map the program sends or receives (I and O names)."""
    found: dict[str, list[list[Any]]] = {}
    for command in commands:
        if command.verb not in ("SEND", "RECEIVE") or not command.has("MAP"):
            continue
        argument = command.option("INTO") or command.option("FROM")
        record = record_name(argument.argument if argument else None)
        if not record:
            continue
        stem = record[:-1] if record[-1:] in "IO" else record
        for candidate in (f"{stem}I", record):
            with contextlib.suppress(KeyError):
                layout = map_layout(fields_from_symbols(module.symbols, candidate))
                if layout:
                    found[f"{stem}I"] = found[f"{stem}O"] = found[record] = layout
                    break
    return found


def commarea_record(module: Module, commands: list[Command]) -> str | None:
    """The record the program keeps its COMMAREA in: what DFHCOMMAREA is moved to or from, else
    what RETURN/XCTL pass, else DFHCOMMAREA itself when it has fields."""
    for source, target in module.copied:
        if source == "DFHCOMMAREA" and target != "DFHCOMMAREA":
            return target
        if target == "DFHCOMMAREA" and source != "DFHCOMMAREA":
            return source
    for command in commands:
        if command.verb in ("RETURN", "XCTL") and command.has("COMMAREA"):
            return record_name(command.option("COMMAREA").argument)  # type: ignore[union-attr]
    return "DFHCOMMAREA"


def codec_of(module: Module, record: str | None) -> RecordCodec | None:
    if not record:
        return None
    try:
        return RecordCodec(fields_from_symbols(module.symbols, record), **ENCODING)
    except (KeyError, ValueError):
        return None


def symbol_length(module: Module, name: str) -> int | None:
    symbol = next((s for s in module.symbols if s.kind == "data" and s.name == name), None)
    return symbol.layout.length if symbol is not None and symbol.layout else None


def tested_aids(body: str, commands: list[Command]) -> list[str]:
    """The attention keys the program tells apart (DFHPF3 in a rule, HANDLE AID PF3), ENTER first."""
    upper = body.upper()
    found = ["ENTER"]
    for name in AIDS:
        if name != "DFHNULL" and name in upper and name[3:] not in found:
            found.append(name[3:])
    for command in commands:
        if command.verb == "HANDLE" and command.has("AID"):
            found += [o.name for o in command.options if o.passed and o.name not in found and o.name != "ANYKEY"]
    if any(c.verb == "RECEIVE" for c in commands) and "PF24" not in found:
        found.append("PF24")  # a key the program does not test: its WHEN OTHER
    return found


def common_run(first: str, second: str) -> int:
    """The length of the longest run of characters two names share (CARDXREF and CARD-XREF-RECORD: 4)."""
    a, b = first.upper().replace("-", ""), second.upper().replace("-", "")
    best = 0
    for start in range(len(a)):
        for end in range(start + best + 1, len(a) + 1):
            if a[start:end] not in b:
                break
            best = end - start
    return best


def text_samples(files: list[Any], root: Path, length: int, names: tuple[str, ...]) -> list[bytes]:
    """The estate's records as text lines (an unloaded VSAM file: a line per record, trailing blanks
    cut), padded to the layout's length; the data file whose name shares most with the CICS file or
    record name (at least three characters), lines no longer than the record."""
    found: list[tuple[int, str, list[bytes]]] = []
    for file in files:
        if file.kind != "data" or length <= 1:
            continue
        path = Path(file.disk_path or Path(root) / file.path)
        score = max(common_run(path.stem, name) for name in names)
        if score < 3:
            continue
        try:
            if path.stat().st_size > 1 << 20:
                continue
            lines = [line.rstrip(b"\r") for line in path.read_bytes().split(b"\n") if line.strip()]
        except OSError:
            continue
        if lines and all(len(line) <= length for line in lines) and max(len(line) for line in lines) * 10 >= length * 7:
            found.append((-score, file.path, [line.ljust(length) for line in lines[:SEED_RECORDS]]))
    return min(found)[2] if found else []


class ScenarioBuilder:
    """The cases of one online program."""

    def __init__(self, generator: Any, module: Module, body: str, commands: list[Command], maps: dict[str, list[list[Any]]],
                 schema: sqlworld.Schema | None, statements: list[Any], transid: str):
        self.module, self.commands, self.maps, self.schema, self.transid = module, commands, maps, schema, transid
        self.aids = tested_aids(body, commands)
        self.commarea = commarea_record(module, commands)
        receive = next((c for c in commands if c.verb == "RECEIVE" and c.has("MAP") and c.has("INTO")), None)
        self.map_name = literal(receive.option("MAP").argument).upper() if receive else ""  # type: ignore[union-attr]
        self.map_record = record_name(receive.option("INTO").argument) if receive else ""  # type: ignore[union-attr]
        codecs: dict[str, tuple[str, RecordCodec]] = {}
        for dd, record in ((COMMAREA, self.commarea), (MAP, self.map_record)):
            codec = codec_of(module, record)
            if codec is not None and record:
                codecs[dd] = (record, codec)
        self.codecs = codecs
        self.files = self.seed_files(generator)
        self.space = InputSpace(module, codecs, {})
        self.tables = sqlworld.statement_tables(statements, schema) if schema is not None and statements else []
        self.literals = sqlworld.compared_literals(statements) if statements else {}

    def seed_files(self, generator: Any) -> dict[str, tuple[list[bytes], int]]:
        """CICS file -> (the estate's sample records for its record layout, the key length)."""
        found: dict[str, tuple[list[bytes], int]] = {}
        for command in self.commands:
            if command.verb not in ("READ", "STARTBR", "WRITE", "REWRITE", "DELETE", "READNEXT", "READPREV"):
                continue
            name = self.constant((command.option("FILE") or command.option("DATASET") or command.options[0]).argument).upper()
            if not name:
                continue
            record = record_name((command.option("INTO") or command.option("FROM")).argument) if command.option("INTO") or command.option("FROM") else ""
            key = symbol_length(self.module, record_name(command.option("RIDFLD").argument)) if command.option("RIDFLD") else None  # type: ignore[union-attr]
            records, length = found.get(name, ([], 0))
            if record and not records:
                size = symbol_length(self.module, record)
                if size:
                    records = samples(generator.data_files, size, name, record)[:SEED_RECORDS] \
                        or text_samples(list(generator.files.values()), generator.root, size, (name, record))
            if record and not records and key and command.verb in ("READ", "STARTBR"):
                codec = codec_of(self.module, record)
                if codec is not None and key <= codec.length:  # no sample: one record of the layout's defaults with a key
                    records = [SYNTHETIC_KEY.rjust(key, b"0")[-key:] + codec.encode({})[key:]]
            found[name] = (records, key or length)
        return found

    def constant(self, argument: str | None) -> str:
        """A literal argument, or the VALUE of the data item named (READ DATASET(WS-USRSEC-FILE))."""
        if literal(argument):
            return literal(argument)
        symbol = next((s for s in self.module.symbols if s.kind == "data" and s.name == record_name(argument)), None)
        values = symbol.layout.value if symbol is not None and symbol.layout else []
        return literal(values[0]).strip() if values else ""

    def valid(self) -> dict[str, bytes]:
        records = self.space.valid(list(self.module.business_rules))
        from modernize.testgen.inputs import value_of

        for rule in self.module.business_rules:  # a COMMAREA field compared with literals holds the first: a value the program knows
            for name in rule.data if rule.literals else ():
                item = self.space.fields.get(name)
                if item is not None and item.ddname == COMMAREA and not self.space.read(records, name).strip(b" 0\0"):
                    with contextlib.suppress(ValueError, ArithmeticError):
                        chosen = value_of(rule.literals[0], item.leaf)
                        if chosen is not None:
                            records = self.space.put(records, name, chosen)
        keys: dict[int, bytes] = {}
        for recs, length in self.files.values():
            if recs and length:
                keys.setdefault(length, recs[0][:length])
        for name, item in self.space.fields.items():
            key = keys.get(item.leaf.length)
            if key is not None and not name.endswith(("L", "F", "A")):
                value: Any = text(key)
                if item.leaf.category == "numeric":
                    value = int(key) if key.isdigit() else None
                if value is not None:
                    records = self.space.put(records, name, value)
        if MAP in records:
            records = self.fill_map(records)
        return records

    def fill_map(self, records: dict[str, bytes]) -> dict[str, bytes]:
        """Every input field of the map typed: the COMMAREA value it is moved to, the key, or '1'."""
        layout = self.maps.get(self.map_record, [])
        copied = dict(self.module.copied)
        data = bytearray(records[MAP])
        for name, length_at, _, data_at, size in layout:
            current = bytes(data[data_at : data_at + size]).strip(b" \0")
            target = copied.get(f"{name}I")
            if target not in self.space.fields or self.space.fields[target].ddname != COMMAREA:
                target = self.same_stem(name)
            value = current
            if target is not None:
                value = self.space.read(records, target).strip() or current
            value = value or b"1"
            data[data_at : data_at + size] = value[:size].ljust(size)
            data[length_at : length_at + 2] = len(value[:size]).to_bytes(2, "big", signed=True)
        return {**records, MAP: bytes(data)}

    def same_stem(self, name: str) -> str | None:
        """The COMMAREA field a map field stands for by name: DSOORT and CA-SOORT."""
        for candidate, item in self.space.fields.items():
            stem = candidate.rsplit("-", 1)[-1]
            if item.ddname == COMMAREA and len(stem) >= 3 and (name[1:] == stem or name == stem):
                return candidate
        return None

    def scenario(self, records: dict[str, bytes] | None, aid: str = "ENTER", files: bool = True, rows: bool = True) -> bytes:
        document: dict[str, Any] = {"program": self.module.name, "transid": self.transid, "aid": aid, "termid": "T001", "userid": "TESTUSER"}
        document["commarea"] = text(records[COMMAREA]) if records is not None and COMMAREA in records else None
        if records is not None and MAP in records and self.map_name:
            document["maps"] = {self.map_name: self.map_fields(records[MAP])}
        document["files"] = {name: [text(r) for r in recs] if files else [] for name, (recs, _) in sorted(self.files.items())}
        if self.schema is not None and self.tables:
            flat = sqlworld.flat(self.codecs[COMMAREA][1].decode(records[COMMAREA]), {}) if records and COMMAREA in records and COMMAREA in self.codecs else {}
            seeded = sqlworld.seed_rows(self.schema, self.tables, [flat], self.literals, every=True) if rows and flat else {t: [] for t in self.tables}
            document["tables"] = json.loads(sqlworld.render_rows(seeded, self.schema))
        return render(document)

    def map_fields(self, data: bytes) -> dict[str, str]:
        found = {}
        for name, length_at, _, data_at, size in self.maps.get(self.map_record, []):
            if int.from_bytes(data[length_at : length_at + 2], "big", signed=True) > 0:
                found[name] = text(data[data_at : data_at + size].replace(b"\0", b" ")).rstrip()
        return found

    def cases(self) -> list[Any]:
        from modernize.testgen.generate import Case, identifier

        found: list[Case] = []
        seen: set[bytes] = set()

        def add(case: Case) -> None:
            if case.inputs["SCENARIO"] not in seen:
                seen.add(case.inputs["SCENARIO"])
                found.append(case)

        add(Case("first", "the first call of the transaction (EIBCALEN = 0)", {"SCENARIO": self.scenario(None)}))
        if COMMAREA not in self.codecs:
            return found
        valid = self.valid()
        for aid in self.aids:
            add(Case(f"aid-{aid.lower()}", f"{aid} with the COMMAREA of an earlier screen and every map field typed",
                     {"SCENARIO": self.scenario(valid, aid)}))
        # a conversation's state lives in the COMMAREA: each of its 88-level values with each key
        states = [(name, field_name, values[0]) for name, (field_name, values) in self.space.conditions.items()
                  if self.space.fields[field_name].ddname == COMMAREA and values]
        for name, field_name, raw_value in states[:STATES]:
            from modernize.testgen.inputs import value_of

            value = value_of(raw_value, self.space.fields[field_name].leaf)
            state = self.space.put(valid, field_name, value) if value is not None else valid
            if state == valid:
                continue
            for aid in self.aids[:STATE_KEYS]:
                add(Case(f"state-{identifier(name)}-{aid.lower()}", f"{aid} when {name} ({field_name} = {raw_value})",
                         {"SCENARIO": self.scenario(state, aid)}))
        for number, rule in enumerate(self.module.business_rules, 1):
            for index, variant in enumerate(self.space.variants(rule, valid), 1):
                add(Case(f"rule-{number:02d}" + (f"-{index}" if index > 1 else ""), variant.title, {"SCENARIO": self.scenario(variant.inputs)}, rule))
        add(Case("no-records", "ENTER with the same input, every file and table empty (not found)",
                 {"SCENARIO": self.scenario(valid, files=False, rows=False)}))
        if MAP in valid:
            empty_map = {COMMAREA: valid[COMMAREA], MAP: b"\0" * len(valid[MAP])}
            add(Case("map-empty", "ENTER with nothing typed (MAPFAIL)", {"SCENARIO": self.scenario(empty_map)}))
        return found


def symbolic_maps(generator: Any) -> dict[str, str]:
    """COPY member -> the symbolic map DFHMAPS would generate, for each BMS mapset of the estate
    whose copybook the estate lacks (most keep only the BMS source)."""
    from modernize.parsers.bms import mapset_symbolic_map, mapsets

    have = {Path(path).stem.upper() for path, source in generator.files.items() if source.kind == "copybook"}
    found: dict[str, str] = {}
    for path, source in sorted(generator.files.items()):
        if source.kind != "bms":
            continue
        with contextlib.suppress(OSError, ValueError):
            body = legacy.decode_source(generator.root / (source.disk_path or path), source.encoding)
            for module in mapsets(body, path):
                code = "\n".join(f"       {line}" for _, line in mapset_symbolic_map(module)) + "\n"
                for member in {Path(path).stem.upper(), module.name.upper()} - have:
                    found.setdefault(member, code)
    return found


def copied_members(body: str) -> list[str]:
    """The members a program COPYs (its attention keys may be tested in one: CardDemo's CSSTRPFY)."""
    words = body.upper().replace(".", " ").replace("'", " ").replace('"', " ").split()
    return sorted({words[i + 1] for i, word in enumerate(words[:-1]) if word == "COPY" and words[i + 1].replace("-", "").isalnum()})


def transids(modules: list[Module]) -> dict[str, str]:
    return {str(m.attributes.get("program", "")).upper(): m.name for m in modules if m.kind == "transaction" and m.attributes.get("program")}


def add_tests(generator: Any, estate: dict[str, Any], generated: list[Any]) -> None:
    """The hook TestGenerator.generate calls: scenarios for every online program of a step. The
    programs, their map layouts, the schema and what the world cannot emulate go to estate.json's
    ``cics_world`` key; a program the world cannot emulate gets documented skips, never nothing."""
    from modernize.testgen.generate import ProgramTests

    if os.environ.get("MODERNIZE_NO_CICS_WORLD") == "1":
        return
    online = online_programs(generator)
    if not online:
        return
    copy_dirs = estate["copy_dirs"]
    schema = sqlworld.Schema.from_modules(generator.modules)
    trans = transids(generator.modules)
    spec: dict[str, Any] = {"programs": {}, "maps": {}, "unsupported": {}, "schema": asdict(schema) if schema.tables else None,
                            "copybooks": symbolic_maps(generator)}
    for name, (module, _) in online.items():
        source = generator.files[module.path]
        spec["programs"][name] = (source.disk_path or module.path, source.encoding)
    generated[:] = [t for t in generated if t.program not in online]
    members = sqlworld.Members.of(generator.root, copy_dirs)  # once per estate: asked for every INCLUDE and COPY

    def member_text(member: str) -> str | None:
        """As ``cicsrun.read_member``: in the member's case or in lower case."""
        return members.read(member) or members.read(member.lower())

    jobs = [job for job in generator.step_programs() if job[2] in online]

    def program_scenarios(step_dir: str, step: Any, name: str) -> tuple[dict[str, Any], list[str], Any]:
        """(its maps, what the world cannot emulate, its tests)."""
        module, body = online[name]
        problems: list[str] = []
        statements: list[Any] = []
        text_ = body
        if "EXEC SQL" in " ".join(body.upper().split()):
            try:
                pre = precompile(body, member_text)
                statements = pre.statements
                problems += [f"line {line}: {what}" for line, what in pre.unsupported if not what.startswith("EXEC CICS")]
                problems += [p for p in sqlworld.emulation_problems(pre) if "EXEC CICS" not in p]
                text_ = pre.source
            except (ValueError, IndexError) as problem:
                problems.append(f"the EXEC SQL blocks could not be precompiled: {problem}")
        try:
            translated = translate(name, text_)
            problems += [f"line {line}: {what}" for line, what in translated.unsupported]
            commands = translated.commands
        except (ValueError, IndexError) as problem:
            problems.append(f"the EXEC CICS blocks could not be translated: {problem}")
            commands = []
        if "EXEC DLI" in " ".join(body.upper().split()):
            problems.append("EXEC DLI: the offline world has no IMS databases")
        maps = map_records(module, commands)
        tests = ProgramTests(name, step, ["SCENARIO"], ["OUTCOME"], rules=list(module.business_rules), path=module.path)
        tests.directory = step_dir
        if not problems:
            procedure = body + "".join(member_text(member) or "" for member in copied_members(body))
            builder = ScenarioBuilder(generator, module, procedure, commands, maps, schema if schema.tables else None, statements,
                                      trans.get(name, ""))
            tests.cases = builder.cases()
        return maps, problems, tests

    for (_, _, name), (maps, problems, tests) in zip(jobs, generator.for_each(jobs, program_scenarios, sqlworld.PARALLEL_PROGRAMS), strict=True):
        spec["maps"].update(maps)
        if problems:
            spec["unsupported"][name] = sorted(set(problems), key=problems.index)
        generated.append(tests)
    estate[SPEC] = spec
    sql = estate.get(sqlworld.SPEC)
    if sql:  # the online world runs their SQL too
        sql["programs"] = [p for p in sql["programs"] if p not in online]
        sql["unsupported"] = {p: v for p, v in sql.get("unsupported", {}).items() if p not in online}


def build_failed(estate: dict[str, Any], program: str, reason: str) -> None:
    """A capture could not build an online program (a copybook missing, a dialect GnuCOBOL rejects):
    the reason joins what the world cannot emulate, so the program's test module skips with it."""
    spec = estate.get(SPEC)
    if spec and program in spec.get("programs", {}):
        # the build folder's name changes from run to run: the file name is enough
        reason = " ".join(word[word.index("/src/") + 5:] if ".partial/" in word and "/src/" in word else word for word in reason.split(" "))
        problems = spec.setdefault("unsupported", {}).setdefault(program, [])
        if reason not in problems:
            problems.append(reason)


def runner(estate: dict[str, Any], program: str) -> CicsRunner | None:
    spec = estate.get(SPEC)
    if not spec or program not in spec.get("programs", {}):
        return None
    return CicsRunner(spec)


def world_fixture(estate: dict[str, Any], program: str) -> str:
    """What an online program's test module adds: scenarios run in the offline CICS world (legacy)
    or through the replacement adapter; a program the world cannot emulate gets one documented
    skip naming each EXEC line."""
    spec = estate.get(SPEC) or {}
    if program not in spec.get("programs", {}):
        return ""
    text_ = ['', '', '@pytest.fixture', 'def characterize(implementation, build_dir):',
             '    "An online program: its scenario runs in the offline CICS world, or through the replacement adapter."',
             '    from modernize.testgen import scenarios', '', '    return scenarios.characterize_with(build_dir, implementation)', '']
    problems = spec.get("unsupported", {}).get(program, [])
    if problems:
        reason = "the offline CICS world cannot emulate: " + "; ".join(problems)
        text_ += ['', 'def test_offline_world_covers_every_command():', '    "Every EXEC command of the program runs in the offline world."',
                  f'    pytest.skip({reason!r})', '']
    return "\n".join(text_)


def replacement_outcome(program: str, scenario: bytes) -> dict[str, Any]:
    """The outcome the replacement gives for a scenario, through the documented adapter."""
    import pytest

    command = os.environ.get("MODERNIZE_ONLINE_COMMAND")
    url = os.environ.get("MODERNIZE_ONLINE_URL")
    if command:
        import subprocess

        result = subprocess.run(command.replace("{program}", program), shell=True, input=scenario, capture_output=True, timeout=120, check=False)
        assert result.returncode == 0, f"the replacement command failed for {program}: {result.stderr.decode('utf-8', 'replace')[:500]}"
        return json.loads(result.stdout)
    if url:
        import urllib.request

        request = urllib.request.Request(url.replace("{program}", program), data=scenario, method="POST",
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=120) as answer:  # noqa: S310 - the user's own endpoint
            return json.loads(answer.read())
    pytest.skip("set MODERNIZE_ONLINE_COMMAND (scenario JSON on stdin, outcome JSON on stdout) or MODERNIZE_ONLINE_URL to test a replacement")
    return {}


def characterize_with(build_dir: Path, implementation: str) -> Any:
    """The generated tests' check for an online program: the outcome equals the golden master."""
    import pytest

    def check(test_file: str, program: str, cases: str, case: str, inputs: list[str], outputs: list[str]) -> None:
        project = Path(test_file).parent.parent
        golden = Path(test_file).parent / "golden" / cases / case / "OUTCOME.out"
        if not golden.exists():
            pytest.skip(f"no golden master for {program} case {case}: run `modernize tests --capture` where GnuCOBOL is installed")
        scenario = (Path(test_file).parent / "cases" / cases / case / "SCENARIO.in").read_bytes()
        expected = json.loads(golden.read_bytes())
        if implementation != "legacy":
            assert replacement_outcome(program, scenario) == expected, f"{program} {case}: the replacement's outcome differs from the legacy golden master"
            return
        if legacy.cobc() is None:
            pytest.skip("GnuCOBOL (cobc) is needed to run the legacy program")
        try:
            sandbox = legacy.get_sandbox()
        except Exception as problem:  # noqa: BLE001 - SandboxUnavailable: said as the skip reason
            pytest.skip(str(problem))
        estate = json.loads((project / "estate.json").read_text(encoding="utf-8"))
        world = runner(estate, program)
        assert world is not None, f"{program} is not in estate.json's {SPEC}"
        root = Path(os.environ.get("MODERNIZE_LEGACY_ROOT", estate["root"]))
        programs = {name: tuple(entry) for name, entry in estate["programs"].items()}
        build = world.build(root, program, programs, estate["copy_dirs"], build_dir, sandbox)
        _, produced, _ = world.run(build, {"SCENARIO": scenario}, ["OUTCOME"])
        unstable = stability.read(golden.parent)
        if unstable is not None and unstable.masked.get("OUTCOME.out"):
            output, master = stability.masked_pair(unstable, "OUTCOME.out", produced["OUTCOME"], golden.read_bytes())
            assert output == master, f"{program} {case}: the outcome differs from the legacy golden master (unstable bytes masked)"
            return
        assert json.loads(produced["OUTCOME"]) == expected, f"{program} {case}: the outcome differs from the legacy golden master"

    return check


__all__ = ["SPEC", "add_tests", "characterize_with", "raw", "runner", "world_fixture"]
