"""NetDesk is locked: the start-up dialog over a real encrypted file whose key is kept
behind a passphrase only (the credential store in memory, as on a machine without one)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication

from netdesk.app import Unlock, build_services, open_services
from netdesk.db.cipher import is_encrypted
from netdesk.errors import DatabaseKeyNeeded
from netdesk.services.contacts.records import ContactRecord
from netdesk.services.credentials import MemoryCredentialStore
from netdesk.services.encryption import keys
from netdesk.views.unlock_dialog import UnlockDialog

PASSPHRASE = "correct horse battery"


@pytest.fixture
def locked(paths, clock) -> str:
    """An encrypted database with two people, its key behind PASSPHRASE only; returns
    the recovery sheet's text."""
    services = build_services(paths, credentials=MemoryCredentialStore(), clock=clock)
    for name in ("Ada Lovelace", "Grace Hopper"):
        services.contacts.save(ContactRecord(display_name=name))
    done = services.encryption.turn_on(passphrase=PASSPHRASE, keep_in_keyring=False)
    services.close()
    assert is_encrypted(paths.database)
    return done.recovery_key


def needed(paths, clock) -> DatabaseKeyNeeded:
    with pytest.raises(DatabaseKeyNeeded) as raised:
        build_services(paths, credentials=MemoryCredentialStore(), clock=clock)
    return raised.value


def attempt_for(paths, clock, opened: list):
    def attempt(passphrase, recovery):
        given = Unlock(passphrase=passphrase, recovery=recovery)
        services = build_services(paths, MemoryCredentialStore(), clock=clock, unlock=given)
        opened.append(services)
        return services

    return attempt


def press(qtbot, button) -> None:
    assert button.isVisible() and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_a_wrong_passphrase_is_said_and_the_right_one_opens(qtbot, paths, clock, locked) -> None:
    opened: list = []
    error = needed(paths, clock)
    assert error.passphrase
    dialog = UnlockDialog(error, attempt_for(paths, clock, opened))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "NetDesk is locked"
    assert "enter your passphrase" in dialog.message.text()
    assert dialog.passphrase.isVisible() and not dialog.recovery.isVisible()

    qtbot.keyClicks(dialog.passphrase, "not the passphrase")
    press(qtbot, dialog.unlock_button)
    assert dialog.error.text() == "That passphrase does not unlock this database."
    assert dialog.isVisible() and dialog.result() == 0 and opened == []

    dialog.passphrase.clear()
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    assert not dialog.isVisible() and dialog.result() == dialog.DialogCode.Accepted
    services = dialog.opened
    try:
        assert services is opened[0]
        assert services.contacts.counts().people == 2
    finally:
        services.close()


def test_the_recovery_key_opens_it_pasted_with_the_sheet_around_it(
    qtbot, paths, clock, locked
) -> None:
    opened: list = []
    dialog = UnlockDialog(needed(paths, clock), attempt_for(paths, clock, opened))
    qtbot.addWidget(dialog)
    dialog.show()
    checkbox = dialog.use_recovery
    qtbot.mouseClick(checkbox, Qt.MouseButton.LeftButton, pos=QPoint(8, checkbox.height() // 2))
    assert dialog.recovery.isVisible() and not dialog.passphrase.isVisible()

    dialog.recovery.setPlainText("0000 1111 2222")
    press(qtbot, dialog.unlock_button)
    assert "64 hexadecimal digits" in dialog.error.text() and dialog.isVisible()

    sheet = f"NetDesk recovery key\nFor the data in {paths.database}\n\n{locked}\n"
    dialog.recovery.setPlainText(sheet)
    press(qtbot, dialog.unlock_button)
    assert not dialog.isVisible() and dialog.opened is opened[0]
    try:
        assert dialog.opened.db.key == keys.parse_recovery(sheet)
    finally:
        dialog.opened.close()


def test_quit_leaves_the_file_as_it_was(qtbot, paths, clock, locked, qapp) -> None:
    before = paths.database.read_bytes()
    record = keys.record_path(paths.database).read_bytes()
    asked: list[str] = []

    def quit_when_asked() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, UnlockDialog):
            QTimer.singleShot(20, quit_when_asked)
            return
        asked.append(dialog.message.text())
        qtbot.keyClicks(dialog.passphrase, "a wrong one, then Quit")
        press(qtbot, dialog.unlock_button)
        asked.append(dialog.error.text())
        press(qtbot, dialog.quit_button)

    QTimer.singleShot(0, quit_when_asked)
    assert open_services(paths, MemoryCredentialStore(), clock) is None
    assert asked[0] == "Your data is encrypted: enter your passphrase to open it."
    assert asked[1] == "That passphrase does not unlock this database."
    assert paths.database.read_bytes() == before
    assert keys.record_path(paths.database).read_bytes() == record


def test_a_plain_database_opens_without_asking(paths, clock) -> None:
    services = open_services(paths, MemoryCredentialStore(), clock)
    try:
        assert services is not None and not services.db.encrypted
    finally:
        services.close()


def test_run_gui_exits_with_1_when_the_user_quits_the_lock(qtbot, paths, locked, qapp) -> None:
    from netdesk.app import run_gui

    before = paths.database.read_bytes()

    def quit_when_asked() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, UnlockDialog):
            QTimer.singleShot(20, quit_when_asked)
            return
        press(qtbot, dialog.quit_button)

    QTimer.singleShot(0, quit_when_asked)
    assert run_gui(paths) == 1
    assert paths.database.read_bytes() == before
