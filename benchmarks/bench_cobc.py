"""Our COBOL front end next to GnuCOBOL's: `cobc -fsyntax-only` on the same generated programs.

The programs are generated without EXEC SQL/CICS blocks (cobc has no precompiler), with their
copybooks. cobc gets all files of a batch in one invocation, so process start-up hardly counts;
our side is preprocessing + COPY expansion + parsing + facts in one process. The last line is
the comparison.

    python benchmarks/bench_cobc.py [--programs 400] [--lines 500]
    python benchmarks/bench_cobc.py --path DIR     real programs instead (e.g. the NIST COBOL-85 suite)
"""

from __future__ import annotations

import argparse
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import generate  # noqa: E402
from modernize.config import Settings  # noqa: E402
from modernize.inventory import read_text, take_inventory  # noqa: E402
from modernize.parsers.cobol import parse  # noqa: E402
from modernize.pipeline import build_context  # noqa: E402

BATCH = 50


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--programs", type=int, default=400)
    parser.add_argument("--lines", type=int, default=500)
    parser.add_argument("--copybooks", type=int, default=60)
    parser.add_argument("--path", type=Path, help="time these programs instead of a generated estate")
    args = parser.parse_args()
    cobc = shutil.which("cobc")
    if cobc is None:
        sys.exit("cobc (Debian gnucobol3) is not installed")
    with tempfile.TemporaryDirectory() as directory:
        root = args.path.resolve() if args.path else Path(directory)
        if not args.path:
            generate(root, args.programs, args.lines, args.copybooks, 0, 0.3, 1991, exec_blocks=False)
        inventory = take_inventory(root)
        programs = [f for f in inventory.files if f.kind == "program" and f.language == "cobol"]
        lines = sum(f.lines for f in programs)
        paths = [str(root / f.path) for f in programs]
        includes = sorted({str((root / f.path).parent) for f in inventory.files if f.kind == "copybook"})
        started = time.perf_counter()
        failed = 0
        for i in range(0, len(paths), BATCH):
            done = subprocess.run([cobc, "-fsyntax-only", *[f"-I{d}" for d in includes], *paths[i:i + BATCH]],
                                  capture_output=True, text=True, errors="replace")
            failed += done.stderr.count(": error:")
        cobc_seconds = time.perf_counter() - started
        started = time.perf_counter()
        for path in paths:  # how build scripts call it: one process per source
            subprocess.run([cobc, "-fsyntax-only", *[f"-I{d}" for d in includes], path], capture_output=True)
        per_file_seconds = time.perf_counter() - started
        context = build_context(root, inventory.files, Settings())
        texts = [(f, read_text(root, f)) for f in programs]
        started = time.perf_counter()
        for source, text in texts:
            parse(source, text, context)
        ours_seconds = time.perf_counter() - started
    version = subprocess.run([cobc, "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    print(f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}, {version}")
    print(f"{len(programs)} programs, {lines} lines; cobc reported {failed} errors")
    print(f"cobc -fsyntax-only, {BATCH} files per call: {cobc_seconds:.2f} s, {lines / cobc_seconds:,.0f} lines/s")
    print(f"cobc -fsyntax-only, one call per file: {per_file_seconds:.2f} s, {lines / per_file_seconds:,.0f} lines/s")
    print(f"modernize (1 process): {ours_seconds:.2f} s, {lines / ours_seconds:,.0f} lines/s")
    print(f"modernize {lines / ours_seconds:,.0f} lines/s vs cobc -fsyntax-only {lines / cobc_seconds:,.0f} lines/s batched, "
          f"{lines / per_file_seconds:,.0f} lines/s one file per call")


if __name__ == "__main__":
    main()
