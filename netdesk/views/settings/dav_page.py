"""A DAV account's Settings page (Calendar, Contacts sync): the account (password only in
the keyring), its collections found from the server's address off the GUI thread, the
certificate to trust when no authority signed the server's, what syncing does, how often,
and removing the account. A DavKind (dav_kind) holds what tells the kinds apart; a subclass may add
boxes of its own between the account and the sync (the address book's people)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import ClassVar

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from netdesk.errors import CalendarError, ValidationError
from netdesk.services.credentials import KeyringStatus, Secret
from netdesk.services.dav_account import DavAccount, server_url
from netdesk.services.mail.security import CertificateInfo
from netdesk.tasks import TaskRunner
from netdesk.views.appearance import tone_sheet
from netdesk.views.settings.common import MUTED, muted
from netdesk.views.settings.dav_kind import LOGIN_PLACEHOLDER, SERVER_PLACEHOLDER, DavKind
from netdesk.views.settings.dav_preferences import MAX_MINUTES, MIN_MINUTES, DavPreferences
from netdesk.views.settings.dav_trust import DavCertificate

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _NoPassword:
    """What the search returns when no password is typed or stored."""


class DavPage(QWidget):
    kind: ClassVar[DavKind]  # a subclass's

    def __init__(
        self, preferences: DavPreferences, tasks: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(self.kind.page_name)
        self._preferences = preferences
        self._accounts = preferences.accounts
        self._tasks = tasks
        self._account = preferences.account() or self.kind.account_type()
        self._finding = False
        self._build()
        self._load()

    # --- what a kind with more to say adds -------------------------------------------

    def _sections(self) -> list[QWidget]:
        """Boxes between the account and the sync."""
        return []

    def _load_more(self, account: DavAccount) -> None:
        """Show the account's fields the added boxes hold."""

    def _form_more(self, account: DavAccount) -> DavAccount:
        """*account* with what the added boxes say."""
        return account

    def _more_fields(self) -> dict[str, tuple[QLabel, QWidget]]:
        """The added fields' error lines and editors, by the account field."""
        return {}

    # --- building ------------------------------------------------------------

    def _field(self, name: str, placeholder: str, accessible: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)
        edit.setPlaceholderText(placeholder)
        return edit

    def _checked(self, widget: QWidget, name: str) -> tuple[QVBoxLayout, QLabel]:
        """The field with its own error line below it (hidden while there is none)."""
        error = QLabel()
        error.setObjectName(name)
        error.setWordWrap(True)
        error.setStyleSheet(tone_sheet("error", self))
        error.hide()
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(error)
        return column, error

    def _build(self) -> None:
        kind = self.kind
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(muted(kind.intro))
        layout.addWidget(self._account_box())
        for section in self._sections():
            layout.addWidget(section)
        layout.addWidget(self._sync_box())
        layout.addLayout(self._remove_row())
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        self.error = QLabel()
        self.error.setObjectName(f"{kind.prefix}Error")
        self.error.setStyleSheet(tone_sheet("error", self))
        self.error.setWordWrap(True)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll, 1)
        outer.addWidget(self.error)

    def _account_box(self) -> QGroupBox:
        kind, prefix = self.kind, self.kind.prefix
        self.server = self._field(
            f"{prefix}Server", SERVER_PLACEHOLDER, f"{kind.title} server address"
        )
        self.username = self._field(f"{prefix}Username", LOGIN_PLACEHOLDER, f"{kind.title} login")
        self.password = self._field(
            f"{prefix}Password", "", f"{kind.title} password or app password"
        )
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        server_column, self.server_error = self._checked(self.server, f"{prefix}ServerError")
        server_column.addWidget(muted(kind.server_help))
        user_column, self.username_error = self._checked(self.username, f"{prefix}UsernameError")
        self.keyring_label = QLabel()
        self.keyring_label.setObjectName(f"{prefix}KeyringStatus")
        self.keyring_label.setWordWrap(True)
        password_column = QVBoxLayout()
        password_column.setSpacing(2)
        password_column.addWidget(self.password)
        password_column.addWidget(self.keyring_label)
        form = QFormLayout()
        form.addRow("Server", server_column)
        form.addRow("Login", user_column)
        form.addRow("Password", password_column)
        form.addRow(kind.title, self._choice_column())
        box = QGroupBox(f"Your {kind.one} account")
        box.setLayout(form)
        return box

    def _choice_column(self) -> QVBoxLayout:
        kind = self.kind
        self.choice = QComboBox()
        self.choice.setObjectName(kind.choice_name)
        self.choice.setAccessibleName(f"{kind.title} for {kind.chosen_for}")
        self.choice.setMinimumContentsLength(28)
        self.find_button = QPushButton(kind.find)
        self.find_button.setObjectName(kind.find[:1].lower() + kind.find[1:].replace(" ", ""))
        self.find_button.setToolTip(f"Log in now and list this account's {kind.many}")
        self.find_button.clicked.connect(self.find)
        row = QHBoxLayout()
        row.addWidget(self.choice, 1)
        row.addWidget(self.find_button)
        self.find_note = muted(
            f"{kind.find} logs in with the login and password above and lists them."
        )
        self.find_note.setObjectName(self.find_button.objectName() + "Note")
        self.find_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.certificate = DavCertificate(kind.prefix, f"{kind.one} server", kind.many, self)
        self.certificate.trust_chosen.connect(self._trust_certificate)
        self.certificate.declined.connect(self._distrusted)
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addLayout(row)
        column.addWidget(self.find_note)
        column.addWidget(self.certificate)
        return column

    def _sync_box(self) -> QGroupBox:
        kind = self.kind
        explanation = QLabel(kind.sync_explanation)
        explanation.setObjectName(f"{kind.prefix}SyncExplanation")
        explanation.setTextFormat(Qt.TextFormat.RichText)
        explanation.setWordWrap(True)
        self.minutes = QSpinBox()
        self.minutes.setObjectName(f"{kind.prefix}SyncMinutes")
        self.minutes.setAccessibleName("Minutes between syncs")
        self.minutes.setRange(MIN_MINUTES, MAX_MINUTES)
        self.minutes.setSingleStep(5)
        self.minutes.setSuffix(" minutes")
        sync_now = muted(kind.sync_now)
        sync_now.setWordWrap(False)
        every = QHBoxLayout()
        every.addWidget(QLabel("Sync at start, then every"))
        every.addWidget(self.minutes)
        every.addSpacing(12)
        every.addWidget(sync_now)
        every.addStretch(1)
        box = QGroupBox(kind.sync_title)
        layout = QVBoxLayout(box)
        layout.addWidget(explanation)
        layout.addLayout(every)
        return box

    def _remove_row(self) -> QHBoxLayout:
        self.remove_button = QPushButton("Remove Account…")
        self.remove_button.setObjectName(f"remove{self.kind.prefix.title()}Account")
        self.remove_button.setToolTip(
            f"Forget this account and its password; {self.kind.kept} stay"
        )
        self.remove_button.clicked.connect(self.remove_account)
        row = QHBoxLayout()
        row.addWidget(self.remove_button)
        row.addStretch(1)
        return row

    # --- loading and reading the form ----------------------------------------

    def _load(self) -> None:
        account, kind = self._account, self.kind
        self.server.setText(account.server_url)
        self.username.setText(account.username)
        self.password.clear()
        stored = account.id is not None and self._accounts.password(account) is not None
        self.password.setPlaceholderText(
            "Stored; type a new one to replace it" if stored else "Password or app password"
        )
        self._show_keyring_status(self._preferences.keyring_status())
        self.choice.clear()
        url = getattr(account, kind.url_field)
        if url:
            self.choice.addItem(getattr(account, kind.name_field) or url, url)
        else:
            self.choice.addItem(f"The first {kind.one} on the server", "")
        self.minutes.setValue(self._preferences.minutes)
        self.certificate.load(account.cert_sha256)
        self.remove_button.setEnabled(account.id is not None)
        self._load_more(account)
        self._show_errors({})

    def _show_keyring_status(self, status: KeyringStatus) -> None:
        icon = "🔒 " if status.persistent else "⚠ "
        self.keyring_label.setText(icon + status.message)
        self.keyring_label.setStyleSheet(
            MUTED if status.persistent else tone_sheet("warning", self)
        )

    def form_account(self) -> DavAccount:
        url = self.choice.currentData() or ""
        account = replace(
            self._account,
            server_url=self.server.text().strip(),
            username=self.username.text().strip(),
            cert_sha256=self.certificate.fingerprint,
            **{
                self.kind.url_field: url,
                self.kind.name_field: self.choice.currentText() if url else "",
            },
        )
        return self._form_more(account)

    def _typed_password(self) -> Secret | None:
        return Secret(self.password.text()) if self.password.text() else None

    def _blank(self) -> bool:
        account = self.form_account()
        return not (account.server_url or account.username or self.password.text())

    def is_dirty(self) -> bool:
        if self._account.id is None and self._blank():
            return False  # nothing typed: nothing to save (how often waits for an account)
        return (
            self.form_account() != self._account
            or bool(self.password.text())
            or self.minutes.value() != self._preferences.minutes
        )

    def _show_errors(self, errors: dict[str, str]) -> None:
        """Each field's problem under it; any other below the page."""
        fields = {
            "server_url": (self.server_error, self.server),
            "username": (self.username_error, self.username),
            **self._more_fields(),
        }
        for field, (label, _edit) in fields.items():
            label.setText(errors.get(field, ""))
            label.setVisible(field in errors)
        self.error.setText(" ".join(t for f, t in errors.items() if f not in fields))
        first = next((edit for field, (_l, edit) in fields.items() if field in errors), None)
        if first is not None:
            first.setFocus()

    # --- saving and removing ---------------------------------------------------

    def save(self) -> bool:
        if not self.is_dirty():
            return True
        try:
            account, status = self._accounts.save(self.form_account(), self._typed_password())
        except ValidationError as error:
            self._show_errors(error.errors)
            return False
        self._preferences.set_minutes(self.minutes.value())
        self._account = account
        self._load()
        if status is not None:
            self._show_keyring_status(status)
        return True

    def remove_account(self) -> None:
        if self._account.id is None:
            return
        answer = QMessageBox.question(
            self,
            f"Remove the {self.kind.one} account?",
            self.kind.removal,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._accounts.delete(self._account)
        self._account = self.kind.account_type()
        self._load()
        self._say(f"The {self.kind.one} account was removed.")

    # --- finding the collections -------------------------------------------------

    def find(self) -> None:
        """Log in with what the form says now (off the GUI thread) and list the account's
        collections; the password typed, else the one in the keyring."""
        if self._finding:
            return
        account = self.form_account()
        errors = self._accounts.validate(account)
        self._show_errors(errors)
        if errors:
            return
        account = replace(account, server_url=server_url(account.server_url))
        typed, accounts, preferences = self._typed_password(), self._accounts, self._preferences
        stored = self._account.id is not None

        def work(_progress):
            secret = typed or (accounts.password(account) if stored else None)
            if secret is None:
                return _NoPassword()
            return preferences.collections(account, secret)

        self._finding = True
        if self.find_button.hasFocus():
            self.choice.setFocus()  # where the answer comes, not on to the next field
        self.find_button.setEnabled(False)
        self.certificate.withdraw()
        self._say("Connecting…")
        self._tasks.run(work, self._on_found, lambda error: self._on_find_failed(error, account))

    def _on_found(self, found) -> None:
        if not shiboken6.isValid(self):
            return  # Settings was closed while the server answered
        self._finding = False
        self.find_button.setEnabled(True)
        kind = self.kind
        if isinstance(found, _NoPassword):
            self._say("Enter the password (or app password) first.", error=True)
            return
        if not found:
            self._say(kind.none_found, error=True)
            return
        wanted = self.choice.currentData() or getattr(self._account, kind.url_field)
        self.choice.clear()
        for collection in found:
            self.choice.addItem(collection.name, collection.url)
        self.choice.setCurrentIndex(max(0, self.choice.findData(wanted)))
        count = f"{len(found)} {kind.many}" if len(found) > 1 else f"One {kind.one}"
        self._say(f"{count} found: choose the one for {kind.chosen_for} and save.")

    def _on_find_failed(self, error: BaseException, account: DavAccount) -> None:
        if not shiboken6.isValid(self):
            return
        if isinstance(error, CalendarError) and error.kind == "tls":  # offer what it shows
            self._say("Reading the server's certificate…")
            read = self._preferences.certificate
            self.certificate.examine(self._tasks, read, account, error, self._not_found)
            return
        if isinstance(error, CalendarError):  # said for the user, without the password
            self._not_found(str(error))
            return
        log.error("finding %s failed", self.kind.many, exc_info=error)  # no values in it
        self._not_found(f"{type(error).__name__}.")

    def _not_found(self, why: str) -> None:
        self._finding = False
        self.find_button.setEnabled(True)
        self._say(f"Could not list the {self.kind.many}: {why}", error=True)

    def _say(self, text: str, error: bool = False) -> None:
        self.find_note.setText(text)
        self.find_note.setStyleSheet(tone_sheet("error", self) if error else MUTED)

    def _distrusted(self) -> None:
        self.choice.setFocus()
        self._say("Not trusted: NetDesk does not log in to this server.")

    def _trust_certificate(self, cert: CertificateInfo) -> None:
        """Trust it on the page (saved with Save) and find the collections with it."""
        self.choice.setFocus()
        if not self.certificate.keep(cert, self.server.text()):
            self._say(f"The server changed since: press {self.kind.find} again.", error=True)
            return
        self.find()
