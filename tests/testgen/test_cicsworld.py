"""The CICS world behind the MZCICS shim, driven as the shim drives it (no GnuCOBOL needed)."""

from __future__ import annotations

import json

from modernize.testgen.cicsprep import CONDITIONS, translate
from modernize.testgen.cicsworld import EIB_SIZE, GO_BACK, GO_STOP, Eib, MapField, Spec, World
from modernize.testgen.sqlworld import FLAG_SIGN, FLAG_SWAP, Param

ALPHANUMERIC, BINARY = 0x21, 0x11

PROGRAM = """\
000100 IDENTIFICATION DIVISION.
000200 PROGRAM-ID. P.
000300 PROCEDURE DIVISION.
000400     EXEC CICS READ FILE('KLANT') INTO(WS-REC) RIDFLD(WS-KEY)
000500          RESP(WS-RESP) END-EXEC
000600     EXEC CICS READ FILE('KLANT') INTO(WS-REC) RIDFLD(WS-KEY)
000610     END-EXEC
000700     EXEC CICS HANDLE CONDITION NOTFND(8000-NIET) END-EXEC
000800     EXEC CICS WRITEQ TS QUEUE('Q1') FROM(WS-REC)
000810          ITEM(WS-ITEM) END-EXEC
000900     EXEC CICS READQ TS QUEUE('Q1') INTO(WS-REC)
000910          ITEM(WS-ITEM) END-EXEC
001000     EXEC CICS STARTBR FILE('KLANT') RIDFLD(WS-KEY) GTEQ END-EXEC
001100     EXEC CICS READNEXT FILE('KLANT') INTO(WS-REC)
001110          RIDFLD(WS-KEY) END-EXEC
001200     EXEC CICS RECEIVE MAP('M1') MAPSET('S1') INTO(M1I) END-EXEC
001300     EXEC CICS SEND MAP('M1') MAPSET('S1') FROM(M1O) ERASE
001310     END-EXEC
001400     EXEC CICS RETURN TRANSID('TR01') COMMAREA(WS-REC) END-EXEC
001500     EXEC CICS WRITE FILE('KLANT') FROM(WS-REC)
001510          RIDFLD(WS-KEY) END-EXEC
001600 8000-NIET.
001700     EXEC CICS XCTL PROGRAM('MENU') COMMAREA(WS-REC) END-EXEC.
"""

def text_param(value: str, size: int | None = None) -> Param:
    data = value.encode("latin-1")
    return Param(ALPHANUMERIC, 0, 0, 0, data.ljust(size or len(data)))


def binary_param(value: int, size: int = 4) -> Param:
    return Param(BINARY, 9 if size == 4 else 4, 0, FLAG_SIGN | FLAG_SWAP, value.to_bytes(size, "big", signed=True))


def make_world(scenario: dict) -> tuple[World, dict]:
    translated = translate("P", PROGRAM)
    assert len(translated.commands) == 12
    commands = {c.key: c for c in translated.commands}
    layout = [MapField("NAAM", 12, 14, 15, 10), MapField("BSN", 25, 27, 28, 9)]
    spec = Spec(commands, {"P": translated.labels}, {"M1I": layout, "M1O": layout}, ["P"])
    world = World(spec, {"program": "P", **scenario})
    eib = Eib(b"\0" * EIB_SIZE)
    replies = world.execute([text_param("MZ:START"), Param(ALPHANUMERIC, 0, 0, 0, bytes(eib.data)), text_param("", 8), text_param("", 100)])
    return world, {"eib": replies[1], "program": replies[2], "commarea": replies[3]}


def call(world: World, key: str, *arguments: Param, eib: bytes = b"\0" * EIB_SIZE) -> tuple[Eib, list[bytes]]:
    replies = world.execute([text_param(key), Param(ALPHANUMERIC, 0, 0, 0, eib), *arguments])
    return Eib(replies[1]), replies


RECORDS = ["00000002BERTHA", "00000001ANNA  "]


def test_start_gives_the_program_the_scenarios_eib_and_commarea():
    world, started = make_world({"transid": "TR01", "aid": "PF3", "commarea": "ABC"})
    eib = Eib(started["eib"])
    assert eib.get("EIBTRNID") == "TR01" and eib.get("EIBCALEN") == 3 and eib.get("EIBAID") == "3"
    assert eib.get("EIBDATE") == 125031 and eib.get("EIBTIME") == 120000
    assert started["program"] == b"P       " and started["commarea"][:4] == b"ABC\0"


def test_read_sets_resp_the_cics_way_and_an_unhandled_condition_abends():
    world, _ = make_world({"files": {"KLANT": RECORDS}})
    eib, replies = call(world, "P:0001", text_param("KLANT"), text_param("", 14), text_param("00000001"), binary_param(-1))
    assert replies[3] == b"00000001ANNA  " and int.from_bytes(replies[5], "big") == CONDITIONS["NORMAL"]
    eib, replies = call(world, "P:0001", text_param("KLANT"), text_param("", 14), text_param("00000009"), binary_param(-1))
    assert int.from_bytes(replies[5], "big") == 13 and eib.get("EIBRESP") == 13 and world.outcome["abend"] is None
    eib, _ = call(world, "P:0002", text_param("KLANT"), text_param("", 14), text_param("00000009"))
    assert world.outcome["abend"] == "AEIM" and eib.get("EIBMZGO") == GO_STOP


def test_handle_condition_sends_the_program_to_its_label():
    world, _ = make_world({"files": {"KLANT": RECORDS}})
    call(world, "P:0003")
    eib, _ = call(world, "P:0002", text_param("KLANT"), text_param("", 14), text_param("00000009"))
    assert eib.get("EIBMZGO") == 1 and world.outcome["abend"] is None


def test_queues_and_browse():
    world, _ = make_world({"files": {"KLANT": RECORDS}})
    _, replies = call(world, "P:0004", text_param("Q1"), text_param("ITEM ONE"), binary_param(0, 2))
    assert int.from_bytes(replies[4], "big") == 1
    _, replies = call(world, "P:0005", text_param("Q1"), text_param("", 8), binary_param(1, 2))
    assert replies[3] == b"ITEM ONE"
    call(world, "P:0006", text_param("KLANT"), text_param("00000000"))
    seen = []
    for _ in range(3):
        eib, replies = call(world, "P:0007", text_param("KLANT"), text_param("", 14), text_param("00000000"))
        seen.append((replies[3][:8], eib.get("EIBRESP")))
    assert seen[0] == (b"00000001", 0) and seen[1] == (b"00000002", 0) and seen[2][1] == CONDITIONS["ENDFILE"]
    assert world.outcome["abend"] == "AEIT"  # ENDFILE without RESP or a handler


def test_maps_in_and_out_and_mapfail():
    world, _ = make_world({"maps": {"M1": {"BSN": "123456782"}}})
    _, replies = call(world, "P:0008", text_param("M1"), text_param("S1"), text_param("", 40))
    received = replies[4]
    assert received[25:27] == (9).to_bytes(2, "big") and received[28:37] == b"123456782" and received[12:14] == b"\0\0"
    sent = bytearray(40)
    sent[15:25] = b"JANSEN    "
    sent[25:27] = b"\xff\xff"
    sent[27:28] = b"0"
    call(world, "P:0009", text_param("M1"), text_param("S1"), Param(ALPHANUMERIC, 0, 0, 0, bytes(sent)))
    assert world.outcome["screens"] == [{"map": "M1", "mapset": "S1", "options": ["ERASE"], "fields": {"NAAM": "JANSEN"},
                                         "attributes": {"BSN": "0"}, "cursor": "BSN"}]
    empty, _ = make_world({"maps": {}})
    eib, _ = call(empty, "P:0008", text_param("M1"), text_param("S1"), text_param("", 40))
    assert eib.get("EIBRESP") == CONDITIONS["MAPFAIL"] and empty.outcome["abend"] == "AEI9"


def test_return_xctl_and_write_are_the_outcome():
    world, _ = make_world({"files": {"KLANT": RECORDS}})
    eib, _ = call(world, "P:0011", text_param("KLANT"), text_param("00000001ANNA  "), text_param("00000001"))
    assert eib.get("EIBRESP") == CONDITIONS["DUPREC"]
    world.outcome["abend"] = None
    call(world, "P:0011", text_param("KLANT"), text_param("00000003CARLA "), text_param("00000003"))
    eib, _ = call(world, "P:0010", text_param("TR01"), text_param("STATE"))
    assert eib.get("EIBMZGO") == GO_BACK
    call(world, "P:0012", text_param("MENU"), text_param("STATE"))
    result = json.loads(json.dumps(world.result()))
    assert result["return"] == {"transid": "TR01", "commarea": "STATE", "immediate": False}
    assert result["xctl"] == {"program": "MENU", "commarea": "STATE"}
    assert result["files"] == {"KLANT": [*RECORDS, "00000003CARLA "]}


def test_containers_of_the_current_channel():
    world, _ = make_world({"containers": {"IN": "REQUEST"}})
    get = translate("P", PROGRAM.replace("EXEC CICS WRITEQ TS QUEUE('Q1') FROM(WS-REC)", "EXEC CICS GET CONTAINER('IN') INTO(WS-REC)  ")
                    .replace("ITEM(WS-ITEM) END-EXEC", "FLENGTH(WS-LEN) END-EXEC", 1)).commands[3]
    world.spec.commands[get.key] = get
    _, replies = call(world, get.key, text_param("IN"), text_param("", 10), binary_param(0))
    assert replies[3] == b"REQUEST   " and int.from_bytes(replies[4], "big") == 7
