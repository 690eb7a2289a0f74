"""A real `modernize run` killed at any moment: the rerun resumes and writes what a clean run writes."""

from __future__ import annotations

import filecmp
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.generate import generate
from tests.conftest import copy_store

IGNORED = {".build", ".report-manifest.json"}


@pytest.fixture(scope="module")
def estate(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("interrupt") / "estate"
    generate(root, programs=150, lines=400, copybooks=10, jobs=5, cics_share=0.2, seed=5)
    return root


@pytest.fixture(scope="module")
def clean_run(estate) -> Path:
    output = estate.parent / "clean"
    completed = subprocess.run(run_command(estate, output, estate.parent / "clean-cache"), capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stderr
    return output


def run_command(root: Path, output: Path, cache: Path, jobs: int = 2) -> list[str]:
    """A run in a subprocess: one parser process for a run that is to be killed (the parse lasts long enough
    to be caught, and the children to check are few), both cores for a run that is to finish."""
    return [sys.executable, "-m", "modernize", "run", str(root), "-o", str(output), "--cache-dir", str(cache), "--jobs", str(jobs), "-q"]


def output_files(directory: Path) -> list[str]:
    return sorted(str(p.relative_to(directory)) for p in directory.rglob("*")
                  if p.is_file() and not IGNORED & set(p.relative_to(directory).parts))


def facts_stored(cache: Path) -> int:
    path = cache / "store.sqlite"
    if not path.exists():
        return 0
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)
        try:
            return db.execute("SELECT COUNT(*) FROM facts").fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error:
        return 0


def documents_written(output: Path) -> int:
    return len(list((output / "docs").glob("*.md"))) if (output / "docs").is_dir() else 0


def children_of(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in children.read_text().split()] if children.exists() else []


def alive(pid: int) -> bool:
    """Running and not a zombie waiting for its (new) parent to reap it."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def interruptible() -> None:
    """In the child before it starts: Ctrl-C as a user's terminal delivers it. A test runner started in
    the background (``cmd &`` in a script) passes SIGINT on ignored, and Python then installs no handler."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start_and_wait(command: list[str], ready, what: str, log: Path) -> subprocess.Popen:
    with log.open("w") as handle:
        process = subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT, preexec_fn=interruptible)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None and not ready():
        time.sleep(0.05)
    if process.poll() is not None:
        pytest.fail(f"the run ended before {what}; nothing was interrupted")
    return process


@pytest.mark.slow  # runs of a 150-program estate in a subprocess
@pytest.mark.parametrize("moment", ["while parsing", "while writing documents"])
def test_a_run_killed_mid_way_resumes_and_its_outputs_equal_an_uninterrupted_run(estate, clean_run, tmp_path, moment):
    output, cache = tmp_path / "out", tmp_path / "cache"
    if moment == "while writing documents":  # every file is parsed by then: start from the clean run's facts
        copy_store(estate.parent / "clean-cache", cache)
    ready = (lambda: facts_stored(cache) >= 30) if moment == "while parsing" else (lambda: documents_written(output) >= 20)
    process = start_and_wait(run_command(estate, output, cache, jobs=1), ready, moment, tmp_path / "killed.log")
    workers = children_of(process.pid)
    assert workers or moment != "while parsing"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(pid) for pid in workers):
        time.sleep(0.1)
    assert not [pid for pid in workers if alive(pid)], "parser processes outlived the killed run"

    rerun = subprocess.run(run_command(estate, output, cache), capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    files = output_files(clean_run)
    assert output_files(output) == files
    _, mismatch, errors = filecmp.cmpfiles(clean_run, output, files, shallow=False)
    assert mismatch == [] and errors == []


@pytest.mark.slow  # a run of a 150-program estate in a subprocess
def test_ctrl_c_stops_a_run_with_a_message_and_exit_code_130(estate, tmp_path):
    output, cache = tmp_path / "out", tmp_path / "cache"
    process = start_and_wait(run_command(estate, output, cache, jobs=1), lambda: facts_stored(cache) >= 10, "parsing began", tmp_path / "log")
    process.send_signal(signal.SIGINT)
    process.wait(timeout=60)
    stderr = (tmp_path / "log").read_text()
    assert process.returncode == 130
    assert "interrupted" in stderr.lower()
    assert "Traceback" not in stderr
    assert facts_stored(cache) >= 10, "facts parsed before Ctrl-C are kept for the rerun"


def test_the_sweep_removes_our_temporaries_only(tmp_path):
    from modernize.output import remove_stale_temporaries

    ours = [tmp_path / ".facts.json.k2j4_x9a.tmp", tmp_path / "docs" / ".TSB010.md.abcd1234.tmp"]
    theirs = [tmp_path / "notes" / ".draft.abcd1234.tmp", tmp_path / "docs" / "TSB010.md", tmp_path / ".keep.tmp"]
    for path in ours + theirs:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    assert remove_stale_temporaries(tmp_path, ("docs",)) == 2
    assert not any(p.exists() for p in ours) and all(p.exists() for p in theirs)
