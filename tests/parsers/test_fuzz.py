"""Fuzzing: mutated example sources through the parsers, the graph and the documents.

No exception may escape, every case ends within a time bound, and every diagnostic names a file.
The budget is MODERNIZE_FUZZ_EXAMPLES cases (default 100, about a minute); for a long manual run:
    MODERNIZE_FUZZ_EXAMPLES=5000 python -m pytest tests/parsers/test_fuzz.py
The number of cases run is printed at the end of the test session.
"""

import os
import random
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modernize.config import Settings
from modernize.document.facts_doc import document_module
from modernize.graph.build import build_graph
from modernize.inventory import take_inventory
from modernize.pipeline.parse import build_context, parse_one, scan
from tests.conftest import EXAMPLES, fixed, write_tree

EXAMPLES_BUDGET = int(os.environ.get("MODERNIZE_FUZZ_EXAMPLES", "100"))
SOURCES = sorted(
    p for p in EXAMPLES.rglob("*") if p.is_file() and p.suffix.lower() in (".cbl", ".cpy", ".jcl", ".prc", ".bms", ".csd", ".sql", "") and p.name != "TSB050.cbl"
)
CASES = {"count": 0}
TIME_BOUND = 20.0
DEADLINE = 5.0  # the workers' parse deadline: tree-sitter's Fortran grammar takes over a minute on a 100 KB line


def nested_ifs(depth: int) -> str:
    body = "".join(f"{'':4}IF WS-A = {i}\n" for i in range(depth)) + "     DISPLAY 'DIEP'\n" + "     END-IF\n" * depth
    lines = [" " + line for line in body.splitlines()]
    return fixed(" IDENTIFICATION DIVISION.\n PROGRAM-ID. DIEP.\n DATA DIVISION.\n WORKING-STORAGE SECTION.\n 01 WS-A PIC 9(4).\n PROCEDURE DIVISION.\n" + "\n".join(line[:66] for line in lines), step=1)


def many_paragraphs(count: int) -> str:
    body = "".join(f" P{i:05d}.\n     PERFORM P{(i * 7) % count:05d}.\n" for i in range(count))
    return fixed(" IDENTIFICATION DIVISION.\n PROGRAM-ID. VEEL.\n PROCEDURE DIVISION.\n" + body, step=1)


def mutate(rng: random.Random, data: bytes) -> bytes:
    operation = rng.choice(["drop", "duplicate", "shuffle", "shift", "ebcdic", "latin1", "huge", "truncate"])
    if operation == "drop" and data:
        start = rng.randrange(len(data))
        return data[:start] + data[start + rng.randint(1, 200) :]
    if operation == "duplicate" and data:
        start = rng.randrange(len(data))
        return data[:start] + data[start : start + rng.randint(1, 400)] * rng.randint(2, 20) + data[start:]
    lines = data.split(b"\n")
    if operation == "shuffle":
        rng.shuffle(lines)
    elif operation == "shift":
        shift = rng.randint(1, 9)
        lines = [b" " * shift + line if rng.random() < 0.5 else line[shift:] for line in lines]
    elif operation in ("ebcdic", "latin1"):
        noise = bytes(rng.randrange(256) for _ in range(rng.randint(1, 300)))
        index = rng.randrange(len(lines) or 1)
        lines.insert(index, noise if operation == "latin1" else noise.decode("latin-1").encode("cp037", errors="replace"))
    elif operation == "huge":
        lines.insert(rng.randrange(len(lines) or 1), b"       MOVE " + b"X" * 100_000 + b" TO Y.")
    else:
        lines = lines[: rng.randrange(len(lines) + 1)]
    return b"\n".join(lines)


def analyse_tree(root: Path) -> None:
    inventory = take_inventory(root)
    context = build_context(root, inventory.files, Settings())
    modules = []
    for source in inventory.files:
        started = time.monotonic()
        result = parse_one(context, source)
        assert time.monotonic() - started < TIME_BOUND, f"{source.path} took too long"
        modules.extend(result.modules)
        for diagnostic in [*result.diagnostics, *(d for m in result.modules for d in m.diagnostics)]:
            assert diagnostic.path, "a diagnostic must name its file"
    graph = build_graph(modules)
    for module in modules:
        document_module(module, graph, "en")
    CASES["count"] += 1


@pytest.mark.slow  # hypothesis, the fuzz budget
@settings(max_examples=EXAMPLES_BUDGET, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), index=st.integers(0, len(SOURCES) - 1))
def test_mutated_example_sources(tmp_path_factory, seed, index):
    rng = random.Random(seed)
    source = SOURCES[index]
    root = tmp_path_factory.mktemp("fuzz")
    relative = source.relative_to(EXAMPLES)
    target = root / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(mutate(rng, source.read_bytes()))
    for copybook in (EXAMPLES / "cpy").glob("*.cpy"):  # the copybooks the programs need
        if copybook != source:
            (root / "cpy").mkdir(exist_ok=True)
            (root / "cpy" / copybook.name).write_bytes(copybook.read_bytes())
    analyse_tree(root)


OTHER_LANGUAGES = sorted(
    p for language in ("pli", "natural", "fortran", "c") for p in (EXAMPLES.parent / language).rglob("*")
    if p.is_file() and p.suffix.lower() in (".pli", ".inc", ".nsp", ".nsn", ".nss", ".nsl", ".f", ".f90", ".c", ".h")
)


@settings(max_examples=max(10, EXAMPLES_BUDGET // 3), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@pytest.mark.slow  # hypothesis, the fuzz budget
@given(seed=st.integers(0, 2**32 - 1), index=st.integers(0, len(OTHER_LANGUAGES) - 1))
def test_mutated_sources_of_other_languages(tmp_path_factory, seed, index):
    """PL/I and Natural (our parsers), Fortran and C (tree-sitter grammars, which can loop on odd
    input): through the real pipeline, so each file runs in a worker under a deadline."""
    rng = random.Random(seed)
    source = OTHER_LANGUAGES[index]
    root = tmp_path_factory.mktemp("fuzz-other")
    shutil.copytree(source.parent, root / "src")
    (root / "src" / source.name).write_bytes(mutate(rng, source.read_bytes()))
    started = time.monotonic()
    result = scan(root, Settings(jobs=1, parse_timeout=DEADLINE))
    assert time.monotonic() - started < 4 * TIME_BOUND
    assert all(d.path for d in result.diagnostics)
    graph = build_graph(result.modules)
    for module in result.modules:
        document_module(module, graph, "en")
    CASES["count"] += 1


REGRESSIONS = Path(__file__).parent.parent / "fixtures" / "fuzz"


def test_kept_crashers_stay_fixed(tmp_path):
    """Inputs that once broke a stage (or were written to), one file per case in fixtures/fuzz/."""
    cases = sorted(REGRESSIONS.iterdir())
    assert cases
    for case in cases:
        root = tmp_path / case.stem
        (root / "src").mkdir(parents=True)
        (root / "src" / case.name).write_bytes(case.read_bytes())
        analyse_tree(root)


@pytest.mark.slow  # 3 000 nested IFs, 10 000 paragraphs
def test_pathological_structures(tmp_path):
    write_tree(
        tmp_path,
        {
            "cbl/DIEP.cbl": nested_ifs(3000),
            "cbl/VEEL.cbl": many_paragraphs(10_000),
            "cbl/RONDJE.cbl": fixed(" IDENTIFICATION DIVISION.\n PROGRAM-ID. RONDJE.\n DATA DIVISION.\n WORKING-STORAGE SECTION.\n     COPY EEN.\n PROCEDURE DIVISION.\n     GOBACK."),
            "cpy/EEN.cpy": fixed("     COPY TWEE."),
            "cpy/TWEE.cpy": fixed("     COPY EEN."),
            "cpy/ZELF.cpy": fixed("     COPY ZELF."),
        },
    )
    started = time.monotonic()
    analyse_tree(tmp_path)
    assert time.monotonic() - started < 120
