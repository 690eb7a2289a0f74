"""modernize: take apart and replace legacy mainframe estates, step by step.

The Python API, for notebooks and scripts::

    import modernize

    estate = modernize.analyse("path/to/repository")   # nothing is computed yet
    estate.graph                                        # facts, then the dependency graph (networkx)
    estate.plan.steps                                   # the replacement plan
    estate.documents["TSB010"].text                     # one module's document (Markdown)
    estate.write("out")                                 # every output, as `modernize run` writes them
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from modernize.pipeline.estate import Estate


def analyse(path: Any, **options: Any) -> Estate:
    """An ``Estate`` for the repository at ``path`` (see ``modernize.pipeline.estate.analyse``)."""
    from modernize.pipeline.estate import analyse as analyse_estate

    return analyse_estate(path, **options)


__all__ = ["__version__", "analyse"]
