"""Interface contracts: the OpenAPI 3.1 documents of the plan's steps validate, and a record the
testgen codec decodes validates against its schema, while values the layout cannot hold do not."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import networkx as nx
import pytest
import yaml
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from modernize.plan.build import Step
from modernize.plan.interfaces import contract_outputs, contract_path, step_contract
from modernize.plan.schema import record_schema
from modernize.testgen.records import RecordCodec
from tests.conftest import fixed


def exact(value: Any) -> Any:
    """A document's floats as decimals, as a validator should read a contract's numbers."""
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, dict):
        return {k: exact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [exact(v) for v in value]
    return value


def as_json(record: dict[str, Any]) -> Any:
    """A decoded record through JSON, its numbers read back as decimals."""
    return json.loads(json.dumps(record, default=float), parse_float=Decimal)


def schema_validator(document: dict[str, Any], name: str) -> Draft202012Validator:
    """A validator of ``#/components/schemas/<name>``, its references resolved in the document."""
    root = {"$schema": "https://json-schema.org/draft/2020-12/schema", "components": exact(document["components"]),
            "$ref": f"#/components/schemas/{name}"}
    return Draft202012Validator(root)


def contracts(example_run) -> dict[str, dict[str, Any]]:
    return {path.name: yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted((example_run / "plan" / "interfaces").glob("*.yaml"))}


@pytest.mark.slow  # more than about a second
def test_every_step_with_interfaces_has_a_valid_openapi_document(example_run, example_estate):
    found = contracts(example_run)
    expected = {contract_path(s).split("/")[-1] for s in example_estate.plan.steps if s.interfaces}
    assert expected and set(found) == expected
    for document in found.values():
        validate(document)  # OpenAPI 3.1 (and the JSON Schema 2020-12 of its schemas)
        assert document["openapi"] == "3.1.0" and document["info"]["contact"]["name"]
        assert document["servers"][0]["url"].endswith("/v1")
        for path in document["paths"]:
            assert path == path.lower() and not path.endswith("/") and " " not in path  # kebab-case segments
    plan_md = (example_run / "plan" / "plan.md").read_text(encoding="utf-8")
    assert "`interfaces/S01.openapi.yaml`" in plan_md


def with_path(found: dict[str, dict], path: str) -> dict:
    """The contract of the step that owns ``path``: the one that writes it (POST) or, for a
    transaction, holds it (step ids follow the plan's grouping, not the test)."""
    holding = [d for d in found.values() if path in d["paths"]]
    return next((d for d in holding if "post" in d["paths"][path]), holding[0])


def test_the_documents_name_each_interface(example_run):
    found = contracts(example_run)
    s01, online = found["S01.openapi.yaml"], with_path(found, "/transactions/ts00")  # the shared services, the online step
    call = s01["paths"]["/programs/tsu010"]["post"]
    assert call["x-cobol-callers"] == ["TSB010", "TSB050", "TSB090", "TSO100", "TSO110", "TSO120"]
    assert call["requestBody"]["content"]["application/json"]["schema"]["properties"]["ELFP-PARAMETERS"] == {
        "$ref": "#/components/schemas/ELFP-PARAMETERS"}
    assert {"/transactions/ts00", "/screens/tsm100a", "/tables/aanvraag/rows"} <= set(online["paths"])
    assert "post" in with_path(found, "/data-sets/tsl-prod-aanvgoed/records")["paths"]["/data-sets/tsl-prod-aanvgoed/records"]  # TSB010 writes it
    row = online["components"]["schemas"]["AANVRAAG"]
    assert row["properties"]["TOESLAGJAAR"]["type"] == "integer" and "AANVRAAGNR" in row["required"]
    bsn = s01["components"]["schemas"]["ELFP-PARAMETERS"]["properties"]
    assert bsn["ELFP-BSN-X"]["x-cobol-redefines"] == "ELFP-BSN" and "ELFP-BSN-X" not in s01["components"]["schemas"]["ELFP-PARAMETERS"]["required"]


def test_a_commarea_decoded_by_the_codec_validates_and_values_out_of_range_do_not(example_run, example_estate):
    document = contracts(example_run)["S01.openapi.yaml"]
    validator = schema_validator(document, "ELFP-PARAMETERS")
    tsu010 = next(m for m in example_estate.modules if m.kind == "program" and m.name == "TSU010")
    codec = RecordCodec.from_module(tsu010, "ELFP-PARAMETERS", encoding="cp037")
    record = codec.decode(codec.encode({"ELFP-BSN": 111222333, "ELFP-RESULTAAT": "J", "ELFP-REDEN": "00"}))
    value = as_json(record)["ELFP-PARAMETERS"]
    assert list(validator.iter_errors(value)) == []
    for item, wrong in (("ELFP-RESULTAAT", "X"), ("ELFP-REDEN", "000"), ("ELFP-BSN", 1_000_000_000), ("ELFP-BSN", -1)):
        assert not validator.is_valid({**value, item: wrong}), (item, wrong)
    assert not validator.is_valid({**value, "ELFP-EXTRA": "1"})


def test_a_record_with_decimals_validates_and_one_decimal_too_many_does_not(example_run, example_estate):
    document = with_path(contracts(example_run), "/data-sets/tsl-prod-aanvgoed/records")  # TSB010's step writes it
    validator = schema_validator(document, "AG-AANVRAAG")
    tsb010 = next(m for m in example_estate.modules if m.kind == "program" and m.name == "TSB010")
    codec = RecordCodec.from_module(tsb010, "AG-AANVRAAG", encoding="ascii")
    values = {"AG-SLEUTEL": {"AG-BSN": 111222333, "AG-SOORT": "HT", "AG-JAAR": 2024}, "AG-MUTATIE": "N", "AG-KANAAL": "P",
              "AG-TOETSINKOMEN": Decimal("-12345.67"), "AG-HUUR": Decimal("650.10")}
    value = as_json(codec.decode(codec.encode(values)))["AG-AANVRAAG"]
    assert list(validator.iter_errors(value)) == []
    assert not validator.is_valid({**value, "AG-TOETSINKOMEN": Decimal("1.234")})
    assert not validator.is_valid({**value, "AG-HUUR": Decimal("-1.00")})  # unsigned
    assert not validator.is_valid({**value, "AG-MUTATIE": "Q"})


CALLED = fixed("""
 IDENTIFICATION DIVISION.
 PROGRAM-ID. SUB1.
 DATA DIVISION.
 LINKAGE SECTION.
 01  PARMS.
     05  P-COUNT        PIC S9(4) COMP.
     05  P-AMOUNT       PIC S9(5)V99 COMP-3.
     05  P-MONTH        PIC 99.
         88  P-MONTH-OK VALUE 1 THRU 12.
     05  P-LINES        OCCURS 3 TIMES.
         10  P-CODE     PIC X(2).
         10  FILLER     PIC X(2).
 PROCEDURE DIVISION USING PARMS.
     GOBACK.
""")


def test_layouts_become_arrays_packed_decimals_and_ranges_without_enum(analyse):
    module = analyse({"SUB1.cbl": CALLED}).module("SUB1")
    schema = record_schema(module.symbols, "PARMS")
    assert schema is not None
    properties = schema["properties"]
    assert properties["P-COUNT"] == {"type": "integer", "minimum": -9999, "maximum": 9999, "x-cobol-offset": 0,
                                     "x-cobol-length": 2, "x-cobol-picture": "S9(4)", "x-cobol-usage": "COMP"}
    assert properties["P-AMOUNT"]["multipleOf"] == 0.01 and properties["P-AMOUNT"]["maximum"] == 99999.99
    assert "enum" not in properties["P-MONTH"] and properties["P-MONTH"]["x-cobol-conditions"] == {"P-MONTH-OK": ["1", "THRU", "12"]}
    lines = properties["P-LINES"]
    assert lines["type"] == "array" and lines["maxItems"] == lines["minItems"] == 3
    assert list(lines["items"]["properties"]) == ["P-CODE"]  # FILLER is no property
    codec = RecordCodec.from_module(module, "PARMS", encoding="cp037")
    decoded = codec.decode(codec.encode({"P-COUNT": -7, "P-AMOUNT": Decimal("-123.45"), "P-MONTH": 12, "P-LINES": [{"P-CODE": "AB"}] * 3}))
    validator = Draft202012Validator(exact(schema))
    value = as_json(decoded)["PARMS"]
    assert list(validator.iter_errors(value)) == []
    assert not validator.is_valid({**value, "P-LINES": value["P-LINES"] * 2})  # more than OCCURS 3


def test_contracts_are_the_same_for_the_same_estate(example_estate):
    first = contract_outputs(example_estate.plan.steps, example_estate.modules, example_estate.graph, "cobol")
    second = contract_outputs(example_estate.plan.steps, example_estate.modules, example_estate.graph, "cobol")
    assert first == second and all(path.startswith("interfaces/S") for path in first)


def linked(name: str, items: str) -> str:
    return fixed(f"""
 IDENTIFICATION DIVISION.
 PROGRAM-ID. {name}.
 DATA DIVISION.
 LINKAGE SECTION.
 01  DFHCOMMAREA.
{items}
 PROCEDURE DIVISION.
     GOBACK.
""")


def test_two_programs_commareas_of_one_name_are_told_apart_by_program(analyse):
    analysis = analyse({"INQ.cbl": linked("INQ", "     05  INQ-KEY        PIC X(8)."),
                        "UPD.cbl": linked("UPD", "     05  UPD-AMOUNT     PIC S9(5)V99 COMP-3.")})
    interfaces = [{"kind": "call", "program": f"program:{n}", "mechanisms": ["cics-link"], "callers": ["class:COM.X.API"], "linkage": []}
                  for n in ("INQ", "UPD")]
    step = Step(id="S01", title="INQ", wave=1, programs=["program:INQ", "program:UPD"], copybooks=[], owned_data=[], shared_data=[],
                depends_on=[], why="", interfaces=interfaces, coexistence="", risks=[], effort={}, acceptance=[], rollback="",
                display={"class:COM.X.API": "com.x.Api"})
    document = step_contract(step, analysis.modules, nx.MultiDiGraph(), "estate")
    validate(document)
    assert sorted(document["components"]["schemas"]) == ["INQ.DFHCOMMAREA", "UPD.DFHCOMMAREA"]
    call = document["paths"]["/programs/upd"]["post"]
    assert call["requestBody"]["content"]["application/json"]["schema"]["properties"]["DFHCOMMAREA"] == {
        "$ref": "#/components/schemas/UPD.DFHCOMMAREA"}
    assert call["x-cobol-callers"] == ["com.x.Api"]  # a Java class by its name as written
