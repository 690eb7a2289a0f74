"""Prompt templates (*.j2), one per LLM task, each with a version in its first line.

The version is part of every LLM cache key: changing a prompt means bumping its version, and the
next run asks the model again for exactly the modules whose prompt changed.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

from jinja2 import Environment, StrictUndefined, Template

RE_VERSION = re.compile(r"\{#-?\s*version:\s*([^\s#]+)\s*-?#\}")  # the version ends at a blank or #: linear


@functools.cache
def load(name: str) -> tuple[Template, str]:
    """(template, version) of ``prompts/<name>.j2``."""
    text = (resources.files("modernize.prompts") / f"{name}.j2").read_text(encoding="utf-8")
    match = RE_VERSION.search(text)
    if match is None:
        raise ValueError(f"prompt template {name}.j2 has no version line")
    environment = Environment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)
    return environment.from_string(text), f"{name}@{match.group(1)}"
