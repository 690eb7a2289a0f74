"""Which bytes are text, in which encoding, and how they become the lines parsers read.

Mainframe extracts come as ASCII, UTF-8, Windows or latin-1 code pages, or still in EBCDIC; EBCDIC
ones often as fixed 80-byte records without any line end. So the encoding is detected from the
bytes and records are split into lines.
"""

from __future__ import annotations

import codecs

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
FIXED_INDICATORS = ("", " ", "*", "/", "-", "D", "d", "$")


def detect_encoding(raw: bytes) -> str | None:
    """Name the text encoding of ``raw``, or None when it is not text at all."""
    if raw.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = raw[:SAMPLE]
    if not sample:
        return "ascii"
    if looks_ebcdic(sample):
        return "cp037"
    body = raw
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


def decode(raw: bytes, encoding: str) -> tuple[str, int]:
    """Decode source bytes into text with ``\\n`` line ends; returns (text, undecodable byte count).

    EBCDIC extracts often have no line ends at all (fixed 80-byte records) or use NEL (0x15): both
    become ordinary lines, so parsers never see the difference.
    """
    ebcdic = encoding in EBCDIC_CODEPAGES
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
