"""The IMS half of the offline world: DL/I batch calls answered from segments held in the harness.

A batch DL/I program is entered by IMS at ``ENTRY 'DLITCBL' USING <PCB masks>`` and reads and
changes its databases with ``CALL 'CBLTDLI' USING function, PCB, I/O area, SSA...``. Here a
generated driver CALLs DLITCBL with one PCB mask per PCB of the program's PSB (the DBD name in
its first 8 bytes, as IMS fills it; an I/O PCB first where the entry expects one more), and
CBLTDLI is the offline world's C shim (``mzsql.c`` under the name CBLTDLI) that sends every
parameter over the inherited socket to a ``DliWorld`` thread here. The world holds each database's
segments in hierarchical sequence (twins in key order, from the DBD's sequence fields) and answers
GU/GN/GNP (and their hold forms), ISRT, REPL and DLET with IMS status codes: blanks, GE (not found),
GB (end of database), GP (no parentage), II (duplicate key), DJ (no current segment), AD (a
function it does not know); it fills the PCB's level, segment name and key feedback. A GSAM
database (PCB TYPE=GSAM) is a sequential data set: ISRT appends a record, GN reads the next.

A scenario's databases are ``DLI.in`` (JSON: database -> [[segment, record as latin-1 text], ...] in
hierarchical order); the outcome adds ``DLI.out``, the databases after the run in the same form.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
import socket
import tempfile
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from modernize.output import safe_stem
from modernize.sandbox import Sandbox
from modernize.testgen import legacy
from modernize.testgen.sqlworld import SHIM, Param, serve, world_check

SPEC = "dli_world"  # estate.json's key: the databases and each program's PCBs
DLI = "DLI"  # the pseudo-DD of a scenario's databases (DLI.in, DLI.out)
OPERATORS = {"= ": "=", " =": "=", "EQ": "=", ">=": ">=", "=>": ">=", "GE": ">=", "<=": "<=", "=<": "<=", "LE": "<=", "> ": ">", " >": ">",
             "GT": ">", "< ": "<", " <": "<", "LT": "<", "!=": "!=", "=!": "!=", "NE": "!=", "\xac=": "!=", "=\xac": "!="}
NOOPS = ("CHKP", "XRST", "SYNC", "ROLB", "ROLL", "LOG ", "STAT", "INIT", "SETS", "SETU", "PCB ", "TERM")
PCB_SIZE = 400  # bytes of each PCB area the driver passes: the mask and the longest key feedback


@dataclass(frozen=True)
class SegmentSpec:
    name: str
    parent: str | None
    bytes: int
    key: tuple[int, int] | None = None  # the sequence field's (offset, length)
    unique: bool = True
    key_type: str = "C"  # the sequence field's TYPE: C characters, P packed, Z zoned, X hexadecimal
    fields: dict[str, tuple[int, int]] = field(default_factory=dict)  # name -> (offset, length)


@dataclass(frozen=True)
class DatabaseSpec:
    name: str
    gsam: bool
    segments: tuple[SegmentSpec, ...]  # in DBD order

    def segment(self, name: str) -> SegmentSpec | None:
        return next((s for s in self.segments if s.name == name), None)

    def level(self, name: str) -> int:
        spec, depth = self.segment(name), 0
        while spec is not None:
            depth += 1
            spec = self.segment(spec.parent) if spec.parent else None
        return depth or 1

    def order(self, name: str) -> int:
        return next((i for i, s in enumerate(self.segments) if s.name == name), len(self.segments))


@dataclass(frozen=True)
class Schema:
    databases: tuple[DatabaseSpec, ...]

    def database(self, name: str) -> DatabaseSpec | None:
        return next((d for d in self.databases if d.name == name), None)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Schema:
        return cls(tuple(DatabaseSpec(d["name"], d["gsam"], tuple(
            SegmentSpec(s["name"], s["parent"], s["bytes"], tuple(s["key"]) if s["key"] else None, s["unique"], s.get("key_type", "C"),
                        {k: (v[0], v[1]) for k, v in s["fields"].items()}) for s in d["segments"])) for d in data["databases"]))


@dataclass(frozen=True)
class Qualification:
    field: str
    operator: str
    value: bytes
    joiner: str = "&"  # how it joins the one before it: & (AND) or | (OR)


@dataclass(frozen=True)
class Ssa:
    segment: str
    qualifications: tuple[Qualification, ...] = ()


def parse_ssa(raw: bytes, database: DatabaseSpec) -> Ssa:
    """A segment search argument: ``SEGNAME `` or ``SEGNAME*cc(FIELD   >=value)`` joined by & * | +."""
    text = raw.decode("latin-1")
    name, i = text[:8].strip(), 8
    if text[i:i + 1] == "*":
        while i < len(text) and text[i] not in "( ":
            i += 1
    spec = database.segment(name)
    found: list[Qualification] = []
    joiner = "&"
    while i < len(text) and (text[i] == "(" or (found and text[i] in "&*|+#")):
        if text[i] != "(":
            joiner = "|" if text[i] in "|+" else "&"
        i += 1
        field_name = text[i:i + 8].strip()
        operator = OPERATORS.get(text[i + 8:i + 10].upper(), "=")
        length = spec.fields.get(field_name, (0, len(text)))[1] if spec else len(text) - i - 10
        found.append(Qualification(field_name, operator, raw[i + 10:i + 10 + length], joiner))
        i += 10 + length
        if text[i:i + 1] == ")":
            break
    return Ssa(name, tuple(found))


def compare(left: bytes, operator: str, right: bytes) -> bool:
    return {"=": left == right, "!=": left != right, ">=": left >= right, "<=": left <= right, ">": left > right, "<": left < right}[operator]


class Database:
    """One database's segments in hierarchical sequence, and a PCB's position in it."""

    def __init__(self, spec: DatabaseSpec, records: list[list[str]]):
        self.spec = spec
        self.nodes: list[tuple[str, bytes]] = [(name, text.encode("latin-1")) for name, text in records]
        self.position: int | None = None
        self.parentage: int | None = None

    def level(self, index: int) -> int:
        return self.spec.level(self.nodes[index][0])

    def chain(self, index: int) -> list[int]:
        """The indexes from the root down to ``index``."""
        found = [index]
        for j in range(index - 1, -1, -1):
            if self.level(j) < self.level(found[0]):
                found.insert(0, j)
        return found

    def subtree_end(self, index: int) -> int:
        j = index + 1
        while j < len(self.nodes) and self.level(j) > self.level(index):
            j += 1
        return j

    def key(self, index: int) -> bytes:
        name, data = self.nodes[index]
        spec = self.spec.segment(name)
        return data[spec.key[0]:spec.key[0] + spec.key[1]] if spec and spec.key else b""

    def holds(self, index: int, ssa: Ssa) -> bool:
        name, data = self.nodes[index]
        if name != ssa.segment:
            return False
        spec = self.spec.segment(name)
        result: bool | None = None
        for q in ssa.qualifications:
            offset, length = spec.fields.get(q.field, (0, 0)) if spec else (0, 0)
            value = compare(data[offset:offset + length], q.operator, q.value[:length].ljust(length, b" ")) if length else False
            result = value if result is None else (result and value if q.joiner == "&" else result or value)
        return True if result is None else result

    def matches(self, index: int, ssas: list[Ssa]) -> bool:
        if not ssas:
            return True
        if not self.holds(index, ssas[-1]):
            return False
        chain = self.chain(index)[:-1]
        return all(any(self.holds(j, ssa) for j in chain) for ssa in ssas[:-1])

    def find(self, start: int, end: int, ssas: list[Ssa]) -> int | None:
        return next((j for j in range(start, end) if self.matches(j, ssas)), None)

    def insert(self, segment: str, data: bytes, parent: int | None) -> str:
        spec = self.spec.segment(segment)
        if spec is None:
            return "AM"
        data = data[:spec.bytes].ljust(spec.bytes, b" ")
        start, end = (parent + 1, self.subtree_end(parent)) if parent is not None else (0, len(self.nodes))
        mine = (self.spec.order(segment), data[spec.key[0]:spec.key[0] + spec.key[1]] if spec.key else None)
        level = self.spec.level(segment)
        at = end
        for j in range(start, end):
            if self.level(j) != level:
                continue
            theirs = (self.spec.order(self.nodes[j][0]), self.key(j) if spec.key and self.nodes[j][0] == segment else None)
            if mine[1] is not None and theirs == mine and spec.unique:
                return "II"
            if theirs[0] > mine[0] or (theirs[0] == mine[0] and mine[1] is not None and theirs[1] is not None and theirs[1] > mine[1]):
                at = j
                break
        self.nodes.insert(at, (segment, data))
        self.position = at
        return "  "


class DliWorld:
    """The databases one run sees; answers each CBLTDLI call (``execute``, called by ``serve``)."""

    def __init__(self, schema: Schema, content: dict[str, list[list[str]]]):
        self.schema = schema
        self.databases = {spec.name: Database(spec, content.get(spec.name, [])) for spec in schema.databases}

    def dump(self) -> bytes:
        return (json.dumps({name: [[segment, data.decode("latin-1")] for segment, data in db.nodes] for name, db in sorted(self.databases.items())},
                           indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")

    def execute(self, params: list[Param]) -> list[bytes]:
        replies = [p.data for p in params]
        if len(params) < 2:
            return replies
        function = params[0].data[:4].decode("latin-1").upper().ljust(4)
        pcb = bytearray(params[1].data)
        db = self.databases.get(bytes(pcb[:8]).decode("latin-1").strip())
        io = params[2].data if len(params) > 2 else b""
        status, data = self.call(function, db, io, [p.data for p in params[3:]])
        pcb[10:12] = status.encode("latin-1")[:2]
        if db is not None and db.position is not None and db.position < len(db.nodes) and status == "  " and not db.spec.gsam:
            self.feedback(pcb, db, db.position)
        replies[1] = bytes(pcb[:len(params[1].data)])
        if data is not None and len(params) > 2:
            replies[2] = data[:len(io)].ljust(len(io), b" ")
        return replies

    @staticmethod
    def feedback(pcb: bytearray, db: Database, index: int) -> None:
        """Level, segment name and the concatenated keys, where the PCB mask has room for them."""
        name = db.nodes[index][0]
        key = b"".join(db.key(j) for j in db.chain(index))
        values = {8: f"{db.level(index):02d}".encode(), 20: name.ljust(8).encode("latin-1"), 28: len(key).to_bytes(4, "big"), 36: key}
        for offset, value in values.items():
            if len(pcb) >= offset + len(value):
                pcb[offset:offset + len(value)] = value

    def call(self, function: str, db: Database | None, io: bytes, raw_ssas: list[bytes]) -> tuple[str, bytes | None]:
        if function in NOOPS:
            return "  ", None
        if db is None:
            return "AD", None
        if db.spec.gsam:
            return self.gsam(function, db, io)
        ssas = [parse_ssa(raw, db.spec) for raw in raw_ssas]
        if function in ("GU  ", "GHU "):
            found = db.find(0, len(db.nodes), ssas)
            if found is None:
                return "GE", None
            db.position = db.parentage = found
            return "  ", db.nodes[found][1]
        if function in ("GN  ", "GHN "):
            start = 0 if db.position is None else db.position + 1
            found = db.find(start, len(db.nodes), ssas)
            if found is None:
                db.position = len(db.nodes)
                return "GB", None
            db.position = db.parentage = found
            return "  ", db.nodes[found][1]
        if function in ("GNP ", "GHNP"):
            if db.parentage is None or db.parentage >= len(db.nodes):
                return "GP", None
            start = max(db.parentage + 1, (db.position or 0) + 1)
            found = db.find(start, db.subtree_end(db.parentage), ssas)
            if found is None:
                return "GE", None
            db.position = found
            return "  ", db.nodes[found][1]
        if function == "ISRT":
            return self.isrt(db, io, ssas), None
        if function in ("REPL", "DLET"):
            if db.position is None or db.position >= len(db.nodes):
                return "DJ", None
            name, old = db.nodes[db.position]
            if function == "REPL":
                db.nodes[db.position] = (name, io[:len(old)].ljust(len(old), b" "))
            else:
                del db.nodes[db.position:db.subtree_end(db.position)]
                db.position = db.position - 1 if db.position else None
            return "  ", None
        return "AD", None

    @staticmethod
    def isrt(db: Database, io: bytes, ssas: list[Ssa]) -> str:
        if not ssas:
            return "AJ"
        spec = db.spec.segment(ssas[-1].segment)
        if spec is None:
            return "AM"
        parent = None
        if spec.parent:
            if len(ssas) > 1:
                parent = db.find(0, len(db.nodes), ssas[:-1])
            elif db.position is not None and db.position < len(db.nodes):
                parent = next((j for j in reversed(db.chain(db.position)) if db.nodes[j][0] == spec.parent), None)
            if parent is None:
                return "GE"
        return db.insert(spec.name, io, parent)

    @staticmethod
    def gsam(function: str, db: Database, io: bytes) -> tuple[str, bytes | None]:
        name = db.spec.segments[0].name if db.spec.segments else db.spec.name
        if function == "ISRT":
            db.nodes.append((name, io))
            return "  ", None
        if function in ("GN  ", "GU  "):
            start = 0 if db.position is None or function == "GU  " else db.position + 1
            if start >= len(db.nodes):
                return "GB", None
            db.position = start
            return "  ", db.nodes[start][1]
        return "AD", None


# building and running ------------------------------------------------------------------------------


@dataclass
class DliBuild:
    executable: Path
    libraries: tuple[Path, ...]
    sandbox: Sandbox
    schema: Schema
    program: str
    traced: bool = False


def driver_source(pcbs: list[str]) -> str:
    """The region controller's part: PCB masks (DBD name first, as IMS fills them) passed to DLITCBL,
    with spare areas after them (GnuCOBOL 3.1 clears an entry's parameters beyond those passed)."""
    areas = [*pcbs, "", ""]
    lines = ["IDENTIFICATION DIVISION.", "PROGRAM-ID. MZDLI.", "DATA DIVISION.", "WORKING-STORAGE SECTION."]
    lines += [f"01 MZ-PCB-{i} PIC X({PCB_SIZE}) VALUE {legacy.cobol_literal(name.ljust(8)) if name else 'SPACES'}." for i, name in enumerate(areas, 1)]
    lines += ["PROCEDURE DIVISION.", "    CALL 'DLITCBL' USING " + " ".join(f"MZ-PCB-{i}" for i in range(1, len(areas) + 1)), "    STOP RUN."]
    return "\n".join(lines) + "\n"


def shim_source() -> str:
    return SHIM.read_text().replace("int MZSQL(void)", "int CBLTDLI(void)").replace('"MZSQL")', '"CBLTDLI")')


class DliRunner:
    """build()/run() with legacy's signatures for a DL/I batch program: captures and generated tests
    call it where they would call ``legacy``."""

    def __init__(self, schema: Schema, pcbs: list[str]):
        self.schema = schema
        self.pcbs = pcbs

    def build(self, root: Path, main: str, programs: dict[str, tuple[str, str]], copy_dirs: list[str], workdir: Path,
              sandbox: Sandbox | None = None, traced: bool = False) -> DliBuild:
        compiler = legacy.cobc()
        if compiler is None:
            raise legacy.LegacyError("GnuCOBOL (cobc) is not installed")
        sandbox = sandbox or legacy.get_sandbox()
        root, workdir = Path(root).resolve(), Path(workdir).resolve()
        suffix = f"{legacy.source_digest(root, programs)[:12]}{'-traced' if traced else ''}"
        flags = legacy.TRACE_FLAGS if traced else []
        library = legacy.publish(workdir, f"modules-{suffix}",
                                 lambda target: legacy.compile_all(compiler, root, None, programs, copy_dirs, target, sandbox, flags))
        if not (library / "lib" / f"{safe_stem(main)}.so").is_file():
            raise legacy.LegacyError(f"cobc failed for {main}: it did not compile as a module for IMS to enter")
        driver, shim = driver_source(self.pcbs), shim_source()
        digest = hashlib.sha256((driver + shim).encode()).hexdigest()[:12]
        target = legacy.publish(workdir, f"{safe_stem(main)}-dli-{digest}", lambda target: self.compile(compiler, driver, shim, target, sandbox))
        return DliBuild(target / "bin" / "mzdli", (target / "lib", library / "lib"), sandbox, self.schema, main, traced)

    @staticmethod
    def compile(compiler: str, driver: str, shim: str, target: Path, sandbox: Sandbox) -> None:
        legacy.compile_generated(compiler, driver, "mzdli", target, sandbox)
        (target / "lib").mkdir()
        (target / "cbltdli.c").write_text(shim, encoding="ascii")
        environment = {"PATH": legacy.SYSTEM_PATH, "HOME": str(target), "TMPDIR": str(target), "LANG": "C"}
        outcome = sandbox.run([compiler, "-m", "-o", str(target / "lib" / "CBLTDLI.so"), str(target / "cbltdli.c")], cwd=target, env=environment,
                              limits=legacy.BUILD_LIMITS)
        if outcome.returncode != 0 or outcome.timed_out:
            raise legacy.LegacyError(f"the DL/I shim did not compile: {legacy.first_lines(outcome.stderr + outcome.stdout)}")

    def run(self, build_: DliBuild, inputs: dict[str, bytes], outputs: list[str], workdir: Path | None = None) -> tuple[int, dict[str, bytes], str]:
        code, produced, console, _ = self.execute(build_, inputs, outputs, workdir)
        return code, produced, console

    def run_traced(self, build_: DliBuild, inputs: dict[str, bytes], outputs: list[str], workdir: Path | None = None) -> tuple[int, dict[str, bytes], str]:
        code, produced, _, trace = self.execute(build_, inputs, outputs, workdir)
        return code, produced, trace

    @staticmethod
    def execute(build_: DliBuild, inputs: dict[str, bytes], outputs: list[str], workdir: Path | None) -> tuple[int, dict[str, bytes], str, str]:
        try:
            world = DliWorld(build_.schema, json.loads(inputs.get(DLI, b"{}") or b"{}"))
        except (ValueError, TypeError) as problem:
            raise legacy.LegacyError(f"the DL/I databases of the scenario cannot be read: {problem}") from problem
        base = (Path(workdir) if workdir is not None else build_.libraries[-1].parent.parent).resolve()
        base.mkdir(parents=True, exist_ok=True)
        directory = Path(tempfile.mkdtemp(prefix=".run-", dir=base))
        ours, theirs = socket.socketpair()
        server = threading.Thread(target=serve, args=(world, ours), daemon=True)
        try:
            environment = {"PATH": legacy.SYSTEM_PATH, "HOME": str(directory), "TMPDIR": str(directory), "LANG": "C",
                           "COB_LIBRARY_PATH": ":".join(str(p) for p in build_.libraries), "COB_PRE_LOAD": safe_stem(build_.program),
                           "COB_CURRENT_DATE": legacy.FIXED_DATE, "MZSQL_FD": str(theirs.fileno())}
            if build_.traced:
                environment.update(COB_SET_TRACE="Y", COB_TRACE_FILE=str(directory / legacy.TRACE_FILE))
            for ddname in [dd for dd in inputs if dd not in (DLI, legacy.SYSIN)]:
                path = directory / f"{safe_stem(ddname)}.in"
                path.write_bytes(inputs[ddname])
                environment[f"DD_{ddname}"] = str(path)
            for ddname in outputs:
                if ddname not in inputs and ddname != DLI:
                    environment[f"DD_{ddname}"] = str(directory / f"{safe_stem(ddname)}.out")
            server.start()
            outcome = build_.sandbox.run([str(build_.executable)], cwd=directory, env=environment,
                                         readable=tuple(p.parent for p in build_.libraries), limits=legacy.RUN_LIMITS,
                                         stdin=inputs.get(legacy.SYSIN), pass_fds=(theirs.fileno(),))
            theirs.close()
            server.join(timeout=30)
            if outcome.timed_out:
                raise legacy.LegacyError(f"{build_.program} did not finish within the run limits")
            produced = {DLI: world.dump()}
            for ddname in outputs:
                if ddname not in produced:
                    path = Path(environment.get(f"DD_{ddname}", directory / "-"))
                    produced[ddname] = path.read_bytes() if path.is_file() else b""
            trace_path = directory / legacy.TRACE_FILE
            trace = trace_path.read_bytes().decode("latin-1") if build_.traced and trace_path.is_file() else ""
            return outcome.returncode, produced, (outcome.stdout + outcome.stderr).decode("latin-1", "replace"), trace
        finally:
            with contextlib.suppress(OSError):
                theirs.close()
            ours.close()
            shutil.rmtree(directory, ignore_errors=True)


def runner(estate: dict[str, Any], program: str) -> DliRunner | None:
    """The DL/I world runner for ``program`` if the test project runs it in the world."""
    spec = estate.get(SPEC)
    if not spec or program not in spec.get("pcbs", {}):
        return None
    return DliRunner(Schema.from_dict(spec["schema"]), spec["pcbs"][program])


def world_fixture(estate: dict[str, Any], program: str) -> str:
    """What a DL/I program's test module adds: legacy runs go through the world."""
    if runner(estate, program) is None:
        return ""
    return "\n".join(['', '', '@pytest.fixture', 'def characterize(characterize, implementation, build_dir):',
                      '    "The legacy program runs against the offline IMS world with the scenario\'s databases."',
                      '    if implementation != "legacy":', '        return characterize', '    from modernize.testgen import dliworld', '',
                      '    return dliworld.characterize_with(build_dir)', ''])


def characterize_with(build_dir: Path) -> Any:
    """The generated tests' check for legacy runs of a DL/I program (the conftest's, with the world)."""
    return world_check(build_dir, runner, SPEC)
