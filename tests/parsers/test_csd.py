"""The CSD parser on small DFHCSDUP inputs written for the tests, and on the example estate."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modernize.inventory import read_text, take_inventory
from modernize.model import Module, Reference, SourceFile, Symbol
from modernize.parsers import ParseContext
from modernize.parsers.csd import parse
from tests.conftest import EXAMPLES

PATH = "csd/KLGRP.csd"


def csd(text: str, path: str = PATH) -> list[Module]:
    source = SourceFile(path, "csd", "csd", "ascii", "", "", text.count("\n"), len(text))
    result = parse(source, text, ParseContext(root=EXAMPLES, files={}))
    assert result.diagnostics == []  # they go on the CSD module, which always exists
    return result.modules


def by_name(modules: list[Module]) -> dict[tuple[str, str], Module]:
    return {(m.kind, m.name): m for m in modules}


INPUT = """\
* KLANTSYSTEEM KL, GROEP KLGRP
DEFINE TRANSACTION(KL00) GROUP(KLGRP)
       DESCRIPTION(KLANT MENU (HOOFD))
       PROGRAM(KLP000) TWASIZE(0)
def trans (kl01) group(klgrp) prog(klp010) profile(DFHCICST)
DEFINE PROGRAM(KLP000) GROUP(KLGRP) LANGUAGE(COBOL)
DEFINE PROG(KLP010) GROUP(KLGRP) LANGUAGE(COBOL)
DEFINE MAPSET(KLM01) GROUP(KLGRP)
*
DEFINE FILE(KLANTF) GROUP(KLGRP) DSNAME(KL.PROD.KLANT.KSDS)
       ADD(YES) BROWSE(YES) DELETE(NO) READ(YES) UPDATE(YES)
DEFINE FILE(KLLOG) GROUP(KLGRP) DSNAME(KL.PROD.LOG)
       READ (NO) ADD (YES)
DEFINE FILE(KLREF) GROUP(KLGRP) DSN(kl.prod.ref)
DEFINE TDQUEUE(KLTD) GROUP(KLGRP) TYPE(EXTRA) DDNAME(KLTDOUT)
DEFINE TSMODEL(KLTS) GROUP(KLGRP) PREFIX(KLQ) LOCATION(MAIN)
DEFINE DB2ENTRY(KLDB2) GROUP(KLGRP) TRANSID(KL0+) PLAN(KLPLAN)
DEFINE PROFILE(KLPROF) GROUP(KLGRP)
ADD GROUP(KLGRP) LIST(KLLIST)
ADD GROUP(KLGRP2) LIST(KLLIST)
"""


def test_definitions_give_the_csd_module_with_a_symbol_and_a_reference_each():
    modules = csd(INPUT)
    assert [(m.kind, m.name) for m in modules] == [
        ("csd", "KLGRP"), ("transaction", "KL00"), ("transaction", "KL01"),
        ("cicsfile", "KLANTF"), ("cicsfile", "KLLOG"), ("cicsfile", "KLREF"),
    ]
    module = modules[0]
    assert (module.language, module.path, module.line, module.end_line) == ("csd", "csd/KLGRP.csd", 1, 20)
    assert module.diagnostics == []
    assert module.attributes == {"groups": ["KLGRP"], "lists": {"KLLIST": ["KLGRP", "KLGRP2"]}}
    assert module.metrics == {"lines": 20, "definitions": 12}
    assert [(s.name, s.kind, s.line, s.end_line) for s in module.symbols] == [
        ("KL00", "transaction", 2, 4), ("KL01", "transaction", 5, 5), ("KLP000", "program", 6, 6),
        ("KLP010", "program", 7, 7), ("KLM01", "mapset", 8, 8), ("KLANTF", "file", 10, 11),
        ("KLLOG", "file", 12, 13), ("KLREF", "file", 14, 14), ("KLTD", "tdqueue", 15, 15),
        ("KLTS", "tsmodel", 16, 16), ("KLDB2", "db2entry", 17, 17), ("KLPROF", "profile", 18, 18),
    ]
    assert module.symbols[0].attributes == {"group": "KLGRP", "description": "KLANT MENU (HOOFD)", "program": "KLP000", "twasize": "0"}
    assert [(r.kind, r.target, r.target_kind, r.line) for r in module.references] == [
        ("defines", "KL00", "transaction", 2), ("defines", "KL01", "transaction", 5), ("defines", "KLP000", "program", 6),
        ("defines", "KLP010", "program", 7), ("defines", "KLM01", "mapset", 8), ("defines", "KLANTF", "file", 10),
        ("defines", "KLLOG", "file", 12), ("defines", "KLREF", "file", 14), ("defines", "KLTD", "queue", 15),
        ("defines", "KLQ", "queue", 16),
    ]
    assert module.references[-1].attributes == {"group": "KLGRP", "resource": "tsmodel", "prefix": True}
    assert all(r.via == "csd" for r in module.references)


def test_a_transaction_starts_its_program_and_knows_its_db2_plan():
    modules = by_name(csd(INPUT))
    menu = modules[("transaction", "KL00")]
    assert (menu.language, menu.line, menu.end_line) == ("csd", 2, 4)
    assert menu.attributes == {"group": "KLGRP", "description": "KLANT MENU (HOOFD)", "program": "KLP000", "twasize": "0", "db2entry": "KLDB2", "plan": "KLPLAN"}
    assert menu.references == [Reference("starts", "KLP000", "program", "csd", 4, PATH)]
    lower = modules[("transaction", "KL01")]
    assert lower.attributes == {"group": "KLGRP", "program": "KLP010", "profile": "DFHCICST", "db2entry": "KLDB2", "plan": "KLPLAN"}
    assert lower.references == [Reference("starts", "KLP010", "program", "csd", 5, PATH)]


def test_a_file_reads_and_writes_its_data_set_as_its_options_allow():
    modules = by_name(csd(INPUT))
    assert modules[("cicsfile", "KLANTF")].references == [
        Reference("reads", "KL.PROD.KLANT.KSDS", "dataset", "csd", 10, PATH),
        Reference("writes", "KL.PROD.KLANT.KSDS", "dataset", "csd", 10, PATH),
    ]
    assert modules[("cicsfile", "KLLOG")].references == [Reference("writes", "KL.PROD.LOG", "dataset", "csd", 12, PATH)]
    assert modules[("cicsfile", "KLREF")].references == [Reference("reads", "KL.PROD.REF", "dataset", "csd", 14, PATH)]
    assert modules[("cicsfile", "KLREF")].attributes == {"group": "KLGRP", "dsname": "KL.PROD.REF"}


def test_listing_style_sequence_numbers_and_value_continuation():
    value = "DEFINE TRANSACTION(KL02)".ljust(71) + " " + "00000100"
    start = "       DESCRIPTION(EEN HELE LANGE OMSCHRIJVING DIE OVER DE REGEL"
    long = start.ljust(71) + "*" + "00000300"
    text = "\n".join([
        value,
        "       GROUP(KLGRP)".ljust(72) + "00000200",
        long,
        "HEEN LOOPT)",
        "       PROGRAM(KLP020)",
        "       TWASIZE(00000)",
        "       REMOTESYSTEM()",
    ]) + "\n"
    modules = csd(text)
    assert modules[0].diagnostics == []
    transaction = modules[1]
    assert transaction.attributes == {
        "group": "KLGRP",
        "description": "EEN HELE LANGE OMSCHRIJVING DIE OVER DE REGEL" + " " * (71 - len(start)) + "HEEN LOOPT",
        "program": "KLP020", "twasize": "00000", "remotesystem": "",
    }
    assert (transaction.line, transaction.end_line) == (1, 7)
    assert transaction.references == [Reference("starts", "KLP020", "program", "csd", 5, PATH)]


def test_commands_apply_in_order_alter_and_delete():
    text = """\
DEFINE PROGRAM(KLP030) GROUP(KLGRP) LANGUAGE(ASSEMBLER)
ALTER PROGRAM(KLP030) GROUP(KLGRP) LANGUAGE(COBOL)
DEFINE PROGRAM(KLP040) GROUP(KLGRP)
DELETE PROGRAM(KLP040) GROUP(KLGRP)
DEFINE PROGRAM(KLP050) GROUP(OUD)
DELETE GROUP(OUD)
ADD GROUP(KLGRP) LIST(L1)
ADD GROUP(KLGRP2) LIST(L2)
APPEND LIST(L2) TO(L1)
REMOVE GROUP(KLGRP) LIST(L1)
LIST LIST(L1) OBJECTS
"""
    [module] = csd(text)
    assert module.symbols == [Symbol("KLP030", "program", 1, 1, path=PATH, attributes={"group": "KLGRP", "language": "COBOL"})]
    assert module.attributes["lists"] == {"L1": ["KLGRP2"], "L2": ["KLGRP2"]}
    assert module.diagnostics == []


def test_problems_become_diagnostics_with_their_lines():
    text = """\
       PROGRAM(ZWEEF)
DEFINE WIDGET(W1) GROUP(KLGRP)
DEFINE PROGRAM(KLP060)
DEFINE PROGRAM(KLP070) GROUP(KLGRP)
DEFINE PROGRAM(KLP070) GROUP(KLGRP) DESCRIPTION(OPNIEUW)
FROBNICATE ALL
ALTER PROGRAM(ELDERS) GROUP(KLGRP) LANGUAGE(C)
COPY GROUP(KLGRP) TO(KLGRP3)
DEFINE PROGRAM(KLP075) GROUP(KLGRP) RESIDENT ?!
DEFINE PROGRAM(KLP080) GROUP(KLGRP) DESCRIPTION(NOOIT DICHT
"""
    [module] = csd(text)
    assert [(d.severity, d.code, d.line) for d in module.diagnostics] == [
        ("warning", "csd-syntax", 1),
        ("warning", "csd-unknown-statement", 2),
        ("warning", "csd-no-group", 3),
        ("warning", "csd-duplicate", 5),
        ("warning", "csd-unknown-statement", 6),
        ("info", "csd-alter", 7),
        ("info", "csd-not-modelled", 8),
        ("warning", "csd-syntax", 9),
        ("warning", "csd-syntax", 9),
        ("warning", "csd-syntax", 10),
    ]
    assert [(s.name, s.line, s.attributes) for s in module.symbols] == [
        ("KLP060", 3, {"group": ""}), ("KLP070", 5, {"group": "KLGRP", "description": "OPNIEUW"}),
        ("KLP075", 9, {"group": "KLGRP"}), ("KLP080", 10, {"group": "KLGRP", "description": "NOOIT DICHT"}),
    ]


def test_the_example_csd():
    inventory = take_inventory(EXAMPLES)
    [source] = [f for f in inventory.files if f.language == "csd"]
    result = parse(source, read_text(EXAMPLES, source), ParseContext(root=EXAMPLES, files={}))
    assert result.diagnostics == []
    modules = result.modules
    assert modules[0].diagnostics == []
    assert [(m.kind, m.name) for m in modules] == [
        ("csd", "TSLCSD"), ("transaction", "TS00"), ("transaction", "TS01"), ("transaction", "TS02"), ("cicsfile", "TSPERS"),
    ]
    starts = {m.name: [(r.kind, r.target, r.target_kind, r.line) for r in m.references] for m in modules if m.kind == "transaction"}
    assert starts == {
        "TS00": [("starts", "TSO100", "program", 22)],
        "TS01": [("starts", "TSO110", "program", 27)],
        "TS02": [("starts", "TSO120", "program", 32)],
    }
    assert [m.attributes.get("plan") for m in modules[1:4]] == [None, "TSPLAN02", "TSPLAN02"]
    assert modules[1].attributes["description"] == "TSL HOOFDMENU TOESLAGEN"
    assert modules[4].references == [Reference("reads", "TSL.PROD.PERSOON.KSDS", "dataset", "csd", 66, "csd/TSLCSD.csd")]
    defines = [(r.target, r.target_kind) for r in modules[0].references]
    assert defines == [
        ("TS00", "transaction"), ("TS01", "transaction"), ("TS02", "transaction"),
        ("TSO100", "program"), ("TSO110", "program"), ("TSO120", "program"), ("TSO900", "program"),
        ("TSM100", "mapset"), ("TSM110", "mapset"), ("TSPERS", "file"), ("TSHERBER", "queue"),
    ]
    kinds = [s.kind for s in modules[0].symbols]
    assert kinds.count("db2entry") == 1 and kinds.count("db2tran") == 1 and kinds.count("tsmodel") == 1
    assert modules[0].attributes == {"groups": ["TSLGRP"], "lists": {"TSLLIST": ["TSLGRP"]}}


CSD_WORDS = st.sampled_from(["DEFINE ", "TRANS", "PROGRAM", "FILE", "(", ")", "GROUP", "ADD", "DELETE", "ALTER", " ", "\n", "*", "X1", "DSNAME", "READ(NO)", "LIST", "TO"])


@pytest.mark.slow  # hundreds of generated inputs
@settings(max_examples=200, deadline=None)
@given(st.lists(CSD_WORDS, max_size=80), st.text(max_size=30))
def test_any_input_gives_facts_or_diagnostics_never_an_exception(words, noise):
    modules = csd("".join(words) + noise)
    assert modules[0].kind == "csd"


def test_exported_listing_lines_use_column_72(analyse):
    tail = "DISPOSITION(SHARE)"
    line = "        BROWSE(YES) DELETE(YES) READ(YES)".ljust(72 - len(tail)) + tail
    assert len(line) == 72 and line[71] == ")"
    text = " DEFINE FILE(KLANTEN) GROUP(TSL)\n        DSNAME(TSL.KLANTEN)\n" + line + "\n DEFINE FILE(TWEEDE) GROUP(TSL) DSNAME(TSL.TWEEDE)\n"
    analysis = analyse({"csd/LISTING.csd": text})
    assert sorted(m.name for m in analysis.modules if m.kind == "cicsfile") == ["KLANTEN", "TWEEDE"]
    assert not [d for d in analysis.diagnostics if d.severity in ("error", "warning")]


BUNDLE = "etc/bundles/kl-resources"
PROGRAM = """       IDENTIFICATION DIVISION.
       PROGRAM-ID. KLP010.
       PROCEDURE DIVISION.
           EXEC CICS RETURN END-EXEC.
"""


def test_cics_bundle_parts_define_transactions_and_files(analyse):
    """A CICS bundle holds one XML file per resource; its attributes are the DEFINE's options and
    its bundle folder the group. A transaction part starts its program; a part is no CSD module."""
    analysis = analyse({
        "src/KLP010.cbl": PROGRAM,
        f"{BUNDLE}/KL01.transaction": '<?xml version="1.0" encoding="UTF-8"?><cicsdefinitiontransaction '
                                      'xmlns="http://www.ibm.com/xmlns/prod/CICS/smw2int" description="Klant &amp; adres" '
                                      'name="KL01" program="klp010"/>',
        f"{BUNDLE}/KLP010.program": '<?xml version="1.0"?>\n<cicsdefinitionprogram name="KLP010" jvm="NO"/>',
        f"{BUNDLE}/KLANTF.file": "<?xml version='1.0'?>\n\n<cicsdefinitionfile name='KLANTF' dsname='kl.prod.klant' add='YES'/>",
        f"{BUNDLE}/META-INF/cics.xml": '<?xml version="1.0"?><manifest xmlns="http://www.ibm.com/xmlns/prod/cics/bundle" id="kl"/>',
    })
    transaction = analysis.module("KL01")
    assert transaction.kind == "transaction"
    assert transaction.attributes["description"] == "Klant & adres"
    assert transaction.attributes["group"] == "kl-resources"
    assert [(r.kind, r.target, r.line) for r in transaction.references] == [("starts", "KLP010", 1)]
    cics_file = analysis.module("KLANTF")
    assert cics_file.kind == "cicsfile" and cics_file.line == 3
    assert {(r.kind, r.target) for r in cics_file.references} == {("reads", "KL.PROD.KLANT"), ("writes", "KL.PROD.KLANT")}
    assert not [m for m in analysis.modules if m.kind == "csd"]
    assert not analysis.errors()


def test_bundle_part_reader_expands_no_entities_and_says_what_it_skips():
    """An untrusted part is read by pattern: a DTD's entities stay text, an unknown resource type is
    an info line, a part without a name a warning."""
    text = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "AAAAAAAAAA">]>'
            '<cicsdefinitiontransaction name="&a;&a;" program="P1"/><cicsdefinitionwidget name="W"/>'
            '<cicsdefinitionfile dsname="X"/>')
    source = SourceFile(f"{BUNDLE}/X.transaction", "csd", "csd", "ascii", "", "", 1, len(text))
    result = parse(source, text, ParseContext(root=EXAMPLES, files={}))
    assert [(m.kind, m.name) for m in result.modules] == [("transaction", "&A;&A;")]
    assert [(d.severity, d.code) for d in result.diagnostics] == [("info", "csd-not-modelled"), ("warning", "csd-syntax")]
