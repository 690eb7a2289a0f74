"""Acceptance criteria that cite only tests which exist: the characterization test files testgen
wrote for a step's programs, with their counts. A program without generated tests says so."""

from __future__ import annotations

from dataclasses import dataclass

from modernize.plan.build import Step
from modernize.plan.wording import sentence


@dataclass(frozen=True)
class TestFile:
    """One generated test module: its path in the test project, its program, how many tests run
    and how many are skipped until a production input is captured."""

    path: str
    program: str
    tests: int
    skipped: int
    coverage: RuleCoverage | None = None  # measured by a traced capture


@dataclass(frozen=True)
class RuleCoverage:
    """A program's rule coverage as the trace of its kept cases measured it."""

    rules: int
    reached: int
    outcomes: int
    covered: int
    dropped: int  # generated cases that reached nothing new
    empty: int  # golden files of kept cases that are empty (flagged)
    missed: int = 0  # rule cases that did not reach their own rule
    masked: int = 0  # kept cases whose bytes that differ between two legacy runs are masked in their tests
    unreproducible: int = 0  # kept cases that are documented skips: their outputs do not reproduce

    @property
    def uncovered(self) -> int:
        """Business rules no kept case reaches: no test pins them down."""
        return max(self.rules - self.reached, 0)

    @property
    def rule_percent(self) -> float:
        return 100.0 * self.reached / self.rules if self.rules else 100.0

    @property
    def outcome_percent(self) -> float:
        return 100.0 * self.covered / self.outcomes if self.outcomes else 100.0

    def sentence(self, lang: str = "en") -> str:
        if lang == "nl":
            return (f"gemeten: {self.reached} van {self.rules} bedrijfsregels bereikt ({self.rule_percent:.0f}%), "
                    f"{self.covered} van {self.outcomes} uitkomsten gedekt ({self.outcome_percent:.0f}%)")
        return (f"measured: {self.reached} of {self.rules} business rules reached ({self.rule_percent:.0f}%), "
                f"{self.covered} of {self.outcomes} outcomes covered ({self.outcome_percent:.0f}%)")


def step_tests(step: Step, files: list[TestFile] | None) -> list[dict[str, object]] | None:
    """plan.json's record of the tests a step's criteria cite: per program its module, how many
    tests pass against the legacy program (captured golden masters), how many skip, and the rules
    no case reaches; None without a test inventory."""
    if files is None:
        return None
    by_program = {f.program: f for f in files}
    found: list[dict[str, object]] = []
    for program in (p.split(":", 1)[1] for p in step.programs):
        test = by_program.get(program)
        if test is None:
            found.append({"program": program, "module": None})
            continue
        entry: dict[str, object] = {"program": program, "module": f"tests/{test.path}", "tests": test.tests, "skipped": test.skipped,
                                    "captured": test.coverage is not None}
        if test.coverage is not None:
            c = test.coverage
            entry.update(passed=test.tests, rules=c.rules, reached=c.reached, uncovered=c.uncovered, outcomes=c.outcomes, covered=c.covered)
        found.append(entry)
    return found


def criteria(step: Step, files: list[TestFile] | None, lang: str = "en") -> list[str]:
    """The step's criteria; without a test inventory (the plan alone) the build's own words.
    A program's criterion says how many of its tests pass against the legacy program (golden
    masters captured), how many skip and how many rules no case reaches; a step none of whose
    programs has captured tests says so first."""
    if files is None:
        return [sentence(a, lang) for a in step.acceptance]
    by_program = {f.program: f for f in files}
    found = []
    programs = [p.split(":", 1)[1] for p in step.programs]
    if not any(by_program.get(p) and by_program[p].coverage for p in programs):
        found.append("Voor deze stap zijn geen vastgelegde karakteriseringstests: geen test legt het gedrag van haar programma's vast"
                     if lang == "nl" else
                     "This step has no captured characterization tests: no test pins down the behaviour of its programs")
    for program in (p.split(":", 1)[1] for p in step.programs):
        test = by_program.get(program)
        if test is None:
            found.append(f"{program}: geen gegenereerde karakteriseringstests (geen batchinvoer en -uitvoer); acceptatie door een beoordeelde vergelijking van het gedrag"
                         if lang == "nl" else
                         f"{program}: no characterization tests were generated (no batch inputs and outputs); accepted by a reviewed comparison of its behaviour")
            continue
        skipped = (f", {test.skipped} overgeslagen tot een productie-invoer is vastgelegd" if lang == "nl" else
                   f", {test.skipped} skipped until a production input is captured") if test.skipped else ""
        measured = f"; {test.coverage.sentence(lang)}" if test.coverage else ""
        if test.coverage is None:
            found.append(f"{program}: de {test.tests} karakteriseringstest(s) in tests/{test.path} hebben nog geen golden master en worden overgeslagen "
                         f"tot `modernize tests --capture` het bestaande programma draait{skipped}" if lang == "nl" else
                         f"{program}: the {test.tests} characterization test(s) in tests/{test.path} have no golden master yet and skip until "
                         f"`modernize tests --capture` runs the legacy program{skipped}")
            continue
        uncovered = test.coverage.uncovered
        gaps = ((f", {uncovered} bedrijfsregel(s) door geen test bereikt" if lang == "nl" else f", {uncovered} business rule(s) uncovered (no test reaches them)")
                if uncovered else "")
        found.append(f"{program}: de {test.tests} karakteriseringstest(s) in tests/{test.path} slagen tegen het bestaande en het nieuwe systeem{skipped}{gaps}{measured}"
                     if lang == "nl" else
                     f"{program}: the {test.tests} characterization test(s) in tests/{test.path} pass against legacy and replacement{skipped}{gaps}{measured}")
    found += [sentence(a, lang) for a in step.acceptance if ": the characterization tests of its " not in a]
    return found
