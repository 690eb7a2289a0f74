"""The cyclic garbage collector as a run over an estate wants it.

An estate's facts are millions of small objects that live for the whole run, and the front end
makes a tuple per token: with Python's default of a young collection every 700 allocations the
collector walks them again and again (a sixth of the front end's time on realistic programs).
The command line sets this once; benchmarks that time a stage in-process set it too, so they time
the stage as a run does.
"""

from __future__ import annotations

import gc

YOUNG_ALLOCATIONS = 100_000


def tune_for_estates() -> None:
    """Collect young cycles after 100 000 allocations, not 700 (parse trees with parent links are
    still collected, just in larger batches)."""
    gc.set_threshold(YOUNG_ALLOCATIONS, 50, 100)
