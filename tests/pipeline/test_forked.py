"""Work spread over forked processes gives what the same work gives here, in the same order."""

from __future__ import annotations

import os

import pytest

from modernize import forked
from modernize.document import make_documents
from modernize.testgen import make_tests, sqlworld


def test_forked_map_keeps_order_and_sees_the_callers_data() -> None:
    words = [f"w{i}" * (i % 7) for i in range(300)]  # inherited by the workers, never pickled
    got = forked.forked_map(lambda i: words[i].upper(), len(words), 2, 10)
    assert got == [w.upper() for w in words]
    pids = set(forked.forked_map(lambda i: os.getpid(), 64, 2, 10, chunksize=1))
    assert os.getpid() not in pids  # it did fork


def test_forking_lets_the_caller_work_meanwhile_and_runs_here_below_the_threshold() -> None:
    with forked.forking(lambda i: i * i, 100, 2, 10) as results:
        mine = sum(range(1000))
        assert results() == [i * i for i in range(100)]
    assert mine == 499500
    assert set(forked.forked_map(lambda i: os.getpid(), 5, 2, 10)) == {os.getpid()}  # too little work: here
    assert forked.forked_map(lambda i: i, 0, 2, 0) == []


@pytest.mark.slow  # documents and tests of the example estate, twice
def test_documents_and_tests_in_workers_are_those_made_here(example_estate, monkeypatch) -> None:
    estate = example_estate
    here = make_documents(estate.modules, estate.graph, "en")
    monkeypatch.setattr("modernize.document.PARALLEL_MODULES", 1)
    assert make_documents(estate.modules, estate.graph, "en", jobs=2) == here

    serial = make_tests(estate.modules, estate.plan.steps, estate.files, estate.root)
    monkeypatch.setattr(sqlworld, "PARALLEL_PROGRAMS", 1)
    parallel = make_tests(estate.modules, estate.plan.steps, estate.files, estate.root, jobs=2)
    assert any(t.program.startswith("TSO") for t in serial.programs), "the example's online programs are tested"
    assert parallel.files == serial.files
    assert [(t.program, t.step.id, t.directory, len(t.cases)) for t in parallel.programs] == \
           [(t.program, t.step.id, t.directory, len(t.cases)) for t in serial.programs]
