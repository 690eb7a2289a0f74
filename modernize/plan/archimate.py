"""The estate as an ArchiMate 3.1 model, in The Open Group's Model Exchange File Format, for architects
who model in Archi, BiZZdesign or Sparx (NORA, GEMMA).

Each plan step is an application component composed of its programs. Transactions, screens and the
call interfaces of called programs are application interfaces: a program is composed of its call
interface and of the transactions that start it (ArchiMate composes components of their interfaces),
and an interface serves the programs that call it or show it. Tables, data sets, files and queues
are data objects the programs access (read, write or both); CICS, Db2 and IMS are system software
serving the programs that use them; calls are triggering relationships. One view per step shows its
programs and what they touch, on a grid.

It lives in plan/ (not graph/) because it groups programs by the plan's steps. Estate text is made
XML-valid by ``escape.xml_text`` and escaped by ElementTree; identifiers are ``id-`` and the node
id with every character xs:ID forbids (and ``_``) written as ``_HH_`` (its UTF-8 bytes), so two
names never share one. Output is deterministic: everything is written in sorted order.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from modernize.escape import xml_text
from modernize.model import NODE_KIND, Module, node_id
from modernize.plan.build import Step, is_data

NS = "http://www.opengroup.org/xsd/archimate/3.0/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{NS} http://www.opengroup.org/xsd/archimate/3.1/archimate3_Diagram.xsd"
# Names written as they appear (prefixes declared on the root): ElementTree's default_namespace
# refuses unqualified attributes, which the format's are.
TYPE = "xsi:type"
RE_UNSAFE = re.compile(r"[^A-Za-z0-9.-]")

INTERFACE_KINDS = ("transaction", "screen")
CALL_KINDS = ("calls",)
START_KINDS = ("starts",)
ACCESS = {"reads": "Read", "writes": "Write"}
# System software, told by how programs reach things (the edge's `via`) or by what they reach.
PLATFORMS = {
    "CICS": ({"cics", "cics-link", "cics-xctl", "cics-load", "cics-return", "cics-start", "cics-run"}, {"transaction", "screen", "queue"}),
    "Db2": ({"sql"}, {"table"}),
    "IMS": ({"dli", "ims"}, {"segment", "psb"}),
}
BOX_WIDTH, BOX_HEIGHT, GAP_X, GAP_Y, MARGIN, PER_ROW = 140, 55, 30, 60, 20, 6


def identifier(kind: str, name: str) -> str:
    """A valid, collision-free xs:ID for ``name`` in the namespace ``kind``."""
    return f"id-{kind}-" + RE_UNSAFE.sub(lambda m: "".join(f"_{b:02x}_" for b in m.group().encode("utf-8")), name)


@dataclass
class Model:
    """Elements (id -> type, name, documentation), relationships (id -> type, source, target,
    access type) and views (name -> element ids), built before they are written."""

    elements: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    relationships: dict[str, tuple[str, str, str, str]] = field(default_factory=dict)
    views: list[tuple[str, str, list[str]]] = field(default_factory=list)

    def element(self, ident: str, kind: str, name: str, documentation: str = "") -> str:
        self.elements.setdefault(ident, (kind, name, documentation))
        return ident

    def relate(self, kind: str, source: str, target: str, access: str = "") -> str:
        """A relationship; its id joins its ends' ids with ``_x_`` (escapes are ``_`` and two hex
        digits, so read from the left the join is unambiguous). Reads and writes make ReadWrite."""
        ident = f"id-{kind.lower()}-{source[3:]}_x_{target[3:]}"
        previous = self.relationships.get(ident)
        if previous and previous[3] and access and previous[3] != access:
            access = "ReadWrite"
        self.relationships[ident] = (kind, source, target, access)
        return ident


def element_id(node: str) -> str:
    """``program:TSB010`` is ``id-program-TSB010``; the other elements' kinds (interface, component,
    platform) and the views' are no node kind."""
    kind, _, name = node.partition(":")
    return identifier(kind, name)


def shown_name(graph: nx.MultiDiGraph, node: str) -> str:
    data = graph.nodes[node]
    return str(data.get("display") or data.get("name") or node.split(":", 1)[-1])


def purposes(modules: Iterable[Module]) -> dict[str, str]:
    """Node id -> the module's stated purpose (its header comments without boilerplate)."""
    out = {}
    for module in modules:
        kind = NODE_KIND.get(module.kind)
        if kind and module.header_comments:
            out.setdefault(node_id(kind, module.name), "\n".join(line.strip() for line in module.header_comments if line.strip()))
    return out


def build_model(graph: nx.MultiDiGraph, steps: list[Step], modules: Iterable[Module]) -> Model:
    model = Model()
    documentation = purposes(modules)
    programs = sorted(n for n, d in graph.nodes(data=True) if d.get("kind") == "program")
    for program in programs:
        model.element(element_id(program), "ApplicationComponent", shown_name(graph, program), documentation.get(program, ""))
    program_set = set(programs)
    for source, target, data in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1], str(e[2].get("kind")), str(e[2].get("via")))):
        kind = data.get("kind")
        target_kind = graph.nodes[target].get("kind")
        source_kind = graph.nodes[source].get("kind")
        if source in program_set and kind in ACCESS and is_data(graph.nodes[target]) and not graph.nodes[target].get("temporary"):
            data_object = model.element(element_id(target), "DataObject", shown_name(graph, target), documentation.get(target, ""))
            model.relate("Access", element_id(source), data_object, ACCESS[kind])
        elif source in program_set and target in program_set and kind in CALL_KINDS:
            interface = model.element(identifier("interface", target.partition(":")[2]), "ApplicationInterface", f"{shown_name(graph, target)} call interface")
            model.relate("Composition", element_id(target), interface)
            model.relate("Serving", interface, element_id(source))
            model.relate("Triggering", element_id(source), element_id(target))
        elif source in program_set and target_kind in INTERFACE_KINDS and kind == "shows":  # returns-to is navigation, no dependency
            interface = model.element(element_id(target), "ApplicationInterface", shown_name(graph, target))
            model.relate("Serving", interface, element_id(source))
        elif source_kind == "transaction" and target in program_set and kind in START_KINDS:
            interface = model.element(element_id(source), "ApplicationInterface", shown_name(graph, source))
            model.relate("Composition", element_id(target), interface)
        if source in program_set:
            for platform, (vias, kinds) in PLATFORMS.items():
                if data.get("via") in vias or target_kind in kinds:
                    software = model.element(identifier("platform", platform), "SystemSoftware", platform)
                    model.relate("Serving", software, element_id(source))
    for step in steps:
        component = model.element(identifier("component", step.id), "ApplicationComponent", f"{step.id} {step.title}", step.why)
        members = [p for p in step.programs if p in program_set]
        for program in members:
            model.relate("Composition", component, element_id(program))
        if step.kind == "data-migration":  # the step that moves the shared data reads and writes all of it
            for store in step.shared_data + step.owned_data:
                if element_id(store) in model.elements:
                    model.relate("Access", component, element_id(store), "ReadWrite")
        model.views.append((identifier("view", step.id), f"{step.id} {step.title}", view_elements(model, component, members)))
    return model


def view_elements(model: Model, component: str, programs: list[str]) -> list[str]:
    """The step's component, its programs and every element related to one of them or to the step."""
    members = {element_id(p) for p in programs}
    around = {end for _, source, target, _ in model.relationships.values() for end in (source, target)
              if source in members or target in members}
    around |= {target for _, source, target, _ in model.relationships.values() if source == component}
    around -= members | {component}
    return [component, *sorted(members), *sorted(around, key=lambda e: (model.elements[e][0], e))]


def to_archimate(graph: nx.MultiDiGraph, steps: list[Step], modules: Iterable[Module], estate: str) -> str:
    """The model of ``estate`` as an ArchiMate exchange file (XML text)."""
    model = build_model(graph, steps, modules)
    root = ET.Element("model", {"xmlns": NS, "xmlns:xsi": XSI, "xsi:schemaLocation": SCHEMA_LOCATION, "identifier": "id-model"})
    text(root, "name", estate)
    text(root, "documentation", f"The applications of {estate}, their interfaces, data and platforms, from modernize's analysis.")
    elements = ET.SubElement(root, "elements")
    for ident, (kind, name, documentation) in sorted(model.elements.items()):
        element = ET.SubElement(elements, "element", {"identifier": ident, TYPE: kind})
        text(element, "name", name)
        if documentation:
            text(element, "documentation", documentation)
    relationships = ET.SubElement(root, "relationships")
    for ident, (kind, source, target, access) in sorted(model.relationships.items()):
        attributes = {"identifier": ident, "source": source, "target": target, TYPE: kind}
        if access:
            attributes["accessType"] = access
        ET.SubElement(relationships, "relationship", attributes)
    if model.views:
        diagrams = ET.SubElement(ET.SubElement(root, "views"), "diagrams")
        for ident, name, members in model.views:
            write_view(ET.SubElement(diagrams, "view", {"identifier": ident, TYPE: "Diagram"}), ident, name, members, model)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def write_view(view: ET.Element, ident: str, name: str, members: list[str], model: Model) -> None:
    """The step's elements on a grid, a row per element type, and every relationship between them."""
    text(view, "name", name)
    rows: dict[str, list[str]] = {}
    for element in members:
        rows.setdefault(model.elements[element][0] if element != members[0] else "", []).append(element)
    shapes = {}
    y = MARGIN
    for row in rows.values():
        for start in range(0, len(row), PER_ROW):
            for column, element in enumerate(row[start:start + PER_ROW]):
                shapes[element] = f"{ident}_n{len(shapes)}"
                ET.SubElement(view, "node", {"identifier": shapes[element], "elementRef": element, TYPE: "Element",
                                                       "x": str(MARGIN + column * (BOX_WIDTH + GAP_X)), "y": str(y),
                                                       "w": str(BOX_WIDTH), "h": str(BOX_HEIGHT)})
            y += BOX_HEIGHT + GAP_Y
    for number, (relationship, (_, source, target, _)) in enumerate(sorted(model.relationships.items())):
        if source in shapes and target in shapes:
            ET.SubElement(view, "connection", {"identifier": f"{ident}_c{number}", "relationshipRef": relationship,
                                                         TYPE: "Relationship", "source": shapes[source], "target": shapes[target]})


def text(parent: ET.Element, tag: str, value: str) -> None:
    ET.SubElement(parent, tag).text = xml_text(value)
