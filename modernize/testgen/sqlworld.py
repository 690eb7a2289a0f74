"""The SQL half of the offline world: batch DB2 programs run under GnuCOBOL against SQLite.

``modernize.testgen.precompile`` turns each EXEC SQL block into a call of the C shim MZSQL
(mzsql.c, compiled with cobc beside the program); the shim sends the statement key and the raw
bytes and libcob attributes of SQLCA and the host variables over an inherited socket to the
``World`` here, which owns an in-memory SQLite database built from the estate's DDL (tables, keys,
views), runs the statement transpiled with sqlglot, decodes and encodes host variables with the
record codec (PIC X/9, COMP, COMP-5, COMP-3, signs), keeps cursors, and sets SQLCODE/SQLSTATE and
SQLERRD(3) the DB2 way (100 at end, -803 duplicate key, -811 more than one row, -305 null without
indicator). CURRENT TIMESTAMP/DATE read a pinned clock.

A scenario is the program's input files plus the initial rows (``TABLES.in``, JSON: table -> rows);
its outcome is the output files, the DISPLAY output (``SYSOUT.out``), the return code and every
table's rows after the run (``TABLES.out``, dumped sorted). A replacement is tested by the same
cases through the generated tests' replacement command: ``DD_TABLES`` names the JSON file of the
initial rows, which the replacement rewrites with the rows after its run, and its DISPLAY output
goes to ``DD_SYSOUT``.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
import shutil
import socket
import sqlite3
import struct
import tempfile
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from modernize.model import Module
from modernize.output import safe_stem, utf8
from modernize.sandbox import Sandbox
from modernize.testgen import legacy, stability
from modernize.testgen.precompile import Precompiled, Statement, precompile, words
from modernize.testgen.records import Field, RecordCodec

PARALLEL_PROGRAMS = 64  # fewer DB2 programs than this: their scenarios are built here, not in forked workers
SPEC = "sql_world"  # the key of estate.json that holds the world's schema and what it cannot emulate
TIMESTAMP = "2025-01-31-12.00.00.000000"
DATE, TIME = "2025-01-31", "12.00.00"
SHIM = Path(__file__).with_name("mzsql.c")
TEXT_TYPES = ("CHAR", "VARCHAR", "LONG VARCHAR", "CLOB", "GRAPHIC", "VARGRAPHIC", "DATE", "TIME", "TIMESTAMP")
SQLSTATES = {0: "00000", 100: "02000", -803: "23505", -811: "21000", -305: "22002", -407: "23502", -501: "24501",
             -502: "24502", -84: "42612", -204: "42704"}
RE_CURRENT = re.compile(r"\bCURRENT[ _](TIMESTAMP|DATE|TIME)\b", re.I)
# libcob field types and flags the shim sends (libcob/common.h)
COB_NUMERIC_DISPLAY, COB_NUMERIC_BINARY, COB_NUMERIC_PACKED, COB_NUMERIC_COMP5 = 0x10, 0x11, 0x12, 0x1B
FLAG_SIGN, FLAG_SEPARATE, FLAG_LEADING, FLAG_SWAP = 1, 2, 4, 0x20


class SqlError(Exception):
    def __init__(self, code: int, message: str = ""):
        super().__init__(message)
        self.code = code


@dataclass
class Column:
    name: str
    type: str
    length: int | None = None
    scale: int | None = None
    nullable: bool = True
    default: str | None = None


@dataclass
class Table:
    name: str
    columns: list[Column]
    keys: list[list[str]] = field(default_factory=list)  # primary key and unique indexes


@dataclass
class View:
    name: str
    columns: list[str]
    query: str


@dataclass
class Schema:
    """The estate's tables and views as the world creates them (from the DDL facts)."""

    tables: list[Table] = field(default_factory=list)
    views: list[View] = field(default_factory=list)

    @classmethod
    def from_modules(cls, modules: list[Module]) -> Schema:
        schema = cls()
        for module in modules:
            if module.kind == "table":
                columns = [Column(s.name, str(s.attributes.get("type") or "CHAR"), s.attributes.get("length"), s.attributes.get("scale"),
                                  bool(s.attributes.get("nullable", True)), s.attributes.get("default")) for s in module.symbols if s.kind == "column"]
                keys = [list(module.attributes.get("primary_key") or [])] if module.attributes.get("primary_key") else []
                keys += [list(k) for k in module.attributes.get("unique_keys") or []]
                keys += [list(i["columns"]) for i in module.attributes.get("indexes") or [] if i.get("unique") and list(i["columns"]) not in keys]
                if schema.table(module.name) is None:  # the same table in two DDL files: the first one
                    schema.tables.append(Table(module.name, columns, keys))
            elif module.kind == "view" and module.attributes.get("query") and all(v.name != module.name for v in schema.views):
                schema.views.append(View(module.name, [s.name for s in module.symbols], str(module.attributes["query"])))
        return schema

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Schema:
        return cls([Table(t["name"], [Column(**c) for c in t["columns"]], t["keys"]) for t in data.get("tables", [])],
                   [View(**v) for v in data.get("views", [])])

    def table(self, name: str) -> Table | None:
        return next((t for t in self.tables if t.name == name.upper()), None)


@functools.lru_cache(maxsize=20_000)
def to_sqlite(sql: str) -> str:
    """DB2 SQL as SQLite runs it: pinned clock, no schema qualifiers, DB2 tails (WITH UR…) dropped.
    Kept per text: the same statement (a DCLGEN's SELECT, a cursor) recurs across an estate's programs."""
    import sqlglot
    from sqlglot import exp

    clock = {"TIMESTAMP": TIMESTAMP, "DATE": DATE, "TIME": TIME}
    sql = RE_CURRENT.sub(lambda m: f"'{clock[m.group(1).upper()]}'", sql)
    sql = without_db2_tail(sql)
    tree = sqlglot.parse_one(sql)
    for node in tree.find_all(exp.Table):
        node.set("db", None)
        node.set("catalog", None)
    for node in tree.find_all(exp.Column):
        node.set("db", None)
        node.set("catalog", None)
    return tree.sql("sqlite")


def render_rows(rows: dict[str, list[dict[str, Any]]], schema: Schema | None = None) -> bytes:
    """Tables and their rows as JSON, tables and columns sorted, one row per line, DECIMAL columns
    with their scale (12.50): the format of TABLES.in and TABLES.out, and what a replacement writes."""
    scales = {(t.name, c.name): c.scale for t in (schema.tables if schema else []) for c in t.columns if c.scale}

    def value(table: str, column: str, item: Any) -> str:
        scale = scales.get((table, column))
        if scale and isinstance(item, int | float) and not isinstance(item, bool):
            return str(Decimal(repr(item)).quantize(Decimal(1).scaleb(-scale)))
        return json.dumps(item, default=str)

    lines = ["{"]
    for number, name in enumerate(sorted(rows)):
        body = [f"  {{{', '.join(f'{json.dumps(c)}: {value(name, c, row[c])}' for c in sorted(row))}}}" for row in rows[name]]
        lines.append(f" {json.dumps(name)}: [" + ("\n" + ",\n".join(body) + "\n ]" if body else "]") + ("," if number < len(rows) - 1 else ""))
    lines.append("}")
    return utf8("\n".join(lines) + "\n")


def without_db2_tail(sql: str) -> str:
    """The statement without the clauses SQLite lacks and the world needs not: WITH UR/CS/RS/RR,
    FOR FETCH/READ ONLY, FOR UPDATE [OF …], OPTIMIZE FOR n ROWS (all at the end, outside parentheses)."""
    tokens = [t for t in words(sql) if t[3] == 0]
    for index, (word, start, _, _) in enumerate(tokens):
        following = tokens[index + 1][0] if index + 1 < len(tokens) else ""
        if (word == "WITH" and following in ("UR", "CS", "RS", "RR")) or (word == "FOR" and following in ("FETCH", "READ", "UPDATE")) \
                or (word == "OPTIMIZE" and following == "FOR"):
            return sql[:start].rstrip()
    return sql


def column_sql(column: Column) -> str:
    kind = column.type.upper()
    affinity = "TEXT" if kind in TEXT_TYPES else "INTEGER" if kind in ("SMALLINT", "INTEGER", "INT", "BIGINT") else "NUMERIC"
    text = f'"{column.name}" {affinity}'
    if not column.nullable:
        text += " NOT NULL"
    if column.default is not None:
        implicit = {"TIMESTAMP": TIMESTAMP, "DATE": DATE, "TIME": TIME}.get(kind, "" if affinity == "TEXT" else "0")
        text += f" DEFAULT '{implicit}'" if affinity == "TEXT" else f" DEFAULT {implicit}"
    return text


@dataclass
class Param:
    """One CALL parameter as the shim sent it: libcob's attributes and the bytes."""

    type: int
    digits: int
    scale: int
    flags: int
    data: bytes

    def field(self) -> Field:
        numeric = self.type in (COB_NUMERIC_DISPLAY, COB_NUMERIC_BINARY, COB_NUMERIC_PACKED, COB_NUMERIC_COMP5)
        usage = {COB_NUMERIC_PACKED: "COMP-3", COB_NUMERIC_COMP5: "COMP-5",
                 COB_NUMERIC_BINARY: "COMP" if self.flags & FLAG_SWAP else "COMP-5"}.get(self.type, "DISPLAY")
        return Field("HV", 1, 0, len(self.data), usage=usage, category="numeric" if numeric else "alphanumeric", digits=self.digits,
                     scale=self.scale, signed=bool(self.flags & FLAG_SIGN), sign="LEADING" if self.flags & FLAG_LEADING else None,
                     sign_separate=bool(self.flags & FLAG_SEPARATE))


CODEC = RecordCodec(Field("HV", 1, 0, 1), encoding="ascii", sign_convention="gnucobol", native_byteorder="little")


def decode(param: Param) -> Any:
    item = param.field()
    value = CODEC.decode_elementary(item, param.data)
    if isinstance(value, Decimal):
        return float(value)
    return value.rstrip(" ") if isinstance(value, str) else value


def encode(param: Param, value: Any) -> bytes:
    item = param.field()
    if item.category == "numeric":
        if isinstance(value, float):
            value = Decimal(repr(value)).quantize(Decimal(1).scaleb(-item.scale))
        return CODEC.encode_elementary(item, Decimal(str(value)) if isinstance(value, str) and value.strip() else value or 0)
    return CODEC.encode_elementary(item, "" if value is None else value if isinstance(value, str) else str(value))


class World:
    """The database one run of a program sees, with its cursors."""

    def __init__(self, schema: Schema, statements: list[Statement]):
        self.schema = schema
        self.statements = {s.key: s for s in statements}
        self.db = sqlite3.connect(":memory:", isolation_level="DEFERRED", check_same_thread=False)
        self.cursors: dict[str, list[tuple[Any, ...]]] = {}
        self.problems: list[str] = []
        for table in schema.tables:
            elements = [column_sql(c) for c in table.columns] + [f"UNIQUE ({', '.join(k)})" for k in table.keys if k]
            self.db.execute(f'CREATE TABLE "{table.name}" ({", ".join(elements)})')
        for view in schema.views:
            try:
                names = f" ({', '.join(view.columns)})" if view.columns else ""
                self.db.execute(f'CREATE VIEW "{view.name}"{names} AS {to_sqlite(view.query)}')
            except Exception as problem:  # noqa: BLE001 - a view the world cannot build is reported, not fatal
                self.problems.append(f"view {view.name}: {problem}")
        self.db.commit()

    def load(self, rows: dict[str, list[dict[str, Any]]]) -> None:
        for name, records in sorted(rows.items()):
            for record in records:
                columns = sorted(record)
                self.db.execute(f'INSERT OR REPLACE INTO "{name.upper()}" ({", ".join(columns)}) VALUES ({", ".join("?" * len(columns))})',
                                [record[c] for c in columns])
        self.db.commit()

    def dump(self) -> bytes:
        """Every table's rows after the run, in the format of ``TABLES.in``: the rows part of the outcome."""
        self.db.rollback()  # what the program did not commit is lost at its end, as in DB2 after an abend
        rows: dict[str, list[dict[str, Any]]] = {}
        for table in self.schema.tables:
            order = ", ".join(f'"{c.name}"' for c in table.columns)
            found = self.db.execute(f'SELECT {order} FROM "{table.name}" ORDER BY {order}')
            rows[table.name] = [dict(zip([c.name for c in table.columns], row, strict=True)) for row in found]
        return render_rows(rows, self.schema)

    def execute(self, params: list[Param]) -> list[bytes]:
        """Run one call: parameter 1 is the statement key, 2 the SQLCA, then the host variables."""
        key = params[0].data.decode("ascii", "replace").strip()
        replies = [p.data for p in params]
        statement = self.statements.get(key)
        code, message, count = 0, "", 0
        try:
            if statement is None:
                raise SqlError(-84, f"unknown statement {key}")
            count = self.run(statement, params[2:], replies)
        except SqlError as problem:
            code, message = problem.code, str(problem)
        except sqlite3.IntegrityError as problem:
            text = str(problem)
            code = -803 if "UNIQUE" in text else -407 if "NOT NULL" in text else -545
            message = text
        except Exception as problem:  # noqa: BLE001 - the statement fails with a DB2-like code, the run goes on
            code, message = -84, f"{type(problem).__name__}: {problem}"
            self.problems.append(f"{key}: {message}")
        if code == 0 and statement is not None and statement.kind in ("UPDATE", "DELETE") and count == 0:
            code = 100
        replies[1] = sqlca(params[1].data, code, message, count)
        return replies

    def run(self, statement: Statement, params: list[Param], replies: list[bytes]) -> int:
        kind = statement.kind
        if kind == "COMMIT":
            self.db.commit()
            return 0
        if kind == "ROLLBACK":
            self.db.rollback()
            return 0
        if kind == "CLOSE":
            if self.cursors.pop(statement.cursor or "", None) is None:
                raise SqlError(-501, f"cursor {statement.cursor} is not open")
            return 0
        outputs, index = [], 0
        for variable in statement.outputs:
            outputs.append((index, index + 1 if variable.indicator else None))
            index += 2 if variable.indicator else 1
        values = []
        for variable in statement.inputs:
            value = decode(params[index])
            if variable.indicator:
                if int(decode(params[index + 1]) or 0) < 0:
                    value = None
                index += 1
            values.append(value)
            index += 1
        if kind == "OPEN":
            if statement.cursor in self.cursors:
                raise SqlError(-502, f"cursor {statement.cursor} is already open")
            self.cursors[statement.cursor or ""] = self.db.execute(to_sqlite(statement.sql), values).fetchall()
            return 0
        if kind == "FETCH":
            rows = self.cursors.get(statement.cursor or "")
            if rows is None:
                raise SqlError(-501, f"cursor {statement.cursor} is not open")
            if not rows:
                return self.no_row()
            self.assign(rows.pop(0), outputs, params, replies)
            return 1
        cursor = self.db.execute(to_sqlite(statement.sql), values)
        if kind == "SELECT":
            rows = cursor.fetchmany(2)
            if not rows:
                return self.no_row()
            if len(rows) > 1:
                raise SqlError(-811, "the SELECT INTO returned more than one row")
            self.assign(rows[0], outputs, params, replies)
            return 1
        return max(cursor.rowcount, 0)

    @staticmethod
    def no_row() -> int:
        raise SqlError(100, "")

    @staticmethod
    def assign(row: tuple[Any, ...], outputs: list[tuple[int, int | None]], params: list[Param], replies: list[bytes]) -> None:
        for value, (target, indicator) in zip(row, outputs, strict=False):
            if value is None:
                if indicator is None:
                    raise SqlError(-305, "a null value and no indicator variable")
                replies[indicator + 2] = encode(params[indicator], -1)
                continue
            replies[target + 2] = encode(params[target], value)
            if indicator is not None:
                replies[indicator + 2] = encode(params[indicator], 0)


def sqlca(data: bytes, code: int, message: str, count: int) -> bytes:
    """The SQLCA of the generated copybook (COMP-5, native order) after a statement."""
    buffer = bytearray(data.ljust(136, b" "))
    text = message[:70].encode("ascii", "replace")
    struct.pack_into("<i", buffer, 12, code)
    struct.pack_into("<h", buffer, 16, len(text))
    buffer[18:88] = text.ljust(70)
    for index in range(6):
        struct.pack_into("<i", buffer, 96 + 4 * index, count if index == 2 else 0)
    buffer[120] = ord("W") if 0 < code != 100 else ord(" ")
    buffer[131:136] = SQLSTATES.get(code, "58004" if code < 0 else "01000").encode()
    return bytes(buffer[: len(data)])


def serve(world: World, connection: socket.socket) -> None:
    """Answer the shim's calls until the program ends (the socket closes)."""
    stream = connection.makefile("rwb")

    def number() -> int | None:
        raw = stream.read(4)
        return struct.unpack("<I", raw)[0] if len(raw) == 4 else None

    with contextlib.suppress(OSError, ValueError, struct.error):
        while (count := number()) is not None:
            params = []
            for _ in range(count):
                kind, digits, scale, flags, size = (number() for _ in range(5))
                params.append(Param(kind or 0, digits or 0, struct.unpack("<i", struct.pack("<I", scale or 0))[0], flags or 0, stream.read(size or 0)))
            replies = world.execute(params)
            stream.write(struct.pack("<I", count) + b"".join(struct.pack("<I", len(r)) + r for r in replies))
            stream.flush()


# building and running -----------------------------------------------------------------------------


@dataclass
class SqlBuild:
    executable: Path
    library: Path
    sandbox: Sandbox
    precompiled: Precompiled
    schema: Schema
    traced: bool = False
    utilities: dict[str, tuple[Any, Path]] | None = None  # DD name -> its KSDS and legacy's load/unload utility


class SqlRunner:
    """build()/run() with legacy's signatures, for a program that needs the world: captures and
    generated tests call it where they would call ``legacy``."""

    def __init__(self, schema: Schema, programs: dict[str, tuple[str, str]] | None = None, unsupported: list[str] | None = None,
                 parm: bool = False, indexed: dict[str, Any] | None = None):
        self.schema = schema
        self.programs = programs or {}
        self.unsupported = unsupported or []
        self.parm = parm  # a main program given a PARM: a module CALLed by legacy's PARM driver
        self.indexed = indexed or {}  # DD name -> IndexedFile: KSDS files loaded and read back as in legacy runs

    def build(self, root: Path, main: str, programs: dict[str, tuple[str, str]], copy_dirs: list[str], workdir: Path,
              sandbox: Sandbox | None = None, traced: bool = False) -> SqlBuild:
        if self.unsupported:
            raise legacy.LegacyError(f"the offline DB2 world cannot emulate {'; '.join(self.unsupported)}")
        compiler = legacy.cobc()
        if compiler is None:
            raise legacy.LegacyError("GnuCOBOL (cobc) is not installed")
        sandbox = sandbox or legacy.get_sandbox()
        root, workdir = Path(root).resolve(), Path(workdir).resolve()
        programs = {**programs, **self.programs}
        path, encoding = programs[main]
        precompiled = precompile(legacy.decode_source(root / path, encoding), lambda member: read_member(root, copy_dirs, member))
        digest = hashlib.sha256((legacy.source_digest(root, programs) + SHIM.read_text() + precompiled.source + ("parm" if self.parm else ""))
                                .encode("utf-8", "surrogateescape"))
        target = workdir / f"{safe_stem(main)}-sql-{digest.hexdigest()[:12]}{'-traced' if traced else ''}"
        stem = safe_stem(main)
        if not (target / "complete").is_file():
            workdir.mkdir(parents=True, exist_ok=True)
            partial = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".partial", dir=workdir))
            try:
                self.compile(compiler, root, main, programs, copy_dirs, precompiled, partial, sandbox, traced, self.parm)
                (partial / "complete").write_text("")
                with contextlib.suppress(OSError):
                    partial.rename(target)
            finally:
                shutil.rmtree(partial, ignore_errors=True)
        if not (target / "complete").is_file():
            raise legacy.LegacyError(f"the build of {main} could not be published in {workdir}")
        utilities = {dd: (file, legacy.utility(compiler, file, workdir, sandbox)) for dd, file in self.indexed.items()}
        return SqlBuild(target / "bin" / stem.lower(), target / "lib", sandbox, precompiled, self.schema, traced, utilities)

    @staticmethod
    def compile(compiler: str, root: Path, main: str, programs: dict[str, tuple[str, str]], copy_dirs: list[str],
                precompiled: Precompiled, target: Path, sandbox: Sandbox, traced: bool = False, parm: bool = False) -> None:
        library, sources, binaries, members = target / "lib", target / "src", target / "bin", target / "sqlcopy"
        for directory in (library, sources, binaries, members):
            directory.mkdir()
        for name, text in precompiled.copybooks.items():
            (members / f"{safe_stem(name)}.cpy").write_text(text, encoding="utf-8", errors="surrogateescape")
        includes = ["-I", str(members), *(flag for d in copy_dirs for flag in ("-I", str(root / d)))]
        environment = {"PATH": legacy.SYSTEM_PATH, "HOME": str(target), "TMPDIR": str(target), "LANG": "C"}
        shutil.copyfile(SHIM, sources / "mzsql.c")
        jobs = [[compiler, "-m", "-o", str(library / "MZSQL.so"), str(sources / "mzsql.c")]]
        for name, (path, encoding) in sorted(programs.items()):
            stem = safe_stem(name)
            source = sources / f"{stem}.cbl"
            text = precompiled.source if name == main else legacy.decode_source(root / path, encoding)
            source.write_text(text, encoding="utf-8", errors="surrogateescape")
            mode = ["-x", "-o", str(binaries / stem.lower())] if name == main and not parm else ["-m", "-o", str(library / f"{stem}.so")]
            trace = legacy.TRACE_FLAGS if traced and name == main else []
            jobs.append([compiler, *legacy.COBC_FLAGS, *trace, *includes, *mode, str(source)])
        legacy.compile_stubs(compiler, set(programs), library, sandbox)
        if parm:  # the PARM driver is the executable: it CALLs the program, a module, the way z/OS passes a PARM
            (sources / "mzparm.cbl").write_text(legacy.driver_source(main), encoding="ascii")
            jobs.append([compiler, *legacy.COBC_FLAGS, "-free", "-x", "-o", str(binaries / safe_stem(main).lower()), str(sources / "mzparm.cbl")])
        for job in jobs:
            outcome = sandbox.run(job, cwd=target, env=environment, readable=(root,), limits=legacy.BUILD_LIMITS)
            essential = job[-1].endswith("mzsql.c") or "-x" in job or Path(job[-1]).stem == safe_stem(main)
            if essential and (outcome.returncode != 0 or outcome.timed_out):
                problem = "did not finish within the build limits" if outcome.timed_out else legacy.first_lines(outcome.stderr + outcome.stdout)
                raise legacy.LegacyError(f"cobc failed for {Path(job[-1]).stem}: {problem}")

    def run(self, build_: SqlBuild, inputs: dict[str, bytes], outputs: list[str], workdir: Path | None = None) -> tuple[int, dict[str, bytes], str]:
        """Run the program in the sandbox with the world answering its SQL; outputs include
        SYSOUT (the DISPLAY output) and TABLES (the rows after the run)."""
        code, produced, console, _ = self.execute(build_, inputs, outputs, workdir)
        return code, produced, console

    def run_traced(self, build_: SqlBuild, inputs: dict[str, bytes], outputs: list[str], workdir: Path | None = None) -> tuple[int, dict[str, bytes], str]:
        """``run`` on a traced build: (return code, outputs, GnuCOBOL's trace), as ``legacy.run_traced``."""
        code, produced, _, trace = self.execute(build_, inputs, outputs, workdir)
        return code, produced, trace

    @staticmethod
    def execute(build_: SqlBuild, inputs: dict[str, bytes], outputs: list[str], workdir: Path | None) -> tuple[int, dict[str, bytes], str, str]:
        try:
            world = World(build_.schema, build_.precompiled.statements)
            world.load(json.loads(inputs.get("TABLES", b"{}") or b"{}"))
        except (sqlite3.Error, ValueError) as problem:
            raise legacy.LegacyError(f"the offline world could not be set up: {problem}") from problem
        base = (Path(workdir) if workdir is not None else build_.library.parent.parent).resolve()
        base.mkdir(parents=True, exist_ok=True)
        directory = Path(tempfile.mkdtemp(prefix=".run-", dir=base))
        ours, theirs = socket.socketpair()
        server = threading.Thread(target=serve, args=(world, ours), daemon=True)
        try:
            environment = {"PATH": legacy.SYSTEM_PATH, "HOME": str(directory), "TMPDIR": str(directory), "LANG": "C",
                           "COB_LIBRARY_PATH": str(build_.library), "COB_CURRENT_DATE": legacy.FIXED_DATE, "MZSQL_FD": str(theirs.fileno())}
            if build_.traced:
                environment.update(COB_SET_TRACE="Y", COB_TRACE_FILE=str(directory / legacy.TRACE_FILE))
            if legacy.PARM in inputs:
                text = inputs[legacy.PARM][:legacy.PARM_LIMIT].decode("latin-1")
                environment.update(MZ_PARM=text.replace("\0", " "), MZ_PARM_LENGTH=str(len(text)))
            files = [dd for dd in inputs if dd not in ("TABLES", legacy.SYSIN, legacy.PARM)]
            for ddname in files:
                path = directory / f"{safe_stem(ddname)}.in"
                path.write_bytes(inputs[ddname])
                environment[f"DD_{ddname}"] = str(path)
            utilities = build_.utilities or {}
            for ddname, (file, program) in sorted(utilities.items()):
                environment[f"DD_{ddname}"] = str(legacy.load(build_, program, file, inputs.get(ddname, b""), directory))  # type: ignore[arg-type]
            for ddname in outputs:
                if ddname not in inputs and ddname not in ("SYSOUT", "TABLES") and ddname not in utilities:
                    environment[f"DD_{ddname}"] = str(directory / f"{safe_stem(ddname)}.out")
            server.start()
            outcome = build_.sandbox.run([str(build_.executable)], cwd=directory, env=environment, readable=(build_.library.parent,),
                                         limits=legacy.RUN_LIMITS, stdin=inputs.get(legacy.SYSIN), pass_fds=(theirs.fileno(),))
            theirs.close()
            server.join(timeout=30)
            if outcome.timed_out:
                raise legacy.LegacyError(f"{build_.executable.name} did not finish within the run limits")
            produced = {"SYSOUT": outcome.stdout, "TABLES": world.dump()}
            for ddname in outputs:
                if ddname in utilities and ddname not in produced:
                    produced[ddname] = legacy.unload(build_, utilities[ddname][1], utilities[ddname][0], directory)  # type: ignore[arg-type]
                elif ddname not in produced:
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


MEMBER_SUFFIXES = ("", ".cpy", ".CPY", ".cbl", ".CBL", ".cob", ".copy", ".dcl", ".DCL")


def read_member(root: Path, copy_dirs: list[str], member: str) -> str | None:
    for directory in copy_dirs:
        for suffix in MEMBER_SUFFIXES:
            path = Path(root) / directory / f"{member}{suffix}"
            if path.is_file():
                return path.read_bytes().decode("latin-1")
    return None


@dataclass(frozen=True)
class Members:
    """The files of the copy folders, listed once per estate: ``read_member`` asked for every
    INCLUDE of every program stats each folder and suffix (two million stats on an estate of 800
    programs); this finds the same member (first folder, then first suffix) by name."""

    paths: dict[str, list[tuple[int, Path]]]  # file name -> (folder's position in copy_dirs, path), in folder order

    @classmethod
    def of(cls, root: Path, copy_dirs: list[str]) -> Members:
        paths: dict[str, list[tuple[int, Path]]] = {}
        for position, directory in enumerate(copy_dirs):
            with contextlib.suppress(OSError), os.scandir(Path(root) / directory) as entries:
                for entry in entries:
                    with contextlib.suppress(OSError):
                        if entry.is_file():
                            paths.setdefault(entry.name, []).append((position, Path(entry.path)))
        return cls(paths)

    def read(self, member: str) -> str | None:
        found = [(position, rank, path) for rank, suffix in enumerate(MEMBER_SUFFIXES)
                 for position, path in self.paths.get(f"{member}{suffix}", ())]
        if not found:
            return None
        try:
            return min(found)[2].read_bytes().decode("latin-1")
        except OSError:
            return None


def runner(estate: dict[str, Any], program: str) -> SqlRunner | None:
    """The world runner for ``program`` if the test project runs it in the SQL world."""
    spec = estate.get(SPEC)
    if not spec or program not in spec["programs"]:
        return None
    harness = legacy.Harness.from_estate(estate, program)
    return SqlRunner(Schema.from_json(spec["schema"]), unsupported=spec.get("unsupported", {}).get(program), parm=bool(harness and harness.parm),
                     indexed=harness.indexed if harness else None)


def emulation_problems(precompiled: Precompiled) -> list[str]:
    """What the world cannot do for this program, each with its EXEC line."""
    problems = [f"line {line}: {text}" for line, text in precompiled.unsupported]
    for statement in precompiled.statements:
        if statement.kind in ("SELECT", "INSERT", "UPDATE", "DELETE", "OPEN") and f"line {statement.line}:" not in " ".join(problems):
            try:
                to_sqlite(statement.sql)
            except Exception as problem:  # noqa: BLE001 - sqlglot raises many kinds
                problems.append(f"line {statement.line}: {statement.text[:100]} ({type(problem).__name__})")
    return problems


def world_enabled() -> bool:
    return os.environ.get("MODERNIZE_NO_SQL_WORLD") != "1"


# scenarios: the generated tests of SQL programs ----------------------------------------------------


def sql_programs(modules: list[Module]) -> dict[str, Module]:
    """Batch programs that use DB2 and nothing else the offline world lacks (CICS, DL/I)."""
    found = {}
    for module in modules:
        if module.kind != "program" or module.nested_in or module.handlers:
            continue
        vias = {r.via for r in module.references}
        if "sql" in vias and not any(v in ("dli", "ims") or v.startswith("cics") for v in vias):
            found[module.name] = module
    return found


def compared_literals(statements: list[Statement]) -> dict[str, str]:
    """COLUMN = 'literal' pairs of the program's SQL: values the rows need to be found at all."""
    found: dict[str, str] = {}
    reads_first = sorted(statements, key=lambda s: (s.kind in ("UPDATE", "INSERT"), s.number))  # SET X = 'B' says what a row becomes
    for statement in reads_first:
        text = statement.sql
        for word, _, end, _ in words(text):
            rest = text[end:].lstrip()
            if rest.startswith("="):
                value = rest[1:].lstrip()
                if value.startswith("'") and "'" in value[1:]:
                    found.setdefault(word.split(".")[-1], value[1 : value.index("'", 1)])
    return found


def seed_value(column: Column, record: dict[str, Any], literals: dict[str, str]) -> Any:
    """A column's value for a row matching an input record: the record field of the same name (or
    name ending), else a literal the program compares the column with, else a valid default."""
    wanted = column.name.replace("_", "-")
    for exact in (True, False):
        for name, value in record.items():
            stem = name.split("-", 1)[1] if "-" in name else name
            if (stem == wanted) if exact else (len(stem) >= 4 and wanted.endswith(stem)):
                if isinstance(value, str):
                    return value.rstrip()
                if column.type.upper() in TEXT_TYPES:  # MOVE of a PIC 9 field to a PIC X host variable: the digits
                    return str(value).zfill(column.length or 0)
                return float(value) if isinstance(value, Decimal) else value
    if column.name in literals:
        return literals[column.name]
    kind = column.type.upper()
    if kind in ("DATE", "TIMESTAMP", "TIME"):
        return {"DATE": DATE, "TIME": TIME}.get(kind, TIMESTAMP)
    return "" if kind in TEXT_TYPES else 0


def flat(values: Any, into: dict[str, Any]) -> dict[str, Any]:
    for name, value in (values.items() if isinstance(values, dict) else []):
        if isinstance(value, dict):
            flat(value, into)
        elif not isinstance(value, list):
            into[name] = value
    return into


def seed_rows(schema: Schema, tables: list[str], records: list[dict[str, Any]], literals: dict[str, str],
              every: bool = False) -> dict[str, list[dict[str, Any]]]:
    """Initial rows: for every other input record (every record with ``every``) a row in each table
    the program uses, matched by column names, so both the found and the not-found paths run. With
    ``every``, each table also gets a row no record names (its keys changed): the row a cursor over
    the rest of the table finds."""
    rows: dict[str, list[dict[str, Any]]] = {}
    for position, name in enumerate(tables):
        table = schema.table(name)
        if table is None:
            continue
        seen: set[tuple[Any, ...]] = set()
        candidates = [{c.name: seed_value(c, record, literals) for c in table.columns}
                      for index, record in enumerate(records) if every or not (index + position) % 2]
        if every and records:
            candidates.append(unmatched(table, {c.name: seed_value(c, records[0], literals) for c in table.columns}))
        for row in candidates:
            keys = {(number, *(row[k] for k in key)) for number, key in enumerate(table.keys)}
            if keys & seen:
                continue  # a second row with the same key would replace the first one
            seen |= keys
            rows.setdefault(table.name, []).append(row)
    return rows


def unmatched(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    """``row`` with every key changed: its text key columns filled with '#' (numeric ones -1 where
    a key has no text column), so no input record finds it."""
    types = {c.name: c for c in table.columns}
    for key in table.keys:
        text = [k for k in key if k in types and types[k].type.upper() in TEXT_TYPES]
        for name in text or [k for k in key if k in types]:
            column = types[name]
            row[name] = "#" * (column.length or 1) if name in text else -1
    return row


def statement_tables(statements: list[Statement], schema: Schema) -> list[str]:
    names: list[str] = []
    for statement in statements:
        if statement.kind not in ("SELECT", "INSERT", "UPDATE", "DELETE", "OPEN"):
            continue
        for name in sql_tables(statement.sql):
            if name.upper() not in names and schema.table(name):
                names.append(name.upper())
    return names


@functools.lru_cache(maxsize=20_000)
def sql_tables(sql: str) -> tuple[str, ...]:
    """The tables a statement names, in order (none where sqlglot cannot read it)."""
    import sqlglot
    from sqlglot import exp

    with contextlib.suppress(Exception):
        return tuple(node.name for node in sqlglot.parse_one(RE_CURRENT.sub("'x'", sql)).find_all(exp.Table))
    return ()


def add_tests(generator: Any, estate: dict[str, Any], generated: list[Any]) -> None:
    """The hook TestGenerator.generate calls: scenarios for every DB2 batch program of a step. The
    programs join estate.json's programs (their sources are then in every build's hash) and the
    world's schema and what it cannot emulate go to its ``sql_world`` key."""
    if not world_enabled():
        return
    programs = sql_programs(generator.modules)
    schema = Schema.from_modules(generator.modules)
    sources: dict[str, tuple[str, str]] = {}
    unsupported: dict[str, list[str]] = {}
    copy_dirs = sorted({p.rsplit("/", 1)[0] for p in generator.files if generator.files[p].kind == "copybook" and "/" in p})
    members = Members.of(generator.root, copy_dirs)
    jobs = [job for job in generator.step_programs() if job[2] in programs and programs[job[2]].path in generator.files]

    def program_scenarios(step_dir: str, step: Any, name: str) -> tuple[tuple[str, str], list[str] | None, Any]:
        """(where its source is, what the world cannot emulate or None, its tests)."""
        module = programs[name]
        source = generator.files[module.path]
        where = (source.disk_path or module.path, source.encoding)
        problems: list[str] = []
        try:
            precompiled = precompile(legacy.decode_source(generator.root / where[0], source.encoding), members.read)
        except (OSError, ValueError) as problem:
            problems, precompiled = [f"the source could not be precompiled: {problem}"], None
        tests = generator.program_tests(module, step)
        tests.directory = step_dir
        tests.inputs = [*tests.inputs, "TABLES"]
        tests.outputs = [*generator.outputs(module), "SYSOUT", "TABLES"]
        problems = problems or (emulation_problems(precompiled) if precompiled else [])
        if problems or precompiled is None:
            tests.cases = []
        else:
            scenarios(generator, module, tests, precompiled, schema)
        return where, problems if problems or precompiled is None else None, tests

    for (_, _, name), (where, problems, tests) in zip(jobs, generator.for_each(jobs, program_scenarios, PARALLEL_PROGRAMS), strict=True):
        sources[name] = where
        if problems is not None:
            unsupported[name] = problems
        generated.append(tests)
    if sources:
        estate["programs"] = {**estate["programs"], **sources}
        estate[SPEC] = {"schema": asdict(schema), "programs": sorted(sources), "unsupported": unsupported}


SQL_OUTCOME = ("SQLCODE", "SQLSTATE", "SQLERRD", "SQLWARN")


def sql_outcome(data: list[str], condition: str) -> bool:
    """A rule on what a statement returned: SQLCODE and friends, or an indicator variable."""
    return any(word in condition.upper() for word in SQL_OUTCOME) or any(name.endswith(("-IND", "-NULL")) for name in data)


def sql_reason(program: str, condition: str) -> str:
    return (f"the condition depends on what the SQL statements return, which the scenario's rows decide (cases rows-none and "
            f"rows-all run with no rows and with a row for every record): to pin {condition} down on its own, copy a case, edit "
            f"its TABLES.in (cases/{program}/<case>/TABLES.in) so that it holds, and rerun --capture")


def input_records(codecs: dict[str, tuple[str, RecordCodec]], inputs: dict[str, bytes]) -> list[dict[str, Any]]:
    """The records of a case's input files, decoded and flattened (field name -> value)."""
    found: list[dict[str, Any]] = []
    for ddname, (_, codec) in sorted(codecs.items()):
        data = inputs.get(ddname, b"")
        found += [flat(codec.decode(data[i : i + codec.length]), {}) for i in range(0, len(data), codec.length or 1)]
    return found


def scenarios(generator: Any, module: Module, tests: Any, precompiled: Precompiled, schema: Schema) -> None:
    """Give every case its initial rows, add the rows-none and rows-all scenarios, and say how to
    reach a rule on SQLCODE: through the rows, not through an input file."""
    from modernize.testgen.generate import Case

    codecs = generator.record_codecs(module)
    tables = statement_tables(precompiled.statements, schema)
    literals = compared_literals(precompiled.statements)
    for case in tests.cases:
        case.inputs["TABLES"] = render_rows(seed_rows(schema, tables, input_records(codecs, case.inputs), literals), schema)
    if tests.cases:
        base = tests.cases[0]
        files_only = {dd: data for dd, data in base.inputs.items() if dd != "TABLES"}
        every = render_rows(seed_rows(schema, tables, input_records(codecs, base.inputs), literals, every=True), schema)
        tests.cases[1:1] = [
            Case("rows-none", "the boundary records with every table empty: each statement finds no row",
                 {**files_only, "TABLES": render_rows({table: [] for table in tables}, schema)}),
            Case("rows-all", "the boundary records with a row for each of them in every table the program uses", {**files_only, "TABLES": every})]
    tests.skipped_rules = [(number, rule, sql_reason(module.name, rule.condition) if sql_outcome(rule.data, rule.condition) else reason)
                           for number, rule, reason in tests.skipped_rules]


def world_fixture(estate: dict[str, Any], program: str) -> str:
    """What a SQL program's test module adds: legacy runs go through the world; a program the world
    cannot emulate gets one documented skip naming each EXEC line. Nothing for other programs."""
    spec = estate.get(SPEC) or {}
    if program not in spec.get("programs", ()):
        return ""
    problems = spec.get("unsupported", {}).get(program, [])
    text = ['', '', '@pytest.fixture', 'def characterize(characterize, implementation, build_dir):',
            '    "The legacy program runs against the offline DB2 world (SQLite) with the scenario\'s rows."',
            '    if implementation != "legacy":', '        return characterize', '    from modernize.testgen import sqlworld', '',
            '    return sqlworld.characterize_with(build_dir)', '']
    if problems:
        reason = "the offline DB2 world cannot emulate: " + "; ".join(problems)
        text += ['', 'def test_offline_world_covers_every_statement():', '    "Every EXEC SQL statement of the program runs in the offline world."',
                 f'    pytest.skip({reason!r})', '']
    return "\n".join(text)


def characterize_with(build_dir: Path) -> Any:
    """The generated tests' check for legacy runs of a SQL program (the conftest's, with the world)."""
    return world_check(build_dir, runner, SPEC)


def world_check(build_dir: Path, find: Callable[[dict[str, Any], str], Any], spec: str) -> Any:
    """The check of a program that runs in a world (SQL, DL/I): build it as estate.json says, run a
    case's inputs, compare return code and outputs with the golden master (unstable bytes masked)."""
    import pytest

    def check(test_file: str, program: str, cases: str, case: str, inputs: list[str], outputs: list[str]) -> None:
        project = Path(test_file).parent.parent
        golden = Path(test_file).parent / "golden" / cases / case
        if not (golden / "returncode").exists():
            pytest.skip(f"no golden master for {program} case {case}: run `modernize tests --capture` where GnuCOBOL is installed")
        if legacy.cobc() is None:
            pytest.skip("GnuCOBOL (cobc) is needed to run the legacy program")
        try:
            sandbox = legacy.get_sandbox()
        except Exception as problem:  # noqa: BLE001 - SandboxUnavailable: said as the skip reason
            pytest.skip(str(problem))
        estate = json.loads((project / "estate.json").read_text(encoding="utf-8"))
        world = find(estate, program)
        assert world is not None, f"{program} is not in estate.json's {spec}"
        root = Path(os.environ.get("MODERNIZE_LEGACY_ROOT", estate["root"]))
        programs = {name: tuple(entry) for name, entry in estate["programs"].items()}
        directory = Path(test_file).parent / "cases" / cases / case
        given = {dd: (directory / f"{dd}.in").read_bytes() for dd in inputs if (directory / f"{dd}.in").exists()}
        build = world.build(root, program, programs, estate["copy_dirs"], build_dir, sandbox)
        code, produced, _ = world.run(build, given, outputs)
        assert code == int((golden / "returncode").read_text()), f"{program} {case}: return code differs from the legacy run"
        unstable = stability.read(golden)
        for dd in outputs:
            output, expected = stability.masked_pair(unstable, f"{dd}.out", produced.get(dd, b""), (golden / f"{dd}.out").read_bytes())
            assert output == expected, f"{program} {case}: {dd} differs from the legacy golden master"

    return check
