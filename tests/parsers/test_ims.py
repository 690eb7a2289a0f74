"""IMS DBD and PSB sources: the database, its segment hierarchy and fields; the PSB's PCBs and segments."""

from pathlib import Path

from modernize import signatures
from modernize.model import SourceFile
from modernize.parsers import ParseContext, ims, jcl

# Assembler format: labels in column 1, continuation in column 72, comments with '*'.
DBD = """*********************************************************************
*  CUSTOMER DATABASE: HIDAM, CUSTOMER ROOT, ACCOUNTS AND HISTORY      *
*********************************************************************
         PRINT NOGEN
         DBD   NAME=CUSTDBD,ACCESS=(HIDAM,VSAM)
DSG1     DATASET DD1=CUSTDB,DEVICE=3390,SIZE=4096
         SEGM  NAME=CUSTOMER,PARENT=0,BYTES=120,PTR=TWINBWD,           X
               RULES=(LLV,LAST)
         LCHILD NAME=(CUSTINDX,CUSTIDX),POINTER=INDX
         FIELD NAME=(CUSTNO,SEQ,U),BYTES=8,START=1,TYPE=C
         FIELD NAME=CUSTNAME,BYTES=30,START=9,TYPE=C
         FIELD NAME=BALANCE,BYTES=5,START=39,TYPE=P
         SEGM  NAME=ACCOUNT,PARENT=((CUSTOMER,SNGL)),BYTES=60
         FIELD NAME=(ACCTNO,SEQ,U),BYTES=10,START=1
         SEGM  NAME=TRANHIST,PARENT=ACCOUNT,BYTES=(80,40)
         FIELD NAME=(TRDATE,SEQ,M),BYTES=8,START=1,TYPE=C
         DBDGEN
         FINISH
         END
"""

PSB = """*  PSB OF THE CUSTOMER MAINTENANCE PROGRAM
ALTPCB   PCB   TYPE=TP,MODIFY=YES
CUSTPCB  PCB   TYPE=DB,DBDNAME=CUSTDBD,PROCOPT=G,KEYLEN=26
         SENSEG NAME=CUSTOMER,PARENT=0
         SENSEG NAME=ACCOUNT,PARENT=CUSTOMER,PROCOPT=A
         SENSEG NAME=TRANHIST,PARENT=ACCOUNT,PROCOPT=I
         PSBGEN LANG=COBOL,PSBNAME=CUSTUPD,CMPAT=YES
         END
"""


def source(path: str) -> SourceFile:
    return SourceFile(path, "ims", path.rsplit(".", 1)[-1], "ascii", "fixed", "", 0, 0)


def test_a_dbd_gives_its_database_segments_fields_and_hierarchy_and_a_psb_its_pcbs():
    assert signatures.ims_kind(DBD) == "dbd" and signatures.ims_kind(PSB) == "psb"
    assert signatures.ims_dbd(DBD) and not signatures.ims_psb(DBD) and signatures.ims_psb(PSB) and not signatures.ims_dbd(PSB)
    assert signatures.ims_kind("       IDENTIFICATION DIVISION.\n       PROGRAM-ID. CUSTUPD.\n") is None

    modules = ims.parse(source("ims/dbd/CUSTDBD.dbd"), DBD, ParseContext(Path("."), {})).modules
    assert [(m.kind, m.name, m.line, m.node_id) for m in modules] == [
        ("dbd", "CUSTDBD", 5, "database:CUSTDBD"), ("segment", "CUSTOMER", 7, "segment:CUSTOMER"),
        ("segment", "ACCOUNT", 13, "segment:ACCOUNT"), ("segment", "TRANHIST", 15, "segment:TRANHIST")]
    database, customer, account, history = modules
    assert database.attributes["access"] == ["HIDAM", "VSAM"] and database.attributes["datasets"][0]["dd1"] == "CUSTDB"
    assert [(r.kind, r.target, r.via) for r in database.references] == [("contains", "CUSTOMER", "dbd")]
    assert (customer.attributes["parent"], account.attributes["parent"], history.attributes["parent"]) == (None, "CUSTOMER", "ACCOUNT")
    assert [customer.attributes["level"], account.attributes["level"], history.attributes["level"]] == [1, 2, 3]
    assert customer.attributes["rules"] == "LLV,LAST"  # from the continuation line
    assert [(f.name, f.attributes["start"], f.attributes["bytes"], f.attributes["type"], f.attributes.get("seq")) for f in customer.symbols] == [
        ("CUSTNO", 1, 8, "C", True), ("CUSTNAME", 9, 30, "C", None), ("BALANCE", 39, 5, "P", None)]
    assert history.symbols[0].attributes["unique"] is False and history.attributes["bytes"] == 80
    assert {(r.kind, r.target, r.attributes.get("dbd")) for r in customer.references} == {("contains", "ACCOUNT", None), ("references", "CUSTINDX", "CUSTIDX")}

    psb = ims.parse(source("ims/psb/CUSTUPD.psb"), PSB, ParseContext(Path("."), {})).modules
    assert [(m.kind, m.name, m.node_id) for m in psb] == [("psb", "CUSTUPD", "psb:CUSTUPD")]
    pcbs = psb[0].symbols
    assert [(p.name, p.attributes["type"], p.attributes.get("dbd"), p.attributes.get("procopt")) for p in pcbs] == [
        ("ALTPCB", "TP", None, None), ("CUSTPCB", "DB", "CUSTDBD", "G")]
    assert pcbs[1].attributes["keylen"] == 26 and [s["name"] for s in pcbs[1].attributes["sensegs"]] == ["CUSTOMER", "ACCOUNT", "TRANHIST"]
    assert sorted((r.kind, r.target, r.target_kind, r.attributes.get("procopt")) for r in psb[0].references) == [
        ("reads", "ACCOUNT", "segment", "A"), ("reads", "CUSTOMER", "segment", "G"), ("references", "CUSTDBD", "database", "G"),
        ("writes", "ACCOUNT", "segment", "A"), ("writes", "TRANHIST", "segment", "I")]


def test_a_dbdgen_job_defines_the_database_its_sysin_describes():
    job = "//DBDGEN  JOB (ACCT),'DBDGEN'\n//C        EXEC PGM=ASMA90\n//SYSLIB   DD DSN=IMS.SDFSMAC,DISP=SHR\n//SYSIN    DD *\n" + DBD + "/*\n"
    result = jcl.parse(SourceFile("jcl/DBDGEN.jcl", "jcl", "jcl", "ascii", "fixed", "", 0, 0), job, ParseContext(Path("."), {}))
    assert [(m.kind, m.name, m.line) for m in result.modules] == [
        ("jcl", "DBDGEN", 1), ("dbd", "CUSTDBD", 9), ("segment", "CUSTOMER", 11), ("segment", "ACCOUNT", 17), ("segment", "TRANHIST", 19)]
    assert [(r.kind, r.target, r.target_kind, r.step, r.line) for r in result.modules[0].references if r.kind == "defines"] == [
        ("defines", "CUSTDBD", "database", "C", 9)]
    assert [r.attributes.get("library") for r in result.modules[0].references if r.target == "IMS.SDFSMAC"] == [True]
