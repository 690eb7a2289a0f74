"""Run legacy batch programs under GnuCOBOL: the implementation the characterization tests pin down.

Used by ``modernize tests --capture`` to record golden masters, and by the generated tests to run
"legacy" as the implementation under test. Every batch program of the estate without EXEC SQL/CICS
is compiled (main programs with ``-x``, the others as modules for CALL), and files are bound to
their DD names through ``DD_<ddname>`` variables, the way JCL binds them.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

COBC_FLAGS = ["-fassign-clause=ibm"]
RUN_TIMEOUT = 60
# The run date is pinned, so outputs that carry today's date stay comparable with the golden master.
FIXED_DATE = "2025/01/31 12:00:00"


class LegacyError(RuntimeError):
    """The legacy program could not be built or run."""


@dataclass
class Build:
    executable: Path
    library: Path


def cobc() -> str | None:
    return shutil.which("cobc")


def decode_source(path: Path, encoding: str) -> str:
    raw = path.read_bytes()
    if encoding.startswith("cp") and encoding != "cp1252":
        from modernize.inventory import decode

        return decode(raw, encoding)[0]
    return raw.decode(encoding if encoding != "ascii" else "latin-1", errors="replace")


def build(root: Path, main: str, programs: dict[str, tuple[str, str]], copy_dirs: list[str], workdir: Path) -> Build:
    """Compile ``main`` (a program name) as an executable and every other program as a module.

    ``programs`` maps program name -> (path relative to root, encoding). Builds are cached by the
    hash of all sources, so a test session compiles each program once.
    """
    compiler = cobc()
    if compiler is None:
        raise LegacyError("GnuCOBOL (cobc) is not installed")
    root, workdir = Path(root).resolve(), Path(workdir).resolve()  # programs run in a temporary directory
    digest = hashlib.sha256()
    for name in sorted(programs):
        path, encoding = programs[name]
        digest.update(name.encode() + (root / path).read_bytes())
    target = workdir / f"{main}-{digest.hexdigest()[:12]}"
    library = target / "lib"
    executable = target / main.lower()
    if executable.exists():
        return Build(executable, library)
    library.mkdir(parents=True, exist_ok=True)
    sources = target / "src"
    sources.mkdir(exist_ok=True)
    includes = [flag for d in copy_dirs for flag in ("-I", str(root / d))]
    for name, (path, encoding) in sorted(programs.items()):
        source = sources / f"{name}.cbl"
        source.write_text(decode_source(root / path, encoding))
        mode = ["-x", "-o", str(executable)] if name == main else ["-m", "-o", str(library / f"{name}.so")]
        result = subprocess.run([compiler, *COBC_FLAGS, *includes, *mode, str(source)], capture_output=True, text=True, timeout=300)
        if result.returncode != 0 and name == main:
            raise LegacyError(f"cobc failed for {name}: {result.stderr.strip()[:2000]}")
    return Build(executable, library)


def run(build_: Build, inputs: dict[str, bytes], outputs: list[str]) -> tuple[int, dict[str, bytes], str]:
    """Run the program with its input DDs filled and its output DDs captured; returns
    (return code, output bytes per DD name, console output)."""
    with tempfile.TemporaryDirectory(prefix="legacy-") as directory:
        environment = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "COB_LIBRARY_PATH": str(build_.library), "COB_CURRENT_DATE": FIXED_DATE}
        for ddname, data in inputs.items():
            path = Path(directory) / f"{ddname}.in"
            path.write_bytes(data)
            environment[f"DD_{ddname}"] = str(path)
        for ddname in outputs:
            if ddname not in inputs:
                environment[f"DD_{ddname}"] = str(Path(directory) / f"{ddname}.out")
        try:
            result = subprocess.run([str(build_.executable)], capture_output=True, timeout=RUN_TIMEOUT, env=environment, cwd=directory)
        except subprocess.TimeoutExpired as exc:
            raise LegacyError(f"{build_.executable.name} did not finish within {RUN_TIMEOUT} s") from exc
        produced = {}
        for ddname in outputs:
            path = Path(environment[f"DD_{ddname}"])
            produced[ddname] = path.read_bytes() if path.exists() else b""
        console = (result.stdout + result.stderr).decode("latin-1", errors="replace")
        return result.returncode, produced, console
