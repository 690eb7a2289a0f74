"""The outputs of `modernize run` on the example estates, pinned by a manifest of hashes.

A refactoring must leave every output byte-identical (modernize's own bookkeeping, the dot files
that say what was written and from what, is not output); a change of output is made on purpose and the
manifest regenerated with ``MODERNIZE_UPDATE_GOLDEN=1 pytest tests/pipeline/test_outputs_stable.py``. The
manifest records the versions of the libraries that render outputs (highlighting, docx, the graph
viewer): where they differ, the comparison would measure them rather than modernize, so it skips.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from importlib import metadata
from pathlib import Path

import pytest
from click.testing import CliRunner

from modernize.cli import cli
from tests.conftest import EXAMPLES, ROOT

MANIFEST = ROOT / "tests" / "golden" / "run-manifest.json"
RENDERERS = ("pygments", "python-docx", "networkx", "pyvis", "jinja2", "markdown-it-py", "sqlglot", "tree-sitter-language-pack")
ESTATES = {"cobol": ("cobol",), "mixed": ("cobol", "pli", "natural", "fortran", "c")}


def versions() -> dict[str, str]:
    return {name: metadata.version(name) for name in RENDERERS}


def outputs(tmp: Path, estate: str, request: pytest.FixtureRequest) -> dict[str, str]:
    if estate == "cobol":  # the session's run of examples/cobol (tests/conftest.py), whose root is <TMP>/cobol too
        return hashes(request.getfixturevalue("example_run"), EXAMPLES.parent)
    root = tmp / estate
    for language in ESTATES[estate]:
        shutil.copytree(ROOT / "examples" / language, root / language if estate == "mixed" else root)
    out = tmp / f"{estate}-out"
    result = CliRunner().invoke(cli, ["run", str(root), "-o", str(out), "--cache-dir", str(tmp / f"{estate}-cache"), "-q"])
    assert result.exit_code == 0, result.output
    return hashes(out, tmp)


def hashes(out: Path, tmp: Path) -> dict[str, str]:
    """sha256 of every output file but modernize's bookkeeping, with ``tmp`` (the root's parent) as <TMP>."""
    hashes = {}
    for path in sorted(out.rglob("*")):
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(out).parts):  # not bookkeeping
            data = path.read_bytes().replace(str(tmp).encode(), b"<TMP>")
            hashes[path.relative_to(out).as_posix()] = hashlib.sha256(data).hexdigest()
    return hashes


@pytest.mark.parametrize("estate", [pytest.param("cobol"), pytest.param("mixed", marks=pytest.mark.slow)])  # mixed: a run of its own
def test_run_outputs_are_byte_identical_to_the_manifest(tmp_path, estate, request):
    manifest = json.loads(MANIFEST.read_text()) if MANIFEST.is_file() else {"versions": {}, "estates": {}}
    found = outputs(tmp_path, estate, request)
    if os.environ.get("MODERNIZE_UPDATE_GOLDEN") == "1":
        manifest["versions"] = versions()
        manifest["estates"][estate] = found
        MANIFEST.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
        return
    if manifest["versions"] != versions():
        pytest.skip(f"the manifest was made with {manifest['versions']}, this environment has {versions()}: regenerate it")
    expected = manifest["estates"][estate]
    assert sorted(found) == sorted(expected), "the set of output files changed"
    changed = sorted(name for name in found if found[name] != expected[name])
    assert changed == [], f"outputs changed: {changed}"
