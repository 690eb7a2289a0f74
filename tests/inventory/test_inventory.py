import os
from pathlib import Path

import pytest

from modernize.inventory import (
    classify,
    decode,
    detect_encoding,
    detect_source_format,
    read_text,
    take_inventory,
)
from tests.conftest import fixed, write_tree

PROGRAM = fixed(
    """
 IDENTIFICATION DIVISION.
 PROGRAM-ID. HELLO.
 PROCEDURE DIVISION.
     DISPLAY 'HALLO'.
     STOP RUN.
"""
)
JOB = "//TSJ010  JOB (ACCT),'TOESLAGEN',CLASS=A\n//STEP1    EXEC PGM=TSB010\n//SYSOUT   DD SYSOUT=*\n"


def by_path(inventory):
    return {f.path: f for f in inventory.files}


def test_ebcdic_fixed_records_are_detected_and_decoded(tmp_path):
    records = "".join(line.ljust(80) for line in PROGRAM.splitlines())
    write_tree(tmp_path, {"HELLO": records.encode("cp037")})
    source = by_path(take_inventory(tmp_path))["HELLO"]
    assert (source.encoding, source.language, source.kind, source.source_format) == ("cp037", "cobol", "program", "fixed-numbered")
    text = read_text(tmp_path, source)
    assert text.splitlines()[1].rstrip() == "000200 PROGRAM-ID. HELLO."
    assert source.lines == 5


def test_ebcdic_with_newline_characters_is_split_on_them():
    raw = "\x85".join(["       IDENTIFICATION DIVISION.", "       PROGRAM-ID. X."]).encode("latin-1").decode("latin-1")
    encoded = raw.encode("cp037")
    assert detect_encoding(encoded) == "cp037"
    assert decode(encoded, "cp037")[0].split("\n")[1] == "       PROGRAM-ID. X."


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"       MOVE 1 TO X.\n", "ascii"),
        ("      * Berekening toeslag voor één persoon\n".encode(), "utf-8"),
        ("      * co\u00f6rdinatie \u20ac\n".encode("cp1252"), "cp1252"),
        ("      * co\u00f6rdinatie\n".encode("latin-1"), "latin-1"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00", None),
    ],
)
def test_encodings(raw, expected):
    assert detect_encoding(raw) == expected


def test_classification_by_content_beats_extension():
    copybook = fixed(
        """
 01  PERSOON-REC.
     05  PERS-BSN          PIC 9(9).
     05  PERS-NAAM         PIC X(40).
"""
    )
    assert classify("jcl/tsj060.txt", JOB) == ("jcl", "jcl")
    assert classify("jcl/TSJ050", JOB) == ("jcl", "jcl")
    assert classify("cbl/TSLBETR.cbl", copybook) == ("cobol", "copybook")
    tagged = "".join(line.ljust(80) + "\n" for line in fixed("*    RECORD MET TAGS\n 01  :PFX:-REC.\n     05  :PFX:-A PIC X.").splitlines())
    assert classify("cpy/TAGS.cpy", tagged) == ("cobol", "copybook")
    assert classify("cpy/LEEG.cpy", fixed("*    ALLEEN COMMENTAAR")) == ("cobol", "copybook")
    assert classify("src/HELLO", PROGRAM) == ("cobol", "program")
    assert classify("proclib/TSBATCH.prc", "//TSBATCH PROC HLQ=TSL.PROD\n//S1 EXEC PGM=IEFBR14\n") == ("jcl", "proc")
    assert classify("proclib/TSDDS", "//SYSOUT DD SYSOUT=*\n//SYSUDUMP DD SYSOUT=*\n") == ("jcl", "jclinclude")
    assert classify("bms/TSM100", "TSM100   DFHMSD TYPE=&SYSPARM,LANG=COBOL\n") == ("bms", "bms")
    # A transpiler's C++ test that holds a mapset in a string (a real repository: 1 453 BMS warnings on it)
    mapset_in_a_test = 'TEST_CASE("bms") {\n  const char* src =\n    "MENUMAP  DFHMSD TYPE=MAP,MODE=INOUT,LANG=COBOL\\n"\n    "         DFHMSD TYPE=FINAL\\n";\n}\n'
    assert classify("tests/test_tier11_pipeline.cpp", mapset_in_a_test) == ("cpp", "source")
    # .h is C's and C++'s: a C++ header is not given to the C grammar (its classes read as syntax errors)
    assert classify("include/mapper.h", "#pragma once\n#include <string>\nnamespace lazarus {\nclass Mapper {\n};\n}\n") == ("cpp", "source")
    assert classify("include/records.h", "#include <stdio.h>\ntypedef struct { int a; } rec;\nint f(int);\n") == ("c", "copybook")
    assert classify("ddl/tables.txt", "CREATE TABLE BETALING (\n  BSN CHAR(9) NOT NULL\n);\n") == ("sql", "ddl")
    # A model's prompt log that quotes the schema among pages of prose (a real monorepo had 31 of them,
    # read as DDL: 31 602 warnings and 31 errors) is a document; DDL with a prose header is still DDL.
    prose = "".join(f"Step {i}: read the plan and migrate the report, keeping its totals.\n" for i in range(400))
    quoted = "CREATE TABLE V0PREMIOS (\n  COD CHAR(4) NOT NULL,\n  VALOR DECIMAL(15,2)\n);\n"
    assert classify("specs/.logs/exec-input.txt", prose + quoted + prose) == ("text", "doc")
    header = "-- payroll tables\n" + "".join(f"-- note {i}: the tables of the monthly run\n" for i in range(6))
    assert classify("ddl/PAYROLL", "This member creates the payroll tables.\nRun it with SPUFI.\n" + header + quoted) == ("sql", "ddl")
    assert classify("csd/TOESLAG", "DEFINE TRANSACTION(TS01) GROUP(TSLGRP)\n       PROGRAM(TSO100)\n") == ("csd", "csd")
    assert classify("docs/notes.txt", "Dit is een toelichting bij de batchketen.\nZie ook het draaiboek.\n") == ("text", "doc")
    assert classify("data/persoon", "123456782JANSEN    \n234567891PIETERS   \n345678919DE VRIES  \n") == ("data", "data")
    assert classify("misc/unknown", "zomaar wat tekst\nmet ongelijke regels erin\n")[1] == "other"


def test_source_formats():
    assert detect_source_format(PROGRAM) == "fixed-numbered"
    unnumbered = "".join("      " + line[6:] + "\n" for line in PROGRAM.splitlines())
    assert detect_source_format(unnumbered) == "fixed"
    free = ">>SOURCE FORMAT FREE\nIDENTIFICATION DIVISION.\nPROGRAM-ID. VRIJ.\n"
    assert detect_source_format(free) == "free"
    assert detect_source_format("IDENTIFICATION DIVISION.\nPROGRAM-ID. VRIJ.\nPROCEDURE DIVISION.\n  STOP RUN.\n") == "free"


def test_excludes_from_gitignore_and_option(tmp_path):
    write_tree(
        tmp_path,
        {
            ".gitignore": "build/\n*.lst\n",
            "cbl/A.cbl": PROGRAM,
            "build/B.cbl": PROGRAM,
            "cbl/A.lst": "listing",
            "old/C.cbl": PROGRAM,
            "sub/.gitignore": "secret.cbl\n",
            "sub/secret.cbl": PROGRAM,
            "sub/open.cbl": PROGRAM,
        },
    )
    paths = set(by_path(take_inventory(tmp_path, excludes=["old/"])))
    assert paths == {".gitignore", "cbl/A.cbl", "sub/.gitignore", "sub/open.cbl"}


def test_bad_files_become_diagnostics_and_the_rest_is_still_inventoried(tmp_path, monkeypatch):
    write_tree(
        tmp_path,
        {
            "good/HELLO.cbl": PROGRAM,
            "bad/empty.cbl": "",
            "bad/image.bin": bytes(range(256)) * 8,
            "bad/wide.cbl": "       " + "X" * 100_000 + "\n",
            "bad/large.dat": b"A" * 2048,
            "bad/secret.cbl": PROGRAM,
            "bad/broken.cbl": b"       MOVE 1 TO X.\n\x81\x8d\xff garbage\n",
        },
    )
    os.symlink(tmp_path / "bad", tmp_path / "bad" / "loop")
    os.symlink("/etc", tmp_path / "outside")
    original = Path.read_bytes

    def refuse(self):
        if self.name == "secret.cbl":
            raise PermissionError(13, "Permission denied")
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    inventory = take_inventory(tmp_path, max_file_size=1024)
    codes = {(d.path, d.code, d.severity) for d in inventory.diagnostics}
    assert ("bad/empty.cbl", "empty-file", "info") in codes
    assert ("bad/image.bin", "file-too-large", "error") in codes
    assert ("bad/wide.cbl", "file-too-large", "error") in codes
    assert ("bad/large.dat", "file-too-large", "error") in codes
    assert ("bad/secret.cbl", "unreadable-file", "error") in codes
    assert ("bad/loop", "symlink-loop", "warning") in codes
    assert ("outside", "symlink-outside", "info") in codes
    assert "good/HELLO.cbl" in by_path(inventory)

    inventory = take_inventory(tmp_path, max_file_size=1 << 20)
    codes = {(d.path, d.code) for d in inventory.diagnostics}
    assert ("bad/image.bin", "binary-file") in codes
    assert ("bad/wide.cbl", "long-line") in codes
    assert by_path(inventory)["bad/image.bin"].kind == "binary"
    assert by_path(inventory)["bad/broken.cbl"].encoding == "latin-1"

    inventory = take_inventory(tmp_path, encoding_overrides={"bad/broken.cbl": "utf-8"})
    assert ("bad/broken.cbl", "undecodable-bytes") in {(d.path, d.code) for d in inventory.diagnostics}


def test_unclassified_files_are_listed_not_dropped(tmp_path):
    write_tree(tmp_path, {"misc/notes": "een\ntwee regels van verschillende lengte\n"})
    inventory = take_inventory(tmp_path)
    assert [f.path for f in inventory.unclassified] == ["misc/notes"]
