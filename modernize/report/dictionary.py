"""OUT/dictionary.html, OUT/dictionary.csv and the data pages: one per table, data set and file.

dictionary.html lists every record layout (once, in the module that defines it) with its fields'
levels, pictures, usage, offsets, lengths, OCCURS, REDEFINES, VALUE and 88-level names, where each
field is read and written, and every Db2 table; an inline script filters it. ``data/table-NAME.html``
shows a table's columns and keys, the DCLGEN layout bound to it, the host variables the programs'
SQL binds to its columns and the CRUD letters per program; ``data/dataset-NAME.html`` and
``data/file-NAME.html`` the record layouts of the FDs that describe the data, the programs and job
steps that use it. Pages stay bounded on huge estates: a field shows a few programs and lines, with
"+N more"; dictionary.csv has everything.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import networkx as nx

from modernize.escape import csv_row
from modernize.findings import mask
from modernize.graph.crud import LETTERS, Cell, crud_matrix, name
from modernize.graph.dictionary import Dictionary, Field, Record, Table, build_dictionary
from modernize.model import Module
from modernize.output import Output, safe_stem, utf8

DATA_KINDS = ("table", "dataset", "file")
MAX_PROGRAMS = 5  # per field on a page
MAX_LINES = 5  # per program, read or written, on a page
MAX_FIELDS = 8_000  # fields drawn on dictionary.html; past that, records are listed by name (all in the CSV)


def data_page(kind: str, name_: str) -> str:
    """The page of a table, data set or file node, relative to OUT."""
    return f"data/{kind}-{safe_stem(name_)}.html"


def has_data_page(graph: nx.MultiDiGraph, node: str) -> bool:
    """Tables, data sets and files have a page, except load libraries (not data)."""
    data = graph.nodes[node]
    return data.get("kind") in DATA_KINDS and not data.get("library")


def node_page(graph: nx.MultiDiGraph, node: str) -> str:
    return data_page(str(graph.nodes[node].get("kind", "")), str(graph.nodes[node].get("name") or node.split(":", 1)[-1]))


@dataclass
class Line:
    line: int
    href: str | None


@dataclass
class UseView:
    program: str
    href: str | None
    read: list[Line]
    written: list[Line]
    more: int  # lines left out


@dataclass
class FieldView:
    item: Field
    uses: list[UseView]
    more_programs: int
    column_href: str | None = None
    copy_href: str | None = None


@dataclass
class RecordView:
    record: Record
    fields: list[FieldView]
    search: str
    href: str | None  # the defining module's page
    included_by: list[tuple[str, str | None]] = field(default_factory=list)
    shown: bool = True
    table_href: str | None = None
    optional: frozenset[str] = frozenset()  # the optional columns any of its fields fills: usage, occurs, redefines, value, column


FIGURATIVE = frozenset({"SPACE", "SPACES", "ZERO", "ZEROS", "ZEROES", "LOW-VALUE", "LOW-VALUES", "HIGH-VALUE", "HIGH-VALUES",
                        "QUOTE", "QUOTES", "NULL", "NULLS", "THRU", "THROUGH", "ALL", "TRUE", "FALSE"})


def literal(value: str) -> str:
    """A VALUE literal as COBOL writes it: figurative constants and numbers bare, text quoted (a space
    shows as ``' '``, not as nothing)."""
    if value.upper() in FIGURATIVE or value.lstrip("+-").replace(".", "", 1).replace(",", "", 1).isdigit():
        return value
    return "'" + value.replace("'", "''") + "'"


def values_text(values: list[str]) -> str:
    """88-level and VALUE literals as written: ``'A', 'B'``, ``2024 THRU 2025``."""
    out: list[str] = []
    for value in map(literal, values):
        if out and (value in ("THRU", "THROUGH") or out[-1].endswith((" THRU", " THROUGH")) or out[-1] == "ALL"):
            out[-1] = f"{out[-1]} {value}"
        else:
            out.append(value)
    return ", ".join(out)


class Pages:
    """Links from data pages and the dictionary to module pages (those with a document)."""

    def __init__(self, module_pages: dict[str, str], depth: str, tables: set[str]):
        self.module_pages = module_pages  # module name (upper) -> modules/X.html
        self.depth = depth
        self.tables = tables  # the tables (upper) with a page

    def table(self, table: str) -> str | None:
        return self.depth + data_page("table", table) if table.upper() in self.tables else None

    def module(self, module: str, line: int | None = None) -> str | None:
        page = self.module_pages.get(module.upper())
        if page is None:
            return None
        return f"{self.depth}{page}" + (f"#L-{line}" if line else "")


def record_views(dictionary: Dictionary, pages: Pages, records: list[Record], dictionary_href: str, limit: int | None = None) -> list[RecordView]:
    views = []
    budget = MAX_FIELDS if limit is None else limit
    for record in records:
        shown = budget >= len(record.fields)
        budget -= len(record.fields) if shown else 0
        fields = [field_view(dictionary, pages, item, dictionary_href) for item in record.fields] if shown else []
        search = " ".join([record.name, record.module, *(f.name for f in record.fields), *(c for f in record.fields for c in f.conditions)]).upper()
        views.append(RecordView(record, fields, search, pages.module(record.module, record.line),
                                [(p, pages.module(p)) for p in record.included_by], shown, pages.table(record.table) if record.table else None,
                                filled(record)))
    return views


def filled(record: Record) -> frozenset[str]:
    """The optional columns worth drawing for a record: those some field has a value in."""
    found = set()
    for item in record.fields:
        layout = item.layout
        found.update(key for key, value in (("usage", layout.usage), ("occurs", layout.occurs), ("redefines", layout.redefines),
                                            ("value", layout.value), ("column", item.column)) if value)
    return frozenset(found)


def field_view(dictionary: Dictionary, pages: Pages, item: Field, dictionary_href: str) -> FieldView:
    uses = []
    for use in item.uses[:MAX_PROGRAMS]:
        read, written = list(use.read[:MAX_LINES]), list(use.written[:MAX_LINES])
        more = len(use.read) - len(read) + len(use.written) - len(written)
        uses.append(UseView(use.program, pages.module(use.program), [Line(n, pages.module(use.program, n)) for n in read],
                            [Line(n, pages.module(use.program, n)) for n in written], more))
    view = FieldView(item, uses, max(0, len(item.uses) - MAX_PROGRAMS))
    if item.column is not None:
        view.column_href = pages.table(item.column[0])
    if item.copy is not None:
        target = dictionary.first_record(item.copy)
        view.copy_href = f"{dictionary_href}#{target.id}" if target is not None else None
    return view


@dataclass
class CrudRow:
    program: str
    href: str | None
    letters: str
    tip: str


@dataclass
class StepRow:
    step: str
    href: str | None
    ddnames: str  # the DD names (or IDCAMS commands) it uses the data through
    disp: str
    letters: str


def step_letters(kind: str, data: dict) -> set[str]:
    """What a job step does to a data set, from its DD's DISP or its IDCAMS command: NEW creates, MOD
    updates (appends), a normal disposition of DELETE deletes (``OLD,DELETE`` reads and deletes),
    reading reads; IDCAMS DEFINE creates, DELETE deletes."""
    command = str(data.get("command") or "").upper()
    if command:
        return {"DEFINE": {"C"}, "DELETE": {"D"}}.get(command, {"R"} if kind == "reads" else {"C"})
    status, _, rest = str(data.get("disp") or "").upper().partition(",")
    deleted = rest.split(",")[0] == "DELETE"
    if kind == "reads":
        return {"R", "D"} if deleted else {"R"}
    if status in ("NEW", ""):
        return {"C"}
    return {"D"} if deleted and status == "OLD" else {"U", "D"} if deleted else {"U"}


def crud_rows(graph: nx.MultiDiGraph, cells: list[Cell], pages: Pages) -> list[CrudRow]:
    rows = []
    for cell in cells:
        program = name(graph, cell.program)
        tip = "\n".join(f"{letter}: {', '.join(cell.lines[letter])}" for letter in LETTERS if letter in cell.lines)
        rows.append(CrudRow(program, pages.module(program), cell.letters, tip))
    return sorted(rows, key=lambda r: r.program)


def step_rows(graph: nx.MultiDiGraph, node: str, pages: Pages) -> list[StepRow]:
    found: dict[str, tuple[set[str], set[str], set[str]]] = defaultdict(lambda: (set(), set(), set()))
    for u, _, data in graph.in_edges(node, data=True):
        kind = data.get("kind")
        if graph.nodes[u].get("kind") == "step" and kind in ("reads", "writes"):
            ddnames, disps, letters = found[str(graph.nodes[u].get("name") or u.split(":", 1)[-1])]
            ddnames.add(str(data.get("ddname") or data.get("command") or ""))
            if data.get("disp"):
                disps.add(str(data["disp"]))
            letters.update(step_letters(str(kind), data))
    return [StepRow(step, pages.module(step.split(".", 1)[0]), " ".join(sorted(dd)), " ".join(sorted(disp)),
                    "".join(letter for letter in LETTERS if letter in letters))
            for step, (dd, disp, letters) in sorted(found.items())]


def to_csv(dictionary: Dictionary, values: Callable[[list[str]], str] = values_text) -> str:
    """dictionary.csv: one row per field, everything the pages leave out included."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["module", "module_kind", "path", "record", "level", "field", "line", "offset", "length", "picture", "usage", "occurs",
                     "redefines", "value", "conditions", "table", "column", "included_by", "read", "written"])
    for record in dictionary.records:
        for item in record.fields:
            layout = item.layout
            conditions = "; ".join(f"{c}={values(v)}" for c, v in item.conditions.items())
            uses = [(u.program, u.read, u.written) for u in item.uses]
            writer.writerow(csv_row([
                record.module, record.module_kind, record.path, record.name, layout.level, item.name, item.line or "",
                "" if layout.offset is None else layout.offset, "" if layout.length is None else layout.length, layout.picture or "",
                layout.usage or "", layout.occurs or "", layout.redefines or "", values(layout.value), conditions,
                item.column[0] if item.column else "", item.column[1] if item.column else "", " ".join(record.included_by),
                " ".join(f"{p}:{','.join(map(str, r))}" for p, r, _ in uses if r),
                " ".join(f"{p}:{','.join(map(str, w))}" for p, _, w in uses if w)]))
    return buffer.getvalue()


def module_pages(modules: list[Module], documented: set[str]) -> dict[str, str]:
    """Module name (upper) -> its page, for the modules the report has a page of."""
    from modernize.report import one_page_each, page_name

    pages: dict[str, str] = {}
    for module in one_page_each([m for m in modules if f"{m.kind}:{m.name}" in documented]):
        pages.setdefault(module.name.upper(), page_name(module))
    return pages


def dictionary_outputs(name_: str, graph: nx.MultiDiGraph, modules: list[Module], documented: set[str],
                       mask_findings: bool = False, dictionary: Dictionary | None = None) -> dict[str, Output]:
    """dictionary.html, dictionary.csv and data/*.html. With ``mask_findings`` the literals the estate
    wrote (VALUE, 88-level values, column defaults and comments) have their sensitive values masked."""
    from modernize.report import environment

    env = environment()

    def shown(text: str | None) -> str:
        return mask(text) if mask_findings and text else text or ""

    def values(items: list[str]) -> str:
        return shown(values_text(items))

    dictionary = dictionary or build_dictionary(modules)
    known = module_pages(modules, documented)
    with_pages = {str(d.get("name", "")).upper() for n, d in graph.nodes(data=True) if d.get("kind") == "table"}
    top, deep = Pages(known, "", with_pages), Pages(known, "../", with_pages)
    cells: dict[str, list[Cell]] = defaultdict(list)
    for cell in crud_matrix(graph, modules):
        cells[cell.store].append(cell)
    tables = [(t, top.table(t.name)) for t in dictionary.tables]
    outputs: dict[str, Output] = {
        "dictionary.html": utf8(env.get_template("dictionary.html.j2").render(
            title=f"{name_}: data dictionary", name=name_, depth="", tables=tables, values_text=values, shown=shown,
            records=record_views(dictionary, top, dictionary.records, ""))),
        "dictionary.csv": utf8(to_csv(dictionary, values)),
    }
    for node in sorted(graph.nodes):
        if not has_data_page(graph, node):
            continue
        kind = str(graph.nodes[node].get("kind"))
        store = name(graph, node)
        target = node_page(graph, node)
        common = {"title": f"{name_}: {kind} {store}", "name": name_, "depth": "../", "kind": kind, "store": store,
                  "crud": crud_rows(graph, cells.get(node, []), deep), "steps": step_rows(graph, node, deep), "values_text": values,
                  "shown": shown}
        if kind == "table":
            table = dictionary.table(str(graph.nodes[node].get("name") or store))
            outputs[target] = utf8(env.get_template("data-table.html.j2").render(**common, **table_context(dictionary, deep, table)))
        else:
            records = store_records(dictionary, graph, node)
            outputs[target] = utf8(env.get_template("data-store.html.j2").render(
                **common, records=record_views(dictionary, deep, records, "../dictionary.html", limit=2_000),
                about=about(graph, node)))
    return outputs


def about(graph: nx.MultiDiGraph, node: str) -> str:
    """One line on a data set or file: temporary, symbolic, where it is defined."""
    data = graph.nodes[node]
    parts = []
    if data.get("temporary"):
        parts.append("A temporary data set (&&) of its job")
    if data.get("symbolic"):
        parts.append("Its name holds symbols left unresolved")
    if data.get("path"):
        parts.append(f"Defined in {data['path']}" + (f":{data['line']}" if data.get("line") else ""))
    return ". ".join(parts) + ("." if parts else "")


def table_context(dictionary: Dictionary, pages: Pages, table: Table | None) -> dict:
    if table is None:
        return {"table": None, "layouts": [], "host_uses": [], "sql_hosts": {}, "sql_more": {}}
    layouts = [r for r in (dictionary.record(i) for i in table.records) if r is not None]
    host_uses = [(use, pages.module(use.program), pages.module(use.program, use.lines[0]) if use.lines else None,
                  f"../dictionary.html#{use.record}" if use.record else None) for use in table.host_uses]
    by_column: dict[str, dict[str, str | None]] = defaultdict(dict)
    for use, _, _, record_href in host_uses:
        by_column[use.column].setdefault(use.host_variable, record_href)
    sql_hosts = {column: sorted(found.items())[:MAX_PROGRAMS] for column, found in by_column.items()}
    more = {column: max(0, len(found) - MAX_PROGRAMS) for column, found in by_column.items()}
    return {"table": table, "layouts": record_views(dictionary, pages, layouts, "../dictionary.html", limit=2_000), "host_uses": host_uses,
            "sql_hosts": sql_hosts, "sql_more": more,
            "foreign": [(cols, parent, parent_cols, pages.table(parent)) for cols, parent, parent_cols in table.foreign_keys],
            "declared": [(m, pages.module(m)) for m in table.declared_in]}


def store_records(dictionary: Dictionary, graph: nx.MultiDiGraph, node: str, depth: int = 0) -> list[Record]:
    """The record layouts through which programs read and write a data set or file: the FDs of its
    COBOL files, the items a CICS READ INTO / WRITE FROM uses, and those of the CICS files over a data set."""
    found: list[Record] = []
    for u, _, data in graph.in_edges(node, data=True):
        kind = graph.nodes[u].get("kind")
        if kind == "file" and depth == 0 and data.get("kind") in ("reads", "writes"):
            found += [r for r in store_records(dictionary, graph, u, 1) if r not in found]
        if kind != "program" or data.get("kind") not in ("reads", "writes"):
            continue
        program = str(graph.nodes[u].get("name") or u.split(":", 1)[-1])
        file = str(data.get("file") or (graph.nodes[node].get("name") if data.get("via") == "cics" else "")).upper()
        for record_id in dictionary.file_records.get((program, file), []) if file else []:
            record = dictionary.record(record_id)
            if record is not None and record not in found:
                found.append(record)
    return found
