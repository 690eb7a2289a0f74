"""Settings from the user's own config file, the analysed repository's ``modernize.toml``, the
environment and command-line flags.

The analysed repository is untrusted input, so its ``modernize.toml`` may describe the repository
(excludes, encodings, copybook directories inside it, plan choices) but may not widen what the
tool sends, connects to, reads or spends: settings in ``TRUSTED_ONLY`` are taken from the user's
file (``--config``, ``$MODERNIZE_CONFIG`` or the per-user ``~/.config/modernize/config.toml``) and
the command line, and from the repository only with ``--trust-repo-config``. Each ignored key is
named in one warning.

Unknown keys, wrong types and values out of bounds are errors that name the key and the file: a
typo in a setting should never be silently ignored on a run that takes an hour.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from modernize.inventory import DEFAULT_MAX_FILE_SIZE

CONFIG_FILE = "modernize.toml"
USER_CONFIG_ENV = "MODERNIZE_CONFIG"


class ConfigError(ValueError):
    """A configuration problem, with the file and key in its message."""


@dataclass(frozen=True)
class Settings:
    excludes: tuple[str, ...] = ()
    copybook_paths: tuple[str, ...] = ()
    encodings: dict[str, str] = field(default_factory=dict)
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    parse_timeout: float = 120.0
    retry_timeouts: bool = False
    jobs: int = 0
    dask_scheduler: str | None = None
    follow_symlinks: bool = False
    cache_dir: str = ".modernize"
    use_cache: bool = True
    offline: bool = False
    capture: bool = False
    plan: dict[str, Any] = field(default_factory=dict)
    llm: dict[str, Any] = field(default_factory=dict)
    ignored: tuple[str, ...] = ()  # repository settings not honoured (named in a warning)

    @property
    def worker_count(self) -> int:
        return self.jobs if self.jobs > 0 else max(1, os.cpu_count() or 1)

    def with_options(self, **options: Any) -> Settings:
        """Overlay command-line options (None means 'not given')."""
        given = {k: v for k, v in options.items() if v is not None and v != ()}
        for key in ("excludes", "copybook_paths"):
            if key in given:
                given[key] = tuple(getattr(self, key)) + tuple(given[key])
        check_bounds(given, "the command line")
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
# (lowest, highest) for numbers; out of bounds is a ConfigError, never a traceback later.
BOUNDS: dict[str, tuple[float, float]] = {
    "max_file_size": (1, 1 << 40),
    "parse_timeout": (0.1, 86_400),
    "jobs": (0, 1024),
}
LLM_BOUNDS = {"concurrency": (1, 256), "timeout": (1, 86_400), "max_tokens": (64, 8192)}
# Settings that send data, open connections, read outside the repository or set resource limits.
TRUSTED_ONLY = {
    "modernize": ("dask_scheduler", "follow_symlinks", "jobs", "parse_timeout", "max_file_size"),
    "llm": ("model", "api_base", "concurrency", "timeout", "max_tokens"),
}


def user_config_path() -> Path:
    """The user's own settings file: $MODERNIZE_CONFIG, else $XDG_CONFIG_HOME/modernize/config.toml."""
    if os.environ.get(USER_CONFIG_ENV):
        return Path(os.environ[USER_CONFIG_ENV])
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "modernize" / "config.toml"


def load_settings(root: Path, config_path: Path | None = None, trust_repo_config: bool = False) -> Settings:
    """The user's file (``config_path`` or the per-user file; trusted), under it the repository's
    ``modernize.toml`` (only what cannot widen trust, unless ``trust_repo_config``); defaults when
    neither exists."""
    if config_path is not None and not Path(config_path).is_file():
        raise ConfigError(f"{config_path}: configuration file not found")
    user_path = Path(config_path) if config_path is not None else user_config_path()
    repo_path = Path(root) / CONFIG_FILE
    same = user_path.is_file() and repo_path.is_file() and user_path.resolve() == repo_path.resolve()
    repo = {} if same or not repo_path.is_file() else read_config(repo_path)
    user = read_config(user_path) if user_path.is_file() else {}
    ignored: list[str] = []
    if not trust_repo_config:
        for table, keys in TRUSTED_ONLY.items():
            for key in keys:
                if key in repo.get(table, {}):
                    del repo[table][key]
                    ignored.append(f"{table}.{key}")
        inside, outside = paths_inside(Path(root), repo.get("modernize", {}).get("copybook_paths", []))
        if outside:
            repo["modernize"]["copybook_paths"] = inside
            ignored.append("modernize.copybook_paths outside the repository (" + ", ".join(outside) + ")")
    if repo.get("tests", {}).pop("capture", None) is not None:
        ignored.append("tests.capture (the estate's code runs only when you ask: --capture or your own config)")
    for values, path in ((repo, repo_path), (user, user_path)):  # what is honoured must be within bounds
        for table, bounds in (("modernize", BOUNDS), ("llm", LLM_BOUNDS)):
            for key, value in values.get(table, {}).items():
                if key in bounds:
                    check_number(value, bounds[key], f"{path}: {table}.{key}")
    merged = merge(repo, user)
    return settings_from(merged, tuple(ignored))


def read_config(path: Path) -> dict[str, dict[str, Any]]:
    """One file, validated: {table: {key: value}} with the values checked against the schema."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read: {exc.strerror or exc}") from exc
    unknown = sorted(set(data) - {"modernize", "plan", "llm", "tests"})
    if unknown:
        raise ConfigError(f"{path}: unknown table [{unknown[0]}] (known tables: llm, modernize, plan, tests)")
    table = data.get("modernize", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [modernize] must be a table")
    for key, value in table.items():
        if key not in KEYS:
            known = ", ".join(sorted(KEYS))
            raise ConfigError(f"{path}: unknown key modernize.{key} (known keys: {known})")
        _attribute, expected, description = KEYS[key]
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise ConfigError(f"{path}: modernize.{key} has the wrong type: expected {description}")
    return {"modernize": dict(table), "plan": validate_plan(data.get("plan", {}), path),
            "llm": validate_llm(data.get("llm", {}), path), "tests": validate_tests(data.get("tests", {}), path)}


def merge(lower: dict[str, dict[str, Any]], upper: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """``upper`` wins key by key; lists of patterns and directories are joined."""
    merged: dict[str, dict[str, Any]] = {}
    for table in ("modernize", "plan", "llm", "tests"):
        merged[table] = dict(lower.get(table, {}))
        for key, value in upper.get(table, {}).items():
            if table == "modernize" and key in ("exclude", "copybook_paths"):
                merged[table][key] = list(merged[table].get(key, [])) + list(value)
            else:
                merged[table][key] = value
    return merged


def settings_from(merged: dict[str, dict[str, Any]], ignored: tuple[str, ...]) -> Settings:
    values: dict[str, Any] = {}
    for key, value in merged["modernize"].items():
        attribute = KEYS[key][0]
        values[attribute] = tuple(str(v) for v in value) if isinstance(value, list) else value
    return Settings(**values, plan=merged["plan"], llm=merged["llm"], capture=bool(merged["tests"].get("capture", False)),
                    ignored=ignored)


@dataclass(frozen=True)
class CopybookDirectory:
    """A configured copybook directory: as given, where it is, and whether it is inside the repository
    (one outside it is a shared copy library: read only when the user says so, and part of the run stamp)."""

    given: str
    path: Path
    inside: bool


def copybook_directories(root: Path, paths: tuple[str, ...] | list[str]) -> list[CopybookDirectory]:
    """The one place that decides whether a copybook directory is inside the repository."""
    base = Path(root).resolve()
    found = []
    for given in paths:
        directory = (base / str(given)).resolve()
        found.append(CopybookDirectory(str(given), directory, directory == base or base in directory.parents))
    return found


def paths_inside(root: Path, paths: list[str]) -> tuple[list[str], list[str]]:
    """Split copybook directories into those inside the repository and those outside it."""
    directories = copybook_directories(root, paths)
    return [d.given for d in directories if d.inside], [d.given for d in directories if not d.inside]


def check_number(value: Any, bounds: tuple[float, float], where: str) -> None:
    low, high = bounds
    if not low <= value <= high:
        raise ConfigError(f"{where} = {value!r} is out of bounds: expected {low:g} to {high:g}")


def check_bounds(given: dict[str, Any], where: str) -> None:
    for key, value in given.items():
        if key in BOUNDS and isinstance(value, (int, float)):
            check_number(value, BOUNDS[key], f"{where}: {key}")


LLM_KEYS = {"model": str, "api_base": str, "concurrency": int, "timeout": (int, float), "max_tokens": int, "redact": bool}


def validate_llm(table: Any, path: Path) -> dict[str, Any]:
    """The [llm] table: defaults for --model, --api-base, --llm-concurrency, --llm-timeout, --llm-max-tokens, --redact."""
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [llm] must be a table")
    for key, value in table.items():
        if key not in LLM_KEYS:
            raise ConfigError(f"{path}: unknown key llm.{key} (known keys: {', '.join(sorted(LLM_KEYS))})")
        expected = LLM_KEYS[key]
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise ConfigError(f"{path}: llm.{key} has the wrong type")
    return dict(table)


def validate_tests(table: Any, path: Path) -> dict[str, Any]:
    """The [tests] table: ``capture`` runs the legacy programs (sandboxed) for golden masters."""
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tests] must be a table")
    for key, value in table.items():
        if key != "capture":
            raise ConfigError(f"{path}: unknown key tests.{key} (known keys: capture)")
        if not isinstance(value, bool):
            raise ConfigError(f"{path}: tests.capture must be true or false")
    return dict(table)


PLAN_KEYS = {"strategy": str, "pin": list, "exclude": list, "rename": dict, "effort": dict, "shared": list,
             "shared_min_callers": int, "max_step_share": float, "organisation": str, "version": str, "status": str, "date": str}
EFFORT_KEYS = ("hours_per_kloc", "complexity_per_kloc_baseline", "risk_weight", "low", "high", "hours_per_day", "hours_per_fp")


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
    if isinstance(table.get("shared_min_callers"), bool) or not 1 <= table.get("shared_min_callers", 3) <= 1_000_000:
        raise ConfigError(f"{path}: plan.shared_min_callers must be a whole number from 1 to 1000000")
    if not 0 < table.get("max_step_share", 0.5) <= 1:
        raise ConfigError(f"{path}: plan.max_step_share must be a fraction above 0, at most 1 (0.34 is a third)")
    if table.get("date") and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", table["date"]):
        raise ConfigError(f"{path}: plan.date must be an ISO date (YYYY-MM-DD)")
    for key, value in table.get("effort", {}).items():
        if key not in EFFORT_KEYS or not isinstance(value, (int, float)) or isinstance(value, bool):
            raise ConfigError(f"{path}: plan.effort.{key}: expected a number, one of {', '.join(EFFORT_KEYS)}")
        if not 0 <= value <= 1e6:
            raise ConfigError(f"{path}: plan.effort.{key} = {value!r} is out of bounds: expected 0 to 1e6")
    return dict(table)


# An example value per key, for ``modernize init`` (the descriptions come from the schemas above).
EXAMPLE_VALUES = {
    "modernize": {"exclude": '["old/", "*.lst"]', "copybook_paths": '["copylib"]', "encodings": '{ "legacy/*" = "cp500" }',
                  "max_file_size": "33554432", "parse_timeout": "120", "jobs": "0", "follow_symlinks": "false",
                  "dask_scheduler": '"tcp://10.0.0.5:8786"'},
    "plan": {"strategy": '"strangler"', "pin": '[["PGMA", "PGMB"]]', "exclude": '["OLDPGM"]', "rename": '{ PGMA = "Intake" }',
             "shared": '["ABENDPGM"]', "shared_min_callers": "3", "max_step_share": "0.34",
             "organisation": '"Gemeente Voorbeeld"', "version": '"1.0"', "status": '"draft"', "date": '"2026-01-31"',
             "effort": "{ " + ", ".join(f"{k} = {v}" for k, v in (("hours_per_kloc", 160), ("complexity_per_kloc_baseline", 120),
                                                                   ("risk_weight", 0.15), ("low", 0.8), ("high", 1.5), ("hours_per_day", 8),
                                                                   ("hours_per_fp", 8))) + " }"},
    "llm": {"model": '"openai/qwen2.5-coder"', "api_base": '"http://localhost:8000/v1"', "concurrency": "8", "timeout": "120",
            "max_tokens": "8192", "redact": "true"},
    "tests": {"capture": "true"},
}
DESCRIPTIONS = {
    "plan": {"strategy": 'or "data": group programs by the data they write', "pin": "programs that must be replaced together",
             "exclude": "programs left out of the plan", "rename": "step title, by the step's main program",
             "shared": "programs always in the shared services step (kept as a library old and new both call)",
             "shared_min_callers": "callers that make a utility (no callees, screens or entry of its own) a shared service",
             "max_step_share": "the largest share of the programs one step may hold, unless a call cycle or pin forces more",
             "effort": "the effort models' parameters (code size; hours_per_fp for function points)",
             "organisation": "the annex's author and title page",
             "version": "the annex's version", "status": "the annex's status (draft, final…)",
             "date": "the annex's date; default SOURCE_DATE_EPOCH or today"},

    "llm": {"model": "any litellm model string (ollama/..., azure/..., ...)", "api_base": "an on-premises OpenAI-compatible server",
            "concurrency": "model requests in flight at once", "timeout": "seconds one request may take",
            "max_tokens": "tokens one answer may have (1024 for a small local model)",
            "redact": "mask literals, BSNs, IBANs, e-mail, JCL passwords"},
    "tests": {"capture": "run the legacy programs (sandboxed) for golden masters; only from your own config"},
}
HEADERS = {"llm": "# Without a model nothing is sent anywhere. Command-line options override these.\n"}


def example_config() -> str:
    """A commented modernize.toml with every key of every table, made from the schemas above."""
    lines = ["# modernize.toml: settings for `modernize` on this repository (all keys optional).",
             "# Keys marked (trusted) are honoured from this file only with --trust-repo-config; put them in your",
             "# own ~/.config/modernize/config.toml or on the command line instead. [tests] is read from your own file only."]
    for table, examples in EXAMPLE_VALUES.items():
        lines += ["", f"[{table}]"]
        if table in HEADERS:
            lines.append(HEADERS[table].rstrip())
        for key, value in examples.items():
            description = KEYS[key][2] if table == "modernize" else DESCRIPTIONS[table][key]
            trusted = " (trusted)" if key in TRUSTED_ONLY.get(table, ()) else ""
            lines.append(f"# {key} = {value}".ljust(40) + f" # {description}{trusted}")
    return "\n".join(lines) + "\n"
