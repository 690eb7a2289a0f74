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
    for command in ("run", "scan", "graph", "docs", "plan", "tests", "explain", "impact", "init"):
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


def test_a_long_diagnostics_list_shows_its_kinds_and_errors_first(tmp_path):
    """A test suite's repository: hundreds of programs named PROG (a warning each), one syntax error in
    the last file by path (an invalid level number). The summary counts the kinds, and the error is the
    first line shown."""
    files = {f"a/P{i:03}.cbl": HELLO.replace("HELLO", "PROG") for i in range(30)}
    files["z/BROKEN.cbl"] = fixed(" IDENTIFICATION DIVISION.\n PROGRAM-ID. BROKEN.\n DATA DIVISION.\n WORKING-STORAGE SECTION.\n"
                                  " 51  A PIC X.\n PROCEDURE DIVISION.\n     GOBACK.")
    result = invoke("scan", write_tree(tmp_path / "repo", files), "--cache-dir", tmp_path / "cache")
    lines = result.output.splitlines()
    by_kind = next(line for line in lines if "by kind:" in line)
    assert "duplicate-program 29" in by_kind
    shown = [line for line in lines if ": warning " in line or ": error " in line]
    assert shown and ": error " in shown[0] and "z/BROKEN.cbl" in shown[0]


def test_error_paths_print_one_clear_line_and_exit_non_zero(tmp_path):
    missing = invoke("scan", tmp_path / "does-not-exist")
    assert missing.exit_code == 2 and "does not exist" in missing.output
    root = write_tree(tmp_path / "repo", {"cbl/HELLO.cbl": HELLO})
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    unwritable = invoke("run", root, "-o", blocker / "out", "--cache-dir", tmp_path / "cache", "-q")
    assert unwritable.exit_code == 1 and "cannot write" in unwritable.output and "Traceback" not in unwritable.output
    unknown = invoke("explain", root, "GEENDING", "--cache-dir", tmp_path / "cache", "-q")
    assert unknown.exit_code == 2 and "nothing called 'GEENDING'" in unknown.output
    unknown = invoke("impact", root, "GEENDING", "--cache-dir", tmp_path / "cache", "-q")
    assert unknown.exit_code == 2


def test_explain_and_init(tmp_path, warm_cache):
    result = invoke("explain", EXAMPLES, "TSU030", "--cache-dir", warm_cache, "-q")
    assert result.exit_code == 0 and "CONTROLE NEDERLANDS IBAN" in result.output
    result = invoke("init", tmp_path)
    assert result.exit_code == 0 and (tmp_path / "modernize.toml").exists()
    assert invoke("scan", tmp_path, "--cache-dir", tmp_path / "cache", "-q").exit_code == 0  # the example config is valid
    again = invoke("init", tmp_path)
    assert again.exit_code == 2 and "exists already" in again.output


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


def test_run_on_the_example_estate_writes_its_outputs(example_run):
    facts = json.loads((example_run / "facts.json").read_text())  # the fixture checked the exit code
    assert len([m for m in facts["modules"] if m["kind"] == "program"]) >= 12
    assert json.loads((example_run / "diagnostics.json").read_text()) == facts["diagnostics"]
