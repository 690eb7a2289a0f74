"""JCL: jobs, cataloged and in-stream PROCs, INCLUDE members, symbolic parameters, DDs, utilities.

A job becomes one Module whose symbols are its steps (PROC steps expanded, named JOBSTEP.PROCSTEP)
and whose references say what each step executes and which datasets it reads and writes, with
the DD name kept so the graph can join them with a program's ``SELECT ... ASSIGN TO ddname``.
Utilities whose real work sits in their input are looked into: IKJEFT01 (``DSN RUN PROGRAM``),
IDCAMS (DEFINE/DELETE/REPRO), SORT/ICETOOL and IEBGENER (input and output DDs).

Nothing is lost on bad input: an unresolved symbol stays visible in the dataset name (``&HLQ..X``),
a PROC that is not in the repository is reported and its step kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from modernize.catalog import is_build_program, is_system_program
from modernize.model import (
    Diagnostic,
    Mechanism,
    Module,
    ModuleKind,
    NodeKind,
    Reference,
    ReferenceKind,
    SourceFile,
    Symbol,
)
from modernize.parsers import ParseContext, ParseResult
from modernize.parsers._text import open_quote, operand_field, split_top
from modernize.signatures import ims_kind

MAX_PROC_DEPTH = 15
EXEC_KEYWORDS = frozenset(
    ["PGM", "PROC", "PARM", "PARMDD", "COND", "REGION", "TIME", "ACCT", "ADDRSPC", "DPRTY", "DYNAMNBR", "PERFORM", "RD", "CCSID", "MEMLIMIT", "TVSMSG"]
)
SYSTEM_SYMBOLS = frozenset(
    ["SYSUID", "SYSDATE", "SYSTIME", "SYSJOBNAME", "SYSJOBID", "SYSNAME", "SYSPLEX", "SYSCLONE", "SYSALVL", "LYYMMDD", "LHHMMSS", "YYMMDD", "HHMMSS", "JOBNAME", "SYSSTEPNAME", "LDAY", "LMON", "LYR4", "LYR2", "LJDAY", "LHR", "LMIN", "LSEC", "YR4", "YR2", "MON", "DAY", "HR", "MIN", "SEC", "JDAY", "SEQ", "SYSR1", "SYSR2", "SYSOSLVL"]
)
TSO_BATCH = frozenset(["IKJEFT01", "IKJEFT1A", "IKJEFT1B"])
IMS_REGION_CONTROLLERS = frozenset(["DFSRRC00", "DFSMPR", "DFSBMP"])
RE_NATURAL_NUCLEUS = re.compile(r"^NAT(?:BATCH|BAT\d*|\d+BA\w*)$")
NATURAL_COMMANDS = frozenset(["FIN", "LOGOFF", "SET", "GLOBALS", "STACK", "RETURN", "END", "STOP", "TEST"])
SORT_PROGRAMS = frozenset(["SORT", "DFSORT", "SYNCSORT", "ICEMAN", "ICETOOL"])
INPUT_DDS = re.compile(r"^(SORTIN\d*|SYSUT1|SORTJNF\d|IN\d*|INDD)$")
OUTPUT_DDS = re.compile(r"^(SORTOUT|SORTOF\w*|SYSUT2|SORTXSUM|OUT\d*|OUTDD)$")
RE_SYMBOL = re.compile(r"(?<!&)&([A-Z@#$][A-Z0-9@#$]{0,7})(\.?)", re.I)
RE_RUN_PROGRAM = re.compile(r"\bRUN\s+PROG(?:RAM)?\s*\(\s*([A-Z0-9@#$]+)\s*\)", re.I)
RE_PLAN = re.compile(r"\bPLAN\s*\(\s*([A-Z0-9@#$]+)\s*\)", re.I)
RE_RUN_PARM = re.compile(r"\bPARMS?\s*\(\s*('[^']*')\s*\)", re.I)  # DSN RUN ... PARM('text'): what the program's USING gets
# IDCAMS keywords that name a data set (a DD name for the FILE forms), and what the command does to it.
IDCAMS_DATASET_KEYWORDS = (("INFILE", ReferenceKind.READS), ("IFILE", ReferenceKind.READS), ("INDATASET", ReferenceKind.READS),
                           ("IDS", ReferenceKind.READS), ("OUTFILE", ReferenceKind.WRITES), ("OFILE", ReferenceKind.WRITES),
                           ("OUTDATASET", ReferenceKind.WRITES), ("ODS", ReferenceKind.WRITES))
RE_SYSTEM = re.compile(r"\bDSN\s+SYSTEM\s*\(\s*([A-Z0-9@#$]+)\s*\)", re.I)
# DD names under which a step finds programs, execs, copy members or panels: libraries, not data.
LIBRARY_DDS = frozenset(
    ["STEPLIB", "JOBLIB", "TASKLIB", "SYSLIB", "SYSLMOD", "SYSPROC", "SYSEXEC", "DFHRPL", "DBRMLIB", "ISPLLIB", "ISPPLIB",
     "ISPMLIB", "ISPSLIB", "ISPTLIB", "DFSRESLB", "IMS", "IMSACB", "ACBLIB", "PSBLIB", "DBDLIB", "PROCLIB", "IMSDALIB", "MFSLIB"]
)
# What is left of a symbol in a data set name once the job's SET, PROC defaults and EXEC overrides are
# applied (``&HLQ``, not the temporary ``&&NAME``), and a build-time placeholder (``@PREFIX@``).
RE_LEFT_SYMBOL = re.compile(r"(?<!&)&([A-Z@#$][A-Z0-9@#$]{0,7})|@([A-Z][A-Z0-9_#$]*)@", re.I)


@dataclass
class Statement:
    """One JCL statement with its continuations joined, and its in-stream data if any."""

    name: str
    op: str
    operands: str
    line: int
    path: str
    data: list[str] | None = None
    data_line: int | None = None  # the line the in-stream data starts on


@dataclass
class DD:
    ddname: str
    line: int
    path: str
    params: dict[str, str] = field(default_factory=dict)
    positional: list[str] = field(default_factory=list)
    data: list[str] | None = None
    concatenation: int = 0
    data_line: int | None = None
    file: str | None = None  # a rehosted job's file name as written (UniKix ASSGNDD filename=)
    symbols: list[str] = field(default_factory=list)  # shell variables left in a rehosted job's file name


@dataclass
class Step:
    name: str
    line: int
    path: str
    program: str | None = None
    proc: str | None = None
    params: dict[str, str] = field(default_factory=dict)
    conditions: list[str] = field(default_factory=list)
    dds: list[DD] = field(default_factory=list)


# reading statements ------------------------------------------------------------------------


def read_statements(text: str, path: str, diagnostics: list[Diagnostic]) -> list[Statement]:
    """Statements of a JCL member; continuation lines joined, in-stream data collected."""
    lines = text.split("\n")
    statements: list[Statement] = []
    i = 0
    n = len(lines)
    while i < n:
        raw = lines[i].rstrip()
        number = i + 1
        i += 1
        if len(raw) > 72:
            raw = raw[:72]
        if not raw.strip() or raw.startswith("//*") or raw.startswith("/*"):
            continue
        if not raw.startswith("//"):
            if statements and statements[-1].data is not None:
                statements[-1].data.append(raw)
            else:
                diagnostics.append(Diagnostic("warning", "jcl-stray-line", f"line is not a JCL statement: {raw.strip()[:40]}", path, number))
            continue
        body = raw[2:71] if len(raw) > 71 else raw[2:]
        if not body.strip():
            continue  # null statement: end of job
        if body[0] != " ":
            name, _, rest = body.partition(" ")
        else:
            name, rest = "", body
        rest = rest.lstrip()
        op, _, operand_text = rest.partition(" ")
        operand_text = operand_text.lstrip()
        if op.upper() == "IF":
            # IF (STEP1.RC <= 4 & STEP2.RUN) THEN: the condition has blanks; THEN ends it.
            while not re.search(r"\bTHEN\b", operand_text, re.I) and i < n and lines[i].startswith("// ") and not lines[i].startswith("//*"):
                operand_text += " " + lines[i][2:71].strip()
                i += 1
            condition = re.split(r"\bTHEN\b", operand_text, maxsplit=1, flags=re.I)[0].strip()
            statements.append(Statement(name.upper(), "IF", condition, number, path))
            continue
        operands, _ = operand_field(operand_text)
        # Continuation: operands end with a comma (or a quoted string runs to column 71).
        while (operands.endswith(",") or open_quote(operands, "'")) and i < n:
            nxt = lines[i].rstrip()
            if nxt.startswith("//*"):
                i += 1
                continue
            if not nxt.startswith("//") or nxt[2:3] not in (" ",):
                break
            i += 1
            nxt_body = nxt[2:71] if len(nxt) > 71 else nxt[2:]
            if open_quote(operands, "'"):
                operands += nxt_body[13:] if len(nxt_body) > 13 else nxt_body.lstrip()
                operands, _ = operand_field(operands)
            else:
                operands += operand_field(nxt_body.lstrip())[0]
        if open_quote(operands, "'"):
            diagnostics.append(Diagnostic("warning", "jcl-unbalanced-quote", "a quoted string is not closed", path, number))
        elif operands.endswith(","):
            diagnostics.append(Diagnostic("warning", "jcl-continuation", "statement ends with a comma but is not continued", path, number))
            operands = operands.rstrip(",")
        statement = Statement(name.upper(), op.upper(), operands, number, path)
        if op.upper() == "DD" and starts_instream(operands):
            statement.data = []
            statement.data_line = i + 1
            delimiter = instream_delimiter(operands)
            data_mode = operands.split(",")[0].strip().upper()
            while i < n:
                line = lines[i].rstrip("\r")
                if line.startswith(delimiter):
                    i += 1
                    break
                if data_mode == "*" and line.startswith("//") and delimiter == "/*":
                    break
                statement.data.append(line[:80])
                i += 1
        statements.append(statement)
    return statements


def starts_instream(operands: str) -> bool:
    first = split_operands(operands)[:1]
    return bool(first) and first[0][0] is None and first[0][1].upper() in ("*", "DATA")


def instream_delimiter(operands: str) -> str:
    for key, value in split_operands(operands):
        if key == "DLM":
            return value.strip("'")
    return "/*"


def split_operands(text: str) -> list[tuple[str | None, str]]:
    """``A=1,B=(X,Y),C`` -> [("A", "1"), ("B", "(X,Y)"), (None, "C")], respecting quotes and parentheses."""
    result: list[tuple[str | None, str]] = []
    for part in split_top(text):
        part = part.strip()
        if not part:
            continue
        match = re.match(r"^([A-Z@#$][A-Z0-9@#$]*(?:\.[A-Z@#$][A-Z0-9@#$]*)?)=(.*)$", part, re.I | re.S)
        if match:
            result.append((match.group(1).upper(), match.group(2)))
        else:
            result.append((None, part))
    return result


def sublist(value: str) -> list[str]:
    """``(NEW,CATLG,DELETE)`` -> ["NEW", "CATLG", "DELETE"]; a plain value is a one-item list."""
    value = value.strip()
    if value.startswith("(") and value.endswith(")"):
        return [v for _, v in split_operands(value[1:-1])] if value[1:-1].strip() else []
    return [value]


def unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == "'" and value[-1] == "'":
        return value[1:-1].replace("''", "'")
    return value


# symbols -----------------------------------------------------------------------------------


def substitute(text: str, symbols: dict[str, str], unresolved: set[str]) -> str:
    """Replace ``&NAME`` / ``&NAME.`` by its value; ``&HLQ..DATA`` keeps one period. ``&&TEMP`` stays."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1).upper()
        if name in symbols:
            return symbols[name]
        if name not in SYSTEM_SYMBOLS:
            unresolved.add(name)
        return match.group(0)

    if "&" not in text:
        return text
    return RE_SYMBOL.sub(replace, text)


# the interpreter ---------------------------------------------------------------------------


class JclInterpreter:
    """Walks a job's statements: SET, JCLLIB, INCLUDE, in-stream PROCs, EXEC (PROC expansion), DD."""

    def __init__(self, source: SourceFile, context: ParseContext, diagnostics: list[Diagnostic]):
        self.source = source
        self.context = context
        self.diagnostics = diagnostics
        self.dependencies: dict[str, str | None] = {}
        self.inline_procs: dict[str, list[Statement]] = {}
        self.steps: list[Step] = []
        self.includes: list[tuple[str, int, str, bool]] = []
        self.procs_used: list[tuple[str, int, str, bool, str]] = []
        self.jcllib: list[str] = []
        self.unresolved: dict[str, int] = {}
        self.standalone_proc = False

    def warn(self, code: str, message: str, path: str, line: int, severity: str = "warning") -> None:
        self.diagnostics.append(Diagnostic(severity, code, message, path, line))

    def member(self, name: str, line: int, path: str, kind: str) -> list[Statement] | None:
        """Statements of a cataloged PROC or INCLUDE member found in the repository: in the job's
        JCLLIB libraries first, as z/OS looks for them."""
        found = self.context.lookup("proc", name, self.jcllib)
        self.dependencies[self.context.dependency_key("proc", name, self.jcllib)] = found.sha256 if found else None
        if found is None:
            return None
        try:
            text = self.context.read(found)
        except OSError as exc:
            self.warn("jcl-member-unreadable", f"{kind} {name}: {exc}", path, line)
            return None
        return read_statements(text, found.path, self.diagnostics)

    def expand_includes(self, statements: list[Statement], depth: int = 0) -> list[Statement]:
        out: list[Statement] = []
        for statement in statements:
            if statement.op != "INCLUDE":
                out.append(statement)
                continue
            member = next((unquote(v) for k, v in split_operands(statement.operands) if k == "MEMBER"), "")
            if not member:
                self.warn("jcl-syntax", "INCLUDE without MEMBER=", statement.path, statement.line)
                continue
            body = self.member(member, statement.line, statement.path, "INCLUDE member") if depth < MAX_PROC_DEPTH else None
            self.includes.append((member.upper(), statement.line, statement.path, body is not None))
            if body is None:
                self.warn("jcl-include-missing", f"INCLUDE member {member.upper()} not found in the repository", statement.path, statement.line)
                continue
            out.extend(self.expand_includes(body, depth + 1))
        return out

    def run_job(self, statements: list[Statement]) -> None:
        self.jcllib = jcllib_order(statements)
        self.walk(self.expand_includes(statements), {}, [], None, 0, {}, {})

    def walk(
        self,
        statements: list[Statement],
        symbols: dict[str, str],
        conditions: list[str],
        parent: str | None,
        depth: int,
        step_overrides: dict[str, dict[str, str]],
        dd_overrides: dict[str, list[Statement]],
    ) -> None:
        """Run a job's (or a PROC's) statements in order: SET, IF/ELSE/ENDIF, in-stream PROCs, EXEC."""
        conditions = list(conditions)
        i = 0
        while i < len(statements):
            st = statements[i]
            i += 1
            if st.op == "SET":
                for key, value in split_operands(st.operands):
                    if key:
                        symbols[key] = unquote(substitute(value, symbols, set()))
            elif st.op == "PROC" and parent is None:
                body: list[Statement] = []
                while i < len(statements) and statements[i].op != "PEND":
                    body.append(statements[i])
                    i += 1
                i += 1
                self.inline_procs[st.name] = [st, *body]
            elif st.op == "IF":
                conditions.append(substitute(st.operands, symbols, set()))
            elif st.op == "ELSE":
                if conditions:
                    conditions[-1] = f"NOT ({conditions[-1]})"
            elif st.op == "ENDIF":
                if conditions:
                    conditions.pop()
            elif st.op == "EXEC":
                dds: list[Statement] = []
                while i < len(statements) and statements[i].op == "DD":
                    dds.append(statements[i])
                    i += 1
                extra = step_overrides.get(st.name, {})
                if extra:
                    st = Statement(st.name, st.op, st.operands + "," + ",".join(f"{k}={v}" for k, v in extra.items()), st.line, st.path)
                if parent is not None:
                    dds = merge_dd_overrides(dds, dd_overrides.get(st.name, []))
                self.exec_step(st, dds, symbols, list(conditions), parent, depth)
            elif st.op in ("DD", "PROC", "JOB", "JCLLIB", "OUTPUT", "COMMAND", "CNTL", "ENDCNTL", "XMIT", "EXPORT", "SCHEDULE", "NOTIFY", "PEND", "JOBGROUP"):
                # DDs before the first step are JOBLIB/JOBCAT; JCLLIB is read before the walk
                # (jcllib_order); the rest carries no dependency.
                continue
            else:
                self.warn("jcl-unknown-statement", f"unknown JCL statement {st.op}", st.path, st.line, "info")

    def exec_step(
        self,
        st: Statement,
        dd_statements: list[Statement],
        symbols: dict[str, str],
        conditions: list[str],
        parent: str | None,
        depth: int,
    ) -> None:
        unresolved: set[str] = set()
        operands = split_operands(substitute(st.operands, symbols, unresolved))
        self.note_unresolved(unresolved, st)
        params = {k: unquote(v) for k, v in operands if k}
        positional = [unquote(v) for k, v in operands if k is None]
        name = f"{parent}.{st.name}" if parent else (st.name or f"STEP{len(self.steps) + 1}")
        program = params.get("PGM")
        proc = params.get("PROC") or (positional[0] if positional and not program else None)
        if program:
            step = Step(name, st.line, st.path, program=program.upper(), conditions=conditions)
            step.params = {k: v for k, v in params.items() if k != "PGM"}
            for dd_statement in dd_statements:
                self.add_dd(step, dd_statement, symbols)
            self.steps.append(step)
            return
        if not proc:
            self.warn("jcl-syntax", "EXEC without PGM= or a procedure name", st.path, st.line)
            return
        proc = proc.upper()
        body = self.inline_procs.get(proc)
        resolved = body is not None
        if body is None and depth < MAX_PROC_DEPTH:
            body = self.member(proc, st.line, st.path, "PROC")
            resolved = body is not None
        self.procs_used.append((proc, st.line, st.path, resolved, name))
        if body is None:
            self.warn("jcl-proc-missing", f"PROC {proc} not found in the repository; its steps are unknown", st.path, st.line)
            step = Step(name, st.line, st.path, proc=proc, conditions=conditions, params=params)
            for dd_statement in dd_statements:
                self.add_dd(step, dd_statement, symbols)
            self.steps.append(step)
            return
        self.expand_proc(proc, body, st, name, params, dd_statements, symbols, conditions, depth)

    def expand_proc(
        self,
        proc: str,
        body: list[Statement],
        st: Statement,
        step_name: str,
        params: dict[str, str],
        dd_statements: list[Statement],
        job_symbols: dict[str, str],
        conditions: list[str],
        depth: int,
    ) -> None:
        """Run a PROC's steps with its symbols: EXEC overrides, then PROC defaults, then SET values."""
        body = self.expand_includes(body, depth + 1)
        symbols = dict(job_symbols)
        header = body[0] if body and body[0].op == "PROC" else None
        if header is not None:
            for key, value in split_operands(header.operands):
                if key:
                    symbols[key] = unquote(value)
        overrides_by_step: dict[str, dict[str, str]] = {}
        for key, value in params.items():
            if "." in key:
                keyword, _, target = key.partition(".")
                overrides_by_step.setdefault(target, {})[keyword] = value
            elif key not in EXEC_KEYWORDS:
                symbols[key] = value
        dd_overrides: dict[str, list[Statement]] = {}
        for dd in dd_statements:
            target, _, _ = dd.name.partition(".")
            dd_overrides.setdefault(target if "." in dd.name else "", []).append(dd)
        statements = body[1:] if header is not None else body
        self.walk(statements, symbols, conditions, step_name, depth + 1, overrides_by_step, dd_overrides)

    def add_dd(self, step: Step, st: Statement, symbols: dict[str, str]) -> None:
        unresolved: set[str] = set()
        operands = split_operands(substitute(st.operands, symbols, unresolved))
        self.note_unresolved(unresolved, st)
        ddname = st.name.rpartition(".")[2] if st.name else ""
        data = st.data
        if data is not None and any(k == "SYMBOLS" for k, _ in operands):
            # DD * SYMBOLS=JCLONLY/EXECSYS: the data gets the same substitution as the JCL.
            data = [substitute(line, symbols, set()) for line in data]
        dd = DD(ddname, st.line, st.path, {k: v for k, v in operands if k}, [v for k, v in operands if k is None], data, data_line=st.data_line)
        if not ddname and step.dds:
            previous = step.dds[-1]
            dd.ddname = previous.ddname
            dd.concatenation = previous.concatenation + 1
        step.dds.append(dd)

    def note_unresolved(self, names: set[str], st: Statement) -> None:
        for name in sorted(names):
            if name not in self.unresolved:
                self.unresolved[name] = st.line
                if self.standalone_proc:
                    # A PROC on its own: the job that runs it sets the symbols without defaults.
                    self.warn("jcl-symbol-from-caller", f"symbolic parameter &{name} has no default; the calling job sets it", st.path, st.line, "info")
                else:
                    self.warn("jcl-symbol-unset", f"symbolic parameter &{name} is never set; left as written", st.path, st.line)


def jcllib_order(statements: list[Statement]) -> list[str]:
    """The libraries a job's ``JCLLIB ORDER=`` names, upper-cased: its PROCs and INCLUDE members are
    looked for there first. Symbols SET before the JCLLIB statement are substituted."""
    symbols: dict[str, str] = {}
    for st in statements:
        if st.op == "SET":
            for key, value in split_operands(st.operands):
                if key:
                    symbols[key] = unquote(substitute(value, symbols, set()))
        elif st.op == "JCLLIB":
            for key, value in split_operands(substitute(st.operands, symbols, set())):
                if key == "ORDER":
                    return [library.upper() for library in (unquote(v) for v in sublist(value)) if library]
    return []


def merge_dd_overrides(dds: list[Statement], overrides: list[Statement]) -> list[Statement]:
    """``//PROCSTEP.DDNAME DD ...`` replaces parameters of that DD in the PROC step, or adds the DD."""
    result = list(dds)
    for override in overrides:
        ddname = override.name.partition(".")[2]
        index = next((j for j, d in enumerate(result) if d.name == ddname), None)
        if index is None:
            result.append(Statement(ddname, "DD", override.operands, override.line, override.path, override.data, override.data_line))
            continue
        original = result[index]
        merged = dict((k, v) for k, v in split_operands(original.operands) if k)
        positional = [v for k, v in split_operands(original.operands) if k is None]
        new_positional = [v for k, v in split_operands(override.operands) if k is None]
        for key, value in split_operands(override.operands):
            if key:
                merged[key] = value
        if new_positional or override.data is not None:
            # DD * or DUMMY in the override replaces the dataset.
            merged.pop("DSN", None)
            merged.pop("DSNAME", None)
            merged.pop("DISP", None)
            positional = new_positional
        text = ",".join(positional + [f"{k}={v}" for k, v in merged.items()])
        data, data_line = (override.data, override.data_line) if override.data is not None else (original.data, original.data_line)
        result[index] = Statement(ddname, "DD", text, override.line, override.path, data, data_line)
    return result


# facts -------------------------------------------------------------------------------------


def dataset_of(dd: DD) -> tuple[str | None, dict[str, Any]]:
    """The dataset a DD names (GDG generation normalised to the base) and what is known about it."""
    info: dict[str, Any] = {}
    dsn = dd.params.get("DSN") or dd.params.get("DSNAME")
    if dsn is None:
        return None, info
    dsn = unquote(dsn).upper()
    member = re.match(r"^(.*)\(([^()]*)\)$", dsn)
    if member:
        inner = member.group(2)
        dsn = member.group(1)
        if re.fullmatch(r"[+-]?\d+", inner):
            info["generation"] = inner
        else:
            info["member"] = inner
    if dsn.startswith("&&"):
        info["temporary"] = True
    return dsn, info


def directions(dd: DD, program: str | None) -> list[ReferenceKind]:
    """reads/writes from DISP (NEW/MOD write, SHR reads, OLD both), utilities by DD name."""
    if program in SORT_PROGRAMS or program in ("IEBGENER", "ICEGENER", "IEBCOPY"):
        if INPUT_DDS.match(dd.ddname):
            return [ReferenceKind.READS]
        if OUTPUT_DDS.match(dd.ddname):
            return [ReferenceKind.WRITES]
    disp = sublist(dd.params.get("DISP", "NEW"))
    status = (disp[0] if disp and disp[0] else "NEW").upper()
    if status == "SHR":
        return [ReferenceKind.READS]
    if status == "OLD":
        return [ReferenceKind.READS, ReferenceKind.WRITES]
    return [ReferenceKind.WRITES]


def symbols_left(dsn: str) -> list[str]:
    """The symbols a data set name still holds (``&HLQ..DATA``: HLQ; ``@PREFIX@.X``: PREFIX), upper-cased."""
    if "&" not in dsn and "@" not in dsn:
        return []
    return sorted({(match.group(1) or match.group(2)).upper() for match in RE_LEFT_SYMBOL.finditer(dsn)})


def is_library(dd: DD, program: str | None) -> bool:
    """A library DD (STEPLIB, SYSLIB…), or any DD of a step that compiles or binds programs."""
    return dd.ddname in LIBRARY_DDS or (program is not None and is_build_program(program))


def step_facts(job: str, step: Step, path_of_job: str) -> tuple[Symbol, list[Reference]]:
    references: list[Reference] = []
    dd_facts = []
    base = {"step": step.name}
    if step.program:
        references.append(Reference(ReferenceKind.EXECUTES, step.program, NodeKind.PROGRAM, Mechanism.JCL, step.line, step.path, False,
                                    {**base, "system": is_system_program(step.program)}))
    for dd in step.dds:
        dsn, info = dataset_of(dd)
        fact: dict[str, Any] = {"ddname": dd.ddname, "line": dd.line}
        if dd.path != path_of_job:
            fact["path"] = dd.path
        if dd.concatenation:
            fact["concatenation"] = dd.concatenation
        if "SYSOUT" in dd.params:
            fact["sysout"] = unquote(dd.params["SYSOUT"]) or "*"
        if any(p.upper() == "DUMMY" for p in dd.positional) or (dsn or "") == "NULLFILE":
            fact["dummy"] = True
        if dd.data is not None:
            fact["instream"] = len(dd.data)
        if "DISP" in dd.params:
            fact["disp"] = dd.params["DISP"].strip("()")
        if dd.file is not None:
            fact["file"] = dd.file
        if dsn and not fact.get("dummy"):
            fact["dsn"] = dsn
            fact.update(info)
            symbols = sorted(set(symbols_left(dsn)) | {name.upper() for name in dd.symbols})
            if symbols:
                info = {**info, "symbols": symbols}
                fact["symbols"] = symbols
            if is_library(dd, step.program):
                info = {**info, "library": True}
                fact["library"] = True
            for direction in directions(dd, step.program):
                attributes = {**base, "ddname": dd.ddname, **info}
                if step.program:
                    attributes["program"] = step.program
                if "disp" in fact:
                    attributes["disp"] = fact["disp"]
                if info.get("temporary"):
                    attributes["job"] = job
                references.append(Reference(direction, dsn, NodeKind.DATASET, Mechanism.DD, dd.line, dd.path, False, attributes))
        dd_facts.append(fact)
    references.extend(utility_references(step))
    attributes: dict[str, Any] = {"dds": dd_facts}
    if step.program:
        attributes["program"] = step.program
    if step.proc:
        attributes["proc"] = step.proc
    for key in ("PARM", "COND", "REGION", "TIME"):
        if key in step.params:
            attributes[key.lower()] = step.params[key]
    if step.conditions:
        attributes["if"] = step.conditions
    return Symbol(step.name, "step", step.line, None, step.path, attributes), references


def instream_text(step: Step, ddname: str) -> list[str] | None:
    for dd in step.dds:
        if dd.ddname == ddname and dd.data is not None:
            return dd.data
    return None


def utility_references(step: Step) -> list[Reference]:
    """What utilities run or touch according to their in-stream input."""
    references: list[Reference] = []
    base = {"step": step.name}
    if step.program in TSO_BATCH:
        text = " ".join(line.rstrip("-+ ").strip() for line in instream_text(step, "SYSTSIN") or [])
        for match in RE_RUN_PROGRAM.finditer(text):
            attributes = dict(base)
            plan = RE_PLAN.search(text[match.start() : match.end() + 200])
            if plan:
                attributes["plan"] = plan.group(1).upper()
            parm = RE_RUN_PARM.search(text[match.end() : match.end() + 300].split(" RUN ")[0])
            if parm:
                attributes["parm"] = parm.group(1)
            system = RE_SYSTEM.search(text[: match.start()])
            if system:
                attributes["db2"] = system.group(1).upper()
            program = match.group(1).upper()
            attributes["system"] = is_system_program(program)
            references.append(Reference(ReferenceKind.EXECUTES, program, NodeKind.PROGRAM, Mechanism.IKJEFT01, step.line, step.path, False, attributes))
    if step.program and RE_NATURAL_NUCLEUS.match(step.program):
        # Natural batch: CMSYNIN holds LOGON library, then the programs to run, then FIN.
        library = None
        for line in instream_text(step, "CMSYNIN") or instream_text(step, "SYSIN") or []:
            words = line.replace(",", " ").split()
            if not words or words[0].startswith(("*", "%", "/")):
                continue
            word = words[0].upper()
            if word == "LOGON":
                library = words[1].upper() if len(words) > 1 else None
                continue
            if word == "EXECUTE" and len(words) > 1:
                word = words[1].upper()
            elif word in NATURAL_COMMANDS:
                continue
            if re.fullmatch(r"[A-Z#][A-Z0-9#@$_-]{0,7}", word):
                attributes = {**base, "library": library} if library else dict(base)
                references.append(Reference(ReferenceKind.EXECUTES, word, NodeKind.PROGRAM, Mechanism.NATURAL, step.line, step.path, False, attributes))
    if step.program in IMS_REGION_CONTROLLERS and "PARM" in step.params:
        # PARM='DLI,PROGRAM,PSB,...' (also BMP/DBB): the second subparameter is the program IMS runs.
        parts = [p.strip().strip("'") for p in step.params["PARM"].strip("()").split(",")]
        if len(parts) >= 2 and parts[0].upper() in ("DLI", "BMP", "DBB", "IFP", "MPP", "ULU", "UDR") and parts[1]:
            attributes = {**base, "region": parts[0].upper()}
            if len(parts) >= 3 and parts[2]:
                attributes["psb"] = parts[2].upper()
            references.append(Reference(ReferenceKind.EXECUTES, parts[1].upper(), NodeKind.PROGRAM, Mechanism.IMS, step.line, step.path, False, attributes))
    if step.program == "IDCAMS":
        text = " ".join(line.strip().rstrip("-+").strip() for line in instream_text(step, "SYSIN") or [])
        dd_dsn = {dd.ddname: dataset_of(dd)[0] for dd in step.dds}
        for command in re.split(r"(?=\b(?:DEFINE|DELETE|REPRO|PRINT|ALTER|LISTCAT|VERIFY|EXPORT|IMPORT)\b)", text, flags=re.I):
            words = command.strip().upper()
            if not words:
                continue
            verb = words.split()[0]
            if verb in ("DEFINE", "DELETE"):
                names = re.findall(r"\bNAME\s*\(\s*([A-Z0-9@#$.&-]+)\s*\)", words) if verb == "DEFINE" else words.split()[1:2]
                for name in names[:1]:
                    references.append(Reference(ReferenceKind.WRITES, name.strip("'"), NodeKind.DATASET, Mechanism.IDCAMS, step.line, step.path, False,
                                                {**base, "command": verb}))
            elif verb in ("REPRO", "PRINT", "EXPORT", "IMPORT"):
                for keyword, direction in IDCAMS_DATASET_KEYWORDS:
                    for value in re.findall(rf"\b{keyword}\s*\(\s*([A-Z0-9@#$.&-]+)", words):
                        target = dd_dsn.get(value) if keyword.endswith("FILE") else value
                        if target:
                            references.append(Reference(direction, target, NodeKind.DATASET, Mechanism.IDCAMS, step.line, step.path, False, {**base, "command": verb}))
    return references


def resolve_referbacks(steps: list[Step]) -> None:
    """``DSN=*.STEP1.DDNAME`` (or ``*.STEP.PROCSTEP.DD``) names the dataset of an earlier DD."""
    seen: list[tuple[str, str, str]] = []
    for step in steps:
        for dd in step.dds:
            dsn = unquote(dd.params.get("DSN") or dd.params.get("DSNAME") or "")
            if dsn.startswith("*."):
                wanted_step, _, wanted_dd = dsn[2:].upper().rpartition(".")
                for step_name, ddname, earlier in reversed(seen):
                    if ddname == wanted_dd and (step_name == wanted_step or step_name.endswith("." + wanted_step)):
                        dd.params["DSN"] = earlier
                        break
            elif dsn:
                seen.append((step.name, dd.ddname, dsn))


def module_for(kind: ModuleKind, name: str, source: SourceFile, line: int, interpreter: JclInterpreter, attributes: dict[str, Any], lines: int) -> Module:
    module = Module(name=name, kind=kind, language="jcl", path=source.path, line=line, end_line=lines, attributes=attributes)
    resolve_referbacks(interpreter.steps)
    for step in interpreter.steps:
        symbol, references = step_facts(name, step, source.path)
        module.symbols.append(symbol)
        module.references.extend(references)
    for proc, line_no, path, resolved, step_name in interpreter.procs_used:
        module.references.append(Reference(ReferenceKind.EXECUTES, proc, NodeKind.PROC, Mechanism.JCL, line_no, path, resolved, {"step": step_name}))
    seen_steps: dict[str, int] = {}
    for symbol in module.symbols:
        if symbol.kind == "step" and symbol.name in seen_steps:
            interpreter.warn("jcl-duplicate-step", f"step name {symbol.name} is used twice in {name} (also at line {seen_steps[symbol.name]})", symbol.path or source.path, symbol.line or 0)
        seen_steps.setdefault(symbol.name, symbol.line or 0)
    for member, line_no, path, resolved in interpreter.includes:
        module.references.append(Reference(ReferenceKind.INCLUDES, member, NodeKind.JCLINCLUDE, Mechanism.INCLUDE, line_no, path, resolved))
    module.references.sort(key=Reference.sort_key)
    return module


def job_attributes(statement: Statement) -> dict[str, Any]:
    operands = split_operands(statement.operands)
    positional = [unquote(v) for k, v in operands if k is None]
    keywords = {k: unquote(v) for k, v in operands if k}
    attributes: dict[str, Any] = {}
    if positional:
        attributes["accounting"] = positional[0]
    if len(positional) > 1:
        attributes["programmer"] = positional[1]
    for key in ("CLASS", "MSGCLASS", "MSGLEVEL", "NOTIFY", "USER", "REGION", "TYPRUN", "RESTART", "SCHENV", "PRTY", "TIME"):
        if key in keywords:
            attributes[key.lower()] = keywords[key]
    if "USER" in keywords:
        attributes["owner"] = keywords["USER"]
    if "PASSWORD" in keywords:
        attributes["password_in_jcl"] = True
    return attributes


def parse(source: SourceFile, text: str, context: ParseContext) -> ParseResult:
    """Facts for a job, a cataloged PROC, or an INCLUDE member."""
    diagnostics: list[Diagnostic] = []
    statements = read_statements(text, source.path, diagnostics)
    interpreter = JclInterpreter(source, context, diagnostics)
    lines = text.count("\n") + 1
    stem = source.member
    modules: list[Module] = []
    job = next((s for s in statements if s.op == "JOB"), None)
    if job is not None:
        interpreter.run_job(statements)
        modules.append(module_for(ModuleKind.JCL, job.name or stem, source, job.line, interpreter, job_attributes(job), lines))
        extra_jobs = [s for s in statements if s.op == "JOB" and s is not job]
        for other in extra_jobs:
            diagnostics.append(Diagnostic("info", "jcl-several-jobs", f"job {other.name} in the same member is analysed with {job.name}", source.path, other.line))
    elif statements and statements[0].op == "PROC":
        header = statements[0]
        name = header.name or stem
        params = {k: unquote(v) for k, v in split_operands(header.operands) if k}
        interpreter.standalone_proc = True
        interpreter.expand_proc(name, statements, header, "", {}, [], {}, [], 0)
        for step in interpreter.steps:
            step.name = step.name.lstrip(".")
        attributes = {"defaults": params}
        modules.append(module_for(ModuleKind.PROC, name, source, header.line, interpreter, attributes, lines))
    elif statements:
        module = Module(name=stem, kind=ModuleKind.JCLINCLUDE, language="jcl", path=source.path, line=statements[0].line, end_line=lines)
        for st in statements:
            if st.op == "DD":
                operands = {k: unquote(v) for k, v in split_operands(st.operands) if k}
                module.symbols.append(Symbol(st.name, "dd", st.line, None, source.path, {k.lower(): v for k, v in operands.items()}))
        modules.append(module)
    else:
        diagnostics.append(Diagnostic("warning", "jcl-empty", "no JCL statements found", source.path, None))
    for module in modules:
        module.metrics = {
            "lines": lines,
            "steps": sum(1 for s in module.symbols if s.kind == "step"),
            "statements": len(statements),
            "comment_lines": sum(1 for ln in text.split("\n") if ln.startswith("//*")),
            "code_lines": sum(1 for ln in text.split("\n") if ln.strip() and not ln.startswith("//*")),
        }
    modules.extend(csd_in_steps(source, interpreter.steps, context, diagnostics))
    tables, defines = embedded_in_steps(source, interpreter.steps, diagnostics)
    if modules and modules[0].kind in (ModuleKind.JCL, ModuleKind.PROC) and defines:
        modules[0].references = sorted(modules[0].references + defines, key=Reference.sort_key)
    modules.extend(tables)
    if modules:
        modules[0].diagnostics = diagnostics
        diagnostics = []
    return ParseResult(modules=modules, diagnostics=diagnostics, dependencies=interpreter.dependencies)


def csd_in_steps(source: SourceFile, steps: list[Step], context: ParseContext, diagnostics: list[Diagnostic]) -> list[Module]:
    """DFHCSDUP steps carry CSD definitions in SYSIN: their transactions and files are facts too."""
    from modernize.parsers import csd

    modules: list[Module] = []
    for step in steps:
        if step.program != "DFHCSDUP":
            continue
        for dd in step.dds:
            if dd.ddname != "SYSIN" or dd.data is None:
                continue
            result = csd.parse(source, "\n".join(dd.data), context)
            offset = dd.line  # data starts on the line after the DD statement
            for module in result.modules:
                shift_lines(module, offset)
                if module.kind == ModuleKind.CSD:
                    module.name = f"{module.name}.{step.name}"
                diagnostics.extend(module.diagnostics)
                module.diagnostics = []
                modules.append(module)
            for diagnostic in result.diagnostics:
                diagnostic.line = diagnostic.line + offset if diagnostic.line else diagnostic.line
                diagnostics.append(diagnostic)
    return modules


def embedded_in_steps(source: SourceFile, steps: list[Step], diagnostics: list[Diagnostic]) -> tuple[list[Module], list[Reference]]:
    """Definitions in a step's in-stream data: DB2 DDL (DSNTEP2, DSNTEP4 or DSNTIAD input under IKJEFT01,
    SPUFI-style SYSIN; DSNTEP2 reads columns 1-72) and IMS DBD or PSB macros (the assembler's SYSIN
    of a DBDGEN or PSBGEN job). Their tables, views, indexes, tablespaces, databases, segments and
    PSBs are modules of the member the data is written in, at their lines there, and the step
    ``defines`` each of them."""
    from modernize.parsers import ddl, ims

    modules: list[Module] = []
    references: list[Reference] = []
    for step in steps:
        for dd in step.dds:
            if dd.data is None:
                continue
            text = "\n".join(line[:72] for line in dd.data)
            offset = (dd.data_line or dd.line + 1) - 1
            if ddl.looks_like(text):
                found, notes = ddl.parse_text(dd.path, text)
                for module in found:
                    shift_lines(module, offset)
                defined, via = found, Mechanism.SQL
            elif kind := ims_kind(text):
                member = SourceFile(dd.path, "ims", kind, source.encoding, source.source_format, "", len(dd.data), len(text))
                try:
                    found, notes = ims.parse_text(member, "\n".join(line[:80] for line in dd.data), offset)
                except Exception as problem:  # noqa: BLE001 - the in-stream definitions are lost, not the job
                    diagnostics.append(Diagnostic("error", "ims-internal", f"{dd.ddname} of step {step.name} not analysed: internal error "
                                                  f"{type(problem).__name__}: {problem}", dd.path, dd.line))
                    continue
                defined = [m for m in found if m.kind in (ModuleKind.DBD, ModuleKind.PSB)]
                via = Mechanism.DBD if any(m.kind == ModuleKind.DBD for m in defined) else Mechanism.PSB
            else:
                continue
            for module in defined:
                attributes: dict[str, Any] = {"step": step.name, "ddname": dd.ddname}
                if module.attributes.get("schema"):
                    attributes["schema"] = module.attributes["schema"]
                references.append(Reference(ReferenceKind.DEFINES, module.name, module.node_kind, via, module.line, dd.path, False, attributes))
            if dd.path != source.path:
                continue  # written in a PROC or INCLUDE member: its own parse makes the modules
            for note in notes:
                note.line = note.line + offset if note.line else note.line
                diagnostics.append(note)
            modules.extend(found)
    return modules, references


def shift_lines(module: Module, offset: int) -> None:
    module.line = (module.line or 0) + offset
    module.end_line = (module.end_line or 0) + offset
    for item in [*module.symbols, *module.references, *module.diagnostics]:
        if item.line:
            item.line += offset
