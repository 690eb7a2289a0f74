"""Parse throughput: preprocessing + COPY expansion + parsing + facts, single process, lines/s.

Generates a synthetic estate (benchmarks/generate.py) in a temporary directory, parses every
program once to warm up, then times a second pass. The last line printed is the figure.

    python benchmarks/bench_parse.py [--programs 400] [--lines 500]
"""

from __future__ import annotations

import argparse
import platform
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--programs", type=int, default=400)
    parser.add_argument("--lines", type=int, default=500)
    parser.add_argument("--copybooks", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        generate(root, args.programs, args.lines, args.copybooks, 0, 0.3, 1991)
        inventory = take_inventory(root)
        context = build_context(root, inventory.files, Settings())
        programs = [(f, read_text(root, f)) for f in inventory.files if f.kind == "program"]
        lines = sum(f.lines for f, _ in programs)
        for source, text in programs[:20]:
            parse(source, text, context)
        started = time.perf_counter()
        modules = 0
        for source, text in programs:
            modules += len(parse(source, text, context).modules)
        elapsed = time.perf_counter() - started
    print(f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}")
    print(f"{len(programs)} programs, {lines} lines, {modules} modules in {elapsed:.2f} s (1 process)")
    print(f"parse throughput: {lines / elapsed:,.0f} lines/s")


if __name__ == "__main__":
    main()
