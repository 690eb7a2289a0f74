"""UniKix/MBM job scripts (a batch after a rehost): a job per script, its steps, programs and files."""

from pathlib import Path

from modernize import signatures
from modernize.graph.build import build_graph
from modernize.model import SourceFile
from modernize.parsers import ParseContext, parser_for, unikix
from tests.conftest import fixed

# Shaped like the scripts of a rehosted claims system: ksh macros, a csh-style guard, VSAM files by
# their UniKix name, sequential files under $SEQFILES, here-documents for control cards.
SCRIPT = r"""################################################################################
#  CILGM10 - MONTH-END CLAIMS EXTRACT          (FROM CI.PROD.JCL(CILGM10))
################################################################################
BEGINJOB mode='MVS' jobclass='Y'

if ($EBMSYS != 'prod') then
   echo "Job aborting, not prod"
   exit 1
endif

export EXTRDIR=$SEQFILES/extract
################################################################################
LABEL name=BKPCNTL
################################################################################
ONRETCODE MAXRC GT '11' BYPASS scope='STEP'
ASSGNDD ddname='IN1' dataset='CI.DD.LG.ELCNTL' type='VS' filename='ELCNTL' disp='i-o'
ASSGNDD ddname='OUT1' dataset='CI.ME.LG.ELCNTL.BKP' filename='\${SEQFILES}/CI.ME.LG.ELCNTL.BKP' disp='o' normal='k' abend='d' recfmt='F' recsize='200'
ASSGNDD ddname='SYSIN' type='INSTREAM'  << !
  REPRO  IFILE(IN1)  -
         OFILE(OUT1)
!
EXECPGM pgmname='IDCAMS' stepname='BKPCNTL'

################################################################################
LABEL name=EL310
################################################################################
#  **************************************************** INPUT FILES
ASSGNDD ddname='ELCNTL' type='VS' filename='ELCNTL' disp='i-o'
ASSGNDD ddname='CLAIMIN' filename='$SEQFILES/CI.XX.CLMS.EXTR' disp='i' normal='k' abend='k'
#  **************************************************** OUTPUT FILES
ASSGNDD ddname='CLAIMOUT' filename='$EXTRDIR/CI.XX.CLMS.${JOBNAME}' disp='o' normal='k'
                            abend='d' recsize='374' recfmt='F'
ASSGNDD ddname='SYS008' type='SYSOUT' class='A'
ASSGNDD ddname='SORTWK01' type='TEMP'
ASSGNDD ddname='ERFORM' type='DUMMY'
EXECPGM pgmname='EL310' stepname='EL310' parm='MONTHEND'

IF (MAXRC LE 4) THEN
EXECPROC procname='CLMSORT' stepname='SORTCLM'
ELSE
JUMP label=ENDJOB
ENDIF

LABEL name=ENDJOB
EBMSYSCMD << !
echo "CILGM10 done"
!
ENDJOB
"""

PROC = """BEGINPROC procname='CLMSORT'
LABEL name=SORT01
ASSGNDD ddname='SORTIN' filename='$EXTRDIR/CI.XX.CLMS.CILGM10' disp='i-o'
ASSGNDD ddname='SORTOUT' filename='$SEQFILES/CI.XX.CLMS.SORTED' disp='o'
ASSGNDD ddname='SYSIN' type='INSTREAM' << !
RECORD:
       KEYS=(1 13)
ENDSORT:
!
EXECPGM pgmname='SORT' stepname='SORT01'
ENDPROC
"""

EL310 = fixed("""
 IDENTIFICATION DIVISION.
 PROGRAM-ID. EL310.
 ENVIRONMENT DIVISION.
 INPUT-OUTPUT SECTION.
 FILE-CONTROL.
     SELECT CLAIM-IN  ASSIGN TO CLAIMIN.
     SELECT CLAIM-OUT ASSIGN TO CLAIMOUT.
 DATA DIVISION.
 FILE SECTION.
 FD  CLAIM-IN.
 01  CLAIM-IN-REC  PIC X(374).
 FD  CLAIM-OUT.
 01  CLAIM-OUT-REC PIC X(374).
 PROCEDURE DIVISION.
     OPEN INPUT CLAIM-IN OUTPUT CLAIM-OUT
     READ CLAIM-IN
     WRITE CLAIM-OUT-REC FROM CLAIM-IN-REC
     CLOSE CLAIM-IN CLAIM-OUT
     GOBACK.
""")


def context(files: dict[str, tuple[SourceFile, str]]) -> ParseContext:
    procs = {source.member: [path] for path, (source, _) in files.items() if source.kind == "proc"}
    return ParseContext(Path("."), {path: source for path, (source, _) in files.items()}, {"proc": procs},
                        reader=lambda root, source: files[source.path][1])


def test_a_unikix_script_is_a_job_whose_steps_run_programs_on_files_joined_with_cobol():
    job_source = SourceFile("batch/jobs/cilgm10.ksh", "unikix", "jcl", "ascii", "fixed", "", 0, 0)
    proc_source = SourceFile("batch/procs/CLMSORT", "unikix", "proc", "ascii", "fixed", "", 0, 0)
    program_source = SourceFile("cbl/EL310.cbl", "cobol", "program", "ascii", "fixed-numbered", "", 0, 0)
    files = {job_source.path: (job_source, SCRIPT), proc_source.path: (proc_source, PROC), program_source.path: (program_source, EL310)}
    assert signatures.unikix_kind(SCRIPT) == "jcl" and signatures.unikix_kind(PROC) == "proc"
    assert not signatures.unikix_script(EL310) and not signatures.unikix_script("      *ASSGNDD ddname='SORTIN' filename='in'\n      *EXECPGM pgmname='SORT'\n")
    assert parser_for(job_source) is not None and parser_for(job_source)[1] is unikix.parse

    result = unikix.parse(job_source, SCRIPT, context(files))
    job = result.modules[0]
    assert (job.kind, job.name, job.language, job.node_id) == ("jcl", "CILGM10", "unikix", "job:CILGM10")
    assert [(s.name, s.program, s.line) for s in job.symbols] == [("BKPCNTL", "IDCAMS", 22), ("EL310", "EL310", 36), ("SORTCLM.SORT01", "SORT", 10)]
    assert job.symbols[0].cond == "MAXRC GT 11 BYPASS scope=STEP" and job.symbols[2].if_ == ["(MAXRC LE 4)"]
    assert job.attributes["jumps"] == [{"label": "ENDJOB", "line": 41, "if": ["NOT ((MAXRC LE 4))"]}]
    data = sorted((r.step, r.kind, r.target, r.ddname) for r in job.references if r.target_kind == "dataset" and r.via == "dd")
    assert data == [
        ("BKPCNTL", "reads", "CI.DD.LG.ELCNTL", "IN1"), ("BKPCNTL", "writes", "CI.DD.LG.ELCNTL", "IN1"),
        ("BKPCNTL", "writes", "CI.ME.LG.ELCNTL.BKP", "OUT1"),
        ("EL310", "reads", "CI.DD.LG.ELCNTL", "ELCNTL"), ("EL310", "reads", "CI.XX.CLMS.EXTR", "CLAIMIN"),  # the VSAM file by its data set
        ("EL310", "writes", "CI.DD.LG.ELCNTL", "ELCNTL"), ("EL310", "writes", "CI.XX.CLMS.CILGM10", "CLAIMOUT"),  # $JOBNAME resolved
        ("SORTCLM.SORT01", "reads", "CI.XX.CLMS.CILGM10", "SORTIN"), ("SORTCLM.SORT01", "writes", "CI.XX.CLMS.SORTED", "SORTOUT"),
    ]
    assert {(r.kind, r.target, r.via) for r in job.references if r.via == "idcams"} == {("reads", "CI.DD.LG.ELCNTL", "idcams"), ("writes", "CI.ME.LG.ELCNTL.BKP", "idcams")}
    assert {(r.target, r.target_kind, r.resolved) for r in job.references if r.kind == "executes"} == {
        ("IDCAMS", "program", False), ("EL310", "program", False), ("SORT", "program", False), ("CLMSORT", "proc", True)}
    dds = {dd.ddname: dd for dd in job.symbols[1].dds}
    assert dds["SYS008"].sysout == "A" and dds["ERFORM"].dummy and dds["SORTWK01"].dsn is None
    assert dds["CLAIMOUT"].file == "$EXTRDIR/CI.XX.CLMS.${JOBNAME}" and dds["CLAIMOUT"].disp == "NEW"
    assert result.dependencies == {"proc:CLMSORT": ""}

    program = parser_for(program_source)[1](program_source, EL310, context(files)).modules
    graph = build_graph(program + result.modules)
    joined = {(u, v, d["kind"], d.get("ddname")) for u, v, d in graph.edges(data=True) if u == "program:EL310"}
    assert joined == {("program:EL310", "dataset:CI.XX.CLMS.EXTR", "reads", "CLAIMIN"), ("program:EL310", "dataset:CI.XX.CLMS.CILGM10", "writes", "CLAIMOUT")}
    assert graph.has_edge("job:CILGM10", "step:CILGM10.EL310") and graph.has_edge("step:CILGM10.EL310", "program:EL310")
