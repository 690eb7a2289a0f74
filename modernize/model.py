"""The facts model shared by every stage.

Language-neutral on purpose: the graph, documents, plans and tests read these dataclasses and never
look at syntax. Everything round-trips through plain JSON (``to_dict`` / ``from_dict``) so facts can
be cached in the store, written by ``scan --json`` and read back by scripts.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from enum import StrEnum
from typing import Any

SEVERITIES = ("error", "warning", "info")


class FileKind(StrEnum):
    """What the inventory found a source file to be (``SourceFile.kind``)."""

    PROGRAM = "program"
    COPYBOOK = "copybook"
    JCL = "jcl"  # a job
    PROC = "proc"
    JCLINCLUDE = "jclinclude"  # a member of JCL statements that an INCLUDE brings in
    BMS = "bms"
    DDL = "ddl"
    CSD = "csd"
    DATA = "data"
    DOC = "doc"
    CONFIG = "config"
    BINARY = "binary"
    OTHER = "other"


class ModuleKind(StrEnum):
    """What a parser found a module to be (``Module.kind``)."""

    PROGRAM = "program"
    COPYBOOK = "copybook"
    JCL = "jcl"  # a job
    PROC = "proc"
    JCLINCLUDE = "jclinclude"
    MAPSET = "mapset"  # BMS, or a Natural map
    CSD = "csd"  # a file of CICS resource definitions
    TRANSACTION = "transaction"
    CICSFILE = "cicsfile"  # a CICS FILE definition: the name programs use for a data set
    TABLE = "table"
    VIEW = "view"
    INDEX = "index"
    TABLESPACE = "tablespace"
    DATABASE = "database"
    STOGROUP = "stogroup"
    ALIAS = "alias"
    SYNONYM = "synonym"


class NodeKind(StrEnum):
    """The kind of a graph node, the first part of its id (``kind:NAME``): the modules' kinds as
    ``NODE_KIND`` maps them, and what references point at (``Reference.target_kind``)."""

    PROGRAM = "program"
    COPYBOOK = "copybook"
    JOB = "job"
    PROC = "proc"
    JCLINCLUDE = "jclinclude"
    MAPSET = "mapset"
    CSD = "csd"
    TRANSACTION = "transaction"
    FILE = "file"  # a CICS file, or a program's file whose data set no JCL names
    TABLE = "table"  # tables and views alike
    INDEX = "index"
    TABLESPACE = "tablespace"
    DATABASE = "database"
    STOGROUP = "stogroup"
    ALIAS = "alias"
    SYNONYM = "synonym"
    STEP = "step"
    DATASET = "dataset"
    SCREEN = "screen"  # a BMS map or Natural map
    QUEUE = "queue"
    SEGMENT = "segment"  # an IMS segment
    COMMON = "common"  # a Fortran COMMON block
    EXTERNAL = "external"  # a program that is not in the repository


# The graph node kind of each module kind: the one place where they differ.
NODE_KIND: dict[str, NodeKind] = {
    ModuleKind.PROGRAM: NodeKind.PROGRAM,
    ModuleKind.COPYBOOK: NodeKind.COPYBOOK,
    ModuleKind.JCL: NodeKind.JOB,
    ModuleKind.PROC: NodeKind.PROC,
    ModuleKind.JCLINCLUDE: NodeKind.JCLINCLUDE,
    ModuleKind.MAPSET: NodeKind.MAPSET,
    ModuleKind.CSD: NodeKind.CSD,
    ModuleKind.TRANSACTION: NodeKind.TRANSACTION,
    ModuleKind.CICSFILE: NodeKind.FILE,
    ModuleKind.TABLE: NodeKind.TABLE,
    ModuleKind.VIEW: NodeKind.TABLE,
    ModuleKind.INDEX: NodeKind.INDEX,
    ModuleKind.TABLESPACE: NodeKind.TABLESPACE,
    ModuleKind.DATABASE: NodeKind.DATABASE,
    ModuleKind.STOGROUP: NodeKind.STOGROUP,
    ModuleKind.ALIAS: NodeKind.ALIAS,
    ModuleKind.SYNONYM: NodeKind.SYNONYM,
}


class ReferenceKind(StrEnum):
    """What a module does with what it refers to (``Reference.kind``, the graph's edge kind)."""

    CALLS = "calls"
    INCLUDES = "includes"
    READS = "reads"
    WRITES = "writes"
    EXECUTES = "executes"
    CONTAINS = "contains"
    SHOWS = "shows"
    STARTS = "starts"
    DEFINES = "defines"
    REFERENCES = "references"  # a foreign key, an alias, a COMMON block


class Mechanism(StrEnum):
    """How a reference is made (``Reference.via``, the graph's edge ``via``)."""

    STATIC = "static"  # CALL 'X' and the like
    DYNAMIC = "dynamic"  # CALL through a variable
    NESTED = "nested"  # a nested COBOL program
    CICS = "cics"
    CICS_LINK = "cics-link"
    CICS_XCTL = "cics-xctl"
    CICS_LOAD = "cics-load"
    CICS_RETURN = "cics-return"
    CICS_START = "cics-start"
    IMS = "ims"  # CALL 'CBLTDLI', or a program an IMS region runs
    DLI = "dli"  # EXEC DLI
    SQL = "sql"
    COPY = "copy"
    SQL_INCLUDE = "sql-include"
    INC = "inc"  # -INC
    INCLUDE = "include"  # ++INCLUDE, %INCLUDE, INCLUDE, #include, JCL INCLUDE
    JCL = "jcl"  # EXEC PGM= / EXEC proc, and a job containing its steps
    DD = "dd"  # through a DD name
    IKJEFT01 = "ikjeft01"  # DSN RUN PROGRAM under TSO in batch
    IDCAMS = "idcams"
    CSD = "csd"
    BMS = "bms"
    NATURAL = "natural"  # a Natural batch nucleus running a program
    CALLNAT = "callnat"
    FETCH = "fetch"
    CALL = "call"
    PERFORM = "perform"  # an external Natural subroutine
    NATURAL_USING = "natural-using"
    NATURAL_INCLUDE = "natural-include"
    NATURAL_MAP = "natural-map"
    ADABAS = "adabas"
    COMMON = "common"
    OPEN = "open"  # Fortran OPEN with FILE=
    FOPEN = "fopen"


def node_kind(module_kind: str) -> str:
    """The graph node kind of a module kind (``jcl`` is a ``job`` node, a ``view`` a ``table``)."""
    return NODE_KIND.get(module_kind, module_kind)


def node_id(kind: str, name: str) -> str:
    """A graph node's id: ``kind:NAME``, mainframe names upper-cased."""
    return f"{kind}:{name.upper()}"


def member_name(path: str) -> str:
    """The member name a path stands for: its file name up to the first period, upper-cased
    (``cpy/tslpers.cpy`` is TSLPERS), as PDS members are named."""
    return path.rsplit("/", 1)[-1].split(".", 1)[0].upper()


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

    @property
    def member(self) -> str:
        """The member name: ``cbl/TSB010.cbl`` is TSB010."""
        return member_name(self.path)


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

    def __post_init__(self) -> None:
        # The vocabulary's enum members go in, plain strings are kept: facts are data, written to
        # JSON, GraphML and generated Python alike.
        self.kind, self.target_kind, self.via = str(self.kind), str(self.target_kind), str(self.via)

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

    def __post_init__(self) -> None:
        self.kind = str(self.kind)  # a ModuleKind member kept as the plain string, like Reference's kinds

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

    @property
    def node_kind(self) -> str:
        """The kind of the module's node in the graph."""
        return node_kind(self.kind)

    @property
    def node_id(self) -> str:
        """The id of the module's node in the graph."""
        return node_id(node_kind(self.kind), self.name)

    @property
    def member(self) -> str:
        """The member name of the file that defines the module."""
        return member_name(self.path)


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
