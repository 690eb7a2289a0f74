"""Data layouts: byte offset and length of every data item, as IBM Enterprise COBOL lays them out.

Record codecs, interface documents and the generated tests all rely on these numbers, so they are
checked against GnuCOBOL (``LENGTH OF``) in the tests. Binary items follow IBM's sizes (2/4/8 bytes
by digits); pointers are 4 bytes (31-bit addressing). SYNCHRONIZED slack bytes are not added.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from modernize.parsers.cobol.ast import DataEntry

RE_REPEAT = re.compile(r"(.)\((\d+)\)")
# Native binary of a fixed size (GnuCOBOL's BINARY-CHAR … BINARY-DOUBLE; BINARY-C-LONG is a 64-bit C long here).
NATIVE_BINARY = {"BINARY-CHAR": 1, "BINARY-SHORT": 2, "BINARY-LONG": 4, "BINARY-DOUBLE": 8}
# Their digits: as many as every value has room for, signed (99 in a BINARY-CHAR, 999 999 999 in a BINARY-LONG).
NATIVE_DIGITS = {usage: len(str(2 ** (8 * size - 1))) - 1 for usage, size in NATIVE_BINARY.items()}
FIXED_SIZES = {"COMP-1": 4, "COMP-2": 8, "POINTER": 4, "PROCEDURE-POINTER": 8, "FUNCTION-POINTER": 4, "INDEX": 4, **NATIVE_BINARY}


@dataclass(frozen=True, slots=True)
class PictureInfo:
    category: str  # numeric, alphanumeric, alphabetic, numeric-edited, alphanumeric-edited, national, dbcs
    characters: int  # character positions (display size without a separate sign)
    digits: int
    scale: int  # digits after the implied decimal point
    signed: bool


def expand_picture(picture: str) -> str:
    return RE_REPEAT.sub(lambda m: m.group(1) * min(int(m.group(2)), 1_000_000), picture.upper())


@functools.lru_cache(maxsize=8192)
def picture_info(picture: str) -> PictureInfo:
    expanded = expand_picture(picture)
    signed = "S" in expanded
    body = expanded.replace("S", "")
    characters = 0
    digits = 0
    scale = 0
    after_point = False
    edited = False
    kinds = set()
    for ch in body:
        if ch == "V":
            after_point = True
            continue
        if ch == "P":
            digits += 1
            continue
        characters += 1
        if ch == "9":
            digits += 1
            if after_point:
                scale += 1
            kinds.add("9")
        elif ch in "XA" or ch in "NG":
            kinds.add(ch)
        else:
            edited = True
            if ch in "Z*":
                digits += 1
                if after_point:
                    scale += 1
            if ch == ".":
                after_point = True
    if "N" in kinds:
        category = "national"
    elif "G" in kinds:
        category = "dbcs"
    elif edited and "X" not in kinds and "A" not in kinds:
        category = "numeric-edited"
    elif edited:
        category = "alphanumeric-edited"
    elif kinds == {"9"}:
        category = "numeric"
    elif kinds == {"A"}:
        category = "alphabetic"
    else:
        category = "alphanumeric"
    return PictureInfo(category, characters, digits, scale, signed)


def binary_size(digits: int) -> int:
    if digits <= 4:
        return 2
    if digits <= 9:
        return 4
    return 8


_SIZES: dict[tuple[str | None, str | None, bool], int] = {}  # (usage, picture, sign separate) -> bytes: a few hundred kinds in an estate


def elementary_size(entry: DataEntry) -> int:
    """The bytes of an elementary item, asked for every item of every program (kept by kind)."""
    key = (entry.usage, entry.picture, entry.sign_separate)
    size = _SIZES.get(key)
    if size is None:
        size = _elementary_size(entry)
        if len(_SIZES) < 100_000:
            _SIZES[key] = size
    return size


def _elementary_size(entry: DataEntry) -> int:
    usage = entry.usage or "DISPLAY"
    if usage in FIXED_SIZES:
        return FIXED_SIZES[usage]
    if not entry.picture:
        return 0
    info = picture_info(entry.picture)
    if usage in ("COMP", "COMP-5"):
        return binary_size(info.digits)
    if usage == "COMP-3":
        return info.digits // 2 + 1
    if usage == "COMP-X":
        return max(1, (info.characters + 1) // 2) if info.category == "alphanumeric" else max(1, (info.digits * 10 // 24) + 1)
    if usage in ("NATIONAL", "DISPLAY-1") or info.category in ("national", "dbcs"):
        return info.characters * 2
    return info.characters + (1 if entry.sign_separate else 0)


def inherit_usage(entry: DataEntry, usage: str | None) -> None:
    """A USAGE on a group applies to every elementary item below it."""
    if entry.usage is None:
        entry.usage = usage
    for child in entry.children:
        inherit_usage(child, entry.usage)


def lay_out(entry: DataEntry, offset: int = 0) -> int:
    """Assign offsets and lengths below ``entry``; return its total size (all occurrences)."""
    entry.offset = offset
    if entry.children:
        cursor = offset
        end = offset
        siblings: dict[str, DataEntry] = {}
        for child in entry.children:
            if child.level in (66, 88):
                continue
            start = cursor
            if child.redefines and child.redefines in siblings:
                start = siblings[child.redefines].offset
            size = lay_out(child, start)
            end = max(end, start + size)
            # A REDEFINES larger than what it redefines (an error for IBM below level 01) pushes the
            # next item out, as GnuCOBOL does.
            cursor = start + size if not child.redefines else max(cursor, start + size)
            siblings[child.name] = child
        entry.length = end - offset
    else:
        entry.length = elementary_size(entry)
    return entry.length * (entry.occurs_max or 1)


def lay_out_records(records: list[DataEntry], fragment: bool = False) -> None:
    """Lay out every level-01/77 record (each starts at offset 0; REDEFINES shares the storage).

    A copybook ``fragment`` that starts below level 01 (05-level items copied into a group) is laid
    out as one group, so its items get offsets relative to the first one.
    """
    if fragment and records and records[0].level not in (1, 77, 66, 88):
        group = DataEntry(level=0, name="", li=records[0].li, section=records[0].section, children=list(records))
        inherit_usage(group, None)
        lay_out(group, 0)
        return
    for record in records:
        if record.level in (66, 78):
            continue  # RENAMES and level-78 constants (Micro Focus) take no storage of their own
        inherit_usage(record, None)
        lay_out(record, 0)
