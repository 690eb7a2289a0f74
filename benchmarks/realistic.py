"""A generated estate shaped like real ones: copybook fan-in and depth, long programs, extensionless members.

The default estate of ``generate.py`` has short programs that copy one to four small copybooks;
real estates are dominated by their copy libraries. This one is calibrated against a real estate
of 1 177 programs, 1.67 M program lines and about 12 000 COPY statements into ~420 extensionless
copybooks (issue 24), and against the public estates in /work/real (benchmarks/README.md says how):

- program sizes are log-normal (median ~900 lines, mean ~1 420) with one program in 25 between
  5 000 and 20 000 lines; WORKING-STORAGE is about a quarter of a program (tables, 88-levels, VALUEs);
- ~10 COPY statements per program, more in longer ones, drawn by a Zipf law over the copybooks
  (the most popular copied by most programs, the least by a handful), the same record copybook
  copied twice with different REPLACING prefixes, procedure-division copybooks (shared
  paragraphs), DCLGEN members through ``EXEC SQL INCLUDE`` and CICS commareas;
- record copybooks nest two or three deep (a record copies address and audit groups, which copy
  date groups); copybooks live extensionless in ``COPYLIB/``, a third of the programs too.

Deterministic for a seed; never committed as data.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.generate import Writer

SYSTEMS = ["AR", "GL", "PY", "IN", "CL", "PO", "HR", "BK"]
MEDIAN_LINES = 900
LONG_SHARE = 0.04
ZIPF = 0.8


@dataclass
class Library:
    """The copy library: which copybooks exist, of which sort, and how popular each is."""

    records: list[str] = field(default_factory=list)  # 01-level layouts, copied with REPLACING
    groups: list[str] = field(default_factory=list)  # 05-level groups the records nest (2-3 deep)
    procedures: list[str] = field(default_factory=list)  # paragraphs for the PROCEDURE DIVISION
    dclgens: list[str] = field(default_factory=list)  # EXEC SQL INCLUDE members
    commareas: list[str] = field(default_factory=list)  # CICS commareas (LINKAGE SECTION)
    weights: dict[str, list[float]] = field(default_factory=dict)


def zipf(count: int) -> list[float]:
    return [1 / (rank + 1) ** ZIPF for rank in range(count)]


def pick(rng: random.Random, names: list[str], weights: list[float], count: int) -> list[str]:
    """``count`` distinct names, each drawn by its weight (popular copybooks in most programs)."""
    chosen: list[str] = []
    pool, scores = list(names), list(weights)
    for _ in range(min(count, len(pool))):
        index = rng.choices(range(len(pool)), scores)[0]
        chosen.append(pool.pop(index))
        scores.pop(index)
    return chosen


def field_lines(w: Writer, rng: random.Random, prefix: str, count: int, level: int = 5) -> None:
    """Elementary items of a layout: the clause mix of real record copybooks."""
    for number in range(count):
        name = f"{prefix}-F{number:03d}"
        kind = rng.random()
        pad = f"{'':{(level // 5) * 4}}"
        if kind < 0.35:
            w.add(f"     {pad}{level:02d}  {name}  PIC X({rng.randint(1, 40)}).")
        elif kind < 0.55:
            w.add(f"     {pad}{level:02d}  {name}  PIC S9({rng.randint(1, 9)})V99 COMP-3.")
        elif kind < 0.65:
            w.add(f"     {pad}{level:02d}  {name}  PIC 9({rng.randint(1, 4)}).")
            w.add(f"     {pad}    88  {name}-OK     VALUE 1 THRU 5.")
            w.add(f"     {pad}    88  {name}-FOUT   VALUE 0, 9.")
        elif kind < 0.72:
            w.add(f"     {pad}{level:02d}  {name}  OCCURS {rng.randint(2, 12)} TIMES.")
            w.add(f"     {pad}    {level + 5:02d}  {name}-C  PIC X(3).")
            w.add(f"     {pad}    {level + 5:02d}  {name}-N  PIC S9(5) COMP.")
        elif kind < 0.8:
            w.add(f"     {pad}{level:02d}  {name}  PIC X(8).")
            w.add(f"     {pad}{level:02d}  {name}-R REDEFINES {name} PIC 9(8).")
        else:
            w.add(f"     {pad}{level:02d}  {name}  PIC S9(7)V99.")


def write_library(rng: random.Random, root: Path, copybooks: int) -> tuple[Library, int]:
    """The copy library, extensionless in COPYLIB/; returns it and its line count."""
    library = Library()
    directory = root / "COPYLIB"
    directory.mkdir(parents=True, exist_ok=True)
    shares = {"records": 0.55, "groups": 0.2, "procedures": 0.12, "dclgens": 0.08, "commareas": 0.05}
    counts = {sort: max(2, int(copybooks * share)) for sort, share in shares.items()}
    total = 0
    # Groups: the deepest (date and audit groups) first, so middle groups can copy them.
    deep = counts["groups"] // 3
    for index in range(counts["groups"]):
        name = f"GRP{index:04d}"
        w = Writer(rng)
        w.comment(f" {name} - GEDEELDE GROEP")
        w.add(f"     05  {name}-GROEP.")
        field_lines(w, rng, name, rng.randint(4, 14), 10)
        if index >= deep and rng.random() < 0.7:
            w.add(f"     COPY GRP{rng.randrange(deep):04d}.")
        library.groups.append(name)
        total += write(directory / name, w)
    for index in range(counts["records"]):
        system = SYSTEMS[index % len(SYSTEMS)]
        name = f"{system}R{index:04d}"
        w = Writer(rng)
        w.comment(f" RECORDLAYOUT {name}")
        w.comment(" WIJZIGINGEN: ZIE CHANGE LOG")
        w.add(" 01  :PFX:-REC.")
        field_lines(w, rng, ":PFX:", rng.randint(10, 80))
        for nested in rng.sample(library.groups, rng.randint(0, 2)):
            w.add(f"     COPY {nested}.")
        library.records.append(name)
        total += write(directory / name, w)
    for index in range(counts["procedures"]):
        name = f"PRC{index:04d}"
        w = Writer(rng)
        w.comment(f" {name} - GEDEELDE ROUTINE")
        w.add(f" {name}-START.")
        for step in range(rng.randint(8, 40)):
            t = rng.randint(0, 9)
            w.add(f"     IF WS-T{t} > {step}")
            w.add(f"        ADD 1 TO WS-T{(t + 1) % 10}")
            w.add("     ELSE")
            w.add(f"        MOVE '{name}' TO WS-TEKST")
            w.add("     END-IF")
        w.add("     .")
        w.add(f" {name}-EXIT.")
        w.add("     EXIT.")
        library.procedures.append(name)
        total += write(directory / name, w)
    for index in range(counts["dclgens"]):
        name = f"DCL{index:04d}"
        w = Writer(rng)
        w.add(f"     EXEC SQL DECLARE TABEL{index:03d} TABLE")
        w.add("     ( SLEUTEL CHAR(10) NOT NULL,")
        w.add("       NAAM VARCHAR(40),")
        w.add("       BEDRAG DECIMAL(9, 2)")
        w.add("     ) END-EXEC.")
        w.add(f" 01  DCL-{name}.")
        field_lines(w, rng, f"H{name}", rng.randint(3, 25), 10)
        library.dclgens.append(name)
        total += write(directory / name, w)
    for index in range(counts["commareas"]):
        name = f"CMA{index:04d}"
        w = Writer(rng)
        w.add(" 01  DFHCOMMAREA.")
        field_lines(w, rng, f"CA{index:03d}", rng.randint(5, 30))
        library.commareas.append(name)
        total += write(directory / name, w)
    for sort in ("records", "procedures", "dclgens", "commareas"):
        library.weights[sort] = zipf(len(getattr(library, sort)))
    return library, total


def write(path: Path, w: Writer) -> int:
    text = w.text()
    path.write_text(text)
    return text.count("\n")


def size_of(rng: random.Random) -> int:
    if rng.random() < LONG_SHARE:
        return rng.randint(5_000, 20_000)
    return int(min(4_800, max(150, rng.lognormvariate(math.log(MEDIAN_LINES), 0.75))))


def statements(w: Writer, rng: random.Random, name: str, paragraph: int, paragraphs: int, callees: list[str], cics: bool) -> None:
    """One paragraph's statements: the verb mix of real batch and online code."""
    for _ in range(rng.randint(3, 9)):
        t = rng.randint(0, 9)
        verb = rng.random()
        if verb < 0.25:
            w.add(f"     MOVE WS-T{t} TO WS-T{(t + 1) % 10}")
        elif verb < 0.35:
            w.add(f"     COMPUTE WS-T{t} = WS-T{t} * 1.05 + WS-T{(t + 3) % 10}")
            w.add("         ON SIZE ERROR MOVE ZERO TO WS-T1")
            w.add("     END-COMPUTE")
        elif verb < 0.55:
            w.add(f"     IF WS-T{t} > {rng.randint(0, 999)} AND WS-T{(t + 2) % 10} NOT = ZERO")
            w.add("        MOVE 'AFGEWEZEN' TO WS-TEKST")
            w.add("     ELSE")
            w.add(f"        ADD 1 TO WS-T{t}")
            w.add("     END-IF")
        elif verb < 0.65:
            w.add(f"     EVALUATE WS-T{t}")
            w.add("         WHEN 1  MOVE 'EEN' TO WS-TEKST")
            w.add("         WHEN 2 THRU 5")
            w.add("              MOVE 'ENKELE' TO WS-TEKST")
            w.add("         WHEN OTHER CONTINUE")
            w.add("     END-EVALUATE")
        elif verb < 0.75 and paragraph + 1 < paragraphs:
            w.add(f"     PERFORM P{rng.randint(paragraph + 1, paragraphs - 1):04d}")
        elif verb < 0.8 and callees:
            target = rng.choice(callees)
            if cics:
                w.add(f"     EXEC CICS LINK PROGRAM('{target}')")
                w.add("               COMMAREA(WS-TEKST) LENGTH(80)")
                w.add("     END-EXEC")
            else:
                w.add(f"     CALL '{target}' USING WS-TEKST")
        elif verb < 0.88 and not cics:
            w.add("     EXEC SQL")
            w.add("         SELECT NAAM, BEDRAG INTO :WS-TEKST, :WS-T1")
            w.add(f"           FROM TABEL{rng.randint(0, 40):03d}")
            w.add("          WHERE SLEUTEL = :WS-T2")
            w.add("     END-EXEC")
        elif verb < 0.88:
            w.add("     EXEC CICS READ FILE('KLANTEN')")
            w.add("               INTO(WS-TEKST) RIDFLD(WS-PGM)")
            w.add("               RESP(WS-RESP)")
            w.add("     END-EXEC")
        else:
            w.add(f"     DISPLAY '{name} STAP {paragraph}' WS-T{t}")


def program(rng: random.Random, name: str, size: int, library: Library, names: list[str], online: set[str],
            exec_blocks: bool) -> tuple[str, int]:
    """One program of about ``size`` lines; returns its text and how many COPY statements it has."""
    cics = name in online
    w = Writer(rng, exec_blocks)
    copies = 0
    w.add(" IDENTIFICATION DIVISION.")
    w.add(f" PROGRAM-ID. {name}.")
    w.add(" AUTHOR. AFDELING AUTOMATISERING.")
    for line in range(rng.randint(3, 15)):
        w.comment(f" {line:02d}/{rng.randint(1, 12):02d}/19{rng.randint(80, 99)} WIJZIGING {rng.randint(1000, 9999)}")
    w.add(" ENVIRONMENT DIVISION.")
    w.add(" DATA DIVISION.")
    w.add(" WORKING-STORAGE SECTION.")
    w.add(" 01  WS-PGM                    PIC X(8) VALUE SPACES.")
    w.add(" 01  WS-RESP                   PIC S9(8) COMP.")
    w.add(" 01  WS-TEKST                  PIC X(80).")
    w.add(" 01  WS-TELLERS.")
    for i in range(10):
        w.add(f"     05  WS-T{i}                PIC S9(7) COMP-3 VALUE ZERO.")
    if cics and exec_blocks:  # CICS's own copybook: a compiler without the translator has none
        w.add("     COPY DFHAID.")
        copies += 1
    # ~10 COPY statements per program, more in longer ones; a popular record twice, prefixed apart.
    records = pick(rng, library.records, library.weights["records"], max(2, int(rng.gauss(6.5, 2.5) * (size / 1400) ** 0.35)))
    if rng.random() < 0.5:
        records.append(records[0])
    for index, book in enumerate(records):
        w.add(f"     COPY {book} REPLACING ==:PFX:== BY ==W{index:02d}==.")
        copies += 1
    if not cics:
        w.add("     EXEC SQL INCLUDE SQLCA END-EXEC.")
        for book in pick(rng, library.dclgens, library.weights["dclgens"], rng.randint(0, 4)):
            w.add(f"     EXEC SQL INCLUDE {book} END-EXEC.")
            copies += 1
    for table in range(max(1, size // 160)):  # the program's own working storage: about a quarter of it
        w.add(f" 01  WS-TABEL{table:03d}.")
        field_lines(w, rng, f"WS{table:03d}", rng.randint(8, 24))
    w.add(" LINKAGE SECTION.")
    if cics:
        w.add(f"     COPY {pick(rng, library.commareas, library.weights['commareas'], 1)[0]}.")
        copies += 1
        w.add(" PROCEDURE DIVISION.")
    else:
        w.add(" 01  LK-PARM                   PIC X(100).")
        w.add(" PROCEDURE DIVISION USING LK-PARM.")
    procedures = pick(rng, library.procedures, library.weights["procedures"], rng.randint(0, 3))
    paragraphs = max(3, (size - len(w.lines)) // 20)  # at least these many: PERFORM targets
    callees = callees_of(rng, names, names.index(name))
    w.add(" 0000-HOOFD.")
    w.add("     PERFORM 1000-INIT")
    for book in procedures:
        w.add(f"     PERFORM {book}-START THRU {book}-EXIT")
    w.add(f"     PERFORM P{1:04d}")
    w.add("     GOBACK.")
    w.add(" 1000-INIT.")
    w.add("     MOVE ZERO TO WS-T0.")
    paragraph = 1
    while len(w.lines) < size or paragraph < paragraphs:  # the size counts the generated lines, EXEC blocks left out or not
        w.add(f" P{paragraph:04d}.")
        statements(w, rng, name, paragraph, paragraphs, callees, cics)
        w.add("     .")
        paragraph += 1
    for book in procedures:
        w.add(f"     COPY {book}.")
        copies += 1
    return w.text(), copies


APPLICATION = 12  # programs of one application: a driver, its subprograms, theirs
UTILITIES = 20  # shared utility programs (date, message, check digit) that every application calls


def callees_of(rng: random.Random, names: list[str], index: int) -> list[str]:
    """Whom a program CALLs, layered as in real estates: programs further down its own application
    and sometimes a shared utility, which calls nothing. A job's flow then reaches a handful of
    programs (at most 10 in a real 806-program estate), not the whole estate, as a random call
    graph would."""
    if index < UTILITIES:
        return []
    position = index % APPLICATION
    below = [names[i] for i in range(index + 1, min(len(names), index - position + APPLICATION))]
    chosen = rng.sample(below, min(len(below), rng.randint(0, 3)))
    if rng.random() < 0.3:
        chosen.append(names[min(int(rng.paretovariate(1.2)) - 1, UTILITIES - 1)])
    return chosen


def job_text(rng: random.Random, name: str, programs: list[str]) -> str:
    """A batch job running a few of the batch programs."""
    lines = [f"//{name} JOB (ACCT),'NACHTRUN',CLASS=A,MSGCLASS=X"]
    for step in range(rng.randint(1, 6)):
        target = rng.choice(programs)
        lines += [f"//STEP{step:02d}  EXEC PGM={target}", "//SYSOUT   DD SYSOUT=*",
                  f"//INVOER   DD DSN=PROD.{target}.INVOER,DISP=SHR"]
    return "\n".join(lines) + "\n"


def generate_realistic(out: Path, lines: int, programs: int | None = None, copybooks: int = 420, seed: int = 1991,
                       exec_blocks: bool = True, jobs: bool = True) -> tuple[int, int, int]:
    """Write the estate; returns (program lines, programs, COPY statements)."""
    rng = random.Random(seed)
    library, _ = write_library(rng, out, copybooks)
    sizes: list[int] = []
    while sum(sizes) < lines and (programs is None or len(sizes) < programs):
        sizes.append(size_of(rng))
    if programs is not None and len(sizes) == programs and sum(sizes) < lines:
        scale = lines / sum(sizes)
        sizes = [max(150, int(size * scale)) for size in sizes]
    names = [f"{SYSTEMS[i % len(SYSTEMS)]}{'O' if i % 4 == 0 else 'B'}{i:04d}" for i in range(len(sizes))]
    online = {name for name in names if name[2] == "O"}
    (out / "SRC").mkdir(parents=True, exist_ok=True)
    total = copies = 0
    for index, (name, size) in enumerate(zip(names, sizes, strict=True)):
        text, copied = program(rng, name, size, library, names, online, exec_blocks)
        # A third of the members came from a PDS download: no extension.
        (out / "SRC" / (name if index % 3 == 0 else f"{name}.cbl")).write_text(text)
        total += text.count("\n")
        copies += copied
    if jobs:
        (out / "JCL").mkdir(exist_ok=True)
        batch = [name for name in names if name not in online]
        for index in range(max(5, len(names) // 8)):
            (out / "JCL" / f"JB{index:05d}.jcl").write_text(job_text(rng, f"JB{index:05d}", batch))
    return total, len(names), copies
