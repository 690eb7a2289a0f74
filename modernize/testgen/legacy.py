"""Run legacy batch programs under GnuCOBOL: the implementation the characterization tests pin down.

Used by ``modernize tests --capture`` to record golden masters, and by the generated tests to run
"legacy" as the implementation under test. Every batch program of the estate without EXEC SQL/CICS
is compiled (main programs with ``-x``, the others as modules for CALL), and files are bound to
their DD names through ``DD_<ddname>`` variables, the way JCL binds them.

This is the one place where the estate's own code runs, so every compile and every run goes through
``modernize.sandbox``: the repository is read-only, writes land only in the build directory, and
a build is published by renaming a finished directory, so a killed build is never reused.
"""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from modernize.output import safe_stem
from modernize.sandbox import Limits, Sandbox, get_sandbox
from modernize.testgen import indexed as ksds
from modernize.testgen import le
from modernize.testgen.indexed import IndexedFile

COBC_FLAGS = ["-fassign-clause=ibm"]
RUN_TIMEOUT = 60
BUILD_LIMITS = Limits(cpu_seconds=300, wall_seconds=600)
RUN_LIMITS = Limits(cpu_seconds=RUN_TIMEOUT, wall_seconds=RUN_TIMEOUT * 2)
# The run date is pinned, so outputs that carry today's date stay comparable with the golden master.
FIXED_DATE = "2025/01/31 12:00:00.00"  # hundredths too: otherwise CURRENT-DATE takes them from the clock
SYSTEM_PATH = "/usr/local/bin:/usr/bin:/bin"


class LegacyError(RuntimeError):
    """The legacy program could not be built or run."""


SYSIN = "SYSIN"  # the input DD a batch program ACCEPTs its control card from: GnuCOBOL reads it on standard input
TRACE_FLAGS = ["-ftraceall"]  # every paragraph and statement, with its line, to COB_TRACE_FILE when COB_SET_TRACE=Y
TRACE_FILE = ".cobol-trace"  # in the run's folder, never a DD: the trace cannot reach a golden master
PARM = "PARM"  # the pseudo-DD holding a case's JCL PARM text: the driver passes it as a halfword length and the text
PARM_LIMIT = 100  # z/OS passes at most 100 characters of PARM


@dataclass(frozen=True)
class Harness:
    """What a batch program needs around it beyond DD files: its indexed (KSDS) files, loaded before
    and read back after each run, and whether a JCL PARM reaches its ``PROCEDURE DIVISION USING``."""

    indexed: dict[str, IndexedFile]
    parm: bool = False

    def to_dict(self) -> dict[str, object]:
        return {"indexed": {dd: f.to_dict() for dd, f in sorted(self.indexed.items())}, "parm": self.parm}

    @classmethod
    def from_estate(cls, estate: dict[str, object], program: str) -> Harness | None:
        """The harness estate.json records for ``program`` (None: plain DD files only)."""
        entry = (estate.get("harness") or {}).get(program)  # type: ignore[union-attr]
        if not entry:
            return None
        return cls({dd: IndexedFile.from_dict(dd, data) for dd, data in entry.get("indexed", {}).items()}, bool(entry.get("parm")))


@dataclass
class Build:
    executable: Path
    library: Path
    sandbox: Sandbox
    traced: bool = False
    utilities: dict[str, tuple[IndexedFile, Path]] | None = None  # DD name -> its KSDS and the load/unload utility


def cobc() -> str | None:
    return shutil.which("cobc")


def decode_source(path: Path, encoding: str) -> str:
    raw = path.read_bytes()
    if encoding.startswith("cp") and encoding != "cp1252":
        from modernize.inventory import decode

        return decode(raw, encoding)[0]
    return raw.decode(encoding if encoding != "ascii" else "latin-1", errors="replace")


def source_digest(root: Path, programs: dict[str, tuple[str, str]]) -> str:
    digest = hashlib.sha256()
    for name in sorted(programs):
        path, _encoding = programs[name]
        digest.update(name.encode("utf-8", "surrogatepass") + b"\0" + (Path(root) / path).read_bytes())
    return digest.hexdigest()


def build(root: Path, main: str, programs: dict[str, tuple[str, str]], copy_dirs: list[str], workdir: Path,
          sandbox: Sandbox | None = None, traced: bool = False, harness: Harness | None = None) -> Build:
    """Compile ``main`` (a program name) as an executable, beside a library of every program as a
    module for CALL; the library is compiled once for all the mains of the same sources.

    ``programs`` maps program name -> (path relative to root, encoding). Builds are cached by the
    hash of all sources, so a test session compiles each program once. Every file name comes from
    ``safe_stem``: a PROGRAM-ID such as ``'../../X'`` cannot place a file outside ``workdir``.
    ``traced`` compiles with GnuCOBOL's trace (builds of their own): ``run_traced`` then says which
    lines ran, for the rule coverage. ``harness``: the program's KSDS files get their load/unload
    utilities, and a program given a PARM runs under a driver that CALLs it the way z/OS does.
    """
    compiler = cobc()
    if compiler is None:
        raise LegacyError("GnuCOBOL (cobc) is not installed")
    if main not in programs:
        raise LegacyError(f"{main} is not among the programs to build")
    sandbox = sandbox or get_sandbox()
    root, workdir = Path(root).resolve(), Path(workdir).resolve()
    suffix = f"{source_digest(root, programs)[:12]}{'-traced' if traced else ''}"
    flags = TRACE_FLAGS if traced else []
    library = publish(workdir, f"modules-{suffix}", lambda target: compile_all(compiler, root, None, programs, copy_dirs, target, sandbox, flags))
    utilities = {dd: (file, utility(compiler, file, workdir, sandbox)) for dd, file in harness.indexed.items()} if harness else {}
    if harness and harness.parm:
        if not (library / "lib" / f"{safe_stem(main)}.so").is_file():
            raise LegacyError(f"cobc failed for {main}: it did not compile as a module for its PARM driver")
        driver = publish(workdir, f"{safe_stem(main)}-{suffix}-parm", lambda target: compile_driver(compiler, main, target, sandbox))
        return Build(driver / "bin" / "mzparm", library / "lib", sandbox, traced, utilities)
    target = publish(workdir, f"{safe_stem(main)}-{suffix}",
                     lambda target: compile_all(compiler, root, main, {main: programs[main]}, copy_dirs, target, sandbox, flags))
    return Build(target / "bin" / safe_stem(main).lower(), library / "lib", sandbox, traced, utilities)


def compile_generated(compiler: str, text: str, name: str, target: Path, sandbox: Sandbox) -> None:
    """One generated free-format COBOL program (a driver or a KSDS utility) as ``target/bin/name``."""
    (target / "bin").mkdir()
    source = target / f"{name}.cbl"
    source.write_text(text, encoding="ascii")
    environment = {"PATH": SYSTEM_PATH, "HOME": str(target), "TMPDIR": str(target), "LANG": "C"}
    outcome = sandbox.run([compiler, *COBC_FLAGS, "-free", "-x", "-o", str(target / "bin" / name), str(source)], cwd=target,
                          env=environment, limits=BUILD_LIMITS)
    if outcome.returncode != 0 or outcome.timed_out:
        raise LegacyError(f"cobc failed for the generated {name}: {first_lines(outcome.stderr + outcome.stdout)}")


def utility(compiler: str, file: IndexedFile, workdir: Path, sandbox: Sandbox) -> Path:
    """The load/unload utility of ``file``'s key layout, built once per layout."""
    name = ksds.utility_name(file)
    return publish(workdir, name, lambda target: compile_generated(compiler, ksds.utility_source(file), "mzksds", target, sandbox)) / "bin" / "mzksds"


def driver_source(main: str) -> str:
    """A main program that passes the PARM the way z/OS does: a halfword length, then the text
    (MZ_PARM, MZ_PARM_LENGTH bytes of it), and ends with the called program's return code."""
    return "\n".join([
        "IDENTIFICATION DIVISION.",
        "PROGRAM-ID. MZPARM.",
        "DATA DIVISION.",
        "WORKING-STORAGE SECTION.",
        "01 MZ-LENGTH-TEXT PIC X(4).",
        "01 MZ-PARM.",
        "   05 MZ-PARM-LENGTH PIC S9(4) COMP.",
        f"   05 MZ-PARM-TEXT PIC X({PARM_LIMIT}).",
        "PROCEDURE DIVISION.",
        "    MOVE SPACES TO MZ-PARM-TEXT",
        "    ACCEPT MZ-PARM-TEXT FROM ENVIRONMENT 'MZ_PARM'",
        "    ACCEPT MZ-LENGTH-TEXT FROM ENVIRONMENT 'MZ_PARM_LENGTH'",
        "    MOVE FUNCTION NUMVAL(MZ-LENGTH-TEXT) TO MZ-PARM-LENGTH",
        f"    CALL {cobol_literal(main)} USING MZ-PARM",
        "    STOP RUN.",
    ]) + "\n"


def cobol_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def compile_driver(compiler: str, main: str, target: Path, sandbox: Sandbox) -> None:
    compile_generated(compiler, driver_source(main), "mzparm", target, sandbox)


def publish(workdir: Path, name: str, make: Callable[[Path], None]) -> Path:
    """``workdir/name`` made by ``make`` in a temporary folder and renamed when finished, so a killed
    build is never reused; an existing finished one is reused as it is."""
    target = workdir / name
    if (target / "complete").is_file():
        return target
    workdir.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".partial", dir=workdir))
    try:
        make(partial)
        (partial / "complete").write_text("")
        if target.exists() and not (target / "complete").is_file():
            shutil.rmtree(target, ignore_errors=True)  # left by a killed build of an older modernize: never reused
        with contextlib.suppress(FileExistsError, OSError):
            partial.rename(target)  # another session may have published the same build first
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    if not (target / "complete").is_file():
        raise LegacyError(f"the build {name} could not be published in {workdir}")
    return target


def compile_all(compiler: str, root: Path, main: str | None, programs: dict[str, tuple[str, str]], copy_dirs: list[str],
                target: Path, sandbox: Sandbox, flags: list[str] | None = None) -> None:
    """``main`` as an executable (a failure is an error), or with ``main`` None every program as a
    module (one that does not compile is left out: only a CALL of it would notice)."""
    library, sources, binaries = target / "lib", target / "src", target / "bin"
    for directory in (library, sources, binaries):
        directory.mkdir()
    includes = [flag for d in copy_dirs for flag in ("-I", str(untabbed(root / d, target / "copy" / safe_stem(d))))]
    environment = {"PATH": SYSTEM_PATH, "HOME": str(target), "TMPDIR": str(target), "LANG": "C"}
    for name, (path, encoding) in sorted(programs.items()):
        stem = safe_stem(name)
        source = sources / f"{stem}.cbl"
        source.write_text(without_overflowing_tabs(decode_source(root / path, encoding)), encoding="utf-8", errors="surrogateescape")
        mode = ["-x", "-o", str(binaries / stem.lower())] if name == main else ["-m", "-o", str(library / f"{stem}.so")]
        outcome = sandbox.run([compiler, *COBC_FLAGS, *(flags or []), *includes, *mode, str(source)], cwd=target, env=environment,
                              readable=(root,), limits=BUILD_LIMITS)
        if name == main and (outcome.returncode != 0 or outcome.timed_out):
            problem = "did not finish within the build limits" if outcome.timed_out else first_lines(outcome.stderr + outcome.stdout)
            raise LegacyError(f"cobc failed for {name}: {problem}")
    if main is None:
        compile_stubs(compiler, set(programs), library, sandbox)


def compile_stubs(compiler: str, programs: set[str], library: Path, sandbox: Sandbox) -> None:
    """Language Environment services the estate calls and GnuCOBOL lacks, as modules of the library
    (``le.py``); one that does not compile is left out, as a program would be."""
    environment = {"PATH": SYSTEM_PATH, "HOME": str(library), "TMPDIR": str(library), "LANG": "C"}
    for name, text in le.stubs(programs).items():
        source = library / f"{name}.cbl"
        source.write_text(text, encoding="ascii")
        sandbox.run([compiler, *COBC_FLAGS, "-free", "-m", "-o", str(library / f"{name}.so"), str(source)], cwd=library, env=environment,
                    limits=BUILD_LIMITS)
        source.unlink()
    for name in le.C_SERVICES:
        if name not in programs:
            shutil.copyfile(le.C_SOURCE, library / f"{name}.c")
            sandbox.run([compiler, "-m", "-o", str(library / f"{name}.so"), str(library / f"{name}.c")], cwd=library, env=environment,
                        limits=BUILD_LIMITS)
            (library / f"{name}.c").unlink()


def without_overflowing_tabs(text: str) -> str:
    """A fixed-format line whose tabs cobc would expand past column 72 (it expands to stops of 8)
    gets one space per tab instead: the member was edited where a tab counted as one column, and the
    mainframe never saw a tab."""
    if "\t" not in text:
        return text
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if "\t" in line and len(line.rstrip()) <= 72 < len(line.rstrip().expandtabs(8)):
            lines[index] = line.replace("\t", " ")
    return "\n".join(lines)


def untabbed(directory: Path, copy: Path) -> Path:
    """``directory``, or where it holds a copybook with such tabs, a copy of it in the build with
    those lines fixed (cobc then finds the fixed member first)."""
    changed = {}
    with contextlib.suppress(OSError):
        for member in directory.iterdir():
            if member.is_file() and member.stat().st_size < 1 << 20:
                raw = member.read_bytes()
                if b"\t" in raw:
                    text = raw.decode("latin-1")
                    fixed = without_overflowing_tabs(text)
                    if fixed != text:
                        changed[member.name] = fixed.encode("latin-1")
    if not changed:
        return directory
    copy.mkdir(parents=True, exist_ok=True)
    for member in directory.iterdir():
        if member.is_file():
            (copy / member.name).write_bytes(changed.get(member.name) or member.read_bytes())
    return copy


def first_lines(output: bytes, count: int = 3) -> str:
    """The compiler's first complaints, not all of them: one problem line per program on the terminal."""
    lines = [line for line in output.decode("utf-8", "replace").splitlines() if line.strip()]
    more = f" (+{len(lines) - count} more lines)" if len(lines) > count else ""
    return " / ".join(lines[:count])[:600] + more


def run(build_: Build, inputs: dict[str, bytes], outputs: list[str], workdir: Path | None = None) -> tuple[int, dict[str, bytes], str]:
    """Run the program with its input DDs filled and its output DDs captured; returns
    (return code, output bytes per DD name, console output). The run's files live in a fresh
    directory under ``workdir`` (default: beside the build), the only place the program may write."""
    code, produced, console, _ = execute(build_, inputs, outputs, workdir)
    return code, produced, console


def run_traced(build_: Build, inputs: dict[str, bytes], outputs: list[str], workdir: Path | None = None) -> tuple[int, dict[str, bytes], str]:
    """``run`` on a traced build; returns (return code, outputs per DD name, the trace's text)."""
    code, produced, _, trace = execute(build_, inputs, outputs, workdir)
    return code, produced, trace


def execute(build_: Build, inputs: dict[str, bytes], outputs: list[str], workdir: Path | None) -> tuple[int, dict[str, bytes], str, str]:
    base = (Path(workdir) if workdir is not None else build_.library.parent.parent).resolve()
    base.mkdir(parents=True, exist_ok=True)
    directory = Path(tempfile.mkdtemp(prefix=".run-", dir=base))
    try:
        environment = {"PATH": SYSTEM_PATH, "HOME": str(directory), "TMPDIR": str(directory), "LANG": "C",
                       "COB_LIBRARY_PATH": str(build_.library), "COB_CURRENT_DATE": FIXED_DATE}
        if build_.traced:
            environment.update(COB_SET_TRACE="Y", COB_TRACE_FILE=str(directory / TRACE_FILE))
        utilities = build_.utilities or {}
        for ddname, data in inputs.items():
            path = directory / f"{safe_stem(ddname)}.in"
            path.write_bytes(data)
            environment[f"DD_{ddname}"] = str(path)
        if PARM in inputs:
            text = inputs[PARM][:PARM_LIMIT].decode("latin-1")
            environment.update(MZ_PARM=text.replace("\0", " "), MZ_PARM_LENGTH=str(len(text)))
        for ddname, (file, program) in sorted(utilities.items()):
            environment[f"DD_{ddname}"] = str(load(build_, program, file, inputs.get(ddname, b""), directory))
        for ddname in outputs:
            if ddname not in inputs and ddname not in utilities:
                environment[f"DD_{ddname}"] = str(directory / f"{safe_stem(ddname)}.out")
                Path(environment[f"DD_{ddname}"]).write_bytes(b"")  # a catalogued data set: OPEN EXTEND finds it
        outcome = build_.sandbox.run([str(build_.executable)], cwd=directory, env=environment,
                                     readable=(build_.library.parent, build_.executable.parent.parent), limits=RUN_LIMITS,
                                     stdin=inputs.get(SYSIN))
        if outcome.timed_out:
            raise LegacyError(f"{build_.executable.name} did not finish within {RUN_TIMEOUT} s of CPU or {RUN_LIMITS.wall_seconds:g} s")
        produced = {}
        for ddname in outputs:
            if ddname in utilities:
                produced[ddname] = unload(build_, utilities[ddname][1], utilities[ddname][0], directory)
                continue
            path = Path(environment[f"DD_{ddname}"])
            produced[ddname] = path.read_bytes() if path.is_file() else b""
        console = (outcome.stdout + outcome.stderr).decode("latin-1", errors="replace")
        trace_path = directory / TRACE_FILE
        trace = trace_path.read_bytes().decode("latin-1") if build_.traced and trace_path.is_file() else ""
        return outcome.returncode, produced, console, trace
    finally:
        shutil.rmtree(directory, ignore_errors=True)



def utility_run(build_: Build, program: Path, mode: str, sequential: Path, keyed: Path, directory: Path) -> None:
    environment = {"PATH": SYSTEM_PATH, "HOME": str(directory), "TMPDIR": str(directory), "LANG": "C", "MZ_MODE": mode,
                   "DD_SEQFILE": str(sequential), "DD_KEYFILE": str(keyed)}
    outcome = build_.sandbox.run([str(program)], cwd=directory, env=environment, readable=(program.parent.parent,), limits=RUN_LIMITS)
    if outcome.returncode != 0 or outcome.timed_out:
        raise LegacyError(f"the KSDS {mode.lower()} of {keyed.stem} failed: {first_lines(outcome.stderr + outcome.stdout)}")


def load(build_: Build, program: Path, file: IndexedFile, data: bytes, directory: Path) -> Path:
    """The indexed file ``file.ddname`` in the run folder, loaded with the case's whole records."""
    sequential, keyed = ksds.seq_path(directory, safe_stem(file.ddname)), directory / f"{safe_stem(file.ddname)}.ksds"
    sequential.write_bytes(ksds.whole_records(data, file.length))
    utility_run(build_, program, "LOAD", sequential, keyed, directory)
    return keyed


def unload(build_: Build, program: Path, file: IndexedFile, directory: Path) -> bytes:
    """The indexed file's records in key order, as flat records: what the golden master holds."""
    sequential, keyed = directory / f"{safe_stem(file.ddname)}.unloaded", directory / f"{safe_stem(file.ddname)}.ksds"
    utility_run(build_, program, "UNLOAD", sequential, keyed, directory)
    return sequential.read_bytes() if sequential.is_file() else b""
