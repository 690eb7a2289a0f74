"""A rerun of the main job on an unchanged estate: how much faster than the first run (target ≥ 5×).

    python benchmarks/bench_rerun.py [PATH]   (default: examples/cobol)
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run(path: str, out: Path, cache: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "modernize", "run", path, "-o", str(out), "--cache-dir", str(cache), "-q"], check=True)
    return time.perf_counter() - started


def main() -> None:
    path = sys.argv[1] if len(sys.argv) > 1 else str(Path(__file__).resolve().parent.parent / "examples" / "cobol")
    with tempfile.TemporaryDirectory() as directory:
        out, cache = Path(directory) / "out", Path(directory) / "cache"
        first = run(path, out, cache)
        second = run(path, out, cache)
    print(f"first run {first:.2f} s, rerun {second:.2f} s")
    print(f"rerun speed-up: {first / second:.1f}x")


if __name__ == "__main__":
    main()
