"""COPY resolution as compilers do it, on repositories shaped like real ones: names with extensions,
members the inventory could not classify, COPY of a whole program, system copybooks."""

from pathlib import Path

from modernize.config import Settings
from modernize.graph.build import build_graph
from modernize.model import SourceFile
from modernize.parsers import ParseContext
from modernize.parsers.cobol import parse as parse_cobol
from modernize.pipeline import scan
from tests.conftest import fixed, write_tree


def program(name: str, data: str = "", procedure: str = "     STOP RUN.", files: str = "") -> str:
    environment = f" ENVIRONMENT DIVISION.\n INPUT-OUTPUT SECTION.\n FILE-CONTROL.\n{files}" if files else ""
    return fixed(f" IDENTIFICATION DIVISION.\n PROGRAM-ID. {name}.\n{environment} DATA DIVISION.\n{data}"
                 f" PROCEDURE DIVISION.\n{procedure}")


def includes(module) -> list[tuple[str, bool, str | None]]:
    return sorted((r.target, r.resolved, r.resolved_path) for r in module.references if r.kind == "includes")


def codes(result, code: str) -> list[str]:
    return [d.message for d in result.diagnostics if d.code == code]


def data_names(module) -> list[str]:
    return [s.name for s in module.symbols if s.kind == "data"]


def test_copy_names_with_extensions_resolve_to_the_file_then_the_member(analyse):
    # copy "types.cpy". / COPY FILEDEFS.fd. / copy COLORS.CPY. -- cobc takes all three; the file
    # named with its extension wins over another file of the same member, and the COPY stands for
    # the member: one node copybook:TYPES, never copybook:TYPES.CPY.
    analysis = analyse({
        "cbl/SHOWTYPE.cbl": program("SHOWTYPE", files="     SELECT CUST-FILE ASSIGN TO CUSTIN.\n",
                                    data=" FILE SECTION.\n FD  CUST-FILE.\n     COPY FILEDEFS.fd.\n WORKING-STORAGE SECTION.\n"
                                         '     copy "types.cpy".\n     copy COLORS.CPY.\n     COPY TYPES.\n'),
        "cpy/types.cpy": fixed(" 01  WS-TYPES.\n     05  WS-TYPE-CODE   PIC X(2).\n"),
        "cpy/types.cbl": fixed(" 01  WS-OTHER-TYPES.\n     05  WS-OTHER-CODE  PIC X(2).\n"),
        "cpy/FILEDEFS.fd": fixed(" 01  CUST-REC.\n     05  CUST-ID        PIC 9(5).\n"),
        "cpy/COLORS.CPY": fixed(" 01  WS-COLORS        PIC X(8) VALUE 'RED'.\n"),
    })
    module = analysis.module("SHOWTYPE")
    assert [d.message for d in analysis.diagnostics if d.code in ("copybook-missing", "copy-syntax")] == []
    assert includes(module) == [
        ("COLORS", True, "cpy/COLORS.CPY"), ("FILEDEFS", True, "cpy/FILEDEFS.fd"),
        ("TYPES", True, "cpy/types.cbl"), ("TYPES", True, "cpy/types.cpy"),
    ]
    names = data_names(module)
    assert {"CUST-ID", "WS-TYPE-CODE", "WS-COLORS", "WS-OTHER-CODE"} <= set(names)
    assert names.index("WS-TYPE-CODE") < names.index("WS-COLORS") < names.index("WS-OTHER-CODE")
    graph = build_graph(analysis.modules)
    assert {n for n in graph.nodes if n.startswith("copybook:")} == {"copybook:TYPES", "copybook:FILEDEFS", "copybook:COLORS"}


def test_a_copy_named_with_an_extension_never_finds_another_extension_of_the_member(analyse):
    # ACAS: copy "an-accept.ws" in WORKING-STORAGE, copy "an-accept.pl" (not in the repository) in the
    # PROCEDURE DIVISION. The second is missing; it is not the data copybook copied again among the
    # statements (94 syntax errors). An extensionless member is still the one a name with an extension means.
    analysis = analyse({
        "cbl/SL970.cbl": program("SL970", data=' WORKING-STORAGE SECTION.\n     copy "an-accept.ws".\n     copy "custrec.cpy".\n',
                                 procedure='     copy "an-accept.pl".\n     GOBACK.\n'),
        "copybooks/an-accept.ws": fixed(" 01  AN-ACCEPT-NUMERIC.\n     03  AN-LINE      PIC 99.\n         88  AN-TOP   VALUE 1.\n"),
        "copybooks/CUSTREC": fixed(" 01  CUST-REC.\n     05  CUST-ID      PIC 9(5).\n"),
    })
    module = analysis.module("SL970")
    assert includes(module) == [("AN-ACCEPT", False, None), ("AN-ACCEPT", True, "copybooks/an-accept.ws"),
                                ("CUSTREC", True, "copybooks/CUSTREC")]
    assert [m for m in codes(analysis, "copybook-missing") if "AN-ACCEPT" in m]
    assert not [d for d in analysis.diagnostics if d.code == "cobol-syntax"]


def test_members_the_inventory_left_unclassified_are_copybooks_because_a_copy_names_them(tmp_path: Path):
    # A member with one paragraph and a CALL, and an FD's LABEL RECORDS clause, hold too little COBOL
    # for the inventory; a COPY of them is still a copybook, expanded in the program (its paragraph
    # and call are the program's) and a module of its own. Found after copybooks and programs, and by
    # member name only when extensionless (or a copybook extension): persons.dat is no copybook.
    root = write_tree(tmp_path / "repo", {
        "cbl/CUSTUPD.cbl": program(
            "CUSTUPD", files="     SELECT CUST-FILE ASSIGN TO CUSTIN.\n",
            data=" FILE SECTION.\n FD  CUST-FILE\n     COPY FDLABEL.\n 01  CUST-REC        PIC X(80).\n"
                 " WORKING-STORAGE SECTION.\n 01  WS-ERR          PIC X(8).\n     COPY PERSONS.\n",
            procedure="     PERFORM ERROR-HANDLER\n     STOP RUN.\n     COPY ERRHANDL.\n"),
        "copylib/ERRHANDL": "       ERROR-HANDLER.\n           CALL 'ERRLOG' USING WS-ERR.\n",
        "copylib/FDLABEL": "           LABEL RECORDS ARE STANDARD.\n",
        "data/persons.dat": "JANSEN    0001\nPIETERS   0002\nDEVRIES   0003\n",
    })
    result = scan(root, Settings(jobs=1, use_cache=False))
    assert codes(result, "copybook-missing") == ["copybook PERSONS not found; its contents are not analysed"]
    [program_module] = [m for m in result.modules if m.name == "CUSTUPD"]
    assert [s.name for s in program_module.symbols if s.kind == "paragraph"] == ["ERROR-HANDLER"]
    assert [(r.target, r.via) for r in program_module.references if r.kind == "calls"] == [("ERRLOG", "static")]
    copybooks = {m.name: m for m in result.modules if m.kind == "copybook"}
    assert sorted(copybooks) == ["ERRHANDL", "FDLABEL"]
    assert (copybooks["ERRHANDL"].path, [r.target for r in copybooks["ERRHANDL"].references if r.kind == "calls"]) == ("copylib/ERRHANDL", ["ERRLOG"])
    kinds = {f.path: (f.kind, f.language) for f in result.files}
    assert kinds["copylib/ERRHANDL"] == kinds["copylib/FDLABEL"] == ("copybook", "cobol")
    assert kinds["data/persons.dat"][0] == "data"


def test_a_copy_of_a_whole_program_is_reported_not_expanded(tmp_path: Path):
    # A framework whose programs COPY each other: each COPY finds a program (its own PROGRAM-ID), so
    # nothing is expanded and no program is made of copied text; two programs stay two programs.
    root = write_tree(tmp_path / "repo", {
        "cbl/FWMAIN.cbl": program("FWMAIN", procedure="     COPY FWUTIL.\n     CALL 'FWLOG'\n     GOBACK.\n"),
        "cbl/FWUTIL.cbl": program("FWUTIL", procedure="     COPY FWMAIN.\n     GOBACK.\n"),
        "cpy/FWNEST.cpy": fixed(" IDENTIFICATION DIVISION.\n PROGRAM-ID. FWNEST.\n PROCEDURE DIVISION.\n     DISPLAY 'NEST'.\n"
                                " END PROGRAM FWNEST.\n"),
        "cbl/FWUSER.cbl": program("FWUSER", procedure="     COPY FWNEST.\n     GOBACK.\n"),
    })
    result = scan(root, Settings(jobs=1, use_cache=False))
    programs = sorted((m.name, m.path, m.nested_in) for m in result.modules if m.kind == "program")
    assert programs == [("FWMAIN", "cbl/FWMAIN.cbl", None), ("FWNEST", "cpy/FWNEST.cpy", None), ("FWUSER", "cbl/FWUSER.cbl", None),
                        ("FWUTIL", "cbl/FWUTIL.cbl", None)]
    assert sorted(codes(result, "copy-of-program")) == [
        "COPY FWMAIN finds cbl/FWMAIN.cbl, which is a whole program (PROGRAM-ID FWMAIN), not a copybook: not expanded",
        "COPY FWNEST finds cpy/FWNEST.cpy, which is a whole program (PROGRAM-ID FWNEST), not a copybook: not expanded",
        "COPY FWUTIL finds cbl/FWUTIL.cbl, which is a whole program (PROGRAM-ID FWUTIL), not a copybook: not expanded",
    ]
    main = next(m for m in result.modules if m.name == "FWMAIN")
    assert [r.target for r in main.references if r.kind == "calls"] == ["FWLOG"]
    assert [r for r in main.references if r.kind in ("includes", "contains")] == []
    # A file taken for a copybook that holds a program's text makes no program either.
    text = fixed(" 01  FW-AREA          PIC X.\n IDENTIFICATION DIVISION.\n PROGRAM-ID. FWINNER.\n PROCEDURE DIVISION.\n"
                 "     CALL 'FWSUB'\n     GOBACK.\n END PROGRAM FWINNER.\n")
    source = SourceFile("cpy/FWAREA.cpy", "cobol", "copybook", "ascii", "fixed-numbered", "", 7, len(text))
    parsed = parse_cobol(source, text, ParseContext(root=tmp_path, files={}))
    assert [(m.name, m.kind) for m in parsed.modules] == [("FWAREA", "copybook")]
    assert [d.code for d in parsed.modules[0].diagnostics] == ["copybook-holds-program"]


def test_system_copybooks_are_system_not_missing(analyse):
    # Language Environment, IBM MQ, Db2 and CICS supply these: not in the repository, not missing,
    # no warning (so no plan risk), a system node in the graph.
    names = ["CEEIGZCT", "CMQV", "CMQODV", "CMQMDV", "CMQGMOV", "CMQPMOV", "CMQTML", "SQLCA", "SQLDA", "DFHAID", "DFHBMSCA",
             "DFHEIBLK"]
    copies = "".join(f"     COPY {name}.\n" for name in names)
    analysis = analyse({"cbl/MQGET01.cbl": program("MQGET01", data=f" WORKING-STORAGE SECTION.\n{copies}")})
    assert [d for d in analysis.diagnostics if d.severity != "info"] == []
    graph = build_graph(analysis.modules)
    assert all(graph.nodes[f"copybook:{name}"].get("system") is True for name in names)
    assert not any(graph.nodes[f"copybook:{name}"].get("missing") for name in names)


def test_a_copy_that_names_a_file_whole_finds_it_whatever_language_it_looked_like(tmp_path: Path):
    # The compiler opens the file a COPY names with its extension, whatever the inventory made of it
    # (its comments and REPOSITORY lines looked like another language); by member name alone such a
    # file is never taken (COPY ACCOUNT finds no Account.java).
    java = "package bank;\nimport java.sql.Connection;\npublic class Account {\n    private String id;\n}\n"
    functions = "*> the wrapper's functions\nfunction Get-Window\nfunction Set-Title\n"
    root = write_tree(tmp_path / "repo", {
        "cbl/GUI.cob": program("GUI", data=" WORKING-STORAGE SECTION.\n 01  WS-X  PIC X.\n     COPY ACCOUNT.\n",
                               procedure='     STOP RUN.\n'),
        "src_cobol/WrapperFunctions.cpy": functions,
        "cbl/USEFN.cob": fixed(' IDENTIFICATION DIVISION.\n PROGRAM-ID. USEFN.\n ENVIRONMENT DIVISION.\n CONFIGURATION SECTION.\n'
                               ' REPOSITORY.\n     COPY "WrapperFunctions.cpy".\n PROCEDURE DIVISION.\n     STOP RUN.\n'),
        "web/src/main/java/bank/Account.java": java,
    })
    result = scan(root, Settings(jobs=1, use_cache=False))
    kinds = {f.path: f.kind for f in result.files}
    assert kinds["web/src/main/java/bank/Account.java"] == "source"
    assert codes(result, "copybook-missing") == ["copybook ACCOUNT not found; its contents are not analysed"]
    [usefn] = [m for m in result.modules if m.name == "USEFN"]
    assert includes(usefn) == [("WRAPPERFUNCTIONS", True, "src_cobol/WrapperFunctions.cpy")]
