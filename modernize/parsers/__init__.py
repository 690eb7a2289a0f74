"""Parsers: one per language, each turning a source file into Module facts plus diagnostics.

A parser is a plain function ``parse(source, text, context) -> ParseResult``. It never raises past
its boundary (the pipeline still guards it, and runs it in a worker process with a deadline). The
registry maps a language to its parser and the version of its facts: one fingerprint of all the
code facts come from (``parser_fingerprint``), so any change to it invalidates every language's
cached facts.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from modernize.model import Diagnostic, Module, SourceFile, StoredBodies


@dataclass
class ParseContext:
    """What a parser may know beyond its own file: the repository, where includes live, and how to
    read them.

    ``libraries`` indexes includable members by library (``copybook``, ``proc``) and member name;
    ``tiers`` ranks the files of a member by the kind of file they are (0, the default, for the
    library's own kind: a copybook before a BMS mapset before a program before a text file the
    inventory could not classify); a member is found in its best tier, and a path at ``EXACT_ONLY``
    or above only by its full file name (``COPY "notes.txt"``). ``reader`` turns an inventoried file
    into the text parsers see (``inventory.read_text``, set where the context is built), and
    ``byte_reader`` into its bytes (an archive: ``inventory.read_bytes``): parsers read through
    ``read`` and ``read_bytes`` and never open files themselves.
    """

    root: Path
    files: dict[str, SourceFile]
    libraries: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    library_dirs: dict[str, list[str]] = field(default_factory=dict)
    reader: Callable[[Path, SourceFile], str] | None = None
    tiers: dict[str, int] = field(default_factory=dict)
    byte_reader: Callable[[Path, SourceFile], bytes] | None = None

    EXACT_ONLY = 100

    def read(self, source: SourceFile) -> str:
        """The decoded text of a file of the repository (a copybook, a PROC…); OSError when it
        cannot be read."""
        if self.reader is None:
            raise RuntimeError("this ParseContext was built without a reader: it cannot read included members")
        return self.reader(self.root, source)

    def read_bytes(self, source: SourceFile) -> bytes:
        """A file's bytes as they are (an archive); OSError when it cannot be read."""
        if self.byte_reader is None:
            raise RuntimeError("this ParseContext was built without a byte reader: it cannot read archives")
        return self.byte_reader(self.root, source)

    def lookup(self, kind: str, name: str, search: Sequence[str] = ()) -> SourceFile | None:
        """Find an includable member (``copybook``, ``proc``…) by name, case-insensitively.

        A name written with an extension or a directory (``COPY "types.cpy"``, ``COPY COLORS.CPY``,
        ``COPY "lib/types.cpy"``) is looked for as compilers do: the file of that name first, then
        the member (``TYPES``). Among the files of a member, the best tier wins (``tiers``).
        ``search`` names the data set libraries to look in first, in order (a job's ``JCLLIB
        ORDER``): a member wins when its directory stands for one of them (``library_of``). Then
        members in the configured library directories win, in their order; otherwise the first
        match by path.
        """
        written = name.replace("\\", "/").strip("/")
        file_name = written.rsplit("/", 1)[-1].upper()
        member = file_name.split(".", 1)[0]
        candidates = self.libraries.get(kind, {}).get(member, [])
        if not candidates:
            return None
        exact: list[str] = []
        if file_name != member or "/" in written:
            exact = [path for path in candidates if path.rsplit("/", 1)[-1].upper() == file_name]
            if "/" in written:
                exact = [path for path in exact if ("/" + path.upper()).endswith("/" + written.upper())] or exact
        if exact:
            candidates = exact
        else:
            if file_name != member:
                # COPY "an-accept.pl" is no COPY of an-accept.ws: a member with another extension of its own
                # is another file (ACAS keeps both kinds); an extensionless member is the one named.
                candidates = [path for path in candidates if "." not in path.rsplit("/", 1)[-1]]
                if not candidates:
                    return None
            best = min(self.tiers.get(path, 0) for path in candidates)
            if best >= self.EXACT_ONLY:
                return None
            candidates = [path for path in candidates if self.tiers.get(path, 0) == best]
        if search:
            qualifiers = [library.upper().split(".") for library in search]
            ranked = []
            for position, path in enumerate(candidates):
                found = library_of(path.rsplit("/", 1)[0] if "/" in path else "", qualifiers)
                if found is not None:
                    ranked.append((found[0], -found[1], position, path))
            if ranked:
                return self.files[min(ranked)[3]]
        preferred = self.library_dirs.get(kind, [])
        for directory in preferred:
            for path in candidates:
                if path.rsplit("/", 1)[0] == directory or (directory == "" and "/" not in path):
                    return self.files[path]
        return self.files[candidates[0]]

    @staticmethod
    def dependency_key(kind: str, name: str, search: Sequence[str] = ()) -> str:
        """The key a parse records a looked-up member under: ``kind:NAME``, with the libraries
        searched first when there were any (``proc:NAME in A.PROCLIB,B.PROCLIB``; names are
        upper-cased, so the lower-case " in " cannot be part of one)."""
        key = f"{kind}:{name.upper()}"
        return f"{key} in {','.join(library.upper() for library in search)}" if search else key

    def dependency_hash(self, key: str) -> str | None:
        """Current content hash behind a dependency key (``dependency_key``); None when absent."""
        member, _, search = key.partition(" in ")
        kind, _, name = member.partition(":")
        found = self.lookup(kind, name, search.split(",") if search else ())
        return found.sha256 if found else None


def library_of(directory: str, libraries: list[list[str]]) -> tuple[int, int] | None:
    """Which of the data set libraries (each as its qualifiers) a directory of the repository stands
    for, and how well: the number of trailing qualifiers its path shares with the library's name.
    For TSL.PROD.PROCLIB, ``proclib/`` shares one, ``prod/proclib/`` two and ``TSL.PROD.PROCLIB/``
    three (directory names are split at ``.`` and ``_`` as well as ``/``). The best match wins, the
    earlier library on a tie; None when the directory shares not even the last qualifier with any."""
    parts = [part for part in re.split(r"[/._]", directory.upper()) if part]
    best: tuple[int, int] | None = None
    for index, qualifiers in enumerate(libraries):
        shared = 0
        while shared < min(len(parts), len(qualifiers)) and parts[-1 - shared] == qualifiers[-1 - shared]:
            shared += 1
        if shared and (best is None or shared > best[1]):
            best = (index, shared)
    return best


@dataclass
class ParseResult:
    """A parser's output for one file."""

    modules: list[Module] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    dependencies: dict[str, str | None] = field(default_factory=dict)
    # How the parse went, for the scan's summary (``copybook-hits``, ``copybook-misses``): not facts.
    counters: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        found = {
            "modules": [m.to_dict() for m in self.modules],
            "diagnostics": [d.to_dict() for d in self.diagnostics],
            "dependencies": dict(self.dependencies),
        }
        if self.counters:
            found["counters"] = dict(self.counters)
        return found

    @classmethod
    def from_dict(cls, data: dict[str, Any], bodies: StoredBodies | None = None) -> ParseResult:
        """``bodies``: the modules' symbols and attributes as the store keeps them apart (read on demand)."""
        return cls(
            modules=[Module.from_dict(m, None if bodies is None else (bodies, i)) for i, m in enumerate(data.get("modules", []))],
            diagnostics=[Diagnostic.from_dict(d) for d in data.get("diagnostics", [])],
            dependencies=dict(data.get("dependencies", {})),
            counters=dict(data.get("counters", {})),
        )


Parser = Callable[[SourceFile, str, ParseContext], ParseResult]


def header_comments(text: str, comment: str, limit: int = 40) -> list[str]:
    """The comment block a source starts with (its stated purpose), box drawing removed.
    ``comment`` is a regex that matches a comment line and captures its text."""
    found: list[str] = []
    pattern = re.compile(comment)
    for line in text.split("\n")[:limit]:
        match = pattern.match(line)
        if not match:
            if line.strip():
                break
            continue
        body = match.group(1).strip().strip("*=/-! ").rstrip("*/ ").strip()
        if body:
            found.append(body)
    return found


PACKAGE = Path(__file__).resolve().parent.parent
# Libraries whose results are facts too: sqlglot reads DDL and embedded SQL, the tree-sitter
# grammars read Fortran, C and Java.
PARSING_LIBRARIES = ("sqlglot", "tree-sitter-language-pack")


def parser_fingerprint(package: Path = PACKAGE) -> str:
    """The version of every language's facts: a hash of all the code facts come from (the whole
    parsers package, the catalogue and the facts model, with the versions of the parsing libraries),
    so cached facts are never reused after any of it changes, whichever module that is and
    whichever languages it serves."""
    import hashlib
    from importlib import metadata

    digest = hashlib.sha256()
    files = sorted((package / "parsers").rglob("*.py")) + [package / "catalog.py", package / "model.py"]
    for file in files:
        data = file.read_bytes()
        digest.update(f"{file.relative_to(package).as_posix()}\0{len(data)}\0".encode())
        digest.update(data)
    for library in PARSING_LIBRARIES:
        try:
            version = metadata.version(library)
        except metadata.PackageNotFoundError:
            version = "absent"
        digest.update(f"{library}\0{version}\0".encode())
    return digest.hexdigest()[:16]


@functools.cache
def registry() -> dict[str, tuple[str, Parser]]:
    """language -> (facts version, parse function). Imported lazily to keep start-up fast."""
    from modernize.parsers import (
        bms,
        csd,
        ddl,
        ims,
        java,
        jcl,
        mfs,
        natural,
        pli,
        treesitter,
        unikix,
        zosconnect,
    )
    from modernize.parsers.cobol import parse as parse_cobol

    parsers: dict[str, Parser] = {
        "cobol": parse_cobol,
        "jcl": jcl.parse,
        "bms": bms.parse,
        "mfs": mfs.parse,
        "csd": csd.parse,
        "sql": ddl.parse,
        "fortran": treesitter.parse_fortran,
        "c": treesitter.parse_c,
        "pli": pli.parse,
        "natural": natural.parse,
        "unikix": unikix.parse,
        "ims": ims.parse,
        "java": java.parse,
        "zosconnect": zosconnect.parse,
    }
    version = parser_fingerprint()
    return {language: (version, parse) for language, parse in parsers.items()}


def parser_for(source: SourceFile) -> tuple[str, Parser] | None:
    """The parser (and its version) for the file's language; none for a file nobody wrote (source
    format ``generated``: cobc's C output)."""
    if source.source_format == "generated":
        return None
    return registry().get(source.language)
