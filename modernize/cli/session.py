"""One command's estate, with the terminal showing its progress, and the exit code it ends with."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from modernize.cli.options import EXIT_ERRORS, EXIT_INTERRUPTED, EXIT_OK, Failure, Options
from modernize.cli.render import Terminal, err
from modernize.pipeline.estate import Estate, RunOptions
from modernize.pipeline.parse import ExecutorUnavailable


@contextmanager
def session(options: Options, run: RunOptions | None = None) -> Iterator[Estate]:
    """The estate of ``options.path``; compute what the command needs inside, print after. Ctrl-C
    stops cleanly (exit 130) and keeps what was parsed; an unreachable cluster is one line."""
    terminal = Terminal(options.quiet)
    estate = Estate(options.path, options.settings, run or RunOptions(), terminal)
    try:
        with terminal.showing():
            yield estate
    except ExecutorUnavailable as exc:
        raise Failure(str(exc)) from exc
    except KeyboardInterrupt:
        err.print("[yellow]interrupted:[/] facts parsed so far are kept in the store; run the command again to resume.")
        raise click.exceptions.Exit(EXIT_INTERRUPTED) from None


def finish(estate: Estate) -> None:
    """Exit 1 when some file had errors (the analysis still finished), else 0."""
    raise click.exceptions.Exit(EXIT_ERRORS if estate.errors else EXIT_OK)


def write_part(estate: Estate, output: Path, force: bool, part: str) -> Any:
    """``part`` of the outputs (``run``: all) in ``output``; a folder of the user's only with --force."""
    from modernize.output import OutputNotOurs
    from modernize.pipeline.write import write

    try:
        return write(estate, output, force, part)
    except OutputNotOurs as problem:
        raise Failure(str(problem)) from problem
