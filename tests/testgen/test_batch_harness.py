"""The batch harness beyond flat DD files: KSDS files loaded and read back, a JCL PARM passed the
z/OS way, tabbed copybooks, DL/I programs as documented skips, and the plan's per-step counts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from modernize.plan import acceptance
from modernize.plan.acceptance import RuleCoverage, criteria, step_tests
from modernize.plan.build import Step
from modernize.testgen.indexed import IndexedFile, Key, indexed_files, utility_source, whole_records
from modernize.testgen.inputs import text_records
from modernize.testgen.legacy import Harness, driver_source, without_overflowing_tabs
from modernize.testgen.parm import jcl_parms, parm_codec, parm_text

KSDS = """
 IDENTIFICATION DIVISION.
 PROGRAM-ID. KSDSPGM.
 ENVIRONMENT DIVISION.
 INPUT-OUTPUT SECTION.
 FILE-CONTROL.
     SELECT CUST-FILE ASSIGN TO CUSTKSDS
            ORGANIZATION IS INDEXED
            ACCESS MODE IS RANDOM
            RECORD KEY IS CUST-ID
            ALTERNATE RECORD KEY IS CUST-NAME WITH DUPLICATES
            ALTERNATE RECORD KEY IS CUST-MAIL
            FILE STATUS IS WS-STATUS.
     SELECT OUT-FILE ASSIGN TO REPORTDD.
 DATA DIVISION.
 FILE SECTION.
 FD  CUST-FILE.
 01  CUST-REC.
     05  CUST-ID     PIC 9(4).
     05  CUST-NAME   PIC X(6).
     05  CUST-MAIL   PIC X(8).
     05  CUST-AMOUNT PIC 9(5).
 FD  OUT-FILE.
 01  OUT-REC         PIC X(30).
 WORKING-STORAGE SECTION.
 01  WS-STATUS       PIC XX.
 LINKAGE SECTION.
 01  LK-PARM.
     05  LK-LENGTH   PIC S9(4) COMP.
     05  LK-ID       PIC 9(4).
     05  LK-MODE     PIC X(1).
 PROCEDURE DIVISION USING LK-PARM.
 MAIN-PARA.
     OPEN INPUT CUST-FILE OUTPUT OUT-FILE
     MOVE LK-ID TO CUST-ID
     READ CUST-FILE
        INVALID KEY MOVE 'NOT FOUND' TO OUT-REC
        NOT INVALID KEY MOVE CUST-REC TO OUT-REC
     END-READ
     WRITE OUT-REC
     IF LK-MODE = 'V'
        MOVE LK-LENGTH TO OUT-REC
        WRITE OUT-REC
     END-IF
     CLOSE CUST-FILE OUT-FILE
     GOBACK.
"""

JOB = """//KSDSJOB  JOB (ACCT),'KSDS'
//STEP1    EXEC PGM=KSDSPGM,PARM='0002V'
//CUSTKSDS DD DSN=PROD.CUST.KSDS,DISP=SHR
//REPORTDD DD DSN=PROD.CUST.REPORT,DISP=(NEW,CATLG)
"""

CUSTOMERS = b"0002BOB   bob@x   00700\n0001ALICE alice@x 00100\n0003BOB   bob3@x  00010\n"

DLI = """
 IDENTIFICATION DIVISION.
 PROGRAM-ID. DLIPGM.
 ENVIRONMENT DIVISION.
 INPUT-OUTPUT SECTION.
 FILE-CONTROL.
     SELECT OUT-FILE ASSIGN TO OUTDD.
 DATA DIVISION.
 FILE SECTION.
 FD  OUT-FILE.
 01  OUT-REC         PIC X(10).
 WORKING-STORAGE SECTION.
 01  GU-FUNC         PIC X(4) VALUE 'GU  '.
 01  SEG-AREA        PIC X(10).
 LINKAGE SECTION.
 01  DB-PCB.
     05  PCB-DBD     PIC X(8).
     05  PCB-STATUS  PIC XX.
 PROCEDURE DIVISION.
 MAIN-PARA.
     ENTRY 'DLITCBL' USING DB-PCB
     OPEN OUTPUT OUT-FILE
     CALL 'CBLTDLI' USING GU-FUNC DB-PCB SEG-AREA
     IF PCB-STATUS = 'GE'
        MOVE 'NOTFOUND' TO OUT-REC
     END-IF
     WRITE OUT-REC
     CLOSE OUT-FILE
     GOBACK.
"""


@pytest.fixture
def ksds(analyse):
    from tests.conftest import fixed

    return analyse({"cbl/KSDSPGM.cbl": fixed(KSDS), "jcl/KSDSJOB.jcl": JOB, "data/custksds.txt": CUSTOMERS})


def test_select_records_alternate_keys_apart_from_the_prime_key(ksds):
    cust = next(s for s in ksds.module("KSDSPGM").symbols if s.kind == "file" and s.name == "CUST-FILE")
    assert cust.attributes["record_key"] == "CUST-ID"
    assert cust.attributes["alternate_keys"] == [["CUST-NAME", True], ["CUST-MAIL", False]]


def test_indexed_files_place_every_key_in_the_record(ksds):
    files = indexed_files(ksds.module("KSDSPGM"))
    assert files == {"CUSTKSDS": IndexedFile("CUSTKSDS", 23, (Key(0, 4), Key(4, 6, True), Key(10, 8)))}
    source = utility_source(files["CUSTKSDS"])
    assert "RECORD KEY IS KEY-0" in source and "ALTERNATE RECORD KEY IS KEY-1 WITH DUPLICATES" in source
    assert "ALTERNATE RECORD KEY IS KEY-2\n" in source and "05 FILLER PIC X(10)." in source
    assert whole_records(b"x" * 50, 23) == b"x" * 46
    assert IndexedFile.from_dict("CUSTKSDS", files["CUSTKSDS"].to_dict()) == files["CUSTKSDS"]


def test_the_jcl_parm_seeds_a_codec_of_the_using_record_after_its_halfword(ksds):
    module = ksds.module("KSDSPGM")
    assert jcl_parms(ksds.modules, "KSDSPGM") == ["0002V"]
    assert jcl_parms(ksds.modules, "NOSUCH") is None
    record, codec = parm_codec(module, encoding="ascii", sign_convention="gnucobol", native_byteorder="little")
    assert record == "LK-PARM" and codec.length == 5
    assert codec.encode({"LK-PARM": {"LK-ID": 7, "LK-MODE": "V"}}) == b"0007V"
    assert parm_text("'IT''S'") == "IT'S" and parm_text("('A,B')") == "A,B" and parm_text("") == ""
    assert "CALL 'KSDSPGM' USING MZ-PARM" in driver_source("KSDSPGM")


def test_the_generator_gives_the_parm_and_the_ksds_to_the_harness(ksds, tmp_path):
    from modernize.testgen.generate import TestGenerator

    project = TestGenerator(ksds.modules, [step_of("KSDSPGM")], ksds.inventory.files, ksds.inventory.root).generate()
    assert project.estate["harness"]["KSDSPGM"] == {"indexed": {"CUSTKSDS": {"length": 23, "keys": [[0, 4, False], [4, 6, True], [10, 8, False]]}},
                                                    "parm": True}
    tests = next(t for t in project.programs if t.program == "KSDSPGM")
    assert tests.inputs == ["CUSTKSDS", "PARM"]
    cases = {case.name: case.inputs for case in tests.cases}
    assert cases["valid"]["PARM"] == b"0002V"  # the JCL's own PARM
    assert cases["valid"]["CUSTKSDS"].startswith(b"0002BOB   bob@x   00700")  # the estate's sample records
    assert any(inputs["PARM"][4:5] != b"V" for name, inputs in cases.items() if name.startswith("rule-01"))
    assert "harness=legacy.Harness.from_estate(ESTATE, program)" in project.files["conftest.py"].decode()


def step_of(*programs: str) -> Step:
    return Step(id="S01", title="Customers", wave=1, programs=[f"program:{p}" for p in programs], copybooks=[], owned_data=[],
                shared_data=[], depends_on=[], why="", interfaces=[], coexistence="", risks=[], effort={}, acceptance=[], rollback="")


def test_an_elementary_record_without_a_value_is_its_default_not_a_dict_text():
    from modernize.testgen.records import Field, RecordCodec

    codec = RecordCodec(Field("PARM-REC", 1, 0, 8), encoding="ascii")
    assert codec.encode({}) == b" " * 8 and codec.encode({"PARM-REC": "AB"}) == b"AB      "


def test_a_dsn_run_parm_is_the_programs_parm(analyse):
    job = """//LOADJOB  JOB (ACCT),'DB2'
//RUN      EXEC PGM=IKJEFT01
//SYSTSIN  DD *
  DSN SYSTEM(DB2T)
  RUN PROGRAM(BANKLOAD) PLAN(BANKPLAN) -
      PARM('1,10000,1,42') -
      LIB('TS.LOAD')
  RUN PROGRAM(OTHER) PLAN(P2)
  END
/*
"""
    estate = analyse({"jcl/LOADJOB.jcl": job})
    assert jcl_parms(estate.modules, "BANKLOAD") == ["1,10000,1,42"]
    assert jcl_parms(estate.modules, "OTHER") == [""]


MAINP = """
 IDENTIFICATION DIVISION.
 PROGRAM-ID. MAINP.
 ENVIRONMENT DIVISION.
 INPUT-OUTPUT SECTION.
 FILE-CONTROL.
     SELECT OUT-FILE ASSIGN TO OUTDD.
 DATA DIVISION.
 FILE SECTION.
 FD  OUT-FILE.
 01  OUT-REC         PIC X(5).
 WORKING-STORAGE SECTION.
 01  WS-REC          PIC X(5).
 PROCEDURE DIVISION.
     OPEN OUTPUT OUT-FILE
     CALL 'SUBP' USING WS-REC
     MOVE WS-REC TO OUT-REC
     WRITE OUT-REC
     CLOSE OUT-FILE
     STOP RUN.
"""

SUBP = """
 IDENTIFICATION DIVISION.
 PROGRAM-ID. SUBP.
 ENVIRONMENT DIVISION.
 INPUT-OUTPUT SECTION.
 FILE-CONTROL.
     SELECT IN-FILE ASSIGN TO SUBIN
            ORGANIZATION IS INDEXED
            ACCESS MODE IS SEQUENTIAL
            RECORD KEY IS IN-KEY.
 DATA DIVISION.
 FILE SECTION.
 FD  IN-FILE.
 01  IN-REC.
     05  IN-KEY      PIC X(2).
     05  IN-DATA     PIC X(3).
 LINKAGE SECTION.
 01  LK-REC          PIC X(5).
 PROCEDURE DIVISION USING LK-REC.
     OPEN INPUT IN-FILE
     READ IN-FILE INTO LK-REC
     CLOSE IN-FILE
     GOBACK.
"""


def test_the_files_a_called_program_reads_are_the_callers_inputs(analyse):
    from modernize.testgen.generate import TestGenerator
    from tests.conftest import fixed

    estate = analyse({"cbl/MAINP.cbl": fixed(MAINP), "cbl/SUBP.cbl": fixed(SUBP)})
    project = TestGenerator(estate.modules, [step_of("MAINP")], estate.inventory.files, estate.inventory.root).generate()
    tests = next(t for t in project.programs if t.program == "MAINP")
    assert tests.inputs == ["SUBIN"] and tests.outputs == ["OUTDD"]
    assert project.estate["harness"]["MAINP"] == {"indexed": {"SUBIN": {"length": 5, "keys": [[0, 2, False]]}}, "parm": False}
    assert "SUBP" not in project.estate.get("harness", {})  # a subprogram with USING is no main given a PARM


def test_text_records_are_lines_of_the_record_length():
    assert text_records(CUSTOMERS, 23) == [b"0002BOB   bob@x   00700", b"0001ALICE alice@x 00100", b"0003BOB   bob3@x  00010"]
    assert text_records(CUSTOMERS, 22) is None
    assert text_records(b"0002BOB", 7) is None  # no lines: a flat file, cut by length elsewhere


def test_tabs_that_cobc_would_push_past_column_72_become_spaces():
    line = "\t\t     05  CUST-FIRST-NAME                         PIC X(25)."
    fixed = without_overflowing_tabs(line)
    assert fixed == "       05  CUST-FIRST-NAME                         PIC X(25)."
    short = "\t05 A PIC X."
    assert without_overflowing_tabs(short) == short  # within the margin either way: left as cobc reads it


def test_harness_round_trips_through_estate_json():
    harness = Harness({"CUSTKSDS": IndexedFile("CUSTKSDS", 23, (Key(0, 4),))}, True)
    estate = json.loads(json.dumps({"harness": {"KSDSPGM": harness.to_dict()}}))
    assert Harness.from_estate(estate, "KSDSPGM") == harness
    assert Harness.from_estate(estate, "OTHER") is None


def test_acceptance_says_how_many_pass_skip_and_are_uncovered():
    step = step_of("A", "B", "C")
    files = [acceptance.TestFile("s1/test_a.py", "A", 4, 1, RuleCoverage(10, 7, 20, 12, 3, 0)), acceptance.TestFile("s1/test_b.py", "B", 2, 0)]
    found = criteria(step, files)
    assert found[0] == ("A: the 4 characterization test(s) in tests/s1/test_a.py pass against legacy and replacement, 1 skipped until a "
                        "production input is captured, 3 business rule(s) uncovered (no test reaches them); measured: 7 of 10 business rules "
                        "reached (70%), 12 of 20 outcomes covered (60%)")
    assert found[1].startswith("B: the 2 characterization test(s) in tests/s1/test_b.py have no golden master yet and skip")
    assert found[2].startswith("C: no characterization tests were generated")
    recorded = step_tests(step, files)
    assert recorded[0] == {"program": "A", "module": "tests/s1/test_a.py", "tests": 4, "skipped": 1, "captured": True, "passed": 4,
                           "rules": 10, "reached": 7, "uncovered": 3, "outcomes": 20, "covered": 12}
    assert recorded[1]["captured"] is False and recorded[2] == {"program": "C", "module": None}
    bare = criteria(step_of("B"), files)
    assert bare[0].startswith("This step has no captured characterization tests")


def test_a_dli_batch_program_is_a_documented_skip_naming_its_call(analyse, tmp_path):
    from modernize.testgen.generate import TestGenerator
    from tests.conftest import fixed

    estate = analyse({"cbl/DLIPGM.cbl": fixed(DLI)})
    project = TestGenerator(estate.modules, [step_of("DLIPGM")], estate.inventory.files, estate.inventory.root).generate()
    tests = next(t for t in project.programs if t.program == "DLIPGM")
    assert tests.cases == [] and len(tests.skipped_rules) == 1
    assert "calls IMS DL/I" in tests.skipped_rules[0][2] and "line 22: CALL 'CBLTDLI'" in tests.skipped_rules[0][2]
    assert project.estate["dli"] == {"DLIPGM": ["line 22: CALL 'CBLTDLI'"]}


@pytest.mark.slow
def test_a_ksds_program_run_by_jcl_with_a_parm_is_captured_and_its_tests_pass(tmp_path, cobc, sandbox):
    from click.testing import CliRunner

    from modernize.cli import cli
    from modernize.testgen.coverage import Coverage
    from tests.conftest import fixed, write_tree

    root = write_tree(tmp_path / "repo", {"cbl/KSDSPGM.cbl": fixed(KSDS), "jcl/KSDSJOB.jcl": JOB, "data/custksds.txt": CUSTOMERS})
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["run", str(root), "-o", str(out), "--cache-dir", str(tmp_path / "cache"), "--capture"], terminal_width=200)
    assert result.exit_code == 0, result.output
    coverage = Coverage.from_json((out / "tests" / "coverage.json").read_text()).program("KSDSPGM")
    assert coverage is not None and coverage.rules == 1 and coverage.reached == [1]
    assert coverage.covered == ["1:false", "1:true"]
    golden = next((out / "tests").glob("step_*/golden/KSDSPGM"))
    # the JCL's PARM '0002V': customer 0002 found through the KSDS, then the halfword length 5 (four digits: S9(4))
    assert (golden / "valid" / "REPORTDD.out").read_bytes() == b"0002BOB   bob@x   00700".ljust(30) + b"0005".ljust(30)
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(out / "tests")], capture_output=True, text=True,
                         cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert " passed" in run.stdout


# -- the IMS half of the offline world --------------------------------------------------------------

DBD = """         DBD     NAME=CUSTDB,ACCESS=(HIDAM,VSAM)
         SEGM    NAME=CUSTOMER,PARENT=0,BYTES=20
         FIELD   NAME=(CUSTNO,SEQ,U),START=1,BYTES=4,TYPE=C
         SEGM    NAME=ORDER,PARENT=CUSTOMER,BYTES=10
         FIELD   NAME=(ORDNO,SEQ,U),START=1,BYTES=3,TYPE=C
         DBDGEN
         FINISH
         END
"""

PSB = """CUSTPCB  PCB   TYPE=DB,DBDNAME=CUSTDB,PROCOPT=A,KEYLEN=7
         SENSEG  NAME=CUSTOMER,PARENT=0
         SENSEG  NAME=ORDER,PARENT=CUSTOMER
         PSBGEN  LANG=COBOL,PSBNAME=IMSRPT
         END
"""

IMSRPT = """
 IDENTIFICATION DIVISION.
 PROGRAM-ID. IMSRPT.
 ENVIRONMENT DIVISION.
 INPUT-OUTPUT SECTION.
 FILE-CONTROL.
     SELECT OUT-FILE ASSIGN TO REPORTDD.
 DATA DIVISION.
 FILE SECTION.
 FD  OUT-FILE.
 01  OUT-REC              PIC X(24).
 WORKING-STORAGE SECTION.
 01  FUNC-GN              PIC X(4) VALUE 'GN  '.
 01  FUNC-GNP             PIC X(4) VALUE 'GNP '.
 01  CUST-SSA.
     05  FILLER           PIC X(8) VALUE 'CUSTOMER'.
     05  FILLER           PIC X VALUE ' '.
 01  ORDER-SSA.
     05  FILLER           PIC X(8) VALUE 'ORDER   '.
     05  FILLER           PIC X VALUE ' '.
 01  CUST-SEG.
     05  CUST-NO          PIC X(4).
     05  CUST-NAME        PIC X(16).
 01  ORDER-SEG.
     05  ORDER-NO         PIC X(3).
     05  ORDER-QTY        PIC 9(7).
 01  WS-DONE              PIC X VALUE 'N'.
 LINKAGE SECTION.
 01  CUST-PCB.
     05  PCB-DBD          PIC X(8).
     05  PCB-LEVEL        PIC XX.
     05  PCB-STATUS       PIC XX.
 PROCEDURE DIVISION USING CUST-PCB.
 MAIN-PARA.
     ENTRY 'DLITCBL' USING CUST-PCB
     OPEN OUTPUT OUT-FILE
     PERFORM UNTIL WS-DONE = 'Y'
        CALL 'CBLTDLI' USING FUNC-GN CUST-PCB CUST-SEG CUST-SSA
        IF PCB-STATUS = 'GB'
           MOVE 'Y' TO WS-DONE
        ELSE
           MOVE CUST-NO TO OUT-REC
           WRITE OUT-REC
           PERFORM UNTIL PCB-STATUS = 'GE'
              CALL 'CBLTDLI' USING FUNC-GNP CUST-PCB ORDER-SEG
                                   ORDER-SSA
              IF PCB-STATUS = SPACES
                 STRING CUST-NO '/' ORDER-NO DELIMITED BY SIZE
                    INTO OUT-REC
                 WRITE OUT-REC
              END-IF
           END-PERFORM
        END-IF
     END-PERFORM
     CLOSE OUT-FILE
     GOBACK.
"""


def dli_schema():
    from modernize.testgen.dliworld import DatabaseSpec, Schema, SegmentSpec

    return Schema((DatabaseSpec("CUSTDB", False, (SegmentSpec("CUSTOMER", None, 20, (0, 4), True, "C", {"CUSTNO": (0, 4)}),
                                                   SegmentSpec("ORDER", "CUSTOMER", 10, (0, 3), True, "C", {"ORDNO": (0, 3)}))),))


def dli_call(world, function: str, io: bytes = b" " * 20, *ssas: str):
    from modernize.testgen.sqlworld import Param

    params = [Param(1, 0, 0, 0, function.encode()), Param(1, 0, 0, 0, b"CUSTDB".ljust(48)), Param(1, 0, 0, 0, io)]
    replies = world.execute([*params, *(Param(1, 0, 0, 0, s.encode()) for s in ssas)])
    return replies[1][10:12].decode(), replies[2], replies[1]


def test_the_dli_world_answers_the_ims_way():
    from modernize.testgen.dliworld import DliWorld

    world = DliWorld(dli_schema(), {"CUSTDB": [["CUSTOMER", "0001ANN".ljust(20)], ["ORDER", "001".ljust(10)], ["ORDER", "002".ljust(10)],
                                               ["CUSTOMER", "0003BOB".ljust(20)]]})
    status, io, pcb = dli_call(world, "GU  ", b" " * 20, "CUSTOMER(CUSTNO  = 0003)")
    assert status == "  " and io == b"0003BOB".ljust(20)
    assert pcb[8:10] == b"01" and pcb[20:28] == b"CUSTOMER" and pcb[28:32] == (4).to_bytes(4, "big") and pcb[36:40] == b"0003"
    assert dli_call(world, "GNP ", b" " * 10, "ORDER    ")[0] == "GE"  # BOB has no orders
    assert dli_call(world, "GU  ", b" " * 20, "CUSTOMER(CUSTNO  = 0002)")[0] == "GE"
    assert dli_call(world, "GU  ", b" " * 20, "CUSTOMER(CUSTNO  >=0002)")[1].startswith(b"0003")
    # ISRT under the customer of the SSA, in key order; a duplicate key is II
    assert dli_call(world, "ISRT", b"000".ljust(10), "CUSTOMER(CUSTNO  = 0001)", "ORDER    ")[0] == "  "
    assert dli_call(world, "ISRT", b"001".ljust(10), "CUSTOMER(CUSTNO  = 0001)", "ORDER    ")[0] == "II"
    assert dli_call(world, "ISRT", b"0002CY".ljust(20), "CUSTOMER ")[0] == "  "
    assert [(name, data[:4]) for name, data in world.databases["CUSTDB"].nodes] == [
        ("CUSTOMER", b"0001"), ("ORDER", b"000 "), ("ORDER", b"001 "), ("ORDER", b"002 "), ("CUSTOMER", b"0002"), ("CUSTOMER", b"0003")]
    # GN walks the hierarchy to GB; REPL and DLET act on the segment last got
    assert dli_call(world, "GU  ", b" " * 20, "CUSTOMER(CUSTNO  = 0001)")[0] == "  "
    assert [dli_call(world, "GNP ", b" " * 10)[1][:3] for _ in range(3)] == [b"000", b"001", b"002"]
    assert dli_call(world, "GNP ", b" " * 10)[0] == "GE"
    assert dli_call(world, "GHU ", b" " * 20, "CUSTOMER(CUSTNO  = 0002)")[0] == "  "
    assert dli_call(world, "REPL", b"0002CYD".ljust(20))[0] == "  "
    assert dli_call(world, "GU  ", b" " * 20, "CUSTOMER(CUSTNO  = 0001)")[0] == "  "
    assert dli_call(world, "DLET")[0] == "  "  # the customer and its orders
    names = [dli_call(world, "GN  ", b" " * 20)[1][:7] for _ in range(2)]
    assert names == [b"0002CYD", b"0003BOB"] and dli_call(world, "GN  ")[0] == "GB"
    assert dli_call(world, "XYZW")[0] == "AD" and dli_call(world, "CHKP")[0] == "  "


@pytest.fixture
def ims(analyse):
    from tests.conftest import fixed

    return analyse({"cbl/IMSRPT.cbl": fixed(IMSRPT), "ims/CUSTDB.dbd": DBD, "ims/IMSRPT.psb": PSB})


def test_a_dli_program_with_its_psb_gets_databases_from_the_dbd(ims):
    from modernize.testgen import dli
    from modernize.testgen.generate import TestGenerator

    module = ims.module("IMSRPT")
    schema = dli.schema_of(ims.modules)
    assert schema.database("CUSTDB").segment("ORDER").key == (0, 3)
    assert dli.pcbs_for(module, dli.psb_of(ims.modules, "IMSRPT")) == ["CUSTDB"]
    assert dli.io_areas(module) == {"CUSTOMER": "CUST-SEG", "ORDER": "ORDER-SEG"}
    assert dli.content(schema, module, ["CUSTDB"], 2, True) == {"CUSTDB": [
        ["CUSTOMER", "0001".ljust(20)], ["ORDER", "0010000000"], ["CUSTOMER", "0002".ljust(20)], ["ORDER", "0020000000"]]}
    project = TestGenerator(ims.modules, [step_of("IMSRPT")], ims.inventory.files, ims.inventory.root).generate()
    tests = next(t for t in project.programs if t.program == "IMSRPT")
    assert "DLI" in tests.inputs and "DLI" in tests.outputs and {"db-empty", "db-roots"} <= {c.name for c in tests.cases}
    assert project.estate["dli_world"]["pcbs"] == {"IMSRPT": ["CUSTDB"]} and "dli" not in project.estate


@pytest.mark.slow
def test_a_dli_program_is_captured_in_the_ims_world_and_its_tests_pass(tmp_path, cobc, sandbox):
    from click.testing import CliRunner

    from modernize.cli import cli
    from modernize.testgen.coverage import Coverage
    from tests.conftest import fixed, write_tree

    root = write_tree(tmp_path / "repo", {"cbl/IMSRPT.cbl": fixed(IMSRPT), "ims/CUSTDB.dbd": DBD, "ims/IMSRPT.psb": PSB})
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["run", str(root), "-o", str(out), "--cache-dir", str(tmp_path / "cache"), "--capture"], terminal_width=200)
    assert result.exit_code == 0, result.output
    coverage = Coverage.from_json((out / "tests" / "coverage.json").read_text()).program("IMSRPT")
    assert coverage is not None and coverage.reached == [1, 2]
    golden = next((out / "tests").glob("step_*/golden/IMSRPT"))
    # two customers, one order each, in hierarchical sequence; GB ends the walk, GE each customer's orders
    assert (golden / "valid" / "REPORTDD.out").read_bytes() == b"".join(t.ljust(24) for t in (b"0001", b"0001/001", b"0002", b"0002/002"))
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(out / "tests")], capture_output=True, text=True,
                         cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
