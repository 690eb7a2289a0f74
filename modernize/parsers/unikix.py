"""UniKix (MBM, Mainframe Batch Manager) job scripts: the form a batch job takes after a rehost.

A rehosted job is a shell script of macros in place of JCL statements::

    BEGINJOB mode='MVS' jobclass='A'
    LABEL name=STEP010
    ASSGNDD ddname='ACCTIN' dataset='PROD.ACCT.MASTER' filename='$SEQFILES/PROD.ACCT.MASTER' disp='i'
    ASSGNDD ddname='ACCTOUT' filename='${SEQFILES}/PROD.ACCT.NEW' disp='o' normal='k' abend='d' recfmt='F'
    ASSGNDD ddname='SYSIN' type='INSTREAM' << !
    ...control cards...
    !
    EXECPGM pgmname='ACCT010' stepname='STEP010' parm='DAILY'
    ENDJOB

A script becomes one module of kind ``jcl`` (a ``proc`` for a BEGINPROC ... ENDPROC member), so the
graph, the plan and the documents treat it as they treat a job: its steps are symbols with their DDs,
and its references say which program each step runs (``executes``) and which data sets it reads and
writes through which DD name, so a COBOL program's ``ASSIGN TO ddname`` joins them as it joins JCL.
The steps are built as the JCL parser's steps are, so the utilities' in-stream input (IDCAMS, SORT,
IKJEFT01 ``RUN PROGRAM``, DSNTEP2 DDL, DFHCSDUP) is read the same way.

ASSGNDD: ``dataset=`` is the mainframe data set name; without it the data set is the last part of
``filename=`` (``$SEQFILES/PROD.ACCT.NEW`` is PROD.ACCT.NEW), or the file itself for a VSAM file
(``type='VS' filename='ELCNTL'``), named by a data set another ASSGNDD of the script gave it where
there is one. ``disp`` is ``i`` (read: SHR), ``o`` (written: NEW), ``i-o`` (both: OLD) or ``a``/``mod``
(appended: MOD). ``type='SYSOUT'``, ``'DUMMY'``, ``'TEMP'`` (a work file without a name) and
``'INSTREAM'`` (a here-document) are what their JCL counterparts are. Shell variables the script sets
(``VAR=value``, ``export``, ``setenv``, ``set VAR = value``) are substituted, ``$JOBNAME`` is the job's
name; what stays unresolved is kept and marked (``symbols``). ``IF``/``ELSE``/``ENDIF`` (and the
shell's ``if ... then``/``else``/``endif``/``fi``) become the conditions steps run under,
``ONRETCODE`` a step's ``cond``, ``JUMP label=X`` a jump the module records; EXECPROC runs a
BEGINPROC member found in the repository (steps named ``STEP.PROCSTEP``). Anything else is a shell
command (EBMSYSCMD, echo, unikixbld…) and skipped. The parser never raises.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from typing import Any

from modernize.model import (
    Diagnostic,
    Mechanism,
    Module,
    ModuleKind,
    NodeKind,
    Reference,
    ReferenceKind,
    SourceFile,
)
from modernize.parsers import ParseContext, ParseResult, jcl
from modernize.signatures import unikix_script

MAX_PROC_DEPTH = 10
RE_KEYWORD = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)=(.*)$", re.S)
RE_HEREDOC = re.compile(r"<<-?[ \t]*(['\"]?)([^\s'\"]+)\1[ \t]*$")
RE_ASSIGNMENT = re.compile(r"^(?:export[ \t]+|typeset[ \t]+(?:-x[ \t]+)?)?([A-Za-z_][A-Za-z0-9_]*)=(\S*)[ \t]*$")
RE_SETENV = re.compile(r"^(?:setenv[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]+(\S+)|set[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]*=[ \t]*(\S+))[ \t]*$")
RE_VARIABLE = re.compile(r"\\?\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))")
DISPOSITIONS = {"I": "SHR", "SHR": "SHR", "O": "NEW", "NEW": "NEW", "I-O": "OLD", "IO": "OLD", "OLD": "OLD", "A": "MOD", "MOD": "MOD", "E": "MOD"}
RE_IF_WORD = re.compile(r"^(?:IF|ELIF|ELSEIF)\b", re.I)
RE_THEN = re.compile(r"[ \t;]*\bTHEN[ \t]*$", re.I)
# The operands of ASSGNDD, EXECPGM and EXECPROC: a line of nothing but these continues the macro above it.
OPERANDS = frozenset(["DDNAME", "DATASET", "DSN", "FILENAME", "TYPE", "DISP", "NORMAL", "ABEND", "RECFMT", "RECSIZE", "LRECL", "BLKSIZE",
                      "CLASS", "GDG", "GEN", "KEYLEN", "KEYPOS", "VOLSER", "UNIT", "SPACE", "COPIES", "FORM", "DEST", "PGMNAME", "STEPNAME",
                      "PARM", "PROCNAME", "FILLER", "ORG", "DSORG", "OWNER", "SUBSYS", "MODE"])
MACROS = frozenset(["BEGINJOB", "ENDJOB", "BEGINPROC", "ENDPROC", "LABEL", "ASSGNDD", "EXECPGM", "EXECPROC", "ONRETCODE", "JUMP",
                    "IF", "ELSE", "ENDIF", "FI", "ELIF", "ELSEIF", "EBMSYSCMD", "SETPRC", "ABEND", "EXITJOB"])


@dataclass
class Statement:
    """One macro or shell line (continuations joined), with its here-document if it has one."""

    verb: str  # upper-cased macro name, or "" for an assignment, "SHELL" for anything else
    words: list[str]
    line: int
    text: str
    data: list[str] | None = None
    data_line: int | None = None

    def keywords(self) -> dict[str, str]:
        """``ddname='X' disp='i'`` -> {"DDNAME": "X", "DISP": "i"}; the first of a repeated keyword wins."""
        found: dict[str, str] = {}
        for word in self.words[1:]:
            match = RE_KEYWORD.match(word)
            if match:
                found.setdefault(match.group(1).upper(), match.group(2))
        return found


def split_words(text: str) -> list[str]:
    """Shell words, quotes removed (``ddname='A B'`` is one word ``ddname=A B``); a quote left open
    keeps the rest as one word."""
    lexer = shlex.shlex(text, posix=True, punctuation_chars=False)
    lexer.whitespace_split = True
    lexer.commenters = ""
    words: list[str] = []
    try:
        for word in lexer:
            words.append(word)
    except ValueError:  # an unclosed quote: what was read, then the rest as written
        rest = text.split(None, len(words))[len(words):]
        words.extend(rest)
    return words


def read_statements(text: str) -> list[Statement]:
    """The script's statements: comments and blank lines dropped, ``\\`` continuations and lines of
    nothing but ``keyword=value`` operands joined to the macro before, here-documents collected."""
    lines = text.split("\n")
    statements: list[Statement] = []
    index = 0
    while index < len(lines):
        raw = lines[index].rstrip("\r")
        number = index + 1
        index += 1
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        while stripped.endswith("\\") and index < len(lines):
            stripped = stripped[:-1] + " " + lines[index].strip()
            index += 1
        words = split_words(stripped)
        if not words:
            continue
        if statements and statements[-1].verb in ("ASSGNDD", "EXECPGM", "EXECPROC") and statements[-1].data is None \
                and all((match := RE_KEYWORD.match(word)) and match.group(1).upper() in OPERANDS for word in words):
            # An operand line under a macro: ``abend='d' recsize='1056'``.
            statements[-1].words.extend(words)
            statements[-1].text += " " + stripped
            continue
        verb = words[0].upper()
        if verb not in MACROS:
            verb = "" if RE_ASSIGNMENT.match(stripped) or RE_SETENV.match(stripped) else "SHELL"
        statement = Statement(verb, words, number, stripped)
        heredoc = RE_HEREDOC.search(stripped)
        if heredoc:
            delimiter = heredoc.group(2)
            statement.words = split_words(stripped[: heredoc.start()])
            statement.data, statement.data_line = [], index + 1
            while index < len(lines) and lines[index].strip() != delimiter:
                statement.data.append(lines[index].rstrip("\r"))
                index += 1
            index += 1
        statements.append(statement)
    return statements


@dataclass
class Script:
    """What the interpreter found in a job or PROC script."""

    steps: list[jcl.Step] = field(default_factory=list)
    procs: list[tuple[str, int, str, bool, str]] = field(default_factory=list)  # proc, line, path, found, step
    jumps: list[dict[str, Any]] = field(default_factory=list)
    dependencies: dict[str, str | None] = field(default_factory=dict)


class Interpreter:
    """Walks a script's statements: variables, conditions, LABEL, ASSGNDD, EXECPGM, EXECPROC."""

    def __init__(self, source: SourceFile, context: ParseContext, job: str, diagnostics: list[Diagnostic]):
        self.source = source
        self.context = context
        self.job = job
        self.diagnostics = diagnostics
        self.script = Script()

    def warn(self, code: str, message: str, path: str, line: int, severity: str = "warning") -> None:
        self.diagnostics.append(Diagnostic(severity, code, message, path, line))

    def run(self, statements: list[Statement], path: str, variables: dict[str, str], prefix: str = "", depth: int = 0,
            conditions: list[str] | None = None) -> None:
        variables = {"JOBNAME": self.job, **variables}
        conditions = list(conditions or [])
        pending: list[jcl.DD] = []
        label: str | None = None
        cond: str | None = None
        vsam_names = {(s.keywords().get("FILENAME") or "").upper(): s.keywords()["DATASET"].upper()
                      for s in statements if s.verb == "ASSGNDD" and s.keywords().get("DATASET") and s.keywords().get("FILENAME")}
        for statement in statements:
            verb = statement.verb
            keywords = statement.keywords()
            if verb == "":
                name, value = assignment(statement.text)
                if name:
                    variables[name.upper()] = substitute(value, variables)[0].strip("'\"")
            elif verb in ("IF", "ELIF", "ELSEIF"):
                condition = condition_text(statement.text)
                if verb != "IF" and conditions:
                    conditions[-1] = f"NOT ({conditions[-1]}) AND ({condition})"
                else:
                    conditions.append(condition)
            elif verb == "ELSE":
                if conditions:
                    conditions[-1] = f"NOT ({conditions[-1]})"
            elif verb in ("ENDIF", "FI"):
                if conditions:
                    conditions.pop()
            elif verb == "LABEL":
                label = keywords.get("NAME") or (statement.words[1] if len(statement.words) > 1 else None)
                pending = []
            elif verb == "ONRETCODE":
                cond = " ".join(statement.words[1:])
            elif verb == "JUMP":
                target = keywords.get("LABEL") or (statement.words[1] if len(statement.words) > 1 else "")
                jump: dict[str, Any] = {"label": target.upper(), "line": statement.line}
                if conditions:
                    jump["if"] = list(conditions)
                if path != self.source.path:
                    jump["path"] = path
                self.script.jumps.append(jump)
            elif verb == "ASSGNDD":
                dd = self.dd(statement, keywords, path, variables, vsam_names, pending)
                if dd is not None:
                    pending.append(dd)
            elif verb == "EXECPGM":
                program = keywords.get("PGMNAME", "").upper()
                if not program:
                    self.warn("unikix-syntax", "EXECPGM without pgmname=", path, statement.line)
                    continue
                name = self.step_name(keywords, label, prefix)
                step = jcl.Step(name, statement.line, path, program=program, conditions=list(conditions))
                if "PARM" in keywords:
                    step.params["PARM"] = substitute(keywords["PARM"], variables)[0]
                if cond:
                    step.params["COND"] = cond
                step.dds = pending
                self.script.steps.append(step)
                pending, label, cond = [], None, None
            elif verb == "EXECPROC":
                self.exec_proc(statement, keywords, label, prefix, path, variables, pending, conditions, depth)
                pending, label, cond = [], None, None
            elif verb == "BEGINPROC" and depth == 0 and not prefix:
                continue
        if pending:
            self.warn("unikix-dd-without-step", f"{len(pending)} ASSGNDD statement(s) after the last EXECPGM belong to no step", path,
                      pending[0].line, "info")

    def step_name(self, keywords: dict[str, str], label: str | None, prefix: str) -> str:
        name = (keywords.get("STEPNAME") or label or f"STEP{len(self.script.steps) + 1}").upper()
        return f"{prefix}.{name}" if prefix else name

    def dd(self, statement: Statement, keywords: dict[str, str], path: str, variables: dict[str, str], vsam_names: dict[str, str],
           pending: list[jcl.DD]) -> jcl.DD | None:
        ddname = keywords.get("DDNAME", "").upper()
        kind = keywords.get("TYPE", "").upper()
        params: dict[str, str] = {}
        positional: list[str] = []
        dataset = keywords.get("DATASET") or keywords.get("DSN")
        filename = keywords.get("FILENAME")
        file_written = filename
        if dataset:
            dataset = substitute(dataset, variables)[0]
        elif filename:
            filename = substitute(filename, variables)[0]
            dataset = vsam_names.get(filename.upper()) or filename.rstrip("/").rsplit("/", 1)[-1]
        symbols = {(match.group(1) or match.group(2)).upper() for match in RE_VARIABLE.finditer(dataset or "")}
        if kind == "DUMMY":
            positional.append("DUMMY")
        elif kind == "SYSOUT":
            params["SYSOUT"] = keywords.get("CLASS", "*")
        elif kind == "TEMP" and dataset:
            dataset = "&&" + dataset.lstrip("&")
        if dataset and kind not in ("DUMMY", "SYSOUT", "INSTREAM"):
            generation = keywords.get("GDG") or keywords.get("GEN")
            params["DSN"] = f"{dataset}({generation})" if generation and "(" not in dataset else dataset
            params["DISP"] = DISPOSITIONS.get((keywords.get("DISP") or "i-o").upper(), "OLD")
        if kind == "INSTREAM" and statement.data is None:
            self.warn("unikix-instream", f"ASSGNDD {ddname} type='INSTREAM' has no here-document", path, statement.line, "info")
        dd = jcl.DD(ddname, statement.line, path, params, positional, statement.data, data_line=statement.data_line,
                    file=file_written, symbols=sorted(symbols))
        if pending and (not ddname or ddname == pending[-1].ddname):
            dd.ddname = pending[-1].ddname
            dd.concatenation = pending[-1].concatenation + 1
        elif not ddname:
            self.warn("unikix-syntax", "ASSGNDD without ddname=", path, statement.line)
            return None
        return dd

    def exec_proc(self, statement: Statement, keywords: dict[str, str], label: str | None, prefix: str, path: str,
                  variables: dict[str, str], pending: list[jcl.DD], conditions: list[str], depth: int) -> None:
        proc = keywords.get("PROCNAME", "").upper()
        if not proc:
            self.warn("unikix-syntax", "EXECPROC without procname=", path, statement.line)
            return
        name = self.step_name(keywords, label, prefix)
        found = self.context.lookup("proc", proc) if depth < MAX_PROC_DEPTH else None
        self.script.dependencies[self.context.dependency_key("proc", proc)] = found.sha256 if found else None
        body: list[Statement] | None = None
        if found is not None:
            try:
                text = self.context.read(found)
            except OSError as problem:
                self.warn("unikix-proc-unreadable", f"PROC {proc}: {problem}", path, statement.line)
                text = ""
            if unikix_script(text):
                body = read_statements(text)
        self.script.procs.append((proc, statement.line, path, body is not None, name))
        if body is None:
            self.warn("unikix-proc-missing", f"PROC {proc} not found in the repository; its steps are unknown", path, statement.line)
            step = jcl.Step(name, statement.line, path, proc=proc, conditions=list(conditions))
            step.dds = pending
            self.script.steps.append(step)
            return
        overrides = {key: substitute(value, variables)[0] for key, value in keywords.items() if key not in ("PROCNAME", "STEPNAME")}
        self.run(body, found.path, {**variables, **overrides}, name, depth + 1, conditions)


def assignment(text: str) -> tuple[str | None, str]:
    match = RE_ASSIGNMENT.match(text)
    if match:
        return match.group(1), match.group(2)
    match = RE_SETENV.match(text)
    if match:
        return (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
    return None, ""


def condition_text(text: str) -> str:
    """``IF (MAXRC GT 4) THEN`` or ``if ($EBMSYS != 'tony') then`` -> the condition as written."""
    body = RE_THEN.sub("", RE_IF_WORD.sub("", text.strip(), count=1)).strip()
    return body.strip("[] ").strip() or text


def substitute(text: str, variables: dict[str, str]) -> tuple[str, set[str]]:
    """``$NAME``/``${NAME}`` (and the escaped ``\\$``) replaced by what the script set; the names it did not
    set are kept as written and returned."""
    left: set[str] = set()

    def replace(match: re.Match[str]) -> str:
        name = (match.group(1) or match.group(2)).upper()
        if name in variables:
            return variables[name]
        left.add(name)
        return match.group(0).lstrip("\\")

    return RE_VARIABLE.sub(replace, text) if "$" in text else text, left


def parse(source: SourceFile, text: str, context: ParseContext) -> ParseResult:
    """Facts of one UniKix/MBM job script (a ``jcl`` module) or BEGINPROC member (a ``proc`` module)."""
    try:
        return parse_script(source, text, context)
    except Exception as problem:  # noqa: BLE001 - the file is reported, the run goes on
        return ParseResult(diagnostics=[Diagnostic("error", "unikix-internal", f"not analysed: internal error {type(problem).__name__}: {problem}",
                                                   source.path, None)])


def parse_script(source: SourceFile, text: str, context: ParseContext) -> ParseResult:
    diagnostics: list[Diagnostic] = []
    statements = read_statements(text)
    begin = next((s for s in statements if s.verb in ("BEGINJOB", "BEGINPROC")), None)
    is_proc = begin is not None and begin.verb == "BEGINPROC"
    keywords = begin.keywords() if begin is not None else {}
    name = (keywords.get("PROCNAME") if is_proc else keywords.get("JOBNAME") or keywords.get("NAME")) or source.member
    name = name.upper()
    if not any(s.verb in ("EXECPGM", "EXECPROC", "ASSGNDD") for s in statements):
        diagnostics.append(Diagnostic("warning", "unikix-empty", "no EXECPGM, EXECPROC or ASSGNDD found", source.path, None))
        return ParseResult(diagnostics=diagnostics)
    interpreter = Interpreter(source, context, name, diagnostics)
    interpreter.run(statements, source.path, {})
    script = interpreter.script
    lines = text.count("\n") + 1
    attributes: dict[str, Any] = {"platform": "unikix"}
    for key in ("MODE", "JOBCLASS", "CLASS"):
        if key in keywords:
            attributes[key.lower()] = keywords[key]
    if script.jumps:
        attributes["jumps"] = script.jumps
    kind = ModuleKind.PROC if is_proc else ModuleKind.JCL
    module = Module(name, kind, "unikix", source.path, begin.line if begin else 1, lines, attributes=attributes)
    jcl.resolve_referbacks(script.steps)
    for step in script.steps:
        symbol, references = jcl.step_facts(name, step, source.path)
        module.symbols.append(symbol)
        module.references.extend(references)
    for proc, line, path, found, step_name in script.procs:
        module.references.append(Reference(ReferenceKind.EXECUTES, proc, NodeKind.PROC, Mechanism.JCL, line, path, found, {"step": step_name}))
    seen: dict[str, int] = {}
    for symbol in module.symbols:
        if symbol.name in seen:
            diagnostics.append(Diagnostic("warning", "jcl-duplicate-step", f"step name {symbol.name} is used twice in {name} (also at line {seen[symbol.name]})",
                                          symbol.path or source.path, symbol.line))
        seen.setdefault(symbol.name, symbol.line or 0)
    tables, defines = jcl.embedded_in_steps(source, script.steps, diagnostics)
    module.references = sorted(module.references + defines, key=Reference.sort_key)
    definitions = jcl.csd_in_steps(source, script.steps, context, diagnostics)
    all_lines = text.split("\n")
    module.metrics = {
        "lines": lines,
        "steps": len(module.symbols),
        "statements": len(statements),
        "comment_lines": sum(1 for ln in all_lines if ln.strip().startswith("#")),
        "code_lines": sum(1 for ln in all_lines if ln.strip() and not ln.strip().startswith("#")),
    }
    module.diagnostics = diagnostics
    return ParseResult(modules=[module, *definitions, *tables], dependencies=script.dependencies)
