"""Inputs that reach a business rule: chosen by walking back from the condition.

A batch program checks its input in order and stops at the first check that fails, so a case
built only for one rule usually ends at an earlier one. Here every case starts from a *valid*
record per input file — an estate sample record of the same length when there is one (real data
passes checks no layout can explain, an eleven-test on a BSN), then each input field a guard
``IF NOT <condition>`` tests set to its condition's value, and fields two files are matched on
(``PERS-BSN = AI-BSN``) made equal — and changes only the fields the rule tests: once so that
the rule's condition (an 88-level, a literal, ZERO/SPACES) holds, once so that it does not.
88-levels on input record fields count as input conditions, figurative values included, and so do
those on a working-storage field MOVEd from an input field (the MOVE is walked back to the input).
Which cases really reach their rule is measured afterwards (``coverage``), not assumed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from modernize.model import BusinessRule, Module, SourceFile
from modernize.testgen.records import EBCDIC, Field, RecordCodec

ZEROS = ("ZERO", "ZEROS", "ZEROES")
SPACES = ("SPACE", "SPACES")
SAMPLE_LIMIT = 1 << 20  # estate data files larger than this are not read as samples
SAMPLE_RECORDS = 200  # a case is small: every statement it runs is traced, and its outputs are a golden master


@dataclass(frozen=True)
class InputField:
    """An elementary field of an input record: where it is and how it is encoded."""

    ddname: str
    leaf: Field
    codec: RecordCodec


@dataclass(frozen=True)
class Variant:
    """One way to set a rule's fields: a title for the test and the records per input DD."""

    suffix: str
    title: str
    inputs: dict[str, bytes]


def elementary(item: Field) -> list[Field]:
    if not item.children:
        return [item] if not item.filler and not item.occurs else []
    return [leaf for child in item.children if not child.redefines and not child.occurs for leaf in elementary(child)]


def alternatives(condition: str) -> list[list[str]]:
    """The words of each part of a condition joined by OR outside parentheses: a guard that fails
    on any of them (``FS NOT = '00' OR NOT TELR-BETALING``) needs each part false."""
    parts: list[list[str]] = [[]]
    depth = 0
    for word in condition.split():
        depth += word.count("(") - word.count(")")
        if word.upper() == "OR" and depth <= 0:
            parts.append([])
        else:
            parts[-1].append(word)
    return parts


def value_of(raw: str, leaf: Field) -> Any:
    """A condition's or comparison's literal as a value for ``leaf`` (figurative ZERO/SPACE too); None if it cannot be one."""
    word = raw.upper()
    numeric = leaf.category == "numeric" or leaf.usage in ("COMP", "COMP-3", "COMP-5")
    if word in ZEROS:
        return 0 if numeric else "0" * leaf.length
    if word in SPACES:
        return None if numeric else " "
    if numeric:
        try:
            number = Decimal(raw.replace(",", "."))
        except InvalidOperation:
            return None
        return number if leaf.scale else int(number)
    return raw


def condition_values(values: list[str]) -> list[str]:
    """An 88-level's values with THRU ranges reduced to their bounds (``2024 THRU 2025``: 2024, 2025)."""
    return [v for v in values if v.upper() not in ("THRU", "THROUGH")]


def other_value(leaf: Field, taken: list[Any]) -> Any:
    """A value for ``leaf`` none of ``taken`` is, nor inside a THRU range of them: the condition fails."""
    numeric = leaf.category == "numeric" or leaf.usage in ("COMP", "COMP-3", "COMP-5")
    if numeric:
        digits = max(leaf.digits or 1, 1)
        numbers = [Decimal(str(v)) for v in taken if isinstance(v, (int, Decimal, float))]
        low, high = (min(numbers), max(numbers)) if numbers else (None, None)
        for candidate in (int("9" * digits), 1, 0):
            if low is None or not low <= candidate <= high:
                return candidate
        return None
    for candidate in ("?" * leaf.length, "X" * leaf.length, " "):
        if not any(str(v).ljust(leaf.length) == candidate.ljust(leaf.length) for v in taken):
            return candidate
    return None


def text_records(raw: bytes, length: int) -> list[bytes] | None:
    """The records of a line-sequential text file whose every line is one record of ``length``
    bytes (a data set unloaded to text, one line per record); None if it is not one."""
    if b"\n" not in raw:
        return None
    lines = raw.replace(b"\r\n", b"\n").split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    if not lines or any(len(line) != length for line in lines):
        return None
    return lines


@dataclass(frozen=True, slots=True)
class DataShape:
    """What decides whether a data file can hold records of a length: read once per run (every
    program's every input asked of every data file read them all again: two minutes on an estate
    with 450 JSON files)."""

    path: Path
    shown: str  # the file's path in the estate
    stem: str
    size: int
    newline: bool
    line_length: int | None  # the one length of its lines, line ends (CR LF too) cut; None if they differ
    raw_line_length: int | None  # the same with only LF cut, and the text ending in LF


def uniform(lengths: set[int]) -> int | None:
    return next(iter(lengths)) if len(lengths) == 1 else None


class DataFiles:
    """The estate's data files that can be samples (not EBCDIC, at most SAMPLE_LIMIT bytes), their shapes
    taken on first use."""

    def __init__(self, files: list[SourceFile], root: Path):
        self.files = [f for f in files if f.kind == "data" and f.encoding not in EBCDIC]
        self.root = root
        self._shapes: list[DataShape] | None = None

    @property
    def shapes(self) -> list[DataShape]:
        if self._shapes is None:
            self._shapes = []
            for file in self.files:
                path = Path(file.disk_path or Path(self.root) / file.path)
                try:
                    if path.stat().st_size > SAMPLE_LIMIT:
                        continue
                    raw = path.read_bytes()
                except OSError:
                    continue
                lines, normalized = raw.split(b"\n"), raw.replace(b"\r\n", b"\n").split(b"\n")  # as text_records reads it
                ends_in_newline = lines[-1] == b""
                for split in (lines, normalized):
                    if split[-1] == b"":
                        split.pop()
                self._shapes.append(DataShape(path, file.path, path.stem.upper(), len(raw), b"\n" in raw,
                                              uniform({len(line) for line in normalized}),
                                              uniform({len(line) for line in lines}) if ends_in_newline else None))
        return self._shapes


def samples(data: DataFiles, length: int, ddname: str, record: str) -> list[bytes]:
    """The estate's own records for a layout of ``length`` bytes: a data file whose size is a multiple of
    it and whose lines (if any) are records (the newline in the reserved last byte); the file whose name
    is closest to the DD or record name first."""
    found: list[tuple[int, str, list[bytes]]] = []
    if length <= 1:
        return []
    for shape in data.shapes:
        as_text = shape.newline and shape.line_length == length
        as_blocks = shape.size % length == 0 and shape.size > 0 and (not shape.newline or shape.raw_line_length == length - 1)
        if not (as_text or as_blocks):
            continue  # neither reading below could give records of this length
        try:
            raw = shape.path.read_bytes()
        except OSError:
            continue
        records = text_records(raw, length)
        if records is None:
            records = [raw[i:i + length] for i in range(0, len(raw), length)]
            if len(raw) % length or not records or (b"\n" in raw and not all(r.endswith(b"\n") and b"\n" not in r[:-1] for r in records)):
                continue
        stem = shape.stem
        score = 0 if stem in (ddname.upper(), record.upper()) or stem[:4] in record.upper() or stem[:4] in ddname.upper() else 1
        found.append((score, shape.shown, records[:SAMPLE_RECORDS]))
    return min(found)[2] if found else []


def control_cards(files: list[SourceFile], root: Path, program: str, length: int) -> list[bytes]:
    """The estate's control cards for a program's SYSIN: the lines of a data file named after it
    (``tsb020.sysin``), each padded to the ACCEPTed item's length."""
    for file in files:
        path = Path(file.disk_path or Path(root) / file.path)
        if file.kind != "data" or path.stem.upper() != program.upper():
            continue
        try:
            lines = path.read_bytes()[:SAMPLE_LIMIT].splitlines()
        except OSError:
            continue
        return [line[:length].ljust(length) for line in lines if line.strip()][:SAMPLE_RECORDS]
    return []


class InputSpace:
    """The input fields of one program, their 88-levels, and the valid record each case starts from."""

    def __init__(self, module: Module, codecs: dict[str, tuple[str, RecordCodec]], sample: dict[str, list[bytes]]):
        self.codecs = {dd: codec for dd, (_, codec) in codecs.items()}
        self.fields: dict[str, InputField] = {}
        for dd, codec in sorted(self.codecs.items()):
            for leaf in elementary(codec.root):
                self.fields.setdefault(leaf.name, InputField(dd, leaf, codec))
        # a working-storage field MOVEd from an input field stands for it: its 88-levels are input conditions too
        self.aliases = {target: source for source, target in module.copied if source in self.fields and target not in self.fields}
        self.conditions: dict[str, tuple[str, list[str]]] = {}
        for symbol in module.symbols:
            source = symbol.name if symbol.name in self.fields else self.aliases.get(symbol.name)
            if symbol.kind == "data" and source is not None:
                for name, values in symbol.layout.conditions.items():
                    self.conditions.setdefault(name, (source, condition_values(values)))
        self.base = {dd: (sample[dd][0] if sample.get(dd) else codec.encode({})) for dd, codec in self.codecs.items()}

    def put(self, records: dict[str, bytes], name: str, value: Any) -> dict[str, bytes]:
        """``records`` with field ``name`` set to ``value`` (the bytes of that field only)."""
        item = self.fields[name]
        start = item.leaf.offset - item.codec.root.offset
        buffer = bytearray(records[item.ddname])
        try:
            buffer[start:start + item.leaf.length] = item.codec.encode_elementary(item.leaf, value)
        except (ValueError, OverflowError, TypeError, ArithmeticError):
            return records
        return {**records, item.ddname: bytes(buffer)}

    def read(self, records: dict[str, bytes], name: str) -> bytes:
        item = self.fields[name]
        start = item.leaf.offset - item.codec.root.offset
        return records[item.ddname][start:start + item.leaf.length]

    def valid(self, rules: list[BusinessRule]) -> dict[str, bytes]:
        """The record per input DD that gets past the guards: ``IF NOT <88>`` on an input field gives
        the field that 88's value; two fields of different files compared with each other (a match
        on a key) get the same bytes, the first file's."""
        records = dict(self.base)
        for rule in rules:
            for words in alternatives(rule.condition):
                if len(words) == 2 and words[0] == "NOT" and words[1] in self.conditions:
                    field_name, values = self.conditions[words[1]]
                    leaf = self.fields[field_name].leaf
                    value = value_of(values[0], leaf) if values else None
                    if value is not None:
                        records = self.put(records, field_name, value)
        for rule in rules:
            inputs = [name for name in rule.data if name in self.fields]
            if len(inputs) == 2 and not rule.literals and len({self.fields[n].ddname for n in inputs}) == 2:
                first, second = sorted(inputs, key=lambda n: self.fields[n].ddname)
                if self.fields[first].leaf.length == self.fields[second].leaf.length:
                    item = self.fields[second]
                    start = item.leaf.offset - item.codec.root.offset
                    buffer = bytearray(records[item.ddname])
                    buffer[start:start + item.leaf.length] = self.read(records, first)
                    records[item.ddname] = bytes(buffer)
        return records

    def settings(self, rule: BusinessRule) -> list[tuple[str, list[Any]]]:
        """The input fields the rule tests with the values that make a part of it hold: an
        88-level's values, the literals compared, ZERO or SPACES written in the condition."""
        words = set(rule.condition.split())
        literals = list(rule.literals) or [w for w in ("ZERO", "SPACES") if words & set(ZEROS if w == "ZERO" else SPACES)]
        found = []
        for name in rule.data:
            if name in self.conditions:
                field_name, raw = self.conditions[name]
            elif name in self.fields or name in self.aliases:
                field_name, raw = self.aliases.get(name, name), literals
            else:
                continue
            leaf = self.fields[field_name].leaf
            values = [v for v in (value_of(r, leaf) for r in raw) if v is not None]
            if values:
                found.append((field_name, values))
        return found

    def variants(self, rule: BusinessRule, valid: dict[str, bytes]) -> list[Variant]:
        """From the valid records: each tested field set to its first condition value (the part
        holds), then to a value none of them is (it fails); the variant that changes the valid
        record comes first, it is the one that makes a guard fire."""
        found: list[Variant] = []
        for field_name, values in self.settings(rule):
            leaf = self.fields[field_name].leaf
            holds = self.put(valid, field_name, values[0])
            # another value the field's own 88-levels allow gets past the checks before this rule
            allowed = [v for name in self.conditions.values() if name[0] == field_name for v in (value_of(r, leaf) for r in name[1])]
            other = next((v for v in allowed if v is not None and v not in values), None)
            other = other_value(leaf, values) if other is None else other
            fails = self.put(valid, field_name, other) if other is not None else None
            pairs = [(holds, f"{field_name} = {values[0]!r}"), (fails, f"{field_name} = {other!r}")]
            pairs.sort(key=lambda pair: pair[0] == valid)
            found += [Variant("", title, records) for records, title in pairs if records is not None]
        return found
