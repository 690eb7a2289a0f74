"""The offline DB2 world: the precompiler, the SQLite world behind the MZSQL shim, and TSB030's
characterization tests captured and replayed under GnuCOBOL."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from modernize.testgen.precompile import precompile
from modernize.testgen.records import pack_decimal
from modernize.testgen.sqlworld import Column, Param, Schema, Table, World

PROGRAM = """\
000100 IDENTIFICATION DIVISION.
000200 PROGRAM-ID. P.
000300 DATA DIVISION.
000400 WORKING-STORAGE SECTION.
000500     EXEC SQL INCLUDE SQLCA END-EXEC.
000600     EXEC SQL DECLARE C1 CURSOR FOR
000700         SELECT NR FROM T.KLANT WHERE SOORT = :WS-SOORT
000800     END-EXEC.
000900 PROCEDURE DIVISION.
001000     EXEC SQL WHENEVER SQLERROR GO TO 9999-FOUT END-EXEC
001100     EXEC SQL
001200         SELECT NAAM, BEDRAG
001300           INTO :DCL.NAAM, :WS-BEDRAG :WS-IND
001400           FROM T.KLANT
001500          WHERE NR = :DCL.NR
001600     END-EXEC.
001700     EXEC SQL OPEN C1 END-EXEC.
001800     DISPLAY 'KLAAR'.
001900 9999-FOUT.
002000     STOP RUN.
"""


def test_precompiler_replaces_blocks_and_keeps_every_line():
    result = precompile(PROGRAM, lambda member: None)
    lines = result.source.splitlines()
    original = PROGRAM.splitlines()
    assert lines[:len(original)][17] == original[17], "DISPLAY 'KLAAR' stays on line 18"
    assert lines[4].split() == ["000500", "COPY", "SQLCA."]
    assert lines[9].split() == ["001000", "CONTINUE"], "WHENEVER leaves a no-op statement"
    assert lines[10].split() == ["001100", "PERFORM", "MZSQL-0001."], "the period after END-EXEC moves to the first line"
    assert lines[15].split() == ["001600"], "no line holds only a period: GnuCOBOL's trace would count one line less after it"
    assert lines[16].split() == ["001700", "PERFORM", "MZSQL-0002."]
    assert "CURSOR" not in "\n".join(lines[5:8]) and lines[7].split() == ["000800"], "no lone period left in WORKING-STORAGE"
    select, open_ = result.statements
    assert (select.line, select.kind, select.sql) == (11, "SELECT", "SELECT NAAM, BEDRAG FROM T.KLANT WHERE NR = ?")
    assert [(v.name, v.indicator) for v in select.outputs] == [("DCL.NAAM", None), ("WS-BEDRAG", "WS-IND")]
    assert [v.name for v in open_.inputs] == ["WS-SOORT"] and open_.sql.startswith("SELECT NR FROM T.KLANT")
    paragraph = result.source[result.source.index("MZSQL-0001."):]
    assert "NAAM\n                OF DCL" in paragraph and "IF SQLCODE < 0 GO TO 9999-FOUT END-IF" in paragraph
    assert result.copybooks["SQLCA"].count("SQLCODE") == 1 and result.unsupported == []


def test_precompiler_reports_what_the_world_cannot_run():
    text = PROGRAM.replace("001700     EXEC SQL OPEN C1 END-EXEC.", "001700     EXEC SQL LOCK TABLE T.KLANT IN SHARE MODE END-EXEC.")
    assert precompile(text, lambda member: None).unsupported == [(17, "LOCK TABLE T.KLANT IN SHARE MODE")]
    online = PROGRAM.replace("001800     DISPLAY 'KLAAR'.", "001800     EXEC CICS RETURN END-EXEC.")
    assert precompile(online, lambda member: None).unsupported == [(18, "EXEC CICS: only the SQL half of the offline world is built")]


def test_precompiler_comments_out_ibm_compiler_options():
    result = precompile("       CBL SQL\n" + PROGRAM, lambda member: None)
    assert result.source.splitlines()[0] == "      *CBL SQL" and result.statements[0].line == 12


SCHEMA = Schema([Table("KLANT", [Column("NR", "CHAR", 4, nullable=False), Column("NAAM", "CHAR", 10),
                                 Column("BEDRAG", "DECIMAL", 9, 2)], [["NR"]])])
WORLD_PROGRAM = """\
000100 PROCEDURE DIVISION.
000200     EXEC SQL SELECT NAAM, BEDRAG INTO :NAAM, :BEDRAG
000210         FROM T.KLANT WHERE NR = :NR END-EXEC
000300     EXEC SQL INSERT INTO T.KLANT (NR, NAAM, BEDRAG)
000310         VALUES (:NR, :NAAM, :BEDRAG) END-EXEC
000400     EXEC SQL UPDATE T.KLANT SET NAAM = 'NIEUW' WHERE NR = :NR
000410     END-EXEC
000500     EXEC SQL DELETE FROM T.KLANT WHERE NR = :NR END-EXEC
000600     EXEC SQL DECLARE C CURSOR FOR
000610         SELECT NR FROM T.KLANT ORDER BY NR END-EXEC
000700     EXEC SQL OPEN C END-EXEC
000800     EXEC SQL FETCH C INTO :NR END-EXEC
000900     EXEC SQL SELECT NAAM INTO :NAAM FROM T.KLANT END-EXEC
"""


def alnum(text: str, size: int) -> Param:
    return Param(0x21, size, 0, 0, text.ljust(size).encode())


def packed(value: int) -> Param:
    """PIC S9(7)V99 COMP-3, as libcob describes it."""
    return Param(0x12, 9, 2, 1, pack_decimal(value, 5, True))


class Harness:
    def __init__(self, rows):
        self.world = World(SCHEMA, precompile(WORLD_PROGRAM, lambda member: None).statements)
        self.world.load(rows)

    def call(self, number: int, *params: Param) -> tuple[int, int, list[bytes]]:
        replies = self.world.execute([alnum(f"MZ{number:04d}", 6), Param(0x01, 0, 0, 0, b" " * 136), *params])
        return struct.unpack_from("<i", replies[1], 12)[0], struct.unpack_from("<i", replies[1], 96 + 8)[0], replies[2:]


def test_world_runs_db2_statements_with_db2_sqlcodes():
    world = Harness({"KLANT": [{"NR": "0001", "NAAM": "JANSEN", "BEDRAG": 12.5}]})
    code, _, (name, amount, _) = world.call(1, alnum("", 10), packed(0), alnum("0001", 4))
    assert code == 0 and name == b"JANSEN    " and amount == pack_decimal(1250, 5, True)
    assert world.call(1, alnum("", 10), packed(0), alnum("0009", 4))[0] == 100
    assert world.call(2, alnum("0002", 4), alnum("PIET", 10), packed(-99999999))[:2] == (0, 1)
    assert world.call(2, alnum("0002", 4), alnum("PIET", 10), packed(1))[0] == -803
    code, _, (_, amount, _) = world.call(1, alnum("", 10), packed(0), alnum("0002", 4))
    assert amount == pack_decimal(-99999999, 5, True), "a COMP-3 value goes in and comes back byte for byte"
    assert world.call(3, alnum("0001", 4))[:2] == (0, 1)
    assert world.call(3, alnum("0404", 4))[0] == 100, "a searched UPDATE that finds no row gives +100"
    assert world.call(7, alnum("", 10))[0] == -811
    assert world.call(4, alnum("0002", 4))[:2] == (0, 1)
    assert world.call(5)[0] == 0
    assert world.call(5)[0] == -502
    code, _, (number,) = world.call(6, alnum("", 4))
    assert (code, number) == (0, b"0001")
    assert world.call(6, alnum("", 4))[0] == 100
    rows = world.world.db.execute("SELECT NR, NAAM FROM KLANT ORDER BY NR").fetchall()
    assert rows == [("0001", "NIEUW")], "the UPDATE changed the row, the DELETE removed the inserted one"
    expected = b'{\n "KLANT": [\n  {"BEDRAG": 12.50, "NAAM": "JANSEN", "NR": "0001"}\n ]\n}\n'
    assert world.world.dump() == expected, "work not committed is rolled back at the end; DECIMAL(9,2) keeps its scale"


def test_world_null_needs_an_indicator():
    world = Harness({"KLANT": [{"NR": "0001"}]})
    assert world.call(1, alnum("", 10), packed(0), alnum("0001", 4))[0] == -305


@pytest.mark.slow
def test_tsb030_scenarios_pass_on_the_legacy_program_and_catch_a_flipped_literal(example_capture, tmp_path):
    tests = tmp_path / "tests"
    shutil.copytree(example_capture / "tests", tests, ignore=shutil.ignore_patterns(".build"))
    [module] = tests.glob("step_*/test_tsb030.py")
    golden = module.parent / "golden" / "TSB030"
    assert {p.name for p in (golden / "valid").iterdir()} >= {"SYSOUT.out", "TABLES.out", "returncode"}
    assert b"AANVRAGEN BIJGEWERKT" in (golden / "valid" / "SYSOUT.out").read_bytes()
    # No rows: the valid record's application is unknown; then SUM over no payments is NULL and
    # WS-AANTAL-DB2 has no indicator variable: DB2's -305, the SQL error path, return code 16.
    none = (golden / "rows-none" / "SYSOUT.out").read_bytes()
    assert none.count(b"AANVRAAG ONBEKEND") == 1 and b"SQL-FOUT, SQLCODE -0305" in none
    assert (golden / "rows-none" / "returncode").read_text().strip() == "16"
    # A row for the record, and one no record names (keys '#'), status 'T' as the cursor asks:
    # the application is known, and the cursor lists that one row as granted but not paid (RC 4).
    every = (golden / "rows-all" / "SYSOUT.out").read_bytes()
    assert b"AANVRAAG ONBEKEND      :         0" in every and b"NIET BETAALD ########## #########" in every
    assert (golden / "rows-all" / "returncode").read_text().strip() == "4"
    environment = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}

    def pytest_run(root: Path) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(module)], cwd=tests,
                              env={**environment, "MODERNIZE_LEGACY_ROOT": str(root)}, capture_output=True, text=True, timeout=300)

    estate = example_capture.parent / "examples" / "cobol"
    passed = pytest_run(estate)
    assert passed.returncode == 0 and " passed" in passed.stdout, passed.stdout[-2000:]
    mutated = tmp_path / "mutated"
    shutil.copytree(estate, mutated)
    source = mutated / "cbl" / "TSB030.cbl"
    text = source.read_text(encoding="latin-1")
    assert "SET AANVRAAG_STATUS = 'B'," in text
    source.write_text(text.replace("SET AANVRAAG_STATUS = 'B',", "SET AANVRAAG_STATUS = 'X',"), encoding="latin-1")
    failed = pytest_run(mutated)
    assert failed.returncode == 1 and "TABLES differs from the legacy golden master" in failed.stdout, failed.stdout[-2000:]


def test_the_member_listing_finds_what_a_stat_per_folder_and_suffix_finds(tmp_path):
    """``Members`` (one listing per estate) against ``read_member`` (a stat per candidate): the first
    copy folder that holds the member wins, then the first suffix in MEMBER_SUFFIXES."""
    from modernize.testgen.sqlworld import Members, read_member

    files = {"a/CUSTREC.cpy": "a cpy", "a/CUSTREC.dcl": "a dcl", "b/CUSTREC": "b bare", "b/ACCTREC.DCL": "b DCL",
             "b/ACCTREC.copy": "b copy", "c/ORDERS.cbl": "c cbl", "c/sub/NESTED.cpy": "nested", "c/ACCTREC": "c bare"}
    for path, text in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    copy_dirs = ["a", "b", "c", "missing"]
    members = Members.of(tmp_path, copy_dirs)
    for member in ("CUSTREC", "ACCTREC", "ORDERS", "NESTED", "sub", "NOSUCH"):
        assert members.read(member) == read_member(tmp_path, copy_dirs, member), member
    assert members.read("CUSTREC") == "a cpy" and members.read("ACCTREC") == "b copy" and members.read("sub") is None
