"""Settings → Security: encryption at rest, on or off, where the key is kept.

Converting the file runs on the task runner with a progress dialog. Before it starts,
*release* (from the window) makes sure nothing else holds the database: it waits for
background work and closes the GUI thread's connection, and the page then touches the
database no more until the work is done (the service re-keys it for everyone).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from netdesk.errors import EncryptionError
from netdesk.services.encryption.keys import recovery_text
from netdesk.services.encryption.service import Converted, EncryptionService
from netdesk.services.text import count_of
from netdesk.tasks import TaskRunner
from netdesk.views.settings.common import muted
from netdesk.views.settings.encrypt_dialog import EncryptDialog, PassphraseDialog, keyring_reason
from netdesk.views.settings.recovery_sheet import RecoverySheet

Release = Callable[[], str | None]  # None when the database is free, else why not


class ConversionProgress(QDialog):
    """Modal to the whole app, with no way to cancel or close it: a conversion is never
    left half-way, and nothing may touch the database until it is done. A dialog with a
    bar rather than a QProgressDialog, whose setValue runs the event loop when modal:
    from a queued progress report that re-enters the loop that delivers it."""

    def __init__(self, title: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("encryptionProgress")
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setMinimumWidth(420)
        self._label = QLabel(title)
        self._bar = QProgressBar()
        self._bar.setRange(0, 100)
        layout = QVBoxLayout(self)
        layout.addWidget(self._label)
        layout.addWidget(self._bar)
        self._done = False

    def show_step(self, percent: int, message: str) -> None:
        self._label.setText(message)
        self._bar.setValue(percent)

    def step(self) -> tuple[int, str]:
        return self._bar.value(), self._label.text()

    def finish(self) -> None:
        self._done = True
        self.close()
        self.deleteLater()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() != Qt.Key.Key_Escape:
            super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._done:
            super().closeEvent(event)
        else:
            event.ignore()


class SecurityPage(QWidget):
    def __init__(
        self,
        encryption: EncryptionService,
        tasks: TaskRunner,
        database: Path,
        release: Release,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("securityPage")
        self._encryption = encryption
        self._tasks = tasks
        self._database = Path(database)
        self._release = release
        self._pending: tuple[bytes, str | None, bool] | None = None
        self.running = False
        self.last_dialog: QWidget | None = None

        self.state = QLabel()
        self.state.setObjectName("encryptionState")
        self.state.setWordWrap(True)
        self.detail = muted()
        self.detail.setObjectName("encryptionDetail")
        self.keyring = muted()
        self.keyring.setObjectName("keyringStatus")
        self.status = QLabel()
        self.status.setObjectName("securityStatus")
        self.status.setWordWrap(True)
        self.status.hide()  # shown with the outcome of what the user did here
        self.encrypt_button = self._button("Encrypt My Data…", "encryptData", self._on_encrypt)
        self.turn_off_button = self._button(
            "Turn Off Encryption…", "turnOffEncryption", self._on_turn_off
        )
        self.passphrase_button = self._button(
            "Change Passphrase…", "changePassphrase", self._on_passphrase
        )
        self.remove_passphrase_button = self._button(
            "Remove Passphrase", "removePassphrase", self._on_remove_passphrase
        )
        self.sheet_button = self._button(
            "Show Recovery Sheet…", "showRecoverySheet", self._on_show_sheet
        )
        buttons = QHBoxLayout()
        for button in (
            self.encrypt_button,
            self.passphrase_button,
            self.remove_passphrase_button,
            self.sheet_button,
            self.turn_off_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        box = QGroupBox("Encryption")
        inside = QVBoxLayout(box)
        inside.addWidget(self.state)
        inside.addWidget(self.detail)
        inside.addLayout(buttons)
        inside.addWidget(self.status)
        keyring_box = QGroupBox("System keyring")
        QVBoxLayout(keyring_box).addWidget(self.keyring)
        layout = QVBoxLayout(self)
        layout.addWidget(box)
        layout.addWidget(keyring_box)
        layout.addStretch(1)
        self.refresh()

    def _button(self, text: str, name: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    def save(self) -> bool:
        return True  # every change here takes effect at once

    def refresh(self) -> None:
        status = self._encryption.status()
        keyring = status.keyring
        if not status.encrypted:
            self.state.setText("<b>Your data is not encrypted.</b>")
            self.detail.setText(
                "Anyone who can read the files in your data folder (or your backups) can "
                "read your network. Encryption is optional: NetDesk works the same either way."
            )
        else:
            where = []
            if status.in_keyring:
                where.append(f"in {keyring.backend}")
            if status.has_passphrase:
                where.append("behind your passphrase")
            self.state.setText(
                "<b>Your data is encrypted with SQLCipher.</b> The key is kept "
                + " and ".join(where)
                + "."
            )
            self.detail.setText(
                "NetDesk asks for your passphrase every time it starts."
                if not status.in_keyring
                else "NetDesk opens without asking while you are logged in. Your backups "
                "are encrypted with the same key."
            )
        self.keyring.setText(
            f"Secrets are kept in {keyring.backend}, protected by your login."
            if keyring.persistent
            else f"{keyring_reason(keyring)} To encrypt your data, choose a passphrase."
        )
        on = status.encrypted
        self.encrypt_button.setVisible(not on)
        self.turn_off_button.setVisible(on)
        self.sheet_button.setVisible(on)
        self.passphrase_button.setVisible(on)
        self.passphrase_button.setText(
            "Change Passphrase…" if status.has_passphrase else "Add a Passphrase…"
        )
        # Without the keyring, the passphrase is the only way in: it stays.
        self.remove_passphrase_button.setVisible(on and status.has_passphrase)
        self.remove_passphrase_button.setEnabled(status.in_keyring)
        self.remove_passphrase_button.setToolTip(
            "" if status.in_keyring else "The key is kept only behind your passphrase."
        )
        for button in (self.encrypt_button, self.turn_off_button):
            button.setEnabled(not self.running)

    def _open(self, dialog: QWidget) -> None:
        self.last_dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    # --- turning it on ------------------------------------------------------------

    def _on_encrypt(self) -> None:
        dialog = EncryptDialog(self._encryption.status().keyring, self)
        dialog.accepted.connect(self._on_encrypt_chosen)
        self._open(dialog)

    def _on_encrypt_chosen(self) -> None:
        dialog = self.sender()
        if not isinstance(dialog, EncryptDialog):
            return
        key = self._encryption.new_key()
        self._pending = (key, dialog.passphrase, dialog.keep_in_keyring)
        sheet = RecoverySheet(recovery_text(key), self._database, confirm=True, parent=self)
        sheet.accepted.connect(self._on_key_kept)
        sheet.rejected.connect(self._on_sheet_cancelled)
        self._open(sheet)

    def _on_sheet_cancelled(self) -> None:
        self._pending = None  # a new key next time: this one was never used
        self._say("Nothing was changed.")

    def _on_key_kept(self) -> None:
        if self._pending is None:
            return
        key, passphrase, keep = self._pending
        self._pending = None
        encryption = self._encryption

        def work(progress) -> Converted:
            return encryption.turn_on(
                key=key, passphrase=passphrase, keep_in_keyring=keep, progress=progress
            )

        self._convert("Encrypting Your Data", work, "Could not encrypt your data")

    # --- turning it off -----------------------------------------------------------

    def _on_turn_off(self) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Turn Off Encryption",
            "Decrypt your data?",
            QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("turnOffConfirm")
        box.setInformativeText(
            "Your database and your backups will be plain SQLite files again: anyone who "
            "can read them can read your network. The key is then forgotten, and the "
            "recovery key no longer matters."
        )
        turn_off = box.addButton("Turn Off", QMessageBox.ButtonRole.AcceptRole)
        turn_off.setObjectName("confirmTurnOff")
        box.accepted.connect(self._on_turn_off_confirmed)
        self._open(box)

    def _on_turn_off_confirmed(self) -> None:
        encryption = self._encryption
        self._convert(
            "Decrypting Your Data",
            lambda progress: encryption.turn_off(progress=progress),
            "Could not turn off encryption",
        )

    # --- the conversion, on the task runner ------------------------------------------

    def _convert(self, title: str, work: Callable[[Any], Converted], failure: str) -> None:
        reason = self._release()
        if reason is not None:
            self._tell(QMessageBox.Icon.Information, "Not Now", reason, "encryptionBusy")
            return
        progress = ConversionProgress(title, self)
        progress.show()
        self.running = True
        self.refresh()

        def progressed(percent: int, message: str) -> None:
            if not isValid(progress):  # reported after the page was closed
                return
            progress.show_step(percent, message)

        def finished() -> bool:
            """False when the page is gone (the data is converted all the same)."""
            if not isValid(self):
                return False
            self.running = False
            progress.finish()
            self.refresh()
            return True

        def done(result: Converted) -> None:
            if finished():
                on = "On" if result.encrypted else "Off"
                self._tell(
                    QMessageBox.Icon.Information,
                    f"Encryption Turned {on}",
                    *self._describe(result),
                )

        def failed(error: BaseException) -> None:
            if not finished():
                return
            text = str(error) if isinstance(error, EncryptionError | OSError) else repr(error)
            self._tell(
                QMessageBox.Icon.Warning,
                failure,
                f"{text}\n\nNothing was changed.",
                "encryptionError",
            )

        self._tasks.run(work, done, failed, progressed)

    @staticmethod
    def _describe(result: Converted) -> tuple[str, str]:
        verb = "encrypted" if result.encrypted else "decrypted"
        text = "Your data is now encrypted." if result.encrypted else "Your data is plain again."
        converted = result.copies - len(result.left)
        if result.copies:
            text += f" {count_of(converted, 'backup')} {verb} too."
        if result.left:
            names = ", ".join(path.name for path in result.left)
            still = "readable without the key" if result.encrypted else "encrypted"
            text += (
                f"\n\nThese copies could not be {verb} and are still {still}: {names}. "
                "Delete them, or turn encryption off and on again."
            )
        return text, "encryptionResult"

    def _tell(self, icon: QMessageBox.Icon, title: str, text: str, name: str) -> None:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self)
        box.setObjectName(name)
        self._say(text.split("\n")[0])
        self._open(box)

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    # --- the passphrase and the recovery sheet --------------------------------------

    def _on_passphrase(self) -> None:
        title = self.passphrase_button.text().rstrip("…")
        dialog = PassphraseDialog(title, self)
        dialog.accepted.connect(self._on_passphrase_chosen)
        self._open(dialog)

    def _on_passphrase_chosen(self) -> None:
        dialog = self.sender()
        if isinstance(dialog, PassphraseDialog):
            self._set_passphrase(dialog.passphrase, "Your new passphrase is set.")

    def _on_remove_passphrase(self) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Remove Passphrase",
            "Keep the key in the keyring only?",
            QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("removePassphraseConfirm")
        box.setInformativeText(
            "If the keyring loses the key (a new computer, a reset keyring), only the "
            "recovery key will open your data."
        )
        remove = box.addButton("Remove", QMessageBox.ButtonRole.AcceptRole)
        remove.setObjectName("confirmRemovePassphrase")
        box.accepted.connect(lambda: self._set_passphrase(None, "The passphrase is removed."))
        self._open(box)

    def _set_passphrase(self, passphrase: str | None, told: str) -> None:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # scrypt: a tenth of a second
        try:
            self._encryption.set_passphrase(passphrase)
        except (EncryptionError, ValueError, OSError) as error:
            told = str(error)
        finally:
            QApplication.restoreOverrideCursor()
        self.refresh()
        self._say(told)

    def _on_show_sheet(self) -> None:
        try:
            recovery = self._encryption.recovery_key()
        except EncryptionError as error:
            self._say(str(error))
            return
        sheet = RecoverySheet(recovery, self._database, confirm=False, parent=self)
        self._open(sheet)
