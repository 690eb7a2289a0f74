"""One part of the run on its own: ``graph`` (an export), ``docs``, ``plan`` and ``tests``."""

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
from modernize.cli.render import add_row, out, say, table, warn
from modernize.cli.run import narration_summary
from modernize.cli.session import finish, session, write_part
from modernize.cli.tables import coverage_table, tests_summary
from modernize.graph.export import FORMATS
from modernize.output import utf8, write_bytes_atomic
from modernize.pipeline.estate import RunOptions

FORMAT_BY_SUFFIX = {".html": "html", ".json": "json", ".graphml": "graphml", ".gexf": "gexf", ".dot": "dot", ".gv": "dot",
                    ".mmd": "mermaid", ".cypher": "cypher", ".cql": "cypher"}


@click.command("graph")
@analysis_options
@click.option("-o", "--output", "output", required=True, type=click.Path(path_type=Path), help="File to write (a directory for csv).")
@click.option("--format", "fmt", type=click.Choice([*FORMATS, "html"]), help="Default: from the file extension, else json.")
@click.option("--focus", "focus", metavar="NAME", help="Export only this node's neighbourhood (a name or an id such as program:X).")
@click.option("--depth", type=click.IntRange(min=0), default=1, show_default=True, help="Hops from the --focus node, either direction.")
@click.option("--kinds", metavar="KIND,…", help="Keep only these node kinds (program,table,dataset,…); the --focus node always stays.")
def graph_command(options: Options, output: Path, fmt: str | None, focus: str | None, depth: int, kinds: str | None) -> None:
    """Export the dependency graph of PATH: programs, copybooks, jobs, steps, datasets, tables,
    transactions, screens, with the edges between them (graph.json is node-link data). With
    --focus, only the nodes within --depth hops of one node, of --kinds when given."""
    from modernize.graph.export import EXPORTERS, to_csv

    fmt = fmt or FORMAT_BY_SUFFIX.get(output.suffix.lower(), "json")
    with session(options) as estate:
        graph = estate.graph
        if focus:
            from modernize.graph.analyze import find_node
            from modernize.graph.focus import neighbourhood

            node = find_node(graph, focus)
            if node is None:
                raise click.UsageError(f"no node named {focus} in the graph")
            graph = neighbourhood(graph, node, depth, [k.strip() for k in (kinds or "").split(",") if k.strip()])
        elif kinds:
            raise click.UsageError("--kinds filters a --focus neighbourhood: give --focus NAME")
        if fmt == "html":
            from modernize.graph.analyze import components
            from modernize.graph.viewer import render_html

            # The whole graph's components come with the analyses the store keeps by the graph's hash.
            found = components(graph) if focus else estate.analysis["components"]
            write_bytes_atomic(output, utf8(render_html(graph, found, estate.name)))
        elif fmt == "csv":
            for name, text in to_csv(graph).items():
                write_bytes_atomic(output / name, utf8(text))
        else:
            write_bytes_atomic(output, utf8(EXPORTERS[fmt](graph)))
    if not options.quiet:
        say(f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges written to {output} ({fmt})")
    finish(estate)


@click.command("docs")
@analysis_options
@llm_options
@click.option("-o", "--output", "output", required=True, type=click.Path(file_okay=False, path_type=Path), help="Directory for the documents.")
@FORCE_OPTION
@LANG_OPTION
def docs_command(options: Options, output: Path, lang: str, force: bool, **llm: Any) -> None:
    """Write one Markdown document per program, copybook, job and transaction of PATH, computed
    from the facts (purpose from header comments, inputs and outputs, callers, data layouts,
    paragraph structure, business rules, risks), each statement with its path and line."""
    run = RunOptions(lang=lang, llm=model_settings(options, lang, llm))
    with session(options, run) as estate:
        write_part(estate, output, force, "docs")
    narration_summary(estate, options.quiet)
    if not options.quiet:
        say(f"{len(estate.documents)} documents written to {output}")
    finish(estate)


@click.command("plan")
@analysis_options
@click.option("-o", "--output", "output", required=True, type=click.Path(file_okay=False, path_type=Path), help="Directory for plan.md, plan.json, plan.csv, plan.docx.")
@click.option("--strategy", type=click.Choice(["strangler", "data"]), help="strangler (default): callees first; data: group by data ownership.")
@FORCE_OPTION
@LANG_OPTION
def plan_command(options: Options, output: Path, strategy: str | None, lang: str, force: bool) -> None:
    """Turn PATH's dependency graph into a step-by-step replacement plan: waves of steps, each with
    its scope, why it comes where it comes, interfaces to keep stable, coexistence, risks with
    evidence, an effort range with its formula, acceptance criteria and rollback."""
    with session(options, RunOptions(lang=lang, strategy=strategy)) as estate:
        write_part(estate, output, force, "plan")
    if not options.quiet:
        steps = table("Replacement plan", "step", "wave", "title", "depends on", "effort (person-days)")
        for step in estate.plan.steps:
            add_row(steps, step.id, str(step.wave), step.title, ", ".join(step.depends_on), f"{step.effort['low']}–{step.effort['high']}")
        out.print(steps)
        say(f"written to {output}/: plan.md, plan.json, plan.csv, plan.docx, interfaces/ (OpenAPI contracts)")
    finish(estate)


@click.command("tests")
@analysis_options
@click.option("-o", "--output", "output", required=True, type=click.Path(file_okay=False, path_type=Path), help="Directory for the generated pytest project.")
@capture_options
@FORCE_OPTION
def tests_command(options: Options, output: Path, capture: bool | None, capture_unsandboxed: bool, capture_budget: float,
                  force: bool) -> None:
    """Generate characterization tests for every plan step of PATH: inputs built from the record
    layouts (boundary values, 88-level values, the literals business rules compare with), one test
    per business rule, and, with --capture, golden masters recorded from the legacy programs run in
    a sandbox, traced: a case that reaches no new business rule or outcome is dropped, and the rule
    coverage is measured (OUTPUT/coverage.json). Run them with `pytest OUTPUT` (--implementation
    legacy|replacement)."""
    sandbox = capture_sandbox(options, capture, capture_unsandboxed)
    with session(options, RunOptions(sandbox=sandbox, capture_budget=capture_budget or None)) as estate:
        written = write_part(estate, output, force, "tests")
    for line in capture_report(written.capture):
        warn(line)
    if not options.quiet:
        say(f"tests in {output}: {tests_summary(estate, written)}")
        if (coverage := coverage_table(estate, written)) is not None:
            out.print(coverage)
    finish(estate)


COMMANDS = [graph_command, docs_command, plan_command, tests_command]
