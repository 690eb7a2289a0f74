"""Test generation: record codecs from copybooks, characterization test projects, golden masters."""

from __future__ import annotations

from pathlib import Path

from modernize.model import Module, SourceFile
from modernize.plan.build import Step
from modernize.testgen.generate import Capture, ProgramTests, TestGenerator, TestProject

__all__ = ["Capture", "ProgramTests", "TestProject", "make_tests"]


def make_tests(modules: list[Module], steps: list[Step], files: list[SourceFile], root: Path, jobs: int = 1) -> TestProject:
    """The characterization test project for every plan step (nothing of the estate runs here);
    ``jobs`` forked workers build a large estate's scenarios."""
    return TestGenerator(modules, steps, files, root, jobs).generate()
