"""Generated characterization tests: collected, passing against the legacy programs, and failing
when the legacy behaviour changes."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES

pytestmark = pytest.mark.slow  # every test builds and runs the legacy programs (GnuCOBOL, bubblewrap)


def pytest_in(directory, *paths, **env):
    """pytest in a generated test project (on ``paths`` in it, or all of it); no bytecode written there."""
    import os

    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *(map(str, paths or [directory]))],
                            capture_output=True, text=True, timeout=600,
                            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(Path(__file__).resolve().parents[2]), **env},
                            cwd=directory)
    return result.returncode, result.stdout + result.stderr


@pytest.fixture(scope="module")
def generated(example_capture):
    return example_capture / "tests"


def test_generated_tests_pass_against_the_legacy_programs(generated):
    code, output = pytest_in(generated)
    assert code == 0, output
    passed = int(re.search(r"(\d+) passed", output).group(1))
    assert passed >= 20
    tsb010 = (next(generated.glob("step_*/test_tsb010.py"))).read_text()
    assert "def test_tsb010_golden_master(characterize):" in tsb010
    assert "cbl/TSB010.cbl:196" in tsb010  # a rule's source line in its docstring
    assert "pytest.skip(" in tsb010  # rules that need production data say what to capture


def test_breaking_the_legacy_program_makes_a_generated_test_fail(generated, tmp_path):
    estate = tmp_path / "estate"
    shutil.copytree(EXAMPLES, estate)
    source = estate / "cbl" / "TSB010.cbl"
    text = source.read_text()
    assert "MOVE 'E006'" in text
    source.write_text(text.replace("MOVE 'E006'", "MOVE 'E007'", 1))  # a wrong error code for an invalid allowance type
    tests = tmp_path / "tests"
    shutil.copytree(generated, tests, ignore=shutil.ignore_patterns(".build", "__pycache__"))
    # TSB010's tests: the other programs are unchanged (their tests pass, as the test above shows)
    code, output = pytest_in(tests, *tests.glob("step_*/test_tsb010.py"), MODERNIZE_LEGACY_ROOT=str(estate))
    assert code == 1, output
    assert "TSB010" in output and "differs from the legacy golden master" in output


def test_run_with_relative_paths_as_the_readme_says(example_capture, generated):
    """example_capture ran ``modernize run examples/cobol -o out --capture`` from the folder holding examples/,
    as README.md says, and test_generated_tests_pass_against_the_legacy_programs ran ``pytest out/tests``
    on what it wrote. Here: every batch program was captured, and the estate is named by an absolute path."""
    root = Path(json.loads((generated / "estate.json").read_text())["root"])
    assert root.is_absolute() and root == (example_capture.parent / "examples" / "cobol").resolve()
    captured = {path.parent.parent.name for path in generated.rglob("golden/*/*/returncode")}
    # the batch programs, TSB030 in the DB2 world, and the online ones in the CICS world
    assert captured == {"TSB010", "TSB020", "TSB030", "TSB040", "TSB050", "TSB060", "TSB090", "TSO100", "TSO110", "TSO120", "TSO900"}
