"""Test generation: record codecs from copybooks, characterization test stubs, golden masters."""

from __future__ import annotations

from pathlib import Path

from modernize.model import Module, SourceFile
from modernize.plan.build import Step
from modernize.testgen.generate import ProgramTests, TestGenerator, capture


def write_tests(modules: list[Module], steps: list[Step], files: list[SourceFile], root: Path, out: Path,
                capture_golden: bool) -> tuple[list[ProgramTests], int, list[str]]:
    """Generate the test project in ``out``; with ``capture_golden`` run the legacy programs for golden masters."""
    generated = TestGenerator(modules, steps, files, root).generate(out)
    if not capture_golden:
        return generated, 0, []
    captured, problems = capture(generated, out, modules, files, root)
    return generated, captured, problems
