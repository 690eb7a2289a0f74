"""The ArchiMate export (graph/graph.archimate.xml) of the example estate.

The Open Group's XSD (archimate3_Diagram.xsd) is not in the repository and cannot be fetched here, so
these tests check the structure the schema demands instead: a well-formed document in the 3.0
namespace, element and relationship types from ArchiMate 3.1, unique xs:ID identifiers, references that
resolve, access only from application components to data objects, and views whose nodes and
connections point at existing elements and relationships.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from modernize.plan.archimate import identifier, to_archimate

NS = "{http://www.opengroup.org/xsd/archimate/3.0/}"
TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
ELEMENT_TYPES = {
    "BusinessActor", "BusinessRole", "BusinessCollaboration", "BusinessInterface", "BusinessProcess", "BusinessFunction",
    "BusinessInteraction", "BusinessEvent", "BusinessService", "BusinessObject", "Contract", "Representation", "Product",
    "ApplicationComponent", "ApplicationCollaboration", "ApplicationInterface", "ApplicationFunction", "ApplicationInteraction",
    "ApplicationProcess", "ApplicationEvent", "ApplicationService", "DataObject", "Node", "Device", "SystemSoftware",
    "TechnologyCollaboration", "TechnologyInterface", "Path", "CommunicationNetwork", "TechnologyFunction", "TechnologyProcess",
    "TechnologyInteraction", "TechnologyEvent", "TechnologyService", "Artifact", "Equipment", "Facility", "DistributionNetwork",
    "Material", "Stakeholder", "Driver", "Assessment", "Goal", "Outcome", "Principle", "Requirement", "Constraint", "Meaning",
    "Value", "Resource", "Capability", "ValueStream", "CourseOfAction", "WorkPackage", "Deliverable", "ImplementationEvent",
    "Plateau", "Gap", "Grouping", "Location", "AndJunction", "OrJunction",
}
RELATIONSHIP_TYPES = {"Composition", "Aggregation", "Assignment", "Realization", "Serving", "Access", "Influence",
                      "Triggering", "Flow", "Specialization", "Association"}
RE_NCNAME = re.compile(r"[A-Za-z_][A-Za-z0-9._-]*")


@pytest.fixture(scope="module")
def model(example_estate) -> ET.Element:
    estate = example_estate
    return ET.fromstring(to_archimate(estate.graph, estate.plan.steps, estate.modules, estate.name))


def elements(model: ET.Element) -> dict[str, ET.Element]:
    return {e.get("identifier"): e for e in model.iter(f"{NS}element")}


def relationships(model: ET.Element) -> dict[str, ET.Element]:
    return {r.get("identifier"): r for r in model.iter(f"{NS}relationship")}


def test_identifiers_are_unique_xs_ids(model):
    ids = [node.get("identifier") for node in model.iter() if node.get("identifier") is not None]
    assert len(ids) == len(set(ids))
    assert all(RE_NCNAME.fullmatch(i) and i.startswith("id-") for i in ids)


def test_types_are_archimate_and_references_resolve(model):
    found, related = elements(model), relationships(model)
    assert {e.get(TYPE) for e in found.values()} <= ELEMENT_TYPES
    assert {r.get(TYPE) for r in related.values()} <= RELATIONSHIP_TYPES
    assert all(r.get("source") in found and r.get("target") in found for r in related.values())
    assert {"ApplicationComponent", "ApplicationInterface", "DataObject", "SystemSoftware"} <= {e.get(TYPE) for e in found.values()}


def test_access_goes_from_a_component_to_a_data_object(model):
    found = elements(model)
    access = [r for r in relationships(model).values() if r.get(TYPE) == "Access"]
    assert access
    for relationship in access:
        assert found[relationship.get("source")].get(TYPE) == "ApplicationComponent"
        assert found[relationship.get("target")].get(TYPE) == "DataObject"
        assert relationship.get("accessType") in ("Read", "Write", "ReadWrite")


def test_the_estate_is_modelled(model):
    """Programs are components of their step; the CICS and Db2 the example uses serve them."""
    found, related = elements(model), relationships(model)
    names = {e.findtext(f"{NS}name"): e.get(TYPE) for e in found.values()}
    assert names["TSB010"] == "ApplicationComponent"
    assert names["CICS"] == names["Db2"] == "SystemSoftware"
    assert "IMS" not in names
    kinds = {(found[r.get("source")].get(TYPE), r.get(TYPE), found[r.get("target")].get(TYPE)) for r in related.values()}
    assert ("ApplicationComponent", "Composition", "ApplicationComponent") in kinds
    assert ("ApplicationInterface", "Serving", "ApplicationComponent") in kinds
    assert ("ApplicationComponent", "Triggering", "ApplicationComponent") in kinds
    assert ("SystemSoftware", "Serving", "ApplicationComponent") in kinds
    assert found["id-program-TSB010"].findtext(f"{NS}documentation")


def test_views_show_existing_elements_and_relationships(example_estate, model):
    found, related = elements(model), relationships(model)
    views = list(model.iter(f"{NS}view"))
    assert len(views) == len(example_estate.plan.steps)
    for view in views:
        nodes = {n.get("identifier"): n.get("elementRef") for n in view.iter(f"{NS}node")}
        assert nodes and all(ref in found for ref in nodes.values())
        for connection in view.iter(f"{NS}connection"):
            relationship = related[connection.get("relationshipRef")]
            assert nodes[connection.get("source")] == relationship.get("source")
            assert nodes[connection.get("target")] == relationship.get("target")
    migration = next(s for s in example_estate.plan.steps if s.kind == "data-migration")
    shown = {n.get("elementRef") for n in model.find(f".//{NS}view[@identifier='id-view-{migration.id}']").iter(f"{NS}node")}
    assert {found[ref].get(TYPE) for ref in shown} == {"ApplicationComponent", "DataObject"}


def test_estate_text_is_escaped_and_ids_stay_apart():
    graph = nx.MultiDiGraph()
    graph.add_node("program:A<&>\x01", kind="program", name="A<&>\x01")
    graph.add_node("program:A_3C_", kind="program", name="A_3C_")
    root = ET.fromstring(to_archimate(graph, [], [], "x]]>&"))
    names = sorted(e.findtext(f"{NS}name") for e in root.iter(f"{NS}element"))
    assert names == ["A<&>\\x01", "A_3C_"]
    assert identifier("program", "A<") != identifier("program", "A_3c_")
