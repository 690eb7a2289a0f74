"""Screen navigation is no dependency: a pseudo-conversational application (a menu that transfers to
an inquiry screen, every screen returning to its own transaction and to the menu's on PF3) gives
exact impact, "run by" and documents, with navigation followed only when asked for."""

import json

import pytest

from modernize.document.facts_doc import document_module, runners
from modernize.graph.analyze import analyse, entry_points, impact
from modernize.graph.build import build_graph
from tests.conftest import Analysis, write_tree
from tests.parsers.test_cics_semantics import INQUIRY, MENU, TRANSFER
from tests.parsers.test_cobol_parser import line_of

CSD = """\
DEFINE TRANSACTION(TM00) GROUP(TSMGRP) PROGRAM(TSM000)
DEFINE TRANSACTION(TM10) GROUP(TSMGRP) PROGRAM(TSM010)
DEFINE TRANSACTION(TM20) GROUP(TSMGRP) PROGRAM(TSM020)
DEFINE TRANSACTION(TA01) GROUP(TSMGRP) PROGRAM(TSA001)
"""


@pytest.fixture(scope="module")
def estate(tmp_path_factory):
    root = write_tree(tmp_path_factory.mktemp("cics") / "repo", {
        "cbl/TSM000.cbl": MENU, "cbl/TSM010.cbl": INQUIRY, "cbl/TSM020.cbl": TRANSFER, "csd/TSMCSD.csd": CSD,
    })
    modules = Analysis(root).modules
    return {m.name: m for m in modules}, build_graph(modules)


def test_the_edges_of_the_conversation(estate):
    _, graph = estate
    moves = sorted((u, d["kind"], d["via"], v, d["line"]) for u, v, d in graph.edges(data=True)
                   if d["kind"] in ("calls", "starts", "returns-to"))
    assert moves == [
        ("program:TSM000", "calls", "cics-link", "external:TSU010", line_of(MENU, "LINK PROGRAM(WS-LINK-PGM)")),
        ("program:TSM000", "calls", "cics-xctl", "program:TSM010", line_of(MENU, "XCTL PROGRAM(WS-VOLGEND)")),
        ("program:TSM000", "returns-to", "cics-return", "transaction:TM00", line_of(MENU, "RETURN TRANSID('TM00') COMMAREA")),
        ("program:TSM000", "returns-to", "cics-return", "transaction:TM00", line_of(MENU, "MOVE SPACES TO WS-KEUZE") + 1),
        ("program:TSM000", "returns-to", "cics-return", "transaction:TM00", line_of(MENU, "8100-ONBEKEND.") + 1),
        ("program:TSM000", "returns-to", "cics-return", "transaction:TM20", line_of(MENU, "RETURN TRANSID('TM20')")),
        ("program:TSM010", "calls", "cics-link", "external:TSU020", line_of(INQUIRY, "LINK PROGRAM('TSU020  ')")),
        ("program:TSM010", "returns-to", "cics-return", "transaction:TM00", line_of(INQUIRY, "RETURN TRANSID('TM00')")),
        ("program:TSM010", "returns-to", "cics-return", "transaction:TM10", line_of(INQUIRY, "RETURN TRANSID('TM10')")),
        ("program:TSM020", "returns-to", "cics-return", "transaction:TM00", line_of(TRANSFER, "RETURN TRANSID('TM00')")),
        ("program:TSM020", "returns-to", "cics-return", "transaction:TM20", line_of(TRANSFER, "RETURN TRANSID('TM20')")),
        ("program:TSM020", "starts", "cics-run", "transaction:TA01", line_of(TRANSFER, "RUN TRANSID('TA01')")),
        ("program:TSM020", "starts", "cics-start", "transaction:TA02", line_of(TRANSFER, "START TRANSID('TA02')")),
        ("program:TSM020", "starts", "cics-start", "transaction:WS-TRANS", line_of(TRANSFER, "START TRANSID(WS-TRANS)")),
        ("transaction:TA01", "starts", "csd", "external:TSA001", 4),
        ("transaction:TM00", "starts", "csd", "program:TSM000", 1),
        ("transaction:TM10", "starts", "csd", "program:TSM010", 2),
        ("transaction:TM20", "starts", "csd", "program:TSM020", 3),
    ]
    assert not [n for n in graph if n != n.rstrip()]  # never external:TSU010 with CICS's blank padding
    assert graph.nodes["transaction:WS-TRANS"] == {"kind": "transaction", "name": "WS-TRANS", "unresolved": True, "pattern": "TA0*"}
    link = next(d for _, v, d in graph.out_edges("program:TSM010", data=True) if v == "external:TSU020")
    assert (link["channel"], link["containers"]) == ("TSKANAAL", ["TSVRAAG"])


def test_run_by_follows_calls_and_starts_not_navigation(estate):
    _, graph = estate
    assert runners(graph, "program:TSM000") == ["transaction:TM00"]
    assert runners(graph, "program:TSM010") == ["transaction:TM00", "transaction:TM10"]  # the menu's task runs it after XCTL
    assert runners(graph, "program:TSM020") == ["transaction:TM20"]
    assert runners(graph, "external:TSU020") == ["transaction:TM00", "transaction:TM10"]
    # Following RETURN TRANSID every screen would run every other through the menu's transaction.
    assert runners(graph, "program:TSM020", include_navigation=True) == ["transaction:TM00", "transaction:TM10", "transaction:TM20"]
    assert runners(graph, "program:TSM010", include_navigation=True) == ["transaction:TM00", "transaction:TM10", "transaction:TM20"]


def test_impact_of_the_inquiry_is_not_inflated_by_the_menu(estate):
    _, graph = estate
    assert impact(graph, "program:TSM010") == {
        "csd:TSMCSD": ["csd:TSMCSD", "transaction:TM10", "program:TSM010"],  # the CSD defines the transactions
        "program:TSM000": ["program:TSM000", "program:TSM010"],
        "transaction:TM00": ["transaction:TM00", "program:TSM000", "program:TSM010"],
        "transaction:TM10": ["transaction:TM10", "program:TSM010"],
    }
    assert sorted(impact(graph, "external:TSU020")) == ["csd:TSMCSD", "program:TSM000", "program:TSM010", "transaction:TM00", "transaction:TM10"]
    # Asked for, navigation makes the transfer screen a dependant of the inquiry, through the menu.
    navigated = impact(graph, "program:TSM010", include_navigation=True)
    assert navigated["program:TSM020"] == ["program:TSM020", "transaction:TM00", "program:TSM000", "program:TSM010"]
    assert sorted(navigated) == ["csd:TSMCSD", "program:TSM000", "program:TSM020", "transaction:TM00", "transaction:TM10", "transaction:TM20"]


def test_entry_points_hubs_and_components_ignore_navigation(estate):
    _, graph = estate
    assert [n for n in entry_points(graph) if n.startswith("transaction:")] == [
        "transaction:TA01", "transaction:TA02", "transaction:TM00", "transaction:TM10", "transaction:TM20", "transaction:WS-TRANS"]
    hubs = {h["id"]: (h["fan_in"], h["fan_out"]) for h in analyse(graph)["hubs"]}
    assert hubs["program:TSM020"] == (1, 3)  # its transaction in; RUN, two STARTs out; the screens it returns to are no dependency


def test_documents_say_what_a_screen_returns_to_and_starts(estate):
    modules, graph = estate
    inquiry = document_module(modules["TSM010"], graph)
    assert "**Run by**: transaction TM00, transaction TM10\n" in inquiry
    assert ("## Transactions\n\n"
            f"- returns to transaction TM00 (next screen, RETURN TRANSID) (`cbl/TSM010.cbl:{line_of(INQUIRY, 'TRANSID(' + chr(39) + 'TM00')}`)\n"
            f"- returns to transaction TM10 (next screen, RETURN TRANSID) (`cbl/TSM010.cbl:{line_of(INQUIRY, 'TRANSID(' + chr(39) + 'TM10')}`)\n") in inquiry
    assert "| external TSU020 | cics-link (channel TSKANAAL: containers TSVRAAG) |" in inquiry
    transfer = document_module(modules["TSM020"], graph)
    run = line_of(TRANSFER, "RUN TRANSID")
    assert f"- runs transaction TA01 asynchronously, as a child task (RUN TRANSID) (channel TSASYNC: containers TSOPDRACHT) (`cbl/TSM020.cbl:{run}`)" in transfer
    assert "- starts transaction TA02 asynchronously (START TRANSID)" in transfer
    assert "- starts transaction WS-TRANS (unresolved, like TA0\\*) asynchronously (START TRANSID)" in transfer
    menu = document_module(modules["TSM000"], graph)
    assert f"| ABEND | HANDLE ABEND | 9000-ABEND | `cbl/TSM000.cbl:{line_of(MENU, 'HANDLE ABEND')}` |" in menu
    assert "| 9000-ABEND |  |  | 1 | CICS handler |" in menu
    assert "**WHEN** WS-KEUZE \\= 'AFCR' or 'AFCS' or 'AFCT'" in menu
    transaction = document_module(modules["TM00"], graph)
    assert ("## Reached from\n\n| program | how | where |\n|---|---|---|\n"
            f"| program TSM000 | returns to this transaction (next screen, RETURN TRANSID) | `cbl/TSM000.cbl:{line_of(MENU, 'TRANSID(' + chr(39) + 'TM00')}` |") in transaction


def test_the_impact_command_follows_navigation_only_when_asked(tmp_path):
    from click.testing import CliRunner

    from modernize.cli import cli

    root = write_tree(tmp_path / "repo", {"cbl/TSM000.cbl": MENU, "cbl/TSM010.cbl": INQUIRY, "cbl/TSM020.cbl": TRANSFER, "csd/TSMCSD.csd": CSD})
    found = {}
    for extra in ([], ["--include-navigation"]):
        result = CliRunner().invoke(cli, ["impact", str(root), "TSM010", "--json", "--cache-dir", str(tmp_path / "cache"), "-q", *extra])
        assert result.exit_code == 0, result.output
        found[bool(extra)] = sorted(json.loads(result.output)["dependants"])
    assert found[False] == ["csd:TSMCSD", "program:TSM000", "transaction:TM00", "transaction:TM10"]
    assert set(found[True]) - set(found[False]) == {"program:TSM020", "transaction:TM20"}


def test_the_bank_fixture_reads_right():
    """tests/fixtures/cics_app: the menu transfers to the inquiry and the transfer screen, each ends
    with RETURN TRANSID of its own transaction, both link to a logger named with CICS's blank padding."""
    from tests.conftest import ROOT

    analysis = Analysis(ROOT / "tests" / "fixtures" / "cics_app")
    graph = build_graph(analysis.modules)
    cobol = {"program:BKMENU", "program:BKINQ", "program:BKXFR", "program:BKLOG", "transaction:BKM0", "transaction:BKI0", "transaction:BKX0"}
    assert runners(graph, "program:BKINQ") == ["transaction:BKI0", "transaction:BKM0"]
    assert runners(graph, "program:BKLOG") == ["transaction:BKI0", "transaction:BKM0", "transaction:BKX0"]
    for navigation in (False, True):
        assert set(impact(graph, "program:BKINQ", navigation)) & cobol == {"program:BKMENU", "transaction:BKM0", "transaction:BKI0"}
    assert {v for _, v, d in graph.out_edges("program:BKXFR", data=True) if d["kind"] == "calls"} == {"program:BKLOG"}
    menu = next(m for m in analysis.modules if m.name == "BKMENU")
    assert [s.name for s in menu.symbols if s.unreachable] == []  # ABEND-EXIT: the HANDLE ABEND label
    assert [(h.condition, h.label, h.line) for h in menu.handlers] == [("ABEND", "ABEND-EXIT", 21)]
    assert [r.condition for r in menu.business_rules] == ["WS-CHOICE = 'INQ1' or 'INQ2' or 'INQ3'", "WS-CHOICE = 'XFR1'", "OTHER"]
    assert menu.identification == {"AUTHOR": "James O'Grady"}
    assert not [d for d in analysis.diagnostics if d.path.startswith("cbl/") and d.severity != "info"]
