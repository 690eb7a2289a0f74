"""The bundled example estate compiles and runs under GnuCOBOL.

Every batch program in ``examples/cobol/cbl`` without EXEC SQL / EXEC CICS is
compiled with ``cobc`` (main programs with ``-x``, CALLed subprograms as
modules with ``-m``), and the monthly payment chain is run on the sample data
the way the JCL runs it: TSB010 (TSJ010) -> TSB020, TSB050, TSB040 (PROC
TSBATCH in TSJ020) -> TSB060 (TSJ050), each file bound to its DD name through a
``DD_<ddname>`` environment variable.

``-fassign-clause=ibm`` makes ``ASSIGN TO AANVRIN`` an external (DD) name as on
z/OS.  GnuCOBOL 3.1.2's default (``dynamic``) keeps the name in a shared
temporary field that later statements overwrite, and OPEN then fails with
file status 31.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

ESTATE = Path(__file__).resolve().parent.parent.parent / "examples" / "cobol"
CBL = ESTATE / "cbl"
CPY = ESTATE / "cpy"
DATA = ESTATE / "data"

COBC_FLAGS = ["-fassign-clause=ibm", "-I", str(CPY), "-I", str(CBL)]

BATCH_MAINS = {"TSB010", "TSB020", "TSB040", "TSB050", "TSB060", "TSB090"}
SUBPROGRAMS = {"TSU010", "TSU020", "TSU030"}
DB2_OR_CICS = {"TSB030", "TSO100", "TSO110", "TSO120", "TSO900"}

# Record lengths (LRECL) of the fixed-length files.  In data/ each record is a
# text line: the newline takes the place of the reserved last byte (FILLER).
LRECL = {"aanvraag.dat": 100, "persoon.dat": 160, "correctie.dat": 80, "teller.dat": 40}

ELFPROEF_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def elfproef(bsn: str) -> bool:
    return (
        bsn != "000000000" and sum(w * int(d) for w, d in zip(ELFPROEF_WEIGHTS, bsn, strict=True)) % 11 == 0
    )


def require_cobc() -> str:
    cobc = shutil.which("cobc")
    if cobc is None:
        message = "GnuCOBOL (cobc) is not installed; apt-get install gnucobol3"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return cobc


def source_text(path: Path) -> str:
    """Program text; a member without newlines is an EBCDIC (cp037) extract of 80-byte records."""
    raw = path.read_bytes()
    if b"\n" in raw:
        return raw.decode("ascii")
    assert len(raw) % 80 == 0, f"{path.name}: EBCDIC extract is not a multiple of 80 bytes"
    text = raw.decode("cp037")
    return "\n".join(text[i : i + 80].rstrip() for i in range(0, len(text), 80)) + "\n"


def programs() -> dict[str, str]:
    """Name -> source of every member of cbl/ that has a PROCEDURE DIVISION."""
    found = {}
    for path in sorted(CBL.glob("*.cbl")):
        text = source_text(path)
        if re.search(r"^(?:.{6} |\s*)\s*PROCEDURE\s+DIVISION", text, re.M):
            found[path.stem] = text
    return found


def is_subprogram(text: str) -> bool:
    first = re.search(r"PROCEDURE\s+DIVISION([^.]*)\.", text)
    return bool(first and "USING" in first.group(1))


def run(program: Path, env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(program)], env=env, input=stdin, capture_output=True, text=True, timeout=60, check=False
    )


def display_value(stdout: str, label: str) -> str:
    match = re.search(re.escape(label) + r"\s*:\s*(\S+)", stdout)
    assert match, f"{label!r} not in output:\n{stdout}"
    return match.group(1)


def unpack_comp3(data: bytes, scale: int) -> Decimal:
    """COMP-3 (packed decimal): two digits per byte, the sign in the last half byte."""
    nibbles = "".join(f"{b >> 4:x}{b & 0x0F:x}" for b in data)
    value = Decimal(nibbles[:-1]).scaleb(-scale)
    return -value if nibbles[-1] in "bd" else value


def records(path: Path, lrecl: int) -> list[bytes]:
    raw = path.read_bytes()
    assert len(raw) % lrecl == 0, f"{path.name}: {len(raw)} bytes is not a multiple of LRECL {lrecl}"
    return [raw[i : i + lrecl] for i in range(0, len(raw), lrecl)]


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Compile all batch programs into one directory; return it (also the COB_LIBRARY_PATH)."""
    cobc = require_cobc()
    out = tmp_path_factory.mktemp("cobol-build")
    src = out / "src"
    src.mkdir()
    failures = []
    for name, text in programs().items():
        if "EXEC SQL" in text or "EXEC CICS" in text:
            continue
        source = src / f"{name}.cbl"
        source.write_text(text, encoding="ascii")
        if is_subprogram(text):
            cmd = [cobc, "-m", *COBC_FLAGS, "-o", str(out / f"{name}.so"), str(source)]
        else:
            cmd = [cobc, "-x", *COBC_FLAGS, "-o", str(out / name), str(source)]
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
        if result.returncode != 0:
            failures.append(f"{name}: {' '.join(cmd)}\n{result.stderr}")
    assert not failures, "cobc failed:\n" + "\n".join(failures)
    return out


def test_estate_program_classification():
    found = programs()
    batch = {n for n, t in found.items() if "EXEC SQL" not in t and "EXEC CICS" not in t}
    assert batch == BATCH_MAINS | SUBPROGRAMS
    assert set(found) - batch == DB2_OR_CICS
    assert {n for n in batch if is_subprogram(found[n])} == SUBPROGRAMS
    # the copybook saved as a program member is not a program
    assert "TSLBETR" not in found and (CBL / "TSLBETR.cbl").exists()
    # TSB050 is stored as an EBCDIC extract: 80-byte records, no newlines
    raw = (CBL / "TSB050.cbl").read_bytes()
    assert b"\n" not in raw and len(raw) % 80 == 0
    assert "ALTER B010-SCHAKELAAR TO PROCEED TO B030-CONTROLE" in found["TSB050"]


@pytest.mark.slow  # cobc
@pytest.mark.parametrize("name", sorted(BATCH_MAINS | SUBPROGRAMS))
def test_batch_program_compiles(build: Path, name: str):
    suffix = ".so" if name in SUBPROGRAMS else ""
    assert (build / f"{name}{suffix}").exists()


def test_sample_data_is_fixed_length():
    for name, lrecl in LRECL.items():
        lines = (DATA / name).read_bytes().split(b"\n")
        assert lines[-1] == b"", f"{name} must end with a newline"
        assert all(len(line) == lrecl - 1 for line in lines[:-1]), (
            f"{name}: every line must be {lrecl - 1} bytes"
        )


@pytest.mark.slow  # cobc
def test_monthly_chain(build: Path, tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("DD_")}
    env["COB_LIBRARY_PATH"] = str(build)

    # TSJ010 STEP010: SORT FIELDS=(1,9,CH,A,10,2,CH,A),EQUALS
    aanvragen = (DATA / "aanvraag.dat").read_bytes().splitlines(keepends=True)
    sorted_path = tmp_path / "aanvsrt.dat"
    sorted_path.write_bytes(b"".join(sorted(aanvragen, key=lambda r: r[:11])))
    teller = tmp_path / "teller.dat"
    shutil.copy(DATA / "teller.dat", teller)
    dd = {
        "DD_AANVRIN": sorted_path,
        "DD_PERSOON": DATA / "persoon.dat",
        "DD_AANVGOED": tmp_path / "aanvgoed.dat",
        "DD_AANVFOUT": tmp_path / "aanvfout.dat",
        "DD_TELLER": teller,
        "DD_BETALING": tmp_path / "betaling.dat",
        "DD_CORRIN": DATA / "correctie.dat",
        "DD_BETLIJST": tmp_path / "betlijst.txt",
        "DD_FINEXP": tmp_path / "finexp.dat",
    }
    env.update({k: str(v) for k, v in dd.items()})

    # ---- TSJ010 STEP020: TSB010 intake --------------------------------------
    tsb010 = run(build / "TSB010", env)
    assert tsb010.returncode == 4, tsb010.stdout + tsb010.stderr
    assert display_value(tsb010.stdout, "AANVRAGEN GELEZEN") == "45"
    assert display_value(tsb010.stdout, "AANVRAGEN GOEDGEKEURD") == "32"
    assert display_value(tsb010.stdout, "AANVRAGEN AFGEKEURD") == "13"
    fouten = [r.decode("ascii") for r in records(dd["DD_AANVFOUT"], 80)]
    codes = " ".join(sorted(r[21:25] for r in fouten))
    assert codes == "E001 E001 E002 E003 E003 E004 E005 E005 E006 E007 E008 E009 E010"
    rejected_bsn = {r[:9] for r in fouten if r[21:25] == "E001"}
    assert len(rejected_bsn) == 2 and not any(elfproef(b) for b in rejected_bsn)
    goed = [r.decode("ascii") for r in records(dd["DD_AANVGOED"], 100)]
    assert len(goed) == 32
    assert all(elfproef(r[:9]) for r in goed)
    assert all(r[61:79].strip() for r in goed), "an empty IBAN must be taken from the person record"
    assert all(r[79:83].isdigit() and r[79:83] != "0000" for r in goed), "gemeentecode from PERSOON"

    # ---- TSJ020 PROC TSBATCH step BEREKEN: TSB020 (dynamic CALL of TSU020) ----
    tsb020 = run(build / "TSB020", env, stdin=(DATA / "tsb020.sysin").read_text())
    assert tsb020.returncode == 4, tsb020.stdout + tsb020.stderr
    assert display_value(tsb020.stdout, "BETALINGEN GESCHREVEN") == "24"
    assert display_value(tsb020.stdout, "AFGEWEZEN INKOMEN (IG)") == "3"
    assert display_value(tsb020.stdout, "AFGEWEZEN HUUR (HG)") == "1"
    assert display_value(tsb020.stdout, "AFGEWEZEN NIHIL (NB)") == "2"
    assert display_value(tsb020.stdout, "STOPZETTINGEN") == "1"
    assert display_value(tsb020.stdout, "ANDER TOESLAGJAAR") == "1"
    assert display_value(tsb020.stdout, "TOTAAL BETAALD") == "4,525.18"
    # one cent above the income threshold (37.496,00) is rejected ...
    assert re.search(r"AFGEWEZEN IG A240000008 TOETSINKOMEN\s+37,496\.01", tsb020.stdout)
    assert len(records(dd["DD_BETALING"], 80)) == 24

    # ---- step CORRECT: TSB050 (EBCDIC source, ALTER, OPEN EXTEND) ------------
    tsb050 = run(build / "TSB050", env)
    assert tsb050.returncode == 4, tsb050.stdout + tsb050.stderr
    assert display_value(tsb050.stdout, "CORRECTIES VERWERKT") == "6"
    assert display_value(tsb050.stdout, "CORRECTIES GEWEIGERD") == "6"
    assert display_value(tsb050.stdout, "SALDO CORRECTIES") == "-137.19"
    assert "BSN ONGELDIG (ELFPROEF)" in tsb050.stdout
    assert "TERUGVORDERING MOET NEGATIEF" in tsb050.stdout

    betalingen = records(dd["DD_BETALING"], 80)
    assert len(betalingen) == 30
    bedragen = [unpack_comp3(r[18:23], 2) for r in betalingen]
    assert sum(bedragen) == Decimal("4387.99")
    assert sum(1 for r in betalingen if r[17:18] == b"C") == 6
    assert sorted(b for b in bedragen if b < 0) == [Decimal("-210.00"), Decimal("-125.00"), Decimal("-12.34")]
    volgnrs = [int.from_bytes(r[59:63], "big", signed=True) for r in betalingen]
    assert volgnrs == list(range(12346, 12376))
    # ... and exactly on the threshold still gets zorgtoeslag: (1476 - 10% x 12426) / 12
    visser = [r for r in betalingen if r[41:51] == b"A240000007"]
    assert [unpack_comp3(r[18:23], 2) for r in visser] == [Decimal("19.45")]
    assert all(elfproef(r[:9].decode()) for r in betalingen)
    # TELLER updated in place (OPEN I-O + REWRITE): last program, run date, runs, last volgnr
    assert teller.read_text() == "BETALINGTSB050  20240325000028000012375\n"

    # ---- step RAPPORT: TSB040 betaallijst (DECIMAL-POINT IS COMMA) -----------
    tsb040 = run(build / "TSB040", env)
    assert tsb040.returncode == 0, tsb040.stdout + tsb040.stderr
    report = dd["DD_BETLIJST"].read_text(encoding="ascii")
    assert "TOESLAGEN ADMINISTRATIE - BETAALLIJST REGULIERE BETALINGEN EN CORRECTIES" in report
    assert re.search(r"TOTAAL REGULIER\s+24\s+4\.525,18", report)
    assert re.search(r"TOTAAL CORRECTIES\s+6\s+-137,19", report)
    assert re.search(r"TOTAAL GENERAAL\s+30\s+4\.387,99", report)
    assert re.search(r"NL\d\d [A-Z]{4} \d{4} \d{4} \d\d ", report), "IBAN grouped by nested program TSB040F"
    gemeenten = re.findall(r"^\s{23}(\d{4})\s+(\d+)\s", report, re.M)
    assert [g for g, _ in gemeenten] == sorted(g for g, _ in gemeenten)
    assert sum(int(n) for _, n in gemeenten) == 30

    # ---- TSJ050: TSB060 (free format) boekingen voor FIN ---------------------
    tsb060 = run(build / "TSB060", env)
    assert tsb060.returncode == 0, tsb060.stdout + tsb060.stderr
    fin = [r.decode("ascii") for r in records(dd["DD_FINEXP"], 80)]
    assert [r[0] for r in fin] == ["H", "D", "D", "D", "D", "T"]
    assert fin[-1][21] == "D" and int(fin[-1][22:35]) == 438799
    assert {r[9:15]: (r[21], int(r[22:35])) for r in fin[1:-1]} == {
        "440100": ("D", 318846),
        "440200": ("D", 133672),
        "449100": ("C", 29785),
        "449200": ("D", 16066),
    }


@pytest.mark.slow  # cobc
def test_orphan_program_runs(build: Path, tmp_path: Path):
    """TSB090 is in no job, CSD or CALL; it still runs (OPEN I-O, REWRITE) on the person file."""
    persoon = tmp_path / "persoon.dat"
    shutil.copy(DATA / "persoon.dat", persoon)
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("DD_")}
    env.update({"COB_LIBRARY_PATH": str(build), "DD_PERSOON": str(persoon)})
    result = run(build / "TSB090", env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert display_value(result.stdout, "PERSONEN GELEZEN") == "42"
    assert display_value(result.stdout, "BSN FOUT (STATUS X)") == "0"
    assert persoon.read_bytes() == (DATA / "persoon.dat").read_bytes()
