"""Options every command shares, turned into the typed settings of a run.

Precedence is explicit: command line > environment (``MODERNIZE_*``) > the user's own config >
the repository's ``modernize.toml`` > default. Which options were given is asked of click
(``get_parameter_source``), never guessed by comparing a value with its default.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from modernize.config import ConfigError, Settings, load_settings, user_config_path
from modernize.testgen.schedule import DEFAULT_BUDGET as DEFAULT_CAPTURE_BUDGET

EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class Failure(click.ClickException):
    """One clear line on stderr and an exit code (2: usage or configuration; 1: could not write)."""

    def __init__(self, message: str, exit_code: int = EXIT_USAGE):
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file: Any = None) -> None:
        from modernize.cli.render import err
        from modernize.cli.terminal import shown

        err.print(f"[red]modernize:[/] {shown(self.message)}", soft_wrap=True)


@dataclass
class Options:
    """What every analysing command starts from: the repository, its settings, and how much to say."""

    path: Path
    settings: Settings
    quiet: bool
    verbose: bool


def given(name: str) -> bool:
    """Whether the user gave this option, on the command line or in the environment."""
    context = click.get_current_context(silent=True)
    source = context.get_parameter_source(name) if context is not None else None
    return source in (ParameterSource.COMMANDLINE, ParameterSource.ENVIRONMENT)


SETTING_OPTIONS = {  # click parameter -> Settings attribute
    "exclude": "excludes", "copybook_path": "copybook_paths", "jobs": "jobs", "dask_scheduler": "dask_scheduler",
    "parse_timeout": "parse_timeout", "max_file_size": "max_file_size", "follow_symlinks": "follow_symlinks",
    "cache_dir": "cache_dir", "no_cache": "use_cache", "offline": "offline", "retry_timeouts": "retry_timeouts",
}


def analysis_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add the shared options and turn them into an ``Options`` first argument."""

    @click.argument("path", type=click.Path(exists=True, file_okay=False, path_type=Path))
    @click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), envvar="MODERNIZE_CONFIG",
                  help="Your settings file (default: ~/.config/modernize/config.toml); PATH/modernize.toml is read too.")
    @click.option("--exclude", multiple=True, metavar="PATTERN", help="Skip files matching this gitignore-style pattern (repeatable).")
    @click.option("--copybook-path", multiple=True, metavar="DIR", help="Search this directory (relative to PATH) for copybooks first (repeatable).")
    @click.option("-j", "--jobs", type=click.IntRange(min=0, max=1024), envvar="MODERNIZE_JOBS", help="Parser processes to run in parallel (default: one per core).")
    @click.option("--dask-scheduler", metavar="ADDRESS", help="Parse on a dask.distributed cluster (e.g. tcp://10.0.0.5:8786) instead of local processes.")
    @click.option("--parse-timeout", type=click.FloatRange(min=0.1, max=86_400), envvar="MODERNIZE_PARSE_TIMEOUT",
                  help="Seconds one file may take to parse before it is reported and skipped.")
    @click.option("--max-file-size", type=click.IntRange(min=1, max=1 << 40), help="Files larger than this many bytes are reported, not analysed.")
    @click.option("--follow-symlinks", is_flag=True, help="Follow symbolic links that point outside PATH.")
    @click.option("--cache-dir", type=click.Path(file_okay=False), envvar="MODERNIZE_CACHE_DIR", help="Where the store of cached facts lives (default: .modernize).")
    @click.option("--no-cache", is_flag=True, help="Parse everything again, ignoring cached facts.")
    @click.option("--offline", is_flag=True, help="Refuse any call to a language model.")
    @click.option("--trust-repo-config", is_flag=True, help="Also honour settings in PATH/modernize.toml that send data, connect, read outside PATH or set limits.")
    @click.option("--retry-timeouts", is_flag=True, help="Parse files again that timed out on an earlier run (by default the timeout is remembered).")
    @click.option("-q", "--quiet", is_flag=True, help="Print only errors and the final result.")
    @click.option("-v", "--verbose", is_flag=True, help="Also print warnings and informational diagnostics in full.")
    @functools.wraps(command)
    def wrapper(path: Path, config_path: Path | None, trust_repo_config: bool, quiet: bool, verbose: bool, **kwargs: Any) -> Any:
        given_settings = {attribute: kwargs.pop(name) for name, attribute in SETTING_OPTIONS.items()}
        overrides = {attribute: value for (name, attribute), value in zip(SETTING_OPTIONS.items(), given_settings.values(), strict=True)
                     if given(name)}
        if "use_cache" in overrides:
            overrides["use_cache"] = not overrides["use_cache"]
        try:
            settings = load_settings(path, config_path, trust_repo_config).with_options(**overrides)
        except ConfigError as exc:
            raise Failure(f"configuration error: {exc}") from exc
        if settings.ignored:
            from modernize.cli.render import warn

            warn(f"{path / 'modernize.toml'} is part of the analysed repository, so these settings in it are ignored: "
                 f"{', '.join(settings.ignored)} (give them on the command line or in your own config {user_config_path()}, "
                 "or pass --trust-repo-config)")
        try:
            return command(Options(path, settings, quiet, verbose), **kwargs)
        except OSError as exc:  # an unwritable output directory, a full disk: one clear line, not a traceback
            target = f" {exc.filename}" if getattr(exc, "filename", None) else ""
            raise Failure(f"cannot write{target}: {exc.strerror or exc}", EXIT_ERRORS) from exc

    return wrapper


LANG_OPTION = click.option("--lang", type=click.Choice(["en", "nl"]), default="en", show_default=True, envvar="MODERNIZE_LANG",
                           help="Language of documents and plan: English or Dutch.")
FORCE_OPTION = click.option("--force", is_flag=True, help="Write into OUTPUT even if it holds files modernize did not write.")


def llm_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Options of the optional language-model layer; without --model nothing is sent anywhere."""
    for option in reversed([
        click.option("--model", metavar="MODEL", envvar="MODERNIZE_MODEL", help="litellm model string (ollama/…, openai/…, azure/…); enables narratives."),
        click.option("--api-base", metavar="URL", envvar="MODERNIZE_API_BASE", help="Endpoint of the model server (e.g. an on-premises vLLM or Ollama)."),
        click.option("--llm-concurrency", type=click.IntRange(min=1, max=256), default=8, show_default=True, help="Model requests in flight at once."),
        click.option("--llm-timeout", type=click.FloatRange(min=1, max=86_400), default=120.0, show_default=True, help="Seconds one model request may take."),
        click.option("--llm-max-tokens", type=click.IntRange(min=64, max=8192), default=8192, show_default=True,
                     help="Tokens one answer may have (1024 keeps a small local model from rambling)."),
        click.option("--redact", is_flag=True, help="Mask literals, BSNs, IBANs, e-mail addresses and JCL passwords before anything is sent."),
        click.option("--dry-run", is_flag=True, help="Show what would be sent to the model, and the token estimate; send nothing."),
    ]):
        command = option(command)
    return command


def model_settings(options: Options, lang: str, llm: dict[str, Any]) -> Any:
    """LLMSettings from the options over the settings' [llm] table; None without a model. Says which
    endpoint receives code before anything is sent."""
    configured = options.settings.llm
    model = llm.get("model") or configured.get("model")
    if not model:
        return None
    if options.settings.offline:
        raise Failure("--offline refuses every model call: drop --model or --offline.")
    from modernize.document.llm import LLMSettings

    settings = LLMSettings(
        model=model, api_base=llm.get("api_base") or configured.get("api_base"),
        concurrency=llm["llm_concurrency"] if given("llm_concurrency") else int(configured.get("concurrency", llm["llm_concurrency"])),
        timeout=llm["llm_timeout"] if given("llm_timeout") else float(configured.get("timeout", llm["llm_timeout"])),
        max_tokens=llm["llm_max_tokens"] if given("llm_max_tokens") else int(configured.get("max_tokens", llm["llm_max_tokens"])),
        redact=bool(llm.get("redact") or configured.get("redact")), lang=lang, dry_run=bool(llm.get("dry_run")))
    if not settings.dry_run and not options.quiet:
        from modernize.cli.render import say

        endpoint = settings.api_base or "the provider's default endpoint"
        say(f"sending source code to model {model} at {endpoint}" + (" (redacted)" if settings.redact else ""), stderr=True)
    return settings


def capture_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Running the estate's programs for golden masters is something the user asks for."""
    command = click.option("--capture-unsandboxed", is_flag=True,
                           help="With --capture: run the programs even where no sandbox (bubblewrap) is available.")(command)
    command = click.option("--capture-budget", type=click.FloatRange(min=0), default=DEFAULT_CAPTURE_BUDGET, show_default=True,
                           metavar="SECONDS", help="With --capture: seconds for all programs' captures together (several at once); "
                                                    "programs not started by then are named in the summary. 0: no limit.")(command)
    return click.option("--capture/--no-capture", default=None,
                        help="Compile and run the estate's batch programs (GnuCOBOL, in a bubblewrap sandbox) to record golden "
                             "masters. Off by default: the analysed repository's code never runs unless you ask "
                             "([tests] capture = true in your own config asks too).")(command)


def capture_report(capture: Any) -> list[str]:
    """What the capture could not do, one line each: problems, and the programs the budget left no time for."""
    if capture is None:
        return []
    lines = [f"capture: {problem}" for problem in capture.problems]
    if capture.not_captured:
        names = ", ".join(capture.not_captured[:20]) + (f" … +{len(capture.not_captured) - 20}" if len(capture.not_captured) > 20 else "")
        lines.append(f"capture: the budget of {capture.budget:g} s (--capture-budget) ran out: {len(capture.not_captured)} program(s) "
                     f"not captured, their tests skip until a capture records them: {names}")
    return lines


def capture_sandbox(options: Options, capture: bool | None, unsandboxed: bool) -> Any:
    """The sandbox golden masters are captured in, or None when nothing of the estate may run. No
    sandbox available and no --capture-unsandboxed: one clear line and exit 2, before any work."""
    from modernize.cli.render import warn
    from modernize.sandbox import SandboxUnavailable, get_sandbox
    from modernize.testgen.legacy import cobc

    if not (options.settings.capture if capture is None else capture):
        return None
    if cobc() is None:
        warn("GnuCOBOL (cobc) is not installed: golden masters are not captured; the tests will skip until they are")
        return None
    try:
        sandbox = get_sandbox(unsandboxed)
    except SandboxUnavailable as problem:
        raise Failure(f"--capture refused: {problem}") from problem
    if not sandbox.isolated and not options.quiet:
        warn("the estate's programs run without a sandbox (--capture-unsandboxed): only CPU, memory and time limits hold")
    return sandbox
