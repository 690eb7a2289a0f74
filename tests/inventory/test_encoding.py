"""Bytes as they come off old tapes and transfers: EBCDIC card images without line ends that are
mostly blanks, and sources padded with NUL bytes after their last statement."""

from modernize.inventory import detect_encoding, looks_ebcdic, read_text, take_inventory
from tests.conftest import Analysis, write_tree

# A converted CICS program as most are: short statements, so most of each 80-byte card is blank.
CICS_PROGRAM = """\
       IDENTIFICATION DIVISION.
       PROGRAM-ID. BNK1DAC.
       DATA DIVISION.
       WORKING-STORAGE SECTION.
       01  WS-RESP       PIC S9(8) COMP.
       01  WS-ACC        PIC X(8).
       PROCEDURE DIVISION.
       P100-MAIN.
           EXEC CICS RECEIVE MAP('BNK1DA')
                RESP(WS-RESP)
           END-EXEC.
           IF WS-RESP = 0
              MOVE 1 TO WS-ACC
           END-IF.
           EXEC CICS RETURN END-EXEC.
           GOBACK.
"""
BATCH_PROGRAM = """\
       IDENTIFICATION DIVISION.
       PROGRAM-ID. OLDTAPE.
       PROCEDURE DIVISION.
           DISPLAY 'VAN DE BAND'.
           STOP RUN.
"""


def cards(text: str) -> bytes:
    return "".join(line.ljust(80) for line in text.splitlines()).encode("cp037")


def test_ebcdic_card_images_with_few_high_bytes_are_ebcdic(tmp_path):
    raw = cards(CICS_PROGRAM)
    assert raw.count(0x40) > len(raw) * 0.6 and sum(b >= 0x80 for b in raw) < len(raw) * 0.25
    assert not looks_ebcdic(raw)  # the share of high bytes alone does not tell
    assert detect_encoding(raw) == "cp037"
    write_tree(tmp_path, {"CICS/BNK1DAC": raw, "CICS/BNK1DAC.PADDED": raw + b"\x40" * 160 + b"\x00" * 400})
    inventory = take_inventory(tmp_path)
    for source in inventory.files:
        assert (source.encoding, source.language, source.kind, source.source_format) == ("cp037", "cobol", "program", "fixed")
        assert source.lines == len(CICS_PROGRAM.splitlines())
        assert read_text(tmp_path, source).splitlines()[1] == "       PROGRAM-ID. BNK1DAC."
    assert [d.code for d in inventory.diagnostics if d.path == "CICS/BNK1DAC.PADDED"] == ["padding-ignored"]


def test_ascii_data_that_happens_to_hold_at_signs_is_not_ebcdic():
    raw = b"@" * 200 + b"NAAM@DOMEIN.NL" + b"@" * 66
    assert detect_encoding(raw) == "ascii"


def test_nul_padding_after_stop_run_is_text_with_an_info_diagnostic(tmp_path):
    padded = BATCH_PROGRAM.encode("ascii") + b"\x00" * 1500
    sparse = BATCH_PROGRAM.replace("STOP RUN.", "STOP RUN.\x00").encode("ascii") + b"\x40" * 240
    write_tree(tmp_path, {"tape/OLDTAPE": padded, "tape/OLDTAP2": sparse.replace(b"OLDTAPE", b"OLDTAP2")})
    analysis = Analysis(tmp_path)
    files = {f.path: f for f in analysis.inventory.files}
    assert (files["tape/OLDTAPE"].kind, files["tape/OLDTAPE"].encoding) == ("program", "ascii")
    assert (files["tape/OLDTAP2"].kind, files["tape/OLDTAP2"].encoding) == ("program", "ascii")
    assert sorted(m.name for m in analysis.modules) == ["OLDTAP2", "OLDTAPE"]
    assert analysis.errors() == []
    assert "\x00" not in read_text(tmp_path, files["tape/OLDTAPE"]) and not read_text(tmp_path, files["tape/OLDTAP2"]).endswith("@")
    infos = {(d.path, d.code) for d in analysis.diagnostics if d.severity == "info"}
    assert {("tape/OLDTAPE", "padding-ignored"), ("tape/OLDTAP2", "padding-ignored"), ("tape/OLDTAP2", "nul-bytes-ignored")} <= infos


def test_many_nul_bytes_are_still_binary():
    assert detect_encoding(b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00" + b"x" * 100) is None
    assert detect_encoding(BATCH_PROGRAM.encode() + b"\x00\x01\x00\x02" * 100 + b"MORE TEXT\n") is None
