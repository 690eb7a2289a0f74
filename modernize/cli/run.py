"""``modernize run``: every stage, every output in OUT."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from modernize.cli.options import (
    FORCE_OPTION,
    LANG_OPTION,
    Options,
    analysis_options,
    capture_options,
    capture_report,
    capture_sandbox,
    llm_options,
    model_settings,
)
from modernize.cli.render import out, say, warn
from modernize.cli.session import finish, session, write_part
from modernize.cli.tables import coverage_table, print_summary, run_summary, tests_summary
from modernize.cli.terminal import shown
from modernize.pipeline.estate import Estate, RunOptions


@click.command("run")
@analysis_options
@llm_options
@click.option("-o", "--output", "output", required=True, type=click.Path(file_okay=False, path_type=Path), help="Directory for every output.")
@click.option("--mask-findings", is_flag=True, help="Mask credentials, BSNs, IBANs and e-mail addresses in the HTML report and findings.json.")
@capture_options
@FORCE_OPTION
@LANG_OPTION
def run_command(options: Options, output: Path, lang: str, mask_findings: bool, capture: bool | None, capture_unsandboxed: bool,
                capture_budget: float, force: bool, **llm: Any) -> None:
    """The main job: every stage on PATH, outputs in OUTPUT.

    Inventory and facts (OUTPUT/facts.json, diagnostics.json), the dependency graph and its viewer
    (OUTPUT/graph/), module documents (OUTPUT/docs/, with --model an LLM narrative on top), the
    replacement plan (OUTPUT/plan/), characterization tests (OUTPUT/tests/, golden masters with
    --capture), the sensitive data found in sources and data files (OUTPUT/findings.json) and the
    HTML report (OUTPUT/index.html).
    """
    sandbox = capture_sandbox(options, capture, capture_unsandboxed)
    settings = model_settings(options, lang, llm)
    run = RunOptions(lang=lang, mask_findings=mask_findings, llm=settings, sandbox=sandbox, capture_budget=capture_budget or None)
    with session(options, run) as estate:
        written = write_part(estate, output, force, "run")
    for line in capture_report(written.capture):
        warn(line)
    narration_summary(estate, options.quiet)
    if not options.quiet:
        print_summary(estate.scanned, options.path, options.verbose, estate.diagnostics)
        if written.up_to_date:
            say(f"{output} is up to date: no source, setting, option or modernize version changed since the last run, "
                f"so nothing was rewritten ({sum(estate.seconds.values()):.1f} s).")
        else:
            out.print(run_summary(estate, written, output, tests_summary(estate, written)))
            for limit in estate.analysis.get("limits", []):
                say(f"graph analyses bounded: {limit}")
            if (coverage := coverage_table(estate, written)) is not None:
                out.print(coverage)
            out.print(f"[bold]open {shown(output)}/index.html[/] (report) · graph/graph.html (viewer) · plan/plan.docx (tender annex) · "
                      f"tests/ (pytest {shown(output)}/tests)", soft_wrap=True)
    finish(estate)


def narration_summary(estate: Estate, quiet: bool) -> None:
    """What the model did: requests, cache, failures, tokens, cost and grounding (nothing without one);
    a dry run says what would be sent even with --quiet."""
    narration, settings = estate.narration, estate.options.llm
    if settings is None or narration.usage is None:
        return
    usage = narration.usage
    if settings.dry_run:
        tokens = sum(n for _, n in usage.prompts)
        say(f"dry run: {len(usage.prompts)} prompt(s) would be sent to {settings.model}, about {tokens:,} input tokens; "
            f"{usage.cached} answered from the cache")
        return
    if quiet:
        return
    grounded = [n.grounding for n in narration.narratives.values()]
    unverified = sum(len(n.unverified) for n in narration.narratives.values())
    say(f"model {settings.model}: {len(narration.narratives)} narrative(s), {usage.requests} request(s), {usage.cached} from the cache, "
        f"{usage.failures} failed; tokens in {usage.tokens_in:,} out {usage.tokens_out:,}; cost {usage.cost:.4f} USD; "
        f"grounding {sum(grounded) / len(grounded) if grounded else 1:.0%}, {unverified} unverified name(s)")


COMMANDS = [run_command]
