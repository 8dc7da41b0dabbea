"""The draft dialog: a filled-in email to edit, then send, save to Drafts, or hand over."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from netdesk.errors import TemplateError
from netdesk.services.clock import SYSTEM_CLOCK, Clock
from netdesk.services.drafts.jobsearch import JobContext
from netdesk.services.drafts.service import DraftService
from netdesk.services.drafts.warnings import NOTE_TO_SELF
from netdesk.services.mail.account import MailAccount, MailAccountService
from netdesk.services.mail.messages import Draft
from netdesk.services.mail.transport import MailTransport
from netdesk.services.templates import PURPOSES
from netdesk.tasks import TaskRunner
from netdesk.views.appearance import tone_sheet
from netdesk.views.drafts.sending import SendingMixin
from netdesk.views.drafts.warnings import NoteToSelfHighlighter
from netdesk.views.icons import set_icon

MUTED = "color: palette(placeholder-text);"


class DraftDialog(SendingMixin, QDialog):
    """Non-modal: the user may look something up in the main window while writing."""

    sent = Signal(object)  # SentOutcome, after Send or "I sent it"
    settings_requested = Signal()

    def __init__(
        self,
        drafts: DraftService,
        accounts: MailAccountService,
        transport: MailTransport,
        tasks: TaskRunner,
        drafts_dir: Path,
        people: list[tuple[int, str]],
        contact_id: int,
        meeting_id: int | None = None,
        parent: QWidget | None = None,
        purpose: str | None = None,
        clock: Clock = SYSTEM_CLOCK,
        introduction_to: int | None = None,
        job: JobContext | None = None,
    ) -> None:
        """*purpose*: start from this kind of template (e.g. a keep-in-touch check-in)
        instead of the one that fits the person now. *introduction_to*: the person this
        one is asked to introduce the user to. *job*: the application (or organisation)
        a referral or informational-interview request is about."""
        super().__init__(parent)
        self.setObjectName("draftDialog")
        self._initial_purpose = purpose
        self._introduction_to = introduction_to
        self._job = job or JobContext()
        self._clock = clock
        self._drafts = drafts
        self._accounts = accounts
        self._transport = transport
        self._tasks = tasks
        self._drafts_dir = drafts_dir
        self._meeting_id = meeting_id
        self._busy = False
        self._handed_over = False  # sent, saved to Drafts or given to the mail app
        self._sent = False  # gone through Send: never offer to send it twice
        self._sending: Draft | None = None
        self._ask_password = False
        self._rendered = ("", "")  # what the template produced, to notice the user's edits
        self._loading = False
        self.account: MailAccount | None = accounts.get()
        self._build(people)
        self.person.setCurrentIndex(max(0, self.person.findData(contact_id)))
        self._compose(initial=True)
        self._update_buttons()

    # --- building --------------------------------------------------------

    def _build(self, people: list[tuple[int, str]]) -> None:
        # Slots are bound methods, not lambdas: a lambda on a child's signal holds the
        # dialog's Python wrapper and releases it inside the C++ destructor (a crash).
        self.resize(760, 680)
        self.person = QComboBox()
        self.person.setObjectName("draftPerson")
        for person_id, name in people:
            self.person.addItem(name, person_id)
        self.person.setVisible(len(people) > 1)
        self.person.currentIndexChanged.connect(self._on_choice_changed)
        self.template = QComboBox()
        self.template.setObjectName("draftTemplate")
        self.template.setToolTip("The tone and purpose; edit templates in Settings")
        for template in self._drafts.templates.list():
            self.template.addItem(template.name, template.id)
            self.template.setItemData(
                self.template.count() - 1, PURPOSES[template.purpose], Qt.ItemDataRole.ToolTipRole
            )
        self.template.currentIndexChanged.connect(self._on_choice_changed)
        self.to_address = QComboBox()
        self.to_address.setObjectName("draftTo")
        self.to_address.setEditable(True)
        self.to_address.lineEdit().setPlaceholderText("their@email.address")
        self.to_address.currentTextChanged.connect(self._on_edited)
        self.subject = QLineEdit()
        self.subject.setObjectName("draftSubject")
        self.subject.setAccessibleName("Subject")
        self.subject.textChanged.connect(self._on_edited)
        self.body = QPlainTextEdit()
        self.body.setObjectName("draftBody")
        self.body.setAccessibleName("Message")
        self.body.setTabChangesFocus(True)
        self.body.textChanged.connect(self._on_edited)
        self.highlighter = NoteToSelfHighlighter(self.body.document())
        self.notes_hint = QLabel()
        self.notes_hint.setObjectName("notesToSelfHint")
        self.notes_hint.setWordWrap(True)
        self.notes_hint.hide()
        self.attach_resume = QCheckBox()
        self.attach_resume.setObjectName("attachResume")
        resume = self._accounts.resume_path()
        if resume is not None:
            self.attach_resume.setText(f"Attach my résumé ({resume.name})")
            self.attach_resume.setChecked(self._accounts.attach_resume_by_default())
        else:
            self.attach_resume.setText("Attach my résumé (choose it in Settings first)")
            self.attach_resume.setEnabled(False)
        self.attach_ics = QCheckBox("Attach the meeting as a calendar file (.ics)")
        self.attach_ics.setObjectName("attachIcs")
        self.attach_ics.setVisible(self._meeting_id is not None)

        self.status = QLabel()
        self.status.setObjectName("draftStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.no_account = QLabel(
            "To send from NetDesk or save to your Drafts folder, set up your mail account "
            "in Settings. Meanwhile, “Open in my mail app” hands this draft to your mail program."
        )
        self.no_account.setObjectName("noAccount")
        self.no_account.setWordWrap(True)
        self.no_account.setStyleSheet(MUTED)
        self.settings_button = QPushButton("Settings…")
        set_icon(self.settings_button, "settings")
        self.settings_button.clicked.connect(self.settings_requested)

        self.send_button = QPushButton("&Send")
        set_icon(self.send_button, "send")
        self.send_button.setObjectName("sendButton")
        self.send_button.setToolTip("Send now through your account (Ctrl+Return)")
        self.send_button.clicked.connect(self.send)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.send)
        self.drafts_button = QPushButton("Save to my &Drafts folder")
        set_icon(self.drafts_button, "mail-draft")
        self.drafts_button.setObjectName("saveDraftButton")
        self.drafts_button.setToolTip("Put it in your mail account's Drafts folder (IMAP)")
        self.drafts_button.clicked.connect(self.save_to_drafts)
        self.open_button = QPushButton("&Open in my mail app")
        set_icon(self.open_button, "open-external")
        self.open_button.setObjectName("openInMailApp")
        self.open_button.setToolTip("Hand the draft to your mail program to send from there")
        self.open_button.clicked.connect(self.open_in_mail_app)
        self.sent_myself = QPushButton("I sent &it")
        set_icon(self.sent_myself, "check")
        self.sent_myself.setObjectName("sentMyself")
        self.sent_myself.setToolTip("Log it on their timeline and tick off the to-do")
        self.sent_myself.clicked.connect(self.mark_sent)
        self.sent_myself.hide()
        self.close_button = QPushButton("&Close")
        self.close_button.clicked.connect(self.reject)

        top = QFormLayout()
        if len(people) > 1:
            top.addRow("&Write to", self.person)
        top.addRow("Te&mplate", self.template)
        top.addRow("&To", self.to_address)
        top.addRow("S&ubject", self.subject)
        for row in range(top.rowCount()):
            label = top.itemAt(row, QFormLayout.ItemRole.LabelRole).widget()
            # An underlined mnemonic loses the font's kerning ("&To" is wider drawn than
            # measured, and its "o" was cut off): a little room to spare.
            label.setMinimumWidth(label.sizeHint().width() + 3)
        attachments = QVBoxLayout()
        attachments.addWidget(self.attach_resume)
        attachments.addWidget(self.attach_ics)
        account_row = QHBoxLayout()
        account_row.addWidget(self.no_account, 1)
        account_row.addWidget(self.settings_button, 0, Qt.AlignmentFlag.AlignTop)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.drafts_button)
        buttons.addWidget(self.sent_myself)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.send_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.notes_hint)
        layout.addLayout(attachments)
        layout.addLayout(account_row)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

    # --- composing -------------------------------------------------------

    @property
    def contact_id(self) -> int:
        return int(self.person.currentData())

    def _compose(self, initial: bool = False) -> None:
        template = None
        if initial and self._initial_purpose is not None:
            template = self._drafts.template_for(self._initial_purpose)
        if not initial:
            template_id = self.template.currentData()
            template = self._drafts.templates.get(template_id) if template_id else None
        try:
            draft, chosen = self._drafts.compose(
                self.contact_id, self._meeting_id, template, self._introduction_to,
                application_id=self._job.application_id, organisation=self._job.organisation,
            )  # fmt: skip
        except TemplateError as error:
            self._show(False, f"The template cannot be used: {error}")
            return
        self._loading = True
        try:
            if chosen is not None and initial:
                self.template.setCurrentIndex(max(0, self.template.findData(chosen.id)))
            self._meeting_id = draft.meeting_id
            self._purpose = draft.purpose
            self.to_address.clear()
            person = self._drafts.person(self.contact_id)
            self.to_address.addItems(person.emails)
            self.to_address.setEditText(draft.to_address)
            self._to_name = draft.to_name
            self.subject.setText(draft.subject)
            self.body.setPlainText(draft.body)
            self._rendered = (draft.subject, draft.body)
            self.setWindowTitle(f"Email to {draft.to_name}")
            self.attach_ics.setVisible(self._meeting_id is not None)
        finally:
            self._loading = False
        if not draft.to_address:
            self._show(False, f"No email address for {draft.to_name} yet: type one in “To”.")
        else:
            self.status.clear()

    def edited(self) -> bool:
        return (self.subject.text(), self.body.toPlainText()) != self._rendered

    def _on_choice_changed(self, *_args) -> None:
        if self._loading:
            return
        if self.edited():
            answer = QMessageBox.question(
                self,
                "Replace the text?",
                "Start again from this template? Your edits to the subject and message "
                "will be replaced.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self._compose()

    def _on_edited(self, *_args) -> None:
        self._update_notes_hint()
        if not self._loading:
            self._update_buttons()

    def _update_notes_hint(self) -> None:
        count = len(NOTE_TO_SELF.findall(self.subject.text() + "\n" + self.body.toPlainText()))
        noun = "note to yourself" if count == 1 else "notes to yourself"
        self.notes_hint.setText(
            f"<span style='background:#ffe08a; color:#3d2f00'>&nbsp;[…]&nbsp;</span> "
            f"{count} {noun} to fill in or delete before it goes."
        )
        self.notes_hint.setVisible(count > 0)

    def _select_first_note(self) -> None:
        """Back to editing: the first note to self is selected, ready to be typed over."""
        found = NOTE_TO_SELF.search(self.body.toPlainText())
        if found is None:
            return
        cursor = self.body.textCursor()
        cursor.setPosition(found.start())
        cursor.setPosition(found.end(), QTextCursor.MoveMode.KeepAnchor)
        self.body.setTextCursor(cursor)
        self.body.setFocus()

    def current_draft(self) -> Draft:
        """What the form says now; attachments read from disk (OSError if gone)."""
        attachments = []
        if self.attach_resume.isChecked():
            resume = self._drafts.resume_attachment()
            if resume is not None:
                attachments.append(resume)
        if self.attach_ics.isVisible() and self.attach_ics.isChecked() and self._meeting_id:
            ics = self._drafts.ics_attachment(self._meeting_id)
            if ics is not None:
                attachments.append(ics)
        return Draft(
            to_name=self._to_name,
            to_address=self.to_address.currentText().strip(),
            subject=self.subject.text(),
            body=self.body.toPlainText(),
            attachments=attachments,
            contact_id=self.contact_id,
            meeting_id=self._meeting_id,
            purpose=self._purpose,
            application_id=self._job.application_id,
        )

    # --- state -----------------------------------------------------------

    def _update_buttons(self) -> None:
        account = self.account
        can_send = account is not None and account.can_send
        can_draft = account is not None and account.can_save_drafts
        self.send_button.setVisible(can_send and not self._sent)
        self.drafts_button.setVisible(can_draft and not self._sent)
        self.no_account.setVisible(not can_send)
        self.settings_button.setVisible(not can_send)
        has_address = bool(self.to_address.currentText().strip())
        for button in (self.send_button, self.drafts_button, self.open_button):
            button.setEnabled(not self._busy and has_address)
        self.send_button.setDefault(can_send)
        self.open_button.setDefault(not can_send)

    def account_changed(self) -> None:
        """Settings or my profile were saved: the account (and the buttons it allows), my
        name and signature may differ. A draft not yet edited is written again with them."""
        self.account = self._accounts.get()
        self._ask_password = False
        self._update_buttons()
        if self._busy or self._handed_over or self._sent:
            return
        if self.edited():
            self.status.setStyleSheet(MUTED)
            self.status.setText(
                "Your name or signature changed. Choose the template again to use them "
                "(your edits here would be replaced)."
            )
        else:
            self._compose()

    def _show(self, ok: bool, text: str) -> None:
        self.status.setStyleSheet(tone_sheet("good" if ok else "error", self))
        self.status.setText(text)

    def _set_busy(self, busy: bool, message: str = "") -> None:
        self._busy = busy
        for widget in (self.subject, self.body, self.template, self.person, self.to_address):
            widget.setEnabled(not busy)
        if message:
            self.status.setStyleSheet(MUTED)
            self.status.setText(message)
        self._update_buttons()

    def reject(self) -> None:
        """Close (Esc, the window's ×): never while a send is under way — the result must
        reach the timeline — and not over an unsent, edited draft without asking."""
        if self._busy:
            self._show(False, "Still working on it: wait for the server's answer.")
            return
        if self.edited() and not self._handed_over:
            answer = QMessageBox.question(
                self,
                "Discard this email?",
                "You have not sent this email. Close it and lose your changes?",
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()
