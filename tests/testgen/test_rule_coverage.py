"""Rule cases that reach their rule: inputs walked back from the condition, coverage measured from
GnuCOBOL's trace, cases that reach nothing new dropped, empty golden files flagged (issue 23, item 3).

Expectations come from reading examples/cobol/cbl/TSB010.cbl: its checks in 2100-CONTROLEER-AANVRAAG
stop at the first failing one (E006 soort, E007 jaar, E009 mutatie, E001 BSN eleven-test, ...)."""

from __future__ import annotations

import itertools
import json

import pytest

from modernize.model import BusinessRule
from modernize.testgen.coverage import CaseCoverage, Coverage, measure, parse_trace, select
from modernize.testgen.inputs import alternatives

# The shape of GnuCOBOL 3.1's -ftraceall output (COB_SET_TRACE=Y), as written to COB_TRACE_FILE.
TRACE = """Source: 'T.cbl'
Program-Id:  T
Program-Id:  T                    Entry: T                               Line:      6
Program-Id:  T                Paragraph: A-PARA                          Line:      7
Program-Id:  T                           IF                              Line:      8
Program-Id:  T                           DISPLAY                         Line:      9
Program-Id:  T                           EVALUATE                        Line:     13
Program-Id:  T                           WHEN                            Line:     14
Program-Id:  T                           CONTINUE                        Line:     17
Program-Id:  T                           IF                              Line:     19
Program-Id:  T                           PERFORM                         Line:     20
Program-Id:  T                Paragraph: B-PARA                          Line:     22
Program-Id:  T                           DISPLAY                         Line:     23
Program-Id:  T                           STOP RUN                        Line:     21
"""

RULES = [
    BusinessRule("IF", "X = 1", "A-PARA", "T.cbl", 8, ("X",), ("1",), (9, 11)),  # THEN ran
    BusinessRule("WHEN", "X = 2", "A-PARA", "T.cbl", 14, ("X",), ("2",), (15,)),  # tested, body not run
    BusinessRule("WHEN", "OTHER", "A-PARA", "T.cbl", 16, (), (), (17,)),  # not traced itself, its body ran
    BusinessRule("IF", "X = 2", "A-PARA", "T.cbl", 19, ("X",), ("2",), (19, 0)),  # same-line THEN: next is PERFORM, so false
    BusinessRule("IF", "Y = 1", "C-PARA", "T.cbl", 30, ("Y",), ("1",), (31, 0)),  # never ran
    BusinessRule("IF", "Z = 1", "C-PARA", "COPY.cpy", 8, ("Z",), ("1",), (9, 0)),  # a copybook's line 8 is not the program's
]


def test_the_trace_says_which_rules_ran_and_which_outcome_each_took():
    trace = parse_trace(TRACE)
    assert trace.lines("T") == {8, 9, 13, 14, 17, 19, 20, 23, 21}  # statements only: no paragraph or entry lines
    reached, taken = measure(RULES, "T", "T.cbl", trace)
    assert reached == {1, 2, 3, 4}
    assert taken == {(1, "true"), (3, "taken"), (4, "false")}


def test_a_case_that_reaches_nothing_new_is_dropped_and_an_all_empty_one_does_not_count():
    cases = [
        CaseCoverage("valid", frozenset({1, 2}), frozenset({(1, "false")}), (), 2),
        CaseCoverage("rule-01", frozenset({1}), frozenset({(1, "true")}), ("GOOD",), 2, rule=1),
        CaseCoverage("rule-01-2", frozenset({1}), frozenset({(1, "false")}), (), 2, rule=1),  # nothing new
        CaseCoverage("rule-03", frozenset({3}), frozenset({(3, "true")}), ("GOOD", "BAD"), 2, rule=3),  # all outputs empty
        CaseCoverage("rule-02", frozenset({1}), frozenset(), (), 2, rule=2),  # misses its own rule 2
    ]
    rules = [RULES[0], RULES[0], RULES[0]]
    result = select("P", rules, cases)
    assert result.kept == ["valid", "rule-01"]
    assert result.dropped == ["rule-01-2", "rule-03", "rule-02"]
    assert result.reached == [1, 2] and result.covered == ["1:false", "1:true"]
    assert result.empty == ["rule-01/GOOD.out"]  # flagged, of a kept case
    assert result.missed == ["rule-02"]
    assert Coverage.from_json(Coverage([result]).to_json()).programs[0] == result


def test_a_guard_is_split_at_its_ors():
    assert alternatives("FS NOT = '00' OR NOT TELR-BETALING") == [["FS", "NOT", "=", "'00'"], ["NOT", "TELR-BETALING"]]
    assert alternatives("( A OR B ) AND C") == [["(", "A", "OR", "B", ")", "AND", "C"]]


def test_rules_know_where_each_outcome_starts(example_estate):
    rules = {r.line: r for r in example_estate.module("TSB010").business_rules if r.path == "cbl/TSB010.cbl"}
    assert rules[196].condition == "NOT AI-SOORT-GELDIG" and rules[196].branches == (197, 0)  # MOVE 'E006', no ELSE
    assert rules[180].branches == (181, 183)  # IF WS-FOUTCODE = SPACES: PERFORM 2500 / ELSE PERFORM 2600
    assert example_estate.module("TSB020").sysin == ["WS-STUURKAART"]  # ACCEPT WS-STUURKAART: its control card


def decoded(estate, program, case, ddname):
    from modernize.testgen.generate import TestGenerator

    tests = next(t for t in estate.tests.programs if t.program == program)
    inputs = next(c for c in tests.cases if c.name == case).inputs
    record = TestGenerator(estate.modules, [], estate.files, estate.root).record_codecs(estate.module(program))[ddname][1]
    return record.decode(inputs[ddname][:record.length])


def test_rule_03_is_fed_an_invalid_soort_and_every_earlier_check_passes(example_estate):
    """rule-03 is IF NOT AI-SOORT-GELDIG (VALUE 'HT' 'ZT'): its case holds a soort that is neither."""
    record = decoded(example_estate, "TSB010", "rule-03", "AANVRIN")["AI-AANVRAAG"]
    assert record["AI-SLEUTEL"]["AI-SOORT"].strip() not in ("HT", "ZT")
    valid = decoded(example_estate, "TSB010", "valid", "AANVRIN")["AI-AANVRAAG"]
    assert valid["AI-SLEUTEL"]["AI-SOORT"] in ("HT", "ZT") and 2024 <= valid["AI-JAAR"] <= 2025 and valid["AI-MUTATIE"] in "NWS"
    # the person file is matched on the BSN (IF PERS-BSN = AI-BSN), so the valid case finds its person
    person = decoded(example_estate, "TSB010", "valid", "PERSOON")["PERS-RECORD"]
    assert person["PERS-BSN"] == valid["AI-SLEUTEL"]["AI-BSN"]


def test_an_88_level_on_an_input_field_is_an_input_condition(example_estate):
    """IF NOT AI-GEEN-PARTNER (88 on AI-PARTNER-BSN, VALUE ZERO): a rule case, not a skip as working storage."""
    tests = next(t for t in example_estate.tests.programs if t.program == "TSB010")
    assert not [rule for _, rule, _ in tests.skipped_rules if rule.condition == "NOT AI-GEEN-PARTNER"]
    partners = {decoded(example_estate, "TSB010", case.name, "AANVRIN")["AI-AANVRAAG"]["AI-PARTNER-BSN"]
                for case in tests.cases if case.rule is not None and case.rule.condition == "NOT AI-GEEN-PARTNER"}
    assert partners and 0 not in partners  # a partner: the condition holds and the partner's BSN is checked
    assert decoded(example_estate, "TSB010", "valid", "AANVRIN")["AI-AANVRAAG"]["AI-PARTNER-BSN"] == 0  # the other outcome


# -- measured on a real capture ------------------------------------------------------------------


@pytest.fixture(scope="module")
def coverage(example_capture) -> Coverage:
    return Coverage.from_json((example_capture / "tests" / "coverage.json").read_text())


@pytest.mark.slow
def test_the_example_estate_reaches_its_rules(coverage):
    assert {p.program for p in coverage.programs} == {"TSB010", "TSB020", "TSB030", "TSB040", "TSB050", "TSB060", "TSB090",
                                                      "TSO100", "TSO110", "TSO120", "TSO900"}  # online: scenarios in the CICS world
    assert coverage.rule_percent >= 90, coverage.to_json()
    assert coverage.outcome_percent >= 75, coverage.to_json()
    tsb010 = coverage.program("TSB010")
    assert tsb010 is not None and "3:true" in tsb010.covered and "rule-03" in tsb010.kept  # E006 fires
    assert tsb010.rules == 26 and len(tsb010.reached) >= 24  # 8000-GIRO-CONTROLE is never performed: its two rules cannot run
    assert 23 not in tsb010.reached and "rule-23" in tsb010.missed
    tsb020 = coverage.program("TSB020")
    assert tsb020 is not None and len(tsb020.reached) == tsb020.rules  # its control card comes in on SYSIN
    tsb030 = coverage.program("TSB030")  # DB2: in the offline world, traced on the precompiled source (same lines)
    assert tsb030 is not None and tsb030.rules == 11 and len(tsb030.reached) >= 10
    assert "3:true" in tsb030.covered and "rows-none" in tsb030.kept  # IF SQLCODE = +100: no row for the application
    assert 8 not in tsb030.reached  # WHEN OTHER after the INSERT: no statement here fails with another SQLCODE
    tso100 = coverage.program("TSO100")  # the menu: every rule, the EVALUATE EIBAID's keys among them
    assert tso100 is not None and len(tso100.reached) == tso100.rules == 12 and "first" in tso100.kept


@pytest.mark.slow
def test_tsb010_rule_cases_differ_in_output_and_reach_past_the_first_check(example_capture, coverage):
    tests = example_capture / "tests"
    golden = next(tests.glob("step_*/golden/TSB010"))
    kept = coverage.program("TSB010").kept
    outputs = {case: b"".join((golden / case / f"{dd}.out").read_bytes() for dd in ("AANVFOUT", "AANVGOED")) for case in kept}
    assert all(a != b for a, b in itertools.combinations(outputs.values(), 2))
    # an AANVFOUT record: FOUT-BSN 9, FOUT-SOORT 2, FOUT-AANVRAAGNR 10, then FOUT-CODE
    codes = {case: data[21:25] for case, data in outputs.items() if case.startswith("rule-") and data[21:22] == b"E"}
    assert codes["rule-03"] == b"E006" and codes["rule-04"] == b"E007" and codes["rule-05"] == b"E009" and codes["rule-13"] == b"E005"


@pytest.mark.slow
def test_dropped_cases_leave_no_files_empty_goldens_are_flagged_and_no_trace_leaks(example_capture, coverage):
    tests = example_capture / "tests"
    for program in coverage.programs:
        folder = next(tests.glob(f"step_*/golden/{program.program}"))
        assert sorted(p.name for p in folder.iterdir()) == sorted(program.kept)
        assert not any((folder.parent.parent / "cases" / program.program / case).exists() for case in program.dropped)
        for name in program.empty:
            assert (folder / name).read_bytes() == b""
        flagged = {str(p.relative_to(folder)) for p in folder.rglob("*.out") if p.stat().st_size == 0}
        assert flagged == set(program.empty)
    assert sum(len(p.dropped) for p in coverage.programs) > 0
    assert not [p for p in tests.rglob("golden/**/*") if p.is_file() and b"Program-Id:" in p.read_bytes()]
    summary = json.loads((tests / "coverage.json").read_text())
    assert summary["measured_by"] == "GnuCOBOL -ftraceall"
    page = (example_capture / "coverage.html").read_text()
    assert "TSB010" in page and f"{coverage.reached} of {coverage.rules} business rules reached" in page
    assert "rule cases that miss their rule" in page
    plan = (example_capture / "plan" / "plan.md").read_text()
    assert "business rules reached" in plan  # the acceptance criteria cite the measured numbers


# -- walking back through a MOVE, on a small estate ------------------------------------------------

GUARDED = """
 IDENTIFICATION DIVISION.
 PROGRAM-ID. GUARDED.
 ENVIRONMENT DIVISION.
 INPUT-OUTPUT SECTION.
 FILE-CONTROL.
     SELECT IN-FILE ASSIGN TO INDD.
     SELECT OUT-FILE ASSIGN TO OUTDD.
 DATA DIVISION.
 FILE SECTION.
 FD  IN-FILE.
 01  IN-REC.
     05  IN-CODE     PIC X(2).
     05  IN-AMOUNT   PIC 9(3).
 FD  OUT-FILE.
 01  OUT-REC         PIC X(5).
 WORKING-STORAGE SECTION.
 01  WS-CODE         PIC X(2).
     88  WS-CODE-OK  VALUE 'AA' 'BB'.
 PROCEDURE DIVISION.
 MAIN-PARA.
     OPEN INPUT IN-FILE OUTPUT OUT-FILE
     READ IN-FILE AT END MOVE 'EOF' TO OUT-REC END-READ
     MOVE IN-CODE TO WS-CODE
     IF NOT WS-CODE-OK
        MOVE 'E1' TO OUT-REC
     ELSE
        IF IN-AMOUNT = 500
           MOVE 'HIGH' TO OUT-REC
        ELSE
           MOVE 'LOW' TO OUT-REC
        END-IF
     END-IF
     WRITE OUT-REC
     CLOSE IN-FILE OUT-FILE
     STOP RUN.
"""


def guarded_estate(tmp_path, sandbox=None):
    from modernize.config import Settings
    from modernize.pipeline.estate import Estate, RunOptions
    from tests.conftest import fixed, write_tree

    root = write_tree(tmp_path / "repo", {"cbl/GUARDED.cbl": fixed(GUARDED)})
    return Estate(root, Settings(cache_dir=str(tmp_path / "cache")), RunOptions(sandbox=sandbox))


@pytest.fixture
def guarded(tmp_path):
    return guarded_estate(tmp_path)


def test_an_88_on_a_field_moved_from_the_input_is_an_input_condition(guarded):
    """MOVE IN-CODE TO WS-CODE, IF NOT WS-CODE-OK: the guard is walked back to IN-CODE. The valid
    record passes it ('AA'), so the case for IF IN-AMOUNT = 500 gets past it."""
    tests = next(t for t in guarded.tests.programs if t.program == "GUARDED")
    assert tests.skipped_rules == []
    inputs = {case.name: case.inputs["INDD"] for case in tests.cases}
    assert inputs["valid"][:2] == b"AA"
    assert inputs["rule-01"][:2] not in (b"AA", b"BB")  # the guard fires
    assert inputs["rule-02"] == b"AA500"  # past the guard, the amount compared


@pytest.mark.slow
def test_a_capture_keeps_the_cases_that_reach_both_outcomes_and_a_rerun_still_shows_them(tmp_path, cobc, sandbox):
    from click.testing import CliRunner

    from modernize.cli import cli
    from tests.conftest import fixed, write_tree

    root = write_tree(tmp_path / "repo", {"cbl/GUARDED.cbl": fixed(GUARDED)})
    out = tmp_path / "out"
    arguments = ["run", str(root), "-o", str(out), "--cache-dir", str(tmp_path / "cache")]
    captured = CliRunner().invoke(cli, [*arguments, "--capture"], terminal_width=200)
    assert captured.exit_code == 0, captured.output
    assert "Rule coverage (measured by GnuCOBOL's trace)" in captured.output
    coverage = Coverage.from_json((out / "tests" / "coverage.json").read_text()).program("GUARDED")
    assert coverage is not None and coverage.rules == 2 and coverage.reached == [1, 2]
    assert coverage.covered == ["1:false", "1:true", "2:false", "2:true"]
    assert coverage.kept[:3] == ["valid", "rule-01", "rule-02"] and coverage.missed == []
    golden = next((out / "tests").glob("step_*/golden/GUARDED"))
    assert (golden / "rule-01" / "OUTDD.out").read_bytes().startswith(b"E1")
    assert (golden / "rule-02" / "OUTDD.out").read_bytes().startswith(b"HIGH")
    assert sorted(p.name for p in golden.iterdir()) == sorted(coverage.kept)
    # without --capture nothing runs: the measurement kept beside the build is shown again, goldens and all
    rerun = CliRunner().invoke(cli, [*arguments, "--no-capture"], terminal_width=200)
    assert rerun.exit_code == 0, rerun.output
    assert "Rule coverage (measured by GnuCOBOL's trace)" in rerun.output and "2 (100%)" in rerun.output
    assert (golden / "rule-01" / "OUTDD.out").read_bytes().startswith(b"E1")
    assert "2 of 2 business rules reached" in (out / "coverage.html").read_text()
    assert "earlier" in rerun.output.split()  # golden master(s) from an earlier capture (a word rich does not wrap)
