"""EXEC SQL, EXEC CICS and EXEC DLI blocks: what they touch.

SQL: the statement kind, tables with their operation and host variables. sqlglot parses the
statement after host variables are masked; where it cannot (DB2 specifics), a plain scanner finds
the tables. CICS: the command and its options, with literal or variable values. DLI: the call and
its segments.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from modernize.model import Mechanism, ReferenceKind

RE_HOST_VAR = re.compile(r"(?<![\w'])[:]\s*([A-Za-z0-9][\w-]*(?:\.[A-Za-z0-9][\w-]*)?)(?:\s*:\s*[A-Za-z0-9][\w-]*)?")
_HOST = r":\s*[A-Za-z0-9][\w-]*(?:\.[A-Za-z0-9][\w-]*)?"
_HOST_AND_INDICATOR = rf"{_HOST}(?:\s*(?:INDICATOR\s*)?{_HOST})?"
RE_INTO_LIST = re.compile(rf"\bINTO\s+{_HOST_AND_INDICATOR}(?:\s*,\s*{_HOST_AND_INDICATOR})*\s*(?=\bFROM\b)", re.I)
RE_SQL_WORDS = re.compile(r"[A-Za-z_][\w$#@-]*(?:\.[A-Za-z_][\w$#@-]*)*")
RE_CICS_OPTION = re.compile(r"([A-Za-z][\w-]*)\s*(\((?:[^()']|'[^']*'|\((?:[^()']|'[^']*')*\))*\))?")
RE_STRING = re.compile(r"'((?:[^']|'')*)'")
RE_FROM_TABLES = re.compile(
    r"\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+((?:[A-Za-z_][\w$#@]*\.)?[A-Za-z_][\w$#@]*)", re.I
)
RE_FROM_LIST = re.compile(r"\bFROM\s+(.*?)(?:\bWHERE\b|\bGROUP\b|\bORDER\b|\bHAVING\b|\bFOR\b|\bWITH\b|\bFETCH\b|\bUNION\b|\bOPTIMIZE\b|\)|$)", re.I | re.S)
# Db2's catalog (SYSIBM.SYSDUMMY1 and the like): the system's tables, no data of the estate.
CATALOG_SCHEMAS = frozenset({"SYSIBM", "SYSCAT", "SYSSTAT", "SYSFUN", "SYSIBMADM"})
TWO_WORD_CICS = {"SEND", "RECEIVE", "READQ", "WRITEQ", "DELETEQ", "HANDLE", "IGNORE", "PUSH", "POP", "ISSUE", "SIGNAL", "WAIT", "CONVERSE"}
# What an SQL statement does to the tables it names.
SQL_OPERATIONS = {"SELECT": ReferenceKind.READS, "FETCH": ReferenceKind.READS, "OPEN": ReferenceKind.READS, "INSERT": ReferenceKind.WRITES,
                  "UPDATE": ReferenceKind.WRITES, "DELETE": ReferenceKind.WRITES, "MERGE": ReferenceKind.WRITES}
# The mechanism of each CICS command that transfers control to a program.
CICS_PROGRAM_COMMANDS = {"LINK": Mechanism.CICS_LINK, "XCTL": Mechanism.CICS_XCTL, "LOAD": Mechanism.CICS_LOAD}
# What each CICS command that names a TRANSID does with it: START and RUN start the transaction
# asynchronously (a task of its own); RETURN TRANSID names the next screen of the same conversation,
# navigation that runs nothing now.
CICS_TRANSACTION_COMMANDS = {"START": (ReferenceKind.STARTS, Mechanism.CICS_START), "RUN": (ReferenceKind.STARTS, Mechanism.CICS_RUN),
                             "RETURN": (ReferenceKind.RETURNS_TO, Mechanism.CICS_RETURN)}


@dataclass
class ExecInfo:
    """One EXEC block, analysed."""

    language: str  # SQL, CICS, DLI, or what followed EXEC
    command: str
    li: int
    text: str
    tables: list[tuple[str, str]] = field(default_factory=list)  # (table, operation)
    host_variables: list[str] = field(default_factory=list)
    cursor: str | None = None
    options: dict[str, str | None] = field(default_factory=dict)
    literal_options: set[str] = field(default_factory=set)


def analyse(text: str, li: int) -> ExecInfo:
    body = text.strip()
    first, _, rest = body.partition(" ")
    language = first.upper().strip()
    if "\n" in language:
        language, _, more = language.partition("\n")
        rest = more + " " + rest
    rest = rest.strip()
    if language == "SQL":
        return analyse_sql(rest, li, text)
    if language in ("CICS", "DLI"):
        return analyse_cics(language, rest, li, text)
    return ExecInfo(language or "?", "", li, text)


def analyse_sql(sql: str, li: int, text: str) -> ExecInfo:
    words = RE_SQL_WORDS.findall(sql[:200])
    upper = [w.upper() for w in words[:4]]
    command = upper[0] if upper else ""
    info = ExecInfo("SQL", command, li, text)
    info.host_variables = sorted({m.group(1).upper() for m in RE_HOST_VAR.finditer(sql)})
    if command == "DECLARE" and len(upper) >= 3:
        name = words[1].upper()
        if "CURSOR" in upper:
            info.cursor = name
            select = re.search(r"\bFOR\s+(SELECT\b.*)", sql, re.I | re.S)
            if select:
                info.tables = [(t, "SELECT") for t in sql_tables(select.group(1), "SELECT")]
        elif "TABLE" in upper:
            info.command = "DECLARE TABLE"
            info.tables = [(name.split(".")[-1], "DECLARE")]
        return info
    if command in ("OPEN", "FETCH", "CLOSE") and len(upper) >= 2:
        cursor = [w for w in upper[1:] if w not in ("NEXT", "PRIOR", "FIRST", "LAST", "FROM", "ROWSET", "SENSITIVE", "INSENSITIVE")]
        info.cursor = cursor[0] if cursor else None
        return info
    if command == "INCLUDE" and len(upper) >= 2:
        info.tables = []
        info.options["member"] = upper[1]
        return info
    if command in ("SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "WITH"):
        info.tables = [(t, command) for t in sql_tables(sql, command)]
    elif command == "LOCK" and len(upper) >= 3:
        info.tables = [(words[2].split(".")[-1].upper(), "LOCK")]
    elif command == "EXECUTE" or command == "PREPARE":
        info.options["dynamic"] = None
    return info


def mask_host_variables(sql: str) -> str:
    """Make embedded SQL plain SQL: drop ``INTO :a, :b`` of a singleton SELECT, host variables become ``?``.

    The INTO list is read as what it is (host variables, each with an optional indicator variable,
    separated by commas), so it may run over several lines: a host variable that ends one line with
    FROM starting the next is still dropped, never left as a table named ``?``."""
    masked = RE_INTO_LIST.sub(" ", sql)
    return RE_HOST_VAR.sub("?", masked)


@functools.cache
def sql_dialect() -> str | None:
    """DB2's sqlglot dialect when this sqlglot has one (none up to 30), asked once: ``Dialect.classes``
    imports every dialect (0.2 s a worker) and, in sqlglot 30, goes over all of them again on every
    call (60 us a statement); the names of the built-in ones import nothing."""
    from sqlglot.dialects.dialect import Dialects

    return "db2" if "db2" in {dialect.value for dialect in Dialects} else None


@functools.lru_cache(maxsize=4096)
def sql_tables(sql: str, command: str) -> tuple[str, ...]:
    """Tables a statement touches: sqlglot first, a scanner where sqlglot cannot parse DB2 SQL."""
    masked = mask_host_variables(sql)
    try:
        import sqlglot
        from sqlglot import exp

        tree = sqlglot.parse_one(masked, read=sql_dialect(), error_level=sqlglot.ErrorLevel.RAISE)
        ctes = {c.alias_or_name.upper() for c in tree.find_all(exp.CTE)}
        names = []
        for table in tree.find_all(exp.Table):
            if table.find_ancestor(exp.Lock) is not None or table.db.upper() in CATALOG_SCHEMAS:
                continue  # FOR UPDATE OF names the cursor's columns, not tables; the catalog is the system's
            name = table.name.upper()
            if name and name not in ctes and name not in names:
                names.append(name)
        if names:
            return tuple(names)
    except Exception:  # noqa: BLE001 - sqlglot raises many kinds; the scanner below takes over
        pass
    return tuple(scan_tables(masked))


def scan_tables(sql: str) -> list[str]:
    names: list[str] = []
    for match in RE_FROM_TABLES.finditer(sql):
        schema, _, name = match.group(1).upper().rpartition(".")
        if name not in names and name not in ("SELECT", "TABLE", "OF", "?") and schema not in CATALOG_SCHEMAS:
            names.append(name)
    for match in RE_FROM_LIST.finditer(sql):
        for part in match.group(1).split(","):
            word = part.strip().split()
            if word and re.match(r"^[A-Za-z_][\w$#@.]*$", word[0]):
                schema, _, name = word[0].upper().rpartition(".")
                if name not in names and name != "SELECT" and schema not in CATALOG_SCHEMAS:
                    names.append(name)
    return names


def analyse_cics(language: str, text: str, li: int, raw: str) -> ExecInfo:
    options: dict[str, str | None] = {}
    literal: set[str] = set()
    command_words: list[str] = []
    for match in RE_CICS_OPTION.finditer(text):
        name = match.group(1).upper()
        value = match.group(2)
        if not command_words:
            command_words.append(name)
            if value is None:
                continue
        elif len(command_words) == 1 and command_words[0] in TWO_WORD_CICS and not options and value is None:
            command_words.append(name)
            continue
        if value is not None:
            inner = value[1:-1].strip()
            string = RE_STRING.fullmatch(inner)
            if string:
                options[name] = string.group(1).replace("''", "'")
                literal.add(name)
            else:
                options[name] = inner.upper()
        else:
            options.setdefault(name, None)
    if command_words and command_words[0] in TWO_WORD_CICS and len(command_words) == 1:
        # SEND MAP('X'): the second word carries a value and is part of the command.
        for second in ("MAP", "TEXT", "CONTROL", "PAGE", "TS", "TD", "CONDITION", "AID", "ABEND"):
            if second in options:
                command_words.append(second)
                break
    info = ExecInfo(language, " ".join(command_words), li, raw, options=options, literal_options=literal)
    if language == "DLI":
        info.tables = [(v.upper(), command_words[0] if command_words else "") for k, v in options.items() if k == "SEGMENT" and v]
    return info
