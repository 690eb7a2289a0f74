"""The main job end to end: a rerun reuses everything and writes byte-identical outputs."""

import filecmp

from click.testing import CliRunner

from modernize.cli import cli
from tests.conftest import EXAMPLES


def tree(directory):
    return sorted(p.relative_to(directory) for p in directory.rglob("*") if p.is_file())


def test_a_rerun_writes_byte_identical_outputs_from_cached_facts(tmp_path, cobc):
    runner = CliRunner()
    first = tmp_path / "first"
    result = runner.invoke(cli, ["run", str(EXAMPLES), "-o", str(first), "--cache-dir", str(tmp_path / "cache"), "-q"])
    assert result.exit_code == 0, result.output
    second = tmp_path / "second"
    result = runner.invoke(cli, ["run", str(EXAMPLES), "-o", str(second), "--cache-dir", str(tmp_path / "cache")])
    assert result.exit_code == 0, result.output
    assert "parsed 0 file(s)" in result.output
    files = [f for f in tree(first) if ".build" not in f.parts]
    assert files == [f for f in tree(second) if ".build" not in f.parts]
    assert {"facts.json", "graph/graph.json", "graph/graph.html", "plan/plan.docx", "docs/TSB010.md"} <= {str(f) for f in files}
    _, mismatch, errors = filecmp.cmpfiles(first, second, [str(f) for f in files], shallow=False)
    assert mismatch == [] and errors == []
