"""The terminal: the consoles, one-line messages, and what a run says while it works.

Every estate-derived string goes through ``terminal.shown`` (rich markup escaped, control bytes
visible) before it reaches a console.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from modernize.cli.terminal import shown
from modernize.pipeline.estate import Observer

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


def say(text: str, stderr: bool = False) -> None:
    """A plain line (estate text in it is escaped)."""
    (err if stderr else out).print(shown(text), soft_wrap=True)


def warn(text: str) -> None:
    err.print(f"[yellow]warning:[/] {shown(text)}", soft_wrap=True)


def add_row(table: Table, *cells: Any, **style: Any) -> None:
    """A table row whose cells (names and paths from the estate) print literally."""
    table.add_row(*(shown(cell) for cell in cells), **style)


def table(title: str, *columns: str, right: tuple[str, ...] = ()) -> Table:
    made = Table(title=shown(title), title_justify="left")
    for column in columns:
        made.add_column(column, justify="right" if column in right else "left")
    return made


class Terminal(Observer):
    """Progress while parsing, a spinner naming the stage after that; problems said once each."""

    def __init__(self, quiet: bool):
        self.quiet = quiet
        self.progress: Progress | None = None
        self.task: Any = None
        self.status: Any = None
        self.said: set[str] = set()

    @contextmanager
    def showing(self) -> Iterator[Terminal]:
        self.progress = Progress(TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), TimeRemainingColumn(), console=err, disable=self.quiet, transient=True)
        try:
            with self.progress:
                self.task = self.progress.add_task("inventory", total=None)
                yield self
        finally:
            self.progress = None
            if self.status is not None:
                self.status.stop()
                self.status = None

    def stage(self, name: str, text: str) -> None:
        if self.quiet or name == "scan":
            return
        if self.progress is not None and self.progress.live.is_started:
            self.progress.stop()
        if self.status is None:
            self.status = err.status(text, spinner="dots")
            self.status.start()
        else:
            self.status.update(text)

    def inventoried(self, count: int) -> None:
        if self.progress is not None:
            self.progress.update(self.task, description="parsing", total=count, completed=0)

    def parsed(self, path: str) -> None:
        if self.progress is not None:
            self.progress.advance(self.task)

    def problem(self, text: str) -> None:
        if text not in self.said:
            self.said.add(text)
            err.print(f"[yellow]{shown(text.split(':', 1)[0])}:[/]{shown(text.split(':', 1)[1]) if ':' in text else ''}", soft_wrap=True)
