"""Which business rules a characterization case reaches, measured from GnuCOBOL's trace.

A case is credited with a rule only if the rule's line ran in the traced legacy program, and with
an outcome only if the trace shows it taken: an IF's THEN when the statement after the IF is the
THEN's first one, its other outcome (ELSE, or falling through) when it is not; a WHEN when its
body's first statement ran. Nothing is assumed from how a case was built. A case whose output
files are all empty pins nothing down: its golden files are flagged and its coverage is not counted.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field

from modernize.model import BusinessRule

TRACE_MARKERS = ("Paragraph:", "Section:", "Entry:", "Exit:")


@dataclass(frozen=True)
class Trace:
    """The statements a run executed, in order, per PROGRAM-ID: (verb, line)."""

    statements: dict[str, list[tuple[str, int]]]

    def lines(self, program: str) -> set[int]:
        return {line for _, line in self.statements.get(program, [])}


def parse_trace(text: str) -> Trace:
    """GnuCOBOL's ``-ftraceall`` trace (``Program-Id: X   VERB   Line: N``) without a regex: the
    PROGRAM-ID is the first word, the line the number after the last ``Line:``."""
    statements: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for raw in text.splitlines():
        if not raw.startswith("Program-Id:") or "Line:" not in raw:
            continue
        head, _, number = raw.rpartition("Line:")
        words = head[len("Program-Id:"):].split()
        if len(words) < 2 or words[1] in TRACE_MARKERS or not number.strip().isdigit():
            continue
        statements[words[0]].append((" ".join(words[1:]), int(number)))
    return Trace(dict(statements))


def outcomes_of(rule: BusinessRule) -> tuple[str, ...]:
    """The outcomes a trace can tell apart: an IF's two, a WHEN's one (its body ran)."""
    branches = rule.branches
    if rule.kind == "IF" and any(branches):
        return ("true", "false")
    if rule.kind == "WHEN" and branches and branches[0]:
        return ("taken",)
    return ()


def measure(rules: list[BusinessRule], program: str, path: str, trace: Trace) -> tuple[frozenset[int], frozenset[tuple[int, str]]]:
    """(numbers of the rules reached, (number, outcome) taken) for one run; rules are numbered from 1
    in the program's order, as the cases are (rule-03); only rules in ``path`` (not copybooks)."""
    sequence = trace.statements.get(program, [])
    ran = {line for _, line in sequence}
    after: dict[int, set[int]] = defaultdict(set)
    for (verb, line), (_, following) in zip(sequence, sequence[1:], strict=False):
        if verb == "IF":
            after[line].add(following)
    reached: set[int] = set()
    taken: set[tuple[int, str]] = set()
    for number, rule in enumerate(rules, 1):
        if rule.path != path:
            continue
        if rule.kind == "IF":
            then_line, else_line = (*rule.branches, 0, 0)[:2]
            for following in after.get(rule.line, ()):
                reached.add(number)
                if then_line:
                    taken.add((number, "true" if following == then_line else "false"))
                elif else_line:
                    taken.add((number, "false" if following == else_line else "true"))
        elif rule.kind == "WHEN":
            body = rule.branches[0] if rule.branches else 0
            if rule.line in ran or (body and body in ran):
                reached.add(number)
            if body and body in ran:
                taken.add((number, "taken"))
        elif rule.line in ran:
            reached.add(number)
    return frozenset(reached), frozenset(taken)


@dataclass(frozen=True)
class CaseCoverage:
    """What one case reached; ``empty``: its output DDs whose golden file is empty."""

    case: str
    rules: frozenset[int]
    outcomes: frozenset[tuple[int, str]]
    empty: tuple[str, ...]
    outputs: int
    rule: int | None = None  # the rule a rule case was built for

    @property
    def missed(self) -> bool:
        """A rule case whose rule's line did not run: it tests something, not what it names."""
        return self.rule is not None and self.rule not in self.rules

    @property
    def counted(self) -> bool:
        """A case counts only when some output holds data: an all-empty golden master tests nothing."""
        return self.outputs == 0 or len(self.empty) < self.outputs


@dataclass
class ProgramCoverage:
    """One program's rule coverage over the cases kept."""

    program: str
    rules: int
    outcomes: int
    reached: list[int] = field(default_factory=list)
    covered: list[str] = field(default_factory=list)  # "3:true", "7:taken"
    kept: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # cases that reached nothing new
    empty: list[str] = field(default_factory=list)  # "<case>/<DD>.out" golden files that are empty
    missed: list[str] = field(default_factory=list)  # rule cases that did not reach their own rule
    masked: list[str] = field(default_factory=list)  # "<case>: <file> <from>-<to>": bytes that differ between two legacy runs
    unreproducible: list[str] = field(default_factory=list)  # "<case>: <reason>": kept as documented skips

    def pinned(self, number: int, rule: BusinessRule) -> bool:
        """The kept cases reach rule ``number`` with every outcome: no skipped test is needed for it."""
        return number in self.reached and all(f"{number}:{outcome}" in self.covered for outcome in outcomes_of(rule))

    @property
    def rule_percent(self) -> float:
        return 100.0 * len(self.reached) / self.rules if self.rules else 100.0

    @property
    def outcome_percent(self) -> float:
        return 100.0 * len(self.covered) / self.outcomes if self.outcomes else 100.0


@dataclass
class Coverage:
    """The measured rule coverage of a test project (``coverage.json`` beside the golden masters)."""

    programs: list[ProgramCoverage]

    @property
    def rules(self) -> int:
        return sum(p.rules for p in self.programs)

    @property
    def reached(self) -> int:
        return sum(len(p.reached) for p in self.programs)

    @property
    def outcomes(self) -> int:
        return sum(p.outcomes for p in self.programs)

    @property
    def covered(self) -> int:
        return sum(len(p.covered) for p in self.programs)

    @property
    def masked(self) -> int:
        """Kept cases with bytes that differ between two legacy runs, masked in their tests."""
        return sum(len(p.masked) for p in self.programs)

    @property
    def unreproducible(self) -> int:
        return sum(len(p.unreproducible) for p in self.programs)

    @property
    def rule_percent(self) -> float:
        return 100.0 * self.reached / self.rules if self.rules else 100.0

    @property
    def outcome_percent(self) -> float:
        return 100.0 * self.covered / self.outcomes if self.outcomes else 100.0

    def program(self, name: str) -> ProgramCoverage | None:
        return next((p for p in self.programs if p.program == name), None)

    def to_json(self) -> str:
        return json.dumps({"measured_by": "GnuCOBOL -ftraceall", "programs": [
            {"program": p.program, "rules": p.rules, "outcomes": p.outcomes, "reached": p.reached, "covered": p.covered,
             "kept": p.kept, "dropped": p.dropped, "empty": p.empty, "missed": p.missed, "masked": p.masked,
             "unreproducible": p.unreproducible} for p in self.programs]}, indent=1) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Coverage:
        data = json.loads(text)
        return cls([ProgramCoverage(p["program"], p["rules"], p["outcomes"], p["reached"], p["covered"], p["kept"], p["dropped"], p["empty"], p.get("missed", []),
                                   p.get("masked", []), p.get("unreproducible", []))
                    for p in data.get("programs", [])])


def select(program: str, rules: list[BusinessRule], cases: list[CaseCoverage]) -> ProgramCoverage:
    """Keep, in order, each case that reaches a rule or an outcome no earlier kept case reached;
    the rest are dropped. Cases with only empty outputs are flagged and count for nothing."""
    result = ProgramCoverage(program, len(rules), sum(len(outcomes_of(r)) for r in rules))
    reached: set[int] = set()
    covered: set[tuple[int, str]] = set()
    for case in cases:
        if case.missed:
            result.missed.append(case.case)
        new = (case.rules - reached) or (case.outcomes - covered)
        if case.counted and new:
            reached |= case.rules
            covered |= case.outcomes
            result.kept.append(case.case)
            result.empty += [f"{case.case}/{dd}.out" for dd in case.empty]
        else:
            result.dropped.append(case.case)
    if not result.kept and cases:  # the program keeps one golden master, flagged when it is empty
        first = cases[0]
        result.kept.append(first.case)
        result.dropped.remove(first.case)
        result.empty += [f"{first.case}/{dd}.out" for dd in first.empty]
    result.reached = sorted(reached)
    result.covered = [f"{number}:{outcome}" for number, outcome in sorted(covered)]
    return result
