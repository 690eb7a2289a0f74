import json

from click.testing import CliRunner

from modernize import __version__
from modernize.cli import cli
from tests.conftest import EXAMPLES, fixed, write_tree

HELLO = fixed(
    """
 IDENTIFICATION DIVISION.
 PROGRAM-ID. HELLO.
 PROCEDURE DIVISION.
     DISPLAY 'HALLO'.
     STOP RUN.
"""
)


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_version_and_help_explain_the_tool():
    assert __version__ in invoke("--version").output
    help_text = invoke("--help").output
    for command in ("run", "scan", "graph", "docs", "plan", "tests", "explain", "impact"):
        assert command in help_text
    assert "--json" in invoke("scan", "--help").output


def test_scan_writes_json_with_the_model_field_names(tmp_path):
    root = write_tree(tmp_path / "repo", {"cbl/HELLO.cbl": HELLO})
    result = invoke("scan", root, "--cache-dir", tmp_path / "cache", "--json", tmp_path / "scan.json")
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "scan.json").read_text())
    assert set(data) == {"files", "modules", "diagnostics"}
    assert data["files"][0]["path"] == "cbl/HELLO.cbl"
    assert data["files"][0]["kind"] == "program"
    assert data["modules"][0]["name"] == "HELLO"
    assert "Inventory" in result.output and "parsed 1 file(s)" in result.output


def test_exit_code_is_1_when_a_file_errored_and_the_rest_is_still_analysed(tmp_path):
    root = write_tree(tmp_path / "repo", {"cbl/HELLO.cbl": HELLO, "big/huge.dat": "X" * 5000})
    result = invoke("scan", root, "--cache-dir", tmp_path / "cache", "--max-file-size", 1000, "--json", tmp_path / "s.json")
    assert result.exit_code == 1
    assert "big/huge.dat" in result.output
    assert json.loads((tmp_path / "s.json").read_text())["modules"][0]["name"] == "HELLO"


def test_unbuilt_stages_say_so_and_exit_2(tmp_path):
    result = invoke("explain", tmp_path, "TSB010")
    assert result.exit_code == 2
    assert "not built yet" in result.output
    assert not (tmp_path / "out").exists()


def test_configuration_errors_name_the_key_and_the_file(tmp_path):
    root = write_tree(tmp_path / "repo", {"cbl/HELLO.cbl": HELLO, "modernize.toml": "[modernize]\nexlude = ['x']\n"})
    result = invoke("scan", root, "--cache-dir", tmp_path / "cache")
    assert result.exit_code == 2
    assert "modernize.exlude" in result.output and "modernize.toml" in result.output


def test_configuration_is_applied(tmp_path):
    root = write_tree(
        tmp_path / "repo",
        {"cbl/HELLO.cbl": HELLO, "old/OLD.cbl": HELLO.replace("HELLO", "OLD"), "modernize.toml": "[modernize]\nexclude = ['old/']\n"},
    )
    invoke("scan", root, "--cache-dir", tmp_path / "cache", "--json", tmp_path / "s.json")
    assert [f["path"] for f in json.loads((tmp_path / "s.json").read_text())["files"]] == ["cbl/HELLO.cbl", "modernize.toml"]


def test_run_on_the_example_estate_writes_its_outputs(tmp_path):
    result = invoke("run", EXAMPLES, "-o", tmp_path / "out", "--cache-dir", tmp_path / "cache", "-q")
    assert result.exit_code == 0, result.output
    facts = json.loads((tmp_path / "out" / "facts.json").read_text())
    assert len([m for m in facts["modules"] if m["kind"] == "program"]) >= 12
    assert json.loads((tmp_path / "out" / "diagnostics.json").read_text()) == facts["diagnostics"]
