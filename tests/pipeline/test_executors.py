"""The parse stage on any executor: one process, several processes and a real dask cluster on
loopback give the same facts; an unreachable cluster is a clear error, not a hang."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from benchmarks.generate import generate
from modernize.cli import cli
from modernize.pipeline.parse import ExecutorUnavailable, dask_executor

pytestmark = pytest.mark.slow  # dask, and an estate of 60 generated programs scanned again and again

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples" / "cobol"


@pytest.fixture(scope="module")
def distributed():
    """dask.distributed, imported when a test needs it (the import costs a second of every collection)."""
    return pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def estate(tmp_path_factory) -> Path:
    """The example estate (EBCDIC, nested programs, PROCs, CICS, DDL) plus 60 generated programs."""
    root = tmp_path_factory.mktemp("estate")
    shutil.copytree(EXAMPLES, root / "examples")
    generate(root / "generated", programs=60, lines=200, copybooks=12, jobs=10, cics_share=0.3, seed=11)
    return root


def scan_json(estate: Path, out: Path, *options: str) -> dict:
    result = CliRunner().invoke(cli, ["scan", str(estate), "--no-cache", "--cache-dir", str(out / "cache"), "-q",
                                      "--json", str(out / "scan.json"), *options])
    assert result.exit_code in (0, 1), result.output
    return json.loads((out / "scan.json").read_text())


def test_one_process_many_processes_and_a_dask_cluster_give_identical_facts(estate, tmp_path, distributed):
    one = scan_json(estate, tmp_path / "one", "--jobs", "1")
    many = scan_json(estate, tmp_path / "many", "--jobs", "2")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        remote = scan_json(estate, tmp_path / "dask", "--dask-scheduler", cluster.scheduler_address)
        ran = cluster.scheduler.task_prefixes.get("parse_batch")
        assert ran is not None and sum(ran.state_counts.values()) >= 2  # the batches really ran on the cluster
    assert len(one["modules"]) > 100 and any(m["kind"] == "jcl" for m in one["modules"])
    assert one["modules"] == many["modules"] == remote["modules"]
    assert one["diagnostics"] == many["diagnostics"] == remote["diagnostics"]


def test_any_executor_will_do_and_a_lost_batch_costs_its_files_not_the_run(estate):
    from concurrent.futures import Executor, Future, ProcessPoolExecutor

    from modernize.config import Settings
    from modernize.pipeline import scan

    class LosesEverything(Executor):
        def submit(self, fn, *args, **kwargs):
            future: Future = Future()
            future.set_exception(ConnectionError("worker lost"))
            return future

    local = scan(estate, Settings(jobs=2))
    with ProcessPoolExecutor(2) as pool:
        pooled = scan(estate, Settings(), executor=pool)
    assert [m.to_dict() for m in pooled.modules] == [m.to_dict() for m in local.modules]
    lost = scan(estate, Settings(), executor=LosesEverything())
    assert lost.modules == [] and lost.parsed == local.parsed
    died = [d for d in lost.diagnostics if d.code == "parser-died"]
    assert len(died) == lost.parsed and "worker lost" in died[0].message


def test_an_unreachable_scheduler_is_reported_not_waited_for(estate, tmp_path, distributed):
    with pytest.raises(ExecutorUnavailable, match="cannot reach the dask scheduler"), dask_executor("tcp://127.0.0.1:9", timeout=2):
        pass
