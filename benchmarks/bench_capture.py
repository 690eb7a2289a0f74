"""Capture time per program: the traced build and every generated case run in the sandbox, with the
rule coverage each program reaches (needs GnuCOBOL and bubblewrap). Online programs (scenarios in the
offline CICS world) are marked and totalled apart.

    python benchmarks/bench_capture.py [PATH]   (default: examples/cobol)
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from modernize.config import Settings
from modernize.pipeline.estate import Estate
from modernize.sandbox import get_sandbox
from modernize.testgen import Capture
from modernize.testgen.coverage import Coverage


def main() -> None:
    path = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "examples" / "cobol")
    with tempfile.TemporaryDirectory() as directory:
        estate = Estate(path, Settings(cache_dir=str(Path(directory) / "cache")))
        project, sandbox, total = estate.tests, get_sandbox(), 0.0
        measured = []
        online_seconds, online = 0.0, 0
        for tests in project.programs:
            one = Capture(type(project)([tests], {}, project.estate), path.resolve(), Path(directory) / "work", sandbox)
            started = time.perf_counter()
            result = one.measured
            seconds = time.perf_counter() - started
            total += seconds
            is_online = tests.inputs == ["SCENARIO"]
            online_seconds += seconds if is_online else 0.0
            online += is_online
            coverage = result.coverage.programs[0] if result.coverage else None
            measured += [coverage] if coverage else []
            reached = f"{len(coverage.reached)}/{coverage.rules} rules, {len(coverage.covered)}/{coverage.outcomes} outcomes" if coverage else "not measured"
            kind = " (online: CICS scenarios)" if is_online else ""
            print(f"{tests.program}{kind}: {seconds:.2f} s for {len(tests.cases)} case(s), {len(result.programs[0].cases)} kept; {reached}")
        summary = Coverage(measured)
        print(f"capture of {len(project.programs)} program(s) {total:.2f} s "
              f"(the first one also builds the shared library of modules); rules {summary.rule_percent:.0f}%, outcomes {summary.outcome_percent:.0f}%")
        if online:
            print(f"of which {online} online program(s) {online_seconds:.2f} s (the first one also builds the shared library of online modules)")


if __name__ == "__main__":
    main()
