"""Run the stages: inventory -> parse (cached, parallel, time-limited) -> later stages.

Parsing happens in worker processes so a file that makes a parser loop can be killed at its
deadline and reported, and a parser that crashes the interpreter costs one file, not the run.
Facts are written to the store in small batches, so an interrupted run keeps what it parsed and
the rerun resumes from there.

The parse stage runs on our own fork pool by default, or on any ``concurrent.futures.Executor``
(a dask.distributed client's executor for a cluster): files then travel in batches, and on the
executor's worker each batch is parsed by the same deadline-guarded child process, so a hanging
parser costs one file there too. Results come back to the coordinator, which alone writes the store.
"""

from __future__ import annotations

import collections
import contextlib
import gc
import hashlib
import json
import multiprocessing
import os
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, as_completed
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from modernize import collector
from modernize.config import Settings, copybook_directories
from modernize.inventory import Inventory, detect_source_format, read_bytes, read_text, take_inventory
from modernize.model import (
    NOT_ESTATE_SOURCES,
    Diagnostic,
    FileKind,
    Module,
    ModuleKind,
    ReferenceKind,
    SourceFile,
    StoredBodies,
    split_bodies,
)
from modernize.parsers import ParseContext, ParseResult, parser_for
from modernize.store import Store

ProgressCallback = Callable[[str], None]
FLUSH_EVERY = 25
FLUSH_SECONDS = 2.0
PARENT_CHECK_SECONDS = 1.0
# Not cached: a dead parser process or a lost cluster worker comes from outside the file. A rerun
# tries these files again. A timeout is cached with the limit it hit, so a file built to hang
# costs one run, not every run; a higher --parse-timeout or --retry-timeouts tries it again.
RETRIED_ON_RERUN = {"parser-died"}
# What went wrong reading a file, said of any file: the user's settings or the file system, not its content.
READING_PROBLEMS = frozenset({"unknown-encoding", "unreadable-file", "file-name-not-utf8", "broken-symlink", "symlink-loop"})
TIMED_OUT_AT = "timed_out_at"
# The libraries parsers look members up in (``ParseContext.lookup``), each with the kinds of file
# that stand in it, in order of preference (the tiers). A COPY finds a copybook first, then a BMS
# mapset (its symbolic map, which the assembler would generate), then a program (which the COBOL
# front end reports instead of expanding), then a text file the inventory could not classify: a
# member holds what its COPY statements say it holds, whatever little COBOL it shows (one paragraph
# with a CALL, an FD's LABEL RECORDS clause).
NOT_PARSED = (FileKind.DOC, FileKind.CONFIG, FileKind.DATA, FileKind.BINARY, FileKind.OTHER)  # files that are not source code
TEXT_NOT_PARSED = (FileKind.OTHER, FileKind.DOC, FileKind.DATA, FileKind.CONFIG)
# Last, a file the inventory took for another language's source, found only when a COPY names it whole
# (``COPY "CobjapiFunctions.cpy"``): the compiler opens the file it is told to open.
FOREIGN_SOURCE = (FileKind.SOURCE,)
COPIED_TEXT = (*TEXT_NOT_PARSED, *FOREIGN_SOURCE)
LIBRARY_KINDS = {FileKind.COPYBOOK: (FileKind.COPYBOOK, FileKind.BMS, FileKind.PROGRAM, TEXT_NOT_PARSED, FOREIGN_SOURCE),
                 FileKind.PROC: (FileKind.PROC, FileKind.JCLINCLUDE)}
# The extensions a compiler tries after a copybook's name (cobc's, Micro Focus's and the usual shop
# ones), and none: a text file the inventory left unclassified is found by its member name only with
# one of these; with another (notes.txt, persons.dat) only when a COPY names the whole file.
COPY_EXTENSIONS = frozenset(["", ".cpy", ".cbl", ".cob", ".copy", ".cpb", ".ccp", ".inc", ".cobol", ".cbk"])


@dataclass
class ScanResult:
    """Inventory plus facts: what ``scan`` prints and ``scan --json`` writes."""

    inventory: Inventory
    modules: list[Module] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    parsed: int = 0
    cached: int = 0
    not_analysed: int = 0
    counters: dict[str, int] = field(default_factory=dict)  # summed over the files parsed (not cached)

    @property
    def copybook_hit_rate(self) -> float | None:
        """Of the COPY statements the parsers expanded, the share a worker's copybook cache served."""
        hits, misses = self.counters.get("copybook-hits", 0), self.counters.get("copybook-misses", 0)
        return hits / (hits + misses) if hits + misses else None

    @property
    def files(self) -> list[SourceFile]:
        return self.inventory.files

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == "error")

    def counts(self) -> dict[str, Any]:
        """What the store's run record keeps of a scan."""
        severities = {level: sum(1 for d in self.diagnostics if d.severity == level) for level in ("error", "warning", "info")}
        return {"files": len(self.files), "lines": sum(f.lines for f in self.files), "modules": len(self.modules),
                "parsed": self.parsed, "cached": self.cached, "errors": severities["error"], "warnings": severities["warning"],
                "infos": severities["info"]}

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": [f.to_dict() for f in self.files],
            "modules": [m.to_dict() for m in self.modules],
            "diagnostics": [d.to_dict() for d in self.diagnostics],
        }


def build_context(root: Path, files: list[SourceFile], settings: Settings) -> ParseContext:
    """Index the members that other sources include by name (copybooks, PROCs).

    Copybook directories outside the repository (a shared copy library, ``--copybook-path``) are
    inventoried too; their members keep their absolute path.
    """
    root = Path(root)
    copybook_dirs: list[str] = []
    files = list(files)
    for found in copybook_directories(root, settings.copybook_paths):
        directory = found.path
        if found.inside:
            copybook_dirs.append(directory.relative_to(root.resolve()).as_posix().strip(".") or "")
            continue
        copybook_dirs.append(directory.as_posix())
        if directory.is_dir():
            outside = take_inventory(directory, encoding_overrides=settings.encodings, max_file_size=settings.max_file_size)
            files += [replace(f, path=(directory / f.path).as_posix()) for f in outside.files if f.language == "cobol"]
    by_path = {f.path: f for f in files}
    libraries: dict[str, dict[str, list[str]]] = {}
    tiers: dict[str, int] = {}
    ordered = sorted(files, key=lambda f: f.path)
    for library, file_kinds in LIBRARY_KINDS.items():
        # Each member lists its files tier by tier: the library's own kind first, then the next
        # kinds that can be included too (a lookup takes the best tier; a JCLLIB order may choose
        # among all the members of that tier).
        index: dict[str, list[str]] = {}
        for tier, kinds in enumerate(file_kinds):
            for f in ordered:
                if f.kind == kinds or (isinstance(kinds, tuple) and f.kind in kinds):
                    index.setdefault(f.member, []).append(f.path)
                    if tier:
                        unclassified = kinds is FOREIGN_SOURCE or (isinstance(kinds, tuple) and extension(f.path) not in COPY_EXTENSIONS)
                        tiers[f.path] = ParseContext.EXACT_ONLY + tier if unclassified else tier
        libraries[library] = index
    return ParseContext(root=root, files=by_path, libraries=libraries, library_dirs={FileKind.COPYBOOK: copybook_dirs}, reader=read_text,
                        tiers=tiers, byte_reader=read_bytes)


def extension(path: str) -> str:
    """A file's extension after its member name, lower-case: ``cpy/ab.cd.cpy`` has ``.cd.cpy``, ``LIB/X`` none."""
    name = path.rsplit("/", 1)[-1]
    return "." + name.split(".", 1)[1].lower() if "." in name else ""


def parser_key(language: str, version: str) -> str:
    return f"{language}/{version}"


def scan(
    root: Path,
    settings: Settings,
    store: Store | None = None,
    on_inventory: Callable[[int], None] | None = None,
    on_parsed: ProgressCallback | None = None,
    executor: Executor | None = None,
) -> ScanResult:
    """Inventory the repository and parse every analysable file, reusing cached facts.

    ``executor`` (or ``settings.dask_scheduler``) runs the parsing elsewhere; by default it runs in
    ``settings.worker_count`` local processes.
    """
    # Facts are millions of small dicts and objects, none in a reference cycle: while they are built
    # (decoded from the store, received from workers) the collector would walk the growing heap again
    # and again (reading 320 MB of cached facts: 14 s with it, 4.4 s without).
    with collector.paused(freeze=True):
        return scan_files(Path(root), settings, store, on_inventory, on_parsed, executor)


def remembered_inventory(root: Path, settings: Settings, store: Store | None) -> tuple[str, dict[str, Any] | None]:
    """The store's record of how each file (by content and path) was classified, for this code and
    these encoding settings: an unchanged file is not decoded and classified again."""
    from modernize.pipeline.stamps import code_version

    key = "inventory:" + hashlib.sha256(repr((code_version(), sorted(settings.encodings.items()), str(root.resolve()))).encode()).hexdigest()
    if store is None or not settings.use_cache:
        return key, None
    text = store.get_stage(key)
    try:
        memo = json.loads(text) if text else {}
    except ValueError:
        memo = {}
    return key, memo if isinstance(memo, dict) else {}


def scan_files(root: Path, settings: Settings, store: Store | None, on_inventory: Callable[[int], None] | None,
               on_parsed: ProgressCallback | None, executor: Executor | None) -> ScanResult:
    memo_key, memo = remembered_inventory(root, settings, store)
    inventory = take_inventory(
        root,
        excludes=list(settings.excludes),
        encoding_overrides=settings.encodings,
        max_file_size=settings.max_file_size,
        follow_symlinks=settings.follow_symlinks,
        memo=memo,
    )
    if store is not None and memo is not None:
        current = {key: memo[key] for key in (f"{f.sha256}:{f.path}" for f in inventory.files) if key in memo}
        store.put_stage(memo_key, json.dumps(current))
    result = ScanResult(inventory=inventory)
    context = build_context(root, inventory.files, settings)
    pending: list[tuple[str, str, str, dict[str, str | None], dict[str, Any], list[Any]]] = []
    last_flush = time.monotonic()

    def cached_facts(source: SourceFile, version: str) -> ParseResult | None:
        cached = None
        if store is not None and settings.use_cache:
            cached = store.get_facts(source.sha256, source.path, parser_key(source.language, version), context.dependency_hash)
        if cached is not None and TIMED_OUT_AT in cached.facts and (
                settings.retry_timeouts or cached.facts[TIMED_OUT_AT] < settings.parse_timeout):
            cached = None  # it timed out under a lower limit than today's, or the user asks to try again
        if cached is None:
            return None
        parsed = ParseResult.from_dict(cached.facts, StoredBodies(cached.bodies))
        if TIMED_OUT_AT in cached.facts:
            for diagnostic in parsed.diagnostics:
                if diagnostic.code == "parse-timeout":
                    diagnostic.message += " (remembered from an earlier run; --retry-timeouts tries again)"
        result.cached += 1
        return parsed

    def parse_all(todo: list[SourceFile], outcomes: dict[str, ParseResult], progress: bool, idle: Iterator[None] | None = None) -> None:
        def record(source: SourceFile, parsed: ParseResult, raw: dict[str, Any] | None = None) -> None:
            nonlocal last_flush
            outcomes[source.path] = parsed
            result.parsed += 1
            for counter, value in parsed.counters.items():
                result.counters[counter] = result.counters.get(counter, 0) + value
            if store is not None and not any(d.code in RETRIED_ON_RERUN for d in parsed.diagnostics):
                version, _ = parser_for(source) or ("", None)
                facts, bodies = split_bodies(raw if raw is not None else parsed.to_dict())  # as the worker sent them: not encoded twice
                if any(d.code == "parse-timeout" for d in parsed.diagnostics):
                    facts = {**facts, TIMED_OUT_AT: settings.parse_timeout}
                pending.append((source.sha256, source.path, parser_key(source.language, version), parsed.dependencies, facts, bodies))
                if len(pending) >= FLUSH_EVERY or time.monotonic() - last_flush > FLUSH_SECONDS:
                    store.put_facts(pending)
                    pending.clear()
                    last_flush = time.monotonic()
            if on_parsed and progress:
                on_parsed(source.path)

        if executor is not None:
            run_parsers_on(executor, context, todo, settings.parse_timeout, record)
        elif settings.dask_scheduler and todo:
            with dask_executor(settings.dask_scheduler) as remote:
                run_parsers_on(remote, context, todo, settings.parse_timeout, record)
        else:
            run_parsers(context, todo, settings.worker_count, settings.parse_timeout, record, idle)
        for _ in idle or ():
            pass  # what the parsers' waits left of the idle work

    todo: list[SourceFile] = []
    outcomes: dict[str, ParseResult] = {}
    cached: collections.deque[tuple[SourceFile, str]] = collections.deque()  # (source, parser version)
    for source in inventory.files:
        entry = parser_for(source)
        if entry is None:
            if source.kind not in NOT_PARSED:
                result.not_analysed += 1
            continue
        if store is not None and settings.use_cache and store.has_facts(
                source.sha256, source.path, parser_key(source.language, entry[0]), context.dependency_hash):
            cached.append((source, entry[0]))
        else:
            todo.append(source)
    if on_inventory:
        on_inventory(len(todo))
    undecided: list[SourceFile] = []  # cached facts that do not load, or a timeout to try again

    def decode_cached() -> Iterator[None]:
        """Cached facts decoded one file at a time while the workers parse what changed (a rerun
        after a copybook changed waited for all of them first)."""
        while cached:
            source, version = cached.popleft()
            parsed = cached_facts(source, version)  # checked again as it is read: an entry that fails is parsed
            if parsed is not None:
                outcomes[source.path] = parsed
            else:
                undecided.append(source)
            yield

    copied: dict[str, ParseResult] = {}  # members COPY statements found, parsed again as copybooks
    try:
        parse_all(todo, outcomes, progress=True, idle=decode_cached())
        parse_all(undecided, outcomes, progress=False)
        # A COPY that found a BMS mapset or a text file the inventory left unclassified makes that
        # file a copybook too: it is parsed as one (a mapset as the symbolic map generated from it),
        # and so are the members such a copybook copies in turn.
        while members := copied_members(inventory, [*outcomes.values(), *copied.values()], copied, root):
            version = (parser_for(members[0]) or ("", None))[0]
            todo = []
            for member in members:
                parsed = cached_facts(member, version)
                if parsed is not None:
                    copied[member.path] = parsed
                else:
                    todo.append(member)
            parse_all(todo, copied, progress=False)
            for member in members:
                copied.setdefault(member.path, ParseResult())
    finally:
        if store is not None:
            store.put_facts(pending)
    inventory.files = [promoted_file(source, copied) for source in inventory.files]

    diagnostics = list(inventory.diagnostics)
    for source in inventory.files:
        for parsed in (outcomes.get(source.path), copied.get(source.path)):
            if parsed is None:
                continue
            result.modules.extend(parsed.modules)
            found = [*parsed.diagnostics, *(d for module in parsed.modules for d in module.diagnostics)]
            # Java and z/OS Connect definitions are no sources of the estate, read for the callers they hold: a
            # parse of one that fails (a timeout, a dead or crashed parser) is said as info, never an error.
            diagnostics.extend(as_info(found) if source.kind in NOT_ESTATE_SOURCES else found)
    result.modules.sort(key=lambda m: (m.path, m.line or 0, m.name))
    diagnostics.extend(duplicate_programs(result.modules))
    kinds = {source.path: source.kind for source in inventory.files}
    # A file that is no source of the estate (a Java class, a JSON file, a licence) is listed, with
    # what was noticed about reading it (info), never a warning or an error about its content.
    diagnostics = [d for d in diagnostics if d.severity == "info" or d.code in READING_PROBLEMS or kinds.get(d.path) not in NOT_ESTATE_SOURCES]
    result.diagnostics = sorted(dedupe(diagnostics), key=Diagnostic.sort_key)
    return result


def as_info(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics of a file that is not the mainframe's, as info."""
    return [d if d.severity == "info" else replace(d, severity="info") for d in diagnostics]


def copied_members(inventory: Inventory, parsed: list[ParseResult], done: dict[str, ParseResult], root: Path) -> list[SourceFile]:
    """The files COPY statements found that are not copybooks or programs (a BMS mapset, a text file
    the inventory left unclassified) and that are not parsed as copybooks yet: as copybooks, by path."""
    files = {f.path: f for f in inventory.files}
    found: dict[str, SourceFile] = {}
    for result in parsed:
        for module in result.modules:
            for reference in module.references:
                path = reference.resolved_path
                if module.language != "cobol" or reference.kind != ReferenceKind.INCLUDES or path is None or path in done or path in found or path not in files:
                    continue
                source = files[path]
                if source.kind == FileKind.BMS:
                    found[path] = replace(source, kind=FileKind.COPYBOOK, language="cobol")
                elif source.kind in COPIED_TEXT and parser_for(source) is None:
                    try:
                        source_format = detect_source_format(read_text(root, source))
                    except OSError:
                        source_format = "fixed"
                    found[path] = replace(source, kind=FileKind.COPYBOOK, language="cobol", source_format=source_format)
    return [found[path] for path in sorted(found)]


def promoted_file(source: SourceFile, copied: dict[str, ParseResult]) -> SourceFile:
    """A text file the inventory left unclassified that COPY statements include is a copybook (a BMS
    mapset stays a mapset: it has a copybook module beside its mapset)."""
    if source.path in copied and source.kind in COPIED_TEXT:
        return replace(source, kind=FileKind.COPYBOOK, language="cobol", source_format=source.source_format or "fixed")
    return source


def duplicate_programs(modules: list[Module]) -> list[Diagnostic]:
    """Two programs with one PROGRAM-ID (or two jobs with one name): references resolve to the first
    by path, and users should know."""
    first: dict[str, Module] = {}
    found = []
    for module in modules:
        if module.kind not in (ModuleKind.PROGRAM, ModuleKind.JCL) or module.nested_in:
            continue
        earlier = first.setdefault(f"{module.kind}:{module.key}", module)
        if earlier is not module:
            what = "PROGRAM-ID" if module.kind == ModuleKind.PROGRAM else "job"
            found.append(
                Diagnostic("warning", f"duplicate-{'program' if module.kind == ModuleKind.PROGRAM else 'job'}",
                           f"{what} {module.name} is also defined in {earlier.path}; the graph merges them under one name", module.path, module.line)
            )
    return found


def dedupe(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    seen: set[tuple] = set()
    unique = []
    for d in diagnostics:
        key = (d.path, d.line, d.severity, d.code, d.message)
        if key not in seen:
            seen.add(key)
            unique.append(d)
    return unique


# parsing in worker processes ---------------------------------------------------------------

_CONTEXT: ParseContext | None = None


def parse_one(context: ParseContext, source: SourceFile) -> ParseResult:
    """Parse one file in this process; any exception becomes a diagnostic naming the file."""
    entry = parser_for(source)
    if entry is None:
        return ParseResult()
    _, parse = entry
    try:
        text = read_text(context.root, source)
        return parse(source, text, context)
    except RecursionError:
        return ParseResult(diagnostics=[Diagnostic("error", "parser-recursion", "nesting too deep for the parser; file not analysed", source.path)])
    except Exception as exc:  # noqa: BLE001 - the boundary: nothing escapes a parser
        where = traceback.extract_tb(exc.__traceback__)[-1]
        message = f"internal parser error {type(exc).__name__}: {exc} (at {Path(where.filename).name}:{where.lineno})"
        return ParseResult(diagnostics=[Diagnostic("error", "parser-crash", message, source.path)])


def _worker(conn: Connection, context: ParseContext | None) -> None:
    """Parse files sent over ``conn`` until told to stop, or until the coordinator is gone: a forked
    worker still holds copies of the pipe ends, so a SIGKILLed parent never shows up as EOF; a
    changed parent process id does."""
    context = context or _CONTEXT
    gc.enable()  # forked from a coordinator that paused it: parsing makes cycles (trees with parents)
    parent = os.getppid()
    while True:
        try:
            while not conn.poll(PARENT_CHECK_SECONDS):
                if os.getppid() != parent:
                    return
            task = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if task is None:
            return
        try:
            conn.send(parse_one(context, task).to_dict())
        except KeyboardInterrupt:
            return


class _Worker:
    def __init__(self, mp: Any, context: ParseContext, share_by_fork: bool):
        self.conn, child = mp.Pipe()
        self.process = mp.Process(target=_worker, args=(child, None if share_by_fork else context), daemon=True)
        self.process.start()
        child.close()
        self.task: SourceFile | None = None
        self.started = 0.0

    def give(self, source: SourceFile) -> None:
        self.task = source
        self.started = time.monotonic()
        self.conn.send(source)

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            with contextlib.suppress(OSError):
                self.conn.send(None)
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


_DONE = object()  # what next() gives for idle work that is done


def run_parsers(
    context: ParseContext,
    sources: list[SourceFile],
    jobs: int,
    timeout: float,
    record: Callable[..., None],
    idle: Iterator[None] | None = None,
) -> None:
    """Parse ``sources`` in ``jobs`` worker processes, each file under a deadline of ``timeout`` s.
    ``record(source, parsed, raw)`` hears each result (``raw``: the facts as the worker sent them, or None).
    ``idle``: work the caller does, a step at a time, while no result is ready (the workers are
    started first, so they never fork in the middle of it); what is left of it is the caller's."""
    if not sources:
        return
    global _CONTEXT
    methods = multiprocessing.get_all_start_methods()
    share_by_fork = "fork" in methods
    mp = multiprocessing.get_context("fork" if share_by_fork else "spawn")
    _CONTEXT = context
    queue = sorted(sources, key=lambda s: s.lines)  # popped from the end: biggest first balances best
    workers = [_Worker(mp, context, share_by_fork) for _ in range(min(jobs, len(sources)))]
    try:
        for worker in workers:
            if queue:
                worker.give(queue.pop())
        while any(w.task is not None for w in workers):
            busy = [w for w in workers if w.task is not None]
            deadline = min(w.started for w in busy) + timeout
            if idle is not None:
                ready = wait([w.conn for w in busy], timeout=0)
                if not ready and time.monotonic() < deadline:
                    if next(idle, _DONE) is _DONE:
                        idle = None
                    continue
            else:
                ready = wait([w.conn for w in busy], timeout=max(0.0, deadline - time.monotonic()))
            for worker in busy:
                source = worker.task
                assert source is not None
                raw = None
                outcome = None
                if worker.conn in ready:
                    try:
                        raw = worker.conn.recv()
                    except (EOFError, OSError):
                        code = worker.process.exitcode
                        outcome = ParseResult(
                            diagnostics=[Diagnostic("error", "parser-died", f"parser process died (exit code {code}); file not analysed", source.path)]
                        )
                        worker = _replace(workers, worker, mp, context, share_by_fork)
                elif time.monotonic() - worker.started >= timeout:
                    outcome = ParseResult(
                        diagnostics=[Diagnostic("error", "parse-timeout", f"parsing took longer than {timeout:g} s; stopped, file not analysed", source.path)]
                    )
                    worker = _replace(workers, worker, mp, context, share_by_fork, kill=True)
                else:
                    continue
                worker.task = None
                if queue:  # the next file first: the worker parses while this result is decoded and stored
                    worker.give(queue.pop())
                record(source, outcome if outcome is not None else ParseResult.from_dict(raw), raw)
    finally:
        for worker in workers:
            worker.stop(kill=worker.task is not None)
        _CONTEXT = None


# parsing on an executor ---------------------------------------------------------------------

BATCH_FILES = 64


def parse_batch(context: ParseContext, sources: list[SourceFile], timeout: float) -> list[tuple[str, dict[str, Any]]]:
    """Runs on an executor's worker: the batch's files in a deadline-guarded child process."""
    results: list[tuple[str, dict[str, Any]]] = []
    with _children_allowed():
        run_parsers(context, sources, 1, timeout,
                    lambda source, parsed, raw=None: results.append((source.path, raw if raw is not None else parsed.to_dict())))
    return results


@contextlib.contextmanager
def _children_allowed() -> Any:
    """Executor workers are often daemonic processes (dask's are, by default), and multiprocessing
    refuses to start children from those. Our child is killed with its batch, never orphaned, so the
    flag is lifted while the batch runs."""
    process = multiprocessing.current_process()
    daemonic = process.daemon
    if daemonic:
        process.daemon = False
    try:
        yield
    finally:
        if daemonic:
            process.daemon = True


def batches(sources: list[SourceFile], size: int) -> list[list[SourceFile]]:
    """Biggest files first, dealt round-robin so batches carry similar work."""
    ordered = sorted(sources, key=lambda s: -s.lines)
    count = max(1, -(-len(ordered) // size))
    return [ordered[i::count] for i in range(count)]


def run_parsers_on(executor: Executor, context: ParseContext, sources: list[SourceFile], timeout: float,
                   record: Callable[[SourceFile, ParseResult], None], batch_size: int = BATCH_FILES) -> None:
    """Parse ``sources`` on ``executor`` in batches; a batch that fails there (a lost worker, an
    unpicklable result) becomes one diagnostic per file, never an exception."""
    if not sources:
        return
    futures: dict[Future, list[SourceFile]] = {executor.submit(parse_batch, context, batch, timeout): batch
                                               for batch in batches(sources, batch_size)}
    try:
        for future in as_completed(futures):
            batch = futures[future]
            failure = "the executor returned no result for this file; file not analysed"
            try:
                parsed = dict(future.result())
            except Exception as exc:  # noqa: BLE001 - whatever the executor raises costs the batch's files only
                parsed = {}
                failure = f"the parse task failed on the executor ({type(exc).__name__}: {exc}); file not analysed"
            for source in batch:
                outcome = parsed.get(source.path)
                record(source, ParseResult.from_dict(outcome) if outcome is not None
                       else ParseResult(diagnostics=[Diagnostic("error", "parser-died", failure, source.path)]))
    finally:
        for future in futures:
            future.cancel()


class ExecutorUnavailable(RuntimeError):
    """The cluster asked for cannot be used: dask is not installed or the scheduler is unreachable."""


@contextlib.contextmanager
def dask_executor(address: str, timeout: float = 30.0) -> Any:
    """A dask.distributed client's executor on the scheduler at ``address`` (an optional dependency)."""
    try:
        from distributed import Client
    except ImportError as exc:
        raise ExecutorUnavailable("--dask-scheduler needs dask.distributed: pip install 'modernize[cluster]'") from exc
    try:
        client = Client(address, set_as_default=False, timeout=timeout)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ExecutorUnavailable(f"cannot reach the dask scheduler at {address}: {exc}") from exc
    with client:
        yield client.get_executor()


def _replace(workers: list[_Worker], old: _Worker, mp: Any, context: ParseContext, share_by_fork: bool, kill: bool = False) -> _Worker:
    old.stop(kill=kill)
    new = _Worker(mp, context, share_by_fork)
    workers[workers.index(old)] = new
    return new
