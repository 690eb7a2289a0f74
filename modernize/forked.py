"""Work spread over forked processes that inherit it: only indices go to the workers and only results
come back, so a stage over a large estate (its facts, its graph) is never pickled.

On a platform without ``fork``, with one job, or with too little work to pay for the processes,
everything runs here, in order; the results are the same either way.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")

_TASK: Callable[[int], Any] | None = None  # what the forked workers run, inherited at the fork


def _run(index: int) -> Any:
    assert _TASK is not None
    return _TASK(index)


def can_fork(jobs: int, count: int, threshold: int) -> bool:
    return jobs > 1 and count >= threshold and "fork" in multiprocessing.get_all_start_methods()


def forked_map(task: Callable[[int], T], count: int, jobs: int, threshold: int, chunksize: int = 16) -> list[T]:
    """``[task(0), …, task(count - 1)]``, computed by ``jobs`` forked processes when ``count`` reaches ``threshold``."""
    with forking(task, count, jobs, threshold, chunksize) as results:
        return results()


@contextmanager
def forking(task: Callable[[int], T], count: int, jobs: int, threshold: int, chunksize: int = 16) -> Iterator[Callable[[], list[T]]]:
    """Like ``forked_map``, but the workers start at once and the caller does other work meanwhile;
    the function it is given waits for the results. Here, without workers, that function computes them."""
    global _TASK
    if not can_fork(jobs, count, threshold):
        yield lambda: [task(index) for index in range(count)]
        return
    previous, _TASK = _TASK, task
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            pending = pool.map_async(_run, range(count), chunksize=chunksize)
            yield pending.get
    finally:
        _TASK = previous
