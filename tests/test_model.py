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
