"""Settings → Security: encrypting and decrypting real database files through the page's
buttons, the recovery sheet's copy, print and save, over the real window and runner."""

from __future__ import annotations

import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QFileDialog,
    QMessageBox,
    QPushButton,
    QWidget,
)
from shiboken6 import isValid

from netdesk.app import Unlock, build_services
from netdesk.db.cipher import is_encrypted
from netdesk.services.contacts.records import ContactRecord
from netdesk.services.credentials import MemoryCredentialStore
from netdesk.services.encryption import keys
from netdesk.services.encryption.service import find_key
from netdesk.views.main_window import CONTACTS_PAGE
from netdesk.views.settings import recovery_sheet
from netdesk.views.settings.dialog import SettingsDialog
from netdesk.views.settings.encrypt_dialog import EncryptDialog
from netdesk.views.settings.recovery_sheet import RecoverySheet, qr_image, qr_text
from netdesk.views.settings.security_page import ConversionProgress, SecurityPage
from tests.helpers import KeyringInMemory
from tests.views.windows import build_window, settle

PASSPHRASE = "correct horse battery"
HOLD_OPEN = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
conn.execute("SELECT count(*) FROM contact").fetchone()
print("open", flush=True)
sys.stdin.read()
"""


@pytest.fixture
def store() -> KeyringInMemory:
    return KeyringInMemory()


@pytest.fixture
def services(paths, clock, store):
    built = build_services(paths, credentials=store, clock=clock)
    for name in ("Ada Lovelace", "Grace Hopper"):
        built.contacts.save(ContactRecord(display_name=name))
    yield built
    built.close()


@pytest.fixture
def desk(qtbot, qapp, services):
    window, tasks = build_window(qtbot, qapp, services)
    window.show_page(CONTACTS_PAGE)
    yield window
    # The results of work still running reach the page while it and the database are
    # there, not in whichever test runs next.
    tasks.wait(10_000)
    settle()
    for dialog in window.findChildren(SettingsDialog):
        dialog.done(0)
    settle()


def click(qtbot, widget) -> None:
    """Press *widget* where a user would: a check box on its box, not its empty right."""
    assert widget.isVisible() and widget.isEnabled(), widget.objectName()
    if isinstance(widget, QCheckBox):
        where = QPoint(8, widget.height() // 2)
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=where)
    else:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def open_security(qtbot, window) -> SecurityPage:
    window.findChild(QAction, "settingsAction").trigger()
    dialog = window.last_dialog
    assert isinstance(dialog, SettingsDialog)
    row = dialog.titles.index("Security")
    navigation = dialog.navigation
    rect = navigation.visualRect(navigation.model().index(row, 0))
    qtbot.mouseClick(navigation.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    page = dialog.pages.currentWidget()
    assert isinstance(page, SecurityPage)
    return page


def wait_for_box(qtbot, page: SecurityPage, name: str) -> QMessageBox:

    def shown() -> bool:
        box = page.last_dialog
        return isValid(box) and isinstance(box, QMessageBox) and box.objectName() == name

    qtbot.waitUntil(shown, timeout=20_000)
    box = page.last_dialog
    assert box.isVisible()
    return box


def listed_names(window) -> set[str]:
    model = window.contacts_page.model
    return {model.data(model.index(row, 0)) for row in range(model.rowCount())}


def encrypt_through_buttons(qtbot, page: SecurityPage, passphrase: str | None) -> RecoverySheet:
    """Encrypt My Data… → the choices → the recovery sheet, ticked → Continue."""
    click(qtbot, page.encrypt_button)
    options = page.last_dialog
    assert isinstance(options, EncryptDialog)
    if passphrase is not None:
        click(qtbot, options.protect)
        qtbot.keyClicks(options.fields.first, "short")
        qtbot.keyClicks(options.fields.second, "short")
        click(qtbot, options.continue_button)
        assert "at least 8" in options.error.text() and options.isVisible()
        for field in (options.fields.first, options.fields.second):
            field.clear()
            qtbot.keyClicks(field, passphrase)
    click(qtbot, options.continue_button)
    sheet = page.last_dialog
    assert isinstance(sheet, RecoverySheet) and sheet.isVisible()
    assert not sheet.continue_button.isEnabled()  # not before the key is kept
    click(qtbot, sheet.kept_safe)
    click(qtbot, sheet.continue_button)
    return sheet


def test_encrypt_my_data_encrypts_the_file_and_its_backups_and_the_window_carries_on(
    qtbot, desk, services, paths, store
) -> None:
    backup = services.backups.back_up().path
    page = open_security(qtbot, desk)
    assert page.state.text() == "<b>Your data is not encrypted.</b>"
    assert not page.turn_off_button.isVisible()

    sheet = encrypt_through_buttons(qtbot, page, PASSPHRASE)
    progress = page.findChild(ConversionProgress)
    assert progress is not None and progress.isVisible()
    assert progress.windowModality() == Qt.WindowModality.ApplicationModal
    result = wait_for_box(qtbot, page, "encryptionResult")
    assert (
        page.findChild(ConversionProgress) is None
        or not page.findChild(ConversionProgress).isVisible()
    )
    assert result.text() == "Your data is now encrypted. 1 backup encrypted too."
    assert result.windowTitle() == "Encryption Turned On"
    key = keys.parse_recovery(sheet.recovery)
    assert is_encrypted(paths.database) and is_encrypted(backup)
    assert services.db.key == key
    assert find_key(paths.database, store) == key  # in the keyring...
    assert find_key(paths.database, MemoryCredentialStore(), passphrase=PASSPHRASE) == key
    assert "encrypted with SQLCipher" in page.state.text()
    assert "in the test keyring and behind your passphrase" in page.state.text()
    assert page.turn_off_button.isVisible() and not page.encrypt_button.isVisible()

    # The GUI thread reads and writes the re-keyed file as before.
    services.contacts.save(ContactRecord(display_name="Katherine Johnson"))
    settle()
    qtbot.waitUntil(lambda: len(listed_names(desk)) == 3)
    assert listed_names(desk) == {"Ada Lovelace", "Grace Hopper", "Katherine Johnson"}


def test_without_a_keyring_the_passphrase_is_required(qtbot, paths, clock, qapp) -> None:
    services = build_services(paths, credentials=MemoryCredentialStore("No keyring."), clock=clock)
    window, tasks = build_window(qtbot, qapp, services)
    try:
        page = open_security(qtbot, window)
        assert "No keyring." in page.keyring.text()
        click(qtbot, page.encrypt_button)
        options = page.last_dialog
        assert not options.keep.isChecked() and not options.keep.isEnabled()
        assert "No keyring." in options.keep_hint.text()
        assert options.protect.isChecked() and not options.protect.isEnabled()
        click(qtbot, options.continue_button)
        assert "at least 8" in options.error.text()
        options.reject()
        assert not is_encrypted(paths.database)
    finally:
        for dialog in window.findChildren(SettingsDialog):
            dialog.done(0)
        tasks.wait(10_000)
        services.close()


def test_a_file_held_open_elsewhere_is_refused_and_left_plain(qtbot, desk, services, paths) -> None:
    page = open_security(qtbot, desk)
    # Another program (a process of its own: SQLite's locks are per process) has it open.
    other = subprocess.Popen(
        [sys.executable, "-c", HOLD_OPEN, str(paths.database)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert other.stdout.readline().strip() == "open"
        encrypt_through_buttons(qtbot, page, None)
        error = wait_for_box(qtbot, page, "encryptionError")
    finally:
        other.communicate("", timeout=10)
    assert "in use" in error.text() and "Nothing was changed." in error.text()
    assert not is_encrypted(paths.database)
    assert not keys.record_path(paths.database).exists()
    assert page.state.text() == "<b>Your data is not encrypted.</b>"
    assert page.encrypt_button.isEnabled()
    services.contacts.save(ContactRecord(display_name="Still Plain"))
    assert services.contacts.counts().people == 3


def test_turn_off_decrypts_the_file_and_forgets_the_key(
    qtbot, desk, services, paths, store
) -> None:
    services.encryption.turn_on(passphrase=PASSPHRASE)
    backup = services.backups.back_up().path
    assert is_encrypted(paths.database) and is_encrypted(backup)
    page = open_security(qtbot, desk)
    click(qtbot, page.turn_off_button)
    confirm = page.last_dialog
    assert confirm.objectName() == "turnOffConfirm"
    assert "plain SQLite files again" in confirm.informativeText()
    click(qtbot, confirm.findChild(QPushButton, "confirmTurnOff"))
    result = wait_for_box(qtbot, page, "encryptionResult")
    assert result.text() == "Your data is plain again. 1 backup decrypted too."
    assert not is_encrypted(paths.database) and not is_encrypted(backup)
    assert not keys.record_path(paths.database).exists()
    assert store._secrets == {}  # the key is gone from the keyring
    assert page.state.text() == "<b>Your data is not encrypted.</b>"
    assert sqlite3.connect(paths.database).execute("SELECT count(*) FROM contact").fetchone()[0]
    desk.contacts_page.reload()
    assert listed_names(desk) == {"Ada Lovelace", "Grace Hopper"}


def test_the_passphrase_is_changed_and_removed_from_the_page(
    qtbot, desk, services, paths, store
) -> None:
    services.encryption.turn_on(passphrase=PASSPHRASE)
    page = open_security(qtbot, desk)
    click(qtbot, page.passphrase_button)
    dialog = page.last_dialog
    for field in (dialog.fields.first, dialog.fields.second):
        qtbot.keyClicks(field, "a brand new one")
    click(qtbot, dialog.save_button)
    assert page.status.text() == "Your new passphrase is set."
    key = services.db.key
    assert find_key(paths.database, MemoryCredentialStore(), passphrase="a brand new one") == key
    click(qtbot, page.remove_passphrase_button)
    click(qtbot, page.last_dialog.findChild(QPushButton, "confirmRemovePassphrase"))
    assert not services.encryption.status().has_passphrase
    assert not page.remove_passphrase_button.isVisible()
    assert page.passphrase_button.text() == "Add a Passphrase…"


def test_the_recovery_sheet_saves_prints_and_copies_the_key(
    qtbot, desk, services, paths, tmp_path, monkeypatch
) -> None:
    services.encryption.turn_on(passphrase=PASSPHRASE)
    key = services.db.key
    page = open_security(qtbot, desk)
    click(qtbot, page.sheet_button)
    sheet = page.last_dialog
    assert isinstance(sheet, RecoverySheet) and sheet.continue_button is None
    assert sheet.key_label.text() == keys.recovery_text(key)
    assert "cannot be recovered" in sheet.warning.text()

    saved = tmp_path / "key.txt"
    saved.write_text("old, readable by all")
    saved.chmod(0o644)
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(saved), ""))
    )
    click(qtbot, sheet.findChild(QPushButton, "saveRecoveryKey"))
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    text = saved.read_text()
    assert str(paths.database) in text and "cannot be recovered" in text
    assert keys.parse_recovery(text) == key

    pdf = tmp_path / "sheet.pdf"

    def choose(printer, parent) -> bool:  # the user picks "Print to File (PDF)"
        printer.setOutputFormat(printer.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(pdf))
        return True

    monkeypatch.setattr(recovery_sheet, "choose_printer", choose)
    click(qtbot, sheet.findChild(QPushButton, "printRecoverySheet"))
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 2000

    click(qtbot, sheet.findChild(QPushButton, "copyRecoveryKey"))
    assert QApplication.clipboard().text() == keys.recovery_text(key)

    # The saved file opens the database on its own, with nothing in the keyring.
    desk.close()
    services.close()
    opened = build_services(
        paths, credentials=MemoryCredentialStore(), unlock=Unlock(recovery=text)
    )
    try:
        assert opened.db.key == key and opened.contacts.counts().people == 2
    finally:
        opened.close()


def test_the_qr_code_is_the_key_module_for_module() -> None:
    import segno

    recovery = keys.recovery_text(bytes(range(32)))
    assert keys.parse_recovery(qr_text(recovery)) == bytes(range(32))
    image = qr_image(qr_text(recovery), scale=2, border=4)
    matrix = segno.make_qr(qr_text(recovery), error="m", boost_error=False).matrix
    assert image.width() == (len(matrix) + 8) * 2
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            pixel = image.pixelColor((x + 4) * 2 + 1, (y + 4) * 2 + 1)
            assert (pixel.lightness() < 128) == bool(dark), (x, y)


def test_cancelling_the_sheet_changes_nothing(qtbot, desk, paths, store) -> None:
    page = open_security(qtbot, desk)
    click(qtbot, page.encrypt_button)
    click(qtbot, page.last_dialog.continue_button)
    sheet = page.last_dialog
    assert isinstance(sheet, RecoverySheet)
    sheet.reject()
    assert page.status.text() == "Nothing was changed."
    assert not is_encrypted(paths.database) and store._secrets == {}
    assert not Path(keys.record_path(paths.database)).exists()


def test_the_progress_cannot_be_escaped_or_closed_until_done(qtbot, qapp) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    progress = ConversionProgress("Encrypting Your Data", parent)
    progress.show()
    qtbot.keyClick(progress, Qt.Key.Key_Escape)
    progress.close()
    assert progress.isVisible()
    progress.finish()
    assert not progress.isVisible()
