"""Which bytes are text, in which encoding, and how they become the lines parsers read.

Mainframe extracts come as ASCII, UTF-8, Windows or latin-1 code pages, or still in EBCDIC; EBCDIC
ones often as fixed 80-byte records without any line end. Tapes pad the last block with NUL bytes
(or EBCDIC blanks, 0x40) after the last statement. So the encoding is detected from the bytes, the
padding is dropped (and said so), and records are split into lines.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from modernize.signatures import FIXED_INDICATORS

SAMPLE = 256 * 1024
RECORD = 80  # a card image: the record length of source members

EBCDIC_TEXT_BYTES = frozenset(
    [0x40, 0x4B, 0x4C, 0x4D, 0x4E, 0x50, 0x5B, 0x5C, 0x5D, 0x5E, 0x60, 0x61, 0x6B, 0x6C, 0x6D, 0x6E, 0x6F]
    + [0x7A, 0x7B, 0x7C, 0x7D, 0x7E, 0x7F, 0x4F, 0x5A, 0x5F, 0x4A, 0x15, 0x25, 0x0D, 0x05]
    + list(range(0x81, 0x8A)) + list(range(0x91, 0x9A)) + list(range(0xA2, 0xAA))
    + list(range(0xC1, 0xCA)) + list(range(0xD1, 0xDA)) + list(range(0xE2, 0xEA)) + list(range(0xF0, 0xFA))
)
EBCDIC_TEXT = bytes(sorted(EBCDIC_TEXT_BYTES))
HIGH_BYTES = bytes(range(0x80, 0x100))
ASCII_LOWER = bytes(range(0x61, 0x7B))
NOT_CONTROL_BYTES = bytes(b for b in range(256) if b >= 0x20 or b in (0x09, 0x0A, 0x0C, 0x0D, 0x1A))
EBCDIC_CODEPAGES = ("cp037", "cp1140", "cp500")

# NUL bytes in a text file: padding at its end, or a few scattered by a bad transfer. More than this
# share of the bytes and the file is binary.
MAX_SPARSE_NULS = 0.01
MIN_BLANK_PADDING = 16  # a run of 0x40 ('@' in ASCII) at the end of a text that is not EBCDIC is padding
# What a card image of COBOL or JCL holds once decoded as EBCDIC: a word that only source has.
RE_SOURCE_WORD = re.compile(
    r"\b(?:IDENTIFICATION|ENVIRONMENT|PROCEDURE)[ ]++DIVISION\b|\bPROGRAM-ID\b|\bWORKING-STORAGE\b|\bPIC(?:TURE)?[ ]"
    r"|^//[A-Z0-9@#$]*+[ ]++(?:JOB|EXEC|DD|PROC)\b|\bDFHMSD\b", re.M)


@dataclass(frozen=True)
class Padding:
    """What ``unpad`` dropped: bytes of padding at the end, NUL bytes inside the text."""

    trailing: int = 0
    nuls: int = 0


def unpad(raw: bytes, ebcdic: bool = False) -> tuple[bytes, Padding]:
    """The text's bytes without tape padding: NULs at the end (with EBCDIC blanks among them; in a
    file that is not EBCDIC, also a long run of 0x40 alone), and NULs scattered inside the text when
    they are few. What is dropped is counted, so the inventory can say so."""
    if not raw or (raw[-1] not in (0x00, 0x40) and 0x00 not in raw):
        return raw, Padding()
    body = raw.rstrip(b"\x00\x40")
    tail = raw[len(body):]
    if b"\x00" not in tail and (ebcdic or len(tail) < MIN_BLANK_PADDING):
        body, tail = raw, b""  # EBCDIC blanks, or a few '@': text, not padding
    nuls = 0
    if not ebcdic and b"\x00" in body:
        count = body.count(0x00)
        if count <= len(body) * MAX_SPARSE_NULS:
            body, nuls = body.replace(b"\x00", b""), count
    return body, Padding(len(tail), nuls)


def detect_encoding(raw: bytes) -> str | None:
    """Name the text encoding of ``raw``, or None when it is not text at all."""
    if raw.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = raw[:SAMPLE]
    if not sample:
        return "ascii"
    if looks_ebcdic(sample) or looks_ebcdic_records(raw):
        return "cp037"
    body, _ = unpad(raw)
    sample = body[:SAMPLE]
    if b"\x00" in sample:
        return None
    controls = len(sample.translate(None, NOT_CONTROL_BYTES))
    if controls > len(sample) * 0.01:
        return None
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "ascii" if body.isascii() else "utf-8"
    # Windows code page where its 0x80-0x9F letters occur, latin-1 otherwise.
    if any(0x80 <= b <= 0x9F for b in sample):
        try:
            body.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            return "latin-1"
    return "latin-1"


def looks_ebcdic(sample: bytes) -> bool:
    """EBCDIC text: mostly EBCDIC letters, digits and spaces, many bytes above 0x80, few ASCII letters."""
    if len(sample) < 16 or sample.isascii():
        return False
    total = len(sample)
    not_ebcdic = len(sample.translate(None, EBCDIC_TEXT))
    high = total - len(sample.translate(None, HIGH_BYTES))
    ascii_lower = total - len(sample.translate(None, ASCII_LOWER))
    spaces = sample.count(0x40)
    return not_ebcdic <= total * 0.1 and high >= total * 0.25 and spaces >= total * 0.05 and ascii_lower < total * 0.02


def looks_ebcdic_records(raw: bytes) -> bool:
    """EBCDIC source as card images: mostly blanks (so few bytes above 0x80), recognised by its
    structure rather than by its share of high bytes. Decoded as cp037 and cut into 80-byte records
    (or at its EBCDIC line ends), nearly every record is a fixed-format line (a sequence area of
    digits or blanks, an indicator column) or a JCL statement, and a word only source has occurs."""
    body = raw.rstrip(b"\x00\x40")
    if len(body) < 2 * RECORD or b"\n" in body[:SAMPLE] or b"\r" in body[:SAMPLE] or raw.isascii():
        return False
    sample = body[: 400 * RECORD]
    if sample.count(0x40) < len(sample) * 0.3 or sample.count(0x20) > len(sample) * 0.01:
        return False  # card images are mostly EBCDIC blanks; ASCII text has its own blanks (0x20)
    if len(sample.translate(None, EBCDIC_TEXT)) > len(sample) * 0.02:
        return False
    text = sample.decode("cp037", errors="replace").replace("\x85", "\n")
    if "\n" in text:
        records = [line for line in text.split("\n") if line.strip()]
    else:
        records = [text[i : i + RECORD] for i in range(0, len(text), RECORD) if text[i : i + RECORD].strip()]
        if len(raw) % RECORD and len(body) % RECORD:
            return False  # neither the file nor its unpadded text is a whole number of records
    shaped = sum(1 for r in records if r.startswith(("//", "/*")) or (r[6:7] in FIXED_INDICATORS[1:] and (r[:6].isdigit() or not r[:6].strip())))
    return bool(records) and shaped >= len(records) * 0.8 and RE_SOURCE_WORD.search(text) is not None


def decode(raw: bytes, encoding: str) -> tuple[str, int]:
    """Decode source bytes into text with ``\\n`` line ends; returns (text, undecodable byte count).

    EBCDIC extracts often have no line ends at all (fixed 80-byte records) or use NEL (0x15): both
    become ordinary lines, so parsers never see the difference. Padding (NULs at the end, a few NULs
    inside) is dropped: ``unpad`` says what.
    """
    ebcdic = encoding in EBCDIC_CODEPAGES
    raw, _ = unpad(raw, ebcdic)
    text = raw.decode(encoding, errors="replace")
    bad = text.count("\ufffd") if "\ufffd" in text else 0
    if ebcdic:
        text = text.replace("\x85", "\n")
        if "\n" not in text and len(text) > RECORD:
            text = "\n".join(text[i : i + RECORD].rstrip() for i in range(0, len(text), RECORD))
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, bad


def count_lines(text: str) -> int:
    if not text:
        return 0
    return text.count("\n") + (0 if text.endswith("\n") else 1)
