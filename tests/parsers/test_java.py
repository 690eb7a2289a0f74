"""The Java front end on small sources written for the tests, in the shape of a real CICS/Db2 front
end (IBM's CICS banking sample): a DAO that runs SQL over JDBC, JCICS links, files and queues."""

from pathlib import Path

import pytest

from modernize.config import Settings
from modernize.model import Module, SourceFile
from modernize.parsers import ParseContext, ParseResult, parser_for
from modernize.parsers.java import parse, statement_tables
from modernize.pipeline.parse import scan
from tests.conftest import write_tree

PATH = "web/src/main/java/nl/toeslagen/dao/BetalingDao.java"

DAO = """\
package nl.toeslagen.dao;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/**
 * Allowance payments as the web front end sees them.
 * The COBOL batch books them; this class reads and corrects them.
 */
public class BetalingDao
{
\tprivate static final String SELECT_BETALING = "SELECT BSN, BEDRAG "
\t\t\t+ "FROM PROD.BETALING "
\t\t\t+ "WHERE BSN = ? AND JAAR = ?";
\tprivate static final String AND_OPEN = " AND STATUS = 'O'";
\tprivate static final String PRE_SELECT_MSG = "About to do SELECT <";
\tprivate static final String UPDATE_MSG = "updateBetaling(String bsn)";

\tpublic BigDecimal bedrag(Connection conn, String bsn, int jaar) throws Exception
\t{
\t\tlogger.fine(PRE_SELECT_MSG + SELECT_BETALING + ">");
\t\ttry (PreparedStatement stmt = conn.prepareStatement(SELECT_BETALING + AND_OPEN))
\t\t{
\t\t\tstmt.setString(1, bsn);
\t\t\tResultSet rs = stmt.executeQuery();
\t\t\treturn rs.next() ? rs.getBigDecimal(2) : BigDecimal.ZERO;
\t\t}
\t}

\tpublic void corrigeer(Connection conn, String bsn) throws Exception
\t{
\t\tString sql = "update toeslag set status = ? where bsn = ?";
\t\ttry (PreparedStatement stmt = conn.prepareStatement(sql))
\t\t{
\t\t\tstmt.executeUpdate();
\t\t}
\t\tconn.createStatement().executeUpdate("DELETE FROM TSL.MUTATIE WHERE VERWERKT = 'J'");
\t\tString archive = "INSERT INTO BETALING_HIST "
\t\t\t\t+ "SELECT * FROM BETALING WHERE JAAR < ?";
\t\tconn.prepareStatement(archive).execute();
\t\tString message = "Update failed for " + bsn;
\t\tString note = "Delete from list";
\t\tlogger.info(UPDATE_MSG + message + note);
\t}
}
"""

JCICS = """\
package nl.toeslagen.cics;

import com.ibm.cics.server.Channel;
import com.ibm.cics.server.KSDS;
import com.ibm.cics.server.Program;
import com.ibm.cics.server.TSQ;
import com.ibm.cics.server.Task;

public class Bereken {
    private static final String FILENAME = "AANVRAAG";
    private KSDS aanvragen;

    public void bereken(byte[] invoer) throws Exception {
        Channel channel = Task.getTask().createChannel("TSLCHAN");
        channel.createContainer("INVOER").put(invoer);
        Program program = new Program();
        program.setName("TSB020");
        program.link(channel);
        Program commarea = new Program();
        commarea.setName("TSU020");
        commarea.link(invoer);
    }

    public void lees(byte[] key) throws Exception {
        aanvragen = new KSDS();
        aanvragen.setName(FILENAME);
        aanvragen.read(key, null);
        aanvragen.rewrite(key);
        TSQ queue = new TSQ();
        queue.setName("TSLQ");
        queue.writeItem(key);
    }

    public void dynamisch(String name) throws Exception {
        Program program = new Program();
        program.setName(name);
        program.link();
    }
}
"""

JPA = """\
package nl.toeslagen.jpa;

public interface KlantRepository extends JpaRepository<Klant, Long> {
    @Query(value = "select * from KLANT where bsn = :bsn", nativeQuery = true)
    Klant byBsn(String bsn);

    @Query(\"\"\"
        SELECT k FROM KLANT_ADRES k
        WHERE k.postcode = :postcode
        \"\"\")
    List<Klant> byPostcode(String postcode);
}
"""


def java(text: str, path: str = PATH) -> ParseResult:
    source = SourceFile(path, "java", "source", "utf-8", "", "", text.count("\n"), len(text))
    return parse(source, text, ParseContext(root=Path("."), files={}))


def line(text: str, marker: str) -> int:
    """The line a marker is first written on."""
    return text[: text.index(marker)].count("\n") + 1


def facts(module: Module) -> list[tuple[str, str, str, str, int]]:
    return [(r.kind, r.target_kind, r.target, r.via, r.line) for r in module.references]


def test_a_jdbc_dao_reads_and_writes_the_tables_its_sql_names():
    result = java(DAO)
    assert result.diagnostics == []
    [dao] = result.modules
    assert (dao.kind, dao.name, dao.language, dao.path) == ("class", "nl.toeslagen.dao.BetalingDao", "java", PATH)
    assert (dao.package, dao.simple_name, dao.line, dao.end_line) == ("nl.toeslagen.dao", "BetalingDao", line(DAO, "public class"), DAO.count("\n"))
    assert dao.header_comments == ["Allowance payments as the web front end sees them.", "The COBOL batch books them; this class reads and corrects them."]
    assert facts(dao) == [
        # the constant, a concatenation over three lines, at its first literal; schema stripped as in EXEC SQL
        ("reads", "table", "BETALING", "sql", line(DAO, '"SELECT BSN')),
        # lower case SQL counts where a JDBC call takes it, through its variable
        ("writes", "table", "TOESLAG", "sql", line(DAO, '"update toeslag')),
        ("writes", "table", "MUTATIE", "sql", line(DAO, '"DELETE FROM')),
        # the table an INSERT changes is written, the one its SELECT reads is read
        ("reads", "table", "BETALING", "sql", line(DAO, '"INSERT INTO')),
        ("writes", "table", "BETALING_HIST", "sql", line(DAO, '"INSERT INTO')),
    ]
    assert [r.attributes["operation"] for r in dao.references] == ["SELECT", "UPDATE", "DELETE", "INSERT", "INSERT"]
    assert [s.name for s in dao.symbols] == ["bedrag", "corrigeer"]


def test_jcics_links_files_and_queues_by_their_literal_names():
    [bereken] = java(JCICS, "src/Bereken.java").modules
    assert facts(bereken) == [
        ("calls", "program", "TSB020", "jcics", line(JCICS, "program.link(channel)")),
        ("calls", "program", "TSU020", "jcics", line(JCICS, "commarea.link")),
        ("reads", "file", "AANVRAAG", "jcics", line(JCICS, "aanvragen.read")),
        ("writes", "file", "AANVRAAG", "jcics", line(JCICS, "aanvragen.rewrite")),
        ("writes", "queue", "TSLQ", "jcics", line(JCICS, "queue.writeItem")),
        ("calls", "program", "name", "jcics", line(JCICS, "program.link();")),
    ]
    link = bereken.references[0]
    assert (link.channel, link.containers, link.attributes["command"]) == ("TSLCHAN", ["INVOER"], "Program.link")
    assert bereken.references[1].channel is None
    dynamic = bereken.references[-1]
    assert (dynamic.unresolved, dynamic.variable) == (True, "name")


def test_spring_data_queries_and_text_blocks_are_sql():
    [repository] = java(JPA, "src/KlantRepository.java").modules
    assert repository.attributes["type"] == "interface"
    assert facts(repository) == [("reads", "table", "KLANT", "sql", line(JPA, '"select * from KLANT')),
                                 ("reads", "table", "KLANT_ADRES", "sql", line(JPA, '\"\"\"'))]


def test_a_class_of_its_own_named_program_is_no_jcics_link():
    own = "package x;\n\nclass Runner {\n  void run() {\n    Program p = new Program();\n    p.setName(\"TSB020\");\n    p.link();\n  }\n}\n"
    [runner] = java(own, "src/Runner.java").modules
    assert runner.references == []


def test_prose_and_log_messages_are_no_sql():
    assert statement_tables("Update account failed", called=False) == ()
    assert statement_tables("Delete from list", called=False) == ()  # a sentence's case, outside any SQL call
    assert statement_tables("About to do SELECT <", called=True) == ()
    assert statement_tables("select the account from the list", called=False) == ()
    assert statement_tables("SELECT * FROM A JOIN B ON A.X = B.X", called=False) == (("reads", "A", "SELECT"), ("reads", "B", "SELECT"))


def test_a_file_the_grammar_cannot_read_gives_an_info_at_most():
    broken = "package x;\n\npublic class Broken {\n  void x( {\n    String s = \"SELECT * FROM T\";\n  }\n"
    result = java(broken, "src/Broken.java")
    assert {d.severity for d in result.diagnostics} <= {"info"}
    assert [m.name for m in result.modules] == ["x.Broken"]
    assert java("", "src/Empty.java").modules == []
    garbage = java("\x00\ufffd{{{{ class \"SELECT", "src/Garbage.java")
    assert {d.severity for d in garbage.diagnostics} <= {"info"}


@pytest.mark.parametrize("path, language", [("Dao.java", "java")])
def test_java_has_a_parser_in_the_registry(path, language):
    assert parser_for(SourceFile(path, language, "source", "utf-8", "", "", 0, 0)) is not None


def raising(source, text, context):
    raise ValueError("boom")


def test_a_java_file_whose_parse_fails_is_no_error_of_the_run(tmp_path, monkeypatch):
    """Past the parser's own guard (a crash, a timeout), the pipeline still says it as info only."""
    root = write_tree(tmp_path, {"web/Dao.java": DAO})
    monkeypatch.setattr("modernize.pipeline.parse.parser_for", lambda source: ("test", raising) if source.language == "java" else None)
    result = scan(root, Settings(jobs=1, use_cache=False))
    assert [(d.path, d.severity, d.code) for d in result.diagnostics if d.path.endswith(".java")] == [("web/Dao.java", "info", "parser-crash")]
    assert result.errors == 0


CONTROLLER = """\
package nl.toeslagen.web;

@Controller
public class WebController {
    @GetMapping("/berekening")
    public String berekening(String bsn) {
        WebClient client = WebClient.create(ConnectionInfo.getAddressAndPort() + "/toeslag/berekening/" + bsn);
        String docs = "https://repo.example.org/maven2/x.jar";
        String sentence = "/ is the root";
        return "berekening";
    }
}
"""


def test_a_url_path_may_call_a_rest_api_and_a_served_path_does_not():
    [controller] = java(CONTROLLER, "src/WebController.java").modules
    assert [(r.kind, r.target_kind, r.target, r.via, r.line, r.url) for r in controller.references] == [
        ("calls", "api", "/toeslag", "rest", line(CONTROLLER, '"/toeslag'), "/toeslag/berekening/"),
        ("calls", "api", "/maven2", "rest", line(CONTROLLER, '"https:'), "https://repo.example.org/maven2/x.jar"),
    ]
