"""Reading an imported file's bytes with hard limits, whatever the file claims: only
regular files (a FIFO would block for ever, /dev/zero never ends), at most a given number
of bytes, and zip members unpacked by our own counting loop (zipfile trusts a member's
declared size and unpacks a bzip2 block whole), with caps on members and on the total.
Every importer reads through here; nothing here touches the database.
"""

from __future__ import annotations

import os
import stat
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from netdesk.errors import ArchiveRefused, FileTooLarge, ImportFormatError, NotARegularFile

MAX_ZIP_MEMBERS = 10_000  # LinkedIn's exports hold a few dozen files
MAX_CENTRAL_DIRECTORY_BYTES = 4 * 1024 * 1024  # 10,000 members with long names
MAX_ZIP_TOTAL_BYTES = 1024 * 1024 * 1024  # unpacked, across every member read
CHUNK = 1024 * 1024

TYPE_CHECKING = False  # zipfile only once a zip is opened
if TYPE_CHECKING:
    import zipfile

_ENCRYPTED = 0x1  # general purpose flag bit 0
_STORED, _DEFLATED, _BZIP2, _LZMA = 0, 8, 12, 14
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature ... name length, extra length


def describe_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def is_folder(path: Path) -> bool:
    """Whether *path* (symlinks followed) is a folder; False for anything unreadable."""
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except OSError:
        return False


def open_regular(path: Path, shown: str | None = None) -> BinaryIO:
    """*path* opened for reading, refused unless it is a regular file. Checked before
    opening (so a device is never opened) and again on the opened descriptor (so a
    file swapped in between is caught); O_NONBLOCK keeps a FIFO from blocking."""
    shown = shown or Path(path).name
    try:
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):
            raise NotARegularFile(shown, describe_kind(mode))
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError as error:
        raise ImportFormatError(f"{shown}: file not found") from error
    except OSError as error:
        raise ImportFormatError(f"{shown}: cannot be read ({error.strerror or error})") from error
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        raise NotARegularFile(shown, describe_kind(mode))
    return os.fdopen(descriptor, "rb")


def read_limited(path: Path, limit: int, what: str, shown: str | None = None) -> bytes:
    """The bytes of the regular file *path*, refused beyond *limit* bytes (*what* names the
    file the user meant to give, for the message)."""
    shown = shown or Path(path).name
    with open_regular(path, shown) as handle:
        try:
            declared = os.fstat(handle.fileno()).st_size
            if declared > limit:
                raise FileTooLarge(shown, declared, what)
            data = handle.read(declared + 1)  # one allocation of the right size
            if len(data) > declared:  # it grew: read on, but never past the limit
                data += _read_up_to(handle, limit + 1 - len(data))
        except OSError as error:
            raise ImportFormatError(
                f"{shown}: cannot be read ({error.strerror or error})"
            ) from error
    if len(data) > limit:
        raise FileTooLarge(shown, len(data), what)
    return data


def _read_up_to(handle: BinaryIO, budget: int) -> bytes:
    pieces = []
    while budget > 0:
        piece = handle.read(min(CHUNK, budget))
        if not piece:
            break
        pieces.append(piece)
        budget -= len(piece)
    return b"".join(pieces)


# --- zip archives ----------------------------------------------------------------


def is_zip(path: Path) -> bool:
    """Whether the regular file *path* is a zip archive (refusing special files)."""
    import zipfile

    with open_regular(path) as handle:
        return zipfile.is_zipfile(handle)


class ZipReader:
    """A zip archive opened for bounded reading: use as a context manager, look at
    `members`, and read chosen ones with read()."""

    def __init__(self, path: Path) -> None:
        self.shown = Path(path).name
        self._handle = open_regular(path)
        self._unpacked = 0  # bytes unpacked so far, across members
        try:
            self._check_directory_size()
            import zipfile

            self._archive = zipfile.ZipFile(self._handle)
        except BaseException:
            self._handle.close()
            raise
        self.members = self._archive.infolist()
        if len(self.members) > MAX_ZIP_MEMBERS:
            self.close()
            raise ArchiveRefused(
                self.shown,
                f"holds {len(self.members):,} files (a LinkedIn export has a few dozen)",
            )

    def __enter__(self) -> ZipReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if hasattr(self, "_archive"):
            self._archive.close()
        self._handle.close()

    def _check_directory_size(self) -> None:
        """Refuse a central directory too big for MAX_ZIP_MEMBERS before zipfile reads
        it: zipfile builds an object per entry, however many there are."""
        import zipfile

        end = zipfile._EndRecData(self._handle)
        if end is None:
            raise zipfile.BadZipFile("File is not a zip file")
        if end[zipfile._ECD_SIZE] > MAX_CENTRAL_DIRECTORY_BYTES:
            raise ArchiveRefused(self.shown, "lists far more files than a LinkedIn export")

    def read(self, member: zipfile.ZipInfo, limit: int, what: str) -> bytes:
        """The unpacked bytes of *member* (a ZipInfo), refused past *limit* bytes or
        past the archive's total, whatever its header declares: a first pass counts
        (keeping nothing), a second keeps what the first allowed."""
        shown = f"{self.shown}/{member.filename}"
        if member.flag_bits & _ENCRYPTED:
            raise ImportFormatError(
                f"{self.shown}: its {member.filename} is password-protected; LinkedIn's "
                "export is not, so drop the zip as downloaded or the file itself"
            )
        size = 0
        for piece in self._unpack(member, limit + 1):
            size += len(piece)
            if size > limit:
                raise FileTooLarge(shown, size, what, unpacked=True)
        if size != member.file_size:
            import zipfile

            raise zipfile.BadZipFile(f"{member.filename} is not the size its header says")
        if self._unpacked + size > MAX_ZIP_TOTAL_BYTES:
            raise ArchiveRefused(self.shown, "unpacks to more than any LinkedIn export")
        self._unpacked += size
        return b"".join(self._unpack(member, size))

    def _unpack(self, member: zipfile.ZipInfo, budget: int) -> Iterator[bytes]:
        """Up to *budget* unpacked bytes of *member*, in pieces of at most CHUNK bytes,
        checked against its CRC when it ends within the budget."""
        import zipfile

        self._handle.seek(member.header_offset)
        signature, name_length, extra_length = _LOCAL_HEADER.unpack(self._handle.read(30))
        if signature != b"PK\x03\x04":
            raise zipfile.BadZipFile(f"bad local header for {member.filename}")
        start = member.header_offset + 30 + name_length + extra_length
        self._handle.seek(start)
        inflater = _Inflater(member.compress_type, self._handle)
        left = member.compress_size - (self._handle.tell() - start)
        crc = produced = 0
        while produced < budget and not inflater.finished:
            data = b""
            if inflater.wants_input:
                if left <= 0:
                    break
                data = self._handle.read(min(CHUNK, left))
                if not data:
                    raise EOFError("the archive is cut short")
                left -= len(data)
            piece = inflater.inflate(data, min(CHUNK, budget - produced))
            produced += len(piece)
            crc = zlib.crc32(piece, crc)
            yield piece
        if produced < budget and crc != member.CRC:
            raise zipfile.BadZipFile(f"Bad CRC-32 for file {member.filename!r}")


class _Inflater:
    """One member's decompression, at most *most* bytes out per call whatever the ratio
    (zipfile unpacks a bzip2 or lzma block whole, however large it expands)."""

    def __init__(self, method: int, handle: BinaryIO) -> None:
        self._method = method
        self._tail = b""  # input not used yet (stored data, zlib's unconsumed tail)
        self._full = False  # the last call filled its output: more may be waiting
        self.finished = False
        if method == _DEFLATED:
            self._engine = zlib.decompressobj(-15)
        elif method in (_BZIP2, _LZMA):
            self._engine = _compression_engine(method, handle)
        elif method != _STORED:
            raise NotImplementedError(f"compression method {method}")

    @property
    def wants_input(self) -> bool:
        if self._method in (_BZIP2, _LZMA):
            return self._engine.needs_input
        return not self._tail and not self._full

    def inflate(self, data: bytes, most: int) -> bytes:
        data = self._tail + data if self._tail else data
        if self._method == _STORED:
            out, self._tail = data[:most], data[most:]
        elif self._method == _DEFLATED:
            out = self._engine.decompress(data, most)
            self._tail = self._engine.unconsumed_tail
            self.finished = self._engine.eof
        else:
            out = self._engine.decompress(data, most)
            self.finished = self._engine.eof
        self._full = len(out) >= most
        return out


def _compression_engine(method: int, handle: BinaryIO):
    if method == _BZIP2:
        import bz2

        return bz2.BZ2Decompressor()
    import lzma

    # Zip's LZMA: a 2-byte version, a 2-byte properties length, the properties.
    _, length = struct.unpack("<HH", handle.read(4))
    properties = handle.read(length)
    lzma_filter = lzma._decode_filter_properties(lzma.FILTER_LZMA1, properties)
    return lzma.LZMADecompressor(lzma.FORMAT_RAW, filters=[lzma_filter])


def damaged_zip_errors() -> tuple[type[Exception], ...]:
    """What a damaged archive raises while it is opened or a member unpacked: a bad
    directory or CRC (BadZipFile), a broken deflate/bzip2/lzma stream (zlib.error,
    OSError, lzma.LZMAError), a truncated stream (EOFError), bad header values."""
    import lzma
    import zipfile

    return (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        lzma.LZMAError,
        EOFError,
        OSError,
        ValueError,
        struct.error,
    )
