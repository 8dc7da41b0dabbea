"""Building LinkedIn-style files for tests. Every person here is invented."""

from __future__ import annotations

import io
import sqlite3
import zipfile
from pathlib import Path

from netdesk.services.credentials import KeyringStatus, MemoryCredentialStore

PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses '
    "are missing. You will only see email addresses of connections who have allowed their "
    'connections to see or download their email address."\n'
    "\n"
)
HEADER_2023 = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
HEADER_2018 = "First Name,Last Name,Email Address,Company,Position,Connected On"
HEADER_2016_TAGS = "First Name,Last Name,Email Address,Company,Position,Connected On,Tags"
HEADER_2017_WIDE = (
    "First Name,Last Name,Address,Email Address,Company,Position,Connected On,Websites,"
    "Instant Messengers"
)


def write(path: Path, text: str, encoding: str = "utf-8", newline: str = "\n") -> Path:
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    return path


def export_zip(path: Path, files: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return path


# The import log, and the high-water mark of ids used (deliberately never rolled back).
_HISTORY = (
    'INSERT INTO "import_batch"',
    'INSERT INTO "import_change"',
    'INSERT INTO "sqlite_sequence"',
)


def dump(db_path: Path, *, history: bool = True) -> list[str]:
    """The database's content as statements: equal dumps mean equal content.

    The full-text index is compared by what it returns, not by its internal
    segments (whose layout depends on the order of writes). With history=False
    the import log is left out, to compare people before and after an undo.
    """
    conn = sqlite3.connect(db_path)
    try:
        lines = [
            line
            for line in conn.iterdump()
            if "contact_fts_" not in line and (history or not line.startswith(_HISTORY))
        ]
        index = conn.execute("SELECT rowid, * FROM contact_fts ORDER BY rowid").fetchall()
        return lines + [repr(row) for row in index]
    finally:
        conn.close()


def png_bytes() -> bytes:
    data = io.BytesIO()
    data.write(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02")
    data.write(b"\x00\x00\x00\x90wS\xde" + bytes(range(40)))
    return data.getvalue()


def release_held_keys() -> None:
    """Clear the keyboard modifiers Qt believes are held.

    QTest's key clicks with a modifier leave QGuiApplication.keyboardModifiers() set after
    the release, so a later selectRow() would read Ctrl and toggle the row instead of
    selecting it. A release with no modifiers clears the state.
    """
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QWidget

    if QApplication.instance() is None:
        return
    if QGuiApplication.keyboardModifiers() != Qt.KeyboardModifier.NoModifier:
        QTest.keyRelease(QWidget(), Qt.Key.Key_Control, Qt.KeyboardModifier.NoModifier)


class KeyringInMemory(MemoryCredentialStore):
    """A keyring that keeps what it is given and says so (persistent), as the OS keyring
    does; the OS keyring is the machine's edge (tests/integration uses a real one)."""

    def status(self) -> KeyringStatus:
        return KeyringStatus(True, "the test keyring", "Kept by the test keyring.")
