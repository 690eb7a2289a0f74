"""Characterization test projects, one directory per plan step, with inputs built from record layouts.

For every batch program of a step (one without EXEC SQL/CICS that reads or writes files) the
generator builds input files from the FD record layouts: boundary values from the pictures
(maximum digits, zero, negative where signed), every 88-level value, and the literals the business
rules compare input fields with — one case per rule where that can be derived. Tests compare the
outputs with golden masters, captured from the legacy program with ``--capture``; a rule that
depends on data only production can give is skipped with a reason that says what to capture.
"""

from __future__ import annotations

import functools
import hashlib
import json
import keyword
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from modernize.model import BusinessRule, Module, SourceFile
from modernize.output import Lazy, Output, safe_stem, utf8
from modernize.plan.acceptance import TestFile
from modernize.plan.build import Step
from modernize.sandbox import Sandbox
from modernize.testgen import sqlworld
from modernize.testgen.records import Field, RecordCodec, fields_from_symbols

ENCODING = {"encoding": "ascii", "sign_convention": "gnucobol", "native_byteorder": "little"}


@dataclass
class Case:
    name: str
    title: str
    inputs: dict[str, bytes]
    rule: BusinessRule | None = None


@dataclass
class ProgramTests:
    program: str
    step: Step
    inputs: list[str]
    outputs: list[str]
    cases: list[Case] = field(default_factory=list)
    skipped_rules: list[tuple[int, BusinessRule, str]] = field(default_factory=list)
    directory: str = ""  # the step's folder in the test project


@dataclass
class TestProject:
    """The generated pytest project: its files (paths relative to the project folder) and, per
    program, the cases they hold; ``estate`` says where the legacy sources are (estate.json)."""

    programs: list[ProgramTests]
    files: dict[str, bytes]
    estate: dict[str, Any]

    @property
    def cases(self) -> int:
        return sum(len(t.cases) for t in self.programs)

    def test_files(self) -> list[TestFile]:
        """The modules written, for the plan's acceptance criteria: they cite only these."""
        return [TestFile(f"{t.directory}/{test_file_name(t.program)}", t.program, len(t.cases), len(t.skipped_rules))
                for t in self.programs]


def batch_programs(modules: list[Module]) -> dict[str, Module]:
    """Programs GnuCOBOL can run here: no EXEC SQL/CICS/DLI, not nested."""
    found = {}
    for module in modules:
        if module.kind != "program" or module.nested_in:
            continue
        if module.handlers or any(r.via in ("sql", "dli", "ims") or r.via.startswith("cics") for r in module.references):
            continue
        found[module.name] = module
    return found


def leaves(item: Field) -> list[Field]:
    if not item.children:
        return [item] if not item.filler else []
    return [leaf for child in item.children if not child.redefines for leaf in leaves(child)]


def maximum(item: Field) -> Any:
    if item.category == "numeric" or item.usage in ("COMP", "COMP-3", "COMP-5"):
        digits = item.digits or 1
        return int("9" * digits) / (10 ** item.scale) if item.scale else int("9" * digits)
    return "Z" * item.length


def set_value(values: dict[str, Any], root: Field, target: str, value: Any) -> bool:
    """Put ``value`` into the field named ``target`` (first occurrence), building the nested dict."""
    def walk(item: Field, holder: dict[str, Any]) -> bool:
        for child in item.children:
            if child.name == target and not child.children:
                holder[child.name] = [value] if child.occurs else value
                return True
            if child.children and not child.occurs:
                inner = holder.setdefault(child.name, {})
                if walk(child, inner):
                    return True
        return False

    return walk(root, values.setdefault(root.name, {}))


def literal(value: str, item: Field) -> Any:
    if item.category == "numeric":
        try:
            return float(value.replace(",", ".")) if item.scale else int(value)
        except ValueError:
            return None
    return value


class TestGenerator:
    def __init__(self, modules: list[Module], steps: list[Step], files: list[SourceFile], root: Path):
        self.modules = modules
        self.steps = steps
        self.files = {f.path: f for f in files}
        self.root = Path(root)
        self.batch = batch_programs(modules)

    def record_codecs(self, module: Module) -> dict[str, tuple[str, RecordCodec]]:
        """Input DD name -> (record name, codec) for the files the program reads."""
        codecs = {}
        for symbol in module.symbols:
            if symbol.kind != "file" or not set(symbol.open_modes) & {"INPUT", "I-O"}:
                continue
            records = symbol.records
            if not records:
                continue
            try:
                codecs[symbol.ddname] = (records[0], RecordCodec(fields_from_symbols(module.symbols, records[0]), **ENCODING))
            except KeyError:
                continue
        return codecs

    def outputs(self, module: Module) -> list[str]:
        return sorted(s.ddname for s in module.symbols if s.kind == "file" and set(s.open_modes) & {"OUTPUT", "EXTEND", "I-O"})

    def program_tests(self, module: Module, step: Step) -> ProgramTests:
        codecs = self.record_codecs(module)
        tests = ProgramTests(module.name, step, sorted(codecs), self.outputs(module))
        base: dict[str, list[bytes]] = {}
        conditions = [(symbol.name, symbol.layout.conditions) for symbol in module.symbols if symbol.kind == "data"]
        for ddname, (_record, codec) in sorted(codecs.items()):
            records = [codec.encode({})]
            maximum_values: dict[str, Any] = {}
            negative_values: dict[str, Any] = {}
            for leaf in leaves(codec.root):
                set_value(maximum_values, codec.root, leaf.name, maximum(leaf))
                if leaf.signed:
                    set_value(negative_values, codec.root, leaf.name, -maximum(leaf))
            records.append(codec.encode(maximum_values))
            if negative_values:
                records.append(codec.encode(negative_values))
            for name, meaning in conditions:
                for values in meaning.values():
                    leaf = next((f for f in leaves(codec.root) if f.name == name), None)
                    if leaf is not None and values and values[0] not in ("THRU",):
                        value = literal(values[0], leaf)
                        if value is not None:
                            case: dict[str, Any] = {}
                            set_value(case, codec.root, leaf.name, value)
                            records.append(codec.encode(case))
            base[ddname] = records
        tests.cases.append(Case("boundaries", "boundary values and every 88-level value of the input records", {dd: b"".join(r) for dd, r in base.items()}))
        meanings = {condition: (name, values) for name, meaning in conditions for condition, values in meaning.items()}
        for number, rule in enumerate(module.business_rules, 1):
            derived = self.rule_case(rule, codecs, base, meanings)
            if derived is None:
                names = ", ".join(rule.data) or "working storage"
                reason = (f"the condition depends on {names}, which no input record field sets directly: capture a production input "
                          f"for which {rule.condition} holds, store it as cases/{module.name}/rule-{number:02d}/<DD>.in and rerun --capture")
                tests.skipped_rules.append((number, rule, reason))
            else:
                inputs, field_name, value = derived
                tests.cases.append(Case(f"rule-{number:02d}", f"{field_name} = {value!r}", inputs, rule))
        return tests

    @staticmethod
    def rule_case(rule: BusinessRule, codecs: dict[str, tuple[str, RecordCodec]], base: dict[str, list[bytes]],
                  meanings: dict[str, tuple[str, list[str]]]) -> tuple[dict[str, bytes], str, Any] | None:
        """Inputs for one rule branch: a record whose field compared in the rule holds the literal
        (a figurative ZERO/SPACE counts, and an 88-level name stands for its field and first value)."""
        literals = list(rule.literals)
        words = set(rule.condition.split())
        if not literals and words & {"ZERO", "ZEROS", "ZEROES"}:
            literals = ["0"]
        if not literals and words & {"SPACE", "SPACES"}:
            literals = [" "]
        candidates: list[tuple[str, str | None]] = []
        for name in rule.data:
            if name in meanings:
                field_name, values = meanings[name]
                candidates.append((field_name, values[0] if values and values[0] != "THRU" else None))
            else:
                candidates.append((name, literals[0] if literals else None))
        for name, raw in candidates:
            if raw is None:
                continue
            for ddname, (_, codec) in sorted(codecs.items()):
                leaf = next((f for f in leaves(codec.root) if f.name == name), None)
                if leaf is None:
                    continue
                value = literal(raw, leaf)
                if value is None:
                    continue
                values: dict[str, Any] = {}
                set_value(values, codec.root, name, value)
                inputs = {dd: records[0] for dd, records in base.items()}
                inputs[ddname] = codec.encode(values)
                return inputs, name, value
        return None

    def generate(self) -> TestProject:
        programs = {name: (self.files[m.path].disk_path or m.path, self.files[m.path].encoding) if m.path in self.files else (m.path, "ascii")
                    for name, m in self.batch.items()}
        copy_dirs = sorted({p.rsplit("/", 1)[0] for p in self.files if self.files[p].kind == "copybook" and "/" in p})
        estate = {"root": str(self.root.resolve()), "programs": programs, "copy_dirs": copy_dirs}
        files = {"estate.json": utf8(json.dumps(estate, indent=1, sort_keys=True) + "\n"), "conftest.py": utf8(CONFTEST),
                 "pytest.ini": b"[pytest]\naddopts = -ra\n"}
        generated = []
        for number, step in enumerate(self.steps, 1):
            step_dir = f"step_{number:02d}_{slug(step.title)}"
            members = [p.split(":", 1)[1] for p in step.programs]
            batch = [name for name in members if name in self.batch and self.batch[name].references and self.outputs(self.batch[name])]
            for name in batch:
                tests = self.program_tests(self.batch[name], step)
                tests.directory = step_dir
                if not all(RE_DDNAME.fullmatch(dd) for dd in [*tests.inputs, *tests.outputs]):
                    continue  # GnuCOBOL binds files through DD_<name> variables: other names cannot be fed
                for case in tests.cases:
                    for ddname, data in case.inputs.items():
                        files[f"{step_dir}/cases/{safe_stem(name)}/{case.name}/{ddname}.in"] = data
                files[f"{step_dir}/{test_file_name(name)}"] = utf8(test_module(tests))
                generated.append(tests)
        sqlworld.add_tests(self, files, generated)  # DB2 batch programs: scenarios in the offline SQL world
        return TestProject(generated, files, estate)


RE_DDNAME = re.compile(r"[A-Za-z0-9@#$][A-Za-z0-9@#$_-]{0,30}")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:40] or "step"


def identifier(text: str) -> str:
    """A valid Python identifier from any estate name (hyphens, digits first, non-ASCII, keywords)."""
    name = re.sub(r"[^a-z0-9_]+", "_", text.lower()).strip("_")[:60] or "unnamed"
    return f"_{name}" if name[0].isdigit() or keyword.iskeyword(name) else name


def test_file_name(program: str) -> str:
    """test_<program>.py: a name pytest imports as a module, distinct for distinct programs (a name
    that had to change for that carries a short hash of the original)."""
    name = identifier(program)
    if name != program.lower().replace("-", "_") or "_" in program:
        name += "_" + hashlib.sha256(program.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"test_{name}.py"


def test_module(tests: ProgramTests) -> str:
    """The test module's text. Every string from the estate enters it through repr() and every
    name through identifier(): whatever a comment, a file name or a PROGRAM-ID holds, the module
    compiles and runs nothing but the test."""
    lines = [
        repr(f"Characterization tests for {tests.program} (plan step {tests.step.id}: {tests.step.title}).\n\n"
             "Generated by modernize. Each test runs the implementation under test (--implementation legacy|replacement) "
             "on recorded inputs and compares every output file with the golden master captured from the legacy program."),
        "",
        "import pytest",
        "",
        f"PROGRAM = {tests.program!r}",
        f"CASES = {safe_stem(tests.program)!r}",
        f"INPUTS = {tests.inputs!r}",
        f"OUTPUTS = {tests.outputs!r}",
        "",
    ]
    used: set[str] = set()

    def function(name: str) -> str:
        unique, number = name, 2
        while unique in used:
            unique, number = f"{name}_{number}", number + 1
        used.add(unique)
        return unique

    for case in tests.cases:
        if case.rule is None:
            name = function(f"test_{identifier(tests.program)}_golden_master")
            lines += ["", f"def {name}(characterize):",
                      f"    {case.title + ': the outputs equal the legacy golden master.'!r}",
                      f"    characterize(__file__, PROGRAM, CASES, {case.name!r}, INPUTS, OUTPUTS)", ""]
        else:
            rule = case.rule
            name = function(f"test_{identifier(case.name)}_{slug(rule.condition)}")
            lines += ["", f"def {name}(characterize):",
                      f"    {rule_doc(rule) + '; case: ' + case.title + '.'!r}",
                      f"    characterize(__file__, PROGRAM, CASES, {case.name!r}, INPUTS, OUTPUTS)", ""]
    for number, rule, reason in tests.skipped_rules:
        name = function(f"test_rule_{number:02d}_{slug(rule.condition)}")
        lines += ["", f"def {name}():",
                  f"    {rule_doc(rule) + '.'!r}",
                  f"    pytest.skip({reason!r})", ""]
    return "\n".join(lines).rstrip() + "\n"


def rule_doc(rule: BusinessRule) -> str:
    return f"{rule.kind} {rule.condition} — {rule.path}:{rule.line} (paragraph {rule.paragraph})"


CONFTEST = '''"""Runs the implementation under test for the generated characterization tests.

--implementation legacy (default) builds the legacy program with GnuCOBOL from the estate named in
estate.json (MODERNIZE_LEGACY_ROOT overrides its location) and runs it in modernize's sandbox
(bubblewrap: no network, the estate read-only; MODERNIZE_UNSANDBOXED=1 runs it without one where
bubblewrap is missing); --implementation replacement runs the command in
MODERNIZE_REPLACEMENT_COMMAND ({program} is replaced by the program name) with the same
DD_<ddname> environment variables. Golden masters live in golden/<program>/<case>/.
"""

import json
import os
import subprocess
import tempfile
from pathlib import Path

import pytest

HERE = Path(__file__).parent
ESTATE = json.loads((HERE / "estate.json").read_text(encoding="utf-8"))


def pytest_addoption(parser):
    parser.addoption("--implementation", default=os.environ.get("MODERNIZE_IMPLEMENTATION", "legacy"), choices=["legacy", "replacement"])


@pytest.fixture(scope="session")
def implementation(request):
    return request.config.getoption("--implementation")


@pytest.fixture(scope="session")
def build_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("legacy-build")


def load_case(test_file, cases, case, inputs):
    directory = Path(test_file).parent / "cases" / cases / case
    return {dd: (directory / f"{dd}.in").read_bytes() for dd in inputs if (directory / f"{dd}.in").exists()}


def golden_dir(test_file, cases, case):
    return Path(test_file).parent / "golden" / cases / case


def run_implementation(kind, program, inputs, outputs, build_dir):
    if kind == "legacy":
        from modernize.sandbox import SandboxUnavailable, get_sandbox
        from modernize.testgen import legacy

        if legacy.cobc() is None:
            pytest.skip("GnuCOBOL (cobc) is needed to run the legacy program")
        try:
            sandbox = get_sandbox()
        except SandboxUnavailable as problem:
            pytest.skip(str(problem))
        root = Path(os.environ.get("MODERNIZE_LEGACY_ROOT", ESTATE["root"]))
        programs = {name: tuple(entry) for name, entry in ESTATE["programs"].items()}
        build = legacy.build(root, program, programs, ESTATE["copy_dirs"], build_dir, sandbox)
        code, produced, _ = legacy.run(build, inputs, outputs)
        return code, produced
    command = os.environ.get("MODERNIZE_REPLACEMENT_COMMAND")
    if not command:
        pytest.skip("set MODERNIZE_REPLACEMENT_COMMAND to run the replacement ({program} = program name)")
    with tempfile.TemporaryDirectory() as directory:
        env = dict(os.environ, MODERNIZE_RUN_DATE="2025-01-31")
        for dd, data in inputs.items():
            (Path(directory) / f"{dd}.in").write_bytes(data)
            env[f"DD_{dd}"] = str(Path(directory) / f"{dd}.in")
        for dd in outputs:
            env.setdefault(f"DD_{dd}", str(Path(directory) / f"{dd}.out"))
        result = subprocess.run(command.format(program=program), shell=True, env=env, cwd=directory)
        return result.returncode, {dd: Path(env[f"DD_{dd}"]).read_bytes() if Path(env[f"DD_{dd}"]).exists() else b"" for dd in outputs}


@pytest.fixture
def characterize(implementation, build_dir):
    def check(test_file, program, cases, case, inputs, outputs):
        golden = golden_dir(test_file, cases, case)
        if not (golden / "returncode").exists():
            pytest.skip(f"no golden master for {program} case {case}: run `modernize tests --capture` where GnuCOBOL is installed, "
                        f"or store the legacy outputs for cases/{cases}/{case} in {golden}")
        code, produced = run_implementation(implementation, program, load_case(test_file, cases, case, inputs), outputs, build_dir)
        assert code == int((golden / "returncode").read_text()), f"{program} {case}: return code differs from the legacy run"
        for dd in outputs:
            expected = (golden / f"{dd}.out").read_bytes()
            assert produced[dd] == expected, f"{program} {case}: output {dd} differs from the legacy golden master"
    return check
'''


@dataclass
class Capture:
    """Golden masters recorded from the legacy programs, each case run (in the sandbox) only when
    the writer needs its files: when the sources or the case's inputs changed since the last write."""

    project: TestProject
    root: Path
    work: Path
    sandbox: Sandbox
    problems: list[str] = field(default_factory=list)
    _builds: dict[str, Any] = field(default_factory=dict)
    _runs: dict[tuple[str, str], dict[str, bytes] | None] = field(default_factory=dict)

    def outputs(self) -> dict[str, Output]:
        from modernize.testgen import legacy

        programs = {name: tuple(entry) for name, entry in self.project.estate["programs"].items()}
        sources = legacy.source_digest(self.root, programs)
        found: dict[str, Output] = {}
        for tests in self.project.programs:
            for case in tests.cases:
                golden = f"{tests.directory}/golden/{safe_stem(tests.program)}/{case.name}"
                stamp = hashlib.sha256((sources + tests.program + repr(sorted(case.inputs.items()))).encode("utf-8", "surrogatepass")).hexdigest()
                for name in (*(f"{dd}.out" for dd in tests.outputs), "returncode", "stamp"):
                    found[f"{golden}/{name}"] = Lazy(stamp, functools.partial(self.golden_file, tests, case, stamp, name))
        return found

    def golden_file(self, tests: ProgramTests, case: Case, stamp: str, name: str) -> bytes | None:
        run = self.run(tests, case, stamp)
        return None if run is None else run.get(name, b"")

    def run(self, tests: ProgramTests, case: Case, stamp: str) -> dict[str, bytes] | None:
        """One case's golden files; None when the program cannot be built or run (said in ``problems``)."""
        from modernize.testgen import legacy

        key = (tests.program, case.name)
        if key not in self._runs:
            self._runs[key] = None
            build = self._builds.get(tests.program)
            if build is None and tests.program not in self._builds:
                programs = {name: tuple(entry) for name, entry in self.project.estate["programs"].items()}
                try:
                    runner = sqlworld.runner(self.project.files, tests.program) or legacy
                    build = runner.build(self.root, tests.program, programs, self.project.estate["copy_dirs"], self.work, self.sandbox)
                except legacy.LegacyError as problem:
                    self.problems.append(f"{tests.program}: {problem}")
                self._builds[tests.program] = build
            if build is not None:
                try:
                    code, produced, _ = (sqlworld.runner(self.project.files, tests.program) or legacy).run(build, case.inputs, tests.outputs, self.work)
                except legacy.LegacyError as problem:
                    self.problems.append(f"{tests.program} {case.name}: {problem}")
                else:
                    self._runs[key] = {**{f"{dd}.out": data for dd, data in produced.items()},
                                       "returncode": f"{code}\n".encode(), "stamp": stamp.encode()}
        return self._runs[key]
