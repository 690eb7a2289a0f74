"""The cyclic garbage collector as a run over an estate wants it.

An estate's facts are millions of small objects that live for the whole run, and the front end
makes a tuple per token: with Python's default of a young collection every 700 allocations the
collector walks them again and again (a sixth of the front end's time on realistic programs).
The command line sets this once; benchmarks that time a stage in-process set it too, so they time
the stage as a run does.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

YOUNG_ALLOCATIONS = 100_000


def tune_for_estates() -> None:
    """Collect young cycles after 100 000 allocations, not 700 (parse trees with parent links are
    still collected, just in larger batches)."""
    gc.set_threshold(YOUNG_ALLOCATIONS, 50, 100)


@contextlib.contextmanager
def paused(freeze: bool = False) -> Iterator[None]:
    """The cyclic collector off while a block builds many objects that hold no reference cycles (or
    breaks its cycles before it ends): with it on, the collector walks the growing, live structures
    again and again and finds nothing to free. ``freeze``: what the block built lives on (facts for
    the whole run), so it is moved out of the collector's sight before it runs again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if freeze:
                gc.freeze()
            gc.enable()
