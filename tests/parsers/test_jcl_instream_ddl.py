"""DB2 DDL where real repositories keep it: in a job's SYSIN for DSNTEP2, and in members of any name."""

from pathlib import Path

from modernize.graph.build import build_graph
from modernize.model import SourceFile
from modernize.parsers import ParseContext, ddl, jcl

# Shaped like the install jobs of IBM's CICS banking sample: DSNTEP2 under IKJEFT01, the DDL in SYSIN.
CRETB = """//*
//* CREATE THE ACCOUNT TABLE
//*
//CRETB01 JOB 'DB2',NOTIFY=&SYSUID,CLASS=A,MSGCLASS=H,
//          MSGLEVEL=(1,1),REGION=4M
//JOBLIB  DD  DISP=SHR,DSN=DSNC10.SDSNLOAD
//GRANT   EXEC PGM=IKJEFT01,DYNAMNBR=20
//SYSTSPRT DD  SYSOUT=*
//SYSPRINT DD  SYSOUT=*
//SYSTSIN  DD  *
  DSN SYSTEM(DBCG)
  RUN PROGRAM(DSNTEP2)  PLAN(DSNTEP12) -
       LIB('DSNC10.DBCG.RUNLIB.LOAD') PARMS('/ALIGN(MID)')
  END
//SYSIN    DD  *,
//             DCB=BLKSIZE=80
-- the bank's accounts
SET CURRENT SQLID = 'IBMUSER';
CREATE TABLE IBMUSER.ACCOUNT (
                    ACCOUNT_SORTCODE               CHAR(6) NOT NULL,
                    ACCOUNT_NUMBER                 CHAR(8) NOT NULL,
                    ACCOUNT_TYPE                   CHAR(8),
                    ACCOUNT_AVAILABLE_BALANCE      DECIMAL(12, 2)
                   )
IN CBSA.ACCOUNT   NOT VOLATILE
CARDINALITY  AUDIT NONE  DATA CAPTURE NONE;                             00010000
CREATE UNIQUE INDEX IBMUSER.ACCTINDX
  ON IBMUSER.ACCOUNT(ACCOUNT_SORTCODE,ACCOUNT_NUMBER)
  USING STOGROUP ACCOUNT;
COMMIT;
GRANT SELECT ON IBMUSER.ACCOUNT TO PUBLIC;
/*
"""

# A SPUFI member without an extension: comments, SQLID, several statements, COMMIT and GRANT.
SPUFI = """-- CUSTOMER AND ITS VIEW
SET CURRENT SQLID = 'BANKADM';
CREATE TABLESPACE CUSTTS IN BANKDB USING STOGROUP BANKSG;
CREATE TABLE CUSTOMER
      (CUSTOMER_NUMBER   CHAR(10)    NOT NULL,
       CUSTOMER_NAME     VARCHAR(60) NOT NULL WITH DEFAULT,
       PRIMARY KEY (CUSTOMER_NUMBER))
  IN BANKDB.CUSTTS;
CREATE VIEW V_CUSTOMER AS
  SELECT CUSTOMER_NUMBER, CUSTOMER_NAME FROM CUSTOMER;
COMMIT;
GRANT SELECT ON V_CUSTOMER TO PUBLIC;
"""


def source(path: str, language: str, kind: str) -> SourceFile:
    return SourceFile(path, language, kind, "ascii", "fixed", "", 0, 0)


def test_ddl_in_a_dsntep2_sysin_is_parsed_and_the_step_defines_the_table():
    result = jcl.parse(source("db2jcl/CRETB01.jcl", "jcl", "jcl"), CRETB, ParseContext(Path("."), {}))
    job = result.modules[0]
    table = next(m for m in result.modules if m.kind == "table")
    assert (table.name, table.path, table.line, table.attributes["schema"]) == ("ACCOUNT", "db2jcl/CRETB01.jcl", 19, "IBMUSER")
    assert [(c.name, c.attributes["type"], c.line) for c in table.symbols] == [
        ("ACCOUNT_SORTCODE", "CHAR", 20), ("ACCOUNT_NUMBER", "CHAR", 21), ("ACCOUNT_TYPE", "CHAR", 22), ("ACCOUNT_AVAILABLE_BALANCE", "DECIMAL", 23)]
    assert table.attributes["tablespace"] == "ACCOUNT" and table.attributes["indexes"][0]["name"] == "ACCTINDX"
    defines = [(r.target, r.target_kind, r.step, r.ddname, r.line) for r in job.references if r.kind == "defines"]
    assert defines == [("ACCOUNT", "table", "GRANT", "SYSIN", 19)]
    assert not [d for d in job.diagnostics if d.severity != "info"]  # SET, COMMIT, GRANT and the sequence number are fine
    graph = build_graph(result.modules)
    assert graph.has_edge("step:CRETB01.GRANT", "table:ACCOUNT")
    assert graph.nodes["table:ACCOUNT"]["path"] == "db2jcl/CRETB01.jcl"


def test_ddl_members_of_any_name_are_known_by_their_content():
    assert ddl.looks_like(SPUFI) and ddl.looks_like(CRETB.split("//SYSIN")[1].split("\n", 2)[2])
    assert not ddl.looks_like(CRETB)  # a job: its SYSIN is the JCL parser's
    assert not ddl.looks_like("       EXEC SQL\n           CREATE TABLE T (A CHAR(1))\n       END-EXEC.\n")
    assert not ddl.looks_like("SET CURRENT SQLID = 'X';\nGRANT SELECT ON T TO PUBLIC;\n")
    result = ddl.parse(source("db2/spufi/CUSTDDL", "sql", "ddl"), SPUFI, ParseContext(Path("."), {}))
    assert [(m.kind, m.name, m.line) for m in result.modules] == [("tablespace", "CUSTTS", 3), ("table", "CUSTOMER", 4), ("view", "V_CUSTOMER", 9)]
    assert [c.name for c in result.modules[1].symbols] == ["CUSTOMER_NUMBER", "CUSTOMER_NAME"]
    assert not [d for d in result.modules[0].diagnostics if d.severity != "info"]
    numbered = "".join(f"{line:<72}{n * 100:08d}\n" for n, line in enumerate(SPUFI.splitlines(), 1))  # a PDS member's sequence numbers
    again = ddl.parse(source("db2/spufi/CUSTDDL", "sql", "ddl"), numbered, ParseContext(Path("."), {}))
    assert [m.to_dict() for m in again.modules] == [m.to_dict() for m in result.modules]


def test_build_placeholders_in_ddl_stay_as_written():
    """An install job whose DDL a build edits before it runs (<DB2DBID>, &HLQ., ${SCHEMA}): the objects
    are read with the placeholder as their name or qualifier, not skipped as syntax errors."""
    text = ("  SET CURRENT SQLID='<SQLID>' ;\n  CREATE   DATABASE <DB2DBID> STOGROUP GENASG02 BUFFERPOOL BP1 CCSID EBCDIC;\n"
            "  CREATE   TABLESPACE GENATS01 IN <DB2DBID> USING STOGROUP GENASG02 PRIQTY 10000;\n"
            "  CREATE TABLE ${SCHEMA}.CUSTOMER ( CUSTOMERNUMBER INTEGER NOT NULL, FIRSTNAME CHAR(10) ) IN <DB2DBID>.GENATS01;\n")
    modules, diagnostics = ddl.parse_text("base/cntl/db2cre.jcl", text)
    assert [d for d in diagnostics if d.severity != "info"] == []
    assert [(m.kind, m.name) for m in modules] == [("database", "<DB2DBID>"), ("tablespace", "GENATS01"), ("table", "CUSTOMER")]
    table = modules[2]
    assert [s.name for s in table.symbols if s.kind == "column"] == ["CUSTOMERNUMBER", "FIRSTNAME"]
    assert table.attributes.get("schema") == "${SCHEMA}"
