"""Real code at scale: `scan` cold, its peak memory, reruns, and `run`, on an estate shaped like real ones.

On the realistic generator (benchmarks/realistic.py) or on a copy of any directory (``--path``, a real
public estate): `scan` into an empty store (cold) with its wall and CPU time, peak memory (largest process RSS, whole
tree PSS) and the copybook cache hit rate it prints; `scan` again unchanged; `scan` after one
copybook that about 50 programs copy gained a field; then `run` (no model, no capture) cold. The
machine's load average is printed before and after: other work on the same cores shows in every
figure.

    python benchmarks/bench_realistic.py [--lines 1700000] [--jobs 2]
    python benchmarks/bench_realistic.py --path /work/real/gnucobol-contrib
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_scale import descendants, memory_kb  # noqa: E402
from benchmarks.realistic import generate_realistic  # noqa: E402

RE_COPY = re.compile(r"^[^*\n]{6}[ D][^*\n]*?(?<![\w-])COPY\s+['\"]?([\w$#@-]+)", re.I | re.M)
RE_HIT_RATE = re.compile(r"copybook cache (\d+)% hit \(([\d,]+) of ([\d,]+)")


CPU: dict[str, float] = {}  # the CPU seconds (user + system, every process of the tree) of the last command


def measured(command: list[str], output: Path) -> tuple[float, int, int]:
    """Wall seconds, peak RSS of one process and peak PSS of the tree (kB); stdout kept in ``output``;
    the tree's CPU seconds in ``CPU["last"]`` (what an idle machine's cores would have to do)."""
    peak = {"rss": 0, "pss": 0}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with output.open("w") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT, env={**os.environ, "COLUMNS": "200"})
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
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU["last"] = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(command)} exited with {code}: see {output}")
    return time.perf_counter() - started, peak["rss"], peak["pss"]


def copybook_users(root: Path) -> tuple[Counter[str], dict[str, Path]]:
    """How many files COPY each member, and where each member lives (first by path)."""
    users: Counter[str] = Counter()
    members: dict[str, Path] = {}
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.stat().st_size > 10_000_000 or ".git" in path.parts:
            continue
        members.setdefault(path.name.split(".")[0].upper(), path)
        try:
            text = path.read_text(errors="replace")
        except OSError:
            continue
        users.update({name.upper() for name in RE_COPY.findall(text)})
    return users, members


def change_a_copybook(root: Path, programs: int = 50) -> tuple[str, int]:
    """Add a field to the copybook whose number of copying files is closest to ``programs``."""
    users, members = copybook_users(root)
    found = sorted((abs(count - programs), name) for name, count in users.items() if name in members)
    if not found:
        raise SystemExit(f"no copybook of {root} is copied by any file")
    name = found[0][1]
    path = members[name]
    text = path.read_text(errors="replace")
    line = next((line for line in text.splitlines() if re.match(r"^.{6} +0?5 ", line)), None)
    addition = (line[:7] + "    05  BENCH-ADDED-FIELD  PIC X(4).") if line else "       05  BENCH-ADDED-FIELD  PIC X(4)."
    path.write_text(text.rstrip("\n") + "\n" + addition + "\n", errors="replace")
    return name, users[name]


def load() -> str:
    """The load average, and how fast one core runs Python right now: the same machine's speed
    moved by up to 1.8x over a day (shared cores), so figures are only comparable with this beside them."""
    started, total = time.process_time(), 0
    for number in range(10_000_000):
        total += number
    return " ".join(f"{value:.2f}" for value in os.getloadavg()) + f" (10 M Python additions: {time.process_time() - started:.2f} CPU s)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=1_700_000, help="program lines of the generated estate")
    parser.add_argument("--path", type=Path, help="a copy of this directory instead of a generated estate")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--skip-run", action="store_true", help="scan figures only")
    args = parser.parse_args()
    modernize = [sys.executable, "-m", "modernize"]
    print(f"load average before: {load()}", flush=True)
    with tempfile.TemporaryDirectory() as directory:
        work = Path(directory)
        root, cache, out = work / "estate", work / "cache", work / "out"
        if args.path:
            shutil.copytree(args.path, root, symlinks=True, ignore=shutil.ignore_patterns(".git"))
            what = str(args.path)
        else:
            lines, programs, copies = generate_realistic(root, args.lines)
            what = f"realistic estate, {lines:,} program lines, {programs:,} programs, {copies:,} COPY statements"
        scan = [*modernize, "scan", str(root), "--cache-dir", str(cache), "--jobs", str(args.jobs)]
        cold, rss, pss = measured(scan, work / "scan-cold.txt")  # an empty store: --no-cache would not fill it
        summary = (work / "scan-cold.txt").read_text()
        rate = RE_HIT_RATE.search(" ".join(summary.split()))
        facts = re.search(r"parsed (\d+) file\(s\)", summary)
        print(f"{what}: scan cold {cold:.1f} s ({CPU['last']:.1f} CPU s), peak {rss / 1024:,.0f} MB one process, {pss / 1024:,.0f} MB all; parsed "
              f"{facts.group(1) if facts else '?'} files; copybook cache "
              + (f"{rate.group(1)}% hit ({rate.group(2)} of {rate.group(3)} COPY expansions)" if rate else "not used"), flush=True)
        unchanged, _, _ = measured(scan, work / "scan-rerun.txt")
        print(f"scan unchanged rerun {unchanged:.1f} s ({CPU['last']:.1f} CPU s)", flush=True)
        name, users = change_a_copybook(root)
        changed, _, _ = measured(scan, work / "scan-changed.txt")
        reparsed = re.search(r"parsed (\d+) file\(s\)", (work / "scan-changed.txt").read_text())
        print(f"scan after copybook {name} (copied by {users} files) changed {changed:.1f} s ({CPU['last']:.1f} CPU s), "
              f"{reparsed.group(1) if reparsed else '?'} files parsed again", flush=True)
        if not args.skip_run:
            run, run_rss, run_pss = measured([*modernize, "run", str(root), "-o", str(out), "--cache-dir", str(work / "run-cache"),
                                              "--jobs", str(args.jobs), "--no-capture"], work / "run.txt")
            stages = re.findall(r"^\s*(\w[\w ]*?)\s+([\d.]+) s", (work / "run.txt").read_text(), re.M)
            print(f"run (no model, no capture) cold {run:.1f} s ({CPU['last']:.1f} CPU s), peak {run_rss / 1024:,.0f} MB one process, {run_pss / 1024:,.0f} MB all"
                  + (f"; stages: {', '.join(f'{n} {s}' for n, s in stages[:14])}" if stages else ""), flush=True)
    print(f"load average after: {load()}; machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")


if __name__ == "__main__":
    main()
