"""Encrypt My Data…: what it does and where the key is kept; and a new passphrase.

The key is kept in the system keyring, behind a passphrase, or both. Without a keyring
that keeps secrets across sessions, a passphrase is the only way in and is required.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from netdesk.services.credentials import KeyringStatus
from netdesk.services.encryption.keys import MIN_PASSPHRASE
from netdesk.views.settings.common import muted


def keyring_reason(keyring: KeyringStatus) -> str:
    """Why the keyring cannot keep the key, in one sentence (its status speaks of
    passwords kept for the session, which does not apply to a key)."""
    reason = keyring.message.split(" The password")[0].strip()
    return reason or "No secure system keyring is available on this computer."


class PassphraseFields(QWidget):
    """A passphrase typed twice; check() says what is wrong, or None."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.first = QLineEdit()
        self.first.setObjectName("passphrase")
        self.first.setAccessibleName("Passphrase")
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.first.setPlaceholderText(f"at least {MIN_PASSPHRASE} characters")
        self.second = QLineEdit()
        self.second.setObjectName("passphraseAgain")
        self.second.setAccessibleName("Passphrase again")
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Passphrase", self.first)
        form.addRow("Again", self.second)

    def text(self) -> str:
        return self.first.text()

    def check(self) -> str | None:
        if len(self.first.text()) < MIN_PASSPHRASE:
            return f"A passphrase has at least {MIN_PASSPHRASE} characters."
        if self.first.text() != self.second.text():
            return "The two passphrases differ: type the same one twice."
        return None


class EncryptDialog(QDialog):
    """The choices before the key is made: keyring, passphrase, or both."""

    def __init__(self, keyring: KeyringStatus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("encryptDialog")
        self.setWindowTitle("Encrypt My Data")
        self.setMinimumWidth(520)
        explanation = QLabel(
            "NetDesk will encrypt your database with SQLCipher (AES-256), and your backups "
            "with it, so that anyone who copies the files cannot read them. NetDesk works as "
            "before; it only needs the key to open your data.\n\n"
            "Next you will see a recovery key: print it or save it somewhere safe. It is the "
            "only way back in if the key is lost."
        )
        explanation.setWordWrap(True)
        self.keep = QCheckBox(f"Keep the key in {keyring.backend}")
        self.keep.setObjectName("keepKeyInKeyring")
        self.keep_hint = muted(
            "NetDesk opens without asking while you are logged in to this computer."
        )
        if not keyring.persistent:
            self.keep.setChecked(False)
            self.keep.setEnabled(False)
            self.keep.setText("Keep the key in the system keyring")
            self.keep_hint.setText(f"{keyring_reason(keyring)} Choose a passphrase instead.")
        else:
            self.keep.setChecked(True)
        self.protect = QCheckBox("Also protect with a passphrase")
        self.protect.setObjectName("protectWithPassphrase")
        self.fields = PassphraseFields()
        self.passphrase_hint = muted()
        self.error = QLabel()
        self.error.setObjectName("encryptError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b3261e;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.continue_button = buttons.addButton("Continue", QDialogButtonBox.ButtonRole.AcceptRole)
        self.continue_button.setObjectName("encryptContinue")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addSpacing(6)
        layout.addWidget(self.keep)
        layout.addWidget(self.keep_hint)
        layout.addSpacing(6)
        layout.addWidget(self.protect)
        layout.addWidget(self.fields)
        layout.addWidget(self.passphrase_hint)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.keep.toggled.connect(self._update)
        self.protect.toggled.connect(self._update)
        self._update()

    @property
    def keep_in_keyring(self) -> bool:
        return self.keep.isChecked()

    @property
    def passphrase(self) -> str | None:
        return self.fields.text() if self.protect.isChecked() else None

    def _update(self) -> None:
        required = not self.keep.isChecked()
        if required:  # no keyring: the passphrase is the only way in
            self.protect.setChecked(True)
        self.protect.setEnabled(not required)
        self.protect.setText(
            "Protect with a passphrase (needed without the keyring)"
            if required
            else "Also protect with a passphrase"
        )
        self.fields.setEnabled(self.protect.isChecked())
        self.passphrase_hint.setText(
            "NetDesk will ask for your passphrase every time it starts."
            if required
            else "The passphrase opens your data if the keyring loses the key (a new "
            "computer, a reset keyring)."
        )
        self.error.clear()

    def accept(self) -> None:
        problem = self.fields.check() if self.protect.isChecked() else None
        if problem:
            self.error.setText(problem)
            self.fields.first.setFocus()
            return
        super().accept()


class PassphraseDialog(QDialog):
    """Change Passphrase…: a new one, typed twice."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("passphraseDialog")
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        intro = QLabel(
            "The passphrase opens your encrypted data when the key is not in the keyring. "
            "Your data stays encrypted with the same key; the recovery key still works."
        )
        intro.setWordWrap(True)
        self.fields = PassphraseFields()
        self.error = QLabel()
        self.error.setObjectName("passphraseError")
        self.error.setStyleSheet("color: #b3261e;")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("savePassphrase")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.fields)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    @property
    def passphrase(self) -> str:
        return self.fields.text()

    def accept(self) -> None:
        problem = self.fields.check()
        if problem:
            self.error.setText(problem)
            return
        super().accept()
