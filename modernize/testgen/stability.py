"""Golden masters that reproduce: what differs between two legacy runs of the same case.

A golden master pins behaviour only if the legacy program gives it again: a byte taken from storage
GnuCOBOL leaves uninitialised, a clock the harness does not pin or an indexed file's header with its
own unique id would make ``pytest`` fail on the legacy program itself. So at capture every kept case
runs again (and once more when the second run differs); the byte ranges that moved are recorded in
the case's ``unstable.json`` beside its golden files, and the generated tests blank them on both
sides before comparing. A case whose return code, file lengths or most of a file moved cannot be
pinned: its test becomes a documented skip ("not reproducible") instead of a flaky test.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

MASK_FILE = "unstable.json"  # beside a case's golden files; never an output DD (no DD is named with a dot)
FILL = b"~"  # what a masked byte becomes on both sides
GAP = 8  # differing bytes this close belong to one unstable field
MARGIN = 2  # bytes masked beside each moved range: a random value's byte that repeated by chance lies next to one that moved
DIGITS = frozenset(b"0123456789")
MOST = 0.5  # more than this share of a file's bytes masked: the file is not reproducible


@dataclass(frozen=True)
class Unstable:
    """What moved between runs of one case: masked byte ranges [start, end) per golden file, or
    the reason it cannot be reproduced at all."""

    masked: dict[str, tuple[tuple[int, int], ...]] = field(default_factory=dict)
    reason: str = ""

    @property
    def reproducible(self) -> bool:
        return not self.reason

    def describe(self) -> str:
        """For docstrings, coverage.json and the terminal: ``TRANFILE.out 52-71``."""
        if self.reason:
            return self.reason
        return "; ".join(f"{name} " + ", ".join(f"{start}-{end - 1}" for start, end in spans) for name, spans in sorted(self.masked.items()))

    def to_json(self) -> str:
        return json.dumps({"masked": {name: [list(span) for span in spans] for name, spans in sorted(self.masked.items())},
                           "reason": self.reason}, indent=1) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Unstable:
        data = json.loads(text)
        return cls({name: tuple((int(a), int(b)) for a, b in spans) for name, spans in data.get("masked", {}).items()}, str(data.get("reason", "")))

    def union(self, other: Unstable) -> Unstable:
        if self.reason or other.reason:
            return Unstable(reason=self.reason or other.reason)
        names = set(self.masked) | set(other.masked)
        return Unstable({name: merged([*self.masked.get(name, ()), *other.masked.get(name, ())]) for name in names})


def merged(spans: list[tuple[int, int]], gap: int = GAP) -> tuple[tuple[int, int], ...]:
    """Overlapping spans, and spans at most ``gap`` bytes apart, as one."""
    result: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if result and start <= result[-1][1] + gap:
            result[-1] = (result[-1][0], max(result[-1][1], end))
        else:
            result.append((start, end))
    return tuple(result)


def widened(data: bytes, start: int, end: int) -> tuple[int, int]:
    """A span that starts or ends inside a number grows to the whole number (a clock's seconds
    that moved this time may be its minutes the next), then by ``MARGIN`` bytes each side (an
    address or a file id: a byte of it may have repeated in the runs compared)."""
    while start > 0 and data[start - 1] in DIGITS:
        start -= 1
    while end < len(data) and data[end] in DIGITS:
        end += 1
    return max(start - MARGIN, 0), min(end + MARGIN, len(data))


def differing(first: bytes, second: bytes) -> tuple[tuple[int, int], ...]:
    """The byte ranges where two outputs of the same length differ, widened and merged."""
    spans: list[tuple[int, int]] = []
    start = -1
    for index, (a, b) in enumerate(zip(first, second, strict=True)):
        if a != b and start < 0:
            start = index
        elif a == b and start >= 0:
            spans.append(widened(first, start, index))
            start = -1
    if start >= 0:
        spans.append(widened(first, start, len(first)))
    return merged(spans)


def compare(first: dict[str, bytes], second: dict[str, bytes]) -> Unstable | None:
    """What moved between two runs' golden files (None: they are identical)."""
    if first == second:
        return None
    masked: dict[str, tuple[tuple[int, int], ...]] = {}
    for name in sorted(set(first) | set(second)):
        a, b = first.get(name, b""), second.get(name, b"")
        if a == b:
            continue
        if name == "returncode":
            return Unstable(reason=f"not reproducible: the return code differs between two legacy runs ({a.strip().decode('latin-1')} and {b.strip().decode('latin-1')})")
        if len(a) != len(b):
            return Unstable(reason=f"not reproducible: {name} has {len(a)} bytes in one legacy run and {len(b)} in another")
        spans = differing(a, b)
        if sum(end - start for start, end in spans) > MOST * len(a):
            return Unstable(reason=f"not reproducible: most of {name} differs between two legacy runs")
        masked[name] = spans
    return Unstable(masked)


def apply(data: bytes, spans: tuple[tuple[int, int], ...] | list[list[int]]) -> bytes:
    """``data`` with the masked ranges blanked (applied to the golden master and the output alike)."""
    result = bytearray(data)
    for start, end in spans:
        if start < len(result):
            result[start:min(end, len(result))] = FILL * (min(end, len(result)) - start)
    return bytes(result)


def masked_pair(unstable: Unstable | None, name: str, produced: bytes, expected: bytes) -> tuple[bytes, bytes]:
    """The output and the golden master as the test compares them."""
    spans = unstable.masked.get(name, ()) if unstable else ()
    return (apply(produced, spans), apply(expected, spans)) if spans else (produced, expected)


def read(golden: Path) -> Unstable | None:
    """The case's mask from its golden folder, None when it has none."""
    path = Path(golden) / MASK_FILE
    return Unstable.from_json(path.read_text(encoding="utf-8")) if path.is_file() else None
