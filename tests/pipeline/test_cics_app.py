"""What users read of the CICS application fixture (tests/fixtures/cics_app): no banner as a purpose or
a step title, and `ask` right about a copybook and a table of one name, in English and Dutch."""

from __future__ import annotations

import shutil

import pytest

from modernize.ask.questions import structured_answers
from modernize.config import Settings
from modernize.pipeline.estate import Estate
from tests.conftest import ROOT

CICS_APP = ROOT / "tests" / "fixtures" / "cics_app"


@pytest.fixture(scope="module")
def bank(tmp_path_factory) -> Estate:
    root = tmp_path_factory.mktemp("bank") / "cics_app"
    shutil.copytree(CICS_APP, root)
    return Estate(root, Settings(cache_dir=str(tmp_path_factory.mktemp("cache")), jobs=1))


def answered(estate: Estate, question: str) -> list[tuple[str, str, list[str]]]:
    return [(a.kind, a.node, sorted(i["node"] for i in a.items)) for a in structured_answers(estate, question)]


def test_ask_resolves_the_kind_the_question_names(bank):
    writers = ("writers", "table:ACCOUNT", ["class:NL.BANK.DAO.ACCOUNTDAO", "program:BKXFR"])
    assert answered(bank, "which programs update the ACCOUNT table?") == [writers]
    assert answered(bank, "welke programma's wijzigen tabel ACCOUNT?") == [writers]
    assert answered(bank, "who writes ACCOUNT?") == [writers]  # writing is done to data, not to a copybook
    assert answered(bank, "which programs use copybook ACCOUNT?") == [("includers", "copybook:ACCOUNT", ["program:BKINQ", "program:BKXFR"])]
    assert answered(bank, "wie gebruikt de copybook ACCOUNT?") == [("includers", "copybook:ACCOUNT", ["program:BKINQ", "program:BKXFR"])]
    assert answered(bank, "wie leest tabel ACCOUNT?") == [("readers", "table:ACCOUNT", ["program:BKINQ"])]
    assert answered(bank, "who writes PROCTRAN") == [("writers", "table:PROCTRAN", ["program:BKLOG"])]
    assert answered(bank, "who calls BKINQ?")[0][2] == ["class:NL.BANK.DAO.ACCOUNTDAO", "program:BKMENU", "service:INQACC", "transaction:BKI0"]


def test_no_banner_in_purposes_titles_or_documents(bank):
    for module in bank.modules:
        assert not any("Copyright" in line or "License" in line for line in module.header_comments), module.name
    assert [m.header_comments for m in bank.modules if m.name == "BKINQ"] == [
        ["BKINQ - account inquiry: shows an account's balance and logs", "the inquiry."]]
    titles = [step.title for step in bank.plan.steps]
    assert titles and not any("Copyright" in title for title in titles)
    assert "Transaction BKM0 — BKMENU: main menu of the bank sample: routes the user's choice" in titles
    for key, document in bank.documents.items():
        assert "Copyright" not in document.text, key
