"""The toeslagen estate as it lives in a real monorepo (tests/fixtures/monorepo overlaid on a copy of
examples/cobol): a Java service, a Node front end with its lock file, licence texts, scripts in five
languages, and the mainframe oddities real repositories hold. Exact expectations: no non-mainframe
file becomes a mainframe module or a source of diagnostics, every COPY resolves, and each oddity
gives the facts a compiler or a job scheduler would."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from modernize.config import Settings
from modernize.pipeline.estate import Estate
from tests.conftest import EXAMPLES, ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "monorepo"
NON_MAINFRAME = ("service/", "web/", "scripts/", "LICENSE", "NOTICES", "README.md")
MAINFRAME_KINDS = {"program", "copybook", "jcl", "proc", "jclinclude", "bms", "mapset", "ddl", "csd", "table", "view", "index",
                   "transaction", "cicsfile", "database", "dbd", "psb", "tablespace"}


@pytest.fixture(scope="module")
def monorepo(tmp_path_factory) -> Estate:
    root = tmp_path_factory.mktemp("monorepo") / "toeslagen"
    shutil.copytree(EXAMPLES, root)
    shutil.copytree(FIXTURE, root, dirs_exist_ok=True)
    (root / "README.md").write_text((FIXTURE / "README.md").read_text())
    estate = Estate(root, Settings(cache_dir=str(tmp_path_factory.mktemp("cache")), jobs=2))
    estate.scanned  # noqa: B018 - parse once for every test of the module
    return estate


def modules_named(estate: Estate, name: str) -> list:
    return [m for m in estate.modules if m.name.upper() == name]


def targets(estate: Estate, program: str, kind: str) -> set[str]:
    module = modules_named(estate, program)[0]
    return {r.target.upper() for r in module.references if r.kind == kind}


def test_no_file_of_the_java_node_or_script_world_becomes_a_mainframe_module_or_a_diagnostic(monorepo):
    foreign = [f for f in monorepo.files if f.path.startswith(NON_MAINFRAME)]
    assert len(foreign) == 18
    assert [f.path for f in foreign if f.kind in MAINFRAME_KINDS] == []
    outside = [m for m in monorepo.modules if m.path.startswith(NON_MAINFRAME)]
    assert [(m.kind, m.name) for m in outside] == [("class", "nl.toeslagen.api.Account"), ("class", "nl.toeslagen.api.Customer")]
    assert [(r.kind, r.target, r.line) for r in outside[0].references] == [("writes", "BETALING", 21)]
    assert [str(d) for d in monorepo.diagnostics if d.path.startswith(NON_MAINFRAME) and d.severity != "info"] == []
    languages = {f.path: f.language for f in foreign}
    assert languages["service/src/main/java/nl/toeslagen/api/Account.java"] == "java"
    assert languages["web/src/App.js"] == "javascript"


def test_every_copy_resolves_as_a_compiler_resolves_it(monorepo):
    assert [str(d) for d in monorepo.diagnostics if d.code == "copybook-missing"] == []
    copied = targets(monorepo, "TSX100", "includes")
    assert {"TSLTYPES", "TSLREC", "TSLKLEUR", "TSLCALC", "TSM200"} <= copied
    assert not any("." in name for name in copied)  # one node per member, not TYPES.CPY
    assert "TSU020" in targets(monorepo, "TSX100", "calls")  # the extensionless procedure copybook's CALL
    for member in ("TSLCALC", "TSLLABEL"):
        assert [m.kind for m in modules_named(monorepo, member)] == ["copybook"]


def test_a_program_copied_by_mistake_is_not_expanded(monorepo):
    assert len(modules_named(monorepo, "TSB010")) == 1
    said = [d for d in monorepo.diagnostics if d.path == "cbl/TSX200.cbl" and "TSB010" in d.message]
    assert said, "the COPY of a program is reported"


def test_ebcdic_records_without_line_ends_and_nul_padding_are_read_as_the_programs_they_are(monorepo):
    ebcdic = next(f for f in monorepo.files if f.path == "cbl/TSX300")
    assert ebcdic.kind == "program" and ebcdic.encoding.startswith("cp")
    assert targets(monorepo, "TSX300", "calls") == {"TSU010"}
    padded = next(f for f in monorepo.files if f.path == "cbl/TSX400.cbl")
    assert padded.kind == "program"
    assert targets(monorepo, "TSX400", "calls") == {"TSU030"}


def test_ddl_in_a_jcl_job_gives_a_table_with_its_columns(monorepo):
    table = next(m for m in monorepo.modules if m.kind == "table" and m.name.upper().endswith("REGELING"))
    assert table.path == "jcl/TSJDDL.jcl"
    assert {"REG_CODE", "REG_SOORT", "REG_BEDRAG"} <= {s.name for s in table.symbols}


def test_a_unikix_job_script_is_a_job_that_runs_its_program_on_its_files(monorepo):
    job = next(m for m in monorepo.modules if m.path == "unikix/TSJ070.ksh")
    assert job.kind == "jcl" and job.name.upper() == "TSJ070"
    assert "TSB010" in {r.target.upper() for r in job.references if r.kind == "executes"}
    graph = monorepo.graph
    assert graph.has_edge("program:TSB010", "dataset:TSL.PROD.AANVGOED")


def test_ims_dbd_and_psb_define_the_database_and_the_programs_view(monorepo):
    kinds = {m.path: m.kind for m in monorepo.modules}
    assert kinds.get("ims/TSLDBD.dbd") and kinds.get("ims/TSB500.psb")
    segments = {m.name for m in monorepo.modules if m.path == "ims/TSLDBD.dbd" and m.kind == "segment"}
    assert {"AANVRAAG", "BESLUIT"} <= segments
    psb = next(m for m in monorepo.modules if m.path == "ims/TSB500.psb")
    assert {r.target for r in psb.references} & segments


def test_findings_come_from_sources_not_from_lock_files_manifests_or_licences(monorepo):
    noisy = [f for f in monorepo.findings if f.path.startswith(("web/", "LICENSE", "NOTICES"))]
    assert noisy == []


@pytest.mark.slow  # writes every output of the run (2 s)
def test_the_whole_run_exits_clean_but_for_the_copied_program(monorepo, tmp_path):
    errors = {(d.path, d.code) for d in monorepo.diagnostics if d.severity == "error"}
    assert {path for path, _ in errors} <= {"cbl/TSX200.cbl"}
    written = monorepo.write(tmp_path / "out")
    assert (tmp_path / "out" / "index.html").is_file() and written.written
    assert not any(Path(p).name.startswith(("Account", "App", "yarn")) for p in written.written)


def test_files_that_are_no_estate_sources_get_no_warnings_and_no_exit_code(tmp_path):
    """A minified bundle's 40 000-character line, a note's long paragraph, JSON with bytes of no encoding, a
    Java class in latin-1 with a stray byte: read, listed,
    never a warning or an error, so the run's exit code is the estate's."""
    from modernize.pipeline import scan

    root = tmp_path / "repo"
    (root / "web").mkdir(parents=True)
    (root / "web" / "vendor.js").write_text("var a=1;" * 5000 + "\n")
    (root / "docs").mkdir()
    (root / "docs" / "NOTES.txt").write_text("The batch runs nightly. " * 600 + "\nIt reads the persons file.\n")
    (root / "data").mkdir()
    (root / "data" / "rates.json").write_bytes(b'{"rate": "\xff\xfe 1,5"}\n')
    (root / "src").mkdir()
    (root / "src" / "Account.java").write_bytes(b"package bank;\npublic class Account {\n  // caf\xe9 \x81\n  private int id;\n}\n")
    (root / "cbl").mkdir()
    (root / "cbl" / "HELLO.cbl").write_text("       IDENTIFICATION DIVISION.\n       PROGRAM-ID. HELLO.\n       PROCEDURE DIVISION.\n           GOBACK.\n")
    result = scan(root, Settings(jobs=1, use_cache=False))
    assert [str(d) for d in result.diagnostics if d.severity != "info"] == []
    assert result.errors == 0
