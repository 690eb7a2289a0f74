"""IMS MFS formats read as screens: device fields where the terminal shows them, literals,
attributes, the messages that map onto the format; a listing with line numbers; a file that is no
MFS at all gives one warning."""

from modernize.graph.screens import build_screens
from tests.conftest import Analysis, write_tree

MFS = """\
*---------------------------------------------------------------------*
*      TELA........:   CLIENTE                                        *
*---------------------------------------------------------------------*
         PRINT NOGEN
CLIFMT   FMT
         DEV   TYPE=(3270,2),FEAT=IGNORE,SYSMSG=MENSA,DSCA=X'00A0',    X
               PFK=(PF,01='/RCL          .',03='CLIP010      3')
         DIV   TYPE=INOUT
         DPAGE CURSOR=((04,20))
DATA     DFLD  POS=(01,02),LTH=10,ATTR=(MOD,NUM,PROT)
         DFLD  'CADASTRO DE CLIENTES',POS=(01,30),ATTR=(PROT,HI)
         DFLD  'CLIENTE:',POS=(04,02),ATTR=(PROT)
CODCLI   DFLD  POS=(04,20),LTH=08,ATTR=(MOD,NUM)
SENHA    DFLD  POS=(05,02),LTH=08,ATTR=(MOD,PROT,NODISP)
MENSA    DFLD  POS=(22,02),LTH=79,ATTR=(PROT,HI)
         FMTEND
CLIMI    MSG   TYPE=INPUT,SOR=(CLIFMT,IGNORE),NXT=CLIMO,OPT=1
         SEG
         MFLD  (PF,'CLIP010  '),LTH=9
         MFLD  CODCLI,LTH=8,FILL=C'0',JUST=R
         MSGEND
CLIMO    MSG   TYPE=OUTPUT,SOR=(CLIFMT,IGNORE),NXT=CLIMI
         SEG
         MFLD  MENSA,LTH=79
         MSGEND
         END
"""


def test_an_mfs_format_is_a_screen_with_its_fields_where_the_terminal_shows_them(tmp_path):
    analysis = Analysis(write_tree(tmp_path, {"mfs/CLIFMT.mfs": MFS, "ims/CLIFMT2": MFS.replace("CLIFMT", "CLIFMU")}))
    assert not analysis.errors() and not [d for d in analysis.diagnostics if d.code.startswith("mfs")]
    module = analysis.module("CLIFMT")
    assert (module.kind, module.language) == ("mapset", "mfs")
    fields = {s.name or s.attributes["initial"]: s.attributes for s in module.symbols if s.kind == "field"}
    assert fields["CODCLI"]["pos"] == [4, 19] and fields["CODCLI"]["length"] == 8  # the attribute byte before column 20
    assert "UNPROT" in fields["CODCLI"]["attrb"] and "NUM" in fields["CODCLI"]["attrb"]
    assert {"PROT", "DRK", "FSET"} <= set(fields["SENHA"]["attrb"])
    assert fields["CADASTRO DE CLIENTES"]["length"] == 20 and "BRT" in fields["CADASTRO DE CLIENTES"]["attrb"]
    messages = {s.name: s.attributes for s in module.symbols if s.kind == "message"}
    assert messages["CLIMI"]["type"] == "INPUT" and messages["CLIMI"]["format"] == "CLIFMT" and messages["CLIMI"]["next"] == "CLIMO"
    assert [(f["field"], f["literal"]) for f in messages["CLIMI"]["fields"]] == [("PF", "CLIP010  "), ("CODCLI", None)]
    assert analysis.module("CLIFMU").language == "mfs"  # no extension: known by its FMT and DFLD statements
    screen = next(s for s in build_screens(analysis.modules) if s.mapset == "CLIFMT")
    assert (screen.is_mfs, screen.rows, screen.columns) == (True, 24, 80)
    text = {(seg.row, seg.column): seg.text for seg in screen.segments}
    assert text[(1, 30)] == "CADASTRO DE CLIENTES" and text[(4, 2)] == "CLIENTE:"


def test_a_printed_listing_is_read_and_a_file_that_is_no_mfs_gives_one_warning(tmp_path):
    listing = "".join(f" {n:06d} {line}\n" for n, line in enumerate(MFS.splitlines(), 1))
    analysis = Analysis(write_tree(tmp_path, {"mfs/LISTING.mfs": listing, "mfs/NOTES.mfs": "these are notes\nabout the screens\n"}))
    assert len([s for s in analysis.module("CLIFMT").symbols if s.kind == "field"]) == 6
    warnings = [(d.code, d.path) for d in analysis.diagnostics if d.path == "mfs/NOTES.mfs"]
    assert warnings == [("mfs-no-format", "mfs/NOTES.mfs")]
