"""Turning an imported file's bytes into text: BOM sniffing, UTF-16 detection, then
UTF-8, then Windows-1252; binary files are refused with what they look like.

A file that is UTF-8 but for a few lines (one row pasted from an old Excel sheet) is read
line by line: each line in the encoding it is valid in, and the lines that were not UTF-8
are reported, instead of turning every accent in the file into mojibake.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from netdesk.errors import ImportFormatError
from netdesk.services.imports.summary import Problem

_SIGNATURES: list[tuple[bytes, str]] = [
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"RIFF", "a RIFF media file"),
    (b"%PDF", "a PDF document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old-style Office document (.xls/.doc)"),
    (b"PK\x03\x04", "a zip-based document (such as .xlsx) or a damaged zip"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "a program"),
    (b"MZ", "a Windows program"),
]


@dataclass
class DecodedText:
    text: str
    # Lines read in an encoding other than the file's own, one warning each.
    problems: list[Problem] = field(default_factory=list)


def decode_text(data: bytes, shown: str) -> str:
    """Decode with BOM sniffing, UTF-16 detection, then UTF-8, then cp1252 (line by line
    in a file that mixes them); see decode_reporting for the lines that were repaired."""
    return decode_reporting(data, shown).text


def decode_reporting(data: bytes, shown: str) -> DecodedText:
    """decode_text, with a warning for each line read in another encoding than the rest."""
    if not data.strip():
        raise ImportFormatError(f"{shown} is empty")
    if data.startswith(b"\xef\xbb\xbf"):
        return _decode_8_bit(data[3:], shown)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return DecodedText(_decode(data, "utf-16", shown))
    for signature, description in _SIGNATURES:
        if data.startswith(signature):
            raise ImportFormatError(f"{shown} is {description}, not a CSV file")
    head = data[:4096]
    if b"\x00" in head:
        even_nuls = head[0::2].count(0)
        odd_nuls = head[1::2].count(0)
        half = len(head) // 2
        if odd_nuls > 0.4 * half and even_nuls < 0.1 * half:
            return DecodedText(_decode(data, "utf-16-le", shown))
        if even_nuls > 0.4 * half and odd_nuls < 0.1 * half:
            return DecodedText(_decode(data, "utf-16-be", shown))
        raise ImportFormatError(f"{shown} holds binary data, not a CSV file")
    return _decode_8_bit(data, shown)


def _decode_8_bit(data: bytes, shown: str) -> DecodedText:
    try:
        decoded = DecodedText(data.decode("utf-8"))  # nearly every file: one C call
    except UnicodeDecodeError:
        decoded = _decode_mixed(data, shown)
    _reject_binary_text(decoded.text, shown)
    return decoded


def _decode_mixed(data: bytes, shown: str) -> DecodedText:
    """A file that is not UTF-8 as a whole: Windows-1252 if no line is UTF-8 beyond ASCII,
    else each line in its own encoding, the minority's lines reported."""
    # bytes.splitlines() breaks at CR, LF and CRLF only: the same lines the parser counts.
    lines = data.splitlines(keepends=True)
    utf8_lines: list[int] = []
    cp1252_lines: list[int] = []
    for number, line in enumerate(lines):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            cp1252_lines.append(number)
        else:
            utf8_lines.append(number)
    if not utf8_lines:
        try:
            return DecodedText(data.decode("cp1252"))
        except UnicodeDecodeError as error:
            raise ImportFormatError(
                f"{shown} is not readable text (neither UTF-8, UTF-16 nor Windows-1252)"
            ) from error
    for number in cp1252_lines:
        # The five bytes Windows-1252 leaves undefined become U+FFFD, not a refusal.
        lines[number] = lines[number].decode("cp1252", "replace").encode("utf-8")
    text = b"".join(lines).decode("utf-8")
    if len(cp1252_lines) <= len(utf8_lines):
        reported, reason = cp1252_lines, "not UTF-8, read as Windows-1252"
    else:
        reported, reason = utf8_lines, "read as UTF-8, unlike the rest of the file"
    return DecodedText(text, [Problem(number + 1, reason, "warning") for number in reported])


def _decode(data: bytes, encoding: str, shown: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise ImportFormatError(
            f"{shown} claims {encoding.upper()} but is not valid {encoding}"
        ) from error
    _reject_binary_text(text, shown)
    return text


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def _reject_binary_text(text: str, shown: str) -> None:
    sample = text[:65_536]
    controls = len(_CONTROL.findall(sample))
    if controls and (controls > 0.01 * len(sample) or "\x00" in sample):
        raise ImportFormatError(f"{shown} holds binary data, not a CSV file")
