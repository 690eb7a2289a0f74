"""What a file is: its language and kind, decided by its content first and its name second.

Mainframe estates arrive as extracts: members without extensions, JCL saved as ``.txt``, copybooks
saved as ``.cbl``. And repositories of mainframe applications hold much more than the mainframe's
sources: a Java or JavaScript front end, scripts, licences, lock files. A file is COBOL only on
positive COBOL evidence (data entries with level numbers and clauses, division and section headers,
paragraphs, statements in COBOL's shape) and JCL only on JCL statements, and that evidence is weighed
against the evidence for the other languages (``languages.py``): braces and semicolons, ``import``,
shebangs, markup, JSON, sentences. The extension tips the balance; it never decides alone.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cached_property

from modernize import signatures
from modernize.inventory import languages
from modernize.inventory.languages import LOCK_NAMES, LOCKFILE, NAMED_FILES, Foreign
from modernize.model import FileKind

SAMPLE = 256 * 1024  # where PROGRAM-ID, JCL cards and DDL are looked for
EVIDENCE = 64 * 1024  # where lines of evidence are counted
PRIOR = 4  # the weight of an extension (or a file name) that says which side a file is on

# Extension hints: (language, kind). Content wins where it is clear.
EXTENSIONS: dict[str, tuple[str, FileKind]] = {
    ".cbl": ("cobol", FileKind.PROGRAM),
    ".cob": ("cobol", FileKind.PROGRAM),
    ".cobol": ("cobol", FileKind.PROGRAM),
    ".ccp": ("cobol", FileKind.PROGRAM),
    ".sqb": ("cobol", FileKind.PROGRAM),
    ".pco": ("cobol", FileKind.PROGRAM),
    ".cpy": ("cobol", FileKind.COPYBOOK),
    ".copy": ("cobol", FileKind.COPYBOOK),
    ".cpb": ("cobol", FileKind.COPYBOOK),
    ".dclgen": ("cobol", FileKind.COPYBOOK),
    ".jcl": ("jcl", FileKind.JCL),
    ".jcls": ("jcl", FileKind.JCL),
    ".prc": ("jcl", FileKind.PROC),
    ".proc": ("jcl", FileKind.PROC),
    ".bms": ("bms", FileKind.BMS),
    ".mfs": ("mfs", FileKind.BMS),
    ".sql": ("sql", FileKind.DDL),
    ".ddl": ("sql", FileKind.DDL),
    ".db2": ("sql", FileKind.DDL),
    ".csd": ("csd", FileKind.CSD),
    ".dbd": ("ims", FileKind.DBD),
    ".psb": ("ims", FileKind.PSB),
}
# Languages recognised by extension alone (each has its own parser, which says what it finds).
OTHER_LANGUAGES: dict[str, tuple[str, FileKind]] = {
    ".ezt": ("easytrieve", FileKind.PROGRAM),
    ".esy": ("easytrieve", FileKind.PROGRAM),
    ".kex": ("kexx", FileKind.SOURCE),  # KEDIT macros: the editor's, not the application's
    ".kexx": ("kexx", FileKind.SOURCE),
    ".pli": ("pli", FileKind.PROGRAM),
    ".pl1": ("pli", FileKind.PROGRAM),
    ".plinc": ("pli", FileKind.COPYBOOK),
    ".inc": ("pli", FileKind.COPYBOOK),
    ".f": ("fortran", FileKind.PROGRAM),
    ".for": ("fortran", FileKind.PROGRAM),
    ".f77": ("fortran", FileKind.PROGRAM),
    ".ftn": ("fortran", FileKind.PROGRAM),
    ".f90": ("fortran", FileKind.PROGRAM),
    ".f95": ("fortran", FileKind.PROGRAM),
    ".c": ("c", FileKind.PROGRAM),
    ".h": ("c", FileKind.COPYBOOK),
    ".nsp": ("natural", FileKind.PROGRAM),
    ".nsn": ("natural", FileKind.PROGRAM),
    ".nss": ("natural", FileKind.PROGRAM),
    ".nsm": ("natural", FileKind.BMS),
    ".nsl": ("natural", FileKind.COPYBOOK),
    ".nsa": ("natural", FileKind.COPYBOOK),
    ".nsg": ("natural", FileKind.COPYBOOK),
    ".rexx": ("rexx", FileKind.PROGRAM),
    ".rex": ("rexx", FileKind.PROGRAM),
    ".clist": ("clist", FileKind.PROGRAM),
    ".asm": ("assembler", FileKind.PROGRAM),
    ".mac": ("assembler", FileKind.COPYBOOK),
}
RE_FORTRAN_DECLARATION = re.compile(r"^[ \t]+(?:COMMON|REAL|INTEGER|DOUBLE\s+PRECISION|PARAMETER|DIMENSION|LOGICAL|CHARACTER)\b",
                                    re.I | re.M)
# A C++ header (.h is C's and C++'s): a namespace, a template, a class with a body, the standard library.
RE_CPP_HEADER = re.compile(r"^[ \t]*(?:namespace[ \t]+\w+|template[ \t]*<|class[ \t]+\w++[^;(\n{]*+\n?[ \t]*\{|using[ \t]+namespace[ \t]|"
                           r"#[ \t]*include[ \t]*<(?:iostream|string|vector|map|memory|cstdint|cstdio|cstring|algorithm|functional)>)", re.M)
CONFIG_NAMES = {".gitignore", ".gitattributes", ".editorconfig", "modernize.toml", ".gitmodules", ".gitkeep", ".keep",
                ".pre-commit-config.yaml", ".secrets.baseline"}
# Extensions of documents, settings and data formats: they decide before the content is looked at.
DECISIVE_EXTENSIONS = frozenset(ext for ext, language in languages.EXTENSION_LANGUAGES.items()
                                if languages.language_kind(language) != FileKind.SOURCE)
# Settings that may be z/OS Connect definitions (told by their content), and its archives (zip files).
ZOSCONNECT_EXTENSIONS = frozenset({".properties", ".yml", ".yaml", ".xml"})
ZOSCONNECT_ARCHIVES = frozenset({".sar", ".aar"})
DATA_EXTENSIONS = {".sysin", ".parm", ".prm", ".srt", ".ctl", ".ctlcard", ".dat", ".data", ".csv", ".seq", ".txt", ".ebc", ".bin", ".ps", ".vsam"}

# Content signatures. The COBOL ones allow a sequence area and indicator column before the code.
# A line is found by the newline before it (the texts searched start with one): a regex that starts
# with a literal is searched for at memchr speed, where a ``^`` one is tried at every position.
# They run on whatever a repository holds, so each must stay linear in the text: a blank run is
# taken whole (possessive: the keyword after it never starts with a blank), and a data name is the
# shortest that ends at a word boundary (atomic: a longer one could only find less after it), so no
# line is scanned again from every place a quantifier could give back.
_AREA = r"\n(?:[^\n]{6}[ dD])?[ \t]*+"
RE_PROGRAM_ID = re.compile(_AREA + r"PROGRAM-ID\b", re.M)
# A data description entry (run on upper-cased text): a level number, a name, and a clause, or a
# group's period right after the name.
RE_DATA_ENTRY = re.compile(
    _AREA + r"(?:0?[1-9]|[1-4][0-9]|66|77|88)[ \t]++(?>[A-Z0-9:][A-Z0-9_:-]*?\b)"
    r"(?:[^\n]*?(?:\bPIC(?:TURE)?\b|\bVALUES?\b|\bREDEFINES\b|\bOCCURS\b|\bCOMP(?:UTATIONAL)?(?:-[1-5])?\b|\bUSAGE\b"
    r"|\bPACKED-DECIMAL\b|\bBINARY\b|\bPOINTER\b|\bSYNC(?:HRONIZED)?\b|\bRENAMES\b)|[ \t]*+\.[ \t]*+$)",
    re.M,
)
# Headers and clauses that only COBOL writes (upper-cased text).
RE_COBOL_HEADER = re.compile(
    _AREA + r"(?:(?:IDENTIFICATION|ID|ENVIRONMENT|DATA)[ \t]++DIVISION[ \t]*+\."
    r"|PROCEDURE[ \t]++DIVISION(?:[ \t]*+\.|[ \t]++(?:USING|RETURNING|CHAINING)\b)|PROGRAM-ID\b"
    r"|(?:WORKING-STORAGE|LINKAGE|FILE|LOCAL-STORAGE|CONFIGURATION|INPUT-OUTPUT|SCREEN|REPORT)[ \t]++SECTION[ \t]*+\."
    r"|(?:FILE-CONTROL|SPECIAL-NAMES|SOURCE-COMPUTER|OBJECT-COMPUTER|I-O-CONTROL)[ \t]*+\."
    r"|[A-Z0-9][A-Z0-9-]*+[ \t]++SECTION[ \t]*+\.[ \t]*+$|(?:FD|SD)[ \t]++[A-Z0-9][A-Z0-9-]*+[ \t]*+(?:\.|$)"
    r"|SELECT[ \t]++(?:OPTIONAL[ \t]++)?[A-Z0-9][A-Z0-9-]*+[ \t]++ASSIGN\b"
    r"|LABEL[ \t]++RECORDS?[ \t]++(?:ARE|IS)[ \t]++(?:STANDARD|OMITTED)\b|(?:BLOCK|RECORD)[ \t]++CONTAINS\b"
    r"|DATA[ \t]++RECORDS?[ \t]++(?:ARE|IS)\b|RECORDING[ \t]++MODE\b|EXEC[ \t]++(?:SQL|CICS|DLI)\b|END-EXEC\b"
    r"|COPY[ \t]++[A-Z0-9][A-Z0-9_-]*+(?:[ \t]*+\.|[ \t]++(?:REPLACING|OF|IN|SUPPRESS)\b))",
    re.M,
)
# A paragraph header: a name with a hyphen or a digit, alone with its period (as written: COBOL's
# names are upper case far more often than not, and prose's words are not).
RE_PARAGRAPH = re.compile(_AREA + r"(?:(?:[A-Z0-9]++-)++[A-Z0-9]++|[A-Z]++[0-9][A-Z0-9]*+)[ \t]*+\.[ \t]*+$", re.M)
# Statements in COBOL's shape, as written: upper case for the verbs that are English words too,
# either case for those that only COBOL writes.
RE_COBOL_STATEMENT = re.compile(
    _AREA + r"(?:MOVE[ \t]++[^\n]*?[ \t]TO[ \t]++[A-Z0-9(]|PERFORM[ \t]++[A-Z0-9]|EVALUATE[ \t]++\S|COMPUTE[ \t]++[A-Z]"
    r"|(?:ADD|SUBTRACT|MULTIPLY|DIVIDE)[ \t]++[^\n]*?[ \t](?:TO|FROM|BY|INTO|GIVING)\b|GO[ \t]++TO\b|STOP[ \t]++RUN\b"
    r"|EXIT[ \t]++(?:PROGRAM|PARAGRAPH|SECTION|PERFORM)\b|EXIT[ \t]*+\.|NEXT[ \t]++SENTENCE\b|INITIALIZE[ \t]++[A-Z]"
    r"|INSPECT[ \t]++[A-Z]|OPEN[ \t]++(?:INPUT|OUTPUT|I-O|EXTEND)\b|CLOSE[ \t]++[A-Z][A-Z0-9-]*+[ \t]*+(?:\.|$)"
    r"|(?:READ|WRITE|REWRITE|DELETE|START)[ \t]++[A-Z][A-Z0-9-]*+(?:[ \t]++(?:INTO|FROM|NEXT|RECORD|AT|KEY|INVALID|AFTER|BEFORE)\b|[ \t]*+\.?[ \t]*+$)"
    r"|DISPLAY[ \t]++(?:'|\"|[A-Z][A-Z0-9-]*+[ \t]*+(?:\.|$|UPON\b))|ACCEPT[ \t]++[A-Z][A-Z0-9-]*+(?:[ \t]++FROM\b|[ \t]*+\.?[ \t]*+$)"
    r"|IF[ \t]++(?!(?:NOT[ \t]++)?(?:EXIST|ERRORLEVEL|DEFINED)\b)[A-Z0-9(](?:[^\n%${};=]|=(?!=))*+$"
    r"|SET[ \t]++[A-Z][A-Z0-9-]*+(?:\([^)\n]*+\))?(?:[ \t]++(?:OF|IN)[ \t]++[A-Z][A-Z0-9-]*+)*+[ \t]++(?:TO|UP[ \t]++BY|DOWN[ \t]++BY)\b"
    r"|SET[ \t]++ADDRESS[ \t]++OF\b|CALL[ \t]++(?:'[A-Z0-9#@$_-]{1,30}+'|\"[A-Z0-9#@$_-]{1,30}+\"|[A-Z][A-Z0-9-]*+)"
    r"(?:[ \t]++(?:USING|RETURNING|ON|END-CALL)\b|[ \t]*+\.?[ \t]*+$)|GOBACK\b"
    r"|(?i:END-(?:IF|PERFORM|EVALUATE|READ|WRITE|CALL|COMPUTE|STRING|UNSTRING|SEARCH|START|REWRITE|DELETE|EXEC)\b"
    r"|perform[ \t]++[a-z0-9][a-z0-9-]*+[ \t]*+(?:\.|$|until\b|varying\b|thru\b|through\b|times\b)|move[ \t]++\S++[ \t]++to[ \t]++[\w-]++[ \t]*+\.?$"
    r"|goback[ \t]*+\.|stop[ \t]++run[ \t]*+\.))",
    re.M,
)
RE_JCL_JOB = re.compile(r"\n//[A-Z@#$][A-Z0-9@#$]{0,15}[ \t]+JOB\b", re.M)  # tolerant of over-long names
RE_JCL_PROC = re.compile(r"\n//[A-Z@#$][A-Z0-9@#$]{0,15}[ \t]+PROC\b", re.M)
RE_JCL_LINE = re.compile(r"\n(?://|/\*)")
# A JCL statement: name field (or none) and an operation, in upper case as JES wants it.
RE_JCL_STATEMENT = re.compile(r"\n//(?:[A-Z@#$][A-Z0-9@#$]{0,15}(?:\.[A-Z@#$][A-Z0-9@#$]{0,7})?)?[ \t]++"
                              r"(?:JOB|EXEC|DD|PROC|PEND|SET|INCLUDE|JCLLIB|IF|THEN|ELSE|ENDIF|OUTPUT|CNTL|ENDCNTL|COMMAND|EXPORT|"
                              r"XMIT|SCHEDULE|NOTIFY|JOBGROUP|GJOB|ENDGROUP)(?:[ \t]|$)", re.M)
RE_JCL_COMMENT = re.compile(r"\n//\*")
RE_NONBLANK_LINE = re.compile(r"\n[ \t]*+\S")
RE_CSD = re.compile(
    r"\n[ \t]*+DEFINE[ \t]++(?:TRANSACTION|TRANS|PROGRAM|PROG|MAPSET|FILE|TDQUEUE|TSMODEL|LIBRARY|PARTNER)[ \t]*\(",
    re.M,
)
RE_DDL = re.compile(
    r"\n[ \t]*+CREATE[ \t]++(?:UNIQUE[ \t]+)?(?:TABLE|TABLESPACE|VIEW|INDEX|DATABASE|STOGROUP|SYNONYM|ALIAS|AUXILIARY)\b",
    re.M,
)
# A line of SQL (upper-cased): a statement or clause word first, a column definition, a comment or a
# closing parenthesis. DDL is a file where such lines are a good part of the text, not a document or
# a log that quotes a CREATE TABLE among its prose.
RE_SQL_LINE = re.compile(
    r"\n[ \t]*+(?:--|/\*|\*|\)|;|(?:CREATE|ALTER|DROP|INSERT|UPDATE|DELETE|GRANT|REVOKE|COMMENT|LABEL|SET|COMMIT|DECLARE|"
    r"PRIMARY|FOREIGN|UNIQUE|CONSTRAINT|REFERENCES|IN|ON|USING|PRIQTY|SECQTY|BUFFERPOOL|LOCKSIZE|FREEPAGE|PCTFREE|CCSID|"
    r"VALUES|SELECT|FROM|WHERE|AND|OR|WITH|NOT|DEFAULT|CHECK|PARTITION|AUDIT|DATA|GO|BEGIN|END)\b|"
    r"[\"A-Z_@#$][\w@#$\"]*[ \t]++(?:CHAR|VARCHAR|CHARACTER|DECIMAL|DEC|NUMERIC|INTEGER|INT|SMALLINT|BIGINT|DATE|TIME|"
    r"TIMESTAMP|FLOAT|DOUBLE|REAL|BLOB|CLOB|DBCLOB|GRAPHIC|VARGRAPHIC|LONG|NUMBER|VARCHAR2|TEXT|BOOLEAN|SERIAL|ROWID|XML|"
    r"BINARY|VARBINARY|NVARCHAR|NCHAR|MONEY|BIT|UNIQUEIDENTIFIER|DATETIME|DATETIME2)\b)",
    re.M,
)
SQL_SHARE = 0.25  # of the non-blank lines, for a file without an SQL extension to be DDL
# A code generator's or a deployment tool's template, by its name: x.tpl.cob, x.cbl.tmpl, x.template.
RE_TEMPLATE_NAME = re.compile(r"\.(?:tpl|tmpl|template)(?:\.[a-z0-9]{1,8})?$")
# A compiler listing's page header (Micro Focus, IBM Enterprise COBOL, GnuCOBOL, PL/I), and its numbered lines.
RE_LISTING_HEADER = re.compile(r"(?<![^\n])[*1 ]?[ \t]*+(?:PP[ \t]++\d{4}-|[^\n]{0,60}?(?:COBOL|PL/I|GnuCOBOL|Compiler)\b[^\n]{0,80}?\bPage[ \t]++\d)",
                               re.I)
RE_LISTING_LINE = re.compile(r"\n[ ]{1,5}[1-9][0-9]{0,5}[ *\-/D]", re.M)
LISTING_EXTENSIONS = frozenset({".lst", ".lis", ".list", ".prn", ".lis1"})
# A binder (linkage editor) control statement, indented as the binder wants it.
RE_LINKEDIT = re.compile(r"(?<![^\n])[ \t]++(?:INCLUDE|ENTRY|NAME|ALIAS|MODE|SETCODE|SETOPT|LIBRARY|CHANGE|REPLACE|ORDER|PAGE|INSERTS?|OVERLAY|IDENTIFY)"
                         r"[ \t]++\S")
# A free-format directive where a directive stands: first on its line (after a sequence number).
RE_FREE_DIRECTIVE = re.compile(r"\n(?:[0-9]{6})?[ \t]*+(?:>>[ \t]*+SOURCE[ \t]++(?:FORMAT[ \t]++(?:IS[ \t]++)?)?FREE\b"
                               r"|\$[ \t]*+SET[ \t]++SOURCEFORMAT[ \t]*+(?:\([ \t]*+)?[\"']?FREE)", re.I | re.M)
# Where the code's own landmarks start tells the reference format: in fixed format, divisions,
# PROGRAM-ID, sections, FDs and 01 levels start in area A (column 8 on).
RE_LANDMARK = re.compile(r"\n(?P<sequence>[0-9]{6})?(?P<lead>[ \t]*+)(?:(?:IDENTIFICATION|ID|ENVIRONMENT|DATA|PROCEDURE)[ \t]++DIVISION\b"
                         r"|PROGRAM-ID\b|(?:WORKING-STORAGE|LINKAGE|FILE|LOCAL-STORAGE)[ \t]++SECTION\b|(?:FD|SD)[ \t]|0?1[ \t]++[A-Z])",
                         re.I | re.M)
RE_COBOL_CHECK = re.compile(r"\n(?:[0-9]{6})?[ \t]*+(?i:TestSuite|TestCase)[ \t]++[\"']")


@dataclass
class Evidence:
    """The counts one decision weighs, computed once per file and only as far as needed."""

    path: str
    text: str

    def __post_init__(self) -> None:
        name = self.path.rsplit("/", 1)[-1]
        self.name = name.lower()
        self.ext = os.path.splitext(self.name)[1]
        self.head = "\n" + self.text[:SAMPLE]  # the newline the line regexes find the first line by
        self.sample = self.head[: EVIDENCE + 1]

    @cached_property
    def upper(self) -> str:
        return self.head.upper()

    @cached_property
    def nonblank(self) -> int:
        return len(RE_NONBLANK_LINE.findall(self.sample))

    @cached_property
    def first_line(self) -> str:
        stripped = self.head.lstrip()
        return stripped.split("\n", 1)[0]

    @cached_property
    def foreign(self) -> Foreign:
        return Foreign(self.sample[1:])

    @cached_property
    def data_entries(self) -> int:
        return len(RE_DATA_ENTRY.findall(self.upper[:EVIDENCE]))

    @cached_property
    def cobol_strong(self) -> int:
        """Data entries, headers and paragraphs: lines only COBOL writes."""
        return self.data_entries + len(RE_COBOL_HEADER.findall(self.upper[:EVIDENCE])) + len(RE_PARAGRAPH.findall(self.sample))

    @cached_property
    def cobol_statements(self) -> int:
        return len(RE_COBOL_STATEMENT.findall(self.sample))

    @cached_property
    def program_id(self) -> bool:
        if "PROGRAM-ID" in self.upper and RE_PROGRAM_ID.search(self.upper):
            return True
        if len(self.text) > SAMPLE and "PROGRAM-ID" in self.text.upper():
            return RE_PROGRAM_ID.search("\n" + self.text.upper()) is not None
        return False

    @property
    def cobol_extension(self) -> bool:
        return self.ext in EXTENSIONS and EXTENSIONS[self.ext][0] == "cobol"

    @cached_property
    def foreign_extension(self) -> str | None:
        return languages.EXTENSION_LANGUAGES.get(self.ext)

    @cached_property
    def doc_name(self) -> bool:
        return languages.RE_DOC_NAME.search(self.name) is not None

    @cached_property
    def plainly_cobol(self) -> bool:
        """The usual COBOL source, told cheaply: divisions with a PROGRAM-ID, or data entries; no
        braces or semicolons; no name that says otherwise."""
        if self.foreign_extension or self.doc_name:
            return False
        sample = self.sample
        if sample.count("{") + sample.count("}") + sample.count(";") > 3:
            return False
        return (self.program_id and "DIVISION" in self.upper) or self.data_entries >= 3

    def cobol_outweighs(self) -> bool:
        """Enough COBOL evidence, and more of it than of any other language (or prose)."""
        if self.plainly_cobol:
            return True
        strong, statements = self.cobol_strong, self.cobol_statements
        if not (strong >= 1 or statements >= 2 or (self.cobol_extension and self.foreign.lines == 0)):
            return False
        cobol = 2 * strong + statements + (PRIOR if self.cobol_extension else 0)
        if self.foreign.lines == 0 and not self.doc_name and not self.foreign_extension and cobol >= 2 * PRIOR:
            return True  # the usual COBOL source: no need to look for sentences
        other = 2 * self.foreign.lines + self.foreign.prose + (PRIOR if self.foreign_extension or self.doc_name else 0)
        return cobol > other


def classify(path: str, text: str) -> tuple[str, FileKind]:
    """Return (language, kind) from content first, extension second."""
    e = Evidence(path, text)
    name, ext = e.name, e.ext
    if name in LOCK_NAMES or ext == ".lock":
        return (LOCKFILE, FileKind.CONFIG)
    if languages.cobc_output(text[:400]):
        return ("c", FileKind.OTHER)  # a build's output: its COBOL source is the program
    if name in NAMED_FILES:
        return NAMED_FILES[name]
    if name in CONFIG_NAMES:
        return ("text", FileKind.CONFIG)
    companion = companion_kind(e)
    if companion is not None:
        return companion
    if ext in ZOSCONNECT_EXTENSIONS and signatures.zosconnect_kind(e.sample):
        return ("zosconnect", FileKind.CONFIG)  # a z/OS Connect service or API: a REST front of the programs
    if RE_TEMPLATE_NAME.search(name):
        return ("template", FileKind.SOURCE)  # a code generator's template ($body$): code only once filled in
    if is_listing(e):
        return ("listing", FileKind.DOC)  # a compiler's listing: the source is elsewhere, this is its report
    if ext == ".inc" and RE_FORTRAN_DECLARATION.search(e.head) and ";" not in e.head:
        return ("fortran", FileKind.COPYBOOK)  # .inc is PL/I's and Fortran's: Fortran has no semicolons
    if ext == ".h" and RE_CPP_HEADER.search(e.head):
        return ("cpp", languages.language_kind("cpp"))  # C++: the C grammar reads it as errors
    if ext in OTHER_LANGUAGES:
        return OTHER_LANGUAGES[ext]
    if ext in DECISIVE_EXTENSIONS:
        # Documents, settings and data formats: a COBOL example in a read-me stays an example.
        language = languages.EXTENSION_LANGUAGES[ext]
        return (language, languages.language_kind(language))
    anchored = anchor(e)
    if anchored is not None:
        return anchored
    mainframe = classify_mainframe(e)
    if mainframe is not None:
        return mainframe
    return classify_other(e)


def zosconnect_archive(path: str, raw: bytes) -> bool:
    """A z/OS Connect service or API archive (.sar, .aar): a zip file by its name and first bytes."""
    return os.path.splitext(path.lower())[1] in ZOSCONNECT_ARCHIVES and raw.startswith(b"PK\x03\x04")


def is_listing(e: Evidence) -> bool:
    """A compiler listing: a page header that names the compiler, or (as .lst/.prn) lines numbered 1,
    2, 3 right-aligned before the code, which numbered sources (000100) are not."""
    if RE_LISTING_HEADER.match(e.first_line):
        return True
    if e.ext not in LISTING_EXTENSIONS:
        return False
    lines = nonblank_lines(e.head)[:200]
    return len(lines) >= 3 and len(RE_LISTING_LINE.findall(e.sample)) >= 0.6 * min(len(lines), len(RE_NONBLANK_LINE.findall(e.sample)))


def companion_kind(e: Evidence) -> tuple[str, FileKind] | None:
    """A UniKix/MBM job script (whatever its shell or extension: the form batch takes after a rehost),
    or an IMS DBD or PSB (assembler macros, rarely with an extension of their own)."""
    head = e.head
    if ("BEGINJOB" in head or "BEGINPROC" in head or "ASSGNDD" in head) and (kind := signatures.unikix_kind(e.sample)):
        return ("unikix", FileKind.PROC if kind == "proc" else FileKind.JCL)
    if ("DBD" in head or "PCB" in head or "dbd" in head or "pcb" in head) and (kind := signatures.ims_kind(e.sample)):
        return ("ims", FileKind.DBD if kind == "dbd" else FileKind.PSB)
    return None


def anchor(e: Evidence) -> tuple[str, FileKind] | None:
    """What a file's first line or whole shape says beyond doubt: a script's interpreter, markup,
    a JSON document."""
    first = e.first_line
    if first.startswith("#!"):
        language = languages.shebang_language(first)
        if language is not None:
            return (language, languages.language_kind(language))
    if first.startswith("<") and not first.startswith("<<") and (
            first.startswith(("<?xml", "<!")) or e.foreign.signs.get("markup", 0) >= max(2, e.nonblank // 2)):
        if "<cicsdefinition" in e.head[:4096].lower():
            return ("csd", FileKind.CSD)  # a CICS bundle part: one resource definition in XML
        language = languages.markup_language(e.head, e.ext)
        return (language, FileKind.SOURCE if language in ("html", "jsp") else FileKind.DATA)
    if first[:1] in ("{", "[") and languages.json_document(e.text):
        return ("json", FileKind.DATA)
    return None


def classify_mainframe(e: Evidence) -> tuple[str, FileKind] | None:
    """JCL, BMS, COBOL, CSD or DDL, when the content says so more than it says anything else."""
    head = e.head
    if "//" in head:
        jcl = jcl_kind(e)
        if jcl is not None:
            return ("jcl", jcl)
    # A mapset in a C++, Java or Python file is a test's or a generator's text (a string literal): the
    # file is its language's.
    if "DFHMSD" in head and not e.foreign_extension and re.search(r"(?<![\w-])DFHMSD(?![\w-])", head):
        return ("bms", FileKind.BMS)
    if "DFLD" in head and not e.foreign_extension and signatures.mfs_source(head):
        return ("mfs", FileKind.BMS)
    if e.program_id and e.cobol_outweighs():
        return ("cobol", FileKind.PROGRAM)
    upper = e.upper
    if "DEFINE" in upper and RE_CSD.search(upper) and e.data_entries == 0 and not e.foreign.language(e.nonblank):
        return ("csd", FileKind.CSD)
    if "CREATE" in upper and RE_DDL.search(upper) and e.data_entries == 0 and not named_language(e) and \
            len(RE_SQL_LINE.findall(upper)) >= SQL_SHARE * len(RE_NONBLANK_LINE.findall(e.head)):
        return ("sql", FileKind.DDL)
    if e.ext in (".cut",) or (e.foreign.signs.get("cobol-check", 0) and RE_COBOL_CHECK.search(e.sample)):
        return ("cobol-check", FileKind.SOURCE)  # COBOL Check's test suites: COBOL statements under TestCase
    if e.cobol_outweighs():
        return ("cobol", FileKind.COPYBOOK)  # no PROGRAM-ID: a member that is copied
    if e.ext in EXTENSIONS and EXTENSIONS[e.ext][0] not in ("cobol", "jcl") and not e.foreign.language(e.nonblank):
        return EXTENSIONS[e.ext]
    return None


def named_language(e: Evidence) -> str | None:
    """A language other than SQL that the content names (a script that holds DDL is the script)."""
    language = e.foreign.language(e.nonblank)
    return None if language in (None, "yaml", "properties", "markdown") else language


def jcl_kind(e: Evidence) -> FileKind | None:
    """JOB, PROC or INCLUDE member, on JCL statements: most lines are JCL, or the first is a JOB or
    PROC statement; and lines of other languages are fewer than the JCL ones."""
    head = e.head
    statements = len(RE_JCL_STATEMENT.findall(e.sample))
    if not statements and not RE_JCL_COMMENT.search(e.sample):
        return None
    jcl_lines = len(RE_JCL_LINE.findall(e.sample))
    is_job, is_proc = RE_JCL_JOB.search(head) is not None, RE_JCL_PROC.search(head) is not None
    starts_as_jcl = e.first_line.startswith("//") and (is_job or is_proc)
    if not starts_as_jcl:
        if jcl_lines < e.nonblank * 0.5 or e.foreign.lines * 2 >= jcl_lines:
            return None
        if not statements and (e.foreign.lines or e.foreign_extension):
            return None  # only comments: JCL's only if nothing else speaks
    if is_job:
        return FileKind.JCL
    if is_proc:
        return FileKind.PROC
    return FileKind.JCLINCLUDE


def classify_other(e: Evidence) -> tuple[str, FileKind]:
    """A file that is not the mainframe's: its language by extension, by evidence, or prose, data."""
    if e.foreign_extension:
        return (e.foreign_extension, languages.language_kind(e.foreign_extension))
    if e.ext in DATA_EXTENSIONS and e.ext != ".txt":
        return ("data", FileKind.DATA)  # control cards, parameters, records
    lines = nonblank_lines(e.head)
    statements = [line for line in lines[:60] if not line.lstrip().startswith("*")]
    if statements and all(RE_LINKEDIT.match(line) for line in statements):
        return ("linkedit", FileKind.CONFIG)  # the binder's control statements: how a load module is built
    language = e.foreign.language(e.nonblank)
    prose = e.foreign.prose if language is None or e.foreign.signs[language] < e.nonblank * 0.5 else 0
    if language is not None and e.foreign.signs[language] >= prose:
        if language == "markup":
            language = languages.markup_language(e.head, e.ext)
            return (language, FileKind.SOURCE if language in ("html", "jsp") else FileKind.DATA)
        return (language, languages.language_kind(language))
    if (prose >= 3 and prose >= e.nonblank * 0.2) or (e.doc_name and not looks_like_records(lines)):
        return ("text", FileKind.DOC)
    if e.ext in (".txt",) and not looks_like_records(lines):
        return ("text", FileKind.DOC)
    if e.ext in DATA_EXTENSIONS or looks_like_records(lines):
        return ("data", FileKind.DATA)
    return ("unknown", FileKind.OTHER)


def nonblank_lines(head: str) -> list[str]:
    return [ln for ln in head.split("\n", 4000)[:4000] if ln.strip()]


def looks_like_records(lines: list[str]) -> bool:
    """Fixed-length records: at least three lines, nearly all of one length."""
    if len(lines) < 3:
        return False
    lengths: dict[int, int] = {}
    for ln in lines:
        lengths[len(ln)] = lengths.get(len(ln), 0) + 1
    return max(lengths.values()) >= len(lines) * 0.9


def detect_source_format(text: str) -> str:
    """COBOL reference format: ``free``, ``fixed-numbered`` (sequence numbers in 1-6) or ``fixed``.

    The format the reading starts in: a free-format directive before any code makes it free (after
    code, the reader switches where the directive stands). Then the code's own landmarks (divisions,
    PROGRAM-ID, sections, FDs, 01 levels) say it: in area A (column 8 on) fixed, in columns 1-6
    without a sequence number free. Failing landmarks, the share of lines that fit columns 1-7."""
    head = "\n" + text[:65536]
    directive = RE_FREE_DIRECTIVE.search(head)
    if directive is not None:
        before = head[: directive.start()]
        if not any(ln.strip() and ln[6:7] not in ("*", "/") and not ln.lstrip().startswith("*") for ln in before.split("\n")):
            return "free"
        head = before
    free = fixed = 0
    for match in RE_LANDMARK.finditer(head):
        column = len(match.group("lead").expandtabs(8))
        if match.group("sequence") or column >= 7:
            fixed += 1
        elif column < 6:
            free += 1
    if free > fixed:
        return "free"
    lines = [ln.expandtabs(8) for ln in head.split("\n", 2001)[:2001] if ln.strip()]
    if not lines:
        return "fixed"
    fixed_lines = numbered = 0
    for ln in lines:
        if signatures.fixed_format_line(ln):
            fixed_lines += 1
        if ln[:6].isdigit():
            numbered += 1
    if fixed_lines < len(lines) * 0.8:
        return "free"
    return "fixed-numbered" if numbered >= len(lines) * 0.5 else "fixed"
