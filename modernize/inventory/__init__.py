"""Walk a repository and say what every file is.

Mainframe estates arrive as extracts: members without extensions, JCL saved as ``.txt``, copybooks
saved as ``.cbl``, sources still in EBCDIC, and beside them whatever else the repository holds (a Java
front end, scripts, licences, lock files). So a file is classified by its content first and its
extension second (``classify.py``, the other languages' evidence in ``languages.py``), and its
encoding is detected rather than assumed (``encoding.py``). Nothing is dropped silently: a file that
cannot be classified is kept as kind ``other`` and listed.
"""

from __future__ import annotations

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

from modernize.inventory.classify import (
    DATA_EXTENSIONS,
    EXTENSIONS,
    OTHER_LANGUAGES,
    RE_COBOL_HEADER,
    RE_COBOL_STATEMENT,
    RE_DATA_ENTRY,
    RE_FREE_DIRECTIVE,
    RE_PROGRAM_ID,
    classify,
    detect_source_format,
    looks_like_records,
    zosconnect_archive,
)
from modernize.inventory.encoding import (
    EBCDIC_CODEPAGES,
    SAMPLE,
    count_lines,
    decode,
    detect_encoding,
    looks_ebcdic,
    looks_ebcdic_records,
    unpad,
)
from modernize.inventory.languages import cobc_output, generated
from modernize.model import Diagnostic, FileKind, SourceFile

__all__ = ["DATA_EXTENSIONS", "EBCDIC_CODEPAGES", "EXTENSIONS", "OTHER_LANGUAGES", "RE_COBOL_HEADER", "RE_COBOL_STATEMENT",
           "RE_DATA_ENTRY", "RE_FREE_DIRECTIVE", "RE_PROGRAM_ID", "SAMPLE", "ExcludeRules", "Inventory", "classify",
           "count_lines", "decode", "detect_encoding", "detect_source_format", "inspect_file", "looks_ebcdic",
           "looks_ebcdic_records", "looks_like_records", "read_text", "take_inventory"]

ALWAYS_EXCLUDED = [".git/", ".hg/", ".svn/", ".modernize/", ".venv/", "node_modules/", "__pycache__/"]
DEFAULT_MAX_FILE_SIZE = 32 * 1024 * 1024
LONG_LINE = 10_000


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
        if zosconnect_archive(relpath, raw):
            return SourceFile(relpath, "zosconnect", FileKind.BINARY, "binary", "", sha, 0, len(raw)), diagnostics
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
    padding = unpad(raw, encoding in EBCDIC_CODEPAGES)[1]
    if padding.trailing:
        diagnostics.append(Diagnostic("info", "padding-ignored", f"{padding.trailing} byte(s) of padding (NUL or 0x40) after the "
                                      "text ignored", relpath))
    if padding.nuls:
        diagnostics.append(Diagnostic("info", "nul-bytes-ignored", f"{padding.nuls} NUL byte(s) inside the text ignored", relpath))
    language, kind = classify(relpath, text)
    source_format = detect_source_format(text) if language == "cobol" else "generated" if generated(relpath, text, language) else ""
    if language == "c" and source_format == "generated":
        origin = cobc_output(text)
        named = f" from {origin.group(1)}" if origin and origin.group(1) else ""
        diagnostics.append(Diagnostic("info", "generated-code", f"C that GnuCOBOL's cobc generated{named}: not analysed (the COBOL "
                                      "source is the program)", relpath))
    lines = count_lines(text)
    longest = max((len(ln), i) for i, ln in enumerate(text.split("\n"), 1)) if text else (0, 0)
    if longest[0] > LONG_LINE and source_format != "generated":
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
    memo: dict[str, Any] | None = None,
) -> Inventory:
    """Classify every file under ``root``. Never raises for a bad file: it becomes a diagnostic.
    ``memo`` (content hash and path -> what ``inspect_file`` found, as JSON data) spares a rerun
    decoding and classifying the files it saw before; it gets the entries of this inventory."""
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
        key = f"{hashlib.sha256(raw).hexdigest()}:{shown}"
        known = memo.get(key) if memo is not None else None
        if isinstance(known, list) and len(known) == 2:
            source, diagnostics = SourceFile.from_dict(known[0]), [Diagnostic.from_dict(d) for d in known[1]]
        else:
            source, diagnostics = inspect_file(shown, raw, encoding_overrides)
        if memo is not None:
            memo[key] = [source.to_dict(), [d.to_dict() for d in diagnostics]]
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


def read_bytes(root: Path, source: SourceFile) -> bytes:
    """An inventoried file's bytes as they are (an archive the parsers open)."""
    return (Path(root) / (source.disk_path or source.path)).read_bytes()
