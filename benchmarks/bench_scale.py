"""The main job at scale: scan throughput, a full `run` (no LLM) with its wall time and peak memory,
and reruns with nothing changed and with one program changed, for estates of growing size.

Peak memory is measured, not guessed: the process tree is sampled every 0.1 s and both the
largest single process (RSS) and the whole tree (PSS, so pages forked workers share with the
coordinator count once) are reported. The last line is the 1 M-line figure (or the largest size).

    python benchmarks/bench_scale.py [--sizes 250000,500000,1000000,2000000] [--jobs 2]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import generate  # noqa: E402

LINES_PER_PROGRAM = 790  # what --lines 500 gives on average (paragraph padding included)


def descendants(pid: int) -> list[int]:
    found, frontier = [], [pid]
    while frontier:
        current = frontier.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            with contextlib.suppress(OSError):
                frontier += [int(c) for c in (task / "children").read_text().split()]
    return found


def memory_kb(pid: int, field: str) -> int:
    source = "smaps_rollup" if field == "Pss" else "status"
    name = "VmRSS" if field == "Rss" else field
    try:
        match = re.search(rf"^{name}:\s+(\d+) kB", Path(f"/proc/{pid}/{source}").read_text(), re.M)
    except OSError:
        return 0
    return int(match.group(1)) if match else 0


def measured(command: list[str]) -> tuple[float, int, int]:
    """Wall seconds, peak RSS of one process and peak PSS of the tree (kB)."""
    peak = {"rss": 0, "pss": 0}
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            tree = descendants(process.pid)
            peak["rss"] = max(peak["rss"], *(memory_kb(p, "Rss") for p in tree))
            peak["pss"] = max(peak["pss"], sum(memory_kb(p, "Pss") for p in tree))
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = process.wait()
    done.set()
    sampler.join()
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(command)} exited with {code}")
    return time.perf_counter() - started, peak["rss"], peak["pss"]


def change_one_program(root: Path) -> None:
    """A real edit: one literal in one program, so that program is parsed again."""
    program = sorted((root / "cbl").glob("*.cbl"))[len(list((root / "cbl").glob("*.cbl"))) // 2]
    text = program.read_text()
    program.write_text(text.replace("'AFGEWEZEN'", "'AFGEKEURD'", 1) if "'AFGEWEZEN'" in text else text.replace("MOVE ZERO TO WS-T0", "MOVE 1 TO WS-T0", 1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="250000,500000,1000000,2000000", help="program lines per estate, comma-separated")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    modernize = [sys.executable, "-m", "modernize"]
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as directory:
            root, out, cache = Path(directory) / "estate", Path(directory) / "out", Path(directory) / "cache"
            programs = max(10, size // LINES_PER_PROGRAM)
            lines = generate(root, programs, 500, max(10, programs // 8), max(5, programs // 8), 0.3, 1991)
            scan_one, _, _ = measured([*modernize, "scan", str(root), "--no-cache", "--cache-dir", str(cache / "s1"), "-q", "--jobs", "1"])
            scan_many, _, _ = measured([*modernize, "scan", str(root), "--no-cache", "--cache-dir", str(cache / "sn"), "-q", "--jobs", str(args.jobs)])
            run = [*modernize, "run", str(root), "-o", str(out), "--cache-dir", str(cache / "run"), "-q", "--jobs", str(args.jobs)]
            cold, rss, pss = measured(run)
            unchanged, _, _ = measured(run)
            change_one_program(root)
            one_changed, _, _ = measured(run)
        row = (size, lines, programs, lines / scan_one, lines / scan_many, cold, rss, pss, unchanged, one_changed)
        rows.append(row)
        print(f"{lines:>9,} lines {programs:>5} programs | scan {row[3]:>7,.0f} lines/s (1 process) {row[4]:>7,.0f} lines/s "
              f"(--jobs {args.jobs}) | run {cold:6.1f} s, peak {rss / 1024:,.0f} MB one process, {pss / 1024:,.0f} MB all "
              f"| rerun {unchanged:5.1f} s | one program changed {one_changed:5.1f} s", flush=True)
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    size, lines, _, _, _, cold, rss, pss, unchanged, one_changed = min(rows, key=lambda r: abs(r[0] - 1_000_000))
    print(f"{lines:,} lines: run {cold:.1f} s, peak memory {pss / 1024:,.0f} MB (largest process {rss / 1024:,.0f} MB), "
          f"rerun {unchanged:.1f} s, one program changed {one_changed:.1f} s")


if __name__ == "__main__":
    main()
