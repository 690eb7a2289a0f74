"""Test generation: record codecs from copybooks, characterization test stubs, golden masters."""

from __future__ import annotations

from pathlib import Path

from modernize.model import Module, SourceFile
from modernize.plan.build import Step
from modernize.sandbox import Sandbox
from modernize.testgen.generate import ProgramTests, TestGenerator, capture


def write_tests(modules: list[Module], steps: list[Step], files: list[SourceFile], root: Path, out: Path,
                sandbox: Sandbox | None) -> tuple[list[ProgramTests], int, list[str]]:
    """Generate the test project in ``out``; with a ``sandbox`` run the legacy programs in it for
    golden masters (without one, the estate's code does not run)."""
    generated = TestGenerator(modules, steps, files, root).generate(out)
    if sandbox is None:
        return generated, 0, []
    captured, problems = capture(generated, out, root, sandbox)
    return generated, captured, problems
