"""The bundled example estate: the full expected inventory, and clean facts for every program."""

import json

import pytest
from click.testing import CliRunner

from modernize.cli import cli
from modernize.config import Settings
from modernize.inventory import read_text, take_inventory
from modernize.parsers import parser_for
from modernize.pipeline import scan
from modernize.store import Store
from tests.conftest import EXAMPLES

# path: (language, kind, encoding, source format). Written down by hand: this is the specification.
EXPECTED_INVENTORY = {
    ".gitattributes": ("text", "config", "ascii", ""),
    "README.md": ("markdown", "doc", "utf-8", ""),
    "bms/TSM100.bms": ("bms", "bms", "ascii", ""),
    "bms/TSM110.bms": ("bms", "bms", "ascii", ""),
    "cbl/TSB010.cbl": ("cobol", "program", "ascii", "fixed-numbered"),
    "cbl/TSB020.cbl": ("cobol", "program", "ascii", "fixed-numbered"),
    "cbl/TSB030.cbl": ("cobol", "program", "ascii", "fixed-numbered"),
    "cbl/TSB040.cbl": ("cobol", "program", "ascii", "fixed-numbered"),
    "cbl/TSB050.cbl": ("cobol", "program", "cp037", "fixed-numbered"),
    "cbl/TSB060.cbl": ("cobol", "program", "ascii", "free"),
    "cbl/TSB090.cbl": ("cobol", "program", "ascii", "fixed-numbered"),
    "cbl/TSLBETR.cbl": ("cobol", "copybook", "ascii", "fixed-numbered"),
    "cbl/TSO100.cbl": ("cobol", "program", "ascii", "fixed-numbered"),
    "cbl/TSO110.cbl": ("cobol", "program", "ascii", "fixed-numbered"),
    "cbl/TSO120.cbl": ("cobol", "program", "ascii", "fixed-numbered"),
    "cbl/TSO900.cbl": ("cobol", "program", "ascii", "fixed-numbered"),
    "cbl/TSU010.cbl": ("cobol", "program", "ascii", "fixed-numbered"),
    "cbl/TSU020.cbl": ("cobol", "program", "ascii", "fixed-numbered"),
    "cbl/TSU030.cbl": ("cobol", "program", "ascii", "fixed"),
    "cpy/TSLAANV.cpy": ("cobol", "copybook", "ascii", "fixed-numbered"),
    "cpy/TSLADRS.cpy": ("cobol", "copybook", "ascii", "fixed-numbered"),
    "cpy/TSLAUDT.cpy": ("cobol", "copybook", "ascii", "fixed-numbered"),
    "cpy/TSLBERK.cpy": ("cobol", "copybook", "ascii", "fixed-numbered"),
    "cpy/TSLCOMM.cpy": ("cobol", "copybook", "ascii", "fixed-numbered"),
    "cpy/TSLCORR.cpy": ("cobol", "copybook", "ascii", "fixed-numbered"),
    "cpy/TSLELFP.cpy": ("cobol", "copybook", "ascii", "fixed-numbered"),
    "cpy/TSLFOUT.cpy": ("cobol", "copybook", "ascii", "fixed-numbered"),
    "cpy/TSLPARM.cpy": ("cobol", "copybook", "ascii", "fixed-numbered"),
    "cpy/TSLPERS.cpy": ("cobol", "copybook", "ascii", "fixed-numbered"),
    "cpy/TSLTELR.cpy": ("cobol", "copybook", "ascii", "fixed-numbered"),
    "cpy/TSM100.cpy": ("cobol", "copybook", "ascii", "fixed"),
    "cpy/TSM110.cpy": ("cobol", "copybook", "ascii", "fixed"),
    "csd/TSLCSD.csd": ("csd", "csd", "ascii", ""),
    "data/aanvraag.dat": ("data", "data", "ascii", ""),
    "data/correctie.dat": ("data", "data", "ascii", ""),
    "data/persoon.dat": ("data", "data", "ascii", ""),
    "data/teller.dat": ("data", "data", "ascii", ""),
    "data/tsb020.sysin": ("data", "data", "ascii", ""),
    "dclgen/TSDAANV.cpy": ("cobol", "copybook", "ascii", "fixed"),
    "dclgen/TSDBETL.cpy": ("cobol", "copybook", "ascii", "fixed"),
    "dclgen/TSDPERS.cpy": ("cobol", "copybook", "ascii", "fixed"),
    "ddl/TSDDL01.sql": ("sql", "ddl", "ascii", ""),
    "jcl/TSJ010.jcl": ("jcl", "jcl", "ascii", ""),
    "jcl/TSJ020.jcl": ("jcl", "jcl", "ascii", ""),
    "jcl/TSJ030.jcl": ("jcl", "jcl", "ascii", ""),
    "jcl/TSJ040.jcl": ("jcl", "jcl", "ascii", ""),
    "jcl/TSJ050": ("jcl", "jcl", "ascii", ""),
    "jcl/tsj060.txt": ("jcl", "jcl", "ascii", ""),
    "proclib/TSBATCH.prc": ("jcl", "proc", "ascii", ""),
    "proclib/TSCOMDD.prc": ("jcl", "jclinclude", "ascii", ""),
}


def test_scan_classifies_every_file_of_the_estate():
    inventory = take_inventory(EXAMPLES)
    found = {f.path: (f.language, f.kind, f.encoding, f.source_format) for f in inventory.files}
    assert found == EXPECTED_INVENTORY
    assert inventory.diagnostics == []


def test_the_ebcdic_program_is_decoded_transparently():
    source = next(f for f in take_inventory(EXAMPLES).files if f.path == "cbl/TSB050.cbl")
    raw = (EXAMPLES / source.path).read_bytes()
    assert b"\n" not in raw and len(raw) % 80 == 0
    text = read_text(EXAMPLES, source)
    assert text.splitlines()[1] == "000200 PROGRAM-ID.    TSB050."
    assert len(text.splitlines()) == len(raw) // 80 == source.lines


def test_every_program_yields_facts_without_errors_or_warnings(example_estate):
    result = example_estate.scanned
    assert [d for d in result.diagnostics if d.severity in ("error", "warning")] == []
    programs = sorted(m.name for m in result.modules if m.kind == "program")
    assert programs == [
        "TSB010", "TSB020", "TSB030", "TSB040", "TSB040F", "TSB050", "TSB060", "TSB090",
        "TSO100", "TSO110", "TSO120", "TSO900", "TSU010", "TSU020", "TSU030",
    ]
    modules = {m.name: m for m in result.modules}

    def refs(name, kind):
        return sorted({(r.target, r.via) for r in modules[name].references if r.kind == kind})

    assert refs("TSB010", "calls") == [("TSU010", "static"), ("TSU030", "static")]
    assert refs("TSB020", "calls") == [("TSU020", "dynamic")]
    assert refs("TSO100", "calls") == [("TSO110", "cics-xctl"), ("TSO120", "cics-xctl"), ("TSU010", "static")]
    assert ("TSO900", "cics-link") in refs("TSO110", "calls")
    assert refs("TSLPERS", "includes") == [("TSLADRS", "copy")]
    assert [r for r in modules["TSB010"].references if r.target == "TSLAANV" and r.attributes.get("replacing")]
    assert refs("TSB030", "writes") == [("AANVRAAG", "sql"), ("BETALING", "sql")]
    assert refs("TSDBETL", "defines") == [("BETALING", "sql")]
    assert modules["TSB050"].metrics["alter"] == 1
    assert modules["TSB040F"].attributes["nested_in"] == "TSB040"
    dead = [s.name for s in modules["TSB010"].symbols if s.attributes.get("unreachable")]
    assert dead == ["8000-GIRO-CONTROLE", "8000-EXIT"]
    rules = [r for r in modules["TSU020"].attributes["business_rules"] if "WS-INKOMENSGRENS" in r["condition"]]
    assert rules and rules[0]["condition"] == "WS-TOETSINKOMEN > WS-INKOMENSGRENS"


@pytest.mark.slow  # scans into a store of its own, twice
def test_a_second_scan_of_the_unchanged_estate_parses_nothing(tmp_path):
    with Store(tmp_path / "cache") as store:
        first = scan(EXAMPLES, Settings(jobs=2), store)
        second = scan(EXAMPLES, Settings(jobs=2), store)
    analysable = [f for f in first.files if parser_for(f) is not None]
    assert len(analysable) >= 31
    assert first.parsed == len(analysable) and first.cached == 0
    assert second.parsed == 0 and second.cached == len(analysable)
    runner = CliRunner()
    result = runner.invoke(cli, ["scan", str(EXAMPLES), "--cache-dir", str(tmp_path / "cache"), "--json", str(tmp_path / "s.json")])
    assert result.exit_code == 0
    assert f"parsed 0 file(s), {len(analysable)} from cache" in result.output
    assert len(json.loads((tmp_path / "s.json").read_text())["modules"]) == len(first.modules)


def test_scan_reports_every_job_step_transaction_mapset_and_table(warm_cache):
    result = CliRunner().invoke(cli, ["scan", str(EXAMPLES), "--cache-dir", str(warm_cache), "-v"], terminal_width=200)
    assert result.exit_code == 0, result.output
    expected = [
        "TSJ010 (5 steps)", "TSJ020 (4 steps)", "TSJ030 (3 steps)", "TSJ040 (2 steps)", "TSJ050 (4 steps)", "TSJ060 (4 steps)",
        "TSBATCH (3 steps)", "TS00, TS01, TS02", "TSM100, TSM110", "AANVRAAG, BETALING, PERSOON", "V_BETALING_TOTAAL",
    ]
    for text in expected:
        assert text in result.output
    steps = ["STEP005", "STEP010", "STEP020", "STEP030", "STEP039", "BETAAL.BEREKEN", "BETAAL.CORRECT", "BETAAL.RAPPORT", "DB2LOAD"]
    for step in steps:
        assert f" {step} " in result.output
    assert "TSB030" in result.output.split("DB2LOAD", 1)[1].split("\n", 1)[0]
