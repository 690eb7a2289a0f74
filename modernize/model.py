"""The facts model shared by every stage.

Language-neutral on purpose: the graph, documents, plans and tests read these dataclasses and never
look at syntax. Everything round-trips through plain JSON (``to_dict`` / ``from_dict``) so facts can
be cached in the store, written by ``scan --json`` and read back by scripts.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields
from enum import StrEnum
from typing import Any

import orjson

from modernize.boilerplate import purpose

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
    DBD = "dbd"  # an IMS database description (DBD macros)
    PSB = "psb"  # an IMS program specification block (PCB, SENSEG, PSBGEN macros)
    SOURCE = "source"  # source code of a language that is not the mainframe's (Java, JavaScript, CSS, scripts…)
    DATA = "data"
    DOC = "doc"
    CONFIG = "config"
    BINARY = "binary"
    OTHER = "other"


# The kinds of file that are not sources of the legacy estate: another language's code, settings,
# documents, data, binaries, the unclassified. They get no warnings or errors, and never an exit code.
NOT_ESTATE_SOURCES = frozenset({FileKind.SOURCE, FileKind.CONFIG, FileKind.DOC, FileKind.DATA, FileKind.BINARY, FileKind.OTHER})


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
    DBD = "dbd"  # an IMS database (DBD): its node is a database
    SEGMENT = "segment"  # an IMS segment of a DBD, with its fields and parent
    PSB = "psb"  # an IMS PSB: the databases and segments a program may use, and how
    CLASS = "class"  # a top-level Java class, interface, enum or record: a caller outside the mainframe's code
    SERVICE = "service"  # a z/OS Connect service: a REST front of one back-end program
    API = "api"  # a z/OS Connect API: REST paths and methods, each served by a service


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
    DATABASE = "database"  # a Db2 database or an IMS DBD
    STOGROUP = "stogroup"
    ALIAS = "alias"
    SYNONYM = "synonym"
    PSB = "psb"  # an IMS PSB
    STEP = "step"
    DATASET = "dataset"
    SCREEN = "screen"  # a BMS map or Natural map
    QUEUE = "queue"
    SEGMENT = "segment"  # an IMS segment
    COMMON = "common"  # a Fortran COMMON block
    CLASS = "class"  # a Java class (interface, enum, record)
    SERVICE = "service"  # a z/OS Connect service
    API = "api"  # a z/OS Connect API
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
    ModuleKind.DBD: NodeKind.DATABASE,
    ModuleKind.SEGMENT: NodeKind.SEGMENT,
    ModuleKind.PSB: NodeKind.PSB,
    ModuleKind.CLASS: NodeKind.CLASS,
    ModuleKind.SERVICE: NodeKind.SERVICE,
    ModuleKind.API: NodeKind.API,
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
    STARTS = "starts"  # a transaction starts its program; START/RUN TRANSID start a transaction asynchronously
    RETURNS_TO = "returns-to"  # EXEC CICS RETURN TRANSID: the next screen of the same conversation, navigation, no call
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
    CICS_RETURN = "cics-return"  # RETURN TRANSID: the transaction of the next screen (kind returns-to)
    CICS_START = "cics-start"  # START TRANSID: an asynchronous start
    CICS_RUN = "cics-run"  # RUN TRANSID: an asynchronous child task, its results fetched later
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
    DBD = "dbd"  # a DBD's segment hierarchy (SEGM PARENT=), logical relationships and index pointers (LCHILD)
    PSB = "psb"  # a PSB's PCBs and sensitive segments (PROCOPT), and a program tied to its PSB
    JCICS = "jcics"  # Java through the JCICS classes: Program.link, KSDS/ESDS/RRDS files, TS and TD queues
    ZOSCONNECT = "zosconnect"  # a z/OS Connect service calling its program, an API calling its service
    REST = "rest"  # Java calling a REST API by its URL


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


def symbolic_display(name: str, symbols: Iterable[str]) -> str:
    """A data set name whose symbols are still unresolved, with each shown as ``{NAME}``: the JCL's
    ``&HLQ..DATA`` (the period after a symbol ends it) is ``{HLQ}.DATA``, a build-time placeholder's
    ``@PREFIX@.CUSTOMER`` is ``{PREFIX}.CUSTOMER``, a shell variable's ``${SEQFILES}/X`` or
    ``$SEQFILES/X`` is ``{SEQFILES}/X``. Only the ``symbols`` the parser found are replaced: ``$``,
    ``#`` and ``@`` are also plain characters of data set names."""
    for symbol in sorted({s.upper() for s in symbols}, key=len, reverse=True):
        quoted = re.escape(symbol)
        name = re.sub(rf"&{quoted}(?![A-Z0-9@#$_])\.?|@{quoted}@|\$\{{{quoted}\}}|\${quoted}(?![A-Z0-9_])", f"{{{symbol}}}", name, flags=re.I)
    return name


def _from_dict(cls: type, data: dict[str, Any]) -> Any:
    """Build a dataclass from a dict, ignoring unknown keys so older/newer JSON still loads."""
    names = _field_names(cls)
    return cls(**{k: v for k, v in data.items() if k in names})


@functools.cache
def _field_names(cls: type) -> frozenset[str]:
    """A dataclass's field names, asked once per class: facts of a large estate are millions of objects."""
    return frozenset(f.name for f in fields(cls))


# Typed views of the facts -------------------------------------------------------------------
# Parsers write what is particular to a kind of module, symbol or reference into its
# ``attributes`` dict and counts into ``Module.metrics``, under the keys below; later stages read
# them through these views (the properties of Module, Symbol and Reference), so this is the one
# place that knows the keys. The JSON form stays the plain dicts. A fact a parser did not write
# reads as None, or as the empty list / False / 0 where nothing tells those apart.


@dataclass(frozen=True, slots=True)
class BusinessRule:
    """A decision the COBOL front end found in the procedure code (``Module.business_rules``)."""

    kind: str  # IF or WHEN
    condition: str  # the condition as written (a WHEN as ``subject = objects``)
    paragraph: str  # the paragraph it is in; "" before the first one
    path: str
    line: int
    data: tuple[str, ...]  # the data items (and 88-level names) it tests
    literals: tuple[str, ...]  # the literals it compares them with
    # the line of each outcome's first statement (IF: THEN, ELSE; WHEN: its body), 0 where there is none
    branches: tuple[int, ...] = ()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BusinessRule:
        return cls(data.get("kind", ""), data.get("condition", ""), data.get("paragraph", ""), data.get("path", ""),
                   data.get("line", 0), tuple(data.get("data") or ()), tuple(data.get("literals") or ()),
                   tuple(data.get("branches") or ()))


@dataclass(frozen=True, slots=True)
class Handler:
    """A CICS HANDLE ABEND / HANDLE CONDITION / HANDLE AID registration (``Module.handlers``): CICS
    passes control to ``label`` when ``condition`` occurs, so that paragraph is an entry point of the
    program's flow; HANDLE ABEND PROGRAM names a program instead."""

    command: str  # HANDLE ABEND, HANDLE CONDITION or HANDLE AID
    condition: str  # ABEND, a condition (NOTFND, MAPFAIL, ERROR…) or an attention key (PF3, CLEAR, ENTER…)
    label: str | None  # the paragraph or section it goes to
    program: str | None  # HANDLE ABEND PROGRAM, as written
    paragraph: str  # the paragraph the HANDLE command is in
    path: str
    line: int

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Handler:
        return cls(data.get("command", ""), data.get("condition", ""), data.get("label"), data.get("program"),
                   data.get("paragraph", ""), data.get("path", ""), data.get("line", 0))


@dataclass(frozen=True, slots=True)
class Layout:
    """A data item's storage (``Symbol.layout``), as the COBOL, PL/I and Natural front ends write it
    for symbols of kind ``data``; COBOL writes most of it, PL/I level, picture (the storage kind),
    offset, length, occurs and parent, Natural level, picture (format and size), length and
    occurs. Offsets and lengths are bytes; ``length`` is one occurrence's."""

    level: int
    section: str | None  # WORKING-STORAGE, LINKAGE, FILE, COPYBOOK…; "" for PL/I and Natural; None for a Natural view
    offset: int | None  # from the start of the record; None where the front end lays nothing out (Natural)
    length: int | None  # None for a Natural group or a PL/I item of unknown size
    picture: str | None  # COBOL PICTURE; PL/I storage kind (FIXED DEC…); Natural format and size (A10, N7.2)
    usage: str | None  # COBOL USAGE other than DISPLAY (inherited from the group); None for DISPLAY
    category: str | None  # from the COBOL picture: numeric, alphanumeric, numeric-edited…
    digits: int  # digit positions of the COBOL picture (0 without one)
    scale: int  # digits after the implied decimal point
    signed: bool  # the picture has an S
    sign: str | None  # SIGN LEADING / TRAILING
    sign_separate: bool
    occurs: int | str | None  # OCCURS (the maximum); PL/I the product of the dimensions; Natural the dimension as written (1:10)
    occurs_min: int | None  # OCCURS m TO n: m, when it differs from n
    depending_on: str | None
    indexed_by: list[str]
    redefines: str | None
    renames: list[str]  # level 66: the item, or the first and last item, it renames
    parent: str | None  # the group it belongs to
    file: str | None  # the file whose FD the record is under
    value: list[str]  # VALUE literals
    conditions: dict[str, list[str]]  # the 88-level condition names under it -> their values
    view_of: str | None  # a Natural view: the DDM it is a view of

    @classmethod
    def from_attributes(cls, a: dict[str, Any]) -> Layout:
        return cls(
            level=a.get("level", 0), section=a.get("section"), offset=a.get("offset"), length=a.get("length"),
            picture=a.get("picture"), usage=a.get("usage"), category=a.get("category"), digits=a.get("digits", 0),
            scale=a.get("scale", 0), signed=a.get("signed", False), sign=a.get("sign"), sign_separate=a.get("sign_separate", False),
            occurs=a.get("occurs"), occurs_min=a.get("occurs_min"), depending_on=a.get("depending_on"),
            indexed_by=a.get("indexed_by") or [], redefines=a.get("redefines"), renames=a.get("renames") or [],
            parent=a.get("parent"), file=a.get("file"), value=a.get("value") or [], conditions=a.get("conditions") or {},
            view_of=a.get("view_of"),
        )


@dataclass(frozen=True, slots=True)
class DataUse:
    """Where a COBOL program reads and writes one of its data items (``Module.data_uses``): the lines
    of its own source, sorted; an 88-level name counts for its item, ``A OF B`` for A."""

    read: tuple[int, ...]
    written: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class HostBinding:
    """A Db2 column an SQL statement binds to a host variable (``Module.sql_columns``)."""

    table: str  # where a join names a column unqualified: the statement's tables, comma-separated (the DDL tells which)
    column: str
    host_variable: str  # the data item, without the group of ``:GROUP.ITEM``
    line: int
    direction: str  # "out": the column is read into the variable (INTO); "in": the variable goes to the column


@dataclass(frozen=True, slots=True)
class DeclaredColumn:
    """A column of an ``EXEC SQL DECLARE t TABLE`` (a DCLGEN), ``Module.declared_tables``."""

    name: str
    type: str
    nullable: bool


@dataclass(frozen=True, slots=True)
class ColumnType:
    """A DDL column's type (``Symbol.column`` of a table's symbols of kind ``column``)."""

    type: str | None
    length: int | None
    scale: int | None
    nullable: bool
    default: str | None
    comment: str | None

    @property
    def text(self) -> str:
        """The type as DDL writes it: ``DECIMAL(9,2)``, ``CHAR(10)``, ``DATE``."""
        if not self.type:
            return ""
        if self.length is None or "(" in self.type:
            return self.type
        return f"{self.type}({self.length}{f',{self.scale}' if self.scale else ''})"


@dataclass(frozen=True, slots=True)
class DDStatement:
    """One DD statement of a JCL step (``Symbol.dds``), PROCs and INCLUDE members expanded."""

    ddname: str
    line: int
    path: str | None  # the member it is written in, when that is not the job's (a PROC, an INCLUDE)
    dsn: str | None  # the data set, upper-cased, without its generation or member; None for DUMMY
    disp: str | None  # DISP as written, without the parentheses
    temporary: bool  # &&NAME
    generation: str | None  # a GDG's relative generation (+1, 0, -1)
    member: str | None  # DSN=LIB(MEMBER)
    sysout: str | None  # SYSOUT class, * for the job's
    dummy: bool  # DD DUMMY or DSN=NULLFILE
    instream: int | None  # lines of in-stream data
    concatenation: int  # its place in a concatenation (0: the first, or not concatenated)
    library: bool = False  # a library (STEPLIB, SYSLIB…) or a compiler's or binder's data set, not data
    symbols: tuple[str, ...] = ()  # the symbols left unresolved in ``dsn`` (``&HLQ``, ``@PREFIX@``, ``$DIR``)
    file: str | None = None  # the file a rehosted job's DD names (UniKix ASSGNDD filename=), as written

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DDStatement:
        return cls(data.get("ddname", ""), data.get("line", 0), data.get("path"), data.get("dsn"), data.get("disp"),
                   data.get("temporary", False), data.get("generation"), data.get("member"), data.get("sysout"),
                   data.get("dummy", False), data.get("instream"), data.get("concatenation", 0), data.get("library", False),
                   tuple(data.get("symbols") or ()), data.get("file"))


@dataclass(frozen=True, slots=True)
class FileStatement:
    """One I/O statement on a COBOL file (``Symbol.file_statements``): READ, START, WRITE, REWRITE or
    DELETE, a WRITE or REWRITE of one of the records under the file's FD counted for the file."""

    verb: str
    path: str
    line: int

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FileStatement:
        return cls(data.get("verb", ""), data.get("path", ""), data.get("line", 0))


@dataclass(frozen=True, slots=True)
class ServiceDefinition:
    """What a z/OS Connect service or API definition says besides the program or service it calls
    (``Module.service``)."""

    provider: str | None  # cics, imsmobile, wola…: the subsystem the service reaches
    service_type: str | None  # cicsCommarea, cicsChannel…
    connection: str | None  # connectionRef: the server's connection to the subsystem
    transid: str | None  # the CICS transaction the program runs under, when one is set
    request_schema: str | None  # the request's interface or JSON schema
    response_schema: str | None
    description: str | None
    base_path: str | None  # an API's base path (/inqcustz)
    operations: tuple[tuple[str, str, str], ...]  # an API's (method, relative path, service)

    @classmethod
    def from_attributes(cls, a: dict[str, Any]) -> ServiceDefinition:
        return cls(a.get("provider"), a.get("service_type"), a.get("connection"), a.get("transid"), a.get("request_schema"),
                   a.get("response_schema"), a.get("description"), a.get("base_path"),
                   tuple((o.get("method", ""), o.get("path", ""), o.get("service", "")) for o in a.get("operations") or ()))


@dataclass(frozen=True, slots=True)
class Argument:
    """One argument of a COBOL CALL ... USING (``Reference.using``)."""

    name: str  # the data item (``ADDRESS OF X``, ``LENGTH OF X``) or the literal as written
    mode: str  # REFERENCE, CONTENT or VALUE


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

    def __post_init__(self) -> None:
        self.kind = str(self.kind)  # a FileKind member kept as the plain string, like Module's kind

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


@dataclass(slots=True)
class Symbol:
    """A named thing defined inside a module: paragraph, section, entry point, data item, file, map…

    ``attributes`` holds kind-specific facts (for a data item: level, picture, usage, offset,
    length; for a paragraph: the paragraphs it performs), read through the properties below.
    """

    name: str
    kind: str
    line: int | None = None
    end_line: int | None = None
    path: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    # ``layout`` read once: documents, tests and the dictionary ask each data item's layout several times
    _layout: Layout | None = field(default=None, init=False, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        # Field by field, not dataclasses.asdict: asdict deep-copies every attribute value, which
        # was a fifth of the time of writing a million-line estate's facts.
        return {"name": self.name, "kind": self.kind, "line": self.line, "end_line": self.end_line, "path": self.path,
                "attributes": self.attributes}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Symbol:
        # Field by field: an estate's cached facts are millions of symbols, and this is most of
        # reading them back.
        return cls(data.get("name", ""), data.get("kind", ""), data.get("line"), data.get("end_line"), data.get("path"), data.get("attributes") or {})

    # data items (kind ``data``) ------------------------------------------------------------

    @property
    def layout(self) -> Layout:
        """A data item's level, picture, usage, offset, length, occurs… (empty for other kinds), as
        the attributes were when it was first asked (parsers write them, later stages only read)."""
        if self._layout is None:
            self._layout = Layout.from_attributes(self.attributes)
        return self._layout

    @property
    def column(self) -> ColumnType:
        """A table column's type, nullability, default and comment (DDL)."""
        a = self.attributes
        return ColumnType(a.get("type"), a.get("length"), a.get("scale"), a.get("nullable", True), a.get("default"), a.get("comment"))

    # paragraphs and sections (COBOL) ---------------------------------------------------------

    @property
    def performs(self) -> list[str]:
        """What the paragraph PERFORMs (and names as SORT procedures), as written: ``A THRU B``."""
        return self.attributes.get("performs") or []

    @property
    def goes_to(self) -> list[str]:
        """The paragraphs its GO TO statements name."""
        return self.attributes.get("goes_to") or []

    @property
    def section(self) -> str | None:
        """The SECTION a paragraph is in (a data item's section is ``layout.section``)."""
        return self.attributes.get("section")

    @property
    def complexity(self) -> int | None:
        """A COBOL paragraph's cyclomatic complexity."""
        return self.attributes.get("complexity")

    @property
    def unreachable(self) -> bool:
        """No flow from the entry reaches the paragraph."""
        return self.attributes.get("unreachable", False)

    # entry points ----------------------------------------------------------------------------

    @property
    def using(self) -> list[str]:
        """The parameters of a COBOL entry point (PROCEDURE DIVISION USING, ENTRY ... USING)."""
        return self.attributes.get("using") or []

    # files (COBOL SELECT and FD) -------------------------------------------------------------

    @property
    def ddname(self) -> str:
        """The DD name the file is assigned to."""
        return self.attributes.get("ddname", "")

    @property
    def open_modes(self) -> list[str]:
        """INPUT, OUTPUT, EXTEND, I-O: how the program OPENs the file, sorted."""
        return self.attributes.get("open_modes") or []

    @property
    def file_statements(self) -> list[FileStatement]:
        """A file's READ, START, WRITE, REWRITE and DELETE statements in source order: what the
        program does to its records (a COBOL file; empty where none is found)."""
        return [FileStatement.from_dict(s) for s in self.attributes.get("statements") or ()]

    @property
    def records(self) -> list[str]:
        """The record names under the file's FD (or SD)."""
        return self.attributes.get("records") or []

    @property
    def record_length(self) -> int | None:
        """The length of the file's longest record."""
        return self.attributes.get("record_length")

    # job steps (JCL) -------------------------------------------------------------------------

    @property
    def program(self) -> str | None:
        """The program a step runs (EXEC PGM=)."""
        return self.attributes.get("program")

    @property
    def proc(self) -> str | None:
        """The PROC a step calls (EXEC proc)."""
        return self.attributes.get("proc")

    @property
    def cond(self) -> str | None:
        """A step's COND= parameter as written."""
        return self.attributes.get("cond")

    @property
    def if_(self) -> list[str]:
        """The IF/THEN/ELSE conditions a step runs under (key ``if``)."""
        return self.attributes.get("if") or []

    @property
    def dds(self) -> list[DDStatement]:
        """A step's DD statements."""
        return [DDStatement.from_dict(dd) for dd in self.attributes.get("dds") or []]


@dataclass(slots=True)
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

    @property
    def step(self) -> str | None:
        """The job step whose statement makes the reference (JCL)."""
        return self.attributes.get("step")

    @property
    def ddname(self) -> str | None:
        """The DD name of a JCL data set reference."""
        return self.attributes.get("ddname")

    @property
    def temporary(self) -> bool:
        """A temporary data set (``&&NAME``): its name is the job's own."""
        return self.attributes.get("temporary", False)

    @property
    def library(self) -> bool:
        """A data set a job step uses as a library (STEPLIB, JOBLIB, SYSLIB, SYSPROC…) or a compiler's or
        binder's input or output: part of how programs are built and loaded, not data they process."""
        return self.attributes.get("library", False)

    @property
    def symbols(self) -> list[str]:
        """The symbols left unresolved in a data set's name (JCL ``&HLQ``, a build-time ``@PREFIX@``, a
        shell ``$DIR``): the name is symbolic, not the name of one data set."""
        return self.attributes.get("symbols") or []

    @property
    def symbolic(self) -> bool:
        return bool(self.attributes.get("symbols"))

    @property
    def job(self) -> str | None:
        """The job a temporary data set belongs to."""
        return self.attributes.get("job")

    @property
    def file(self) -> str | None:
        """The file name in the program (COBOL SELECT, PL/I FILE) behind a file reference; the file
        named in a C #include or a Fortran INCLUDE."""
        return self.attributes.get("file")

    @property
    def unopened(self) -> bool:
        """A COBOL file the program never OPENs: read, as far as anyone can tell."""
        return self.attributes.get("unopened", False)

    @property
    def unresolved(self) -> bool:
        """A dynamic target no value was found for: ``target`` is the variable."""
        return self.attributes.get("unresolved", False)

    @property
    def variable(self) -> str | None:
        """The variable that holds a dynamic target."""
        return self.attributes.get("variable")

    @property
    def pattern(self) -> str | None:
        """What an unresolved dynamic target looks like (``TSAU*``), from the variable's group."""
        return self.attributes.get("pattern")

    @property
    def resolved_path(self) -> str | None:
        """The file a COPY was expanded from."""
        return self.attributes.get("resolved_path")

    @property
    def mapset(self) -> str | None:
        """The mapset of a screen reference (SEND/RECEIVE MAP, a Natural map); may be ""."""
        return self.attributes.get("mapset")

    @property
    def channel(self) -> str | None:
        """The CICS channel a LINK, XCTL, START or RUN (or a JCICS ``Program.link(channel)``) passes: its
        name (names, comma-separated, where the variable can hold several), or the variable where no
        name is known."""
        return self.attributes.get("channel")

    @property
    def containers(self) -> list[str]:
        """The containers the program PUTs into that channel (a Java class: by their literal names)."""
        return self.attributes.get("containers") or []

    @property
    def using(self) -> list[Argument]:
        """The arguments of a COBOL CALL."""
        return [Argument(a.get("name", ""), a.get("mode", "")) for a in self.attributes.get("using") or []]


    @property
    def archive_entry(self) -> str | None:
        """The file inside a z/OS Connect archive (.sar, .aar) the reference is written in."""
        return self.attributes.get("archive_entry")

    @property
    def url(self) -> str | None:
        """The URL (or its path) a Java class calls a REST API by."""
        return self.attributes.get("url")


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
    def from_dict(cls, data: dict[str, Any], stored: tuple[StoredBodies, int] | None = None) -> Module:
        """``stored``: the module's symbols are still in the store's JSON (``data`` has none), read
        when the module is first asked for them."""
        module = _from_dict(cls, data)
        module.references = [Reference.from_dict(r) for r in data.get("references", [])]
        module.diagnostics = [Diagnostic.from_dict(d) for d in data.get("diagnostics", [])]
        module.metrics = dict(data.get("metrics", {}))
        module.attributes = dict(data.get("attributes", {}))
        if stored is None:
            module.symbols = [Symbol.from_dict(s) for s in data.get("symbols", [])]
        else:
            for name in BODY_FIELDS:
                del module.__dict__[name]
            module.__dict__["_stored"] = stored
        return module

    def _read_body(self) -> None:
        """The symbols the store still holds, decoded."""
        stored = self.__dict__.pop("_stored", None)
        body = stored[0].body(stored[1]) if stored is not None else {}
        self.__dict__.setdefault("symbols", [Symbol.from_dict(s) for s in body.get("symbols") or []])

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

    # attributes ------------------------------------------------------------------------------

    @property
    def header_comments(self) -> list[str]:
        """The comment block at the top of the source without its boilerplate (copyright and licence
        notices, change logs): the module's stated purpose."""
        return purpose(self.attributes.get("header_comments") or [])

    @property
    def business_rules(self) -> list[BusinessRule]:
        """The decisions in a COBOL program's procedure code, in source order."""
        return [BusinessRule.from_dict(rule) for rule in self.attributes.get("business_rules") or []]

    @property
    def copied(self) -> list[tuple[str, str]]:
        """(source, target) of each ``MOVE item TO item``: where a working-storage field gets an input's value."""
        return [(str(pair[0]), str(pair[1])) for pair in self.attributes.get("copied") or [] if len(pair) == 2]

    @property
    def sysin(self) -> list[str]:
        """The data items a COBOL program ACCEPTs from SYSIN (its control card)."""
        return [str(name) for name in self.attributes.get("sysin") or []]

    @property
    def handlers(self) -> list[Handler]:
        """The CICS handlers a COBOL program registers (HANDLE ABEND, CONDITION, AID), in source order."""
        return [Handler.from_dict(handler) for handler in self.attributes.get("handlers") or []]

    @property
    def data_uses(self) -> dict[str, DataUse]:
        """A COBOL program's data items (by name) -> the lines that read and write them."""
        return {name: DataUse(tuple(read), tuple(written)) for name, (read, written) in (self.attributes.get("data_uses") or {}).items()}

    @property
    def sql_columns(self) -> list[HostBinding]:
        """The Db2 columns the program's SQL binds to host variables, sorted."""
        return [HostBinding(*row) for row in self.attributes.get("sql_columns") or []]

    @property
    def cics_records(self) -> dict[str, list[str]]:
        """A COBOL program's CICS files -> the data items its READ INTO / WRITE FROM use as their records."""
        return self.attributes.get("cics_records") or {}

    @property
    def declared_tables(self) -> dict[str, list[DeclaredColumn]]:
        """The tables an ``EXEC SQL DECLARE TABLE`` in the module's own source declares (a DCLGEN)."""
        return {table: [DeclaredColumn(*c) for c in columns] for table, columns in (self.attributes.get("declared_tables") or {}).items()}

    @property
    def schema(self) -> str | None:
        """A Db2 object's schema (qualifier), as the DDL writes it."""
        return self.attributes.get("schema")

    @property
    def primary_key(self) -> list[str]:
        """A table's primary key columns (DDL)."""
        return self.attributes.get("primary_key") or []

    @property
    def unique_keys(self) -> list[list[str]]:
        """A table's unique keys (DDL), each a list of columns."""
        return self.attributes.get("unique_keys") or []

    @property
    def comment(self) -> str | None:
        """COMMENT ON text of a Db2 object."""
        return self.attributes.get("comment")

    @property
    def nested_in(self) -> str | None:
        """The program a nested COBOL program is contained in."""
        return self.attributes.get("nested_in")

    @property
    def entries(self) -> list[str]:
        """Names the module can also be called by besides its own (PL/I ENTRY, Fortran SUBROUTINE
        and FUNCTION, C functions)."""
        return self.attributes.get("entries") or []

    @property
    def identification(self) -> dict[str, str]:
        """A COBOL program's IDENTIFICATION DIVISION paragraphs (AUTHOR, DATE-WRITTEN…)."""
        return self.attributes.get("identification") or {}

    @property
    def package(self) -> str | None:
        """A Java class's package (its module name is the qualified name: package and class)."""
        return self.attributes.get("package")

    @property
    def simple_name(self) -> str:
        """A Java class's name without its package."""
        return self.attributes.get("simple_name") or self.name.rsplit(".", 1)[-1]

    @property
    def archive_entry(self) -> str | None:
        """The file inside a z/OS Connect archive (.sar, .aar) a service or API is defined in."""
        return self.attributes.get("archive_entry")

    @property
    def service(self) -> ServiceDefinition:
        """A z/OS Connect service's or API's definition (empty for other kinds)."""
        return ServiceDefinition.from_attributes(self.attributes)

    # metrics ---------------------------------------------------------------------------------

    def metric(self, name: str) -> int:
        """A count by its name in ``metrics`` (lines, code_lines, statements, complexity…); 0 when
        the module's parser does not count it."""
        return self.metrics.get(name, 0)

    @property
    def code_lines(self) -> int:
        """Lines holding code (not blank, not comment)."""
        return self.metric("code_lines")

    @property
    def comment_lines(self) -> int:
        return self.metric("comment_lines")

    @property
    def statements(self) -> int:
        return self.metric("statements")

    @property
    def complexity(self) -> int:
        """Cyclomatic complexity of the whole program."""
        return self.metric("complexity")

    @property
    def goto(self) -> int:
        """GO TO statements."""
        return self.metric("goto")

    @property
    def alter(self) -> int:
        """ALTER statements."""
        return self.metric("alter")

    @property
    def unreachable_paragraphs(self) -> int:
        return self.metric("unreachable_paragraphs")


def _body_field(name: str) -> property:
    """A Module field the store may still hold undecoded (see ``StoredBodies``)."""

    def get(module: Module) -> Any:
        if name not in module.__dict__:
            module._read_body()
        return module.__dict__[name]

    def put(module: Module, value: Any) -> None:
        module.__dict__[name] = value

    return property(get, put, doc=f"The module's {name} (decoded from the store when first asked).")


# The bulk of a program's facts (its data items and paragraphs: three quarters of a real estate's
# cached facts) that commands like ``scan`` never read: the store keeps them apart, and a module
# from the store decodes them when first asked. The dataclass's __init__, __eq__, __repr__ and
# asdict go through these properties like any code does.
BODY_FIELDS = ("symbols",)
for _name in BODY_FIELDS:
    setattr(Module, _name, _body_field(_name))


class StoredBodies:
    """The symbols of one file's modules as the store keeps them: JSON text, decoded (all of the
    file's at once) when the first of its modules asks."""

    __slots__ = ("_text", "_bodies")

    def __init__(self, text: str) -> None:
        self._text: str | None = text
        self._bodies: list[Any] | None = None

    def body(self, index: int) -> dict[str, Any]:
        if self._bodies is None:
            try:
                bodies = orjson.loads(self._text or "[]")
            except orjson.JSONDecodeError:
                try:
                    bodies = json.loads(self._text or "[]")  # an integer past 64 bits, as the store wrote it
                except ValueError:
                    bodies = []  # verified text the store wrote cannot be this; an empty body, not a crash
            self._bodies, self._text = bodies if isinstance(bodies, list) else [], None
        found = self._bodies[index] if 0 <= index < len(self._bodies) else None
        return found if isinstance(found, dict) else {}


def split_bodies(facts: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A parse result's dict as the store keeps it: the modules without their bodies, and the bodies
    (``BODY_FIELDS``) in module order. ``facts`` is not changed."""
    modules = facts.get("modules")
    if not isinstance(modules, list):
        return facts, []
    heads, bodies = [], []
    for module in modules:
        if not isinstance(module, dict):
            heads.append(module)
            bodies.append({})
            continue
        heads.append({key: value for key, value in module.items() if key not in BODY_FIELDS})
        bodies.append({key: module[key] for key in BODY_FIELDS if key in module})
    return {**facts, "modules": heads}, bodies


# Sorted keys; dataclasses and datetimes go to ``default`` as the json module sends them.
JSON_OPTIONS = orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME


def dumps(data: Any, default: Any = None) -> str:
    """Deterministic JSON: same facts give byte-identical text, so users can diff two runs.

    One record per line under the top level, not ``indent``: indenting switches json to its
    pure-Python encoder, ten times slower (20 s for a million-line estate's facts); records on
    their own lines still diff well."""
    def encode(value: Any) -> str:
        # orjson, compact (a 1.7-million-line estate's facts.json took 23 s with json); json with
        # the same separators where orjson declines (an integer past 64 bits, a key that is no string).
        try:
            return orjson.dumps(value, default=default, option=JSON_OPTIONS).decode()
        except (orjson.JSONEncodeError, TypeError):
            return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=default)

    def listing(items: list[Any]) -> str:
        return "[\n" + ",\n".join(encode(item) for item in items) + "\n]" if items else "[]"

    def block(value: Any) -> str:
        return listing(value) if isinstance(value, list) else encode(value)

    if isinstance(data, dict):
        return "{\n" + ",\n".join(f"{encode(str(key))}: {block(data[key])}" for key in sorted(data)) + "\n}\n"
    return block(data) + "\n"
