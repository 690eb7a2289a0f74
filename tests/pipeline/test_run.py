"""The main job end to end: a rerun reuses everything and writes byte-identical outputs."""

import filecmp
import shutil

import pytest
from click.testing import CliRunner

from modernize.cli import cli
from tests.conftest import EXAMPLES


def tree(directory):
    return sorted(p.relative_to(directory) for p in directory.rglob("*") if p.is_file())


@pytest.mark.slow  # a run of its own
def test_a_rerun_writes_byte_identical_outputs_from_cached_facts(tmp_path, example_run, warm_cache):
    runner = CliRunner()
    first = example_run  # parsed fresh into the store that warm_cache copies
    second = tmp_path / "second"
    result = runner.invoke(cli, ["run", str(EXAMPLES), "-o", str(second), "--cache-dir", str(warm_cache)])
    assert result.exit_code == 0, result.output
    assert "parsed 0 file(s)" in result.output
    files = [f for f in tree(first) if ".build" not in f.parts]
    assert files == [f for f in tree(second) if ".build" not in f.parts]
    assert {"facts.json", "graph/graph.json", "graph/graph.html", "plan/plan.docx", "docs/TSB010.md"} <= {str(f) for f in files}
    _, mismatch, errors = filecmp.cmpfiles(first, second, [str(f) for f in files], shallow=False)
    assert mismatch == [] and errors == []


@pytest.mark.slow  # five runs
def test_an_unchanged_rerun_into_the_same_directory_rewrites_nothing_and_a_change_reruns(tmp_path, warm_cache):
    runner = CliRunner()
    estate = tmp_path / "estate"
    shutil.copytree(EXAMPLES, estate)
    out, cache = tmp_path / "out", warm_cache
    args = ["run", str(estate), "-o", str(out), "--cache-dir", str(cache)]
    assert runner.invoke(cli, [*args, "-q"]).exit_code == 0
    written = {f: (out / f).stat().st_mtime_ns for f in tree(out)}
    again = runner.invoke(cli, args)
    assert again.exit_code == 0 and "is up to date" in again.output
    assert {f: (out / f).stat().st_mtime_ns for f in tree(out)} == written  # not one file touched
    dutch = runner.invoke(cli, [*args, "--lang", "nl"])  # another option: everything again
    assert dutch.exit_code == 0 and "is up to date" not in dutch.output
    source = estate / "cbl" / "TSU020.cbl"
    source.write_text(source.read_text(encoding="latin-1").replace("TOESLAG", "TOESLAGEN", 1), encoding="latin-1")
    changed = runner.invoke(cli, [*args, "--lang", "nl"])
    assert changed.exit_code == 0 and "is up to date" not in changed.output and "parsed 1 file(s)" in changed.output
    (out / "index.html").unlink()  # an output removed by hand is written again
    assert "is up to date" not in runner.invoke(cli, [*args, "--lang", "nl"]).output
    assert (out / "index.html").is_file()
