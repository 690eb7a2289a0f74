"""EXEC SQL / CICS / DLI blocks and dynamic call targets, with exact references."""

from modernize.parsers.cobol.exec_blocks import analyse
from tests.conftest import fixed
from tests.parsers.test_cobol_parser import line_of

ONLINE = fixed(
    """
 IDENTIFICATION DIVISION.
 PROGRAM-ID. TSO900.
 DATA DIVISION.
 WORKING-STORAGE SECTION.
 01  WS-VOLGEND        PIC X(8) VALUE 'TSO910'.
 01  WS-PGM            PIC X(8).
 01  WS-ONBEKEND       PIC X(8).
 01  WS-MENU-WAARDEN.
     05  FILLER        PIC X(8) VALUE 'TSO100'.
     05  FILLER        PIC X(8) VALUE 'TSO110'.
     05  FILLER        PIC X(8) VALUE 'TSO120'.
 01  WS-MENU REDEFINES WS-MENU-WAARDEN.
     05  WS-MENU-PGM   PIC X(8) OCCURS 3 TIMES.
 01  WS-KEUZE          PIC 9.
 01  WS-QNAME          PIC X(8) VALUE 'TSAUDIT'.
     EXEC SQL DECLARE C-BETAAL CURSOR FOR
          SELECT B.BSN, B.BEDRAG FROM BETALING B, PERSOON P
           WHERE B.BSN = P.BSN AND B.JAAR = :WS-KEUZE
     END-EXEC.
 LINKAGE SECTION.
 01  DFHCOMMAREA       PIC X(100).
 PROCEDURE DIVISION.
     EXEC CICS RECEIVE MAP('TSM900A') MAPSET('TSM900')
               INTO(WS-PGM) END-EXEC
     EXEC SQL SELECT NAAM INTO :WS-PGM :WS-IND FROM PERSOON
              WHERE BSN = :WS-KEUZE END-EXEC
     EXEC SQL UPDATE BETALING SET STATUS = 'V'
              WHERE BSN = :WS-KEUZE END-EXEC
     EXEC SQL INSERT INTO AUDITLOG (BSN, ACTIE)
              VALUES (:WS-KEUZE, 'X') END-EXEC
     EXEC SQL DELETE FROM TSL.TIJDELIJK WHERE JAAR < 1990 END-EXEC
     EXEC SQL OPEN C-BETAAL END-EXEC
     EXEC SQL FETCH C-BETAAL INTO :WS-PGM END-EXEC
     EXEC CICS READ FILE('TSPERS') INTO(WS-PGM)
               RIDFLD(WS-KEUZE) END-EXEC
     EXEC CICS WRITEQ TS QUEUE(WS-QNAME) FROM(WS-PGM) END-EXEC
     EXEC CICS LINK PROGRAM('TSU010') COMMAREA(WS-PGM) END-EXEC
     MOVE 'TSO920' TO WS-PGM
     EXEC CICS XCTL PROGRAM(WS-PGM) END-EXEC
     MOVE WS-MENU-PGM (WS-KEUZE) TO WS-PGM
     EXEC CICS XCTL PROGRAM(WS-PGM) END-EXEC
     EXEC CICS XCTL PROGRAM(WS-VOLGEND) END-EXEC
     CALL WS-ONBEKEND USING WS-PGM
     CALL 'CBLTDLI' USING DLI-GU PCB-MASK SEG-AREA
     EXEC DLI GU USING PCB(1) SEGMENT(KLANT) INTO(WS-PGM) END-EXEC
     EXEC CICS START TRANSID('TS99') END-EXEC
     EXEC CICS SEND MAP('TSM900A') MAPSET('TSM900') ERASE
     END-EXEC
     EXEC CICS RETURN TRANSID('TS90') COMMAREA(WS-PGM)
     END-EXEC.
"""
)


def refs(module, kind=None):
    return sorted(
        (r.kind, r.target_kind, r.target, r.via)
        for r in module.references
        if kind is None or r.target_kind == kind
    )


def test_sql_tables_with_operations_and_cursors(analyse):
    module = analyse({"cbl/TSO900.cbl": ONLINE}).module("TSO900")
    tables = [(r.kind, r.target, r.attributes["operation"]) for r in module.references if r.target_kind == "table"]
    assert sorted(tables) == sorted(
        [
            ("reads", "BETALING", "DECLARE CURSOR"),
            ("reads", "PERSOON", "DECLARE CURSOR"),
            ("reads", "PERSOON", "SELECT"),
            ("writes", "BETALING", "UPDATE"),
            ("writes", "AUDITLOG", "INSERT"),
            ("writes", "TIJDELIJK", "DELETE"),
            ("reads", "BETALING", "OPEN"),
            ("reads", "PERSOON", "OPEN"),
            ("reads", "BETALING", "FETCH"),
            ("reads", "PERSOON", "FETCH"),
        ]
    )


def test_cics_commands_and_dynamic_program_names(analyse):
    analysis = analyse({"cbl/TSO900.cbl": ONLINE})
    module = analysis.module("TSO900")
    assert set(refs(module, "program")) == {
        ("calls", "program", "CBLTDLI", "ims"),
        ("calls", "program", "TSO100", "cics-xctl"),
        ("calls", "program", "TSO110", "cics-xctl"),
        ("calls", "program", "TSO120", "cics-xctl"),
        ("calls", "program", "TSO910", "cics-xctl"),
        ("calls", "program", "TSO920", "cics-xctl"),
        ("calls", "program", "TSU010", "cics-link"),
        ("calls", "program", "WS-ONBEKEND", "dynamic"),
    }
    # A MOVE of a literal and a table of names filled by VALUE + REDEFINES both count, each for the
    # XCTL it can reach: the first XCTL ends the task, so only the MOVE before it reaches it, and
    # the MOVE after it reaches only the second XCTL.
    by_line: dict[int, set[str]] = {}
    for r in module.references:
        if r.via == "cics-xctl":
            by_line.setdefault(r.line, set()).add(r.target)
    assert [by_line[line_of(ONLINE, text)] for text in ("PROGRAM(WS-PGM) END-EXEC", "PROGRAM(WS-VOLGEND)")] == [{"TSO920"}, {"TSO910"}]
    assert sorted(by_line.values(), key=len) == [{"TSO920"}, {"TSO910"}, {"TSO100", "TSO110", "TSO120"}]
    unresolved = [r for r in module.references if r.attributes.get("unresolved")]
    assert [(r.target, r.attributes["variable"]) for r in unresolved] == [("WS-ONBEKEND", "WS-ONBEKEND")]
    assert any(d.code == "dynamic-target-unresolved" for d in analysis.diagnostics)
    assert refs(module, "screen") == [("shows", "screen", "TSM900A", "cics"), ("shows", "screen", "TSM900A", "cics")]
    assert refs(module, "file") == [("reads", "file", "TSPERS", "cics")]
    assert refs(module, "queue") == [("writes", "queue", "TSAUDIT", "cics")]
    assert refs(module, "transaction") == [("returns-to", "transaction", "TS90", "cics-return"), ("starts", "transaction", "TS99", "cics-start")]
    assert refs(module, "segment") == [("reads", "segment", "KLANT", "dli")]
    assert analysis.errors() == []


def test_exec_analysis_details():
    sql = analyse("SQL SELECT A INTO :H1:IND1, :H2 FROM T1 JOIN T2 ON T1.K = T2.K WHERE X = :H3", 0)
    assert (sql.command, sql.tables, sql.host_variables) == ("SELECT", [("T1", "SELECT"), ("T2", "SELECT")], ["H1", "H2", "H3"])
    cics = analyse("CICS SEND MAP('M1') MAPSET(WS-SET) FROM(M1O) ERASE CURSOR", 0)
    assert cics.command == "SEND MAP"
    assert cics.options == {"MAP": "M1", "MAPSET": "WS-SET", "FROM": "M1O", "ERASE": None, "CURSOR": None}
    assert cics.literal_options == {"MAP"}
    queue = analyse("CICS READQ TS QUEUE('Q1') INTO(X) ITEM(1)", 0)
    assert queue.command == "READQ TS" and queue.options["QUEUE"] == "Q1"
    dcl = analyse("SQL DECLARE TSL.BETALING TABLE ( BSN CHAR(9) NOT NULL )", 0)
    assert (dcl.command, dcl.tables) == ("DECLARE TABLE", [("BETALING", "DECLARE")])


def test_for_update_of_names_columns_not_tables():
    # genapp's LGUPDB01: a cursor over POLICY FOR UPDATE OF its columns
    from modernize.parsers.cobol.exec_blocks import analyse_sql

    sql = """DECLARE POLICY_CURSOR CURSOR WITH HOLD FOR SELECT ISSUEDATE, EXPIRYDATE, BROKERID FROM POLICY
             WHERE ( CUSTOMERNUMBER = :DB2-CUSTOMERNUM-INT ) FOR UPDATE OF ISSUEDATE, EXPIRYDATE, BROKERID"""
    info = analyse_sql(sql, 1, sql)
    assert info.cursor == "POLICY_CURSOR" and info.tables == [("POLICY", "SELECT")]
    from modernize.parsers.cobol.exec_blocks import scan_tables

    assert scan_tables("SELECT A FROM POLICY WHERE B = ? FOR UPDATE OF A, C") == ["POLICY"]  # where sqlglot cannot read it


def test_db2_catalog_tables_are_not_the_estates_data():
    """CardDemo selects its literals FROM SYSIBM.SYSDUMMY1: the system's table, no data store."""
    union = analyse("SQL SELECT '01', 'PURCHASE' FROM SYSIBM.SYSDUMMY1 UNION ALL SELECT TR_TYPE, TR_DESCRIPTION FROM CARDDEMO.TRANSACTION_TYPE", 0)
    assert union.tables == [("TRANSACTION_TYPE", "SELECT")]
    from modernize.parsers.cobol.exec_blocks import scan_tables

    assert scan_tables("SELECT 1 FROM SYSIBM.SYSDUMMY1, T1 WHERE X = ?") == ["T1"]
