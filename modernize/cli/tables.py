"""The tables a team reads after a scan or a run: inventory, facts, job steps, diagnostics, summary."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from modernize.cli.render import add_row, out, table
from modernize.cli.terminal import shown
from modernize.findings import summary as findings_summary
from modernize.pipeline.parse import ScanResult

KIND_LABELS = {"jcl": "job", "proc": "proc", "jclinclude": "JCL include", "cicsfile": "CICS file"}
NAMES_SHOWN = 12
DIAGNOSTICS_SHOWN = 20


def print_summary(result: ScanResult, path: Path, verbose: bool, diagnostics: list | None = None) -> None:
    """Inventory by kind and language, modules, diagnostics: the table a team reads first."""
    inventory = table(f"Inventory of {path}", "kind", "language", "files", "lines", right=("files", "lines"))
    groups: dict[tuple[str, str], list[int]] = {}
    for f in result.files:
        counts = groups.setdefault((f.kind, f.language), [0, 0])
        counts[0] += 1
        counts[1] += f.lines
    for (kind, language), (files, lines) in sorted(groups.items()):
        add_row(inventory, kind, language, str(files), f"{lines:,}")
    inventory.add_section()
    add_row(inventory, "total", "", str(len(result.files)), f"{sum(f.lines for f in result.files):,}", style="bold")
    out.print(inventory)
    out.print(facts_table(result, verbose))
    if verbose:
        out.print(steps_table(result))
    rate = result.copybook_hit_rate
    hits = result.counters.get("copybook-hits", 0)
    out.print(f"parsed {result.parsed} file(s), {result.cached} from cache"
              + (f", {result.not_analysed} in languages without a parser yet" if result.not_analysed else "")
              + (f"; copybook cache {rate:.0%} hit ({hits:,} of {hits + result.counters.get('copybook-misses', 0):,} COPY expansions reused)"
                 if rate is not None else ""))
    if result.inventory.unclassified:
        out.print(f"[yellow]{len(result.inventory.unclassified)} file(s) could not be classified:[/]")
        for f in result.inventory.unclassified:
            out.print(f"  {shown(f.path)}")
    print_diagnostics(result.diagnostics if diagnostics is None else diagnostics, verbose)


def facts_table(result: ScanResult, verbose: bool) -> Any:
    """Modules by kind with their names, so a small estate's jobs, steps, transactions, mapsets and
    tables are all visible at a glance (all of them with --verbose)."""
    facts = table("Facts", "module kind", "count", "code lines", "names", right=("count", "code lines"))
    by_kind: dict[str, list] = {}
    for m in result.modules:
        by_kind.setdefault(m.kind, []).append(m)
    for kind, modules in sorted(by_kind.items()):
        names = []
        for m in sorted(modules, key=lambda m: m.name):
            names.append(f"{m.name} ({sum(1 for s in m.symbols if s.kind == 'step')} steps)" if m.kind in ("jcl", "proc") else m.name)
        listed = names if verbose else names[:NAMES_SHOWN]
        more = f" … +{len(names) - len(listed)}" if len(listed) < len(names) else ""
        code = sum(m.code_lines for m in modules)
        add_row(facts, KIND_LABELS.get(kind, kind), str(len(modules)), f"{code:,}" if code else "", ", ".join(listed) + more)
    steps = sum(1 for m in result.modules if m.kind == "jcl" for s in m.symbols if s.kind == "step")
    if steps:
        facts.add_section()
        add_row(facts, "job steps", str(steps), "", "")
    return facts


def steps_table(result: ScanResult) -> Any:
    """Every job step with the program it runs (PROCs expanded): the batch flow at a glance."""
    steps = table("Job steps", "job", "step", "program", "line")
    for module in sorted((m for m in result.modules if m.kind == "jcl"), key=lambda m: m.name):
        for symbol in module.symbols:
            if symbol.kind == "step":
                runs = [r.target for r in module.references if r.kind == "executes" and r.step == symbol.name]
                add_row(steps, module.name, symbol.name, " + ".join(runs) or symbol.proc or "", f"{symbol.path}:{symbol.line}")
    return steps


def print_diagnostics(diagnostics: list, verbose: bool) -> None:
    severities = Counter(d.severity for d in diagnostics)
    out.print(f"diagnostics: [red]{severities['error']} error(s)[/], [yellow]{severities['warning']} warning(s)[/], "
              f"{severities['info']} info")
    # Errors first: when the list is cut, what stopped the analysis of a file is what is shown.
    rank = {"error": 0, "warning": 1}
    listed = sorted((d for d in diagnostics if verbose or d.severity != "info"), key=lambda d: rank.get(d.severity, 2))
    limit = None if verbose else DIAGNOSTICS_SHOWN
    if limit is not None and len(listed) > limit:
        # Which kinds there are, before the first few: on a real repository one kind often fills the list.
        kinds = Counter(d.code for d in listed).most_common()
        counts = ", ".join(f"{code} {count:,}" for code, count in kinds[:8]) + (f" and {len(kinds) - 8} more kinds" if len(kinds) > 8 else "")
        out.print(f"  by kind: {counts}", markup=False, soft_wrap=True)
    for d in listed[:limit]:
        colour = {"error": "red", "warning": "yellow"}.get(d.severity, "dim")
        out.print(f"  [{colour}]{shown(d)}[/]", markup=True, soft_wrap=True)
    if limit is not None and len(listed) > limit:
        out.print(f"  … {len(listed) - limit} more (use --verbose or --json to see all)")


def run_summary(estate: Any, written: Any, output: Path, tests_summary: str) -> Any:
    """The closing table of a run: what was found, what was written, and where."""
    severities = Counter(d.severity for d in estate.diagnostics)
    kinds = Counter(m.kind for m in estate.modules)
    graph, steps, narratives = estate.graph, estate.plan.steps, estate.narration.narratives
    code_lines = sum(m.code_lines for m in estate.modules if m.kind == "program")
    summary = table("Run summary", "", "")
    for key, value in [
        ("files", f"{len(estate.files):,} ({sum(f.lines for f in estate.files):,} lines)"),
        ("programs", f"{kinds['program']} ({code_lines:,} code lines)"),
        ("copybooks / jobs / transactions", f"{kinds['copybook']} / {kinds['jcl']} / {kinds['transaction']}"),
        ("diagnostics", f"{severities['error']} errors, {severities['warning']} warnings, {severities['info']} info"),
        ("graph", f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges → {output}/graph/"),
        ("documents", f"{len(estate.documents)}" + (f", {len(narratives)} with an LLM narrative" if narratives else "") + f" → {output}/docs/"),
        ("plan", f"{len(steps)} steps in {max((s.wave for s in steps), default=0)} waves → {output}/plan/"),
        ("tests", f"{tests_summary} → {output}/tests/"),
        ("sensitive data", f"{findings_summary(estate.findings)} → {output}/findings.html"),
        ("report", f"{output}/index.html"),
        ("written", f"{len(written.written)} file(s) written, {len(written.unchanged)} unchanged, {len(written.removed)} removed"),
        ("time", f"{sum(estate.seconds.values()):.1f} s: " + ", ".join(f"{key} {value:.1f}" for key, value in estate.seconds.items())),
    ]:
        add_row(summary, key, value)
    return summary


def tests_summary(estate: Any, written: Any) -> str:
    project = tested(estate, written)
    head = f"{len(project.programs)} program(s), {project.cases} case(s)"
    if project.coverage is not None:
        head += f", rules reached {project.coverage.rule_percent:.0f}%, outcomes covered {project.coverage.outcome_percent:.0f}%"
        if project.coverage.masked:
            head += f", {project.coverage.masked} case(s) with unstable bytes masked"
        if project.coverage.unreproducible:
            head += f", {project.coverage.unreproducible} case(s) not reproducible (skipped)"
    if estate.options.sandbox is None and project.coverage is not None:
        return f"{head}, {written.captured} golden master(s) from an earlier capture of the same sources and cases"
    if estate.options.sandbox is None:
        return f"{head}, golden masters not captured (--capture records them)"
    return f"{head}, {written.captured} golden master(s) captured ({estate.options.sandbox.description})"


def tested(estate: Any, written: Any) -> Any:
    """The test project written: after a capture, the cases kept and their measured coverage."""
    return written.capture.measured if written.capture is not None else estate.tests


def coverage_table(estate: Any, written: Any) -> Any | None:
    """Per program with tests: business rules, reached, outcomes, covered, as the trace measured them."""
    files = [f for f in tested(estate, written).test_files() if f.coverage is not None]
    if not files:
        return None
    coverage = table("Rule coverage (measured by GnuCOBOL's trace)", "program", "tests", "rules", "reached", "outcomes", "covered",
                     "dropped", "empty golden")
    for f in files:
        c = f.coverage
        add_row(coverage, f.program, str(f.tests), str(c.rules), f"{c.reached} ({c.rule_percent:.0f}%)", str(c.outcomes),
                f"{c.covered} ({c.outcome_percent:.0f}%)", str(c.dropped), str(c.empty))
    rules, reached = sum(f.coverage.rules for f in files), sum(f.coverage.reached for f in files)
    outcomes, covered = sum(f.coverage.outcomes for f in files), sum(f.coverage.covered for f in files)
    add_row(coverage, "all", str(sum(f.tests for f in files)), str(rules), f"{reached} ({100 * reached / max(rules, 1):.0f}%)", str(outcomes),
            f"{covered} ({100 * covered / max(outcomes, 1):.0f}%)", str(sum(f.coverage.dropped for f in files)), str(sum(f.coverage.empty for f in files)))
    return coverage
