"""VSAM KSDS files for the legacy run: indexed files loaded before a case and read back after it.

A batch program that reads a KSDS (``ORGANIZATION INDEXED``) cannot be fed the flat records a case
holds: GnuCOBOL opens such a file through its indexed handler (Berkeley DB here), whose files only
GnuCOBOL itself writes. So each indexed file of a program gets a tiny generated COBOL utility with
the same record length and the same keys (prime key, alternate keys with or without duplicates, at
the same offsets): before the run it loads the case's records into the indexed file (a duplicate
prime key is skipped, as IDCAMS REPRO would report it), after the run it reads the file back in key
order into flat records — the golden master, and what a replacement is given and must produce.
The utility is built once per key layout and runs in the same sandbox and run folder as the program.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from modernize.model import Module, Symbol
from modernize.testgen.records import Field, fields_from_symbols


@dataclass(frozen=True)
class Key:
    """A key of an indexed file: where it lies in the record."""

    offset: int
    length: int
    duplicates: bool = False


@dataclass(frozen=True)
class IndexedFile:
    """An indexed file a program opens: its record length and keys (the prime key first)."""

    ddname: str
    length: int
    keys: tuple[Key, ...]

    @property
    def spec(self) -> str:
        """What the utility depends on: one build per distinct record length and key layout."""
        return f"{self.length}:" + ",".join(f"{k.offset}+{k.length}{'d' if k.duplicates else ''}" for k in self.keys)

    def to_dict(self) -> dict[str, Any]:
        return {"length": self.length, "keys": [[k.offset, k.length, k.duplicates] for k in self.keys]}

    @classmethod
    def from_dict(cls, ddname: str, data: dict[str, Any]) -> IndexedFile:
        return cls(ddname, int(data["length"]), tuple(Key(int(o), int(n), bool(d)) for o, n, d in data["keys"]))


def find(item: Field, name: str) -> Field | None:
    if item.name == name:
        return item
    for child in item.children:
        found = find(child, name)
        if found is not None:
            return found
    return None


def key_field(module: Module, symbol: Symbol, name: str) -> Field | None:
    """The key's field in one of the file's records (a key need not be in the first)."""
    for record in symbol.records:
        try:
            found = find(fields_from_symbols(module.symbols, record), name)
        except KeyError:
            continue
        if found is not None:
            return found
    return None


def indexed_files(module: Module) -> dict[str, IndexedFile]:
    """DD name -> the indexed file, for each INDEXED file of the program whose keys the layout places."""
    found = {}
    for symbol in module.symbols:
        attributes = symbol.attributes
        if symbol.kind != "file" or attributes.get("organization") != "INDEXED" or not symbol.ddname or not attributes.get("record_key"):
            continue
        length = attributes.get("record_length") or 0
        names = [(attributes["record_key"], False), *((name, bool(dups)) for name, dups in attributes.get("alternate_keys") or ())]
        keys = []
        for name, duplicates in names:
            item = key_field(module, symbol, name)
            if item is None or item.length <= 0:
                break
            keys.append(Key(item.offset, item.length, duplicates))
        if length and len(keys) == len(names) and all(k.offset + k.length <= length for k in keys):
            found[symbol.ddname] = IndexedFile(symbol.ddname, length, tuple(keys))
    return found


def utility_source(file: IndexedFile) -> str:
    """The load/unload utility for one key layout (free format). MZ-MODE LOAD: SEQFILE's flat
    records into KEYFILE; otherwise KEYFILE in key order out to SEQFILE."""
    keys = [f"KEY-{index}" for index in range(len(file.keys))]
    clauses = [f"RECORD KEY IS {keys[0]}"] + [f"ALTERNATE RECORD KEY IS {name}{' WITH DUPLICATES' if key.duplicates else ''}"
                                                for name, key in zip(keys[1:], file.keys[1:], strict=True)]
    layouts = []
    for index, key in enumerate(file.keys):
        layouts.append(f"01 KEY-R{index}.")
        if key.offset:
            layouts.append(f"   05 FILLER PIC X({key.offset}).")
        layouts.append(f"   05 KEY-{index} PIC X({key.length}).")
    lines = [
        "IDENTIFICATION DIVISION.",
        "PROGRAM-ID. MZKSDS.",
        "ENVIRONMENT DIVISION.",
        "INPUT-OUTPUT SECTION.",
        "FILE-CONTROL.",
        "    SELECT SEQ-FILE ASSIGN TO SEQFILE ORGANIZATION IS SEQUENTIAL FILE STATUS IS SEQ-STATUS.",
        "    SELECT KEY-FILE ASSIGN TO KEYFILE ORGANIZATION IS INDEXED ACCESS MODE IS DYNAMIC",
        *(f"        {clause}" for clause in clauses),
        "        FILE STATUS IS KEY-STATUS.",
        "DATA DIVISION.",
        "FILE SECTION.",
        "FD SEQ-FILE.",
        f"01 SEQ-REC PIC X({file.length}).",
        "FD KEY-FILE.",
        f"01 KEY-REC PIC X({file.length}).",
        *layouts,
        "WORKING-STORAGE SECTION.",
        "01 SEQ-STATUS PIC XX.",
        "01 KEY-STATUS PIC XX.",
        "01 MZ-MODE PIC X(8).",
        "PROCEDURE DIVISION.",
        "    ACCEPT MZ-MODE FROM ENVIRONMENT 'MZ_MODE'",
        "    IF MZ-MODE = 'LOAD'",
        "        OPEN INPUT SEQ-FILE OUTPUT KEY-FILE",
        "        PERFORM UNTIL SEQ-STATUS NOT = '00'",
        "            READ SEQ-FILE",
        "                AT END CONTINUE",
        "                NOT AT END WRITE KEY-REC FROM SEQ-REC INVALID KEY CONTINUE END-WRITE",
        "            END-READ",
        "        END-PERFORM",
        "    ELSE",
        "        OPEN INPUT KEY-FILE OUTPUT SEQ-FILE",
        "        PERFORM UNTIL KEY-STATUS NOT = '00'",
        "            READ KEY-FILE NEXT RECORD",
        "                AT END CONTINUE",
        "                NOT AT END WRITE SEQ-REC FROM KEY-REC",
        "            END-READ",
        "        END-PERFORM",
        "    END-IF",
        "    CLOSE SEQ-FILE KEY-FILE",
        "    STOP RUN.",
    ]
    return "\n".join(lines) + "\n"


def utility_name(file: IndexedFile) -> str:
    return f"ksds-{hashlib.sha256(file.spec.encode()).hexdigest()[:12]}"


def whole_records(data: bytes, length: int) -> bytes:
    """The case's records cut to whole records: a short tail cannot be a KSDS record."""
    return data[: len(data) - len(data) % length] if length else b""


def seq_path(directory: Path, ddname: str) -> Path:
    return directory / f"{ddname}.seq"
