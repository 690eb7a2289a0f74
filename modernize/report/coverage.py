"""coverage.html: per program with characterization tests, the business rules its cases reach and
the IF/EVALUATE outcomes they cover, as GnuCOBOL's trace measured them during a capture."""

from __future__ import annotations

from modernize.output import Output, utf8
from modernize.plan.acceptance import RuleCoverage, TestFile


def totals(files: list[TestFile]) -> RuleCoverage | None:
    """The estate's coverage: every measured program's counts added up."""
    measured: list[RuleCoverage] = [f.coverage for f in files if f.coverage is not None]
    if not measured:
        return None
    names = ("rules", "reached", "outcomes", "covered", "dropped", "empty", "missed", "masked", "unreproducible")
    return RuleCoverage(**{name: sum(getattr(c, name) for c in measured) for name in names})


def coverage_outputs(estate: str, files: list[TestFile], captured: bool) -> dict[str, Output]:
    from modernize.report import environment

    page = environment().get_template("coverage.html.j2").render(
        title=f"{estate}: rule coverage", name=estate, depth="", files=files, captured=captured, totals=totals(files))
    return {"coverage.html": utf8(page)}
