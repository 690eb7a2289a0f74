"""The typed views of the facts (model.py) read what the parsers really write, keys and types."""

from __future__ import annotations

import json
import types
import typing
from dataclasses import fields

import pytest

from modernize.model import (
    Argument,
    BusinessRule,
    DDStatement,
    FileKind,
    Layout,
    Module,
    Reference,
    SourceFile,
    Symbol,
    dumps,
)
from modernize.testgen.records import Field, fields_from_symbols
from tests.conftest import ROOT, Analysis


def conforms(value: object, annotation: object) -> bool:
    """``value`` is of the (possibly generic, possibly union) type ``annotation``, items included."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return any(conforms(value, option) for option in typing.get_args(annotation))
    if annotation is type(None):
        return value is None
    if origin is None:
        return isinstance(value, annotation) and not (annotation is int and isinstance(value, bool))
    if not isinstance(value, origin):
        return False
    args = typing.get_args(annotation)
    if origin is dict:
        return all(conforms(k, args[0]) and conforms(v, args[1]) for k, v in value.items())
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return all(conforms(item, args[0]) for item in value)
    return all(conforms(item, args[0]) for item in value)


def assert_typed(view: object) -> None:
    hints = typing.get_type_hints(type(view))
    for f in fields(view):
        value = getattr(view, f.name)
        assert conforms(value, hints[f.name]), f"{type(view).__name__}.{f.name} = {value!r} is not {hints[f.name]}"


@pytest.fixture(scope="module")
def estate_modules() -> list[Module]:
    """The facts of every example estate, through their JSON form as the later stages get them."""
    modules = []
    for language in ("cobol", "pli", "natural", "fortran", "c"):
        modules += Analysis(ROOT / "examples" / language).modules
    return [Module.from_dict(json.loads(dumps(m.to_dict()))) for m in modules]


@pytest.mark.slow  # every data item of every example estate, type-checked
def test_every_data_item_fact_has_its_place_and_type_in_the_layout(estate_modules):
    keys = {f.name for f in fields(Layout)}
    data = [s for m in estate_modules for s in m.symbols if s.kind == "data"]
    assert {m.language for m in estate_modules if any(s.kind == "data" for s in m.symbols)} >= {"cobol", "pli", "natural"}
    for symbol in data:
        assert set(symbol.attributes) <= keys, f"{symbol.name}: {set(symbol.attributes) - keys} have no view"
        assert_typed(symbol.layout)
    assert any(s.layout.conditions for s in data) and any(s.layout.usage for s in data) and any(s.layout.redefines for s in data)


def test_every_dd_and_business_rule_fact_has_its_place_and_type(estate_modules):
    dd_keys, rule_keys = {f.name for f in fields(DDStatement)}, {f.name for f in fields(BusinessRule)}
    steps = [s for m in estate_modules for s in m.symbols if s.kind == "step"]
    assert steps and any(s.dds for s in steps)
    for step in steps:
        for raw, dd in zip(step.attributes["dds"], step.dds, strict=True):
            assert set(raw) <= dd_keys
            assert_typed(dd)
    rules = [(raw, rule) for m in estate_modules for raw, rule in zip(m.attributes.get("business_rules", []), m.business_rules, strict=True)]
    assert rules
    for raw, rule in rules:
        assert set(raw) == rule_keys
        assert_typed(rule)
        assert (rule.condition, rule.line, list(rule.data)) == (raw["condition"], raw["line"], raw["data"])


def test_the_views_of_modules_symbols_and_references_read_the_parsers_values(estate_modules):
    for module in estate_modules:
        assert all(isinstance(x, str) for x in module.header_comments + module.entries)
        assert all(isinstance(v, int) for v in (module.code_lines, module.complexity, module.statements, module.goto, module.alter))
        for symbol in module.symbols:
            if symbol.kind == "file" and module.language == "cobol":
                assert isinstance(symbol.ddname, str) and symbol.ddname == symbol.attributes["ddname"]
                assert symbol.records == symbol.attributes.get("records", []) and symbol.open_modes == symbol.attributes["open_modes"]
            if symbol.kind in ("paragraph", "section"):
                assert all(isinstance(x, str) for x in symbol.performs + symbol.goes_to)
        for reference in module.references:
            assert all(isinstance(a, Argument) and a.name and a.mode for a in reference.using)
            assert isinstance(reference.unresolved, bool) and isinstance(reference.temporary, bool)
    by_name = {m.name: m for m in estate_modules}
    assert by_name["TSB010"].code_lines == by_name["TSB010"].metrics["code_lines"] > 0
    assert by_name["TSB040F"].nested_in == "TSB040" and by_name["TSB040"].nested_in is None
    assert any(m.entries for m in estate_modules if m.language in ("pli", "fortran", "c"))


def test_views_read_the_keys_and_leave_the_json_form_alone():
    module = Module(
        "P", "program", "cobol", "p.cbl",
        symbols=[
            Symbol("REC", "data", 1, attributes={"level": 1, "offset": 0, "length": 7, "section": "FILE"}),
            Symbol("R-BEDRAG", "data", 2, attributes={"level": 5, "offset": 2, "length": 5, "section": "FILE", "picture": "S9(7)V99",
                                                      "category": "numeric", "digits": 9, "scale": 2, "signed": True, "usage": "COMP-3",
                                                      "conditions": {"NUL": ["0"]}, "parent": "REC"}),
            Symbol("F", "file", 3, attributes={"ddname": "INVOER", "open_modes": ["INPUT"], "records": ["REC"], "record_length": 7}),
            Symbol("A", "paragraph", 4, attributes={"performs": ["B THRU C"], "goes_to": ["D"], "complexity": 2, "unreachable": True}),
            Symbol("S1", "step", 5, attributes={"program": "IEFBR14", "cond": "(4,LT)", "if": ["RC = 0"],
                                                "dds": [{"ddname": "IN", "line": 6, "dsn": "A.B", "disp": "SHR"}]}),
        ],
        references=[Reference("calls", "X", "program", "dynamic", 7, attributes={"variable": "WS-PGM", "unresolved": True, "pattern": "X*",
                                                                                  "using": [{"name": "WS-A", "mode": "CONTENT"}]}),
                    Reference("reads", "&&TMP", "dataset", "dd", 8, attributes={"step": "S1", "ddname": "IN", "temporary": True, "job": "J"})],
        metrics={"code_lines": 12, "goto": 3},
        attributes={"header_comments": ["DOEL"], "nested_in": "OUTER", "entries": ["E1"],
                    "business_rules": [{"kind": "IF", "condition": "A = 1", "paragraph": "A", "path": "p.cbl", "line": 4, "data": ["A"], "literals": ["1"]}]},
    )
    before = dumps(module.to_dict())
    rec, item, file, paragraph, step = module.symbols
    assert item.layout.usage == "COMP-3" and item.layout.digits == 9 and item.layout.conditions == {"NUL": ["0"]} and item.layout.parent == "REC"
    assert rec.layout.usage is None and rec.layout.picture is None and rec.layout.occurs is None and rec.layout.digits == 0
    assert (file.ddname, file.open_modes, file.records, file.record_length) == ("INVOER", ["INPUT"], ["REC"], 7)
    assert (paragraph.performs, paragraph.goes_to, paragraph.complexity, paragraph.unreachable) == (["B THRU C"], ["D"], 2, True)
    assert (step.program, step.proc, step.cond, step.if_) == ("IEFBR14", None, "(4,LT)", ["RC = 0"])
    assert step.dds == [DDStatement("IN", 6, None, "A.B", "SHR", False, None, None, None, False, None, 0)]
    call, dataset = module.references
    assert (call.unresolved, call.variable, call.pattern, call.using) == (True, "WS-PGM", "X*", [Argument("WS-A", "CONTENT")])
    assert (dataset.step, dataset.ddname, dataset.temporary, dataset.job, dataset.file) == ("S1", "IN", True, "J", None)
    assert (module.code_lines, module.goto, module.complexity, module.metric("lines")) == (12, 3, 0, 0)
    assert (module.header_comments, module.nested_in, module.entries) == (["DOEL"], "OUTER", ["E1"])
    assert module.business_rules == [BusinessRule("IF", "A = 1", "A", "p.cbl", 4, ("A",), ("1",))]
    assert dumps(module.to_dict()) == before


def test_the_codec_fields_come_from_the_layouts():
    symbols = [
        Symbol("REC", "data", attributes={"level": 1, "offset": 0, "length": 7, "section": "FILE"}),
        Symbol("R-NAAM", "data", attributes={"level": 5, "offset": 0, "length": 2, "section": "FILE", "picture": "X(2)",
                                             "category": "alphanumeric", "digits": 0, "scale": 0, "signed": False}),
        Symbol("R-BEDRAG", "data", attributes={"level": 5, "offset": 2, "length": 5, "section": "FILE", "picture": "S9(7)V99",
                                               "category": "numeric", "digits": 9, "scale": 2, "signed": True, "usage": "COMP-3", "occurs": 1}),
    ]
    root = fields_from_symbols(symbols, "REC")
    assert root == Field("REC", 1, 0, 7, children=[
        Field("R-NAAM", 5, 0, 2, "X(2)"),
        Field("R-BEDRAG", 5, 2, 5, "S9(7)V99", "COMP-3", "numeric", 9, 2, True, occurs=1),
    ])


def test_file_kinds_go_in_as_members_and_stay_plain_strings():
    source = SourceFile("a.cbl", "cobol", FileKind.PROGRAM, "ascii", "fixed", "", 1, 1)
    assert type(source.kind) is str and source.kind == "program" and "FileKind" not in repr(source)
