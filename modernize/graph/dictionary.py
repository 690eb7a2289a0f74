"""The data dictionary: every record layout, every Db2 table, and where each field is used.

An architect replacing an estate needs the data before the code: what each record holds (levels,
pictures, offsets, 88-level values such as transaction types), which table a host-variable layout
stands for, and which programs change a field. The facts hold it all per module; this joins them:

- a record is listed once, in the module whose source defines it: a copybook's records under the
  copybook with the programs that include it, never again under every includer;
- a program's copy of a copybook field (same file and line) is that copybook field, so the program's
  reads and writes (``Module.data_uses``) land on it;
- a DCLGEN (``EXEC SQL DECLARE t TABLE`` beside its ``01 DCL…``) binds its fields to the table's
  columns by name (``COLUMN_NAME`` is ``COLUMN-NAME``); the programs' SQL binds more host variables
  (``Module.sql_columns``), each linked to the record field it is;
- a table's columns come from its DDL, else from the first DECLARE TABLE that names it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

from modernize.model import HostBinding, Layout, Module, Symbol, member_name

RECORD_LEVELS = (1, 66, 77, 78)
TABLE_KINDS = ("table", "view")


@dataclass
class FieldUse:
    """One program's reads and writes of a field: the lines of the program's source."""

    program: str  # module name
    read: tuple[int, ...]
    written: tuple[int, ...]


@dataclass
class Field:
    """A data item of a record, as its defining source lays it out."""

    name: str
    line: int | None
    depth: int  # nesting under the record, 0 for the record itself
    layout: Layout
    column: tuple[str, str] | None = None  # (table, column) a DCLGEN binds it to
    copy: str | None = None  # a COPY inside the record: the copybook's path (the field stands for its items)
    uses: list[FieldUse] = field(default_factory=list)

    @property
    def conditions(self) -> dict[str, list[str]]:
        """The 88-level condition names under the field -> their values."""
        return self.layout.conditions


@dataclass
class Record:
    """An 01 (or 77) with its fields, in the module whose source defines it."""

    id: str  # unique in the dictionary: the anchor of its section
    name: str
    module: str
    module_kind: str
    path: str
    line: int | None
    section: str | None
    file: str | None  # the FD it is under
    fields: list[Field] = field(default_factory=list)
    included_by: list[str] = field(default_factory=list)  # programs that COPY the copybook
    table: str | None = None  # the table a DCLGEN record is bound to

    @property
    def length(self) -> int | None:
        return self.fields[0].layout.length if self.fields else None


@dataclass
class HostUse:
    """A host variable a program's SQL binds to a column, and the record field it is."""

    program: str
    column: str
    host_variable: str
    record: str | None  # Record.id of the field, when the program defines it
    picture: str | None
    usage: str | None
    directions: tuple[str, ...]  # "in" (variable to column), "out" (column into variable)
    lines: tuple[int, ...]


@dataclass
class Column:
    name: str
    type: str
    nullable: bool
    default: str | None = None
    comment: str | None = None
    primary_key: bool = False
    fields: list[tuple[str, str]] = field(default_factory=list)  # (Record.id, field name) bound by a DCLGEN


@dataclass
class Table:
    """A Db2 table or view: its columns and keys, the layouts bound to it, the host variables used with it."""

    name: str
    schema: str | None
    kind: str  # table, view; "declared" when only a DECLARE TABLE knows it
    path: str | None
    line: int | None
    comment: str | None = None
    columns: list[Column] = field(default_factory=list)
    primary_key: list[str] = field(default_factory=list)
    unique_keys: list[list[str]] = field(default_factory=list)
    foreign_keys: list[tuple[list[str], str, list[str]]] = field(default_factory=list)  # columns, parent table, parent columns
    declared_in: list[str] = field(default_factory=list)  # modules with a DECLARE TABLE of it
    records: list[str] = field(default_factory=list)  # Record.id of the DCLGEN layouts bound to it
    host_uses: list[HostUse] = field(default_factory=list)


@dataclass
class Dictionary:
    records: list[Record]
    tables: list[Table]
    file_records: dict[tuple[str, str], list[str]]  # (program, COBOL file or CICS file) -> Record.id of its records

    def record(self, record_id: str) -> Record | None:
        return self.by_id.get(record_id)

    def first_record(self, path: str) -> Record | None:
        """The first record a source file defines (where a COPY of it links to)."""
        return self.by_path.get(path)

    def table(self, name: str) -> Table | None:
        return self.by_table.get(name.upper())

    def __post_init__(self) -> None:
        self.by_id = {r.id: r for r in self.records}
        self.by_table = {t.name.upper(): t for t in self.tables}
        self.by_path: dict[str, Record] = {}
        for record in self.records:
            self.by_path.setdefault(record.path, record)


def column_key(name: str) -> str:
    """A column and a COBOL field compare as DCLGEN names them: ``AANVRAAG_STATUS`` is ``AANVRAAG-STATUS``."""
    return name.upper().replace("_", "-")


def field_prefixes(name: str, columns: dict[str, object]) -> list[str]:
    """The prefixes that make a field name a column's name: "" for ``BSN``, ``DCL-`` for ``DCL-BSN``."""
    found = []
    for at in [0, *(i + 1 for i, c in enumerate(name) if c == "-")]:
        if name[at:] in columns:
            found.append(name[:at])
    return found


class Builder:
    def __init__(self, modules: list[Module]):
        self.modules = sorted(modules, key=lambda m: (m.path, m.line or 0, m.kind, m.name))
        self.records: list[Record] = []
        self.ids: set[str] = set()
        # (path, line) -> the fields defined there (a copybook's, or the program's own)
        self.at: dict[tuple[str, int | None], list[tuple[Field, Record]]] = defaultdict(list)
        self.owners = {m.path for m in self.modules if m.kind == "copybook"}

    def unique_id(self, module: Module, record: str) -> str:
        base = f"{module.name}-{record}".upper()
        found, n = base, 1
        while found in self.ids:
            n += 1
            found = f"{base}-{n}"
        self.ids.add(found)
        return found

    def own(self, module: Module, symbol: Symbol) -> bool:
        """Whether the module's source defines the item: else a copybook module does."""
        path = symbol.path or module.path
        return path == module.path or (module.kind == "program" and path not in self.owners)

    def add_records(self, module: Module, symbols: list[Symbol]) -> None:
        """Group a module's data items into records: an 01/77 starts one; a copybook of 05 levels is
        one. A COPY inside one of its records shows as the copybook's line, linked to its record."""
        current: Record | None = None
        depth: dict[str, int] = {}
        copied: str | None = None
        for symbol in symbols:
            if not self.own(module, symbol):
                if current is not None and symbol.path != copied:
                    copied = symbol.path
                    layout = symbol.layout
                    if layout.parent in depth:
                        current.fields.append(Field(f"COPY {member_name(symbol.path or '')}", symbol.line, depth[layout.parent] + 1, layout,
                                                    copy=symbol.path))
                continue
            copied = None
            layout = symbol.layout
            top = layout.parent is None
            if current is None or top and (layout.level in RECORD_LEVELS or current.fields[0].layout.level in RECORD_LEVELS):
                name = symbol.name if layout.level in RECORD_LEVELS or module.kind != "copybook" else module.name
                current = Record(self.unique_id(module, name), name, module.name, module.kind, symbol.path or module.path, symbol.line,
                                 layout.section, layout.file)
                self.records.append(current)
                depth = {}
            level = depth.get(layout.parent, -1) + 1 if layout.parent else (0 if not current.fields else 1)
            depth[symbol.name] = level
            item = Field(symbol.name, symbol.line, level, layout)
            current.fields.append(item)
            self.at[(symbol.path or module.path, symbol.line)].append((item, current))

    def field_of(self, symbol: Symbol) -> tuple[Field, Record] | None:
        """The dictionary's field a module's data item is: its own, or the copybook's at the same line."""
        found = self.at.get((symbol.path or "", symbol.line))
        if not found:
            return None
        return next((f for f in found if f[0].name == symbol.name), found[0])

    def build(self) -> Dictionary:
        data: dict[int, list[Symbol]] = {}
        for module in self.modules:
            symbols = [s for s in module.symbols if s.kind == "data"]
            data[id(module)] = symbols
            self.add_records(module, symbols)
        includers = self.includers()
        for record in self.records:
            if record.module_kind == "copybook":
                record.included_by = includers.get(record.module.upper(), [])
        file_records: dict[tuple[str, str], list[str]] = defaultdict(list)
        for module in self.modules:
            if module.kind != "program":
                continue
            uses = module.data_uses
            seen: set[int] = set()  # fields this program's uses already landed on (a COPY twice is one field)
            by_name: dict[str, Symbol] = {}
            for symbol in data[id(module)]:
                by_name.setdefault(symbol.name, symbol)
                use = uses.get(symbol.name)
                found = self.field_of(symbol) if use else None
                if use and found is not None and id(found[0]) not in seen:
                    seen.add(id(found[0]))
                    found[0].uses.append(FieldUse(module.name, use.read, use.written))
            files = {s.name.upper(): s.records for s in module.symbols if s.kind == "file"}
            for file, items in [*files.items(), *module.cics_records.items()]:
                for item_name in items:
                    symbol = by_name.get(item_name)
                    found = self.field_of(symbol) if symbol is not None else None
                    if found is not None and found[1].id not in file_records[(module.name, file)]:
                        file_records[(module.name, file)].append(found[1].id)
        for record in self.records:
            for item in record.fields:
                item.uses.sort(key=lambda u: u.program)
        tables = self.tables(data)
        return Dictionary(self.records, tables, dict(file_records))

    def includers(self) -> dict[str, list[str]]:
        found: dict[str, set[str]] = defaultdict(set)
        for module in self.modules:
            if module.kind == "program":
                for ref in module.references:
                    if ref.kind == "includes":
                        found[ref.target.upper()].add(module.name)
        return {k: sorted(v) for k, v in found.items()}

    def tables(self, data: dict[int, list[Symbol]]) -> list[Table]:
        tables: dict[str, Table] = {}
        for module in self.modules:
            if module.kind in TABLE_KINDS and module.key not in tables:
                columns = [Column(s.name, s.column.text, s.column.nullable, s.column.default, s.column.comment, s.name in module.primary_key)
                           for s in module.symbols if s.kind == "column"]
                keys = [(r.attributes.get("columns") or [], r.target.upper(), r.attributes.get("referenced_columns") or [])
                        for r in module.references if r.kind == "references" and r.target_kind == "table" and r.attributes.get("columns")]
                tables[module.key] = Table(module.name, module.schema, module.kind, module.path, module.line, module.comment, columns,
                                           module.primary_key, module.unique_keys, keys)
        for module in self.modules:
            for name, declared in module.declared_tables.items():
                table = tables.get(name.upper())
                if table is None:
                    table = tables[name.upper()] = Table(name.upper(), None, "declared", module.path, module.line,
                                                         columns=[Column(c.name, c.type, c.nullable) for c in declared])
                table.declared_in.append(module.name)
                self.bind_dclgen(module, table)
        for module in self.modules:
            self.bind_host_variables(module, data[id(module)], tables)
        return sorted(tables.values(), key=lambda t: t.name.upper())

    def bind_dclgen(self, module: Module, table: Table) -> None:
        """The record of the module whose fields are the table's columns: the DCLGEN's ``01 DCL…``.
        DCLGEN may prefix the field names (``NAMES(DCL-)``: ``DCL-TR-TYPE`` for TR_TYPE)."""
        columns = {column_key(c.name): c for c in table.columns}
        best: tuple[int, str, Record | None] = (0, "", None)
        for record in self.records:
            if record.module != module.name or record.path != module.path or record.table is not None:
                continue
            prefixes: dict[str, int] = defaultdict(int)
            for item in record.fields[1:]:
                for prefix in field_prefixes(item.name, columns):
                    prefixes[prefix] += 1
            for prefix, matched in prefixes.items():
                if matched > best[0]:
                    best = (matched, prefix, record)
        matched, prefix, found = best
        if found is None or matched < max(1, len(columns) // 2):
            return
        found.table = table.name
        table.records.append(found.id)
        for item in found.fields:
            column = columns.get(item.name[len(prefix):]) if item.name.startswith(prefix) else None
            if column is not None and item.depth > 0:
                item.column = (table.name, column.name)
                column.fields.append((found.id, item.name))

    def bind_host_variables(self, module: Module, symbols: list[Symbol], tables: dict[str, Table]) -> None:
        bindings = [b for b in (resolve_table(b, tables) for b in module.sql_columns) if b is not None] if tables else []
        if not bindings:
            return
        by_name: dict[str, list[Symbol]] = defaultdict(list)
        for symbol in symbols:
            by_name[symbol.name].append(symbol)
        grouped: dict[tuple[str, str, str], tuple[set[str], set[int]]] = defaultdict(lambda: (set(), set()))
        for b in bindings:
            directions, lines = grouped[(b.table.upper(), b.column, b.host_variable)]
            directions.add(b.direction)
            lines.add(b.line)
        for (table_name, column, host), (directions, lines) in sorted(grouped.items()):
            table = tables.get(table_name)
            if table is None:
                continue
            symbol, found = self.host_field(by_name.get(host, []), table.name)
            layout = symbol.layout if symbol is not None else None
            table.host_uses.append(HostUse(module.name, column, host, found[1].id if found else None,
                                           layout.picture if layout else None, layout.usage if layout else None,
                                           tuple(sorted(directions)), tuple(sorted(lines))))

    def host_field(self, symbols: list[Symbol], table: str) -> tuple[Symbol | None, tuple[Field, Record] | None]:
        """The item a host variable is: of the items of its name (``BSN`` is in several DCLGENs), the
        one bound to a column of the table, else the first."""
        first: tuple[Symbol | None, tuple[Field, Record] | None] = (symbols[0], self.field_of(symbols[0])) if symbols else (None, None)
        for symbol in symbols:
            found = self.field_of(symbol)
            if found is not None and found[0].column is not None and found[0].column[0] == table:
                return symbol, found
        return first


def resolve_table(binding: HostBinding, tables: dict[str, Table]) -> HostBinding | None:
    """The binding with its table known: a column a join names unqualified belongs to the one of the
    statement's tables whose columns hold it."""
    if "," not in binding.table:
        return binding if binding.table.upper() in tables else None
    holders = [name for name in binding.table.upper().split(",")
               if name in tables and any(c.name.upper() == binding.column.upper() for c in tables[name].columns)]
    return replace(binding, table=holders[0]) if len(holders) == 1 else None


def build_dictionary(modules: list[Module]) -> Dictionary:
    """The dictionary of an estate's modules: records, tables, where each field is used."""
    return Builder(modules).build()
