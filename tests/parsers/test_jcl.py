"""JCL facts on small jobs written for the tests: steps, programs, datasets with DD names."""

JOB = """//NACHT01  JOB (ACCT1),'NACHTRUN',CLASS=A,MSGCLASS=X,
//             NOTIFY=&SYSUID,USER=BATCHID
//* IN-STREAM PROC
//INPROC   PROC OMG=PROD
//LEES     EXEC PGM=LEZER
//INVOER   DD DSN=TS.&OMG..INVOER,DISP=SHR
//         PEND
//         SET HLQ=TS.PROD
//         JCLLIB ORDER=(TS.PROCLIB)
//STAP1    EXEC PGM=SORTEER,PARM='A,B',
//             COND=(4,LT)
//SORTIN   DD DSN=&HLQ..RUW(0),DISP=SHR
//         DD DSN=&HLQ..EXTRA,DISP=SHR
//SORTOUT  DD DSN=&&TIJD,DISP=(NEW,PASS)
//SYSOUT   DD SYSOUT=*
//SYSIN    DD *
  SORT FIELDS=(1,9,CH,A)
/*
//STAP2    EXEC CATPROC,HLQ=TS.TEST,PARM.REKEN='X'
//REKEN.UITVOER DD DSN=TS.TEST.ANDERS,DISP=(NEW,CATLG)
//REKEN.EXTRA DD DUMMY
//STAP3    EXEC INPROC,OMG=TEST
//         IF (STAP1.RC = 0) THEN
//DB2      EXEC PGM=IKJEFT01,DYNAMNBR=20
//SYSTSIN  DD *
  DSN SYSTEM(DB2T)
  RUN PROGRAM(DB2PGM) PLAN(PLAN01) -
      LIB('TS.LOAD')
  END
/*
//TABEL    DD DSN=&&TIJD,DISP=(OLD,DELETE)
//         ELSE
//FOUT     EXEC PGM=MELDER
//         ENDIF
//ONBEK    EXEC GEENPROC
//LOS      EXEC PGM=IEFBR14
//DD1      DD DSN=&ONBEKEND..DATA,DISP=(MOD,DELETE)
//         INCLUDE MEMBER=STDDD
"""

CATPROC = """//CATPROC  PROC HLQ=TS.PROD,GEN=+1
//* GECATALOGISEERDE PROC
//REKEN    EXEC PGM=REKENAAR,PARM='STANDAARD'
//INVOER   DD DSN=&HLQ..INVOER,DISP=SHR
//UITVOER  DD DSN=&HLQ..UITVOER(&GEN),DISP=(NEW,CATLG,DELETE),
//            UNIT=SYSDA,SPACE=(TRK,(1,1))
//LOG      DD SYSOUT=A
"""

STDDD = """//SYSUDUMP DD SYSOUT=*
//CEEDUMP  DD SYSOUT=*
"""


def datasets(module, step):
    return sorted(
        (r.kind, r.target, r.attributes["ddname"])
        for r in module.references
        if r.target_kind == "dataset" and r.attributes.get("step") == step
    )


def test_job_steps_programs_and_datasets(analyse):
    analysis = analyse({"jcl/NACHT01.jcl": JOB, "proclib/CATPROC.prc": CATPROC, "proclib/STDDD": STDDD})
    job = analysis.module("NACHT01")
    assert job.kind == "jcl"
    assert job.attributes == {"accounting": "(ACCT1)", "programmer": "NACHTRUN", "class": "A", "msgclass": "X", "notify": "&SYSUID", "user": "BATCHID", "owner": "BATCHID"}
    steps = {s.name: s.attributes for s in job.symbols if s.kind == "step"}
    assert list(steps) == ["STAP1", "STAP2.REKEN", "STAP3.LEES", "DB2", "FOUT", "ONBEK", "LOS"]
    assert steps["STAP1"]["parm"] == "A,B" and steps["STAP1"]["cond"] == "(4,LT)"
    assert steps["STAP2.REKEN"]["program"] == "REKENAAR" and steps["STAP2.REKEN"]["parm"] == "X"
    assert steps["DB2"]["if"] == ["(STAP1.RC = 0)"]
    assert steps["FOUT"]["if"] == ["NOT ((STAP1.RC = 0))"]
    assert steps["ONBEK"]["proc"] == "GEENPROC"
    executes = sorted((r.target, r.target_kind, r.via, r.attributes.get("step")) for r in job.references if r.kind == "executes")
    assert executes == [
        ("CATPROC", "proc", "jcl", "STAP2"),
        ("DB2PGM", "program", "ikjeft01", "DB2"),
        ("GEENPROC", "proc", "jcl", "ONBEK"),
        ("IEFBR14", "program", "jcl", "LOS"),
        ("IKJEFT01", "program", "jcl", "DB2"),
        ("INPROC", "proc", "jcl", "STAP3"),
        ("LEZER", "program", "jcl", "STAP3.LEES"),
        ("MELDER", "program", "jcl", "FOUT"),
        ("REKENAAR", "program", "jcl", "STAP2.REKEN"),
        ("SORTEER", "program", "jcl", "STAP1"),
    ]
    db2 = next(r for r in job.references if r.target == "DB2PGM")
    assert (db2.attributes["plan"], db2.attributes["db2"]) == ("PLAN01", "DB2T")
    assert [r.resolved for r in job.references if r.target_kind == "proc"] == [True, True, False]


def test_symbols_gdg_temporary_datasets_overrides_and_includes(analyse):
    analysis = analyse({"jcl/NACHT01.jcl": JOB, "proclib/CATPROC.prc": CATPROC, "proclib/STDDD": STDDD})
    job = analysis.module("NACHT01")
    assert datasets(job, "STAP1") == [
        ("reads", "TS.PROD.EXTRA", "SORTIN"),
        ("reads", "TS.PROD.RUW", "SORTIN"),
        ("writes", "&&TIJD", "SORTOUT"),
    ]
    ruw = next(r for r in job.references if r.target == "TS.PROD.RUW")
    assert ruw.attributes["generation"] == "0"
    temp = next(r for r in job.references if r.target == "&&TIJD")
    assert temp.attributes["temporary"] is True and temp.attributes["job"] == "NACHT01"
    # PROC default HLQ overridden on the EXEC; UITVOER overridden in the job; EXTRA added as DUMMY.
    assert datasets(job, "STAP2.REKEN") == [("reads", "TS.TEST.INVOER", "INVOER"), ("writes", "TS.TEST.ANDERS", "UITVOER")]
    reken = next(s for s in job.symbols if s.name == "STAP2.REKEN").attributes["dds"]
    assert [(d["ddname"], d.get("dummy"), d.get("sysout")) for d in reken] == [("INVOER", None, None), ("UITVOER", None, None), ("LOG", None, "A"), ("EXTRA", True, None)]
    assert datasets(job, "STAP3.LEES") == [("reads", "TS.TEST.INVOER", "INVOER")]
    assert datasets(job, "DB2") == [("reads", "&&TIJD", "TABEL"), ("writes", "&&TIJD", "TABEL")]
    los = next(s for s in job.symbols if s.name == "LOS").attributes["dds"]
    assert [d["ddname"] for d in los] == ["DD1", "SYSUDUMP", "CEEDUMP"]
    assert los[0]["dsn"] == "&ONBEKEND..DATA"
    codes = {(d.code, d.line) for d in analysis.diagnostics}
    assert ("jcl-symbol-unset", 37) in codes
    assert ("jcl-proc-missing", 35) in codes
    assert [(r.target, r.resolved) for r in job.references if r.kind == "includes"] == [("STDDD", True)]


def test_cataloged_proc_on_its_own_uses_its_defaults(analyse):
    proc = analyse({"proclib/CATPROC.prc": CATPROC}).module("CATPROC")
    assert proc.kind == "proc" and proc.attributes["defaults"] == {"HLQ": "TS.PROD", "GEN": "+1"}
    assert datasets(proc, "REKEN") == [("reads", "TS.PROD.INVOER", "INVOER"), ("writes", "TS.PROD.UITVOER", "UITVOER")]


def test_idcams_and_utilities(analyse):
    job = analyse(
        {
            "jcl/VSAM.jcl": """//VSAM     JOB 1,'VSAM'
//DEF      EXEC PGM=IDCAMS
//INDD     DD DSN=TS.SEQ,DISP=SHR
//SYSIN    DD *
  DELETE TS.KSDS CLUSTER
  DEFINE CLUSTER (NAME(TS.KSDS) -
         INDEXED KEYS(9 0))
  REPRO INFILE(INDD) OUTDATASET(TS.KSDS)
/*
//COPY     EXEC PGM=IEBGENER
//SYSUT1   DD DSN=TS.KSDS,DISP=OLD
//SYSUT2   DD DSN=TS.KOPIE,DISP=OLD
//NOGMAALS EXEC PGM=IEBGENER
//SYSUT1   DD DSN=*.COPY.SYSUT2,DISP=SHR
//SYSUT2   DD SYSOUT=*
"""
        }
    ).module("VSAM")
    idcams = sorted((r.kind, r.target, r.attributes["command"]) for r in job.references if r.via == "idcams")
    assert idcams == [("reads", "TS.SEQ", "REPRO"), ("writes", "TS.KSDS", "DEFINE"), ("writes", "TS.KSDS", "DELETE"), ("writes", "TS.KSDS", "REPRO")]
    assert datasets(job, "COPY") == [("reads", "TS.KSDS", "SYSUT1"), ("writes", "TS.KOPIE", "SYSUT2")]
    assert datasets(job, "NOGMAALS") == [("reads", "TS.KOPIE", "SYSUT1")]


def test_bad_jcl_gives_diagnostics_and_keeps_what_it_can(analyse):
    analysis = analyse(
        {
            "jcl/KAPOT.jcl": """//KAPOT    JOB 1,'KAPOT
//S1       EXEC PGM=EEN,
dit is geen jcl
//S2       EXEC PGM=TWEE
//DD1      DD DSN=TS.DATA,DISP=SHR,
"""
        }
    )
    job = analysis.module("KAPOT")
    assert [r.target for r in job.references if r.kind == "executes"] == ["EEN", "TWEE"]
    codes = {(d.code, d.line) for d in analysis.diagnostics}
    assert {("jcl-stray-line", 3), ("jcl-unbalanced-quote", 1), ("jcl-continuation", 2), ("jcl-continuation", 5)} <= codes
    assert datasets(job, "S2") == [("reads", "TS.DATA", "DD1")]


def test_example_estate_jobs_steps_and_programs(example_estate):
    result = example_estate.scanned
    jobs = {m.name: m for m in result.modules if m.kind == "jcl"}
    assert sorted(jobs) == ["TSJ010", "TSJ020", "TSJ030", "TSJ040", "TSJ050", "TSJ060"]
    programs = {
        name: sorted({r.target for r in job.references if r.kind == "executes" and r.target_kind == "program"})
        for name, job in jobs.items()
    }
    assert programs["TSJ010"] == ["IEBGENER", "IEFBR14", "SORT", "TSB010"]
    assert programs["TSJ020"] == ["IKJEFT01", "TSB020", "TSB030", "TSB040", "TSB050"]
    assert [s.name for s in jobs["TSJ020"].symbols] == ["BETAAL.BEREKEN", "BETAAL.CORRECT", "BETAAL.RAPPORT", "DB2LOAD"]
    assert not [d for d in result.diagnostics if d.severity in ("error", "warning")]


def test_mutated_jcl_never_raises_or_hangs():
    import random
    import time
    from pathlib import Path

    from modernize.model import SourceFile
    from modernize.parsers import ParseContext
    from modernize.parsers.jcl import parse

    rng = random.Random(7)
    lines = (JOB + CATPROC).split("\n")
    for _ in range(300):
        mutated = list(lines)
        operation = rng.choice(["drop", "shuffle", "cut", "noise"])
        if operation == "drop":
            mutated = [ln for ln in mutated if rng.random() < 0.7]
        elif operation == "shuffle":
            rng.shuffle(mutated)
        elif operation == "cut":
            i = rng.randrange(len(mutated))
            mutated[i] = mutated[i][: rng.randrange(len(mutated[i]) + 1)]
        else:
            i = rng.randrange(len(mutated))
            mutated[i] = mutated[i][:10] + "".join(rng.choice("(),'=&. *ABC") for _ in range(20)) + mutated[i][10:]
        text = "\n".join(mutated)
        source = SourceFile("jcl/M.jcl", "jcl", "jcl", "ascii", "", "x", len(mutated), len(text))
        started = time.monotonic()
        result = parse(source, text, ParseContext(root=Path("/nonexistent"), files={}))
        assert time.monotonic() - started < 2
        assert all(d.path == "jcl/M.jcl" for m in result.modules for d in m.diagnostics)


def test_jobs_whose_instream_data_dominates_and_dfhcsdup_definitions(analyse):
    sysin = "\n".join(f"   DEFINE GENERATIONDATAGROUP (NAME(TS.GDG{i}) LIMIT(5) SCRATCH)\n   IF LASTCC=12 THEN SET MAXCC=0" for i in range(30))
    analysis = analyse(
        {
            "jcl/GDGDEF.jcl": "//GDGDEF   JOB 1,'GDG'\n//S1       EXEC PGM=IDCAMS\n//SYSIN    DD *\n" + sysin + "\n/*\n",
            "jcl/CSDDEF.jcl": """//CSDDEF   JOB 1,'CSD'
//S1       EXEC PGM=DFHCSDUP
//SYSIN    DD *
  DEFINE TRANSACTION(TSX1) GROUP(TSL) PROGRAM(TSO100)
  DEFINE PROGRAM(TSO100) GROUP(TSL)
/*
""",
        }
    )
    assert analysis.inventory.files[1].kind == "jcl" and analysis.module("GDGDEF").kind == "jcl"
    transaction = analysis.module("TSX1")
    assert transaction.kind == "transaction" and transaction.path == "jcl/CSDDEF.jcl" and transaction.line == 4
    assert [(r.kind, r.target) for r in transaction.references] == [("starts", "TSO100")]


def test_a_proc_on_its_own_expects_symbols_from_its_caller(analyse):
    analysis = analyse({"proclib/NODEF.prc": "//NODEF    PROC\n//S1       EXEC PGM=X\n//IN       DD DSN=&LIB(MEMBER),DISP=SHR\n"})
    assert [(d.severity, d.code) for d in analysis.diagnostics] == [("info", "jcl-symbol-from-caller")]


def test_ims_batch_programs_and_repeated_step_names(analyse):
    analysis = analyse(
        {
            "jcl/IMSJOB.jcl": """//IMSJOB   JOB 1,'IMS'
//LOAD     EXEC PGM=DFSRRC00,PARM='DLI,PAUDBLOD,PSBLOAD,7,0000'
//LOAD     EXEC PGM=IEFBR14
"""
        }
    )
    job = analysis.module("IMSJOB")
    ims = next(r for r in job.references if r.via == "ims")
    assert (ims.target, ims.attributes["region"], ims.attributes["psb"]) == ("PAUDBLOD", "DLI", "PSBLOAD")
    assert ("jcl-duplicate-step", 3) in {(d.code, d.line) for d in analysis.diagnostics}


def proc_running(program: str) -> str:
    return f"//ZETPROC  PROC\n//STAP     EXEC PGM={program}\n//UIT      DD DSN=TS.{program}.UIT,DISP=(NEW,CATLG)\n"


def programs_run(module) -> list[str]:
    return [r.target for r in module.references if r.kind == "executes" and r.target_kind == "program"]


def test_jcllib_order_decides_which_of_two_procs_of_one_name_runs(analyse):
    analysis = analyse(
        {
            # first by path, so what a job without JCLLIB gets, as before
            "PROD.PROCLIB/ZETPROC.prc": proc_running("PRODPGM"),
            "libs/tsl/test/proclib/ZETPROC.prc": proc_running("TESTPGM"),
            "PROD.PROCLIB/STDDD": "//SYSOUT   DD SYSOUT=P\n",
            "libs/tsl/test/proclib/STDDD": "//SYSOUT   DD SYSOUT=T\n",
            "jcl/OPTEST.jcl": "//OPTEST   JOB 1,'TEST'\n//         SET OMG=TEST\n//         JCLLIB ORDER=(TSL.&OMG..PROCLIB,TSL.PROD.PROCLIB)\n"
                              "//S1       EXEC ZETPROC\n//S2       EXEC PGM=MELDER\n//         INCLUDE MEMBER=STDDD\n",
            "jcl/OPPROD.jcl": "//OPPROD   JOB 1,'PROD'\n//         JCLLIB ORDER=(TSL.PROD.PROCLIB,TSL.TEST.PROCLIB)\n//S1       EXEC ZETPROC\n",
            "jcl/ZONDER.jcl": "//ZONDER   JOB 1,'GEEN JCLLIB'\n//S1       EXEC ZETPROC\n",
            "jcl/ELDERS.jcl": "//ELDERS   JOB 1,'ANDERE BIB'\n//         JCLLIB ORDER=(SYS1.PROCLIB.EXTRA)\n//S1       EXEC ZETPROC\n",
        }
    )
    test_job, prod_job = analysis.module("OPTEST"), analysis.module("OPPROD")
    assert programs_run(test_job) == ["TESTPGM", "MELDER"] and programs_run(prod_job) == ["PRODPGM"]
    steps = {s.name: s for s in test_job.symbols if s.kind == "step"}
    assert steps["S1.STAP"].path == "libs/tsl/test/proclib/ZETPROC.prc"
    # INCLUDE members are looked up the same way: the SYSOUT class comes from the TEST library
    assert steps["S2"].attributes["dds"] == [{"ddname": "SYSOUT", "line": 1, "path": "libs/tsl/test/proclib/STDDD", "sysout": "T"}]
    assert not [d for d in test_job.diagnostics if d.severity != "info"]
    # no JCLLIB, or libraries no directory stands for: the first by path, as before
    assert programs_run(analysis.module("ZONDER")) == ["PRODPGM"] and programs_run(analysis.module("ELDERS")) == ["PRODPGM"]


def test_the_cache_checks_the_member_the_jcllib_order_chose(tmp_path):
    from modernize.config import Settings
    from modernize.inventory import take_inventory
    from modernize.parsers.jcl import parse
    from modernize.pipeline import build_context
    from tests.conftest import write_tree

    root = write_tree(tmp_path, {
        "prod/proclib/ZETPROC.prc": proc_running("PRODPGM"),
        "test/proclib/ZETPROC.prc": proc_running("TESTPGM"),
        "jcl/OPTEST.jcl": "//OPTEST   JOB 1,'TEST'\n//         JCLLIB ORDER=(TSL.TEST.PROCLIB)\n//S1       EXEC ZETPROC\n",
    })
    files = take_inventory(root).files
    context = build_context(root, files, Settings())
    job = next(f for f in files if f.path == "jcl/OPTEST.jcl")
    result = parse(job, context.read(job), context)
    chosen = next(f for f in files if f.path == "test/proclib/ZETPROC.prc")
    assert result.dependencies == {"proc:ZETPROC in TSL.TEST.PROCLIB": chosen.sha256}
    assert context.dependency_hash("proc:ZETPROC in TSL.TEST.PROCLIB") == chosen.sha256
    assert context.dependency_hash("proc:ZETPROC") != chosen.sha256  # without the order: prod/ comes first by path
