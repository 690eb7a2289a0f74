"""Viewer at scale: HTML size and time until a 20 000-node graph is interactive in headless Chromium.

Builds a synthetic estate graph (programs, copybooks, jobs, steps, datasets) of the requested size,
renders graph.html, opens it, searches a program and clicks it. The last line is the figure.

    python benchmarks/bench_viewer.py [--nodes 20000]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from modernize.graph.analyze import components  # noqa: E402
from modernize.graph.viewer import render_html  # noqa: E402


def synthetic_graph(nodes: int, seed: int = 1991) -> nx.MultiDiGraph:
    rng = random.Random(seed)
    graph = nx.MultiDiGraph()
    programs = [f"program:P{i:05d}" for i in range(nodes // 4)]
    copybooks = [f"copybook:C{i:05d}" for i in range(nodes // 4)]
    datasets = [f"dataset:D.{i:05d}" for i in range(nodes // 4)]
    steps = [f"step:J{i // 5:04d}.S{i % 5}" for i in range(nodes - len(programs) - len(copybooks) - len(datasets))]
    for group, kind in ((programs, "program"), (copybooks, "copybook"), (datasets, "dataset"), (steps, "step")):
        for node in group:
            graph.add_node(node, kind=kind, name=node.split(":", 1)[1], path=f"{kind}/{node.split(':', 1)[1]}")
    for i, program in enumerate(programs):
        cluster = i // 50
        for _ in range(3):
            graph.add_edge(program, programs[min(len(programs) - 1, cluster * 50 + rng.randrange(50))], kind="calls", via="static")
        graph.add_edge(program, rng.choice(copybooks), kind="includes", via="copy")
        graph.add_edge(program, rng.choice(datasets), kind=rng.choice(["reads", "writes"]), via="dd")
    for step in steps:
        graph.add_edge(step, rng.choice(programs), kind="executes", via="jcl")
    return graph


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nodes", type=int, default=20000)
    args = parser.parse_args()
    graph = synthetic_graph(args.nodes)
    started = time.perf_counter()
    html = render_html(graph, components(graph), "synthetic")
    render_seconds = time.perf_counter() - started
    chromium = shutil.which("chromium")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as directory, sync_playwright() as p:
        path = Path(directory) / "graph.html"
        path.write_text(html)
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        started = time.perf_counter()
        page.goto(path.as_uri(), timeout=300_000)
        page.fill("#search", "P00042")
        page.click("#results button", timeout=300_000)
        page.wait_for_function("document.getElementById('title').textContent.includes('P00042')", timeout=300_000)
        load_seconds = time.perf_counter() - started
        browser.close()
    print(f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges; HTML {len(html) / 1e6:.1f} MB, rendered in {render_seconds:.1f} s")
    print(f"viewer interactive (opened, searched, clicked) in {load_seconds:.1f} s")


if __name__ == "__main__":
    main()
