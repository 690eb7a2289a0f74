"""``Estate``: one analysed repository, the run as a typed object.

Every part is computed by one stage function, lazily and once, from the parts before it:

    scan ─▶ findings
      └──▶ graph ─▶ analysis
             ├──▶ narratives ─▶ documents
             └──▶ plan ─▶ tests
    (all of them) ─▶ outputs ─▶ modernize.pipeline.write

The command line, ``modernize.analyse`` (the Python API), ``ask`` and ``mcp`` and the tests all use
this object; none of them calls a stage in its own order.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from modernize.config import Settings
from modernize.document import Document
from modernize.findings import Finding
from modernize.model import Diagnostic, Module, SourceFile
from modernize.pipeline.parse import ScanResult
from modernize.store import Store


class Observer:
    """What a run says while it works. The command line shows it; the Python API stays silent."""

    def stage(self, name: str, text: str) -> None:
        """A stage starts (``text`` says what it does)."""

    def inventoried(self, count: int) -> None:
        """The inventory is done; ``count`` files are to be parsed."""

    def parsed(self, path: str) -> None:
        """One file is parsed."""

    def problem(self, text: str) -> None:
        """Something the user should know that is not a diagnostic of a file (the store, capture)."""


@dataclass(frozen=True)
class RunOptions:
    """The choices of one run that are not settings of the repository."""

    lang: str = "en"
    mask_findings: bool = False
    strategy: str | None = None  # plan strategy; None: the settings' [plan] strategy
    llm: Any = None  # document.llm.LLMSettings; None: nothing is sent anywhere
    sandbox: Any = None  # sandbox.Sandbox; None: the estate's code does not run (no golden masters)
    capture_budget: float | None = None  # seconds for every golden-master capture together; None: no limit
    name: str = ""  # the estate's name in titles; default: the repository folder's name


@dataclass
class Narration:
    """The LLM layer's result: narratives by module key, usage, and the model that wrote them."""

    narratives: dict[str, Any] = field(default_factory=dict)
    usage: Any = None
    model: str = ""
    diagnostics: list[Diagnostic] = field(default_factory=list)


class Documents(dict):
    """Documents keyed ``kind:name``; ``documents["TSB010"]`` finds a module by name (a program
    before a copybook, job or transaction of the same name)."""

    ORDER = ("program", "copybook", "jcl", "proc", "transaction", "class", "service", "api")

    def __missing__(self, name: str) -> Document:
        wanted = str(name).upper()
        matches = sorted((key for key in self if key.split(":", 1)[1].upper() == wanted),
                         key=lambda key: self.ORDER.index(key.split(":", 1)[0]) if key.split(":", 1)[0] in self.ORDER else 99)
        if not matches:
            raise KeyError(name)
        return self[matches[0]]


class Estate:
    """Facts, graph, documents, plan, tests and report of one repository, each computed on first use."""

    def __init__(self, root: Path | str, settings: Settings | None = None, options: RunOptions | None = None,
                 observer: Observer | None = None):
        self.root = Path(root)
        self.settings = settings or Settings()
        self.options = options or RunOptions()
        self.observer = observer or Observer()
        self.name = self.options.name or self.root.resolve().name
        self.seconds: dict[str, float] = {}

    @contextmanager
    def timed(self, name: str, text: str) -> Iterator[None]:
        """Time a stage (for the run summary) and tell the observer it started."""
        self.observer.stage(name, text)
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started
            # What a stage leaves is kept for the run (facts, graph, documents): millions of objects
            # the cyclic collector would otherwise walk again at each full collection of later stages.
            gc.freeze()

    @contextmanager
    def store(self) -> Iterator[Store]:
        """The store of cached facts; its problems (damaged, foreign, unwritable) reach the observer."""
        with Store(Path(self.settings.cache_dir)) as store:
            try:
                yield store
            finally:
                for problem in store.problems:
                    self.observer.problem(f"store: {problem}")

    # -- the stages, in order ---------------------------------------------------------------------

    @functools.cached_property
    def scanned(self) -> ScanResult:
        """Inventory and facts of every file (parsed in worker processes; unchanged files from the store)."""
        from modernize.pipeline.parse import scan

        with self.timed("scan", "parsing"), self.store() as store:
            run_id = store.start_run("scan", str(self.root.resolve()))
            result = scan(self.root, self.settings, store if self.settings.use_cache else None,
                          on_inventory=self.observer.inventoried, on_parsed=self.observer.parsed)
            store.finish_run(run_id, "errors" if result.errors else "ok", result.counts())
        return result

    @functools.cached_property
    def findings(self) -> list[Finding]:
        """Credentials and personal data in every text file (cached per content)."""
        from modernize.findings import find_sensitive
        from modernize.inventory import read_text

        with self.timed("findings", "looking for credentials and personal data"), self.store() as store:
            return find_sensitive(self.root, self.files, read_text, store if self.settings.use_cache else None, self.settings.worker_count)

    @functools.cached_property
    def graph(self) -> nx.MultiDiGraph:
        from modernize.graph.build import build_graph

        with self.timed("graph", "building the dependency graph"):
            return build_graph(self.modules)

    @functools.cached_property
    def graph_json(self) -> str:
        from modernize.graph.export import to_json

        return to_json(self.graph)

    @functools.cached_property
    def analysis(self) -> dict[str, Any]:
        """Cycles, entry points, hubs, components…; cached in the store by the graph's hash."""
        from modernize.graph.analyze import analyse
        from modernize.model import dumps

        key = f"analysis:{self.graph_key}"
        with self.timed("graph", "analysing the dependency graph"), self.store() as store:
            cached = store.get_stage(key) if self.settings.use_cache else None
            if cached is not None:
                try:
                    return json.loads(cached)
                except ValueError:
                    pass
            result = analyse(self.graph)
            store.put_stage(key, dumps(result))
            return json.loads(dumps(result))  # the same value whether computed now or read back

    @functools.cached_property
    def narration(self) -> Narration:
        """Narratives from the model the user named; without one, nothing is sent and this is empty."""
        settings = self.options.llm
        if settings is None:
            return Narration()
        from modernize.document.llm import narrate_modules

        with self.timed("documents", "asking the model for narratives"), self.store() as store:
            narrator = narrate_modules(settings, store, self.root, self.modules, self.graph, self.files)
        return Narration(narrator.narratives, narrator.usage, settings.model, narrator.diagnostics)

    @functools.cached_property
    def documents(self) -> Documents:
        from modernize.document import make_documents

        narration = self.narration
        with self.timed("documents", "documenting modules"):
            return Documents(make_documents(self.modules, self.graph, self.options.lang, narration.narratives, narration.model,
                                            self.settings.worker_count))

    @functools.cached_property
    def plan(self) -> Any:
        """The replacement plan (``modernize.plan.Plan``)."""
        from modernize.plan import make_plan
        from modernize.plan.annex import AnnexInfo
        from modernize.plan.build import PlanSettings

        with self.timed("plan", "planning the replacement"):
            return make_plan(self.graph, self.modules, self.name, PlanSettings.from_table(self.settings.plan, self.options.strategy),
                             AnnexInfo.from_table(self.settings.plan))

    @functools.cached_property
    def tests(self) -> Any:
        """The characterization test project (``modernize.testgen.TestProject``); nothing runs here."""
        from modernize.testgen import make_tests

        with self.timed("tests", "generating characterization tests"):
            return make_tests(self.modules, self.plan.steps, self.files, self.root, self.settings.worker_count)

    # -- views ------------------------------------------------------------------------------------

    @property
    def files(self) -> list[SourceFile]:
        return self.scanned.files

    @property
    def modules(self) -> list[Module]:
        return self.scanned.modules

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """Every diagnostic: the files' and, once narratives were asked for, the model's."""
        if "narration" not in self.__dict__:
            return self.scanned.diagnostics
        return [*self.scanned.diagnostics, *self.narration.diagnostics]

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == "error")

    @functools.cached_property
    def graph_key(self) -> str:
        from modernize.pipeline.stamps import code_version

        return hashlib.sha256((self.graph_json + self.name + code_version()).encode("utf-8", "backslashreplace")).hexdigest()

    @functools.cached_property
    def files_by_path(self) -> dict[str, SourceFile]:
        return {f.path: f for f in self.files}

    @functools.cached_property
    def by_node(self) -> dict[str, Module]:
        """node id -> module (the first by path when two define one name, like the graph)."""
        index: dict[str, Module] = {}
        for module in self.modules:
            index.setdefault(module.node_id, module)
        return index

    def node(self, name: str) -> str | None:
        """The graph node a user's name means (``TSB010``, ``program:TSB010``, a dataset name…)."""
        from modernize.graph.analyze import find_node

        return find_node(self.graph, name.strip())

    def module(self, name: str) -> Module | None:
        found = self.node(name)
        return self.by_node.get(found) if found else None

    def document(self, node: str) -> str:
        """The fact-based document of the module behind a graph node ('' when it has none)."""
        module = self.by_node.get(node)
        if module is None:
            return ""
        found = self.documents.get(f"{module.kind}:{module.name}")
        return found.text if found else ""

    def source_lines(self, path: str) -> list[str]:
        from modernize.inventory import read_text

        source = self.files_by_path.get(path)
        if source is None:
            return []
        try:
            return read_text(self.root, source).split("\n")
        except OSError:
            return []

    def write(self, out: Path | str, force: bool = False) -> Any:
        """Every output in ``out`` (see ``modernize.pipeline.write``); returns what was written."""
        from modernize.pipeline.write import write

        return write(self, Path(out), force)


def analyse(path: Path | str, *, lang: str = "en", model: str | None = None, api_base: str | None = None, redact: bool = False,
            strategy: str | None = None, settings: Settings | None = None, observer: Observer | None = None,
            on_progress: Callable[[str], None] | None = None) -> Estate:
    """The Python API: an ``Estate`` for the repository at ``path``. Nothing is computed until asked
    for (``estate.graph``, ``estate.plan``, ``estate.documents["TSB010"]``, ``estate.write("out")``).

    Settings come from ``settings`` or, by default, the user's own config and the repository's
    ``modernize.toml`` (with the same trust rules as the command line). ``model`` names a litellm
    model for narratives; without it nothing is sent anywhere."""
    from modernize.config import load_settings

    settings = settings or load_settings(Path(path))
    llm = None
    if model:
        from modernize.document.llm import LLMSettings

        llm = LLMSettings(model=model, api_base=api_base, redact=redact, lang=lang)
    if on_progress is not None and observer is None:
        observer = _Progress(on_progress)
    return Estate(path, settings, RunOptions(lang=lang, strategy=strategy, llm=llm), observer)


class _Progress(Observer):
    def __init__(self, report: Callable[[str], None]):
        self.report = report

    def stage(self, name: str, text: str) -> None:
        self.report(text)
