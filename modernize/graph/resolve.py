"""Resolve names written in sources to the modules the repository defines.

Programs resolve by PROGRAM-ID first, then by member (file) name, then by declared entry point: a
CALL 'X' finds the program whose PROGRAM-ID is X, or else the member X.cbl, or else the module of
any language that declares the entry X. Copybooks resolve to the file the COBOL front end
actually expanded. Names compare upper-case; when two modules claim a name, the first by path wins,
so the graph is deterministic.
"""

from __future__ import annotations

from modernize.model import Module, ModuleKind


class Resolver:
    """Lookup tables built once over all modules."""

    def __init__(self, modules: list[Module]):
        ordered = sorted(modules, key=lambda m: (m.path, m.line or 0))
        self.by_kind: dict[str, dict[str, Module]] = {}
        self.programs_by_member: dict[str, Module] = {}
        self.copybooks_by_path: dict[str, Module] = {}
        self.entries: dict[str, Module] = {}
        self.apis_by_path: dict[str, Module] = {}
        for module in ordered:
            for entry in module.entries:
                self.entries.setdefault(entry.upper(), module)
            self.by_kind.setdefault(module.kind, {}).setdefault(module.name.upper(), module)
            if module.kind == ModuleKind.PROGRAM and not module.nested_in:
                self.programs_by_member.setdefault(module.member, module)
            if module.kind == ModuleKind.COPYBOOK:
                self.copybooks_by_path[module.path] = module
            if module.kind == ModuleKind.API and module.service.base_path:
                self.apis_by_path.setdefault(module.service.base_path.strip("/").upper(), module)

    def find(self, kind: str, name: str) -> Module | None:
        return self.by_kind.get(kind, {}).get(name.upper())

    def program(self, name: str) -> Module | None:
        """By PROGRAM-ID (or unit name), then member name, then an entry point another language's
        module declares (a Fortran SUBROUTINE, a C function, a PL/I ENTRY)."""
        return self.find(ModuleKind.PROGRAM, name) or self.programs_by_member.get(name.upper()) or self.entries.get(name.upper())

    def copybook(self, name: str, resolved_path: str | None = None) -> Module | None:
        if resolved_path and resolved_path in self.copybooks_by_path:
            return self.copybooks_by_path[resolved_path]
        return self.find(ModuleKind.COPYBOOK, name)

    def proc(self, name: str) -> Module | None:
        return self.find(ModuleKind.PROC, name) or self.find(ModuleKind.JCLINCLUDE, name)

    def transaction(self, name: str) -> Module | None:
        return self.find(ModuleKind.TRANSACTION, name)

    def table(self, name: str) -> Module | None:
        return self.find(ModuleKind.TABLE, name) or self.find(ModuleKind.VIEW, name)

    def cics_file(self, name: str) -> Module | None:
        return self.find(ModuleKind.CICSFILE, name)

    def api(self, path: str) -> Module | None:
        """The z/OS Connect API served at a base path (``/inqcustz``), else the API of that name."""
        return self.apis_by_path.get(path.strip("/").upper()) or self.find(ModuleKind.API, path.strip("/"))
