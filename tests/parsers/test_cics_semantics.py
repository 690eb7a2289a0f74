"""What CICS commands mean, fact by fact and line by line: RETURN TRANSID is the next screen of the
conversation (returns-to), START and RUN TRANSID start a transaction asynchronously, a LINK passes a
channel with its containers, HANDLE labels are entry points of the flow, names are trimmed as CICS
trims them; and the business rules and comment entries of the same programs read right.

The estate is written for this project in the shape of the pseudo-conversational applications it
stands for: a menu that transfers to an inquiry screen, each screen returning to its own
transaction, the inquiry returning to the menu's transaction on PF3.
"""

from modernize.parsers.pli import exec_references
from tests.conftest import fixed
from tests.parsers.test_cobol_parser import line_of

MENU = fixed(
    """
 IDENTIFICATION DIVISION.
 PROGRAM-ID. TSM000.
 AUTHOR. J. O'BRIEN.
 INSTALLATION. DIENST TOESLAGEN, 'S-GRAVENHAGE
     (AFDELING ONLINE).
 REMARKS. ZIE EXEC CICS HANDBOEK VAN O'NEILL.
 DATE-WRITTEN. 1996-04-22.
 ENVIRONMENT DIVISION.
 DATA DIVISION.
 WORKING-STORAGE SECTION.
 01  WS-VOLGEND       PIC X(8) VALUE 'TSM010  '.
 01  WS-LINK-PGM      PIC X(8).
 01  WS-KEUZE         PIC X(4).
 LINKAGE SECTION.
 01  DFHCOMMAREA      PIC X(20).
 PROCEDURE DIVISION.
 0000-START.
     EXEC CICS HANDLE ABEND LABEL(9000-ABEND) END-EXEC
     EXEC CICS HANDLE CONDITION MAPFAIL(8000-LEEG)
               NOTFND(8100-ONBEKEND) ERROR END-EXEC
     EXEC CICS HANDLE AID PF3(8200-EINDE) CLEAR(8200-EINDE)
     END-EXEC
     MOVE DFHCOMMAREA(1:4) TO WS-KEUZE
     EVALUATE WS-KEUZE
         WHEN 'AFCR'
         WHEN 'AFCS'
         WHEN 'AFCT'
             EXEC CICS XCTL PROGRAM(WS-VOLGEND)
                  COMMAREA(WS-KEUZE) END-EXEC
         WHEN 'OVER'
             EXEC CICS RETURN TRANSID('TM20') END-EXEC
         WHEN OTHER
             MOVE 'TSU010  ' TO WS-LINK-PGM
             EXEC CICS LINK PROGRAM(WS-LINK-PGM) END-EXEC
     END-EVALUATE
     EXEC CICS RETURN TRANSID('TM00') COMMAREA(DFHCOMMAREA)
     END-EXEC.
 8000-LEEG.
     MOVE SPACES TO WS-KEUZE
     EXEC CICS RETURN TRANSID('TM00') END-EXEC.
 8100-ONBEKEND.
     EXEC CICS RETURN TRANSID('TM00') END-EXEC.
 8500-OUD.
     MOVE 'X' TO WS-KEUZE
     GOBACK.
 8200-EINDE.
     EXEC CICS RETURN END-EXEC.
 9000-ABEND.
     EXEC CICS ABEND ABCODE('TSAB') END-EXEC.
"""
)

INQUIRY = fixed(
    """
 IDENTIFICATION DIVISION.
 PROGRAM-ID. TSM010.
 DATA DIVISION.
 WORKING-STORAGE SECTION.
 01  WS-KANAAL        PIC X(16).
 01  WS-CONTAINER     PIC X(16) VALUE 'TSANTWOORD'.
 01  WS-GEGEVENS      PIC X(80).
 LINKAGE SECTION.
 01  DFHCOMMAREA      PIC X(20).
 PROCEDURE DIVISION.
 0000-START.
     IF EIBAID = DFHPF3
         EXEC CICS RETURN TRANSID('TM00') END-EXEC
     END-IF
     MOVE 'TSKANAAL        ' TO WS-KANAAL
     EXEC CICS PUT CONTAINER('TSVRAAG') CHANNEL(WS-KANAAL)
          FROM(DFHCOMMAREA) END-EXEC
     EXEC CICS LINK PROGRAM('TSU020  ') CHANNEL(WS-KANAAL)
     END-EXEC
     EXEC CICS GET CONTAINER(WS-CONTAINER) CHANNEL(WS-KANAAL)
          INTO(WS-GEGEVENS) END-EXEC
     EXEC CICS RETURN TRANSID('TM10') COMMAREA(DFHCOMMAREA)
     END-EXEC.
"""
)

TRANSFER = fixed(
    """
 IDENTIFICATION DIVISION.
 PROGRAM-ID. TSM020.
 DATA DIVISION.
 WORKING-STORAGE SECTION.
 01  WS-TRANS         PIC X(4).
 01  WS-TELLER        PIC 9 VALUE 1.
 01  WS-TOKEN         PIC X(16).
 01  WS-OPDRACHT      PIC X(80).
 LINKAGE SECTION.
 01  DFHCOMMAREA      PIC X(20).
 PROCEDURE DIVISION.
 0000-START.
     IF EIBAID = DFHPF3
         EXEC CICS RETURN TRANSID('TM00') END-EXEC
     END-IF
     EXEC CICS PUT CONTAINER('TSOPDRACHT') CHANNEL('TSASYNC')
          FROM(WS-OPDRACHT) END-EXEC
     EXEC CICS RUN TRANSID('TA01') CHANNEL('TSASYNC')
          CHILD(WS-TOKEN) END-EXEC
     STRING 'TA0' WS-TELLER DELIMITED BY SIZE INTO WS-TRANS
     EXEC CICS START TRANSID(WS-TRANS) END-EXEC
     EXEC CICS START TRANSID('TA02') FROM(WS-OPDRACHT) END-EXEC
     EXEC CICS RETURN TRANSID('TM20') COMMAREA(DFHCOMMAREA)
     END-EXEC.
"""
)

DECISIONS = fixed(
    """
 IDENTIFICATION DIVISION.
 PROGRAM-ID. TSM030.
 DATA DIVISION.
 WORKING-STORAGE SECTION.
 01  WS-SOORT         PIC XX.
 01  WS-KLASSE        PIC 9.
 01  WS-BEDRAG        PIC 9(5).
 PROCEDURE DIVISION.
 0000-START.
     EVALUATE WS-SOORT ALSO WS-KLASSE
         WHEN 'ZT' ALSO 1
             DISPLAY 'A'
         WHEN 'HT' ALSO 2
         WHEN 'HT' ALSO 3
             DISPLAY 'B'
         WHEN 'KB' ALSO ANY
             DISPLAY 'C'
         WHEN ANY ALSO ANY
             DISPLAY 'D'
     END-EVALUATE
     EVALUATE TRUE
         WHEN WS-BEDRAG > 100 AND WS-KLASSE = 1
         WHEN WS-BEDRAG = 0
             DISPLAY 'E'
     END-EVALUATE
     EVALUATE WS-SOORT
         WHEN NOT 'ZT'
             DISPLAY 'F'
     END-EVALUATE
     EVALUATE TRUE
         WHEN WS-KLASSE = 1 OR 2
             DISPLAY 'G'
     END-EVALUATE
     GOBACK.
"""
)


def test_return_transid_is_the_next_screen_start_and_run_are_asynchronous(analyse):
    analysis = analyse({"cbl/TSM000.cbl": MENU, "cbl/TSM010.cbl": INQUIRY, "cbl/TSM020.cbl": TRANSFER})
    transactions = {
        name: sorted((r.kind, r.target, r.via, r.line) for r in analysis.module(name).references if r.target_kind == "transaction")
        for name in ("TSM000", "TSM010", "TSM020")
    }
    assert transactions["TSM000"] == [
        ("returns-to", "TM00", "cics-return", line_of(MENU, "RETURN TRANSID('TM00') COMMAREA")),
        ("returns-to", "TM00", "cics-return", line_of(MENU, "MOVE SPACES TO WS-KEUZE") + 1),
        ("returns-to", "TM00", "cics-return", line_of(MENU, "8100-ONBEKEND.") + 1),
        ("returns-to", "TM20", "cics-return", line_of(MENU, "RETURN TRANSID('TM20')")),  # the menu's option 'OVER'
    ]
    assert transactions["TSM010"] == [
        ("returns-to", "TM00", "cics-return", line_of(INQUIRY, "RETURN TRANSID('TM00')")),
        ("returns-to", "TM10", "cics-return", line_of(INQUIRY, "RETURN TRANSID('TM10')")),
    ]
    assert transactions["TSM020"] == [
        ("returns-to", "TM00", "cics-return", line_of(TRANSFER, "RETURN TRANSID('TM00')")),
        ("returns-to", "TM20", "cics-return", line_of(TRANSFER, "RETURN TRANSID('TM20')")),
        ("starts", "TA01", "cics-run", line_of(TRANSFER, "RUN TRANSID('TA01')")),
        ("starts", "TA02", "cics-start", line_of(TRANSFER, "START TRANSID('TA02')")),
        ("starts", "WS-TRANS", "cics-start", line_of(TRANSFER, "START TRANSID(WS-TRANS)")),
    ]
    started = next(r for r in analysis.module("TSM020").references if r.target == "WS-TRANS")
    # Built by STRING 'TA0' WS-TELLER: unresolved, and shaped like TA0 and one more character.
    assert (started.unresolved, started.variable, started.pattern) == (True, "WS-TRANS", "TA0*")


def test_dynamic_and_literal_targets_are_trimmed_as_cics_trims_them(analyse):
    analysis = analyse({"cbl/TSM000.cbl": MENU, "cbl/TSM010.cbl": INQUIRY})
    calls = sorted((r.target, r.via, r.line, r.variable) for m in analysis.modules for r in m.references if r.kind == "calls")
    assert calls == [
        ("TSM010", "cics-xctl", line_of(MENU, "XCTL PROGRAM(WS-VOLGEND)"), "WS-VOLGEND"),  # VALUE 'TSM010  '
        ("TSU010", "cics-link", line_of(MENU, "LINK PROGRAM(WS-LINK-PGM)"), "WS-LINK-PGM"),  # MOVE 'TSU010  '
        ("TSU020", "cics-link", line_of(INQUIRY, "LINK PROGRAM('TSU020  ')"), None),  # PROGRAM('TSU020  ')
    ]


def test_a_link_with_a_channel_is_a_call_with_the_channel_and_its_containers(analyse):
    inquiry = analyse({"cbl/TSM010.cbl": INQUIRY}).module("TSM010")
    link = next(r for r in inquiry.references if r.target == "TSU020")
    assert (link.kind, link.channel, link.containers, link.attributes["channel_variable"]) == ("calls", "TSKANAAL", ["TSVRAAG"], "WS-KANAAL")
    transfer = analyse({"cbl/TSM020.cbl": TRANSFER}).module("TSM020")
    run = next(r for r in transfer.references if r.target == "TA01")
    assert (run.channel, run.containers, "channel_variable" in run.attributes) == ("TSASYNC", ["TSOPDRACHT"], False)
    assert next(r for r in transfer.references if r.target == "TA02").channel is None


def test_handlers_are_recorded_and_their_labels_are_reachable(analyse):
    analysis = analyse({"cbl/TSM000.cbl": MENU})
    menu = analysis.module("TSM000")
    handlers = [(h.command, h.condition, h.label, h.paragraph, h.line) for h in menu.handlers]
    abend, condition, aid = (line_of(MENU, f"HANDLE {word}") for word in ("ABEND", "CONDITION", "AID"))
    assert handlers == [
        ("HANDLE ABEND", "ABEND", "9000-ABEND", "0000-START", abend),
        ("HANDLE CONDITION", "MAPFAIL", "8000-LEEG", "0000-START", condition),
        ("HANDLE CONDITION", "NOTFND", "8100-ONBEKEND", "0000-START", condition),  # ERROR without a label resets: none
        ("HANDLE AID", "PF3", "8200-EINDE", "0000-START", aid),
        ("HANDLE AID", "CLEAR", "8200-EINDE", "0000-START", aid),
    ]
    # No paragraph falls through past EXEC CICS RETURN; only the one nothing names is dead.
    assert [s.name for s in menu.symbols if s.unreachable] == ["8500-OUD"]
    assert menu.unreachable_paragraphs == 1
    assert [d for d in analysis.diagnostics if d.severity != "info"] == []


def test_a_handler_label_that_is_no_paragraph_is_reported_at_its_line(analyse):
    source = MENU.replace("LABEL(9000-ABEND)", "LABEL(9999-WEG)  ")
    analysis = analyse({"cbl/TSM000.cbl": source})
    warnings = [(d.code, d.line, d.message) for d in analysis.diagnostics if d.severity == "warning"]
    assert warnings == [("unknown-procedure", line_of(source, "HANDLE ABEND"), "HANDLE ABEND label 9999-WEG is not a paragraph or section of TSM000")]
    assert "9000-ABEND" in [s.name for s in analysis.module("TSM000").symbols if s.unreachable]


def test_stacked_whens_are_alternatives_and_also_pairs_subjects_with_objects(analyse):
    menu = analyse({"cbl/TSM000.cbl": MENU}).module("TSM000")
    assert [(r.condition, r.line) for r in menu.business_rules if r.kind == "WHEN"] == [
        ("WS-KEUZE = 'AFCR' or 'AFCS' or 'AFCT'", line_of(MENU, "WHEN 'AFCR'")),
        ("WS-KEUZE = 'OVER'", line_of(MENU, "WHEN 'OVER'")),
        ("OTHER", line_of(MENU, "WHEN OTHER")),
    ]
    assert menu.business_rules[0].literals == ("AFCR", "AFCS", "AFCT")
    rules = analyse({"cbl/TSM030.cbl": DECISIONS}).module("TSM030").business_rules
    assert [(r.condition, r.line) for r in rules] == [
        ("WS-SOORT = 'ZT' and WS-KLASSE = 1", line_of(DECISIONS, "WHEN 'ZT' ALSO 1")),
        ("( WS-SOORT = 'HT' and WS-KLASSE = 2 ) or ( WS-SOORT = 'HT' and WS-KLASSE = 3 )", line_of(DECISIONS, "WHEN 'HT' ALSO 2")),
        ("WS-SOORT = 'KB'", line_of(DECISIONS, "WHEN 'KB' ALSO ANY")),
        ("ANY", line_of(DECISIONS, "WHEN ANY ALSO ANY")),
        ("( WS-BEDRAG > 100 AND WS-KLASSE = 1 ) or WS-BEDRAG = 0", line_of(DECISIONS, "WHEN WS-BEDRAG > 100")),
        ("WS-SOORT not = 'ZT'", line_of(DECISIONS, "WHEN NOT 'ZT'")),
        ("WS-KLASSE = 1 OR 2", line_of(DECISIONS, "WHEN WS-KLASSE = 1 OR 2")),  # the source's own OR, alone: as written
    ]


def test_comment_entries_are_free_text(analyse):
    analysis = analyse({"cbl/TSM000.cbl": MENU})
    assert not [d for d in analysis.diagnostics if d.code == "unterminated-literal"]  # AUTHOR. J. O'BRIEN.
    assert analysis.module("TSM000").identification == {
        "AUTHOR": "J. O'BRIEN",
        "INSTALLATION": "DIENST TOESLAGEN, 'S-GRAVENHAGE (AFDELING ONLINE)",
        "REMARKS": "ZIE EXEC CICS HANDBOEK VAN O'NEILL",  # EXEC in a comment entry opens no block
        "DATE-WRITTEN": "1996-04-22",
    }
    # Outside the IDENTIFICATION DIVISION an open quote is still reported, at its line.
    broken = MENU.replace("MOVE 'X' TO WS-KEUZE", "MOVE 'X TO WS-KEUZE ")
    found = [d.line for d in analyse({"cbl/TSM000.cbl": broken}).diagnostics if d.code == "unterminated-literal"]
    assert found == [line_of(broken, "MOVE 'X TO")]


def test_pli_cics_commands_mean_the_same():
    found = [(r.kind, r.target, r.via, r.line) for block, line in [
        ("CICS RETURN TRANSID('TM00') COMMAREA(AREA)", 12), ("CICS START TRANSID('TA02')", 13),
        ("CICS RUN TRANSID('TA01') CHILD(TOKEN)", 14), ("CICS LINK PROGRAM('TSU010  ')", 15),
    ] for r in exec_references(block, "pli/TSP000.pli", line)]
    assert found == [("returns-to", "TM00", "cics-return", 12), ("starts", "TA02", "cics-start", 13),
                     ("starts", "TA01", "cics-run", 14), ("calls", "TSU010", "cics-link", 15)]


OPTIONS = fixed(
    """
 IDENTIFICATION DIVISION.
 PROGRAM-ID. TSM040.
 DATA DIVISION.
 WORKING-STORAGE SECTION.
 01  WS-KEUZE               PIC 9(2).
 01  TSM-MENU-OPTIES.
     05  TSM-AANTAL         PIC 9(2) VALUE 2.
     05  TSM-OPTIE-WAARDEN.
         10  FILLER         PIC 9(2) VALUE 1.
         10  FILLER         PIC X(20) VALUE 'AANVRAAG INZIEN'.
         10  FILLER         PIC X(8) VALUE 'TSM010'.
         10  FILLER         PIC X(1) VALUE 'U'.
         10  FILLER         PIC 9(2) VALUE 2.
         10  FILLER         PIC X(20) VALUE 'OVERBOEKEN'.
         10  FILLER         PIC X(8) VALUE 'TSM020'.
         10  FILLER         PIC X(1) VALUE 'A'.
     05  TSM-OPTIES REDEFINES TSM-OPTIE-WAARDEN.
         10  TSM-OPTIE OCCURS 2 TIMES.
             15  TSM-OPTIE-NR   PIC 9(2).
             15  TSM-OPTIE-TEKST PIC X(20).
             15  TSM-OPTIE-PGM  PIC X(8).
             15  TSM-OPTIE-SOORT PIC X(1).
 PROCEDURE DIVISION.
 0000-START.
     EXEC CICS XCTL PROGRAM(TSM-OPTIE-PGM(WS-KEUZE)) END-EXEC.
"""
)


def test_a_table_of_options_gives_the_names_where_the_program_names_stand(analyse):
    """CardDemo's menu shape: number, text, program and kind per option; the XCTL names the table
    item. The names are the literals at the item's place in each occurrence, not the 'U' and 'A'."""
    menu = analyse({"cbl/TSM040.cbl": OPTIONS}).module("TSM040")
    line = line_of(OPTIONS, "XCTL PROGRAM(TSM-OPTIE-PGM")
    assert sorted((r.target, r.via, r.line, r.variable) for r in menu.references) == [
        ("TSM010", "cics-xctl", line, "TSM-OPTIE-PGM"), ("TSM020", "cics-xctl", line, "TSM-OPTIE-PGM")]
