"""Record codecs: encode and decode fixed-length records from a COBOL data layout.

Generated characterization tests import this module to build input records and read output records
of legacy programs: alphanumeric, zoned decimal with sign overpunch, SIGN SEPARATE, COMP-3, COMP /
BINARY (big-endian), COMP-5, OCCURS, OCCURS DEPENDING ON and REDEFINES, in ASCII or an EBCDIC code
page. The layout comes from the facts (a Module's data symbols: offsets and lengths computed by the
COBOL front end), so the codec and the documents agree byte for byte.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from modernize.model import Layout, Symbol

EBCDIC = ("cp037", "cp1140", "cp500", "cp273", "cp1047")
NUMERIC_CATEGORIES = ("numeric",)
# Binary integers: COMP (BINARY) big-endian as IBM stores it, the native ones in the machine's order.
BINARY_USAGES = frozenset({"COMP", "COMP-5", "BINARY-CHAR", "BINARY-SHORT", "BINARY-LONG", "BINARY-DOUBLE"})
POSITIVE_OVERPUNCH = "{ABCDEFGHI"
NEGATIVE_OVERPUNCH = "}JKLMNOPQR"


@dataclass
class Field:
    """One item of a record layout as the codec walks it: a data item's layout with its children."""

    name: str
    level: int
    offset: int
    length: int
    picture: str | None = None
    usage: str = "DISPLAY"
    category: str = "alphanumeric"
    digits: int = 0
    scale: int = 0
    signed: bool = False
    sign: str | None = None
    sign_separate: bool = False
    occurs: int | None = None
    depending_on: str | None = None
    redefines: str | None = None
    children: list[Field] = field(default_factory=list)

    @property
    def is_group(self) -> bool:
        return bool(self.children)

    @property
    def filler(self) -> bool:
        return self.name in ("FILLER", "")

    @classmethod
    def from_layout(cls, name: str, layout: Layout) -> Field:
        """The field of a data item from its layout in the facts (a COBOL item: the PL/I and Natural
        front ends lay out no USAGE or picture categories). USAGE DISPLAY, left out of the facts,
        is made explicit."""
        return cls(
            name=name, level=layout.level, offset=layout.offset or 0, length=layout.length or 0, picture=layout.picture,
            usage=layout.usage or "DISPLAY", category=layout.category or "alphanumeric", digits=layout.digits, scale=layout.scale,
            signed=layout.signed, sign=layout.sign, sign_separate=layout.sign_separate,
            occurs=layout.occurs if isinstance(layout.occurs, int) else None, depending_on=layout.depending_on, redefines=layout.redefines,
        )


def fields_from_symbols(symbols: list[Symbol], record: str) -> Field:
    """The field tree of one record (a level-01 name) from a module's data symbols. Layouts are
    built for that record's items only (building every item's was seconds of a large estate's tests)."""
    data = [symbol for symbol in symbols if symbol.kind == "data"]
    start = next((index for index, symbol in enumerate(data) if symbol.name == record and symbol.layout.level in (1, 77)), None)
    if start is None:
        raise KeyError(f"no record {record} in the layout")
    root = Field.from_layout(record, data[start].layout)
    stack = [root]
    for symbol in data[start + 1 :]:
        layout = symbol.layout
        if layout.level in (66, 78, 88):
            continue
        if layout.level in (1, 77):
            break
        item = Field.from_layout(symbol.name, layout)
        while stack and stack[-1].level >= item.level:
            stack.pop()
        if not stack:
            break
        stack[-1].children.append(item)
        stack.append(item)
    return root


class RecordCodec:
    """Encode/decode one record layout in one encoding (``ascii`` or an EBCDIC code page)."""

    def __init__(self, root: Field, encoding: str = "cp037", binary_byteorder: str = "big", native_byteorder: str = "big",
                 sign_convention: str = "mainframe"):
        """``sign_convention`` for ASCII zoned decimals: ``mainframe`` (overpunch letters {A-I }J-R,
        as in extracts converted from EBCDIC) or ``gnucobol`` (negative digits 0x70-0x79)."""
        self.root = root
        self.encoding = encoding
        self.sign_convention = sign_convention
        self.ebcdic = encoding in EBCDIC
        self.binary_byteorder = binary_byteorder
        self.native_byteorder = native_byteorder
        self.length = root.length * (root.occurs or 1)

    @classmethod
    def from_module(cls, module: Any, record: str, **options: Any) -> RecordCodec:
        return cls(fields_from_symbols(module.symbols, record.upper()), **options)

    # decoding ------------------------------------------------------------------------------

    def decode(self, data: bytes) -> dict[str, Any]:
        if len(data) < self.length:
            data = data + self.blank(self.length - len(data))
        return {self.root.name: self.decode_item(self.root, data, 0, {})}

    def decode_item(self, item: Field, data: bytes, base: int, seen: dict[str, Any]) -> Any:
        def one(offset: int) -> Any:
            if item.is_group:
                out: dict[str, Any] = {}
                for child in item.children:
                    if child.filler:
                        continue
                    value = self.decode_item(child, data, offset + (child.offset - item.offset), seen)
                    out[child.name] = value
                    seen[child.name] = value
                return out
            return self.decode_elementary(item, data[offset : offset + item.length])

        start = base
        if item.occurs:
            count = item.occurs
            if item.depending_on and isinstance(seen.get(item.depending_on), (int, Decimal)):
                count = max(0, min(item.occurs, int(seen[item.depending_on])))
            return [one(start + i * item.length) for i in range(count)]
        return one(start)

    def decode_elementary(self, item: Field, raw: bytes) -> Any:
        usage = item.usage or "DISPLAY"
        if usage == "COMP-3":
            return unpack_decimal(raw, item.scale)
        if usage in BINARY_USAGES:
            order = self.binary_byteorder if usage == "COMP" else self.native_byteorder
            return scaled(int.from_bytes(raw, order, signed=item.signed), item.scale)
        if item.category in NUMERIC_CATEGORIES:
            return self.decode_zoned(item, raw)
        text = raw.decode(self.encoding, errors="replace")
        return text

    def decode_zoned(self, item: Field, raw: bytes) -> Decimal:
        body = raw
        negative = False
        if item.sign_separate:
            sign_byte = raw[:1] if item.sign == "LEADING" else raw[-1:]
            body = raw[1:] if item.sign == "LEADING" else raw[:-1]
            negative = sign_byte.decode(self.encoding) == "-"
        digits = []
        for index, byte in enumerate(body):
            carries = item.signed and not item.sign_separate and index == (0 if item.sign == "LEADING" else len(body) - 1)
            if self.ebcdic:
                zone, digit = byte >> 4, byte & 0x0F
                if carries and zone in (0xB, 0xD):
                    negative = True
            else:
                char = chr(byte)
                if carries and 0x70 <= byte <= 0x79:
                    negative, digit = True, byte - 0x70
                elif carries and char in NEGATIVE_OVERPUNCH:
                    negative, digit = True, NEGATIVE_OVERPUNCH.index(char)
                elif carries and char in POSITIVE_OVERPUNCH:
                    digit = POSITIVE_OVERPUNCH.index(char)
                else:
                    digit = byte - 0x30 if 0x30 <= byte <= 0x39 else 0
            digits.append(str(min(digit, 9)))
        value = int("".join(digits) or "0")
        return scaled(-value if negative else value, item.scale)

    # encoding ------------------------------------------------------------------------------

    def blank(self, length: int) -> bytes:
        return (" " * length).encode(self.encoding)

    def encode(self, values: dict[str, Any]) -> bytes:
        buffer = bytearray(self.default(self.root))
        record = values.get(self.root.name, values)
        if isinstance(record, dict) and not self.root.is_group:
            return bytes(buffer)  # an elementary record (PIC X(80)) given no value: its default, never the text "{}"
        self.encode_item(self.root, record, buffer, 0)
        return bytes(buffer)

    def default(self, item: Field) -> bytes:
        """Spaces for alphanumeric, zeros for numeric items: what INITIALIZE would give."""
        buffer = bytearray(self.blank(item.length * (item.occurs or 1)))
        self.fill_defaults(item, buffer, 0)
        return bytes(buffer)

    def fill_defaults(self, item: Field, buffer: bytearray, base: int) -> None:
        for i in range(item.occurs or 1):
            start = base + i * item.length
            if item.is_group:
                for child in item.children:
                    if not child.redefines:
                        self.fill_defaults(child, buffer, start + child.offset - item.offset)
            elif item.category in NUMERIC_CATEGORIES or item.usage not in ("DISPLAY", "NATIONAL", None):
                buffer[start : start + item.length] = self.encode_elementary(item, 0)

    def encode_item(self, item: Field, value: Any, buffer: bytearray, base: int) -> None:
        if value is None:
            return
        if item.occurs:
            for i, element in enumerate(list(value)[: item.occurs]):
                self.encode_one(item, element, buffer, base + i * item.length)
            return
        self.encode_one(item, value, buffer, base)

    def encode_one(self, item: Field, value: Any, buffer: bytearray, start: int) -> None:
        if item.is_group:
            if not isinstance(value, dict):
                raise TypeError(f"{item.name} is a group: give a dict of its items")
            for child in item.children:
                if child.name in value:
                    self.encode_item(child, value[child.name], buffer, start + child.offset - item.offset)
            return
        buffer[start : start + item.length] = self.encode_elementary(item, value)

    def encode_elementary(self, item: Field, value: Any) -> bytes:
        usage = item.usage or "DISPLAY"
        if usage == "COMP-3":
            return pack_decimal(to_unscaled(value, item.scale), item.length, item.signed)
        if usage in BINARY_USAGES:
            order = self.binary_byteorder if usage == "COMP" else self.native_byteorder
            number = to_unscaled(value, item.scale)
            if not item.signed:
                number = abs(number)
            return number.to_bytes(item.length, order, signed=item.signed)
        if item.category in NUMERIC_CATEGORIES:
            return self.encode_zoned(item, to_unscaled(value, item.scale))
        return str(value)[: item.length].ljust(item.length).encode(self.encoding, errors="replace")

    def encode_zoned(self, item: Field, number: int) -> bytes:
        negative = number < 0 and item.signed
        size = item.length - (1 if item.sign_separate else 0)
        digits = str(abs(number)).rjust(size, "0")[-size:]
        if item.sign_separate:
            sign = "-" if negative else "+"
            text = sign + digits if item.sign == "LEADING" else digits + sign
            return text.encode(self.encoding)
        raw = bytearray(digits.encode(self.encoding))
        if item.signed:
            index = 0 if item.sign == "LEADING" else len(raw) - 1
            digit = int(digits[index])
            if self.ebcdic:
                raw[index] = (0xD0 if negative else 0xC0) | digit
            elif self.sign_convention == "mainframe":
                raw[index] = ord((NEGATIVE_OVERPUNCH if negative else POSITIVE_OVERPUNCH)[digit])
            elif negative:
                raw[index] = 0x70 + digit
        return bytes(raw)


def scaled(number: int, scale: int) -> Decimal | int:
    return Decimal(number).scaleb(-scale) if scale else number


def to_unscaled(value: Any, scale: int) -> int:
    """A numeric field's value as an integer of its digits; a value that is no number counts as zero
    (a case's values go by field name, and two fields of one name in a group, one of them not numeric,
    share one value: ACAS's pl010 has two called USING)."""
    try:
        return int((Decimal(str(value)) * (Decimal(10) ** scale)).to_integral_value())
    except (InvalidOperation, ValueError):
        return 0


def pack_decimal(number: int, length: int, signed: bool) -> bytes:
    digits = str(abs(number)).rjust(length * 2 - 1, "0")[-(length * 2 - 1):]
    sign = (0xD if number < 0 else 0xC) if signed else 0xF
    nibbles = [int(d) for d in digits] + [sign]
    return bytes((nibbles[i] << 4) | nibbles[i + 1] for i in range(0, len(nibbles), 2))


def unpack_decimal(raw: bytes, scale: int) -> Decimal | int:
    nibbles = [n for byte in raw for n in (byte >> 4, byte & 0x0F)]
    sign = nibbles.pop() if nibbles else 0xC
    number = int("".join(str(min(n, 9)) for n in nibbles) or "0")
    return scaled(-number if sign in (0xB, 0xD) else number, scale)
