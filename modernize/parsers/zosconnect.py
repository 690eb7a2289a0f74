"""z/OS Connect: the REST services and APIs in front of the mainframe's programs.

A service (kind ``service``) exposes one back-end program: its ``service.properties`` (the
toolkit's project) or the ``manifest.yml`` of its service archive names the program
(``executableName=INQCUST``, the ``program`` provider property), the connection to the subsystem
(``connectionRef``), the request and response schemas. The service ``calls`` the program. An API
(kind ``api``, its ``package.xml``) maps REST paths and methods to services: it ``calls`` each
service it names. Service archives (.sar) and API archives (.aar) are zip files holding the same
definitions; only those few members are read, each up to a size cap, never extracted to disk.

The inventory hands this parser only the files whose content is one of these definitions
(``signatures.zosconnect_kind``) and the archives; none of them is the mainframe's own source, so a
definition this parser cannot read is an info diagnostic, never a warning or error.
"""

from __future__ import annotations

import bisect
import io
import re
import zipfile
from typing import Any

from modernize.model import (
    Diagnostic,
    FileKind,
    Mechanism,
    Module,
    ModuleKind,
    NodeKind,
    Reference,
    ReferenceKind,
    SourceFile,
)
from modernize.parsers import ParseContext, ParseResult
from modernize.signatures import zosconnect_kind

ARCHIVE_MEMBERS = frozenset({"service.properties", "manifest.yml", "manifest.yaml", "package.xml"})
MAX_MEMBERS = 2_000  # entries of an archive looked at
MAX_MEMBER_BYTES = 1 << 20  # bytes read of one definition inside an archive
MAX_READ = 16  # definitions read from one archive
RE_TAG = re.compile(r"<([A-Za-z_][\w:.-]*+)([^<>]*+)>")
RE_XML_ATTRIBUTE = re.compile(r"([A-Za-z_][\w:.-]*+)[ \t\r\n]*+=[ \t\r\n]*+(?:\"([^\"]*+)\"|'([^']*+)')")
RE_YAML_PAIR = re.compile(r"([ \t]*+)(-[ \t]++)?([\w.-]++)[ \t]*+:[ \t]*+(.*)")
# The service properties that are its attributes (``Module.service``), by the key the toolkit writes.
SERVICE_KEYS = {"provider": "provider", "servicetype": "service_type", "connectionRef": "connection", "transid": "transid",
                "requestSIName": "request_schema", "responseSIName": "response_schema", "requestSchema": "request_schema",
                "responseSchema": "response_schema", "requestSchemaFile": "request_schema", "responseSchemaFile": "response_schema",
                "description": "description", "version": "version"}


def parse(source: SourceFile, text: str, context: ParseContext) -> ParseResult:
    """A service or API definition, or an archive of them."""
    try:
        if source.kind == FileKind.BINARY:
            return read_archive(source, context)
        modules = definition(source, text, None)
    except Exception as exc:  # noqa: BLE001 - a definition costs at most an info diagnostic
        return ParseResult(diagnostics=[Diagnostic("info", "zosconnect-not-analysed", f"z/OS Connect definition not analysed ({type(exc).__name__})",
                                                   source.path)])
    return ParseResult(modules=modules)


def definition(source: SourceFile, text: str, entry: str | None) -> list[Module]:
    """The modules of one definition: ``entry`` is its name inside an archive (lines then count in it)."""
    kind = zosconnect_kind(text)
    if kind == "api":
        return [api(source, text, entry)]
    if kind != "service":
        return []
    folder = (entry or source.path).replace("\\", "/").rsplit("/", 2)
    default = folder[-2] if len(folder) > 1 else source.member
    if re.search(r"^[ \t-]*+providerProperties[ \t]*+:", text, re.M):
        return [service(source, manifest(text), default, entry)]
    return [service(source, properties(text), default, entry)]


def properties(text: str) -> dict[str, tuple[str, int]]:
    """A Java properties file's settings: key -> (value, line); a ``\\`` at a line's end continues it."""
    found: dict[str, tuple[str, int]] = {}
    lines = text.split("\n")
    number = 0
    while number < len(lines):
        start = number
        line = lines[number].strip()
        number += 1
        while line.endswith("\\") and number < len(lines):
            line = line[:-1] + lines[number].strip()
            number += 1
        if not line or line[0] in "#!":
            continue
        cut = min((line.find(c) for c in "=:" if c in line), default=-1)
        key, value = (line[:cut], line[cut + 1:]) if cut >= 0 else (line, "")
        found.setdefault(key.strip(), (value.strip().replace("\\\\", "\\"), start + 1))
    return found


def manifest(text: str) -> dict[str, tuple[str, int]]:
    """A service archive's manifest.yml as settings: top-level keys, the ``value`` of a schema, and the
    provider properties (``- propertyName: "program"`` with its ``value``) by their names."""
    found: dict[str, tuple[str, int]] = {}
    section = ""
    pending: str | None = None
    for number, line in enumerate(text.split("\n"), 1):
        match = RE_YAML_PAIR.fullmatch(line.rstrip())
        if match is None:
            continue
        indent, item, key, value = match.group(1), match.group(2), match.group(3), unquote(match.group(4))
        if not indent and not item:
            section = key
            if value:
                found.setdefault(key, (value, number))
            continue
        if section == "providerProperties":
            if key == "propertyName":
                pending = value
            elif key == "value" and pending:
                found.setdefault(pending, (value, number))
                pending = None
        elif section in ("requestSchema", "responseSchema") and key == "value":
            found.setdefault(section, (value.rsplit("/", 1)[-1], number))
    return found


def unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def service(source: SourceFile, settings: dict[str, tuple[str, int]], default: str, entry: str | None) -> Module:
    name = settings.get("name", (default, 1))[0] or default
    attributes: dict[str, Any] = {}
    for key, attribute in SERVICE_KEYS.items():
        if key in settings and settings[key][0]:
            attributes.setdefault(attribute, settings[key][0])
    if entry is not None:
        attributes["archive_entry"] = entry
    line = None if entry is not None else settings.get("name", ("", 1))[1]
    module = Module(name, ModuleKind.SERVICE, "zosconnect", source.path, line, attributes=attributes)
    program = settings.get("executableName") or settings.get("program")
    if program is not None and program[0]:
        extra = {"archive_entry": entry} if entry is not None else {}
        module.references.append(Reference(ReferenceKind.CALLS, program[0].upper(), NodeKind.PROGRAM, Mechanism.ZOSCONNECT,
                                           None if entry is not None else program[1], source.path, False, extra))
    return module


def api(source: SourceFile, text: str, entry: str | None) -> Module:
    """An API's package.xml: its id, base path, and per path and method the service that serves it."""
    name = ""
    attributes: dict[str, Any] = {}
    operations: list[dict[str, str]] = []
    references: list[Reference] = []
    path = ""
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    for tag in RE_TAG.finditer(text):
        element = tag.group(1).rsplit(":", 1)[-1]
        values = {m.group(1): m.group(2) if m.group(2) is not None else m.group(3) or "" for m in RE_XML_ATTRIBUTE.finditer(tag.group(2))}
        if element == "zosConnectApi":
            name = values.get("name") or values.get("id") or name
        elif element == "apiSpec":
            name = name or values.get("title", "")
            for key, attribute in (("basePath", "base_path"), ("description", "description"), ("version", "version")):
                if values.get(key):
                    attributes[attribute] = values[key]
        elif element == "path":
            path = values.get("relativePath", "")
        elif element == "method" and values.get("zosConnectServiceRef"):
            method, target = values.get("type", "").upper(), values["zosConnectServiceRef"]
            operations.append({"method": method, "path": path, "service": target})
            line = None if entry is not None else line_number(line_starts, tag.start())
            extra: dict[str, Any] = {"operation": f"{method} {path}".strip()}
            if entry is not None:
                extra["archive_entry"] = entry
            references.append(Reference(ReferenceKind.CALLS, target.upper(), NodeKind.SERVICE, Mechanism.ZOSCONNECT, line, source.path, False, extra))
    if operations:
        attributes["operations"] = operations
    if entry is not None:
        attributes["archive_entry"] = entry
    return Module(name or source.member, ModuleKind.API, "zosconnect", source.path, None if entry is not None else 1, references=references,
                  attributes=attributes)


def line_number(line_starts: list[int], offset: int) -> int:
    return bisect.bisect_right(line_starts, offset)


def read_archive(source: SourceFile, context: ParseContext) -> ParseResult:
    """The definitions inside a service or API archive: only the members that hold them, each read
    up to ``MAX_MEMBER_BYTES``, in memory."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(context.read_bytes(source)))
    except (OSError, zipfile.BadZipFile, ValueError, RuntimeError) as exc:
        return ParseResult(diagnostics=[Diagnostic("info", "zosconnect-archive-unreadable", f"archive not read ({type(exc).__name__})", source.path)])
    modules: list[Module] = []
    with archive:
        members = archive.infolist()[:MAX_MEMBERS]
        wanted = [m for m in members if m.filename.replace("\\", "/").rsplit("/", 1)[-1].lower() in ARCHIVE_MEMBERS
                  and not m.flag_bits & 0x1 and m.file_size <= MAX_MEMBER_BYTES]
        for member in sorted(wanted, key=lambda m: m.filename)[:MAX_READ]:
            try:
                with archive.open(member) as handle:
                    data = handle.read(MAX_MEMBER_BYTES + 1)[:MAX_MEMBER_BYTES]
            except (OSError, zipfile.BadZipFile, ValueError, RuntimeError, NotImplementedError, EOFError):
                continue
            modules += definition(source, data.decode("utf-8", "replace"), member.filename.replace("\\", "/"))
    return ParseResult(modules=modules)
