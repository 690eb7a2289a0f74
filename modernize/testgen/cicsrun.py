"""Building and running an online program in the offline CICS world (``cicsworld``).

Every online and batch program of the estate is compiled once into a shared library of modules (the
online ones translated by ``cicsprep``, with EXEC SQL precompiled first), the program under test
again on its own (traced for a capture), beside the MZCICS and MZSQL shims and the driver MZDRIVER.
A run passes one end of a socket into the sandbox; a thread answers the shims with the ``World``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
import socket
import sqlite3
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from modernize.output import safe_stem
from modernize.sandbox import Sandbox
from modernize.testgen import legacy, sqlworld
from modernize.testgen.cicsprep import Command, driver_source, generated_members, translate
from modernize.testgen.cicsworld import MapField, Spec, World, render, text
from modernize.testgen.precompile import precompile

SHIM = Path(__file__).with_name("mzcics.c")
# IBM's compiler takes a REDEFINES larger than what it redefines (CardDemo's menu tables do): GnuCOBOL with this flag
ONLINE_FLAGS = ["-flarger-redefines-ok"]
MEMBER_SUFFIXES = ("", ".cpy", ".cbl", ".cob", ".copy", ".dcl", ".inc")


def read_member(root: Path, copy_dirs: list[str], member: str) -> str | None:
    """An INCLUDE member as the SQL world reads it, in the member's case or in lower case."""
    return sqlworld.read_member(root, copy_dirs, member) or sqlworld.read_member(root, copy_dirs, member.lower())


# building and running -----------------------------------------------------------------------------


@dataclass
class CicsBuild:
    executable: Path
    library: Path
    sandbox: Sandbox
    spec: Spec
    statements: dict[str, Any]  # prefixed SQL statement key -> statement
    schema: sqlworld.Schema | None
    traced: bool = False
    sql_programs: frozenset[str] = frozenset()
    shared: Path | None = None  # every program of the run as a module; ``library`` holds the main alone, found first


class CicsRunner:
    """build()/run() with legacy's signatures for an online program: captures and the generated
    tests call it where they would call ``legacy``. Its one input is SCENARIO (JSON), its one
    output OUTCOME (JSON)."""

    def __init__(self, spec: dict[str, Any]):
        self.online = spec.get("programs", {})
        self.maps = spec.get("maps", {})
        self.schema = sqlworld.Schema.from_json(spec["schema"]) if spec.get("schema") else None
        self.key_offsets = spec.get("key_offsets", {})
        self.unsupported = spec.get("unsupported", {})
        self.copybooks = spec.get("copybooks") or {}

    def build(self, root: Path, main: str, programs: dict[str, tuple[str, str]], copy_dirs: list[str], workdir: Path,
              sandbox: Sandbox | None = None, traced: bool = False) -> CicsBuild:
        if self.unsupported.get(main):
            raise legacy.LegacyError(f"the offline CICS world cannot emulate {'; '.join(self.unsupported[main])}")
        compiler = legacy.cobc()
        if compiler is None:
            raise legacy.LegacyError("GnuCOBOL (cobc) is not installed")
        sandbox = sandbox or legacy.get_sandbox()
        root, workdir = Path(root).resolve(), Path(workdir).resolve()
        everything = {**programs, **{name: tuple(entry) for name, entry in self.online.items()}}
        if main not in everything:
            raise legacy.LegacyError(f"{main} is not among the programs to build")
        sources: dict[str, str] = {}
        commands: dict[str, Command] = {}
        labels: dict[str, list[str]] = {}
        statements: dict[str, Any] = {}
        members: dict[str, dict[str, str]] = {}
        sql_programs: set[str] = set()
        for number, name in enumerate(sorted(everything)):
            path, encoding = everything[name]
            try:
                text_ = legacy.decode_source(root / path, encoding)
            except OSError:
                continue
            if name not in self.online:
                sources[name] = text_
                continue
            own: dict[str, str] = {}
            if "EXEC SQL" in text_.upper() or "EXEC  SQL" in text_.upper():
                pre = precompile(text_, lambda member: read_member(root, copy_dirs, member))
                prefix = f"{number:03d}"
                text_ = pre.source.replace("BY CONTENT 'MZ", f"BY CONTENT '{prefix}")
                for statement in pre.statements:
                    statements[prefix + statement.key[2:]] = statement
                sql_programs.add(name)
                own.update({m: t for m, t in pre.copybooks.items()})
            translated = translate(name, text_)
            sources[name] = translated.source
            own.update(translated.copybooks)
            members[name] = own
            labels[name] = translated.labels
            commands.update({c.key: c for c in translated.commands})
        everything_digest = hashlib.sha256(repr((sorted(sources.items()), sorted(members.items()), SHIM.read_text(), sqlworld.SHIM.read_text(),
                                                 copy_dirs, sorted(self.copybooks.items()), ONLINE_FLAGS)).encode("utf-8", "surrogateescape")).hexdigest()
        if main not in sources:
            raise legacy.LegacyError(f"the source of {main} cannot be read")
        # every program as a module, once for all the mains of the same sources; then the main on its own (traced when asked)
        shared = legacy.publish(workdir, f"cics-lib-{everything_digest[:12]}",
                                lambda target: self.compile(compiler, root, None, sources, members, copy_dirs, target, sandbox, False))
        own = legacy.publish(workdir, f"{safe_stem(main)}-cics-{everything_digest[:12]}{'-traced' if traced else ''}",
                             lambda target: self.compile(compiler, root, main, {main: sources[main]}, members, copy_dirs, target, sandbox, traced))
        available = sorted({p.stem.upper() for p in (shared / "lib").glob("*.so")} | {main.upper()})
        spec = Spec(commands, labels, {record: [MapField(*f) for f in fields] for record, fields in self.maps.items()}, available,
                    {k.upper(): int(v) for k, v in self.key_offsets.items()})
        return CicsBuild(shared / "bin" / "mzdriver", own / "lib", sandbox, spec, statements, self.schema, traced, frozenset(sql_programs),
                         shared / "lib")

    def compile(self, compiler: str, root: Path, main: str | None, sources: dict[str, str], members: dict[str, dict[str, str]], copy_dirs: list[str],
                target: Path, sandbox: Sandbox, traced: bool) -> None:
        """With ``main`` None the shims, the driver and every program as a module (one that does not
        compile is left out: a LINK of it is answered by the stub); else ``main`` alone, which must compile."""
        library, folder, binaries, common = target / "lib", target / "src", target / "bin", target / "cicscopy"
        for directory in (library, folder, binaries, common):
            directory.mkdir()
        for member, body in {**self.copybooks, **generated_members()}.items():
            (common / f"{safe_stem(member)}.cpy").write_text(body)
        for directory in copy_dirs:  # COPY LGCMAREA finds lgcmarea.cpy, as on the mainframe where members have one case
            with contextlib.suppress(OSError):
                for path in sorted((root / directory).iterdir()):
                    alias = common / f"{safe_stem(path.stem.upper())}.cpy"
                    if path.is_file() and path.stem != path.stem.upper() and path.suffix.lower() in MEMBER_SUFFIXES and not alias.exists():
                        shutil.copyfile(path, alias)
        environment = {"PATH": legacy.SYSTEM_PATH, "HOME": str(target), "TMPDIR": str(target), "LANG": "C"}
        estate_dirs = [flag for d in copy_dirs for flag in ("-I", str(root / d))]
        jobs: list[tuple[list[str], bool]] = []
        if main is None:
            shutil.copyfile(SHIM, folder / "mzcics.c")
            shutil.copyfile(sqlworld.SHIM, folder / "mzsql.c")
            (folder / "MZDRIVER.cbl").write_text(driver_source())
            jobs += [([compiler, "-m", "-o", str(library / "MZCICS.so"), str(folder / "mzcics.c")], True),
                     ([compiler, "-m", "-o", str(library / "MZSQL.so"), str(folder / "mzsql.c")], True),
                     ([compiler, "-x", "-I", str(common), "-o", str(binaries / "mzdriver"), str(folder / "MZDRIVER.cbl")], True)]
        for name, body in sorted(sources.items()):
            stem = safe_stem(name)
            own = folder / f"{stem}.copy"
            own.mkdir()
            for member, member_text in members.get(name, {}).items():
                (own / f"{safe_stem(member)}.cpy").write_text(member_text, encoding="utf-8", errors="surrogateescape")
            source = folder / f"{stem}.cbl"
            source.write_text(body, encoding="utf-8", errors="surrogateescape")
            trace = legacy.TRACE_FLAGS if traced and name == main else []
            jobs.append(([compiler, *legacy.COBC_FLAGS, *ONLINE_FLAGS, *trace, "-I", str(own), *estate_dirs, "-I", str(common), "-m", "-o",
                          str(library / f"{stem}.so"), str(source)], name == main))
        for job, essential in jobs:
            outcome = sandbox.run(job, cwd=target, env=environment, readable=(root,), limits=legacy.BUILD_LIMITS)
            if essential and (outcome.returncode != 0 or outcome.timed_out):
                problem = "did not finish within the build limits" if outcome.timed_out else legacy.first_lines(outcome.stderr + outcome.stdout)
                raise legacy.LegacyError(f"cobc failed for {Path(job[-1]).stem}: {problem}")

    def run(self, build_: CicsBuild, inputs: dict[str, bytes], outputs: list[str], workdir: Path | None = None) -> tuple[int, dict[str, bytes], str]:
        code, produced, console, _ = self.execute(build_, inputs, workdir)
        return code, produced, console

    def run_traced(self, build_: CicsBuild, inputs: dict[str, bytes], outputs: list[str], workdir: Path | None = None) -> tuple[int, dict[str, bytes], str]:
        code, produced, _, trace = self.execute(build_, inputs, workdir)
        return code, produced, trace

    @staticmethod
    def execute(build_: CicsBuild, inputs: dict[str, bytes], workdir: Path | None) -> tuple[int, dict[str, bytes], str, str]:
        try:
            scenario = json.loads(inputs.get("SCENARIO", b"{}") or b"{}")
            sql = None
            if build_.statements and build_.schema is not None and ("tables" in scenario or scenario.get("program") in build_.sql_programs):
                sql = sqlworld.World(build_.schema, [])
                sql.statements = dict(build_.statements)
                sql.load(scenario.get("tables") or {})
            world = World(build_.spec, scenario, sql)
        except (sqlite3.Error, ValueError, TypeError, AttributeError) as problem:
            raise legacy.LegacyError(f"the offline CICS world could not be set up: {problem}") from problem
        base = (Path(workdir) if workdir is not None else build_.library.parent.parent).resolve()
        base.mkdir(parents=True, exist_ok=True)
        directory = Path(tempfile.mkdtemp(prefix=".run-", dir=base))
        ours, theirs = socket.socketpair()
        server = threading.Thread(target=sqlworld.serve, args=(world, ours), daemon=True)
        try:
            environment = {"PATH": legacy.SYSTEM_PATH, "HOME": str(directory), "TMPDIR": str(directory), "LANG": "C",
                           "COB_LIBRARY_PATH": ":".join(str(p) for p in (build_.library, build_.shared) if p), "COB_CURRENT_DATE": legacy.FIXED_DATE,
                           "MZCICS_FD": str(theirs.fileno()), "MZSQL_FD": str(theirs.fileno())}
            if build_.traced:
                environment.update(COB_SET_TRACE="Y", COB_TRACE_FILE=str(directory / legacy.TRACE_FILE))
            server.start()
            readable = tuple(p.parent for p in (build_.library, build_.shared) if p)
            outcome = build_.sandbox.run([str(build_.executable)], cwd=directory, env=environment, readable=readable,
                                         limits=legacy.RUN_LIMITS, pass_fds=(theirs.fileno(),))
            theirs.close()
            server.join(timeout=30)
            if outcome.timed_out:
                raise legacy.LegacyError(f"{scenario.get('program')} did not finish within the run limits")
            result = world.result()
            if outcome.returncode not in (0,) and not result.get("abend"):
                result["abend"] = f"RC{outcome.returncode}"
            if outcome.stdout.strip():
                result["display"] = text(outcome.stdout)
            produced = {"OUTCOME": render(result)}
            trace_path = directory / legacy.TRACE_FILE
            trace = trace_path.read_bytes().decode("latin-1") if build_.traced and trace_path.is_file() else ""
            return 0, produced, text(outcome.stdout + outcome.stderr), trace
        finally:
            with contextlib.suppress(OSError):
                theirs.close()
            ours.close()
            shutil.rmtree(directory, ignore_errors=True)
