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

COBC_FLAGS = ["-fassign-clause=ibm"]
RUN_TIMEOUT = 60
BUILD_LIMITS = Limits(cpu_seconds=300, wall_seconds=600)
RUN_LIMITS = Limits(cpu_seconds=RUN_TIMEOUT, wall_seconds=RUN_TIMEOUT * 2)
# The run date is pinned, so outputs that carry today's date stay comparable with the golden master.
FIXED_DATE = "2025/01/31 12:00:00"
SYSTEM_PATH = "/usr/local/bin:/usr/bin:/bin"


class LegacyError(RuntimeError):
    """The legacy program could not be built or run."""


SYSIN = "SYSIN"  # the input DD a batch program ACCEPTs its control card from: GnuCOBOL reads it on standard input
TRACE_FLAGS = ["-ftraceall"]  # every paragraph and statement, with its line, to COB_TRACE_FILE when COB_SET_TRACE=Y
TRACE_FILE = ".cobol-trace"  # in the run's folder, never a DD: the trace cannot reach a golden master


@dataclass
class Build:
    executable: Path
    library: Path
    sandbox: Sandbox
    traced: bool = False


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
          sandbox: Sandbox | None = None, traced: bool = False) -> Build:
    """Compile ``main`` (a program name) as an executable, beside a library of every program as a
    module for CALL; the library is compiled once for all the mains of the same sources.

    ``programs`` maps program name -> (path relative to root, encoding). Builds are cached by the
    hash of all sources, so a test session compiles each program once. Every file name comes from
    ``safe_stem``: a PROGRAM-ID such as ``'../../X'`` cannot place a file outside ``workdir``.
    ``traced`` compiles with GnuCOBOL's trace (builds of their own): ``run_traced`` then says which
    lines ran, for the rule coverage.
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
    target = publish(workdir, f"{safe_stem(main)}-{suffix}",
                     lambda target: compile_all(compiler, root, main, {main: programs[main]}, copy_dirs, target, sandbox, flags))
    return Build(target / "bin" / safe_stem(main).lower(), library / "lib", sandbox, traced)


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
    includes = [flag for d in copy_dirs for flag in ("-I", str(root / d))]
    environment = {"PATH": SYSTEM_PATH, "HOME": str(target), "TMPDIR": str(target), "LANG": "C"}
    for name, (path, encoding) in sorted(programs.items()):
        stem = safe_stem(name)
        source = sources / f"{stem}.cbl"
        source.write_text(decode_source(root / path, encoding), encoding="utf-8", errors="surrogateescape")
        mode = ["-x", "-o", str(binaries / stem.lower())] if name == main else ["-m", "-o", str(library / f"{stem}.so")]
        outcome = sandbox.run([compiler, *COBC_FLAGS, *(flags or []), *includes, *mode, str(source)], cwd=target, env=environment,
                              readable=(root,), limits=BUILD_LIMITS)
        if name == main and (outcome.returncode != 0 or outcome.timed_out):
            problem = "did not finish within the build limits" if outcome.timed_out else first_lines(outcome.stderr + outcome.stdout)
            raise LegacyError(f"cobc failed for {name}: {problem}")


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
        for ddname, data in inputs.items():
            path = directory / f"{safe_stem(ddname)}.in"
            path.write_bytes(data)
            environment[f"DD_{ddname}"] = str(path)
        for ddname in outputs:
            if ddname not in inputs:
                environment[f"DD_{ddname}"] = str(directory / f"{safe_stem(ddname)}.out")
                Path(environment[f"DD_{ddname}"]).write_bytes(b"")  # a catalogued data set: OPEN EXTEND finds it
        outcome = build_.sandbox.run([str(build_.executable)], cwd=directory, env=environment,
                                     readable=(build_.library.parent, build_.executable.parent.parent), limits=RUN_LIMITS,
                                     stdin=inputs.get(SYSIN))
        if outcome.timed_out:
            raise LegacyError(f"{build_.executable.name} did not finish within {RUN_TIMEOUT} s of CPU or {RUN_LIMITS.wall_seconds:g} s")
        produced = {}
        for ddname in outputs:
            path = Path(environment[f"DD_{ddname}"])
            produced[ddname] = path.read_bytes() if path.is_file() else b""
        console = (outcome.stdout + outcome.stderr).decode("latin-1", errors="replace")
        trace_path = directory / TRACE_FILE
        trace = trace_path.read_bytes().decode("latin-1") if build_.traced and trace_path.is_file() else ""
        return outcome.returncode, produced, console, trace
    finally:
        shutil.rmtree(directory, ignore_errors=True)

