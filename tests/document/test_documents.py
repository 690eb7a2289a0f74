"""Fact-based documents: golden files for three example programs in English and Dutch."""

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from modernize.cli import cli
from modernize.document import make_documents
from modernize.document.facts_doc import document_name, md, where
from modernize.escape import md_code
from modernize.model import Module
from tests.conftest import EXAMPLES

GOLDEN = Path(__file__).parent.parent / "golden" / "docs"
PROGRAMS = ["TSB010", "TSU020", "TSO100"]


def write_documents(modules, graph, directory, lang):
    """The documents in ``directory`` (as the writer places them in OUT/docs); returns key -> file name."""
    directory.mkdir(parents=True, exist_ok=True)
    documents = make_documents(modules, graph, lang)
    for document in documents.values():
        (directory / document.name).write_text(document.text)
    return {key: document.name for key, document in documents.items()}


@pytest.fixture(scope="module")
def estate(example_estate):
    return example_estate.modules, example_estate.graph


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_golden_documents(estate, lang, tmp_path):
    modules, graph = estate
    write_documents(modules, graph, tmp_path, lang)
    for program in PROGRAMS:
        produced = (tmp_path / f"{program}.md").read_text()
        golden = GOLDEN / f"{program}.{lang}.md"
        if os.environ.get("UPDATE_GOLDEN"):
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_text(produced)
        assert produced == golden.read_text(), f"{program} ({lang}) differs from {golden}; UPDATE_GOLDEN=1 regenerates after review"


def test_documents_say_what_a_reader_needs(estate, tmp_path, warm_cache):
    modules, graph = estate
    written = write_documents(modules, graph, tmp_path, "en")
    assert {"program:TSB010", "copybook:TSLPERS", "jcl:TSJ020", "transaction:TS01", "proc:TSBATCH"} <= set(written)
    tsb010 = (tmp_path / "TSB010.md").read_text()
    assert "TSB010 - CONTROLE INGEKOMEN AANVRAGEN" in tsb010
    assert "| writes | dataset TSL.PROD.AANVGOED | dd (DD AANVGOED, step TSJ010.STEP020) | `jcl/TSJ010.jcl:57` |" in tsb010
    assert "unreachable paragraphs: 8000-GIRO-CONTROLE, 8000-EXIT" in tsb010
    assert "NOT AI-SOORT-GELDIG [AI-SOORT = 'HT' 'ZT']" in tsb010
    assert "**Run by**: job TSJ010, job TSJ060" in tsb010
    job = (tmp_path / "TSJ020.md").read_text()
    assert "| BETAAL.BEREKEN | TSB020 |" in job
    assert "TSO110" in (tmp_path / "TS01.md").read_text()
    nl = CliRunner().invoke(cli, ["docs", str(EXAMPLES), "-o", str(tmp_path / "nl"), "--lang", "nl", "--cache-dir", str(warm_cache), "-q"])
    assert nl.exit_code == 0
    assert "## Bedrijfsregels" in (tmp_path / "nl" / "TSU020.md").read_text()


def test_source_text_cannot_become_markup_or_escape_the_output_directory():
    assert md("<script>alert(1)</script> [x](javascript:y) *a*") == "\\<script\\>alert\\(1\\)\\</script\\> \\[x\\]\\(javascript:y\\) \\*a\\*"
    taken: set[str] = set()
    hostile = Module(name="../../ETC/PASSWD", kind="program", language="cobol", path="x")
    assert "/" not in document_name(hostile, taken) and not document_name(hostile, taken).startswith(".")


@pytest.mark.parametrize("path", ["src/A.cbl", "`odd`/B.cbl", "a``b/C", " lead", "trail ", "tab\there", "cr\r\nlf", "x:0/y", "\x07bell"])
def test_where_is_the_code_span_of_path_and_line(path: str) -> None:
    # where() builds a million spans from a path's two ends; they must be what md_code makes of the whole.
    for line in (1, 17, 120000):
        assert where(path, line) == md_code(f"{path}:{line}")
    assert where(path, None) == md_code(path)
