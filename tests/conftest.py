"""Shared helpers: write small sources into a temporary repository and analyse them; and the example
estate analysed and run once per session, for every test that only reads it.

The session fixtures (read them, never change them; a test that changes an estate, an OUT or a store
makes its own):

- ``example_run``: OUT of one ``modernize run examples/cobol``, parsed fresh into the session's store;
- ``example_estate``: an ``Estate`` of examples/cobol on that store (facts, graph, documents, plan);
- ``example_rescan``: a second, independent scan (one worker, no store), for "same input, same output";
- ``warm_cache``: per test, a private copy of the session's store, so a command on examples/cobol
  skips the parse where the parse is not what the test is about;
- ``example_capture`` (tests/testgen/conftest.py): OUT of one ``run --capture`` (GnuCOBOL, bubblewrap).

Tests that need cobc, Chromium, dask or bubblewrap, capture golden masters, talk to a (fake) model
through litellm (its import alone takes seconds), or take more than about a second are marked
``slow``; ``make test-fast`` (``pytest -m "not slow"``) leaves them out.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from modernize.config import Settings
from modernize.inventory import take_inventory
from modernize.model import Diagnostic, Module
from modernize.parsers import parser_for
from modernize.pipeline import build_context

# The user's own config file and store key live under these: tests never read or write the real ones.
_USER_DIRS = Path(tempfile.mkdtemp(prefix="modernize-test-user-"))
os.environ["XDG_CONFIG_HOME"] = str(_USER_DIRS / "config")
os.environ["XDG_CACHE_HOME"] = str(_USER_DIRS / "cache")
os.environ["MODERNIZE_CACHE_DIR"] = str(_USER_DIRS / "store")  # not .modernize/ in the checkout, under a key that is not yours
os.environ.pop("MODERNIZE_CONFIG", None)
os.environ.pop("MODERNIZE_UNSANDBOXED", None)
os.environ["SOURCE_DATE_EPOCH"] = "1767225600"  # the annex's date (2026-01-01): golden plan.docx bytes do not depend on the day

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "cobol"


def fixed(source: str, start: int = 100, margin: bool = True, step: int = 100) -> str:
    """Fixed-format COBOL from lines whose first character is the indicator (column 7).

    Sequence numbers go into columns 1-6, so tests read like the code they describe. With
    ``margin`` a line running past column 72 is a mistake in the test, not a test of the margin.
    """
    lines = source.strip("\n").split("\n")
    too_long = [line for line in lines if len(line) > 66]
    assert not margin or not too_long, f"test source runs past column 72: {too_long[0]!r}"
    return "\n".join(f"{(start + step * i) % 1_000_000:06d}{line}" if line else "" for i, line in enumerate(lines)) + "\n"


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


class Analysis:
    """Facts of a small repository, analysed in this process (no worker pool)."""

    def __init__(self, root: Path, settings: Settings | None = None):
        settings = settings or Settings()
        self.inventory = take_inventory(root)
        context = build_context(root, self.inventory.files, settings)
        self.modules: list[Module] = []
        self.diagnostics: list[Diagnostic] = list(self.inventory.diagnostics)
        for source in self.inventory.files:
            entry = parser_for(source)
            if entry is None:
                continue
            result = entry[1](source, context.read(source), context)
            self.modules.extend(result.modules)
            self.diagnostics.extend(result.diagnostics)
            for module in result.modules:
                self.diagnostics.extend(module.diagnostics)

    def module(self, name: str) -> Module:
        found = [m for m in self.modules if m.name == name]
        assert found, f"no module {name}; have {[m.name for m in self.modules]}"
        return found[0]

    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]


def copy_store(source: Path, target: Path) -> Path:
    """A private copy of a store folder (no connection is open between tests)."""
    shutil.copytree(source, target)
    return target


@pytest.fixture(scope="session")
def example_cache(tmp_path_factory) -> Path:
    """The session's store for examples/cobol: written by ``example_run``, read by the other fixtures."""
    return tmp_path_factory.mktemp("example") / "cache"


@pytest.fixture(scope="session")
def example_run(example_cache: Path, tmp_path_factory) -> Path:
    """OUT of ``modernize run examples/cobol`` for the whole session; its facts are parsed fresh (the
    store starts empty), so ``tests/pipeline/test_run.py`` compares a cold run with a warm one."""
    from click.testing import CliRunner

    from modernize.cli import cli

    out = tmp_path_factory.mktemp("example-run") / "out"
    result = CliRunner().invoke(cli, ["run", str(EXAMPLES), "-o", str(out), "--cache-dir", str(example_cache), "-q"])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="session")
def example_estate(example_run: Path, example_cache: Path):
    """examples/cobol as an ``Estate`` for the whole session: the facts ``example_run`` stored, and the
    graph, analysis, documents and plan computed once, on first use."""
    from modernize.pipeline.estate import Estate

    return Estate(EXAMPLES, Settings(cache_dir=str(example_cache)))


@pytest.fixture(scope="session")
def example_rescan():
    """examples/cobol scanned again, independently: one worker, no store."""
    from modernize.pipeline import scan

    return scan(EXAMPLES, Settings(jobs=1))


@pytest.fixture
def warm_cache(example_run: Path, example_cache: Path, tmp_path: Path) -> Path:
    """This test's own copy of the session's store, holding the facts and findings of examples/cobol."""
    return copy_store(example_cache, tmp_path / "warm-cache")


@pytest.fixture
def analyse(tmp_path: Path):
    def run(files: dict[str, str | bytes]) -> Analysis:
        return Analysis(write_tree(tmp_path / "repo", files))

    return run


@pytest.fixture(scope="session")
def sandbox() -> bool:
    """bubblewrap can isolate the estate's programs here; required in CI (.ci/run installs it)."""
    from modernize.sandbox import bwrap_works

    if bwrap_works():
        return True
    if os.environ.get("CI"):
        pytest.fail("bubblewrap (bwrap) must work in CI: .ci/run installs Debian's bubblewrap")
    pytest.skip("bubblewrap (bwrap) is not installed or cannot create namespaces here")


@pytest.fixture(scope="session")
def cobc() -> str:
    """Path of GnuCOBOL's compiler; required in CI, skipped on a developer machine without it."""
    found = shutil.which("cobc")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("cobc (GnuCOBOL) is required in CI: .ci/run installs Debian's gnucobol3")
    pytest.skip("cobc (GnuCOBOL) is not installed; `apt-get install gnucobol3` to run this test")


def pytest_terminal_summary(terminalreporter):
    """Say how many fuzz cases ran, so a budget that shrank to nothing is visible."""
    try:
        from tests.parsers.test_fuzz import CASES
    except ImportError:
        return
    if CASES["count"]:
        terminalreporter.write_line(f"fuzz cases run: {CASES['count']}")


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]


@pytest.fixture
def browser():
    """Headless Debian Chromium through Playwright; required in CI, skipped on a machine without it."""
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is required in CI: .ci/run installs Debian's chromium")
        pytest.skip("chromium is not installed")
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
