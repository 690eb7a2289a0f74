"""The session's one ``modernize run examples/cobol --capture``: shared by the tests that only read it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import EXAMPLES


@pytest.fixture(scope="session")
def example_capture(tmp_path_factory, cobc, sandbox) -> Path:
    """OUT of ``modernize run examples/cobol --capture``: the batch programs built with GnuCOBOL and run
    in the bubblewrap sandbox, golden masters recorded in OUT/tests. Read it; running pytest in
    OUT/tests builds the legacy programs again, so a test that changes what is built works on a copy."""
    from click.testing import CliRunner

    from modernize.cli import cli

    out = tmp_path_factory.mktemp("example-capture") / "out"
    result = CliRunner().invoke(cli, ["run", str(EXAMPLES), "-o", str(out), "--cache-dir", str(out.parent / "cache"), "-q", "--capture"])
    assert result.exit_code == 0, result.output
    return out
