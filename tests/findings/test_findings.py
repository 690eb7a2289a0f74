"""The sensitive-data pass: what it finds, what it leaves alone, and that masking really masks."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from modernize.cli import cli
from modernize.document.redact import redact
from modernize.findings import find_in_text, mask
from tests.conftest import fixed, write_tree

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples" / "cobol"
# Values that really are in the example estate: the JOB card password, a BSN in a COBOL comment, an
# IBAN in a comment, a BSN and an IBAN in the person file.
ESTATE_SECRETS = ["GEHEIM1", "111222333", "NL91ABNA0417164300", "021762648", "NL14TRIO4444882681"]


def values(text: str, language: str = "", source_format: str = "") -> list[tuple[str, str]]:
    return [(f.kind, f.value) for f in find_in_text("x", text, language, source_format)]


@pytest.mark.parametrize("text, language, expected", [
    ("//TSJ030   JOB (TSL),'X',\n//             USER=TSLBAT,PASSWORD=GEHEIM1,\n", "jcl", [("credential", "GEHEIM1")]),
    ("//             USER=TSLBAT,PASSWORD=(OLDPW1,NEWPW2)\n", "jcl", [("credential", "OLDPW1,NEWPW2")]),
    ("//  SET PW=X\n//  USER=TSLBAT,PASSWORD=&PW\n", "jcl", []),
    ("jdbc:db2://db2p.rijk.local:50000/TSLP:user=tslapp;password=Zomer2019;\n", "", [("credential", "Zomer2019")]),
    ("Server=sql01;Database=tsl;User Id=sa;Password=Pa55w0rd;\n", "", [("credential", "Pa55w0rd")]),
    ("put ftp://batch:Geheim99@ftp.toeslagen.example.nl/in\n", "", [("credential", "Geheim99")]),
    ("       01  WS-DB-PASSWORD      PIC X(8) VALUE 'TOPSECR1'.\n", "cobol", [("credential", "TOPSECR1")]),
    ("           MOVE 'ABC123' TO CICS-PASSWD\n", "cobol", [("credential", "ABC123")]),
    ("           IF WS-PASSWORD = WS-INVOER\n", "cobol", []),
    ("           05 WS-PASSWORD PIC X(8) VALUE SPACES.\n", "cobol", []),
    ("     EXEC SQL CONNECT TO DB2P USER :WS-USER USING :WS-PW END-EXEC\n", "cobol", []),
    ("     EXEC SQL CONNECT TO DB2P USER :WS-USER USING 'Herfst21' END-EXEC\n", "cobol", [("credential", "Herfst21")]),
    ("ALTER USER tsl IDENTIFIED BY Lente2020;\n", "sql", [("credential", "Lente2020")]),
    ("     EXEC CICS SIGNON USERID('TSLOPER') PASSWORD('Winter22') END-EXEC\n", "cobol", [("credential", "Winter22")]),
    ("     EXEC CICS VERIFY PASSWORD(WS-PASSWORD) USERID(WS-USER) END-EXEC\n", "cobol", []),
    # z/OS FTP reads host, user and password from INPUT in that order (as in AWS CardDemo's FTPJCL)
    ("//STEP1 EXEC PGM=FTP,REGION=2048K\n//SYSIN DD *\n 172.31.21.124\n carddemousr\n ftpdemo1\n ASCII\n pwd\n/*\n", "jcl",
     [("credential", "ftpdemo1")]),
    ("//STEP1 EXEC PGM=FTP\n//INPUT DD *\nftp.example.nl\nuser tslbat Geheim88\nput x y\n/*\n", "jcl", [("credential", "Geheim88")]),
    ("//STEP1 EXEC PGM=IEBGENER\n//SYSIN DD *\n host\n user\n notapassword\n/*\n", "jcl", []),
    ("//STEP1 EXEC PGM=FTP\n//INPUT DD DSN=TSL.NETRC.INPUT,DISP=SHR\n", "jcl", []),
    ("* BSN 111222333 is geldig, 111222334 niet\n", "", [("bsn", "111222333")]),
    ("* 1234567890 is geen BSN: tien cijfers\n", "", []),
    ("021762648B.J.  VERMEULEN   0268NL14TRIO4444882681GA 20230816\n", "data", [("bsn", "021762648"), ("iban", "NL14TRIO4444882681")]),
    ("0268NL15TRIO4444882681GA\n", "data", []),
    ("* NL91 ABNA 0417 1643 00 is het voorbeeld\n", "", [("iban", "NL91 ABNA 0417 1643 00")]),
    ("* vragen: j.de.vries@toeslagen.example.nl of bel\n", "", [("email", "j.de.vries@toeslagen.example.nl")]),
    # BSNs as people write them (still 11-proof checked), not inside a longer number or an amount
    ("* BSN 111.222.333, 111 222 333, 111-222-333 en 1112.22.333\n", "",
     [("bsn", "111.222.333"), ("bsn", "111 222 333"), ("bsn", "111-222-333"), ("bsn", "1112.22.333")]),
    ("* 111.222.334 niet, 1.111.222.333 niet, 111.222.333,50 niet, 111.222-333 niet, 020 111 222 333 niet\n", "", []),
    # nine digits that end a dotted code or start an amount (a Brazilian table of branch codes)
    ("                  '0060RIO DE JANEIRO       15.142.111222333'.\n", "cobol", []),
    ("* 111222333,50 niet, 111222333.5 niet, BSN 111222333. wel\n", "", [("bsn", "111222333")]),
    ("           05 WS-CONTADOR PIC 9(9) VALUE 000006051.\n", "cobol", []),
    # IBANs typed in lower or mixed case, compact or in groups of four
    ("* nl91abna0417164300, nl91 abna 0417 1643 00 en Nl91Abna0417164300\n", "",
     [("iban", "nl91abna0417164300"), ("iban", "nl91 abna 0417 1643 00"), ("iban", "Nl91Abna0417164300")]),
    ("* nl15trio4444882681 klopt niet\n", "", []),
])
def test_detectors_find_real_values_and_leave_lookalikes_alone(text, language, expected):
    assert values(text, language) == expected


def test_fixed_format_sequence_numbers_never_join_code_digits_into_a_bsn():
    # Column 72 ends in 1, the sequence area holds 11222333: together 111222333, a valid BSN.
    line = "000100     MOVE 1 TO WS-A.".ljust(71) + "1" + "11222333"
    assert values(line, "cobol", "fixed") == []
    assert values(line, "", "") == [("bsn", "111222333")]  # what a naive scan would report


def test_positions_point_at_the_value():
    [finding] = find_in_text("jcl/TSJ030.jcl", "//A JOB\n//  USER=TSLBAT,PASSWORD=GEHEIM1,\n", "jcl")
    assert (finding.path, finding.line, finding.column, finding.rule) == ("jcl/TSJ030.jcl", 2, 26, "JCL PASSWORD=")


def test_masking_keeps_width_for_source_and_uses_tokens_for_prose():
    line = "//  USER=TSLBAT,PASSWORD=GEHEIM1,NOTIFY=X  BSN 111222333"
    assert mask(line, keep_width=True) == "//  USER=TSLBAT,PASSWORD=*******,NOTIFY=X  BSN *********"
    assert mask(line) == "//  USER=TSLBAT,PASSWORD=[PASSWORD],NOTIFY=X  BSN [BSN]"


def test_masking_twice_changes_nothing():
    text = "//  USER=TSLBAT,PASSWORD=GEHEIM1  ftp://batch:Geheim99@ftp.example.nl  BSN 111.222.333  nl91abna0417164300"
    assert mask(mask(text)) == mask(text) == "//  USER=TSLBAT,PASSWORD=[PASSWORD]  ftp://batch:[PASSWORD]@ftp.example.nl  BSN [BSN]  [IBAN]"


def test_llm_redaction_uses_the_same_detectors():
    prompt = "ftp://batch:Geheim99@ftp.example.nl  j.de.vries@example.nl  'LITERAL'  NL91ABNA0417164300"
    redacted = redact(prompt)
    assert not any(secret in redacted for secret in ("Geheim99", "j.de.vries", "LITERAL", "NL91ABNA0417164300"))
    formatted = redact("* klant 111.222.333 of 111 222 333, rekening nl91 abna 0417 1643 00", literals=False)
    assert formatted == "* klant [BSN] of [BSN], rekening [IBAN]"


@pytest.mark.slow  # a model through litellm, whose import alone takes seconds
def test_redact_keeps_a_bsn_in_a_file_path_out_of_the_prompt(tmp_path, monkeypatch):
    from tests.llm_server import FakeModel

    monkeypatch.setenv("OPENAI_API_KEY", "test-key")
    program = " IDENTIFICATION DIVISION.\n PROGRAM-ID. KLANT.\n PROCEDURE DIVISION.\n HOOFD.\n     GOBACK."
    root = write_tree(tmp_path / "repo", {"klanten/111.222.333/KLANT.cbl": fixed(program), "klanten/111222333.cbl": fixed(program.replace("KLANT", "KLANT2"))})
    with FakeModel() as fake:
        result = CliRunner().invoke(cli, ["docs", str(root), "-o", str(tmp_path / "docs"), "--cache-dir", str(tmp_path / "c"),
                                          "--model", "openai/test-model", "--api-base", fake.url, "--redact"])
        assert result.exit_code == 0, result.output
        sent = json.dumps(fake.bodies)
    assert fake.requests >= 2 and "klanten/[BSN]/KLANT.cbl" in sent
    assert "111.222.333" not in sent and "111222333" not in sent


def test_findings_command_lists_the_estates_secrets_and_exits_1(tmp_path, warm_cache):
    result = CliRunner().invoke(cli, ["findings", str(EXAMPLES), "--cache-dir", str(warm_cache), "--json", str(tmp_path / "f.json")])
    assert result.exit_code == 1, result.output
    report = json.loads((tmp_path / "f.json").read_text())
    where = {(f["kind"], f["path"], f["line"], f["value"]) for f in report["findings"]}
    assert ("credential", "jcl/TSJ030.jcl", 3, "GEHEIM1") in where
    assert ("bsn", "cbl/TSU010.cbl", 20, "111222333") in where
    assert ("iban", "data/persoon.dat", 1, "NL14TRIO4444882681") in where
    assert report["counts"]["bsn"] >= 42 and report["counts"]["iban"] >= 42  # every person record has both


def test_clean_repository_has_no_findings(tmp_path):
    (tmp_path / "repo").mkdir()
    (tmp_path / "repo" / "A.cbl").write_text("       IDENTIFICATION DIVISION.\n       PROGRAM-ID. A.\n       PROCEDURE DIVISION.\n           STOP RUN.\n")
    result = CliRunner().invoke(cli, ["findings", str(tmp_path / "repo"), "--cache-dir", str(tmp_path / "c")])
    assert result.exit_code == 0 and "none" in result.output


@pytest.mark.slow  # a run of its own
def test_mask_findings_keeps_every_value_out_of_the_html_report(tmp_path, warm_cache, example_run):
    runner = CliRunner()
    masked = runner.invoke(cli, ["run", str(EXAMPLES), "-o", str(tmp_path / "masked"), "--cache-dir", str(warm_cache), "-q", "--mask-findings"])
    assert masked.exit_code == 0, masked.output
    pages = list((tmp_path / "masked").glob("*.html")) + list((tmp_path / "masked" / "modules").glob("*.html"))
    assert len(pages) > 20
    for page in pages:
        text = page.read_text(encoding="utf-8")
        leaked = [s for s in ESTATE_SECRETS if s in text]
        assert not leaked, f"{page.name} shows {leaked}"
    findings = (tmp_path / "masked" / "findings.html").read_text(encoding="utf-8")
    assert "jcl/TSJ030.jcl:3</a>:37" in findings and "[PASSWORD]" in findings
    job_page = (tmp_path / "masked" / "modules" / "TSJ030.jcl.html").read_text(encoding="utf-8")
    assert "PASSWORD=*******," in re.sub(r"<[^>]+>", "", job_page)  # masked in place, columns kept
    assert json.loads((tmp_path / "masked" / "findings.json").read_text())["masked"] is True
    assert "GEHEIM1" in (example_run / "findings.html").read_text(encoding="utf-8")  # the same run without --mask-findings
