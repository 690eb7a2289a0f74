"""Generate a synthetic legacy estate for benchmarks: realistic fixed-format COBOL, copybooks, JCL.

Parametric and deterministic (same seed, same estate). Programs carry the constructs of the
example estate: sequence numbers and change tags, COPY (with REPLACING), 88-levels, OCCURS,
REDEFINES, COMP-3, file I/O, PERFORM THRU, GO TO, EVALUATE, static and dynamic CALL, EXEC SQL
and EXEC CICS. Never committed as data: generate it where you benchmark.

    python benchmarks/generate.py OUT --programs 2000 --lines 500 --copybooks 200 --jobs 100
    python benchmarks/generate.py OUT --realistic --total-lines 1700000   (shaped like a real estate: realistic.py)
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

VERBS_NO_CALL = ["move", "move", "move", "compute", "if", "if", "evaluate", "perform", "add", "display", "string", "read"]
VERBS_WEIGHTED = ["move", "move", "move", "compute", "if", "if", "evaluate", "perform", "add", "display", "call", "string", "read"]


class Writer:
    """Fixed reference format: sequence numbers in 1-6, code in 8-72, change tags in 73-80."""

    def __init__(self, rng: random.Random, exec_blocks: bool = True):
        self.rng = rng
        self.lines: list[str] = []
        self.exec_blocks = exec_blocks
        self.inside_exec = False

    def add(self, code: str, indicator: str = " ") -> None:
        number = (len(self.lines) + 1) * 100
        tag = self.rng.choice(["        ", "        ", f"TS{self.rng.randint(1000, 9999)}  ", "WO19970 "])
        if not self.exec_blocks and (self.inside_exec or code.strip().startswith("EXEC ")):
            # Without EXEC blocks (for compilers run without a precompiler): same random draws, line left out.
            self.inside_exec = "END-EXEC" not in code
            return
        self.lines.append(f"{number % 1_000_000:06d}{indicator}{code[:65]:<65}{tag}")  # six digits, as long programs wrap them

    def comment(self, text: str) -> None:
        self.add(text, "*")

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def copybook(rng: random.Random, index: int) -> tuple[str, str]:
    name = f"CPY{index:05d}"
    w = Writer(rng)
    w.comment(f" RECORDLAYOUT {name}")
    w.add(f" 01  :PFX:-REC{index}.")
    for field in range(rng.randint(6, 30)):
        kind = rng.random()
        fname = f":PFX:-F{field:03d}"
        if kind < 0.3:
            w.add(f"     05  {fname}  PIC X({rng.randint(1, 40)}).")
        elif kind < 0.5:
            w.add(f"     05  {fname}  PIC S9({rng.randint(1, 9)})V99 COMP-3.")
        elif kind < 0.6:
            w.add(f"     05  {fname}  PIC 9({rng.randint(1, 4)}).")
            w.add(f"         88  {fname}-OK     VALUE 1 THRU 5.")
            w.add(f"         88  {fname}-FOUT   VALUE 0, 9.")
        elif kind < 0.7:
            w.add(f"     05  {fname}  OCCURS {rng.randint(2, 12)} TIMES.")
            w.add(f"         10  {fname}-C  PIC X(3).")
            w.add(f"         10  {fname}-N  PIC S9(5) COMP.")
        elif kind < 0.8:
            w.add(f"     05  {fname}  PIC X(8).")
            w.add(f"     05  {fname}-R REDEFINES {fname} PIC 9(8).")
        else:
            w.add(f"     05  {fname}  PIC S9(7)V99.")
    return name, w.text()


def program(rng: random.Random, index: int, size: int, copybooks: list[str], programs: int, cics: bool,
            call_density: float | None = None, exec_blocks: bool = True) -> tuple[str, str]:
    name = f"PG{index:06d}"
    w = Writer(rng, exec_blocks)
    w.add(" IDENTIFICATION DIVISION.")
    w.add(f" PROGRAM-ID. {name}.")
    w.add(" AUTHOR. GENERATOR.")
    w.comment(" SYNTHETISCH PROGRAMMA VOOR BENCHMARKS")
    w.add(" ENVIRONMENT DIVISION.")
    w.add(" INPUT-OUTPUT SECTION.")
    w.add(" FILE-CONTROL.")
    files = [] if cics else [f"F{i}" for i in range(rng.randint(1, 3))]
    for f in files:
        w.add(f"     SELECT {f}-BESTAND ASSIGN TO {name[-4:]}{f}")
        w.add(f"            FILE STATUS IS WS-FS-{f}.")
    w.add(" DATA DIVISION.")
    w.add(" FILE SECTION.")
    for f in files:
        w.add(f" FD  {f}-BESTAND RECORDING MODE IS F.")
        w.add(f" 01  {f}-RECORD               PIC X(80).")
    w.add(" WORKING-STORAGE SECTION.")
    for f in files:
        w.add(f" 01  WS-FS-{f}                 PIC XX.")
        w.add("     88  FS-OK                 VALUE '00'.")
    w.add(" 01  WS-PGM                    PIC X(8) VALUE SPACES.")
    w.add(" 01  WS-TELLERS.")
    for i in range(10):
        w.add(f"     05  WS-T{i}                PIC S9(7) COMP-3 VALUE ZERO.")
    w.add(" 01  WS-TEKST                  PIC X(80).")
    for book in rng.sample(copybooks, min(len(copybooks), rng.randint(1, 4))):
        prefix = f"W{rng.randint(10, 99)}"
        w.add(f"     COPY {book} REPLACING ==:PFX:== BY =={prefix}==.")
    if not cics:
        w.add("     EXEC SQL INCLUDE SQLCA END-EXEC.")
    w.add(" LINKAGE SECTION.")
    w.add(" 01  LK-PARM                   PIC X(100).")
    w.add(" PROCEDURE DIVISION USING LK-PARM.")
    paragraphs = max(3, (size - len(w.lines)) // 12)
    w.add(" 0000-HOOFD.")
    w.add("     PERFORM 1000-INIT THRU 1000-EXIT")
    w.add("     PERFORM 2000-VERWERK UNTIL WS-T0 > 100")
    w.add("     GOBACK.")
    w.add(" 1000-INIT.")
    for f in files:
        w.add(f"     OPEN INPUT {f}-BESTAND")
    w.add("     MOVE ZERO TO WS-T0.")
    w.add(" 1000-EXIT.")
    w.add("     EXIT.")
    w.add(" 2000-VERWERK.")
    w.add("     ADD 1 TO WS-T0")
    w.add(f"     PERFORM P{1:04d}")
    w.add("     .")
    for p in range(1, paragraphs):
        w.add(f" P{p:04d}.")
        for _ in range(rng.randint(3, 9)):
            if call_density is None:
                verb = rng.choice(VERBS_WEIGHTED)  # the default estate (1 statement in 13 a CALL)
            else:
                verb = "call" if rng.random() < call_density else rng.choice(VERBS_NO_CALL)
            t = rng.randint(0, 9)
            if verb == "move":
                w.add(f"     MOVE WS-T{t} TO WS-T{(t + 1) % 10}")
            elif verb == "compute":
                w.add(f"     COMPUTE WS-T{t} = WS-T{t} * 1.05 + WS-T{(t + 3) % 10}")
                w.add("         ON SIZE ERROR MOVE ZERO TO WS-T1")
                w.add("     END-COMPUTE")
            elif verb == "if":
                w.add(f"     IF WS-T{t} > {rng.randint(0, 999)} AND WS-T{(t + 2) % 10} NOT = ZERO")
                w.add("        MOVE 'AFGEWEZEN' TO WS-TEKST")
                w.add("     ELSE")
                w.add(f"        ADD 1 TO WS-T{t}")
                w.add("     END-IF")
            elif verb == "evaluate":
                w.add(f"     EVALUATE WS-T{t}")
                w.add("         WHEN 1  MOVE 'EEN' TO WS-TEKST")
                w.add("         WHEN 2 THRU 5")
                w.add("              MOVE 'ENKELE' TO WS-TEKST")
                w.add("         WHEN OTHER CONTINUE")
                w.add("     END-EVALUATE")
            elif verb == "perform" and p + 1 < paragraphs:
                w.add(f"     PERFORM P{rng.randint(p + 1, paragraphs - 1):04d}")
            elif verb == "add":
                w.add(f"     ADD WS-T{t} TO WS-T{(t + 5) % 10}")
            elif verb == "display":
                w.add(f"     DISPLAY '{name} STAP {p}' WS-T{t}")
            elif verb == "call":
                target = f"PG{rng.randrange(programs):06d}"
                if rng.random() < 0.3:
                    w.add(f"     MOVE '{target}' TO WS-PGM")
                    w.add("     CALL WS-PGM USING WS-TEKST")
                else:
                    w.add(f"     CALL '{target}' USING BY REFERENCE WS-TEKST")
                    w.add("                          BY CONTENT WS-T1")
            elif verb == "string":
                w.add("     STRING 'A' DELIMITED BY SIZE")
                w.add("            WS-TEKST DELIMITED BY SPACE")
                w.add("            INTO WS-TEKST")
                w.add("     END-STRING")
            elif verb == "read" and files:
                w.add(f"     READ {files[0]}-BESTAND")
                w.add("         AT END MOVE 999 TO WS-T0")
                w.add("     END-READ")
            if cics and rng.random() < 0.15:
                w.add("     EXEC CICS LINK PROGRAM('TSU010')")
                w.add("               COMMAREA(WS-TEKST) LENGTH(80)")
                w.add("     END-EXEC")
            elif not cics and rng.random() < 0.1:
                w.add("     EXEC SQL")
                w.add("         SELECT NAAM, BEDRAG INTO :WS-TEKST, :WS-T1")
                w.add(f"           FROM TABEL{rng.randint(1, 40):02d}")
                w.add("          WHERE SLEUTEL = :WS-T2")
                w.add("     END-EXEC")
        if rng.random() < 0.05:
            w.add("     GO TO 2000-VERWERK")
        w.add("     .")
    return name, w.text()


def job(rng: random.Random, index: int, programs: int) -> tuple[str, str]:
    name = f"JB{index:06d}"
    lines = [f"//{name} JOB (ACCT),'BENCHMARK',CLASS=A,MSGCLASS=X"]
    for step in range(rng.randint(1, 6)):
        target = f"PG{rng.randrange(programs):06d}"
        lines += [
            f"//STEP{step:02d}  EXEC PGM={target}",
            "//SYSOUT   DD SYSOUT=*",
            f"//{target[-4:]}F0 DD DSN=BENCH.{name}.S{step:02d}.INVOER,DISP=SHR",
        ]
    return name, "\n".join(lines) + "\n"


def generate(out: Path, programs: int, lines: int, copybooks: int, jobs: int, cics_share: float, seed: int,
             call_density: float | None = None, exec_blocks: bool = True) -> int:
    """Write the estate; returns the number of COBOL program lines written."""
    rng = random.Random(seed)
    (out / "cbl").mkdir(parents=True, exist_ok=True)
    (out / "cpy").mkdir(exist_ok=True)
    (out / "jcl").mkdir(exist_ok=True)
    names = []
    for i in range(copybooks):
        name, text = copybook(rng, i)
        (out / "cpy" / f"{name}.cpy").write_text(text)
        names.append(name)
    total = 0
    for i in range(programs):
        size = max(60, int(rng.gauss(lines, lines / 3)))
        name, text = program(rng, i, size, names or ["NONE"], programs, rng.random() < cics_share, call_density, exec_blocks)
        (out / "cbl" / f"{name}.cbl").write_text(text)
        total += text.count("\n")
    for i in range(jobs):
        name, text = job(rng, i, programs)
        (out / "jcl" / f"{name}.jcl").write_text(text)
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--programs", type=int, default=200)
    parser.add_argument("--lines", type=int, default=500, help="average lines per program")
    parser.add_argument("--copybooks", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=20)
    parser.add_argument("--cics-share", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=1991)
    parser.add_argument("--call-density", type=float, help="share of statements that are a CALL (default 1 in 13)")
    parser.add_argument("--no-exec", action="store_true", help="leave out EXEC SQL/CICS blocks (for cobc without a precompiler)")
    parser.add_argument("--realistic", action="store_true",
                        help="an estate shaped like real ones (benchmarks/realistic.py): copybook fan-in and nesting, long programs")
    parser.add_argument("--total-lines", type=int, default=1_700_000, help="with --realistic: program lines to write")
    args = parser.parse_args()
    if args.realistic:
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script: the package is not installed
        from benchmarks.realistic import generate_realistic

        lines, programs, copies = generate_realistic(args.out, args.total_lines, copybooks=args.copybooks if args.copybooks != 40 else 420,
                                                     seed=args.seed, exec_blocks=not args.no_exec)
        print(f"{lines} program lines in {programs} programs ({copies} COPY statements) written to {args.out}")
        return
    total = generate(args.out, args.programs, args.lines, args.copybooks, args.jobs, args.cics_share, args.seed, args.call_density,
                     not args.no_exec)
    print(f"{total} program lines in {args.programs} programs written to {args.out}")


if __name__ == "__main__":
    main()
