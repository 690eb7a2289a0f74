"""Settings from ``modernize.toml`` (repository root or ``--config``), then command-line flags.

Unknown keys and wrong types are errors that name the key and the file: a typo in a setting should
never be silently ignored on a run that takes an hour.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from modernize.inventory import DEFAULT_MAX_FILE_SIZE

CONFIG_FILE = "modernize.toml"


class ConfigError(ValueError):
    """A configuration problem, with the file and key in its message."""


@dataclass(frozen=True)
class Settings:
    excludes: tuple[str, ...] = ()
    copybook_paths: tuple[str, ...] = ()
    encodings: dict[str, str] = field(default_factory=dict)
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    parse_timeout: float = 120.0
    jobs: int = 0
    dask_scheduler: str | None = None
    follow_symlinks: bool = False
    cache_dir: str = ".modernize"
    use_cache: bool = True
    offline: bool = False
    plan: dict[str, Any] = field(default_factory=dict)
    llm: dict[str, Any] = field(default_factory=dict)

    @property
    def worker_count(self) -> int:
        return self.jobs if self.jobs > 0 else max(1, os.cpu_count() or 1)

    def with_options(self, **options: Any) -> Settings:
        """Overlay command-line options (None means 'not given')."""
        given = {k: v for k, v in options.items() if v is not None and v != ()}
        for key in ("excludes", "copybook_paths"):
            if key in given:
                given[key] = tuple(getattr(self, key)) + tuple(given[key])
        return replace(self, **given)


# key in [modernize] table -> (attribute, expected type, description)
KEYS: dict[str, tuple[str, type | tuple[type, ...], str]] = {
    "exclude": ("excludes", list, "gitignore-style patterns of files to skip"),
    "copybook_paths": ("copybook_paths", list, "directories (relative to the repository) searched for copybooks first"),
    "encodings": ("encodings", dict, "glob -> encoding, e.g. {\"legacy/*.cbl\" = \"cp500\"}"),
    "max_file_size": ("max_file_size", int, "files larger than this many bytes are reported, not analysed"),
    "parse_timeout": ("parse_timeout", (int, float), "seconds one file may take to parse"),
    "jobs": ("jobs", int, "parallel parser processes (0 = one per core)"),
    "dask_scheduler": ("dask_scheduler", str, "address of a dask.distributed scheduler that runs the parse stage"),
    "follow_symlinks": ("follow_symlinks", bool, "follow symbolic links that leave the repository"),
}


def load_settings(root: Path, config_path: Path | None = None) -> Settings:
    """Read ``modernize.toml`` from ``config_path`` or the repository root; defaults when absent."""
    path = config_path or Path(root) / CONFIG_FILE
    if not path.is_file():
        if config_path is not None:
            raise ConfigError(f"{path}: configuration file not found")
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    plan = validate_plan(data.get("plan", {}), path)
    llm = validate_llm(data.get("llm", {}), path)
    table = data.get("modernize", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [modernize] must be a table")
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in KEYS:
            known = ", ".join(sorted(KEYS))
            raise ConfigError(f"{path}: unknown key modernize.{key} (known keys: {known})")
        attribute, expected, description = KEYS[key]
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise ConfigError(f"{path}: modernize.{key} has the wrong type: expected {description}")
        values[attribute] = tuple(str(v) for v in value) if isinstance(value, list) else value
    return Settings(**values, plan=plan, llm=llm)


LLM_KEYS = {"model": str, "api_base": str, "concurrency": int, "timeout": (int, float), "redact": bool}


def validate_llm(table: Any, path: Path) -> dict[str, Any]:
    """The [llm] table: defaults for --model, --api-base, --llm-concurrency, --llm-timeout, --redact."""
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [llm] must be a table")
    for key, value in table.items():
        if key not in LLM_KEYS:
            raise ConfigError(f"{path}: unknown key llm.{key} (known keys: {', '.join(sorted(LLM_KEYS))})")
        expected = LLM_KEYS[key]
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise ConfigError(f"{path}: llm.{key} has the wrong type")
    return dict(table)


PLAN_KEYS = {"strategy": str, "pin": list, "exclude": list, "rename": dict, "effort": dict}
EFFORT_KEYS = ("hours_per_kloc", "complexity_per_kloc_baseline", "risk_weight", "low", "high", "hours_per_day")


def validate_plan(table: Any, path: Path) -> dict[str, Any]:
    """The [plan] table: strategy, pin (groups of programs kept together), exclude, rename, effort."""
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [plan] must be a table")
    for key, value in table.items():
        if key not in PLAN_KEYS:
            raise ConfigError(f"{path}: unknown key plan.{key} (known keys: {', '.join(sorted(PLAN_KEYS))})")
        if not isinstance(value, PLAN_KEYS[key]):
            raise ConfigError(f"{path}: plan.{key} has the wrong type: expected {PLAN_KEYS[key].__name__}")
    if table.get("strategy", "strangler") not in ("strangler", "data"):
        raise ConfigError(f"{path}: plan.strategy must be \"strangler\" or \"data\"")
    if any(not isinstance(group, list) for group in table.get("pin", [])):
        raise ConfigError(f"{path}: plan.pin must be a list of lists of program names")
    for key, value in table.get("effort", {}).items():
        if key not in EFFORT_KEYS or not isinstance(value, (int, float)) or isinstance(value, bool):
            raise ConfigError(f"{path}: plan.effort.{key}: expected a number, one of {', '.join(EFFORT_KEYS)}")
    return dict(table)
