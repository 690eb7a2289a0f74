"""DB2 DDL: tables with their columns and keys, views with the tables they read, indexes,
tablespaces, databases, storage groups, aliases and synonyms, plus COMMENT ON / LABEL ON texts.

The DDL is the data model the programs' SQL and DCLGEN copybooks rely on; the graph needs its tables
and foreign keys, documents need column types and comments, and the plan needs which table lives in
which tablespace.

Statements end with ``;`` or the terminator a ``--#SET TERMINATOR x`` line sets; ``--`` and
``/* */`` comments go. A statement is read twice over one token list: sqlglot (``read=None``) gives
the structure where it parses, after the DB2-only clauses are removed (``IN db.ts``, ``CCSID``,
``EDITPROC``, ``AUDIT``, ``DATA CAPTURE``, ``FOR BIT DATA``, ``WITH DEFAULT`` …), and a hand-written
scanner gives the same facts where it does not. Spelling that sqlglot would normalise away (DB2 type
names such as ``CLOB`` or ``REAL``, default values such as ``CURRENT DATE``) and source lines always
come from the tokens, so both ways give identical facts. GRANT, SET and COMMIT are ignored; other
statements are skipped with a diagnostic. The parser never raises.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

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

RE_TOKEN = re.compile(
    r"""(?P<space>\s+)
      |(?P<comment>--[^\n]*)
      |(?P<block>/\*.*?\*/)
      |(?P<string>[XxGgNnUu]?'(?:[^']|'')*')
      |(?P<qid>"(?:[^"]|"")*")
      |(?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
      |(?P<symbol><[A-Za-z_][\w$#@-]{0,39}>|&&?[A-Za-z_][\w$#@]{0,7}\.?|\$\{[A-Za-z_]\w{0,39}\})
      |(?P<word>[A-Za-z_$#@][\w$#@]*)
      |(?P<punct>.)""",
    re.S | re.X,
)
RE_NAME = re.compile(r"[\w$#@]+")
# A name as written, or a symbol a build fills in (<DB2DBID>, &HLQ., ${SCHEMA}): kept as written.
NAME_TOKENS = ("word", "qid", "symbol")
# The content signal of DDL (``looks_like``): a CREATE of an object this parser models at the start of
# a line, as DSNTEP2/DSNTIAD input, a SPUFI member or a .sql file writes it. Linear on any text: the
# inventory runs it in the main process; each blank run is taken whole (possessive).
RE_CREATE = re.compile(
    r"^[ \t]*+CREATE[ \t]++(?:OR[ \t]++REPLACE[ \t]++)?(?:UNIQUE[ \t]++)?(?:(?:LARGE|LOB|AUXILIARY|AUX)[ \t]++)?"
    r"(?:GLOBAL[ \t]++TEMPORARY[ \t]++)?(?:TABLE|TABLESPACE|VIEW|INDEX|DATABASE|STOGROUP|SYNONYM|ALIAS)\b",
    re.I | re.M,
)
RE_EMBEDDED_SQL = re.compile(r"\bEXEC[ \t]++SQL\b", re.I)
RE_TERMINATOR = re.compile(r"--\s*#SET\s+TERMINATOR\s+(\S+)", re.I)

IGNORED = {"GRANT", "REVOKE", "SET", "COMMIT", "ROLLBACK", "CONNECT", "RELEASE", "DROP", "RENAME", "REFRESH", "EXPLAIN", "LOCK"}
NOT_MODELLED = {"INSERT", "UPDATE", "DELETE", "MERGE", "SELECT", "CALL", "DECLARE", "EXECUTE", "TRUNCATE"}
CREATE_NOT_MODELLED = {
    "TRIGGER", "PROCEDURE", "FUNCTION", "SEQUENCE", "TYPE", "DISTINCT", "MASK", "PERMISSION", "ROLE",
    "TRUSTED", "VARIABLE", "AUXILIARY", "AUX", "GLOBAL",
}
# Words that end a column's default value or type: the next column clause starts.
COLUMN_CLAUSES = {
    "NOT", "NULL", "WITH", "DEFAULT", "PRIMARY", "UNIQUE", "REFERENCES", "CHECK", "CONSTRAINT", "FOR",
    "CCSID", "FIELDPROC", "GENERATED", "IMPLICITLY", "INLINE", "AS",
}
TYPE_SYNONYMS = {"CHARACTER": "CHAR", "INT": "INTEGER", "DEC": "DECIMAL", "NUMERIC": "DECIMAL", "NUM": "DECIMAL"}
TWO_WORD_TYPES = {
    ("CHAR", "VARYING"): "VARCHAR", ("CHAR", "LARGE"): "CLOB", ("BINARY", "LARGE"): "BLOB",
    ("BINARY", "VARYING"): "VARBINARY", ("DOUBLE", "PRECISION"): "DOUBLE", ("LONG", "VARCHAR"): "LONG VARCHAR",
    ("LONG", "VARGRAPHIC"): "LONG VARGRAPHIC", ("GRAPHIC", "VARYING"): "VARGRAPHIC",
}
NUMERIC_TYPES = {"SMALLINT", "INTEGER", "BIGINT", "DECIMAL", "FLOAT", "REAL", "DOUBLE", "DECFLOAT"}
DATETIME_DEFAULTS = {"DATE": "CURRENT DATE", "TIME": "CURRENT TIME", "TIMESTAMP": "CURRENT TIMESTAMP", "TIMESTAMP WITH TIME ZONE": "CURRENT TIMESTAMP"}
SIZE_SUFFIX = {"K": 1024, "M": 1024**2, "G": 1024**3}
# Physical options of tablespaces, databases and storage groups: KEYWORD value.
SPACE_OPTIONS = {
    "BUFFERPOOL", "INDEXBP", "STOGROUP", "CCSID", "PRIQTY", "SECQTY", "ERASE", "FREEPAGE", "PCTFREE",
    "GBPCACHE", "TRACKMOD", "SEGSIZE", "LOCKSIZE", "LOCKMAX", "CLOSE", "COMPRESS", "DSSIZE", "NUMPARTS",
    "MAXPARTITIONS", "MAXROWS", "VCAT", "DEFINE", "PAGENUM",
}
# Table options after the column list, kept as attributes.
TABLE_OPTIONS = {"CCSID": "ccsid", "EDITPROC": "editproc", "VALIDPROC": "validproc", "AUDIT": "audit", "OBID": "obid"}
VIEW_END = {"WHERE", "GROUP", "ORDER", "HAVING", "UNION", "EXCEPT", "INTERSECT", "FETCH", "ON", "JOIN", "INNER", "LEFT",
            "RIGHT", "FULL", "CROSS", "OUTER", "WITH", "FOR", "OPTIMIZE", "QUERYNO", "SKIP", "LIMIT", "OFFSET", "USING"}
FROM_END = {"WHERE", "GROUP", "HAVING", "ORDER", "UNION", "EXCEPT", "INTERSECT", "FETCH", "FOR", "OPTIMIZE", "QUERYNO", "SKIP", "LIMIT", "OFFSET", "SELECT"}
NOT_FUNCTION = {"IN", "EXISTS", "AS", "FROM", "JOIN", "ANY", "ALL", "SOME", "ON", "AND", "OR", "NOT", "WHERE", "SELECT",
                "HAVING", "UNION", "EXCEPT", "INTERSECT", "VALUES", "LATERAL", "TABLE", "THEN", "ELSE", "WHEN"}


class Token(NamedTuple):
    """kind: word, string, qid (quoted identifier), number, punct. ``text`` of a word or quoted
    identifier is upper-cased; a string keeps its quotes and spelling."""

    kind: str
    text: str
    line: int


@dataclass
class Statement:
    """One statement's tokens and its first and last line (the terminator's)."""

    tokens: list[Token]
    line: int
    end_line: int


class Unsupported(Exception):
    """sqlglot did not parse the statement into the expected shape: the scanner takes over."""


class DdlError(Exception):
    """The statement cannot be understood; it is skipped with a warning."""


# tokens and statements -------------------------------------------------------------------------


def statements(text: str, path: str, diagnostics: list[Diagnostic]) -> list[Statement]:
    """Split into statements at the terminator, dropping comments."""
    result: list[Statement] = []
    current: list[Token] = []
    terminator = ";"
    line = 1
    pos = 0
    while pos < len(text):
        if text.startswith(terminator, pos):
            if current:
                result.append(Statement(current, current[0].line, line))
            current = []
            pos += len(terminator)
            continue
        match = RE_TOKEN.match(text, pos)
        assert match is not None  # the pattern ends with "any character"
        kind = match.lastgroup or "punct"
        value = match.group()
        if kind == "word" and terminator in value:
            value = value[: value.index(terminator)]
        if kind == "comment":
            setting = RE_TERMINATOR.match(value)
            if setting:
                terminator = setting.group(1)
        elif kind == "punct" and value in "'\"" or (kind == "punct" and text.startswith("/*", pos)):
            what = "comment" if value == "/" else "string"
            diagnostics.append(Diagnostic("error", "ddl-syntax", f"unterminated {what}; the rest of the file is not analysed", path, line))
            current = []
            break
        elif kind != "space" and kind != "block":
            current.append(Token(kind, value.upper() if kind == "word" else value, line))
        line += value.count("\n")
        pos += len(value)
    if current:
        result.append(Statement(current, current[0].line, current[-1].line))
    return result


def unquote(token: Token) -> str:
    if token.kind == "qid":
        return token.text[1:-1].replace('""', '"').upper()
    if token.kind == "string":
        body = token.text[token.text.index("'") + 1:-1]
        return body.replace("''", "'")
    return token.text


def sql_text(tokens: list[Token]) -> str:
    """Tokens back to SQL for sqlglot; DB2 special registers get their standard spelling."""
    out: list[str] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        following = tokens[index + 1].text if index + 1 < len(tokens) else ""
        if token.text == "CURRENT" and following in ("DATE", "TIME", "TIMESTAMP"):
            out.append(f"CURRENT_{following}")
            index += 2
            continue
        if out and (token.text == "." or out[-1].endswith(".")):
            out[-1] += token.text
        else:
            out.append(token.text)
        index += 1
    return " ".join(out)


def display_sql(tokens: list[Token]) -> str:
    """Tokens as readable SQL for documents: ``SUM(BEDRAG)``, ``TSL.BETALING``, ``A, B``."""
    out = ""
    previous: Token | None = None
    for token in tokens:
        glued = previous is not None and (
            token.text in (",", ")", ".")
            or previous.text in ("(", ".")
            or (token.text == "(" and previous.kind == "word" and previous.text not in NOT_FUNCTION)
        )
        out += token.text if glued or previous is None else " " + token.text
        previous = token
    return out


class Cursor:
    """Reads a token list front to back."""

    def __init__(self, tokens: list[Token]):
        self.tokens = tokens
        self.index = 0

    def peek(self, ahead: int = 0) -> Token | None:
        index = self.index + ahead
        return self.tokens[index] if index < len(self.tokens) else None

    def word(self, ahead: int = 0) -> str:
        token = self.peek(ahead)
        return token.text if token and token.kind == "word" else ""

    def is_punct(self, text: str) -> bool:
        token = self.peek()
        return bool(token) and token.kind == "punct" and token.text == text

    def at_end(self) -> bool:
        return self.index >= len(self.tokens)

    def next(self) -> Token:
        token = self.peek()
        if token is None:
            raise DdlError("statement ends too early")
        self.index += 1
        return token

    def accept(self, *words: str) -> bool:
        if all(self.word(i) == w for i, w in enumerate(words)):
            self.index += len(words)
            return True
        return False

    def expect(self, *words: str) -> None:
        if not self.accept(*words):
            raise DdlError(f"expected {' '.join(words)}")

    def name(self) -> tuple[str | None, str, int]:
        """A possibly qualified name: (schema, name, line); a location prefix is dropped."""
        token = self.next()
        if token.kind not in NAME_TOKENS:
            raise DdlError(f"expected a name, found {token.text}")
        parts = [unquote(token)]
        while self.is_punct(".") and self.peek(1) and self.peek(1).kind in NAME_TOKENS:
            self.index += 1
            parts.append(unquote(self.next()))
        return (parts[-2] if len(parts) > 1 else None, parts[-1], token.line)

    def group(self) -> list[Token]:
        """The tokens inside the parentheses starting here."""
        if not self.is_punct("("):
            raise DdlError("expected (")
        depth = 0
        start = self.index
        while not self.at_end():
            token = self.next()
            if token.kind == "punct" and token.text == "(":
                depth += 1
            elif token.kind == "punct" and token.text == ")":
                depth -= 1
                if depth == 0:
                    return self.tokens[start + 1:self.index - 1]
        raise DdlError("unbalanced parentheses")

    def rest(self) -> list[Token]:
        tokens = self.tokens[self.index:]
        self.index = len(self.tokens)
        return tokens


def split_commas(tokens: list[Token]) -> list[list[Token]]:
    """Items of a parenthesised list: split at commas outside nested parentheses."""
    items: list[list[Token]] = [[]]
    depth = 0
    for token in tokens:
        if token.kind == "punct" and token.text == "(":
            depth += 1
        elif token.kind == "punct" and token.text == ")":
            depth -= 1
        elif token.kind == "punct" and token.text == "," and depth == 0:
            items.append([])
            continue
        items[-1].append(token)
    return [item for item in items if item]


def name_list(tokens: list[Token]) -> list[str]:
    """``(A, B DESC)`` -> [A, B]."""
    return [unquote(item[0]) for item in split_commas(tokens)]


def value_text(token: Token) -> Any:
    return int(token.text) if token.kind == "number" and token.text.isdigit() else unquote(token)


# facts in between: what a statement says, before it becomes a Module -----------------------------


@dataclass
class Column:
    """A table column; ``extra`` holds DB2 facts given only sometimes (CCSID, FOR BIT DATA, comment)."""

    name: str
    line: int
    type: str
    length: int | None
    scale: int | None
    nullable: bool = True
    default: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def attributes(self) -> dict[str, Any]:
        return {"type": self.type, "length": self.length, "scale": self.scale, "nullable": self.nullable, "default": self.default, **self.extra}


@dataclass
class ForeignKey:
    """A foreign key; no referenced columns means the parent's primary key."""

    columns: list[str]
    schema: str | None
    table: str
    referenced_columns: list[str]
    constraint: str | None
    on_delete: str | None
    line: int


@dataclass
class Table:
    """What CREATE TABLE (and ALTER TABLE ADD, indexes, remarks) say about one table."""

    schema: str | None
    name: str
    line: int
    end_line: int
    columns: list[Column] = field(default_factory=list)
    primary_key: list[str] = field(default_factory=list)
    unique_keys: list[list[str]] = field(default_factory=list)
    foreign_keys: list[ForeignKey] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)
    indexes: list[dict[str, Any]] = field(default_factory=list)
    comment: str | None = None


@dataclass
class View:
    """A view: its column list, the tables it reads (with lines) and its query text."""

    schema: str | None
    name: str
    line: int
    end_line: int
    columns: list[tuple[str, int]]
    tables: list[tuple[str | None, str, int]]
    query: str
    options: dict[str, Any] = field(default_factory=dict)
    comment: str | None = None


@dataclass
class Index:
    """An index; it joins its table's facts when the table is created in the same file."""

    schema: str | None
    name: str
    line: int
    end_line: int
    table_schema: str | None
    table: str
    columns: list[str]
    unique: bool
    comment: str | None = None


@dataclass
class Other:
    """Tablespace, database, storage group, alias or synonym."""

    kind: ModuleKind
    schema: str | None
    name: str
    line: int
    end_line: int
    options: dict[str, Any]
    target: tuple[str | None, str] | None = None
    comment: str | None = None


@dataclass
class Remark:
    """COMMENT ON / LABEL ON: applied once every object of the file is known."""

    attribute: str  # "comment" or "label"
    target_kind: str  # TABLE, COLUMN, INDEX, ALIAS, …
    schema: str | None
    name: str
    column: str | None
    text: str
    line: int


# columns and keys: the scanner -------------------------------------------------------------------


def read_type(cursor: Cursor) -> tuple[str, int | None, int | None]:
    """A DB2 data type with DB2's spelling and implicit lengths: DEC -> DECIMAL(5,0), CHAR -> CHAR(1)."""
    schema, first, _ = cursor.name()
    word = TYPE_SYNONYMS.get(first, first)
    second = cursor.word()
    if (word, second) in TWO_WORD_TYPES:
        cursor.index += 1
        word = TWO_WORD_TYPES[(word, second)]
        if word in ("CLOB", "BLOB"):
            cursor.accept("OBJECT")
    if schema:
        word = f"{schema}.{word}"
    numbers: list[int] = []
    if cursor.is_punct("("):
        for item in split_commas(cursor.group()):
            numbers.append(type_number(item))
    if word == "TIMESTAMP" and cursor.accept("WITH", "TIME", "ZONE"):
        word = "TIMESTAMP WITH TIME ZONE"
    cursor.accept("WITHOUT", "TIME", "ZONE")
    length = numbers[0] if numbers else None
    scale = numbers[1] if len(numbers) > 1 else None
    if word == "DECIMAL":
        length, scale = length or 5, scale or 0
    elif word in ("CHAR", "GRAPHIC", "BINARY") and length is None:
        length = 1
    return word, length, scale


def type_number(tokens: list[Token]) -> int:
    """``9``, ``1 M`` or ``2K`` inside a type's parentheses."""
    text = "".join(t.text for t in tokens).upper()
    match = re.fullmatch(r"(\d+)([KMG]?)(?:CHARACTERS|OCTETS|CODEUNITS\d+)?", text)
    if not match:
        raise DdlError(f"type length {text} is not a number")
    return int(match.group(1)) * SIZE_SUFFIX.get(match.group(2), 1)


def read_default(cursor: Cursor) -> str | None:
    """The value after DEFAULT, as DB2 would show it; None when DB2 picks the default itself."""
    token = cursor.peek()
    if token is None or (token.kind == "word" and token.text in COLUMN_CLAUSES - {"NULL"}):
        return None
    if token.kind == "punct" and token.text in "+-" and cursor.peek(1) and cursor.peek(1).kind == "number":
        cursor.index += 2
        return ("-" if token.text == "-" else "") + cursor.tokens[cursor.index - 1].text
    cursor.index += 1
    if token.kind == "word" and token.text == "CURRENT" and cursor.word():
        return f"CURRENT {cursor.next().text}"
    if token.kind == "word" and token.text.startswith("CURRENT_"):
        return token.text.replace("_", " ", 1)
    if token.kind == "punct" and token.text == "(":
        raise DdlError("expression defaults are not supported")
    return token.text


def implicit_default(type_name: str) -> str:
    """What DB2 puts in a column declared WITH DEFAULT and no value."""
    if type_name in NUMERIC_TYPES:
        return "0"
    return DATETIME_DEFAULTS.get(type_name, "''")


class ElementScanner:
    """Reads the elements of a CREATE TABLE list (columns and table constraints) from tokens."""

    def __init__(self, table: Table):
        self.table = table

    def element(self, tokens: list[Token]) -> None:
        cursor = Cursor(tokens)
        constraint = None
        if cursor.accept("CONSTRAINT"):
            constraint = cursor.name()[1]
        first = cursor.word()
        if first in ("PRIMARY", "UNIQUE", "FOREIGN", "CHECK") and (first != "UNIQUE" or cursor.peek(1) and cursor.peek(1).text == "("):
            self.constraint(cursor, constraint)
        elif first == "PERIOD" or (first == "LIKE" and constraint is None):
            return
        elif constraint is not None:
            raise DdlError(f"constraint {constraint} has no PRIMARY KEY, UNIQUE, FOREIGN KEY or CHECK")
        else:
            self.column(cursor)

    def constraint(self, cursor: Cursor, name: str | None) -> None:
        if cursor.accept("PRIMARY", "KEY"):
            self.table.primary_key = name_list(cursor.group())
        elif cursor.accept("UNIQUE"):
            self.table.unique_keys.append(name_list(cursor.group()))
        elif cursor.accept("FOREIGN", "KEY"):
            if not cursor.is_punct("("):
                name = cursor.name()[1]
            columns = name_list(cursor.group())
            self.table.foreign_keys.append(references(cursor, columns, name))
        else:
            cursor.expect("CHECK")

    def column(self, cursor: Cursor) -> None:
        token = cursor.next()
        if token.kind not in ("word", "qid"):
            raise DdlError(f"expected a column name, found {token.text}")
        column = Column(unquote(token), token.line, *read_type(cursor))
        constraint = None
        while not cursor.at_end():
            constraint = self.column_clause(cursor, column, constraint)
        self.table.columns.append(column)

    def column_clause(self, cursor: Cursor, column: Column, constraint: str | None) -> str | None:
        """One clause after the type; returns the name of a CONSTRAINT that applies to the next."""
        if cursor.accept("CONSTRAINT"):
            return cursor.name()[1]
        if cursor.accept("NOT", "NULL"):
            column.nullable = False
        elif cursor.accept("NULL"):
            column.nullable = True
        elif cursor.accept("WITH", "DEFAULT") or cursor.accept("DEFAULT"):
            value = read_default(cursor)
            column.default = value if value is not None else implicit_default(column.type)
        elif cursor.accept("PRIMARY", "KEY"):
            self.table.primary_key = [column.name]
        elif cursor.accept("UNIQUE"):
            self.table.unique_keys.append([column.name])
        elif cursor.word() == "REFERENCES":
            self.table.foreign_keys.append(references(cursor, [column.name], constraint))
        elif cursor.accept("CHECK"):
            cursor.group()
        else:
            column_extra(cursor, column)
        return None


def column_extra(cursor: Cursor, column: Column) -> None:
    """DB2 column clauses that are facts but not structure: FOR BIT DATA, CCSID, FIELDPROC, GENERATED."""
    if cursor.accept("FOR"):
        subtype = cursor.next().text
        cursor.accept("DATA")
        column.extra["for_data"] = subtype
    elif cursor.accept("CCSID"):
        column.extra["ccsid"] = cursor.next().text
    elif cursor.accept("FIELDPROC"):
        column.extra["fieldproc"] = cursor.name()[1]
        if cursor.is_punct("("):
            cursor.group()
    elif cursor.accept("GENERATED"):
        column.extra["generated"] = "ALWAYS" if cursor.accept("ALWAYS") else "BY DEFAULT" if cursor.accept("BY", "DEFAULT") else ""
        while not cursor.at_end() and cursor.word() not in COLUMN_CLAUSES - {"AS", "FOR", "WITH", "DEFAULT"}:
            if cursor.is_punct("("):
                cursor.group()
            else:
                cursor.next()
    else:
        cursor.next()


def references(cursor: Cursor, columns: list[str], constraint: str | None) -> ForeignKey:
    """``REFERENCES t [(cols)] [ON DELETE action]``; trailing ENFORCED and the like are skipped."""
    cursor.expect("REFERENCES")
    line = cursor.tokens[cursor.index - 1].line
    schema, table, _ = cursor.name()
    referenced = name_list(cursor.group()) if cursor.is_punct("(") else []
    on_delete = None
    while not cursor.at_end():
        if cursor.accept("ON", "DELETE"):
            on_delete = " ".join(t.text for t in take_action(cursor))
        elif cursor.accept("ON", "UPDATE"):
            take_action(cursor)
        elif cursor.word() in ("ENFORCED", "NOT", "ENABLE", "DISABLE", "QUERY", "OPTIMIZATION", "TRUSTED"):
            if cursor.word() == "NOT" and cursor.word(1) == "NULL":
                break
            cursor.next()
        else:
            break
    return ForeignKey(columns, schema, table, referenced, constraint, on_delete, line)


def take_action(cursor: Cursor) -> list[Token]:
    start = cursor.index
    if not (cursor.accept("SET", "NULL") or cursor.accept("NO", "ACTION") or cursor.accept("SET", "DEFAULT")):
        cursor.next()
    return cursor.tokens[start:cursor.index]


# the statement readers -----------------------------------------------------------------------------


class Reader:
    """Turns statements into tables, views, indexes, remarks; sqlglot first where allowed."""

    def __init__(self, path: str, use_sqlglot: bool):
        self.path = path
        self.use_sqlglot = use_sqlglot
        self.objects: list[Table | View | Index | Other] = []
        self.remarks: list[Remark] = []
        self.alters: list[tuple[Statement, Cursor]] = []
        self.diagnostics: list[Diagnostic] = []

    def note(self, severity: str, code: str, message: str, line: int | None) -> None:
        self.diagnostics.append(Diagnostic(severity, code, message, self.path, line))

    def read(self, statement: Statement) -> None:
        cursor = Cursor(statement.tokens)
        verb = cursor.word()
        try:
            if verb == "CREATE":
                self.create(statement, cursor)
            elif verb in ("COMMENT", "LABEL") and cursor.word(1) == "ON":
                self.remark(statement, cursor)
            elif verb == "ALTER" and cursor.word(1) == "TABLE":
                self.alters.append((statement, cursor))
            elif verb in IGNORED or verb == "ALTER":
                return
            elif verb in NOT_MODELLED:
                self.note("info", "ddl-not-modelled", f"{verb} statement not analysed", statement.line)
            else:
                first = statement.tokens[0].text[:30]
                self.note("warning", "ddl-unknown-statement", f"unknown statement {first} skipped", statement.line)
        except DdlError as problem:
            self.note("warning", "ddl-syntax", f"{verb} statement skipped: {problem}", statement.line)
        except Exception as problem:  # noqa: BLE001 - one statement is lost, not the file
            self.note("error", "ddl-internal", f"{verb} statement not analysed: internal error {type(problem).__name__}: {problem}", statement.line)

    def create(self, statement: Statement, cursor: Cursor) -> None:
        cursor.expect("CREATE")
        cursor.accept("OR", "REPLACE")
        unique = cursor.accept("UNIQUE")
        cursor.accept("WHERE", "NOT", "NULL")
        cursor.accept("PUBLIC")
        temporary = cursor.accept("GLOBAL", "TEMPORARY")
        if not cursor.accept("LARGE"):
            cursor.accept("LOB")
        kind = cursor.word()
        cursor.index += 1
        if kind == "TABLE":
            self.objects.append(self.table(statement, cursor, temporary))
        elif kind == "VIEW":
            self.objects.append(self.view(statement, cursor))
        elif kind == "INDEX":
            self.objects.append(self.index(statement, cursor, unique))
        elif kind in ("TABLESPACE", "DATABASE", "STOGROUP"):
            self.objects.append(space(ModuleKind(kind.lower()), statement, cursor))
        elif kind in ("ALIAS", "SYNONYM"):
            self.objects.append(alias(ModuleKind(kind.lower()), statement, cursor))
        elif kind in CREATE_NOT_MODELLED:
            self.note("info", "ddl-not-modelled", f"CREATE {kind} not analysed", statement.line)
        else:
            self.note("warning", "ddl-unknown-statement", f"CREATE {kind or '?'} skipped", statement.line)

    # tables ----------------------------------------------------------------------------------

    def table(self, statement: Statement, cursor: Cursor, temporary: bool) -> Table:
        cursor.accept("IF", "NOT", "EXISTS")  # SQLite, PostgreSQL, MySQL, Db2 for LUW 11.5
        schema, name, _ = cursor.name()
        table = Table(schema, name, statement.line, statement.end_line)
        if temporary:
            table.options["temporary"] = True
        if cursor.accept("LIKE"):
            like = cursor.name()
            table.options["like"] = like[1]
            self.note("info", "ddl-not-modelled", f"table {name} is LIKE {like[1]}: its columns are not repeated", statement.line)
            return table
        if not cursor.is_punct("("):
            raise DdlError(f"table {name} has no column list")
        elements = split_commas(cursor.group())
        table_options(table, cursor.rest())
        if self.use_sqlglot and with_sqlglot(glot_table, table, elements, name) is table:
            return table
        table.columns, table.primary_key, table.unique_keys, table.foreign_keys = [], [], [], []
        scan_elements(table, elements)
        return table

    # views -----------------------------------------------------------------------------------

    def view(self, statement: Statement, cursor: Cursor) -> View:
        schema, name, _ = cursor.name()
        columns = [(unquote(item[0]), item[0].line) for item in split_commas(cursor.group())] if cursor.is_punct("(") else []
        cursor.expect("AS")
        query = cursor.rest()
        options: dict[str, Any] = {}
        tail = [t.text for t in query[-4:]]
        if tail[-2:] == ["CHECK", "OPTION"]:
            cut = 4 if len(tail) == 4 and tail[1] in ("CASCADED", "LOCAL") else 3
            options["check_option"] = True
            query = query[:-cut]
        tables = with_sqlglot(glot_view_tables, query) if self.use_sqlglot else None
        if tables is None:
            tables = scan_view_tables(query)
        located = locate_tables(tables, query)
        text = display_sql(query)
        return View(schema, name, statement.line, statement.end_line, columns, located, text, options)

    # indexes ---------------------------------------------------------------------------------

    def index(self, statement: Statement, cursor: Cursor, unique: bool) -> Index:
        schema, name, _ = cursor.name()
        cursor.expect("ON")
        table_schema, table, _ = cursor.name()
        items = cursor.group()
        columns = with_sqlglot(glot_index_columns, name, table_schema, table, items, unique) if self.use_sqlglot else None
        if columns is None:
            columns = scan_index_columns(items)
        return Index(schema, name, statement.line, statement.end_line, table_schema, table, columns, unique)

    # remarks ---------------------------------------------------------------------------------

    def remark(self, statement: Statement, cursor: Cursor) -> None:
        """COMMENT ON / LABEL ON, single object or ``t (c IS '..', ..)``."""
        attribute = "comment" if cursor.next().text == "COMMENT" else "label"
        cursor.expect("ON")
        kind = cursor.word()
        if kind in ("TABLE", "COLUMN", "INDEX", "ALIAS", "TABLESPACE", "VIEW", "DATABASE", "STOGROUP") and cursor.peek(1) and cursor.peek(1).kind in NAME_TOKENS:
            cursor.index += 1
        else:
            kind = "TABLE"
        parts = [unquote(cursor.next())]
        while cursor.is_punct("."):
            cursor.index += 1
            parts.append(unquote(cursor.next()))
        if cursor.is_punct("(") and kind == "TABLE":
            schema, name = (parts[-2] if len(parts) > 1 else None), parts[-1]
            for item in split_commas(cursor.group()):
                sub = Cursor(item)
                column = unquote(sub.next())
                sub.expect("IS")
                self.remarks.append(Remark(attribute, "COLUMN", schema, name, column, remark_text(sub), item[0].line))
            return
        cursor.expect("IS")
        text = remark_text(cursor)
        if kind == "COLUMN":
            if len(parts) < 2:
                raise DdlError("COMMENT ON COLUMN needs table.column")
            schema = parts[-3] if len(parts) > 2 else None
            self.remarks.append(Remark(attribute, "COLUMN", schema, parts[-2], parts[-1], text, statement.line))
        else:
            schema = parts[-2] if len(parts) > 1 else None
            self.remarks.append(Remark(attribute, kind, schema, parts[-1], None, text, statement.line))


def remark_text(cursor: Cursor) -> str:
    token = cursor.next()
    if token.kind != "string":
        raise DdlError("expected a string after IS")
    return unquote(token)


def scan_elements(table: Table, elements: list[list[Token]]) -> None:
    scanner = ElementScanner(table)
    for element in elements:
        scanner.element(element)


def table_options(table: Table, tokens: list[Token]) -> None:
    """What follows the column list: IN db.ts / IN DATABASE db, CCSID, EDITPROC, AUDIT, DATA CAPTURE."""
    cursor = Cursor(tokens)
    while not cursor.at_end():
        if cursor.accept("IN", "DATABASE"):
            table.options["database"] = cursor.name()[1]
        elif cursor.accept("IN"):
            database, tablespace, _ = cursor.name()
            table.options["tablespace"] = tablespace
            if database:
                table.options["database"] = database
        elif cursor.word() in TABLE_OPTIONS:
            key = TABLE_OPTIONS[cursor.next().text]
            table.options[key] = value_text(cursor.next())
        elif cursor.accept("DATA", "CAPTURE"):
            table.options["data_capture"] = cursor.next().text
        elif cursor.is_punct("("):
            cursor.group()
        else:
            cursor.next()


def space(kind: ModuleKind, statement: Statement, cursor: Cursor) -> Other:
    """CREATE TABLESPACE/DATABASE/STOGROUP with its physical options."""
    schema, name, _ = cursor.name()
    options: dict[str, Any] = {}
    while not cursor.at_end():
        if kind == ModuleKind.TABLESPACE and cursor.accept("IN"):
            options["database"] = cursor.name()[1]
        elif cursor.accept("USING"):
            word = cursor.next().text
            options[word.lower()] = value_text(cursor.next())
        elif cursor.accept("VOLUMES"):
            options["volumes"] = [value_text(item[0]) for item in split_commas(cursor.group())]
        elif cursor.accept("MEMBER", "CLUSTER") or cursor.accept("AS", "WORKFILE"):
            options[cursor.tokens[cursor.index - 2].text.lower() + "_" + cursor.tokens[cursor.index - 1].text.lower()] = True
        elif cursor.accept("NOT", "LOGGED"):
            options["logged"] = False
        elif cursor.word() in SPACE_OPTIONS and cursor.peek(1) is not None and cursor.peek(1).kind != "punct":
            key = cursor.next().text.lower()
            options[key] = value_text(cursor.next())
        elif cursor.is_punct("("):
            cursor.group()
        else:
            cursor.next()
    return Other(kind, schema, name, statement.line, statement.end_line, options)


def alias(kind: ModuleKind, statement: Statement, cursor: Cursor) -> Other:
    """CREATE ALIAS a FOR [TABLE] t / CREATE SYNONYM s FOR t."""
    schema, name, _ = cursor.name()
    cursor.expect("FOR")
    cursor.accept("TABLE")
    if cursor.accept("SEQUENCE"):
        target_schema, target, _ = cursor.name()
        return Other(kind, schema, name, statement.line, statement.end_line, {"for_schema": target_schema, "for": target, "sequence": True})
    target_schema, target, _ = cursor.name()
    return Other(kind, schema, name, statement.line, statement.end_line, {"for_schema": target_schema, "for": target}, (target_schema, target))


# sqlglot -------------------------------------------------------------------------------------


@contextlib.contextmanager
def quiet_sqlglot() -> Iterator[None]:
    """sqlglot logs a warning when it falls back to a Command; we fall back to the scanner instead."""
    logger = logging.getLogger("sqlglot")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def with_sqlglot(function: Callable[..., Any], *args: Any) -> Any:
    """Run one of the sqlglot readers; None (the scanner takes over) when sqlglot cannot give the
    facts, whatever the reason: the scanner gives the same facts, so nothing is lost."""
    try:
        return function(*args)
    except Exception:  # noqa: BLE001 - sqlglot raises many kinds, and its trees vary by version
        return None


def glot_parse(sql: str) -> Any:
    """sqlglot's tree of one statement (default dialect); Unsupported when it does not parse."""
    try:
        import sqlglot
        from sqlglot import exp

        with quiet_sqlglot():
            tree = sqlglot.parse_one(sql, read=None, error_level=sqlglot.ErrorLevel.RAISE)
    except Exception as problem:  # noqa: BLE001 - sqlglot raises many kinds; the scanner takes over
        raise Unsupported(str(problem)) from problem
    if tree is None or isinstance(tree, exp.Command):
        raise Unsupported("parsed as a command")
    return tree


def glot_element_sql(tokens: list[Token]) -> str:
    """One table element without its DB2-only clauses, for sqlglot."""
    out: list[Token] = []
    cursor = Cursor(tokens)
    while not cursor.at_end():
        word = cursor.word()
        if word == "FOR" and cursor.word(2) == "DATA":
            cursor.index += 3
        elif word == "CCSID" or (word == "INLINE" and cursor.word(1) == "LENGTH"):
            cursor.index += 2 if word == "CCSID" else 3
        elif word == "FIELDPROC":
            cursor.index += 1
            cursor.name()
            if cursor.is_punct("("):
                cursor.group()
        elif cursor.accept("WITH", "DEFAULT") or cursor.accept("DEFAULT"):
            read_default(cursor)
        elif word in ("GENERATED", "IMPLICITLY"):
            raise Unsupported("generated and hidden columns")
        elif word == "FOREIGN" and cursor.word(1) == "KEY" and cursor.peek(2) and cursor.peek(2).text != "(":
            name = cursor.tokens[cursor.index + 2]
            out.extend([Token("word", "CONSTRAINT", name.line), name, *cursor.tokens[cursor.index:cursor.index + 2]])
            cursor.index += 3
        else:
            out.append(cursor.next())
    return sql_text(out)


def glot_table(table: Table, elements: list[list[Token]], name: str) -> Table:
    """Columns and constraints from sqlglot's tree; types, defaults and lines from the tokens."""
    from sqlglot import exp

    body = ", ".join(glot_element_sql(element) for element in elements)
    tree = glot_parse(f'CREATE TABLE "{name}" ({body})')
    schema = tree.this if isinstance(tree, exp.Create) else None
    if not isinstance(schema, exp.Schema) or len(schema.expressions) != len(elements):
        raise Unsupported("unexpected shape")
    for expression, tokens in zip(schema.expressions, elements, strict=True):
        glot_element(table, expression, tokens)
    return table


def glot_element(table: Table, expression: Any, tokens: list[Token]) -> None:
    """A column, or a table constraint: primary key, unique key, foreign key (CHECK is skipped)."""
    from sqlglot import exp

    if isinstance(expression, exp.ColumnDef):
        glot_column(table, expression, tokens)
        return
    constraint = expression.name.upper() if isinstance(expression, exp.Constraint) else None
    parts = expression.expressions if isinstance(expression, exp.Constraint) else [expression]
    for part in parts:
        if isinstance(part, exp.PrimaryKey):
            table.primary_key = [identifier(e) for e in part.expressions]
        elif isinstance(part, exp.UniqueColumnConstraint) and isinstance(part.this, exp.Schema):
            table.unique_keys.append([identifier(e) for e in part.this.expressions])
        elif isinstance(part, exp.ForeignKey):
            columns = [identifier(e) for e in part.expressions]
            table.foreign_keys.append(glot_reference(part.args["reference"], columns, constraint, tokens))
        elif not isinstance(part, exp.CheckColumnConstraint):
            raise Unsupported(f"table element {type(part).__name__}")


def glot_column(table: Table, expression: Any, tokens: list[Token]) -> None:
    """Name, nullability and inline keys from sqlglot; type, default and DB2 extras from the tokens."""
    from sqlglot import exp

    cursor = Cursor(tokens)
    first = cursor.next()
    column = Column(expression.name.upper(), first.line, *read_type(cursor))
    column.default = token_default(tokens, column.type)
    scratch = Column(column.name, column.line, column.type, None, None)
    while not cursor.at_end():
        if cursor.word() in ("FOR", "CCSID", "FIELDPROC"):
            column_extra(cursor, scratch)
        elif cursor.is_punct("("):
            cursor.group()
        else:
            cursor.next()
    column.extra = scratch.extra
    constraint = None
    for item in expression.args.get("constraints") or []:
        kind = item.args.get("kind")
        if isinstance(kind, exp.NotNullColumnConstraint):
            column.nullable = bool(kind.args.get("allow_null"))
        elif isinstance(kind, exp.PrimaryKeyColumnConstraint):
            table.primary_key = [column.name]
        elif isinstance(kind, exp.UniqueColumnConstraint):
            table.unique_keys.append([column.name])
        elif isinstance(kind, exp.Reference):
            constraint = item.name.upper() if item.name else None
            table.foreign_keys.append(glot_reference(kind, [column.name], constraint, tokens))
        elif not isinstance(kind, exp.CheckColumnConstraint):
            raise Unsupported(f"column constraint {type(kind).__name__}")
    table.columns.append(column)


def token_default(tokens: list[Token], type_name: str) -> str | None:
    """The default value as the scanner reads it, so both ways spell it the same."""
    cursor = Cursor(tokens)
    default = None
    while not cursor.at_end():
        if cursor.accept("WITH", "DEFAULT") or cursor.accept("DEFAULT"):
            value = read_default(cursor)
            default = value if value is not None else implicit_default(type_name)
        elif cursor.is_punct("("):
            cursor.group()
        else:
            cursor.next()
    return default


def glot_reference(reference: Any, columns: list[str], constraint: str | None, tokens: list[Token]) -> ForeignKey:
    from sqlglot import exp

    target = reference.this
    referenced: list[str] = []
    if isinstance(target, exp.Schema):
        referenced = [identifier(e) for e in target.expressions]
        target = target.this
    if not isinstance(target, exp.Table):
        raise Unsupported("reference target")
    on_delete = None
    for option in reference.args.get("options") or []:
        text = str(option).upper()
        if text.startswith("ON DELETE "):
            on_delete = text[len("ON DELETE "):]
    line = next((t.line for t in tokens if t.kind == "word" and t.text == "REFERENCES"), tokens[0].line)
    return ForeignKey(columns, target.db.upper() or None, target.name.upper(), referenced, constraint, on_delete, line)


def identifier(expression: Any) -> str:
    return expression.name.upper()


def glot_view_tables(query: list[Token]) -> list[tuple[str | None, str]]:
    """Every table the query names, except its common table expressions."""
    from sqlglot import exp

    tree = glot_parse(sql_text(query))
    ctes = {cte.alias_or_name.upper() for cte in tree.find_all(exp.CTE)}
    found: list[tuple[str | None, str]] = []
    for table in tree.find_all(exp.Table):
        key = (table.db.upper() or None, table.name.upper())
        if table.name and key[1] not in ctes and key not in found:
            found.append(key)
    return found


def glot_index_columns(name: str, table_schema: str | None, table: str, items: list[Token], unique: bool) -> list[str]:
    """The key columns; sqlglot wants an unqualified index name, so the schema stays out."""
    from sqlglot import exp

    qualified = f"{table_schema}.{table}" if table_schema else table
    sql = f'CREATE {"UNIQUE " if unique else ""}INDEX "{name}" ON {qualified} ({sql_text(items)})'
    tree = glot_parse(sql)
    index = tree.this if isinstance(tree, exp.Create) else None
    params = index.args.get("params") if isinstance(index, exp.Index) else None
    columns = params.args.get("columns") if params else None
    if not columns:
        raise Unsupported("index without columns")
    names = []
    for ordered in columns:
        column = ordered.this if isinstance(ordered, exp.Ordered) else ordered
        if not isinstance(column, exp.Column):
            raise Unsupported("index on an expression")
        names.append(column.name.upper())
    return names


# scanner for views and indexes -----------------------------------------------------------------


def scan_index_columns(items: list[Token]) -> list[str]:
    """Key columns without ASC/DESC/RANDOM; an expression key is kept as its text."""
    columns = []
    for item in split_commas(items):
        if len(item) > 1 and item[1].text not in ("ASC", "DESC", "RANDOM"):
            columns.append(" ".join(t.text for t in item))
        else:
            columns.append(unquote(item[0]))
    return columns


def scan_view_tables(query: list[Token]) -> list[tuple[str | None, str]]:
    """Tables after FROM, JOIN and the commas of a FROM list, at any depth, except common table
    expressions and FROM inside function calls (EXTRACT(YEAR FROM d))."""
    ctes = cte_names(query)
    found: list[tuple[str | None, str]] = []
    levels = [ScanLevel(function=False)]
    index = 0
    while index < len(query):
        token = query[index]
        level = levels[-1]
        index += 1
        if token.kind == "punct" and token.text == "(":
            before = query[index - 2] if index >= 2 else None
            levels.append(ScanLevel(function=bool(before) and before.kind == "word" and before.text not in NOT_FUNCTION))
        elif token.kind == "punct" and token.text == ")":
            if len(levels) > 1:
                levels.pop()
        elif level.function:
            continue
        elif token.text in ("FROM", "JOIN") or (token.text == "," and level.in_from):
            level.in_from = level.in_from or token.text == "FROM"
            index = table_reference(query, index, found, ctes)
        elif token.kind == "word" and token.text in FROM_END:
            level.in_from = False
    return found


@dataclass
class ScanLevel:
    """One parenthesis level of a query: a function's arguments, or a (sub)query in or out of FROM."""

    function: bool
    in_from: bool = False


def table_reference(query: list[Token], index: int, found: list[tuple[str | None, str]], ctes: set[str]) -> int:
    """Read ``name [AS] [alias]`` at index and note the table; returns where to go on."""
    if index >= len(query):
        return index
    token = query[index]
    if token.kind not in NAME_TOKENS or token.text in ("TABLE", "LATERAL", "FINAL", "NEW", "OLD", "UNNEST", "XMLTABLE"):
        return index
    parts = [unquote(token)]
    index += 1
    while index + 1 < len(query) and query[index].text == "." and query[index + 1].kind in NAME_TOKENS:
        parts.append(unquote(query[index + 1]))
        index += 2
    key = (parts[-2] if len(parts) > 1 else None, parts[-1])
    if key[1] not in ctes and key not in found:
        found.append(key)
    if index < len(query) and query[index].text == "AS":
        index += 1
    if index < len(query) and query[index].kind in NAME_TOKENS and query[index].text not in VIEW_END:
        index += 1
    return index


def cte_names(query: list[Token]) -> set[str]:
    """Names defined by ``WITH name [(cols)] AS (...), name2 AS (...)`` at the start of the query."""
    names: set[str] = set()
    cursor = Cursor(query)
    if not cursor.accept("WITH"):
        return names
    while not cursor.at_end() and cursor.peek().kind in ("word", "qid"):
        names.add(unquote(cursor.next()))
        if cursor.is_punct("("):
            cursor.group()
        if not cursor.accept("AS") or not cursor.is_punct("("):
            break
        cursor.group()
        if not cursor.is_punct(","):
            break
        cursor.index += 1
    return names


def locate_tables(tables: list[tuple[str | None, str]], query: list[Token]) -> list[tuple[str | None, str, int]]:
    """Order tables by where their name first appears, with that line: both ways then agree."""
    located = []
    for schema, name in tables:
        position = len(query)
        line = query[0].line if query else 0
        for index, token in enumerate(query):
            if token.kind in ("word", "qid") and unquote(token) == name and (schema is None or (index >= 2 and unquote(query[index - 2]) == schema and query[index - 1].text == ".")):
                position, line = index, token.line
                break
        located.append((position, schema, name, line))
    located.sort(key=lambda item: item[0])
    return [(schema, name, line) for _, schema, name, line in located]


# facts ---------------------------------------------------------------------------------------


class Facts:
    """Links the objects of one file (indexes to tables, remarks, foreign keys) and makes Modules."""

    def __init__(self, path: str, reader: Reader):
        self.path = path
        self.reader = reader
        self.tables: dict[str, Table] = {}
        self.diagnostics = reader.diagnostics

    def note(self, severity: str, code: str, message: str, line: int | None) -> None:
        self.diagnostics.append(Diagnostic(severity, code, message, self.path, line))

    def find_table(self, schema: str | None, name: str) -> Table | None:
        table = self.tables.get(name)
        if table and (schema is None or table.schema in (None, schema)):
            return table
        return None

    def modules(self) -> list[Module]:
        for item in self.reader.objects:
            if isinstance(item, Table):
                if item.name in self.tables:
                    self.note("warning", "ddl-duplicate", f"table {item.name} is created twice; the later one is kept", item.line)
                self.tables[item.name] = item
        self.apply_alters()
        standalone = self.attach_indexes()
        self.apply_remarks()
        modules: list[Module] = []
        for item in self.reader.objects:
            if isinstance(item, Table) and self.tables.get(item.name) is item:
                modules.append(self.table_module(item))
            elif isinstance(item, View):
                modules.append(self.view_module(item))
            elif isinstance(item, Index) and item in standalone:
                modules.append(self.index_module(item))
            elif isinstance(item, Other):
                modules.append(self.other_module(item))
        return modules

    def apply_alters(self) -> None:
        """ALTER TABLE t ADD column / PRIMARY KEY / FOREIGN KEY / UNIQUE for tables of this file."""
        for statement, cursor in self.reader.alters:
            try:
                cursor.expect("ALTER", "TABLE")
                schema, name, _ = cursor.name()
                table = self.find_table(schema, name)
                if table is None:
                    self.note("info", "ddl-not-modelled", f"ALTER TABLE {name}: table not created in this file", statement.line)
                elif cursor.accept("ADD"):
                    cursor.accept("COLUMN")
                    scan_elements(table, [cursor.rest()])
            except DdlError as problem:
                self.note("warning", "ddl-syntax", f"ALTER TABLE skipped: {problem}", statement.line)
            except Exception as problem:  # noqa: BLE001 - one statement is lost, not the file
                self.note("error", "ddl-internal", f"ALTER TABLE not analysed: internal error {type(problem).__name__}: {problem}", statement.line)

    def attach_indexes(self) -> list[Index]:
        """Indexes join their table's facts; those on tables created elsewhere are returned."""
        standalone = []
        for item in self.reader.objects:
            if not isinstance(item, Index):
                continue
            table = self.find_table(item.table_schema, item.table)
            if table is None:
                standalone.append(item)
                continue
            table.indexes.append({"name": item.name, "columns": item.columns, "unique": item.unique})
            self.check_columns(table, item.columns, f"index {item.name}", item.line)
        return standalone

    def check_columns(self, table: Table, columns: list[str], what: str, line: int) -> None:
        known = {c.name for c in table.columns}
        missing = [c for c in columns if c not in known and RE_NAME.fullmatch(c)]
        if known and missing:
            self.note("warning", "ddl-unknown-column", f"{what} names column(s) {', '.join(missing)} that table {table.name} does not have", line)

    def apply_remarks(self) -> None:
        """COMMENT ON / LABEL ON texts onto the objects and columns they name, matched by name."""
        named: dict[str, Any] = {o.name: o for o in self.reader.objects if not isinstance(o, Table)}
        named.update(self.tables)
        for remark in self.reader.remarks:
            target = named.get(remark.name)
            if target is None:
                self.note("info", "ddl-comment-target", f"{remark.attribute.upper()} ON {remark.name}: not created in this file", remark.line)
            elif remark.column is None:
                if remark.attribute == "comment":
                    target.comment = remark.text
                elif getattr(target, "options", None) is not None:
                    target.options["label"] = remark.text
            else:
                self.column_remark(target, remark)

    def column_remark(self, target: Any, remark: Remark) -> None:
        columns = getattr(target, "columns", [])
        found = [c for c in columns if isinstance(c, Column) and c.name == remark.column]
        if not found:
            self.note("info", "ddl-comment-target", f"{remark.attribute.upper()} ON {remark.name}.{remark.column}: no such column", remark.line)
            return
        found[0].extra[remark.attribute] = remark.text

    def table_module(self, table: Table) -> Module:
        if table.primary_key:
            self.check_columns(table, table.primary_key, "the primary key", table.line)
        options = dict(table.options)
        attributes: dict[str, Any] = {
            "schema": table.schema,
            "tablespace": options.pop("tablespace", None),
            "database": options.pop("database", None),
            "primary_key": table.primary_key,
            "indexes": table.indexes,
            "comment": table.comment,
        }
        if table.unique_keys:
            attributes["unique_keys"] = table.unique_keys
        attributes.update(options)
        module = Module(table.name, ModuleKind.TABLE, "sql", self.path, table.line, table.end_line, attributes=attributes)
        module.symbols = [Symbol(c.name, "column", c.line, None, self.path, c.attributes()) for c in table.columns]
        for key in table.foreign_keys:
            self.check_columns(table, key.columns, "a foreign key", key.line)
            referenced = key.referenced_columns
            if not referenced:
                parent = self.find_table(key.schema, key.table)
                referenced = list(parent.primary_key) if parent else []
            attributes = {"schema": key.schema, "columns": key.columns, "referenced_columns": referenced, "constraint": key.constraint, "on_delete": key.on_delete}
            module.references.append(Reference(ReferenceKind.REFERENCES, key.table, NodeKind.TABLE, Mechanism.SQL, key.line, self.path, attributes=attributes))
        module.metrics = {"lines": table.end_line - table.line + 1, "columns": len(table.columns)}
        return module

    def view_module(self, view: View) -> Module:
        attributes: dict[str, Any] = {"schema": view.schema, "comment": view.comment, "query": view.query, **view.options}
        module = Module(view.name, ModuleKind.VIEW, "sql", self.path, view.line, view.end_line, attributes=attributes)
        module.symbols = [Symbol(name, "column", line, None, self.path) for name, line in view.columns]
        module.references = [Reference(ReferenceKind.READS, name, NodeKind.TABLE, Mechanism.SQL, line, self.path, attributes={"schema": schema})
                             for schema, name, line in view.tables]
        module.metrics = {"lines": view.end_line - view.line + 1}
        return module

    def index_module(self, index: Index) -> Module:
        attributes = {"schema": index.schema, "table_schema": index.table_schema, "table": index.table, "columns": index.columns, "unique": index.unique, "comment": index.comment}
        module = Module(index.name, ModuleKind.INDEX, "sql", self.path, index.line, index.end_line, attributes=attributes)
        module.references = [Reference(ReferenceKind.DEFINES, index.table, NodeKind.TABLE, Mechanism.SQL, index.line, self.path,
                                       attributes={"schema": index.table_schema})]
        return module

    def other_module(self, other: Other) -> Module:
        attributes = {"schema": other.schema, **other.options} if other.kind in (ModuleKind.ALIAS, ModuleKind.SYNONYM) else dict(other.options)
        if other.comment is not None:
            attributes["comment"] = other.comment
        module = Module(other.name, other.kind, "sql", self.path, other.line, other.end_line, attributes=attributes)
        if other.target:
            module.references = [Reference(ReferenceKind.REFERENCES, other.target[1], NodeKind.TABLE, Mechanism.SQL, other.line, self.path,
                                           attributes={"schema": other.target[0]})]
        return module


def looks_like(text: str) -> bool:
    """Whether a text is DDL: it creates a table, view, index, tablespace, database, storage group,
    alias or synonym at the start of a line (``--`` comments, ``SET CURRENT SQLID``, GRANT and COMMIT
    around it are fine), and is not a program with embedded SQL (``EXEC SQL``) or JCL (``//``
    statements: the DDL in a job's SYSIN is read by the JCL parser). For the inventory, which
    classifies by content, and for the JCL parser's in-stream data."""
    if not RE_CREATE.search(text) or RE_EMBEDDED_SQL.search(text):
        return False
    return not any(line.startswith("//") for line in text.split("\n", 200)[:200])


def parse_text(path: str, text: str, use_sqlglot: bool = True) -> tuple[list[Module], list[Diagnostic]]:
    """Modules and diagnostics of one DDL text; ``use_sqlglot=False`` runs the scanner alone."""
    diagnostics: list[Diagnostic] = []
    reader = Reader(path, use_sqlglot)
    for statement in statements(text, path, diagnostics):
        reader.read(statement)
    reader.diagnostics[:0] = diagnostics
    facts = Facts(path, reader)
    modules = facts.modules()
    return modules, sorted(facts.diagnostics, key=Diagnostic.sort_key)


def without_sequence_numbers(text: str) -> str:
    """A member of 80-byte records numbered in columns 73-80 (as DSNTEP2 and SPUFI read them, columns
    1-72) without its numbers; any other text as it is."""
    lines = text.split("\n")
    long = [line.rstrip("\r") for line in lines if len(line.rstrip("\r")) > 72]
    if not long or len(long) * 2 < sum(1 for line in lines if line.strip()):
        return text
    if not all(line[72:80].strip().isdigit() for line in long):
        return text
    return "\n".join(line[:72] for line in lines)


def parse(source: SourceFile, text: str, context: ParseContext) -> ParseResult:
    """Facts for one DDL file."""
    modules, diagnostics = parse_text(source.path, without_sequence_numbers(text))
    if not modules:
        return ParseResult(diagnostics=diagnostics)
    modules[0].diagnostics = diagnostics
    return ParseResult(modules=modules)
