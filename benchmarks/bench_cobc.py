"""Our COBOL front end next to GnuCOBOL's: `cobc -fsyntax-only` on the same generated programs.

The programs are generated without EXEC SQL/CICS blocks (cobc has no precompiler), with their
copybooks. cobc gets all files of a batch in one invocation, so process start-up hardly counts;
our side is preprocessing + COPY expansion + parsing + facts in one process, with the garbage
collector set as the command line sets it. The two take turns batch by batch (50 programs to cobc,
the same 50 to us), so a machine whose speed drifts (a shared virtual machine's does, by a factor of
two within minutes) slows both alike; each round starts with our caches empty, as a new process
would. The ratio is given per round and as the median. The last line is the comparison.

    python benchmarks/bench_cobc.py [--programs 400] [--lines 500]
    python benchmarks/bench_cobc.py --realistic [--total-lines 300000]   the realistic generator (copybook fan-in, long programs)
    python benchmarks/bench_cobc.py --path DIR     real programs instead (e.g. the NIST COBOL-85 suite, a repository with copybooks)
    [--rounds 3]                                   rounds over all programs (the median ratio is reported)

The last line gives both rates and their ratio (ours / cobc batched).
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
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import generate  # noqa: E402
from benchmarks.realistic import generate_realistic  # noqa: E402
from modernize.collector import tune_for_estates  # noqa: E402
from modernize.config import Settings  # noqa: E402
from modernize.inventory import read_text, take_inventory  # noqa: E402
from modernize.parsers.cobol import copycache, data, lexer, parse  # noqa: E402
from modernize.pipeline import build_context  # noqa: E402

BATCH = 50
RE_EXEC = re.compile(r"(?<![\w-])EXEC(?:UTE)?\s+(?:SQL|CICS|DLI)\b.*?END-EXEC\.?", re.I | re.S)
RE_PROCEDURE = re.compile(r"PROCEDURE\s+DIVISION", re.I)


def without_exec(text: str) -> str:
    """EXEC SQL/CICS/DLI blocks as a precompiler would leave them, roughly: CONTINUE in the PROCEDURE
    DIVISION, nothing elsewhere, the line count kept (cobc has no precompiler of its own; without
    this it stops at the first blocks and its rate says nothing)."""
    procedure = RE_PROCEDURE.search(text)
    start = procedure.start() if procedure else len(text)

    def blank(match: re.Match[str]) -> str:
        body = match.group(0)
        keep = "CONTINUE" if match.start() > start else ""
        return (keep + " " * max(0, len(body.split("\n")[0]) - len(keep))) + "\n" * body.count("\n")

    return RE_EXEC.sub(blank, text)


def children_cpu() -> float:
    """CPU seconds the finished child processes (cobc) used."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--programs", type=int, default=400)
    parser.add_argument("--lines", type=int, default=500)
    parser.add_argument("--copybooks", type=int, default=60)
    parser.add_argument("--path", type=Path, help="time these programs instead of a generated estate")
    parser.add_argument("--realistic", action="store_true", help="the realistic generator (benchmarks/realistic.py) instead")
    parser.add_argument("--total-lines", type=int, default=300_000, help="with --realistic: program lines to generate")
    parser.add_argument("--rounds", type=int, default=3, help="rounds over all programs, the two front ends taking turns per batch")
    args = parser.parse_args()
    cobc = shutil.which("cobc")
    if cobc is None:
        sys.exit("cobc (Debian gnucobol3) is not installed")
    with tempfile.TemporaryDirectory() as directory:
        root = args.path.resolve() if args.path else Path(directory)
        if args.path:  # a copy without EXEC blocks, both sides read the same files
            copy = Path(directory) / "tree"
            shutil.copytree(root, copy, symlinks=False, ignore=shutil.ignore_patterns(".git"))
            for found in take_inventory(copy).files:
                if found.language == "cobol" and found.kind in ("program", "copybook") and found.encoding != "binary":
                    target = copy / found.path
                    target.write_text(without_exec(target.read_text(errors="replace")), errors="replace")
            root = copy
        if args.realistic and not args.path:
            generate_realistic(root, args.total_lines, exec_blocks=False, jobs=False)
        elif not args.path:
            generate(root, args.programs, args.lines, args.copybooks, 0, 0.3, 1991, exec_blocks=False)
        inventory = take_inventory(root)
        programs = [f for f in inventory.files if f.kind == "program" and f.language == "cobol"]
        lines = sum(f.lines for f in programs)
        paths = [str(root / f.path) for f in programs]
        includes = sorted({str((root / f.path).parent) for f in inventory.files if f.kind == "copybook"})
        context = build_context(root, inventory.files, Settings())
        texts = {str(root / f.path): (f, read_text(root, f)) for f in programs}
        tune_for_estates()  # the collector as `modernize scan` runs the front end
        failed = 0
        rounds: list[tuple[float, float, float, float]] = []  # cobc wall, cobc CPU, ours wall, ours CPU
        for _ in range(args.rounds):
            copycache.CACHE.clear()  # a new process: no copybook or line kept yet
            lexer._KEPT.clear()
            data.picture_info.cache_clear()
            data._SIZES.clear()
            cobc_seconds = cobc_cpu = ours_seconds = ours_cpu = 0.0
            failed = 0
            for i in range(0, len(paths), BATCH):
                batch = paths[i:i + BATCH]
                started, cpu = time.perf_counter(), children_cpu()
                done = subprocess.run([cobc, "-fsyntax-only", *[f"-I{d}" for d in includes], *batch],
                                      capture_output=True, text=True, errors="replace")
                cobc_seconds += time.perf_counter() - started
                cobc_cpu += children_cpu() - cpu
                failed += done.stderr.count(": error:")
                started, cpu = time.perf_counter(), time.process_time()
                for path in batch:
                    parse(*texts[path], context)
                ours_seconds += time.perf_counter() - started
                ours_cpu += time.process_time() - cpu
            rounds.append((cobc_seconds, cobc_cpu, ours_seconds, ours_cpu))
        started = time.perf_counter()
        for path in paths:  # how build scripts call it: one process per source
            subprocess.run([cobc, "-fsyntax-only", *[f"-I{d}" for d in includes], path], capture_output=True)
        per_file_seconds = time.perf_counter() - started
    ratios = sorted(cobc_cpu / ours_cpu for _, cobc_cpu, _, ours_cpu in rounds)
    median = ratios[len(ratios) // 2]
    cobc_seconds, cobc_cpu, ours_seconds, ours_cpu = sorted(rounds, key=lambda r: r[1] / r[3])[len(rounds) // 2]
    version = subprocess.run([cobc, "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    print(f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}, {version}")
    print(f"{len(programs)} programs, {lines} lines; cobc reported {failed} errors")
    print(f"cobc -fsyntax-only, {BATCH} files per call: {cobc_seconds:.2f} s, {lines / cobc_seconds:,.0f} lines/s")
    print(f"cobc -fsyntax-only, one call per file: {per_file_seconds:.2f} s, {lines / per_file_seconds:,.0f} lines/s")
    print(f"modernize (1 process): {ours_seconds:.2f} s, {lines / ours_seconds:,.0f} lines/s")
    print(f"CPU time (other work on the machine counts less): modernize {ours_cpu:.2f} s, {lines / ours_cpu:,.0f} lines/s; "
          f"cobc batched {cobc_cpu:.2f} s, {lines / cobc_cpu:,.0f} lines/s ({cobc_cpu / ours_cpu:.2f}x, the median round); "
          f"load average {os.getloadavg()[0]:.2f}")
    print(f"rounds, cobc batched CPU / ours: {', '.join(f'{ratio:.2f}x' for ratio in ratios)}; median {median:.2f}x")
    print(f"modernize {lines / ours_seconds:,.0f} lines/s vs cobc -fsyntax-only {lines / cobc_seconds:,.0f} lines/s batched "
          f"({cobc_seconds / ours_seconds:.2f}x), {lines / per_file_seconds:,.0f} lines/s one file per call ({per_file_seconds / ours_seconds:.2f}x)")


if __name__ == "__main__":
    main()
