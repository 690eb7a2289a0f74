"""Interface contracts: one OpenAPI 3.1 document per plan step, for the interfaces the step must keep.

A step's replacement has to serve what the rest of the estate still calls, reads and shows while it
runs beside the legacy (``Step.interfaces``). Each becomes operations a new component can be built
and tested against, with the legacy layouts as JSON Schema (``plan/schema.py``):

- a called program: ``POST /programs/<name>``, its LINKAGE records (the COMMAREA of a LINK) as the
  request and the response body, one property per level-01 record in order;
- a shared data set, file or queue: ``GET .../records`` (and ``POST`` where the step writes it), the
  record layouts its programs declare for it (several records of one FD: ``anyOf``);
- a shared Db2 table: ``GET /tables/<name>/rows`` (and ``POST`` where written), a row from the DDL;
- a CICS transaction: ``POST /transactions/<id>``, its program's COMMAREA as the body where it has one;
- a BMS screen: ``GET /screens/<map>`` returns the output map, ``POST`` takes the input map.

Dutch API Design Rules (Logius, NL GOV API Design Rules 2.0) followed: OpenAPI (3.1) as the
documentation (/core/doc-openapi); ``info.contact`` filled in; the major version in the URI (the
server's ``/v1``, /core/uri-version) and a semantic ``info.version`` (/core/semver); the
``API-Version`` header on every response (/core/version-header); resources named by plural nouns,
kebab-case path segments without a trailing slash (/core/naming-resources,
/core/path-segments-kebab-case, /core/no-trailing-slash); HTTP methods by their semantics (GET reads,
POST processes, /core/http-methods); JSON bodies; extensions prefixed ``x-``. Deliberately not:
property names keep the COBOL names (the contract states the legacy layout; renaming is a design
decision of the replacement), descriptions are in English, and the document is published as YAML
beside the plan rather than as ``openapi.json`` at the API's root (/core/publish-openapi is for the
replacement's own deployment).
"""

from __future__ import annotations

import re
from typing import Any

import networkx as nx
import yaml

from modernize.model import Module
from modernize.plan.build import Step
from modernize.plan.schema import record_schema, table_schema

OPENAPI = "3.1.0"
VERSION = "1.0.0"
FOLDER = "interfaces"
COLLECTIONS = {"dataset": ("data-sets", "records"), "file": ("files", "records"), "queue": ("queues", "messages"),
               "table": ("tables", "rows")}
VERSION_HEADER = {"$ref": "#/components/headers/API-Version"}
MISSING_TABLE = "no CREATE TABLE for it in the sources: the row's columns are unknown"
MISSING_RECORD = "no record layout found: no FD of the step's programs describes it (a CICS file read INTO a work area is not traced yet)"


def contract_path(step: Step) -> str | None:
    """Where a step's contract is, relative to the plan's folder; None for a step without interfaces."""
    return f"{FOLDER}/{step.id}.openapi.yaml" if step.interfaces else None


def kebab(name: str) -> str:
    """A mainframe name as a kebab-case path segment: TSL.PROD.AANVGOED -> tsl-prod-aanvgoed."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "unnamed"


def camel(*words: str) -> str:
    parts = [p for word in words for p in re.split(r"[^A-Za-z0-9]+", word) if p]
    return parts[0].lower() + "".join(p.capitalize() for p in parts[1:]) if parts else "operation"


def name_of(node: str) -> str:
    return node.split(":", 1)[1]


class ContractBuilder:
    """The OpenAPI document of one step: paths and the component schemas they refer to."""

    def __init__(self, step: Step, modules: dict[tuple[str, str], Module], graph: nx.MultiDiGraph, estate: str):
        self.step = step
        self.modules = modules
        self.graph = graph
        self.estate = estate
        self.layouts: dict[str, list[tuple[dict[str, Any], str, list[dict[str, str]]]]] = {}  # name -> (schema, owner, refs)
        self.paths: dict[str, dict[str, Any]] = {}

    def program(self, node: str) -> Module | None:
        return self.modules.get(("program", name_of(node)))

    def schema_ref(self, name: str, schema: dict[str, Any], owner: str) -> dict[str, str]:
        """A reference to ``schema`` under ``name``, made final by ``schemas()``."""
        entries = self.layouts.setdefault(name, [])
        index = next((i for i, (known, _, _) in enumerate(entries) if known == schema), None)
        if index is None:
            index = len(entries)
            entries.append((schema, owner, []))
        ref = {"$ref": f"{name}#{index}"}  # unique until schemas() names it
        entries[index][2].append(ref)
        return ref

    def schemas(self) -> dict[str, dict[str, Any]]:
        """Every layout under its record's name, qualified by its program where the document holds
        different layouts of one name (each program's DFHCOMMAREA), and the references set to it."""
        found = {}
        for name, entries in self.layouts.items():
            for schema, owner, refs in entries:
                key = name if len(entries) == 1 else f"{owner}.{name}"
                found[key] = schema
                for ref in refs:
                    ref["$ref"] = f"#/components/schemas/{key}"
        return dict(sorted(found.items()))

    def records_body(self, module: Module | None, records: list[str], owner: str) -> dict[str, Any] | None:
        """An object with one property per record, as the codec decodes them; None without any."""
        properties = {}
        for record in records:
            schema = record_schema(module.symbols, record) if module else None
            if schema is not None:
                properties[record] = self.schema_ref(record, schema, owner)
        if not properties:
            return None
        return {"type": "object", "properties": properties, "required": list(properties), "additionalProperties": False}

    def linkage(self, module: Module | None) -> list[str]:
        return [s.name for s in (module.symbols if module else []) if s.kind == "data" and s.layout.level == 1
                and s.layout.section == "LINKAGE"]

    def operation(self, operation_id: str, summary: str, body: dict[str, Any] | None, response: dict[str, Any] | None,
                  extensions: dict[str, Any], request: bool = True) -> dict[str, Any]:
        ok: dict[str, Any] = {"description": "the legacy interface's answer" if response else "done", "headers": {"API-Version": VERSION_HEADER}}
        if response is not None:
            ok["content"] = {"application/json": {"schema": response}}
        found: dict[str, Any] = {"operationId": operation_id, "summary": summary}
        if request and body is not None:
            found["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
        found["responses"] = {"200": ok}
        return {**found, **{k: v for k, v in extensions.items() if v}}

    def call(self, interface: dict[str, Any]) -> None:
        name = name_of(interface["program"])
        module = self.program(interface["program"])
        body = self.records_body(module, self.linkage(module), name)
        callers = [self.step.display.get(c, name_of(c)) for c in interface["callers"]]
        summary = f"Call {name} (via {', '.join(interface['mechanisms'])}), as {', '.join(callers)} do"
        self.paths[f"/programs/{kebab(name)}"] = {"post": self.operation(
            camel("call", name), summary, body, body,
            {"x-cobol-program": name, "x-cobol-mechanisms": interface["mechanisms"], "x-cobol-callers": callers,
             "x-modernize-note": None if body else f"{name} declares no LINKAGE records: the call passes no data, or it is not in the sources"})}

    def transaction(self, interface: dict[str, Any]) -> None:
        transid, program = name_of(interface["id"]), name_of(interface["program"])
        module = self.program(interface["program"])
        body = self.records_body(module, self.linkage(module), program)
        self.paths[f"/transactions/{kebab(transid)}"] = {"post": self.operation(
            camel("start", "transaction", transid), f"Start CICS transaction {transid} (program {program})", body, None,
            {"x-cics-transaction": transid, "x-cobol-program": program})}

    def screen(self, interface: dict[str, Any]) -> None:
        screen, program = name_of(interface["id"]), name_of(interface["program"])
        module = self.program(interface["program"])
        inputs = self.records_body(module, [f"{screen}I"], program)
        outputs = self.records_body(module, [f"{screen}O"], program)
        path = f"/screens/{kebab(screen)}"
        if path in self.paths:
            self.paths[path]["get"]["x-cobol-programs"].append(program)
            return
        extensions = {"x-bms-map": screen, "x-cobol-programs": [program],
                      "x-modernize-note": None if outputs else f"no symbolic map {screen}I/{screen}O in {program}: sent MAPONLY, or its layout is not in the sources"}
        self.paths[path] = {
            "get": self.operation(camel("show", "screen", screen), f"Screen {screen}: the output map", None, outputs, extensions),
            "post": self.operation(camel("send", "screen", screen), f"Screen {screen}: the input map, answered with the next output map",
                                   inputs, outputs, {"x-bms-map": screen}),
        }

    def data(self, interface: dict[str, Any]) -> None:
        kind, node = interface["kind"], interface["id"]
        collection, members = COLLECTIONS.get(kind, ("data-stores", "records"))
        name = self.graph.nodes[node].get("display", name_of(node)) if node in self.graph else name_of(node)
        record = self.data_schema(interface)
        items = {"type": "array", "items": record} if record is not None else None
        path = f"/{collection}/{kebab(name_of(node))}/{members}"
        extensions = {"x-cobol-data": name, "x-cobol-kind": kind,
                      "x-modernize-note": None if record else MISSING_TABLE if kind == "table" else MISSING_RECORD}
        operations = {"get": self.operation(camel("list", kind, name_of(node), members), f"Read the {members} of {kind} {name}", None, items, extensions)}
        if self.writes(node):
            operations["post"] = self.operation(camel("add", kind, name_of(node), members), f"Write {members} to {kind} {name}", items, None, extensions)
        self.paths[path] = operations

    def data_schema(self, interface: dict[str, Any]) -> dict[str, Any] | None:
        if interface["kind"] == "table":
            table = self.modules.get(("table", name_of(interface["id"])))
            columns = [s for s in table.symbols if s.kind == "column"] if table else []
            return self.schema_ref(name_of(interface["id"]), table_schema(columns), "table") if columns else None
        choices: list[dict[str, Any]] = []
        for layout in interface.get("record_layouts", []):
            owner = name_of(layout["program"])
            module = self.program(layout["program"])
            for record in layout["records"]:
                body = self.records_body(module, [record], owner)
                if body is not None and body not in choices:
                    choices.append(body)
        if not choices:
            return None
        return choices[0] if len(choices) == 1 else {"anyOf": choices}

    def writes(self, node: str) -> bool:
        return any(self.graph.has_edge(p, node) and any(d.get("kind") == "writes" for d in self.graph.get_edge_data(p, node).values())
                   for p in self.step.programs)

    def document(self) -> dict[str, Any]:
        handlers = {"call": self.call, "transaction": self.transaction, "screen": self.screen}
        for interface in self.step.interfaces:
            handlers.get(interface["kind"], self.data)(interface)
        step, schemas = self.step, self.schemas()
        return {
            "openapi": OPENAPI,
            "info": {
                "title": f"{self.estate} {step.id}: interfaces to keep",
                "version": VERSION,
                "description": (f"The interfaces step {step.id} ({step.title}) must keep while it replaces "
                                f"{', '.join(name_of(p) for p in step.programs) or 'no programs'}: what the rest of the estate "
                                "calls, reads and shows, with the legacy layouts (x-cobol-* give offset, length, picture and usage)."),
                "contact": {"name": f"{self.estate} modernisation (fill in the team that owns this contract)"},
                "x-modernize-step": step.id,
            },
            "servers": [{"url": "https://{host}/" + kebab(self.estate) + "/v1", "variables": {"host": {"default": "api.example.org"}}}],
            "paths": dict(sorted(self.paths.items())),
            "components": {
                "schemas": schemas,
                "headers": {"API-Version": {"description": "The API's full version (semantic versioning)", "schema": {"type": "string", "example": VERSION}}},
            },
        }


def step_contract(step: Step, modules: list[Module], graph: nx.MultiDiGraph, estate: str) -> dict[str, Any]:
    """The OpenAPI 3.1 document of one step's interfaces, as plain JSON-compatible data."""
    return ContractBuilder(step, {(m.kind, m.name): m for m in modules}, graph, estate).document()


class PlainDumper(yaml.SafeDumper):
    """Every value written out where it is: no anchors and aliases for a schema used twice."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def to_yaml(document: dict[str, Any]) -> bytes:
    """YAML in the document's order (OpenAPI's own: openapi, info, servers, paths, components)."""
    return yaml.dump(document, Dumper=PlainDumper, sort_keys=False, allow_unicode=True, width=120).encode("utf-8")


def contract_outputs(steps: list[Step], modules: list[Module], graph: nx.MultiDiGraph, estate: str) -> dict[str, bytes]:
    """``interfaces/<step>.openapi.yaml`` for every step with interfaces to keep."""
    by_key = {(m.kind, m.name): m for m in modules}
    outputs = {}
    for step in steps:
        path = contract_path(step)
        if path is not None:
            outputs[path] = to_yaml(ContractBuilder(step, by_key, graph, estate).document())
    return outputs
