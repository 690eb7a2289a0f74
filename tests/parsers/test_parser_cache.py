"""Cached facts are keyed by one fingerprint of all the code facts come from: a change to any parser
module, the catalogue or the facts model invalidates the cached facts of every language (JCL facts
hold CSD modules, PL/I uses the COBOL EXEC analyser, every parser builds the model's classes)."""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from modernize.parsers import PACKAGE, parser_fingerprint, registry
from modernize.pipeline.parse import parser_key

REGISTRY_VERSIONS = "import json; from modernize.parsers import registry; print(json.dumps({k: v[0] for k, v in registry().items()}))"


def fact_sources(package: Path) -> list[Path]:
    return sorted((package / "parsers").rglob("*.py")) + [package / "catalog.py", package / "model.py"]


def change(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")


@pytest.fixture
def copied_package(tmp_path: Path) -> Path:
    """The modernize package, copied whole: importable from tmp_path, edited without touching ours."""
    shutil.copytree(PACKAGE, tmp_path / "modernize", ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path / "modernize"


def registry_versions(package: Path) -> dict[str, str]:
    """language -> facts version, as a fresh interpreter importing ``package`` sees them."""
    env = {**os.environ, "PYTHONPATH": str(package.parent)}
    found = subprocess.run([sys.executable, "-c", REGISTRY_VERSIONS], capture_output=True, text=True, env=env, cwd=package.parent, check=True)
    return json.loads(found.stdout)


def test_every_language_is_versioned_by_the_one_fingerprint():
    versions = {language: version for language, (version, _) in registry().items()}
    assert set(versions.values()) == {parser_fingerprint()}
    assert {"cobol", "jcl", "bms", "csd", "sql", "fortran", "c", "pli", "natural"} <= set(versions)
    # the store keeps each language's facts apart all the same
    assert len({parser_key(language, version) for language, version in versions.items()}) == len(versions)


def test_a_change_to_any_module_facts_come_from_changes_the_fingerprint(copied_package):
    baseline = parser_fingerprint(copied_package)
    assert baseline == parser_fingerprint(PACKAGE)  # a function of these files alone, wherever they are
    sources = fact_sources(copied_package)
    assert {p.relative_to(copied_package).as_posix() for p in sources} >= {
        "parsers/__init__.py", "parsers/_text.py", "parsers/jcl.py", "parsers/csd.py", "parsers/bms.py", "parsers/ddl.py",
        "parsers/pli.py", "parsers/natural.py", "parsers/treesitter.py", "parsers/cobol/parser.py", "parsers/cobol/exec_blocks.py",
        "catalog.py", "model.py"}
    seen = {baseline}
    for path in sources:
        original = path.read_bytes()
        change(path)
        changed = parser_fingerprint(copied_package)
        assert changed not in seen, f"changing {path.relative_to(copied_package)} left the facts version as it was"
        seen.add(changed)
        path.write_bytes(original)
    assert parser_fingerprint(copied_package) == baseline
    change(copied_package / "report" / "__init__.py")  # not where facts come from: cached facts stay valid
    assert parser_fingerprint(copied_package) == baseline


@pytest.mark.slow  # two fresh interpreters per case
@pytest.mark.parametrize("module", ["parsers/_text.py", "parsers/bms.py", "catalog.py"])
def test_the_cached_facts_of_every_language_are_invalidated(copied_package, module):
    """End to end, in a fresh interpreter: one shared module, one language's own module, the
    catalogue; each time every registered language gets a new facts version."""
    before = registry_versions(copied_package)
    change(copied_package / module)
    after = registry_versions(copied_package)
    assert set(before) == set(after) == set(registry())
    assert all(after[language] != before[language] for language in before), (before, after)


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


@pytest.mark.slow  # imports every parser module afresh (1 s)
def test_parsers_read_through_their_context_and_the_graph_stands_on_the_facts_alone():
    for path in sorted((PACKAGE / "parsers").rglob("*.py")):
        assert not {m for m in imported_modules(path) if m.startswith("modernize.inventory")}, f"{path.name} imports the inventory"
    for path in sorted((PACKAGE / "graph").rglob("*.py")):
        assert not {m for m in imported_modules(path) if m.startswith("modernize.parsers")}, f"graph/{path.name} imports a parser"
