"""Walk a repository and say what every file is.

Mainframe estates arrive as extracts: members without extensions, JCL saved as ``.txt``, copybooks
saved as ``.cbl``, sources still in EBCDIC. So a file is classified by its content first and its
extension second, and its encoding is detected rather than assumed. Nothing is dropped silently: a
file that cannot be classified is kept as kind ``other`` and listed.
"""

from __future__ import annotations

import codecs
import contextlib
import fnmatch
import hashlib
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import re2
from pathspec.patterns.gitignore.spec import GitIgnoreSpecPattern

from modernize.model import Diagnostic, FileKind, SourceFile

ALWAYS_EXCLUDED = [".git/", ".hg/", ".svn/", ".modernize/", ".venv/", "node_modules/", "__pycache__/"]
DEFAULT_MAX_FILE_SIZE = 32 * 1024 * 1024
LONG_LINE = 10_000
SAMPLE = 256 * 1024

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
    ".sql": ("sql", FileKind.DDL),
    ".ddl": ("sql", FileKind.DDL),
    ".db2": ("sql", FileKind.DDL),
    ".csd": ("csd", FileKind.CSD),
}
# Languages recognised by extension alone (their own parsers arrive with a later issue).
OTHER_LANGUAGES: dict[str, tuple[str, FileKind]] = {
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
CONFIG_NAMES = {".gitignore", ".gitattributes", ".editorconfig", "modernize.toml", ".gitmodules", "makefile"}
CONFIG_EXTENSIONS = {".toml", ".yaml", ".yml", ".ini", ".cfg", ".properties"}
DOC_EXTENSIONS = {".md", ".rst", ".adoc", ".html", ".htm", ".pdf", ".doc", ".docx", ".odt", ".rtf"}
DATA_EXTENSIONS = {".sysin", ".parm", ".ctl", ".ctlcard", ".dat", ".data", ".csv", ".seq", ".txt", ".ebc", ".bin", ".ps", ".vsam", ".json", ".xml"}

# Content signatures. The COBOL ones allow a sequence area and indicator column before the code.
# They run on whatever a repository holds, so each must stay linear in the text: a blank run is
# taken whole (possessive: the keyword after it never starts with a blank), and a data name is the
# shortest that ends at a word boundary (atomic: a longer one could only find less after it), so no
# line is scanned again from every place a quantifier could give back.
_AREA = r"^(?:[^\n]{6}[ dD])?[ \t]*+"
RE_PROGRAM_ID = re.compile(_AREA + r"PROGRAM-ID\b", re.M)
RE_DATA_ENTRY = re.compile(
    _AREA + r"(?:0?[1-9]|[1-4][0-9]|66|77|88)[ \t]++(?>[A-Z0-9:][A-Z0-9_:-]*?\b)[^\n]*?(?:\bPIC(?:TURE)?\b|\bVALUES?\b|\bREDEFINES\b|\bOCCURS\b|\bCOMP\b|\bCOMP-3\b|\.\s*$)",
    re.M,
)
RE_COBOL_VERB = re.compile(
    _AREA + r"(?:MOVE|PERFORM|IF|EVALUATE|COMPUTE|EXEC\s+(?:SQL|CICS)|DISPLAY|CALL|COPY|GO\s+TO|ADD|SET)\b",
    re.M,
)
RE_JCL_JOB = re.compile(r"^//[A-Z@#$][A-Z0-9@#$]{0,15}[ \t]+JOB\b", re.M)  # tolerant of over-long names
RE_JCL_PROC = re.compile(r"^//[A-Z@#$][A-Z0-9@#$]{0,15}[ \t]+PROC\b", re.M)
RE_JCL_LINE = re.compile(r"^(?://|/\*)", re.M)
RE_CSD = re.compile(
    r"^[ \t]*DEFINE[ \t]+(?:TRANSACTION|TRANS|PROGRAM|PROG|MAPSET|FILE|TDQUEUE|TSMODEL|LIBRARY|PARTNER)[ \t]*\(",
    re.M,
)
RE_DDL = re.compile(
    r"^[ \t]*CREATE[ \t]+(?:UNIQUE[ \t]+)?(?:TABLE|TABLESPACE|VIEW|INDEX|DATABASE|STOGROUP|SYNONYM|ALIAS|AUXILIARY)\b",
    re.M,
)
RE_FREE_DIRECTIVE = re.compile(r">>\s*SOURCE\s+(?:FORMAT\s+(?:IS\s+)?)?FREE|\$\s*SET\s+SOURCEFORMAT\s*+(?:\(\s*+)?\"?FREE", re.I)

EBCDIC_TEXT_BYTES = frozenset(
    [0x40, 0x4B, 0x4C, 0x4D, 0x4E, 0x50, 0x5B, 0x5C, 0x5D, 0x5E, 0x60, 0x61, 0x6B, 0x6C, 0x6D, 0x6E, 0x6F]
    + [0x7A, 0x7B, 0x7C, 0x7D, 0x7E, 0x7F, 0x4F, 0x5A, 0x5F, 0x4A, 0x15, 0x25, 0x0D, 0x05]
    + list(range(0x81, 0x8A)) + list(range(0x91, 0x9A)) + list(range(0xA2, 0xAA))
    + list(range(0xC1, 0xCA)) + list(range(0xD1, 0xDA)) + list(range(0xE2, 0xEA)) + list(range(0xF0, 0xFA))
)
EBCDIC_TEXT = bytes(sorted(EBCDIC_TEXT_BYTES))
HIGH_BYTES = bytes(range(0x80, 0x100))
ASCII_LOWER = bytes(range(0x61, 0x7B))
NOT_CONTROL_BYTES = bytes(b for b in range(256) if b >= 0x20 or b in (0x09, 0x0A, 0x0C, 0x0D, 0x1A))
EBCDIC_CODEPAGES = ("cp037", "cp1140", "cp500")
FIXED_INDICATORS = ("", " ", "*", "/", "-", "D", "d", "$")


@dataclass
class Inventory:
    """The classified files of a repository, plus what went wrong while reading them."""

    root: Path
    files: list[SourceFile] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def by_kind(self, *kinds: str) -> list[SourceFile]:
        return [f for f in self.files if f.kind in kinds]

    @property
    def unclassified(self) -> list[SourceFile]:
        return [f for f in self.files if f.kind == FileKind.OTHER]


def detect_encoding(raw: bytes) -> str | None:
    """Name the text encoding of ``raw``, or None when it is not text at all."""
    if raw.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = raw[:SAMPLE]
    if not sample:
        return "ascii"
    if looks_ebcdic(sample):
        return "cp037"
    if b"\x00" in sample:
        return None
    controls = len(sample.translate(None, NOT_CONTROL_BYTES))
    if controls > len(sample) * 0.01:
        return None
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "ascii" if raw.isascii() else "utf-8"
    # Windows code page where its 0x80-0x9F letters occur, latin-1 otherwise.
    if any(0x80 <= b <= 0x9F for b in sample):
        try:
            raw.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            return "latin-1"
    return "latin-1"


def looks_ebcdic(sample: bytes) -> bool:
    """EBCDIC text: mostly EBCDIC letters, digits and spaces, many bytes above 0x80, few ASCII letters."""
    if len(sample) < 16 or sample.isascii():
        return False
    total = len(sample)
    not_ebcdic = len(sample.translate(None, EBCDIC_TEXT))
    high = total - len(sample.translate(None, HIGH_BYTES))
    ascii_lower = total - len(sample.translate(None, ASCII_LOWER))
    spaces = sample.count(0x40)
    return not_ebcdic <= total * 0.1 and high >= total * 0.25 and spaces >= total * 0.05 and ascii_lower < total * 0.02


def decode(raw: bytes, encoding: str) -> tuple[str, int]:
    """Decode source bytes into text with ``\\n`` line ends; returns (text, undecodable byte count).

    EBCDIC extracts often have no line ends at all (fixed 80-byte records) or use NEL (0x15): both
    become ordinary lines, so parsers never see the difference.
    """
    text = raw.decode(encoding, errors="replace")
    bad = text.count("\ufffd") if "\ufffd" in text else 0
    if encoding in EBCDIC_CODEPAGES:
        text = text.replace("\x85", "\n")
        if "\n" not in text and len(text) > 80:
            text = "\n".join(text[i : i + 80].rstrip() for i in range(0, len(text), 80))
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, bad


def count_lines(text: str) -> int:
    if not text:
        return 0
    return text.count("\n") + (0 if text.endswith("\n") else 1)


def classify(path: str, text: str) -> tuple[str, FileKind]:
    """Return (language, kind) from content first, extension second."""
    ext = os.path.splitext(path)[1].lower()
    if path.rsplit("/", 1)[-1].lower() in CONFIG_NAMES or ext in CONFIG_EXTENSIONS:
        return ("text", FileKind.CONFIG)
    if ext == ".inc" and RE_FORTRAN_DECLARATION.search(text[:SAMPLE]) and ";" not in text[:SAMPLE]:
        return ("fortran", FileKind.COPYBOOK)  # .inc is PL/I's and Fortran's: Fortran has no semicolons
    if ext in OTHER_LANGUAGES:
        return OTHER_LANGUAGES[ext]
    if ext in DOC_EXTENSIONS - {".txt"}:
        return ("text", FileKind.DOC)
    head = text[:SAMPLE].upper()
    nonblank = [ln for ln in head.split("\n", 4000)[:4000] if ln.strip()]
    jcl_lines = sum(1 for ln in nonblank if ln.startswith(("//", "/*")))
    starts_as_jcl = bool(nonblank) and nonblank[0].startswith("//") and bool(RE_JCL_JOB.search(head) or RE_JCL_PROC.search(head))
    if nonblank and (starts_as_jcl or jcl_lines >= len(nonblank) * 0.5):
        if RE_JCL_JOB.search(head):
            return ("jcl", FileKind.JCL)
        if RE_JCL_PROC.search(head):
            return ("jcl", FileKind.PROC)
        return ("jcl", FileKind.JCLINCLUDE)
    if "DFHMSD" in head and re.search(r"(?<![\w-])DFHMSD(?![\w-])", head):
        return ("bms", FileKind.BMS)
    if "PROGRAM-ID" in head and RE_PROGRAM_ID.search(head):
        return ("cobol", FileKind.PROGRAM)
    if len(text) > SAMPLE and "PROGRAM-ID" in text.upper() and RE_PROGRAM_ID.search(text.upper()):
        return ("cobol", FileKind.PROGRAM)
    data_entries = len(RE_DATA_ENTRY.findall(head))
    verbs = len(RE_COBOL_VERB.findall(head))
    if "DEFINE" in head and RE_CSD.search(head) and data_entries == 0:
        return ("csd", FileKind.CSD)
    if "CREATE" in head and RE_DDL.search(head) and data_entries == 0:
        return ("sql", FileKind.DDL)
    if data_entries >= 1 or verbs >= 2 or (ext in EXTENSIONS and EXTENSIONS[ext][0] == "cobol"):
        # A COBOL extension with no stronger signal (say, only comments) is still a copybook.
        return ("cobol", FileKind.COPYBOOK)
    if ext in EXTENSIONS and EXTENSIONS[ext][0] != "cobol":
        return EXTENSIONS[ext]
    if ext in {".md", ".rst", ".txt"} and not looks_like_records(nonblank):
        return ("text", FileKind.DOC)
    if ext in DATA_EXTENSIONS or looks_like_records(nonblank):
        return ("data", FileKind.DATA)
    return ("unknown", FileKind.OTHER)


def looks_like_records(lines: list[str]) -> bool:
    """Fixed-length records: at least three lines, nearly all of one length."""
    if len(lines) < 3:
        return False
    lengths: dict[int, int] = {}
    for ln in lines:
        lengths[len(ln)] = lengths.get(len(ln), 0) + 1
    return max(lengths.values()) >= len(lines) * 0.9


def detect_source_format(text: str) -> str:
    """COBOL reference format: ``free``, ``fixed-numbered`` (sequence numbers in 1-6) or ``fixed``."""
    if RE_FREE_DIRECTIVE.search(text[:4096]):
        return "free"
    lines = [ln.expandtabs(8) for ln in text.split("\n", 2000)[:2000] if ln.strip()]
    if not lines:
        return "fixed"
    fixed = numbered = 0
    for ln in lines:
        sequence, indicator = ln[:6], ln[6:7]
        if indicator in FIXED_INDICATORS and (not sequence.strip() or " " not in sequence or sequence.strip().isdigit()):
            fixed += 1
        if sequence.isdigit():
            numbered += 1
    if fixed < len(lines) * 0.8:
        return "free"
    return "fixed-numbered" if numbered >= len(lines) * 0.5 else "fixed"


# gitignore patterns from the repository (its .gitignore files, and excludes in a modernize.toml it
# holds) are translated to regexes by pathspec, which is how git reads them, but matched by RE2:
# pathspec's own backtracking match of a line like *a*a*a*a*a*a*a*a*ab takes minutes per long file
# name, RE2's time is linear in the name whatever the pattern. A pattern RE2 refuses (too large) is
# skipped with a warning. Lines are at most MAX_IGNORE_LINE characters (pathspec's translation
# grows faster than the line) and a .gitignore file at most MAX_IGNORE_PATTERNS patterns: beyond
# that, a warning too, and the rest of the file is not applied.
MAX_IGNORE_LINE = 1024
MAX_IGNORE_PATTERNS = 5000
IGNORE_DIR_MARK = "ps_d"  # pathspec's group for "matched as a directory" (pattern ending in /)
RE2_OPTIONS = re2.Options()
RE2_OPTIONS.log_errors = False


@dataclass(frozen=True)
class IgnorePattern:
    """One gitignore line: its compiled regex and whether a match excludes (False for ``!line``)."""

    regex: Any
    exclude: bool


def ignore_patterns(lines: list[str], where: str | None, diagnostics: list[Diagnostic], trusted: bool = False) -> list[IgnorePattern]:
    """Compile gitignore lines; ``where`` names their .gitignore file for the warnings about skipped
    lines (None: they are --exclude or modernize.toml patterns).

    ``trusted`` patterns (the built-in ones) use Python's re; all others RE2, linear in the path."""
    patterns: list[IgnorePattern] = []

    def skip(message: str, number: int) -> None:
        if where is None:
            diagnostics.append(Diagnostic("warning", "ignore-pattern-skipped", f"exclude pattern {message}", "."))
        else:
            diagnostics.append(Diagnostic("warning", "ignore-pattern-skipped", message, where, number))

    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        problem = None
        if len(patterns) >= MAX_IGNORE_PATTERNS:
            skip(f"over {MAX_IGNORE_PATTERNS} patterns: {line[:80]!r} and all after it are not applied", number)
            break
        if len(line) > MAX_IGNORE_LINE:
            problem = f"pattern of {len(line)} characters, over {MAX_IGNORE_LINE}"
        else:
            try:
                regex, include = GitIgnoreSpecPattern.pattern_to_regex(line)
            except ValueError as exc:  # pathspec's GitIgnorePatternError
                problem = f"not a valid gitignore pattern ({exc})"
            else:
                if regex is None or include is None:
                    continue
                try:
                    compiled = re.compile(regex) if trusted else re2.compile(regex, RE2_OPTIONS)
                except (re.error, re2.error) as exc:
                    problem = f"pattern cannot be matched safely ({exc})"
                else:
                    patterns.append(IgnorePattern(compiled, include))
        if problem:
            skip(f"{line[:80]!r} skipped: {problem}", number)
    return patterns


def ignored(patterns: list[IgnorePattern], path: str) -> bool:
    """Whether ``path`` (with a trailing / for a directory) is excluded, as pathspec's GitIgnoreSpec
    decides it: the last pattern that matches the path as a file wins; failing that, the last one
    that matches it as a directory."""
    verdict = False
    as_directory = False
    for pattern in reversed(patterns):
        match = pattern.regex.search(path)
        if match is None:
            continue
        if not match.groupdict().get(IGNORE_DIR_MARK):
            return pattern.exclude
        if not as_directory:
            verdict, as_directory = pattern.exclude, True
    return verdict


class ExcludeRules:
    """gitignore-style excludes: built-in ones, ``.gitignore`` files found on the way, ``--exclude``.

    A line that cannot be applied safely is skipped with a warning in ``diagnostics``."""

    def __init__(self, patterns: list[str], diagnostics: list[Diagnostic] | None = None):
        self.diagnostics = diagnostics if diagnostics is not None else []
        self._base = (ignore_patterns(ALWAYS_EXCLUDED, "", self.diagnostics, trusted=True)
                      + ignore_patterns(list(patterns), None, self.diagnostics))
        self._nested: list[tuple[str, list[IgnorePattern]]] = []

    def add_gitignore(self, directory: str, text: str) -> None:
        where = f"{directory}/.gitignore" if directory else ".gitignore"
        self._nested.append((directory, ignore_patterns(text.splitlines(), where, self.diagnostics)))

    def excluded(self, relpath: str, is_dir: bool) -> bool:
        probe = display_path(relpath) + ("/" if is_dir else "")
        if ignored(self._base, probe):
            return True
        for directory, patterns in self._nested:
            if directory and not probe.startswith(directory + "/"):
                continue
            inner = probe[len(directory) + 1 :] if directory else probe
            if ignored(patterns, inner):
                return True
        return False


def display_path(relpath: str) -> str:
    """A path as text every output can hold: a file name that is not UTF-8 (its bytes came through
    as lone surrogates) shows those bytes as ``\\xff``."""
    try:
        relpath.encode("utf-8")
    except UnicodeEncodeError:
        return relpath.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return relpath


def walk(
    root: Path, rules: ExcludeRules, diagnostics: list[Diagnostic], follow_symlinks: bool = False
) -> Iterator[tuple[str, Path]]:
    """Yield (relative posix path, absolute path) of every file not excluded, in sorted order.

    Symlinks are followed only when they stay inside the repository (or ``follow_symlinks``), and
    a directory reached twice (a symlink loop) is reported once and not entered again.
    """
    root_real = root.resolve()
    seen_dirs: set[Path] = {root_real}

    def visit(directory: Path, rel: str) -> Iterator[tuple[str, Path]]:
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            diagnostics.append(Diagnostic("error", "unreadable-directory", f"cannot list directory: {exc.strerror}", rel or "."))
            return
        gitignore = [e for e in entries if e.name == ".gitignore"]
        if gitignore:
            with contextlib.suppress(OSError):
                rules.add_gitignore(rel, Path(gitignore[0].path).read_text(errors="replace"))
        for entry in entries:
            relpath = f"{rel}/{entry.name}" if rel else entry.name
            try:
                is_link = entry.is_symlink()
                is_dir = entry.is_dir(follow_symlinks=True)
            except OSError:
                is_link, is_dir = True, False
            if rules.excluded(relpath, is_dir):
                continue
            if is_link:
                try:
                    target = Path(entry.path).resolve(strict=True)
                except (OSError, RuntimeError):
                    diagnostics.append(Diagnostic("warning", "broken-symlink", "symbolic link is broken or loops; skipped", relpath))
                    continue
                inside = target == root_real or root_real in target.parents
                if not inside and not follow_symlinks:
                    diagnostics.append(
                        Diagnostic("info", "symlink-outside", "symbolic link points outside the repository; not followed (use --follow-symlinks)", relpath)
                    )
                    continue
            if is_dir:
                real = Path(entry.path).resolve()
                if real in seen_dirs:
                    diagnostics.append(Diagnostic("warning", "symlink-loop", "directory reached twice through a symbolic link; not entered again", relpath))
                    continue
                seen_dirs.add(real)
                yield from visit(Path(entry.path), relpath)
            else:
                try:
                    regular = stat.S_ISREG(os.stat(entry.path).st_mode)
                except OSError:
                    regular = False
                if regular:
                    yield relpath, Path(entry.path)
                else:
                    diagnostics.append(Diagnostic("info", "not-a-file", "not a regular file; skipped", relpath))

    yield from visit(root, "")


def encoding_override(relpath: str, overrides: dict[str, str]) -> str | None:
    for pattern, encoding in overrides.items():
        if fnmatch.fnmatch(relpath, pattern):
            return encoding
    return None


def inspect_file(
    relpath: str,
    raw: bytes,
    encoding_overrides: dict[str, str] | None = None,
) -> tuple[SourceFile, list[Diagnostic]]:
    """Classify one file's bytes: encoding, language, kind, format, hash, lines."""
    diagnostics: list[Diagnostic] = []
    sha = hashlib.sha256(raw).hexdigest()
    if not raw:
        diagnostics.append(Diagnostic("info", "empty-file", "file is empty", relpath))
        return SourceFile(relpath, "unknown", FileKind.OTHER, "ascii", "", sha, 0, 0), diagnostics
    encoding = encoding_override(relpath, encoding_overrides or {}) or detect_encoding(raw)
    if encoding is None:
        diagnostics.append(Diagnostic("info", "binary-file", "binary file; not analysed", relpath))
        return SourceFile(relpath, "binary", FileKind.BINARY, "binary", "", sha, 0, len(raw)), diagnostics
    try:
        text, bad = decode(raw, encoding)
    except LookupError:
        diagnostics.append(Diagnostic("error", "unknown-encoding", f"unknown encoding {encoding!r} in configuration", relpath))
        text, bad = decode(raw, "latin-1")
        encoding = "latin-1"
    if bad:
        diagnostics.append(
            Diagnostic("warning", "undecodable-bytes", f"{bad} byte(s) could not be decoded as {encoding}; replaced", relpath)
        )
    language, kind = classify(relpath, text)
    source_format = detect_source_format(text) if language == "cobol" else ""
    lines = count_lines(text)
    longest = max((len(ln), i) for i, ln in enumerate(text.split("\n"), 1)) if text else (0, 0)
    if longest[0] > LONG_LINE:
        diagnostics.append(
            Diagnostic("warning", "long-line", f"line of {longest[0]} characters; only the usual columns are analysed", relpath, longest[1])
        )
    return SourceFile(relpath, language, kind, encoding, source_format, sha, lines, len(raw)), diagnostics


def take_inventory(
    root: Path,
    excludes: list[str] | None = None,
    encoding_overrides: dict[str, str] | None = None,
    max_file_size: int = DEFAULT_MAX_FILE_SIZE,
    follow_symlinks: bool = False,
) -> Inventory:
    """Classify every file under ``root``. Never raises for a bad file: it becomes a diagnostic."""
    root = Path(root)
    inventory = Inventory(root=root)
    rules = ExcludeRules(excludes or [], inventory.diagnostics)
    for relpath, path in walk(root, rules, inventory.diagnostics, follow_symlinks):
        try:
            size = path.stat().st_size
            if size > max_file_size:
                inventory.diagnostics.append(
                    Diagnostic(
                        "error",
                        "file-too-large",
                        f"file is {size / 1048576:.1f} MiB, over the {max_file_size / 1048576:.0f} MiB limit; not analysed (raise it with --max-file-size)",
                        relpath,
                    )
                )
                continue
            raw = path.read_bytes()
        except OSError as exc:
            inventory.diagnostics.append(Diagnostic("error", "unreadable-file", f"cannot read file: {exc.strerror or exc}", relpath))
            continue
        shown = display_path(relpath)
        source, diagnostics = inspect_file(shown, raw, encoding_overrides)
        if shown != relpath:
            source.disk_path = relpath
            diagnostics.append(Diagnostic("warning", "file-name-not-utf8", "the file name is not valid UTF-8; its odd bytes are shown "
                                          "as \\xNN", shown))
        inventory.files.append(source)
        inventory.diagnostics.extend(diagnostics)
    return inventory


def read_text(root: Path, source: SourceFile) -> str:
    """The decoded text of an inventoried file, as parsers see it."""
    raw = (Path(root) / (source.disk_path or source.path)).read_bytes()
    return decode(raw, source.encoding if source.encoding != "binary" else "latin-1")[0]
