"""Settings → Calendar: the CalDAV account (password only in the keyring), its calendars
found from the server's address off the GUI thread, what keeping meetings in step does,
how often, and removing the account."""

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
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from netdesk.errors import CalendarError, ValidationError
from netdesk.services.calendar.account import CalendarAccount, server_url
from netdesk.services.credentials import KeyringStatus, Secret
from netdesk.services.mail.security import CertificateInfo
from netdesk.tasks import TaskRunner
from netdesk.views.appearance import tone_sheet
from netdesk.views.settings.calendar_preferences import (
    MAX_MINUTES,
    MIN_MINUTES,
    CalendarPreferences,
)
from netdesk.views.settings.calendar_trust import CalendarCertificate
from netdesk.views.settings.common import MUTED, muted

log = logging.getLogger(__name__)
INTRO = (
    "NetDesk can keep your meetings in your own calendar, through CalDAV (the standard "
    "Nextcloud, Radicale, Fastmail and iCloud speak). Nothing is synced until an account "
    "is saved here."
)
SERVER_HELP = (
    "The address is enough: the calendars are found from it. Fastmail: caldav.fastmail.com; "
    "iCloud: caldav.icloud.com (both need an <i>app password</i>, made in their account "
    "settings)."
)
SYNC_TITLE = "Keep meetings in step with this calendar"
SYNC_EXPLANATION = (
    "<ul style='margin-left: -20px'>"
    "<li>Scheduled meetings are written to the calendar chosen above: the title, the "
    "time, the emails of the people you meet and the questions you prepared.</li>"
    "<li>Moves and cancellations made there come back to the meeting; its notes stay.</li>"
    "<li>Your own events with people you know that ended without a meeting are asked "
    "about on Today: “Did you meet Priya Wei on 3&nbsp;Dec?”</li>"
    "<li>It runs on this computer and talks only to your calendar server.</li>"
    "</ul>"
)
FIRST_CALENDAR = "The first calendar on the server"
FIND_NOTE = "Find Calendars logs in with the login and password above and lists them."


@dataclass(frozen=True)
class _NoPassword:
    """What the search returns when no password is typed or stored."""


class CalendarPage(QWidget):
    def __init__(
        self,
        preferences: CalendarPreferences,
        tasks: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("calendarPage")
        self._preferences = preferences
        self._accounts = preferences.accounts
        self._tasks = tasks
        self._account = preferences.account() or CalendarAccount()
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
        self.server = self._field(
            "calendarServer",
            "https://cloud.example.org — Nextcloud, Radicale, Fastmail or iCloud",
            "Calendar server address",
        )
        self.username = self._field(
            "calendarUsername", "Your login (for Fastmail and iCloud, your email address)",
            "Calendar login",
        )  # fmt: skip
        self.password = self._field("calendarPassword", "", "Calendar password or app password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        server_column, self.server_error = self._checked(self.server, "calendarServerError")
        server_column.addWidget(muted(SERVER_HELP))
        user_column, self.username_error = self._checked(self.username, "calendarUsernameError")
        self.keyring_label = QLabel()
        self.keyring_label.setObjectName("calendarKeyringStatus")
        self.keyring_label.setWordWrap(True)
        password_column = QVBoxLayout()
        password_column.setSpacing(2)
        password_column.addWidget(self.password)
        password_column.addWidget(self.keyring_label)
        self.calendars = QComboBox()
        self.calendars.setObjectName("calendarChoice")
        self.calendars.setAccessibleName("Calendar for meetings")
        self.calendars.setMinimumContentsLength(28)
        self.find_button = QPushButton("Find Calendars")
        self.find_button.setObjectName("findCalendars")
        self.find_button.setToolTip("Log in now and list this account's calendars")
        self.find_button.clicked.connect(self.find_calendars)
        choice = QHBoxLayout()
        choice.addWidget(self.calendars, 1)
        choice.addWidget(self.find_button)
        self.find_note = muted(FIND_NOTE)
        self.find_note.setObjectName("findCalendarsNote")
        self.find_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        choice_column = QVBoxLayout()
        choice_column.setSpacing(2)
        choice_column.addLayout(choice)
        choice_column.addWidget(self.find_note)
        self.certificate = CalendarCertificate(self)
        self.certificate.trust_chosen.connect(self._trust_certificate)
        self.certificate.declined.connect(self._distrusted)
        choice_column.addWidget(self.certificate)
        form = QFormLayout()
        form.addRow("Server", server_column)
        form.addRow("Login", user_column)
        form.addRow("Password", password_column)
        form.addRow("Calendar", choice_column)
        account_box = QGroupBox("Your calendar account")
        account_box.setLayout(form)

        explanation = QLabel(SYNC_EXPLANATION)
        explanation.setObjectName("calendarSyncExplanation")
        explanation.setTextFormat(Qt.TextFormat.RichText)
        explanation.setWordWrap(True)
        self.minutes = QSpinBox()
        self.minutes.setObjectName("calendarSyncMinutes")
        self.minutes.setAccessibleName("Minutes between syncs")
        self.minutes.setRange(MIN_MINUTES, MAX_MINUTES)
        self.minutes.setSingleStep(5)
        self.minutes.setSuffix(" minutes")
        every = QHBoxLayout()
        every.addWidget(QLabel("Sync at start, then every"))
        every.addWidget(self.minutes)
        every.addStretch(1)
        sync_box = QGroupBox(SYNC_TITLE)
        sync_layout = QVBoxLayout(sync_box)
        sync_layout.addWidget(explanation)
        sync_layout.addLayout(every)
        sync_layout.addWidget(muted("File → Sync Calendar Now syncs at once."))

        self.remove_button = QPushButton("Remove Account…")
        self.remove_button.setObjectName("removeCalendarAccount")
        self.remove_button.setToolTip("Forget this account and its password; meetings stay")
        self.remove_button.clicked.connect(self.remove_account)
        remove_row = QHBoxLayout()
        remove_row.addWidget(self.remove_button)
        remove_row.addStretch(1)
        self.error = QLabel()
        self.error.setObjectName("calendarError")
        self.error.setStyleSheet(tone_sheet("error", self))
        self.error.setWordWrap(True)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(muted(INTRO))
        layout.addWidget(account_box)
        layout.addWidget(sync_box)
        layout.addLayout(remove_row)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll, 1)
        outer.addWidget(self.error)

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
        self.calendars.clear()
        if account.calendar_url:
            self.calendars.addItem(
                account.calendar_name or account.calendar_url, account.calendar_url
            )
        else:
            self.calendars.addItem(FIRST_CALENDAR, "")
        self.minutes.setValue(self._preferences.minutes)
        self.certificate.load(account.cert_sha256)
        self.remove_button.setEnabled(account.id is not None)
        self._show_errors({})

    def _show_keyring_status(self, status: KeyringStatus) -> None:
        icon = "🔒 " if status.persistent else "⚠ "
        self.keyring_label.setText(icon + status.message)
        self.keyring_label.setStyleSheet(
            MUTED if status.persistent else tone_sheet("warning", self)
        )

    def form_account(self) -> CalendarAccount:
        url = self.calendars.currentData() or ""
        return replace(
            self._account,
            server_url=self.server.text().strip(),
            username=self.username.text().strip(),
            calendar_url=url,
            calendar_name=self.calendars.currentText() if url else "",
            cert_sha256=self.certificate.fingerprint,
        )

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
        for field, label in (("server_url", self.server_error), ("username", self.username_error)):
            label.setText(errors.get(field, ""))
            label.setVisible(field in errors)
        rest = [text for field, text in errors.items() if field not in ("server_url", "username")]
        self.error.setText(" ".join(rest))
        first = self.server if "server_url" in errors else None
        first = first or (self.username if "username" in errors else None)
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
            "Remove the calendar account?",
            "NetDesk forgets this server, its login and the password in the keyring, and "
            "stops syncing. Your meetings stay, and so do the events already in the "
            "calendar.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._accounts.delete(self._account)
        self._account = CalendarAccount()
        self._load()
        self.find_note.setText("The calendar account was removed.")

    # --- finding the calendars -------------------------------------------------

    def find_calendars(self) -> None:
        """Log in with what the form says now (off the GUI thread) and list the account's
        calendars; the password typed, else the one in the keyring."""
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
            return transport.calendars(account, secret)

        self._finding = True
        if self.find_button.hasFocus():
            self.calendars.setFocus()  # where the answer comes, not on to the next field
        self.find_button.setEnabled(False)
        self.certificate.withdraw()
        self._say("Connecting…")
        self._tasks.run(work, self._on_found, lambda error: self._on_find_failed(error, account))

    def _on_found(self, found) -> None:
        if not shiboken6.isValid(self):
            return  # Settings was closed while the server answered
        self._finding = False
        self.find_button.setEnabled(True)
        if isinstance(found, _NoPassword):
            self._say("Enter the password (or app password) first.", error=True)
            return
        if not found:
            self._say("No calendar for events was found at this address.", error=True)
            return
        wanted = self.calendars.currentData() or self._account.calendar_url
        self.calendars.clear()
        for calendar in found:
            self.calendars.addItem(calendar.name, calendar.url)
        self.calendars.setCurrentIndex(max(0, self.calendars.findData(wanted)))
        count = f"{len(found)} calendars" if len(found) > 1 else "One calendar"
        self._say(f"{count} found: choose the one for meetings and save.")

    def _on_find_failed(self, error: BaseException, account: CalendarAccount) -> None:
        if not shiboken6.isValid(self):
            return
        if isinstance(error, CalendarError) and error.kind == "tls":  # offer what it shows
            self._say("Reading the server's certificate…")
            transport = self._preferences.transport
            self.certificate.examine(self._tasks, transport, account, error, self._not_found)
            return
        if isinstance(error, CalendarError):  # said for the user, without the password
            self._not_found(str(error))
            return
        log.error("finding calendars failed", exc_info=error)  # a traceback holds no values
        self._not_found(f"{type(error).__name__}.")

    def _not_found(self, why: str) -> None:
        self._finding = False
        self.find_button.setEnabled(True)
        self._say(f"Could not list the calendars: {why}", error=True)

    def _say(self, text: str, error: bool = False) -> None:
        self.find_note.setText(text)
        self.find_note.setStyleSheet(tone_sheet("error", self) if error else MUTED)

    def _distrusted(self) -> None:
        self.calendars.setFocus()
        self._say("Not trusted: NetDesk does not log in to this server.")

    def _trust_certificate(self, cert: CertificateInfo) -> None:
        """Trust it on the page (saved with Save) and find the calendars with it."""
        self.calendars.setFocus()
        if not self.certificate.keep(cert, self.server.text()):
            self._say("The server changed since: press Find Calendars again.", error=True)
            return
        self.find_calendars()
