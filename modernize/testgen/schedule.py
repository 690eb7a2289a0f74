"""Golden-master capture over many programs: in parallel, within a total time budget.

Capturing compiles and runs every batch program in the sandbox, one case after another; on a real
estate, one program after another took longer than users wait. Programs are captured by a pool of
workers (threads: each waits on its sandboxed processes), the first one alone, because it builds
the library of modules every later program links with. When the budget is spent no program is
started any more: those are named, so the run summary can say what was not captured and why.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

DEFAULT_BUDGET = 600.0  # seconds for every capture of a run together


@dataclass
class Scheduled(Generic[Result]):
    """What a budgeted pool did: the result of each item it ran (by name), and the items it did not
    start because the budget was spent."""

    results: dict[str, Result] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    budget: float | None = None


def within_budget(items: Sequence[Item], name: Callable[[Item], str], work: Callable[[Item, bool], Result],
                  budget: float | None, jobs: int = 0, clock: Callable[[], float] = time.monotonic) -> Scheduled[Result]:
    """``work(item, may_run)`` for every item, the first alone and the rest on ``jobs`` workers (default:
    one per core). Once ``budget`` seconds have passed, items are still handed to ``work`` with
    ``may_run`` false (it may still answer from what an earlier run kept) and are named as skipped when
    it returns None. ``budget`` None or 0 means no limit."""
    done: Scheduled[Result] = Scheduled(budget=budget or None)
    if not items:
        return done
    deadline = clock() + budget if budget else None
    lock = threading.Lock()

    def one(item: Item) -> None:
        late = deadline is not None and clock() >= deadline
        result = work(item, not late)
        with lock:
            if result is not None:
                done.results[name(item)] = result
            elif late:
                done.skipped.append(name(item))

    one(items[0])
    with ThreadPoolExecutor(max(1, jobs or os.cpu_count() or 1)) as pool:
        list(pool.map(one, items[1:]))
    order = {name(item): index for index, item in enumerate(items)}
    done.skipped.sort(key=order.__getitem__)
    return done
