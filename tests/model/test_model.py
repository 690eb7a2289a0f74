from modernize.model import Diagnostic, Module, Reference, SourceFile, Symbol, dumps


def test_module_round_trips_through_json_unchanged():
    module = Module(
        name="TSB010", kind="program", language="cobol", path="cbl/TSB010.cbl", line=2, end_line=40,
        symbols=[Symbol("0000-MAIN", "paragraph", 10, 20, "cbl/TSB010.cbl", {"performs": ["1000-INIT"]})],
        references=[Reference("calls", "TSU010", "program", "static", 12, "cbl/TSB010.cbl", True, {"using": []})],
        metrics={"complexity": 3}, diagnostics=[Diagnostic("warning", "x", "y", "cbl/TSB010.cbl", 3)],
        attributes={"using": ["LK-A"]},
    )
    again = Module.from_dict(__import__("json").loads(dumps(module.to_dict())))
    assert again == module
    source = SourceFile("a.cbl", "cobol", "program", "cp037", "fixed", "ab", 10, 800)
    assert SourceFile.from_dict(source.to_dict()) == source


def test_dumps_is_deterministic_whatever_the_key_order():
    assert dumps({"b": 1, "a": [2, {"d": 3, "c": 4}]}) == dumps({"a": [2, {"c": 4, "d": 3}], "b": 1})


def test_unknown_keys_from_a_newer_version_are_ignored():
    data = Reference("calls", "X", "program").to_dict() | {"confidence": 0.9}
    assert Reference.from_dict(data).target == "X"


def test_the_vocabulary_is_made_of_plain_strings_in_the_facts():
    from modernize.model import Mechanism, ModuleKind, NodeKind, ReferenceKind

    module = Module("TSJ010", ModuleKind.JCL, "jcl", "jcl/TSJ010.jcl",
                    references=[Reference(ReferenceKind.EXECUTES, "TSB010", NodeKind.PROGRAM, Mechanism.JCL)])
    assert ModuleKind.PROGRAM == "program" and Mechanism.CICS_LINK == "cics-link"
    # Enum members go in, plain strings stay: GraphML, repr() in generated tests and JSON see no enum.
    reference = module.references[0]
    assert type(module.kind) is str and all(type(getattr(reference, n)) is str for n in ("kind", "target_kind", "via"))
    assert {type(v) for v in module.references[0].to_dict().values() if isinstance(v, str)} == {str}
    assert dumps(module.to_dict()) == dumps(Module.from_dict(module.to_dict()).to_dict())
    assert "ModuleKind" not in repr(module) and "Mechanism" not in repr(module)


def test_a_module_knows_its_graph_node_and_member_name():
    from modernize.model import NODE_KIND, ModuleKind, NodeKind, node_id

    assert Module("TSJ010", "jcl", "jcl", "jcl/TSJ010.jcl").node_id == "job:TSJ010"
    assert Module("V_PERS", "view", "sql", "ddl/views.sql").node_id == "table:V_PERS"
    assert Module("TSLFILE", "cicsfile", "csd", "csd/ts.csd").node_id == "file:TSLFILE"
    assert Module("tsb010", "program", "cobol", "cbl/tsb010.cbl").node_id == node_id(NodeKind.PROGRAM, "TSB010") == "program:TSB010"
    assert set(NODE_KIND) == set(ModuleKind)  # every module kind has its node kind written down
    assert Module("X", "program", "cobol", "src/cbl/tsb010.v2.cbl").member == "TSB010"
    assert SourceFile("cpy/tslpers.cpy", "cobol", "copybook", "ascii", "fixed", "", 1, 1).member == "TSLPERS"
