"""The example's online programs (TSO100 menu, TSO110 view, TSO120 change, TSO900 audit LINK) captured
in the offline CICS world, replayed against the legacy programs and against a replacement."""

from __future__ import annotations

import http.server
import json
import os
import shutil
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

ONLINE = ("TSO100", "TSO110", "TSO120", "TSO900")
# one literal per program, each one a test of that program reaches (read from the sources)
MUTATIONS = {
    "TSO100": ("'MAAK EEN KEUZE'", "'MAAK EEN KEUZX'"),
    "TSO110": ("IF CA-SOORT NOT = 'HT' AND NOT = 'ZT'", "IF CA-SOORT NOT = 'HX' AND NOT = 'ZT'"),
    "TSO120": ("IF CA-SOORT = 'HT'", "IF CA-SOORT = 'HX'"),
    "TSO900": ("VALUE 'TSAU'", "VALUE 'TSAX'"),
}


def outcome(folder: Path, program: str, case: str) -> dict:
    return json.loads((folder / "golden" / program / case / "OUTCOME.out").read_text())


def modules(tests: Path) -> dict[str, Path]:
    return {program: next(tests.glob(f"step_*/test_{program.lower()}.py")) for program in ONLINE}


def pytest_run(tests: Path, module: Path, **environment: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2]), **environment}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(module)], cwd=tests, env=env,
                          capture_output=True, text=True, timeout=600)


@pytest.mark.slow
def test_online_programs_get_scenarios_with_captured_outcomes(example_capture):
    found = modules(example_capture / "tests")
    folder = found["TSO100"].parent
    # the first call of the menu sends map TSM100A with ERASE and returns to its own transaction TS00
    first = outcome(folder, "TSO100", "first")
    assert first["return"]["transid"] == "TS00" and first["screens"][0]["map"] == "TSM100A" and "ERASE" in first["screens"][0]["options"]
    assert first["screens"][0]["fields"]["MDATUM"] == "31-01-2025"  # ASKTIME/FORMATTIME DDMMYYYY on the pinned clock
    # nothing typed on the menu: MAPFAIL, the menu again with 'MAAK EEN KEUZE'
    assert outcome(folder, "TSO100", "map-empty")["screens"][0]["fields"]["MMELD"] == "MAAK EEN KEUZE"
    # the view with a known BSN: the person from the keyed file TSPERS, the application from DB2, the audit LINK to TSO900
    view = outcome(folder, "TSO110", "aid-enter")
    screen = view["screens"][0]["fields"]
    assert screen["DNAAM"] == "B.J.  VERMEULEN" and screen["DMELD"] == "AANVRAAG GEVONDEN" and screen["DTRAN"] == "TS01"
    assert [link["program"] for link in view["links"]] == ["TSO900"] and not view["links"][0]["stub"]
    assert list(view["queues"]["ts"]) == ["TSAUT001"]  # written by the linked TSO900 (WRITEQ TS, queue per terminal)
    assert view["return"]["transid"] == "TS01"
    # PF3 on the view goes back to the menu by XCTL
    assert outcome(folder, "TSO110", "state-ca_scherm_getoond-pf3")["xctl"]["program"] == "TSO100"
    # the change: an update of the application row, a TS queue item for the recalculation and SYNCPOINT
    changes = [outcome(folder, "TSO120", case.name) for case in (folder / "golden" / "TSO120").iterdir()]
    saved = [o for o in changes if o["syncpoints"]]
    assert saved and any(row["AANVRAAG_STATUS"] == "W" for o in saved for row in o["tables"]["AANVRAAG"])
    assert any("TSHERBER" in "".join(o["queues"]["ts"]) for o in saved)
    audit = outcome(folder, "TSO900", "aid-enter")
    assert audit["commarea"][12:16] == "T001" and list(audit["queues"]["ts"]) == ["TSAUT001"]
    coverage = json.loads((example_capture / "tests" / "coverage.json").read_text())
    online = [p for p in coverage["programs"] if p["program"] in ONLINE]
    assert len(online) == 4 and all(p["kept"] for p in online)


@pytest.mark.slow
def test_online_scenarios_pass_on_the_legacy_programs_and_catch_a_flipped_literal(example_capture, tmp_path):
    tests = tmp_path / "tests"
    shutil.copytree(example_capture / "tests", tests)
    estate = example_capture.parent / "examples" / "cobol"
    for program, module in modules(tests).items():
        passed = pytest_run(tests, module, MODERNIZE_LEGACY_ROOT=str(estate))
        assert passed.returncode == 0 and " passed" in passed.stdout and "skipped" not in passed.stdout, passed.stdout[-2000:]
        mutated = tmp_path / f"mutated-{program}"
        shutil.copytree(estate, mutated)
        source = mutated / "cbl" / f"{program}.cbl"
        original, flipped = MUTATIONS[program]
        text = source.read_text(encoding="latin-1")
        assert text.count(original) == 1
        source.write_text(text.replace(original, flipped), encoding="latin-1")
        failed = pytest_run(tests, module, MODERNIZE_LEGACY_ROOT=str(mutated))
        assert failed.returncode == 1 and "the outcome differs from the legacy golden master" in failed.stdout, failed.stdout[-2000:]


REPLACEMENT = '''
import json, sys

scenario = json.load(sys.stdin)
result = {"abend": None, "commarea": None, "files": {}, "links": [], "queues": {"td": {}, "ts": {}}, "rollbacks": 0,
          "return": {"commarea": None, "immediate": False, "transid": None}, "screens": [], "starts": [], "syncpoints": 0,
          "texts": [], "xctl": None}
area = scenario.get("commarea")
if area is not None:
    record = area[:40] + "\\x01\\x25\\x03\\x1c" + "\\x01\\x20\\x00\\x0c" + area[48:88]
    terminal = record[12:16]
    if not terminal.strip(" \\x00"):
        terminal = scenario["termid"]
        record = record[:12] + terminal + record[16:]
    record += "\\x00\\x00" if "{broken}" != "yes" else "\\x00\\x01"
    result["queues"]["ts"]["TSAU" + terminal] = [record]
    result["commarea"] = record
print(json.dumps(result))
'''


@pytest.mark.slow
def test_a_replacement_is_tested_by_the_same_scenarios_through_the_adapter(example_capture, tmp_path):
    """TSO900 rewritten in a few lines of Python passes its scenarios as a command and as an HTTP
    service; one that answers another return code fails them."""
    tests = tmp_path / "tests"
    shutil.copytree(example_capture / "tests", tests)
    module = modules(tests)["TSO900"]
    good, broken = tmp_path / "tso900.py", tmp_path / "tso900-broken.py"
    good.write_text(textwrap.dedent(REPLACEMENT.replace("{broken}", "no")))
    broken.write_text(textwrap.dedent(REPLACEMENT.replace("{broken}", "yes")))
    command = f"{sys.executable} {good}"
    passed = pytest_run(tests, module, MODERNIZE_IMPLEMENTATION="replacement", MODERNIZE_ONLINE_COMMAND=command)
    assert passed.returncode == 0 and " passed" in passed.stdout and "skipped" not in passed.stdout, passed.stdout[-2000:]
    failed = pytest_run(tests, module, MODERNIZE_IMPLEMENTATION="replacement", MODERNIZE_ONLINE_COMMAND=f"{sys.executable} {broken}")
    assert failed.returncode == 1 and "the replacement's outcome differs" in failed.stdout, failed.stdout[-2000:]

    class Service(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the http.server name
            body = self.rfile.read(int(self.headers["Content-Length"]))
            answer = subprocess.run([sys.executable, str(good)], input=body, capture_output=True, check=True).stdout
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Service)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/{{program}}"
        served = pytest_run(tests, module, MODERNIZE_IMPLEMENTATION="replacement", MODERNIZE_ONLINE_URL=url)
        assert served.returncode == 0 and " passed" in served.stdout, served.stdout[-2000:]
    finally:
        server.shutdown()
