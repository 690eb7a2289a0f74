"""LLM layer throughput: 500 modules against a local OpenAI-compatible server that answers after
1 s, with concurrency 16, through the real litellm client. The last line is the figure (target: < 60 s).

    python benchmarks/bench_llm.py [--modules 500] [--delay 1.0] [--concurrency 16]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import generate  # noqa: E402
from modernize.config import Settings  # noqa: E402
from modernize.document.llm import LLMSettings, narrate_modules  # noqa: E402
from modernize.graph.build import build_graph  # noqa: E402
from modernize.pipeline import scan  # noqa: E402
from modernize.store import Store  # noqa: E402
from tests.llm_server import FakeModel  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--modules", type=int, default=500)
    parser.add_argument("--delay", type=float, default=1.0)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    os.environ.setdefault("OPENAI_API_KEY", "benchmark")
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory) / "estate"
        copybooks = args.modules // 10
        generate(root, args.modules - copybooks, 200, copybooks, 0, 0.3, 1991)
        result = scan(root, Settings(jobs=2))
        graph = build_graph(result.modules)
        with FakeModel(delay=args.delay) as fake, Store(Path(directory) / "cache") as store:
            settings = LLMSettings(model="openai/bench", api_base=fake.url, concurrency=args.concurrency, timeout=60)
            started = time.perf_counter()
            narrator = narrate_modules(settings, store, root, result.modules, graph, result.files)
            elapsed = time.perf_counter() - started
    print(f"{len(narrator.narratives)} narratives, {narrator.usage.requests} requests, {narrator.usage.failures} failed")
    print(f"{args.modules} modules at {args.delay:g} s per answer, concurrency {args.concurrency}: {elapsed:.1f} s")


if __name__ == "__main__":
    main()
