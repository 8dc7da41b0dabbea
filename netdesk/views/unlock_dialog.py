"""NetDesk is locked: the start-up dialog that asks for the passphrase or the recovery key.

Shown when the database is encrypted and its key is not in the keyring. Each Unlock
tries to open the data with what was typed; a wrong passphrase or key is said in the
dialog, which stays for another try. Quit leaves the file untouched.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from netdesk import APP_NAME
from netdesk.errors import DatabaseKeyNeeded, WrongDatabaseKey

# (passphrase, recovery key) -> what the unlocked data opens to; raises WrongDatabaseKey
Attempt = Callable[[str | None, str | None], Any]


class UnlockDialog(QDialog):
    def __init__(
        self, needed: DatabaseKeyNeeded, attempt: Attempt, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("unlockDialog")
        self.setWindowTitle(f"{APP_NAME} is locked")
        self.setMinimumWidth(460)
        self._attempt = attempt
        self.opened: Any = None
        self.failure: Exception | None = None

        heading = QLabel(f"<b>{APP_NAME} is locked</b>")
        self.message = QLabel(str(needed))
        self.message.setObjectName("unlockMessage")
        self.message.setWordWrap(True)
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("unlockPassphrase")
        self.passphrase.setAccessibleName("Passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText("Passphrase")
        self.use_recovery = QCheckBox("Use recovery key instead")
        self.use_recovery.setObjectName("useRecoveryKey")
        self.recovery = QPlainTextEdit()
        self.recovery.setObjectName("unlockRecovery")
        self.recovery.setAccessibleName("Recovery key")
        self.recovery.setPlaceholderText("XXXX XXXX XXXX XXXX\n… (four lines, from your sheet)")
        self.recovery.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.recovery.setTabChangesFocus(True)
        self.recovery.setFixedHeight(self.recovery.fontMetrics().lineSpacing() * 5 + 12)
        self.error = QLabel()
        self.error.setObjectName("unlockError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b3261e;")
        buttons = QDialogButtonBox()
        self.unlock_button = buttons.addButton("Unlock", QDialogButtonBox.ButtonRole.AcceptRole)
        self.unlock_button.setObjectName("unlockButton")
        self.unlock_button.setDefault(True)
        self.quit_button = buttons.addButton("Quit", QDialogButtonBox.ButtonRole.RejectRole)
        self.quit_button.setObjectName("quitButton")
        buttons.accepted.connect(self.unlock)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.message)
        layout.addWidget(self.passphrase)
        layout.addWidget(self.use_recovery)
        layout.addWidget(self.recovery)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.use_recovery.toggled.connect(self._update)
        self._set_needed(needed)

    def _set_needed(self, needed: DatabaseKeyNeeded) -> None:
        """Only the recovery key can help when no passphrase guards the key."""
        self.message.setText(str(needed))
        self._passphrase_possible = needed.passphrase
        self.use_recovery.setVisible(needed.passphrase)
        if not needed.passphrase:
            self.use_recovery.setChecked(True)
        self._update()

    def _update(self) -> None:
        recovery = self.use_recovery.isChecked() or not self._passphrase_possible
        self.passphrase.setVisible(not recovery)
        self.recovery.setVisible(recovery)
        (self.recovery if recovery else self.passphrase).setFocus()
        self.adjustSize()

    def unlock(self) -> None:
        if self.recovery.isVisible() or not self._passphrase_possible:
            given = (None, self.recovery.toPlainText())
            if not given[1].strip():
                self.error.setText("Type or paste the recovery key from your sheet.")
                return
        else:
            given = (self.passphrase.text(), None)
            if not given[0]:
                self.error.setText("Type your passphrase.")
                return
        self.error.setText("Unlocking…")
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.opened = self._attempt(*given)
        except WrongDatabaseKey as error:
            self.error.setText(str(error))
            self.passphrase.selectAll()
            return
        except DatabaseKeyNeeded as error:  # e.g. the record went: now only the recovery key
            self._set_needed(error)
            self.error.setText("")
            return
        except Exception as error:  # unlocked, but the data cannot open: the caller says why
            self.failure = error
            self.reject()
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.accept()


def unlock(needed: DatabaseKeyNeeded, attempt: Attempt, parent: QWidget | None = None):
    """Ask until *attempt* opens the data (its result) or the user quits (None); an
    error other than a wrong key (a damaged file, say) is raised for the caller."""
    dialog = UnlockDialog(needed, attempt, parent)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    opened, failure = (dialog.opened if accepted else None), dialog.failure
    dialog.deleteLater()
    if failure is not None:
        raise failure
    return opened
