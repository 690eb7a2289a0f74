"""``explain`` (one module's document in the terminal), ``impact`` (what depends on a name) and
``init`` (a commented modernize.toml)."""

from __future__ import annotations

from pathlib import Path

import click

from modernize.cli.options import LANG_OPTION, Failure, Options, analysis_options
from modernize.cli.render import add_row, out, say, table
from modernize.cli.session import finish, session
from modernize.cli.terminal import visible
from modernize.model import dumps
from modernize.output import write_text_atomic


@click.command("explain")
@analysis_options
@click.argument("name")
@LANG_OPTION
def explain_command(options: Options, name: str, lang: str) -> None:
    """Show the document of one module of PATH (program, copybook, job, PROC, transaction, Java class,
    z/OS Connect service or API) in the terminal: purpose, inputs and outputs, callers, data,
    paragraphs, business rules, risks. A Java class is found by its qualified or its simple name."""
    from rich.markdown import Markdown

    from modernize.document.facts_doc import document_module

    with session(options) as estate:
        wanted = name.upper()
        order = ["program", "copybook", "jcl", "proc", "transaction", "class", "service", "api"]
        matches = sorted((m for m in estate.modules if m.kind in order and (m.name.upper() == wanted or (m.kind == "class" and m.simple_name.upper() == wanted))),
                         key=lambda m: (order.index(m.kind), m.name.upper() != wanted, bool(m.archive_entry), m.path))
        text = (document_module(matches[0], estate.graph, lang) or "") if matches else None
    if text is None:
        raise Failure(f"explain: nothing called {name!r} in {options.path}")
    out.print(Markdown(visible(text)))
    finish(estate)


@click.command("impact")
@analysis_options
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--include-navigation", is_flag=True,
              help="Also follow CICS RETURN TRANSID (the next screen of a conversation), which is no dependency.")
def impact_command(options: Options, name: str, as_json: bool, include_navigation: bool) -> None:
    """Show everything in PATH that depends on NAME (a program, copybook, dataset, table…),
    transitively, with one dependency path each. A screen that only returns to a transaction (EXEC
    CICS RETURN TRANSID, the next screen of the conversation) does not depend on it."""
    from modernize.graph.analyze import impact

    with session(options) as estate:
        node = estate.node(name)
        paths = impact(estate.graph, node, include_navigation) if node is not None else {}
    if node is None:
        raise Failure(f"impact: nothing called {name!r} in {options.path}")
    if as_json:
        click.echo(dumps({"node": node, "dependants": paths}), nl=False)
        finish(estate)
    dependants = table(f"What depends on {node} ({len(paths)})", "dependant", "kind", "through")
    for dependant, path in paths.items():
        add_row(dependants, dependant, estate.graph.nodes[dependant].get("kind", ""), " → ".join(path[1:-1]) or "directly")
    out.print(dependants)
    finish(estate)


@click.command("init")
@click.argument("path", type=click.Path(exists=True, file_okay=False, path_type=Path), default=".")
def init_command(path: Path) -> None:
    """Write a commented example modernize.toml in PATH (never overwrites an existing one)."""
    from modernize.config import example_config

    target = path / "modernize.toml"
    if target.exists():
        raise Failure(f"init: {target} exists already; nothing was written")
    write_text_atomic(target, example_config())
    say(f"wrote {target}")


COMMANDS = [explain_command, impact_command, init_command]
