"""A worker expands a copybook once per (content, REPLACING) and reuses it for the next programs;
a changed copybook, a changed nested member or another REPLACING is expanded again; a program
never nests the programs it copies, however they copy each other."""

from pathlib import Path

import pytest

from modernize.config import Settings
from modernize.inventory import read_text, take_inventory
from modernize.parsers import ParseResult
from modernize.parsers.cobol import copycache, lexer
from modernize.parsers.cobol import parse as parse_cobol
from modernize.parsers.cobol.copycache import CopybookCache
from modernize.pipeline import build_context, scan
from tests.conftest import fixed, write_tree

CUSTREC = fixed(" 01  :PFX:-CUSTOMER.\n     05  :PFX:-NAME       PIC X(30).\n     05  :PFX:-BALANCE    PIC S9(7)V99 COMP-3.\n"
                "     COPY ADDRGRP.\n")
ADDRGRP = fixed("     05  ADDR-STREET      PIC X(40).\n     05  ADDR-CITY        PIC X(20).\n")


def program(name: str, prefix: str) -> str:
    return fixed(f" IDENTIFICATION DIVISION.\n PROGRAM-ID. {name}.\n DATA DIVISION.\n WORKING-STORAGE SECTION.\n"
                 f"     COPY CUSTREC REPLACING ==:PFX:== BY =={prefix}==.\n PROCEDURE DIVISION.\n"
                 f"     MOVE SPACES TO {prefix}-NAME\n     GOBACK.\n")


@pytest.fixture
def cache(monkeypatch: pytest.MonkeyPatch) -> CopybookCache:
    """A cache of this test's own (the worker's is module-wide), and no tokens kept from other tests."""
    fresh = CopybookCache()
    monkeypatch.setattr(copycache, "CACHE", fresh)
    monkeypatch.setattr(lexer, "_KEPT", {})
    return fresh


def parsed(root: Path, *paths: str) -> list[ParseResult]:
    inventory = take_inventory(root)
    context = build_context(root, inventory.files, Settings())
    files = {f.path: f for f in inventory.files}
    return [parse_cobol(files[path], read_text(root, files[path]), context) for path in paths]


def data_names(result: ParseResult) -> list[str]:
    return [s.name for m in result.modules for s in m.symbols if s.kind == "data"]


def test_a_copybook_is_expanded_once_per_content_and_replacing(tmp_path: Path, cache: CopybookCache, monkeypatch: pytest.MonkeyPatch):
    root = write_tree(tmp_path / "repo", {
        "cpy/CUSTREC.cpy": CUSTREC, "cpy/ADDRGRP.cpy": ADDRGRP,
        "cbl/BILLING.cbl": program("BILLING", "IN"), "cbl/DUNNING.cbl": program("DUNNING", "IN"),
        "cbl/MAILING.cbl": program("MAILING", "OUT"),
    })
    # The copybook parsed alone first: its tags are filled in for its own facts, never in the lines kept.
    layout, billing, dunning, mailing = parsed(root, "cpy/CUSTREC.cpy", "cbl/BILLING.cbl", "cbl/DUNNING.cbl", "cbl/MAILING.cbl")
    assert data_names(layout)[:3] == ["PFX-CUSTOMER", "PFX-NAME", "PFX-BALANCE"]
    # BILLING expands CUSTREC with IN and ADDRGRP inside it; DUNNING takes that expansion whole;
    # MAILING's OUT is another expansion of CUSTREC, with the kept ADDRGRP inside.
    assert [r.counters for r in (billing, dunning, mailing)] == [
        {"copybook-hits": 0, "copybook-misses": 2}, {"copybook-hits": 1, "copybook-misses": 0},
        {"copybook-hits": 1, "copybook-misses": 1}]
    assert data_names(billing) == data_names(dunning) == ["IN-CUSTOMER", "IN-NAME", "IN-BALANCE", "ADDR-STREET", "ADDR-CITY"]
    assert data_names(mailing) == ["OUT-CUSTOMER", "OUT-NAME", "OUT-BALANCE", "ADDR-STREET", "ADDR-CITY"]
    # The facts are those of a parse without any cache, includes and lines of origin included.
    monkeypatch.setattr(copycache, "CACHE", None)
    monkeypatch.setattr(lexer, "_KEPT", {})
    alone = parsed(root, "cbl/DUNNING.cbl", "cbl/MAILING.cbl")
    assert [r.counters for r in alone] == [{}, {}]
    assert [m.to_dict() for m in alone[0].modules] == [m.to_dict() for m in dunning.modules]
    assert [m.to_dict() for m in alone[1].modules] == [m.to_dict() for m in mailing.modules]
    assert alone[0].dependencies == dunning.dependencies == {"copybook:CUSTREC": billing.dependencies["copybook:CUSTREC"],
                                                             "copybook:ADDRGRP": billing.dependencies["copybook:ADDRGRP"]}


def test_a_changed_copybook_or_nested_member_is_expanded_again(tmp_path: Path, cache: CopybookCache):
    root = write_tree(tmp_path / "repo", {
        "cpy/CUSTREC.cpy": CUSTREC, "cpy/ADDRGRP.cpy": ADDRGRP,
        "cbl/BILLING.cbl": program("BILLING", "IN"), "cbl/DUNNING.cbl": program("DUNNING", "IN"),
    })
    [billing] = parsed(root, "cbl/BILLING.cbl")
    # The nested member changes: CUSTREC's kept expansion holds the old ADDRGRP and is not taken.
    (root / "cpy/ADDRGRP.cpy").write_text(ADDRGRP + fixed("     05  ADDR-COUNTRY     PIC X(2).\n", start=300))
    [dunning] = parsed(root, "cbl/DUNNING.cbl")
    assert (billing.counters, dunning.counters) == ({"copybook-hits": 0, "copybook-misses": 2}, {"copybook-hits": 0, "copybook-misses": 2})
    assert data_names(dunning)[-3:] == ["ADDR-STREET", "ADDR-CITY", "ADDR-COUNTRY"]
    # The copybook itself changes: its content is another key.
    (root / "cpy/CUSTREC.cpy").write_text(CUSTREC.replace("PIC X(30)", "PIC X(35)"))
    [again] = parsed(root, "cbl/BILLING.cbl")
    assert again.counters == {"copybook-hits": 1, "copybook-misses": 1}  # ADDRGRP unchanged since DUNNING: kept
    assert next(s.attributes["picture"] for m in again.modules for s in m.symbols if s.name == "IN-NAME") == "X(35)"


def test_a_kept_expansion_is_bounded_in_lines(cache: CopybookCache):
    from modernize.parsers.cobol.source import CodeLine

    cache.max_lines = 10
    cache.keep_member(("a", "1"), [CodeLine("X", "a", n) for n in range(6)])
    cache.keep_member(("b", "2"), [CodeLine("X", "b", n) for n in range(6)])
    assert (cache.member(("a", "1")), len(cache.member(("b", "2")) or []), cache.lines) == (None, 6, 6)


def test_programs_that_copy_each_other_before_their_program_id_stay_programs(tmp_path: Path):
    # A framework whose programs each start with a COPY of the next: expanded, each file would nest
    # the programs after it (30 files made 465 programs). A file with a PROGRAM-ID of its own is a
    # program wherever its COPY stands: each COPY finds a whole program and is reported, never expanded.
    count = 30
    files = {}
    for index in range(count):
        first = f"     COPY PGM{index + 1:02d}.\n" if index + 1 < count else ""
        files[f"cbl/PGM{index:02d}.cbl"] = fixed(f"{first} IDENTIFICATION DIVISION.\n PROGRAM-ID. PGM{index:02d}.\n PROCEDURE DIVISION.\n"
                                                 f"     DISPLAY 'PGM{index:02d}'.\n     GOBACK.\n END PROGRAM PGM{index:02d}.\n")
    result = scan(write_tree(tmp_path / "repo", files), Settings(jobs=1, use_cache=False))
    assert sorted(m.name for m in result.modules if m.kind == "program") == [f"PGM{index:02d}" for index in range(count)]
    warnings = [d for d in result.diagnostics if d.code == "copy-of-program"]
    assert len(warnings) == count - 1
    assert warnings[0].message == "COPY PGM01 finds cbl/PGM01.cbl, which is a whole program (PROGRAM-ID PGM01), not a copybook: not expanded"
    assert not [d for d in result.diagnostics if d.code == "duplicate-program"]


REPEATED = fixed(
    " IDENTIFICATION DIVISION.\n PROGRAM-ID. REPEATS.\n AUTHOR. MOVE SPACES TO A.\n"
    " ENVIRONMENT DIVISION.\n CONFIGURATION SECTION.\n SPECIAL-NAMES. DECIMAL-POINT IS COMMA.\n"
    " DATA DIVISION.\n WORKING-STORAGE SECTION.\n 01  A PIC X(10).\n 01  B PIC 9(3)V99 VALUE 1,5.\n"
    " PROCEDURE DIVISION.\n     MOVE SPACES TO A.\n     MOVE SPACES TO A.\n     DISPLAY 'OPEN\n"
    "     DISPLAY 'OPEN\n     EXEC SQL SELECT 1 INTO :B FROM T END-EXEC\n"
    "     EXEC SQL SELECT 1 INTO :B FROM T END-EXEC\n     ADD 1,5 TO B.\n     ADD 1,5 TO B.\n     GOBACK.\n")


def test_tokens_of_a_repeated_line_are_those_it_lexes_to(monkeypatch: pytest.MonkeyPatch):
    """The lexer keeps the tokens of every line lexed on its own and takes them for the same text again:
    the tokens, their lines and the diagnostics are those of lexing every line afresh (a comment entry
    with a statement's text, an unclosed literal, EXEC blocks and decimal commas included)."""
    from modernize.parsers.cobol.source import code_lines

    lines = code_lines(REPEATED, "REPEATS.cbl")
    monkeypatch.setattr(lexer, "_KEPT", {})
    kept_diagnostics: list = []
    twice = [lexer.tokenize(lines, None, kept_diagnostics) for _ in range(2)]
    assert {text.strip() for texts in lexer._KEPT.values() for text in texts} >= {"MOVE SPACES TO A.", "ADD 1,5 TO B."}  # a program's own lines too
    monkeypatch.setattr(lexer, "MAX_KEPT_LINES", 0)
    monkeypatch.setattr(lexer, "_KEPT", {})
    fresh_diagnostics: list = []
    fresh = lexer.tokenize(lines, None, fresh_diagnostics)
    assert not any(lexer._KEPT.values())
    assert twice[0] == twice[1] == fresh
    assert kept_diagnostics == fresh_diagnostics * 2
    tokens = list(zip(*fresh, strict=True))
    assert (("N", "1,5", "1,5"), 17) in tokens and (("C", "MOVE SPACES TO A.", "MOVE SPACES TO A."), 2) in tokens
