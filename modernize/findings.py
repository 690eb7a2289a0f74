"""Sensitive data in sources and data files: hard-coded credentials, BSNs, IBANs, e-mail addresses.

Government estates keep passwords on JOB cards and in connection strings, and citizen data in test
files. This pass finds them so they can be cleaned up before code is shared, and its detectors are
the ones that mask them: in LLM prompts (``--redact``) and in the HTML report (``--mask-findings``).
A finding records where (path, line, column) and what kind; the value itself only leaves this
module masked unless the caller asks for it.

Numbers are checked, not just matched: a BSN must pass the 11-proof and an IBAN its country's
structure and the mod-97 check (python-stdnum), so amounts and keys in records are not reported;
nine digits inside a digest (a long run of hex digits, or base64) are no BSN. Files nobody wrote are not scanned: binaries, lock files and generated assets (the
inventory's source format ``generated``: minified scripts and styles, bundles, source maps, asset
manifests). The SQL password rules apply to code, not to prose (a licence's "as identified by the
initial Contributor" is no ``IDENTIFIED BY`` clause).
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import re2
from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError
from stdnum.nl import bsn as stdnum_bsn

from modernize.forked import forked_map
from modernize.inventory.languages import DOC_LANGUAGES
from modernize.model import SourceFile

# Cached findings are redone whenever a detector changes.
DETECTORS_VERSION = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]
KINDS = ("credential", "bsn", "iban", "email")
TOKENS = {"credential": "[PASSWORD]", "bsn": "[BSN]", "iban": "[IBAN]", "email": "[EMAIL]"}
SKIPPED_KINDS = {"binary"}
GENERATED = "generated"  # a source format of the inventory: lock files, minified and bundled assets
NOT_SCANNED = ("binary files, and files nobody wrote: lock files and generated assets (minified scripts and styles, "
               "bundles, source maps, asset manifests), source format 'generated' in facts.json")
# Languages where the right of '=' is an expression: only a literal there is a hard-coded value.
EXPRESSION_LANGUAGES = frozenset({"cobol", "java", "kotlin", "scala", "groovy", "javascript", "typescript", "vue", "svelte", "python",
                                  "ruby", "go", "rust", "csharp", "vbnet", "swift", "c", "cpp", "php", "dart", "lua", "jsp", "perl"})
PROSE_LANGUAGES = DOC_LANGUAGES  # read-me files, licences, notices: the SQL rules do not apply

PASSWORD_WORD = r"(?:PASSWORD|PASSWD|PASSWRD|PWD|PASSWORT|WACHTWOORD|NEWPASS|NEWPASSWORD)"
RE_PASSWORD_WORD = re.compile(r"(?:your[_-]?|my[_-]?)?" + PASSWORD_WORD, re.I)
# The text scanned is the analysed repository's, so every rule must stay linear in it whatever it
# holds (tests/security/test_redos.py tries each one). Each rule starts at a keyword or at the start
# of a word (a lookbehind, so one run of characters is never rescanned from each of its positions),
# and what may follow is either bounded or cannot be given back (possessive, or followed by
# something the run cannot contain). Quoted values are at most MAX_VALUE characters: longer is no
# password, and an unclosed quote costs no more than that from each keyword.
MAX_VALUE = 256
QUOTED = rf"'[^'\n]{{0,{MAX_VALUE}}}'|\"[^\"\n]{{0,{MAX_VALUE}}}\""
# KEY=value as on JOB cards (PASSWORD=SECRET), in connection strings (Password=x;) and URLs (?pwd=x).
RE_KEY_VALUE = re.compile(rf"(?<![\w-]){PASSWORD_WORD}[ \t]*+=[ \t]*+(?P<value>{QUOTED}|\([^)\n]{{0,{MAX_VALUE}}}\)|[^\s,;)'\"&`|<>\]}}]++)",
                          re.I)
# A whole data name (from its first character) that has a password word in it, however long.
PASSWORD_NAME = rf"(?<![\w-])(?=[\w-]*?{PASSWORD_WORD})[\w-]++"
# COBOL: an item whose name says password, given a literal VALUE or MOVEd a literal.
RE_COBOL_VALUE = re.compile(
    rf"{PASSWORD_NAME}\s++PIC(?:TURE)?\s++(?:IS\s++)?\S++\s++VALUE\s++(?:IS\s++)?(?P<value>{QUOTED})", re.I)
RE_COBOL_MOVE = re.compile(rf"\bMOVE\s++(?P<value>{QUOTED})\s++TO\s++{PASSWORD_NAME}", re.I)
# SQL: CONNECT ... USER x USING 'secret' / IDENTIFIED BY secret (a host variable is not a finding).
RE_SQL_USING = re.compile(rf"\bCONNECT\b[^;]{{0,200}}?\bUSER\s++\S++\s++USING\s++(?P<value>{QUOTED})", re.I)
# The clause of CREATE/ALTER USER x, GRANT ... TO x, CREATE ROLE x: a name right before it, after USER, TO or ROLE.
RE_SQL_IDENTIFIED = re.compile(rf"\b(?:USER|TO|ROLE)\s++[\w\"$#@.]++\s++IDENTIFIED\s++BY\s++(?P<value>{QUOTED}|[A-Za-z0-9_$#@!]++)", re.I)
# CICS SIGNON / VERIFY PASSWORD / CHANGE PASSWORD with a literal: PASSWORD('secret').
RE_CICS_OPTION = re.compile(rf"(?<![\w-])(?:NEW)?PASSWORD\s*+\(\s*+(?P<value>{QUOTED})\s*+\)", re.I)
# scheme://user:secret@host (a scheme is short: from each word start at most 32 characters are tried)
RE_URL_USERINFO = re.compile(
    rf"\b[a-z][a-z0-9+.-]{{0,31}}://[^\s:/@'\"]{{1,{MAX_VALUE}}}:(?P<value>[^\s@/'\"]{{1,{MAX_VALUE}}})@", re.I)

RE_DIGITS9 = re.compile(r"(?<!\d)\d{9}(?!\d)")
# Nine digits are no BSN inside a digest or an encoded key: a run of letters and digits (and
# base64's + / =) of at least DIGEST_LENGTH characters that is hex digits of one case, or base64
# (upper and lower case letters that change case within a word, mixed with digits). A record's
# fields that abut one another (123456782JANSEN, 199226155HT2024NP20240106...) stay fields: their
# letters are not all hex digits and their words do not change case.
RE_RUN_CHARS = re.compile(r"[A-Za-z0-9+/=]++")
RE_HEX_RUN = re.compile(r"(?:[0-9a-f]++|[0-9A-F]++)")
RE_CASE_CHANGE = re.compile(r"[a-z][A-Z]")
RE_DIGIT_GROUP = re.compile(r"[0-9]++")
DIGEST_LENGTH = 16
BASE64_LENGTH = 20
# A BSN as people write it: 123.456.782, 123 456 782, 123-456-782 or 1234.56.782 (one separator
# throughout), not part of a longer number such as 1.123.456.782 or an amount 123.456.782,50.
RE_BSN_FORMATTED = re.compile(r"(?<![0-9])(?<![0-9][.,\- ])(?:[0-9]{3}(?P<s1>[.\- ])[0-9]{3}(?P=s1)[0-9]{3}"
                              r"|[0-9]{4}(?P<s2>[.\- ])[0-9]{2}(?P=s2)[0-9]{3})(?![.,\- ]?[0-9])")


def iban_lengths() -> dict[str, int]:
    """IBAN length per country, from python-stdnum's copy of the SWIFT registry ("4!a10!n" -> 18)."""
    lengths = {}
    for _length, low, _high, properties, _children in stdnum_iban._ibandb.prefixes:
        lengths[low] = 4 + sum(int(n) for n in re.findall(r"(\d+)!?[nac]", properties.get("bban", "")))
    return lengths


IBAN_LENGTHS = iban_lengths()
# No boundary before an IBAN: in fixed-width records it abuts the previous field (a name in lower
# case, say). People type nl91abna0417164300 too: in lower or mixed case it must not follow a letter.
RE_IBAN_START = re.compile(r"(?:(?<![A-Z])[A-Z]{2}|(?<![A-Za-z])[A-Za-z]{2})[0-9]{2}(?=[ ]?[A-Za-z0-9])")
# Necessary conditions, tested in linear time (RE2, hundreds of MB/s), before the rules above walk the
# text with their look-behinds (15 MB/s each): most source files hold no nine-digit number, no
# formatted one, and nothing as long as the shortest IBAN.
MAY_HOLD_IBAN = re2.compile(rf"[A-Za-z]{{2}}[0-9]{{2}}(?: ?[A-Za-z0-9]){{{min(IBAN_LENGTHS.values()) - 4}}}")
MAY_HOLD_BSN = re2.compile(r"[0-9]{9}")
MAY_HOLD_FORMATTED_BSN = re2.compile(r"[0-9]{3}[.\- ][0-9]{2}")
# Cheap tests that let a file skip the expensive rules: most files hold no password word at all.
CREDENTIAL_HINTS = ("pass", "pwd", "wachtwoord", "identified", "connect", "://")
RE_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
IBAN_CHARS = re.compile(r"[A-Za-z0-9]")


@dataclass(frozen=True)
class Span:
    """A sensitive value at text[start:end]."""

    start: int
    end: int
    kind: str
    rule: str


@dataclass(frozen=True)
class Finding:
    """One sensitive value in one file."""

    kind: str
    rule: str
    path: str
    line: int
    column: int
    value: str

    @property
    def fingerprint(self) -> str:
        """The same value in two places has the same fingerprint, without showing it."""
        return hashlib.sha256(self.value.encode("utf-8")).hexdigest()[:12]

    @property
    def masked(self) -> str:
        return TOKENS[self.kind]

    def to_dict(self, mask: bool = False) -> dict[str, Any]:
        data = asdict(self)
        data["value"] = self.masked if mask else self.value
        data["fingerprint"] = self.fingerprint
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        return cls(data["kind"], data["rule"], data["path"], int(data["line"]), int(data["column"]), data["value"])


def is_bsn(digits: str) -> bool:
    """A Dutch citizen service number: nine digits passing the 11-proof. None is below 10 000 000
    (the 11-proof passes counters such as 000006051, which fill zero-padded fields)."""
    return len(digits) == 9 and digits.isdigit() and not digits.startswith("00") and stdnum_bsn.is_valid(digits)


def is_iban(text: str) -> bool:
    """Country structure and mod-97 check; bank codes are not looked up (test data invents them)."""
    try:
        stdnum_iban.validate(text, check_country=False)
    except (ValidationError, KeyError, ValueError):
        return False
    return True


def placeholder(value: str) -> bool:
    """Not a hard-coded secret: empty, a JCL symbol, a host variable, a template or a mask, or an
    option's yes or no (an IMS DBD's PASSWD=NO says there is none)."""
    inner = value.strip("'\"").strip()
    return (not inner or inner[0] in "&:%$?{*<" or set(inner) <= {"*", "X", "x", "-", "_", "."} or already_masked(inner)
            or inner.upper() in {"SPACE", "SPACES", "NONE", "NULL", "DUMMY", "LOW-VALUE", "LOW-VALUES", "YES", "NO"}
            or RE_PASSWORD_WORD.fullmatch(inner) is not None)  # PASSWORD=password: a template to fill in


def already_masked(value: str) -> bool:
    """A token that mask() wrote, so masking a masked text changes nothing."""
    return value.rstrip("]") + "]" in TOKENS.values()


def credential_spans(text: str, language: str) -> Iterator[Span]:
    rules: list[tuple[re.Pattern[str], str]] = [(RE_COBOL_VALUE, "password in a VALUE clause"), (RE_COBOL_MOVE, "password literal moved"),
                                                (RE_SQL_USING, "SQL CONNECT password"), (RE_SQL_IDENTIFIED, "SQL IDENTIFIED BY password"),
                                                (RE_CICS_OPTION, "CICS PASSWORD() literal"), (RE_URL_USERINFO, "password in a URL"),
                                                (RE_KEY_VALUE, "PASSWORD= keyword")]
    if language in PROSE_LANGUAGES:
        rules = [(pattern, rule) for pattern, rule in rules if pattern not in (RE_SQL_USING, RE_SQL_IDENTIFIED)]
    for pattern, rule in rules:
        for match in pattern.finditer(text):
            value = match.group("value")
            if placeholder(value):
                continue
            if pattern is RE_KEY_VALUE and language in EXPRESSION_LANGUAGES and value[0] not in "'\"":
                continue  # IF WS-PASSWORD = WS-INPUT, password = System.getenv(...): no literal, no secret
            if pattern is RE_KEY_VALUE and language in PROSE_LANGUAGES and value.isalpha() and value.islower() and " =" in match.group(0):
                continue  # a sentence ("the password = the agreement"), not a setting written as key=value
            start, end = match.span("value")
            if value[0] in "'\"(":
                start, end = start + 1, end - 1
            yield Span(start, end, "credential", "JCL PASSWORD=" if pattern is RE_KEY_VALUE and language == "jcl" else rule)


RE_FTP_STEP = re.compile(r"^//\S*\s+EXEC\s+(?:PGM=)?FTP\b", re.I | re.M)
RE_INSTREAM_DD = re.compile(r"^//(?:INPUT|SYSIN)\s+DD\s+(?:\*|DATA)", re.I)
FTP_COMMANDS = {"ascii", "binary", "ebcdic", "cd", "lcd", "put", "get", "mput", "mget", "quit", "close", "dir", "ls", "pwd",
                "site", "locsite", "mode", "type", "open", "delete", "rename", "mkdir", "append", "bye", "verbose", "debug"}


def ftp_spans(text: str) -> Iterator[Span]:
    """The z/OS FTP client reads host, user and password from its INPUT (or SYSIN) DD: a batch FTP
    step with an in-stream password is a hard-coded credential. Also ``USER name secret`` and
    ``PASS secret`` commands."""
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    in_ftp_step = False
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.startswith("//") and RE_FTP_STEP.match(line):
            in_ftp_step = True
        elif line.startswith("//") and re.match(r"^//\S*\s+EXEC\s", line, re.I):
            in_ftp_step = False
        if not (in_ftp_step and RE_INSTREAM_DD.match(line)):
            index += 1
            continue
        data: list[int] = []
        index += 1
        while index < len(lines) and not lines[index].startswith(("/*", "//")):
            if lines[index].strip():
                data.append(index)
            index += 1
        for position, number in enumerate(data):
            words = list(re.finditer(r"\S+", lines[number]))
            first = words[0].group(0).lower()
            secret: re.Match[str] | None = None
            if first == "user" and len(words) >= 3:
                secret = words[2]
            elif first == "pass" and len(words) >= 2:
                secret = words[1]
            elif position == 2 and len(words) == 1 and first not in FTP_COMMANDS:
                secret = words[0]  # host, user, password: the client's prompts answered in order
            if secret and not placeholder(secret.group(0)):
                yield Span(offsets[number] + secret.start(), offsets[number] + secret.end(), "credential", "FTP password in JCL input")


def iban_end(text: str, start: int) -> int | None:
    """Where the IBAN starting at ``start`` ends (spaces between groups allowed), if one does."""
    compact = ""
    position = start
    wanted = IBAN_LENGTHS.get(text[start:start + 2].upper(), 0)
    while position < len(text) and len(compact) < wanted:
        char = text[position]
        if char == " " and compact and position + 1 < len(text) and IBAN_CHARS.match(text[position + 1]):
            position += 1
            continue
        if not IBAN_CHARS.match(char):
            break
        compact += char
        position += 1
    return position if len(compact) == wanted and is_iban(compact.upper()) else None


def detect(text: str, language: str = "") -> list[Span]:
    """Every sensitive value in ``text``, in order, without overlaps (the earliest wins; at the same
    place a credential beats an e-mail address, so user:secret@host reports the secret)."""
    lowered = text.lower()
    hinted = any(hint in lowered for hint in CREDENTIAL_HINTS)
    spans: list[Span] = list(credential_spans(text, language)) if hinted else []
    if language == "jcl" and "ftp" in lowered:
        spans += ftp_spans(text)
    if "@" in text:
        spans += [Span(m.start(), m.end(), "email", "e-mail address") for m in RE_EMAIL.finditer(text)]
    for match in RE_IBAN_START.finditer(text) if MAY_HOLD_IBAN.search(text) else ():
        if match.group(0)[:2].upper() not in IBAN_LENGTHS:
            continue
        end = iban_end(text, match.start())
        if end is not None:
            spans.append(Span(match.start(), end, "iban", "IBAN (mod-97)"))
    if MAY_HOLD_BSN.search(text):
        spans += bsn_spans(text)
    for match in RE_BSN_FORMATTED.finditer(text) if MAY_HOLD_FORMATTED_BSN.search(text) else ():
        if is_bsn(re.sub(r"[.\- ]", "", match.group(0))):
            spans.append(Span(match.start(), match.end(), "bsn", "BSN (11-proof)"))
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, KINDS.index(s.kind), -s.end)):
        if kept and span.start < kept[-1].end:
            continue
        kept.append(span)
    return kept


def bsn_spans(text: str) -> Iterator[Span]:
    """Nine digits that pass the 11-proof and are not part of a digest. Each run of letters and
    digits is looked at once, however many nine-digit numbers it holds (linear in the text)."""
    run_start = run_end = -1
    digest = False
    for match in RE_DIGITS9.finditer(text):
        if not is_bsn(match.group(0)) or in_longer_number(text, match.start(), match.end()):
            continue
        if match.start() >= run_end:
            run_start = match.start()
            while run_start > max(run_end, 0) and RE_RUN_CHARS.match(text, run_start - 1, run_start):
                run_start -= 1
            end = RE_RUN_CHARS.match(text, match.start())
            run_end = end.end() if end else match.end()
            digest = is_digest(text[run_start:run_end])
        if not digest:
            yield Span(match.start(), match.end(), "bsn", "BSN (11-proof)")


def in_longer_number(text: str, start: int, end: int) -> bool:
    """The digits end a dotted code or start an amount ('15.142.490000642', '123456782,50'): part
    of a longer number, not a number of their own."""
    before, after = text[max(start - 2, 0):start], text[end:end + 2]
    return (len(before) == 2 and before[0].isdigit() and before[1] in ".,") or (len(after) == 2 and after[0] in ".," and after[1].isdigit())


def is_digest(run: str) -> bool:
    """A hash or an encoded key rather than fields of a record (see DIGEST_LENGTH)."""
    if len(run) < DIGEST_LENGTH:
        return False
    core = run.strip("+/=")
    if any(len(part) >= DIGEST_LENGTH and RE_HEX_RUN.fullmatch(part) and not part.isdigit()
           for part in core.split("/")):
        return True
    return (len(core) >= BASE64_LENGTH and len(RE_CASE_CHANGE.findall(core)) >= 3
            and len(RE_DIGIT_GROUP.findall(core)) >= 3)


def mask(text: str, language: str = "", keep_width: bool = False) -> str:
    """The text with every sensitive value replaced: by a token such as [BSN], or by asterisks of
    the same width where columns matter (fixed-format source)."""
    pieces = []
    position = 0
    for span in detect(text, language):
        pieces.append(text[position:span.start])
        pieces.append("*" * (span.end - span.start) if keep_width else TOKENS[span.kind])
        position = span.end
    pieces.append(text[position:])
    return "".join(pieces)


def blank_sequence_areas(text: str) -> str:
    """Fixed-format COBOL: columns 1-6 and 73-80 hold sequence numbers and change tags, which
    would otherwise run into digits of the code. Blanked with spaces so offsets stay the same."""
    lines = text.split("\n")
    return "\n".join(" " * min(6, len(line)) + line[6:72] + " " * max(0, len(line) - 72) for line in lines)


def find_in_text(path: str, text: str, language: str = "", source_format: str = "") -> list[Finding]:
    scanned = blank_sequence_areas(text) if language == "cobol" and source_format.startswith("fixed") else text
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    findings = []
    line = 0
    for span in detect(scanned, language):
        while line + 1 < len(line_starts) and line_starts[line + 1] <= span.start:
            line += 1
        findings.append(Finding(span.kind, span.rule, path, line + 1, span.start - line_starts[line] + 1, text[span.start:span.end]))
    return findings


def find_sensitive(root: Path, files: Iterable[SourceFile], read: Callable[[Path, SourceFile], str],
                   cache: Any = None, jobs: int = 1) -> list[Finding]:
    """Findings in every text file of the inventory; ``cache`` (the store) keeps them per content;
    files not in it are read and searched in ``jobs`` forked processes when there are many."""
    findings: list[Finding] = []
    todo: list[tuple[str, SourceFile]] = []
    for source in files:
        if source.kind in SKIPPED_KINDS or source.source_format == GENERATED:
            continue
        key = f"{source.sha256}:{source.path}:{source.language}:{source.source_format}:{DETECTORS_VERSION}"
        cached = cache.get_findings(key) if cache is not None else None
        if cached is not None:
            findings += [Finding.from_dict(d) for d in json.loads(cached)]
        else:
            todo.append((key, source))
    found = forked_map(functools.partial(search_one, root, [source for _, source in todo], read), len(todo), jobs, PARALLEL_FILES, chunksize=8)
    fresh = [(key, json.dumps([f.to_dict() for f in hits])) for (key, _), hits in zip(todo, found, strict=True) if hits is not None]
    findings += [finding for hits in found if hits for finding in hits]
    if cache is not None and fresh:
        cache.put_findings(fresh)
    return sorted(findings, key=lambda f: (f.path, f.line, f.column))


PARALLEL_FILES = 200  # fewer files to search than this: not worth a process pool


def search_one(root: Path, sources: list[SourceFile], read: Callable[[Path, SourceFile], str], index: int) -> list[Finding] | None:
    """One file's findings; None when it cannot be read (not cached: it may be readable next time)."""
    source = sources[index]
    try:
        text = read(root, source)
    except (OSError, UnicodeError, LookupError):
        return None
    return find_in_text(source.path, text, source.language, source.source_format)


def summary(findings: list[Finding]) -> str:
    counts = Counter(f.kind for f in findings)
    names = {"credential": "credentials", "bsn": "BSNs", "iban": "IBANs", "email": "e-mail addresses"}
    return ", ".join(f"{counts[k]} {names[k]}" for k in KINDS if counts[k]) or "none"


def findings_json(findings: list[Finding], mask_values: bool) -> str:
    counts = Counter(f.kind for f in findings)
    document = {"schema": "modernize-findings/1", "masked": mask_values, "detectors": DETECTORS_VERSION, "not_scanned": NOT_SCANNED,
                "counts": {k: counts[k] for k in KINDS}, "findings": [f.to_dict(mask_values) for f in findings]}
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"
