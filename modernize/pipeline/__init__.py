"""The orchestrator: an analysed repository as one typed ``Estate`` whose parts are computed by one
stage function each, lazily and once, and one writer that lays them out in OUT.

``scan`` (inventory and parsing) is the first stage; ``analyse`` is the Python API.
"""

from modernize.pipeline.parse import ExecutorUnavailable, ScanResult, build_context, run_parsers, scan

__all__ = ["ExecutorUnavailable", "ScanResult", "build_context", "run_parsers", "scan"]
