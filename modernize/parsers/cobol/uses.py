"""Where a program uses its data: the items each statement reads and writes, and the columns its SQL
binds to host variables.

The data dictionary answers "who changes this field, and where": a MOVE, COMPUTE, ADD … GIVING,
READ … INTO, ACCEPT, SET, INITIALIZE, STRING/UNSTRING INTO, an EXEC SQL INTO list or an EXEC CICS
INTO/RESP writes an item; every other mention reads it. One pass over the statements, a set lookup
per word: it runs on million-line estates. Qualified names (``A OF B``) and subscripts count for the
item named, an 88-level condition name for the item it belongs to. Only lines in the program's own
file are kept: the report links them into the program's source.

SQL binds columns to host variables: ``SELECT c1, c2 INTO :a, :b``, ``FETCH cur INTO`` with the
cursor's select list, ``INSERT (c1, c2) VALUES (:a, :b)``, ``SET c = :a`` and comparisons
``c = :a``. A DCLGEN's ``DECLARE t TABLE (…)`` gives the table's columns where no DDL does.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from modernize.parsers.cobol.ast import DataEntry, Program, Stmt
from modernize.parsers.cobol.exec_blocks import ExecInfo
from modernize.parsers.cobol.lexer import WORD, Token

# Verbs whose first data item is written (the rest read).
FIRST_WRITTEN = frozenset({"ACCEPT", "INITIALIZE"})
ARITHMETIC = frozenset({"ADD", "SUBTRACT", "MULTIPLY", "DIVIDE", "COMPUTE"})
# EXEC CICS options whose data item CICS fills in.
CICS_WRITTEN = frozenset({"INTO", "SET", "RESP", "RESP2", "NUMITEMS", "ABCODE", "ITEM", "TOKEN", "ABSTIME", "EIBLK"})
CICS_FILLS_ALL = frozenset({"ASSIGN", "INQUIRE", "ADDRESS", "ASKTIME", "FORMATTIME"})
CICS_RECORD_COMMANDS = frozenset({"READ", "READNEXT", "READPREV", "WRITE", "REWRITE"})
CICS_NOT_DATA = frozenset({"MAP", "MAPSET", "PROGRAM", "TRANSID", "FILE", "DATASET", "QUEUE", "QNAME", "CHANNEL", "CONTAINER"})

RE_SQL_TOKEN = re.compile(
    r"(?P<host>:\s*[A-Za-z0-9][\w-]*(?:\.[A-Za-z0-9][\w-]*)?)|(?P<name>[A-Za-z_#@$][\w#@$]*(?:\.[A-Za-z_#@$][\w#@$]*)*)"
    r"|(?P<number>\d+(?:\.\d+)?)|(?P<string>'(?:[^']|'')*')|(?P<op><>|<=|>=|¬=|!=|\S)")
RE_NAME = re.compile(r"[A-Za-z0-9][\w-]*")
# Words that follow a table name in FROM/JOIN/UPDATE/INTO and are no correlation name.
NOT_ALIASES = frozenset({"WHERE", "JOIN", "INNER", "LEFT", "RIGHT", "FULL", "OUTER", "CROSS", "ON", "GROUP", "ORDER", "HAVING", "FOR",
                         "WITH", "FETCH", "UNION", "EXCEPT", "INTERSECT", "OPTIMIZE", "SET", "VALUES", "SELECT", "QUERYNO", "SKIP"})
COMPARISONS = frozenset({"=", "<", ">", "<>", "<=", ">=", "¬=", "!="})
SqlToken = tuple[str, str]  # (kind: host, name, string, op; text upper-cased, a host variable without its colon)


class Uses:
    """The lines each data item is read and written on, by name."""

    def __init__(self, known: set[str], condition_of: dict[str, str], line_of: Callable[[int], int | None]):
        self.known = known
        self.condition_of = condition_of
        self.line_of = line_of
        self.read: dict[str, set[int]] = defaultdict(set)
        self.written: dict[str, set[int]] = defaultdict(set)
        self.lines: dict[int, int | None] = {}

    def line(self, li: int) -> int | None:
        """The line of a line index in the program's own file (None: in a copybook), asked once per index."""
        lines = self.lines
        return lines[li] if li in lines else lines.setdefault(li, self.line_of(li))

    def add(self, names: Iterable[str], li: int, written: bool) -> None:
        line = self.line(li)
        if line is not None:
            self.add_at(names, line, written)

    def add_at(self, names: Iterable[str], line: int, written: bool) -> None:
        """``add`` for a line already known to be in the program's own file."""
        found = self.written if written else self.read
        known, condition_of = self.known, self.condition_of
        for name in names:
            if name in known:
                found[name].add(line)
            elif name in condition_of:
                found[condition_of[name]].add(line)

    def facts(self) -> dict[str, list[list[int]]]:
        """NAME -> [lines read, lines written], both sorted: compact in facts.json."""
        return {name: [sorted(self.read.get(name, ())), sorted(self.written.get(name, ()))]
                for name in sorted(set(self.read) | set(self.written))}


def words(tokens: Iterable[Token]) -> list[str]:
    """The data names among tokens, qualifiers (``OF B``) left out, subscripts kept (they are read)."""
    names: list[str] = []
    qualifier = False
    for t in tokens:
        if t[0] != WORD:
            continue
        if qualifier:
            qualifier = False
            continue
        if t[1] in ("OF", "IN"):
            qualifier = True
            continue
        names.append(t[1])
    return names


def statement_uses(s: Stmt, uses: Uses, records_of: dict[str, list[str]]) -> None:
    """What one statement (not its nested statements) reads and writes."""
    verb, args, li = s.verb, s.args, s.li
    if verb == "EVALUATE" or verb == "SEARCH":  # each WHEN on its own line, which may be in the program's file
        for when in args["whens"]:
            uses.add(words(when["condition"]) if verb == "SEARCH" else (n for o in when["objects"] for n in words(o)), when["li"], False)
    line = uses.line(li)
    if line is None:
        return  # a statement a copybook holds
    operands = args.get("operands") or []
    if verb == "MOVE":
        uses.add_at(words(args["source"]), line, False)
        uses.add_at(args["targets"], line, True)
    elif verb in ARITHMETIC:
        marks = [i for i, t in enumerate(operands) if t[1] in ("GIVING", "=", "EQUAL")]
        if not marks:
            read = operands  # ADD A TO B: B is read too
        elif verb == "COMPUTE":
            read = operands[marks[0] + 1:]
        else:
            read = operands[:marks[0]]
        uses.add_at(words(read), line, False)
        uses.add_at(args["targets"], line, True)
    elif verb in FIRST_WRITTEN:
        names = words(t for t in operands if t[1] != "REPLACING")
        cut = next((i for i, t in enumerate(operands) if t[1] in ("REPLACING", "FROM", "WITH")), len(operands))
        written = words(operands[:cut])
        uses.add_at(written if verb == "INITIALIZE" else written[:1], line, True)
        uses.add_at((n for n in names if n not in written), line, False)
    elif verb == "SET":
        uses.add_at(args["targets"], line, True)
        uses.add_at(words(args["value"]), line, False)
    elif verb in ("READ", "RETURN"):
        if args.get("into"):
            uses.add_at([args["into"]], line, True)
        uses.add_at(records_of.get(args.get("target", ""), ()), line, True)
        into = args.get("into")
        uses.add_at((n for n in words(operands[1:]) if n != into), line, False)
    elif verb in ("WRITE", "REWRITE", "RELEASE"):
        record, source = args.get("target", ""), args.get("from")
        uses.add_at([record], line, bool(source))
        uses.add_at((n for n in words(operands[1:]) if n != record), line, False)
    elif verb in ("STRING", "UNSTRING"):
        targets = set(args["targets"])
        uses.add_at(targets, line, True)
        uses.add_at((n for n in words(operands) if n not in targets), line, False)
    elif verb == "INSPECT":
        names = words(operands)
        changes = any(t[1] in ("REPLACING", "CONVERTING") for t in operands)
        counters = [operands[i + 1][1] for i, t in enumerate(operands[:-1]) if t[1] == "TALLYING"]
        uses.add_at(names[:1], line, changes)
        uses.add_at(counters, line, True)
        uses.add_at(names[1:], line, False)
    elif verb == "PERFORM":
        options = args.get("options") or []
        varied = [options[i + 1][1] for i, t in enumerate(options[:-1]) if t[1] in ("VARYING", "AFTER")]
        uses.add_at(varied, line, True)
        uses.add_at(words(options), line, False)
    elif verb == "IF":
        uses.add_at(words(args["condition"]), line, False)
    elif verb == "EVALUATE":
        uses.add_at(words(args["subject"]), line, False)
    elif verb == "SEARCH":
        uses.add_at([args["table"]], line, False)
    elif verb == "CALL":
        uses.add_at((u["name"].rsplit(" ", 1)[-1] for u in args["using"]), line, False)
        if args.get("returning"):
            uses.add_at([args["returning"]], line, True)
        if args.get("dynamic"):
            uses.add_at([args["target"]], line, False)
    elif verb == "GO":
        uses.add_at((args.get("depending") or "").split(), line, False)
    elif verb != "EXEC":
        uses.add_at(words(operands), line, False)


def exec_uses(info: ExecInfo, uses: Uses) -> None:
    """EXEC SQL host variables (an INTO list is written) and EXEC CICS options (INTO, RESP… written)."""
    if info.language == "SQL":
        tokens = sql_tokens(info.text)
        into = clause(tokens, "INTO", ("FROM", "USING", "WHERE")) if info.command in ("SELECT", "FETCH") else []
        written = {t[1] for t in into if t[0] == "host"}  # indicator variables too
        uses.add(written, info.li, True)
        uses.add((t[1] for t in tokens if t[0] == "host" and t[1] not in written), info.li, False)
    elif info.language == "CICS":
        for option, value in info.options.items():
            if not value or option in info.literal_options or option in CICS_NOT_DATA:
                continue
            names = [n.upper() for n in RE_NAME.findall(value) if n.upper() not in ("LENGTH", "OF", "ADDRESS")]
            uses.add(names, info.li, option in CICS_WRITTEN or info.command in CICS_FILLS_ALL)


def data_uses(program: Program, entries: list[DataEntry], exec_infos: list[ExecInfo], line_of: Callable[[int], int | None]) -> dict[str, list[list[int]]]:
    """The program's data items (by name) -> the lines that read and write them."""
    known: set[str] = set()
    condition_of: dict[str, str] = {}
    for entry in entries:
        known.add(entry.name)
        for condition in entry.conditions:
            condition_of.setdefault(condition.name, entry.name)
    known.discard("FILLER")
    records_of = {fd.name: fd.records for fd in program.fds}
    uses = Uses(known, condition_of, line_of)
    for paragraph in program.paragraphs:
        for s in paragraph.every_statement():
            statement_uses(s, uses, records_of)
    for info in exec_infos:
        exec_uses(info, uses)
    return uses.facts()


# SQL: columns bound to host variables ---------------------------------------------------------


@functools.lru_cache(maxsize=256)
def sql_tokens(text: str) -> list[SqlToken]:
    """The statement's tokens: host variables (without the colon, ``A.B`` as B), names, strings,
    operators; the language word (``SQL``) first is left out."""
    tokens: list[SqlToken] = []
    for m in RE_SQL_TOKEN.finditer(text):
        kind = m.lastgroup or "op"
        value = m.group().upper()
        if kind == "host":
            value = value[1:].strip().rsplit(".", 1)[-1]
        tokens.append((kind, value))
    return tokens[1:] if tokens and tokens[0] == ("name", "SQL") else tokens


def split_top(tokens: list[SqlToken]) -> list[list[SqlToken]]:
    """Split at the commas outside parentheses."""
    parts: list[list[SqlToken]] = [[]]
    depth = 0
    for t in tokens:
        if t == ("op", "("):
            depth += 1
        elif t == ("op", ")"):
            depth -= 1
        if t == ("op", ",") and depth == 0:
            parts.append([])
        else:
            parts[-1].append(t)
    return parts


def clause(tokens: list[SqlToken], start: str, stops: Iterable[str]) -> list[SqlToken]:
    """The tokens after the first top-level keyword ``start`` up to a top-level keyword of ``stops``."""
    stop = set(stops)
    depth, inside, found = 0, False, []
    for t in tokens:
        if t[0] == "op" and t[1] in "()":
            depth += 1 if t[1] == "(" else -1
        if depth == 0 and t[0] == "name":
            if inside and t[1] in stop:
                break
            if not inside and t[1] == start:
                inside = True
                continue
        if inside:
            found.append(t)
    return found


def into_list(tokens: list[SqlToken]) -> list[str]:
    """The host variables of an INTO list (indicator variables left out)."""
    return [next((t[1] for t in item if t[0] == "host"), "") for item in split_top(clause(tokens, "INTO", ("FROM", "USING", "WHERE")))]


def column_of(item: list[SqlToken]) -> str | None:
    """A select-list item that is a plain column (``C`` or ``T.C``): its name as written."""
    return item[0][1] if len(item) == 1 and item[0][0] == "name" else None


def select_list(tokens: list[SqlToken]) -> list[str | None]:
    items = clause(tokens, "SELECT", ("INTO", "FROM"))
    if items and items[0][1] in ("DISTINCT", "ALL"):
        items = items[1:]
    return [column_of(item) for item in split_top(items)]


def comparisons(tokens: list[SqlToken]) -> list[tuple[str, str]]:
    """``column = :host`` and ``:host = column`` (any comparison): (column as written, host variable)."""
    pairs = []
    for a, op, b in zip(tokens, tokens[1:], tokens[2:], strict=False):
        if op[0] == "op" and op[1] in COMPARISONS:
            if a[0] == "name" and b[0] == "host":
                pairs.append((a[1], b[1]))
            elif a[0] == "host" and b[0] == "name":
                pairs.append((b[1], a[1]))
    return pairs


class Columns:
    """Which table a column written in a statement belongs to: the only table, or the one its
    qualifier names (``P.ISSUEDATE`` with ``FROM POLICY P, ENDOWMENT E``)."""

    def __init__(self, tokens: list[SqlToken], tables: set[str]):
        self.single = next(iter(tables)) if len(tables) == 1 else None
        self.candidates = ",".join(sorted(tables))  # an unqualified column of a join: one of these, the DDL tells which
        self.names = {t: t for t in tables}
        for i, t in enumerate(tokens[:-1]):
            table = t[1].rsplit(".", 1)[-1] if t[0] == "name" else ""
            if table in tables:
                j = i + 2 if tokens[i + 1] == ("name", "AS") and i + 2 < len(tokens) else i + 1
                alias = tokens[j]
                if alias[0] == "name" and alias[1] not in NOT_ALIASES and "." not in alias[1]:
                    self.names.setdefault(alias[1], table)

    def resolve(self, name: str | None) -> tuple[str, str] | None:
        if not name:
            return None
        qualifier, _, column = name.rpartition(".")
        if not qualifier:
            return (self.single or self.candidates, column) if self.candidates else None
        table = self.names.get(qualifier.rsplit(".", 1)[-1])
        return (table, column) if table else None


def sql_bindings(exec_infos: list[ExecInfo], line_of: Callable[[int], int | None]) -> list[list[Any]]:
    """[table, column, host variable, line, "out" (column into the variable) or "in"], sorted."""
    cursors: dict[str, list[tuple[str, str] | None]] = {}
    found: set[tuple[str, str, str, int, str]] = set()
    for info in exec_infos:
        if info.language == "SQL" and info.command == "DECLARE" and info.cursor and info.tables:
            tokens = sql_tokens(info.text)
            columns = Columns(tokens, {t for t, _ in info.tables})
            cursors[info.cursor] = [columns.resolve(c) for c in select_list(clause(tokens, "FOR", ()))]
    for info in exec_infos:
        line = line_of(info.li)
        if info.language != "SQL" or line is None:
            continue
        tokens = sql_tokens(info.text)
        pairs: list[tuple[tuple[str, str] | None, str, str]] = []  # (table, column), host, direction
        columns = Columns(tokens, {t for t, op in info.tables if op != "DECLARE"})
        if info.command == "FETCH" and info.cursor in cursors:
            pairs += [(c, h, "out") for c, h in zip(cursors[info.cursor], into_list(tokens), strict=False)]
        elif info.command == "SELECT":
            pairs += [(columns.resolve(c), h, "out") for c, h in zip(select_list(tokens), into_list(tokens), strict=False)]
        elif info.command == "INSERT" and columns.single:
            names = insert_columns(tokens)
            hosts = [next((t[1] for t in i if t[0] == "host"), "") for i in split_top(strip_parens(clause(tokens, "VALUES", ())))]
            if len(names) == len(hosts):
                pairs += [(columns.resolve(c), h, "in") for c, h in zip(names, hosts, strict=True)]
        pairs += [(columns.resolve(c), h, "in") for c, h in comparisons(tokens)]
        found.update((where[0], where[1], h, line, d) for where, h, d in pairs if where and h)
    return [list(row) for row in sorted(found)]


def insert_columns(tokens: list[SqlToken]) -> list[str | None]:
    """``INSERT INTO t (c1, c2) …``: the column list, empty when the statement names none."""
    at = next((i for i, t in enumerate(tokens) if t == ("name", "INTO")), None)
    if at is None or at + 2 >= len(tokens) or tokens[at + 2] != ("op", "("):
        return []
    end = next((i for i in range(at + 3, len(tokens)) if tokens[i] == ("op", ")")), len(tokens))
    return [column_of(item) for item in split_top(tokens[at + 3:end])]


def strip_parens(tokens: list[SqlToken]) -> list[SqlToken]:
    return tokens[1:-1] if len(tokens) >= 2 and tokens[0] == ("op", "(") and tokens[-1] == ("op", ")") else tokens


def declared_tables(exec_infos: list[ExecInfo]) -> dict[str, list[list[Any]]]:
    """``EXEC SQL DECLARE t TABLE (col type [NOT NULL], …)``: TABLE -> [column, type, nullable]."""
    tables: dict[str, list[list[Any]]] = {}
    for info in exec_infos:
        if info.language != "SQL" or info.command != "DECLARE TABLE" or not info.tables:
            continue
        tokens = sql_tokens(info.text)
        start = next((i for i, t in enumerate(tokens) if t == ("op", "(")), None)
        if start is None:
            continue
        columns = []
        for item in split_top(strip_parens(tokens[start:])):
            if not item or item[0][0] != "name":
                continue
            kinds = [t[1] for t in item[1:]]
            cut = next((i for i, w in enumerate(kinds) if w in ("NOT", "WITH", "DEFAULT", "NULL", "FOR", "CCSID")), len(kinds))
            type_text = " ".join(kinds[:cut]).replace(" ( ", "(").replace(" )", ")").replace(" ,", ",")
            nullable = not any(a == "NOT" and b == "NULL" for a, b in zip(kinds, kinds[1:], strict=False))
            columns.append([item[0][1], type_text, nullable])
        tables[info.tables[0][0]] = columns
    return tables


def cics_records(exec_infos: list[ExecInfo]) -> dict[str, list[str]]:
    """``EXEC CICS READ FILE('F') INTO(REC)`` and WRITE/REWRITE ``FROM(REC)``: FILE -> the items that
    hold its records (a CICS file has no FD: these are its record layouts)."""
    found: dict[str, set[str]] = defaultdict(set)
    for info in exec_infos:
        if info.language != "CICS" or info.command not in CICS_RECORD_COMMANDS:
            continue
        option = "FILE" if "FILE" in info.options else "DATASET"
        name, item = info.options.get(option), info.options.get("INTO") or info.options.get("FROM")
        if name and item and option in info.literal_options:
            found[name.strip().upper()].update(n.upper() for n in RE_NAME.findall(item)[:1])
    return {file: sorted(items) for file, items in sorted(found.items())}


def usage_facts(program: Program, entries: list[DataEntry], exec_infos: list[ExecInfo], where: Callable[[int], tuple[str, int]],
                path: str) -> dict[str, Any]:
    """The module attributes this pass adds: ``data_uses``, ``sql_columns``, ``cics_records``, ``declared_tables``."""
    def line_of(li: int) -> int | None:
        file, line = where(li)
        return line if file == path else None

    facts: dict[str, Any] = {}
    uses = data_uses(program, entries, exec_infos, line_of)
    if uses:
        facts["data_uses"] = uses
    bindings = sql_bindings(exec_infos, line_of)
    if bindings:
        facts["sql_columns"] = bindings
    records = cics_records(exec_infos)
    if records:
        facts["cics_records"] = records
    declared = declared_tables([info for info in exec_infos if where(info.li)[0] == path])
    if declared:
        facts["declared_tables"] = declared
    return facts

