"""What a run's outputs are a function of, as one hash: an unchanged rerun writes nothing at all."""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from modernize import __version__
from modernize.config import copybook_directories

# Settings that do not change any output: where the cache is, how parsing is spread, what is retried.
NOT_IN_STAMP = ("cache_dir", "jobs", "use_cache", "dask_scheduler", "retry_timeouts", "capture", "ignored")


@functools.cache
def code_version() -> str:
    """Changes whenever modernize's code, templates or prompts do (read once per process)."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".j2", ".js", ".css") and path.is_file():
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def run_stamp(estate: Any, part: str) -> str:
    """The files and their content, copybook libraries outside the repository, the settings, the
    run's options, modernize's own code, and whether golden masters are captured."""
    settings = {k: v for k, v in asdict(estate.settings).items() if k not in NOT_IN_STAMP}
    libraries = []  # copybook directories outside the repository (a shared copy library) count too
    for found in copybook_directories(estate.root, estate.settings.copybook_paths):
        if not found.inside and found.path.is_dir():
            libraries += [(str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(found.path.rglob("*")) if p.is_file()]
    options = estate.options
    inputs = {"files": [(f.path, f.sha256, f.kind, f.encoding) for f in estate.files], "libraries": libraries,
              "settings": repr(sorted(settings.items())), "lang": options.lang, "mask_findings": options.mask_findings,
              "strategy": options.strategy, "code": code_version(), "capture": options.sandbox is not None, "name": estate.name,
              "part": part}
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode("utf-8", "backslashreplace")).hexdigest()
