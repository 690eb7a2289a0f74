"""Java: the callers of the mainframe's programs and data that live outside its code.

A Java front end (a servlet, a Liberty or Spring application, a batch job on the JVM) reaches the
same Db2 tables as the COBOL programs over JDBC or JPA, and the same programs, files and queues
through JCICS. Each top-level class (interface, enum, record) is one module of kind ``class``,
named by its qualified name (two packages often hold a class of one name), with its package and
simple name in its attributes. Its references:

- SQL it runs: a string that holds a statement (literals and the string constants they are joined
  with by ``+``, multi-line concatenations and text blocks included) ``reads`` or ``writes`` the
  tables it names, upper-cased and without their schema as the COBOL front end names them. A string
  counts as SQL where a JDBC, JPA, Spring or MyBatis call or annotation takes it (``prepareStatement``,
  ``executeQuery``, ``createNativeQuery``, ``@Query``…), directly or through the variable it is
  assigned to; anywhere else only when it is written as SQL constants are (the verb in upper case,
  the statement in its shape) and sqlglot reads it. The table an INSERT, UPDATE, DELETE or MERGE
  changes is written; the tables it reads from are read.
- REST: a literal that starts a URL path ``calls`` the z/OS Connect API served at its first segment
  (the graph keeps the call only where the estate has that API).
- JCICS: a ``Program`` whose ``setName`` is given a literal (or a constant) ``calls`` that program
  where it is linked, with the channel and containers when ``link`` passes a channel; a ``KSDS``,
  ``ESDS`` or ``RRDS`` reads or writes its CICS file, a ``TSQ`` or ``TDQ`` its queue. Only the
  classes of ``com.ibm.cics.server`` count (by import or qualified name).

The tree-sitter Java grammar reads the file; what it cannot read is skipped. A Java file is never
the mainframe's: it gives no warning or error, at most an info diagnostic, whatever it holds.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator
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
    Symbol,
)
from modernize.parsers import ParseContext, ParseResult
from modernize.parsers.cobol.exec_blocks import SQL_OPERATIONS, mask_host_variables, sql_tables
from modernize.parsers.treesitter import grammar, last_line, text_of, walk

JCICS_PACKAGE = "com.ibm.cics.server"
TYPE_DECLARATIONS = {"class_declaration": "class", "interface_declaration": "interface", "enum_declaration": "enum",
                     "record_declaration": "record", "annotation_type_declaration": "annotation"}
# Calls that take SQL text (JDBC, JPA, Hibernate, Spring's JdbcTemplate and JdbcClient) and annotations
# that hold it (Spring Data, JPA named queries, JDBI, MyBatis).
SQL_CALLS = frozenset({"executeQuery", "executeUpdate", "executeLargeUpdate", "execute", "addBatch", "prepareStatement", "prepareCall",
                       "nativeSQL", "createNativeQuery", "createQuery", "createSQLQuery", "query", "queryForObject", "queryForList",
                       "queryForMap", "queryForRowSet", "queryForStream", "update", "batchUpdate", "sql"})
SQL_ANNOTATIONS = frozenset({"Query", "NamedQuery", "NamedNativeQuery", "SqlQuery", "SqlUpdate", "SqlBatch", "Select", "Insert",
                             "Update", "Delete"})
SQL_ANNOTATION_KEYS = frozenset({"value", "query", "sql"})
# JCICS resources: the class, the node kind of what its name names, and what each method does to it.
READS, WRITES = ReferenceKind.READS, ReferenceKind.WRITES
FILE_OPERATIONS = {"read": READS, "readForUpdate": READS, "readGeneric": READS, "readGenericForUpdate": READS, "startBrowse": READS,
                   "startGenericBrowse": READS, "write": WRITES, "rewrite": WRITES, "delete": WRITES, "deleteGeneric": WRITES}
TSQ_OPERATIONS = {"readItem": READS, "readNextItem": READS, "writeItem": WRITES, "writeItemConditional": WRITES, "writeString": WRITES,
                  "rewriteItem": WRITES, "rewriteItemConditional": WRITES, "delete": WRITES}
TDQ_OPERATIONS = {"readData": READS, "writeData": WRITES, "writeString": WRITES, "delete": WRITES}
RESOURCES: dict[str, tuple[NodeKind, dict[str, ReferenceKind]]] = {
    "KSDS": (NodeKind.FILE, FILE_OPERATIONS), "ESDS": (NodeKind.FILE, FILE_OPERATIONS), "RRDS": (NodeKind.FILE, FILE_OPERATIONS),
    "TSQ": (NodeKind.QUEUE, TSQ_OPERATIONS), "TDQ": (NodeKind.QUEUE, TDQ_OPERATIONS),
}
JCICS_CLASSES = frozenset({"Program", "Channel", *RESOURCES})
MAX_DEPTH = 200  # nested concatenations followed before an expression counts as unknown
# A statement: its verb, then the clause its kind needs (a sentence that starts with "Update" has none).
RE_SQL_START = re.compile(r"\s*+(?:\(\s*+)*+(SELECT|INSERT|UPDATE|DELETE|MERGE|WITH)\b", re.I)
RE_SQL_SHAPE = re.compile(r"\s*+(?:\(\s*+)*+(?:SELECT\b[^;]*?\bFROM\b|INSERT\s++INTO\b|UPDATE\s++\S++(?:\s++\w++)?\s++SET\b|DELETE\s++FROM\b"
                          r"|MERGE\s++INTO\b|WITH\s++\w++(?:\s*+\([^)]*+\))?\s++AS\s*+\()", re.I)
RE_TABLE_NAME = re.compile(r"[A-Z_#@$][A-Z0-9_#@$]*+")
# A URL's path (with or without its scheme and host): its first segment is where a REST API is served.
RE_URL_PATH = re.compile(r"(?:https?+://[^/\s\"]++)?/([A-Za-z_][\w.~-]*+)(?:[/?#]|$)")


@dataclass
class Value:
    """What a string expression evaluates to: its text (``?`` standing for what is not known) and
    whether every part of it was known."""

    text: str
    exact: bool


@dataclass
class Unit:
    """One top-level type declaration and what is found inside it."""

    node: Any
    module: Module
    references: list[Reference] = field(default_factory=list)


def parse(source: SourceFile, text: str, context: ParseContext) -> ParseResult:
    """A Java file's classes; what cannot be read is an info diagnostic, never a warning or error."""
    try:
        return JavaFile(source, text).result()
    except Exception as exc:  # noqa: BLE001 - a Java file costs at most an info diagnostic
        return ParseResult(diagnostics=[Diagnostic("info", "java-not-analysed", f"Java file not analysed ({type(exc).__name__})", source.path)])


class JavaFile:
    """The facts of one Java source file, from its tree-sitter tree."""

    def __init__(self, source: SourceFile, text: str):
        self.source = source
        self.tree = grammar("java").parse(text.encode("utf-8", "replace"))
        self.root = self.tree.root_node
        self.nodes: list[Any] = []
        self.parents: dict[int, Any] = {}  # node id -> parent: tree-sitter finds a parent by descending from the root
        stack = [self.root]
        while stack:
            node = stack.pop()
            self.nodes.append(node)
            children = node.children
            for child in children:
                self.parents[child.id] = node
            stack.extend(reversed(children))
        self.package = ""
        self.imports: set[str] = set()
        self.assignments: dict[str, list[tuple[int, Any]]] = {}  # name -> (position, value node), in source order
        self.declared: dict[str, str] = {}  # variable -> JCICS class
        self.sql_names: set[str] = set()  # variables passed to an SQL call
        self.memo: dict[int, Value | None] = {}
        self.evaluating: set[int] = set()

    # reading -------------------------------------------------------------------------------

    def result(self) -> ParseResult:
        self.read_declarations()
        units = [self.unit(node) for node in self.root.children if node.type in TYPE_DECLARATIONS]
        found = [*self.sql_references(), *self.jcics_references(), *self.rest_references()]
        for reference, position in found:
            owner = next((u for u in units if u.node.start_byte <= position < u.node.end_byte), None)
            if owner is not None:
                owner.references.append(reference)
        modules = []
        for unit in units:
            unit.module.references = unique(unit.references)
            modules.append(unit.module)
        diagnostics = []
        if self.root.has_error and modules:
            error = next((n for n in self.nodes if n.type == "ERROR" or n.is_missing), None)
            line = error.start_point[0] + 1 if error is not None else None
            diagnostics.append(Diagnostic("info", "java-incomplete", "the Java grammar could not read all of this file; its facts come from "
                                          "what it could read", self.source.path, line))
        return ParseResult(modules=modules, diagnostics=diagnostics)

    def read_declarations(self) -> None:
        """Package, imports, assignments of every variable and the JCICS class of each."""
        for node in self.nodes:
            kind = node.type
            if kind == "package_declaration":
                name = next((c for c in node.children if c.type in ("scoped_identifier", "identifier")), None)
                self.package = text_of(name) if name is not None else ""
            elif kind == "import_declaration":
                name = next((c for c in node.children if c.type in ("scoped_identifier", "identifier")), None)
                if name is not None:
                    wildcard = any(c.type == "asterisk" for c in node.children)
                    self.imports.add(text_of(name) + (".*" if wildcard else ""))
            elif kind == "variable_declarator":
                name, value = node.child_by_field_name("name"), node.child_by_field_name("value")
                if name is None:
                    continue
                parent = self.parent(node)
                declared = parent.child_by_field_name("type") if parent is not None else None
                if declared is not None and (jcics := self.jcics_class(text_of(declared))):
                    self.declared[text_of(name)] = jcics
                if value is not None:
                    self.assign(text_of(name), node.start_byte, value)
            elif kind == "assignment_expression":
                left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
                name = variable_name(left)
                if name is not None and right is not None:
                    self.assign(name, node.start_byte, right)
            elif kind == "method_invocation" and text_of_field(node, "name") in SQL_CALLS:
                argument = first_argument(node)
                if argument is not None:
                    self.sql_names.update(names_in(argument))

    def parent(self, node: Any) -> Any:
        return self.parents.get(node.id)

    def assign(self, name: str, position: int, value: Any) -> None:
        self.assignments.setdefault(name, []).append((position, value))
        if value.type == "object_creation_expression" and (jcics := self.jcics_class(text_of_field(value, "type"))):
            self.declared.setdefault(name, jcics)
        elif value.type == "method_invocation" and text_of_field(value, "name") == "createChannel":
            self.declared.setdefault(name, "Channel")

    def jcics_class(self, written: str) -> str | None:
        """The JCICS class a type as written names (``KSDS``, ``com.ibm.cics.server.Program``)."""
        simple = written.split("<", 1)[0].strip()
        if simple.startswith(JCICS_PACKAGE + "."):
            simple = simple[len(JCICS_PACKAGE) + 1:]
        elif f"{JCICS_PACKAGE}.{simple}" not in self.imports and f"{JCICS_PACKAGE}.*" not in self.imports:
            return None
        return simple if simple in JCICS_CLASSES else None

    def unit(self, node: Any) -> Unit:
        name = text_of_field(node, "name") or "?"
        qualified = f"{self.package}.{name}" if self.package else name
        lines = last_line(node) - node.start_point[0]
        code_rows: set[int] = set()
        comment_rows: set[int] = set()
        for inner in walk(node):
            if inner.type in ("line_comment", "block_comment"):
                comment_rows.update(range(inner.start_point[0], inner.end_point[0] + 1))
            elif inner.child_count == 0:
                code_rows.update(range(inner.start_point[0], inner.end_point[0] + 1))
        symbols = []
        body = node.child_by_field_name("body")
        for member in body.children if body is not None else []:
            if member.type in ("method_declaration", "constructor_declaration"):
                symbols.append(Symbol(text_of_field(member, "name") or "?", "method", member.start_point[0] + 1, last_line(member), self.source.path))
            elif member.type in TYPE_DECLARATIONS:
                symbols.append(Symbol(text_of_field(member, "name") or "?", TYPE_DECLARATIONS[member.type], member.start_point[0] + 1,
                                      last_line(member), self.source.path))
        attributes: dict[str, Any] = {"simple_name": name, "type": TYPE_DECLARATIONS[node.type]}
        if self.package:
            attributes["package"] = self.package
        header = self.header(node)
        if header:
            attributes["header_comments"] = header
        metrics = {"lines": lines, "code_lines": len(code_rows), "comment_lines": len(comment_rows - code_rows),
                   "methods": sum(1 for s in symbols if s.kind == "method")}
        module = Module(qualified, ModuleKind.CLASS, "java", self.source.path, node.start_point[0] + 1, last_line(node), symbols,
                        metrics=metrics, attributes=attributes)
        return Unit(node, module)

    def header(self, node: Any) -> list[str]:
        """The comment right before the declaration (its Javadoc), else the file's first comment."""
        previous = node.prev_sibling
        comment = previous if previous is not None and previous.type == "block_comment" else None
        if comment is None:
            comment = next((c for c in self.root.children if c.type == "block_comment"), None)
        if comment is None:
            return []
        found = []
        for line in text_of(comment).split("\n")[:40]:
            body = line.strip().lstrip("/*").rstrip("*/").strip()
            if body and not body.startswith("@"):
                found.append(body)
        return found

    # strings -------------------------------------------------------------------------------

    def value(self, node: Any, depth: int = 0) -> Value | None:
        """What a string expression holds: literals, constants and ``+`` between them; None when it
        is not a string expression this reading can follow."""
        if depth > MAX_DEPTH:
            return None
        kind = node.type
        if kind == "string_literal":
            return Value(literal(node), True)
        if kind == "parenthesized_expression":
            inner = next((c for c in node.named_children), None)
            return self.value(inner, depth + 1) if inner is not None else None
        if kind == "binary_expression" and text_of_field(node, "operator") == "+":
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            parts = [self.value(side, depth + 1) if side is not None else None for side in (left, right)]
            if all(part is None for part in parts):
                return None
            return Value("".join(part.text if part is not None else "?" for part in parts), all(part is not None and part.exact for part in parts))
        name = variable_name(node)
        if name is not None:
            return self.constant(name, node.start_byte, depth)
        return None

    def constant(self, name: str, position: int, depth: int) -> Value | None:
        """A variable's string value where it is used: its last assignment before, or else its first."""
        assigned = self.assignments.get(name)
        if not assigned:
            return None
        node = latest(assigned, position)
        key = node.id
        if key in self.memo:
            return self.memo[key]
        if key in self.evaluating:
            return None
        self.evaluating.add(key)
        try:
            found = self.value(node, depth + 1)
        finally:
            self.evaluating.discard(key)
        self.memo[key] = found
        return found

    def string_roots(self) -> Iterator[tuple[Any, Any]]:
        """(expression, its first literal) for each string expression that holds a literal and is not
        part of a longer concatenation: one pass in source order (a parent before its children, the
        left operand before the right), so a concatenation of any length costs its length once."""
        root_of: dict[int, Any] = {}
        first: dict[int, Any] = {}
        for node in self.nodes:
            if not concatenation(node):
                continue
            parent = self.parent(node)
            root = root_of.get(parent.id, node) if parent is not None and concatenation(parent) else node
            root_of[node.id] = root
            if node.type == "string_literal":
                first.setdefault(root.id, (root, node))
        yield from first.values()

    # REST ----------------------------------------------------------------------------------

    def rest_references(self) -> Iterator[tuple[Reference, int]]:
        """A literal that starts a URL path (``"/inqcustz/enquiry/"``, ``"http://host:9080/inqcustz"``)
        may call the REST API served at its first segment: the graph links it only to an API of the
        estate with that base path. A path in an annotation is one the class serves, not one it calls."""
        served: set[int] = set()
        for node in self.nodes:
            if node.type in ("annotation", "marker_annotation") and node.id not in served:
                served.update(inner.id for inner in walk(node))
        for node in self.nodes:
            if node.type != "string_literal" or node.id in served:
                continue
            text = literal(node)
            match = RE_URL_PATH.match(text)
            if match is not None and not any(c.isspace() for c in text):
                yield Reference(ReferenceKind.CALLS, "/" + match.group(1), NodeKind.API, Mechanism.REST, node.start_point[0] + 1, self.source.path,
                                False, {"url": text[:200]}), node.start_byte

    # SQL -----------------------------------------------------------------------------------

    def sql_references(self) -> Iterator[tuple[Reference, int]]:
        for root, literal_node in self.string_roots():
            found = self.value(root)
            if found is None or not RE_SQL_START.match(found.text):
                continue
            line = literal_node.start_point[0] + 1
            for kind, table, operation in statement_tables(found.text, self.sql_context(root)):
                yield Reference(kind, table, NodeKind.TABLE, Mechanism.SQL, line, self.source.path, False, {"operation": operation}), root.start_byte

    def sql_context(self, node: Any) -> bool:
        """Whether an SQL call or annotation takes the expression, directly or through its variable."""
        parent = self.parent(node)
        if parent is not None and parent.type == "argument_list":
            call = self.parent(parent)
            if call is not None and call.type == "method_invocation" and text_of_field(call, "name") in SQL_CALLS:
                return True
        if parent is not None and parent.type in ("annotation_argument_list", "element_value_pair", "element_value_array_initializer"):
            annotation = parent
            while annotation is not None and annotation.type != "annotation":
                annotation = self.parent(annotation)
            if annotation is not None and text_of_field(annotation, "name").rsplit(".", 1)[-1] in SQL_ANNOTATIONS:
                return parent.type != "element_value_pair" or text_of_field(parent, "key") in SQL_ANNOTATION_KEYS
        if parent is not None and parent.type == "variable_declarator":
            return text_of_field(parent, "name") in self.sql_names
        if parent is not None and parent.type == "assignment_expression":
            name = variable_name(parent.child_by_field_name("left"))
            return name is not None and name in self.sql_names
        return False

    # JCICS ---------------------------------------------------------------------------------

    def jcics_references(self) -> Iterator[tuple[Reference, int]]:
        if not self.declared:
            return
        calls: list[tuple[str, str, Any]] = []  # (variable, method, invocation)
        for node in self.nodes:
            if node.type == "method_invocation":
                target = variable_name(node.child_by_field_name("object"))
                if target is not None and target in self.declared:
                    calls.append((target, text_of_field(node, "name"), node))
        names: dict[str, list[tuple[int, Any]]] = {}
        containers: dict[str, list[str]] = {}
        for variable, method, node in calls:
            if method == "setName":
                argument = first_argument(node)
                if argument is not None:
                    names.setdefault(variable, []).append((node.start_byte, argument))
            elif self.declared[variable] == "Channel" and method.endswith("Container") and (argument := first_argument(node)) is not None:
                found = self.value(argument)
                if found is not None and found.exact and found.text not in containers.setdefault(variable, []):
                    containers[variable].append(found.text)
        for variable, method, node in calls:
            kind = self.declared[variable]
            if kind == "Program" and method == "link":
                yield from self.program_call(variable, node, names, containers)
            elif kind in RESOURCES and method in RESOURCES[kind][1]:
                target_kind, operations = RESOURCES[kind]
                for name, exact, text in self.names_at(variable, node.start_byte, names):
                    attributes: dict[str, Any] = {"command": f"{kind}.{method}"}
                    if not exact:
                        attributes.update(unresolved=True, variable=text)
                    yield Reference(operations[method], name, target_kind, Mechanism.JCICS, node.start_point[0] + 1, self.source.path, False,
                                    attributes), node.start_byte
        for variable, set_names in names.items():
            if self.declared[variable] == "Program" and not any(v == variable and m == "link" for v, m, _ in calls):
                for position, argument in set_names:  # named here, linked elsewhere: the name is where it is known
                    for name, exact, text in self.names_at(variable, position + 1, {variable: [(position, argument)]}):
                        attributes = {"command": "Program.setName"} if exact else {"command": "Program.setName", "unresolved": True, "variable": text}
                        yield Reference(ReferenceKind.CALLS, name, NodeKind.PROGRAM, Mechanism.JCICS, argument.start_point[0] + 1,
                                        self.source.path, False, attributes), position

    def program_call(self, variable: str, node: Any, names: dict[str, list[tuple[int, Any]]],
                     containers: dict[str, list[str]]) -> Iterator[tuple[Reference, int]]:
        argument = first_argument(node)
        channel_variable = variable_name(argument) if argument is not None else None
        channel = None
        if channel_variable is not None and self.declared.get(channel_variable) == "Channel":
            channel = self.channel_name(channel_variable, node.start_byte)
        for name, exact, text in self.names_at(variable, node.start_byte, names):
            attributes: dict[str, Any] = {"command": "Program.link"}
            if channel is not None:
                attributes["channel"] = channel
            if channel_variable in containers:
                attributes["containers"] = containers[channel_variable]
            if not exact:
                attributes.update(unresolved=True, variable=text)
            yield Reference(ReferenceKind.CALLS, name, NodeKind.PROGRAM, Mechanism.JCICS, node.start_point[0] + 1, self.source.path, False,
                            attributes), node.start_byte

    def names_at(self, variable: str, position: int, names: dict[str, list[tuple[int, Any]]]) -> list[tuple[str, bool, str]]:
        """The name a JCICS object has at a call: its last ``setName`` before, else its first. A name
        that is not a literal or constant is (the expression as written, False, the expression)."""
        given = names.get(variable)
        if not given:
            return []
        argument = latest(given, position)
        found = self.value(argument)
        if found is not None and found.exact and found.text.strip():
            return [(found.text.strip().upper(), True, "")]
        written = text_of(argument)
        return [(written, False, written)]

    def channel_name(self, variable: str, position: int) -> str | None:
        """The literal name a channel variable was created with (``createChannel("X")``) where it is used."""
        assigned = self.assignments.get(variable)
        value = latest(assigned, position) if assigned else None
        if value is None or value.type != "method_invocation" or text_of_field(value, "name") != "createChannel":
            return None
        argument = first_argument(value)
        found = self.value(argument) if argument is not None else None
        return found.text.strip() if found is not None and found.exact else None


@functools.lru_cache(maxsize=4096)
def statement_tables(sql: str, called: bool) -> tuple[tuple[ReferenceKind, str, str], ...]:
    """(reads or writes, table, operation) for an SQL statement in its shape. Outside an SQL call only a
    statement written as SQL constants are (its verb in upper case) and that sqlglot reads counts;
    inside one, the scanner the COBOL front end uses takes over where sqlglot cannot read it."""
    start = RE_SQL_START.match(sql)
    if start is None or not RE_SQL_SHAPE.match(sql):
        return ()
    operation = start.group(1).upper()
    if not called and start.group(1) != operation:
        return ()
    masked = mask_host_variables(sql)
    precise = glot_tables(masked)
    if precise is not None:
        return tuple((kind, table, operation) for kind, table in precise)
    if not called:
        return ()
    kind = SQL_OPERATIONS.get(operation, READS)
    return tuple((kind, table, operation) for table in sql_tables(sql, operation) if RE_TABLE_NAME.fullmatch(table))


def glot_tables(sql: str) -> list[tuple[ReferenceKind, str]] | None:
    """The tables sqlglot finds in a statement: the one an INSERT, UPDATE, DELETE or MERGE changes is
    written, the others read (common table expressions are no tables); None when sqlglot cannot read
    it as a query or a change of data."""
    try:
        import sqlglot
        from sqlglot import exp

        tree = sqlglot.parse_one(sql, read=None, error_level=sqlglot.ErrorLevel.RAISE)
    except Exception:  # noqa: BLE001 - sqlglot raises many kinds; the caller decides what follows
        return None
    if not isinstance(tree, (exp.Query, exp.Insert, exp.Update, exp.Delete, exp.Merge)):
        return None
    changed = None
    if not isinstance(tree, exp.Query):
        target = tree.this if isinstance(tree.this, exp.Table) else tree.this.find(exp.Table) if tree.this is not None else None
        changed = target.name.upper() if target is not None else None
    ctes = {c.alias_or_name.upper() for c in tree.find_all(exp.CTE)}
    found: list[tuple[ReferenceKind, str]] = []
    for table in tree.find_all(exp.Table):
        name = table.name.upper()
        if not RE_TABLE_NAME.fullmatch(name) or name in ctes:
            continue
        kind = WRITES if name == changed else READS
        if (kind, name) not in found:
            found.append((kind, name))
    return found or None


def literal(node: Any) -> str:
    """A string literal's text, its escapes read (a text block's too)."""
    parts = []
    for child in node.children:
        if child.type in ("string_fragment", "multiline_string_fragment"):
            parts.append(text_of(child))
        elif child.type == "escape_sequence":
            escape = text_of(child)
            parts.append({"n": "\n", "t": "\t", "r": "\r"}.get(escape[1:2], escape[1:2]) if not escape.startswith("\\u") else "?")
    return "".join(parts)


def concatenation(node: Any) -> bool:
    """A string literal, a ``+`` between operands, or parentheses: a part of a string expression."""
    return node.type in ("string_literal", "parenthesized_expression") or (
        node.type == "binary_expression" and text_of_field(node, "operator") == "+")


def latest(assigned: list[tuple[int, Any]], position: int) -> Any:
    """Of (position, value) pairs in source order: the last before ``position``, else the first."""
    index = bisect.bisect_left(assigned, position, key=lambda pair: pair[0])
    return assigned[index - 1][1] if index else assigned[0][1]


def first_argument(call: Any) -> Any:
    arguments = call.child_by_field_name("arguments")
    return arguments.named_children[0] if arguments is not None and arguments.named_children else None


def variable_name(node: Any) -> str | None:
    """The variable an expression names: ``sql``, ``this.sql``, ``Queries.SQL`` (by its last name)."""
    if node is None:
        return None
    if node.type == "identifier":
        return text_of(node)
    if node.type == "field_access":
        name = node.child_by_field_name("field")
        return text_of(name) if name is not None else None
    return None


def names_in(node: Any) -> set[str]:
    """The variables a string expression is made of (``sql``, ``BASE + WHERE``), through its ``+`` and
    parentheses only (never into a lambda or a call, so nested calls cost their size once)."""
    found = set()
    stack = [node]
    while stack:
        inner = stack.pop()
        name = variable_name(inner)
        if name is not None:
            found.add(name)
        elif concatenation(inner):
            stack.extend(inner.named_children)
    return found


def text_of_field(node: Any, name: str) -> str:
    child = node.child_by_field_name(name)
    return text_of(child) if child is not None else ""


def unique(references: list[Reference]) -> list[Reference]:
    seen: set[tuple] = set()
    kept = []
    for reference in sorted(references, key=Reference.sort_key):
        key = (reference.kind, reference.target, reference.target_kind, reference.via, reference.line)
        if key not in seen:
            seen.add(key)
            kept.append(reference)
    return kept
