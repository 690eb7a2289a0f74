import os
import time

import pytest

from modernize.config import Settings
from modernize.parsers import ParseResult
from modernize.pipeline import scan
from modernize.store import Store
from tests.conftest import fixed, write_tree

MAIN = fixed(
    """
 IDENTIFICATION DIVISION.
 PROGRAM-ID. HOOFD.
 DATA DIVISION.
 WORKING-STORAGE SECTION.
     COPY PERSREC.
 PROCEDURE DIVISION.
     CALL 'SUB1' USING PERS-REC.
     STOP RUN.
"""
)
SUB = fixed(
    """
 IDENTIFICATION DIVISION.
 PROGRAM-ID. SUB1.
 PROCEDURE DIVISION.
     GOBACK.
"""
)
COPYBOOK = fixed(
    """
 01  PERS-REC.
     05  PERS-BSN   PIC 9(9).
"""
)


def tree(tmp_path):
    return write_tree(tmp_path / "repo", {"cbl/HOOFD.cbl": MAIN, "cbl/SUB1.cbl": SUB, "cpy/PERSREC.cpy": COPYBOOK})


def test_unchanged_files_are_not_parsed_again_and_a_changed_copybook_reparses_its_users(tmp_path):
    root = tree(tmp_path)
    settings = Settings(jobs=2)
    with Store(tmp_path / "cache") as store:
        first = scan(root, settings, store)
        second = scan(root, settings, store)
        assert (first.parsed, first.cached) == (3, 0)
        assert (second.parsed, second.cached) == (0, 3)
        assert [m.to_dict() for m in second.modules] == [m.to_dict() for m in first.modules]

        (root / "cpy/PERSREC.cpy").write_text(COPYBOOK.replace("9(9)", "9(10)"))
        third = scan(root, settings, store)
        assert (third.parsed, third.cached) == (2, 1)  # the copybook and HOOFD, not SUB1
        hoofd = next(m for m in third.modules if m.name == "HOOFD")
        assert next(s for s in hoofd.symbols if s.name == "PERS-BSN").attributes["length"] == 10

    with Store(tmp_path / "cache") as store:
        assert scan(root, Settings(use_cache=False), store).parsed == 3


def test_a_copybook_that_appears_later_invalidates_the_program_that_missed_it(tmp_path):
    root = write_tree(tmp_path / "repo", {"cbl/HOOFD.cbl": MAIN})
    with Store(tmp_path / "cache") as store:
        first = scan(root, Settings(jobs=1), store)
        assert any(d.code == "copybook-missing" for d in first.diagnostics)
        write_tree(root, {"cpy/PERSREC.cpy": COPYBOOK})
        second = scan(root, Settings(jobs=1), store)
        assert second.parsed == 2
        assert not any(d.code == "copybook-missing" for d in second.diagnostics)


def misbehaving_parser(source, text, context):
    if "SLOW" in source.path:
        time.sleep(60)
    if "DIES" in source.path:
        os._exit(3)
    if "RAISES" in source.path:
        raise ValueError("boom")
    return ParseResult()


def unhurried_parser(source, text, context):
    time.sleep(0.3)
    return ParseResult()


def test_the_caller_works_while_the_parsers_parse(tmp_path, monkeypatch):
    """A rerun decodes its cached facts while the workers parse what changed: run_parsers takes
    idle steps between results, and leaves what it did not take to the caller."""
    from modernize.inventory import take_inventory
    from modernize.pipeline import build_context, run_parsers

    root = write_tree(tmp_path / "repo", {f"cbl/P{i}.cbl": SUB for i in range(4)})
    inventory = take_inventory(root)
    context = build_context(root, inventory.files, Settings())
    monkeypatch.setattr("modernize.pipeline.parse.parser_for", lambda source: ("test", unhurried_parser))
    events: list[str] = []

    def idle():
        for _ in range(1_000_000):
            events.append("idle")
            yield

    steps = idle()
    run_parsers(context, inventory.files, 2, 30, lambda source, parsed, raw=None: events.append(source.path), steps)
    recorded = [e for e in events if e != "idle"]
    assert sorted(recorded) == [f"cbl/P{i}.cbl" for i in range(4)]
    assert events.index(recorded[-1]) > events.index("idle")  # idle steps ran before the last result came
    assert next(steps, "done") is None  # it stopped when the files were parsed; the rest is the caller's


@pytest.mark.slow  # waits out parse deadlines
def test_hanging_crashing_and_raising_parsers_cost_one_file_each(tmp_path, monkeypatch):
    files = {f"cbl/{name}.cbl": SUB for name in ("SLOW", "DIES", "RAISES", "FINE1", "FINE2")}
    root = write_tree(tmp_path / "repo", files)
    monkeypatch.setattr("modernize.pipeline.parse.parser_for", lambda source: ("test", misbehaving_parser))
    started = time.monotonic()
    with Store(tmp_path / "cache") as store:
        result = scan(root, Settings(jobs=2, parse_timeout=1.5), store)
        assert time.monotonic() - started < 30
        rerun = scan(root, Settings(jobs=2, parse_timeout=1.5), store)
        # Dead parsers are tried again on a rerun; the rest (a timeout and a parser's own error included) is cached,
        # so a file built to hang costs one run, not every run.
        assert (rerun.parsed, rerun.cached) == (1, 4)
        remembered = next(d for d in rerun.diagnostics if d.code == "parse-timeout")
        assert "--retry-timeouts" in remembered.message
        retried = scan(root, Settings(jobs=2, parse_timeout=1.5, retry_timeouts=True), store)
        assert (retried.parsed, retried.cached) == (2, 3)
        higher = scan(root, Settings(jobs=2, parse_timeout=2.0), store)  # a higher limit than the one it hit tries again
        assert "cbl/SLOW.cbl" in {d.path for d in higher.diagnostics if d.code == "parse-timeout"} and higher.parsed == 2
    codes = {(d.path, d.code) for d in result.diagnostics}
    assert ("cbl/SLOW.cbl", "parse-timeout") in codes
    assert ("cbl/DIES.cbl", "parser-died") in codes
    assert ("cbl/RAISES.cbl", "parser-crash") in codes
    assert result.parsed == 5
    assert not any(d.path.startswith("cbl/FINE") for d in result.diagnostics)


def test_copybook_path_outside_the_repository_and_preferred_directories(tmp_path):
    root = write_tree(tmp_path / "repo", {"cbl/HOOFD.cbl": MAIN, "old/PERSREC.cpy": COPYBOOK.replace("9(9)", "9(4)")})
    shared = write_tree(tmp_path / "copylib", {"PERSREC.cpy": COPYBOOK})
    result = scan(root, Settings(jobs=1, copybook_paths=(str(shared),)))
    hoofd = next(m for m in result.modules if m.name == "HOOFD")
    include = next(r for r in hoofd.references if r.kind == "includes")
    assert include.attributes["resolved_path"] == (shared / "PERSREC.cpy").as_posix()
    assert next(s for s in hoofd.symbols if s.name == "PERS-BSN").attributes["length"] == 9
    without = scan(root, Settings(jobs=1))
    hoofd = next(m for m in without.modules if m.name == "HOOFD")
    assert next(s for s in hoofd.symbols if s.name == "PERS-BSN").attributes["length"] == 4


@pytest.mark.slow  # a 150-program estate, scanned three times
def test_a_killed_scan_leaves_a_store_the_next_scan_resumes_from(tmp_path):
    import signal
    import sqlite3
    import subprocess
    import sys

    from benchmarks.generate import generate

    root = tmp_path / "estate"
    generate(root, programs=150, lines=400, copybooks=10, jobs=0, cics_share=0.2, seed=5)
    cache = tmp_path / "cache"
    process = subprocess.Popen(
        [sys.executable, "-m", "modernize", "scan", str(root), "--cache-dir", str(cache), "--jobs", "1", "-q"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    stored = 0
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.2)
        try:
            with sqlite3.connect(cache / "store.sqlite", timeout=1) as db:
                stored = db.execute("SELECT COUNT(*) FROM facts").fetchone()[0]
        except sqlite3.Error:
            continue
        if stored >= 30:
            break
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert stored >= 30, "the scan finished or stalled before it could be killed"
    with Store(cache) as store:
        resumed = scan(root, Settings(jobs=2), store)
    fresh = scan(root, Settings(jobs=2))
    assert resumed.cached >= 30 and resumed.parsed + resumed.cached == 160
    assert [m.to_dict() for m in resumed.modules] == [m.to_dict() for m in fresh.modules]
