"""The scenarios generated for the example's online programs (no capture: what the cases hold)."""

from __future__ import annotations

import json
from pathlib import Path


def scenario(out: Path, program: str, case: str) -> dict:
    [path] = (out / "tests").glob(f"step_*/cases/{program}/{case}/SCENARIO.in")
    return json.loads(path.read_text())


def test_online_programs_get_scenarios_from_their_layouts_rules_and_sample_data(example_run):
    estate = json.loads((example_run / "tests" / "estate.json").read_text())
    world = estate["cics_world"]
    assert sorted(world["programs"]) == ["TSO100", "TSO110", "TSO120", "TSO900"] and world["unsupported"] == {}
    # the symbolic map's fields, from the estate's TSM110 copybook: DBSNL at 12+3*3+4+30+10 = 65, DBSNI 3 bytes further
    layout = {name: (length_at, data_at, size) for name, length_at, _, data_at, size in world["maps"]["TSM110AI"]}
    assert layout["DBSN"] == (65, 68, 9) and world["maps"]["TSM110AO"] == world["maps"]["TSM110AI"]
    first = scenario(example_run, "TSO100", "first")
    assert first["commarea"] is None and first["transid"] == "TS00" and first["aid"] == "ENTER"  # TS00 from the CSD
    view = scenario(example_run, "TSO110", "aid-enter")
    # TSPERS is seeded with the sample persons (data/persoon.dat); the COMMAREA and the map carry the first one's BSN
    assert view["files"]["TSPERS"][0].startswith("021762648B.J.") and len(view["files"]["TSPERS"][0]) == 160
    assert view["commarea"][9:18] == "021762648" and view["maps"]["TSM110A"]["DBSN"] == "021762648"
    assert view["commarea"][18:20] == "HT"  # the literal CA-SOORT is compared with
    # the DB2 row the SELECT looks for, matched to the COMMAREA by column name
    assert {"BSN": "021762648", "SOORT": "HT"}.items() <= view["tables"]["AANVRAAG"][0].items()
    cases = {path.name for path in (example_run / "tests").glob("step_*/cases/TSO110/*")}
    assert {"first", "aid-enter", "aid-pf3", "aid-pf5", "aid-clear", "no-records", "map-empty"} <= cases
    assert any(name.startswith("state-ca_scherm_getoond-") for name in cases)
    [module] = (example_run / "tests").glob("step_*/test_tso110.py")
    assert "scenarios.characterize_with(build_dir, implementation)" in module.read_text()


def test_a_program_the_capture_cannot_build_says_why_in_its_test_module():
    from modernize.testgen.scenarios import build_failed, world_fixture

    estate = {"cics_world": {"programs": {"P": ["cbl/P.cbl", "ascii"]}, "unsupported": {}}}
    build_failed(estate, "P", "cobc failed for P: /tmp/w/.P-cics-0-traced.x1.partial/src/P.cbl:252: error: no previous data item of level 05")
    build_failed(estate, "Q", "not an online program")
    assert estate["cics_world"]["unsupported"] == {"P": ["cobc failed for P: P.cbl:252: error: no previous data item of level 05"]}
    module = world_fixture(estate, "P")
    assert "def test_offline_world_covers_every_command" in module and "P.cbl:252: error: no previous data item" in module
    assert world_fixture(estate, "Q") == ""
