"""The facts model shared by every stage.

Language-neutral on purpose: the graph, documents, plans and tests read these dataclasses and never
look at syntax. Everything round-trips through plain JSON (``to_dict`` / ``from_dict``) so facts can
be cached in the store, written by ``scan --json`` and read back by scripts.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any

SEVERITIES = ("error", "warning", "info")

# Source file kinds (SourceFile.kind) and module kinds (Module.kind) share one vocabulary.
FILE_KINDS = (
    "program",
    "copybook",
    "jcl",
    "proc",
    "jclinclude",
    "bms",
    "ddl",
    "csd",
    "data",
    "doc",
    "config",
    "binary",
    "other",
)

REFERENCE_KINDS = ("calls", "includes", "reads", "writes", "executes", "contains", "shows", "starts", "defines", "references")


def _from_dict(cls: type, data: dict[str, Any]) -> Any:
    """Build a dataclass from a dict, ignoring unknown keys so older/newer JSON still loads."""
    names = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in names})


@dataclass
class Diagnostic:
    """A problem found in a file. Stages return these instead of raising."""

    severity: str
    code: str
    message: str
    path: str
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Diagnostic:
        return _from_dict(cls, data)

    def sort_key(self) -> tuple:
        return (self.path, self.line or 0, SEVERITIES.index(self.severity), self.code, self.message)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity} {self.code}: {self.message}"


@dataclass
class SourceFile:
    """One file of the analysed repository, as the inventory classified it."""

    path: str
    language: str
    kind: str
    encoding: str
    source_format: str
    sha256: str
    lines: int
    size: int
    disk_path: str = ""  # the name on disk when ``path`` had to escape bytes that are not UTF-8

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        if not self.disk_path:
            del data["disk_path"]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SourceFile:
        return _from_dict(cls, data)


@dataclass
class Symbol:
    """A named thing defined inside a module: paragraph, section, entry point, data item, file, map…

    ``attributes`` holds kind-specific facts (for a data item: level, picture, usage, offset,
    length; for a paragraph: the paragraphs it performs).
    """

    name: str
    kind: str
    line: int | None = None
    end_line: int | None = None
    path: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        # Field by field, not dataclasses.asdict: asdict deep-copies every attribute value, which
        # was a fifth of the time of writing a million-line estate's facts.
        return {"name": self.name, "kind": self.kind, "line": self.line, "end_line": self.end_line, "path": self.path,
                "attributes": self.attributes}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Symbol:
        return _from_dict(cls, data)


@dataclass
class Reference:
    """A dependency from a module to something outside it (program, copybook, dataset, table…)."""

    kind: str
    target: str
    target_kind: str
    via: str = "static"
    line: int | None = None
    path: str | None = None
    resolved: bool = False
    attributes: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "target": self.target, "target_kind": self.target_kind, "via": self.via, "line": self.line,
                "path": self.path, "resolved": self.resolved, "attributes": self.attributes}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Reference:
        return _from_dict(cls, data)

    def sort_key(self) -> tuple:
        return (self.line or 0, self.kind, self.target_kind, self.target, self.via)


@dataclass
class Module:
    """One compilation unit, job, copybook, mapset…: the unit the graph and documents work on."""

    name: str
    kind: str
    language: str
    path: str
    line: int | None = None
    end_line: int | None = None
    symbols: list[Symbol] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    metrics: dict[str, Any] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    attributes: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "language": self.language,
            "path": self.path,
            "line": self.line,
            "end_line": self.end_line,
            "symbols": [s.to_dict() for s in self.symbols],
            "references": [r.to_dict() for r in self.references],
            "metrics": dict(self.metrics),
            "diagnostics": [d.to_dict() for d in self.diagnostics],
            "attributes": dict(self.attributes),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Module:
        module = _from_dict(cls, data)
        module.symbols = [Symbol.from_dict(s) for s in data.get("symbols", [])]
        module.references = [Reference.from_dict(r) for r in data.get("references", [])]
        module.diagnostics = [Diagnostic.from_dict(d) for d in data.get("diagnostics", [])]
        module.metrics = dict(data.get("metrics", {}))
        module.attributes = dict(data.get("attributes", {}))
        return module

    @property
    def key(self) -> str:
        """Upper-cased name: mainframe names compare case-insensitively."""
        return self.name.upper()


def dumps(data: Any, default: Any = None) -> str:
    """Deterministic JSON: same facts give byte-identical text, so users can diff two runs.

    One record per line under the top level, not ``indent``: indenting switches json to its
    pure-Python encoder, ten times slower (20 s for a million-line estate's facts); records on
    their own lines still diff well."""
    def encode(value: Any) -> str:
        return json.dumps(value, sort_keys=True, ensure_ascii=False, default=default)

    def listing(items: list[Any]) -> str:
        return "[\n" + ",\n".join(encode(item) for item in items) + "\n]" if items else "[]"

    def block(value: Any) -> str:
        return listing(value) if isinstance(value, list) else encode(value)

    if isinstance(data, dict):
        return "{\n" + ",\n".join(f"{encode(str(key))}: {block(data[key])}" for key in sorted(data)) + "\n}\n"
    return block(data) + "\n"
