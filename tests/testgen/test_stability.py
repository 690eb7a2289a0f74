"""Golden masters that reproduce: what moved between two legacy runs is masked, or the case is skipped."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from modernize.testgen.stability import (
    MASK_FILE,
    Unstable,
    apply,
    compare,
    differing,
    masked_pair,
    merged,
    read,
)


def test_identical_runs_need_no_mask():
    assert compare({"OUT.out": b"abc", "returncode": b"0\n"}, {"OUT.out": b"abc", "returncode": b"0\n"}) is None


def test_a_moved_byte_in_a_binary_header_is_masked_alone():
    first = bytes(40) + b"\x47\xe5\x3f" + bytes(40)
    second = bytes(40) + b"\x87\xe5\x3f" + bytes(40)
    unstable = compare({"TRANFILE.out": first, "returncode": b"0\n"}, {"TRANFILE.out": second, "returncode": b"0\n"})
    assert unstable is not None and unstable.reproducible
    assert unstable.masked == {"TRANFILE.out": ((38, 43),)}  # the moved byte and a margin of two each side
    assert unstable.describe() == "TRANFILE.out 38-42"


def test_a_clock_digit_that_moved_masks_the_whole_number():
    # 12:00:07.41 against 12:00:09.13: the seconds moved, the minutes may move next time
    first, second = b"TOTAL 0042 AT 120007.41 END", b"TOTAL 0042 AT 120009.13 END"
    assert differing(first, second) == ((12, 25),)
    assert apply(first, ((12, 25),)) == apply(second, ((12, 25),)) == b"TOTAL 0042 A~~~~~~~~~~~~~ND"


def test_differences_a_few_bytes_apart_are_one_field():
    assert merged([(10, 11), (14, 15), (40, 42)]) == ((10, 15), (40, 42))
    assert merged([(0, 5), (2, 3)]) == ((0, 5),)


def test_a_different_return_code_or_length_is_not_reproducible():
    moved = compare({"returncode": b"0\n"}, {"returncode": b"8\n"})
    assert moved is not None and not moved.reproducible and "return code" in moved.reason
    longer = compare({"OUT.out": b"ab", "returncode": b"0\n"}, {"OUT.out": b"abc", "returncode": b"0\n"})
    assert longer is not None and not longer.reproducible and "OUT.out has 2 bytes" in longer.reason


def test_a_file_that_differs_almost_everywhere_is_not_reproducible():
    moved = compare({"OUT.out": b"\x01\x02\x03\x04", "returncode": b"0\n"}, {"OUT.out": b"\x09\x08\x07\x04", "returncode": b"0\n"})
    assert moved is not None and not moved.reproducible and "most of OUT.out" in moved.reason


def test_the_mask_applies_to_both_sides_and_nothing_else():
    unstable = Unstable({"A.out": ((2, 4),)})
    assert masked_pair(unstable, "A.out", b"xxABxx", b"xxCDxx") == (b"xx~~xx", b"xx~~xx")
    assert masked_pair(unstable, "A.out", b"xxABxy", b"xxCDxx")[0] != masked_pair(unstable, "A.out", b"xxABxy", b"xxCDxx")[1]
    assert masked_pair(unstable, "B.out", b"1", b"2") == (b"1", b"2")
    assert masked_pair(None, "A.out", b"1", b"2") == (b"1", b"2")
    assert apply(b"abc", ((2, 10),)) == b"ab~"  # a shorter output is not padded by the mask


def test_a_third_run_widens_the_mask():
    second = Unstable({"A.out": ((2, 3),)})
    third = Unstable({"A.out": ((6, 7),), "B.out": ((0, 1),)})
    assert second.union(third).masked == {"A.out": ((2, 7),), "B.out": ((0, 1),)}
    assert not second.union(Unstable(reason="not reproducible: x")).reproducible


def test_the_mask_round_trips_through_the_golden_folder(tmp_path):
    unstable = Unstable({"TRANFILE.out": ((52, 72),)})
    (tmp_path / MASK_FILE).write_text(unstable.to_json(), encoding="utf-8")
    assert read(tmp_path) == unstable
    assert read(tmp_path / "missing") is None


def test_the_generated_conftest_masks_as_the_capture_does():
    """The generated project's conftest carries its own copy of the mask (a replacement run needs no
    modernize): it must blank exactly what ``stability.apply`` blanks."""
    from modernize.testgen.generate import CONFTEST

    namespace: dict[str, object] = {}
    start = CONFTEST.index("def masked(")
    exec(compile(CONFTEST[start:], "conftest", "exec"), namespace)  # noqa: S102 - the generated module's own function
    masked = namespace["masked"]
    for data, spans in [(b"abcdef", [[1, 3]]), (b"abc", [[2, 10]]), (b"abcdef", [[0, 1], [4, 6]]), (b"", [[0, 4]])]:
        assert masked(data, spans) == apply(data, [tuple(s) for s in spans])  # type: ignore[operator]


def test_a_case_that_cannot_be_reproduced_is_a_documented_skip_and_a_masked_one_says_so():
    from modernize.testgen.generate import Case, ProgramTests, test_module
    from tests.testgen.test_batch_harness import step_of

    step = step_of("P")
    tests = ProgramTests("P", step, ["IN"], ["OUT"], [
        Case("valid", "valid records", {"IN": b"1"}, unstable=Unstable({"OUT.out": ((12, 20),)})),
        Case("empty", "empty input", {"IN": b""}, unstable=Unstable(reason="not reproducible: most of OUT.out differs between two legacy runs")),
        Case("sample", "the sample", {"IN": b"2"})])
    text = test_module(tests)
    namespace: dict[str, object] = {}
    exec(compile(text, "test_p", "exec"), namespace)  # noqa: S102 - the generated module compiles and defines the tests
    valid, empty, sample = (namespace[name] for name in ("test_p_golden_master", "test_p_golden_master_2", "test_p_golden_master_3"))
    assert "masked on both sides (unstable.json): OUT.out 12-19" in valid.__doc__
    assert empty.__code__.co_argcount == 0 and "not reproducible: most of OUT.out" in text
    assert "masked" not in sample.__doc__


# A batch program that writes the address of its working storage into every output record, as a
# program that moves a POINTER into a record does: address-space randomisation moves it every run.
UNSTABLE = """
 IDENTIFICATION DIVISION.
 PROGRAM-ID. PTRPGM.
 ENVIRONMENT DIVISION.
 INPUT-OUTPUT SECTION.
 FILE-CONTROL.
     SELECT IN-FILE ASSIGN TO INDD.
     SELECT OUT-FILE ASSIGN TO OUTDD.
 DATA DIVISION.
 FILE SECTION.
 FD  IN-FILE.
 01  IN-REC.
     05  IN-ID          PIC X(4).
     05  IN-AMOUNT      PIC 9(5).
 FD  OUT-FILE.
 01  OUT-REC.
     05  OUT-ID         PIC X(4).
     05  OUT-STATUS     PIC X(8).
     05  OUT-HANDLE     PIC X(8).
     05  OUT-AMOUNT     PIC 9(5).
 WORKING-STORAGE SECTION.
 01  WS-EOF             PIC X VALUE 'N'.
 01  WS-HANDLE          USAGE POINTER.
 01  WS-HANDLE-X REDEFINES WS-HANDLE PIC X(8).
 PROCEDURE DIVISION.
 MAIN-PARA.
     OPEN INPUT IN-FILE OUTPUT OUT-FILE
     SET WS-HANDLE TO ADDRESS OF WS-EOF
     PERFORM UNTIL WS-EOF = 'Y'
        READ IN-FILE
           AT END MOVE 'Y' TO WS-EOF
           NOT AT END
              MOVE IN-ID TO OUT-ID
              IF IN-AMOUNT > 500
                 MOVE 'LARGE' TO OUT-STATUS
              ELSE
                 MOVE 'SMALL' TO OUT-STATUS
              END-IF
              MOVE WS-HANDLE-X TO OUT-HANDLE
              MOVE IN-AMOUNT TO OUT-AMOUNT
              WRITE OUT-REC
        END-READ
     END-PERFORM
     CLOSE IN-FILE OUT-FILE
     STOP RUN.
"""

UNSTABLE_JOB = """//PTRJOB   JOB (ACCT),'PTR'
//STEP1    EXEC PGM=PTRPGM
//INDD     DD DSN=PROD.AMOUNTS,DISP=SHR
//OUTDD    DD DSN=PROD.AMOUNTS.OUT,DISP=(NEW,CATLG)
"""


@pytest.mark.slow
def test_bytes_that_move_between_legacy_runs_are_masked_and_the_tests_pass_twice(tmp_path, cobc, sandbox):
    from click.testing import CliRunner

    from modernize.cli import cli
    from modernize.testgen.coverage import Coverage
    from tests.conftest import fixed, write_tree

    root = write_tree(tmp_path / "repo", {"cbl/PTRPGM.cbl": fixed(UNSTABLE), "jcl/PTRJOB.jcl": UNSTABLE_JOB})
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["run", str(root), "-o", str(out), "--cache-dir", str(tmp_path / "cache"), "--capture"], terminal_width=400)
    assert result.exit_code == 0, result.output
    summary = " ".join(result.output.replace("│", " ").split())  # the summary table wraps its cells
    assert "case(s) with unstable bytes masked" in summary
    coverage = Coverage.from_json((out / "tests" / "coverage.json").read_text()).program("PTRPGM")
    assert coverage is not None and coverage.masked and not coverage.unreproducible
    page = (out / "coverage.html").read_text(encoding="utf-8")  # the report's coverage page counts them in its last column
    assert "cases with unstable bytes masked" in page and f"<td>{len(coverage.masked)}</td>\n</tr>" in page
    folder = next((out / "tests").glob("step_*"))
    golden = folder / "golden" / "PTRPGM"
    written = {case.name: read(case) for case in golden.iterdir() if (case / "OUTDD.out").is_file() and (case / "OUTDD.out").stat().st_size}
    assert written and all(mask is not None for mask in written.values()), written  # every record carries the address
    for case, mask in written.items():
        spans = mask.masked["OUTDD.out"]  # type: ignore[union-attr]
        # only the handle moves: within each 25-byte record OUT-HANDLE is bytes 12-19 (its low byte, the page offset, and its
        # high byte stay); masked with a margin of two bytes, OUT-ID (0-3) and most of OUT-STATUS and OUT-AMOUNT are compared
        assert spans and all(start % 25 >= 11 and (end - 1) % 25 <= 20 for start, end in spans), (case, spans)
    tests_text = next(folder.glob("test_ptrpgm*.py")).read_text()
    assert "masked on both sides (unstable.json): OUTDD.out" in tests_text
    for _ in range(2):
        run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(out / "tests")], capture_output=True, text=True,
                             cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}, timeout=300)
        assert run.returncode == 0, run.stdout + run.stderr
        assert " passed" in run.stdout and "failed" not in run.stdout
