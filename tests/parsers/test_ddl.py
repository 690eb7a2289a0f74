"""The DB2 DDL parser on small scripts written for the tests, and on the example estate.

Every text is parsed twice, with sqlglot and with the scanner alone: both must give the same facts.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import modernize.parsers.ddl as ddl
from modernize.inventory import read_text, take_inventory
from modernize.model import Module, Reference, SourceFile, Symbol
from modernize.parsers import ParseContext
from tests.conftest import EXAMPLES

PATH = "ddl/KL.sql"
ESTATE = "ddl/TSDDL01.sql"


def facts(text: str, path: str = PATH) -> tuple[list[Module], list]:
    """Modules (diagnostics on the first) and the diagnostics left without a module; checks that
    the scanner alone gives exactly what sqlglot gives."""
    source = SourceFile(path, "sql", "ddl", "ascii", "", "", text.count("\n"), len(text))
    result = ddl.parse(source, text, ParseContext(root=EXAMPLES, files={}))
    scanned, scanned_diagnostics = ddl.parse_text(path, text, use_sqlglot=False)
    assert without_diagnostics(scanned) == without_diagnostics(result.modules)
    together = (result.modules[0].diagnostics if result.modules else []) + result.diagnostics
    assert scanned_diagnostics == together
    return result.modules, result.diagnostics


def without_diagnostics(modules: list[Module]) -> list[dict]:
    return [{**m.to_dict(), "diagnostics": []} for m in modules]


def named(modules: list[Module]) -> dict[str, Module]:
    return {m.name: m for m in modules}


def column(name: str, line: int, type_: str, length=None, scale=None, nullable=True, default=None, path=PATH, **extra) -> Symbol:
    return Symbol(name, "column", line, path=path, attributes={"type": type_, "length": length, "scale": scale, "nullable": nullable, "default": default, **extra})


SCRIPT = """\
-- KLANTSYSTEEM
SET CURRENT SQLID = 'KLADM';
CREATE TABLE KL.KLANT
  ( KLANT_NR   INTEGER      NOT NULL PRIMARY KEY,
    NAAM       VARCHAR(40)  NOT NULL,
    FOTO       BLOB(2M),
    SLEUTEL    CHAR(8)      FOR BIT DATA NOT NULL WITH DEFAULT,
    LAND       CHAR(2)      CCSID EBCDIC NOT NULL WITH DEFAULT 'NL',
    SALDO      DEC(11,2)    DEFAULT -1.50,
    GEWICHT    REAL,
    OPGEHEVEN  DATE         WITH DEFAULT,
    "Opm;erking" VARCHAR(10) NOT NULL DEFAULT 'A;''B'
  ) IN KLDB.KLTS
    AUDIT CHANGES
    DATA CAPTURE CHANGES
    EDITPROC KLEDIT
    CCSID EBCDIC;

CREATE TABLE KL.ORDER_REGEL
  ( ORDER_NR   INTEGER NOT NULL,
    REGEL      SMALLINT NOT NULL,
    KLANT_NR   INTEGER NOT NULL REFERENCES KL.KLANT ON DELETE CASCADE,
    PRODUCT    CHAR(6) NOT NULL,
    AANTAL     DECIMAL NOT NULL WITH DEFAULT,
    CONSTRAINT PKREGEL PRIMARY KEY (ORDER_NR, REGEL),
    CONSTRAINT FKPROD FOREIGN KEY (PRODUCT)
               REFERENCES KL.PRODUCT (PRODUCT_CODE) ON DELETE SET NULL,
    UNIQUE (ORDER_NR, PRODUCT),
    CHECK (AANTAL > 0)
  ) IN DATABASE KLDB;

CREATE UNIQUE INDEX KL.XKLANT1 ON KL.KLANT (NAAM ASC, LAND DESC) CLUSTER BUFFERPOOL BP2;
CREATE INDEX KL.XELDERS ON KL.ELDERS (A);
GRANT SELECT ON KL.KLANT TO PUBLIC;
COMMIT;
"""


def test_tables_with_db2_clauses_give_exact_columns_keys_and_options():
    modules, diagnostics = facts(SCRIPT)
    assert diagnostics == [] and modules[0].diagnostics == []
    assert [(m.kind, m.name, m.line, m.end_line) for m in modules] == [
        ("table", "KLANT", 3, 17), ("table", "ORDER_REGEL", 19, 30), ("index", "XELDERS", 33, 33),
    ]
    klant, regel, elders = modules
    assert (klant.language, klant.path) == ("sql", "ddl/KL.sql")
    assert klant.attributes == {
        "schema": "KL", "tablespace": "KLTS", "database": "KLDB", "primary_key": ["KLANT_NR"],
        "indexes": [{"name": "XKLANT1", "columns": ["NAAM", "LAND"], "unique": True}], "comment": None,
        "audit": "CHANGES", "data_capture": "CHANGES", "editproc": "KLEDIT", "ccsid": "EBCDIC",
    }
    assert klant.symbols == [
        column("KLANT_NR", 4, "INTEGER", nullable=False),
        column("NAAM", 5, "VARCHAR", 40, nullable=False),
        column("FOTO", 6, "BLOB", 2 * 1024 * 1024),
        column("SLEUTEL", 7, "CHAR", 8, nullable=False, default="''", for_data="BIT"),
        column("LAND", 8, "CHAR", 2, nullable=False, default="'NL'", ccsid="EBCDIC"),
        column("SALDO", 9, "DECIMAL", 11, 2, default="-1.50"),
        column("GEWICHT", 10, "REAL"),
        column("OPGEHEVEN", 11, "DATE", default="CURRENT DATE"),
        column("OPM;ERKING", 12, "VARCHAR", 10, nullable=False, default="'A;''B'"),
    ]
    assert klant.references == [] and klant.metrics == {"lines": 15, "columns": 9}
    assert regel.attributes == {
        "schema": "KL", "tablespace": None, "database": "KLDB", "primary_key": ["ORDER_NR", "REGEL"], "indexes": [],
        "comment": None, "unique_keys": [["ORDER_NR", "PRODUCT"]],
    }
    assert regel.symbols[4] == column("AANTAL", 24, "DECIMAL", 5, 0, nullable=False, default="0")
    assert regel.references == [
        Reference("references", "KLANT", "table", "sql", 22, PATH, attributes={
            "schema": "KL", "columns": ["KLANT_NR"], "referenced_columns": ["KLANT_NR"], "constraint": None, "on_delete": "CASCADE",
        }),
        Reference("references", "PRODUCT", "table", "sql", 27, PATH, attributes={
            "schema": "KL", "columns": ["PRODUCT"], "referenced_columns": ["PRODUCT_CODE"], "constraint": "FKPROD", "on_delete": "SET NULL",
        }),
    ]
    assert elders.attributes == {"schema": "KL", "table_schema": "KL", "table": "ELDERS", "columns": ["A"], "unique": False, "comment": None}
    assert elders.references == [Reference("defines", "ELDERS", "table", "sql", 33, PATH, attributes={"schema": "KL"})]


def test_sqlglot_reads_the_tables_the_scanner_only_confirms(monkeypatch):
    used: list[str] = []
    original = ddl.glot_table

    def spy(table, elements, name):
        original(table, elements, name)
        used.append(name)

    monkeypatch.setattr(ddl, "glot_table", spy)
    ddl.parse_text("x.sql", SCRIPT)
    assert used == ["KLANT", "ORDER_REGEL"]


def test_terminator_switch_spaces_and_the_db2_foreign_key_name():
    text = """\
--#SET TERMINATOR @
CREATE STOGROUP KLSG01 VOLUMES ('*') VCAT KLCAT@
CREATE DATABASE KLDB STOGROUP KLSG01 BUFFERPOOL BP0 INDEXBP BP2 CCSID UNICODE@
CREATE LARGE TABLESPACE KLTS IN KLDB
  USING STOGROUP KLSG01 PRIQTY 48 SECQTY 48
  NUMPARTS 2 (PARTITION 1 USING STOGROUP KLSG01)
  LOCKSIZE ROW MEMBER CLUSTER@
--#SET TERMINATOR ;
CREATE TABLE KL.NOTITIE (NR INTEGER NOT NULL, TEKST LONG VARCHAR,
                         FOREIGN KEY FKNOT (NR) REFERENCES KL.ELDERS);
ALTER TABLE KL.NOTITIE ADD CONSTRAINT FKX FOREIGN KEY (NR) REFERENCES KL.ORDERS (ORDER_NR);
"""
    modules, diagnostics = facts(text)
    assert diagnostics == [] and modules[0].diagnostics == []
    stogroup, database, tablespace, notitie = modules
    assert (stogroup.kind, stogroup.name, stogroup.line, stogroup.attributes) == ("stogroup", "KLSG01", 2, {"volumes": ["*"], "vcat": "KLCAT"})
    assert (database.kind, database.name, database.attributes) == ("database", "KLDB", {"stogroup": "KLSG01", "bufferpool": "BP0", "indexbp": "BP2", "ccsid": "UNICODE"})
    assert (tablespace.kind, tablespace.line, tablespace.end_line) == ("tablespace", 4, 7)
    assert tablespace.attributes == {
        "database": "KLDB", "stogroup": "KLSG01", "priqty": 48, "secqty": 48, "numparts": 2, "locksize": "ROW", "member_cluster": True,
    }
    assert notitie.symbols == [column("NR", 9, "INTEGER", nullable=False), column("TEKST", 9, "LONG VARCHAR")]
    assert [(r.target, r.line, r.attributes["constraint"], r.attributes["referenced_columns"]) for r in notitie.references] == [
        ("ELDERS", 10, "FKNOT", []), ("ORDERS", 11, "FKX", ["ORDER_NR"]),
    ]


def test_views_read_their_base_tables_not_ctes_or_function_arguments():
    text = """\
CREATE VIEW KL.V_OMZET (NAAM, AANTAL, JAAR) AS
  WITH TOTAAL AS (SELECT KLANT_NR, SUM(AANTAL) AS N FROM KL.ORDER_REGEL GROUP BY KLANT_NR)
  SELECT K.NAAM, T.N, EXTRACT(YEAR FROM K.OPGEHEVEN)
    FROM KL.KLANT K
    INNER JOIN TOTAAL T ON T.KLANT_NR = K.KLANT_NR
    LEFT OUTER JOIN PRODUCT P ON 1 = 1, SYSIBM.SYSDUMMY1 D
   WHERE K.LAND IN (SELECT LAND FROM KL.LANDEN)
  WITH CASCADED CHECK OPTION;
"""
    [view], diagnostics = facts(text)
    assert diagnostics == [] and view.diagnostics == []
    assert (view.kind, view.name, view.line, view.end_line, view.metrics) == ("view", "V_OMZET", 1, 8, {"lines": 8})
    assert view.symbols == [Symbol("NAAM", "column", 1, path=PATH), Symbol("AANTAL", "column", 1, path=PATH), Symbol("JAAR", "column", 1, path=PATH)]
    assert [(r.kind, r.target, r.line, r.attributes["schema"]) for r in view.references] == [
        ("reads", "ORDER_REGEL", 2, "KL"), ("reads", "KLANT", 4, "KL"), ("reads", "PRODUCT", 6, None),
        ("reads", "SYSDUMMY1", 6, "SYSIBM"), ("reads", "LANDEN", 7, "KL"),
    ]
    assert view.attributes["check_option"] is True
    assert view.attributes["query"].startswith("WITH TOTAAL AS (SELECT KLANT_NR, SUM(AANTAL) AS N FROM KL.ORDER_REGEL GROUP BY")
    assert view.attributes["query"].endswith("WHERE K.LAND IN (SELECT LAND FROM KL.LANDEN)")


def test_comments_labels_aliases_and_synonyms():
    text = """\
CREATE TABLE KL.KLANT (KLANT_NR INTEGER NOT NULL, NAAM VARCHAR(40));
CREATE ALIAS KL.CUSTOMER FOR KL.KLANT;
CREATE SYNONYM KLANTEN FOR KL.KLANT;
COMMENT ON TABLE KL.KLANT IS 'Klanten van het bedrijf';
COMMENT ON COLUMN KL.KLANT.NAAM IS 'Naam zoals op de factuur';
COMMENT ON KL.KLANT (KLANT_NR IS 'Uniek nummer');
LABEL ON TABLE KL.KLANT IS 'KLANT';
LABEL ON COLUMN KL.KLANT.NAAM IS 'Naam';
COMMENT ON TABLE KL.ONBEKEND IS 'x';
COMMENT ON COLUMN KL.KLANT.NIETS IS 'y';
"""
    modules, _ = facts(text)
    klant, customer, klanten = modules
    assert klant.attributes == {"schema": "KL", "tablespace": None, "database": None, "primary_key": [], "indexes": [], "comment": "Klanten van het bedrijf", "label": "KLANT"}
    assert klant.symbols == [
        column("KLANT_NR", 1, "INTEGER", nullable=False, comment="Uniek nummer"),
        column("NAAM", 1, "VARCHAR", 40, comment="Naam zoals op de factuur", label="Naam"),
    ]
    assert (customer.kind, customer.attributes) == ("alias", {"schema": "KL", "for_schema": "KL", "for": "KLANT"})
    assert customer.references == [Reference("references", "KLANT", "table", "sql", 2, PATH, attributes={"schema": "KL"})]
    assert (klanten.kind, klanten.attributes["for"], klanten.references[0].target) == ("synonym", "KLANT", "KLANT")
    assert [(d.severity, d.code, d.line) for d in klant.diagnostics] == [("info", "ddl-comment-target", 9), ("info", "ddl-comment-target", 10)]


def test_unknown_and_unanalysed_statements_become_diagnostics():
    text = """\
CREATE TABLE KL.A (X INTEGER, PRIMARY KEY (Y));
CREATE TRIGGER KL.T1 AFTER INSERT ON KL.A FOR EACH ROW MODE DB2SQL BEGIN ATOMIC END;
FROBNICATE THE TABLE;
CREATE TABLE KL.B;
INSERT INTO KL.A VALUES (1);
CREATE TABLE KL.A (X SMALLINT);
CREATE UNIQUE INDEX KL.XA ON KL.A (Z);
DROP TABLE KL.C;
"""
    modules, _ = facts(text)
    assert [(m.name, m.symbols[0].attributes["type"] if m.symbols else None) for m in modules] == [("A", "SMALLINT")]
    assert [(d.severity, d.code, d.line) for d in modules[0].diagnostics] == [
        ("info", "ddl-not-modelled", 2),
        ("warning", "ddl-unknown-statement", 3),
        ("warning", "ddl-syntax", 4),
        ("info", "ddl-not-modelled", 5),
        ("warning", "ddl-duplicate", 6),
        ("warning", "ddl-unknown-column", 7),
    ]


def test_an_unterminated_string_ends_the_analysis_with_an_error():
    modules, diagnostics = facts("CREATE TABLE KL.A (X CHAR(1) DEFAULT 'N);\nCREATE TABLE KL.B (Y INTEGER);\n")
    assert modules == []
    assert [(d.severity, d.code, d.line, d.path) for d in diagnostics] == [("error", "ddl-syntax", 1, "ddl/KL.sql")]


def test_the_example_ddl():
    inventory = take_inventory(EXAMPLES)
    [source] = [f for f in inventory.files if f.kind == "ddl"]
    text = read_text(EXAMPLES, source)
    modules, diagnostics = facts(text, source.path)
    assert diagnostics == [] and modules[0].diagnostics == []
    assert [(m.kind, m.name) for m in modules] == [
        ("database", "TSLDB01"), ("tablespace", "TSLTS01"), ("tablespace", "TSLTS02"), ("tablespace", "TSLTS03"),
        ("table", "PERSOON"), ("table", "AANVRAAG"), ("table", "BETALING"), ("view", "V_BETALING_TOTAAL"),
    ]
    tables = named(modules)
    persoon, aanvraag, betaling = tables["PERSOON"], tables["AANVRAAG"], tables["BETALING"]
    assert (persoon.line, persoon.end_line, persoon.metrics) == (43, 60, {"lines": 18, "columns": 15})
    assert persoon.attributes == {
        "schema": "TSL", "tablespace": "TSLTS01", "database": "TSLDB01", "primary_key": ["BSN"],
        "indexes": [{"name": "XPERSOPK", "columns": ["BSN"], "unique": True}], "comment": None,
    }
    assert persoon.symbols[0] == column("BSN", 44, "CHAR", 9, nullable=False, path=ESTATE)
    assert persoon.symbols[1] == column("VOORLETTERS", 45, "CHAR", 6, nullable=False, default="''", path=ESTATE)
    assert persoon.symbols[4] == column("GEBOORTEDATUM", 48, "DATE", path=ESTATE)
    assert persoon.symbols[-1] == column("MUTATIE_TS", 58, "TIMESTAMP", nullable=False, default="CURRENT TIMESTAMP", path=ESTATE)
    assert aanvraag.symbols[7] == column("TOETSINKOMEN", 77, "DECIMAL", 9, 2, nullable=False, path=ESTATE)
    assert [i["name"] for i in aanvraag.attributes["indexes"]] == ["XAANVRPK", "XAANV01", "XAANV02"]
    assert aanvraag.attributes["indexes"][1] == {"name": "XAANV01", "columns": ["BSN", "SOORT", "TOESLAGJAAR"], "unique": True}
    assert aanvraag.references == [
        Reference("references", "PERSOON", "table", "sql", 88, ESTATE, attributes={
            "schema": "TSL", "columns": ["BSN"], "referenced_columns": ["BSN"], "constraint": "FKAANV01", "on_delete": "RESTRICT",
        }),
    ]
    assert betaling.attributes["primary_key"] == ["BETALING_ID"] and betaling.metrics["columns"] == 13
    assert [i["unique"] for i in betaling.attributes["indexes"]] == [True, False, False]
    view = tables["V_BETALING_TOTAAL"]
    assert [s.name for s in view.symbols] == ["BSN", "SOORT", "TOESLAGJAAR", "AANTAL_BETALINGEN", "TOTAAL_BEDRAG"]
    assert view.references == [Reference("reads", "BETALING", "table", "sql", 145, ESTATE, attributes={"schema": "TSL"})]
    assert view.attributes["query"] == "SELECT BSN, SOORT, TOESLAGJAAR, COUNT(*), SUM(BEDRAG) FROM TSL.BETALING GROUP BY BSN, SOORT, TOESLAGJAAR"
    assert tables["TSLTS02"].attributes == {
        "database": "TSLDB01", "stogroup": "TSLSG01", "priqty": 7200, "secqty": 720, "segsize": 32, "locksize": "PAGE",
        "bufferpool": "BP1", "close": "NO",
    }
    assert tables["TSLDB01"].attributes == {"stogroup": "TSLSG01", "bufferpool": "BP1", "ccsid": "EBCDIC"}


SQL_WORDS = st.sampled_from([
    "CREATE ", "TABLE ", "VIEW ", "INDEX ", "UNIQUE ", "ON ", "T.X ", "(", ")", ",", ";", "'", "\"", "--", "--#SET TERMINATOR @\n",
    "@", "INTEGER ", "CHAR(", "DEFAULT ", "WITH ", "NOT NULL ", "PRIMARY KEY ", "FOREIGN KEY ", "REFERENCES ", "AS SELECT ",
    "FROM ", "JOIN ", "COMMENT ON ", "IS ", "ALTER TABLE ", "ADD ", "IN ", "DATABASE ", "TABLESPACE ", "\n", "/*", "*/", "1",
    "CONSTRAINT ", "LABEL ON ", "COLUMN ", "ALIAS ", "FOR ",
])


@pytest.mark.slow  # hundreds of generated inputs
@settings(max_examples=300, deadline=None)
@given(st.lists(SQL_WORDS, max_size=60), st.text(max_size=20))
def test_any_input_gives_facts_or_diagnostics_never_an_exception(words, noise):
    text = "".join(words) + noise
    modules, diagnostics = ddl.parse_text("x.sql", text)
    assert not [d for d in diagnostics if d.code == "ddl-internal"]
    scanned, _ = ddl.parse_text("x.sql", text, use_sqlglot=False)
    assert without_diagnostics(scanned) == without_diagnostics(modules)


@pytest.mark.parametrize("text", [SCRIPT])
def test_facts_are_json_round_trippable(text):
    modules, _ = facts(text)
    assert [Module.from_dict(m.to_dict()) for m in modules] == modules


def test_create_table_if_not_exists_is_the_table():
    # An application's migration script (SQLite, PostgreSQL) next to the mainframe code.
    modules, diagnostics = facts('CREATE TABLE IF NOT EXISTS "History" (\n  "Id" TEXT NOT NULL PRIMARY KEY,\n  "Version" TEXT NOT NULL\n);\n')
    assert [m.name for m in modules] == ["HISTORY"]
    assert [s.name for s in modules[0].symbols if s.kind == "column"] == ["ID", "VERSION"]
    assert not [d for d in diagnostics if d.severity != "info"]
