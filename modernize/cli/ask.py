"""``modernize ask`` (questions in plain language) and ``modernize mcp`` (the same for AI assistants)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import click

from modernize.cli.options import (
    EXIT_ERRORS,
    EXIT_OK,
    LANG_OPTION,
    Failure,
    Options,
    analysis_options,
    llm_options,
    model_settings,
)
from modernize.cli.render import add_row, err, out, say, table, warn
from modernize.cli.session import session
from modernize.cli.terminal import shown
from modernize.model import dumps
from modernize.pipeline.estate import RunOptions


@click.command("ask")
@analysis_options
@click.argument("question")
@llm_options
@click.option("--top", type=click.IntRange(min=1, max=50), default=8, show_default=True, help="Passages to show (and to give the model).")
@click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON.")
@LANG_OPTION
def ask_command(options: Options, question: str, top: int, as_json: bool, lang: str, **llm: Any) -> None:
    """Ask PATH a question in plain language (English or Dutch).

    \b
    Who reads or writes a dataset or table, who calls a program, what it calls, what breaks if a
    module changes, which plan step replaces it, and the same across the estate ("which programs
    call other programs?"): answered exactly from the graph. Anything else:
    the best-matching summaries, paragraphs and business rules, with file and line. With --model,
    a model answers from those passages and every citation it gives is checked against the facts.

    \b
      modernize ask examples/cobol "which programs update the BETALING table?"
      modernize ask examples/cobol "wat raakt een wijziging van copybook TSLPERS?"
      modernize ask examples/cobol "waar wordt de inkomensgrens berekend?" --model ollama/llama3.1
    """
    from modernize.ask.questions import structured_answers
    from modernize.ask.search import index_for

    with session(options, RunOptions(lang=lang)) as estate:
        exact = structured_answers(estate, question)
        found = index_for(estate).search(question, top) if not exact else []
    if exact:
        if as_json:
            click.echo(dumps({"question": question, "graph": exact[0].to_dict(), "graphs": [a.to_dict() for a in exact]}), nl=False)
        else:
            for answer in exact:
                print_graph_answer(answer)
        raise click.exceptions.Exit(EXIT_OK if any(a.items for a in exact) else EXIT_ERRORS)
    settings = model_settings(options, lang, llm) if found else None
    answer = None
    if settings is not None:
        from modernize.ask.answer import ask_model
        from modernize.document.llm import AnswerError

        try:
            with estate.store() as store:
                answer = ask_model(estate, question, [p for p, _ in found], settings, store)
        except AnswerError as exc:
            warn(f"the model gave no usable answer ({exc}); the passages follow.")
        except Exception as exc:  # noqa: BLE001 - a model that is down must not hide the passages
            warn(f"the model could not be asked ({type(exc).__name__}: {exc}); the passages follow.")
    if as_json:
        click.echo(dumps({"question": question, "answer": answer.to_dict() if answer else None,
                          "passages": [dict(p.to_dict(), score=round(score, 4)) for p, score in found]}), nl=False)
        raise click.exceptions.Exit(EXIT_OK if found else EXIT_ERRORS)
    if answer is not None:
        out.print(f"[bold]{shown(answer.text)}[/]", soft_wrap=True)
        for citation in answer.citations:
            mark = "[green]verified[/]" if citation.verified else f"[red]unverified[/] ({shown(citation.problem)})"
            where = f"{citation.path}:{citation.line}" if citation.line else (citation.path or "")
            paragraph = " " + citation.paragraph if citation.paragraph else ""
            out.print(f"  {shown(citation.module + paragraph)} {shown(where)} {mark}", soft_wrap=True)
        out.print(f"grounding {answer.grounding:.0%} of {len(answer.citations)} citation(s)\n")
    if not found:
        say("nothing in the estate matches the question; try the names of programs, data items or datasets")
        raise click.exceptions.Exit(EXIT_ERRORS)
    passages = table("Best-matching passages", "score", "where", "what")
    for passage, score in found:
        lines = [line.rstrip() for line in passage.text.split("\n") if line.strip()]
        add_row(passages, f"{score:.2f}", passage.where, "\n".join(lines[:6]) + ("\n…" if len(lines) > 6 else ""))
    out.print(passages)
    raise click.exceptions.Exit(EXIT_OK)


TITLES = {"readers": "reads", "includers": "includes", "writers": "writes", "callers": "calls, starts or runs", "callees": "is called, started or run by",
          "impact": "depends on", "plan-step": "plan steps for", "read-by": "is read by", "written-by": "is written by"}


ESTATE_TITLES = {"estate-callers": "call, start or run", "estate-callees": "are called, started or run by", "estate-readers": "read",
                 "estate-read-by": "read", "estate-writers": "write", "estate-written-by": "write"}
SHOWN_ITEMS = 50  # an estate-wide answer on the terminal; --json has them all


def print_graph_answer(answer: Any) -> None:
    if answer.kind in ESTATE_TITLES:
        out.print(f"[bold]Exact answer from the graph[/] — {len(answer.items)} that {ESTATE_TITLES[answer.kind]} others "
                  "(most first):", soft_wrap=True)
        if not answer.items:
            out.print("  nothing")
        for item in answer.items[:SHOWN_ITEMS]:
            others = ", ".join(item["others"][:8]) + (f" and {len(item['others']) - 8} more" if len(item["others"]) > 8 else "")
            say(f"  {item['node']} {'←' if answer.kind == 'estate-callees' else '→'} {others}")
        if len(answer.items) > SHOWN_ITEMS:
            say(f"  … {len(answer.items) - SHOWN_ITEMS} more (--json lists them all)")
        return
    if answer.node is None:
        say(answer.message)
        return
    out.print(f"[bold]Exact answer from the graph[/] — what {TITLES[answer.kind]} {shown(answer.node)}:", soft_wrap=True)
    if not answer.items:
        out.print("  nothing")
    for item in answer.items:
        if answer.kind == "plan-step":
            say(f"  {item['step']} (wave {item['wave']}, {item['role']}): {item['title']}")
        elif answer.kind == "impact":
            say(f"  {item['node']}  via {' → '.join(item['path'][1:])}")
        else:
            via = f" via {', '.join(item['via'])}" if item["via"] else ""
            say(f"  {item['node']} ({item['relation']}{via}) {' '.join(item['lines'])}")


@click.command("mcp")
@analysis_options
@click.option("--http", "port", type=click.IntRange(min=1, max=65535), help="Serve streamable HTTP on this port instead of stdio.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address for --http (keep it local unless you mean it).")
@LANG_OPTION
def mcp_command(options: Options, port: int | None, host: str, lang: str) -> None:
    """Serve PATH's facts to AI assistants over the Model Context Protocol (read-only).

    \b
    Tools: search_estate, get_module, callers, callees, impact, who_reads, who_writes, plan_step,
    paragraph_source. stdio by default (the assistant starts this command); --http PORT serves
    streamable HTTP on 127.0.0.1. Nothing is sent anywhere by this server itself.
    """
    try:
        from modernize.ask.mcp_server import create_server
    except ImportError as exc:
        raise Failure("modernize mcp needs the MCP SDK: pip install 'modernize[mcp]'") from exc
    with session(replace(options, quiet=True), RunOptions(lang=lang)) as estate:  # stdout belongs to the protocol
        estate.graph  # noqa: B018 - facts and graph before the first request
    server = create_server(estate)
    if port is None:
        server.run("stdio")
    else:
        err.print(f"MCP server for {shown(options.path)} on http://{host}:{port}/mcp")
        server.run("streamable-http", host=host, port=port)


COMMANDS = [ask_command, mcp_command]
