"""JSON Schema (2020-12, as OpenAPI 3.1 uses it) of COBOL record layouts and Db2 table rows.

A contract for a replacement has to say what the legacy interface holds byte for byte, so every
schema keeps the layout beside the types: ``x-cobol-offset`` (from the record's start),
``x-cobol-length`` (bytes of one occurrence), ``x-cobol-picture`` and ``x-cobol-usage``. The
mapping, which the values testgen's record codec decodes validate against:

- a group is an ``object``, its items in order, FILLER left out, ``additionalProperties: false``;
- alphanumeric (and numeric-edited, alphabetic, national) is a ``string`` with ``maxLength``;
- numeric is an ``integer`` (no decimals) or a ``number`` with ``multipleOf`` 10^-scale, with
  ``minimum``/``maximum`` from the digits and the sign (an unsigned item is at least 0);
- OCCURS is an ``array`` with ``maxItems`` (``minItems`` the OCCURS minimum under DEPENDING ON);
- 88-levels are ``x-cobol-conditions`` (name -> values as written) and, where every value is a
  single literal (no THRU range, no HIGH-/LOW-VALUES), also an ``enum`` of the values as the record
  holds them (alphanumeric padded to the item's length);
- REDEFINES is an extension, not ``oneOf``: the redefining item is one more optional property with
  ``x-cobol-redefines`` naming the item whose bytes it reads again. Both views are read from the same
  bytes and nothing in the record says which one holds, so a decoded record carries both and
  ``oneOf`` would reject it.

Numbers with decimals are exact in the record; a validator should read them as decimals (JSON
numbers parsed to ``Decimal``), as binary floating point cannot check ``multipleOf: 0.01`` exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from modernize.model import Layout, Symbol

NUMERIC_USAGES = ("COMP", "COMP-4", "BINARY", "COMP-5", "COMP-3", "PACKED-DECIMAL")
FLOAT_USAGES = ("COMP-1", "COMP-2")
FIGURATIVE_ZERO = ("ZERO", "ZEROS", "ZEROES")
FIGURATIVE_SPACE = ("SPACE", "SPACES")
EXACT_DIGITS = 15  # a bound with more significant digits is no exact float: say it as a power of ten


@dataclass
class Item:
    """A data item of a record with the items under it, in the order they are declared."""

    name: str
    layout: Layout
    children: list[Item] = field(default_factory=list)


def record_item(symbols: list[Symbol], record: str) -> Item | None:
    """The tree of one level-01 (or 77) record among a module's data symbols; None when absent."""
    root: Item | None = None
    stack: list[Item] = []
    for symbol in symbols:
        if symbol.kind != "data" or symbol.layout.level in (66, 78, 88):
            continue
        item = Item(symbol.name, symbol.layout)
        if item.layout.level in (1, 77):
            if root is not None:
                break
            if symbol.name == record:
                root, stack = item, [item]
            continue
        if root is None:
            continue
        while stack and stack[-1].layout.level >= item.layout.level:
            stack.pop()
        if not stack:
            break
        stack[-1].children.append(item)
        stack.append(item)
    return root


def record_schema(symbols: list[Symbol], record: str) -> dict[str, Any] | None:
    """The JSON Schema of a record's value (what the codec decodes under the record's name)."""
    root = record_item(symbols, record)
    return None if root is None else item_schema(root)


def item_schema(item: Item) -> dict[str, Any]:
    layout = item.layout
    schema = group_schema(item) if item.children else elementary_schema(layout)
    cobol = {"x-cobol-offset": layout.offset, "x-cobol-length": layout.length, "x-cobol-picture": layout.picture,
             "x-cobol-usage": layout.usage, "x-cobol-redefines": layout.redefines}
    cobol = {key: value for key, value in cobol.items() if value is not None}
    if isinstance(layout.occurs, int):
        bound = layout.occurs_min if layout.occurs_min is not None else (0 if layout.depending_on else layout.occurs)
        array: dict[str, Any] = {"type": "array", "items": schema, "minItems": bound, "maxItems": layout.occurs, **cobol,
                                 "x-cobol-occurs": layout.occurs}
        if layout.depending_on:
            array["x-cobol-depending-on"] = layout.depending_on
        return array
    return {**schema, **cobol}


def group_schema(item: Item) -> dict[str, Any]:
    children = [child for child in item.children if child.name not in ("FILLER", "")]
    return {
        "type": "object",
        "properties": {child.name: item_schema(child) for child in children},
        "required": [child.name for child in children if not child.layout.redefines],
        "additionalProperties": False,
    }


def is_numeric(layout: Layout) -> bool:
    return layout.category == "numeric" or (layout.usage or "") in NUMERIC_USAGES


def elementary_schema(layout: Layout) -> dict[str, Any]:
    usage = layout.usage or ""
    if usage in FLOAT_USAGES:
        schema: dict[str, Any] = {"type": "number", "format": "float" if usage == "COMP-1" else "double"}
    elif is_numeric(layout):
        schema = numeric_schema(layout.digits, max(layout.scale, 0), layout.signed)
    else:
        schema = {"type": "string"}
        if layout.length is not None:  # a PL/I item of unknown size has none
            schema["maxLength"] = layout.length // 2 if layout.category == "national" else layout.length
        if layout.category == "alphabetic":
            schema["pattern"] = "^[A-Za-z ]*$"
    if layout.conditions:
        schema["x-cobol-conditions"] = {name: list(values) for name, values in layout.conditions.items()}
        allowed = enum(layout)
        if allowed is not None:
            schema["enum"] = allowed
    return schema


def numeric_schema(digits: int, scale: int, signed: bool) -> dict[str, Any]:
    """A number of ``digits`` digits, ``scale`` of them decimals: its type, step and range."""
    if not scale:
        top = 10 ** digits - 1 if digits else None
        bounds = {} if top is None else {"minimum": -top if signed else 0, "maximum": top}
        return {"type": "integer", **bounds}
    schema: dict[str, Any] = {"type": "number", "multipleOf": number(Decimal(1).scaleb(-scale))}
    if digits <= EXACT_DIGITS:
        top = number((Decimal(10) ** digits - 1).scaleb(-scale))
        return {**schema, "minimum": -top if signed else 0, "maximum": top}
    limit = 10 ** (digits - scale)
    low = {"exclusiveMinimum": -limit} if signed else {"minimum": 0}
    return {**schema, **low, "exclusiveMaximum": limit}


def number(value: Decimal) -> int | float:
    """A Decimal as the JSON number a YAML or JSON writer prints (an int where it is whole)."""
    return int(value) if value == value.to_integral_value() else float(value)


def enum(layout: Layout) -> list[Any] | None:
    """The values the 88-levels name, as the decoded record holds them; None where one is a range or
    a value JSON cannot say as the record does (HIGH-VALUES, ALL 'x')."""
    values: list[Any] = []
    for written in layout.conditions.values():
        if any(word.upper() in ("THRU", "THROUGH") for word in written):
            return None
        for literal in written:
            value = condition_value(layout, literal)
            if value is None:
                return None
            if value not in values:
                values.append(value)
    return values or None


def condition_value(layout: Layout, literal: str) -> Any:
    word = literal.upper()
    if is_numeric(layout):
        if word in FIGURATIVE_ZERO:
            return 0
        try:
            value = Decimal(literal)
        except ArithmeticError:
            return None
        return number(value)
    length = (layout.length or 0) // (2 if layout.category == "national" else 1)
    if word in FIGURATIVE_SPACE:
        return " " * length
    if word in FIGURATIVE_ZERO:
        return "0" * length
    if len(literal) >= 2 and literal[0] == literal[-1] and literal[0] in "'\"":
        literal = literal[1:-1]
    elif word.startswith(("HIGH-VALUE", "LOW-VALUE", "ALL ", "QUOTE", "NULL")):
        return None
    return literal[:length].ljust(length)


SQL_INTEGERS = {"SMALLINT": 2 ** 15, "INTEGER": 2 ** 31, "BIGINT": 2 ** 63}
SQL_FORMATS = {"DATE": "date", "TIME": "time", "TIMESTAMP": "date-time"}


def column_schema(attributes: dict[str, Any]) -> dict[str, Any]:
    """The JSON Schema of one Db2 column from the DDL (type, length, scale, nullable)."""
    kind = str(attributes.get("type") or "").upper()
    length, scale = attributes.get("length"), attributes.get("scale") or 0
    if kind in SQL_INTEGERS:
        schema: dict[str, Any] = {"type": "integer", "minimum": -SQL_INTEGERS[kind], "maximum": SQL_INTEGERS[kind] - 1}
    elif kind == "DECIMAL":
        schema = numeric_schema(int(length or 5), int(scale), True)
    elif kind in ("FLOAT", "REAL", "DOUBLE", "DECFLOAT"):
        schema = {"type": "number"}
    elif kind in SQL_FORMATS:
        schema = {"type": "string", "format": SQL_FORMATS[kind]}
    else:
        schema = {"type": "string", **({"maxLength": int(length)} if isinstance(length, int) else {})}
    if attributes.get("nullable", True):
        schema["type"] = [schema["type"], "null"]
    return {**schema, "x-db2-type": kind + (f"({length}{f',{scale}' if scale else ''})" if length else "")}


def table_schema(columns: list[Symbol]) -> dict[str, Any]:
    """A row of a Db2 table: its columns in order, the NOT NULL ones required."""
    return {
        "type": "object",
        "properties": {column.name: column_schema(column.attributes) for column in columns},
        "required": [column.name for column in columns if not column.attributes.get("nullable", True)],
        "additionalProperties": False,
    }
