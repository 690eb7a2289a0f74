"""The data dictionary of the example estate and of small programs, against their sources read by hand."""

from modernize.graph.dictionary import build_dictionary


def test_88_levels_of_a_copybook_appear_once_with_their_includers(example_estate):
    dictionary = build_dictionary(example_estate.modules)
    # cpy/TSLCOMM.cpy: 01 TSL-COMMAREA. 05 CA-FASE PIC X(01). 88 CA-EERSTE-KEER VALUE SPACE. 88 … '1'. 88 … '2'.
    records = [r for r in dictionary.records if r.name == "TSL-COMMAREA"]
    assert [(r.module, r.module_kind, r.path) for r in records] == [("TSLCOMM", "copybook", "cpy/TSLCOMM.cpy")]
    record = records[0]
    assert record.included_by == ["TSO100", "TSO110", "TSO120"]  # the programs that COPY TSLCOMM
    fase = next(f for f in record.fields if f.name == "CA-FASE")
    assert fase.conditions == {"CA-EERSTE-KEER": ["SPACE"], "CA-SCHERM-GETOOND": ["1"], "CA-WIJZ-BEVESTIGEN": ["2"]}
    assert (fase.layout.level, fase.layout.picture, fase.layout.offset, fase.layout.length) == (5, "X(01)", 0, 1)
    sleutel = [(f.name, f.depth, f.layout.offset, f.layout.length) for f in record.fields if f.name in ("CA-SLEUTEL", "CA-BSN", "CA-JAAR")]
    assert sleutel == [("CA-SLEUTEL", 1, 9, 15), ("CA-BSN", 2, 9, 9), ("CA-JAAR", 2, 20, 4)]


def test_a_dclgen_binds_its_fields_to_the_table_columns(example_estate):
    dictionary = build_dictionary(example_estate.modules)
    table = dictionary.table("AANVRAAG")
    assert table is not None and table.kind == "table" and table.schema == "TSL"
    assert table.primary_key == ["AANVRAAGNR"]  # PRIMARY KEY (AANVRAAGNR) in ddl/TSDDL01.sql
    assert (["BSN"], "PERSOON", ["BSN"]) in table.foreign_keys
    columns = {c.name: c for c in table.columns}
    assert (columns["TOETSINKOMEN"].type, columns["TOETSINKOMEN"].nullable) == ("DECIMAL(9,2)", False)
    assert columns["PARTNER_BSN"].nullable
    # dclgen/TSDAANV.cpy: DECLARE TSL.AANVRAAG TABLE + 01 DCLAANVRAAG. 10 AANVRAAG-STATUS PIC X(1).
    assert "TSDAANV" in table.declared_in
    assert columns["AANVRAAG_STATUS"].fields == [("TSDAANV-DCLAANVRAAG", "AANVRAAG-STATUS")]
    layout = dictionary.record("TSDAANV-DCLAANVRAAG")
    assert layout is not None and layout.table == "AANVRAAG"
    status = next(f for f in layout.fields if f.name == "AANVRAAG-STATUS")
    assert status.column == ("AANVRAAG", "AANVRAAG_STATUS")
    assert (status.layout.offset, status.layout.length) == (23, 1)


def test_where_a_field_is_read_and_written(example_estate):
    dictionary = build_dictionary(example_estate.modules)
    layout = dictionary.record("TSDAANV-DCLAANVRAAG")
    number = next(f for f in layout.fields if f.name == "AANVRAAGNR")
    uses = {u.program: (u.read, u.written) for u in number.uses}
    # cbl/TSO120.cbl: 198 EXEC SQL SELECT … INTO :DCLAANVRAAG.AANVRAAGNR; 220 MOVE AANVRAAGNR OF DCLAANVRAAG TO …;
    # 266 MOVE CA-AANVRAAGNR TO AANVRAAGNR OF DCLAANVRAAG; 270 EXEC SQL UPDATE … WHERE AANVRAAGNR = :DCLAANVRAAG.AANVRAAGNR
    assert uses["TSO120"] == ((220, 270), (198, 266))
    # cbl/TSO110.cbl: 199 MOVE CA-BSN TO BSN OF DCLAANVRAAG, then the SELECT at 202 reads it in its WHERE
    bsn = next(f for f in layout.fields if f.name == "BSN")
    assert {u.program: (u.read, u.written) for u in bsn.uses}["TSO110"] == ((202,), (199,))


def test_the_programs_sql_binds_host_variables_to_columns(example_estate):
    dictionary = build_dictionary(example_estate.modules)
    table = dictionary.table("AANVRAAG")
    uses = {(u.program, u.column): u for u in table.host_uses}
    # TSO110 202: SELECT AANVRAAGNR, AANVRAAG_STATUS … INTO :DCLAANVRAAG.AANVRAAGNR, :DCLAANVRAAG.AANVRAAG-STATUS … WHERE BSN = :…BSN
    status = uses[("TSO110", "AANVRAAG_STATUS")]
    assert (status.host_variable, status.directions, status.lines, status.record) == ("AANVRAAG-STATUS", ("out",), (202,), "TSDAANV-DCLAANVRAAG")
    assert uses[("TSO110", "BSN")].directions == ("in",)
    # TSB030 220: UPDATE TSL.AANVRAAG SET LAATSTE_BETDAT = :WS-DATUM-DB2 — a host variable of the program's own record
    betdat = uses[("TSB030", "LAATSTE_BETDAT")]
    assert (betdat.host_variable, betdat.record, betdat.picture) == ("WS-DATUM-DB2", "TSB030-WS-HOST", "X(10)")


PROGRAM = """\
       IDENTIFICATION DIVISION.
       PROGRAM-ID. KLANT01.
       DATA DIVISION.
       WORKING-STORAGE SECTION.
           EXEC SQL DECLARE KLANT TABLE
           ( KLANTNR   INTEGER NOT NULL,
             NAAM      VARCHAR(30),
             SALDO     DECIMAL(9, 2) NOT NULL
           ) END-EXEC.
       01  WS-KLANT.
           05 WS-NR         PIC S9(9) COMP.
           05 WS-NAAM       PIC X(30).
           05 WS-SALDO      PIC S9(7)V99 COMP-3.
       01  WS-WERK.
           05 WS-TOTAAL     PIC S9(9)V99.
           05 WS-TYPE       PIC X(3).
              88 WS-CREDIT  VALUE 'CRE'.
              88 WS-DEBET   VALUE 'DEB'.
           05 WS-DATUM      PIC X(8).
           05 WS-TEKST      PIC X(40).
           05 WS-RESP       PIC S9(8) COMP.
       PROCEDURE DIVISION.
           EXEC SQL DECLARE C1 CURSOR FOR
                SELECT KLANTNR, NAAM FROM KLANT WHERE SALDO > :WS-SALDO
           END-EXEC.
           ACCEPT WS-DATUM FROM DATE.
           INITIALIZE WS-WERK.
           SET WS-CREDIT TO TRUE.
           COMPUTE WS-TOTAAL = WS-SALDO * 2.
           ADD WS-SALDO TO WS-TOTAAL GIVING WS-TOTAAL.
           STRING WS-NAAM DELIMITED BY SIZE INTO WS-TEKST.
           EXEC SQL FETCH C1 INTO :WS-NR, :WS-NAAM END-EXEC.
           EXEC SQL INSERT INTO KLANT (KLANTNR, NAAM, SALDO)
                VALUES (:WS-NR, :WS-NAAM, :WS-SALDO) END-EXEC.
           EXEC CICS READQ TS QUEUE('KLANTQ') INTO(WS-TEKST)
                RESP(WS-RESP) END-EXEC.
           IF WS-DEBET DISPLAY WS-TOTAAL END-IF.
           GOBACK.
"""


def test_statements_that_read_and_write_items(analyse):
    module = analyse({"KLANT01.cbl": PROGRAM}).module("KLANT01")
    uses = {name: (use.read, use.written) for name, use in module.data_uses.items()}
    assert uses["WS-DATUM"] == ((), (26,))  # ACCEPT … FROM DATE
    assert uses["WS-WERK"] == ((), (27,))  # INITIALIZE
    assert uses["WS-TYPE"] == ((37,), (28,))  # SET WS-CREDIT TO TRUE writes it, IF WS-DEBET reads it
    assert uses["WS-TOTAAL"] == ((30, 37), (29, 30))  # COMPUTE, ADD … GIVING (its operand too), DISPLAY
    assert uses["WS-SALDO"] == ((23, 29, 30, 33), ())  # the cursor's WHERE, COMPUTE, ADD, INSERT VALUES
    assert uses["WS-TEKST"] == ((), (31, 35))  # STRING INTO, EXEC CICS INTO
    assert uses["WS-RESP"] == ((), (35,))
    assert uses["WS-NR"] == ((33,), (32,))  # FETCH INTO writes, INSERT reads


def test_sql_bindings_and_a_table_known_from_its_declare_only(analyse):
    module = analyse({"KLANT01.cbl": PROGRAM}).module("KLANT01")
    bindings = {(b.column, b.host_variable, b.line, b.direction) for b in module.sql_columns}
    assert ("KLANTNR", "WS-NR", 32, "out") in bindings  # FETCH C1 INTO with the cursor's select list
    assert ("NAAM", "WS-NAAM", 32, "out") in bindings
    assert ("SALDO", "WS-SALDO", 33, "in") in bindings  # INSERT (…, SALDO) VALUES (…, :WS-SALDO)
    assert ("SALDO", "WS-SALDO", 23, "in") in bindings  # WHERE SALDO > :WS-SALDO
    assert {b.table for b in module.sql_columns} == {"KLANT"}
    dictionary = build_dictionary([module])
    table = dictionary.table("KLANT")
    assert table is not None and table.kind == "declared"
    assert [(c.name, c.type, c.nullable) for c in table.columns] == [
        ("KLANTNR", "INTEGER", False), ("NAAM", "VARCHAR(30)", True), ("SALDO", "DECIMAL(9, 2)", False)]
    credit = next(f for r in dictionary.records for f in r.fields if f.name == "WS-TYPE")
    assert credit.conditions == {"WS-CREDIT": ["CRE"], "WS-DEBET": ["DEB"]}
    nr = {(u.column, u.record) for u in table.host_uses}
    assert ("KLANTNR", "KLANT01-WS-KLANT") in nr


def test_a_dclgen_with_prefixed_names_binds_too(analyse):
    # CardDemo's DCLTRTYP: DCLGEN NAMES(DCL-) makes 10 DCL-TR-TYPE for column TR_TYPE
    copybook = """\
           EXEC SQL DECLARE CARDDEMO.TRANSACTION_TYPE TABLE
           ( TR_TYPE                        CHAR(2) NOT NULL,
             TR_DESCRIPTION                 VARCHAR(50) NOT NULL
           ) END-EXEC.
       01  DCLTRANSACTION-TYPE.
           10 DCL-TR-TYPE          PIC X(2).
           10 DCL-TR-DESCRIPTION.
              49 DCL-TR-DESCRIPTION-LEN
                 PIC S9(4) USAGE COMP.
              49 DCL-TR-DESCRIPTION-TEXT
                 PIC X(50).
"""
    estate = analyse({"cpy/DCLTRTYP.cpy": copybook})
    dictionary = build_dictionary(estate.modules)
    table = dictionary.table("TRANSACTION_TYPE")
    assert table is not None and table.kind == "declared" and table.declared_in == ["DCLTRTYP"]
    assert {c.name: c.fields for c in table.columns} == {
        "TR_TYPE": [("DCLTRTYP-DCLTRANSACTION-TYPE", "DCL-TR-TYPE")],
        "TR_DESCRIPTION": [("DCLTRTYP-DCLTRANSACTION-TYPE", "DCL-TR-DESCRIPTION")]}
    assert [c.type for c in table.columns] == ["CHAR(2)", "VARCHAR(50)"]


def test_columns_of_a_join_bind_through_their_correlation_names(analyse):
    # cics-genapp's lgipdb01: SELECT P.ISSUEDATE, E.WITHPROFITS INTO … FROM POLICY P, ENDOWMENT E WHERE P.POLICYNUMBER = :…
    program = """\
       IDENTIFICATION DIVISION.
       PROGRAM-ID. JOIN01.
       DATA DIVISION.
       WORKING-STORAGE SECTION.
       01  WS-ROW.
           05 WS-ISSUED   PIC X(10).
           05 WS-PROFITS  PIC X.
           05 WS-POLICY   PIC S9(9) COMP.
       PROCEDURE DIVISION.
           EXEC SQL SELECT P.ISSUEDATE, E.WITHPROFITS
                INTO :WS-ISSUED, :WS-PROFITS
                FROM POLICY P, ENDOWMENT AS E
                WHERE P.POLICYNUMBER = :WS-POLICY
                  AND E.POLICYNUMBER = P.POLICYNUMBER
           END-EXEC.
           GOBACK.
"""
    module = analyse({"JOIN01.cbl": program}).module("JOIN01")
    assert {(b.table, b.column, b.host_variable, b.direction) for b in module.sql_columns} == {
        ("POLICY", "ISSUEDATE", "WS-ISSUED", "out"), ("ENDOWMENT", "WITHPROFITS", "WS-PROFITS", "out"),
        ("POLICY", "POLICYNUMBER", "WS-POLICY", "in")}


def test_an_unqualified_column_of_a_join_belongs_to_the_table_whose_ddl_has_it(analyse):
    # cics-genapp's lgipdb01: SELECT ISSUEDATE, …, WITHPROFITS … INTO … FROM POLICY,ENDOWMENT WHERE POLICY.POLICYNUMBER = …
    estate = analyse({
        "ddl/tables.sql": "CREATE TABLE POLICY (POLICYNUMBER INTEGER NOT NULL, ISSUEDATE DATE, PRIMARY KEY (POLICYNUMBER));\n"
                          "CREATE TABLE ENDOWMENT (POLICYNUMBER INTEGER NOT NULL, WITHPROFITS CHAR(1));\n",
        "JOIN02.cbl": """\
       IDENTIFICATION DIVISION.
       PROGRAM-ID. JOIN02.
       DATA DIVISION.
       WORKING-STORAGE SECTION.
       01  WS-ROW.
           05 WS-ISSUED   PIC X(10).
           05 WS-PROFITS  PIC X.
           05 WS-POLICY   PIC S9(9) COMP.
       PROCEDURE DIVISION.
           EXEC SQL SELECT ISSUEDATE, WITHPROFITS
                INTO :WS-ISSUED, :WS-PROFITS
                FROM POLICY, ENDOWMENT
                WHERE POLICY.POLICYNUMBER = ENDOWMENT.POLICYNUMBER
                  AND POLICY.POLICYNUMBER = :WS-POLICY
           END-EXEC.
           GOBACK.
"""})
    dictionary = build_dictionary(estate.modules)
    assert {(u.column, u.host_variable) for u in dictionary.table("POLICY").host_uses} == {("ISSUEDATE", "WS-ISSUED"), ("POLICYNUMBER", "WS-POLICY")}
    assert {(u.column, u.host_variable) for u in dictionary.table("ENDOWMENT").host_uses} == {("WITHPROFITS", "WS-PROFITS")}
