"""The ``modernize`` command line: thin click commands that call a stage and print with rich.

Exit codes: 0 success (diagnostics may exist), 1 analysis finished with errors in some files,
2 usage or configuration error, 130 interrupted.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from modernize import __version__
from modernize.config import ConfigError, Settings, load_settings, user_config_path
from modernize.findings import Finding, find_sensitive, findings_json
from modernize.findings import summary as findings_summary
from modernize.inventory import read_text
from modernize.model import dumps
from modernize.output import (
    OutputNotOurs,
    claim_output,
    remove_stale_temporaries,
    write_manifest,
    write_text_atomic,
)
from modernize.pipeline import ExecutorUnavailable, ScanResult, scan
from modernize.store import Store
from modernize.terminal import shown, visible

EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
DIAGNOSTICS_SHOWN = 20

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


class Options:
    """Options every analysing command shares, resolved into Settings."""

    def __init__(self, path: Path, settings: Settings, quiet: bool, verbose: bool):
        self.path = path
        self.settings = settings
        self.quiet = quiet
        self.verbose = verbose


def analysis_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add the shared options and turn them into an ``Options`` first argument."""

    @click.argument("path", type=click.Path(exists=True, file_okay=False, path_type=Path))
    @click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), help="Settings file (default: PATH/modernize.toml).")
    @click.option("--exclude", multiple=True, metavar="PATTERN", help="Skip files matching this gitignore-style pattern (repeatable).")
    @click.option("--copybook-path", multiple=True, metavar="DIR", help="Search this directory (relative to PATH) for copybooks first (repeatable).")
    @click.option("-j", "--jobs", type=click.IntRange(min=0), help="Parser processes to run in parallel (default: one per core).")
    @click.option("--dask-scheduler", metavar="ADDRESS", help="Parse on a dask.distributed cluster (e.g. tcp://10.0.0.5:8786) instead of local processes.")
    @click.option("--parse-timeout", type=click.FloatRange(min=0.1), help="Seconds one file may take to parse before it is reported and skipped.")
    @click.option("--max-file-size", type=click.IntRange(min=1), help="Files larger than this many bytes are reported, not analysed.")
    @click.option("--follow-symlinks", is_flag=True, default=None, help="Follow symbolic links that point outside PATH.")
    @click.option("--cache-dir", type=click.Path(file_okay=False), help="Where the store of cached facts lives (default: .modernize).")
    @click.option("--no-cache", is_flag=True, help="Parse everything again, ignoring cached facts.")
    @click.option("--offline", is_flag=True, help="Refuse any call to a language model.")
    @click.option("--trust-repo-config", is_flag=True, help="Also honour settings in PATH/modernize.toml that send data, connect, read outside PATH or set limits.")
    @click.option("--retry-timeouts", is_flag=True, help="Parse files again that timed out on an earlier run (by default the timeout is remembered).")
    @click.option("-q", "--quiet", is_flag=True, help="Print only errors and the final result.")
    @click.option("-v", "--verbose", is_flag=True, help="Also print warnings and informational diagnostics in full.")
    @functools.wraps(command)
    def wrapper(path: Path, config_path: Path | None, exclude: tuple[str, ...], copybook_path: tuple[str, ...],
                jobs: int | None, dask_scheduler: str | None, parse_timeout: float | None, max_file_size: int | None, follow_symlinks: bool | None,
                cache_dir: str | None, no_cache: bool, offline: bool, trust_repo_config: bool, retry_timeouts: bool, quiet: bool,
                verbose: bool, **kwargs: Any) -> Any:
        try:
            settings = load_settings(path, config_path, trust_repo_config).with_options(
                excludes=exclude, copybook_paths=copybook_path, jobs=jobs, dask_scheduler=dask_scheduler, parse_timeout=parse_timeout,
                max_file_size=max_file_size, follow_symlinks=follow_symlinks, cache_dir=cache_dir,
                use_cache=False if no_cache else None, offline=offline or None, retry_timeouts=retry_timeouts or None,
            )
        except ConfigError as exc:
            err.print(f"[red]configuration error:[/] {shown(exc)}", soft_wrap=True)
            sys.exit(EXIT_USAGE)
        if settings.ignored:
            err.print(f"[yellow]warning:[/] {shown(path / 'modernize.toml')} is part of the analysed repository, so these settings in it "
                      f"are ignored: {shown(', '.join(settings.ignored))} (give them on the command line or in your own config "
                      f"{shown(user_config_path())}, or pass --trust-repo-config)", soft_wrap=True)
        try:
            return command(Options(path, settings, quiet, verbose), **kwargs)
        except OSError as exc:
            # An unwritable output directory, a full disk: one clear line, not a traceback.
            target = f" {shown(exc.filename)}" if getattr(exc, "filename", None) else ""
            err.print(f"[red]modernize: cannot write{target}:[/] {shown(exc.strerror or exc)}", soft_wrap=True)
            sys.exit(EXIT_ERRORS)

    return wrapper


_reported: set[str] = set()


@contextlib.contextmanager
def open_store(settings: Settings) -> Any:
    """The store, with each of its problems (damaged, foreign, unwritable) said once per command."""
    with Store(Path(settings.cache_dir)) as store:
        try:
            yield store
        finally:
            for problem in store.problems:
                if problem not in _reported:
                    _reported.add(problem)
                    err.print(f"[yellow]store:[/] {shown(problem)}", soft_wrap=True)


def add_row(table: Table, *cells: str, **style: Any) -> None:
    """A table row whose cells (names and paths from the estate) print literally."""
    table.add_row(*(shown(cell) for cell in cells), **style)


def run_scan(options: Options) -> ScanResult:
    """Scan with a progress bar over the files that need parsing; Ctrl-C stops cleanly."""
    settings = options.settings
    try:
        with open_store(settings) as store:
            run_id = store.start_run("scan", str(options.path.resolve()))
            with Progress(
                TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
                TimeElapsedColumn(), TimeRemainingColumn(), console=err, disable=options.quiet, transient=True,
            ) as progress:
                task = progress.add_task("inventory", total=None)

                def inventoried(count: int) -> None:
                    progress.update(task, description="parsing", total=count, completed=0)

                def parsed(path: str) -> None:
                    progress.advance(task)

                result = scan(options.path, settings, store, on_inventory=inventoried, on_parsed=parsed)
            store.finish_run(run_id, "errors" if result.errors else "ok", summary_counts(result))
    except ExecutorUnavailable as exc:
        err.print(f"[red]modernize:[/] {shown(exc)}", soft_wrap=True)
        sys.exit(EXIT_USAGE)
    except KeyboardInterrupt:
        err.print("[yellow]interrupted:[/] facts parsed so far are kept in the store; run the command again to resume.")
        sys.exit(EXIT_INTERRUPTED)
    return result


def summary_counts(result: ScanResult) -> dict[str, Any]:
    severities = Counter(d.severity for d in result.diagnostics)
    return {
        "files": len(result.files),
        "lines": sum(f.lines for f in result.files),
        "modules": len(result.modules),
        "parsed": result.parsed,
        "cached": result.cached,
        "errors": severities["error"],
        "warnings": severities["warning"],
        "infos": severities["info"],
    }


def print_summary(result: ScanResult, options: Options) -> None:
    """Inventory by kind and language, modules, diagnostics: the table a team reads first."""
    if options.quiet:
        return
    table = Table(title=f"Inventory of {shown(options.path)}", title_justify="left")
    table.add_column("kind")
    table.add_column("language")
    table.add_column("files", justify="right")
    table.add_column("lines", justify="right")
    groups: dict[tuple[str, str], list[int]] = {}
    for f in result.files:
        counts = groups.setdefault((f.kind, f.language), [0, 0])
        counts[0] += 1
        counts[1] += f.lines
    for (kind, language), (files, lines) in sorted(groups.items()):
        add_row(table, kind, language, str(files), f"{lines:,}")
    table.add_section()
    add_row(table, "total", "", str(len(result.files)), f"{sum(f.lines for f in result.files):,}", style="bold")
    out.print(table)

    out.print(facts_table(result, options.verbose))
    if options.verbose:
        out.print(steps_table(result))
    out.print(
        f"parsed {result.parsed} file(s), {result.cached} from cache"
        + (f", {result.not_analysed} in languages without a parser yet" if result.not_analysed else "")
    )
    if result.inventory.unclassified:
        out.print(f"[yellow]{len(result.inventory.unclassified)} file(s) could not be classified:[/]")
        for f in result.inventory.unclassified:
            out.print(f"  {shown(f.path)}")
    print_diagnostics(result, options)


KIND_LABELS = {"jcl": "job", "proc": "proc", "jclinclude": "JCL include", "cicsfile": "CICS file"}
NAMES_SHOWN = 12


def facts_table(result: ScanResult, verbose: bool) -> Table:
    """Modules by kind with their names, so a small estate's jobs, steps, transactions, mapsets and
    tables are all visible at a glance (all of them with --verbose)."""
    table = Table(title="Facts", title_justify="left")
    table.add_column("module kind")
    table.add_column("count", justify="right")
    table.add_column("code lines", justify="right")
    table.add_column("names")
    by_kind: dict[str, list] = {}
    for m in result.modules:
        by_kind.setdefault(m.kind, []).append(m)
    for kind, modules in sorted(by_kind.items()):
        names = []
        for m in sorted(modules, key=lambda m: m.name):
            steps = sum(1 for s in m.symbols if s.kind == "step")
            names.append(f"{m.name} ({steps} steps)" if m.kind in ("jcl", "proc") else m.name)
        listed = names if verbose else names[:NAMES_SHOWN]
        more = f" … +{len(names) - len(listed)}" if len(listed) < len(names) else ""
        code = sum(int(m.metrics.get("code_lines", 0)) for m in modules)
        add_row(table, KIND_LABELS.get(kind, kind), str(len(modules)), f"{code:,}" if code else "", ", ".join(listed) + more)
    steps = sum(1 for m in result.modules if m.kind == "jcl" for s in m.symbols if s.kind == "step")
    if steps:
        table.add_section()
        add_row(table, "job steps", str(steps), "", "")
    return table


def steps_table(result: ScanResult) -> Table:
    """Every job step with the program it runs (PROCs expanded): the batch flow at a glance."""
    table = Table(title="Job steps", title_justify="left")
    for column in ("job", "step", "program", "line"):
        table.add_column(column)
    for module in sorted((m for m in result.modules if m.kind == "jcl"), key=lambda m: m.name):
        for symbol in module.symbols:
            if symbol.kind == "step":
                runs = [r.target for r in module.references if r.kind == "executes" and r.attributes.get("step") == symbol.name]
                add_row(table, module.name, symbol.name, " + ".join(runs) or symbol.attributes.get("proc", ""), f"{symbol.path}:{symbol.line}")
    return table


def print_diagnostics(result: ScanResult, options: Options) -> None:
    severities = Counter(d.severity for d in result.diagnostics)
    out.print(
        f"diagnostics: [red]{severities['error']} error(s)[/], [yellow]{severities['warning']} warning(s)[/], "
        f"{severities['info']} info"
    )
    listed = [d for d in result.diagnostics if options.verbose or d.severity != "info"]
    limit = None if options.verbose else DIAGNOSTICS_SHOWN
    for d in listed[:limit]:
        colour = {"error": "red", "warning": "yellow"}.get(d.severity, "dim")
        out.print(f"  [{colour}]{shown(d)}[/]", markup=True, soft_wrap=True)
    if limit is not None and len(listed) > limit:
        out.print(f"  … {len(listed) - limit} more (use --verbose or --json to see all)")


LANG_OPTION = click.option("--lang", type=click.Choice(["en", "nl"]), default="en", show_default=True, help="Language of documents and plan: English or Dutch.")


def llm_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Options of the optional language-model layer; without --model nothing is sent anywhere."""
    command = click.option("--model", metavar="MODEL", help="litellm model string (ollama/…, openai/…, azure/…); enables narratives.")(command)
    command = click.option("--api-base", metavar="URL", help="Endpoint of the model server (e.g. an on-premises vLLM or Ollama).")(command)
    command = click.option("--llm-concurrency", type=click.IntRange(min=1), default=8, show_default=True, help="Model requests in flight at once.")(command)
    command = click.option("--llm-timeout", type=click.FloatRange(min=1), default=120.0, show_default=True, help="Seconds one model request may take.")(command)
    command = click.option("--redact", is_flag=True, help="Mask literals, BSNs, IBANs, e-mail addresses and JCL passwords before anything is sent.")(command)
    command = click.option("--dry-run", is_flag=True, help="Show what would be sent to the model, and the token estimate; send nothing.")(command)
    return command


FORCE_OPTION = click.option("--force", is_flag=True, help="Write into OUTPUT even if it holds files modernize did not write.")


def claim(output: Path, force: bool) -> list[str]:
    """Refuse (exit 2) to write into a directory of the user's; see ``output.claim_output``."""
    try:
        return claim_output(output, force)
    except OutputNotOurs as problem:
        err.print(f"[red]modernize:[/] {shown(problem)}", soft_wrap=True)
        sys.exit(EXIT_USAGE)


def capture_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Running the estate's programs for golden masters is something the user asks for."""
    command = click.option("--capture-unsandboxed", is_flag=True,
                           help="With --capture: run the programs even where no sandbox (bubblewrap) is available.")(command)
    return click.option("--capture/--no-capture", default=None,
                        help="Compile and run the estate's batch programs (GnuCOBOL, in a bubblewrap sandbox) to record golden "
                             "masters. Off by default: the analysed repository's code never runs unless you ask "
                             "([tests] capture = true in your own config asks too).")(command)


def given_on_command_line(parameter: str) -> bool:
    """Whether the user typed this option (a value equal to the default still counts)."""
    context = click.get_current_context(silent=True)
    source = context.get_parameter_source(parameter) if context is not None else None
    return source not in (None, click.core.ParameterSource.DEFAULT)


def model_settings(options: Options, lang: str, llm: dict[str, Any]) -> Any:
    """LLMSettings from the options and modernize.toml's [llm] table; None without a model. Says
    which endpoint receives code before anything is sent."""
    configured = options.settings.llm
    model = llm.get("model") or configured.get("model")
    if not model:
        return None
    llm = dict(llm)
    llm["api_base"] = llm.get("api_base") or configured.get("api_base")
    if not given_on_command_line("llm_concurrency") and "concurrency" in configured:
        llm["llm_concurrency"] = configured["concurrency"]
    if not given_on_command_line("llm_timeout") and "timeout" in configured:
        llm["llm_timeout"] = float(configured["timeout"])
    llm["redact"] = llm.get("redact") or bool(configured.get("redact"))
    if options.settings.offline:
        err.print("[red]--offline refuses every model call[/]: drop --model or --offline.")
        sys.exit(EXIT_USAGE)
    from modernize.document.llm import LLMSettings

    settings = LLMSettings(model=model, api_base=llm.get("api_base"), concurrency=llm["llm_concurrency"], timeout=llm["llm_timeout"],
                           redact=llm["redact"], lang=lang, dry_run=llm["dry_run"])
    if not settings.dry_run and not options.quiet:
        endpoint = settings.api_base or "the provider's default endpoint"
        err.print(f"sending source code to model {shown(model)} at {shown(endpoint)}" + (" (redacted)" if settings.redact else ""), soft_wrap=True)
    return settings


def narratives_for(options: Options, result: ScanResult, graph: Any, lang: str, llm: dict[str, Any]) -> tuple[dict, str]:
    """Run the LLM layer when a model is given; every failure is a diagnostic, never an abort."""
    settings = model_settings(options, lang, llm)
    if settings is None:
        return {}, ""
    from modernize.document.llm import narrate_modules

    model = settings.model
    with open_store(options.settings) as store:
        narrator = narrate_modules(settings, store, options.path, result.modules, graph, result.files)
    result.diagnostics.extend(narrator.diagnostics)
    usage = narrator.usage
    if settings.dry_run:
        tokens = sum(n for _, n in usage.prompts)
        out.print(f"dry run: {len(usage.prompts)} prompt(s) would be sent to {shown(model)}, about {tokens:,} input tokens; {usage.cached} answered from the cache")
    elif not options.quiet:
        grounded = [n.grounding for n in narrator.narratives.values()]
        unverified = sum(len(n.unverified) for n in narrator.narratives.values())
        out.print(
            f"model {model}: {len(narrator.narratives)} narrative(s), {usage.requests} request(s), {usage.cached} from the cache, "
            f"{usage.failures} failed; tokens in {usage.tokens_in:,} out {usage.tokens_out:,}; cost {usage.cost:.4f} USD; "
            f"grounding {sum(grounded) / len(grounded) if grounded else 1:.0%}, {unverified} unverified name(s)"
        )
    return narrator.narratives, model


def exit_code(result: ScanResult) -> int:
    return EXIT_ERRORS if result.errors else EXIT_OK


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="modernize")
def cli() -> None:
    """Understand, document and replace a legacy mainframe estate, step by step.

    Point modernize at a repository of COBOL, copybooks, JCL, CICS and DB2 sources. It works fully
    offline; a language model (your own, on-premises if you like) is only used when you ask for one.

    \b
    Start with:
      modernize run PATH -o out      every stage; open out/index.html
      modernize scan PATH            what is in the repository, and what could not be read
    """


@cli.command("scan")
@analysis_options
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path), help="Write files, modules and diagnostics as JSON to this file.")
def scan_command(options: Options, json_path: Path | None) -> None:
    """Inventory and parse PATH: files by kind and language, lines, facts, diagnostics.

    Unchanged files are not parsed again: their facts come from the store (--cache-dir).
    """
    result = run_scan(options)
    print_summary(result, options)
    if json_path:
        write_text_atomic(json_path, dumps(result.to_dict()))
        if not options.quiet:
            out.print(f"wrote {shown(json_path)}")
    sys.exit(exit_code(result))


@cli.command("findings")
@analysis_options
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path), help="Write the findings as JSON to this file.")
@click.option("--mask", "mask_values", is_flag=True, help="Show and write masked values only (kind and fingerprint stay).")
def findings_command(options: Options, json_path: Path | None, mask_values: bool) -> None:
    """Hard-coded credentials, BSNs, IBANs and e-mail addresses in PATH's sources and data files.

    \b
    Credentials: PASSWORD= on JOB cards and in connection strings, user:password@ in URLs, SQL
    CONNECT ... USING / IDENTIFIED BY literals, COBOL password items with a literal VALUE or MOVE.
    BSNs must pass the 11-proof and IBANs the mod-97 check. Exit code 0 when nothing is found,
    1 when something is.
    """
    result = run_scan(options)
    findings = collect_findings(options, result)
    if json_path:
        write_text_atomic(json_path, findings_json(findings, mask_values))
    if not options.quiet:
        table = Table(title=f"Sensitive data in {shown(options.path)}: {findings_summary(findings)}", title_justify="left")
        for column in ("kind", "rule", "where", "value"):
            table.add_column(column)
        for finding in findings[:DIAGNOSTICS_SHOWN] if not options.verbose else findings:
            add_row(table, finding.kind, finding.rule, f"{finding.path}:{finding.line}:{finding.column}",
                          finding.masked if mask_values else finding.value)
        out.print(table)
        if len(findings) > DIAGNOSTICS_SHOWN and not options.verbose:
            out.print(f"… and {len(findings) - DIAGNOSTICS_SHOWN} more (--verbose lists all, --json writes all)")
        if json_path:
            out.print(f"wrote {shown(json_path)}")
    sys.exit(EXIT_ERRORS if findings else EXIT_OK)


@cli.command("run")
@analysis_options
@llm_options
@click.option("-o", "--output", "output", required=True, type=click.Path(file_okay=False, path_type=Path), help="Directory for every output.")
@click.option("--mask-findings", is_flag=True, help="Mask credentials, BSNs, IBANs and e-mail addresses in the HTML report and findings.json.")
@capture_options
@FORCE_OPTION
@LANG_OPTION
def run_command(options: Options, output: Path, lang: str, mask_findings: bool, capture: bool | None, capture_unsandboxed: bool,
                force: bool, **llm: Any) -> None:
    """The main job: every stage on PATH, outputs in OUTPUT.

    Inventory and facts (OUTPUT/facts.json, diagnostics.json), the dependency graph and its viewer
    (OUTPUT/graph/), module documents (OUTPUT/docs/, with --model an LLM narrative on top), the
    replacement plan (OUTPUT/plan/), characterization tests (OUTPUT/tests/), the sensitive data found
    in sources and data files (OUTPUT/findings.json) and the HTML report (OUTPUT/index.html).
    """
    from modernize.document import write_documents
    from modernize.graph.build import build_graph
    from modernize.plan import write_plan
    from modernize.report import write_report

    started = time.perf_counter()
    sandbox = capture_sandbox(options, capture, capture_unsandboxed)
    foreign = claim(output, force)
    result = run_scan(options)
    remove_stale_temporaries(output, ("graph", "docs", "plan", "tests", "modules"))
    name = options.path.resolve().name
    stamp = run_stamp(options, result, lang, mask_findings, sandbox is not None)
    stamp_path = output / ".run-stamp"
    if not (llm.get("model") or options.settings.llm.get("model")) and up_to_date(output, stamp_path, stamp):
        # Nothing the outputs depend on changed (sources, settings, options, modernize itself).
        print_summary(result, options)
        if not options.quiet:
            out.print(f"{shown(output)} is up to date: no source, setting, option or modernize version changed since the last run, "
                      f"so nothing was rewritten ({time.perf_counter() - started:.1f} s).", soft_wrap=True)
        sys.exit(exit_code(result))
    with contextlib.suppress(FileNotFoundError):
        stamp_path.unlink()  # written again last: a run that stops half-way leaves none
    with err.status("writing facts", spinner="dots") if not options.quiet else contextlib.nullcontext() as status:
        clock = StageClock(status, {"scan": time.perf_counter() - started})
        clock.start("facts", "writing facts")
        write_text_atomic(output / "facts.json", dumps(result.to_dict()))
        clock.start("findings", "looking for credentials and personal data")
        findings = collect_findings(options, result)
        write_text_atomic(output / "findings.json", findings_json(findings, mask_findings))
        clock.start("graph", "building the dependency graph, its analyses and exports")
        graph = build_graph(result.modules)
        written, analysis = write_graph_outputs(graph, output / "graph", name)
        clock.start("documents", "documenting modules")
        narratives, model = narratives_for(options, result, graph, lang, llm)
        documents = write_documents(result.modules, graph, output / "docs", lang, narratives, model)
        write_text_atomic(output / "diagnostics.json", dumps([d.to_dict() for d in result.diagnostics]))  # the model's too
        clock.start("plan", "planning the replacement")
        steps = write_plan(graph, result.modules, output / "plan", name, lang, plan_settings(options, None))
        clock.start("tests", "generating characterization tests" + (" and capturing golden masters" if sandbox else ""))
        tests_summary = generate_tests(options, result, graph, steps, output / "tests", sandbox)
        clock.start("report", "writing the HTML report")
        write_report(output, name, options.path, result.modules, result.files, graph, documents, steps,
                     result.diagnostics, analysis, (output / "plan" / "plan.md").read_text(encoding="utf-8"),
                     findings, mask_findings, options.settings.worker_count)
        clock.start(None, "")
    write_manifest(output, foreign, (Path(options.settings.cache_dir),))
    write_text_atomic(stamp_path, stamp)
    print_summary(result, options)
    if not options.quiet:
        out.print(run_summary(result, graph, documents, steps, tests_summary, output, narratives, findings, clock.seconds))
        out.print(f"[bold]open {shown(output)}/index.html[/] (report) · graph/graph.html (viewer) · plan/plan.docx (tender annex) · "
                  f"tests/ (pytest {shown(output)}/tests)", soft_wrap=True)
    sys.exit(exit_code(result))


RUN_OUTPUTS = ("facts.json", "findings.json", "graph/graph.json", "plan/plan.json", "index.html")


@functools.cache
def code_version() -> str:
    """Changes whenever modernize's code, templates or prompts do."""
    package = Path(__file__).parent
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".j2", ".js", ".css") and path.is_file():
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def run_stamp(options: Options, result: ScanResult, lang: str, mask_findings: bool, capture: bool) -> str:
    """What every output of ``run`` is a function of: the files and their content, the settings,
    the options, modernize's own code, and whether golden masters are captured."""
    settings = {k: v for k, v in asdict(options.settings).items()
                if k not in ("cache_dir", "jobs", "use_cache", "dask_scheduler", "retry_timeouts", "capture", "ignored")}
    root = options.path.resolve()
    libraries = []  # copybook directories outside the repository (a shared copy library) count too
    for given in options.settings.copybook_paths:
        directory = (root / given).resolve()
        if directory != root and root not in directory.parents and directory.is_dir():
            libraries += [(str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(directory.rglob("*")) if p.is_file()]
    inputs = {"files": [(f.path, f.sha256, f.kind, f.encoding) for f in result.files], "libraries": libraries,
              "settings": repr(sorted(settings.items())),
              "lang": lang, "mask_findings": mask_findings, "code": code_version(), "capture": capture,
              "name": options.path.resolve().name}
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest() + "\n"


def up_to_date(output: Path, stamp_path: Path, stamp: str) -> bool:
    try:
        return stamp_path.read_text() == stamp and all((output / name).is_file() for name in RUN_OUTPUTS)
    except OSError:
        return False


class StageClock:
    """Wall time per stage of ``run``: shown in the run summary, so a slow stage is visible."""

    def __init__(self, status: Any, seconds: dict[str, float]):
        self.status = status
        self.seconds = dict(seconds)
        self.current: str | None = None
        self.since = time.perf_counter()

    def start(self, key: str | None, text: str) -> None:
        now = time.perf_counter()
        if self.current is not None:
            self.seconds[self.current] = self.seconds.get(self.current, 0.0) + now - self.since
        self.current, self.since = key, now
        if key is not None and self.status is not None:
            self.status.update(text)


def collect_findings(options: Options, result: ScanResult) -> list[Finding]:
    """The sensitive-data pass over every text file, cached per file content in the store."""
    with open_store(options.settings) as store:
        return find_sensitive(options.path, result.files, read_text, store if options.settings.use_cache else None)


def run_summary(result: ScanResult, graph: Any, documents: dict, steps: list, tests_summary: str, output: Path, narratives: dict,
                findings: list[Finding], seconds: dict[str, float]) -> Table:
    """The closing table of a run: what was found, what was written, and where."""
    severities = Counter(d.severity for d in result.diagnostics)
    kinds = Counter(m.kind for m in result.modules)
    table = Table(title="Run summary", title_justify="left")
    table.add_column("")
    table.add_column("")
    rows = [
        ("files", f"{len(result.files):,} ({sum(f.lines for f in result.files):,} lines)"),
        ("programs", f"{kinds['program']} ({sum(int(m.metrics.get('code_lines', 0)) for m in result.modules if m.kind == 'program'):,} code lines)"),
        ("copybooks / jobs / transactions", f"{kinds['copybook']} / {kinds['jcl']} / {kinds['transaction']}"),
        ("diagnostics", f"{severities['error']} errors, {severities['warning']} warnings, {severities['info']} info"),
        ("graph", f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges → {output}/graph/"),
        ("documents", f"{len(documents)}" + (f", {len(narratives)} with an LLM narrative" if narratives else "") + f" → {output}/docs/"),
        ("plan", f"{len(steps)} steps in {max((s.wave for s in steps), default=0)} waves → {output}/plan/"),
        ("tests", f"{tests_summary} → {output}/tests/"),
        ("sensitive data", f"{findings_summary(findings)} → {output}/findings.html"),
        ("report", f"{output}/index.html"),
        ("time", f"{sum(seconds.values()):.1f} s: " + ", ".join(f"{key} {value:.1f}" for key, value in seconds.items())),
    ]
    for key, value in rows:
        add_row(table, key, value)
    return table


FORMAT_BY_SUFFIX = {".html": "html", ".json": "json", ".graphml": "graphml", ".gexf": "gexf", ".dot": "dot", ".gv": "dot", ".mmd": "mermaid", ".cypher": "cypher", ".cql": "cypher"}


def write_graph_outputs(graph, directory: Path, title: str) -> tuple[list[str], dict]:
    """OUT/graph/: graph.json (the contract), GraphML, DOT, Cypher, Neo4j CSVs, analysis.json and
    the offline viewer graph.html."""
    from modernize.graph.analyze import analyse
    from modernize.graph.export import EXPORTERS, to_csv
    from modernize.graph.viewer import render_html

    graph_json = EXPORTERS["json"](graph)
    stamp = hashlib.sha256((graph_json + title + code_version()).encode()).hexdigest()  # modernize's code, read once per run
    names = ["graph.json", "graph.graphml", "graph.gexf", "graph.dot", "graph.cypher", "graph.mmd", "nodes.csv", "edges.csv",
             "analysis.json", "graph.html"]
    stamp_path = directory / ".graph-stamp"
    if stamp_path.is_file() and stamp_path.read_text() == stamp and all((directory / n).is_file() for n in names):
        # Same graph as last time: its exports and analyses are too (they took half a rerun's time).
        return names, json.loads((directory / "analysis.json").read_text(encoding="utf-8"))
    with contextlib.suppress(FileNotFoundError):
        stamp_path.unlink()  # a run killed below leaves no stamp, so the next run writes everything
    write_text_atomic(directory / "graph.json", graph_json)
    for fmt, name in (("graphml", "graph.graphml"), ("gexf", "graph.gexf"), ("dot", "graph.dot"), ("cypher", "graph.cypher"), ("mermaid", "graph.mmd")):
        write_text_atomic(directory / name, EXPORTERS[fmt](graph))
    for name, text in to_csv(graph).items():
        write_text_atomic(directory / name, text)
    analysis = analyse(graph)
    write_text_atomic(directory / "analysis.json", dumps(analysis))
    write_text_atomic(directory / "graph.html", render_html(graph, analysis["components"], title))
    write_text_atomic(stamp_path, stamp)
    return names, analysis


@cli.command("graph")
@analysis_options
@click.option("-o", "--output", "output", required=True, type=click.Path(path_type=Path), help="File to write (a directory for csv).")
@click.option("--format", "fmt", type=click.Choice(["json", "graphml", "gexf", "dot", "mermaid", "cypher", "csv", "html"]), help="Default: from the file extension, else json.")
def graph_command(options: Options, output: Path, fmt: str | None) -> None:
    """Export the dependency graph of PATH: programs, copybooks, jobs, steps, datasets, tables,
    transactions, screens, with the edges between them (graph.json is node-link data)."""
    from modernize.graph.build import build_graph
    from modernize.graph.export import EXPORTERS, to_csv

    fmt = fmt or FORMAT_BY_SUFFIX.get(output.suffix.lower(), "json")
    result = run_scan(options)
    graph = build_graph(result.modules)
    if fmt == "html":
        from modernize.graph.analyze import components
        from modernize.graph.viewer import render_html

        write_text_atomic(output, render_html(graph, components(graph), options.path.resolve().name))
    elif fmt == "csv":
        for name, text in to_csv(graph).items():
            write_text_atomic(output / name, text)
    else:
        write_text_atomic(output, EXPORTERS[fmt](graph))
    if not options.quiet:
        out.print(f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges written to {shown(output)} ({fmt})")
    sys.exit(exit_code(result))


@cli.command("docs")
@analysis_options
@llm_options
@click.option("-o", "--output", "output", required=True, type=click.Path(file_okay=False, path_type=Path), help="Directory for the documents.")
@FORCE_OPTION
@LANG_OPTION
def docs_command(options: Options, output: Path, lang: str, force: bool, **llm: Any) -> None:
    """Write one Markdown document per program, copybook, job and transaction of PATH, computed
    from the facts (purpose from header comments, inputs and outputs, callers, data layouts,
    paragraph structure, business rules, risks), each statement with its path and line."""
    from modernize.document import write_documents
    from modernize.graph.build import build_graph

    foreign = claim(output, force)
    result = run_scan(options)
    graph = build_graph(result.modules)
    narratives, model = narratives_for(options, result, graph, lang, llm)
    written = write_documents(result.modules, graph, output, lang, narratives, model)
    write_manifest(output, foreign, (Path(options.settings.cache_dir),))
    if not options.quiet:
        out.print(f"{len(written)} documents written to {shown(output)}")
    sys.exit(exit_code(result))


def plan_settings(options: Options, strategy: str | None) -> Any:
    from modernize.plan.build import DEFAULT_EFFORT, PlanSettings

    raw = dict(options.settings.plan)
    return PlanSettings(
        strategy=strategy or raw.get("strategy", "strangler"),
        pin=[[str(n) for n in group] for group in raw.get("pin", [])],
        exclude=[str(n).upper() for n in raw.get("exclude", [])],
        rename={str(k).upper(): str(v) for k, v in raw.get("rename", {}).items()},
        effort={**DEFAULT_EFFORT, **{k: float(v) for k, v in raw.get("effort", {}).items()}},
    )


@cli.command("plan")
@analysis_options
@click.option("-o", "--output", "output", required=True, type=click.Path(file_okay=False, path_type=Path), help="Directory for plan.md, plan.json, plan.csv, plan.docx.")
@click.option("--strategy", type=click.Choice(["strangler", "data"]), help="strangler (default): callees first; data: group by data ownership.")
@FORCE_OPTION
@LANG_OPTION
def plan_command(options: Options, output: Path, strategy: str | None, lang: str, force: bool) -> None:
    """Turn PATH's dependency graph into a step-by-step replacement plan: waves of steps, each with
    its scope, why it comes where it comes, interfaces to keep stable, coexistence, risks with
    evidence, an effort range with its formula, acceptance criteria and rollback."""
    from modernize.graph.build import build_graph
    from modernize.plan import write_plan

    foreign = claim(output, force)
    result = run_scan(options)
    steps = write_plan(build_graph(result.modules), result.modules, output, options.path.resolve().name, lang, plan_settings(options, strategy))
    write_manifest(output, foreign, (Path(options.settings.cache_dir),))
    if not options.quiet:
        table = Table(title="Replacement plan", title_justify="left")
        for column in ("step", "wave", "title", "depends on", "effort (person-days)"):
            table.add_column(column)
        for step in steps:
            add_row(table, step.id, str(step.wave), step.title, ", ".join(step.depends_on), f"{step.effort['low']}–{step.effort['high']}")
        out.print(table)
        out.print(f"written to {shown(output)}/: plan.md, plan.json, plan.csv, plan.docx")
    sys.exit(exit_code(result))


def capture_sandbox(options: Options, capture: bool | None, unsandboxed: bool) -> Any:
    """The sandbox the golden masters are captured in, or None when nothing of the estate may run.
    No sandbox available and no --capture-unsandboxed: one clear line and exit 2, before any work."""
    from modernize.sandbox import SandboxUnavailable, get_sandbox
    from modernize.testgen.legacy import cobc

    if not (options.settings.capture if capture is None else capture):
        return None
    if cobc() is None:
        err.print("[yellow]GnuCOBOL (cobc) is not installed: golden masters are not captured; the tests will skip until they are[/]")
        return None
    try:
        sandbox = get_sandbox(unsandboxed)
    except SandboxUnavailable as problem:
        err.print(f"[red]modernize: --capture refused:[/] {shown(problem)}", soft_wrap=True)
        sys.exit(EXIT_USAGE)
    if not sandbox.isolated and not options.quiet:
        err.print("[yellow]warning:[/] the estate's programs run without a sandbox (--capture-unsandboxed): only CPU, memory "
                  "and time limits hold", soft_wrap=True)
    return sandbox


def generate_tests(options: Options, result: ScanResult, graph: Any, steps: list, output: Path, sandbox: Any) -> str:
    from modernize.testgen import write_tests

    generated, captured, problems = write_tests(result.modules, steps, result.files, options.path, output, sandbox)
    for problem in problems:
        err.print(f"[yellow]capture:[/] {shown(problem)}", soft_wrap=True)
    cases = sum(len(t.cases) for t in generated)
    if sandbox is None:
        return f"{len(generated)} program(s), {cases} case(s), golden masters not captured (--capture records them)"
    return f"{len(generated)} program(s), {cases} case(s), {captured} golden master(s) captured ({sandbox.description})"


@cli.command("tests")
@analysis_options
@click.option("-o", "--output", "output", required=True, type=click.Path(file_okay=False, path_type=Path), help="Directory for the generated pytest project.")
@capture_options
@FORCE_OPTION
def tests_command(options: Options, output: Path, capture: bool | None, capture_unsandboxed: bool, force: bool) -> None:
    """Generate characterization tests for every plan step of PATH: inputs built from the record
    layouts (boundary values, 88-level values, the literals business rules compare with), one test
    per business rule, and, with --capture, golden masters recorded from the legacy programs run in
    a sandbox. Run them with `pytest OUTPUT` (--implementation legacy|replacement)."""
    from modernize.graph.build import build_graph
    from modernize.plan.build import build_plan

    sandbox = capture_sandbox(options, capture, capture_unsandboxed)
    foreign = claim(output, force)
    result = run_scan(options)
    graph = build_graph(result.modules)
    summary = generate_tests(options, result, graph, build_plan(graph, result.modules, plan_settings(options, None)), output, sandbox)
    write_manifest(output, foreign, (Path(options.settings.cache_dir),))
    if not options.quiet:
        out.print(f"tests in {shown(output)}: {shown(summary)}")
    sys.exit(exit_code(result))


def load_estate_for(options: Options, lang: str) -> Any:
    """Facts (from the store when unchanged) and graph of PATH, for questions."""
    from modernize.ask.estate import Estate
    from modernize.graph.build import build_graph

    result = run_scan(options)
    return Estate(options.path, result, build_graph(result.modules), plan_settings(options, None), lang)


@cli.command("ask")
@analysis_options
@click.argument("question")
@llm_options
@click.option("--top", type=click.IntRange(min=1, max=50), default=8, show_default=True, help="Passages to show (and to give the model).")
@click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON.")
@LANG_OPTION
def ask_command(options: Options, question: str, top: int, as_json: bool, lang: str, **llm: Any) -> None:
    """Ask PATH a question in plain language (English or Dutch).

    \b
    Who reads or writes a dataset or table, who calls a program, what it calls, what breaks if a
    module changes, which plan step replaces it: answered exactly from the graph. Anything else:
    the best-matching summaries, paragraphs and business rules, with file and line. With --model,
    a model answers from those passages and every citation it gives is checked against the facts.

    \b
      modernize ask examples/cobol "which programs update the BETALING table?"
      modernize ask examples/cobol "wat raakt een wijziging van copybook TSLPERS?"
      modernize ask examples/cobol "waar wordt de inkomensgrens berekend?" --model ollama/llama3.1
    """
    from modernize.ask.questions import structured_question
    from modernize.ask.search import index_for

    estate = load_estate_for(options, lang)
    exact = structured_question(estate, question)
    if exact is not None:
        if as_json:
            click.echo(dumps({"question": question, "graph": exact.to_dict()}), nl=False)
        else:
            print_graph_answer(exact)
        sys.exit(EXIT_OK if exact.items else EXIT_ERRORS)
    found = index_for(estate).search(question, top)
    settings = model_settings(options, lang, llm) if found else None
    answer = None
    if settings is not None:
        from modernize.ask.answer import ask_model
        from modernize.document.llm import AnswerError

        try:
            with open_store(options.settings) as store:
                answer = ask_model(estate, question, [p for p, _ in found], settings, store)
        except AnswerError as exc:
            err.print(f"[yellow]the model gave no usable answer[/] ({shown(exc)}); the passages follow.", soft_wrap=True)
        except Exception as exc:  # noqa: BLE001 - a model that is down must not hide the passages
            err.print(f"[yellow]the model could not be asked[/] ({type(exc).__name__}: {shown(exc)}); the passages follow.", soft_wrap=True)
    if as_json:
        click.echo(dumps({"question": question, "answer": answer.to_dict() if answer else None,
                          "passages": [dict(p.to_dict(), score=round(score, 4)) for p, score in found]}), nl=False)
        sys.exit(EXIT_OK if found else EXIT_ERRORS)
    if answer is not None:
        out.print(f"[bold]{shown(answer.text)}[/]", soft_wrap=True)
        for citation in answer.citations:
            mark = "[green]verified[/]" if citation.verified else f"[red]unverified[/] ({citation.problem})"
            where = f"{citation.path}:{citation.line}" if citation.line else (citation.path or "")
            out.print(f"  {shown(citation.module)}{' ' + shown(citation.paragraph) if citation.paragraph else ''} {shown(where)} {mark}", soft_wrap=True)
        out.print(f"grounding {answer.grounding:.0%} of {len(answer.citations)} citation(s)\n")
    if not found:
        out.print("nothing in the estate matches the question; try the names of programs, data items or datasets")
        sys.exit(EXIT_ERRORS)
    table = Table(title="Best-matching passages", title_justify="left")
    for column in ("score", "where", "what"):
        table.add_column(column)
    for passage, score in found:
        lines = [line.rstrip() for line in passage.text.split("\n") if line.strip()]
        add_row(table, f"{score:.2f}", passage.where, "\n".join(lines[:6]) + ("\n…" if len(lines) > 6 else ""))
    out.print(table)
    sys.exit(EXIT_OK)


def print_graph_answer(answer: Any) -> None:
    titles = {"readers": "reads", "writers": "writes", "callers": "calls, starts or runs", "callees": "is called, started or run by",
              "impact": "depends on", "plan-step": "plan steps for"}
    if answer.node is None:
        out.print(shown(answer.message))
        return
    out.print(f"[bold]Exact answer from the graph[/] — what {titles[answer.kind]} {shown(answer.node)}:", soft_wrap=True)
    if not answer.items:
        out.print("  nothing")
    for item in answer.items:
        if answer.kind == "plan-step":
            out.print(shown(f"  {item['step']} (wave {item['wave']}, {item['role']}): {item['title']}"), soft_wrap=True)
        elif answer.kind == "impact":
            out.print(shown(f"  {item['node']}  via {' → '.join(item['path'][1:])}"), soft_wrap=True)
        else:
            via = f" via {', '.join(item['via'])}" if item["via"] else ""
            out.print(shown(f"  {item['node']} ({item['relation']}{via}) {' '.join(item['lines'])}"), soft_wrap=True)


@cli.command("mcp")
@analysis_options
@click.option("--http", "port", type=click.IntRange(min=1, max=65535), help="Serve streamable HTTP on this port instead of stdio.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address for --http (keep it local unless you mean it).")
@LANG_OPTION
def mcp_command(options: Options, port: int | None, host: str, lang: str) -> None:
    """Serve PATH's facts to AI assistants over the Model Context Protocol (read-only).

    \b
    Tools: search_estate, get_module, callers, callees, impact, who_reads, who_writes, plan_step,
    paragraph_source. stdio by default (the assistant starts this command); --http PORT serves
    streamable HTTP on 127.0.0.1. Nothing is sent anywhere by this server itself.
    """
    try:
        from modernize.ask.mcp_server import create_server
    except ImportError:
        err.print("[red]modernize mcp needs the MCP SDK:[/] pip install 'modernize[mcp]'")
        sys.exit(EXIT_USAGE)
    quiet = Options(options.path, options.settings, True, options.verbose)  # stdout belongs to the protocol
    server = create_server(load_estate_for(quiet, lang))
    if port is None:
        server.run("stdio")
    else:
        err.print(f"MCP server for {shown(options.path)} on http://{host}:{port}/mcp")
        server.run("streamable-http", host=host, port=port)


@cli.command("explain")
@analysis_options
@click.argument("name")
@LANG_OPTION
def explain_command(options: Options, name: str, lang: str) -> None:
    """Show the document of one module of PATH (program, copybook, job, PROC or transaction) in the
    terminal: purpose, inputs and outputs, callers, data, paragraphs, business rules, risks."""
    from rich.markdown import Markdown

    from modernize.document.facts_doc import document_module
    from modernize.graph.build import build_graph

    result = run_scan(options)
    wanted = name.upper()
    order = ["program", "copybook", "jcl", "proc", "transaction"]
    matches = sorted((m for m in result.modules if m.name.upper() == wanted and m.kind in order), key=lambda m: order.index(m.kind))
    if not matches:
        err.print(f"modernize explain: nothing called {shown(repr(name))} in {shown(options.path)}", soft_wrap=True)
        sys.exit(EXIT_USAGE)
    text = document_module(matches[0], build_graph(result.modules), lang) or ""
    out.print(Markdown(visible(text)))
    sys.exit(exit_code(result))


EXAMPLE_CONFIG = """# modernize.toml: settings for `modernize` on this repository (all keys optional).
# Keys marked (trusted) are honoured from this file only with --trust-repo-config; put them in your
# own ~/.config/modernize/config.toml or on the command line instead.

[modernize]
# exclude = ["old/", "*.lst"]            # gitignore-style patterns of files to skip
# copybook_paths = ["copylib"]           # directories searched first for COPY members
# encodings = { "legacy/*" = "cp500" }   # encoding per glob (EBCDIC code pages, latin-1, ...)
# max_file_size = 33554432               # bytes; larger files are reported, not analysed (trusted)
# parse_timeout = 120                    # seconds one file may take to parse (trusted)
# jobs = 0                               # parser processes; 0 = one per core (trusted)
# follow_symlinks = false                # follow symbolic links that leave the repository (trusted)

[plan]
# strategy = "strangler"                 # or "data": group programs by the data they write
# pin = [["PGMA", "PGMB"]]               # programs that must be replaced together
# exclude = ["OLDPGM"]                   # programs left out of the plan
# rename = { PGMA = "Intake" }           # step title, by the step's main program
# effort = { hours_per_kloc = 160, complexity_per_kloc_baseline = 120, risk_weight = 0.15, low = 0.8, high = 1.5, hours_per_day = 8 }

[llm]
# Without a model nothing is sent anywhere. Command-line options override these.
# model = "openai/qwen2.5-coder"         # any litellm model string (ollama/..., azure/..., ...) (trusted)
# api_base = "http://localhost:8000/v1"  # an on-premises OpenAI-compatible server (trusted)
# concurrency = 8                        # (trusted)
# timeout = 120                          # (trusted)
# redact = true                          # mask literals, BSNs, IBANs, e-mail, JCL passwords

[tests]
# capture = true                         # run the legacy programs (sandboxed) for golden masters; only
#                                        # from your own config, never from the analysed repository
"""


@cli.command("init")
@click.argument("path", type=click.Path(exists=True, file_okay=False, path_type=Path), default=".")
def init_command(path: Path) -> None:
    """Write a commented example modernize.toml in PATH (never overwrites an existing one)."""
    target = path / "modernize.toml"
    if target.exists():
        err.print(f"modernize init: {shown(target)} exists already; nothing was written", soft_wrap=True)
        sys.exit(EXIT_USAGE)
    write_text_atomic(target, EXAMPLE_CONFIG)
    out.print(f"wrote {shown(target)}")


@cli.command("impact")
@analysis_options
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def impact_command(options: Options, name: str, as_json: bool) -> None:
    """Show everything in PATH that depends on NAME (a program, copybook, dataset, table…),
    transitively, with one dependency path each."""
    from modernize.graph.analyze import find_node, impact
    from modernize.graph.build import build_graph

    result = run_scan(options)
    graph = build_graph(result.modules)
    node = find_node(graph, name)
    if node is None:
        err.print(f"modernize impact: nothing called {shown(repr(name))} in {shown(options.path)}", soft_wrap=True)
        sys.exit(EXIT_USAGE)
    paths = impact(graph, node)
    if as_json:
        click.echo(dumps({"node": node, "dependants": paths}), nl=False)
        sys.exit(exit_code(result))
    table = Table(title=f"What depends on {shown(node)} ({len(paths)})", title_justify="left")
    table.add_column("dependant")
    table.add_column("kind")
    table.add_column("through")
    for dependant, path in paths.items():
        add_row(table, dependant, graph.nodes[dependant].get("kind", ""), " → ".join(path[1:-1]) or "directly")
    out.print(table)
    sys.exit(exit_code(result))


def main() -> None:
    cli(prog_name="modernize")
