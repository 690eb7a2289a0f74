"""Graph build and analyses at 100 000 nodes.

Parses a generated estate once, then copies its facts under new names (programs, copybooks, jobs,
datasets and tables renamed per copy) until the graph has the requested number of nodes, so the
graph has the shape of real facts: calls, COPY, job steps, DD datasets, SQL tables. Times
build_graph, every analysis (cycles, entry points, layers, hubs, shared data, components) and
the graph.json export. The last line is the figure.

    python benchmarks/bench_graph.py [--nodes 100000]
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import generate  # noqa: E402
from modernize.config import Settings  # noqa: E402
from modernize.graph import analyze  # noqa: E402
from modernize.graph.analyze import analyse  # noqa: E402
from modernize.graph.build import build_graph  # noqa: E402
from modernize.graph.export import to_json  # noqa: E402
from modernize.model import Module  # noqa: E402
from modernize.pipeline import scan  # noqa: E402

RENAMED = re.compile(r"\b(PG\d{6}|CPY\d{5}|JB\d{6}|TABEL\d\d)\b|\bBENCH\.")


def copies(modules: list[Module], count: int) -> list[Module]:
    """``count`` renamed copies of the estate's facts (copy 0 is the original)."""
    text = json.dumps([m.to_dict() for m in modules])
    result = []
    for copy in range(count):
        renamed = RENAMED.sub(lambda m, c=copy: f"BENCH{c}." if m.group(0) == "BENCH." else f"{m.group(1)}K{c}", text) if copy else text
        result += [Module.from_dict(d) for d in json.loads(renamed)]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nodes", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        generate(root, 300, 300, 40, 40, 0.3, 1991)
        modules = scan(root, Settings()).modules
    count = max(1, args.nodes // build_graph(modules).number_of_nodes())
    while True:  # shared nodes (system programs, common tables) make the per-copy count shrink
        facts = copies(modules, count)
        started = time.perf_counter()
        graph = build_graph(facts)
        built = time.perf_counter() - started
        if graph.number_of_nodes() >= args.nodes:
            break
        count = int(count * args.nodes / graph.number_of_nodes()) + 1
    timings = {}
    for name in ("cycles", "entry_points", "unreferenced", "missing", "layers", "hubs", "shared_data", "components"):
        started = time.perf_counter()
        getattr(analyze, name)(graph)
        timings[name] = time.perf_counter() - started
    started = time.perf_counter()
    analysis = analyse(graph)
    analysed = time.perf_counter() - started
    started = time.perf_counter()
    exported = len(to_json(graph))
    export_seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}")
    print(f"{len(facts):,} modules -> {graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} edges; "
          f"{len(analysis['cycles'])} cycles, {len(set(analysis['components'].values()))} components")
    print("analyses: " + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in timings.items()))
    print(f"graph.json {exported / 1e6:.0f} MB in {export_seconds:.1f} s; peak RSS {peak:,.0f} MB")
    print(f"{graph.number_of_nodes():,} nodes: build {built:.1f} s, analyses {analysed:.1f} s")


if __name__ == "__main__":
    main()
