"""The CICS half of the offline world: online programs run under GnuCOBOL against a world in Python.

``cicsprep`` turns every EXEC CICS command into a call of the C shim MZCICS (mzcics.c), which sends
the command's key, the EIB and each option's argument over an inherited socket; the ``World`` here
answers it as CICS would for one task: the EIB and COMMAREA the scenario gives, RECEIVE/SEND MAP
through the symbolic map layouts (fields in, a record of field values out), keyed files
(READ/WRITE/REWRITE/DELETE and browsing), TS/TD queues, ASKTIME/FORMATTIME on a pinned clock,
LINK (to the estate's programs compiled into the same run, or a stub that records the call),
XCTL/RETURN recorded, HANDLE CONDITION/AID/ABEND, RESP/RESP2 and the default abend of an
unhandled condition, SYNCPOINT. A program with EXEC SQL too gets the SQL world on the same socket.

A scenario is JSON (the initial world) and its outcome is JSON (what the task did); both are
documented in docs/architecture.md, and a replacement is tested with the same two documents.
"""

from __future__ import annotations

import contextlib
import datetime
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from modernize.testgen import sqlworld
from modernize.testgen.cicsprep import (
    AIDS,
    CONDITIONS,
    EIB_FIELDS,
    GO_BACK,
    GO_ON,
    GO_STOP,
    Command,
)
from modernize.testgen.sqlworld import Param, decode, encode

CLOCK = datetime.datetime(2025, 1, 31, 12, 0, 0)
EPOCH = datetime.datetime(1900, 1, 1)
GO_CALL = 9  # LINK: call the program now
ABENDS = {"DSIDERR": "AEIL", "NOTFND": "AEIM", "DUPREC": "AEIN", "DUPKEY": "AEIO", "INVREQ": "AEIP", "IOERR": "AEIQ", "NOSPACE": "AEIR",
          "NOTOPEN": "AEIS", "ENDFILE": "AEIT", "ILLOGIC": "AEIU", "LENGERR": "AEIV", "QZERO": "AEIW", "ITEMERR": "AEIZ", "PGMIDERR": "AEI0",
          "TRANSIDERR": "AEI1", "ENDDATA": "AEI2", "MAPFAIL": "AEI9", "QIDERR": "AEYH", "NOTAUTH": "AEY7", "DISABLED": "AEXL"}
NAMES = {code: name for name, code in reversed(list(CONDITIONS.items()))}
AID_NAMES = {value: name[3:] for name, value in AIDS.items()}
SCREEN_FLAGS = ("ERASE", "ERASEAUP", "DATAONLY", "MAPONLY", "CURSOR", "FREEKB", "ALARM", "FRSET", "PRINT", "WAIT", "LAST")


def text(data: bytes) -> str:
    """Bytes as JSON text: latin-1, one character per byte, so binary fields survive (as \\u escapes)."""
    return data.decode("latin-1")


def raw(value: str) -> bytes:
    return value.encode("latin-1", "replace")


def eib_layout() -> dict[str, tuple[int, int, str]]:
    """name -> (offset, length, kind) of the generated DFHEIBLK (COMP is big-endian, GnuCOBOL's default)."""
    layout, offset = {}, 0
    for name, picture, usage in EIB_FIELDS:
        digits = int(picture[picture.index("(") + 1 : picture.index(")")]) if "(" in picture else 1
        length = digits // 2 + 1 if usage == "COMP-3" else (2 if digits <= 4 else 4) if usage == "COMP" else digits
        layout[name] = (offset, length, usage)
        offset += length
    return layout


EIB = eib_layout()
EIB_SIZE = sum(length for _, length, _ in EIB.values())


def packed(value: int, length: int) -> bytes:
    digits = str(abs(value)).rjust(length * 2 - 1, "0") + ("D" if value < 0 else "C")
    return bytes.fromhex(digits)


class Eib:
    """The EIB bytes of the current call, read and written by field name."""

    def __init__(self, data: bytes):
        self.data = bytearray(data.ljust(EIB_SIZE, b"\0")[: max(len(data), EIB_SIZE)])

    def get(self, name: str) -> Any:
        offset, length, usage = EIB[name]
        chunk = bytes(self.data[offset : offset + length])
        if usage == "COMP":
            return int.from_bytes(chunk, "big", signed=True)
        if usage == "COMP-3":
            digits = chunk.hex()
            return int(digits[:-1] or "0") * (-1 if digits[-1] == "d" else 1)
        return text(chunk)

    def set(self, name: str, value: Any) -> None:
        offset, length, usage = EIB[name]
        if usage == "COMP":
            chunk = int(value).to_bytes(length, "big", signed=True)
        elif usage == "COMP-3":
            chunk = packed(int(value), length)
        else:
            chunk = raw(str(value)).ljust(length)[:length]
        self.data[offset : offset + length] = chunk


@dataclass
class MapField:
    name: str  # the field's name without its suffix (DBSN for DBSNL/DBSNF/DBSNI)
    length_at: int
    attribute_at: int
    data_at: int
    size: int


@dataclass
class Level:
    """One LINK level: its handlers (HANDLE CONDITION/AID/ABEND, IGNORE) and what it pushed."""

    program: str
    conditions: dict[str, int] = field(default_factory=dict)  # condition -> label number, 0 = ignored
    aids: dict[str, int] = field(default_factory=dict)
    abend_label: int = 0
    pushed: list[tuple[dict[str, int], dict[str, int], int]] = field(default_factory=list)
    saved_eib: bytes = b""


@dataclass
class Spec:
    """What the world knows of the estate: commands per key, HANDLE labels and map layouts per
    program, the programs compiled into the run."""

    commands: dict[str, Command]
    labels: dict[str, list[str]]
    maps: dict[str, list[MapField]]  # symbolic map record (TSM110AI, TSM110AO) -> fields
    programs: list[str]
    key_offsets: dict[str, int] = field(default_factory=dict)  # CICS file -> offset of its key in a record


class World:
    """One task of one online program: the scenario's initial world, the outcome it ends in."""

    def __init__(self, spec: Spec, scenario: dict[str, Any], sql: sqlworld.World | None = None):
        self.spec = spec
        self.scenario = scenario
        self.sql = sql
        self.program = str(scenario.get("program", ""))
        self.files: dict[str, list[bytes]] = {}
        self.key_offsets = {**spec.key_offsets}
        for name, value in (scenario.get("files") or {}).items():
            records = value.get("records", []) if isinstance(value, dict) else value
            if isinstance(value, dict) and "key_offset" in value:
                self.key_offsets[name.upper()] = int(value["key_offset"])
            self.files[name.upper()] = [raw(r) for r in records]
        self.original = {name: list(records) for name, records in self.files.items()}
        queues = scenario.get("queues") or {}
        self.ts: dict[str, list[bytes]] = {k: [raw(i) for i in v] for k, v in (queues.get("ts") or {}).items()}
        self.td: dict[str, list[bytes]] = {k: [raw(i) for i in v] for k, v in (queues.get("td") or {}).items()}
        self.changed_queues: set[str] = set()
        self.channels: dict[str, dict[str, bytes]] = {"": {k: raw(v) for k, v in (scenario.get("containers") or {}).items()}}
        self.original_containers = dict(self.channels[""])
        self.levels: list[Level] = []
        self.locked: dict[str, bytes] = {}
        self.browses: dict[tuple[str, str], tuple[bytes, bool, int]] = {}  # (file, reqid) -> (key, started, direction)
        self.outcome: dict[str, Any] = {"screens": [], "texts": [], "links": [], "starts": [], "abend": None, "return": None, "xctl": None,
                                        "syncpoints": 0, "rollbacks": 0, "commarea": None}
        self.problems: list[str] = []
        self.mapfail_sent = False

    # the wire -------------------------------------------------------------------------------------

    def execute(self, params: list[Param]) -> list[bytes]:
        key = params[0].data.decode("latin-1").strip()
        replies = [p.data for p in params]
        if self.sql is not None and ":" not in key:
            return self.sql.execute(params)
        eib = Eib(params[1].data)
        eib.set("EIBMZGO", GO_ON)
        try:
            if key.startswith("MZ:"):
                self.control(key[3:], eib, params, replies)
            else:
                command = self.spec.commands.get(key.rsplit(":", 1)[0] if key.endswith((":R", ":X")) else key)
                if command is None:
                    raise KeyError(f"unknown command {key}")
                self.run(command, key, eib, params, replies)
        except Exception as problem:  # noqa: BLE001 - a command the world cannot answer ends the task as an abend would
            self.problems.append(f"{key}: {type(problem).__name__}: {problem}")
            self.outcome["abend"] = self.outcome["abend"] or "MZER"
            eib.set("EIBMZGO", GO_STOP)
        replies[1] = bytes(eib.data[: len(params[1].data)])
        return replies

    def control(self, what: str, eib: Eib, params: list[Param], replies: list[bytes]) -> None:
        if what == "START":
            commarea = raw(self.scenario["commarea"]) if self.scenario.get("commarea") is not None else b""
            clock = CLOCK
            eib.set("EIBTIME", int(clock.strftime("%H%M%S")))
            eib.set("EIBDATE", int(f"{clock.year - 1900:03d}{clock.timetuple().tm_yday:03d}"))
            eib.set("EIBTRNID", self.scenario.get("transid", ""))
            eib.set("EIBTASKN", 1)
            eib.set("EIBTRMID", self.scenario.get("termid", "T001"))
            eib.set("EIBCALEN", len(commarea))
            eib.set("EIBAID", AIDS.get("DFH" + str(self.scenario.get("aid", "ENTER")).upper(), "'"))
            eib.set("EIBRESP", 0)
            replies[2] = raw(self.program).ljust(len(params[2].data))[: len(params[2].data)]
            replies[3] = commarea.ljust(len(params[3].data), b"\0")[: len(params[3].data)]
            self.levels = [Level(self.program)]
        elif what == "NOPROGRAM":
            self.problems.append(f"{self.program} could not be loaded")
            self.outcome["abend"] = "APCT"
        elif what == "END":
            length = int(eib.get("EIBCALEN"))
            if self.scenario.get("commarea") is not None:
                self.outcome["commarea"] = text(params[2].data[:length])

    # commands -------------------------------------------------------------------------------------

    def run(self, command: Command, key: str, eib: Eib, params: list[Param], replies: list[bytes]) -> None:
        args = Args(command, params[2:], replies, 2)
        level = self.levels[-1] if self.levels else Level(command.program)
        verb = command.verb
        handler = getattr(self, f"do_{verb.lower()}", None)
        if key.endswith(":X"):
            self.outcome["links"][-1]["stub"] = True
            return
        if key.endswith(":R"):
            self.link_return(command, args, eib, level)
            return
        if handler is None:
            raise KeyError(f"EXEC CICS {verb} is not emulated")
        condition = handler(command, args, eib, level) or "NORMAL"
        if verb in ("HANDLE", "IGNORE", "PUSH", "POP"):
            return
        self.finish(command, args, eib, level, condition)

    def finish(self, command: Command, args: Args, eib: Eib, level: Level, condition: str, resp2: int = 0) -> None:
        if int(eib.get("EIBMZGO")) not in (GO_ON,) and condition == "NORMAL":
            return
        code = CONDITIONS.get(condition, 1)
        eib.set("EIBRESP", code)
        eib.set("EIBRESP2", resp2)
        if command.has("RESP"):
            args.put("RESP", code)
        if command.has("RESP2"):
            args.put("RESP2", resp2)
        if condition == "NORMAL" or command.has("RESP") or command.has("NOHANDLE"):
            return
        label = level.conditions.get(condition)
        if label is None:
            label = level.conditions.get("ERROR")
        if label == 0:
            return
        if label:
            eib.set("EIBMZGO", label)
            return
        self.abend(ABENDS.get(condition, "AEIP"), eib, level)

    def abend(self, code: str, eib: Eib, level: Level) -> None:
        if level.abend_label:
            label, level.abend_label = level.abend_label, 0
            self.outcome.setdefault("handled_abends", []).append(code)
            eib.set("EIBMZGO", label)
            return
        self.outcome["abend"] = code
        eib.set("EIBMZGO", GO_STOP)

    def label(self, program: str, name: str | None) -> int:
        labels = self.spec.labels.get(program, [])
        return labels.index(name.upper()) + 1 if name and name.upper() in labels else 0

    def do_handle(self, command: Command, args: Args, eib: Eib, level: Level) -> None:
        kind = command.options[0].name if command.options else ""
        for option in command.options[1:] if kind in ("CONDITION", "AID", "ABEND") else command.options:
            if kind == "ABEND":
                if option.name == "LABEL":
                    level.abend_label = self.label(command.program, option.argument)
                elif option.name in ("CANCEL", "RESET"):
                    level.abend_label = 0
                elif option.name == "PROGRAM":
                    self.outcome.setdefault("abend_programs", []).append(args.text("PROGRAM").strip())
                continue
            target = level.aids if kind == "AID" else level.conditions
            if option.argument:
                target[option.name] = self.label(command.program, option.argument)
            else:
                target.pop(option.name, None)

    def do_ignore(self, command: Command, args: Args, eib: Eib, level: Level) -> None:
        for option in command.options[1:]:
            level.conditions[option.name] = 0

    def do_push(self, command: Command, args: Args, eib: Eib, level: Level) -> None:
        level.pushed.append((dict(level.conditions), dict(level.aids), level.abend_label))
        level.conditions, level.aids, level.abend_label = {}, {}, 0

    def do_pop(self, command: Command, args: Args, eib: Eib, level: Level) -> None:
        if level.pushed:
            level.conditions, level.aids, level.abend_label = level.pushed.pop()

    def do_return(self, command: Command, args: Args, eib: Eib, level: Level) -> None:
        if len(self.levels) <= 1:
            self.outcome["return"] = {"transid": args.text("TRANSID").strip() if command.has("TRANSID") else None,
                                      "commarea": text(args.data("COMMAREA", args.length())) if command.has("COMMAREA") else None,
                                      "immediate": command.has("IMMEDIATE")}
        eib.set("EIBMZGO", GO_BACK)

    def do_xctl(self, command: Command, args: Args, eib: Eib, level: Level) -> None:
        self.outcome["xctl"] = {"program": args.text("PROGRAM").strip(),
                                "commarea": text(args.data("COMMAREA", args.length())) if command.has("COMMAREA") else None}
        eib.set("EIBMZGO", GO_BACK)

    def do_link(self, command: Command, args: Args, eib: Eib, level: Level) -> str | None:
        program = args.text("PROGRAM").strip()
        commarea = args.data("COMMAREA", args.length()) if command.has("COMMAREA") else b""
        self.outcome["links"].append({"program": program, "commarea": text(commarea) if command.has("COMMAREA") else None,
                                      "returned": None, "stub": program.upper() not in self.spec.programs})
        if program.upper() not in self.spec.programs:
            return None
        self.levels.append(Level(program.upper(), saved_eib=bytes(eib.data)))
        eib.set("EIBCALEN", len(commarea))
        eib.set("EIBRESP", 0)
        eib.set("EIBMZGO", GO_CALL)
        return None

    def link_return(self, command: Command, args: Args, eib: Eib, level: Level) -> None:
        link = self.outcome["links"][-1]
        if command.has("COMMAREA"):
            link["returned"] = text(args.data("COMMAREA", args.length()))
        if len(self.levels) > 1 and not link["stub"]:
            saved = self.levels.pop().saved_eib
            eib.data[: len(saved)] = saved
        eib.set("EIBMZGO", GO_ON)
        self.finish(command, args, eib, self.levels[-1] if self.levels else level, "NORMAL")

    def do_abend(self, command: Command, args: Args, eib: Eib, level: Level) -> None:
        if command.has("CANCEL"):
            level.abend_label = 0
        self.abend(args.text("ABCODE").strip() if command.has("ABCODE") else "????", eib, level)

    def do_syncpoint(self, command: Command, args: Args, eib: Eib, level: Level) -> None:
        if command.has("ROLLBACK"):
            self.outcome["rollbacks"] += 1
            if self.sql is not None:
                self.sql.db.rollback()
        else:
            self.outcome["syncpoints"] += 1
            if self.sql is not None:
                self.sql.db.commit()

    def do_asktime(self, command: Command, args: Args, eib: Eib, level: Level) -> None:
        if command.has("ABSTIME"):
            args.put("ABSTIME", int((CLOCK - EPOCH).total_seconds() * 1000))
        eib.set("EIBTIME", int(CLOCK.strftime("%H%M%S")))

    def do_formattime(self, command: Command, args: Args, eib: Eib, level: Level) -> None:
        moment = CLOCK
        with contextlib.suppress(Exception):
            moment = EPOCH + datetime.timedelta(milliseconds=int(args.value("ABSTIME")))
        separator = args.text("DATESEP")[:1] if command.has("DATESEP") and args.has("DATESEP") else ("/" if command.has("DATESEP") else "")
        clock_sep = args.text("TIMESEP")[:1] if command.has("TIMESEP") and args.has("TIMESEP") else (":" if command.has("TIMESEP") else "")
        d = moment
        formats = {"YYYYMMDD": (f"{d:%Y}", f"{d:%m}", f"{d:%d}"), "DDMMYYYY": (f"{d:%d}", f"{d:%m}", f"{d:%Y}"),
                   "MMDDYYYY": (f"{d:%m}", f"{d:%d}", f"{d:%Y}"), "YYMMDD": (f"{d:%y}", f"{d:%m}", f"{d:%d}"),
                   "DDMMYY": (f"{d:%d}", f"{d:%m}", f"{d:%y}"), "MMDDYY": (f"{d:%m}", f"{d:%d}", f"{d:%y}"),
                   "YYDDMM": (f"{d:%y}", f"{d:%d}", f"{d:%m}"), "YYYYDDMM": (f"{d:%Y}", f"{d:%d}", f"{d:%m}")}
        for name, parts in formats.items():
            if command.has(name):
                args.put(name, separator.join(parts))
        if command.has("YYDDD"):
            args.put("YYDDD", f"{d:%y}{separator}{d.timetuple().tm_yday:03d}")
        if command.has("YYYYDDD"):
            args.put("YYYYDDD", f"{d:%Y}{separator}{d.timetuple().tm_yday:03d}")
        if command.has("TIME"):
            args.put("TIME", clock_sep.join((f"{d:%H}", f"{d:%M}", f"{d:%S}")))
        for name, value in (("YEAR", d.year), ("DAYOFMONTH", d.day), ("MONTHOFYEAR", d.month), ("DAYOFWEEK", (d.weekday() + 1) % 7),
                            ("DAYCOUNT", (d - EPOCH).days), ("MILLISECONDS", 0)):
            if command.has(name):
                args.put(name, value)
        if command.has("FULLDATE"):
            args.put("FULLDATE", f"{d:%Y}{separator}{d:%m}{separator}{d:%d}")

    def do_assign(self, command: Command, args: Args, eib: Eib, level: Level) -> None:
        values = {"USERID": self.scenario.get("userid", "TESTUSER"), "SYSID": "MZSY", "APPLID": "MZAPPLID", "OPID": "MZO",
                  "NETNAME": self.scenario.get("termid", "T001"), "FACILITY": self.scenario.get("termid", "T001"),
                  "PROGRAM": level.program, "STARTCODE": "TD", "ABCODE": self.outcome.get("abend") or "", "USERNAME": "TEST USER",
                  "TERMCODE": "\x91", "CWALENG": 0, "TWALENG": 0, "TCTUALENG": 0, "SCRNHT": 24, "SCRNWD": 80, "INVOKINGPROG": "",
                  "RETURNPROG": ""}
        for option in command.passed():
            if option.name in values:
                args.put(option.name, values[option.name])

    def do_inquire(self, command: Command, args: Args, eib: Eib, level: Level) -> str | None:
        """INQUIRE PROGRAM: installed when the estate's program is compiled into the run."""
        return None if args.text("PROGRAM").strip().upper() in self.spec.programs else "PGMIDERR"

    def channel(self, args: Args) -> dict[str, bytes]:
        name = args.text("CHANNEL").strip() if args.has("CHANNEL") else ""
        return self.channels.setdefault(name or "", {})

    def do_put(self, command: Command, args: Args, eib: Eib, level: Level) -> None:
        """PUT CONTAINER: the data into the (current or named) channel; a channel's containers are in the outcome."""
        self.channel(args)[args.text("CONTAINER").strip()] = args.data("FROM", args.length())

    def do_get(self, command: Command, args: Args, eib: Eib, level: Level) -> str | None:
        data = self.channel(args).get(args.text("CONTAINER").strip())
        if data is None:
            return "CONTAINERERR" if "CONTAINERERR" in CONDITIONS else "NOTFND"
        args.fill("INTO", data)
        for name in ("FLENGTH", "LENGTH"):
            if command.has(name):
                args.put(name, len(data))
        return None

    def do_bif(self, command: Command, args: Args, eib: Eib, level: Level) -> None:
        """BIF DEEDIT: the field's digits only, right-aligned with leading zeros (a sign and a point dropped)."""
        data = args.data("FIELD", args.length())
        digits = bytes(c for c in data if 48 <= c <= 57)
        args.fill("FIELD", digits.rjust(len(data), b"0") + args.data("FIELD")[len(data):])

    def do_enq(self, command: Command, args: Args, eib: Eib, level: Level) -> None:
        return None

    do_deq = do_delay = do_suspend = do_enq

    def do_start(self, command: Command, args: Args, eib: Eib, level: Level) -> None:
        self.outcome["starts"].append({"transid": args.text("TRANSID").strip(), "from": text(args.data("FROM", args.length()))
                                       if command.has("FROM") else None})

    def do_retrieve(self, command: Command, args: Args, eib: Eib, level: Level) -> str | None:
        data = self.scenario.get("retrieve")
        if data is None:
            return "ENDDATA"
        args.fill("INTO", raw(data))
        return None

    # the terminal ---------------------------------------------------------------------------------

    def aid(self, eib: Eib) -> str:
        return AID_NAMES.get(str(eib.get("EIBAID")), "ENTER")

    def aid_label(self, eib: Eib, level: Level) -> int:
        name = self.aid(eib)
        label = level.aids.get(name)
        if label is None and name not in ("ENTER", "CLEAR") and not name.startswith("PA"):
            label = level.aids.get("ANYKEY")
        return label or 0

    def do_receive(self, command: Command, args: Args, eib: Eib, level: Level) -> str | None:
        label = self.aid_label(eib, level)
        if command.has("MAP"):
            record = (command.option("INTO").argument or "").upper() if command.has("INTO") else ""  # type: ignore[union-attr]
            layout = self.spec.maps.get(record.split()[0] if record else "", [])
            given = self.map_input(args.text("MAP").strip())
            aid = self.aid(eib)
            typed = {k: v for k, v in given.items() if v != ""}
            if aid == "CLEAR" or aid.startswith("PA") or not typed:
                if label:
                    eib.set("EIBMZGO", label)
                    return None
                return "MAPFAIL"
            data = bytearray(len(args.data("INTO")))
            for item in layout:
                value = typed.get(item.name)
                if value is None:
                    continue
                chunk = raw(value)[: item.size]
                data[item.length_at : item.length_at + 2] = len(chunk).to_bytes(2, "big", signed=True)
                data[item.data_at : item.data_at + item.size] = chunk.ljust(item.size)
            args.fill("INTO", bytes(data))
        else:
            data = raw(str(self.scenario.get("terminal") or ""))
            args.fill("INTO", data)
            if command.has("LENGTH"):
                args.put("LENGTH", len(data))
        if label:
            eib.set("EIBMZGO", label)
        return None

    def map_input(self, name: str) -> dict[str, str]:
        maps = self.scenario.get("maps") or {}
        found = maps.get(name.upper()) or maps.get(name)
        if found is None and len(maps) == 1:
            found = next(iter(maps.values()))
        return {str(k).upper(): str(v) for k, v in (found or {}).items()}

    def do_send(self, command: Command, args: Args, eib: Eib, level: Level) -> None:
        flags = [flag for flag in SCREEN_FLAGS if command.has(flag)]
        if command.has("MAP"):
            screen: dict[str, Any] = {"map": args.text("MAP").strip(), "mapset": args.text("MAPSET").strip() if command.has("MAPSET") else None,
                                      "options": flags}
            if command.has("FROM"):
                record = (command.option("FROM").argument or "").upper().split()[0]  # type: ignore[union-attr]
                data = args.data("FROM")
                layout = self.spec.maps.get(record)
                if layout:
                    screen.update(screen_fields(layout, data))
                else:
                    screen["data"] = text(data.rstrip(b"\0"))
            self.outcome["screens"].append(screen)
        elif command.has("TEXT") or command.has("FROM"):
            self.outcome["texts"].append({"text": text(args.data("FROM", args.length())), "options": flags})
        else:
            self.outcome["screens"].append({"control": flags})

    # files ----------------------------------------------------------------------------------------

    def file_name(self, args: Args) -> str:
        return (args.text("FILE") if args.has("FILE") else args.text("DATASET")).strip().upper()

    def key_of(self, name: str, record: bytes, length: int) -> bytes:
        offset = self.key_offsets.get(name, 0)
        return record[offset : offset + length]

    def find(self, name: str, key: bytes, generic: bool, gteq: bool) -> int | None:
        records = self.files.get(name)
        if records is None:
            return None
        ordered = sorted(range(len(records)), key=lambda i: self.key_of(name, records[i], len(key)))
        for index in ordered:
            candidate = self.key_of(name, records[index], len(key))
            if candidate == key or (gteq and candidate > key):
                return index
        return None

    def request_key(self, command: Command, args: Args) -> tuple[bytes, bool]:
        key = args.data("RIDFLD")
        generic = command.has("GENERIC")
        if command.has("KEYLENGTH"):
            with contextlib.suppress(Exception):
                key = key[: int(args.value("KEYLENGTH"))]
        return key, generic

    def do_read(self, command: Command, args: Args, eib: Eib, level: Level) -> str | None:
        name = self.file_name(args)
        if name not in self.files:
            return "NOTFND" if self.scenario.get("files") is not None and name in (self.scenario.get("files") or {}) else "NOTFND"
        key, generic = self.request_key(command, args)
        index = self.find(name, key, generic, command.has("GTEQ"))
        if index is None:
            return "NOTFND"
        record = self.files[name][index]
        if command.has("INTO"):
            args.fill("INTO", record)
        if command.has("LENGTH"):
            args.put("LENGTH", len(record))
        if command.has("GTEQ") or generic:
            args.fill("RIDFLD", self.key_of(name, record, len(args.data("RIDFLD"))))
        if command.has("UPDATE"):
            self.locked[name] = self.key_of(name, record, len(key))
        return None

    def do_write(self, command: Command, args: Args, eib: Eib, level: Level) -> str | None:
        name = self.file_name(args)
        record = args.data("FROM", args.length())
        key = args.data("RIDFLD") if command.has("RIDFLD") else self.key_of(name, record, 8)
        records = self.files.setdefault(name, [])
        if any(self.key_of(name, r, len(key)) == key for r in records):
            return "DUPREC"
        records.append(record)
        return None

    def do_rewrite(self, command: Command, args: Args, eib: Eib, level: Level) -> str | None:
        name = self.file_name(args)
        key = self.locked.pop(name, None)
        if key is None:
            return "INVREQ"
        records = self.files.get(name, [])
        for index, existing in enumerate(records):
            if self.key_of(name, existing, len(key)) == key:
                records[index] = args.data("FROM", args.length())
                return None
        return "NOTFND"

    def do_delete(self, command: Command, args: Args, eib: Eib, level: Level) -> str | None:
        name = self.file_name(args)
        key = args.data("RIDFLD") if command.has("RIDFLD") else self.locked.pop(name, None)
        if key is None:
            return "INVREQ"
        records = self.files.get(name, [])
        kept = [r for r in records if self.key_of(name, r, len(key)) != key]
        if len(kept) == len(records):
            return "NOTFND"
        self.files[name] = kept
        return None

    def do_unlock(self, command: Command, args: Args, eib: Eib, level: Level) -> None:
        self.locked.pop(self.file_name(args), None)

    def browse_key(self, args: Args) -> tuple[str, str]:
        return self.file_name(args), args.text("REQID").strip() if args.has("REQID") else ""

    def do_startbr(self, command: Command, args: Args, eib: Eib, level: Level) -> str | None:
        name = self.file_name(args)
        key, _ = self.request_key(command, args)
        records = self.files.get(name, [])
        exact = command.has("EQUAL")
        found = any((self.key_of(name, r, len(key)) == key) if exact else (self.key_of(name, r, len(key)) >= key) for r in records)
        at_end = not exact and key.strip(b"\xff") == b"" and bool(records)  # HIGH-VALUES: positioned at the end, for READPREV
        if not found and not at_end:
            return "NOTFND"
        self.browses[self.browse_key(args)] = (key, False, 0)
        return None

    def do_resetbr(self, command: Command, args: Args, eib: Eib, level: Level) -> str | None:
        return self.do_startbr(command, args, eib, level)

    def do_endbr(self, command: Command, args: Args, eib: Eib, level: Level) -> str | None:
        return None if self.browses.pop(self.browse_key(args), None) is not None else "INVREQ"

    def step(self, command: Command, args: Args, forward: bool) -> str | None:
        where = self.browse_key(args)
        if where not in self.browses:
            return "INVREQ"
        name = where[0]
        position, started, _ = self.browses[where]
        records = sorted(self.files.get(name, []), key=lambda r: self.key_of(name, r, len(position)))
        keys = [self.key_of(name, r, len(position)) for r in records]
        if forward:
            candidates = [i for i, k in enumerate(keys) if (k > position if started else k >= position)]
            index = candidates[0] if candidates else None
        else:
            candidates = [i for i, k in enumerate(keys) if (k < position if started else k <= position)]
            index = candidates[-1] if candidates else None
        if index is None:
            return "ENDFILE"
        record = records[index]
        self.browses[where] = (keys[index], True, 1 if forward else -1)
        args.fill("INTO", record)
        if command.has("LENGTH"):
            args.put("LENGTH", len(record))
        args.fill("RIDFLD", self.key_of(name, record, len(args.data("RIDFLD"))))
        return None

    def do_readnext(self, command: Command, args: Args, eib: Eib, level: Level) -> str | None:
        return self.step(command, args, True)

    def do_readprev(self, command: Command, args: Args, eib: Eib, level: Level) -> str | None:
        return self.step(command, args, False)

    # queues ---------------------------------------------------------------------------------------

    def queue(self, args: Args) -> str:
        return (args.text("QUEUE") if args.has("QUEUE") else args.text("QNAME")).rstrip()

    def do_writeq(self, command: Command, args: Args, eib: Eib, level: Level) -> str | None:
        name = self.queue(args)
        data = args.data("FROM", args.length())
        queues = self.td if command.has("TD") else self.ts
        items = queues.setdefault(name, [])
        self.changed_queues.add(("td:" if command.has("TD") else "ts:") + name)
        if command.has("REWRITE"):
            number = int(args.value("ITEM") or 0)
            if not 0 < number <= len(items):
                return "ITEMERR"
            items[number - 1] = data
            return None
        items.append(data)
        if command.has("ITEM") and not command.has("TD"):
            args.put("ITEM", len(items))
        return None

    def do_readq(self, command: Command, args: Args, eib: Eib, level: Level) -> str | None:
        name = self.queue(args)
        if command.has("TD"):
            items = self.td.get(name)
            if items is None:
                return "QIDERR"
            if not items:
                return "QZERO"
            data = items.pop(0)
            self.changed_queues.add("td:" + name)
        else:
            items = self.ts.get(name)
            if items is None:
                return "QIDERR"
            cursor = getattr(self, "_ts_cursor", {})
            number = int(args.value("ITEM") or 0) if command.has("ITEM") and not command.has("NEXT") else cursor.get(name, 0) + 1
            if not 0 < number <= len(items):
                return "ITEMERR"
            cursor[name] = number
            self._ts_cursor = cursor
            data = items[number - 1]
            if command.has("NUMITEMS"):
                args.put("NUMITEMS", len(items))
        args.fill("INTO", data)
        if command.has("LENGTH"):
            args.put("LENGTH", len(data))
        return None

    def do_deleteq(self, command: Command, args: Args, eib: Eib, level: Level) -> str | None:
        name = self.queue(args)
        queues = self.td if command.has("TD") else self.ts
        if queues.pop(name, None) is None:
            return "QIDERR"
        self.changed_queues.add(("td:" if command.has("TD") else "ts:") + name)
        return None

    # the outcome ----------------------------------------------------------------------------------

    def result(self) -> dict[str, Any]:
        """The outcome document: what the task left behind, sorted, so it compares as text."""
        found = dict(self.outcome)
        found["files"] = {name: [text(r) for r in records] for name, records in sorted(self.files.items()) if records != self.original.get(name)}
        found["queues"] = {"ts": {n: [text(i) for i in self.ts.get(n, [])] for n in sorted(q[3:] for q in self.changed_queues if q[:3] == "ts:")},
                           "td": {n: [text(i) for i in self.td.get(n, [])] for n in sorted(q[3:] for q in self.changed_queues if q[:3] == "td:")}}
        containers = {f"{channel}/{name}" if channel else name: text(data) for channel, items in sorted(self.channels.items())
                      for name, data in sorted(items.items()) if (channel or self.original_containers.get(name) != data)}
        if containers:
            found["containers"] = containers
        if self.sql is not None:
            found["tables"] = json.loads(self.sql.dump())
        if self.problems:
            found["problems"] = self.problems
        return found


def screen_fields(layout: list[MapField], data: bytes) -> dict[str, Any]:
    """A sent map as a record: each field's data (low-values dropped, trailing blanks kept out),
    its attribute byte where one was set, and the field the cursor is put on (length -1)."""
    fields, attributes, cursor = {}, {}, None
    for item in layout:
        chunk = data[item.data_at : item.data_at + item.size]
        if chunk.strip(b"\0"):
            fields[item.name] = text(chunk.replace(b"\0", b" ")).rstrip()
        attribute = data[item.attribute_at : item.attribute_at + 1]
        if attribute and attribute != b"\0":
            attributes[item.name] = text(attribute)
        if data[item.length_at : item.length_at + 2] == b"\xff\xff" and cursor is None:
            cursor = item.name
    return {"fields": fields, "attributes": attributes, "cursor": cursor}


class Args:
    """The arguments of one call by option name: decoded, and written back into the reply."""

    def __init__(self, command: Command, params: list[Param], replies: list[bytes], base: int):
        self.index = {option.name: n for n, option in enumerate(command.passed()) if n < len(params)}
        self.params, self.replies, self.base = params, replies, base

    def has(self, name: str) -> bool:
        return name in self.index

    def data(self, name: str, length: int | None = None) -> bytes:
        if name not in self.index:
            return b""
        data = self.replies[self.base + self.index[name]]
        return data[:length] if length else data

    def text(self, name: str) -> str:
        return text(self.data(name))

    def value(self, name: str) -> Any:
        if name not in self.index:
            return None
        param = self.params[self.index[name]]
        return decode(Param(param.type, param.digits, param.scale, param.flags, self.data(name)))

    def length(self) -> int | None:
        for name in ("LENGTH", "FLENGTH"):
            with contextlib.suppress(Exception):
                if self.has(name):
                    value = self.value(name)
                    return int(value) if value is not None and int(value) > 0 else None
        return None

    def put(self, name: str, value: Any) -> None:
        if name not in self.index:
            return
        param = self.params[self.index[name]]
        if isinstance(value, str) and param.field().category != "numeric":
            self.fill(name, raw(value))
            return
        with contextlib.suppress(Exception):
            self.replies[self.base + self.index[name]] = encode(param, Decimal(value) if isinstance(value, int) else value)

    def fill(self, name: str, data: bytes) -> None:
        """Bytes into an argument, padded with blanks or cut to its size."""
        if name not in self.index:
            return
        size = len(self.params[self.index[name]].data)
        self.replies[self.base + self.index[name]] = data[:size].ljust(size)


def render(document: dict[str, Any]) -> bytes:
    """A scenario or outcome as the bytes its file holds: sorted keys, one field per line."""
    return (json.dumps(document, indent=1, sort_keys=True, ensure_ascii=True) + "\n").encode("ascii")
