"""Characterization test projects, one directory per plan step, with inputs built from record layouts.

For every batch program of a step (one without EXEC SQL/CICS that reads or writes files) the
generator builds input files from the FD record layouts: boundary values from the pictures
(maximum digits, zero, negative where signed), every 88-level value, and the literals the business
rules compare input fields with — one case per rule where that can be derived. Tests compare the
outputs with golden masters, captured from the legacy program with ``--capture``; a rule that
depends on data only production can give is skipped with a reason that says what to capture.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import functools
import hashlib
import json
import keyword
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from modernize.forked import forked_map
from modernize.model import BusinessRule, Module, SourceFile
from modernize.output import Output, safe_stem, utf8, write_bytes_atomic
from modernize.plan.acceptance import RuleCoverage, TestFile
from modernize.plan.build import Step
from modernize.sandbox import Sandbox
from modernize.testgen import dli, dliworld, scenarios, sqlworld, stability
from modernize.testgen.coverage import Coverage
from modernize.testgen.indexed import indexed_files
from modernize.testgen.inputs import DataFiles, InputSpace, control_cards, samples, value_of
from modernize.testgen.legacy import PARM, SYSIN, Harness
from modernize.testgen.parm import ParmIndex, main_parms, parm_codec
from modernize.testgen.records import Field, RecordCodec, fields_from_symbols
from modernize.testgen.schedule import within_budget
from modernize.testgen.stability import Unstable

ENCODING = {"encoding": "ascii", "sign_convention": "gnucobol", "native_byteorder": "little"}


@dataclass
class Case:
    name: str
    title: str
    inputs: dict[str, bytes]
    rule: BusinessRule | None = None
    unstable: Unstable | None = None  # after a capture: bytes masked, or why it cannot be reproduced


@dataclass
class ProgramTests:
    program: str
    step: Step
    inputs: list[str]
    outputs: list[str]
    cases: list[Case] = field(default_factory=list)
    skipped_rules: list[tuple[int, BusinessRule, str]] = field(default_factory=list)
    directory: str = ""  # the step's folder in the test project
    rules: list[BusinessRule] = field(default_factory=list)  # the program's, numbered from 1 as the cases are
    path: str = ""  # the program's source, where its rules' lines are


@dataclass
class TestProject:
    """The generated pytest project: its files (paths relative to the project folder) and, per
    program, the cases they hold; ``estate`` says where the legacy sources are (estate.json)."""

    programs: list[ProgramTests]
    files: dict[str, bytes]
    estate: dict[str, Any]
    coverage: Coverage | None = None  # measured by a traced capture; None: not measured

    @property
    def cases(self) -> int:
        return sum(len(t.cases) for t in self.programs)

    def test_files(self) -> list[TestFile]:
        """The modules written, for the plan's acceptance criteria: they cite only these."""
        return [TestFile(f"{t.directory}/{test_file_name(t.program)}", t.program, len(t.cases), len(t.skipped_rules), self.rule_coverage(t.program))
                for t in self.programs]

    def rule_coverage(self, program: str) -> RuleCoverage | None:
        found = self.coverage.program(program) if self.coverage else None
        if found is None:
            return None
        return RuleCoverage(found.rules, len(found.reached), found.outcomes, len(found.covered), len(found.dropped), len(found.empty),
                            len(found.missed), len(found.masked), len(found.unreproducible))


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


class TestGenerator:
    def __init__(self, modules: list[Module], steps: list[Step], files: list[SourceFile], root: Path, jobs: int = 1):
        self.jobs = jobs  # forked workers for the per-program work of a large estate
        self.modules = modules
        self.steps = steps
        self.files = {f.path: f for f in files}
        self.data_files = DataFiles(files, root)
        self.root = Path(root)
        self.batch = batch_programs(modules)
        self.parms = ParmIndex.of(modules)  # once per estate: asked for every program

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
        """The DDs the program and the programs it CALLs write."""
        return sorted({s.ddname for m in [module, *self.callees(module)] for s in m.symbols if s.kind == "file" and set(s.open_modes) & {"OUTPUT", "EXTEND", "I-O"}})

    def program_tests(self, module: Module, step: Step) -> ProgramTests:
        codecs = self.record_codecs(module)
        for callee in self.callees(module):  # files a called program reads are the run's inputs too
            codecs = {**self.record_codecs(callee), **codecs}
        if module.sysin:
            with contextlib.suppress(KeyError):
                codecs[SYSIN] = (module.sysin[0], RecordCodec(fields_from_symbols(module.symbols, module.sysin[0]), **ENCODING))
        parms = main_parms(self.parms, module)
        if parms is not None and (parm := parm_codec(module, **ENCODING)):
            codecs[PARM] = parm
        tests = ProgramTests(module.name, step, sorted(codecs), self.outputs(module), rules=list(module.business_rules), path=module.path)
        sample = {dd: samples(self.data_files, codec.length, dd, record) for dd, (record, codec) in codecs.items()}
        if SYSIN in codecs:
            sample[SYSIN] = control_cards(list(self.files.values()), self.root, module.name, codecs[SYSIN][1].length)
        if PARM in codecs:  # the JCL's own PARM first: the seed every rule case starts from
            sample[PARM] = [text.encode("latin-1", "replace").ljust(codecs[PARM][1].length)[:codecs[PARM][1].length] for text in parms or () if text]
        space = InputSpace(module, codecs, sample)
        base: dict[str, list[bytes]] = {}
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
            for field_name, values in [v for v in space.conditions.values() if space.fields[v[0]].ddname == ddname]:
                value = value_of(values[0], space.fields[field_name].leaf) if values else None
                if value is not None:
                    records.append(space.put({ddname: codec.encode({})}, field_name, value)[ddname])
            base[ddname] = records
        seen: set[tuple[tuple[str, bytes], ...]] = set()

        def add(case: Case) -> None:
            if SYSIN in case.inputs:  # a control card is a line of standard input
                length, data = codecs[SYSIN][1].length, case.inputs[SYSIN]
                lines = b"".join(data[i:i + length].rstrip(b" ") + b"\n" for i in range(0, len(data), length))
                case = dataclasses.replace(case, inputs={**case.inputs, SYSIN: lines})
            key = tuple(sorted(case.inputs.items()))
            if key not in seen:
                seen.add(key)
                tests.cases.append(case)

        valid = space.valid(tests.rules)
        add(Case("valid", "a record per input file that passes the input checks", valid))
        for number, rule in enumerate(tests.rules, 1):
            variants = space.variants(rule, valid)
            if not variants:
                names = ", ".join(rule.data) or "working storage"
                reason = (f"the condition depends on {names}, which no input record field sets directly: capture a production input "
                          f"for which {rule.condition} holds, store it as cases/{module.name}/rule-{number:02d}/<DD>.in and rerun --capture")
                tests.skipped_rules.append((number, rule, reason))
                continue
            for index, variant in enumerate(variants, 1):
                add(Case(f"rule-{number:02d}" + (f"-{index}" if index > 1 else ""), variant.title, variant.inputs, rule))
        # after the rule cases: a capture keeps, in this order, the cases that reach something new, so a
        # rule is pinned by its own case rather than by one of these, which reach many rules at once
        add(Case("repeated", "the valid records twice (a duplicate key)", {dd: data * 2 for dd, data in valid.items()}))
        add(Case("empty", "every input file empty (end of file at the first read)", {dd: b"" for dd in valid}))
        for ddname in sorted(valid) if len(valid) > 1 else []:
            add(Case(f"without-{ddname}", f"{ddname} empty, the other input files valid", {**valid, ddname: b""}))
        add(Case("boundaries", "boundary values and every 88-level value of the input records", {dd: b"".join(r) for dd, r in base.items()}))
        if any(sample.values()):
            add(Case("sample", "the estate's own sample records", {dd: b"".join(sample[dd]) or space.base[dd] for dd in codecs}))
        return tests

    def callees(self, module: Module, depth: int = 3) -> list[Module]:
        """The batch programs it CALLs statically, and theirs: their files belong to the same run."""
        found: dict[str, Module] = {}
        level = [module]
        for _ in range(depth):
            level = [self.batch[r.target] for m in level for r in m.references
                     if r.kind == "calls" and r.target in self.batch and r.target != module.name and r.target not in found]
            found.update((m.name, m) for m in level)
        return list(found.values())

    def harness(self, module: Module) -> Harness | None:
        """The program's KSDS files (its callees' too) and whether a JCL PARM reaches it (None: plain DD files)."""
        parm = main_parms(self.parms, module) is not None
        files = {dd: f for callee in self.callees(module) for dd, f in indexed_files(callee).items()} | indexed_files(module)
        return Harness(files, parm) if files or parm else None

    def step_programs(self) -> list[tuple[str, Step, str]]:
        """(step folder, step, program name) for every program of the plan's steps, in plan order."""
        return [(f"step_{number:02d}_{slug(step.title)}", step, member.split(":", 1)[1])
                for number, step in enumerate(self.steps, 1) for member in step.programs]

    def for_each(self, jobs: list[tuple[str, Step, str]], task: Callable[[str, Step, str], tuple[Any, ...]], threshold: int) -> list[tuple[Any, ...]]:
        """``task(folder, step, program)`` for each job, by forked workers when there are ``threshold``
        jobs or more. The ``ProgramTests`` last in each result comes back without its plan step (the
        job has it): the steps are not pickled once per program."""
        def run(index: int) -> tuple[Any, ...]:
            *rest, tests = task(*jobs[index])
            tests.step = None
            return (*rest, tests)

        done = forked_map(run, len(jobs), self.jobs, threshold, chunksize=4)
        for (_, step, _), result in zip(jobs, done, strict=True):
            result[-1].step = step
        return done

    def generate(self) -> TestProject:
        programs = {name: (self.files[m.path].disk_path or m.path, self.files[m.path].encoding) if m.path in self.files else (m.path, "ascii")
                    for name, m in self.batch.items()}
        copy_dirs = sorted({p.rsplit("/", 1)[0] for p in self.files if self.files[p].kind == "copybook" and "/" in p})
        estate = {"root": str(self.root.resolve()), "programs": programs, "copy_dirs": copy_dirs}
        generated = []
        for step_dir, step, name in self.step_programs():
            if name not in self.batch or not self.batch[name].references or not self.outputs(self.batch[name]):
                continue
            tests = self.program_tests(self.batch[name], step)
            tests.directory = step_dir
            if not all(RE_DDNAME.fullmatch(dd) for dd in [*tests.inputs, *tests.outputs]):
                continue  # GnuCOBOL binds files through DD_<name> variables: other names cannot be fed
            generated.append(tests)
        sqlworld.add_tests(self, estate, generated)  # DB2 batch programs: scenarios in the offline SQL world
        dli.add_tests(self, estate, generated)  # IMS DL/I batch programs: scenarios in the offline IMS world, or documented skips
        scenarios.add_tests(self, estate, generated)  # online programs: scenarios in the offline CICS world
        programs = {m.name: m for m in self.modules if m.kind == "program" and not m.nested_in}
        for tests in generated:
            harness = self.harness(programs[tests.program]) if tests.program in programs else None
            if harness is not None:
                estate.setdefault("harness", {})[tests.program] = harness.to_dict()
        return assemble(generated, estate)


def assemble(programs: list[ProgramTests], estate: dict[str, Any], coverage: Coverage | None = None) -> TestProject:
    """The project's files for these programs and their cases (after a capture, the cases kept)."""
    files = {"estate.json": utf8(json.dumps(estate, indent=1, sort_keys=True) + "\n"), "conftest.py": utf8(CONFTEST),
             "pytest.ini": b"[pytest]\naddopts = -ra\n"}
    for tests in programs:
        for case in tests.cases:
            for ddname, data in case.inputs.items():
                files[f"{tests.directory}/cases/{safe_stem(tests.program)}/{case.name}/{ddname}.in"] = data
        files[f"{tests.directory}/{test_file_name(tests.program)}"] = utf8(test_module(tests) + sqlworld.world_fixture(estate, tests.program)
                                                                          + dliworld.world_fixture(estate, tests.program)
                                                                          + scenarios.world_fixture(estate, tests.program))
    return TestProject(programs, files, estate, coverage)


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
            doc = case.title + ": the outputs equal the legacy golden master."
        else:
            name = function(f"test_{identifier(case.name)}_{slug(case.rule.condition)}")
            doc = rule_doc(case.rule) + "; case: " + case.title + "."
        if case.unstable is not None and not case.unstable.reproducible:
            lines += ["", f"def {name}():", f"    {doc!r}", f"    pytest.skip({case.unstable.reason!r})", ""]
            continue
        if case.unstable is not None:
            doc += (f" Bytes that differ between two legacy runs are masked on both sides ({stability.MASK_FILE}): "
                    f"{case.unstable.describe()}.")
        lines += ["", f"def {name}(characterize):", f"    {doc!r}",
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
DD_<ddname> environment variables (a SYSIN control card also on standard input; a JCL PARM's text in
the file DD_PARM names; an indexed (VSAM KSDS) file as its records in key order, and such a file the
program writes is expected back the same way; an IMS DL/I program's databases as JSON in the file
DD_DLI names, which the replacement rewrites with the databases after its run). Golden masters live
in golden/<program>/<case>/.
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
        build = legacy.build(root, program, programs, ESTATE["copy_dirs"], build_dir, sandbox, harness=legacy.Harness.from_estate(ESTATE, program))
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
        result = subprocess.run(command.format(program=program), shell=True, env=env, cwd=directory, input=inputs.get("SYSIN"))
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
        masks = json.loads((golden / "unstable.json").read_text()).get("masked", {}) if (golden / "unstable.json").exists() else {}
        for dd in outputs:
            expected = (golden / f"{dd}.out").read_bytes()
            spans = masks.get(f"{dd}.out", [])
            assert masked(produced[dd], spans) == masked(expected, spans), f"{program} {case}: output {dd} differs from the legacy golden master"
    return check


def masked(data, spans):
    """Bytes that differed between two legacy runs at capture (golden/<case>/unstable.json), blanked
    on both sides: they cannot be pinned down."""
    data = bytearray(data)
    for start, end in spans:
        data[start:end] = b"~" * len(data[start:end])
    return bytes(data)
'''


RERUNS = 3  # at most this many more runs of a kept case after its capture: another only while the last one moved


@dataclass
class Capture:
    """Golden masters recorded from the legacy programs, with the rule coverage measured on the way.

    Every generated case runs once (in the sandbox) in a build traced with GnuCOBOL's ``-ftraceall``;
    its outputs are the golden master, its trace says which rules and outcomes it reached. A case
    that reaches nothing new is dropped (``coverage.select``). The measurement is kept in the work
    folder by the hash of the sources and the cases, so a rerun with unchanged sources and cases
    (with or without --capture) reuses it and runs nothing."""

    project: TestProject
    root: Path
    work: Path
    sandbox: Sandbox | None
    budget: float | None = None  # seconds for all programs together (schedule.within_budget); None: no limit
    jobs: int = 0  # programs captured at once; 0: one per core
    problems: list[str] = field(default_factory=list)
    not_captured: list[str] = field(default_factory=list)  # programs the budget left no time for
    _goldens: dict[tuple[str, str], dict[str, bytes]] = field(default_factory=dict)

    @functools.cached_property
    def measured(self) -> TestProject:
        """The project with the cases kept, their golden files and the coverage (None: nothing was measured)."""
        from modernize.testgen import legacy
        from modernize.testgen.coverage import Coverage, select

        programs = {name: tuple(entry) for name, entry in self.project.estate["programs"].items()}
        try:
            sources = legacy.source_digest(self.root, programs)
        except OSError as problem:
            self.problems.append(f"the legacy sources cannot be read: {problem}")
            return self.project
        kept: list[ProgramTests] = []
        measured = []
        dli = self.project.estate.get("dli", {})  # nothing to run: their tests are documented skips
        runnable = [tests for tests in self.project.programs if tests.program not in dli]
        scheduled = within_budget(runnable, lambda tests: tests.program,
                                  lambda tests, may_run: self.program_runs(tests, sources, programs, may_run), self.budget, self.jobs)
        self.not_captured = scheduled.skipped
        for tests in runnable:
            runs = scheduled.results.get(tests.program)
            if runs is None:
                continue
            result = select(tests.program, tests.rules, [run.coverage for run in runs])
            cases = [case for case in tests.cases if case.name in set(result.kept)]
            skipped = [entry for entry in tests.skipped_rules if not result.pinned(entry[0], tests.rules[entry[0] - 1])]
            unstable = {run.coverage.case: run.unstable for run in runs if run.unstable is not None and run.coverage.case in result.kept}
            result.masked = [f"{case}: {u.describe()}" for case, u in unstable.items() if u.reproducible]
            result.unreproducible = [f"{case}: {u.reason}" for case, u in unstable.items() if not u.reproducible]
            cases = [dataclasses.replace(case, unstable=unstable[case.name]) if case.name in unstable else case for case in cases]
            kept.append(dataclasses.replace(tests, cases=cases, skipped_rules=skipped))
            measured.append(result)
            for run in runs:
                if run.coverage.case in result.kept:
                    mask = {stability.MASK_FILE: utf8(run.unstable.to_json())} if run.unstable is not None else {}
                    self._goldens[(tests.program, run.coverage.case)] = run.files | mask
        if not measured:
            return self.project
        names = {t.program for t in kept}
        return assemble([*kept, *(t for t in self.project.programs if t.program not in names)], self.project.estate, Coverage(measured))

    def program_runs(self, tests: ProgramTests, sources: str, programs: dict[str, tuple[str, str]],
                     may_run: bool = True) -> list[CaseRun] | None:
        """Every case of one program run traced; from the work folder when measured before."""
        from modernize.testgen import legacy
        from modernize.testgen.coverage import CaseCoverage, measure, parse_trace

        key = hashlib.sha256((sources + tests.program + repr([(c.name, sorted(c.inputs.items())) for c in tests.cases])
                              + repr(tests.rules) + repr(tests.outputs) + repr(self.project.estate.get("harness", {}).get(tests.program)) + legacy.FIXED_DATE + stability.MASK_FILE).encode("utf-8", "surrogatepass")).hexdigest()
        stored = self.work / f"measured-{safe_stem(tests.program)}-{key[:24]}.json"
        if stored.is_file():
            with contextlib.suppress(ValueError, KeyError, TypeError):
                return [CaseRun.from_dict(entry) for entry in json.loads(stored.read_text(encoding="utf-8"))]
        if self.sandbox is None or not may_run:
            return None
        try:
            runner = scenarios.runner(self.project.estate, tests.program) or sqlworld.runner(self.project.estate, tests.program) \
                or dliworld.runner(self.project.estate, tests.program) or legacy
            harness = {"harness": legacy.Harness.from_estate(self.project.estate, tests.program)} if runner is legacy else {}
            build = runner.build(self.root, tests.program, programs, self.project.estate["copy_dirs"], self.work, self.sandbox, traced=True, **harness)
        except legacy.LegacyError as problem:
            self.problems.append(f"{tests.program}: {problem}")
            scenarios.build_failed(self.project.estate, tests.program, str(problem))  # an online program's tests say why they skip
            return None
        runs = []
        for case in tests.cases:
            try:
                code, produced, trace = runner.run_traced(build, case.inputs, tests.outputs, self.work)
            except legacy.LegacyError as problem:
                self.problems.append(f"{tests.program} {case.name}: {problem}")
                continue
            rules, outcomes = measure(tests.rules, tests.program, tests.path, parse_trace(trace))
            empty = tuple(dd for dd in tests.outputs if not produced.get(dd))
            files = {**{f"{dd}.out": data for dd, data in produced.items()}, "returncode": f"{code}\n".encode()}
            own = tests.rules.index(case.rule) + 1 if case.rule in tests.rules else None
            runs.append(CaseRun(CaseCoverage(case.name, rules, outcomes, empty, len(tests.outputs), own), files))
        self.recheck(tests, runs, runner, build)
        self.work.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(stored, utf8(json.dumps([run.to_dict() for run in runs])))
        return runs

    def recheck(self, tests: ProgramTests, runs: list[CaseRun], runner: Any, build: Any) -> None:
        """Run every case the selection keeps again in the same build and sandbox; where its files
        moved, twice more, and record the union of what moved (``stability``): a golden master must
        reproduce, and a random byte that happened to repeat once is caught by a later run."""
        from modernize.testgen import legacy
        from modernize.testgen.coverage import select

        kept = set(select(tests.program, tests.rules, [run.coverage for run in runs]).kept)
        inputs = {case.name: case.inputs for case in tests.cases}
        for run in runs:
            if run.coverage.case not in kept:
                continue
            unstable = None
            for _ in range(RERUNS):
                try:
                    code, produced, _ = runner.run_traced(build, inputs[run.coverage.case], tests.outputs, self.work)
                except legacy.LegacyError as problem:
                    unstable = stability.Unstable(reason=f"not reproducible: a second legacy run failed ({problem})")
                    break
                again = {**{f"{dd}.out": data for dd, data in produced.items()}, "returncode": f"{code}\n".encode()}
                moved = stability.compare(run.files, again)
                if moved is None:
                    break
                unstable = moved if unstable is None else unstable.union(moved)
                if not unstable.reproducible:
                    break
            run.unstable = unstable

    def outputs(self) -> dict[str, Output]:
        """The golden files of the cases kept and coverage.json (the measured rule coverage)."""
        project = self.measured
        found: dict[str, Output] = {}
        for tests in project.programs:
            for case in tests.cases:
                files = self._goldens.get((tests.program, case.name))
                for name, data in (files or {}).items():
                    found[f"{tests.directory}/golden/{safe_stem(tests.program)}/{case.name}/{name}"] = data
        if project.coverage is not None:
            found["coverage.json"] = utf8(project.coverage.to_json())
        return found


@dataclass
class CaseRun:
    """One traced run of a case: what it reached and its golden files."""

    coverage: Any  # coverage.CaseCoverage
    files: dict[str, bytes]
    unstable: stability.Unstable | None = None  # what moved when the case ran again (kept cases only)

    def to_dict(self) -> dict[str, Any]:
        c = self.coverage
        return {"case": c.case, "rules": sorted(c.rules), "outcomes": sorted(c.outcomes), "empty": list(c.empty), "outputs": c.outputs, "rule": c.rule,
                "files": {name: base64.b64encode(data).decode("ascii") for name, data in self.files.items()},
                "unstable": self.unstable.to_json() if self.unstable is not None else None}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CaseRun:
        from modernize.testgen.coverage import CaseCoverage

        coverage = CaseCoverage(data["case"], frozenset(data["rules"]), frozenset((n, o) for n, o in data["outcomes"]),
                                tuple(data["empty"]), data["outputs"], data.get("rule"))
        unstable = stability.Unstable.from_json(data["unstable"]) if data.get("unstable") else None
        return cls(coverage, {name: base64.b64decode(text) for name, text in data["files"].items()}, unstable)
