"""coverage.html: per program with characterization tests, the business rules its cases reach and
the IF/EVALUATE outcomes they cover, as GnuCOBOL's trace measured them during a capture."""

from __future__ import annotations

from dataclasses import dataclass

from modernize.output import Output, utf8
from modernize.plan.acceptance import RuleCoverage, TestFile


@dataclass(frozen=True)
class Totals:
    rules: int
    reached: int
    outcomes: int
    covered: int

    @property
    def rule_percent(self) -> float:
        return 100.0 * self.reached / self.rules if self.rules else 100.0

    @property
    def outcome_percent(self) -> float:
        return 100.0 * self.covered / self.outcomes if self.outcomes else 100.0


def totals(files: list[TestFile]) -> Totals | None:
    measured: list[RuleCoverage] = [f.coverage for f in files if f.coverage is not None]
    if not measured:
        return None
    return Totals(sum(c.rules for c in measured), sum(c.reached for c in measured),
                  sum(c.outcomes for c in measured), sum(c.covered for c in measured))


def coverage_outputs(estate: str, files: list[TestFile], captured: bool) -> dict[str, Output]:
    from modernize.report import environment

    page = environment().get_template("coverage.html.j2").render(
        title=f"{estate}: rule coverage", name=estate, depth="", files=files, captured=captured, totals=totals(files))
    return {"coverage.html": utf8(page)}
