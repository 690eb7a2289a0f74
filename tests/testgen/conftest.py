"""The session's one ``modernize run examples/cobol --capture``: shared by the tests that only read it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES


@pytest.fixture(scope="session")
def example_capture(tmp_path_factory, cobc, sandbox) -> Path:
    """OUT of ``modernize run examples/cobol -o out --cache-dir .modernize --capture``, run as README.md
    says: from the folder that holds examples/ (a copy of the example estate), with relative paths. The
    batch programs are built with GnuCOBOL and run in the bubblewrap sandbox, golden masters recorded
    in OUT/tests. Read it; running pytest in OUT/tests builds the legacy programs again (in pytest's
    own temporary folder), so a test that changes what is built works on a copy of OUT/tests."""
    from click.testing import CliRunner

    from modernize.cli import cli

    folder = tmp_path_factory.mktemp("example-capture")
    shutil.copytree(EXAMPLES, folder / "examples" / "cobol")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        result = CliRunner().invoke(cli, ["run", "examples/cobol", "-o", "out", "--cache-dir", ".modernize", "-q", "--capture"])
    assert result.exit_code == 0, result.output
    return folder / "out"
