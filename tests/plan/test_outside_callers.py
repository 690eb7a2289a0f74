"""Callers outside the COBOL: a table a Java class reads and a COBOL program writes is shared data, and
a program a z/OS Connect service calls keeps its interface, in the graph, the documents and the plan."""

import pytest

from modernize.document import make_documents
from modernize.graph.build import build_graph
from modernize.model import Module
from modernize.plan import estate_summary
from modernize.plan.build import build_plan
from modernize.plan.export import to_markdown
from tests.conftest import ROOT, Analysis, fixed, write_tree

CICS_APP = ROOT / "tests" / "fixtures" / "cics_app"

PROGRAM = fixed("""
 IDENTIFICATION DIVISION.
 PROGRAM-ID. UPDACC.
 DATA DIVISION.
 WORKING-STORAGE SECTION.
     EXEC SQL INCLUDE SQLCA END-EXEC.
 LINKAGE SECTION.
 01  DFHCOMMAREA.
     05  COMM-ACCNO            PIC 9(8).
 PROCEDURE DIVISION.
     EXEC SQL
         UPDATE ACCOUNT SET ACCOUNT_BALANCE = 0
         WHERE ACCOUNT_NUMBER = :COMM-ACCNO
     END-EXEC.
     EXEC CICS RETURN END-EXEC.
""")

DAO = """\
package nl.bank.web;

import java.sql.Connection;
import java.sql.PreparedStatement;

public class AccountDao {
    public void show(Connection conn) throws Exception {
        String sql = "SELECT * from ACCOUNT where ACCOUNT_NUMBER like ?";
        try (PreparedStatement stmt = conn.prepareStatement(sql)) {
            stmt.executeQuery();
        }
    }
}
"""

SERVICE = "connectionRef=cicsConn\nservicetype=cicsCommarea\nexecutableName=UPDACC\nprovider=cics\nname=UpdAccount\n"

API = """\
<?xml version="1.0" encoding="UTF-8"?>
<zosConnectApi id="updacc">
    <apiSpec title="updacc" basePath="/accounts">
        <path relativePath="/{number}">
            <method type="PUT" zosConnectServiceRef="UpdAccount"></method>
        </path>
    </apiSpec>
</zosConnectApi>
"""

CONTROLLER = """\
package nl.bank.ui;

public class AccountController {
    public void update(String number) {
        WebClient.create(base() + "/accounts/" + number).put();
        WebClient.create(base() + "/customers/" + number).get();
    }
}
"""


def estate(tmp_path, with_callers: bool):
    files = {"cobol/UPDACC.cbl": PROGRAM}
    if with_callers:
        files |= {"web/src/main/java/nl/bank/web/AccountDao.java": DAO, "zosconnect/services/UpdAccount/service.properties": SERVICE,
                  "zosconnect/apis/updacc/package.xml": API, "ui/src/main/java/nl/bank/ui/AccountController.java": CONTROLLER}
    analysis = Analysis(write_tree(tmp_path, files))
    assert analysis.errors() == []
    graph = build_graph(analysis.modules)
    return analysis.modules, graph, build_plan(graph, analysis.modules)


@pytest.fixture
def outside(tmp_path):
    return estate(tmp_path, with_callers=True)


def test_the_graph_has_the_java_read_and_the_service_call(outside):
    _, graph, _ = outside
    edges = {(u, v, d["kind"], d["via"], d["line"]) for u, v, d in graph.edges(data=True)}
    assert ("class:NL.BANK.WEB.ACCOUNTDAO", "table:ACCOUNT", "reads", "sql", 8) in edges
    assert ("service:UPDACCOUNT", "program:UPDACC", "calls", "zosconnect", 3) in edges
    assert ("program:UPDACC", "table:ACCOUNT", "writes", "sql", 10) in edges
    assert (graph.nodes["class:NL.BANK.WEB.ACCOUNTDAO"]["display"], graph.nodes["service:UPDACCOUNT"]["display"]) == (
        "nl.bank.web.AccountDao", "UpdAccount")
    # the UI calls the REST API by its base path; a path no API of the estate serves makes no node
    assert ("class:NL.BANK.UI.ACCOUNTCONTROLLER", "api:UPDACC", "calls", "rest", 5) in edges
    assert ("api:UPDACC", "service:UPDACCOUNT", "calls", "zosconnect", 5) in edges
    assert [v for _, v in graph.out_edges("class:NL.BANK.UI.ACCOUNTCONTROLLER")] == ["api:UPDACC"]


def test_a_table_a_java_class_reads_is_shared_not_owned(tmp_path, outside):
    _, _, alone = estate(tmp_path / "alone", with_callers=False)
    assert (alone[0].owned_data, alone[0].shared_data) == (["table:ACCOUNT"], [])
    assert "discard the new component's own data stores" in alone[0].rollback

    _, _, steps = outside
    step = steps[0]
    assert (step.programs, step.owned_data, step.shared_data) == (["program:UPDACC"], [], ["table:ACCOUNT"])
    assert step.used_outside == {"table:ACCOUNT": ["class:NL.BANK.WEB.ACCOUNTDAO"]}
    assert "discard" not in step.rollback and "replay or reverse the writes" in step.rollback
    assert {"risk": "writes data that other parts use", "program": "program:UPDACC",
            "evidence": "table:ACCOUNT is used by 1 steps and 1 component(s) outside the programs"} in step.risks
    [call] = [i for i in step.interfaces if i["kind"] == "call"]
    assert (call["callers"], call["mechanisms"]) == (["service:UPDACCOUNT"], ["zosconnect"])
    migration = steps[-1]
    assert (migration.title, migration.shared_data, migration.used_outside) == (
        "Migrate the shared data stores", ["table:ACCOUNT"], {"table:ACCOUNT": ["class:NL.BANK.WEB.ACCOUNTDAO"]})


def test_the_plan_and_the_documents_say_who_else_uses_it(outside):
    modules, graph, steps = outside
    text = to_markdown(steps, {"name": "bank", "counts": {}})
    assert "**Owned data**: none; **Shared data**: ACCOUNT" in text
    assert "**Used outside the programs**: ACCOUNT (Java class nl.bank.web.AccountDao)" in text
    assert "called by z/OS Connect service UpdAccount" in text
    documents = make_documents(modules, graph)
    program = documents["program:UPDACC"].text
    assert "**Run by**: api updacc" in program
    assert "| table ACCOUNT | class nl.bank.web.AccountDao (reads) |" in program
    assert "| service UpdAccount | zosconnect | `zosconnect/services/UpdAccount/service.properties:3` |" in program
    java = documents["class:nl.bank.web.AccountDao"]
    assert java.name == "nl.bank.web.AccountDao.md"
    assert "| table ACCOUNT | program UPDACC (writes) |" in java.text
    assert "| program UPDACC | zosconnect |  | `zosconnect/services/UpdAccount/service.properties:3` |" in documents["service:UpdAccount"].text


def test_the_cics_application_fixture(tmp_path):
    """tests/fixtures/cics_app: its Java DAO updates ACCOUNT, which BKXFR updates too, and links to BKINQ,
    which its z/OS Connect service calls as well."""
    analysis = Analysis(write_tree(tmp_path, {str(p.relative_to(CICS_APP)): p.read_bytes() for p in CICS_APP.rglob("*") if p.is_file()}))
    dao = analysis.module("nl.bank.dao.AccountDao")
    assert [(r.kind, r.target_kind, r.target, r.via, r.line) for r in dao.references] == [
        ("writes", "table", "ACCOUNT", "sql", 21), ("reads", "table", "PROCTRAN", "sql", 29), ("calls", "program", "BKINQ", "jcics", 35)]
    assert dao.header_comments == ["Reads and updates accounts for the web front end."]
    service = analysis.module("inqacc")
    assert [(r.kind, r.target, r.via, r.line) for r in service.references] == [("calls", "BKINQ", "zosconnect", 7)]
    assert (service.service.connection, service.service.request_schema) == ("cicsConn", "inqacc-request.json")
    assert [d for d in analysis.diagnostics if d.path.startswith(("java/", "zosconnect/")) and d.severity != "info"] == []
    graph = build_graph(analysis.modules)
    writer = next(s for s in build_plan(graph, analysis.modules) if "program:BKXFR" in s.programs)
    assert "table:ACCOUNT" in writer.shared_data and "table:ACCOUNT" not in writer.owned_data
    assert writer.used_outside["table:ACCOUNT"] == ["class:NL.BANK.DAO.ACCOUNTDAO"]
    assert "discard" not in writer.rollback


def test_a_service_defined_in_its_project_and_its_archive_counts_once():
    definitions = [Module("CScustenq", "service", "zosconnect", path) for path in ("services/CScustenq/service.properties", "sar/CScustenq.sar")]
    assert estate_summary("bank", [*definitions, Module("INQCUST", "program", "cobol", "cbl/INQCUST.cbl")])["counts"] == {
        "code_lines": 0, "program": 1, "service": 1}
