"""Settings → Contacts sync: the CardDAV account (password only in the keyring), its
address books found from the server's address off the GUI thread, which people sync
and what syncing does to them."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from netdesk.errors import CalendarError, ValidationError
from netdesk.services.calendar.account import server_url
from netdesk.services.carddav.account import SCOPES, ContactsAccount
from netdesk.services.credentials import KeyringStatus, Secret
from netdesk.tasks import TaskRunner
from netdesk.views.appearance import tone_sheet
from netdesk.views.settings.common import MUTED, muted
from netdesk.views.settings.contacts_preferences import ContactsPreferences

log = logging.getLogger(__name__)
INTRO = (
    "NetDesk can keep your people in step with an address book of your own, through "
    "CardDAV (what Nextcloud, Radicale, Fastmail, iCloud and your phone speak), so your "
    "other laptop and your phone see them too. Nothing is synced until an account is "
    "saved here."
)
SERVER_HELP = (
    "The address is enough: the address books are found from it. Fastmail: "
    "carddav.fastmail.com; iCloud: contacts.icloud.com (both need an <i>app password</i>, "
    "made in their account settings)."
)
SYNC_TITLE = "What syncing does"
SYNC_EXPLANATION = (
    "<ul style='margin-left: -20px'>"
    "<li>Both ways: people edited here update their cards, cards edited on your phone "
    "update the people. When both changed the same field, your edit here is kept and the "
    "difference is shown to you.</li>"
    "<li>Cards are written as vCard 3.0, which every phone reads. What only NetDesk "
    "knows (how you know them, closeness, keep in touch, next step) travels as "
    "X-NETDESK properties that other apps keep.</li>"
    "<li>Photos and fields NetDesk does not show are kept on the card.</li>"
    "<li>A card deleted on the server does not delete the person: NetDesk asks you "
    "first.</li>"
    "<li>It runs at start and every {minutes} minutes, on this computer, talking only "
    "to your server.</li>"
    "</ul>"
)
FIRST_BOOK = "The first address book on the server"
FIND_NOTE = "Find Address Books logs in with the login and password above and lists them."


@dataclass(frozen=True)
class _NoPassword:
    """What the search returns when no password is typed or stored."""


class ContactsPage(QWidget):
    def __init__(
        self,
        preferences: ContactsPreferences,
        tasks: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("contactsSyncPage")
        self._preferences = preferences
        self._accounts = preferences.accounts
        self._tasks = tasks
        self._account = preferences.account() or ContactsAccount()
        self._finding = False
        self._build()
        self._load()

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
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(muted(INTRO))
        layout.addWidget(self._account_box())
        layout.addWidget(self._people_box())
        layout.addWidget(self._sync_box())
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        self.error = QLabel()
        self.error.setObjectName("contactsSyncError")
        self.error.setStyleSheet(tone_sheet("error", self))
        self.error.setWordWrap(True)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll, 1)
        outer.addWidget(self.error)

    def _account_box(self) -> QGroupBox:
        self.server = self._field(
            "contactsServer",
            "https://cloud.example.org — Nextcloud, Radicale, Fastmail or iCloud",
            "Address book server address",
        )
        self.username = self._field(
            "contactsUsername", "Your login (for Fastmail and iCloud, your email address)",
            "Address book login",
        )  # fmt: skip
        self.password = self._field("contactsPassword", "", "Address book password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        server_column, self.server_error = self._checked(self.server, "contactsServerError")
        server_column.addWidget(muted(SERVER_HELP))
        user_column, self.username_error = self._checked(self.username, "contactsUsernameError")
        self.keyring_label = QLabel()
        self.keyring_label.setObjectName("contactsKeyringStatus")
        self.keyring_label.setWordWrap(True)
        password_column = QVBoxLayout()
        password_column.setSpacing(2)
        password_column.addWidget(self.password)
        password_column.addWidget(self.keyring_label)
        form = QFormLayout()
        form.addRow("Server", server_column)
        form.addRow("Login", user_column)
        form.addRow("Password", password_column)
        form.addRow("Address book", self._book_column())
        box = QGroupBox("Your address book account")
        box.setLayout(form)
        return box

    def _book_column(self) -> QVBoxLayout:
        self.books = QComboBox()
        self.books.setObjectName("addressBookChoice")
        self.books.setAccessibleName("Address book for people")
        self.books.setMinimumContentsLength(28)
        self.find_button = QPushButton("Find Address Books")
        self.find_button.setObjectName("findAddressBooks")
        self.find_button.setToolTip("Log in now and list this account's address books")
        self.find_button.clicked.connect(self.find_books)
        choice = QHBoxLayout()
        choice.addWidget(self.books, 1)
        choice.addWidget(self.find_button)
        self.find_note = muted(FIND_NOTE)
        self.find_note.setObjectName("findAddressBooksNote")
        self.find_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addLayout(choice)
        column.addWidget(self.find_note)
        return column

    def _people_box(self) -> QGroupBox:
        self.scope = QComboBox()
        self.scope.setObjectName("contactsScope")
        self.scope.setAccessibleName("Which people sync")
        for key, label in SCOPES.items():
            self.scope.addItem(label, key)
        self.scope.currentIndexChanged.connect(self._show_tag)
        self.tag = self._field("contactsScopeTag", "A tag, e.g. mentor", "Tag of the people")
        tag_column, self.tag_error = self._checked(self.tag, "contactsScopeTagError")
        self.tag_row = QWidget()
        tag_row = QHBoxLayout(self.tag_row)
        tag_row.setContentsMargins(0, 0, 0, 0)
        tag_row.addWidget(QLabel("Tag"))
        tag_row.addLayout(tag_column, 1)
        box = QGroupBox("Which people sync")
        layout = QVBoxLayout(box)
        layout.addWidget(self.scope)
        layout.addWidget(self.tag_row)
        layout.addWidget(muted("LinkedIn-only connections stay here unless you choose everyone."))
        return box

    def _sync_box(self) -> QGroupBox:
        explanation = QLabel(SYNC_EXPLANATION.format(minutes=self._preferences.minutes))
        explanation.setObjectName("contactsSyncExplanation")
        explanation.setTextFormat(Qt.TextFormat.RichText)
        explanation.setWordWrap(True)
        box = QGroupBox(SYNC_TITLE)
        layout = QVBoxLayout(box)
        layout.addWidget(explanation)
        layout.addWidget(muted("File → Sync Contacts Now syncs at once."))
        return box

    def _show_tag(self) -> None:
        self.tag_row.setVisible(self.scope.currentData() == "tag")

    # --- loading and reading the form ----------------------------------------

    def _load(self) -> None:
        account = self._account
        self.server.setText(account.server_url)
        self.username.setText(account.username)
        self.password.clear()
        stored = account.id is not None and self._accounts.password(account) is not None
        self.password.setPlaceholderText(
            "Stored; type a new one to replace it" if stored else "Password or app password"
        )
        self._show_keyring_status(self._preferences.keyring_status())
        self.books.clear()
        if account.addressbook_url:
            self.books.addItem(
                account.addressbook_name or account.addressbook_url, account.addressbook_url
            )
        else:
            self.books.addItem(FIRST_BOOK, "")
        self.scope.setCurrentIndex(max(0, self.scope.findData(account.scope)))
        self.tag.setText(account.scope_tag)
        self._show_tag()
        self._show_errors({})

    def _show_keyring_status(self, status: KeyringStatus) -> None:
        icon = "🔒 " if status.persistent else "⚠ "
        self.keyring_label.setText(icon + status.message)
        self.keyring_label.setStyleSheet(
            MUTED if status.persistent else tone_sheet("warning", self)
        )

    def form_account(self) -> ContactsAccount:
        url = self.books.currentData() or ""
        scope = self.scope.currentData()
        return replace(
            self._account,
            server_url=self.server.text().strip(),
            username=self.username.text().strip(),
            addressbook_url=url,
            addressbook_name=self.books.currentText() if url else "",
            scope=scope,
            scope_tag=self.tag.text().strip() if scope == "tag" else "",
        )

    def _typed_password(self) -> Secret | None:
        return Secret(self.password.text()) if self.password.text() else None

    def _blank(self) -> bool:
        account = self.form_account()
        return not (account.server_url or account.username or self.password.text())

    def is_dirty(self) -> bool:
        if self._account.id is None and self._blank():
            return False  # nothing typed: nothing to save
        return self.form_account() != self._account or bool(self.password.text())

    def _show_errors(self, errors: dict[str, str]) -> None:
        """Each field's problem under it; any other below the page."""
        fields = {
            "server_url": (self.server_error, self.server),
            "username": (self.username_error, self.username),
            "scope_tag": (self.tag_error, self.tag),
        }
        for field, (label, _edit) in fields.items():
            label.setText(errors.get(field, ""))
            label.setVisible(field in errors)
        self.error.setText(" ".join(t for f, t in errors.items() if f not in fields))
        first = next((edit for field, (_l, edit) in fields.items() if field in errors), None)
        if first is not None:
            first.setFocus()

    # --- saving ----------------------------------------------------------------

    def save(self) -> bool:
        if not self.is_dirty():
            return True
        try:
            account, status = self._accounts.save(self.form_account(), self._typed_password())
        except ValidationError as error:
            self._show_errors(error.errors)
            return False
        self._account = account
        self._load()
        if status is not None:
            self._show_keyring_status(status)
        return True

    # --- finding the address books ---------------------------------------------

    def find_books(self) -> None:
        """Log in with what the form says now (off the GUI thread) and list the account's
        address books; the password typed, else the one in the keyring."""
        if self._finding:
            return
        account = self.form_account()
        errors = self._accounts.validate(account)
        self._show_errors(errors)
        if errors:
            return
        account = replace(account, server_url=server_url(account.server_url))
        typed, accounts, transport = (
            self._typed_password(),
            self._accounts,
            self._preferences.transport,
        )
        stored = self._account.id is not None

        def work(_progress):
            secret = typed or (accounts.password(account) if stored else None)
            if secret is None:
                return _NoPassword()
            with transport.session(account, secret) as session:
                return session.addressbooks()

        self._finding = True
        if self.find_button.hasFocus():
            self.books.setFocus()  # where the answer comes, not on to the next field
        self.find_button.setEnabled(False)
        self._say("Connecting…")
        self._tasks.run(work, self._on_found, self._on_find_failed)

    def _on_found(self, found) -> None:
        if not shiboken6.isValid(self):
            return  # Settings was closed while the server answered
        self._finding = False
        self.find_button.setEnabled(True)
        if isinstance(found, _NoPassword):
            self._say("Enter the password (or app password) first.", error=True)
            return
        if not found:
            self._say("No address book was found at this address.", error=True)
            return
        wanted = self.books.currentData() or self._account.addressbook_url
        self.books.clear()
        for book in found:
            self.books.addItem(book.name, book.url)
        self.books.setCurrentIndex(max(0, self.books.findData(wanted)))
        count = f"{len(found)} address books" if len(found) > 1 else "One address book"
        self._say(f"{count} found: choose the one for your people and save.")

    def _on_find_failed(self, error: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        self._finding = False
        self.find_button.setEnabled(True)
        if isinstance(error, CalendarError):  # said for the user, without the password
            why = str(error)
        else:
            log.error("finding address books failed", exc_info=error)  # no values in it
            why = f"{type(error).__name__}."
        self._say(f"Could not list the address books: {why}", error=True)

    def _say(self, text: str, error: bool = False) -> None:
        self.find_note.setText(text)
        self.find_note.setStyleSheet(tone_sheet("error", self) if error else MUTED)
