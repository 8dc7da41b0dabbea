"""Turning an imported file's bytes into text: BOM sniffing, UTF-16 detection, then
UTF-8, then Windows-1252; binary files are refused with what they look like."""

from __future__ import annotations

import re

from netdesk.errors import ImportFormatError

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


def decode_text(data: bytes, shown: str) -> str:
    """Decode with BOM sniffing, UTF-16 detection, then UTF-8, then cp1252."""
    if not data.strip():
        raise ImportFormatError(f"{shown} is empty")
    if data.startswith(b"\xef\xbb\xbf"):
        return _decode(data[3:], "utf-8", shown)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode(data, "utf-16", shown)
    for signature, description in _SIGNATURES:
        if data.startswith(signature):
            raise ImportFormatError(f"{shown} is {description}, not a CSV file")
    head = data[:4096]
    if b"\x00" in head:
        even_nuls = head[0::2].count(0)
        odd_nuls = head[1::2].count(0)
        half = len(head) // 2
        if odd_nuls > 0.4 * half and even_nuls < 0.1 * half:
            return _decode(data, "utf-16-le", shown)
        if even_nuls > 0.4 * half and odd_nuls < 0.1 * half:
            return _decode(data, "utf-16-be", shown)
        raise ImportFormatError(f"{shown} holds binary data, not a CSV file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as error:
            raise ImportFormatError(
                f"{shown} is not readable text (neither UTF-8, UTF-16 nor Windows-1252)"
            ) from error
    _reject_binary_text(text, shown)
    return text


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
